/* Kernel command-line parsing (include/kernel/cmdline.h), following Linux's
 * kernel/params.c (next_arg, parse_args) and init/main.c (unknown_bootoption,
 * set_init_arg). */
#include <kernel/cmdline.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <uapi/errno.h>

/* Options the kernel consumes: never passed to init. The ones with an effect
 * here are applied by apply_option(); the rest are read with cmdline_get()
 * by the subsystem that owns them. */
static const char *const kernel_keys[] = {
    "console", "earlycon", "rdinit",     "init",      "loglevel", "quiet", "debug", "panic",
    "ktest",   "root",     "rootfstype", "rootflags", "rootwait", "ro",    "rw",
};

/* Linux isspace() on the command line: space, \t \n \v \f \r. */
static bool is_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool key_is(const struct cmdline_option *opt, const char *key)
{
    size_t n = strlen(key);
    return opt->key_len == n && memcmp(opt->text, key, n) == 0;
}

static const char *skip_spaces(const char *p)
{
    while (is_space(*p))
        p++;
    return p;
}

/* One past the option starting at p: white space inside quotes does not end it. */
static char *option_end(char *p)
{
    bool quoted = false;
    for (; *p && (quoted || !is_space(*p)); p++)
        if (*p == '"')
            quoted = !quoted;
    return p;
}

/* Remove the quotes Linux's next_arg() removes: one opening the option, one
 * opening its value, and the last character if it closes either. Works in
 * place on w[0 .. n) and NUL-terminates; returns the new length. */
static size_t unquote(char *w, size_t n)
{
    char *eq = memchr(w, '=', n);
    size_t open_word = w[0] == '"' ? 0 : SIZE_MAX;
    size_t open_value = eq && eq + 1 < w + n && eq[1] == '"' ? (size_t)(eq + 1 - w) : SIZE_MAX;
    size_t close = SIZE_MAX;
    bool opened = open_word != SIZE_MAX || open_value != SIZE_MAX;
    if (opened && w[n - 1] == '"' && n - 1 != open_word && n - 1 != open_value)
        close = n - 1;
    size_t out = 0;
    for (size_t i = 0; i < n; i++)
        if (i != open_word && i != open_value && i != close)
            w[out++] = w[i];
    w[out] = '\0';
    return out;
}

/* Decimal, or hex after 0x, with an optional sign; the whole string. */
static int parse_long(const char *s, long *out)
{
    bool negative = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    unsigned base = s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? 16 : 10;
    if (base == 16)
        s += 2;
    if (!*s)
        return -EINVAL;
    unsigned long v = 0, limit = (unsigned long)__LONG_MAX__ + negative;
    for (; *s; s++) {
        unsigned d;
        if (*s >= '0' && *s <= '9')
            d = (unsigned)(*s - '0');
        else if (base == 16 && ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'f'))
            d = (unsigned)((*s | 0x20) - 'a' + 10);
        else
            return -EINVAL;
        if (v > (limit - d) / base)
            return -ERANGE;
        v = v * base + d;
    }
    *out = negative ? (long)(0UL - v) : (long)v;
    return 0;
}

/* -ERANGE and -EINVAL alike: the value is rejected. */
static bool parse_int_in(const char *s, long min, long max, int *out)
{
    long v;
    if (!s || parse_long(s, &v) || v < min || v > max)
        return false;
    *out = (int)v;
    return true;
}

static bool is_kernel_key(const struct cmdline_option *opt)
{
    if (memchr(opt->text, '.', opt->key_len))
        return true; /* module-style parameter: Linux never gives it to init */
    for (size_t i = 0; i < ARRAY_SIZE(kernel_keys); i++)
        if (key_is(opt, kernel_keys[i]))
            return true;
    return false;
}

/* A path option (init=, rdinit=): any non-empty value. */
static bool set_path(const char **field, const struct cmdline_option *opt)
{
    if (!opt->value || !opt->value[0])
        return false;
    *field = opt->value;
    return true;
}

/* Apply one of the kernel's own options; false if its value is invalid. */
static bool apply_option(struct cmdline *cl, const struct cmdline_option *opt)
{
    if (key_is(opt, "console")) {
        if (!opt->value)
            return false;
        cl->console = opt->value;
    } else if (key_is(opt, "rdinit")) {
        return set_path(&cl->rdinit, opt);
    } else if (key_is(opt, "init")) {
        return set_path(&cl->init, opt);
    } else if (key_is(opt, "loglevel")) {
        return parse_int_in(opt->value, 0, 7, &cl->loglevel);
    } else if (key_is(opt, "quiet")) {
        cl->loglevel = CMDLINE_LOGLEVEL_QUIET;
    } else if (key_is(opt, "debug")) {
        cl->loglevel = CMDLINE_LOGLEVEL_DEBUG;
    } else if (key_is(opt, "panic")) {
        return parse_int_in(opt->value, -__INT_MAX__, __INT_MAX__, &cl->panic_timeout);
    }
    return true;
}

/* Record the option w[0 .. n) (quotes still in); a bare "" is dropped. */
static void add_option(struct cmdline *cl, char *w, size_t n, bool after_dashes)
{
    n = unquote(w, n);
    if (n == 0)
        return;
    struct cmdline_option *opt = &cl->options[cl->n_options++];
    const char *eq = memchr(w, '=', n);
    opt->text = w;
    opt->value = eq ? eq + 1 : NULL;
    opt->key_len = (uint16_t)(eq ? (size_t)(eq - w) : n);
    opt->after_dashes = after_dashes;
    opt->kernel = !after_dashes && is_kernel_key(opt);
    opt->bad = opt->kernel && !apply_option(cl, opt);
    if (opt->bad)
        cl->problems |= CMDLINE_BAD_VALUE;
}

/* Copy text, at most CMDLINE_MAX - 1 bytes; returns the length kept. */
static size_t copy_text(struct cmdline *cl, const char *text)
{
    size_t len = strnlen(text, CMDLINE_MAX);
    if (len == CMDLINE_MAX) {
        cl->problems |= CMDLINE_TRUNCATED;
        len = CMDLINE_MAX - 1;
    }
    memcpy(cl->storage, text, len);
    cl->storage[len] = '\0';
    return len;
}

/* Did truncation cut the option ending at end in half? */
static bool cut_short(const struct cmdline *cl, const char *text, const char *end, size_t len)
{
    return (cl->problems & CMDLINE_TRUNCATED) && end == cl->storage + len && !is_space(text[len]);
}

static void split_options(struct cmdline *cl, const char *text, size_t len)
{
    bool after_dashes = false;
    char *p = (char *)skip_spaces(cl->storage);
    while (*p) {
        char *end = option_end(p);
        char *next = (char *)skip_spaces(end); /* before unquote() writes a NUL */
        size_t n = (size_t)(end - p);
        if (cut_short(cl, text, end, len))
            break;
        if (!after_dashes && n == 2 && p[0] == '-' && p[1] == '-') {
            after_dashes = true;
        } else if (cl->n_options == CMDLINE_MAX_OPTIONS) {
            cl->problems |= CMDLINE_TOO_MANY;
            break;
        } else {
            add_option(cl, p, n, after_dashes);
        }
        p = next;
    }
}

int cmdline_parse(struct cmdline *cl, const char *text)
{
    memset(cl, 0, sizeof(*cl));
    cl->loglevel = CMDLINE_LOGLEVEL_DEFAULT;
    if (text)
        split_options(cl, text, copy_text(cl, text));
    if (cl->problems & (CMDLINE_TRUNCATED | CMDLINE_TOO_MANY))
        return -E2BIG;
    return cl->problems ? -EINVAL : 0;
}

const char *cmdline_get(const struct cmdline *cl, const char *key)
{
    const char *found = NULL;
    for (unsigned i = 0; i < cl->n_options; i++) {
        const struct cmdline_option *opt = &cl->options[i];
        if (!opt->after_dashes && key_is(opt, key))
            found = opt->value ? opt->value : "";
    }
    return found;
}

int cmdline_get_int(const struct cmdline *cl, const char *key, long *out)
{
    const char *v = cmdline_get(cl, key);
    if (!v)
        return -ENOENT;
    return parse_long(v, out);
}

void cmdline_claim(struct cmdline *cl, const char *key)
{
    for (unsigned i = 0; i < cl->n_options; i++) {
        struct cmdline_option *opt = &cl->options[i];
        if (!opt->after_dashes && key_is(opt, key))
            opt->kernel = true;
    }
}

const struct cmdline_option *cmdline_next_unknown(const struct cmdline *cl, unsigned *pos)
{
    while (*pos < cl->n_options) {
        const struct cmdline_option *opt = &cl->options[(*pos)++];
        if (!opt->kernel && !opt->after_dashes)
            return opt;
    }
    return NULL;
}

const char *cmdline_next_init_arg(const struct cmdline *cl, unsigned *pos)
{
    while (*pos < cl->n_options) {
        const struct cmdline_option *opt = &cl->options[(*pos)++];
        if (opt->after_dashes || (!opt->kernel && !opt->value))
            return opt->text;
    }
    return NULL;
}

static bool is_env(const struct cmdline_option *opt)
{
    return !opt->kernel && !opt->after_dashes && opt->value;
}

static bool same_key(const struct cmdline_option *a, const struct cmdline_option *b)
{
    return a->key_len == b->key_len && memcmp(a->text, b->text, a->key_len) == 0;
}

/* Linux's unknown_bootoption() replaces an environment string with the same
 * key in place: the first position, the last value. NULL if option i is not
 * the first of its key. */
static const char *env_entry(const struct cmdline *cl, unsigned i)
{
    const struct cmdline_option *opt = &cl->options[i], *last = opt;
    for (unsigned j = 0; j < cl->n_options; j++) {
        const struct cmdline_option *other = &cl->options[j];
        if (j == i || !is_env(other) || !same_key(other, opt))
            continue;
        if (j < i)
            return NULL;
        last = other;
    }
    return last->text;
}

const char *cmdline_next_init_env(const struct cmdline *cl, unsigned *pos)
{
    while (*pos < cl->n_options) {
        unsigned i = (*pos)++;
        const char *entry = is_env(&cl->options[i]) ? env_entry(cl, i) : NULL;
        if (entry)
            return entry;
    }
    return NULL;
}

static void report_problems(const struct cmdline *cl)
{
    if (cl->problems & CMDLINE_TRUNCATED)
        pr_err("Kernel command line longer than %d bytes: truncated\n", CMDLINE_MAX - 1);
    if (cl->problems & CMDLINE_TOO_MANY)
        pr_err("Kernel command line has more than %d options: the rest ignored\n",
               CMDLINE_MAX_OPTIONS);
    for (unsigned i = 0; i < cl->n_options; i++)
        if (cl->options[i].bad)
            pr_err("Kernel command line: invalid \"%s\" ignored\n", cl->options[i].text);
}

/* Linux's print_unknown_bootoptions() wording: init's arguments, then its
 * environment, on one line (built by several printk calls: no big buffer). */
static void report_unknown(const struct cmdline *cl)
{
    const struct cmdline_option *opt;
    const char *env, *sep = "";
    pr_notice("Unknown kernel command line parameters \"");
    for (unsigned pos = 0; (opt = cmdline_next_unknown(cl, &pos));) {
        if (!opt->value) {
            pr_notice("%s%s", sep, opt->text);
            sep = " ";
        }
    }
    for (unsigned pos = 0; (env = cmdline_next_init_env(cl, &pos)); sep = " ")
        pr_notice("%s%s", sep, env);
    pr_notice("\", will be passed to user space.\n");
}

void cmdline_report(const struct cmdline *cl)
{
    report_problems(cl);
    unsigned pos = 0;
    if (cmdline_next_unknown(cl, &pos))
        report_unknown(cl);
}
