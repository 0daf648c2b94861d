/* net_slirp.h - user-mode networking with libslirp (-netdev user): a small
 * TCP/IP stack in tinyvm that gives the guest DHCP, DNS forwarding and NAT
 * to the host's network through ordinary sockets, without privileges; and
 * hostfwd rules that make a host port reach a guest port.
 *
 * Defaults are QEMU's: network 10.0.2.0/24, the host (gateway) at 10.0.2.2,
 * DNS at 10.0.2.3, DHCP leases from 10.0.2.15; IPv6 fec0::/64 with the host
 * at fec0::2 and DNS at fec0::3. restrict=on cuts the guest off from
 * everything but hostfwd connections.
 *
 * The stack's sockets join the main loop's poll() (net_poll_fill/done) and
 * its timers lower the poll timeout, so nothing busy-waits.
 */
#ifndef TINYVM_DEVICES_NET_SLIRP_H
#define TINYVM_DEVICES_NET_SLIRP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devices/net/net.h"

typedef struct net_slirp_hostfwd {
    bool udp;
    uint32_t host_addr;  /* IPv4, host byte order; 0: any */
    uint16_t host_port;
    uint32_t guest_addr; /* IPv4, host byte order; 0: the first DHCP address */
    uint16_t guest_port;
    const char *spec;    /* as written, for messages */
} net_slirp_hostfwd_t;

typedef struct net_slirp_config {
    const char *id;
    bool restricted;
    /* IPv4 addresses in host byte order; 0 picks QEMU's default. */
    uint32_t net, mask, host, dns, dhcp_start;
    bool ipv6;
    const net_slirp_hostfwd_t *hostfwd;
    unsigned nhostfwd;
} net_slirp_config_t;

/* Create the stack and bind every hostfwd. On failure returns NULL with one
 * line in err, e.g. "hostfwd=tcp::2222-:22: cannot listen on host port 2222:
 * Address already in use". */
net_backend_t *net_slirp_create(const net_slirp_config_t *cfg, char *err, size_t errlen);

#endif
