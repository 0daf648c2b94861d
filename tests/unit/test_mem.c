/* test_mem.c - guest RAM, MMIO dispatch and the DMA bounds checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mem/dma.h"
#include "mem/irq.h"
#include "mem/physmap.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE (4ull << 20)

typedef struct {
    uint64_t last_off, last_val;
    unsigned last_size;
    int reads, writes;
} recorder_t;

static mem_result_t rec_read(void *o, uint64_t off, unsigned size, uint64_t *val)
{
    recorder_t *r = o;
    r->reads++;
    r->last_off = off;
    r->last_size = size;
    if (off == 0x10)
        return MEM_ERR_DEVICE; /* a register that refuses access */
    *val = 0x1122334455667788ull >> (8 * (8 - size)) ;
    return MEM_OK;
}

static mem_result_t rec_write(void *o, uint64_t off, unsigned size, uint64_t val)
{
    recorder_t *r = o;
    r->writes++;
    r->last_off = off;
    r->last_size = size;
    r->last_val = val;
    return MEM_OK;
}

static const mmio_ops_t rec_ops = { rec_read, rec_write };

static void test_ram_read_write(void **state)
{
    (void)state;
    physmap_t pm;
    assert_int_equal(physmap_init(&pm, RAM_BASE, RAM_SIZE), 0);
    assert_int_equal(physmap_write(&pm, RAM_BASE + 8, 8, 0x0102030405060708ull), MEM_OK);
    uint64_t v;
    assert_int_equal(physmap_read(&pm, RAM_BASE + 8, 4, &v), MEM_OK);
    assert_int_equal(v, 0x05060708);
    assert_int_equal(physmap_read(&pm, RAM_BASE + 15, 1, &v), MEM_OK);
    assert_int_equal(v, 0x01);
    /* The last byte of RAM is RAM; one past it is not. */
    assert_int_equal(physmap_write(&pm, RAM_BASE + RAM_SIZE - 1, 1, 0xab), MEM_OK);
    assert_int_equal(physmap_read(&pm, RAM_BASE + RAM_SIZE, 1, &v), MEM_ERR_UNMAPPED);
    /* An access straddling the end of RAM is not RAM either. */
    assert_int_equal(physmap_read(&pm, RAM_BASE + RAM_SIZE - 4, 8, &v), MEM_ERR_UNMAPPED);
    assert_int_equal(physmap_read(&pm, 0, 8, &v), MEM_ERR_UNMAPPED);
    assert_int_equal(physmap_read(&pm, UINT64_MAX - 3, 8, &v), MEM_ERR_UNMAPPED);
    assert_non_null(physmap_ram_ptr(&pm, RAM_BASE));
    assert_null(physmap_ram_ptr(&pm, RAM_BASE - 1));
    physmap_destroy(&pm);
}

static void test_mmio_dispatch(void **state)
{
    (void)state;
    physmap_t pm;
    recorder_t a = { 0 }, b = { 0 };
    assert_int_equal(physmap_init(&pm, RAM_BASE, RAM_SIZE), 0);
    assert_int_equal(physmap_add_mmio(&pm, "b", 0x09000000, 0x1000, &rec_ops, &b), 0);
    assert_int_equal(physmap_add_mmio(&pm, "a", 0x08000000, 0x10000, &rec_ops, &a), 0);
    /* Overlaps with a region or with RAM are refused. */
    assert_int_equal(physmap_add_mmio(&pm, "x", 0x08008000, 0x1000, &rec_ops, &a), -1);
    assert_int_equal(physmap_add_mmio(&pm, "y", RAM_BASE + 0x1000, 0x1000, &rec_ops, &a), -1);
    assert_int_equal(physmap_add_mmio(&pm, "z", 0x1000, 0, &rec_ops, &a), -1);

    uint64_t v;
    assert_int_equal(physmap_read(&pm, 0x09000004, 4, &v), MEM_OK);
    assert_int_equal(b.reads, 1);
    assert_int_equal(b.last_off, 4);
    assert_int_equal(b.last_size, 4);
    assert_int_equal(v, 0x11223344);
    assert_int_equal(physmap_write(&pm, 0x0800fff8, 8, 0xdead), MEM_OK);
    assert_int_equal(a.writes, 1);
    assert_int_equal(a.last_off, 0xfff8);
    assert_int_equal(a.last_size, 8);
    assert_int_equal(a.last_val, 0xdead);
    /* A narrow store hands the device only its bytes. */
    assert_int_equal(physmap_write(&pm, 0x08000010, 1, 0x1234), MEM_OK);
    assert_int_equal(a.last_size, 1);
    assert_int_equal(a.last_val, 0x34);
    /* Past the end of a region, across its end, between regions: unmapped. */
    assert_int_equal(physmap_read(&pm, 0x09001000, 4, &v), MEM_ERR_UNMAPPED);
    assert_int_equal(physmap_read(&pm, 0x09000ffe, 4, &v), MEM_ERR_UNMAPPED);
    assert_int_equal(physmap_read(&pm, 0x08800000, 4, &v), MEM_ERR_UNMAPPED);
    /* A device may refuse an access; that is reported, not hidden. */
    assert_int_equal(physmap_read(&pm, 0x09000010, 4, &v), MEM_ERR_DEVICE);
    assert_ptr_equal(physmap_find_mmio(&pm, 0x08000000)->opaque, &a);
    assert_null(physmap_find_mmio(&pm, 0x07ffffff));
    physmap_destroy(&pm);
}

static int code_writes;
static uint64_t code_pa, code_len;
static void code_hook(void *o, uint64_t pa, uint64_t len)
{
    (void)o;
    code_writes++;
    code_pa = pa;
    code_len = len;
}

static void test_dma_bounds(void **state)
{
    (void)state;
    physmap_t pm;
    assert_int_equal(physmap_init(&pm, RAM_BASE, RAM_SIZE), 0);
    pm.code_write_hook = code_hook;
    uint8_t buf[64];
    memset(buf, 0x5a, sizeof(buf));
    assert_non_null(dma_map(&pm, RAM_BASE, RAM_SIZE));
    assert_null(dma_map(&pm, RAM_BASE, RAM_SIZE + 1));
    assert_null(dma_map(&pm, RAM_BASE - 1, 2));
    assert_null(dma_map(&pm, RAM_BASE + RAM_SIZE, 0));
    assert_null(dma_map(&pm, UINT64_MAX - 10, 64));  /* wrap-around */
    assert_null(dma_map(&pm, RAM_BASE + 16, UINT64_MAX)); /* huge length */
    assert_null(dma_map(&pm, 0x09000000, 4));        /* MMIO is not DMA-able */
    assert_int_equal(dma_write(&pm, RAM_BASE + RAM_SIZE - 64, buf, 64), 0);
    assert_int_equal(code_writes, 1);
    assert_int_equal(code_pa, RAM_BASE + RAM_SIZE - 64);
    assert_int_equal(code_len, 64);
    assert_int_equal(dma_write(&pm, RAM_BASE + RAM_SIZE - 63, buf, 64), -1);
    assert_int_equal(code_writes, 1); /* nothing written, nothing reported */
    uint8_t back[64] = { 0 };
    assert_int_equal(dma_read(&pm, RAM_BASE + RAM_SIZE - 64, back, 64), 0);
    assert_memory_equal(back, buf, 64);
    assert_int_equal(dma_read(&pm, RAM_BASE + RAM_SIZE - 32, back, 64), -1);
    physmap_destroy(&pm);
}

static int irq_level = -1, irq_n = -1;
static void irq_rec(void *o, int n, int level)
{
    (void)o;
    irq_n = n;
    irq_level = level;
}

static void test_irq_line(void **state)
{
    (void)state;
    irq_line_t l = { 0 };
    irq_set(&l, 1); /* unconnected: nothing happens */
    irq_connect(&l, irq_rec, NULL, 33);
    irq_set(&l, 1);
    assert_int_equal(irq_n, 33);
    assert_int_equal(irq_level, 1);
    irq_set(&l, 0);
    assert_int_equal(irq_level, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ram_read_write),
        cmocka_unit_test(test_mmio_dispatch),
        cmocka_unit_test(test_dma_bounds),
        cmocka_unit_test(test_irq_line),
    };
    return cmocka_run_group_tests_name("mem", tests, NULL, NULL);
}
