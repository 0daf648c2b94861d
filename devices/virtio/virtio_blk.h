/* virtio_blk.h - virtio block device (virtio 1.2 §5.2) on a block backend
 * (devices/block/block.h).
 *
 * Offers SIZE_MAX, SEG_MAX, BLK_SIZE, FLUSH, RO (readonly=on), TOPOLOGY
 * (when the host's block size is above 512 bytes), DISCARD and WRITE_ZEROES
 * (writable images), and answers GET_ID with the drive's serial. One request
 * queue; requests run to completion when the driver notifies, reading and
 * writing guest RAM directly with preadv/pwritev (no bounce buffer).
 *
 * Each request is checked before it reaches the backend: the 16-byte header
 * must be there, data lengths must be whole sectors, the range must be
 * inside the disk, segments must lie in guest RAM. A request that breaks a
 * rule completes with VIRTIO_BLK_S_IOERR (or VIRTIO_BLK_S_UNSUPP for an
 * unknown or unnegotiated type and unknown flags, §5.2.6.2). Only a request
 * with nowhere to put its status byte (no writable byte, or a chain whose
 * layout cannot be trusted) makes the device need a reset: completing it
 * without a status would let the driver read a stale "OK".
 */
#ifndef TINYVM_DEVICES_VIRTIO_BLK_H
#define TINYVM_DEVICES_VIRTIO_BLK_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/block/block.h"
#include "devices/virtio/virtio_mmio.h"

#define VIRTIO_BLK_QUEUE_SIZE 256
/* Data segments per request (seg_max): the queue size minus the header and
 * status descriptors, QEMU's choice, so a request always fits the ring even
 * without indirect descriptors. */
#define VIRTIO_BLK_SEG_MAX (VIRTIO_BLK_QUEUE_SIZE - 2)
#define VIRTIO_BLK_SIZE_MAX (1u << 20)       /* largest segment (size_max), bytes */
#define VIRTIO_BLK_MAX_DISCARD_SECTORS 0x3fffffu /* ~2 GiB per discard/write-zeroes segment */
#define VIRTIO_BLK_MAX_DISCARD_SEG 32

typedef struct virtio_blk virtio_blk_t;

typedef struct virtio_blk_config {
    physmap_t *pm;
    uint64_t base;      /* register window */
    bool map;           /* map the window into pm */
    irq_line_t irq;
    bool quiet;         /* no guest-error messages on stderr */
    blk_t *blk;         /* the backend; stays the caller's */
    const char *serial; /* GET_ID answer (first 20 bytes); NULL: empty */
} virtio_blk_config_t;

virtio_blk_t *virtio_blk_create(const virtio_blk_config_t *cfg);
void virtio_blk_destroy(virtio_blk_t *d);
virtio_mmio_t *virtio_blk_transport(virtio_blk_t *d);

/* Process one request already taken from the queue and complete it (push
 * to the used ring; no interrupt). Exposed for the fuzzer and tests; the
 * queue handler calls it for every available chain. */
void virtio_blk_handle(virtio_blk_t *d, virtq_t *vq, virtq_elem_t *e);

#endif
