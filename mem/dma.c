/* dma.c - bounds-checked device access to guest RAM. */
#include "dma.h"

#include <string.h>

void *dma_map(physmap_t *pm, uint64_t addr, uint64_t len)
{
    if (!physmap_is_ram(pm, addr, len ? len : 1))
        return NULL;
    return pm->ram + (addr - pm->ram_base);
}

int dma_read(physmap_t *pm, uint64_t addr, void *buf, uint64_t len)
{
    void *p = dma_map(pm, addr, len);
    if (!p)
        return -1;
    memcpy(buf, p, len);
    return 0;
}

void dma_mark_written(physmap_t *pm, uint64_t addr, uint64_t len)
{
    if (pm->code_write_hook && len)
        pm->code_write_hook(pm->code_write_opaque, addr, len);
}

int dma_write(physmap_t *pm, uint64_t addr, const void *buf, uint64_t len)
{
    void *p = dma_map(pm, addr, len);
    if (!p)
        return -1;
    memcpy(p, buf, len);
    dma_mark_written(pm, addr, len);
    return 0;
}
