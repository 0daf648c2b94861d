/* keymap.c - SDL scancode (USB HID usage) -> Linux evdev key code. See keymap.h. */
#include "keymap.h"

#include <SDL.h>
#include <linux/input-event-codes.h>

#define K(sc, key) [SDL_SCANCODE_##sc] = KEY_##key

static const uint16_t table[SDL_NUM_SCANCODES] = {
    /* Letters (HID 0x04..0x1d) */
    K(A, A), K(B, B), K(C, C), K(D, D), K(E, E), K(F, F), K(G, G), K(H, H), K(I, I),
    K(J, J), K(K, K), K(L, L), K(M, M), K(N, N), K(O, O), K(P, P), K(Q, Q), K(R, R),
    K(S, S), K(T, T), K(U, U), K(V, V), K(W, W), K(X, X), K(Y, Y), K(Z, Z),
    /* Digits (0x1e..0x27) */
    K(1, 1), K(2, 2), K(3, 3), K(4, 4), K(5, 5), K(6, 6), K(7, 7), K(8, 8), K(9, 9), K(0, 0),
    /* 0x28..0x38 */
    K(RETURN, ENTER), K(ESCAPE, ESC), K(BACKSPACE, BACKSPACE), K(TAB, TAB), K(SPACE, SPACE),
    K(MINUS, MINUS), K(EQUALS, EQUAL), K(LEFTBRACKET, LEFTBRACE), K(RIGHTBRACKET, RIGHTBRACE),
    K(BACKSLASH, BACKSLASH), K(NONUSHASH, BACKSLASH), K(SEMICOLON, SEMICOLON),
    K(APOSTROPHE, APOSTROPHE), K(GRAVE, GRAVE), K(COMMA, COMMA), K(PERIOD, DOT),
    K(SLASH, SLASH), K(CAPSLOCK, CAPSLOCK),
    /* Function keys F1..F12 (0x3a..0x45) */
    K(F1, F1), K(F2, F2), K(F3, F3), K(F4, F4), K(F5, F5), K(F6, F6), K(F7, F7), K(F8, F8),
    K(F9, F9), K(F10, F10), K(F11, F11), K(F12, F12),
    /* Editing and navigation (0x46..0x52) */
    K(PRINTSCREEN, SYSRQ), K(SCROLLLOCK, SCROLLLOCK), K(PAUSE, PAUSE), K(INSERT, INSERT),
    K(HOME, HOME), K(PAGEUP, PAGEUP), K(DELETE, DELETE), K(END, END), K(PAGEDOWN, PAGEDOWN),
    K(RIGHT, RIGHT), K(LEFT, LEFT), K(DOWN, DOWN), K(UP, UP),
    /* Keypad (0x53..0x63) */
    K(NUMLOCKCLEAR, NUMLOCK), K(KP_DIVIDE, KPSLASH), K(KP_MULTIPLY, KPASTERISK),
    K(KP_MINUS, KPMINUS), K(KP_PLUS, KPPLUS), K(KP_ENTER, KPENTER), K(KP_1, KP1), K(KP_2, KP2),
    K(KP_3, KP3), K(KP_4, KP4), K(KP_5, KP5), K(KP_6, KP6), K(KP_7, KP7), K(KP_8, KP8),
    K(KP_9, KP9), K(KP_0, KP0), K(KP_PERIOD, KPDOT),
    /* 0x64..0x67 */
    K(NONUSBACKSLASH, 102ND), K(APPLICATION, COMPOSE), K(POWER, POWER), K(KP_EQUALS, KPEQUAL),
    /* F13..F24 (0x68..0x73) */
    K(F13, F13), K(F14, F14), K(F15, F15), K(F16, F16), K(F17, F17), K(F18, F18),
    K(F19, F19), K(F20, F20), K(F21, F21), K(F22, F22), K(F23, F23), K(F24, F24),
    /* 0x74..0x81: the Sun-style keys and volume */
    K(EXECUTE, OPEN), K(HELP, HELP), K(MENU, PROPS), K(SELECT, FRONT), K(STOP, STOP),
    K(AGAIN, AGAIN), K(UNDO, UNDO), K(CUT, CUT), K(COPY, COPY), K(PASTE, PASTE), K(FIND, FIND),
    K(MUTE, MUTE), K(VOLUMEUP, VOLUMEUP), K(VOLUMEDOWN, VOLUMEDOWN),
    /* 0x85, international and language keys (0x87..0x94) */
    K(KP_COMMA, KPCOMMA), K(INTERNATIONAL1, RO), K(INTERNATIONAL2, KATAKANAHIRAGANA),
    K(INTERNATIONAL3, YEN), K(INTERNATIONAL4, HENKAN), K(INTERNATIONAL5, MUHENKAN),
    K(INTERNATIONAL6, KPJPCOMMA), K(LANG1, HANGEUL), K(LANG2, HANJA), K(LANG3, KATAKANA),
    K(LANG4, HIRAGANA), K(LANG5, ZENKAKUHANKAKU),
    /* 0x9b, 0xb6/0xb7, 0xd7 */
    K(CANCEL, CANCEL), K(KP_LEFTPAREN, KPLEFTPAREN), K(KP_RIGHTPAREN, KPRIGHTPAREN),
    K(KP_PLUSMINUS, KPPLUSMINUS),
    /* Modifiers (0xe0..0xe7) */
    K(LCTRL, LEFTCTRL), K(LSHIFT, LEFTSHIFT), K(LALT, LEFTALT), K(LGUI, LEFTMETA),
    K(RCTRL, RIGHTCTRL), K(RSHIFT, RIGHTSHIFT), K(RALT, RIGHTALT), K(RGUI, RIGHTMETA),
    /* SDL's consumer keys (257..) */
    K(AUDIONEXT, NEXTSONG), K(AUDIOPREV, PREVIOUSSONG), K(AUDIOSTOP, STOPCD),
    K(AUDIOPLAY, PLAYPAUSE), K(AUDIOMUTE, MUTE), K(MEDIASELECT, MEDIA), K(WWW, WWW),
    K(MAIL, MAIL), K(CALCULATOR, CALC), K(COMPUTER, COMPUTER), K(AC_SEARCH, SEARCH),
    K(AC_HOME, HOMEPAGE), K(AC_BACK, BACK), K(AC_FORWARD, FORWARD), K(AC_STOP, STOP),
    K(AC_REFRESH, REFRESH), K(AC_BOOKMARKS, BOOKMARKS), K(BRIGHTNESSDOWN, BRIGHTNESSDOWN),
    K(BRIGHTNESSUP, BRIGHTNESSUP), K(DISPLAYSWITCH, SWITCHVIDEOMODE),
    K(KBDILLUMTOGGLE, KBDILLUMTOGGLE), K(KBDILLUMDOWN, KBDILLUMDOWN),
    K(KBDILLUMUP, KBDILLUMUP), K(EJECT, EJECTCD), K(SLEEP, SLEEP), K(APP1, PROG1),
    K(APP2, PROG2), K(AUDIOREWIND, REWIND), K(AUDIOFASTFORWARD, FASTFORWARD),
};

size_t keymap_size(void)
{
    return SDL_NUM_SCANCODES;
}

uint16_t keymap_sdl_to_evdev(int sc)
{
    if (sc < 0 || sc >= SDL_NUM_SCANCODES)
        return 0;
    return table[sc];
}

bool keymap_is_alias(int sc)
{
    return sc == SDL_SCANCODE_NONUSHASH || sc == SDL_SCANCODE_AUDIOMUTE ||
           sc == SDL_SCANCODE_AC_STOP;
}

size_t keymap_codes(uint16_t *codes, size_t max)
{
    size_t n = 0;
    for (int sc = 0; sc < SDL_NUM_SCANCODES && n < max; sc++) {
        uint16_t k = keymap_sdl_to_evdev(sc);
        if (k && !keymap_is_alias(sc))
            codes[n++] = k;
    }
    return n;
}
