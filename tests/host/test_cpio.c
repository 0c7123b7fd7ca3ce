/* Host tests of the newc parser and the unpacker: every entry type, modes,
 * owners, mtimes, hard links, concatenated archives, and malformed input
 * (truncated at every byte, garbage headers) that must stop with -EINVAL
 * and never crash. */
#include "test_fs_harness.c"

#include <kernel/cpio.h>

static char arch[65536];
static size_t alen;

static void pad4(void)
{
    while (alen % 4)
        arch[alen++] = '\0';
}

static void add(const char *name, unsigned mode, unsigned ino, unsigned nlink, unsigned mtime,
                const char *data, unsigned rmaj, unsigned rmin)
{
    size_t dlen = data ? strlen(data) : 0;
    alen += (size_t)sprintf(
        arch + alen, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", ino, mode, 5, 6,
        nlink, mtime, (unsigned)dlen, 0, 0, rmaj, rmin, (unsigned)strlen(name) + 1, 0);
    memcpy(arch + alen, name, strlen(name) + 1);
    alen += strlen(name) + 1;
    pad4();
    if (dlen)
        memcpy(arch + alen, data, dlen);
    alen += dlen;
    pad4();
}

static void trailer(void)
{
    add("TRAILER!!!", 0, 0, 1, 0, NULL, 0, 0);
}

static void sample(void)
{
    alen = 0;
    add(".", S_IFDIR | 0755, 1, 2, 100, NULL, 0, 0);
    add("bin", S_IFDIR | 0755, 2, 2, 200, NULL, 0, 0);
    add("bin/busybox", S_IFREG | 0755, 3, 1, 300, "#!ELF", 0, 0);
    add("bin/sh", S_IFLNK | 0777, 4, 1, 400, "busybox", 0, 0);
    add("dev", S_IFDIR | 0755, 5, 2, 500, NULL, 0, 0);
    add("dev/console", S_IFCHR | 0600, 6, 1, 600, NULL, 5, 1);
    add("dev/fifo", S_IFIFO | 0644, 7, 1, 700, NULL, 0, 0);
    add("etc", S_IFDIR | 0700, 8, 2, 800, NULL, 0, 0);
    add("etc/a", S_IFREG | 0644, 9, 2, 900, "", 0, 0);
    add("etc/b", S_IFREG | 0644, 9, 2, 900, "linked", 0, 0);
    add("init", S_IFREG | 04755, 10, 1, 1000, "#!/bin/sh\necho hi\n", 0, 0);
    trailer();
}

static int unpack(void)
{
    struct path root;
    vfs_root_path(&root);
    int err = cpio_unpack(arch, alen, &root);
    path_put(&root);
    return err;
}

TEST(cpio_unpacks_every_entry_type)
{
    fs_setup();
    sample();
    CHECK_EQ(unpack(), 0);
    CHECK(file_is("/bin/busybox", "#!ELF"));
    CHECK(file_is("/bin/sh", "#!ELF"));
    CHECK(file_is("/init", "#!/bin/sh\necho hi\n"));
    struct stat st;
    CHECK_EQ(xstat("/init", &st, true), 0);
    CHECK_EQ(st.st_mode, S_IFREG | 04755);
    CHECK_EQ(st.st_uid, 5);
    CHECK_EQ(st.st_gid, 6);
    CHECK_EQ(st.st_mtime_sec, 1000);
    CHECK_EQ(xstat("/bin/sh", &st, false), 0);
    CHECK_EQ(st.st_mode, S_IFLNK | 0777);
    CHECK_EQ(st.st_size, 7);
    CHECK_EQ(st.st_mtime_sec, 400);
    CHECK_EQ(xstat("/dev/console", &st, false), 0);
    CHECK_EQ(st.st_mode, S_IFCHR | 0600);
    CHECK_EQ(st.st_rdev, MKDEV(5, 1));
    CHECK_EQ(xstat("/dev/fifo", &st, false), 0);
    CHECK_EQ(st.st_mode, S_IFIFO | 0644);
    CHECK_EQ(xstat("/etc", &st, false), 0);
    CHECK_EQ(st.st_mode, S_IFDIR | 0700);
    CHECK_EQ(st.st_mtime_sec, 800); /* set after its contents */
    CHECK_EQ(xstat("/", &st, false), 0);
    CHECK_EQ(st.st_mtime_sec, 100);
    struct stat a, b;
    CHECK_EQ(xstat("/etc/a", &a, false), 0);
    CHECK_EQ(xstat("/etc/b", &b, false), 0);
    CHECK_EQ(a.st_ino, b.st_ino);
    CHECK_EQ(a.st_nlink, 2);
    CHECK(file_is("/etc/a", "linked"));
    fs_teardown();
}

TEST(cpio_concatenated_archives_and_overwrite)
{
    fs_setup();
    alen = 0;
    add("x", S_IFREG | 0644, 1, 1, 1, "first version", 0, 0);
    add("d", S_IFREG | 0644, 2, 1, 1, "a file", 0, 0);
    trailer();
    memset(arch + alen, 0, 512); /* padding between archives */
    alen += 512;
    add("x", S_IFREG | 0600, 1, 1, 1, "second", 0, 0);
    add("d", S_IFDIR | 0755, 2, 2, 1, NULL, 0, 0); /* replaces the file */
    trailer();
    CHECK_EQ(unpack(), 0);
    CHECK(file_is("/x", "second"));
    struct stat st;
    CHECK_EQ(xstat("/d", &st, false), 0);
    CHECK(S_ISDIR(st.st_mode));
    fs_teardown();
}

TEST(cpio_skips_entries_it_cannot_create)
{
    fs_setup();
    alen = 0;
    add("missing/parent/file", S_IFREG | 0644, 1, 1, 1, "x", 0, 0);
    add("ok", S_IFREG | 0644, 2, 1, 1, "fine", 0, 0);
    trailer();
    CHECK_EQ(unpack(), 0);
    CHECK(file_is("/ok", "fine"));
    fs_teardown();
}

TEST(cpio_truncated_archives_fail_cleanly)
{
    fs_setup();
    sample();
    size_t full = alen;
    static char copy[65536];
    memcpy(copy, arch, full);
    for (size_t cut = 1; cut < full; cut++) {
        vfs_reset();
        CHECK_EQ(vfs_init(), 0);
        struct path root;
        vfs_root_path(&root);
        char *buf = malloc(cut); /* exact size: ASan sees any overrun */
        memcpy(buf, copy, cut);
        int err = cpio_unpack(buf, cut, &root);
        path_put(&root);
        free(buf);
        /* A cut in the trailing padding or exactly between entries is a
         * (shorter) valid archive. */
        CHECK(err == -EINVAL || err == 0);
    }
    fs_teardown();
}

TEST(cpio_garbage_is_einval)
{
    fs_setup();
    struct path root;
    vfs_root_path(&root);
    CHECK_EQ(cpio_unpack("hello world, this is not an archive at all........", 50, &root), -EINVAL);
    sample();
    arch[3] = 'X'; /* bad magic */
    CHECK_EQ(cpio_unpack(arch, alen, &root), -EINVAL);
    sample();
    arch[20] = 'g'; /* bad hex digit */
    CHECK_EQ(cpio_unpack(arch, alen, &root), -EINVAL);
    sample();
    memcpy(arch + 6 + 8 * 11, "FFFFFFFF", 8); /* namesize past the end */
    CHECK_EQ(cpio_unpack(arch, alen, &root), -EINVAL);
    sample();
    memcpy(arch + 6 + 8 * 6, "7FFFFFFF", 8); /* filesize past the end */
    CHECK_EQ(cpio_unpack(arch, alen, &root), -EINVAL);
    sample();
    memcpy(arch + 6 + 8 * 11, "00000000", 8); /* namesize 0 */
    CHECK_EQ(cpio_unpack(arch, alen, &root), -EINVAL);
    sample();
    memcpy(arch + 6 + 8 * 11, "00000001", 8); /* name not NUL-terminated */
    CHECK_EQ(cpio_unpack(arch, alen, &root), -EINVAL);
    CHECK_EQ(cpio_unpack(arch, 0, &root), 0); /* empty: nothing to do */
    /* Random bytes after a valid header prefix. */
    unsigned seed = 1;
    for (int round = 0; round < 200; round++) {
        sample();
        for (int k = 0; k < 8; k++) {
            seed = seed * 1103515245 + 12345;
            arch[(seed >> 8) % alen] = (char)(seed >> 16);
        }
        int err = cpio_unpack(arch, alen, &root);
        CHECK(err == 0 || err == -EINVAL || err == -ENOSPC);
    }
    path_put(&root);
    fs_teardown();
}

TEST(cpio_out_of_memory_stops_with_enomem)
{
    fs_setup();
    sample();
    for (long k = 0; k < 60; k += 3) {
        vfs_reset();
        CHECK_EQ(vfs_init(), 0);
        struct path root;
        vfs_root_path(&root);
        fail_after = k;
        int err = cpio_unpack(arch, alen, &root);
        fail_after = -1;
        CHECK(err == 0 || err == -ENOMEM || err == -ENOSPC);
        path_put(&root);
    }
    fs_teardown();
}

TEST(cpio_parser_fields)
{
    alen = 0;
    add("name", S_IFCHR | 0620, 77, 1, 1234, NULL, 4, 64);
    size_t off = 0;
    struct cpio_entry e;
    CHECK_EQ(cpio_next(arch, alen, &off, &e), 1);
    CHECK_EQ(e.ino, 77);
    CHECK_EQ(e.mode, S_IFCHR | 0620);
    CHECK_EQ(e.mtime, 1234);
    CHECK_EQ(e.rdevmajor, 4);
    CHECK_EQ(e.rdevminor, 64);
    CHECK(strcmp(e.name, "name") == 0);
    CHECK_EQ(off, alen);
    CHECK_EQ(cpio_next(arch, alen, &off, &e), 0);
}
