/* keymap.h - SDL scancodes to Linux evdev key codes.
 *
 * SDL scancodes are USB HID keyboard usages (HID Usage Tables, page 0x07,
 * plus SDL's own numbers from 257 up for media keys), so this is the table
 * the Linux HID driver applies to a USB keyboard: a key sends the guest the
 * same code whatever the host's keyboard layout, and the guest's own layout
 * (loadkeys, XKB) decides what character it means - as on real hardware.
 *
 * Three scancodes share a code with another on purpose, as in Linux's HID
 * table: NONUSHASH is KEY_BACKSLASH (the ISO key next to Return), AUDIOMUTE
 * is KEY_MUTE and AC_STOP is KEY_STOP. keymap_is_alias() names them.
 */
#ifndef TINYVM_DEVICES_DISPLAY_KEYMAP_H
#define TINYVM_DEVICES_DISPLAY_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The number of SDL scancodes the table covers (SDL_NUM_SCANCODES). */
size_t keymap_size(void);

/* The evdev code (KEY_*) for SDL scancode sc, or 0 when the key has no
 * Linux equivalent (then it is not sent). */
uint16_t keymap_sdl_to_evdev(int sc);

/* True for the scancodes that deliberately share their code (see above). */
bool keymap_is_alias(int sc);

/* Every distinct evdev code the table produces, into codes (room for max);
 * returns how many. For the keyboard's EV_KEY bitmap. */
size_t keymap_codes(uint16_t *codes, size_t max);

#endif
