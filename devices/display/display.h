/* display.h - the host window (-display sdl): shows the guest's framebuffer
 * and turns the window's keyboard and mouse events into virtio-input events.
 *
 * Everything SDL-specific stays behind this header. The window is opened
 * once per tinyvm run (it survives guest reboots); each machine attaches its
 * framebuffer memory and input devices with display_attach().
 *
 * Refresh: display_poll(), called from the main loop, handles the window's
 * events and, at most DISPLAY_HZ times a second, compares the framebuffer
 * with the copy last shown and redraws only the rows that changed (an idle
 * console costs one memcmp per frame). It returns when it next needs to be
 * called, so a sleeping main loop wakes up for it; with no window
 * (display_open() returned NULL) the main loop never calls it at all.
 *
 * Input grab: Ctrl-Alt-G grabs the mouse and keyboard (the host's shortcuts
 * then go to the guest) and releases them again; the window title says
 * which. The key press itself is not sent to the guest.
 *
 * Closing the window calls the attached on_close callback with the number of
 * close requests so far (the board presses the guest's power button on the
 * first and quits at once on a second).
 */
#ifndef TINYVM_DEVICES_DISPLAY_DISPLAY_H
#define TINYVM_DEVICES_DISPLAY_DISPLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/virtio/virtio_input.h"

#define DISPLAY_HZ 60

typedef struct display display_t;

/* Open a width x height window titled title. When no window can be opened
 * (no DISPLAY/WAYLAND_DISPLAY, SDL fails) prints one line on stderr saying
 * tinyvm runs headless, and returns NULL. */
display_t *display_open(uint32_t width, uint32_t height, const char *title);
void display_close(display_t *d);

typedef struct display_attach {
    const uint8_t *fb;          /* x8r8g8b8 pixels, stride bytes per row; NULL: blank */
    uint32_t stride;
    virtio_input_t *keyboard;   /* NULL: key events are dropped */
    virtio_input_t *tablet;     /* NULL: mouse events are dropped */
    void (*on_close)(void *opaque, unsigned count);
    void *opaque;
} display_attach_t;

/* Connect the window to a machine (a = NULL: detach before the machine goes). */
void display_attach(display_t *d, const display_attach_t *a);

/* Handle window events and refresh if a frame is due. now_ns: CLOCK_MONOTONIC.
 * Returns the monotonic time at which it wants to be called again. */
uint64_t display_poll(display_t *d, uint64_t now_ns);

/* Frames drawn and frames skipped because nothing changed (for --stats and
 * tests). */
void display_frame_counts(const display_t *d, uint64_t *drawn, uint64_t *unchanged);

#endif
