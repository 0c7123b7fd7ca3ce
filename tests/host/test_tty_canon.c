/* Host tests for canonical input (XBD 11.1.6), echo, special characters
 * (XBD 11.2.6), signals from the keyboard (XBD 11.1.9), output processing
 * (XBD 11.2.3) and output flow control (XBD 11.1.8). Byte strings are
 * what a Linux terminal shows for the same input. */
#include "test_tty_harness.c"

TEST(tty_default_termios_is_linux_console)
{
    setup();
    struct termios t = get_attr();
    CHECK_EQ(t.c_iflag, ICRNL | IXON | IUTF8);
    CHECK_EQ(t.c_oflag, OPOST | ONLCR);
    CHECK_EQ(t.c_cflag, B38400 | CS8 | CREAD | HUPCL);
    CHECK_EQ(t.c_lflag, ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN);
    CHECK_EQ(t.c_line, N_TTY);
    static const cc_t want[NCCS] = {3,   034, 0177, 025, 4,   0,   1,   0, 021,
                                    023, 032, 0,    022, 017, 027, 026, 0};
    CHECK(memcmp(t.c_cc, want, NCCS) == 0);
    struct termios2 t2;
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TCGETS2, 0, &t2), 0);
    CHECK_EQ(t2.c_ispeed, 38400);
    CHECK_EQ(t2.c_ospeed, 38400);
}

TEST(tty_line_is_read_after_newline_with_echo)
{
    setup();
    TYPE("hello");
    CHECK_OUT("hello");
    CHECK_EQ(read_nb(), -EAGAIN);
    CHECK_EQ(fionread(), 0);
    CHECK_EQ(tty_poll(&F.tty), TTY_POLLOUT | TTY_POLLWRNORM);
    TYPE("\r"); /* ICRNL */
    CHECK_OUT("\r\n");
    CHECK_EQ(fionread(), 6);
    CHECK_EQ(tty_poll(&F.tty), TTY_POLLIN | TTY_POLLRDNORM | TTY_POLLOUT | TTY_POLLWRNORM);
    CHECK_READ("hello\n");
    CHECK_EQ(read_nb(), -EAGAIN);
}

TEST(tty_read_returns_one_line_at_most)
{
    setup();
    TYPE("a\nbb\ncc");
    CHECK_EQ(fionread(), 5);
    CHECK_READ("a\n");
    CHECK_READ("bb\n");
    CHECK_EQ(read_nb(), -EAGAIN);
    TYPE("\n");
    CHECK_READ("cc\n");
}

TEST(tty_short_reads_split_a_line)
{
    setup();
    TYPE("abcdef\n");
    CHECK_READ_N(4, "abcd");
    CHECK_READ_N(2, "ef");
    CHECK_READ_N(2, "\n");
}

TEST(tty_blocking_read_waits_for_the_line)
{
    setup();
    feed_at(10, "ab");
    feed_at(20, "c\r");
    char buf[16];
    CHECK_EQ(tty_read(&F.tty, NULL, buf, sizeof(buf), false), 4);
    CHECK(memcmp(buf, "abc\n", 4) == 0);
    CHECK_EQ(F.waits, 2);
    /* Nothing more will come: the fake reports a signal. */
    CHECK_EQ(tty_read(&F.tty, NULL, buf, sizeof(buf), false), -EINTR);
}

TEST(tty_only_a_line_end_wakes_canonical_readers)
{
    setup();
    TYPE("abc");
    CHECK_EQ(F.wakes, 0);
    TYPE("\n");
    CHECK_EQ(F.wakes, 1);
}

TEST(tty_erase_with_echoe)
{
    setup();
    TYPE("abc\x7f\x7f"
         "d\n");
    CHECK_OUT("abc\b \b\b \bd\r\n");
    CHECK_READ("ad\n");
}

TEST(tty_erase_stops_at_line_start)
{
    setup();
    TYPE("x\n\x7f\x7f");
    CHECK_OUT("x\r\n");
    CHECK_READ("x\n");
    TYPE("\x7f"
         "y\n");
    CHECK_READ("y\n");
}

TEST(tty_erase_without_echoe_echoes_the_erase_char)
{
    setup();
    set_lflag(0, ECHOE);
    TYPE("ab\x7f");
    CHECK_OUT("ab^?");
    TYPE("\n");
    CHECK_READ("a\n");
}

TEST(tty_erase_control_char_takes_two_columns)
{
    setup();
    TYPE("a\x01\x7f");
    CHECK_OUT("a^A\b \b\b \b");
    set_lflag(0, ECHOCTL);
    TYPE("\x01\x7f\n");
    CHECK_OUT("\x01\r\n"); /* shown raw, so nothing to rub out */
    CHECK_READ("a\n");
}

TEST(tty_erase_tab_backs_up_to_where_it_started)
{
    setup();
    TYPE("ab\t\x7f");
    CHECK_OUT("ab\t\b\b\b\b\b\b");
    TYPE("\n");
    CHECK_READ("ab\n");
    TYPE("a\tb\t\x7f"); /* the second tab went from column 9 to 16 */
    CHECK_OUT("\r\na\tb\t\b\b\b\b\b\b\b");
    TYPE("\x15\n");
    CHECK_READ("\n");
    F.out_len = 0;
    TYPE("\x01\t\x7f"); /* ^A is two columns wide */
    CHECK_OUT("^A\t\b\b\b\b\b\b");
}

TEST(tty_erase_tab_after_a_prompt)
{
    setup();
    CHECK_EQ(write_str("prompt> "), 8);
    TYPE("\t\x7f");
    CHECK_OUT("prompt> \t\b\b\b\b\b\b\b\b");
    CHECK_EQ(write_str("\nabc"), 4);
    TYPE("\t\x7f");
    CHECK_OUT("\r\nabc\t\b\b\b\b\b");
}

TEST(tty_erase_utf8_character_whole)
{
    setup();
    TYPE("a\xc3\xa9\x7f\n"); /* é */
    CHECK_OUT("a\xc3\xa9\b \b\r\n");
    CHECK_READ("a\n");
    TYPE("\xe4\xb8\xad\xf0\x9f\x98\x80x\x7f\x7f\x7f\n"); /* 中, 😀, x */
    CHECK_READ("\n");
    /* Without IUTF8 every byte is a character. */
    set_iflag(0, IUTF8);
    TYPE("a\xc3\xa9\x7f\n");
    CHECK_READ("a\xc3\n");
}

TEST(tty_erase_only_continuation_bytes)
{
    setup();
    TYPE("\xa9\xa9\x7f\n"); /* no lead byte: the stray bytes go as one */
    CHECK_READ("\n");
}

TEST(tty_word_erase)
{
    setup();
    TYPE("foo bar  \x17");
    CHECK_OUT("foo bar  \b \b\b \b\b \b\b \b\b \b");
    TYPE("\n");
    CHECK_READ("foo \n");
    TYPE("foo/bar\x17\n");
    CHECK_READ("foo/\n");
    TYPE("foo/\x17\n");
    CHECK_READ("\n");
    TYPE("x h\xc3\xa9t\xc3\xa9\x17\n");
    CHECK_READ("x \n");
    set_lflag(0, IEXTEN); /* then ^W is an ordinary byte */
    TYPE("a\x17\n");
    CHECK_READ("a\x17\n");
}

TEST(tty_kill_with_echoke_erases_the_line)
{
    setup();
    TYPE("abc\x15");
    CHECK_OUT("abc\b \b\b \b\b \b");
    TYPE("x\n");
    CHECK_READ("x\n");
}

TEST(tty_kill_with_echok_echoes_newline)
{
    setup();
    set_lflag(0, ECHOKE);
    TYPE("abc\x15");
    CHECK_OUT("abc^U\r\n");
    set_lflag(0, ECHOK);
    TYPE("de\x15");
    CHECK_OUT("de^U");
    set_lflag(0, ECHO);
    TYPE("fg\x15"
         "h\n");
    CHECK_OUT("");
    CHECK_READ("h\n");
    TYPE("\x15"); /* empty line: nothing to kill, nothing echoed */
    CHECK_OUT("");
}

TEST(tty_eof_at_line_start_reads_zero)
{
    setup();
    TYPE("\x04");
    CHECK_OUT(""); /* EOF is not echoed */
    CHECK_EQ(fionread(), 0);
    CHECK(tty_poll(&F.tty) & TTY_POLLIN);
    CHECK_EQ(read_nb(), 0);
    CHECK_EQ(read_nb(), -EAGAIN);
    TYPE("abc\n");
    CHECK_READ("abc\n");
}

TEST(tty_eof_mid_line_ends_it_without_itself)
{
    setup();
    TYPE("abc\x04");
    CHECK_OUT("abc");
    CHECK_EQ(fionread(), 3);
    CHECK_READ("abc");
    CHECK_EQ(read_nb(), -EAGAIN);
    TYPE("ab\x04\x04");
    CHECK_EQ(fionread(), 2);
    CHECK_READ("ab");
    CHECK_EQ(read_nb(), 0);
}

TEST(tty_eof_after_a_full_buffer_is_consumed)
{
    setup();
    TYPE("abc\x04");
    CHECK_READ_N(3, "abc");
    CHECK_EQ(read_nb(), -EAGAIN); /* not a spurious end of file */
}

TEST(tty_eol_and_eol2_end_lines)
{
    setup();
    set_cc(VEOL, ';');
    set_cc(VEOL2, '|');
    TYPE("ab;cd|ef\n");
    CHECK_OUT("ab;cd|ef\r\n");
    CHECK_READ("ab;");
    CHECK_READ("cd|");
    CHECK_READ("ef\n");
    set_lflag(0, IEXTEN); /* EOL2 needs IEXTEN (Linux) */
    TYPE("x|y\n");
    CHECK_READ("x|y\n");
}

TEST(tty_lnext_quotes_the_next_byte)
{
    setup();
    make_session();
    TYPE("\x16\x03\n");
    CHECK_OUT("^\b^C\r\n");
    CHECK_EQ(F.nsigs, 0);
    CHECK_READ("\x03\n");
    TYPE("a\x16\x7f\x16\x04\x16\nb\n");
    CHECK_READ("a\x7f\x04\nb\n");
}

TEST(tty_reprint_shows_the_line_again)
{
    setup();
    TYPE("ab\x12");
    CHECK_OUT("ab^R\r\nab");
    TYPE("\n");
    CHECK_READ("ab\n");
}

TEST(tty_input_mapping)
{
    setup();
    set_iflag(0, ICRNL);
    TYPE("a\r\n");
    CHECK_OUT("a^M\r\n");
    CHECK_READ("a\r\n");
    set_iflag(IGNCR, 0);
    TYPE("a\rb\n");
    CHECK_READ("ab\n");
    set_iflag(ISTRIP, IGNCR);
    TYPE("\xc1\xe2\n");
    CHECK_READ("Ab\n");
    set_iflag(IUCLC, ISTRIP);
    TYPE("AbC\n");
    CHECK_READ("abc\n");
    set_raw(1, 0);
    set_iflag(INLCR, IUCLC);
    TYPE("\n");
    CHECK_READ("\r");
}

TEST(tty_disabled_special_chars_are_data)
{
    setup();
    make_session();
    set_cc(VINTR, _POSIX_VDISABLE);
    set_cc(VERASE, _POSIX_VDISABLE);
    TYPE("\x03\x7f\0\n");
    CHECK_EQ(F.nsigs, 0);
    CHECK_READ("\x03\x7f\0\n");
}

TEST(tty_intr_signals_foreground_and_flushes)
{
    setup();
    make_session();
    TYPE("line1\nabc\x03");
    CHECK_OUT("line1\r\nabc^C");
    CHECK_EQ(F.nsigs, 1);
    CHECK_SIG(0, 100, TTY_SIGINT);
    CHECK_EQ(fionread(), 0);
    CHECK_EQ(read_nb(), -EAGAIN);
    TYPE("d\n");
    CHECK_READ("d\n");
}

TEST(tty_quit_and_susp)
{
    setup();
    make_session();
    TYPE("\x1c\x1a");
    CHECK_OUT("^\\^Z");
    CHECK_EQ(F.nsigs, 2);
    CHECK_SIG(0, 100, TTY_SIGQUIT);
    CHECK_SIG(1, 100, TTY_SIGTSTP);
}

TEST(tty_noflsh_keeps_input)
{
    setup();
    make_session();
    set_lflag(NOFLSH, 0);
    TYPE("abc\x03"
         "d\n");
    CHECK_SIG(0, 100, TTY_SIGINT);
    CHECK_READ("abcd\n");
}

TEST(tty_intr_without_foreground_group_sends_nothing)
{
    setup();
    TYPE("ab\x03");
    CHECK_EQ(F.nsigs, 0);
    CHECK_OUT("ab^C");
    CHECK_EQ(fionread(), 0);
}

TEST(tty_isig_off_makes_intr_data)
{
    setup();
    make_session();
    set_lflag(0, ISIG);
    TYPE("\x03\x1a\n");
    CHECK_EQ(F.nsigs, 0);
    CHECK_OUT("^C^Z\r\n");
    CHECK_READ("\x03\x1a\n");
}

TEST(tty_echo_flags)
{
    setup();
    set_lflag(0, ECHO);
    TYPE("secret\n");
    CHECK_OUT("");
    set_lflag(ECHONL, 0);
    TYPE("pw\r");
    CHECK_OUT("\r\n");
    set_lflag(ECHO, ECHOCTL | ECHONL);
    TYPE("\x01\x1b\n");
    CHECK_OUT("\x01\x1b\r\n");
    CHECK_READ("secret\n");
    CHECK_READ("pw\n");
    CHECK_READ("\x01\x1b\n");
}

TEST(tty_output_processing)
{
    setup();
    CHECK_EQ(write_str("a\nb"), 3);
    CHECK_OUT("a\r\nb");
    set_oflag(0, OPOST);
    CHECK_EQ(write_str("a\nb"), 3);
    CHECK_OUT("a\nb");
    set_oflag(OPOST | OCRNL, ONLCR);
    write_str("x\ry");
    CHECK_OUT("x\ny");
    set_oflag(ONOCR, OCRNL);
    write_str("\rab\r\r"); /* the column was 2 after "x\ny" */
    CHECK_OUT("\rab\r");
    set_oflag(OLCUC | XTABS, ONOCR);
    write_str("ab\tc\xc3\xa9\t.");
    CHECK_OUT("AB      C\xc3\xa9      .");
    set_oflag(ONLRET, OLCUC);
    write_str("abc\n\t");
    CHECK_OUT("abc\n        ");
}

TEST(tty_long_write_is_whole)
{
    setup();
    static char big[1000];
    memset(big, 'z', sizeof(big));
    big[499] = '\n';
    CHECK_EQ(tty_write(&F.tty, NULL, big, sizeof(big), false), 1000);
    CHECK_EQ(F.out_len, 1001);
    CHECK(F.out[499] == '\r' && F.out[500] == '\n');
    CHECK_EQ(tty_write(&F.tty, NULL, big, 0, false), 0);
}

TEST(tty_stop_and_start_output)
{
    setup();
    TYPE("\x13");
    CHECK_EQ(tty_poll(&F.tty) & TTY_POLLOUT, 0);
    CHECK_EQ(tty_write(&F.tty, NULL, "hi", 2, true), -EAGAIN);
    CHECK_OUT("");
    feed_at(5, "\x11");
    CHECK_EQ(write_str("hi"), 2);
    CHECK_OUT("hi");
    CHECK_EQ(F.waits, 1);
    set_raw(1, 0);
    TYPE("\x13x\x11y");
    CHECK_READ("xy"); /* START and STOP are not input */
}

TEST(tty_stopped_write_interrupted)
{
    setup();
    TYPE("\x13");
    signal_at(1, -TTY_ERESTARTSYS);
    CHECK_EQ(write_str("hi"), -TTY_ERESTARTSYS);
    CHECK_OUT("");
}

TEST(tty_ixany_and_intr_restart_output)
{
    setup();
    set_iflag(IXANY, 0);
    TYPE("\x13"
         "a");
    CHECK(tty_poll(&F.tty) & TTY_POLLOUT);
    TYPE("\n");
    CHECK_READ("a\n");
    set_iflag(0, IXANY);
    TYPE("\x13\x03");
    CHECK(tty_poll(&F.tty) & TTY_POLLOUT);
    TYPE("\x13");
    set_iflag(0, IXON); /* turning IXON off restarts output too */
    CHECK(tty_poll(&F.tty) & TTY_POLLOUT);
    TYPE("\x13\x11\n");
    CHECK_READ("\x13\x11\n");
}
