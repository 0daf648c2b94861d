/* tlb.c - the software TLB and the slow path of guest memory accesses. */
#include <string.h>

#include "cpu_trace.h"
#include "mem_access.h"
#include "sysreg.h"
#include "smp.h"
#include "tb.h"

/* ---- invalidation (TLBI semantics: see sysreg.c for the instructions) ----
 *
 * The soft TLB is indexed and tagged by VA only. Two invariants make TLBI by
 * ASID and by VA exact without ASID tags:
 *   - it holds non-global entries of the current ASID only: a TTBR/TCR
 *     write that changes the ASID in use drops them (tlb_flush_nonglobal);
 *     entries remember nG in attrs (MMU_ATTR_NG);
 *   - a mapping larger than 4 KiB is cached in 4 KiB pieces. Pieces of one
 *     translation granule (16K/64K) are found from the VA; pieces of block
 *     mappings are tracked per regime as one aligned VA region covering all
 *     of them (tlb_large_base/mask): a TLBI by VA inside it drops the regime.
 * The slots that received non-global entries are marked in a bitmap, so the
 * flush at an ASID switch visits only those instead of the whole TLB.
 * Each regime also has a small fully associative victim TLB (as QEMU's
 * CPUTLBDesc vtable): a fill moves the entry it replaces there, and a miss
 * looks there before walking. Every flush visits the victims too (they are
 * few): by VA, by ASID (nG), whole regime, code-page write protection.
 * The top byte of a VA is ignored when matching (TBI makes tagged VAs of
 * one page distinct entries). The jump cache maps VAs to blocks found
 * through these translations, so it is cleared with them. */

#define VA_NOTAG 0x00ffffffffffffffull

static void tlb_large_reset(cpu_t *cpu, int idx)
{
    cpu->tlb_large_base[idx] = TLB_INVALID;
    cpu->tlb_large_mask[idx] = 0;
}

void tlb_flush_all(cpu_t *cpu)
{
    cpu->stats.tlb_flushes++;
    if (trace_on(TRACE_MMU))
        cpu_trace_tlb_flush(cpu, "all", UINT64_MAX);
    tlb_drop_all(cpu);
    memset(cpu->jc, 0, sizeof(cpu->jc));
}

/* Every entry of every regime, without counting a flush: TLBI VMALLE1,
 * SCTLR/TTBR changes that need it, and tb_flush (pages no longer hold code,
 * so writes may use the fast path again). */
void tlb_drop_all(cpu_t *cpu)
{
    memset(cpu->tlb, 0xff, sizeof(cpu->tlb));
    memset(cpu->tlb_victim, 0xff, sizeof(cpu->tlb_victim));
    memset(cpu->tlb_ng_map, 0, sizeof(cpu->tlb_ng_map));
    for (int i = 0; i < MMU_IDX_COUNT; i++) {
        for (unsigned j = 0; j < TLB_SIZE; j++)
            cpu->tlb_cold[i][j].vpage = TLB_INVALID;
        for (unsigned k = 0; k < TLB_VICTIM; k++)
            cpu->tlb_victim_cold[i][k].vpage = TLB_INVALID;
        tlb_large_reset(cpu, i);
    }
}

static void tlb_drop_entry(cpu_t *cpu, int idx, unsigned slot)
{
    memset(&cpu->tlb[idx][slot], 0xff, sizeof(tlb_entry_t));
    cpu->tlb_cold[idx][slot].vpage = TLB_INVALID;
}

static void tlb_drop_victim(cpu_t *cpu, int idx, unsigned k)
{
    memset(&cpu->tlb_victim[idx][k], 0xff, sizeof(tlb_entry_t));
    cpu->tlb_victim_cold[idx][k].vpage = TLB_INVALID;
}

/* Every entry of regime idx (tlb_flush_va inside a block region). */
static void tlb_drop_regime(cpu_t *cpu, int idx)
{
    memset(cpu->tlb[idx], 0xff, sizeof(cpu->tlb[idx]));
    for (unsigned j = 0; j < TLB_SIZE; j++)
        cpu->tlb_cold[idx][j].vpage = TLB_INVALID;
    for (unsigned k = 0; k < TLB_VICTIM; k++)
        tlb_drop_victim(cpu, idx, k);
    tlb_large_reset(cpu, idx);
}

static void flush_if_ng(cpu_t *cpu, int idx, unsigned slot)
{
    const tlb_cold_t *c = &cpu->tlb_cold[idx][slot];
    if (c->vpage != TLB_INVALID && (c->attrs & MMU_ATTR_NG))
        tlb_drop_entry(cpu, idx, slot);
}

/* Every entry of the current ASID that is not global (ASID switch, TLBI
 * ASIDE1 of the current ASID). Global (kernel) entries stay. Non-global
 * entries can only be in the slots marked in tlb_ng_map since the last such
 * flush (tlb_note_nonglobal), or among the victims. */
void tlb_flush_nonglobal(cpu_t *cpu)
{
    for (int i = 0; i < MMU_IDX_COUNT; i++) {
        for (unsigned w = 0; w < TLB_SIZE / 64; w++) {
            uint64_t bits = cpu->tlb_ng_map[i][w];
            cpu->tlb_ng_map[i][w] = 0;
            while (bits) {
                unsigned b = (unsigned)__builtin_ctzll(bits);
                bits &= bits - 1;
                flush_if_ng(cpu, i, w * 64 + b);
            }
        }
        for (unsigned k = 0; k < TLB_VICTIM; k++) {
            const tlb_cold_t *c = &cpu->tlb_victim_cold[i][k];
            if (c->vpage != TLB_INVALID && (c->attrs & MMU_ATTR_NG))
                tlb_drop_victim(cpu, i, k);
        }
    }
    /* The jump cache stays: tb_find checks every hit against the TLB. */
}

/* A non-global translation of va for regime idx is about to be cached.
 * (An entry that goes to the victims and comes back returns to this same
 * slot, so the mark still covers it.) */
void tlb_note_nonglobal(cpu_t *cpu, int idx, uint64_t va)
{
    if (idx < 0 || idx >= MMU_IDX_COUNT)
        return;
    unsigned slot = (unsigned)(va >> TLB_PAGE_BITS) & (TLB_SIZE - 1);
    cpu->tlb_ng_map[idx][slot / 64] |= 1ull << (slot % 64);
}

/* A block mapping of size 1 << page_shift at va was translated for regime
 * idx: widen the region that holds every cached block piece. */
void tlb_note_block(cpu_t *cpu, int idx, uint64_t va, unsigned page_shift)
{
    if (idx < 0 || idx >= MMU_IDX_COUNT)
        return;
    uint64_t v = va & VA_NOTAG;
    uint64_t m = ~((1ull << page_shift) - 1);
    if (cpu->tlb_large_base[idx] == TLB_INVALID) {
        cpu->tlb_large_base[idx] = v & m;
        cpu->tlb_large_mask[idx] = m;
        return;
    }
    m &= cpu->tlb_large_mask[idx];
    while ((cpu->tlb_large_base[idx] & m) != (v & m))
        m <<= 1;
    cpu->tlb_large_mask[idx] = m;
    cpu->tlb_large_base[idx] &= m;
}

/* With 8-bit ASIDs (TCR_EL1.AS = 0) ASID[15:8] is ignored everywhere. */
static uint16_t asid_bits(const cpu_t *cpu, uint16_t asid)
{
    return cpu->sys.tcr & TCR_AS ? asid : (uint8_t)asid;
}

void tlb_flush_va(cpu_t *cpu, uint64_t va, uint16_t asid, bool all_asids)
{
    cpu->stats.tlb_flushes++;
    if (trace_on(TRACE_MMU))
        cpu_trace_tlb_flush(cpu, all_asids ? "va (all ASIDs)" : "va", va);
    bool ng_too = all_asids || asid_bits(cpu, asid) == sysreg_current_asid(cpu);
    unsigned gshift = mmu_granule_shift(cpu, va);
    uint64_t page = va & VA_NOTAG & ~((1ull << gshift) - 1);
    unsigned pieces = 1u << (gshift - TLB_PAGE_BITS);
    bool jc_all = pieces << (TLB_PAGE_BITS - 2) >= JC_SIZE;
    for (int i = 0; i < MMU_IDX_COUNT; i++) {
        if (cpu->tlb_large_base[i] != TLB_INVALID &&
            (page & cpu->tlb_large_mask[i]) == cpu->tlb_large_base[i]) {
            /* Inside a region that may hold block pieces: forget the
             * regime (a TLB may drop any entry at any time). */
            tlb_drop_regime(cpu, i);
            jc_all = true;
            continue;
        }
        for (unsigned p = 0; p < pieces; p++) {
            uint64_t v = page + ((uint64_t)p << TLB_PAGE_BITS);
            unsigned slot = (unsigned)(v >> TLB_PAGE_BITS) & (TLB_SIZE - 1);
            const tlb_cold_t *c = &cpu->tlb_cold[i][slot];
            if (c->vpage != TLB_INVALID && ((c->vpage ^ v) & VA_NOTAG) == 0 &&
                (ng_too || !(c->attrs & MMU_ATTR_NG)))
                tlb_drop_entry(cpu, i, slot);
        }
        for (unsigned k = 0; k < TLB_VICTIM; k++) {
            const tlb_cold_t *c = &cpu->tlb_victim_cold[i][k];
            if (c->vpage != TLB_INVALID && ((c->vpage & VA_NOTAG) >> gshift) == page >> gshift &&
                (ng_too || !(c->attrs & MMU_ATTR_NG)))
                tlb_drop_victim(cpu, i, k);
        }
    }
    if (jc_all) {
        memset(cpu->jc, 0, sizeof(cpu->jc));
        return;
    }
    /* Jump-cache slots of the page: the index is (pc >> 2), so one 4 KiB
     * page covers 1024 consecutive slots (modulo the cache size). */
    unsigned first = (unsigned)(page >> 2) & (JC_SIZE - 1);
    for (unsigned i = 0; i < (pieces << (TLB_PAGE_BITS - 2)); i++)
        cpu->jc[(first + i) & (JC_SIZE - 1)] = NULL;
}

/* The page holding va, every regime, every ASID (TLBI VAAE1). */
void tlb_flush_page(cpu_t *cpu, uint64_t va)
{
    tlb_flush_va(cpu, va, 0, true);
}

/* TLBI ASIDE1: the TLB holds non-global entries of the current ASID only,
 * so another ASID has nothing here to drop. */
void tlb_flush_asid(cpu_t *cpu, uint16_t asid)
{
    cpu->stats.tlb_flushes++;
    if (trace_on(TRACE_MMU))
        cpu_trace_tlb_flush(cpu, "asid", asid);
    if (asid_bits(cpu, asid) == sysreg_current_asid(cpu))
        tlb_flush_nonglobal(cpu);
}

void tlb_protect_code_page(cpu_t *cpu, uint64_t ppage)
{
    for (int i = 0; i < MMU_IDX_COUNT; i++)
        for (unsigned j = 0; j < TLB_SIZE; j++)
            if (cpu->tlb_cold[i][j].ppage == ppage && cpu->tlb_cold[i][j].vpage != TLB_INVALID)
                cpu->tlb[i][j].tag_write = TLB_INVALID;
    for (int i = 0; i < MMU_IDX_COUNT; i++)
        for (unsigned k = 0; k < TLB_VICTIM; k++)
            if (cpu->tlb_victim_cold[i][k].ppage == ppage &&
                cpu->tlb_victim_cold[i][k].vpage != TLB_INVALID)
                cpu->tlb_victim[i][k].tag_write = TLB_INVALID;
}

bool tb_page_has_code(cpu_t *cpu, uint64_t ppage);

static const uint8_t acc_perm[] = { TLB_PERM_R, TLB_PERM_W, TLB_PERM_X };

static void swap_entries(tlb_entry_t *a, tlb_cold_t *ac, tlb_entry_t *b, tlb_cold_t *bc)
{
    tlb_entry_t t = *a;
    tlb_cold_t tc = *ac;
    *a = *b;
    *ac = *bc;
    *b = t;
    *bc = tc;
}

tlb_entry_t *tlb_fill(cpu_t *cpu, uint64_t va, acc_t acc, int mmu_idx, uint64_t pc)
{
    tlb_entry_t *e = tlb_entry_for(cpu, mmu_idx, va);
    tlb_cold_t *c = tlb_cold_for(cpu, mmu_idx, va);
    uint64_t vpage = va & TLB_PAGE_MASK;

    /* The victim TLB first: a hit that grants acc swaps with the slot. */
    int vk = -1;
    for (unsigned k = 0; k < TLB_VICTIM; k++)
        if (cpu->tlb_victim_cold[mmu_idx][k].vpage == vpage) {
            vk = (int)k;
            break;
        }
    if (vk >= 0 && (cpu->tlb_victim_cold[mmu_idx][vk].perms & acc_perm[acc])) {
        swap_entries(e, c, &cpu->tlb_victim[mmu_idx][vk], &cpu->tlb_victim_cold[mmu_idx][vk]);
        cpu->stats.tlb_victim_hits++;
        return e;
    }

    mmu_result_t r;
    mmu_translate(cpu, va, acc, mmu_idx, &r);
    if (r.fault != MMU_FAULT_NONE)
        cpu_raise_mmu_fault(cpu, va, acc, &r, pc);
    cpu->stats.tlb_misses++;

    if (vk >= 0) {
        /* An older translation of this page that lacked the permission:
         * the new one replaces it (one place per VA page). */
        tlb_drop_victim(cpu, mmu_idx, (unsigned)vk);
    } else if (c->vpage != TLB_INVALID && c->vpage != vpage) {
        unsigned k = cpu->tlb_victim_next[mmu_idx];
        cpu->tlb_victim_next[mmu_idx] = (uint8_t)((k + 1) % TLB_VICTIM);
        cpu->tlb_victim[mmu_idx][k] = *e;
        cpu->tlb_victim_cold[mmu_idx][k] = *c;
    }

    uint64_t ppage = r.pa & TLB_PAGE_MASK;
    physmap_t *pm = cpu->pm;
    bool ram = physmap_is_ram(pm, ppage, 1u << TLB_PAGE_BITS);
    c->vpage = vpage;
    c->ppage = ppage;
    c->perms = r.perms;
    c->is_ram = ram;
    c->level = r.level;
    c->page_shift = r.page_shift;
    c->attrs = r.attrs;
    e->addend = ram ? (uintptr_t)(pm->ram + (ppage - pm->ram_base)) - (uintptr_t)vpage : 0;
    e->tag_read = ram && (r.perms & TLB_PERM_R) ? vpage : TLB_INVALID;
    e->tag_write = ram && (r.perms & TLB_PERM_W) && !smp_page_has_code(cpu, ppage) ? vpage : TLB_INVALID;
    e->tag_exec = ram && (r.perms & TLB_PERM_X) ? vpage : TLB_INVALID;
    /* A watched page: every data access goes to the slow path (debug.c). */
    if (unlikely(cpu->dbg.nwp) && debug_page_watched(cpu, vpage))
        e->tag_read = e->tag_write = TLB_INVALID;
    return e;
}

/* The entry for va if it is present and grants acc; else fill (or fault). */
static tlb_entry_t *tlb_get(cpu_t *cpu, uint64_t va, acc_t acc, int mmu_idx, uint64_t pc)
{
    const tlb_cold_t *c = tlb_cold_for(cpu, mmu_idx, va);
    if (c->vpage == (va & TLB_PAGE_MASK) && (c->perms & acc_perm[acc]))
        return tlb_entry_for(cpu, mmu_idx, va);
    return tlb_fill(cpu, va, acc, mmu_idx, pc);
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
    /* ESR.S1PTW reports stage-2 faults on a stage-1 walk; without stage 2
     * it stays 0 (the walk itself shows in the DFSC: 0x14 | level). */
    if (r->fault == MMU_FAULT_EXTERNAL)
        iss |= 1u << 9; /* EA */
    cpu_raise_sync(cpu, pc, esr_make(ec, true, iss), va, true);
}

static _Noreturn void raise_external(cpu_t *cpu, uint64_t va, acc_t acc, uint64_t pc)
{
    mmu_result_t r = { .fault = MMU_FAULT_EXTERNAL };
    cpu_raise_mmu_fault(cpu, va, acc, &r, pc);
}

/* The physical access behind a slow-path load/store that is not plain RAM:
 * a device register (timed for --stats), RAM holding code, or nothing. */
static mem_result_t mmio_access(cpu_t *cpu, int mmu_idx, uint64_t va, unsigned size,
                                uint64_t *val, bool write, uint64_t pc)
{
    const tlb_cold_t *c = tlb_cold_for(cpu, mmu_idx, va);
    uint64_t pa = c->ppage | (va & ~TLB_PAGE_MASK);
    if (c->is_ram)
        return write ? physmap_write(cpu->pm, pa, size, *val) : physmap_read(cpu->pm, pa, size, val);
    uint64_t t0 = cpu_clock_ns();
    mem_result_t rc = write ? physmap_write(cpu->pm, pa, size, *val) : physmap_read(cpu->pm, pa, size, val);
    cpu->stats.mmio_ns += cpu_clock_ns() - t0;
    cpu->stats.mmio_accesses++;
    if (rc != MEM_OK && trace_on(TRACE_UNIMP))
        trace_log("unimp: %s of %u bytes at %s physical address 0x%010llx (VA 0x%016llx) "
                  "at EL%u PC 0x%016llx\n", write ? "write" : "read", size,
                  rc == MEM_ERR_UNMAPPED ? "unmapped" : "a refused device", (unsigned long long)pa,
                  (unsigned long long)va, cpu->el, (unsigned long long)pc);
    return rc;
}

/* A RAM access of a run-time size as one constant-size host access: a
 * memcpy of variable size would be a call into the C library's generic copy
 * (it showed up as memmove in the pointer-chase profile). */
static uint64_t host_load(const uint8_t *h, unsigned size)
{
    switch (size) {
    case 1: return host_ld8(h);
    case 2: return host_ld16(h);
    case 4: return host_ld32(h);
    default: return host_ld64(h);
    }
}

static void host_store(uint8_t *h, unsigned size, uint64_t val)
{
    switch (size) {
    case 1: host_st8(h, val); break;
    case 2: host_st16(h, val); break;
    case 4: host_st32(h, val); break;
    default: host_st64(h, val); break;
    }
}

uint64_t cpu_mem_read_slow(cpu_t *cpu, uint64_t va, unsigned size, int mmu_idx, uint64_t pc)
{
    if (unlikely(cpu->dbg.nwp))
        debug_check_watch(cpu, va, size, ACC_READ, pc);
    if (!tlb_in_page(va, size)) {
        /* Split a page-crossing access into bytes; each half translates on
         * its own, so a fault reports the address in the faulting page. */
        uint64_t v = 0;
        for (unsigned i = 0; i < size; i++)
            v |= cpu_mem_read_slow(cpu, va + i, 1, mmu_idx, pc) << (8 * i);
        return v;
    }
    tlb_entry_t *e = tlb_get(cpu, va, ACC_READ, mmu_idx, pc);
    if (e->tag_read == (va & TLB_PAGE_MASK))
        return host_load((const uint8_t *)(uintptr_t)(va + e->addend), size);
    uint64_t v;
    if (mmio_access(cpu, mmu_idx, va, size, &v, false, pc) != MEM_OK)
        raise_external(cpu, va, ACC_READ, pc);
    return v;
}

void cpu_mem_write_slow(cpu_t *cpu, uint64_t va, unsigned size, uint64_t val, int mmu_idx,
                        uint64_t pc)
{
    if (unlikely(cpu->dbg.nwp))
        debug_check_watch(cpu, va, size, ACC_WRITE, pc);
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
        host_store((uint8_t *)(uintptr_t)(va + e->addend), size, val);
        return;
    }
    /* RAM holding code, or MMIO: physmap_write tells the TB cache. */
    if (mmio_access(cpu, mmu_idx, va, size, &val, true, pc) != MEM_OK)
        raise_external(cpu, va, ACC_WRITE, pc);
}

void *cpu_mem_host_ptr(cpu_t *cpu, uint64_t va, unsigned size, acc_t acc, int mmu_idx,
                       uint64_t pc)
{
    tlb_entry_t *e = tlb_get(cpu, va, acc, mmu_idx, pc);
    if (unlikely(cpu->dbg.nwp))
        debug_check_watch(cpu, va, size, acc, pc);
    const tlb_cold_t *c = tlb_cold_for(cpu, mmu_idx, va);
    if (!c->is_ram)
        return NULL;
    if (acc == ACC_WRITE && e->tag_write != (va & TLB_PAGE_MASK))
        smp_tb_invalidate_phys_range(cpu, c->ppage | (va & ~TLB_PAGE_MASK), size);
    return (void *)(uintptr_t)(va + e->addend);
}
