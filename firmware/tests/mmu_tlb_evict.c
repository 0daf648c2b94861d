/* mmu_tlb_evict.c - translations that a TLB pushes out and brings back must
 * still obey TLBI. Many VAs 16 MiB apart (the same slot of any direct-mapped
 * TLB of up to 4096 pages) are read round and round, so entries move between
 * a TLB's slots and whatever it keeps evicted entries in (tinyvm's victim
 * TLB); then a remapped page must read its new target after TLBI VAE1, an
 * nG page after TLBI ASIDE1 and an ASID switch, and a page of a 2 MiB block
 * after a TLBI of another page of the block. The same with 100 nG pages (more
 * than tinyvm logs per ASID switch) across two ASIDs. */
#include "sys_common.h"

#define TEST_VA 0x4000000000ul
#define STRIDE (16ul << 20)   /* 4096 pages: one slot of a <= 4096-entry TLB */
#define NCONF 12              /* conflicting pages */
#define BLOCK_VA (TEST_VA + 0x20000000ul)
#define NG_VA (TEST_VA + 0x30000000ul)
#define NNG 100
#define BLK_X 0x48000000ul /* two 2 MiB-aligned RAM regions */
#define BLK_Y 0x48200000ul

static uint8_t *pages; /* NCONF + 2 + NNG + 1 pages of 4 KiB, page i holds 0xc000 + i */
static uint64_t page(unsigned i) { return (uint64_t)pages + 4096ul * i; }
static uint64_t rd(uint64_t va) { return *(volatile uint64_t *)va; }

#define TLBI(op, arg) __asm__ volatile("dsb ishst; tlbi " #op ", %0; dsb ish; isb" ::"r"((uint64_t)(arg)) : "memory")
static uint64_t op_va(uint64_t va, uint64_t asid) { return (va >> 12 & 0xfffffffffful) | asid << 48; }

static void set_pte(uint64_t *pte, uint64_t val)
{
    *(volatile uint64_t *)pte = val;
    DSB();
}

static uint64_t conf_va(unsigned i) { return TEST_VA + STRIDE * i; }

/* Read every conflicting page, rounds times; count wrong values. */
static uint64_t sweep(unsigned rounds, unsigned first)
{
    uint64_t bad = 0;
    for (unsigned r = 0; r < rounds; r++)
        for (unsigned i = first; i < NCONF; i++)
            bad += rd(conf_va(i)) != 0xc000 + i;
    return bad;
}

static void conflicts(pt_t *t1)
{
    show("conflicting pages, 3 rounds: wrong values", sweep(3, 0), 0);
    /* Page 0 is read, then pushed out by 1..8 (a victim TLB holds it). */
    uint64_t *pte0 = pt_slot(t1, conf_va(0), 3, 0);
    for (unsigned n = 1; n <= 8; n++) {
        set_pte(pte0, page(0) | NORMAL | PTE_PAGE);
        TLBI(vae1, op_va(conf_va(0), 0));
        rd(conf_va(0));
        for (unsigned i = 1; i <= n; i++)
            rd(conf_va(i));
        set_pte(pte0, page(NCONF) | NORMAL | PTE_PAGE);
        TLBI(vae1, op_va(conf_va(0), 0));
        fw_printf("after %u evictions: ", n);
        show("page 0 remapped, TLBI VAE1", rd(conf_va(0)), 0xc000 + NCONF);
    }
    /* The same by VAAE1 and VALE1 of a page just pushed out. */
    set_pte(pte0, page(0) | NORMAL | PTE_PAGE);
    TLBI(vaae1, op_va(conf_va(0), 0));
    show("page 0 back, TLBI VAAE1", rd(conf_va(0)), 0xc000);
    rd(conf_va(1));
    set_pte(pte0, page(NCONF + 1) | NORMAL | PTE_PAGE);
    TLBI(vale1, op_va(conf_va(0), 0));
    show("evicted page 0 remapped, TLBI VALE1", rd(conf_va(0)), 0xc000 + NCONF + 1);
    set_pte(pte0, page(0) | NORMAL | PTE_PAGE);
    TLBI(vae1, op_va(conf_va(0), 0));
    show("conflicting pages again: wrong values", sweep(2, 0), 0);
}

/* nG pages of ASID 1 pushed out, then ASID 2 with other tables. */
static void ng_conflicts(pt_t *t1, pt_t *t2)
{
    for (unsigned i = 0; i < 4; i++) {
        set_pte(pt_slot(t1, conf_va(i), 3, 0), page(i) | NORMAL | PTE_PAGE | PTE_NG);
        set_pte(pt_slot(t2, conf_va(i), 3, 0), page(i + 1) | NORMAL | PTE_PAGE | PTE_NG);
    }
    tlbi_all();
    SYSREG_WRITE(ttbr0_el1, (uint64_t)t1->root | 1ul << 48);
    ISB();
    uint64_t bad = 0;
    for (unsigned r = 0; r < 3; r++)
        for (unsigned i = 0; i < 4; i++)
            bad += rd(conf_va(i)) != 0xc000 + i;
    show("ASID 1, nG conflicting pages: wrong values", bad, 0);
    SYSREG_WRITE(ttbr0_el1, (uint64_t)t2->root | 2ul << 48);
    ISB();
    bad = 0;
    for (unsigned r = 0; r < 3; r++)
        for (unsigned i = 0; i < 4; i++)
            bad += rd(conf_va(i)) != 0xc000 + i + 1;
    show("ASID 2, same VAs: wrong values", bad, 0);
    /* ASID 1's page 0 remapped while ASID 2 runs; TLBI ASIDE1 1. */
    set_pte(pt_slot(t1, conf_va(0), 3, 0), page(NCONF) | NORMAL | PTE_PAGE | PTE_NG);
    TLBI(aside1, 1ul << 48);
    SYSREG_WRITE(ttbr0_el1, (uint64_t)t1->root | 1ul << 48);
    ISB();
    show("ASID 1 after TLBI ASIDE1: page 0", rd(conf_va(0)), 0xc000 + NCONF);
    show("ASID 1 after TLBI ASIDE1: page 3", rd(conf_va(3)), 0xc003);
    /* Push page 0 out again, remap it, TLBI ASIDE1 of the current ASID. */
    for (unsigned i = 1; i < 4; i++)
        rd(conf_va(i));
    set_pte(pt_slot(t1, conf_va(0), 3, 0), page(0) | NORMAL | PTE_PAGE | PTE_NG);
    TLBI(aside1, 1ul << 48);
    show("evicted nG page 0 after TLBI ASIDE1", rd(conf_va(0)), 0xc000);
    for (unsigned i = 0; i < 4; i++)
        set_pte(pt_slot(t1, conf_va(i), 3, 0), page(i) | NORMAL | PTE_PAGE);
    SYSREG_WRITE(ttbr0_el1, (uint64_t)t1->root);
    ISB();
    tlbi_all();
}

/* A piece of a block pushed out; a TLBI of another page of the block. */
static void block_piece(pt_t *t1)
{
    *(volatile uint64_t *)(BLK_X + 0x3000) = 0x13;
    *(volatile uint64_t *)(BLK_Y + 0x3000) = 0x23;
    uint64_t *b = pt_slot(t1, BLOCK_VA, 2, 0);
    set_pte(b, BLK_X | NORMAL | PTE_BLOCK);
    pt_map(t1, BLOCK_VA + 0x3000 + STRIDE, page(NCONF), 4096, 3, NORMAL);
    tlbi_all();
    show("block X at +0x3000", rd(BLOCK_VA + 0x3000), 0x13);
    show("conflicting page", rd(BLOCK_VA + 0x3000 + STRIDE), 0xc000 + NCONF);
    set_pte(b, BLK_Y | NORMAL | PTE_BLOCK);
    TLBI(vae1, op_va(BLOCK_VA + 0x1ff000, 0));
    show("block Y at +0x3000 after TLBI of the last page", rd(BLOCK_VA + 0x3000), 0x23);
    show("conflicting page again", rd(BLOCK_VA + 0x3000 + STRIDE), 0xc000 + NCONF);
    set_pte(b, 0);
    tlbi_all();
}

/* More nG pages than tinyvm logs for its ASID-switch flush. */
static void many_ng(pt_t *t1, pt_t *t2)
{
    unsigned base = NCONF + 2;
    for (unsigned i = 0; i < NNG; i++) {
        set_pte(pt_slot(t1, NG_VA + 4096ul * i, 3, 0), page(base + i) | NORMAL | PTE_PAGE | PTE_NG);
        set_pte(pt_slot(t2, NG_VA + 4096ul * i, 3, 0), page(base + i + 1) | NORMAL | PTE_PAGE | PTE_NG);
    }
    tlbi_all();
    for (unsigned round = 0; round < 2; round++) {
        SYSREG_WRITE(ttbr0_el1, (uint64_t)t1->root | 1ul << 48);
        ISB();
        uint64_t bad = 0;
        for (unsigned i = 0; i < NNG; i++)
            bad += rd(NG_VA + 4096ul * i) != 0xc000 + base + i;
        show("100 nG pages, ASID 1: wrong values", bad, 0);
        SYSREG_WRITE(ttbr0_el1, (uint64_t)t2->root | 2ul << 48);
        ISB();
        bad = 0;
        for (unsigned i = 0; i < NNG; i++)
            bad += rd(NG_VA + 4096ul * i) != 0xc000 + base + i + 1;
        show("100 nG pages, ASID 2: wrong values", bad, 0);
    }
    SYSREG_WRITE(ttbr0_el1, (uint64_t)t1->root);
    ISB();
    tlbi_all();
}

int fw_main(uint64_t dtb)
{
    (void)dtb;
    sys_init();
    pages = scratch(0);
    for (unsigned i = 0; i < NCONF + 2 + NNG + 1; i++)
        *(volatile uint64_t *)page(i) = 0xc000 + i;
    pt_t t1, t2;
    pt_init(&t1, 12, 39);
    pt_identity(&t1);
    pt_init(&t2, 12, 39);
    pt_identity(&t2);
    for (unsigned i = 0; i < NCONF; i++)
        pt_map(&t1, conf_va(i), page(i), 4096, 3, NORMAL);
    mmu_enable(tcr_for(12, 39) | 1ul << 23, (uint64_t)t1.root, 0);

    conflicts(&t1);
    ng_conflicts(&t1, &t2);
    block_piece(&t1);
    many_ng(&t1, &t2);
    mmu_disable();
    fw_printf("info: %d cases, %d page tables\n", ncases, pt_used);
    return 0;
}
