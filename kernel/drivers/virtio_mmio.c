/* The virtio-mmio transport (include/kernel/virtio.h). Register offsets
 * are those of VIRTIO 1.1 4.2.2 (version 2) and 4.2.4 (legacy, version 1),
 * which share everything up to QueueNum; the two differ in how a queue's
 * memory is given to the device (one page frame number vs three 64-bit
 * addresses) and in feature negotiation (FEATURES_OK only in version 2). */
#include <kernel/arch.h>
#include <kernel/machine.h>
#include <kernel/memlayout.h>
#include <kernel/mmio.h>
#include <kernel/mmu.h>
#include <kernel/page_alloc.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <kernel/virtio.h>
#include <uapi/errno.h>

#define VIRTIO_MMIO_MAGIC 0x74726976 /* "virt", little-endian */

enum {
    REG_MAGIC = 0x000,
    REG_VERSION = 0x004,
    REG_DEVICE_ID = 0x008,
    REG_VENDOR_ID = 0x00c,
    REG_DEVICE_FEATURES = 0x010,
    REG_DEVICE_FEATURES_SEL = 0x014,
    REG_DRIVER_FEATURES = 0x020,
    REG_DRIVER_FEATURES_SEL = 0x024,
    REG_LEGACY_GUEST_PAGE_SIZE = 0x028, /* legacy only */
    REG_QUEUE_SEL = 0x030,
    REG_QUEUE_NUM_MAX = 0x034,
    REG_QUEUE_NUM = 0x038,
    REG_LEGACY_QUEUE_ALIGN = 0x03c, /* legacy only */
    REG_LEGACY_QUEUE_PFN = 0x040,   /* legacy only */
    REG_QUEUE_READY = 0x044,
    REG_QUEUE_NOTIFY = 0x050,
    REG_INTERRUPT_STATUS = 0x060,
    REG_INTERRUPT_ACK = 0x064,
    REG_STATUS = 0x070,
    REG_QUEUE_DESC_LOW = 0x080,
    REG_QUEUE_DESC_HIGH = 0x084,
    REG_QUEUE_DRIVER_LOW = 0x090,
    REG_QUEUE_DRIVER_HIGH = 0x094,
    REG_QUEUE_DEVICE_LOW = 0x0a0,
    REG_QUEUE_DEVICE_HIGH = 0x0a4,
    REG_CONFIG = 0x100,
};

/* 2.1 "Device Status Field". */
#define STATUS_ACKNOWLEDGE 1
#define STATUS_DRIVER      2
#define STATUS_DRIVER_OK   4
#define STATUS_FEATURES_OK 8
#define STATUS_FAILED      128

#define LEGACY_PAGE_SIZE PAGE_SIZE

/* Filled once at boot by virtio_mmio_probe(), before any driver runs;
 * claimed flags are set under devices_lock. */
static struct virtio_dev devices[DT_MAX_VIRTIO];
static unsigned ndevices;
static struct spinlock devices_lock = SPINLOCK_INIT("virtio devices");

static uint32_t rd(const struct virtio_dev *d, unsigned off)
{
    return mmio_read32(d->regs, off);
}

static void wr(struct virtio_dev *d, unsigned off, uint32_t v)
{
    mmio_write32(d->regs, off, v);
}

unsigned virtio_mmio_probe(const struct dt_platform *plat)
{
    unsigned found = 0;
    for (unsigned i = 0; i < plat->n_virtio && ndevices < DT_MAX_VIRTIO; i++) {
        const struct dt_virtio_mmio *v = &plat->virtio[i];
        if (v->reg.size < REG_CONFIG)
            continue;
        volatile void *regs = ioremap(v->reg.base, v->reg.size);
        if (!regs)
            continue;
        uint32_t magic = mmio_read32(regs, REG_MAGIC);
        uint32_t version = mmio_read32(regs, REG_VERSION);
        uint32_t id = mmio_read32(regs, REG_DEVICE_ID);
        if (magic != VIRTIO_MMIO_MAGIC || (version != 1 && version != 2)) {
            pr_warn("virtio-mmio@%#lx: bad magic %#x or version %u\n", (unsigned long)v->reg.base,
                    magic, version);
            continue;
        }
        if (id == 0) /* 4.2.3.1.1: an empty slot */
            continue;
        struct virtio_dev *d = &devices[ndevices++];
        d->regs = regs;
        d->phys = v->reg.base;
        d->version = version;
        d->device_id = id;
        d->vendor_id = mmio_read32(regs, REG_VENDOR_ID);
        d->irq = v->irq;
        pr_info("virtio-mmio@%#lx: device %u, %s interface, irq %u\n", (unsigned long)d->phys, id,
                version == 1 ? "legacy" : "version 2", d->irq);
        found++;
    }
    return found;
}

struct virtio_dev *virtio_find(uint32_t device_id, unsigned nth)
{
    struct virtio_dev *found = NULL;
    spin_lock(&devices_lock);
    for (unsigned i = 0; i < ndevices; i++) {
        struct virtio_dev *d = &devices[i];
        if (d->device_id != device_id || d->claimed)
            continue;
        if (nth-- == 0) {
            d->claimed = true;
            found = d;
            break;
        }
    }
    spin_unlock(&devices_lock);
    return found;
}

static void reset(struct virtio_dev *d)
{
    wr(d, REG_STATUS, 0);
    /* 4.2.3.1: the driver waits until the status reads 0 (version 2). */
    for (int i = 0; i < 1000000 && rd(d, REG_STATUS) != 0; i++)
        arch_cpu_relax();
}

static uint64_t device_features(struct virtio_dev *d)
{
    wr(d, REG_DEVICE_FEATURES_SEL, 0);
    uint64_t f = rd(d, REG_DEVICE_FEATURES);
    if (d->version == 2) {
        wr(d, REG_DEVICE_FEATURES_SEL, 1);
        f |= (uint64_t)rd(d, REG_DEVICE_FEATURES) << 32;
    }
    return f;
}

static void driver_features(struct virtio_dev *d, uint64_t f)
{
    wr(d, REG_DRIVER_FEATURES_SEL, 0);
    wr(d, REG_DRIVER_FEATURES, (uint32_t)f);
    if (d->version == 2) {
        wr(d, REG_DRIVER_FEATURES_SEL, 1);
        wr(d, REG_DRIVER_FEATURES, (uint32_t)(f >> 32));
    }
}

/* 3.1.1 "Driver Requirements: Device Initialization", steps 1-6. */
int virtio_begin(struct virtio_dev *d, uint64_t wanted)
{
    reset(d);
    wr(d, REG_STATUS, STATUS_ACKNOWLEDGE);
    wr(d, REG_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER);
    if (d->version == 2)
        wanted |= VIRTIO_F_VERSION_1;
    else
        wanted &= 0xffffffffULL; /* legacy devices have 32 feature bits */
    uint64_t offered = device_features(d);
    if (d->version == 2 && !(offered & VIRTIO_F_VERSION_1)) {
        virtio_fail(d);
        return -EIO;
    }
    d->features = offered & wanted;
    driver_features(d, d->features);
    if (d->version == 1) {
        /* 4.2.4: the legacy interface has no FEATURES_OK; it needs the
         * page size used for queue page frame numbers instead. */
        wr(d, REG_LEGACY_GUEST_PAGE_SIZE, LEGACY_PAGE_SIZE);
        return 0;
    }
    wr(d, REG_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK);
    if (!(rd(d, REG_STATUS) & STATUS_FEATURES_OK)) {
        virtio_fail(d);
        return -EIO;
    }
    return 0;
}

void virtio_driver_ok(struct virtio_dev *d)
{
    wr(d, REG_STATUS, rd(d, REG_STATUS) | STATUS_DRIVER_OK);
}

void virtio_fail(struct virtio_dev *d)
{
    wr(d, REG_STATUS, rd(d, REG_STATUS) | STATUS_FAILED);
}

static unsigned order_for(size_t bytes)
{
    unsigned order = 0;
    while ((PAGE_SIZE << order) < bytes)
        order++;
    return order;
}

/* 2.6 with the legacy layout (2.6.2 "Legacy Interfaces: A Note on
 * Virtqueue Layout"), which also meets version 2's alignment rules:
 * descriptors, then the available ring, then the used ring on the next
 * page boundary, all in one physically contiguous block. */
static int queue_memory(struct virtq *vq, uint16_t size)
{
    size_t avail_off = 16UL * size;
    size_t used_off = ALIGN_UP(avail_off + 6 + 2UL * size, LEGACY_PAGE_SIZE);
    size_t total = used_off + ALIGN_UP(6 + 8UL * size, LEGACY_PAGE_SIZE);
    vq->order = order_for(total);
    vq->mem = alloc_pages(vq->order);
    if (!vq->mem)
        return -ENOMEM;
    memset(vq->mem, 0, PAGE_SIZE << vq->order);
    vq->desc = vq->mem;
    vq->avail = (struct virtq_avail *)((char *)vq->mem + avail_off);
    vq->used = (struct virtq_used *)((char *)vq->mem + used_off);
    return 0;
}

static void write64(struct virtio_dev *d, unsigned low, uint64_t v)
{
    wr(d, low, (uint32_t)v);
    wr(d, low + 4, (uint32_t)(v >> 32));
}

int virtq_setup(struct virtio_dev *d, struct virtq *vq, unsigned index, uint16_t max_size)
{
    memset(vq, 0, sizeof(*vq));
    wr(d, REG_QUEUE_SEL, index);
    if (d->version == 2 ? rd(d, REG_QUEUE_READY) : rd(d, REG_LEGACY_QUEUE_PFN))
        return -EBUSY;
    uint32_t dev_max = rd(d, REG_QUEUE_NUM_MAX);
    if (dev_max == 0)
        return -ENOENT;
    uint16_t size = max_size;
    while (size > dev_max)
        size /= 2;
    if (size == 0)
        return -EINVAL;
    int err = queue_memory(vq, size);
    if (err)
        return err;
    vq->dev = d;
    vq->index = index;
    vq->size = size;
    wr(d, REG_QUEUE_NUM, size);
    phys_addr_t pa = virt_to_phys(vq->mem);
    if (d->version == 1) {
        wr(d, REG_LEGACY_QUEUE_ALIGN, LEGACY_PAGE_SIZE);
        wr(d, REG_LEGACY_QUEUE_PFN, (uint32_t)(pa / LEGACY_PAGE_SIZE));
    } else {
        write64(d, REG_QUEUE_DESC_LOW, pa);
        write64(d, REG_QUEUE_DRIVER_LOW, virt_to_phys(vq->avail));
        write64(d, REG_QUEUE_DEVICE_LOW, virt_to_phys(vq->used));
        wr(d, REG_QUEUE_READY, 1);
    }
    return 0;
}

static uint16_t used_idx(const struct virtq *vq)
{
    return __atomic_load_n(&vq->used->idx, __ATOMIC_ACQUIRE);
}

int virtq_submit_poll(struct virtq *vq, const struct virtq_buf *bufs, unsigned n, uint32_t *written,
                      uint64_t timeout_ns)
{
    if (n == 0 || n > vq->size)
        return -EINVAL;
    /* One request in flight: the chain always starts at descriptor 0. */
    for (unsigned i = 0; i < n; i++) {
        struct virtq_desc *dsc = &vq->desc[i];
        dsc->addr = virt_to_phys(bufs[i].addr);
        dsc->len = bufs[i].len;
        dsc->flags = (uint16_t)((bufs[i].device_writes ? VIRTQ_DESC_F_WRITE : 0) |
                                (i + 1 < n ? VIRTQ_DESC_F_NEXT : 0));
        dsc->next = (uint16_t)(i + 1 < n ? i + 1 : 0);
    }
    uint16_t idx = vq->avail->idx;
    vq->avail->ring[idx % vq->size] = 0;
    /* 2.6.13.6: descriptors and ring entry before the index, and the
     * index before the notification (a store to device memory). */
    arch_wmb();
    __atomic_store_n(&vq->avail->idx, (uint16_t)(idx + 1), __ATOMIC_RELEASE);
    arch_mb();
    wr(vq->dev, REG_QUEUE_NOTIFY, vq->index);
    uint64_t deadline = clock_monotonic_ns() + timeout_ns;
    while (used_idx(vq) == vq->last_used) {
        if (clock_monotonic_ns() > deadline)
            return -ETIMEDOUT;
        arch_cpu_relax();
    }
    arch_rmb(); /* the used element after the index that published it */
    const struct virtq_used_elem *e = &vq->used->ring[vq->last_used % vq->size];
    if (written)
        *written = e->len;
    vq->last_used++;
    /* Polled: acknowledge whatever interrupt the device raised. */
    wr(vq->dev, REG_INTERRUPT_ACK, rd(vq->dev, REG_INTERRUPT_STATUS));
    return 0;
}

uint32_t virtio_config_read32(struct virtio_dev *d, unsigned off)
{
    return rd(d, REG_CONFIG + off);
}

uint8_t virtio_config_read8(struct virtio_dev *d, unsigned off)
{
    return *((const volatile uint8_t *)d->regs + REG_CONFIG + off);
}
