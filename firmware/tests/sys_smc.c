/* sys_smc.c - self-modifying and cross-modifying code: instructions written
 * as data and then executed, with the architectural maintenance (DC CVAU,
 * DSB, IC IVAU, DSB, ISB), with only an ISB, and with none but a branch;
 * code that rewrites a later instruction of its own block; code written
 * through one virtual alias and run through another; and a code page whose
 * mapping changes under the same VA. Every version must run the new code
 * (tinyvm never depends on IC for correctness). */
#include "sys_common.h"

#define MOVZ_W0(imm) (0x52800000u | (uint32_t)(imm) << 5)
#define RET 0xd65f03c0u
#define STR_W1_X0 0xb9000001u
#define DC_CVAU_X0 0xd50b7b20u
#define IC_IVAU_X0 0xd50b7520u
#define DSB_ISH 0xd5033b9fu
#define ISB_INSN 0xd5033fdfu
#define NOP 0xd503201fu

typedef uint64_t (*fn2_t)(uint64_t, uint64_t);

static void maintain(volatile uint32_t *p, unsigned n)
{
    for (unsigned i = 0; i < n; i += 16)
        __asm__ volatile("dc cvau, %0" ::"r"(p + i) : "memory");
    __asm__ volatile("dsb ish" ::: "memory");
    for (unsigned i = 0; i < n; i += 16)
        __asm__ volatile("ic ivau, %0" ::"r"(p + i) : "memory");
    __asm__ volatile("dsb ish; isb" ::: "memory");
}

static void write_ret(volatile uint32_t *code, unsigned imm)
{
    code[0] = MOVZ_W0(imm);
    code[1] = RET;
}

/* A function that patches its own instruction 6 with w1 (through x0),
 * then runs it; `how` picks the maintenance done in between. */
static void write_patcher(volatile uint32_t *code, int how)
{
    unsigned i = 0;
    code[i++] = STR_W1_X0;
    if (how == 0) {
        code[i++] = DC_CVAU_X0;
        code[i++] = DSB_ISH;
        code[i++] = IC_IVAU_X0;
        code[i++] = DSB_ISH;
        code[i++] = ISB_INSN;
    } else {
        code[i++] = NOP;
        code[i++] = NOP;
        code[i++] = NOP;
        code[i++] = DSB_ISH;
        code[i++] = ISB_INSN;
    }
    code[i++] = MOVZ_W0(5);
    code[i++] = RET;
}

static void run_suite(const char *where, volatile uint32_t *wr, uint64_t ex)
{
    fn2_t f = (fn2_t)ex;
    write_ret(wr, 1);
    maintain(wr, 2);
    fw_printf("%s: ", where);
    show("fresh code", f(0, 0), 1);
    write_ret(wr, 2);
    maintain(wr, 2);
    fw_printf("%s: ", where);
    show("rewritten, full maintenance", f(0, 0), 2);
    write_ret(wr, 3);
    __asm__ volatile("dsb ish; isb" ::: "memory");
    fw_printf("%s: ", where);
    show("rewritten, DSB+ISB only", f(0, 0), 3);
    write_ret(wr, 4);
    fw_printf("%s: ", where);
    show("rewritten, no barrier (a call)", f(0, 0), 4);
    /* A loop calling the same code: the first calls chain blocks. */
    uint64_t sum = 0;
    for (unsigned k = 0; k < 20; k++) {
        if (k == 10)
            write_ret(wr, 7);
        sum += f(0, 0);
    }
    fw_printf("%s: ", where);
    show("rewritten mid-loop (10 x 4 + 10 x 7)", sum, 110);

    for (int how = 0; how < 2; how++) {
        write_patcher(wr, how);
        maintain(wr, 8);
        uint64_t insn_at = (uint64_t)(wr + 6); /* patched through the writable mapping */
        fw_printf("%s: ", where);
        show(how == 0 ? "patches itself, full maintenance" : "patches itself, DSB+ISB",
             f(insn_at, MOVZ_W0(6)), 6);
    }
}

int fw_main(uint64_t dtb)
{
    (void)dtb;
    sys_init();
    volatile uint32_t *code = (volatile uint32_t *)scratch(0);

    /* MMU off: the PA is the VA. */
    run_suite("MMU off", code, (uint64_t)code);

    /* MMU on: write through an EL1 read/write alias, execute the identity
     * mapping. */
    const uint64_t alias = 0x4000000000ul, xva = 0x4000200000ul;
    pt_t pt;
    pt_init(&pt, 12, 39);
    pt_identity(&pt);
    pt_map(&pt, alias, (uint64_t)code, 65536, 3, NORMAL | PTE_UXN | PTE_PXN);
    pt_map(&pt, xva, (uint64_t)code, 4096, 3, NORMAL | PTE_AP_RO | PTE_UXN);
    mmu_enable(tcr_for(12, 39) | 1ul << 23, (uint64_t)pt.root, 0);
    run_suite("MMU on, identity", code, (uint64_t)code);
    run_suite("MMU on, written via alias, run at identity", (volatile uint32_t *)alias, (uint64_t)code);
    run_suite("MMU on, run from a read-only alias", code, xva);

    /* The same VA remapped to another physical page of code. */
    volatile uint32_t *other = (volatile uint32_t *)((uint8_t *)code + 0x1000);
    write_ret(code, 11);
    write_ret(other, 12);
    maintain(code, 2);
    maintain(other, 2);
    show("xva -> page 0", ((fn2_t)xva)(0, 0), 11);
    *pt_slot(&pt, xva, 3, 0) = (uint64_t)other | NORMAL | PTE_AP_RO | PTE_UXN | PTE_PAGE;
    __asm__ volatile("dsb ishst; tlbi vae1, %0; dsb ish; isb" ::"r"(xva >> 12) : "memory");
    show("xva -> page 1 after TLBI", ((fn2_t)xva)(0, 0), 12);
    mmu_disable();
    fw_printf("info: %d cases\n", ncases);
    return 0;
}
