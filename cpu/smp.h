/* smp.h - what several CPUs share: the inner-shareable domain's broadcast
 * maintenance (TLBI ...IS, IC IALLUIS/IVAU), code-write tracking across every
 * CPU's block cache, and SEV. Only cpu/ files include this.
 *
 * Each CPU keeps private structures (soft TLB, block cache, jump cache); the
 * board tells every CPU the set it shares memory with (cpu_set_siblings). An
 * operation the architecture broadcasts is applied here to each sibling.
 * With one host thread running every vCPU (thread=single) the siblings are
 * not executing while this runs, so applying the operation directly is
 * exact. */
#ifndef TINYVM_CPU_SMP_H
#define TINYVM_CPU_SMP_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu_internal.h"

/* Iterate over every CPU of cpu's shareability domain, cpu included. */
#define SMP_FOR_EACH(var, cpu)                                                      \
    for (int smp_i_ = 0, smp_n_ = (cpu)->nsiblings ? (cpu)->nsiblings : 1;           \
         smp_i_ < smp_n_ && (((var) = (cpu)->nsiblings ? (cpu)->siblings[smp_i_] : (cpu)), 1); \
         smp_i_++)

/* TLBI <op>IS (AArch64 "broadcast" TLB maintenance, Arm ARM D8.13): the
 * local operation (sysreg_tlbi_local) on every CPU in the domain. */
void smp_tlbi_is(cpu_t *cpu, uint32_t enc, uint64_t val);

/* IC IALLUIS: every CPU's instruction cache, i.e. every block cache. */
void smp_ic_iallu_is(cpu_t *cpu);

/* Invalidate blocks overlapping [pa, pa+len) in every CPU's cache: a write
 * to code (IC IVAU is broadcast to the PoU by definition, and code written
 * by one CPU may have been translated by another). */
void smp_tb_invalidate_phys_range(cpu_t *cpu, uint64_t pa, uint64_t len);

/* IC IVAU: the same, but complete on every CPU before returning (the
 * issuer's DSB completes the maintenance). */
void smp_ic_ivau(cpu_t *cpu, uint64_t pa, uint64_t len);

/* Does any CPU hold translated code starting in physical page ppage? Then
 * no CPU may write that page through its TLB fast path. */
bool smp_page_has_code(cpu_t *cpu, uint64_t ppage);

/* A CPU translated the first block of ppage: route every CPU's writes to
 * the page through the slow path. */
void smp_protect_code_page(cpu_t *cpu, uint64_t ppage);

/* SEV: set the event register of every PE (Arm ARM D1.6.1 "Wait for Event"). */
void smp_sev(cpu_t *cpu);

void smp_queue_free(cpu_t *cpu);

#endif
