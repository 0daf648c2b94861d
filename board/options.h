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
#include <stddef.h>
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

typedef enum vm_display_kind {
    VM_DISPLAY_NONE = 0,   /* headless (default; -display none, -nographic) */
    VM_DISPLAY_SDL,        /* -display sdl: a window showing the framebuffer */
} vm_display_kind_t;

#define VM_FB_DEFAULT_WIDTH  1024
#define VM_FB_DEFAULT_HEIGHT 768

/* ---- virtio devices and their backends (-drive, -netdev, -nic, -device) ---- */

#define VM_MAX_DRIVES   16
#define VM_MAX_NETDEVS  8
#define VM_MAX_HOSTFWDS 16  /* per -netdev */
#define VM_MAX_VIRTIO   32  /* one per virtio-mmio slot (board/virt.h) */

/* -drive cache= (QEMU's names). */
typedef enum vm_cache_mode {
    VM_CACHE_WRITEBACK = 0, /* default: host page cache, guest FLUSH syncs */
    VM_CACHE_NONE,          /* accepted; behaves as writeback */
    VM_CACHE_WRITETHROUGH,  /* every write synced */
    VM_CACHE_DIRECTSYNC,    /* as writethrough */
    VM_CACHE_UNSAFE,        /* guest FLUSH ignored */
} vm_cache_mode_t;

typedef enum vm_drive_if {
    VM_DRIVE_IF_DEFAULT = 0, /* no if=: attached directly unless a -device names its id */
    VM_DRIVE_IF_VIRTIO,      /* if=virtio: attached directly */
    VM_DRIVE_IF_NONE,        /* if=none: waits for -device virtio-blk-device,drive=ID */
} vm_drive_if_t;

typedef struct vm_drive {
    const char *file;      /* file=PATH (checked to exist when parsed) */
    const char *id;        /* id=ID, or NULL */
    vm_drive_if_t iface;
    bool readonly;         /* readonly=on */
    bool snapshot;         /* snapshot=on, or -snapshot */
    bool discard;          /* discard=unmap (default) / ignore */
    vm_cache_mode_t cache;
    bool claimed;          /* (parser) a device uses it */
} vm_drive_t;

typedef struct vm_hostfwd {
    bool udp;
    uint32_t host_addr;    /* IPv4, host byte order; 0: any */
    uint16_t host_port;
    uint32_t guest_addr;   /* 0: the guest's DHCP address */
    uint16_t guest_port;
    const char *spec;      /* the rule as written */
} vm_hostfwd_t;

/* -netdev user (or the backend half of -nic user). Addresses are IPv4 in
 * host byte order: QEMU's defaults (10.0.2.0/24, host .2, DNS .3, DHCP from
 * .15), or derived from net=. */
typedef struct vm_netdev {
    const char *id;
    const char *opt;       /* "-netdev" or "-nic": where errors point */
    bool restricted;       /* restrict=on */
    bool ipv6;             /* ipv6=on (default) */
    uint32_t net, mask, host, dns, dhcp_start;
    int nhostfwd;
    vm_hostfwd_t hostfwd[VM_MAX_HOSTFWDS];
    bool claimed;          /* (parser) a device uses it */
} vm_netdev_t;

typedef enum vm_virtio_kind {
    VM_VIRTIO_BLK,         /* virtio-blk-device */
    VM_VIRTIO_NET,         /* virtio-net-device */
    VM_VIRTIO_RNG,         /* virtio-rng-device */
    VM_VIRTIO_KEYBOARD,    /* virtio-keyboard-device (board/options_display.c) */
    VM_VIRTIO_TABLET,      /* virtio-tablet-device: an absolute pointer */
} vm_virtio_kind_t;

/* One virtio-mmio device; o->virtio[n] sits in slot n, in command-line order,
 * so the first disk is /dev/vda, the second /dev/vdb ... */
typedef struct vm_virtio_dev {
    vm_virtio_kind_t kind;
    int backend;           /* index in drives[] (blk) or netdevs[] (net); -1 for rng */
    uint8_t mac[6];        /* net: mac=, or 52:54:00:12:34:56 + the NIC's number */
    bool mac_set;          /* mac= given */
    const char *serial;    /* blk: serial= (GET_ID), or NULL: the drive's id */
    const char *backend_id; /* (parser) drive=/netdev= as written, resolved at the end */
    bool automatic;        /* (parser) created by a -drive without if=none */
} vm_virtio_dev_t;

/* The kernel command line used when a drive is given without -append (and
 * without a -dtb, whose own bootargs then stay). */
#define VM_DEFAULT_DISK_APPEND "console=ttyAMA0 root=/dev/vda rw"

/* -accel tcg,thread=: DEFAULT lets the machine choose (see machine.c). */
typedef enum vm_accel_thread {
    VM_ACCEL_THREAD_DEFAULT = 0,
    VM_ACCEL_THREAD_SINGLE,  /* round-robin on one host thread */
    VM_ACCEL_THREAD_MULTI,   /* one host thread per vCPU */
} vm_accel_thread_t;

/* -accel tcg,backend=: how translated blocks run (cpu/jit/). DEFAULT is
 * native where the host allows it, else threaded. */
typedef enum vm_accel_backend {
    VM_ACCEL_BACKEND_DEFAULT = 0,
    VM_ACCEL_BACKEND_NATIVE,    /* generated x86-64 code */
    VM_ACCEL_BACKEND_THREADED,  /* the reference executor: one handler call per op */
} vm_accel_backend_t;

typedef struct vm_options {
    const char *kernel;    /* -kernel FILE (checked readable); NULL only with dumpdtb */
    const char *initrd;    /* -initrd FILE, or NULL */
    const char *append;    /* -append STR (kernel command line), or NULL */
    const char *dtb;       /* -dtb FILE: use this device tree instead of generating one */
    uint64_t ram_size;     /* -m, in bytes: a multiple of 2 MiB, 16M..255G; default 1G */
    int smp;               /* -smp: number of CPUs, 1..OPTIONS_MAX_SMP */
    vm_accel_thread_t accel_thread; /* -accel tcg,thread=: how vCPUs map onto host threads */
    vm_accel_backend_t accel_backend; /* -accel tcg,backend=: native or threaded execution */
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
    unsigned trace_items;  /* -d ITEMS: TRACE_* bits (debug/trace.h) */
    const char *trace_log; /* -D FILE: the trace log (default stderr) */
    /* GDB stub (debug/gdb_server.h) */
    const char *gdb;       /* -gdb tcp:[HOST]:PORT, -s = tcp::1234; NULL: no stub */
    bool gdb_wait;         /* -S: hold the CPU until the debugger continues */
    /* virtio devices (board/options_virtio.c) */
    bool snapshot;         /* -snapshot: snapshot=on for every drive */
    int ndrives;           /* -drive */
    vm_drive_t drives[VM_MAX_DRIVES];
    int nnetdevs;          /* -netdev, -nic */
    vm_netdev_t netdevs[VM_MAX_NETDEVS];
    int nvirtio;           /* virtio devices, in slot order */
    vm_virtio_dev_t virtio[VM_MAX_VIRTIO];
    /* display (board/options_display.c) */
    vm_display_kind_t display; /* -display: none (default) or sdl */
    uint32_t fb_width, fb_height; /* -g WIDTHxHEIGHT: the framebuffer (default 1024x768) */
    /* Unescaped copies of option values (QEMU's ",," is a literal comma):
     * the strings above that do not point into argv point in here. */
    char strings[8192];
    size_t strings_used;
} vm_options_t;

/* Parse argv (argv[0] is the program name) into *o, starting from defaults.
 * Returns OPTIONS_RUN, OPTIONS_EXIT (help/version/`-M help`/`-cpu help`
 * printed on stdout), or OPTIONS_ERROR after printing exactly one line on
 * stderr: `tinyvm: -OPTION: problem`. Strings in *o point into argv or into
 * o->strings, so *o must not be copied while they are used. */
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
