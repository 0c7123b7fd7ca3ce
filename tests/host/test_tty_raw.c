/* Host tests for noncanonical reads (the four MIN/TIME cases of XBD
 * 11.1.7, on the harness's fake clock), nonblocking and interrupted
 * reads, FIONREAD and poll, a full input queue, mode switches, and the
 * flushing requests (TCSETSF, TCFLSH). */
#include "test_tty_harness.c"

#define TENTH 100000000ULL /* ns */

static long read_block(char *buf, size_t n)
{
    return tty_read(&F.tty, NULL, buf, n, false);
}

TEST(tty_raw_min1_time0_returns_what_is_there)
{
    setup();
    set_raw(1, 0);
    TYPE("ab");
    CHECK_OUT("");
    CHECK_EQ(fionread(), 2);
    CHECK_READ("ab");
    feed_at(7, "x");
    char buf[16];
    CHECK_EQ(read_block(buf, sizeof(buf)), 1);
    CHECK_EQ(buf[0], 'x');
    CHECK_EQ(F.waits, 1);
}

TEST(tty_raw_min_waits_for_min_bytes)
{
    setup();
    set_raw(3, 0);
    feed_at(1, "a");
    feed_at(2, "bc");
    feed_at(3, "d");
    char buf[16];
    CHECK_EQ(read_block(buf, sizeof(buf)), 3);
    CHECK(memcmp(buf, "abc", 3) == 0);
    CHECK_EQ(F.waits, 2);
    /* A request smaller than MIN is satisfied by that many bytes. */
    set_raw(5, 0);
    TYPE("xy");
    CHECK_EQ(read_block(buf, 2), 2);
    CHECK_EQ(F.waits, 2);
}

TEST(tty_raw_min0_time0_never_waits)
{
    setup();
    set_raw(0, 0);
    char buf[16];
    CHECK_EQ(read_block(buf, sizeof(buf)), 0);
    CHECK_EQ(F.waits, 0);
    TYPE("q");
    CHECK_READ("q");
    CHECK_EQ(tty_read(&F.tty, NULL, buf, sizeof(buf), true), 0); /* not EAGAIN */
}

TEST(tty_raw_min0_time_is_a_read_timeout)
{
    setup();
    set_raw(0, 5);
    char buf[16];
    F.now = 1000;
    CHECK_EQ(read_block(buf, sizeof(buf)), 0);
    CHECK_EQ(F.now, 1000 + 5 * TENTH);
    uint64_t start = F.now;
    feed_at(start + 2 * TENTH, "zz");
    CHECK_EQ(read_block(buf, sizeof(buf)), 2);
    CHECK_EQ(F.now, start + 2 * TENTH);
    TYPE("w");
    CHECK_EQ(read_block(buf, sizeof(buf)), 1);
    CHECK_EQ(F.now, start + 2 * TENTH);
}

TEST(tty_raw_min_time_is_an_interbyte_timer)
{
    setup();
    set_raw(3, 2);
    char buf[16];
    uint64_t t = 10 * 1000000000ULL;
    feed_at(t, "a");             /* no timer before the first byte */
    feed_at(t + TENTH, "b");     /* within 0.2 s of "a": timer restarts */
    feed_at(t + 9 * TENTH, "c"); /* 0.8 s after "b": too late */
    CHECK_EQ(read_block(buf, sizeof(buf)), 2);
    CHECK(memcmp(buf, "ab", 2) == 0);
    CHECK_EQ(F.now, t + 3 * TENTH);
    /* The late byte is the next read's first; MIN reached ends it early. */
    feed_at(t + 9 * TENTH + 1, "de");
    CHECK_EQ(read_block(buf, sizeof(buf)), 3);
    CHECK(memcmp(buf, "cde", 3) == 0);
}

TEST(tty_raw_nonblocking)
{
    setup();
    set_raw(1, 0);
    CHECK_EQ(read_nb(), -EAGAIN);
    set_raw(0, 5);
    CHECK_EQ(read_nb(), -EAGAIN);
    set_raw(4, 0);
    TYPE("ab");
    CHECK_READ("ab"); /* fewer than MIN, but nonblocking returns them */
    CHECK_EQ(F.waits, 0);
}

TEST(tty_raw_interrupted_read)
{
    setup();
    set_raw(3, 0);
    feed_at(1, "a");
    signal_at(2, -TTY_ERESTARTSYS);
    char buf[16];
    CHECK_EQ(read_block(buf, sizeof(buf)), 1); /* what arrived is kept */
    signal_at(3, -TTY_ERESTARTSYS);
    CHECK_EQ(read_block(buf, sizeof(buf)), -TTY_ERESTARTSYS);
}

TEST(tty_canonical_reader_and_intr)
{
    setup();
    make_session();
    feed_at(1, "ab\x03");
    char buf[16];
    /* ^C flushes and signals; the real kernel's wait then sees the
     * signal pending, as the fake does when the script runs out. */
    CHECK_EQ(read_block(buf, sizeof(buf)), -EINTR);
    CHECK_SIG(0, 100, TTY_SIGINT);
    CHECK_EQ(fionread(), 0);
}

TEST(tty_raw_wakes_on_every_byte)
{
    setup();
    set_raw(1, 0);
    uint32_t seq = tty_wake_seq(&F.tty);
    int wakes = F.wakes;
    TYPE("abc");
    CHECK_EQ(F.wakes - wakes, 3);
    CHECK(tty_wake_seq(&F.tty) != seq);
}

TEST(tty_raw_poll_follows_vmin)
{
    setup();
    set_raw(3, 0);
    TYPE("ab");
    CHECK_EQ(tty_poll(&F.tty) & TTY_POLLIN, 0);
    TYPE("c");
    CHECK(tty_poll(&F.tty) & TTY_POLLIN);
    setup();
    set_raw(3, 1); /* with a timer, one byte is enough */
    TYPE("a");
    CHECK(tty_poll(&F.tty) & TTY_POLLIN);
    setup();
    set_raw(0, 0);
    CHECK_EQ(tty_poll(&F.tty) & TTY_POLLIN, 0);
}

TEST(tty_raw_full_queue_drops_bytes)
{
    setup();
    set_raw(1, 0);
    static char in[5000], out[8192];
    for (size_t i = 0; i < sizeof(in); i++)
        in[i] = (char)('a' + i % 26); /* no special characters */
    type_n(in, sizeof(in));
    CHECK_EQ(F.tty.rx_dropped, 5000 - TTY_BUF_SIZE);
    CHECK_EQ(fionread(), TTY_BUF_SIZE);
    CHECK_EQ(tty_read(&F.tty, NULL, out, sizeof(out), true), TTY_BUF_SIZE);
    CHECK(memcmp(in, out, TTY_BUF_SIZE) == 0);
    TYPE("ok");
    CHECK_READ("ok");
}

TEST(tty_canonical_full_queue_keeps_room_for_newline)
{
    setup();
    set_lflag(0, ECHO);
    static char in[5000], out[8192];
    memset(in, 'x', sizeof(in));
    type_n(in, sizeof(in));
    CHECK_EQ(F.tty.rx_dropped, 5000 - (TTY_BUF_SIZE - 1));
    CHECK_EQ(fionread(), 0);
    TYPE("\x7f"); /* editing still works on a full queue */
    TYPE("yz");
    TYPE("\n");
    CHECK_EQ(tty_read(&F.tty, NULL, out, sizeof(out), true), TTY_BUF_SIZE);
    CHECK_EQ(out[TTY_BUF_SIZE - 3], 'x');
    CHECK_EQ(out[TTY_BUF_SIZE - 2], 'y');
    CHECK_EQ(out[TTY_BUF_SIZE - 1], '\n');
    CHECK_EQ(F.tty.rx_dropped, 5000 - (TTY_BUF_SIZE - 1) + 1);
    TYPE("ok\n");
    CHECK_READ("ok\n");
}

TEST(tty_canonical_full_queue_with_lines_waiting)
{
    setup();
    set_lflag(0, ECHO);
    static char in[4000], out[8192];
    memset(in, 'y', sizeof(in));
    type_n(in, sizeof(in));
    TYPE("\n");
    memset(in, 'z', 200);
    type_n(in, 200);
    TYPE("\n\n"); /* the second newline finds the queue full */
    CHECK_EQ(F.tty.rx_dropped, (200 - 94) + 1);
    CHECK_EQ(tty_read(&F.tty, NULL, out, sizeof(out), true), 4001);
    CHECK_EQ(tty_read(&F.tty, NULL, out, sizeof(out), true), 95);
    CHECK_EQ(out[94], '\n');
    CHECK_EQ(read_nb(), -EAGAIN);
}

TEST(tty_full_queue_bell_with_imaxbel)
{
    setup();
    set_iflag(IMAXBEL, 0);
    static char in[TTY_BUF_SIZE];
    memset(in, 'x', sizeof(in));
    type_n(in, sizeof(in));
    CHECK_EQ(F.out_len, TTY_BUF_SIZE);
    CHECK_EQ(F.out[TTY_BUF_SIZE - 1], '\a');
}

TEST(tty_mode_switch_makes_input_readable)
{
    setup();
    TYPE("abc");
    set_raw(1, 0);
    CHECK_EQ(fionread(), 3);
    CHECK_READ("abc");
    TYPE("xy");
    set_lflag(ICANON, 0);
    CHECK_EQ(fionread(), 2);
    CHECK_READ("xy"); /* what raw mode queued reads as one line */
    TYPE("ab\x04");
    set_raw(1, 0);
    CHECK_READ_N(3, "ab\0"); /* as Linux: the EOF marker becomes a NUL */
}

TEST(tty_tcsetsf_drains_and_flushes)
{
    setup();
    TYPE("abc\nde");
    struct termios t = get_attr();
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TCSETSW, 0, &t), 0);
    CHECK_EQ(F.drains, 1);
    CHECK_EQ(fionread(), 4);
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TCSETSF, 0, &t), 0);
    CHECK_EQ(F.drains, 2);
    CHECK_EQ(fionread(), 0);
    TYPE("f\n");
    CHECK_READ("f\n");
}

TEST(tty_tcflsh)
{
    setup();
    TYPE("abc\n");
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TCFLSH, TCOFLUSH, NULL), 0);
    CHECK_EQ(fionread(), 4);
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TCFLSH, TCIOFLUSH, NULL), 0);
    CHECK_EQ(fionread(), 0);
    TYPE("d\n");
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TCFLSH, TCIFLUSH, NULL), 0);
    CHECK_EQ(read_nb(), -EAGAIN);
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TCFLSH, 7, NULL), -EINVAL);
}

TEST(tty_queue_positions_wrap)
{
    setup();
    set_lflag(0, ECHO);
    F.tty.read_tail = F.tty.canon_head = F.tty.read_head = UINT32_MAX - 2;
    TYPE("abcdef\x7f\n\x04");
    CHECK_READ("abcde\n");
    CHECK_EQ(read_nb(), 0);
    CHECK_EQ(read_nb(), -EAGAIN);
}
