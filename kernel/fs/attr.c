/* Attributes: stat/statx/statfs, chmod/chown/utimens/truncate through
 * setattr, access(2), chdir/chroot (Linux fs/stat.c, fs/attr.c,
 * fs/open.c, fs/statfs.c). */
#include <kernel/string.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/mount.h>
#include <uapi/stat.h>
#include <uapi/statfs.h>

#include "fs_internal.h"

void inode_apply_attr(struct inode *inode, const struct vfs_attr *a)
{
    mutex_lock(&inode->i_lock);
    if (a->mask & ATTR_MODE)
        inode->i_mode = (inode->i_mode & S_IFMT) | (a->mode & S_IALLUGO);
    if (a->mask & ATTR_UID)
        inode->i_uid = a->uid;
    if (a->mask & ATTR_GID)
        inode->i_gid = a->gid;
    if (a->mask & ATTR_ATIME)
        inode->i_atime = a->atime;
    if (a->mask & ATTR_MTIME)
        inode->i_mtime = a->mtime;
    if (a->mask & ATTR_CTIME)
        inode->i_ctime = a->ctime;
    mutex_unlock(&inode->i_lock);
}

int vfs_setattr(struct inode *inode, const struct vfs_attr *a)
{
    if ((a->mask & ATTR_SIZE) && (int64_t)a->size < 0)
        return -EINVAL;
    if ((a->mask & ATTR_SIZE) && S_ISDIR(inode->i_mode))
        return -EISDIR;
    if (inode->i_op && inode->i_op->setattr)
        return inode->i_op->setattr(inode, a);
    /* Plain attribute changes for file systems without their own hook. */
    if (a->mask & ATTR_SIZE)
        return -EPERM;
    inode_apply_attr(inode, a);
    return 0;
}

void vfs_fill_stat(struct inode *i, struct stat *st)
{
    memset(st, 0, sizeof(*st));
    mutex_lock(&i->i_lock);
    st->st_dev = i->i_sb ? i->i_sb->s_dev : 0;
    st->st_ino = i->i_ino;
    st->st_mode = i->i_mode;
    st->st_nlink = i->i_nlink;
    st->st_uid = i->i_uid;
    st->st_gid = i->i_gid;
    st->st_rdev = i->i_rdev;
    st->st_size = (int64_t)i->i_size;
    st->st_blksize = VFS_BLKSIZE;
    st->st_blocks = (int64_t)i->i_blocks;
    st->st_atime_sec = i->i_atime.sec;
    st->st_atime_nsec = (uint64_t)i->i_atime.nsec;
    st->st_mtime_sec = i->i_mtime.sec;
    st->st_mtime_nsec = (uint64_t)i->i_mtime.nsec;
    st->st_ctime_sec = i->i_ctime.sec;
    st->st_ctime_nsec = (uint64_t)i->i_ctime.nsec;
    mutex_unlock(&i->i_lock);
}

static struct statx_timestamp stx_time(struct vfs_time t)
{
    struct statx_timestamp s = {.tv_sec = t.sec, .tv_nsec = (uint32_t)t.nsec};
    return s;
}

/* Linux cp_statx: the basic stats are always filled (whatever was asked)
 * and reported in stx_mask; btime is not kept. */
void vfs_fill_statx(const struct path *p, unsigned mask, struct statx *sx)
{
    UNUSED(mask);
    struct stat st;
    struct inode *i = path_inode(p);
    vfs_fill_stat(i, &st);
    memset(sx, 0, sizeof(*sx));
    sx->stx_mask = STATX_BASIC_STATS | STATX_MNT_ID;
    sx->stx_blksize = (uint32_t)st.st_blksize;
    sx->stx_nlink = st.st_nlink;
    sx->stx_uid = st.st_uid;
    sx->stx_gid = st.st_gid;
    sx->stx_mode = (uint16_t)st.st_mode;
    sx->stx_ino = st.st_ino;
    sx->stx_size = (uint64_t)st.st_size;
    sx->stx_blocks = (uint64_t)st.st_blocks;
    mutex_lock(&i->i_lock);
    sx->stx_atime = stx_time(i->i_atime);
    sx->stx_mtime = stx_time(i->i_mtime);
    sx->stx_ctime = stx_time(i->i_ctime);
    mutex_unlock(&i->i_lock);
    sx->stx_rdev_major = MAJOR(st.st_rdev);
    sx->stx_rdev_minor = MINOR(st.st_rdev);
    sx->stx_dev_major = MAJOR(st.st_dev);
    sx->stx_dev_minor = MINOR(st.st_dev);
    sx->stx_mnt_id = p->mnt ? (uint64_t)p->mnt->mnt_id : 0;
}

static void statfs_sb(struct super_block *sb, unsigned long mf, struct statfs *st);

int vfs_statfs(const struct path *p, struct statfs *st)
{
    statfs_sb(p->dentry->d_sb, p->mnt ? p->mnt->mnt_flags : 0, st);
    return 0;
}

int vfs_fstatfs(struct file *f, struct statfs *st)
{
    if (f->f_path.dentry)
        return vfs_statfs(&f->f_path, st);
    if (!f->f_inode)
        return -EBADF;
    statfs_sb(f->f_inode->i_sb, 0, st);
    return 0;
}

int vfs_fstat(struct file *f, struct stat *st)
{
    if (!f->f_inode)
        return -EBADF;
    vfs_fill_stat(f->f_inode, st);
    return 0;
}

static void statfs_sb(struct super_block *sb, unsigned long mf, struct statfs *st)
{
    memset(st, 0, sizeof(*st));
    st->f_bsize = VFS_BLKSIZE;
    st->f_frsize = VFS_BLKSIZE;
    st->f_namelen = NAME_MAX;
    if (sb && sb->s_op && sb->s_op->statfs)
        sb->s_op->statfs(sb, st);
    if (sb) {
        st->f_fsid[0] = (int32_t)sb->s_dev;
        st->f_fsid[1] = 0;
    }
    /* Linux calculate_f_flags: ST_VALID plus the mount's flags. */
    st->f_flags = ST_VALID | (mf & MS_RDONLY ? ST_RDONLY : 0) | (mf & MS_NOSUID ? ST_NOSUID : 0) |
                  (mf & MS_NODEV ? ST_NODEV : 0) | (mf & MS_NOEXEC ? ST_NOEXEC : 0) |
                  (mf & MS_NOATIME ? ST_NOATIME : 0) | (mf & MS_RELATIME ? ST_RELATIME : 0);
}

/* access(2) as root: existence, and X_OK needs an x bit somewhere on a
 * non-directory (Linux: even for root). */
int vfs_access(const struct vfs_env *env, int dirfd, const char *path, int mode, int flags)
{
    if (mode & ~(R_OK | W_OK | X_OK))
        return -EINVAL;
    if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct path p;
    unsigned lf = (flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW) |
                  (flags & AT_EMPTY_PATH ? LOOKUP_EMPTY : 0);
    int err = vfs_lookup(env, dirfd, path, lf, &p);
    if (err)
        return err;
    struct inode *i = path_inode(&p);
    if ((mode & X_OK) && !S_ISDIR(i->i_mode))
        err = vfs_permission(i, MAY_EXEC);
    if (!err && (mode & W_OK) && (p.mnt->mnt_flags & MS_RDONLY) &&
        (S_ISREG(i->i_mode) || S_ISDIR(i->i_mode) || S_ISLNK(i->i_mode)))
        err = -EROFS;
    path_put(&p);
    return err;
}

static int set_fs_path(const struct vfs_env *env, const char *path, bool root)
{
    if (!env || !env->fs)
        return -EINVAL;
    struct path p;
    int err = vfs_lookup(env, AT_FDCWD, path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p);
    if (err)
        return err;
    mutex_lock(&env->fs->lock);
    struct path old = root ? env->fs->root : env->fs->cwd;
    if (root)
        env->fs->root = p;
    else
        env->fs->cwd = p;
    mutex_unlock(&env->fs->lock);
    path_put(&old);
    return 0;
}

int vfs_chdir(const struct vfs_env *env, const char *path)
{
    return set_fs_path(env, path, false);
}

int vfs_chroot(const struct vfs_env *env, const char *path)
{
    return set_fs_path(env, path, true);
}

int vfs_truncate_path(const struct vfs_env *env, const char *path, int64_t len)
{
    if (len < 0)
        return -EINVAL;
    struct path p;
    int err = vfs_lookup(env, AT_FDCWD, path, LOOKUP_FOLLOW, &p);
    if (err)
        return err;
    struct inode *i = path_inode(&p);
    if (S_ISDIR(i->i_mode))
        err = -EISDIR;
    else if (!S_ISREG(i->i_mode))
        err = -EINVAL;
    else if (p.mnt->mnt_flags & MS_RDONLY)
        err = -EROFS;
    if (!err) {
        struct vfs_attr a = {.mask = ATTR_SIZE | ATTR_MTIME | ATTR_CTIME, .size = (uint64_t)len};
        vfs_now(&a.mtime);
        a.ctime = a.mtime;
        err = vfs_setattr(i, &a);
    }
    path_put(&p);
    return err;
}
