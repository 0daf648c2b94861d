/* test_cpu_fp.c - the scalar floating-point instructions (cpu/fp_*.c),
 * executed by a real CPU over guest RAM at EL1 with the MMU off, through
 * the translator: decoding, the FP access trap (CPACR_EL1.FPEN), register
 * file effects (upper bits of V registers, W results), FPCR/FPSR through
 * MSR/MRS, NZCV for the conditional instructions and branches.
 *
 * Each test writes instruction words into RAM followed by HVC #0, whose
 * firmware hook stops the CPU; the synchronous vector (VBAR_EL1 + 0x200)
 * holds HVC #1, so an exception stops the CPU there with ESR/ELR set.
 * Instruction words come from aarch64-linux-gnu-as; the UNDEFINED ones
 * were checked to be "undefined" (or FEAT_FP16/JSCVT/FRINTTS/BF16, which an
 * Armv8.0 CPU lacks) for objdump and to raise SIGILL under
 * qemu-aarch64 -cpu cortex-a57. The arithmetic itself is tested
 * exhaustively elsewhere (test_fpu.c: TestFloat; tests/fpdiff: qemu).
 */
#include <stdlib.h>

#include "cpu/cpu_internal.h"
#include "cpu/fpu.h"
#include "mem/physmap.h"
#include "cpu_harness.h"

#define RAM_BASE CH_RAM_BASE
#define RAM_SIZE (16u << 20)
#define HVC_1 CH_HVC(1)

static int setup(void **state)
{
    static cpu_harness_t f;
    ch_init_fresh(&f, RAM_SIZE, CPU_MODEL_CORTEX_A57);
    f.cpu->sys.cpacr = 3u << 20; /* FPEN = 0b11: FP at EL0 and EL1 */
    /* FPCR/FPSR exist (for MSR/MRS) only when ID_AA64PFR0_EL1.FP says FP
     * is implemented: advertise FP and AdvSIMD (fields 0) whatever the
     * model's default. */
    f.cpu->id_aa64pfr0 &= ~(0xffull << 16);
    *state = &f;
    return 0;
}

#define X(f, n) ((f)->cpu->x[n])
#define V(f, n) ((f)->cpu->v[n])
#define NZCV(f) (cpu_get_nzcv((f)->cpu) >> 28)

static const uint64_t JUNK = 0xa5a5a5a5a5a5a5a5ull;

/* Fill V0..V7 with junk, then set the low 64 bits given. */
static void set_d(cpu_harness_t *f, int r, uint64_t v)
{
    V(f, r).d[0] = v;
    V(f, r).d[1] = JUNK;
}
static void set_s(cpu_harness_t *f, int r, uint32_t v)
{
    V(f, r).d[0] = JUNK;
    V(f, r).s[0] = v;
    V(f, r).d[1] = JUNK;
}

static void fp_state(cpu_harness_t *f, uint32_t fpcr)
{
    f->cpu->sys.fpcr = fpcr;
    f->cpu->sys.fpsr = 0;
}

/* ---- arithmetic shapes and register effects -------------------------------- */

static void test_arith(void **state)
{
    cpu_harness_t *f = *state;
    fp_state(f, 0);
    set_d(f, 0, JUNK);
    set_d(f, 1, 0x3ff8000000000000ull); /* 1.5 */
    set_d(f, 2, 0x4002000000000000ull); /* 2.25 */
    CH_RUN(f, 0x1e622820 /* fadd d0, d1, d2 */);
    assert_int_equal(V(f, 0).d[0], 0x400e000000000000ull); /* 3.75 */
    assert_int_equal(V(f, 0).d[1], 0);                     /* upper half cleared */
    assert_int_equal(f->cpu->sys.fpsr, 0);

    set_d(f, 3, 0x3ff0000000000000ull); /* 1 */
    set_d(f, 1, 0x4000000000000000ull); /* 2 */
    set_d(f, 2, 0x4008000000000000ull); /* 3 */
    CH_RUN(f, 0x1f420c20 /* fmadd d0, d1, d2, d3 */);
    assert_int_equal(V(f, 0).d[0], 0x401c000000000000ull); /* 7 */
    CH_RUN(f, 0x1e628820 /* fnmul d0, d1, d2 */);
    assert_int_equal(V(f, 0).d[0], 0xc018000000000000ull); /* -6 */

    set_s(f, 1, 0x40000000); /* 2 */
    set_s(f, 2, 0x40400000); /* 3 */
    set_s(f, 3, 0x3f800000); /* 1 */
    CH_RUN(f, 0x1f228c20 /* fnmsub s0, s1, s2, s3: -1 + 2*3 */);
    assert_int_equal(V(f, 0).d[0], 0x40a00000); /* 5, bits 32..63 cleared too */
    assert_int_equal(V(f, 0).d[1], 0);

    /* FSQRT of -1: default NaN, IOC. */
    set_d(f, 1, 0xbff0000000000000ull);
    CH_RUN(f, 0x1e61c020 /* fsqrt d0, d1 */);
    assert_int_equal(V(f, 0).d[0], 0x7ff8000000000000ull);
    assert_int_equal(f->cpu->sys.fpsr, FPSR_IOC);

    /* FRINTA: ties away. */
    set_d(f, 1, 0xc004000000000000ull); /* -2.5 */
    CH_RUN(f, 0x1e664020 /* frinta d0, d1 */);
    assert_int_equal(V(f, 0).d[0], 0xc008000000000000ull); /* -3 */
}

/* FPCR through MSR: the same tie rounds to even, then up under RP; FPSR
 * through MRS accumulates IXC; FZ flushes a tiny product (UFC). */
static void test_fpcr_fpsr(void **state)
{
    cpu_harness_t *f = *state;
    fp_state(f, 0);
    set_s(f, 1, 0x3f800000); /* 1.0 */
    set_s(f, 2, 0x33800000); /* 2^-24: half an ulp of 1.0 */
    X(f, 5) = 0;
    CH_RUN(f, 0xd51b4405 /* msr fpcr, x5 */, 0xd51b443f /* msr fpsr, xzr */,
           0x1e222820 /* fadd s0, s1, s2 */, 0xd53b4426 /* mrs x6, fpsr */);
    assert_int_equal(V(f, 0).d[0], 0x3f800000);
    assert_int_equal(X(f, 6), FPSR_IXC);
    X(f, 5) = 1u << 22; /* RMode = RP */
    CH_RUN(f, 0xd51b4405 /* msr fpcr, x5 */, 0x1e222820 /* fadd s0, s1, s2 */);
    assert_int_equal(V(f, 0).d[0], 0x3f800001);

    /* FZ: 2^-100 * 2^-30 is below the smallest normal: +0 and UFC, no IXC. */
    fp_state(f, FPCR_FZ);
    set_s(f, 1, 0x0d800000); /* 2^-100 */
    set_s(f, 2, 0x30800000); /* 2^-30 */
    CH_RUN(f, 0x1e220820 /* fmul s0, s1, s2 */);
    assert_int_equal(V(f, 0).d[0], 0);
    assert_int_equal(f->cpu->sys.fpsr, FPSR_UFC);
    fp_state(f, 0);
}

/* FCMP sets NZCV for conditions and branches; FCCMP and FCSEL read them. */
static void test_compare_select(void **state)
{
    cpu_harness_t *f = *state;
    fp_state(f, 0);
    set_d(f, 1, 0x3ff0000000000000ull);          /* 1.0 */
    set_d(f, 2, 0x7ff8000000000001ull);          /* qNaN */
    CH_RUN(f, 0x1e622020 /* fcmp d1, d2 */, 0x9a9fd7e7 /* cset x7, gt */, 0x9a9f77e8 /* cset x8, vs */);
    assert_int_equal(NZCV(f), 0x3);
    assert_int_equal(X(f, 7), 0);
    assert_int_equal(X(f, 8), 1);
    assert_int_equal(f->cpu->sys.fpsr, 0); /* FCMP: a quiet NaN doesn't signal */

    set_s(f, 1, 0x7fc00000);
    CH_RUN(f, 0x1e202038 /* fcmpe s1, #0.0 */);
    assert_int_equal(NZCV(f), 0x3);
    assert_int_equal(f->cpu->sys.fpsr, FPSR_IOC); /* FCMPE: any NaN signals */
    fp_state(f, 0);

    /* 2.0 > 1.0: C only; then B.GT is taken over a HVC #1. */
    set_d(f, 1, 0x4000000000000000ull);
    set_d(f, 2, 0x3ff0000000000000ull);
    CH_RUN(f, 0x1e622020 /* fcmp d1, d2 */, 0x5400004c /* b.gt +8 */, HVC_1);
    assert_int_equal(NZCV(f), 0x2);

    /* FCSEL on GT: picks d1; FCCMP with NE false (after equal) sets #4. */
    set_d(f, 0, JUNK);
    CH_RUN(f, 0x1e622020 /* fcmp d1, d2 */, 0x1e62cc20 /* fcsel d0, d1, d2, gt */);
    assert_int_equal(V(f, 0).d[0], 0x4000000000000000ull);
    assert_int_equal(V(f, 0).d[1], 0);
    set_d(f, 2, 0x4000000000000000ull);
    CH_RUN(f, 0x1e622020 /* fcmp d1, d2: equal */, 0x1e621424 /* fccmp d1, d2, #4, ne */);
    assert_int_equal(NZCV(f), 0x4);
    cpu_set_nzcv(f->cpu, 0);
    set_d(f, 2, 0x4010000000000000ull); /* 4.0 */
    CH_RUN(f, 0x1e621424 /* fccmp d1, d2, #4, ne: NE holds, compares 2 < 4 */);
    assert_int_equal(NZCV(f), 0x8);
}

/* FMOV (general, immediate, register) and the V.D[1] forms. */
static void test_fmov(void **state)
{
    cpu_harness_t *f = *state;
    fp_state(f, 0);
    set_d(f, 1, 0x0123456789abcdefull);
    V(f, 2).d[1] = 0xfedcba9876543210ull;
    CH_RUN(f, 0x9e660020 /* fmov x0, d1 */, 0x9eaf0001 /* fmov v1.d[1], x0 */,
           0x9eae0041 /* fmov x1, v2.d[1] */);
    assert_int_equal(X(f, 0), 0x0123456789abcdefull);
    assert_int_equal(V(f, 1).d[0], 0x0123456789abcdefull); /* low half kept */
    assert_int_equal(V(f, 1).d[1], 0x0123456789abcdefull);
    assert_int_equal(X(f, 1), 0xfedcba9876543210ull);

    X(f, 2) = 0xffffffff3f800000ull;
    set_d(f, 3, JUNK);
    CH_RUN(f, 0x1e270043 /* fmov s3, w2 */);
    assert_int_equal(V(f, 3).d[0], 0x3f800000);
    assert_int_equal(V(f, 3).d[1], 0);

    set_d(f, 4, JUNK);
    CH_RUN(f, 0x1e7e9004 /* fmov d4, #-1.25 */);
    assert_int_equal(V(f, 4).d[0], 0xbff4000000000000ull);
    assert_int_equal(V(f, 4).d[1], 0);
    CH_RUN(f, 0x1e281004 /* fmov s4, #0.125 */);
    assert_int_equal(V(f, 4).d[0], 0x3e000000);

    set_d(f, 1, 0x7ff0000000000001ull); /* sNaN: FMOV doesn't look */
    CH_RUN(f, 0x1e604020 /* fmov d0, d1 */);
    assert_int_equal(V(f, 0).d[0], 0x7ff0000000000001ull);
    assert_int_equal(f->cpu->sys.fpsr, 0);
}

/* Conversions: W results are zero-extended, saturation sets IOC. */
static void test_convert(void **state)
{
    cpu_harness_t *f = *state;
    fp_state(f, 0);
    X(f, 0) = JUNK;
    set_d(f, 1, 0xc00d99999999999aull); /* -3.7 */
    CH_RUN(f, 0x1e780020 /* fcvtzs w0, d1 */);
    assert_int_equal(X(f, 0), 0xfffffffdull);
    assert_int_equal(f->cpu->sys.fpsr, FPSR_IXC);
    fp_state(f, 0);
    set_d(f, 1, 0x4202a05f20000000ull); /* 1e10 */
    CH_RUN(f, 0x1e780020 /* fcvtzs w0, d1 */);
    assert_int_equal(X(f, 0), 0x7fffffffull);
    assert_int_equal(f->cpu->sys.fpsr, FPSR_IOC);
    fp_state(f, 0);
    set_d(f, 1, 0x4004000000000000ull); /* 2.5: ties away */
    CH_RUN(f, 0x9e650020 /* fcvtau x0, d1 */);
    assert_int_equal(X(f, 0), 3);

    set_s(f, 1, 0x3fc00000); /* 1.5 */
    CH_RUN(f, 0x9e18e020 /* fcvtzs x0, s1, #8 */);
    assert_int_equal(X(f, 0), 384);

    X(f, 1) = (uint64_t)-5;
    CH_RUN(f, 0x9e620020 /* scvtf d0, x1 */);
    assert_int_equal(V(f, 0).d[0], 0xc014000000000000ull);
    fp_state(f, 0);
    X(f, 1) = 0x12345678ffffffffull; /* W source: upper bits ignored */
    CH_RUN(f, 0x1e03f020 /* ucvtf s0, w1, #4 */);
    assert_int_equal(V(f, 0).d[0], 0x4d800000); /* (2^32 - 1) / 16 rounds to 2^28 */
    assert_int_equal(f->cpu->sys.fpsr, FPSR_IXC);

    /* half precision: IEEE and the alternative format */
    fp_state(f, 0);
    set_s(f, 1, 0x3f800000);
    CH_RUN(f, 0x1e23c020 /* fcvt h0, s1 */);
    assert_int_equal(V(f, 0).d[0], 0x3c00);
    set_s(f, 1, 0x7f800000); /* +Inf */
    CH_RUN(f, 0x1e23c020);
    assert_int_equal(V(f, 0).d[0], 0x7c00);
    fp_state(f, FPCR_AHP);
    CH_RUN(f, 0x1e23c020);
    assert_int_equal(V(f, 0).d[0], 0x7fff); /* AHP has no Inf: largest, IOC */
    assert_int_equal(f->cpu->sys.fpsr, FPSR_IOC);
    V(f, 1).d[0] = 0x7c00; /* AHP: 2^16 */
    CH_RUN(f, 0x1ee2c020 /* fcvt d0, h1 */);
    assert_int_equal(V(f, 0).d[0], 0x40f0000000000000ull);
    fp_state(f, 0);
    CH_RUN(f, 0x1ee2c020);
    assert_int_equal(V(f, 0).d[0], 0x7ff0000000000000ull);
}

/* With CPACR_EL1.FPEN = 0 every FP instruction traps (EC 0x07); integer
 * instructions before it have run. */
static void test_fp_trap(void **state)
{
    cpu_harness_t *f = *state;
    f->cpu->sys.cpacr = 0;
    X(f, 0) = 1;
    uint32_t code[] = { 0x91000400 /* add x0, x0, #1 */, 0x1e622820 /* fadd d0, d1, d2 */ };
    uint64_t pc = ch_run(f, code, 2);
    f->cpu->sys.cpacr = 3u << 20;
    assert_int_equal(f->hvc, 1);
    assert_int_equal(X(f, 0), 2);
    assert_int_equal(f->cpu->sys.esr >> ESR_EC_SHIFT, EC_FP_ASIMD);
    assert_int_equal(f->cpu->sys.elr, pc + 4);
}

/* Reserved encodings and later-architecture instructions are UNDEFINED. */
static void test_undef(void **state)
{
    cpu_harness_t *f = *state;
    static const uint32_t words[] = {
        0x1ee01000, /* fmov h0, #2.0 (FEAT_FP16) */
        0x1ee0c000, /* fabs h0, h0 (FEAT_FP16) */
        0x1ee22800, /* fadd h0, h0, h2 (FEAT_FP16) */
        0x9ee60000, /* fmov x0, h0 (FEAT_FP16) */
        0x1e202009, /* fcmp with opcode2<2:0> != 0 */
        0x1e2013e0, /* fmov (immediate) with imm5 != 0 */
        0x1e187c00, /* fcvtzs w0, s0, #33: scale < 32 for a W register */
        0x1e7e0000, /* fjcvtzs w0, d0 (FEAT_JSCVT) */
        0x1e284000, /* frint32z s0, s0 (FEAT_FRINTTS) */
        0x1e634000, /* bfcvt h0, s0 (FEAT_BF16) */
        0x1ea02820, /* fadd with ftype = 10 */
        0x9e202820, /* fadd with M = 1 */
        0x3e202820, /* fadd with S = 1 */
        0x1e26c000, /* 1-source opcode 001101 */
        0x1e2a0000, /* int conversion, rmode 01 opcode 010 */
        0x1f800000, /* 3-source with ftype = 10 */
        0x1e608000, /* bits 15:10 = 100000 */
        0x1e224000, /* fcvt s0, s0: same type */
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        uint64_t pc = ch_run(f, &words[i], 1);
        if (f->hvc != 1)
            fail_msg("%08x: not UNDEFINED", words[i]);
        assert_int_equal(f->cpu->sys.esr, (uint64_t)ESR_IL);
        assert_int_equal(f->cpu->sys.elr, pc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arith),
        cmocka_unit_test(test_fpcr_fpsr),
        cmocka_unit_test(test_compare_select),
        cmocka_unit_test(test_fmov),
        cmocka_unit_test(test_convert),
        cmocka_unit_test(test_fp_trap),
        cmocka_unit_test(test_undef),
    };
    return cmocka_run_group_tests(tests, setup, ch_teardown);
}
