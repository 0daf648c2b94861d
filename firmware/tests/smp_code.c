/* smp_code.c - code written by one CPU runs correctly on another after the
 * architectural maintenance sequence (Arm ARM B2.2.5, "Concurrent
 * modification and execution of instructions"): the writer cleans the data
 * cache to the point of unification (DC CVAU), DSB ISH, invalidates the
 * instruction cache (IC IVAU), DSB ISH and tells the other CPU, which runs
 * an ISB before executing. CPU 1 has executed the old code each time (a
 * translator caches it), so stale translations would show.
 * run: -smp 2 -accel tcg,thread=single
 * run: -smp 2 -accel tcg,thread=multi */
#include "fw_smp.h"

#define LIMIT 100000000ull
#define ROUNDS 8

/* Writable and (MMU off) executable: a function of two instructions. */
static volatile uint32_t code[16] __attribute__((aligned(64)));
static volatile uint32_t cmd, ack, result;

static void secondary(void *arg)
{
    (void)arg;
    for (uint32_t n = 1;; n++) {
        if (!fw_wait_eq(&cmd, n, LIMIT))
            return;
        __asm__ volatile("isb" ::: "memory");
        uint32_t (*fn)(void) = (uint32_t (*)(void))(uintptr_t)code;
        result = fn();
        fw_store_release(&ack, n);
    }
}

static uint32_t remote_call(void)
{
    static uint32_t n;
    n++;
    fw_store_release(&cmd, n);
    if (!fw_wait_eq(&ack, n, LIMIT))
        return ~0u;
    return result;
}

static void write_code(uint32_t imm)
{
    code[0] = 0x52800000u | imm << 5; /* MOVZ W0, #imm */
    code[1] = 0xd65f03c0u;            /* RET */
    __asm__ volatile("dc cvau, %0\n dsb ish\n ic ivau, %0\n dsb ish" ::"r"(code) : "memory");
}

int fw_main(uint64_t dtb)
{
    (void)dtb;
    write_code(100);
    CHECK_EQ(fw_cpu_on(1, secondary, 0), PSCI_SUCCESS);
    for (uint32_t r = 0; r < ROUNDS; r++) {
        CHECK_EQ(remote_call(), 100 + r);  /* the current code, run (again) on CPU 1 */
        write_code(101 + r);
        CHECK_EQ(remote_call(), 101 + r);  /* the new code, after CPU 1 ran the old */
    }
    fw_printf("CPU 1 ran the code CPU 0 wrote, %d rewrites\n", ROUNDS);
    /* The same on CPU 0 after CPU 1 ran it: its own ISB suffices. */
    write_code(7);
    CHECK_EQ(remote_call(), 7);
    __asm__ volatile("isb" ::: "memory");
    CHECK_EQ(((uint32_t (*)(void))(uintptr_t)code)(), 7);
    write_code(8);
    __asm__ volatile("isb" ::: "memory");
    CHECK_EQ(((uint32_t (*)(void))(uintptr_t)code)(), 8);
    CHECK_EQ(remote_call(), 8);
    fw_printf("both CPUs agree after rewrites\n");
    return 0;
}
