/* Ops of the load/store files (ldst_*.c). */
#define OP_LIST_MEM(X)
