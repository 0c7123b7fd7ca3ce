/* Per-process root, cwd and umask (Linux struct fs_struct), shared under
 * CLONE_FS and copied by fork otherwise. */
#include <kernel/heap.h>
#include <kernel/vfs.h>

#include "fs_internal.h"

struct fs_context *fs_context_create(void)
{
    struct fs_context *fs = kzalloc(sizeof(*fs));
    if (!fs)
        return NULL;
    fs->count = 1;
    fs->umask = 022;
    mutex_init(&fs->lock, "fs_context");
    vfs_root_path(&fs->root);
    fs->cwd = fs->root;
    path_get(&fs->cwd);
    return fs;
}

struct fs_context *fs_context_dup(struct fs_context *src)
{
    struct fs_context *fs = kzalloc(sizeof(*fs));
    if (!fs)
        return NULL;
    fs->count = 1;
    mutex_init(&fs->lock, "fs_context");
    mutex_lock(&src->lock);
    fs->root = src->root;
    fs->cwd = src->cwd;
    path_get(&fs->root);
    path_get(&fs->cwd);
    fs->umask = src->umask;
    mutex_unlock(&src->lock);
    return fs;
}

void fs_context_get(struct fs_context *fs)
{
    ref_inc(&fs->count);
}

void fs_context_put(struct fs_context *fs)
{
    if (!fs || !ref_dec(&fs->count))
        return;
    path_put(&fs->root);
    path_put(&fs->cwd);
    kfree(fs);
}
