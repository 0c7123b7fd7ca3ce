/* Host tests for elf_is_script() (kernel/proc/elf_parse.c): the "#!" rules
 * of Linux 6.1 fs/binfmt_script.c, including its 256-byte buffer
 * (BINPRM_BUF_SIZE), NUL padding of short files and truncation rules. */
#include "test.h"

#include <kernel/elf.h>
#include <uapi/errno.h>

#include <stdlib.h>
#include <string.h>

/* Run on a heap copy of exactly len bytes, so ASan catches overreads. */
static int run(const char *text, size_t len, struct elf_script *s)
{
    char *copy = malloc(len ? len : 1);
    memcpy(copy, text, len);
    memset(s, 0x55, sizeof(*s));
    int r = elf_is_script(copy, len, s);
    free(copy);
    return r;
}

static void expect(const char *text, size_t len, const char *interp, const char *arg, int line)
{
    struct elf_script s;
    int r = run(text, len, &s);
    bool ok = r == 0 && strcmp(s.interp, interp) == 0 && s.has_arg == (arg != NULL) &&
              strcmp(s.arg, arg ? arg : "") == 0;
    if (!ok) {
        fprintf(stderr, "  line %d: got %d interp \"%.40s\" arg %d \"%.40s\"\n", line, r,
                r ? "" : s.interp, r ? 0 : s.has_arg, r ? "" : s.arg);
        host_test_fail(__FILE__, line, "script parsed as expected");
    }
}

static void expect_noexec(const char *text, size_t len, int line)
{
    struct elf_script s;
    int r = run(text, len, &s);
    if (r != -ENOEXEC) {
        fprintf(stderr, "  line %d: got %d, want -ENOEXEC\n", line, r);
        host_test_fail(__FILE__, line, "script rejected");
    }
}

#define OK(text, interp, arg) expect(text, sizeof(text) - 1, interp, arg, __LINE__)
#define NOEXEC(text)          expect_noexec(text, sizeof(text) - 1, __LINE__)

TEST(script_simple)
{
    OK("#!/bin/sh\necho hi\n", "/bin/sh", NULL);
    OK("#!/bin/sh", "/bin/sh", NULL); /* no newline: the file's end (NUL padding) */
    OK("#! /bin/sh -e \n", "/bin/sh", "-e");
    OK("#!\t /bin/sh\t-x\t \n", "/bin/sh", "-x");
    OK("#!/bin/sh  \n", "/bin/sh", NULL);
    OK("#!/bin/sh\t\n", "/bin/sh", NULL);
}

TEST(script_single_argument)
{
    /* Everything after the name is one argument, inner blanks kept. */
    OK("#!/usr/bin/env python3 -u\n", "/usr/bin/env", "python3 -u");
    OK("#!/usr/bin/awk -f  -v x=1 \nBEGIN{}\n", "/usr/bin/awk", "-f  -v x=1");
    /* A carriage return is not a blank: it stays in the name. */
    OK("#!/bin/sh\r\n", "/bin/sh\r", NULL);
    OK("#!/bin/sh -x\r\n", "/bin/sh", "-x\r");
}

TEST(script_not_scripts)
{
    NOEXEC("");
    NOEXEC("#");
    NOEXEC("!#/bin/sh\n");
    NOEXEC(" #!/bin/sh\n");
    NOEXEC("\177ELF");
    NOEXEC("#!\n");
    NOEXEC("#!   \t \n/bin/sh\n");
}

TEST(script_nul_bytes)
{
    /* strnchr() stops at a NUL, so the newline after it is not seen; the
     * NUL ends the name or the argument. */
    OK("#!/bin/sh\0junk\n", "/bin/sh", NULL);
    OK("#!/bin/sh -x\0foo\n", "/bin/sh", "-x");
    OK("#!/bin/sh\n\0", "/bin/sh", NULL);
    /* A NUL right after "#!" is an empty name, which Linux accepts here and
     * then fails to open (-ENOENT). */
    OK("#!", "", NULL);
    OK("#!\0/bin/sh\n", "", NULL);
    OK("#! \t", "", NULL); /* the padding NUL after the blanks, likewise */
}

static char *line_of(const char *start, char fill, size_t total)
{
    char *s = malloc(total + 1);
    memset(s, fill, total);
    memcpy(s, start, strlen(start));
    s[total] = '\0';
    return s;
}

TEST(script_long_lines)
{
    struct elf_script s;
    /* The name fills the buffer without a blank, NUL or newline: it may be
     * truncated, so Linux refuses it. */
    char *t = line_of("#!/", 'a', 300);
    CHECK_EQ(run(t, 300, &s), -ENOEXEC);
    CHECK_EQ(run(t, 256, &s), -ENOEXEC); /* exactly the buffer: still no terminator */
    /* 255 bytes: the zero padding of the 256th byte ends the name. */
    CHECK_EQ(run(t, 255, &s), 0);
    CHECK_EQ(strlen(s.interp), 253);
    CHECK(!s.has_arg);
    /* A blank as the very last buffer byte also proves the name whole; the
     * last byte itself is dropped from the line. */
    t[255] = ' ';
    CHECK_EQ(run(t, 300, &s), 0);
    CHECK_EQ(strlen(s.interp), 253);
    CHECK(!s.has_arg);
    free(t);
    /* A long argument is cut at byte 255 (the interpreter re-reads it). */
    t = line_of("#!/bin/sh ", 'x', 400);
    CHECK_EQ(run(t, 400, &s), 0);
    CHECK(strcmp(s.interp, "/bin/sh") == 0);
    CHECK(s.has_arg);
    CHECK_EQ(strlen(s.arg), 255 - 10);
    free(t);
    /* Trailing blanks at the cut are trimmed. */
    t = line_of("#!/bin/sh -e", ' ', 400);
    CHECK_EQ(run(t, 400, &s), 0);
    CHECK(s.has_arg && strcmp(s.arg, "-e") == 0);
    free(t);
    /* A newline within the buffer makes the rest irrelevant. */
    t = line_of("#!/bin/sh\n", 'z', 5000);
    CHECK_EQ(run(t, 5000, &s), 0);
    CHECK(strcmp(s.interp, "/bin/sh") == 0 && !s.has_arg);
    free(t);
    /* Leading blanks fill the buffer: no name. */
    t = line_of("#!", ' ', 300);
    CHECK_EQ(run(t, 300, &s), -ENOEXEC);
    free(t);
}

/* Every prefix of some scripts, and every short all-byte mutation: no
 * crash, results well formed. */
TEST(script_prefixes_and_bytes)
{
    static const char text[] = "#!  /usr/bin/env -S python3 -u\t \nprint(1)\n";
    struct elf_script s;
    for (size_t len = 0; len < sizeof(text); len++) {
        int r = run(text, len, &s);
        CHECK(r == 0 || r == -ENOEXEC);
        if (r == 0) {
            CHECK(strlen(s.interp) < ELF_SCRIPT_BUF);
            CHECK(strlen(s.arg) < ELF_SCRIPT_BUF);
        }
    }
    char buf[8] = "#!";
    for (int a = 0; a < 256; a++) {
        for (int b = 0; b < 256; b++) {
            buf[2] = (char)a;
            buf[3] = (char)b;
            int r = run(buf, 4, &s);
            CHECK(r == 0 || r == -ENOEXEC);
        }
    }
    CHECK_EQ(elf_is_script(NULL, 0, &s), -EINVAL);
}
