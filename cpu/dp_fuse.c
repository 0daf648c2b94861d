/* dp_fuse.c - fused pairs of ops: the peephole that forms them and the
 * ALU+ALU handlers (the pairs with a load or store are in ldst.c).
 *
 * Compiled loops are runs of two to six instructions between branches
 * (address arithmetic, a load, a compare): in the threaded executor each
 * costs a dispatch (an indirect call the host must predict) besides its own
 * work. A fused op does two adjacent instructions in one dispatch.
 *
 * Precise state is kept: the first instruction completes before the second
 * starts, exactly as when they run apart; an ALU op never faults, and a
 * memory op of a pair faults with its own op (so its own PC, ESR and FAR),
 * after the ALU op before it has completed -- what the architecture shows
 * for a fault on the second instruction. The second op's slot keeps its
 * operands and becomes OP_nop, so the block's op-to-instruction map (idx,
 * icount) is unchanged and a backend that walks the ops one by one still
 * does each instruction once.
 */
#include "dp_fuse.h"
#include "tb.h"

#define FZ_DEF_AA(X, a, b)                                  \
    const op_t *op_fz_##a##_##b(cpu_t *cpu, const op_t *op) \
    {                                                       \
        FZ_BODY_##a(op);                                    \
        FZ_BODY_##b(op + 1);                                \
        return op + 2;                                      \
    }
#define FZ_DEF_AA_ROW(X, a) FZ_ALU_INNER(FZ_DEF_AA, X, a)
FZ_ALU_OUTER(FZ_DEF_AA_ROW, _)

/* Position (1-based) of a kind in the ALU and MEM lists, 0 if absent. */
#define FZ_ENUM(X, k) FZ_POS_##k,
enum { FZ_ALU_OUTER(FZ_ENUM, _) FZ_MEM_OUTER(FZ_ENUM, _) };
#define FZ_POS(X, k) [OP_##k] = FZ_POS_##k + 1,
#define FZ_POS_MEM(X, k) [OP_##k] = FZ_POS_##k + 1 - FZ_NALU,
static const uint8_t fz_alu_pos[OP_KIND_COUNT] = { FZ_ALU_OUTER(FZ_POS, _) };
static const uint8_t fz_mem_pos[OP_KIND_COUNT] = { FZ_MEM_OUTER(FZ_POS_MEM, _) };

/* First and last kinds of each block of the list (row-major order). */
#define FZ_FIRST_AA OP_fz_add_imm64_add_imm64
#define FZ_FIRST_AM OP_fz_add_imm64_ldr32_rlsl
#define FZ_FIRST_MA OP_fz_ldr32_rlsl_add_imm64
_Static_assert(FZ_FIRST_AM == FZ_FIRST_AA + FZ_NALU * FZ_NALU, "ALU+ALU block size");
_Static_assert(FZ_FIRST_MA == FZ_FIRST_AM + FZ_NALU * FZ_NMEM, "ALU+MEM block size");
_Static_assert(OP_fz_str64_rlsl_add_lsl32 == FZ_FIRST_MA + FZ_NMEM * FZ_NALU - 1,
               "MEM+ALU block size");

/* The fused kind for first, second, or 0 when they do not fuse. */
static unsigned fz_kind(unsigned first, unsigned second)
{
    unsigned a1 = fz_alu_pos[first], m1 = fz_mem_pos[first];
    unsigned a2 = fz_alu_pos[second], m2 = fz_mem_pos[second];
    if (a1 && a2)
        return FZ_FIRST_AA + (a1 - 1) * FZ_NALU + (a2 - 1);
    if (a1 && m2)
        return FZ_FIRST_AM + (a1 - 1) * FZ_NMEM + (m2 - 1);
    if (m1 && a2)
        return FZ_FIRST_MA + (m1 - 1) * FZ_NALU + (a2 - 1);
    return 0;
}

void fuse_pairs(tb_t *tb)
{
    /* Listed kinds are never the block's last op (that is a branch or an
     * exit), so i + 1 is always an ordinary op here. */
    for (unsigned i = 0; i + 1 < tb->nops;) {
        unsigned k = fz_kind(tb->ops[i].kind, tb->ops[i + 1].kind);
        if (!k) {
            i++;
            continue;
        }
        op_set(&tb->ops[i], (enum op_kind)k);
        op_set(&tb->ops[i + 1], OP_nop); /* the carrier: operands kept */
        i += 2;
    }
}
