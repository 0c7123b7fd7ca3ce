/* Runner for the host unit tests: runs every TEST() in registration order
 * (optionally only those whose name contains argv[1]) and prints the summary. */
#include "test.h"

#include <string.h>

static struct host_test *tests_head, **tests_tail = &tests_head;
static int current_failed;

void host_test_register(struct host_test *t)
{
    *tests_tail = t;
    tests_tail = &t->next;
}

void host_test_fail(const char *file, int line, const char *expr)
{
    fprintf(stderr, "  FAIL %s:%d: %s\n", file, line, expr);
    current_failed = 1;
}

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;
    for (struct host_test *t = tests_head; t; t = t->next) {
        if (argc > 1 && !strstr(t->name, argv[1]))
            continue;
        current_failed = 0;
        t->fn();
        if (current_failed) {
            fprintf(stderr, "FAIL %s\n", t->name);
            failed++;
        } else {
            passed++;
        }
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
