/* sdgen.h - the host side of tests/simddiff: templates (templates.c). */
#ifndef SDGEN_H
#define SDGEN_H

#include <stdint.h>

/* How a load/store template's base register must be set up. */
enum {
    SD_MEM_NONE = 0,
    SD_MEM_UIMM,   /* LDR/STR (unsigned offset): imm12 scaled */
    SD_MEM_IMM9,   /* LDUR/STUR, pre/post-index: simm9 */
    SD_MEM_REG,    /* register offset: Rm extended and shifted */
    SD_MEM_LIT,    /* LDR (literal): PC + simm19 * 4 */
    SD_MEM_PAIR,   /* LDP/STP/LDNP/STNP: simm7 scaled */
    SD_MEM_STRUCT, /* LD1..LD4/ST1..ST4, LDnR: Rn, post-index Rm */
};

typedef struct sd_tmpl {
    const char *name;
    const char *group;
    const char *pat;
    uint64_t allowed;
    int mem;
} sd_tmpl_t;

extern const sd_tmpl_t sd_templates[];
extern const int sd_ntemplates;

#endif
