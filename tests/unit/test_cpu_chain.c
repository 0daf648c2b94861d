/* test_cpu_chain.c - block chaining across a flush of the block cache that
 * happens in the middle of a block, on both executors (native and threaded).
 *
 * In thread=multi a CPU that waits for another (a TLBI broadcast) applies
 * that CPU's requests meanwhile, from inside an instruction: an IC IALLUIS
 * there flushes the block cache under the running block and asks it to stop
 * (smp.c drain, mid_block). The block still ends through its exit, which --
 * with the slice over -- records itself in chain_from for the dispatcher to
 * patch. After the flush that block's memory is free: the next translation
 * reuses it, so the dispatcher must not patch through that pointer. Here a
 * device's write callback does what drain does (tb_flush + cpu_request_exit),
 * from the first block after a flush, which sits at the start of the arena
 * where the next block is then translated.
 */
#include <stdlib.h>

#include "cpu/cpu_internal.h"
#include "cpu/tb.h"
#include "mem/physmap.h"
#include "cpu_harness.h"

#define RAM_SIZE (16u << 20)
#define MMIO_BASE 0x09000000ull

static mem_result_t dev_read(void *opaque, uint64_t off, unsigned size, uint64_t *val)
{
    (void)opaque, (void)off, (void)size;
    *val = 0;
    return MEM_OK;
}

/* What smp.c drain(cpu, mid_block = true) does with a REQ_TB_FLUSH. */
static mem_result_t dev_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
    cpu_t *cpu = *(cpu_t **)opaque;
    (void)off, (void)size, (void)val;
    tb_flush(cpu);
    cpu_request_exit(cpu);
    return MEM_OK;
}

static const mmio_ops_t dev_ops = { dev_read, dev_write };

static void run(bool native)
{
    cpu_harness_t h;
    ch_init_fresh(&h, RAM_SIZE, CPU_MODEL_CORTEX_A57);
    if (native && !cpu_set_native(h.cpu, true)) {
        ch_destroy(&h);
        return; /* no native backend on this host */
    }
    cpu_set_native(h.cpu, native);
    assert_int_equal(physmap_add_mmio(&h.pm, "flush", MMIO_BASE, 0x1000, &dev_ops, &h.cpu), 0);
    static const uint32_t code[] = {
        0xb9000020, /*  0: str w0, [x1]      the device flushes and stops the CPU */
        0xb5000062, /*  4: cbnz x2, 16       not taken: exit slot 1 -> 8 */
        0x91000463, /*  8: add x3, x3, #1    the next block, translated where the first was */
        0xb5000044, /* 12: cbnz x4, 20       not taken: exit slot 1 -> 16 */
        CH_HVC(0),  /* 16 */
        CH_HVC(2),  /* 20 */
    };
    uint64_t pa = CH_CODE_BASE;
    ch_put_code(&h, pa, code, sizeof(code) / sizeof(code[0]));
    h.cpu->x[1] = MMIO_BASE;
    h.cpu->x[2] = h.cpu->x[3] = h.cpu->x[4] = 0;
    tb_flush(h.cpu);
    h.cpu->pc = pa;
    assert_int_equal(cpu_run(h.cpu, 100000), CPU_EXIT_REQUEST);
    assert_int_equal(h.cpu->pc, pa + 8);
    h.hvc = -1;
    cpu_run(h.cpu, 100000);
    /* The block at 8 ran once: its fall-through exit went to 16, not back
     * to itself through a slot patched via the freed first block. */
    assert_int_equal(h.cpu->x[3], 1);
    assert_int_equal(h.hvc, 0);
    ch_destroy(&h);
}

static void test_flush_mid_block_threaded(void **state)
{
    (void)state;
    run(false);
}

static void test_flush_mid_block_native(void **state)
{
    (void)state;
    run(true);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flush_mid_block_threaded),
        cmocka_unit_test(test_flush_mid_block_native),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
