/* gicv3.h - Arm Generic Interrupt Controller v3, as QEMU's virt board has it
 * with gic-version=3 (Arm IHI 0069, "GICv3 and GICv4 Architecture Specification").
 *
 * What is modelled: one distributor (SPIs), one redistributor per CPU (SGIs
 * and PPIs, banked), and the CPU interface through the ICC_* system registers.
 * Affinity routing is always on (GICD_CTLR.ARE RAO/WI) and there is a single
 * security state (GICD_CTLR.DS RAO/WI): interrupts are Group 0 (signalled as
 * FIQ) or Group 1 (signalled as IRQ). No LPIs, no ITS, no extended ranges.
 *
 * Wiring (board):
 *   - gicv3_create() maps the distributor (GICV3_DIST_SIZE) and the
 *     redistributors (gicv3_redist_size(ncpus); one GICV3_REDIST_STRIDE frame
 *     pair per CPU, the last one has GICR_TYPER.Last set).
 *   - Device interrupt wires: irq_connect(&line, gicv3_set_spi, gic, intid)
 *     with intid = 32 + SPI number. Per-CPU wires (timer PPIs):
 *     irq_connect(&line, gicv3_set_ppi, gic, cpu * 32 + intid), intid 16..31.
 *   - Outputs: connect *gicv3_cpu_irq_line(gic, cpu) and
 *     *gicv3_cpu_fiq_line(gic, cpu) to the CPU. They are driven only on change.
 *   - CPU affinity: GICR_TYPER and SGI/SPI routing use, by default,
 *     Aff0 = cpu % 16, Aff1 = cpu / 16 (QEMU virt's GICv3 layout); each CPU's
 *     MPIDR_EL1 must carry the same value (gicv3_default_affinity), or the
 *     board calls gicv3_set_affinity().
 *   - The CPU forwards MRS/MSR of the ICC registers to gicv3_icc_read/write.
 */
#ifndef TINYVM_DEVICES_GICV3_H
#define TINYVM_DEVICES_GICV3_H

#include <stdbool.h>
#include <stdint.h>

#include "mem/irq.h"
#include "mem/physmap.h"

#define GICV3_DIST_SIZE 0x10000
#define GICV3_REDIST_STRIDE 0x20000 /* RD_base frame + SGI_base frame */
#define GICV3_MAX_CPUS 64
#define GICV3_MAX_IRQS 1024 /* INTIDs 1020..1023 are special and never exist */

/* Number of priority bits the CPU interface implements (ICC_CTLR_EL1.PRIbits
 * + 1), as QEMU's Cortex-A57/A72 GIC CPU interface: priorities compare in
 * steps of 8, and one 32-bit active-priority register per group exists. */
#define GICV3_PRIBITS 5

typedef struct gicv3 gicv3_t;

/* Pack a system register encoding the way gicv3_icc_read/write take it. */
#define GIC_SYSREG(op0, op1, crn, crm, op2) \
    ((uint32_t)(((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2)))

#define GICV3_ICC_PMR_EL1 GIC_SYSREG(3, 0, 4, 6, 0)
#define GICV3_ICC_IAR0_EL1 GIC_SYSREG(3, 0, 12, 8, 0)
#define GICV3_ICC_EOIR0_EL1 GIC_SYSREG(3, 0, 12, 8, 1)
#define GICV3_ICC_HPPIR0_EL1 GIC_SYSREG(3, 0, 12, 8, 2)
#define GICV3_ICC_BPR0_EL1 GIC_SYSREG(3, 0, 12, 8, 3)
#define GICV3_ICC_AP0R_EL1(n) GIC_SYSREG(3, 0, 12, 8, 4 + (n))
#define GICV3_ICC_AP1R_EL1(n) GIC_SYSREG(3, 0, 12, 9, (n))
#define GICV3_ICC_DIR_EL1 GIC_SYSREG(3, 0, 12, 11, 1)
#define GICV3_ICC_RPR_EL1 GIC_SYSREG(3, 0, 12, 11, 3)
#define GICV3_ICC_SGI1R_EL1 GIC_SYSREG(3, 0, 12, 11, 5)
#define GICV3_ICC_ASGI1R_EL1 GIC_SYSREG(3, 0, 12, 11, 6)
#define GICV3_ICC_SGI0R_EL1 GIC_SYSREG(3, 0, 12, 11, 7)
#define GICV3_ICC_IAR1_EL1 GIC_SYSREG(3, 0, 12, 12, 0)
#define GICV3_ICC_EOIR1_EL1 GIC_SYSREG(3, 0, 12, 12, 1)
#define GICV3_ICC_HPPIR1_EL1 GIC_SYSREG(3, 0, 12, 12, 2)
#define GICV3_ICC_BPR1_EL1 GIC_SYSREG(3, 0, 12, 12, 3)
#define GICV3_ICC_CTLR_EL1 GIC_SYSREG(3, 0, 12, 12, 4)
#define GICV3_ICC_SRE_EL1 GIC_SYSREG(3, 0, 12, 12, 5)
#define GICV3_ICC_IGRPEN0_EL1 GIC_SYSREG(3, 0, 12, 12, 6)
#define GICV3_ICC_IGRPEN1_EL1 GIC_SYSREG(3, 0, 12, 12, 7)

/* INTID returned by IAR/HPPIR when nothing can be acknowledged. */
#define GICV3_INTID_SPURIOUS 1023

/* Create a GIC for ncpus CPUs (1..GICV3_MAX_CPUS) and num_irqs INTIDs in
 * total (rounded up to a multiple of 32, clamped to 64..GICV3_MAX_IRQS; QEMU
 * virt has 256: GICD_TYPER.ITLinesNumber = 7). Maps both MMIO regions into
 * pm (pm may be NULL for tests that call the MMIO functions directly).
 * Returns NULL on bad arguments, allocation or mapping failure. */
gicv3_t *gicv3_create(physmap_t *pm, int ncpus, uint64_t dist_base, uint64_t redist_base, int num_irqs);
void gicv3_destroy(gicv3_t *gic);

/* Size of the redistributor region for ncpus CPUs. */
uint64_t gicv3_redist_size(int ncpus);

/* The affinity value (Aff3<<24 | Aff2<<16 | Aff1<<8 | Aff0) CPU number cpu
 * gets by default; MPIDR_EL1 = Aff0 | Aff1<<8 | Aff2<<16 | (uint64_t)Aff3<<32. */
uint32_t gicv3_default_affinity(int cpu);
void gicv3_set_affinity(gicv3_t *gic, int cpu, uint32_t aff);

/* Output wires of one CPU interface. */
irq_line_t *gicv3_cpu_irq_line(gicv3_t *gic, int cpu);
irq_line_t *gicv3_cpu_fiq_line(gicv3_t *gic, int cpu);

/* Input wires, usable as irq_handler_fn with opaque = the gicv3_t.
 * gicv3_set_spi: n = INTID (32..num_irqs-1).
 * gicv3_set_ppi: n = cpu * 32 + INTID (INTID 16..31). */
void gicv3_set_spi(void *gic, int n, int level);
void gicv3_set_ppi(void *gic, int n, int level);

/* CPU interface system registers (reg = GIC_SYSREG packing). Reads of
 * write-only and unimplemented registers return 0; writes to read-only and
 * unimplemented ones are ignored. */
uint64_t gicv3_icc_read(gicv3_t *gic, int cpu, uint32_t reg);
void gicv3_icc_write(gicv3_t *gic, int cpu, uint32_t reg, uint64_t val);

/* Whether reg is an ICC register this CPU interface implements. The CPU
 * takes an UNDEFINED exception for those that are not (as for
 * ICC_AP0R1..3/AP1R1..3 with 5 priority bits). gicv3_icc_can_access() also
 * tells apart the direction: MRS of a write-only register (EOIR, DIR, SGI*R)
 * and MSR to a read-only one (IAR, HPPIR, RPR) are UNDEFINED too. */
bool gicv3_icc_is_implemented(uint32_t reg);
bool gicv3_icc_can_access(uint32_t reg, bool is_write);

/* MMIO callbacks of the two regions (offset relative to each base). */
mem_result_t gicv3_dist_read(void *opaque, uint64_t offset, unsigned size, uint64_t *val);
mem_result_t gicv3_dist_write(void *opaque, uint64_t offset, unsigned size, uint64_t val);
mem_result_t gicv3_redist_read(void *opaque, uint64_t offset, unsigned size, uint64_t *val);
mem_result_t gicv3_redist_write(void *opaque, uint64_t offset, unsigned size, uint64_t val);

#endif
