/* sysreg.h - system registers, system instructions and the MMU: what the
 * files of the "system side" (system.c, sysreg.c, sysreg_id.c, mmu.c,
 * timer.c, the TLB flushes in tlb.c) share beyond cpu_internal.h.
 *
 * Encodings are packed as SYSREG_ENC(op0, op1, CRn, CRm, op2), the layout of
 * the MRS/MSR/SYS instruction bits 20:5 without Rt, so the decoder gets one
 * with a shift and a mask.
 */
#ifndef TINYVM_CPU_SYSREG_H
#define TINYVM_CPU_SYSREG_H

#include <stddef.h>

#include "cpu_internal.h"

#define SR SYSREG_ENC

/* ---- encodings (Arm ARM register index; linux tools/sysreg has the same numbers) ---- */
/* PSTATE and special-purpose */
#define SR_NZCV SR(3, 3, 4, 2, 0)
#define SR_DAIF SR(3, 3, 4, 2, 1)
#define SR_CURRENTEL SR(3, 0, 4, 2, 2)
#define SR_SPSEL SR(3, 0, 4, 2, 0)
#define SR_PAN SR(3, 0, 4, 2, 3)
#define SR_UAO SR(3, 0, 4, 2, 4)
#define SR_SPSR_EL1 SR(3, 0, 4, 0, 0)
#define SR_ELR_EL1 SR(3, 0, 4, 0, 1)
#define SR_SP_EL0 SR(3, 0, 4, 1, 0)
#define SR_FPCR SR(3, 3, 4, 4, 0)
#define SR_FPSR SR(3, 3, 4, 4, 1)
/* identification */
#define SR_MIDR_EL1 SR(3, 0, 0, 0, 0)
#define SR_MPIDR_EL1 SR(3, 0, 0, 0, 5)
#define SR_REVIDR_EL1 SR(3, 0, 0, 0, 6)
#define SR_ID_AA64PFR0_EL1 SR(3, 0, 0, 4, 0)
#define SR_ID_AA64PFR1_EL1 SR(3, 0, 0, 4, 1)
#define SR_ID_AA64DFR0_EL1 SR(3, 0, 0, 5, 0)
#define SR_ID_AA64ISAR0_EL1 SR(3, 0, 0, 6, 0)
#define SR_ID_AA64ISAR1_EL1 SR(3, 0, 0, 6, 1)
#define SR_ID_AA64MMFR0_EL1 SR(3, 0, 0, 7, 0)
#define SR_ID_AA64MMFR1_EL1 SR(3, 0, 0, 7, 1)
#define SR_ID_AA64MMFR2_EL1 SR(3, 0, 0, 7, 2)
#define SR_CCSIDR_EL1 SR(3, 1, 0, 0, 0)
#define SR_CLIDR_EL1 SR(3, 1, 0, 0, 1)
#define SR_AIDR_EL1 SR(3, 1, 0, 0, 7)
#define SR_CSSELR_EL1 SR(3, 2, 0, 0, 0)
#define SR_CTR_EL0 SR(3, 3, 0, 0, 1)
#define SR_DCZID_EL0 SR(3, 3, 0, 0, 7)
/* memory system and exceptions */
#define SR_SCTLR_EL1 SR(3, 0, 1, 0, 0)
#define SR_ACTLR_EL1 SR(3, 0, 1, 0, 1)
#define SR_CPACR_EL1 SR(3, 0, 1, 0, 2)
#define SR_TTBR0_EL1 SR(3, 0, 2, 0, 0)
#define SR_TTBR1_EL1 SR(3, 0, 2, 0, 1)
#define SR_TCR_EL1 SR(3, 0, 2, 0, 2)
#define SR_AFSR0_EL1 SR(3, 0, 5, 1, 0)
#define SR_AFSR1_EL1 SR(3, 0, 5, 1, 1)
#define SR_ESR_EL1 SR(3, 0, 5, 2, 0)
#define SR_FAR_EL1 SR(3, 0, 6, 0, 0)
#define SR_PAR_EL1 SR(3, 0, 7, 4, 0)
#define SR_MAIR_EL1 SR(3, 0, 10, 2, 0)
#define SR_AMAIR_EL1 SR(3, 0, 10, 3, 0)
#define SR_VBAR_EL1 SR(3, 0, 12, 0, 0)
#define SR_RVBAR_EL1 SR(3, 0, 12, 0, 1)
#define SR_ISR_EL1 SR(3, 0, 12, 1, 0)
#define SR_CONTEXTIDR_EL1 SR(3, 0, 13, 0, 1)
#define SR_TPIDR_EL1 SR(3, 0, 13, 0, 4)
#define SR_TPIDR_EL0 SR(3, 3, 13, 0, 2)
#define SR_TPIDRRO_EL0 SR(3, 3, 13, 0, 3)
/* limited ordering regions (FEAT_LOR) */
#define SR_LORSA_EL1 SR(3, 0, 10, 4, 0)
#define SR_LOREA_EL1 SR(3, 0, 10, 4, 1)
#define SR_LORN_EL1 SR(3, 0, 10, 4, 2)
#define SR_LORC_EL1 SR(3, 0, 10, 4, 3)
#define SR_LORID_EL1 SR(3, 0, 10, 4, 7)
/* generic timer */
#define SR_CNTKCTL_EL1 SR(3, 0, 14, 1, 0)
#define SR_CNTFRQ_EL0 SR(3, 3, 14, 0, 0)
#define SR_CNTPCT_EL0 SR(3, 3, 14, 0, 1)
#define SR_CNTVCT_EL0 SR(3, 3, 14, 0, 2)
#define SR_CNTP_TVAL_EL0 SR(3, 3, 14, 2, 0)
#define SR_CNTP_CTL_EL0 SR(3, 3, 14, 2, 1)
#define SR_CNTP_CVAL_EL0 SR(3, 3, 14, 2, 2)
#define SR_CNTV_TVAL_EL0 SR(3, 3, 14, 3, 0)
#define SR_CNTV_CTL_EL0 SR(3, 3, 14, 3, 1)
#define SR_CNTV_CVAL_EL0 SR(3, 3, 14, 3, 2)
/* debug (op0 = 2) */
#define SR_OSDTRRX_EL1 SR(2, 0, 0, 0, 2)
#define SR_MDCCINT_EL1 SR(2, 0, 0, 2, 0)
#define SR_MDSCR_EL1 SR(2, 0, 0, 2, 2)
#define SR_OSDTRTX_EL1 SR(2, 0, 0, 3, 2)
#define SR_OSECCR_EL1 SR(2, 0, 0, 6, 2)
#define SR_DBGBVR_EL1(n) SR(2, 0, 0, n, 4)
#define SR_DBGBCR_EL1(n) SR(2, 0, 0, n, 5)
#define SR_DBGWVR_EL1(n) SR(2, 0, 0, n, 6)
#define SR_DBGWCR_EL1(n) SR(2, 0, 0, n, 7)
#define SR_MDRAR_EL1 SR(2, 0, 1, 0, 0)
#define SR_OSLAR_EL1 SR(2, 0, 1, 0, 4)
#define SR_OSLSR_EL1 SR(2, 0, 1, 1, 4)
#define SR_OSDLR_EL1 SR(2, 0, 1, 3, 4)
#define SR_DBGPRCR_EL1 SR(2, 0, 1, 4, 4)
#define SR_DBGCLAIMSET_EL1 SR(2, 0, 7, 8, 6)
#define SR_DBGCLAIMCLR_EL1 SR(2, 0, 7, 9, 6)
#define SR_DBGAUTHSTATUS_EL1 SR(2, 0, 7, 14, 6)
#define SR_MDCCSR_EL0 SR(2, 3, 0, 1, 0)
#define SR_DBGDTR_EL0 SR(2, 3, 0, 4, 0)
#define SR_DBGDTRRX_EL0 SR(2, 3, 0, 5, 0) /* reads: RX; writes: DBGDTRTX_EL0 */
/* GICv3 CPU interface: ICC_PMR_EL1 and the CRn = 12 block */
#define SR_ICC_PMR_EL1 SR(3, 0, 4, 6, 0)
#define SR_ICC_IAR0_EL1 SR(3, 0, 12, 8, 0)
#define SR_ICC_EOIR0_EL1 SR(3, 0, 12, 8, 1)
#define SR_ICC_HPPIR0_EL1 SR(3, 0, 12, 8, 2)
#define SR_ICC_DIR_EL1 SR(3, 0, 12, 11, 1)
#define SR_ICC_RPR_EL1 SR(3, 0, 12, 11, 3)
#define SR_ICC_SGI1R_EL1 SR(3, 0, 12, 11, 5)
#define SR_ICC_ASGI1R_EL1 SR(3, 0, 12, 11, 6)
#define SR_ICC_SGI0R_EL1 SR(3, 0, 12, 11, 7)
#define SR_ICC_IAR1_EL1 SR(3, 0, 12, 12, 0)
#define SR_ICC_EOIR1_EL1 SR(3, 0, 12, 12, 1)
#define SR_ICC_HPPIR1_EL1 SR(3, 0, 12, 12, 2)

/* ---- SYS instructions (op0 = 1) ---- */
#define SYS_IC_IALLUIS SR(1, 0, 7, 1, 0)
#define SYS_IC_IALLU SR(1, 0, 7, 5, 0)
#define SYS_IC_IVAU SR(1, 3, 7, 5, 1)
#define SYS_DC_IVAC SR(1, 0, 7, 6, 1)
#define SYS_DC_ISW SR(1, 0, 7, 6, 2)
#define SYS_DC_CSW SR(1, 0, 7, 10, 2)
#define SYS_DC_CISW SR(1, 0, 7, 14, 2)
#define SYS_DC_ZVA SR(1, 3, 7, 4, 1)
#define SYS_DC_CVAC SR(1, 3, 7, 10, 1)
#define SYS_DC_CVAU SR(1, 3, 7, 11, 1)
#define SYS_DC_CIVAC SR(1, 3, 7, 14, 1)
#define SYS_AT_S1E1R SR(1, 0, 7, 8, 0)
#define SYS_AT_S1E1W SR(1, 0, 7, 8, 1)
#define SYS_AT_S1E0R SR(1, 0, 7, 8, 2)
#define SYS_AT_S1E0W SR(1, 0, 7, 8, 3)
#define SYS_TLBI_VMALLE1IS SR(1, 0, 8, 3, 0)
#define SYS_TLBI_VAE1IS SR(1, 0, 8, 3, 1)
#define SYS_TLBI_ASIDE1IS SR(1, 0, 8, 3, 2)
#define SYS_TLBI_VAAE1IS SR(1, 0, 8, 3, 3)
#define SYS_TLBI_VALE1IS SR(1, 0, 8, 3, 5)
#define SYS_TLBI_VAALE1IS SR(1, 0, 8, 3, 7)
#define SYS_TLBI_VMALLE1 SR(1, 0, 8, 7, 0)
#define SYS_TLBI_VAE1 SR(1, 0, 8, 7, 1)
#define SYS_TLBI_ASIDE1 SR(1, 0, 8, 7, 2)
#define SYS_TLBI_VAAE1 SR(1, 0, 8, 7, 3)
#define SYS_TLBI_VALE1 SR(1, 0, 8, 7, 5)
#define SYS_TLBI_VAALE1 SR(1, 0, 8, 7, 7)

static inline unsigned sr_op0(uint32_t enc) { return enc >> 14 & 3; }
static inline unsigned sr_op1(uint32_t enc) { return enc >> 11 & 7; }
static inline unsigned sr_crn(uint32_t enc) { return enc >> 7 & 15; }
static inline unsigned sr_crm(uint32_t enc) { return enc >> 3 & 15; }
static inline unsigned sr_op2(uint32_t enc) { return enc & 7; }

/* ---- register bits ---- */
#define SCTLR_M (1ull << 0)
#define SCTLR_A (1ull << 1)
#define SCTLR_C (1ull << 2)
#define SCTLR_SA (1ull << 3)
#define SCTLR_SA0 (1ull << 4)
#define SCTLR_UMA (1ull << 9)
#define SCTLR_I (1ull << 12)
#define SCTLR_DZE (1ull << 14)
#define SCTLR_UCT (1ull << 15)
#define SCTLR_NTWI (1ull << 16)
#define SCTLR_NTWE (1ull << 18)
#define SCTLR_WXN (1ull << 19)
#define SCTLR_SPAN (1ull << 23)
#define SCTLR_E0E (1ull << 24)
#define SCTLR_EE (1ull << 25)
#define SCTLR_UCI (1ull << 26)

#define TCR_T0SZ(t) ((unsigned)((t) & 0x3f))
#define TCR_EPD0 (1ull << 7)
#define TCR_TG0(t) ((unsigned)((t) >> 14 & 3))
#define TCR_T1SZ(t) ((unsigned)((t) >> 16 & 0x3f))
#define TCR_A1 (1ull << 22)
#define TCR_EPD1 (1ull << 23)
#define TCR_TG1(t) ((unsigned)((t) >> 30 & 3))
#define TCR_IPS(t) ((unsigned)((t) >> 32 & 7))
#define TCR_AS (1ull << 36)
#define TCR_TBI0 (1ull << 37)
#define TCR_TBI1 (1ull << 38)
#define TCR_HPD0 (1ull << 41)
#define TCR_HPD1 (1ull << 42)

#define CNTKCTL_EL0PCTEN (1u << 0)
#define CNTKCTL_EL0VCTEN (1u << 1)
#define CNTKCTL_EL0VTEN (1u << 8)
#define CNTKCTL_EL0PTEN (1u << 9)

#define CNT_CTL_ENABLE 1u
#define CNT_CTL_IMASK 2u
#define CNT_CTL_ISTATUS 4u

#define MDSCR_TDCC (1ull << 12)

/* ---- ID register fields the rest of cpu/ asks about ---- */
static inline unsigned id_field(uint64_t reg, int shift) { return (unsigned)(reg >> shift & 0xf); }
static inline bool cpu_has_pan(const cpu_t *cpu) { return id_field(cpu->id_aa64mmfr1, 20) != 0; }
static inline bool cpu_has_uao(const cpu_t *cpu) { return id_field(cpu->id_aa64mmfr2, 4) != 0; }
static inline bool cpu_has_hpds(const cpu_t *cpu) { return id_field(cpu->id_aa64mmfr1, 12) != 0; }
static inline bool cpu_has_ids(const cpu_t *cpu) { return id_field(cpu->id_aa64mmfr2, 36) != 0; }
static inline bool cpu_has_sb(const cpu_t *cpu) { return id_field(cpu->id_aa64isar1, 36) != 0; }
static inline bool cpu_has_fp(const cpu_t *cpu) { return id_field(cpu->id_aa64pfr0, 16) != 0xf; }
static inline bool cpu_has_gicv3(const cpu_t *cpu) { return id_field(cpu->id_aa64pfr0, 24) != 0; }
/* Number of breakpoints / watchpoints (ID_AA64DFR0_EL1.BRPs/WRPs + 1). */
static inline unsigned cpu_num_brps(const cpu_t *cpu) { return id_field(cpu->id_aa64dfr0, 12) + 1; }
static inline unsigned cpu_num_wrps(const cpu_t *cpu) { return id_field(cpu->id_aa64dfr0, 20) + 1; }

/* ---- sysreg_id.c ---- */
/* Value of a register in the ID space (op0 = 3, op1 = 0, CRn = 0, CRm =
 * 1..7, all RAZ unless named) and the other identification registers
 * (MIDR, MPIDR, REVIDR, CTR, DCZID, CLIDR, CCSIDR, AIDR). false: not one. */
bool sysreg_id_read(const cpu_t *cpu, uint32_t enc, uint64_t *val);
/* Whether enc is in the FEAT_IDST "ID space" (op0 = 3, op1 = 0/1/3, CRn = 0). */
bool sysreg_in_id_space(uint32_t enc);

/* ---- sysreg.c ---- */
/* How the decoder should treat MRS/MSR of enc at exception level el. */
typedef enum {
    SR_ACCESS_UNDEF,   /* not a register here, or not at this EL: UNDEFINED */
    SR_ACCESS_TRAP,    /* always trapped with EC 0x18 (FEAT_IDST at EL0) */
    SR_ACCESS_OK,      /* accessible; sysreg_read/write may still trap */
} sr_access_t;
sr_access_t sysreg_access(const cpu_t *cpu, uint32_t enc, bool is_read, int el);
sr_access_t sysreg_sys_access(const cpu_t *cpu, uint32_t enc, int el);
/* Raise the EC 0x18 trap for the MRS/MSR/SYS at op (its ISS comes from the
 * instruction word). */
_Noreturn void sysreg_trap(cpu_t *cpu, const op_t *op);
/* MSR to enc must end the translation block (translation, TB context,
 * interrupt levels or debug state may change). */
bool sysreg_write_ends_block(uint32_t enc);
/* A plain storage register: its cpu_t field offset and the bits a write keeps. */
bool sysreg_plain_field(const cpu_t *cpu, uint32_t enc, size_t *off, uint64_t *mask);
/* An EL0 DC/IC instruction is trapped now (SCTLR_EL1.UCI/DZE). */
bool sysreg_sys_el0_trapped(const cpu_t *cpu, uint32_t enc);
/* The ASID translation uses now (TCR_EL1.A1 picks TTBR0 or TTBR1; 8 bits
 * unless TCR_EL1.AS). */
uint16_t sysreg_current_asid(const cpu_t *cpu);

/* ---- timer.c ---- */
uint64_t timer_reg_read(cpu_t *cpu, uint32_t enc);
void timer_reg_write(cpu_t *cpu, uint32_t enc, uint64_t val);

/* ---- mmu.c ---- */
/* mmu_result_t.attrs layout: AttrIndx 2:0, SH 9:8, and for the TLB: */
#define MMU_ATTR_NG (1u << 11)     /* non-global: belongs to the ASID in use */
#define MMU_ATTR_BLOCK (1u << 12)  /* a block mapping, larger than the granule */
#define MMU_ATTR_DEVICE (1u << 13) /* MMU off, data side: Device-nGnRnE */
/* Log2 of the translation granule for va under the current TCR_EL1. */
unsigned mmu_granule_shift(const cpu_t *cpu, uint64_t va);
/* The ESR DFSC/IFSC (and PAR_EL1.FST) for a failed translation. */
uint32_t mmu_fault_status(const mmu_result_t *r);
/* AT S1E*: PAR_EL1 value for va translated for acc in regime mmu_idx. */
uint64_t mmu_at(cpu_t *cpu, uint64_t va, acc_t acc, int mmu_idx);
/* PAR_EL1 value for a translation result. */
uint64_t mmu_par(const cpu_t *cpu, const mmu_result_t *r);

/* ---- tlb.c (the flushes the system side owns) ---- */
void tlb_flush_nonglobal(cpu_t *cpu);
/* TLBI by VA: the page of va in every regime; all_asids: VAAE1, else only
 * global entries or those of asid. */
void tlb_flush_va(cpu_t *cpu, uint64_t va, uint16_t asid, bool all_asids);
void tlb_note_block(cpu_t *cpu, int mmu_idx, uint64_t va, unsigned page_shift);
void tlb_note_nonglobal(cpu_t *cpu, int mmu_idx, uint64_t va);

#endif
