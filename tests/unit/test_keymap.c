/* test_keymap.c - the SDL scancode -> evdev key map (devices/display/keymap.c)
 * against an independent table: USB HID usage (= SDL scancode) to Linux key
 * number, written out as plain numbers from the HID Usage Tables and Linux's
 * input-event-codes.h, not with the KEY_ names the map itself uses. Every
 * scancode not listed must map to nothing; no two scancodes may share a
 * code except the three documented aliases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <SDL.h>
#include <cmocka.h>

#include "devices/display/keymap.h"

static const struct { int sc; uint16_t key; } expected[] = {
    /* letters a..z: HID 0x04..0x1d */
    { 4, 30 }, { 5, 48 }, { 6, 46 }, { 7, 32 }, { 8, 18 }, { 9, 33 }, { 10, 34 }, { 11, 35 },
    { 12, 23 }, { 13, 36 }, { 14, 37 }, { 15, 38 }, { 16, 50 }, { 17, 49 }, { 18, 24 },
    { 19, 25 }, { 20, 16 }, { 21, 19 }, { 22, 31 }, { 23, 20 }, { 24, 22 }, { 25, 47 },
    { 26, 17 }, { 27, 45 }, { 28, 21 }, { 29, 44 },
    /* 1..9, 0 */
    { 30, 2 }, { 31, 3 }, { 32, 4 }, { 33, 5 }, { 34, 6 }, { 35, 7 }, { 36, 8 }, { 37, 9 },
    { 38, 10 }, { 39, 11 },
    /* Enter Esc Backspace Tab Space - = [ ] \ (non-US #) ; ' ` , . / CapsLock */
    { 40, 28 }, { 41, 1 }, { 42, 14 }, { 43, 15 }, { 44, 57 }, { 45, 12 }, { 46, 13 },
    { 47, 26 }, { 48, 27 }, { 49, 43 }, { 50, 43 }, { 51, 39 }, { 52, 40 }, { 53, 41 },
    { 54, 51 }, { 55, 52 }, { 56, 53 }, { 57, 58 },
    /* F1..F12 */
    { 58, 59 }, { 59, 60 }, { 60, 61 }, { 61, 62 }, { 62, 63 }, { 63, 64 }, { 64, 65 },
    { 65, 66 }, { 66, 67 }, { 67, 68 }, { 68, 87 }, { 69, 88 },
    /* PrintScreen ScrollLock Pause Insert Home PgUp Delete End PgDn Right Left Down Up */
    { 70, 99 }, { 71, 70 }, { 72, 119 }, { 73, 110 }, { 74, 102 }, { 75, 104 }, { 76, 111 },
    { 77, 107 }, { 78, 109 }, { 79, 106 }, { 80, 105 }, { 81, 108 }, { 82, 103 },
    /* NumLock KP/ KP* KP- KP+ KPEnter KP1..KP9 KP0 KP. */
    { 83, 69 }, { 84, 98 }, { 85, 55 }, { 86, 74 }, { 87, 78 }, { 88, 96 }, { 89, 79 },
    { 90, 80 }, { 91, 81 }, { 92, 75 }, { 93, 76 }, { 94, 77 }, { 95, 71 }, { 96, 72 },
    { 97, 73 }, { 98, 82 }, { 99, 83 },
    /* non-US \ (102nd), Application (Compose), Power, KP= */
    { 100, 86 }, { 101, 127 }, { 102, 116 }, { 103, 117 },
    /* F13..F24 */
    { 104, 183 }, { 105, 184 }, { 106, 185 }, { 107, 186 }, { 108, 187 }, { 109, 188 },
    { 110, 189 }, { 111, 190 }, { 112, 191 }, { 113, 192 }, { 114, 193 }, { 115, 194 },
    /* Execute(Open) Help Menu(Props) Select(Front) Stop Again Undo Cut Copy Paste Find
     * Mute VolumeUp VolumeDown */
    { 116, 134 }, { 117, 138 }, { 118, 130 }, { 119, 132 }, { 120, 128 }, { 121, 129 },
    { 122, 131 }, { 123, 137 }, { 124, 133 }, { 125, 135 }, { 126, 136 }, { 127, 113 },
    { 128, 115 }, { 129, 114 },
    /* KP, ; International1..6 (Ro KatakanaHiragana Yen Henkan Muhenkan KPJPComma) */
    { 133, 121 }, { 135, 89 }, { 136, 93 }, { 137, 124 }, { 138, 92 }, { 139, 94 }, { 140, 95 },
    /* LANG1..5 (Hangeul Hanja Katakana Hiragana ZenkakuHankaku) */
    { 144, 122 }, { 145, 123 }, { 146, 90 }, { 147, 91 }, { 148, 85 },
    /* Cancel, KP( KP) KP+- */
    { 155, 223 }, { 182, 179 }, { 183, 180 }, { 215, 118 },
    /* LCtrl LShift LAlt LMeta RCtrl RShift RAlt RMeta */
    { 224, 29 }, { 225, 42 }, { 226, 56 }, { 227, 125 }, { 228, 97 }, { 229, 54 }, { 230, 100 },
    { 231, 126 },
    /* SDL's own: next prev stop play mute media www mail calc computer search home back
     * forward stop refresh bookmarks brightness-/+ switchvideomode kbdillum toggle/-/+
     * eject sleep prog1 prog2 rewind fastforward */
    { 258, 163 }, { 259, 165 }, { 260, 166 }, { 261, 164 }, { 262, 113 }, { 263, 226 },
    { 264, 150 }, { 265, 155 }, { 266, 140 }, { 267, 157 }, { 268, 217 }, { 269, 172 },
    { 270, 158 }, { 271, 159 }, { 272, 128 }, { 273, 173 }, { 274, 156 }, { 275, 224 },
    { 276, 225 }, { 277, 227 }, { 278, 228 }, { 279, 229 }, { 280, 230 }, { 281, 161 },
    { 282, 142 }, { 283, 148 }, { 284, 149 }, { 285, 168 }, { 286, 208 },
};
#define N_EXPECTED (sizeof(expected) / sizeof(expected[0]))

/* The scancodes SDL names but Linux has no key for: sent nowhere. */
static const int unmapped_named[] = {
    130, 131, 132,           /* locking Caps/Num/Scroll: legacy HID, no evdev code */
    134,                     /* KP = (AS/400) */
    141, 142, 143,           /* International7..9 */
    149, 150, 151, 152,      /* LANG6..9 */
    153, 154, 156, 157, 158, 159, 160, 161, 162, 163, 164, /* AltErase SysReq Clear ... ExSel */
    257,                     /* MODE (AltGr on some layouts: RightAlt already covers it) */
};

static void test_every_pair(void **state)
{
    (void)state;
    assert_int_equal(keymap_size(), SDL_NUM_SCANCODES);
    for (size_t i = 0; i < N_EXPECTED; i++) {
        uint16_t got = keymap_sdl_to_evdev(expected[i].sc);
        if (got != expected[i].key)
            fprintf(stderr, "scancode %d (%s): got %u, want %u\n", expected[i].sc,
                    SDL_GetScancodeName(expected[i].sc), got, expected[i].key);
        assert_int_equal(got, expected[i].key);
    }
}

static void test_nothing_else(void **state)
{
    (void)state;
    for (int sc = -5; sc < SDL_NUM_SCANCODES + 5; sc++) {
        bool listed = false;
        for (size_t i = 0; i < N_EXPECTED; i++)
            listed |= expected[i].sc == sc;
        if (!listed) {
            if (keymap_sdl_to_evdev(sc) != 0)
                fprintf(stderr, "scancode %d (%s) maps to %u, not in the table\n", sc,
                        sc >= 0 && sc < SDL_NUM_SCANCODES ? SDL_GetScancodeName(sc) : "",
                        keymap_sdl_to_evdev(sc));
            assert_int_equal(keymap_sdl_to_evdev(sc), 0);
        }
    }
    /* Every key SDL has a name for is either mapped or knowingly left out. */
    for (int sc = 1; sc < SDL_NUM_SCANCODES; sc++) {
        const char *name = SDL_GetScancodeName(sc);
        if (!name || !*name || keymap_sdl_to_evdev(sc))
            continue;
        bool known = false;
        for (size_t i = 0; i < sizeof(unmapped_named) / sizeof(unmapped_named[0]); i++)
            known |= unmapped_named[i] == sc;
        /* SDL names keypad extras (176..221) and phone keys (287..) too;
         * Linux has no keys for those. */
        known |= (sc >= 176 && sc <= 221) || sc >= 287;
        if (!known)
            fprintf(stderr, "scancode %d (%s) has a name but no key\n", sc, name);
        assert_true(known);
    }
}

static void test_no_duplicates(void **state)
{
    (void)state;
    int owner[1024];
    for (int i = 0; i < 1024; i++)
        owner[i] = -1;
    int aliases = 0;
    for (int sc = 0; sc < SDL_NUM_SCANCODES; sc++) {
        uint16_t k = keymap_sdl_to_evdev(sc);
        if (!k)
            continue;
        assert_true(k < 1024);
        if (keymap_is_alias(sc)) {
            aliases++;
            continue;
        }
        if (owner[k] >= 0)
            fprintf(stderr, "key %u from scancodes %d and %d\n", k, owner[k], sc);
        assert_int_equal(owner[k], -1);
        owner[k] = sc;
    }
    assert_int_equal(aliases, 3);
    /* An alias shares its code with a real key (it is not a lone code). */
    static const int alias_sc[3] = { SDL_SCANCODE_NONUSHASH, SDL_SCANCODE_AUDIOMUTE,
                                     SDL_SCANCODE_AC_STOP };
    for (int i = 0; i < 3; i++) {
        assert_true(keymap_is_alias(alias_sc[i]));
        assert_true(owner[keymap_sdl_to_evdev(alias_sc[i])] >= 0);
    }
    /* keymap_codes: each code once, aliases not repeated. */
    uint16_t codes[600];
    size_t n = keymap_codes(codes, 600);
    assert_int_equal(n, N_EXPECTED - 3);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            assert_int_not_equal(codes[i], codes[j]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_pair),
        cmocka_unit_test(test_nothing_else),
        cmocka_unit_test(test_no_duplicates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
