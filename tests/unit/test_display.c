/* test_display.c - the window logic of devices/display/display.c without a
 * display server: no DISPLAY means one line and no window; with SDL's
 * "dummy" video driver a window exists in memory only, so the 60 Hz
 * dirty-row refresh, the key and mouse events (pushed with SDL_PushEvent)
 * and the close callback can be checked against a live virtio keyboard and
 * tablet. */
#include <linux/input-event-codes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <SDL.h>
#include <cmocka.h>

#include "devices/display/display.h"
#include "virtio_harness.h"

#define W 128
#define H 64
#define FRAME (1000000000ull / DISPLAY_HZ)

static void test_no_display_server(void **state)
{
    (void)state;
    unsetenv("DISPLAY");
    unsetenv("WAYLAND_DISPLAY");
    unsetenv("SDL_VIDEODRIVER");
    FILE *err = tmpfile();
    assert_non_null(err);
    fflush(stderr);
    int save = dup(2);
    dup2(fileno(err), 2);
    display_t *d = display_open(W, H, "tinyvm");
    fflush(stderr);
    dup2(save, 2);
    close(save);
    assert_null(d);
    char buf[512] = { 0 };
    rewind(err);
    size_t n = fread(buf, 1, sizeof(buf) - 1, err);
    fclose(err);
    assert_true(n > 0);
    assert_non_null(strstr(buf, "running headless"));
    assert_ptr_equal(strchr(buf, '\n'), buf + n - 1); /* exactly one line */
    display_close(NULL);
}

/* A live virtio input device with `nbufs` 8-byte event buffers posted. */
typedef struct input_fx {
    virtio_input_t *dev;
    vring_t r;
    uint64_t ring, bufs;
} input_fx_t;

static physmap_t pm;

static void input_start(input_fx_t *f, bool keyboard, uint64_t base, uint64_t ring)
{
    virtio_input_desc_t desc;
    static const uint16_t keys[] = { KEY_A, KEY_LEFTCTRL, KEY_LEFTALT, KEY_G };
    if (keyboard)
        virtio_input_keyboard_desc(&desc, keys, 4);
    else
        virtio_input_tablet_desc(&desc);
    virtio_input_config_t c = { .pm = &pm, .base = base, .map = true, .quiet = true, .desc = &desc };
    f->dev = virtio_input_create(&c);
    assert_non_null(f->dev);
    virtio_mmio_t *t = virtio_input_transport(f->dev);
    f->ring = ring;
    f->bufs = ring + 0x4000;
    vring_init(&f->r, &pm, 64, ring);
    assert_true(drv_negotiate(t, VIRTIO_BIT(VIRTIO_F_VERSION_1)));
    drv_queue(t, 0, &f->r);
    drv_ok(t);
    for (uint16_t i = 0; i < 64; i++) {
        vring_desc(&f->r, i, f->bufs + 8ull * i, 8, 2, 0);
        vring_publish(&f->r, i);
    }
    drv_notify(t, 0);
}

static void event(input_fx_t *f, uint16_t i, uint16_t *type, uint16_t *code, int32_t *value)
{
    uint32_t id, len;
    vring_used_elem(&f->r, i, &id, &len);
    assert_int_equal(len, 8);
    *type = r16(&pm, f->bufs + 8ull * id);
    *code = r16(&pm, f->bufs + 8ull * id + 2);
    *value = (int32_t)r32(&pm, f->bufs + 8ull * id + 4);
}

static unsigned closes;
static void on_close(void *opaque, unsigned count)
{
    (void)opaque;
    closes = count;
}

static void push_key(SDL_Scancode sc, bool down, Uint16 mod)
{
    SDL_Event e;
    memset(&e, 0, sizeof(e));
    e.type = down ? SDL_KEYDOWN : SDL_KEYUP;
    e.key.state = down ? SDL_PRESSED : SDL_RELEASED;
    e.key.keysym.scancode = sc;
    e.key.keysym.mod = mod;
    assert_true(SDL_PushEvent(&e) >= 0);
}

static void test_dummy_window(void **state)
{
    (void)state;
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    display_t *d = display_open(W, H, "tinyvm");
    if (!d) {
        fprintf(stderr, "SDL has no dummy video driver here: skipped\n");
        skip();
    }
    assert_int_equal(physmap_init(&pm, H_RAM_BASE, H_RAM_SIZE), 0);
    input_fx_t kb, tab;
    input_start(&kb, true, 0x0a000000, H_RAM_BASE + 0x100000);
    input_start(&tab, false, 0x0a000200, H_RAM_BASE + 0x200000);
    uint8_t *fb = gp(&pm, H_RAM_BASE + 0x400000);
    display_attach_t a = { .fb = fb, .stride = W * 4, .keyboard = kb.dev, .tablet = tab.dev,
                           .on_close = on_close };
    display_attach(d, &a);

    /* Frames: the first draws everything, an unchanged one draws nothing,
     * a changed row is drawn; nothing happens before the frame is due. */
    uint64_t drawn, same, now = 1000 * FRAME;
    uint64_t next = display_poll(d, now);
    assert_true(next > now && next <= now + FRAME);
    display_frame_counts(d, &drawn, &same);
    assert_int_equal(drawn, 1);
    assert_int_equal(same, 0);
    fb[10 * W * 4 + 8] = 0xff;
    assert_int_equal(display_poll(d, now + 1), next); /* not due yet */
    display_frame_counts(d, &drawn, &same);
    assert_int_equal(drawn, 1);
    now = next;
    next = display_poll(d, now);
    display_frame_counts(d, &drawn, &same);
    assert_int_equal(drawn, 2);
    now = next;
    display_poll(d, now);
    display_frame_counts(d, &drawn, &same);
    assert_int_equal(drawn, 2);
    assert_int_equal(same, 1);
    /* After a long stall the cadence restarts from now (no burst). */
    now += 100 * FRAME;
    next = display_poll(d, now);
    assert_true(next > now && next <= now + FRAME);

    /* A key press and release: EV_KEY + EV_SYN each; repeats are not sent. */
    push_key(SDL_SCANCODE_A, true, 0);
    push_key(SDL_SCANCODE_A, false, 0);
    SDL_Event rep;
    memset(&rep, 0, sizeof(rep));
    rep.type = SDL_KEYDOWN;
    rep.key.repeat = 1;
    rep.key.keysym.scancode = SDL_SCANCODE_A;
    SDL_PushEvent(&rep);
    now = next;
    next = display_poll(d, now);
    assert_int_equal(vring_used_idx(&kb.r), 4);
    uint16_t type, code;
    int32_t value;
    event(&kb, 0, &type, &code, &value);
    assert_true(type == EV_KEY && code == KEY_A && value == 1);
    event(&kb, 1, &type, &code, &value);
    assert_true(type == EV_SYN && code == SYN_REPORT);
    event(&kb, 2, &type, &code, &value);
    assert_true(type == EV_KEY && code == KEY_A && value == 0);

    /* Ctrl-Alt-G grabs: the G never reaches the guest. */
    push_key(SDL_SCANCODE_G, true, KMOD_LCTRL | KMOD_LALT);
    push_key(SDL_SCANCODE_G, false, KMOD_LCTRL | KMOD_LALT);
    now = next;
    next = display_poll(d, now);
    assert_int_equal(vring_used_idx(&kb.r), 4);

    /* A held key is released when the machine detaches. */
    push_key(SDL_SCANCODE_A, true, 0);
    now = next;
    next = display_poll(d, now);
    assert_int_equal(vring_used_idx(&kb.r), 6);

    /* Mouse: motion to the far corner is the tablet's maximum; a click. */
    SDL_Event m;
    memset(&m, 0, sizeof(m));
    m.type = SDL_MOUSEMOTION;
    m.motion.x = W - 1;
    m.motion.y = H - 1;
    SDL_PushEvent(&m);
    memset(&m, 0, sizeof(m));
    m.type = SDL_MOUSEBUTTONDOWN;
    m.button.button = SDL_BUTTON_LEFT;
    m.button.x = 0;
    m.button.y = 0;
    SDL_PushEvent(&m);
    now = next;
    next = display_poll(d, now);
    assert_int_equal(vring_used_idx(&tab.r), 3 + 4);
    event(&tab, 0, &type, &code, &value);
    assert_true(type == EV_ABS && code == ABS_X && value == VIRTIO_INPUT_TABLET_MAX);
    event(&tab, 1, &type, &code, &value);
    assert_true(type == EV_ABS && code == ABS_Y && value == VIRTIO_INPUT_TABLET_MAX);
    event(&tab, 5, &type, &code, &value);
    assert_true(type == EV_KEY && code == BTN_LEFT && value == 1);

    /* Closing the window calls back with the count. */
    SDL_Event q;
    memset(&q, 0, sizeof(q));
    q.type = SDL_QUIT;
    SDL_PushEvent(&q);
    now = next;
    next = display_poll(d, now);
    assert_int_equal(closes, 1);

    display_attach(d, NULL);
    assert_int_equal(vring_used_idx(&kb.r), 8); /* A released */
    event(&kb, 6, &type, &code, &value);
    assert_true(type == EV_KEY && code == KEY_A && value == 0);
    assert_int_equal(vring_used_idx(&tab.r), 9); /* the button too */
    display_close(d);
    virtio_input_destroy(kb.dev);
    virtio_input_destroy(tab.dev);
    physmap_destroy(&pm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_display_server),
        cmocka_unit_test(test_dummy_window),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
