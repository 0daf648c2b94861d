/* cpu_trace.c - formatting for the CPU's -d trace items. See cpu_trace.h. */
#include "cpu_trace.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "debug/disas.h"
#include "sysreg.h"
#include "tb.h"

uint64_t cpu_clock_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static const char *const exc_type_names[4] = { "sync", "IRQ", "FIQ", "SError" };
static const char *const acc_names[3] = { "read", "write", "fetch" };
static const char *const regime_names[MMU_IDX_COUNT] = { "EL0", "EL1", "EL1+PAN" };

void cpu_trace_translated(const cpu_t *cpu, const struct tb *tb, const uint8_t *host)
{
    FILE *f = trace_file();
    fprintf(f, "IN: PC 0x%016" PRIx64 " phys 0x%010" PRIx64 " flags 0x%x (EL%u, regime %s, FP %s) %u insns\n",
            tb->pc, tb->phys_pc, tb->flags, cpu->el, regime_names[tb->flags & 3],
            (tb->flags & TB_FLAG_FP) ? "on" : "trapped", tb->ninsns);
    disas_block(f, tb->pc, host, 4u * tb->ninsns);
}

/* out_asm: name the C handlers generated code calls (op_<name>). */
static const char *handler_name(uint64_t addr)
{
    for (unsigned k = 0; k < OP_KIND_COUNT; k++)
        if ((uint64_t)(uintptr_t)op_handlers[k] == addr)
            return op_names[k];
    return NULL;
}

void cpu_trace_native(const cpu_t *cpu, const struct tb *tb, const uint8_t *code, size_t len)
{
    (void)cpu;
    FILE *f = trace_file();
    fprintf(f, "OUT: PC 0x%016" PRIx64 " %u ops, %zu bytes of x86-64\n", tb->pc, tb->nops, len);
    disas_x86_block(f, code, len, handler_name);
}

void cpu_trace_block(const cpu_t *cpu, const struct tb *tb)
{
    FILE *f = trace_file();
    if (trace_mask & TRACE_EXEC)
        fprintf(f, "exec: PC 0x%016" PRIx64 " phys 0x%010" PRIx64 " EL%u insns %u icount %" PRIu64 "\n",
                tb->pc, tb->phys_pc, cpu->el, tb->ninsns, cpu->icount);
    if (trace_mask & TRACE_CPU) {
        for (int i = 0; i < 31; i++)
            fprintf(f, "X%02d=%016" PRIx64 "%s", i, cpu->x[i], i % 4 == 3 ? "\n" : " ");
        uint32_t nzcv = cpu_get_nzcv(cpu);
        fprintf(f, "SP=%016" PRIx64 "\nPC=%016" PRIx64 " PSTATE=%08x %c%c%c%c EL%u%c DAIF=%x\n",
                cpu->x[REG_SP], cpu->pc, cpu_pstate_to_spsr(cpu),
                nzcv & 0x80000000u ? 'N' : '-', nzcv & 0x40000000u ? 'Z' : '-',
                nzcv & 0x20000000u ? 'C' : '-', nzcv & 0x10000000u ? 'V' : '-', cpu->el,
                cpu->spsel ? 'h' : 't', cpu->daif >> 6);
    }
}

void cpu_trace_exception(const cpu_t *cpu, int type, int from_el, uint64_t ret_pc, uint32_t esr,
                         uint64_t far, bool far_valid)
{
    FILE *f = trace_file();
    fprintf(f, "int: %s from EL%d to EL1:", exc_type_names[type & 3], from_el);
    if (type == EXC_SYNC || type == EXC_SERROR) {
        char words[192];
        fprintf(f, " ESR 0x%08x (%s)", esr, trace_esr_describe(esr, words, sizeof(words)));
    }
    if (far_valid)
        fprintf(f, " FAR 0x%016" PRIx64, far);
    fprintf(f, " ELR 0x%016" PRIx64 " -> PC 0x%016" PRIx64 "\n", ret_pc, cpu->pc);
}

void cpu_trace_eret(const cpu_t *cpu, int from_el, uint32_t spsr, uint64_t elr, bool illegal)
{
    trace_log("int: eret from EL%d to EL%u: SPSR 0x%08x ELR 0x%016" PRIx64 "%s -> PC 0x%016" PRIx64 "\n",
              from_el, cpu->el, spsr, elr, illegal ? " (illegal return: PSTATE.IL set)" : "",
              cpu->pc);
}

void cpu_trace_walk(const cpu_t *cpu, uint64_t va, acc_t acc, int mmu_idx, const mmu_result_t *r)
{
    FILE *f = trace_file();
    fprintf(f, "mmu: walk VA 0x%016" PRIx64 " %s %s: ", va, regime_names[mmu_idx], acc_names[acc]);
    if (!(cpu->sys.sctlr & 1))
        fprintf(f, "MMU off");
    else
        fprintf(f, "TTBR%d levels %u..%u", (int)(va >> 55 & 1), r->first_level, r->level);
    if (r->fault == MMU_FAULT_NONE) {
        unsigned sh = r->page_shift;
        fprintf(f, " -> PA 0x%010" PRIx64 " %s%s%s attrs 0x%x size %u %s\n", r->pa,
                r->perms & TLB_PERM_R ? "r" : "-", r->perms & TLB_PERM_W ? "w" : "-",
                r->perms & TLB_PERM_X ? "x" : "-", r->attrs,
                1u << (sh >= 30 ? sh - 30 : sh >= 20 ? sh - 20 : sh - 10),
                sh >= 30 ? "GiB" : sh >= 20 ? "MiB" : "KiB");
    } else {
        char fsc[80];
        fprintf(f, " -> %s\n", trace_fsc_name(mmu_fault_status(r), fsc, sizeof(fsc)));
    }
}

void cpu_trace_tlb_flush(const cpu_t *cpu, const char *what, uint64_t arg)
{
    (void)cpu;
    if (arg == UINT64_MAX)
        trace_log("mmu: tlb flush %s\n", what);
    else
        trace_log("mmu: tlb flush %s 0x%" PRIx64 "\n", what, arg);
}

void cpu_trace_unimp_insn(const cpu_t *cpu, uint32_t insn, uint64_t pc)
{
    /* MRS/MSR/SYS: 1101 0101 00 L op0(2) op1(3) CRn CRm op2 Rt. */
    if ((insn & 0xffc00000u) != 0xd5000000u || (insn >> 19 & 3) == 0)
        return;
    char text[128];
    disas_one(pc, insn, text, sizeof(text));
    /* capstone names the registers it knows; for the others it prints a
     * generic "s3_..." (with op0 wrong for op0 = 2): say so instead. */
    const char *s = strstr(text, " s");
    if (s && s[2] >= '0' && s[2] <= '3' && s[3] == '_')
        snprintf(text, sizeof(text), "no name known");
    unsigned op0 = insn >> 19 & 3, op1 = insn >> 16 & 7, crn = insn >> 12 & 15;
    unsigned crm = insn >> 8 & 15, op2 = insn >> 5 & 7;
    const char *dir = op0 == 1 ? "" : (insn & (1u << 21)) ? " read" : " write";
    trace_log("unimp: %s%s op0=%u op1=%u CRn=%u CRm=%u op2=%u (%s) at EL%u PC 0x%016" PRIx64 "\n",
              op0 == 1 ? "system instruction" : "system register",
              dir, op0, op1, crn, crm, op2, text, cpu->el, pc);
}
