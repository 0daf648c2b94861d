/* gen.c - random A64 integer instruction streams for the differential test.
 *
 * A stream is a function of (seed, stream index, len, features) only, so any
 * stream of any run can be regenerated alone. Its instructions come from
 * templates with constrained fields, one per instruction class, in the
 * spirit of risu's aarch64.risu patterns; the constraints keep every stream
 * inside what the architecture specifies:
 *  - the pinned register x28 (DT_BUF_REG) always points at the middle of the
 *    scratch buffer and is never written; every memory access is inside the
 *    buffer (or, for literal loads, inside the stream's own code, at or
 *    before the load). With the MMU off accesses are naturally aligned, as
 *    Device memory requires; with it on, plain loads, stores and pairs may
 *    be unaligned and cross the page boundary at x28;
 *  - an access's base register is set up right before it, in the same
 *    "group" (ADD/SUB from x28, MOVZ/MOVN/MOVK for index registers); branches
 *    only go forward, to group boundaries, so a group runs whole or not at
 *    all and every stream terminates;
 *  - no CONSTRAINED UNPREDICTABLE forms: writeback with Rn == Rt (or Rt2),
 *    LDP/LDXP with Rt == Rt2, STXR with Ws == Rt/Rt2/Rn, exclusives of
 *    mismatched size or address, stores between LDXR and STXR, non-ones in
 *    should-be-one fields (Rs/Rt2 of LDXR, Ra of SMULH), unaligned
 *    exclusives and atomics;
 *  - no FP/SIMD, no system-state changes apart from NZCV.
 * Optional classes (features=): crc32, lse, lrcpc, sys (MRS/MSR NZCV,
 * barriers, CLREX), sb, flagm, flagm2, rcpc2, undef (about one stream in 16
 * ends with an exception: a reserved encoding, which both machines must
 * treat as UNDEFINED, or SVC, or another BRK).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

#define NOP_INSN 0xd503201fu
#define BRK_INSN (0xd4200000u | (DT_BRK_IMM << 5))

/* ---- features ------------------------------------------------------------ */

static const struct {
    const char *name;
    unsigned bit;
} feature_names[] = {
    { "crc32", F_CRC }, { "lse", F_LSE },       { "lrcpc", F_LRCPC }, { "sys", F_SYS },
    { "flagm", F_FLAGM }, { "flagm2", F_FLAGM2 }, { "rcpc2", F_RCPC2 }, { "undef", F_UNDEF }, { "sb", F_SB },
};

unsigned parse_features(const char *s)
{
    unsigned f = 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    for (char *t = strtok(buf, ", "); t; t = strtok(NULL, ", ")) {
        if (!strcmp(t, "default")) {
            f |= F_DEFAULT;
            continue;
        }
        if (!strcmp(t, "all")) {
            f |= ~0u;
            continue;
        }
        if (!strcmp(t, "base"))
            continue;
        size_t i;
        for (i = 0; i < sizeof feature_names / sizeof feature_names[0]; i++)
            if (!strcmp(t, feature_names[i].name))
                break;
        if (i == sizeof feature_names / sizeof feature_names[0]) {
            fprintf(stderr, "gen: unknown feature '%s' (known: base default all", t);
            for (i = 0; i < sizeof feature_names / sizeof feature_names[0]; i++)
                fprintf(stderr, " %s", feature_names[i].name);
            fprintf(stderr, ")\n");
            exit(2);
        }
        f |= feature_names[i].bit;
    }
    return f;
}

void features_str(unsigned feat, char *buf, size_t sz)
{
    buf[0] = 0;
    for (size_t i = 0; i < sizeof feature_names / sizeof feature_names[0]; i++)
        if (feat & feature_names[i].bit) {
            size_t l = strlen(buf);
            snprintf(buf + l, sz - l, "%s%s", l ? "," : "", feature_names[i].name);
        }
    if (!buf[0])
        snprintf(buf, sz, "base");
}

/* ---- random numbers (splitmix64: tiny, and identical on every host) ------- */


static uint64_t rnext(rng_t *r)
{
    r->s += 0x9e3779b97f4a7c15ull;
    return dt_mix64(r->s);
}

/* Uniform in [0, n). */
static uint32_t rn(rng_t *r, uint32_t n)
{
    return (uint32_t)(((rnext(r) >> 32) * n) >> 32);
}

/* Uniform in [lo, hi]. */
static int64_t rrange(rng_t *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rnext(r) % (uint64_t)(hi - lo + 1));
}

static bool chance(rng_t *r, uint32_t one_in)
{
    return rn(r, one_in) == 0;
}

/* Register values with the edges that break arithmetic: zero, one, all
 * ones, the 32- and 64-bit signed extremes, values around bit 31/32. */
static uint64_t rand_val(rng_t *r)
{
    static const uint64_t edges[] = {
        0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
        0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff, 0x100000000,
        0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000001,
        0xfffffffffffffffe, 0xffffffffffffffff, 0xffffffff80000000, 0xffffffff7fffffff,
    };
    uint64_t v = rnext(r);
    switch (rn(r, 10)) {
    case 0: case 1: case 2:
        return edges[rn(r, sizeof edges / sizeof edges[0])];
    case 3:
        return (uint64_t)(int64_t)rrange(r, -40, 40);
    case 4:
        return v & 0xffffffff;
    case 5:
        return (uint64_t)(int64_t)(int32_t)v;
    case 6:
        return 1ull << rn(r, 64);
    case 7:
        return v & rnext(r) & rnext(r); /* sparse bits */
    default:
        return v;
    }
}

/* ---- the stream under construction ---------------------------------------- */


static void emit(gen_t *g, uint32_t w)
{
    if (g->n >= g->len) {
        fprintf(stderr, "gen: internal error: group overflows the stream\n");
        exit(3);
    }
    g->w[g->n++] = w;
}

#define U(x) ((uint32_t)(x))

/* A register the instruction may write: never x28 or a register the group
 * still needs. */
static int dst(gen_t *g)
{
    for (;;) {
        int r = (int)rn(&g->r, 31);
        if (r != DT_BUF_REG && !(g->avoid >> r & 1))
            return r;
    }
}

/* A destination field where 31 means XZR (writes discarded). */
static int dst_zr(gen_t *g)
{
    return chance(&g->r, 16) ? 31 : dst(g);
}

/* A destination field where 31 means SP. */
static int dst_sp(gen_t *g)
{
    if (!(g->avoid >> 31 & 1) && chance(&g->r, 16))
        return 31;
    return dst(g);
}

/* Any source register (31 is XZR or SP, both defined). */
static int src(gen_t *g)
{
    return (int)rn(&g->r, 32);
}

static uint32_t imm12(rng_t *r)
{
    switch (rn(r, 6)) {
    case 0: return 0;
    case 1: return 1;
    case 2: return 0xfff;
    case 3: return rn(r, 16);
    default: return rn(r, 4096);
    }
}

/* ---- data processing ---------------------------------------------------- */

static void c_addsub_imm(gen_t *g)
{
    uint32_t sf = rn(&g->r, 2), op = rn(&g->r, 2), S = rn(&g->r, 2), sh = rn(&g->r, 2);
    int rd = S ? dst_zr(g) : dst_sp(g);
    emit(g, sf << 31 | op << 30 | S << 29 | 0x11000000 | sh << 22 | imm12(&g->r) << 10 |
                U(src(g)) << 5 | U(rd));
}

static void c_addsub_shift(gen_t *g)
{
    uint32_t sf = rn(&g->r, 2), op = rn(&g->r, 2), S = rn(&g->r, 2);
    uint32_t shift = rn(&g->r, 3), imm6 = rn(&g->r, sf ? 64 : 32);
    emit(g, sf << 31 | op << 30 | S << 29 | 0x0b000000 | shift << 22 | U(src(g)) << 16 |
                imm6 << 10 | U(src(g)) << 5 | U(dst_zr(g)));
}

static void c_addsub_ext(gen_t *g)
{
    uint32_t sf = rn(&g->r, 2), op = rn(&g->r, 2), S = rn(&g->r, 2);
    uint32_t option = rn(&g->r, 8), imm3 = rn(&g->r, 5);
    int rd = S ? dst_zr(g) : dst_sp(g);
    emit(g, sf << 31 | op << 30 | S << 29 | 0x0b200000 | U(src(g)) << 16 | option << 13 |
                imm3 << 10 | U(src(g)) << 5 | U(rd));
}

static void c_adc(gen_t *g)
{
    uint32_t sf = rn(&g->r, 2), op = rn(&g->r, 2), S = rn(&g->r, 2);
    emit(g, sf << 31 | op << 30 | S << 29 | 0x1a000000 | U(src(g)) << 16 | U(src(g)) << 5 |
                U(dst_zr(g)));
}

/* Fields of a valid bitmask immediate (DecodeBitMasks with immediate=TRUE):
 * element size e = 2..64, a run of 1..e-1 ones, rotated by 0..e-1. */
static void bitmask_fields(rng_t *r, uint32_t sf, uint32_t *N, uint32_t *immr, uint32_t *imms)
{
    uint32_t lg = 1 + rn(r, sf ? 6 : 5);
    uint32_t e = 1u << lg;
    uint32_t s = rn(r, e - 1);
    *N = lg == 6;
    *imms = (lg == 6 ? 0 : (~(2 * e - 1) & 0x3f)) | s;
    *immr = rn(r, e);
    /* immr bits above the element size are ignored (R = immr AND levels). */
    if (chance(r, 4))
        *immr |= rn(r, 64) & ~(e - 1) & 0x3f;
}

static void c_logic_imm(gen_t *g)
{
    uint32_t sf = rn(&g->r, 2), opc = rn(&g->r, 4), N, immr, imms;
    bitmask_fields(&g->r, sf, &N, &immr, &imms);
    int rd = opc == 3 ? dst_zr(g) : dst_sp(g);
    emit(g, sf << 31 | opc << 29 | 0x12000000 | N << 22 | immr << 16 | imms << 10 |
                U(src(g)) << 5 | U(rd));
}

static void c_logic_shift(gen_t *g)
{
    uint32_t sf = rn(&g->r, 2), opc = rn(&g->r, 4), N = rn(&g->r, 2), shift = rn(&g->r, 4);
    uint32_t imm6 = rn(&g->r, sf ? 64 : 32);
    emit(g, sf << 31 | opc << 29 | 0x0a000000 | shift << 22 | N << 21 | U(src(g)) << 16 |
                imm6 << 10 | U(src(g)) << 5 | U(dst_zr(g)));
}

static void c_movw(gen_t *g)
{
    static const uint32_t opcs[] = { 0, 2, 3 }; /* MOVN, MOVZ, MOVK */
    uint32_t sf = rn(&g->r, 2), opc = opcs[rn(&g->r, 3)], hw = rn(&g->r, sf ? 4 : 2);
    uint32_t imm16 = chance(&g->r, 4) ? (chance(&g->r, 2) ? 0 : 0xffff) : rn(&g->r, 0x10000);
    emit(g, sf << 31 | opc << 29 | 0x12800000 | hw << 21 | imm16 << 5 | U(dst_zr(g)));
}

static void c_adr(gen_t *g)
{
    uint32_t op = rn(&g->r, 2), imm = rn(&g->r, 1u << 21);
    emit(g, op << 31 | (imm & 3) << 29 | 0x10000000 | (imm >> 2) << 5 | U(dst_zr(g)));
}

static void c_bitfield(gen_t *g)
{
    uint32_t sf = rn(&g->r, 2), opc = rn(&g->r, 3), size = sf ? 64 : 32;
    uint32_t immr = rn(&g->r, size), imms = rn(&g->r, size);
    /* Half the time one of the aliases the translator specialises:
     * LSR/ASR (imms = size-1), LSL (imms + 1 = immr), UXTB/UXTH/UBFX #0
     * and SXTB/SXTH/SXTW (immr = 0). */
    switch (chance(&g->r, 2) ? rn(&g->r, 3) : 3) {
    case 0: imms = size - 1; break;
    case 1: immr = immr ? immr : 1; imms = immr - 1; break;
    case 2: immr = 0; break;
    default: break;
    }
    emit(g, sf << 31 | opc << 29 | 0x13000000 | sf << 22 | immr << 16 | imms << 10 |
                U(src(g)) << 5 | U(dst_zr(g)));
}

static void c_extr(gen_t *g)
{
    uint32_t sf = rn(&g->r, 2), imms = rn(&g->r, sf ? 64 : 32);
    int rm = src(g), rnn = chance(&g->r, 4) ? rm : src(g); /* Rn == Rm: ROR */
    emit(g, sf << 31 | 0x13800000 | sf << 22 | U(rm) << 16 | imms << 10 | U(rnn) << 5 |
                U(dst_zr(g)));
}

/* Data-processing (2 source): LSLV LSRV ASRV RORV UDIV SDIV. */
static void c_dp2(gen_t *g)
{
    static const uint32_t opcs[] = { 8, 9, 10, 11, 2, 3 };
    uint32_t sf = rn(&g->r, 2), opc = opcs[rn(&g->r, 6)];
    emit(g, sf << 31 | 0x1ac00000 | U(src(g)) << 16 | opc << 10 | U(src(g)) << 5 | U(dst_zr(g)));
}

static void c_crc(gen_t *g)
{
    uint32_t sz = rn(&g->r, 4), C = rn(&g->r, 2), sf = sz == 3;
    emit(g, sf << 31 | 0x1ac00000 | U(src(g)) << 16 | (0x10 | C << 2 | sz) << 10 |
                U(src(g)) << 5 | U(dst_zr(g)));
}

/* Data-processing (3 source). */
static void c_dp3(gen_t *g)
{
    uint32_t k = rn(&g->r, 5), o0 = rn(&g->r, 2);
    int rm = src(g), ra = src(g), rnn = src(g), rd = dst_zr(g);
    uint32_t u = rn(&g->r, 2);
    switch (k) {
    case 0: case 1: /* MADD, MSUB */
        emit(g, U(rn(&g->r, 2)) << 31 | 0x1b000000 | U(rm) << 16 | o0 << 15 | U(ra) << 10 |
                    U(rnn) << 5 | U(rd));
        break;
    case 2: case 3: /* SMADDL SMSUBL UMADDL UMSUBL */
        emit(g, 0x9b200000 | u << 23 | U(rm) << 16 | o0 << 15 | U(ra) << 10 | U(rnn) << 5 | U(rd));
        break;
    default: /* SMULH UMULH: Ra is should-be-one */
        emit(g, 0x9b400000 | u << 23 | U(rm) << 16 | 31u << 10 | U(rnn) << 5 | U(rd));
        break;
    }
}

/* Data-processing (1 source): RBIT REV16 REV32/REV CLZ CLS. */
static void c_dp1(gen_t *g)
{
    uint32_t sf = rn(&g->r, 2), opc;
    do
        opc = rn(&g->r, 6);
    while (!sf && opc == 3);
    emit(g, sf << 31 | 0x5ac00000 | opc << 10 | U(src(g)) << 5 | U(dst_zr(g)));
}

static void c_ccmp(gen_t *g)
{
    uint32_t sf = rn(&g->r, 2), op = rn(&g->r, 2), imm = rn(&g->r, 2);
    uint32_t f5 = imm ? rn(&g->r, 32) : U(src(g));
    emit(g, sf << 31 | op << 30 | 0x3a400000 | f5 << 16 | rn(&g->r, 16) << 12 | imm << 11 |
                U(src(g)) << 5 | rn(&g->r, 16));
}

static void c_csel(gen_t *g)
{
    uint32_t sf = rn(&g->r, 2), op = rn(&g->r, 2), o2 = rn(&g->r, 2);
    int rm = src(g), rnn = chance(&g->r, 4) ? rm : src(g); /* Rn == Rm: CSET/CINC... */
    emit(g, sf << 31 | op << 30 | 0x1a800000 | U(rm) << 16 | rn(&g->r, 16) << 12 | o2 << 10 |
                U(rnn) << 5 | U(dst_zr(g)));
}

/* Put an edge value into a register (registers drift away from the edges
 * the stream started with). */
static void c_setconst(gen_t *g)
{
    uint32_t d = U(dst(g));
    switch (rn(&g->r, 9)) {
    case 0: emit(g, 0xd2800000 | d); break;                        /* mov x, #0 */
    case 1: emit(g, 0x92800000 | d); break;                        /* mov x, #-1 */
    case 2: emit(g, 0xb2410000 | 31u << 5 | d); break;             /* mov x, #1<<63 */
    case 3: emit(g, 0xb240f800 | 31u << 5 | d); break;             /* mov x, #INT64_MAX */
    case 4: emit(g, 0x32010000 | 31u << 5 | d); break;             /* mov w, #0x80000000 */
    case 5: emit(g, 0x32007800 | 31u << 5 | d); break;             /* mov w, #0x7fffffff */
    case 6: emit(g, 0x12800000 | d); break;                        /* mov w, #0xffffffff */
    case 7: emit(g, 0xd2c00020 | d); break;                        /* mov x, #1<<32 */
    default: emit(g, 0xd2800020 | d); break;                       /* mov x, #1 */
    }
}

static void c_nop(gen_t *g)
{
    emit(g, NOP_INSN);
}

static void c_nzcv(gen_t *g)
{
    if (chance(&g->r, 2))
        emit(g, 0xd53b4200 | U(dst_zr(g))); /* mrs xt, nzcv */
    else
        emit(g, 0xd51b4200 | U(src(g)));    /* msr nzcv, xt */
}

static void c_barrier(gen_t *g)
{
    static const uint32_t w[] = { 0xd5033bbf, 0xd50339bf, 0xd5033f9f, 0xd5033fdf, 0xd503229f };
    emit(g, w[rn(&g->r, 5)]); /* dmb ish, dmb ishld, dsb sy, isb, csdb */
}

static void c_flagm(gen_t *g)
{
    switch (rn(&g->r, 4)) {
    case 0: emit(g, 0xd500401f); break; /* cfinv */
    case 1: emit(g, 0xba000400 | rn(&g->r, 64) << 15 | U(src(g)) << 5 | rn(&g->r, 16)); break;
    case 2: emit(g, 0x3a00080d | U(src(g)) << 5); break; /* setf8 */
    default: emit(g, 0x3a00480d | U(src(g)) << 5); break; /* setf16 */
    }
}

static void c_sb(gen_t *g)
{
    emit(g, 0xd50330ff); /* sb */
}

static void c_flagm2(gen_t *g)
{
    emit(g, chance(&g->r, 2) ? 0xd500405f : 0xd500403f); /* axflag, xaflag */
}

/* ---- branches (forward only; targets resolved when the stream is done) ---- */

static void add_fixup(gen_t *g, int at, int from, int kind)
{
    int hops = chance(&g->r, 6) ? 1 : 2 + (int)rn(&g->r, 5);
    g->fix[g->nfix++] = (fixup_t){ .at = at, .from = from, .hops = hops, .kind = kind };
}

static void c_bcond(gen_t *g)
{
    add_fixup(g, g->n, g->n + 1, FX_IMM19);
    emit(g, 0x54000000 | rn(&g->r, 16));
}

static void c_cbz(gen_t *g)
{
    add_fixup(g, g->n, g->n + 1, FX_IMM19);
    emit(g, rn(&g->r, 2) << 31 | 0x34000000 | rn(&g->r, 2) << 24 | U(src(g)));
}

static void c_tbz(gen_t *g)
{
    add_fixup(g, g->n, g->n + 1, FX_IMM14);
    uint32_t b = rn(&g->r, 64);
    emit(g, (b >> 5) << 31 | 0x36000000 | rn(&g->r, 2) << 24 | (b & 31) << 19 | U(src(g)));
}

static void c_b(gen_t *g)
{
    add_fixup(g, g->n, g->n + 1, FX_IMM26);
    emit(g, chance(&g->r, 2) ? 0x14000000 : 0x94000000); /* b, bl */
}

/* adr xn, target; br/blr/ret xn */
static void c_bind(gen_t *g)
{
    static const uint32_t ops[] = { 0xd61f0000, 0xd63f0000, 0xd65f0000 };
    int t = dst(g);
    add_fixup(g, g->n, g->n + 2, FX_ADR);
    emit(g, 0x10000000 | U(t));
    emit(g, ops[rn(&g->r, 3)] | U(t) << 5);
}

/* ---- loads and stores ---------------------------------------------------- */

/* A base register for an access: SP sometimes, else a general register.
 * The group must not overwrite it until its last access. */
static int pick_base(gen_t *g)
{
    int b = chance(&g->r, 6) ? 31 : dst(g);
    g->avoid |= 1u << b;
    return b;
}

/* base = buffer + d (|d| < 4096): ADD/SUB (immediate) from x28. */
static void set_base(gen_t *g, int b, int64_t d)
{
    uint32_t sub = d < 0;
    uint32_t imm = (uint32_t)(d < 0 ? -d : d);
    emit(g, 0x91000000 | sub << 30 | imm << 10 | U(DT_BUF_REG) << 5 | U(b));
}

/* Address of an access of 'acc' bytes, aligned to 'align', as an offset from
 * x28 (the middle of the buffer, a page boundary): in [-4095, 4096 - acc],
 * so that any base register can be set up with one ADD/SUB from x28.
 * Accesses near x28 are favoured: unaligned ones there cross pages. */
static int64_t pick_ea(gen_t *g, uint32_t acc, uint32_t align)
{
    int64_t lo = -((4095 / (int64_t)align) * align), hi = 4096 - (int64_t)acc;
    int64_t klo = lo / align, khi = hi / align, k;
    switch (rn(&g->r, 6)) {
    case 0: k = klo; break;
    case 1: k = khi; break;
    case 2: k = rrange(&g->r, -(int64_t)(acc / align) - 1, 1); break; /* straddling x28 */
    default: k = rrange(&g->r, klo, khi); break;
    }
    return k * align;
}

/* Alignment of a plain load or store: natural with the MMU off (Device
 * memory), anything with it on. */
static uint32_t ldst_align(gen_t *g, uint32_t acc)
{
    return g->mmu && chance(&g->r, 2) ? 1 : acc;
}

static int64_t floordiv(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static int64_t ceildiv(int64_t a, int64_t b)
{
    return a >= 0 ? (a + b - 1) / b : -((-a) / b);
}

/* An encoded offset in [lo, hi] (multiples of 'step'), such that the base
 * ea - off is within 4095 bytes of x28. */
static int64_t pick_off(gen_t *g, int64_t ea, int64_t lo, int64_t hi, int64_t step)
{
    if (lo < ea - 4095)
        lo = ea - 4095;
    if (hi > ea + 4095)
        hi = ea + 4095;
    int64_t klo = ceildiv(lo, step), khi = floordiv(hi, step);
    int64_t k;
    switch (rn(&g->r, 4)) {
    case 0: k = klo; break;
    case 1: k = khi; break;
    default: k = rrange(&g->r, klo, khi); break;
    }
    return k * step;
}

enum { M_UIMM, M_UNSCALED, M_POST, M_UNPRIV, M_PRE, M_REG, M_LIT, M_COUNT };

/* Single-register loads and stores, every addressing mode. */
static void c_ldst(gen_t *g)
{
    int mode = (int)rn(&g->r, M_COUNT);
    uint32_t size, opc;

    if (mode == M_LIT) {
        /* LDR Wt / LDR Xt / LDRSW / PRFM (literal): read this stream's own
         * code at or before the load, which truncated replays keep. */
        opc = rn(&g->r, 4);
        int here = g->n;
        int t = here - (int)rn(&g->r, (uint32_t)here + 1 < 64 ? (uint32_t)here + 1 : 64);
        if (opc == 1)
            t &= ~1; /* 8-byte aligned: the slot is page aligned */
        uint32_t rt = opc == 3 ? rn(&g->r, 32) : U(dst_zr(g));
        emit(g, opc << 30 | 0x18000000 | (U(t - here) & 0x7ffff) << 5 | rt);
        return;
    }

    /* (size, opc): STRx, LDRx, LDRSx to 64, LDRSx to 32, PRFM */
    for (;;) {
        size = rn(&g->r, 4);
        opc = rn(&g->r, 4);
        if (size == 2 && opc == 3)
            continue;
        if (size == 3 && opc == 3)
            continue;
        if (size == 3 && opc == 2 && (mode == M_PRE || mode == M_POST || mode == M_UNPRIV))
            continue; /* PRFM has no writeback or unprivileged form */
        break;
    }
    bool prfm = size == 3 && opc == 2, load = opc != 0 && !prfm;
    bool wb = mode == M_PRE || mode == M_POST;
    uint32_t acc = 1u << size;
    int64_t ea = pick_ea(g, acc, ldst_align(g, acc));
    bool use28 = !wb && chance(&g->r, 3); /* x28 itself as the base */
    int64_t off = 0, base;
    uint32_t rt = prfm ? rn(&g->r, 32) : load ? U(dst_zr(g)) : U(src(g));
    int64_t idx = 0;
    uint32_t option = 0, S = 0, amt = 0;

    switch (mode) {
    case M_UIMM:
        if (use28 && (ea < 0 || ea % acc))
            use28 = false;
        off = use28 ? ea : pick_off(g, ea, 0, 4095 * (int64_t)acc, acc);
        break;
    case M_UNSCALED:
    case M_UNPRIV:
        if (use28 && (ea > 255 || ea < -256))
            use28 = false;
        off = use28 ? ea : pick_off(g, ea, -256, 255, 1);
        break;
    case M_PRE:
        off = pick_off(g, ea, -256, 255, 1);
        break;
    case M_POST:
        off = rrange(&g->r, -256, 255);
        break;
    case M_REG: {
        static const uint32_t options[] = { 2, 3, 6, 7 }; /* UXTW LSL SXTW SXTX */
        option = options[rn(&g->r, 4)];
        S = rn(&g->r, 2);
        amt = S ? size : 0;
        int64_t unit = (int64_t)1 << amt, lo, hi;
        if (use28 && (ea % unit || (option == 2 && ea < 0)))
            use28 = false;
        if (use28) {
            lo = hi = ea / unit;
        } else {
            /* unit * idx in [ea - 4095, ea + 4095]: base within reach of x28 */
            lo = ceildiv(ea - 4095, unit);
            hi = floordiv(ea + 4095, unit);
            if (option == 2 && lo < 0)
                lo = 0; /* UXTW: Wm is unsigned */
        }
        idx = rrange(&g->r, lo, hi);
        off = idx * unit;
        break;
    }
    }
    base = mode == M_POST ? ea : ea - off;

    int b = DT_BUF_REG;
    if (!use28) {
        if (wb && !prfm && rt != 31)
            g->avoid |= 1u << rt; /* writeback: Rn != Rt (SP and XZR differ) */
        b = pick_base(g);
        set_base(g, b, base);
    }

    if (mode == M_REG) {
        int m;
        if (idx == 0 && chance(&g->r, 3)) {
            m = 31; /* XZR index */
        } else {
            m = dst(g);
            uint32_t um = U(m);
            bool x64 = option == 3 || option == 7;
            if (x64 || chance(&g->r, 2)) {
                if (idx >= 0)
                    emit(g, 0xd2800000 | U(idx) << 5 | um); /* movz xm */
                else
                    emit(g, 0x92800000 | U(~idx) << 5 | um); /* movn xm */
            } else {
                if (idx >= 0)
                    emit(g, 0x52800000 | U(idx) << 5 | um); /* movz wm */
                else
                    emit(g, 0x12800000 | U(~idx) << 5 | um); /* movn wm */
            }
            /* UXTW/SXTW read only Wm: put junk in the upper half. */
            if (!x64 && chance(&g->r, 2))
                emit(g, 0xf2800000 | (2 + rn(&g->r, 2)) << 21 | rn(&g->r, 0x10000) << 5 | um);
        }
        emit(g, size << 30 | 0x38200800 | opc << 22 | U(m) << 16 | option << 13 | S << 12 |
                    U(b) << 5 | rt);
        return;
    }
    if (mode == M_UIMM) {
        emit(g, size << 30 | 0x39000000 | opc << 22 | U(off >> size) << 10 | U(b) << 5 | rt);
        return;
    }
    static const uint32_t idxbits[] = { [M_UNSCALED] = 0, [M_POST] = 1, [M_UNPRIV] = 2, [M_PRE] = 3 };
    emit(g, size << 30 | 0x38000000 | opc << 22 | (U(off) & 0x1ff) << 12 | idxbits[mode] << 10 |
                U(b) << 5 | rt);
}

/* LDP STP LDNP STNP LDPSW: offset, pre- and post-index. */
static void c_pair(gen_t *g)
{
    static const uint32_t kinds[][2] = { { 0, 0 }, { 0, 1 }, { 2, 0 }, { 2, 1 }, { 1, 1 } };
    const uint32_t *k = kinds[rn(&g->r, 5)];
    uint32_t opc = k[0], L = k[1], idxm;
    do
        idxm = rn(&g->r, 4); /* 0 non-temporal, 1 post, 2 offset, 3 pre */
    while (idxm == 0 && opc == 1);
    bool wb = idxm == 1 || idxm == 3;
    uint32_t esz = opc == 2 ? 8 : 4;
    int64_t ea = pick_ea(g, 2 * esz, g->mmu ? ldst_align(g, esz) : 2 * esz);
    int rt, rt2;
    if (L) {
        rt = dst_zr(g);
        do
            rt2 = dst_zr(g);
        while (rt2 == rt);
    } else {
        rt = src(g);
        rt2 = src(g);
    }
    int64_t off;
    bool use28 = !wb && ea <= 63 * (int64_t)esz && ea >= -64 * (int64_t)esz && ea % esz == 0 &&
                 chance(&g->r, 3);
    if (use28)
        off = ea;
    else if (idxm == 1)
        off = (int64_t)esz * rrange(&g->r, -64, 63);
    else
        off = pick_off(g, ea, -64 * (int64_t)esz, 63 * (int64_t)esz, esz);
    int b = DT_BUF_REG;
    if (!use28) {
        if (wb) /* writeback: Rn != Rt, Rt2 (SP and XZR differ) */
            g->avoid |= (1u << rt | 1u << rt2) & 0x7fffffffu;
        b = pick_base(g);
        set_base(g, b, idxm == 1 ? ea : ea - off);
    }
    emit(g, opc << 30 | 0x28000000 | idxm << 23 | L << 22 | (U(off / (int64_t)esz) & 0x7f) << 15 |
                U(rt2) << 10 | U(b) << 5 | U(rt));
}

/* A short data-processing instruction that may sit between a load- and a
 * store-exclusive (no memory access, no branch). */
static void c_simple_dp(gen_t *g);

/* [base] LDXR/LDAXR(P) [dp] [dp] STXR/STLXR(P), same size and address. */
static void c_excl(gen_t *g)
{
    bool pair = chance(&g->r, 4);
    uint32_t size = pair ? 2 + rn(&g->r, 2) : rn(&g->r, 4);
    uint32_t acc = pair ? 2u << size : 1u << size;
    int64_t ea = pick_ea(g, acc, acc);
    int b = pick_base(g);
    set_base(g, b, ea);
    int lt = 31, lt2 = 31;
    bool loaded = !chance(&g->r, 8);
    if (loaded) {
        lt = dst_zr(g);
        if (pair)
            do
                lt2 = dst_zr(g);
            while (lt2 == lt);
        uint32_t a = rn(&g->r, 2);
        if (pair)
            emit(g, size << 30 | 0x087f0000 | a << 15 | U(lt2) << 10 | U(b) << 5 | U(lt));
        else
            emit(g, size << 30 | 0x085f7c00 | a << 15 | U(b) << 5 | U(lt));
        for (uint32_t i = rn(&g->r, 3); i; i--)
            c_simple_dp(g);
        if ((g->feat & F_SYS) && chance(&g->r, 8))
            emit(g, 0xd5033f5f); /* clrex: the store-exclusive must fail */
    }
    /* One store-exclusive, sometimes two: every store-exclusive clears the
     * local monitor, so a second one must fail even when it would store
     * the value memory already holds. Storing the loaded registers back is
     * the read-modify-write pattern. */
    for (int k = 1 + chance(&g->r, 4); k; k--) {
        bool same = loaded && chance(&g->r, 2);
        int rt = same ? lt : src(g), rt2 = !pair ? 31 : same ? lt2 : src(g), rs;
        do
            rs = dst(g);
        while (rs == rt || (pair && rs == rt2));
        uint32_t l = rn(&g->r, 2);
        if (pair)
            emit(g, size << 30 | 0x08200000 | U(rs) << 16 | l << 15 | U(rt2) << 10 | U(b) << 5 | U(rt));
        else
            emit(g, size << 30 | 0x08007c00 | U(rs) << 16 | l << 15 | U(b) << 5 | U(rt));
    }
}

/* LDAR STLR, and LDAPR with lrcpc; [base] op. */
static void c_acqrel(gen_t *g)
{
    uint32_t size = rn(&g->r, 4);
    int64_t ea = pick_ea(g, 1u << size, 1u << size);
    int b = DT_BUF_REG;
    if (ea || !chance(&g->r, 2)) {
        b = pick_base(g);
        set_base(g, b, ea);
    }
    uint32_t kind = rn(&g->r, (g->feat & F_LRCPC) ? 3 : 2);
    if (kind == 0)
        emit(g, size << 30 | 0x08dffc00 | U(b) << 5 | U(dst_zr(g))); /* ldar */
    else if (kind == 1)
        emit(g, size << 30 | 0x089ffc00 | U(b) << 5 | U(src(g)));    /* stlr */
    else
        emit(g, size << 30 | 0x38bfc000 | U(b) << 5 | U(dst_zr(g))); /* ldapr */
}

/* STLUR LDAPUR LDAPURS* (FEAT_LRCPC2): [base] op, signed 9-bit offset. */
static void c_rcpc2(gen_t *g)
{
    uint32_t size, opc;
    do {
        size = rn(&g->r, 4);
        opc = rn(&g->r, 4);
    } while ((size == 3 && opc >= 2) || (size == 2 && opc == 3));
    int64_t ea = pick_ea(g, 1u << size, 1u << size);
    int64_t off = pick_off(g, ea, -256, 255, 1);
    int rt = opc ? dst_zr(g) : src(g);
    int b = pick_base(g);
    set_base(g, b, ea - off);
    emit(g, size << 30 | 0x19000000 | opc << 22 | (U(off) & 0x1ff) << 12 | U(b) << 5 | U(rt));
}

/* LDADD LDCLR LDEOR LDSET LDSMAX LDSMIN LDUMAX LDUMIN SWP (+A/L, all sizes). */
static void c_lse(gen_t *g)
{
    uint32_t size = rn(&g->r, 4), op = rn(&g->r, 9);
    int64_t ea = pick_ea(g, 1u << size, 1u << size);
    int b = DT_BUF_REG;
    if (ea || !chance(&g->r, 2)) {
        b = pick_base(g);
        set_base(g, b, ea);
    }
    uint32_t o3 = op == 8, opc = op == 8 ? 0 : op;
    emit(g, size << 30 | 0x38200000 | rn(&g->r, 2) << 23 | rn(&g->r, 2) << 22 | U(src(g)) << 16 |
                o3 << 15 | opc << 12 | U(b) << 5 | U(dst_zr(g)));
}

/* [base] [ldr ws, [base]] CAS{A,L,AL}{B,H,} ws, wt, [base] */
static void c_cas(gen_t *g)
{
    uint32_t size = rn(&g->r, 4);
    int64_t ea = pick_ea(g, 1u << size, 1u << size);
    int b = pick_base(g);
    set_base(g, b, ea);
    int rs = dst(g);
    if (chance(&g->r, 2)) /* make the comparison succeed */
        emit(g, size << 30 | 0x39400000 | U(b) << 5 | U(rs));
    emit(g, size << 30 | 0x08a07c00 | rn(&g->r, 2) << 22 | U(rs) << 16 | rn(&g->r, 2) << 15 |
                U(b) << 5 | U(src(g)));
}

/* [base] [ldp ws, ws+1, [base]] CASP{A,L,AL} ws, ws+1, wt, wt+1, [base] */
static void c_casp(gen_t *g)
{
    uint32_t sz = rn(&g->r, 2), esz = 4u << sz;
    int64_t ea = pick_ea(g, 2 * esz, 2 * esz);
    int b = pick_base(g);
    set_base(g, b, ea);
    int rs;
    do
        rs = 2 * (int)rn(&g->r, 14); /* x0..x26, even */
    while ((g->avoid >> rs & 1) || (g->avoid >> (rs + 1) & 1));
    int rt = 2 * (int)rn(&g->r, 15); /* x0..x28, even; only read */
    if (chance(&g->r, 2))
        emit(g, (sz ? 2u : 0u) << 30 | 0x29400000 | U(rs + 1) << 10 | U(b) << 5 | U(rs));
    emit(g, sz << 30 | 0x08207c00 | rn(&g->r, 2) << 22 | U(rs) << 16 | rn(&g->r, 2) << 15 |
                U(b) << 5 | U(rt));
}

/* ---- reserved encodings (feature undef): UNDEFINED by the Arm decode
 * pseudocode, checked against objdump by 'gen selftest' and against the
 * oracle at run time. ---- */

uint32_t reserved_word(rng_t *r)
{
    uint32_t rd = rn(r, 32), rnn = rn(r, 32) << 5, rm = rn(r, 32) << 16, sf = rn(r, 2) << 31;
    switch (rn(r, 23)) {
    case 22: /* UDF #imm16 */
        return rn(r, 0x10000);
    case 0: /* MOVN/MOVZ/MOVK (32-bit) with hw<1> = 1 */
        return 0x12800000 | (rn(r, 2) ? 2u : 3u) << 29 | (2 + rn(r, 2)) << 21 | rn(r, 0x10000) << 5 | rd;
    case 1: /* move wide, opc = 01 */
        return sf | 0x32800000 | rn(r, 4) << 21 | rn(r, 0x10000) << 5 | rd;
    case 2: /* logical (immediate), sf = 0, N = 1 */
        return rn(r, 4) << 29 | 0x12400000 | rn(r, 0x1000) << 10 | rnn | rd;
    case 3: /* logical (immediate), imms selects an all-ones element */
        return 0x92000000 | rn(r, 4) << 29 | 1u << 22 | rn(r, 64) << 16 | 0x3fu << 10 | rnn | rd;
    case 4: /* logical (immediate), N:NOT(imms) has no bit set above bit 0 */
        return sf | rn(r, 4) << 29 | 0x12000000 | rn(r, 64) << 16 | (0x3eu + rn(r, 2)) << 10 | rnn | rd;
    case 5: /* bitfield, 32-bit with N = 1 */
        return rn(r, 3) << 29 | 0x13400000 | rn(r, 32) << 16 | rn(r, 32) << 10 | rnn | rd;
    case 6: /* bitfield, 32-bit with immr<5> or imms<5> set */
        return rn(r, 3) << 29 | 0x13000000 | (rn(r, 2) ? 32u << 16 : 32u << 10) | rn(r, 32) << 16 |
               rn(r, 32) << 10 | rnn | rd;
    case 7: /* bitfield, 64-bit with N = 0 */
        return 0x93000000 | rn(r, 3) << 29 | rn(r, 64) << 16 | rn(r, 64) << 10 | rnn | rd;
    case 8: /* bitfield, opc = 11 */
        return sf | 0x73000000 | sf >> 9 | rn(r, 32) << 16 | rn(r, 32) << 10 | rnn | rd;
    case 9: /* EXTR with N != sf */
        return sf | 0x13800000 | (sf ? 0 : 1u << 22) | rm | rn(r, 32) << 10 | rnn | rd;
    case 10: /* EXTR (32-bit) with imms<5> = 1 */
        return 0x13800000 | rm | (32 + rn(r, 32)) << 10 | rnn | rd;
    case 11: /* add/sub (shifted register) with shift = ROR */
        return sf | rn(r, 4) << 29 | 0x0bc00000 | rm | rn(r, 64) << 10 | rnn | rd;
    case 12: /* add/sub/logical (shifted register), 32-bit with imm6<5> = 1 */
        return rn(r, 4) << 29 | (rn(r, 2) ? 0x0b000000 : 0x0a000000) | rn(r, 3) << 22 | rm |
               (32 + rn(r, 32)) << 10 | rnn | rd;
    case 13: /* add/sub (extended register) with imm3 > 4 */
        return sf | rn(r, 4) << 29 | 0x0b200000 | rm | rn(r, 8) << 13 | (5 + rn(r, 3)) << 10 | rnn | rd;
    case 14: /* conditional compare with o2 or o3 set */
        return sf | rn(r, 2) << 30 | 0x3a400000 | rm | rn(r, 16) << 12 | rn(r, 2) << 11 |
               (rn(r, 2) ? 1u << 10 : 1u << 4) | rnn | rn(r, 16);
    case 15: /* conditional select with S = 1 */
        return sf | rn(r, 2) << 30 | 0x3a800000 | rm | rn(r, 16) << 12 | rn(r, 2) << 10 | rnn | rd;
    case 16: /* conditional select with op2<1> = 1 */
        return sf | rn(r, 2) << 30 | 0x1a800800 | rm | rn(r, 16) << 12 | rn(r, 2) << 10 | rnn | rd;
    case 17: /* REV with sf = 0 and opc = 11 */
        return 0x5ac00c00 | rnn | rd;
    case 18: /* CRC32 with sf not matching sz */
        return 0x1ac04000 | (rn(r, 2) ? 0x80000000u | rn(r, 3) << 10 : 3u << 10) | rn(r, 2) << 12 |
               rm | rnn | rd;
    case 19: /* 3-source: 32-bit widening forms, or op31 = 011/111 */
        return (rn(r, 2) ? (0x1b200000 | (rn(r, 2) ? 1u << 23 : 0)) : (sf | 0x1b600000 | (rn(r, 2) << 23))) |
               rm | rn(r, 2) << 15 | rn(r, 32) << 10 | rnn | rd;
    case 20: /* load/store register (unsigned offset / unscaled), size 1x, opc 11 */
        return (2 + rn(r, 2)) << 30 | (rn(r, 2) ? 0x39c00000 | rn(r, 0x1000) << 10 : 0x38c00000 | rn(r, 0x800) << 10) | rnn | rd;
    default: /* load/store register offset with option<1> = 0 */
        return rn(r, 4) << 30 | 0x38200800 | rn(r, 4) << 22 | rm | (rn(r, 2) ? 1u : 4u + rn(r, 2)) << 13 |
               rn(r, 2) << 12 | rnn | rd;
    }
}

/* ---- the class table ---------------------------------------------------- */

typedef struct cls {
    void (*fn)(gen_t *g);
    int maxlen;
    unsigned feat;
    int weight;
} cls_t;

static const cls_t simple_dp[] = {
    { c_addsub_imm, 1, 0, 4 }, { c_addsub_shift, 1, 0, 3 }, { c_logic_imm, 1, 0, 3 },
    { c_logic_shift, 1, 0, 3 }, { c_movw, 1, 0, 2 }, { c_bitfield, 1, 0, 2 }, { c_csel, 1, 0, 2 },
};

static const cls_t classes[] = {
    { c_addsub_imm, 1, 0, 6 },  { c_addsub_shift, 1, 0, 6 }, { c_addsub_ext, 1, 0, 5 },
    { c_adc, 1, 0, 4 },         { c_logic_imm, 1, 0, 5 },    { c_logic_shift, 1, 0, 5 },
    { c_movw, 1, 0, 4 },        { c_adr, 1, 0, 2 },          { c_bitfield, 1, 0, 6 },
    { c_extr, 1, 0, 3 },        { c_dp2, 1, 0, 6 },          { c_crc, 1, F_CRC, 3 },
    { c_dp3, 1, 0, 6 },         { c_dp1, 1, 0, 4 },          { c_ccmp, 1, 0, 5 },
    { c_csel, 1, 0, 5 },        { c_setconst, 1, 0, 4 },     { c_nop, 1, 0, 1 },
    { c_nzcv, 1, F_SYS, 2 },    { c_barrier, 1, F_SYS, 1 },  { c_flagm, 1, F_FLAGM, 2 },
    { c_flagm2, 1, F_FLAGM2, 1 }, { c_sb, 1, F_SB, 1 },
    { c_bcond, 1, 0, 4 },       { c_cbz, 1, 0, 2 },          { c_tbz, 1, 0, 2 },
    { c_b, 1, 0, 1 },           { c_bind, 2, 0, 1 },
    { c_ldst, 4, 0, 16 },       { c_pair, 2, 0, 6 },         { c_excl, 7, 0, 4 },
    { c_acqrel, 2, 0, 2 },      { c_rcpc2, 2, F_RCPC2, 2 },  { c_lse, 2, F_LSE, 5 },
    { c_cas, 3, F_LSE, 2 },     { c_casp, 3, F_LSE, 1 },
};
#define NCLASSES (sizeof classes / sizeof classes[0])

static void run_class(gen_t *g, const cls_t *tab, size_t n, int room)
{
    int total = 0;
    for (size_t i = 0; i < n; i++)
        if ((tab[i].feat & ~g->feat) == 0 && tab[i].maxlen <= room)
            total += tab[i].weight;
    int pick = (int)rn(&g->r, (uint32_t)total);
    for (size_t i = 0; i < n; i++) {
        if ((tab[i].feat & ~g->feat) || tab[i].maxlen > room)
            continue;
        if (pick < tab[i].weight) {
            tab[i].fn(g);
            return;
        }
        pick -= tab[i].weight;
    }
}

static void c_simple_dp(gen_t *g)
{
    run_class(g, simple_dp, sizeof simple_dp / sizeof simple_dp[0], 1);
}

/* ---- streams ------------------------------------------------------------ */

static void resolve_fixups(gen_t *g)
{
    for (int i = 0; i < g->nfix; i++) {
        const fixup_t *f = &g->fix[i];
        int t = f->from, hops = f->hops;
        while (t < g->limit && !g->bound[t])
            t++;
        while (--hops > 0 && t < g->limit) {
            t++;
            while (t < g->limit && !g->bound[t])
                t++;
        }
        uint32_t d = U(t - f->at);
        switch (f->kind) {
        case FX_IMM19: g->w[f->at] |= (d & 0x7ffff) << 5; break;
        case FX_IMM14: g->w[f->at] |= (d & 0x3fff) << 5; break;
        case FX_IMM26: g->w[f->at] |= d & 0x3ffffff; break;
        case FX_ADR: {
            uint32_t bytes = d * 4;
            g->w[f->at] |= (bytes & 3) << 29 | ((bytes >> 2) & 0x7ffff) << 5;
            break;
        }
        }
    }
}

void gen_stream(gen_t *g, uint64_t seed, uint64_t id, int len, unsigned feat)
{
    memset(g, 0, sizeof *g);
    g->r.s = dt_mix64(seed * 0x9e3779b97f4a7c15ull + 0x5eed) ^ dt_mix64(id + 0x1d);
    g->feat = feat;
    g->len = len;
    g->undef_at = -1;

    dt_stream_t *h = &g->hdr;
    h->id = id;
    h->code_addr = DT_CODE_BASE + (id % DT_CODE_SLOTS) * DT_CODE_SLOT_SIZE;
    h->ncode = (uint64_t)len + 1;
    for (int i = 0; i < 31; i++)
        h->x[i] = rand_val(&g->r);
    h->x[DT_BUF_REG] = DT_BUF_MID;
    h->sp = chance(&g->r, 2) ? DT_BUF_BASE + (rn(&g->r, DT_BUF_SIZE) & ~15u) : rand_val(&g->r);
    uint64_t nzcv = rn(&g->r, 16), el = rn(&g->r, 2);
    h->spsr = nzcv << 28 | 0x3c0 | (el ? 4 : 0); /* DAIF masked; EL1t or EL0t */
    h->mem_seed = rnext(&g->r);
    g->mmu = chance(&g->r, 2);
    h->sflags = g->mmu ? DT_S_MMU : 0;

    int body = len;
    if ((feat & F_UNDEF) && len > 1 && chance(&g->r, 16))
        body = len - 1;
    g->limit = body;
    while (g->n < body) {
        g->bound[g->n] = true;
        g->avoid = 0;
        run_class(g, classes, NCLASSES, body - g->n);
    }
    g->bound[body] = true;
    if (body < len) {
        /* The stream ends with an exception: mostly a reserved encoding
         * (UNDEFINED: EC 0, ELR at it), sometimes SVC (EC 0x15, ELR after
         * it) or another BRK (EC 0x3c, ELR at it). */
        uint32_t k = rn(&g->r, 8), imm = rn(&g->r, 0x10000);
        g->undef_at = body;
        g->end_pc = 4 * (uint64_t)body;
        if (k == 0) {
            g->w[g->n++] = 0xd4000001 | imm << 5;
            g->end_esr = 0x56000000 | imm;
            g->end_pc += 4;
        } else if (k == 1 && imm != DT_BRK_IMM) {
            g->w[g->n++] = 0xd4200000 | imm << 5;
            g->end_esr = 0xf2000000 | imm;
        } else {
            g->w[g->n++] = reserved_word(&g->r);
            g->end_esr = DT_ESR_UNDEF;
        }
        g->bound[len] = true;
    }
    resolve_fixups(g);
    g->w[len] = BRK_INSN;
}

/* Variant k of a stream for bisection: instructions k.. are replaced by
 * branches to the final BRK, so exactly the first k instructions can run
 * (any forward branch landing at or after k goes straight to the end). */
void truncate_stream(gen_t *g, int k)
{
    for (int i = k; i < g->len; i++)
        g->w[i] = 0x14000000 | (U(g->len - i) & 0x3ffffff);
}

