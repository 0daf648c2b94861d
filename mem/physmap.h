/* physmap.h - the guest physical address space.
 *
 * Guest RAM is one host mmap (mem/ram.h); everything else is an MMIO region with
 * read/write callbacks. The CPU's soft MMU asks physmap_is_ram() once per page
 * to fill its TLB with a host pointer; accesses that miss RAM go through
 * physmap_read()/physmap_write(), which dispatch to a device or report an
 * external abort (the CPU turns that into a synchronous external abort, as
 * Arm's AArch64.Abort does for a bus error).
 */
#ifndef TINYVM_MEM_PHYSMAP_H
#define TINYVM_MEM_PHYSMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Result of a physical access. */
typedef enum {
    MEM_OK = 0,
    MEM_ERR_UNMAPPED, /* nothing at this address: external abort */
    MEM_ERR_DEVICE,   /* a device refused the access (bad size/alignment) */
} mem_result_t;

/* MMIO callbacks. offset is relative to the region base; size is 1, 2, 4 or 8.
 * A read returns MEM_OK and fills *val (zero-extended), or refuses. */
typedef struct mmio_ops {
    mem_result_t (*read)(void *opaque, uint64_t offset, unsigned size, uint64_t *val);
    mem_result_t (*write)(void *opaque, uint64_t offset, unsigned size, uint64_t val);
} mmio_ops_t;

typedef struct mmio_region {
    const char *name;
    uint64_t base, size;
    const mmio_ops_t *ops;
    void *opaque;
} mmio_region_t;

#define PHYSMAP_MAX_REGIONS 64

typedef struct physmap {
    uint8_t *ram;      /* host address of guest RAM */
    uint64_t ram_base; /* guest physical address of RAM */
    uint64_t ram_size;
    mmio_region_t regions[PHYSMAP_MAX_REGIONS]; /* sorted by base */
    int nregions;
    /* Called when a RAM page that holds translated code is written through the
     * slow path (devices' DMA, debugger writes), so the CPU can drop its TBs. */
    void (*code_write_hook)(void *opaque, uint64_t paddr, uint64_t len);
    void *code_write_opaque;
    /* With a host thread per vCPU, device callbacks run under the board's
     * big lock: physmap_read/write take it around every MMIO dispatch
     * (lock = true, then false). NULL: one thread, no lock. */
    void (*mmio_lock)(void *opaque, bool lock);
    void *mmio_lock_opaque;
} physmap_t;

/* Map size bytes of anonymous host memory as guest RAM at guest physical base.
 * Returns 0, or -1 with errno set (the caller prints the error). */
int physmap_init(physmap_t *pm, uint64_t ram_base, uint64_t ram_size);
void physmap_destroy(physmap_t *pm);

/* Add an MMIO region. Returns 0, or -1 if it overlaps RAM or another region or
 * the table is full. */
int physmap_add_mmio(physmap_t *pm, const char *name, uint64_t base, uint64_t size,
                     const mmio_ops_t *ops, void *opaque);

/* True when [addr, addr+len) lies entirely inside guest RAM (no wrap-around). */
static inline bool physmap_is_ram(const physmap_t *pm, uint64_t addr, uint64_t len)
{
    return addr >= pm->ram_base && len <= pm->ram_size &&
           addr - pm->ram_base <= pm->ram_size - len;
}

/* Host pointer for a RAM address, or NULL when addr is not RAM. */
static inline uint8_t *physmap_ram_ptr(const physmap_t *pm, uint64_t addr)
{
    return physmap_is_ram(pm, addr, 1) ? pm->ram + (addr - pm->ram_base) : NULL;
}

/* The MMIO region holding addr, or NULL. */
const mmio_region_t *physmap_find_mmio(const physmap_t *pm, uint64_t addr);

/* Slow-path access of size 1/2/4/8 bytes at addr (little-endian). RAM accesses
 * must not cross the end of RAM; MMIO accesses must lie inside one region. */
mem_result_t physmap_read(physmap_t *pm, uint64_t addr, unsigned size, uint64_t *val);
mem_result_t physmap_write(physmap_t *pm, uint64_t addr, unsigned size, uint64_t val);

#endif
