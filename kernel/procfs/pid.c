/* /proc/<pid>: one directory per process (Linux fs/proc/base.c
 * tgid_base_stuff, reduced to what is tracked), its fd/ directory of
 * descriptor links and task/<tid> (threads share the layout). Kernel
 * only. */
#include <kernel/fdtable.h>
#include <kernel/format.h>
#include <kernel/heap.h>
#include <kernel/mm.h>
#include <kernel/string.h>
#include <uapi/errno.h>
#include <uapi/stat.h>

#include "../mm/vm_internal.h" /* vma_of: the VMA list, mm->lock held */
#include "procfs_fs.h"

#define FILE_RO   (S_IFREG | 0444)
#define FILE_USER (S_IFREG | 0400) /* environ: the owner only */
#define LINK      (S_IFLNK | 0777)

#define ARGS_MAX (128UL << 10) /* cmdline/environ shown at most (one ARG_MAX page set) */

static int show_stat(struct seqbuf *m, const struct proc_inode *pi)
{
    struct proc_task_snap s;
    int err = proc_task_snapshot(pi->tid, pi->tid != pi->pid, &s, NULL);
    if (!err)
        proc_show_stat(m, &s);
    return err == -ENOENT ? -ESRCH : err;
}

static int show_status(struct seqbuf *m, const struct proc_inode *pi)
{
    struct proc_task_snap s;
    int err = proc_task_snapshot(pi->tid, pi->tid != pi->pid, &s, NULL);
    if (!err)
        proc_show_status(m, &s);
    return err == -ENOENT ? -ESRCH : err;
}

static int show_statm(struct seqbuf *m, const struct proc_inode *pi)
{
    struct proc_task_snap s;
    int err = proc_task_snapshot(pi->tid, pi->tid != pi->pid, &s, NULL);
    if (!err)
        proc_show_statm(m, &s);
    return err == -ENOENT ? -ESRCH : err;
}

static int show_comm(struct seqbuf *m, const struct proc_inode *pi)
{
    struct proc_task_snap s;
    int err = proc_task_snapshot(pi->tid, pi->tid != pi->pid, &s, NULL);
    if (!err)
        seq_printf(m, "%s\n", s.comm);
    return err == -ENOENT ? -ESRCH : err;
}

/* The task's mm, referenced, or NULL (kernel threads, zombies). */
static struct mm *task_mm(const struct proc_inode *pi, int *err)
{
    struct proc_task_snap s;
    struct proc_refs r;
    *err = proc_task_snapshot(pi->tid, pi->tid != pi->pid, &s, &r);
    if (*err)
        return NULL;
    struct mm *mm = r.mm;
    r.mm = NULL;
    proc_refs_put(&r);
    return mm;
}

/* The bytes of [start, end) of the task's memory, NUL-separated strings
 * as exec laid them out (Linux get_mm_cmdline, without the setproctitle
 * special cases). An empty file for kernel threads and zombies. */
static int show_area(struct seqbuf *m, const struct proc_inode *pi, bool env)
{
    int err;
    struct mm *mm = task_mm(pi, &err);
    if (!mm)
        return err == -ENOENT ? -ESRCH : 0;
    mutex_lock(&mm->lock);
    uint64_t start = env ? mm->env_start : mm->arg_start;
    uint64_t end = env ? mm->env_end : mm->arg_end;
    mutex_unlock(&mm->lock);
    size_t len = end > start ? MIN(end - start, ARGS_MAX) : 0;
    char *buf = len ? kmalloc(len) : NULL;
    if (len && !buf)
        err = -ENOMEM;
    long n = buf ? mm_read_bytes(mm, start, buf, len) : 0;
    if (n > 0)
        seq_write(m, buf, (size_t)n);
    kfree(buf);
    mm_put(mm);
    return err;
}

static int show_cmdline(struct seqbuf *m, const struct proc_inode *pi)
{
    return show_area(m, pi, false);
}

static int show_environ(struct seqbuf *m, const struct proc_inode *pi)
{
    return show_area(m, pi, true);
}

static unsigned vma_flags(const struct vma *v, const struct mm *mm)
{
    unsigned f = 0;
    f |= v->prot & PGPROT_READ ? PROC_VMA_READ : 0;
    f |= v->prot & PGPROT_WRITE ? PROC_VMA_WRITE : 0;
    f |= v->prot & PGPROT_EXEC ? PROC_VMA_EXEC : 0;
    f |= v->flags & VMA_SHARED ? PROC_VMA_SHARED : 0;
    /* Linux names the area holding the break [heap] (task_mmu.c). */
    if ((v->flags & VMA_HEAP) || (v->start < mm->brk && v->end > mm->brk_start))
        f |= PROC_VMA_HEAP;
    else if (v->flags & VMA_STACK)
        f |= PROC_VMA_STACK;
    return f;
}

static int show_maps(struct seqbuf *m, const struct proc_inode *pi)
{
    int err;
    struct mm *mm = task_mm(pi, &err);
    if (!mm)
        return err == -ENOENT ? -ESRCH : 0;
    mutex_lock(&mm->lock);
    size_t n = 0;
    struct list_node *it;
    list_for_each(it, &mm->vmas) n++;
    struct proc_vma_snap *v = n ? kcalloc(n, sizeof(*v)) : NULL;
    size_t k = 0;
    if (v) {
        list_for_each(it, &mm->vmas)
        {
            const struct vma *a = vma_of(it);
            v[k].start = a->start;
            v[k].end = a->end;
            v[k].flags = vma_flags(a, mm);
            k++;
        }
    }
    mutex_unlock(&mm->lock);
    mm_put(mm);
    if (n && !v)
        return -ENOMEM;
    proc_show_maps(m, v, k);
    kfree(v);
    return 0;
}

/* ---- links: cwd, root, exe ---- */

/* The name of p as the reader sees it. */
static long path_link(const struct path *p, char *buf, size_t len)
{
    struct path root;
    proc_reader_root(&root);
    char *tmp = kmalloc(PATH_MAX);
    long n = tmp ? vfs_path_name(&root, p, tmp, PATH_MAX) : -ENOMEM;
    if (n > 0)
        n = proc_link_copy(buf, len, tmp, (size_t)n - 1);
    kfree(tmp);
    path_put(&root);
    return n;
}

static long fs_link(const struct proc_inode *pi, char *buf, size_t len, bool cwd)
{
    struct proc_task_snap s;
    struct proc_refs r;
    int err = proc_task_snapshot(pi->tid, pi->tid != pi->pid, &s, &r);
    if (err)
        return err;
    long n = -ENOENT; /* kernel threads and zombies have no fs context */
    if (r.fs) {
        struct path p;
        bool locked = mutex_held(&vfs_ns_lock);
        if (!locked) /* inside a walk: see proc_reader_root */
            mutex_lock(&r.fs->lock);
        p = cwd ? r.fs->cwd : r.fs->root;
        path_get(&p);
        if (!locked)
            mutex_unlock(&r.fs->lock);
        n = path_link(&p, buf, len);
        path_put(&p);
    }
    proc_refs_put(&r);
    return n;
}

static long readlink_cwd(const struct proc_inode *pi, char *buf, size_t len)
{
    return fs_link(pi, buf, len, true);
}

static long readlink_root(const struct proc_inode *pi, char *buf, size_t len)
{
    return fs_link(pi, buf, len, false);
}

/* The executable's path: the file execve opened (mm->exe_file, Linux's
 * proc_exe_link). A program started without a file (the in-kernel exec of
 * the ktests) falls back to the name it was given (AT_EXECFN, which exec
 * stores right above the environment strings, as Linux does), made
 * absolute with the cwd. */
static long execfn_link(const struct proc_inode *pi, struct mm *mm, char *buf, size_t len)
{
    mutex_lock(&mm->lock);
    uint64_t at = mm->env_end;
    mutex_unlock(&mm->lock);
    char *name = kmalloc(PATH_MAX);
    long n = name && at ? mm_read_bytes(mm, at, name, PATH_MAX) : -ENOENT;
    size_t l = n > 0 ? strnlen(name, (size_t)n) : 0;
    if (n > 0 && l == (size_t)n)
        n = -ENOENT; /* no terminating NUL: not a name */
    if (n > 0 && name[0] == '/') {
        n = proc_link_copy(buf, len, name, l);
    } else if (n > 0) {
        long c = readlink_cwd(pi, buf, len);
        n = c;
        if (c > 0 && (size_t)c < len) {
            size_t at_end = (size_t)c;
            if (!(at_end == 1 && buf[0] == '/'))
                buf[at_end++] = '/';
            n = (long)at_end + proc_link_copy(buf + at_end, len - at_end, name, l);
        }
    }
    kfree(name);
    return n;
}

static long readlink_exe(const struct proc_inode *pi, char *buf, size_t len)
{
    int err;
    struct mm *mm = task_mm(pi, &err);
    if (!mm)
        return -ENOENT;
    struct path p = {0};
    mutex_lock(&mm->lock);
    if (mm->exe_file && mm->exe_file->f_path.dentry) {
        p = mm->exe_file->f_path;
        path_get(&p);
    }
    mutex_unlock(&mm->lock);
    long n = p.dentry ? path_link(&p, buf, len) : execfn_link(pi, mm, buf, len);
    path_put(&p);
    mm_put(mm);
    return n;
}

/* ---- fd/ ---- */

static struct fdtable *task_files(const struct proc_inode *pi)
{
    struct proc_task_snap s;
    struct proc_refs r;
    if (proc_task_snapshot(pi->tid, pi->tid != pi->pid, &s, &r))
        return NULL;
    struct fdtable *files = r.files;
    r.files = NULL;
    proc_refs_put(&r);
    return files;
}

/* Linux d_path of the open file; pipes show as "pipe:[ino]". The only
 * open file with neither path nor inode is the console stand-in of
 * kernel/fs/console_file.c. */
static long readlink_fd(const struct proc_inode *pi, char *buf, size_t len)
{
    struct fdtable *files = task_files(pi);
    struct file *f = files ? fdtable_file(files, pi->fd) : NULL;
    if (files)
        fdtable_put(files);
    if (!f)
        return -ENOENT;
    long n;
    if (f->f_path.dentry) {
        n = path_link(&f->f_path, buf, len);
    } else if (f->f_inode) {
        char tmp[40];
        int k = snformat(tmp, sizeof(tmp), "%s:[%llu]",
                         S_ISFIFO(f->f_inode->i_mode) ? "pipe" : "anon_inode",
                         (unsigned long long)f->f_inode->i_ino);
        n = proc_link_copy(buf, len, tmp, (size_t)k);
    } else {
        n = proc_link_copy(buf, len, "/dev/console", 12);
    }
    file_put(f);
    return n;
}

static const struct proc_entry fd_link_entry = {
    .name = "", .mode = S_IFLNK | 0700, .readlink = readlink_fd};

static int fd_lookup(const struct proc_inode *dir, const char *name, size_t len,
                     struct proc_inode *out)
{
    int fd;
    if (proc_parse_num(name, len, &fd))
        return -ENOENT;
    struct fdtable *files = task_files(dir);
    struct file *f = files ? fdtable_file(files, fd) : NULL;
    if (files)
        fdtable_put(files);
    if (!f)
        return -ENOENT;
    /* The link's permissions tell how the file is open (proc_fd_link). */
    vfs_mode_t mode = S_IFLNK;
    mode |= f->f_mode & FMODE_READ ? S_IRUSR | S_IXUSR : 0;
    mode |= f->f_mode & FMODE_WRITE ? S_IWUSR | S_IXUSR : 0;
    file_put(f);
    *out = *dir;
    out->e = &fd_link_entry;
    out->fd = fd;
    out->mode = mode;
    return 0;
}

static int fd_iterate(const struct proc_inode *dir, struct dir_context *ctx)
{
    struct fdtable *files = task_files(dir);
    if (!files)
        return 0;
    for (unsigned fd = (unsigned)(ctx->pos - PROC_DYN_POS); fd < NOFILE_MAX; fd++) {
        spin_lock(&files->lock);
        unsigned cap = files->cap;
        bool open = fd < cap && files->fd[fd];
        spin_unlock(&files->lock);
        if (fd >= cap)
            break;
        if (!open)
            continue;
        char name[12];
        int len = snformat(name, sizeof(name), "%u", fd);
        struct proc_inode c = *dir;
        c.e = &fd_link_entry;
        c.fd = (int)fd;
        if (!proc_emit(ctx, name, (size_t)len, &c, PROC_DYN_POS + fd))
            break;
    }
    fdtable_put(files);
    return 0;
}

static const struct proc_dir fd_dir = {.id = 5, .lookup = fd_lookup, .iterate = fd_iterate};

/* ---- task/ ---- */

static const struct proc_entry tid_entry;

static int task_lookup(const struct proc_inode *dir, const char *name, size_t len,
                       struct proc_inode *out)
{
    int tid;
    struct proc_task_snap s;
    if (proc_parse_num(name, len, &tid) || proc_task_snapshot(tid, true, &s, NULL) ||
        s.tgid != dir->pid)
        return -ENOENT;
    *out = *dir;
    out->e = &tid_entry;
    out->tid = tid;
    return 0;
}

/* One thread per process for now (no CLONE_THREAD yet): the leader. */
static int task_iterate(const struct proc_inode *dir, struct dir_context *ctx)
{
    uint64_t pos = PROC_DYN_POS + (uint64_t)dir->pid;
    if (ctx->pos > pos)
        return 0;
    char name[16];
    int len = snformat(name, sizeof(name), "%d", dir->pid);
    struct proc_inode c = *dir;
    c.e = &tid_entry;
    c.tid = dir->pid;
    proc_emit(ctx, name, (size_t)len, &c, pos);
    return 0;
}

static const struct proc_dir task_dir = {.id = 6, .lookup = task_lookup, .iterate = task_iterate};

/* Entries in Linux's (alphabetical) order. */
#define PID_COMMON_ENTRIES                                                                         \
    {.name = "cmdline", .mode = FILE_RO, .show = show_cmdline},                                    \
        {.name = "comm", .mode = S_IFREG | 0644, .show = show_comm},                               \
        {.name = "cwd", .mode = LINK, .readlink = readlink_cwd},                                   \
        {.name = "environ", .mode = FILE_USER, .show = show_environ},                              \
        {.name = "exe", .mode = LINK, .readlink = readlink_exe},                                   \
        {.name = "fd", .mode = S_IFDIR | 0500, .dir = &fd_dir},                                    \
        {.name = "maps", .mode = FILE_RO, .show = show_maps},                                      \
        {.name = "mounts", .mode = FILE_RO, .show = proc_show_mounts},                             \
        {.name = "root", .mode = LINK, .readlink = readlink_root},                                 \
        {.name = "stat", .mode = FILE_RO, .show = show_stat},                                      \
        {.name = "statm", .mode = FILE_RO, .show = show_statm},                                    \
    {                                                                                              \
        .name = "status", .mode = FILE_RO, .show = show_status                                     \
    }

static const struct proc_entry tid_entries[] = {PID_COMMON_ENTRIES};
static const struct proc_dir tid_dir = {
    .id = 7, .entries = tid_entries, .n = ARRAY_SIZE(tid_entries)};
static const struct proc_entry tid_entry = {.name = "", .mode = S_IFDIR | 0555, .dir = &tid_dir};

static const struct proc_entry pid_entries[] = {
    PID_COMMON_ENTRIES,
    {.name = "task", .mode = S_IFDIR | 0555, .dir = &task_dir},
};
static const struct proc_dir pid_dir = {
    .id = 4, .entries = pid_entries, .n = ARRAY_SIZE(pid_entries)};
const struct proc_entry proc_pid_entry = {.name = "", .mode = S_IFDIR | 0555, .dir = &pid_dir};
