/* gdbstub.c - GDB remote protocol commands (see gdbstub.h).
 *
 * Every handler validates its packet completely before acting: a number
 * too long, a missing separator, a length that does not match the data,
 * an out-of-range register all give "E22" (EINVAL, what GDB prints as an
 * error), and a packet this stub does not know gives the empty reply that
 * the protocol defines as "not supported".
 */
#include "gdbstub.h"

#include <stdio.h>
#include <string.h>

#include "debug/gdb_regs.h"

#define E_INVAL "E22"
#define E_FAULT "E14"
#define E_NOSPC "E28"

/* Z0 software and Z1 hardware breakpoints are the same thing here: the CPU
 * stops before the address without patching memory (cpu/debug.c). */
enum { Z_SW = 0, Z_HW = 1, Z_WRITE = 2, Z_READ = 3, Z_ACCESS = 4 };

void gdb_stub_init(gdb_stub_t *s)
{
    memset(s, 0, sizeof(*s));
    s->c_cpu = -1;
    snprintf(s->stop_reply, sizeof(s->stop_reply), "S05");
}

static void reply_str(gdb_stub_t *s, const char *str)
{
    size_t n = strlen(str);
    memcpy(s->reply, str, n);
    s->reply_len = n;
    s->has_reply = true;
}

static cpu_t *g_cpu(gdb_stub_t *s)
{
    return s->ncpus > 0 ? s->cpus[s->g_cpu < s->ncpus ? s->g_cpu : 0] : NULL;
}

static int point_apply(cpu_t *cpu, const gdb_point_t *p, bool insert)
{
    if (p->type <= Z_HW)
        return insert ? cpu_debug_add_breakpoint(cpu, p->addr) : cpu_debug_remove_breakpoint(cpu, p->addr);
    cpu_watch_kind_t k = p->type == Z_WRITE ? CPU_WATCH_WRITE : p->type == Z_READ ? CPU_WATCH_READ
                                                                               : CPU_WATCH_ACCESS;
    return insert ? cpu_debug_add_watchpoint(cpu, p->addr, p->len, k)
                  : cpu_debug_remove_watchpoint(cpu, p->addr, p->len, k);
}

void gdb_stub_attach(gdb_stub_t *s, cpu_t **cpus, int ncpus)
{
    s->cpus = cpus;
    s->ncpus = ncpus;
    if (s->g_cpu >= ncpus)
        s->g_cpu = 0;
    if (s->c_cpu >= ncpus)
        s->c_cpu = -1;
    for (int c = 0; c < ncpus; c++)
        for (int i = 0; i < s->npoints; i++)
            point_apply(cpus[c], &s->points[i], true);
}

void gdb_stub_forget(gdb_stub_t *s)
{
    for (int c = 0; c < s->ncpus; c++)
        cpu_debug_clear(s->cpus[c]);
    s->npoints = 0;
}

void gdb_stub_set_stop(gdb_stub_t *s, cpu_t *cpu, int sig, bool debug_exit)
{
    int n = snprintf(s->stop_reply, sizeof(s->stop_reply), "T%02xthread:%02x;", sig & 0xff,
                     cpu_index(cpu) + 1);
    for (int c = 0; c < s->ncpus; c++)
        cpu_debug_set_single_step(s->cpus[c], false);
    if (!debug_exit)
        return;
    cpu_debug_stop_t st = cpu_debug_stop(cpu);
    size_t room = sizeof(s->stop_reply) - (size_t)n;
    if (st.reason == CPU_STOP_WATCH) {
        const char *what = st.watch_kind == CPU_WATCH_WRITE ? "watch"
                           : st.watch_kind == CPU_WATCH_READ ? "rwatch" : "awatch";
        snprintf(s->stop_reply + n, room, "%s:%llx;", what, (unsigned long long)st.addr);
    } else if (st.reason == CPU_STOP_BREAKPOINT) {
        /* Report how GDB inserted it, when GDB understands the reason. */
        bool hw = false;
        for (int i = 0; i < s->npoints; i++)
            if (s->points[i].addr == st.addr && s->points[i].type == Z_HW)
                hw = true;
        if (hw && s->gdb_hwbreak)
            snprintf(s->stop_reply + n, room, "hwbreak:;");
        else if (!hw && s->gdb_swbreak)
            snprintf(s->stop_reply + n, room, "swbreak:;");
    }
}

/* "addr,len" with both hex; *p is left after len. */
static bool parse_addr_len(const char **p, const char *end, uint64_t *addr, uint64_t *len)
{
    if (!gdb_parse_hex(p, end, addr) || *p >= end || **p != ',')
        return false;
    (*p)++;
    return gdb_parse_hex(p, end, len);
}

/* A thread id: hex number, 0 (any) or -1 (all). Returns the CPU index,
 * -1 for "all", or -2 for no such thread. */
static int parse_thread(gdb_stub_t *s, const char *p, const char *end)
{
    if (end - p == 2 && p[0] == '-' && p[1] == '1')
        return -1;
    uint64_t t;
    if (!gdb_parse_hex(&p, end, &t) || p != end)
        return -2;
    if (t == 0)
        return 0;
    return t <= (uint64_t)s->ncpus ? (int)t - 1 : -2;
}

static void cmd_read_regs(gdb_stub_t *s, cpu_t *cpu)
{
    uint8_t raw[GDB_G_BYTES];
    size_t off = 0;
    for (int r = 0; r < GDB_NUM_REGS; r++)
        off += gdb_reg_read(cpu, r, raw + off);
    gdb_hex_encode(raw, off, (char *)s->reply);
    s->reply_len = 2 * off;
    s->has_reply = true;
}

static void cmd_write_regs(gdb_stub_t *s, cpu_t *cpu, const char *hex, size_t n)
{
    uint8_t raw[GDB_G_BYTES];
    /* GDB may send fewer registers than it knows; all are sent in practice,
     * and a partial G is accepted only on a register boundary. */
    if (n % 2 || n / 2 > GDB_G_BYTES || !gdb_hex_decode(hex, n / 2, raw))
        return reply_str(s, E_INVAL);
    size_t off = 0;
    for (int r = 0; r < GDB_NUM_REGS && off < n / 2; r++) {
        size_t sz = gdb_reg_size(r);
        if (off + sz > n / 2)
            return reply_str(s, E_INVAL);
        off += sz;
    }
    off = 0;
    int bad = 0;
    for (int r = 0; r < GDB_NUM_REGS && off < n / 2; r++) {
        bad |= gdb_reg_write(cpu, r, raw + off);
        off += gdb_reg_size(r);
    }
    reply_str(s, bad ? E_INVAL : "OK");
}

static void cmd_read_reg(gdb_stub_t *s, cpu_t *cpu, const char *p, const char *end)
{
    uint64_t r;
    uint8_t raw[16];
    if (!gdb_parse_hex(&p, end, &r) || p != end || r >= GDB_NUM_REGS)
        return reply_str(s, E_INVAL);
    size_t n = gdb_reg_read(cpu, (int)r, raw);
    gdb_hex_encode(raw, n, (char *)s->reply);
    s->reply_len = 2 * n;
    s->has_reply = true;
}

static void cmd_write_reg(gdb_stub_t *s, cpu_t *cpu, const char *p, const char *end)
{
    uint64_t r;
    uint8_t raw[16];
    if (!gdb_parse_hex(&p, end, &r) || p >= end || *p++ != '=' || r >= GDB_NUM_REGS)
        return reply_str(s, E_INVAL);
    size_t sz = gdb_reg_size((int)r);
    if ((size_t)(end - p) != 2 * sz || !gdb_hex_decode(p, sz, raw))
        return reply_str(s, E_INVAL);
    reply_str(s, gdb_reg_write(cpu, (int)r, raw) ? E_INVAL : "OK");
}

static void cmd_read_mem(gdb_stub_t *s, cpu_t *cpu, const char *p, const char *end)
{
    uint64_t addr, len;
    uint8_t buf[GDB_PACKET_MAX / 2];
    if (!parse_addr_len(&p, end, &addr, &len) || p != end)
        return reply_str(s, E_INVAL);
    if (len > sizeof(buf))
        len = sizeof(buf); /* GDB accepts a shorter answer and asks again */
    size_t got = cpu_debug_read_virt(cpu, addr, buf, len);
    if (got == 0 && len > 0)
        return reply_str(s, E_FAULT);
    gdb_hex_encode(buf, got, (char *)s->reply);
    s->reply_len = 2 * got;
    s->has_reply = true;
}

static void write_mem(gdb_stub_t *s, cpu_t *cpu, uint64_t addr, const uint8_t *data, size_t len)
{
    size_t done = cpu_debug_write_virt(cpu, addr, data, len);
    reply_str(s, done == len ? "OK" : E_FAULT);
}

static void cmd_write_mem(gdb_stub_t *s, cpu_t *cpu, char *p, char *end, bool binary)
{
    uint64_t addr, len;
    const char *q = p;
    if (!parse_addr_len(&q, end, &addr, &len) || q >= end || *q != ':')
        return reply_str(s, E_INVAL);
    q++;
    uint8_t *data = (uint8_t *)(uintptr_t)q;
    size_t n = (size_t)(end - q);
    if (binary) {
        n = gdb_unescape(data, n);
        if (n != len)
            return reply_str(s, E_INVAL);
    } else {
        if (n != 2 * len || !gdb_hex_decode(q, len, data))
            return reply_str(s, E_INVAL); /* decoded in place: 2 digits -> 1 byte */
    }
    write_mem(s, cpu, addr, data, len);
}

static void cmd_point(gdb_stub_t *s, const char *p, const char *end, bool insert)
{
    uint64_t type, addr, kind;
    if (!gdb_parse_hex(&p, end, &type) || p >= end || *p++ != ',' ||
        !parse_addr_len(&p, end, &addr, &kind) || type > Z_ACCESS)
        return reply_str(s, E_INVAL);
    /* Conditions and commands (";X..." target-side) are not offered in
     * qSupported; anything after kind is refused. */
    if (p != end)
        return reply_str(s, E_INVAL);
    if (type <= Z_HW) {
        kind = 4; /* A64 instructions are 4 bytes; kind only says that */
        if (addr & 3)
            return reply_str(s, E_INVAL);
    } else if (kind == 0 || addr + kind < addr) {
        return reply_str(s, E_INVAL);
    }
    gdb_point_t pt = { (int)type, addr, type <= Z_HW ? 4 : kind };
    int found = -1;
    for (int i = 0; i < s->npoints; i++)
        if (s->points[i].type == pt.type && s->points[i].addr == addr && s->points[i].len == pt.len)
            found = i;
    if (insert) {
        if (found >= 0)
            return reply_str(s, "OK"); /* inserting twice is idempotent */
        if (s->npoints == GDB_MAX_POINTS)
            return reply_str(s, E_NOSPC);
        for (int c = 0; c < s->ncpus; c++) {
            if (point_apply(s->cpus[c], &pt, true) != 0) {
                for (int u = 0; u < c; u++)
                    point_apply(s->cpus[u], &pt, false);
                return reply_str(s, E_NOSPC);
            }
        }
        s->points[s->npoints++] = pt;
        return reply_str(s, "OK");
    }
    if (found < 0)
        return reply_str(s, E_INVAL);
    /* A Z0 and a Z1 at the same address share the CPU's breakpoint. */
    bool shared = false;
    for (int i = 0; i < s->npoints; i++)
        if (i != found && s->points[i].type <= Z_HW && pt.type <= Z_HW && s->points[i].addr == addr)
            shared = true;
    if (!shared)
        for (int c = 0; c < s->ncpus; c++)
            point_apply(s->cpus[c], &pt, false);
    s->points[found] = s->points[--s->npoints];
    reply_str(s, "OK");
}

/* qXfer:features:read:ANNEX:OFFSET,LENGTH */
static void cmd_xfer_features(gdb_stub_t *s, const char *p, const char *end)
{
    static const char annex[] = "target.xml:";
    if ((size_t)(end - p) < sizeof(annex) - 1 || memcmp(p, annex, sizeof(annex) - 1) != 0)
        return reply_str(s, "E00"); /* no such document */
    p += sizeof(annex) - 1;
    uint64_t off, len;
    if (!parse_addr_len(&p, end, &off, &len) || p != end)
        return reply_str(s, E_INVAL);
    size_t total = strlen(gdb_target_xml);
    if (off > total)
        return reply_str(s, E_INVAL);
    /* Room for the 'm'/'l' marker; escaping never applies to the XML. */
    if (len > GDB_PACKET_MAX - 1)
        len = GDB_PACKET_MAX - 1;
    size_t n = total - off < len ? total - off : (size_t)len;
    s->reply[0] = off + n < total ? 'm' : 'l';
    memcpy(s->reply + 1, gdb_target_xml + off, n);
    s->reply_len = 1 + n;
    s->has_reply = true;
}

static bool starts(const char *p, const char *end, const char *prefix)
{
    size_t n = strlen(prefix);
    return (size_t)(end - p) >= n && memcmp(p, prefix, n) == 0;
}

static void cmd_supported(gdb_stub_t *s, const char *p, const char *end)
{
    /* GDB lists its features: "swbreak+;hwbreak+;..." */
    s->gdb_swbreak = s->gdb_hwbreak = false;
    while (p < end) {
        const char *semi = memchr(p, ';', (size_t)(end - p));
        const char *e = semi ? semi : end;
        if (e - p == 8 && !memcmp(p, "swbreak+", 8))
            s->gdb_swbreak = true;
        if (e - p == 8 && !memcmp(p, "hwbreak+", 8))
            s->gdb_hwbreak = true;
        p = semi ? semi + 1 : end;
    }
    char buf[160];
    snprintf(buf, sizeof(buf),
             "PacketSize=%x;qXfer:features:read+;QStartNoAckMode+;swbreak+;hwbreak+;"
             "vContSupported+",
             GDB_PACKET_MAX);
    reply_str(s, buf);
}

/* Resume with an optional new PC ("c ADDR", "s ADDR", "C sig;ADDR"). */
static gdb_action_t resume(gdb_stub_t *s, const char *p, const char *end, bool step, bool sig)
{
    if (sig) { /* the signal number means nothing to a bare CPU: skip it */
        uint64_t signo;
        if (!gdb_parse_hex(&p, end, &signo))
            return reply_str(s, E_INVAL), GDB_ACT_NONE;
        if (p < end && *p++ != ';')
            return reply_str(s, E_INVAL), GDB_ACT_NONE;
    }
    cpu_t *cpu = s->c_cpu >= 0 && s->c_cpu < s->ncpus ? s->cpus[s->c_cpu] : g_cpu(s);
    if (p < end) {
        uint64_t pc;
        if (!gdb_parse_hex(&p, end, &pc) || p != end)
            return reply_str(s, E_INVAL), GDB_ACT_NONE;
        cpu_set_pc(cpu, pc);
    }
    s->has_reply = false;
    if (!step)
        return GDB_ACT_CONTINUE;
    cpu_debug_set_single_step(cpu, true);
    return GDB_ACT_STEP;
}

/* vCont;ACTION[:TID];... - the first action that applies to a thread
 * wins; with one CPU that decides continue or step. Other CPUs (SMP) follow
 * the default action. */
static gdb_action_t cmd_vcont(gdb_stub_t *s, const char *p, const char *end)
{
    int step_cpu = -1;
    bool any = false, cont = false;
    bool decided[64] = { false };
    while (p < end) {
        if (*p++ != ';' || p >= end)
            return reply_str(s, E_INVAL), GDB_ACT_NONE;
        char a = *p++;
        if (a == 'C' || a == 'S') {
            uint64_t signo;
            if (!gdb_parse_hex(&p, end, &signo))
                return reply_str(s, E_INVAL), GDB_ACT_NONE;
        } else if (a != 'c' && a != 's') {
            return reply_str(s, E_INVAL), GDB_ACT_NONE; /* 't', 'r': not offered */
        }
        int target = -1; /* all threads not yet decided */
        if (p < end && *p == ':') {
            const char *t = ++p;
            while (p < end && *p != ';')
                p++;
            target = parse_thread(s, t, p);
            if (target == -2)
                return reply_str(s, E_INVAL), GDB_ACT_NONE;
        }
        any = true;
        for (int c = 0; c < s->ncpus && c < 64; c++) {
            if (decided[c] || (target >= 0 && target != c))
                continue;
            decided[c] = true;
            if (a == 's' || a == 'S') {
                if (step_cpu < 0)
                    step_cpu = c;
            } else {
                cont = true;
            }
        }
    }
    if (!any)
        return reply_str(s, E_INVAL), GDB_ACT_NONE;
    s->has_reply = false;
    if (step_cpu >= 0) {
        cpu_debug_set_single_step(s->cpus[step_cpu], true);
        return GDB_ACT_STEP;
    }
    (void)cont;
    return GDB_ACT_CONTINUE;
}

gdb_action_t gdb_stub_command(gdb_stub_t *s, char *pkt, size_t len)
{
    const char *end = pkt + len;
    s->has_reply = true;
    s->reply_len = 0; /* the empty reply: "not supported" */
    cpu_t *cpu = g_cpu(s);
    if (len == 0 || !cpu)
        return GDB_ACT_NONE;
    char c = pkt[0];
    const char *p = pkt + 1;
    switch (c) {
    case '?':
        reply_str(s, s->stop_reply);
        return GDB_ACT_NONE;
    case 'g':
        if (len != 1)
            return reply_str(s, E_INVAL), GDB_ACT_NONE;
        cmd_read_regs(s, cpu);
        return GDB_ACT_NONE;
    case 'G':
        cmd_write_regs(s, cpu, p, len - 1);
        return GDB_ACT_NONE;
    case 'p':
        cmd_read_reg(s, cpu, p, end);
        return GDB_ACT_NONE;
    case 'P':
        cmd_write_reg(s, cpu, p, end);
        return GDB_ACT_NONE;
    case 'm':
        cmd_read_mem(s, cpu, p, end);
        return GDB_ACT_NONE;
    case 'M':
        cmd_write_mem(s, cpu, pkt + 1, pkt + len, false);
        return GDB_ACT_NONE;
    case 'X':
        cmd_write_mem(s, cpu, pkt + 1, pkt + len, true);
        return GDB_ACT_NONE;
    case 'Z':
    case 'z':
        cmd_point(s, p, end, c == 'Z');
        return GDB_ACT_NONE;
    case 'c':
    case 's':
        return resume(s, p, end, c == 's', false);
    case 'C':
    case 'S':
        return resume(s, p, end, c == 'S', true);
    case 'D':
        reply_str(s, "OK");
        return GDB_ACT_DETACH;
    case 'k':
        s->has_reply = false;
        return GDB_ACT_KILL;
    case 'H': {
        if (len < 3 || (p[0] != 'g' && p[0] != 'c'))
            return reply_str(s, E_INVAL), GDB_ACT_NONE;
        int t = parse_thread(s, p + 1, end);
        if (t == -2)
            return reply_str(s, E_INVAL), GDB_ACT_NONE;
        if (p[0] == 'g')
            s->g_cpu = t < 0 ? 0 : t;
        else
            s->c_cpu = t;
        reply_str(s, "OK");
        return GDB_ACT_NONE;
    }
    case 'T': {
        int t = parse_thread(s, p, end);
        reply_str(s, t >= 0 ? "OK" : E_INVAL);
        return GDB_ACT_NONE;
    }
    case 'q':
        if (starts(pkt, end, "qSupported")) {
            cmd_supported(s, pkt + 10 + (len > 10 && pkt[10] == ':'), end);
        } else if (starts(pkt, end, "qXfer:features:read:")) {
            cmd_xfer_features(s, pkt + 20, end);
        } else if (len == 9 && starts(pkt, end, "qAttached")) {
            reply_str(s, "1");
        } else if (starts(pkt, end, "qAttached:")) {
            reply_str(s, "1");
        } else if (len == 2 && pkt[1] == 'C') {
            char buf[32];
            snprintf(buf, sizeof(buf), "QC%02x", cpu_index(cpu) + 1);
            reply_str(s, buf);
        } else if (len == 12 && starts(pkt, end, "qfThreadInfo")) {
            char buf[GDB_PACKET_MAX];
            size_t n = 0;
            buf[n++] = 'm';
            for (int i = 0; i < s->ncpus && n + 20 < sizeof(buf); i++)
                n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%02x", i ? "," : "", i + 1);
            buf[n] = '\0';
            reply_str(s, buf);
        } else if (len == 12 && starts(pkt, end, "qsThreadInfo")) {
            reply_str(s, "l");
        } else if (starts(pkt, end, "qSymbol:")) {
            reply_str(s, "OK");
        }
        return GDB_ACT_NONE;
    case 'Q':
        if (len == 15 && starts(pkt, end, "QStartNoAckMode")) {
            reply_str(s, "OK");
            s->no_ack = true; /* from the next packet on (the server acks this one) */
        }
        return GDB_ACT_NONE;
    case 'v':
        if (len == 6 && starts(pkt, end, "vCont?")) {
            reply_str(s, "vCont;c;C;s;S");
        } else if (starts(pkt, end, "vCont;")) {
            return cmd_vcont(s, pkt + 5, end);
        } else if (starts(pkt, end, "vKill")) {
            reply_str(s, "OK");
            return GDB_ACT_KILL;
        }
        return GDB_ACT_NONE; /* vMustReplyEmpty and the rest: empty */
    default:
        return GDB_ACT_NONE;
    }
}
