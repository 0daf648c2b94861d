/* placeholder.c - TEMPORARY: lets the core build before the decoders land. */
#include "decode.h"
#include "tb.h"
const op_t *op_nop(cpu_t *cpu, const op_t *op) { (void)cpu; return op + 1; }
bool decode_dp_imm(dc_t *dc, uint32_t insn, op_t *op) { (void)dc; (void)insn; (void)op; return false; }
bool decode_dp_reg(dc_t *dc, uint32_t insn, op_t *op) { (void)dc; (void)insn; (void)op; return false; }
bool decode_ldst(dc_t *dc, uint32_t insn, op_t *op) { (void)dc; (void)insn; (void)op; return false; }
bool decode_system(dc_t *dc, uint32_t insn, op_t *op) { (void)dc; (void)insn; (void)op; return false; }
bool sysreg_read(cpu_t *cpu, uint32_t enc, uint64_t *val, const op_t *op) { (void)cpu; (void)enc; (void)val; (void)op; return false; }
bool sysreg_write(cpu_t *cpu, uint32_t enc, uint64_t val, const op_t *op) { (void)cpu; (void)enc; (void)val; (void)op; return false; }
bool sysreg_sys_insn(cpu_t *cpu, uint32_t enc, uint64_t val, const op_t *op) { (void)cpu; (void)enc; (void)val; (void)op; return false; }
void sysreg_reset(cpu_t *cpu) { cpu->sys.sctlr = 0x30d00800; }
void cpu_set_id_registers(cpu_t *cpu, cpu_model_t model) { (void)model; cpu->midr = 0x411fd070; cpu->mpidr = 0x80000000u | (uint64_t)cpu->index; }
void mmu_translate(cpu_t *cpu, uint64_t va, acc_t acc, int mmu_idx, mmu_result_t *res)
{
    (void)cpu; (void)acc; (void)mmu_idx;
    *res = (mmu_result_t){ .pa = va, .perms = TLB_PERM_R | TLB_PERM_W | TLB_PERM_X, .page_shift = 12 };
    if (va >> 48) res->fault = MMU_FAULT_ADDRESS_SIZE;
}
uint64_t cpu_timer_poll(cpu_t *cpu) { (void)cpu; return UINT64_MAX; }
