/* tb.c - the translation block cache: arena, hash table, per-page lists,
 * invalidation when guest code is written, and the block lookup. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cpu_trace.h"
#include "jit/jit.h"
#include "mem_access.h"
#include "smp.h"
#include "tb.h"

#define TB_HASH_BITS 20 /* 8 MiB of heads: a systemd boot leaves ~500k blocks (make bench) */
#define TB_HASH_SIZE (1u << TB_HASH_BITS)
#define TB_ARENA_SIZE (128u << 20) /* reserved, touched on demand */

typedef struct tb_cache {
    uint8_t *arena;
    size_t used;
    tb_t *pending;                 /* allocated, not yet committed */
    tb_t *hash[TB_HASH_SIZE];
    tb_t **page_tbs;               /* per RAM page: blocks starting there */
    uint64_t npages;
} tb_cache_t;

int tb_cache_init(cpu_t *cpu)
{
    tb_cache_t *c = calloc(1, sizeof(*c));
    if (!c)
        return -1;
    c->arena = mmap(NULL, TB_ARENA_SIZE, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    c->npages = cpu->pm->ram_size >> TLB_PAGE_BITS;
    c->page_tbs = calloc(c->npages ? c->npages : 1, sizeof(tb_t *));
    if (c->arena == MAP_FAILED || !c->page_tbs) {
        if (c->arena != MAP_FAILED)
            munmap(c->arena, TB_ARENA_SIZE);
        free(c->page_tbs);
        free(c);
        return -1;
    }
    cpu->tbc = c;
    return 0;
}

void tb_cache_destroy(cpu_t *cpu)
{
    tb_cache_t *c = cpu->tbc;
    if (!c)
        return;
    munmap(c->arena, TB_ARENA_SIZE);
    free(c->page_tbs);
    free(c);
    cpu->tbc = NULL;
}

uint32_t tb_flags_for(const cpu_t *cpu)
{
    /* Bits 1:0 the TLB regime memory ops use, bit 2 whether FP/SIMD
     * instructions execute or trap (CPACR_EL1.FPEN at this EL). */
    uint32_t f = (uint32_t)cpu_mmu_idx(cpu) | (cpu_fp_enabled(cpu) ? TB_FLAG_FP : 0);
    /* Bit 3: single-stepping under a debugger (debug.c). */
    return unlikely(cpu->dbg_active) ? f | debug_tb_flags(cpu) : f;
}

static unsigned tb_hash(uint64_t pc, uint64_t phys_pc, uint32_t flags)
{
    uint64_t h = (pc >> 2) ^ (phys_pc >> 2) * 0x9e3779b97f4a7c15ull ^ flags;
    return (unsigned)(h ^ h >> 29) & (TB_HASH_SIZE - 1);
}

void tb_flush(cpu_t *cpu)
{
    tb_cache_t *c = cpu->tbc;
    c->used = 0;
    c->pending = NULL;
    memset(c->hash, 0, sizeof(c->hash));
    memset(c->page_tbs, 0, c->npages * sizeof(tb_t *));
    memset(cpu->jc, 0, sizeof(cpu->jc));
    cpu->chain_from = NULL;
    cpu->stats.tb_flushes++;
    /* Pages no longer hold code: let writes use the fast path again. */
    tlb_drop_all(cpu);
    jit_flush(cpu);
}

tb_t *tb_alloc(cpu_t *cpu, unsigned nops)
{
    tb_cache_t *c = cpu->tbc;
    size_t need = sizeof(tb_t) + nops * sizeof(op_t);
    /* Either store full: flush both (blocks' native code lives in the
     * backend's buffer, cpu/jit/). */
    if (c->used + need > TB_ARENA_SIZE || jit_needs_flush(cpu))
        tb_flush(cpu);
    tb_t *tb = (tb_t *)(c->arena + c->used);
    memset(tb, 0, sizeof(*tb));
    c->pending = tb;
    return tb;
}

bool tb_page_has_code(cpu_t *cpu, uint64_t ppage);
bool tb_page_has_code(cpu_t *cpu, uint64_t ppage)
{
    tb_cache_t *c = cpu->tbc;
    uint64_t idx = (ppage - cpu->pm->ram_base) >> TLB_PAGE_BITS;
    return ppage >= cpu->pm->ram_base && idx < c->npages && c->page_tbs[idx];
}

void tb_commit(cpu_t *cpu, tb_t *tb)
{
    tb_cache_t *c = cpu->tbc;
    size_t size = sizeof(tb_t) + tb->nops * sizeof(op_t);
    c->used += (size + 15) & ~(size_t)15;
    c->pending = NULL;
    tb->valid = true;
    unsigned h = tb_hash(tb->pc, tb->phys_pc, tb->flags);
    tb->hash_next = c->hash[h];
    c->hash[h] = tb;
    uint64_t page = (tb->phys_pc - cpu->pm->ram_base) >> TLB_PAGE_BITS;
    bool first = c->page_tbs[page] == NULL;
    tb->page_next = c->page_tbs[page];
    c->page_tbs[page] = tb;
    if (first)
        smp_protect_code_page(cpu, tb->phys_pc & TLB_PAGE_MASK);
    cpu->stats.tbs_translated++;
}

static void tb_unlink(cpu_t *cpu, tb_t *tb)
{
    tb_cache_t *c = cpu->tbc;
    tb->valid = false;
    tb_t **p = &c->hash[tb_hash(tb->pc, tb->phys_pc, tb->flags)];
    while (*p && *p != tb)
        p = &(*p)->hash_next;
    if (*p)
        *p = tb->hash_next;
    unsigned j = (unsigned)(tb->pc >> 2) & (JC_SIZE - 1);
    if (cpu->jc[j] == tb)
        cpu->jc[j] = NULL;
    cpu->stats.tb_invalidations++;
}

void tb_invalidate_phys_range(cpu_t *cpu, uint64_t pa, uint64_t len)
{
    tb_cache_t *c = cpu->tbc;
    physmap_t *pm = cpu->pm;
    if (len == 0 || !physmap_is_ram(pm, pa, 1))
        return;
    uint64_t end = pa + len;
    if (end > pm->ram_base + pm->ram_size || end < pa)
        end = pm->ram_base + pm->ram_size;
    for (uint64_t page = pa & TLB_PAGE_MASK; page < end; page += 1u << TLB_PAGE_BITS) {
        tb_t **p = &c->page_tbs[(page - pm->ram_base) >> TLB_PAGE_BITS];
        while (*p) {
            tb_t *tb = *p;
            uint64_t tb_end = tb->phys_pc + 4u * tb->ninsns;
            if (tb->phys_pc < end && pa < tb_end) {
                tb_unlink(cpu, tb);
                *p = tb->page_next;
            } else {
                p = &tb->page_next;
            }
        }
    }
}

/* physmap's code_write_hook (any CPU of the machine as opaque): a write that
 * bypassed the TLB fast path, by a CPU or by a device's DMA, reaches every
 * CPU's block cache. */
void cpu_code_write_hook(void *opaque, uint64_t pa, uint64_t len)
{
    cpu_t *cpu = opaque;
    uint64_t page = pa & TLB_PAGE_MASK;
    for (; page < pa + len; page += 1u << TLB_PAGE_BITS)
        if (smp_page_has_code(cpu, page)) {
            smp_tb_invalidate_phys_range(cpu, pa, len);
            return;
        }
}

tb_t *tb_find(cpu_t *cpu)
{
    uint64_t pc = cpu->pc;
    uint32_t flags = tb_flags_for(cpu);
    unsigned j = (unsigned)(pc >> 2) & (JC_SIZE - 1);
    tb_t *tb = cpu->jc[j];
    cpu->stats.tb_lookups++;
    int idx = cpu->el == 0 ? MMU_IDX_EL0 : MMU_IDX_EL1;
    tlb_entry_t *e = tlb_entry_for(cpu, idx, pc);
    /* A jump-cache hit is confirmed against the instruction TLB: the block's
     * physical page must be what pc translates to now. So an ASID switch
     * (KPTI makes two per syscall) needs no jump-cache flush, only the TLB
     * flush it has anyway; the blocks are found again without a hash walk. */
    bool jc_ok = tb && tb->pc == pc && tb->flags == flags && tb->valid;
    if (likely(jc_ok && tlb_exec_maps(cpu, e, pc, tb->phys_pc & TLB_PAGE_MASK))) {
        cpu->stats.tb_jc_hits++;
        return tb;
    }
    /* AArch64.PCAlignmentFault: checked at fetch, FAR = the bad PC. */
    if (pc & 3)
        cpu_raise_sync(cpu, pc, esr_make(EC_PC_ALIGN, true, 0), pc, true);

    if (e->tag_exec != (pc & TLB_PAGE_MASK)) {
        e = tlb_fill(cpu, pc, ACC_EXEC, idx, pc);
        if (e->tag_exec != (pc & TLB_PAGE_MASK)) {
            /* Executable mapping of something that is not RAM: the fetch
             * gets a synchronous external abort. */
            mmu_result_t r = { .fault = MMU_FAULT_EXTERNAL };
            if (trace_on(TRACE_UNIMP))
                trace_log("unimp: instruction fetch from non-RAM physical address 0x%010llx "
                          "(VA 0x%016llx) at EL%u\n", (unsigned long long)(tlb_cold_for(cpu, idx, pc)->ppage | (pc & ~TLB_PAGE_MASK)),
                          (unsigned long long)pc, cpu->el);
            cpu_raise_mmu_fault(cpu, pc, ACC_EXEC, &r, pc);
        }
    }
    uint64_t phys = tlb_cold_for(cpu, idx, pc)->ppage | (pc & ~TLB_PAGE_MASK);
    if (jc_ok && tb->phys_pc == phys) {
        cpu->stats.tb_jc_hits++; /* the jump cache was right; the TLB had lost the page */
        return tb;
    }
    tb_cache_t *c = cpu->tbc;
    for (tb = c->hash[tb_hash(pc, phys, flags)]; tb; tb = tb->hash_next)
        if (tb->pc == pc && tb->phys_pc == phys && tb->flags == flags)
            break;
    if (tb) {
        cpu->stats.tb_hash_hits++;
    } else {
        const uint8_t *host = (const uint8_t *)(uintptr_t)((pc & TLB_PAGE_MASK) + e->addend);
        uint64_t t0 = cpu_clock_ns();
        tb = tb_translate(cpu, pc, phys, flags, host);
        cpu->stats.translate_ns += cpu_clock_ns() - t0;
    }
    cpu->jc[j] = tb;
    return tb;
}
