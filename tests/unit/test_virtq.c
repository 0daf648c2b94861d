/* test_virtq.c - the split virtqueue walker (devices/virtio/virtq.c) with
 * well-formed and malicious rings: every check of virtio 1.2 §2.7 the device
 * side makes, and what each broken ring leads to. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "devices/virtio/virtq.h"
#include "virtio_harness.h"

#define RING   (H_RAM_BASE + 0x1000)
#define BUF    (H_RAM_BASE + 0x100000)
#define TABLE  (H_RAM_BASE + 0x80000)
#define CAP    64

typedef struct fx {
    physmap_t pm;
    vring_t r;
    virtq_t vq;
    virtq_elem_t e;
    virtq_seg_t segs[CAP];
    int errors;
    int code_writes;
} fx_t;

static void on_error(void *opaque, virtq_t *vq)
{
    (void)vq;
    ((fx_t *)opaque)->errors++;
}

static void code_hook(void *opaque, uint64_t paddr, uint64_t len)
{
    (void)paddr;
    (void)len;
    ((fx_t *)opaque)->code_writes++;
}

static fx_t *fx_new(uint16_t num, uint16_t max, bool indirect, bool event_idx)
{
    static fx_t f;
    physmap_destroy(&f.pm);
    memset(&f, 0, sizeof(f));
    assert_int_equal(physmap_init(&f.pm, H_RAM_BASE, H_RAM_SIZE), 0);
    f.pm.code_write_hook = code_hook;
    f.pm.code_write_opaque = &f;
    vring_init(&f.r, &f.pm, num, RING);
    virtq_init(&f.vq, &f.pm, 0, max);
    f.vq.on_error = on_error;
    f.vq.error_opaque = &f;
    f.vq.num = num;
    f.vq.desc_addr = f.r.desc;
    f.vq.avail_addr = f.r.avail;
    f.vq.used_addr = f.r.used;
    assert_int_equal(virtq_enable(&f.vq, indirect, event_idx), VIRTQ_ERR_NONE);
    virtq_elem_init(&f.e, f.segs, CAP);
    return &f;
}

static int teardown(void **state)
{
    (void)state;
    fx_t *f = fx_new(4, 4, false, false);
    physmap_destroy(&f->pm);
    return 0;
}

/* The queue broke for reason err: pop said -1, the hook ran, it stays broken. */
static void assert_broken(fx_t *f, int rc, virtq_err_t err)
{
    assert_int_equal(rc, -1);
    assert_true(f->vq.broken);
    assert_int_equal(f->vq.err, err);
    assert_int_equal(f->errors, 1);
    assert_string_not_equal(virtq_strerror(err), "unknown error");
    assert_int_equal(virtq_pop(&f->vq, &f->e), 0); /* no more work from a broken queue */
    assert_false(virtq_arm_notify(&f->vq));
}

/* ---- well-formed rings ------------------------------------------------------------------ */

static void test_empty(void **state)
{
    (void)state;
    fx_t *f = fx_new(8, 256, false, false);
    assert_int_equal(virtq_pop(&f->vq, &f->e), 0);
    assert_false(virtq_has_avail(&f->vq));
}

static void test_simple_chain(void **state)
{
    (void)state;
    fx_t *f = fx_new(8, 256, false, false);
    /* out 16 + out 512 + in 1: a virtio-blk write's shape */
    vring_desc(&f->r, 3, BUF, 16, VIRTQ_DESC_F_NEXT, 5);
    vring_desc(&f->r, 5, BUF + 0x100, 512, VIRTQ_DESC_F_NEXT, 0);
    vring_desc(&f->r, 0, BUF + 0x1000, 1, VIRTQ_DESC_F_WRITE, 7 /* ignored: no NEXT */);
    vring_publish(&f->r, 3);
    assert_true(virtq_has_avail(&f->vq));
    assert_int_equal(virtq_pop(&f->vq, &f->e), 1);
    assert_int_equal(f->e.head, 3);
    assert_int_equal(f->e.bad, 0);
    assert_int_equal(f->e.nout, 2);
    assert_int_equal(f->e.nin, 1);
    assert_int_equal(f->e.out_len, 528);
    assert_int_equal(f->e.in_len, 1);
    assert_ptr_equal(f->e.seg[1].host, gp(&f->pm, BUF + 0x100));
    assert_true(f->e.seg[2].write);
    assert_int_equal(virtq_pop(&f->vq, &f->e), 0);

    int before = f->code_writes;
    virtq_push(&f->vq, 3, 1);
    assert_true(f->code_writes > before); /* the CPU hears about used-ring writes */
    assert_int_equal(vring_used_idx(&f->r), 1);
    uint32_t id, len;
    vring_used_elem(&f->r, 0, &id, &len);
    assert_int_equal(id, 3);
    assert_int_equal(len, 1);
}

static void test_zero_length_skipped(void **state)
{
    (void)state;
    fx_t *f = fx_new(8, 256, false, false);
    /* A zero-length descriptor carries nothing: its (bogus) address is never used. */
    vring_desc(&f->r, 0, 0xdead0000ull, 0, VIRTQ_DESC_F_NEXT, 1);
    vring_desc(&f->r, 1, BUF, 8, VIRTQ_DESC_F_NEXT, 2);
    vring_desc(&f->r, 2, 0xffffffffffffffffull, 0, VIRTQ_DESC_F_WRITE, 0);
    vring_publish(&f->r, 0);
    assert_int_equal(virtq_pop(&f->vq, &f->e), 1);
    assert_int_equal(f->e.bad, 0);
    assert_int_equal(f->e.nout, 1);
    assert_int_equal(f->e.nin, 0);
    assert_int_equal(f->e.out_len, 8);
}

static void test_many_in_flight_and_wrap(void **state)
{
    (void)state;
    fx_t *f = fx_new(4, 4, false, false);
    /* Start near the 16-bit wrap of the indices (§2.7.6: free-running). */
    f->vq.last_avail = 65534;
    f->vq.used_idx = 65534;
    f->vq.signalled_used = 65534;
    f->r.avail_idx = 65534;
    g16(&f->pm, f->r.used + 2, 65534);
    for (uint16_t i = 0; i < 4; i++) {
        vring_desc(&f->r, i, BUF + 0x100u * i, 4, VIRTQ_DESC_F_WRITE, 0);
        vring_publish(&f->r, i);
    }
    assert_int_equal(f->r.avail_idx, 2); /* wrapped */
    for (uint16_t i = 0; i < 4; i++) {
        assert_int_equal(virtq_pop(&f->vq, &f->e), 1);
        assert_int_equal(f->e.head, i);
        virtq_push(&f->vq, f->e.head, 4);
    }
    assert_int_equal(virtq_pop(&f->vq, &f->e), 0);
    assert_int_equal(vring_used_idx(&f->r), 2);
    assert_int_equal(f->errors, 0);
}

static void test_unpop(void **state)
{
    (void)state;
    fx_t *f = fx_new(8, 256, false, false);
    for (uint16_t i = 0; i < 3; i++) {
        vring_desc(&f->r, i, BUF, 4, VIRTQ_DESC_F_WRITE, 0);
        vring_publish(&f->r, i);
    }
    assert_int_equal(virtq_pop(&f->vq, &f->e), 1);
    assert_int_equal(virtq_pop(&f->vq, &f->e), 1);
    virtq_unpop(&f->vq, 2);
    assert_int_equal(virtq_pop(&f->vq, &f->e), 1);
    assert_int_equal(f->e.head, 0);
}

static void test_max_queue_size(void **state)
{
    (void)state;
    /* 32768 entries is the architectural maximum (§2.7). */
    fx_t *f = fx_new(32768, 32768, false, false);
    vring_desc(&f->r, 32767, BUF, 4, 0, 0);
    vring_publish(&f->r, 32767);
    assert_int_equal(virtq_pop(&f->vq, &f->e), 1);
    assert_int_equal(f->e.head, 32767);
}

/* ---- indirect descriptors ----------------------------------------------------------------- */

static void test_indirect(void **state)
{
    (void)state;
    fx_t *f = fx_new(8, 256, true, false);
    ind_desc(&f->pm, TABLE, 0, BUF, 16, VIRTQ_DESC_F_NEXT, 2);
    ind_desc(&f->pm, TABLE, 2, BUF + 0x200, 4096, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 1);
    ind_desc(&f->pm, TABLE, 1, BUF + 0x2000, 1, VIRTQ_DESC_F_WRITE, 0);
    /* The WRITE flag on the descriptor naming the table is ignored (§2.7.5.3.2). */
    vring_desc(&f->r, 6, TABLE, 3 * 16, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_WRITE, 0);
    vring_publish(&f->r, 6);
    assert_int_equal(virtq_pop(&f->vq, &f->e), 1);
    assert_int_equal(f->e.head, 6);
    assert_int_equal(f->e.bad, 0);
    assert_int_equal(f->e.nout, 1);
    assert_int_equal(f->e.nin, 2);
    assert_int_equal(f->e.in_len, 4097);
}

static void test_direct_then_indirect(void **state)
{
    (void)state;
    fx_t *f = fx_new(8, 256, true, false);
    /* §2.7.5.3.2: zero or more direct descriptors, then one indirect one. */
    vring_desc(&f->r, 0, BUF, 16, VIRTQ_DESC_F_NEXT, 1);
    vring_desc(&f->r, 1, TABLE, 32, VIRTQ_DESC_F_INDIRECT, 0);
    ind_desc(&f->pm, TABLE, 0, BUF + 0x100, 512, VIRTQ_DESC_F_NEXT, 1);
    ind_desc(&f->pm, TABLE, 1, BUF + 0x400, 1, VIRTQ_DESC_F_WRITE, 0);
    vring_publish(&f->r, 0);
    assert_int_equal(virtq_pop(&f->vq, &f->e), 1);
    assert_int_equal(f->e.nout, 2);
    assert_int_equal(f->e.nin, 1);
    assert_int_equal(f->e.out_len, 528);
}

static void test_indirect_unaligned_table_accepted(void **state)
{
    (void)state;
    fx_t *f = fx_new(8, 256, true, false);
    /* No alignment rule exists for indirect tables; Linux's kmalloc may
     * give 8-byte alignment. An odd address is read safely too. */
    uint64_t t = TABLE + 3;
    ind_desc(&f->pm, t, 0, BUF, 8, 0, 0);
    vring_desc(&f->r, 0, t, 16, VIRTQ_DESC_F_INDIRECT, 0);
    vring_publish(&f->r, 0);
    assert_int_equal(virtq_pop(&f->vq, &f->e), 1);
    assert_int_equal(f->e.out_len, 8);
}

static void test_indirect_errors(void **state)
{
    (void)state;
    struct {
        bool negotiated;
        uint64_t addr;
        uint32_t len;
        uint16_t flags;
        uint16_t inner_flags; /* of the table's entry 0 */
        virtq_err_t want;
    } cases[] = {
        { false, TABLE, 16, VIRTQ_DESC_F_INDIRECT, 0, VIRTQ_ERR_INDIRECT_FEATURE },
        { true, TABLE, 16, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_NEXT, 0, VIRTQ_ERR_INDIRECT_NEXT },
        { true, TABLE, 0, VIRTQ_DESC_F_INDIRECT, 0, VIRTQ_ERR_INDIRECT_LEN },
        { true, TABLE, 17, VIRTQ_DESC_F_INDIRECT, 0, VIRTQ_ERR_INDIRECT_LEN },
        { true, TABLE, 24, VIRTQ_DESC_F_INDIRECT, 0, VIRTQ_ERR_INDIRECT_LEN },
        { true, TABLE, 16 * (VIRTQ_MAX_INDIRECT + 1), VIRTQ_DESC_F_INDIRECT, 0,
          VIRTQ_ERR_INDIRECT_SIZE },
        { true, H_RAM_BASE + H_RAM_SIZE - 16, 32, VIRTQ_DESC_F_INDIRECT, 0,
          VIRTQ_ERR_INDIRECT_ADDR },
        { true, 0x09000000, 16, VIRTQ_DESC_F_INDIRECT, 0, VIRTQ_ERR_INDIRECT_ADDR }, /* the UART */
        { true, 0xfffffffffffffff0ull, 32, VIRTQ_DESC_F_INDIRECT, 0, VIRTQ_ERR_INDIRECT_ADDR },
        { true, TABLE, 16, VIRTQ_DESC_F_INDIRECT, VIRTQ_DESC_F_INDIRECT, VIRTQ_ERR_INDIRECT_NESTED },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        fx_t *f = fx_new(8, 256, cases[i].negotiated, false);
        ind_desc(&f->pm, TABLE, 0, TABLE, 16, cases[i].inner_flags, 0);
        vring_desc(&f->r, 2, cases[i].addr, cases[i].len, cases[i].flags, 3);
        vring_desc(&f->r, 3, BUF, 1, VIRTQ_DESC_F_WRITE, 0);
        vring_publish(&f->r, 2);
        assert_broken(f, virtq_pop(&f->vq, &f->e), cases[i].want);
    }
}

static void test_indirect_max_size_ok(void **state)
{
    (void)state;
    fx_t *f = fx_new(8, 256, true, false);
    /* A full table of VIRTQ_MAX_INDIRECT entries is fine for the walker;
     * this element only holds CAP segments, so it is flagged, not fatal. */
    for (uint16_t i = 0; i < VIRTQ_MAX_INDIRECT; i++)
        ind_desc(&f->pm, TABLE, i, BUF, 1, i + 1 < VIRTQ_MAX_INDIRECT ? VIRTQ_DESC_F_NEXT : 0, i + 1);
    vring_desc(&f->r, 0, TABLE, 16 * VIRTQ_MAX_INDIRECT, VIRTQ_DESC_F_INDIRECT, 0);
    vring_publish(&f->r, 0);
    assert_int_equal(virtq_pop(&f->vq, &f->e), 1);
    assert_true(f->e.bad & VIRTQ_BAD_TOO_MANY);
    assert_int_equal(f->e.out_len, VIRTQ_MAX_INDIRECT);
    assert_int_equal(f->errors, 0);
}

static void test_indirect_loop(void **state)
{
    (void)state;
    fx_t *f = fx_new(8, 256, true, false);
    ind_desc(&f->pm, TABLE, 0, BUF, 4, VIRTQ_DESC_F_NEXT, 1);
    ind_desc(&f->pm, TABLE, 1, BUF, 4, VIRTQ_DESC_F_NEXT, 0);
    vring_desc(&f->r, 0, TABLE, 32, VIRTQ_DESC_F_INDIRECT, 0);
    vring_publish(&f->r, 0);
    assert_broken(f, virtq_pop(&f->vq, &f->e), VIRTQ_ERR_LOOP);
}

static void test_indirect_next_out_of_table(void **state)
{
    (void)state;
    fx_t *f = fx_new(8, 256, true, false);
    ind_desc(&f->pm, TABLE, 0, BUF, 4, VIRTQ_DESC_F_NEXT, 2); /* table has 2 entries */
    vring_desc(&f->r, 0, TABLE, 32, VIRTQ_DESC_F_INDIRECT, 0);
    vring_publish(&f->r, 0);
    assert_broken(f, virtq_pop(&f->vq, &f->e), VIRTQ_ERR_NEXT);
}

/* ---- broken rings ------------------------------------------------------------------------- */

static void test_loop(void **state)
{
    (void)state;
    fx_t *f = fx_new(8, 256, false, false);
    vring_desc(&f->r, 0, BUF, 4, VIRTQ_DESC_F_NEXT, 1);
    vring_desc(&f->r, 1, BUF, 4, VIRTQ_DESC_F_NEXT, 2);
    vring_desc(&f->r, 2, BUF, 4, VIRTQ_DESC_F_NEXT, 0);
    vring_publish(&f->r, 0);
    assert_broken(f, virtq_pop(&f->vq, &f->e), VIRTQ_ERR_LOOP);
}

static void test_self_loop(void **state)
{
    (void)state;
    fx_t *f = fx_new(8, 256, false, false);
    vring_desc(&f->r, 5, BUF, 0, VIRTQ_DESC_F_NEXT, 5); /* zero length: no progress either */
    vring_publish(&f->r, 5);
    assert_broken(f, virtq_pop(&f->vq, &f->e), VIRTQ_ERR_LOOP);
}

static void test_chain_longer_than_queue(void **state)
{
    (void)state;
    fx_t *f = fx_new(4, 256, false, false);
    /* Every descriptor of the table, then one more step: a chain cannot
     * be longer than the queue (§2.7.5.3.1) without revisiting one. */
    for (uint16_t i = 0; i < 4; i++)
        vring_desc(&f->r, i, BUF, 4, VIRTQ_DESC_F_NEXT, (uint16_t)((i + 1) % 4));
    vring_publish(&f->r, 0);
    assert_broken(f, virtq_pop(&f->vq, &f->e), VIRTQ_ERR_LOOP);
}

static void test_full_length_chain_ok(void **state)
{
    (void)state;
    fx_t *f = fx_new(4, 256, false, false);
    for (uint16_t i = 0; i < 4; i++)
        vring_desc(&f->r, i, BUF, 4, i < 3 ? VIRTQ_DESC_F_NEXT : 0, (uint16_t)(i + 1));
    vring_publish(&f->r, 0);
    assert_int_equal(virtq_pop(&f->vq, &f->e), 1);
    assert_int_equal(f->e.nout, 4);
}

static void test_next_out_of_range(void **state)
{
    (void)state;
    fx_t *f = fx_new(8, 256, false, false);
    vring_desc(&f->r, 0, BUF, 4, VIRTQ_DESC_F_NEXT, 8);
    vring_publish(&f->r, 0);
    assert_broken(f, virtq_pop(&f->vq, &f->e), VIRTQ_ERR_NEXT);
}

static void test_head_out_of_range(void **state)
{
    (void)state;
    fx_t *f = fx_new(8, 256, false, false);
    vring_publish(&f->r, 8);
    assert_broken(f, virtq_pop(&f->vq, &f->e), VIRTQ_ERR_HEAD);
}

static void test_avail_idx_jump(void **state)
{
    (void)state;
    fx_t *f = fx_new(8, 256, false, false);
    vring_desc(&f->r, 0, BUF, 4, 0, 0);
    vring_set_avail_idx(&f->r, 9); /* 9 new buffers in an 8-entry ring */
    assert_broken(f, virtq_pop(&f->vq, &f->e), VIRTQ_ERR_AVAIL_IDX);

    f = fx_new(8, 256, false, false);
    vring_set_avail_idx(&f->r, 0xffff); /* "decremented" idx (§2.7.6) */
    assert_broken(f, virtq_pop(&f->vq, &f->e), VIRTQ_ERR_AVAIL_IDX);

    f = fx_new(8, 256, false, false);
    vring_desc(&f->r, 0, BUF, 4, 0, 0);
    for (int i = 0; i < 8; i++)
        g16(&f->pm, f->r.avail + 4 + 2 * i, 0);
    vring_set_avail_idx(&f->r, 8); /* exactly num: allowed */
    assert_int_equal(virtq_pop(&f->vq, &f->e), 1);
}

/* ---- bad buffers: the request fails, the queue carries on ------------------------------------ */

static void test_buffer_outside_ram(void **state)
{
    (void)state;
    const struct { uint64_t addr; uint32_t len; } cases[] = {
        { H_RAM_BASE - 1, 2 },                     /* starts below RAM */
        { H_RAM_BASE + H_RAM_SIZE - 4, 8 },        /* crosses the end */
        { H_RAM_BASE + H_RAM_SIZE, 1 },            /* just past */
        { 0x0a000000, 0x200 },                     /* a virtio-mmio window */
        { 0, 16 },
        { 0xfffffffffffffff0ull, 0x20 },           /* wraps around 2^64 */
        { H_RAM_BASE, 0xffffffffu },               /* longer than RAM */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        fx_t *f = fx_new(8, 256, false, false);
        vring_desc(&f->r, 0, BUF, 16, VIRTQ_DESC_F_NEXT, 1);
        vring_desc(&f->r, 1, cases[i].addr, cases[i].len, VIRTQ_DESC_F_WRITE, 0);
        vring_publish(&f->r, 0);
        assert_int_equal(virtq_pop(&f->vq, &f->e), 1);
        assert_true(f->e.bad & VIRTQ_BAD_ADDR);
        assert_null(f->e.seg[1].host);
        assert_false(f->vq.broken);
        /* Copy helpers never touch an unmapped segment. */
        uint8_t junk[32] = { 1 };
        assert_int_equal(virtq_elem_write(&f->e, 0, junk, sizeof(junk)), 0);
        struct iovec iov[4];
        assert_int_equal(virtq_elem_iov(&f->e, true, 0, 1, iov, 4), -1);
        virtq_push(&f->vq, f->e.head, 0);
        /* The next, good request still works. */
        vring_desc(&f->r, 2, BUF, 4, 0, 0);
        vring_publish(&f->r, 2);
        assert_int_equal(virtq_pop(&f->vq, &f->e), 1);
        assert_int_equal(f->e.bad, 0);
    }
}

static void test_wrong_direction(void **state)
{
    (void)state;
    fx_t *f = fx_new(8, 256, false, false);
    vring_desc(&f->r, 0, BUF, 16, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
    vring_desc(&f->r, 1, BUF + 16, 16, VIRTQ_DESC_F_NEXT, 2); /* readable after writable */
    vring_desc(&f->r, 2, BUF + 32, 1, VIRTQ_DESC_F_WRITE, 0);
    vring_publish(&f->r, 0);
    assert_int_equal(virtq_pop(&f->vq, &f->e), 1);
    assert_true(f->e.bad & VIRTQ_BAD_ORDER);
    assert_false(f->vq.broken);
}

static void test_too_many_segments(void **state)
{
    (void)state;
    fx_t *f = fx_new(128, 256, false, false);
    for (uint16_t i = 0; i < CAP + 1; i++)
        vring_desc(&f->r, i, BUF + i, 1, i < CAP ? VIRTQ_DESC_F_NEXT : 0, (uint16_t)(i + 1));
    vring_publish(&f->r, 0);
    assert_int_equal(virtq_pop(&f->vq, &f->e), 1);
    assert_true(f->e.bad & VIRTQ_BAD_TOO_MANY);
    assert_int_equal(f->e.out_len, CAP + 1);
}

static void test_too_long(void **state)
{
    (void)state;
    fx_t *f = fx_new(8, 256, false, false);
    /* More than 2^32 bytes in total (§2.7.5.2). */
    vring_desc(&f->r, 0, BUF, 0xffffffffu, VIRTQ_DESC_F_NEXT, 1);
    vring_desc(&f->r, 1, BUF, 2, 0, 0);
    vring_publish(&f->r, 0);
    assert_int_equal(virtq_pop(&f->vq, &f->e), 1);
    assert_true(f->e.bad & VIRTQ_BAD_TOO_LONG);
}

/* ---- enabling a queue ------------------------------------------------------------------------ */

static void test_enable_checks(void **state)
{
    (void)state;
    physmap_t pm;
    assert_int_equal(physmap_init(&pm, H_RAM_BASE, H_RAM_SIZE), 0);
    virtq_t vq;
    const struct {
        uint32_t num;
        uint64_t desc, avail, used;
        virtq_err_t want;
    } cases[] = {
        { 0, RING, RING + 0x1000, RING + 0x2000, VIRTQ_ERR_SIZE },
        { 3, RING, RING + 0x1000, RING + 0x2000, VIRTQ_ERR_SIZE },
        { 100, RING, RING + 0x1000, RING + 0x2000, VIRTQ_ERR_SIZE },
        { 512, RING, RING + 0x2000, RING + 0x3000, VIRTQ_ERR_SIZE }, /* above max 256 */
        { 65536, RING, RING + 0x1000, RING + 0x2000, VIRTQ_ERR_SIZE },
        { 8, RING + 8, RING + 0x1000, RING + 0x2000, VIRTQ_ERR_RING_ALIGN },
        { 8, RING, RING + 0x1001, RING + 0x2000, VIRTQ_ERR_RING_ALIGN },
        { 8, RING, RING + 0x1000, RING + 0x2002, VIRTQ_ERR_RING_ALIGN },
        { 8, 0x1000, RING + 0x1000, RING + 0x2000, VIRTQ_ERR_RING_ADDR },
        { 8, RING, H_RAM_BASE + H_RAM_SIZE - 10, RING + 0x2000, VIRTQ_ERR_RING_ADDR },
        { 8, RING, RING + 0x1000, H_RAM_BASE + H_RAM_SIZE - 64, VIRTQ_ERR_RING_ADDR },
        { 8, 0xfffffffffffffff0ull, RING + 0x1000, RING + 0x2000, VIRTQ_ERR_RING_ADDR },
        { 256, RING, RING + 0x1000, RING + 0x2000, VIRTQ_ERR_NONE },
        { 1, RING, RING + 0x1000, RING + 0x2000, VIRTQ_ERR_NONE },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        virtq_init(&vq, &pm, 0, 256);
        vq.num = cases[i].num;
        vq.desc_addr = cases[i].desc;
        vq.avail_addr = cases[i].avail;
        vq.used_addr = cases[i].used;
        assert_int_equal(virtq_enable(&vq, false, false), cases[i].want);
        assert_int_equal(vq.ready, cases[i].want == VIRTQ_ERR_NONE);
    }
    /* Reset forgets everything but the transport's settings. */
    vq.on_error = on_error;
    virtq_reset(&vq);
    assert_false(vq.ready);
    assert_int_equal(vq.num, 0);
    assert_int_equal(vq.max_size, 256);
    assert_ptr_equal(vq.on_error, on_error);
    assert_int_equal(virtq_pop(&vq, NULL), 0); /* not ready: nothing, not even a look */
    physmap_destroy(&pm);
}

/* ---- notification suppression ------------------------------------------------------------------ */

static void test_notify_flags(void **state)
{
    (void)state;
    fx_t *f = fx_new(8, 256, false, false);
    assert_false(virtq_should_notify(&f->vq)); /* nothing pushed */
    virtq_push(&f->vq, 0, 0);
    assert_true(virtq_should_notify(&f->vq));
    assert_false(virtq_should_notify(&f->vq)); /* already told */
    vring_avail_flags(&f->r, VIRTQ_AVAIL_F_NO_INTERRUPT);
    virtq_push(&f->vq, 0, 0);
    assert_false(virtq_should_notify(&f->vq));
    /* Without event index the device never writes avail_event. */
    vring_publish(&f->r, 0);
    assert_true(virtq_arm_notify(&f->vq)); /* something is available */
    assert_int_equal(vring_avail_event(&f->r), 0);
}

static void test_event_idx(void **state)
{
    (void)state;
    fx_t *f = fx_new(8, 256, false, true);
    /* used_event = 2: notify when used idx goes from <= 2 to > 2 (§2.7.7.2). */
    vring_used_event(&f->r, 2);
    vring_avail_flags(&f->r, VIRTQ_AVAIL_F_NO_INTERRUPT); /* ignored with event idx */
    virtq_push(&f->vq, 0, 0); /* idx 1 */
    assert_false(virtq_should_notify(&f->vq));
    virtq_push(&f->vq, 0, 0); /* idx 2 */
    assert_false(virtq_should_notify(&f->vq));
    virtq_push(&f->vq, 0, 0); /* idx 3: entry 2 written */
    assert_true(virtq_should_notify(&f->vq));
    virtq_push(&f->vq, 0, 0);
    assert_false(virtq_should_notify(&f->vq));
    /* Several pushes in one batch crossing used_event: one notification. */
    vring_used_event(&f->r, 5);
    virtq_push(&f->vq, 0, 0);
    virtq_push(&f->vq, 0, 0);
    virtq_push(&f->vq, 0, 0); /* 5 -> 7 */
    assert_true(virtq_should_notify(&f->vq));

    /* avail_event: the device asks to hear about the next slot. */
    vring_desc(&f->r, 0, BUF, 4, 0, 0);
    vring_publish(&f->r, 0);
    vring_publish(&f->r, 0);
    assert_int_equal(virtq_pop(&f->vq, &f->e), 1);
    assert_true(virtq_arm_notify(&f->vq)); /* one still there */
    assert_int_equal(vring_avail_event(&f->r), 1);
    assert_int_equal(virtq_pop(&f->vq, &f->e), 1);
    assert_false(virtq_arm_notify(&f->vq));
    assert_int_equal(vring_avail_event(&f->r), 2);
}

/* ---- element helpers --------------------------------------------------------------------------- */

static void test_elem_copy_helpers(void **state)
{
    (void)state;
    fx_t *f = fx_new(8, 256, false, false);
    for (int i = 0; i < 64; i++)
        gp(&f->pm, BUF)[i] = (uint8_t)i;
    vring_desc(&f->r, 0, BUF, 5, VIRTQ_DESC_F_NEXT, 1);
    vring_desc(&f->r, 1, BUF + 5, 11, VIRTQ_DESC_F_NEXT, 2);
    vring_desc(&f->r, 2, BUF + 0x1000, 3, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 3);
    vring_desc(&f->r, 3, BUF + 0x2000, 7, VIRTQ_DESC_F_WRITE, 0);
    vring_publish(&f->r, 0);
    assert_int_equal(virtq_pop(&f->vq, &f->e), 1);

    uint8_t buf[32];
    assert_int_equal(virtq_elem_read(&f->e, 3, buf, 10), 10); /* spans both readable */
    for (int i = 0; i < 10; i++)
        assert_int_equal(buf[i], 3 + i);
    assert_int_equal(virtq_elem_read(&f->e, 14, buf, 10), 2); /* runs off the end */
    assert_int_equal(virtq_elem_read(&f->e, 100, buf, 10), 0);

    const uint8_t src[10] = { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 };
    int before = f->code_writes;
    assert_int_equal(virtq_elem_write(&f->e, 1, src, 10), 9); /* 2 + 7 bytes of room */
    assert_true(f->code_writes > before);
    assert_int_equal(gp(&f->pm, BUF + 0x1000)[1], 9);
    assert_int_equal(gp(&f->pm, BUF + 0x1000)[2], 8);
    assert_int_equal(gp(&f->pm, BUF + 0x2000)[0], 7);
    assert_int_equal(gp(&f->pm, BUF + 0x2000)[6], 1);

    struct iovec iov[4];
    assert_int_equal(virtq_elem_iov(&f->e, true, 2, 5, iov, 4), 2);
    assert_ptr_equal(iov[0].iov_base, gp(&f->pm, BUF + 0x1002));
    assert_int_equal(iov[0].iov_len, 1);
    assert_int_equal(iov[1].iov_len, 4);
    assert_int_equal(virtq_elem_iov(&f->e, true, 2, 5, iov, 1), -1); /* does not fit */
    assert_int_equal(virtq_elem_iov(&f->e, true, 0, 11, iov, 4), -1); /* beyond the part */
    assert_int_equal(virtq_elem_iov(&f->e, false, 4, 12, iov, 4), 2);
    before = f->code_writes;
    virtq_elem_mark_written(&f->e, 0, 10);
    assert_int_equal(f->code_writes, before + 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_simple_chain),
        cmocka_unit_test(test_zero_length_skipped),
        cmocka_unit_test(test_many_in_flight_and_wrap),
        cmocka_unit_test(test_unpop),
        cmocka_unit_test(test_max_queue_size),
        cmocka_unit_test(test_indirect),
        cmocka_unit_test(test_direct_then_indirect),
        cmocka_unit_test(test_indirect_unaligned_table_accepted),
        cmocka_unit_test(test_indirect_errors),
        cmocka_unit_test(test_indirect_max_size_ok),
        cmocka_unit_test(test_indirect_loop),
        cmocka_unit_test(test_indirect_next_out_of_table),
        cmocka_unit_test(test_loop),
        cmocka_unit_test(test_self_loop),
        cmocka_unit_test(test_chain_longer_than_queue),
        cmocka_unit_test(test_full_length_chain_ok),
        cmocka_unit_test(test_next_out_of_range),
        cmocka_unit_test(test_head_out_of_range),
        cmocka_unit_test(test_avail_idx_jump),
        cmocka_unit_test(test_buffer_outside_ram),
        cmocka_unit_test(test_wrong_direction),
        cmocka_unit_test(test_too_many_segments),
        cmocka_unit_test(test_too_long),
        cmocka_unit_test(test_enable_checks),
        cmocka_unit_test(test_notify_flags),
        cmocka_unit_test(test_event_idx),
        cmocka_unit_test(test_elem_copy_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
