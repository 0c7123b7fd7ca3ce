/* Host tests of the VFS core: open/read/write/lseek, create and remove,
 * rename, links, stat, getdents, mounts. Expected values are what Linux
 * 6.1 returns for the same calls on a tmpfs. */
#include "test_fs_harness.c"

#include <uapi/dirent.h>
#include <uapi/mount.h>
#include <uapi/statfs.h>

TEST(vfs_create_write_read_back)
{
    fs_setup();
    CHECK_EQ(put_file("/hello", "hello world\n"), 0);
    const char *s = get_file("/hello");
    CHECK(s && strcmp(s, "hello world\n") == 0);
    struct stat st;
    CHECK_EQ(xstat("/hello", &st, true), 0);
    CHECK_EQ(st.st_size, 12);
    CHECK_EQ(st.st_mode, S_IFREG | 0644);
    CHECK_EQ(st.st_nlink, 1);
    CHECK_EQ(st.st_blksize, 4096);
    CHECK_EQ(st.st_blocks, 8);
    fs_teardown();
}

TEST(vfs_open_errors)
{
    fs_setup();
    CHECK_EQ(xopen("/nope", O_RDONLY, 0), -ENOENT);
    CHECK_EQ(xopen("", O_RDONLY, 0), -ENOENT);
    CHECK_EQ(put_file("/f", "x"), 0);
    CHECK_EQ(xopen("/f", O_RDONLY | O_CREAT | O_EXCL, 0644), -EEXIST);
    CHECK_EQ(xopen("/f/x", O_RDONLY, 0), -ENOTDIR);
    CHECK_EQ(xopen("/f/", O_RDONLY, 0), -ENOTDIR);
    CHECK_EQ(xopen("/f", O_RDONLY | O_DIRECTORY, 0), -ENOTDIR);
    CHECK_EQ(xopen("/", O_WRONLY, 0), -EISDIR);
    CHECK_EQ(xopen("/", O_RDWR, 0), -EISDIR);
    CHECK_EQ(xopen("/", O_RDONLY | O_CREAT, 0644), -EISDIR);
    CHECK_EQ(xopen("/newdir/", O_RDONLY | O_CREAT, 0644), -EISDIR);
    CHECK_EQ(xopen("/a/b", O_RDONLY | O_CREAT, 0644), -ENOENT);
    CHECK_EQ(xopen("/", O_RDONLY | O_TMPFILE, 0644), -EOPNOTSUPP);
    char longname[300];
    memset(longname, 'a', sizeof(longname));
    longname[0] = '/';
    longname[299] = '\0';
    CHECK_EQ(xopen(longname, O_RDONLY, 0), -ENAMETOOLONG);
    char *longpath = malloc(PATH_MAX + 10);
    for (int k = 0; k < PATH_MAX + 9; k++)
        longpath[k] = k % 2 ? 'a' : '/';
    longpath[PATH_MAX + 9] = '\0';
    CHECK_EQ(xopen(longpath, O_RDONLY, 0), -ENAMETOOLONG);
    free(longpath);
    int fd = xopen("/f", O_RDONLY, 0);
    CHECK(fd >= 0);
    char c;
    CHECK_EQ(xwrite(fd, "y", 1), -EBADF);
    CHECK_EQ(xread(fd, &c, 1), 1);
    CHECK_EQ(xread(fd, (void *)16, 1), 0); /* at EOF nothing is copied */
    CHECK_EQ(xlseek(fd, 0, SEEK_SET), 0);
    CHECK_EQ(xread(fd, (void *)16, 1), -EFAULT);
    xclose(fd);
    fd = xopen("/f", O_WRONLY, 0);
    CHECK_EQ(xread(fd, &c, 1), -EBADF);
    CHECK_EQ(xwrite(fd, (void *)16, 1), -EFAULT);
    xclose(fd);
    fd = xopen("/", O_RDONLY, 0);
    CHECK_EQ(xread(fd, &c, 1), -EISDIR);
    xclose(fd);
    fs_teardown();
}

TEST(vfs_umask_applies_to_creation)
{
    fs_setup();
    FS->umask = 077;
    int fd = xopen("/m", O_CREAT | O_WRONLY, 0666);
    xclose(fd);
    struct stat st;
    CHECK_EQ(xstat("/m", &st, true), 0);
    CHECK_EQ(st.st_mode & 0777, 0600);
    CHECK_EQ(vfs_mkdir(&ENV, AT_FDCWD, "/d", 0777), 0);
    CHECK_EQ(xstat("/d", &st, true), 0);
    CHECK_EQ(st.st_mode, S_IFDIR | 0700);
    fs_teardown();
}

TEST(vfs_lseek_and_sparse_files)
{
    fs_setup();
    int fd = xopen("/s", O_RDWR | O_CREAT, 0600);
    CHECK_EQ(xlseek(fd, 10000, SEEK_SET), 10000);
    CHECK_EQ(xwrite(fd, "end", 3), 3);
    CHECK_EQ(xlseek(fd, 0, SEEK_END), 10003);
    CHECK_EQ(xlseek(fd, -3, SEEK_CUR), 10000);
    CHECK_EQ(xlseek(fd, -1, SEEK_SET), -EINVAL);
    CHECK_EQ(xlseek(fd, 0, 7), -EINVAL);
    CHECK_EQ(xlseek(fd, 5, SEEK_DATA), 5);
    CHECK_EQ(xlseek(fd, 5, SEEK_HOLE), 10003);
    CHECK_EQ(xlseek(fd, 20000, SEEK_DATA), -ENXIO);
    CHECK_EQ(xlseek(fd, 0, SEEK_SET), 0);
    char buf[10003];
    CHECK_EQ(xread(fd, buf, sizeof(buf)), 10003);
    bool zeros = true;
    for (int k = 0; k < 10000; k++)
        zeros &= buf[k] == 0;
    CHECK(zeros);
    CHECK(memcmp(buf + 10000, "end", 3) == 0);
    CHECK_EQ(xread(fd, buf, 1), 0);
    struct stat st;
    CHECK_EQ(xstat("/s", &st, true), 0);
    CHECK_EQ(st.st_blocks, 8); /* one page: the hole costs nothing */
    xclose(fd);
    fs_teardown();
}

TEST(vfs_append_and_truncate)
{
    fs_setup();
    CHECK_EQ(put_file("/a", "12345"), 0);
    int fd = xopen("/a", O_WRONLY | O_APPEND, 0);
    CHECK_EQ(xlseek(fd, 0, SEEK_SET), 0);
    CHECK_EQ(xwrite(fd, "67", 2), 2);
    CHECK_EQ(xlseek(fd, 0, SEEK_CUR), 7);
    xclose(fd);
    CHECK(file_is("/a", "1234567"));
    CHECK_EQ(vfs_truncate_path(&ENV, "/a", 3), 0);
    CHECK(file_is("/a", "123"));
    CHECK_EQ(vfs_truncate_path(&ENV, "/a", 6), 0);
    const char *s = get_file("/a");
    CHECK(memcmp(s, "123\0\0\0", 6) == 0);
    CHECK_EQ(vfs_truncate_path(&ENV, "/a", -1), -EINVAL);
    CHECK_EQ(vfs_truncate_path(&ENV, "/", 0), -EISDIR);
    fd = xopen("/a", O_RDONLY | O_TRUNC, 0);
    xclose(fd);
    struct stat st;
    CHECK_EQ(xstat("/a", &st, true), 0);
    CHECK_EQ(st.st_size, 0);
    fd = xopen("/a", O_RDONLY, 0);
    struct file *f = fdtable_file(FT, fd);
    CHECK_EQ(vfs_ftruncate(f, 0), -EINVAL);
    file_put(f);
    xclose(fd);
    fs_teardown();
}

TEST(vfs_mkdir_rmdir_unlink)
{
    fs_setup();
    CHECK_EQ(vfs_mkdir(&ENV, AT_FDCWD, "/d", 0755), 0);
    CHECK_EQ(vfs_mkdir(&ENV, AT_FDCWD, "/d", 0755), -EEXIST);
    CHECK_EQ(vfs_mkdir(&ENV, AT_FDCWD, "/d/e/", 0755), 0);
    CHECK_EQ(vfs_mkdir(&ENV, AT_FDCWD, "/", 0755), -EEXIST);
    CHECK_EQ(vfs_mkdir(&ENV, AT_FDCWD, "/d/.", 0755), -EEXIST);
    CHECK_EQ(vfs_mkdir(&ENV, AT_FDCWD, "/x/y", 0755), -ENOENT);
    struct stat st;
    CHECK_EQ(xstat("/d", &st, true), 0);
    CHECK_EQ(st.st_nlink, 3);
    CHECK_EQ(xstat("/", &st, true), 0);
    CHECK_EQ(st.st_nlink, 3);
    CHECK_EQ(vfs_rmdir(&ENV, AT_FDCWD, "/d"), -ENOTEMPTY);
    CHECK_EQ(vfs_unlink(&ENV, AT_FDCWD, "/d"), -EISDIR);
    CHECK_EQ(vfs_rmdir(&ENV, AT_FDCWD, "/d/e/."), -EINVAL);
    CHECK_EQ(vfs_rmdir(&ENV, AT_FDCWD, "/d/e/.."), -ENOTEMPTY);
    CHECK_EQ(vfs_rmdir(&ENV, AT_FDCWD, "/"), -EBUSY);
    CHECK_EQ(put_file("/d/f", "x"), 0);
    CHECK_EQ(vfs_rmdir(&ENV, AT_FDCWD, "/d/f"), -ENOTDIR);
    CHECK_EQ(vfs_unlink(&ENV, AT_FDCWD, "/d/f/"), -ENOTDIR);
    CHECK_EQ(vfs_unlink(&ENV, AT_FDCWD, "/d/nope"), -ENOENT);
    CHECK_EQ(vfs_unlink(&ENV, AT_FDCWD, "/d/f"), 0);
    CHECK_EQ(vfs_rmdir(&ENV, AT_FDCWD, "/d/e"), 0);
    CHECK_EQ(xstat("/d", &st, true), 0);
    CHECK_EQ(st.st_nlink, 2);
    CHECK_EQ(vfs_rmdir(&ENV, AT_FDCWD, "/d/"), 0);
    CHECK_EQ(xstat("/d", &st, true), -ENOENT);
    CHECK_EQ(xstat("/", &st, true), 0);
    CHECK_EQ(st.st_nlink, 2);
    fs_teardown();
}

TEST(vfs_unlinked_open_file_lives_on)
{
    fs_setup();
    CHECK_EQ(put_file("/t", "data"), 0);
    int fd = xopen("/t", O_RDWR, 0);
    CHECK_EQ(vfs_unlink(&ENV, AT_FDCWD, "/t"), 0);
    CHECK_EQ(xopen("/t", O_RDONLY, 0), -ENOENT);
    char buf[8];
    CHECK_EQ(xread(fd, buf, sizeof(buf)), 4);
    CHECK_EQ(xwrite(fd, "more", 4), 4);
    struct file *f = fdtable_file(FT, fd);
    struct stat st;
    vfs_fill_stat(f->f_inode, &st);
    CHECK_EQ(st.st_nlink, 0);
    CHECK_EQ(st.st_size, 8);
    file_put(f);
    xclose(fd);
    fs_teardown();
}

TEST(vfs_rmdir_cwd_then_create_is_enoent)
{
    fs_setup();
    CHECK_EQ(vfs_mkdir(&ENV, AT_FDCWD, "/gone", 0755), 0);
    CHECK_EQ(vfs_chdir(&ENV, "/gone"), 0);
    CHECK_EQ(vfs_rmdir(&ENV, AT_FDCWD, "/gone"), 0);
    CHECK_EQ(xopen("new", O_CREAT | O_WRONLY, 0644), -ENOENT);
    CHECK_EQ(vfs_mkdir(&ENV, AT_FDCWD, "sub", 0755), -ENOENT);
    char buf[64];
    CHECK_EQ(vfs_path_name(&FS->root, &FS->cwd, buf, sizeof(buf)), -ENOENT);
    fs_teardown();
}

TEST(vfs_hard_links)
{
    fs_setup();
    CHECK_EQ(put_file("/a", "A"), 0);
    CHECK_EQ(vfs_link(&ENV, AT_FDCWD, "/a", AT_FDCWD, "/b", 0), 0);
    CHECK_EQ(vfs_link(&ENV, AT_FDCWD, "/a", AT_FDCWD, "/b", 0), -EEXIST);
    CHECK_EQ(vfs_link(&ENV, AT_FDCWD, "/", AT_FDCWD, "/r", 0), -EPERM);
    CHECK_EQ(vfs_link(&ENV, AT_FDCWD, "/zz", AT_FDCWD, "/r", 0), -ENOENT);
    CHECK_EQ(vfs_link(&ENV, AT_FDCWD, "/a", AT_FDCWD, "/b", 0x1), -EINVAL);
    struct stat sa, sb;
    CHECK_EQ(xstat("/a", &sa, true), 0);
    CHECK_EQ(xstat("/b", &sb, true), 0);
    CHECK_EQ(sa.st_ino, sb.st_ino);
    CHECK_EQ(sa.st_nlink, 2);
    CHECK_EQ(vfs_unlink(&ENV, AT_FDCWD, "/a"), 0);
    CHECK(file_is("/b", "A"));
    CHECK_EQ(xstat("/b", &sb, true), 0);
    CHECK_EQ(sb.st_nlink, 1);
    fs_teardown();
}

TEST(vfs_rename_files_and_dirs)
{
    fs_setup();
    CHECK_EQ(put_file("/a", "A"), 0);
    CHECK_EQ(put_file("/b", "B"), 0);
    CHECK_EQ(vfs_rename(&ENV, AT_FDCWD, "/a", AT_FDCWD, "/b", RENAME_NOREPLACE), -EEXIST);
    CHECK_EQ(vfs_rename(&ENV, AT_FDCWD, "/a", AT_FDCWD, "/b", RENAME_EXCHANGE), 0);
    CHECK(file_is("/a", "B"));
    CHECK(file_is("/b", "A"));
    CHECK_EQ(vfs_rename(&ENV, AT_FDCWD, "/a", AT_FDCWD, "/b", 0), 0);
    CHECK(file_is("/b", "B"));
    CHECK_EQ(xopen("/a", O_RDONLY, 0), -ENOENT);
    CHECK_EQ(vfs_rename(&ENV, AT_FDCWD, "/a", AT_FDCWD, "/c", 0), -ENOENT);
    CHECK_EQ(vfs_rename(&ENV, AT_FDCWD, "/b", AT_FDCWD, "/b", 0), 0);
    CHECK_EQ(vfs_rename(&ENV, AT_FDCWD, "/b", AT_FDCWD, "/c", RENAME_EXCHANGE | RENAME_NOREPLACE),
             -EINVAL);
    CHECK_EQ(vfs_rename(&ENV, AT_FDCWD, "/b", AT_FDCWD, "/c", RENAME_EXCHANGE), -ENOENT);
    CHECK_EQ(vfs_mkdir(&ENV, AT_FDCWD, "/d", 0755), 0);
    CHECK_EQ(vfs_mkdir(&ENV, AT_FDCWD, "/d/sub", 0755), 0);
    CHECK_EQ(vfs_mkdir(&ENV, AT_FDCWD, "/e", 0755), 0);
    CHECK_EQ(vfs_rename(&ENV, AT_FDCWD, "/d", AT_FDCWD, "/d/sub/x", 0), -EINVAL);
    CHECK_EQ(vfs_rename(&ENV, AT_FDCWD, "/d", AT_FDCWD, "/d/x", 0), -EINVAL);
    CHECK_EQ(vfs_rename(&ENV, AT_FDCWD, "/b", AT_FDCWD, "/e", 0), -EISDIR);
    CHECK_EQ(vfs_rename(&ENV, AT_FDCWD, "/e", AT_FDCWD, "/b", 0), -ENOTDIR);
    CHECK_EQ(vfs_rename(&ENV, AT_FDCWD, "/e", AT_FDCWD, "/d", 0), -ENOTEMPTY);
    CHECK_EQ(vfs_rename(&ENV, AT_FDCWD, "/b/", AT_FDCWD, "/q", 0), -ENOTDIR);
    CHECK_EQ(vfs_rename(&ENV, AT_FDCWD, "/d/.", AT_FDCWD, "/q", 0), -EBUSY);
    /* A directory moved to another parent moves its ".." link. */
    CHECK_EQ(vfs_rename(&ENV, AT_FDCWD, "/d/sub", AT_FDCWD, "/e/sub2/", 0), 0);
    struct stat st;
    CHECK_EQ(xstat("/d", &st, true), 0);
    CHECK_EQ(st.st_nlink, 2);
    CHECK_EQ(xstat("/e", &st, true), 0);
    CHECK_EQ(st.st_nlink, 3);
    CHECK_EQ(xstat("/e/sub2", &st, true), 0);
    /* An empty directory may be replaced. */
    CHECK_EQ(vfs_rename(&ENV, AT_FDCWD, "/e/sub2", AT_FDCWD, "/d", 0), 0);
    CHECK_EQ(xstat("/", &st, true), 0);
    CHECK_EQ(st.st_nlink, 4); /* d, e */
    CHECK_EQ(xstat("/e", &st, true), 0);
    CHECK_EQ(st.st_nlink, 2);
    CHECK_EQ(vfs_rename(&ENV, AT_FDCWD, "/b", AT_FDCWD, "/e/b", RENAME_WHITEOUT), -EINVAL);
    fs_teardown();
}

/* getdents64 into a buffer; returns the names joined by spaces. */
static const char *list_dir(const char *path)
{
    static char names[4096];
    names[0] = '\0';
    int fd = xopen(path, O_RDONLY | O_DIRECTORY, 0);
    if (fd < 0)
        return "ERR";
    struct file *f = fdtable_file(FT, fd);
    char buf[256];
    for (;;) {
        struct iobuf b = iobuf_kernel(buf, sizeof(buf));
        long n = vfs_getdents(f, &b);
        if (n <= 0)
            break;
        for (long off = 0; off < n;) {
            struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
            strcat(names, d->d_name);
            strcat(names, " ");
            off += d->d_reclen;
        }
    }
    file_put(f);
    xclose(fd);
    return names;
}

TEST(vfs_getdents_lists_in_creation_order)
{
    fs_setup();
    CHECK_EQ(vfs_mkdir(&ENV, AT_FDCWD, "/d", 0755), 0);
    CHECK(strcmp(list_dir("/d"), ". .. ") == 0);
    put_file("/d/one", "1");
    put_file("/d/two", "2");
    vfs_mkdir(&ENV, AT_FDCWD, "/d/three", 0755);
    CHECK(strcmp(list_dir("/d"), ". .. one two three ") == 0);
    vfs_unlink(&ENV, AT_FDCWD, "/d/two");
    CHECK(strcmp(list_dir("/d"), ". .. one three ") == 0);
    CHECK(strcmp(list_dir("/d/one"), "ERR") == 0);

    /* Types, offsets, a too-small buffer and a removal mid-listing. */
    int fd = xopen("/d", O_RDONLY, 0);
    struct file *f = fdtable_file(FT, fd);
    char buf[64];
    struct iobuf small = iobuf_kernel(buf, 10);
    CHECK_EQ(vfs_getdents(f, &small), -EINVAL);
    struct iobuf b = iobuf_kernel(buf, 48);
    CHECK_EQ(vfs_getdents(f, &b), 48); /* "." and ".." */
    struct linux_dirent64 *d = (struct linux_dirent64 *)buf;
    CHECK_EQ(d->d_type, DT_DIR);
    CHECK_EQ(d->d_reclen, 24);
    CHECK_EQ(d->d_off, 1);
    vfs_unlink(&ENV, AT_FDCWD, "/d/one");
    b = iobuf_kernel(buf, sizeof(buf));
    CHECK_EQ(vfs_getdents(f, &b), 32);
    CHECK(strcmp(d->d_name, "three") == 0);
    CHECK_EQ(d->d_type, DT_DIR);
    CHECK_EQ(vfs_getdents(f, &b), 0);
    CHECK_EQ(vfs_llseek(f, 0, SEEK_SET), 0);
    CHECK_EQ(vfs_getdents(f, &b), 48);
    struct iobuf bad = iobuf_user(16, 64);
    CHECK_EQ(vfs_getdents(f, &bad), -EFAULT);
    file_put(f);
    xclose(fd);
    fs_teardown();
}

TEST(vfs_mount_and_umount)
{
    fs_setup();
    CHECK_EQ(vfs_mkdir(&ENV, AT_FDCWD, "/mnt", 0755), 0);
    put_file("/mnt/under", "u");
    struct path p;
    CHECK_EQ(vfs_lookup(&ENV, AT_FDCWD, "/mnt", LOOKUP_FOLLOW, &p), 0);
    CHECK_EQ(vfs_mount(&p, "nofs", 0, NULL), -ENODEV);
    CHECK_EQ(vfs_mount(&p, "tmpfs", 0, NULL), 0);
    path_put(&p);
    CHECK_EQ(xopen("/mnt/under", O_RDONLY, 0), -ENOENT);
    put_file("/mnt/over", "o");
    CHECK(file_is("/mnt/../mnt/over", "o"));
    struct stat st, root;
    CHECK_EQ(xstat("/mnt", &st, true), 0);
    CHECK_EQ(xstat("/", &root, true), 0);
    CHECK(st.st_dev != root.st_dev);
    CHECK_EQ(st.st_mode, S_IFDIR | 01777);
    CHECK_EQ(vfs_link(&ENV, AT_FDCWD, "/mnt/over", AT_FDCWD, "/x", 0), -EXDEV);
    CHECK_EQ(vfs_rename(&ENV, AT_FDCWD, "/mnt/over", AT_FDCWD, "/x", 0), -EXDEV);
    CHECK_EQ(vfs_rmdir(&ENV, AT_FDCWD, "/mnt"), -EBUSY);
    /* cd into it: ".." crosses back, getcwd names it, umount is busy. */
    CHECK_EQ(vfs_chdir(&ENV, "/mnt"), 0);
    CHECK(strcmp(cwd(), "/mnt") == 0);
    CHECK(file_is("../mnt/over", "o"));
    CHECK_EQ(vfs_lookup(&ENV, AT_FDCWD, "/mnt", LOOKUP_FOLLOW, &p), 0);
    CHECK_EQ(vfs_umount(&p, 0), -EBUSY);
    path_put(&p);
    CHECK_EQ(vfs_chdir(&ENV, "/"), 0);
    CHECK_EQ(vfs_lookup(&ENV, AT_FDCWD, "/mnt/.", LOOKUP_FOLLOW, &p), 0);
    CHECK_EQ(vfs_umount(&p, 0), 0);
    path_put(&p);
    CHECK(file_is("/mnt/under", "u"));
    CHECK_EQ(vfs_lookup(&ENV, AT_FDCWD, "/mnt", LOOKUP_FOLLOW, &p), 0);
    CHECK_EQ(vfs_umount(&p, 0), -EINVAL); /* not mounted */
    path_put(&p);
    /* An open file keeps a mount busy; MNT_DETACH detaches it anyway. */
    CHECK_EQ(vfs_lookup(&ENV, AT_FDCWD, "/mnt", LOOKUP_FOLLOW, &p), 0);
    CHECK_EQ(vfs_mount(&p, "tmpfs", MS_NOSUID, NULL), 0);
    path_put(&p);
    int fd = xopen("/mnt/file", O_CREAT | O_RDWR, 0644);
    CHECK_EQ(vfs_lookup(&ENV, AT_FDCWD, "/mnt", LOOKUP_FOLLOW, &p), 0);
    struct statfs sf;
    CHECK_EQ(vfs_statfs(&p, &sf), 0);
    CHECK_EQ(sf.f_type, TMPFS_MAGIC);
    CHECK_EQ(sf.f_flags, ST_VALID | ST_NOSUID);
    CHECK_EQ(sf.f_namelen, 255);
    CHECK_EQ(vfs_umount(&p, 0), -EBUSY);
    CHECK_EQ(vfs_umount(&p, MNT_DETACH), 0);
    path_put(&p);
    CHECK_EQ(xopen("/mnt/file", O_RDONLY, 0), -ENOENT);
    CHECK_EQ(xwrite(fd, "still", 5), 5);
    xclose(fd);
    fs_teardown();
}

TEST(vfs_devtmpfs_and_memdevs)
{
    fs_setup();
    CHECK_EQ(vfs_mkdir(&ENV, AT_FDCWD, "/dev", 0755), 0);
    struct path p;
    CHECK_EQ(vfs_lookup(&ENV, AT_FDCWD, "/dev", LOOKUP_FOLLOW, &p), 0);
    CHECK_EQ(vfs_mount(&p, "devtmpfs", 0, NULL), 0);
    path_put(&p);
    struct stat st;
    CHECK_EQ(xstat("/dev/null", &st, true), 0);
    CHECK_EQ(st.st_mode, S_IFCHR | 0666);
    CHECK_EQ(st.st_rdev, MKDEV(1, 3));
    CHECK_EQ(st.st_rdev, 0x103);
    char buf[16];
    memset(buf, 'x', sizeof(buf));
    int fd = xopen("/dev/null", O_RDWR, 0);
    CHECK_EQ(xread(fd, buf, 16), 0);
    CHECK_EQ(xwrite(fd, buf, 16), 16);
    CHECK_EQ(xlseek(fd, 100, SEEK_SET), 0);
    xclose(fd);
    fd = xopen("/dev/zero", O_RDONLY, 0);
    CHECK_EQ(xread(fd, buf, 16), 16);
    CHECK_EQ(buf[0] + buf[15], 0);
    xclose(fd);
    fd = xopen("/dev/full", O_WRONLY, 0);
    CHECK_EQ(xwrite(fd, buf, 16), -ENOSPC);
    xclose(fd);
    /* A node for an unregistered device: ENXIO on open. */
    CHECK_EQ(vfs_mknod(&ENV, AT_FDCWD, "/dev/nodev", S_IFCHR | 0600, MKDEV(200, 1)), 0);
    CHECK_EQ(xopen("/dev/nodev", O_RDONLY, 0), -ENXIO);
    CHECK_EQ(vfs_mknod(&ENV, AT_FDCWD, "/fifo", S_IFIFO | 0600, 0), 0);
    CHECK_EQ(xstat("/fifo", &st, true), 0);
    CHECK_EQ(st.st_mode, S_IFIFO | 0600);
    CHECK_EQ(vfs_mknod(&ENV, AT_FDCWD, "/d", S_IFDIR | 0600, 0), -EPERM);
    CHECK_EQ(vfs_mknod(&ENV, AT_FDCWD, "/d", 0170000, 0), -EINVAL);
    CHECK_EQ(vfs_mknod(&ENV, AT_FDCWD, "/blk", S_IFBLK | 0600, MKDEV(8, 0)), 0);
    CHECK_EQ(xopen("/blk", O_RDONLY, 0), -ENXIO);
    fs_teardown();
}

TEST(vfs_stat_structs_and_times)
{
    fs_setup();
    fake_now.sec = 1000;
    fake_now.nsec = 5;
    CHECK_EQ(put_file("/t", "abc"), 0);
    struct path p;
    CHECK_EQ(vfs_lookup(&ENV, AT_FDCWD, "/t", LOOKUP_FOLLOW, &p), 0);
    struct statx sx;
    vfs_fill_statx(&p, STATX_BASIC_STATS, &sx);
    CHECK_EQ(sx.stx_mask & STATX_BASIC_STATS, STATX_BASIC_STATS);
    CHECK_EQ(sx.stx_size, 3);
    CHECK_EQ(sx.stx_mode, S_IFREG | 0644);
    CHECK_EQ(sx.stx_mtime.tv_sec, 1000);
    CHECK_EQ(sx.stx_mtime.tv_nsec, 5);
    struct vfs_attr a = {.mask = ATTR_MODE | ATTR_UID | ATTR_MTIME, .mode = 04711, .uid = 7};
    a.mtime.sec = 42;
    CHECK_EQ(vfs_setattr(path_inode(&p), &a), 0);
    struct stat st;
    vfs_fill_stat(path_inode(&p), &st);
    CHECK_EQ(st.st_mode, S_IFREG | 04711);
    CHECK_EQ(st.st_uid, 7);
    CHECK_EQ(st.st_mtime_sec, 42);
    path_put(&p);
    fake_now.sec = 1700000000;
    fs_teardown();
}

TEST(vfs_out_of_memory_is_an_error_not_a_crash)
{
    fs_setup();
    CHECK_EQ(vfs_mkdir(&ENV, AT_FDCWD, "/d", 0755), 0);
    for (long k = 0; k < 12; k++) {
        fail_after = k;
        int r = vfs_mkdir(&ENV, AT_FDCWD, "/d/x", 0755);
        fail_after = -1;
        CHECK(r == 0 || r == -ENOMEM || r == -ENOSPC);
        if (r == 0)
            vfs_rmdir(&ENV, AT_FDCWD, "/d/x");
    }
    int fd = xopen("/big", O_CREAT | O_WRONLY, 0644);
    static char chunk[3 * 4096];
    fail_after = 3; /* page array holder, the array, one page */
    CHECK_EQ(xwrite(fd, chunk, sizeof(chunk)), 4096);
    fail_after = -1;
    fail_after = 0;
    CHECK_EQ(xwrite(fd, chunk, sizeof(chunk)), -ENOSPC);
    fail_after = -1;
    xclose(fd);
    CHECK_EQ(vfs_unlink(&ENV, AT_FDCWD, "/big"), 0);
    tmpfs_set_limit(2 * 4096);
    fd = xopen("/lim", O_CREAT | O_WRONLY, 0644);
    CHECK_EQ(xwrite(fd, chunk, sizeof(chunk)), 8192);
    CHECK_EQ(xwrite(fd, chunk, sizeof(chunk)), -ENOSPC);
    xclose(fd);
    fs_teardown();
}

static void show_one(void *arg, const struct mount_info *mi)
{
    char *out = arg;
    char line[256];
    snprintf(line, sizeof(line), "%s %s %s %lu;", mi->source, mi->where, mi->type, mi->flags);
    strcat(out, line);
}

TEST(vfs_mounts_show_lists_mounts_as_seen_from_root)
{
    fs_setup();
    CHECK_EQ(vfs_mkdir(&ENV, AT_FDCWD, "/dev", 0755), 0);
    CHECK_EQ(vfs_mkdir(&ENV, AT_FDCWD, "/a", 0755), 0);
    struct path p;
    CHECK_EQ(vfs_lookup(&ENV, AT_FDCWD, "/dev", LOOKUP_FOLLOW, &p), 0);
    CHECK_EQ(vfs_mount_dev(&p, "udev", "devtmpfs", MS_NOSUID, NULL), 0);
    path_put(&p);
    CHECK_EQ(vfs_lookup(&ENV, AT_FDCWD, "/a", LOOKUP_FOLLOW, &p), 0);
    CHECK_EQ(vfs_mount(&p, "tmpfs", 0, NULL), 0);
    path_put(&p);
    char out[1024] = "";
    CHECK_EQ(vfs_mounts_show(&FS->root, show_one, out), 0);
    CHECK(strcmp(out, "rootfs / tmpfs 0;udev /dev devtmpfs 2;none /a tmpfs 0;") == 0);
    if (strcmp(out, "rootfs / tmpfs 0;udev /dev devtmpfs 2;none /a tmpfs 0;") != 0)
        fprintf(stderr, "  got %s\n", out);
    fs_teardown();
}
