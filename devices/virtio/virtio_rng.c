/* virtio_rng.c - virtio entropy device (virtio 1.2 §5.4). See virtio_rng.h. */
#include "virtio_rng.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/random.h>

#include "debug/trace.h"
#include "devices/virtio/virtio_defs.h"

#define VRNG_MAX_SEGS 64

struct virtio_rng {
    virtio_mmio_t *t;
    virtio_rng_source_fn source;
    void *source_opaque;
    virtq_elem_t elem;
    virtq_seg_t segs[VRNG_MAX_SEGS];
    uint8_t buf[4096];
};

static ssize_t host_random(void *buf, size_t len, void *opaque)
{
    (void)opaque;
    for (;;) {
        ssize_t n = getrandom(buf, len, 0);
        if (n >= 0 || errno != EINTR)
            return n;
    }
}

/* Fill the writable part of one request; returns the bytes written. */
static uint32_t fill(virtio_rng_t *d, virtq_elem_t *e)
{
    /* §5.4.6.1: the driver must not offer device-readable buffers; a chain
     * that does, or that points outside RAM, gets nothing (used length 0
     * tells the driver no bytes arrived, §5.4.6.2). */
    if (e->bad || e->nout)
        return 0;
    uint64_t want = e->in_len < VIRTIO_RNG_MAX_BYTES ? e->in_len : VIRTIO_RNG_MAX_BYTES;
    uint64_t done = 0;
    while (done < want) {
        size_t chunk = want - done < sizeof(d->buf) ? (size_t)(want - done) : sizeof(d->buf);
        ssize_t n = d->source(d->buf, chunk, d->source_opaque);
        if (n <= 0)
            break;
        done += virtq_elem_write(e, done, d->buf, (size_t)n);
    }
    return (uint32_t)done;
}

static void serve_request(void *opaque, virtq_t *vq, virtq_elem_t *e)
{
    virtio_rng_t *d = opaque;
    uint32_t n = fill(d, e);
    if (trace_on(TRACE_VIRTIO))
        trace_log("virtio: %s request %u bytes of %llu asked\n", virtio_mmio_label(d->t), n,
                  (unsigned long long)e->in_len);
    virtq_push(vq, e->head, n);
}

static void queue_notify(void *opaque, unsigned q)
{
    virtio_rng_t *d = opaque;
    virtq_t *vq = virtio_mmio_queue(d->t, q);
    if (vq)
        virtio_mmio_serve_queue(d->t, vq, &d->elem, serve_request, d);
}

static const virtio_dev_ops_t rng_ops = {
    .name = "virtio-rng",
    .device_id = VIRTIO_ID_RNG,
    .num_queues = 1,
    .queue_max_size = VIRTIO_RNG_QUEUE_SIZE,
    .config_size = 0, /* §5.4.4: none */
    .queue_notify = queue_notify,
};

virtio_rng_t *virtio_rng_create(const virtio_rng_config_t *cfg)
{
    virtio_rng_t *d = calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    d->source = cfg->source ? cfg->source : host_random;
    d->source_opaque = cfg->source_opaque;
    virtq_elem_init(&d->elem, d->segs, VRNG_MAX_SEGS);
    virtio_mmio_config_t mc = {
        .pm = cfg->pm, .base = cfg->base, .map = cfg->map, .irq = cfg->irq,
        .ops = &rng_ops, .opaque = d, .features = 0, .config = NULL, .quiet = cfg->quiet,
    };
    d->t = virtio_mmio_create(&mc);
    if (!d->t) {
        free(d);
        return NULL;
    }
    return d;
}

void virtio_rng_destroy(virtio_rng_t *d)
{
    if (!d)
        return;
    virtio_mmio_destroy(d->t);
    free(d);
}

virtio_mmio_t *virtio_rng_transport(virtio_rng_t *d)
{
    return d->t;
}
