/* test_options.c - the command line: every accepted form and every error path.
 *
 * Errors must be exactly one line on stderr naming the option, so each error
 * test captures fd 2 (and fd 1) around options_parse().
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "board/options.h"
#include "board/virt.h"

static char tmpdir[64];
static char kernel_path[128], dir_path[128], fifo_path[128], noperm_path[128], missing_path[128];

typedef struct {
    int rc;
    vm_options_t o;
    char out[16384];
    char err[4096];
} result_t;

static void slurp(FILE *f, char *buf, size_t len)
{
    rewind(f);
    size_t n = fread(buf, 1, len - 1, f);
    buf[n] = '\0';
}

/* Run options_parse on argv = {"tinyvm", args..., NULL}, capturing fd 1 and 2. */
static result_t *run_argv(int argc, char **argv)
{
    static result_t r;
    memset(&r, 0, sizeof(r));
    FILE *out = tmpfile(), *err = tmpfile();
    assert_non_null(out);
    assert_non_null(err);
    fflush(stdout);
    fflush(stderr);
    int save1 = dup(1), save2 = dup(2);
    dup2(fileno(out), 1);
    dup2(fileno(err), 2);
    r.rc = options_parse(&r.o, argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(save1, 1);
    dup2(save2, 2);
    close(save1);
    close(save2);
    slurp(out, r.out, sizeof(r.out));
    slurp(err, r.err, sizeof(r.err));
    fclose(out);
    fclose(err);
    return &r;
}

static result_t *run(const char *first, ...)
{
    char *argv[64];
    int argc = 0;
    argv[argc++] = (char *)"tinyvm";
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a; a = va_arg(ap, const char *)) {
        assert_true(argc < 63);
        argv[argc++] = (char *)a;
    }
    va_end(ap);
    argv[argc] = NULL;
    return run_argv(argc, argv);
}

#define RUN(...) run(__VA_ARGS__, (const char *)NULL)

/* A successful parse: status 0 and nothing printed. */
static void assert_ok(const result_t *r)
{
    if (r->rc != OPTIONS_RUN)
        fprintf(stderr, "unexpected error: %s", r->err);
    assert_int_equal(r->rc, OPTIONS_RUN);
    assert_string_equal(r->err, "");
    assert_string_equal(r->out, "");
}

/* A usage error: status 2, nothing on stdout, exactly one line on stderr of
 * the form "tinyvm: <opt>: <problem>", and the problem contains `needle`. */
static void assert_error(const result_t *r, const char *opt, const char *needle)
{
    assert_int_equal(r->rc, OPTIONS_ERROR);
    assert_string_equal(r->out, "");
    char prefix[128];
    snprintf(prefix, sizeof(prefix), "tinyvm: %s: ", opt);
    if (strncmp(r->err, prefix, strlen(prefix)) != 0)
        fprintf(stderr, "stderr was: %s\n", r->err);
    assert_memory_equal(r->err, prefix, strlen(prefix));
    size_t len = strlen(r->err);
    assert_true(len > strlen(prefix) + 1);
    assert_int_equal(r->err[len - 1], '\n');
    assert_null(memchr(r->err, '\n', len - 1)); /* exactly one line */
    if (needle && !strstr(r->err, needle)) {
        fprintf(stderr, "stderr '%s' lacks '%s'\n", r->err, needle);
        fail();
    }
}

static int setup(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/tinyvm-opt-XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    snprintf(kernel_path, sizeof(kernel_path), "%s/Image", tmpdir);
    snprintf(dir_path, sizeof(dir_path), "%s/dir", tmpdir);
    snprintf(fifo_path, sizeof(fifo_path), "%s/fifo", tmpdir);
    snprintf(noperm_path, sizeof(noperm_path), "%s/noperm", tmpdir);
    snprintf(missing_path, sizeof(missing_path), "%s/missing", tmpdir);
    FILE *f = fopen(kernel_path, "w");
    if (!f)
        return -1;
    fputs("not really a kernel", f);
    fclose(f);
    f = fopen(noperm_path, "w");
    if (!f)
        return -1;
    fclose(f);
    chmod(noperm_path, 0);
    if (mkdir(dir_path, 0755) < 0 || mkfifo(fifo_path, 0644) < 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(kernel_path);
    unlink(noperm_path);
    unlink(fifo_path);
    rmdir(dir_path);
    rmdir(tmpdir);
    return 0;
}

/* ---- good forms ----------------------------------------------------------- */

static void test_defaults(void **state)
{
    (void)state;
    result_t *r = RUN("-kernel", kernel_path);
    assert_ok(r);
    assert_string_equal(r->o.kernel, kernel_path);
    assert_null(r->o.initrd);
    assert_null(r->o.append);
    assert_null(r->o.dtb);
    assert_null(r->o.dumpdtb);
    assert_int_equal(r->o.ram_size, 1ULL << 30);
    assert_int_equal(r->o.smp, 1);
    assert_int_equal(r->o.cpu, VM_CPU_CORTEX_A57);
    assert_int_equal(r->o.gic_version, 3);
    assert_int_equal(r->o.serial, VM_SERIAL_STDIO);
    assert_false(r->o.nographic);
    assert_false(r->o.no_reboot);
    assert_false(r->o.stats);
}

static void test_dash_styles(void **state)
{
    (void)state;
    result_t *r = RUN("--kernel", kernel_path, "-append", "console=ttyAMA0 root=/dev/vda");
    assert_ok(r);
    assert_string_equal(r->o.kernel, kernel_path);
    assert_string_equal(r->o.append, "console=ttyAMA0 root=/dev/vda");

    char kv[256];
    snprintf(kv, sizeof(kv), "-kernel=%s", kernel_path);
    r = RUN(kv, "--append=root=/dev/vda rw", "--m=512", "-smp=1");
    assert_ok(r);
    assert_string_equal(r->o.kernel, kernel_path);
    assert_string_equal(r->o.append, "root=/dev/vda rw"); /* value keeps its '=' */
    assert_int_equal(r->o.ram_size, 512ULL << 20);

    snprintf(kv, sizeof(kv), "--kernel=%s", kernel_path);
    r = RUN(kv, "--initrd", kernel_path, "-dtb", kernel_path, "-append=");
    assert_ok(r);
    assert_string_equal(r->o.initrd, kernel_path);
    assert_string_equal(r->o.dtb, kernel_path);
    assert_string_equal(r->o.append, "");
}

static void test_flags(void **state)
{
    (void)state;
    result_t *r = RUN("-kernel", kernel_path, "-no-reboot", "--stats", "--nographic");
    assert_ok(r);
    assert_true(r->o.no_reboot);
    assert_true(r->o.stats);
    assert_true(r->o.nographic);
    /* QEMU: -nographic puts the serial port on stdio with the Ctrl-A mux. */
    assert_int_equal(r->o.serial, VM_SERIAL_MON_STDIO);
    r = RUN("-kernel", kernel_path, "-stats", "--no-reboot");
    assert_ok(r);
    assert_true(r->o.stats);
    assert_true(r->o.no_reboot);
}

static void test_mem_forms(void **state)
{
    (void)state;
    static const struct { const char *arg; uint64_t bytes; } ok[] = {
        { "512", 512ULL << 20 },       /* plain number = MiB */
        { "2G", 2ULL << 30 },
        { "2g", 2ULL << 30 },
        { "1024M", 1ULL << 30 },
        { "1024m", 1ULL << 30 },
        { "65536K", 64ULL << 20 },
        { "65536k", 64ULL << 20 },
        { "size=2G", 2ULL << 30 },
        { "size=768", 768ULL << 20 },
        { "1.5G", 3ULL << 29 },
        { "16M", 16ULL << 20 },        /* the minimum */
        { "255G", 255ULL << 30 },      /* the maximum */
        { "17M", 18ULL << 20 },        /* rounded up to 2 MiB */
        { "33554432B", 32ULL << 20 },
        { "0.125T", 128ULL << 30 },
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        result_t *r = RUN("-kernel", kernel_path, "-m", ok[i].arg);
        assert_ok(r);
        if (r->o.ram_size != ok[i].bytes)
            fprintf(stderr, "-m %s\n", ok[i].arg);
        assert_int_equal(r->o.ram_size, ok[i].bytes);
    }
}

static void test_parse_size(void **state)
{
    (void)state;
    uint64_t b;
    bool big;
    assert_int_equal(options_parse_size("1", &b, &big), 0);
    assert_int_equal(b, 1ULL << 20);
    assert_int_equal(options_parse_size("3T", &b, &big), 0);
    assert_int_equal(b, 3ULL << 40);
    assert_int_equal(options_parse_size("1.5B", &b, &big), -1); /* not whole bytes */
    assert_false(big);
    assert_int_equal(options_parse_size("99999999999999999999", &b, &big), -1);
    assert_true(big);
    assert_int_equal(options_parse_size("17179869184T", &b, &big), -1); /* 2^64 */
    assert_true(big);
    assert_int_equal(options_parse_size("", &b, &big), -1);
    assert_int_equal(options_parse_size("1.", &b, &big), -1);
    assert_int_equal(options_parse_size(".5G", &b, &big), -1);
    assert_int_equal(options_parse_size("1GB", &b, &big), -1);
    assert_int_equal(options_parse_size("1.0000001G", &b, &big), -1);
}

static void test_smp_forms(void **state)
{
    (void)state;
    result_t *r = RUN("-kernel", kernel_path, "-smp", "1");
    assert_ok(r);
    assert_int_equal(r->o.smp, 1);
    r = RUN("-kernel", kernel_path, "-smp", "cpus=1");
    assert_ok(r);
    assert_int_equal(r->o.smp, 1);
}

static void test_machine_forms(void **state)
{
    (void)state;
    static const char *forms[] = { "virt", "type=virt", "virt,gic-version=3",
                                   "type=virt,gic-version=3", "gic-version=3" };
    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        result_t *r = RUN("-kernel", kernel_path, "-M", forms[i]);
        assert_ok(r);
        assert_int_equal(r->o.gic_version, 3);
        r = RUN("-kernel", kernel_path, "-machine", forms[i]);
        assert_ok(r);
        r = RUN("-kernel", kernel_path, "--machine", forms[i]);
        assert_ok(r);
    }
    /* dumpdtb alone needs no kernel. */
    result_t *r = RUN("-M", "virt,gic-version=3,dumpdtb=/tmp/out.dtb");
    assert_ok(r);
    assert_string_equal(r->o.dumpdtb, "/tmp/out.dtb");
    assert_null(r->o.kernel);
    r = RUN("-machine=virt,dumpdtb=x.dtb", "-append", "console=ttyAMA0");
    assert_ok(r);
    assert_string_equal(r->o.dumpdtb, "x.dtb");
}

static void test_cpu_forms(void **state)
{
    (void)state;
    static const struct { const char *name; vm_cpu_model_t m; const char *compat; } cpus[] = {
        { "cortex-a57", VM_CPU_CORTEX_A57, "arm,cortex-a57" },
        { "cortex-a53", VM_CPU_CORTEX_A53, "arm,cortex-a53" },
        { "cortex-a72", VM_CPU_CORTEX_A72, "arm,cortex-a72" },
        { "max", VM_CPU_MAX, "arm,armv8" },
    };
    for (size_t i = 0; i < sizeof(cpus) / sizeof(cpus[0]); i++) {
        result_t *r = RUN("-kernel", kernel_path, "-cpu", cpus[i].name);
        assert_ok(r);
        assert_int_equal(r->o.cpu, cpus[i].m);
        assert_string_equal(options_cpu_name(cpus[i].m), cpus[i].name);
        assert_string_equal(options_cpu_compatible(cpus[i].m), cpus[i].compat);
    }
}

static void test_serial_forms(void **state)
{
    (void)state;
    result_t *r = RUN("-kernel", kernel_path, "-serial", "stdio");
    assert_ok(r);
    assert_int_equal(r->o.serial, VM_SERIAL_STDIO);
    r = RUN("-kernel", kernel_path, "-serial", "mon:stdio");
    assert_ok(r);
    assert_int_equal(r->o.serial, VM_SERIAL_MON_STDIO);
    r = RUN("-kernel", kernel_path, "-serial", "none");
    assert_ok(r);
    assert_int_equal(r->o.serial, VM_SERIAL_NONE);
    r = RUN("-kernel", kernel_path, "-serial=file:/tmp/console.log");
    assert_ok(r);
    assert_int_equal(r->o.serial, VM_SERIAL_FILE);
    assert_string_equal(r->o.serial_path, "/tmp/console.log");
    /* An explicit -serial wins over -nographic's default. */
    r = RUN("-kernel", kernel_path, "-nographic", "-serial", "stdio");
    assert_ok(r);
    assert_int_equal(r->o.serial, VM_SERIAL_STDIO);
}

/* ---- help and version ------------------------------------------------------- */

static void test_help(void **state)
{
    (void)state;
    static const char *spellings[] = { "-h", "-help", "--help" };
    for (size_t i = 0; i < 3; i++) {
        result_t *r = RUN(spellings[i]);
        assert_int_equal(r->rc, OPTIONS_EXIT);
        assert_string_equal(r->err, "");
        static const char *must[] = {
            "-kernel", "-initrd", "-append", "-dtb", "-m ", "-smp", "-machine", "-M",
            "-cpu", "-nographic", "-serial", "-no-reboot", "-version", "-help",
            "--stats", "-drive", "-device", "-netdev", "-nic", "-gdb", "-display",
            "-snapshot", "Exit status", "guest powered off", "usage error", "-no-reboot",
            "internal", "timeout",
        };
        for (size_t j = 0; j < sizeof(must) / sizeof(must[0]); j++) {
            if (!strstr(r->out, must[j]))
                fprintf(stderr, "help lacks '%s'\n", must[j]);
            assert_non_null(strstr(r->out, must[j]));
        }
        for (int st = 2; st <= 6; st++) {
            char line[24];
            snprintf(line, sizeof(line), "  %d  ", st);
            assert_non_null(strstr(r->out, line));
        }
    }
    /* Help stops parsing: later garbage is not reported. */
    result_t *r = RUN("-help", "-bogus");
    assert_int_equal(r->rc, OPTIONS_EXIT);
    assert_string_equal(r->err, "");
}

static void test_version(void **state)
{
    (void)state;
    result_t *r = RUN("-version");
    assert_int_equal(r->rc, OPTIONS_EXIT);
    assert_string_equal(r->err, "");
    assert_memory_equal(r->out, "tinyvm version " TINYVM_VERSION "\n",
                        strlen("tinyvm version " TINYVM_VERSION "\n"));
    assert_non_null(strstr(r->out, "QEMU") ? strstr(r->out, "QEMU") : strstr(r->out, "qemu"));
    r = RUN("--version");
    assert_int_equal(r->rc, OPTIONS_EXIT);
}

static void test_machine_cpu_help(void **state)
{
    (void)state;
    result_t *r = RUN("-M", "help");
    assert_int_equal(r->rc, OPTIONS_EXIT);
    assert_string_equal(r->err, "");
    assert_non_null(strstr(r->out, "virt"));
    r = RUN("-machine", "?");
    assert_int_equal(r->rc, OPTIONS_EXIT);
    r = RUN("-cpu", "help");
    assert_int_equal(r->rc, OPTIONS_EXIT);
    assert_string_equal(r->err, "");
    assert_non_null(strstr(r->out, "cortex-a57"));
    assert_non_null(strstr(r->out, "cortex-a53"));
    assert_non_null(strstr(r->out, "cortex-a72"));
    assert_non_null(strstr(r->out, "max"));
}

/* ---- errors ------------------------------------------------------------------ */

static void test_unknown_option(void **state)
{
    (void)state;
    assert_error(RUN("-kernel", kernel_path, "-frobnicate"), "-frobnicate", "unknown option");
    assert_error(RUN("--frobnicate=3"), "-frobnicate", "unknown option");
    assert_error(RUN("-"), "-", NULL);
    assert_error(RUN("--"), "--", NULL);
    assert_error(RUN("-="), "-", "unknown option");
}

static void test_positional(void **state)
{
    (void)state;
    assert_error(RUN("-kernel", kernel_path, "Image"), "Image", "unexpected argument");
}

static void test_missing_value(void **state)
{
    (void)state;
    static const char *opts[] = { "-kernel", "-initrd", "-append", "-dtb", "-m", "-smp",
                                  "-M", "-machine", "-cpu", "-serial" };
    for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
        assert_error(RUN("-kernel", kernel_path, opts[i]), opts[i], "requires an argument");
    assert_error(RUN("--kernel"), "-kernel", "requires an argument");
}

static void test_flag_with_value(void **state)
{
    (void)state;
    assert_error(RUN("-kernel", kernel_path, "-nographic=yes"), "-nographic", "no argument");
    assert_error(RUN("-kernel", kernel_path, "--stats=1"), "--stats", "no argument");
}

static void test_no_kernel(void **state)
{
    (void)state;
    assert_error(RUN("-m", "1G"), "-kernel", NULL);
    assert_error(RUN(""), "", "unexpected argument");
    assert_error(RUN("-M", "virt,dumpdtb=x.dtb", "-initrd", kernel_path), "-initrd",
                 "needs -kernel");
}

static void test_bad_sizes(void **state)
{
    (void)state;
    assert_error(RUN("-kernel", kernel_path, "-m", "0"), "-m", NULL);
    assert_error(RUN("-kernel", kernel_path, "-m", "0G"), "-m", NULL);
    assert_error(RUN("-kernel", kernel_path, "-m", "lots"), "-m", "not a size");
    assert_error(RUN("-kernel", kernel_path, "-m", "12Q"), "-m", "not a size");
    assert_error(RUN("-kernel", kernel_path, "-m", "-1"), "-m", "not a size");
    assert_error(RUN("-kernel", kernel_path, "-m", ""), "-m", "not a size");
    assert_error(RUN("-kernel", kernel_path, "-m", "1G "), "-m", "not a size");
    assert_error(RUN("-kernel", kernel_path, "-m", "2GB"), "-m", "not a size");
    assert_error(RUN("-kernel", kernel_path, "-m", "size="), "-m", "not a size");
    assert_error(RUN("-kernel", kernel_path, "-m", "15M"), "-m", "too small");
    assert_error(RUN("-kernel", kernel_path, "-m", "15"), "-m", "too small");
    assert_error(RUN("-kernel", kernel_path, "-m", "256G"), "-m", "too large");
    assert_error(RUN("-kernel", kernel_path, "-m", "4T"), "-m", "too large");
    assert_error(RUN("-kernel", kernel_path, "-m", "99999999999999999999999"), "-m",
                 "too large");
    assert_error(RUN("-kernel", kernel_path, "-m", "18446744073709551615"), "-m", "too large");
    assert_error(RUN("-kernel", kernel_path, "-m", "1G,slots=2,maxmem=4G"), "-m", NULL);
}

static void test_bad_smp(void **state)
{
    (void)state;
    result_t *r = RUN("-kernel", kernel_path, "-smp", "2");
    assert_error(r, "-smp", NULL);
    assert_string_equal(r->err, "tinyvm: -smp: only 1 CPU is supported so far\n");
    assert_error(RUN("-kernel", kernel_path, "-smp", "cpus=4"), "-smp", "only 1 CPU");
    assert_error(RUN("-kernel", kernel_path, "-smp", "0"), "-smp", "at least 1");
    assert_error(RUN("-kernel", kernel_path, "-smp", "two"), "-smp", "not a CPU count");
    assert_error(RUN("-kernel", kernel_path, "-smp", "-1"), "-smp", "not a CPU count");
    assert_error(RUN("-kernel", kernel_path, "-smp", "1,sockets=1"), "-smp", "sockets");
}

static void test_bad_machine(void **state)
{
    (void)state;
    assert_error(RUN("-kernel", kernel_path, "-M", "raspi3b"), "-M", "unknown machine 'raspi3b'");
    assert_error(RUN("-kernel", kernel_path, "-machine", "type=pc"), "-machine",
                 "unknown machine 'pc'");
    assert_error(RUN("-kernel", kernel_path, "-M", "virt,gic-version=2"), "-M", "gic-version=2");
    assert_error(RUN("-kernel", kernel_path, "-M", "virt,gic-version=max"), "-M",
                 "gic-version=max");
    assert_error(RUN("-kernel", kernel_path, "-M", "virt,highmem=off"), "-M",
                 "unknown property 'highmem'");
    assert_error(RUN("-kernel", kernel_path, "-M", "virt,secure"), "-M",
                 "unknown property 'secure'");
    assert_error(RUN("-kernel", kernel_path, "-M", "virt,dumpdtb="), "-M", "dumpdtb");
    assert_error(RUN("-kernel", kernel_path, "-M", "virt,dumpdtb=a,gic-version=3"), "-M",
                 "dumpdtb");
    assert_error(RUN("-kernel", kernel_path, "-M", ""), "-M", NULL);
}

static void test_bad_cpu(void **state)
{
    (void)state;
    assert_error(RUN("-kernel", kernel_path, "-cpu", "cortex-a15"), "-cpu",
                 "unknown CPU model 'cortex-a15'");
    assert_error(RUN("-kernel", kernel_path, "-cpu", "host"), "-cpu", "unknown CPU model");
    assert_error(RUN("-kernel", kernel_path, "-cpu", "max,sve=off"), "-cpu", "sve=off");
}

static void test_bad_serial(void **state)
{
    (void)state;
    assert_error(RUN("-kernel", kernel_path, "-serial", "pty"), "-serial", "'pty'");
    assert_error(RUN("-kernel", kernel_path, "-serial", "tcp::4444,server"), "-serial", NULL);
    assert_error(RUN("-kernel", kernel_path, "-serial", "file:"), "-serial", "path");
    assert_error(RUN("-kernel", kernel_path, "-serial", "stdio", "-serial", "none"), "-serial",
                 "only one serial port");
}

static void test_unsupported(void **state)
{
    (void)state;
    static const char *opts[] = { "drive", "device", "netdev", "nic", "s", "S", "gdb",
                                  "d", "D", "display", "snapshot" };
    for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
        char opt[32], want[64];
        snprintf(opt, sizeof(opt), "-%s", opts[i]);
        snprintf(want, sizeof(want), "tinyvm: -%s: not supported yet\n", opts[i]);
        result_t *r = RUN("-kernel", kernel_path, opt, "whatever");
        assert_error(r, opt, NULL);
        assert_string_equal(r->err, want);
        /* Also with two dashes, with =, and as the last argument. */
        snprintf(opt, sizeof(opt), "--%s=file=disk.img", opts[i]);
        r = RUN("-kernel", kernel_path, opt);
        assert_string_equal(r->err, want);
        snprintf(opt, sizeof(opt), "-%s", opts[i]);
        r = RUN("-kernel", kernel_path, opt);
        assert_string_equal(r->err, want);
    }
}

static void test_file_errors(void **state)
{
    (void)state;
    static const char *opts[] = { "-kernel", "-initrd", "-dtb" };
    for (size_t i = 0; i < 3; i++) {
        char want[512];
        result_t *r = RUN("-kernel", kernel_path, opts[i], missing_path);
        snprintf(want, sizeof(want), "tinyvm: %s: %s: %s\n", opts[i], missing_path,
                 strerror(ENOENT));
        assert_error(r, opts[i], NULL);
        assert_string_equal(r->err, want);

        r = RUN("-kernel", kernel_path, opts[i], dir_path);
        snprintf(want, sizeof(want), "tinyvm: %s: %s: %s\n", opts[i], dir_path,
                 strerror(EISDIR));
        assert_error(r, opts[i], NULL);
        assert_string_equal(r->err, want);

        assert_error(RUN("-kernel", kernel_path, opts[i], fifo_path), opts[i],
                     "not a regular file");
        assert_error(RUN("-kernel", kernel_path, opts[i], ""), opts[i], "empty file name");

        if (geteuid() != 0) { /* root reads mode-000 files anyway */
            r = RUN("-kernel", kernel_path, opts[i], noperm_path);
            snprintf(want, sizeof(want), "tinyvm: %s: %s: %s\n", opts[i], noperm_path,
                     strerror(EACCES));
            assert_string_equal(r->err, want);
        }
    }
}

/* A newline inside a user's value must not break the one-line rule. */
static void test_error_is_one_line(void **state)
{
    (void)state;
    assert_error(RUN("-kernel", kernel_path, "-M", "virt,bad\nkey=1"), "-M", "bad?key");
    assert_error(RUN("-kernel", "/no/such\nfile"), "-kernel", "/no/such?file");
    assert_error(RUN("-bad\noption"), "-bad?option", "unknown option");
}

/* Repeated options: the last one wins, as in QEMU. */
static void test_last_wins(void **state)
{
    (void)state;
    result_t *r = RUN("-kernel", kernel_path, "-m", "1G", "-m", "2G", "-append", "a",
                      "-append", "b", "-cpu", "max", "-cpu", "cortex-a53");
    assert_ok(r);
    assert_int_equal(r->o.ram_size, 2ULL << 30);
    assert_string_equal(r->o.append, "b");
    assert_int_equal(r->o.cpu, VM_CPU_CORTEX_A53);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_dash_styles),
        cmocka_unit_test(test_flags),
        cmocka_unit_test(test_mem_forms),
        cmocka_unit_test(test_parse_size),
        cmocka_unit_test(test_smp_forms),
        cmocka_unit_test(test_machine_forms),
        cmocka_unit_test(test_cpu_forms),
        cmocka_unit_test(test_serial_forms),
        cmocka_unit_test(test_help),
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_machine_cpu_help),
        cmocka_unit_test(test_unknown_option),
        cmocka_unit_test(test_positional),
        cmocka_unit_test(test_missing_value),
        cmocka_unit_test(test_flag_with_value),
        cmocka_unit_test(test_no_kernel),
        cmocka_unit_test(test_bad_sizes),
        cmocka_unit_test(test_bad_smp),
        cmocka_unit_test(test_bad_machine),
        cmocka_unit_test(test_bad_cpu),
        cmocka_unit_test(test_bad_serial),
        cmocka_unit_test(test_unsupported),
        cmocka_unit_test(test_file_errors),
        cmocka_unit_test(test_error_is_one_line),
        cmocka_unit_test(test_last_wins),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
