/* mmu_walk_abort.c - a translation table walk that reads where nothing is
 * mapped takes a synchronous external abort on the walk: DFSC 0b0101xx
 * with the level, FAR = the VA, and ESR.S1PTW = 0 (S1PTW flags stage-2
 * faults taken during a stage-1 walk; there is no stage 2 here). ESR.EA
 * is IMPLEMENTATION DEFINED and not compared. */
#include "sys_common.h"

#define VA 0x4000000000ul

int fw_main(uint64_t dtb)
{
    (void)dtb;
    sys_init();
    pt_t pt;
    pt_init(&pt, 12, 39);
    pt_identity(&pt);
    /* Level 2 -> a level-3 table at 1 TiB (nothing there). */
    *pt_slot(&pt, VA, 2, 0) = 0x10000000000ul | PTE_TABLE;
    /* Level 1 -> a level-2 table at 1 TiB. */
    *pt_slot(&pt, VA + (1ul << 30), 1, 0) = 0x10000000000ul | PTE_TABLE;
    mmu_enable(tcr_for(12, 39) | 1ul << 23, (uint64_t)pt.root, 0);
    static const struct { const char *name; uint64_t va, dfsc; int write; } c[] = {
        { "read, level-3 table missing", VA + 0x123 * 8, 0x17, 0 },
        { "write, level-3 table missing", VA + 0x1000, 0x17 | 0x40, 1 },
        { "read, level-2 table missing", VA + (1ul << 30), 0x16, 0 },
    };
    for (unsigned i = 0; i < 3; i++) {
        faults_reset();
        if (c[i].write)
            *(volatile uint64_t *)c[i].va = 1;
        else
            (void)*(volatile uint64_t *)c[i].va;
        fw_printf("%s: ", c[i].name);
        show("faults", fault_count, 1);
        fw_printf("%s: ", c[i].name);
        show("esr", fault_esr & ~0x200ul, 0x96000000ul | c[i].dfsc);
        fw_printf("%s: ", c[i].name);
        show("far", fault_far, c[i].va);
    }
    mmu_disable();
    fw_printf("info: %d cases\n", ncases);
    return 0;
}
