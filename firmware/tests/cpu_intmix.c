/* cpu_intmix.c - the integer kernel of the CPU benchmark (tests/bench/cpubench.c
 * part_int) at a small scale, bare metal: xorshift fill, heap sort (sift: the
 * short-block mix of LDR/STR register-offset, LSL, ADD, CMP + B.cond and CSEL
 * the fused and specialised ops of cpu/ target), then division, UMULL, MSUB
 * and MUL hashing. Every intermediate result feeds the printed checksum, which
 * must equal the oracle's (tests/run-firmware.sh); the array must be sorted.
 * Small enough to run under callgrind for host instruction counts. */
#include "fw.h"

#ifndef N
#define N 4096 /* -DN=32768 -DROUNDS=10: a wall-clock workload */
#endif
#ifndef ROUNDS
#define ROUNDS 3
#endif

static uint32_t a[N];

static uint64_t mix64(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdull;
}

static void __attribute__((noinline)) sift(uint32_t *v, size_t start, size_t end)
{
    size_t root = start;
    while (2 * root + 1 <= end) {
        size_t child = 2 * root + 1, sw = root;
        if (v[sw] < v[child]) sw = child;
        if (child + 1 <= end && v[sw] < v[child + 1]) sw = child + 1;
        if (sw == root) return;
        uint32_t t = v[root]; v[root] = v[sw]; v[sw] = t;
        root = sw;
    }
}

/* Signed and narrow forms the heap sort does not use: SXTW/ASR/UBFX/SBFX
 * shapes, CSINC/CSET/CSNEG after compares of both widths. */
static uint64_t __attribute__((noinline)) mix_signed(uint64_t h, uint32_t x)
{
    int32_t s = (int32_t)x;
    int64_t w = s;                       /* SXTW */
    h = mix64(h, (uint64_t)(w >> 7));    /* ASR */
    h = mix64(h, (x >> 5) & 0x3ff);      /* UBFX */
    h = mix64(h, (uint64_t)(int64_t)((int32_t)(x << 3) >> 20)); /* SBFX */
    h = mix64(h, (uint8_t)x + (uint16_t)(x >> 8)); /* UXTB, UXTH */
    h += s < 0 ? 1 : 0;                  /* CSET lt */
    h += (uint64_t)(s > 1000 ? s : -s);  /* CSNEG */
    h += (int64_t)h < (int64_t)x ? h + 1 : (uint64_t)x; /* CSINC */
    return h;
}

int fw_main(uint64_t dtb)
{
    (void)dtb;
    uint64_t h = 1;
    uint32_t x = 12345;
    for (unsigned r = 0; r < ROUNDS; r++) {
        for (size_t i = 0; i < N; i++) {
            x ^= x << 13; x ^= x >> 17; x ^= x << 5;
            a[i] = x;
        }
        for (size_t s = N / 2; s-- > 0;) sift(a, s, N - 1);
        for (size_t e = N - 1; e > 0; e--) {
            uint32_t t = a[0]; a[0] = a[e]; a[e] = t;
            sift(a, 0, e - 1);
        }
        for (size_t i = 0; i < N; i += 7)
            h = mix64(h, a[i] / (uint32_t)(i | 1) + a[i] % 1000003u);
        int unsorted = 0;
        for (size_t i = 1; i < N; i++)
            if (a[i - 1] > a[i]) unsorted++;
        CHECK_EQ(unsorted, 0);
        for (size_t i = 0; i < N; i += 13)
            h = mix_signed(h, a[i]);
        fw_printf("round %u checksum %016lx\n", r, (unsigned long)h);
    }
    return 0;
}
