/* Ops of branch.c: branches, block exits, exception-generating instructions. */
#define OP_LIST_BRANCH(X) \
    X(goto_tb) X(exit_tb) X(undef) X(fp_trap) \
    X(b) X(bl) X(bcond) X(cbz32) X(cbz64) X(cbnz32) X(cbnz64) X(tbz) X(tbnz) \
    X(br) X(blr) X(eret) \
    X(svc) X(hvc) X(smc) X(brk)
