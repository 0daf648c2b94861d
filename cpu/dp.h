/* dp.h - what the data-processing files (dp_*.c) share among themselves. */
#ifndef TINYVM_CPU_DP_H
#define TINYVM_CPU_DP_H

/* Build the CRC32/CRC32C lookup tables (once, thread-safe); the decoder calls
 * it before emitting a CRC op, so the handlers never check. */
void dp_crc_init(void);

/* CSEL & co. after a compare: the condition as a truth table over the
 * compare's operands, 0 when it cannot be one (dp_alu.c). */
#include <stdint.h>
uint8_t dp_cond_cmp_table(unsigned cond);

#endif
