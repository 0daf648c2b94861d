/* disas.c - capstone for the in_asm, out_asm and unimp trace items. See disas.h. */
#include "disas.h"

#include <capstone/capstone.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static csh handle;
static int state; /* 0: not opened yet, 1: open, -1: capstone failed */

static bool disas_ready(void)
{
    if (state == 0)
        state = cs_open(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, &handle) == CS_ERR_OK ? 1 : -1;
    return state == 1;
}

const char *disas_one(uint64_t pc, uint32_t insn, char *buf, size_t len)
{
    uint8_t bytes[4];
    memcpy(bytes, &insn, 4); /* hosts are little-endian, like A64 code */
    cs_insn *ci = NULL;
    if (disas_ready() && cs_disasm(handle, bytes, 4, pc, 1, &ci) == 1) {
        snprintf(buf, len, "%s%s%s", ci->mnemonic, ci->op_str[0] ? " " : "", ci->op_str);
        cs_free(ci, 1);
    } else {
        snprintf(buf, len, ".inst 0x%08x", insn);
    }
    return buf;
}

void disas_block(FILE *out, uint64_t pc, const uint8_t *code, size_t len)
{
    for (size_t off = 0; off + 4 <= len; off += 4) {
        uint32_t insn;
        memcpy(&insn, code + off, 4);
        char text[160];
        fprintf(out, "  0x%016llx:  %08x  %s\n", (unsigned long long)(pc + off), insn,
                disas_one(pc + off, insn, text, sizeof(text)));
    }
}

void disas_x86_block(FILE *out, const uint8_t *code, size_t len,
                     const char *(*name_of)(uint64_t addr))
{
    static csh x86;
    static int x86_state; /* as state above */
    if (x86_state == 0)
        x86_state = cs_open(CS_ARCH_X86, CS_MODE_64, &x86) == CS_ERR_OK ? 1 : -1;
    cs_insn *ci = NULL;
    size_t n = x86_state == 1 ? cs_disasm(x86, code, len, (uint64_t)(uintptr_t)code, 0, &ci) : 0;
    size_t done = 0;
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "  0x%016llx:  %-6s %s", (unsigned long long)ci[i].address, ci[i].mnemonic,
                ci[i].op_str);
        /* Direct calls/jumps print their target as a plain hex number. */
        const char *name = NULL;
        if (name_of && (strcmp(ci[i].mnemonic, "call") == 0 || ci[i].mnemonic[0] == 'j') &&
            strncmp(ci[i].op_str, "0x", 2) == 0)
            name = name_of(strtoull(ci[i].op_str, NULL, 16));
        fprintf(out, "%s%s\n", name ? "  ; " : "", name ? name : "");
        done += ci[i].size;
    }
    if (n)
        cs_free(ci, n);
    if (done < len)
        fprintf(out, "  (%zu bytes capstone could not decode)\n", len - done);
}
