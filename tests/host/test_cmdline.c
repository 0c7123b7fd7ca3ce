/* Host tests for kernel/core/cmdline.c: Linux-style splitting and quoting,
 * the kernel's own options, unknown options for init's argv and envp, the
 * bounds, and the printk report (captured by the printk stand-in below). */
#include "test.h"

#include <kernel/cmdline.h>
#include <kernel/format.h>
#include <kernel/printk.h>
#include <uapi/errno.h>

#include <stdlib.h>
#include <string.h>

/* ---- printk stand-in: keeps everything in one buffer, "<level>text". ---- */

static char log_text[8192];
static size_t log_len;

/* Like the real printk, a level tag only where a line starts. */
void printk(int level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = sizeof(log_text) - log_len;
    int n = 0;
    if (log_len == 0 || log_text[log_len - 1] == '\n')
        n = snformat(log_text + log_len, room, "<%d>", level);
    if (n > 0 && (size_t)n < room)
        log_len += (size_t)n;
    room = sizeof(log_text) - log_len;
    n = vsnformat(log_text + log_len, room, fmt, ap);
    if (n > 0)
        log_len += (size_t)n < room ? (size_t)n : room - 1;
    va_end(ap);
}

static void log_clear(void)
{
    log_len = 0;
    log_text[0] = '\0';
}

/* One parsed command line per test: the structure is large (~2.6 KiB). */
static struct cmdline cl;

static bool str_eq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* The strings an iterator yields, joined by '|', for easy comparison. */
static const char *joined(const char *(*next)(const struct cmdline *, unsigned *))
{
    static char buf[CMDLINE_MAX * 2];
    size_t len = 0;
    buf[0] = '\0';
    const char *s;
    for (unsigned pos = 0; (s = next(&cl, &pos));)
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", len ? "|" : "", s);
    return buf;
}

static const char *unknowns(void)
{
    static char buf[CMDLINE_MAX * 2];
    size_t len = 0;
    buf[0] = '\0';
    const struct cmdline_option *opt;
    for (unsigned pos = 0; (opt = cmdline_next_unknown(&cl, &pos));)
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", len ? "|" : "", opt->text);
    return buf;
}

/* ---- Defaults and the kernel's own options. ---- */

TEST(cmdline_empty)
{
    CHECK_EQ(cmdline_parse(&cl, NULL), 0);
    CHECK_EQ(cl.n_options, 0);
    CHECK_EQ(cl.loglevel, CMDLINE_LOGLEVEL_DEFAULT);
    CHECK(cl.console == NULL && cl.rdinit == NULL && cl.init == NULL);
    CHECK_EQ(cl.panic_timeout, 0);
    CHECK_EQ(cmdline_parse(&cl, ""), 0);
    CHECK_EQ(cl.n_options, 0);
    CHECK_EQ(cmdline_parse(&cl, " \t\n  "), 0);
    CHECK_EQ(cl.n_options, 0);
    CHECK_EQ(cl.problems, 0);
}

TEST(cmdline_qemu_line)
{
    CHECK_EQ(cmdline_parse(&cl, "console=ttyAMA0,115200 rdinit=/init quiet panic=-1"), 0);
    CHECK(str_eq(cl.console, "ttyAMA0,115200"));
    CHECK(str_eq(cl.rdinit, "/init"));
    CHECK(cl.init == NULL);
    CHECK_EQ(cl.loglevel, CMDLINE_LOGLEVEL_QUIET);
    CHECK_EQ(cl.panic_timeout, -1);
    CHECK_EQ(cl.n_options, 4);
    CHECK(str_eq(unknowns(), ""));
    CHECK(str_eq(joined(cmdline_next_init_arg), ""));
    CHECK(str_eq(joined(cmdline_next_init_env), ""));
}

TEST(cmdline_init_paths)
{
    CHECK_EQ(cmdline_parse(&cl, "init=/sbin/init rdinit=/bin/sh init=/bin/true"), 0);
    CHECK(str_eq(cl.init, "/bin/true")); /* the last one wins */
    CHECK(str_eq(cl.rdinit, "/bin/sh"));
}

TEST(cmdline_loglevel_valid)
{
    static const struct {
        const char *line;
        int level;
    } cases[] = {
        {"loglevel=0", 0},       {"loglevel=7", 7},  {"loglevel=3", 3},
        {"loglevel=0x5", 5},     {"quiet", 4},       {"debug", 10},
        {"quiet debug", 10},     {"debug quiet", 4}, {"quiet loglevel=6", 6},
        {"loglevel=6 quiet", 4}, {"loglevel=+2", 2}, {"quiet=1", 4},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        CHECK_EQ(cmdline_parse(&cl, cases[i].line), 0);
        CHECK_EQ(cl.loglevel, cases[i].level);
    }
}

TEST(cmdline_loglevel_invalid)
{
    static const char *const lines[] = {
        "loglevel=8",
        "loglevel=-1",
        "loglevel=abc",
        "loglevel=",
        "loglevel",
        "loglevel=3x",
        "loglevel=99999999999999999999999",
        "loglevel=0x",
    };
    for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
        CHECK_EQ(cmdline_parse(&cl, lines[i]), -EINVAL);
        CHECK_EQ(cl.problems, CMDLINE_BAD_VALUE);
        CHECK_EQ(cl.loglevel, CMDLINE_LOGLEVEL_DEFAULT);
        CHECK(cl.options[0].bad && cl.options[0].kernel);
        CHECK(str_eq(unknowns(), "")); /* rejected, yet still the kernel's */
    }
    /* A bad value keeps the level set before it. */
    CHECK_EQ(cmdline_parse(&cl, "loglevel=2 loglevel=9"), -EINVAL);
    CHECK_EQ(cl.loglevel, 2);
}

TEST(cmdline_bad_values)
{
    static const char *const lines[] = {
        "console", "rdinit", "rdinit=", "init=", "panic=soon", "panic", "panic=99999999999",
    };
    for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
        CHECK_EQ(cmdline_parse(&cl, lines[i]), -EINVAL);
        CHECK(cl.console == NULL && cl.rdinit == NULL && cl.init == NULL);
        CHECK_EQ(cl.panic_timeout, 0);
    }
    CHECK_EQ(cmdline_parse(&cl, "console="), 0); /* no console at all: allowed */
    CHECK(str_eq(cl.console, ""));
}

/* ---- Splitting and quoting (Linux kernel/params.c next_arg). ---- */

TEST(cmdline_whitespace)
{
    CHECK_EQ(cmdline_parse(&cl, "  a\tb=1\n\nc \r d\v\fe  "), 0);
    CHECK_EQ(cl.n_options, 5);
    CHECK(str_eq(unknowns(), "a|b=1|c|d|e"));
}

TEST(cmdline_quotes)
{
    CHECK_EQ(cmdline_parse(&cl, "foo=\"a b\" bar \"baz=x  y\" qu\"o t\"e init=\"/bin/my init\""),
             0);
    CHECK_EQ(cl.n_options, 5);
    CHECK(str_eq(cmdline_get(&cl, "foo"), "a b"));
    CHECK(str_eq(cmdline_get(&cl, "bar"), ""));
    CHECK(str_eq(cmdline_get(&cl, "baz"), "x  y"));
    CHECK(str_eq(cl.options[3].text, "qu\"o t\"e")); /* inner quotes stay, as in Linux */
    CHECK(str_eq(cl.init, "/bin/my init"));
    CHECK(str_eq(joined(cmdline_next_init_env), "foo=a b|baz=x  y"));
}

TEST(cmdline_quote_corners)
{
    static const struct {
        const char *line, *key, *value; /* key NULL: nothing is left */
    } cases[] = {
        {"a=\"", "a", ""},           {"b=\"\"", "b", ""},
        {"c=\"x\"y\"", "c", "x\"y"}, {"d=\"unclosed and more", "d", "unclosed and more"},
        {"\"e\"", "e", ""},          {"\"\"", NULL, NULL},
        {"\"", NULL, NULL},          {"f=x\"", "f", "x\""},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        CHECK_EQ(cmdline_parse(&cl, cases[i].line), 0);
        CHECK_EQ(cl.n_options, cases[i].key ? 1 : 0);
        if (cases[i].key)
            CHECK(str_eq(cmdline_get(&cl, cases[i].key), cases[i].value));
    }
}

TEST(cmdline_value_with_equals)
{
    CHECK_EQ(cmdline_parse(&cl, "root=PARTUUID=ab-01 x==y =z"), 0);
    CHECK(str_eq(cmdline_get(&cl, "root"), "PARTUUID=ab-01"));
    CHECK(str_eq(cmdline_get(&cl, "x"), "=y"));
    CHECK(str_eq(cmdline_get(&cl, ""), "z"));
}

/* ---- Generic access for other subsystems. ---- */

TEST(cmdline_get_values)
{
    CHECK_EQ(cmdline_parse(&cl, "ktest=all root=/dev/vda ro ktest=mm -- ktest=never"), 0);
    CHECK(str_eq(cmdline_get(&cl, "ktest"), "mm")); /* the last before "--" */
    CHECK(str_eq(cmdline_get(&cl, "root"), "/dev/vda"));
    CHECK(str_eq(cmdline_get(&cl, "ro"), ""));
    CHECK(cmdline_get(&cl, "rw") == NULL);
    CHECK(cmdline_get(&cl, "roo") == NULL);
    CHECK(cmdline_get(&cl, "rootx") == NULL);
}

TEST(cmdline_get_int_values)
{
    CHECK_EQ(cmdline_parse(&cl, "a=42 b=-7 c=0x1F d=12x e f= g=9223372036854775807 "
                                "h=9223372036854775808 i=-9223372036854775808 j=-0x10"),
             0);
    long v = 0;
    CHECK_EQ(cmdline_get_int(&cl, "a", &v), 0);
    CHECK_EQ(v, 42);
    CHECK_EQ(cmdline_get_int(&cl, "b", &v), 0);
    CHECK_EQ(v, -7);
    CHECK_EQ(cmdline_get_int(&cl, "c", &v), 0);
    CHECK_EQ(v, 31);
    CHECK_EQ(cmdline_get_int(&cl, "d", &v), -EINVAL);
    CHECK_EQ(cmdline_get_int(&cl, "e", &v), -EINVAL);
    CHECK_EQ(cmdline_get_int(&cl, "f", &v), -EINVAL);
    CHECK_EQ(cmdline_get_int(&cl, "g", &v), 0);
    CHECK_EQ(v, __LONG_MAX__);
    CHECK_EQ(cmdline_get_int(&cl, "h", &v), -ERANGE);
    CHECK_EQ(cmdline_get_int(&cl, "i", &v), 0);
    CHECK_EQ(v, -__LONG_MAX__ - 1);
    CHECK_EQ(cmdline_get_int(&cl, "j", &v), 0);
    CHECK_EQ(v, -16);
    CHECK_EQ(cmdline_get_int(&cl, "zz", &v), -ENOENT);
}

/* ---- Unknown options and what init receives. ---- */

TEST(cmdline_unknown_to_init)
{
    CHECK_EQ(cmdline_parse(&cl, "console=ttyAMA0 foo bar=1 single rootwait baz=2 bar=3 "
                                "mod.param=5 ktest.semihosting -- x=1 y -- --z"),
             0);
    CHECK(str_eq(unknowns(), "foo|bar=1|single|baz=2|bar=3"));
    CHECK(str_eq(joined(cmdline_next_init_arg), "foo|single|x=1|y|--|--z"));
    /* bar=3 replaces bar=1 in its place, as in Linux. */
    CHECK(str_eq(joined(cmdline_next_init_env), "bar=3|baz=2"));
    CHECK(str_eq(cmdline_get(&cl, "mod.param"), "5"));
    CHECK(cmdline_get(&cl, "x") == NULL);
}

/* Expectations taken from Linux 6.1 booted by tools/linux-ref.sh with these
 * lines appended and an /init that prints its argv and environment. */
TEST(cmdline_same_as_linux)
{
    CHECK_EQ(cmdline_parse(&cl, "console=ttyAMA0 rdinit=/init quiet panic=-1 foo bar=1 single "
                                "\"q=a b\" mod.x=3 baz=\"x y\" bar=2 a\"b c\"d -- x=2 y --z"),
             0);
    CHECK(str_eq(joined(cmdline_next_init_arg), "foo|single|a\"b c\"d|x=2|y|--z"));
    CHECK(str_eq(joined(cmdline_next_init_env), "bar=2|q=a b|baz=x y"));
    log_clear();
    cmdline_parse(&cl, "loglevel=7 foo bar=1 single mod.x=3 -- x=2");
    cmdline_report(&cl);
    CHECK(str_eq(log_text,
                 "<5>Unknown kernel command line parameters \"foo single bar=1\", will be passed "
                 "to user space.\n"));
}

TEST(cmdline_claim_option)
{
    CHECK_EQ(cmdline_parse(&cl, "virtio_blk=off other net=1 -- virtio_blk"), 0);
    CHECK(str_eq(unknowns(), "virtio_blk=off|other|net=1"));
    cmdline_claim(&cl, "virtio_blk");
    cmdline_claim(&cl, "absent");
    CHECK(str_eq(unknowns(), "other|net=1"));
    CHECK(str_eq(joined(cmdline_next_init_arg), "other|virtio_blk"));
    CHECK(str_eq(joined(cmdline_next_init_env), "net=1"));
}

/* ---- Bounds. ---- */

static char long_line[4096];

TEST(cmdline_longest_line_fits)
{
    memset(long_line, 'v', CMDLINE_MAX - 1);
    memcpy(long_line, "key=", 4);
    long_line[CMDLINE_MAX - 1] = '\0';
    CHECK_EQ(cmdline_parse(&cl, long_line), 0);
    CHECK_EQ(cl.n_options, 1);
    CHECK_EQ(strlen(cmdline_get(&cl, "key")), CMDLINE_MAX - 5);
}

TEST(cmdline_truncated_drops_cut_option)
{
    size_t n = (size_t)snprintf(long_line, sizeof(long_line), "console=ttyAMA0 x=");
    memset(long_line + n, 'y', 1200);
    long_line[n + 1200] = '\0';
    CHECK_EQ(cmdline_parse(&cl, long_line), -E2BIG);
    CHECK_EQ(cl.problems, CMDLINE_TRUNCATED);
    CHECK_EQ(cl.n_options, 1);
    CHECK(str_eq(cl.console, "ttyAMA0"));
    CHECK(cmdline_get(&cl, "x") == NULL);
}

TEST(cmdline_truncated_at_boundary_keeps_option)
{
    /* The 1024th byte is a space: the option before it is whole. */
    memset(long_line, 'v', sizeof(long_line));
    memcpy(long_line, "k=", 2);
    long_line[CMDLINE_MAX - 1] = ' ';
    memcpy(long_line + CMDLINE_MAX, "tail=1", 7);
    CHECK_EQ(cmdline_parse(&cl, long_line), -E2BIG);
    CHECK_EQ(cl.n_options, 1);
    CHECK_EQ(strlen(cmdline_get(&cl, "k")), CMDLINE_MAX - 3);
    CHECK(cmdline_get(&cl, "tail") == NULL);
}

TEST(cmdline_truncated_reads_no_further)
{
    /* Not NUL-terminated: ASan fails the test if the parser reads past it. */
    char *raw = malloc(CMDLINE_MAX);
    memset(raw, 'a', CMDLINE_MAX);
    raw[10] = ' ';
    CHECK_EQ(cmdline_parse(&cl, raw), -E2BIG);
    CHECK_EQ(cl.n_options, 1); /* the 1013-byte option was cut */
    free(raw);
}

TEST(cmdline_too_many)
{
    size_t len = 0;
    for (int i = 0; i < CMDLINE_MAX_OPTIONS + 6; i++)
        len += (size_t)snprintf(long_line + len, sizeof(long_line) - len, "o%d ", i);
    CHECK_EQ(cmdline_parse(&cl, long_line), -E2BIG);
    CHECK_EQ(cl.problems, CMDLINE_TOO_MANY);
    CHECK_EQ(cl.n_options, CMDLINE_MAX_OPTIONS);
    CHECK(str_eq(cl.options[CMDLINE_MAX_OPTIONS - 1].text, "o63"));
    /* Exactly the maximum is fine, and "--" does not count. */
    len = (size_t)snprintf(long_line, sizeof(long_line), "--");
    for (int i = 0; i < CMDLINE_MAX_OPTIONS; i++)
        len += (size_t)snprintf(long_line + len, sizeof(long_line) - len, " p%d", i);
    CHECK_EQ(cmdline_parse(&cl, long_line), 0);
    CHECK_EQ(cl.n_options, CMDLINE_MAX_OPTIONS);
}

/* Random lines from a nasty alphabet: the invariants hold, ASan stays quiet. */
TEST(cmdline_random_lines)
{
    static const char alphabet[] = "ab=\"\" \t-.=x\"";
    unsigned seed = 12345;
    for (int round = 0; round < 20000; round++) {
        seed = seed * 1103515245 + 12345;
        size_t len = (seed >> 8) % 1400;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245 + 12345;
            long_line[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
        }
        long_line[len] = '\0';
        cmdline_parse(&cl, long_line);
        CHECK(cl.n_options <= CMDLINE_MAX_OPTIONS);
        for (unsigned i = 0; i < cl.n_options; i++) {
            const struct cmdline_option *o = &cl.options[i];
            size_t n = strlen(o->text);
            CHECK(o->text >= cl.storage && o->text + n < cl.storage + CMDLINE_MAX);
            CHECK(n > 0 && o->key_len <= n);
            CHECK(!o->value || (o->value == o->text + o->key_len + 1 && o->value[-1] == '='));
        }
    }
}

/* ---- The report. ---- */

TEST(cmdline_report_lines)
{
    memset(long_line, 'z', 2000);
    memcpy(long_line, "loglevel=9 foo bar=\"1 2\" ", 25);
    long_line[2000] = '\0';
    log_clear();
    cmdline_parse(&cl, long_line);
    cmdline_report(&cl);
    CHECK(strstr(log_text, "<3>Kernel command line longer than 1023 bytes: truncated\n"));
    CHECK(strstr(log_text, "<3>Kernel command line: invalid \"loglevel=9\" ignored\n"));
    CHECK(strstr(log_text, "<5>Unknown kernel command line parameters \"foo bar=1 2\", will be "
                           "passed to user space.\n"));
    CHECK(strstr(log_text, "zzz") == NULL); /* the cut option is not there */

    log_clear();
    cmdline_parse(&cl, "console=ttyAMA0 rdinit=/init");
    cmdline_report(&cl);
    CHECK_EQ(log_len, 0);
}
