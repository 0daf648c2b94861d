/* board_display.h - the display part of the virt board (-display sdl).
 *
 * With -display sdl the board gets:
 *   - a framebuffer: the top fb_size bytes of guest RAM, described to the
 *     kernel as a `simple-framebuffer` (x8r8g8b8, -g WIDTHxHEIGHT) and kept
 *     out of the kernel's memory by a /reserved-memory no-map node. Being
 *     RAM, the guest's stores take the CPU's TLB fast path; the window reads
 *     the same host memory;
 *   - QEMU's PL061 GPIO controller with a `gpio-keys` power button (pin 3,
 *     KEY_POWER): closing the window presses it, as a power button would;
 *   - the virtio keyboard and tablet (board/options_display.c adds them),
 *     fed by the window.
 * The guest sees the same hardware whether or not a window could be opened.
 * With -display none (the default) none of this exists and the main loop
 * never calls into it.
 */
#ifndef TINYVM_BOARD_BOARD_DISPLAY_H
#define TINYVM_BOARD_BOARD_DISPLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "board/board_virtio.h"
#include "board/dtb.h"
#include "board/options.h"
#include "devices/display/display.h"
#include "devices/gicv3.h"
#include "mem/physmap.h"

/* Bytes of RAM the framebuffer takes from the top (2 MiB-aligned so the
 * kernel's memory map stays in whole large pages); 0 without -display sdl. */
uint64_t board_display_fb_size(const vm_options_t *o);

/* Add the framebuffer and power button to a device tree description. */
void board_display_dtb(const vm_options_t *o, dtb_config_t *dc);

/* Open the window for -display sdl (once per run); NULL for -display none or
 * when no window can be opened (one line printed: headless). */
display_t *board_display_open(const vm_options_t *o);

typedef struct board_display board_display_t;

/* The per-machine part: PL061 + power button, the window attached to this
 * machine's framebuffer and input devices. Returns NULL for -display none
 * (not an error: *err stays false), or NULL with *err set after printing a
 * line. */
board_display_t *board_display_create(const vm_options_t *o, display_t *win, physmap_t *pm,
                                      gicv3_t *gic, board_virtio_t *bv, bool *err);
void board_display_destroy(board_display_t *bd);

/* The main loop's hook: refresh and window events when due. Returns the
 * monotonic time at which it wants to run again (UINT64_MAX: never). */
uint64_t board_display_poll(board_display_t *bd, uint64_t now_ns);

/* True once the user closed the window a second time: quit without waiting
 * for the guest. */
bool board_display_quit(const board_display_t *bd);

#endif
