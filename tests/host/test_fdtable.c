/* Host tests of descriptor tables: lowest free fd, dup at a number,
 * close-on-exec, close_range, fork copies, the RLIMIT_NOFILE ceiling. */
#include "test_fs_harness.c"

static struct file *anon(void)
{
    static const struct file_ops none;
    return file_alloc(&none, NULL, O_RDWR);
}

TEST(fdtable_lowest_free_and_limits)
{
    fs_setup();
    for (int k = 0; k < 3; k++)
        CHECK_EQ(fd_install(FT, anon(), false), k);
    CHECK_EQ(fd_close(FT, 1), 0);
    CHECK_EQ(fd_close(FT, 1), -EBADF);
    CHECK_EQ(fd_close(FT, -1), -EBADF);
    CHECK_EQ(fd_close(FT, 5000), -EBADF);
    CHECK_EQ(fd_install(FT, anon(), false), 1);
    struct file *f = anon();
    CHECK_EQ(fd_install_min(FT, f, 10, true), 10);
    CHECK_EQ(fd_get_flags(FT, 10), 1);
    CHECK_EQ(fd_get_flags(FT, 2), 0);
    CHECK_EQ(fd_get_flags(FT, 11), -EBADF);
    CHECK_EQ(fd_set_flags(FT, 2, 1), 0);
    CHECK_EQ(fd_get_flags(FT, 2), 1);
    f = anon();
    CHECK_EQ(fd_install_min(FT, f, 1024, false), -EINVAL);
    CHECK_EQ(fd_install_at(FT, 1024, f, false), -EBADF);
    CHECK_EQ(fd_install_at(FT, 700, f, false), 700); /* grows the table */
    CHECK(fdtable_file(FT, 700) == f);
    file_put(f);
    /* Fill to the limit: EMFILE. */
    int last = 0;
    for (;;) {
        struct file *g = anon();
        int fd = fd_install(FT, g, false);
        if (fd < 0) {
            CHECK_EQ(fd, -EMFILE);
            file_put(g);
            break;
        }
        last = fd;
    }
    CHECK_EQ(last, 1023);
    fs_teardown();
}

TEST(fdtable_dup_cloexec_and_close_range)
{
    fs_setup();
    struct file *f = anon();
    CHECK_EQ(fd_install(FT, f, false), 0);
    file_get(f);
    CHECK_EQ(fd_install(FT, f, true), 1);
    file_get(f);
    CHECK_EQ(fd_install(FT, f, false), 2);
    CHECK_EQ(f->f_count, 3);
    struct fdtable *child = fdtable_dup(FT);
    CHECK_EQ(f->f_count, 6);
    CHECK_EQ(fd_get_flags(child, 1), 1);
    fdtable_close_on_exec(child);
    CHECK(fdtable_file(child, 1) == NULL);
    CHECK_EQ(f->f_count, 5);
    fd_close_range(child, 0, ~0u, true);
    CHECK_EQ(fd_get_flags(child, 0), 1);
    fd_close_range(child, 2, ~0u, false);
    CHECK_EQ(f->f_count, 4);
    fdtable_get(child);
    fdtable_put(child);
    CHECK_EQ(f->f_count, 4);
    fdtable_put(child);
    CHECK_EQ(f->f_count, 3);
    fs_teardown();
}
