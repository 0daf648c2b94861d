/* mmu_at.c - address translation instructions: AT S1E1R/S1E1W/S1E0R/S1E0W
 * write PAR_EL1 (PA and memory attributes, or F=1 with the fault status)
 * and take no exception (but for an external abort on the walk); with the
 * MMU off, on and under PAN. */
#include "sys_common.h"

#define TEST_VA 0x4000000000ul
#define PG 4096ul

static uint8_t *pages;
static uint64_t pa_of(int i) { return (uint64_t)pages + PG * (uint64_t)i; }
static uint64_t va_of(int i) { return TEST_VA + PG * (uint64_t)i; }

/* PAR_EL1 with F = 0: PA 47:12, ATTR 63:56, SH 8:7, NS 9 (and IMPLEMENTATION
 * DEFINED bit 10, RES1 bit 11, not compared). */
#define PAR_MASK (0xff0000fffffff000ul | 0x381ul)
static void par_ok(const char *what, uint64_t par, uint64_t pa, uint64_t attr, uint64_t sh)
{
    uint64_t mask = PAR_MASK;
    if (sh == 2 && (attr == 0x44 || (attr & 0xf0) == 0)) {
        /* Device and Normal Non-cacheable memory is Outer Shareable, and
         * the Arm pseudocode (PAREncodeShareability) reports SH = 0b10
         * for it; QEMU 7.2 reports the descriptor's SH (0b00 with the MMU
         * off). Both are printed, neither compared. */
        mask &= ~0x180ul;
        fw_printf("info: %s: SH = %lu\n", what, (unsigned long)(par >> 7 & 3));
    }
    fw_printf("%s: ", what);
    show("PAR (F=0)", par & mask, ((pa & ~0xffful) | attr << 56 | sh << 7 | (par & 0x200)) & mask);
    fw_printf("%s: ", what);
    show("PAR.NS", par >> 9 & 1, 1);
}

/* F = 1: FST 6:1, PTW 8, S 9. */
static void par_fault(const char *what, uint64_t par, uint64_t fst)
{
    fw_printf("%s: ", what);
    show("PAR (F=1)", par & 0x3ff, 1 | fst << 1);
}

enum { P_WB, P_DEV, P_NC, P_RO, P_EL0, P_NOAF, P_COUNT };

int fw_main(uint64_t dtb)
{
    (void)dtb;
    sys_init();
    pages = scratch(0);

    /* MMU off: flat, Device-nGnRnE, Outer Shareable. */
    faults_reset();
    par_ok("MMU off, S1E1R", AT(s1e1r, pa_of(0) + 0x123), pa_of(0), 0x00, 2);
    par_ok("MMU off, S1E0W", AT(s1e0w, pa_of(1)), pa_of(1), 0x00, 2);
    par_fault("MMU off, VA above 48 bits", AT(s1e1r, 1ul << 60), 0x00);
    show("MMU off: AT never faults", fault_count, 0);

    pt_t pt;
    pt_init(&pt, 12, 39);
    pt_identity(&pt);
    static const uint64_t attrs[P_COUNT] = {
        [P_WB] = NORMAL,
        [P_DEV] = DEVICE | PTE_SH_INNER,
        [P_NC] = PTE_ATTR(2) | PTE_SH_INNER | PTE_AF,
        [P_RO] = NORMAL | PTE_AP_RO,
        [P_EL0] = PTE_ATTR(1) | (2ul << 8) | PTE_AF | PTE_AP_EL0,
        [P_NOAF] = NORMAL & ~PTE_AF,
    };
    for (int i = 0; i < P_COUNT; i++)
        pt_map(&pt, va_of(i), pa_of(i), PG, 3, attrs[i]);
    pt_map(&pt, TEST_VA + (1ul << 21), 0x40000000ul, 1ul << 21, 2, NORMAL); /* a block */
    mmu_enable(tcr_for(12, 39) | 1ul << 23, (uint64_t)pt.root, 0);

    faults_reset();
    par_ok("Normal WB inner shareable", AT(s1e1r, va_of(P_WB) + 0x10), pa_of(P_WB), 0xff, 3);
    par_ok("S1E1W of Normal WB", AT(s1e1w, va_of(P_WB)), pa_of(P_WB), 0xff, 3);
    par_ok("Device (SH reads as outer)", AT(s1e1r, va_of(P_DEV)), pa_of(P_DEV), 0x00, 2);
    par_ok("Normal NC (SH reads as outer)", AT(s1e1r, va_of(P_NC)), pa_of(P_NC), 0x44, 2);
    par_ok("outer shareable EL0 page, S1E0R", AT(s1e0r, va_of(P_EL0)), pa_of(P_EL0), 0xff, 2);
    par_ok("block: PA from the block", AT(s1e1r, TEST_VA + (1ul << 21) + 0x5000),
           0x40005000ul, 0xff, 3);
    par_ok("identity map", AT(s1e1r, pa_of(P_WB)), pa_of(P_WB), 0xff, 3);

    par_fault("S1E1W of read-only", AT(s1e1w, va_of(P_RO)), 0x0f);
    par_fault("S1E0R of EL1-only", AT(s1e0r, va_of(P_WB)), 0x0f);
    par_fault("S1E0W of EL1-only", AT(s1e0w, va_of(P_WB)), 0x0f);
    par_ok("S1E0W of EL0 page", AT(s1e0w, va_of(P_EL0)), pa_of(P_EL0), 0xff, 2);
    par_fault("AF = 0", AT(s1e1r, va_of(P_NOAF)), 0x0b);
    par_fault("unmapped page (level 3)", AT(s1e1r, va_of(P_COUNT + 3)), 0x07);
    par_fault("unmapped level 2", AT(s1e1r, TEST_VA + (9ul << 21)), 0x06);
    par_fault("outside both ranges (level 0)", AT(s1e1r, 1ul << 45), 0x04);
    show("MMU on: AT never faults", fault_count, 0);

    /* Except for one fault: a synchronous external abort on the walk is
     * taken as a Data Abort (CM = 1, WnR = 1), not reported in PAR. The
     * level-2 entry points the walk at a table where nothing is. */
    *pt_slot(&pt, TEST_VA + (12ul << 21), 2, 0) = 0x10000000000ul | PTE_TABLE;
    tlbi_all();
    faults_reset();
    SYSREG_WRITE(par_el1, 0x1234000);
    uint64_t par0 = AT(s1e1r, TEST_VA + (12ul << 21) + 0x10);
    show("walk abort: taken", fault_count, 1);
    show("walk abort: esr (EA bit not compared)", fault_esr & ~0x200ul, 0x96000157);
    show("walk abort: far", fault_far, TEST_VA + (12ul << 21) + 0x10);
    show("walk abort: PAR unchanged", par0, 0x1234000);

    /* PAN restricts EL1 data accesses, not AT S1E1R/W (that is FEAT_PAN2's
     * AT S1E1RP/WP). */
    SYSREG_WRITE(s3_0_c4_c2_3, 1ul << 22);
    ISB();
    par_ok("PAN: S1E1R of an EL0 page", AT(s1e1r, va_of(P_EL0)), pa_of(P_EL0), 0xff, 2);
    SYSREG_WRITE(s3_0_c4_c2_3, 0);
    ISB();

    /* MAIR changes show up in the next AT. */
    uint64_t par;
    __asm__ volatile("msr mair_el1, %1; isb; at s1e1r, %2; isb; mrs %0, par_el1;"
                     "msr mair_el1, %3; isb"
                     : "=&r"(par)
                     : "r"(0x04ul << 8), "r"(va_of(P_WB)), "r"(MAIR_VALUE)
                     : "memory");
    par_ok("MAIR attr1 = Device-nGnRE", par, pa_of(P_WB), 0x04, 2);

    mmu_disable();
    fw_printf("info: %d cases\n", ncases);
    return 0;
}
