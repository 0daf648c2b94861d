/* pl031.h - Arm PrimeCell real-time clock (PL031), as QEMU's virt board has it.
 *
 * A 32-bit seconds counter (DR) that runs from the host's wall clock, can be
 * set by the guest (LR), and raises an interrupt when it reaches the match
 * register (MR). The board maps it at 0x09010000 (PL031_MMIO_SIZE bytes) and
 * wires the interrupt to SPI 2 (INTID 34).
 *
 * Time: the counter is derived from a clock callback returning nanoseconds
 * since the Unix epoch (default: CLOCK_REALTIME). Nanoseconds rather than
 * seconds, so that the match deadline can be computed to the tick edge.
 *
 * Match interrupt: nothing runs in the background. The main loop calls
 * pl031_poll() after waking up, and includes pl031_ns_until_match() in its
 * sleep timeout; guest reads of DR/RIS/MIS poll too, so a guest that busy-waits
 * on the RTC sees the match without the main loop's help.
 */
#ifndef TINYVM_DEVICES_PL031_H
#define TINYVM_DEVICES_PL031_H

#include <stdint.h>

#include "mem/irq.h"
#include "mem/physmap.h"

#define PL031_MMIO_SIZE 0x1000

typedef struct pl031 pl031_t;

/* Wall-clock time in nanoseconds since 1970-01-01 00:00:00 UTC. */
typedef int64_t (*pl031_clock_fn)(void *opaque);

/* Create the RTC and map it at base in pm (pm may be NULL: not mapped).
 * clock may be NULL for the host's CLOCK_REALTIME. Returns NULL on failure. */
pl031_t *pl031_create(physmap_t *pm, uint64_t base, irq_line_t irq, pl031_clock_fn clock, void *clock_opaque);
void pl031_destroy(pl031_t *s);

/* Raise the match interrupt if the counter has reached MR since it was armed. */
void pl031_poll(pl031_t *s);

/* Nanoseconds (clock time) until the armed match fires, 0 if it is already
 * due, or -1 when no match is armed or it could not change the interrupt
 * output (masked in IMSC, or RIS already set). */
int64_t pl031_ns_until_match(pl031_t *s);

/* The MMIO callbacks (offset relative to base), for tests and custom maps. */
mem_result_t pl031_mmio_read(void *opaque, uint64_t offset, unsigned size, uint64_t *val);
mem_result_t pl031_mmio_write(void *opaque, uint64_t offset, unsigned size, uint64_t val);

#endif
