/* test_cpu_cmpbr.c - the fused compare-and-branch ops (cpu/branch.c:
 * branch_fuse_cmp): CMP/SUBS directly followed by B.cond is translated into one
 * op. Every condition EQ..LE, both widths, immediate and register forms, and a
 * SUBS with a real destination, over edge values (zero, sign boundaries, all
 * ones), against a model of the Arm pseudocode written here (AddWithCarry with
 * NOT(operand) and carry 1, then ConditionHolds). Each program also runs with a
 * NOP between the compare and the branch, which keeps them apart (the unfused
 * path): both must agree with the model on the branch, the result register and
 * the NZCV a later reader sees.
 */
#include <stdlib.h>

#include "cpu/cpu_internal.h"
#include "cpu/tb.h"
#include "mem/physmap.h"
#include "cpu_harness.h"

#define RAM_SIZE (16u << 20)

static int setup(void **state)
{
    static cpu_harness_t f;
    ch_init_fresh(&f, RAM_SIZE, CPU_MODEL_CORTEX_A57);
    *state = &f;
    return 0;
}

/* AddWithCarry(a, NOT(b), 1) flags at width w, as NZCV in bits 3:0. */
static unsigned model_nzcv(uint64_t a, uint64_t b, int w)
{
    uint64_t mask = w == 64 ? ~0ull : 0xffffffffull, sign = 1ull << (w - 1);
    a &= mask;
    b &= mask;
    uint64_t r = (a - b) & mask;
    unsigned n = (r & sign) != 0, z = r == 0, c = a >= b, v = (((a ^ b) & (a ^ r)) & sign) != 0;
    return n << 3 | z << 2 | c << 1 | v;
}

static const uint64_t values[] = {
    0, 1, 2, 5, 0xfff, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull,
    0x8000000000000000ull, 0xffffffffffffffffull, 0xffffffff80000000ull, 0x123456789abcdef0ull,
};
#define NVALUES (sizeof(values) / sizeof(values[0]))

/* Run cmp_insn; [nop;] b.cond taken; x0 = 1; b end; taken: x0 = 2; end: HVC #0.
 * Check the branch went the model's way, NZCV and (for SUBS X3) the result. */
static void run_case(cpu_harness_t *f, uint32_t cmp_insn, unsigned cond, uint64_t a, uint64_t b,
                     int w, bool apart, bool has_rd)
{
    uint32_t code[7];
    size_t n = 0;
    code[n++] = cmp_insn;
    if (apart)
        code[n++] = 0xd503201f;                          /* nop */
    code[n++] = 0x54000000u | 3u << 5 | cond;           /* b.cond +12 */
    code[n++] = 0xd2800020;                              /* movz x0, #1 */
    code[n++] = 0x14000002;                              /* b +8 */
    code[n++] = 0xd2800040;                              /* movz x0, #2 */
    f->cpu->x[0] = 0;
    f->cpu->x[1] = a;
    f->cpu->x[2] = b;
    f->cpu->x[3] = 0xdead;
    ch_run_ok(f, code, n);
    unsigned want_nzcv = model_nzcv(a, b, w);
    bool taken = model_condition_holds(want_nzcv, cond);
    if (f->cpu->x[0] != (taken ? 2u : 1u) || cpu_get_nzcv(f->cpu) >> 28 != want_nzcv)
        fail_msg("%08x b.cond %u (%s) a=%016llx b=%016llx: x0=%llu nzcv=%x, want x0=%u nzcv=%x",
                 cmp_insn, cond, apart ? "apart" : "fused", (unsigned long long)a,
                 (unsigned long long)b, (unsigned long long)f->cpu->x[0],
                 cpu_get_nzcv(f->cpu) >> 28, taken ? 2 : 1, want_nzcv);
    if (has_rd) {
        uint64_t want = w == 64 ? a - b : (uint32_t)(a - b);
        assert_int_equal(f->cpu->x[3], want);
    }
}

static void test_register_forms(void **state)
{
    cpu_harness_t *f = *state;
    static const struct { uint32_t insn; int w; bool rd; } forms[] = {
        { 0xeb02003f, 64, false }, /* cmp x1, x2 */
        { 0x6b02003f, 32, false }, /* cmp w1, w2 */
        { 0xeb020023, 64, true },  /* subs x3, x1, x2 */
        { 0x6b020023, 32, true },  /* subs w3, w1, w2 */
    };
    for (size_t k = 0; k < sizeof(forms) / sizeof(forms[0]); k++)
        for (unsigned cond = 0; cond < 14; cond++)
            for (size_t i = 0; i < NVALUES; i++)
                for (size_t j = 0; j < NVALUES; j++)
                    for (int apart = 0; apart < 2; apart++) {
                        if (f->next > CH_RAM_BASE + RAM_SIZE - 4096)
                            f->next = CH_CODE_BASE;
                        tb_flush(f->cpu);
                        run_case(f, forms[k].insn, cond, values[i], values[j], forms[k].w, apart,
                                 forms[k].rd);
                    }
}

static void test_immediate_forms(void **state)
{
    cpu_harness_t *f = *state;
    static const struct { uint32_t imm12; bool sh; } imms[] = {
        { 0, false }, { 1, false }, { 5, false }, { 0xfff, false }, { 1, true }, { 0xfff, true },
    };
    for (int w = 32; w <= 64; w += 32)
        for (size_t m = 0; m < sizeof(imms) / sizeof(imms[0]); m++) {
            /* cmp Xn|Wn, #imm{, lsl #12}: SUBS XZR, X1, #imm */
            uint32_t insn = (w == 64 ? 0xf100003fu : 0x7100003fu) | imms[m].imm12 << 10 |
                            (uint32_t)imms[m].sh << 22;
            uint64_t b = (uint64_t)imms[m].imm12 << (imms[m].sh ? 12 : 0);
            for (unsigned cond = 0; cond < 14; cond++)
                for (size_t i = 0; i < NVALUES; i++)
                    for (int apart = 0; apart < 2; apart++) {
                        if (f->next > CH_RAM_BASE + RAM_SIZE - 4096)
                            f->next = CH_CODE_BASE;
                        tb_flush(f->cpu);
                        run_case(f, insn, cond, values[i], b, w, apart, false);
                    }
        }
}

/* The fusion must really happen: the block holding CMP + B.cond gets a fused
 * op in place of the SUBS, and with a NOP between them it does not. */
static void test_fusion_happens(void **state)
{
    cpu_harness_t *f = *state;
    static const uint32_t fused[] = { 0xeb02003f, 0x54000060 }; /* cmp x1, x2; b.eq +12 */
    static const uint32_t apart[] = { 0xeb02003f, 0xd503201f, 0x54000060 };
    tb_flush(f->cpu);
    uint64_t pc = ch_run(f, fused, 2);
    f->cpu->pc = pc;
    tb_t *tb = tb_find(f->cpu);
    assert_int_equal(tb->ops[0].kind, OP_cmpbr_r64_eq);
    assert_int_equal(tb->ops[1].kind, OP_bcond);
    pc = ch_run(f, apart, 3);
    f->cpu->pc = pc;
    tb = tb_find(f->cpu);
    assert_int_equal(tb->ops[0].kind, OP_subs_lsl64);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_register_forms),
        cmocka_unit_test(test_immediate_forms),
        cmocka_unit_test(test_fusion_happens),
    };
    return cmocka_run_group_tests(tests, setup, ch_teardown);
}
