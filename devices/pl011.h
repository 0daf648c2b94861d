/* pl011.h - Arm PrimeCell UART (PL011), as QEMU's virt board has it.
 *
 * The guest sees the register file of the ARM PL011 TRM (DDI 0183); the host
 * side is a byte sink (tx callback, usually console_tx) and a byte source
 * (pl011_receive, fed by the main loop from the console). Transmission is
 * instantaneous: the TX FIFO is always empty, so FR.TXFE=1, TXFF=0, BUSY=0.
 *
 * The board maps it at 0x09000000 (PL011_MMIO_SIZE bytes) and wires the
 * interrupt output to SPI 1 (INTID 33) of the GIC.
 */
#ifndef TINYVM_DEVICES_PL011_H
#define TINYVM_DEVICES_PL011_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mem/irq.h"
#include "mem/physmap.h"

#define PL011_MMIO_SIZE 0x1000
#define PL011_FIFO_DEPTH 16

typedef struct pl011 pl011_t;

/* Called for every byte run the guest transmits. Must not call back into the UART. */
typedef void (*pl011_tx_fn)(void *opaque, const uint8_t *buf, size_t n);

/* Create the UART and map it at base in pm (pm may be NULL: not mapped, the
 * registers are then reached through pl011_mmio_read/write). irq is the wire
 * to the interrupt controller; its level is (RIS & IMSC) != 0. tx may be NULL
 * (output discarded). Returns NULL on allocation or mapping failure. */
pl011_t *pl011_create(physmap_t *pm, uint64_t base, irq_line_t irq, pl011_tx_fn tx, void *tx_opaque);
void pl011_destroy(pl011_t *s);

/* Host -> guest. pl011_rx_space() is how many bytes the RX FIFO can take now
 * (16 with LCR_H.FEN set, 1 without); pl011_can_receive() is rx_space() > 0.
 * pl011_receive() accepts at most that many and returns the count taken: the
 * caller keeps the rest and offers them again later, so nothing is dropped. */
size_t pl011_rx_space(const pl011_t *s);
bool pl011_can_receive(const pl011_t *s);
size_t pl011_receive(pl011_t *s, const uint8_t *buf, size_t n);

/* The MMIO callbacks (offset relative to base), for tests and for boards that
 * map the device themselves. */
mem_result_t pl011_mmio_read(void *opaque, uint64_t offset, unsigned size, uint64_t *val);
mem_result_t pl011_mmio_write(void *opaque, uint64_t offset, unsigned size, uint64_t val);

#endif
