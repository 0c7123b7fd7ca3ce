/* Unpacking a newc archive into a directory tree (Linux init/initramfs.c
 * do_name/do_copy/do_symlink, maybe_link, dir_utime): directories, files,
 * symlinks, device nodes and FIFOs with their modes, owners and mtimes;
 * hard links by (ino, dev) within one archive; concatenated archives.
 * Like Linux, an entry that cannot be created is skipped; a malformed
 * archive or running out of memory stops the unpack with an error. */
#include <kernel/cpio.h>
#include <kernel/file.h>
#include <kernel/heap.h>
#include <kernel/string.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

#include "fs_internal.h"

struct link_rec {
    uint32_t ino, major, minor, mode;
    char *name;
};

struct dir_rec {
    char *name;
    uint32_t mtime;
};

struct unpack {
    struct vfs_env env;
    struct link_rec *links;
    size_t nlinks, caplinks;
    struct dir_rec *dirs;
    size_t ndirs, capdirs;
};

static char *dupstr(const char *s)
{
    size_t n = strlen(s);
    char *p = kmalloc(n + 1);
    if (p)
        memcpy(p, s, n + 1);
    return p;
}

static bool grow(void **arr, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return true;
    size_t ncap = *cap ? *cap * 2 : 16;
    void *p = kcalloc(ncap, elem);
    if (!p)
        return false;
    if (*cap)
        memcpy(p, *arr, *cap * elem);
    kfree(*arr);
    *arr = p;
    *cap = ncap;
    return true;
}

static void forget_links(struct unpack *u)
{
    for (size_t k = 0; k < u->nlinks; k++)
        kfree(u->links[k].name);
    u->nlinks = 0;
}

/* Linux maybe_link: the first name of a multiply linked inode is
 * remembered; later ones become hard links to it. 1 if linked, 0 if not,
 * or -ENOMEM. */
static int maybe_link(struct unpack *u, const struct cpio_entry *e)
{
    if (e->nlink < 2)
        return 0;
    for (size_t k = 0; k < u->nlinks; k++) {
        struct link_rec *l = &u->links[k];
        if (l->ino == e->ino && l->major == e->devmajor && l->minor == e->devminor &&
            ((l->mode ^ e->mode) & S_IFMT) == 0) {
            int err = vfs_link(&u->env, AT_FDCWD, l->name, AT_FDCWD, e->name, 0);
            return err ? 0 : 1;
        }
    }
    if (!grow((void **)&u->links, &u->caplinks, u->nlinks, sizeof(*u->links)))
        return -ENOMEM;
    char *name = dupstr(e->name);
    if (!name)
        return -ENOMEM;
    u->links[u->nlinks++] = (struct link_rec){e->ino, e->devmajor, e->devminor, e->mode, name};
    return 0;
}

static int set_attrs(struct unpack *u, const char *name, const struct cpio_entry *e, bool mode,
                     bool follow)
{
    struct path p;
    int err = vfs_lookup(&u->env, AT_FDCWD, name, follow ? LOOKUP_FOLLOW : 0, &p);
    if (err)
        return err;
    struct vfs_attr a = {.mask = ATTR_UID | ATTR_GID | ATTR_MTIME | ATTR_ATIME};
    if (mode) {
        a.mask |= ATTR_MODE;
        a.mode = e->mode & S_IALLUGO;
    }
    a.uid = e->uid;
    a.gid = e->gid;
    a.mtime.sec = e->mtime;
    a.atime = a.mtime;
    err = vfs_setattr(path_inode(&p), &a);
    path_put(&p);
    return err;
}

/* Linux clean_path: an existing entry of another type is removed first. */
static void clean_path(struct unpack *u, const char *name, uint32_t mode)
{
    struct path p;
    if (vfs_lookup(&u->env, AT_FDCWD, name, 0, &p))
        return;
    vfs_mode_t old = path_inode(&p)->i_mode;
    path_put(&p);
    if (((old ^ mode) & S_IFMT) == 0)
        return;
    if (S_ISDIR(old))
        vfs_rmdir(&u->env, AT_FDCWD, name);
    else
        vfs_unlink(&u->env, AT_FDCWD, name);
}

static bool fatal(int err)
{
    return err == -ENOMEM || err == -ENOSPC;
}

static int do_file(struct unpack *u, const struct cpio_entry *e)
{
    int ml = maybe_link(u, e);
    if (ml < 0)
        return ml;
    int flags = O_WRONLY | O_CREAT | (ml == 1 ? 0 : O_TRUNC);
    struct file *f;
    int err = vfs_open(&u->env, AT_FDCWD, e->name, flags, e->mode & S_IALLUGO, &f);
    if (err)
        return fatal(err) ? err : 0;
    long n = e->filesize ? kernel_write(f, e->data, (size_t)e->filesize, 0) : 0;
    file_put(f);
    if (n < 0)
        return fatal((int)n) ? (int)n : 0;
    if ((uint64_t)n != e->filesize)
        return -ENOSPC;
    set_attrs(u, e->name, e, true, false);
    return 0;
}

static int do_dir(struct unpack *u, const struct cpio_entry *e)
{
    int err = vfs_mkdir(&u->env, AT_FDCWD, e->name, e->mode & S_IALLUGO);
    if (err && err != -EEXIST)
        return fatal(err) ? err : 0;
    set_attrs(u, e->name, e, true, true);
    if (!grow((void **)&u->dirs, &u->capdirs, u->ndirs, sizeof(*u->dirs)))
        return -ENOMEM;
    char *name = dupstr(e->name);
    if (!name)
        return -ENOMEM;
    u->dirs[u->ndirs++] = (struct dir_rec){name, e->mtime};
    return 0;
}

static int do_symlink(struct unpack *u, const struct cpio_entry *e)
{
    if (e->filesize == 0 || e->filesize >= PATH_MAX)
        return 0;
    char *target = kmalloc((size_t)e->filesize + 1);
    if (!target)
        return -ENOMEM;
    memcpy(target, e->data, (size_t)e->filesize);
    target[e->filesize] = '\0';
    int err = vfs_symlink(&u->env, target, AT_FDCWD, e->name);
    kfree(target);
    if (err)
        return fatal(err) ? err : 0;
    set_attrs(u, e->name, e, false, false);
    return 0;
}

static int do_node(struct unpack *u, const struct cpio_entry *e)
{
    int ml = maybe_link(u, e);
    if (ml != 0)
        return ml < 0 ? ml : 0;
    int err = vfs_mknod(&u->env, AT_FDCWD, e->name, e->mode, MKDEV(e->rdevmajor, e->rdevminor));
    if (err)
        return fatal(err) ? err : 0;
    set_attrs(u, e->name, e, true, false);
    return 0;
}

static int do_entry(struct unpack *u, const struct cpio_entry *e)
{
    if (strcmp(e->name, "TRAILER!!!") == 0) {
        forget_links(u);
        return 0;
    }
    if (e->namesize > PATH_MAX)
        return 0; /* Linux: "name too long", ignored */
    clean_path(u, e->name, e->mode);
    switch (e->mode & S_IFMT) {
    case S_IFREG:
        return do_file(u, e);
    case S_IFDIR:
        return do_dir(u, e);
    case S_IFLNK:
        return do_symlink(u, e);
    case S_IFCHR:
    case S_IFBLK:
    case S_IFIFO:
    case S_IFSOCK:
        return do_node(u, e);
    default:
        return 0;
    }
}

int cpio_unpack(const void *data, size_t len, const struct path *root)
{
    struct fs_context fs = {.count = 1, .root = *root, .cwd = *root, .umask = 0};
    mutex_init(&fs.lock, "cpio fs");
    struct unpack u = {.env = {.fs = &fs, .files = NULL}};
    size_t off = 0;
    int err = 0;
    for (;;) {
        struct cpio_entry e;
        int r = cpio_next(data, len, &off, &e);
        if (r <= 0) {
            err = r;
            break;
        }
        err = do_entry(&u, &e);
        if (err)
            break;
    }
    /* Directory times last: creating their contents changed them. */
    for (size_t k = 0; k < u.ndirs; k++) {
        struct path p;
        if (!vfs_lookup(&u.env, AT_FDCWD, u.dirs[k].name, LOOKUP_FOLLOW, &p)) {
            struct vfs_attr a = {.mask = ATTR_MTIME | ATTR_ATIME};
            a.mtime.sec = u.dirs[k].mtime;
            a.atime = a.mtime;
            vfs_setattr(path_inode(&p), &a);
            path_put(&p);
        }
        kfree(u.dirs[k].name);
    }
    forget_links(&u);
    kfree(u.links);
    kfree(u.dirs);
    return err;
}
