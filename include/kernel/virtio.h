/* Virtio over MMIO (Virtual I/O Device (VIRTIO) Version 1.1, OASIS, 2019:
 * 2 "Basic Facilities", 2.6 "Split Virtqueues", 4.2 "Virtio Over MMIO").
 *
 * QEMU virt has 32 virtio-mmio slots in the device tree ("virtio,mmio");
 * an empty slot reads device ID 0. By default QEMU presents the legacy
 * register layout (version 1, 4.2.4); with -global
 * virtio-mmio.force-legacy=false it presents version 2. Both are driven
 * here. Queues are used by polling: a driver submits one chain of buffers
 * and waits for the device to return it, which suits the small synchronous
 * requests of virtio-rng (and a first virtio-blk).
 *
 * Use: virtio_mmio_probe() once at boot; a driver takes a device with
 * virtio_find(), negotiates with virtio_begin(), sets up queues with
 * virtq_setup(), calls virtio_driver_ok(), then virtq_submit_poll(). Each
 * device belongs to one driver, which serialises its use (the struct has
 * no lock of its own). Buffers given to the device must be physically
 * contiguous kernel memory (alloc_pages or kmalloc, not a kernel stack). */
#ifndef KERNEL_VIRTIO_H
#define KERNEL_VIRTIO_H

#include <kernel/devtree.h>
#include <kernel/types.h>

/* 5 "Device Types". */
#define VIRTIO_ID_NET     1
#define VIRTIO_ID_BLOCK   2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_RNG     4

/* 6 "Reserved Feature Bits". */
#define VIRTIO_F_VERSION_1 (1ULL << 32)

/* 2.6.5 "The Virtqueue Descriptor Table". */
struct virtq_desc {
    uint64_t addr; /* guest physical */
    uint32_t len;
    uint16_t flags;
    uint16_t next;
};
_Static_assert(sizeof(struct virtq_desc) == 16, "virtq_desc layout");

#define VIRTQ_DESC_F_NEXT  1
#define VIRTQ_DESC_F_WRITE 2 /* device writes (otherwise reads) the buffer */

/* 2.6.6 "The Virtqueue Available Ring" (ring[size] follows). */
struct virtq_avail {
    uint16_t flags;
    uint16_t idx;
    uint16_t ring[];
};

/* 2.6.8 "The Virtqueue Used Ring". */
struct virtq_used_elem {
    uint32_t id;
    uint32_t len;
};

struct virtq_used {
    uint16_t flags;
    uint16_t idx;
    struct virtq_used_elem ring[];
};

struct virtio_dev {
    volatile void *regs;
    phys_addr_t phys;
    uint32_t version; /* 1 = legacy, 2 = modern */
    uint32_t device_id;
    uint32_t vendor_id;
    uint32_t irq;      /* GIC INTID */
    uint64_t features; /* negotiated */
    bool claimed;      /* taken by a driver (virtio_find) */
};

struct virtq {
    struct virtio_dev *dev;
    unsigned index;
    uint16_t size;
    uint16_t last_used; /* used->idx already consumed */
    struct virtq_desc *desc;
    struct virtq_avail *avail;
    struct virtq_used *used;
    void *mem; /* the pages holding all three */
    unsigned order;
};

/* One buffer of a request: device_writes for device-to-driver data. */
struct virtq_buf {
    void *addr; /* kernel virtual, in the linear map */
    uint32_t len;
    bool device_writes;
};

/* Map every virtio-mmio slot of the device tree and read its identity;
 * returns how many hold a device. */
unsigned virtio_mmio_probe(const struct dt_platform *plat);
/* The nth unclaimed device of this type, now claimed; NULL if none. */
struct virtio_dev *virtio_find(uint32_t device_id, unsigned nth);

/* Reset the device, acknowledge it, and agree on features: the device's
 * offer ANDed with wanted (VIRTIO_F_VERSION_1 is added for version 2).
 * 0, or -EIO if the device refuses (status FEATURES_OK not kept). */
int virtio_begin(struct virtio_dev *dev, uint64_t wanted);
/* Set up queue index with at most max_size entries (a power of two). */
int virtq_setup(struct virtio_dev *dev, struct virtq *vq, unsigned index, uint16_t max_size);
void virtio_driver_ok(struct virtio_dev *dev);
/* Mark the device FAILED and reset it (after an error during setup). */
void virtio_fail(struct virtio_dev *dev);

/* Hand the chain bufs[0..n) to the device and poll until it is returned
 * or timeout_ns passes. 0 with *written = bytes the device wrote, -EINVAL
 * for a chain longer than the queue, -ETIMEDOUT. */
int virtq_submit_poll(struct virtq *vq, const struct virtq_buf *bufs, unsigned n, uint32_t *written,
                      uint64_t timeout_ns);

/* Device-specific configuration space (4.2.2 "Config", offset 0x100). */
uint32_t virtio_config_read32(struct virtio_dev *dev, unsigned off);
uint8_t virtio_config_read8(struct virtio_dev *dev, unsigned off);

/* The virtio entropy device (5.4), kernel/drivers/virtio_rng.c. */
int virtio_rng_init(void); /* 0, or -ENODEV without the device */
bool virtio_rng_present(void);
/* Fill buf with up to len bytes from the device: bytes read or -errno.
 * May be called from any task context; serialised internally. */
long virtio_rng_read(void *buf, size_t len);

#endif
