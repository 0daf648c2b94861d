/* stats.c - the --stats report. See stats.h. */
#include "stats.h"

#include <string.h>

#include "debug/trace.h"

void stats_sum_cpus(cpu_t *const *cpus, int n, cpu_stats_t *sum)
{
    memset(sum, 0, sizeof(*sum));
    for (int i = 0; i < n; i++) {
        const cpu_stats_t *s = cpu_get_stats(cpus[i]);
        /* Every field is a uint64_t counter: add them as an array, so a new
         * counter needs no change here. */
        const uint64_t *src = (const uint64_t *)(const void *)s;
        uint64_t *dst = (uint64_t *)(void *)sum;
        for (size_t k = 0; k < sizeof(*sum) / sizeof(uint64_t); k++)
            dst[k] += src[k];
    }
}

static double pct(uint64_t part, uint64_t whole)
{
    return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static const char *ec_short_name(unsigned ec)
{
    switch (ec) {
    case 0x00: return "undef";
    case 0x01: return "wfx";
    case 0x07: return "fp-trap";
    case 0x0e: return "illegal";
    case 0x15: return "svc";
    case 0x16: return "hvc";
    case 0x17: return "smc";
    case 0x18: return "sysreg";
    case 0x20: return "iabt-el0";
    case 0x21: return "iabt-el1";
    case 0x22: return "pc-align";
    case 0x24: return "dabt-el0";
    case 0x25: return "dabt-el1";
    case 0x26: return "sp-align";
    case 0x3c: return "brk";
    default: return NULL;
    }
}

void stats_print(FILE *f, const cpu_stats_t *s, const machine_times_t *t)
{
    double wall = (double)t->wall_ns / 1e9;
    fprintf(f, "tinyvm: --stats\n");
    fprintf(f, "  guest instructions   %llu in %.3f s (%.1f MIPS)\n", (unsigned long long)s->insns,
            wall, wall > 0 ? (double)s->insns / wall / 1e6 : 0.0);
    /* The split: translation and device callbacks are timed inside
     * cpu_run(); the rest of it is executing translated code. */
    uint64_t inside = s->translate_ns + s->mmio_ns;
    uint64_t exec = t->run_ns > inside ? t->run_ns - inside : 0;
    uint64_t device = t->device_ns + s->mmio_ns;
    fprintf(f, "  wall time            executing %.1f%%, translating %.1f%%, idle %.1f%%, "
            "device work %.1f%% (%llu device register accesses)\n",
            pct(exec, t->wall_ns), pct(s->translate_ns, t->wall_ns), pct(t->idle_ns, t->wall_ns),
            pct(device, t->wall_ns), (unsigned long long)s->mmio_accesses);
    fprintf(f, "  blocks translated    %llu (cache flushes %llu, invalidated %llu)\n",
            (unsigned long long)s->tbs_translated, (unsigned long long)s->tb_flushes,
            (unsigned long long)s->tb_invalidations);
    /* The executor (cpu/jit/): per CPU, native where its code buffer maps. */
    if (s->native_cpus)
        fprintf(f, "  backend              native x86-64 (%llu CPU%s): %llu blocks compiled, "
                "%.1f KiB of code\n", (unsigned long long)s->native_cpus,
                s->native_cpus == 1 ? "" : "s", (unsigned long long)s->native_blocks,
                (double)s->native_bytes / 1024.0);
    else
        fprintf(f, "  backend              threaded\n");
    fprintf(f, "  block lookups        %llu: jump cache %.2f%%, hash table %.2f%%, translated %.2f%%; "
            "chained jumps %llu\n",
            (unsigned long long)s->tb_lookups, pct(s->tb_jc_hits, s->tb_lookups),
            pct(s->tb_hash_hits, s->tb_lookups),
            pct(s->tb_lookups - s->tb_jc_hits - s->tb_hash_hits, s->tb_lookups),
            (unsigned long long)s->tb_chained);
    /* Hits are not counted (the fast path stays a compare and an add):
     * fills, i.e. page walks, per thousand instructions say how well the
     * TLB holds the working set. */
    fprintf(f, "  TLB                  %llu fills (%.3f per 1000 instructions), %llu victim hits, "
            "%llu flushes\n",
            (unsigned long long)s->tlb_misses,
            s->insns ? 1000.0 * (double)s->tlb_misses / (double)s->insns : 0.0,
            (unsigned long long)s->tlb_victim_hits, (unsigned long long)s->tlb_flushes);
    fprintf(f, "  interrupts           irq %llu, fiq %llu\n", (unsigned long long)s->irqs,
            (unsigned long long)s->fiqs);
    fprintf(f, "  exceptions          ");
    bool any = false;
    for (unsigned ec = 0; ec < 64; ec++) {
        if (!s->exceptions[ec])
            continue;
        const char *name = ec_short_name(ec);
        if (name)
            fprintf(f, "%s %s %llu", any ? "," : "", name, (unsigned long long)s->exceptions[ec]);
        else
            fprintf(f, "%s ec%#x %llu", any ? "," : "", ec, (unsigned long long)s->exceptions[ec]);
        any = true;
    }
    fprintf(f, "%s\n", any ? "" : " none");
    if (any) {
        /* The same classes in words (debug/trace.c), for readers. */
        for (unsigned ec = 0; ec < 64; ec++)
            if (s->exceptions[ec] && trace_ec_name(ec))
                fprintf(f, "    %-8llu %s\n", (unsigned long long)s->exceptions[ec], trace_ec_name(ec));
    }
}
