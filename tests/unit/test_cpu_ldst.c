/* test_cpu_ldst.c - A64 loads and stores (cpu/ldst.c, cpu/ldst_atomic.c).
 *
 * A CPU at EL1 with the MMU off runs instruction words poked into RAM; the
 * program ends with HVC #0, which the firmware hook turns into an exit.
 * Synchronous exceptions land on a vector that executes HVC #1 (current EL)
 * or HVC #2 (from EL0), so a test sees which way the program ended and
 * checks ESR/FAR/ELR and the registers. An MMIO region with a recording
 * device checks that device accesses take the slow path with the right
 * sizes. The expected values were checked against qemu-aarch64 -cpu max
 * (firmware/tests/ldst_*.c run the same kind of checks on both machines).
 */
#include "cpu/cpu_internal.h"
#include "cpu/decode.h"
#include "cpu/ldst.h"
#include "cpu/tb.h"
#include "mem/physmap.h"
#include "cpu_harness.h"

#define RAM_BASE CH_RAM_BASE
#define RAM_SIZE (16ull << 20)
#define CODE (RAM_BASE + 0x0)
#define VBAR (RAM_BASE + 0x10000)
#define DATA (RAM_BASE + 0x100000)
#define MMIO_BASE 0x0a000000ull
#define UNMAPPED 0x20000000ull

#define HVC0 CH_HVC(0)
#define HVC1 CH_HVC(1)
#define HVC2 CH_HVC(2)

#define X3 0x0123456789abcdefull
#define X4 0xfedcba9876543210ull

/* ---- the recording device ---- */
typedef struct { int write; uint64_t off; unsigned size; uint64_t val; } access_t;
static access_t rec[32];
static int nrec;

static uint64_t dev_value(uint64_t off, unsigned size)
{
    uint64_t v = 0xa5a5a5a5a5a5a5a5ull ^ off;
    return size == 8 ? v : v & ((1ull << (8 * size)) - 1);
}
static mem_result_t dev_read(void *o, uint64_t off, unsigned size, uint64_t *val)
{
    (void)o;
    if (nrec < 32)
        rec[nrec++] = (access_t){ 0, off, size, 0 };
    *val = dev_value(off, size);
    return MEM_OK;
}
static mem_result_t dev_write(void *o, uint64_t off, unsigned size, uint64_t val)
{
    (void)o;
    if (nrec < 32)
        rec[nrec++] = (access_t){ 1, off, size, val };
    return MEM_OK;
}
static const mmio_ops_t dev_ops = { dev_read, dev_write };

/* ---- fixture ---- */
static cpu_harness_t fx;
static cpu_t *cpu; /* fx.cpu */

static int setup(void **state)
{
    (void)state;
    ch_init(&fx, RAM_SIZE, CPU_MODEL_MAX);
    assert_int_equal(physmap_add_mmio(&fx.pm, "rec", MMIO_BASE, 0x1000, &dev_ops, NULL), 0);
    cpu = fx.cpu;
    cpu->id_aa64isar0 |= 2ull << 20; /* FEAT_LSE */
    cpu->id_aa64isar1 |= 1ull << 20; /* FEAT_LRCPC */
    cpu->sys.sctlr &= ~(uint64_t)0x18; /* SA, SA0 off unless a test sets them */
    cpu->sys.vbar = VBAR;
    for (int v = 0; v < 16; v++) {
        uint32_t w = v >= 8 ? HVC2 : HVC1;
        ch_put_code(&fx, VBAR + 0x80 * (uint64_t)v, &w, 1);
    }
    nrec = 0;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ch_destroy(&fx);
    return 0;
}

/* Run words at CODE (then HVC #0). Returns 0 on a normal end, 1 when an
 * exception was taken at EL1, 2 when one was taken from EL0. */
static int run(const uint32_t *w, size_t n)
{
    return ch_run_at(&fx, CODE, w, n, HVC0, CPU_EXIT_REQUEST);
}
#define RUN(arr) run(arr, sizeof(arr) / sizeof(arr[0]))

#define X(n) cpu->x[n]
#define ESR_DABT_CUR(iss) (0x25u << 26 | 1u << 25 | (iss))
/* ESR.EA (bit 9) of an external abort is IMPLEMENTATION DEFINED: compare
 * the rest for aborts on nothing (the core may mark them as QEMU does). */
#define ESR_NO_EA(esr) ((esr) & ~(1u << 9))

/* ---- tests ---- */

static void test_single_modes(void **state)
{
    (void)state;
    static const uint32_t imm_modes[] = {
        0xf9000423, /* str x3, [x1, #8] */
        0xf9400424, /* ldr x4, [x1, #8] */
        0xf81f8023, /* stur x3, [x1, #-8] */
        0xf85f8025, /* ldur x5, [x1, #-8] */
        0xf8010c23, /* str x3, [x1, #16]! */
        0xf85f0426, /* ldr x6, [x1], #-16 */
        0x39000c23, /* strb w3, [x1, #3] */
        0x39400c27, /* ldrb w7, [x1, #3] */
        0x79000c23, /* strh w3, [x1, #6] */
        0x79400c28, /* ldrh w8, [x1, #6] */
        0xb9001423, /* str w3, [x1, #20] */
        0xb9401429, /* ldr w9, [x1, #20] */
        0x39800c2a, /* ldrsb x10, [x1, #3] */
        0x39c00c2b, /* ldrsb w11, [x1, #3] */
        0x79800c2c, /* ldrsh x12, [x1, #6] */
        0x79c00c2d, /* ldrsh w13, [x1, #6] */
        0xb980142e, /* ldrsw x14, [x1, #20] */
        0xf862782f, /* ldr x15, [x1, x2, lsl #3] */
        0xb871d830, /* ldr w16, [x1, w17, sxtw #2] */
        0x38734832, /* ldrb w18, [x1, w19, uxtw] */
        0xf875f834, /* ldr x20, [x1, x21, sxtx #3] */
        0x78a27836, /* ldrsh x22, [x1, x2, lsl #1] */
        0x38dfb037, /* ldursb w23, [x1, #-5] */
        0x781fd023, /* sturh w3, [x1, #-3] */
        0x785fd038, /* ldurh w24, [x1, #-3] */
        0x393ffc23, /* strb w3, [x1, #4095] */
        0x397ffc39, /* ldrb w25, [x1, #4095] */
        0xf9000c3f, /* str xzr, [x1, #24] */
        0xf940043f, /* ldr xzr, [x1, #8] */
        0xf9400c3a, /* ldr x26, [x1, #24] */
    };
    uint64_t d = DATA + 0x100;
    X(1) = d; X(3) = X3; X(2) = 1; X(17) = 0xfffffffc; X(19) = 0xffffffff00000003ull;
    X(21) = UINT64_MAX;
    ch_wr32(&fx, d - 16, 0xdeadbeef);
    ch_wr64(&fx, d + 24, UINT64_MAX);
    assert_int_equal(RUN(imm_modes), 0);
    assert_int_equal(X(1), d);
    assert_int_equal(X(4), X3);
    assert_int_equal(X(5), X3);
    assert_int_equal(X(6), X3);
    assert_int_equal(X(7), 0xef);
    assert_int_equal(X(8), 0xcdef);
    assert_int_equal(X(9), 0x89abcdef);
    assert_int_equal(X(10), 0xffffffffffffffefull);
    assert_int_equal(X(11), 0xffffffefull);
    assert_int_equal(X(12), 0xffffffffffffcdefull);
    assert_int_equal(X(13), 0xffffcdefull);
    assert_int_equal(X(14), 0xffffffff89abcdefull);
    assert_int_equal(X(15), X3);
    assert_int_equal(X(16), 0xdeadbeef);
    assert_int_equal(X(18), 0xef);
    assert_int_equal(X(20), X3);
    assert_int_equal(X(22), 0xffffffffffffef00ull);
    assert_int_equal(X(23), 0xffffff89ull);
    assert_int_equal(X(24), 0xcdef);
    assert_int_equal(X(25), 0xef);
    assert_int_equal(X(26), 0);
    assert_int_equal(ch_host(&fx, d + 4095)[0], 0xef);
    assert_int_equal(ch_rd64(&fx, d + 16), 0x89abcdef89abcdefull); /* str x3, then str w3 at +20 */
    assert_int_equal(X(REG_ZR), 0);
}

static void test_literal(void **state)
{
    (void)state;
    static const uint32_t literal[] = {
        0x5800080f, /* ldr x15, .+0x100 */
        0x98000810, /* ldrsw x16, .+0x100 */
        0x18000811, /* ldr w17, .+0x100 */
        0xd8000800, /* prfm pldl1keep, .+0x100 */
        0x58fffff2, /* ldr x18, .-4 */
    };
    ch_wr64(&fx, CODE + 0x100, 0x8877665544332211ull);
    ch_wr32(&fx, CODE + 0x108, 0xcafef00d);
    assert_int_equal(RUN(literal), 0);
    assert_int_equal(X(15), 0x8877665544332211ull);
    assert_int_equal(X(16), 0xffffffff88776655ull);
    assert_int_equal(X(17), 0xcafef00d);
    assert_int_equal(X(18), (uint64_t)literal[4] << 32 | literal[3]);
}

static void test_pairs(void **state)
{
    (void)state;
    static const uint32_t pairs[] = {
        0xa9bf13e3, /* stp x3, x4, [sp, #-16]! */
        0xa8c11be5, /* ldp x5, x6, [sp], #16 */
        0x290113e3, /* stp w3, w4, [sp, #8] */
        0x294123e7, /* ldp w7, w8, [sp, #8] */
        0x69412be9, /* ldpsw x9, x10, [sp, #8] */
        0xa8001023, /* stnp x3, x4, [x1] */
        0xa840302b, /* ldnp x11, x12, [x1] */
        0xa9020c24, /* stp x4, x3, [x1, #32] */
        0xa942382d, /* ldp x13, x14, [x1, #32] */
        0xa8bf1023, /* stp x3, x4, [x1], #-16 */
        0xa9c1402f, /* ldp x15, x16, [x1, #16]! */
        0xa942443f, /* ldp xzr, x17, [x1, #32] */
        0x29060c3f, /* stp wzr, w3, [x1, #48] */
        0xf9401832, /* ldr x18, [x1, #48] */
        0xa97f53f3, /* ldp x19, x20, [sp, #-16] */
    };
    uint64_t d = DATA + 0x100, s = DATA + 0x200;
    X(1) = d; X(3) = X3; X(4) = X4; X(REG_SP) = s;
    assert_int_equal(RUN(pairs), 0);
    assert_int_equal(X(REG_SP), s);
    assert_int_equal(X(1), d);
    assert_int_equal(X(5), X3);
    assert_int_equal(X(6), X4);
    assert_int_equal(X(7), 0x89abcdef);
    assert_int_equal(X(8), 0x76543210);
    assert_int_equal(X(9), 0xffffffff89abcdefull);
    assert_int_equal(X(10), 0x76543210);
    assert_int_equal(X(11), X3);
    assert_int_equal(X(12), X4);
    assert_int_equal(X(13), X4);
    assert_int_equal(X(14), X3);
    assert_int_equal(X(15), X3);
    assert_int_equal(X(16), X4);
    assert_int_equal(X(17), X3);
    assert_int_equal(X(18), 0x89abcdef00000000ull);
    assert_int_equal(X(19), X3);
    assert_int_equal(X(20), X4);
    assert_int_equal(X(REG_ZR), 0);
}

/* CONSTRAINED UNPREDICTABLE overlaps, as qemu-aarch64 resolves them. */
static void test_writeback_overlap(void **state)
{
    (void)state;
    /* A load writes Rt, then the base: the written-back address wins. */
    static const uint32_t p1[] = { 0xf8408c21 /* ldr x1, [x1, #8]! */ };
    uint64_t d = DATA;
    ch_wr64(&fx, d + 8, 0x1234);
    X(1) = d;
    assert_int_equal(RUN(p1), 0);
    assert_int_equal(X(1), d + 8);

    /* A store stores the base's old value. */
    static const uint32_t p2[] = { 0xf8008c21 /* str x1, [x1, #8]! */ };
    X(1) = d;
    assert_int_equal(RUN(p2), 0);
    assert_int_equal(X(1), d + 8);
    assert_int_equal(ch_rd64(&fx, d + 8), d);

    static const uint32_t p3[] = { 0xa9400441 /* ldp x1, x1, [x2] */ };
    ch_wr64(&fx, d, 0x1111); ch_wr64(&fx, d + 8, 0x2222);
    X(2) = d;
    assert_int_equal(RUN(p3), 0);
    assert_int_equal(X(1), 0x1111); /* the first element wins */

    static const uint32_t p4[] = { 0xc87f0441 /* ldxp x1, x1, [x2] */ };
    assert_int_equal(RUN(p4), 0);
    assert_int_equal(X(1), 0x2222); /* the second element wins */

    static const uint32_t p5[] = { 0xa8c10821 /* ldp x1, x2, [x1], #16 */ };
    X(1) = d;
    assert_int_equal(RUN(p5), 0);
    assert_int_equal(X(1), d + 16);
    assert_int_equal(X(2), 0x2222);
}

static void test_exclusives(void **state)
{
    (void)state;
    static const uint32_t excl1[] = {
        0xc85f7c25, /* ldxr x5, [x1] */
        0xc8067c23, /* stxr w6, x3, [x1] */
        0xc8077c24, /* stxr w7, x4, [x1] */
        0x885ffc28, /* ldaxr w8, [x1] */
        0x8809fc44, /* stlxr w9, w4, [x2] */
        0x085f7c2a, /* ldxrb w10, [x1] */
        0x080b7c24, /* stxrb w11, w4, [x1] */
        0x485ffc2c, /* ldaxrh w12, [x1] */
        0x480dfc23, /* stlxrh w13, w3, [x1] */
        0xc87f3c2e, /* ldxp x14, x15, [x1] */
        0xc8300c24, /* stxp w16, x4, x3, [x1] */
        0x887fc831, /* ldaxp w17, w18, [x1] */
        0x88339023, /* stlxp w19, w3, w4, [x1] */
        0xc85f7c34, /* ldxr x20, [x1] */
        0xc85f7c55, /* ldxr x21, [x2] */
        0xc8167c23, /* stxr w22, x3, [x1] */
        0xc8dffc37, /* ldar x23, [x1] */
        0x889ffc44, /* stlr w4, [x2] */
        0x08dffc58, /* ldarb w24, [x2] */
        0x489ffc43, /* stlrh w3, [x2] */
        0x48dffc59, /* ldarh w25, [x2] */
    };
    uint64_t d = DATA + 0x100;
    X(1) = d; X(2) = d + 8; X(3) = X3; X(4) = X4;
    ch_wr64(&fx, d, 0x1111); ch_wr64(&fx, d + 8, 0x2222);
    assert_int_equal(RUN(excl1), 0);
    assert_int_equal(X(5), 0x1111);
    assert_int_equal(X(6), 0);
    assert_int_equal(X(7), 1);
    assert_int_equal(X(8), 0x89abcdef);
    assert_int_equal(X(9), 1);
    assert_int_equal(X(10), 0xef);
    assert_int_equal(X(11), 0);
    assert_int_equal(X(12), 0xcd10);
    assert_int_equal(X(13), 0);
    assert_int_equal(X(14), X3);
    assert_int_equal(X(15), 0x2222);
    assert_int_equal(X(16), 0);
    assert_int_equal(X(17), 0x76543210);
    assert_int_equal(X(18), 0xfedcba98);
    assert_int_equal(X(19), 0);
    assert_int_equal(X(20), 0x7654321089abcdefull);
    assert_int_equal(X(21), X3);
    assert_int_equal(X(22), 1);
    assert_int_equal(X(23), 0x7654321089abcdefull);
    assert_int_equal(X(24), 0x10);
    assert_int_equal(X(25), 0xcdef);
    assert_int_equal(ch_rd64(&fx, d), 0x7654321089abcdefull);
    assert_int_equal(ch_rd64(&fx, d + 8), 0x012345677654cdefull);
    assert_int_equal(cpu->excl_addr, UINT64_MAX);
}

/* Exception entry clears the local monitor: LDXR; BRK; the handler's STXR
 * fails. */
static void test_exclusive_cleared_by_exception(void **state)
{
    (void)state;
    static const uint32_t excl_brk[] = {
        0xc85f7c25, /* ldxr x5, [x1] */
        0xd4200000, /* brk #0 */
    };
    static const uint32_t vec_stxr[] = {
        0xc8067c23, /* stxr w6, x3, [x1] */
        0xd4000022, /* hvc #1 */
    };
    ch_put_code(&fx, VBAR + 0x200, vec_stxr, 2);
    uint64_t d = DATA;
    ch_wr64(&fx, d, 7);
    X(1) = d; X(3) = 42; X(6) = 99;
    assert_int_equal(RUN(excl_brk), 1);
    assert_int_equal(X(5), 7);
    assert_int_equal(X(6), 1);
    assert_int_equal(ch_rd64(&fx, d), 7);
    assert_int_equal(cpu->sys.esr, 0x3cu << 26 | 1u << 25); /* BRK #0 */

    /* Without the exception the same STXR succeeds. */
    const uint32_t ok[] = { excl_brk[0], vec_stxr[0] };
    assert_int_equal(RUN(ok), 0);
    assert_int_equal(X(6), 0);
    assert_int_equal(ch_rd64(&fx, d), 42);
}

static void test_alignment_faults(void **state)
{
    (void)state;
    uint64_t d = DATA;
    static const uint32_t ldxr[] = { 0xc85f7c45 /* ldxr x5, [x2] */ };
    X(2) = d + 4; X(5) = 0x55;
    assert_int_equal(RUN(ldxr), 1);
    assert_int_equal(cpu->sys.esr, ESR_DABT_CUR(0x21));
    assert_int_equal(cpu->sys.far, d + 4);
    assert_int_equal(cpu->sys.elr, CODE);
    assert_int_equal(X(5), 0x55);

    static const uint32_t ldadd[] = { 0xf8230044 /* ldadd x3, x4, [x2] */ };
    X(2) = d + 2; X(4) = 0x44;
    assert_int_equal(RUN(ldadd), 1);
    /* A read-modify-write reads first: WnR = 0 (as in QEMU). */
    assert_int_equal(cpu->sys.esr, ESR_DABT_CUR(0x21));
    assert_int_equal(cpu->sys.far, d + 2);
    assert_int_equal(X(4), 0x44);

    static const uint32_t ldxp[] = { 0xc87f0c45 /* ldxp x5, x3, [x2] */ };
    X(2) = d + 8; /* 8-aligned, but a 64-bit pair needs 16 */
    assert_int_equal(RUN(ldxp), 1);
    assert_int_equal(cpu->sys.esr, ESR_DABT_CUR(0x21));

    static const uint32_t ldar[] = { 0x88dffc45 /* ldar w5, [x2] */ };
    X(2) = d + 2;
    assert_int_equal(RUN(ldar), 1);
    assert_int_equal(cpu->sys.esr, ESR_DABT_CUR(0x21));

    static const uint32_t casp[] = { 0x48207c44 /* casp x0, x1, x4, x5, [x2] */ };
    X(2) = d + 8;
    assert_int_equal(RUN(casp), 1);
    assert_int_equal(cpu->sys.esr, ESR_DABT_CUR(0x21));

    /* Store-release and store-exclusive fault as writes. */
    static const uint32_t stlr[] = { 0xc89ffc45 /* stlr x5, [x2] */ };
    X(2) = d + 4;
    assert_int_equal(RUN(stlr), 1);
    assert_int_equal(cpu->sys.esr, ESR_DABT_CUR(0x40 | 0x21));

    /* Ordinary accesses may be unaligned, also across a page. */
    static const uint32_t ldr[] = { 0xf8400045 /* ldur x5, [x2] */ };
    ch_wr64(&fx, d + 0xffc, 0x1122334455667788ull);
    ch_wr64(&fx, d + 0x1004, 0);
    X(2) = d + 0xffd;
    assert_int_equal(RUN(ldr), 0);
    assert_int_equal(X(5), 0x0011223344556677ull);
}

static void test_lse(void **state)
{
    (void)state;
    static const uint32_t lse[] = {
        0xf8230024, /* ldadd x3, x4, [x1] */
        0xf8231025, /* ldclr x3, x5, [x1] */
        0xf8232026, /* ldeor x3, x6, [x1] */
        0xf8273028, /* ldset x7, x8, [x1] */
        0xf829402a, /* ldsmax x9, x10, [x1] */
        0xf829502b, /* ldsmin x9, x11, [x1] */
        0xf823602c, /* ldumax x3, x12, [x1] */
        0xf823702d, /* ldumin x3, x13, [x1] */
        0xf827802e, /* swp x7, x14, [x1] */
        0xf823003f, /* stadd x3, [x1] */
        0x38e3004f, /* ldaddalb w3, w15, [x2] */
        0x78305371, /* ldsminh w16, w17, [x27] */
        0x78b06372, /* ldumaxah w16, w18, [x27] */
        0xb8704393, /* ldsmaxl w16, w19, [x28] */
        0xc8b57c33, /* cas x21, x19, [x1] */
        0xc8b47c36, /* cas x20, x22, [x1] */
        0xf9400037, /* ldr x23, [x1] */
        0x48387c1a, /* casp x24, x25, x26, x27, [x0] */
        0x086cffae, /* caspal w12, w13, w14, w15, [x29] */
        0x08fe7c43, /* casab w30, w3, [x2] */
    };
    uint64_t d = DATA + 0x100;
    X(1) = d; X(2) = d + 8; X(27) = d + 16; X(28) = d + 24; X(0) = d + 32; X(29) = d + 48;
    X(3) = 10; X(7) = 0x30; X(9) = UINT64_MAX; X(16) = 0x7fff;
    X(21) = 0x3a; X(20) = 0; X(22) = 0x5555;
    X(24) = 0xaaaa; X(25) = 0xbbbb; X(26) = 0x1234;
    X(30) = 9;
    ch_wr64(&fx, d, 5);
    ch_wr64(&fx, d + 8, 0xff);
    ch_wr64(&fx, d + 16, 0x8000);
    ch_wr64(&fx, d + 24, 0xfffffff0);
    ch_wr64(&fx, d + 32, 0xaaaa); ch_wr64(&fx, d + 40, 0xbbbb);
    ch_wr64(&fx, d + 48, 0x0000000200000001ull);
    assert_int_equal(RUN(lse), 0);
    assert_int_equal(X(4), 5);
    assert_int_equal(X(5), 15);
    assert_int_equal(X(6), 5);
    assert_int_equal(X(8), 15);
    assert_int_equal(X(10), 0x3f);
    assert_int_equal(X(11), 0x3f);
    assert_int_equal(X(14), 10);
    assert_int_equal(X(15), 0xff);
    assert_int_equal(X(17), 0x8000);
    assert_int_equal(X(18), 0x8000);
    assert_int_equal(X(19), 0xfffffff0);
    assert_int_equal(X(21), 0x3a);
    assert_int_equal(X(20), 0xfffffff0);
    assert_int_equal(X(23), 0xfffffff0);
    assert_int_equal(ch_rd64(&fx, d), 0xfffffff0);
    assert_int_equal(ch_rd64(&fx, d + 16), 0x8000);
    assert_int_equal(ch_rd64(&fx, d + 24), 0x7fff);
    assert_int_equal(X(24), 0xaaaa);
    assert_int_equal(X(25), 0xbbbb);
    assert_int_equal(ch_rd64(&fx, d + 32), 0x1234);
    assert_int_equal(ch_rd64(&fx, d + 40), d + 16);
    assert_int_equal(X(12), 1);
    assert_int_equal(X(13), 2);
    assert_int_equal(ch_rd64(&fx, d + 48), 0x0000000200000001ull);
    assert_int_equal(X(30), 9);
    assert_int_equal(ch_rd64(&fx, d + 8), 0x0a);
}

static void test_mmio(void **state)
{
    (void)state;
    static const uint32_t mmio[] = {
        0xf9000423, /* str x3, [x1, #8] */
        0x39000423, /* strb w3, [x1, #1] */
        0x79000423, /* strh w3, [x1, #2] */
        0xb9000423, /* str w3, [x1, #4] */
        0xf9400824, /* ldr x4, [x1, #16] */
        0x39804425, /* ldrsb x5, [x1, #17] */
        0x29441c26, /* ldp w6, w7, [x1, #32] */
        0x78696828, /* ldrh w8, [x1, x9] */
    };
    X(1) = MMIO_BASE; X(3) = X3; X(9) = 0x22;
    assert_int_equal(RUN(mmio), 0);
    static const access_t want[] = {
        { 1, 8, 8, X3 }, { 1, 1, 1, 0xef }, { 1, 2, 2, 0xcdef }, { 1, 4, 4, 0x89abcdef },
        { 0, 16, 8, 0 }, { 0, 17, 1, 0 }, { 0, 32, 4, 0 }, { 0, 36, 4, 0 }, { 0, 0x22, 2, 0 },
    };
    assert_int_equal(nrec, 9);
    for (int i = 0; i < 9; i++) {
        assert_int_equal(rec[i].write, want[i].write);
        assert_int_equal(rec[i].off, want[i].off);
        assert_int_equal(rec[i].size, want[i].size);
        assert_int_equal(rec[i].val, want[i].val);
    }
    assert_int_equal(X(4), dev_value(16, 8));
    assert_int_equal(X(5), (uint64_t)(int8_t)dev_value(17, 1));
    assert_int_equal(X(6), dev_value(32, 4));
    assert_int_equal(X(7), dev_value(36, 4));
    assert_int_equal(X(8), dev_value(0x22, 2));

    /* Atomics and exclusives to a device: synchronous external abort. */
    static const uint32_t ldadd[] = { 0xf8230024 /* ldadd x3, x4, [x1] */ };
    nrec = 0;
    X(4) = 0x44;
    assert_int_equal(RUN(ldadd), 1);
    assert_int_equal(ESR_NO_EA(cpu->sys.esr), ESR_DABT_CUR(0x40 | 0x10));
    assert_int_equal(cpu->sys.far, MMIO_BASE);
    assert_int_equal(X(4), 0x44);
    assert_int_equal(nrec, 0);
    static const uint32_t ldxr[] = { 0xc85f7c24 /* ldxr x4, [x1] */ };
    assert_int_equal(RUN(ldxr), 1);
    assert_int_equal(ESR_NO_EA(cpu->sys.esr), ESR_DABT_CUR(0x10));
}

/* A faulting access changes no register: not the base of a write-back
 * form, not the first register of a pair whose second half faults. */
static void test_precise_faults(void **state)
{
    (void)state;
    static const uint32_t ldr_pre[] = { 0xf8408c41 /* ldr x1, [x2, #8]! */ };
    X(1) = 0x1234; X(2) = UNMAPPED;
    assert_int_equal(RUN(ldr_pre), 1);
    assert_int_equal(ESR_NO_EA(cpu->sys.esr), ESR_DABT_CUR(0x10));
    assert_int_equal(cpu->sys.far, UNMAPPED + 8);
    assert_int_equal(cpu->sys.elr, CODE);
    assert_int_equal(X(1), 0x1234);
    assert_int_equal(X(2), UNMAPPED);

    static const uint32_t ldp_post[] = { 0xa8c11043 /* ldp x3, x4, [x2], #16 */ };
    uint64_t end = RAM_BASE + RAM_SIZE;
    X(2) = end - 8; X(3) = 3; X(4) = 4;
    assert_int_equal(RUN(ldp_post), 1);
    assert_int_equal(cpu->sys.far, end);
    assert_int_equal(X(2), end - 8);
    assert_int_equal(X(3), 3);
    assert_int_equal(X(4), 4);

    static const uint32_t stp_pre[] = { 0xa9bf1043 /* stp x3, x4, [x2, #-16]! */ };
    X(2) = UNMAPPED + 16;
    assert_int_equal(RUN(stp_pre), 1);
    assert_int_equal(ESR_NO_EA(cpu->sys.esr), ESR_DABT_CUR(0x40 | 0x10));
    assert_int_equal(cpu->sys.far, UNMAPPED);
    assert_int_equal(X(2), UNMAPPED + 16);

    /* A fault in the middle of a block: ELR is the faulting instruction and
     * the instructions before it have retired. */
    static const uint32_t mid[] = {
        0x91000421, /* add x1, x1, #1 */
        0xf9400045, /* ldr x5, [x2] */
        0x91000421, /* add x1, x1, #1 */
    };
    X(1) = 0; X(2) = UNMAPPED;
    assert_int_equal(RUN(mid), 1);
    assert_int_equal(cpu->sys.elr, CODE + 4);
    assert_int_equal(X(1), 1);
}

static void test_sp_alignment(void **state)
{
    (void)state;
    static const uint32_t ldr_sp[] = { 0xf94003e3 /* ldr x3, [sp] */ };
    static const uint32_t prfm_sp[] = { 0xf98003e0 /* prfm pldl1keep, [sp] */ };
    static const uint32_t ldr_sp_reg[] = { 0xf8646be3 /* ldr x3, [sp, x4] */ };
    static const uint32_t ldr_x5[] = { 0xf94000a3 /* ldr x3, [x5] */ };
    static const uint32_t stp_sp[] = { 0xa9bf0fe2 /* stp x2, x3, [sp, #-16]! */ };
    static const uint32_t ldxr_sp[] = { 0xc85f7fe3 /* ldxr x3, [sp] */ };
    uint64_t sp = DATA + 0x208;
    X(REG_SP) = sp; X(4) = 0; X(5) = sp; X(3) = 0x33;
    ch_wr64(&fx, sp, 0x77);

    cpu->sys.sctlr |= 1u << 3; /* SA */
    assert_int_equal(RUN(ldr_sp), 1);
    assert_int_equal(cpu->sys.esr, 0x26u << 26 | 1u << 25);
    assert_int_equal(cpu->sys.elr, CODE);
    assert_int_equal(X(3), 0x33);
    X(REG_SP) = sp; /* the exception switched to SP_EL1 = same bank here */
    assert_int_equal(RUN(prfm_sp), 0);
    assert_int_equal(RUN(ldr_sp_reg), 1);
    assert_int_equal(cpu->sys.esr, 0x26u << 26 | 1u << 25);
    X(REG_SP) = sp;
    assert_int_equal(RUN(stp_sp), 1);
    assert_int_equal(X(REG_SP), sp);
    assert_int_equal(RUN(ldxr_sp), 1);
    assert_int_equal(cpu->sys.esr, 0x26u << 26 | 1u << 25);
    X(REG_SP) = sp;
    assert_int_equal(RUN(ldr_x5), 0); /* only SP-based accesses are checked */
    assert_int_equal(X(3), 0x77);

    cpu->sys.sctlr &= ~(uint64_t)(1u << 3);
    X(3) = 0;
    assert_int_equal(RUN(ldr_sp), 0);
    assert_int_equal(X(3), 0x77);

    /* At EL0, SA0 is the control; the fault goes to the lower-EL vector. */
    cpu->sys.sctlr |= 1u << 4;
    cpu_switch_sp(cpu, 0, 0);
    X(REG_SP) = sp;
    assert_int_equal(RUN(ldr_sp), 2);
    assert_int_equal(cpu->sys.esr, 0x26u << 26 | 1u << 25);
    assert_int_equal(cpu->sys.spsr & 0xf, 0); /* from EL0t */
}

/* ---- decoder ---- */

static bool dec(uint32_t insn, int el, int mmu_idx, op_t *op)
{
    dc_t dc = { .cpu = cpu, .pc = CODE, .el = el, .mmu_idx = mmu_idx };
    memset(op, 0, sizeof(*op));
    op->insn = insn;
    return decode_ldst(&dc, insn, op);
}

static void test_decode_reserved(void **state)
{
    (void)state;
    op_t op;
    /* The SIMD&FP forms below are UNDEFINED on a CPU without FP/AdvSIMD
     * (ID_AA64PFR0_EL1.FP = AdvSIMD = 0xF); model one. */
    uint64_t saved_pfr0 = cpu->id_aa64pfr0;
    cpu->id_aa64pfr0 |= 0xff0000ull;
    static const uint32_t undef[] = {
        0xb8612820, /* ldr w0, [x1, x1, option=001]: option<1> == 0 */
        0xb8611820, /* option=000 with S */
        0xf8a12820, /* prfm, option=001 */
        0x68400c20, /* ldpsw, no-allocate form */
        0xe9400420, /* pair opc=11 */
        0x69000420, /* stgp (FEAT_MTE) */
        0xf8800420, /* prfm slot, post-index */
        0xf8800c20, /* prfm slot, pre-index */
        0xf8a00820, /* prfm slot, unprivileged */
        0xb8e00820, /* size=10 opc=11, unprivileged */
        0xb8c00020, /* size=10 opc=11, unscaled */
        0xf9c00020, /* size=11 opc=11, unsigned offset */
        0x88df7c20, /* ldlar (FEAT_LOR) */
        0x889f7c20, /* stllr (FEAT_LOR) */
        0xf8209020, /* atomic o3=1 opc=001 */
        0xf820f020, /* atomic o3=1 opc=111 */
        0x08217c20, /* casp with odd Rs */
        0x08207c21, /* casp with odd Rt */
        0x48a07820, /* cas with Rt2 != 31 */
        0xf8a0c020, /* ldapr with Rs != 31 */
        0xf8ffc020, /* ldapr form with R = 1 */
        0x3dc00020, /* ldr q0, [x1] (SIMD&FP) */
        0xfc408c20, /* ldr d0, [x1, #8]! */
        0x6d400420, /* ldp d0, d1, [x1] */
        0x1c000020, /* ldr s0, literal */
        0x4c407020, /* ld1 {v0.16b}, [x1] */
        0x0d40c020, /* ld1r */
        0xf8200420, /* ldraa (FEAT_PAuth) */
        0x19000000, /* stlurb (FEAT_LRCPC2) */
        0xd9200000, /* stzgm (FEAT_MTE) */
        0x09000000, /* bits 29:24 = 001001 */
        0xf8400c20 | 1u << 26, /* V = 1 in the imm9 class */
    };
    for (size_t i = 0; i < sizeof(undef) / sizeof(undef[0]); i++) {
        if (dec(undef[i], 1, MMU_IDX_EL1, &op))
            fail_msg("0x%08x decoded, expected UNDEFINED", undef[i]);
    }
    cpu->id_aa64pfr0 = saved_pfr0;
    static const uint32_t ok[] = {
        0xc8407c20, /* ldxr x0, [x1] with Rs = 0 (QEMU ignores the field) */
        0xf8a16820, /* prfm pldl1keep, [x1, x1] */
        0xf8800020, /* prfum */
        0xd8000000, /* prfm literal */
        0x08207c20, /* casp w0, w1, w0, w1, [x1] */
        0x48a07c20, /* cash */
        0xf8bfc020, /* ldapr */
        0x38bfc020, /* ldaprb */
        0xf83f0000, /* ldadd xzr... */
        0x887f0c20, /* ldxp */
        0xb8616820, /* ldr w0, [x1, x1] */
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        if (!dec(ok[i], 1, MMU_IDX_EL1, &op))
            fail_msg("0x%08x UNDEFINED, expected it to decode", ok[i]);
    }
}

static void test_decode_features_and_regimes(void **state)
{
    (void)state;
    op_t op;
    /* LSE and LRCPC follow the ID registers. */
    cpu->id_aa64isar0 &= ~(0xfull << 20);
    cpu->id_aa64isar1 &= ~(0xfull << 20);
    assert_false(dec(0xf8230024, 1, MMU_IDX_EL1, &op)); /* ldadd */
    assert_false(dec(0xc8a07c20, 1, MMU_IDX_EL1, &op)); /* cas */
    assert_false(dec(0x48207c44, 1, MMU_IDX_EL1, &op)); /* casp */
    assert_false(dec(0xf8bfc020, 1, MMU_IDX_EL1, &op)); /* ldapr */
    assert_true(dec(0xc85f7c20, 1, MMU_IDX_EL1, &op));  /* ldxr (v8.0) */
    cpu->id_aa64isar0 |= 2ull << 20;
    cpu->id_aa64isar1 |= 1ull << 20;
    assert_true(dec(0xf8230024, 1, MMU_IDX_EL1, &op));
    assert_int_equal(op.kind, OP_ldadd64);
    assert_true(dec(0xf8bfc020, 1, MMU_IDX_EL1, &op));
    assert_int_equal(op.kind, OP_ldar64);

    /* LDTR at EL1 uses the EL0 regime (with or without PAN); LDR the
     * block's; at EL0 both use EL0's. */
    assert_true(dec(0xf8400820, 1, MMU_IDX_EL1_PAN, &op)); /* ldtr x0, [x1] */
    assert_int_equal(op.c, MMU_IDX_EL0);
    assert_true(dec(0x38000820, 1, MMU_IDX_EL1, &op));     /* sttrb w0, [x1] */
    assert_int_equal(op.c, MMU_IDX_EL0);
    assert_true(dec(0xf9400020, 1, MMU_IDX_EL1_PAN, &op)); /* ldr x0, [x1] */
    assert_int_equal(op.c, MMU_IDX_EL1_PAN);
    assert_true(dec(0xf8400820, 0, MMU_IDX_EL0, &op));
    assert_int_equal(op.c, MMU_IDX_EL0);

    /* Specialisation: SP-based forms get their own ops. */
    assert_true(dec(0xf94003e3, 1, MMU_IDX_EL1, &op)); /* ldr x3, [sp] */
    assert_int_equal(op.kind, OP_ldr64_offsp);
    assert_true(dec(0xa9bf7bfd, 1, MMU_IDX_EL1, &op)); /* stp x29, x30, [sp, #-16]! */
    assert_int_equal(op.kind, OP_stp64_presp);
    assert_int_equal(op.imm, (uint64_t)-16);
    assert_true(dec(0xf9400420, 1, MMU_IDX_EL1, &op)); /* ldr x0, [x1, #8] */
    assert_int_equal(op.kind, OP_ldr64_off);
    assert_int_equal(op.imm, 8);
    assert_int_equal(op.sf, 3);
}

static void test_dc_zva(void **state)
{
    (void)state;
    static tb_t fake_tb;
    fake_tb.pc = CODE;
    cpu->cur_tb = &fake_tb;
    op_t op = { 0 };
    memset(ch_host(&fx, DATA), 0xab, 256);
    cpu_dc_zva(cpu, DATA + 0x47, &op); /* slow path (TLB cold) */
    for (int i = 0; i < 256; i++)
        assert_int_equal(ch_host(&fx, DATA)[i], (i >= 0x40 && i < 0x80) ? 0 : 0xab);
    cpu_dc_zva(cpu, DATA + 0xbf, &op); /* fast path */
    for (int i = 0; i < 256; i++)
        assert_int_equal(ch_host(&fx, DATA)[i], (i >= 0x40 && i < 0xc0) ? 0 : 0xab);
    cpu->cur_tb = NULL;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_single_modes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_literal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pairs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writeback_overlap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exclusives, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exclusive_cleared_by_exception, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alignment_faults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lse, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mmio, setup, teardown),
        cmocka_unit_test_setup_teardown(test_precise_faults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sp_alignment, setup, teardown),
        cmocka_unit_test_setup_teardown(test_decode_reserved, setup, teardown),
        cmocka_unit_test_setup_teardown(test_decode_features_and_regimes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dc_zva, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
