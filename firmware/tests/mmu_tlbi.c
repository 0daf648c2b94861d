/* mmu_tlbi.c - TLB maintenance: a changed mapping may keep translating the
 * old way until the right TLBI, and is used after it. TLBI VAE1/VALE1/
 * VAAE1/VAALE1 (local and inner-shareable), ASIDE1, VMALLE1; ASID-tagged
 * (nG) entries across TTBR0 switches; TLBI by VA of one address inside a
 * block mapping and of a 64K page (the whole block/page goes). */
#include "sys_common.h"

#define TEST_VA 0x4000000000ul
#define BLOCK_VA 0x2000000000ul
#define BLK_X 0x48000000ul /* two 2 MiB-aligned RAM regions for block tests */
#define BLK_Y 0x48200000ul

static uint8_t *pg; /* 3 pages of 64 KiB: A, B, C */
static uint64_t page(int i) { return (uint64_t)pg + 65536ul * (uint64_t)i; }

static uint64_t rd(uint64_t va) { return *(volatile uint64_t *)va; }

#define TLBI(op, arg) __asm__ volatile("dsb ishst; tlbi " #op ", %0; dsb ish; isb" ::"r"((uint64_t)(arg)) : "memory")
#define TLBI0(op) __asm__ volatile("dsb ishst; tlbi " #op "; dsb ish; isb" ::: "memory")

static uint64_t op_va(uint64_t va, uint64_t asid) { return (va >> 12 & 0xfffffffffful) | asid << 48; }

static void set_pte(uint64_t *pte, uint64_t val)
{
    *(volatile uint64_t *)pte = val;
    DSB();
}

/* Remap TEST_VA page from A to B, show the read after the TLBI given. */
#define REMAP_CASE(name, tlbi_stmt, va, pte, from, to)                               \
    do {                                                                             \
        set_pte(pte, page(from) | NORMAL | PTE_PAGE);                                \
        TLBI0(vmalle1);                                                              \
        show(name ": before", rd(va), 0xa0 + (uint64_t)(from));                      \
        set_pte(pte, page(to) | NORMAL | PTE_PAGE);                                  \
        fw_printf("info: " name ": without TLBI reads 0x%lx\n", (unsigned long)rd(va)); \
        tlbi_stmt;                                                                   \
        show(name ": after", rd(va), 0xa0 + (uint64_t)(to));                         \
    } while (0)

static void page_tlbis(pt_t *pt)
{
    uint64_t *pte = pt_slot(pt, TEST_VA, 3, 0);
    REMAP_CASE("TLBI VAE1", TLBI(vae1, op_va(TEST_VA, 0)), TEST_VA, pte, 0, 1);
    REMAP_CASE("TLBI VAE1IS", TLBI(vae1is, op_va(TEST_VA, 0)), TEST_VA, pte, 1, 0);
    REMAP_CASE("TLBI VALE1", TLBI(vale1, op_va(TEST_VA, 0)), TEST_VA, pte, 0, 1);
    REMAP_CASE("TLBI VALE1IS", TLBI(vale1is, op_va(TEST_VA, 0)), TEST_VA, pte, 1, 0);
    REMAP_CASE("TLBI VAAE1", TLBI(vaae1, op_va(TEST_VA, 0)), TEST_VA, pte, 0, 1);
    REMAP_CASE("TLBI VAAE1IS", TLBI(vaae1is, op_va(TEST_VA, 0)), TEST_VA, pte, 1, 0);
    REMAP_CASE("TLBI VAALE1", TLBI(vaale1, op_va(TEST_VA, 0)), TEST_VA, pte, 0, 1);
    REMAP_CASE("TLBI VAALE1IS", TLBI(vaale1is, op_va(TEST_VA, 0)), TEST_VA, pte, 1, 0);
    REMAP_CASE("TLBI VMALLE1", TLBI0(vmalle1), TEST_VA, pte, 0, 1);
    REMAP_CASE("TLBI VMALLE1IS", TLBI0(vmalle1is), TEST_VA, pte, 1, 0);
    /* VAE1 names an ASID, but global entries go whatever the ASID. */
    REMAP_CASE("TLBI VAE1, other ASID, global entry", TLBI(vae1, op_va(TEST_VA, 0x55)), TEST_VA, pte, 0, 1);
    /* The ASID operand does not matter for VAAE1 either. */
    REMAP_CASE("TLBI VAAE1, ASID bits set", TLBI(vaae1, op_va(TEST_VA, 0x77)), TEST_VA, pte, 1, 0);
    /* TLBI of a different page leaves this one possibly stale; then the
     * right one. */
    set_pte(pte, page(0) | NORMAL | PTE_PAGE);
    TLBI0(vmalle1);
    show("neighbour: before", rd(TEST_VA), 0xa0);
    set_pte(pte, page(2) | NORMAL | PTE_PAGE);
    TLBI(vae1, op_va(TEST_VA + 0x1000, 0));
    fw_printf("info: neighbour TLBI: reads 0x%lx\n", (unsigned long)rd(TEST_VA));
    TLBI(vae1, op_va(TEST_VA, 0));
    show("neighbour: after own TLBI", rd(TEST_VA), 0xa2);
}

static void asids(pt_t *t1, pt_t *t2)
{
    uint64_t *p1 = pt_slot(t1, TEST_VA, 3, 0), *p2 = pt_slot(t2, TEST_VA, 3, 0);
    set_pte(p1, page(0) | NORMAL | PTE_PAGE | PTE_NG);
    set_pte(p2, page(1) | NORMAL | PTE_PAGE | PTE_NG);
    TLBI0(vmalle1);
    SYSREG_WRITE(ttbr0_el1, (uint64_t)t1->root | 1ul << 48);
    ISB();
    show("ASID 1 (table 1)", rd(TEST_VA), 0xa0);
    SYSREG_WRITE(ttbr0_el1, (uint64_t)t2->root | 2ul << 48);
    ISB();
    show("ASID 2 (table 2): not ASID 1's entry", rd(TEST_VA), 0xa1);
    SYSREG_WRITE(ttbr0_el1, (uint64_t)t1->root | 1ul << 48);
    ISB();
    show("ASID 1 again", rd(TEST_VA), 0xa0);
    /* 16-bit ASIDs (TCR_EL1.AS = 1): 0x101 is not 0x001. */
    SYSREG_WRITE(ttbr0_el1, (uint64_t)t2->root | 0x101ul << 48);
    ISB();
    show("ASID 0x101 (table 2)", rd(TEST_VA), 0xa1);
    SYSREG_WRITE(ttbr0_el1, (uint64_t)t1->root | 1ul << 48);
    ISB();
    show("ASID 1 after 0x101", rd(TEST_VA), 0xa0);

    /* Remap ASID 1's page; TLBI of another ASID does not have to drop it,
     * TLBI of ASID 1 does. */
    set_pte(p1, page(2) | NORMAL | PTE_PAGE | PTE_NG);
    TLBI(aside1, 2ul << 48);
    fw_printf("info: TLBI ASIDE1 2: ASID 1 reads 0x%lx\n", (unsigned long)rd(TEST_VA));
    TLBI(aside1, 1ul << 48);
    show("TLBI ASIDE1 1", rd(TEST_VA), 0xa2);
    set_pte(p1, page(0) | NORMAL | PTE_PAGE | PTE_NG);
    TLBI(aside1is, 1ul << 48);
    show("TLBI ASIDE1IS 1", rd(TEST_VA), 0xa0);
    /* VAE1 with the entry's ASID; then with another ASID (may stay). */
    set_pte(p1, page(1) | NORMAL | PTE_PAGE | PTE_NG);
    TLBI(vae1, op_va(TEST_VA, 3));
    fw_printf("info: TLBI VAE1 ASID 3: ASID 1 reads 0x%lx\n", (unsigned long)rd(TEST_VA));
    TLBI(vae1, op_va(TEST_VA, 1));
    show("TLBI VAE1 ASID 1", rd(TEST_VA), 0xa1);
    /* TCR_EL1.A1: the ASID comes from TTBR1. */
    uint64_t tcr = SYSREG_READ(tcr_el1);
    SYSREG_WRITE(ttbr1_el1, 2ul << 48);
    SYSREG_WRITE(tcr_el1, tcr | 1ul << 22);
    ISB();
    TLBI0(vmalle1);
    show("A1 = 1, ASID 2 in TTBR1, table 1", rd(TEST_VA), 0xa1);
    SYSREG_WRITE(ttbr0_el1, (uint64_t)t2->root | 1ul << 48); /* ASID field ignored now */
    ISB();
    show("A1 = 1, table 2", rd(TEST_VA), 0xa1);
    set_pte(p2, page(2) | NORMAL | PTE_PAGE | PTE_NG);
    TLBI(aside1, 2ul << 48);
    show("A1 = 1, TLBI ASIDE1 2", rd(TEST_VA), 0xa2);
    SYSREG_WRITE(tcr_el1, tcr);
    SYSREG_WRITE(ttbr1_el1, 0);
    SYSREG_WRITE(ttbr0_el1, (uint64_t)t1->root);
    ISB();
    TLBI0(vmalle1);
}

static void blocks(pt_t *pt)
{
    *(volatile uint64_t *)(BLK_X + 0x1000) = 0x11;
    *(volatile uint64_t *)(BLK_X + 0x100000) = 0x12;
    *(volatile uint64_t *)(BLK_Y + 0x1000) = 0x21;
    *(volatile uint64_t *)(BLK_Y + 0x100000) = 0x22;
    uint64_t *b = pt_slot(pt, BLOCK_VA, 2, 0);
    set_pte(b, BLK_X | NORMAL | PTE_BLOCK);
    TLBI0(vmalle1);
    show("block X at +0x1000", rd(BLOCK_VA + 0x1000), 0x11);
    show("block X at +0x100000", rd(BLOCK_VA + 0x100000), 0x12);
    set_pte(b, BLK_Y | NORMAL | PTE_BLOCK);
    TLBI(vae1, op_va(BLOCK_VA, 0)); /* the block's first page only */
    show("block Y at +0x100000 after TLBI of the base", rd(BLOCK_VA + 0x100000), 0x22);
    show("block Y at +0x1000", rd(BLOCK_VA + 0x1000), 0x21);
    set_pte(b, BLK_X | NORMAL | PTE_BLOCK);
    TLBI(vaale1, op_va(BLOCK_VA + 0x1ff000, 0)); /* the block's last page */
    show("block X at +0x1000 after TLBI of the last page", rd(BLOCK_VA + 0x1000), 0x11);
    /* Split the block into pages (break-before-make), one TLBI. */
    uint64_t *l3 = pt_alloc();
    for (int i = 0; i < 512; i++)
        l3[i] = (BLK_Y + 0x1000ul * (uint64_t)i) | NORMAL | PTE_PAGE;
    set_pte(b, 0);
    TLBI(vae1, op_va(BLOCK_VA, 0));
    set_pte(b, (uint64_t)l3 | PTE_TABLE);
    show("split into pages: +0x100000", rd(BLOCK_VA + 0x100000), 0x22);
    show("split into pages: +0x1000", rd(BLOCK_VA + 0x1000), 0x21);
    set_pte(b, 0);
    TLBI0(vmalle1);
}

static void granule64k(void)
{
    pt_used = 0;
    pt_t pt;
    pt_init(&pt, 16, 39);
    pt_identity(&pt);
    pg = scratch(0);
    for (int i = 0; i < 3; i++)
        for (int off = 0; off < 65536; off += 0x1000)
            *(volatile uint64_t *)(page(i) + (uint64_t)off) = 0xa0 + (uint64_t)i;
    pt_map(&pt, TEST_VA, page(0), 65536, 3, NORMAL);
    mmu_enable(tcr_for(16, 39) | 1ul << 23, (uint64_t)pt.root, 0);
    uint64_t *pte = pt_slot(&pt, TEST_VA, 3, 0);
    show("64K page at +0", rd(TEST_VA), 0xa0);
    show("64K page at +0x9000", rd(TEST_VA + 0x9000), 0xa0);
    set_pte(pte, page(1) | NORMAL | PTE_PAGE);
    TLBI(vae1, op_va(TEST_VA, 0));
    show("64K page at +0x9000 after TLBI of the page", rd(TEST_VA + 0x9000), 0xa1);
    show("64K page at +0xf000", rd(TEST_VA + 0xf000), 0xa1);
    mmu_disable();
}

int fw_main(uint64_t dtb)
{
    (void)dtb;
    sys_init();
    pg = scratch(0);
    for (int i = 0; i < 3; i++)
        *(volatile uint64_t *)page(i) = 0xa0 + (uint64_t)i;
    pt_t t1, t2;
    pt_init(&t1, 12, 39);
    pt_identity(&t1);
    pt_map(&t1, TEST_VA, page(0), 4096, 3, NORMAL);
    pt_init(&t2, 12, 39);
    pt_identity(&t2);
    pt_map(&t2, TEST_VA, page(1), 4096, 3, NORMAL);
    *pt_slot(&t1, BLOCK_VA, 2, 0) = 0;
    mmu_enable(tcr_for(12, 39) | 1ul << 23, (uint64_t)t1.root, 0);

    page_tlbis(&t1);
    asids(&t1, &t2);
    blocks(&t1);
    mmu_disable();
    granule64k();
    fw_printf("info: %d cases\n", ncases);
    return 0;
}
