/* printk: format a message, stamp it with the time since boot, keep it in
 * the log ring buffer and echo it to the console if its level is high
 * enough. The log lock also serializes console output between CPUs. */
#include <kernel/arch.h>
#include <kernel/format.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>

#define LOG_BUF_SIZE (64 * 1024) /* power of two: positions wrap with a mask */
#define LINE_MAX     1024

/* Guarded by log_lock (skipped once a panic has started). */
static struct spinlock log_lock = SPINLOCK_INIT("printk");
static char log_buf[LOG_BUF_SIZE];
static uint64_t log_head;                /* bytes ever written */
static bool at_line_start = true;        /* the next output starts a line */
static int console_level = LOG_INFO + 1; /* Linux default: levels 0..6 shown */
static void (*console_putc)(char c);

/* Set once, never cleared: the panicking CPU writes without locks. */
static volatile bool panic_mode;

static uint64_t boot_counter;

uint64_t printk_time_ns(void)
{
    uint64_t freq = arch_counter_freq();
    if (!freq)
        return 0;
    if (!boot_counter)
        boot_counter = arch_counter_read();
    uint64_t ticks = arch_counter_read() - boot_counter;
    return ticks / freq * 1000000000ULL + ticks % freq * 1000000000ULL / freq;
}

void printk_set_console_level(int level)
{
    console_level = level;
}

int printk_console_level(void)
{
    return console_level;
}

void console_register(void (*putc)(char c))
{
    console_putc = putc;
}

void console_enter_panic_mode(void)
{
    panic_mode = true;
}

void console_write(const char *s, size_t n)
{
    if (!console_putc)
        return;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            console_putc('\r');
        console_putc(s[i]);
    }
}

static void log_append(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        log_buf[(log_head + i) & (LOG_BUF_SIZE - 1)] = s[i];
    log_head += n;
}

size_t printk_log_read(uint64_t *pos, char *buf, size_t len)
{
    spin_lock(&log_lock);
    uint64_t oldest = log_head > LOG_BUF_SIZE ? log_head - LOG_BUF_SIZE : 0;
    if (*pos < oldest)
        *pos = oldest;
    size_t n = 0;
    while (n < len && *pos < log_head) {
        buf[n++] = log_buf[*pos & (LOG_BUF_SIZE - 1)];
        (*pos)++;
    }
    spin_unlock(&log_lock);
    return n;
}

/* Emit one formatted chunk; a timestamp and level tag start every line. */
static void emit(int level, const char *text, size_t len)
{
    char prefix[32];
    while (len) {
        size_t chunk = 0;
        while (chunk < len && text[chunk] != '\n')
            chunk++;
        if (chunk < len)
            chunk++; /* include the newline */
        if (at_line_start) {
            uint64_t ns = printk_time_ns();
            int plen = snformat(prefix, sizeof(prefix), "[%5lu.%06lu] ",
                                (unsigned long)(ns / 1000000000ULL),
                                (unsigned long)(ns % 1000000000ULL / 1000));
            char tag[3] = {'<', (char)('0' + level), '>'};
            log_append(tag, sizeof(tag));
            log_append(prefix, (size_t)plen);
            if (level < console_level)
                console_write(prefix, (size_t)plen);
        }
        log_append(text, chunk);
        if (level < console_level)
            console_write(text, chunk);
        at_line_start = text[chunk - 1] == '\n';
        text += chunk;
        len -= chunk;
    }
}

void vprintk(int level, const char *fmt, va_list ap)
{
    char line[LINE_MAX];
    int n = vsnformat(line, sizeof(line), fmt, ap);
    size_t len = n < 0 ? 0 : MIN((size_t)n, sizeof(line) - 1);
    if (level < LOG_EMERG || level > LOG_DEBUG)
        level = LOG_INFO;
    if (panic_mode) {
        emit(level, line, len);
        return;
    }
    spin_lock(&log_lock);
    emit(level, line, len);
    spin_unlock(&log_lock);
}

void printk(int level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintk(level, fmt, ap);
    va_end(ap);
}
