/* gdb_packet.c - GDB remote protocol framing: receive state machine,
 * checksums, escaping and hex (see gdb_packet.h). */
#include "gdb_packet.h"

#include <string.h>

enum { RX_IDLE, RX_DATA, RX_CS1, RX_CS2 };

void gdb_rx_init(gdb_rx_t *rx)
{
    memset(rx, 0, sizeof(*rx));
}

int gdb_hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

gdb_rx_event_t gdb_rx_feed(gdb_rx_t *rx, uint8_t c)
{
    switch (rx->state) {
    case RX_IDLE:
        if (c == '$') {
            rx->state = RX_DATA;
            rx->len = 0;
            rx->sum = 0;
            rx->overflow = false;
            return GDB_RX_NONE;
        }
        if (c == 0x03)
            return GDB_RX_INTERRUPT;
        if (c == '+')
            return GDB_RX_ACK;
        if (c == '-')
            return GDB_RX_NAK;
        return GDB_RX_NONE;
    case RX_DATA:
        if (c == '#') {
            rx->state = RX_CS1;
            return GDB_RX_NONE;
        }
        if (c == '$') { /* a new packet started: the old one was cut off */
            rx->len = 0;
            rx->sum = 0;
            rx->overflow = false;
            return GDB_RX_NONE;
        }
        rx->sum = (uint8_t)(rx->sum + c);
        if (rx->len < GDB_PACKET_MAX)
            rx->buf[rx->len++] = (char)c;
        else
            rx->overflow = true;
        return GDB_RX_NONE;
    case RX_CS1: {
        int v = gdb_hex_value((char)c);
        rx->cs = (uint8_t)((v < 0 ? 0 : v) << 4);
        rx->state = v < 0 ? RX_IDLE : RX_CS2;
        return v < 0 ? GDB_RX_BAD : GDB_RX_NONE;
    }
    default: { /* RX_CS2 */
        int v = gdb_hex_value((char)c);
        rx->state = RX_IDLE;
        if (v < 0 || (uint8_t)(rx->cs | v) != rx->sum || rx->overflow)
            return GDB_RX_BAD;
        rx->buf[rx->len] = '\0';
        return GDB_RX_PACKET;
    }
    }
}

size_t gdb_frame(const uint8_t *payload, size_t len, char *out, size_t cap)
{
    size_t n = 0;
    uint8_t sum = 0;
    if (cap < 4)
        return 0;
    out[n++] = '$';
    for (size_t i = 0; i < len; i++) {
        uint8_t c = payload[i];
        bool esc = c == '$' || c == '#' || c == '}' || c == '*';
        if (n + (esc ? 2 : 1) + 3 > cap)
            return 0;
        if (esc) {
            out[n++] = '}';
            sum = (uint8_t)(sum + '}');
            c ^= 0x20;
        }
        out[n++] = (char)c;
        sum = (uint8_t)(sum + c);
    }
    static const char hex[] = "0123456789abcdef";
    out[n++] = '#';
    out[n++] = hex[sum >> 4];
    out[n++] = hex[sum & 15];
    return n;
}

size_t gdb_unescape(uint8_t *data, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (data[i] == '}') {
            if (++i == len)
                return (size_t)-1;
            data[o++] = data[i] ^ 0x20;
        } else {
            data[o++] = data[i];
        }
    }
    return o;
}

void gdb_hex_encode(const uint8_t *in, size_t len, char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = hex[in[i] >> 4];
        out[2 * i + 1] = hex[in[i] & 15];
    }
    out[2 * len] = '\0';
}

bool gdb_hex_decode(const char *in, size_t len, uint8_t *out)
{
    for (size_t i = 0; i < len; i++) {
        int hi = gdb_hex_value(in[2 * i]), lo = hi < 0 ? -1 : gdb_hex_value(in[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

bool gdb_parse_hex(const char **p, const char *end, uint64_t *val)
{
    const char *s = *p;
    uint64_t v = 0;
    int n = 0;
    while (s < end && gdb_hex_value(*s) >= 0) {
        if (++n > 16)
            return false;
        v = v << 4 | (uint64_t)gdb_hex_value(*s++);
    }
    if (n == 0)
        return false;
    *p = s;
    *val = v;
    return true;
}
