/* Ops of branch.c: branches, block exits, exception-generating instructions. */
#define OP_LIST_BRANCH(X) \
    X(goto_tb) X(exit_tb) X(undef) X(fp_trap) \
    X(b) X(bl) X(bcond) X(cbz32) X(cbz64) X(cbnz32) X(cbnz64) X(tbz) X(tbnz) \
    X(br) X(blr) X(eret) \
    X(svc) X(hvc) X(smc) X(brk) \
    CMPBR_CONDS_X(OP_LIST_CMPBR_FORMS, X)

/* Fused CMP + B.cond (branch.c: branch_fuse_cmp): one op per operand form
 * (i: immediate, r: register), width and condition EQ..LE, in encoding order. */
#define CMPBR_CONDS(Y) Y(eq) Y(ne) Y(cs) Y(cc) Y(mi) Y(pl) Y(vs) Y(vc) Y(hi) Y(ls) Y(ge) Y(lt) Y(gt) Y(le)
#define CMPBR_CONDS_X(Y, X) Y(X, eq) Y(X, ne) Y(X, cs) Y(X, cc) Y(X, mi) Y(X, pl) Y(X, vs) \
    Y(X, vc) Y(X, hi) Y(X, ls) Y(X, ge) Y(X, lt) Y(X, gt) Y(X, le)
#define OP_LIST_CMPBR_FORMS(X, cond) X(cmpbr_i64_##cond) X(cmpbr_i32_##cond) X(cmpbr_r64_##cond) X(cmpbr_r32_##cond)
