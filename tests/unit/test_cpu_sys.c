/* test_cpu_sys.c - the system side of the CPU: identification registers
 * per model, system register access rules and values (cpu/sysreg*.c), the
 * system instructions as executed code (cpu/system.c), the stage-1 walk on
 * hand-built tables for each granule and every fault kind (cpu/mmu.c, by
 * calling mmu_translate directly), AT/PAR, the TLB invalidation rules
 * (ASIDs, global entries, blocks, granule pieces) and the generic timer.
 *
 * The architectural values were checked against qemu-system-aarch64 -cpu max
 * through the firmware tests (firmware/tests/{sys,mmu,exc}_*.c); the cases
 * here are the ones QEMU 7.2 cannot check (it lacks the SP alignment,
 * MDSCR_EL1.TDCC and WFE traps, reports Op1/Op2 swapped in the MSR DAIFSet
 * trap syndrome, accepts 16K level-1 blocks without TCR_EL1.DS, has
 * AArch32) or that need to look inside (perms for every regime, TLB state).
 */
#include <time.h>

#include "cpu/cpu_internal.h"
#include "cpu/mem_access.h"
#include "cpu/sysreg.h"
#include "cpu/tb.h"
#include "mem/physmap.h"
#include "cpu_harness.h"

#define RAM_BASE CH_RAM_BASE
#define RAM_SIZE (32ull << 20)
#define CODE (RAM_BASE + 0x0)
#define VBAR (RAM_BASE + 0x10000)
#define DATA (RAM_BASE + 0x100000)
#define PT (RAM_BASE + 0x400000) /* page tables: 64 KiB each from here */
#define NOT_RAM 0x20000000ull

#define HVC(n) CH_HVC(n)
#define SVC0 0xd4000001u
#define NOP 0xd503201fu

/* ---- fixture ---- */
static cpu_harness_t fx;
static cpu_t *cpu; /* fx.cpu */
static int npt;

static int setup_model(cpu_model_t model)
{
    ch_init(&fx, RAM_SIZE, model);
    cpu = fx.cpu;
    cpu->sys.vbar = VBAR;
    /* Vectors: sync -> HVC #1 (current EL) / #2 (from EL0); IRQ -> HVC #3. */
    for (int v = 0; v < 16; v++) {
        uint32_t w = (v & 3) == 1 ? HVC(3) : v >= 8 ? HVC(2) : HVC(1);
        ch_put_code(&fx, VBAR + 0x80 * (uint64_t)v, &w, 1);
    }
    npt = 0;
    return 0;
}
static int setup_max(void **state) { (void)state; return setup_model(CPU_MODEL_MAX); }
static int setup_a57(void **state) { (void)state; return setup_model(CPU_MODEL_CORTEX_A57); }

static int teardown(void **state)
{
    (void)state;
    ch_destroy(&fx);
    return 0;
}

/* Run words at CODE followed by `end` from the current PSTATE. Returns the
 * HVC immediate that ended it: 0 for `end` = HVC #0, 1/2 for a synchronous
 * exception (EL1 / from EL0), 3 for an IRQ. */
static int run_end(const uint32_t *w, size_t n, uint32_t end, cpu_exit_t want)
{
    return ch_run_at(&fx, CODE, w, n, end, want);
}
#define RUN(arr) run_end(arr, sizeof(arr) / sizeof(arr[0]), HVC(0), CPU_EXIT_REQUEST)

static void to_el0(void)
{
    cpu_switch_sp(cpu, 0, 0);
}

static uint32_t ec_of(uint64_t esr) { return (uint32_t)(esr >> 26); }

/* ---- identification registers ---- */

static void test_id_registers(void **state)
{
    (void)state;
    static const struct { cpu_model_t m; uint64_t midr; bool max; } models[] = {
        { CPU_MODEL_CORTEX_A57, 0x411fd070, false },
        { CPU_MODEL_CORTEX_A53, 0x410fd034, false },
        { CPU_MODEL_CORTEX_A72, 0x410fd083, false },
        { CPU_MODEL_MAX, 0x000f0510, true },
    };
    for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
        cpu_t *c = cpu_create(&fx.pm, models[i].m, 17);
        assert_non_null(c);
        uint64_t v;
        assert_true(sysreg_id_read(c, SR_MIDR_EL1, &v));
        assert_int_equal(v, models[i].midr);
        assert_true(sysreg_id_read(c, SR_MPIDR_EL1, &v));
        assert_int_equal(v, 0x80000000ull | 1 << 8 | 1); /* Aff1 = 17 / 16, Aff0 = 17 % 16 */
        assert_int_equal(cpu_mpidr(c), v);
        /* AArch64-only EL0/EL1, no EL2/EL3, FP and AdvSIMD (no FP16), GICv3. */
        uint64_t pfr0 = c->id_aa64pfr0;
        assert_int_equal(id_field(pfr0, 0), 1);
        assert_int_equal(id_field(pfr0, 4), 1);
        assert_int_equal(id_field(pfr0, 8), 0);
        assert_int_equal(id_field(pfr0, 12), 0);
        assert_int_equal(id_field(pfr0, 16), 0);   /* FP */
        assert_int_equal(id_field(pfr0, 20), 0);   /* AdvSIMD */
        assert_int_equal(id_field(pfr0, 24), 1);
        assert_int_equal(id_field(pfr0, 28), 0); /* RAS */
        assert_int_equal(id_field(pfr0, 32), 0); /* SVE */
        assert_int_equal(id_field(pfr0, 44), 0); /* AMU */
        assert_int_equal(c->id_aa64pfr1, 0);     /* no BTI, SSBS, MTE, ... */
        /* ISAR0: AES+PMULL, SHA1, SHA2 and CRC32 everywhere, LSE on max only;
         * nothing of SHA3/SHA512/SM3/SM4/DotProd/RDM. */
        assert_int_equal(id_field(c->id_aa64isar0, 4), 2);
        assert_int_equal(id_field(c->id_aa64isar0, 8), 1);
        assert_int_equal(id_field(c->id_aa64isar0, 12), 1);
        assert_int_equal(id_field(c->id_aa64isar0, 16), 1);
        assert_int_equal(id_field(c->id_aa64isar0, 20), models[i].max ? 2 : 0);
        assert_int_equal(c->id_aa64isar0 & ~0xfffff0ull, 0);
        assert_int_equal(c->id_aa64isar1, models[i].max ? 1ull << 36 : 0); /* SB */
        /* MMFR0: 48-bit PA, 16-bit ASIDs, all granules, little-endian only. */
        assert_int_equal(id_field(c->id_aa64mmfr0, 0), 5);
        assert_int_equal(id_field(c->id_aa64mmfr0, 4), 2);
        assert_int_equal(id_field(c->id_aa64mmfr0, 8), 0);
        assert_int_equal(id_field(c->id_aa64mmfr0, 16), 0);
        assert_true(id_field(c->id_aa64mmfr0, 20) >= 1 && id_field(c->id_aa64mmfr0, 20) < 2);
        assert_int_equal(id_field(c->id_aa64mmfr0, 24), 0);
        assert_int_equal(id_field(c->id_aa64mmfr0, 28), 0);
        /* MMFR1: PAN (not PAN2), HPDS on max; no VHE, HAFDBS, LOR, VMID16. */
        assert_int_equal(id_field(c->id_aa64mmfr1, 20), models[i].max ? 1 : 0);
        assert_int_equal(id_field(c->id_aa64mmfr1, 12), models[i].max ? 1 : 0);
        assert_int_equal(c->id_aa64mmfr1 & ~0xf0f000ull, 0);
        /* MMFR2: UAO and IDS on max. */
        assert_int_equal(c->id_aa64mmfr2, models[i].max ? (1ull << 4 | 1ull << 36) : 0);
        /* Features.json: UAO needs PAN (v8.1). */
        if (cpu_has_uao(c))
            assert_true(cpu_has_pan(c));
        /* DFR0: Armv8.0 debug, no PMU, 6 breakpoints, 4 watchpoints. */
        assert_int_equal(id_field(c->id_aa64dfr0, 0), 6);
        assert_int_equal(id_field(c->id_aa64dfr0, 8), 0);
        assert_int_equal(cpu_num_brps(c), 6);
        assert_int_equal(cpu_num_wrps(c), 4);
        /* Caches: 64-byte lines, DC ZVA 64 bytes, IDC/DIC clear. */
        assert_int_equal(c->ctr >> 16 & 0xf, 4);
        assert_int_equal(c->ctr & 0xf, 4);
        assert_int_equal(c->ctr >> 28 & 3, 0);
        assert_int_equal(c->dczid, 4);
        /* The rest of the ID space is RAZ (AArch32 ID registers included). */
        for (unsigned crm = 1; crm < 8; crm++)
            for (unsigned op2 = 0; op2 < 8; op2++) {
                assert_true(sysreg_id_read(c, SR(3, 0, 0, crm, op2), &v));
                if (crm < 4)
                    assert_int_equal(v, 0);
            }
        assert_false(sysreg_id_read(c, SR(3, 0, 0, 0, 1), &v));
        cpu_destroy(c);
    }
}

/* ---- access rules ---- */

static uint32_t icc_impl_reg;
static bool fake_icc_implemented(uint32_t reg) { return reg != icc_impl_reg; }
static uint64_t fake_icc_read(void *o, int c, uint32_t reg) { (void)o; (void)c; return reg; }
static uint64_t icc_written;
static void fake_icc_write(void *o, int c, uint32_t reg, uint64_t v) { (void)o; (void)c; (void)reg; icc_written = v; }

static void test_access_rules(void **state)
{
    (void)state;
    /* EL1-only registers: UNDEFINED at EL0. */
    assert_int_equal(sysreg_access(cpu, SR_SCTLR_EL1, true, 1), SR_ACCESS_OK);
    assert_int_equal(sysreg_access(cpu, SR_SCTLR_EL1, true, 0), SR_ACCESS_UNDEF);
    assert_int_equal(sysreg_access(cpu, SR_TPIDR_EL1, false, 0), SR_ACCESS_UNDEF);
    assert_int_equal(sysreg_access(cpu, SR_CURRENTEL, true, 0), SR_ACCESS_UNDEF);
    /* EL0 registers */
    assert_int_equal(sysreg_access(cpu, SR_TPIDR_EL0, false, 0), SR_ACCESS_OK);
    assert_int_equal(sysreg_access(cpu, SR_TPIDRRO_EL0, true, 0), SR_ACCESS_OK);
    assert_int_equal(sysreg_access(cpu, SR_TPIDRRO_EL0, false, 0), SR_ACCESS_UNDEF);
    assert_int_equal(sysreg_access(cpu, SR_TPIDRRO_EL0, false, 1), SR_ACCESS_OK);
    assert_int_equal(sysreg_access(cpu, SR_CNTFRQ_EL0, false, 0), SR_ACCESS_UNDEF);
    assert_int_equal(sysreg_access(cpu, SR_CNTFRQ_EL0, false, 1), SR_ACCESS_OK);
    assert_int_equal(sysreg_access(cpu, SR_CNTVCT_EL0, false, 1), SR_ACCESS_UNDEF);
    /* Read-only and write-only */
    assert_int_equal(sysreg_access(cpu, SR_MIDR_EL1, false, 1), SR_ACCESS_UNDEF);
    assert_int_equal(sysreg_access(cpu, SR_OSLAR_EL1, true, 1), SR_ACCESS_UNDEF);
    assert_int_equal(sysreg_access(cpu, SR_OSLSR_EL1, false, 1), SR_ACCESS_UNDEF);
    assert_int_equal(sysreg_access(cpu, SR_ISR_EL1, false, 1), SR_ACCESS_UNDEF);
    /* Not on this CPU: SP_EL1 and other EL2 registers, PMU (PMUVer = 0),
     * RAS (DISR_EL1), LOR, SVE, MTE, PAuth keys, breakpoint 6. */
    static const uint32_t absent[] = {
        SR(3, 4, 4, 1, 0), SR(3, 4, 1, 1, 0), SR(3, 3, 9, 12, 0), SR(3, 3, 9, 14, 0),
        SR(3, 0, 9, 14, 1), SR(3, 0, 12, 1, 1), SR_LORC_EL1, SR_LORID_EL1,
        SR(3, 0, 1, 2, 0), SR(3, 0, 1, 0, 5), SR(3, 0, 2, 1, 0), SR_DBGBVR_EL1(6),
        SR_DBGWCR_EL1(4), SR(3, 0, 15, 15, 7), SR(3, 7, 14, 2, 1) /* CNTPS_CTL */,
    };
    for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++) {
        assert_int_equal(sysreg_access(cpu, absent[i], true, 1), SR_ACCESS_UNDEF);
        assert_int_equal(sysreg_access(cpu, absent[i], false, 1), SR_ACCESS_UNDEF);
    }
    assert_int_equal(sysreg_access(cpu, SR_DBGBVR_EL1(5), true, 1), SR_ACCESS_OK);
    assert_int_equal(sysreg_access(cpu, SR_DBGWCR_EL1(3), false, 1), SR_ACCESS_OK);
    /* FEAT_IDST (max): EL0 reads of the ID space trap; writes UNDEF. */
    assert_int_equal(sysreg_access(cpu, SR_ID_AA64ISAR0_EL1, true, 0), SR_ACCESS_TRAP);
    assert_int_equal(sysreg_access(cpu, SR_MIDR_EL1, true, 0), SR_ACCESS_TRAP);
    assert_int_equal(sysreg_access(cpu, SR(3, 1, 0, 7, 7), true, 1), SR_ACCESS_TRAP);
    assert_int_equal(sysreg_access(cpu, SR_ID_AA64ISAR0_EL1, false, 0), SR_ACCESS_UNDEF);
    /* PAN/UAO exist on max only (a57 checked in test_a57_differences). */
    assert_int_equal(sysreg_access(cpu, SR_PAN, false, 1), SR_ACCESS_OK);
    assert_int_equal(sysreg_access(cpu, SR_UAO, true, 1), SR_ACCESS_OK);

    /* ICC registers: only with the GIC's hooks, never at EL0, with their
     * architectural directions. */
    assert_int_equal(sysreg_access(cpu, SR_ICC_PMR_EL1, true, 1), SR_ACCESS_UNDEF);
    icc_impl_reg = SR(3, 0, 12, 8, 5); /* ICC_AP0R1_EL1 missing */
    cpu_gic_hooks_t hooks = { fake_icc_implemented, fake_icc_read, fake_icc_write, NULL };
    cpu_set_gic_hooks(cpu, &hooks);
    assert_int_equal(sysreg_access(cpu, SR_ICC_PMR_EL1, true, 1), SR_ACCESS_OK);
    assert_int_equal(sysreg_access(cpu, SR_ICC_PMR_EL1, true, 0), SR_ACCESS_UNDEF);
    assert_int_equal(sysreg_access(cpu, SR_ICC_IAR1_EL1, true, 1), SR_ACCESS_OK);
    assert_int_equal(sysreg_access(cpu, SR_ICC_IAR1_EL1, false, 1), SR_ACCESS_UNDEF);
    assert_int_equal(sysreg_access(cpu, SR_ICC_EOIR1_EL1, true, 1), SR_ACCESS_UNDEF);
    assert_int_equal(sysreg_access(cpu, SR_ICC_SGI1R_EL1, false, 1), SR_ACCESS_OK);
    assert_int_equal(sysreg_access(cpu, SR(3, 0, 12, 8, 5), true, 1), SR_ACCESS_UNDEF);
    uint64_t v;
    assert_true(sysreg_read(cpu, SR_ICC_PMR_EL1, &v, NULL));
    assert_int_equal(v, SR_ICC_PMR_EL1);
    assert_true(sysreg_write(cpu, SR_ICC_EOIR1_EL1, 27, NULL));
    assert_int_equal(icc_written, 27);

    /* SYS instructions */
    assert_int_equal(sysreg_sys_access(cpu, SYS_TLBI_VAE1IS, 1), SR_ACCESS_OK);
    assert_int_equal(sysreg_sys_access(cpu, SYS_TLBI_VAE1IS, 0), SR_ACCESS_UNDEF);
    assert_int_equal(sysreg_sys_access(cpu, SYS_DC_ZVA, 0), SR_ACCESS_OK);
    assert_int_equal(sysreg_sys_access(cpu, SYS_DC_CIVAC, 0), SR_ACCESS_OK);
    assert_int_equal(sysreg_sys_access(cpu, SYS_DC_IVAC, 0), SR_ACCESS_UNDEF);
    assert_int_equal(sysreg_sys_access(cpu, SYS_IC_IALLU, 0), SR_ACCESS_UNDEF);
    assert_int_equal(sysreg_sys_access(cpu, SYS_AT_S1E0R, 0), SR_ACCESS_UNDEF);
    assert_int_equal(sysreg_sys_access(cpu, SR(1, 0, 7, 9, 0), 1), SR_ACCESS_UNDEF); /* AT S1E1RP */
    assert_int_equal(sysreg_sys_access(cpu, SR(1, 0, 8, 1, 0), 1), SR_ACCESS_UNDEF); /* TLBI VMALLE1OS */
    assert_int_equal(sysreg_sys_access(cpu, SR(1, 0, 8, 2, 1), 1), SR_ACCESS_UNDEF); /* TLBI RVAE1IS */
    assert_int_equal(sysreg_sys_access(cpu, SR(1, 3, 7, 12, 1), 0), SR_ACCESS_UNDEF); /* DC CVAP */
    assert_int_equal(sysreg_sys_access(cpu, SR(1, 4, 8, 7, 0), 1), SR_ACCESS_UNDEF); /* TLBI ALLE2 */
}

static void test_a57_differences(void **state)
{
    (void)state;
    assert_int_equal(sysreg_access(cpu, SR_PAN, false, 1), SR_ACCESS_UNDEF);
    assert_int_equal(sysreg_access(cpu, SR_UAO, true, 1), SR_ACCESS_UNDEF);
    /* No FEAT_IDST: EL0 ID reads are UNDEFINED. */
    assert_int_equal(sysreg_access(cpu, SR_ID_AA64ISAR0_EL1, true, 0), SR_ACCESS_UNDEF);
    assert_int_equal(sysreg_access(cpu, SR(3, 1, 0, 7, 7), true, 1), SR_ACCESS_UNDEF);
    /* SCTLR_EL1.SPAN is RES1 without PAN; TCR_EL1.HPD0/1 RES0 without HPDS. */
    assert_true(sysreg_write(cpu, SR_SCTLR_EL1, 0, NULL));
    assert_true(cpu->sys.sctlr & SCTLR_SPAN);
    assert_true(sysreg_write(cpu, SR_TCR_EL1, TCR_HPD0 | TCR_HPD1, NULL));
    assert_int_equal(cpu->sys.tcr, 0);
    /* MSR PAN, SB, LSE-free decode: UNDEFINED as executed code. */
    static const uint32_t pan[] = { 0xd500419f };
    assert_int_equal(RUN(pan), 1);
    assert_int_equal(cpu->sys.esr, 0x02000000);
    static const uint32_t sb[] = { 0xd50330ff };
    assert_int_equal(RUN(sb), 1);
    static const uint32_t idreg[] = { 0xd5380603 }; /* mrs x3, id_aa64isar0_el1 */
    to_el0();
    assert_int_equal(RUN(idreg), 2);
    assert_int_equal(cpu->sys.esr, 0x02000000);
}

/* ---- values ---- */

static uint64_t rd(uint32_t enc)
{
    uint64_t v = 0xdead;
    assert_true(sysreg_read(cpu, enc, &v, NULL));
    return v;
}
static void wr(uint32_t enc, uint64_t v) { assert_true(sysreg_write(cpu, enc, v, NULL)); }

static void test_register_values(void **state)
{
    (void)state;
    /* Reset state (booting.rst + architectural resets). */
    assert_int_equal(rd(SR_SCTLR_EL1) & SCTLR_M, 0);
    assert_int_equal(rd(SR_CURRENTEL), 4);
    assert_int_equal(rd(SR_DAIF), 0x3c0);
    assert_int_equal(rd(SR_OSLSR_EL1), 0xa);
    assert_int_equal(rd(SR_CNTFRQ_EL0), 62500000);
    /* SCTLR_EL1: RES1 bits stay, EE/E0E are RES0 (no big-endian). */
    wr(SR_SCTLR_EL1, 0);
    assert_int_equal(rd(SR_SCTLR_EL1), 0x30500980);
    wr(SR_SCTLR_EL1, SCTLR_EE | SCTLR_E0E | SCTLR_M | SCTLR_SPAN | SCTLR_UCI);
    assert_int_equal(rd(SR_SCTLR_EL1), 0x30500980 | SCTLR_M | SCTLR_SPAN | SCTLR_UCI);
    wr(SR_SCTLR_EL1, 0);
    /* TCR_EL1 keeps TBI0/TBI1/AS/IPS/HPD (max), drops RES0 bits 6/35/39+. */
    uint64_t tcr = TCR_TBI0 | TCR_TBI1 | TCR_AS | 5ull << 32 | TCR_HPD0 | TCR_HPD1 | 25 | 25ull << 16;
    wr(SR_TCR_EL1, tcr | 1ull << 6 | 1ull << 35 | 1ull << 39 | 1ull << 51);
    assert_int_equal(rd(SR_TCR_EL1), tcr);
    wr(SR_TCR_EL1, 0);
    /* TTBRs: CnP (bit 0) RES0 without FEAT_TTCNP; ASID and BADDR kept. */
    wr(SR_TTBR0_EL1, 0x0005000040001001ull);
    assert_int_equal(rd(SR_TTBR0_EL1), 0x0005000040001000ull);
    wr(SR_TTBR1_EL1, 0xffff00004000f000ull);
    assert_int_equal(rd(SR_TTBR1_EL1), 0xffff00004000f000ull);
    /* VBAR_EL1 bits 10:0 RES0, SPSR/ESR 32 bits, CONTEXTIDR 32 bits. */
    wr(SR_VBAR_EL1, 0x40000fffull);
    assert_int_equal(rd(SR_VBAR_EL1), 0x40000800ull);
    wr(SR_SPSR_EL1, 0xffffffff600003c5ull);
    assert_int_equal(rd(SR_SPSR_EL1), 0x600003c5ull);
    wr(SR_CONTEXTIDR_EL1, 0x1234567887654321ull);
    assert_int_equal(rd(SR_CONTEXTIDR_EL1), 0x87654321ull);
    /* CPACR_EL1: FPEN only; CNTKCTL_EL1: bits 9:0. */
    wr(SR_CPACR_EL1, ~0ull);
    assert_int_equal(rd(SR_CPACR_EL1), 3ull << 20);
    wr(SR_CNTKCTL_EL1, ~0ull);
    assert_int_equal(rd(SR_CNTKCTL_EL1), 0x3ff);
    /* OS lock */
    wr(SR_OSLAR_EL1, 0);
    assert_int_equal(rd(SR_OSLSR_EL1), 0x8);
    wr(SR_OSLAR_EL1, 1);
    assert_int_equal(rd(SR_OSLSR_EL1), 0xa);
    /* Cache size ID through CSSELR */
    wr(SR_CSSELR_EL1, 0);
    assert_int_equal(rd(SR_CCSIDR_EL1), 0x701fe00a);
    wr(SR_CSSELR_EL1, 1);
    assert_int_equal(rd(SR_CCSIDR_EL1), 0x201fe012);
    wr(SR_CSSELR_EL1, 2);
    assert_int_equal(rd(SR_CCSIDR_EL1), 0x70ffe07a);
    wr(SR_CSSELR_EL1, 0x1f);
    assert_int_equal(rd(SR_CSSELR_EL1), 0xf);
    assert_int_equal(rd(SR_CCSIDR_EL1), 0);
    /* PSTATE views */
    wr(SR_DAIF, 0xffffffff);
    assert_int_equal(cpu->daif, 0x3c0);
    wr(SR_NZCV, 0x6fffffff);
    assert_int_equal(rd(SR_NZCV), 0x60000000);
    wr(SR_PAN, 1ull << 22);
    assert_int_equal(cpu->pan, 1);
    assert_int_equal(cpu_mmu_idx(cpu), MMU_IDX_EL1_PAN);
    wr(SR_PAN, 0);
    /* SPSel banks SP; SP_EL0 is not accessible while selected. */
    cpu->x[REG_SP] = 0x1111;
    wr(SR_SP_EL0, 0x2222);
    wr(SR_SPSEL, 0);
    assert_int_equal(cpu->x[REG_SP], 0x2222);
    uint64_t v;
    assert_false(sysreg_read(cpu, SR_SP_EL0, &v, NULL));
    assert_false(sysreg_write(cpu, SR_SP_EL0, 0, NULL));
    wr(SR_SPSEL, 1);
    assert_int_equal(cpu->x[REG_SP], 0x1111);
    assert_int_equal(rd(SR_SP_EL0), 0x2222);
    /* ISR_EL1 shows the lines, masked or not. */
    assert_int_equal(rd(SR_ISR_EL1), 0);
    cpu->irq_line = 1;
    assert_int_equal(rd(SR_ISR_EL1), 0x80);
    cpu->fiq_line = 1;
    assert_int_equal(rd(SR_ISR_EL1), 0xc0);
    cpu->irq_line = cpu->fiq_line = 0;
    /* DCZID_EL0.DZP at EL0 follows SCTLR_EL1.DZE. */
    assert_int_equal(rd(SR_DCZID_EL0), 4);
    cpu->el = 0;
    assert_int_equal(rd(SR_DCZID_EL0), 0x14);
    cpu->sys.sctlr |= SCTLR_DZE;
    assert_int_equal(rd(SR_DCZID_EL0), 4);
    cpu->el = 1;
    /* Breakpoint registers are storage (not acted on yet). */
    wr(SR_DBGBVR_EL1(5), 0x400003);
    assert_int_equal(rd(SR_DBGBVR_EL1(5)), 0x400000);
    wr(SR_DBGWCR_EL1(3), 0x1e1);
    assert_int_equal(rd(SR_DBGWCR_EL1(3)), 0x1e1);
}

/* ---- executed system instructions ---- */

static void test_hints_barriers(void **state)
{
    (void)state;
    static const uint32_t w[] = {
        NOP, 0xd503203f /* yield */, 0xd50320bf /* sevl */, 0xd503205f /* wfe: consumes */,
        0xd50320ff /* xpaclri */, 0xd503233f /* paciasp */, 0xd503241f /* bti */,
        0xd503221f /* esb */, 0xd503229f /* csdb */, 0xd5032fff /* hint #127 */,
        0xd5033f5f /* clrex */, 0xd5033f9f /* dsb sy */, 0xd50339bf /* dmb ishld */,
        0xd503309f /* ssbb */, 0xd5033fdf /* isb */, 0xd50330ff /* sb */,
        0xd2800020 /* mov x0, #1 */,
    };
    cpu->x[30] = 0x1234;
    cpu->excl_addr = 0x40000000;
    assert_int_equal(RUN(w), 0);
    assert_int_equal(cpu->x[0], 1);
    assert_int_equal(cpu->x[30], 0x1234);
    assert_int_equal(cpu->excl_addr, UINT64_MAX);
    assert_false(cpu->event_reg);
    /* Reserved encodings of the group */
    static const uint32_t bad[] = {
        0xd5032000, /* hint space with Rt != 31 */
        0xd503301f, /* barrier op2 = 0 */
        0xd503303f, /* DSB nXS (FEAT_XS) */
        0xd503307f, /* TCOMMIT */
        0xd50331ff, /* SB with CRm != 0 */
        0xd500401f, /* CFINV (FEAT_FlagM) */
        0xd500403f, /* XAFLAG */
        0xd503403f, /* MSR SSBS */
        0xd503405f, /* MSR DIT */
        0xd503409f, /* MSR TCO */
        0xd5031000, /* WFET (FEAT_WFxT) */
        0xd5287500, /* SYSL */
        0xd5200000, /* L = 1, op0 = 0 */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(run_end(&bad[i], 1, HVC(0), CPU_EXIT_REQUEST), 1);
        assert_int_equal(cpu->sys.esr, 0x02000000);
        assert_int_equal(cpu->sys.elr, CODE);
    }
}

static void test_wfi_wfe(void **state)
{
    (void)state;
    static const uint32_t wfi[] = { 0xd2800020, 0xd503207f, 0xd2800040 }; /* mov x0,#1; wfi; mov x0,#2 */
    ch_put_code(&fx, CODE, wfi, 3);
    tb_flush(cpu);
    cpu->pc = CODE;
    assert_int_equal(cpu_run(cpu, 1000), CPU_EXIT_WFI);
    assert_int_equal(cpu->pc, CODE + 8);
    assert_int_equal(cpu->x[0], 1);
    /* A pending (masked) interrupt: WFI completes at once. */
    cpu->irq_line = 1;
    assert_int_equal(run_end(wfi, 3, HVC(0), CPU_EXIT_REQUEST), 0);
    assert_int_equal(cpu->x[0], 2);
    cpu->irq_line = 0;

    /* WFE without an event yields (the slice ends), continuing after it. */
    static const uint32_t wfe[] = { 0xd2800020, 0xd503205f, 0xd2800040 };
    ch_put_code(&fx, CODE, wfe, 3);
    tb_flush(cpu);
    cpu->pc = CODE;
    assert_int_equal(cpu_run(cpu, 1000), CPU_EXIT_BUDGET);
    assert_int_equal(cpu->pc, CODE + 8);
    /* SEVL; WFE: falls through. SEV sets the event register too. */
    static const uint32_t sevl_wfe[] = { 0xd50320bf, 0xd503205f, 0xd503209f, 0xd503205f };
    assert_int_equal(RUN(sevl_wfe), 0);
    assert_false(cpu->event_reg);

    /* EL0 with nTWI/nTWE = 0: EC 0x01, CV = 1, COND = 0xE, TI. WFE traps
     * only when it would wait. */
    cpu->sys.sctlr &= ~(SCTLR_NTWI | SCTLR_NTWE);
    to_el0();
    assert_int_equal(run_end(wfi + 1, 1, SVC0, CPU_EXIT_REQUEST), 2);
    assert_int_equal(cpu->sys.esr, 0x07e00000);
    assert_int_equal(cpu->sys.elr, CODE);
    to_el0();
    assert_int_equal(run_end(sevl_wfe, 2, SVC0, CPU_EXIT_REQUEST), 2);
    assert_int_equal(ec_of(cpu->sys.esr), EC_SVC64);
    to_el0();
    assert_int_equal(run_end(wfe + 1, 1, SVC0, CPU_EXIT_REQUEST), 2);
    assert_int_equal(cpu->sys.esr, 0x07e00001);
}

static void test_el0_traps(void **state)
{
    (void)state;
    /* MSR DAIFSet at EL0 with UMA = 0: ISS has Op1 = 3, Op2 = 6, CRn = 4,
     * CRm = imm, Rt = 31 (QEMU 7.2 swaps Op1/Op2 here). */
    static const uint32_t daifset[] = { 0xd50344df };
    cpu->sys.sctlr &= ~SCTLR_UMA;
    to_el0();
    assert_int_equal(RUN(daifset), 2);
    assert_int_equal(cpu->sys.esr, 0x62000000u | 6u << 17 | 3u << 14 | 4u << 10 | 31u << 5 | 4u << 1);
    /* MDSCR_EL1.TDCC traps EL0 DCC accesses. */
    static const uint32_t mdccsr[] = { 0xd5330100 };
    cpu->sys.mdscr = MDSCR_TDCC;
    to_el0();
    assert_int_equal(RUN(mdccsr), 2);
    assert_int_equal(cpu->sys.esr, 0x62000000u | 2u << 20 | 3u << 14 | 1u << 1 | 1);
    cpu->sys.mdscr = 0;
    to_el0();
    cpu->x[0] = 5;
    assert_int_equal(run_end(mdccsr, 1, SVC0, CPU_EXIT_REQUEST), 2);
    assert_int_equal(ec_of(cpu->sys.esr), EC_SVC64);
    assert_int_equal(cpu->x[0], 0);
    /* FEAT_IDST: EC 0x18 with the MRS's encoding. */
    static const uint32_t idreg[] = { 0xd5380603 };
    to_el0();
    assert_int_equal(RUN(idreg), 2);
    assert_int_equal(cpu->sys.esr, 0x62000000u | 3u << 20 | 6u << 1 | 3u << 5 | 1);
    /* CTR_EL0 with UCT = 0, and allowed with UCT = 1. */
    static const uint32_t ctr[] = { 0xd53b0025 };
    cpu->sys.sctlr &= ~SCTLR_UCT;
    to_el0();
    assert_int_equal(RUN(ctr), 2);
    assert_int_equal(cpu->sys.esr, 0x62000000u | 3u << 20 | 1u << 17 | 3u << 14 | 5u << 5 | 1);
    cpu->sys.sctlr |= SCTLR_UCT;
    to_el0();
    assert_int_equal(run_end(ctr, 1, SVC0, CPU_EXIT_REQUEST), 2);
    assert_int_equal(cpu->x[5], cpu->ctr);
}

static void test_daifclr_takes_pending_irq(void **state)
{
    (void)state;
    /* msr daifclr, #2; mov x0, #1: the IRQ comes before the mov. */
    static const uint32_t w[] = { 0xd50342ff, 0xd2800020 };
    cpu->x[0] = 0;
    cpu->irq_line = 1;
    assert_int_equal(RUN(w), 3);
    assert_int_equal(cpu->x[0], 0);
    assert_int_equal(cpu->sys.elr, CODE + 4);
    /* msr daif, x13 with I clear: the same. */
    static const uint32_t w2[] = { 0xd51b422d, 0xd2800020 };
    cpu->daif = 0x3c0;
    cpu->x[13] = 0x340;
    assert_int_equal(RUN(w2), 3);
    assert_int_equal(cpu->x[0], 0);
    assert_int_equal(cpu->sys.elr, CODE + 4);
    cpu->irq_line = 0;
}

static void test_sp_el0_and_pan_ops(void **state)
{
    (void)state;
    /* msr sp_el0, x8; mrs x7, sp_el0 at EL1h */
    static const uint32_t ok[] = { 0xd5184108, 0xd5384107 };
    cpu->x[8] = 0xabc0;
    assert_int_equal(RUN(ok), 0);
    assert_int_equal(cpu->x[7], 0xabc0);
    /* msr spsel, #0; mrs x7, sp_el0 -> UNDEFINED */
    static const uint32_t bad[] = { 0xd50040bf, 0xd5384107 };
    assert_int_equal(RUN(bad), 1);
    assert_int_equal(cpu->sys.esr, 0x02000000);
    assert_int_equal(cpu->sys.elr, CODE + 4);
    /* msr pan, #1; mrs x9, pan */
    cpu_switch_sp(cpu, 1, 1);
    static const uint32_t pan[] = { 0xd500419f, 0xd5384269 };
    assert_int_equal(RUN(pan), 0);
    assert_int_equal(cpu->x[9], 1ull << 22);
    assert_int_equal(cpu_mmu_idx(cpu), MMU_IDX_EL1_PAN);
    /* mrs/msr of plain fields and NZCV through their fast ops */
    static const uint32_t fields[] = { 0xd518d090 /* msr tpidr_el1, x16 */, 0xd538d091 /* mrs x17 */,
                                       0xd51b420b /* msr nzcv, x11 */, 0xd53b420a /* mrs x10 */ };
    cpu->x[16] = 77;
    cpu->x[11] = 0x90000000;
    assert_int_equal(RUN(fields), 0);
    assert_int_equal(cpu->x[17], 77);
    assert_int_equal(cpu->x[10], 0x90000000);
}

/* FPCR/FPSR once FP is implemented (ID_AA64PFR0_EL1.FP/AdvSIMD = 0):
 * masks, and the CPACR_EL1.FPEN trap (EC 0x07) decided at translation. */
static void test_fpcr_fpsr(void **state)
{
    (void)state;
    /* Without FP in the ID registers the registers do not exist. */
    cpu->id_aa64pfr0 |= 0xff0000ull;
    assert_int_equal(sysreg_access(cpu, SR_FPCR, true, 1), SR_ACCESS_UNDEF);
    cpu->id_aa64pfr0 &= ~0xff0000ull; /* FP = AdvSIMD = 0 (FP16 absent) */
    static const uint32_t w[] = { 0xd51b4401, 0xd53b4402, 0xd51b4421, 0xd53b4423 };
    cpu->x[1] = ~0ull;
    cpu->sys.cpacr = 3ull << 20;
    assert_int_equal(RUN(w), 0);
    assert_int_equal(cpu->x[2], 0x07c00000);
    assert_int_equal(cpu->x[3], 0x0800009f);
    cpu->sys.cpacr = 1ull << 20; /* EL1 only */
    assert_int_equal(RUN(w), 0);
    to_el0();
    assert_int_equal(run_end(w, 1, SVC0, CPU_EXIT_REQUEST), 2);
    assert_int_equal(cpu->sys.esr, 0x07u << 26 | 1u << 25 | 1u << 24 | 0xeu << 20); /* CV = 1, COND = AL */
    cpu->sys.cpacr = 0;
    assert_int_equal(RUN(w), 1);
    assert_int_equal(cpu->sys.esr, 0x07u << 26 | 1u << 25 | 1u << 24 | 0xeu << 20); /* CV = 1, COND = AL */
    assert_int_equal(cpu->sys.elr, CODE);
}

/* ---- translation tables built on the host ---- */

static uint64_t pt_new(void)
{
    uint64_t pa = PT + 0x10000ull * (uint64_t)npt++;
    memset(ch_host(&fx, pa), 0, 0x10000);
    return pa;
}

typedef struct { unsigned gran, inputsize; uint64_t root; } pt_t;

static int pt_start(const pt_t *p) { return 3 - (int)((p->inputsize - p->gran - 1) / (p->gran - 3)); }
static unsigned pt_shift(const pt_t *p, int l) { return p->gran + (unsigned)(3 - l) * (p->gran - 3); }

/* Descriptor slot PA for va at level, creating tables (with tbl bits). */
static uint64_t pt_slot(pt_t *p, uint64_t va, int level, uint64_t tbl)
{
    uint64_t t = p->root;
    int start = pt_start(p);
    for (int l = start;; l++) {
        unsigned shift = pt_shift(p, l);
        unsigned nbits = l == start ? p->inputsize - shift : p->gran - 3;
        uint64_t d = t + 8 * (va >> shift & ((1ull << nbits) - 1));
        if (l == level)
            return d;
        if (!(ch_rd64(&fx, d) & 1))
            ch_wr64(&fx, d, pt_new() | 3 | tbl);
        t = ch_rd64(&fx, d) & 0x0000fffffffff000ull & ~((1ull << p->gran) - 1);
    }
}

#define AF (1ull << 10)
#define NG (1ull << 11)
#define AP_EL0 (1ull << 6)
#define AP_RO (1ull << 7)
#define PXN (1ull << 53)
#define UXN (1ull << 54)
#define NORMAL (1ull << 2 | 3ull << 8 | AF)

static void pt_init(pt_t *p, unsigned gran, unsigned inputsize)
{
    p->gran = gran;
    p->inputsize = inputsize;
    p->root = pt_new();
}

static void map(pt_t *p, uint64_t va, uint64_t pa, int level, uint64_t attrs)
{
    ch_wr64(&fx, pt_slot(p, va, level, 0), pa | attrs | (level == 3 ? 3 : 1));
}

static uint64_t tcr_for(unsigned gran, unsigned inputsize)
{
    uint64_t tg0 = gran == 12 ? 0 : gran == 16 ? 1 : 2;
    uint64_t tg1 = gran == 12 ? 2 : gran == 14 ? 1 : 3;
    uint64_t tsz = 64 - inputsize;
    return tsz | tg0 << 14 | tsz << 16 | tg1 << 30 | 5ull << 32 | TCR_AS;
}

static void mmu_on(pt_t *lo, pt_t *hi)
{
    cpu->sys.tcr = tcr_for(lo->gran, lo->inputsize);
    cpu->sys.ttbr0 = lo->root;
    cpu->sys.ttbr1 = hi ? hi->root : 0;
    if (!hi)
        cpu->sys.tcr |= TCR_EPD1;
    cpu->sys.mair = 0x44ff00;
    cpu->sys.sctlr |= SCTLR_M;
    tlb_flush_all(cpu);
}

static mmu_result_t tr(uint64_t va, acc_t acc, int idx)
{
    mmu_result_t r;
    mmu_translate(cpu, va, acc, idx, &r);
    return r;
}

static void expect_fault(uint64_t va, acc_t acc, int idx, mmu_fault_t f, int level)
{
    mmu_result_t r = tr(va, acc, idx);
    assert_int_equal(r.fault, f);
    assert_int_equal(r.level, level);
}

#define VA 0x4000000000ull /* 256 GiB */

static void test_mmu_off(void **state)
{
    (void)state;
    mmu_result_t r = tr(0x40001234, ACC_READ, MMU_IDX_EL1);
    assert_int_equal(r.fault, MMU_FAULT_NONE);
    assert_int_equal(r.pa, 0x40001234);
    assert_int_equal(r.perms, TLB_PERM_R | TLB_PERM_W | TLB_PERM_X);
    assert_true(r.attrs & MMU_ATTR_DEVICE);
    r = tr(0x40001234, ACC_EXEC, MMU_IDX_EL0);
    assert_false(r.attrs & MMU_ATTR_DEVICE);
    expect_fault(0xffff000000000000ull, ACC_EXEC, MMU_IDX_EL0, MMU_FAULT_ADDRESS_SIZE, 0);
    expect_fault(1ull << 48, ACC_READ, MMU_IDX_EL1, MMU_FAULT_ADDRESS_SIZE, 0);
    /* With TBI0 the top byte is ignored even with the MMU off. */
    cpu->sys.tcr = TCR_TBI0;
    r = tr(0x5a00000040001234ull, ACC_READ, MMU_IDX_EL1);
    assert_int_equal(r.fault, MMU_FAULT_NONE);
    assert_int_equal(r.pa, 0x40001234);
    expect_fault(0x5a01000040001234ull, ACC_READ, MMU_IDX_EL1, MMU_FAULT_ADDRESS_SIZE, 0);
    /* PAR with the MMU off: Device-nGnRnE, outer shareable. */
    uint64_t par = mmu_at(cpu, 0x40001234, ACC_READ, MMU_IDX_EL1);
    assert_int_equal(par, 0x40001000ull | 2u << 7 | 1u << 9 | 1u << 11);
    par = mmu_at(cpu, 1ull << 50, ACC_READ, MMU_IDX_EL1);
    assert_int_equal(par, 1 | 0u << 1 | 1u << 11);
}

/* Walks for one granule: levels, faults at each level, blocks. */
static void walk_granule(unsigned gran, unsigned inputsize)
{
    npt = 0;
    tlb_flush_all(cpu);
    pt_t lo, hi;
    pt_init(&lo, gran, inputsize);
    pt_init(&hi, gran, inputsize);
    uint64_t g = 1ull << gran, pa = DATA;
    map(&lo, VA, pa, 3, NORMAL);
    map(&lo, VA + 2 * g, pa + g, 3, NORMAL | NG);
    uint64_t high = 0ull - (1ull << inputsize);
    map(&hi, high, pa + 2 * g, 3, NORMAL);
    mmu_on(&lo, &hi);
    int start = pt_start(&lo);

    mmu_result_t r = tr(VA + 0x18, ACC_READ, MMU_IDX_EL1);
    assert_int_equal(r.fault, MMU_FAULT_NONE);
    assert_int_equal(r.pa, pa + 0x18);
    assert_int_equal(r.level, 3);
    assert_int_equal(r.page_shift, gran);
    assert_false(r.attrs & (MMU_ATTR_NG | MMU_ATTR_BLOCK));
    assert_int_equal(r.attrs & 0x307, 1 | 3 << 8);
    r = tr(VA + 2 * g + 8, ACC_WRITE, MMU_IDX_EL1);
    assert_int_equal(r.pa, pa + g + 8);
    assert_true(r.attrs & MMU_ATTR_NG);
    r = tr(high + g - 8, ACC_READ, MMU_IDX_EL1);
    assert_int_equal(r.pa, pa + 3 * g - 8);

    /* A translation fault at every level of the walk. */
    expect_fault(VA + g, ACC_READ, MMU_IDX_EL1, MMU_FAULT_TRANSLATION, 3);
    for (int l = 2; l >= start; l--)
        expect_fault(VA + (1ull << pt_shift(&lo, l)), ACC_READ, MMU_IDX_EL1, MMU_FAULT_TRANSLATION, l);
    /* Outside both ranges, and EPD. */
    expect_fault(1ull << inputsize, ACC_READ, MMU_IDX_EL1, MMU_FAULT_TRANSLATION, 0);
    expect_fault(high - g, ACC_READ, MMU_IDX_EL1, MMU_FAULT_TRANSLATION, 0);
    cpu->sys.tcr |= TCR_EPD0;
    expect_fault(VA, ACC_READ, MMU_IDX_EL1, MMU_FAULT_TRANSLATION, 0);
    cpu->sys.tcr &= ~TCR_EPD0;
    cpu->sys.tcr |= TCR_EPD1;
    expect_fault(high, ACC_EXEC, MMU_IDX_EL1, MMU_FAULT_TRANSLATION, 0);
    cpu->sys.tcr &= ~TCR_EPD1;

    /* Level-2 blocks are fine for every granule; other levels only for 4K
     * level 1 (no FEAT_LPA/LPA2). */
    uint64_t bva = VA + (8ull << pt_shift(&lo, 2));
    uint64_t bsz = 1ull << pt_shift(&lo, 2);
    uint64_t bpa = RAM_BASE & ~(bsz - 1);
    map(&lo, bva, bpa, 2, NORMAL);
    r = tr(bva + 0x4321, ACC_READ, MMU_IDX_EL1);
    assert_int_equal(r.fault, MMU_FAULT_NONE);
    assert_int_equal(r.pa, bpa + 0x4321);
    assert_int_equal(r.level, 2);
    assert_int_equal(r.page_shift, pt_shift(&lo, 2));
    assert_true(r.attrs & MMU_ATTR_BLOCK);
    if (start <= 1) {
        uint64_t l1va = 1ull << pt_shift(&lo, 1);
        ch_wr64(&fx, pt_slot(&lo, l1va, 1, 0), 0 | NORMAL | 1);
        r = tr(l1va, ACC_READ, MMU_IDX_EL1);
        if (gran == 12) {
            assert_int_equal(r.fault, MMU_FAULT_NONE);
            assert_int_equal(r.level, 1);
        } else {
            assert_int_equal(r.fault, MMU_FAULT_TRANSLATION);
            assert_int_equal(r.level, 1);
        }
    }
    if (start == 0) {
        ch_wr64(&fx, pt_slot(&lo, 1ull << 47, 0, 0), 0 | NORMAL | 1);
        expect_fault(1ull << 47, ACC_READ, MMU_IDX_EL1, MMU_FAULT_TRANSLATION, 0);
    }
    /* Level-3 entry with bit 1 clear: reserved. */
    uint64_t s = pt_slot(&lo, VA, 3, 0), save = ch_rd64(&fx, s);
    ch_wr64(&fx, s, save & ~2ull);
    expect_fault(VA, ACC_READ, MMU_IDX_EL1, MMU_FAULT_TRANSLATION, 3);
    /* Address size: OA above IPS at level 3, a table above IPS, the TTBR. */
    cpu->sys.tcr &= ~(7ull << 32); /* 32 bits */
    ch_wr64(&fx, s, (1ull << 32) | NORMAL | 3);
    expect_fault(VA, ACC_READ, MMU_IDX_EL1, MMU_FAULT_ADDRESS_SIZE, 3);
    ch_wr64(&fx, s, save);
    uint64_t t2 = pt_slot(&lo, VA, 2, 0), save2 = ch_rd64(&fx, t2);
    ch_wr64(&fx, t2, (1ull << 33) | 3);
    expect_fault(VA, ACC_READ, MMU_IDX_EL1, MMU_FAULT_ADDRESS_SIZE, 2);
    ch_wr64(&fx, t2, save2);
    cpu->sys.ttbr0 = lo.root | 1ull << 40;
    expect_fault(VA, ACC_READ, MMU_IDX_EL1, MMU_FAULT_ADDRESS_SIZE, 0);
    cpu->sys.ttbr0 = lo.root;
    cpu->sys.tcr |= 5ull << 32;
    /* A table outside RAM: synchronous external abort on the walk. */
    ch_wr64(&fx, t2, NOT_RAM | 3);
    r = tr(VA, ACC_READ, MMU_IDX_EL1);
    assert_int_equal(r.fault, MMU_FAULT_EXTERNAL);
    assert_true(r.s1ptw);
    assert_int_equal(r.level, 3);
    assert_int_equal(mmu_fault_status(&r), 0x17);
    ch_wr64(&fx, t2, save2);
    assert_int_equal(tr(VA, ACC_READ, MMU_IDX_EL1).fault, MMU_FAULT_NONE);
    /* TBI: tagged VAs translate only with TBI0/TBI1. */
    expect_fault(0x7700000000000000ull | VA, ACC_READ, MMU_IDX_EL1, MMU_FAULT_TRANSLATION, 0);
    cpu->sys.tcr |= TCR_TBI0 | TCR_TBI1;
    assert_int_equal(tr(0x7700000000000000ull | VA, ACC_EXEC, MMU_IDX_EL1).pa, pa);
    assert_int_equal(tr(0x1200000000000000ull | (high & 0x00ffffffffffffffull), ACC_READ, MMU_IDX_EL1).pa,
                     pa + 2 * g);
    cpu->sys.tcr &= ~(TCR_TBI0 | TCR_TBI1);
}

static void test_walks(void **state)
{
    (void)state;
    walk_granule(12, 39);
    walk_granule(12, 48);
    walk_granule(14, 39);
    walk_granule(14, 48);
    walk_granule(16, 42);
    walk_granule(16, 48);
}

static void test_walk_limits(void **state)
{
    (void)state;
    pt_t p;
    pt_init(&p, 12, 48);
    map(&p, VA, DATA, 3, NORMAL);
    mmu_on(&p, NULL);
    /* T0SZ below 16 acts as 16 (48-bit), above 39 as 39. */
    cpu->sys.tcr = (cpu->sys.tcr & ~0x3full) | 8;
    assert_int_equal(tr(VA, ACC_READ, MMU_IDX_EL1).pa, DATA);
    expect_fault(1ull << 48, ACC_READ, MMU_IDX_EL1, MMU_FAULT_TRANSLATION, 0);
    /* A reserved TG0 (0b11) is 4K. */
    cpu->sys.tcr = (cpu->sys.tcr & ~0x3full) | 16 | 3ull << 14;
    assert_int_equal(tr(VA + 8, ACC_READ, MMU_IDX_EL1).pa, DATA + 8);
    assert_int_equal(mmu_granule_shift(cpu, VA), 12);
    /* T0SZ 45 acts as 39 (25-bit VAs): a 4K walk starting at level 2. */
    pt_t q;
    pt_init(&q, 12, 25);
    map(&q, 0x1000000, DATA, 3, NORMAL);
    cpu->sys.ttbr0 = q.root;
    cpu->sys.tcr = (cpu->sys.tcr & ~0xffffull) | 45;
    mmu_result_t r = tr(0x1000010, ACC_READ, MMU_IDX_EL1);
    assert_int_equal(r.fault, MMU_FAULT_NONE);
    assert_int_equal(r.pa, DATA + 0x10);
    expect_fault(1ull << 25, ACC_READ, MMU_IDX_EL1, MMU_FAULT_TRANSLATION, 0);
}

/* ---- permissions ---- */

static unsigned perms_of(uint64_t attrs, int idx)
{
    npt = 0;
    pt_t p;
    pt_init(&p, 12, 39);
    map(&p, VA, DATA, 3, attrs);
    mmu_on(&p, NULL);
    return tr(VA, ACC_READ, idx).perms;
}

static void test_permissions(void **state)
{
    (void)state;
    enum { R = TLB_PERM_R, W = TLB_PERM_W, X = TLB_PERM_X };
    /* AP[2:1] x regime, no XN bits: EL0-writable memory is never EL1-exec. */
    static const struct { uint64_t ap; unsigned el0, el1, pan; } ap[] = {
        { 0, X, R | W | X, R | W | X },
        { AP_EL0, R | W | X, R | W, 0 },
        { AP_RO, X, R | X, R | X },
        { AP_RO | AP_EL0, R | X, R | X, X },
    };
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(perms_of(NORMAL | ap[i].ap, MMU_IDX_EL0), ap[i].el0);
        assert_int_equal(perms_of(NORMAL | ap[i].ap, MMU_IDX_EL1), ap[i].el1);
        assert_int_equal(perms_of(NORMAL | ap[i].ap, MMU_IDX_EL1_PAN), ap[i].pan);
    }
    assert_int_equal(perms_of(NORMAL | AP_EL0 | UXN, MMU_IDX_EL0), R | W);
    assert_int_equal(perms_of(NORMAL | PXN, MMU_IDX_EL1), R | W);
    assert_int_equal(perms_of(NORMAL | PXN, MMU_IDX_EL0), X);
    /* WXN: writable means not executable, per regime. */
    cpu->sys.sctlr |= SCTLR_WXN;
    assert_int_equal(perms_of(NORMAL, MMU_IDX_EL1), R | W);
    assert_int_equal(perms_of(NORMAL | AP_RO, MMU_IDX_EL1), R | X);
    assert_int_equal(perms_of(NORMAL | AP_EL0, MMU_IDX_EL0), R | W);
    assert_int_equal(perms_of(NORMAL | AP_RO | AP_EL0, MMU_IDX_EL0), R | X);
    cpu->sys.sctlr &= ~SCTLR_WXN;

    /* Faults: permission at the leaf level; AF before permissions. */
    perms_of(NORMAL | AP_RO, MMU_IDX_EL1);
    expect_fault(VA, ACC_WRITE, MMU_IDX_EL1, MMU_FAULT_PERMISSION, 3);
    expect_fault(VA, ACC_READ, MMU_IDX_EL0, MMU_FAULT_PERMISSION, 3);
    perms_of((NORMAL & ~AF) | AP_RO, MMU_IDX_EL1);
    expect_fault(VA, ACC_WRITE, MMU_IDX_EL0, MMU_FAULT_ACCESS_FLAG, 3);

    /* Hierarchical controls on the level-2 table descriptor. */
    static const struct { uint64_t tbl, page; int idx; unsigned want; } h[] = {
        { 1ull << 62, 0, MMU_IDX_EL1, R | X },            /* APTable[1]: read-only */
        { 1ull << 61, AP_EL0, MMU_IDX_EL0, X },           /* APTable[0]: no EL0 data access */
        { 1ull << 61, AP_EL0, MMU_IDX_EL1_PAN, R | W | X }, /* ... so PAN does not bite, and
                                                             EL1 may execute again */
        { 1ull << 60, AP_EL0, MMU_IDX_EL0, R | W },       /* UXNTable */
        { 1ull << 59, 0, MMU_IDX_EL1, R | W },            /* PXNTable */
    };
    for (size_t i = 0; i < sizeof(h) / sizeof(h[0]); i++) {
        for (int hpd = 0; hpd < 2; hpd++) {
            npt = 0;
            pt_t p;
            pt_init(&p, 12, 39);
            uint64_t page = h[i].page;
            ch_wr64(&fx, pt_slot(&p, VA, 3, h[i].tbl), DATA | NORMAL | page | 3);
            mmu_on(&p, NULL);
            if (hpd)
                cpu->sys.tcr |= TCR_HPD0; /* FEAT_HPDS: the controls are ignored */
            unsigned want = hpd ? perms_of(NORMAL | page, h[i].idx) : h[i].want;
            if (hpd) {
                /* perms_of rebuilt the tables without the control: compare
                 * with the same tables plus HPD0. */
                npt = 0;
                pt_init(&p, 12, 39);
                ch_wr64(&fx, pt_slot(&p, VA, 3, h[i].tbl), DATA | NORMAL | page | 3);
                mmu_on(&p, NULL);
                cpu->sys.tcr |= TCR_HPD0;
            }
            assert_int_equal(tr(VA, ACC_READ, h[i].idx).perms, want);
        }
    }
}

static void test_at_par(void **state)
{
    (void)state;
    pt_t p;
    pt_init(&p, 12, 39);
    map(&p, VA, DATA, 3, NORMAL);
    map(&p, VA + 0x1000, DATA + 0x1000, 3, 0 << 2 | AF | 3ull << 8); /* Device, "inner" */
    map(&p, VA + 0x2000, DATA + 0x2000, 3, 2 << 2 | AF | 3ull << 8); /* Normal NC */
    map(&p, VA + 0x3000, DATA + 0x3000, 3, NORMAL | AP_RO);
    ch_wr64(&fx, pt_slot(&p, RAM_BASE, 1, 0), RAM_BASE | NORMAL | 1); /* code and vectors */
    mmu_on(&p, NULL);
    assert_int_equal(mmu_at(cpu, VA + 0x10, ACC_READ, MMU_IDX_EL1),
                     DATA | 0xffull << 56 | 3u << 7 | 1u << 9 | 1u << 11);
    assert_int_equal(mmu_at(cpu, VA + 0x1010, ACC_READ, MMU_IDX_EL1),
                     (DATA + 0x1000) | 2u << 7 | 1u << 9 | 1u << 11);
    assert_int_equal(mmu_at(cpu, VA + 0x2010, ACC_WRITE, MMU_IDX_EL1),
                     (DATA + 0x2000) | 0x44ull << 56 | 2u << 7 | 1u << 9 | 1u << 11);
    assert_int_equal(mmu_at(cpu, VA + 0x3000, ACC_WRITE, MMU_IDX_EL1), 1 | 0x0f << 1 | 1u << 11);
    assert_int_equal(mmu_at(cpu, VA + 0x3000, ACC_READ, MMU_IDX_EL0), 1 | 0x0f << 1 | 1u << 11);
    assert_int_equal(mmu_at(cpu, VA + 0x5000, ACC_READ, MMU_IDX_EL1), 1 | 0x07 << 1 | 1u << 11);
    /* Executed: AT S1E1R writes PAR_EL1 and takes no exception. */
    static const uint32_t at[] = { 0xd5087801 };
    cpu->x[1] = VA + 0x5000;
    assert_int_equal(RUN(at), 0);
    assert_int_equal(cpu->sys.par, 1 | 0x07 << 1 | 1u << 11);
    /* An external abort on the walk is taken (CM = 1, WnR = 1), PAR kept. */
    ch_wr64(&fx, pt_slot(&p, VA + (1ull << 21), 2, 0), NOT_RAM | 3);
    cpu->x[1] = VA + (1ull << 21) + 8;
    assert_int_equal(RUN(at), 1);
    assert_int_equal(cpu->sys.esr, 0x96000000u | 1u << 8 | 1u << 6 | 0x17);
    assert_int_equal(cpu->sys.far, VA + (1ull << 21) + 8);
    assert_int_equal(cpu->sys.par, 1 | 0x07 << 1 | 1u << 11);
}

/* DC/IC by VA translate: an unmapped VA is a data abort with CM = 1. */
static void test_cache_maintenance_faults(void **state)
{
    (void)state;
    pt_t p;
    pt_init(&p, 12, 39);
    /* Identity map the code and vectors (1 GiB block at level 1). */
    ch_wr64(&fx, pt_slot(&p, RAM_BASE, 1, 0), RAM_BASE | NORMAL | 1);
    map(&p, VA, DATA, 3, NORMAL | AP_RO);
    mmu_on(&p, NULL);
    static const uint32_t dc[] = { 0xd50b7b21 }; /* dc cvau, x1 */
    cpu->x[1] = VA + 0x1008;
    assert_int_equal(RUN(dc), 1);
    assert_int_equal(cpu->sys.esr, 0x96000000u | 1u << 8 | 1u << 6 | 0x07);
    assert_int_equal(cpu->sys.far, VA + 0x1008);
    static const uint32_t ic[] = { 0xd50b7521 }; /* ic ivau, x1 */
    assert_int_equal(RUN(ic), 1);
    assert_int_equal(cpu->sys.esr, 0x96000000u | 1u << 8 | 1u << 6 | 0x07);
    /* A mapped read-only page: no permission fault at EL1. */
    cpu->x[1] = VA + 8;
    assert_int_equal(RUN(dc), 0);
    static const uint32_t civac[] = { 0xd50b7e21 };
    assert_int_equal(RUN(civac), 0);
}

/* ---- TLB invalidation ---- */

static bool cached(int idx, uint64_t va)
{
    return tlb_cold_for(cpu, idx, va)->vpage == (va & TLB_PAGE_MASK);
}

static void test_tlb_flushes(void **state)
{
    (void)state;
    pt_t p;
    pt_init(&p, 12, 39);
    map(&p, VA, DATA, 3, NORMAL);                  /* global */
    map(&p, VA + 0x1000, DATA + 0x1000, 3, NORMAL | NG);
    map(&p, VA + 0x2000, DATA + 0x2000, 3, NORMAL | NG);
    map(&p, VA + (1ull << 21), RAM_BASE, 2, NORMAL); /* a 2 MiB block */
    mmu_on(&p, NULL);
    cpu->sys.ttbr0 = p.root | 5ull << 48; /* ASID 5 */
    assert_int_equal(sysreg_current_asid(cpu), 5);

#define FILL(va) tlb_fill(cpu, (va), ACC_READ, MMU_IDX_EL1, 0)
#define FILL_ALL()                                                      \
    do {                                                                \
        FILL(VA); FILL(VA + 0x1000); FILL(VA + 0x2000);                 \
        FILL(VA + (1ull << 21)); FILL(VA + (1ull << 21) + 0x100000);    \
    } while (0)
    FILL_ALL();
    assert_true(cached(MMU_IDX_EL1, VA) && cached(MMU_IDX_EL1, VA + 0x1000));
    assert_true(tlb_cold_for(cpu, MMU_IDX_EL1, VA + 0x1000)->attrs & MMU_ATTR_NG);

    /* VAE1 of another ASID: global entries go, nG ones of ASID 5 stay. */
    tlb_flush_va(cpu, VA, 7, false);
    assert_false(cached(MMU_IDX_EL1, VA));
    tlb_flush_va(cpu, VA + 0x1000, 7, false);
    assert_true(cached(MMU_IDX_EL1, VA + 0x1000));
    tlb_flush_va(cpu, VA + 0x1000, 5, false);
    assert_false(cached(MMU_IDX_EL1, VA + 0x1000));
    tlb_flush_va(cpu, VA + 0x2000, 7, true); /* VAAE1 */
    assert_false(cached(MMU_IDX_EL1, VA + 0x2000));
    /* A tagged VA operand matches too (the top byte is ignored). */
    FILL(VA);
    tlb_flush_va(cpu, 0xff00000000000000ull | VA, 0, true);
    assert_false(cached(MMU_IDX_EL1, VA));

    /* ASIDE1: the current ASID's nG entries; another ASID: nothing. */
    FILL_ALL();
    tlb_flush_asid(cpu, 6);
    assert_true(cached(MMU_IDX_EL1, VA + 0x1000));
    tlb_flush_asid(cpu, 5);
    assert_false(cached(MMU_IDX_EL1, VA + 0x1000));
    assert_false(cached(MMU_IDX_EL1, VA + 0x2000));
    assert_true(cached(MMU_IDX_EL1, VA));
    /* With 8-bit ASIDs (TCR_EL1.AS = 0) only ASID[7:0] counts. */
    cpu->sys.tcr &= ~TCR_AS;
    FILL_ALL();
    tlb_flush_asid(cpu, 0x105);
    assert_false(cached(MMU_IDX_EL1, VA + 0x1000));
    cpu->sys.tcr |= TCR_AS;

    /* A TTBR0 write that changes the ASID drops nG entries only; one that
     * keeps it drops nothing. */
    FILL_ALL();
    wr(SR_TTBR0_EL1, p.root | 5ull << 48);
    assert_true(cached(MMU_IDX_EL1, VA + 0x1000));
    wr(SR_TTBR0_EL1, p.root | 9ull << 48);
    assert_false(cached(MMU_IDX_EL1, VA + 0x1000));
    assert_true(cached(MMU_IDX_EL1, VA));
    /* With TCR_EL1.A1 the ASID lives in TTBR1. */
    FILL_ALL();
    wr(SR_TTBR1_EL1, 9ull << 48);
    cpu->sys.tcr |= TCR_A1;
    wr(SR_TTBR0_EL1, p.root | 3ull << 48);
    assert_true(cached(MMU_IDX_EL1, VA + 0x1000));
    wr(SR_TTBR1_EL1, 4ull << 48);
    assert_false(cached(MMU_IDX_EL1, VA + 0x1000));
    cpu->sys.tcr &= ~TCR_A1;
    wr(SR_TTBR0_EL1, p.root | 5ull << 48);

    /* Blocks: a TLBI of any page of the block drops every cached piece. */
    FILL_ALL();
    assert_true(cached(MMU_IDX_EL1, VA + (1ull << 21) + 0x100000));
    tlb_flush_va(cpu, VA + (1ull << 21), 0, false);
    assert_false(cached(MMU_IDX_EL1, VA + (1ull << 21) + 0x100000));
    assert_false(cached(MMU_IDX_EL1, VA + (1ull << 21)));
    /* ... and a TLBI elsewhere leaves them. */
    FILL_ALL();
    tlb_flush_va(cpu, VA + (8ull << 21), 0, true);
    assert_true(cached(MMU_IDX_EL1, VA + (1ull << 21) + 0x100000));
    /* SCTLR/TCR changes that matter flush everything. */
    wr(SR_TCR_EL1, cpu->sys.tcr | TCR_TBI0);
    assert_false(cached(MMU_IDX_EL1, VA));
    FILL(VA);
    wr(SR_SCTLR_EL1, cpu->sys.sctlr | SCTLR_WXN);
    assert_false(cached(MMU_IDX_EL1, VA));
    FILL(VA);
    wr(SR_SCTLR_EL1, cpu->sys.sctlr | SCTLR_UCI); /* unrelated */
    assert_true(cached(MMU_IDX_EL1, VA));
}

/* Many non-global fills (more than one bitmap word, and more than the log
 * of earlier versions held): every nG entry goes at an ASID switch. */
static void test_tlb_ng_log(void **state)
{
    (void)state;
    pt_t p;
    pt_init(&p, 12, 39);
    for (uint64_t i = 0; i < 200; i++)
        map(&p, VA + (i << 12), DATA + (i << 12), 3, NORMAL | NG);
    map(&p, VA + (300ull << 12), DATA, 3, NORMAL);
    mmu_on(&p, NULL);
    for (int round = 0; round < 2; round++) {
        unsigned n = round == 0 ? 10 : 200;
        for (uint64_t i = 0; i < n; i++)
            tlb_fill(cpu, VA + (i << 12), ACC_READ, MMU_IDX_EL1, 0);
        tlb_fill(cpu, VA + (300ull << 12), ACC_READ, MMU_IDX_EL1, 0);
        tlb_fill(cpu, VA + (5ull << 12), ACC_EXEC, MMU_IDX_EL0, 0); /* EL0 execute-only */
        wr(SR_TTBR0_EL1, p.root | (uint64_t)(round + 1) << 48);
        for (uint64_t i = 0; i < n; i++)
            assert_false(cached(MMU_IDX_EL1, VA + (i << 12)));
        assert_false(cached(MMU_IDX_EL0, VA + (5ull << 12)));
        assert_true(cached(MMU_IDX_EL1, VA + (300ull << 12)));
    }
}

static void test_tlb_granule_pieces(void **state)
{
    (void)state;
    pt_t p;
    pt_init(&p, 16, 42);
    map(&p, VA, DATA, 3, NORMAL);
    mmu_on(&p, NULL);
    tlb_fill(cpu, VA, ACC_READ, MMU_IDX_EL1, 0);
    tlb_fill(cpu, VA + 0xf000, ACC_READ, MMU_IDX_EL1, 0);
    assert_true(cached(MMU_IDX_EL1, VA + 0xf000));
    tlb_flush_page(cpu, VA);
    assert_false(cached(MMU_IDX_EL1, VA + 0xf000));
    assert_false(cached(MMU_IDX_EL1, VA));
}

/* The victim TLB: an entry pushed out of its slot by a conflicting fill
 * comes back without a walk, and every kind of flush reaches it. */
static void test_tlb_victim(void **state)
{
    (void)state;
    const uint64_t S = (uint64_t)TLB_SIZE << TLB_PAGE_BITS; /* same slot */
    pt_t p;
    pt_init(&p, 12, 39);
    for (uint64_t i = 0; i <= TLB_VICTIM + 1; i++)
        map(&p, VA + i * S, DATA + (i << 12), 3, NORMAL);
    map(&p, VA + 0x1000, DATA + 0x20000, 3, NORMAL | NG);
    map(&p, VA + 0x1000 + S, DATA + 0x21000, 3, NORMAL | NG);
    map(&p, VA + (1ull << 30), RAM_BASE, 2, NORMAL); /* a 2 MiB block */
    mmu_on(&p, NULL);
    cpu->sys.ttbr0 = p.root | 5ull << 48;
    const cpu_stats_t *st = cpu_get_stats(cpu);
    uint64_t walks, hits;
#define VFILL(va, acc) tlb_fill(cpu, (va), (acc), MMU_IDX_EL1, 0)
#define WALKS_SINCE() (st->tlb_misses - walks)
#define MARK() (walks = st->tlb_misses, hits = st->tlb_victim_hits)

    /* A out, B in; A back from the victims (no walk), B out. */
    VFILL(VA, ACC_READ);
    VFILL(VA + S, ACC_READ);
    assert_false(cached(MMU_IDX_EL1, VA));
    MARK();
    VFILL(VA, ACC_READ);
    assert_int_equal(WALKS_SINCE(), 0);
    assert_int_equal(st->tlb_victim_hits - hits, 1);
    assert_true(cached(MMU_IDX_EL1, VA));
    assert_int_equal(tlb_cold_for(cpu, MMU_IDX_EL1, VA)->ppage, DATA);
    assert_int_equal(tlb_entry_for(cpu, MMU_IDX_EL1, VA)->tag_read, VA);
    VFILL(VA + S, ACC_READ);
    assert_int_equal(WALKS_SINCE(), 0);
    assert_int_equal(tlb_cold_for(cpu, MMU_IDX_EL1, VA + S)->ppage, DATA + 0x1000);

    /* TLB_VICTIM more conflicting pages push A out of the victims too. */
    VFILL(VA, ACC_READ);
    for (uint64_t i = 1; i <= TLB_VICTIM + 1; i++)
        VFILL(VA + i * S, ACC_READ);
    MARK();
    VFILL(VA, ACC_READ);
    assert_int_equal(WALKS_SINCE(), 1);

    /* TLBI VAE1 of a page sitting in the victims: the new mapping is seen. */
    VFILL(VA + S, ACC_READ); /* A to the victims */
    map(&p, VA, DATA + 0x5000, 3, NORMAL);
    tlb_flush_va(cpu, VA, 5, false);
    MARK();
    VFILL(VA, ACC_READ);
    assert_int_equal(WALKS_SINCE(), 1);
    assert_int_equal(tlb_cold_for(cpu, MMU_IDX_EL1, VA)->ppage, DATA + 0x5000);

    /* An ASID switch drops the nG entry in the victims, not the global one. */
    VFILL(VA + 0x1000, ACC_READ);
    VFILL(VA + 0x1000 + S, ACC_READ); /* nG C to the victims */
    VFILL(VA + S, ACC_READ);          /* global A to the victims */
    wr(SR_TTBR0_EL1, p.root | 6ull << 48);
    MARK();
    VFILL(VA + 0x1000, ACC_READ);
    assert_int_equal(WALKS_SINCE(), 1);
    VFILL(VA, ACC_READ);
    assert_int_equal(WALKS_SINCE(), 1);

    /* Code in a page whose entry is in the victims: writes leave the fast
     * path when it comes back. */
    VFILL(VA, ACC_WRITE);
    assert_int_equal(tlb_entry_for(cpu, MMU_IDX_EL1, VA)->tag_write, VA);
    VFILL(VA + S, ACC_READ);
    tlb_protect_code_page(cpu, DATA + 0x5000);
    MARK();
    VFILL(VA, ACC_WRITE);
    assert_int_equal(WALKS_SINCE(), 0);
    assert_int_equal(tlb_entry_for(cpu, MMU_IDX_EL1, VA)->tag_write, TLB_INVALID);
    assert_int_equal(tlb_entry_for(cpu, MMU_IDX_EL1, VA)->tag_read, VA);

    /* A block piece in the victims goes with a TLBI of another page of the
     * block. */
    uint64_t bpiece = VA + (1ull << 30) + 0x3000;
    map(&p, bpiece + S, DATA, 3, NORMAL);
    VFILL(bpiece, ACC_READ);
    VFILL(bpiece + S, ACC_READ);
    tlb_flush_va(cpu, VA + (1ull << 30) + 0x100000, 0, true);
    MARK();
    VFILL(bpiece, ACC_READ);
    assert_int_equal(WALKS_SINCE(), 1);

    /* TLBI VMALLE1 empties the victims. */
    VFILL(VA, ACC_READ);
    VFILL(VA + S, ACC_READ);
    tlb_flush_all(cpu);
    MARK();
    VFILL(VA, ACC_READ);
    assert_int_equal(WALKS_SINCE(), 1);
    (void)hits;
#undef VFILL
#undef WALKS_SINCE
#undef MARK
}

/* ---- generic timer ---- */

static int line_level[2];
static int line_changes;
static void line(void *o, int n, int level)
{
    (void)o;
    line_level[n] = level;
    line_changes++;
}

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void test_timer(void **state)
{
    (void)state;
    irq_connect(cpu_timer_output(cpu, CPU_TIMER_PHYS), line, NULL, 0);
    irq_connect(cpu_timer_output(cpu, CPU_TIMER_VIRT), line, NULL, 1);
    line_level[0] = line_level[1] = 0;
    assert_int_equal(timer_freq(), 62500000);

    /* The counter is the host clock in 16 ns ticks. */
    uint64_t ns0 = host_ns(), c = timer_counter(cpu), ns1 = host_ns();
    assert_true(c >= ns0 / 16 && c <= ns1 / 16);
    assert_int_equal(cpu_timer_poll(cpu), UINT64_MAX); /* nothing enabled */

    /* CVAL in the past, enabled: ISTATUS, line high; IMASK drops the line
     * but not ISTATUS; disabled: neither. */
    wr(SR_CNTV_CVAL_EL0, 0);
    wr(SR_CNTV_CTL_EL0, 1);
    assert_int_equal(rd(SR_CNTV_CTL_EL0), 5);
    assert_int_equal(line_level[1], 1);
    assert_int_equal(line_level[0], 0);
    assert_int_equal(cpu_timer_poll(cpu), UINT64_MAX); /* already firing */
    wr(SR_CNTV_CTL_EL0, 3);
    assert_int_equal(rd(SR_CNTV_CTL_EL0), 7);
    assert_int_equal(line_level[1], 0);
    wr(SR_CNTV_CTL_EL0, 0);
    assert_int_equal(rd(SR_CNTV_CTL_EL0), 0);
    assert_int_equal(line_level[1], 0);

    /* TVAL: a signed 32-bit view of CVAL - count. */
    uint64_t before = timer_counter(cpu);
    wr(SR_CNTP_TVAL_EL0, 0xc0000000u); /* -2^30 */
    uint64_t after = timer_counter(cpu);
    uint64_t cval = rd(SR_CNTP_CVAL_EL0);
    assert_true(cval >= before - 0x40000000ull && cval <= after - 0x40000000ull);
    uint64_t tval = rd(SR_CNTP_TVAL_EL0);
    assert_true(tval >> 32 == 0 && (tval >> 31) == 1);
    wr(SR_CNTP_CVAL_EL0, before + 1000000000ull);
    tval = rd(SR_CNTP_TVAL_EL0);
    assert_true(tval <= 1000000000u && tval > 1000000000u - 62500000u);

    /* Poll: the deadline of an enabled, unmasked, pending timer. */
    uint64_t now = timer_counter(cpu);
    wr(SR_CNTP_CVAL_EL0, now + 62500); /* 1 ms */
    wr(SR_CNTP_CTL_EL0, 1);
    assert_int_equal(line_level[0], 0);
    assert_int_equal(cpu_timer_poll(cpu), (now + 62500) << 4);
    wr(SR_CNTP_CTL_EL0, 3);
    assert_int_equal(cpu_timer_poll(cpu), UINT64_MAX);
    wr(SR_CNTP_CTL_EL0, 1);
    /* Time passes: the poll raises the line. */
    while (timer_counter(cpu) < now + 62500)
        ;
    assert_int_equal(cpu_timer_poll(cpu), UINT64_MAX);
    assert_int_equal(line_level[0], 1);
    wr(SR_CNTP_CTL_EL0, 0);
    assert_int_equal(line_level[0], 0);

    /* The virtual timer compares CNTVCT = CNTPCT - CNTVOFF. */
    cpu->cntvoff = 1000;
    now = timer_counter(cpu);
    wr(SR_CNTV_CVAL_EL0, now + 62500);
    wr(SR_CNTV_CTL_EL0, 1);
    assert_int_equal(cpu_timer_poll(cpu), (now + 62500 + 1000) << 4);
    assert_true(rd(SR_CNTVCT_EL0) < rd(SR_CNTPCT_EL0));
    wr(SR_CNTV_CTL_EL0, 0);
    cpu->cntvoff = 0;
    /* A CVAL too far for nanoseconds never overflows into the past. */
    wr(SR_CNTV_CVAL_EL0, UINT64_MAX - 5);
    wr(SR_CNTV_CTL_EL0, 1);
    assert_int_equal(cpu_timer_poll(cpu), UINT64_MAX);
    wr(SR_CNTV_CTL_EL0, 0);
    /* Reset turns both timers off and drops the lines. */
    wr(SR_CNTP_CVAL_EL0, 0);
    wr(SR_CNTP_CTL_EL0, 1);
    assert_int_equal(line_level[0], 1);
    cpu_reset(cpu, CODE, 0);
    assert_int_equal(line_level[0], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_id_registers, setup_max, teardown),
        cmocka_unit_test_setup_teardown(test_access_rules, setup_max, teardown),
        cmocka_unit_test_setup_teardown(test_a57_differences, setup_a57, teardown),
        cmocka_unit_test_setup_teardown(test_register_values, setup_max, teardown),
        cmocka_unit_test_setup_teardown(test_hints_barriers, setup_max, teardown),
        cmocka_unit_test_setup_teardown(test_wfi_wfe, setup_max, teardown),
        cmocka_unit_test_setup_teardown(test_el0_traps, setup_max, teardown),
        cmocka_unit_test_setup_teardown(test_daifclr_takes_pending_irq, setup_max, teardown),
        cmocka_unit_test_setup_teardown(test_sp_el0_and_pan_ops, setup_max, teardown),
        cmocka_unit_test_setup_teardown(test_fpcr_fpsr, setup_max, teardown),
        cmocka_unit_test_setup_teardown(test_mmu_off, setup_max, teardown),
        cmocka_unit_test_setup_teardown(test_walks, setup_max, teardown),
        cmocka_unit_test_setup_teardown(test_walk_limits, setup_max, teardown),
        cmocka_unit_test_setup_teardown(test_permissions, setup_max, teardown),
        cmocka_unit_test_setup_teardown(test_at_par, setup_max, teardown),
        cmocka_unit_test_setup_teardown(test_cache_maintenance_faults, setup_max, teardown),
        cmocka_unit_test_setup_teardown(test_tlb_flushes, setup_max, teardown),
        cmocka_unit_test_setup_teardown(test_tlb_victim, setup_max, teardown),
        cmocka_unit_test_setup_teardown(test_tlb_ng_log, setup_max, teardown),
        cmocka_unit_test_setup_teardown(test_tlb_granule_pieces, setup_max, teardown),
        cmocka_unit_test_setup_teardown(test_timer, setup_max, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
