/* virtq.h - the device side of a split virtqueue (virtio 1.2 §2.7 "Split
 * Virtqueues"), with indirect descriptors (§2.7.5.3) and event index
 * notification suppression (§2.7.7, §2.7.10).
 *
 * The driver (the guest) owns the descriptor table and the available ring;
 * the device (tinyvm) owns the used ring. Everything read from the guest is
 * untrusted: the walker here checks every index, length, flag and address,
 * and reaches guest RAM only through mem/dma.h. Two kinds of problems:
 *
 *   - A broken ring (head or next index out of range, a loop, a nested or
 *     malformed indirect table, an available index that jumps by more than
 *     the queue size): the device cannot tell which buffers are which any
 *     more. virtq_pop() returns -1, the queue stops (vq->broken) and its
 *     on_error hook runs; the transport then sets DEVICE_NEEDS_RESET
 *     (§2.1.1) and tells the driver with a configuration change interrupt.
 *
 *   - A bad buffer in an otherwise well-formed chain (an address or length
 *     outside guest RAM, a device-readable descriptor after a device-writable
 *     one, more segments than the device accepts, more than 4 GiB in total):
 *     the element is returned with elem->bad set, so the device fails just
 *     that request (virtio-blk answers VIRTIO_BLK_S_IOERR, others return the
 *     buffer with used length 0) and carries on.
 *
 * Zero-length descriptors carry no bytes: they are skipped (their address is
 * never looked at), so a request whose data is missing shows up to the device
 * as too few bytes, which each device checks.
 */
#ifndef TINYVM_DEVICES_VIRTQ_H
#define TINYVM_DEVICES_VIRTQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "mem/physmap.h"

#define VIRTQ_MAX_SIZE     32768 /* §2.7: "The maximum Queue Size value is 32768" */
/* Largest indirect table accepted (entries). The spec sets no number; a
 * table this big is far beyond any real driver (Linux's virtio-blk uses
 * seg_max + 2) and refusing it bounds the work one request can cause. */
#define VIRTQ_MAX_INDIRECT 1024

/* Ring layout (§2.7, table "Virtqueue Part / Alignment / Size"). */
#define VIRTQ_DESC_ALIGN   16
#define VIRTQ_AVAIL_ALIGN  2
#define VIRTQ_USED_ALIGN   4
#define VIRTQ_DESC_SIZE    16
static inline uint64_t virtq_desc_bytes(uint32_t num) { return 16ull * num; }
static inline uint64_t virtq_avail_bytes(uint32_t num) { return 6ull + 2ull * num; }
static inline uint64_t virtq_used_bytes(uint32_t num) { return 6ull + 8ull * num; }

/* Why a queue broke (fatal: the device needs a reset). */
typedef enum virtq_err {
    VIRTQ_ERR_NONE = 0,
    VIRTQ_ERR_SIZE,             /* QueueNum 0, not a power of 2, or above QueueNumMax */
    VIRTQ_ERR_RING_ALIGN,       /* a ring part is misaligned (§2.7 alignment table) */
    VIRTQ_ERR_RING_ADDR,        /* a ring part is not inside guest RAM */
    VIRTQ_ERR_AVAIL_IDX,        /* avail idx moved by more than the queue size */
    VIRTQ_ERR_HEAD,             /* an available ring entry >= queue size */
    VIRTQ_ERR_NEXT,             /* a descriptor's next >= its table's size */
    VIRTQ_ERR_LOOP,             /* a chain longer than its table: a loop */
    VIRTQ_ERR_INDIRECT_FEATURE, /* INDIRECT used but VIRTIO_F_INDIRECT_DESC not negotiated */
    VIRTQ_ERR_INDIRECT_NESTED,  /* INDIRECT inside an indirect table */
    VIRTQ_ERR_INDIRECT_NEXT,    /* INDIRECT together with NEXT */
    VIRTQ_ERR_INDIRECT_LEN,     /* table length 0 or not a multiple of 16 */
    VIRTQ_ERR_INDIRECT_SIZE,    /* table longer than VIRTQ_MAX_INDIRECT entries */
    VIRTQ_ERR_INDIRECT_ADDR,    /* table not inside guest RAM */
    VIRTQ_ERR_COUNT_
} virtq_err_t;

/* Per-element problems (the request fails; the queue goes on). */
enum {
    VIRTQ_BAD_ADDR     = 1u << 0, /* a buffer is not inside guest RAM (its seg.host is NULL) */
    VIRTQ_BAD_ORDER    = 1u << 1, /* device-readable after device-writable (§2.7.4.2) */
    VIRTQ_BAD_TOO_MANY = 1u << 2, /* more segments than the element can hold */
    VIRTQ_BAD_TOO_LONG = 1u << 3, /* more than 2^32 bytes in one direction (§2.7.5.2) */
};

/* One guest buffer of a chain. */
typedef struct virtq_seg {
    uint64_t gpa;   /* guest physical address */
    uint8_t *host;  /* host address of [gpa, gpa+len), or NULL if not guest RAM */
    uint32_t len;   /* > 0 */
    bool write;     /* device-writable */
} virtq_seg_t;

/* One descriptor chain taken from the available ring. For an element with
 * bad == 0, seg[0..nout) are device-readable and seg[nout..nout+nin)
 * device-writable. The segment array is the caller's (virtq_elem_init), so
 * each device picks how long a chain it accepts. */
typedef struct virtq_elem {
    physmap_t *pm;
    uint16_t head;      /* what goes back in the used ring */
    unsigned nout, nin;
    uint64_t out_len, in_len; /* bytes in each direction */
    unsigned bad;       /* VIRTQ_BAD_* */
    unsigned cap;
    virtq_seg_t *seg;
} virtq_elem_t;

typedef struct virtq virtq_t;
typedef void (*virtq_error_fn)(void *opaque, virtq_t *vq);

struct virtq {
    /* Set up by the transport. */
    physmap_t *pm;
    unsigned index;       /* queue number (for messages) */
    uint16_t max_size;    /* QueueNumMax */
    virtq_error_fn on_error;
    void *error_opaque;
    uint64_t completed;   /* buffers returned in the used ring, across resets (--stats) */

    /* Written by the driver through the transport while the queue is not ready. */
    uint32_t num;
    uint64_t desc_addr, avail_addr, used_addr;

    /* Live state, valid while ready. */
    bool ready;
    bool indirect;        /* VIRTIO_F_INDIRECT_DESC negotiated */
    bool event_idx;       /* VIRTIO_F_EVENT_IDX negotiated */
    uint8_t *desc, *avail, *used; /* host addresses of the three parts */
    uint16_t last_avail;  /* next available ring slot the device reads */
    uint16_t used_idx;    /* the device's used->idx */
    uint16_t signalled_used; /* used_idx when the last notification was decided */
    bool broken;
    virtq_err_t err;
};

/* Initialise a queue (not ready, nothing configured). */
void virtq_init(virtq_t *vq, physmap_t *pm, unsigned index, uint16_t max_size);

/* Forget the driver's configuration and all state (device reset, §2.4). */
void virtq_reset(virtq_t *vq);

/* The driver wrote QueueReady = 1: check QueueNum and the three addresses
 * and start using them. Returns VIRTQ_ERR_NONE, or the reason the queue
 * cannot be used (it then stays not ready; the caller decides what the
 * driver sees). */
virtq_err_t virtq_enable(virtq_t *vq, bool indirect, bool event_idx);

/* Take the next available chain into *e. Returns 1 (an element; check
 * e->bad), 0 (nothing available, queue not ready or broken), or -1 (the
 * ring is broken: vq->err says why, on_error has been called). */
int virtq_pop(virtq_t *vq, virtq_elem_t *e);

/* Give back the last n popped elements, which must not have been pushed
 * (a device that found too few buffers to finish a packet). */
void virtq_unpop(virtq_t *vq, unsigned n);

/* Whether the driver has made buffers available that were not popped yet. */
bool virtq_has_avail(virtq_t *vq);

/* Return a chain to the driver with len bytes written into it (§2.7.8). */
void virtq_push(virtq_t *vq, uint16_t head, uint32_t len);

/* After one or more pushes: whether the driver wants a used buffer
 * notification now (§2.7.7: VIRTQ_AVAIL_F_NO_INTERRUPT or used_event). */
bool virtq_should_notify(virtq_t *vq);

/* The device has drained the queue and will wait for the next available
 * buffer notification: with event index, ask for it at the next slot
 * (avail_event, §2.7.10). Returns true if buffers arrived meanwhile, in which
 * case the caller should pop again instead of waiting. */
bool virtq_arm_notify(virtq_t *vq);

const char *virtq_strerror(virtq_err_t err);

/* How many chains a device handles per notification at most. A driver can
 * have at most num chains outstanding, but one that makes the device DMA
 * into its own rings can keep "adding" buffers from inside the device's
 * loop; the budget keeps that from pinning the main loop forever. Work left
 * over waits for the driver's next notification. */
static inline unsigned virtq_budget(const virtq_t *vq) { return 4u * vq->num; }

/* ---- elements -------------------------------------------------------------- */

void virtq_elem_init(virtq_elem_t *e, virtq_seg_t *segs, unsigned cap);

/* Copy up to len bytes from the device-readable part, starting at byte off
 * of that part. Returns the bytes copied (fewer at its end). */
size_t virtq_elem_read(const virtq_elem_t *e, uint64_t off, void *buf, size_t len);

/* Copy up to len bytes into the device-writable part at byte off. Returns
 * the bytes copied (fewer at its end). The CPU is told about the write. */
size_t virtq_elem_write(const virtq_elem_t *e, uint64_t off, const void *buf, size_t len);

/* Host iovec for bytes [off, off+len) of the readable (in = false) or
 * writable (in = true) part, for preadv/pwritev straight into guest RAM.
 * Returns the number of iovec entries, or -1 when the range is not inside
 * that part or needs more than max entries. */
int virtq_elem_iov(const virtq_elem_t *e, bool in, uint64_t off, uint64_t len,
                   struct iovec *iov, int max);

/* Tell the CPU that bytes [off, off+len) of the writable part were written
 * through host pointers (after a preadv into virtq_elem_iov's iovec). */
void virtq_elem_mark_written(const virtq_elem_t *e, uint64_t off, uint64_t len);

#endif
