/* simd_crypto.c - the Cryptographic Extension (FEAT_AES, FEAT_SHA1,
 * FEAT_SHA256; PMULL is in simd_wide.c): AESE, AESD, AESMC, AESIMC, SHA1C,
 * SHA1P, SHA1M, SHA1H, SHA1SU0, SHA1SU1, SHA256H, SHA256H2, SHA256SU0,
 * SHA256SU1, following the Arm pseudocode (AESSubBytes, AESShiftRows,
 * AESMixColumns and their inverses; SHA1hash with SHAchoose/SHAparity/
 * SHAmajority; SHA256hash with SHAhashSIGMA0/1).
 *
 * The AES state is the 16 bytes of the register in column-major order:
 * byte 4c + r is row r of column c (FIPS-197's input order).
 */
#include "simd.h"

/* FIPS-197 S-box and its inverse (multiplicative inverse in GF(2^8)
 * modulo x^8 + x^4 + x^3 + x + 1, then the affine map). */
static const uint8_t aes_sbox[256] = {
    0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5, 0x30, 0x01, 0x67, 0x2b, 0xfe, 0xd7, 0xab, 0x76,
    0xca, 0x82, 0xc9, 0x7d, 0xfa, 0x59, 0x47, 0xf0, 0xad, 0xd4, 0xa2, 0xaf, 0x9c, 0xa4, 0x72, 0xc0,
    0xb7, 0xfd, 0x93, 0x26, 0x36, 0x3f, 0xf7, 0xcc, 0x34, 0xa5, 0xe5, 0xf1, 0x71, 0xd8, 0x31, 0x15,
    0x04, 0xc7, 0x23, 0xc3, 0x18, 0x96, 0x05, 0x9a, 0x07, 0x12, 0x80, 0xe2, 0xeb, 0x27, 0xb2, 0x75,
    0x09, 0x83, 0x2c, 0x1a, 0x1b, 0x6e, 0x5a, 0xa0, 0x52, 0x3b, 0xd6, 0xb3, 0x29, 0xe3, 0x2f, 0x84,
    0x53, 0xd1, 0x00, 0xed, 0x20, 0xfc, 0xb1, 0x5b, 0x6a, 0xcb, 0xbe, 0x39, 0x4a, 0x4c, 0x58, 0xcf,
    0xd0, 0xef, 0xaa, 0xfb, 0x43, 0x4d, 0x33, 0x85, 0x45, 0xf9, 0x02, 0x7f, 0x50, 0x3c, 0x9f, 0xa8,
    0x51, 0xa3, 0x40, 0x8f, 0x92, 0x9d, 0x38, 0xf5, 0xbc, 0xb6, 0xda, 0x21, 0x10, 0xff, 0xf3, 0xd2,
    0xcd, 0x0c, 0x13, 0xec, 0x5f, 0x97, 0x44, 0x17, 0xc4, 0xa7, 0x7e, 0x3d, 0x64, 0x5d, 0x19, 0x73,
    0x60, 0x81, 0x4f, 0xdc, 0x22, 0x2a, 0x90, 0x88, 0x46, 0xee, 0xb8, 0x14, 0xde, 0x5e, 0x0b, 0xdb,
    0xe0, 0x32, 0x3a, 0x0a, 0x49, 0x06, 0x24, 0x5c, 0xc2, 0xd3, 0xac, 0x62, 0x91, 0x95, 0xe4, 0x79,
    0xe7, 0xc8, 0x37, 0x6d, 0x8d, 0xd5, 0x4e, 0xa9, 0x6c, 0x56, 0xf4, 0xea, 0x65, 0x7a, 0xae, 0x08,
    0xba, 0x78, 0x25, 0x2e, 0x1c, 0xa6, 0xb4, 0xc6, 0xe8, 0xdd, 0x74, 0x1f, 0x4b, 0xbd, 0x8b, 0x8a,
    0x70, 0x3e, 0xb5, 0x66, 0x48, 0x03, 0xf6, 0x0e, 0x61, 0x35, 0x57, 0xb9, 0x86, 0xc1, 0x1d, 0x9e,
    0xe1, 0xf8, 0x98, 0x11, 0x69, 0xd9, 0x8e, 0x94, 0x9b, 0x1e, 0x87, 0xe9, 0xce, 0x55, 0x28, 0xdf,
    0x8c, 0xa1, 0x89, 0x0d, 0xbf, 0xe6, 0x42, 0x68, 0x41, 0x99, 0x2d, 0x0f, 0xb0, 0x54, 0xbb, 0x16,
};
static const uint8_t aes_inv_sbox[256] = {
    0x52, 0x09, 0x6a, 0xd5, 0x30, 0x36, 0xa5, 0x38, 0xbf, 0x40, 0xa3, 0x9e, 0x81, 0xf3, 0xd7, 0xfb,
    0x7c, 0xe3, 0x39, 0x82, 0x9b, 0x2f, 0xff, 0x87, 0x34, 0x8e, 0x43, 0x44, 0xc4, 0xde, 0xe9, 0xcb,
    0x54, 0x7b, 0x94, 0x32, 0xa6, 0xc2, 0x23, 0x3d, 0xee, 0x4c, 0x95, 0x0b, 0x42, 0xfa, 0xc3, 0x4e,
    0x08, 0x2e, 0xa1, 0x66, 0x28, 0xd9, 0x24, 0xb2, 0x76, 0x5b, 0xa2, 0x49, 0x6d, 0x8b, 0xd1, 0x25,
    0x72, 0xf8, 0xf6, 0x64, 0x86, 0x68, 0x98, 0x16, 0xd4, 0xa4, 0x5c, 0xcc, 0x5d, 0x65, 0xb6, 0x92,
    0x6c, 0x70, 0x48, 0x50, 0xfd, 0xed, 0xb9, 0xda, 0x5e, 0x15, 0x46, 0x57, 0xa7, 0x8d, 0x9d, 0x84,
    0x90, 0xd8, 0xab, 0x00, 0x8c, 0xbc, 0xd3, 0x0a, 0xf7, 0xe4, 0x58, 0x05, 0xb8, 0xb3, 0x45, 0x06,
    0xd0, 0x2c, 0x1e, 0x8f, 0xca, 0x3f, 0x0f, 0x02, 0xc1, 0xaf, 0xbd, 0x03, 0x01, 0x13, 0x8a, 0x6b,
    0x3a, 0x91, 0x11, 0x41, 0x4f, 0x67, 0xdc, 0xea, 0x97, 0xf2, 0xcf, 0xce, 0xf0, 0xb4, 0xe6, 0x73,
    0x96, 0xac, 0x74, 0x22, 0xe7, 0xad, 0x35, 0x85, 0xe2, 0xf9, 0x37, 0xe8, 0x1c, 0x75, 0xdf, 0x6e,
    0x47, 0xf1, 0x1a, 0x71, 0x1d, 0x29, 0xc5, 0x89, 0x6f, 0xb7, 0x62, 0x0e, 0xaa, 0x18, 0xbe, 0x1b,
    0xfc, 0x56, 0x3e, 0x4b, 0xc6, 0xd2, 0x79, 0x20, 0x9a, 0xdb, 0xc0, 0xfe, 0x78, 0xcd, 0x5a, 0xf4,
    0x1f, 0xdd, 0xa8, 0x33, 0x88, 0x07, 0xc7, 0x31, 0xb1, 0x12, 0x10, 0x59, 0x27, 0x80, 0xec, 0x5f,
    0x60, 0x51, 0x7f, 0xa9, 0x19, 0xb5, 0x4a, 0x0d, 0x2d, 0xe5, 0x7a, 0x9f, 0x93, 0xc9, 0x9c, 0xef,
    0xa0, 0xe0, 0x3b, 0x4d, 0xae, 0x2a, 0xf5, 0xb0, 0xc8, 0xeb, 0xbb, 0x3c, 0x83, 0x53, 0x99, 0x61,
    0x17, 0x2b, 0x04, 0x7e, 0xba, 0x77, 0xd6, 0x26, 0xe1, 0x69, 0x14, 0x63, 0x55, 0x21, 0x0c, 0x7d,
};

/* xtime: multiplication by x in GF(2^8). */
static inline uint8_t xt(uint8_t a) { return (uint8_t)(a << 1 ^ (a & 0x80 ? 0x1b : 0)); }
static inline uint8_t gmul(uint8_t a, unsigned b)
{
    uint8_t r = 0;
    for (; b; b >>= 1, a = xt(a))
        if (b & 1)
            r ^= a;
    return r;
}

/* AESE: AddRoundKey (Vd EOR Vn), ShiftRows, SubBytes. AESD: AddRoundKey,
 * InvShiftRows, InvSubBytes. */
static const op_t *aes_round(cpu_t *cpu, const op_t *op, bool decrypt)
{
    vreg_t st, r;
    st.d[0] = cpu->v[op->rd].d[0] ^ cpu->v[op->rn].d[0];
    st.d[1] = cpu->v[op->rd].d[1] ^ cpu->v[op->rn].d[1];
    for (unsigned c = 0; c < 4; c++)
        for (unsigned row = 0; row < 4; row++) {
            unsigned from = decrypt ? (c + 4 - row) & 3 : (c + row) & 3;
            uint8_t x = st.b[row + 4 * from];
            r.b[row + 4 * c] = decrypt ? aes_inv_sbox[x] : aes_sbox[x];
        }
    cpu->v[op->rd] = r;
    return op + 1;
}
SIMD_HANDLER(v_aese) { return aes_round(cpu, op, false); }
SIMD_HANDLER(v_aesd) { return aes_round(cpu, op, true); }

/* AESMC / AESIMC: (Inv)MixColumns of Vn. */
SIMD_HANDLER(v_aesmc)
{
    const vreg_t *n = &cpu->v[op->rn];
    vreg_t r;
    for (unsigned c = 0; c < 4; c++) {
        const uint8_t *a = &n->b[4 * c];
        for (unsigned i = 0; i < 4; i++)
            r.b[4 * c + i] = (uint8_t)(xt(a[i]) ^ xt(a[(i + 1) & 3]) ^ a[(i + 1) & 3] ^
                                       a[(i + 2) & 3] ^ a[(i + 3) & 3]);
    }
    cpu->v[op->rd] = r;
    return op + 1;
}
SIMD_HANDLER(v_aesimc)
{
    const vreg_t *n = &cpu->v[op->rn];
    vreg_t r;
    for (unsigned c = 0; c < 4; c++) {
        const uint8_t *a = &n->b[4 * c];
        for (unsigned i = 0; i < 4; i++)
            r.b[4 * c + i] = (uint8_t)(gmul(a[i], 14) ^ gmul(a[(i + 1) & 3], 11) ^
                                       gmul(a[(i + 2) & 3], 13) ^ gmul(a[(i + 3) & 3], 9));
    }
    cpu->v[op->rd] = r;
    return op + 1;
}

static inline uint32_t rol32(uint32_t x, unsigned n) { return x << n | x >> (32 - n); }
static inline uint32_t ror32(uint32_t x, unsigned n) { return x >> n | x << (32 - n); }

/* SHA1C/SHA1P/SHA1M (SHA1hash): four rounds on the state X = Qd (a..d in
 * lanes 0..3) and Y = Sn (e), with the schedule words of Vm. The 160-bit
 * Y:X rotates by one word per round. kind: 0 choose, 1 parity, 2 majority. */
static const op_t *sha1_hash(cpu_t *cpu, const op_t *op, int kind)
{
    uint32_t x[4], y = cpu->v[op->rn].s[0];
    const vreg_t *w = &cpu->v[op->rm];
    for (int i = 0; i < 4; i++)
        x[i] = cpu->v[op->rd].s[i];
    for (int e = 0; e < 4; e++) {
        uint32_t t;
        if (kind == 0)
            t = ((x[2] ^ x[3]) & x[1]) ^ x[3];
        else if (kind == 1)
            t = x[1] ^ x[2] ^ x[3];
        else
            t = (x[1] & x[2]) | ((x[1] | x[2]) & x[3]);
        y = y + rol32(x[0], 5) + t + w->s[e];
        x[1] = rol32(x[1], 30);
        uint32_t top = x[3];
        x[3] = x[2];
        x[2] = x[1];
        x[1] = x[0];
        x[0] = y;
        y = top;
    }
    vreg_t r;
    for (int i = 0; i < 4; i++)
        r.s[i] = x[i];
    cpu->v[op->rd] = r;
    return op + 1;
}
SIMD_HANDLER(v_sha1c) { return sha1_hash(cpu, op, 0); }
SIMD_HANDLER(v_sha1p) { return sha1_hash(cpu, op, 1); }
SIMD_HANDLER(v_sha1m) { return sha1_hash(cpu, op, 2); }

/* SHA1H: ROL(Sn, 30). */
SIMD_HANDLER(v_sha1h)
{
    vreg_t r = { .d = { rol32(cpu->v[op->rn].s[0], 30), 0 } };
    cpu->v[op->rd] = r;
    return op + 1;
}

/* SHA1SU0: (Vn<63:0> : Vd<127:64>) EOR Vd EOR Vm. */
SIMD_HANDLER(v_sha1su0)
{
    const vreg_t *d = &cpu->v[op->rd], *n = &cpu->v[op->rn], *m = &cpu->v[op->rm];
    vreg_t r;
    r.d[0] = d->d[1] ^ d->d[0] ^ m->d[0];
    r.d[1] = n->d[0] ^ d->d[1] ^ m->d[1];
    cpu->v[op->rd] = r;
    return op + 1;
}

/* SHA1SU1: T = Vd EOR (Vn >> 32); each word rotated left by 1, the top
 * one also EORed with ROL(T<31:0>, 2). */
SIMD_HANDLER(v_sha1su1)
{
    const vreg_t *d = &cpu->v[op->rd], *n = &cpu->v[op->rn];
    uint32_t t[4] = { d->s[0] ^ n->s[1], d->s[1] ^ n->s[2], d->s[2] ^ n->s[3], d->s[3] };
    vreg_t r;
    for (int i = 0; i < 4; i++)
        r.s[i] = rol32(t[i], 1);
    r.s[3] ^= rol32(t[0], 2);
    cpu->v[op->rd] = r;
    return op + 1;
}

/* SHA256hash(X, Y, W, part1): four rounds on X (a..d) and Y (e..h); the
 * 256-bit Y:X rotates by one word per round. */
static void sha256_hash(uint32_t x[4], uint32_t y[4], const uint32_t w[4])
{
    for (int e = 0; e < 4; e++) {
        uint32_t chs = ((y[1] ^ y[2]) & y[0]) ^ y[2];
        uint32_t maj = (x[0] & x[1]) | ((x[0] | x[1]) & x[2]);
        uint32_t s1 = ror32(y[0], 6) ^ ror32(y[0], 11) ^ ror32(y[0], 25);
        uint32_t s0 = ror32(x[0], 2) ^ ror32(x[0], 13) ^ ror32(x[0], 22);
        uint32_t t1 = y[3] + s1 + chs + w[e];
        x[3] = t1 + x[3];
        y[3] = t1 + s0 + maj;
        uint32_t ytop = y[3], xtop = x[3];
        y[3] = y[2]; y[2] = y[1]; y[1] = y[0]; y[0] = xtop;
        x[3] = x[2]; x[2] = x[1]; x[1] = x[0]; x[0] = ytop;
    }
}

/* SHA256H: X = Qd, Y = Qn, result X. SHA256H2: X = Qn, Y = Qd, result Y. */
static const op_t *sha256h(cpu_t *cpu, const op_t *op, bool part1)
{
    uint32_t x[4], y[4], w[4];
    for (int i = 0; i < 4; i++) {
        x[i] = part1 ? cpu->v[op->rd].s[i] : cpu->v[op->rn].s[i];
        y[i] = part1 ? cpu->v[op->rn].s[i] : cpu->v[op->rd].s[i];
        w[i] = cpu->v[op->rm].s[i];
    }
    sha256_hash(x, y, w);
    vreg_t r;
    for (int i = 0; i < 4; i++)
        r.s[i] = part1 ? x[i] : y[i];
    cpu->v[op->rd] = r;
    return op + 1;
}
SIMD_HANDLER(v_sha256h) { return sha256h(cpu, op, true); }
SIMD_HANDLER(v_sha256h2) { return sha256h(cpu, op, false); }

/* SHA256SU0: sigma0 of (Vn<31:0> : Vd<127:32>) added to Vd. */
SIMD_HANDLER(v_sha256su0)
{
    const vreg_t *d = &cpu->v[op->rd], *n = &cpu->v[op->rn];
    uint32_t t[4] = { d->s[1], d->s[2], d->s[3], n->s[0] };
    vreg_t r;
    for (int e = 0; e < 4; e++)
        r.s[e] = (ror32(t[e], 7) ^ ror32(t[e], 18) ^ t[e] >> 3) + d->s[e];
    cpu->v[op->rd] = r;
    return op + 1;
}

/* SHA256SU1: sigma1 of the last two schedule words (from Vm<127:64>, then
 * from the two words just computed) plus Vd and (Vm<31:0> : Vn<127:32>). */
SIMD_HANDLER(v_sha256su1)
{
    const vreg_t *d = &cpu->v[op->rd], *n = &cpu->v[op->rn], *m = &cpu->v[op->rm];
    uint32_t t0[4] = { n->s[1], n->s[2], n->s[3], m->s[0] };
    uint32_t t1[2] = { m->s[2], m->s[3] };
    vreg_t r;
    for (int e = 0; e < 2; e++) {
        uint32_t x = t1[e];
        r.s[e] = (ror32(x, 17) ^ ror32(x, 19) ^ x >> 10) + d->s[e] + t0[e];
    }
    for (int e = 0; e < 2; e++) {
        uint32_t x = r.s[e];
        r.s[e + 2] = (ror32(x, 17) ^ ror32(x, 19) ^ x >> 10) + d->s[e + 2] + t0[e + 2];
    }
    cpu->v[op->rd] = r;
    return op + 1;
}
