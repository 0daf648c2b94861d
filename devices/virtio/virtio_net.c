/* virtio_net.c - virtio network device (virtio 1.2 §5.1). See virtio_net.h. */
#include "virtio_net.h"

#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "debug/trace.h"
#include "devices/virtio/virtio_defs.h"

#define VNET_RX_SEGS 32  /* segments per receive buffer (Linux uses 1 or 2) */
#define VNET_TX_SEGS 64  /* segments per transmitted frame (Linux: up to 19) */
#define VNET_MAX_MRG 64  /* receive buffers one frame may span (MRG_RXBUF) */

struct virtio_net {
    virtio_mmio_t *t;
    net_backend_t *nb;
    uint8_t config[VIRTIO_NET_CFG_SIZE];
    uint64_t errors;
    virtq_elem_t rx[VNET_MAX_MRG];
    virtq_seg_t rx_segs[VNET_MAX_MRG][VNET_RX_SEGS];
    virtq_elem_t tx;
    virtq_seg_t tx_segs[VNET_TX_SEGS];
    uint8_t txbuf[VIRTIO_NET_HDR_SIZE + NET_MAX_FRAME];
};

static uint16_t get_le16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return le16toh(v); }
static void put_le16(uint8_t *p, uint16_t v) { v = htole16(v); memcpy(p, &v, 2); }

/* ---- receive ----------------------------------------------------------------------- */

/* Write bytes [off, off+len) of the stream (header, then frame) into e. */
static void rx_copy(virtq_elem_t *e, const uint8_t *hdr, const uint8_t *frame, size_t off,
                    size_t len)
{
    size_t dst = 0;
    if (off < VIRTIO_NET_HDR_SIZE) {
        size_t n = VIRTIO_NET_HDR_SIZE - off < len ? VIRTIO_NET_HDR_SIZE - off : len;
        virtq_elem_write(e, 0, hdr + off, n);
        dst = n;
        off += n;
        len -= n;
    }
    if (len)
        virtq_elem_write(e, dst, frame + (off - VIRTIO_NET_HDR_SIZE), len);
}

static bool rx_receive(void *opaque, const uint8_t *frame, size_t len)
{
    virtio_net_t *d = opaque;
    virtq_t *vq = virtio_mmio_queue(d->t, VIRTIO_NET_RXQ);
    if (!virtio_mmio_live(d->t) || !vq->ready)
        return false;
    bool mrg = virtio_mmio_has(d->t, VIRTIO_NET_F_MRG_RXBUF);
    unsigned max = mrg ? VNET_MAX_MRG : 1;
    size_t total = VIRTIO_NET_HDR_SIZE + len;
    unsigned n = 0;
    uint64_t room = 0;
    while (room < total && n < max) {
        int r = virtq_pop(vq, &d->rx[n]);
        if (r < 0)
            return false; /* ring broken: the device now needs a reset */
        if (r == 0) {
            /* Not enough buffers yet: ask the driver to notify when it adds
             * the next one (avail_event past what was taken), give back what
             * was taken, and let the frame wait. */
            if (virtq_arm_notify(vq))
                continue; /* buffers arrived meanwhile: take them too */
            virtq_unpop(vq, n);
            return false;
        }
        virtq_elem_t *e = &d->rx[n++];
        /* §5.1.6.3.1: receive buffers are device-writable only. */
        if (e->bad || e->nout) {
            /* Unusable buffer: return everything taken with length 0 and
             * drop the frame (the driver broke the rules). */
            for (unsigned i = 0; i < n; i++)
                virtq_push(vq, d->rx[i].head, 0);
            d->errors++;
            virtio_mmio_notify(d->t, vq);
            return true;
        }
        room += e->in_len;
    }
    if (room < total) {
        /* The buffers cannot hold the frame (without MRG_RXBUF a single
         * buffer must take header and frame, §5.1.6.3.2): drop it and hand
         * the buffers back empty, as Linux expects ("short packet"). */
        for (unsigned i = 0; i < n; i++)
            virtq_push(vq, d->rx[i].head, 0);
        d->errors++;
        virtio_mmio_notify(d->t, vq);
        return true;
    }
    uint8_t hdr[VIRTIO_NET_HDR_SIZE] = { 0 };
    if (virtio_mmio_has(d->t, VIRTIO_NET_F_GUEST_CSUM))
        hdr[0] = VIRTIO_NET_HDR_F_DATA_VALID; /* §5.1.6.4: checksum already validated */
    hdr[1] = VIRTIO_NET_HDR_GSO_NONE;
    put_le16(hdr + 10, (uint16_t)n); /* num_buffers (§5.1.6.3.2) */
    size_t off = 0;
    for (unsigned i = 0; i < n; i++) {
        size_t take = total - off < d->rx[i].in_len ? total - off : (size_t)d->rx[i].in_len;
        rx_copy(&d->rx[i], hdr, frame, off, take);
        virtq_push(vq, d->rx[i].head, (uint32_t)take);
        off += take;
    }
    if (trace_on(TRACE_VIRTIO))
        trace_log("virtio: %s rx frame %zu bytes in %u buffer%s\n", virtio_mmio_label(d->t), len, n,
                  n == 1 ? "" : "s");
    virtio_mmio_notify(d->t, vq);
    return true;
}

/* ---- transmit ------------------------------------------------------------------------ */

/* §5.1.6.2 VIRTIO_NET_HDR_F_NEEDS_CSUM: the ones' complement sum from
 * csum_start to the end goes at csum_start + csum_offset (the field holds
 * the pseudo-header sum). Returns false if the offsets do not fit. */
static bool tx_checksum(uint8_t *frame, size_t len, uint16_t start, uint16_t offset)
{
    if (start >= len || (size_t)start + offset + 2 > len)
        return false;
    uint32_t sum = 0;
    size_t i = start;
    for (; i + 1 < len; i += 2)
        sum += (uint32_t)frame[i] << 8 | frame[i + 1];
    if (i < len)
        sum += (uint32_t)frame[i] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    uint16_t c = (uint16_t)~sum;
    if (c == 0)
        c = 0xffff; /* UDP: 0 means "no checksum"; 0xffff is the same value in ones' complement */
    frame[start + offset] = (uint8_t)(c >> 8);
    frame[start + offset + 1] = (uint8_t)c;
    return true;
}

static void tx_one(virtio_net_t *d, virtq_elem_t *e)
{
    /* §5.1.6.2: a transmit chain is device-readable: header, then frame. */
    if (e->bad || e->nin || e->out_len <= VIRTIO_NET_HDR_SIZE ||
        e->out_len > VIRTIO_NET_HDR_SIZE + NET_MAX_FRAME) {
        d->errors++;
        return;
    }
    size_t n = virtq_elem_read(e, 0, d->txbuf, (size_t)e->out_len);
    if (n != e->out_len) {
        d->errors++;
        return;
    }
    const uint8_t *hdr = d->txbuf;
    uint8_t *frame = d->txbuf + VIRTIO_NET_HDR_SIZE;
    size_t flen = n - VIRTIO_NET_HDR_SIZE;
    /* No segmentation offload was offered: a GSO frame is a driver error. */
    if (hdr[1] != VIRTIO_NET_HDR_GSO_NONE) {
        d->errors++;
        return;
    }
    if ((hdr[0] & VIRTIO_NET_HDR_F_NEEDS_CSUM) &&
        !tx_checksum(frame, flen, get_le16(hdr + 6), get_le16(hdr + 8))) {
        d->errors++;
        return;
    }
    if (trace_on(TRACE_VIRTIO))
        trace_log("virtio: %s tx frame %zu bytes\n", virtio_mmio_label(d->t), flen);
    net_send(d->nb, frame, flen);
}

static void tx_request(void *opaque, virtq_t *vq, virtq_elem_t *e)
{
    tx_one(opaque, e);
    virtq_push(vq, e->head, 0); /* nothing written to a transmit buffer */
}

static void tx_process(virtio_net_t *d)
{
    virtq_t *vq = virtio_mmio_queue(d->t, VIRTIO_NET_TXQ);
    virtio_mmio_serve_queue(d->t, vq, &d->tx, tx_request, d);
}

/* ---- device ops ------------------------------------------------------------------------ */

static void queue_notify(void *opaque, unsigned q)
{
    virtio_net_t *d = opaque;
    if (q == VIRTIO_NET_RXQ)
        net_flush(d->nb); /* new receive buffers: waiting frames go in */
    else if (q == VIRTIO_NET_TXQ)
        tx_process(d);
}

static void reset(void *opaque)
{
    virtio_net_t *d = opaque;
    /* Frames queued for the previous driver instance are stale. */
    net_purge(d->nb);
}

static const virtio_dev_ops_t net_ops = {
    .name = "virtio-net",
    .device_id = VIRTIO_ID_NET,
    .num_queues = 2,
    .queue_max_size = VIRTIO_NET_QUEUE_SIZE,
    .config_size = VIRTIO_NET_CFG_SIZE,
    .queue_notify = queue_notify,
    .reset = reset,
};

virtio_net_t *virtio_net_create(const virtio_net_config_t *cfg)
{
    if (!cfg->backend)
        return NULL;
    virtio_net_t *d = calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    d->nb = cfg->backend;
    for (unsigned i = 0; i < VNET_MAX_MRG; i++)
        virtq_elem_init(&d->rx[i], d->rx_segs[i], VNET_RX_SEGS);
    virtq_elem_init(&d->tx, d->tx_segs, VNET_TX_SEGS);
    memcpy(d->config + VIRTIO_NET_CFG_MAC, cfg->mac, 6);
    put_le16(d->config + VIRTIO_NET_CFG_STATUS, VIRTIO_NET_S_LINK_UP);
    put_le16(d->config + VIRTIO_NET_CFG_MAX_VQ_PAIRS, 1);
    put_le16(d->config + VIRTIO_NET_CFG_MTU, 1500);
    uint64_t f = VIRTIO_BIT(VIRTIO_NET_F_MAC) | VIRTIO_BIT(VIRTIO_NET_F_STATUS) |
                 VIRTIO_BIT(VIRTIO_NET_F_MRG_RXBUF) | VIRTIO_BIT(VIRTIO_NET_F_CSUM) |
                 VIRTIO_BIT(VIRTIO_NET_F_GUEST_CSUM);
    virtio_mmio_config_t mc = {
        .pm = cfg->pm, .base = cfg->base, .map = cfg->map, .irq = cfg->irq,
        .ops = &net_ops, .opaque = d, .features = f, .config = d->config, .quiet = cfg->quiet,
    };
    d->t = virtio_mmio_create(&mc);
    if (!d->t) {
        free(d);
        return NULL;
    }
    net_attach(d->nb, rx_receive, d);
    return d;
}

void virtio_net_destroy(virtio_net_t *d)
{
    if (!d)
        return;
    net_detach(d->nb);
    virtio_mmio_destroy(d->t);
    free(d);
}

virtio_mmio_t *virtio_net_transport(virtio_net_t *d)
{
    return d->t;
}

uint64_t virtio_net_errors(const virtio_net_t *d)
{
    return d->errors;
}
