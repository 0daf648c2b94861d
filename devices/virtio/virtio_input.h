/* virtio_input.h - virtio input device (virtio 1.2 §5.8): a keyboard or an
 * absolute pointer (tablet) whose events come from the host window
 * (devices/display/) and reach the guest as Linux evdev events.
 *
 * Configuration space (§5.8.4): the driver writes `select` and `subsel`;
 * the device answers in `size` and `u` - the name, serial, ids, property
 * bits, the supported codes of each event type and the range of each
 * absolute axis, all taken from a virtio_input_desc_t the board fills in.
 *
 * eventq (queue 0): the driver posts 8-byte buffers; the device fills each
 * with one virtio_input_event (le16 type, le16 code, le32 value). Events the
 * guest has no buffer for yet wait in a host ring; a whole update (the
 * events up to and including EV_SYN) is accepted or - when the ring is full
 * because the guest stopped reading - dropped as a unit (§5.8.6.2).
 * statusq (queue 1): LED and similar events from the driver; consumed and
 * ignored (there are no host LEDs to light).
 */
#ifndef TINYVM_DEVICES_VIRTIO_INPUT_H
#define TINYVM_DEVICES_VIRTIO_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devices/virtio/virtio_mmio.h"

#define VIRTIO_ID_INPUT 18

/* §5.8.4 virtio_input_config_select */
#define VIRTIO_INPUT_CFG_UNSET     0x00
#define VIRTIO_INPUT_CFG_ID_NAME   0x01
#define VIRTIO_INPUT_CFG_ID_SERIAL 0x02
#define VIRTIO_INPUT_CFG_ID_DEVIDS 0x03
#define VIRTIO_INPUT_CFG_PROP_BITS 0x10
#define VIRTIO_INPUT_CFG_EV_BITS   0x11
#define VIRTIO_INPUT_CFG_ABS_INFO  0x12

#define VIRTIO_INPUT_CONFIG_SIZE 136 /* select, subsel, size, reserved[5], u[128] */
#define VIRTIO_INPUT_BITMAP_BYTES 128
#define VIRTIO_INPUT_EV_TYPES 32     /* evdev EV_CNT */
#define VIRTIO_INPUT_ABS_AXES 64     /* evdev ABS_CNT */
#define VIRTIO_INPUT_QUEUE_SIZE 64
#define VIRTIO_INPUT_RING 256        /* host-side events waiting for guest buffers */

typedef struct virtio_input_event {
    uint16_t type, code;
    int32_t value;
} virtio_input_event_t;

typedef struct virtio_input_absinfo {
    uint32_t min, max, fuzz, flat, res;
} virtio_input_absinfo_t;

/* What the device is. A bitmap of size 0 means "not supported". */
typedef struct virtio_input_desc {
    char name[VIRTIO_INPUT_BITMAP_BYTES + 1];   /* ID_NAME (at most 128 bytes shown) */
    char serial[VIRTIO_INPUT_BITMAP_BYTES + 1]; /* ID_SERIAL */
    uint16_t bustype, vendor, product, version; /* ID_DEVIDS */
    uint8_t prop_size;
    uint8_t prop_bits[VIRTIO_INPUT_BITMAP_BYTES];
    uint8_t ev_size[VIRTIO_INPUT_EV_TYPES];     /* bytes of each EV_BITS bitmap */
    uint8_t ev_bits[VIRTIO_INPUT_EV_TYPES][VIRTIO_INPUT_BITMAP_BYTES];
    bool abs_present[VIRTIO_INPUT_ABS_AXES];
    virtio_input_absinfo_t abs[VIRTIO_INPUT_ABS_AXES];
} virtio_input_desc_t;

/* Mark code supported for event type (growing that bitmap's size). */
void virtio_input_desc_set(virtio_input_desc_t *d, unsigned type, unsigned code);

/* The two devices QEMU users know. keys: the evdev key codes the host
 * keyboard can produce (n of them). The tablet reports ABS_X/ABS_Y in
 * 0..VIRTIO_INPUT_TABLET_MAX, left/right/middle buttons and the wheel. */
#define VIRTIO_INPUT_TABLET_MAX 0x7fff
void virtio_input_keyboard_desc(virtio_input_desc_t *d, const uint16_t *keys, size_t n);
void virtio_input_tablet_desc(virtio_input_desc_t *d);

typedef struct virtio_input virtio_input_t;

typedef struct virtio_input_config {
    physmap_t *pm;
    uint64_t base;
    bool map;
    irq_line_t irq;
    bool quiet;
    const virtio_input_desc_t *desc; /* copied */
} virtio_input_config_t;

virtio_input_t *virtio_input_create(const virtio_input_config_t *cfg);
void virtio_input_destroy(virtio_input_t *d);
virtio_mmio_t *virtio_input_transport(virtio_input_t *d);

/* Queue one update of n events for the guest (the caller ends it with
 * EV_SYN/SYN_REPORT). Returns false when it was dropped: the device is not
 * live (no driver: nobody would read it) or the ring is full. */
bool virtio_input_send(virtio_input_t *d, const virtio_input_event_t *ev, size_t n);

/* Events waiting in the host ring (for tests). */
size_t virtio_input_pending(const virtio_input_t *d);

/* The configuration space as the driver sees it now (for tests). */
const uint8_t *virtio_input_config_bytes(const virtio_input_t *d);

#endif
