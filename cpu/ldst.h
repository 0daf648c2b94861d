/* ldst.h - helpers the load/store files offer to the rest of cpu/.
 *
 * DC ZVA is decoded by the system-instruction decoder (sysreg.c), but its
 * memory side -- a store of zeros to a whole block -- lives with the other
 * stores so that it shares their fault rules.
 */
#ifndef TINYVM_CPU_LDST_H
#define TINYVM_CPU_LDST_H

#include <stdint.h>

#include "cpu_internal.h"

/* Log2 of the DC ZVA block size in 4-byte words: DCZID_EL0.BS = 4 (64 bytes). */
#define CPU_DCZVA_BS 4
#define CPU_DCZVA_BYTES (4u << CPU_DCZVA_BS)

/* DC ZVA, Xt = va: zero the CPU_DCZVA_BYTES-byte block containing va in the
 * current translation regime. It is a write for permission purposes and
 * faults like a store, with FAR = va (the caller has already applied the
 * SCTLR_EL1.DZE trap for EL0). op is the instruction's op, for the precise
 * fault PC. */
void cpu_dc_zva(cpu_t *cpu, uint64_t va, const op_t *op);

#endif
