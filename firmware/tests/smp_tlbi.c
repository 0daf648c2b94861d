/* smp_tlbi.c - broadcast TLB maintenance: CPU 1 caches a translation, CPU 0
 * changes the page table entry and runs TLBI <op>IS + DSB ISH; CPU 1's next
 * access must use the new mapping (the inner-shareable forms reach every
 * PE's TLB, and the DSB completes them). For each IS form.
 * run: -smp 2 -accel tcg,thread=single
 * run: -smp 2 -accel tcg,thread=multi */
#include "sys_common.h"
#include "fw_smp.h"

#define TEST_VA 0x4000000000ul
#define LIMIT 100000000ull

static uint8_t *pg; /* 3 pages of 64 KiB: A, B, C */
static uint64_t page(int i) { return (uint64_t)pg + 65536ul * (uint64_t)i; }
static pt_t t1;
static volatile uint32_t cmd, ack, mmu_on;
static volatile uint64_t seen;

static uint64_t op_va(uint64_t va, uint64_t asid) { return (va >> 12 & 0xfffffffffful) | asid << 48; }

/* CPU 1: turn on the MMU over the same tables, then read TEST_VA whenever
 * CPU 0 asks (cmd n), reporting the value with ack n. */
static void secondary(void *arg)
{
    (void)arg;
    mmu_enable(tcr_for(12, 39) | 1ul << 23, (uint64_t)t1.root, 0);
    fw_store_release(&mmu_on, 1);
    for (uint32_t n = 1;; n++) {
        if (!fw_wait_eq(&cmd, n, LIMIT))
            return;
        seen = *(volatile uint64_t *)TEST_VA;
        fw_store_release(&ack, n);
    }
}

static uint64_t remote_read(void)
{
    static uint32_t n;
    n++;
    fw_store_release(&cmd, n);
    if (!fw_wait_eq(&ack, n, LIMIT))
        return ~0ul;
    return seen;
}

static void set_pte(uint64_t *pte, uint64_t val)
{
    *(volatile uint64_t *)pte = val;
    DSB_ISH();
}

#define TLBI(op, arg) __asm__ volatile("dsb ishst; tlbi " #op ", %0; dsb ish; isb" ::"r"((uint64_t)(arg)) : "memory")
#define TLBI0(op) __asm__ volatile("dsb ishst; tlbi " #op "; dsb ish; isb" ::: "memory")

/* CPU 1 reads page `from` through TEST_VA, CPU 0 remaps it to `to` and
 * runs the maintenance; CPU 1 must then read page `to`. */
#define REMOTE_CASE(name, tlbi_stmt, attrs, from, to)                              \
    do {                                                                           \
        set_pte(pte, page(from) | NORMAL | PTE_PAGE | (attrs));                    \
        TLBI0(vmalle1is);                                                          \
        show(name ": CPU 1 before", remote_read(), 0xa0 + (uint64_t)(from));       \
        set_pte(pte, page(to) | NORMAL | PTE_PAGE | (attrs));                      \
        tlbi_stmt;                                                                 \
        show(name ": CPU 1 after", remote_read(), 0xa0 + (uint64_t)(to));          \
    } while (0)

int fw_main(uint64_t dtb)
{
    (void)dtb;
    sys_init();
    pg = scratch(0);
    for (int i = 0; i < 3; i++)
        *(volatile uint64_t *)page(i) = 0xa0 + (uint64_t)i;
    pt_init(&t1, 12, 39);
    pt_identity(&t1);
    pt_map(&t1, TEST_VA, page(0), 4096, 3, NORMAL);
    DSB_ISH();
    mmu_enable(tcr_for(12, 39) | 1ul << 23, (uint64_t)t1.root, 0);
    CHECK_EQ(fw_cpu_on(1, secondary, 0), PSCI_SUCCESS);
    CHECK(fw_wait_eq(&mmu_on, 1, LIMIT));

    uint64_t *pte = pt_slot(&t1, TEST_VA, 3, 0);
    REMOTE_CASE("TLBI VAE1IS", TLBI(vae1is, op_va(TEST_VA, 0)), 0, 0, 1);
    REMOTE_CASE("TLBI VALE1IS", TLBI(vale1is, op_va(TEST_VA, 0)), 0, 1, 2);
    REMOTE_CASE("TLBI VAAE1IS", TLBI(vaae1is, op_va(TEST_VA, 0x33)), 0, 2, 0);
    REMOTE_CASE("TLBI VAALE1IS", TLBI(vaale1is, op_va(TEST_VA, 0)), 0, 0, 2);
    REMOTE_CASE("TLBI VMALLE1IS", TLBI0(vmalle1is), 0, 2, 1);
    /* A non-global entry of ASID 0 (both CPUs run with TTBR0.ASID = 0). */
    REMOTE_CASE("TLBI ASIDE1IS", TLBI(aside1is, 0ul << 48), PTE_NG, 1, 0);
    REMOTE_CASE("TLBI VAE1IS, nG", TLBI(vae1is, op_va(TEST_VA, 0)), PTE_NG, 0, 1);
    /* CPU 0 sees the same. */
    show("CPU 0 reads the final mapping", *(volatile uint64_t *)TEST_VA, 0xa1);
    fw_printf("info: %d cases\n", ncases);
    mmu_disable();
    return 0;
}
