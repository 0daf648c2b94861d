/* dma.h - how devices reach guest memory.
 *
 * A device model never computes a host pointer from a guest address itself: it
 * asks here, and gets one only when the whole range lies inside guest RAM. This
 * is the single check that keeps a malicious guest (a descriptor pointing at
 * MMIO, past the end of RAM, or wrapping around 2^64) from making tinyvm touch
 * host memory it does not own.
 */
#ifndef TINYVM_MEM_DMA_H
#define TINYVM_MEM_DMA_H

#include "physmap.h"

/* Host pointer for guest physical [addr, addr+len), or NULL when any byte of
 * it is outside guest RAM. len may be 0 (then addr must still be in RAM). */
void *dma_map(physmap_t *pm, uint64_t addr, uint64_t len);

/* Copy between guest RAM and host buffers. Return 0, or -1 (nothing copied)
 * when the range is not fully inside RAM. dma_write tells the CPU about the
 * write so translated code in those pages is dropped. */
int dma_read(physmap_t *pm, uint64_t addr, void *buf, uint64_t len);
int dma_write(physmap_t *pm, uint64_t addr, const void *buf, uint64_t len);

/* After writing through a dma_map() pointer, report the range written. */
void dma_mark_written(physmap_t *pm, uint64_t addr, uint64_t len);

#endif
