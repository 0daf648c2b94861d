/* mmu_perms.c - stage-1 permissions with the 4K granule: AP[2:1] at EL0 and
 * EL1, the access flag (page and block), PAN (with SPAN, LDTR, fetches),
 * UXN/PXN, the implicit PXN of EL0-writable memory, and the hierarchical
 * APTable/UXNTable/PXNTable controls. Each fault's ESR and FAR is checked. */
#include "sys_common.h"

#define TEST_VA 0x4000000000ul  /* 256 GiB: pages with chosen attributes */
#define ALIAS 0x40000000ul      /* EL0 runs this program at PA + ALIAS */
#define PG 4096ul

/* EL0 helpers (run at the alias). */
extern char el0_load[], el0_store[], el0_call_x0[];
__asm__(".text\n.balign 4\n"
        ".globl el0_load\nel0_load:\n ldr x0, [x0]\n ret\n"
        ".globl el0_store\nel0_store:\n str x0, [x0]\n ret\n"
        ".globl el0_call_x0\nel0_call_x0:\n br x0\n");

#define EL0(sym, arg) el0_call_at((uint64_t(*)(uint64_t))(void *)(sym), (arg), ALIAS)

enum {
    P_EL1_RW, P_EL0_RW, P_EL1_RO, P_RO_ALL, P_NO_AF, P_CODE_EL1, P_CODE_PXN, P_CODE_EL0,
    P_CODE_UXN, P_CODE_EL0_RW, P_COUNT
};

static uint8_t *pages;
static volatile uint64_t sink;

static uint64_t va_of(int p) { return TEST_VA + (uint64_t)p * PG; }

/* mov x0, #42; ret */
static void put_code(uint8_t *page)
{
    uint32_t *w = (uint32_t *)page;
    w[0] = 0xd2800540;
    w[1] = 0xd65f03c0;
    __asm__ volatile("dc cvau, %0; dsb ish; ic ivau, %0; dsb ish; isb" ::"r"(page) : "memory");
}

static void expect(const char *what, int faults, uint64_t esr, uint64_t far)
{
    fw_printf("%s: ", what);
    show("faults", fault_count, faults);
    if (faults) {
        fw_printf("%s: ", what);
        show("esr", fault_esr, esr);
        fw_printf("%s: ", what);
        show("far", fault_far, far);
    }
}

#define DABT_EL1 0x96000000ul
#define DABT_EL0 0x92000000ul
#define IABT_EL1 0x86000000ul
#define IABT_EL0 0x82000000ul
#define WNR 0x40ul

static void el1_read(const char *what, uint64_t va, int faults, uint64_t dfsc)
{
    faults_reset();
    sink = *(volatile uint64_t *)va;
    expect(what, faults, DABT_EL1 | dfsc, va);
}

static void el1_write(const char *what, uint64_t va, int faults, uint64_t dfsc)
{
    faults_reset();
    *(volatile uint64_t *)va = 0x77;
    expect(what, faults, DABT_EL1 | WNR | dfsc, va);
}

static void el1_exec(const char *what, uint64_t va, int faults, uint64_t ifsc)
{
    faults_reset();
    uint64_t r = ((uint64_t(*)(void))va)();
    expect(what, faults, IABT_EL1 | ifsc, va);
    if (!faults)
        show("  returned", r, 42);
}

static void el0_read(const char *what, uint64_t va, int faults, uint64_t dfsc)
{
    faults_reset();
    EL0(el0_load, va);
    expect(what, faults, DABT_EL0 | dfsc, va);
}

static void el0_write(const char *what, uint64_t va, int faults, uint64_t dfsc)
{
    faults_reset();
    EL0(el0_store, va);
    expect(what, faults, DABT_EL0 | WNR | dfsc, va);
}

static void el0_exec(const char *what, uint64_t va, int faults, uint64_t ifsc)
{
    faults_reset();
    uint64_t r = EL0(el0_call_x0, va);
    expect(what, faults, IABT_EL0 | ifsc, va);
    if (!faults)
        show("  returned", r, 42);
}

static uint64_t pan(void) { return SYSREG_READ(s3_0_c4_c2_3) >> 22 & 1; }
static void set_pan(int on)
{
    SYSREG_WRITE(s3_0_c4_c2_3, (uint64_t)on << 22);
    ISB();
}

int fw_main(uint64_t dtb)
{
    (void)dtb;
    sys_init();
    pages = scratch(0);
    pt_t pt;
    pt_init(&pt, 12, 39);
    pt_identity(&pt);
    /* The EL0 alias of RAM: EL0 read/write/execute (so never executable at EL1). */
    pt_map(&pt, 0x40000000ul + ALIAS, 0x40000000ul, 0x40000000ul, 1, NORMAL | PTE_AP_EL0);

    static const uint64_t attrs[P_COUNT] = {
        [P_EL1_RW] = NORMAL | PTE_UXN,
        [P_EL0_RW] = NORMAL | PTE_AP_EL0 | PTE_UXN,
        [P_EL1_RO] = NORMAL | PTE_AP_RO | PTE_UXN,
        [P_RO_ALL] = NORMAL | PTE_AP_RO | PTE_AP_EL0 | PTE_UXN,
        [P_NO_AF] = (NORMAL & ~PTE_AF) | PTE_UXN,
        [P_CODE_EL1] = NORMAL | PTE_AP_RO | PTE_UXN,
        [P_CODE_PXN] = NORMAL | PTE_AP_RO | PTE_UXN | PTE_PXN,
        [P_CODE_EL0] = NORMAL | PTE_AP_RO | PTE_AP_EL0 | PTE_PXN,
        [P_CODE_UXN] = NORMAL | PTE_AP_RO | PTE_AP_EL0 | PTE_UXN,
        [P_CODE_EL0_RW] = NORMAL | PTE_AP_EL0,
    };
    for (int p = 0; p < P_COUNT; p++) {
        fw_memset(pages + p * PG, 0, PG);
        *(uint64_t *)(pages + p * PG) = 0x100 + (uint64_t)p;
        if (p >= P_CODE_EL1)
            put_code(pages + p * PG);
        pt_map(&pt, va_of(p), (uint64_t)pages + (uint64_t)p * PG, PG, 3, attrs[p]);
    }
    /* Hierarchical controls: one L3 table per 2 MiB, reached through a
     * level-2 table descriptor carrying the control. */
    uint64_t h_ro = TEST_VA + (1ul << 21), h_noel0 = TEST_VA + (2ul << 21);
    uint64_t h_uxn = TEST_VA + (3ul << 21), h_pxn = TEST_VA + (4ul << 21);
    uint64_t af_block = TEST_VA + (5ul << 21);
    *pt_slot(&pt, h_ro, 2, 0) = (uint64_t)pt_alloc() | PTE_TABLE | TBL_AP_RO;
    *pt_slot(&pt, h_noel0, 2, 0) = (uint64_t)pt_alloc() | PTE_TABLE | TBL_AP_NOEL0;
    *pt_slot(&pt, h_uxn, 2, 0) = (uint64_t)pt_alloc() | PTE_TABLE | TBL_UXN;
    *pt_slot(&pt, h_pxn, 2, 0) = (uint64_t)pt_alloc() | PTE_TABLE | TBL_PXN;
    pt_map(&pt, h_ro, (uint64_t)pages + P_EL1_RW * PG, PG, 3, attrs[P_EL1_RW]);
    pt_map(&pt, h_noel0, (uint64_t)pages + P_EL0_RW * PG, PG, 3, attrs[P_EL0_RW]);
    pt_map(&pt, h_uxn, (uint64_t)pages + P_CODE_EL0 * PG, PG, 3, attrs[P_CODE_EL0]);
    pt_map(&pt, h_pxn, (uint64_t)pages + P_CODE_EL1 * PG, PG, 3, attrs[P_CODE_EL1]);
    pt_map(&pt, af_block, 0x40000000ul, 1ul << 21, 2, (NORMAL & ~PTE_AF) | PTE_UXN);

    uint64_t tcr = tcr_for(12, 39) | 1ul << 23; /* EPD1: TTBR0 only */
    mmu_enable(tcr, (uint64_t)pt.root, 0);

    /* AP[2:1] */
    el1_read("EL1 read, AP=00", va_of(P_EL1_RW), 0, 0);
    el1_write("EL1 write, AP=00", va_of(P_EL1_RW), 0, 0);
    el0_read("EL0 read, AP=00", va_of(P_EL1_RW), 1, 0x0f);
    el0_write("EL0 write, AP=00", va_of(P_EL1_RW), 1, 0x0f);
    el0_read("EL0 read, AP=01", va_of(P_EL0_RW), 0, 0);
    el0_write("EL0 write, AP=01", va_of(P_EL0_RW), 0, 0);
    el1_write("EL1 write, AP=10", va_of(P_EL1_RO), 1, 0x0f);
    el1_read("EL1 read, AP=10", va_of(P_EL1_RO), 0, 0);
    el0_read("EL0 read, AP=10", va_of(P_EL1_RO), 1, 0x0f);
    el0_read("EL0 read, AP=11", va_of(P_RO_ALL), 0, 0);
    el0_write("EL0 write, AP=11", va_of(P_RO_ALL), 1, 0x0f);
    el1_write("EL1 write, AP=11", va_of(P_RO_ALL), 1, 0x0f);

    /* Access flag: faults before any permission check. */
    el1_read("EL1 read, AF=0", va_of(P_NO_AF), 1, 0x0b);
    el0_read("EL0 read, AF=0 (and no EL0 access)", va_of(P_NO_AF), 1, 0x0b);
    el1_write("EL1 write, AF=0", va_of(P_NO_AF), 1, 0x0b);
    el1_read("EL1 read, AF=0 block", af_block + 0x1234 * 8, 1, 0x0a);

    /* Execute permissions */
    el1_exec("EL1 exec, PXN=0", va_of(P_CODE_EL1), 0, 0);
    el1_exec("EL1 exec, PXN=1", va_of(P_CODE_PXN), 1, 0x0f);
    el1_exec("EL1 exec, UXN=0 but AP=11 PXN=1", va_of(P_CODE_EL0), 1, 0x0f);
    el1_exec("EL1 exec, EL0-writable (implicit PXN)", va_of(P_CODE_EL0_RW), 1, 0x0f);
    el0_exec("EL0 exec, UXN=0", va_of(P_CODE_EL0), 0, 0);
    el0_exec("EL0 exec, UXN=1", va_of(P_CODE_UXN), 1, 0x0f);
    el0_exec("EL0 exec, EL0-writable UXN=0", va_of(P_CODE_EL0_RW), 0, 0);
    el0_exec("EL0 exec, AF=0", va_of(P_NO_AF), 1, 0x0b);
    el0_exec("EL0 exec, unmapped", TEST_VA + 0x80 * PG, 1, 0x07);

    /* Hierarchical controls */
    el1_write("APTable[1] (read-only) over AP=00", h_ro, 1, 0x0f);
    el1_read("APTable[1]: read still allowed", h_ro, 0, 0);
    el0_read("APTable[0] (no EL0) over AP=01", h_noel0, 1, 0x0f);
    el1_read("APTable[0]: EL1 still allowed", h_noel0, 0, 0);
    el0_exec("UXNTable over UXN=0", h_uxn, 1, 0x0f);
    el1_exec("PXNTable over PXN=0", h_pxn, 1, 0x0f);

    /* PAN: EL1 data accesses to EL0-accessible memory fault. */
    set_pan(1);
    show("PAN set", pan(), 1);
    el1_read("PAN: EL1 read, AP=01", va_of(P_EL0_RW), 1, 0x0f);
    el1_write("PAN: EL1 write, AP=01", va_of(P_EL0_RW), 1, 0x0f);
    el1_read("PAN: EL1 read, AP=11", va_of(P_RO_ALL), 1, 0x0f);
    el1_read("PAN: EL1 read, AP=00", va_of(P_EL1_RW), 0, 0);
    el1_exec("PAN: EL1 fetch unaffected", va_of(P_CODE_EL1), 0, 0);
    faults_reset();
    uint64_t v;
    __asm__ volatile("ldtr %0, [%1]" : "=r"(v) : "r"(va_of(P_EL0_RW)) : "memory");
    show("PAN: LDTR of AP=01 (what EL0 stored there)", v, va_of(P_EL0_RW));
    show("PAN: LDTR faults", fault_count, 0);
    __asm__ volatile("ldtr %0, [%1]" : "=r"(v) : "r"(va_of(P_EL1_RW)) : "memory");
    show("LDTR of AP=00 faults (EL0 permissions)", fault_count, 1);
    show("LDTR of AP=00 esr", fault_esr, DABT_EL1 | 0x0f);
    set_pan(0);
    el1_read("PAN clear: EL1 read, AP=01", va_of(P_EL0_RW), 0, 0);

    /* SCTLR_EL1.SPAN = 0: taking an exception to EL1 sets PSTATE.PAN. */
    SYSREG_WRITE(sctlr_el1, SYSREG_READ(sctlr_el1) & ~(1ul << 23));
    ISB();
    faults_reset();
    __asm__ volatile("svc #1" ::: "memory");
    show("SPAN=0: PAN in the handler", fault_pan, 1);
    show("SPAN=0: SPSR.PAN (interrupted state)", fault_spsr >> 22 & 1, 0);
    show("SPAN=0: PAN after ERET", pan(), 0);
    SYSREG_WRITE(sctlr_el1, SYSREG_READ(sctlr_el1) | 1ul << 23);
    ISB();
    faults_reset();
    __asm__ volatile("svc #1" ::: "memory");
    show("SPAN=1: PAN in the handler", fault_pan, 0);

    mmu_disable();
    fw_printf("info: %d cases\n", ncases);
    return 0;
}
