/* procfs as a file system: table-driven directories whose entries are
 * made on lookup and readdir (never cached: a vanished pid is gone at
 * the next lookup), text files generated at open, symlinks resolved at
 * readlink. Kernel only. */
#ifndef KERNEL_PROCFS_FS_H
#define KERNEL_PROCFS_FS_H

#include <kernel/file.h>
#include <kernel/vfs.h>

#include "procfs_snapshot.h"

struct proc_entry;

/* What an inode of procfs stands for (its i_private). */
struct proc_inode {
    const struct proc_entry *e;
    int pid;         /* the process of /proc/<pid>/...; 0 elsewhere */
    int tid;         /* the thread (task/<tid>/...); pid elsewhere */
    int fd;          /* fd/<n>; -1 elsewhere */
    vfs_mode_t mode; /* overrides e->mode when set (fd links) */
};

/* A directory: fixed entries, then optional dynamic ones (pids, fds).
 * Dynamic entries use readdir positions from PROC_DYN_POS on. */
#define PROC_DYN_POS 0x100u

struct proc_dir {
    unsigned id; /* distinguishes tables in inode numbers */
    const struct proc_entry *entries;
    size_t n;
    /* Name -> child (fill *out): 0 or -ENOENT. */
    int (*lookup)(const struct proc_inode *dir, const char *name, size_t len,
                  struct proc_inode *out);
    /* Emit dynamic entries whose position is >= ctx->pos. */
    int (*iterate)(const struct proc_inode *dir, struct dir_context *ctx);
};

struct proc_entry {
    const char *name;
    vfs_mode_t mode;
    /* Regular files: the text, generated at open. 0 or -errno. */
    int (*show)(struct seqbuf *m, const struct proc_inode *pi);
    /* Symlinks: the target (not NUL-terminated): its length or -errno. */
    long (*readlink)(const struct proc_inode *pi, char *buf, size_t len);
    /* Directories. */
    const struct proc_dir *dir;
};

/* The inode number procfs gives (pi's entry, pid, fd): stable across
 * lookups, so ls -i and find see one file. */
uint64_t proc_ino(const struct proc_inode *pi);

/* Emit one entry for pi's child c at readdir position pos. */
bool proc_emit(struct dir_context *ctx, const char *name, size_t len, const struct proc_inode *c,
               uint64_t pos);

/* Copy s (length n) into a readlink buffer: the length copied. */
long proc_link_copy(char *buf, size_t len, const char *s, size_t n);

/* The "proc" type (inode.c). */
extern struct fs_type proc_fs_type;

/* The root directory (root.c) and the per-process one (pid.c). */
extern const struct proc_dir proc_root_dir;
extern const struct proc_entry proc_pid_entry; /* /proc/<pid> */
/* Lookup/iterate of the pid list (root) and of the fds. */
int proc_pid_lookup(const struct proc_inode *dir, const char *name, size_t len,
                    struct proc_inode *out);
int proc_pid_iterate(const struct proc_inode *dir, struct dir_context *ctx);
/* /proc/mounts and /proc/<pid>/mounts: the mount table seen from the
 * reader's root. */
int proc_show_mounts(struct seqbuf *m, const struct proc_inode *pi);
/* The reader's root, referenced (empty without an fs context). */
void proc_reader_root(struct path *root);
/* Parse a decimal name ("123") into *out: 0, or -ENOENT if it is not one. */
int proc_parse_num(const char *name, size_t len, int *out);

#endif
