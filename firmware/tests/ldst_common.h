/* ldst_common.h - shared by the firmware/tests/ldst_*.c programs: an
 * identity-mapped MMU (so RAM is Normal memory, where unaligned accesses
 * are allowed; with the MMU off every data access is Device-nGnRnE), a
 * fault catcher, and result lines that the test runner compares with the
 * oracle's (qemu-system-aarch64) line for line. */
#ifndef LDST_COMMON_H
#define LDST_COMMON_H

#include "fw.h"

/* One level-1 table, 4 KiB granule, T0SZ = 25 (39-bit VAs): 1 GiB blocks.
 *   [0] 0x00000000 device (UART, ...), EL1 only
 *   [1] 0x40000000 RAM, Normal write-back, EL1 only
 *   [2] 0x80000000 -> RAM again, EL0 and EL1 read/write, never executable:
 *       what LDTR/STTR at EL1 may touch
 *   [3] 0xc0000000 -> RAM again, read-only at EL1, never executable
 *   [4] and up: unmapped (translation fault, level 1). */
static uint64_t l1_table[512] __attribute__((aligned(4096)));
#define ALIAS_OFFSET 0x40000000ul /* VA in the EL0 alias = PA + ALIAS_OFFSET */
#define RO_OFFSET 0x80000000ul    /* VA in the read-only alias = PA + RO_OFFSET */
#define UNMAPPED_VA 0x100000000ul

static inline void mmu_on(void)
{
    const uint64_t af = 1ul << 10, sh_inner = 3ul << 8, block = 1, ap_el0_rw = 1ul << 6;
    const uint64_t ap_el1_ro = 2ul << 6;
    const uint64_t uxn = 1ul << 54, pxn = 1ul << 53;
    l1_table[0] = 0x00000000ul | af | (0ul << 2) | block | uxn | pxn;
    l1_table[1] = 0x40000000ul | af | sh_inner | (1ul << 2) | block;
    l1_table[2] = 0x40000000ul | af | sh_inner | (1ul << 2) | block | ap_el0_rw | uxn | pxn;
    l1_table[3] = 0x40000000ul | af | sh_inner | (1ul << 2) | block | ap_el1_ro | uxn | pxn;
    SYSREG_WRITE(mair_el1, 0xff00ul); /* attr0 Device-nGnRnE, attr1 Normal WB */
    /* T0SZ 25, IRGN0/ORGN0 WB, SH0 inner, TG0 4K, EPD1 (no TTBR1 walks), IPS 32 bits. */
    SYSREG_WRITE(tcr_el1, 25ul | 1ul << 8 | 1ul << 10 | 3ul << 12 | 1ul << 23);
    SYSREG_WRITE(ttbr0_el1, (uint64_t)l1_table);
    __asm__ volatile("dsb sy; tlbi vmalle1; dsb sy; isb" ::: "memory");
    uint64_t sctlr = SYSREG_READ(sctlr_el1);
    sctlr |= 1ul << 0 | 1ul << 2 | 1ul << 12; /* M, C, I */
    sctlr &= ~(1ul << 1 | 1ul << 3 | 1ul << 4); /* A, SA, SA0: no alignment checks */
    SYSREG_WRITE(sctlr_el1, sctlr);
    ISB();
}

/* ---- faults: a handler that records the exception and skips the
 * faulting instruction. */
static volatile int fault_count;
static volatile uint64_t fault_esr, fault_far, fault_elr;

static bool record_fault(fw_frame_t *f, int vector, uint64_t esr, uint64_t far)
{
    (void)vector;
    fault_count++;
    fault_esr = esr;
    fault_far = far;
    fault_elr = f->elr;
    f->elr += 4;
    return true;
}

static inline void faults_reset(void)
{
    fault_count = 0;
    fault_esr = fault_far = fault_elr = 0;
}

/* ---- results: every checked value is printed, so the runner's diff
 * against the oracle compares each of them too. */
static int ncases;

static inline void show(const char *name, uint64_t got, uint64_t want)
{
    ncases++;
    fw_printf("%s = 0x%lx\n", name, (unsigned long)got);
    if (got != want) {
        fw_printf("FAIL %s: want 0x%lx\n", name, (unsigned long)want);
        fw_failures++;
    }
}

/* p moved into another mapping, out of the compiler's sight (it would
 * otherwise warn about the array bounds). */
static inline void *alias_of(void *p, uint64_t offset)
{
    __asm__("add %0, %0, %1" : "+r"(p) : "r"(offset));
    return p;
}

static inline bool have_lse(void)
{
    return (SYSREG_READ(id_aa64isar0_el1) >> 20 & 0xf) >= 2;
}

#endif
