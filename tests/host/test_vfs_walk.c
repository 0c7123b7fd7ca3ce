/* Host tests of the path walk (path_resolution(7)): ".", "..", relative
 * paths and dirfds, symlinks (follow, nofollow, loops, the 40-link limit),
 * trailing slashes, AT_EMPTY_PATH, chroot and getcwd. */
#include "test_fs_harness.c"

static int lookup_mode(int dirfd, const char *path, unsigned flags, unsigned *mode)
{
    struct path p;
    int err = vfs_lookup(&ENV, dirfd, path, flags, &p);
    if (err)
        return err;
    if (mode)
        *mode = path_inode(&p)->i_mode;
    path_put(&p);
    return 0;
}

static void make_tree(void)
{
    CHECK_EQ(vfs_mkdir(&ENV, AT_FDCWD, "/a", 0755), 0);
    CHECK_EQ(vfs_mkdir(&ENV, AT_FDCWD, "/a/b", 0755), 0);
    CHECK_EQ(put_file("/a/b/f", "F"), 0);
}

TEST(walk_dots_and_slashes)
{
    fs_setup();
    make_tree();
    CHECK(file_is("/a/b/f", "F"));
    CHECK(file_is("//a///b//f", "F"));
    CHECK(file_is("/a/./b/../b/f", "F"));
    CHECK(file_is("/../../a/b/f", "F"));
    CHECK_EQ(xopen("/a/b/f/.", O_RDONLY, 0), -ENOTDIR);
    CHECK_EQ(xopen("/a/b/f/..", O_RDONLY, 0), -ENOTDIR);
    unsigned mode;
    CHECK_EQ(lookup_mode(AT_FDCWD, "/a/b/", LOOKUP_FOLLOW, &mode), 0);
    CHECK(S_ISDIR(mode));
    CHECK_EQ(lookup_mode(AT_FDCWD, "/a/b/f/", LOOKUP_FOLLOW, &mode), -ENOTDIR);
    CHECK_EQ(lookup_mode(AT_FDCWD, "/a/b/f", LOOKUP_DIRECTORY, &mode), -ENOTDIR);
    CHECK_EQ(lookup_mode(AT_FDCWD, "/a/x/f", 0, &mode), -ENOENT);
    fs_teardown();
}

TEST(walk_relative_to_cwd_and_dirfd)
{
    fs_setup();
    make_tree();
    CHECK_EQ(vfs_chdir(&ENV, "/a"), 0);
    CHECK(strcmp(cwd(), "/a") == 0);
    CHECK(file_is("b/f", "F"));
    CHECK(file_is("./b/../b/f", "F"));
    CHECK_EQ(vfs_chdir(&ENV, "b/f"), -ENOTDIR);
    CHECK_EQ(vfs_chdir(&ENV, "nope"), -ENOENT);
    CHECK_EQ(vfs_chdir(&ENV, "b"), 0);
    CHECK(strcmp(cwd(), "/a/b") == 0);
    CHECK_EQ(vfs_chdir(&ENV, "../.."), 0);
    CHECK(strcmp(cwd(), "/") == 0);
    int dfd = xopen("/a/b", O_RDONLY | O_DIRECTORY, 0);
    CHECK(dfd >= 0);
    CHECK_EQ(lookup_mode(dfd, "f", 0, NULL), 0);
    CHECK_EQ(lookup_mode(dfd, "/a", 0, NULL), 0); /* absolute ignores dirfd */
    int ffd = xopen("/a/b/f", O_RDONLY, 0);
    CHECK_EQ(lookup_mode(ffd, "x", 0, NULL), -ENOTDIR);
    CHECK_EQ(lookup_mode(99, "x", 0, NULL), -EBADF);
    CHECK_EQ(lookup_mode(99, "/a", 0, NULL), 0);
    unsigned mode;
    CHECK_EQ(lookup_mode(ffd, "", LOOKUP_EMPTY, &mode), 0);
    CHECK(S_ISREG(mode));
    CHECK_EQ(lookup_mode(ffd, "", 0, &mode), -ENOENT);
    CHECK_EQ(lookup_mode(99, "", LOOKUP_EMPTY, &mode), -EBADF);
    CHECK_EQ(vfs_mkdir(&ENV, dfd, "sub", 0755), 0);
    CHECK_EQ(lookup_mode(AT_FDCWD, "/a/b/sub", 0, &mode), 0);
    xclose(dfd);
    xclose(ffd);
    fs_teardown();
}

TEST(walk_symlinks)
{
    fs_setup();
    make_tree();
    CHECK_EQ(vfs_symlink(&ENV, "/a/b", AT_FDCWD, "/abs"), 0);
    CHECK_EQ(vfs_symlink(&ENV, "b/f", AT_FDCWD, "/a/rel"), 0);
    CHECK_EQ(vfs_symlink(&ENV, "../../a", AT_FDCWD, "/a/b/up"), 0);
    CHECK_EQ(vfs_symlink(&ENV, "nowhere", AT_FDCWD, "/dangling"), 0);
    CHECK_EQ(vfs_symlink(&ENV, "x", AT_FDCWD, "/abs"), -EEXIST);
    CHECK_EQ(vfs_symlink(&ENV, "", AT_FDCWD, "/empty"), -ENOENT);
    CHECK(file_is("/abs/f", "F"));
    CHECK(file_is("/a/rel", "F"));
    CHECK(file_is("/a/b/up/b/up/rel", "F"));
    unsigned mode;
    CHECK_EQ(lookup_mode(AT_FDCWD, "/abs", 0, &mode), 0);
    CHECK(S_ISLNK(mode));
    CHECK_EQ(lookup_mode(AT_FDCWD, "/abs", LOOKUP_FOLLOW, &mode), 0);
    CHECK(S_ISDIR(mode));
    CHECK_EQ(lookup_mode(AT_FDCWD, "/abs/", 0, &mode), 0); /* a slash follows */
    CHECK(S_ISDIR(mode));
    CHECK_EQ(lookup_mode(AT_FDCWD, "/dangling", LOOKUP_FOLLOW, &mode), -ENOENT);
    CHECK_EQ(lookup_mode(AT_FDCWD, "/dangling", 0, &mode), 0);
    CHECK_EQ(xopen("/abs", O_RDONLY | O_NOFOLLOW, 0), -ELOOP);
    CHECK_EQ(xopen("/a/rel", O_RDONLY | O_NOFOLLOW, 0), -ELOOP);
    int fd = xopen("/a/rel", O_RDONLY | O_NOFOLLOW | O_PATH, 0);
    CHECK(fd >= 0);
    char c;
    CHECK_EQ(xread(fd, &c, 1), -EBADF);
    xclose(fd);
    /* O_CREAT through an existing symlink opens its target. */
    fd = xopen("/a/rel", O_WRONLY | O_CREAT, 0644);
    CHECK(fd >= 0);
    xclose(fd);
    CHECK_EQ(xopen("/a/rel", O_WRONLY | O_CREAT | O_EXCL, 0644), -EEXIST);
    char buf[64];
    CHECK_EQ(vfs_readlink(&ENV, AT_FDCWD, "/a/rel", buf, sizeof(buf)), 3);
    CHECK(memcmp(buf, "b/f", 3) == 0);
    CHECK_EQ(vfs_readlink(&ENV, AT_FDCWD, "/a/rel", buf, 2), 2);
    CHECK_EQ(vfs_readlink(&ENV, AT_FDCWD, "/a", buf, sizeof(buf)), -EINVAL);
    /* Removing a symlink removes the link, not the target. */
    CHECK_EQ(vfs_unlink(&ENV, AT_FDCWD, "/abs"), 0);
    CHECK_EQ(lookup_mode(AT_FDCWD, "/a/b", 0, &mode), 0);
    /* Renaming and linking symlinks act on the link itself. */
    CHECK_EQ(vfs_rename(&ENV, AT_FDCWD, "/dangling", AT_FDCWD, "/dang2", 0), 0);
    CHECK_EQ(vfs_link(&ENV, AT_FDCWD, "/dang2", AT_FDCWD, "/dang3", 0), 0);
    CHECK_EQ(vfs_link(&ENV, AT_FDCWD, "/dang2", AT_FDCWD, "/dang4", AT_SYMLINK_FOLLOW), -ENOENT);
    fs_teardown();
}

TEST(walk_symlink_loops_and_limit)
{
    fs_setup();
    CHECK_EQ(vfs_symlink(&ENV, "/loop2", AT_FDCWD, "/loop1"), 0);
    CHECK_EQ(vfs_symlink(&ENV, "/loop1", AT_FDCWD, "/loop2"), 0);
    CHECK_EQ(xopen("/loop1", O_RDONLY, 0), -ELOOP);
    CHECK_EQ(lookup_mode(AT_FDCWD, "/loop1/x", 0, NULL), -ELOOP);
    CHECK_EQ(vfs_symlink(&ENV, ".", AT_FDCWD, "/self"), 0);
    /* A chain of 40 links resolves; 41 is too many (Linux MAXSYMLINKS). */
    CHECK_EQ(put_file("/target", "T"), 0);
    char name[32], prev[32];
    strcpy(prev, "/target");
    for (int k = 1; k <= 41; k++) {
        snprintf(name, sizeof(name), "/l%d", k);
        CHECK_EQ(vfs_symlink(&ENV, prev, AT_FDCWD, name), 0);
        strcpy(prev, name);
    }
    CHECK(file_is("/l40", "T"));
    CHECK_EQ(xopen("/l41", O_RDONLY, 0), -ELOOP);
    /* "self" repeated: each use is one link. */
    char path[512] = "";
    for (int k = 0; k < 40; k++)
        strcat(path, "/self");
    strcat(path, "/target");
    CHECK_EQ(lookup_mode(AT_FDCWD, path, 0, NULL), 0);
    path[0] = '\0';
    for (int k = 0; k < 41; k++)
        strcat(path, "/self");
    strcat(path, "/target");
    CHECK_EQ(lookup_mode(AT_FDCWD, path, 0, NULL), -ELOOP);
    fs_teardown();
}

TEST(walk_chroot_confines_dotdot_and_absolute_paths)
{
    fs_setup();
    make_tree();
    CHECK_EQ(put_file("/outside", "O"), 0);
    CHECK_EQ(vfs_chdir(&ENV, "/a"), 0);
    CHECK_EQ(vfs_chroot(&ENV, "/a"), 0);
    CHECK(strcmp(cwd(), "/") == 0);
    CHECK(file_is("/b/f", "F"));
    CHECK(file_is("/../../b/f", "F"));
    CHECK_EQ(xopen("/outside", O_RDONLY, 0), -ENOENT);
    CHECK_EQ(xopen("../outside", O_RDONLY, 0), -ENOENT);
    CHECK_EQ(vfs_symlink(&ENV, "/b", AT_FDCWD, "/lnk"), 0);
    CHECK(file_is("/lnk/f", "F"));
    CHECK_EQ(vfs_chroot(&ENV, "/b/f"), -ENOTDIR);
    fs_teardown();
}

TEST(walk_getcwd_erange)
{
    fs_setup();
    make_tree();
    CHECK_EQ(vfs_chdir(&ENV, "/a/b"), 0);
    char buf[8];
    CHECK_EQ(vfs_path_name(&FS->root, &FS->cwd, buf, 4), -ERANGE);
    CHECK_EQ(vfs_path_name(&FS->root, &FS->cwd, buf, 6), 5);
    CHECK(strcmp(buf, "/a/b") == 0);
    CHECK_EQ(vfs_chdir(&ENV, "/"), 0);
    CHECK_EQ(vfs_path_name(&FS->root, &FS->cwd, buf, 1), -ERANGE);
    CHECK_EQ(vfs_path_name(&FS->root, &FS->cwd, buf, 2), 2);
    CHECK(strcmp(buf, "/") == 0);
    fs_teardown();
}

TEST(walk_access)
{
    fs_setup();
    make_tree();
    CHECK_EQ(vfs_access(&ENV, AT_FDCWD, "/a/b/f", R_OK | W_OK, 0), 0);
    CHECK_EQ(vfs_access(&ENV, AT_FDCWD, "/a/b/f", X_OK, 0), -EACCES);
    CHECK_EQ(vfs_access(&ENV, AT_FDCWD, "/a/b", X_OK, 0), 0);
    CHECK_EQ(vfs_access(&ENV, AT_FDCWD, "/a/b/g", F_OK, 0), -ENOENT);
    CHECK_EQ(vfs_access(&ENV, AT_FDCWD, "/a/b/f", 8, 0), -EINVAL);
    CHECK_EQ(vfs_access(&ENV, AT_FDCWD, "/a/b/f", F_OK, 0x4), -EINVAL);
    struct file *f;
    CHECK_EQ(vfs_open_exec(&ENV, AT_FDCWD, "/a/b/f", &f), -EACCES);
    CHECK_EQ(vfs_open_exec(&ENV, AT_FDCWD, "/a/b", &f), -EACCES);
    CHECK_EQ(vfs_open_exec(&ENV, AT_FDCWD, "/a/b/zz", &f), -ENOENT);
    struct path p;
    CHECK_EQ(vfs_lookup(&ENV, AT_FDCWD, "/a/b/f", 0, &p), 0);
    struct vfs_attr a = {.mask = ATTR_MODE, .mode = 0700};
    CHECK_EQ(vfs_setattr(path_inode(&p), &a), 0);
    path_put(&p);
    CHECK_EQ(vfs_open_exec(&ENV, AT_FDCWD, "/a/b/f", &f), 0);
    char c = 0;
    CHECK_EQ(kernel_read(f, &c, 1, 0), 1);
    CHECK_EQ(c, 'F');
    CHECK_EQ(kernel_read(f, &c, 1, 1), 0);
    file_put(f);
    fs_teardown();
}
