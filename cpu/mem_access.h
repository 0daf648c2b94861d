/* mem_access.h - guest loads and stores from translated code.
 *
 * The fast path is the software TLB (DESIGN.md "Memory virtualization"): one
 * tag compare and an add turn a guest virtual address into a host pointer.
 * Everything else -- a miss, a page-crossing access, MMIO, a write to a page
 * holding translated code, a fault -- goes to the slow path in tlb.c, which
 * may raise the precise data abort for the instruction op came from.
 */
#ifndef TINYVM_CPU_MEM_ACCESS_H
#define TINYVM_CPU_MEM_ACCESS_H

#include <string.h>

#include "cpu_internal.h"

static inline tlb_entry_t *tlb_entry_for(cpu_t *cpu, int mmu_idx, uint64_t va)
{
    return &cpu->tlb[mmu_idx][(va >> TLB_PAGE_BITS) & (TLB_SIZE - 1)];
}

static inline tlb_cold_t *tlb_cold_for(cpu_t *cpu, int mmu_idx, uint64_t va)
{
    return &cpu->tlb_cold[mmu_idx][(va >> TLB_PAGE_BITS) & (TLB_SIZE - 1)];
}

/* True when e's execute tag matches pc and e maps pc's page to physical page
 * phys_page. Checked from the hot entry alone: an execute tag is only valid
 * for RAM, where addend + VA page is the host address of the physical page,
 * and RAM is one host mapping, so equal host pages mean equal physical
 * pages (the cold ppage is not touched on the jump-cache path). */
static inline bool tlb_exec_maps(const cpu_t *cpu, const tlb_entry_t *e, uint64_t pc,
                                 uint64_t phys_page)
{
    uint64_t vpage = pc & TLB_PAGE_MASK;
    return e->tag_exec == vpage &&
           e->addend + (uintptr_t)vpage ==
               (uintptr_t)cpu->pm->ram + (uintptr_t)(phys_page - cpu->pm->ram_base);
}

/* True when an access of size bytes at va stays inside its 4 KiB page. */
static inline bool tlb_in_page(uint64_t va, unsigned size)
{
    return (va & ~TLB_PAGE_MASK) <= (1u << TLB_PAGE_BITS) - size;
}

/* The fast path's one compare: the page of the access's last byte against
 * the tag of the slot its first byte indexes. Equal means a hit that stays
 * in the page: an access crossing into page P + 1 compares P + 1 with a
 * slot that can only hold page P (consecutive pages use different slots),
 * so it misses and the slow path splits it. */
static inline uint64_t tlb_last_page(uint64_t va, unsigned size)
{
    return (va + size - 1) & TLB_PAGE_MASK;
}

/* Loads and stores of 1, 2, 4 or 8 bytes at a host pointer into guest RAM
 * (unaligned is fine: fixed-size memcpy compiles to one host access). The
 * fast handlers (ldst.c) and the slow path (tlb.c) both use them. */
static inline uint64_t host_ld8(const uint8_t *h) { return *h; }
static inline uint64_t host_ld16(const uint8_t *h) { uint16_t v; memcpy(&v, h, 2); return v; }
static inline uint64_t host_ld32(const uint8_t *h) { uint32_t v; memcpy(&v, h, 4); return v; }
static inline uint64_t host_ld64(const uint8_t *h) { uint64_t v; memcpy(&v, h, 8); return v; }
static inline void host_st8(uint8_t *h, uint64_t v) { *h = (uint8_t)v; }
static inline void host_st16(uint8_t *h, uint64_t v) { uint16_t t = (uint16_t)v; memcpy(h, &t, 2); }
static inline void host_st32(uint8_t *h, uint64_t v) { uint32_t t = (uint32_t)v; memcpy(h, &t, 4); }
static inline void host_st64(uint8_t *h, uint64_t v) { memcpy(h, &v, 8); }

#define CPU_DEFINE_LOAD(name, type, size)                                               \
    static inline uint64_t name(cpu_t *cpu, uint64_t va, int mmu_idx, const op_t *op)   \
    {                                                                                   \
        tlb_entry_t *e = tlb_entry_for(cpu, mmu_idx, va);                               \
        if (likely(e->tag_read == tlb_last_page(va, size))) {                           \
            type v;                                                                     \
            memcpy(&v, (const void *)(uintptr_t)(va + e->addend), size);                \
            return v;                                                                   \
        }                                                                               \
        return cpu_mem_read_slow(cpu, va, size, mmu_idx, cpu_op_pc(cpu, op));          \
    }

#define CPU_DEFINE_STORE(name, type, size)                                              \
    static inline void name(cpu_t *cpu, uint64_t va, uint64_t val, int mmu_idx,         \
                            const op_t *op)                                             \
    {                                                                                   \
        tlb_entry_t *e = tlb_entry_for(cpu, mmu_idx, va);                               \
        if (likely(e->tag_write == tlb_last_page(va, size))) {                          \
            type v = (type)val;                                                         \
            memcpy((void *)(uintptr_t)(va + e->addend), &v, size);                      \
            return;                                                                     \
        }                                                                               \
        cpu_mem_write_slow(cpu, va, size, val, mmu_idx, cpu_op_pc(cpu, op));            \
    }

CPU_DEFINE_LOAD(cpu_ld8, uint8_t, 1)
CPU_DEFINE_LOAD(cpu_ld16, uint16_t, 2)
CPU_DEFINE_LOAD(cpu_ld32, uint32_t, 4)
CPU_DEFINE_LOAD(cpu_ld64, uint64_t, 8)
CPU_DEFINE_STORE(cpu_st8, uint8_t, 1)
CPU_DEFINE_STORE(cpu_st16, uint16_t, 2)
CPU_DEFINE_STORE(cpu_st32, uint32_t, 4)
CPU_DEFINE_STORE(cpu_st64, uint64_t, 8)

/* Host pointer for an access that must be single-copy atomic or is done in
 * place (exclusives, LSE atomics, DC ZVA): translates for acc (raising the
 * fault if any) and returns NULL when the target is not RAM. The caller has
 * already checked alignment, so the access does not cross a page. */
void *cpu_mem_host_ptr(cpu_t *cpu, uint64_t va, unsigned size, acc_t acc, int mmu_idx,
                       uint64_t pc);

#endif
