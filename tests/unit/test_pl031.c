/* test_pl031.c - PL031 RTC with an injected clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <cmocka.h>

#include "devices/pl031.h"

#define DR 0x00
#define MR 0x04
#define LR 0x08
#define CR 0x0c
#define IMSC 0x10
#define RIS 0x14
#define MIS 0x18
#define ICR 0x1c

#define SEC 1000000000LL

typedef struct {
    int64_t now_ns;
    int level;
    pl031_t *s;
} fixture_t;

static int64_t fake_clock(void *opaque)
{
    return ((fixture_t *)opaque)->now_ns;
}

static void rec_irq(void *opaque, int n, int level)
{
    (void)n;
    ((fixture_t *)opaque)->level = level;
}

static uint32_t rd(pl031_t *s, uint64_t off)
{
    uint64_t v = 0xdeadbeef;
    assert_int_equal(pl031_mmio_read(s, off, 4, &v), MEM_OK);
    return (uint32_t)v;
}

static void wr(pl031_t *s, uint64_t off, uint32_t v)
{
    assert_int_equal(pl031_mmio_write(s, off, 4, v), MEM_OK);
}

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof(*f));
    f->now_ns = 1700000000 * SEC + SEC / 4; /* a quarter into a second */
    irq_line_t line;
    irq_connect(&line, rec_irq, f, 34);
    f->s = pl031_create(NULL, 0x09010000, line, fake_clock, f);
    assert_non_null(f->s);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    pl031_destroy(f->s);
    free(f);
    return 0;
}

static void test_ids(void **state)
{
    fixture_t *f = *state;
    static const uint8_t ids[8] = { 0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
    for (int i = 0; i < 8; i++)
        assert_int_equal(rd(f->s, 0xfe0 + 4 * i), ids[i]);
    assert_int_equal(rd(f->s, CR), 1);
    assert_int_equal(rd(f->s, 0x100), 0);
}

static void test_counter_follows_clock(void **state)
{
    fixture_t *f = *state;
    assert_int_equal(rd(f->s, DR), 1700000000u);
    f->now_ns += SEC / 2;
    assert_int_equal(rd(f->s, DR), 1700000000u);
    f->now_ns += SEC / 2;
    assert_int_equal(rd(f->s, DR), 1700000001u);
    f->now_ns += 100 * SEC;
    assert_int_equal(rd(f->s, DR), 1700000101u);
    wr(f->s, DR, 5); /* read-only */
    assert_int_equal(rd(f->s, DR), 1700000101u);
}

static void test_load_sets_offset(void **state)
{
    fixture_t *f = *state;
    wr(f->s, LR, 1000);
    assert_int_equal(rd(f->s, LR), 1000);
    assert_int_equal(rd(f->s, DR), 1000);
    f->now_ns += SEC - 1;
    assert_int_equal(rd(f->s, DR), 1000);
    f->now_ns += 1; /* exactly one second after the load */
    assert_int_equal(rd(f->s, DR), 1001);
    f->now_ns += 3600 * SEC;
    assert_int_equal(rd(f->s, DR), 4601);
}

static void test_default_clock_is_wall_time(void **state)
{
    (void)state;
    pl031_t *s = pl031_create(NULL, 0, (irq_line_t){ 0 }, NULL, NULL);
    assert_non_null(s);
    uint64_t v;
    pl031_mmio_read(s, DR, 4, &v);
    time_t t = time(NULL);
    assert_true(v + 2 >= (uint64_t)t && v <= (uint64_t)t + 2);
    pl031_destroy(s);
}

static void test_match_interrupt(void **state)
{
    fixture_t *f = *state;
    wr(f->s, IMSC, 1);
    assert_int_equal(pl031_ns_until_match(f->s), -1); /* nothing armed yet */
    wr(f->s, MR, 1700000003u);
    /* 0.75 s left of the current second, then two more. */
    assert_int_equal(pl031_ns_until_match(f->s), 2 * SEC + 3 * SEC / 4);
    f->now_ns += 2 * SEC;
    pl031_poll(f->s);
    assert_int_equal(rd(f->s, RIS), 0);
    assert_int_equal(f->level, 0);
    f->now_ns += 3 * SEC / 4;
    assert_int_equal(pl031_ns_until_match(f->s), 0);
    pl031_poll(f->s);
    assert_int_equal(rd(f->s, RIS), 1);
    assert_int_equal(rd(f->s, MIS), 1);
    assert_int_equal(f->level, 1);
    assert_int_equal(pl031_ns_until_match(f->s), -1);
    wr(f->s, ICR, 1);
    assert_int_equal(rd(f->s, RIS), 0);
    assert_int_equal(f->level, 0);
    /* It does not fire again the next second. */
    f->now_ns += 5 * SEC;
    pl031_poll(f->s);
    assert_int_equal(rd(f->s, RIS), 0);
}

static void test_match_seen_by_guest_reads(void **state)
{
    fixture_t *f = *state;
    wr(f->s, MR, 1700000001u);
    f->now_ns += SEC;
    /* Masked: raw status only, no line; the deadline is not reported. */
    assert_int_equal(pl031_ns_until_match(f->s), -1);
    assert_int_equal(rd(f->s, RIS), 1);
    assert_int_equal(rd(f->s, MIS), 0);
    assert_int_equal(f->level, 0);
    wr(f->s, IMSC, 1);
    assert_int_equal(f->level, 1);
    wr(f->s, IMSC, 0);
    assert_int_equal(f->level, 0);
}

static void test_match_now_and_wrap(void **state)
{
    fixture_t *f = *state;
    wr(f->s, IMSC, 1);
    /* MR equal to the counter: the interrupt is raised at once. */
    wr(f->s, MR, 1700000000u);
    assert_int_equal(f->level, 1);
    wr(f->s, ICR, 1);
    /* A match behind the counter is reached after the 32-bit wrap. */
    wr(f->s, LR, 0xfffffffeu);
    wr(f->s, MR, 1);
    assert_int_equal(pl031_ns_until_match(f->s), 3 * SEC);
    f->now_ns += 3 * SEC;
    assert_int_equal(rd(f->s, DR), 1);
    assert_int_equal(f->level, 1);
}

static void test_load_rearms_match(void **state)
{
    fixture_t *f = *state;
    wr(f->s, IMSC, 1);
    wr(f->s, MR, 500);
    wr(f->s, LR, 498);
    assert_int_equal(pl031_ns_until_match(f->s), 2 * SEC);
    f->now_ns += 2 * SEC;
    pl031_poll(f->s);
    assert_int_equal(f->level, 1);
}

static void test_odd_accesses(void **state)
{
    fixture_t *f = *state;
    uint64_t v;
    assert_int_equal(pl031_mmio_read(f->s, 0xfe0, 1, &v), MEM_OK);
    assert_int_equal(v, 0x31);
    assert_int_equal(pl031_mmio_read(f->s, DR + 2, 2, &v), MEM_OK);
    assert_int_equal(v, 1700000000u >> 16);
    assert_int_equal(pl031_mmio_write(f->s, MR + 1, 1, 0xff), MEM_OK);
    assert_int_equal(rd(f->s, MR), 0);
    assert_int_equal(pl031_mmio_write(f->s, 0xffc, 4, 0), MEM_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_counter_follows_clock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_sets_offset, setup, teardown),
        cmocka_unit_test(test_default_clock_is_wall_time),
        cmocka_unit_test_setup_teardown(test_match_interrupt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_match_seen_by_guest_reads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_match_now_and_wrap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_rearms_match, setup, teardown),
        cmocka_unit_test_setup_teardown(test_odd_accesses, setup, teardown),
    };
    return cmocka_run_group_tests_name("pl031", tests, NULL, NULL);
}
