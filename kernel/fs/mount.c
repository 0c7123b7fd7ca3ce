/* File-system types and the mount table (Linux fs/namespace.c and
 * fs/filesystems.c, one namespace). Guarded by vfs_ns_lock. */
#include <kernel/chrdev.h>
#include <kernel/heap.h>
#include <kernel/string.h>
#include <uapi/errno.h>
#include <uapi/mount.h>
#include <uapi/stat.h>

#include "fs_internal.h"

static struct list_node fs_types = LIST_HEAD_INIT(fs_types);     /* vfs_ns_lock */
static struct list_node mount_list = LIST_HEAD_INIT(mount_list); /* vfs_ns_lock */
static struct mount *root_mount;                                 /* vfs_ns_lock */
static int next_mnt_id = 1;

int register_fs_type(struct fs_type *t)
{
    int err = 0;
    mutex_lock(&vfs_ns_lock);
    struct list_node *n;
    list_for_each(n, &fs_types)
    {
        if (list_entry(n, struct fs_type, node) == t ||
            strcmp(list_entry(n, struct fs_type, node)->name, t->name) == 0)
            err = -EEXIST;
    }
    if (!err)
        list_add_tail(&fs_types, &t->node);
    mutex_unlock(&vfs_ns_lock);
    return err;
}

static const struct fs_type *find_fs_type_locked(const char *name)
{
    struct list_node *n;
    list_for_each(n, &fs_types)
    {
        struct fs_type *t = list_entry(n, struct fs_type, node);
        if (strcmp(t->name, name) == 0)
            return t;
    }
    return NULL;
}

const struct fs_type *find_fs_type(const char *name)
{
    mutex_lock(&vfs_ns_lock);
    const struct fs_type *t = find_fs_type_locked(name);
    mutex_unlock(&vfs_ns_lock);
    return t;
}

void vfs_for_each_fs_type(void (*fn)(void *arg, const struct fs_type *t), void *arg)
{
    struct list_node *n;
    list_for_each(n, &fs_types)
    {
        fn(arg, list_entry(n, struct fs_type, node));
    }
}

void vfs_for_each_mount(void (*fn)(void *arg, struct mount *m), void *arg)
{
    struct list_node *n;
    list_for_each(n, &mount_list)
    {
        fn(arg, list_entry(n, struct mount, mnt_node));
    }
}

void fstypes_reset(void)
{
    list_init(&fs_types);
}

struct mount *mount_lookup(struct mount *mnt, struct dentry *d)
{
    if (!d->d_mounts)
        return NULL;
    struct list_node *n;
    list_for_each(n, &mount_list)
    {
        struct mount *m = list_entry(n, struct mount, mnt_node);
        if (m->mnt_parent == mnt && m->mnt_mountpoint == d && m != mnt)
            return m;
    }
    return NULL;
}

static struct mount *mount_new(struct super_block *sb, unsigned long flags)
{
    struct mount *m = kzalloc(sizeof(*m));
    if (!m)
        return NULL;
    m->mnt_sb = sb;
    m->mnt_root = dget(sb->s_root);
    m->mnt_count = 1; /* the table's */
    m->mnt_flags = flags;
    m->mnt_id = next_mnt_id++;
    sb->s_count++;
    return m;
}

/* Flags mount(2) accepts and ignores (no effect on a RAM file system),
 * and the ones it keeps for statfs(2) f_flags. */
#define MS_KEPT (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_RELATIME)

int vfs_mount(const struct path *at, const char *fstype, unsigned long flags, const char *data)
{
    return vfs_mount_dev(at, NULL, fstype, flags, data);
}

static char *dup_cstr(const char *s)
{
    size_t n = strlen(s);
    char *p = kmalloc(n + 1);
    if (p)
        memcpy(p, s, n + 1);
    return p;
}

int vfs_mount_dev(const struct path *at, const char *source, const char *fstype,
                  unsigned long flags, const char *data)
{
    if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
        flags &= ~MS_MGC_MSK;
    /* Propagation changes and remounts have nothing to change here; bind
     * and move mounts are not supported yet. */
    if (flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE | MS_REMOUNT))
        return 0;
    if (flags & (MS_BIND | MS_MOVE))
        return -EINVAL;
    if (!S_ISDIR(path_inode(at)->i_mode))
        return -ENOTDIR;
    mutex_lock(&vfs_ns_lock);
    const struct fs_type *t = find_fs_type_locked(fstype);
    int err = 0;
    struct super_block *sb = NULL;
    struct mount *m = NULL;
    if (!t) {
        err = -ENODEV;
        goto out;
    }
    if (!is_root(at->dentry) && !at->dentry->d_linked) {
        err = -ENOENT; /* removed directory */
        goto out;
    }
    sb = t->get_sb(t, flags, data, &err);
    if (!sb)
        goto out;
    sb->s_mnt_flags = flags & MS_KEPT;
    m = mount_new(sb, flags & MS_KEPT);
    if (!m) {
        err = -ENOMEM;
        if (sb->s_count == 0)
            sb_kill_tree(sb);
        goto out;
    }
    m->mnt_devname = dup_cstr(source ? source : "none");
    m->mnt_parent = at->mnt;
    mnt_get(at->mnt);
    m->mnt_mountpoint = dget(at->dentry);
    at->dentry->d_mounts++;
    list_add_tail(&mount_list, &m->mnt_node);
out:
    mutex_unlock(&vfs_ns_lock);
    return err;
}

static bool has_children(struct mount *m)
{
    struct list_node *n;
    list_for_each(n, &mount_list)
    {
        struct mount *c = list_entry(n, struct mount, mnt_node);
        if (c->mnt_parent == m && c != m)
            return true;
    }
    return false;
}

/* Linux do_umount: the caller's path holds one reference, the table one;
 * anything more (open files, a cwd inside) makes it busy. MNT_DETACH
 * unhooks it now and frees it when the last user goes. */
int vfs_umount(struct path *at, int flags)
{
    if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
        return -EINVAL;
    mutex_lock(&vfs_ns_lock);
    struct mount *m = at->mnt;
    int err = 0;
    if (at->dentry != m->mnt_root || m == root_mount || m->mnt_parent == m)
        err = -EINVAL;
    else if (!(flags & MNT_DETACH) &&
             (has_children(m) || __atomic_load_n(&m->mnt_count, __ATOMIC_RELAXED) > 2))
        err = -EBUSY;
    if (!err) {
        list_remove(&m->mnt_node);
        m->mnt_mountpoint->d_mounts--;
        /* Mounts below a lazily detached one stay reachable from it only. */
        mnt_put(m); /* the table's reference */
    }
    mutex_unlock(&vfs_ns_lock);
    return err;
}

void vfs_root_path(struct path *out)
{
    mutex_lock(&vfs_ns_lock);
    out->mnt = root_mount;
    out->dentry = root_mount ? root_mount->mnt_root : NULL;
    if (root_mount)
        path_get(out);
    mutex_unlock(&vfs_ns_lock);
}

void env_root(const struct vfs_env *env, struct path *out)
{
    if (env && env->fs) {
        mutex_lock(&env->fs->lock);
        *out = env->fs->root;
        path_get(out);
        mutex_unlock(&env->fs->lock);
        return;
    }
    vfs_root_path(out);
}

extern struct fs_type tmpfs_type, devtmpfs_type;

int vfs_init(void)
{
    if (root_mount)
        return 0;
    int err = register_fs_type(&tmpfs_type);
    if (!err)
        err = register_fs_type(&devtmpfs_type);
    if (!err)
        err = memdev_init();
    if (err)
        return err;
    struct super_block *sb = tmpfs_create_sb(0, &err);
    if (!sb)
        return err;
    mutex_lock(&vfs_ns_lock);
    struct mount *m = mount_new(sb, 0);
    if (m) {
        m->mnt_devname = dup_cstr("rootfs");
        m->mnt_parent = m;
        m->mnt_mountpoint = m->mnt_root;
        list_add_tail(&mount_list, &m->mnt_node);
        root_mount = m;
    } else {
        sb_kill_tree(sb);
    }
    mutex_unlock(&vfs_ns_lock);
    return m ? 0 : -ENOMEM;
}

/* Host tests: drop every mount (children first) so each test starts
 * clean and leaks show up under ASan. */
void vfs_reset(void)
{
    mutex_lock(&vfs_ns_lock);
    while (!list_empty(&mount_list)) {
        struct mount *m = list_entry(mount_list.prev, struct mount, mnt_node);
        list_remove(&m->mnt_node);
        if (m->mnt_parent != m)
            m->mnt_mountpoint->d_mounts--;
        mnt_put(m);
    }
    root_mount = NULL;
    mutex_unlock(&vfs_ns_lock);
    fstypes_reset();
    devtmpfs_reset();
    chrdev_reset();
    tmpfs_reset();
}

int vfs_mounts_show(const struct path *root, void (*fn)(void *arg, const struct mount_info *mi),
                    void *arg)
{
    /* Take references to every mount under the lock, then name them
     * without it (vfs_path_name takes it again). */
    mutex_lock(&vfs_ns_lock);
    size_t n = 0;
    struct list_node *it;
    list_for_each(it, &mount_list) n++;
    struct mount **ms = kcalloc(n ? n : 1, sizeof(struct mount *));
    if (!ms) {
        mutex_unlock(&vfs_ns_lock);
        return -ENOMEM;
    }
    n = 0;
    list_for_each(it, &mount_list)
    {
        ms[n] = list_entry(it, struct mount, mnt_node);
        mnt_get(ms[n++]);
    }
    mutex_unlock(&vfs_ns_lock);
    char *buf = kmalloc(PATH_MAX);
    for (size_t k = 0; k < n; k++) {
        struct mount *m = ms[k];
        struct path p = {m, m->mnt_root};
        if (buf && vfs_path_name(root, &p, buf, PATH_MAX) > 0) {
            struct mount_info mi = {
                .source = m->mnt_devname ? m->mnt_devname : "none",
                .where = buf,
                .type = m->mnt_sb->s_type ? m->mnt_sb->s_type->name : "rootfs",
                .flags = m->mnt_flags,
                .id = m->mnt_id,
                .parent_id = m->mnt_parent->mnt_id,
                .dev = m->mnt_sb->s_dev,
            };
            fn(arg, &mi);
        }
        mnt_put(m);
    }
    kfree(buf);
    kfree(ms);
    return 0;
}
