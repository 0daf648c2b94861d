/* mmu.c - stage-1 address translation of the EL1&0 regime
 * (AArch64.TranslateAddress / AArch64.TranslationTableWalk /
 * AArch64.CheckPermission, for a CPU without EL2, so there is no stage 2).
 *
 * What is implemented:
 *   - SCTLR_EL1.M = 0: flat mapping, address size fault above 48 bits,
 *     Device-nGnRnE for data and Normal memory for instruction fetches;
 *   - 4K, 16K and 64K granules (TCR_EL1.TG0/TG1; a reserved value acts as
 *     4K), T0SZ/T1SZ clamped to 16..39 (no FEAT_LVA/FEAT_TTST), TTBR0/TTBR1
 *     selected by VA bit 55, VAs in neither range -> translation fault at
 *     level 0, EPD0/EPD1, top-byte-ignore (TBI0/TBI1; with no FEAT_PAuth
 *     TBI covers instruction addresses too);
 *   - IPS/PARange output size (48 bits at most) with address size faults on
 *     the TTBR, table and block/page addresses;
 *   - table descriptors with APTable/UXNTable/PXNTable (ignored under
 *     TCR_EL1.HPD0/HPD1 with FEAT_HPDS; NSTable is meaningless without
 *     Secure state), block descriptors where the granule allows them, pages;
 *   - AP[2:1], UXN/PXN, SCTLR_EL1.WXN, EL0-writable memory being PXN,
 *     PSTATE.PAN for EL1 data accesses (MMU_IDX_EL1_PAN), the access flag
 *     (AF = 0 faults: no hardware AF/DBM management is advertised);
 *   - table walks read RAM directly; a walk outside RAM is a synchronous
 *     external abort on the walk (res->s1ptw marks "on the walk").
 */
#include <string.h>

#include "cpu_trace.h"
#include "sysreg.h"

#define PA_BITS 48
#define OA_MASK ((1ull << PA_BITS) - 1)

/* Granule of the VA's half (TCR_EL1.TG0 / TG1 encode differently). A
 * reserved value behaves as 4K, the IMPLEMENTATION DEFINED choice QEMU also
 * makes. */
static unsigned granule_of(uint64_t tcr, bool upper)
{
    if (upper) {
        switch (TCR_TG1(tcr)) {
        case 1: return 14;
        case 3: return 16;
        default: return 12; /* 2 = 4K, 0 = reserved */
        }
    }
    switch (TCR_TG0(tcr)) {
    case 1: return 16;
    case 2: return 14;
    default: return 12; /* 0 = 4K, 3 = reserved */
    }
}

unsigned mmu_granule_shift(const cpu_t *cpu, uint64_t va)
{
    if (!(cpu->sys.sctlr & SCTLR_M))
        return 12;
    return granule_of(cpu->sys.tcr, va >> 55 & 1);
}

uint32_t mmu_fault_status(const mmu_result_t *r)
{
    unsigned lvl = r->level & 3;
    switch (r->fault) {
    case MMU_FAULT_ADDRESS_SIZE: return 0x00 | lvl;
    case MMU_FAULT_TRANSLATION: return 0x04 | lvl;
    case MMU_FAULT_ACCESS_FLAG: return 0x08 | lvl;
    case MMU_FAULT_PERMISSION: return 0x0c | lvl;
    case MMU_FAULT_EXTERNAL: return r->s1ptw ? (0x14 | lvl) : 0x10;
    case MMU_FAULT_ALIGNMENT: return 0x21;
    default: return 0;
    }
}

/* TCR_EL1.IPS, limited by PARange (48 bits). */
static unsigned output_size(uint64_t tcr)
{
    static const uint8_t ps[8] = { 32, 36, 40, 42, 44, 48, 48, 48 };
    return ps[TCR_IPS(tcr)];
}

/* One descriptor of a table walk. false: not RAM (external abort). */
static bool read_desc(const cpu_t *cpu, uint64_t pa, uint64_t *desc)
{
    const physmap_t *pm = cpu->pm;
    if (!physmap_is_ram(pm, pa, 8))
        return false;
    memcpy(desc, pm->ram + (pa - pm->ram_base), 8); /* little-endian walks only: no BigEnd */
    return true;
}

static void fault(mmu_result_t *res, mmu_fault_t f, int level)
{
    res->fault = f;
    res->level = (uint8_t)level;
}

/* Block descriptors exist at level 1 and 2 with 4K, level 2 with 16K and
 * 64K (level 0/1 blocks need FEAT_LPA2 / FEAT_LPA). */
static bool block_allowed(unsigned gran, int level)
{
    return level == 2 || (gran == 12 && level == 1);
}

static void mmu_walk(cpu_t *cpu, uint64_t va, acc_t acc, int mmu_idx, mmu_result_t *res);

void mmu_translate(cpu_t *cpu, uint64_t va, acc_t acc, int mmu_idx, mmu_result_t *res)
{
    mmu_walk(cpu, va, acc, mmu_idx, res);
    if (trace_on(TRACE_MMU))
        cpu_trace_walk(cpu, va, acc, mmu_idx, res);
}

static void mmu_walk(cpu_t *cpu, uint64_t va, acc_t acc, int mmu_idx, mmu_result_t *res)
{
    static const uint8_t need[] = { TLB_PERM_R, TLB_PERM_W, TLB_PERM_X };
    memset(res, 0, sizeof(*res));
    res->page_shift = 12;
    uint64_t tcr = cpu->sys.tcr, sctlr = cpu->sys.sctlr;
    bool upper = va >> 55 & 1;
    /* AddrTop: bit 55 when the top byte is ignored, else 63. */
    bool tbi = tcr & (upper ? TCR_TBI1 : TCR_TBI0);
    unsigned top = tbi ? 55 : 63;

    if (!(sctlr & SCTLR_M)) {
        /* AArch64.TranslateAddressS1Off: PA = VA, whose bits top..48 must be
         * zero. Data accesses are Device-nGnRnE, fetches Normal memory. */
        uint64_t high = va >> PA_BITS & ((2ull << (top - PA_BITS)) - 1);
        if (high) {
            fault(res, MMU_FAULT_ADDRESS_SIZE, 0);
            return;
        }
        res->pa = va & OA_MASK;
        res->perms = TLB_PERM_R | TLB_PERM_W | TLB_PERM_X;
        res->attrs = acc == ACC_EXEC ? 0 : MMU_ATTR_DEVICE;
        return;
    }

    /* Which half, and is the VA inside it (AArch64.VAIsOutOfRange)? */
    unsigned tsz = upper ? TCR_T1SZ(tcr) : TCR_T0SZ(tcr);
    if (tsz < 16)
        tsz = 16; /* IMPLEMENTATION DEFINED: treated as the limit */
    if (tsz > 39)
        tsz = 39;
    unsigned inputsize = 64 - tsz;
    uint64_t range = va >> inputsize & ((2ull << (top - inputsize)) - 1);
    uint64_t ones = (2ull << (top - inputsize)) - 1;
    if (range != (upper ? ones : 0) || (tcr & (upper ? TCR_EPD1 : TCR_EPD0))) {
        fault(res, MMU_FAULT_TRANSLATION, 0);
        return;
    }

    unsigned gran = granule_of(tcr, upper);
    unsigned stride = gran - 3;
    int start = 3 - (int)((inputsize - gran - 1) / stride); /* ceil((inputsize - gran) / stride) levels */
    int level = start;
    res->first_level = (uint8_t)start;
    unsigned outsize = output_size(tcr);
    uint64_t ttbr = upper ? cpu->sys.ttbr1 : cpu->sys.ttbr0;
    bool hpd = cpu_has_hpds(cpu) && (tcr & (upper ? TCR_HPD1 : TCR_HPD0));

    /* TTBR BADDR: bits 47:1, the low bits up to the table size ignored
     * (they are RES0; we treat them as zero, as QEMU does). */
    unsigned first_bits = inputsize - (gran + (unsigned)(3 - start) * stride);
    uint64_t table = ttbr & OA_MASK & ~((8ull << first_bits) - 1);
    if (table >> outsize) {
        fault(res, MMU_FAULT_ADDRESS_SIZE, 0);
        return;
    }

    unsigned aptable = 0; /* bit 0: no EL0 access, bit 1: read-only */
    bool pxntable = false, uxntable = false;
    uint64_t desc;
    unsigned shift;
    for (;;) {
        shift = gran + (unsigned)(3 - level) * stride;
        unsigned nbits = level == start ? inputsize - shift : stride;
        uint64_t index = va >> shift & ((1ull << nbits) - 1);
        if (!read_desc(cpu, table + index * 8, &desc)) {
            res->s1ptw = true;
            fault(res, MMU_FAULT_EXTERNAL, level);
            return;
        }
        /* Invalid, or the reserved level-3 encoding 0b01. */
        if (!(desc & 1) || (level == 3 && !(desc & 2))) {
            fault(res, MMU_FAULT_TRANSLATION, level);
            return;
        }
        if (level < 3 && (desc & 2)) {
            /* Table descriptor: next-level table address 47:granule. */
            uint64_t next = desc & OA_MASK & ~((1ull << gran) - 1);
            if (next >> outsize) {
                fault(res, MMU_FAULT_ADDRESS_SIZE, level);
                return;
            }
            if (!hpd) {
                aptable |= (unsigned)(desc >> 61 & 3);
                uxntable |= desc >> 60 & 1;
                pxntable |= desc >> 59 & 1;
            }
            table = next;
            level++;
            continue;
        }
        if (level < 3 && !block_allowed(gran, level)) {
            fault(res, MMU_FAULT_TRANSLATION, level);
            return;
        }
        break;
    }

    uint64_t oa = desc & OA_MASK & ~((1ull << shift) - 1);
    if (oa >> outsize) {
        fault(res, MMU_FAULT_ADDRESS_SIZE, level);
        return;
    }
    res->level = (uint8_t)level;
    res->pa = oa | (va & ((1ull << shift) - 1));
    res->page_shift = (uint8_t)shift;
    res->attrs = (uint32_t)(desc >> 2 & 7) | (uint32_t)(desc >> 8 & 3) << 8 |
                 (desc & (1u << 11) ? MMU_ATTR_NG : 0) | (shift > gran ? MMU_ATTR_BLOCK : 0);

    /* AArch64.CheckPermission for the EL1&0 regime, with the hierarchical
     * APTable folded in: APTable[0] removes EL0 access, APTable[1] write. */
    unsigned ap = (unsigned)(desc >> 6 & 3); /* AP[2:1] */
    if (aptable & 1)
        ap &= ~1u;
    if (aptable & 2)
        ap |= 2u;
    bool uxn = (desc >> 54 & 1) || uxntable;
    bool pxn = (desc >> 53 & 1) || pxntable;
    bool wxn = sctlr & SCTLR_WXN;
    bool user_r = ap & 1, user_w = ap == 1;
    bool priv_r = true, priv_w = !(ap & 2);
    unsigned perms;
    if (mmu_idx == MMU_IDX_EL0) {
        bool xn = uxn || (user_w && wxn);
        perms = (user_r ? TLB_PERM_R : 0) | (user_w ? TLB_PERM_W : 0) | (xn ? 0 : TLB_PERM_X);
    } else {
        /* Memory writable at EL0 is never executable at EL1. */
        bool xn = pxn || (priv_w && wxn) || user_w;
        if (mmu_idx == MMU_IDX_EL1_PAN && user_r)
            priv_r = priv_w = false; /* PAN: data accesses only, fetches unaffected */
        perms = (priv_r ? TLB_PERM_R : 0) | (priv_w ? TLB_PERM_W : 0) | (xn ? 0 : TLB_PERM_X);
    }
    res->perms = (uint8_t)perms;

    /* Access flag faults take priority over permission faults. */
    if (!(desc & (1u << 10))) {
        fault(res, MMU_FAULT_ACCESS_FLAG, level);
        return;
    }
    if (!(perms & need[acc])) {
        fault(res, MMU_FAULT_PERMISSION, level);
        return;
    }
    /* What the TLB must know to invalidate this translation exactly. */
    if (shift > gran)
        tlb_note_block(cpu, mmu_idx, va, shift);
    if (desc & (1u << 11))
        tlb_note_nonglobal(cpu, mmu_idx, va);
}

/* AT S1E1R/W, S1E0R/W (AArch64.AT_S1Ex): translate without taking an
 * exception and report in PAR_EL1 format. (The caller takes the one fault
 * AT does raise, an external abort on the walk, before asking for a PAR.) */
uint64_t mmu_at(cpu_t *cpu, uint64_t va, acc_t acc, int mmu_idx)
{
    mmu_result_t r;
    mmu_translate(cpu, va, acc, mmu_idx, &r);
    return mmu_par(cpu, &r);
}

uint64_t mmu_par(const cpu_t *cpu, const mmu_result_t *res)
{
    mmu_result_t r = *res;
    if (r.fault != MMU_FAULT_NONE) {
        /* F = 1, FST 6:1, PTW 8 (stage 2 only: 0), S 9 (stage 2: 0), RES1 11. */
        return 1 | (uint64_t)mmu_fault_status(&r) << 1 | 1ull << 11;
    }
    uint64_t attr, sh;
    if (r.attrs & MMU_ATTR_DEVICE) {
        attr = 0x00; /* Device-nGnRnE */
        sh = 2;
    } else {
        attr = cpu->sys.mair >> (8 * (r.attrs & 7)) & 0xff;
        sh = r.attrs >> 8 & 3;
        /* Device and Normal Non-cacheable memory is Outer Shareable. */
        if ((attr & 0xf0) == 0 || attr == 0x44)
            sh = 2;
    }
    /* PA 47:12, NS 9 (Non-secure: there is no Secure state), SH 8:7,
     * RES1 11, ATTR 63:56. */
    return (r.pa & OA_MASK & ~0xfffull) | attr << 56 | sh << 7 | 1ull << 9 | 1ull << 11;
}
