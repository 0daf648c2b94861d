/* Ops of the data-processing files (dp_*.c). */
#define OP_LIST_DP(X) X(nop)
