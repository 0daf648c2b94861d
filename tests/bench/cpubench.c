/*
 * cpubench.c - the CPU-bound guest program of `make bench` (item 3).
 *
 * Built twice from this one file: for arm64 as a static Linux binary that runs in
 * the guest (and under qemu-aarch64 user mode as the "native" reference), and for
 * the host (x86-64) as a second reference. Every part prints a checksum that
 * depends on every result it computed; the harness requires the guest's checksums
 * to equal the references', so a fast but wrong emulator cannot score.
 *
 *   cpubench run [SCALE]   the four parts, each timed with CLOCK_MONOTONIC in the
 *                          guest; SCALE (default 1.0) multiplies the work
 *   cpubench now           the monotonic clock in seconds (for timing shell steps)
 *   cpubench touch         touch all free guest RAM once (for the RSS measurement)
 *
 * Output lines (parsed by tests/bench/bench.py):
 *   cpubench PART checksum=HEX seconds=S
 *   cpubench total seconds=S
 *
 * Determinism: no floating-point contraction (built with -ffp-contract=off), no
 * library maths (sqrt is IEEE-exact on both hosts), no vector reductions whose
 * order a compiler may change: the checksums are bit-identical everywhere.
 * The "neon" part uses GCC vector types, which compile to Advanced SIMD
 * instructions on arm64 (and SSE on x86-64), with the same element-wise results.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t mix64(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdull;
}

/* ---- integer: heap sort + hashing + division (branchy ALU code) --------------- */
static void sift(uint32_t *a, size_t start, size_t end)
{
    size_t root = start;
    while (2 * root + 1 <= end) {
        size_t child = 2 * root + 1, sw = root;
        if (a[sw] < a[child]) sw = child;
        if (child + 1 <= end && a[sw] < a[child + 1]) sw = child + 1;
        if (sw == root) return;
        uint32_t t = a[root]; a[root] = a[sw]; a[sw] = t;
        root = sw;
    }
}

static uint64_t part_int(unsigned rounds)
{
    enum { N = 1 << 15 };
    static uint32_t a[N];
    uint64_t h = 1;
    uint32_t x = 12345;
    for (unsigned r = 0; r < rounds; r++) {
        for (size_t i = 0; i < N; i++) {
            x ^= x << 13; x ^= x >> 17; x ^= x << 5;   /* xorshift32 */
            a[i] = x;
        }
        for (size_t s = N / 2; s-- > 0;) sift(a, s, N - 1);
        for (size_t e = N - 1; e > 0; e--) {
            uint32_t t = a[0]; a[0] = a[e]; a[e] = t;
            sift(a, 0, e - 1);
        }
        for (size_t i = 0; i < N; i += 97)
            h = mix64(h, a[i] / (uint32_t)(i | 1) + a[i] % 1000003u);
        for (size_t i = 1; i < N; i++)
            if (a[i - 1] > a[i]) h = mix64(h, 0xbad);  /* not sorted: poison */
    }
    return h;
}

/* ---- memory: random pointer chase over 32 MiB + streaming copy/sum ------------- */
static uint64_t part_mem(unsigned rounds)
{
    enum { N = 4 << 20 };          /* 4 Mi x 4 bytes = 16 MiB */
    uint32_t *next = malloc(N * sizeof *next), *copy = malloc(N * sizeof *copy);
    if (!next || !copy) { fprintf(stderr, "cpubench: out of memory\n"); exit(1); }
    /* Sattolo's algorithm: one cycle through all N slots. */
    for (uint32_t i = 0; i < N; i++) next[i] = i;
    uint64_t s = 88172645463325252ull;
    for (uint32_t i = N - 1; i > 0; i--) {
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        uint32_t j = (uint32_t)(s % i);
        uint32_t t = next[i]; next[i] = next[j]; next[j] = t;
    }
    uint64_t h = 7;
    uint32_t p = 0;
    for (unsigned r = 0; r < rounds; r++) {
        for (uint32_t k = 0; k < (1u << 18); k++) p = next[p];
        h = mix64(h, p);
        memcpy(copy, next, N * sizeof *copy);
        uint64_t sum = 0;
        for (uint32_t i = 0; i < N; i += 16) sum += copy[i] ^ i;
        h = mix64(h, sum);
    }
    free(next);
    free(copy);
    return h;
}

/* ---- floating point: a 5-body gravity simulation (double, sqrt, division) ------ */
static uint64_t part_fp(unsigned rounds)
{
    double px[5] = {0, 4.84, 8.34, 12.89, 15.37}, py[5] = {0, -1.16, 4.12, -15.11, -25.91};
    double pz[5] = {0, -0.10, -0.40, -0.22, 0.17}, vx[5] = {0, 0.606, -1.01, 1.08, 0.979};
    double vy[5] = {0, 2.81, 1.82, 0.868, 0.594}, vz[5] = {0, -0.02, 0.008, -0.01, -0.034};
    double m[5] = {39.47, 0.037, 0.011, 0.0017, 0.002};
    const double dt = 0.01;
    uint64_t h = 3;
    for (unsigned r = 0; r < rounds; r++) {
        for (int step = 0; step < 1000; step++) {
            for (int i = 0; i < 5; i++)
                for (int j = i + 1; j < 5; j++) {
                    double dx = px[i] - px[j], dy = py[i] - py[j], dz = pz[i] - pz[j];
                    double d2 = dx * dx + dy * dy + dz * dz;
                    double mag = dt / (d2 * __builtin_sqrt(d2));
                    vx[i] -= dx * m[j] * mag; vy[i] -= dy * m[j] * mag; vz[i] -= dz * m[j] * mag;
                    vx[j] += dx * m[i] * mag; vy[j] += dy * m[i] * mag; vz[j] += dz * m[i] * mag;
                }
            for (int i = 0; i < 5; i++) { px[i] += dt * vx[i]; py[i] += dt * vy[i]; pz[i] += dt * vz[i]; }
        }
        double e = 0;
        for (int i = 0; i < 5; i++) e += 0.5 * m[i] * (vx[i] * vx[i] + vy[i] * vy[i] + vz[i] * vz[i]);
        uint64_t bits;
        memcpy(&bits, &e, sizeof bits);
        h = mix64(h, bits);
        /* float conversions and a float divide chain too */
        float f = (float)e;
        for (int k = 1; k < 200; k++) f = f / 1.0009765625f + (float)k * 0.5f;
        uint32_t fb;
        memcpy(&fb, &f, sizeof fb);
        h = mix64(h, fb ^ (uint32_t)(int64_t)(e * 1e6));
    }
    return h;
}

/* ---- SIMD: vector integer hashing + float32x4 arithmetic ------------------------ */
typedef uint32_t v4u __attribute__((vector_size(16)));
typedef uint16_t v8h __attribute__((vector_size(16)));
typedef float v4f __attribute__((vector_size(16)));

static uint64_t part_neon(unsigned rounds)
{
    enum { N = 4096 };               /* 4096 x 16 bytes = 64 KiB per array */
    static v4u u[N];
    static v4f f[N];
    for (int i = 0; i < N; i++) {
        u[i] = (v4u){ (uint32_t)i * 2654435761u, (uint32_t)i ^ 0x5a5a5a5au, (uint32_t)i << 7, ~(uint32_t)i };
        f[i] = (v4f){ (float)i * 0.25f, 1.0f / (float)(i + 1), (float)(i % 17) - 8.0f, 3.0f };
    }
    v4u acc = { 1, 2, 3, 4 };
    v4f facc = { 0, 0, 0, 0 };
    const v4u mul = { 0x9e3779b1u, 0x85ebca77u, 0xc2b2ae3du, 0x27d4eb2fu };
    const v4f scale = { 0.5f, 0.25f, 0.125f, 1.0f / 1024 }, bias = { 1.0f, -1.0f, 0.5f, -0.5f };
    for (unsigned r = 0; r < rounds; r++) {
        for (int i = 0; i < N; i++) {
            v4u x = u[i] ^ acc;
            x = x * mul;
            x ^= x >> 15;
            x += (v4u)((v8h)x + (v8h)acc);        /* 16-bit lanes */
            x = (x << 3) | (x >> 29);
            acc += x;
            u[i] = x;
            /* bounded (|y| < 1): no overflow, so no NaN whose payload differs by host */
            v4f y = (f[i] * scale + bias) / (f[i] * f[i] + (v4f){ 2.0f, 2.0f, 2.0f, 2.0f });
            f[i] = y - (v4f){ 0.125f, 0.125f, 0.125f, 0.125f } * f[i];
            facc = facc + y * (v4f){ 0.001f, 0.001f, 0.001f, 0.001f };
        }
    }
    uint64_t h = 5;
    for (int l = 0; l < 4; l++) {
        uint32_t fb;
        memcpy(&fb, (const char *)&facc + 4 * l, sizeof fb);
        h = mix64(h, acc[l]);
        h = mix64(h, fb);
    }
    return h;
}

/* ---- touch: make the guest's free RAM resident on the host ---------------------- */
static int touch_free_ram(void)
{
    FILE *fp = fopen("/proc/meminfo", "r");
    if (!fp) { perror("cpubench: /proc/meminfo"); return 1; }
    char line[128];
    unsigned long kb = 0;
    while (fgets(line, sizeof line, fp))
        if (sscanf(line, "MemFree: %lu kB", &kb) == 1) break;
    fclose(fp);
    /* Leave 24 MiB for the kernel so the OOM killer stays away. */
    size_t bytes = kb > 24 * 1024 ? (size_t)(kb - 24 * 1024) * 1024 : 0;
    char *p = malloc(bytes ? bytes : 1);
    if (!p) { fprintf(stderr, "cpubench: cannot allocate %zu bytes\n", bytes); return 1; }
    for (size_t i = 0; i < bytes; i += 4096) p[i] = (char)i;
    printf("cpubench touched %zu MiB\n", bytes >> 20);
    free(p);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "now") == 0) {
        printf("%.6f\n", now());
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "touch") == 0) return touch_free_ram();
    if (argc < 2 || strcmp(argv[1], "run") != 0) {
        fprintf(stderr, "usage: cpubench run [SCALE] | now | touch\n");
        return 2;
    }
    double scale = argc >= 3 ? strtod(argv[2], NULL) : 1.0;
    if (!(scale > 0 && scale <= 1000)) {
        fprintf(stderr, "cpubench: SCALE must be in (0, 1000]\n");
        return 2;
    }
    static const struct { const char *name; uint64_t (*fn)(unsigned); unsigned rounds; } parts[] = {
        { "int", part_int, 160 }, { "mem", part_mem, 24 }, { "fp", part_fp, 500 }, { "neon", part_neon, 1500 },
    };
    double total = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        unsigned rounds = (unsigned)(parts[i].rounds * scale + 0.5);
        if (rounds == 0) rounds = 1;
        double t0 = now();
        uint64_t h = parts[i].fn(rounds);
        double t = now() - t0;
        total += t;
        printf("cpubench %s checksum=%016llx seconds=%.3f\n", parts[i].name, (unsigned long long)h, t);
        fflush(stdout);
    }
    printf("cpubench total seconds=%.3f\n", total);
    return 0;
}
