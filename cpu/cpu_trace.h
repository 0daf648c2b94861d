/* cpu_trace.h - what the CPU prints for the -d items (debug/trace.h).
 *
 * Each trace point in cpu/ is one `if (trace_on(ITEM)) cpu_trace_...()` at a
 * cold place; the formatting lives here so those hunks stay one line. */
#ifndef TINYVM_CPU_CPU_TRACE_H
#define TINYVM_CPU_CPU_TRACE_H

#include "cpu_internal.h"
#include "debug/trace.h"

struct tb;

/* Host monotonic time in ns, for the --stats time split (coarse points only). */
uint64_t cpu_clock_ns(void);

/* in_asm: a block just translated; host points at its first instruction. */
void cpu_trace_translated(const cpu_t *cpu, const struct tb *tb, const uint8_t *host);
/* out_asm: the native code generated for a block (cpu/jit/). */
void cpu_trace_native(const cpu_t *cpu, const struct tb *tb, const uint8_t *code, size_t len);
/* exec / cpu: a block about to run (from the dispatcher). */
void cpu_trace_block(const cpu_t *cpu, const struct tb *tb);
/* int: an exception taken (type EXC_*, from_el the EL it was taken from). */
void cpu_trace_exception(const cpu_t *cpu, int type, int from_el, uint64_t ret_pc, uint32_t esr,
                         uint64_t far, bool far_valid);
/* int: an ERET (from_el the EL it ran at, illegal: IllegalExceptionReturn). */
void cpu_trace_eret(const cpu_t *cpu, int from_el, uint32_t spsr, uint64_t elr, bool illegal);
/* mmu: one translation (walk) and its result. */
void cpu_trace_walk(const cpu_t *cpu, uint64_t va, acc_t acc, int mmu_idx, const mmu_result_t *r);
/* mmu: a TLB flush; what = "all", "asid", "va", arg its operand. */
void cpu_trace_tlb_flush(const cpu_t *cpu, const char *what, uint64_t arg);
/* unimp: an UNDEFINED system register / system instruction access, or a
 * trapped read of an unallocated ID register. */
void cpu_trace_unimp_insn(const cpu_t *cpu, uint32_t insn, uint64_t pc);

#endif
