/* Ops of the system-instruction files (sys_*.c). */
#define OP_LIST_SYS(X)
