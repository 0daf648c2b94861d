/* virtio_harness.h - a fake virtio driver for the unit tests: builds split
 * rings in a physmap_t's RAM (virtio 1.2 §2.7) and drives a virtio-mmio
 * transport through its registers (§4.2.2), the way Linux's virtio_mmio and
 * virtio_ring do, so malicious variations can be made one field at a time.
 * Header-only; each test binary includes it once. */
#ifndef TINYVM_TESTS_VIRTIO_HARNESS_H
#define TINYVM_TESTS_VIRTIO_HARNESS_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "devices/virtio/virtio_defs.h"
#include "devices/virtio/virtio_mmio.h"
#include "mem/physmap.h"

#define H_RAM_BASE 0x40000000ull
#define H_RAM_SIZE (16ull << 20)

/* ---- guest memory ---------------------------------------------------------------- */

static inline uint8_t *gp(physmap_t *pm, uint64_t a) { return pm->ram + (a - pm->ram_base); }
static inline void g16(physmap_t *pm, uint64_t a, uint16_t v) { memcpy(gp(pm, a), &v, 2); }
static inline void g32(physmap_t *pm, uint64_t a, uint32_t v) { memcpy(gp(pm, a), &v, 4); }
static inline void g64(physmap_t *pm, uint64_t a, uint64_t v) { memcpy(gp(pm, a), &v, 8); }
static inline uint16_t r16(physmap_t *pm, uint64_t a) { uint16_t v; memcpy(&v, gp(pm, a), 2); return v; }
static inline uint32_t r32(physmap_t *pm, uint64_t a) { uint32_t v; memcpy(&v, gp(pm, a), 4); return v; }

/* ---- a split ring, driver side ------------------------------------------------------- */

typedef struct vring {
    physmap_t *pm;
    uint16_t num;
    uint64_t desc, avail, used;
    uint16_t avail_idx; /* next avail->idx */
    uint16_t last_used; /* used entries consumed by the driver */
} vring_t;

/* Lay out a ring of num entries at base (16-aligned) and zero it. */
static inline void vring_init(vring_t *r, physmap_t *pm, uint16_t num, uint64_t base)
{
    memset(r, 0, sizeof(*r));
    r->pm = pm;
    r->num = num;
    r->desc = base;
    r->avail = base + 16ull * num;
    r->used = (r->avail + 6 + 2ull * num + 3) & ~3ull;
    memset(gp(pm, base), 0, (size_t)(r->used + 6 + 8ull * num - base));
}

static inline void vring_desc(vring_t *r, uint16_t i, uint64_t addr, uint32_t len, uint16_t flags,
                              uint16_t next)
{
    uint64_t d = r->desc + 16ull * i;
    g64(r->pm, d, addr);
    g32(r->pm, d + 8, len);
    g16(r->pm, d + 12, flags);
    g16(r->pm, d + 14, next);
}

/* A descriptor in an indirect table at table (entry i). */
static inline void ind_desc(physmap_t *pm, uint64_t table, uint16_t i, uint64_t addr, uint32_t len,
                            uint16_t flags, uint16_t next)
{
    uint64_t d = table + 16ull * i;
    g64(pm, d, addr);
    g32(pm, d + 8, len);
    g16(pm, d + 12, flags);
    g16(pm, d + 14, next);
}

static inline void vring_publish(vring_t *r, uint16_t head)
{
    g16(r->pm, r->avail + 4 + 2ull * (r->avail_idx % r->num), head);
    r->avail_idx++;
    g16(r->pm, r->avail + 2, r->avail_idx);
}

static inline void vring_set_avail_idx(vring_t *r, uint16_t idx)
{
    r->avail_idx = idx;
    g16(r->pm, r->avail + 2, idx);
}

static inline void vring_avail_flags(vring_t *r, uint16_t f) { g16(r->pm, r->avail, f); }
static inline void vring_used_event(vring_t *r, uint16_t v) { g16(r->pm, r->avail + 4 + 2ull * r->num, v); }
static inline uint16_t vring_avail_event(vring_t *r) { return r16(r->pm, r->used + 4 + 8ull * r->num); }
static inline uint16_t vring_used_idx(vring_t *r) { return r16(r->pm, r->used + 2); }

/* Used entry number i (free-running). */
static inline void vring_used_elem(vring_t *r, uint16_t i, uint32_t *id, uint32_t *len)
{
    uint64_t e = r->used + 4 + 8ull * (i % r->num);
    *id = r32(r->pm, e);
    *len = r32(r->pm, e + 4);
}

/* ---- the transport's registers -------------------------------------------------------------- */

static inline uint32_t mr(virtio_mmio_t *t, uint64_t off)
{
    uint64_t v = 0xdeadbeef;
    virtio_mmio_read(t, off, 4, &v);
    return (uint32_t)v;
}

static inline void mw(virtio_mmio_t *t, uint64_t off, uint32_t v) { virtio_mmio_write(t, off, 4, v); }

static inline uint64_t dev_features(virtio_mmio_t *t)
{
    mw(t, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    uint64_t f = mr(t, VIRTIO_MMIO_DEVICE_FEATURES);
    mw(t, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    return f | (uint64_t)mr(t, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
}

/* §3.1.1 steps 1-6. Returns whether the device kept FEATURES_OK. */
static inline bool drv_negotiate(virtio_mmio_t *t, uint64_t accept)
{
    mw(t, VIRTIO_MMIO_STATUS, 0);
    mw(t, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
    mw(t, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    mw(t, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    mw(t, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)accept);
    mw(t, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    mw(t, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(accept >> 32));
    mw(t, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
                                  VIRTIO_STATUS_FEATURES_OK);
    return (mr(t, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK) != 0;
}

static inline void drv_queue(virtio_mmio_t *t, unsigned q, const vring_t *r)
{
    mw(t, VIRTIO_MMIO_QUEUE_SEL, q);
    mw(t, VIRTIO_MMIO_QUEUE_NUM, r->num);
    mw(t, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)r->desc);
    mw(t, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(r->desc >> 32));
    mw(t, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)r->avail);
    mw(t, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(r->avail >> 32));
    mw(t, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)r->used);
    mw(t, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(r->used >> 32));
    mw(t, VIRTIO_MMIO_QUEUE_READY, 1);
}

static inline void drv_ok(virtio_mmio_t *t)
{
    mw(t, VIRTIO_MMIO_STATUS, mr(t, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
}

static inline void drv_notify(virtio_mmio_t *t, unsigned q) { mw(t, VIRTIO_MMIO_QUEUE_NOTIFY, q); }

/* ---- an interrupt line that records its level ------------------------------------------------ */

typedef struct irq_probe {
    int level;
    int rises;
} irq_probe_t;

static inline void irq_probe_fn(void *opaque, int n, int level)
{
    (void)n;
    irq_probe_t *p = opaque;
    if (level && !p->level)
        p->rises++;
    p->level = level;
}

static inline irq_line_t irq_probe_line(irq_probe_t *p)
{
    irq_line_t l = { irq_probe_fn, p, 48 };
    return l;
}

#endif
