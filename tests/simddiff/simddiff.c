/* simddiff.c - differential test of tinyvm's Advanced SIMD, SIMD&FP
 * load/store and crypto instructions against qemu-aarch64 (user mode).
 *
 *   simddiff --runner RUNNER [--qemu QEMU] [--cpu cortex-a57] [--n N]
 *            [--seed S] [--groups int,perm,crypto,fp,ldst,any] [--only NAME]
 *            [--detail K] [--work DIR] [--verbose]
 *
 * For each template (templates.c) it generates N random instruction words
 * and, for each word, a random initial state: V0-V31 filled with lane edge
 * values of a random element size (0, -1, INT_MIN/MAX, saturation
 * boundaries, FP specials: signed zeros, infinities, quiet and signalling
 * NaNs with payloads, subnormals, normal limits, integer-conversion and
 * rounding boundaries), x0-x29, NZCV, FPCR (rounding mode, FZ, DN, AHP)
 * and FPSR; loads/stores get a base address in the data buffer (sometimes
 * next to the unmapped page after it, to fault).
 *
 * The cases run in batches on both machines: the oracle is the static
 * runner (runner.c) under `qemu-aarch64 -cpu cortex-a57` (Armv8.0 + crypto,
 * the feature set tinyvm implements); tinyvm runs them in-process, each
 * case as a tiny program at EL1 at the same address (identity-mapped RAM). The results
 * -- how the case ended (completed, UNDEFINED, memory fault), V0-V31,
 * FPSR (QC and the FP flags), x0-x30, SP, NZCV and a hash of the buffer --
 * must be identical. The last line is
 *   simddiff: P passed, F failed (C cases; per template counts above)
 * and the exit status is non-zero when anything differs.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cpu/cpu_internal.h"
#include "cpu/tb.h"
#include "mem/physmap.h"
#include "sdgen.h"
#include "simddiff.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE (SD_BUF + SD_BUF_SIZE - RAM_BASE) /* the buffer ends RAM: 8 MiB */
#define VEC_BASE RAM_BASE
#define HVC_1 0xd4000022u

/* ---- random numbers ---- */

static uint64_t rng_state;
static uint64_t rnd(void) { return sd_mix(&rng_state); }
static uint64_t rnd_below(uint64_t n) { return n ? rnd() % n : 0; }
static int chance(int percent) { return (int)rnd_below(100) < percent; }

/* ---- lane edge values ---- */

static uint64_t int_edge(int bits)
{
    uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
    uint64_t min = 1ull << (bits - 1), max = min - 1;
    switch (rnd_below(20)) {
    case 0: return 0;
    case 1: return 1;
    case 2: return mask;            /* -1 */
    case 3: return mask - 1;        /* -2 */
    case 4: return min;             /* INT_MIN */
    case 5: return min + 1;
    case 6: return max;             /* INT_MAX */
    case 7: return max - 1;
    case 8: return max >> 1;
    case 9: return (max >> 1) + 1;
    case 10: return 1ull << (bits / 2);
    case 11: return (1ull << (bits / 2)) - 1;
    case 12: return rnd_below(16);
    case 13: return (0 - rnd_below(16)) & mask;
    case 14: return (uint64_t)((int64_t)rnd_below(140) - 70) & mask; /* shift counts */
    case 15: return 0x5555555555555555ull & mask;
    case 16: return 0xaaaaaaaaaaaaaaaaull & mask;
    default: return rnd() & mask;
    }
}

static uint32_t f32_edge(void)
{
    static const uint32_t v[] = {
        0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7fc12345,
        0x7f800001, 0x7fa00000, 0xff800123, 0x00000001, 0x007fffff, 0x80000001, 0x00800000,
        0x80800000, 0x7f7fffff, 0xff7fffff, 0x3f800000, 0xbf800000, 0x3f000000, 0x3fc00000,
        0x40200000, 0xc0200000, 0x3effffff, 0x4f000000, 0x4effffff, 0xcf000000, 0xcf000001,
        0x4f800000, 0x4f7fffff, 0x5f000000, 0x5effffff, 0xdf000000, 0x5f800000, 0x477fff80,
        0x40490fdb, 0x3eaaaaab, 0x00400000, 0x01000000, 0x7e800000, 0x4b000000, 0x4b7fffff,
        0x3f7fffff, 0x3f800001, 0x4f000001, 0xbf000000,
    };
    switch (rnd_below(4)) {
    case 0: return v[rnd_below(sizeof(v) / sizeof(v[0]))];
    case 1: /* near 1.0, random sign */
        return (uint32_t)(rnd() & 0x80000000u) | (uint32_t)(0x3c000000u + rnd_below(0x07000000u));
    case 2: return (uint32_t)(rnd() & 0x807fffffu) | (uint32_t)(rnd_below(256) << 23);
    default: return (uint32_t)rnd();
    }
}

static uint64_t f64_edge(void)
{
    static const uint64_t v[] = {
        0, 0x8000000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
        0x7ff8000000000000ull, 0xfff8000000000000ull, 0x7ff8000012345678ull, 0x7ff0000000000001ull,
        0x7ff4000000000000ull, 0xfff0000000000123ull, 1, 0x000fffffffffffffull,
        0x8000000000000001ull, 0x0010000000000000ull, 0x7fefffffffffffffull, 0xffefffffffffffffull,
        0x3ff0000000000000ull, 0xbff0000000000000ull, 0x3fe0000000000000ull, 0x3ff8000000000000ull,
        0x4004000000000000ull, 0xc004000000000000ull, 0x41e0000000000000ull, 0x41dfffffffc00000ull,
        0x41dfffffffffffffull, 0xc1e0000000000000ull, 0xc1e0000000200000ull, 0x41f0000000000000ull,
        0x43e0000000000000ull, 0x43dfffffffffffffull, 0xc3e0000000000000ull, 0x43f0000000000000ull,
        0x47efffffe0000000ull, 0x47effffff0000000ull, 0x36a0000000000000ull, 0x3690000000000000ull,
        0x380fffffffffffffull, 0x3810000000000000ull, 0x400921fb54442d18ull, 0x3fd5555555555555ull,
        0x4330000000000000ull, 0x3fefffffffffffffull, 0x3ff0000000000001ull,
    };
    switch (rnd_below(4)) {
    case 0: return v[rnd_below(sizeof(v) / sizeof(v[0]))];
    case 1: return (rnd() & 0x8000000000000000ull) | (0x3f00000000000000ull + rnd_below(0x0200000000000000ull));
    case 2: return (rnd() & 0x800fffffffffffffull) | rnd_below(2048) << 52;
    default: return rnd();
    }
}

static uint16_t f16_edge(void)
{
    static const uint16_t v[] = {
        0x0000, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0xfe00, 0x7e01, 0x7c01, 0x7d00, 0x0001,
        0x03ff, 0x8001, 0x0400, 0x7bff, 0xfbff, 0x3c00, 0xbc00, 0x3800, 0x3e00,
    };
    return chance(50) ? v[rnd_below(sizeof(v) / sizeof(v[0]))] : (uint16_t)rnd();
}

/* Fill one V register with lanes of a random flavour; `pref` (0..3: an
 * integer element size, 4/5: single/double) is preferred when >= 0. */
static void fill_vreg(uint8_t *v, int pref)
{
    int kind = pref >= 0 && chance(60) ? pref : (int)rnd_below(9);
    for (int i = 0; i < 16;) {
        uint64_t x;
        int bytes;
        switch (kind) {
        case 0: case 1: case 2: case 3:
            bytes = 1 << kind;
            x = int_edge(8 * bytes);
            break;
        case 4: bytes = 4; x = f32_edge(); break;
        case 5: bytes = 8; x = f64_edge(); break;
        case 6: bytes = 2; x = f16_edge(); break;
        default: bytes = 8; x = rnd(); break;
        }
        for (int k = 0; k < bytes; k++)
            v[i + k] = (uint8_t)(x >> (8 * k));
        i += bytes;
    }
}

/* ---- instruction words ---- */

static const char *clean_pattern(const char *pat, char *out)
{
    int n = 0;
    for (const char *p = pat; *p; p++)
        if (*p != ' ') {
            if (n == 32) {
                fprintf(stderr, "simddiff: template pattern too long: %s\n", pat);
                exit(2);
            }
            out[n++] = *p;
        }
    if (n != 32) {
        fprintf(stderr, "simddiff: template pattern of %d bits: %s\n", n, pat);
        exit(2);
    }
    out[32] = 0;
    return out;
}

static uint32_t gen_word(const sd_tmpl_t *t)
{
    char pat[33];
    clean_pattern(t->pat, pat);
    for (;;) {
        uint32_t w = 0, opc = 0;
        int obits = 0;
        for (int i = 0; i < 32; i++) {
            int bit = 31 - i;
            char c = pat[i];
            uint32_t b = c == '1' ? 1 : c == '0' ? 0 : (uint32_t)(rnd() & 1);
            if (c == 'o') {
                opc = opc << 1 | b;
                obits++;
            }
            w |= b << bit;
        }
        if (obits && !(t->allowed >> opc & 1))
            continue;
        /* x30 holds the slot address on both machines: never a base or
         * index register. */
        if (t->mem && (w >> 5 & 31) == 30)
            w ^= 1u << 5;
        if (t->mem && t->mem != SD_MEM_LIT && (w >> 16 & 31) == 30)
            w ^= 1u << 16;
        /* The scalar "Floating-point" classes belong to fp_*.c. */
        if (!strcmp(t->group, "any") && !(w >> 30 & 1) && (w >> 28 & 1))
            continue;
        return w;
    }
}

/* ---- case state ---- */

static uint64_t sext(uint64_t v, int bits) { return (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits)); }

/* An address inside the buffer for an access of up to `span` bytes;
 * sometimes one that runs into the unmapped page after it. */
static uint64_t mem_target(unsigned span)
{
    if (chance(6))
        return SD_BUF + SD_BUF_SIZE - 1 - rnd_below(span ? span : 1);
    return SD_BUF + 64 + rnd_below(SD_BUF_SIZE - 128 - span);
}

static void set_base(sd_state_t *st, unsigned rn, uint64_t base)
{
    if (rn == 31)
        st->sp = base & ~15ull;
    else
        st->x[rn] = base;
}

static void gen_state(const sd_tmpl_t *t, uint32_t w, uint64_t slot, sd_state_t *st)
{
    memset(st, 0, sizeof(*st));
    int pref = -1;
    if (!strcmp(t->group, "fp"))
        pref = 4 + (int)(w >> 22 & 1); /* sz */
    else if (!t->mem)
        pref = (int)(w >> 22 & 3);     /* size */
    for (int i = 0; i < 32; i++)
        fill_vreg(st->v[i], pref);
    for (int i = 0; i < 31; i++)
        st->x[i] = chance(50) ? int_edge(64) : int_edge(8 << rnd_below(4));
    st->x[30] = slot;
    st->sp = SD_BUF + SD_BUF_SIZE / 2;
    st->nzcv = rnd_below(16) << 28;
    /* Round-to-nearest with FPSR.IXC already set is where the FP library's
     * host fast paths (fpu.c, simd_fp_fast.h) answer: make it common, so
     * both their answers and their fallbacks are compared. */
    st->fpcr = (chance(50) ? 0 : rnd_below(4) << 22) | (chance(30) ? 1u << 24 : 0) |
               (chance(30) ? 1u << 25 : 0) | (chance(20) ? 1u << 26 : 0);
    st->fpsr = chance(10) ? 1u << 27 : 0;
    if (chance(50))
        st->fpsr |= 1u << 4; /* IXC */
    if (chance(5))
        st->fpsr |= rnd() & 0x9f;
    if (!t->mem)
        return;

    st->flags = SD_F_MEM;
    st->memseed = rnd();
    unsigned rn = w >> 5 & 31, rm = w >> 16 & 31;
    unsigned size = w >> 30, opc = w >> 22 & 3;
    unsigned scale = (opc & 2) && size == 0 ? 4 : size;
    switch (t->mem) {
    case SD_MEM_UIMM: {
        uint64_t off = (uint64_t)(w >> 10 & 0xfff) << scale;
        set_base(st, rn, mem_target(16) - off);
        break;
    }
    case SD_MEM_IMM9: {
        uint64_t off = sext(w >> 12 & 0x1ff, 9);
        unsigned form = w >> 10 & 3;
        set_base(st, rn, mem_target(16) - (form == 1 ? 0 : off));
        break;
    }
    case SD_MEM_REG: {
        unsigned option = w >> 13 & 7, s = w >> 12 & 1;
        int64_t off = (int64_t)rnd_below(1024) - 512;
        uint64_t xm;
        if (option == 2) { /* UXTW */
            off = off < 0 ? -off : off;
            xm = (rnd() << 32) | (uint32_t)off;
        } else if (option == 6) { /* SXTW */
            xm = (rnd() << 32) | (uint32_t)off;
        } else {
            xm = (uint64_t)off;
        }
        if (rm != 31)
            st->x[rm] = xm;
        uint64_t idx = rm == 31 ? 0 : (uint64_t)off << (s ? scale : 0);
        set_base(st, rn, mem_target(16) - idx);
        break;
    }
    case SD_MEM_LIT: /* the word's offset is set by fix_literal() */
        break;
    case SD_MEM_PAIR: {
        unsigned sc = 2 + (w >> 30);
        uint64_t off = sext(w >> 15 & 0x7f, 7) << sc;
        unsigned mode = w >> 23 & 3;
        set_base(st, rn, mem_target(32) - (mode == 1 ? 0 : off));
        break;
    }
    case SD_MEM_STRUCT:
        set_base(st, rn, mem_target(64));
        if (rm != 31 && (w >> 23 & 1))
            st->x[rm] = (uint64_t)((int64_t)rnd_below(256) - 128);
        break;
    }
}

/* LDR (literal): point the offset at a random word of the code region,
 * which holds the same bytes on both machines. */
static uint32_t fix_literal(const sd_tmpl_t *t, uint32_t w, uint64_t slot, uint64_t *seed)
{
    if (t->mem != SD_MEM_LIT)
        return w;
    uint64_t s = *seed;
    uint64_t target = SD_CODE + 4 * (sd_mix(&s) % (SD_CODE_SIZE / 4 - 8));
    int64_t imm19 = (int64_t)(target - slot) / 4;
    *seed = s;
    return (w & ~(0x7ffffu << 5)) | ((uint32_t)imm19 & 0x7ffff) << 5;
}

/* ---- the tinyvm side ---- */

typedef struct tvm {
    physmap_t pm;
    cpu_t *cpu;
    int hvc;
} tvm_t;

static bool fw_hook(void *opaque, cpu_t *cpu, bool smc, uint16_t imm)
{
    tvm_t *t = opaque;
    (void)smc;
    t->hvc = imm;
    cpu_request_exit(cpu);
    return true;
}

static void tvm_init(tvm_t *t)
{
    if (physmap_init(&t->pm, RAM_BASE, RAM_SIZE) != 0) {
        fprintf(stderr, "simddiff: physmap_init failed\n");
        exit(2);
    }
    t->cpu = cpu_create(&t->pm, CPU_MODEL_MAX, 0);
    cpu_set_firmware_call(t->cpu, fw_hook, t);
    cpu_t *cpu = t->cpu;
    /* Advertise what the oracle (cortex-a57) has: FP, AdvSIMD, AES+PMULL,
     * SHA1, SHA256, CRC32. */
    cpu->id_aa64pfr0 &= ~(0xffull << 16);
    cpu->id_aa64isar0 = (cpu->id_aa64isar0 & ~0xfff0ull) | 2u << 4 | 1u << 8 | 1u << 12;
    cpu->sys.cpacr = 3ull << 20;
    cpu->sys.vbar = VEC_BASE;
    uint32_t vec = HVC_1;
    for (int i = 0; i < 16; i++)
        memcpy(physmap_ram_ptr(&t->pm, VEC_BASE + 0x80 * (uint64_t)i), &vec, 4);
    /* MMU on with an identity map of RAM only (2 MiB blocks, Normal
     * memory), so that the page after the buffer gives a translation
     * fault before anything is written, as an unmapped page does under
     * qemu-aarch64. 4 KiB granule, 32-bit VA: the walk starts at level 1. */
    uint64_t l1 = RAM_BASE + 0x10000, l2 = RAM_BASE + 0x11000;
    uint64_t *p1 = (uint64_t *)physmap_ram_ptr(&t->pm, l1);
    uint64_t *p2 = (uint64_t *)physmap_ram_ptr(&t->pm, l2);
    memset(p1, 0, 4096);
    memset(p2, 0, 4096);
    p1[RAM_BASE >> 30] = l2 | 3;
    for (uint64_t a = RAM_BASE; a < RAM_BASE + RAM_SIZE; a += 2u << 20)
        p2[(a >> 21) & 511] = a | 1 /* block */ | 3u << 8 /* inner shareable */ | 1u << 10 /* AF */;
    cpu->sys.mair = 0xff;
    cpu->sys.tcr = 32 /* T0SZ */ | 1u << 8 | 1u << 10 | 3u << 12 | 1u << 23 /* EPD1 */;
    cpu->sys.ttbr0 = l1;
    cpu->sys.sctlr = (cpu->sys.sctlr & ~(1ull << 3 | 1ull << 4)) | 1;
    tlb_flush_all(cpu);
}

static void tvm_load_code(tvm_t *t, const uint32_t *code, uint32_t n)
{
    uint8_t *p = physmap_ram_ptr(&t->pm, SD_CODE);
    memset(p, 0, SD_CODE_SIZE);
    memcpy(p, code, 8ull * n);
    tb_flush(t->cpu);
}

static void tvm_run(tvm_t *t, const sd_state_t *st, uint64_t slot, sd_result_t *r)
{
    cpu_t *cpu = t->cpu;
    uint8_t *buf = physmap_ram_ptr(&t->pm, SD_BUF);
    if (st->flags & SD_F_MEM)
        sd_fill_buf(buf, st->memseed);
    cpu->el = 1;
    cpu->spsel = 1;
    cpu->daif = 0xf << 6;
    for (int i = 0; i < 31; i++)
        cpu->x[i] = st->x[i];
    cpu->x[REG_SP] = st->sp;
    memcpy(cpu->v, st->v, sizeof(cpu->v));
    cpu_set_nzcv(cpu, (uint32_t)st->nzcv);
    cpu->sys.fpcr = st->fpcr;
    cpu->sys.fpsr = st->fpsr;
    cpu->pc = slot;
    t->hvc = -1;
    cpu_run(cpu, 1000);
    memset(r, 0, sizeof(*r));
    unsigned ec = (unsigned)(cpu->sys.esr >> 26) & 0x3f;
    if (t->hvc != 1)
        r->status = SD_OTHER;
    else if (ec == EC_UNKNOWN && cpu->sys.elr == slot + 4)
        r->status = SD_OK;
    else if (ec == EC_UNKNOWN && cpu->sys.elr == slot)
        r->status = SD_UNDEF;
    else if ((ec == EC_DABT_CUR || ec == EC_SP_ALIGN) && cpu->sys.elr == slot)
        r->status = SD_FAULT;
    else
        r->status = SD_OTHER;
    for (int i = 0; i < 31; i++)
        r->x[i] = cpu->x[i];
    r->sp = cpu->x[REG_SP];
    r->nzcv = cpu_get_nzcv(cpu);
    r->fpsr = (uint32_t)cpu->sys.fpsr;
    memcpy(r->v, cpu->v, sizeof(r->v));
    if (st->flags & SD_F_MEM)
        r->memhash = sd_hash_buf(buf);
}

/* ---- the oracle side ---- */

static const char *opt_runner, *opt_qemu = "qemu-aarch64", *opt_cpu = "cortex-a57";
static char work_dir[4096] = "";

static int run_oracle(const uint32_t *code, const sd_state_t *st, uint32_t n, sd_result_t *res)
{
    char in[4200], out[4200], cmd[9000];
    snprintf(in, sizeof(in), "%s/batch.in", work_dir);
    snprintf(out, sizeof(out), "%s/batch.out", work_dir);
    FILE *f = fopen(in, "wb");
    sd_header_t hd = { SD_MAGIC, n };
    if (!f || fwrite(&hd, sizeof(hd), 1, f) != 1 || fwrite(code, 8, n, f) != n ||
        fwrite(st, sizeof(*st), n, f) != n || fclose(f) != 0) {
        fprintf(stderr, "simddiff: cannot write %s\n", in);
        return -1;
    }
    snprintf(cmd, sizeof(cmd), "%s -cpu %s %s %s %s", opt_qemu, opt_cpu, opt_runner, in, out);
    int rc = system(cmd);
    if (rc != 0) {
        fprintf(stderr, "simddiff: oracle failed (%d): %s\n", rc, cmd);
        return -1;
    }
    f = fopen(out, "rb");
    if (!f || fread(res, sizeof(*res), n, f) != n) {
        fprintf(stderr, "simddiff: short oracle results\n");
        return -1;
    }
    fclose(f);
    return 0;
}

/* ---- comparison and reports ---- */

static const char *status_name(uint32_t s)
{
    switch (s) {
    case SD_OK: return "ok";
    case SD_UNDEF: return "undef";
    case SD_FAULT: return "fault";
    default: return "other";
    }
}

static void disasm(uint32_t w, char *out, size_t len)
{
    char path[4200], cmd[8600];
    snprintf(path, sizeof(path), "%s/word.bin", work_dir);
    FILE *f = fopen(path, "wb");
    snprintf(out, len, "?");
    if (!f)
        return;
    fwrite(&w, 4, 1, f);
    fclose(f);
    snprintf(cmd, sizeof(cmd), "aarch64-linux-gnu-objdump -D -b binary -m aarch64 %s 2>/dev/null | tail -1", path);
    FILE *p = popen(cmd, "r");
    if (!p)
        return;
    char line[512];
    if (fgets(line, sizeof(line), p)) {
        char *s = strchr(line, '\t');
        s = s ? strchr(s + 1, '\t') : NULL;
        if (s) {
            s++;
            s[strcspn(s, "\n")] = 0;
            for (char *c = s; *c; c++)
                if (*c == '\t')
                    *c = ' ';
            snprintf(out, len, "%s", s);
        }
    }
    pclose(p);
}

static void print_v(const char *tag, int i, const uint8_t *v)
{
    printf("      %s v%-2d = %016llx:%016llx\n", tag, i,
           (unsigned long long)((uint64_t)v[15] << 56 | (uint64_t)v[14] << 48 | (uint64_t)v[13] << 40 |
                                (uint64_t)v[12] << 32 | (uint64_t)v[11] << 24 | (uint64_t)v[10] << 16 |
                                (uint64_t)v[9] << 8 | v[8]),
           (unsigned long long)((uint64_t)v[7] << 56 | (uint64_t)v[6] << 48 | (uint64_t)v[5] << 40 |
                                (uint64_t)v[4] << 32 | (uint64_t)v[3] << 24 | (uint64_t)v[2] << 16 |
                                (uint64_t)v[1] << 8 | v[0]));
}

/* Empty string when equal, else a short classification. */
static const char *compare(const sd_state_t *st, const sd_result_t *q, const sd_result_t *t, char *why,
                           size_t len)
{
    why[0] = 0;
    if (q->status != t->status) {
        if (t->status == SD_UNDEF)
            snprintf(why, len, "undef");
        else if (q->status == SD_UNDEF)
            snprintf(why, len, "accepts-reserved");
        else
            snprintf(why, len, "status %s/%s", status_name(q->status), status_name(t->status));
        return why;
    }
    if (q->status == SD_UNDEF)
        return why;
    char *p = why;
    size_t left = len;
#define ADD(...) do { int n_ = snprintf(p, left, __VA_ARGS__); if (n_ > 0 && (size_t)n_ < left) { p += n_; left -= (size_t)n_; } } while (0)
    /* A load that faults may leave its destination registers UNKNOWN;
     * QEMU writes the ones loaded before the fault, tinyvm (precise
     * faults) none at all: check that. */
    bool fault = q->status == SD_FAULT;
    for (int i = 0; i < 32; i++)
        if (fault ? memcmp(st->v[i], t->v[i], 16) != 0 : memcmp(q->v[i], t->v[i], 16) != 0)
            ADD("v%d%s ", i, fault ? "-changed-by-fault" : "");
    if (q->fpsr != t->fpsr)
        ADD("fpsr ");
    for (int i = 0; i < 31; i++)
        if (q->x[i] != t->x[i])
            ADD("x%d ", i);
    if (q->sp != t->sp)
        ADD("sp ");
    if (q->nzcv != t->nzcv)
        ADD("nzcv ");
    if ((st->flags & SD_F_MEM) && q->memhash != t->memhash)
        ADD("mem ");
#undef ADD
    return why;
}

static void report(const sd_tmpl_t *tm, uint32_t w, const sd_state_t *st, const sd_result_t *q,
                   const sd_result_t *t, const char *why)
{
    char dis[256];
    disasm(w, dis, sizeof(dis));
    printf("  MISMATCH %s: %08x  %s  [%s] oracle=%s tinyvm=%s\n", tm->name, w, dis, why,
           status_name(q->status), status_name(t->status));
    printf("      fpcr=%08llx fpsr in=%08llx oracle=%08x tinyvm=%08x\n", (unsigned long long)st->fpcr,
           (unsigned long long)st->fpsr, q->fpsr, t->fpsr);
    unsigned rd = w & 31, rn = w >> 5 & 31, rm = w >> 16 & 31;
    print_v("in  ", (int)rn, st->v[rn]);
    if (rm != rn)
        print_v("in  ", (int)rm, st->v[rm]);
    if (rd != rn && rd != rm)
        print_v("in  ", (int)rd, st->v[rd]);
    for (int i = 0; i < 32; i++)
        if (memcmp(q->v[i], t->v[i], 16)) {
            print_v("qemu", i, q->v[i]);
            print_v("tvm ", i, t->v[i]);
        }
    for (int i = 0; i < 31; i++)
        if (q->x[i] != t->x[i])
            printf("      x%d in=%016llx qemu=%016llx tvm=%016llx\n", i, (unsigned long long)st->x[i],
                   (unsigned long long)q->x[i], (unsigned long long)t->x[i]);
    if (q->sp != t->sp)
        printf("      sp in=%016llx qemu=%016llx tvm=%016llx\n", (unsigned long long)st->sp,
               (unsigned long long)q->sp, (unsigned long long)t->sp);
}

typedef struct stats {
    long cases, ok, undef, fault, bad;
    long undef_only, accepts, differ;
} stats_t;

static bool group_selected(const char *groups, const char *g)
{
    if (!groups || !*groups)
        return true;
    size_t n = strlen(g);
    for (const char *p = groups; *p;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && !strncmp(p, g, n))
            return true;
        p += len + (e ? 1 : 0);
    }
    return false;
}

int main(int argc, char **argv)
{
    long n_per = 500;
    uint64_t seed = 1;
    const char *groups = "int,perm,crypto,ldst,fp,any", *only = NULL;
    int detail = 5;
    bool verbose = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--runner") && v) { opt_runner = v; i++; }
        else if (!strcmp(a, "--qemu") && v) { opt_qemu = v; i++; }
        else if (!strcmp(a, "--cpu") && v) { opt_cpu = v; i++; }
        else if (!strcmp(a, "--n") && v) { n_per = atol(v); i++; }
        else if (!strcmp(a, "--seed") && v) { seed = strtoull(v, NULL, 0); i++; }
        else if (!strcmp(a, "--groups") && v) { groups = v; i++; }
        else if (!strcmp(a, "--only") && v) { only = v; i++; }
        else if (!strcmp(a, "--detail") && v) { detail = atoi(v); i++; }
        else if (!strcmp(a, "--work") && v) { snprintf(work_dir, sizeof(work_dir), "%s", v); i++; }
        else if (!strcmp(a, "--verbose")) { verbose = true; }
        else {
            fprintf(stderr, "usage: simddiff --runner RUNNER [--qemu Q] [--cpu C] [--n N] [--seed S]\n"
                            "       [--groups int,perm,crypto,ldst,fp,any,fpscalar] [--only TEMPLATE] [--detail K]\n"
                            "       [--work DIR] [--verbose]\n");
            return 2;
        }
    }
    if (!opt_runner) {
        fprintf(stderr, "simddiff: --runner is required\n");
        return 2;
    }
    if (!work_dir[0]) {
        char tmpl[] = "/tmp/simddiff.XXXXXX";
        if (!mkdtemp(tmpl)) {
            perror("mkdtemp");
            return 2;
        }
        snprintf(work_dir, sizeof(work_dir), "%s", tmpl);
    } else {
        mkdir(work_dir, 0777);
    }

    tvm_t tv;
    tvm_init(&tv);
    static uint32_t code[2 * SD_MAX_CASES];
    static sd_state_t st[SD_MAX_CASES];
    static sd_result_t rq[SD_MAX_CASES], rt[SD_MAX_CASES];
    static int tix[SD_MAX_CASES];
    stats_t total = { 0 };
    int shown = 0;

    for (int ti = 0; ti < sd_ntemplates; ti++) {
        const sd_tmpl_t *tm = &sd_templates[ti];
        if (!group_selected(groups, tm->group) || (only && strcmp(only, tm->name)))
            continue;
        stats_t s = { 0 };
        rng_state = seed * 0x9e3779b97f4a7c15ull ^ (uint64_t)ti * 0x2545f4914f6cdd1dull;
        for (long done = 0; done < n_per;) {
            uint32_t n = (uint32_t)(n_per - done > SD_MAX_CASES ? SD_MAX_CASES : n_per - done);
            for (uint32_t i = 0; i < n; i++) {
                uint64_t slot = SD_CODE + 8ull * i;
                uint32_t w = gen_word(tm);
                uint64_t lit_seed = rnd();
                w = fix_literal(tm, w, slot, &lit_seed);
                gen_state(tm, w, slot, &st[i]);
                code[2 * i] = w;
                code[2 * i + 1] = 0; /* UDF #0 */
                tix[i] = ti;
            }
            if (run_oracle(code, st, n, rq) != 0)
                return 2;
            tvm_load_code(&tv, code, n);
            for (uint32_t i = 0; i < n; i++)
                tvm_run(&tv, &st[i], SD_CODE + 8ull * i, &rt[i]);
            for (uint32_t i = 0; i < n; i++) {
                char why[512];
                s.cases++;
                compare(&st[i], &rq[i], &rt[i], why, sizeof(why));
                if (!why[0]) {
                    if (rq[i].status == SD_OK) s.ok++;
                    else if (rq[i].status == SD_UNDEF) s.undef++;
                    else if (rq[i].status == SD_FAULT) s.fault++;
                    continue;
                }
                s.bad++;
                if (!strcmp(why, "undef")) s.undef_only++;
                else if (!strcmp(why, "accepts-reserved")) s.accepts++;
                else s.differ++;
                if (shown < detail || verbose) {
                    shown++;
                    report(&sd_templates[tix[i]], code[2 * i], &st[i], &rq[i], &rt[i], why);
                }
            }
            done += n;
        }
        printf("%-18s %-6s %7ld cases: %6ld ok %6ld undef %5ld fault | %5ld bad (%ld undef-only, %ld accepts-reserved, %ld differ)\n",
               tm->name, tm->group, s.cases, s.ok, s.undef, s.fault, s.bad, s.undef_only, s.accepts, s.differ);
        fflush(stdout);
        total.cases += s.cases;
        total.bad += s.bad;
        total.ok += s.ok;
        total.undef += s.undef;
        total.fault += s.fault;
    }
    printf("simddiff: %ld passed, %ld failed (%ld cases: %ld executed, %ld undefined, %ld faulted on both)\n",
           total.cases - total.bad, total.bad, total.cases, total.ok, total.undef, total.fault);
    return total.bad ? 1 : 0;
}
