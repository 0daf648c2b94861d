/* neon_fploop.c - the FP and Advanced SIMD loops of the CPU benchmark
 * (tests/bench/cpubench.c part_fp and part_neon) on bare metal, small: a
 * double-precision n-body step with FSQRT/FDIV and a float divide chain,
 * and a float32x4 FMUL/FADD/FSUB/FDIV loop beside vector integer hashing.
 * The loops run under several FPCR settings (round to nearest; toward zero
 * with FZ; to nearest with DN and FZ) from FPSR = 0 and print a checksum of
 * their results and the FPSR they ended with. Then the edges of the host
 * fast paths, one instruction at a time (edges() below). run-firmware.sh
 * compares the output with qemu-system-aarch64: the fast paths (fpu.c,
 * fp_ops.c, simd_fp_fast.h) answer most operations of round-to-nearest once
 * IXC is set, the exact paths the rest.
 *
 * Built with -DFPLOOP_BENCH=1/2/3/0 it runs round to nearest only, of the
 * fp loop, the neon loop, both or neither, and no edges: the workload for
 * counting tinyvm's host instructions with callgrind
 * (tests/bench/fploop-callgrind.sh).
 *
 * Built by the neon_% rule of firmware.mk; the loops are compiled without FP
 * contraction, as the benchmark is, so they use FMUL and FADD, not FMLA.
 */
#include "fw.h"

#if !defined(__ARM_NEON)

int fw_main(uint64_t dtb)
{
    (void)dtb;
    fw_puts("FAIL: neon_fploop.c must be built without -mgeneral-regs-only (firmware.mk)\n");
    return 1;
}

#else

#define NOSIMD __attribute__((target("general-regs-only"), noinline))
/* noipa: the loops must run once per call, under the FPCR of the moment
 * (GCC would otherwise find loop_fp const and compute it once). */
#define FPLOOP __attribute__((noipa, unused, optimize("fp-contract=off")))

typedef uint32_t v4u __attribute__((vector_size(16)));
typedef uint16_t v8h __attribute__((vector_size(16)));
typedef float v4f __attribute__((vector_size(16)));

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdull;
}

static void fpcr_set(uint64_t v) { __asm__ volatile("msr fpcr, %0" ::"r"(v) : "memory"); }
static void fpsr_set(uint64_t v) { __asm__ volatile("msr fpsr, %0" ::"r"(v) : "memory"); }
static __attribute__((unused)) uint64_t fpsr_get(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, fpsr" : "=r"(v) :: "memory");
    return v;
}

/* ---- doubles: five bodies, a float divide chain ---- */

/* FSQRT itself (__builtin_sqrt would call libm's sqrt for errno). */
static inline double fsqrt(double x)
{
    double r;
    __asm__("fsqrt %d0, %d1" : "=w"(r) : "w"(x));
    return r;
}

FPLOOP static uint64_t loop_fp(unsigned steps)
{
    double px[5] = { 0, 4.84, 8.34, 12.89, 15.37 }, py[5] = { 0, -1.16, 4.12, -15.11, -25.91 };
    double pz[5] = { 0, -0.10, -0.40, -0.22, 0.17 }, vx[5] = { 0, 0.606, -1.01, 1.08, 0.979 };
    double vy[5] = { 0, 2.81, 1.82, 0.868, 0.594 }, vz[5] = { 0, -0.02, 0.008, -0.01, -0.034 };
    const double m[5] = { 39.47, 0.037, 0.011, 0.0017, 0.002 }, dt = 0.01;
    uint64_t h = 7;
    for (unsigned s = 0; s < steps; s++) {
        for (int i = 0; i < 5; i++)
            for (int j = i + 1; j < 5; j++) {
                double dx = px[i] - px[j], dy = py[i] - py[j], dz = pz[i] - pz[j];
                double d2 = dx * dx + dy * dy + dz * dz;
                double mag = dt / (d2 * fsqrt(d2));
                vx[i] -= dx * m[j] * mag; vy[i] -= dy * m[j] * mag; vz[i] -= dz * m[j] * mag;
                vx[j] += dx * m[i] * mag; vy[j] += dy * m[i] * mag; vz[j] += dz * m[i] * mag;
            }
        for (int i = 0; i < 5; i++) {
            px[i] += dt * vx[i]; py[i] += dt * vy[i]; pz[i] += dt * vz[i];
        }
    }
    for (int i = 0; i < 5; i++) {
        uint64_t b;
        __builtin_memcpy(&b, &vx[i], 8);
        h = mix(h, b);
        __builtin_memcpy(&b, &pz[i], 8);
        h = mix(h, b);
    }
    float f = (float)vy[1];
    for (int k = 1; k < 200; k++)
        f = f / 1.0009765625f + (float)k * 0.5f;
    uint32_t fb;
    __builtin_memcpy(&fb, &f, 4);
    return mix(h, fb);
}

/* ---- float32x4 beside integer hashing ---- */

enum { N = 512 };
static v4u u[N];
static v4f fv[N];

FPLOOP static uint64_t loop_neon(unsigned rounds)
{
    for (int i = 0; i < N; i++) {
        u[i] = (v4u){ (uint32_t)i * 2654435761u, (uint32_t)i ^ 0x5a5a5a5au, (uint32_t)i << 7, ~(uint32_t)i };
        fv[i] = (v4f){ (float)i * 0.25f, 1.0f / (float)(i + 1), (float)(i % 17) - 8.0f, 3.0f };
    }
    v4u acc = { 1, 2, 3, 4 };
    v4f facc = { 0, 0, 0, 0 };
    const v4u mul = { 0x9e3779b1u, 0x85ebca77u, 0xc2b2ae3du, 0x27d4eb2fu };
    const v4f scale = { 0.5f, 0.25f, 0.125f, 1.0f / 1024 }, bias = { 1.0f, -1.0f, 0.5f, -0.5f };
    for (unsigned r = 0; r < rounds; r++)
        for (int i = 0; i < N; i++) {
            v4u x = (u[i] ^ acc) * mul;
            x ^= x >> 15;
            x += (v4u)((v8h)x + (v8h)acc);
            x = (x << 3) | (x >> 29);
            acc += x;
            u[i] = x;
            v4f y = (fv[i] * scale + bias) / (fv[i] * fv[i] + (v4f){ 2.0f, 2.0f, 2.0f, 2.0f });
            fv[i] = y - (v4f){ 0.125f, 0.125f, 0.125f, 0.125f } * fv[i];
            facc = facc + y * (v4f){ 0.001f, 0.001f, 0.001f, 0.001f };
        }
    uint64_t h = 5;
    for (int l = 0; l < 4; l++) {
        uint32_t fb;
        __builtin_memcpy(&fb, (const char *)&facc + 4 * l, 4);
        h = mix(mix(h, acc[l]), fb);
    }
    for (int i = 0; i < N; i += 37) {
        uint64_t b[2];
        __builtin_memcpy(b, &fv[i], 16);
        h = mix(mix(h, b[0]), b[1]);
    }
    return h;
}

/* ---- the edges of the host fast paths, lane by lane ----
 * Each case runs one vector instruction with FPSR = IXC (so the fast path
 * may answer) and prints the result and FPSR: results that round up to
 * the smallest normal from below (tiny before rounding: UFC), exact
 * smallest normals, denormal operands with and without FZ, exact zeros and
 * their signs, NaN and infinite lanes beside normal ones, overflow, 64-bit
 * vectors whose inactive upper lanes hold signalling NaNs, and FMLA sums a
 * double-precision shortcut would round twice. */

typedef struct { uint32_t n[4], m[4], a[4]; } edge32_t; /* a: FMLA's accumulator */
typedef struct { uint64_t n[2], m[2]; } edge64_t;

/* r holds the accumulator going in (FMLA/FMLS) and the result coming out. */
#define VOP(insn)                                                                   \
    __asm__ volatile("ldr q0, [%0]\n ldr q1, [%1]\n ldr q2, [%2]\n " insn "\n str q0, [%0]" \
                     : : "r"(r), "r"(n), "r"(m) : "v0", "v1", "v2", "memory")

static void vop32(int k, uint32_t *r, const uint32_t *n, const uint32_t *m)
{
    switch (k) {
    case 0: VOP("fadd v0.4s, v1.4s, v2.4s"); break;
    case 1: VOP("fsub v0.4s, v1.4s, v2.4s"); break;
    case 2: VOP("fmul v0.4s, v1.4s, v2.4s"); break;
    case 3: VOP("fdiv v0.4s, v1.4s, v2.4s"); break;
    case 4: VOP("fmul v0.4s, v1.4s, v2.s[2]"); break;
    case 5: VOP("fmul v0.2s, v1.2s, v2.2s"); break;
    case 6: VOP("fadd s0, s1, s2"); break;
    case 7: VOP("fmul s0, s1, s2"); break;
    case 8: VOP("fdiv s0, s1, s2"); break;
    case 9: VOP("fmla v0.4s, v1.4s, v2.4s"); break;
    case 10: VOP("fmls v0.4s, v1.4s, v2.4s"); break;
    case 11: VOP("fmla v0.4s, v1.4s, v2.s[1]"); break;
    default: VOP("fmla v0.2s, v1.2s, v2.2s"); break;
    }
}
static void vop64(int k, uint64_t *r, const uint64_t *n, const uint64_t *m)
{
    switch (k) {
    case 0: VOP("fadd v0.2d, v1.2d, v2.2d"); break;
    case 1: VOP("fsub v0.2d, v1.2d, v2.2d"); break;
    case 2: VOP("fmul v0.2d, v1.2d, v2.2d"); break;
    case 3: VOP("fdiv v0.2d, v1.2d, v2.2d"); break;
    case 4: VOP("fmul v0.2d, v1.2d, v2.d[1]"); break;
    case 5: VOP("fadd d0, d1, d2"); break;
    case 6: VOP("fmul d0, d1, d2"); break;
    default: VOP("fdiv d0, d1, d2"); break;
    }
}

static __attribute__((unused)) void edges(uint64_t fpcr)
{
    static const edge32_t e32[] = {
        /* (1 - 2^-24) * 2^-126 and 0x00ffffff / 2: tiny, rounded up to 2^-126 */
        { { 0x3f7fffff, 0x00ffffff, 0x3f800000, 0x40000000 },
          { 0x00800000, 0x40000000, 0x3f800000, 0x3f800000 },
          { 0x00000000, 0x80000000, 0x3f800000, 0xc0400000 } },
        /* denormal operands giving normal results; 2^-125 - 2^-126 */
        { { 0x00400000, 0x00000001, 0x01000000, 0x3fc00000 },
          { 0x40800000, 0x4b000000, 0x00800000, 0x3fc00000 },
          { 0x00000001, 0x00000000, 0x00800000, 0xc0100000 } },
        /* exact zeros: 1 - 1, -0 + -0, 0 * -5, 0 / 3 */
        { { 0x3f800000, 0x80000000, 0x00000000, 0x00000000 },
          { 0x3f800000, 0x80000000, 0xc0a00000, 0x40400000 },
          { 0xbf800000, 0x00000000, 0x40a00000, 0x80000000 } },
        /* a quiet NaN, Inf, 0 / Inf and x / Inf beside a normal lane */
        { { 0x7fc01234, 0x7f800000, 0x00000000, 0x3f800000 },
          { 0x3f800000, 0x3f800000, 0x7f800000, 0x7f800000 },
          { 0x3f800000, 0xff800000, 0x7fc00000, 0x00000000 } },
        /* overflow, a signalling NaN, a zero divisor, tiny * tiny */
        { { 0x7f7fffff, 0x7f800001, 0x3f800000, 0x1f800000 },
          { 0x40000000, 0x3f800000, 0x00000000, 0x1f800000 },
          { 0x7f7fffff, 0x00000000, 0x3f800000, 0x80000000 } },
        /* ordinary lanes; the upper two hold signalling NaNs and denormals */
        { { 0x3fa00000, 0x40490fdb, 0x7f800001, 0x00000001 },
          { 0x3eaaaaab, 0xc0200000, 0x7f800001, 0x00000001 },
          { 0x3f800000, 0xbf800000, 0x7f800001, 0x00000001 } },
        /* FMLA: (1 + 2^-23) - 2^-24 + 2^-70 rounded once is 1 + 2^-23, but
         * through a double it is a tie, rounded to 1 (the other lanes give
         * normal results, so only that lane can send it to the exact path);
         * 1 * 1 + 1; 1.5 * 1.5 + 1; 2^-126 * 0.5 + 1.5 * 2^-126 */
        { { 0xb9800001, 0x3f800000, 0x3fc00000, 0x00800000 },
          { 0x397ffffe, 0x3f800000, 0x3fc00000, 0x3f000000 },
          { 0x3f800001, 0x3f800000, 0x3f800000, 0x00c00000 } },
    };
    static const edge64_t e64[] = {
        { { 0x3fefffffffffffffull, 0x001fffffffffffffull }, { 0x0010000000000000ull, 0x4000000000000000ull } },
        { { 0x0008000000000000ull, 0x0000000000000001ull }, { 0x4010000000000000ull, 0x4330000000000000ull } },
        { { 0x3ff0000000000000ull, 0x8000000000000000ull }, { 0x3ff0000000000000ull, 0x8000000000000000ull } },
        { { 0x7ff8000000001234ull, 0x3ff8000000000000ull }, { 0x3ff0000000000000ull, 0x7ff0000000000000ull } },
        { { 0x7fefffffffffffffull, 0x7ff0000000000001ull }, { 0x4000000000000000ull, 0x3ff0000000000000ull } },
        { { 0x3ff4000000000000ull, 0x400921fb54442d18ull }, { 0x3fd5555555555555ull, 0xc004000000000000ull } },
    };
    fpcr_set(fpcr);
    unsigned long sum = 0;
    for (unsigned i = 0; i < sizeof(e32) / sizeof(e32[0]); i++)
        for (int k = 0; k < 13; k++) {
            uint32_t r[4] = { e32[i].a[0], e32[i].a[1], e32[i].a[2], e32[i].a[3] };
            fpsr_set(1u << 4);
            vop32(k, r, e32[i].n, e32[i].m);
            unsigned long f = (unsigned long)fpsr_get();
            fw_printf("edge fpcr=%lx s%u/%d: %08x %08x %08x %08x fpsr=%lx\n", (unsigned long)fpcr, i, k,
                      r[0], r[1], r[2], r[3], f);
            sum += f;
        }
    for (unsigned i = 0; i < sizeof(e64) / sizeof(e64[0]); i++)
        for (int k = 0; k < 8; k++) {
            uint64_t r[2] = { 0, 0 };
            fpsr_set(1u << 4);
            vop64(k, r, e64[i].n, e64[i].m);
            unsigned long f = (unsigned long)fpsr_get();
            fw_printf("edge fpcr=%lx d%u/%d: %016lx %016lx fpsr=%lx\n", (unsigned long)fpcr, i, k,
                      (unsigned long)r[0], (unsigned long)r[1], f);
            sum += f;
        }
    (void)sum;
}

NOSIMD int fw_main(uint64_t dtb)
{
    (void)dtb;
    SYSREG_WRITE(cpacr_el1, 3ul << 20); /* FPEN: no FP/SIMD trap */
    ISB();
    static const struct { const char *name; uint64_t fpcr; } modes[] = {
        { "RN", 0 },
#ifndef FPLOOP_BENCH /* -DFPLOOP_BENCH=1 (fp), 2 (neon), 3 (both), 0: RN only */
        { "RZ+FZ", 3ul << 22 | 1ul << 24 },
        { "RN+DN+FZ", 1ul << 25 | 1ul << 24 },
#endif
    };
    for (unsigned k = 0; k < sizeof(modes) / sizeof(modes[0]); k++) {
        fpcr_set(modes[k].fpcr);
        fpsr_set(0);
        uint64_t h __attribute__((unused));
#if !defined(FPLOOP_BENCH) || (FPLOOP_BENCH & 1)
        h = loop_fp(300);
        fw_printf("fp %s: checksum=%016lx fpsr=%lx\n", modes[k].name, (unsigned long)h,
                  (unsigned long)fpsr_get());
        fpsr_set(0);
#endif
#if !defined(FPLOOP_BENCH) || (FPLOOP_BENCH & 2)
        h = loop_neon(k == 0 ? 40 : 8);
        fw_printf("neon %s: checksum=%016lx fpsr=%lx\n", modes[k].name, (unsigned long)h,
                  (unsigned long)fpsr_get());
#endif
    }
#ifndef FPLOOP_BENCH
    edges(0);
    edges(1ul << 24);           /* FZ */
    edges(1ul << 25);           /* DN */
    edges(2ul << 22);           /* round toward minus infinity: the exact paths */
#endif
    fpcr_set(0);
    return 0;
}

#endif
