/* Ops of the Advanced SIMD files (simd_*.c). */
#define OP_LIST_SIMD(X)
