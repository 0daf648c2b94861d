/* ldst_modes.c - every addressing mode of the general-register loads and
 * stores: unsigned scaled offset, unscaled, pre/post-index, register offset
 * with each extend and shift, literals; sign and zero extension into W and
 * X; pairs (LDP/STP/LDPSW/LDNP/STNP) in every form; LDTR/STTR; PRFM;
 * unaligned and page-crossing accesses to Normal memory; the CONSTRAINED
 * UNPREDICTABLE base-overlap cases as QEMU resolves them. Every result is
 * printed, so the runner's comparison with the oracle covers each one.
 * (The single-register cases are generated: one line per kind and mode.) */
#include "ldst_common.h"

static uint8_t buf[2048] __attribute__((aligned(64)));
static uint8_t pages[8192] __attribute__((aligned(4096)));

static void fill(uint8_t *p, int n, unsigned seed)
{
    /* Bytes with the top bit set and clear, so sign extension shows. */
    for (int i = 0; i < n; i++)
        p[i] = (uint8_t)(seed + (unsigned)i * 0x4b);
}

/* Little-endian value of n bytes at p, read a byte at a time. */
static uint64_t rd(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | ((const volatile uint8_t *)p)[i];
    return v;
}

static uint64_t mask(int n)
{
    return n == 8 ? ~0ul : (1ul << (8 * n)) - 1;
}

/* What a load of n bytes at p leaves in the register: zero- or
 * sign-extended to 32 bits (W destination, upper half zero) or 64. */
static uint64_t ext(const uint8_t *p, int n, int sgn, int wdest)
{
    uint64_t v = rd(p, n);
    if (sgn && n < 8 && (v >> (8 * n - 1) & 1))
        v |= ~mask(n);
    return wdest ? (uint32_t)v : v;
}

static void single_loads(void)
{
    uint8_t *b = buf + 384;
    fill(buf, sizeof(buf), 0x35);
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrb %w0, [%1, #0]" : "+&r"(v) : "r"(b) : "memory"); show("ldrb [b, #0]", v, ext(b + (0), 1, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrb %w0, [%1, #1]" : "+&r"(v) : "r"(b) : "memory"); show("ldrb [b, #1]", v, ext(b + (1), 1, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrb %w0, [%1, #5]" : "+&r"(v) : "r"(b) : "memory"); show("ldrb [b, #5]", v, ext(b + (5), 1, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldurb %w0, [%1, #-5]" : "+&r"(v) : "r"(b) : "memory"); show("ldrb [b, #-5] unscaled", v, ext(b + (-5), 1, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldurb %w0, [%1, #3]" : "+&r"(v) : "r"(b) : "memory"); show("ldrb [b, #3] unscaled", v, ext(b + (3), 1, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldurb %w0, [%1, #-256]" : "+&r"(v) : "r"(b) : "memory"); show("ldrb [b, #-256] unscaled", v, ext(b + (-256), 1, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldurb %w0, [%1, #255]" : "+&r"(v) : "r"(b) : "memory"); show("ldrb [b, #255] unscaled", v, ext(b + (255), 1, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; uint8_t *p = b; __asm__ volatile("ldrb %w0, [%1, #7]!" : "+&r"(v), "+r"(p) : : "memory"); show("ldrb [b, #7]!", v, ext(b + (7), 1, 0, 1)); show("ldrb pre wb", (uint64_t)(p - b), (uint64_t)7); }
    { uint64_t v = 0x5555555555555555ul; uint8_t *p = b; __asm__ volatile("ldrb %w0, [%1], #7" : "+&r"(v), "+r"(p) : : "memory"); show("ldrb [b], #7", v, ext(b + (0), 1, 0, 1)); show("ldrb post wb", (uint64_t)(p - b), (uint64_t)7); }
    { uint64_t v = 0x5555555555555555ul; uint8_t *p = b; __asm__ volatile("ldrb %w0, [%1, #-9]!" : "+&r"(v), "+r"(p) : : "memory"); show("ldrb [b, #-9]!", v, ext(b + (-9), 1, 0, 1)); show("ldrb pre wb", (uint64_t)(p - b), (uint64_t)-9); }
    { uint64_t v = 0x5555555555555555ul; uint8_t *p = b; __asm__ volatile("ldrb %w0, [%1], #-9" : "+&r"(v), "+r"(p) : : "memory"); show("ldrb [b], #-9", v, ext(b + (0), 1, 0, 1)); show("ldrb post wb", (uint64_t)(p - b), (uint64_t)-9); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrb %w0, [%1, %2]" : "+&r"(v) : "r"(b), "r"(3ul) : "memory"); show("ldrb [b, x]", v, ext(b + (3), 1, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrb %w0, [%1, %2, lsl #0]" : "+&r"(v) : "r"(b), "r"(3ul) : "memory"); show("ldrb [%1, %2, lsl #0]", v, ext(b + (3 << 0), 1, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrb %w0, [%1, %w2, uxtw]" : "+&r"(v) : "r"(b), "r"(0xffffffff00000002ul) : "memory"); show("ldrb [b, w, uxtw]", v, ext(b + (2), 1, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrb %w0, [%1, %w2, uxtw #0]" : "+&r"(v) : "r"(b), "r"(0xffffffff00000002ul) : "memory"); show("ldrb [%1, %w2, uxtw #0]", v, ext(b + (2 << 0), 1, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrb %w0, [%1, %w2, sxtw]" : "+&r"(v) : "r"(b), "r"(0x00000000fffffffdul) : "memory"); show("ldrb [b, w, sxtw]", v, ext(b + (-3), 1, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrb %w0, [%1, %w2, sxtw #0]" : "+&r"(v) : "r"(b), "r"(0x00000000fffffffdul) : "memory"); show("ldrb [%1, %w2, sxtw #0]", v, ext(b + (-3 * 1), 1, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrb %w0, [%1, %2, sxtx]" : "+&r"(v) : "r"(b), "r"((uint64_t)-6) : "memory"); show("ldrb [b, x, sxtx]", v, ext(b + (-6), 1, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrb %w0, [%1, %2, sxtx #0]" : "+&r"(v) : "r"(b), "r"((uint64_t)-6) : "memory"); show("ldrb [%1, %2, sxtx #0]", v, ext(b + (-6 * 1), 1, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrsb %w0, [%1, #0]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsb_w [b, #0]", v, ext(b + (0), 1, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrsb %w0, [%1, #1]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsb_w [b, #1]", v, ext(b + (1), 1, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrsb %w0, [%1, #5]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsb_w [b, #5]", v, ext(b + (5), 1, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldursb %w0, [%1, #-5]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsb_w [b, #-5] unscaled", v, ext(b + (-5), 1, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldursb %w0, [%1, #3]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsb_w [b, #3] unscaled", v, ext(b + (3), 1, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldursb %w0, [%1, #-256]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsb_w [b, #-256] unscaled", v, ext(b + (-256), 1, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldursb %w0, [%1, #255]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsb_w [b, #255] unscaled", v, ext(b + (255), 1, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; uint8_t *p = b; __asm__ volatile("ldrsb %w0, [%1, #7]!" : "+&r"(v), "+r"(p) : : "memory"); show("ldrsb_w [b, #7]!", v, ext(b + (7), 1, 1, 1)); show("ldrsb_w pre wb", (uint64_t)(p - b), (uint64_t)7); }
    { uint64_t v = 0x5555555555555555ul; uint8_t *p = b; __asm__ volatile("ldrsb %w0, [%1], #7" : "+&r"(v), "+r"(p) : : "memory"); show("ldrsb_w [b], #7", v, ext(b + (0), 1, 1, 1)); show("ldrsb_w post wb", (uint64_t)(p - b), (uint64_t)7); }
    { uint64_t v = 0x5555555555555555ul; uint8_t *p = b; __asm__ volatile("ldrsb %w0, [%1, #-9]!" : "+&r"(v), "+r"(p) : : "memory"); show("ldrsb_w [b, #-9]!", v, ext(b + (-9), 1, 1, 1)); show("ldrsb_w pre wb", (uint64_t)(p - b), (uint64_t)-9); }
    { uint64_t v = 0x5555555555555555ul; uint8_t *p = b; __asm__ volatile("ldrsb %w0, [%1], #-9" : "+&r"(v), "+r"(p) : : "memory"); show("ldrsb_w [b], #-9", v, ext(b + (0), 1, 1, 1)); show("ldrsb_w post wb", (uint64_t)(p - b), (uint64_t)-9); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrsb %w0, [%1, %2]" : "+&r"(v) : "r"(b), "r"(3ul) : "memory"); show("ldrsb_w [b, x]", v, ext(b + (3), 1, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrsb %w0, [%1, %2, lsl #0]" : "+&r"(v) : "r"(b), "r"(3ul) : "memory"); show("ldrsb_w [%1, %2, lsl #0]", v, ext(b + (3 << 0), 1, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrsb %w0, [%1, %w2, uxtw]" : "+&r"(v) : "r"(b), "r"(0xffffffff00000002ul) : "memory"); show("ldrsb_w [b, w, uxtw]", v, ext(b + (2), 1, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrsb %w0, [%1, %w2, uxtw #0]" : "+&r"(v) : "r"(b), "r"(0xffffffff00000002ul) : "memory"); show("ldrsb_w [%1, %w2, uxtw #0]", v, ext(b + (2 << 0), 1, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrsb %w0, [%1, %w2, sxtw]" : "+&r"(v) : "r"(b), "r"(0x00000000fffffffdul) : "memory"); show("ldrsb_w [b, w, sxtw]", v, ext(b + (-3), 1, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrsb %w0, [%1, %w2, sxtw #0]" : "+&r"(v) : "r"(b), "r"(0x00000000fffffffdul) : "memory"); show("ldrsb_w [%1, %w2, sxtw #0]", v, ext(b + (-3 * 1), 1, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrsb %w0, [%1, %2, sxtx]" : "+&r"(v) : "r"(b), "r"((uint64_t)-6) : "memory"); show("ldrsb_w [b, x, sxtx]", v, ext(b + (-6), 1, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrsb %w0, [%1, %2, sxtx #0]" : "+&r"(v) : "r"(b), "r"((uint64_t)-6) : "memory"); show("ldrsb_w [%1, %2, sxtx #0]", v, ext(b + (-6 * 1), 1, 1, 1)); }
    { uint64_t v = 0; __asm__ volatile("ldrsb %0, [%1, #0]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsb_x [b, #0]", v, ext(b + (0), 1, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsb %0, [%1, #1]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsb_x [b, #1]", v, ext(b + (1), 1, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsb %0, [%1, #5]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsb_x [b, #5]", v, ext(b + (5), 1, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldursb %0, [%1, #-5]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsb_x [b, #-5] unscaled", v, ext(b + (-5), 1, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldursb %0, [%1, #3]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsb_x [b, #3] unscaled", v, ext(b + (3), 1, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldursb %0, [%1, #-256]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsb_x [b, #-256] unscaled", v, ext(b + (-256), 1, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldursb %0, [%1, #255]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsb_x [b, #255] unscaled", v, ext(b + (255), 1, 1, 0)); }
    { uint64_t v = 0; uint8_t *p = b; __asm__ volatile("ldrsb %0, [%1, #7]!" : "+&r"(v), "+r"(p) : : "memory"); show("ldrsb_x [b, #7]!", v, ext(b + (7), 1, 1, 0)); show("ldrsb_x pre wb", (uint64_t)(p - b), (uint64_t)7); }
    { uint64_t v = 0; uint8_t *p = b; __asm__ volatile("ldrsb %0, [%1], #7" : "+&r"(v), "+r"(p) : : "memory"); show("ldrsb_x [b], #7", v, ext(b + (0), 1, 1, 0)); show("ldrsb_x post wb", (uint64_t)(p - b), (uint64_t)7); }
    { uint64_t v = 0; uint8_t *p = b; __asm__ volatile("ldrsb %0, [%1, #-9]!" : "+&r"(v), "+r"(p) : : "memory"); show("ldrsb_x [b, #-9]!", v, ext(b + (-9), 1, 1, 0)); show("ldrsb_x pre wb", (uint64_t)(p - b), (uint64_t)-9); }
    { uint64_t v = 0; uint8_t *p = b; __asm__ volatile("ldrsb %0, [%1], #-9" : "+&r"(v), "+r"(p) : : "memory"); show("ldrsb_x [b], #-9", v, ext(b + (0), 1, 1, 0)); show("ldrsb_x post wb", (uint64_t)(p - b), (uint64_t)-9); }
    { uint64_t v = 0; __asm__ volatile("ldrsb %0, [%1, %2]" : "+&r"(v) : "r"(b), "r"(3ul) : "memory"); show("ldrsb_x [b, x]", v, ext(b + (3), 1, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsb %0, [%1, %2, lsl #0]" : "+&r"(v) : "r"(b), "r"(3ul) : "memory"); show("ldrsb_x [%1, %2, lsl #0]", v, ext(b + (3 << 0), 1, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsb %0, [%1, %w2, uxtw]" : "+&r"(v) : "r"(b), "r"(0xffffffff00000002ul) : "memory"); show("ldrsb_x [b, w, uxtw]", v, ext(b + (2), 1, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsb %0, [%1, %w2, uxtw #0]" : "+&r"(v) : "r"(b), "r"(0xffffffff00000002ul) : "memory"); show("ldrsb_x [%1, %w2, uxtw #0]", v, ext(b + (2 << 0), 1, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsb %0, [%1, %w2, sxtw]" : "+&r"(v) : "r"(b), "r"(0x00000000fffffffdul) : "memory"); show("ldrsb_x [b, w, sxtw]", v, ext(b + (-3), 1, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsb %0, [%1, %w2, sxtw #0]" : "+&r"(v) : "r"(b), "r"(0x00000000fffffffdul) : "memory"); show("ldrsb_x [%1, %w2, sxtw #0]", v, ext(b + (-3 * 1), 1, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsb %0, [%1, %2, sxtx]" : "+&r"(v) : "r"(b), "r"((uint64_t)-6) : "memory"); show("ldrsb_x [b, x, sxtx]", v, ext(b + (-6), 1, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsb %0, [%1, %2, sxtx #0]" : "+&r"(v) : "r"(b), "r"((uint64_t)-6) : "memory"); show("ldrsb_x [%1, %2, sxtx #0]", v, ext(b + (-6 * 1), 1, 1, 0)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrh %w0, [%1, #0]" : "+&r"(v) : "r"(b) : "memory"); show("ldrh [b, #0]", v, ext(b + (0), 2, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrh %w0, [%1, #2]" : "+&r"(v) : "r"(b) : "memory"); show("ldrh [b, #2]", v, ext(b + (2), 2, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrh %w0, [%1, #10]" : "+&r"(v) : "r"(b) : "memory"); show("ldrh [b, #10]", v, ext(b + (10), 2, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldurh %w0, [%1, #-5]" : "+&r"(v) : "r"(b) : "memory"); show("ldrh [b, #-5] unscaled", v, ext(b + (-5), 2, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldurh %w0, [%1, #3]" : "+&r"(v) : "r"(b) : "memory"); show("ldrh [b, #3] unscaled", v, ext(b + (3), 2, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldurh %w0, [%1, #-256]" : "+&r"(v) : "r"(b) : "memory"); show("ldrh [b, #-256] unscaled", v, ext(b + (-256), 2, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldurh %w0, [%1, #255]" : "+&r"(v) : "r"(b) : "memory"); show("ldrh [b, #255] unscaled", v, ext(b + (255), 2, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; uint8_t *p = b; __asm__ volatile("ldrh %w0, [%1, #7]!" : "+&r"(v), "+r"(p) : : "memory"); show("ldrh [b, #7]!", v, ext(b + (7), 2, 0, 1)); show("ldrh pre wb", (uint64_t)(p - b), (uint64_t)7); }
    { uint64_t v = 0x5555555555555555ul; uint8_t *p = b; __asm__ volatile("ldrh %w0, [%1], #7" : "+&r"(v), "+r"(p) : : "memory"); show("ldrh [b], #7", v, ext(b + (0), 2, 0, 1)); show("ldrh post wb", (uint64_t)(p - b), (uint64_t)7); }
    { uint64_t v = 0x5555555555555555ul; uint8_t *p = b; __asm__ volatile("ldrh %w0, [%1, #-9]!" : "+&r"(v), "+r"(p) : : "memory"); show("ldrh [b, #-9]!", v, ext(b + (-9), 2, 0, 1)); show("ldrh pre wb", (uint64_t)(p - b), (uint64_t)-9); }
    { uint64_t v = 0x5555555555555555ul; uint8_t *p = b; __asm__ volatile("ldrh %w0, [%1], #-9" : "+&r"(v), "+r"(p) : : "memory"); show("ldrh [b], #-9", v, ext(b + (0), 2, 0, 1)); show("ldrh post wb", (uint64_t)(p - b), (uint64_t)-9); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrh %w0, [%1, %2]" : "+&r"(v) : "r"(b), "r"(3ul) : "memory"); show("ldrh [b, x]", v, ext(b + (3), 2, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrh %w0, [%1, %2, lsl #1]" : "+&r"(v) : "r"(b), "r"(3ul) : "memory"); show("ldrh [%1, %2, lsl #1]", v, ext(b + (3 << 1), 2, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrh %w0, [%1, %w2, uxtw]" : "+&r"(v) : "r"(b), "r"(0xffffffff00000002ul) : "memory"); show("ldrh [b, w, uxtw]", v, ext(b + (2), 2, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrh %w0, [%1, %w2, uxtw #1]" : "+&r"(v) : "r"(b), "r"(0xffffffff00000002ul) : "memory"); show("ldrh [%1, %w2, uxtw #1]", v, ext(b + (2 << 1), 2, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrh %w0, [%1, %w2, sxtw]" : "+&r"(v) : "r"(b), "r"(0x00000000fffffffdul) : "memory"); show("ldrh [b, w, sxtw]", v, ext(b + (-3), 2, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrh %w0, [%1, %w2, sxtw #1]" : "+&r"(v) : "r"(b), "r"(0x00000000fffffffdul) : "memory"); show("ldrh [%1, %w2, sxtw #1]", v, ext(b + (-3 * 2), 2, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrh %w0, [%1, %2, sxtx]" : "+&r"(v) : "r"(b), "r"((uint64_t)-6) : "memory"); show("ldrh [b, x, sxtx]", v, ext(b + (-6), 2, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrh %w0, [%1, %2, sxtx #1]" : "+&r"(v) : "r"(b), "r"((uint64_t)-6) : "memory"); show("ldrh [%1, %2, sxtx #1]", v, ext(b + (-6 * 2), 2, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrsh %w0, [%1, #0]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsh_w [b, #0]", v, ext(b + (0), 2, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrsh %w0, [%1, #2]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsh_w [b, #2]", v, ext(b + (2), 2, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrsh %w0, [%1, #10]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsh_w [b, #10]", v, ext(b + (10), 2, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldursh %w0, [%1, #-5]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsh_w [b, #-5] unscaled", v, ext(b + (-5), 2, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldursh %w0, [%1, #3]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsh_w [b, #3] unscaled", v, ext(b + (3), 2, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldursh %w0, [%1, #-256]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsh_w [b, #-256] unscaled", v, ext(b + (-256), 2, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldursh %w0, [%1, #255]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsh_w [b, #255] unscaled", v, ext(b + (255), 2, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; uint8_t *p = b; __asm__ volatile("ldrsh %w0, [%1, #7]!" : "+&r"(v), "+r"(p) : : "memory"); show("ldrsh_w [b, #7]!", v, ext(b + (7), 2, 1, 1)); show("ldrsh_w pre wb", (uint64_t)(p - b), (uint64_t)7); }
    { uint64_t v = 0x5555555555555555ul; uint8_t *p = b; __asm__ volatile("ldrsh %w0, [%1], #7" : "+&r"(v), "+r"(p) : : "memory"); show("ldrsh_w [b], #7", v, ext(b + (0), 2, 1, 1)); show("ldrsh_w post wb", (uint64_t)(p - b), (uint64_t)7); }
    { uint64_t v = 0x5555555555555555ul; uint8_t *p = b; __asm__ volatile("ldrsh %w0, [%1, #-9]!" : "+&r"(v), "+r"(p) : : "memory"); show("ldrsh_w [b, #-9]!", v, ext(b + (-9), 2, 1, 1)); show("ldrsh_w pre wb", (uint64_t)(p - b), (uint64_t)-9); }
    { uint64_t v = 0x5555555555555555ul; uint8_t *p = b; __asm__ volatile("ldrsh %w0, [%1], #-9" : "+&r"(v), "+r"(p) : : "memory"); show("ldrsh_w [b], #-9", v, ext(b + (0), 2, 1, 1)); show("ldrsh_w post wb", (uint64_t)(p - b), (uint64_t)-9); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrsh %w0, [%1, %2]" : "+&r"(v) : "r"(b), "r"(3ul) : "memory"); show("ldrsh_w [b, x]", v, ext(b + (3), 2, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrsh %w0, [%1, %2, lsl #1]" : "+&r"(v) : "r"(b), "r"(3ul) : "memory"); show("ldrsh_w [%1, %2, lsl #1]", v, ext(b + (3 << 1), 2, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrsh %w0, [%1, %w2, uxtw]" : "+&r"(v) : "r"(b), "r"(0xffffffff00000002ul) : "memory"); show("ldrsh_w [b, w, uxtw]", v, ext(b + (2), 2, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrsh %w0, [%1, %w2, uxtw #1]" : "+&r"(v) : "r"(b), "r"(0xffffffff00000002ul) : "memory"); show("ldrsh_w [%1, %w2, uxtw #1]", v, ext(b + (2 << 1), 2, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrsh %w0, [%1, %w2, sxtw]" : "+&r"(v) : "r"(b), "r"(0x00000000fffffffdul) : "memory"); show("ldrsh_w [b, w, sxtw]", v, ext(b + (-3), 2, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrsh %w0, [%1, %w2, sxtw #1]" : "+&r"(v) : "r"(b), "r"(0x00000000fffffffdul) : "memory"); show("ldrsh_w [%1, %w2, sxtw #1]", v, ext(b + (-3 * 2), 2, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrsh %w0, [%1, %2, sxtx]" : "+&r"(v) : "r"(b), "r"((uint64_t)-6) : "memory"); show("ldrsh_w [b, x, sxtx]", v, ext(b + (-6), 2, 1, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldrsh %w0, [%1, %2, sxtx #1]" : "+&r"(v) : "r"(b), "r"((uint64_t)-6) : "memory"); show("ldrsh_w [%1, %2, sxtx #1]", v, ext(b + (-6 * 2), 2, 1, 1)); }
    { uint64_t v = 0; __asm__ volatile("ldrsh %0, [%1, #0]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsh_x [b, #0]", v, ext(b + (0), 2, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsh %0, [%1, #2]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsh_x [b, #2]", v, ext(b + (2), 2, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsh %0, [%1, #10]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsh_x [b, #10]", v, ext(b + (10), 2, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldursh %0, [%1, #-5]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsh_x [b, #-5] unscaled", v, ext(b + (-5), 2, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldursh %0, [%1, #3]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsh_x [b, #3] unscaled", v, ext(b + (3), 2, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldursh %0, [%1, #-256]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsh_x [b, #-256] unscaled", v, ext(b + (-256), 2, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldursh %0, [%1, #255]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsh_x [b, #255] unscaled", v, ext(b + (255), 2, 1, 0)); }
    { uint64_t v = 0; uint8_t *p = b; __asm__ volatile("ldrsh %0, [%1, #7]!" : "+&r"(v), "+r"(p) : : "memory"); show("ldrsh_x [b, #7]!", v, ext(b + (7), 2, 1, 0)); show("ldrsh_x pre wb", (uint64_t)(p - b), (uint64_t)7); }
    { uint64_t v = 0; uint8_t *p = b; __asm__ volatile("ldrsh %0, [%1], #7" : "+&r"(v), "+r"(p) : : "memory"); show("ldrsh_x [b], #7", v, ext(b + (0), 2, 1, 0)); show("ldrsh_x post wb", (uint64_t)(p - b), (uint64_t)7); }
    { uint64_t v = 0; uint8_t *p = b; __asm__ volatile("ldrsh %0, [%1, #-9]!" : "+&r"(v), "+r"(p) : : "memory"); show("ldrsh_x [b, #-9]!", v, ext(b + (-9), 2, 1, 0)); show("ldrsh_x pre wb", (uint64_t)(p - b), (uint64_t)-9); }
    { uint64_t v = 0; uint8_t *p = b; __asm__ volatile("ldrsh %0, [%1], #-9" : "+&r"(v), "+r"(p) : : "memory"); show("ldrsh_x [b], #-9", v, ext(b + (0), 2, 1, 0)); show("ldrsh_x post wb", (uint64_t)(p - b), (uint64_t)-9); }
    { uint64_t v = 0; __asm__ volatile("ldrsh %0, [%1, %2]" : "+&r"(v) : "r"(b), "r"(3ul) : "memory"); show("ldrsh_x [b, x]", v, ext(b + (3), 2, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsh %0, [%1, %2, lsl #1]" : "+&r"(v) : "r"(b), "r"(3ul) : "memory"); show("ldrsh_x [%1, %2, lsl #1]", v, ext(b + (3 << 1), 2, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsh %0, [%1, %w2, uxtw]" : "+&r"(v) : "r"(b), "r"(0xffffffff00000002ul) : "memory"); show("ldrsh_x [b, w, uxtw]", v, ext(b + (2), 2, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsh %0, [%1, %w2, uxtw #1]" : "+&r"(v) : "r"(b), "r"(0xffffffff00000002ul) : "memory"); show("ldrsh_x [%1, %w2, uxtw #1]", v, ext(b + (2 << 1), 2, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsh %0, [%1, %w2, sxtw]" : "+&r"(v) : "r"(b), "r"(0x00000000fffffffdul) : "memory"); show("ldrsh_x [b, w, sxtw]", v, ext(b + (-3), 2, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsh %0, [%1, %w2, sxtw #1]" : "+&r"(v) : "r"(b), "r"(0x00000000fffffffdul) : "memory"); show("ldrsh_x [%1, %w2, sxtw #1]", v, ext(b + (-3 * 2), 2, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsh %0, [%1, %2, sxtx]" : "+&r"(v) : "r"(b), "r"((uint64_t)-6) : "memory"); show("ldrsh_x [b, x, sxtx]", v, ext(b + (-6), 2, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsh %0, [%1, %2, sxtx #1]" : "+&r"(v) : "r"(b), "r"((uint64_t)-6) : "memory"); show("ldrsh_x [%1, %2, sxtx #1]", v, ext(b + (-6 * 2), 2, 1, 0)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldr %w0, [%1, #0]" : "+&r"(v) : "r"(b) : "memory"); show("ldr_w [b, #0]", v, ext(b + (0), 4, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldr %w0, [%1, #4]" : "+&r"(v) : "r"(b) : "memory"); show("ldr_w [b, #4]", v, ext(b + (4), 4, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldr %w0, [%1, #20]" : "+&r"(v) : "r"(b) : "memory"); show("ldr_w [b, #20]", v, ext(b + (20), 4, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldur %w0, [%1, #-5]" : "+&r"(v) : "r"(b) : "memory"); show("ldr_w [b, #-5] unscaled", v, ext(b + (-5), 4, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldur %w0, [%1, #3]" : "+&r"(v) : "r"(b) : "memory"); show("ldr_w [b, #3] unscaled", v, ext(b + (3), 4, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldur %w0, [%1, #-256]" : "+&r"(v) : "r"(b) : "memory"); show("ldr_w [b, #-256] unscaled", v, ext(b + (-256), 4, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldur %w0, [%1, #255]" : "+&r"(v) : "r"(b) : "memory"); show("ldr_w [b, #255] unscaled", v, ext(b + (255), 4, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; uint8_t *p = b; __asm__ volatile("ldr %w0, [%1, #7]!" : "+&r"(v), "+r"(p) : : "memory"); show("ldr_w [b, #7]!", v, ext(b + (7), 4, 0, 1)); show("ldr_w pre wb", (uint64_t)(p - b), (uint64_t)7); }
    { uint64_t v = 0x5555555555555555ul; uint8_t *p = b; __asm__ volatile("ldr %w0, [%1], #7" : "+&r"(v), "+r"(p) : : "memory"); show("ldr_w [b], #7", v, ext(b + (0), 4, 0, 1)); show("ldr_w post wb", (uint64_t)(p - b), (uint64_t)7); }
    { uint64_t v = 0x5555555555555555ul; uint8_t *p = b; __asm__ volatile("ldr %w0, [%1, #-9]!" : "+&r"(v), "+r"(p) : : "memory"); show("ldr_w [b, #-9]!", v, ext(b + (-9), 4, 0, 1)); show("ldr_w pre wb", (uint64_t)(p - b), (uint64_t)-9); }
    { uint64_t v = 0x5555555555555555ul; uint8_t *p = b; __asm__ volatile("ldr %w0, [%1], #-9" : "+&r"(v), "+r"(p) : : "memory"); show("ldr_w [b], #-9", v, ext(b + (0), 4, 0, 1)); show("ldr_w post wb", (uint64_t)(p - b), (uint64_t)-9); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldr %w0, [%1, %2]" : "+&r"(v) : "r"(b), "r"(3ul) : "memory"); show("ldr_w [b, x]", v, ext(b + (3), 4, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldr %w0, [%1, %2, lsl #2]" : "+&r"(v) : "r"(b), "r"(3ul) : "memory"); show("ldr_w [%1, %2, lsl #2]", v, ext(b + (3 << 2), 4, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldr %w0, [%1, %w2, uxtw]" : "+&r"(v) : "r"(b), "r"(0xffffffff00000002ul) : "memory"); show("ldr_w [b, w, uxtw]", v, ext(b + (2), 4, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldr %w0, [%1, %w2, uxtw #2]" : "+&r"(v) : "r"(b), "r"(0xffffffff00000002ul) : "memory"); show("ldr_w [%1, %w2, uxtw #2]", v, ext(b + (2 << 2), 4, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldr %w0, [%1, %w2, sxtw]" : "+&r"(v) : "r"(b), "r"(0x00000000fffffffdul) : "memory"); show("ldr_w [b, w, sxtw]", v, ext(b + (-3), 4, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldr %w0, [%1, %w2, sxtw #2]" : "+&r"(v) : "r"(b), "r"(0x00000000fffffffdul) : "memory"); show("ldr_w [%1, %w2, sxtw #2]", v, ext(b + (-3 * 4), 4, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldr %w0, [%1, %2, sxtx]" : "+&r"(v) : "r"(b), "r"((uint64_t)-6) : "memory"); show("ldr_w [b, x, sxtx]", v, ext(b + (-6), 4, 0, 1)); }
    { uint64_t v = 0x5555555555555555ul; __asm__ volatile("ldr %w0, [%1, %2, sxtx #2]" : "+&r"(v) : "r"(b), "r"((uint64_t)-6) : "memory"); show("ldr_w [%1, %2, sxtx #2]", v, ext(b + (-6 * 4), 4, 0, 1)); }
    { uint64_t v = 0; __asm__ volatile("ldrsw %0, [%1, #0]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsw [b, #0]", v, ext(b + (0), 4, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsw %0, [%1, #4]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsw [b, #4]", v, ext(b + (4), 4, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsw %0, [%1, #20]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsw [b, #20]", v, ext(b + (20), 4, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldursw %0, [%1, #-5]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsw [b, #-5] unscaled", v, ext(b + (-5), 4, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldursw %0, [%1, #3]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsw [b, #3] unscaled", v, ext(b + (3), 4, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldursw %0, [%1, #-256]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsw [b, #-256] unscaled", v, ext(b + (-256), 4, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldursw %0, [%1, #255]" : "+&r"(v) : "r"(b) : "memory"); show("ldrsw [b, #255] unscaled", v, ext(b + (255), 4, 1, 0)); }
    { uint64_t v = 0; uint8_t *p = b; __asm__ volatile("ldrsw %0, [%1, #7]!" : "+&r"(v), "+r"(p) : : "memory"); show("ldrsw [b, #7]!", v, ext(b + (7), 4, 1, 0)); show("ldrsw pre wb", (uint64_t)(p - b), (uint64_t)7); }
    { uint64_t v = 0; uint8_t *p = b; __asm__ volatile("ldrsw %0, [%1], #7" : "+&r"(v), "+r"(p) : : "memory"); show("ldrsw [b], #7", v, ext(b + (0), 4, 1, 0)); show("ldrsw post wb", (uint64_t)(p - b), (uint64_t)7); }
    { uint64_t v = 0; uint8_t *p = b; __asm__ volatile("ldrsw %0, [%1, #-9]!" : "+&r"(v), "+r"(p) : : "memory"); show("ldrsw [b, #-9]!", v, ext(b + (-9), 4, 1, 0)); show("ldrsw pre wb", (uint64_t)(p - b), (uint64_t)-9); }
    { uint64_t v = 0; uint8_t *p = b; __asm__ volatile("ldrsw %0, [%1], #-9" : "+&r"(v), "+r"(p) : : "memory"); show("ldrsw [b], #-9", v, ext(b + (0), 4, 1, 0)); show("ldrsw post wb", (uint64_t)(p - b), (uint64_t)-9); }
    { uint64_t v = 0; __asm__ volatile("ldrsw %0, [%1, %2]" : "+&r"(v) : "r"(b), "r"(3ul) : "memory"); show("ldrsw [b, x]", v, ext(b + (3), 4, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsw %0, [%1, %2, lsl #2]" : "+&r"(v) : "r"(b), "r"(3ul) : "memory"); show("ldrsw [%1, %2, lsl #2]", v, ext(b + (3 << 2), 4, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsw %0, [%1, %w2, uxtw]" : "+&r"(v) : "r"(b), "r"(0xffffffff00000002ul) : "memory"); show("ldrsw [b, w, uxtw]", v, ext(b + (2), 4, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsw %0, [%1, %w2, uxtw #2]" : "+&r"(v) : "r"(b), "r"(0xffffffff00000002ul) : "memory"); show("ldrsw [%1, %w2, uxtw #2]", v, ext(b + (2 << 2), 4, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsw %0, [%1, %w2, sxtw]" : "+&r"(v) : "r"(b), "r"(0x00000000fffffffdul) : "memory"); show("ldrsw [b, w, sxtw]", v, ext(b + (-3), 4, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsw %0, [%1, %w2, sxtw #2]" : "+&r"(v) : "r"(b), "r"(0x00000000fffffffdul) : "memory"); show("ldrsw [%1, %w2, sxtw #2]", v, ext(b + (-3 * 4), 4, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsw %0, [%1, %2, sxtx]" : "+&r"(v) : "r"(b), "r"((uint64_t)-6) : "memory"); show("ldrsw [b, x, sxtx]", v, ext(b + (-6), 4, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldrsw %0, [%1, %2, sxtx #2]" : "+&r"(v) : "r"(b), "r"((uint64_t)-6) : "memory"); show("ldrsw [%1, %2, sxtx #2]", v, ext(b + (-6 * 4), 4, 1, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldr %0, [%1, #0]" : "+&r"(v) : "r"(b) : "memory"); show("ldr_x [b, #0]", v, ext(b + (0), 8, 0, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldr %0, [%1, #8]" : "+&r"(v) : "r"(b) : "memory"); show("ldr_x [b, #8]", v, ext(b + (8), 8, 0, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldr %0, [%1, #40]" : "+&r"(v) : "r"(b) : "memory"); show("ldr_x [b, #40]", v, ext(b + (40), 8, 0, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldur %0, [%1, #-5]" : "+&r"(v) : "r"(b) : "memory"); show("ldr_x [b, #-5] unscaled", v, ext(b + (-5), 8, 0, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldur %0, [%1, #3]" : "+&r"(v) : "r"(b) : "memory"); show("ldr_x [b, #3] unscaled", v, ext(b + (3), 8, 0, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldur %0, [%1, #-256]" : "+&r"(v) : "r"(b) : "memory"); show("ldr_x [b, #-256] unscaled", v, ext(b + (-256), 8, 0, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldur %0, [%1, #255]" : "+&r"(v) : "r"(b) : "memory"); show("ldr_x [b, #255] unscaled", v, ext(b + (255), 8, 0, 0)); }
    { uint64_t v = 0; uint8_t *p = b; __asm__ volatile("ldr %0, [%1, #7]!" : "+&r"(v), "+r"(p) : : "memory"); show("ldr_x [b, #7]!", v, ext(b + (7), 8, 0, 0)); show("ldr_x pre wb", (uint64_t)(p - b), (uint64_t)7); }
    { uint64_t v = 0; uint8_t *p = b; __asm__ volatile("ldr %0, [%1], #7" : "+&r"(v), "+r"(p) : : "memory"); show("ldr_x [b], #7", v, ext(b + (0), 8, 0, 0)); show("ldr_x post wb", (uint64_t)(p - b), (uint64_t)7); }
    { uint64_t v = 0; uint8_t *p = b; __asm__ volatile("ldr %0, [%1, #-9]!" : "+&r"(v), "+r"(p) : : "memory"); show("ldr_x [b, #-9]!", v, ext(b + (-9), 8, 0, 0)); show("ldr_x pre wb", (uint64_t)(p - b), (uint64_t)-9); }
    { uint64_t v = 0; uint8_t *p = b; __asm__ volatile("ldr %0, [%1], #-9" : "+&r"(v), "+r"(p) : : "memory"); show("ldr_x [b], #-9", v, ext(b + (0), 8, 0, 0)); show("ldr_x post wb", (uint64_t)(p - b), (uint64_t)-9); }
    { uint64_t v = 0; __asm__ volatile("ldr %0, [%1, %2]" : "+&r"(v) : "r"(b), "r"(3ul) : "memory"); show("ldr_x [b, x]", v, ext(b + (3), 8, 0, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldr %0, [%1, %2, lsl #3]" : "+&r"(v) : "r"(b), "r"(3ul) : "memory"); show("ldr_x [%1, %2, lsl #3]", v, ext(b + (3 << 3), 8, 0, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldr %0, [%1, %w2, uxtw]" : "+&r"(v) : "r"(b), "r"(0xffffffff00000002ul) : "memory"); show("ldr_x [b, w, uxtw]", v, ext(b + (2), 8, 0, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldr %0, [%1, %w2, uxtw #3]" : "+&r"(v) : "r"(b), "r"(0xffffffff00000002ul) : "memory"); show("ldr_x [%1, %w2, uxtw #3]", v, ext(b + (2 << 3), 8, 0, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldr %0, [%1, %w2, sxtw]" : "+&r"(v) : "r"(b), "r"(0x00000000fffffffdul) : "memory"); show("ldr_x [b, w, sxtw]", v, ext(b + (-3), 8, 0, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldr %0, [%1, %w2, sxtw #3]" : "+&r"(v) : "r"(b), "r"(0x00000000fffffffdul) : "memory"); show("ldr_x [%1, %w2, sxtw #3]", v, ext(b + (-3 * 8), 8, 0, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldr %0, [%1, %2, sxtx]" : "+&r"(v) : "r"(b), "r"((uint64_t)-6) : "memory"); show("ldr_x [b, x, sxtx]", v, ext(b + (-6), 8, 0, 0)); }
    { uint64_t v = 0; __asm__ volatile("ldr %0, [%1, %2, sxtx #3]" : "+&r"(v) : "r"(b), "r"((uint64_t)-6) : "memory"); show("ldr_x [%1, %2, sxtx #3]", v, ext(b + (-6 * 8), 8, 0, 0)); }
}

static void single_stores(void)
{
    uint8_t *b = buf + 384;
    fill(buf, sizeof(buf), 0x11);
    { __asm__ volatile("strb %w1, [%0, #0]" : : "r"(b), "r"(0x8976675445322310ul) : "memory"); show("strb @0", rd(b + (0), 1), 0x8976675445322310ul & mask(1)); }
    { __asm__ volatile("strb %w1, [%0, #3]" : : "r"(b), "r"(0x8976675445322310ul) : "memory"); show("strb @3", rd(b + (3), 1), 0x8976675445322310ul & mask(1)); }
    { __asm__ volatile("sturb %w1, [%0, #-7]" : : "r"(b), "r"(0x8976675445322310ul) : "memory"); show("strb @-7", rd(b + (-7), 1), 0x8976675445322310ul & mask(1)); }
    { __asm__ volatile("sturb %w1, [%0, #5]" : : "r"(b), "r"(0x8976675445322310ul) : "memory"); show("strb @5", rd(b + (5), 1), 0x8976675445322310ul & mask(1)); }
    { uint8_t *p = b; __asm__ volatile("strb %w1, [%0, #9]!" : "+r"(p) : "r"(0x8976675445322310ul) : "memory"); show("strb @9", rd(b + (9), 1), 0x8976675445322310ul & mask(1)); show("strb pre wb", (uint64_t)(p - b), (uint64_t)9); }
    { uint8_t *p = b + 32; __asm__ volatile("strb %w1, [%0], #9" : "+r"(p) : "r"(0x8976675445322310ul) : "memory"); show("strb @32", rd(b + (32), 1), 0x8976675445322310ul & mask(1)); show("strb post wb", (uint64_t)(p - b), (uint64_t)(32 + 9)); }
    { uint8_t *p = b; __asm__ volatile("strb %w1, [%0, #-11]!" : "+r"(p) : "r"(0x8976675445322310ul) : "memory"); show("strb @-11", rd(b + (-11), 1), 0x8976675445322310ul & mask(1)); show("strb pre wb", (uint64_t)(p - b), (uint64_t)-11); }
    { uint8_t *p = b + 32; __asm__ volatile("strb %w1, [%0], #-11" : "+r"(p) : "r"(0x8976675445322310ul) : "memory"); show("strb @32", rd(b + (32), 1), 0x8976675445322310ul & mask(1)); show("strb post wb", (uint64_t)(p - b), (uint64_t)(32 + -11)); }
    { __asm__ volatile("strb %w1, [%0, %2, lsl #0]" : : "r"(b), "r"(0x8976675445322310ul), "r"(5ul) : "memory"); show("strb @5 << 0", rd(b + (5 << 0), 1), 0x8976675445322310ul & mask(1)); }
    { __asm__ volatile("strb %w1, [%0, %w2, sxtw]" : : "r"(b), "r"(0x8976675445322310ul), "r"(0x00000000fffffff1ul) : "memory"); show("strb @-15", rd(b + (-15), 1), 0x8976675445322310ul & mask(1)); }
    { __asm__ volatile("strb %w1, [%0, %w2, uxtw #0]" : : "r"(b), "r"(0x8976675445322310ul), "r"(0xabcdef0000000007ul) : "memory"); show("strb @7 << 0", rd(b + (7 << 0), 1), 0x8976675445322310ul & mask(1)); }
    { __asm__ volatile("strh %w1, [%0, #0]" : : "r"(b), "r"(0x8a75645746312013ul) : "memory"); show("strh @0", rd(b + (0), 2), 0x8a75645746312013ul & mask(2)); }
    { __asm__ volatile("strh %w1, [%0, #6]" : : "r"(b), "r"(0x8a75645746312013ul) : "memory"); show("strh @6", rd(b + (6), 2), 0x8a75645746312013ul & mask(2)); }
    { __asm__ volatile("sturh %w1, [%0, #-7]" : : "r"(b), "r"(0x8a75645746312013ul) : "memory"); show("strh @-7", rd(b + (-7), 2), 0x8a75645746312013ul & mask(2)); }
    { __asm__ volatile("sturh %w1, [%0, #5]" : : "r"(b), "r"(0x8a75645746312013ul) : "memory"); show("strh @5", rd(b + (5), 2), 0x8a75645746312013ul & mask(2)); }
    { uint8_t *p = b; __asm__ volatile("strh %w1, [%0, #9]!" : "+r"(p) : "r"(0x8a75645746312013ul) : "memory"); show("strh @9", rd(b + (9), 2), 0x8a75645746312013ul & mask(2)); show("strh pre wb", (uint64_t)(p - b), (uint64_t)9); }
    { uint8_t *p = b + 32; __asm__ volatile("strh %w1, [%0], #9" : "+r"(p) : "r"(0x8a75645746312013ul) : "memory"); show("strh @32", rd(b + (32), 2), 0x8a75645746312013ul & mask(2)); show("strh post wb", (uint64_t)(p - b), (uint64_t)(32 + 9)); }
    { uint8_t *p = b; __asm__ volatile("strh %w1, [%0, #-11]!" : "+r"(p) : "r"(0x8a75645746312013ul) : "memory"); show("strh @-11", rd(b + (-11), 2), 0x8a75645746312013ul & mask(2)); show("strh pre wb", (uint64_t)(p - b), (uint64_t)-11); }
    { uint8_t *p = b + 32; __asm__ volatile("strh %w1, [%0], #-11" : "+r"(p) : "r"(0x8a75645746312013ul) : "memory"); show("strh @32", rd(b + (32), 2), 0x8a75645746312013ul & mask(2)); show("strh post wb", (uint64_t)(p - b), (uint64_t)(32 + -11)); }
    { __asm__ volatile("strh %w1, [%0, %2, lsl #1]" : : "r"(b), "r"(0x8a75645746312013ul), "r"(5ul) : "memory"); show("strh @5 << 1", rd(b + (5 << 1), 2), 0x8a75645746312013ul & mask(2)); }
    { __asm__ volatile("strh %w1, [%0, %w2, sxtw]" : : "r"(b), "r"(0x8a75645746312013ul), "r"(0x00000000fffffff1ul) : "memory"); show("strh @-15", rd(b + (-15), 2), 0x8a75645746312013ul & mask(2)); }
    { __asm__ volatile("strh %w1, [%0, %w2, uxtw #1]" : : "r"(b), "r"(0x8a75645746312013ul), "r"(0xabcdef0000000007ul) : "memory"); show("strh @7 << 1", rd(b + (7 << 1), 2), 0x8a75645746312013ul & mask(2)); }
    { __asm__ volatile("str %w1, [%0, #0]" : : "r"(b), "r"(0x8c73625140372615ul) : "memory"); show("str_w @0", rd(b + (0), 4), 0x8c73625140372615ul & mask(4)); }
    { __asm__ volatile("str %w1, [%0, #12]" : : "r"(b), "r"(0x8c73625140372615ul) : "memory"); show("str_w @12", rd(b + (12), 4), 0x8c73625140372615ul & mask(4)); }
    { __asm__ volatile("stur %w1, [%0, #-7]" : : "r"(b), "r"(0x8c73625140372615ul) : "memory"); show("str_w @-7", rd(b + (-7), 4), 0x8c73625140372615ul & mask(4)); }
    { __asm__ volatile("stur %w1, [%0, #5]" : : "r"(b), "r"(0x8c73625140372615ul) : "memory"); show("str_w @5", rd(b + (5), 4), 0x8c73625140372615ul & mask(4)); }
    { uint8_t *p = b; __asm__ volatile("str %w1, [%0, #9]!" : "+r"(p) : "r"(0x8c73625140372615ul) : "memory"); show("str_w @9", rd(b + (9), 4), 0x8c73625140372615ul & mask(4)); show("str_w pre wb", (uint64_t)(p - b), (uint64_t)9); }
    { uint8_t *p = b + 32; __asm__ volatile("str %w1, [%0], #9" : "+r"(p) : "r"(0x8c73625140372615ul) : "memory"); show("str_w @32", rd(b + (32), 4), 0x8c73625140372615ul & mask(4)); show("str_w post wb", (uint64_t)(p - b), (uint64_t)(32 + 9)); }
    { uint8_t *p = b; __asm__ volatile("str %w1, [%0, #-11]!" : "+r"(p) : "r"(0x8c73625140372615ul) : "memory"); show("str_w @-11", rd(b + (-11), 4), 0x8c73625140372615ul & mask(4)); show("str_w pre wb", (uint64_t)(p - b), (uint64_t)-11); }
    { uint8_t *p = b + 32; __asm__ volatile("str %w1, [%0], #-11" : "+r"(p) : "r"(0x8c73625140372615ul) : "memory"); show("str_w @32", rd(b + (32), 4), 0x8c73625140372615ul & mask(4)); show("str_w post wb", (uint64_t)(p - b), (uint64_t)(32 + -11)); }
    { __asm__ volatile("str %w1, [%0, %2, lsl #2]" : : "r"(b), "r"(0x8c73625140372615ul), "r"(5ul) : "memory"); show("str_w @5 << 2", rd(b + (5 << 2), 4), 0x8c73625140372615ul & mask(4)); }
    { __asm__ volatile("str %w1, [%0, %w2, sxtw]" : : "r"(b), "r"(0x8c73625140372615ul), "r"(0x00000000fffffff1ul) : "memory"); show("str_w @-15", rd(b + (-15), 4), 0x8c73625140372615ul & mask(4)); }
    { __asm__ volatile("str %w1, [%0, %w2, uxtw #2]" : : "r"(b), "r"(0x8c73625140372615ul), "r"(0xabcdef0000000007ul) : "memory"); show("str_w @7 << 2", rd(b + (7 << 2), 4), 0x8c73625140372615ul & mask(4)); }
    { __asm__ volatile("str %1, [%0, #0]" : : "r"(b), "r"(0x807f6e5d4c3b2a19ul) : "memory"); show("str_x @0", rd(b + (0), 8), 0x807f6e5d4c3b2a19ul & mask(8)); }
    { __asm__ volatile("str %1, [%0, #24]" : : "r"(b), "r"(0x807f6e5d4c3b2a19ul) : "memory"); show("str_x @24", rd(b + (24), 8), 0x807f6e5d4c3b2a19ul & mask(8)); }
    { __asm__ volatile("stur %1, [%0, #-7]" : : "r"(b), "r"(0x807f6e5d4c3b2a19ul) : "memory"); show("str_x @-7", rd(b + (-7), 8), 0x807f6e5d4c3b2a19ul & mask(8)); }
    { __asm__ volatile("stur %1, [%0, #5]" : : "r"(b), "r"(0x807f6e5d4c3b2a19ul) : "memory"); show("str_x @5", rd(b + (5), 8), 0x807f6e5d4c3b2a19ul & mask(8)); }
    { uint8_t *p = b; __asm__ volatile("str %1, [%0, #9]!" : "+r"(p) : "r"(0x807f6e5d4c3b2a19ul) : "memory"); show("str_x @9", rd(b + (9), 8), 0x807f6e5d4c3b2a19ul & mask(8)); show("str_x pre wb", (uint64_t)(p - b), (uint64_t)9); }
    { uint8_t *p = b + 32; __asm__ volatile("str %1, [%0], #9" : "+r"(p) : "r"(0x807f6e5d4c3b2a19ul) : "memory"); show("str_x @32", rd(b + (32), 8), 0x807f6e5d4c3b2a19ul & mask(8)); show("str_x post wb", (uint64_t)(p - b), (uint64_t)(32 + 9)); }
    { uint8_t *p = b; __asm__ volatile("str %1, [%0, #-11]!" : "+r"(p) : "r"(0x807f6e5d4c3b2a19ul) : "memory"); show("str_x @-11", rd(b + (-11), 8), 0x807f6e5d4c3b2a19ul & mask(8)); show("str_x pre wb", (uint64_t)(p - b), (uint64_t)-11); }
    { uint8_t *p = b + 32; __asm__ volatile("str %1, [%0], #-11" : "+r"(p) : "r"(0x807f6e5d4c3b2a19ul) : "memory"); show("str_x @32", rd(b + (32), 8), 0x807f6e5d4c3b2a19ul & mask(8)); show("str_x post wb", (uint64_t)(p - b), (uint64_t)(32 + -11)); }
    { __asm__ volatile("str %1, [%0, %2, lsl #3]" : : "r"(b), "r"(0x807f6e5d4c3b2a19ul), "r"(5ul) : "memory"); show("str_x @5 << 3", rd(b + (5 << 3), 8), 0x807f6e5d4c3b2a19ul & mask(8)); }
    { __asm__ volatile("str %1, [%0, %w2, sxtw]" : : "r"(b), "r"(0x807f6e5d4c3b2a19ul), "r"(0x00000000fffffff1ul) : "memory"); show("str_x @-15", rd(b + (-15), 8), 0x807f6e5d4c3b2a19ul & mask(8)); }
    { __asm__ volatile("str %1, [%0, %w2, uxtw #3]" : : "r"(b), "r"(0x807f6e5d4c3b2a19ul), "r"(0xabcdef0000000007ul) : "memory"); show("str_x @7 << 3", rd(b + (7 << 3), 8), 0x807f6e5d4c3b2a19ul & mask(8)); }
    /* XZR as the source stores zero; as a load destination discards. */
    { __asm__ volatile("str xzr, [%0, #8]" : : "r"(b) : "memory"); show("str xzr", rd(b + 8, 8), 0); }
    { __asm__ volatile("ldr xzr, [%0, #8]; strb wzr, [%0, #20]" : : "r"(b) : "memory"); show("strb wzr", rd(b + 20, 1), 0); }
}

static void literals(void)
{
    uint64_t x, w = 0x5555555555555555ul, sw, pr = 7;
    __asm__ volatile("ldr %0, 1f\n\t"
                     "ldr %w1, 2f\n\t"
                     "ldrsw %2, 2f\n\t"
                     "prfm pldl1keep, 1f\n\t"
                     "b 3f\n\t"
                     ".balign 8\n"
                     "1: .quad 0x8877665544332211\n"
                     "2: .word 0x80706050\n"
                     "3:"
                     : "=&r"(x), "+&r"(w), "=&r"(sw), "+r"(pr));
    show("ldr x literal", x, 0x8877665544332211ul);
    show("ldr w literal", w, 0x80706050ul);
    show("ldrsw literal", sw, 0xffffffff80706050ul);
    /* A literal behind the instruction. */
    uint64_t back;
    __asm__ volatile("b 2f\n\t"
                     ".balign 8\n"
                     "1: .quad 0x0102030405060708\n"
                     "2: ldr %0, 1b"
                     : "=r"(back));
    show("ldr x literal back", back, 0x0102030405060708ul);
}

static void pairs(void)
{
    uint8_t *b = buf + 1024;
    fill(buf, sizeof(buf), 0x9d);
    uint64_t a, c;
    uint8_t *p;
#define PAIR_LD(label, insn, ra, rc, addr, aoff, size, sgn, w)                     \
    do {                                                                           \
        a = c = 0x5555555555555555ul;                                              \
        p = b;                                                                     \
        __asm__ volatile(insn " " ra ", " rc ", " addr : "+&r"(a), "+&r"(c), "+r"(p) : : "memory"); \
        show(label " 1st", a, ext(b + (aoff), size, sgn, w));                      \
        show(label " 2nd", c, ext(b + (aoff) + size, size, sgn, w));               \
        show(label " base", (uint64_t)(p - b), 0);                                 \
    } while (0)
#define PAIR_LD_WB(label, insn, ra, rc, addr, aoff, wb, size, sgn, w)              \
    do {                                                                           \
        a = c = 0x5555555555555555ul;                                              \
        p = b;                                                                     \
        __asm__ volatile(insn " " ra ", " rc ", " addr : "+&r"(a), "+&r"(c), "+r"(p) : : "memory"); \
        show(label " 1st", a, ext(b + (aoff), size, sgn, w));                      \
        show(label " 2nd", c, ext(b + (aoff) + size, size, sgn, w));               \
        show(label " base", (uint64_t)(p - b), (uint64_t)(wb));                    \
    } while (0)
    PAIR_LD("ldp x off", "ldp", "%0", "%1", "[%2, #16]", 16, 8, 0, 0);
    PAIR_LD("ldp x -off", "ldp", "%0", "%1", "[%2, #-512]", -512, 8, 0, 0);
    PAIR_LD("ldp x max", "ldp", "%0", "%1", "[%2, #504]", 504, 8, 0, 0);
    PAIR_LD("ldp w off", "ldp", "%w0", "%w1", "[%2, #-256]", -256, 4, 0, 1);
    PAIR_LD("ldp w max", "ldp", "%w0", "%w1", "[%2, #252]", 252, 4, 0, 1);
    PAIR_LD("ldpsw off", "ldpsw", "%0", "%1", "[%2, #-4]", -4, 4, 1, 0);
    PAIR_LD("ldnp x", "ldnp", "%0", "%1", "[%2, #-24]", -24, 8, 0, 0);
    PAIR_LD("ldnp w", "ldnp", "%w0", "%w1", "[%2, #12]", 12, 4, 0, 1);
    PAIR_LD("ldp x unaligned", "ldp", "%0", "%1", "[%2, #8]", 8, 8, 0, 0);
    PAIR_LD_WB("ldp x pre", "ldp", "%0", "%1", "[%2, #-32]!", -32, -32, 8, 0, 0);
    PAIR_LD_WB("ldp x post", "ldp", "%0", "%1", "[%2], #48", 0, 48, 8, 0, 0);
    PAIR_LD_WB("ldp w pre", "ldp", "%w0", "%w1", "[%2, #20]!", 20, 20, 4, 0, 1);
    PAIR_LD_WB("ldp w post", "ldp", "%w0", "%w1", "[%2], #-20", 0, -20, 4, 0, 1);
    PAIR_LD_WB("ldpsw pre", "ldpsw", "%0", "%1", "[%2, #-8]!", -8, -8, 4, 1, 0);
    PAIR_LD_WB("ldpsw post", "ldpsw", "%0", "%1", "[%2], #4", 0, 4, 4, 1, 0);

#define PAIR_ST(label, insn, ra, rc, addr, aoff, wb, size)                         \
    do {                                                                           \
        a = 0x8182838485868788ul;                                                  \
        c = 0x1112131415161718ul;                                                  \
        p = b;                                                                     \
        __asm__ volatile(insn " " ra ", " rc ", " addr : "+r"(p) : "r"(a), "r"(c) : "memory"); \
        show(label " 1st", rd(b + (aoff), size), a & mask(size));                 \
        show(label " 2nd", rd(b + (aoff) + size, size), c & mask(size));          \
        show(label " base", (uint64_t)(p - b), (uint64_t)(wb));                    \
    } while (0)
    PAIR_ST("stp x off", "stp", "%1", "%2", "[%0, #-64]", -64, 0, 8);
    PAIR_ST("stp x pre", "stp", "%1", "%2", "[%0, #-16]!", -16, -16, 8);
    PAIR_ST("stp x post", "stp", "%1", "%2", "[%0], #80", 0, 80, 8);
    PAIR_ST("stp w off", "stp", "%w1", "%w2", "[%0, #36]", 36, 0, 4);
    PAIR_ST("stp w pre", "stp", "%w1", "%w2", "[%0, #-4]!", -4, -4, 4);
    PAIR_ST("stp w post", "stp", "%w1", "%w2", "[%0], #8", 0, 8, 4);
    PAIR_ST("stnp x", "stnp", "%1", "%2", "[%0, #104]", 104, 0, 8);
    PAIR_ST("stnp w", "stnp", "%w1", "%w2", "[%0, #-12]", -12, 0, 4);
    PAIR_ST("stp x unaligned", "stp", "%1", "%2", "[%0, #200]", 200, 0, 8);

    /* SP-based pairs and single accesses (the common prologue/epilogue). */
    uint64_t r1, r2, r3, sp_delta;
    __asm__ volatile("mov x9, sp\n\t"
                     "stp %3, %4, [sp, #-32]!\n\t"
                     "str %4, [sp, #16]\n\t"
                     "ldp %0, %1, [sp], #32\n\t"
                     "ldr %2, [sp, #-16]\n\t"
                     "mov x10, sp\n\t"
                     "sub %3, x10, x9\n\t"
                     : "=&r"(r1), "=&r"(r2), "=&r"(r3), "+&r"(a)
                     : "r"(c)
                     : "x9", "x10", "memory");
    sp_delta = a;
    show("sp stp/ldp 1st", r1, 0x8182838485868788ul);
    show("sp stp/ldp 2nd", r2, 0x1112131415161718ul);
    show("sp str/ldr", r3, 0x1112131415161718ul);
    show("sp delta", sp_delta, 0);
}

/* LDTR/STTR at EL1 check EL0's permissions: through the EL0 alias they
 * work; on the EL1-only mapping they take a permission fault. */
static void unprivileged(void)
{
    uint8_t *b = buf + 256;
    uint8_t *alias = b;
    __asm__("add %0, %0, %1" : "+r"(alias) : "r"(ALIAS_OFFSET)); /* hide from the compiler's bounds checks */
    fill(buf, sizeof(buf), 0xc3);
    uint64_t v;
#define LDT(insn, reg, size, sgn, w, off)                                            \
    do {                                                                             \
        v = 0x5555555555555555ul;                                                    \
        __asm__ volatile(insn " " reg ", [%1, #" #off "]" : "+&r"(v) : "r"(alias) : "memory"); \
        show(insn " " #off, v, ext(b + (off), size, sgn, w));                        \
    } while (0)
    LDT("ldtrb", "%w0", 1, 0, 1, 3);
    LDT("ldtrsb", "%w0", 1, 1, 1, 5);
    LDT("ldtrsb", "%0", 1, 1, 0, -7);
    LDT("ldtrh", "%w0", 2, 0, 1, 9);
    LDT("ldtrsh", "%w0", 2, 1, 1, -2);
    LDT("ldtrsh", "%0", 2, 1, 0, 1);
    LDT("ldtr", "%w0", 4, 0, 1, 13);
    LDT("ldtrsw", "%0", 4, 1, 0, 17);
    LDT("ldtr", "%0", 8, 0, 0, -256);
    LDT("ldtr", "%0", 8, 0, 0, 255);
    uint64_t val = 0x0f1e2d3c4b5a6978ul;
    __asm__ volatile("sttrb %w1, [%0, #1]\n\t"
                     "sttrh %w1, [%0, #4]\n\t"
                     "sttr %w1, [%0, #8]\n\t"
                     "sttr %1, [%0, #-16]" : : "r"(alias), "r"(val) : "memory");
    show("sttrb", rd(b + 1, 1), val & 0xff);
    show("sttrh", rd(b + 4, 2), val & 0xffff);
    show("sttr w", rd(b + 8, 4), val & 0xffffffff);
    show("sttr x", rd(b - 16, 8), val);

    /* The EL1-only mapping: LDTR/STTR fault (permission, level 1), LDR is fine. */
    faults_reset();
    v = 0x77;
    __asm__ volatile("ldtr %0, [%1]" : "+r"(v) : "r"(b) : "memory");
    show("ldtr el1-only faults", fault_count, 1);
    show("ldtr el1-only esr", fault_esr, 0x9600000dul);
    show("ldtr el1-only far", fault_far - (uint64_t)b, 0);
    show("ldtr el1-only rt kept", v, 0x77);
    faults_reset();
    __asm__ volatile("sttrh %w1, [%0, #6]" : : "r"(b), "r"(val) : "memory");
    show("sttrh el1-only faults", fault_count, 1);
    show("sttrh el1-only esr", fault_esr, 0x9600004dul);
    show("sttrh el1-only far", fault_far - (uint64_t)b, 6);
    show("sttrh el1-only memory kept", rd(b + 6, 2), ext(b + 6, 2, 0, 0));
}

static void prefetch(void)
{
    /* PRFM never faults: unmapped, misaligned, any operation type. */
    faults_reset();
    uint64_t bad = 0x0000007fdead0000ul, idx = 0x123;
    __asm__ volatile("prfm pldl1keep, [%0]\n\t"
                     "prfm pstl3strm, [%0, #32760]\n\t"
                     "prfm plil2keep, [%0, %1]\n\t"
                     "prfm pldl1strm, [%0, %w1, sxtw #3]\n\t"
                     "prfum pldl2keep, [%0, #-3]\n\t"
                     "prfm #0x1f, [%0]\n\t"
                     : : "r"(bad), "r"(idx) : "memory");
    show("prfm faults", fault_count, 0);
}

/* Accesses crossing a page boundary (Normal memory: no alignment rule). */
static void page_crossing(void)
{
    uint8_t *p = pages + 4096;
    fill(pages, sizeof(pages), 0x5a);
    uint64_t x, y;
    __asm__ volatile("ldr %0, [%1, #-3]" : "=r"(x) : "r"(p) : "memory");
    show("ldr x across pages", x, ext(p - 3, 8, 0, 0));
    __asm__ volatile("ldrsh %0, [%1, #-1]" : "=r"(x) : "r"(p) : "memory");
    show("ldrsh across pages", x, ext(p - 1, 2, 1, 0));
    __asm__ volatile("ldp %0, %1, [%2]" : "=&r"(x), "=&r"(y) : "r"(p - 12) : "memory");
    show("ldp 1st across pages", x, ext(p - 12, 8, 0, 0));
    show("ldp 2nd across pages", y, ext(p - 4, 8, 0, 0));
    x = 0xa1a2a3a4a5a6a7a8ul;
    __asm__ volatile("str %0, [%1, #-5]" : : "r"(x), "r"(p) : "memory");
    show("str x across pages", rd(p - 5, 8), x);
}

/* Rn == Rt with write-back is CONSTRAINED UNPREDICTABLE; tinyvm does what
 * QEMU does: a load's written-back address wins, a store stores the old
 * base. LDP Rt == Rt2 keeps the first element. */
static void overlaps(void)
{
    uint64_t *q = (uint64_t *)(buf + 64);
    for (int i = 0; i < 4; i++)
        q[i] = 0x1000 + (uint64_t)i;
    register uint64_t x9 __asm__("x9");
    register uint64_t x10 __asm__("x10");
    x9 = (uint64_t)q;
    __asm__ volatile(".inst 0xf8408d29" : "+r"(x9) : : "memory"); /* ldr x9, [x9, #8]! */
    show("ldr x9, [x9, #8]! -> base", x9 - (uint64_t)q, 8);
    x9 = (uint64_t)q;
    __asm__ volatile(".inst 0xf8008d29" : "+r"(x9) : : "memory"); /* str x9, [x9, #8]! */
    show("str x9, [x9, #8]! -> base", x9 - (uint64_t)q, 8);
    show("str x9, [x9, #8]! -> stored", q[1] - (uint64_t)q, 0);
    x10 = (uint64_t)q;
    __asm__ volatile(".inst 0xa9402549" : "=r"(x9) : "r"(x10) : "memory"); /* ldp x9, x9, [x10] */
    show("ldp x9, x9", x9, 0x1000);
}

int fw_main(uint64_t dtb)
{
    (void)dtb;
    mmu_on();
    fw_set_handler(record_fault);
    single_loads();
    single_stores();
    literals();
    pairs();
    unprivileged();
    prefetch();
    page_crossing();
    overlaps();
    fw_printf("info: %d cases\n", ncases);
    return 0;
}
