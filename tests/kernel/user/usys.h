/* Freestanding system-call wrappers for the ktest user programs (no libc:
 * the kernel under test may not run one yet). Linux AArch64 ABI: x8 =
 * number, x0-x5 = arguments, svc #0, x0 = result or -errno. */
#ifndef KTEST_USER_USYS_H
#define KTEST_USER_USYS_H

typedef unsigned long ulong;

static inline long usys6(long n, long a, long b, long c, long d, long e, long f)
{
    register long x8 __asm__("x8") = n;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    register long x5 __asm__("x5") = f;
    __asm__ volatile("svc #0"
                     : "+r"(x0)
                     : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
                     : "memory");
    return x0;
}
#define usys(n, ...) usys_n(n, __VA_ARGS__, 0, 0, 0, 0, 0, 0)
#define usys_n(n, a, b, c, d, e, f, ...)                                                           \
    usys6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

static inline ulong ustrlen(const char *s)
{
    ulong n = 0;
    while (s[n])
        n++;
    return n;
}

static inline void uputs(const char *s)
{
    usys(64, 1, s, ustrlen(s));
}

static inline void uputnum(long v)
{
    char buf[24];
    int i = 23;
    int neg = v < 0;
    unsigned long u = neg ? (unsigned long)-v : (unsigned long)v;
    buf[i] = 0;
    do {
        buf[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (neg)
        buf[--i] = '-';
    uputs(buf + i);
}

#endif
