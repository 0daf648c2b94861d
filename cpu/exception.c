/* exception.c - exception entry and return for AArch64 EL0/EL1.
 *
 * Everything is taken to EL1 (no EL2/EL3). The rules are the Arm pseudocode's
 * AArch64.TakeException and AArch64.ExceptionReturn, restricted to one
 * exception level above EL0.
 */
#include "cpu_internal.h"
#include "cpu_trace.h"
#include "tb.h"

uint64_t cpu_op_pc(const cpu_t *cpu, const op_t *op)
{
    return cpu->cur_tb->pc + 4 * (uint64_t)op->idx;
}

_Noreturn void cpu_loop_exit(cpu_t *cpu)
{
    siglongjmp(cpu->exit_jmp, 1);
}

/* AArch64.TakeException(target_el = 1, exception, preferred_return, offset). */
void cpu_take_exception(cpu_t *cpu, int type, uint64_t ret_pc, uint32_t esr, uint64_t far,
                        bool far_valid)
{
    /* Vector offset: where the exception comes from picks the 0x200 block
     * (current EL with SP_EL0, current EL with SP_ELx, lower EL AArch64),
     * the type picks the 0x80 slot within it. */
    uint64_t base;
    if (cpu->el == 0)
        base = 0x400;
    else
        base = cpu->spsel ? 0x200 : 0x000;

    uint32_t spsr = cpu_pstate_to_spsr(cpu);
    int from_el = cpu->el;
    /* Count the exception as an instruction, so a guest stuck in a loop of
     * faults (say, a vector table in unmapped memory) still uses up its time
     * slice and the main loop stays responsive. */
    cpu->icount++;
    if (type == EXC_SYNC || type == EXC_SERROR) {
        cpu->sys.esr = esr;
        if (type == EXC_SYNC)
            cpu->stats.exceptions[esr >> ESR_EC_SHIFT & 0x3f]++;
    } else if (type == EXC_IRQ) {
        cpu->stats.irqs++;
    } else {
        cpu->stats.fiqs++;
    }
    if (far_valid)
        cpu->sys.far = far;
    cpu->sys.spsr = spsr;
    cpu->sys.elr = ret_pc;

    cpu_switch_sp(cpu, 1, 1); /* EL1h */
    cpu->daif = 0xf << 6;
    cpu->ss = 0;
    cpu->il = 0;
    /* FEAT_PAN: entry to EL1 sets PSTATE.PAN when SCTLR_EL1.SPAN == 0. */
    if ((cpu->id_aa64mmfr1 >> 20 & 0xf) != 0 && !(cpu->sys.sctlr >> 23 & 1))
        cpu->pan = 1;
    /* The local exclusive monitor is cleared (implementation choice allowed
     * by the architecture; Linux never relies on it surviving). */
    cpu->excl_addr = UINT64_MAX;
    cpu->pc = (cpu->sys.vbar & ~(uint64_t)0x7ff) + base + 0x80 * (uint64_t)type;
    if (trace_on(TRACE_INT))
        cpu_trace_exception(cpu, type, from_el, ret_pc, esr, far, far_valid);
}

_Noreturn void cpu_raise_sync(cpu_t *cpu, uint64_t pc, uint32_t esr, uint64_t far, bool far_valid)
{
    cpu_take_exception(cpu, EXC_SYNC, pc, esr, far, far_valid);
    cpu_loop_exit(cpu);
}

_Noreturn void cpu_raise_undef(cpu_t *cpu, uint64_t pc)
{
    /* EC = 0 (Unknown reason), IL = 1 for a 32-bit instruction. */
    cpu_raise_sync(cpu, pc, esr_make(EC_UNKNOWN, true, 0), 0, false);
}

/* AArch64.ExceptionReturn with IllegalExceptionReturn's checks. */
void cpu_eret(cpu_t *cpu)
{
    uint32_t spsr = (uint32_t)cpu->sys.spsr;
    uint64_t elr = cpu->sys.elr;
    int from_el = cpu->el;
    unsigned target_el = spsr >> 2 & 3;
    bool illegal = (spsr >> 4 & 1)      /* AArch32: not implemented at any EL */
                   || target_el > cpu->el /* returning to a higher EL */
                   || (spsr >> 1 & 1)     /* M[1] is reserved */
                   || (target_el == 0 && (spsr & 1)); /* EL0 has no SP_ELx */
    cpu->excl_addr = UINT64_MAX;
    if (illegal) {
        /* PSTATE.{EL, SP} stay, PSTATE.IL is set, the rest comes from SPSR. */
        uint8_t el = cpu->el, sp = cpu->spsel;
        cpu_spsr_to_pstate(cpu, (spsr & ~0x1fu) | (uint32_t)el << 2 | sp);
        cpu->il = 1;
    } else {
        cpu_spsr_to_pstate(cpu, spsr);
    }
    cpu->pc = cpu_branch_addr(cpu, elr);
    if (trace_on(TRACE_INT))
        cpu_trace_eret(cpu, from_el, spsr, elr, illegal);
}

bool cpu_check_interrupts(cpu_t *cpu)
{
    /* With EL1 the highest EL, PSTATE.F/I mask FIQ/IRQ at EL1 and EL0 alike.
     * FIQ has priority over IRQ. The return address is the next instruction
     * to execute, which between blocks is cpu->pc. A pending interrupt also
     * ends a WFI. */
    if (cpu->fiq_line && !(cpu->daif & (1u << 6))) {
        cpu_take_exception(cpu, EXC_FIQ, cpu->pc, 0, 0, false);
        return true;
    }
    if (cpu->irq_line && !(cpu->daif & (1u << 7))) {
        cpu_take_exception(cpu, EXC_IRQ, cpu->pc, 0, 0, false);
        return true;
    }
    return false;
}
