/* physmap.c - guest RAM as one host mmap, plus a sorted table of MMIO regions. */
#include "physmap.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>

int physmap_init(physmap_t *pm, uint64_t ram_base, uint64_t ram_size)
{
    memset(pm, 0, sizeof(*pm));
    if (ram_size == 0 || ram_base + ram_size < ram_base) {
        errno = EINVAL;
        return -1;
    }
    /* MAP_NORESERVE: a 4 GiB guest that touches 200 MiB costs 200 MiB. */
    void *p = mmap(NULL, ram_size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return -1;
#ifdef MADV_HUGEPAGE
    /* Huge host pages mean fewer host TLB misses behind the guest's TLB. Advice only. */
    madvise(p, ram_size, MADV_HUGEPAGE);
#endif
    pm->ram = p;
    pm->ram_base = ram_base;
    pm->ram_size = ram_size;
    return 0;
}

void physmap_destroy(physmap_t *pm)
{
    if (pm->ram)
        munmap(pm->ram, pm->ram_size);
    pm->ram = NULL;
    pm->ram_size = 0;
    pm->nregions = 0;
}

static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

int physmap_add_mmio(physmap_t *pm, const char *name, uint64_t base, uint64_t size,
                     const mmio_ops_t *ops, void *opaque)
{
    if (size == 0 || base + size < base || pm->nregions == PHYSMAP_MAX_REGIONS)
        return -1;
    if (pm->ram_size && ranges_overlap(base, size, pm->ram_base, pm->ram_size))
        return -1;
    int i = 0;
    for (; i < pm->nregions; i++) {
        const mmio_region_t *r = &pm->regions[i];
        if (ranges_overlap(base, size, r->base, r->size))
            return -1;
        if (r->base > base)
            break;
    }
    memmove(&pm->regions[i + 1], &pm->regions[i], (size_t)(pm->nregions - i) * sizeof(pm->regions[0]));
    pm->regions[i] = (mmio_region_t){ .name = name, .base = base, .size = size, .ops = ops, .opaque = opaque };
    pm->nregions++;
    return 0;
}

const mmio_region_t *physmap_find_mmio(const physmap_t *pm, uint64_t addr)
{
    /* Binary search over the sorted, non-overlapping table. */
    int lo = 0, hi = pm->nregions - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        const mmio_region_t *r = &pm->regions[mid];
        if (addr < r->base)
            hi = mid - 1;
        else if (addr - r->base >= r->size)
            lo = mid + 1;
        else
            return r;
    }
    return NULL;
}

static uint64_t load_le(const uint8_t *p, unsigned size)
{
    uint64_t v = 0;
    memcpy(&v, p, size); /* hosts are little-endian (x86-64, arm64) */
    return v;
}

mem_result_t physmap_read(physmap_t *pm, uint64_t addr, unsigned size, uint64_t *val)
{
    if (physmap_is_ram(pm, addr, size)) {
        *val = load_le(pm->ram + (addr - pm->ram_base), size);
        return MEM_OK;
    }
    const mmio_region_t *r = physmap_find_mmio(pm, addr);
    if (!r || addr - r->base > r->size - size)
        return MEM_ERR_UNMAPPED;
    *val = 0;
    if (!r->ops->read)
        return MEM_ERR_DEVICE;
    if (pm->mmio_lock)
        pm->mmio_lock(pm->mmio_lock_opaque, true);
    mem_result_t res = r->ops->read(r->opaque, addr - r->base, size, val);
    if (pm->mmio_lock)
        pm->mmio_lock(pm->mmio_lock_opaque, false);
    return res;
}

mem_result_t physmap_write(physmap_t *pm, uint64_t addr, unsigned size, uint64_t val)
{
    if (physmap_is_ram(pm, addr, size)) {
        memcpy(pm->ram + (addr - pm->ram_base), &val, size);
        if (pm->code_write_hook)
            pm->code_write_hook(pm->code_write_opaque, addr, size);
        return MEM_OK;
    }
    const mmio_region_t *r = physmap_find_mmio(pm, addr);
    if (!r || addr - r->base > r->size - size)
        return MEM_ERR_UNMAPPED;
    /* A device sees only the bytes written: callers may pass a whole
     * register for a narrower store. */
    if (size < 8)
        val &= (1ull << (8 * size)) - 1;
    if (!r->ops->write)
        return MEM_ERR_DEVICE;
    if (pm->mmio_lock)
        pm->mmio_lock(pm->mmio_lock_opaque, true);
    mem_result_t res = r->ops->write(r->opaque, addr - r->base, size, val);
    if (pm->mmio_lock)
        pm->mmio_lock(pm->mmio_lock_opaque, false);
    return res;
}
