/* trace.c - the -d item mask, -d parsing and help, the -D log file, and the
 * ESR decoding the `int` item prints. See trace.h. */
#include "trace.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

unsigned trace_mask;

static FILE *log_file; /* NULL: stderr */
static bool atexit_done;

static const struct {
    const char *name;
    unsigned bit;
    const char *help;
} items[] = {
    { "in_asm", TRACE_IN_ASM, "guest code of each translation block when it is translated (capstone)" },
    { "out_asm", TRACE_OUT_ASM, "host x86-64 code the native backend generates for each block (capstone)" },
    { "exec", TRACE_EXEC, "each translation block executed, with its PC (disables block chaining)" },
    { "cpu", TRACE_CPU, "the registers before each translation block (disables block chaining)" },
    { "int", TRACE_INT, "exceptions and interrupts: type, EL change, ESR in words, FAR, ELR; ERET" },
    { "mmu", TRACE_MMU, "page-table walks with their result or fault, TLB flushes" },
    { "virtio", TRACE_VIRTIO, "virtqueue notifications and each request (blk, net, rng)" },
    { "unimp", TRACE_UNIMP, "unimplemented system registers, unmapped addresses, missing device registers" },
};
#define N_ITEMS (sizeof(items) / sizeof(items[0]))

int trace_parse(const char *list, unsigned *mask, char *err, size_t errlen)
{
    unsigned m = 0;
    const char *p = list;
    for (;;) {
        size_t len = strcspn(p, ",");
        if (len == 0) {
            snprintf(err, errlen, "empty item in '%s' (see -d help)", list);
            return -1;
        }
        if (len == 4 && !strncmp(p, "help", 4))
            return 1;
        size_t i = 0;
        for (; i < N_ITEMS; i++)
            if (strlen(items[i].name) == len && !strncmp(items[i].name, p, len))
                break;
        if (i == N_ITEMS) {
            snprintf(err, errlen, "unknown item '%.*s' (see -d help)", (int)(len < 64 ? len : 64), p);
            return -1;
        }
        m |= items[i].bit;
        if (!p[len])
            break;
        p += len + 1;
    }
    *mask = m;
    return 0;
}

void trace_help(FILE *out)
{
    fprintf(out, "Trace items for -d (comma-separated; the log goes to stderr, or to -D FILE):\n");
    for (size_t i = 0; i < N_ITEMS; i++)
        fprintf(out, "  %-8s %s\n", items[i].name, items[i].help);
}

void trace_close(void)
{
    if (log_file) {
        fclose(log_file);
        log_file = NULL;
    } else {
        fflush(stderr);
    }
}

int trace_open(const char *path)
{
    FILE *f = fopen(path, "we");
    if (!f)
        return -1;
    if (log_file)
        fclose(log_file);
    log_file = f;
    /* A large buffer: a trace of a boot is hundreds of megabytes. */
    setvbuf(f, NULL, _IOFBF, 1 << 16);
    if (!atexit_done) {
        atexit(trace_close);
        atexit_done = true;
    }
    return 0;
}

FILE *trace_file(void)
{
    return log_file ? log_file : stderr;
}

void trace_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(trace_file(), fmt, ap);
    va_end(ap);
}

void trace_unimp_device(const char *dev, uint64_t offset, unsigned size, bool is_write)
{
    trace_log("unimp: %s: %s register at offset 0x%llx (%u bytes)\n", dev,
              is_write ? "write to a read-only or missing" : "read of a missing or write-only",
              (unsigned long long)offset, size);
}

/* ---- ESR_ELx in words ---------------------------------------------------- */

const char *trace_ec_name(unsigned ec)
{
    switch (ec) {
    case 0x00: return "unknown reason (undefined instruction)";
    case 0x01: return "trapped WFI/WFE";
    case 0x07: return "SIMD/FP access trapped (CPACR_EL1.FPEN)";
    case 0x0e: return "illegal execution state";
    case 0x15: return "SVC from AArch64";
    case 0x16: return "HVC from AArch64";
    case 0x17: return "SMC from AArch64";
    case 0x18: return "trapped MSR, MRS or system instruction";
    case 0x20: return "instruction abort from a lower EL";
    case 0x21: return "instruction abort from the current EL";
    case 0x22: return "PC alignment fault";
    case 0x24: return "data abort from a lower EL";
    case 0x25: return "data abort from the current EL";
    case 0x26: return "SP alignment fault";
    case 0x2c: return "trapped floating-point exception";
    case 0x2f: return "SError interrupt";
    case 0x30: return "breakpoint from a lower EL";
    case 0x31: return "breakpoint from the current EL";
    case 0x32: return "software step from a lower EL";
    case 0x33: return "software step from the current EL";
    case 0x34: return "watchpoint from a lower EL";
    case 0x35: return "watchpoint from the current EL";
    case 0x3c: return "BRK instruction";
    default: return NULL;
    }
}

/* DFSC/IFSC encodings (ESR_ELx ISS for aborts, "Data Fault Status Code"). */
const char *trace_fsc_name(unsigned fsc, char *buf, size_t len)
{
    static const char *const level_kinds[4] = {
        "address size fault", "translation fault", "access flag fault", "permission fault",
    };
    if (fsc < 0x10)
        snprintf(buf, len, "%s level %u", level_kinds[fsc >> 2], fsc & 3);
    else if (fsc == 0x10)
        snprintf(buf, len, "synchronous external abort");
    else if (fsc == 0x11)
        snprintf(buf, len, "asynchronous external abort");
    else if (fsc >= 0x14 && fsc <= 0x17)
        snprintf(buf, len, "synchronous external abort on table walk level %u", fsc & 3);
    else if (fsc == 0x21)
        snprintf(buf, len, "alignment fault");
    else if (fsc == 0x30)
        snprintf(buf, len, "TLB conflict abort");
    else if (fsc == 0x35)
        snprintf(buf, len, "unsupported exclusive or atomic access");
    else
        snprintf(buf, len, "fault status 0x%02x", fsc);
    return buf;
}

const char *trace_esr_describe(uint32_t esr, char *buf, size_t len)
{
    unsigned ec = esr >> 26 & 0x3f;
    uint32_t iss = esr & 0x1ffffff;
    const char *name = trace_ec_name(ec);
    char ecbuf[16], fsc[64];
    if (!name) {
        snprintf(ecbuf, sizeof(ecbuf), "EC 0x%02x", ec);
        name = ecbuf;
    }
    switch (ec) {
    case 0x01:
        snprintf(buf, len, "%s, %s", name, (iss & 1) ? "WFE" : "WFI");
        break;
    case 0x15: case 0x16: case 0x17: case 0x3c:
        snprintf(buf, len, "%s, #0x%x", name, iss & 0xffff);
        break;
    case 0x18:
        /* Op0 21:20, Op2 19:17, Op1 16:14, CRn 13:10, Rt 9:5, CRm 4:1, Direction 0. */
        snprintf(buf, len, "%s, %s S%u_%u_C%u_C%u_%u, x%u", name, (iss & 1) ? "read" : "write",
                 iss >> 20 & 3, iss >> 14 & 7, iss >> 10 & 15, iss >> 1 & 15, iss >> 17 & 7,
                 iss >> 5 & 31);
        break;
    case 0x20: case 0x21:
        snprintf(buf, len, "%s, %s%s", name, trace_fsc_name(iss & 0x3f, fsc, sizeof(fsc)),
                 (iss & (1u << 7)) ? ", on the stage-1 walk" : "");
        break;
    case 0x24: case 0x25: {
        /* WnR 6, S1PTW 7, CM 8 (cache maintenance: WnR reads as 1). */
        const char *dir = (iss & (1u << 8)) ? "cache maintenance" : (iss & (1u << 6)) ? "write" : "read";
        int n = snprintf(buf, len, "%s, %s, %s%s", name, trace_fsc_name(iss & 0x3f, fsc, sizeof(fsc)),
                         dir, (iss & (1u << 7)) ? ", on the stage-1 walk" : "");
        /* ISV 24: SAS 23:22 the access size, SRT 20:16 the register. */
        if ((iss & (1u << 24)) && n > 0 && (size_t)n < len)
            snprintf(buf + n, len - (size_t)n, ", %u bytes, x%u", 1u << (iss >> 22 & 3), iss >> 16 & 31);
        break;
    }
    default:
        if (iss)
            snprintf(buf, len, "%s, ISS 0x%x", name, iss);
        else
            snprintf(buf, len, "%s", name);
        break;
    }
    return buf;
}
