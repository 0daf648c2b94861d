/* x86_emit.h - an x86-64 instruction encoder: only the instructions the
 * native backend (jit.c) emits.
 *
 * Encoding rules (Intel SDM vol. 2, chapter 2 "Instruction Format") are
 * handled once here: the REX prefix (W for 64-bit operand size, R/X/B for
 * registers r8-r15 in ModRM.reg, SIB.index and ModRM.rm/SIB.base), ModRM
 * and SIB bytes, and disp8/disp32 displacements. The callers think in terms
 * of "mov dst, [base + index*scale + disp]", never in bytes.
 *
 * Emission is bounds-checked: past the end of the buffer nothing is written
 * and `full` is set, so a caller checks once after a whole block.
 */
#ifndef TINYVM_CPU_JIT_X86_EMIT_H
#define TINYVM_CPU_JIT_X86_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum x86_reg {
    X86_RAX, X86_RCX, X86_RDX, X86_RBX, X86_RSP, X86_RBP, X86_RSI, X86_RDI,
    X86_R8, X86_R9, X86_R10, X86_R11, X86_R12, X86_R13, X86_R14, X86_R15,
    X86_NOREG = -1,
} x86_reg_t;

/* Group-1 ALU operations: the /digit of opcodes 81/83 and op*8+1/+3. */
typedef enum x86_alu {
    X86_ADD = 0, X86_OR = 1, X86_ADC = 2, X86_SBB = 3,
    X86_AND = 4, X86_SUB = 5, X86_XOR = 6, X86_CMP = 7,
} x86_alu_t;

/* Group-2 shifts: the /digit of C1/D3. */
typedef enum x86_shift {
    X86_ROL = 0, X86_ROR = 1, X86_SHL = 4, X86_SHR = 5, X86_SAR = 7,
} x86_shift_t;

/* Condition codes (the low nibble of Jcc/SETcc/CMOVcc). */
typedef enum x86_cc {
    X86_CC_O = 0, X86_CC_NO, X86_CC_B, X86_CC_AE, X86_CC_E, X86_CC_NE, X86_CC_BE, X86_CC_A,
    X86_CC_S, X86_CC_NS, X86_CC_P, X86_CC_NP, X86_CC_L, X86_CC_GE, X86_CC_LE, X86_CC_G,
} x86_cc_t;

/* A memory operand [base + index * (1 << scale) + disp]; index X86_NOREG
 * for none. base may not be X86_NOREG (no absolute addressing needed). */
typedef struct x86_mem {
    x86_reg_t base, index;
    uint8_t scale;
    int32_t disp;
} x86_mem_t;

static inline x86_mem_t x86_mem(x86_reg_t base, int32_t disp)
{
    return (x86_mem_t){ base, X86_NOREG, 0, disp };
}
static inline x86_mem_t x86_mem_idx(x86_reg_t base, x86_reg_t index, unsigned scale, int32_t disp)
{
    return (x86_mem_t){ base, index, (uint8_t)scale, disp };
}

typedef struct x86_emit {
    uint8_t *start, *p, *end;
    bool full;
} x86_emit_t;

void x86_init(x86_emit_t *e, void *buf, size_t size);
static inline size_t x86_size(const x86_emit_t *e) { return (size_t)(e->p - e->start); }

/* Data movement. Operand size: w = true 64-bit, false 32-bit (which zeroes
 * the upper half of the destination register, as AArch64 W writes do). */
void x86_mov_rr(x86_emit_t *e, bool w, x86_reg_t dst, x86_reg_t src);
void x86_mov_ri(x86_emit_t *e, x86_reg_t dst, uint64_t imm); /* shortest form */
/* Load size bytes (1, 2, 4, 8), zero-extended; sext: sign-extend to 32 or
 * 64 bits instead (0: zero-extend). */
void x86_load(x86_emit_t *e, unsigned size, unsigned sext, x86_reg_t dst, x86_mem_t m);
void x86_store(x86_emit_t *e, unsigned size, x86_reg_t src, x86_mem_t m);
/* mov qword [m], imm32 sign-extended */
void x86_store_imm(x86_emit_t *e, x86_mem_t m, int32_t imm);
/* mov dword [m], imm32 */
void x86_store_imm32(x86_emit_t *e, x86_mem_t m, uint32_t imm);
void x86_lea(x86_emit_t *e, bool w, x86_reg_t dst, x86_mem_t m);
/* movzx/movsx between registers: from the low size bytes (1, 2, 4) of src */
void x86_movzx_rr(x86_emit_t *e, unsigned size, x86_reg_t dst, x86_reg_t src);
void x86_movsx_rr(x86_emit_t *e, bool w, unsigned size, x86_reg_t dst, x86_reg_t src);

/* Arithmetic and logic. */
void x86_alu_rr(x86_emit_t *e, bool w, x86_alu_t op, x86_reg_t dst, x86_reg_t src);
void x86_alu_ri(x86_emit_t *e, bool w, x86_alu_t op, x86_reg_t dst, int32_t imm);
void x86_alu_rm(x86_emit_t *e, bool w, x86_alu_t op, x86_reg_t dst, x86_mem_t m);
void x86_shift_ri(x86_emit_t *e, bool w, x86_shift_t op, x86_reg_t reg, uint8_t amount);
void x86_not(x86_emit_t *e, bool w, x86_reg_t reg);
void x86_test_rr(x86_emit_t *e, bool w, x86_reg_t a, x86_reg_t b);
void x86_imul_rri(x86_emit_t *e, bool w, x86_reg_t dst, x86_reg_t src, int32_t imm);
void x86_imul_rr(x86_emit_t *e, bool w, x86_reg_t dst, x86_reg_t src); /* dst *= src */
/* Shift by cl; the count is masked to 5 (32-bit) or 6 (64-bit) bits, as the
 * A64 variable shifts take it modulo the register width. */
void x86_shift_cl(x86_emit_t *e, bool w, x86_shift_t op, x86_reg_t reg);
void x86_cmov(x86_emit_t *e, bool w, x86_cc_t cc, x86_reg_t dst, x86_reg_t src);
void x86_setcc(x86_emit_t *e, x86_cc_t cc, x86_reg_t reg8); /* low byte of reg */
void x86_neg(x86_emit_t *e, bool w, x86_reg_t reg);

/* Stack and control flow. */
void x86_push(x86_emit_t *e, x86_reg_t reg);
void x86_pop(x86_emit_t *e, x86_reg_t reg);
void x86_ret(x86_emit_t *e);
/* call/jmp to an absolute host address: rel32 when it reaches, otherwise
 * through rax (mov rax, imm64; call/jmp rax), so rax must be free. */
void x86_call(x86_emit_t *e, const void *target);
void x86_jmp(x86_emit_t *e, const void *target);
void x86_jmp_r(x86_emit_t *e, x86_reg_t reg);
/* Forward branches: emit with a zero rel32, return where to patch it;
 * x86_patch makes it jump to the current position. */
uint8_t *x86_jcc_fwd(x86_emit_t *e, x86_cc_t cc);
uint8_t *x86_jmp_fwd(x86_emit_t *e);
void x86_patch(x86_emit_t *e, uint8_t *rel32);
/* Jcc to a known address within rel32 reach (inside the code buffer). */
void x86_jcc(x86_emit_t *e, x86_cc_t cc, const void *target);

/* True when a rel32 from the instruction ending at `from` reaches `to`. */
static inline bool x86_rel32_ok(const uint8_t *from, const void *to)
{
    intptr_t d = (intptr_t)to - (intptr_t)from;
    return d == (intptr_t)(int32_t)d;
}

#endif
