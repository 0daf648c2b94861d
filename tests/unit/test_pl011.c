/* test_pl011.c - PL011 UART register behaviour. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "devices/pl011.h"

#define DR 0x00
#define RSR 0x04
#define FR 0x18
#define IBRD 0x24
#define FBRD 0x28
#define LCR_H 0x2c
#define CR 0x30
#define IFLS 0x34
#define IMSC 0x38
#define RIS 0x3c
#define MIS 0x40
#define ICR 0x44
#define DMACR 0x48

#define FR_RXFE 0x10
#define FR_TXFF 0x20
#define FR_RXFF 0x40
#define FR_TXFE 0x80
#define FR_BUSY 0x08
#define LCRH_FEN 0x10
#define CR_LBE 0x80
#define INT_RX 0x10
#define INT_TX 0x20
#define INT_RT 0x40
#define INT_OE 0x400

typedef struct {
    int level;
    int edges;
} irq_rec_t;

static void rec_irq(void *opaque, int n, int level)
{
    irq_rec_t *r = opaque;
    (void)n;
    if (level != r->level)
        r->edges++;
    r->level = level;
}

typedef struct {
    uint8_t buf[256];
    size_t len;
} tx_rec_t;

static void rec_tx(void *opaque, const uint8_t *buf, size_t n)
{
    tx_rec_t *t = opaque;
    for (size_t i = 0; i < n && t->len < sizeof(t->buf); i++)
        t->buf[t->len++] = buf[i];
}

typedef struct {
    pl011_t *s;
    irq_rec_t irq;
    tx_rec_t tx;
} fixture_t;

static uint32_t rd(pl011_t *s, uint64_t off)
{
    uint64_t v = 0xdeadbeef;
    assert_int_equal(pl011_mmio_read(s, off, 4, &v), MEM_OK);
    return (uint32_t)v;
}

static void wr(pl011_t *s, uint64_t off, uint32_t v)
{
    assert_int_equal(pl011_mmio_write(s, off, 4, v), MEM_OK);
}

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof(*f));
    irq_line_t line = { 0 };
    irq_connect(&line, rec_irq, &f->irq, 33);
    f->s = pl011_create(NULL, 0x09000000, line, rec_tx, &f->tx);
    assert_non_null(f->s);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    pl011_destroy(f->s);
    free(f);
    return 0;
}

static void test_ids_and_reset(void **state)
{
    fixture_t *f = *state;
    static const uint8_t ids[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
    for (int i = 0; i < 8; i++)
        assert_int_equal(rd(f->s, 0xfe0 + 4 * i), ids[i]);
    assert_int_equal(rd(f->s, CR), 0x300);
    assert_int_equal(rd(f->s, IFLS), 0x12);
    assert_int_equal(rd(f->s, FR), FR_TXFE | FR_RXFE);
    assert_int_equal(rd(f->s, RIS), 0);
    assert_int_equal(f->irq.level, 0);
}

static void test_registers_read_back(void **state)
{
    fixture_t *f = *state;
    wr(f->s, IBRD, 0x12345);
    wr(f->s, FBRD, 0xff);
    wr(f->s, LCR_H, 0x70);
    wr(f->s, CR, 0x301);
    wr(f->s, IFLS, 0xff);
    wr(f->s, DMACR, 0xff);
    assert_int_equal(rd(f->s, IBRD), 0x2345);
    assert_int_equal(rd(f->s, FBRD), 0x3f);
    assert_int_equal(rd(f->s, LCR_H), 0x70);
    assert_int_equal(rd(f->s, CR), 0x301);
    assert_int_equal(rd(f->s, IFLS), 0x3f);
    assert_int_equal(rd(f->s, DMACR), 0x7);
    /* Read-only registers ignore writes. */
    wr(f->s, FR, 0);
    wr(f->s, RIS, 0x7ff);
    assert_int_equal(rd(f->s, FR), FR_TXFE | FR_RXFE);
    assert_int_equal(rd(f->s, RIS), 0);
}

static void test_tx_goes_out_immediately(void **state)
{
    fixture_t *f = *state;
    wr(f->s, DR, 'h');
    wr(f->s, DR, 0x169); /* only the low 8 bits are data */
    assert_int_equal(f->tx.len, 2);
    assert_memory_equal(f->tx.buf, "hi", 2);
    uint32_t fr = rd(f->s, FR);
    assert_true(fr & FR_TXFE);
    assert_false(fr & (FR_TXFF | FR_BUSY));
}

static void test_rx_fifo_fill_drain(void **state)
{
    fixture_t *f = *state;
    wr(f->s, LCR_H, LCRH_FEN | 0x60);
    assert_int_equal(pl011_rx_space(f->s), 16);
    uint8_t data[20];
    for (int i = 0; i < 20; i++)
        data[i] = (uint8_t)('a' + i);
    /* Only 16 fit; the caller keeps the rest. */
    assert_int_equal(pl011_receive(f->s, data, 20), 16);
    assert_false(pl011_can_receive(f->s));
    assert_int_equal(pl011_receive(f->s, data + 16, 4), 0);
    assert_int_equal(rd(f->s, FR) & (FR_RXFF | FR_RXFE), FR_RXFF);
    /* Drain 4, then offer the remaining 4 again: nothing lost, order kept. */
    for (int i = 0; i < 4; i++)
        assert_int_equal(rd(f->s, DR), 'a' + i);
    assert_int_equal(pl011_receive(f->s, data + 16, 4), 4);
    for (int i = 4; i < 20; i++)
        assert_int_equal(rd(f->s, DR), 'a' + i);
    assert_int_equal(rd(f->s, FR) & (FR_RXFF | FR_RXFE), FR_RXFE);
    assert_int_equal(rd(f->s, RSR), 0);
    /* Reading an empty FIFO is harmless. */
    assert_int_equal(rd(f->s, DR), 0);
}

static void test_fifo_disabled_depth_one(void **state)
{
    fixture_t *f = *state;
    assert_int_equal(pl011_rx_space(f->s), 1); /* LCR_H.FEN = 0 at reset */
    assert_int_equal(pl011_receive(f->s, (const uint8_t *)"xy", 2), 1);
    assert_true(rd(f->s, FR) & FR_RXFF);
    assert_int_equal(rd(f->s, DR), 'x');
    assert_int_equal(pl011_receive(f->s, (const uint8_t *)"y", 1), 1);
    assert_int_equal(rd(f->s, DR), 'y');

    /* Switching FEN off with data queued keeps the data. */
    wr(f->s, LCR_H, LCRH_FEN);
    assert_int_equal(pl011_receive(f->s, (const uint8_t *)"123", 3), 3);
    wr(f->s, LCR_H, 0);
    assert_false(pl011_can_receive(f->s));
    assert_int_equal(rd(f->s, DR), '1');
    assert_int_equal(rd(f->s, DR), '2');
    assert_int_equal(rd(f->s, DR), '3');
    assert_true(pl011_can_receive(f->s));
}

static void test_rx_interrupts(void **state)
{
    fixture_t *f = *state;
    wr(f->s, LCR_H, LCRH_FEN);
    wr(f->s, IMSC, INT_RX | INT_RT);
    assert_int_equal(f->irq.level, 0);
    assert_int_equal(pl011_receive(f->s, (const uint8_t *)"ab", 2), 2);
    assert_int_equal(rd(f->s, RIS) & (INT_RX | INT_RT), INT_RX | INT_RT);
    assert_int_equal(rd(f->s, MIS), INT_RX | INT_RT);
    assert_int_equal(f->irq.level, 1);
    /* Clearing through ICR lowers the line only once all sources are gone. */
    wr(f->s, ICR, INT_RT);
    assert_int_equal(rd(f->s, MIS), INT_RX);
    assert_int_equal(f->irq.level, 1);
    rd(f->s, DR);
    assert_int_equal(f->irq.level, 1);
    rd(f->s, DR);
    /* Draining the FIFO clears RX and RT. */
    assert_int_equal(rd(f->s, RIS) & (INT_RX | INT_RT), 0);
    assert_int_equal(f->irq.level, 0);

    /* Masked sources show in RIS but not in MIS or on the line. */
    wr(f->s, IMSC, 0);
    pl011_receive(f->s, (const uint8_t *)"c", 1);
    assert_true(rd(f->s, RIS) & INT_RX);
    assert_int_equal(rd(f->s, MIS), 0);
    assert_int_equal(f->irq.level, 0);
    wr(f->s, IMSC, INT_RX);
    assert_int_equal(f->irq.level, 1);
    rd(f->s, DR);
    assert_int_equal(f->irq.level, 0);
}

static void test_tx_interrupt_never_stalls(void **state)
{
    fixture_t *f = *state;
    /* Unmasking TXIM with an empty TX FIFO asserts TXIS. */
    wr(f->s, IMSC, INT_TX);
    assert_int_equal(f->irq.level, 1);
    assert_true(rd(f->s, MIS) & INT_TX);
    /* The driver clears it and writes: every write re-asserts it, so the
     * next TX interrupt always comes. */
    wr(f->s, ICR, INT_TX);
    assert_int_equal(f->irq.level, 0);
    wr(f->s, DR, 'z');
    assert_int_equal(f->irq.level, 1);
    /* Masking TXIM (Linux pl011_stop_tx) drops the line. */
    wr(f->s, IMSC, 0);
    assert_int_equal(f->irq.level, 0);
    assert_true(rd(f->s, RIS) & INT_TX);
}

static void test_loopback(void **state)
{
    fixture_t *f = *state;
    wr(f->s, LCR_H, LCRH_FEN);
    wr(f->s, CR, 0x301 | CR_LBE);
    for (int i = 0; i < 17; i++)
        wr(f->s, DR, (uint32_t)('A' + i));
    assert_int_equal(f->tx.len, 0);
    assert_true(rd(f->s, RIS) & INT_OE);
    for (int i = 0; i < 15; i++)
        assert_int_equal(rd(f->s, DR), 'A' + i);
    /* The last entry carries the overrun flag (DR bit 11, RSR bit 3). */
    assert_int_equal(rd(f->s, DR), 0x800 | ('A' + 15));
    assert_int_equal(rd(f->s, RSR), 0x8);
    wr(f->s, RSR, 0); /* ECR */
    assert_int_equal(rd(f->s, RSR), 0);
}

static void test_odd_sizes_and_offsets(void **state)
{
    fixture_t *f = *state;
    uint64_t v;
    /* Byte and halfword accesses; byte write to DR transmits. */
    assert_int_equal(pl011_mmio_write(f->s, DR, 1, 'q'), MEM_OK);
    assert_int_equal(f->tx.len, 1);
    assert_int_equal(pl011_mmio_read(f->s, 0xfe0, 1, &v), MEM_OK);
    assert_int_equal(v, 0x11);
    assert_int_equal(pl011_mmio_read(f->s, CR, 2, &v), MEM_OK);
    assert_int_equal(v, 0x300);
    assert_int_equal(pl011_mmio_read(f->s, CR + 1, 1, &v), MEM_OK);
    assert_int_equal(v, 0x03);
    assert_int_equal(pl011_mmio_read(f->s, CR, 8, &v), MEM_OK);
    assert_int_equal(v, 0x300);
    /* Unknown offsets read 0; writes there and to odd lanes are ignored. */
    assert_int_equal(pl011_mmio_read(f->s, 0x800, 4, &v), MEM_OK);
    assert_int_equal(v, 0);
    assert_int_equal(pl011_mmio_write(f->s, 0x800, 4, 1), MEM_OK);
    assert_int_equal(pl011_mmio_write(f->s, CR + 1, 1, 0xff), MEM_OK);
    assert_int_equal(rd(f->s, CR), 0x300);
    /* A read of DR's upper lane must not pop the FIFO. */
    pl011_receive(f->s, (const uint8_t *)"k", 1);
    assert_int_equal(pl011_mmio_read(f->s, DR + 1, 1, &v), MEM_OK);
    assert_int_equal(rd(f->s, DR), 'k');
}

static void test_mapped_in_physmap(void **state)
{
    (void)state;
    physmap_t pm;
    tx_rec_t tx = { 0 };
    assert_int_equal(physmap_init(&pm, 0x40000000, 0x10000), 0);
    pl011_t *s = pl011_create(&pm, 0x09000000, (irq_line_t){ 0 }, rec_tx, &tx);
    assert_non_null(s);
    assert_int_equal(physmap_write(&pm, 0x09000000, 4, '!'), MEM_OK);
    assert_int_equal(tx.len, 1);
    uint64_t v;
    assert_int_equal(physmap_read(&pm, 0x09000fe0, 4, &v), MEM_OK);
    assert_int_equal(v, 0x11);
    /* Overlapping mapping fails cleanly. */
    assert_null(pl011_create(&pm, 0x09000800, (irq_line_t){ 0 }, NULL, NULL));
    pl011_destroy(s);
    physmap_destroy(&pm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ids_and_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_registers_read_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tx_goes_out_immediately, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rx_fifo_fill_drain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fifo_disabled_depth_one, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rx_interrupts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tx_interrupt_never_stalls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loopback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_odd_sizes_and_offsets, setup, teardown),
        cmocka_unit_test(test_mapped_in_physmap),
    };
    return cmocka_run_group_tests_name("pl011", tests, NULL, NULL);
}
