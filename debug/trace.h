/* trace.h - the -d trace items, the -D log file and small formatting helpers.
 *
 * A leaf module: it includes nothing from the project, so cpu/, mem/,
 * devices/ and board/ may all include it. Trace points test one global mask
 * with trace_on(), which the compiler lays out as a not-taken branch; they
 * sit only at cold points (translation, exception entry, table walks, device
 * requests), never on the per-instruction or chained block-to-block path.
 * The per-block items (exec, cpu) are served by the dispatcher, which stops
 * chaining blocks while they are on (cpu/exec.c).
 */
#ifndef TINYVM_DEBUG_TRACE_H
#define TINYVM_DEBUG_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum {
    TRACE_IN_ASM = 1u << 0, /* each block's guest code when it is translated */
    TRACE_EXEC = 1u << 1,   /* each block executed */
    TRACE_CPU = 1u << 2,    /* registers before each block */
    TRACE_INT = 1u << 3,    /* exceptions, interrupts, exception returns */
    TRACE_MMU = 1u << 4,    /* table walks, translation faults, TLB flushes */
    TRACE_VIRTIO = 1u << 5, /* queue notifications and requests */
    TRACE_UNIMP = 1u << 6,  /* unimplemented system registers, unmapped addresses,
                               device registers that do not exist */
    TRACE_OUT_ASM = 1u << 7, /* each block's generated host code (native backend) */
};

/* The items switched on (-d). Written once before the machine starts. */
extern unsigned trace_mask;

#define trace_on(items) __builtin_expect((trace_mask & (items)) != 0, 0)

/* Parse a -d list ("in_asm,int"). Returns 0 and sets *mask; 1 when the list
 * asks for "help" (the caller prints trace_help() and exits 0); -1 with a
 * one-line reason in err for an unknown or empty item. */
int trace_parse(const char *list, unsigned *mask, char *err, size_t errlen);

/* -d help: one line per item with its description. */
void trace_help(FILE *out);

/* -D FILE: open (truncate) the log file now. Returns 0, or -1 with errno.
 * Without it the log goes to stderr. */
int trace_open(const char *path);
void trace_close(void); /* flush and close the log (registered with atexit too) */

/* Where trace lines go (stderr unless -D). */
FILE *trace_file(void);

/* One trace line: printf-style; the caller supplies the trailing newline. */
void trace_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* unimp: a guest access to a device register that does not exist (or a
 * write to a read-only one); dev names the device, offset is in its window. */
void trace_unimp_device(const char *dev, uint64_t offset, unsigned size, bool is_write);

/* ESR_ELx decoded to words (Arm ARM D17.2.37 "ESR_EL1"): the exception class
 * in words, then its ISS as far as it means something to a reader, e.g.
 * "data abort from a lower EL, translation fault level 3, write".
 * Returns buf. */
const char *trace_esr_describe(uint32_t esr, char *buf, size_t len);

/* The exception class (ESR.EC) in a few words; "EC 0x.." for unknown ones. */
const char *trace_ec_name(unsigned ec);

/* An abort's fault status code (DFSC/IFSC) in words, e.g.
 * "translation fault level 3". */
const char *trace_fsc_name(unsigned fsc, char *buf, size_t len);

#endif
