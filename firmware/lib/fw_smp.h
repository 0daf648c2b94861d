/* fw_smp.h - starting secondary CPUs for firmware tests (PSCI CPU_ON), and
 * the atomics and barriers the tests share between CPUs. Run such a test
 * with several CPUs: a line `run: -smp 4` in a comment of the test source
 * makes tests/run-firmware.sh pass those options to tinyvm and to QEMU. */
#ifndef TINYVM_FW_SMP_H
#define TINYVM_FW_SMP_H

#include "fw.h"

#define FW_MAX_CPUS 8

/* PSCI return codes (Arm DEN 0022). */
#define PSCI_SUCCESS 0
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_ALREADY_ON (-4)

/* Start CPU cpu (MPIDR Aff0 = cpu, QEMU virt numbering) at fn(arg) on its
 * own stack, EL1h, MMU off, the firmware's exception vectors. When fn
 * returns, the CPU turns itself off (PSCI CPU_OFF). Returns the PSCI
 * CPU_ON result. */
int64_t fw_cpu_on(int cpu, void (*fn)(void *arg), void *arg);
int64_t fw_affinity_info(int cpu); /* 0 ON, 1 OFF, 2 ON_PENDING, or an error */
int fw_cpu_index(void);            /* MPIDR_EL1.Aff0 of the running CPU */

/* Wait (spinning, with WFE allowed to return early) until *p == want or
 * about `limit` rounds passed; returns whether the value arrived. */
bool fw_wait_eq(volatile uint32_t *p, uint32_t want, uint64_t limit);

static inline uint32_t fw_load_acquire(volatile uint32_t *p)
{
    uint32_t v;
    __asm__ volatile("ldar %w0, [%1]" : "=r"(v) : "r"(p) : "memory");
    return v;
}

static inline void fw_store_release(volatile uint32_t *p, uint32_t v)
{
    __asm__ volatile("stlr %w0, [%1]" ::"r"(v), "r"(p) : "memory");
}

/* Atomic add with a load/store-exclusive pair; returns the old value. */
static inline uint32_t fw_excl_add(volatile uint32_t *p, uint32_t v)
{
    uint32_t old, tmp, fail;
    __asm__ volatile("1: ldaxr %w0, [%3]\n"
                     "   add %w1, %w0, %w4\n"
                     "   stlxr %w2, %w1, [%3]\n"
                     "   cbnz %w2, 1b\n"
                     : "=&r"(old), "=&r"(tmp), "=&r"(fail)
                     : "r"(p), "r"(v)
                     : "memory");
    return old;
}

/* FEAT_LSE LDADDAL; returns the old value. */
static inline uint32_t fw_lse_add(volatile uint32_t *p, uint32_t v)
{
    uint32_t old;
    __asm__ volatile(".arch_extension lse\n"
                     "ldaddal %w1, %w0, [%2]"
                     : "=r"(old)
                     : "r"(v), "r"(p)
                     : "memory");
    return old;
}

#define DSB_ISH() __asm__ volatile("dsb ish" ::: "memory")
#define DMB_ISH() __asm__ volatile("dmb ish" ::: "memory")

#endif
