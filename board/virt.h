/* virt.h - the physical memory map and wiring of tinyvm's "virt" board.
 *
 * Every address, size and interrupt number here is the same as on QEMU's
 * `-M virt,gic-version=3` (see shared/reference/qemu-virt-dtb/virt-gicv3.dts),
 * so kernels, device trees and tutorials written for QEMU work unchanged.
 * The device models, the FDT generator (board/dtb.c) and the machine setup
 * (board/machine.c) all take their numbers from here and nowhere else.
 *
 * Interrupt numbers come in two spellings:
 *   - the GIC INTID the interrupt controller model uses (SGI 0-15, PPI 16-31,
 *     SPI 32-1019: GICv3 architecture, "INTIDs");
 *   - the DT interrupt specifier <type number flags> of the arm,gic-v3 binding
 *     (Documentation/devicetree/bindings/interrupt-controller/arm,gic-v3.yaml),
 *     where the number is relative to its type: PPI n is INTID 16+n, SPI n is
 *     INTID 32+n.
 */
#ifndef TINYVM_BOARD_VIRT_H
#define TINYVM_BOARD_VIRT_H

#include <stdint.h>

/* ---- memory map ---------------------------------------------------------- */

/* GICv3 distributor (GICD_*), one 64 KiB frame. */
#define VIRT_GIC_DIST_BASE      0x08000000ULL
#define VIRT_GIC_DIST_SIZE      0x00010000ULL

/* GICv3 redistributors: each CPU has two contiguous 64 KiB frames (RD_base and
 * SGI_base), so one CPU's redistributor spans 128 KiB; CPU n's starts at
 * BASE + n * STRIDE. The space up to the UART holds 123 of them, as on QEMU. */
#define VIRT_GIC_REDIST_BASE    0x080A0000ULL
#define VIRT_GIC_REDIST_STRIDE  0x00020000ULL
#define VIRT_GIC_REDIST_REGION_SIZE 0x00F60000ULL
#define VIRT_GIC_REDIST_MAX_CPUS \
    ((int)(VIRT_GIC_REDIST_REGION_SIZE / VIRT_GIC_REDIST_STRIDE))

/* PL011 UART (the console). */
#define VIRT_UART_BASE          0x09000000ULL
#define VIRT_UART_SIZE          0x00001000ULL
#define VIRT_UART_SPI           1

/* PL031 real-time clock. */
#define VIRT_RTC_BASE           0x09010000ULL
#define VIRT_RTC_SIZE           0x00001000ULL
#define VIRT_RTC_SPI            2

/* PL061 GPIO controller with the gpio-keys power button on pin 3 (only with
 * -display sdl, board/board_display.c). */
#define VIRT_GPIO_BASE          0x09030000ULL
#define VIRT_GPIO_SIZE          0x00001000ULL
#define VIRT_GPIO_SPI           7
#define VIRT_GPIO_POWER_PIN     3

/* virtio-mmio transports: 32 slots of 0x200 bytes; slot n raises SPI 16+n. */
#define VIRT_VIRTIO_MMIO_BASE   0x0A000000ULL
#define VIRT_VIRTIO_MMIO_STRIDE 0x00000200ULL
#define VIRT_VIRTIO_MMIO_SIZE   0x00000200ULL
#define VIRT_VIRTIO_MMIO_SLOTS  32
#define VIRT_VIRTIO_MMIO_SPI_BASE 16
#define VIRT_VIRTIO_MMIO_ADDR(n) (VIRT_VIRTIO_MMIO_BASE + (uint64_t)(n) * VIRT_VIRTIO_MMIO_STRIDE)
#define VIRT_VIRTIO_MMIO_SPI(n)  (VIRT_VIRTIO_MMIO_SPI_BASE + (n))

/* RAM starts at 1 GiB. It may grow up to 255 GiB, ending at 256 GiB (0x40_0000_0000),
 * where QEMU's virt board puts its high MMIO; well inside a 48-bit PA space. */
#define VIRT_RAM_BASE           0x40000000ULL
#define VIRT_RAM_MIN_SIZE       (16ULL << 20)
#define VIRT_RAM_MAX_SIZE       (255ULL << 30)
#define VIRT_RAM_DEFAULT_SIZE   (1ULL << 30)

/* ---- interrupts ----------------------------------------------------------- */

#define VIRT_GIC_PPI_INTID(ppi) (16 + (ppi))
#define VIRT_GIC_SPI_INTID(spi) (32 + (spi))

/* Generic timer PPIs, in the order the arm,armv8-timer binding lists them
 * (Documentation/devicetree/bindings/timer/arm,arch_timer.yaml): secure
 * physical, non-secure physical, virtual, hypervisor (EL2) physical. */
#define VIRT_TIMER_SEC_PHYS_PPI 13 /* INTID 29 */
#define VIRT_TIMER_PHYS_PPI     14 /* INTID 30 */
#define VIRT_TIMER_VIRT_PPI     11 /* INTID 27 */
#define VIRT_TIMER_HYP_PPI      10 /* INTID 26 */

#define VIRT_UART_INTID         VIRT_GIC_SPI_INTID(VIRT_UART_SPI) /* 33 */
#define VIRT_RTC_INTID          VIRT_GIC_SPI_INTID(VIRT_RTC_SPI)  /* 34 */
#define VIRT_GPIO_INTID         VIRT_GIC_SPI_INTID(VIRT_GPIO_SPI) /* 39 */
#define VIRT_VIRTIO_MMIO_INTID(n) VIRT_GIC_SPI_INTID(VIRT_VIRTIO_MMIO_SPI(n)) /* 48+n */

/* DT interrupt specifier cells (arm,gic-v3 binding: cell 1 type, cell 3 flags;
 * flag values from Documentation/devicetree/bindings/interrupt-controller/
 * interrupts.txt). */
#define VIRT_DT_GIC_SPI         0
#define VIRT_DT_GIC_PPI         1
#define VIRT_DT_IRQ_EDGE_RISING 1
#define VIRT_DT_IRQ_LEVEL_HIGH  4

/* ---- clocks and phandles --------------------------------------------------- */

/* The fixed 24 MHz APB clock the PL011 and PL031 bindings ask for ("apb_pclk";
 * the PL011 also uses it as "uartclk" to derive baud rates). */
#define VIRT_APB_PCLK_HZ        24000000u

/* Phandles in the generated tree (QEMU's values, so DT dumps diff cleanly). */
#define VIRT_PHANDLE_APB_PCLK   0x8000u
#define VIRT_PHANDLE_GIC        0x8002u
#define VIRT_PHANDLE_GPIO       0x8004u

/* ---- CPUs ------------------------------------------------------------------ */

#define VIRT_MAX_CPUS           VIRT_GIC_REDIST_MAX_CPUS

/* MPIDR_EL1 affinity of CPU idx: 16 CPUs per cluster in Aff0 (a GICv3 SGI
 * target list covers Aff0 0-15, ICC_SGI1R_EL1.TargetList), the cluster in Aff1.
 * The CPU's MPIDR, its DT "reg" and PSCI CPU_ON's target all use this. */
static inline uint64_t virt_cpu_mpidr_aff(int idx)
{
    return ((uint64_t)(idx / 16) << 8) | (uint64_t)(idx % 16);
}

/* ---- PSCI ------------------------------------------------------------------ */

/* Function IDs advertised in /psci for the pre-0.2 style properties (the PSCI
 * 0.2+ standard IDs, SMC64 variants where the function takes an address;
 * Arm DEN0022 "Function ID" table). A PSCI >= 0.2 kernel uses the standard IDs
 * directly; these properties only matter for old kernels. */
#define VIRT_PSCI_FN_CPU_SUSPEND 0xC4000001u
#define VIRT_PSCI_FN_CPU_OFF     0x84000002u
#define VIRT_PSCI_FN_CPU_ON      0xC4000003u
#define VIRT_PSCI_FN_MIGRATE     0xC4000005u

#endif
