/* fpdiff.c - the host side of the FP differential test: writes the cases,
 * runs them on tinyvm's FP code, and compares with what the oracle
 * (oracle.c under qemu-aarch64 -cpu cortex-a57) produced.
 *
 *   fpdiff gen   seed=S n=N out=CASES.bin [only=name,name...]
 *   fpdiff check cases=CASES.bin oracle=RESULTS.bin [show=K] [via=direct|cpu|cpu+simd]
 *   fpdiff list
 *
 * A case is one instruction with its registers, FPCR (RMode, FZ, DN, AHP),
 * FPSR (cumulative flags before: clear, IXC, or random; IXC enables the FP
 * library's host fast path) and NZCV. Instructions come from templates (one
 * per instruction and precision); operands from generators that favour the
 * values where FP implementations go wrong: signed zeros, infinities, quiet
 * and signalling NaNs with payloads, denormals, the smallest and largest
 * normals, values at rounding boundaries (ties, one ulp off) and at the
 * limits of the integer conversions, pairs that cancel or whose product
 * underflows or overflows.
 *
 * On tinyvm, the scalar FP classes run on a real cpu_t, either through
 * decode_fp_scalar() and the op handler it picks (via=direct), or from guest
 * RAM through the translator and cpu_run() (via=cpu: the whole path, incl.
 * the SIMD&FP group dispatch). The AdvSIMD forms used to reach the rest of
 * the FP library (FRECPE, FRSQRTE, FRECPX, FRECPS, FRSQRTS, FMULX, FABD,
 * FCVTXN, the FP compares, URECPE, URSQRTE) belong to the Advanced SIMD
 * decoder: they are mapped to their fpu.h function directly, which tests the
 * library they share, unless via=cpu+simd runs them through cpu_run() too.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu_internal.h"
#include "cpu/fp.h"
#include "cpu/fpu.h"
#include "mem/physmap.h"
#include "fpdiff.h"

/* ---- random numbers (splitmix64: the same stream on every host) ---------- */

static uint64_t rng;
static uint64_t rnd(void)
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
static unsigned rndn(unsigned n) { return (unsigned)(rnd() % n); }

/* ---- FP values ------------------------------------------------------------------ */

static int fE(int n) { return n == 16 ? 5 : n == 32 ? 8 : 11; }
static int fF(int n) { return n == 16 ? 10 : n == 32 ? 23 : 52; }
static int fBias(int n) { return (1 << (fE(n) - 1)) - 1; }
static uint64_t fEmax(int n) { return (1u << fE(n)) - 1; }
static uint64_t fMask(int n) { return n == 64 ? ~0ull : (1ull << n) - 1; }
static uint64_t fFracMask(int n) { return (1ull << fF(n)) - 1; }

static uint64_t mk(int n, bool s, uint64_t e, uint64_t f)
{
    return ((uint64_t)s << (n - 1)) | (e << fF(n)) | (f & fFracMask(n));
}

static uint64_t gen_special(int n)
{
    bool s = rnd() & 1;
    uint64_t fm = fFracMask(n), q = 1ull << (fF(n) - 1);
    switch (rndn(20)) {
    case 0: return mk(n, s, 0, 0);
    case 1: return mk(n, s, fEmax(n), 0);                           /* Inf */
    case 2: return mk(n, 0, fEmax(n), q);                           /* default NaN */
    case 3: case 4: return mk(n, s, fEmax(n), q | (rnd() & fm));     /* qNaN, payload */
    case 5: case 6: {                                               /* sNaN, payload */
        uint64_t f = rnd() & (q - 1);
        return mk(n, s, fEmax(n), f ? f : 1);
    }
    case 7: return mk(n, s, 0, 1);                                  /* smallest denormal */
    case 8: return mk(n, s, 0, fm);                                 /* largest denormal */
    case 9: case 10: return mk(n, s, 0, rnd() >> rndn(64));         /* denormal */
    case 11: return mk(n, s, 1, 0);                                 /* smallest normal */
    case 12: return mk(n, s, 1, rnd());
    case 13: return mk(n, s, fEmax(n) - 1, fm);                     /* largest normal */
    case 14: return mk(n, s, fEmax(n) - 1, rnd());
    case 15: return mk(n, s, (uint64_t)fBias(n), 0);                /* 1.0 */
    case 16: return mk(n, s, (uint64_t)fBias(n) + 1, 0);            /* 2.0 */
    case 17: return mk(n, s, (uint64_t)fBias(n) - 1, 0);            /* 0.5 */
    case 18: return mk(n, s, (uint64_t)fBias(n), q);                /* 1.5 */
    default: return mk(n, s, (uint64_t)fBias(n) + 1, q);            /* 3.0 */
    }
}

/* Powers of two where integer conversions saturate or round. */
static const int conv_k[] = { 0, 1, 7, 8, 15, 16, 23, 24, 31, 32, 52, 53, 63, 64 };

static uint64_t gen_fp(int n)
{
    bool s = rnd() & 1;
    int F = fF(n), bias = fBias(n);
    switch (rndn(12)) {
    case 0: case 1: case 2:
        return gen_special(n);
    case 3: case 4: /* around 1 */
        return mk(n, s, (uint64_t)(bias + (int)rndn(21) - 10), rnd());
    case 5: /* anything */
        return rnd() & fMask(n);
    case 6: { /* near an integer: fraction 0, 1/2, 1/2 +- ulp, 1 ulp, 1 - ulp */
        int ie = (int)rndn((unsigned)F + 2); /* value in [2^ie, 2^(ie+1)) */
        int fb = F - ie;                      /* fraction bits below the point */
        uint64_t f = rnd() & fFracMask(n);
        if (fb > 0) {
            uint64_t fmask = (1ull << fb) - 1, half = 1ull << (fb - 1), p;
            switch (rndn(6)) {
            case 0: p = 0; break;
            case 1: p = half; break;
            case 2: p = half + 1; break;
            case 3: p = half - 1; break;
            case 4: p = 1; break;
            default: p = fmask; break;
            }
            f = (f & ~fmask) | (p & fmask);
        }
        return mk(n, s, (uint64_t)(bias + ie), f);
    }
    case 7: /* tiny */
        return mk(n, s, rndn(4), rnd());
    case 8: /* huge */
        return mk(n, s, fEmax(n) - 1 - rndn(4), rnd());
    case 9: case 10: { /* around a conversion limit, maybe scaled for fixed point */
        int k = conv_k[rndn(sizeof conv_k / sizeof conv_k[0])] - (int)(rndn(3) ? 0 : rndn(65));
        if (k > bias)
            k = bias;
        if (k < 1 - bias)
            k = 1 - bias;
        uint64_t f;
        switch (rndn(5)) {
        case 0: f = 0; break;
        case 1: f = 1; break;
        case 2: f = fFracMask(n); break;
        case 3: f = 1ull << (F - 1); break;
        default: f = rnd() >> rndn(64); break;
        }
        /* or just below the power: (2^k - ulp) */
        if (rnd() & 1)
            return mk(n, s, (uint64_t)(bias + k), f);
        return mk(n, s, (uint64_t)(bias + k - 1), fFracMask(n) - (f & 3));
    }
    default:
        return mk(n, s, 1 + rndn((unsigned)fEmax(n) - 1), rnd());
    }
}

/* A second operand related to the first: equal, opposite, a few ulps away
 * (cancellation), half an ulp of it (ties in addition), or scaled so the
 * product lands at the bottom or top of the exponent range. */
static uint64_t gen_related(int n, uint64_t a)
{
    int F = fF(n), bias = fBias(n);
    uint64_t e = (a >> F) & fEmax(n);
    bool s = rnd() & 1;
    switch (rndn(7)) {
    case 0: return a;
    case 1: return a ^ (1ull << (n - 1));
    case 2: return a ^ (rnd() & 0xff);
    case 3: { /* 2^-(F+1) or 2^-(F+2) times a: addition ties and near-ties */
        int ne = (int)e - F - 1 - (int)rndn(2);
        if (ne < 1)
            return gen_fp(n);
        uint64_t f = rndn(3) == 0 ? 0 : (rndn(2) ? 1 : rnd());
        return mk(n, s, (uint64_t)ne, f);
    }
    case 4: { /* product near the smallest normal */
        int ne = 1 - ((int)e - bias) + bias - (int)rndn((unsigned)F + 3);
        if (ne < 1 || ne >= (int)fEmax(n))
            return gen_fp(n);
        return mk(n, s, (uint64_t)ne, rnd());
    }
    case 5: { /* product near the largest normal */
        int ne = bias - ((int)e - bias) + bias - (int)rndn(2);
        if (ne < 1 || ne >= (int)fEmax(n))
            return gen_fp(n);
        return mk(n, s, (uint64_t)ne, rnd());
    }
    default: { /* a quotient or product that is exactly representable */
        return mk(n, s, (uint64_t)(bias + (int)rndn(5) - 2), rndn(2) ? 0 : rnd() << (F - rndn(4)));
    }
    }
}

/* Host arithmetic, only to make inputs: the value nearest k / a (k = 2 or
 * 3: FRECPS/FRSQRTS operands whose product is nearly k), or -(a * b)
 * rounded (an FMA addend that nearly cancels the product), nudged a few
 * ulps. */
static double hd(int n, uint64_t x)
{
    if (n == 32) {
        uint32_t w = (uint32_t)x;
        float f;
        memcpy(&f, &w, 4);
        return f;
    }
    double d;
    memcpy(&d, &x, 8);
    return d;
}
static uint64_t hb(int n, double v)
{
    if (n == 32) {
        float f = (float)v;
        uint32_t w;
        memcpy(&w, &f, 4);
        return w;
    }
    uint64_t x;
    memcpy(&x, &v, 8);
    return x;
}
static uint64_t nudge(int n, uint64_t x)
{
    return (x + (uint64_t)(int)(rndn(5) - 2)) & fMask(n);
}
static uint64_t gen_quotient(int n, double k, uint64_t a)
{
    return nudge(n, hb(n, k / hd(n, a)));
}
static uint64_t gen_cancel(int n, uint64_t a, uint64_t b)
{
    return nudge(n, hb(n, -(hd(n, a) * hd(n, b))));
}

static uint64_t gen_int(void)
{
    int k = (int)rndn(65);
    uint64_t p = k == 64 ? 0 : 1ull << k;
    switch (rndn(10)) {
    case 0: return 0;
    case 1: return rndn(2) ? 1 : ~0ull;
    case 2: {
        static const uint64_t lim[] = {
            0x7fffffffull, 0x80000000ull, 0xffffffffull, 0xffffffff80000000ull,
            0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull,
            0x100000000ull, 0x0000000001000001ull, 0x0020000000000001ull,
        };
        return lim[rndn(sizeof lim / sizeof lim[0])];
    }
    case 3: return p + (uint64_t)(int)(rndn(5) - 2);
    case 4: return 0 - p + (uint64_t)(int)(rndn(5) - 2);
    case 5: case 6: return rnd() >> rndn(64);
    case 7: return (uint64_t)-(int64_t)(rnd() >> rndn(64));
    default: return rnd();
    }
}

/* ---- templates ------------------------------------------------------------------ */

typedef enum {
    SH_FP1,    /* rd, rn: V */
    SH_FP2,    /* rd, rn, rm */
    SH_FP3,    /* rd, rn, rm, ra */
    SH_CMP,    /* rn, rm */
    SH_CMP0,   /* rn (Rm ignored) */
    SH_CCMP,   /* rn, rm, cond, nzcv */
    SH_CSEL,   /* rd, rn, rm, cond */
    SH_IMM,    /* rd, imm8 */
    SH_F2I,    /* rd: X, rn: V; sf random */
    SH_I2F,    /* rd: V, rn: X; sf random */
    SH_F2IFIX, /* as SH_F2I plus scale */
    SH_I2FFIX, /* as SH_I2F plus scale */
    SH_MOVX,   /* rd: X, rn: V (fixed size) */
    SH_MOVV,   /* rd: V, rn: X (fixed size) */
    SH_LIB1,   /* AdvSIMD scalar 1-operand, rd, rn */
    SH_LIB2,   /* AdvSIMD scalar 2-operand, rd, rn, rm */
    SH_RAND,   /* a random word of the scalar FP classes (decode check) */
} shape_t;

typedef struct {
    const char *name;
    uint32_t base;   /* single precision (or the only form), registers 0 */
    shape_t sh;
    uint8_t in_n;    /* operand format; 0 = 32 or 64 by the sz/type bit 22 */
    bool both;       /* also the double form (bit 22 set) */
} tmpl_t;

static const tmpl_t tmpls[] = {
    { "fmul", 0x1e200800, SH_FP2, 0, true },   { "fdiv", 0x1e201800, SH_FP2, 0, true },
    { "fadd", 0x1e202800, SH_FP2, 0, true },   { "fsub", 0x1e203800, SH_FP2, 0, true },
    { "fmax", 0x1e204800, SH_FP2, 0, true },   { "fmin", 0x1e205800, SH_FP2, 0, true },
    { "fmaxnm", 0x1e206800, SH_FP2, 0, true }, { "fminnm", 0x1e207800, SH_FP2, 0, true },
    { "fnmul", 0x1e208800, SH_FP2, 0, true },
    { "fmadd", 0x1f000000, SH_FP3, 0, true },  { "fmsub", 0x1f008000, SH_FP3, 0, true },
    { "fnmadd", 0x1f200000, SH_FP3, 0, true }, { "fnmsub", 0x1f208000, SH_FP3, 0, true },
    { "fmov", 0x1e204000, SH_FP1, 0, true },   { "fabs", 0x1e20c000, SH_FP1, 0, true },
    { "fneg", 0x1e214000, SH_FP1, 0, true },   { "fsqrt", 0x1e21c000, SH_FP1, 0, true },
    { "frintn", 0x1e244000, SH_FP1, 0, true }, { "frintp", 0x1e24c000, SH_FP1, 0, true },
    { "frintm", 0x1e254000, SH_FP1, 0, true }, { "frintz", 0x1e25c000, SH_FP1, 0, true },
    { "frinta", 0x1e264000, SH_FP1, 0, true }, { "frintx", 0x1e274000, SH_FP1, 0, true },
    { "frinti", 0x1e27c000, SH_FP1, 0, true },
    { "fcvt_sd", 0x1e22c000, SH_FP1, 32, false }, { "fcvt_sh", 0x1e23c000, SH_FP1, 32, false },
    { "fcvt_ds", 0x1e624000, SH_FP1, 64, false }, { "fcvt_dh", 0x1e63c000, SH_FP1, 64, false },
    { "fcvt_hs", 0x1ee24000, SH_FP1, 16, false }, { "fcvt_hd", 0x1ee2c000, SH_FP1, 16, false },
    { "fcmp", 0x1e202000, SH_CMP, 0, true },   { "fcmpe", 0x1e202010, SH_CMP, 0, true },
    { "fcmp0", 0x1e202008, SH_CMP0, 0, true }, { "fcmpe0", 0x1e202018, SH_CMP0, 0, true },
    { "fccmp", 0x1e200400, SH_CCMP, 0, true }, { "fccmpe", 0x1e200410, SH_CCMP, 0, true },
    { "fcsel", 0x1e200c00, SH_CSEL, 0, true }, { "fmov_imm", 0x1e201000, SH_IMM, 0, true },
    { "fcvtns", 0x1e200000, SH_F2I, 0, true }, { "fcvtnu", 0x1e210000, SH_F2I, 0, true },
    { "fcvtps", 0x1e280000, SH_F2I, 0, true }, { "fcvtpu", 0x1e290000, SH_F2I, 0, true },
    { "fcvtms", 0x1e300000, SH_F2I, 0, true }, { "fcvtmu", 0x1e310000, SH_F2I, 0, true },
    { "fcvtzs", 0x1e380000, SH_F2I, 0, true }, { "fcvtzu", 0x1e390000, SH_F2I, 0, true },
    { "fcvtas", 0x1e240000, SH_F2I, 0, true }, { "fcvtau", 0x1e250000, SH_F2I, 0, true },
    { "scvtf", 0x1e220000, SH_I2F, 0, true },  { "ucvtf", 0x1e230000, SH_I2F, 0, true },
    { "fcvtzs_fix", 0x1e180000, SH_F2IFIX, 0, true }, { "fcvtzu_fix", 0x1e190000, SH_F2IFIX, 0, true },
    { "scvtf_fix", 0x1e020000, SH_I2FFIX, 0, true },  { "ucvtf_fix", 0x1e030000, SH_I2FFIX, 0, true },
    { "fmov_ws", 0x1e260000, SH_MOVX, 32, false }, { "fmov_sw", 0x1e270000, SH_MOVV, 32, false },
    { "fmov_xd", 0x9e660000, SH_MOVX, 64, false }, { "fmov_dx", 0x9e670000, SH_MOVV, 64, false },
    { "fmov_xd1", 0x9eae0000, SH_MOVX, 64, false }, { "fmov_d1x", 0x9eaf0000, SH_MOVV, 64, false },
    /* AdvSIMD scalar forms: the library's other functions */
    { "frecpe", 0x5ea1d800, SH_LIB1, 0, true },  { "frsqrte", 0x7ea1d800, SH_LIB1, 0, true },
    { "frecpx", 0x5ea1f800, SH_LIB1, 0, true },  { "fcvtxn", 0x7e616800, SH_LIB1, 64, false },
    { "urecpe", 0x0ea1c800, SH_LIB1, 32, false }, { "ursqrte", 0x2ea1c800, SH_LIB1, 32, false },
    { "frecps", 0x5e20fc00, SH_LIB2, 0, true },  { "frsqrts", 0x5ea0fc00, SH_LIB2, 0, true },
    { "fmulx", 0x5e20dc00, SH_LIB2, 0, true },   { "fabd", 0x7ea0d400, SH_LIB2, 0, true },
    { "facge", 0x7e20ec00, SH_LIB2, 0, true },   { "facgt", 0x7ea0ec00, SH_LIB2, 0, true },
    { "fcmeq", 0x5e20e400, SH_LIB2, 0, true },   { "fcmge", 0x7e20e400, SH_LIB2, 0, true },
    { "fcmgt", 0x7ea0e400, SH_LIB2, 0, true },
    { "undef?", 0x1e200000, SH_RAND, 0, false },
};
#define NTMPL (sizeof tmpls / sizeof tmpls[0])


static const char *tmpl_name(uint32_t t) { return t < NTMPL ? tmpls[t].name : "?"; }

/* ---- case generation ---------------------------------------------------------------- */

static unsigned vreg(void) { return rndn(4); }
static unsigned xreg(void)
{
    unsigned r = rndn(9);
    return r < 4 ? 0 : r < 8 ? 1 : 31;
}

/* Put a value in the low n bits of V[r], keeping the random bits above. */
static void put_v(fpd_case_t *c, unsigned r, int n, uint64_t val)
{
    c->v[r][0] = (c->v[r][0] & ~fMask(n)) | (val & fMask(n));
}
static void put_x(fpd_case_t *c, unsigned r, uint64_t val)
{
    if (r < 2)
        c->x[r] = val;
}

static void gen_case(fpd_case_t *c, unsigned ti)
{
    const tmpl_t *t = &tmpls[ti];
    memset(c, 0, sizeof *c);
    c->tmpl = ti;
    for (int r = 0; r < 4; r++) {
        c->v[r][0] = rnd();
        c->v[r][1] = rnd();
    }
    c->x[0] = rnd();
    c->x[1] = rnd();
    c->fpcr = rndn(4) << FPCR_RMODE_SHIFT | (rnd() & 1 ? FPCR_FZ : 0) | (rnd() & 1 ? FPCR_DN : 0) |
              (rndn(4) == 0 ? FPCR_AHP : 0);
    switch (rndn(4)) {
    case 0: case 1: c->fpsr = 0; break;
    case 2: c->fpsr = FPSR_IXC; break;
    default: c->fpsr = (uint32_t)rnd() & 0x9f; break;
    }
    c->nzcv = (uint32_t)(rnd() & 0xf) << 28;
    bool dbl = t->both && (rnd() & 1);
    int n = t->in_n ? t->in_n : dbl ? 64 : 32;
    uint32_t insn = t->base | (dbl ? 1u << 22 : 0);
    unsigned rd = vreg(), rn = vreg(), rm = vreg(), ra = vreg();
    unsigned xd = xreg(), xn = xreg();
    uint64_t a = gen_fp(n);
    uint64_t b = rndn(3) ? gen_fp(n) : gen_related(n, a);
    uint64_t cc = rndn(3) ? gen_fp(n) : gen_related(n, rndn(2) ? a : b);
    bool sf = rnd() & 1;
    unsigned scale;
    /* FRECPS / FRSQRTS: often a product near 2 or 3 */
    if ((t->base == 0x5e20fc00 || t->base == 0x5ea0fc00) && rndn(3) == 0)
        b = gen_quotient(n, t->base == 0x5e20fc00 ? 2.0 : 3.0, a);
    switch (t->sh) {
    case SH_FP1:
        insn |= rn << 5 | rd;
        put_v(c, rn, n, a);
        break;
    case SH_FP2:
    case SH_LIB2:
        insn |= rm << 16 | rn << 5 | rd;
        put_v(c, rn, n, a);
        put_v(c, rm, n, b);
        break;
    case SH_FP3:
        insn |= rm << 16 | ra << 10 | rn << 5 | rd;
        /* an addend that (nearly) cancels the product: FMADD a + p and
         * FNMADD -a - p want a = -p; FMSUB and FNMSUB (o0 = 1) want a = p */
        if (rndn(4) == 0)
            cc = gen_cancel(n, a, b) ^ (insn >> 15 & 1 ? 1ull << (n - 1) : 0);
        put_v(c, rn, n, a);
        put_v(c, rm, n, b);
        put_v(c, ra, n, cc);
        break;
    case SH_CMP:
        insn |= rm << 16 | rn << 5;
        put_v(c, rn, n, a);
        put_v(c, rm, n, b);
        break;
    case SH_CMP0: /* Rm is ignored: sometimes nonzero */
        insn |= (rndn(4) == 0 ? rm << 16 : 0) | rn << 5;
        put_v(c, rn, n, rndn(8) ? a : 0);
        break;
    case SH_CCMP:
        insn |= rm << 16 | rndn(16) << 12 | rn << 5 | rndn(16);
        put_v(c, rn, n, a);
        put_v(c, rm, n, b);
        break;
    case SH_CSEL:
        insn |= rm << 16 | rndn(16) << 12 | rn << 5 | rd;
        put_v(c, rn, n, a);
        put_v(c, rm, n, b);
        break;
    case SH_IMM:
        insn |= rndn(256) << 13 | rd;
        break;
    case SH_F2I:
        insn |= (uint32_t)sf << 31 | rn << 5 | xd;
        put_v(c, rn, n, a);
        break;
    case SH_F2IFIX:
        scale = sf ? rndn(64) : 32 + rndn(32);
        if (rndn(16) == 0)
            scale = rndn(64); /* W with scale < 32: UNDEFINED */
        insn |= (uint32_t)sf << 31 | scale << 10 | rn << 5 | xd;
        put_v(c, rn, n, a);
        break;
    case SH_I2F:
        insn |= (uint32_t)sf << 31 | xn << 5 | rd;
        put_x(c, xn, gen_int());
        break;
    case SH_I2FFIX:
        scale = sf ? rndn(64) : 32 + rndn(32);
        if (rndn(16) == 0)
            scale = rndn(64);
        insn |= (uint32_t)sf << 31 | scale << 10 | xn << 5 | rd;
        put_x(c, xn, gen_int());
        break;
    case SH_MOVX:
        insn |= rn << 5 | xd;
        break;
    case SH_MOVV:
        insn |= xn << 5 | rd;
        break;
    case SH_LIB1:
        insn |= rn << 5 | rd;
        if (t->base == 0x0ea1c800 || t->base == 0x2ea1c800) /* URECPE/URSQRTE .2S */
            c->v[rn][0] = gen_int();
        else
            put_v(c, rn, n, a);
        break;
    case SH_RAND:
        /* bits 31, 29, 24..10 random; Rn, Rd in {0, 1} (X0/X1 or V0/V1) */
        insn = 0x1e000000u | ((uint32_t)rnd() & 0x81fffc00u) | (rndn(8) == 0 ? 1u << 29 : 0) |
               rndn(2) << 5 | rndn(2);
        put_v(c, insn >> 5 & 1, 32 << (rnd() & 1), a);
        break;
    }
    c->insn = insn;
}

/* ---- tinyvm side ---------------------------------------------------------------------- */

static cpu_t *tv_cpu;
static physmap_t tv_pm;

/* via=cpu: each case's instruction, followed by HVC #0, runs from guest RAM
 * at EL1 through the translator; the synchronous vector holds HVC #1, so an
 * exception (UNDEFINED) stops there. Every case gets a fresh address; the
 * translation cache is flushed when the code area wraps. */
#define TV_RAM_BASE 0x40000000ull
#define TV_RAM_SIZE (16u << 20)
#define TV_CODE (TV_RAM_BASE + 0x10000)
static uint64_t tv_next = TV_CODE;
static int tv_hvc;

static bool tv_hook(void *opaque, cpu_t *cpu, bool smc, uint16_t imm)
{
    (void)opaque;
    (void)smc;
    tv_hvc = imm;
    cpu_request_exit(cpu);
    return true;
}

static void tv_init(void)
{
    if (physmap_init(&tv_pm, TV_RAM_BASE, TV_RAM_SIZE) != 0 ||
        !(tv_cpu = cpu_create(&tv_pm, CPU_MODEL_CORTEX_A57, 0))) {
        fprintf(stderr, "fpdiff: cannot create a CPU\n");
        exit(1);
    }
    cpu_set_firmware_call(tv_cpu, tv_hook, NULL);
    tv_cpu->sys.vbar = TV_RAM_BASE;
    tv_cpu->sys.cpacr = 3u << 20; /* FPEN: no FP trap */
    uint32_t vec = 0xd4000022u;   /* HVC #1 at VBAR + 0x200 */
    memcpy(physmap_ram_ptr(&tv_pm, TV_RAM_BASE + 0x200), &vec, 4);
}

/* Run insn through cpu_run(); false if it was UNDEFINED. */
static bool tv_exec_cpu(cpu_t *cpu, uint32_t insn)
{
    if (tv_next + 8 > TV_RAM_BASE + TV_RAM_SIZE) {
        tb_flush(cpu);
        tv_next = TV_CODE;
    }
    uint32_t code[2] = { insn, 0xd4000002u /* HVC #0 */ };
    memcpy(physmap_ram_ptr(&tv_pm, tv_next), code, 8);
    cpu->pc = tv_next;
    tv_next += 8;
    tv_hvc = -1;
    cpu_run(cpu, 100);
    if (tv_hvc == 0)
        return true;
    if (tv_hvc != 1 || cpu->sys.esr >> ESR_EC_SHIFT != EC_UNKNOWN) {
        fprintf(stderr, "fpdiff: %08x: unexpected stop (hvc %d, esr %08" PRIx64 ")\n", insn, tv_hvc,
                cpu->sys.esr);
        exit(1);
    }
    return false;
}

static bool is_fp_scalar(uint32_t insn)
{
    return !(insn >> 30 & 1) && (insn >> 25 & 0xf) == 0xf;
}

static void set_vn(cpu_t *cpu, unsigned r, uint64_t v)
{
    cpu->v[r].d[0] = v;
    cpu->v[r].d[1] = 0;
}

/* The AdvSIMD forms of the table, on the FP library directly. */
static bool lib_run(cpu_t *cpu, uint32_t insn)
{
    unsigned rd = insn & 31, rn = insn >> 5 & 31, rm = insn >> 16 & 31;
    bool d = insn >> 22 & 1;
    /* the opcode without Rd, Rn, sz; two-operand forms (insn<10> = 1 in
     * this table, 0 in the one-operand ones) also without Rm */
    uint32_t key = insn & ~(0x3ffu | 1u << 22);
    if (insn & 0x400)
        key &= ~(0x1fu << 16);
    uint32_t fpcr = (uint32_t)cpu->sys.fpcr, fpsr = (uint32_t)cpu->sys.fpsr;
    uint64_t a64 = cpu->v[rn].d[0], b64 = cpu->v[rm].d[0];
    uint32_t a32 = cpu->v[rn].s[0], b32 = cpu->v[rm].s[0];
    uint64_t r, ones = d ? ~0ull : 0xffffffffull;
    switch (key) {
    case 0x5ea1d800: r = d ? fpu_recpe64(a64, fpcr, &fpsr) : fpu_recpe32(a32, fpcr, &fpsr); break;
    case 0x7ea1d800: r = d ? fpu_rsqrte64(a64, fpcr, &fpsr) : fpu_rsqrte32(a32, fpcr, &fpsr); break;
    case 0x5ea1f800: r = d ? fpu_recpx64(a64, fpcr, &fpsr) : fpu_recpx32(a32, fpcr, &fpsr); break;
    case 0x7e216800:
        if (!d)
            return false;
        r = fpu_f64_to_f32(a64, FPROUND_ODD, fpcr, &fpsr);
        break;
    case 0x0ea1c800:
    case 0x2ea1c800: {
        if (d)
            return false;
        bool rs = key == 0x2ea1c800;
        uint32_t l0 = cpu->v[rn].s[0], l1 = cpu->v[rn].s[1];
        l0 = rs ? fpu_ursqrte(l0) : fpu_urecpe(l0);
        l1 = rs ? fpu_ursqrte(l1) : fpu_urecpe(l1);
        r = (uint64_t)l1 << 32 | l0;
        break;
    }
    case 0x5e20fc00: r = d ? fpu_recps64(a64, b64, fpcr, &fpsr) : fpu_recps32(a32, b32, fpcr, &fpsr); break;
    case 0x5ea0fc00: r = d ? fpu_rsqrts64(a64, b64, fpcr, &fpsr) : fpu_rsqrts32(a32, b32, fpcr, &fpsr); break;
    case 0x5e20dc00: r = d ? fpu_mulx64(a64, b64, fpcr, &fpsr) : fpu_mulx32(a32, b32, fpcr, &fpsr); break;
    case 0x7ea0d400: r = d ? fpu_abd64(a64, b64, fpcr, &fpsr) : fpu_abd32(a32, b32, fpcr, &fpsr); break;
    case 0x7e20ec00: /* FACGE: FPCompareGE(FPAbs(n), FPAbs(m)) */
        r = (d ? fpu_cmp_ge64(a64 & ~(1ull << 63), b64 & ~(1ull << 63), fpcr, &fpsr)
               : fpu_cmp_ge32(a32 & 0x7fffffffu, b32 & 0x7fffffffu, fpcr, &fpsr)) ? ones : 0;
        break;
    case 0x7ea0ec00:
        r = (d ? fpu_cmp_gt64(a64 & ~(1ull << 63), b64 & ~(1ull << 63), fpcr, &fpsr)
               : fpu_cmp_gt32(a32 & 0x7fffffffu, b32 & 0x7fffffffu, fpcr, &fpsr)) ? ones : 0;
        break;
    case 0x5e20e400: r = (d ? fpu_cmp_eq64(a64, b64, fpcr, &fpsr) : fpu_cmp_eq32(a32, b32, fpcr, &fpsr)) ? ones : 0; break;
    case 0x7e20e400: r = (d ? fpu_cmp_ge64(a64, b64, fpcr, &fpsr) : fpu_cmp_ge32(a32, b32, fpcr, &fpsr)) ? ones : 0; break;
    case 0x7ea0e400: r = (d ? fpu_cmp_gt64(a64, b64, fpcr, &fpsr) : fpu_cmp_gt32(a32, b32, fpcr, &fpsr)) ? ones : 0; break;
    default:
        return false;
    }
    set_vn(cpu, rd, r);
    cpu->sys.fpsr = fpsr;
    return true;
}

static unsigned long decode_without_uses_fp;
static bool via_cpu, via_cpu_simd;

static void tv_run(const fpd_case_t *c, fpd_result_t *r)
{
    cpu_t *cpu = tv_cpu;
    memset(cpu->v, 0, sizeof cpu->v);
    memcpy(cpu->v, c->v, sizeof c->v);
    cpu->x[0] = c->x[0];
    cpu->x[1] = c->x[1];
    cpu->sys.fpcr = c->fpcr;
    cpu->sys.fpsr = c->fpsr;
    cpu_set_nzcv(cpu, c->nzcv);
    memset(r, 0, sizeof *r);
    if (via_cpu && (via_cpu_simd || is_fp_scalar(c->insn))) {
        if (!tv_exec_cpu(cpu, c->insn))
            r->flags = FPD_UNDEF;
    } else if (is_fp_scalar(c->insn)) {
        op_t op;
        memset(&op, 0, sizeof op);
        op.insn = c->insn;
        dc_t dc = { .cpu = cpu, .el = 0, .mmu_idx = MMU_IDX_EL0, .fp_ok = true };
        if (decode_fp_scalar(&dc, c->insn, &op)) {
            if (!dc.uses_fp)
                decode_without_uses_fp++;
            op.fn(cpu, &op);
        } else {
            r->flags = FPD_UNDEF;
        }
    } else if (!lib_run(cpu, c->insn)) {
        r->flags = FPD_UNDEF;
    }
    memcpy(r->v, cpu->v, sizeof r->v);
    r->x[0] = cpu->x[0];
    r->x[1] = cpu->x[1];
    r->fpsr = (uint32_t)cpu->sys.fpsr;
    r->nzcv = cpu_get_nzcv(cpu);
}

static bool same(const fpd_result_t *a, const fpd_result_t *b)
{
    if (a->flags != b->flags)
        return false;
    if (a->flags & FPD_UNDEF)
        return true;
    return !memcmp(a->v, b->v, sizeof a->v) && a->x[0] == b->x[0] && a->x[1] == b->x[1] &&
           a->fpsr == b->fpsr && a->nzcv == b->nzcv;
}

static void show_res(const char *who, const fpd_result_t *r)
{
    if (r->flags & FPD_UNDEF) {
        printf("  %-7s UNDEFINED\n", who);
        return;
    }
    printf("  %-7s", who);
    for (int i = 0; i < 4; i++)
        printf(" v%d=%016" PRIx64 ":%016" PRIx64, i, r->v[i][1], r->v[i][0]);
    printf("\n          x0=%016" PRIx64 " x1=%016" PRIx64 " fpsr=%02x nzcv=%x\n", r->x[0], r->x[1],
           r->fpsr, r->nzcv >> 28);
}

static void show_case(size_t i, const fpd_case_t *c)
{
    printf("case %zu: %s insn=%08x fpcr=%08x (rmode=%u fz=%u dn=%u ahp=%u) fpsr=%02x nzcv=%x\n", i,
           tmpl_name(c->tmpl), c->insn, c->fpcr, c->fpcr >> 22 & 3, c->fpcr >> 24 & 1,
           c->fpcr >> 25 & 1, c->fpcr >> 26 & 1, c->fpsr, c->nzcv >> 28);
    printf("  in     ");
    for (int r = 0; r < 4; r++)
        printf(" v%d=%016" PRIx64 ":%016" PRIx64, r, c->v[r][1], c->v[r][0]);
    printf("\n          x0=%016" PRIx64 " x1=%016" PRIx64 "\n", c->x[0], c->x[1]);
}

/* ---- commands --------------------------------------------------------------------------- */

static const char *arg(int argc, char **argv, const char *key, const char *def)
{
    size_t k = strlen(key);
    for (int i = 2; i < argc; i++)
        if (!strncmp(argv[i], key, k) && argv[i][k] == '=')
            return argv[i] + k + 1;
    return def;
}

static void *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    long s = ftell(f);
    fseek(f, 0, SEEK_SET);
    void *p = malloc((size_t)s + 1);
    if (!p || fread(p, 1, (size_t)s, f) != (size_t)s) {
        fprintf(stderr, "fpdiff: cannot read %s\n", path);
        exit(1);
    }
    fclose(f);
    *size = (size_t)s;
    return p;
}

static bool selected(const char *only, const char *name)
{
    if (!only || !*only)
        return true;
    size_t k = strlen(name);
    for (const char *p = only; *p;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == k && !strncmp(p, name, k))
            return true;
        p += l + (e != NULL);
    }
    return false;
}

static int cmd_gen(int argc, char **argv)
{
    uint64_t seed = strtoull(arg(argc, argv, "seed", "1"), NULL, 0);
    size_t n = strtoull(arg(argc, argv, "n", "100000"), NULL, 0);
    const char *out = arg(argc, argv, "out", NULL), *only = arg(argc, argv, "only", NULL);
    if (!out) {
        fprintf(stderr, "fpdiff gen: out= missing\n");
        return 2;
    }
    unsigned pick[NTMPL], np = 0;
    for (unsigned i = 0; i < NTMPL; i++)
        if (selected(only, tmpls[i].name))
            pick[np++] = i;
    if (!np) {
        fprintf(stderr, "fpdiff gen: no template matches only=%s (see fpdiff list)\n", only);
        return 2;
    }
    rng = seed * 0x2545f4914f6cdd1dull + 1;
    FILE *f = fopen(out, "wb");
    if (!f) {
        perror(out);
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        fpd_case_t c;
        gen_case(&c, pick[rndn(np)]);
        fwrite(&c, sizeof c, 1, f);
    }
    return fclose(f) == 0 ? 0 : 1;
}

static int cmd_check(int argc, char **argv)
{
    const char *cp = arg(argc, argv, "cases", NULL), *op = arg(argc, argv, "oracle", NULL);
    long show = strtol(arg(argc, argv, "show", "10"), NULL, 0);
    const char *via = arg(argc, argv, "via", "direct");
    via_cpu = !strcmp(via, "cpu") || !strcmp(via, "cpu+simd");
    via_cpu_simd = !strcmp(via, "cpu+simd");
    if (!via_cpu && strcmp(via, "direct")) {
        fprintf(stderr, "fpdiff check: via= direct, cpu or cpu+simd\n");
        return 2;
    }
    if (!cp || !op) {
        fprintf(stderr, "fpdiff check: cases= and oracle= needed\n");
        return 2;
    }
    size_t cs, os;
    fpd_case_t *cases = read_file(cp, &cs);
    fpd_result_t *orc = read_file(op, &os);
    size_t n = cs / sizeof *cases;
    if (os / sizeof *orc != n) {
        fprintf(stderr, "fpdiff: %s has %zu results for %zu cases\n", op, os / sizeof *orc, n);
        return 1;
    }
    tv_init();
    unsigned long pass = 0, fail = 0, undef = 0;
    unsigned long per_fail[NTMPL] = { 0 }, per_n[NTMPL] = { 0 };
    for (size_t i = 0; i < n; i++) {
        fpd_result_t r;
        tv_run(&cases[i], &r);
        uint32_t t = cases[i].tmpl < NTMPL ? cases[i].tmpl : 0;
        per_n[t]++;
        if (orc[i].flags & FPD_UNDEF)
            undef++;
        if (same(&orc[i], &r)) {
            pass++;
            continue;
        }
        fail++;
        per_fail[t]++;
        if ((long)fail <= show) {
            show_case(i, &cases[i]);
            show_res("qemu", &orc[i]);
            show_res("tinyvm", &r);
        }
    }
    if (fail) {
        printf("mismatches by template:");
        for (unsigned t = 0; t < NTMPL; t++)
            if (per_fail[t])
                printf(" %s %lu/%lu", tmpls[t].name, per_fail[t], per_n[t]);
        printf("\n");
    }
    if (decode_without_uses_fp) {
        printf("decode_fp_scalar accepted %lu instructions without setting uses_fp\n",
               decode_without_uses_fp);
        fail += decode_without_uses_fp;
    }
    printf("fpdiff: %lu passed, %lu failed (%zu cases, %lu UNDEFINED on the oracle)\n", pass, fail,
           n, undef);
    cpu_destroy(tv_cpu);
    physmap_destroy(&tv_pm);
    free(cases);
    free(orc);
    return fail ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "gen"))
        return cmd_gen(argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "check"))
        return cmd_check(argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "list")) {
        for (unsigned i = 0; i < NTMPL; i++)
            printf("%s\n", tmpls[i].name);
        return 0;
    }
    fprintf(stderr, "usage: fpdiff gen seed=S n=N out=F [only=a,b] | check cases=F oracle=R [show=K] "
                    "[via=direct|cpu|cpu+simd] | list\n");
    return 2;
}
