/* /dev/kmsg records from the printk log stream. printk.c keeps lines as
 * "<L>[sssss.uuuuuu] text\n"; a reader of /dev/kmsg gets one record per
 * read in Linux's format (Documentation/ABI/testing/dev-kmsg):
 * "prio,seq,usec,flags;text\n" with prio = facility * 8 + level, flags
 * "-", and bytes outside printable ASCII written as \xNN. Portable. */
#include <kernel/format.h>
#include <kernel/procfs.h>
#include <kernel/string.h>

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Parse "<L>[ sec.usec] " at the start of a line: the text's offset, or
 * 0 if the line does not start that way (a line cut by the ring's wrap). */
static size_t parse_prefix(const char *s, size_t n, unsigned *prio, uint64_t *usec)
{
    size_t i = 0;
    if (n < 4 || s[0] != '<' || !is_digit(s[1]) || s[2] != '>')
        return 0;
    *prio = (unsigned)(s[1] - '0');
    i = 3;
    if (i >= n || s[i] != '[')
        return 0;
    i++;
    while (i < n && s[i] == ' ')
        i++;
    uint64_t sec = 0, us = 0;
    while (i < n && is_digit(s[i]))
        sec = sec * 10 + (uint64_t)(s[i++] - '0');
    if (i >= n || s[i] != '.')
        return 0;
    i++;
    while (i < n && is_digit(s[i]))
        us = us * 10 + (uint64_t)(s[i++] - '0');
    if (i >= n || s[i] != ']')
        return 0;
    i++;
    if (i < n && s[i] == ' ')
        i++;
    *usec = sec * 1000000 + us;
    return i;
}

size_t kmsg_format_record(const char *in, size_t len, uint64_t seq, char *out, size_t outlen,
                          size_t *outn)
{
    const char *nl = memchr(in, '\n', len);
    *outn = 0;
    if (outlen)
        out[0] = '\0';
    if (!nl)
        return 0;
    size_t line = (size_t)(nl - in);
    unsigned prio = 0;
    uint64_t usec = 0;
    size_t text = parse_prefix(in, line, &prio, &usec);
    if (!text || outlen < 2)
        return line + 1; /* a fragment: skipped */
    int n = snformat(out, outlen, "%u,%llu,%llu,-;", prio, (unsigned long long)seq,
                     (unsigned long long)usec);
    size_t pos = n < 0 ? 0 : MIN((size_t)n, outlen - 1);
    for (size_t i = text; i < line && pos + 5 < outlen; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c < 0x20 || c >= 0x7f || c == '\\') {
            snformat(out + pos, outlen - pos, "\\x%02x", c);
            pos += 4;
        } else {
            out[pos++] = (char)c;
        }
    }
    out[pos++] = '\n';
    out[pos] = '\0';
    *outn = pos;
    return line + 1;
}
