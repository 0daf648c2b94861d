/* exc_el0.c - exception entry and return between EL0 and EL1 (MMU off):
 * SVC with its ESR/ELR/SPSR, ERET to EL0, the EL0 view of system registers
 * -- UNDEFINED for EL1 registers and instructions, EC 0x18 traps with the
 * instruction's ISS for what SCTLR_EL1/CNTKCTL_EL1 control, EC 0x01 for
 * WFI/WFE.
 *
 * Not here because QEMU 7.2 does not implement them (tests/unit/test_cpu_sys.c
 * covers them): the SP alignment check, the MDSCR_EL1.TDCC trap, and the
 * WFE trap (QEMU's WFE never waits, so never traps). */
#include "sys_common.h"

/* EL0 snippets. Each is a function run by el0_call(): x0 = argument,
 * returns through x30 = el0_exit. Written in asm so the faulting
 * instruction's address is known (label + offset). */
extern char el0_svc[], el0_svc_after[];
extern char el0_mrs_sctlr[], el0_ctr[], el0_dczid[], el0_dczva[], el0_dccvau[], el0_icivau[];
extern char el0_cntvct[], el0_cntpct[], el0_cntfrq[], el0_cntp_ctl[], el0_cntv_ctl[];
extern char el0_daif_read[], el0_daifset[], el0_wfi[], el0_wfe[], el0_idreg[];
extern char el0_tpidr[], el0_tpidrro_write[], el0_spsel[], el0_eret[], el0_hvc[], el0_smc[];
extern char el0_tlbi[], el0_at[], el0_dcivac[], el0_icialluis[];
extern char el0_currentel[], el0_pan[], el0_mdccsr[];

__asm__(".text\n.balign 4\n"
        /* SVC with NZCV = x0 */
        ".globl el0_svc\nel0_svc:\n msr nzcv, x0\n svc #0x123\n"
        ".globl el0_svc_after\nel0_svc_after:\n mov x0, #7\n ret\n"
        ".globl el0_mrs_sctlr\nel0_mrs_sctlr:\n mrs x0, sctlr_el1\n ret\n"
        ".globl el0_ctr\nel0_ctr:\n mov x0, #0\n mrs x0, ctr_el0\n ret\n"
        ".globl el0_dczid\nel0_dczid:\n mrs x0, dczid_el0\n ret\n"
        ".globl el0_dczva\nel0_dczva:\n dc zva, x0\n ret\n"
        ".globl el0_dccvau\nel0_dccvau:\n dc cvau, x0\n ret\n"
        ".globl el0_icivau\nel0_icivau:\n ic ivau, x0\n ret\n"
        ".globl el0_cntvct\nel0_cntvct:\n mov x5, #0\n mrs x5, cntvct_el0\n mov x0, x5\n ret\n"
        ".globl el0_cntpct\nel0_cntpct:\n mov x6, #0\n mrs x6, cntpct_el0\n mov x0, x6\n ret\n"
        ".globl el0_cntfrq\nel0_cntfrq:\n mov x7, #0\n mrs x7, cntfrq_el0\n mov x0, x7\n ret\n"
        ".globl el0_cntp_ctl\nel0_cntp_ctl:\n mov x8, #0\n mrs x8, cntp_ctl_el0\n mov x0, x8\n ret\n"
        ".globl el0_cntv_ctl\nel0_cntv_ctl:\n msr cntv_ctl_el0, xzr\n ret\n"
        ".globl el0_daif_read\nel0_daif_read:\n mov x0, #1\n mrs x0, daif\n ret\n"
        ".globl el0_daifset\nel0_daifset:\n msr daifset, #4\n ret\n"
        ".globl el0_wfi\nel0_wfi:\n wfi\n ret\n"
        ".globl el0_wfe\nel0_wfe:\n sevl\n wfe\n ret\n"
        ".globl el0_idreg\nel0_idreg:\n mov x3, #0\n mrs x3, id_aa64isar0_el1\n ret\n"
        ".globl el0_tpidr\nel0_tpidr:\n msr tpidr_el0, x0\n mrs x1, tpidrro_el0\n add x0, x1, #1\n ret\n"
        ".globl el0_tpidrro_write\nel0_tpidrro_write:\n msr tpidrro_el0, x0\n ret\n"
        ".globl el0_spsel\nel0_spsel:\n msr spsel, #1\n ret\n"
        ".globl el0_eret\nel0_eret:\n eret\n ret\n"
        ".globl el0_hvc\nel0_hvc:\n hvc #0\n ret\n"
        ".globl el0_smc\nel0_smc:\n smc #0\n ret\n"
        ".globl el0_tlbi\nel0_tlbi:\n tlbi vmalle1\n ret\n"
        ".globl el0_at\nel0_at:\n at s1e0r, x0\n ret\n"
        ".globl el0_dcivac\nel0_dcivac:\n dc ivac, x0\n ret\n"
        ".globl el0_icialluis\nel0_icialluis:\n ic ialluis\n ret\n"
        ".globl el0_currentel\nel0_currentel:\n mrs x0, currentel\n ret\n"
        ".globl el0_pan\nel0_pan:\n .inst 0xd500419f\n ret\n"
        ".globl el0_mdccsr\nel0_mdccsr:\n mov x0, #3\n mrs x0, mdccsr_el0\n ret\n"
        );

#define CALL(sym, arg) el0_call((uint64_t(*)(uint64_t))(void *)(sym), (arg))

/* One EL0 call that must fault once at sym + off with esr. */
static void expect_fault(const char *name, char *sym, uint64_t arg, unsigned off, uint64_t esr)
{
    faults_reset();
    CALL(sym, arg);
    fw_printf("%s: ", name);
    show("faults", fault_count, 1);
    fw_printf("%s: ", name);
    show("esr", fault_esr, esr);
    fw_printf("%s: ", name);
    show("elr is the instruction", fault_elr - (uint64_t)sym, off);
    fw_printf("%s: ", name);
    show("from lower EL (vector 8)", fault_vector, 8);
}

/* The same, comparing only the ESR bits in mask; the whole ESR is info. */
static void expect_fault_masked(const char *name, char *sym, uint64_t arg, unsigned off, uint64_t esr,
                                uint64_t mask)
{
    faults_reset();
    CALL(sym, arg);
    fw_printf("%s: ", name);
    show("faults", fault_count, 1);
    fw_printf("%s: ", name);
    show("esr (masked)", fault_esr & mask, esr & mask);
    fw_printf("info: %s: esr = 0x%lx\n", name, (unsigned long)fault_esr);
    fw_printf("%s: ", name);
    show("elr is the instruction", fault_elr - (uint64_t)sym, off);
}

static void expect_undef(const char *name, char *sym, unsigned off)
{
    expect_fault(name, sym, 0, off, 0x02000000);
}

/* EC 0x18 ISS: Op0 21:20, Op2 19:17, Op1 16:14, CRn 13:10, Rt 9:5, CRm 4:1, Dir 0. */
static uint64_t sys64(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2,
                      unsigned rt, unsigned read)
{
    return 0x18ul << 26 | 1ul << 25 | (uint64_t)op0 << 20 | (uint64_t)op2 << 17 |
           (uint64_t)op1 << 14 | (uint64_t)crn << 10 | (uint64_t)rt << 5 | (uint64_t)crm << 1 | read;
}

static void svc_and_eret(void)
{
    faults_reset();
    uint64_t r = CALL(el0_svc, 0x90000000);
    show("SVC: handled once", fault_count, 1);
    show("SVC: ESR (EC 0x15, IL, imm16)", fault_esr, 0x56000123);
    show("SVC: ELR is the next instruction", fault_elr, (uint64_t)el0_svc_after);
    show("SVC: SPSR (NZCV from EL0, DAIF, EL0t)", fault_spsr, 0x900003c0);
    show("SVC: vector (lower EL, AArch64, sync)", fault_vector, 8);
    show("ERET back to EL0 continued after SVC", r, 7);
}

static void sctlr_set(uint64_t set, uint64_t clr)
{
    SYSREG_WRITE(sctlr_el1, (SYSREG_READ(sctlr_el1) | set) & ~clr);
    ISB();
}

#define UCT (1ul << 15)
#define DZE (1ul << 14)
#define UCI (1ul << 26)
#define UMA (1ul << 9)
#define NTWI (1ul << 16)
#define NTWE (1ul << 18)

static void traps(void)
{
    uint64_t buf = (uint64_t)el0_stack & ~63ul;

    expect_undef("EL0 mrs sctlr_el1", el0_mrs_sctlr, 0);
    expect_undef("EL0 mrs currentel", el0_currentel, 0);
    expect_undef("EL0 msr spsel", el0_spsel, 0);
    expect_undef("EL0 msr pan", el0_pan, 0);
    expect_undef("EL0 eret", el0_eret, 0);
    expect_undef("EL0 hvc", el0_hvc, 0);
    expect_undef("EL0 smc", el0_smc, 0);
    expect_undef("EL0 tlbi", el0_tlbi, 0);
    expect_undef("EL0 at", el0_at, 0);
    expect_undef("EL0 dc ivac", el0_dcivac, 0);
    expect_undef("EL0 ic ialluis", el0_icialluis, 0);

    /* CTR_EL0: SCTLR_EL1.UCT */
    sctlr_set(0, UCT);
    expect_fault("EL0 ctr_el0, UCT=0", el0_ctr, 0, 4, sys64(3, 3, 0, 0, 1, 0, 1));
    sctlr_set(UCT, 0);
    faults_reset();
    show("EL0 ctr_el0, UCT=1", CALL(el0_ctr, 0), SYSREG_READ(ctr_el0));
    show("EL0 ctr_el0, UCT=1: no fault", fault_count, 0);

    /* DC ZVA and DCZID_EL0.DZP: SCTLR_EL1.DZE */
    sctlr_set(0, DZE);
    show("EL0 dczid_el0, DZE=0 (DZP set)", CALL(el0_dczid, 0), 0x14);
    expect_fault("EL0 dc zva, DZE=0", el0_dczva, buf, 0, sys64(1, 3, 7, 4, 1, 0, 0));
    sctlr_set(DZE, 0);
    show("EL0 dczid_el0, DZE=1", CALL(el0_dczid, 0), 0x4);

    /* DC CVAU / IC IVAU: SCTLR_EL1.UCI */
    sctlr_set(0, UCI);
    expect_fault("EL0 dc cvau, UCI=0", el0_dccvau, buf, 0, sys64(1, 3, 7, 11, 1, 0, 0));
    expect_fault("EL0 ic ivau, UCI=0", el0_icivau, buf, 0, sys64(1, 3, 7, 5, 1, 0, 0));
    sctlr_set(UCI, 0);
    faults_reset();
    CALL(el0_dccvau, buf);
    CALL(el0_icivau, buf);
    show("EL0 dc cvau / ic ivau, UCI=1: no fault", fault_count, 0);

    /* DAIF: SCTLR_EL1.UMA */
    sctlr_set(0, UMA);
    expect_fault("EL0 mrs daif, UMA=0", el0_daif_read, 0, 4, sys64(3, 3, 4, 2, 1, 0, 1));
    /* QEMU 7.2 swaps Op1 and Op2 in this ISS (they are the instruction's
     * op1 = 3 and op2 = 6): compare the rest, print the whole ESR as info. */
    expect_fault_masked("EL0 msr daifset, UMA=0", el0_daifset, 0, 0, sys64(0, 3, 4, 4, 6, 31, 0),
                        ~0xfc000ul);
    sctlr_set(UMA, 0);
    faults_reset();
    show("EL0 mrs daif, UMA=1", CALL(el0_daif_read, 0), 0x3c0);
    show("EL0 mrs daif, UMA=1: no fault", fault_count, 0);

    /* WFI/WFE: SCTLR_EL1.nTWI/nTWE (EC 0x01, CV = 1, COND = 0b1110, TI) */
    sctlr_set(0, NTWI | NTWE);
    expect_fault("EL0 wfi, nTWI=0", el0_wfi, 0, 0, 0x01ul << 26 | 1ul << 25 | 0x1e00000);
    /* WFE traps only when it would wait: after SEVL it completes. */
    faults_reset();
    CALL(el0_wfe, 0);
    show("EL0 sevl; wfe, nTWE=0: no trap", fault_count, 0);
    sctlr_set(NTWI | NTWE, 0);

    /* Generic timer: CNTKCTL_EL1 EL0VCTEN/EL0PCTEN/EL0PTEN/EL0VTEN */
    SYSREG_WRITE(cntkctl_el1, 0);
    ISB();
    expect_fault("EL0 cntvct, EL0VCTEN=0", el0_cntvct, 0, 4, sys64(3, 3, 14, 0, 2, 5, 1));
    expect_fault("EL0 cntpct, EL0PCTEN=0", el0_cntpct, 0, 4, sys64(3, 3, 14, 0, 1, 6, 1));
    expect_fault("EL0 cntfrq, both 0", el0_cntfrq, 0, 4, sys64(3, 3, 14, 0, 0, 7, 1));
    expect_fault("EL0 cntp_ctl, EL0PTEN=0", el0_cntp_ctl, 0, 4, sys64(3, 3, 14, 2, 1, 8, 1));
    expect_fault("EL0 msr cntv_ctl, EL0VTEN=0", el0_cntv_ctl, 0, 0, sys64(3, 3, 14, 3, 1, 31, 0));
    SYSREG_WRITE(cntkctl_el1, 2); /* EL0VCTEN */
    ISB();
    faults_reset();
    uint64_t t0 = SYSREG_READ(cntvct_el0);
    uint64_t t = CALL(el0_cntvct, 0);
    show("EL0 cntvct, EL0VCTEN=1: no fault", fault_count, 0);
    show("EL0 cntvct is a current count", t >= t0, 1);
    show("EL0 cntfrq, EL0VCTEN=1", CALL(el0_cntfrq, 0), 62500000);
    expect_fault("EL0 cntpct, only EL0VCTEN", el0_cntpct, 0, 4, sys64(3, 3, 14, 0, 1, 6, 1));
    SYSREG_WRITE(cntkctl_el1, 0x301); /* EL0PTEN, EL0VTEN, EL0PCTEN */
    ISB();
    faults_reset();
    CALL(el0_cntpct, 0);
    show("EL0 cntp_ctl, EL0PTEN=1", CALL(el0_cntp_ctl, 0), 0);
    CALL(el0_cntv_ctl, 0);
    show("EL0 counter/timer accesses allowed: no fault", fault_count, 0);
    SYSREG_WRITE(cntkctl_el1, 0);

    /* The debug communications channel with MDSCR_EL1.TDCC = 0 (QEMU 7.2
     * does not implement the TDCC trap; the unit tests cover it). */
    faults_reset();
    show("EL0 mdccsr_el0, TDCC=0", CALL(el0_mdccsr, 0), 0);
    show("EL0 mdccsr_el0, TDCC=0: no fault", fault_count, 0);

    /* ID registers at EL0: FEAT_IDST reports EC 0x18. */
    expect_fault("EL0 mrs id_aa64isar0_el1", el0_idreg, 0, 4, sys64(3, 0, 0, 6, 0, 3, 1));

    /* Thread ID registers: TPIDR_EL0 RW, TPIDRRO_EL0 read-only at EL0. */
    SYSREG_WRITE(tpidrro_el0, 41);
    faults_reset();
    show("EL0 tpidrro_el0 + 1", CALL(el0_tpidr, 0x5555), 42);
    show("EL0 wrote tpidr_el0", SYSREG_READ(tpidr_el0), 0x5555);
    expect_undef("EL0 msr tpidrro_el0", el0_tpidrro_write, 0);
    show("tpidrro_el0 unchanged", SYSREG_READ(tpidrro_el0), 41);
}

int fw_main(uint64_t dtb)
{
    (void)dtb;
    sys_init();
    svc_and_eret();
    traps();
    fw_printf("info: %d cases\n", ncases);
    return 0;
}
