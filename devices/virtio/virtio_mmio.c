/* virtio_mmio.c - the virtio-mmio version 2 transport (virtio 1.2 §4.2).
 * See virtio_mmio.h. */
#include "virtio_mmio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debug/trace.h"
#include "devices/virtio/virtio_defs.h"

/* Features every device gets from the transport: the modern interface and
 * the two ring features virtq.c implements (§6). */
#define TRANSPORT_FEATURES \
    (VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC) | \
     VIRTIO_BIT(VIRTIO_F_EVENT_IDX))

struct virtio_mmio {
    physmap_t *pm;
    uint64_t base;
    irq_line_t irq;
    int irq_level;
    const virtio_dev_ops_t *ops;
    void *opaque;
    const uint8_t *config;
    bool quiet;

    uint64_t device_features;  /* offered: device type's | transport's */
    uint64_t driver_features;  /* written by the driver */
    uint32_t device_features_sel, driver_features_sel;
    uint32_t queue_sel;
    uint32_t status;
    uint32_t isr;              /* InterruptStatus */
    uint32_t config_generation;
    char label[48];            /* "virtio-blk@0x0a000000", for the trace */
    bool error_printed;
    char last_error[192];
    virtq_t vq[VIRTIO_MMIO_MAX_QUEUES];
};

static const mmio_ops_t window_ops = { virtio_mmio_read, virtio_mmio_write };

static void update_irq(virtio_mmio_t *t)
{
    /* Level = InterruptStatus != 0, the way QEMU drives the line (§4.2.3.4:
     * "a single, dedicated interrupt signal, which is asserted when at
     * least one of the bits ... is set"). */
    int level = t->isr != 0;
    if (level != t->irq_level) {
        t->irq_level = level;
        irq_set(&t->irq, level);
    }
}

static void note_error(virtio_mmio_t *t, const char *fmt, const char *detail)
{
    snprintf(t->last_error, sizeof(t->last_error), fmt, detail);
}

void virtio_mmio_needs_reset(virtio_mmio_t *t, const char *why)
{
    if (t->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET)
        return;
    note_error(t, "%s", why);
    if (!t->quiet && !t->error_printed) {
        /* Once per device: a broken guest driver must not flood the
         * terminal, but the user should learn why the disk went away. */
        fprintf(stderr, "tinyvm: %s@%#llx: guest driver error: %s; the device needs a reset\n",
                t->ops->name, (unsigned long long)t->base, why);
        t->error_printed = true;
    }
    t->status |= VIRTIO_STATUS_DEVICE_NEEDS_RESET;
    /* §2.1.2: "If DRIVER_OK is set, after it sets DEVICE_NEEDS_RESET, the
     * device MUST send a device configuration change notification". */
    if (t->status & VIRTIO_STATUS_DRIVER_OK) {
        t->isr |= VIRTIO_MMIO_INT_CONFIG;
        update_irq(t);
    }
}

static void queue_error(void *opaque, virtq_t *vq)
{
    virtio_mmio_t *t = opaque;
    char why[160];
    snprintf(why, sizeof(why), "queue %u: %s", vq->index, virtq_strerror(vq->err));
    virtio_mmio_needs_reset(t, why);
}

virtio_mmio_t *virtio_mmio_create(const virtio_mmio_config_t *cfg)
{
    const virtio_dev_ops_t *ops = cfg->ops;
    if (!ops || ops->num_queues == 0 || ops->num_queues > VIRTIO_MMIO_MAX_QUEUES ||
        ops->queue_max_size == 0 || (ops->queue_max_size & (ops->queue_max_size - 1)) ||
        (ops->config_size && !cfg->config) || ops->config_size > VIRTIO_MMIO_WINDOW - VIRTIO_MMIO_CONFIG)
        return NULL;
    virtio_mmio_t *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    t->pm = cfg->pm;
    t->base = cfg->base;
    t->irq = cfg->irq;
    t->ops = ops;
    t->opaque = cfg->opaque;
    t->config = cfg->config;
    t->quiet = cfg->quiet;
    t->device_features = cfg->features | TRANSPORT_FEATURES;
    snprintf(t->label, sizeof(t->label), "%s@0x%08llx", ops->name, (unsigned long long)cfg->base);
    for (unsigned q = 0; q < ops->num_queues; q++) {
        virtq_init(&t->vq[q], cfg->pm, q, ops->queue_max_size);
        t->vq[q].on_error = queue_error;
        t->vq[q].error_opaque = t;
    }
    if (cfg->map && physmap_add_mmio(cfg->pm, ops->name, cfg->base, VIRTIO_MMIO_WINDOW,
                                     &window_ops, t) != 0) {
        free(t);
        return NULL;
    }
    return t;
}

void virtio_mmio_destroy(virtio_mmio_t *t)
{
    free(t);
}

virtq_t *virtio_mmio_queue(virtio_mmio_t *t, unsigned n)
{
    return n < t->ops->num_queues ? &t->vq[n] : NULL;
}

uint64_t virtio_mmio_features(const virtio_mmio_t *t)
{
    return (t->status & VIRTIO_STATUS_FEATURES_OK) ? t->driver_features : 0;
}

bool virtio_mmio_live(const virtio_mmio_t *t)
{
    return (t->status & (VIRTIO_STATUS_DRIVER_OK | VIRTIO_STATUS_DEVICE_NEEDS_RESET |
                         VIRTIO_STATUS_FAILED)) == VIRTIO_STATUS_DRIVER_OK;
}

uint32_t virtio_mmio_status(const virtio_mmio_t *t) { return t->status; }
uint32_t virtio_mmio_interrupt_status(const virtio_mmio_t *t) { return t->isr; }
const char *virtio_mmio_last_error(const virtio_mmio_t *t) { return t->last_error; }
const char *virtio_mmio_label(const virtio_mmio_t *t) { return t->label; }

uint64_t virtio_mmio_requests(const virtio_mmio_t *t)
{
    uint64_t n = 0;
    for (unsigned q = 0; q < t->ops->num_queues; q++)
        n += t->vq[q].completed;
    return n;
}

void virtio_mmio_notify(virtio_mmio_t *t, virtq_t *vq)
{
    if (virtq_should_notify(vq)) {
        t->isr |= VIRTIO_MMIO_INT_VRING;
        update_irq(t);
    }
}

void virtio_mmio_serve_queue(virtio_mmio_t *t, virtq_t *vq, virtq_elem_t *e,
                             virtio_request_fn handle, void *opaque)
{
    unsigned budget = virtq_budget(vq);
    do {
        while (budget && virtio_mmio_live(t) && virtq_pop(vq, e) > 0) {
            handle(opaque, vq, e);
            budget--;
        }
    } while (budget && virtio_mmio_live(t) && virtq_arm_notify(vq));
    virtio_mmio_notify(t, vq);
}

void virtio_mmio_config_changed(virtio_mmio_t *t)
{
    t->config_generation++;
    if (virtio_mmio_live(t)) {
        t->isr |= VIRTIO_MMIO_INT_CONFIG;
        update_irq(t);
    }
}

/* §2.4 Device Reset: back to the state after power-on. */
static void device_reset(virtio_mmio_t *t)
{
    if (t->ops->reset)
        t->ops->reset(t->opaque);
    for (unsigned q = 0; q < t->ops->num_queues; q++)
        virtq_reset(&t->vq[q]);
    t->status = 0;
    t->isr = 0;
    t->driver_features = 0;
    t->device_features_sel = t->driver_features_sel = 0;
    t->queue_sel = 0;
    t->error_printed = false;
    update_irq(t);
}

/* §3.1.1 step 5-6: the device accepts the driver's features or leaves
 * FEATURES_OK clear, which the driver reads back. */
static bool features_acceptable(virtio_mmio_t *t)
{
    uint64_t f = t->driver_features;
    if (f & ~t->device_features) {
        note_error(t, "%s", "driver accepted features the device did not offer");
        return false;
    }
    if (!(f & VIRTIO_BIT(VIRTIO_F_VERSION_1))) {
        /* A version 2 transport has no legacy interface (§4.2.4). */
        note_error(t, "%s", "driver did not accept VIRTIO_F_VERSION_1");
        return false;
    }
    if (t->ops->features_ok && !t->ops->features_ok(t->opaque, f)) {
        note_error(t, "%s", "device refused the driver's feature combination");
        return false;
    }
    return true;
}

static void go_live(virtio_mmio_t *t)
{
    if (t->ops->start)
        t->ops->start(t->opaque);
    /* Buffers the driver made available (and notified) before DRIVER_OK
     * could not be used then (§3.1.1: the device must not consume buffers
     * before DRIVER_OK); look at every ready queue now. */
    for (unsigned q = 0; q < t->ops->num_queues && virtio_mmio_live(t); q++)
        if (t->vq[q].ready && t->ops->queue_notify)
            t->ops->queue_notify(t->opaque, q);
}

static void write_status(virtio_mmio_t *t, uint32_t val)
{
    if (val == 0) {
        device_reset(t);
        return;
    }
    const uint32_t driver_bits = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
                                 VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK |
                                 VIRTIO_STATUS_FAILED;
    uint32_t old = t->status;
    /* §2.1.1: the driver never clears a bit except by a reset; a write that
     * tries keeps the old bits. DEVICE_NEEDS_RESET belongs to the device. */
    uint32_t now = old | (val & driver_bits);
    if ((now & VIRTIO_STATUS_FEATURES_OK) && !(old & VIRTIO_STATUS_FEATURES_OK) &&
        !features_acceptable(t))
        now &= ~VIRTIO_STATUS_FEATURES_OK;
    t->status = now;
    if ((now & VIRTIO_STATUS_DRIVER_OK) && !(old & VIRTIO_STATUS_DRIVER_OK)) {
        if (!(now & VIRTIO_STATUS_FEATURES_OK)) {
            /* §3.1.1: DRIVER_OK comes after a successful FEATURES_OK. */
            virtio_mmio_needs_reset(t, "DRIVER_OK set without accepted features");
            return;
        }
        if (virtio_mmio_live(t)) {
            go_live(t);
        } else if (now & VIRTIO_STATUS_DEVICE_NEEDS_RESET) {
            /* The device broke during set-up (a bad queue): tell the driver
             * now that it listens (§2.1.2). */
            t->isr |= VIRTIO_MMIO_INT_CONFIG;
            update_irq(t);
        }
    }
}

static void write_queue_ready(virtio_mmio_t *t, virtq_t *vq, uint32_t val)
{
    if (!(val & 1)) {
        /* Stop using the queue; its configuration may be rewritten now. */
        vq->ready = false;
        return;
    }
    if (vq->ready)
        return;
    uint64_t f = virtio_mmio_features(t);
    virtq_err_t err = virtq_enable(vq, (f >> VIRTIO_F_INDIRECT_DESC) & 1,
                                   (f >> VIRTIO_F_EVENT_IDX) & 1);
    if (err != VIRTQ_ERR_NONE) {
        /* The queue stays not ready (QueueReady reads 0) and the device
         * cannot work without it. */
        vq->err = err;
        char why[160];
        snprintf(why, sizeof(why), "queue %u: %s", vq->index, virtq_strerror(err));
        virtio_mmio_needs_reset(t, why);
        return;
    }
    if (virtio_mmio_live(t) && t->ops->queue_notify)
        t->ops->queue_notify(t->opaque, vq->index);
}

static virtq_t *selected(virtio_mmio_t *t)
{
    return t->queue_sel < t->ops->num_queues ? &t->vq[t->queue_sel] : NULL;
}

static void set_lo(uint64_t *v, uint32_t lo) { *v = (*v & ~0xffffffffull) | lo; }
static void set_hi(uint64_t *v, uint32_t hi) { *v = (*v & 0xffffffffull) | ((uint64_t)hi << 32); }

static uint32_t config_load(const virtio_mmio_t *t, uint32_t off, unsigned size)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < size; i++)
        if (off + i < t->ops->config_size)
            v |= (uint32_t)t->config[off + i] << (8 * i);
    return v;
}

mem_result_t virtio_mmio_read(void *opaque, uint64_t offset, unsigned size, uint64_t *val)
{
    virtio_mmio_t *t = opaque;
    *val = 0;
    if (offset >= VIRTIO_MMIO_CONFIG) {
        /* §4.2.2.2: 8-bit fields with 8-bit accesses, 16-bit with aligned
         * 16-bit, 32/64-bit with aligned 32-bit. Bytes past the end read 0. */
        uint32_t off = (uint32_t)(offset - VIRTIO_MMIO_CONFIG);
        if ((size == 1 || size == 2 || size == 4) && off % size == 0)
            *val = config_load(t, off, size);
        else
            note_error(t, "%s", "configuration space read of a wrong size");
        return MEM_OK;
    }
    if (size != 4 || offset % 4) {
        note_error(t, "%s", "register read that is not 32-bit and aligned");
        return MEM_OK;
    }
    virtq_t *vq = selected(t);
    switch (offset) {
    case VIRTIO_MMIO_MAGIC_VALUE: *val = VIRTIO_MMIO_MAGIC; break;
    case VIRTIO_MMIO_VERSION: *val = VIRTIO_MMIO_VERSION_MODERN; break;
    case VIRTIO_MMIO_DEVICE_ID: *val = t->ops->device_id; break;
    case VIRTIO_MMIO_VENDOR_ID: *val = VIRTIO_MMIO_VENDOR_TINYVM; break;
    case VIRTIO_MMIO_DEVICE_FEATURES:
        if (t->device_features_sel < 2)
            *val = (uint32_t)(t->device_features >> (32 * t->device_features_sel));
        break;
    case VIRTIO_MMIO_QUEUE_NUM_MAX: *val = vq ? vq->max_size : 0; break;
    case VIRTIO_MMIO_QUEUE_READY: *val = vq ? vq->ready : 0; break;
    case VIRTIO_MMIO_INTERRUPT_STATUS: *val = t->isr; break;
    case VIRTIO_MMIO_STATUS: *val = t->status; break;
    case VIRTIO_MMIO_SHM_LEN_LOW: case VIRTIO_MMIO_SHM_LEN_HIGH:
    case VIRTIO_MMIO_SHM_BASE_LOW: case VIRTIO_MMIO_SHM_BASE_HIGH:
        /* No shared memory regions: length and base read as -1. */
        *val = 0xffffffffu;
        break;
    case VIRTIO_MMIO_CONFIG_GENERATION: *val = t->config_generation; break;
    default:
        /* Write-only and reserved registers (QueueReset: RING_RESET is not
         * offered) read as 0. */
        if (trace_on(TRACE_UNIMP))
            trace_unimp_device(t->label, offset, size, false);
        break;
    }
    return MEM_OK;
}

mem_result_t virtio_mmio_write(void *opaque, uint64_t offset, unsigned size, uint64_t val64)
{
    virtio_mmio_t *t = opaque;
    if (offset >= VIRTIO_MMIO_CONFIG) {
        uint32_t off = (uint32_t)(offset - VIRTIO_MMIO_CONFIG);
        if (!(size == 1 || size == 2 || size == 4) || off % size || off + size > t->ops->config_size) {
            note_error(t, "%s", "configuration space write of a wrong size or offset");
            return MEM_OK;
        }
        if (t->ops->config_write)
            t->ops->config_write(t->opaque, off, size, (uint32_t)val64);
        return MEM_OK;
    }
    if (size != 4 || offset % 4) {
        note_error(t, "%s", "register write that is not 32-bit and aligned");
        return MEM_OK;
    }
    uint32_t val = (uint32_t)val64;
    virtq_t *vq = selected(t);
    /* §4.2.2.2: the driver must not touch a queue's size or addresses while
     * it is ready; such writes are ignored so a live ring cannot move. */
    bool vq_writable = vq && !vq->ready;
    switch (offset) {
    case VIRTIO_MMIO_DEVICE_FEATURES_SEL: t->device_features_sel = val; break;
    case VIRTIO_MMIO_DRIVER_FEATURES_SEL: t->driver_features_sel = val; break;
    case VIRTIO_MMIO_DRIVER_FEATURES:
        /* Features are fixed once FEATURES_OK is accepted (§3.1.1). */
        if (t->status & VIRTIO_STATUS_FEATURES_OK)
            note_error(t, "%s", "feature write after FEATURES_OK ignored");
        else if (t->driver_features_sel == 0)
            set_lo(&t->driver_features, val);
        else if (t->driver_features_sel == 1)
            set_hi(&t->driver_features, val);
        break;
    case VIRTIO_MMIO_QUEUE_SEL: t->queue_sel = val; break;
    case VIRTIO_MMIO_QUEUE_NUM: if (vq_writable) vq->num = val; break;
    case VIRTIO_MMIO_QUEUE_READY: if (vq) write_queue_ready(t, vq, val); break;
    case VIRTIO_MMIO_QUEUE_NOTIFY:
        if (trace_on(TRACE_VIRTIO))
            trace_log("virtio: %s notify queue %u\n", t->label, val);
        /* The value is the queue index (no VIRTIO_F_NOTIFICATION_DATA). A
         * notification for a queue that is not ready, or before DRIVER_OK,
         * is ignored (§4.2.2.1: the device must not access a queue whose
         * QueueReady is 0); go_live() looks at ready queues later. */
        if (val >= t->ops->num_queues || !t->vq[val].ready)
            note_error(t, "%s", "notification for a queue that is not ready ignored");
        else if (virtio_mmio_live(t) && t->ops->queue_notify)
            t->ops->queue_notify(t->opaque, val);
        break;
    case VIRTIO_MMIO_INTERRUPT_ACK:
        t->isr &= ~val;
        update_irq(t);
        break;
    case VIRTIO_MMIO_STATUS: write_status(t, val); break;
    case VIRTIO_MMIO_QUEUE_DESC_LOW: if (vq_writable) set_lo(&vq->desc_addr, val); break;
    case VIRTIO_MMIO_QUEUE_DESC_HIGH: if (vq_writable) set_hi(&vq->desc_addr, val); break;
    case VIRTIO_MMIO_QUEUE_DRIVER_LOW: if (vq_writable) set_lo(&vq->avail_addr, val); break;
    case VIRTIO_MMIO_QUEUE_DRIVER_HIGH: if (vq_writable) set_hi(&vq->avail_addr, val); break;
    case VIRTIO_MMIO_QUEUE_DEVICE_LOW: if (vq_writable) set_lo(&vq->used_addr, val); break;
    case VIRTIO_MMIO_QUEUE_DEVICE_HIGH: if (vq_writable) set_hi(&vq->used_addr, val); break;
    default:
        /* Read-only and reserved registers ignore writes. */
        if (trace_on(TRACE_UNIMP))
            trace_unimp_device(t->label, offset, size, true);
        break;
    }
    return MEM_OK;
}
