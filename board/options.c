/* options.c - table-driven parser for tinyvm's QEMU-compatible command line.
 *
 * Each option is one row of opt_table[]: its name, whether it takes a value,
 * and a handler. Generic handlers (a string, an existing file, a flag) take
 * the field to fill from the row's offset, so a new option such as
 * `--console-log FILE` is one row plus its struct field.
 *
 * Error rule: the first problem ends parsing with exactly one line on stderr,
 * `tinyvm: -OPTION: problem`, because scripts grep it and people read it.
 */
#include "options.h"
#include "options_internal.h"
#include "virt.h"
#include "debug/trace.h"
#include "debug/gdb_server.h"

#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- error reporting ---------------------------------------------------- */

/* Print `tinyvm: <opt>: <message>` as one line. User-supplied text inside the
 * message (a file name, a bad value) could hold a newline or escape sequence;
 * those are shown as '?' so the error stays one readable line. */
int opt_error(const char *shown, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    for (char *p = msg; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    char name[128];
    snprintf(name, sizeof(name), "%s", shown);
    for (char *p = name; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    fprintf(stderr, "tinyvm: %s: %s\n", name, msg);
    fflush(stderr);
    return OPTIONS_ERROR;
}

/* ---- the option table ----------------------------------------------------- */

enum {
    OPT_ARG         = 1 << 0, /* takes a value: -opt VALUE or -opt=VALUE */
    OPT_TINYVM      = 1 << 1, /* tinyvm's own option: shown as --name */
};

struct opt_def;
/* A handler gets the row, the name as shown in errors (e.g. "-M"), and the
 * value (NULL for flags). Returns OPTIONS_RUN to continue, or OPTIONS_EXIT /
 * OPTIONS_ERROR to stop. */
typedef int (*opt_fn)(vm_options_t *o, const struct opt_def *d, const char *shown,
                      const char *arg);

typedef struct opt_def {
    const char *name;    /* without dashes */
    const char *alias;   /* another spelling (-M for -machine), or NULL */
    unsigned flags;
    opt_fn fn;
    size_t off;          /* field of vm_options_t for the generic handlers */
    const char *metavar; /* for -help */
    const char *help;    /* for -help; NULL: not listed individually */
} opt_def_t;

#define FIELD(f) offsetof(vm_options_t, f)

static int opt_string(vm_options_t *o, const opt_def_t *d, const char *shown, const char *arg)
{
    (void)shown;
    *(const char **)((char *)o + d->off) = arg;
    return OPTIONS_RUN;
}

static int opt_flag(vm_options_t *o, const opt_def_t *d, const char *shown, const char *arg)
{
    (void)shown;
    (void)arg;
    *(bool *)((char *)o + d->off) = true;
    return OPTIONS_RUN;
}

/* An input file must exist and be a readable regular file now, so a typo is
 * reported before any work starts and names the option it belongs to. */
static int opt_input_file(vm_options_t *o, const opt_def_t *d, const char *shown,
                          const char *arg)
{
    if (!*arg)
        return opt_error(shown, "empty file name");
    int fd = open(arg, O_RDONLY | O_NONBLOCK | O_CLOEXEC); /* a FIFO must not block */
    if (fd < 0)
        return opt_error(shown, "%s: %s", arg, strerror(errno));
    struct stat st;
    int rc = fstat(fd, &st);
    int err = errno;
    close(fd);
    if (rc < 0)
        return opt_error(shown, "%s: %s", arg, strerror(err));
    if (S_ISDIR(st.st_mode))
        return opt_error(shown, "%s: %s", arg, strerror(EISDIR));
    if (!S_ISREG(st.st_mode))
        return opt_error(shown, "%s: not a regular file", arg);
    return opt_string(o, d, shown, arg);
}

/* --expect / --fail-on: a POSIX extended regular expression, checked here so
 * a typo in a CI script fails at once instead of after a whole boot. */
static int opt_regex(vm_options_t *o, const opt_def_t *d, const char *shown, const char *arg)
{
    regex_t re;
    int rc = regcomp(&re, arg, REG_EXTENDED | REG_NOSUB);
    if (rc != 0) {
        char msg[256];
        regerror(rc, &re, msg, sizeof(msg));
        return opt_error(shown, "bad regular expression '%s': %s", arg, msg);
    }
    regfree(&re);
    if (d->off == FIELD(expect))
        return opt_string(o, d, shown, arg);
    if (o->nfail_on == VM_MAX_FAIL_ON)
        return opt_error(shown, "at most %d patterns", VM_MAX_FAIL_ON);
    o->fail_on[o->nfail_on++] = arg;
    return OPTIONS_RUN;
}

/* --timeout SECONDS: a positive number, fractions allowed. */
static int opt_timeout(vm_options_t *o, const opt_def_t *d, const char *shown, const char *arg)
{
    (void)d;
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
    if (errno || end == arg || *end || !(v > 0) || v > 1e7)
        return opt_error(shown, "'%s' is not a number of seconds", arg);
    o->timeout = v;
    return OPTIONS_RUN;
}

/* --console-log PATH: created (or truncated) now, so a bad path is a usage
 * error before the guest starts. */
static int opt_output_file(vm_options_t *o, const opt_def_t *d, const char *shown, const char *arg)
{
    if (!*arg)
        return opt_error(shown, "empty file name");
    int fd = open(arg, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return opt_error(shown, "%s: %s", arg, strerror(errno));
    close(fd);
    return opt_string(o, d, shown, arg);
}

/* -d ITEMS: comma-separated trace items (debug/trace.c); "help" lists them. */
static int opt_trace(vm_options_t *o, const opt_def_t *d, const char *shown, const char *arg)
{
    (void)d;
    char err[160];
    unsigned mask;
    int rc = trace_parse(arg, &mask, err, sizeof(err));
    if (rc < 0)
        return opt_error(shown, "%s", err);
    if (rc > 0) {
        trace_help(stdout);
        fflush(stdout);
        return OPTIONS_EXIT;
    }
    o->trace_items |= mask;
    return OPTIONS_RUN;
}

/* -gdb tcp:[HOST]:PORT (QEMU's spelling; -s is -gdb tcp::1234). The
 * socket is opened when the machine starts; the spec is checked now. */
static int opt_gdb(vm_options_t *o, const opt_def_t *d, const char *shown, const char *arg)
{
    (void)d;
    char err[300];
    if (arg == NULL)
        arg = "tcp::1234"; /* -s */
    if (!gdb_spec_valid(arg, err, sizeof(err)))
        return opt_error(shown, "%s", err);
    o->gdb = arg;
    return OPTIONS_RUN;
}

static int opt_help(vm_options_t *o, const opt_def_t *d, const char *shown, const char *arg)
{
    (void)o;
    (void)d;
    (void)shown;
    (void)arg;
    options_usage();
    return OPTIONS_EXIT;
}

static int opt_version(vm_options_t *o, const opt_def_t *d, const char *shown, const char *arg)
{
    (void)o;
    (void)d;
    (void)shown;
    (void)arg;
    printf("tinyvm version " TINYVM_VERSION "\n"
           "Command-line compatible with qemu-system-aarch64 -M virt (a subset; see -help).\n");
    fflush(stdout);
    return OPTIONS_EXIT;
}

/* ---- -m ----------------------------------------------------------------- */

int options_parse_size(const char *s, uint64_t *bytes, bool *too_big)
{
    *too_big = false;
    const char *p = s;
    if (*p < '0' || *p > '9')
        return -1;
    uint64_t whole = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        unsigned digit = (unsigned)(*p - '0');
        if (whole > (UINT64_MAX - digit) / 10) {
            *too_big = true;
            return -1;
        }
        whole = whole * 10 + digit;
    }
    /* Fraction: at most 6 digits, so frac * (1 << 40) cannot overflow. */
    uint64_t frac = 0, frac_div = 1;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return -1;
        for (; *p >= '0' && *p <= '9'; p++) {
            if (frac_div == 1000000)
                return -1;
            frac = frac * 10 + (uint64_t)(*p - '0');
            frac_div *= 10;
        }
    }
    /* QEMU's -m rule: no suffix means MiB. */
    uint64_t mult = 1ULL << 20;
    if (*p) {
        switch (*p) {
        case 'b': case 'B': mult = 1; break;
        case 'k': case 'K': mult = 1ULL << 10; break;
        case 'm': case 'M': mult = 1ULL << 20; break;
        case 'g': case 'G': mult = 1ULL << 30; break;
        case 't': case 'T': mult = 1ULL << 40; break;
        default: return -1;
        }
        if (p[1])
            return -1;
    }
    if ((frac * mult) % frac_div)
        return -1; /* not a whole number of bytes ("1.5B") */
    if (whole > UINT64_MAX / mult) {
        *too_big = true;
        return -1;
    }
    uint64_t v = whole * mult;
    uint64_t f = frac * mult / frac_div;
    if (v > UINT64_MAX - f) {
        *too_big = true;
        return -1;
    }
    *bytes = v + f;
    return 0;
}

/* -m [size=]SIZE. QEMU's slots= and maxmem= (memory hotplug) are refused. */
static int opt_mem(vm_options_t *o, const opt_def_t *d, const char *shown, const char *arg)
{
    (void)d;
    const char *s = arg;
    if (strncmp(s, "size=", 5) == 0)
        s += 5;
    const char *comma = strchr(s, ',');
    if (comma)
        return opt_error(shown, "'%s': only a size is supported (no slots=/maxmem=)", arg);
    uint64_t bytes;
    bool too_big;
    if (options_parse_size(s, &bytes, &too_big) < 0) {
        if (too_big)
            return opt_error(shown, "'%s' is too large (maximum 255G)", s);
        return opt_error(shown, "'%s' is not a size (examples: 512, 512M, 2G)", s);
    }
    if (bytes == 0)
        return opt_error(shown, "RAM size must not be 0");
    if (bytes < VIRT_RAM_MIN_SIZE)
        return opt_error(shown, "'%s' is too small (minimum 16M)", s);
    if (bytes > VIRT_RAM_MAX_SIZE)
        return opt_error(shown, "'%s' is too large (maximum 255G: RAM at 0x40000000 "
                         "must end below the board's high MMIO at 256G)", s);
    /* Round up to 2 MiB so RAM ends on a section boundary (like QEMU's
     * rounding to its page size, but one that suits huge host pages). */
    o->ram_size = (bytes + (2ULL << 20) - 1) & ~((2ULL << 20) - 1);
    return OPTIONS_RUN;
}

/* ---- -cpu ----------------------------------------------------------------- */

static const struct {
    const char *name;
    const char *compatible; /* DT cpu node, Documentation/.../arm/cpus.yaml */
    const char *desc;
} cpu_models[] = {
    [VM_CPU_CORTEX_A57] = { "cortex-a57", "arm,cortex-a57", "Arm Cortex-A57 (default)" },
    [VM_CPU_CORTEX_A53] = { "cortex-a53", "arm,cortex-a53", "Arm Cortex-A53" },
    [VM_CPU_CORTEX_A72] = { "cortex-a72", "arm,cortex-a72", "Arm Cortex-A72" },
    [VM_CPU_MAX]        = { "max",        "arm,armv8",      "all features tinyvm implements" },
};
#define N_CPU_MODELS (sizeof(cpu_models) / sizeof(cpu_models[0]))

const char *options_cpu_name(vm_cpu_model_t m)
{
    return (unsigned)m < N_CPU_MODELS ? cpu_models[m].name : "?";
}

const char *options_cpu_compatible(vm_cpu_model_t m)
{
    return (unsigned)m < N_CPU_MODELS ? cpu_models[m].compatible : "arm,armv8";
}

static int opt_cpu(vm_options_t *o, const opt_def_t *d, const char *shown, const char *arg)
{
    (void)d;
    if (strcmp(arg, "help") == 0 || strcmp(arg, "?") == 0) {
        printf("Available CPUs:\n");
        for (size_t i = 0; i < N_CPU_MODELS; i++)
            printf("  %-12s %s\n", cpu_models[i].name, cpu_models[i].desc);
        fflush(stdout);
        return OPTIONS_EXIT;
    }
    size_t len = strcspn(arg, ",");
    if (arg[len] == ',')
        return opt_error(shown, "CPU properties are not supported ('%s')", arg + len + 1);
    for (size_t i = 0; i < N_CPU_MODELS; i++) {
        if (strcmp(arg, cpu_models[i].name) == 0) {
            o->cpu = (vm_cpu_model_t)i;
            return OPTIONS_RUN;
        }
    }
    return opt_error(shown, "unknown CPU model '%s' (-cpu help lists them)", arg);
}

/* ---- -machine ------------------------------------------------------------- */

/* -machine [type=]virt[,gic-version=3][,dumpdtb=FILE]. The type may be left
 * out (`-machine dumpdtb=x.dtb`): virt is tinyvm's only and default board. */
static int opt_machine(vm_options_t *o, const opt_def_t *d, const char *shown,
                       const char *arg)
{
    (void)d;
    if (strcmp(arg, "help") == 0 || strcmp(arg, "?") == 0) {
        printf("Supported machines are:\n"
               "virt                 QEMU-compatible arm64 virt board: GICv3, PL011, PL031,\n"
               "                     virtio-mmio, PSCI (default)\n");
        fflush(stdout);
        return OPTIONS_EXIT;
    }
    if (!*arg)
        return opt_error(shown, "empty machine description (use virt)");
    opt_kv_t kv[OPT_MAX_KV];
    int n, rc = opt_kv_parse(o, shown, arg, "type", kv, &n);
    if (rc != OPTIONS_RUN)
        return rc;
    for (int i = 0; i < n; i++) {
        const opt_kv_t *e = &kv[i];
        if (strcmp(e->key, "type") == 0) {
            if (strcmp(e->val, "virt") != 0)
                return opt_error(shown, "unknown machine '%s' (only 'virt'; -M help lists it)", e->val);
        } else if (strcmp(e->key, "gic-version") == 0) {
            if (strcmp(e->val, "3") != 0)
                return opt_error(shown, "gic-version=%s is not supported (only 3)", e->val);
            o->gic_version = 3;
        } else if (strcmp(e->key, "dumpdtb") == 0) {
            if (!*e->val)
                return opt_error(shown, "dumpdtb= needs a file name");
            o->dumpdtb = e->val; /* a comma in the name is written ",," as in QEMU */
        } else {
            return opt_error(shown, "unknown property '%s' (supported: gic-version=3, "
                             "dumpdtb=FILE)", e->key);
        }
    }
    return OPTIONS_RUN;
}

/* ---- -serial -------------------------------------------------------------- */

static int opt_serial(vm_options_t *o, const opt_def_t *d, const char *shown,
                      const char *arg)
{
    (void)d;
    if (strcmp(arg, "stdio") == 0) {
        o->serial = VM_SERIAL_STDIO;
    } else if (strcmp(arg, "mon:stdio") == 0) {
        o->serial = VM_SERIAL_MON_STDIO;
    } else if (strcmp(arg, "none") == 0) {
        o->serial = VM_SERIAL_NONE;
    } else if (strncmp(arg, "file:", 5) == 0) {
        if (!arg[5])
            return opt_error(shown, "file: needs a path");
        o->serial = VM_SERIAL_FILE;
        o->serial_path = arg + 5;
    } else {
        return opt_error(shown, "'%s' is not supported (use stdio, mon:stdio, none or "
                         "file:PATH)", arg);
    }
    return OPTIONS_RUN;
}

static const opt_def_t opt_table[] = {
    /* name         alias   flags                  handler          field */
    { "kernel",     NULL,   OPT_ARG,               opt_input_file,  FIELD(kernel),
      "FILE", "arm64 Linux Image (or Image.gz) to boot" },
    { "initrd",     NULL,   OPT_ARG,               opt_input_file,  FIELD(initrd),
      "FILE", "initial ramdisk" },
    { "append",     NULL,   OPT_ARG,               opt_string,      FIELD(append),
      "STR", "kernel command line" },
    { "dtb",        NULL,   OPT_ARG,               opt_input_file,  FIELD(dtb),
      "FILE", "use this device tree blob instead of the generated one" },
    { "m",          NULL,   OPT_ARG,               opt_mem,         0,
      "[size=]SIZE", "RAM size: plain number = MiB, or K/M/G/T suffix (default 1G)" },
    { "smp",        NULL,   OPT_ARG,               opt_smp,         0,
      "[cpus=]N[,sockets=,cores=,threads=...]", "number of CPUs, 1..8 (topology product = N)" },
    { "accel",      NULL,   OPT_ARG,               opt_accel,       0,
      "tcg[,thread=single|multi][,backend=native|threaded]",
      "vCPUs on one host thread, or one thread each; native x86-64 code or threaded ops" },
    { "machine",    "M",    OPT_ARG,               opt_machine,     0,
      "virt[,gic-version=3][,dumpdtb=FILE]", "board; dumpdtb writes the DTB and exits" },
    { "cpu",        NULL,   OPT_ARG,               opt_cpu,         0,
      "MODEL", "cortex-a57 (default), cortex-a53, cortex-a72, max; 'help' lists" },
    { "nographic",  NULL,   0,                     opt_flag,        FIELD(nographic),
      NULL, "no display; serial on the terminal with Ctrl-A escapes" },
    { "serial",     NULL,   OPT_ARG,               opt_serial,      0,
      "DEV", "stdio, mon:stdio, none or file:PATH (default stdio)" },
    { "no-reboot",  NULL,   0,                     opt_flag,        FIELD(no_reboot),
      NULL, "exit (status 3) when the guest resets instead of rebooting" },
    { "stats",      NULL,   OPT_TINYVM,            opt_flag,        FIELD(stats),
      NULL, "print run statistics on stderr at exit" },
    { "expect",     NULL,   OPT_ARG | OPT_TINYVM,  opt_regex,       FIELD(expect),
      "REGEX", "exit 0 as soon as the console output matches" },
    { "fail-on",    NULL,   OPT_ARG | OPT_TINYVM,  opt_regex,       FIELD(fail_on),
      "REGEX", "exit 6 as soon as the console output matches (repeatable)" },
    { "timeout",    NULL,   OPT_ARG | OPT_TINYVM,  opt_timeout,     0,
      "SECONDS", "exit 5 after this long, printing the last console lines" },
    { "console-log", NULL,  OPT_ARG | OPT_TINYVM,  opt_output_file, FIELD(console_log),
      "FILE", "also copy all console output to FILE" },
    { "d",          NULL,   OPT_ARG,               opt_trace,       0,
      "ITEM[,ITEM...]", "trace items to the log ('-d help' lists them)" },
    { "D",          NULL,   OPT_ARG,               opt_output_file, FIELD(trace_log),
      "FILE", "write the -d trace to FILE instead of stderr" },
    { "version",    NULL,   0,                     opt_version,     0,
      NULL, "print the version and exit" },
    { "help",       "h",    0,                     opt_help,        0,
      NULL, "print this help and exit" },
    /* virtio devices and backends (board/options_virtio.c) */
    { "drive",      NULL,   OPT_ARG,               opt_drive,       0,
      "[file=]PATH[,if=virtio|none,id=ID,readonly=on,snapshot=on,cache=,discard=]",
      "raw disk image; a virtio disk unless if=none (/dev/vda, vdb ... in order)" },
    { "snapshot",   NULL,   0,                     opt_flag,        FIELD(snapshot),
      NULL, "write all disk changes to temporary files; the images stay untouched" },
    { "netdev",     NULL,   OPT_ARG,               opt_netdev,      0,
      "user,id=ID[,hostfwd=tcp::HPORT-:GPORT,restrict=on,net=,host=,dns=]",
      "user-mode networking (DHCP, DNS, NAT; 10.0.2.2 is the host)" },
    { "nic",        NULL,   OPT_ARG,               opt_nic,         0,
      "user[,mac=MAC,NETDEV PROPERTIES]", "a virtio network card on user networking" },
    { "device",     NULL,   OPT_ARG,               opt_device,      0,
      "virtio-blk-device,drive=ID|virtio-net-device,netdev=ID|virtio-rng-device",
      "a virtio device ('-device help' lists them and their properties)" },
    /* GDB stub (debug/gdb_server.c) */
    { "gdb",        NULL,   OPT_ARG,               opt_gdb,         0,
      "tcp:[HOST]:PORT", "GDB stub listening on HOST (default 127.0.0.1):PORT" },
    { "s",          NULL,   0,                     opt_gdb,         0,
      NULL, "shorthand for -gdb tcp::1234" },
    { "S",          NULL,   0,                     opt_flag,        FIELD(gdb_wait),
      NULL, "do not start the CPU until GDB says continue (needs -s or -gdb)" },
    /* the display (board/options_display.c) */
    { "display",    NULL,   OPT_ARG,               opt_display,     0,
      "sdl|none", "sdl: a window showing the framebuffer, with keyboard and tablet; "
      "none: headless (default)" },
    { "g",          NULL,   OPT_ARG,               opt_geometry,    0,
      "WIDTHxHEIGHT[x32]", "framebuffer resolution for -display sdl (default 1024x768)" },
};
#define N_OPTS (sizeof(opt_table) / sizeof(opt_table[0]))

/* ---- help ------------------------------------------------------------------- */

void options_usage(void)
{
    printf("Usage: tinyvm [options] -kernel Image\n"
           "A small, fast AArch64 system emulator: the QEMU 'virt' board, with a\n"
           "qemu-system-aarch64-compatible command line. Options take one or two\n"
           "dashes, and '-opt value' or '-opt=value'.\n\n");
    for (size_t i = 0; i < N_OPTS; i++) {
        const opt_def_t *d = &opt_table[i];
        if (!d->help)
            continue;
        char left[96];
        const char *dash = (d->flags & OPT_TINYVM) ? "--" : "-";
        int n = snprintf(left, sizeof(left), "%s%s", dash, d->name);
        if (d->alias)
            n += snprintf(left + n, sizeof(left) - (size_t)n, ", -%s", d->alias);
        if (d->metavar)
            snprintf(left + n, sizeof(left) - (size_t)n, " %s", d->metavar);
        if (strlen(left) > 22)
            printf("  %s\n  %-22s %s\n", left, "", d->help);
        else
            printf("  %-22s %s\n", left, d->help);
    }
    printf("\nExit status:\n"
           "  %d  the guest powered off (PSCI SYSTEM_OFF), --expect matched, or -help/-version\n"
           "  %d  usage error: bad option or unusable input file (one line on stderr)\n"
           "  %d  the guest reset under -no-reboot\n"
           "  %d  internal or host error\n"
           "  %d  --timeout expired (the last console lines are printed on stderr)\n"
           "  %d  a --fail-on pattern matched\n",
           VM_EXIT_OK, VM_EXIT_USAGE, VM_EXIT_RESET, VM_EXIT_INTERNAL, VM_EXIT_TIMEOUT,
           VM_EXIT_FAIL_ON);
    fflush(stdout);
}

/* ---- the parser --------------------------------------------------------------- */

void options_defaults(vm_options_t *o)
{
    memset(o, 0, sizeof(*o));
    o->ram_size = VIRT_RAM_DEFAULT_SIZE;
    o->smp = 1;
    o->cpu = VM_CPU_CORTEX_A57;
    o->gic_version = 3;
    o->serial = VM_SERIAL_STDIO;
    o->fb_width = VM_FB_DEFAULT_WIDTH;
    o->fb_height = VM_FB_DEFAULT_HEIGHT;
}

static const opt_def_t *opt_lookup(const char *name, size_t len)
{
    for (size_t i = 0; i < N_OPTS; i++) {
        const opt_def_t *d = &opt_table[i];
        if ((strlen(d->name) == len && !strncmp(d->name, name, len)) ||
            (d->alias && strlen(d->alias) == len && !strncmp(d->alias, name, len)))
            return d;
    }
    return NULL;
}

int options_parse(vm_options_t *o, int argc, char **argv)
{
    options_defaults(o);
    bool serial_given = false;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] == '\0' || !strcmp(a, "--"))
            return opt_error(a, "unexpected argument (options start with '-'; see -help)");
        const char *name = a + 1 + (a[1] == '-');
        size_t len = strcspn(name, "=");
        const char *inline_val = name[len] == '=' ? name + len + 1 : NULL;

        char shown[80];
        const opt_def_t *d = len ? opt_lookup(name, len) : NULL;
        snprintf(shown, sizeof(shown), "%s%.*s",
                 (d && (d->flags & OPT_TINYVM)) ? "--" : "-",
                 (int)(len < 64 ? len : 64), name);
        if (!d)
            return opt_error(shown, "unknown option (see -help)");

        const char *val = NULL;
        if (d->flags & OPT_ARG) {
            if (inline_val) {
                val = inline_val;
            } else if (i + 1 < argc) {
                val = argv[++i];
            } else {
                return opt_error(shown, "requires an argument");
            }
        } else if (inline_val) {
            return opt_error(shown, "takes no argument");
        }
        if (d->fn == opt_serial) {
            /* QEMU would create a second UART; virt has one. */
            if (serial_given)
                return opt_error(shown, "only one serial port (the PL011) exists");
            serial_given = true;
        }
        int rc = d->fn(o, d, shown, val);
        if (rc != OPTIONS_RUN)
            return rc;
    }

    /* Cross-option rules, checked once everything is known. */
    if (!o->kernel && !o->dumpdtb)
        return opt_error("-kernel", "no kernel given (tinyvm boots an arm64 Image; "
                         "see -help)");
    if (!o->kernel && o->initrd)
        return opt_error("-initrd", "needs -kernel");
    if (o->gdb_wait && !o->gdb)
        return opt_error("-S", "needs -s or -gdb (only a debugger can start the CPU)");
    int vrc = options_virtio_finish(o); /* ids, unused backends, default -append */
    if (vrc != OPTIONS_RUN)
        return vrc;
    vrc = options_display_finish(o, o->nographic); /* -display vs -nographic, input devices */
    if (vrc != OPTIONS_RUN)
        return vrc;
    /* QEMU's -nographic puts the serial port and monitor on the terminal,
     * multiplexed with Ctrl-A escapes; do the same unless -serial said otherwise. */
    if (o->nographic && !serial_given)
        o->serial = VM_SERIAL_MON_STDIO;
    return OPTIONS_RUN;
}
