/* jit.c - the native x86-64 backend: trampolines, block compilation and the
 * ops it inlines (see jit.h; jit_ops.c holds the inlined ops). */
#include "jit.h"

#if defined(__x86_64__)
#include <stdlib.h>

#include "cpu/cpu_trace.h"
#include "jit_buf.h"
#include "jit_ops.h"
#include "x86_emit.h"

#ifndef JIT_BUF_SIZE /* -DJIT_BUF_SIZE=... to exercise the flush path */
#define JIT_BUF_SIZE (64u << 20)  /* reserved, touched on demand */
#endif
#define JIT_BLOCK_MAX (64u << 10) /* room one block may need at most */

/* How an op leaves: 1 = it may return NULL (leave the block) or op + 1:
 * the system instructions (system.c end_block); 2 = it ends the block and
 * returns the next block's first op or NULL: the branch class (branch.c).
 * A fused CMP + B.cond (branch_fuse_cmp) is such an end although the
 * B.cond op it absorbed still follows it; nothing after an end runs. */
#define JIT_MAY_EXIT(name) [OP_##name] = 1,
#define JIT_ENDS(name) [OP_##name] = 2,
static const uint8_t op_exit_kind[OP_KIND_COUNT] = { OP_LIST_SYS(JIT_MAY_EXIT)
                                                     OP_LIST_BRANCH(JIT_ENDS) };
#undef JIT_MAY_EXIT
#undef JIT_ENDS

/* The entry trampoline and the exit stub, generated once at the start of
 * the buffer (they survive flushes). System V AMD64 ABI: rbx, rbp and
 * r12-r15 are callee-saved, the stack is 16-byte aligned at each call.
 *
 *   enter(cpu, code):  push the callee-saved registers, rbx = cpu, jmp code
 *   exit stub:         rax = the next op (or NULL) a block's last op
 *                      returned; NULL -> return; a chained block with
 *                      native code -> jmp to it (no stack growth);
 *                      else return rax (the dispatcher runs it threaded)
 */
static void jit_gen_trampolines(jit_t *j)
{
    static const x86_reg_t saved[] = { X86_RBP, X86_RBX, X86_R12, X86_R13, X86_R14, X86_R15 };
    enum { NSAVED = sizeof(saved) / sizeof(saved[0]) };
    x86_emit_t e;
    x86_init(&e, j->buf, JIT_BLOCK_MAX);
    j->enter = (jit_enter_fn)(void *)e.p;
    for (int i = 0; i < NSAVED; i++)
        x86_push(&e, saved[i]);
    /* return address + 6 pushes = 56 bytes: 8 more aligns rsp to 16. */
    x86_alu_ri(&e, true, X86_SUB, X86_RSP, 8);
    x86_mov_rr(&e, true, X86_RBX, X86_RDI);
    x86_jmp_r(&e, X86_RSI);

    j->exit_stub = e.p;
    x86_test_rr(&e, true, X86_RAX, X86_RAX);
    uint8_t *to_ret = x86_jcc_fwd(&e, X86_CC_E);
    /* tb = op - offsetof(tb_t, ops); rcx = tb->native */
    x86_load(&e, 8, 0, X86_RCX,
             x86_mem(X86_RAX, (int32_t)offsetof(tb_t, native) - (int32_t)offsetof(tb_t, ops)));
    x86_test_rr(&e, true, X86_RCX, X86_RCX);
    uint8_t *to_ret2 = x86_jcc_fwd(&e, X86_CC_E);
    x86_jmp_r(&e, X86_RCX);

    j->ret_stub = e.p;
    x86_patch(&e, to_ret);
    x86_patch(&e, to_ret2);
    x86_alu_ri(&e, true, X86_ADD, X86_RSP, 8);
    for (int i = NSAVED - 1; i >= 0; i--)
        x86_pop(&e, saved[i]);
    x86_ret(&e);
    j->chain_stub = e.p;
    jit_gen_chain_stub(&e, j);
    j->code_start = (x86_size(&e) + 63) & ~(size_t)63;
    j->used = j->code_start;
}

bool jit_init(cpu_t *cpu)
{
    jit_t *j = calloc(1, sizeof(*j));
    if (!j)
        return false;
    j->size = JIT_BUF_SIZE;
    j->buf = jit_buf_map(j->size);
    if (!j->buf) {
        free(j);
        return false;
    }
    jit_gen_trampolines(j);
    cpu->jit = j;
    return true;
}

void jit_destroy(cpu_t *cpu)
{
    jit_t *j = cpu->jit;
    if (!j)
        return;
    jit_buf_unmap(j->buf, j->size);
    free(j);
    cpu->jit = NULL;
}

void jit_flush(cpu_t *cpu)
{
    if (cpu->jit)
        cpu->jit->used = cpu->jit->code_start;
}

bool jit_needs_flush(const cpu_t *cpu)
{
    const jit_t *j = cpu->jit;
    return j && j->size - j->used < JIT_BLOCK_MAX;
}

/* The general case: op_<name>(cpu, op) -- rdi = cpu, rsi = &op. */
static void jit_emit_call(x86_emit_t *e, const op_t *op)
{
    x86_mov_rr(e, true, X86_RDI, X86_RBX);
    x86_mov_ri(e, X86_RSI, (uint64_t)(uintptr_t)op);
    x86_call(e, (const void *)op->fn);
}

void *jit_compile(cpu_t *cpu, tb_t *tb)
{
    jit_t *j = cpu->jit;
    if (!j || (tb->flags & TB_FLAG_STEP) || j->size - j->used < JIT_BLOCK_MAX)
        return NULL;
    x86_emit_t e;
    x86_init(&e, j->buf + j->used, JIT_BLOCK_MAX);
    for (unsigned i = 0; i < tb->nops; i++) {
        const op_t *op = &tb->ops[i];
        unsigned how = op_exit_kind[op->kind];
        if (how == 0 && jit_inline_op(&e, op))
            continue;
        if (how == 2 && jit_inline_exit(&e, j, tb, op))
            break;
        jit_emit_call(&e, op);
        if (how == 2) {
            x86_jmp(&e, j->exit_stub);
            break;
        }
        if (how == 1) {
            x86_test_rr(&e, true, X86_RAX, X86_RAX);
            x86_jcc(&e, X86_CC_E, j->ret_stub);
        }
    }
    if (e.full)
        return NULL;
    void *code = j->buf + j->used;
    j->used += (x86_size(&e) + 15) & ~(size_t)15;
    cpu->stats.native_blocks++;
    cpu->stats.native_bytes += x86_size(&e);
    if (trace_on(TRACE_OUT_ASM))
        cpu_trace_native(cpu, tb, code, x86_size(&e));
    return code;
}

#else /* not an x86-64 host: the threaded executor only */

bool jit_init(cpu_t *cpu)
{
    (void)cpu;
    return false;
}
void jit_destroy(cpu_t *cpu) { (void)cpu; }
void jit_flush(cpu_t *cpu) { (void)cpu; }
bool jit_needs_flush(const cpu_t *cpu)
{
    (void)cpu;
    return false;
}
void *jit_compile(cpu_t *cpu, tb_t *tb)
{
    (void)cpu;
    (void)tb;
    return NULL;
}
#endif
