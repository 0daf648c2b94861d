/* virtio_blk.c - virtio block device (virtio 1.2 §5.2). See virtio_blk.h. */
#include "virtio_blk.h"

#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "debug/trace.h"
#include "devices/virtio/virtio_defs.h"
#include "mem/dma.h"

/* Longest chain accepted: a full indirect table. */
#define VBLK_MAX_SEGS VIRTQ_MAX_INDIRECT

struct virtio_blk {
    virtio_mmio_t *t;
    blk_t *blk;
    char serial[VIRTIO_BLK_ID_BYTES];
    uint64_t capacity;       /* sectors */
    uint8_t config[VIRTIO_BLK_CFG_SIZE];
    virtq_elem_t elem;
    virtq_seg_t segs[VBLK_MAX_SEGS];
    struct iovec iov[VBLK_MAX_SEGS];
};

static void put_le16(uint8_t *p, uint16_t v) { v = htole16(v); memcpy(p, &v, 2); }
static void put_le32(uint8_t *p, uint32_t v) { v = htole32(v); memcpy(p, &v, 4); }
static void put_le64(uint8_t *p, uint64_t v) { v = htole64(v); memcpy(p, &v, 8); }
static uint32_t get_le32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return le32toh(v); }
static uint64_t get_le64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return le64toh(v); }

/* ---- requests ----------------------------------------------------------------------- */

/* Whether [sector, sector + nsec) lies inside the disk, without overflow. */
static bool in_disk(const virtio_blk_t *d, uint64_t sector, uint64_t nsec)
{
    return sector <= d->capacity && nsec <= d->capacity - sector;
}

static uint8_t do_read(virtio_blk_t *d, virtq_elem_t *e, uint64_t sector, uint64_t data,
                       uint32_t *used)
{
    /* §5.2.6: data in multiples of 512 bytes; a read of nothing is a
     * driver error too (zero-length buffers where data is required). */
    if (e->bad || data == 0 || data % VIRTIO_BLK_SECTOR ||
        !in_disk(d, sector, data / VIRTIO_BLK_SECTOR))
        return VIRTIO_BLK_S_IOERR;
    int n = virtq_elem_iov(e, true, 0, data, d->iov, VBLK_MAX_SEGS);
    if (n < 0)
        return VIRTIO_BLK_S_IOERR;
    int rc = blk_preadv(d->blk, sector * VIRTIO_BLK_SECTOR, d->iov, n);
    virtq_elem_mark_written(e, 0, data);
    if (rc)
        return VIRTIO_BLK_S_IOERR;
    *used = (uint32_t)data;
    return VIRTIO_BLK_S_OK;
}

static uint8_t do_write(virtio_blk_t *d, virtq_elem_t *e, uint64_t sector, uint64_t data)
{
    /* §5.2.6.2: a read-only device fails writes with IOERR and writes nothing. */
    if (blk_readonly(d->blk))
        return VIRTIO_BLK_S_IOERR;
    if (e->bad || data == 0 || data % VIRTIO_BLK_SECTOR ||
        !in_disk(d, sector, data / VIRTIO_BLK_SECTOR))
        return VIRTIO_BLK_S_IOERR;
    int n = virtq_elem_iov(e, false, 16, data, d->iov, VBLK_MAX_SEGS);
    if (n < 0)
        return VIRTIO_BLK_S_IOERR;
    return blk_pwritev(d->blk, sector * VIRTIO_BLK_SECTOR, d->iov, n) ? VIRTIO_BLK_S_IOERR
                                                                       : VIRTIO_BLK_S_OK;
}

static uint8_t do_get_id(virtio_blk_t *d, virtq_elem_t *e, uint64_t data, uint32_t *used)
{
    /* §5.2.6: the data is 20 bytes; a shorter buffer gets what fits. */
    if (e->bad || data == 0)
        return VIRTIO_BLK_S_IOERR;
    size_t n = data < VIRTIO_BLK_ID_BYTES ? (size_t)data : VIRTIO_BLK_ID_BYTES;
    *used = (uint32_t)virtq_elem_write(e, 0, d->serial, n);
    return VIRTIO_BLK_S_OK;
}

/* DISCARD and WRITE_ZEROES: a list of struct virtio_blk_discard_write_zeroes
 * segments after the header (§5.2.6). */
static uint8_t do_ranges(virtio_blk_t *d, virtq_elem_t *e, uint32_t type, uint64_t data)
{
    bool wz = type == VIRTIO_BLK_T_WRITE_ZEROES;
    if (!virtio_mmio_has(d->t, wz ? VIRTIO_BLK_F_WRITE_ZEROES : VIRTIO_BLK_F_DISCARD))
        return VIRTIO_BLK_S_UNSUPP;
    if (blk_readonly(d->blk))
        return VIRTIO_BLK_S_IOERR;
    if (e->bad || data == 0 || data % VIRTIO_BLK_DWZ_SIZE ||
        data / VIRTIO_BLK_DWZ_SIZE > VIRTIO_BLK_MAX_DISCARD_SEG)
        return VIRTIO_BLK_S_IOERR;
    unsigned nseg = (unsigned)(data / VIRTIO_BLK_DWZ_SIZE);
    uint8_t raw[VIRTIO_BLK_MAX_DISCARD_SEG * VIRTIO_BLK_DWZ_SIZE];
    if (virtq_elem_read(e, 16, raw, data) != data)
        return VIRTIO_BLK_S_IOERR;
    /* Check every segment before doing any, so a bad list changes nothing. */
    for (unsigned i = 0; i < nseg; i++) {
        const uint8_t *s = raw + i * VIRTIO_BLK_DWZ_SIZE;
        uint64_t sector = get_le64(s);
        uint32_t num = get_le32(s + 8), flags = get_le32(s + 12);
        /* §5.2.6.2: UNSUPP for unknown flags, and for unmap in a discard. */
        if (flags & ~(wz ? VIRTIO_BLK_DWZ_F_UNMAP : 0u))
            return VIRTIO_BLK_S_UNSUPP;
        if (num > VIRTIO_BLK_MAX_DISCARD_SECTORS || !in_disk(d, sector, num))
            return VIRTIO_BLK_S_IOERR;
    }
    for (unsigned i = 0; i < nseg; i++) {
        const uint8_t *s = raw + i * VIRTIO_BLK_DWZ_SIZE;
        uint64_t off = get_le64(s) * VIRTIO_BLK_SECTOR;
        uint64_t len = (uint64_t)get_le32(s + 8) * VIRTIO_BLK_SECTOR;
        int rc = wz ? blk_write_zeroes(d->blk, off, len, get_le32(s + 12) & VIRTIO_BLK_DWZ_F_UNMAP)
                    : blk_discard(d->blk, off, len);
        if (rc)
            return VIRTIO_BLK_S_IOERR;
    }
    return VIRTIO_BLK_S_OK;
}

/* -d virtio: one line per request (virtio 1.2 §5.2.6: type, sector, data
 * length, status). hdr is valid when the chain held a whole header. */
static void trace_blk_request(const virtio_blk_t *d, const uint8_t *hdr, const virtq_elem_t *e,
                              uint8_t status)
{
    static const char *const status_names[] = { "OK", "IOERR", "UNSUPP" };
    uint32_t type = hdr ? get_le32(hdr) : UINT32_MAX;
    const char *tn;
    switch (type) {
    case VIRTIO_BLK_T_IN: tn = "read"; break;
    case VIRTIO_BLK_T_OUT: tn = "write"; break;
    case VIRTIO_BLK_T_FLUSH: tn = "flush"; break;
    case VIRTIO_BLK_T_GET_ID: tn = "get-id"; break;
    case VIRTIO_BLK_T_DISCARD: tn = "discard"; break;
    case VIRTIO_BLK_T_WRITE_ZEROES: tn = "write-zeroes"; break;
    case UINT32_MAX: tn = "(no header)"; break;
    default: tn = "unsupported"; break;
    }
    uint64_t len = type == VIRTIO_BLK_T_IN || type == VIRTIO_BLK_T_GET_ID ? e->in_len - 1
                   : hdr ? e->out_len - 16 : 0;
    trace_log("virtio: %s request %s (type %u) sector %llu length %llu status %s\n",
              virtio_mmio_label(d->t), tn, type == UINT32_MAX ? 0 : type,
              (unsigned long long)(hdr ? get_le64(hdr + 8) : 0), (unsigned long long)len,
              status < 3 ? status_names[status] : "?");
}

void virtio_blk_handle(virtio_blk_t *d, virtq_t *vq, virtq_elem_t *e)
{
    /* The status byte is the last byte of the device-writable part
     * (§5.2.6 struct virtio_blk_req). If the chain's layout cannot be
     * trusted or that byte is not in guest RAM, there is no way to tell the
     * driver the request failed: the device needs a reset. */
    const virtq_seg_t *last = e->nin ? &e->seg[e->nout + e->nin - 1] : NULL;
    if ((e->bad & (VIRTQ_BAD_ORDER | VIRTQ_BAD_TOO_MANY)) || !last || !last->host) {
        virtio_mmio_needs_reset(d->t, e->nin ? "virtio-blk request whose status byte is unusable"
                                             : "virtio-blk request without a status byte");
        return;
    }
    uint64_t data_in = e->in_len - 1; /* writable bytes before the status */
    uint8_t hdr[16];
    uint8_t status = VIRTIO_BLK_S_IOERR;
    uint32_t used = 0; /* data bytes written, not counting the status */
    bool have_hdr = virtq_elem_read(e, 0, hdr, sizeof(hdr)) == sizeof(hdr);
    if (have_hdr) {
        uint32_t type = get_le32(hdr);
        uint64_t sector = get_le64(hdr + 8);
        uint64_t data_out = e->out_len - 16;
        switch (type) {
        case VIRTIO_BLK_T_IN: status = do_read(d, e, sector, data_in, &used); break;
        case VIRTIO_BLK_T_OUT: status = do_write(d, e, sector, data_out); break;
        case VIRTIO_BLK_T_FLUSH:
            /* Executed even if FLUSH was not negotiated: syncing is never wrong. */
            status = blk_flush(d->blk) ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
            break;
        case VIRTIO_BLK_T_GET_ID: status = do_get_id(d, e, data_in, &used); break;
        case VIRTIO_BLK_T_DISCARD:
        case VIRTIO_BLK_T_WRITE_ZEROES: status = do_ranges(d, e, type, data_out); break;
        default:
            /* GET_LIFETIME, SECURE_ERASE, legacy SCSI and barrier requests,
             * and anything unknown. */
            status = VIRTIO_BLK_S_UNSUPP;
            break;
        }
    }
    if (trace_on(TRACE_VIRTIO))
        trace_blk_request(d, have_hdr ? hdr : NULL, e, status);
    last->host[last->len - 1] = status;
    dma_mark_written(e->pm, last->gpa + last->len - 1, 1);
    virtq_push(vq, e->head, used + 1);
}

static void serve_request(void *opaque, virtq_t *vq, virtq_elem_t *e)
{
    virtio_blk_handle(opaque, vq, e);
}

static void queue_notify(void *opaque, unsigned q)
{
    virtio_blk_t *d = opaque;
    virtq_t *vq = virtio_mmio_queue(d->t, q);
    if (vq)
        virtio_mmio_serve_queue(d->t, vq, &d->elem, serve_request, d);
}

/* ---- configuration ---------------------------------------------------------------------------- */

static const virtio_dev_ops_t blk_ops = {
    .name = "virtio-blk",
    .device_id = VIRTIO_ID_BLOCK,
    .num_queues = 1,
    .queue_max_size = VIRTIO_BLK_QUEUE_SIZE,
    .config_size = VIRTIO_BLK_CFG_SIZE,
    .queue_notify = queue_notify,
};

virtio_blk_t *virtio_blk_create(const virtio_blk_config_t *cfg)
{
    if (!cfg->blk)
        return NULL;
    virtio_blk_t *d = calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    d->blk = cfg->blk;
    if (cfg->serial) {
        /* NUL-padded to 20 bytes; not terminated when 20 long (§5.2.6). */
        size_t n = strlen(cfg->serial);
        memcpy(d->serial, cfg->serial, n < sizeof(d->serial) ? n : sizeof(d->serial));
    }
    d->capacity = blk_size(cfg->blk) / VIRTIO_BLK_SECTOR;
    virtq_elem_init(&d->elem, d->segs, VBLK_MAX_SEGS);

    /* §5.2.3 feature bits, §5.2.4 configuration layout. */
    uint64_t f = VIRTIO_BIT(VIRTIO_BLK_F_SIZE_MAX) | VIRTIO_BIT(VIRTIO_BLK_F_SEG_MAX) |
                 VIRTIO_BIT(VIRTIO_BLK_F_BLK_SIZE) | VIRTIO_BIT(VIRTIO_BLK_F_FLUSH);
    uint8_t *c = d->config;
    put_le64(c + VIRTIO_BLK_CFG_CAPACITY, d->capacity);
    put_le32(c + VIRTIO_BLK_CFG_SIZE_MAX, VIRTIO_BLK_SIZE_MAX);
    put_le32(c + VIRTIO_BLK_CFG_SEG_MAX, VIRTIO_BLK_SEG_MAX);
    put_le32(c + VIRTIO_BLK_CFG_BLK_SIZE, VIRTIO_BLK_SECTOR);
    unsigned hb = blk_host_block_size(cfg->blk);
    if (hb > VIRTIO_BLK_SECTOR && hb <= 65536 && !(hb & (hb - 1))) {
        /* Topology: the guest aligns its I/O to the host's blocks, which
         * spares the host read-modify-write cycles. */
        f |= VIRTIO_BIT(VIRTIO_BLK_F_TOPOLOGY);
        unsigned exp = 0;
        while ((VIRTIO_BLK_SECTOR << exp) < hb)
            exp++;
        c[VIRTIO_BLK_CFG_PHYS_BLOCK_EXP] = (uint8_t)exp;
        put_le16(c + VIRTIO_BLK_CFG_MIN_IO_SIZE, (uint16_t)(1u << exp));
    }
    if (blk_readonly(cfg->blk)) {
        f |= VIRTIO_BIT(VIRTIO_BLK_F_RO);
    } else {
        uint32_t align = hb / VIRTIO_BLK_SECTOR;
        if (blk_can_discard(cfg->blk)) {
            f |= VIRTIO_BIT(VIRTIO_BLK_F_DISCARD);
            put_le32(c + VIRTIO_BLK_CFG_MAX_DISCARD_SECTORS, VIRTIO_BLK_MAX_DISCARD_SECTORS);
            put_le32(c + VIRTIO_BLK_CFG_MAX_DISCARD_SEG, VIRTIO_BLK_MAX_DISCARD_SEG);
            put_le32(c + VIRTIO_BLK_CFG_DISCARD_ALIGN, align ? align : 1);
        }
        f |= VIRTIO_BIT(VIRTIO_BLK_F_WRITE_ZEROES);
        put_le32(c + VIRTIO_BLK_CFG_MAX_WZ_SECTORS, VIRTIO_BLK_MAX_DISCARD_SECTORS);
        put_le32(c + VIRTIO_BLK_CFG_MAX_WZ_SEG, VIRTIO_BLK_MAX_DISCARD_SEG);
        c[VIRTIO_BLK_CFG_WZ_MAY_UNMAP] = blk_can_discard(cfg->blk);
    }

    virtio_mmio_config_t mc = {
        .pm = cfg->pm, .base = cfg->base, .map = cfg->map, .irq = cfg->irq,
        .ops = &blk_ops, .opaque = d, .features = f, .config = d->config, .quiet = cfg->quiet,
    };
    d->t = virtio_mmio_create(&mc);
    if (!d->t) {
        free(d);
        return NULL;
    }
    return d;
}

void virtio_blk_destroy(virtio_blk_t *d)
{
    if (!d)
        return;
    virtio_mmio_destroy(d->t);
    free(d);
}

virtio_mmio_t *virtio_blk_transport(virtio_blk_t *d)
{
    return d->t;
}
