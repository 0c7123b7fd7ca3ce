/* Device files: /dev/null, /dev/zero, /dev/full, /dev/urandom, /dev/random,
 * their device numbers and behaviour. Linux: drivers/char/mem.c, random.c,
 * Documentation/admin-guide/devices.txt. */
#include "t.h"

#include <sys/sysmacros.h>

static void chk_dev(const char *path, unsigned maj, unsigned min)
{
    struct stat st;
    int r = stat(path, &st);
    CHECK(r == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == maj && minor(st.st_rdev) == min,
          "%s is character device %u:%u", path, maj, min);
}

int main(void)
{
    t_init("dev");
    char buf[4096];

    chk_dev("/dev/null", 1, 3);
    chk_dev("/dev/zero", 1, 5);
    chk_dev("/dev/full", 1, 7);
    chk_dev("/dev/random", 1, 8);
    chk_dev("/dev/urandom", 1, 9);
    chk_dev("/dev/tty", 5, 0);
    chk_dev("/dev/console", 5, 1);

    int n = open("/dev/null", O_RDWR);
    CHECK(n >= 0, "open /dev/null");
    CHECK_EQ(read(n, buf, sizeof(buf)), 0, "read /dev/null: EOF");
    CHECK_EQ(write(n, buf, sizeof(buf)), sizeof(buf), "write /dev/null: everything accepted");
    CHECK_EQ(write(n, BADPTR, 100), 100, "write /dev/null does not touch the buffer");
    CHECK_EQ(lseek(n, 100, SEEK_SET), 0, "lseek on /dev/null returns 0");
    close(n);

    int z = open("/dev/zero", O_RDWR);
    memset(buf, 'x', sizeof(buf));
    CHECK_EQ(read(z, buf, sizeof(buf)), sizeof(buf), "read /dev/zero fills the buffer");
    int allzero = 1;
    for (size_t i = 0; i < sizeof(buf); i++)
        allzero &= buf[i] == 0;
    CHECK(allzero, "with zeros");
    CHECK_EQ(write(z, buf, 10), 10, "write /dev/zero is accepted");
    CHECK_ERR(read(z, BADPTR, 10), EFAULT, "read /dev/zero into a bad pointer: EFAULT");
    CHECK_ERR(read(z, KPTR, 10), EFAULT, "read /dev/zero into a kernel pointer: EFAULT");
    static char big[1 << 20];
    CHECK_EQ(read(z, big, sizeof(big)), sizeof(big), "a 1 MiB read of /dev/zero");
    close(z);

    int f = open("/dev/full", O_RDWR);
    CHECK_ERR(write(f, "x", 1), ENOSPC, "write /dev/full: ENOSPC");
    memset(buf, 'x', 16);
    CHECK_EQ(read(f, buf, 16), 16, "read /dev/full gives zeros");
    CHECK(buf[0] == 0 && buf[15] == 0, "zeros");
    close(f);

    int u = open("/dev/urandom", O_RDONLY);
    unsigned char a[32], b[32];
    CHECK_EQ(read(u, a, sizeof(a)), 32, "read /dev/urandom");
    CHECK_EQ(read(u, b, sizeof(b)), 32, "again");
    CHECK(memcmp(a, b, sizeof(a)) != 0, "the reads differ");
    int counts[256] = {0};
    static unsigned char r[65536];
    CHECK_EQ(read(u, r, sizeof(r)), sizeof(r), "64 KiB from /dev/urandom");
    for (size_t i = 0; i < sizeof(r); i++)
        counts[r[i]]++;
    int lo = 1 << 30, hi = 0;
    for (int i = 0; i < 256; i++) {
        lo = counts[i] < lo ? counts[i] : lo;
        hi = counts[i] > hi ? counts[i] : hi;
    }
    CHECK(lo > 128 && hi < 400, "byte values roughly uniform (min %d max %d, mean 256)", lo, hi);
    CHECK_EQ(write(u, "seed", 4), -1, "writing /dev/urandom opened read-only fails");
    close(u);
    int rnd = open("/dev/random", O_RDONLY | O_NONBLOCK);
    CHECK(rnd >= 0 && read(rnd, a, 16) == 16,
          "/dev/random gives bytes without blocking (Linux 5.6+)");
    close(rnd);
    u = open("/dev/urandom", O_WRONLY);
    CHECK_EQ(write(u, "seed", 4), 4, "root may write entropy into /dev/urandom");
    close(u);

    CHECK_ERR(open("/dev/nonexistent", O_RDONLY), ENOENT, "a missing device node: ENOENT");
    return t_done();
}
