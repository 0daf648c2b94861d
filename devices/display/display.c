/* display.c - the SDL2 window. See display.h.
 *
 * Drawing goes through the window surface (SDL_GetWindowSurface and
 * SDL_UpdateWindowSurfaceRects) rather than a renderer: the framebuffer is
 * already the picture, so there is nothing to scale or compose, and on X11
 * this is a shared-memory image put with no GL context. SDL_ConvertPixels
 * turns x8r8g8b8 into whatever the window's format is.
 */
#include "display.h"

#include <SDL.h>
#include <linux/input-event-codes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/display/keymap.h"

#define NS_PER_FRAME (1000000000ull / DISPLAY_HZ)

struct display {
    SDL_Window *win;
    uint32_t width, height;
    char title[96];
    display_attach_t a;
    bool attached;
    uint8_t *shadow;        /* the framebuffer as last drawn */
    bool full_redraw;       /* next frame draws everything (exposed, attached) */
    uint64_t next_frame_ns;
    bool grabbed;
    unsigned close_count;
    bool key_down[SDL_NUM_SCANCODES]; /* keys the guest believes are down */
    int buttons;            /* evdev BTN_* bits held (bit 0 left, 1 right, 2 middle) */
    uint64_t frames_drawn, frames_unchanged;
};

static void set_title(display_t *d)
{
    char t[160];
    snprintf(t, sizeof(t), "%s - %s", d->title,
             d->grabbed ? "input grabbed: Ctrl-Alt-G releases" : "Ctrl-Alt-G grabs input");
    SDL_SetWindowTitle(d->win, t);
}

display_t *display_open(uint32_t width, uint32_t height, const char *title)
{
    /* tinyvm handles its own signals (Ctrl-C must not become a window close),
     * and a grab should take the keyboard too, as QEMU's does. */
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    SDL_SetHint(SDL_HINT_GRAB_KEYBOARD, "1");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    /* Without a display server SDL would fall back to drivers that show
     * nothing to anybody (offscreen) or take over the machine's screen
     * (KMS/DRM): a window needs X11 or Wayland, unless the user picked an
     * SDL video driver explicitly. */
    const char *x = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
    const char *drv = getenv("SDL_VIDEODRIVER");
    if (!(x && *x) && !(wl && *wl) && !(drv && *drv)) {
        fprintf(stderr, "tinyvm: -display sdl: no display server (DISPLAY and WAYLAND_DISPLAY "
                        "are unset); running headless\n");
        return NULL;
    }
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "tinyvm: -display sdl: no window (%s); running headless\n",
                SDL_GetError());
        return NULL;
    }
    display_t *d = calloc(1, sizeof(*d));
    uint8_t *shadow = calloc((size_t)width * height, 4);
    SDL_Window *win = d && shadow ? SDL_CreateWindow(title, SDL_WINDOWPOS_UNDEFINED,
                                                     SDL_WINDOWPOS_UNDEFINED, (int)width,
                                                     (int)height, SDL_WINDOW_SHOWN)
                                  : NULL;
    if (!win) {
        fprintf(stderr, "tinyvm: -display sdl: no window (%s); running headless\n",
                d && shadow ? SDL_GetError() : "out of memory");
        free(shadow);
        free(d);
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        return NULL;
    }
    d->win = win;
    d->width = width;
    d->height = height;
    d->shadow = shadow;
    d->full_redraw = true;
    snprintf(d->title, sizeof(d->title), "%s", title);
    set_title(d);
    return d;
}

void display_close(display_t *d)
{
    if (!d)
        return;
    SDL_DestroyWindow(d->win);
    SDL_Quit(); /* all of SDL: nothing else in tinyvm uses it */
    free(d->shadow);
    free(d);
}

static void send(virtio_input_t *dev, const virtio_input_event_t *ev, size_t n)
{
    if (dev)
        virtio_input_send(dev, ev, n); /* dropped when no driver listens */
}

static void send_key(display_t *d, int sc, bool down)
{
    uint16_t code = keymap_sdl_to_evdev(sc);
    if (!code || d->key_down[sc] == down)
        return;
    d->key_down[sc] = down;
    virtio_input_event_t ev[2] = { { EV_KEY, code, down ? 1 : 0 }, { EV_SYN, SYN_REPORT, 0 } };
    send(d->a.keyboard, ev, 2);
}

/* Focus lost or machine detached: the guest must not keep a key held down. */
static void release_all(display_t *d)
{
    for (int sc = 0; sc < SDL_NUM_SCANCODES; sc++)
        if (d->key_down[sc])
            send_key(d, sc, false);
    static const uint16_t btn[3] = { BTN_LEFT, BTN_RIGHT, BTN_MIDDLE };
    for (int i = 0; i < 3; i++) {
        if (d->buttons & (1 << i)) {
            virtio_input_event_t ev[2] = { { EV_KEY, btn[i], 0 }, { EV_SYN, SYN_REPORT, 0 } };
            send(d->a.tablet, ev, 2);
        }
    }
    d->buttons = 0;
}

static void set_grab(display_t *d, bool on)
{
    d->grabbed = on;
    SDL_SetWindowGrab(d->win, on ? SDL_TRUE : SDL_FALSE);
    set_title(d);
}

/* Window coordinates to the tablet's 0..VIRTIO_INPUT_TABLET_MAX range. */
static int32_t scale(int v, int size)
{
    if (size <= 1 || v <= 0)
        return 0;
    if (v >= size - 1)
        return VIRTIO_INPUT_TABLET_MAX;
    return (int32_t)((int64_t)v * VIRTIO_INPUT_TABLET_MAX / (size - 1));
}

static void send_motion(display_t *d, int x, int y)
{
    int w, h;
    SDL_GetWindowSize(d->win, &w, &h);
    virtio_input_event_t ev[3] = {
        { EV_ABS, ABS_X, scale(x, w) }, { EV_ABS, ABS_Y, scale(y, h) }, { EV_SYN, SYN_REPORT, 0 },
    };
    send(d->a.tablet, ev, 3);
}

static void handle_key(display_t *d, const SDL_KeyboardEvent *k)
{
    SDL_Scancode sc = k->keysym.scancode;
    bool down = k->type == SDL_KEYDOWN;
    /* Ctrl-Alt-G toggles the grab; neither its press nor its release reach
     * the guest (Ctrl and Alt do: the guest saw them go down first). */
    if (sc == SDL_SCANCODE_G && (k->keysym.mod & KMOD_CTRL) && (k->keysym.mod & KMOD_ALT)) {
        if (down && !k->repeat)
            set_grab(d, !d->grabbed);
        return;
    }
    if (k->repeat)
        return; /* the guest's input core repeats a held key itself */
    if (sc >= 0 && sc < SDL_NUM_SCANCODES)
        send_key(d, sc, down);
}

static void handle_button(display_t *d, const SDL_MouseButtonEvent *b)
{
    int bit;
    uint16_t code;
    switch (b->button) {
    case SDL_BUTTON_LEFT: bit = 0; code = BTN_LEFT; break;
    case SDL_BUTTON_RIGHT: bit = 1; code = BTN_RIGHT; break;
    case SDL_BUTTON_MIDDLE: bit = 2; code = BTN_MIDDLE; break;
    default: return;
    }
    bool down = b->type == SDL_MOUSEBUTTONDOWN;
    if (down)
        d->buttons |= 1 << bit;
    else
        d->buttons &= ~(1 << bit);
    int w, h;
    SDL_GetWindowSize(d->win, &w, &h);
    virtio_input_event_t ev[4] = {
        { EV_ABS, ABS_X, scale(b->x, w) }, { EV_ABS, ABS_Y, scale(b->y, h) },
        { EV_KEY, code, down ? 1 : 0 }, { EV_SYN, SYN_REPORT, 0 },
    };
    send(d->a.tablet, ev, 4);
}

static void handle_event(display_t *d, const SDL_Event *e)
{
    switch (e->type) {
    case SDL_QUIT:
        d->close_count++;
        if (d->attached && d->a.on_close)
            d->a.on_close(d->a.opaque, d->close_count);
        break;
    case SDL_KEYDOWN:
    case SDL_KEYUP:
        handle_key(d, &e->key);
        break;
    case SDL_MOUSEMOTION:
        send_motion(d, e->motion.x, e->motion.y);
        break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        handle_button(d, &e->button);
        break;
    case SDL_MOUSEWHEEL: {
        int32_t v = e->wheel.y;
        if (e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED)
            v = -v;
        virtio_input_event_t ev[2] = { { EV_REL, REL_WHEEL, v }, { EV_SYN, SYN_REPORT, 0 } };
        if (v)
            send(d->a.tablet, ev, 2);
        break;
    }
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_FOCUS_LOST)
            release_all(d);
        else if (e->window.event == SDL_WINDOWEVENT_EXPOSED ||
                 e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
            d->full_redraw = true;
        break;
    default:
        break;
    }
}

/* Draw the rows that differ from the shadow copy (all with full_redraw). */
static void refresh(display_t *d)
{
    SDL_Surface *s = SDL_GetWindowSurface(d->win);
    if (!s)
        return;
    const size_t row = (size_t)d->width * 4;
    int first = -1, last = -1;
    for (uint32_t y = 0; y < d->height; y++) {
        uint8_t *sh = d->shadow + y * row;
        bool changed;
        if (d->a.fb) {
            const uint8_t *src = d->a.fb + (size_t)y * d->a.stride;
            changed = d->full_redraw || memcmp(sh, src, row) != 0;
            if (changed)
                memcpy(sh, src, row);
        } else {
            changed = d->full_redraw;
            if (changed)
                memset(sh, 0, row);
        }
        if (changed) {
            if (first < 0)
                first = (int)y;
            last = (int)y;
        }
    }
    d->full_redraw = false;
    if (first < 0) {
        d->frames_unchanged++;
        return;
    }
    int h = last - first + 1;
    if ((uint32_t)s->w < d->width || s->h <= last) {
        d->full_redraw = true; /* the window is being resized: try again next frame */
        return;
    }
    if (SDL_MUSTLOCK(s))
        SDL_LockSurface(s);
    SDL_ConvertPixels((int)d->width, h, SDL_PIXELFORMAT_RGB888, d->shadow + (size_t)first * row,
                      (int)row, s->format->format, (uint8_t *)s->pixels + (size_t)first * s->pitch,
                      s->pitch);
    if (SDL_MUSTLOCK(s))
        SDL_UnlockSurface(s);
    SDL_Rect r = { 0, first, (int)d->width, h };
    SDL_UpdateWindowSurfaceRects(d->win, &r, 1);
    d->frames_drawn++;
}

void display_attach(display_t *d, const display_attach_t *a)
{
    if (!d)
        return;
    if (d->attached)
        release_all(d);
    if (a) {
        d->a = *a;
        d->attached = true;
    } else {
        memset(&d->a, 0, sizeof(d->a));
        d->attached = false;
    }
    memset(d->key_down, 0, sizeof(d->key_down));
    d->buttons = 0;
    d->full_redraw = true;
}

uint64_t display_poll(display_t *d, uint64_t now_ns)
{
    SDL_Event e;
    while (SDL_PollEvent(&e))
        handle_event(d, &e);
    if (now_ns >= d->next_frame_ns) {
        refresh(d);
        /* A fixed cadence; after a long stall start again from now rather
         * than drawing a burst of frames to catch up. */
        d->next_frame_ns += NS_PER_FRAME;
        if (d->next_frame_ns <= now_ns)
            d->next_frame_ns = now_ns + NS_PER_FRAME;
    }
    return d->next_frame_ns;
}

void display_frame_counts(const display_t *d, uint64_t *drawn, uint64_t *unchanged)
{
    *drawn = d ? d->frames_drawn : 0;
    *unchanged = d ? d->frames_unchanged : 0;
}
