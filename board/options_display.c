/* options_display.c - -display, -g and the input devices that go with a window.
 *
 * QEMU's spellings: `-display sdl`, `-display none`, `-g 1024x768[x32]`,
 * `-device virtio-keyboard-device`, `-device virtio-tablet-device`.
 * One convenience QEMU's virt board lacks: `-display sdl` without any input
 * device on the command line gets a keyboard and a tablet (in that order,
 * after the other virtio devices), because a window one cannot type into is
 * rarely what anybody wants. Naming either device yourself turns that off.
 */
#include "options.h"
#include "options_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The framebuffer limits: large enough for any monitor, small enough that the
 * 32-bit stride and size arithmetic cannot overflow. */
#define FB_MIN_DIM 64
#define FB_MAX_DIM 8192

int opt_display(vm_options_t *o, const struct opt_def *d, const char *shown, const char *arg)
{
    (void)d;
    if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
        printf("Display backends:\n  sdl   a window (SDL2) showing the framebuffer\n"
               "  none  no display (the default)\n");
        fflush(stdout);
        return OPTIONS_EXIT;
    }
    size_t len = strcspn(arg, ",");
    if (len == 3 && !strncmp(arg, "sdl", 3))
        o->display = VM_DISPLAY_SDL;
    else if (len == 4 && !strncmp(arg, "none", 4))
        o->display = VM_DISPLAY_NONE;
    else
        return opt_error(shown, "'%.*s' is not supported (use sdl or none)", (int)len, arg);
    if (arg[len])
        return opt_error(shown, "%.*s takes no options ('%s')", (int)len, arg, arg + len + 1);
    return OPTIONS_RUN;
}

static int parse_dim(const char *s, char **end, uint32_t *out)
{
    if (*s < '0' || *s > '9')
        return -1;
    unsigned long v = strtoul(s, end, 10);
    if (v < FB_MIN_DIM || v > FB_MAX_DIM)
        return -2;
    *out = (uint32_t)v;
    return 0;
}

int opt_geometry(vm_options_t *o, const struct opt_def *d, const char *shown, const char *arg)
{
    (void)d;
    char *p;
    uint32_t w, h;
    int rc = parse_dim(arg, &p, &w);
    if (rc == 0 && (*p == 'x' || *p == 'X'))
        rc = parse_dim(p + 1, &p, &h);
    else if (rc == 0)
        rc = -1;
    if (rc == -2)
        return opt_error(shown, "'%s': width and height must be %d..%d", arg, FB_MIN_DIM,
                         FB_MAX_DIM);
    if (rc == 0 && (*p == 'x' || *p == 'X')) {
        /* QEMU's optional depth: the framebuffer is always 32 bits per pixel. */
        if (strcmp(p + 1, "32"))
            return opt_error(shown, "'%s': only a depth of 32 bits is supported", arg);
        p += strlen(p);
    }
    if (rc != 0 || *p)
        return opt_error(shown, "'%s' is not WIDTHxHEIGHT (e.g. 1024x768)", arg);
    o->fb_width = w;
    o->fb_height = h;
    return OPTIONS_RUN;
}

int options_display_finish(vm_options_t *o, bool nographic_given)
{
    if (nographic_given && o->display == VM_DISPLAY_SDL)
        return opt_error("-nographic", "cannot be used with -display sdl");
    if (o->display != VM_DISPLAY_SDL)
        return OPTIONS_RUN;
    /* The framebuffer is carved from the top of RAM (board/board_display.c):
     * leave the guest most of its memory. */
    uint64_t fb = (uint64_t)o->fb_width * o->fb_height * 4;
    if (fb > o->ram_size / 2)
        return opt_error("-g", "a %ux%u framebuffer (%llu MiB) needs more than half of "
                         "the guest's RAM; raise -m", o->fb_width, o->fb_height,
                         (unsigned long long)((fb + (1 << 20) - 1) >> 20));
    for (int i = 0; i < o->nvirtio; i++)
        if (o->virtio[i].kind == VM_VIRTIO_KEYBOARD || o->virtio[i].kind == VM_VIRTIO_TABLET)
            return OPTIONS_RUN;
    static const vm_virtio_kind_t add[2] = { VM_VIRTIO_KEYBOARD, VM_VIRTIO_TABLET };
    for (int k = 0; k < 2; k++) {
        if (o->nvirtio == VM_MAX_VIRTIO)
            return opt_error("-display", "sdl adds a virtio keyboard and tablet, but all "
                             "%d virtio-mmio slots are taken", VM_MAX_VIRTIO);
        vm_virtio_dev_t *v = &o->virtio[o->nvirtio++];
        memset(v, 0, sizeof(*v));
        v->kind = add[k];
        v->backend = -1;
    }
    return OPTIONS_RUN;
}
