/* test_cpu_fuse.c - the fused pairs (cpu/dp_fuse.c, cpu/op_list_fuse.h).
 *
 * Every pair of the lists (ALU+ALU, ALU+load/store, load/store+ALU) runs
 * twice from the same state: adjacent, which the translator fuses into one op
 * (checked on the translated block: the fused kind, then the OP_nop carrier),
 * and kept apart by a NOP, which runs the two ordinary ops. Registers, NZCV,
 * memory and how the program ended (an exception's ESR, FAR and which
 * instruction ELR names) must be the same. Registers are drawn at random from
 * x0..x8 so the second instruction often reads or overwrites what the first
 * wrote, including the base or index of the access; an access that leaves
 * RAM takes a synchronous external abort, which must name the memory
 * instruction with the ALU instruction before it completed. The TLB is
 * emptied before a quarter of the runs, so both the fast path and the slow
 * path of the memory half run.
 */
#include <stdlib.h>

#include "cpu/cpu_internal.h"
#include "cpu/tb.h"
#include "mem/physmap.h"
#include "cpu_harness.h"

#define RAM_SIZE (16u << 20)
#define BUF (CH_RAM_BASE + 0x800000) /* the data the accesses touch */

static int setup(void **state)
{
    static cpu_harness_t f;
    ch_init_fresh(&f, RAM_SIZE, CPU_MODEL_CORTEX_A57);
    /* Pairs are fused for the threaded executor only (translate.c): the
     * native backend inlines the two ops instead. */
    cpu_set_native(f.cpu, false);
    *state = &f;
    return 0;
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

static uint32_t reg(void) { return rnd(9); } /* x0..x8 */

enum { ALU_ADD_IMM, ALU_LSL, ALU_MOV, ALU_ADD_LSL, ALU_SUBS32, ALU_SUBS64, ALU_MOVZ, ALU_SUB_LSL,
       ALU_LSR, ALU_AND_IMM, ALU_ADD_LSL32, NALU };
enum { MEM_LDR32, MEM_STR32, MEM_LDR64, MEM_STR64, NMEM };

static uint32_t alu_insn(int k)
{
    uint32_t d = reg(), n = reg(), m = reg();
    switch (k) {
    case ALU_ADD_IMM: return 0x91000000u | rnd(4096) << 10 | n << 5 | d;      /* add xd, xn, #imm */
    case ALU_LSL: {                                                            /* lsl xd, xn, #s */
        uint32_t s = 1 + rnd(63);
        return 0xd3400000u | ((64 - s) & 63) << 16 | (63 - s) << 10 | n << 5 | d;
    }
    case ALU_MOV: return 0xaa0003e0u | m << 16 | d;                            /* mov xd, xm */
    case ALU_ADD_LSL: return 0x8b000000u | m << 16 | rnd(64) << 10 | n << 5 | d; /* add xd, xn, xm, lsl #s */
    case ALU_SUBS32: return 0x6b000000u | m << 16 | rnd(32) << 10 | n << 5 | (rnd(2) ? 31 : d);
    case ALU_MOVZ: return 0xd2800000u | rnd(4) << 21 | rnd(65536) << 5 | d;  /* movz xd, #i, lsl #s */
    case ALU_SUB_LSL: return 0xcb000000u | m << 16 | rnd(64) << 10 | n << 5 | d; /* sub xd, xn, xm, lsl #s */
    case ALU_LSR: return 0xd340fc00u | rnd(64) << 16 | n << 5 | d;           /* lsr xd, xn, #s */
    case ALU_AND_IMM: /* and xd, xn, #(2^k - 1) rotated; or and wd, wn, #... */
        return rnd(2) ? 0x92400000u | rnd(64) << 16 | rnd(63) << 10 | n << 5 | d
                      : 0x12000000u | rnd(32) << 16 | rnd(31) << 10 | n << 5 | d;
    case ALU_ADD_LSL32: return 0x0b000000u | m << 16 | rnd(32) << 10 | n << 5 | d;
    default: return 0xeb000000u | m << 16 | rnd(64) << 10 | n << 5 | (rnd(2) ? 31 : d);
    }
}

static uint32_t mem_insn(int k)
{
    /* base x8 mostly (it points at BUF); index any; S = 1 (scaled) or 0 */
    uint32_t t = reg(), n = rnd(4) ? 8 : reg(), m = reg(), s = rnd(2) << 12;
    static const uint32_t base[NMEM] = { 0xb8606800u, 0xb8206800u, 0xf8606800u, 0xf8206800u };
    return base[k] | m << 16 | s | n << 5 | t;
}

typedef struct {
    uint64_t x[REG_SLOTS];
    uint32_t nzcv;
    int hvc;
    uint64_t esr, far;
    int64_t elr_insn; /* index of the instruction ELR names, -1: no exception */
    uint8_t buf[256];
} outcome_t;

static void run(cpu_harness_t *f, const uint32_t *code, size_t n, const uint64_t *regs,
                const int *index_map, outcome_t *o)
{
    cpu_t *cpu = f->cpu;
    memset(o, 0, sizeof(*o));
    if (f->next > CH_RAM_BASE + 0x700000) {
        f->next = CH_CODE_BASE;
        tb_flush(cpu);
    }
    for (int i = 0; i < 9; i++)
        cpu->x[i] = regs[i];
    cpu->x[8] = BUF + 64;
    if (rnd(4) == 0)
        tlb_flush_all(cpu); /* the next access takes the slow path */
    for (int i = 0; i < 256; i++)
        ch_host(f, BUF)[i] = (uint8_t)(i * 37 + 11);
    cpu_set_nzcv(cpu, 0);
    cpu->sys.esr = cpu->sys.far = cpu->sys.elr = 0;
    uint64_t pc = ch_run(f, code, n);
    memcpy(o->x, cpu->x, sizeof(o->x));
    o->x[REG_SINK] = 0;
    o->nzcv = cpu_get_nzcv(cpu);
    o->hvc = f->hvc;
    o->esr = cpu->sys.esr;
    o->far = cpu->sys.far;
    o->elr_insn = f->hvc == 1 ? index_map[(cpu->sys.elr - pc) / 4] : -1;
    memcpy(o->buf, ch_host(f, BUF), sizeof(o->buf));
}

/* The block at pc: its first op must be fused (kind in [lo, hi]), then nop. */
static void check_fused(cpu_harness_t *f, uint64_t pc, unsigned lo, unsigned hi, uint32_t i1,
                        uint32_t i2)
{
    const tb_t *tb = f->cpu->jc[(pc >> 2) & (JC_SIZE - 1)];
    if (!tb || tb->pc != pc)
        fail_msg("%08x %08x: no block at %llx", i1, i2, (unsigned long long)pc);
    if (tb->ops[0].kind < lo || tb->ops[0].kind > hi || tb->ops[1].kind != OP_nop)
        fail_msg("%08x %08x: not fused (%s, %s)", i1, i2, op_names[tb->ops[0].kind],
                 op_names[tb->ops[1].kind]);
}

static void pair_case(cpu_harness_t *f, uint32_t i1, uint32_t i2, unsigned lo, unsigned hi)
{
    uint64_t regs[9];
    for (int i = 0; i < 9; i++) {
        static const uint64_t edge[] = { 0, 1, 2, 3, 0x7fffffff, 0x80000000, 0xffffffff,
                                         0x8000000000000000ull, ~0ull };
        regs[i] = rnd(3) ? rnd(16) : rnd(2) ? edge[rnd(9)] : (uint64_t)rnd(1u << 31) << 33 | rnd(1u << 31);
    }
    const uint32_t fused[] = { i1, i2 };
    const uint32_t apart[] = { i1, 0xd503201f, i2 };
    static const int fused_map[] = { 0, 1, 2 }, apart_map[] = { 0, -2, 1, 2 };
    outcome_t a, b;
    uint64_t pc_fused = f->next;
    run(f, fused, 2, regs, fused_map, &a);
    if (a.hvc == 0) /* (after an exception the vector's block may own the jump-cache slot) */
        check_fused(f, pc_fused, lo, hi, i1, i2);
    run(f, apart, 3, regs, apart_map, &b);
    if (memcmp(&a, &b, sizeof(a)) != 0) {
        int r = -1;
        for (int i = 0; i < REG_SLOTS; i++)
            if (a.x[i] != b.x[i] && r < 0)
                r = i;
        fail_msg("%08x %08x: fused and apart differ: hvc %d/%d elr insn %lld/%lld nzcv %x/%x "
                 "esr %llx/%llx first differing x%d: %llx/%llx buf %s",
                 i1, i2, a.hvc, b.hvc, (long long)a.elr_insn, (long long)b.elr_insn, a.nzcv,
                 b.nzcv, (unsigned long long)a.esr, (unsigned long long)b.esr, r,
                 r >= 0 ? (unsigned long long)a.x[r] : 0ull,
                 r >= 0 ? (unsigned long long)b.x[r] : 0ull,
                 memcmp(a.buf, b.buf, sizeof(a.buf)) ? "differs" : "same");
    }
    if (a.hvc != 0 && a.hvc != 1)
        fail_msg("%08x %08x: did not finish (hvc %d)", i1, i2, a.hvc);
}

#define FZ_FIRST_AA OP_fz_add_imm64_add_imm64
#define FZ_LAST OP_fz_str64_rlsl_add_lsl32

static void test_pairs(void **state)
{
    cpu_harness_t *f = *state;
    int faults = 0, done = 0;
    for (int rep = 0; rep < 300; rep++) {
        for (int p = 0; p < NALU; p++)
            for (int q = 0; q < NALU; q++)
                pair_case(f, alu_insn(p), alu_insn(q), FZ_FIRST_AA, FZ_LAST);
        for (int p = 0; p < NALU; p++)
            for (int q = 0; q < NMEM; q++) {
                pair_case(f, alu_insn(p), mem_insn(q), FZ_FIRST_AA, FZ_LAST);
                pair_case(f, mem_insn(q), alu_insn(p), FZ_FIRST_AA, FZ_LAST);
                faults += f->hvc == 1;
                done++;
            }
    }
    /* Both outcomes must be common, or the test proves little. */
    assert_true(faults > done / 50);
    assert_true(faults < done / 2);
}

/* A fault in the memory half: ALU + load that aborts reports the load, with
 * the ALU result written; load + ALU that aborts leaves the ALU undone. */
static void test_fault_pc(void **state)
{
    cpu_harness_t *f = *state;
    cpu_t *cpu = f->cpu;
    cpu->x[1] = 0x1000;  /* base outside RAM: external abort */
    cpu->x[2] = 0;
    cpu->x[3] = 5;
    uint64_t pc = f->next;
    static const uint32_t code1[] = {
        0x91000863, /* add x3, x3, #2 */
        0xb8627824, /* ldr w4, [x1, x2, lsl #2] */
    };
    ch_run(f, code1, 2);
    assert_int_equal(f->hvc, 1);
    assert_int_equal(cpu->sys.elr, pc + 4);
    assert_int_equal(cpu->sys.far, 0x1000);
    assert_int_equal(cpu->x[3], 7);

    pc = f->next;
    static const uint32_t code2[] = {
        0xb8627824, /* ldr w4, [x1, x2, lsl #2] */
        0x91000863, /* add x3, x3, #2 */
    };
    cpu->x[3] = 5;
    ch_run(f, code2, 2);
    assert_int_equal(f->hvc, 1);
    assert_int_equal(cpu->sys.elr, pc);
    assert_int_equal(cpu->x[3], 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pairs),
        cmocka_unit_test(test_fault_pc),
    };
    return cmocka_run_group_tests(tests, setup, ch_teardown);
}
