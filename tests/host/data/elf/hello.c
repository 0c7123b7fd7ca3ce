#include <stdio.h>
__thread int tls_counter = 7;
int main(int argc, char **argv)
{
    printf("hello %d %s\n", argc + tls_counter, argv[0]);
    return 0;
}
