/* x86_emit.c - the x86-64 encoder (see x86_emit.h). References are to the
 * Intel 64 and IA-32 Architectures Software Developer's Manual, vol. 2. */
#include "x86_emit.h"

#include <string.h>

void x86_init(x86_emit_t *e, void *buf, size_t size)
{
    e->start = e->p = buf;
    e->end = e->start + size;
    e->full = false;
}

static void byte(x86_emit_t *e, unsigned b)
{
    if (e->p < e->end)
        *e->p++ = (uint8_t)b;
    else
        e->full = true;
}

static void u32(x86_emit_t *e, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        byte(e, v >> (8 * i) & 0xff);
}

static void u64(x86_emit_t *e, uint64_t v)
{
    u32(e, (uint32_t)v);
    u32(e, (uint32_t)(v >> 32));
}

/* 2.2.1 REX prefix: 0100WRXB. force: an 8-bit operand in SPL/BPL/SIL/DIL,
 * which needs a REX prefix (without one the encoding means AH..BH). */
static void rex(x86_emit_t *e, bool w, int reg, int index, int base, bool force)
{
    unsigned r = 0x40 | (w ? 8u : 0) | ((reg > 0 && reg & 8) ? 4u : 0) |
                 ((index > 0 && index & 8) ? 2u : 0) | ((base > 0 && base & 8) ? 1u : 0);
    if (r != 0x40 || force)
        byte(e, r);
}

/* Table 2-2/2-3: ModRM (+SIB, +displacement) for a memory operand. */
static void modrm_mem(x86_emit_t *e, int reg, x86_mem_t m)
{
    unsigned mod;
    if (m.disp == 0 && (m.base & 7) != X86_RBP) /* [rbp]/[r13] need a disp8 */
        mod = 0;
    else if (m.disp == (int8_t)m.disp)
        mod = 1;
    else
        mod = 2;
    if (m.index == X86_NOREG && (m.base & 7) != X86_RSP) {
        byte(e, mod << 6 | (reg & 7u) << 3 | (m.base & 7u));
    } else {
        /* SIB: index 100 means none; rsp cannot be an index. */
        unsigned idx = m.index == X86_NOREG ? 4u : (m.index & 7u);
        byte(e, mod << 6 | (reg & 7u) << 3 | 4u);
        byte(e, (m.scale & 3u) << 6 | idx << 3 | (m.base & 7u));
    }
    if (mod == 1)
        byte(e, (uint8_t)m.disp);
    else if (mod == 2)
        u32(e, (uint32_t)m.disp);
}

/* opcode bytes with a memory operand; p66: operand-size prefix. */
static void op_mem(x86_emit_t *e, bool p66, bool w, bool force, const char *opc, int reg,
                   x86_mem_t m)
{
    if (p66)
        byte(e, 0x66);
    rex(e, w, reg, m.index, m.base, force);
    for (const char *c = opc; *c; c++)
        byte(e, (uint8_t)*c);
    modrm_mem(e, reg, m);
}

/* opcode bytes with ModRM mod = 11 (register operand in rm). */
static void op_rr(x86_emit_t *e, bool w, bool force, const char *opc, int reg, int rm)
{
    rex(e, w, reg, -1, rm, force);
    for (const char *c = opc; *c; c++)
        byte(e, (uint8_t)*c);
    byte(e, 0xc0 | (reg & 7u) << 3 | (rm & 7u));
}

void x86_mov_rr(x86_emit_t *e, bool w, x86_reg_t dst, x86_reg_t src)
{
    op_rr(e, w, false, "\x89", src, dst); /* MOV r/m, r */
}

void x86_mov_ri(x86_emit_t *e, x86_reg_t dst, uint64_t imm)
{
    if (imm <= UINT32_MAX) { /* B8+rd id: zero-extends */
        rex(e, false, -1, -1, dst, false);
        byte(e, 0xb8 + (dst & 7u));
        u32(e, (uint32_t)imm);
    } else if ((int64_t)imm == (int32_t)imm) { /* REX.W C7 /0 id: sign-extends */
        op_rr(e, true, false, "\xc7", 0, dst);
        u32(e, (uint32_t)imm);
    } else { /* REX.W B8+rd io */
        rex(e, true, -1, -1, dst, false);
        byte(e, 0xb8 + (dst & 7u));
        u64(e, imm);
    }
}

void x86_load(x86_emit_t *e, unsigned size, unsigned sext, x86_reg_t dst, x86_mem_t m)
{
    bool w = sext == 64;
    switch (size) {
    case 1: op_mem(e, false, w, false, sext ? "\x0f\xbe" : "\x0f\xb6", dst, m); break;
    case 2: op_mem(e, false, w, false, sext ? "\x0f\xbf" : "\x0f\xb7", dst, m); break;
    case 4:
        if (sext == 64)
            op_mem(e, false, true, false, "\x63", dst, m); /* MOVSXD */
        else
            op_mem(e, false, false, false, "\x8b", dst, m);
        break;
    default: op_mem(e, false, true, false, "\x8b", dst, m); break;
    }
}

void x86_store(x86_emit_t *e, unsigned size, x86_reg_t src, x86_mem_t m)
{
    switch (size) {
    case 1: op_mem(e, false, false, src >= 4 && src < 8, "\x88", src, m); break;
    case 2: op_mem(e, true, false, false, "\x89", src, m); break;
    case 4: op_mem(e, false, false, false, "\x89", src, m); break;
    default: op_mem(e, false, true, false, "\x89", src, m); break;
    }
}

void x86_store_imm(x86_emit_t *e, x86_mem_t m, int32_t imm)
{
    op_mem(e, false, true, false, "\xc7", 0, m);
    u32(e, (uint32_t)imm);
}

void x86_store_imm32(x86_emit_t *e, x86_mem_t m, uint32_t imm)
{
    op_mem(e, false, false, false, "\xc7", 0, m);
    u32(e, imm);
}

void x86_lea(x86_emit_t *e, bool w, x86_reg_t dst, x86_mem_t m)
{
    op_mem(e, false, w, false, "\x8d", dst, m);
}

void x86_movzx_rr(x86_emit_t *e, unsigned size, x86_reg_t dst, x86_reg_t src)
{
    if (size == 1)
        op_rr(e, false, src >= 4 && src < 8, "\x0f\xb6", dst, src);
    else if (size == 2)
        op_rr(e, false, false, "\x0f\xb7", dst, src);
    else
        x86_mov_rr(e, false, dst, src); /* a 32-bit mov zero-extends */
}

void x86_movsx_rr(x86_emit_t *e, bool w, unsigned size, x86_reg_t dst, x86_reg_t src)
{
    if (size == 1)
        op_rr(e, w, src >= 4 && src < 8, "\x0f\xbe", dst, src);
    else if (size == 2)
        op_rr(e, w, false, "\x0f\xbf", dst, src);
    else
        op_rr(e, true, false, "\x63", dst, src); /* MOVSXD r64, r/m32 */
}

void x86_alu_rr(x86_emit_t *e, bool w, x86_alu_t op, x86_reg_t dst, x86_reg_t src)
{
    char opc[2] = { (char)(op * 8 + 1), 0 }; /* op r/m, r */
    op_rr(e, w, false, opc, src, dst);
}

void x86_alu_ri(x86_emit_t *e, bool w, x86_alu_t op, x86_reg_t dst, int32_t imm)
{
    if (imm == (int8_t)imm) {
        op_rr(e, w, false, "\x83", op, dst);
        byte(e, (uint8_t)imm);
    } else {
        op_rr(e, w, false, "\x81", op, dst);
        u32(e, (uint32_t)imm);
    }
}

void x86_alu_rm(x86_emit_t *e, bool w, x86_alu_t op, x86_reg_t dst, x86_mem_t m)
{
    char opc[2] = { (char)(op * 8 + 3), 0 }; /* op r, r/m */
    op_mem(e, false, w, false, opc, dst, m);
}

void x86_shift_ri(x86_emit_t *e, bool w, x86_shift_t op, x86_reg_t reg, uint8_t amount)
{
    op_rr(e, w, false, "\xc1", op, reg);
    byte(e, amount);
}

void x86_not(x86_emit_t *e, bool w, x86_reg_t reg)
{
    op_rr(e, w, false, "\xf7", 2, reg);
}

void x86_test_rr(x86_emit_t *e, bool w, x86_reg_t a, x86_reg_t b)
{
    op_rr(e, w, false, "\x85", b, a);
}

void x86_imul_rri(x86_emit_t *e, bool w, x86_reg_t dst, x86_reg_t src, int32_t imm)
{
    op_rr(e, w, false, "\x69", dst, src);
    u32(e, (uint32_t)imm);
}

void x86_imul_rr(x86_emit_t *e, bool w, x86_reg_t dst, x86_reg_t src)
{
    op_rr(e, w, false, "\x0f\xaf", dst, src);
}

void x86_shift_cl(x86_emit_t *e, bool w, x86_shift_t op, x86_reg_t reg)
{
    op_rr(e, w, false, "\xd3", op, reg);
}

void x86_cmov(x86_emit_t *e, bool w, x86_cc_t cc, x86_reg_t dst, x86_reg_t src)
{
    char opc[3] = { 0x0f, (char)(0x40 + cc), 0 };
    op_rr(e, w, false, opc, dst, src);
}

void x86_setcc(x86_emit_t *e, x86_cc_t cc, x86_reg_t reg8)
{
    char opc[3] = { 0x0f, (char)(0x90 + cc), 0 };
    op_rr(e, false, reg8 >= 4 && reg8 < 8, opc, 0, reg8);
}

void x86_neg(x86_emit_t *e, bool w, x86_reg_t reg)
{
    op_rr(e, w, false, "\xf7", 3, reg);
}

void x86_push(x86_emit_t *e, x86_reg_t reg)
{
    rex(e, false, -1, -1, reg, false);
    byte(e, 0x50 + (reg & 7u));
}

void x86_pop(x86_emit_t *e, x86_reg_t reg)
{
    rex(e, false, -1, -1, reg, false);
    byte(e, 0x58 + (reg & 7u));
}

void x86_ret(x86_emit_t *e)
{
    byte(e, 0xc3);
}

static void call_or_jmp(x86_emit_t *e, const void *target, unsigned rel_op, unsigned digit)
{
    if (x86_rel32_ok(e->p + 5, target)) {
        byte(e, rel_op);
        u32(e, (uint32_t)((intptr_t)target - (intptr_t)(e->p + 4)));
    } else {
        x86_mov_ri(e, X86_RAX, (uint64_t)(uintptr_t)target);
        op_rr(e, false, false, "\xff", (int)digit, X86_RAX); /* FF /2 call, /4 jmp */
    }
}

void x86_call(x86_emit_t *e, const void *target) { call_or_jmp(e, target, 0xe8, 2); }
void x86_jmp(x86_emit_t *e, const void *target) { call_or_jmp(e, target, 0xe9, 4); }

void x86_jmp_r(x86_emit_t *e, x86_reg_t reg)
{
    op_rr(e, false, false, "\xff", 4, reg);
}

uint8_t *x86_jcc_fwd(x86_emit_t *e, x86_cc_t cc)
{
    byte(e, 0x0f);
    byte(e, 0x80 + cc);
    uint8_t *at = e->p;
    u32(e, 0);
    return at;
}

uint8_t *x86_jmp_fwd(x86_emit_t *e)
{
    byte(e, 0xe9);
    uint8_t *at = e->p;
    u32(e, 0);
    return at;
}

void x86_patch(x86_emit_t *e, uint8_t *rel32)
{
    if (e->full || rel32 + 4 > e->end)
        return; /* the block is discarded anyway */
    int32_t d = (int32_t)(e->p - (rel32 + 4));
    memcpy(rel32, &d, 4);
}

void x86_jcc(x86_emit_t *e, x86_cc_t cc, const void *target)
{
    byte(e, 0x0f);
    byte(e, 0x80 + cc);
    u32(e, (uint32_t)((intptr_t)target - (intptr_t)(e->p + 4)));
}
