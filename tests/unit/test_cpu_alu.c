/* test_cpu_alu.c - the A64 integer data-processing instructions (cpu/dp_*.c),
 * executed by a real CPU over guest RAM at EL1 with the MMU off.
 *
 * Each test writes a few instruction words into RAM followed by HVC #0,
 * whose firmware hook stops the CPU. The synchronous-exception vector
 * (VBAR_EL1 + 0x200, current EL with SP_ELx) holds HVC #1, so an UNDEFINED
 * instruction stops the CPU there with ESR_EL1/ELR_EL1 set. Every program
 * goes to a fresh address, so no stale translation is ever reused.
 *
 * Instruction words come from aarch64-linux-gnu-as (shown beside each);
 * reserved encodings were checked to be "undefined" for objdump. Expected
 * values were worked out by hand from the Arm pseudocode, and the handlers
 * were also checked against qemu-aarch64 on ~700k random instances.
 */
#include <stdlib.h>

#include "cpu/cpu_internal.h"
#include "mem/physmap.h"
#include "cpu_harness.h"

#define RAM_BASE CH_RAM_BASE
#define RAM_SIZE (16u << 20)

static int setup(void **state)
{
    static cpu_harness_t f;
    ch_init_fresh(&f, RAM_SIZE, CPU_MODEL_CORTEX_A57);
    *state = &f;
    return 0;
}

#define X(f, n) ((f)->cpu->x[n])
#define SP(f) ((f)->cpu->x[REG_SP])
#define NZCV(f) (cpu_get_nzcv((f)->cpu) >> 28)

/* The instruction must be UNDEFINED: exception with EC = 0 (IL = 1), ELR =
 * its address, and no register written. */
static void expect_undef(cpu_harness_t *f, uint32_t insn)
{
    for (int i = 0; i < 31; i++)
        X(f, i) = 0x5a5a5a5a00000000ull + (uint64_t)i;
    SP(f) = 0x40ff0000;
    uint64_t pc = ch_run(f, &insn, 1);
    if (f->hvc != 1)
        fail_msg("%08x: not UNDEFINED", insn);
    assert_int_equal(f->cpu->sys.esr, (uint64_t)ESR_IL);
    assert_int_equal(f->cpu->sys.elr, pc);
    for (int i = 0; i < 31; i++)
        assert_int_equal(X(f, i), 0x5a5a5a5a00000000ull + (uint64_t)i);
    assert_int_equal(SP(f), 0x40ff0000);
}

/* ---- AddWithCarry, independently: 128-bit sums ------------------------- */

static uint64_t ref_awc(uint64_t x, uint64_t y, unsigned c, bool sf, unsigned *nzcv)
{
    uint64_t m = sf ? ~0ull : 0xffffffffull;
    x &= m;
    y &= m;
    unsigned __int128 us = (unsigned __int128)x + y + c;
    __int128 sx = sf ? (int64_t)x : (int32_t)(uint32_t)x;
    __int128 sy = sf ? (int64_t)y : (int32_t)(uint32_t)y;
    __int128 ss = sx + sy + c;
    uint64_t r = (uint64_t)us & m;
    __int128 sr = sf ? (int64_t)r : (int32_t)(uint32_t)r;
    unsigned n = (unsigned)(r >> (sf ? 63 : 31)) & 1, z = r == 0;
    unsigned cf = (unsigned __int128)r != us, v = sr != ss;
    *nzcv = n << 3 | z << 2 | cf << 1 | v;
    return r;
}

/* ADDS/SUBS/ADCS/SBCS, 32 and 64 bits, over a grid of edge values and both
 * carry-ins: result, NZCV, the carry as ADC sees it right after (the lazy
 * fast path), and all 14 conditions through CSET. */
static void test_addsub_flags(void **state)
{
    cpu_harness_t *f = *state;
    static const uint64_t vals[] = {
        0, 1, 2, 0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull,
        0xfffffffffffffffeull, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
        0xffffffff7fffffffull, 0x123456789abcdef0ull,
    };
    static const uint32_t ops[8] = {
        0xab010002, /* adds x2, x0, x1 */
        0x2b010002, /* adds w2, w0, w1 */
        0xeb010002, /* subs x2, x0, x1 */
        0x6b010002, /* subs w2, w0, w1 */
        0xba010002, /* adcs x2, x0, x1 */
        0x3a010002, /* adcs w2, w0, w1 */
        0xfa010002, /* sbcs x2, x0, x1 */
        0x7a010002, /* sbcs w2, w0, w1 */
    };
    static const uint32_t tail[15] = {
        0x9a1f03f1, /* adc x17, xzr, xzr */
        0x9a9f17e3, /* cset x3, eq */
        0x9a9f07e4, /* cset x4, ne */
        0x9a9f37e5, /* cset x5, cs */
        0x9a9f27e6, /* cset x6, cc */
        0x9a9f57e7, /* cset x7, mi */
        0x9a9f47e8, /* cset x8, pl */
        0x9a9f77e9, /* cset x9, vs */
        0x9a9f67ea, /* cset x10, vc */
        0x9a9f97eb, /* cset x11, hi */
        0x9a9f87ec, /* cset x12, ls */
        0x9a9fb7ed, /* cset x13, ge */
        0x9a9fa7ee, /* cset x14, lt */
        0x9a9fd7ef, /* cset x15, gt */
        0x9a9fc7f0, /* cset x16, le */
    };
    size_t nv = sizeof(vals) / sizeof(vals[0]);
    for (int k = 0; k < 8; k++) {
        bool sf = !(k & 1), sub = k & 2, carry = k & 4;
        for (size_t i = 0; i < nv; i++)
            for (size_t j = 0; j < nv; j++)
                for (unsigned cin = 0; cin < 2; cin++) {
                    uint32_t code[16];
                    code[0] = ops[k];
                    memcpy(code + 1, tail, sizeof(tail));
                    X(f, 0) = vals[i];
                    X(f, 1) = vals[j];
                    cpu_set_nzcv(f->cpu, cin << 29);
                    ch_run_ok(f, code, 16);
                    unsigned c = carry ? cin : sub;
                    uint64_t y = sub ? ~vals[j] : vals[j];
                    unsigned nzcv;
                    uint64_t r = ref_awc(vals[i], y, c, sf, &nzcv);
                    if (X(f, 2) != r || NZCV(f) != nzcv)
                        fail_msg("op %d (%016llx, %016llx, c=%u): r %016llx nzcv %x, want %016llx %x", k,
                                 (unsigned long long)vals[i], (unsigned long long)vals[j], cin,
                                 (unsigned long long)X(f, 2), NZCV(f), (unsigned long long)r, nzcv);
                    assert_int_equal(X(f, 17), nzcv >> 1 & 1);
                    for (unsigned cond = 0; cond < 14; cond++)
                        assert_int_equal(X(f, 3 + cond), model_condition_holds(nzcv, cond));
                }
    }
}

/* ADC/SBC read the carry left by every kind of flag producer. */
static void test_carry_in_sources(void **state)
{
    cpu_harness_t *f = *state;
    /* Producer, then adc x3, xzr, xzr (x3 = C) and sbc x4, xzr, xzr (x4 = C - 1). */
    static const struct { uint32_t insn; uint64_t x0, x1, c; } cases[] = {
        { 0xab010002, ~0ull, 1, 1 },          /* adds x2, x0, x1: carry out */
        { 0xab010002, 5, 1, 0 },
        { 0x2b010002, 0xffffffff, 1, 1 },     /* adds w2, w0, w1 */
        { 0x2b010002, 0x1fffffffe, 1, 0 },
        { 0xeb010002, 5, 5, 1 },              /* subs x2, x0, x1: no borrow */
        { 0xeb010002, 4, 5, 0 },
        { 0x6b010002, 0x100000000, 1, 0 },    /* subs w2, w0, w1: 0 - 1 borrows */
        { 0x6a010002, ~0ull, ~0ull, 0 },      /* ands w2, w0, w1: C = 0 */
        { 0xba010002, ~0ull, 0, 1 },          /* adcs x2, x0, x1 with C = 1 in */
        { 0xfa010002, 0, 0, 1 },              /* sbcs x2, x0, x1: 0 + ~0 + 1 */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint32_t code[3] = { cases[i].insn, 0x9a1f03e3 /* adc x3, xzr, xzr */,
                             0xda1f03e4 /* sbc x4, xzr, xzr */ };
        X(f, 0) = cases[i].x0;
        X(f, 1) = cases[i].x1;
        cpu_set_nzcv(f->cpu, 1u << 29);
        ch_run_ok(f, code, 3);
        assert_int_equal(X(f, 3), cases[i].c);
        assert_int_equal(X(f, 4), cases[i].c - 1);
    }
    /* MSR-style NZCV state. */
    cpu_set_nzcv(f->cpu, 0x20000000);
    X(f, 0) = 41;
    CH_RUN(f, 0x9a1f0003 /* adc x3, x0, xzr */);
    assert_int_equal(X(f, 3), 42);
}

/* Shifts by register take the amount modulo the width; immediate shifts. */
static void test_variable_shifts(void **state)
{
    cpu_harness_t *f = *state;
    static const uint64_t amounts[] = { 0, 1, 4, 31, 32, 33, 63, 64, 65, 127, 0xffffffffffffffffull };
    const uint64_t v = 0x8123456789abcdefull;
    for (size_t i = 0; i < sizeof(amounts) / sizeof(amounts[0]); i++) {
        unsigned s64 = amounts[i] & 63, s32 = amounts[i] & 31;
        uint32_t w = (uint32_t)v;
        static const uint32_t insns[8] = {
            0x9ac12002, /* lslv x2, x0, x1 */
            0x1ac12002, /* lslv w2, w0, w1 */
            0x9ac12402, /* lsrv x2, x0, x1 */
            0x1ac12402, /* lsrv w2, w0, w1 */
            0x9ac12802, /* asrv x2, x0, x1 */
            0x1ac12802, /* asrv w2, w0, w1 */
            0x9ac12c02, /* rorv x2, x0, x1 */
            0x1ac12c02, /* rorv w2, w0, w1 */
        };
        uint64_t want[8] = {
            v << s64, (uint32_t)(w << s32), v >> s64, w >> s32,
            (uint64_t)((int64_t)v >> s64), (uint32_t)((int32_t)w >> s32),
            s64 ? (v >> s64 | v << (64 - s64)) : v, s32 ? (uint32_t)(w >> s32 | w << (32 - s32)) : w,
        };
        for (int k = 0; k < 8; k++) {
            X(f, 0) = v;
            X(f, 1) = amounts[i];
            ch_run_ok(f, &insns[k], 1);
            if (X(f, 2) != want[k])
                fail_msg("shift %d by %llu: %016llx want %016llx", k, (unsigned long long)amounts[i],
                         (unsigned long long)X(f, 2), (unsigned long long)want[k]);
        }
    }
}

/* ---- DecodeBitMasks ------------------------------------------------------ */

/* The pseudocode's definition, done bit by bit: element size from the
 * highest set bit of N:NOT(imms); S+1 ones rotated right by R; replicated. */
static bool ref_bitmask(unsigned n, unsigned immr, unsigned imms, unsigned width, uint64_t *out)
{
    unsigned v = n << 6 | (~imms & 63);
    int len = -1;
    for (int i = 6; i >= 0; i--)
        if (v >> i & 1) {
            len = i;
            break;
        }
    if (len < 1)
        return false;
    unsigned esize = 1u << len;
    if (esize > width)
        return false;
    unsigned s = imms & (esize - 1), r = immr & (esize - 1);
    if (s == esize - 1)
        return false;
    uint64_t res = 0;
    for (unsigned bit = 0; bit < width; bit++)
        if ((bit % esize + r) % esize <= s)
            res |= 1ull << bit;
    *out = res;
    return true;
}

/* Every (N, immr, imms) for both widths through ORR Xd, XZR, #imm (and the
 * reserved ones through AND, which must be UNDEFINED). */
static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void test_bitmask_immediates(void **state)
{
    cpu_harness_t *f = *state;
    static uint64_t seen[2][8192];
    unsigned valid[2] = { 0, 0 };
    for (unsigned sf = 0; sf < 2; sf++)
        for (unsigned n = 0; n < 2; n++)
            for (unsigned immr = 0; immr < 64; immr++)
                for (unsigned imms = 0; imms < 64; imms++) {
                    uint32_t fields = n << 22 | immr << 16 | imms << 10;
                    uint64_t want;
                    bool ok = ref_bitmask(n, immr, imms, sf ? 64 : 32, &want);
                    if (!ok) {
                        /* and xN, x1, #imm: sample the reserved ones (all would be slow). */
                        if ((immr & 7) == 0)
                            expect_undef(f, sf << 31 | 0x12000000 | fields | 1 << 5 | 2);
                        continue;
                    }
                    seen[sf][valid[sf]++] = want;
                    uint32_t code[2] = {
                        sf << 31 | 0x32000000 | fields | 31 << 5 | 0,  /* orr x0, xzr, #imm */
                        sf << 31 | 0x52000000 | fields | 1 << 5 | 3,   /* eor x3, x1, #imm */
                    };
                    X(f, 1) = 0xffffffffffffffffull;
                    ch_run_ok(f, code, 2);
                    if (X(f, 0) != want)
                        fail_msg("sf=%u N=%u immr=%u imms=%u: %016llx want %016llx", sf, n, immr, imms,
                                 (unsigned long long)X(f, 0), (unsigned long long)want);
                    assert_int_equal(X(f, 3), ~want & (sf ? ~0ull : 0xffffffffull));
                }
    /* Every immr is accepted (only its low log2(esize) bits matter), so
     * there are 64 * sum(esize - 1) valid encodings, of 5334 distinct 64-bit
     * and 1302 distinct 32-bit values. */
    assert_int_equal(valid[1], 64 * (1 + 3 + 7 + 15 + 31 + 63));
    assert_int_equal(valid[0], 64 * (1 + 3 + 7 + 15 + 31));
    for (int sf = 0; sf < 2; sf++) {
        qsort(seen[sf], valid[sf], sizeof(uint64_t), cmp_u64);
        unsigned distinct = 0;
        for (unsigned i = 0; i < valid[sf]; i++)
            distinct += i == 0 || seen[sf][i] != seen[sf][i - 1];
        assert_int_equal(distinct, sf ? 5334 : 1302);
    }
}

/* Logical immediates with SP as destination and flag setting. */
static void test_logical_imm_forms(void **state)
{
    cpu_harness_t *f = *state;
    X(f, 1) = 0x4020001f;
    CH_RUN(f, 0xb2401c3f /* orr sp, x1, #0xff */);
    assert_int_equal(SP(f), 0x402000ff);
    CH_RUN(f, 0x927cec3f /* and sp, x1, #0xfffffffffffffff0 */);
    assert_int_equal(SP(f), 0x40200010);
    X(f, 1) = 0x8000000000000000ull;
    cpu_set_nzcv(f->cpu, 0x3u << 28);
    CH_RUN(f, 0xf241003f /* tst x1, #0x8000000000000000 */);
    assert_int_equal(NZCV(f), 0x8); /* N; C and V cleared */
    CH_RUN(f, 0xf240003f /* ands xzr, x1, #1 */);
    assert_int_equal(NZCV(f), 0x4);
    assert_int_equal(f->cpu->x[REG_ZR], 0);
}

/* ---- conditional compare / select ---------------------------------------- */

static void test_ccmp(void **state)
{
    cpu_harness_t *f = *state;
    static const struct {
        uint32_t insn;
        uint64_t x2, x3;
        unsigned holds_nzcv, fails_nzcv;
        uint64_t eq_x0, eq_x1, ne_x0, ne_x1; /* cmp x0, x1 makes the condition hold / fail */
    } cases[] = {
        /* ccmp x2, x3, #0x5, eq: 1 - 2 = N */
        { 0xfa430045, 1, 2, 0x8, 0x5, 7, 7, 7, 8 },
        /* ccmp w2, #7, #0xa, ne: 7 - 7 = ZC */
        { 0x7a47184a, 0xffffffff00000007ull, 0, 0x6, 0xa, 7, 8, 7, 7 },
        /* ccmn x2, #3, #0x3, eq: -3 + 3 = ZC */
        { 0xba430843, (uint64_t)-3, 0, 0x6, 0x3, 7, 7, 7, 8 },
        /* ccmn w2, w3, #0x9, cc: 0xffffffff + 1 = ZC */
        { 0x3a433049, 0xffffffff, 1, 0x6, 0x9, 1, 2, 2, 1 },
        /* ccmp x2, x3, #0, eq: INT64_MIN - 1 overflows = CV */
        { 0xfa430040, 0x8000000000000000ull, 1, 0x3, 0x0, 7, 7, 7, 8 },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint32_t code[2] = { 0xeb01001f /* cmp x0, x1 */, cases[i].insn };
        X(f, 2) = cases[i].x2;
        X(f, 3) = cases[i].x3;
        X(f, 0) = cases[i].eq_x0;
        X(f, 1) = cases[i].eq_x1;
        ch_run_ok(f, code, 2);
        assert_int_equal(NZCV(f), cases[i].holds_nzcv);
        X(f, 0) = cases[i].ne_x0;
        X(f, 1) = cases[i].ne_x1;
        ch_run_ok(f, code, 2);
        assert_int_equal(NZCV(f), cases[i].fails_nzcv);
    }
}

static void test_csel(void **state)
{
    cpu_harness_t *f = *state;
    X(f, 1) = 0xffffffff0000000aull;
    X(f, 2) = 20;
    cpu_set_nzcv(f->cpu, 0x4u << 28); /* Z */
    CH_RUN(f, 0x9a820023, /* csel x3, x1, x2, eq */
           0x9a821424, /* csinc x4, x1, x2, ne */
           0xda821025, /* csinv x5, x1, x2, ne */
           0xda821426, /* csneg x6, x1, x2, ne */
           0x9a9f17e7, /* cset x7, eq */
           0xda9f03e8, /* csetm x8, ne */
           0x9a811429, /* cinc x9, x1, eq */
           0x5a81142a, /* cneg w10, w1, eq */
           0x1a82e02b, /* csel w11, w1, w2, al */
           0x9a82f02c, /* csel x12, x1, x2, nv */
           0x1a82142d  /* csinc w13, w1, w2, ne */);
    assert_int_equal(X(f, 3), 0xffffffff0000000aull);
    assert_int_equal(X(f, 4), 21);
    assert_int_equal(X(f, 5), ~20ull);
    assert_int_equal(X(f, 6), (uint64_t)-20);
    assert_int_equal(X(f, 7), 1);
    assert_int_equal(X(f, 8), 0);
    assert_int_equal(X(f, 9), 0xffffffff0000000bull);
    assert_int_equal(X(f, 10), 0xfffffff6);
    assert_int_equal(X(f, 11), 10);
    assert_int_equal(X(f, 12), 0xffffffff0000000aull);
    assert_int_equal(X(f, 13), 21);
    /* CSETM with the condition holding. */
    cpu_set_nzcv(f->cpu, 0);
    CH_RUN(f, 0xda9f03e8 /* csetm x8, ne */);
    assert_int_equal(X(f, 8), ~0ull);
}

/* ---- multiply / divide --------------------------------------------------- */

static void test_division(void **state)
{
    cpu_harness_t *f = *state;
    static const struct { uint32_t insn; uint64_t n, m, want; } cases[] = {
        { 0x9ac10802, 100, 7, 14 },                                   /* udiv x2, x0, x1 */
        { 0x9ac10802, 100, 0, 0 },
        { 0x9ac10802, ~0ull, 1, ~0ull },
        { 0x9ac10802, ~0ull, ~0ull, 1 },
        { 0x1ac10802, 0xffffffff00000064ull, 0xab00000007ull, 14 },    /* udiv w2, w0, w1 */
        { 0x1ac10802, 0xffffffff, 0x100000000ull, 0 },
        { 0x9ac10c02, 0x8000000000000000ull, ~0ull, 0x8000000000000000ull }, /* sdiv x2, x0, x1 */
        { 0x9ac10c02, 0x8000000000000000ull, 0, 0 },
        { 0x9ac10c02, (uint64_t)-7, 2, (uint64_t)-3 },
        { 0x9ac10c02, 7, (uint64_t)-2, (uint64_t)-3 },
        { 0x9ac10c02, (uint64_t)-7, (uint64_t)-2, 3 },
        { 0x1ac10c02, 0x80000000, 0xffffffff, 0x80000000 },           /* sdiv w2, w0, w1 */
        { 0x1ac10c02, 0x80000000, 0, 0 },
        { 0x1ac10c02, 0x12fffffff9ull, 2, 0xfffffffd },
        { 0x1ac10c02, 5, 0xffffffff, 0xfffffffb },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        X(f, 0) = cases[i].n;
        X(f, 1) = cases[i].m;
        ch_run_ok(f, &cases[i].insn, 1);
        if (X(f, 2) != cases[i].want)
            fail_msg("case %zu: %016llx want %016llx", i, (unsigned long long)X(f, 2),
                     (unsigned long long)cases[i].want);
    }
}

static void test_multiply(void **state)
{
    cpu_harness_t *f = *state;
    X(f, 0) = 0xfffffffffffffffeull; /* -2 */
    X(f, 1) = 0x7fffffff00000003ull;
    X(f, 2) = 100;
    CH_RUN(f, 0x9b010803, /* madd x3, x0, x1, x2 */
           0x9b018804, /* msub x4, x0, x1, x2 */
           0x1b010805, /* madd w5, w0, w1, w2 */
           0x1b018806, /* msub w6, w0, w1, w2 */
           0x9b017c07, /* mul x7, x0, x1 */
           0x1b017c08, /* mul w8, w0, w1 */
           0x9b210809, /* smaddl x9, w0, w1, x2 */
           0x9b21880a, /* smsubl x10, w0, w1, x2 */
           0x9ba1080b, /* umaddl x11, w0, w1, x2 */
           0x9ba1880c, /* umsubl x12, w0, w1, x2 */
           0x9b417c0d, /* smulh x13, x0, x1 */
           0x9bc17c0e, /* umulh x14, x0, x1 */
           0x9b01fc0f  /* mneg x15, x0, x1 */);
    assert_int_equal(X(f, 3), 0x000000020000005eull);
    assert_int_equal(X(f, 4), 0xfffffffe0000006aull);
    assert_int_equal(X(f, 5), 94);
    assert_int_equal(X(f, 6), 106);
    assert_int_equal(X(f, 7), 0x00000001fffffffaull);
    assert_int_equal(X(f, 8), 0xfffffffa);
    assert_int_equal(X(f, 9), 94);
    assert_int_equal(X(f, 10), 106);
    assert_int_equal(X(f, 11), 0x30000005eull);
    assert_int_equal(X(f, 12), 0xfffffffd0000006aull);
    assert_int_equal(X(f, 13), ~0ull);
    assert_int_equal(X(f, 14), 0x7fffffff00000002ull);
    assert_int_equal(X(f, 15), 0xfffffffe00000006ull);
    /* SMULH/UMULH of the extremes. */
    X(f, 0) = 0x8000000000000000ull;
    X(f, 1) = 0x8000000000000000ull;
    CH_RUN(f, 0x9b417c0d, 0x9bc17c0e);
    assert_int_equal(X(f, 13), 0x4000000000000000ull);
    assert_int_equal(X(f, 14), 0x4000000000000000ull);
}

/* ---- bitfield, extract --------------------------------------------------- */

static void test_bitfield(void **state)
{
    cpu_harness_t *f = *state;
    X(f, 0) = 0xf123456789abcdefull;
    CH_RUN(f, 0x93401c02, /* sxtb x2, w0 */
           0x93403c03, /* sxth x3, w0 */
           0x93407c04, /* sxtw x4, w0 */
           0x13001c05, /* sxtb w5, w0 */
           0x13003c06, /* sxth w6, w0 */
           0x53001c07, /* uxtb w7, w0 */
           0x53003c08, /* uxth w8, w0 */
           0x93442c09, /* sbfx x9, x0, #4, #8 */
           0x131c7c0a, /* sbfx w10, w0, #28, #4 */
           0xd37cfc0b, /* ubfx x11, x0, #60, #4 */
           0x53017c0c, /* ubfx w12, w0, #1, #31 */
           0x93440c0d, /* sbfiz x13, x0, #60, #4 */
           0x5302040e  /* ubfiz w14, w0, #30, #2 */);
    assert_int_equal(X(f, 2), 0xffffffffffffffefull);
    assert_int_equal(X(f, 3), 0xffffffffffffcdefull);
    assert_int_equal(X(f, 4), 0xffffffff89abcdefull);
    assert_int_equal(X(f, 5), 0xffffffef);
    assert_int_equal(X(f, 6), 0xffffcdef);
    assert_int_equal(X(f, 7), 0xef);
    assert_int_equal(X(f, 8), 0xcdef);
    assert_int_equal(X(f, 9), 0xffffffffffffffdeull);
    assert_int_equal(X(f, 10), 0xfffffff8);
    assert_int_equal(X(f, 11), 0xf);
    assert_int_equal(X(f, 12), 0x44d5e6f7);
    assert_int_equal(X(f, 13), 0xf000000000000000ull);
    assert_int_equal(X(f, 14), 0xc0000000);

    X(f, 1) = 5;
    X(f, 8) = 0x1111111111111111ull;
    X(f, 9) = ~0ull;
    X(f, 10) = 0x2222222222222222ull;
    CH_RUN(f, 0x937ffc02, /* asr x2, x0, #63 */
           0x131f7c03, /* asr w3, w0, #31 */
           0xd341fc04, /* lsr x4, x0, #1 */
           0x531f7c05, /* lsr w5, w0, #31 */
           0xd3410006, /* lsl x6, x0, #63 */
           0x531c6c07, /* lsl w7, w0, #4 */
           0xb3783c08, /* bfi x8, x0, #8, #16 */
           0x33042c09, /* bfxil w9, w0, #4, #8 */
           0x3301000a, /* bfi w10, w0, #31, #1 */
           0xb340fc0b, /* bfxil x11, x0, #0, #64 */
           0x93c0300c, /* ror x12, x0, #12 */
           0x1380500d, /* ror w13, w0, #20 */
           0x93c1100e, /* extr x14, x0, x1, #4 */
           0x13817c0f, /* extr w15, w0, w1, #31 */
           0xd340fc10, /* lsr x16, x0, #0 */
           0x13007c11  /* asr w17, w0, #0 */);
    assert_int_equal(X(f, 2), ~0ull);
    assert_int_equal(X(f, 3), 0xffffffff);
    assert_int_equal(X(f, 4), 0x7891a2b3c4d5e6f7ull);
    assert_int_equal(X(f, 5), 1);
    assert_int_equal(X(f, 6), 0x8000000000000000ull);
    assert_int_equal(X(f, 7), 0x9abcdef0);
    assert_int_equal(X(f, 8), 0x1111111111cdef11ull);
    assert_int_equal(X(f, 9), 0xffffffde);
    assert_int_equal(X(f, 10), 0xa2222222);
    assert_int_equal(X(f, 11), 0xf123456789abcdefull);
    assert_int_equal(X(f, 12), 0xdeff123456789abcull);
    assert_int_equal(X(f, 13), 0xbcdef89a);
    assert_int_equal(X(f, 14), 0xf000000000000000ull);
    assert_int_equal(X(f, 15), 0x13579bde);
    assert_int_equal(X(f, 16), 0xf123456789abcdefull);
    assert_int_equal(X(f, 17), 0x89abcdef);
}

/* ---- 1-source: CLZ, CLS, RBIT, REV* -------------------------------------- */

static void test_count_bits(void **state)
{
    cpu_harness_t *f = *state;
    static const struct { uint64_t v, clz64, clz32, cls64, cls32; } cases[] = {
        { 0, 64, 32, 63, 31 },
        { ~0ull, 0, 0, 63, 31 },
        { 1, 63, 31, 62, 30 },
        { 0x80000000, 32, 0, 31, 0 },
        { 0x8000000000000000ull, 0, 32, 0, 31 },
        { 0xffffffff00000000ull, 0, 32, 31, 31 },
        { 0x00000000c0000000ull, 32, 0, 31, 1 },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        X(f, 0) = cases[i].v;
        CH_RUN(f, 0xdac01002, /* clz x2, x0 */
               0x5ac01003, /* clz w3, w0 */
               0xdac01404, /* cls x4, x0 */
               0x5ac01405  /* cls w5, w0 */);
        assert_int_equal(X(f, 2), cases[i].clz64);
        assert_int_equal(X(f, 3), cases[i].clz32);
        assert_int_equal(X(f, 4), cases[i].cls64);
        assert_int_equal(X(f, 5), cases[i].cls32);
    }
}

static void test_reverse(void **state)
{
    cpu_harness_t *f = *state;
    X(f, 0) = 0x0123456789abcdefull;
    CH_RUN(f, 0xdac00006, /* rbit x6, x0 */
           0x5ac00007, /* rbit w7, w0 */
           0xdac00c08, /* rev x8, x0 */
           0x5ac00809, /* rev w9, w0 */
           0xdac0040a, /* rev16 x10, x0 */
           0x5ac0040b, /* rev16 w11, w0 */
           0xdac0080c  /* rev32 x12, x0 */);
    assert_int_equal(X(f, 6), 0xf7b3d591e6a2c480ull);
    assert_int_equal(X(f, 7), 0xf7b3d591);
    assert_int_equal(X(f, 8), 0xefcdab8967452301ull);
    assert_int_equal(X(f, 9), 0xefcdab89);
    assert_int_equal(X(f, 10), 0x23016745ab89efcdull);
    assert_int_equal(X(f, 11), 0xab89efcd);
    assert_int_equal(X(f, 12), 0x67452301efcdab89ull);
}

/* CRC-32 and CRC-32C of "123456789" are the standard check values
 * 0xcbf43926 and 0xe3069283 (initial value and final XOR 0xffffffff). */
static void test_crc32(void **state)
{
    cpu_harness_t *f = *state;
    X(f, 0) = X(f, 3) = X(f, 4) = X(f, 7) = 0xffffffff;
    X(f, 1) = 0x3837363534333231ull; /* "12345678" */
    X(f, 2) = 0x39;                  /* "9" */
    X(f, 5) = 0x3635;                /* "56" */
    X(f, 6) = 0x3837;                /* "78" */
    CH_RUN(f, 0x9ac14c00, /* crc32x w0, w0, x1 */
           0x1ac24000, /* crc32b w0, w0, w2 */
           0x9ac15c63, /* crc32cx w3, w3, x1 */
           0x1ac25063, /* crc32cb w3, w3, w2 */
           0x1ac14884, /* crc32w w4, w4, w1 */
           0x1ac54484, /* crc32h w4, w4, w5 */
           0x1ac64484, /* crc32h w4, w4, w6 */
           0x1ac24084, /* crc32b w4, w4, w2 */
           0x1ac158e7, /* crc32cw w7, w7, w1 */
           0x1ac554e7, /* crc32ch w7, w7, w5 */
           0x1ac654e7, /* crc32ch w7, w7, w6 */
           0x1ac250e7  /* crc32cb w7, w7, w2 */);
    assert_int_equal(X(f, 0) ^ 0xffffffff, 0xcbf43926);
    assert_int_equal(X(f, 4) ^ 0xffffffff, 0xcbf43926);
    assert_int_equal(X(f, 3) ^ 0xffffffff, 0xe3069283);
    assert_int_equal(X(f, 7) ^ 0xffffffff, 0xe3069283);
    /* Only the low 32 bits of the accumulator count; the result is a W. */
    X(f, 0) = 0xdeadbeef00000000ull;
    X(f, 2) = 0xffffffffffffff00ull;
    CH_RUN(f, 0x1ac24000 /* crc32b w0, w0, w2 */);
    assert_int_equal(X(f, 0), 0);
}

/* ---- register 31, SP forms, extended register ---------------------------- */

static void test_sp_and_zr(void **state)
{
    cpu_harness_t *f = *state;
    SP(f) = 0x40100000;
    CH_RUN(f, 0x910043ff, /* add sp, sp, #0x10 */
           0xd14007ff, /* sub sp, sp, #1, lsl #12 */
           0x910003e0  /* add x0, sp, #0 */);
    assert_int_equal(SP(f), 0x400ff010);
    assert_int_equal(X(f, 0), 0x400ff010);

    X(f, 1) = 0x40200008;
    CH_RUN(f, 0x9100003f, /* mov sp, x1 */
           0x8b216be2, /* add x2, sp, x1, uxtx #2 */
           0x8b21c3e3, /* add x3, sp, w1, sxtw */
           0xcb2113ff, /* sub sp, sp, w1, uxtb #4 */
           0xb10007e4, /* adds x4, sp, #1 */
           0x8b0103e5, /* add x5, xzr, x1 (shifted register: 31 is XZR) */
           0x110013e6  /* add w6, wsp, #4 */);
    assert_int_equal(X(f, 2), 0x140a00028ull);
    assert_int_equal(X(f, 3), 0x80400010);
    assert_int_equal(SP(f), 0x401fff88);
    assert_int_equal(X(f, 4), 0x401fff89);
    assert_int_equal(NZCV(f), 0);
    assert_int_equal(X(f, 5), 0x40200008);
    assert_int_equal(X(f, 6), 0x401fff8c);

    CH_RUN(f, 0xf10023ff /* cmp sp, #8 */);
    assert_int_equal(NZCV(f), 0x2);
    CH_RUN(f, 0xeb2163ff /* cmp sp, x1 (extended register, Rn = SP) */);
    assert_int_equal(NZCV(f), 0x8);
    assert_int_equal(SP(f), 0x401fff88);

    /* Writes to XZR vanish; the ZR slot stays zero. */
    X(f, 1) = 1;
    X(f, 2) = 2;
    CH_RUN(f, 0x8b02003f, /* add xzr, x1, x2 */
           0xf280003f, /* movk xzr, #1 */
           0x9a9f17ff, /* cset xzr, eq */
           0x8b1f0027  /* add x7, x1, xzr */);
    assert_int_equal(f->cpu->x[REG_ZR], 0);
    assert_int_equal(SP(f), 0x401fff88);
    assert_int_equal(X(f, 7), 1);
}

static void test_extended_and_shifted(void **state)
{
    cpu_harness_t *f = *state;
    X(f, 1) = 0x1000;
    X(f, 2) = 0x00000000ffff8080ull;
    CH_RUN(f, 0x8b228027, /* add x7, x1, w2, sxtb */
           0x8b22ac28, /* add x8, x1, w2, sxth #3 */
           0xcb222429, /* sub x9, x1, w2, uxth #1 */
           0xab22e02b, /* adds x11, x1, x2, sxtx */
           0xcb0103ec, /* neg x12, x1 */
           0x8b42fc2e, /* add x14, x1, x2, lsr #63 */
           0x0b827c2f, /* add w15, w1, w2, asr #31 */
           0x6b22882a  /* subs w10, w1, w2, sxtb #2 */);
    assert_int_equal(X(f, 7), 0xf80);
    assert_int_equal(X(f, 8), 0xfffffffffffc1400ull);
    assert_int_equal(X(f, 9), 0xffffffffffff0f00ull);
    assert_int_equal(X(f, 11), 0xffff9080);
    assert_int_equal(X(f, 12), 0xfffffffffffff000ull);
    assert_int_equal(X(f, 14), 0x1000);
    assert_int_equal(X(f, 15), 0xfff);
    assert_int_equal(X(f, 10), 0x1200);
    assert_int_equal(NZCV(f), 0x0); /* 0x1000 - 0xfffffe00: borrow, no overflow */
    CH_RUN(f, 0x6b0103ed /* negs w13, w1 */);
    assert_int_equal(X(f, 13), 0xfffff000);
    assert_int_equal(NZCV(f), 0x8);
}

/* 32-bit operations zero-extend their result into the X register. */
static void test_w_results_zero_extend(void **state)
{
    cpu_harness_t *f = *state;
    X(f, 1) = 0xffffffff80000001ull;
    X(f, 2) = 0xffffffff00000002ull;
    cpu_set_nzcv(f->cpu, 0x4u << 28);
    CH_RUN(f, 0x0b020020, /* add w0, w1, w2 */
           0x51000423, /* sub w3, w1, #1 */
           0x2a020024, /* orr w4, w1, w2 */
           0x2a0103e5, /* mov w5, w1 */
           0x321c0c26, /* orr w6, w1, #0xf0 */
           0x52000027, /* eor w7, w1, #1 */
           0x12103c28, /* and w8, w1, #0xffff0000 */
           0x1a820029, /* csel w9, w1, w2, eq */
           0x2a2103ea, /* mvn w10, w1 */
           0x8a22002b, /* bic x11, x1, x2 */
           0xaa22102c, /* orn x12, x1, x2, lsl #4 */
           0x4ae2202d, /* eon w13, w1, w2, ror #8 */
           0xeaa20c2e, /* bics x14, x1, x2, asr #3 */
           0x6a42042f  /* ands w15, w1, w2, lsr #1 */);
    assert_int_equal(X(f, 0), 0x80000003);
    assert_int_equal(X(f, 3), 0x80000000);
    assert_int_equal(X(f, 4), 0x80000003);
    assert_int_equal(X(f, 5), 0x80000001);
    assert_int_equal(X(f, 6), 0x800000f1);
    assert_int_equal(X(f, 7), 0x80000000);
    assert_int_equal(X(f, 8), 0x80000000);
    assert_int_equal(X(f, 9), 0x80000001);
    assert_int_equal(X(f, 10), 0x7ffffffe);
    assert_int_equal(X(f, 11), 0x80000001);
    assert_int_equal(X(f, 12), 0xffffffffffffffdfull);
    assert_int_equal(X(f, 13), 0x7dfffffe);
    assert_int_equal(X(f, 14), 1);
    assert_int_equal(X(f, 15), 1);
}

/* ---- move wide, PC-relative ---------------------------------------------- */

static void test_movewide_and_adr(void **state)
{
    cpu_harness_t *f = *state;
    X(f, 4) = 0x1111111111111111ull;
    X(f, 5) = 0xaaaaaaaa55555555ull;
    CH_RUN(f, 0xd2e24680, /* movz x0, #0x1234, lsl #48 */
           0x92800001, /* movn x1, #0 */
           0x12800002, /* movn w2, #0 */
           0x52bfffe3, /* movz w3, #0xffff, lsl #16 */
           0xf2d7dde4, /* movk x4, #0xbeef, lsl #32 */
           0x72b95fc5, /* movk w5, #0xcafe, lsl #16 */
           0x92a24686, /* movn x6, #0x1234, lsl #16 */
           0x12a24687  /* movn w7, #0x1234, lsl #16 */);
    assert_int_equal(X(f, 0), 0x1234000000000000ull);
    assert_int_equal(X(f, 1), ~0ull);
    assert_int_equal(X(f, 2), 0xffffffff);
    assert_int_equal(X(f, 3), 0xffff0000);
    assert_int_equal(X(f, 4), 0x1111beef11111111ull);
    assert_int_equal(X(f, 5), 0xcafe5555);
    assert_int_equal(X(f, 6), 0xffffffffedcbffffull);
    assert_int_equal(X(f, 7), 0xedcbffff);

    static const uint32_t adr[] = {
        0x10000008, /* adr x8, . */
        0x707fffe9, /* adr x9, . + 0xfffff */
        0x9000000a, /* adrp x10, . */
        0x9080000b, /* adrp x11, . - 0x100000000 */
        0x1080000c, /* adr x12, . - 0x100000 */
        0xb000000d, /* adrp x13, . + 0x1000 */
    };
    f->next = (f->next | 0xfff) - 7; /* put the ADRP near the end of a page */
    uint64_t pc = ch_run_ok(f, adr, 6);
    assert_int_equal(X(f, 8), pc);
    assert_int_equal(X(f, 9), pc + 4 + 0xfffff);
    assert_int_equal(X(f, 10), (pc + 8) & ~0xfffull);
    assert_int_equal(X(f, 11), ((pc + 12) & ~0xfffull) - 0x100000000ull);
    assert_int_equal(X(f, 12), pc + 16 - 0x100000);
    assert_int_equal(X(f, 13), ((pc + 20) & ~0xfffull) + 0x1000);
}

/* ---- reserved encodings -------------------------------------------------- */

static void test_reserved_encodings_undef(void **state)
{
    cpu_harness_t *f = *state;
    static const uint32_t undef[] = {
        0x8bc20020, /* add (shifted register) with shift = 11 */
        0xebc20020, /* subs (shifted register) with shift = 11 */
        0x0b028020, /* add w0, w1, w2, lsl #32 */
        0x0a028020, /* and w0, w1, w2, lsl #32 */
        0x2a02fc20, /* orr w0, w1, w2, lsl #63 */
        0x8b221420, /* add (extended register) with imm3 = 5 */
        0x8b620020, /* add (extended register) with opt = 01 */
        0x12400020, /* logical immediate, sf = 0 with N = 1 */
        0x9240fc20, /* logical immediate, all-ones element (N = 1, imms = 63) */
        0x9200f820, /* logical immediate, len < 1 (N = 0, imms = 111110) */
        0x9200fc20, /* logical immediate, N = 0, imms = 111111 */
        0xb2800000, /* move wide, opc = 01 */
        0x52c00000, /* movz w0, hw = 2 */
        0x93000020, /* sbfm, sf = 1 with N = 0 */
        0x13400020, /* sbfm, sf = 0 with N = 1 */
        0x53200020, /* ubfm w, immr = 32 */
        0x53008020, /* ubfm w, imms = 32 */
        0x73000020, /* bitfield, opc = 11 */
        0x93820020, /* extr, sf = 1 with N = 0 */
        0x13828020, /* extr w, imms = 32 */
        0x93e20020, /* extr, o0 = 1 */
        0x5ac00c20, /* rev (opc = 11) with sf = 0 */
        0x1ac14c00, /* crc32x with sf = 0 */
        0x9ac24000, /* crc32b with sf = 1 */
        0x1b417c0d, /* smulh with sf = 0 */
        0x1b210809, /* smaddl with sf = 0 */
        0xbb010803, /* 3-source with op54 = 01 */
        0xba820029, /* conditional select with S = 1 */
        0x9a820829, /* conditional select with op2 = 10 */
        0xda430045, /* conditional compare with S = 0 */
        0xfa430445, /* conditional compare with o2 = 1 */
        0xfa430055, /* conditional compare with o3 = 1 */
        0x9a010402, /* adc with opcode2 != 0 */
        0xbac10802, /* 2-source with S = 1 */
        0x9a220020, /* data-processing (register), op2 = 0001 */
        /* Later extensions this CPU does not have (objdump knows them). */
        0xdac10020, /* pacia x0, x1 (PAuth) */
        0x91800020, /* addg x0, x1, #0, #0 (MTE) */
        0x91c00020, /* smax x0, x1, #0 (CSSC) */
        0x9ac01020, /* irg x0, x1, x0 (MTE) */
        0x9ac00020, /* subp x0, x1, x0 (MTE) */
        0xdac01802, /* ctz x2, x0 (CSSC) */
        0xba0007c4, /* rmif (FlagM) */
        0x3a00080d, /* setf8 w0 (FlagM) */
    };
    for (size_t i = 0; i < sizeof(undef) / sizeof(undef[0]); i++)
        expect_undef(f, undef[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_addsub_flags),
        cmocka_unit_test(test_carry_in_sources),
        cmocka_unit_test(test_variable_shifts),
        cmocka_unit_test(test_bitmask_immediates),
        cmocka_unit_test(test_logical_imm_forms),
        cmocka_unit_test(test_ccmp),
        cmocka_unit_test(test_csel),
        cmocka_unit_test(test_division),
        cmocka_unit_test(test_multiply),
        cmocka_unit_test(test_bitfield),
        cmocka_unit_test(test_count_bits),
        cmocka_unit_test(test_reverse),
        cmocka_unit_test(test_crc32),
        cmocka_unit_test(test_sp_and_zr),
        cmocka_unit_test(test_extended_and_shifted),
        cmocka_unit_test(test_w_results_zero_extend),
        cmocka_unit_test(test_movewide_and_adr),
        cmocka_unit_test(test_reserved_encodings_undef),
    };
    return cmocka_run_group_tests(tests, setup, ch_teardown);
}
