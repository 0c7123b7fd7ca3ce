#include "t.h"
int main(void)
{
    t_init("sysfuzz");
    return t_done();
}
