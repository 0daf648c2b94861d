/* test_x86_emit.c - the native backend's x86-64 encoder (cpu/jit/x86_emit.c).
 *
 * Each case encodes one instruction and compares the bytes with an encoding
 * checked by disassembling it with GNU objdump
 * (`objdump -D -b binary -mi386:x86-64 -M intel`): the string beside each
 * case is what objdump printed for those bytes. The cases cover the
 * encoder's special forms: REX.R/X/B for r8-r15, the SIB byte forced by
 * rsp/r12 bases, the disp8 forced by rbp/r13 bases, index scaling, the REX
 * prefix byte registers sil/dil need, the 0x66 prefix, and the three sizes
 * of immediate moves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/jit/x86_emit.h"

static void check(const char *what, const char *want, size_t len, const uint8_t *got, size_t got_len)
{
    if (got_len != len || memcmp(got, want, len) != 0) {
        print_error("%s: expected", what);
        for (size_t i = 0; i < len; i++)
            print_error(" %02x", (uint8_t)want[i]);
        print_error(", got");
        for (size_t i = 0; i < got_len; i++)
            print_error(" %02x", got[i]);
        print_error("\n");
        fail();
    }
}

#define ENC(what, bytes, call)                                          \
    do {                                                                \
        uint8_t b_[32];                                                 \
        x86_emit_t e_;                                                  \
        x86_emit_t *e = &e_;                                            \
        x86_init(e, b_, sizeof(b_));                                    \
        call;                                                           \
        assert_false(e->full);                                          \
        check(what, bytes, sizeof(bytes) - 1, b_, x86_size(e));         \
    } while (0)

static void test_instructions(void **state)
{
    (void)state;
    ENC("mov rdi, rbx", "\x48\x89\xdf", x86_mov_rr(e, true, X86_RDI, X86_RBX));
    ENC("mov r8d, eax", "\x41\x89\xc0", x86_mov_rr(e, false, X86_R8, X86_RAX));
    ENC("mov eax, 0x12345678", "\xb8\x78\x56\x34\x12", x86_mov_ri(e, X86_RAX, 0x12345678));
    ENC("mov r9d, 0x80000000", "\x41\xb9\x00\x00\x00\x80", x86_mov_ri(e, X86_R9, 0x80000000u));
    ENC("mov rcx, -2 (C7 sign-ext)", "\x48\xc7\xc1\xfe\xff\xff\xff", x86_mov_ri(e, X86_RCX, (uint64_t)-2));
    ENC("movabs rsi, 0x123456789abc", "\x48\xbe\xbc\x9a\x78\x56\x34\x12\x00\x00", x86_mov_ri(e, X86_RSI, 0x123456789abcull));
    ENC("mov rax, [rbx+0x10]", "\x48\x8b\x43\x10", x86_load(e, 8, 0, X86_RAX, x86_mem(X86_RBX, 0x10)));
    ENC("mov eax, [rbx+0x100]", "\x8b\x83\x00\x01\x00\x00", x86_load(e, 4, 0, X86_RAX, x86_mem(X86_RBX, 0x100)));
    ENC("movsxd rdx, [rax+rsi]", "\x48\x63\x14\x30", x86_load(e, 4, 64, X86_RDX, x86_mem_idx(X86_RAX, X86_RSI, 0, 0)));
    ENC("movzx ecx, byte [r12]", "\x41\x0f\xb6\x0c\x24", x86_load(e, 1, 0, X86_RCX, x86_mem(X86_R12, 0)));
    ENC("movsx r10d, byte [r13]", "\x45\x0f\xbe\x55\x00", x86_load(e, 1, 32, X86_R10, x86_mem(X86_R13, 0)));
    ENC("movsx rax, word [rsp+8]", "\x48\x0f\xbf\x44\x24\x08", x86_load(e, 2, 64, X86_RAX, x86_mem(X86_RSP, 8)));
    ENC("movzx eax, word [rbp+r9*8-4]", "\x42\x0f\xb7\x44\xcd\xfc", x86_load(e, 2, 0, X86_RAX, x86_mem_idx(X86_RBP, X86_R9, 3, -4)));
    ENC("mov [rbx+0x108], rcx", "\x48\x89\x8b\x08\x01\x00\x00", x86_store(e, 8, X86_RCX, x86_mem(X86_RBX, 0x108)));
    ENC("mov [rax+rdx], esi", "\x89\x34\x10", x86_store(e, 4, X86_RSI, x86_mem_idx(X86_RAX, X86_RDX, 0, 0)));
    ENC("mov [rax], si", "\x66\x89\x30", x86_store(e, 2, X86_RSI, x86_mem(X86_RAX, 0)));
    ENC("mov [rax], sil", "\x40\x88\x30", x86_store(e, 1, X86_RSI, x86_mem(X86_RAX, 0)));
    ENC("mov [r11+1], cl", "\x41\x88\x4b\x01", x86_store(e, 1, X86_RCX, x86_mem(X86_R11, 1)));
    ENC("mov qword [rbx+8], -1", "\x48\xc7\x43\x08\xff\xff\xff\xff", x86_store_imm(e, x86_mem(X86_RBX, 8), -1));
    ENC("lea rax, [rcx+rdx*4+0x7f]", "\x48\x8d\x44\x91\x7f", x86_lea(e, true, X86_RAX, x86_mem_idx(X86_RCX, X86_RDX, 2, 0x7f)));
    ENC("movzx eax, sil", "\x40\x0f\xb6\xc6", x86_movzx_rr(e, 1, X86_RAX, X86_RSI));
    ENC("movzx r8d, cx", "\x44\x0f\xb7\xc1", x86_movzx_rr(e, 2, X86_R8, X86_RCX));
    ENC("movsx rax, dil", "\x48\x0f\xbe\xc7", x86_movsx_rr(e, true, 1, X86_RAX, X86_RDI));
    ENC("movsx eax, cx", "\x0f\xbf\xc1", x86_movsx_rr(e, false, 2, X86_RAX, X86_RCX));
    ENC("movsxd rcx, eax", "\x48\x63\xc8", x86_movsx_rr(e, true, 4, X86_RCX, X86_RAX));
    ENC("add rax, rcx", "\x48\x01\xc8", x86_alu_rr(e, true, X86_ADD, X86_RAX, X86_RCX));
    ENC("sub r9d, r10d", "\x45\x29\xd1", x86_alu_rr(e, false, X86_SUB, X86_R9, X86_R10));
    ENC("cmp rax, 1", "\x48\x83\xf8\x01", x86_alu_ri(e, true, X86_CMP, X86_RAX, 1));
    ENC("and rcx, -4096", "\x48\x81\xe1\x00\xf0\xff\xff", x86_alu_ri(e, true, X86_AND, X86_RCX, -4096));
    ENC("xor eax, 0x1000", "\x81\xf0\x00\x10\x00\x00", x86_alu_ri(e, false, X86_XOR, X86_RAX, 0x1000));
    ENC("cmp rcx, [rdx+0x10]", "\x48\x3b\x4a\x10", x86_alu_rm(e, true, X86_CMP, X86_RCX, x86_mem(X86_RDX, 0x10)));
    ENC("shl rax, 12", "\x48\xc1\xe0\x0c", x86_shift_ri(e, true, X86_SHL, X86_RAX, 12));
    ENC("sar r11d, 3", "\x41\xc1\xfb\x03", x86_shift_ri(e, false, X86_SAR, X86_R11, 3));
    ENC("ror rdx, 63", "\x48\xc1\xca\x3f", x86_shift_ri(e, true, X86_ROR, X86_RDX, 63));
    ENC("not rsi", "\x48\xf7\xd6", x86_not(e, true, X86_RSI));
    ENC("test rax, rax", "\x48\x85\xc0", x86_test_rr(e, true, X86_RAX, X86_RAX));
    ENC("imul rax, rax, 56", "\x48\x69\xc0\x38\x00\x00\x00", x86_imul_rri(e, true, X86_RAX, X86_RAX, 56));
    ENC("cmovb rax, r8", "\x49\x0f\x42\xc0", x86_cmov(e, true, X86_CC_B, X86_RAX, X86_R8));
    ENC("push rbx", "\x53", x86_push(e, X86_RBX));
    ENC("push r15", "\x41\x57", x86_push(e, X86_R15));
    ENC("pop r12", "\x41\x5c", x86_pop(e, X86_R12));
    ENC("ret", "\xc3", x86_ret(e));
    ENC("jmp rsi", "\xff\xe6", x86_jmp_r(e, X86_RSI));
    ENC("jmp r11", "\x41\xff\xe3", x86_jmp_r(e, X86_R11));
    ENC("mov dword [rbx+0x110], 4", "\xc7\x83\x10\x01\x00\x00\x04\x00\x00\x00",
        x86_store_imm32(e, x86_mem(X86_RBX, 0x110), 4));
    ENC("sete al", "\x0f\x94\xc0", x86_setcc(e, X86_CC_E, X86_RAX));
    ENC("setg sil", "\x40\x0f\x9f\xc6", x86_setcc(e, X86_CC_G, X86_RSI));
    ENC("setb r9b", "\x41\x0f\x92\xc1", x86_setcc(e, X86_CC_B, X86_R9));
    ENC("neg rcx", "\x48\xf7\xd9", x86_neg(e, true, X86_RCX));
    ENC("neg r10d", "\x41\xf7\xda", x86_neg(e, false, X86_R10));
    ENC("imul rax, rcx", "\x48\x0f\xaf\xc1", x86_imul_rr(e, true, X86_RAX, X86_RCX));
    ENC("imul r8d, r15d", "\x45\x0f\xaf\xc7", x86_imul_rr(e, false, X86_R8, X86_R15));
    ENC("shl rax, cl", "\x48\xd3\xe0", x86_shift_cl(e, true, X86_SHL, X86_RAX));
    ENC("ror r9d, cl", "\x41\xd3\xc9", x86_shift_cl(e, false, X86_ROR, X86_R9));
    ENC("sar edx, cl", "\xd3\xfa", x86_shift_cl(e, false, X86_SAR, X86_RDX));
}

/* call/jmp/jcc: rel32 relative to the end of the instruction; a target out
 * of rel32 reach goes through rax. */
static void test_branches(void **state)
{
    (void)state;
    static uint8_t buf[64];
    x86_emit_t e;
    x86_init(&e, buf, sizeof(buf));
    x86_call(&e, buf + 0x30); /* e8 rel32 = 0x30 - 5 */
    check("call +0x2b", "\xe8\x2b\x00\x00\x00", 5, buf, x86_size(&e));
    x86_init(&e, buf, sizeof(buf));
    x86_jmp(&e, buf); /* e9 rel32 = -5 */
    check("jmp -5", "\xe9\xfb\xff\xff\xff", 5, buf, x86_size(&e));
    x86_init(&e, buf, sizeof(buf));
    x86_jcc(&e, X86_CC_E, buf + 6); /* je . + 6: 0f 84 rel32 = 0 */
    check("je +0", "\x0f\x84\x00\x00\x00\x00", 6, buf, x86_size(&e));
    /* Forward branch patched to the current position. */
    x86_init(&e, buf, sizeof(buf));
    uint8_t *at = x86_jcc_fwd(&e, X86_CC_NE);
    x86_ret(&e);
    x86_patch(&e, at);
    check("jne +1; ret", "\x0f\x85\x01\x00\x00\x00\xc3", 7, buf, x86_size(&e));
    /* Far away: mov rax, imm64; call rax (ff d0). */
    x86_init(&e, buf, sizeof(buf));
    const void *far = (const void *)((uintptr_t)buf ^ (uintptr_t)1 << 46);
    x86_call(&e, far);
    assert_int_equal(x86_size(&e), 12);
    assert_int_equal(buf[0], 0x48);
    assert_int_equal(buf[1], 0xb8);
    uint64_t imm;
    memcpy(&imm, buf + 2, 8);
    assert_true(imm == (uint64_t)(uintptr_t)far);
    assert_int_equal(buf[10], 0xff);
    assert_int_equal(buf[11], 0xd0);
}

/* Past the end nothing is written and full is set. */
static void test_full(void **state)
{
    (void)state;
    uint8_t buf[8];
    memset(buf, 0xcc, sizeof(buf));
    x86_emit_t e;
    x86_init(&e, buf, 4);
    x86_mov_ri(&e, X86_RSI, 0x123456789abcull); /* 10 bytes */
    assert_true(e.full);
    assert_int_equal(buf[4], 0xcc);
    assert_true(x86_size(&e) <= 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_instructions),
        cmocka_unit_test(test_branches),
        cmocka_unit_test(test_full),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
