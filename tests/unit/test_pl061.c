/* test_pl061.c - the PL061 GPIO model (ARM DDI 0190): data masking,
 * direction, edge (single and both) and level interrupts, GPIOIC, and the
 * PrimeCell ID, with the byte accesses Linux's driver uses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "devices/pl061.h"

static int level, rises;
static void probe(void *opaque, int n, int l)
{
    (void)opaque;
    (void)n;
    if (l && !level)
        rises++;
    level = l;
}

static pl061_t *make(void)
{
    level = rises = 0;
    irq_line_t irq = { probe, NULL, 39 };
    pl061_t *s = pl061_create(NULL, 0, irq);
    assert_non_null(s);
    return s;
}

static uint32_t rd(pl061_t *s, uint64_t off, unsigned size)
{
    uint64_t v = 0xdead;
    assert_int_equal(pl061_mmio_read(s, off, size, &v), MEM_OK);
    return (uint32_t)v;
}

static void wr(pl061_t *s, uint64_t off, unsigned size, uint32_t v)
{
    assert_int_equal(pl061_mmio_write(s, off, size, v), MEM_OK);
}

static void test_id_and_data(void **state)
{
    (void)state;
    pl061_t *s = make();
    static const uint8_t id[8] = { 0x61, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
    for (int i = 0; i < 8; i++) {
        assert_int_equal(rd(s, 0xfe0 + 4 * i, 4), id[i]);
        assert_int_equal(rd(s, 0xfe0 + 4 * i, 1), id[i]);
    }
    /* Inputs read the outside world through the address mask (bits 9:2). */
    pl061_set_input(s, 3, 1);
    pl061_set_input(s, 0, 1);
    assert_int_equal(rd(s, 0x3fc, 1), 0x09);
    assert_int_equal(rd(s, 0x8 << 2, 1), 0x08);
    assert_int_equal(rd(s, 0x1 << 2, 4), 0x01);
    assert_int_equal(rd(s, 0, 4), 0);
    /* Outputs: only the masked bits of a write land; the latch reads back. */
    wr(s, 0x400, 1, 0xf0); /* GPIODIR: pins 4..7 out */
    wr(s, 0x30 << 2, 1, 0xff);
    assert_int_equal(rd(s, 0x3fc, 1), 0x39);
    assert_int_equal(rd(s, 0x400, 1), 0xf0);
    pl061_set_input(s, 5, 1); /* an output ignores the outside */
    assert_int_equal(rd(s, 0x3fc, 1), 0x39);
    /* Upper bytes of a register read zero; writes to them do nothing. */
    assert_int_equal(rd(s, 0x401, 1), 0);
    wr(s, 0x401, 1, 0xff);
    assert_int_equal(rd(s, 0x400, 1), 0xf0);
    pl061_set_input(s, 9, 1); /* no such pin: ignored */
    pl061_destroy(s);
}

static void test_edges(void **state)
{
    (void)state;
    pl061_t *s = make();
    /* Linux's gpio-keys asks for both edges on pin 3: IS=0, IBE=1, IE=1. */
    wr(s, 0x408, 1, 0x08);
    wr(s, 0x410, 1, 0x08);
    assert_int_equal(level, 0);
    pl061_set_input(s, 3, 1);
    assert_int_equal(level, 1);
    assert_int_equal(rd(s, 0x414, 1), 0x08); /* RIS */
    assert_int_equal(rd(s, 0x418, 1), 0x08); /* MIS */
    wr(s, 0x41c, 1, 0x08);                   /* IC */
    assert_int_equal(level, 0);
    assert_int_equal(rd(s, 0x414, 1), 0);
    pl061_set_input(s, 3, 0);                /* the release is an edge too */
    assert_int_equal(level, 1);
    wr(s, 0x41c, 1, 0x08);
    assert_int_equal(rises, 2);

    /* Single edge: IBE=0, IEV=1 rising only. */
    wr(s, 0x408, 1, 0);
    wr(s, 0x40c, 1, 0x08);
    pl061_set_input(s, 3, 1);
    assert_int_equal(level, 1);
    wr(s, 0x41c, 1, 0x08);
    pl061_set_input(s, 3, 0);
    assert_int_equal(level, 0);
    /* Masked (IE=0): RIS latches, MIS and the line stay low. */
    wr(s, 0x410, 1, 0);
    pl061_set_input(s, 3, 1);
    assert_int_equal(rd(s, 0x414, 1), 0x08);
    assert_int_equal(rd(s, 0x418, 1), 0);
    assert_int_equal(level, 0);
    wr(s, 0x410, 1, 0x08); /* unmasking a latched edge raises the line */
    assert_int_equal(level, 1);
    pl061_destroy(s);
}

static void test_level(void **state)
{
    (void)state;
    pl061_t *s = make();
    /* Level-sensitive, active high on pin 2: follows the pin, IC does nothing. */
    wr(s, 0x404, 1, 0x04);
    wr(s, 0x40c, 1, 0x04);
    wr(s, 0x410, 1, 0x04);
    assert_int_equal(level, 0);
    pl061_set_input(s, 2, 1);
    assert_int_equal(level, 1);
    wr(s, 0x41c, 1, 0x04);
    assert_int_equal(level, 1);
    pl061_set_input(s, 2, 0);
    assert_int_equal(level, 0);
    /* Active low: high while the pin is low. */
    wr(s, 0x40c, 1, 0);
    assert_int_equal(level, 1);
    pl061_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_id_and_data),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_level),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
