/* The kernel's formatter (include/kernel/format.h). The conversion rules are
 * ISO C11 7.21.6.1 (fprintf) and the buffer rules 7.21.6.5 (snprintf);
 * tests/host/test_format.c checks both against the host C library. */
#include <kernel/format.h>
#include <kernel/string.h>
#include <uapi/errno.h>

/* Where the output goes: characters past the buffer are counted, not stored. */
struct sink {
    char *buf;
    size_t room; /* characters that may be stored: size - 1, one kept for NUL */
    size_t len;  /* length of the complete output so far */
};

static void put_chars(struct sink *s, const char *p, size_t n)
{
    if (s->len < s->room)
        memcpy(s->buf + s->len, p, MIN(n, s->room - s->len));
    s->len += n;
}

static void put_fill(struct sink *s, char c, size_t n)
{
    if (s->len < s->room)
        memset(s->buf + s->len, c, MIN(n, s->room - s->len));
    s->len += n;
}

enum {
    FLAG_LEFT = 1 << 0,  /* '-': pad on the right */
    FLAG_PLUS = 1 << 1,  /* '+': signed conversions always get a sign */
    FLAG_SPACE = 1 << 2, /* ' ': a space where a '+' would go */
    FLAG_ALT = 1 << 3,   /* '#': 0x/0X before nonzero hex, a leading 0 for octal */
    FLAG_ZERO = 1 << 4,  /* '0': pad numbers with zeros after the sign/prefix */
};

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE, LEN_PTRDIFF, LEN_MAX };

/* One parsed conversion specification. */
struct spec {
    unsigned flags;
    size_t width;  /* minimum field width, 0 if none */
    int precision; /* -1 if none */
    enum length length;
};

/* A decimal field, saturated at INT_MAX so a silly width cannot overflow. */
static int parse_decimal(const char **f)
{
    int v = 0;
    for (; **f >= '0' && **f <= '9'; (*f)++) {
        int digit = **f - '0';
        v = v > (__INT_MAX__ - digit) / 10 ? __INT_MAX__ : v * 10 + digit;
    }
    return v;
}

static unsigned parse_flags(const char **f)
{
    unsigned flags = 0;
    for (;; (*f)++) {
        switch (**f) {
        case '-':
            flags |= FLAG_LEFT;
            break;
        case '+':
            flags |= FLAG_PLUS;
            break;
        case ' ':
            flags |= FLAG_SPACE;
            break;
        case '#':
            flags |= FLAG_ALT;
            break;
        case '0':
            flags |= FLAG_ZERO;
            break;
        default:
            return flags;
        }
    }
}

/* Width: digits, or '*' taking an int; a negative one means '-' (7.21.6.1p5). */
static void parse_width(const char **f, struct spec *sp, va_list *ap)
{
    if (**f != '*') {
        sp->width = (size_t)parse_decimal(f);
        return;
    }
    (*f)++;
    int w = va_arg(*ap, int);
    if (w < 0) {
        sp->flags |= FLAG_LEFT;
        sp->width = (size_t)(-(int64_t)w); /* no overflow for INT_MIN */
    } else {
        sp->width = (size_t)w;
    }
}

/* Precision: '.' then digits (none means 0) or '*'; a negative '*' means none. */
static void parse_precision(const char **f, struct spec *sp, va_list *ap)
{
    sp->precision = -1;
    if (**f != '.')
        return;
    (*f)++;
    if (**f != '*') {
        sp->precision = parse_decimal(f);
        return;
    }
    (*f)++;
    int p = va_arg(*ap, int);
    sp->precision = p < 0 ? -1 : p;
}

static enum length parse_length(const char **f)
{
    const char *p = *f;
    enum length len = LEN_INT;
    switch (*p++) {
    case 'h':
        len = *p == 'h' ? (p++, LEN_CHAR) : LEN_SHORT;
        break;
    case 'l':
        len = *p == 'l' ? (p++, LEN_LLONG) : LEN_LONG;
        break;
    case 'z':
        len = LEN_SIZE;
        break;
    case 't':
        len = LEN_PTRDIFF;
        break;
    case 'j':
        len = LEN_MAX;
        break;
    default:
        return LEN_INT;
    }
    *f = p;
    return len;
}

/* Parse everything between '%' and the conversion character. */
static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
    sp->flags = parse_flags(&f);
    parse_width(&f, sp, ap);
    parse_precision(&f, sp, ap);
    sp->length = parse_length(&f);
    return f;
}

/* Arguments narrower than int arrive promoted to int (7.21.6.1p7). */
static int64_t fetch_signed(enum length len, va_list *ap)
{
    switch (len) {
    case LEN_CHAR:
        return (signed char)va_arg(*ap, int);
    case LEN_SHORT:
        return (short)va_arg(*ap, int);
    case LEN_LONG:
        return va_arg(*ap, long);
    case LEN_LLONG:
        return va_arg(*ap, long long);
    case LEN_SIZE:
        return (int64_t)va_arg(*ap, size_t);
    case LEN_PTRDIFF: /* NOLINT(bugprone-branch-clone): same type only on LP64 */
        return va_arg(*ap, ptrdiff_t);
    case LEN_MAX:
        return va_arg(*ap, intmax_t);
    default: /* LEN_NONE: plain int */
        break;
    }
    return va_arg(*ap, int);
}

static uint64_t fetch_unsigned(enum length len, va_list *ap)
{
    switch (len) {
    case LEN_CHAR:
        return (unsigned char)va_arg(*ap, unsigned);
    case LEN_SHORT:
        return (unsigned short)va_arg(*ap, unsigned);
    case LEN_LONG:
        return va_arg(*ap, unsigned long);
    case LEN_LLONG:
        return va_arg(*ap, unsigned long long);
    case LEN_SIZE:
        return va_arg(*ap, size_t);
    case LEN_PTRDIFF:
        return (uint64_t)va_arg(*ap, ptrdiff_t);
    case LEN_MAX:
        return va_arg(*ap, uintmax_t);
    default:
        return va_arg(*ap, unsigned);
    }
}

/* Field layout: [spaces] prefix [zeros] body [spaces]. */
static void put_field(struct sink *s, const struct spec *sp, const char *prefix, size_t prefix_len,
                      size_t zeros, const char *body, size_t body_len)
{
    size_t used = prefix_len + zeros + body_len;
    size_t pad = sp->width > used ? sp->width - used : 0;
    if (!(sp->flags & FLAG_LEFT))
        put_fill(s, ' ', pad);
    put_chars(s, prefix, prefix_len);
    put_fill(s, '0', zeros);
    put_chars(s, body, body_len);
    if (sp->flags & FLAG_LEFT)
        put_fill(s, ' ', pad);
}

/* Digits of v, written backwards ending at end; returns the first one.
 * Zero gives no digits: the caller applies the precision rules. */
static char *to_digits(char *end, uint64_t v, unsigned base, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    unsigned shift = base == 16 ? 4 : 3;
    if (base == 10) {
        for (; v; v /= 10)
            *--end = (char)('0' + v % 10);
        return end;
    }
    for (; v; v >>= shift)
        *--end = digits[v & (base - 1)];
    return end;
}

static size_t sign_prefix(char *prefix, const struct spec *sp, bool negative)
{
    if (negative)
        prefix[0] = '-';
    else if (sp->flags & FLAG_PLUS)
        prefix[0] = '+';
    else if (sp->flags & FLAG_SPACE)
        prefix[0] = ' ';
    else
        return 0;
    return 1;
}

/* conv is one of d i u o x X; magnitude and sign are already separated. */
static void put_integer(struct sink *s, const struct spec *sp, char conv, uint64_t mag,
                        bool negative)
{
    char buf[24]; /* 2^64 - 1 has 22 octal digits */
    unsigned base = conv == 'o' ? 8 : conv == 'x' || conv == 'X' ? 16 : 10;
    char *end = buf + sizeof(buf);
    char *digits = to_digits(end, mag, base, conv == 'X');
    if (mag == 0 && sp->precision != 0)
        *--digits = '0'; /* precision 0 and value 0 print no digits (p8) */
    size_t n = (size_t)(end - digits);

    char prefix[2];
    size_t prefix_len = 0;
    if (conv == 'd' || conv == 'i')
        prefix_len = sign_prefix(prefix, sp, negative);
    else if (base == 16 && (sp->flags & FLAG_ALT) && mag != 0) {
        prefix[0] = '0';
        prefix[1] = conv;
        prefix_len = 2;
    }

    size_t zeros = sp->precision > (int)n ? (size_t)sp->precision - n : 0;
    if (base == 8 && (sp->flags & FLAG_ALT) && zeros == 0 && (n == 0 || digits[0] != '0'))
        zeros = 1; /* '#' makes the first octal digit a zero (p6) */
    /* '0' pads with zeros unless '-' or a precision is given (p6). */
    bool zero_pad = (sp->flags & (FLAG_ZERO | FLAG_LEFT)) == FLAG_ZERO && sp->precision < 0;
    if (zero_pad && sp->width > prefix_len + n + zeros)
        zeros = sp->width - prefix_len - n;
    put_field(s, sp, prefix, prefix_len, zeros, digits, n);
}

static void put_signed(struct sink *s, const struct spec *sp, char conv, int64_t v)
{
    uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    put_integer(s, sp, conv, mag, v < 0);
}

/* %p: "0x" and all 16 hex digits, so addresses line up in logs. */
static void put_pointer(struct sink *s, const struct spec *sp, const void *p)
{
    char buf[18] = "0x";
    uint64_t v = (uint64_t)(uintptr_t)p;
    for (int i = 17; i >= 2; i--, v >>= 4)
        buf[i] = "0123456789abcdef"[v & 15];
    put_field(s, sp, "", 0, 0, buf, sizeof(buf));
}

static void put_string(struct sink *s, const struct spec *sp, const char *str)
{
    if (!str)
        str = "(null)";
    /* With a precision the array need not be NUL-terminated (p8). */
    size_t n = sp->precision < 0 ? strlen(str) : strnlen(str, (size_t)sp->precision);
    put_field(s, sp, "", 0, 0, str, n);
}

static void put_char(struct sink *s, const struct spec *sp, int c)
{
    char ch = (char)(unsigned char)c;
    put_field(s, sp, "", 0, 0, &ch, 1);
}

/* Convert one specification; start points at its '%', conv at the
 * conversion character. Returns where the format continues. */
static const char *convert(struct sink *s, const char *start, va_list *ap)
{
    struct spec sp;
    const char *conv = parse_spec(start + 1, &sp, ap);
    switch (*conv) {
    case 'd':
    case 'i':
        put_signed(s, &sp, *conv, fetch_signed(sp.length, ap));
        break;
    case 'u':
    case 'o':
    case 'x':
    case 'X':
        put_integer(s, &sp, *conv, fetch_unsigned(sp.length, ap), false);
        break;
    case 'c':
        put_char(s, &sp, va_arg(*ap, int));
        break;
    case 's':
        put_string(s, &sp, va_arg(*ap, const char *));
        break;
    case 'p':
        put_pointer(s, &sp, va_arg(*ap, const void *));
        break;
    case '%':
        put_chars(s, "%", 1);
        break;
    case '\0':
        put_chars(s, start, (size_t)(conv - start));
        return conv;
    default: /* unknown: copied as written, like glibc */
        put_chars(s, start, (size_t)(conv + 1 - start));
        break;
    }
    return conv + 1;
}

int vsnformat(char *buf, size_t size, const char *fmt, va_list ap_in)
{
    struct sink s = {.buf = buf, .room = size ? size - 1 : 0, .len = 0};
    va_list ap;
    va_copy(ap, ap_in); /* a local copy, so &ap has type va_list * on every ABI */
    while (*fmt) {
        const char *pct = strchr(fmt, '%');
        size_t literal = pct ? (size_t)(pct - fmt) : strlen(fmt);
        put_chars(&s, fmt, literal);
        fmt += literal;
        if (pct)
            fmt = convert(&s, pct, &ap);
    }
    va_end(ap);
    if (size)
        buf[MIN(s.len, s.room)] = '\0';
    return s.len > (size_t)__INT_MAX__ ? -EOVERFLOW : (int)s.len;
}

int snformat(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnformat(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
