/* pl061.h - Arm PrimeCell GPIO controller (PL061), as QEMU's virt board has
 * it: eight pins, one interrupt. On virt, pin 3 is the power button of a
 * `gpio-keys` node (KEY_POWER): the board raises it to ask the guest to
 * power off, as pressing a real power button would (devices/display closes
 * its window that way).
 *
 * Registers per the PL061 TRM (ARM DDI 0190): GPIODATA (address-masked),
 * GPIODIR, the interrupt sense/edge/event/mask registers, GPIORIS/MIS/IC,
 * GPIOAFSEL and the PrimeCell ID registers. The board maps it at
 * 0x09030000 and wires it to SPI 7 (INTID 39), QEMU's addresses.
 */
#ifndef TINYVM_DEVICES_PL061_H
#define TINYVM_DEVICES_PL061_H

#include <stdint.h>

#include "mem/irq.h"
#include "mem/physmap.h"

#define PL061_MMIO_SIZE 0x1000
#define PL061_NPINS 8

typedef struct pl061 pl061_t;

/* Create the controller and map it at base in pm (pm NULL: not mapped, for
 * tests). NULL on failure. */
pl061_t *pl061_create(physmap_t *pm, uint64_t base, irq_line_t irq);
void pl061_destroy(pl061_t *s);

/* Drive input pin (0..7) from outside to level (0 or 1). Edges and levels
 * latch interrupts as the guest programmed GPIOIS/IBE/IEV. A pin the guest
 * made an output ignores the outside world, as on the hardware. */
void pl061_set_input(pl061_t *s, unsigned pin, int level);

/* The MMIO callbacks (offset relative to base), for tests. */
mem_result_t pl061_mmio_read(void *opaque, uint64_t offset, unsigned size, uint64_t *val);
mem_result_t pl061_mmio_write(void *opaque, uint64_t offset, unsigned size, uint64_t val);

#endif
