/* tlb.c - the software TLB and the slow path of guest memory accesses. */
#include <string.h>

#include "mem_access.h"
#include "tb.h"

void tlb_flush_all(cpu_t *cpu)
{
    memset(cpu->tlb, 0xff, sizeof(cpu->tlb));
    /* The jump cache maps virtual PCs to blocks found through the old
     * mappings: it goes with them. */
    memset(cpu->jc, 0, sizeof(cpu->jc));
}

void tlb_flush_page(cpu_t *cpu, uint64_t va)
{
    uint64_t vpage = va & TLB_PAGE_MASK;
    for (int i = 0; i < MMU_IDX_COUNT; i++) {
        tlb_entry_t *e = tlb_entry_for(cpu, i, va);
        if (e->vpage == vpage)
            memset(e, 0xff, sizeof(*e));
    }
    /* Jump-cache slots of this page: the index is (pc >> 2), so one 4 KiB
     * page covers 1024 consecutive slots (modulo the cache size). */
    unsigned first = (unsigned)(vpage >> 2) & (JC_SIZE - 1);
    for (unsigned i = 0; i < (1u << (TLB_PAGE_BITS - 2)); i++)
        cpu->jc[(first + i) & (JC_SIZE - 1)] = NULL;
}

void tlb_flush_asid(cpu_t *cpu, uint16_t asid)
{
    /* Entries do not record their ASID; dropping everything is always
     * allowed (a TLB may forget any entry at any time). */
    (void)asid;
    tlb_flush_all(cpu);
}

void tlb_protect_code_page(cpu_t *cpu, uint64_t ppage)
{
    for (int i = 0; i < MMU_IDX_COUNT; i++)
        for (unsigned j = 0; j < TLB_SIZE; j++)
            if (cpu->tlb[i][j].ppage == ppage)
                cpu->tlb[i][j].tag_write = TLB_INVALID;
}

bool tb_page_has_code(cpu_t *cpu, uint64_t ppage);

tlb_entry_t *tlb_fill(cpu_t *cpu, uint64_t va, acc_t acc, int mmu_idx, uint64_t pc)
{
    mmu_result_t r;
    mmu_translate(cpu, va, acc, mmu_idx, &r);
    if (r.fault != MMU_FAULT_NONE)
        cpu_raise_mmu_fault(cpu, va, acc, &r, pc);
    cpu->stats.tlb_misses++;

    tlb_entry_t *e = tlb_entry_for(cpu, mmu_idx, va);
    uint64_t vpage = va & TLB_PAGE_MASK, ppage = r.pa & TLB_PAGE_MASK;
    physmap_t *pm = cpu->pm;
    bool ram = physmap_is_ram(pm, ppage, 1u << TLB_PAGE_BITS);
    e->vpage = vpage;
    e->ppage = ppage;
    e->perms = r.perms;
    e->is_ram = ram;
    e->level = r.level;
    e->attrs = r.attrs;
    e->addend = ram ? (uintptr_t)(pm->ram + (ppage - pm->ram_base)) - (uintptr_t)vpage : 0;
    e->tag_read = ram && (r.perms & TLB_PERM_R) ? vpage : TLB_INVALID;
    e->tag_write = ram && (r.perms & TLB_PERM_W) && !tb_page_has_code(cpu, ppage) ? vpage : TLB_INVALID;
    e->tag_exec = ram && (r.perms & TLB_PERM_X) ? vpage : TLB_INVALID;
    return e;
}

/* The entry for va if it is present and grants acc; else fill (or fault). */
static tlb_entry_t *tlb_get(cpu_t *cpu, uint64_t va, acc_t acc, int mmu_idx, uint64_t pc)
{
    static const uint8_t need[] = { TLB_PERM_R, TLB_PERM_W, TLB_PERM_X };
    tlb_entry_t *e = tlb_entry_for(cpu, mmu_idx, va);
    if (e->vpage == (va & TLB_PAGE_MASK) && (e->perms & need[acc]))
        return e;
    return tlb_fill(cpu, va, acc, mmu_idx, pc);
}

uint64_t tlb_translate_pa(cpu_t *cpu, uint64_t va, acc_t acc, int mmu_idx, uint64_t pc)
{
    tlb_entry_t *e = tlb_get(cpu, va, acc, mmu_idx, pc);
    return e->ppage | (va & ~TLB_PAGE_MASK);
}

/* DFSC/IFSC for a fault at a level (ESR_ELx ISS encodings). */
static uint32_t fault_status(const mmu_result_t *r)
{
    unsigned lvl = r->level & 3;
    switch (r->fault) {
    case MMU_FAULT_ADDRESS_SIZE: return 0x00 | lvl;
    case MMU_FAULT_TRANSLATION: return 0x04 | lvl;
    case MMU_FAULT_ACCESS_FLAG: return 0x08 | lvl;
    case MMU_FAULT_PERMISSION: return 0x0c | lvl;
    case MMU_FAULT_EXTERNAL: return r->s1ptw ? (0x14 | lvl) : 0x10;
    case MMU_FAULT_ALIGNMENT: return 0x21;
    default: return 0x10;
    }
}

/* AArch64.DataAbort / AArch64.InstructionAbort, taken to EL1. */
_Noreturn void cpu_raise_mmu_fault(cpu_t *cpu, uint64_t va, acc_t acc, const mmu_result_t *r,
                                   uint64_t pc)
{
    bool low = cpu->el == 0;
    uint32_t iss = fault_status(r);
    unsigned ec;
    if (acc == ACC_EXEC) {
        ec = low ? EC_IABT_LOW : EC_IABT_CUR;
    } else {
        ec = low ? EC_DABT_LOW : EC_DABT_CUR;
        if (acc == ACC_WRITE)
            iss |= 1u << 6; /* WnR */
    }
    if (r->s1ptw)
        iss |= 1u << 7;
    if (r->fault == MMU_FAULT_EXTERNAL)
        iss |= 1u << 9; /* EA */
    cpu_raise_sync(cpu, pc, esr_make(ec, true, iss), va, true);
}

static _Noreturn void raise_external(cpu_t *cpu, uint64_t va, acc_t acc, uint64_t pc)
{
    mmu_result_t r = { .fault = MMU_FAULT_EXTERNAL };
    cpu_raise_mmu_fault(cpu, va, acc, &r, pc);
}

uint64_t cpu_mem_read_slow(cpu_t *cpu, uint64_t va, unsigned size, int mmu_idx, uint64_t pc)
{
    if (!tlb_in_page(va, size)) {
        /* Split a page-crossing access into bytes; each half translates on
         * its own, so a fault reports the address in the faulting page. */
        uint64_t v = 0;
        for (unsigned i = 0; i < size; i++)
            v |= cpu_mem_read_slow(cpu, va + i, 1, mmu_idx, pc) << (8 * i);
        return v;
    }
    tlb_entry_t *e = tlb_get(cpu, va, ACC_READ, mmu_idx, pc);
    if (e->tag_read == (va & TLB_PAGE_MASK)) {
        uint64_t v = 0;
        memcpy(&v, (const void *)(uintptr_t)(va + e->addend), size);
        return v;
    }
    uint64_t v;
    if (physmap_read(cpu->pm, e->ppage | (va & ~TLB_PAGE_MASK), size, &v) != MEM_OK)
        raise_external(cpu, va, ACC_READ, pc);
    return v;
}

void cpu_mem_write_slow(cpu_t *cpu, uint64_t va, unsigned size, uint64_t val, int mmu_idx,
                        uint64_t pc)
{
    if (!tlb_in_page(va, size)) {
        /* Check both pages before writing anything, so a fault on the
         * second page leaves memory untouched. */
        uint64_t second = (va | ~TLB_PAGE_MASK) + 1;
        tlb_get(cpu, va, ACC_WRITE, mmu_idx, pc);
        tlb_get(cpu, second, ACC_WRITE, mmu_idx, pc);
        for (unsigned i = 0; i < size; i++)
            cpu_mem_write_slow(cpu, va + i, 1, val >> (8 * i), mmu_idx, pc);
        return;
    }
    tlb_entry_t *e = tlb_get(cpu, va, ACC_WRITE, mmu_idx, pc);
    if (e->tag_write == (va & TLB_PAGE_MASK)) {
        memcpy((void *)(uintptr_t)(va + e->addend), &val, size);
        return;
    }
    /* RAM holding code, or MMIO: physmap_write tells the TB cache. */
    if (physmap_write(cpu->pm, e->ppage | (va & ~TLB_PAGE_MASK), size, val) != MEM_OK)
        raise_external(cpu, va, ACC_WRITE, pc);
}

void *cpu_mem_host_ptr(cpu_t *cpu, uint64_t va, unsigned size, acc_t acc, int mmu_idx,
                       uint64_t pc)
{
    tlb_entry_t *e = tlb_get(cpu, va, acc, mmu_idx, pc);
    if (!e->is_ram)
        return NULL;
    if (acc == ACC_WRITE && e->tag_write != (va & TLB_PAGE_MASK))
        tb_invalidate_phys_range(cpu, e->ppage | (va & ~TLB_PAGE_MASK), size);
    return (void *)(uintptr_t)(va + e->addend);
}
