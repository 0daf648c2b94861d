/* mmu_granules.c - stage-1 translation with each granule (4K, 16K, 64K):
 * an identity map of RAM (blocks) in TTBR0, page mappings of a test buffer
 * through TTBR0 and through a high TTBR1 address, translation faults at
 * each level, invalid block levels, VAs outside both ranges, EPD1,
 * address size faults from TCR_EL1.IPS, and top-byte-ignore. */
#include "sys_common.h"

/* Test data: 4 pages of 64 KiB (the largest granule), each filled with its
 * own pattern. */
#define data ((uint8_t(*)[65536])scratch(0))

static uint64_t pattern(int page, uint64_t off)
{
    return 0x1000000000000000ul * (uint64_t)(page + 1) + off;
}

static void fill(void)
{
    for (int p = 0; p < 4; p++)
        for (uint64_t off = 0; off < 65536; off += 8)
            *(uint64_t *)&data[p][off] = pattern(p, off);
}

static volatile uint64_t sink;

/* A read of va that should fault: print the syndrome. */
static void read_fault(const char *what, uint64_t va, uint64_t want_dfsc)
{
    faults_reset();
    sink = *(volatile uint64_t *)va;
    fw_printf("%s: ", what);
    show("faults", fault_count, 1);
    fw_printf("%s: ", what);
    show("esr", fault_esr, 0x96000000ul | want_dfsc);
    fw_printf("%s: ", what);
    show("far", fault_far, va);
}

static void write_fault(const char *what, uint64_t va, uint64_t want_dfsc)
{
    faults_reset();
    *(volatile uint64_t *)va = 1;
    fw_printf("%s: ", what);
    show("faults", fault_count, 1);
    fw_printf("%s: ", what);
    show("esr (WnR)", fault_esr, 0x96000040ul | want_dfsc);
    fw_printf("%s: ", what);
    show("far", fault_far, va);
}

static void read_ok(const char *what, uint64_t va, uint64_t want)
{
    faults_reset();
    uint64_t v = *(volatile uint64_t *)va;
    fw_printf("%s: ", what);
    show("value", v, want);
    fw_printf("%s: ", what);
    show("faults", fault_count, 0);
}

#define TEST_VA 0x4000000000ul        /* 256 GiB: inside a 39-bit TTBR0 range */
#define HIGH_VA 0xffffff8000000000ul  /* the bottom of a 39-bit TTBR1 range */

static void granule(unsigned gran)
{
    const char *name = gran == 12 ? "4K" : gran == 14 ? "16K" : "64K";
    fw_printf("-- granule %s\n", name);
    uint64_t g = 1ul << gran;
    pt_used = 0;
    pt_t lo, hi;
    pt_init(&lo, gran, 39);
    pt_init(&hi, gran, 39);
    pt_identity(&lo);
    /* Pages 0 and 2 of the data at TEST_VA (page 1 left invalid), and
     * page 3 at the bottom of the TTBR1 range. */
    pt_map(&lo, TEST_VA, (uint64_t)data[0], g, 3, NORMAL);
    pt_map(&lo, TEST_VA + 2 * g, (uint64_t)data[2], g, 3, NORMAL);
    pt_map(&hi, HIGH_VA, (uint64_t)data[3], g, 3, NORMAL);
    mmu_enable(tcr_for(gran, 39), (uint64_t)lo.root, (uint64_t)hi.root);

    int start = pt_start_level(&lo);
    show("start level", (uint64_t)start, gran == 16 ? 2 : 1);
    read_ok("identity-mapped RAM", (uint64_t)&data[1][8], pattern(1, 8));
    read_ok("TEST_VA page 0", TEST_VA + 0x10, pattern(0, 0x10));
    read_ok("TEST_VA page 2, last word", TEST_VA + 3 * g - 8, pattern(2, g - 8));
    read_ok("TTBR1 page", HIGH_VA + 0x18, pattern(3, 0x18));

    /* Translation faults at each level of the walk. */
    read_fault("L3 entry invalid", TEST_VA + g, 0x07);
    uint64_t l2_span = 1ul << pt_shift(&lo, 2);
    read_fault("L2 entry invalid", TEST_VA + l2_span, 0x06);
    if (start <= 1) {
        uint64_t l1_span = 1ul << pt_shift(&lo, 1);
        read_fault("L1 entry invalid", TEST_VA + l1_span, 0x05);
    }
    read_fault("TTBR1 L3 entry invalid", HIGH_VA + g, 0x07);
    write_fault("write to an invalid entry", TEST_VA + g, 0x07);

    /* Between the two ranges: level 0, whatever the start level. */
    read_fault("VA above the TTBR0 range", 1ul << 39, 0x04);
    read_fault("VA below the TTBR1 range", 0xffff000000000000ul, 0x04);
    read_fault("non-canonical VA", 0x0080000000000000ul, 0x04);

    /* A level-3 entry with bit 1 clear is reserved: translation fault. */
    uint64_t *slot = pt_slot(&lo, TEST_VA + 2 * g, 3, 0);
    uint64_t save = *slot;
    *slot = save & ~2ul;
    tlbi_all();
    read_fault("L3 reserved encoding 0b01", TEST_VA + 2 * g, 0x07);
    *slot = save;

    /* (A block at a level that does not allow one is a translation fault;
     * QEMU 7.2 -cpu max accepts a 16K level-1 block even with TCR_EL1.DS =
     * 0, so that case is in the unit tests only.) */
    /* An allowed block: 2 MiB (4K), 32 MiB (16K), 512 MiB (64K) at level 2,
     * mapping RAM at its own address + a VA offset. */
    uint64_t bs = 1ul << pt_shift(&lo, 2);
    uint64_t bva = 0x2000000000ul; /* 128 GiB */
    uint64_t bpa = (uint64_t)data[1] & ~(bs - 1);
    pt_map(&lo, bva, bpa, bs, 2, NORMAL);
    tlbi_all();
    read_ok("block mapping", bva + ((uint64_t)data[1] - bpa) + 0x20, pattern(1, 0x20));

    /* EPD1: walks of the TTBR1 half fault at level 0. (EPD0 would stop
     * this program's own fetches: the unit tests cover it.) */
    uint64_t tcr = SYSREG_READ(tcr_el1);
    SYSREG_WRITE(tcr_el1, tcr | 1ul << 23);
    ISB();
    tlbi_all();
    read_fault("EPD1", HIGH_VA, 0x04);
    read_ok("EPD1 leaves TTBR0 walks", TEST_VA, pattern(0, 0));

    /* Top byte ignore: tagged pointers translate with TBI0, else fault. */
    SYSREG_WRITE(tcr_el1, tcr | 1ul << 37);
    ISB();
    tlbi_all();
    read_ok("TBI0, tagged pointer", 0x5a00000000000000ul | (TEST_VA + 0x28), pattern(0, 0x28));
    SYSREG_WRITE(tcr_el1, tcr);
    ISB();
    tlbi_all();
    faults_reset();
    sink = *(volatile uint64_t *)(0x5a00000000000000ul | TEST_VA);
    show("no TBI0, tagged pointer: faults", fault_count, 1);
    show("no TBI0, tagged pointer: esr", fault_esr, 0x96000004);

    /* Address size faults: IPS = 32 bits, a page at PA 4 GiB, and a table
     * at PA 4 GiB. */
    SYSREG_WRITE(tcr_el1, tcr & ~(7ul << 32));
    ISB();
    *slot = (1ul << 32) | NORMAL | PTE_PAGE;
    tlbi_all();
    read_fault("IPS 32: page above 4 GiB", TEST_VA + 2 * g, 0x03);
    *slot = save;
    uint64_t *l2 = pt_slot(&lo, TEST_VA, 2, 0);
    uint64_t s2 = *l2;
    *l2 = (1ul << 32) | PTE_TABLE;
    tlbi_all();
    read_fault("IPS 32: table above 4 GiB", TEST_VA, 0x02);
    *l2 = s2;
    SYSREG_WRITE(tcr_el1, tcr);
    ISB();
    tlbi_all();
    read_ok("back to normal", TEST_VA + 2 * g + 0x30, pattern(2, 0x30));

    mmu_disable();
}

int fw_main(uint64_t dtb)
{
    (void)dtb;
    sys_init();
    fill();
    granule(12);
    granule(14);
    granule(16);
    fw_printf("info: %d cases\n", ncases);
    return 0;
}
