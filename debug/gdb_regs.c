/* gdb_regs.c - GDB's view of the AArch64 register file, and target.xml. */
#include "gdb_regs.h"

#include <string.h>

size_t gdb_reg_size(int n)
{
    if (n >= 0 && n <= GDB_REG_PC)
        return 8;
    if (n == GDB_REG_CPSR || n == GDB_REG_FPSR || n == GDB_REG_FPCR)
        return 4;
    if (n >= GDB_REG_V0 && n < GDB_REG_V0 + 32)
        return 16;
    return 0;
}

static void put_le(uint8_t *out, uint64_t v, size_t size)
{
    for (size_t i = 0; i < size; i++)
        out[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *in, size_t size)
{
    uint64_t v = 0;
    for (size_t i = 0; i < size; i++)
        v |= (uint64_t)in[i] << (8 * i);
    return v;
}

size_t gdb_reg_read(cpu_t *cpu, int n, uint8_t *out)
{
    size_t size = gdb_reg_size(n);
    if (n >= 0 && n <= 30)
        put_le(out, cpu_get_x(cpu, n), 8);
    else if (n == GDB_REG_SP)
        put_le(out, cpu_get_sp(cpu), 8);
    else if (n == GDB_REG_PC)
        put_le(out, cpu_get_pc(cpu), 8);
    else if (n == GDB_REG_CPSR)
        put_le(out, cpu_get_pstate(cpu), 4);
    else if (n >= GDB_REG_V0 && n < GDB_REG_V0 + 32)
        cpu_get_vreg(cpu, n - GDB_REG_V0, out);
    else if (n == GDB_REG_FPSR)
        put_le(out, cpu_get_fpsr(cpu), 4);
    else if (n == GDB_REG_FPCR)
        put_le(out, cpu_get_fpcr(cpu), 4);
    return size;
}

int gdb_reg_write(cpu_t *cpu, int n, const uint8_t *in)
{
    if (n >= 0 && n <= 30)
        cpu_set_x(cpu, n, get_le(in, 8));
    else if (n == GDB_REG_SP)
        cpu_set_sp(cpu, get_le(in, 8));
    else if (n == GDB_REG_PC)
        cpu_set_pc(cpu, get_le(in, 8));
    else if (n == GDB_REG_CPSR)
        return cpu_set_pstate(cpu, (uint32_t)get_le(in, 4)) ? 0 : -1;
    else if (n >= GDB_REG_V0 && n < GDB_REG_V0 + 32)
        cpu_set_vreg(cpu, n - GDB_REG_V0, in);
    else if (n == GDB_REG_FPSR)
        cpu_set_fpsr(cpu, (uint32_t)get_le(in, 4));
    else if (n == GDB_REG_FPCR)
        cpu_set_fpcr(cpu, (uint32_t)get_le(in, 4));
    else
        return -1;
    return 0;
}

/* Register names and feature names are the ones GDB's AArch64 support
 * looks for (gdb/aarch64-tdep.c validates x0..x30, sp, pc, cpsr in the core
 * feature and v0..v31, fpsr, fpcr in the fpu feature). The V registers are
 * a union of the lane views, so `p $v0.d.u[1]` and `p $q0` both work. */
#define VREG(n) "<reg name=\"v" #n "\" bitsize=\"128\" type=\"vregs\"/>"
const char gdb_target_xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
    "<target version=\"1.0\">\n"
    "<architecture>aarch64</architecture>\n"
    "<feature name=\"org.gnu.gdb.aarch64.core\">\n"
    "<flags id=\"cpsr_bits\" size=\"4\">"
    "<field name=\"SP\" start=\"0\" end=\"0\"/><field name=\"EL\" start=\"2\" end=\"3\"/>"
    "<field name=\"F\" start=\"6\" end=\"6\"/><field name=\"I\" start=\"7\" end=\"7\"/>"
    "<field name=\"A\" start=\"8\" end=\"8\"/><field name=\"D\" start=\"9\" end=\"9\"/>"
    "<field name=\"IL\" start=\"20\" end=\"20\"/><field name=\"SS\" start=\"21\" end=\"21\"/>"
    "<field name=\"PAN\" start=\"22\" end=\"22\"/><field name=\"UAO\" start=\"23\" end=\"23\"/>"
    "<field name=\"V\" start=\"28\" end=\"28\"/><field name=\"C\" start=\"29\" end=\"29\"/>"
    "<field name=\"Z\" start=\"30\" end=\"30\"/><field name=\"N\" start=\"31\" end=\"31\"/>"
    "</flags>\n"
    "<reg name=\"x0\" bitsize=\"64\" type=\"int\" regnum=\"0\"/>\n"
    "<reg name=\"x1\" bitsize=\"64\" type=\"int\"/><reg name=\"x2\" bitsize=\"64\" type=\"int\"/>"
    "<reg name=\"x3\" bitsize=\"64\" type=\"int\"/><reg name=\"x4\" bitsize=\"64\" type=\"int\"/>"
    "<reg name=\"x5\" bitsize=\"64\" type=\"int\"/><reg name=\"x6\" bitsize=\"64\" type=\"int\"/>"
    "<reg name=\"x7\" bitsize=\"64\" type=\"int\"/><reg name=\"x8\" bitsize=\"64\" type=\"int\"/>"
    "<reg name=\"x9\" bitsize=\"64\" type=\"int\"/><reg name=\"x10\" bitsize=\"64\" type=\"int\"/>"
    "<reg name=\"x11\" bitsize=\"64\" type=\"int\"/><reg name=\"x12\" bitsize=\"64\" type=\"int\"/>"
    "<reg name=\"x13\" bitsize=\"64\" type=\"int\"/><reg name=\"x14\" bitsize=\"64\" type=\"int\"/>"
    "<reg name=\"x15\" bitsize=\"64\" type=\"int\"/><reg name=\"x16\" bitsize=\"64\" type=\"int\"/>"
    "<reg name=\"x17\" bitsize=\"64\" type=\"int\"/><reg name=\"x18\" bitsize=\"64\" type=\"int\"/>"
    "<reg name=\"x19\" bitsize=\"64\" type=\"int\"/><reg name=\"x20\" bitsize=\"64\" type=\"int\"/>"
    "<reg name=\"x21\" bitsize=\"64\" type=\"int\"/><reg name=\"x22\" bitsize=\"64\" type=\"int\"/>"
    "<reg name=\"x23\" bitsize=\"64\" type=\"int\"/><reg name=\"x24\" bitsize=\"64\" type=\"int\"/>"
    "<reg name=\"x25\" bitsize=\"64\" type=\"int\"/><reg name=\"x26\" bitsize=\"64\" type=\"int\"/>"
    "<reg name=\"x27\" bitsize=\"64\" type=\"int\"/><reg name=\"x28\" bitsize=\"64\" type=\"int\"/>"
    "<reg name=\"x29\" bitsize=\"64\" type=\"int\"/><reg name=\"x30\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\"/>\n"
    "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\"/>\n"
    "<reg name=\"cpsr\" bitsize=\"32\" type=\"cpsr_bits\"/>\n"
    "</feature>\n"
    "<feature name=\"org.gnu.gdb.aarch64.fpu\">\n"
    "<vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>"
    "<vector id=\"v2u\" type=\"uint64\" count=\"2\"/>"
    "<vector id=\"v2i\" type=\"int64\" count=\"2\"/>"
    "<vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>"
    "<vector id=\"v4u\" type=\"uint32\" count=\"4\"/>"
    "<vector id=\"v4i\" type=\"int32\" count=\"4\"/>"
    "<vector id=\"v8u\" type=\"uint16\" count=\"8\"/>"
    "<vector id=\"v8i\" type=\"int16\" count=\"8\"/>"
    "<vector id=\"v16u\" type=\"uint8\" count=\"16\"/>"
    "<vector id=\"v16i\" type=\"int8\" count=\"16\"/>"
    "<vector id=\"v1u\" type=\"uint128\" count=\"1\"/>"
    "<vector id=\"v1i\" type=\"int128\" count=\"1\"/>\n"
    "<union id=\"vnd\"><field name=\"f\" type=\"v2d\"/><field name=\"u\" type=\"v2u\"/>"
    "<field name=\"s\" type=\"v2i\"/></union>"
    "<union id=\"vns\"><field name=\"f\" type=\"v4f\"/><field name=\"u\" type=\"v4u\"/>"
    "<field name=\"s\" type=\"v4i\"/></union>"
    "<union id=\"vnh\"><field name=\"u\" type=\"v8u\"/><field name=\"s\" type=\"v8i\"/></union>"
    "<union id=\"vnb\"><field name=\"u\" type=\"v16u\"/><field name=\"s\" type=\"v16i\"/></union>"
    "<union id=\"vnq\"><field name=\"u\" type=\"v1u\"/><field name=\"s\" type=\"v1i\"/></union>\n"
    "<union id=\"vregs\"><field name=\"d\" type=\"vnd\"/><field name=\"s\" type=\"vns\"/>"
    "<field name=\"h\" type=\"vnh\"/><field name=\"b\" type=\"vnb\"/>"
    "<field name=\"q\" type=\"vnq\"/></union>\n"
    VREG(0) VREG(1) VREG(2) VREG(3) VREG(4) VREG(5) VREG(6) VREG(7) "\n"
    VREG(8) VREG(9) VREG(10) VREG(11) VREG(12) VREG(13) VREG(14) VREG(15) "\n"
    VREG(16) VREG(17) VREG(18) VREG(19) VREG(20) VREG(21) VREG(22) VREG(23) "\n"
    VREG(24) VREG(25) VREG(26) VREG(27) VREG(28) VREG(29) VREG(30) VREG(31) "\n"
    "<reg name=\"fpsr\" bitsize=\"32\" type=\"int\"/>\n"
    "<reg name=\"fpcr\" bitsize=\"32\" type=\"int\"/>\n"
    "</feature>\n"
    "</target>\n";
