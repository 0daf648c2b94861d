/* dp.h - what the data-processing files (dp_*.c) share among themselves. */
#ifndef TINYVM_CPU_DP_H
#define TINYVM_CPU_DP_H

/* Build the CRC32/CRC32C lookup tables (once, thread-safe); the decoder calls
 * it before emitting a CRC op, so the handlers never check. */
void dp_crc_init(void);

#endif
