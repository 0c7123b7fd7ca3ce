/* Host tests for kernel/lib/format.c: every case is run through both
 * vsnformat and the host C library's vsnprintf, and must agree in the
 * return value, in the text, and in how it truncates at every buffer size
 * from 0 to the full length + 1 (bytes past the buffer must stay untouched). */
#include "test.h"

#include <kernel/format.h>
#include <uapi/errno.h>

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#define OUT_MAX 512
#define GUARD   8

static long compared; /* cases checked against the C library */
static int failures;  /* after MAX_FAILURES, stop comparing: one bug fails thousands */
#define MAX_FAILURES 20

static void fail(const char *what)
{
    failures++;
    host_test_fail(__FILE__, __LINE__, what);
}

static void check_same(const char *fmt, const char *want, int want_n, va_list ap)
{
    char got[OUT_MAX];
    va_list aq;
    va_copy(aq, ap);
    int n = vsnformat(got, sizeof(got), fmt, aq);
    va_end(aq);
    if (n != want_n || memcmp(got, want, (size_t)want_n + 1) != 0) {
        fprintf(stderr, "  format \"%s\": want %d \"%s\", got %d \"%s\"\n", fmt, want_n, want, n,
                got);
        fail("vsnformat == vsnprintf");
    }
}

/* Truncated to size: the first size - 1 bytes, a NUL, nothing written beyond. */
static void check_truncated(const char *fmt, const char *want, int want_n, size_t size, va_list ap)
{
    char got[OUT_MAX + GUARD];
    memset(got, 0x5a, sizeof(got));
    va_list aq;
    va_copy(aq, ap);
    int n = vsnformat(size ? got : NULL, size, fmt, aq);
    va_end(aq);
    bool ok = n == want_n;
    if (size) {
        ok = ok && memcmp(got, want, size - 1) == 0 && got[size - 1] == '\0';
    }
    for (size_t i = size; i < size + GUARD; i++)
        ok = ok && got[i] == 0x5a;
    if (!ok) {
        fprintf(stderr, "  format \"%s\" truncated to %zu: want %d, got %d\n", fmt, size, want_n,
                n);
        fail("truncation");
    }
}

/* Compare fmt with the given arguments against vsnprintf. */
static void compare(const char *fmt, ...)
{
    char want[OUT_MAX];
    if (failures >= MAX_FAILURES)
        return;
    va_list ap;
    va_start(ap, fmt);
    va_list aq;
    va_copy(aq, ap);
    int want_n = vsnprintf(want, sizeof(want), fmt, aq);
    va_end(aq);
    if (want_n < 0 || want_n >= OUT_MAX) {
        fprintf(stderr, "  test bug: format \"%s\" gives %d\n", fmt, want_n);
        fail("usable reference output");
    } else {
        check_same(fmt, want, want_n, ap);
        for (size_t size = 0; size <= (size_t)want_n + 1; size++)
            check_truncated(fmt, want, want_n, size, ap);
    }
    va_end(ap);
    compared++;
}

/* Check snformat against a fixed expectation (for what libc does differently). */
static void expect(const char *want, const char *fmt, ...)
{
    char got[OUT_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnformat(got, sizeof(got), fmt, ap);
    va_end(ap);
    if (n != (int)strlen(want) || strcmp(got, want) != 0) {
        fprintf(stderr, "  format \"%s\": want \"%s\", got %d \"%s\"\n", fmt, want, n, got);
        host_test_fail(__FILE__, __LINE__, "expected output");
    }
}

/* ---- Integer conversions: every flag set, width, precision and length. ---- */

static const char *const flag_sets[] = {
    "",    "-",   "+",   " ",   "#",    "0",    "-+",   "- ",   "-#",   "-0",    "+ ",
    "+#",  "+0",  " #",  " 0",  "#0",   "-+ ",  "-+#",  "-+0",  "- #",  "- 0",   "-#0",
    "+ #", "+ 0", "+#0", " #0", "-+ #", "-+ 0", "-+#0", "- #0", "+ #0", "-+ #0",
};
static const char *const widths[] = {"", "1", "6", "21", "*"};
static const int star_widths[] = {7, -7, 0};
static const char *const precisions[] = {"", ".", ".0", ".2", ".15", ".*"};
static const int star_precisions[] = {-2, 0, 4};

static const uint64_t int_values[] = {
    0,
    1,
    (uint64_t)-1,
    8,
    42,
    (uint64_t)-42,
    127,
    128,
    255,
    0x8000,
    0xffff,
    123456789,
    0x7fffffff,
    0x80000000,
    0xffffffff,
    0x123456789abcdefULL,
    0x7fffffffffffffffULL,
    0x8000000000000000ULL,
    0xffffffffffffffffULL,
};

enum length { L_HH, L_H, L_NONE, L_L, L_LL, L_Z, L_T, L_J, L_COUNT };
static const char *const length_text[L_COUNT] = {"hh", "h", "", "l", "ll", "z", "t", "j"};

/* Pass v with the '*' arguments the format asks for (stars: bit 0 width, bit 1 precision). */
#define CALL_STARS(fmt, stars, w, p, v)                                                            \
    do {                                                                                           \
        switch (stars) {                                                                           \
        case 0:                                                                                    \
            compare(fmt, v);                                                                       \
            break;                                                                                 \
        case 1:                                                                                    \
            compare(fmt, w, v);                                                                    \
            break;                                                                                 \
        case 2:                                                                                    \
            compare(fmt, p, v);                                                                    \
            break;                                                                                 \
        default:                                                                                   \
            compare(fmt, w, p, v);                                                                 \
            break;                                                                                 \
        }                                                                                          \
    } while (0)

/* Each length gets an argument of exactly its type (7.21.6.1p7). */
static void compare_signed(const char *fmt, int stars, int w, int p, enum length len, uint64_t raw)
{
    switch (len) {
    case L_HH:
    case L_H:
    case L_NONE:
        CALL_STARS(fmt, stars, w, p, (int)raw);
        break;
    case L_L:
        CALL_STARS(fmt, stars, w, p, (long)raw);
        break;
    case L_LL:
        CALL_STARS(fmt, stars, w, p, (long long)raw);
        break;
    case L_Z:
        CALL_STARS(fmt, stars, w, p, (size_t)raw);
        break;
    case L_T:
        CALL_STARS(fmt, stars, w, p, (ptrdiff_t)raw);
        break;
    default:
        CALL_STARS(fmt, stars, w, p, (intmax_t)raw);
        break;
    }
}

static void compare_unsigned(const char *fmt, int stars, int w, int p, enum length len,
                             uint64_t raw)
{
    switch (len) {
    case L_HH:
    case L_H:
    case L_NONE:
        CALL_STARS(fmt, stars, w, p, (unsigned)raw);
        break;
    case L_L:
        CALL_STARS(fmt, stars, w, p, (unsigned long)raw);
        break;
    case L_LL:
        CALL_STARS(fmt, stars, w, p, (unsigned long long)raw);
        break;
    case L_Z:
        CALL_STARS(fmt, stars, w, p, (size_t)raw);
        break;
    case L_T:
        CALL_STARS(fmt, stars, w, p, (ptrdiff_t)raw);
        break;
    default:
        CALL_STARS(fmt, stars, w, p, (uintmax_t)raw);
        break;
    }
}

/* All values for one format; w and p feed any '*'. */
static void compare_int_format(const char *fmt, char conv, int stars, int w, int p, enum length len)
{
    for (size_t v = 0; v < ARRAY_SIZE(int_values); v++) {
        if (conv == 'd' || conv == 'i')
            compare_signed(fmt, stars, w, p, len, int_values[v]);
        else
            compare_unsigned(fmt, stars, w, p, len, int_values[v]);
    }
}

/* Every '*' value combination for one format. */
static void compare_int_stars(const char *fmt, char conv, int stars, enum length len)
{
    size_t nw = stars & 1 ? ARRAY_SIZE(star_widths) : 1;
    size_t np = stars & 2 ? ARRAY_SIZE(star_precisions) : 1;
    for (size_t i = 0; i < nw; i++)
        for (size_t j = 0; j < np; j++)
            compare_int_format(fmt, conv, stars, star_widths[i], star_precisions[j], len);
}

static void compare_conversion(char conv, enum length len)
{
    char fmt[32];
    for (size_t f = 0; f < ARRAY_SIZE(flag_sets); f++)
        for (size_t w = 0; w < ARRAY_SIZE(widths); w++)
            for (size_t p = 0; p < ARRAY_SIZE(precisions); p++) {
                snprintf(fmt, sizeof(fmt), "<%%%s%s%s%s%c>", flag_sets[f], widths[w], precisions[p],
                         length_text[len], conv);
                int stars = !!strchr(widths[w], '*') | !!strchr(precisions[p], '*') << 1;
                compare_int_stars(fmt, conv, stars, len);
            }
}

static void compare_all_lengths(char conv)
{
    for (int len = 0; len < L_COUNT; len++)
        compare_conversion(conv, (enum length)len);
}

TEST(format_d)
{
    compare_all_lengths('d');
}

TEST(format_i)
{
    compare_all_lengths('i');
}

TEST(format_u)
{
    compare_all_lengths('u');
}

TEST(format_x)
{
    compare_all_lengths('x');
}

TEST(format_X)
{
    compare_all_lengths('X');
}

TEST(format_o)
{
    compare_all_lengths('o');
}

/* ---- Strings and characters. ---- */

static const char *const strings[] = {
    "",
    "a",
    "hello",
    "hello, world",
    "tab\tand newline\n",
    "0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
};

TEST(format_s)
{
    static const char *const s_flags[] = {"", "-"};
    static const char *const s_widths[] = {"", "1", "5", "13", "80"};
    static const char *const s_precisions[] = {"", ".", ".0", ".1", ".5", ".40"};
    char fmt[32];
    for (size_t f = 0; f < ARRAY_SIZE(s_flags); f++)
        for (size_t w = 0; w < ARRAY_SIZE(s_widths); w++)
            for (size_t p = 0; p < ARRAY_SIZE(s_precisions); p++)
                for (size_t s = 0; s < ARRAY_SIZE(strings); s++) {
                    snprintf(fmt, sizeof(fmt), "[%%%s%s%ss]", s_flags[f], s_widths[w],
                             s_precisions[p]);
                    compare(fmt, strings[s]);
                }
    for (int w = -12; w <= 12; w += 4)
        for (int p = -1; p <= 8; p += 3)
            compare("[%*.*s]", w, p, "hello, world");
}

TEST(format_s_precision_reads_no_further)
{
    char unterminated[3] = {'a', 'b', 'c'}; /* ASan catches a read past it */
    /* Not compare(): ASan's printf interceptor itself reads to a NUL. */
    expect("abc|ab|", "%.3s|%.2s|%.0s", unterminated, unterminated, unterminated);
}

TEST(format_s_null)
{
    expect("(null)", "%s", (char *)NULL);
    expect("[  (null)]", "[%8s]", (char *)NULL);
    expect("[(null)  ]", "[%-8s]", (char *)NULL);
    expect("(nu", "%.3s", (char *)NULL);
}

TEST(format_c)
{
    static const char *const c_formats[] = {"[%c]", "[%5c]", "[%-5c]", "[%1c]", "%c%c%c"};
    static const int chars[] = {'a', ' ', '%', '~', 0x7f, 0xe9, 0};
    for (size_t f = 0; f < ARRAY_SIZE(c_formats); f++)
        for (size_t c = 0; c < ARRAY_SIZE(chars); c++)
            compare(c_formats[f], chars[c], chars[c], chars[c]);
    compare("[%*c]", -4, 'z');
    compare("[%*c]", 4, 'z');
}

TEST(format_percent_and_literals)
{
    compare("100%%");
    compare("%%%%%%");
    compare("%%d%%s");
    compare("plain text with no conversions at all, long enough to truncate in many places");
    compare("%s%%%d", "x", 5);
    compare("");
}

/* ---- Pointers: "0x" and 16 digits, unlike glibc's "%p". ---- */

static void compare_pointer(const char *width_flags, const void *p)
{
    char fmt[16], want_fmt[16], body[32], want[64], got[64];
    snprintf(fmt, sizeof(fmt), "%%%sp", width_flags);
    snprintf(want_fmt, sizeof(want_fmt), "%%%ss", width_flags);
    snprintf(body, sizeof(body), "0x%016llx", (unsigned long long)(uintptr_t)p);
    int want_n = snprintf(want, sizeof(want), want_fmt, body);
    int n = snformat(got, sizeof(got), fmt, p);
    CHECK_EQ(n, want_n);
    CHECK(strcmp(got, want) == 0);
}

TEST(format_p)
{
    static const char *const p_specs[] = {"", "1", "18", "24", "-24", "-"};
    static const uintptr_t ptrs[] = {0, 1, 0x40080000, 0xffff000040080000, UINTPTR_MAX};
    for (size_t s = 0; s < ARRAY_SIZE(p_specs); s++)
        for (size_t i = 0; i < ARRAY_SIZE(ptrs); i++)
            compare_pointer(p_specs[s], (const void *)ptrs[i]);
    expect("0x0000000000000000", "%p", (void *)0);
    expect("at 0xffff000040080000.", "at %p.", (void *)0xffff000040080000);
    expect("[  0x00000000deadbeef]", "[%*p]", 20, (void *)0xdeadbeef);
}

/* ---- Mixed formats, as printk and panic use them. ---- */

TEST(format_mixed)
{
    compare("[%5lu.%06lu] ", 3UL, 141592UL);
    compare("[%5lu.%06lu] ", 123456UL, 7UL);
    compare("pid %d (%s): %s at %#lx, esr %08x\n", 1, "init", "data abort", 0xffff0000UL,
            0x96000045u);
    compare("%-10s|%10s|%-3d|%3d|%c", "left", "right", 7, -7, '!');
    compare("x0 %016llx x1 %016llx x2 %016llx", 0ULL, 0xdeadbeefULL, ~0ULL);
    compare("%zu bytes, %zd delta, %td diff, %jd max", (size_t)4096, (size_t)-3, (ptrdiff_t)-9,
            INTMAX_MIN);
    compare("%hhu %hhd %hu %hd", 300, 200, 70000, 40000);
    compare("%d%i%u%x%X%o", -1, -2, 3u, 0xabu, 0xcdu, 8u);
    compare("%+.3d % .3d %-+6d %0+6d", 5, 5, 5, 5);
    compare("%#.0o %#.0x %.0d %#o %#x", 0u, 0u, 0, 0u, 0u);
}

/* ---- What the C library does not define, or does differently. ---- */

TEST(format_unknown_and_incomplete)
{
    const char *fmt = "a%yb"; /* not a literal, so the compiler lets it through */
    expect("a%yb", fmt);
    fmt = "[%5y]";
    expect("[%5y]", fmt);
    fmt = "abc%";
    expect("abc%", fmt);
    fmt = "abc%-5";
    expect("abc%-5", fmt);
}

TEST(format_size_zero_and_null_buffer)
{
    CHECK_EQ(snformat(NULL, 0, "%d-%s", 12345, "abc"), 9);
    char c = 'x';
    CHECK_EQ(snformat(&c, 1, "%d", 12345), 5);
    CHECK_EQ(c, '\0');
}

TEST(format_overflow)
{
    /* Widths are counted without being written when the buffer is full. */
    CHECK_EQ(snformat(NULL, 0, "%*d", INT_MAX, 1), INT_MAX);
    CHECK_EQ(snformat(NULL, 0, "%*d%*d", INT_MAX, 1, INT_MAX, 1), -EOVERFLOW);
    CHECK_EQ(snformat(NULL, 0, "%99999999999999999999d", 1), INT_MAX);
    char buf[4];
    CHECK_EQ(snformat(buf, sizeof(buf), "%*d", INT_MIN + 1, 7), INT_MAX);
    CHECK(strcmp(buf, "7  ") == 0);
}

TEST(format_case_count)
{
    /* Runs last: a guard that the table above really ran. */
    fprintf(stderr, "  %ld formats compared with the C library\n", compared);
    CHECK(compared > 100000);
    CHECK_EQ(failures, 0); /* comparisons stop after MAX_FAILURES */
}
