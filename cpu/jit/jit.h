/* jit.h - the native x86-64 backend: translates a block's ops (op.h) into
 * host machine code.
 *
 * It is an accelerator over the threaded-code executor, which stays the
 * reference backend (and the only one on other hosts): a block's ops stay
 * valid and runnable, native code is only a faster way to run them, so at
 * any block boundary the two executors are interchangeable.
 *
 * Generated code (docs/ARCHITECTURE.md "The native backend"): an op the
 * backend does not inline is a direct call of its C handler with (cpu, op);
 * the ones it inlines do the same work on cpu->x[] with cpu in rbx. The
 * block's last op (a branch) returns the next op like in the threaded
 * executor: NULL, or the first op of a chained block, whose native code the
 * shared exit stub jumps to (or returns it to the dispatcher when the block
 * has none). Handlers that fault unwind with siglongjmp to cpu_run_blocks,
 * abandoning the native frame.
 */
#ifndef TINYVM_CPU_JIT_JIT_H
#define TINYVM_CPU_JIT_JIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu/cpu_internal.h"
#include "cpu/tb.h"

#if defined(__x86_64__)
#define JIT_AVAILABLE 1
#else
#define JIT_AVAILABLE 0
#endif

typedef const op_t *(*jit_enter_fn)(cpu_t *cpu, const void *code);

typedef struct jit {
    uint8_t *buf;
    size_t size;
    size_t code_start;       /* blocks start here, after the trampolines */
    size_t used;
    jit_enter_fn enter;      /* the entry trampoline */
    const uint8_t *exit_stub;/* rax = next op or NULL: chain natively or return */
    const uint8_t *ret_stub; /* return rax to the dispatcher */
    const uint8_t *chain_stub; /* tb_chain() for inlined direct branches (jit_ops.c) */
} jit_t;

/* Set up the CPU's code buffer (cpu->jit); false when the backend is
 * unavailable (not an x86-64 host, or no executable memory). */
bool jit_init(cpu_t *cpu);
void jit_destroy(cpu_t *cpu);
/* Forget every block's code (tb_flush: the block cache is emptied too). */
void jit_flush(cpu_t *cpu);
/* True when the buffer has no room for another block: the block cache
 * flushes everything before translating the next one (tb_alloc). */
bool jit_needs_flush(const cpu_t *cpu);
/* Native code for a just-translated block, or NULL (backend off, buffer
 * full, single-step block). */
void *jit_compile(cpu_t *cpu, tb_t *tb);

/* Run tb natively (cur_tb/icount are already set for it); returns the op to
 * continue with threaded (the first op of a chained block without native
 * code) or NULL for the dispatcher. */
static inline const op_t *jit_run(cpu_t *cpu, const tb_t *tb)
{
    return cpu->jit->enter(cpu, tb->native);
}

#endif
