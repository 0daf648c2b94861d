/* options.h - tinyvm's command line: a QEMU-compatible subset.
 *
 * tinyvm accepts the qemu-system-aarch64 options a kernel boot test needs, with
 * the same spelling and meaning (`-M virt -cpu cortex-a57 -m 1G -nographic
 * -kernel Image -append ...`), so existing scripts switch by changing the
 * program name. Options tinyvm does not implement yet are refused with an
 * error, never ignored: a test that silently runs without its disk proves
 * nothing. tinyvm-specific options are spelled with two dashes (--stats).
 *
 * Both -opt and --opt are accepted, as are `-opt value` and `-opt=value`.
 */
#ifndef TINYVM_BOARD_OPTIONS_H
#define TINYVM_BOARD_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#define TINYVM_VERSION "0.1.0"

/* Exit statuses of the tinyvm process (also listed by -help). Scripts and CI
 * rely on these: keep them stable. Status 1 is never used by tinyvm itself,
 * so a crash, a sanitizer report or a shell error cannot be mistaken for a
 * guest result. */
typedef enum vm_exit_status {
    VM_EXIT_OK       = 0, /* guest powered off (PSCI SYSTEM_OFF), --expect matched,
                             or -help/-version */
    VM_EXIT_USAGE    = 2, /* bad command line, or an input file tinyvm cannot use */
    VM_EXIT_RESET    = 3, /* guest asked for a reset (PSCI SYSTEM_RESET) under -no-reboot */
    VM_EXIT_INTERNAL = 4, /* host or internal error (out of memory, I/O error, bug) */
    VM_EXIT_TIMEOUT  = 5, /* --timeout expired */
    VM_EXIT_FAIL_ON  = 6, /* a --fail-on pattern was seen on the console */
} vm_exit_status_t;

/* What options_parse() tells main() to do. */
typedef enum options_result {
    OPTIONS_RUN   = 0, /* options are valid: start the machine */
    OPTIONS_EXIT  = 1, /* help or version was printed on stdout: exit 0 */
    OPTIONS_ERROR = 2, /* one line was printed on stderr: exit VM_EXIT_USAGE */
} options_result_t;

typedef enum vm_cpu_model {
    VM_CPU_CORTEX_A57 = 0, /* default */
    VM_CPU_CORTEX_A53,
    VM_CPU_CORTEX_A72,
    VM_CPU_MAX,            /* everything tinyvm implements */
} vm_cpu_model_t;

typedef enum vm_serial_kind {
    VM_SERIAL_STDIO = 0,   /* PL011 <-> stdin/stdout (default) */
    VM_SERIAL_MON_STDIO,   /* the same, with QEMU's Ctrl-A escapes (Ctrl-A x quits);
                              the default under -nographic, as in QEMU */
    VM_SERIAL_NONE,        /* UART present, output discarded, no input */
    VM_SERIAL_FILE,        /* output written to serial_path (truncated first, as
                              QEMU does), no input */
} vm_serial_kind_t;

typedef struct vm_options {
    const char *kernel;    /* -kernel FILE (checked readable); NULL only with dumpdtb */
    const char *initrd;    /* -initrd FILE, or NULL */
    const char *append;    /* -append STR (kernel command line), or NULL */
    const char *dtb;       /* -dtb FILE: use this device tree instead of generating one */
    uint64_t ram_size;     /* -m, in bytes: a multiple of 2 MiB, 16M..255G; default 1G */
    int smp;               /* -smp: number of CPUs (1 for now) */
    vm_cpu_model_t cpu;    /* -cpu */
    int gic_version;       /* -machine gic-version= (3) */
    const char *dumpdtb;   /* -machine dumpdtb=FILE: write the DTB there and exit 0 */
    vm_serial_kind_t serial; /* -serial */
    const char *serial_path; /* -serial file:PATH */
    bool nographic;        /* -nographic */
    bool no_reboot;        /* -no-reboot: a guest reset exits with VM_EXIT_RESET */
    bool stats;            /* --stats: print run statistics on stderr at exit */
    /* Boot-testing options (tinyvm's own). Patterns are POSIX extended
     * regular expressions matched against each console line as it grows. */
    const char *expect;    /* --expect: exit 0 when matched */
#define VM_MAX_FAIL_ON 8
    const char *fail_on[VM_MAX_FAIL_ON]; /* --fail-on (repeatable): exit 6 when matched */
    int nfail_on;
    double timeout;        /* --timeout seconds (0: none): exit 5 when reached */
    const char *console_log; /* --console-log FILE: copy of all console output */
} vm_options_t;

/* Parse argv (argv[0] is the program name) into *o, starting from defaults.
 * Returns OPTIONS_RUN, OPTIONS_EXIT (help/version/`-M help`/`-cpu help`
 * printed on stdout), or OPTIONS_ERROR after printing exactly one line on
 * stderr: `tinyvm: -OPTION: problem`. Strings in *o point into argv. */
int options_parse(vm_options_t *o, int argc, char **argv);

/* Set *o to the defaults (what an empty command line gives). */
void options_defaults(vm_options_t *o);

/* Parse a -m size: a plain number is MiB (QEMU's rule); suffixes B K M G T
 * (any case, powers of 1024) and a decimal fraction ("1.5G") are accepted.
 * Returns 0 with the size in bytes (not range-checked, not rounded), or -1
 * when s is not a size or does not fit in 64 bits (*too_big set then). */
int options_parse_size(const char *s, uint64_t *bytes, bool *too_big);

/* -cpu model name ("cortex-a57") and its DT compatible ("arm,cortex-a57"). */
const char *options_cpu_name(vm_cpu_model_t m);
const char *options_cpu_compatible(vm_cpu_model_t m);

/* Print the -help text on stdout. */
void options_usage(void);

#endif
