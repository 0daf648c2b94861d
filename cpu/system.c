/* system.c - the system instruction class (1101010100 ...): hints, barriers,
 * CLREX, MSR (immediate), MRS/MSR (register) and SYS.
 *
 * The decoder settles at translation time whatever depends only on the
 * encoding and the block's exception level (which is part of the block's
 * key): unallocated encodings and EL1-only registers at EL0 become the
 * UNDEFINED op, hot registers get their own ops (NZCV, DAIF, SP_EL0, the
 * plain storage registers). What EL1 can change at run time -- the EL0 traps
 * of SCTLR_EL1/CNTKCTL_EL1/MDSCR_EL1, SPSel -- is checked when the op runs.
 *
 * Ops that change what later instructions see end the block (dc->end_tb):
 * ISB, writes to translation/timer/GIC/debug registers, PSTATE.PAN/UAO
 * (they change the block's TLB regime), IC. Unmasking interrupts ends the
 * block only when an interrupt is actually waiting (the op decides).
 */
#include <sched.h>

#include "cpu_trace.h"
#include "decode.h"
#include "ldst.h"
#include "smp.h"
#include "sysreg.h"

static inline uint64_t next_pc(const cpu_t *cpu, const op_t *op)
{
    return cpu_op_pc(cpu, op) + 4;
}

/* Leave the block after this op, continuing at the next instruction. */
static inline const op_t *end_block(cpu_t *cpu, const op_t *op)
{
    cpu->pc = next_pc(cpu, op);
    return NULL;
}

/* An interrupt could be taken now (PSTATE.I/F, EL1 being the target). */
static inline bool interrupt_unmasked(const cpu_t *cpu)
{
    return (cpu->irq_line && !(cpu->daif & (1u << 7))) || (cpu->fiq_line && !(cpu->daif & (1u << 6)));
}

/* ---- hints ---- */

/* EC 0x01 (WFI/WFE trapped by SCTLR_EL1.nTWI/nTWE): ISS CV = 1, COND =
 * 0b1110, TI = 0 (WFI) / 1 (WFE). Preferred return: the instruction. */
static _Noreturn void wfx_trap(cpu_t *cpu, const op_t *op, unsigned ti)
{
    cpu_raise_sync(cpu, cpu_op_pc(cpu, op), esr_make(EC_WFX, true, 1u << 24 | 0xeu << 20 | ti), 0,
                   false);
}

/* WFI: with an interrupt pending (masked or not) it completes at once;
 * otherwise the CPU leaves cpu_run() with CPU_EXIT_WFI and the board sleeps
 * until a timer deadline or host event. A spurious wake-up is allowed. */
const op_t *op_wfi(cpu_t *cpu, const op_t *op)
{
    if (cpu->el == 0 && !(cpu->sys.sctlr & SCTLR_NTWI))
        wfx_trap(cpu, op, 0);
    if (cpu_interrupt_pending(cpu))
        return op + 1;
    cpu->wfi_exit = true;
    return end_block(cpu, op);
}

/* WFE: falls through, clearing it, when the event register is set (SEVL;
 * WFE, as Linux's spin-wait loops do), or with an interrupt pending.
 * Otherwise it yields: cpu_run() returns so the board can run other vCPUs
 * and poll the host, then execution continues after the WFE. That is a
 * wake-up for an IMPLEMENTATION DEFINED reason, which the architecture
 * allows; it never sleeps, so no event (SEV from another vCPU, a monitor
 * cleared by another vCPU's store, the timer event stream) can be missed. */
const op_t *op_wfe(cpu_t *cpu, const op_t *op)
{
    if (cpu->event_reg) {
        cpu->event_reg = false;
        return op + 1;
    }
    if (cpu_interrupt_pending(cpu))
        return op + 1;
    /* nTWE traps an EL0 WFE only when it would wait. */
    if (cpu->el == 0 && !(cpu->sys.sctlr & SCTLR_NTWE))
        wfx_trap(cpu, op, 1);
    if (cpu->smpq) {
        /* A host thread per vCPU: the others run meanwhile; give this
         * host core to them (likely the lock holder being waited for),
         * then wake up. */
        sched_yield();
        return op + 1;
    }
    cpu_kick(cpu);
    return end_block(cpu, op);
}

/* SEV signals every PE (smp_sev); SEVL (op->a = 1) only the local one.
 * A WFE never sleeps (it yields), so the sibling sees the event at its
 * next WFE. */
const op_t *op_sev(cpu_t *cpu, const op_t *op)
{
    if (op->a)
        cpu->event_reg = true;
    else
        smp_sev(cpu);
    return op + 1;
}

/* ---- barriers and CLREX ---- */

/* DMB/DSB/ISB/SB: with one thread running every vCPU in program order
 * there is nothing to order. With a host thread per vCPU (cpu->smpq), guest
 * loads and stores are host loads and stores: x86-64's TSO already keeps
 * every order but store -> later load, which a DMB/DSB with both reads and
 * writes on each side (CRm<1:0> = 0b11: SY, ISH, OSH, NSH) must also keep:
 * a sequentially consistent fence. Atomics are host atomics (full barriers
 * on x86). ISB and SB also end the block (decoder), so code and context
 * changes made before them are seen by the next block. op->a = op2,
 * op->b = CRm. */
const op_t *op_barrier(cpu_t *cpu, const op_t *op)
{
    if (unlikely(cpu->smpq != NULL) && (op->a == 4 || op->a == 5) && (op->b & 3) == 3)
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    return op + 1;
}

/* CLREX: clear the local exclusive monitor. */
const op_t *op_clrex(cpu_t *cpu, const op_t *op)
{
    cpu->excl_addr = UINT64_MAX;
    return op + 1;
}

/* ---- MSR (immediate): op->imm = CRm ---- */

/* EL0 access to DAIF needs SCTLR_EL1.UMA (else EC 0x18). */
static inline void daif_el0_check(cpu_t *cpu, const op_t *op)
{
    if (cpu->el == 0 && !(cpu->sys.sctlr & SCTLR_UMA))
        sysreg_trap(cpu, op);
}

const op_t *op_msr_daifset(cpu_t *cpu, const op_t *op)
{
    daif_el0_check(cpu, op);
    cpu->daif |= (uint32_t)op->imm << 6;
    return op + 1;
}

const op_t *op_msr_daifclr(cpu_t *cpu, const op_t *op)
{
    daif_el0_check(cpu, op);
    cpu->daif &= ~((uint32_t)op->imm << 6);
    /* A waiting interrupt is taken before the next instruction. */
    return interrupt_unmasked(cpu) ? end_block(cpu, op) : op + 1;
}

const op_t *op_msr_spsel(cpu_t *cpu, const op_t *op)
{
    cpu_switch_sp(cpu, cpu->el, (int)(op->imm & 1));
    return op + 1;
}

/* PAN and UAO: the decoder ends the block (PAN selects the TLB regime). */
const op_t *op_msr_pan(cpu_t *cpu, const op_t *op)
{
    cpu->pan = op->imm & 1;
    return op + 1;
}

const op_t *op_msr_uao(cpu_t *cpu, const op_t *op)
{
    cpu->uao = op->imm & 1;
    return op + 1;
}

/* ---- MRS / MSR (register) ---- */

/* Generic: op->imm = encoding, rd/rn = Xt slot. */
const op_t *op_mrs(cpu_t *cpu, const op_t *op)
{
    uint64_t v;
    if (!sysreg_read(cpu, (uint32_t)op->imm, &v, op))
        cpu_raise_undef(cpu, cpu_op_pc(cpu, op));
    cpu->x[op->rd] = v;
    return op + 1;
}

const op_t *op_msr(cpu_t *cpu, const op_t *op)
{
    if (!sysreg_write(cpu, (uint32_t)op->imm, cpu->x[op->rn], op))
        cpu_raise_undef(cpu, cpu_op_pc(cpu, op));
    return op + 1;
}

/* Plain storage registers: op->imm = offset in cpu_t, op->imm2 = write mask. */
const op_t *op_mrs_field(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = *(const uint64_t *)((const char *)cpu + op->imm);
    return op + 1;
}

const op_t *op_msr_field(cpu_t *cpu, const op_t *op)
{
    *(uint64_t *)((char *)cpu + op->imm) = cpu->x[op->rn] & op->imm2;
    return op + 1;
}

const op_t *op_mrs_nzcv(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = cpu_get_nzcv(cpu);
    return op + 1;
}

const op_t *op_msr_nzcv(cpu_t *cpu, const op_t *op)
{
    cpu_set_nzcv(cpu, (uint32_t)cpu->x[op->rn]);
    return op + 1;
}

const op_t *op_mrs_daif(cpu_t *cpu, const op_t *op)
{
    daif_el0_check(cpu, op);
    cpu->x[op->rd] = cpu->daif;
    return op + 1;
}

const op_t *op_msr_daif(cpu_t *cpu, const op_t *op)
{
    daif_el0_check(cpu, op);
    cpu->daif = (uint32_t)cpu->x[op->rn] & 0x3c0;
    return interrupt_unmasked(cpu) ? end_block(cpu, op) : op + 1;
}

/* SP_EL0 at EL1 (Linux keeps `current` there): UNDEFINED while it is the
 * stack pointer in use (SPSel = 0). */
const op_t *op_mrs_sp_el0(cpu_t *cpu, const op_t *op)
{
    if (unlikely(cpu->spsel == 0))
        cpu_raise_undef(cpu, cpu_op_pc(cpu, op));
    cpu->x[op->rd] = cpu->sp_el[0];
    return op + 1;
}

const op_t *op_msr_sp_el0(cpu_t *cpu, const op_t *op)
{
    if (unlikely(cpu->spsel == 0))
        cpu_raise_undef(cpu, cpu_op_pc(cpu, op));
    cpu->sp_el[0] = cpu->x[op->rn];
    return op + 1;
}

/* FEAT_IDST: an EL0 read of the ID register space. */
const op_t *op_sysreg_trap(cpu_t *cpu, const op_t *op)
{
    /* At EL1 only unallocated ID registers trap (FEAT_IDST). */
    if (trace_on(TRACE_UNIMP) && cpu->el == 1)
        cpu_trace_unimp_insn(cpu, op->insn, cpu_op_pc(cpu, op));
    sysreg_trap(cpu, op);
}

/* ---- SYS ---- */

const op_t *op_sys(cpu_t *cpu, const op_t *op)
{
    if (!sysreg_sys_insn(cpu, (uint32_t)op->imm, cpu->x[op->rn], op))
        cpu_raise_undef(cpu, cpu_op_pc(cpu, op));
    return op + 1;
}

/* DC ZVA: Linux's clear_page() runs on it, so it skips the generic path. */
const op_t *op_dc_zva(cpu_t *cpu, const op_t *op)
{
    if (cpu->el == 0 && !(cpu->sys.sctlr & SCTLR_DZE))
        sysreg_trap(cpu, op);
    cpu_dc_zva(cpu, cpu->x[op->rn], op);
    return op + 1;
}

/* ---- decoder ---- */

/* Hints: CRm:op2. Everything in the hint space that is not WFE/WFI/SEV/SEVL
 * executes as a NOP, as the architecture requires of unallocated hints and
 * of the hints of features this CPU lacks (PAuth's PACIASP/AUTIASP/
 * XPACLRI..., BTI, ESB, PSB/TSB CSYNC, DGH, CLRBHB, CHKFEAT...); YIELD and
 * CSDB have nothing to do here either. */
static bool decode_hint(dc_t *dc, unsigned hint, op_t *op)
{
    (void)dc;
    switch (hint) {
    case 2: op_set(op, OP_wfe); return true;
    case 3: op_set(op, OP_wfi); return true;
    case 4: case 5: op_set(op, OP_sev); op->a = hint == 5; return true; /* SEV, SEVL */
    default: op_set(op, OP_nop); return true;
    }
}

/* Barriers: op2 (CRm is the option and is ignored, except for SB). */
static bool decode_barrier(dc_t *dc, unsigned crm, unsigned op2, op_t *op)
{
    switch (op2) {
    case 2: op_set(op, OP_clrex); return true;
    case 4: /* DSB (CRm 0000: SSBB, 0100: PSSBB) */
    case 5: /* DMB */
        op_set(op, OP_barrier);
        op->a = (uint8_t)op2;
        op->b = (uint8_t)crm;
        return true;
    case 6: /* ISB */
        op_set(op, OP_barrier);
        op->a = 6;
        dc->end_tb = true;
        return true;
    case 7: /* SB (FEAT_SB): CRm must be 0 */
        if (crm != 0 || !cpu_has_sb(dc->cpu))
            return false;
        op_set(op, OP_barrier);
        op->a = 7;
        dc->end_tb = true;
        return true;
    default:
        return false; /* DSB nXS (FEAT_XS), TCOMMIT (FEAT_TME), reserved */
    }
}

/* MSR <pstatefield>, #imm: op1:op2 picks the field, CRm is the immediate. */
static bool decode_msr_imm(dc_t *dc, unsigned op1, unsigned op2, unsigned crm, op_t *op)
{
    op->imm = crm;
    switch (op1 << 3 | op2) {
    case 0x1e: op_set(op, OP_msr_daifset); return true; /* 011 110 */
    case 0x1f: op_set(op, OP_msr_daifclr); return true; /* 011 111 */
    case 0x05: /* 000 101: SPSel */
        if (dc->el == 0)
            return false;
        op_set(op, OP_msr_spsel);
        return true;
    case 0x04: /* 000 100: PAN */
        if (dc->el == 0 || !cpu_has_pan(dc->cpu))
            return false;
        op_set(op, OP_msr_pan);
        dc->end_tb = true;
        return true;
    case 0x03: /* 000 011: UAO */
        if (dc->el == 0 || !cpu_has_uao(dc->cpu))
            return false;
        op_set(op, OP_msr_uao);
        dc->end_tb = true;
        return true;
    default:
        /* CFINV/XAFLAG/AXFLAG (FEAT_FlagM/FlagM2), SSBS, DIT, TCO, SVCR,
         * ALLINT ...: features this CPU does not have. */
        return false;
    }
}

static bool decode_mrs_msr(dc_t *dc, uint32_t enc, bool is_read, unsigned rt, op_t *op)
{
    cpu_t *cpu = dc->cpu;
    op->imm = enc;
    switch (sysreg_access(cpu, enc, is_read, dc->el)) {
    case SR_ACCESS_UNDEF:
        return false;
    case SR_ACCESS_TRAP:
        op_set(op, OP_sysreg_trap);
        return true;
    case SR_ACCESS_OK:
        break;
    }
    /* FPCR/FPSR trap with EC 0x07 when CPACR_EL1.FPEN disables FP here:
     * the translator emits the trap for ops marked uses_fp. */
    if (enc == SR_FPCR || enc == SR_FPSR)
        dc->uses_fp = true;
    size_t off;
    uint64_t mask;
    if (is_read) {
        op->rd = dst_or_zr(rt);
        if (enc == SR_NZCV)
            op_set(op, OP_mrs_nzcv);
        else if (enc == SR_DAIF)
            op_set(op, OP_mrs_daif);
        else if (enc == SR_SP_EL0)
            op_set(op, OP_mrs_sp_el0);
        else if (sysreg_plain_field(cpu, enc, &off, &mask)) {
            op_set(op, OP_mrs_field);
            op->imm = off;
        } else
            op_set(op, OP_mrs);
        return true;
    }
    op->rn = reg_or_zr(rt);
    if (enc == SR_NZCV)
        op_set(op, OP_msr_nzcv);
    else if (enc == SR_DAIF)
        op_set(op, OP_msr_daif);
    else if (enc == SR_SP_EL0)
        op_set(op, OP_msr_sp_el0);
    else if (sysreg_plain_field(cpu, enc, &off, &mask)) {
        op_set(op, OP_msr_field);
        op->imm = off;
        op->imm2 = mask;
    } else
        op_set(op, OP_msr);
    if (sysreg_write_ends_block(enc))
        dc->end_tb = true;
    return true;
}

static bool decode_sys(dc_t *dc, uint32_t enc, unsigned rt, op_t *op)
{
    if (sysreg_sys_access(dc->cpu, enc, dc->el) != SR_ACCESS_OK)
        return false;
    op->imm = enc;
    op->rn = reg_or_zr(rt);
    if (enc == SYS_DC_ZVA) {
        op_set(op, OP_dc_zva);
        return true;
    }
    op_set(op, OP_sys);
    /* IC changes what code the next instruction may come from. */
    if (enc == SYS_IC_IVAU || enc == SYS_IC_IALLU || enc == SYS_IC_IALLUIS)
        dc->end_tb = true;
    return true;
}

/* 1101010100 L op0 op1 CRn CRm op2 Rt */
bool decode_system(dc_t *dc, uint32_t insn, op_t *op)
{
    bool l = bits(insn, 21, 1);
    unsigned op0 = bits(insn, 19, 2), op1 = bits(insn, 16, 3), crn = bits(insn, 12, 4);
    unsigned crm = bits(insn, 8, 4), op2 = bits(insn, 5, 3), rt = bits(insn, 0, 5);
    uint32_t enc = bits(insn, 5, 16); /* op0:op1:CRn:CRm:op2 = SYSREG_ENC layout */

    switch (op0) {
    case 0:
        if (l)
            return false;
        if (crn == 2 && op1 == 3 && rt == 31)
            return decode_hint(dc, crm << 3 | op2, op);
        if (crn == 3 && op1 == 3 && rt == 31)
            return decode_barrier(dc, crm, op2, op);
        if (crn == 4 && rt == 31)
            return decode_msr_imm(dc, op1, op2, crm, op);
        return false; /* WFET/WFIT (FEAT_WFxT), ... */
    case 1:
        if (l)
            return false; /* SYSL: nothing allocated without later features */
        return decode_sys(dc, enc, rt, op);
    default:
        return decode_mrs_msr(dc, enc, l, rt, op);
    }
}
