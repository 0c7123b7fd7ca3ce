/* The virtio entropy device (VIRTIO 1.1 5.4): one queue ("requestq") of
 * buffers the device fills with random bytes; no feature bits, no
 * configuration. QEMU adds it with -device virtio-rng-device. Requests go
 * through a page of our own (a kernel stack is not in the linear map, so
 * it has no physical address to give the device) and are polled. */
#include <kernel/mutex.h>
#include <kernel/page_alloc.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/virtio.h>
#include <uapi/errno.h>

#define RNG_QUEUE_SIZE 8
#define RNG_TIMEOUT_NS 1000000000ULL /* QEMU answers at once unless rate-limited */

static struct mutex rng_lock = MUTEX_INIT("virtio-rng");
static struct virtio_dev *rng_dev; /* set once by virtio_rng_init */
static struct virtq rng_vq;        /* guarded by rng_lock */
static uint8_t *rng_page;          /* guarded by rng_lock; DMA buffer */
static bool rng_broken;            /* guarded by rng_lock: timed out once */

int virtio_rng_init(void)
{
    struct virtio_dev *d = virtio_find(VIRTIO_ID_RNG, 0);
    if (!d)
        return -ENODEV;
    int err = virtio_begin(d, 0);
    if (!err)
        err = virtq_setup(d, &rng_vq, 0, RNG_QUEUE_SIZE);
    if (!err) {
        rng_page = alloc_page();
        if (!rng_page)
            err = -ENOMEM;
    }
    if (err) {
        virtio_fail(d);
        pr_warn("virtio-rng: setup failed (%d)\n", err);
        return err;
    }
    virtio_driver_ok(d);
    __atomic_store_n(&rng_dev, d, __ATOMIC_RELEASE);
    return 0;
}

bool virtio_rng_present(void)
{
    return __atomic_load_n(&rng_dev, __ATOMIC_ACQUIRE) != NULL;
}

long virtio_rng_read(void *buf, size_t len)
{
    if (!virtio_rng_present())
        return -ENODEV;
    if (len > PAGE_SIZE)
        len = PAGE_SIZE;
    mutex_lock(&rng_lock);
    long ret = -EIO;
    if (!rng_broken) {
        struct virtq_buf b = {rng_page, (uint32_t)len, true};
        uint32_t got = 0;
        int err = virtq_submit_poll(&rng_vq, &b, 1, &got, RNG_TIMEOUT_NS);
        if (err == 0) {
            ret = MIN((size_t)got, len);
            memcpy(buf, rng_page, (size_t)ret);
            memset(rng_page, 0, (size_t)ret);
        } else {
            /* The buffer is still the device's: never reuse the queue. */
            rng_broken = true;
            pr_warn("virtio-rng: no answer (%d); not used again\n", err);
            ret = err;
        }
    }
    mutex_unlock(&rng_lock);
    return ret;
}
