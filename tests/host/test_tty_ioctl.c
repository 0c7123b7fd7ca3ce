/* Host tests for the terminal requests of tty_ioctl(4): settings and
 * speeds, window size, flow control, and the controlling terminal with
 * its session and foreground group, including the EPERM/ENOTTY rules and
 * the job-control signals of XBD 11.1.4. The harness's make_session()
 * gives session 100 (leader pid 100, foreground group 100), a background
 * group 200 in it, and a group 300 in another session. */
#include "test_tty_harness.c"

static struct tty_caller member(int pid, int pgrp)
{
    struct tty_caller c = caller(pid, pgrp, 100);
    c.ctty = &F.tty;
    return c;
}

static long ioctl_int(const struct tty_caller *who, unsigned cmd, int *v)
{
    return tty_ioctl(&F.tty, who, cmd, 0, v);
}

static int get_pgrp(const struct tty_caller *who)
{
    int v = -1;
    CHECK_EQ(ioctl_int(who, TIOCGPGRP, &v), 0);
    return v;
}

static long set_pgrp(const struct tty_caller *who, int pgrp)
{
    return ioctl_int(who, TIOCSPGRP, &pgrp);
}

TEST(tty_ioctl_info_describes_arguments)
{
    struct tty_ioctl_info info;
    CHECK_EQ(tty_ioctl_info(TCGETS, &info), 0);
    CHECK_EQ(info.kind, TTY_IOCTL_OUT);
    CHECK_EQ(info.size, 36);
    CHECK_EQ(tty_ioctl_info(TCSETSF2, &info), 0);
    CHECK_EQ(info.kind, TTY_IOCTL_IN);
    CHECK_EQ(info.size, 44);
    CHECK_EQ(tty_ioctl_info(TIOCSWINSZ, &info), 0);
    CHECK_EQ(info.size, 8);
    CHECK_EQ(tty_ioctl_info(TIOCSCTTY, &info), 0);
    CHECK_EQ(info.kind, TTY_IOCTL_VALUE);
    CHECK_EQ(tty_ioctl_info(TIOCNOTTY, &info), 0);
    CHECK_EQ(info.kind, TTY_IOCTL_NONE);
    CHECK_EQ(tty_ioctl_info(TIOCSTI, &info), 0);
    CHECK_EQ(info.size, 1);
    CHECK_EQ(tty_ioctl_info(FIONBIO, &info), -ENOTTY);
    CHECK_EQ(tty_ioctl_info(TIOCGPTN, &info), -ENOTTY);
}

TEST(tty_ioctl_numbers_are_linux)
{
    CHECK_EQ(TCGETS, 0x5401);
    CHECK_EQ(TIOCSCTTY, 0x540E);
    CHECK_EQ(TIOCGWINSZ, 0x5413);
    CHECK_EQ(FIONREAD, 0x541B);
    CHECK_EQ(FIONBIO, 0x5421);
    CHECK_EQ(TIOCGSID, 0x5429);
    CHECK_EQ(TCGETS2, 0x802C542A);
    CHECK_EQ(ECHOCTL, 0x200);
    CHECK_EQ(IEXTEN, 0x8000);
    CHECK_EQ(VEOL2, 16);
}

TEST(tty_unknown_requests_are_enotty)
{
    setup();
    int v = 0;
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TIOCGPTN, 0, &v), -ENOTTY);
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TCGETA, 0, &v), -ENOTTY);
    CHECK_EQ(tty_ioctl(&F.tty, NULL, 0x1234, 0, &v), -ENOTTY);
}

TEST(tty_termios_round_trip)
{
    setup();
    struct termios t = get_attr();
    t.c_lflag &= ~(tcflag_t)ECHO;
    t.c_cc[VERASE] = 8;
    t.c_line = 5; /* only N_TTY exists */
    set_attr(&t);
    struct termios u = get_attr();
    CHECK_EQ(u.c_lflag, t.c_lflag);
    CHECK_EQ(u.c_cc[VERASE], 8);
    CHECK_EQ(u.c_line, N_TTY);
    TYPE("ab\b\n");
    CHECK_READ("a\n");
}

TEST(tty_speeds_follow_cflag)
{
    setup();
    struct termios t = get_attr();
    t.c_cflag = (t.c_cflag & ~(tcflag_t)CBAUD) | B115200;
    set_attr(&t);
    struct termios2 t2;
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TCGETS2, 0, &t2), 0);
    CHECK_EQ(t2.c_ospeed, 115200);
    CHECK_EQ(t2.c_ispeed, 115200);
    t2.c_cflag = (t2.c_cflag & ~(tcflag_t)(CBAUD | CIBAUD)) | BOTHER | (B9600 << IBSHIFT);
    t2.c_ospeed = 12345;
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TCSETS2, 0, &t2), 0);
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TCGETS2, 0, &t2), 0);
    CHECK_EQ(t2.c_ospeed, 12345);
    CHECK_EQ(t2.c_ispeed, 9600);
    t = get_attr(); /* TCSETS with BOTHER keeps the speed it can't express */
    set_attr(&t);
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TCGETS2, 0, &t2), 0);
    CHECK_EQ(t2.c_ospeed, 12345);
}

TEST(tty_winsize_and_sigwinch)
{
    setup();
    struct winsize ws;
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TIOCGWINSZ, 0, &ws), 0);
    CHECK_EQ(ws.ws_row, 24);
    CHECK_EQ(ws.ws_col, 80);
    ws.ws_col = 132;
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TIOCSWINSZ, 0, &ws), 0); /* no foreground group */
    CHECK_EQ(F.nsigs, 0);
    make_session();
    ws.ws_row = 50;
    struct tty_caller bg = member(201, 200); /* no job control on a resize */
    CHECK_EQ(tty_ioctl(&F.tty, &bg, TIOCSWINSZ, 0, &ws), 0);
    CHECK_EQ(F.nsigs, 1);
    CHECK_SIG(0, 100, TTY_SIGWINCH);
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TIOCSWINSZ, 0, &ws), 0); /* unchanged: no signal */
    CHECK_EQ(F.nsigs, 1);
    struct winsize got;
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TIOCGWINSZ, 0, &got), 0);
    CHECK(memcmp(&got, &ws, sizeof(ws)) == 0);
}

TEST(tty_sctty_rules)
{
    setup();
    add_group(100, 100);
    struct tty_caller leader = caller(100, 100, 100);
    struct tty_caller child = caller(101, 100, 100);
    CHECK_EQ(tty_ioctl(&F.tty, &child, TIOCSCTTY, 0, NULL), -EPERM); /* not a leader */
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TIOCSCTTY, 0, NULL), -EPERM);
    CHECK_EQ(tty_ioctl(&F.tty, &leader, TIOCSCTTY, 0, NULL), 0);
    CHECK(tty_is_ctty_of(&F.tty, 100));
    leader.ctty = &F.tty;
    CHECK_EQ(get_pgrp(&leader), 100);
    CHECK_EQ(tty_ioctl(&F.tty, &leader, TIOCSCTTY, 0, NULL), 0); /* already ours */

    struct tty_caller other = caller(300, 300, 300);
    CHECK_EQ(tty_ioctl(&F.tty, &other, TIOCSCTTY, 0, NULL), -EPERM); /* taken */
    CHECK_EQ(tty_ioctl(&F.tty, &other, TIOCSCTTY, 1, NULL), -EPERM); /* not privileged */
    other.privileged = true;
    CHECK_EQ(tty_ioctl(&F.tty, &other, TIOCSCTTY, 0, NULL), -EPERM); /* arg 0: no steal */
    CHECK_EQ(tty_ioctl(&F.tty, &other, TIOCSCTTY, 1, NULL), 0);
    other.ctty = &F.tty;
    CHECK(!tty_is_ctty_of(&F.tty, 100));
    CHECK_EQ(get_pgrp(&other), 300);
    int v;
    CHECK_EQ(ioctl_int(&leader, TIOCGPGRP, &v), -ENOTTY); /* its record is stale */
}

TEST(tty_sctty_needs_no_other_ctty)
{
    setup();
    static struct tty second;
    tty_init(&second, "second", &fake_ops, NULL);
    struct tty_caller leader = caller(400, 400, 400);
    CHECK_EQ(tty_ioctl(&second, &leader, TIOCSCTTY, 0, NULL), 0);
    leader.ctty = &second;
    CHECK_EQ(tty_ioctl(&F.tty, &leader, TIOCSCTTY, 0, NULL), -EPERM);
    /* Once the other terminal is given up, a stale record does not count. */
    CHECK_EQ(tty_ioctl(&second, &leader, TIOCNOTTY, 0, NULL), 0);
    CHECK_EQ(tty_ioctl(&F.tty, &leader, TIOCSCTTY, 0, NULL), 0);
}

TEST(tty_gpgrp_and_gsid_need_the_ctty)
{
    setup();
    struct tty_caller leader = make_session();
    int v = -1;
    CHECK_EQ(ioctl_int(&leader, TIOCGSID, &v), 0);
    CHECK_EQ(v, 100);
    struct tty_caller stranger = caller(301, 300, 300);
    CHECK_EQ(ioctl_int(&stranger, TIOCGSID, &v), -ENOTTY);
    CHECK_EQ(ioctl_int(&stranger, TIOCGPGRP, &v), -ENOTTY);
    stranger.ctty = &F.tty; /* a record that does not match the session */
    CHECK_EQ(ioctl_int(&stranger, TIOCGSID, &v), -ENOTTY);
    CHECK_EQ(ioctl_int(NULL, TIOCGPGRP, &v), -ENOTTY);
}

TEST(tty_spgrp_rules)
{
    setup();
    struct tty_caller leader = make_session();
    CHECK_EQ(set_pgrp(&leader, 200), 0);
    CHECK_EQ(get_pgrp(&leader), 200);
    /* Now the shell itself is in the background: SIGTTOU unless ignored. */
    CHECK_EQ(set_pgrp(&leader, 100), -TTY_ERESTARTSYS);
    CHECK_SIG(0, 100, TTY_SIGTTOU);
    leader.ttou_ignored = true;
    CHECK_EQ(set_pgrp(&leader, 100), 0);
    CHECK_EQ(get_pgrp(&leader), 100);
    CHECK_EQ(set_pgrp(&leader, 300), -EPERM); /* another session's group */
    CHECK_EQ(set_pgrp(&leader, 999), -ESRCH);
    CHECK_EQ(set_pgrp(&leader, 0), -ESRCH);
    CHECK_EQ(set_pgrp(&leader, -5), -EINVAL);
    struct tty_caller stranger = caller(301, 300, 300);
    CHECK_EQ(set_pgrp(&stranger, 300), -ENOTTY);
    struct tty_caller orphan = member(201, 200);
    orphan.pgrp_orphaned = true;
    CHECK_EQ(set_pgrp(&orphan, 200), -ENOTTY); /* Linux turns that EIO into ENOTTY */
    CHECK_EQ(get_pgrp(&leader), 100);
}

TEST(tty_notty_by_member_and_leader)
{
    setup();
    struct tty_caller leader = make_session();
    struct tty_caller stranger = caller(301, 300, 300);
    CHECK_EQ(tty_ioctl(&F.tty, &stranger, TIOCNOTTY, 0, NULL), -ENOTTY);
    struct tty_caller child = member(101, 100);
    CHECK_EQ(tty_ioctl(&F.tty, &child, TIOCNOTTY, 0, NULL), 0);
    CHECK(tty_is_ctty_of(&F.tty, 100)); /* only the child let go */
    CHECK_EQ(F.nsigs, 0);
    CHECK_EQ(tty_ioctl(&F.tty, &leader, TIOCNOTTY, 0, NULL), 0);
    CHECK(!tty_is_ctty_of(&F.tty, 100));
    CHECK_EQ(F.nsigs, 2);
    CHECK_SIG(0, 100, TTY_SIGHUP);
    CHECK_SIG(1, 100, TTY_SIGCONT);
    int v;
    CHECK_EQ(ioctl_int(&leader, TIOCGSID, &v), -ENOTTY);
    TYPE("\x03"); /* no foreground group any more */
    CHECK_EQ(F.nsigs, 2);
}

TEST(tty_open_and_session_exit)
{
    setup();
    add_group(100, 100);
    struct tty_caller child = caller(101, 100, 100);
    CHECK(!tty_open_set_ctty(&F.tty, &child));
    struct tty_caller leader = caller(100, 100, 100);
    CHECK(tty_open_set_ctty(&F.tty, &leader));
    CHECK(tty_is_ctty_of(&F.tty, 100));
    struct tty_caller other = caller(300, 300, 300);
    CHECK(!tty_open_set_ctty(&F.tty, &other));
    tty_session_exit(&F.tty, 300); /* not its terminal */
    CHECK_EQ(F.nsigs, 0);
    tty_session_exit(&F.tty, 100);
    CHECK(!tty_is_ctty_of(&F.tty, 100));
    CHECK_EQ(F.nsigs, 1);
    CHECK_SIG(0, 100, TTY_SIGHUP);
}

TEST(tty_background_read_gets_sigttin)
{
    setup();
    make_session();
    TYPE("x\n");
    char buf[8];
    struct tty_caller bg = member(201, 200);
    CHECK_EQ(tty_read(&F.tty, &bg, buf, sizeof(buf), true), -TTY_ERESTARTSYS);
    CHECK_EQ(F.nsigs, 1);
    CHECK_SIG(0, 200, TTY_SIGTTIN);
    bg.ttin_ignored = true;
    CHECK_EQ(tty_read(&F.tty, &bg, buf, sizeof(buf), true), -EIO);
    bg.ttin_ignored = false;
    bg.pgrp_orphaned = true;
    CHECK_EQ(tty_read(&F.tty, &bg, buf, sizeof(buf), true), -EIO);
    CHECK_EQ(F.nsigs, 1);
    struct tty_caller stranger = caller(301, 300, 300); /* not its ctty */
    CHECK_EQ(tty_read(&F.tty, &stranger, buf, sizeof(buf), true), 2);
    struct tty_caller fg = member(101, 100);
    TYPE("y\n");
    CHECK_EQ(tty_read(&F.tty, &fg, buf, sizeof(buf), true), 2);
}

TEST(tty_background_write_with_tostop)
{
    setup();
    make_session();
    struct tty_caller bg = member(201, 200);
    CHECK_EQ(tty_write(&F.tty, &bg, "ab", 2, false), 2); /* TOSTOP is off */
    CHECK_OUT("ab");
    set_lflag(TOSTOP, 0);
    CHECK_EQ(tty_write(&F.tty, &bg, "ab", 2, false), -TTY_ERESTARTSYS);
    CHECK_SIG(0, 200, TTY_SIGTTOU);
    CHECK_OUT("");
    bg.ttou_ignored = true;
    CHECK_EQ(tty_write(&F.tty, &bg, "cd", 2, false), 2);
    CHECK_OUT("cd");
    bg.ttou_ignored = false;
    bg.pgrp_orphaned = true;
    CHECK_EQ(tty_write(&F.tty, &bg, "ef", 2, false), -EIO);
    struct tty_caller fg = member(101, 100);
    CHECK_EQ(tty_write(&F.tty, &fg, "gh", 2, false), 2);
    CHECK_OUT("gh");
    CHECK_EQ(F.nsigs, 1);
}

TEST(tty_background_tcsets_gets_sigttou)
{
    setup();
    make_session();
    struct tty_caller bg = member(201, 200);
    struct termios t = get_attr();
    CHECK_EQ(tty_ioctl(&F.tty, &bg, TCSETS, 0, &t), -TTY_ERESTARTSYS);
    CHECK_SIG(0, 200, TTY_SIGTTOU);
    CHECK_EQ(tty_ioctl(&F.tty, &bg, TCFLSH, TCIFLUSH, NULL), -TTY_ERESTARTSYS);
    CHECK_EQ(tty_ioctl(&F.tty, &bg, TCGETS, 0, &t), 0); /* reading settings is fine */
    bg.ttou_ignored = true;
    CHECK_EQ(tty_ioctl(&F.tty, &bg, TCSETS, 0, &t), 0);
    bg.ttou_ignored = false;
    bg.pgrp_orphaned = true;
    CHECK_EQ(tty_ioctl(&F.tty, &bg, TCSETSF, 0, &t), -EIO);
    CHECK_EQ(F.nsigs, 2);
}

TEST(tty_sti_inserts_input)
{
    setup();
    struct tty_caller leader = make_session();
    char c = 'x';
    CHECK_EQ(tty_ioctl(&F.tty, &leader, TIOCSTI, 0, &c), 0);
    CHECK_OUT("x");
    struct tty_caller stranger = caller(301, 300, 300);
    CHECK_EQ(tty_ioctl(&F.tty, &stranger, TIOCSTI, 0, &c), -EPERM);
    stranger.privileged = true;
    c = '\r';
    CHECK_EQ(tty_ioctl(&F.tty, &stranger, TIOCSTI, 0, &c), 0);
    CHECK_READ("x\n");
}

TEST(tty_tcxonc)
{
    setup();
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TCXONC, TCOOFF, NULL), 0);
    CHECK_EQ(tty_write(&F.tty, NULL, "a", 1, true), -EAGAIN);
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TCXONC, TCOON, NULL), 0);
    CHECK_EQ(tty_write(&F.tty, NULL, "a", 1, true), 1);
    CHECK_OUT("a");
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TCXONC, TCIOFF, NULL), 0);
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TCXONC, TCION, NULL), 0);
    CHECK_OUT("\x13\x11");
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TCXONC, 9, NULL), -EINVAL);
}

TEST(tty_break_requests_drain)
{
    setup();
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TCSBRK, 1, NULL), 0);
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TCSBRKP, 0, NULL), 0);
    CHECK_EQ(F.drains, 2);
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TIOCCBRK, 0, NULL), 0);
    CHECK_EQ(F.drains, 2);
}

TEST(tty_small_requests)
{
    setup();
    int v = -1;
    CHECK_EQ(ioctl_int(NULL, TIOCOUTQ, &v), 0);
    CHECK_EQ(v, 0);
    CHECK_EQ(ioctl_int(NULL, TIOCGETD, &v), 0);
    CHECK_EQ(v, N_TTY);
    v = N_TTY;
    CHECK_EQ(ioctl_int(NULL, TIOCSETD, &v), 0);
    v = 1;
    CHECK_EQ(ioctl_int(NULL, TIOCSETD, &v), -EINVAL);
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TIOCEXCL, 0, NULL), 0);
    CHECK_EQ(ioctl_int(NULL, TIOCGEXCL, &v), 0);
    CHECK_EQ(v, 1);
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TIOCNXCL, 0, NULL), 0);
    CHECK_EQ(ioctl_int(NULL, TIOCGEXCL, &v), 0);
    CHECK_EQ(v, 0);
    TYPE("abc\n");
    CHECK_EQ(ioctl_int(NULL, FIONREAD, &v), 0);
    CHECK_EQ(v, 4);
}
