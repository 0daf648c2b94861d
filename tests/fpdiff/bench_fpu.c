/* bench_fpu.c - ns per operation of the FP library (cpu/fpu*.c): the host
 * fast path (FPSR.IXC set, round-to-nearest, normal operands), the exact
 * software path (the same calls with FPSR cleared before each one, which
 * keeps the fast path from answering), and the bare host instruction for
 * reference. Operands are random normal numbers in [2^-10, 2^10).
 * Then the same in situ: guest loops of FP instructions run by tinyvm's
 * translator and executor, against a loop of integer MADDs.
 *
 *   make fpu-bench   (prints one line per operation)
 */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cpu/cpu_internal.h"
#include "cpu/fpu.h"
#include "mem/physmap.h"
#ifdef __x86_64__
#include <xmmintrin.h>
#endif

#define N 4096
#define REPS 2000

static uint64_t d[N + 2];
static uint32_t s[N + 2];
static uint64_t ints[N + 2];

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static uint64_t rng = 12345;
static uint64_t rnd(void)
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static volatile uint64_t sink;

/* One benchmark: body uses i (operand index), fpsr; `fast` keeps FPSR.IXC set. */
/* The best of 5 runs: the machine may be shared. */
#define BENCH(label, init_fpsr, reset, body)                                   \
    do {                                                                       \
        double best = 1e9;                                                     \
        for (int run = 0; run < 5; run++) {                                    \
            uint64_t acc = 0;                                                  \
            uint32_t fpsr = init_fpsr;                                         \
            double t0 = now();                                                 \
            for (int r = 0; r < REPS; r++)                                     \
                for (int i = 0; i < N; i++) {                                  \
                    if (reset)                                                 \
                        fpsr = 0;                                              \
                    acc += (uint64_t)(body);                                   \
                }                                                              \
            double t = now() - t0;                                             \
            sink = acc + fpsr;                                                 \
            if (t < best)                                                      \
                best = t;                                                      \
        }                                                                      \
        printf("%-30s %6.2f ns/op\n", label, best * 1e9 / ((double)REPS * N)); \
    } while (0)

/* The bare host operation, out of line like the library's (no vectorising). */
static __attribute__((noinline)) uint64_t host_add(uint64_t a, uint64_t b)
{
    double x, y;
    memcpy(&x, &a, 8);
    memcpy(&y, &b, 8);
    x += y;
    memcpy(&a, &x, 8);
    return a;
}

#ifdef __x86_64__
/* What a host-FP design pays at least per operation: load MXCSR (rounding
 * mode from FPCR, flags cleared), operate, read the flags back. */
static __attribute__((noinline)) uint64_t host_add_mxcsr(uint64_t a, uint64_t b, uint32_t *flags)
{
    double x, y;
    memcpy(&x, &a, 8);
    memcpy(&y, &b, 8);
    _mm_setcsr(0x1f80);
    __asm__ volatile("" : "+x"(x), "+x"(y));
    x += y;
    __asm__ volatile("" : "+x"(x));
    *flags |= _mm_getcsr() & 0x3f;
    memcpy(&a, &x, 8);
    return a;
}
#endif

static double hd(uint64_t x) { double v; memcpy(&v, &x, 8); return v; }
static float hs(uint32_t x) { float v; memcpy(&v, &x, 4); return v; }
static uint64_t bd(double v) { uint64_t x; memcpy(&x, &v, 8); return x; }
static uint32_t bs(float v) { uint32_t x; memcpy(&x, &v, 4); return x; }

/* ---- guest loops ------------------------------------------------------------ */

static bool stop_hook(void *opaque, cpu_t *cpu, bool smc, uint16_t imm)
{
    (void)opaque;
    (void)smc;
    (void)imm;
    cpu_request_exit(cpu);
    return true;
}

/* 64 copies of insn, then SUBS x3, x3, #1; B.NE back; HVC #0. Returns ns
 * per copy of insn (best of 3 runs of `iters` loop iterations). */
static double guest_loop(cpu_t *cpu, physmap_t *pm, uint64_t at, uint32_t insn, uint32_t fpcr,
                         uint32_t fpsr, uint64_t iters)
{
    uint32_t code[67];
    for (int i = 0; i < 64; i++)
        code[i] = insn;
    code[64] = 0xf1000463;                         /* subs x3, x3, #1 */
    code[65] = 0x54000001 | ((uint32_t)(-65 & 0x7ffff) << 5); /* b.ne code[0] */
    code[66] = 0xd4000002;                         /* hvc #0 */
    memcpy(physmap_ram_ptr(pm, at), code, sizeof code);
    double best = 1e9;
    for (int run = 0; run < 3; run++) {
        cpu->pc = at;
        cpu->x[3] = iters;
        cpu->v[1].d[0] = 0x3ff0000000000001ull; /* 1 + ulp */
        cpu->v[2].d[0] = 0x3fefffffffffffffull; /* 1 - ulp/2 */
        cpu->v[0].d[0] = 0x3ff0000000000000ull;
        cpu->x[1] = 3;
        cpu->x[2] = 5;
        cpu->sys.fpcr = fpcr;
        cpu->sys.fpsr = fpsr;
        double t0 = now();
        cpu_run(cpu, iters * 66 + 100); /* the HVC hook stops it */
        double t = now() - t0;
        if (t < best)
            best = t;
    }
    return best * 1e9 / ((double)iters * 64);
}

static void bench_guest(void)
{
    physmap_t pm;
    if (physmap_init(&pm, 0x40000000ull, 1u << 20) != 0)
        return;
    cpu_t *cpu = cpu_create(&pm, CPU_MODEL_CORTEX_A57, 0);
    if (!cpu)
        return;
    cpu_set_firmware_call(cpu, stop_hook, NULL);
    cpu->sys.cpacr = 3u << 20;
    const uint64_t iters = 200000;
    const uint32_t rz = 3u << 22;
    printf("guest loops (64 instructions per iteration, %" PRIu64 " iterations):\n", iters);
    printf("%-30s %6.2f ns/insn\n", "madd x0, x1, x2, x0",
           guest_loop(cpu, &pm, 0x40001000, 0x9b020020, 0, 0, iters));
    printf("%-30s %6.2f ns/insn\n", "fmadd d0 (fast path)",
           guest_loop(cpu, &pm, 0x40002000, 0x1f420020, 0, FPSR_IXC, iters));
    printf("%-30s %6.2f ns/insn\n", "fmadd d0 (RZ: software)",
           guest_loop(cpu, &pm, 0x40003000, 0x1f420020, rz, FPSR_IXC, iters));
    printf("%-30s %6.2f ns/insn\n", "fadd d0 (fast path)",
           guest_loop(cpu, &pm, 0x40004000, 0x1e622800, 0, FPSR_IXC, iters));
    printf("%-30s %6.2f ns/insn\n", "fadd d0 (RZ: software)",
           guest_loop(cpu, &pm, 0x40005000, 0x1e622800, rz, FPSR_IXC, iters));
    printf("%-30s %6.2f ns/insn\n", "fmul d0 (fast path)",
           guest_loop(cpu, &pm, 0x40006000, 0x1e620800, 0, FPSR_IXC, iters));
    printf("%-30s %6.2f ns/insn\n", "fmul d0 (RZ: software)",
           guest_loop(cpu, &pm, 0x40007000, 0x1e620800, rz, FPSR_IXC, iters));
    cpu_destroy(cpu);
    physmap_destroy(&pm);
}

int main(void)
{
    for (int i = 0; i < N + 2; i++) {
        d[i] = (uint64_t)(1023 + (int)(rnd() % 21) - 10) << 52 | (rnd() >> 12);
        s[i] = (uint32_t)(127 + (int)(rnd() % 21) - 10) << 23 | (uint32_t)(rnd() >> 41);
        ints[i] = rnd() >> (rnd() % 64);
    }
    const uint32_t fpcr = 0;
    printf("operation                   time (%d x %d ops each)\n", REPS, N);
    BENCH("host double add (inline)", 0, 0, bd(hd(d[i]) + hd(d[i + 1])));
    BENCH("host double add (call)", 0, 0, host_add(d[i], d[i + 1]));
#ifdef __x86_64__
    BENCH("host add + MXCSR set/read", 0, 0, host_add_mxcsr(d[i], d[i + 1], &fpsr));
#endif
    BENCH("fpu_add64 fast", FPSR_IXC, 0, fpu_add64(d[i], d[i + 1], fpcr, &fpsr));
    BENCH("fpu_add64 soft", 0, 1, fpu_add64(d[i], d[i + 1], fpcr, &fpsr));
    BENCH("host double mul", 0, 0, bd(hd(d[i]) * hd(d[i + 1])));
    BENCH("fpu_mul64 fast", FPSR_IXC, 0, fpu_mul64(d[i], d[i + 1], fpcr, &fpsr));
    BENCH("fpu_mul64 soft", 0, 1, fpu_mul64(d[i], d[i + 1], fpcr, &fpsr));
    BENCH("host double div", 0, 0, bd(hd(d[i]) / hd(d[i + 1])));
    BENCH("fpu_div64 fast", FPSR_IXC, 0, fpu_div64(d[i], d[i + 1], fpcr, &fpsr));
    BENCH("fpu_div64 soft", 0, 1, fpu_div64(d[i], d[i + 1], fpcr, &fpsr));
    BENCH("host sqrt", 0, 0, bd(sqrt(hd(d[i]))));
    BENCH("fpu_sqrt64 fast", FPSR_IXC, 0, fpu_sqrt64(d[i], fpcr, &fpsr));
    BENCH("fpu_sqrt64 soft", 0, 1, fpu_sqrt64(d[i], fpcr, &fpsr));
    BENCH("host fma", 0, 0, bd(fma(hd(d[i]), hd(d[i + 1]), hd(d[i + 2]))));
    BENCH("fpu_muladd64 fast", FPSR_IXC, 0, fpu_muladd64(d[i + 2], d[i], d[i + 1], fpcr, &fpsr));
    BENCH("fpu_muladd64 soft", 0, 1, fpu_muladd64(d[i + 2], d[i], d[i + 1], fpcr, &fpsr));
    BENCH("host float add", 0, 0, bs(hs(s[i]) + hs(s[i + 1])));
    BENCH("fpu_add32 fast", FPSR_IXC, 0, fpu_add32(s[i], s[i + 1], fpcr, &fpsr));
    BENCH("fpu_add32 soft", 0, 1, fpu_add32(s[i], s[i + 1], fpcr, &fpsr));
    BENCH("fpu_mul32 fast", FPSR_IXC, 0, fpu_mul32(s[i], s[i + 1], fpcr, &fpsr));
    BENCH("fpu_mul32 soft", 0, 1, fpu_mul32(s[i], s[i + 1], fpcr, &fpsr));
    BENCH("fpu_div32 fast", FPSR_IXC, 0, fpu_div32(s[i], s[i + 1], fpcr, &fpsr));
    BENCH("fpu_div32 soft", 0, 1, fpu_div32(s[i], s[i + 1], fpcr, &fpsr));
    BENCH("fpu_muladd32 fast", FPSR_IXC, 0, fpu_muladd32(s[i + 2], s[i], s[i + 1], fpcr, &fpsr));
    BENCH("fpu_muladd32 soft", 0, 1, fpu_muladd32(s[i + 2], s[i], s[i + 1], fpcr, &fpsr));
    BENCH("fpu_compare64", 0, 0, fpu_compare64(d[i], d[i + 1], false, fpcr, &fpsr));
    BENCH("fpu_max64", 0, 0, fpu_max64(d[i], d[i + 1], fpcr, &fpsr));
    BENCH("fpu_to_int64 (fcvtzs)", 0, 0, fpu_to_int64(d[i], 0, false, 64, FPROUND_ZERO, fpcr, &fpsr));
    BENCH("fpu_from_int64 (scvtf)", 0, 0, fpu_from_int64(ints[i], 0, false, FPROUND_TIEEVEN, fpcr, &fpsr));
    BENCH("fpu_f32_to_f64", 0, 0, fpu_f32_to_f64(s[i], fpcr, &fpsr));
    BENCH("fpu_f64_to_f32", 0, 0, fpu_f64_to_f32(d[i], FPROUND_TIEEVEN, fpcr, &fpsr));
    BENCH("fpu_round_int64 (frintm)", 0, 0, fpu_round_int64(d[i], FPROUND_NEGINF, false, fpcr, &fpsr));
    BENCH("fpu_recpe32", 0, 0, fpu_recpe32(s[i], fpcr, &fpsr));
    bench_guest();
    return 0;
}
