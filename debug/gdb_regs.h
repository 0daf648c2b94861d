/* gdb_regs.h - the AArch64 registers as GDB numbers them, and the target
 * description that tells GDB so (GDB manual, "Target Descriptions",
 * "AArch64 Features": org.gnu.gdb.aarch64.core and .fpu).
 *
 *   0..30  x0..x30   64 bits      32  pc     64 bits
 *   31     sp        64 bits      33  cpsr   32 bits
 *   34..65 v0..v31   128 bits     66  fpsr   32 bits, 67 fpcr 32 bits
 *
 * Values travel as little-endian bytes in target byte order (the 'g'
 * packet is all of them in this order).
 */
#ifndef TINYVM_DEBUG_GDB_REGS_H
#define TINYVM_DEBUG_GDB_REGS_H

#include <stddef.h>
#include <stdint.h>

#include "cpu/cpu.h"

enum {
    GDB_REG_SP = 31, GDB_REG_PC = 32, GDB_REG_CPSR = 33, GDB_REG_V0 = 34,
    GDB_REG_FPSR = 66, GDB_REG_FPCR = 67, GDB_NUM_REGS = 68,
};
#define GDB_G_BYTES (31 * 8 + 8 + 8 + 4 + 32 * 16 + 4 + 4) /* 788 */

/* Size in bytes of register n, or 0 if there is no such register. */
size_t gdb_reg_size(int n);
/* Read register n into out (gdb_reg_size(n) bytes); returns the size or 0. */
size_t gdb_reg_read(cpu_t *cpu, int n, uint8_t *out);
/* Write register n from in (gdb_reg_size(n) bytes); -1 for no such register
 * or a CPSR value the CPU cannot take. */
int gdb_reg_write(cpu_t *cpu, int n, const uint8_t *in);

/* The target description document served as qXfer:features:read:target.xml. */
extern const char gdb_target_xml[];

#endif
