/* options_smp.c - -smp (CPU count and QEMU's topology forms) and -accel
 * (tcg with thread=single|multi), the command-line half of several CPUs. */
#include "options.h"
#include "options_internal.h"

#include <stdbool.h>
#include <string.h>

/* Strict decimal: digits only, no sign, no spaces. */
static int smp_parse_uint(const char *s, size_t len, long *out)
{
    if (len == 0 || len > 9)
        return -1;
    long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

/* -smp [cpus=]N[,maxcpus=N][,sockets=S][,dies=D][,clusters=C][,cores=K][,threads=T]
 *
 * QEMU's rules (hw/core/machine-smp.c, "prefer cores over sockets"): a
 * missing topology count is 1, except cores, which is derived from the CPU
 * count; without a CPU count, N is the product. The product must equal N.
 * tinyvm cannot add CPUs at run time, so maxcpus, when given, must be N.
 * The topology does not change the CPUs' MPIDRs (as on QEMU's virt board:
 * 16 CPUs per Aff1 cluster, board/virt.h). */
int opt_smp(vm_options_t *o, const struct opt_def *d, const char *shown, const char *arg)
{
    (void)d;
    static const char *const keys[] = { "cpus", "maxcpus", "sockets", "dies", "clusters",
                                        "cores", "threads" };
    enum { K_CPUS, K_MAX, K_SOCKETS, K_DIES, K_CLUSTERS, K_CORES, K_THREADS, K_N };
    long val[K_N] = { 0 };
    bool given[K_N] = { false };
    if (!*arg)
        return opt_error(shown, "empty CPU description (use N or N,cores=...,threads=...)");
    opt_kv_t kv[OPT_MAX_KV];
    int nkv, rc = opt_kv_parse(o, shown, arg, "cpus", kv, &nkv);
    if (rc != OPTIONS_RUN)
        return rc;
    for (int i = 0; i < nkv; i++) {
        const opt_kv_t *e = &kv[i];
        int k = -1;
        for (int j = 0; j < K_N; j++)
            if (strcmp(e->key, keys[j]) == 0)
                k = j;
        if (k < 0)
            return opt_error(shown, "unknown property '%s' (supported: cpus, maxcpus, "
                             "sockets, dies, clusters, cores, threads)", e->key);
        if (given[k])
            return opt_error(shown, "%s given twice", keys[k]);
        long n;
        if (smp_parse_uint(e->val, strlen(e->val), &n) < 0)
            return opt_error(shown, "'%s' is not a %s", e->val, k == K_CPUS ? "CPU count" : "number");
        if (n > 4096)
            return opt_error(shown, "%s=%ld is too large", keys[k], n);
        if (n < 1)
            return opt_error(shown, k == K_CPUS ? "the CPU count must be at least 1"
                                                : "%s must be at least 1", keys[k]);
        val[k] = n;
        given[k] = true;
    }
    long sockets = given[K_SOCKETS] ? val[K_SOCKETS] : 1;
    long dies = given[K_DIES] ? val[K_DIES] : 1;
    long clusters = given[K_CLUSTERS] ? val[K_CLUSTERS] : 1;
    long threads = given[K_THREADS] ? val[K_THREADS] : 1;
    long long others = (long long)sockets * dies * clusters * threads; /* each <= 4096 */
    long long cores, cpus;
    if (!given[K_CPUS])
        val[K_CPUS] = given[K_MAX] ? val[K_MAX] : 0;
    if (val[K_CPUS]) {
        cpus = val[K_CPUS];
        cores = given[K_CORES] ? val[K_CORES] : (others <= cpus && cpus % others == 0 ? cpus / others : 0);
    } else {
        cores = given[K_CORES] ? val[K_CORES] : 1;
        cpus = cores * others;
    }
    if (given[K_MAX] && val[K_MAX] != cpus)
        return opt_error(shown, "maxcpus=%ld differs from the CPU count %lld (tinyvm cannot "
                         "add CPUs at run time)", val[K_MAX], cpus);
    long long product = (long long)sockets * dies * clusters * threads * (cores ? cores : 1);
    if (cores == 0 || product != cpus)
        return opt_error(shown, "sockets (%ld) x dies (%ld) x clusters (%ld) x cores (%lld) x "
                         "threads (%ld) must equal the CPU count %lld", sockets, dies,
                         clusters, cores, threads, cpus);
    if (cpus > OPTIONS_MAX_SMP)
        return opt_error(shown, "%lld CPUs: at most %d are supported", cpus, OPTIONS_MAX_SMP);
    o->smp = (int)cpus;
    return OPTIONS_RUN;
}

/* -accel tcg[,thread=single|multi][,backend=native|threaded]: QEMU's
 * spelling for how vCPUs map onto host threads; backend= is tinyvm's own
 * (cpu/jit/: generated x86-64 code or the threaded reference executor). tcg is the only accelerator (tinyvm translates; no KVM on
 * an x86-64 host for an arm64 guest). */
int opt_accel(vm_options_t *o, const struct opt_def *d, const char *shown, const char *arg)
{
    (void)d;
    if (strcmp(arg, "help") == 0 || strcmp(arg, "?") == 0)
        return opt_error(shown, "only 'tcg' exists (tcg[,thread=single|multi][,backend=native|threaded])");
    if (!*arg)
        return opt_error(shown, "empty accelerator (use tcg[,thread=single|multi][,backend=native|threaded])");
    opt_kv_t kv[OPT_MAX_KV];
    int n, rc = opt_kv_parse(o, shown, arg, "accel", kv, &n);
    if (rc != OPTIONS_RUN)
        return rc;
    for (int i = 0; i < n; i++) {
        const opt_kv_t *e = &kv[i];
        if (strcmp(e->key, "accel") == 0) {
            if (strcmp(e->val, "tcg") != 0)
                return opt_error(shown, "accelerator '%s' is not supported (only tcg)", e->val);
        } else if (strcmp(e->key, "thread") == 0) {
            if (strcmp(e->val, "single") == 0)
                o->accel_thread = VM_ACCEL_THREAD_SINGLE;
            else if (strcmp(e->val, "multi") == 0)
                o->accel_thread = VM_ACCEL_THREAD_MULTI;
            else
                return opt_error(shown, "thread=%s is not valid (single or multi)", e->val);
        } else if (strcmp(e->key, "backend") == 0) {
            if (strcmp(e->val, "native") == 0)
                o->accel_backend = VM_ACCEL_BACKEND_NATIVE;
            else if (strcmp(e->val, "threaded") == 0)
                o->accel_backend = VM_ACCEL_BACKEND_THREADED;
            else
                return opt_error(shown, "backend=%s is not valid (native or threaded)", e->val);
        } else {
            return opt_error(shown, "unknown property '%s' (supported: thread=single|multi, "
                             "backend=native|threaded)", e->key);
        }
    }
    return OPTIONS_RUN;
}
