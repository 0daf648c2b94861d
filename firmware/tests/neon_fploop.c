/* neon_fploop.c - the FP and Advanced SIMD loops of the CPU benchmark
 * (tests/bench/cpubench.c part_fp and part_neon) on bare metal, small: a
 * double-precision n-body step with FSQRT/FDIV and a float divide chain,
 * and a float32x4 FMUL/FADD/FSUB/FDIV loop beside vector integer hashing.
 * Each runs under several FPCR settings (round to nearest; toward zero with
 * FZ; to nearest with DN and FZ) and from FPSR = 0, and prints a checksum
 * of its results and the FPSR it ended with. run-firmware.sh compares the
 * output with qemu-system-aarch64: the FP host fast paths (fpu.c,
 * simd_fp_fast.h) answer most operations of the first setting once IXC is
 * set, the exact paths the others.
 *
 * Built with -DFPLOOP_BENCH=1/2/3/0 it runs the first setting only, of the
 * fp loop, the neon loop, both or neither: the workload
 * for counting tinyvm's host instructions with callgrind (tools/fploop-bench.sh).
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
    fpcr_set(0);
    return 0;
}

#endif
