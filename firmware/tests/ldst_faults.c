/* ldst_faults.c - faults of loads and stores are precise: translation,
 * permission and external aborts with ESR/FAR/ELR, no register (not even a
 * write-back base or the first register of a pair) changed; the SP
 * alignment check (SCTLR_EL1.SA, EC 0x26) with its exceptions (PRFM, non-SP
 * bases); permission faults of atomics and exclusives on read-only memory. */
#include "ldst_common.h"

__asm__(".arch_extension lse");

static uint64_t data[8] __attribute__((aligned(64)));

#define RAM_END 0x50000000ul /* the runner boots both machines with -m 256M */

/* Run asm that faults exactly once at label 1 with x1..x4 = v1..v4; the
 * registers the instruction left are copied to r1..r4 at once (calls
 * clobber x1..x4, so nothing may run between setting them and the asm).
 * ESR bit 9 (EA) is left out of the comparison: its meaning for external
 * aborts is IMPLEMENTATION DEFINED (QEMU: 0 for a decode error). */
#define FAULT_CASE(label, asmtext, want_esr, want_far, v1, v2, v3, v4)                     \
    do {                                                                                   \
        faults_reset();                                                                    \
        register uint64_t x1 __asm__("x1") = (v1);                                         \
        register uint64_t x2 __asm__("x2") = (v2);                                         \
        register uint64_t x3 __asm__("x3") = (v3);                                         \
        register uint64_t x4 __asm__("x4") = (v4);                                         \
        __asm__ volatile("adr %4, 1f\n1:\t" asmtext                                        \
                         : "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "=&r"(insn) : : "memory"); \
        r1 = x1; r2 = x2; r3 = x3; r4 = x4;                                                \
        show(label " faults", fault_count, 1);                                             \
        show(label " esr", fault_esr & ~0x200ul, want_esr);                                \
        show(label " far", fault_far - (want_far), 0);                                     \
        show(label " elr", fault_elr - insn, 0);                                           \
    } while (0)

static void precise(void)
{
    uint64_t insn, r1, r2, r3, r4;

    /* Translation fault (level 1) on a pre-indexed load: Rt and Rn kept. */
    FAULT_CASE("ldr pre unmapped", "ldr x1, [x2, #8]!", 0x96000005ul, UNMAPPED_VA + 8,
               0x1111, UNMAPPED_VA, 0x3333, 0x4444);
    show("ldr pre unmapped rt", r1, 0x1111);
    show("ldr pre unmapped rn", r2 - UNMAPPED_VA, 0);

    /* Post-indexed store: translation fault as a write, base kept. */
    FAULT_CASE("str post unmapped", "str x1, [x2], #-64", 0x96000045ul, UNMAPPED_VA + 64,
               0x1111, UNMAPPED_VA + 64, 0, 0);
    show("str post unmapped rn", r2 - UNMAPPED_VA, 64);

    /* A pair whose second half is past the end of RAM: synchronous
     * external abort at the second address; neither register written. */
    FAULT_CASE("ldp post past ram", "ldp x3, x4, [x2], #16", 0x96000010ul, RAM_END,
               0, RAM_END - 8, 0x3333, 0x4444);
    show("ldp post past ram rn", r2 - RAM_END, -8ul);
    show("ldp post past ram rt", r3, 0x3333);
    show("ldp post past ram rt2", r4, 0x4444);

    /* Load pair into the base register itself, faulting: base kept. */
    FAULT_CASE("ldp into base", "ldp x2, x3, [x2]", 0x96000005ul, UNMAPPED_VA,
               0, UNMAPPED_VA, 0x3333, 0);
    show("ldp into base rn", r2 - UNMAPPED_VA, 0);
    show("ldp into base rt2", r3, 0x3333);

    /* Sign-extending load, register offset. */
    FAULT_CASE("ldrsw reg unmapped", "ldrsw x1, [x2, x3, lsl #2]", 0x96000005ul,
               UNMAPPED_VA + 0x40, 0x1111, UNMAPPED_VA, 0x10, 0);
    show("ldrsw reg unmapped rt", r1, 0x1111);

    /* Permission faults on the read-only alias: stores, atomics,
     * store-exclusive, CAS (even when the comparison fails). */
    uint64_t ro = (uint64_t)alias_of(data, RO_OFFSET);
    data[0] = 0x77;
    __asm__ volatile("ldr %0, [%1]" : "=r"(r1) : "r"(ro) : "memory");
    show("ldr read-only", r1, 0x77);
    FAULT_CASE("str read-only", "str x1, [x2, #8]", 0x9600004dul, ro + 8, 0x1111, ro, 0, 0);
    FAULT_CASE("stp read-only pre", "stp x1, x1, [x2, #16]!", 0x9600004dul, ro + 16,
               0x1111, ro, 0, 0);
    show("stp read-only pre rn", r2 - ro, 0);
    FAULT_CASE("ldadd read-only", "ldadd x3, x1, [x2]", 0x9600004dul, ro, 0x1111, ro, 0x3333, 0);
    show("ldadd read-only rt", r1, 0x1111);
    FAULT_CASE("swp read-only", "swp x3, x1, [x2]", 0x9600004dul, ro, 0x1111, ro, 0x3333, 0);
    FAULT_CASE("cas read-only miss", "cas x1, x3, [x2]", 0x9600004dul, ro, 0x1111, ro, 0x3333, 0);
    show("cas read-only rs", r1, 0x1111);
    FAULT_CASE("stxr read-only", "ldxr x1, [x2]\n\tadr %4, 2f\n2:\tstxr w4, x3, [x2]",
               0x9600004dul, ro, 0, ro, 0x3333, 0x4444);
    show("stxr read-only ldxr value", r1, 0x77);
    show("stxr read-only status kept", r4, 0x4444);
    show("read-only memory kept", data[0], 0x77);
}

/* SP alignment: the test runs on SP_EL0 (EL1t) so that the exception
 * handler, on SP_EL1, has a good stack while SP_EL0 is misaligned.
 * QEMU does not implement the SCTLR_EL1.SA check (it omits it for speed),
 * so the cases with SA = 1 print "info:" lines the runner does not compare
 * and are not checked here; tests/unit/test_cpu_ldst.c checks them against
 * the pseudocode (CheckSPAlignment). The SA = 0 cases are compared. */
static uint64_t stack[64] __attribute__((aligned(16)));

#define SP_CASE(label, sp_off, asmtext, want_faults, sp_delta)                             \
    do {                                                                                   \
        faults_reset();                                                                    \
        uint64_t insn_, sp_after_;                                                         \
        __asm__ volatile("msr spsel, #0\n\t"                                               \
                         "mov sp, %2\n\t"                                                  \
                         "adr %0, 1f\n"                                                    \
                         "1:\t" asmtext "\n\t"                                             \
                         "mov %1, sp\n\t"                                                  \
                         "msr spsel, #1"                                                   \
                         : "=&r"(insn_), "=&r"(sp_after_)                                  \
                         : "r"((uint64_t)&stack[32] + (sp_off)), "r"(&stack[40])           \
                         : "x11", "x12", "memory");                                        \
        if (checked) {                                                                     \
            show(label " faults", fault_count, want_faults);                               \
            show(label " sp", sp_after_ - (uint64_t)&stack[32], (uint64_t)(sp_off) + (sp_delta)); \
        } else {                                                                           \
            fw_printf("info: %s: %d fault(s), ESR 0x%lx, ELR-insn 0x%lx, SP 0x%lx\n",      \
                      label, fault_count, (unsigned long)fault_esr,                         \
                      (unsigned long)(fault_elr - insn_),                                   \
                      (unsigned long)(sp_after_ - (uint64_t)&stack[32]));                   \
        }                                                                                  \
    } while (0)

static void sp_alignment(void)
{
    uint64_t sctlr = SYSREG_READ(sctlr_el1);
    SYSREG_WRITE(sctlr_el1, sctlr | 1ul << 3); /* SA */
    ISB();
    bool checked = false;
    SP_CASE("sa ldr [sp] misaligned", 8, "ldr x11, [sp]", 1, 0);
    SP_CASE("sa ldr [sp, #8] aligned sp", 0, "ldr x11, [sp, #8]", 0, 0);
    SP_CASE("sa ldur [sp, #-4] aligned sp", 0, "ldur w11, [sp, #-4]", 0, 0);
    SP_CASE("sa str [sp, #-8]! misaligned", 4, "str x11, [sp, #-8]!", 1, 0);
    SP_CASE("sa ldp [sp], #16 misaligned", 8, "ldp x11, x12, [sp], #16", 1, 0);
    SP_CASE("sa stp [sp, #-16]! misaligned", 8, "stp x11, x12, [sp, #-16]!", 1, 0);
    SP_CASE("sa ldr [sp, x] misaligned", 2, "mov x12, #6\n\tldr x11, [sp, x12]", 1, 0);
    SP_CASE("sa ldxr [sp] misaligned", 8, "ldxr x11, [sp]", 1, 0);
    SP_CASE("sa ldar [sp] misaligned", 8, "ldar x11, [sp]", 1, 0);
    SP_CASE("sa prfm [sp] misaligned", 8, "prfm pldl1keep, [sp]", 0, 0);
    SP_CASE("sa ldr [x3] misaligned", 8, "mov x11, sp\n\tldr x11, [x11]", 0, 0);
    SYSREG_WRITE(sctlr_el1, sctlr & ~(1ul << 3));
    ISB();
    checked = true;
    SP_CASE("no sa ldr [sp] misaligned", 8, "ldr x11, [sp]", 0, 0);
    SP_CASE("no sa stp [sp, #-16]! misaligned", 8, "stp x11, x12, [sp, #-16]!", 0, (uint64_t)-16);
    SYSREG_WRITE(sctlr_el1, sctlr);
    ISB();
}

int fw_main(uint64_t dtb)
{
    (void)dtb;
    mmu_on();
    fw_set_handler(record_fault);
    precise();
    sp_alignment();
    fw_printf("info: %d cases\n", ncases);
    return 0;
}
