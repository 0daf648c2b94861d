/* test_virtio_mmio.c - the virtio-mmio transport (virtio 1.2 §4.2) with a
 * dummy device type: identification, feature negotiation, the status state
 * machine and reset, queue setup, notifications, interrupts, configuration
 * space, wrong-size accesses and DEVICE_NEEDS_RESET. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "devices/virtio/virtio_mmio.h"
#include "virtio_harness.h"

#define BASE 0x0a000000ull
#define RING0 (H_RAM_BASE + 0x10000)
#define RING1 (H_RAM_BASE + 0x20000)
#define DEV_FEATURE_A 3
#define DEV_FEATURE_B 40 /* in the high word */
#define DEV_FEATURE_NEEDS_A 7

typedef struct dummy {
    virtio_mmio_t *t;
    uint8_t config[12];
    int notified[2];
    int starts, resets;
    bool refuse;
    uint32_t cw_off, cw_val;
    unsigned cw_size;
    int config_writes;
} dummy_t;

static bool d_features_ok(void *opaque, uint64_t f)
{
    dummy_t *d = opaque;
    if (d->refuse)
        return false;
    /* A dependency, like VIRTIO_NET_F_GUEST_TSO4 needing GUEST_CSUM. */
    return !((f >> DEV_FEATURE_NEEDS_A) & 1) || ((f >> DEV_FEATURE_A) & 1);
}

static void d_config_write(void *opaque, uint32_t off, unsigned size, uint32_t val)
{
    dummy_t *d = opaque;
    d->cw_off = off;
    d->cw_size = size;
    d->cw_val = val;
    d->config_writes++;
}

static void d_start(void *opaque) { ((dummy_t *)opaque)->starts++; }
static void d_reset(void *opaque) { ((dummy_t *)opaque)->resets++; }
static void d_notify(void *opaque, unsigned q) { ((dummy_t *)opaque)->notified[q]++; }

static const virtio_dev_ops_t dummy_ops = {
    .name = "virtio-dummy",
    .device_id = 42,
    .num_queues = 2,
    .queue_max_size = 64,
    .config_size = 12,
    .features_ok = d_features_ok,
    .config_write = d_config_write,
    .start = d_start,
    .queue_notify = d_notify,
    .reset = d_reset,
};

typedef struct fx {
    physmap_t pm;
    dummy_t d;
    irq_probe_t irq;
    vring_t r0, r1;
} fx_t;

static fx_t F;

static int setup(void **state)
{
    (void)state;
    memset(&F, 0, sizeof(F));
    assert_int_equal(physmap_init(&F.pm, H_RAM_BASE, H_RAM_SIZE), 0);
    for (int i = 0; i < 12; i++)
        F.d.config[i] = (uint8_t)(0x10 + i);
    virtio_mmio_config_t c = {
        .pm = &F.pm, .base = BASE, .map = true, .irq = irq_probe_line(&F.irq),
        .ops = &dummy_ops, .opaque = &F.d,
        .features = VIRTIO_BIT(DEV_FEATURE_A) | VIRTIO_BIT(DEV_FEATURE_B) | VIRTIO_BIT(DEV_FEATURE_NEEDS_A),
        .config = F.d.config, .quiet = true,
    };
    F.d.t = virtio_mmio_create(&c);
    assert_non_null(F.d.t);
    vring_init(&F.r0, &F.pm, 16, RING0);
    vring_init(&F.r1, &F.pm, 64, RING1);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    virtio_mmio_destroy(F.d.t);
    physmap_destroy(&F.pm);
    return 0;
}

static const uint64_t V1 = VIRTIO_BIT(VIRTIO_F_VERSION_1);

/* A full, correct initialisation with both queues live. */
static void bring_up(uint64_t features)
{
    virtio_mmio_t *t = F.d.t;
    assert_true(drv_negotiate(t, features));
    drv_queue(t, 0, &F.r0);
    drv_queue(t, 1, &F.r1);
    drv_ok(t);
    assert_true(virtio_mmio_live(t));
}

/* ---- identification ---------------------------------------------------------------------- */

static void test_ident(void **state)
{
    (void)state;
    virtio_mmio_t *t = F.d.t;
    assert_int_equal(mr(t, VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
    assert_int_equal(mr(t, VIRTIO_MMIO_VERSION), 2);
    assert_int_equal(mr(t, VIRTIO_MMIO_DEVICE_ID), 42);
    assert_int_equal(mr(t, VIRTIO_MMIO_VENDOR_ID), VIRTIO_MMIO_VENDOR_TINYVM);
    /* Through the physical address map, as the CPU sees it. */
    uint64_t v = 0;
    assert_int_equal(physmap_read(&F.pm, BASE, 4, &v), MEM_OK);
    assert_int_equal(v, 0x74726976);
    /* No shared memory regions: -1 (§4.2.2). */
    assert_int_equal(mr(t, VIRTIO_MMIO_SHM_LEN_LOW), 0xffffffffu);
    assert_int_equal(mr(t, VIRTIO_MMIO_SHM_BASE_HIGH), 0xffffffffu);
    assert_int_equal(mr(t, VIRTIO_MMIO_QUEUE_RESET), 0);
    /* Write-only registers read as 0. */
    assert_int_equal(mr(t, VIRTIO_MMIO_QUEUE_NOTIFY), 0);
    assert_int_equal(mr(t, VIRTIO_MMIO_DRIVER_FEATURES), 0);
}

static void test_features_offered(void **state)
{
    (void)state;
    uint64_t f = dev_features(F.d.t);
    assert_true(f & V1);
    assert_true(f & VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC));
    assert_true(f & VIRTIO_BIT(VIRTIO_F_EVENT_IDX));
    assert_true(f & VIRTIO_BIT(DEV_FEATURE_A));
    assert_true(f & VIRTIO_BIT(DEV_FEATURE_B));
    assert_false(f & VIRTIO_BIT(VIRTIO_F_RING_PACKED));
    mw(F.d.t, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 2);
    assert_int_equal(mr(F.d.t, VIRTIO_MMIO_DEVICE_FEATURES), 0);
}

/* ---- negotiation ---------------------------------------------------------------------------- */

static void test_negotiation(void **state)
{
    (void)state;
    virtio_mmio_t *t = F.d.t;
    uint64_t good = V1 | VIRTIO_BIT(DEV_FEATURE_A) | VIRTIO_BIT(DEV_FEATURE_B) |
                    VIRTIO_BIT(VIRTIO_F_EVENT_IDX);
    assert_true(drv_negotiate(t, good));
    assert_int_equal(virtio_mmio_features(t), good);
    assert_true(virtio_mmio_has(t, DEV_FEATURE_B));
    /* Features are fixed after FEATURES_OK. */
    mw(t, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    mw(t, VIRTIO_MMIO_DRIVER_FEATURES, 0);
    assert_int_equal(virtio_mmio_features(t), good);

    /* Refused: a feature never offered, no VERSION_1, a missing dependency,
     * the device's own veto. FEATURES_OK then reads back clear (§3.1.1). */
    assert_false(drv_negotiate(t, V1 | VIRTIO_BIT(5)));
    assert_int_equal(virtio_mmio_features(t), 0);
    assert_false(drv_negotiate(t, VIRTIO_BIT(DEV_FEATURE_A)));
    assert_false(drv_negotiate(t, V1 | VIRTIO_BIT(DEV_FEATURE_NEEDS_A)));
    assert_true(drv_negotiate(t, V1 | VIRTIO_BIT(DEV_FEATURE_NEEDS_A) | VIRTIO_BIT(DEV_FEATURE_A)));
    F.d.refuse = true;
    assert_false(drv_negotiate(t, V1));
    F.d.refuse = false;
    assert_string_not_equal(virtio_mmio_last_error(t), "");
    /* A refused driver cannot go live. */
    drv_negotiate(t, 0);
    drv_ok(t);
    assert_false(virtio_mmio_live(t));
    assert_true(mr(t, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
}

static void test_status_machine(void **state)
{
    (void)state;
    virtio_mmio_t *t = F.d.t;
    int resets = F.d.resets;
    mw(t, VIRTIO_MMIO_STATUS, 0);
    assert_int_equal(F.d.resets, resets + 1);
    assert_int_equal(mr(t, VIRTIO_MMIO_STATUS), 0);
    mw(t, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
    mw(t, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_DRIVER); /* tries to clear ACKNOWLEDGE */
    assert_int_equal(mr(t, VIRTIO_MMIO_STATUS), VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    /* The driver cannot set DEVICE_NEEDS_RESET itself. */
    mw(t, VIRTIO_MMIO_STATUS, 0xff & ~VIRTIO_STATUS_FAILED & ~VIRTIO_STATUS_FEATURES_OK &
                                  ~VIRTIO_STATUS_DRIVER_OK);
    assert_false(mr(t, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
    /* FAILED stops the device from being live. */
    bring_up(V1);
    mw(t, VIRTIO_MMIO_STATUS, mr(t, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_FAILED);
    assert_false(virtio_mmio_live(t));
    /* Reset: everything back to zero. */
    bring_up(V1);
    mw(t, VIRTIO_MMIO_STATUS, 0);
    assert_int_equal(mr(t, VIRTIO_MMIO_STATUS), 0);
    assert_int_equal(virtio_mmio_features(t), 0);
    for (unsigned q = 0; q < 2; q++) {
        mw(t, VIRTIO_MMIO_QUEUE_SEL, q);
        assert_int_equal(mr(t, VIRTIO_MMIO_QUEUE_READY), 0);
    }
    assert_false(virtio_mmio_queue(t, 0)->ready);
}

/* ---- queues ------------------------------------------------------------------------------------- */

static void test_queue_setup(void **state)
{
    (void)state;
    virtio_mmio_t *t = F.d.t;
    assert_true(drv_negotiate(t, V1));
    mw(t, VIRTIO_MMIO_QUEUE_SEL, 0);
    assert_int_equal(mr(t, VIRTIO_MMIO_QUEUE_NUM_MAX), 64);
    assert_int_equal(mr(t, VIRTIO_MMIO_QUEUE_READY), 0);
    mw(t, VIRTIO_MMIO_QUEUE_SEL, 2); /* no such queue */
    assert_int_equal(mr(t, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
    mw(t, VIRTIO_MMIO_QUEUE_READY, 1); /* ignored */
    assert_int_equal(mr(t, VIRTIO_MMIO_QUEUE_READY), 0);

    drv_queue(t, 0, &F.r0);
    mw(t, VIRTIO_MMIO_QUEUE_SEL, 0);
    assert_int_equal(mr(t, VIRTIO_MMIO_QUEUE_READY), 1);
    virtq_t *vq = virtio_mmio_queue(t, 0);
    assert_int_equal(vq->num, 16);
    assert_int_equal(vq->used_addr, F.r0.used);
    /* §4.2.2.2: size and addresses cannot change while the queue is ready. */
    mw(t, VIRTIO_MMIO_QUEUE_NUM, 8);
    mw(t, VIRTIO_MMIO_QUEUE_DESC_LOW, 0x1000);
    assert_int_equal(vq->num, 16);
    assert_int_equal(vq->desc_addr, F.r0.desc);
    /* Writing 0 to QueueReady stops the queue; then it can be rewritten. */
    mw(t, VIRTIO_MMIO_QUEUE_READY, 0);
    assert_int_equal(mr(t, VIRTIO_MMIO_QUEUE_READY), 0);
    mw(t, VIRTIO_MMIO_QUEUE_NUM, 8);
    assert_int_equal(vq->num, 8);
    assert_false(mr(t, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
}

static void test_queue_bad_config(void **state)
{
    (void)state;
    virtio_mmio_t *t = F.d.t;
    const struct { uint32_t num; uint64_t desc; } cases[] = {
        { 12, RING0 },            /* not a power of 2 */
        { 128, RING0 },           /* above QueueNumMax */
        { 0, RING0 },
        { 16, RING0 + 4 },        /* misaligned descriptor table */
        { 16, 0x08000000 },       /* the GIC, not RAM */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_true(drv_negotiate(t, V1));
        vring_t r = F.r0;
        r.num = (uint16_t)cases[i].num;
        r.desc = cases[i].desc;
        drv_queue(t, 0, &r);
        mw(t, VIRTIO_MMIO_QUEUE_SEL, 0);
        assert_int_equal(mr(t, VIRTIO_MMIO_QUEUE_READY), 0);
        assert_true(mr(t, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
        /* Not live yet: no configuration interrupt (§2.1.2 asks for one
         * only once DRIVER_OK is set). */
        assert_int_equal(mr(t, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
        /* ... and it comes with DRIVER_OK. */
        drv_ok(t);
        assert_false(virtio_mmio_live(t));
        assert_int_equal(mr(t, VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_CONFIG);
        assert_int_equal(F.irq.level, 1);
    }
    /* A reset clears DEVICE_NEEDS_RESET and the device works again. */
    bring_up(V1);
    assert_false(mr(t, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
}

static void test_notify(void **state)
{
    (void)state;
    virtio_mmio_t *t = F.d.t;
    memset(F.d.notified, 0, sizeof(F.d.notified));
    assert_true(drv_negotiate(t, V1));
    drv_queue(t, 0, &F.r0);
    /* Before DRIVER_OK a notification is remembered only by the ring. */
    drv_notify(t, 0);
    assert_int_equal(F.d.notified[0], 0);
    int starts = F.d.starts;
    drv_ok(t);
    assert_int_equal(F.d.starts, starts + 1);
    assert_int_equal(F.d.notified[0], 1); /* go-live looks at ready queues */
    drv_notify(t, 0);
    assert_int_equal(F.d.notified[0], 2);
    /* Unready queue, nonexistent queue: ignored. */
    drv_notify(t, 1);
    drv_notify(t, 7);
    drv_notify(t, 0xffffffff);
    assert_int_equal(F.d.notified[1], 0);
    assert_false(mr(t, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
    /* A queue enabled after DRIVER_OK is looked at at once. */
    drv_queue(t, 1, &F.r1);
    assert_int_equal(F.d.notified[1], 1);
}

/* ---- interrupts ---------------------------------------------------------------------------------- */

static void test_interrupts(void **state)
{
    (void)state;
    virtio_mmio_t *t = F.d.t;
    bring_up(V1);
    assert_int_equal(F.irq.level, 0);
    virtq_t *vq = virtio_mmio_queue(t, 0);
    virtq_push(vq, 0, 0);
    virtio_mmio_notify(t, vq);
    assert_int_equal(mr(t, VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_VRING);
    assert_int_equal(F.irq.level, 1);
    int rises = F.irq.rises;
    /* Another used buffer while the line is high: still one level. */
    virtq_push(vq, 0, 0);
    virtio_mmio_notify(t, vq);
    assert_int_equal(F.irq.rises, rises);
    /* InterruptStatus is read-only. */
    mw(t, VIRTIO_MMIO_INTERRUPT_STATUS, 0);
    assert_int_equal(mr(t, VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_VRING);
    mw(t, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
    assert_int_equal(mr(t, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
    assert_int_equal(F.irq.level, 0);
    /* The driver suppressed notifications: no interrupt. */
    vring_avail_flags(&F.r0, VIRTQ_AVAIL_F_NO_INTERRUPT);
    virtq_push(vq, 0, 0);
    virtio_mmio_notify(t, vq);
    assert_int_equal(F.irq.level, 0);
    vring_avail_flags(&F.r0, 0);

    /* Configuration change: generation moves, bit 1 raised. */
    uint32_t gen = mr(t, VIRTIO_MMIO_CONFIG_GENERATION);
    virtio_mmio_config_changed(t);
    assert_int_not_equal(mr(t, VIRTIO_MMIO_CONFIG_GENERATION), gen);
    assert_int_equal(mr(t, VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_CONFIG);
    assert_int_equal(F.irq.level, 1);
    /* Acknowledging an event that did not happen changes nothing else. */
    mw(t, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
    assert_int_equal(F.irq.level, 1);
    mw(t, VIRTIO_MMIO_INTERRUPT_ACK, 0xffffffff);
    assert_int_equal(F.irq.level, 0);
    /* Reset lowers the line. */
    virtio_mmio_config_changed(t);
    mw(t, VIRTIO_MMIO_STATUS, 0);
    assert_int_equal(F.irq.level, 0);
    assert_int_equal(mr(t, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
}

static void test_needs_reset_when_live(void **state)
{
    (void)state;
    virtio_mmio_t *t = F.d.t;
    bring_up(V1);
    /* A broken ring: the queue's error hook makes the device need a reset
     * and raises a configuration change interrupt (§2.1.2). */
    virtq_t *vq = virtio_mmio_queue(t, 0);
    vring_set_avail_idx(&F.r0, 100);
    virtq_elem_t e;
    virtq_seg_t segs[4];
    virtq_elem_init(&e, segs, 4);
    assert_int_equal(virtq_pop(vq, &e), -1);
    assert_true(mr(t, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
    assert_int_equal(mr(t, VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_CONFIG);
    assert_int_equal(F.irq.level, 1);
    assert_false(virtio_mmio_live(t));
    assert_non_null(strstr(virtio_mmio_last_error(t), "available index"));
    /* Notifications are not passed on any more. */
    int n = F.d.notified[0];
    drv_notify(t, 0);
    assert_int_equal(F.d.notified[0], n);
    /* The driver's status writes cannot clear it; a reset does. */
    mw(t, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_DRIVER_OK);
    assert_true(mr(t, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
    vring_init(&F.r0, &F.pm, 16, RING0);
    bring_up(V1);
    assert_int_equal(F.irq.level, 0);
}

/* ---- register access sizes and the configuration space ------------------------------------------ */

static void test_register_sizes(void **state)
{
    (void)state;
    virtio_mmio_t *t = F.d.t;
    uint64_t v = 1;
    /* §4.2.2.2: 32-bit aligned only. Anything else reads 0, writes nothing. */
    assert_int_equal(virtio_mmio_read(t, VIRTIO_MMIO_MAGIC_VALUE, 1, &v), MEM_OK);
    assert_int_equal(v, 0);
    assert_int_equal(virtio_mmio_read(t, VIRTIO_MMIO_MAGIC_VALUE, 8, &v), MEM_OK);
    assert_int_equal(v, 0);
    assert_int_equal(virtio_mmio_read(t, VIRTIO_MMIO_VERSION + 2, 2, &v), MEM_OK);
    assert_int_equal(v, 0);
    assert_int_equal(virtio_mmio_read(t, VIRTIO_MMIO_VERSION + 1, 4, &v), MEM_OK);
    assert_int_equal(v, 0);
    mw(t, VIRTIO_MMIO_STATUS, 0);
    assert_int_equal(virtio_mmio_write(t, VIRTIO_MMIO_STATUS, 1, VIRTIO_STATUS_ACKNOWLEDGE), MEM_OK);
    assert_int_equal(virtio_mmio_write(t, VIRTIO_MMIO_STATUS, 8, VIRTIO_STATUS_ACKNOWLEDGE), MEM_OK);
    assert_int_equal(mr(t, VIRTIO_MMIO_STATUS), 0);
    /* Through physmap too (the CPU's path): never an abort. */
    assert_int_equal(physmap_write(&F.pm, BASE + VIRTIO_MMIO_STATUS, 2, 1), MEM_OK);
    assert_int_equal(mr(t, VIRTIO_MMIO_STATUS), 0);
    /* Reserved offsets. */
    assert_int_equal(mr(t, 0x0f0), 0);
    mw(t, 0x0f0, 0x1234);
}

static void test_config_space(void **state)
{
    (void)state;
    virtio_mmio_t *t = F.d.t;
    uint64_t v;
    assert_int_equal(virtio_mmio_read(t, VIRTIO_MMIO_CONFIG + 0, 1, &v), MEM_OK);
    assert_int_equal(v, 0x10);
    virtio_mmio_read(t, VIRTIO_MMIO_CONFIG + 2, 2, &v);
    assert_int_equal(v, 0x1312);
    virtio_mmio_read(t, VIRTIO_MMIO_CONFIG + 8, 4, &v);
    assert_int_equal(v, 0x1b1a1918);
    /* Misaligned and 64-bit reads: 0. Past the end: 0. */
    v = 1;
    virtio_mmio_read(t, VIRTIO_MMIO_CONFIG + 1, 2, &v);
    assert_int_equal(v, 0);
    virtio_mmio_read(t, VIRTIO_MMIO_CONFIG + 2, 4, &v);
    assert_int_equal(v, 0);
    virtio_mmio_read(t, VIRTIO_MMIO_CONFIG, 8, &v);
    assert_int_equal(v, 0);
    virtio_mmio_read(t, VIRTIO_MMIO_CONFIG + 12, 4, &v);
    assert_int_equal(v, 0);
    virtio_mmio_read(t, VIRTIO_MMIO_CONFIG + 0xfc, 4, &v);
    assert_int_equal(v, 0);
    /* Writes: only well-formed ones inside the space reach the device. */
    F.d.config_writes = 0;
    virtio_mmio_write(t, VIRTIO_MMIO_CONFIG + 4, 4, 0xcafef00d);
    assert_int_equal(F.d.config_writes, 1);
    assert_int_equal(F.d.cw_off, 4);
    assert_int_equal(F.d.cw_size, 4);
    assert_int_equal(F.d.cw_val, 0xcafef00d);
    virtio_mmio_write(t, VIRTIO_MMIO_CONFIG + 1, 1, 7);
    assert_int_equal(F.d.config_writes, 2);
    virtio_mmio_write(t, VIRTIO_MMIO_CONFIG + 1, 2, 7);  /* misaligned */
    virtio_mmio_write(t, VIRTIO_MMIO_CONFIG + 0, 8, 7);  /* 64-bit */
    virtio_mmio_write(t, VIRTIO_MMIO_CONFIG + 10, 4, 7); /* crosses the end */
    virtio_mmio_write(t, VIRTIO_MMIO_CONFIG + 60, 4, 7); /* past the end */
    assert_int_equal(F.d.config_writes, 2);
    assert_non_null(strstr(virtio_mmio_last_error(t), "configuration space write"));
}

static void test_create_rejects_bad_ops(void **state)
{
    (void)state;
    virtio_dev_ops_t ops = dummy_ops;
    virtio_mmio_config_t c = { .pm = &F.pm, .base = 0x0a001000, .ops = &ops, .config = F.d.config };
    ops.num_queues = 0;
    assert_null(virtio_mmio_create(&c));
    ops.num_queues = VIRTIO_MMIO_MAX_QUEUES + 1;
    assert_null(virtio_mmio_create(&c));
    ops.num_queues = 1;
    ops.queue_max_size = 100;
    assert_null(virtio_mmio_create(&c));
    ops.queue_max_size = 64;
    ops.config_size = 0x101;
    assert_null(virtio_mmio_create(&c));
    ops.config_size = 12;
    c.map = true;
    c.base = BASE; /* overlaps the device already mapped */
    assert_null(virtio_mmio_create(&c));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ident, setup, teardown),
        cmocka_unit_test_setup_teardown(test_features_offered, setup, teardown),
        cmocka_unit_test_setup_teardown(test_negotiation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_status_machine, setup, teardown),
        cmocka_unit_test_setup_teardown(test_queue_setup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_queue_bad_config, setup, teardown),
        cmocka_unit_test_setup_teardown(test_notify, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interrupts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_needs_reset_when_live, setup, teardown),
        cmocka_unit_test_setup_teardown(test_register_sizes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config_space, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_rejects_bad_ops, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
