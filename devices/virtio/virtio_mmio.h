/* virtio_mmio.h - the virtio-mmio transport, version 2 (virtio 1.2 §4.2
 * "Virtio Over MMIO"): one 0x200-byte register window and one interrupt line
 * per device.
 *
 * The transport does everything that is the same for every device type:
 * identification, 64-bit feature negotiation (with VIRTIO_F_VERSION_1,
 * VIRTIO_F_INDIRECT_DESC and VIRTIO_F_RING_EVENT_IDX added by the transport),
 * the device status state machine and reset (§2.1, §3.1), queue
 * configuration, notifications, InterruptStatus/InterruptACK, and the
 * device-specific configuration space with its generation counter (§2.5).
 * A device type (virtio_blk.c, virtio_net.c, virtio_rng.c) supplies a
 * virtio_dev_ops_t and a configuration space, and processes its queues when
 * notified.
 *
 * Interrupt: the line is high while InterruptStatus is non-zero, as QEMU's
 * virtio-mmio drives it; the device tree declares it edge-triggered (as
 * QEMU's does), so the GIC latches each rising edge. Linux's handler reads
 * InterruptStatus, writes InterruptACK (the line drops) and then walks every
 * queue, so an event that arrives after the ACK makes a new edge and one that
 * arrived before it is seen by the walk.
 *
 * Register accesses of the wrong size or alignment (§4.2.2.2: 32-bit only
 * below 0x100) read as zero and are ignored on write, as on QEMU; they never
 * fault the guest or crash tinyvm.
 */
#ifndef TINYVM_DEVICES_VIRTIO_MMIO_H
#define TINYVM_DEVICES_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/virtio/virtq.h"
#include "mem/irq.h"
#include "mem/physmap.h"

#define VIRTIO_MMIO_MAX_QUEUES 8

struct virtio_mmio;
/* "virtio-blk@0x0a000000": the device type and window, for trace lines. */
const char *virtio_mmio_label(const struct virtio_mmio *t);
/* Requests completed (buffers put in the used rings) since creation (--stats). */
uint64_t virtio_mmio_requests(const struct virtio_mmio *t);
#define VIRTIO_MMIO_WINDOW 0x200 /* register window (board/virt.h VIRT_VIRTIO_MMIO_SIZE) */

typedef struct virtio_mmio virtio_mmio_t;

/* What a device type tells the transport. All callbacks get `opaque`. */
typedef struct virtio_dev_ops {
    const char *name;         /* "virtio-blk": for messages */
    uint32_t device_id;       /* §5: VIRTIO_ID_* */
    unsigned num_queues;      /* 1..VIRTIO_MMIO_MAX_QUEUES */
    uint16_t queue_max_size;  /* QueueNumMax of every queue (a power of 2) */
    uint32_t config_size;     /* bytes of device configuration space */

    /* A driver has written FEATURES_OK with `features` (already known to be
     * a subset of the offer and to include VERSION_1): return false to
     * refuse (§3.1.1 step 6, e.g. a feature without the one it needs).
     * NULL: accept. */
    bool (*features_ok)(void *opaque, uint64_t features);
    /* A write of size 1, 2 or 4 inside the configuration space (aligned to
     * its size). NULL: the configuration space is read-only. */
    void (*config_write)(void *opaque, uint32_t offset, unsigned size, uint32_t val);
    /* The driver set DRIVER_OK: the device is live. NULL: nothing to do. */
    void (*start)(void *opaque);
    /* A queue has new buffers (called only while the device is live and the
     * queue ready, and once per ready queue when the device goes live). */
    void (*queue_notify)(void *opaque, unsigned queue);
    /* Device reset (status 0 written, §2.4): drop everything in flight.
     * The transport resets the queues itself. NULL: nothing to do. */
    void (*reset)(void *opaque);
} virtio_dev_ops_t;

typedef struct virtio_mmio_config {
    physmap_t *pm;            /* guest RAM for the queues; MMIO mapped here if map */
    uint64_t base;            /* guest physical address of the register window */
    bool map;                 /* add the window to pm (false: tests call read/write) */
    irq_line_t irq;           /* the device's interrupt line (an SPI) */
    const virtio_dev_ops_t *ops;
    void *opaque;
    uint64_t features;        /* device-type feature bits offered (§5.x.3) */
    const uint8_t *config;    /* the configuration space, config_size bytes,
                                 owned by the device (which may change it
                                 and then calls virtio_mmio_config_changed) */
    bool quiet;               /* do not print guest errors on stderr */
} virtio_mmio_config_t;

/* Create the transport (and map it if cfg->map). NULL on failure. */
virtio_mmio_t *virtio_mmio_create(const virtio_mmio_config_t *cfg);
void virtio_mmio_destroy(virtio_mmio_t *t);

/* The register window's callbacks (what physmap calls). */
mem_result_t virtio_mmio_read(void *opaque, uint64_t offset, unsigned size, uint64_t *val);
mem_result_t virtio_mmio_write(void *opaque, uint64_t offset, unsigned size, uint64_t val);

/* ---- for device types ---------------------------------------------------------- */

virtq_t *virtio_mmio_queue(virtio_mmio_t *t, unsigned n);

/* Negotiated features (valid once FEATURES_OK has been accepted). */
uint64_t virtio_mmio_features(const virtio_mmio_t *t);
static inline bool virtio_mmio_has(const virtio_mmio_t *t, unsigned bit)
{
    return (virtio_mmio_features(t) >> bit) & 1;
}

/* DRIVER_OK is set and the device does not need a reset: queues may be used. */
bool virtio_mmio_live(const virtio_mmio_t *t);

/* After pushing used buffers on vq: raise the used buffer interrupt if the
 * driver asked for one (§2.7.7). */
void virtio_mmio_notify(virtio_mmio_t *t, virtq_t *vq);

/* Serve vq after a kick: pop each available request into e and pass it to
 * handle, which completes it (virtq_push), until the queue is empty -- checked
 * again after re-arming the driver's notifications -- or the device stops
 * being live, or virtq_budget(vq) requests were served (a guest that keeps
 * refilling the queue cannot keep tinyvm in the device forever); then
 * interrupt the driver if it asked (virtio_mmio_notify). */
typedef void (*virtio_request_fn)(void *opaque, virtq_t *vq, virtq_elem_t *e);
void virtio_mmio_serve_queue(virtio_mmio_t *t, virtq_t *vq, virtq_elem_t *e,
                             virtio_request_fn handle, void *opaque);

/* The configuration space changed: bump ConfigGeneration and, once the
 * driver is live, raise the configuration change interrupt (§2.5). */
void virtio_mmio_config_changed(virtio_mmio_t *t);

/* The driver broke the device's rules beyond repair: set
 * DEVICE_NEEDS_RESET, stop using the queues, and raise the configuration
 * change interrupt if DRIVER_OK is set (§2.1.2). `why` is printed once
 * (unless quiet). */
void virtio_mmio_needs_reset(virtio_mmio_t *t, const char *why);

/* For tests and diagnostics. */
uint32_t virtio_mmio_status(const virtio_mmio_t *t);
uint32_t virtio_mmio_interrupt_status(const virtio_mmio_t *t);
const char *virtio_mmio_last_error(const virtio_mmio_t *t); /* "" if none */

#endif
