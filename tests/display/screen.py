#!/usr/bin/env python3
"""screen.py - read the text on a screenshot of the Linux framebuffer console
without OCR, by comparing glyph cells with the console font.

  screen.py RGBFILE WIDTH HEIGHT FONT.psf[.gz] [--dump FILE] EXPECTED...

RGBFILE is raw 8-bit RGB (`convert shot.png -depth 8 rgb:FILE`). fbcon draws
each character as an exact copy of its font glyph in an 8x16 cell starting
at the framebuffer's top-left corner, so a cell is decoded by comparing its
lit pixels with every glyph of the PSF font (console-setup's VGA font is the
same classic VGA 8x16 design the kernel's built-in font_8x16 uses; a few
pixels of difference are tolerated, and nothing else matches that closely).
That is exact matching, not recognition: a cell either is a glyph or is '?'.

Checks, each printed as "ok: ..." or "FAIL: ...":
  - every EXPECTED string appears on some decoded row;
  - on those rows, a clear majority (>= 90%) of the lit pixels have the
    console's text colour (the most common lit colour on the screen), and
    there are at least 8 lit pixels per expected character.
Exit status 0 when all checks pass, 1 otherwise.
"""
import gzip
import sys
from collections import Counter

CELL_W, CELL_H = 8, 16
TOLERANCE = 6  # differing pixels allowed per 128-pixel cell


def load_psf(path):
    data = open(path, 'rb').read()
    if data[:2] == b'\x1f\x8b':
        data = gzip.decompress(data)
    if data[:2] == b'\x36\x04':  # PSF1
        mode, size = data[2], data[3]
        n = 512 if mode & 1 else 256
        glyphs = [data[4 + i * size:4 + (i + 1) * size] for i in range(n)]
        table = data[4 + n * size:]
        has_table = bool(mode & 2)
        width, height, unit = 8, size, 2
    elif data[:4] == b'\x72\xb5\x4a\x86':  # PSF2
        hdr = [int.from_bytes(data[i:i + 4], 'little') for i in range(0, 32, 4)]
        _, _, hsize, flags, n, gsize, height, width = hdr
        glyphs = [data[hsize + i * gsize:hsize + (i + 1) * gsize] for i in range(n)]
        table = data[hsize + n * gsize:]
        has_table = bool(flags & 1)
        unit = 0
    else:
        raise SystemExit('screen.py: %s: not a PSF font' % path)
    if (width, height) != (CELL_W, CELL_H):
        raise SystemExit('screen.py: %s: %dx%d font, need 8x16' % (path, width, height))
    # Unicode table: which glyph draws each ASCII character.
    char_of = {}
    if has_table:
        g = 0
        i = 0
        if unit == 2:  # PSF1: le16 code points, 0xFFFF ends a glyph's list
            while i + 1 < len(table) and g < len(glyphs):
                v = int.from_bytes(table[i:i + 2], 'little')
                i += 2
                if v == 0xFFFF:
                    g += 1
                elif v != 0xFFFE and 0x20 <= v < 0x7f:
                    char_of.setdefault(chr(v), g)
        else:  # PSF2: UTF-8, 0xFF ends a glyph's list
            for g, entry in enumerate(table.split(b'\xff')[:len(glyphs)]):
                for part in entry.split(b'\xfe')[:1]:
                    for ch in part.decode('utf-8', 'replace'):
                        if 0x20 <= ord(ch) < 0x7f:
                            char_of.setdefault(ch, g)
    else:
        char_of = {chr(c): c for c in range(0x20, 0x7f)}
    bits = {}
    for ch, g in char_of.items():
        rows = glyphs[g]
        bits[ch] = tuple((rows[y] >> (7 - x)) & 1 for y in range(CELL_H) for x in range(CELL_W))
    return bits


def main(argv):
    dump = None
    if '--dump' in argv:
        k = argv.index('--dump')
        dump = argv[k + 1]
        del argv[k:k + 2]
    if len(argv) < 5:
        raise SystemExit(__doc__)
    rgbfile, width, height, font = argv[1], int(argv[2]), int(argv[3]), argv[4]
    expected = argv[5:]
    rgb = open(rgbfile, 'rb').read()
    if len(rgb) != width * height * 3:
        raise SystemExit('screen.py: %s has %d bytes, not %dx%dx3' % (rgbfile, len(rgb), width, height))
    font_bits = load_psf(font)
    bg = (0, 0, 0)
    px = lambda x, y: tuple(rgb[(y * width + x) * 3:(y * width + x) * 3 + 3])

    lit_colours = Counter()
    rows_text = []
    row_colours = []
    for cy in range(height // CELL_H):
        line = []
        colours = Counter()
        for cx in range(width // CELL_W):
            cell = []
            for y in range(CELL_H):
                for x in range(CELL_W):
                    c = px(cx * CELL_W + x, cy * CELL_H + y)
                    on = c != bg
                    cell.append(1 if on else 0)
                    if on:
                        colours[c] += 1
            cell = tuple(cell)
            if not any(cell):
                line.append(' ')
                continue
            best, best_d = '?', TOLERANCE + 1
            for ch, b in font_bits.items():
                d = sum(p != q for p, q in zip(cell, b))
                if d < best_d:
                    best, best_d = ch, d
            line.append(best)
        rows_text.append(''.join(line).rstrip())
        row_colours.append(colours)
        lit_colours.update(colours)
    if dump:
        with open(dump, 'w') as f:
            f.write('\n'.join(rows_text) + '\n')
    if not lit_colours:
        print('FAIL: the screen is blank')
        return 1
    text_colour = lit_colours.most_common(1)[0][0]
    ok = True
    for s in expected:
        hits = [i for i, r in enumerate(rows_text) if s in r]
        if not hits:
            print('FAIL: "%s" is not on the screen' % s)
            ok = False
            continue
        row = hits[-1]
        col = row_colours[row]
        lit = sum(col.values())
        share = col[text_colour] / lit if lit else 0
        if share >= 0.9 and lit >= 8 * len(s.replace(' ', '')):
            print('ok: "%s" on text row %d (%d lit pixels, %.0f%% in the text colour #%02x%02x%02x)'
                  % (s, row, lit, 100 * share, *text_colour))
        else:
            print('FAIL: "%s" on row %d but only %.0f%% of %d lit pixels are text-coloured'
                  % (s, row, 100 * share, lit))
            ok = False
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
