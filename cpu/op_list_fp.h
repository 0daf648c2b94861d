/* Ops of the scalar floating-point files (fp_*.c). */
#define OP_LIST_FP(X)
