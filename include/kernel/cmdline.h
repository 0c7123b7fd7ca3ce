/* The kernel command line (/chosen bootargs), parsed the way Linux parses it
 * (kernel/params.c next_arg, init/main.c unknown_bootoption; see
 * Documentation/admin-guide/kernel-parameters.rst):
 *
 *  - Options are separated by white space; each is "key=value" or a bare
 *    "key". A double quote opening the option or its value, and the one
 *    closing it, are removed and protect spaces: foo="a b" is key foo with
 *    value `a b`. Other quotes are kept as text.
 *  - The kernel's own options set fields of struct cmdline; when one occurs
 *    several times, the last one wins. Any subsystem can read its own option
 *    with cmdline_get() / cmdline_get_int() (e.g. ktest=, root=).
 *  - Options nobody uses are "unknown": reported (cmdline_report), not fatal,
 *    and handed to init in command-line order like Linux does: a bare "word"
 *    becomes an argument (argv[1..]) and "key=value" an environment string
 *    (envp). Everything after a bare "--" is init's, always as arguments.
 *    Keys containing a '.' are module-style parameters ("ktest.semihosting"):
 *    they never go to init, as in Linux.
 *  - Storage is fixed: CMDLINE_MAX bytes including the NUL and at most
 *    CMDLINE_MAX_OPTIONS options. A longer line is truncated (an option cut
 *    in half is dropped, not misread), extra options are ignored, and both
 *    are reported as errors. Nothing is allocated.
 *
 * Locking: none. The boot CPU parses the line and claims options before other
 * CPUs and init start; afterwards the structure is read-only. */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include <kernel/types.h>

#define CMDLINE_MAX         1024
#define CMDLINE_MAX_OPTIONS 64

/* Console log levels (Linux include/linux/printk.h): lines with a level
 * below the console log level are printed. */
#define CMDLINE_LOGLEVEL_DEFAULT 7  /* CONFIG_CONSOLE_LOGLEVEL_DEFAULT */
#define CMDLINE_LOGLEVEL_QUIET   4  /* "quiet": CONSOLE_LOGLEVEL_QUIET */
#define CMDLINE_LOGLEVEL_DEBUG   10 /* "debug": CONSOLE_LOGLEVEL_DEBUG, shows KERN_DEBUG too */

/* Problems found while parsing, OR-ed into struct cmdline.problems. */
enum cmdline_problem {
    CMDLINE_TRUNCATED = 1 << 0, /* longer than CMDLINE_MAX - 1 bytes */
    CMDLINE_TOO_MANY = 1 << 1,  /* more than CMDLINE_MAX_OPTIONS options */
    CMDLINE_BAD_VALUE = 1 << 2, /* a kernel option with an invalid value */
};

struct cmdline_option {
    const char *text;  /* "key=value" or "key", quotes removed, NUL-terminated */
    const char *value; /* inside text, after the '='; NULL for a bare key */
    uint16_t key_len;  /* the key is text[0 .. key_len) */
    bool kernel;       /* used by the kernel (or a module-style key): not init's */
    bool after_dashes; /* after "--": an argument of init, not a kernel option */
    bool bad;          /* a kernel option whose value was rejected */
};

struct cmdline {
    char storage[CMDLINE_MAX]; /* a private copy, split in place */
    struct cmdline_option options[CMDLINE_MAX_OPTIONS];
    unsigned n_options;

    const char *console; /* console=, e.g. "ttyAMA0,115200"; NULL if absent */
    const char *rdinit;  /* rdinit=: init program in the initramfs; NULL if absent */
    const char *init;    /* init=: init program on the root fs; NULL if absent */
    int loglevel;        /* loglevel=0..7, quiet, debug; default 7 */
    int panic_timeout;   /* panic=: 0 halt, < 0 reboot at once, > 0 seconds */

    unsigned problems; /* enum cmdline_problem bits */
};

/* Parse text (NULL means empty) into cl. Never fails hard: problems are
 * recorded in cl->problems and the bad parts skipped. Returns 0, or -E2BIG
 * (truncated or too many options), else -EINVAL (a rejected value). */
int cmdline_parse(struct cmdline *cl, const char *text);

/* The value of the last "key=value" before any "--", "" for a bare "key",
 * NULL if key is absent. */
const char *cmdline_get(const struct cmdline *cl, const char *key);

/* cmdline_get() as an integer (decimal, or hex with 0x; optional sign).
 * Returns 0, -ENOENT if absent, -EINVAL if bare or not a number, -ERANGE. */
int cmdline_get_int(const struct cmdline *cl, const char *key, long *out);

/* Mark every option named key as the kernel's: not unknown, not given to
 * init. For subsystems that read options the parser does not know. */
void cmdline_claim(struct cmdline *cl, const char *key);

/* Iterators; start with *pos = 0, they return NULL at the end.
 * Unknown options before any "--", in order: */
const struct cmdline_option *cmdline_next_unknown(const struct cmdline *cl, unsigned *pos);
/* init's extra arguments (argv[1..]): bare unknown words, then "--" ones: */
const char *cmdline_next_init_arg(const struct cmdline *cl, unsigned *pos);
/* init's environment: unknown "key=value" strings; a key given twice keeps
 * the place of its first occurrence and the value of its last (as Linux): */
const char *cmdline_next_init_env(const struct cmdline *cl, unsigned *pos);

/* printk the problems, the rejected values and the unknown options. */
void cmdline_report(const struct cmdline *cl);

#endif
