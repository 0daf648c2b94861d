/* board_display.c - framebuffer, power button and window of the virt board.
 * See board_display.h. */
#include "board_display.h"

#include <stdio.h>
#include <stdlib.h>

#include "board/virt.h"
#include "devices/pl061.h"

#define FB_ALIGN (2ull << 20)

struct board_display {
    display_t *win;
    pl061_t *gpio;
    bool quit;
    bool pressed;
    uint64_t next_ns; /* when the window wants display_poll() again */
};

uint64_t board_display_fb_size(const vm_options_t *o)
{
    if (o->display != VM_DISPLAY_SDL)
        return 0;
    uint64_t bytes = (uint64_t)o->fb_width * o->fb_height * 4;
    return (bytes + FB_ALIGN - 1) & ~(FB_ALIGN - 1);
}

static uint64_t fb_base(const vm_options_t *o)
{
    return VIRT_RAM_BASE + o->ram_size - board_display_fb_size(o);
}

void board_display_dtb(const vm_options_t *o, dtb_config_t *dc)
{
    uint64_t size = board_display_fb_size(o);
    if (!size)
        return;
    dc->fb_base = fb_base(o);
    dc->fb_size = size;
    dc->fb_width = o->fb_width;
    dc->fb_height = o->fb_height;
    dc->fb_stride = o->fb_width * 4;
    dc->gpio_keys = true;
}

display_t *board_display_open(const vm_options_t *o)
{
    if (o->display != VM_DISPLAY_SDL)
        return NULL;
    return display_open(o->fb_width, o->fb_height, "tinyvm");
}

/* Closing the window: the first time, press the power button (gpio-keys,
 * KEY_POWER: the guest shuts down cleanly and powers off through PSCI);
 * the second time, give up on the guest. */
static void on_close(void *opaque, unsigned count)
{
    board_display_t *bd = opaque;
    if (count == 1 || !bd->pressed) {
        fprintf(stderr, "tinyvm: window closed: pressing the guest's power button "
                        "(close it again to quit at once)\n");
        pl061_set_input(bd->gpio, VIRT_GPIO_POWER_PIN, 1);
        bd->pressed = true;
    } else {
        fprintf(stderr, "tinyvm: window closed again: quitting without waiting for the guest\n");
        bd->quit = true;
    }
}

board_display_t *board_display_create(const vm_options_t *o, display_t *win, physmap_t *pm,
                                      gicv3_t *gic, board_virtio_t *bv, bool *err)
{
    *err = false;
    if (o->display != VM_DISPLAY_SDL)
        return NULL;
    board_display_t *bd = calloc(1, sizeof(*bd));
    irq_line_t irq = { gicv3_set_spi, gic, VIRT_GPIO_INTID };
    if (bd)
        bd->gpio = pl061_create(pm, VIRT_GPIO_BASE, irq);
    if (!bd || !bd->gpio) {
        fprintf(stderr, "tinyvm: internal error: cannot create the GPIO power button\n");
        free(bd);
        *err = true;
        return NULL;
    }
    bd->win = win;
    if (win) {
        display_attach_t a = {
            .fb = physmap_ram_ptr(pm, fb_base(o)),
            .stride = o->fb_width * 4,
            .keyboard = board_virtio_input(bv, VM_VIRTIO_KEYBOARD),
            .tablet = board_virtio_input(bv, VM_VIRTIO_TABLET),
            .on_close = on_close,
            .opaque = bd,
        };
        display_attach(win, &a);
    }
    return bd;
}

void board_display_destroy(board_display_t *bd)
{
    if (!bd)
        return;
    display_attach(bd->win, NULL);
    pl061_destroy(bd->gpio);
    free(bd);
}

uint64_t board_display_poll(board_display_t *bd, uint64_t now_ns)
{
    /* The main loop calls this after every slice of guest instructions; the
     * window is only looked at when its frame is due (DISPLAY_HZ). */
    if (!bd->win)
        return UINT64_MAX;
    if (now_ns >= bd->next_ns)
        bd->next_ns = display_poll(bd->win, now_ns);
    return bd->next_ns;
}

bool board_display_quit(const board_display_t *bd)
{
    return bd && bd->quit;
}
