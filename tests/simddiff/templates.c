/* templates.c - the instruction templates of tests/simddiff.
 *
 * A template is a 32-character bit pattern, bit 31 first (spaces are only
 * for reading): '0'/'1' fixed bits, 'x' random bits, 'o' the bits of a
 * field whose allowed values are listed in `allowed` (bit v set: value v
 * may be generated), so that one class can be split into its integer and
 * floating-point parts. Each class is written from the Arm ARM's encoding
 * diagrams; every other field (sizes, Q, U, registers, immediates) is
 * random, so reserved combinations are exercised too: the two machines
 * must agree on which words are UNDEFINED.
 *
 * `mem` says how the generator must place the base address of a load or
 * store so that it lands in the data buffer (see simddiff.c).
 */
#include "sdgen.h"

#define ALL ~0ull
#define RANGE(lo, hi) ((((hi) >= 63 ? ~0ull : (1ull << ((hi) + 1)) - 1)) & ~((1ull << (lo)) - 1))
#define B(v) (1ull << (v))

const sd_tmpl_t sd_templates[] = {
    /* ---- integer ---- */
    { "3same", "int", "0xx 01110 xx1 xxxxx ooooo 1 xxxxx xxxxx", RANGE(0, 0x17), 0 },
    { "3same-scalar", "int", "01x 11110 xx1 xxxxx ooooo 1 xxxxx xxxxx", RANGE(0, 0x17), 0 },
    { "3diff", "int", "0xx 01110 xx1 xxxxx oooo 00 xxxxx xxxxx", ALL, 0 },
    { "3diff-scalar", "int", "01x 11110 xx1 xxxxx oooo 00 xxxxx xxxxx", ALL, 0 },
    { "2misc", "int", "0xx 01110 xx1 0000 ooooo 10 xxxxx xxxxx",
      RANGE(0, 0x0b) | RANGE(0x10, 0x15), 0 },
    { "2misc-scalar", "int", "01x 11110 xx1 0000 ooooo 10 xxxxx xxxxx",
      RANGE(0, 0x0b) | RANGE(0x10, 0x15), 0 },
    { "across", "int", "0xx 01110 xx1 1000 ooooo 10 xxxxx xxxxx",
      B(0x03) | B(0x0a) | B(0x1a) | B(0x1b) | B(0x00) | B(0x10), 0 },
    { "pairwise-scalar", "int", "010 11110 xx1 1000 ooooo 10 xxxxx xxxxx", ALL, 0 },
    { "shift-imm", "int", "0xx 011110 xxxx xxx ooooo 1 xxxxx xxxxx", ALL & ~B(0x1c) & ~B(0x1f), 0 },
    { "shift-imm-scalar", "int", "01x 111110 xxxx xxx ooooo 1 xxxxx xxxxx", ALL & ~B(0x1c) & ~B(0x1f), 0 },
    { "elem", "int", "0xx 01111 xx xx xxxx oooo x 0 xxxxx xxxxx",
      ALL & ~B(0x1) & ~B(0x5) & ~B(0x9), 0 },
    { "elem-scalar", "int", "01x 11111 xx xx xxxx oooo x 0 xxxxx xxxxx",
      ALL & ~B(0x1) & ~B(0x5) & ~B(0x9), 0 },
    { "modimm", "int", "0xx 0111100000 xxx xxxx x 1 xxxxx xxxxx", ALL, 0 },
    /* ---- data movement ---- */
    { "copy", "perm", "0xx 01110000 xxxxx 0 xxxx 1 xxxxx xxxxx", ALL, 0 },
    { "copy-scalar", "perm", "01x 11110000 xxxxx 0 xxxx 1 xxxxx xxxxx", ALL, 0 },
    { "permute", "perm", "0x0 01110 xx0 xxxxx 0 xxx 10 xxxxx xxxxx", ALL, 0 },
    { "extract", "perm", "0x1 01110 xx0 xxxxx 0 xxxx 0 xxxxx xxxxx", ALL, 0 },
    { "table", "perm", "0x0 01110 xx0 xxxxx 0 xx x 00 xxxxx xxxxx", ALL, 0 },
    /* ---- crypto ---- */
    { "aes", "crypto", "010 01110 xx1 0100 ooooo 10 xxxxx xxxxx", RANGE(0, 8), 0 },
    { "sha3", "crypto", "010 11110 xx0 xxxxx 0 xxx 00 xxxxx xxxxx", ALL, 0 },
    { "sha2", "crypto", "010 11110 xx1 0100 ooooo 10 xxxxx xxxxx", RANGE(0, 3), 0 },
    { "pmull", "crypto", "0x0 01110 xx1 xxxxx 1110 00 xxxxx xxxxx", ALL, 0 },
    /* ---- floating point (vector and scalar SIMD) ---- */
    { "3same-fp", "fp", "0xx 01110 xx1 xxxxx ooooo 1 xxxxx xxxxx", RANGE(0x18, 0x1f), 0 },
    { "3same-fp-scalar", "fp", "01x 11110 xx1 xxxxx ooooo 1 xxxxx xxxxx", RANGE(0x18, 0x1f), 0 },
    { "2misc-fp", "fp", "0xx 01110 xx1 0000 ooooo 10 xxxxx xxxxx",
      RANGE(0x0c, 0x0f) | RANGE(0x16, 0x1f), 0 },
    { "2misc-fp-scalar", "fp", "01x 11110 xx1 0000 ooooo 10 xxxxx xxxxx",
      RANGE(0x0c, 0x0f) | RANGE(0x16, 0x1f), 0 },
    { "across-fp", "fp", "0x1 01110 xx1 1000 ooooo 10 xxxxx xxxxx", B(0x0c) | B(0x0f), 0 },
    { "pairwise-fp", "fp", "011 11110 xx1 1000 ooooo 10 xxxxx xxxxx", RANGE(0x0c, 0x0f), 0 },
    { "shift-fp", "fp", "0xx 011110 xxxx xxx ooooo 1 xxxxx xxxxx", B(0x1c) | B(0x1f), 0 },
    { "shift-fp-scalar", "fp", "01x 111110 xxxx xxx ooooo 1 xxxxx xxxxx", B(0x1c) | B(0x1f), 0 },
    { "elem-fp", "fp", "0xx 01111 xx xx xxxx oooo x 0 xxxxx xxxxx", B(0x1) | B(0x5) | B(0x9), 0 },
    { "elem-fp-scalar", "fp", "01x 11111 xx xx xxxx oooo x 0 xxxxx xxxxx", B(0x1) | B(0x5) | B(0x9), 0 },
    /* ---- loads and stores (V = 1) ---- */
    { "ldst-uimm", "ldst", "xx 111 1 01 xx xxxxxxxxxxxx xxxxx xxxxx", ALL, SD_MEM_UIMM },
    { "ldst-imm9", "ldst", "xx 111 1 00 xx 0 xxxxxxxxx xx xxxxx xxxxx", ALL, SD_MEM_IMM9 },
    { "ldst-reg", "ldst", "xx 111 1 00 xx 1 xxxxx xxx x 10 xxxxx xxxxx", ALL, SD_MEM_REG },
    { "ldst-literal", "ldst", "xx 011 1 00 xxxxxxxxxxxxxxxxxxx xxxxx", ALL, SD_MEM_LIT },
    { "ldst-pair", "ldst", "xx 101 1 0 xx x xxxxxxx xxxxx xxxxx xxxxx", ALL, SD_MEM_PAIR },
    { "ldst-multi", "ldst", "0x 0011000 x 000000 xxxx xx xxxxx xxxxx", ALL, SD_MEM_STRUCT },
    { "ldst-multi-post", "ldst", "0x 0011001 x 0 xxxxx xxxx xx xxxxx xxxxx", ALL, SD_MEM_STRUCT },
    { "ldst-single", "ldst", "0x 0011010 x x 00000 xxx x xx xxxxx xxxxx", ALL, SD_MEM_STRUCT },
    { "ldst-single-post", "ldst", "0x 0011011 x x xxxxx xxx x xx xxxxx xxxxx", ALL, SD_MEM_STRUCT },
    /* ---- the scalar "Floating-point" classes (fp_*.c), routed there by
     * decode_simd_fp; not in the default groups (fp_*.c has its own tests) ---- */
    { "fp-scalar", "fpscalar", "x0x 1 111 xxxxxxxxxxxxxxxxxxxxxxxxx", ALL, 0 },
    /* ---- the whole AdvSIMD space at random (decode agreement) ---- */
    { "any-simd", "any", "xxx x 111 xxxxxxxxxxxxxxxxxxxxxxxxx", ALL, 0 },
};
const int sd_ntemplates = (int)(sizeof(sd_templates) / sizeof(sd_templates[0]));
