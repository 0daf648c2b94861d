/* sysreg.c - MRS/MSR of the EL1 and EL0 system registers, and the SYS
 * instructions (DC, IC, AT, TLBI).
 *
 * Access control follows AArch64.CheckSystemAccess for a CPU whose highest
 * exception level is EL1:
 *   - a register this CPU does not have, or an EL1 register accessed from
 *     EL0, is UNDEFINED (EC 0x00); the decoder finds these once, from
 *     sysreg_access(), and emits an UNDEFINED op;
 *   - the EL0-accessible registers that EL1 can trap (SCTLR_EL1.UCT/DZE/UCI/
 *     UMA, CNTKCTL_EL1.EL0*EN, MDSCR_EL1.TDCC) raise EC 0x18 with the
 *     instruction's encoding in the ISS when trapped (AArch64.SystemAccessTrap);
 *     those bits can change at run time, so sysreg_read/write check them;
 *   - with FEAT_IDST, EL0 reads of the ID register space trap with EC 0x18
 *     instead of being UNDEFINED (Linux emulates them either way).
 */
#include <stddef.h>
#include <string.h>

#include "decode.h"
#include "ldst.h"
#include "smp.h"
#include "sysreg.h"
#include "tb.h"

/* SCTLR_EL1 bits that are RES1 on this CPU: ITD/SED (no AArch32 EL0), EOS
 * and EIS (no FEAT_ExS), TSCXT (no FEAT_CSV2_2), nTLSMD and LSMAOE (no
 * FEAT_LSMAOC), and SPAN when FEAT_PAN is absent. */
#define SCTLR_RES1 0x30500980ull
/* The bits software can change: M A C SA SA0 UMA I DZE UCT nTWI nTWE WXN UCI,
 * plus SPAN with FEAT_PAN. EE/E0E are RES0 (ID_AA64MMFR0_EL1.BigEnd = 0). */
#define SCTLR_RW (SCTLR_M | SCTLR_A | SCTLR_C | SCTLR_SA | SCTLR_SA0 | SCTLR_UMA | SCTLR_I | \
                  SCTLR_DZE | SCTLR_UCT | SCTLR_NTWI | SCTLR_NTWE | SCTLR_WXN | SCTLR_UCI)
/* Changing one of these changes how addresses translate or are checked. */
#define SCTLR_FLUSH_BITS (SCTLR_M | SCTLR_A | SCTLR_SA | SCTLR_SA0 | SCTLR_WXN | SCTLR_EE | SCTLR_E0E)

static uint64_t sctlr_res1(const cpu_t *cpu)
{
    return SCTLR_RES1 | (cpu_has_pan(cpu) ? 0 : SCTLR_SPAN);
}

static uint64_t sctlr_rw(const cpu_t *cpu)
{
    return SCTLR_RW | (cpu_has_pan(cpu) ? SCTLR_SPAN : 0);
}

/* TCR_EL1 fields implemented: T0SZ EPD0 IRGN0 ORGN0 SH0 TG0 T1SZ A1 EPD1
 * IRGN1 ORGN1 SH1 TG1 IPS AS TBI0 TBI1, and HPD0/HPD1 with FEAT_HPDS. */
static uint64_t tcr_rw(const cpu_t *cpu)
{
    uint64_t m = 0x77ffffffbfull; /* bits 0..38 except 6 and 35 */
    if (cpu_has_hpds(cpu))
        m |= TCR_HPD0 | TCR_HPD1;
    return m;
}

void sysreg_reset(cpu_t *cpu)
{
    /* Everything at its architectural reset value where it has one, and
     * zero where it is UNKNOWN. */
    memset(&cpu->sys, 0, sizeof(cpu->sys));
    /* MMU and caches off; alignment-checks the way QEMU's reset leaves them
     * (SA/SA0 on), WFI/WFE not trapped, SPAN set (no automatic PAN). */
    cpu->sys.sctlr = sctlr_res1(cpu) | SCTLR_SA | SCTLR_SA0 | SCTLR_NTWI | SCTLR_NTWE |
                     (cpu_has_pan(cpu) ? SCTLR_SPAN : 0);
    /* OSLSR_EL1: OSLM = 0b10 (OS lock implemented), OSLK = 1: the OS lock
     * is set at cold reset; Linux clears it through OSLAR_EL1. */
    cpu->sys.oslsr = 0xa;
    cpu->sys.cntfrq = timer_freq();
    for (int i = 0; i < CPU_TIMER_COUNT; i++) {
        cpu->timer[i].ctl = 0;
        cpu->timer[i].cval = 0;
    }
    cpu->cntvoff = 0;
    cpu->event_reg = false;
    timer_update(cpu);
}

/* ---- which registers exist, and who may touch them ---- */

enum {
    F_R = 1,        /* readable (at EL1) */
    F_W = 2,        /* writable (at EL1) */
    F_EL0R = 4,     /* readable at EL0 (maybe trapped: see el0_trapped) */
    F_EL0W = 8,     /* writable at EL0 (ditto) */
    F_RW = F_R | F_W,
    F_EL0RW = F_RW | F_EL0R | F_EL0W,
};

static bool is_icc(uint32_t enc)
{
    if (enc == SR_ICC_PMR_EL1)
        return true;
    return sr_op0(enc) == 3 && sr_op1(enc) == 0 && sr_crn(enc) == 12 && sr_crm(enc) >= 8 &&
           sr_crm(enc) <= 12;
}

/* The GICv3 CPU interface registers are the GIC's, but their directions are
 * architectural: acknowledge/highest-priority/running-priority registers
 * are read-only, end-of-interrupt/deactivate/SGI generation write-only. */
static unsigned icc_flags(const cpu_t *cpu, uint32_t enc)
{
    if (!cpu_has_gicv3(cpu) || !cpu->gic.implemented || !cpu->gic.implemented(enc))
        return 0;
    switch (enc) {
    case SR_ICC_IAR0_EL1: case SR_ICC_IAR1_EL1: case SR_ICC_HPPIR0_EL1:
    case SR_ICC_HPPIR1_EL1: case SR_ICC_RPR_EL1:
        return F_R;
    case SR_ICC_EOIR0_EL1: case SR_ICC_EOIR1_EL1: case SR_ICC_DIR_EL1:
    case SR_ICC_SGI0R_EL1: case SR_ICC_SGI1R_EL1: case SR_ICC_ASGI1R_EL1:
        return F_W;
    default:
        return F_RW;
    }
}

static unsigned reg_flags(const cpu_t *cpu, uint32_t enc)
{
    switch (enc) {
    /* PSTATE and special-purpose registers */
    case SR_NZCV: return F_EL0RW;
    case SR_DAIF: return F_EL0RW; /* EL0: SCTLR_EL1.UMA */
    case SR_CURRENTEL: return F_R;
    case SR_SPSEL: return F_RW;
    case SR_PAN: return cpu_has_pan(cpu) ? F_RW : 0;
    case SR_UAO: return cpu_has_uao(cpu) ? F_RW : 0;
    case SR_SPSR_EL1: case SR_ELR_EL1: case SR_SP_EL0: return F_RW;
    case SR_FPCR: case SR_FPSR: return cpu_has_fp(cpu) ? F_EL0RW : 0;
    /* identification */
    case SR_CTR_EL0: return F_R | F_EL0R; /* EL0: SCTLR_EL1.UCT */
    case SR_DCZID_EL0: return F_R | F_EL0R;
    case SR_CSSELR_EL1: return F_RW;
    /* memory system, exceptions, thread IDs */
    case SR_SCTLR_EL1: case SR_ACTLR_EL1: case SR_CPACR_EL1:
    case SR_TTBR0_EL1: case SR_TTBR1_EL1: case SR_TCR_EL1:
    case SR_AFSR0_EL1: case SR_AFSR1_EL1: case SR_ESR_EL1: case SR_FAR_EL1: case SR_PAR_EL1:
    case SR_MAIR_EL1: case SR_AMAIR_EL1: case SR_VBAR_EL1:
    case SR_CONTEXTIDR_EL1: case SR_TPIDR_EL1:
        return F_RW;
    case SR_RVBAR_EL1: case SR_ISR_EL1: return F_R;
    case SR_TPIDR_EL0: return F_EL0RW;
    case SR_TPIDRRO_EL0: return F_RW | F_EL0R;
    /* generic timer */
    case SR_CNTKCTL_EL1: return F_RW;
    case SR_CNTFRQ_EL0: return F_RW | F_EL0R; /* writable at the highest EL: EL1 */
    case SR_CNTPCT_EL0: case SR_CNTVCT_EL0: return F_R | F_EL0R;
    case SR_CNTP_TVAL_EL0: case SR_CNTP_CTL_EL0: case SR_CNTP_CVAL_EL0:
    case SR_CNTV_TVAL_EL0: case SR_CNTV_CTL_EL0: case SR_CNTV_CVAL_EL0:
        return F_EL0RW;
    /* debug */
    case SR_OSDTRRX_EL1: case SR_MDCCINT_EL1: case SR_MDSCR_EL1: case SR_OSDTRTX_EL1:
    case SR_OSECCR_EL1: case SR_OSDLR_EL1: case SR_DBGPRCR_EL1:
    case SR_DBGCLAIMSET_EL1: case SR_DBGCLAIMCLR_EL1:
        return F_RW;
    case SR_MDRAR_EL1: case SR_OSLSR_EL1: case SR_DBGAUTHSTATUS_EL1: return F_R;
    case SR_OSLAR_EL1: return F_W;
    case SR_MDCCSR_EL0: return F_R | F_EL0R;          /* EL0: MDSCR_EL1.TDCC */
    case SR_DBGDTR_EL0: case SR_DBGDTRRX_EL0: return F_EL0RW;
    }
    if (sr_op0(enc) == 2 && sr_op1(enc) == 0 && sr_crn(enc) == 0 && sr_op2(enc) >= 4) {
        /* DBGBVR/BCR<n> (op2 4/5) and DBGWVR/WCR<n> (op2 6/7): only the
         * ones ID_AA64DFR0_EL1 counts exist. */
        unsigned n = sr_crm(enc);
        return n < (sr_op2(enc) < 6 ? cpu_num_brps(cpu) : cpu_num_wrps(cpu)) ? F_RW : 0;
    }
    if (is_icc(enc))
        return icc_flags(cpu, enc);
    uint64_t dummy;
    if (sysreg_id_read(cpu, enc, &dummy))
        return F_R;
    return 0;
}

sr_access_t sysreg_access(const cpu_t *cpu, uint32_t enc, bool is_read, int el)
{
    unsigned f = reg_flags(cpu, enc);
    unsigned need = el == 0 ? (is_read ? F_EL0R : F_EL0W) : (is_read ? F_R : F_W);
    if (f & need)
        return SR_ACCESS_OK;
    /* FEAT_IDST: reads of the ID space that would be UNDEFINED (at EL0, or
     * of an unallocated encoding) are reported as traps with EC 0x18. */
    if (is_read && cpu_has_ids(cpu) && sysreg_in_id_space(enc))
        return SR_ACCESS_TRAP;
    return SR_ACCESS_UNDEF;
}

/* Whether an MSR to enc must end the translation block: anything that
 * changes translation, the TB context, interrupt levels or debug state.
 * Plain storage registers (thread IDs, exception syndrome/return state)
 * need not. */
bool sysreg_write_ends_block(uint32_t enc)
{
    switch (enc) {
    case SR_NZCV: case SR_DAIF: /* DAIF: the op ends the block itself if needed */
    case SR_SPSR_EL1: case SR_ELR_EL1: case SR_SP_EL0:
    case SR_AFSR0_EL1: case SR_AFSR1_EL1: case SR_ESR_EL1: case SR_FAR_EL1: case SR_PAR_EL1:
    case SR_MAIR_EL1: case SR_AMAIR_EL1: case SR_VBAR_EL1: case SR_ACTLR_EL1:
    case SR_CONTEXTIDR_EL1: case SR_TPIDR_EL1: case SR_TPIDR_EL0: case SR_TPIDRRO_EL0:
    case SR_CSSELR_EL1: case SR_MDCCINT_EL1: case SR_CNTFRQ_EL0:
        return false;
    }
    if (sr_op0(enc) == 2 && sr_crn(enc) == 0 && sr_op2(enc) >= 4)
        return false; /* breakpoint/watchpoint values: not acted on yet */
    return true;
}

/* Plain storage registers: MRS/MSR at EL1 become a load/store of a cpu_t
 * field (op_mrs_field/op_msr_field), keeping the hot ones (TPIDR_EL1 for
 * Linux's per-CPU offset, ELR/SPSR/ESR/FAR on every exception) off the
 * generic path. *mask: the bits a write keeps. */
bool sysreg_plain_field(const cpu_t *cpu, uint32_t enc, size_t *off, uint64_t *mask)
{
    (void)cpu;
    *mask = ~0ull;
    switch (enc) {
    case SR_TPIDR_EL1: *off = offsetof(cpu_t, sys.tpidr_el1); return true;
    case SR_TPIDR_EL0: *off = offsetof(cpu_t, sys.tpidr_el0); return true;
    case SR_TPIDRRO_EL0: *off = offsetof(cpu_t, sys.tpidrro_el0); return true;
    case SR_ELR_EL1: *off = offsetof(cpu_t, sys.elr); return true;
    case SR_FAR_EL1: *off = offsetof(cpu_t, sys.far); return true;
    case SR_PAR_EL1: *off = offsetof(cpu_t, sys.par); return true;
    case SR_MAIR_EL1: *off = offsetof(cpu_t, sys.mair); return true;
    case SR_AMAIR_EL1: *off = offsetof(cpu_t, sys.amair); return true;
    case SR_ACTLR_EL1: *off = offsetof(cpu_t, sys.actlr); return true;
    case SR_AFSR0_EL1: *off = offsetof(cpu_t, sys.afsr0); return true;
    case SR_AFSR1_EL1: *off = offsetof(cpu_t, sys.afsr1); return true;
    /* SPSR_EL1 and ESR_EL1: bits 63:32 are RES0 here (no FEAT_NMI, no ISS2). */
    case SR_SPSR_EL1: *off = offsetof(cpu_t, sys.spsr); *mask = 0xffffffffu; return true;
    case SR_ESR_EL1: *off = offsetof(cpu_t, sys.esr); *mask = 0xffffffffu; return true;
    /* CONTEXTIDR_EL1.PROCID is 32 bits. */
    case SR_CONTEXTIDR_EL1: *off = offsetof(cpu_t, sys.contextidr); *mask = 0xffffffffu; return true;
    case SR_VBAR_EL1: *off = offsetof(cpu_t, sys.vbar); *mask = ~0x7ffull; return true;
    }
    return false;
}

/* ---- traps ---- */

/* ISS of EC 0x18 (trapped MSR, MRS or System instruction): Op0 21:20,
 * Op2 19:17, Op1 16:14, CRn 13:10, Rt 9:5, CRm 4:1, Direction 0 (1 = read).
 * All of it comes straight from the instruction word. */
static uint32_t sys64_iss(uint32_t insn)
{
    return bits(insn, 19, 2) << 20 | bits(insn, 5, 3) << 17 | bits(insn, 16, 3) << 14 |
           bits(insn, 12, 4) << 10 | bits(insn, 0, 5) << 5 | bits(insn, 8, 4) << 1 |
           bits(insn, 21, 1);
}

static uint64_t op_pc(const cpu_t *cpu, const op_t *op)
{
    return op ? cpu_op_pc(cpu, op) : cpu->pc;
}

_Noreturn void sysreg_trap(cpu_t *cpu, const op_t *op)
{
    uint32_t insn = op ? op->insn : 0;
    cpu_raise_sync(cpu, op_pc(cpu, op), esr_make(EC_SYS64, true, sys64_iss(insn)), 0, false);
}

/* EL0 accesses EL1 can switch off (AArch64.CheckSystemAccess's EL0 rules). */
static bool el0_trapped(const cpu_t *cpu, uint32_t enc)
{
    uint64_t sctlr = cpu->sys.sctlr, k = cpu->sys.cntkctl;
    switch (enc) {
    case SR_DAIF: return !(sctlr & SCTLR_UMA);
    case SR_CTR_EL0: return !(sctlr & SCTLR_UCT);
    case SR_CNTFRQ_EL0: return !(k & (CNTKCTL_EL0PCTEN | CNTKCTL_EL0VCTEN));
    case SR_CNTPCT_EL0: return !(k & CNTKCTL_EL0PCTEN);
    case SR_CNTVCT_EL0: return !(k & CNTKCTL_EL0VCTEN);
    case SR_CNTP_TVAL_EL0: case SR_CNTP_CTL_EL0: case SR_CNTP_CVAL_EL0:
        return !(k & CNTKCTL_EL0PTEN);
    case SR_CNTV_TVAL_EL0: case SR_CNTV_CTL_EL0: case SR_CNTV_CVAL_EL0:
        return !(k & CNTKCTL_EL0VTEN);
    case SR_MDCCSR_EL0: case SR_DBGDTR_EL0: case SR_DBGDTRRX_EL0:
        return (cpu->sys.mdscr & MDSCR_TDCC) != 0;
    }
    return false;
}

/* Access check at run time. Returns false for UNDEFINED; raises traps. */
static bool check_access(cpu_t *cpu, uint32_t enc, bool is_read, const op_t *op)
{
    sr_access_t a = sysreg_access(cpu, enc, is_read, cpu->el);
    if (a == SR_ACCESS_TRAP)
        sysreg_trap(cpu, op);
    if (a == SR_ACCESS_UNDEF)
        return false;
    if (cpu->el == 0) {
        if (el0_trapped(cpu, enc))
            sysreg_trap(cpu, op);
    } else if (enc == SR_SP_EL0 && cpu->spsel == 0) {
        /* SP_EL0 is the current stack pointer: MRS/MSR SP_EL0 is UNDEFINED. */
        return false;
    }
    /* FPCR/FPSR exist only with FP; their CPACR_EL1.FPEN trap (EC 0x07) is
     * decided at translation (the decoder marks them dc->uses_fp). */
    return true;
}

/* ---- reads ---- */

static uint64_t read_value(cpu_t *cpu, uint32_t enc)
{
    uint64_t v;
    size_t off;
    uint64_t mask;
    if (sysreg_plain_field(cpu, enc, &off, &mask))
        return *(const uint64_t *)((const char *)cpu + off);
    switch (enc) {
    case SR_NZCV: return cpu_get_nzcv(cpu);
    case SR_DAIF: return cpu->daif;
    case SR_CURRENTEL: return (uint64_t)cpu->el << 2;
    case SR_SPSEL: return cpu->spsel;
    case SR_PAN: return (uint64_t)cpu->pan << 22;
    case SR_UAO: return (uint64_t)cpu->uao << 23;
    case SR_SP_EL0: return cpu->sp_el[0]; /* only reached with SPSel = 1 at EL1 */
    case SR_FPCR: return cpu->sys.fpcr;
    case SR_FPSR: return cpu->sys.fpsr;
    case SR_DCZID_EL0:
        /* DZP: DC ZVA prohibited, which at EL0 is SCTLR_EL1.DZE == 0. */
        return cpu->dczid | (cpu->el == 0 && !(cpu->sys.sctlr & SCTLR_DZE) ? 0x10 : 0);
    case SR_CSSELR_EL1: return cpu->sys.csselr;
    case SR_SCTLR_EL1: return cpu->sys.sctlr;
    case SR_CPACR_EL1: return cpu->sys.cpacr;
    case SR_TTBR0_EL1: return cpu->sys.ttbr0;
    case SR_TTBR1_EL1: return cpu->sys.ttbr1;
    case SR_TCR_EL1: return cpu->sys.tcr;
    case SR_RVBAR_EL1: return 0;
    case SR_ISR_EL1: /* pending interrupts, masked or not: I 7, F 6 */
        return (uint64_t)(cpu->irq_line != 0) << 7 | (uint64_t)(cpu->fiq_line != 0) << 6;
    case SR_CNTKCTL_EL1: return cpu->sys.cntkctl;
    case SR_CNTFRQ_EL0: return cpu->sys.cntfrq;
    case SR_CNTPCT_EL0: case SR_CNTVCT_EL0:
    case SR_CNTP_TVAL_EL0: case SR_CNTP_CTL_EL0: case SR_CNTP_CVAL_EL0:
    case SR_CNTV_TVAL_EL0: case SR_CNTV_CTL_EL0: case SR_CNTV_CVAL_EL0:
        return timer_reg_read(cpu, enc);
    case SR_MDSCR_EL1: return cpu->sys.mdscr;
    case SR_MDCCINT_EL1: return cpu->sys.mdccint;
    case SR_OSLSR_EL1: return cpu->sys.oslsr;
    case SR_OSDLR_EL1: return cpu->sys.osdlr;
    case SR_DBGAUTHSTATUS_EL1:
        /* Non-secure invasive and non-invasive debug implemented and
         * enabled; no Secure state. */
        return 0xa;
    case SR_OSDTRRX_EL1: case SR_OSDTRTX_EL1: case SR_OSECCR_EL1: case SR_DBGPRCR_EL1:
    case SR_DBGCLAIMSET_EL1: case SR_DBGCLAIMCLR_EL1: case SR_MDRAR_EL1:
    case SR_MDCCSR_EL0: case SR_DBGDTR_EL0: case SR_DBGDTRRX_EL0:
        /* No external debugger: the debug communications channel is empty
         * and the claim tags and OS save/restore registers read as zero. */
        return 0;
    }
    if (sr_op0(enc) == 2 && sr_crn(enc) == 0 && sr_op2(enc) >= 4) {
        unsigned n = sr_crm(enc);
        switch (sr_op2(enc)) {
        case 4: return cpu->sys.dbgbvr[n];
        case 5: return cpu->sys.dbgbcr[n];
        case 6: return cpu->sys.dbgwvr[n];
        default: return cpu->sys.dbgwcr[n];
        }
    }
    if (is_icc(enc))
        return cpu->gic.read(cpu->gic.opaque, cpu->index, enc);
    if (sysreg_id_read(cpu, enc, &v))
        return v;
    return 0;
}

bool sysreg_read(cpu_t *cpu, uint32_t enc, uint64_t *val, const op_t *op)
{
    if (!check_access(cpu, enc, true, op))
        return false;
    *val = read_value(cpu, enc);
    return true;
}

/* ---- writes ---- */

uint16_t sysreg_current_asid(const cpu_t *cpu)
{
    uint64_t ttbr = cpu->sys.tcr & TCR_A1 ? cpu->sys.ttbr1 : cpu->sys.ttbr0;
    uint16_t asid = (uint16_t)(ttbr >> 48);
    return cpu->sys.tcr & TCR_AS ? asid : (uint8_t)asid;
}

/* A new TTBR or TCR value: entries of the old ASID must go (the soft TLB
 * does not tag entries with their ASID, so it holds only the current
 * ASID's non-global entries). A TCR change reshapes everything. */
static void write_ttbr_tcr(cpu_t *cpu, uint64_t *reg, uint64_t val)
{
    uint16_t old_asid = sysreg_current_asid(cpu);
    uint64_t old = *reg;
    *reg = val;
    if (reg == &cpu->sys.tcr) {
        if (old != val)
            tlb_flush_all(cpu);
    } else if (sysreg_current_asid(cpu) != old_asid) {
        tlb_flush_nonglobal(cpu);
    }
}

static void write_sctlr(cpu_t *cpu, uint64_t val)
{
    uint64_t old = cpu->sys.sctlr;
    cpu->sys.sctlr = (val & sctlr_rw(cpu)) | sctlr_res1(cpu);
    if ((old ^ cpu->sys.sctlr) & SCTLR_FLUSH_BITS)
        tlb_flush_all(cpu);
}

static void write_value(cpu_t *cpu, uint32_t enc, uint64_t val)
{
    size_t off;
    uint64_t mask;
    if (sysreg_plain_field(cpu, enc, &off, &mask)) {
        *(uint64_t *)((char *)cpu + off) = val & mask;
        return;
    }
    switch (enc) {
    case SR_NZCV: cpu_set_nzcv(cpu, (uint32_t)val); return;
    case SR_DAIF: cpu->daif = (uint32_t)val & 0x3c0; return;
    case SR_SPSEL: cpu_switch_sp(cpu, cpu->el, (int)(val & 1)); return;
    case SR_PAN: cpu->pan = val >> 22 & 1; return;
    case SR_UAO: cpu->uao = val >> 23 & 1; return;
    case SR_SP_EL0: cpu->sp_el[0] = val; return;
    /* FPCR: AHP DN FZ RMode, and FZ16 with FEAT_FP16 (ID_AA64PFR0_EL1.FP =
     * 1). The trap enables (IOE..IDE) are RAZ/WI: FP exceptions are never
     * trapped. Len/Stride exist for AArch32 only. */
    case SR_FPCR:
        cpu->sys.fpcr = val & (0x07c00000u | (id_field(cpu->id_aa64pfr0, 16) == 1 ? 1u << 19 : 0));
        return;
    /* FPSR: QC and the cumulative flags; NZCV (31:28) is AArch32's. */
    case SR_FPSR: cpu->sys.fpsr = val & 0x0800009fu; return;
    case SR_CSSELR_EL1: cpu->sys.csselr = val & 0xf; return; /* Level, InD */
    case SR_SCTLR_EL1: write_sctlr(cpu, val); return;
    case SR_CPACR_EL1: cpu->sys.cpacr = val & (3ull << 20); return; /* FPEN; ZEN/SMEN/TTA RES0 */
    /* TTBRn_EL1: ASID 63:48, BADDR 47:1; CnP (bit 0) is RES0 without FEAT_TTCNP. */
    case SR_TTBR0_EL1: write_ttbr_tcr(cpu, &cpu->sys.ttbr0, val & ~1ull); return;
    case SR_TTBR1_EL1: write_ttbr_tcr(cpu, &cpu->sys.ttbr1, val & ~1ull); return;
    case SR_TCR_EL1: write_ttbr_tcr(cpu, &cpu->sys.tcr, val & tcr_rw(cpu)); return;
    case SR_CNTKCTL_EL1: cpu->sys.cntkctl = val & 0x3ff; return; /* EL0*EN, EVNT* */
    case SR_CNTFRQ_EL0: cpu->sys.cntfrq = val & 0xffffffffu; return;
    case SR_CNTP_TVAL_EL0: case SR_CNTP_CTL_EL0: case SR_CNTP_CVAL_EL0:
    case SR_CNTV_TVAL_EL0: case SR_CNTV_CTL_EL0: case SR_CNTV_CVAL_EL0:
        timer_reg_write(cpu, enc, val);
        return;
    /* MDSCR_EL1: SS 0, ERR 6, TDCC 12, KDE 13, HDE 14, MDE 15, SC2 19,
     * TDA 21, INTdis 23:22, TXU 26, RXO 27, TXfull 29, RXfull 30, TFO 31.
     * Debug events are not generated yet; the bits are kept for software. */
    case SR_MDSCR_EL1: cpu->sys.mdscr = val & 0xecf8f041ull; return;
    case SR_MDCCINT_EL1: cpu->sys.mdccint = val & (3ull << 29); return;
    case SR_OSLAR_EL1: /* OSLK = OSLAR.OSLK, OSLM stays 0b10 */
        cpu->sys.oslsr = (cpu->sys.oslsr & ~2ull) | (val & 1) << 1;
        return;
    case SR_OSDLR_EL1: cpu->sys.osdlr = val & 1; return;
    case SR_OSDTRRX_EL1: case SR_OSDTRTX_EL1: case SR_OSECCR_EL1: case SR_DBGPRCR_EL1:
    case SR_DBGCLAIMSET_EL1: case SR_DBGCLAIMCLR_EL1: case SR_DBGDTR_EL0: case SR_DBGDTRRX_EL0:
        return; /* write-ignored: no external debugger */
    }
    if (sr_op0(enc) == 2 && sr_crn(enc) == 0 && sr_op2(enc) >= 4) {
        unsigned n = sr_crm(enc);
        switch (sr_op2(enc)) {
        /* DBGBVR: a VA (bits 63:49 sign extension, 1:0 RES0) */
        case 4: cpu->sys.dbgbvr[n] = val & ~3ull; return;
        /* DBGBCR: BT 23:20, LBN 19:16, SSC 15:14, HMC 13, BAS 8:5, PMC 2:1, E 0 */
        case 5: cpu->sys.dbgbcr[n] = val & 0x00ffe1e7ull; return;
        case 6: cpu->sys.dbgwvr[n] = val & ~3ull; return;
        /* DBGWCR: MASK 28:24, WT 20, LBN 19:16, SSC 15:14, HMC 13, BAS 12:5, LSC 4:3, PAC 2:1, E 0 */
        default: cpu->sys.dbgwcr[n] = val & 0x1f1fffffull; return;
        }
    }
    if (is_icc(enc))
        cpu->gic.write(cpu->gic.opaque, cpu->index, enc, val);
}

bool sysreg_write(cpu_t *cpu, uint32_t enc, uint64_t val, const op_t *op)
{
    if (!check_access(cpu, enc, false, op))
        return false;
    write_value(cpu, enc, val);
    return true;
}

/* ---- SYS instructions ---- */

enum {
    S_EL1 = 1,  /* allowed at EL1 */
    S_UCI = 2,  /* allowed at EL0 unless SCTLR_EL1.UCI == 0 (then EC 0x18) */
    S_DZE = 4,  /* allowed at EL0 unless SCTLR_EL1.DZE == 0 (then EC 0x18) */
};

static unsigned sys_flags(uint32_t enc)
{
    switch (enc) {
    case SYS_IC_IALLUIS: case SYS_IC_IALLU:
    case SYS_DC_IVAC: case SYS_DC_ISW: case SYS_DC_CSW: case SYS_DC_CISW:
    case SYS_AT_S1E1R: case SYS_AT_S1E1W: case SYS_AT_S1E0R: case SYS_AT_S1E0W:
    case SYS_TLBI_VMALLE1IS: case SYS_TLBI_VAE1IS: case SYS_TLBI_ASIDE1IS:
    case SYS_TLBI_VAAE1IS: case SYS_TLBI_VALE1IS: case SYS_TLBI_VAALE1IS:
    case SYS_TLBI_VMALLE1: case SYS_TLBI_VAE1: case SYS_TLBI_ASIDE1:
    case SYS_TLBI_VAAE1: case SYS_TLBI_VALE1: case SYS_TLBI_VAALE1:
        return S_EL1;
    case SYS_IC_IVAU: case SYS_DC_CVAC: case SYS_DC_CVAU: case SYS_DC_CIVAC:
        return S_EL1 | S_UCI;
    case SYS_DC_ZVA:
        return S_EL1 | S_DZE;
    }
    /* Everything else in the SYS space is unallocated here: DC CVAP/CVADP
     * (FEAT_DPB/DPB2), the MTE tag forms, TLBI outer-shareable and range
     * forms (FEAT_TLBIOS/TLBIRANGE), AT S1E1RP/WP (FEAT_PAN2), the EL2/EL3
     * forms, prediction restriction (FEAT_SPECRES), ... */
    return 0;
}

sr_access_t sysreg_sys_access(const cpu_t *cpu, uint32_t enc, int el)
{
    (void)cpu;
    unsigned f = sys_flags(enc);
    if (el == 0)
        return f & (S_UCI | S_DZE) ? SR_ACCESS_OK : SR_ACCESS_UNDEF;
    return f ? SR_ACCESS_OK : SR_ACCESS_UNDEF;
}

/* Whether an EL0 SYS instruction of this kind is trapped right now. */
bool sysreg_sys_el0_trapped(const cpu_t *cpu, uint32_t enc)
{
    unsigned f = sys_flags(enc);
    if (f & S_UCI)
        return !(cpu->sys.sctlr & SCTLR_UCI);
    if (f & S_DZE)
        return !(cpu->sys.sctlr & SCTLR_DZE);
    return false;
}

/* The Data Abort of a cache maintenance or address translation
 * instruction: ESR.CM = 1 and WnR = 1, FAR = the address. */
static _Noreturn void cm_abort(cpu_t *cpu, const mmu_result_t *r, uint64_t va, const op_t *op)
{
    uint32_t iss = mmu_fault_status(r) | 1u << 8 /* CM */ | 1u << 6 /* WnR */;
    cpu_raise_sync(cpu, op_pc(cpu, op),
                   esr_make(cpu->el == 0 ? EC_DABT_LOW : EC_DABT_CUR, true, iss), va, true);
}

/* DC/IC by VA: the address must translate. Permission faults arise only at
 * EL0, for memory EL0 cannot read; PAN does not apply to cache maintenance
 * (Linux cleans user lines with PAN set). Returns the PA. */
static uint64_t cache_op_translate(cpu_t *cpu, uint64_t va, const op_t *op)
{
    mmu_result_t r;
    int idx = cpu->el == 0 ? MMU_IDX_EL0 : MMU_IDX_EL1;
    mmu_translate(cpu, va, ACC_READ, idx, &r);
    if (r.fault == MMU_FAULT_PERMISSION && cpu->el != 0)
        r.fault = MMU_FAULT_NONE;
    if (r.fault != MMU_FAULT_NONE)
        cm_abort(cpu, &r, va, op);
    return r.pa;
}

/* AT: faults go to PAR_EL1, except a synchronous external abort on the
 * walk, which is taken as a Data Abort (as QEMU does). */
static void at(cpu_t *cpu, uint64_t va, acc_t acc, int idx, const op_t *op)
{
    mmu_result_t r;
    mmu_translate(cpu, va, acc, idx, &r);
    if (r.fault == MMU_FAULT_EXTERNAL)
        cm_abort(cpu, &r, va, op);
    cpu->sys.par = mmu_par(cpu, &r);
}

/* TLBI operand: Xt 63:48 = ASID, 43:0 = VA 55:12; the VA's top byte is the
 * sign extension of bit 55 (tlb_flush_va ignores the top byte anyway). */
static uint64_t tlbi_va(uint64_t xt)
{
    uint64_t va = (xt & 0xfffffffffffull) << 12;
    return (uint64_t)((int64_t)(va << 8) >> 8);
}

/* TLBI operand ASID: Xt 63:48 (tlb.c ignores bits 15:8 with 8-bit ASIDs). */
static uint16_t tlbi_asid(uint64_t xt)
{
    return (uint16_t)(xt >> 48);
}

void sysreg_tlbi_local(cpu_t *cpu, uint32_t enc, uint64_t val)
{
    switch (enc) {
    case SYS_TLBI_VMALLE1IS: case SYS_TLBI_VMALLE1:
        tlb_flush_all(cpu);
        break;
    case SYS_TLBI_ASIDE1IS: case SYS_TLBI_ASIDE1:
        tlb_flush_asid(cpu, tlbi_asid(val));
        break;
    case SYS_TLBI_VAE1IS: case SYS_TLBI_VAE1: case SYS_TLBI_VALE1IS: case SYS_TLBI_VALE1:
        /* VALE1 may leave table-level (non-leaf) entries: the soft TLB has
         * only leaf entries, so it is VAE1. */
        tlb_flush_va(cpu, tlbi_va(val), tlbi_asid(val), false);
        break;
    case SYS_TLBI_VAAE1IS: case SYS_TLBI_VAAE1: case SYS_TLBI_VAALE1IS: case SYS_TLBI_VAALE1:
        tlb_flush_va(cpu, tlbi_va(val), 0, true);
        break;
    }
}

bool sysreg_sys_insn(cpu_t *cpu, uint32_t enc, uint64_t val, const op_t *op)
{
    if (sysreg_sys_access(cpu, enc, cpu->el) != SR_ACCESS_OK)
        return false;
    if (cpu->el == 0 && sysreg_sys_el0_trapped(cpu, enc))
        sysreg_trap(cpu, op);

    /* The IS (inner-shareable) forms reach every CPU (cpu/smp.c); the
     * others only this one. */
    switch (enc) {
    case SYS_TLBI_VMALLE1IS: case SYS_TLBI_ASIDE1IS: case SYS_TLBI_VAE1IS:
    case SYS_TLBI_VALE1IS: case SYS_TLBI_VAAE1IS: case SYS_TLBI_VAALE1IS:
        smp_tlbi_is(cpu, enc, val);
        return true;
    case SYS_TLBI_VMALLE1: case SYS_TLBI_ASIDE1: case SYS_TLBI_VAE1:
    case SYS_TLBI_VALE1: case SYS_TLBI_VAAE1: case SYS_TLBI_VAALE1:
        sysreg_tlbi_local(cpu, enc, val);
        return true;

    case SYS_AT_S1E1R: at(cpu, val, ACC_READ, MMU_IDX_EL1, op); return true;
    case SYS_AT_S1E1W: at(cpu, val, ACC_WRITE, MMU_IDX_EL1, op); return true;
    case SYS_AT_S1E0R: at(cpu, val, ACC_READ, MMU_IDX_EL0, op); return true;
    case SYS_AT_S1E0W: at(cpu, val, ACC_WRITE, MMU_IDX_EL0, op); return true;

    case SYS_IC_IALLUIS:
        /* Translated code is kept coherent with memory by write tracking;
         * honouring the invalidate costs nothing in correctness. */
        smp_ic_iallu_is(cpu);
        return true;
    case SYS_IC_IALLU:
        tb_flush(cpu);
        return true;
    case SYS_IC_IVAU: {
        /* IC IVAU is broadcast within the inner-shareable domain (Arm ARM
         * D7.5.9: maintenance by VA to the PoU affects every PE). */
        uint64_t pa = cache_op_translate(cpu, val, op);
        smp_ic_ivau(cpu, pa & ~63ull, 64); /* CTR_EL0.IminLine: 64 bytes */
        return true;
    }
    case SYS_DC_CVAC: case SYS_DC_CVAU: case SYS_DC_CIVAC: case SYS_DC_IVAC:
        /* No caches to maintain: only the translation (and its faults). */
        cache_op_translate(cpu, val, op);
        return true;
    case SYS_DC_ISW: case SYS_DC_CSW: case SYS_DC_CISW:
        return true; /* set/way: nothing to do */
    case SYS_DC_ZVA:
        cpu_dc_zva(cpu, val, op);
        return true;
    }
    return false;
}
