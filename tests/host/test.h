/* A minimal unit-test framework for host tests of portable kernel modules.
 * TEST(name) { ... } registers a test; CHECK(cond) records a failure and
 * keeps going; main() (test_main.c) runs all tests and prints the summary
 * line "N passed, N failed" that CI reads. */
#ifndef HOST_TEST_H
#define HOST_TEST_H

#include <stdio.h>

struct host_test {
    const char *name;
    void (*fn)(void);
    struct host_test *next;
};

void host_test_register(struct host_test *t);
void host_test_fail(const char *file, int line, const char *expr);

#define TEST(name)                                                                                 \
    static void test_##name(void);                                                                 \
    static struct host_test test_desc_##name = {#name, test_##name, 0};                            \
    __attribute__((constructor)) static void test_reg_##name(void)                                 \
    {                                                                                              \
        host_test_register(&test_desc_##name);                                                     \
    }                                                                                              \
    static void test_##name(void)

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            host_test_fail(__FILE__, __LINE__, #cond);                                             \
    } while (0)

#define CHECK_EQ(a, b)                                                                             \
    do {                                                                                           \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);                            \
        if (check_a_ != check_b_) {                                                                \
            fprintf(stderr, "  %s = %lld, %s = %lld\n", #a, check_a_, #b, check_b_);               \
            host_test_fail(__FILE__, __LINE__, #a " == " #b);                                      \
        }                                                                                          \
    } while (0)

#endif
