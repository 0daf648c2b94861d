/* test_virtio_net.c - the virtio network device (virtio 1.2 §5.1) on a fake
 * backend (transmit, receive, mergeable buffers, checksum offload, the
 * bounded receive queue, malformed buffers), and the libslirp backend
 * (ARP, DHCP, hostfwd binding). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "devices/net/net.h"
#include "devices/net/net_slirp.h"
#include "devices/virtio/virtio_net.h"
#include "virtio_harness.h"

#define BASE   0x0a000200ull
#define RXRING (H_RAM_BASE + 0x10000)
#define TXRING (H_RAM_BASE + 0x20000)
#define RXBUF  (H_RAM_BASE + 0x100000) /* buffer i at RXBUF + i * 0x1000 */
#define TXBUF  (H_RAM_BASE + 0x200000)

/* ---- a fake backend ---------------------------------------------------------------------- */

typedef struct fake {
    net_backend_t nb;
    int nsent;
    size_t sent_len[8];
    uint8_t sent[8][2048];
} fake_t;

static void fake_send(net_backend_t *nb, const uint8_t *frame, size_t len)
{
    fake_t *f = (fake_t *)nb;
    if (f->nsent < 8 && len <= sizeof(f->sent[0])) {
        memcpy(f->sent[f->nsent], frame, len);
        f->sent_len[f->nsent] = len;
    }
    f->nsent++;
}

static const net_backend_ops_t fake_ops = { .send = fake_send };

typedef struct fx {
    physmap_t pm;
    fake_t be;
    virtio_net_t *dev;
    virtio_mmio_t *t;
    irq_probe_t irq;
    vring_t rx, tx;
    uint16_t rx_next; /* next receive buffer / descriptor number */
} fx_t;

static fx_t F;
static const uint8_t MAC[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
static const uint64_t V1 = VIRTIO_BIT(VIRTIO_F_VERSION_1);

static void start(uint64_t features)
{
    memset(&F, 0, sizeof(F));
    assert_int_equal(physmap_init(&F.pm, H_RAM_BASE, H_RAM_SIZE), 0);
    net_backend_init(&F.be.nb, &fake_ops, "n0");
    virtio_net_config_t c = {
        .pm = &F.pm, .base = BASE, .map = true, .irq = irq_probe_line(&F.irq), .quiet = true,
        .backend = &F.be.nb,
    };
    memcpy(c.mac, MAC, 6);
    F.dev = virtio_net_create(&c);
    assert_non_null(F.dev);
    F.t = virtio_net_transport(F.dev);
    vring_init(&F.rx, &F.pm, 64, RXRING);
    vring_init(&F.tx, &F.pm, 64, TXRING);
    assert_true(drv_negotiate(F.t, features | V1));
    drv_queue(F.t, VIRTIO_NET_RXQ, &F.rx);
    drv_queue(F.t, VIRTIO_NET_TXQ, &F.tx);
    drv_ok(F.t);
}

static void stop(void)
{
    virtio_net_destroy(F.dev);
    net_destroy(&F.be.nb);
    physmap_destroy(&F.pm);
}

/* Offer one receive buffer of len bytes (device-writable). */
static uint16_t add_rx(uint32_t len, uint16_t flags)
{
    uint16_t i = F.rx_next++;
    vring_desc(&F.rx, i, RXBUF + 0x1000ull * i, len, flags, 0);
    vring_publish(&F.rx, i);
    return i;
}

static void frame_of(uint8_t *f, size_t len, uint8_t seed)
{
    for (size_t i = 0; i < len; i++)
        f[i] = (uint8_t)(seed + i);
}

/* ---- configuration ---------------------------------------------------------------------------- */

static void test_config(void **state)
{
    (void)state;
    start(0);
    assert_int_equal(mr(F.t, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_NET);
    uint64_t f = dev_features(F.t);
    assert_true(f & VIRTIO_BIT(VIRTIO_NET_F_MAC));
    assert_true(f & VIRTIO_BIT(VIRTIO_NET_F_STATUS));
    assert_true(f & VIRTIO_BIT(VIRTIO_NET_F_MRG_RXBUF));
    assert_true(f & VIRTIO_BIT(VIRTIO_NET_F_CSUM));
    assert_true(f & VIRTIO_BIT(VIRTIO_NET_F_GUEST_CSUM));
    assert_false(f & VIRTIO_BIT(VIRTIO_NET_F_CTRL_VQ));
    assert_false(f & VIRTIO_BIT(VIRTIO_NET_F_HOST_TSO4));
    assert_false(f & VIRTIO_BIT(VIRTIO_NET_F_GUEST_TSO4));
    for (int i = 0; i < 6; i++) {
        uint64_t v;
        virtio_mmio_read(F.t, VIRTIO_MMIO_CONFIG + i, 1, &v);
        assert_int_equal(v, MAC[i]);
    }
    uint64_t st;
    virtio_mmio_read(F.t, VIRTIO_MMIO_CONFIG + VIRTIO_NET_CFG_STATUS, 2, &st);
    assert_int_equal(st, VIRTIO_NET_S_LINK_UP);
    /* Features the device did not offer cannot be accepted (§5.1.3.1:
     * e.g. GUEST_TSO4 needs GUEST_CSUM - and is not offered at all). */
    assert_false(drv_negotiate(F.t, V1 | VIRTIO_BIT(VIRTIO_NET_F_GUEST_TSO4) |
                                        VIRTIO_BIT(VIRTIO_NET_F_GUEST_CSUM)));
    stop();
}

/* ---- transmit ----------------------------------------------------------------------------------- */

static void tx_publish(uint16_t head)
{
    vring_publish(&F.tx, head);
    drv_notify(F.t, VIRTIO_NET_TXQ);
}

static void test_tx(void **state)
{
    (void)state;
    start(0);
    memset(gp(&F.pm, TXBUF), 0, VIRTIO_NET_HDR_SIZE);
    frame_of(gp(&F.pm, TXBUF + VIRTIO_NET_HDR_SIZE), 60, 1);
    vring_desc(&F.tx, 0, TXBUF, VIRTIO_NET_HDR_SIZE + 60, 0, 0);
    tx_publish(0);
    assert_int_equal(F.be.nsent, 1);
    assert_int_equal(F.be.sent_len[0], 60);
    assert_memory_equal(F.be.sent[0], gp(&F.pm, TXBUF + VIRTIO_NET_HDR_SIZE), 60);
    uint32_t id, len;
    assert_int_equal(vring_used_idx(&F.tx), 1);
    vring_used_elem(&F.tx, 0, &id, &len);
    assert_int_equal(len, 0);
    assert_int_equal(F.irq.level, 1);

    /* Header and frame in separate descriptors, the frame in two pieces. */
    vring_desc(&F.tx, 1, TXBUF, VIRTIO_NET_HDR_SIZE, VIRTQ_DESC_F_NEXT, 2);
    vring_desc(&F.tx, 2, TXBUF + VIRTIO_NET_HDR_SIZE, 20, VIRTQ_DESC_F_NEXT, 3);
    vring_desc(&F.tx, 3, TXBUF + VIRTIO_NET_HDR_SIZE + 20, 40, 0, 0);
    tx_publish(1);
    assert_int_equal(F.be.nsent, 2);
    assert_memory_equal(F.be.sent[1], F.be.sent[0], 60);
    stop();
}

/* Reference UDP checksum over pseudo-header and datagram (RFC 768). */
static uint16_t udp_reference(const uint8_t *ip, const uint8_t *udp, size_t ulen)
{
    uint32_t sum = 0;
    for (int i = 12; i < 20; i += 2)
        sum += (uint32_t)(ip[i] << 8 | ip[i + 1]);
    sum += 17 + (uint32_t)ulen;
    for (size_t i = 0; i < ulen; i += 2) {
        if (i == 6)
            continue; /* the checksum field itself */
        sum += (uint32_t)(udp[i] << 8 | (i + 1 < ulen ? udp[i + 1] : 0));
    }
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    uint16_t c = (uint16_t)~sum;
    return c ? c : 0xffff;
}

static void test_tx_checksum_offload(void **state)
{
    (void)state;
    start(VIRTIO_BIT(VIRTIO_NET_F_CSUM));
    /* Ethernet + IPv4 + UDP with an odd-length payload. */
    uint8_t *h = gp(&F.pm, TXBUF), *fr = h + VIRTIO_NET_HDR_SIZE;
    memset(h, 0, VIRTIO_NET_HDR_SIZE + 128);
    size_t ulen = 8 + 33, flen = 14 + 20 + ulen;
    fr[12] = 0x08;
    uint8_t *ip = fr + 14, *udp = ip + 20;
    ip[0] = 0x45;
    ip[9] = 17;
    memcpy(ip + 12, "\x0a\x00\x02\x0f\x0a\x00\x02\x02", 8);
    udp[0] = 0x30; udp[1] = 0x39; udp[2] = 0x00; udp[3] = 0x35;
    udp[4] = 0; udp[5] = (uint8_t)ulen;
    for (size_t i = 8; i < ulen; i++)
        udp[i] = (uint8_t)(i * 37);
    /* Linux's part (§5.1.6.2): the pseudo-header sum in the field. */
    uint32_t ps = 0x0a00 + 0x020f + 0x0a00 + 0x0202 + 17 + (uint32_t)ulen;
    while (ps >> 16)
        ps = (ps & 0xffff) + (ps >> 16);
    udp[6] = (uint8_t)(ps >> 8);
    udp[7] = (uint8_t)ps;
    h[0] = VIRTIO_NET_HDR_F_NEEDS_CSUM;
    g16(&F.pm, TXBUF + 6, 34); /* csum_start */
    g16(&F.pm, TXBUF + 8, 6);  /* csum_offset */
    vring_desc(&F.tx, 0, TXBUF, (uint32_t)(VIRTIO_NET_HDR_SIZE + flen), 0, 0);
    tx_publish(0);
    assert_int_equal(F.be.nsent, 1);
    const uint8_t *sent_udp = F.be.sent[0] + 34;
    uint16_t got = (uint16_t)(sent_udp[6] << 8 | sent_udp[7]);
    assert_int_equal(got, udp_reference(ip, udp, ulen));

    /* Offsets outside the frame: dropped, never written out of bounds. */
    g16(&F.pm, TXBUF + 6, 60);
    g16(&F.pm, TXBUF + 8, 0xfff0);
    tx_publish(0);
    assert_int_equal(F.be.nsent, 1);
    assert_int_equal(virtio_net_errors(F.dev), 1);
    stop();
}

static void test_tx_malformed(void **state)
{
    (void)state;
    start(0);
    memset(gp(&F.pm, TXBUF), 0, 256);
    /* Only a header; shorter than a header; a writable descriptor; a GSO
     * request that was never offered; a buffer outside RAM. */
    vring_desc(&F.tx, 0, TXBUF, VIRTIO_NET_HDR_SIZE, 0, 0);
    tx_publish(0);
    vring_desc(&F.tx, 0, TXBUF, 5, 0, 0);
    tx_publish(0);
    vring_desc(&F.tx, 0, TXBUF, 64, VIRTQ_DESC_F_WRITE, 0);
    tx_publish(0);
    gp(&F.pm, TXBUF)[1] = 1; /* VIRTIO_NET_HDR_GSO_TCPV4 */
    vring_desc(&F.tx, 0, TXBUF, 64, 0, 0);
    tx_publish(0);
    gp(&F.pm, TXBUF)[1] = 0;
    vring_desc(&F.tx, 0, H_RAM_BASE + H_RAM_SIZE - 10, 64, 0, 0);
    tx_publish(0);
    assert_int_equal(F.be.nsent, 0);
    assert_int_equal(virtio_net_errors(F.dev), 5);
    assert_int_equal(vring_used_idx(&F.tx), 5); /* every buffer came back */
    assert_true(virtio_mmio_live(F.t));
    /* A good one still goes. */
    vring_desc(&F.tx, 0, TXBUF, 64, 0, 0);
    tx_publish(0);
    assert_int_equal(F.be.nsent, 1);
    stop();
}

/* ---- receive ------------------------------------------------------------------------------------------- */

static void test_rx(void **state)
{
    (void)state;
    start(VIRTIO_BIT(VIRTIO_NET_F_GUEST_CSUM));
    uint8_t fr[100];
    frame_of(fr, sizeof(fr), 7);
    /* No buffers yet: the frame waits. */
    net_deliver(&F.be.nb, fr, sizeof(fr));
    assert_int_equal(F.be.nb.queued, 1);
    assert_int_equal(vring_used_idx(&F.rx), 0);
    /* A buffer arrives: the frame goes in at once. */
    uint16_t b = add_rx(1526, VIRTQ_DESC_F_WRITE);
    drv_notify(F.t, VIRTIO_NET_RXQ);
    assert_int_equal(F.be.nb.queued, 0);
    assert_int_equal(vring_used_idx(&F.rx), 1);
    uint32_t id, len;
    vring_used_elem(&F.rx, 0, &id, &len);
    assert_int_equal(id, b);
    assert_int_equal(len, VIRTIO_NET_HDR_SIZE + sizeof(fr));
    const uint8_t *p = gp(&F.pm, RXBUF + 0x1000ull * b);
    assert_int_equal(p[0], VIRTIO_NET_HDR_F_DATA_VALID);
    assert_int_equal(p[1], VIRTIO_NET_HDR_GSO_NONE);
    assert_int_equal(r16(&F.pm, RXBUF + 0x1000ull * b + 10), 1); /* num_buffers */
    assert_memory_equal(p + VIRTIO_NET_HDR_SIZE, fr, sizeof(fr));
    assert_int_equal(F.irq.level, 1);
    /* With a buffer waiting, delivery is immediate. */
    add_rx(1526, VIRTQ_DESC_F_WRITE);
    net_deliver(&F.be.nb, fr, 60);
    assert_int_equal(vring_used_idx(&F.rx), 2);
    stop();
}

static void test_rx_order(void **state)
{
    (void)state;
    start(0);
    uint8_t fr[64];
    for (uint8_t k = 0; k < 3; k++) {
        frame_of(fr, sizeof(fr), (uint8_t)(k * 50));
        net_deliver(&F.be.nb, fr, sizeof(fr));
    }
    add_rx(1526, VIRTQ_DESC_F_WRITE);
    add_rx(1526, VIRTQ_DESC_F_WRITE);
    drv_notify(F.t, VIRTIO_NET_RXQ);
    assert_int_equal(F.be.nb.queued, 1);
    /* A frame arriving now must not overtake the one waiting. */
    frame_of(fr, sizeof(fr), 200);
    uint16_t b = add_rx(1526, VIRTQ_DESC_F_WRITE); /* not notified yet */
    net_deliver(&F.be.nb, fr, sizeof(fr));
    assert_int_equal(gp(&F.pm, RXBUF + 0x1000ull * b)[VIRTIO_NET_HDR_SIZE], 100); /* the waiting one */
    assert_int_equal(F.be.nb.queued, 1); /* the new one waits */
    add_rx(1526, VIRTQ_DESC_F_WRITE);
    drv_notify(F.t, VIRTIO_NET_RXQ);
    assert_int_equal(F.be.nb.queued, 0);
    const uint8_t seeds[4] = { 0, 50, 100, 200 };
    for (uint16_t i = 0; i < 4; i++)
        assert_int_equal(gp(&F.pm, RXBUF + 0x1000ull * i)[VIRTIO_NET_HDR_SIZE], seeds[i]);
    stop();
}

static void test_rx_mergeable(void **state)
{
    (void)state;
    start(VIRTIO_BIT(VIRTIO_NET_F_MRG_RXBUF));
    for (int i = 0; i < 4; i++)
        add_rx(100, VIRTQ_DESC_F_WRITE);
    uint8_t fr[250];
    frame_of(fr, sizeof(fr), 3);
    net_deliver(&F.be.nb, fr, sizeof(fr)); /* 262 bytes: 100 + 100 + 62 */
    assert_int_equal(vring_used_idx(&F.rx), 3);
    uint32_t id, len;
    const uint32_t want[3] = { 100, 100, 62 };
    for (uint16_t i = 0; i < 3; i++) {
        vring_used_elem(&F.rx, i, &id, &len);
        assert_int_equal(id, i);
        assert_int_equal(len, want[i]);
    }
    assert_int_equal(r16(&F.pm, RXBUF + 10), 3); /* num_buffers in the first header */
    assert_memory_equal(gp(&F.pm, RXBUF + VIRTIO_NET_HDR_SIZE), fr, 88);
    assert_memory_equal(gp(&F.pm, RXBUF + 0x1000), fr + 88, 100);
    assert_memory_equal(gp(&F.pm, RXBUF + 0x2000), fr + 188, 62);
    /* Not enough buffers for the next one: nothing is used, the frame waits. */
    net_deliver(&F.be.nb, fr, sizeof(fr));
    assert_int_equal(vring_used_idx(&F.rx), 3);
    assert_int_equal(F.be.nb.queued, 1);
    add_rx(100, VIRTQ_DESC_F_WRITE);
    add_rx(100, VIRTQ_DESC_F_WRITE);
    drv_notify(F.t, VIRTIO_NET_RXQ);
    assert_int_equal(vring_used_idx(&F.rx), 6);
    assert_int_equal(F.be.nb.queued, 0);
    stop();
}

static void test_rx_event_idx(void **state)
{
    (void)state;
    start(VIRTIO_BIT(VIRTIO_F_EVENT_IDX));
    uint8_t fr[60] = { 0 };
    add_rx(1526, VIRTQ_DESC_F_WRITE);
    net_deliver(&F.be.nb, fr, sizeof(fr));
    net_deliver(&F.be.nb, fr, sizeof(fr)); /* no buffer: waits */
    /* The device asked for a notification when buffer 1 appears. */
    assert_int_equal(vring_avail_event(&F.rx), 1);
    assert_int_equal(F.be.nb.queued, 1);
    stop();
}

static void test_rx_bad_buffers(void **state)
{
    (void)state;
    start(0);
    uint8_t fr[200];
    frame_of(fr, sizeof(fr), 1);
    /* Without MRG_RXBUF one buffer must hold header and frame. */
    add_rx(100, VIRTQ_DESC_F_WRITE);
    net_deliver(&F.be.nb, fr, sizeof(fr));
    uint32_t id, len;
    assert_int_equal(vring_used_idx(&F.rx), 1);
    vring_used_elem(&F.rx, 0, &id, &len);
    assert_int_equal(len, 0);
    /* A device-readable buffer; a buffer outside RAM. */
    add_rx(1526, 0);
    net_deliver(&F.be.nb, fr, sizeof(fr));
    uint16_t i = F.rx_next++;
    vring_desc(&F.rx, i, H_RAM_BASE + H_RAM_SIZE - 100, 1526, VIRTQ_DESC_F_WRITE, 0);
    vring_publish(&F.rx, i);
    net_deliver(&F.be.nb, fr, sizeof(fr));
    assert_int_equal(vring_used_idx(&F.rx), 3);
    vring_used_elem(&F.rx, 2, &id, &len);
    assert_int_equal(len, 0);
    assert_int_equal(virtio_net_errors(F.dev), 3);
    assert_true(virtio_mmio_live(F.t));
    /* A good buffer works. */
    add_rx(1526, VIRTQ_DESC_F_WRITE);
    net_deliver(&F.be.nb, fr, sizeof(fr));
    vring_used_elem(&F.rx, 3, &id, &len);
    assert_int_equal(len, VIRTIO_NET_HDR_SIZE + sizeof(fr));
    stop();
}

static void test_rx_queue_bound(void **state)
{
    (void)state;
    start(0);
    uint8_t fr[60] = { 0 };
    for (int i = 0; i < NET_QUEUE_HIGH_WATER - 1; i++)
        net_deliver(&F.be.nb, fr, sizeof(fr));
    assert_false(net_throttled(&F.be.nb));
    net_deliver(&F.be.nb, fr, sizeof(fr));
    assert_true(net_throttled(&F.be.nb));
    for (int i = NET_QUEUE_HIGH_WATER; i < NET_QUEUE_MAX_FRAMES + 5; i++)
        net_deliver(&F.be.nb, fr, sizeof(fr));
    assert_int_equal(F.be.nb.queued, NET_QUEUE_MAX_FRAMES);
    assert_int_equal(F.be.nb.dropped, 5); /* counted, reported once on stderr */
    /* Oversized or empty frames are refused outright. */
    net_deliver(&F.be.nb, fr, 0);
    assert_int_equal(F.be.nb.queued, NET_QUEUE_MAX_FRAMES);
    /* A device reset drops the stale frames. */
    mw(F.t, VIRTIO_MMIO_STATUS, 0);
    assert_int_equal(F.be.nb.queued, 0);
    assert_false(net_throttled(&F.be.nb));
    stop();
}

static void test_rx_not_live(void **state)
{
    (void)state;
    start(0);
    uint8_t fr[60] = { 0 };
    add_rx(1526, VIRTQ_DESC_F_WRITE);
    mw(F.t, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_FAILED | mr(F.t, VIRTIO_MMIO_STATUS));
    net_deliver(&F.be.nb, fr, sizeof(fr));
    assert_int_equal(vring_used_idx(&F.rx), 0); /* a failed device touches nothing */
    assert_int_equal(F.be.nb.queued, 1);
    stop();
}

/* ---- the slirp backend ------------------------------------------------------------------------------------ */

typedef struct catcher {
    int n;
    size_t len[8];
    uint8_t f[8][1600];
} catcher_t;

static bool catch_frame(void *opaque, const uint8_t *frame, size_t len)
{
    catcher_t *c = opaque;
    if (c->n < 8 && len <= sizeof(c->f[0])) {
        memcpy(c->f[c->n], frame, len);
        c->len[c->n] = len;
    }
    c->n++;
    return true;
}

static const uint8_t GUEST_MAC[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

static void test_slirp_arp(void **state)
{
    (void)state;
    char err[256];
    net_slirp_config_t c = { .id = "n0" };
    net_backend_t *nb = net_slirp_create(&c, err, sizeof(err));
    assert_non_null(nb);
    catcher_t got = { 0 };
    net_attach(nb, catch_frame, &got);
    /* "Who has 10.0.2.2? Tell 10.0.2.15" */
    uint8_t arp[42] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    memcpy(arp + 6, GUEST_MAC, 6);
    arp[12] = 0x08; arp[13] = 0x06;
    const uint8_t body[] = { 0, 1, 8, 0, 6, 4, 0, 1 };
    memcpy(arp + 14, body, 8);
    memcpy(arp + 22, GUEST_MAC, 6);
    memcpy(arp + 28, "\x0a\x00\x02\x0f", 4);
    memcpy(arp + 38, "\x0a\x00\x02\x02", 4);
    net_send(nb, arp, sizeof(arp));
    assert_int_equal(got.n, 1);
    assert_memory_equal(got.f[0], GUEST_MAC, 6);                /* to us */
    assert_int_equal(got.f[0][21], 2);                          /* ARP reply */
    assert_memory_equal(got.f[0] + 28, "\x0a\x00\x02\x02", 4);  /* from the host address */
    net_destroy(nb);
}

static uint16_t ip_checksum(const uint8_t *p, size_t len)
{
    uint32_t s = 0;
    for (size_t i = 0; i < len; i += 2)
        s += (uint32_t)(p[i] << 8 | p[i + 1]);
    while (s >> 16)
        s = (s & 0xffff) + (s >> 16);
    return (uint16_t)~s;
}

static void test_slirp_dhcp(void **state)
{
    (void)state;
    char err[256];
    /* A non-default network, to see net= at work. */
    net_slirp_config_t c = { .id = "n0", .net = 0xc0a86400u, .mask = 0xffffff00u };
    net_backend_t *nb = net_slirp_create(&c, err, sizeof(err));
    assert_non_null(nb);
    catcher_t got = { 0 };
    net_attach(nb, catch_frame, &got);
    uint8_t f[14 + 20 + 8 + 240 + 8];
    memset(f, 0, sizeof(f));
    memset(f, 0xff, 6);
    memcpy(f + 6, GUEST_MAC, 6);
    f[12] = 0x08;
    uint8_t *ip = f + 14, *udp = ip + 20, *bootp = udp + 8;
    size_t blen = 240 + 8, ulen = 8 + blen;
    ip[0] = 0x45;
    ip[2] = (uint8_t)((20 + ulen) >> 8);
    ip[3] = (uint8_t)(20 + ulen);
    ip[8] = 64;
    ip[9] = 17;
    memset(ip + 16, 0xff, 4); /* to 255.255.255.255 from 0.0.0.0 */
    uint16_t ck = ip_checksum(ip, 20);
    ip[10] = (uint8_t)(ck >> 8);
    ip[11] = (uint8_t)ck;
    udp[1] = 68;
    udp[3] = 67;
    udp[4] = (uint8_t)(ulen >> 8);
    udp[5] = (uint8_t)ulen;
    bootp[0] = 1; /* BOOTREQUEST */
    bootp[1] = 1;
    bootp[2] = 6;
    memcpy(bootp + 4, "\x12\x34\x56\x78", 4);
    memcpy(bootp + 28, GUEST_MAC, 6);
    memcpy(bootp + 236, "\x63\x82\x53\x63", 4); /* magic cookie */
    const uint8_t opts[] = { 53, 1, 1 /* DHCPDISCOVER */, 255 };
    memcpy(bootp + 240, opts, sizeof(opts));
    net_send(nb, f, sizeof(f));
    assert_int_equal(got.n, 1);
    const uint8_t *r = got.f[0];
    assert_true(got.len[0] > 14 + 20 + 8 + 240);
    assert_int_equal(r[14 + 9], 17);                          /* UDP */
    const uint8_t *rb = r + 14 + 20 + 8;
    assert_int_equal(rb[0], 2);                               /* BOOTREPLY */
    assert_memory_equal(rb + 16, "\xc0\xa8\x64\x0f", 4);      /* yiaddr 192.168.100.15 */
    assert_memory_equal(r + 14 + 12, "\xc0\xa8\x64\x02", 4);  /* from the host address */
    net_destroy(nb);
}

static void test_slirp_hostfwd(void **state)
{
    (void)state;
    /* Hold a port, then ask slirp to forward it: a clear error. */
    int s = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(s >= 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(s, 1), 0);
    socklen_t al = sizeof(a);
    getsockname(s, (struct sockaddr *)&a, &al);
    uint16_t port = ntohs(a.sin_port);
    char spec[64];
    snprintf(spec, sizeof(spec), "tcp:127.0.0.1:%u-:22", port);
    net_slirp_hostfwd_t fwd = { false, INADDR_LOOPBACK, port, 0, 22, spec };
    net_slirp_config_t c = { .id = "n0", .hostfwd = &fwd, .nhostfwd = 1 };
    char err[256];
    assert_null(net_slirp_create(&c, err, sizeof(err)));
    assert_non_null(strstr(err, spec));
    assert_non_null(strstr(err, "cannot listen"));
    close(s);

    /* A free port binds, and its listening socket joins the poll set. */
    fwd.host_port = port;
    net_backend_t *nb = net_slirp_create(&c, err, sizeof(err));
    assert_non_null(nb);
    pollset_t ps = { 0 };
    int timeout = 1000;
    net_poll_fill(nb, &ps, &timeout);
    assert_true(ps.n >= 1);
    assert_true(timeout >= 0 && timeout <= 1000);
    assert_int_equal(poll(ps.fds, ps.n, 0), 0);
    net_poll_done(nb, &ps, false);
    /* While throttled, slirp's sockets are not watched. */
    catcher_t got = { 0 };
    uint8_t fr[60] = { 0 };
    for (int i = 0; i < NET_QUEUE_HIGH_WATER; i++)
        net_deliver(nb, fr, sizeof(fr));
    pollset_clear(&ps);
    net_poll_fill(nb, &ps, &timeout);
    assert_int_equal(ps.n, 0);
    net_poll_done(nb, &ps, false);
    net_attach(nb, catch_frame, &got);
    net_flush(nb);
    assert_int_equal(got.n, NET_QUEUE_HIGH_WATER);
    pollset_free(&ps);
    net_destroy(nb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config),
        cmocka_unit_test(test_tx),
        cmocka_unit_test(test_tx_checksum_offload),
        cmocka_unit_test(test_tx_malformed),
        cmocka_unit_test(test_rx),
        cmocka_unit_test(test_rx_order),
        cmocka_unit_test(test_rx_mergeable),
        cmocka_unit_test(test_rx_event_idx),
        cmocka_unit_test(test_rx_bad_buffers),
        cmocka_unit_test(test_rx_queue_bound),
        cmocka_unit_test(test_rx_not_live),
        cmocka_unit_test(test_slirp_arp),
        cmocka_unit_test(test_slirp_dhcp),
        cmocka_unit_test(test_slirp_hostfwd),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
