/* execve's second half (Linux fs/binfmt_elf.c load_elf_binary is the
 * model): parse the ELF file, build a new address space with its
 * segments, stack and break, and only then replace the old one, so a
 * failure leaves the caller's program intact. */
#include <kernel/arch.h>
#include <kernel/elf.h>
#include <kernel/exec.h>
#include <kernel/heap.h>
#include <kernel/machine.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/random.h>
#include <kernel/string.h>
#include <kernel/task.h>
#include <uapi/errno.h>

#include "task_internal.h"

#define EXEC_STACK_MIN (128UL << 10) /* the first stack area; it grows on demand */
#define COPY_CHUNK     (64UL << 10)

static int read_exact(struct exec_file *f, void *buf, size_t len, uint64_t off)
{
    long n = f->read(f->ctx, buf, len, off);
    if (n < 0)
        return (int)n;
    return (size_t)n == len ? 0 : -EIO;
}

/* Parse headers; *head_out stays allocated (img->interp may point into
 * it) until the caller frees it. */
static int parse(struct exec_file *f, struct elf_image *img, void **head_out)
{
    size_t head_len = MIN((uint64_t)PAGE_SIZE, f->size);
    void *head = kmalloc(PAGE_SIZE);
    if (!head)
        return -ENOMEM;
    *head_out = head;
    int err = read_exact(f, head, head_len, 0);
    if (err)
        return err;
    const char *why = NULL;
    err = elf_parse(head, head_len, f->size, img, &why);
    if (err == ELF_NEED_PHDRS) {
        void *ph = kmalloc(img->phsize);
        if (!ph)
            return -ENOMEM;
        err = read_exact(f, ph, img->phsize, img->phoff);
        if (!err)
            err = elf_parse_phdrs(img, ph, img->phsize, &why);
        kfree(ph);
    }
    if (err == -ENOEXEC && why)
        pr_debug("exec: not a usable ELF file: %s\n", why);
    if (!err && img->has_interp)
        err = -ENOEXEC; /* dynamic programs: next issue (PT_INTERP) */
    return err;
}

/* Copy [offset, offset + filesz) of the file to vaddr in mm. */
static int copy_segment(struct mm *mm, struct exec_file *f, uint64_t vaddr, uint64_t offset,
                        uint64_t filesz, void *buf)
{
    while (filesz) {
        size_t n = MIN(filesz, COPY_CHUNK);
        int err = read_exact(f, buf, n, offset);
        if (!err)
            err = mm_write_bytes(mm, vaddr, buf, n);
        if (err)
            return err;
        vaddr += n;
        offset += n;
        filesz -= n;
    }
    return 0;
}

static uint64_t load_bias(const struct elf_image *img)
{
    if (img->type != ET_DYN)
        return 0;
    /* A static PIE goes where a PIE would (ELF_ET_DYN_BASE, aligned as
     * its segments ask): no randomisation yet. */
    return ALIGN_DOWN(ELF_ET_DYN_BASE, img->max_align) - img->start;
}

static int map_segments(struct mm *mm, struct exec_file *f, const struct elf_image *img,
                        uint64_t bias)
{
    void *buf = kmalloc(COPY_CHUNK);
    if (!buf)
        return -ENOMEM;
    int err = 0;
    for (unsigned i = 0; i < img->nloads && !err; i++) {
        const struct elf_segment *s = &img->loads[i];
        uint64_t start = ALIGN_DOWN(s->vaddr + bias, PAGE_SIZE);
        uint64_t end = ALIGN_UP(s->vaddr + bias + s->memsz, PAGE_SIZE);
        err = mm_add_vma(mm, start, end - start, s->prot, 0);
        if (!err)
            err = copy_segment(mm, f, s->vaddr + bias, s->offset, s->filesz, buf);
    }
    kfree(buf);
    return err;
}

static int build_stack(struct mm *mm, const struct exec_args *args, const struct elf_image *img,
                       uint64_t bias, uint64_t *sp)
{
    struct exec_auxv aux = {
        .minsigstksz = 5120, /* arm64 MINSIGSTKSZ; signal frames are this size or less */
        .hwcap = arch_elf_hwcap(),
        .hwcap2 = arch_elf_hwcap2(),
        .phdr = img->phdr_mapped ? img->phdr_vaddr + bias : 0,
        .phnum = img->phnum,
        .entry = img->entry + bias,
    };
    size_t size = exec_stack_size(args, &aux);
    uint64_t area = MAX(EXEC_STACK_MIN, ALIGN_UP(size, PAGE_SIZE) + PAGE_SIZE);
    int err = mm_add_vma(mm, ELF_STACK_TOP - area, area, PGPROT_READ | PGPROT_WRITE, VMA_STACK);
    if (err)
        return err;
    void *buf = kmalloc(size);
    if (!buf)
        return -ENOMEM;
    uint8_t random[EXEC_RANDOM_BYTES];
    random_bytes(random, sizeof(random));
    struct exec_stack out;
    err = exec_stack_build(buf, size, ELF_STACK_TOP, args, &aux, random, &out);
    if (!err)
        err = mm_write_bytes(mm, out.sp, buf, size);
    kfree(buf);
    if (err)
        return err;
    *sp = out.sp;
    mm->start_stack = out.sp;
    mm->arg_start = out.arg_start;
    mm->arg_end = out.arg_end;
    mm->env_start = out.env_start;
    mm->env_end = out.env_end;
    return 0;
}

static void set_layout(struct mm *mm, const struct elf_image *img, uint64_t bias)
{
    mm->brk_start = mm->brk = img->end + bias;
    for (unsigned i = 0; i < img->nloads; i++) {
        const struct elf_segment *s = &img->loads[i];
        if (s->prot & ELF_PROT_EXEC) {
            mm->start_code = s->vaddr + bias;
            mm->end_code = s->vaddr + bias + s->filesz;
        } else if (!mm->start_data) {
            mm->start_data = s->vaddr + bias;
            mm->end_data = s->vaddr + bias + s->filesz;
        }
    }
}

/* The point of no return: the new address space replaces the old one. */
static void switch_program(struct task *t, struct mm *mm, uint64_t entry, uint64_t sp,
                           const char *comm)
{
    struct mm *old = t->mm;
    t->mm = mm;
    mm_activate(mm);
    if (old)
        mm_put(old);
    struct trap_frame *f = (struct trap_frame *)((char *)t->kstack_top - sizeof(*f));
    memset(f, 0, sizeof(*f));
    f->pc = entry;
    f->sp = sp;
    f->pstate = 0; /* EL0t, interrupts unmasked */
    t->user_frame = f;
    arch_exec_user_state(t);
    memset(t->comm, 0, sizeof(t->comm));
    memcpy(t->comm, comm, MIN(strlen(comm), sizeof(t->comm) - 1));
    t->set_child_tid = t->clear_child_tid = 0;
    t->dumpable = true;
    task_exec_resources(t);
    task_vfork_release(t);
}

int exec_elf(struct exec_file *f, const struct exec_args *args, const char *comm)
{
    int err = exec_check_args(args);
    if (err)
        return err;
    struct elf_image *img = kzalloc(sizeof(*img));
    void *head = NULL;
    if (!img)
        return -ENOMEM;
    err = parse(f, img, &head);
    struct mm *mm = err ? NULL : mm_create();
    if (!err && !mm)
        err = -ENOMEM;
    uint64_t bias = err ? 0 : load_bias(img), sp = 0;
    if (!err)
        err = map_segments(mm, f, img, bias);
    if (!err)
        err = build_stack(mm, args, img, bias, &sp);
    if (!err) {
        set_layout(mm, img, bias);
        switch_program(current_task(), mm, img->entry + bias, sp, comm);
    } else if (mm) {
        mm_put(mm);
    }
    kfree(head);
    kfree(img);
    return err;
}
