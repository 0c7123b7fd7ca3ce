/* Randomised host tests of the line discipline (deterministic seeds):
 *  - line editing against a model: random keys (text, tabs, UTF-8,
 *    control bytes, ERASE, KILL, WERASE) must leave the same line in the
 *    queue as a simple model, and the echo, played on a model screen, must
 *    show exactly that line after every key;
 *  - random input, settings, reads and writes must keep the queue's
 *    invariants (the sanitizers watch the memory accesses). */
#include "test_tty_harness.c"

static uint64_t rng_state;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 11);
}

/* ---- The model line: characters as byte strings ---- */

#define MODEL_MAX 64

static struct {
    char ch[MODEL_MAX][4];
    int n;
} line;

static bool model_word(const char *c)
{
    unsigned char b = (unsigned char)c[0];
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_' ||
           b >= 0x80;
}

static void model_key(const char *key)
{
    if (key[0] == 0x7f) {
        line.n -= line.n > 0;
    } else if (key[0] == 0x15) {
        line.n = 0;
    } else if (key[0] == 0x17) {
        bool seen = false;
        while (line.n > 0) {
            if (model_word(line.ch[line.n - 1]))
                seen = true;
            else if (seen)
                break;
            line.n--;
        }
    } else if (line.n < MODEL_MAX) {
        strcpy(line.ch[line.n++], key);
    }
}

/* ---- A terminal screen: one row, the cursor, cells keep lead bytes ---- */

#define COLS 1024

static struct {
    unsigned char cell[COLS];
    unsigned col;
} screen;

static void screen_play(const char *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)out[i];
        if (c == '\b')
            screen.col -= screen.col > 0;
        else if (c == '\r')
            screen.col = 0;
        else if (c == '\t')
            screen.col = (screen.col | 7) + 1;
        else if ((c & 0xc0) == 0x80)
            continue; /* UTF-8 continuation: same cell */
        else if (c >= 0x20 && screen.col < COLS)
            screen.cell[screen.col++] = c;
    }
}

/* What the screen row should read for the model line. */
static size_t render_model(unsigned char *want)
{
    size_t col = 0;
    memset(want, ' ', COLS);
    for (int i = 0; i < line.n; i++) {
        unsigned char c = (unsigned char)line.ch[i][0];
        if (c == '\t') {
            col = (col | 7) + 1;
        } else if (c < 0x20) {
            want[col++] = '^';
            want[col++] = c ^ 0x40;
        } else {
            want[col++] = c;
        }
    }
    return col;
}

static bool screen_matches(size_t *cursor_want)
{
    unsigned char want[COLS];
    *cursor_want = render_model(want);
    return memcmp(want, screen.cell, COLS) == 0 && screen.col == *cursor_want;
}

static const char *const keys[] = {
    "a",
    "b",
    "z",
    "_",
    "0",
    " ",
    " ",
    "/",
    "\t",
    "\xc3\xa9",
    "\xe4\xb8\xad",
    "\x01",
    "\x1b",
    "\x7f",
    "\x7f",
    "\x7f",
    "\x15",
    "\x17",
    "\x17",
};

static void edit_one_line(int len)
{
    line.n = 0;
    memset(screen.cell, ' ', COLS);
    screen.col = 0;
    for (int k = 0; k < len; k++) {
        const char *key = keys[rng() % ARRAY_SIZE(keys)];
        if (line.n >= MODEL_MAX - 1 && key[0] != 0x7f)
            continue;
        model_key(key);
        F.out_len = 0;
        type_n(key, strlen(key));
        screen_play(F.out, F.out_len);
        size_t cursor;
        if (!screen_matches(&cursor)) {
            fprintf(stderr, "  after key 0x%02x: cursor %u want %zu\n", (unsigned char)key[0],
                    screen.col, cursor);
            CHECK(!"screen shows the model line");
            return;
        }
    }
    char want[MODEL_MAX * 4 + 2], got[8192];
    size_t n = 0;
    for (int i = 0; i < line.n; i++)
        for (const char *p = line.ch[i]; *p; p++)
            want[n++] = *p;
    want[n++] = '\n';
    F.out_len = 0;
    TYPE("\r");
    long r = tty_read(&F.tty, NULL, got, sizeof(got), true);
    CHECK_EQ(r, (long)n);
    CHECK(r == (long)n && memcmp(got, want, n) == 0);
}

TEST(tty_editing_matches_model_and_screen)
{
    setup();
    rng_state = 0x9e3779b97f4a7c15ULL;
    for (int i = 0; i < 3000; i++)
        edit_one_line((int)(rng() % 40));
}

TEST(tty_editing_without_echoke_matches_model)
{
    setup();
    set_lflag(0, ECHOKE);
    rng_state = 12345;
    for (int i = 0; i < 1000; i++) {
        line.n = 0;
        int len = (int)(rng() % 30);
        for (int k = 0; k < len; k++) {
            const char *key = keys[rng() % ARRAY_SIZE(keys)];
            if (line.n >= MODEL_MAX - 1 && key[0] != 0x7f)
                continue;
            model_key(key);
            type_n(key, strlen(key));
        }
        char got[8192];
        F.out_len = 0;
        TYPE("\n");
        long r = tty_read(&F.tty, NULL, got, sizeof(got), true);
        size_t n = 0;
        for (int j = 0; j < line.n; j++)
            n += strlen(line.ch[j]);
        CHECK_EQ(r, (long)n + 1);
    }
}

/* ---- Invariants under random everything ---- */

static void check_invariants(void)
{
    struct tty *t = &F.tty;
    uint32_t queued = t->read_head - t->read_tail;
    uint32_t readable = t->canon_head - t->read_tail;
    CHECK(queued <= TTY_BUF_SIZE);
    CHECK(readable <= queued);
    if (!(t->termios.c_lflag & ICANON))
        CHECK(t->canon_head == t->read_head);
    /* Terminators only among the complete lines. */
    for (uint32_t p = t->canon_head; p != t->read_tail + TTY_BUF_SIZE; p++)
        if (tty_is_delim(t, p)) {
            CHECK(!"terminator outside [read_tail, canon_head)");
            break;
        }
    int fr = fionread();
    CHECK(fr >= 0 && (uint32_t)fr <= queued);
}

static void random_settings(void)
{
    static const tcflag_t lflags[] = {ICANON,  ECHO,   ECHOE, ECHOK,  ECHOKE,
                                      ECHOCTL, ECHONL, ISIG,  NOFLSH, IEXTEN};
    static const tcflag_t iflags[] = {IUTF8, IXON, IXANY, ICRNL, INLCR, IGNCR, ISTRIP, IMAXBEL};
    static const tcflag_t oflags[] = {OPOST, ONLCR, OCRNL, ONOCR, ONLRET, XTABS};
    struct termios t = get_attr();
    t.c_lflag ^= lflags[rng() % ARRAY_SIZE(lflags)];
    t.c_iflag ^= iflags[rng() % ARRAY_SIZE(iflags)];
    if ((rng() & 3) == 0)
        t.c_oflag ^= oflags[rng() % ARRAY_SIZE(oflags)];
    t.c_cc[VMIN] = (cc_t)(rng() % 4);
    t.c_cc[VTIME] = (cc_t)(rng() % 3);
    unsigned cmd = (rng() & 1) ? TCSETS : TCSETSF;
    CHECK_EQ(tty_ioctl(&F.tty, NULL, cmd, 0, &t), 0);
}

static void random_op(void)
{
    static char buf[8192];
    uint32_t op = rng() % 100;
    if (op < 70) {
        unsigned char c = (unsigned char)(rng() & 1 ? rng() % 128 : rng());
        tty_receive_char(&F.tty, c);
    } else if (op < 85) {
        size_t n = 1 + rng() % 300;
        long r = tty_read(&F.tty, NULL, buf, n, true);
        CHECK(r == -EAGAIN || (r >= 0 && (size_t)r <= n));
    } else if (op < 90) {
        long r = tty_write(&F.tty, NULL, "hello\tworld\r\n", 13, true);
        CHECK(r == 13 || r == -EAGAIN);
    } else if (op < 93) {
        random_settings();
    } else if (op < 97) {
        for (int i = 0; i < 500; i++) /* bursts fill the queue */
            tty_receive_char(&F.tty, (unsigned char)('a' + rng() % 26));
    } else {
        tty_ioctl(&F.tty, NULL, TCFLSH, TCIFLUSH, NULL);
    }
    if (F.out_len > sizeof(F.out) / 2)
        F.out_len = 0;
    F.nsigs = 0;
}

TEST(tty_random_operations_keep_invariants)
{
    setup();
    make_session();
    rng_state = 0xdeadbeefcafef00dULL;
    for (int i = 0; i < 200000; i++) {
        random_op();
        if (i % 16 == 0)
            check_invariants();
    }
    check_invariants();
}
