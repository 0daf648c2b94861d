/* test_virtio_rng.c - the virtio entropy device (virtio 1.2 §5.4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include <cmocka.h>

#include "devices/virtio/virtio_rng.h"
#include "virtio_harness.h"

#define BASE (0x0a000400ull)
#define RING (H_RAM_BASE + 0x10000)
#define BUF  (H_RAM_BASE + 0x100000)

typedef struct fx {
    physmap_t pm;
    virtio_rng_t *dev;
    virtio_mmio_t *t;
    irq_probe_t irq;
    vring_t r;
    uint8_t next; /* the fake source counts up */
    size_t asked;
    bool dry;
} fx_t;

static fx_t F;

static ssize_t counting_source(void *buf, size_t len, void *opaque)
{
    fx_t *f = opaque;
    if (f->dry)
        return -1;
    f->asked += len;
    for (size_t i = 0; i < len; i++)
        ((uint8_t *)buf)[i] = f->next++;
    return (ssize_t)len;
}

static void start(bool host_source)
{
    memset(&F, 0, sizeof(F));
    F.next = 1;
    assert_int_equal(physmap_init(&F.pm, H_RAM_BASE, H_RAM_SIZE), 0);
    virtio_rng_config_t c = {
        .pm = &F.pm, .base = BASE, .map = true, .irq = irq_probe_line(&F.irq), .quiet = true,
        .source = host_source ? NULL : counting_source, .source_opaque = &F,
    };
    F.dev = virtio_rng_create(&c);
    assert_non_null(F.dev);
    F.t = virtio_rng_transport(F.dev);
    vring_init(&F.r, &F.pm, 16, RING);
    assert_true(drv_negotiate(F.t, VIRTIO_BIT(VIRTIO_F_VERSION_1)));
    drv_queue(F.t, 0, &F.r);
    drv_ok(F.t);
}

static void stop(void)
{
    virtio_rng_destroy(F.dev);
    physmap_destroy(&F.pm);
}

static uint32_t used_len(uint16_t i)
{
    uint32_t id, len;
    vring_used_elem(&F.r, i, &id, &len);
    return len;
}

static void test_fill(void **state)
{
    (void)state;
    start(false);
    assert_int_equal(mr(F.t, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_RNG);
    /* No features beyond the transport's, no configuration space (§5.4.3-4). */
    uint64_t f = dev_features(F.t);
    assert_int_equal(f & 0xffffffull, 0);
    uint64_t v = 1;
    virtio_mmio_read(F.t, VIRTIO_MMIO_CONFIG, 4, &v);
    assert_int_equal(v, 0);

    vring_desc(&F.r, 0, BUF, 64, VIRTQ_DESC_F_WRITE, 0);
    vring_publish(&F.r, 0);
    drv_notify(F.t, 0);
    assert_int_equal(vring_used_idx(&F.r), 1);
    assert_int_equal(used_len(0), 64);
    for (int i = 0; i < 64; i++)
        assert_int_equal(gp(&F.pm, BUF)[i], (uint8_t)(1 + i));
    assert_int_equal(F.irq.level, 1);

    /* A chain of two writable buffers is filled across both. */
    vring_desc(&F.r, 1, BUF + 0x1000, 3, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 2);
    vring_desc(&F.r, 2, BUF + 0x2000, 5, VIRTQ_DESC_F_WRITE, 0);
    vring_publish(&F.r, 1);
    drv_notify(F.t, 0);
    assert_int_equal(used_len(1), 8);
    assert_int_equal(gp(&F.pm, BUF + 0x2000)[4], (uint8_t)(65 + 7));
    stop();
}

static void test_large_request_capped(void **state)
{
    (void)state;
    start(false);
    vring_desc(&F.r, 0, BUF, 1u << 20, VIRTQ_DESC_F_WRITE, 0);
    vring_publish(&F.r, 0);
    drv_notify(F.t, 0);
    /* At most VIRTIO_RNG_MAX_BYTES per request; the driver reads len. */
    assert_int_equal(used_len(0), VIRTIO_RNG_MAX_BYTES);
    assert_int_equal(F.asked, VIRTIO_RNG_MAX_BYTES);
    stop();
}

static void test_bad_buffers(void **state)
{
    (void)state;
    start(false);
    /* §5.4.6.1: device-readable buffers are not allowed: nothing given. */
    vring_desc(&F.r, 0, BUF, 16, 0, 0);
    vring_publish(&F.r, 0);
    /* Outside RAM. */
    vring_desc(&F.r, 1, H_RAM_BASE + H_RAM_SIZE - 8, 16, VIRTQ_DESC_F_WRITE, 0);
    vring_publish(&F.r, 1);
    /* Zero bytes. */
    vring_desc(&F.r, 2, BUF, 0, VIRTQ_DESC_F_WRITE, 0);
    vring_publish(&F.r, 2);
    drv_notify(F.t, 0);
    assert_int_equal(vring_used_idx(&F.r), 3);
    for (uint16_t i = 0; i < 3; i++)
        assert_int_equal(used_len(i), 0);
    assert_int_equal(F.asked, 0);
    /* The source failing: the buffer comes back empty, nothing hangs. */
    F.dry = true;
    vring_desc(&F.r, 3, BUF, 16, VIRTQ_DESC_F_WRITE, 0);
    vring_publish(&F.r, 3);
    drv_notify(F.t, 0);
    assert_int_equal(used_len(3), 0);
    /* A broken ring: the device needs a reset. */
    vring_publish(&F.r, 99);
    drv_notify(F.t, 0);
    assert_true(mr(F.t, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
    stop();
}

static void test_host_entropy(void **state)
{
    (void)state;
    start(true);
    vring_desc(&F.r, 0, BUF, 256, VIRTQ_DESC_F_WRITE, 0);
    memset(gp(&F.pm, BUF), 0, 256);
    vring_publish(&F.r, 0);
    drv_notify(F.t, 0);
    assert_int_equal(used_len(0), 256);
    int zeros = 0;
    for (int i = 0; i < 256; i++)
        zeros += gp(&F.pm, BUF)[i] == 0;
    assert_true(zeros < 32); /* 256 random bytes: ~1 zero expected */
    stop();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fill),
        cmocka_unit_test(test_large_request_capped),
        cmocka_unit_test(test_bad_buffers),
        cmocka_unit_test(test_host_entropy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
