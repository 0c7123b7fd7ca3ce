/* /proc itself: the system-wide files, /proc/self and thread-self,
 * /proc/sys/kernel, and one directory per process (Linux fs/proc/root.c,
 * generic.c, proc_sysctl.c for the few sysctls). Kernel only. */
#include <kernel/boot.h>
#include <kernel/format.h>
#include <kernel/heap.h>
#include <kernel/machine.h>
#include <kernel/string.h>
#include <kernel/task.h>
#include <uapi/errno.h>
#include <uapi/mount.h>
#include <uapi/stat.h>

#include "procfs_fs.h"

#define FILE_RO (S_IFREG | 0444)
#define LINK    (S_IFLNK | 0777)
#define DIR_RX  (S_IFDIR | 0555)

static int show_meminfo(struct seqbuf *m, const struct proc_inode *pi)
{
    UNUSED(pi);
    struct proc_mem_snap s;
    proc_snap_meminfo(&s);
    proc_show_meminfo(m, &s);
    return 0;
}

static int show_cpuinfo(struct seqbuf *m, const struct proc_inode *pi)
{
    UNUSED(pi);
    struct proc_cpu_snap cpus[MAX_PROC_CPUS];
    size_t n;
    proc_snap_cpus(cpus, &n);
    proc_show_cpuinfo(m, cpus, n);
    return 0;
}

static int show_uptime(struct seqbuf *m, const struct proc_inode *pi)
{
    UNUSED(pi);
    proc_show_uptime(m, clock_monotonic_ns(), proc_idle_ns());
    return 0;
}

static int show_version(struct seqbuf *m, const struct proc_inode *pi)
{
    UNUSED(pi);
    proc_show_version(m);
    return 0;
}

static int show_loadavg(struct seqbuf *m, const struct proc_inode *pi)
{
    UNUSED(pi);
    struct proc_load_snap s;
    proc_snap_loadavg(&s);
    proc_show_loadavg(m, &s);
    return 0;
}

static int show_stat(struct seqbuf *m, const struct proc_inode *pi)
{
    UNUSED(pi);
    struct proc_stat_snap s;
    proc_snap_stat(&s);
    proc_show_stat_global(m, &s);
    return 0;
}

static int show_cmdline(struct seqbuf *m, const struct proc_inode *pi)
{
    UNUSED(pi);
    seq_printf(m, "%s\n", boot.plat.bootargs);
    return 0;
}

/* fs/filesystems.c: "nodev" marks types that need no block device. */
static void one_fs_type(void *arg, const struct fs_type *t)
{
    static const char *const block_fs[] = {"ext2", "ext3", "ext4", "vfat", "iso9660"};
    bool nodev = true;
    for (size_t k = 0; k < ARRAY_SIZE(block_fs); k++)
        if (strcmp(t->name, block_fs[k]) == 0)
            nodev = false;
    seq_printf(arg, "%s\t%s\n", nodev ? "nodev" : "", t->name);
}

static int show_filesystems(struct seqbuf *m, const struct proc_inode *pi)
{
    UNUSED(pi);
    bool locked = mutex_held(&vfs_ns_lock);
    if (!locked)
        mutex_lock(&vfs_ns_lock);
    vfs_for_each_fs_type(one_fs_type, m);
    if (!locked)
        mutex_unlock(&vfs_ns_lock);
    return 0;
}

/* ---- /proc/mounts (fs/proc_namespace.c show_vfsmnt) ---- */

/* Octal escapes for the characters that would break the line format. */
static void put_escaped(struct seqbuf *m, const char *s)
{
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
            seq_printf(m, "\\%03o", (unsigned char)*s);
        else
            seq_putc(m, *s);
    }
}

static void mount_options(struct seqbuf *m, unsigned long f)
{
    seq_puts(m, f & MS_RDONLY ? "ro" : "rw");
    if (f & MS_NOSUID)
        seq_puts(m, ",nosuid");
    if (f & MS_NODEV)
        seq_puts(m, ",nodev");
    if (f & MS_NOEXEC)
        seq_puts(m, ",noexec");
    if (f & MS_NOATIME)
        seq_puts(m, ",noatime");
    else
        seq_puts(m, ",relatime"); /* Linux's default atime mode */
}

struct mounts_walk {
    struct seqbuf *m;
    struct path root;
    char *buf;
};

/* vfs_ns_lock held. The source device is not recorded by mount(2) here,
 * so the type's name stands in (what `mount -t proc proc /proc` gives). */
static void one_mount(void *arg, struct mount *mnt)
{
    struct mounts_walk *w = arg;
    const char *type = mnt->mnt_sb->s_type ? mnt->mnt_sb->s_type->name : "none";
    bool is_rootfs = mnt->mnt_parent == mnt;
    struct path p = {.mnt = mnt, .dentry = mnt->mnt_root};
    long n = vfs_path_name(&w->root, &p, w->buf, PATH_MAX);
    if (n < 0)
        return; /* not reachable from the reader's root */
    put_escaped(w->m, is_rootfs ? "rootfs" : type);
    seq_putc(w->m, ' ');
    put_escaped(w->m, w->buf);
    seq_putc(w->m, ' ');
    put_escaped(w->m, is_rootfs ? "rootfs" : type);
    seq_putc(w->m, ' ');
    if (is_rootfs)
        seq_puts(w->m, "rw");
    else
        mount_options(w->m, mnt->mnt_flags);
    seq_puts(w->m, " 0 0\n");
}

/* The reader's root, referenced (an empty path for tasks without an fs
 * context: vfs_path_name then names paths from the namespace root). With
 * vfs_ns_lock held (a readlink inside a walk) fs->lock is not taken: only
 * the reader itself (or a CLONE_FS sibling) changes its own root. */
void proc_reader_root(struct path *root)
{
    struct task *t = current_task();
    struct fs_context *fs = t ? t->fs : NULL;
    root->mnt = NULL;
    root->dentry = NULL;
    if (!fs)
        return;
    bool locked = mutex_held(&vfs_ns_lock);
    if (!locked)
        mutex_lock(&fs->lock);
    *root = fs->root;
    path_get(root);
    if (!locked)
        mutex_unlock(&fs->lock);
}

int proc_show_mounts(struct seqbuf *m, const struct proc_inode *pi)
{
    UNUSED(pi);
    struct mounts_walk w = {.m = m, .buf = kmalloc(PATH_MAX)};
    if (!w.buf)
        return -ENOMEM;
    proc_reader_root(&w.root);
    bool locked = mutex_held(&vfs_ns_lock);
    if (!locked)
        mutex_lock(&vfs_ns_lock);
    vfs_for_each_mount(one_mount, &w);
    if (!locked)
        mutex_unlock(&vfs_ns_lock);
    path_put(&w.root);
    kfree(w.buf);
    return 0;
}

/* ---- /proc/sys/kernel ---- */

static int show_ostype(struct seqbuf *m, const struct proc_inode *pi)
{
    UNUSED(pi);
    seq_puts(m, "Linux\n");
    return 0;
}

static int show_osrelease(struct seqbuf *m, const struct proc_inode *pi)
{
    UNUSED(pi);
    seq_puts(m, PROC_RELEASE "\n");
    return 0;
}

static int show_kversion(struct seqbuf *m, const struct proc_inode *pi)
{
    UNUSED(pi);
    seq_puts(m, PROC_VERSION "\n");
    return 0;
}

static int show_hostname(struct seqbuf *m, const struct proc_inode *pi)
{
    UNUSED(pi);
    seq_puts(m, PROC_HOSTNAME "\n");
    return 0;
}

static int show_pid_max(struct seqbuf *m, const struct proc_inode *pi)
{
    UNUSED(pi);
    seq_puts(m, "32768\n"); /* PID_MAX_DEFAULT */
    return 0;
}

static const struct proc_entry kernel_entries[] = {
    {.name = "hostname", .mode = S_IFREG | 0644, .show = show_hostname},
    {.name = "osrelease", .mode = FILE_RO, .show = show_osrelease},
    {.name = "ostype", .mode = FILE_RO, .show = show_ostype},
    {.name = "pid_max", .mode = S_IFREG | 0644, .show = show_pid_max},
    {.name = "version", .mode = FILE_RO, .show = show_kversion},
};
static const struct proc_dir kernel_dir = {
    .id = 2, .entries = kernel_entries, .n = ARRAY_SIZE(kernel_entries)};
static const struct proc_entry sys_entries[] = {
    {.name = "kernel", .mode = DIR_RX, .dir = &kernel_dir},
};
static const struct proc_dir sys_dir = {.id = 3, .entries = sys_entries, .n = 1};

/* ---- self, thread-self, mounts ---- */

static long link_printf(char *buf, size_t len, const char *fmt, int a, int b)
{
    char tmp[32];
    int n = snformat(tmp, sizeof(tmp), fmt, a, b);
    return proc_link_copy(buf, len, tmp, (size_t)n);
}

static long readlink_self(const struct proc_inode *pi, char *buf, size_t len)
{
    UNUSED(pi);
    return link_printf(buf, len, "%d", current_task()->tgid, 0);
}

static long readlink_thread_self(const struct proc_inode *pi, char *buf, size_t len)
{
    UNUSED(pi);
    struct task *t = current_task();
    return link_printf(buf, len, "%d/task/%d", t->tgid, t->pid);
}

static long readlink_mounts(const struct proc_inode *pi, char *buf, size_t len)
{
    UNUSED(pi);
    return proc_link_copy(buf, len, "self/mounts", 11);
}

static const struct proc_entry root_entries[] = {
    {.name = "cmdline", .mode = FILE_RO, .show = show_cmdline},
    {.name = "cpuinfo", .mode = FILE_RO, .show = show_cpuinfo},
    {.name = "filesystems", .mode = FILE_RO, .show = show_filesystems},
    {.name = "loadavg", .mode = FILE_RO, .show = show_loadavg},
    {.name = "meminfo", .mode = FILE_RO, .show = show_meminfo},
    {.name = "mounts", .mode = LINK, .readlink = readlink_mounts},
    {.name = "self", .mode = LINK, .readlink = readlink_self},
    {.name = "stat", .mode = FILE_RO, .show = show_stat},
    {.name = "sys", .mode = DIR_RX, .dir = &sys_dir},
    {.name = "thread-self", .mode = LINK, .readlink = readlink_thread_self},
    {.name = "uptime", .mode = FILE_RO, .show = show_uptime},
    {.name = "version", .mode = FILE_RO, .show = show_version},
};

/* ---- the process directories ---- */

int proc_pid_lookup(const struct proc_inode *dir, const char *name, size_t len,
                    struct proc_inode *out)
{
    UNUSED(dir);
    int pid;
    if (proc_parse_num(name, len, &pid) || pid <= 0 || !proc_task_exists(pid))
        return -ENOENT;
    out->e = &proc_pid_entry;
    out->pid = out->tid = pid;
    out->fd = -1;
    return 0;
}

#define PID_LIST_MAX 4096

/* Position PROC_DYN_POS + pid for each process, so a listing resumes
 * correctly when processes come and go between getdents calls. */
int proc_pid_iterate(const struct proc_inode *dir, struct dir_context *ctx)
{
    UNUSED(dir);
    int *pids = kmalloc(PID_LIST_MAX * sizeof(int));
    if (!pids)
        return -ENOMEM;
    size_t n = proc_list_pids(pids, PID_LIST_MAX);
    for (size_t k = 0; k < n; k++) {
        uint64_t pos = PROC_DYN_POS + (uint64_t)pids[k];
        if (pos < ctx->pos)
            continue;
        char name[16];
        int len = snformat(name, sizeof(name), "%d", pids[k]);
        struct proc_inode c = {.e = &proc_pid_entry, .pid = pids[k], .tid = pids[k], .fd = -1};
        if (!proc_emit(ctx, name, (size_t)len, &c, pos))
            break;
    }
    kfree(pids);
    return 0;
}

const struct proc_dir proc_root_dir = {
    .id = 1,
    .entries = root_entries,
    .n = ARRAY_SIZE(root_entries),
    .lookup = proc_pid_lookup,
    .iterate = proc_pid_iterate,
};
