/* sys_regs.c - system registers at EL1: PSTATE access (DAIF, NZCV, SPSel,
 * SP_EL0, PAN, UAO, CurrentEL), storage registers, the identification
 * registers both CPUs share, the OS lock, cache ID registers, hints and
 * barriers, and what is UNDEFINED (read-only written, write-only read,
 * unallocated encodings, SP_EL0 while it is the stack pointer). */
#include "sys_common.h"

/* Execute one instruction word that may be UNDEFINED; report EC/ISS. */
#define EXPECT_UNDEF(name, insn)                                      \
    do {                                                              \
        faults_reset();                                               \
        __asm__ volatile(".inst " #insn ::: "memory", "x0");          \
        show(name ": faults", fault_count, 1);                        \
        show(name ": esr", fault_esr, 0x02000000);                    \
    } while (0)

static void pstate(void)
{
    show("CurrentEL", SYSREG_READ(CurrentEL), 4);
    show("SPSel", SYSREG_READ(SPSel), 1);
    show("DAIF at entry", SYSREG_READ(DAIF), 0x3c0);

    __asm__ volatile("msr daifclr, #0xf" ::: "memory");
    show("DAIF after daifclr #0xf", SYSREG_READ(DAIF), 0);
    __asm__ volatile("msr daifset, #2" ::: "memory");
    show("DAIF after daifset #2", SYSREG_READ(DAIF), 0x80);
    __asm__ volatile("msr daifset, #9" ::: "memory");
    show("DAIF after daifset #9", SYSREG_READ(DAIF), 0x2c0);
    SYSREG_WRITE(DAIF, 0x1ff);
    show("DAIF after msr 0x1ff", SYSREG_READ(DAIF), 0x1c0);
    SYSREG_WRITE(DAIF, 0x3c0);

    uint64_t nzcv;
    __asm__ volatile("msr nzcv, %1; mrs %0, nzcv" : "=r"(nzcv) : "r"(0xa0000000ul) : "cc");
    show("NZCV after msr", nzcv, 0xa0000000);
    __asm__ volatile("msr nzcv, %1; mrs %0, nzcv" : "=r"(nzcv) : "r"(0xffffffffffffffful) : "cc");
    show("NZCV keeps only 31:28", nzcv, 0xf0000000);
    __asm__ volatile("cmp %1, %1; mrs %0, nzcv" : "=r"(nzcv) : "r"(5ul) : "cc");
    show("NZCV after cmp equal", nzcv, 0x60000000);

    /* SPSel banks the stack pointer. */
    uint64_t sp1, sp_t, sp_back, el0_sp;
    __asm__ volatile("mov %1, sp\n"
                     "msr sp_el0, %4\n"
                     "msr spsel, #0\n"
                     "mov %0, sp\n"
                     "mrs %3, spsel\n"
                     "msr spsel, #1\n"
                     "mov %2, sp\n"
                     : "=&r"(sp_t), "=&r"(sp1), "=&r"(sp_back), "=&r"(el0_sp)
                     : "r"(0x12340ul)
                     : "memory");
    show("SP with SPSel=0 is SP_EL0", sp_t, 0x12340);
    show("SPSel read while 0", el0_sp, 0);
    show("SP_EL1 back with SPSel=1", sp_back == sp1, 1);
    show("MRS SP_EL0", SYSREG_READ(sp_el0), 0x12340);

    /* SP_EL0 is not accessible while it is the current stack pointer. */
    faults_reset();
    uint64_t v = 0;
    __asm__ volatile("msr spsel, #0\n"
                     "mrs %0, sp_el0\n"
                     "msr sp_el0, xzr\n"
                     "msr spsel, #1\n"
                     : "+r"(v)::"memory");
    show("SP_EL0 access with SPSel=0: faults", fault_count, 2);
    show("SP_EL0 access with SPSel=0: esr", fault_esr, 0x02000000);
    show("SP_EL0 access with SPSel=0: vector (current EL, SP0)", fault_vector, 0);
    show("SP_EL0 unchanged", SYSREG_READ(sp_el0), 0x12340);

    /* FEAT_PAN and FEAT_UAO (both CPUs have them under -cpu max). */
    show("ID_AA64MMFR1.PAN >= 1", (SYSREG_READ(s3_0_c0_c7_1) >> 20 & 0xf) >= 1, 1);
    show("ID_AA64MMFR2.UAO", SYSREG_READ(s3_0_c0_c7_2) >> 4 & 0xf, 1);
    __asm__ volatile(".inst 0xd500419f" ::: "memory"); /* msr pan, #1 */
    show("PAN after msr pan,#1", SYSREG_READ(s3_0_c4_c2_3), 1ul << 22);
    show("SPSR-format PSTATE keeps PAN in DAIF reads", SYSREG_READ(DAIF), 0x3c0);
    SYSREG_WRITE(s3_0_c4_c2_3, 0);
    show("PAN after msr pan,xzr", SYSREG_READ(s3_0_c4_c2_3), 0);
    __asm__ volatile(".inst 0xd500417f" ::: "memory"); /* msr uao, #1 */
    show("UAO after msr uao,#1", SYSREG_READ(s3_0_c4_c2_4), 1ul << 23);
    SYSREG_WRITE(s3_0_c4_c2_4, 0);
    show("UAO after msr uao,xzr", SYSREG_READ(s3_0_c4_c2_4), 0);
}

static void storage(void)
{
    static const struct { const char *name; int which; uint64_t val; } cases[] = {
        { "TPIDR_EL0", 0, 0x0123456789abcdef },  { "TPIDR_EL1", 1, 0xfedcba9876543210 },
        { "TPIDRRO_EL0", 2, 0x1111222233334444 }, { "ELR_EL1", 3, 0xffff000012345678 },
        { "FAR_EL1", 4, 0x8000000000000001 },     { "MAIR_EL1", 5, 0x0011223344556677 },
        { "PAR_EL1", 6, 0x00000000deadb000 },     { "CONTEXTIDR_EL1", 7, 0x87654321 },
        { "ESR_EL1", 8, 0x96000045 },             { "SPSR_EL1", 9, 0x600003c5 },
        { "AMAIR_EL1", 10, 0 },
    };
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint64_t v = cases[i].val, r = 0;
        switch (cases[i].which) {
        case 0: SYSREG_WRITE(tpidr_el0, v); r = SYSREG_READ(tpidr_el0); break;
        case 1: SYSREG_WRITE(tpidr_el1, v); r = SYSREG_READ(tpidr_el1); break;
        case 2: SYSREG_WRITE(tpidrro_el0, v); r = SYSREG_READ(tpidrro_el0); break;
        case 3: SYSREG_WRITE(elr_el1, v); r = SYSREG_READ(elr_el1); break;
        case 4: SYSREG_WRITE(far_el1, v); r = SYSREG_READ(far_el1); break;
        case 5: SYSREG_WRITE(mair_el1, v); r = SYSREG_READ(mair_el1); break;
        case 6: SYSREG_WRITE(par_el1, v); r = SYSREG_READ(par_el1); break;
        case 7: SYSREG_WRITE(contextidr_el1, v); r = SYSREG_READ(contextidr_el1); break;
        case 8: SYSREG_WRITE(esr_el1, v); r = SYSREG_READ(esr_el1); break;
        case 9: SYSREG_WRITE(spsr_el1, v); r = SYSREG_READ(spsr_el1); break;
        case 10: SYSREG_WRITE(amair_el1, v); r = SYSREG_READ(amair_el1); break;
        }
        show(cases[i].name, r, v);
    }
    uint64_t vbar = SYSREG_READ(vbar_el1);
    SYSREG_WRITE(vbar_el1, vbar + 0x10000);
    show("VBAR_EL1 moved", SYSREG_READ(vbar_el1) - vbar, 0x10000);
    SYSREG_WRITE(vbar_el1, vbar);
    ISB();
    SYSREG_WRITE(cpacr_el1, 3ul << 20);
    show("CPACR_EL1.FPEN", SYSREG_READ(cpacr_el1) >> 20 & 3, 3);
    SYSREG_WRITE(cpacr_el1, 0);
    SYSREG_WRITE(mdscr_el1, 1ul << 12);
    show("MDSCR_EL1.TDCC", SYSREG_READ(mdscr_el1), 1ul << 12);
    SYSREG_WRITE(mdscr_el1, 0);
    show("ISR_EL1 (nothing pending)", SYSREG_READ(isr_el1), 0);
}

static void ident(void)
{
    show("MIDR_EL1", SYSREG_READ(midr_el1), 0x000f0510);
    show("MPIDR_EL1", SYSREG_READ(mpidr_el1), 0x80000000);
    show("REVIDR_EL1", SYSREG_READ(revidr_el1), 0);
    show("CTR_EL0", SYSREG_READ(ctr_el0), 0x8444c004);
    show("DCZID_EL0", SYSREG_READ(dczid_el0), 4);
    show("CNTFRQ_EL0", SYSREG_READ(cntfrq_el0), 62500000);
    show("ID_AA64PFR0.GIC", SYSREG_READ(id_aa64pfr0_el1) >> 24 & 0xf, 1);
    show("ID_AA64PFR0.EL2", SYSREG_READ(id_aa64pfr0_el1) >> 8 & 0xf, 0);
    show("ID_AA64PFR0.EL3", SYSREG_READ(id_aa64pfr0_el1) >> 12 & 0xf, 0);
    show("ID_AA64ISAR0.CRC32", SYSREG_READ(id_aa64isar0_el1) >> 16 & 0xf, 1);
    show("ID_AA64ISAR0.Atomic", SYSREG_READ(id_aa64isar0_el1) >> 20 & 0xf, 2);
    show("ID_AA64ISAR1.SB", SYSREG_READ(id_aa64isar1_el1) >> 36 & 0xf, 1);
    show("ID_AA64MMFR0.TGran4 supported", (SYSREG_READ(id_aa64mmfr0_el1) >> 28 & 0xf) != 0xf, 1);
    show("ID_AA64MMFR0.TGran64 supported", SYSREG_READ(id_aa64mmfr0_el1) >> 24 & 0xf, 0);
    show("ID_AA64MMFR0.TGran16 supported", (SYSREG_READ(id_aa64mmfr0_el1) >> 20 & 0xf) >= 1, 1);
    show("ID_AA64MMFR0.ASIDBits", SYSREG_READ(id_aa64mmfr0_el1) >> 4 & 0xf, 2);
    show("ID_AA64MMFR2.IDS", SYSREG_READ(s3_0_c0_c7_2) >> 36 & 0xf, 1);
    show("ID_AA64DFR0.BRPs", SYSREG_READ(id_aa64dfr0_el1) >> 12 & 0xf, 5);
    show("ID_AA64DFR0.WRPs", SYSREG_READ(id_aa64dfr0_el1) >> 20 & 0xf, 3);
    /* Reserved ID encodings are RAZ. */
    show("ID space op1=0 CRm=3 op2=7", SYSREG_READ(s3_0_c0_c3_7), 0);
    show("ID space op1=0 CRm=7 op2=7", SYSREG_READ(s3_0_c0_c7_7), 0);
    show("ID space op1=0 CRm=6 op2=7", SYSREG_READ(s3_0_c0_c6_7), 0);
    /* Cache size IDs through CSSELR. */
    for (unsigned sel = 0; sel < 3; sel++) {
        SYSREG_WRITE(csselr_el1, sel);
        ISB();
        fw_printf("CSSELR=%u ", sel);
        show("CCSIDR_EL1", SYSREG_READ(ccsidr_el1) & 7, 2); /* 64-byte lines everywhere */
        show("CSSELR_EL1 readback", SYSREG_READ(csselr_el1), sel);
    }
    SYSREG_WRITE(csselr_el1, 0);
    show("CLIDR_EL1.Ctype1 (I+D)", SYSREG_READ(clidr_el1) & 7, 3);
}

static void debug(void)
{
    show("OSLSR_EL1 at reset", SYSREG_READ(oslsr_el1), 0xa);
    SYSREG_WRITE(oslar_el1, 0);
    show("OSLSR_EL1 after OSLAR=0", SYSREG_READ(oslsr_el1), 0x8);
    SYSREG_WRITE(oslar_el1, 1);
    show("OSLSR_EL1 after OSLAR=1", SYSREG_READ(oslsr_el1), 0xa);
    SYSREG_WRITE(oslar_el1, 0);
    SYSREG_WRITE(osdlr_el1, 0);
    show("OSDLR_EL1", SYSREG_READ(osdlr_el1), 0);
    SYSREG_WRITE(dbgbvr5_el1, 0x400000);
    show("DBGBVR5_EL1", SYSREG_READ(dbgbvr5_el1), 0x400000);
    SYSREG_WRITE(dbgbvr5_el1, 0);
    SYSREG_WRITE(dbgwvr3_el1, 0x400008);
    show("DBGWVR3_EL1", SYSREG_READ(dbgwvr3_el1), 0x400008);
    SYSREG_WRITE(dbgwvr3_el1, 0);
    SYSREG_WRITE(dbgbcr0_el1, 0x1e0);
    show("DBGBCR0_EL1", SYSREG_READ(dbgbcr0_el1), 0x1e0);
    SYSREG_WRITE(dbgbcr0_el1, 0);
    SYSREG_WRITE(mdccint_el1, 0); /* (QEMU 7.2 reads it back wrong: not checked) */
    show("MDCCSR_EL0", SYSREG_READ(mdccsr_el0), 0);
}

static void undefined(void)
{
    EXPECT_UNDEF("udf #0", 0x00000000);
    EXPECT_UNDEF("msr midr_el1, x0", 0xd5180000);
    EXPECT_UNDEF("msr ctr_el0, x0", 0xd51b0020);
    EXPECT_UNDEF("msr currentel, x0", 0xd5184240);
    EXPECT_UNDEF("mrs x0, oslar_el1", 0xd5301080);
    EXPECT_UNDEF("mrs x0, dbgbvr6_el1", 0xd5300680);
    EXPECT_UNDEF("mrs x0, s3_0_c15_c15_7", 0xd538ffe0);
    EXPECT_UNDEF("mrs x0, sp_el1 (EL2 register)", 0xd53c4100);
    EXPECT_UNDEF("mrs x0, spsr_irq", 0xd53c4300);
    EXPECT_UNDEF("mrs x0, s3_4_c1_c1_0 (HCR_EL2)", 0xd53c1100);
    EXPECT_UNDEF("msr s3_0_c4_c0_0 imm field reserved (op1=1 op2=7)", 0xd50140ff);
    EXPECT_UNDEF("sysl x0, #0, c7, c5, #0", 0xd5287500);
    EXPECT_UNDEF("sys #7, c7, c5, #1 (EL3 IC)", 0xd50f7520);
    EXPECT_UNDEF("tlbi alle2", 0xd50c871f);
    EXPECT_UNDEF("hint-space pattern with Rt != 31", 0xd5032000);
    EXPECT_UNDEF("barrier op2=0", 0xd503301f);
    EXPECT_UNDEF("mrs with op0=0 (L=1)", 0xd5200000);
}

/* Hints (including those of features a CPU may lack: they are NOPs here,
 * with PAuth/BTI/RAS disabled or absent) and barriers change nothing. */
static void hints(void)
{
    uint64_t x0 = 0x1234, x30;
    __asm__ volatile("mov x30, %1\n"
                     "nop\n"
                     "yield\n"
                     "sevl\n"
                     "wfe\n"            /* the event from SEVL: falls through */
                     "hint #6\n"        /* DGH */
                     "hint #7\n"        /* XPACLRI */
                     "hint #16\n"       /* ESB */
                     "hint #20\n"       /* CSDB */
                     "hint #25\n"       /* PACIASP (SCTLR_EL1.EnIA = 0) */
                     "hint #29\n"       /* AUTIASP */
                     "hint #34\n"       /* BTI c */
                     "hint #100\n"      /* unallocated */
                     "hint #127\n"
                     "clrex\n"
                     "dmb ish\n"
                     "dsb sy\n"
                     "dsb #0\n"         /* SSBB */
                     "dsb #4\n"         /* PSSBB */
                     "isb\n"
                     ".inst 0xd50330ff\n" /* SB */
                     "mov %0, x30\n"
                     : "=r"(x30)
                     : "r"(x0)
                     : "x30", "memory");
    show("hints and barriers leave LR alone", x30, 0x1234);
}

int fw_main(uint64_t dtb)
{
    (void)dtb;
    sys_init();
    pstate();
    storage();
    ident();
    debug();
    undefined();
    hints();
    fw_printf("info: %d cases\n", ncases);
    return 0;
}
