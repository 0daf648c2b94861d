/* neon_crypto.c - Advanced SIMD, FP vector and crypto instructions through
 * the compiler's intrinsics (arm_neon.h, arm_acle.h): AES-128 (FIPS-197
 * known answer, and back), SHA-1 and SHA-256 ("abc"), PMULL (8 and 64
 * bits), CRC32/CRC32C ("123456789"), NEON strlen/memchr/memcpy loops, TBL/
 * TBX, saturating arithmetic (FPSR.QC), widening/narrowing/pairwise/across
 * lanes integer ops, permutes, structure loads/stores, and FP vector math
 * under every rounding mode with FZ and DN, printed in hex with FPSR.
 * run-firmware.sh diffs the whole output against qemu-system-aarch64.
 *
 * Built without -mgeneral-regs-only and with -march=armv8-a+crypto+crc (the
 * neon_% rule of firmware.mk). fw_main and the CPACR_EL1 set-up are
 * compiled general-regs-only, so that no SIMD instruction can run before
 * FPEN allows it: the first part checks the FP access trap itself.
 */
#include "fw.h"

#if !defined(__ARM_NEON) || !defined(__ARM_FEATURE_CRYPTO) || !defined(__ARM_FEATURE_CRC32)

int fw_main(uint64_t dtb)
{
    (void)dtb;
    fw_puts("FAIL: neon_crypto.c must be built with -march=armv8-a+crypto+crc and without\n"
            "      -mgeneral-regs-only (the neon_% rule of firmware/firmware.mk)\n");
    return 1;
}

#else

#include <arm_acle.h>
#include <arm_neon.h>

#define NOSIMD __attribute__((target("general-regs-only"), noinline))
#define NOINLINE __attribute__((noinline))
/* Hide a value from the optimiser, so that the instruction under test
 * runs on the CPU (with the FPCR of the moment) instead of being folded. */
#define HIDE(v) __asm__ volatile("" : "+w"(v))
#define HIDEX(v) __asm__ volatile("" : "+r"(v))

static uint64_t fpsr_get(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, fpsr" : "=r"(v));
    return v;
}
static void fpsr_set(uint64_t v) { __asm__ volatile("msr fpsr, %0" ::"r"(v)); }
static void fpcr_set(uint64_t v) { __asm__ volatile("msr fpcr, %0" ::"r"(v)); }

static void show(const char *name, uint8x16_t v)
{
    fw_printf("%s %016lx%016lx\n", name, (unsigned long)vgetq_lane_u64(vreinterpretq_u64_u8(v), 1),
              (unsigned long)vgetq_lane_u64(vreinterpretq_u64_u8(v), 0));
}
#define SHOW(name, v) show(name, vreinterpretq_u8_u64(vreinterpretq_u64_##v))
#define SHOW64(name, v) show(name, vreinterpretq_u8_u64(vcombine_u64(vreinterpret_u64_##v, vdup_n_u64(0))))

static void show_fpsr(const char *name)
{
    fw_printf("%s fpsr=%lx\n", name, (unsigned long)fpsr_get());
    fpsr_set(0);
}

/* ---- the FP access trap (CPACR_EL1.FPEN) and enabling SIMD ---- */

static volatile int fp_traps;
static volatile uint64_t fp_trap_esr;

static bool trap_handler(fw_frame_t *f, int vector, uint64_t esr, uint64_t far)
{
    (void)vector;
    (void)far;
    if ((esr >> 26) != 0x07)
        return false;
    fp_traps++;
    fp_trap_esr = esr;
    f->elr += 4;
    return true;
}

NOSIMD static void fp_enable(void)
{
    fw_set_handler(trap_handler);
    SYSREG_WRITE(cpacr_el1, 0);
    ISB();
    __asm__ volatile(".inst 0x4f00e400" ::: "memory"); /* movi v0.16b, #0 */
    __asm__ volatile(".inst 0x1e202008" ::: "memory"); /* fcmp s0, #0.0 */
    fw_printf("FPEN=00: traps=%d esr=%lx\n", fp_traps, (unsigned long)fp_trap_esr);
    SYSREG_WRITE(cpacr_el1, 1ul << 20); /* FPEN = 01: EL1 only */
    ISB();
    __asm__ volatile(".inst 0x4f00e400" ::: "memory");
    fw_printf("FPEN=01 at EL1: traps=%d\n", fp_traps);
    SYSREG_WRITE(cpacr_el1, 3ul << 20);
    ISB();
    fw_set_handler(0);
}

/* ---- AES-128 (FIPS-197 appendix C.1) ---- */

static uint32_t sub_word(uint32_t w)
{
    /* SubWord through AESE: with the word in every column ShiftRows moves
     * nothing, and a zero round key leaves SubBytes. */
    uint8x16_t s = vreinterpretq_u8_u32(vdupq_n_u32(w));
    HIDE(s);
    return vgetq_lane_u32(vreinterpretq_u32_u8(vaeseq_u8(s, vdupq_n_u8(0))), 0);
}

NOINLINE static void test_aes(void)
{
    static const uint8_t key[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
    static const uint8_t pt[16] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                    0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
    uint32_t w[44];
    for (int i = 0; i < 4; i++)
        w[i] = (uint32_t)key[4 * i] | (uint32_t)key[4 * i + 1] << 8 | (uint32_t)key[4 * i + 2] << 16 |
               (uint32_t)key[4 * i + 3] << 24;
    uint32_t rcon = 1;
    for (int i = 4; i < 44; i++) {
        uint32_t t = w[i - 1];
        if (i % 4 == 0) {
            t = sub_word(t >> 8 | t << 24) ^ rcon;
            rcon = (rcon << 1) ^ (rcon & 0x80 ? 0x11b : 0);
        }
        w[i] = w[i - 4] ^ t;
    }
    uint8x16_t rk[11];
    for (int r = 0; r < 11; r++)
        rk[r] = vreinterpretq_u8_u32(vld1q_u32(&w[4 * r]));
    uint8x16_t s = vld1q_u8(pt);
    for (int r = 0; r < 9; r++)
        s = vaesmcq_u8(vaeseq_u8(s, rk[r]));
    s = veorq_u8(vaeseq_u8(s, rk[9]), rk[10]);
    show("aes128 ct", s); /* FIPS-197: 69c4e0d86a7b0430d8cdb78070b4c55a (bytes) */
    static const uint8_t expect[16] = { 0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
                                        0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a };
    CHECK(vminvq_u8(vceqq_u8(s, vld1q_u8(expect))) == 0xff);
    /* Equivalent inverse cipher with AESD/AESIMC. */
    uint8x16_t d = vaesdq_u8(s, rk[10]);
    for (int r = 9; r >= 1; r--)
        d = vaesdq_u8(vaesimcq_u8(d), vaesimcq_u8(rk[r]));
    d = veorq_u8(d, rk[0]);
    show("aes128 pt", d);
    CHECK(vminvq_u8(vceqq_u8(d, vld1q_u8(pt))) == 0xff);
    /* A few CBC-chained blocks. */
    uint8x16_t iv = vdupq_n_u8(0x5a);
    for (int b = 0; b < 4; b++) {
        uint8x16_t x = veorq_u8(iv, vdupq_n_u8((uint8_t)(b * 17)));
        for (int r = 0; r < 9; r++)
            x = vaesmcq_u8(vaeseq_u8(x, rk[r]));
        iv = veorq_u8(vaeseq_u8(x, rk[9]), rk[10]);
    }
    show("aes128 cbc", iv);
}

/* ---- SHA-1 and SHA-256 of "abc" ---- */

static void pad_abc(uint8_t block[64])
{
    fw_memset(block, 0, 64);
    block[0] = 'a';
    block[1] = 'b';
    block[2] = 'c';
    block[3] = 0x80;
    block[63] = 24; /* length in bits, big-endian */
}

NOINLINE static void test_sha1(void)
{
    uint8_t block[64];
    pad_abc(block);
    static const uint32_t k[4] = { 0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6 };
    uint32_t h[5] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0 };
    uint32x4_t abcd = vld1q_u32(h), m[4];
    uint32_t e = h[4];
    for (int i = 0; i < 4; i++)
        m[i] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(block + 16 * i)));
    for (int i = 0; i < 20; i++) {
        uint32x4_t wk = vaddq_u32(m[i % 4], vdupq_n_u32(k[i / 5]));
        uint32_t e_next = vsha1h_u32(vgetq_lane_u32(abcd, 0));
        if (i < 5)
            abcd = vsha1cq_u32(abcd, e, wk);
        else if (i < 10 || i >= 15)
            abcd = vsha1pq_u32(abcd, e, wk);
        else
            abcd = vsha1mq_u32(abcd, e, wk);
        e = e_next;
        if (i < 16)
            m[i % 4] = vsha1su1q_u32(vsha1su0q_u32(m[i % 4], m[(i + 1) % 4], m[(i + 2) % 4]), m[(i + 3) % 4]);
    }
    abcd = vaddq_u32(abcd, vld1q_u32(h));
    e += h[4];
    SHOW("sha1 abcd", u32(abcd));
    fw_printf("sha1 e %08x\n", e);
    CHECK_EQ(vgetq_lane_u32(abcd, 0), 0xa9993e36);
    CHECK_EQ(vgetq_lane_u32(abcd, 3), 0x7850c26c);
    CHECK_EQ(e, 0x9cd0d89d);
}

NOINLINE static void test_sha256(void)
{
    static const uint32_t k[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    };
    static const uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    uint8_t block[64];
    pad_abc(block);
    uint32x4_t s0 = vld1q_u32(h), s1 = vld1q_u32(h + 4), m[4];
    for (int i = 0; i < 4; i++)
        m[i] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(block + 16 * i)));
    for (int i = 0; i < 16; i++) {
        uint32x4_t wk = vaddq_u32(m[i % 4], vld1q_u32(&k[4 * i]));
        if (i < 12)
            m[i % 4] = vsha256su1q_u32(vsha256su0q_u32(m[i % 4], m[(i + 1) % 4]), m[(i + 2) % 4], m[(i + 3) % 4]);
        uint32x4_t t = s0;
        s0 = vsha256hq_u32(s0, s1, wk);
        s1 = vsha256h2q_u32(s1, t, wk);
    }
    s0 = vaddq_u32(s0, vld1q_u32(h));
    s1 = vaddq_u32(s1, vld1q_u32(h + 4));
    SHOW("sha256 abcd", u32(s0));
    SHOW("sha256 efgh", u32(s1));
    CHECK_EQ(vgetq_lane_u32(s0, 0), 0xba7816bf);
    CHECK_EQ(vgetq_lane_u32(s1, 3), 0xf20015ad);
}

/* ---- PMULL and CRC32 ---- */

NOINLINE static void test_pmull_crc(void)
{
    poly64_t a = 0x87654321fedcba98ull, b = 0xf0e1d2c3b4a59687ull;
    HIDEX(a);
    HIDEX(b);
    SHOW("pmull64", p128(vmull_p64(a, b)));
    poly64x2_t pa = vreinterpretq_p64_u64(vcombine_u64(vcreate_u64(a), vcreate_u64(~b)));
    poly64x2_t pb = vreinterpretq_p64_u64(vcombine_u64(vcreate_u64(b), vcreate_u64(a ^ 0x1234)));
    SHOW("pmull2 64", p128(vmull_high_p64(pa, pb)));
    poly8x16_t x = vreinterpretq_p8_u64(vcombine_u64(vcreate_u64(0x0123456789abcdefull), vcreate_u64(0xfedcba9876543210ull)));
    poly8x16_t y = vreinterpretq_p8_u8(vdupq_n_u8(0xa7));
    HIDE(x);
    SHOW("pmull8", p16(vmull_p8(vget_low_p8(x), vget_low_p8(y))));
    SHOW("pmull2 8", p16(vmull_high_p8(x, y)));
    SHOW("pmul8", p8(vmulq_p8(x, y)));

    static const char digits[] = "123456789";
    uint32_t crc = 0xffffffff, crcc = 0xffffffff;
    for (int i = 0; i < 9; i++) {
        crc = __crc32b(crc, (uint8_t)digits[i]);
        crcc = __crc32cb(crcc, (uint8_t)digits[i]);
    }
    fw_printf("crc32 %08x crc32c %08x\n", ~crc, ~crcc);
    CHECK_EQ(~crc, 0xcbf43926);
    CHECK_EQ(~crcc, 0xe3069283);
    uint64_t v = 0x0123456789abcdefull;
    HIDEX(v);
    fw_printf("crc32 h/w/x %08x %08x %08x cx %08x\n", __crc32h(1, (uint16_t)v), __crc32w(2, (uint32_t)v),
              __crc32d(3, v), __crc32cd(4, v));
}

/* ---- string-function style loops ---- */

static uint8_t buf[512] __attribute__((aligned(16)));
static uint8_t dst[512] __attribute__((aligned(16)));

/* strlen: aligned 16-byte loads (never crossing a page), CMEQ against 0,
 * the nibble mask through SHRN, UMAXV for the loop test. */
NOINLINE static size_t neon_strlen(const char *s)
{
    const uint8_t *p = (const uint8_t *)((uintptr_t)s & ~15ul);
    unsigned skip = (unsigned)((uintptr_t)s & 15);
    uint8x16_t v = vceqq_u8(vld1q_u8(p), vdupq_n_u8(0));
    uint64_t mask = vget_lane_u64(vreinterpret_u64_u8(vshrn_n_u16(vreinterpretq_u16_u8(v), 4)), 0);
    mask >>= 4 * skip;
    if (mask)
        return (size_t)__builtin_ctzll(mask) / 4;
    for (;;) {
        p += 16;
        v = vceqq_u8(vld1q_u8(p), vdupq_n_u8(0));
        if (vmaxvq_u8(v)) {
            mask = vget_lane_u64(vreinterpret_u64_u8(vshrn_n_u16(vreinterpretq_u16_u8(v), 4)), 0);
            return (size_t)(p - (const uint8_t *)s) + (size_t)__builtin_ctzll(mask) / 4;
        }
    }
}

/* memchr with ADDP-folded syndromes. */
NOINLINE static long neon_memchr(const uint8_t *s, uint8_t c, size_t n)
{
    uint8x16_t cc = vdupq_n_u8(c), bitsv = vreinterpretq_u8_u16(vdupq_n_u16(0x4001));
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        uint8x16_t m = vandq_u8(vceqq_u8(vld1q_u8(s + i), cc), bitsv);
        uint8x16_t f = vpaddq_u8(m, m);
        uint64_t syn = vgetq_lane_u64(vreinterpretq_u64_u8(vpaddq_u8(f, f)), 0);
        if (syn)
            return (long)(i + (size_t)__builtin_ctzll(syn) / 2);
    }
    for (; i < n; i++)
        if (s[i] == c)
            return (long)i;
    return -1;
}

NOINLINE static void neon_memcpy(uint8_t *d, const uint8_t *s, size_t n)
{
    while (n >= 64) {
        uint8x16x4_t v = vld1q_u8_x4(s);
        vst1q_u8_x4(d, v);
        d += 64, s += 64, n -= 64;
    }
    while (n >= 16) {
        vst1q_u8(d, vld1q_u8(s));
        d += 16, s += 16, n -= 16;
    }
    while (n--)
        *d++ = *s++;
}

NOINLINE static void test_strings(void)
{
    for (int i = 0; i < 512; i++)
        buf[i] = (uint8_t)('A' + (i * 7) % 26);
    uint32_t sum = 0;
    for (int start = 0; start < 20; start++)
        for (int len = 0; len < 70; len += 3) {
            char save = (char)buf[start + len];
            buf[start + len] = 0;
            size_t got = neon_strlen((const char *)buf + start);
            buf[start + len] = (uint8_t)save;
            CHECK_EQ(got, (size_t)len);
            sum = sum * 31 + (uint32_t)got;
        }
    fw_printf("strlen sum %08x\n", sum);
    sum = 0;
    for (int c = 'A'; c <= 'Z'; c += 5)
        for (int off = 0; off < 33; off += 4)
            sum = sum * 31 + (uint32_t)neon_memchr(buf + off, (uint8_t)c, 200);
    fw_printf("memchr sum %08x notfound %ld\n", sum, neon_memchr(buf, '!', 300));
    sum = 0;
    for (int n = 0; n < 300; n += 37)
        for (int so = 0; so < 16; so += 5) {
            fw_memset(dst, 0, sizeof(dst));
            neon_memcpy(dst + 3, buf + so, (size_t)n);
            for (int i = 0; i < 400; i++)
                sum = sum * 33 + dst[i];
        }
    fw_printf("memcpy sum %08x\n", sum);
}

/* ---- table lookups, permutes, structures ---- */

NOINLINE static void test_tables(void)
{
    uint8x16x4_t t;
    for (int r = 0; r < 4; r++)
        t.val[r] = vaddq_u8(vld1q_u8(buf + 16 * r), vdupq_n_u8((uint8_t)(r * 64)));
    uint8x16_t idx = vld1q_u8((const uint8_t[16]){ 0, 15, 16, 31, 32, 47, 48, 63, 64, 100, 255, 7, 8, 1, 33, 50 });
    HIDE(idx);
    uint8x16x2_t t2 = { { t.val[0], t.val[1] } };
    uint8x16x3_t t3 = { { t.val[0], t.val[1], t.val[2] } };
    show("tbl1", vqtbl1q_u8(t.val[0], idx));
    show("tbl2", vqtbl2q_u8(t2, idx));
    show("tbl3", vqtbl3q_u8(t3, idx));
    show("tbl4", vqtbl4q_u8(t, idx));
    show("tbx1", vqtbx1q_u8(vdupq_n_u8(0xee), t.val[1], idx));
    show("tbx4", vqtbx4q_u8(vdupq_n_u8(0xdd), t, idx));
    SHOW64("tbl1 8b", u8(vqtbl1_u8(t.val[2], vget_low_u8(idx))));

    uint8x16_t a = t.val[0], b = t.val[3];
    show("zip1", vzip1q_u8(a, b));
    SHOW("zip2.8h", u16(vzip2q_u16(vreinterpretq_u16_u8(a), vreinterpretq_u16_u8(b))));
    show("uzp1", vuzp1q_u8(a, b));
    SHOW("uzp2.4s", u32(vuzp2q_u32(vreinterpretq_u32_u8(a), vreinterpretq_u32_u8(b))));
    show("trn1", vtrn1q_u8(a, b));
    show("trn2.2d", vreinterpretq_u8_u64(vtrn2q_u64(vreinterpretq_u64_u8(a), vreinterpretq_u64_u8(b))));
    show("ext 5", vextq_u8(a, b, 5));
    show("rev64", vrev64q_u8(a));
    SHOW("rev32.8h", u16(vrev32q_u16(vreinterpretq_u16_u8(a))));
    show("bsl", vbslq_u8(vdupq_n_u8(0x0f), a, b));

    uint8x16x3_t s3 = vld3q_u8(buf + 1);
    show("ld3 0", s3.val[0]);
    show("ld3 2", s3.val[2]);
    uint16x8x4_t s4 = vld4q_u16((const uint16_t *)(buf + 2));
    SHOW("ld4.8h 3", u16(s4.val[3]));
    uint32x4x2_t s2 = vld2q_u32((const uint32_t *)(buf + 4));
    SHOW("ld2.4s 1", u32(s2.val[1]));
    uint8x8x4_t r4 = vld4_dup_u8(buf + 9);
    SHOW64("ld4r 2", u8(r4.val[2]));
    uint32x4_t lane = vld1q_lane_u32((const uint32_t *)(buf + 20), vreinterpretq_u32_u8(a), 2);
    SHOW("ld1 lane", u32(lane));
    fw_memset(dst, 0, 128);
    vst3q_u8(dst, s3);
    vst4q_u16((uint16_t *)(dst + 48), s4);
    vst1q_lane_u16((uint16_t *)(dst + 120), vreinterpretq_u16_u8(b), 5);
    uint32_t sum = 0;
    for (int i = 0; i < 128; i++)
        sum = sum * 31 + dst[i];
    fw_printf("st3/st4/st1 lane sum %08x\n", sum);
}

/* ---- integer arithmetic: saturating, widening, narrowing, pairwise ---- */

NOINLINE static void test_integer(void)
{
    int8x16_t s8 = vreinterpretq_s8_u8(vld1q_u8((const uint8_t[16]){
        0x7f, 0x80, 0x81, 0x00, 0x01, 0xff, 0x40, 0xc0, 0x7e, 0x3f, 0x10, 0xf0, 0x55, 0xaa, 0x02, 0xfe }));
    int16x8_t s16 = vreinterpretq_s16_s8(s8);
    int32x4_t s32 = vreinterpretq_s32_s8(s8);
    HIDE(s8);
    HIDE(s16);
    HIDE(s32);
    fpsr_set(0);
    SHOW("sqadd.16b", s8(vqaddq_s8(s8, s8)));
    show_fpsr("  qc");
    SHOW("uqsub.8h", u16(vqsubq_u16(vreinterpretq_u16_s16(s16), vdupq_n_u16(0x8000))));
    show_fpsr("  qc");
    SHOW("sqdmulh.8h", s16(vqdmulhq_s16(s16, vdupq_n_s16(-32768))));
    show_fpsr("  qc");
    SHOW("sqrdmulh.4s", s32(vqrdmulhq_s32(s32, vdupq_n_s32(0x40000001))));
    show_fpsr("  qc");
    SHOW64("sqxtn", s8(vqmovn_s16(s16)));
    show_fpsr("  qc");
    SHOW64("sqxtun", u8(vqmovun_s16(s16)));
    show_fpsr("  qc");
    SHOW("sqshl", s8(vqshlq_s8(s8, vdupq_n_s8(3))));
    show_fpsr("  qc");
    SHOW64("sqrshrn", s16(vqrshrn_n_s32(s32, 7)));
    show_fpsr("  qc");
    SHOW("sqabs", s8(vqabsq_s8(s8)));
    SHOW("sqneg.8h", s16(vqnegq_s16(s16)));
    SHOW("suqadd", s8(vuqaddq_s8(s8, vreinterpretq_u8_s8(s8))));
    SHOW("usqadd", u8(vsqaddq_u8(vreinterpretq_u8_s8(s8), s8)));
    show_fpsr("  qc");
    SHOW("sqdmlal", s32(vqdmlal_s16(s32, vget_low_s16(s16), vget_high_s16(s16))));
    show_fpsr("  qc");

    SHOW("saddl2", s16(vaddl_high_s8(s8, s8)));
    SHOW("umlal", u32(vmlal_u16(vreinterpretq_u32_s32(s32), vget_low_u16(vreinterpretq_u16_s16(s16)), vdup_n_u16(300))));
    SHOW("smull lane", s32(vmull_lane_s16(vget_low_s16(s16), vget_high_s16(s16), 3)));
    SHOW("sabal", s16(vabal_s8(s16, vget_low_s8(s8), vget_high_s8(s8))));
    SHOW("uadalp", u16(vpadalq_u8(vreinterpretq_u16_s16(s16), vreinterpretq_u8_s8(s8))));
    SHOW("addp.4s", s32(vpaddq_s32(s32, vnegq_s32(s32))));
    SHOW("umaxp", u8(vpmaxq_u8(vreinterpretq_u8_s8(s8), vdupq_n_u8(0x33))));
    SHOW64("rshrn", u8(vrshrn_n_u16(vreinterpretq_u16_s16(s16), 5)));
    SHOW64("addhn", s8(vaddhn_s16(s16, vdupq_n_s16(0x1234))));
    SHOW("sli", u32(vsliq_n_u32(vreinterpretq_u32_s32(s32), vdupq_n_u32(0xabcdef01), 12)));
    SHOW("sri", u16(vsriq_n_u16(vreinterpretq_u16_s16(s16), vdupq_n_u16(0xf00d), 5)));
    SHOW("ursra", u8(vrsraq_n_u8(vreinterpretq_u8_s8(s8), vreinterpretq_u8_s8(s8), 3)));
    SHOW("sshl", s16(vshlq_s16(s16, vdupq_n_s16(-3))));
    SHOW("urshl", u32(vrshlq_u32(vreinterpretq_u32_s32(s32), vdupq_n_s32(-9))));
    SHOW("cls/clz/cnt", u8(vaddq_u8(vaddq_u8(vreinterpretq_u8_s8(vclsq_s8(s8)), vclzq_u8(vreinterpretq_u8_s8(s8))), vcntq_u8(vreinterpretq_u8_s8(s8)))));
    SHOW("rbit", u8(vrbitq_u8(vreinterpretq_u8_s8(s8))));
    SHOW("cmgt", u8(vcgtq_s8(s8, vdupq_n_s8(1))));
    SHOW("cmtst", u8(vtstq_s8(s8, vdupq_n_s8(0x11))));
    SHOW("mla.8h", s16(vmlaq_s16(s16, s16, vdupq_n_s16(77))));
    SHOW("shll2", u16(vshll_high_n_u8(vreinterpretq_u8_s8(s8), 8)));
    SHOW("uxtl", u32(vmovl_u16(vget_high_u16(vreinterpretq_u16_s16(s16)))));
    fw_printf("addv %x saddlv %x umaxv %x sminv %x\n", (unsigned)vaddvq_u8(vreinterpretq_u8_s8(s8)),
              (unsigned)vaddlvq_s8(s8), (unsigned)vmaxvq_u16(vreinterpretq_u16_s16(s16)),
              (unsigned)vminvq_s32(s32));
}

/* ---- FP vector math under each rounding mode, FZ and DN ---- */

static const uint32_t f32_in[8] = {
    0x3f800000, 0x40490fdb, 0xc2f6e979, 0x00400000, 0x7f7fffff, 0x7fc00001, 0x7f800001, 0x80000000,
};
static const uint64_t f64_in[4] = { 0x3ff199999999999aull, 0xc05edd2f1a9fbe77ull, 0x000fffffffffffffull,
                                    0x7ff4000000000123ull };

NOINLINE static void fp_round(unsigned mode, bool fz, bool dn)
{
    fpcr_set((uint64_t)mode << 22 | (fz ? 1u << 24 : 0) | (dn ? 1u << 25 : 0));
    fpsr_set(0);
    fw_printf("-- fpcr rmode=%u fz=%d dn=%d\n", mode, fz, dn);
    float32x4_t a = vreinterpretq_f32_u32(vld1q_u32(f32_in)), b = vreinterpretq_f32_u32(vld1q_u32(f32_in + 4));
    float64x2_t c = vreinterpretq_f64_u64(vld1q_u64(f64_in)), d = vreinterpretq_f64_u64(vld1q_u64(f64_in + 2));
    float32x4_t third = vdupq_n_f32(1.0f / 3.0f), tiny = vreinterpretq_f32_u32(vdupq_n_u32(0x00800001));
    HIDE(a); HIDE(b); HIDE(c); HIDE(d); HIDE(third); HIDE(tiny);
    SHOW("fadd", f32(vaddq_f32(a, third)));
    SHOW("fsub tiny", f32(vsubq_f32(tiny, vreinterpretq_f32_u32(vdupq_n_u32(0x00800000)))));
    SHOW("fmul", f32(vmulq_f32(a, b)));
    SHOW("fdiv.2d", f64(vdivq_f64(c, vdupq_n_f64(3.0))));
    SHOW("fmla", f32(vfmaq_f32(third, a, third)));
    SHOW("fmls.2d", f64(vfmsq_f64(c, d, c)));
    SHOW("fsqrt", f32(vsqrtq_f32(vabsq_f32(a))));
    SHOW("frecpe", f32(vrecpeq_f32(a)));
    SHOW("frecps", f32(vrecpsq_f32(a, third)));
    SHOW("frsqrte.2d", f64(vrsqrteq_f64(c)));
    SHOW("frsqrts.2d", f64(vrsqrtsq_f64(c, d)));
    SHOW("fmaxnm", f32(vmaxnmq_f32(a, b)));
    SHOW("fmin", f32(vminq_f32(a, b)));
    SHOW("fabd", f32(vabdq_f32(a, third)));
    SHOW("facge", u32(vcageq_f32(a, b)));
    show("fcmeq0.2d", vreinterpretq_u8_u64(vceqzq_f64(d)));
    SHOW("fmulx", f32(vmulxq_f32(a, b)));
    SHOW("fmul elem", f32(vmulq_laneq_f32(a, third, 1)));
    SHOW("faddp", f32(vpaddq_f32(a, b)));
    fw_printf("fmaxv %x fminnmv %x\n", (unsigned)vgetq_lane_u32(vreinterpretq_u32_f32(vdupq_n_f32(vmaxvq_f32(a))), 0),
              (unsigned)vgetq_lane_u32(vreinterpretq_u32_f32(vdupq_n_f32(vminnmvq_f32(b))), 0));
    SHOW("fcvtzs", s32(vcvtq_s32_f32(a)));
    SHOW("fcvtnu", u32(vcvtnq_u32_f32(a)));
    SHOW("fcvtas.2d", s64(vcvtaq_s64_f64(c)));
    SHOW("fcvtms.2d", s64(vcvtmq_s64_f64(c)));
    SHOW("scvtf", f32(vcvtq_f32_s32(vreinterpretq_s32_f32(a))));
    SHOW("ucvtf fixed", f32(vcvtq_n_f32_u32(vreinterpretq_u32_f32(a), 9)));
    SHOW("fcvtzs fixed.2d", s64(vcvtq_n_s64_f64(c, 20)));
    SHOW64("fcvtn", f32(vcvt_f32_f64(c)));
    SHOW("fcvtn2", f32(vcvt_high_f32_f64(vget_low_f32(a), d)));
    SHOW64("fcvtxn", f32(vcvtx_f32_f64(c)));
    SHOW("fcvtl", f64(vcvt_f64_f32(vget_high_f32(a))));
    SHOW("fcvtl f16", f32(vcvt_f32_f16(vreinterpret_f16_u16(vget_low_u16(vreinterpretq_u16_f32(a))))));
    SHOW64("fcvtn f16", f16(vcvt_f16_f32(a)));
    SHOW("frintn", f32(vrndnq_f32(a)));
    SHOW("frinta.2d", f64(vrndaq_f64(c)));
    SHOW("frintx", f32(vrndxq_f32(vmulq_f32(a, third))));
    SHOW("frinti.2d", f64(vrndiq_f64(d)));
    SHOW("urecpe", u32(vrecpeq_u32(vreinterpretq_u32_f32(a))));
    show_fpsr("  flags");
}

NOINLINE static void test_fp(void)
{
    for (unsigned mode = 0; mode < 4; mode++)
        fp_round(mode, false, false);
    fp_round(0, true, false);
    fp_round(0, false, true);
    fp_round(3, true, true);
    fpcr_set(0);
}

NOSIMD int fw_main(uint64_t dtb)
{
    (void)dtb;
    fp_enable();
    test_aes();
    test_sha1();
    test_sha256();
    test_pmull_crc();
    test_strings();
    test_tables();
    test_integer();
    test_fp();
    return 0;
}

#endif
