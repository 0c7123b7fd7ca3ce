/* Shared between tmpfs.c and tmpfs_file.c. */
#ifndef KERNEL_FS_TMPFS_INTERNAL_H
#define KERNEL_FS_TMPFS_INTERNAL_H

#include <kernel/file.h>

extern uint64_t tmpfs_used_pages;
extern uint64_t tmpfs_limit_pages;
extern const struct file_ops tmpfs_file_ops;

int tmpfs_truncate(struct inode *inode, uint64_t size);
void tmpfs_free_data(struct inode *inode);

#endif
