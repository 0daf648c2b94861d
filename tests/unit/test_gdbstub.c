/* test_gdbstub.c - the GDB stub without a socket: the packet layer
 * (debug/gdb_packet.c), the command parser (debug/gdbstub.c) fed hostile
 * input, and the CPU's debug support (cpu/debug.c): where breakpoints,
 * single steps and watchpoints stop a real CPU. */
#include <stdio.h>
#include <stdlib.h>

#include "tests/unit/cpu_harness.h"

#include "debug/gdb_packet.h"
#include "debug/gdb_regs.h"
#include "debug/gdbstub.h"

#define MOVZ(rd, imm) (0xd2800000u | (uint32_t)(imm) << 5 | (rd))
#define ADDI(rd, rn, imm) (0x91000000u | (uint32_t)(imm) << 10 | (rn) << 5 | (rd))
#define SUBI(rd, rn, imm) (0xd1000000u | (uint32_t)(imm) << 10 | (rn) << 5 | (rd))
#define STR(rt, rn) (0xf9000000u | (rn) << 5 | (rt))
#define LDR(rt, rn) (0xf9400000u | (rn) << 5 | (rt))
#define CBNZ_BACK2(rt) (0xb5ffffc0u | (rt)) /* cbnz xt, .-8 */
#define SVC0 0xd4000001u
#define NOP 0xd503201fu
#define MSR_DAIFCLR_I 0xd50342ffu

/* ---- packet layer ---- */

static gdb_rx_event_t feed(gdb_rx_t *rx, const char *s, size_t n)
{
    gdb_rx_event_t last = GDB_RX_NONE;
    for (size_t i = 0; i < n; i++) {
        gdb_rx_event_t e = gdb_rx_feed(rx, (uint8_t)s[i]);
        if (e != GDB_RX_NONE)
            last = e;
    }
    return last;
}
#define FEED(rx, lit) feed(rx, lit, sizeof(lit) - 1)

static void test_rx(void **state)
{
    (void)state;
    gdb_rx_t rx;
    gdb_rx_init(&rx);
    assert_int_equal(FEED(&rx, "$g#67"), GDB_RX_PACKET);
    assert_int_equal(rx.len, 1);
    assert_string_equal(rx.buf, "g");
    assert_int_equal(FEED(&rx, "$g#68"), GDB_RX_BAD);       /* wrong checksum */
    assert_int_equal(FEED(&rx, "$g#6"), GDB_RX_NONE);
    assert_int_equal(FEED(&rx, "z"), GDB_RX_BAD);           /* not a hex digit */
    assert_int_equal(FEED(&rx, "$g#x7"), GDB_RX_BAD);
    assert_int_equal(FEED(&rx, "\x03"), GDB_RX_INTERRUPT);
    assert_int_equal(FEED(&rx, "+"), GDB_RX_ACK);
    assert_int_equal(FEED(&rx, "-"), GDB_RX_NAK);
    assert_int_equal(FEED(&rx, "garbage"), GDB_RX_NONE);   /* ignored between packets */
    /* A '$' inside a packet restarts it (the first was cut off). */
    assert_int_equal(FEED(&rx, "$mxx$g#67"), GDB_RX_PACKET);
    assert_string_equal(rx.buf, "g");
    /* 0x03 inside a packet is data, not an interrupt. */
    assert_int_equal(FEED(&rx, "$\x03#03"), GDB_RX_PACKET);
    assert_int_equal(rx.len, 1);
    /* An empty packet is a packet. */
    assert_int_equal(FEED(&rx, "$#00"), GDB_RX_PACKET);
    assert_int_equal(rx.len, 0);
    /* Too long: refused even with the right checksum, and the next is fine. */
    char *big = malloc(GDB_PACKET_MAX + 16);
    assert_non_null(big);
    memset(big, 'a', GDB_PACKET_MAX + 1);
    unsigned sum = ((unsigned)'a' * (GDB_PACKET_MAX + 1)) & 0xff;
    assert_int_equal(feed(&rx, "$", 1), GDB_RX_NONE);
    assert_int_equal(feed(&rx, big, GDB_PACKET_MAX + 1), GDB_RX_NONE);
    char cs[8];
    snprintf(cs, sizeof(cs), "#%02x", sum);
    assert_int_equal(feed(&rx, cs, 3), GDB_RX_BAD);
    free(big);
    assert_int_equal(FEED(&rx, "$?#3f"), GDB_RX_PACKET);
    assert_string_equal(rx.buf, "?");
}

static void test_frame_escape_hex(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(gdb_frame((const uint8_t *)"OK", 2, out, sizeof(out)), 6);
    assert_memory_equal(out, "$OK#9a", 6);
    /* $ # } * are escaped as } (c ^ 0x20); the checksum covers the escapes. */
    const uint8_t bin[] = { '$', '#', '}', '*', 0, 0xff };
    size_t n = gdb_frame(bin, sizeof(bin), out, sizeof(out));
    assert_int_equal(n, 1 + 10 + 3);
    assert_memory_equal(out, "$}\x04}\x03}]}\x0a\x00\xff#", 12);
    gdb_rx_t rx;
    gdb_rx_init(&rx);
    assert_int_equal(feed(&rx, out, n), GDB_RX_PACKET);
    size_t m = gdb_unescape((uint8_t *)rx.buf, rx.len);
    assert_int_equal(m, sizeof(bin));
    assert_memory_equal(rx.buf, bin, sizeof(bin));
    /* Too small an output buffer: 0, never an overflow. */
    assert_int_equal(gdb_frame(bin, sizeof(bin), out, 8), 0);
    assert_int_equal(gdb_frame(bin, 0, out, 3), 0);
    uint8_t lone[] = { 'a', '}' };
    assert_int_equal(gdb_unescape(lone, 2), (size_t)-1);
    uint8_t b[4];
    assert_true(gdb_hex_decode("00fFa5", 3, b));
    assert_int_equal(b[1], 0xff);
    assert_false(gdb_hex_decode("0g", 1, b));
    assert_false(gdb_hex_decode("0", 1, b)); /* NUL is not a digit */
    char hex[9];
    gdb_hex_encode((const uint8_t *)"\x01\xab\x00\xff", 4, hex);
    assert_string_equal(hex, "01ab00ff");
    const char *p = "ffffffffffffffff,", *end = p + strlen(p);
    uint64_t v;
    assert_true(gdb_parse_hex(&p, end, &v));
    assert_int_equal(v, UINT64_MAX);
    assert_int_equal(*p, ',');
    p = "10000000000000000";
    assert_false(gdb_parse_hex(&p, p + 17, &v)); /* 17 digits: too long */
    p = ",";
    assert_false(gdb_parse_hex(&p, p + 1, &v));
}

/* ---- commands ---- */

typedef struct {
    cpu_harness_t h;
    gdb_stub_t s;
    char reply[GDB_PACKET_MAX + 1];
} fix_t;

static int fix_setup(void **state)
{
    fix_t *f = calloc(1, sizeof(*f));
    ch_init_fresh(&f->h, 16 << 20, CPU_MODEL_MAX);
    gdb_stub_init(&f->s);
    gdb_stub_attach(&f->s, &f->h.cpu, 1);
    *state = f;
    return 0;
}

static int fix_teardown(void **state)
{
    fix_t *f = *state;
    ch_destroy(&f->h);
    free(f);
    return 0;
}

/* Run one command; returns its reply as a string (binary replies may hold
 * NULs: see f->s.reply_len). */
static const char *cmd(fix_t *f, const char *pkt, gdb_action_t *act)
{
    char buf[GDB_PACKET_MAX + 1];
    size_t n = strlen(pkt);
    memcpy(buf, pkt, n + 1);
    gdb_action_t a = gdb_stub_command(&f->s, buf, n);
    if (act)
        *act = a;
    size_t r = f->s.has_reply ? f->s.reply_len : 0;
    memcpy(f->reply, f->s.reply, r);
    f->reply[r] = '\0';
    return f->reply;
}

static void test_registers(void **state)
{
    fix_t *f = *state;
    cpu_t *cpu = f->h.cpu;
    cpu_set_x(cpu, 0, 0x1122334455667788ull);
    cpu_set_x(cpu, 30, 0xabcdull);
    cpu->pc = 0x40001000;
    const char *g = cmd(f, "g", NULL);
    assert_int_equal(strlen(g), 2 * GDB_G_BYTES);
    assert_memory_equal(g, "8877665544332211", 16);
    assert_memory_equal(g + 16 * 32, "0010004000000000", 16); /* pc, after sp */
    assert_string_equal(cmd(f, "p20", NULL), "0010004000000000");
    assert_string_equal(cmd(f, "p1e", NULL), "cdab000000000000");
    /* P then p: x5, v2 (128 bits), fpsr, cpsr */
    assert_string_equal(cmd(f, "P5=efbeadde00000000", NULL), "OK");
    assert_int_equal(cpu_get_x(cpu, 5), 0xdeadbeef);
    assert_string_equal(cmd(f, "P24=000102030405060708090a0b0c0d0e0f", NULL), "OK");
    assert_int_equal(cpu->v[2].d[1], 0x0f0e0d0c0b0a0908ull);
    assert_string_equal(cmd(f, "p24", NULL), "000102030405060708090a0b0c0d0e0f");
    assert_string_equal(cmd(f, "P42=9f000008", NULL), "OK");
    assert_int_equal(cpu_get_fpsr(cpu), 0x0800009f);
    assert_string_equal(cmd(f, "P21=04000000", NULL), "OK"); /* EL1t */
    assert_int_equal(cpu_get_pstate(cpu) & 0xf, 4);
    assert_string_equal(cmd(f, "P21=05000000", NULL), "OK"); /* EL1h */
    /* G writes back what g read, changed in x1. */
    char G[2 * GDB_G_BYTES + 2];
    G[0] = 'G';
    memcpy(G + 1, cmd(f, "g", NULL), 2 * GDB_G_BYTES + 1);
    memcpy(G + 1 + 16, "0100000000000000", 16);
    assert_string_equal(cmd(f, G, NULL), "OK");
    assert_int_equal(cpu_get_x(cpu, 1), 1);
    assert_int_equal(cpu_get_x(cpu, 5), 0xdeadbeef);
    /* Hostile register packets. */
    static const char *bad[] = {
        "p", "p44", "px", "p-1", "p00000000000000000001", "P", "P0", "P0=", "P0=12",
        "P0=001122334455667788", "P0=zz00000000000000", "P44=00", "P21=10000000" /* AArch32 */,
        "P21=08000000" /* EL2 */, "P21=01000000" /* EL0 with SP_EL1 */, "G0", "Gzz", "g0",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *r = cmd(f, bad[i], NULL);
        if (r[0] != 'E')
            fail_msg("'%s' -> '%s'", bad[i], r);
    }
    assert_int_equal(cpu_get_pstate(cpu) & 0x1f, 5);
}

static void test_memory(void **state)
{
    fix_t *f = *state;
    ch_wr64(&f->h, 0x40002000, 0x8877665544332211ull);
    assert_string_equal(cmd(f, "m40002000,8", NULL), "1122334455667788");
    assert_string_equal(cmd(f, "M40002002,2:aabb", NULL), "OK");
    assert_int_equal(ch_rd64(&f->h, 0x40002000), 0x88776655bbaa2211ull);
    /* X: binary with escapes (0x7d 0x5d is '}'). */
    char x[] = "X40002000,3:\x7d\x5d\x00\x01";
    assert_int_equal(gdb_stub_command(&f->s, x, sizeof(x) - 1), GDB_ACT_NONE);
    assert_int_equal(f->s.reply_len, 2);
    assert_memory_equal(f->s.reply, "OK", 2);
    assert_int_equal(ch_rd64(&f->h, 0x40002000) & 0xffffff, 0x01007d);
    /* The end of RAM: a short read, then an error. */
    uint64_t end = CH_RAM_BASE + (16 << 20);
    char pkt[64];
    snprintf(pkt, sizeof(pkt), "m%llx,8", (unsigned long long)(end - 2));
    assert_int_equal(strlen(cmd(f, pkt, NULL)), 4);
    snprintf(pkt, sizeof(pkt), "m%llx,8", (unsigned long long)end);
    assert_string_equal(cmd(f, pkt, NULL), "E14");
    assert_string_equal(cmd(f, "m9000000,4", NULL), "E14"); /* the UART: never touched */
    snprintf(pkt, sizeof(pkt), "M%llx,4:00000000", (unsigned long long)(end - 2));
    assert_string_equal(cmd(f, pkt, NULL), "E14");
    /* A huge length is cut to what a packet holds. */
    assert_int_equal(strlen(cmd(f, "m40000000,ffffffff", NULL)), GDB_PACKET_MAX);
    assert_int_equal(f->s.reply_len, GDB_PACKET_MAX);
    static const char *bad[] = {
        "m", "m,", "m40000000", "m40000000,", "mzz,4", "m4,4x", "m1,fffffffffffffffff",
        "M40000000,4", "M40000000,4:00", "M40000000,2:zzzz", "M40000000,1:000", "X40000000,2:a",
        "X40000000,1:}", "X40000000", "M,:",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *r = cmd(f, bad[i], NULL);
        if (r[0] != 'E')
            fail_msg("'%s' -> '%s'", bad[i], r);
    }
}

static void test_queries(void **state)
{
    fix_t *f = *state;
    const char *r = cmd(f, "qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386", NULL);
    assert_non_null(strstr(r, "PacketSize=1000"));
    assert_non_null(strstr(r, "qXfer:features:read+"));
    assert_non_null(strstr(r, "QStartNoAckMode+"));
    assert_true(f->s.gdb_swbreak && f->s.gdb_hwbreak);
    /* target.xml read in small pieces reassembles to the document. */
    char doc[16384];
    size_t got = 0;
    for (;;) {
        char pkt[80];
        snprintf(pkt, sizeof(pkt), "qXfer:features:read:target.xml:%zx,7b", got);
        cmd(f, pkt, NULL);
        assert_true(f->s.reply_len >= 1 && f->s.reply_len <= 0x7c);
        memcpy(doc + got, f->s.reply + 1, f->s.reply_len - 1);
        got += f->s.reply_len - 1;
        if (f->s.reply[0] == 'l')
            break;
        assert_int_equal(f->s.reply[0], 'm');
    }
    assert_int_equal(got, strlen(gdb_target_xml));
    assert_memory_equal(doc, gdb_target_xml, got);
    assert_non_null(strstr(gdb_target_xml, "org.gnu.gdb.aarch64.core"));
    assert_non_null(strstr(gdb_target_xml, "<reg name=\"v31\" bitsize=\"128\""));
    assert_non_null(strstr(gdb_target_xml, "<reg name=\"cpsr\" bitsize=\"32\""));
    assert_string_equal(cmd(f, "qXfer:features:read:target.xml:fffff,10", NULL), "E22");
    assert_string_equal(cmd(f, "qXfer:features:read:x.xml:0,10", NULL), "E00");
    assert_string_equal(cmd(f, "qfThreadInfo", NULL), "m01");
    assert_string_equal(cmd(f, "qsThreadInfo", NULL), "l");
    assert_string_equal(cmd(f, "qC", NULL), "QC01");
    assert_string_equal(cmd(f, "qAttached", NULL), "1");
    assert_string_equal(cmd(f, "Hg1", NULL), "OK");
    assert_string_equal(cmd(f, "Hc-1", NULL), "OK");
    assert_string_equal(cmd(f, "Hg0", NULL), "OK");
    assert_string_equal(cmd(f, "Hg2", NULL), "E22"); /* one CPU: thread 2 does not exist */
    assert_string_equal(cmd(f, "T1", NULL), "OK");
    assert_string_equal(cmd(f, "T2", NULL), "E22");
    assert_string_equal(cmd(f, "vCont?", NULL), "vCont;c;C;s;S");
    assert_string_equal(cmd(f, "vMustReplyEmpty", NULL), "");
    assert_string_equal(cmd(f, "qUnknownThing", NULL), "");
    assert_string_equal(cmd(f, "?", NULL), "S05");
    assert_false(f->s.no_ack);
    assert_string_equal(cmd(f, "QStartNoAckMode", NULL), "OK");
    assert_true(f->s.no_ack);
}

static void test_actions(void **state)
{
    fix_t *f = *state;
    gdb_action_t a;
    cmd(f, "c", &a);
    assert_int_equal(a, GDB_ACT_CONTINUE);
    assert_false(f->s.has_reply);
    cmd(f, "c40001000", &a);
    assert_int_equal(a, GDB_ACT_CONTINUE);
    assert_int_equal(cpu_get_pc(f->h.cpu), 0x40001000);
    cmd(f, "s", &a);
    assert_int_equal(a, GDB_ACT_STEP);
    assert_true(f->h.cpu->dbg.step);
    gdb_stub_set_stop(&f->s, f->h.cpu, 5, false);
    assert_false(f->h.cpu->dbg.step); /* a stop ends stepping */
    assert_string_equal(cmd(f, "?", NULL), "T05thread:01;");
    cmd(f, "vCont;s:1;c", &a);
    assert_int_equal(a, GDB_ACT_STEP);
    cmd(f, "vCont;c", &a);
    assert_int_equal(a, GDB_ACT_CONTINUE);
    cmd(f, "C05;40002000", &a);
    assert_int_equal(a, GDB_ACT_CONTINUE);
    assert_int_equal(cpu_get_pc(f->h.cpu), 0x40002000);
    assert_string_equal(cmd(f, "D", &a), "OK");
    assert_int_equal(a, GDB_ACT_DETACH);
    cmd(f, "k", &a);
    assert_int_equal(a, GDB_ACT_KILL);
    assert_string_equal(cmd(f, "vKill;1", &a), "OK");
    assert_int_equal(a, GDB_ACT_KILL);
    static const char *bad[] = { "cx", "c1g", "C", "Cz", "C05x", "S;", "vCont;", "vCont;x",
                                 "vCont;c:", "vCont;c:9", "vCont;t", "H", "Hx1",
                                 "Z", "Z0", "Z0,", "Z0,40000000", "Z0,40000002,4", "Z5,0,4",
                                 "Z2,0,0", "Z2,ffffffffffffffff,2", "Z0,40000000,4;X1,0",
                                 "z0,40000000,4" /* not inserted */ };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *r = cmd(f, bad[i], &a);
        if (r[0] != 'E' || a != GDB_ACT_NONE)
            fail_msg("'%s' -> '%s' (action %d)", bad[i], r, a);
    }
}

/* Random and mutated packets: every reply is empty, an error, or a
 * well-formed answer, and nothing crashes (run under ASan by make asan). */
static void test_hostile_random(void **state)
{
    fix_t *f = *state;
    static const char *seeds[] = { "m40000000,10", "M40000000,2:0102", "X40000000,1:a", "p20",
                                   "P0=0000000000000000", "Z0,40000000,4", "z2,40000000,8",
                                   "qXfer:features:read:target.xml:0,100", "vCont;s:1;c", "Hg1",
                                   "qSupported:swbreak+", "G00", "T1", "c", "s", "?" };
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    char buf[GDB_PACKET_MAX + 1];
    for (int i = 0; i < 200000; i++) {
        seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17;
        const char *s = seeds[seed % (sizeof(seeds) / sizeof(seeds[0]))];
        size_t n = strlen(s);
        memcpy(buf, s, n + 1);
        int muts = 1 + (int)(seed >> 60);
        for (int k = 0; k < muts; k++) {
            seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17;
            size_t at = (seed >> 8) % (n + 1);
            uint8_t c = (uint8_t)(seed >> 32);
            switch ((seed >> 40) % 3) {
            case 0: if (at < n) buf[at] = (char)c; break;           /* replace */
            case 1: n = at; break;                                  /* truncate */
            default: if (n < 64) { memmove(buf + at + 1, buf + at, n - at); buf[at] = (char)c; n++; }
            }
        }
        buf[n] = '\0';
        gdb_action_t a = gdb_stub_command(&f->s, buf, n);
        assert_true(a >= GDB_ACT_NONE && a <= GDB_ACT_KILL);
        assert_true(f->s.reply_len <= GDB_PACKET_MAX);
    }
    gdb_stub_forget(&f->s);
    assert_false(f->h.cpu->dbg_active);
}

/* ---- where the CPU stops ---- */

static cpu_t *setup_code(fix_t *f, uint64_t pa, const uint32_t *w, size_t n)
{
    ch_put_code(&f->h, pa, w, n);
    uint32_t stop = CH_HVC(0);
    ch_put_code(&f->h, pa + 4 * n, &stop, 1);
    f->h.cpu->pc = pa;
    f->h.hvc = -1;
    return f->h.cpu;
}

static void test_breakpoints(void **state)
{
    fix_t *f = *state;
    const uint32_t code[] = { MOVZ(0, 1), ADDI(0, 0, 1), ADDI(0, 0, 1), ADDI(0, 0, 1), NOP };
    cpu_t *cpu = setup_code(f, 0x40010000, code, 5);
    /* First run it all: translated as one block. */
    assert_int_equal(cpu_run(cpu, 1000), CPU_EXIT_REQUEST);
    assert_int_equal(cpu_get_x(cpu, 0), 4);
    /* A Z0 in the middle of that block stops before the instruction. */
    assert_string_equal(cmd(f, "Z0,40010008,4", NULL), "OK");
    cpu->pc = 0x40010000;
    assert_int_equal(cpu_run(cpu, 1000), CPU_EXIT_DEBUG);
    assert_int_equal(cpu_get_pc(cpu), 0x40010008);
    assert_int_equal(cpu_get_x(cpu, 0), 2);
    assert_int_equal(cpu_debug_stop(cpu).reason, CPU_STOP_BREAKPOINT);
    f->s.gdb_swbreak = true;
    gdb_stub_set_stop(&f->s, cpu, 5, true);
    assert_string_equal(cmd(f, "?", NULL), "T05thread:01;swbreak:;");
    /* GDB steps over it with the breakpoint removed, then puts it back. */
    assert_string_equal(cmd(f, "z0,40010008,4", NULL), "OK");
    cmd(f, "s", NULL);
    assert_int_equal(cpu_run(cpu, 1000), CPU_EXIT_DEBUG);
    assert_int_equal(cpu_debug_stop(cpu).reason, CPU_STOP_STEP);
    assert_int_equal(cpu_get_pc(cpu), 0x4001000c);
    assert_int_equal(cpu_get_x(cpu, 0), 3);
    gdb_stub_set_stop(&f->s, cpu, 5, true);
    /* Hardware breakpoint on the NOP: reported as hwbreak. */
    f->s.gdb_hwbreak = true;
    assert_string_equal(cmd(f, "Z1,40010010,4", NULL), "OK");
    assert_int_equal(cpu_run(cpu, 1000), CPU_EXIT_DEBUG);
    assert_int_equal(cpu_get_pc(cpu), 0x40010010);
    assert_int_equal(cpu_get_x(cpu, 0), 4);
    gdb_stub_set_stop(&f->s, cpu, 5, true);
    assert_string_equal(cmd(f, "?", NULL), "T05thread:01;hwbreak:;");
    assert_string_equal(cmd(f, "z1,40010010,4", NULL), "OK");
    assert_int_equal(cpu_run(cpu, 1000), CPU_EXIT_REQUEST);
    assert_int_equal(f->h.hvc, 0);
    assert_false(cpu->dbg_active); /* nothing left: no cost */
}

static void test_breakpoint_in_chained_loop(void **state)
{
    fix_t *f = *state;
    /* x5 = 100; loop: add x6; sub x5; cbnz x5, .-8 -- runs chained once
     * translated. */
    const uint32_t code[] = { MOVZ(5, 100), ADDI(6, 6, 1), SUBI(5, 5, 1), CBNZ_BACK2(5) };
    cpu_t *cpu = setup_code(f, 0x40011000, code, 4);
    cpu_set_x(cpu, 6, 0);
    assert_int_equal(cpu_run(cpu, 50), CPU_EXIT_BUDGET); /* part way through, chained */
    uint64_t before = cpu_get_x(cpu, 6);
    assert_true(before > 0 && before < 100);
    assert_string_equal(cmd(f, "Z0,40011004,4", NULL), "OK");
    assert_int_equal(cpu_run(cpu, 100000), CPU_EXIT_DEBUG);
    assert_int_equal(cpu_get_pc(cpu), 0x40011004);
    assert_int_equal(cpu_get_x(cpu, 6), before);
    assert_int_equal(cpu_run(cpu, 100000), CPU_EXIT_DEBUG); /* breakpoint still there */
    assert_int_equal(cpu_get_pc(cpu), 0x40011004);
    assert_int_equal(cpu_get_x(cpu, 6), before); /* and it does not move on by itself */
    cmd(f, "z0,40011004,4", NULL);
    assert_int_equal(cpu_run(cpu, 100000), CPU_EXIT_REQUEST);
    assert_int_equal(cpu_get_x(cpu, 6), 100);
}

static void test_step_exceptions(void **state)
{
    fix_t *f = *state;
    /* Stepping an SVC stops at the vector (VBAR + 0x200 holds HVC #1),
     * without running the vector's instruction. */
    const uint32_t code[] = { SVC0 };
    cpu_t *cpu = setup_code(f, 0x40012000, code, 1);
    cpu_debug_set_single_step(cpu, true);
    assert_int_equal(cpu_run(cpu, 1000), CPU_EXIT_DEBUG);
    assert_int_equal(cpu_get_pc(cpu), CH_RAM_BASE + 0x200);
    assert_int_equal(f->h.hvc, -1);
    assert_int_equal(cpu->sys.elr, 0x40012004);
    /* A step that faults (load from nowhere) stops at the vector too. */
    const uint32_t fault[] = { LDR(1, 2) };
    setup_code(f, 0x40012100, fault, 1);
    cpu_set_x(cpu, 2, 0x7000000000ull);
    cpu_debug_set_single_step(cpu, true);
    assert_int_equal(cpu_run(cpu, 1000), CPU_EXIT_DEBUG);
    assert_int_equal(cpu_get_pc(cpu), CH_RAM_BASE + 0x200);
    assert_int_equal(cpu->sys.elr, 0x40012100);
    /* An interrupt arriving while stepping: the step is the IRQ entry
     * (VBAR + 0x280 for the current EL with SP_ELx). */
    const uint32_t irq[] = { MSR_DAIFCLR_I, NOP, NOP };
    setup_code(f, 0x40012200, irq, 3);
    cpu_spsr_to_pstate(cpu, 0x3c5);
    cpu_debug_set_single_step(cpu, true);
    assert_int_equal(cpu_run(cpu, 1000), CPU_EXIT_DEBUG);
    assert_int_equal(cpu_get_pc(cpu), 0x40012204);
    cpu_set_irq_line(cpu, CPU_IRQ_LINE_IRQ, 1);
    assert_int_equal(cpu_run(cpu, 1000), CPU_EXIT_DEBUG);
    assert_int_equal(cpu_get_pc(cpu), CH_RAM_BASE + 0x280);
    assert_int_equal(cpu->sys.elr, 0x40012204);
    cpu_set_irq_line(cpu, CPU_IRQ_LINE_IRQ, 0);
    /* Each step runs exactly one instruction. */
    const uint32_t three[] = { MOVZ(7, 1), MOVZ(7, 2), MOVZ(7, 3) };
    setup_code(f, 0x40012300, three, 3);
    for (int i = 1; i <= 3; i++) {
        assert_int_equal(cpu_run(cpu, 1000), CPU_EXIT_DEBUG);
        assert_int_equal(cpu_get_x(cpu, 7), (uint64_t)i);
        assert_int_equal(cpu_get_pc(cpu), 0x40012300 + 4u * i);
    }
    cpu_debug_set_single_step(cpu, false);
    assert_int_equal(cpu_run(cpu, 1000), CPU_EXIT_REQUEST);
}

static void test_watchpoints(void **state)
{
    fix_t *f = *state;
    const uint64_t data = 0x40020000;
    const uint32_t code[] = { LDR(3, 4), STR(1, 2), MOVZ(9, 9), LDR(3, 2), NOP };
    cpu_t *cpu = setup_code(f, 0x40013000, code, 5);
    cpu_set_x(cpu, 1, 0x55);
    cpu_set_x(cpu, 2, data);
    cpu_set_x(cpu, 4, data + 8); /* same page, not watched */
    ch_wr64(&f->h, data, 7);
    assert_int_equal(cpu_run(cpu, 1000), CPU_EXIT_REQUEST); /* warm the TLB: fast path */
    setup_code(f, 0x40013000, code, 5);
    cpu_set_x(cpu, 9, 0);
    ch_wr64(&f->h, data, 7);
    f->s.gdb_swbreak = true;
    assert_string_equal(cmd(f, "Z2,40020000,8", NULL), "OK");
    assert_int_equal(cpu_run(cpu, 1000), CPU_EXIT_DEBUG);
    /* Stopped before the store: PC at it, memory not written yet. */
    assert_int_equal(cpu_get_pc(cpu), 0x40013004);
    assert_int_equal(ch_rd64(&f->h, data), 7);
    cpu_debug_stop_t st = cpu_debug_stop(cpu);
    assert_int_equal(st.reason, CPU_STOP_WATCH);
    assert_int_equal(st.addr, data);
    gdb_stub_set_stop(&f->s, cpu, 5, true);
    assert_string_equal(cmd(f, "?", NULL), "T05thread:01;watch:40020000;");
    /* Resuming with the watchpoint still in: the store happens, no second
     * stop for it; the later load does not hit a write watchpoint. */
    assert_int_equal(cpu_run(cpu, 1000), CPU_EXIT_REQUEST);
    assert_int_equal(ch_rd64(&f->h, data), 0x55);
    assert_int_equal(cpu_get_x(cpu, 9), 9);
    assert_string_equal(cmd(f, "z2,40020000,8", NULL), "OK");
    /* A read watchpoint on one byte of the word: the load stops. */
    setup_code(f, 0x40013000, code, 5);
    assert_string_equal(cmd(f, "Z3,40020003,1", NULL), "OK");
    assert_int_equal(cpu_run(cpu, 1000), CPU_EXIT_DEBUG);
    assert_int_equal(cpu_get_pc(cpu), 0x4001300c);
    gdb_stub_set_stop(&f->s, cpu, 5, true);
    assert_string_equal(cmd(f, "?", NULL), "T05thread:01;rwatch:40020003;");
    /* Access watchpoint, and GDB's way: remove, step, reinsert. */
    assert_string_equal(cmd(f, "z3,40020003,1", NULL), "OK");
    setup_code(f, 0x40013000, code, 5);
    assert_string_equal(cmd(f, "Z4,40020000,8", NULL), "OK");
    assert_int_equal(cpu_run(cpu, 1000), CPU_EXIT_DEBUG);
    assert_int_equal(cpu_get_pc(cpu), 0x40013004);
    gdb_stub_set_stop(&f->s, cpu, 5, true);
    assert_string_equal(cmd(f, "?", NULL), "T05thread:01;awatch:40020000;");
    assert_string_equal(cmd(f, "z4,40020000,8", NULL), "OK");
    cmd(f, "s", NULL);
    assert_int_equal(cpu_run(cpu, 1000), CPU_EXIT_DEBUG);
    assert_int_equal(cpu_get_pc(cpu), 0x40013008);
    gdb_stub_set_stop(&f->s, cpu, 5, true);
    assert_string_equal(cmd(f, "Z4,40020000,8", NULL), "OK");
    assert_int_equal(cpu_run(cpu, 1000), CPU_EXIT_DEBUG); /* the LDR */
    assert_int_equal(cpu_get_pc(cpu), 0x4001300c);
    gdb_stub_forget(&f->s);
    assert_int_equal(cpu_run(cpu, 1000), CPU_EXIT_REQUEST);
}

static void test_debug_write_code(void **state)
{
    fix_t *f = *state;
    const uint32_t code[] = { MOVZ(8, 1), NOP };
    cpu_t *cpu = setup_code(f, 0x40014000, code, 2);
    assert_int_equal(cpu_run(cpu, 1000), CPU_EXIT_REQUEST);
    assert_int_equal(cpu_get_x(cpu, 8), 1);
    /* The debugger patches the translated code: the new code runs. */
    uint32_t patched = MOVZ(8, 2);
    assert_int_equal(cpu_debug_write_virt(cpu, 0x40014000, &patched, 4), 4);
    cpu->pc = 0x40014000;
    assert_int_equal(cpu_run(cpu, 1000), CPU_EXIT_REQUEST);
    assert_int_equal(cpu_get_x(cpu, 8), 2);
    uint32_t back;
    assert_int_equal(cpu_debug_read_virt(cpu, 0x40014000, &back, 4), 4);
    assert_int_equal(back, patched);
    assert_int_equal(cpu_debug_read_virt(cpu, 0x1000, &back, 4), 0); /* not RAM */
}

/* m/M go through the guest's translation (stage 1 of EL1&0), not to the
 * physical address: VA 0 maps the first GiB of RAM with a level-1 block. */
static void test_memory_through_mmu(void **state)
{
    fix_t *f = *state;
    cpu_t *cpu = f->h.cpu;
    const uint64_t table = 0x40100000;
    ch_wr64(&f->h, table, 0x40000000ull | 1u << 10 /* AF */ | 3u << 8 /* ISH */ | 1 /* block */);
    cpu->sys.ttbr0 = table;
    cpu->sys.tcr = 25 /* T0SZ: 39-bit VAs, walk from level 1 */ | 1u << 23 /* EPD1 */;
    cpu->sys.mair = 0xff;
    cpu->sys.sctlr |= 1; /* M */
    tlb_flush_all(cpu);
    ch_wr64(&f->h, 0x40003000, 0x0123456789abcdefull);
    assert_string_equal(cmd(f, "m3000,8", NULL), "efcdab8967452301");
    assert_string_equal(cmd(f, "M3004,2:3412", NULL), "OK");
    assert_int_equal(ch_rd64(&f->h, 0x40003000), 0x0123123489abcdefull);
    /* VA 0x40003000 is not mapped now (the second GiB has no entry). */
    assert_string_equal(cmd(f, "m40003000,8", NULL), "E14");
    assert_string_equal(cmd(f, "M40003000,1:00", NULL), "E14");
    /* A read running past the end of RAM (16 MiB) is cut there. */
    assert_string_equal(cmd(f, "mfffffe,4", NULL), "0000");
    /* Nothing was cached for the guest, nothing faulted. */
    assert_int_equal(cpu->sys.far, 0);
    assert_int_equal(cpu->sys.esr, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rx),
        cmocka_unit_test(test_frame_escape_hex),
        cmocka_unit_test_setup_teardown(test_registers, fix_setup, fix_teardown),
        cmocka_unit_test_setup_teardown(test_memory, fix_setup, fix_teardown),
        cmocka_unit_test_setup_teardown(test_memory_through_mmu, fix_setup, fix_teardown),
        cmocka_unit_test_setup_teardown(test_queries, fix_setup, fix_teardown),
        cmocka_unit_test_setup_teardown(test_actions, fix_setup, fix_teardown),
        cmocka_unit_test_setup_teardown(test_hostile_random, fix_setup, fix_teardown),
        cmocka_unit_test_setup_teardown(test_breakpoints, fix_setup, fix_teardown),
        cmocka_unit_test_setup_teardown(test_breakpoint_in_chained_loop, fix_setup, fix_teardown),
        cmocka_unit_test_setup_teardown(test_step_exceptions, fix_setup, fix_teardown),
        cmocka_unit_test_setup_teardown(test_watchpoints, fix_setup, fix_teardown),
        cmocka_unit_test_setup_teardown(test_debug_write_code, fix_setup, fix_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
