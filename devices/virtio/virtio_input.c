/* virtio_input.c - virtio input device (virtio 1.2 §5.8). See virtio_input.h. */
#include "virtio_input.h"

#include <linux/input-event-codes.h>
#include <stdlib.h>
#include <string.h>

#define VIN_MAX_SEGS 8

struct virtio_input {
    virtio_mmio_t *t;
    virtio_input_desc_t desc;
    uint8_t config[VIRTIO_INPUT_CONFIG_SIZE];
    /* Events waiting for eventq buffers: [head, head + count) modulo the ring. */
    virtio_input_event_t ring[VIRTIO_INPUT_RING];
    size_t head, count;
    virtq_elem_t elem;
    virtq_seg_t segs[VIN_MAX_SEGS];
};

enum { CFG_SELECT = 0, CFG_SUBSEL = 1, CFG_SIZE = 2, CFG_U = 8 };

static void put_le16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

void virtio_input_desc_set(virtio_input_desc_t *d, unsigned type, unsigned code)
{
    if (type >= VIRTIO_INPUT_EV_TYPES || code >= 8 * VIRTIO_INPUT_BITMAP_BYTES)
        return;
    d->ev_bits[type][code / 8] |= (uint8_t)(1u << (code % 8));
    if (d->ev_size[type] < code / 8 + 1)
        d->ev_size[type] = (uint8_t)(code / 8 + 1);
}

/* The ids QEMU's virtio input devices report (BUS_VIRTUAL, Red Hat's
 * vendor id), so guest udev rules written for QEMU match. */
static void common_ids(virtio_input_desc_t *d, uint16_t product)
{
    d->bustype = 0x06; /* BUS_VIRTUAL (linux/input.h) */
    d->vendor = 0x0627;
    d->product = product;
    d->version = 1;
}

void virtio_input_keyboard_desc(virtio_input_desc_t *d, const uint16_t *keys, size_t n)
{
    memset(d, 0, sizeof(*d));
    strcpy(d->name, "tinyvm virtio keyboard");
    strcpy(d->serial, "0");
    common_ids(d, 0x0001);
    for (size_t i = 0; i < n; i++)
        if (keys[i])
            virtio_input_desc_set(d, EV_KEY, keys[i]);
    /* Autorepeat is the guest's job (the input core repeats while a key is
     * down), so the host sends only presses and releases. */
    d->ev_size[EV_REP] = 1;
    virtio_input_desc_set(d, EV_LED, LED_NUML);
    virtio_input_desc_set(d, EV_LED, LED_CAPSL);
    virtio_input_desc_set(d, EV_LED, LED_SCROLLL);
}

void virtio_input_tablet_desc(virtio_input_desc_t *d)
{
    memset(d, 0, sizeof(*d));
    strcpy(d->name, "tinyvm virtio tablet");
    strcpy(d->serial, "0");
    common_ids(d, 0x0003);
    virtio_input_desc_set(d, EV_KEY, BTN_LEFT);
    virtio_input_desc_set(d, EV_KEY, BTN_RIGHT);
    virtio_input_desc_set(d, EV_KEY, BTN_MIDDLE);
    virtio_input_desc_set(d, EV_REL, REL_WHEEL);
    virtio_input_desc_set(d, EV_ABS, ABS_X);
    virtio_input_desc_set(d, EV_ABS, ABS_Y);
    for (int axis = ABS_X; axis <= ABS_Y; axis++) {
        d->abs_present[axis] = true;
        d->abs[axis] = (virtio_input_absinfo_t){ .min = 0, .max = VIRTIO_INPUT_TABLET_MAX };
    }
}

/* §5.8.4: fill size and u for the current select/subsel; size 0 for a
 * combination the device does not support (§5.8.5.2). */
static void config_update(virtio_input_t *d)
{
    uint8_t sel = d->config[CFG_SELECT], sub = d->config[CFG_SUBSEL];
    uint8_t *u = d->config + CFG_U;
    const virtio_input_desc_t *ds = &d->desc;
    size_t size = 0;
    memset(u, 0, VIRTIO_INPUT_BITMAP_BYTES);
    switch (sel) {
    case VIRTIO_INPUT_CFG_ID_NAME:
    case VIRTIO_INPUT_CFG_ID_SERIAL:
        if (sub == 0) {
            const char *s = sel == VIRTIO_INPUT_CFG_ID_NAME ? ds->name : ds->serial;
            size = strnlen(s, VIRTIO_INPUT_BITMAP_BYTES); /* no NUL terminator */
            memcpy(u, s, size);
        }
        break;
    case VIRTIO_INPUT_CFG_ID_DEVIDS:
        if (sub == 0) {
            put_le16(u + 0, ds->bustype);
            put_le16(u + 2, ds->vendor);
            put_le16(u + 4, ds->product);
            put_le16(u + 6, ds->version);
            size = 8;
        }
        break;
    case VIRTIO_INPUT_CFG_PROP_BITS:
        if (sub == 0) {
            size = ds->prop_size;
            memcpy(u, ds->prop_bits, size);
        }
        break;
    case VIRTIO_INPUT_CFG_EV_BITS:
        if (sub < VIRTIO_INPUT_EV_TYPES) {
            size = ds->ev_size[sub];
            memcpy(u, ds->ev_bits[sub], size);
        }
        break;
    case VIRTIO_INPUT_CFG_ABS_INFO:
        if (sub < VIRTIO_INPUT_ABS_AXES && ds->abs_present[sub]) {
            const virtio_input_absinfo_t *a = &ds->abs[sub];
            put_le32(u + 0, a->min);
            put_le32(u + 4, a->max);
            put_le32(u + 8, a->fuzz);
            put_le32(u + 12, a->flat);
            put_le32(u + 16, a->res);
            size = 20;
        }
        break;
    default: /* VIRTIO_INPUT_CFG_UNSET and unknown selectors */
        break;
    }
    d->config[CFG_SIZE] = (uint8_t)size;
}

static void config_write(void *opaque, uint32_t offset, unsigned size, uint32_t val)
{
    virtio_input_t *d = opaque;
    /* §5.8.5.1: the driver writes only select and subsel; writes elsewhere
     * (size, reserved, u) are ignored so the answer stays the device's. */
    for (unsigned i = 0; i < size; i++) {
        uint32_t off = offset + i;
        if (off == CFG_SELECT || off == CFG_SUBSEL)
            d->config[off] = (uint8_t)(val >> (8 * i));
    }
    config_update(d);
}

/* Move waiting events into the guest's eventq buffers, one event each. */
static void flush(virtio_input_t *d)
{
    if (!virtio_mmio_live(d->t))
        return;
    virtq_t *vq = virtio_mmio_queue(d->t, 0);
    if (!vq || !vq->ready)
        return;
    bool pushed = false;
    while (d->count) {
        int rc = virtq_pop(vq, &d->elem);
        if (rc <= 0)
            break;
        if (d->elem.bad || d->elem.in_len < 8) {
            /* A buffer the event does not fit: returned empty, the event
             * waits for the next one. */
            virtq_push(vq, d->elem.head, 0);
            pushed = true;
            continue;
        }
        const virtio_input_event_t *ev = &d->ring[d->head];
        uint8_t b[8];
        put_le16(b, ev->type);
        put_le16(b + 2, ev->code);
        put_le32(b + 4, (uint32_t)ev->value);
        virtq_push(vq, d->elem.head, (uint32_t)virtq_elem_write(&d->elem, 0, b, sizeof(b)));
        pushed = true;
        d->head = (d->head + 1) % VIRTIO_INPUT_RING;
        d->count--;
    }
    if (pushed)
        virtio_mmio_notify(d->t, vq);
}

bool virtio_input_send(virtio_input_t *d, const virtio_input_event_t *ev, size_t n)
{
    if (!virtio_mmio_live(d->t) || n > VIRTIO_INPUT_RING - d->count)
        return false;
    for (size_t i = 0; i < n; i++)
        d->ring[(d->head + d->count + i) % VIRTIO_INPUT_RING] = ev[i];
    d->count += n;
    flush(d);
    return true;
}

size_t virtio_input_pending(const virtio_input_t *d)
{
    return d->count;
}

const uint8_t *virtio_input_config_bytes(const virtio_input_t *d)
{
    return d->config;
}

static void status_request(void *opaque, virtq_t *vq, virtq_elem_t *e)
{
    (void)opaque;
    virtq_push(vq, e->head, 0); /* LED state: nothing on the host to show it */
}

static void queue_notify(void *opaque, unsigned q)
{
    virtio_input_t *d = opaque;
    if (q == 0) {
        flush(d);
        return;
    }
    virtq_t *vq = virtio_mmio_queue(d->t, q);
    if (vq)
        virtio_mmio_serve_queue(d->t, vq, &d->elem, status_request, d);
}

static void reset(void *opaque)
{
    virtio_input_t *d = opaque;
    d->head = d->count = 0; /* the new driver starts from a clean state */
}

static const virtio_dev_ops_t input_ops = {
    .name = "virtio-input",
    .device_id = VIRTIO_ID_INPUT,
    .num_queues = 2,
    .queue_max_size = VIRTIO_INPUT_QUEUE_SIZE,
    .config_size = VIRTIO_INPUT_CONFIG_SIZE,
    .config_write = config_write,
    .queue_notify = queue_notify,
    .reset = reset,
};

virtio_input_t *virtio_input_create(const virtio_input_config_t *cfg)
{
    virtio_input_t *d = calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    d->desc = *cfg->desc;
    config_update(d);
    virtq_elem_init(&d->elem, d->segs, VIN_MAX_SEGS);
    virtio_mmio_config_t mc = {
        .pm = cfg->pm, .base = cfg->base, .map = cfg->map, .irq = cfg->irq,
        .ops = &input_ops, .opaque = d, .features = 0, .config = d->config, .quiet = cfg->quiet,
    };
    d->t = virtio_mmio_create(&mc);
    if (!d->t) {
        free(d);
        return NULL;
    }
    return d;
}

void virtio_input_destroy(virtio_input_t *d)
{
    if (!d)
        return;
    virtio_mmio_destroy(d->t);
    free(d);
}

virtio_mmio_t *virtio_input_transport(virtio_input_t *d)
{
    return d->t;
}
