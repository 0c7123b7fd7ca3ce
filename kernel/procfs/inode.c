/* procfs: the file-system type, its inodes, and the generic directory,
 * file and symlink operations over the entry tables of root.c and pid.c
 * (Linux fs/proc/root.c, inode.c, generic.c, base.c, much reduced).
 *
 * Files are generated whole at open into a seqbuf that stays with the
 * open file, so partial reads at any offsets see one consistent text;
 * i_size is 0, as in Linux, and readers read until end of file. Writes
 * give -EIO, as Linux's proc files without a write method do. */
#include <kernel/clock.h>
#include <kernel/heap.h>
#include <kernel/string.h>
#include <uapi/dirent.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

#include "procfs_fs.h"

static const struct inode_ops proc_dir_iops, proc_link_iops, proc_file_iops;
static const struct file_ops proc_dir_fops, proc_file_fops;

uint64_t proc_ino(const struct proc_inode *pi)
{
    /* [63:32] pid, [31:20] fd + 1, [19:0] the entry's address bits: the
     * tables are static, so an entry's address is a stable identity. */
    uint64_t e = ((uintptr_t)pi->e >> 3) & 0xfffff;
    uint64_t fd = pi->fd >= 0 ? (uint64_t)(pi->fd + 1) & 0xfff : 0;
    uint64_t id = (uint64_t)(uint32_t)pi->tid << 32 | fd << 20 | e;
    return id ? id : 1;
}

static struct inode *proc_make_inode(struct super_block *sb, const struct proc_inode *pi)
{
    struct proc_inode *copy = kmalloc(sizeof(*copy));
    vfs_mode_t mode = pi->mode ? pi->mode : pi->e->mode;
    struct inode *i = copy ? inode_alloc(sb, mode) : NULL;
    if (!i) {
        kfree(copy);
        return NULL;
    }
    *copy = *pi;
    i->i_private = copy;
    i->i_ino = proc_ino(pi);
    /* Linux stamps proc inodes with the wall-clock time of their lookup. */
    uint64_t now = clock_realtime_ns();
    i->i_mtime.sec = (int64_t)(now / 1000000000ULL);
    i->i_mtime.nsec = (int64_t)(now % 1000000000ULL);
    i->i_atime = i->i_ctime = i->i_mtime;
    if (S_ISDIR(mode)) {
        i->i_op = &proc_dir_iops;
        i->i_fop = &proc_dir_fops;
        i->i_nlink = 2;
    } else if (S_ISLNK(mode)) {
        i->i_op = &proc_link_iops;
        i->i_size = 0;
    } else {
        i->i_op = &proc_file_iops;
        i->i_fop = &proc_file_fops;
    }
    return i;
}

static void proc_evict(struct inode *i)
{
    kfree(i->i_private);
    i->i_private = NULL;
}

static const struct super_ops proc_sops = {.evict = proc_evict};

int proc_parse_num(const char *name, size_t len, int *out)
{
    if (!len || len > 9 || (name[0] == '0' && len > 1))
        return -ENOENT;
    int v = 0;
    for (size_t k = 0; k < len; k++) {
        if (name[k] < '0' || name[k] > '9')
            return -ENOENT;
        v = v * 10 + (name[k] - '0');
    }
    *out = v;
    return 0;
}

/* ---- directories ---- */

/* A per-process directory whose process is gone has no entries. */
static bool dir_alive(const struct proc_inode *d)
{
    return d->pid == 0 || proc_task_exists(d->pid);
}

static struct inode *proc_lookup(struct inode *dir, const char *name, size_t len, int *err)
{
    const struct proc_inode *d = dir->i_private;
    const struct proc_dir *pd = d->e->dir;
    struct proc_inode c = {.e = NULL, .pid = d->pid, .tid = d->tid, .fd = -1};
    *err = -ENOENT;
    if (!dir_alive(d))
        return NULL;
    for (size_t k = 0; k < pd->n && !c.e; k++)
        if (strlen(pd->entries[k].name) == len && memcmp(pd->entries[k].name, name, len) == 0)
            c.e = &pd->entries[k];
    if (!c.e && (!pd->lookup || pd->lookup(d, name, len, &c) != 0))
        return NULL;
    struct inode *i = proc_make_inode(dir->i_sb, &c);
    if (!i)
        *err = -ENOMEM;
    return i;
}

bool proc_emit(struct dir_context *ctx, const char *name, size_t len, const struct proc_inode *c,
               uint64_t pos)
{
    return ctx->emit(ctx, name, len, proc_ino(c), (c->e->mode >> 12) & 15, pos + 1);
}

/* Positions: 0 ".", 1 "..", 2.. the fixed entries, PROC_DYN_POS.. the
 * dynamic ones (vfs_ns_lock held by vfs_getdents). */
static int proc_iterate(struct file *f, struct dir_context *ctx)
{
    const struct proc_inode *d = f->f_inode->i_private;
    const struct proc_dir *pd = d->e->dir;
    if (!dir_alive(d))
        return 0;
    struct dentry *dn = f->f_path.dentry;
    if (ctx->pos == 0 && !ctx->emit(ctx, ".", 1, f->f_inode->i_ino, DT_DIR, 1))
        return 0;
    if (ctx->pos == 1) {
        uint64_t pino = dn && dn->d_parent->d_inode ? dn->d_parent->d_inode->i_ino : 1;
        if (!ctx->emit(ctx, "..", 2, pino, DT_DIR, 2))
            return 0;
    }
    for (size_t k = ctx->pos - 2; ctx->pos >= 2 && k < pd->n; k++) {
        struct proc_inode c = {.e = &pd->entries[k], .pid = d->pid, .tid = d->tid, .fd = -1};
        if (!proc_emit(ctx, c.e->name, strlen(c.e->name), &c, 2 + k))
            return 0;
    }
    if (ctx->pos < PROC_DYN_POS)
        ctx->pos = PROC_DYN_POS;
    return pd->iterate ? pd->iterate(d, ctx) : 0;
}

static long proc_dir_read(struct file *f, const struct iobuf *buf, uint64_t *pos)
{
    UNUSED(f), UNUSED(buf), UNUSED(pos);
    return -EISDIR;
}

/* Directories seek only to positions readdir handed out (or 0). */
static int64_t proc_dir_llseek(struct file *f, int64_t off, int whence)
{
    if (whence != SEEK_SET && whence != SEEK_CUR)
        return -EINVAL;
    int64_t pos = whence == SEEK_CUR ? (int64_t)f->f_pos + off : off;
    if (pos < 0)
        return -EINVAL;
    f->f_pos = (uint64_t)pos;
    return pos;
}

/* ---- symlinks ---- */

long proc_link_copy(char *buf, size_t len, const char *s, size_t n)
{
    n = MIN(n, len);
    memcpy(buf, s, n);
    return (long)n;
}

static long proc_readlink(struct inode *inode, char *buf, size_t len)
{
    const struct proc_inode *pi = inode->i_private;
    return pi->e->readlink(pi, buf, len);
}

/* ---- generated files ---- */

static int proc_file_open(struct inode *inode, struct file *f)
{
    const struct proc_inode *pi = inode->i_private;
    if (!(f->f_mode & FMODE_READ))
        return 0; /* write-only: every write fails with -EIO anyway */
    struct seqbuf *m = kmalloc(sizeof(*m));
    if (!m)
        return -ENOMEM;
    seq_init(m);
    int err = pi->e->show(m, pi);
    if (!err)
        err = m->err;
    if (err) {
        seq_free(m);
        kfree(m);
        return err;
    }
    f->private_data = m;
    return 0;
}

static long proc_file_read(struct file *f, const struct iobuf *buf, uint64_t *pos)
{
    const struct seqbuf *m = f->private_data;
    if (!m || *pos >= m->len)
        return 0;
    size_t n = MIN(buf->len, m->len - (size_t)*pos);
    if (iobuf_copy_to(buf, 0, m->buf + *pos, n))
        return -EFAULT;
    *pos += n;
    return (long)n;
}

static long proc_file_write(struct file *f, const struct iobuf *buf, uint64_t *pos)
{
    UNUSED(f), UNUSED(buf), UNUSED(pos);
    return -EIO;
}

/* seq_lseek: SEEK_SET and SEEK_CUR within or past the text. */
static int64_t proc_file_llseek(struct file *f, int64_t off, int whence)
{
    return proc_dir_llseek(f, off, whence);
}

static void proc_file_release(struct file *f)
{
    struct seqbuf *m = f->private_data;
    if (m) {
        seq_free(m);
        kfree(m);
    }
}

/* proc_notify_change: attribute changes (O_TRUNC's size 0 among them)
 * are accepted and have no effect on generated files. */
static int proc_setattr(struct inode *inode, const struct vfs_attr *a)
{
    UNUSED(inode), UNUSED(a);
    return 0;
}

static const struct inode_ops proc_file_iops = {.setattr = proc_setattr};
static const struct inode_ops proc_dir_iops = {.lookup = proc_lookup};
static const struct inode_ops proc_link_iops = {.readlink = proc_readlink};
static const struct file_ops proc_dir_fops = {
    .read = proc_dir_read, .llseek = proc_dir_llseek, .iterate = proc_iterate};
static const struct file_ops proc_file_fops = {
    .open = proc_file_open,
    .read = proc_file_read,
    .write = proc_file_write,
    .llseek = proc_file_llseek,
    .release = proc_file_release,
};

/* ---- the file-system type ---- */

static const struct proc_entry proc_root_entry = {
    .name = "/", .mode = S_IFDIR | 0555, .dir = &proc_root_dir};

/* Called with vfs_ns_lock held (vfs_mount). Each mount gets its own
 * super block; options (hidepid=, gid=) are accepted and ignored. */
static struct super_block *proc_get_sb(const struct fs_type *t, unsigned long flags,
                                       const char *data, int *err)
{
    UNUSED(flags), UNUSED(data);
    struct super_block *sb = sb_alloc(&proc_sops, t);
    struct proc_inode pi = {.e = &proc_root_entry, .pid = 0, .tid = 0, .fd = -1};
    struct inode *root = sb ? proc_make_inode(sb, &pi) : NULL;
    struct dentry *d = root ? dentry_alloc(NULL, "/", 1) : NULL;
    if (!d) {
        if (root)
            inode_put(root);
        kfree(sb);
        *err = -ENOMEM;
        return NULL;
    }
    root->i_ino = 1; /* PROC_ROOT_INO */
    d->d_inode = root;
    d->d_sb = sb;
    sb->s_root = d;
    return sb;
}

struct fs_type proc_fs_type = {.name = "proc", .get_sb = proc_get_sb};
