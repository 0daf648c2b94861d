/* test_cpu_simd.c - Advanced SIMD, crypto and SIMD&FP loads/stores
 * (cpu/simd_*.c), executed by a real CPU over guest RAM at EL1, MMU off.
 *
 * The bulk of the proof is tests/simddiff (millions of random cases against
 * qemu-aarch64); these are the fixed checks that need no oracle: results
 * with published or hand-derived values (FIPS-197 round values, saturation,
 * zeroing of the upper half), the rules around the instructions (the FP
 * access trap, precise faults of structure loads, write-back, reserved
 * encodings), and the specialised fast-path handlers against their generic
 * twins. Instruction words come from aarch64-linux-gnu-as.
 */
#include <stdlib.h>

#include "cpu/cpu_internal.h"
#include "cpu/fpu.h"
#include "mem/physmap.h"
#include "cpu_harness.h"

#define RAM_BASE CH_RAM_BASE
#define RAM_SIZE (16u << 20)
#define DATA (RAM_BASE + 0x800000)

static int setup(void **state)
{
    static cpu_harness_t f;
    ch_init_fresh(&f, RAM_SIZE, CPU_MODEL_MAX);
    /* Advertise FP, AdvSIMD, AES+PMULL, SHA1, SHA256. */
    f.cpu->id_aa64pfr0 &= ~(0xffull << 16);
    f.cpu->id_aa64isar0 = (f.cpu->id_aa64isar0 & ~0xfff0ull) | 2u << 4 | 1u << 8 | 1u << 12;
    f.cpu->sys.cpacr = 3u << 20;
    *state = &f;
    return 0;
}

#define V(f, n) ((f)->cpu->v[n])
#define X(f, n) ((f)->cpu->x[n])

static void set_bytes(vreg_t *v, const uint8_t b[16]) { memcpy(v->b, b, 16); }
static void expect_bytes(const vreg_t *v, const uint8_t b[16])
{
    for (int i = 0; i < 16; i++)
        if (v->b[i] != b[i])
            fail_msg("byte %d: %02x != %02x", i, v->b[i], b[i]);
}

/* ---- integer arithmetic, saturation, upper-half zeroing ---- */

static void test_add_and_zeroing(void **state)
{
    cpu_harness_t *f = *state;
    for (int i = 0; i < 16; i++) {
        V(f, 0).b[i] = (uint8_t)(0xf0 + i);
        V(f, 1).b[i] = 0x20;
        V(f, 2).b[i] = 0x77;
    }
    CH_RUN(f, 0x4e218402,  /* add v2.16b, v0.16b, v1.16b */
           0x0e218403); /* add v3.8b, v0.8b, v1.8b */
    for (int i = 0; i < 16; i++) {
        assert_int_equal(V(f, 2).b[i], (uint8_t)(0x10 + i));
        assert_int_equal(V(f, 3).b[i], i < 8 ? (uint8_t)(0x10 + i) : 0);
    }
}

static void test_saturation_qc(void **state)
{
    cpu_harness_t *f = *state;
    f->cpu->sys.fpsr = 0;
    V(f, 0).d[0] = V(f, 0).d[1] = 0x7ffe7ffe7ffe7ffeull;
    V(f, 1).d[0] = V(f, 1).d[1] = 0x0001000100010003ull;
    CH_RUN(f, 0x4e610c02); /* sqadd v2.8h, v0.8h, v1.8h */
    assert_int_equal(V(f, 2).d[0], 0x7fff7fff7fff7fffull);
    assert_int_equal(f->cpu->sys.fpsr, FPSR_QC);
    f->cpu->sys.fpsr = 0;
    CH_RUN(f, 0x4e600c02); /* sqadd v2.8h, v0.8h, v0.8h */
    assert_int_equal(f->cpu->sys.fpsr, FPSR_QC);
    /* UQSUB saturates at 0; no saturation leaves QC alone (cumulative). */
    f->cpu->sys.fpsr = 0;
    CH_RUN(f, 0x6e602c22); /* uqsub v2.8h, v1.8h, v0.8h */
    assert_int_equal(V(f, 2).d[0], 0);
    assert_int_equal(f->cpu->sys.fpsr, FPSR_QC);
    f->cpu->sys.fpsr = 0;
    CH_RUN(f, 0x4e618402); /* add v2.8h, v0.8h, v1.8h (wraps, never saturates) */
    assert_int_equal(V(f, 2).d[0], 0x7fff7fff7fff8001ull);
    assert_int_equal(f->cpu->sys.fpsr, 0);
}

/* ---- crypto: FIPS-197 appendix B, round 1 ---- */

static void test_aes_round(void **state)
{
    cpu_harness_t *f = *state;
    static const uint8_t in[16] = { 0x32, 0x43, 0xf6, 0xa8, 0x88, 0x5a, 0x30, 0x8d,
                                    0x31, 0x31, 0x98, 0xa2, 0xe0, 0x37, 0x07, 0x34 };
    static const uint8_t key[16] = { 0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                     0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c };
    static const uint8_t shifted[16] = { 0xd4, 0xbf, 0x5d, 0x30, 0xe0, 0xb4, 0x52, 0xae,
                                         0xb8, 0x41, 0x11, 0xf1, 0x1e, 0x27, 0x98, 0xe5 };
    static const uint8_t mixed[16] = { 0x04, 0x66, 0x81, 0xe5, 0xe0, 0xcb, 0x19, 0x9a,
                                       0x48, 0xf8, 0xd3, 0x7a, 0x28, 0x06, 0x26, 0x4c };
    set_bytes(&V(f, 0), in);
    set_bytes(&V(f, 1), key);
    CH_RUN(f, 0x4e284820,  /* aese v0.16b, v1.16b */
           0x4e286802); /* aesmc v2.16b, v0.16b */
    expect_bytes(&V(f, 0), shifted);
    expect_bytes(&V(f, 2), mixed);
    /* AESIMC undoes AESMC; AESD with a zero key undoes ShiftRows+SubBytes. */
    memset(&V(f, 5), 0, 16);
    CH_RUN(f, 0x4e287843,  /* aesimc v3.16b, v2.16b */
           0x4e2858a3); /* aesd v3.16b, v5.16b */
    uint8_t x[16];
    for (int i = 0; i < 16; i++)
        x[i] = in[i] ^ key[i];
    expect_bytes(&V(f, 3), x);
}

static void test_pmull64(void **state)
{
    cpu_harness_t *f = *state;
    V(f, 0).d[0] = 0x87654321fedcba98ull;
    V(f, 1).d[0] = 0xf0e1d2c3b4a59687ull;
    CH_RUN(f, 0x0ee1e002); /* pmull v2.1q, v0.1d, v1.1d */
    /* Recorded from qemu-aarch64 (and firmware/tests/neon_crypto.c). */
    assert_int_equal(V(f, 2).d[1], 0x7a8366420ba7d6a7ull);
    assert_int_equal(V(f, 2).d[0], 0x37ce2b0f64c8b9c8ull);
}

/* ---- loads and stores ---- */

static void test_ldst_q_and_pairs(void **state)
{
    cpu_harness_t *f = *state;
    uint8_t *m = physmap_ram_ptr(&f->pm, DATA);
    for (int i = 0; i < 64; i++)
        m[i] = (uint8_t)i;
    X(f, 0) = DATA;
    CH_RUN(f, 0x3dc00401,  /* ldr q1, [x0, #16] */
           0xacc10c02,  /* ldp q2, q3, [x0], #32 */
           0xfc408004); /* ldur d4, [x0, #8] */
    assert_int_equal(V(f, 1).d[0], 0x1716151413121110ull);
    assert_int_equal(V(f, 2).d[1], 0x0f0e0d0c0b0a0908ull);
    assert_int_equal(V(f, 3).d[0], 0x1716151413121110ull);
    assert_int_equal(X(f, 0), DATA + 32);
    assert_int_equal(V(f, 4).d[0], 0x2f2e2d2c2b2a2928ull);
    assert_int_equal(V(f, 4).d[1], 0); /* a D load clears the rest */
    CH_RUN(f, 0xad810c02); /* stp q2, q3, [x0, #32]! */
    assert_int_equal(X(f, 0), DATA + 64);
    assert_memory_equal(m + 64, m, 32);
}

/* LD4 de-interleaves; a load that faults part of the way leaves the
 * registers and the base as they were. */
static void test_structures_precise(void **state)
{
    cpu_harness_t *f = *state;
    uint8_t *m = physmap_ram_ptr(&f->pm, DATA);
    for (int i = 0; i < 64; i++)
        m[i] = (uint8_t)i;
    X(f, 1) = DATA;
    CH_RUN(f, 0x4cdf0024); /* ld4 {v4.16b-v7.16b}, [x1], #64 */
    for (int i = 0; i < 16; i++) {
        assert_int_equal(V(f, 4).b[i], 4 * i);
        assert_int_equal(V(f, 7).b[i], 4 * i + 3);
    }
    assert_int_equal(X(f, 1), DATA + 64);

    /* The last 16 bytes of RAM, then nothing: the fourth register faults. */
    for (int r = 0; r < 4; r++)
        V(f, 20 + r).d[0] = V(f, 20 + r).d[1] = 0x5a5a5a5a5a5a5a5aull * (uint64_t)(r + 1);
    X(f, 2) = RAM_BASE + RAM_SIZE - 48;
    uint64_t pc = ch_run(f, (const uint32_t[]){ 0x4cdf2054 /* ld1 {v20.16b-v23.16b}, [x2], #64 */ }, 1);
    assert_int_equal(f->hvc, 1);
    assert_int_equal(f->cpu->sys.elr, pc);
    assert_int_equal(f->cpu->sys.esr >> 26, EC_DABT_CUR);
    for (int r = 0; r < 4; r++)
        assert_int_equal(V(f, 20 + r).d[1], 0x5a5a5a5a5a5a5a5aull * (uint64_t)(r + 1));
    assert_int_equal(X(f, 2), RAM_BASE + RAM_SIZE - 48);
}

static void test_replicate_and_lane(void **state)
{
    cpu_harness_t *f = *state;
    uint8_t *m = physmap_ram_ptr(&f->pm, DATA);
    for (int i = 0; i < 16; i++)
        m[i] = (uint8_t)(0xa0 + i);
    X(f, 3) = DATA;
    V(f, 9).d[0] = V(f, 9).d[1] = ~0ull;
    CH_RUN(f, 0x0d40c468,  /* ld1r {v8.4h}, [x3] */
           0x4d408469); /* ld1 {v9.d}[1], [x3] */
    assert_int_equal(V(f, 8).d[0], 0xa1a0a1a0a1a0a1a0ull);
    assert_int_equal(V(f, 8).d[1], 0);
    assert_int_equal(V(f, 9).d[0], ~0ull); /* other lanes untouched */
    assert_int_equal(V(f, 9).d[1], 0xa7a6a5a4a3a2a1a0ull);
}

/* ---- the FP access trap (CPACR_EL1.FPEN), also for SIMD loads ---- */

static void test_fp_trap(void **state)
{
    cpu_harness_t *f = *state;
    X(f, 0) = DATA;
    static const uint32_t insns[] = {
        0x4f00e400, /* movi v0.16b, #0 */
        0x3dc00001, /* ldr q1, [x0] */
        0x4c407000, /* ld1 {v0.16b}, [x0] */
        0x4e284820, /* aese v0.16b, v1.16b */
    };
    for (unsigned i = 0; i < 4; i++) {
        f->cpu->sys.cpacr = 0;
        uint64_t pc = ch_run(f, &insns[i], 1);
        assert_int_equal(f->hvc, 1);
        assert_int_equal(f->cpu->sys.esr >> 26, EC_FP_ASIMD);
        assert_int_equal(f->cpu->sys.elr, pc);
    }
    f->cpu->sys.cpacr = 1u << 20; /* FPEN = 01: EL1 may use FP */
    ch_run(f, &insns[0], 1);
    assert_int_equal(f->hvc, 0);
    f->cpu->sys.cpacr = 3u << 20;
}

/* ---- reserved encodings ---- */

static void test_reserved_undef(void **state)
{
    cpu_harness_t *f = *state;
    static const uint32_t bad[] = {
        0x0ee08400, /* add with size:Q = 110 (.1d) */
        0x4ee0b400, /* sqdmulh with 64-bit elements */
        0x6e609c00, /* pmul with 16-bit elements */
        0x0eb1b800, /* addv with .2s */
        0x0f000400 | 1u << 11, /* modified immediate o2 = 1 (FP16 FMOV) */
        0x0c40f000, /* ld1 multiple, opcode 1111 */
        0x2ea17800, /* fcvtxn with sz = 0 */
        0x4e283800, /* AES class, opcode 00011 */
    };
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        uint64_t pc = ch_run(f, &bad[i], 1);
        if (f->hvc != 1 || f->cpu->sys.esr != ESR_IL || f->cpu->sys.elr != pc)
            fail_msg("%08x: not UNDEFINED", bad[i]);
    }
}

/* The fast-path handlers (128-bit EOR/AND/ORR, CMEQ .16B, UMAXP/ADDP .16B,
 * UMAXV/UMINV .16B, TBL one register) agree with the generic ones, also
 * when the destination is a source. */
static void test_fast_paths(void **state)
{
    cpu_harness_t *f = *state;
    uint64_t seed = 0x1234;
    for (int r = 0; r < 8; r++)
        for (int k = 0; k < 2; k++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            V(f, r).d[k] = seed ^ (seed >> 29);
        }
    V(f, 1).b[3] = V(f, 0).b[3]; /* some equal bytes for CMEQ */
    vreg_t v0 = V(f, 0), v1 = V(f, 1);
    CH_RUN(f, 0x6e211c02,  /* eor v2.16b, v0.16b, v1.16b */
           0x4e211c03,  /* and v3.16b, v0.16b, v1.16b */
           0x6e218c04,  /* cmeq v4.16b, v0.16b, v1.16b */
           0x6e21a405,  /* umaxp v5.16b, v0.16b, v1.16b */
           0x4e21bc06,  /* addp v6.16b, v0.16b, v1.16b */
           0x6e30a807,  /* umaxv b7, v0.16b */
           0x4e010008,  /* tbl v8.16b, {v0.16b}, v1.16b */
           0x6e211c00); /* eor v0.16b, v0.16b, v1.16b (in place) */
    for (int i = 0; i < 16; i++) {
        assert_int_equal(V(f, 2).b[i], v0.b[i] ^ v1.b[i]);
        assert_int_equal(V(f, 3).b[i], v0.b[i] & v1.b[i]);
        assert_int_equal(V(f, 4).b[i], v0.b[i] == v1.b[i] ? 0xff : 0);
        const vreg_t *src = i < 8 ? &v0 : &v1;
        uint8_t a = src->b[2 * (i & 7)], b = src->b[2 * (i & 7) + 1];
        assert_int_equal(V(f, 5).b[i], a > b ? a : b);
        assert_int_equal(V(f, 6).b[i], (uint8_t)(a + b));
        assert_int_equal(V(f, 8).b[i], v1.b[i] < 16 ? v0.b[v1.b[i]] : 0);
        assert_int_equal(V(f, 0).b[i], v0.b[i] ^ v1.b[i]);
    }
    uint8_t mx = 0;
    for (int i = 0; i < 16; i++)
        mx = v0.b[i] > mx ? v0.b[i] : mx;
    assert_int_equal(V(f, 7).d[0], mx);
    assert_int_equal(V(f, 7).d[1], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_and_zeroing),
        cmocka_unit_test(test_saturation_qc),
        cmocka_unit_test(test_aes_round),
        cmocka_unit_test(test_pmull64),
        cmocka_unit_test(test_ldst_q_and_pairs),
        cmocka_unit_test(test_structures_precise),
        cmocka_unit_test(test_replicate_and_lane),
        cmocka_unit_test(test_fp_trap),
        cmocka_unit_test(test_reserved_undef),
        cmocka_unit_test(test_fast_paths),
    };
    return cmocka_run_group_tests(tests, setup, ch_teardown);
}
