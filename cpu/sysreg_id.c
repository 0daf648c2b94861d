/* sysreg_id.c - identification registers: what each -cpu model says it is.
 *
 * The rule (DESIGN.md): ID registers advertise exactly what tinyvm
 * implements, never more. So every model is an AArch64-only EL0/EL1 CPU
 * (no EL2/EL3, no AArch32) with a GICv3 system-register CPU interface, the
 * generic timer, 16-bit ASIDs, a 48-bit physical address space and all three
 * translation granules, FP/AdvSIMD (no half-precision arithmetic) and the
 * AES/SHA1/SHA2/PMULL/CRC32 instructions. The models differ in MIDR and in
 * the optional features only "max" has:
 *
 *   feature   field                     a53/a57/a72  max
 *   CRC32     ID_AA64ISAR0_EL1.CRC32    1            1
 *   LSE       ID_AA64ISAR0_EL1.Atomic   0            2
 *   SB        ID_AA64ISAR1_EL1.SB       0            1
 *   PAN       ID_AA64MMFR1_EL1.PAN      0            1   (not PAN2: no AT S1E1RP/WP)
 *   HPDS      ID_AA64MMFR1_EL1.HPDS     0            1   (TCR_EL1.HPD0/HPD1)
 *   UAO       ID_AA64MMFR2_EL1.UAO      0            1
 *   IDST      ID_AA64MMFR2_EL1.IDS      0            1   (EL0 ID reads trap as EC 0x18)
 *   CSV2/CSV3 ID_AA64PFR0_EL1           0            1   (tinyvm does not speculate)
 *
 * Features.json (shared/reference/arm-aarchmrs-bsd-2025-03) ties features to
 * architecture versions: Armv8.1 requires CRC32, HPDS, LOR, LSE and PAN. max
 * does not claim Armv8.1 as a whole: LOR (limited ordering regions) is not
 * advertised (ID_AA64MMFR1_EL1.LO = 0). Each feature it has is allowed on an
 * Armv8.0 base except UAO, which Features.json lists as "--> v8Ap1"; Linux
 * keys off the ID field only, and the field is honest.
 *
 * MIDR for max: implementer 0x00 ("reserved for software use"), architecture
 * 0xF, part 0x051 -- the value QEMU gives its "max" CPU. A real Arm MIDR would
 * switch on that core's errata workarounds in Linux; this one matches none.
 */
#include "sysreg.h"

/* ID_AA64PFR0_EL1: EL0 = EL1 = 1 (AArch64 only), EL2 = EL3 = 0,
 * FP = AdvSIMD = 0 (implemented, no half-precision arithmetic), GIC = 1
 * (system registers). */
#define PFR0_BASE 0x0000000001000011ull
#define PFR0_CSV2_CSV3 (1ull << 56 | 1ull << 60)
/* ID_AA64DFR0_EL1: DebugVer = 6 (Armv8.0 debug), TraceVer = 0, PMUVer = 0
 * (no PMU: PMU registers are UNDEFINED), BRPs = 5 (6 breakpoints), WRPs = 3
 * (4 watchpoints), CTX_CMPs = 1 (2 context-aware breakpoints), DoubleLock = 0
 * (OSDLR_EL1.DLK implemented as storage). */
#define DFR0_VALUE 0x0000000010305006ull
/* ID_AA64MMFR0_EL1: PARange = 5 (48 bits), ASIDBits = 2 (16), BigEnd =
 * BigEndEL0 = 0 (little-endian only), TGran16 = 1, TGran64 = TGran4 = 0
 * (both supported). */
#define MMFR0_VALUE 0x0000000000100025ull

void cpu_set_id_registers(cpu_t *cpu, cpu_model_t model)
{
    bool max = model == CPU_MODEL_MAX;
    cpu->model = model;
    switch (model) {
    case CPU_MODEL_CORTEX_A53: cpu->midr = 0x410fd034; break; /* r0p4 */
    case CPU_MODEL_CORTEX_A72: cpu->midr = 0x410fd083; break; /* r0p3 */
    case CPU_MODEL_MAX:        cpu->midr = 0x000f0510; break;
    case CPU_MODEL_CORTEX_A57:
    default:                   cpu->midr = 0x411fd070; break; /* r1p0 */
    }
    /* MPIDR_EL1: bit 31 RES1, U = 0 (part of a multiprocessor system),
     * MT = 0; Aff0 = index % 16, Aff1 = index / 16, the affinity layout of
     * QEMU's virt board with GICv3 that devices/gicv3.c routes by. */
    cpu->mpidr = 0x80000000ull | (uint64_t)(cpu->index / 16) << 8 | (uint64_t)(cpu->index % 16);
    cpu->revidr = 0;

    cpu->id_aa64pfr0 = PFR0_BASE | (max ? PFR0_CSV2_CSV3 : 0);
    cpu->id_aa64pfr1 = 0;
    cpu->id_aa64dfr0 = DFR0_VALUE;
    /* AES = 2 (AESE/AESD/AESMC/AESIMC and PMULL), SHA1 = SHA2 = 1, CRC32 = 1:
     * the ARMv8.0 cryptographic extension, as all three Cortex cores have it
     * in their crypto configurations. */
    cpu->id_aa64isar0 = 2ull << 4 | 1ull << 8 | 1ull << 12 | 1ull << 16 |
                        (max ? 2ull << 20 : 0) /* Atomic: LSE */;
    cpu->id_aa64isar1 = max ? 1ull << 36 : 0; /* SB */
    cpu->id_aa64mmfr0 = MMFR0_VALUE;
    cpu->id_aa64mmfr1 = max ? (1ull << 20 /* PAN */ | 1ull << 12 /* HPDS */) : 0;
    cpu->id_aa64mmfr2 = max ? (1ull << 4 /* UAO */ | 1ull << 36 /* IDS */) : 0;

    /* CTR_EL0: RES1 bit 31, CWG = ERG = 4 (64 bytes), DminLine = IminLine = 4
     * (64-byte lines), L1Ip = 3 (PIPT), IDC = DIC = 0: software does its own
     * cache maintenance (tinyvm tracks code writes regardless). */
    cpu->ctr = 0x8444c004;
    cpu->dczid = 4; /* BS: DC ZVA clears 2^4 words = 64 bytes */
    /* CLIDR_EL1: L1 separate I and D, L2 unified; LoUIS = 1, LoC = 2, LoUU = 1
     * (a Cortex-A57 cluster's layout). */
    cpu->clidr = 0x0a200023;
}

/* CCSIDR_EL1 for CSSELR_EL1 (Level<<1 | InD), in the pre-FEAT_CCIDX format:
 * WT/WB/RA/WA 31:28, NumSets-1 27:13, Associativity-1 12:3, log2(words)-2 2:0. */
static uint64_t ccsidr_for(uint64_t csselr)
{
    switch (csselr & 0xf) {
    case 0: return 0x701fe00a; /* L1 D: 32 KiB, 2-way, 64-byte lines */
    case 1: return 0x201fe012; /* L1 I: 48 KiB, 3-way, 64-byte lines */
    case 2: return 0x70ffe07a; /* L2:   2 MiB, 16-way, 64-byte lines */
    default: return 0;         /* no such cache: UNKNOWN, we say 0 */
    }
}

bool sysreg_in_id_space(uint32_t enc)
{
    unsigned op1 = sr_op1(enc);
    return sr_op0(enc) == 3 && (op1 == 0 || op1 == 1 || op1 == 3) && sr_crn(enc) == 0 &&
           sr_crm(enc) < 8;
}

bool sysreg_id_read(const cpu_t *cpu, uint32_t enc, uint64_t *val)
{
    switch (enc) {
    case SR_MIDR_EL1: *val = cpu->midr; return true;
    case SR_MPIDR_EL1: *val = cpu->mpidr; return true;
    case SR_REVIDR_EL1: *val = cpu->revidr; return true;
    case SR_ID_AA64PFR0_EL1: *val = cpu->id_aa64pfr0; return true;
    case SR_ID_AA64PFR1_EL1: *val = cpu->id_aa64pfr1; return true;
    case SR_ID_AA64DFR0_EL1: *val = cpu->id_aa64dfr0; return true;
    case SR_ID_AA64ISAR0_EL1: *val = cpu->id_aa64isar0; return true;
    case SR_ID_AA64ISAR1_EL1: *val = cpu->id_aa64isar1; return true;
    case SR_ID_AA64MMFR0_EL1: *val = cpu->id_aa64mmfr0; return true;
    case SR_ID_AA64MMFR1_EL1: *val = cpu->id_aa64mmfr1; return true;
    case SR_ID_AA64MMFR2_EL1: *val = cpu->id_aa64mmfr2; return true;
    case SR_CTR_EL0: *val = cpu->ctr; return true;
    case SR_DCZID_EL0: *val = cpu->dczid; return true; /* DZP is added by the caller at EL0 */
    case SR_CLIDR_EL1: *val = cpu->clidr; return true;
    case SR_CCSIDR_EL1: *val = ccsidr_for(cpu->sys.csselr); return true;
    case SR_AIDR_EL1: *val = 0; return true;
    }
    /* The rest of op0 = 3, op1 = 0, CRn = 0, CRm = 1..7 is the ID register
     * space: the AArch32 ID registers (AArch32 is not implemented at any EL,
     * so they read as zero), ID_AA64ZFR0/SMFR0/ISAR2/MMFR3/... of features
     * this CPU does not have, and encodings reserved for future ID
     * registers, which the architecture makes RAZ. */
    if (sr_op0(enc) == 3 && sr_op1(enc) == 0 && sr_crn(enc) == 0 && sr_crm(enc) >= 1 &&
        sr_crm(enc) <= 7) {
        *val = 0;
        return true;
    }
    return false;
}
