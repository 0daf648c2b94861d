/* gdb_packet.h - the framing layer of the GDB remote serial protocol
 * (GDB manual, appendix "GDB Remote Serial Protocol", sections "Overview"
 * and "Packet Acknowledgment"; binary data: "Overview", escaping rule).
 *
 * A packet is `$payload#cs`: cs is the modulo-256 sum of the payload bytes
 * in two hex digits. The receiver answers `+` (good) or `-` (resend) until
 * QStartNoAckMode turns acknowledgements off. A lone 0x03 byte outside a
 * packet is an interrupt request (Ctrl-C). In binary data, `}` escapes the
 * next byte, which is XORed with 0x20. This layer knows nothing of the
 * commands inside packets (gdbstub.c).
 */
#ifndef TINYVM_DEBUG_GDB_PACKET_H
#define TINYVM_DEBUG_GDB_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest payload accepted and advertised (qSupported PacketSize). A
 * 'g' reply (788 bytes of registers, 1576 hex digits) fits. */
#define GDB_PACKET_MAX 4096

typedef enum gdb_rx_event {
    GDB_RX_NONE = 0,     /* byte consumed, nothing complete yet */
    GDB_RX_PACKET,       /* a packet with a good checksum: rx->buf, rx->len */
    GDB_RX_BAD,          /* a packet with a bad checksum or too long: ask again */
    GDB_RX_INTERRUPT,    /* 0x03 outside a packet */
    GDB_RX_ACK,          /* '+' */
    GDB_RX_NAK,          /* '-': resend the last reply */
} gdb_rx_event_t;

typedef struct gdb_rx {
    int state;
    uint8_t sum;         /* running checksum of the payload */
    uint8_t cs;          /* checksum digits received */
    bool overflow;       /* the payload did not fit: the packet is refused */
    size_t len;
    char buf[GDB_PACKET_MAX + 1]; /* payload, NUL-terminated (may contain NULs) */
} gdb_rx_t;

void gdb_rx_init(gdb_rx_t *rx);
/* Feed one received byte; returns what it completed. Bytes between
 * packets other than + - 0x03 are ignored (line noise). */
gdb_rx_event_t gdb_rx_feed(gdb_rx_t *rx, uint8_t c);

/* Frame payload as `$...#cs` into out (escaping $ # } * so binary data
 * survives). Returns the framed length, or 0 if out (cap bytes) is too
 * small. */
size_t gdb_frame(const uint8_t *payload, size_t len, char *out, size_t cap);

/* Undo `}` escaping in place; returns the new length, or (size_t)-1 when
 * the data ends in a lone `}`. */
size_t gdb_unescape(uint8_t *data, size_t len);

/* Hex helpers. gdb_hex_value: 0..15, or -1 for a non-hex character. */
int gdb_hex_value(char c);
/* Encode len bytes as 2*len lowercase hex digits plus a NUL. */
void gdb_hex_encode(const uint8_t *in, size_t len, char *out);
/* Decode exactly 2*len hex digits from in; false on any bad digit. */
bool gdb_hex_decode(const char *in, size_t len, uint8_t *out);
/* Parse a hex number of 1..16 digits at *p, advancing *p past it; false if
 * there are no digits or too many. */
bool gdb_parse_hex(const char **p, const char *end, uint64_t *val);

#endif
