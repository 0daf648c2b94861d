/* jit_ops.c - ops the native backend inlines (see jit_ops.h). */
#if defined(__x86_64__)
#include "jit_ops.h"

bool jit_inline_op(x86_emit_t *e, cpu_t *cpu, const tb_t *tb, const op_t *op)
{
    (void)e;
    (void)cpu;
    (void)tb;
    (void)op;
    return false;
}
#endif
