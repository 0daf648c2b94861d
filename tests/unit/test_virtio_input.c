/* test_virtio_input.c - the virtio input device (virtio 1.2 §5.8): the
 * configuration space answers for every select/subsel, the event queue
 * delivers whole updates in order, waits for buffers, drops a whole update
 * when full, and the status queue is consumed. */
#include <linux/input-event-codes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "devices/virtio/virtio_input.h"
#include "virtio_harness.h"

#define BASE 0x0a000000ull
#define RING (H_RAM_BASE + 0x10000)
#define RING2 (H_RAM_BASE + 0x20000)
#define BUFS (H_RAM_BASE + 0x100000)
#define QNUM 16

typedef struct fx {
    physmap_t pm;
    virtio_input_t *dev;
    virtio_mmio_t *t;
    irq_probe_t irq;
    vring_t ev, st;
} fx_t;

static fx_t F;

static void start(bool keyboard, bool live)
{
    memset(&F, 0, sizeof(F));
    assert_int_equal(physmap_init(&F.pm, H_RAM_BASE, H_RAM_SIZE), 0);
    virtio_input_desc_t d;
    static const uint16_t keys[] = { KEY_A, KEY_ENTER, KEY_LEFTSHIFT, KEY_F12, KEY_MICMUTE };
    if (keyboard)
        virtio_input_keyboard_desc(&d, keys, sizeof(keys) / sizeof(keys[0]));
    else
        virtio_input_tablet_desc(&d);
    virtio_input_config_t c = {
        .pm = &F.pm, .base = BASE, .map = true, .irq = irq_probe_line(&F.irq), .quiet = true,
        .desc = &d,
    };
    F.dev = virtio_input_create(&c);
    assert_non_null(F.dev);
    F.t = virtio_input_transport(F.dev);
    if (!live)
        return;
    vring_init(&F.ev, &F.pm, QNUM, RING);
    vring_init(&F.st, &F.pm, QNUM, RING2);
    assert_true(drv_negotiate(F.t, VIRTIO_BIT(VIRTIO_F_VERSION_1)));
    drv_queue(F.t, 0, &F.ev);
    drv_queue(F.t, 1, &F.st);
    drv_ok(F.t);
    assert_true(virtio_mmio_live(F.t));
}

static void stop(void)
{
    virtio_input_destroy(F.dev);
    physmap_destroy(&F.pm);
}

/* Driver side of the config space: write select/subsel (byte writes, as
 * Linux's virtio_cwrite8 does), read size and u through the transport. */
static uint8_t cfg_select(uint8_t sel, uint8_t sub)
{
    virtio_mmio_write(F.t, VIRTIO_MMIO_CONFIG + 0, 1, sel);
    virtio_mmio_write(F.t, VIRTIO_MMIO_CONFIG + 1, 1, sub);
    uint64_t v;
    virtio_mmio_read(F.t, VIRTIO_MMIO_CONFIG + 2, 1, &v);
    return (uint8_t)v;
}

static uint8_t cfg_u8(unsigned off)
{
    uint64_t v;
    virtio_mmio_read(F.t, VIRTIO_MMIO_CONFIG + 8 + off, 1, &v);
    return (uint8_t)v;
}

static uint32_t cfg_u32(unsigned off)
{
    uint64_t v;
    virtio_mmio_read(F.t, VIRTIO_MMIO_CONFIG + 8 + off, 4, &v);
    return (uint32_t)v;
}

static bool cfg_bit(unsigned code) { return (cfg_u8(code / 8) >> (code % 8)) & 1; }

static void test_identity(void **state)
{
    (void)state;
    start(true, false);
    assert_int_equal(mr(F.t, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_INPUT);
    uint8_t n = cfg_select(VIRTIO_INPUT_CFG_ID_NAME, 0);
    assert_int_equal(n, strlen("tinyvm virtio keyboard"));
    char name[129] = { 0 };
    for (unsigned i = 0; i < n; i++)
        name[i] = (char)cfg_u8(i);
    assert_string_equal(name, "tinyvm virtio keyboard");
    assert_int_equal(cfg_u8(n), 0); /* the rest of u is zero */
    assert_int_equal(cfg_select(VIRTIO_INPUT_CFG_ID_SERIAL, 0), 1);
    assert_int_equal(cfg_u8(0), '0');
    assert_int_equal(cfg_select(VIRTIO_INPUT_CFG_ID_DEVIDS, 0), 8);
    assert_int_equal(cfg_u32(0), 0x06u | 0x0627u << 16); /* BUS_VIRTUAL, vendor */
    assert_int_equal(cfg_u32(4), 0x0001u | 0x0001u << 16); /* product, version */
    /* §5.8.5.2: size 0 for what is not supported. */
    assert_int_equal(cfg_select(VIRTIO_INPUT_CFG_ID_NAME, 1), 0);
    assert_int_equal(cfg_select(VIRTIO_INPUT_CFG_UNSET, 0), 0);
    assert_int_equal(cfg_select(0x42, 0), 0);
    assert_int_equal(cfg_select(VIRTIO_INPUT_CFG_PROP_BITS, 0), 0);
    assert_int_equal(cfg_select(VIRTIO_INPUT_CFG_ABS_INFO, ABS_X), 0); /* a keyboard */
    assert_int_equal(cfg_select(VIRTIO_INPUT_CFG_EV_BITS, EV_ABS), 0);
    assert_int_equal(cfg_select(VIRTIO_INPUT_CFG_EV_BITS, 200), 0);
    /* A driver writing size or u is ignored (§5.8.5.1). */
    cfg_select(VIRTIO_INPUT_CFG_ID_SERIAL, 0);
    virtio_mmio_write(F.t, VIRTIO_MMIO_CONFIG + 2, 1, 99);
    virtio_mmio_write(F.t, VIRTIO_MMIO_CONFIG + 8, 4, 0xffffffff);
    uint64_t v;
    virtio_mmio_read(F.t, VIRTIO_MMIO_CONFIG + 2, 1, &v);
    assert_int_equal(v, 1);
    assert_int_equal(cfg_u8(0), '0');
    /* select and subsel written together in one 16-bit access. */
    virtio_mmio_write(F.t, VIRTIO_MMIO_CONFIG, 2, VIRTIO_INPUT_CFG_EV_BITS | EV_KEY << 8);
    virtio_mmio_read(F.t, VIRTIO_MMIO_CONFIG + 2, 1, &v);
    assert_true(v > 0);
    stop();
}

static void test_keyboard_bits(void **state)
{
    (void)state;
    start(true, false);
    uint8_t n = cfg_select(VIRTIO_INPUT_CFG_EV_BITS, EV_KEY);
    assert_int_equal(n, KEY_MICMUTE / 8 + 1);
    assert_true(cfg_bit(KEY_A));
    assert_true(cfg_bit(KEY_ENTER));
    assert_true(cfg_bit(KEY_LEFTSHIFT));
    assert_true(cfg_bit(KEY_F12));
    assert_true(cfg_bit(KEY_MICMUTE));
    assert_false(cfg_bit(KEY_B));
    assert_false(cfg_bit(KEY_RESERVED));
    assert_true(cfg_select(VIRTIO_INPUT_CFG_EV_BITS, EV_REP) > 0);
    assert_true(cfg_select(VIRTIO_INPUT_CFG_EV_BITS, EV_LED) > 0);
    assert_true(cfg_bit(LED_NUML) && cfg_bit(LED_CAPSL) && cfg_bit(LED_SCROLLL));
    assert_false(cfg_bit(LED_COMPOSE));
    assert_int_equal(cfg_select(VIRTIO_INPUT_CFG_EV_BITS, EV_REL), 0);
    stop();
}

static void test_tablet_bits(void **state)
{
    (void)state;
    start(false, false);
    assert_true(cfg_select(VIRTIO_INPUT_CFG_EV_BITS, EV_ABS) > 0);
    assert_true(cfg_bit(ABS_X) && cfg_bit(ABS_Y));
    assert_false(cfg_bit(ABS_Z));
    assert_true(cfg_select(VIRTIO_INPUT_CFG_EV_BITS, EV_KEY) > 0);
    assert_true(cfg_bit(BTN_LEFT) && cfg_bit(BTN_RIGHT) && cfg_bit(BTN_MIDDLE));
    assert_false(cfg_bit(KEY_A));
    assert_true(cfg_select(VIRTIO_INPUT_CFG_EV_BITS, EV_REL) > 0);
    assert_true(cfg_bit(REL_WHEEL));
    for (unsigned axis = ABS_X; axis <= ABS_Y; axis++) {
        assert_int_equal(cfg_select(VIRTIO_INPUT_CFG_ABS_INFO, (uint8_t)axis), 20);
        assert_int_equal(cfg_u32(0), 0);                       /* min */
        assert_int_equal(cfg_u32(4), VIRTIO_INPUT_TABLET_MAX); /* max */
        assert_int_equal(cfg_u32(8), 0);                       /* fuzz */
        assert_int_equal(cfg_u32(12), 0);                      /* flat */
        assert_int_equal(cfg_u32(16), 0);                      /* res */
    }
    assert_int_equal(cfg_select(VIRTIO_INPUT_CFG_ABS_INFO, ABS_Z), 0);
    assert_int_equal(cfg_select(VIRTIO_INPUT_CFG_ABS_INFO, 255), 0);
    stop();
}

/* Post `count` 8-byte event buffers, descriptors first..first+count-1. */
static void post(uint16_t first, uint16_t count)
{
    for (uint16_t i = first; i < first + count; i++) {
        vring_desc(&F.ev, i, BUFS + 8ull * i, 8, 2 /* WRITE */, 0);
        vring_publish(&F.ev, i);
    }
    drv_notify(F.t, 0);
}

static void used_event(uint16_t i, uint16_t *type, uint16_t *code, int32_t *value)
{
    uint32_t id, len;
    vring_used_elem(&F.ev, i, &id, &len);
    assert_int_equal(len, 8);
    uint64_t a = BUFS + 8ull * id;
    *type = r16(&F.pm, a);
    *code = r16(&F.pm, a + 2);
    *value = (int32_t)r32(&F.pm, a + 4);
}

static void test_events(void **state)
{
    (void)state;
    start(true, true);
    post(0, 4);
    int rises = F.irq.rises;
    virtio_input_event_t press[2] = { { EV_KEY, KEY_A, 1 }, { EV_SYN, SYN_REPORT, 0 } };
    assert_true(virtio_input_send(F.dev, press, 2));
    assert_int_equal(vring_used_idx(&F.ev), 2);
    assert_true(F.irq.rises > rises);
    uint16_t type, code;
    int32_t value;
    used_event(0, &type, &code, &value);
    assert_int_equal(type, EV_KEY);
    assert_int_equal(code, KEY_A);
    assert_int_equal(value, 1);
    used_event(1, &type, &code, &value);
    assert_int_equal(type, EV_SYN);
    assert_int_equal(code, SYN_REPORT);

    /* Two buffers left, four events: two wait in the ring, in order. */
    virtio_input_event_t two[4] = { { EV_KEY, KEY_A, 0 }, { EV_SYN, SYN_REPORT, 0 },
                                    { EV_KEY, KEY_ENTER, 1 }, { EV_SYN, SYN_REPORT, 0 } };
    assert_true(virtio_input_send(F.dev, two, 4));
    assert_int_equal(vring_used_idx(&F.ev), 4);
    assert_int_equal(virtio_input_pending(F.dev), 2);
    post(4, 4); /* the driver refills: the waiting events arrive */
    assert_int_equal(vring_used_idx(&F.ev), 6);
    assert_int_equal(virtio_input_pending(F.dev), 0);
    used_event(4, &type, &code, &value);
    assert_int_equal(code, KEY_ENTER);
    assert_int_equal(value, 1);

    /* A negative value (a wheel step down) keeps its sign. */
    virtio_input_event_t wheel[2] = { { EV_REL, REL_WHEEL, -1 }, { EV_SYN, SYN_REPORT, 0 } };
    assert_true(virtio_input_send(F.dev, wheel, 2));
    used_event(6, &type, &code, &value);
    assert_int_equal(value, -1);
    stop();
}

static void test_full_and_dead(void **state)
{
    (void)state;
    start(true, false);
    virtio_input_event_t ev[2] = { { EV_KEY, KEY_A, 1 }, { EV_SYN, SYN_REPORT, 0 } };
    assert_false(virtio_input_send(F.dev, ev, 2)); /* no driver: nobody listens */
    stop();

    start(true, true); /* live, but the guest posts no buffers */
    size_t sent = 0;
    while (virtio_input_send(F.dev, ev, 2))
        sent += 2;
    assert_int_equal(sent, VIRTIO_INPUT_RING);
    virtio_input_event_t three[3] = { { EV_ABS, 0, 1 }, { EV_ABS, 1, 1 }, { EV_SYN, 0, 0 } };
    assert_false(virtio_input_send(F.dev, three, 3)); /* dropped whole, §5.8.6.2 */
    assert_int_equal(virtio_input_pending(F.dev), VIRTIO_INPUT_RING);
    /* A buffer too small for an event goes back empty; the event waits. */
    vring_desc(&F.ev, 0, BUFS, 4, 2, 0);
    vring_publish(&F.ev, 0);
    drv_notify(F.t, 0);
    uint32_t id, len;
    vring_used_elem(&F.ev, 0, &id, &len);
    assert_int_equal(len, 0);
    assert_int_equal(virtio_input_pending(F.dev), VIRTIO_INPUT_RING);
    /* A reset forgets them (the next driver starts clean). */
    mw(F.t, VIRTIO_MMIO_STATUS, 0);
    assert_int_equal(virtio_input_pending(F.dev), 0);
    stop();
}

static void test_statusq(void **state)
{
    (void)state;
    start(true, true);
    /* The driver reports an LED change: consumed, used length 0. */
    g16(&F.pm, BUFS, EV_LED);
    g16(&F.pm, BUFS + 2, LED_CAPSL);
    g32(&F.pm, BUFS + 4, 1);
    vring_desc(&F.st, 0, BUFS, 8, 0, 0);
    vring_publish(&F.st, 0);
    drv_notify(F.t, 1);
    assert_int_equal(vring_used_idx(&F.st), 1);
    uint32_t id, len;
    vring_used_elem(&F.st, 0, &id, &len);
    assert_int_equal(id, 0);
    assert_int_equal(len, 0);
    stop();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identity),
        cmocka_unit_test(test_keyboard_bits),
        cmocka_unit_test(test_tablet_bits),
        cmocka_unit_test(test_events),
        cmocka_unit_test(test_full_and_dead),
        cmocka_unit_test(test_statusq),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
