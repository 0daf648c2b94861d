/* virtio_rng.h - virtio entropy device (virtio 1.2 §5.4): every buffer the
 * driver offers is filled from the host's getrandom(), so a guest never
 * stalls at boot waiting for entropy. */
#ifndef TINYVM_DEVICES_VIRTIO_RNG_H
#define TINYVM_DEVICES_VIRTIO_RNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "devices/virtio/virtio_mmio.h"

#define VIRTIO_RNG_QUEUE_SIZE 64
/* Bytes given per request at most: the driver asks again for more. Bounds
 * the time one notification can take. */
#define VIRTIO_RNG_MAX_BYTES (64u * 1024)

typedef struct virtio_rng virtio_rng_t;

/* Where the bytes come from: getrandom(2) by default; tests pass their own. */
typedef ssize_t (*virtio_rng_source_fn)(void *buf, size_t len, void *opaque);

typedef struct virtio_rng_config {
    physmap_t *pm;
    uint64_t base;
    bool map;
    irq_line_t irq;
    bool quiet;
    virtio_rng_source_fn source; /* NULL: getrandom */
    void *source_opaque;
} virtio_rng_config_t;

virtio_rng_t *virtio_rng_create(const virtio_rng_config_t *cfg);
void virtio_rng_destroy(virtio_rng_t *d);
virtio_mmio_t *virtio_rng_transport(virtio_rng_t *d);

#endif
