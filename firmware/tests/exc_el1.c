/* exc_el1.c - synchronous exceptions taken from EL1 and exception return:
 * SVC and BRK syndromes and return addresses, the vector used with SP_EL0
 * and SP_EL1, PC alignment faults after a branch to a misaligned address,
 * and illegal exception returns (PSTATE.IL set, the next instruction takes
 * an Illegal Execution state exception, EC 0x0E). */
#include "sys_common.h"

extern char svc_at[], brk_at[], illegal_target[];

static __attribute__((noinline)) void svc_brk(void)
{
    faults_reset();
    __asm__ volatile(".globl svc_at\nsvc_at: svc #0x4242" ::: "memory");
    show("SVC from EL1: esr", fault_esr, 0x56004242);
    show("SVC from EL1: elr (next instruction)", fault_elr, (uint64_t)svc_at + 4);
    show("SVC from EL1h: vector (current EL, SP_ELx)", fault_vector, 4);
    show("SVC: SPSR.M = EL1h", fault_spsr & 0x1f, 5);

    faults_reset();
    __asm__ volatile(".globl brk_at\nbrk_at: brk #0x77\n.globl after_brk\nafter_brk:" ::: "memory");
    show("BRK: esr", fault_esr, 0xf2000077);
    show("BRK: elr is the BRK", fault_elr, (uint64_t)brk_at);

    /* From EL1t (SPSel = 0): vector 0. */
    faults_reset();
    __asm__ volatile("mov x9, sp\n"
                     "msr sp_el0, x9\n"
                     "msr spsel, #0\n"
                     "svc #1\n"
                     "msr spsel, #1\n" ::: "x9", "memory");
    show("SVC from EL1t: vector (current EL, SP_EL0)", fault_vector, 0);
    show("SVC from EL1t: SPSR.M = EL1t", fault_spsr & 0x1f, 4);
}

static __attribute__((noinline)) void pc_alignment(void)
{
    for (unsigned off = 1; off < 4; off++) {
        faults_reset();
        uint64_t resume, target;
        __asm__ volatile("adr %0, 1f\n"
                         "str %0, [%2]\n"
                         "add %1, %0, %3\n"
                         "br %1\n"
                         "1:\n"
                         : "=&r"(resume), "=&r"(target)
                         : "r"(&fault_resume), "r"((uint64_t)off)
                         : "memory");
        fw_printf("BR to +%u: ", off);
        show("esr", fault_esr, 0x8a000000);
        fw_printf("BR to +%u: ", off);
        show("elr", fault_elr, target);
        fw_printf("BR to +%u: ", off);
        show("far", fault_far, target);
        fw_printf("BR to +%u: ", off);
        show("target - resume", target - resume, off);
    }
}

/* ERET with SPSR = spsr to illegal_target: returns "illegally", so the
 * instruction there takes EC 0x0E. */
static __attribute__((noinline)) void illegal(const char *what, uint64_t spsr, int check_el0_sp)
{
    faults_reset();
    uint64_t daif_after;
    __asm__ volatile("adr x9, illegal_target\n"
                     "msr elr_el1, x9\n"
                     "msr spsr_el1, %1\n"
                     "eret\n"
                     ".globl illegal_target\nillegal_target:\n"
                     "nop\n"
                     "mrs %0, daif\n"
                     : "=r"(daif_after)
                     : "r"(spsr)
                     : "x9", "memory");
    fw_printf("%s: ", what);
    show("faults", fault_count, 1);
    fw_printf("%s: ", what);
    show("esr (EC 0x0E)", fault_esr, 0x0eul << 26 | 1ul << 25);
    fw_printf("%s: ", what);
    show("elr is the target", fault_elr, (uint64_t)illegal_target);
    fw_printf("%s: ", what);
    show("SPSR.IL", fault_spsr >> 20 & 1, 1);
    fw_printf("%s: ", what);
    show("SPSR.M (EL and SP kept)", fault_spsr & 0x1f, 5);
    fw_printf("%s: ", what);
    show("DAIF from the SPSR", daif_after, spsr & 0x3c0);
    (void)check_el0_sp;
}

int fw_main(uint64_t dtb)
{
    (void)dtb;
    sys_init();
    svc_brk();
    pc_alignment();
    illegal("return to EL2h", 0x3c9, 0);
    illegal("return to EL3h", 0x1cd, 0);
    /* (Returns to AArch32 are legal on QEMU's max, which has AArch32 at
     * EL0 and EL1: the unit tests cover them.) */
    illegal("return to EL0 with SP_EL1 (M = 0b0001)", 0x381, 1);
    illegal("M[1] set (reserved)", 0x3c7, 0);
    SYSREG_WRITE(DAIF, 0x3c0);
    fw_printf("info: %d cases\n", ncases);
    return 0;
}
