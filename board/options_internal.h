/* options_internal.h - shared between board/options.c (the option table and
 * the parser loop) and board/options_virtio.c (-drive, -device, -netdev,
 * -nic). Not for other modules: they use options.h. */
#ifndef TINYVM_BOARD_OPTIONS_INTERNAL_H
#define TINYVM_BOARD_OPTIONS_INTERNAL_H

#include "board/options.h"

struct opt_def;

/* Print `tinyvm: <shown>: <message>` as one line; returns OPTIONS_ERROR. */
int opt_error(const char *shown, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One element of a property list (board/options_kv.c). */
typedef struct opt_kv {
    char key[24];
    const char *val; /* unescaped, NUL-terminated, in o->strings */
} opt_kv_t;
#define OPT_MAX_KV 40
/* Split arg into key=value elements; a lone first element is `implied`=it
 * (NULL: not allowed). Returns OPTIONS_RUN or an opt_error(). */
int opt_kv_parse(vm_options_t *o, const char *shown, const char *arg, const char *implied,
                 opt_kv_t *kv, int *n);
/* A NUL-terminated copy of s[0..len) in o->strings, ",," turned into ","
 * (NULL when o->strings is full). */
const char *opt_kv_keep(vm_options_t *o, const char *s, size_t len);

/* Option handlers (opt_fn signature). */
int opt_drive(vm_options_t *o, const struct opt_def *d, const char *shown, const char *arg);
int opt_device(vm_options_t *o, const struct opt_def *d, const char *shown, const char *arg);
int opt_netdev(vm_options_t *o, const struct opt_def *d, const char *shown, const char *arg);
/* board/options_smp.c: -smp and -accel. */
#define OPTIONS_MAX_SMP 8
int opt_smp(vm_options_t *o, const struct opt_def *d, const char *shown, const char *arg);
int opt_accel(vm_options_t *o, const struct opt_def *d, const char *shown, const char *arg);
int opt_nic(vm_options_t *o, const struct opt_def *d, const char *shown, const char *arg);
int opt_display(vm_options_t *o, const struct opt_def *d, const char *shown, const char *arg);
int opt_geometry(vm_options_t *o, const struct opt_def *d, const char *shown, const char *arg);

/* Cross-option rules of -display/-g/-nographic and the input devices
 * (board/options_display.c): refuse -nographic with -display sdl, check the
 * framebuffer fits in RAM, and give -display sdl a keyboard and a tablet
 * unless the command line names input devices itself. */
int options_display_finish(vm_options_t *o, bool nographic_given);

/* Cross-option rules of the virtio options, once the whole command line is
 * known: resolve drive=/netdev= ids, refuse unused backends, apply
 * -snapshot, default MACs and the default kernel command line. Returns
 * OPTIONS_RUN or OPTIONS_ERROR (one line printed). */
int options_virtio_finish(vm_options_t *o);

#endif
