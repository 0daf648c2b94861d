/* options_virtio.c - the virtio part of the command line: -drive, -device,
 * -netdev, -nic (and -snapshot, a plain flag in options.c).
 *
 * Values are QEMU's key=value lists: `-drive file=disk.img,if=none,id=hd0`.
 * A doubled comma is a literal comma (QEMU's escape, for file names). The
 * first element may leave out its key: `-drive disk.img` (file=),
 * `-device virtio-rng-device` (the device name), `-netdev user,id=n0` (the
 * backend type).
 *
 * Frontends and backends are joined by id as in QEMU: every problem - an id
 * nobody defined, an id defined twice, a backend no device uses, a drive two
 * devices use - is one line and exit status 2 before anything starts.
 *
 * Devices take virtio-mmio slots in command-line order (a -drive without
 * if=none counts where it appears, a -device where it appears), and the
 * device tree lists slots in ascending order, so the first disk on the
 * command line is /dev/vda. (QEMU's virt does the reverse, for historical
 * reasons its source explains; tinyvm prefers the order people expect.)
 */
#include "options_internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int parse_bool(const char *shown, const opt_kv_t *e, bool *out)
{
    static const char *const yes[] = { "on", "yes", "true" }, *const no[] = { "off", "no", "false" };
    for (int i = 0; i < 3; i++) {
        if (!strcmp(e->val, yes[i])) {
            *out = true;
            return OPTIONS_RUN;
        }
        if (!strcmp(e->val, no[i])) {
            *out = false;
            return OPTIONS_RUN;
        }
    }
    return opt_error(shown, "%s=%s: expected on or off", e->key, e->val);
}

/* QEMU's id rule: a letter, then letters, digits, '-', '.', '_'. Ids tinyvm
 * makes up itself start with '_' and so never clash with a user's. */
static int check_id(const char *shown, const char *id)
{
    bool ok = ((*id >= 'a' && *id <= 'z') || (*id >= 'A' && *id <= 'Z'));
    for (const char *c = id; ok && *c; c++)
        ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
             *c == '-' || *c == '.' || *c == '_';
    if (!ok)
        return opt_error(shown, "id=%s: an id starts with a letter and has only letters, "
                         "digits, '-', '.' and '_'", id);
    return OPTIONS_RUN;
}

#define TRY(x) do { int rc_ = (x); if (rc_ != OPTIONS_RUN) return rc_; } while (0)

static vm_virtio_dev_t *new_device(vm_options_t *o, const char *shown, vm_virtio_kind_t kind)
{
    if (o->nvirtio == VM_MAX_VIRTIO) {
        opt_error(shown, "at most %d virtio devices (the board has %d virtio-mmio slots)",
                  VM_MAX_VIRTIO, VM_MAX_VIRTIO);
        return NULL;
    }
    vm_virtio_dev_t *v = &o->virtio[o->nvirtio++];
    memset(v, 0, sizeof(*v));
    v->kind = kind;
    v->backend = -1;
    return v;
}

/* ---- -drive --------------------------------------------------------------------- */

/* The image must exist and be a file or a block device; opening it for
 * writing and locking it happen when the machine is built. */
static int check_image(const char *shown, const char *path)
{
    if (!*path)
        return opt_error(shown, "empty file name");
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return opt_error(shown, "%s: %s", path, strerror(errno));
    struct stat st;
    int rc = fstat(fd, &st), err = errno;
    close(fd);
    if (rc < 0)
        return opt_error(shown, "%s: %s", path, strerror(err));
    if (S_ISDIR(st.st_mode))
        return opt_error(shown, "%s: %s", path, strerror(EISDIR));
    if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
        return opt_error(shown, "%s: not a regular file or block device", path);
    return OPTIONS_RUN;
}

int opt_drive(vm_options_t *o, const struct opt_def *d, const char *shown, const char *arg)
{
    (void)d;
    opt_kv_t kv[OPT_MAX_KV];
    int n;
    TRY(opt_kv_parse(o, shown, arg, "file", kv, &n));
    if (o->ndrives == VM_MAX_DRIVES)
        return opt_error(shown, "at most %d drives", VM_MAX_DRIVES);
    vm_drive_t dr;
    memset(&dr, 0, sizeof(dr));
    dr.discard = true;
    for (int i = 0; i < n; i++) {
        const opt_kv_t *e = &kv[i];
        if (!strcmp(e->key, "file")) {
            dr.file = e->val;
        } else if (!strcmp(e->key, "format")) {
            if (strcmp(e->val, "raw"))
                return opt_error(shown, "format=%s is not supported: tinyvm reads raw images "
                                 "only (qemu-img convert -O raw turns a %s image into one)",
                                 e->val, e->val);
        } else if (!strcmp(e->key, "if")) {
            if (!strcmp(e->val, "virtio"))
                dr.iface = VM_DRIVE_IF_VIRTIO;
            else if (!strcmp(e->val, "none"))
                dr.iface = VM_DRIVE_IF_NONE;
            else
                return opt_error(shown, "if=%s is not supported (use if=virtio or if=none)", e->val);
        } else if (!strcmp(e->key, "id")) {
            TRY(check_id(shown, e->val));
            dr.id = e->val;
        } else if (!strcmp(e->key, "readonly")) {
            TRY(parse_bool(shown, e, &dr.readonly));
        } else if (!strcmp(e->key, "snapshot")) {
            TRY(parse_bool(shown, e, &dr.snapshot));
        } else if (!strcmp(e->key, "cache")) {
            static const char *const modes[] = {
                [VM_CACHE_WRITEBACK] = "writeback", [VM_CACHE_NONE] = "none",
                [VM_CACHE_WRITETHROUGH] = "writethrough", [VM_CACHE_DIRECTSYNC] = "directsync",
                [VM_CACHE_UNSAFE] = "unsafe",
            };
            int m = -1;
            for (int k = 0; k < 5; k++)
                if (!strcmp(e->val, modes[k]))
                    m = k;
            if (m < 0)
                return opt_error(shown, "cache=%s: expected writeback, none, writethrough, "
                                 "directsync or unsafe", e->val);
            dr.cache = (vm_cache_mode_t)m;
        } else if (!strcmp(e->key, "discard")) {
            if (!strcmp(e->val, "unmap") || !strcmp(e->val, "on"))
                dr.discard = true;
            else if (!strcmp(e->val, "ignore") || !strcmp(e->val, "off"))
                dr.discard = false;
            else
                return opt_error(shown, "discard=%s: expected unmap or ignore", e->val);
        } else if (!strcmp(e->key, "media")) {
            if (strcmp(e->val, "disk"))
                return opt_error(shown, "media=%s is not supported (only disk)", e->val);
        } else {
            return opt_error(shown, "unknown property '%s' (supported: file, format=raw, "
                             "if=virtio|none, id, readonly, snapshot, cache, discard)", e->key);
        }
    }
    if (!dr.file)
        return opt_error(shown, "no file= given");
    TRY(check_image(shown, dr.file));
    if (dr.iface == VM_DRIVE_IF_NONE && !dr.id)
        return opt_error(shown, "if=none needs id=ID (used by -device virtio-blk-device,drive=ID)");
    for (int i = 0; dr.id && i < o->ndrives; i++)
        if (o->drives[i].id && !strcmp(o->drives[i].id, dr.id))
            return opt_error(shown, "id=%s is used by two drives", dr.id);
    if (dr.iface != VM_DRIVE_IF_NONE) {
        vm_virtio_dev_t *v = new_device(o, shown, VM_VIRTIO_BLK);
        if (!v)
            return OPTIONS_ERROR;
        v->backend = o->ndrives;
        v->automatic = true;
    }
    o->drives[o->ndrives++] = dr;
    return OPTIONS_RUN;
}

/* ---- -netdev / -nic --------------------------------------------------------------- */

static int parse_ipv4(const char *shown, const char *what, const char *s, uint32_t *out)
{
    struct in_addr a;
    if (inet_pton(AF_INET, s, &a) != 1)
        return opt_error(shown, "%s=%s is not an IPv4 address", what, s);
    *out = ntohl(a.s_addr);
    return OPTIONS_RUN;
}

/* net=ADDR[/BITS|/MASK]; without a mask, /24 (QEMU's default network size). */
static int parse_net(const char *shown, const char *s, uint32_t *net, uint32_t *mask)
{
    char buf[64];
    snprintf(buf, sizeof(buf), "%s", s);
    char *slash = strchr(buf, '/');
    *mask = 0xffffff00u;
    if (slash) {
        *slash++ = '\0';
        if (strchr(slash, '.')) {
            TRY(parse_ipv4(shown, "net mask", slash, mask));
            /* A netmask is contiguous ones then zeros. */
            if (*mask & (~*mask >> 1))
                return opt_error(shown, "net=%s: %s is not a netmask", s, slash);
        } else {
            char *end;
            long bits = strtol(slash, &end, 10);
            if (!*slash || *end || bits < 0 || bits > 32)
                return opt_error(shown, "net=%s: bad prefix length", s);
            *mask = bits ? 0xffffffffu << (32 - bits) : 0;
        }
    }
    TRY(parse_ipv4(shown, "net", buf, net));
    /* The guest, host, DNS and DHCP addresses all need room. */
    if (*mask > 0xfffffff8u)
        return opt_error(shown, "net=%s: the network is too small", s);
    *net &= *mask;
    return OPTIONS_RUN;
}

static int parse_port(const char *shown, const char *rule, const char *s, size_t len,
                      bool zero_ok, uint16_t *out)
{
    long v = 0;
    if (len == 0 || len > 5)
        return opt_error(shown, "hostfwd=%s: bad port number", rule);
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return opt_error(shown, "hostfwd=%s: bad port number", rule);
        v = v * 10 + (s[i] - '0');
    }
    if (v > 65535 || (!zero_ok && v == 0))
        return opt_error(shown, "hostfwd=%s: port %ld is out of range", rule, v);
    *out = (uint16_t)v;
    return OPTIONS_RUN;
}

static int parse_addr_part(const char *shown, const char *rule, const char *s, size_t len,
                           uint32_t *out)
{
    *out = 0;
    if (len == 0)
        return OPTIONS_RUN;
    char buf[32];
    if (len >= sizeof(buf))
        return opt_error(shown, "hostfwd=%s: bad address", rule);
    memcpy(buf, s, len);
    buf[len] = '\0';
    struct in_addr a;
    if (inet_pton(AF_INET, buf, &a) != 1)
        return opt_error(shown, "hostfwd=%s: '%s' is not an IPv4 address", rule, buf);
    *out = ntohl(a.s_addr);
    return OPTIONS_RUN;
}

/* hostfwd=[tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport (QEMU's syntax;
 * an empty protocol is tcp). */
static int parse_hostfwd(const char *shown, const char *rule, vm_hostfwd_t *h)
{
    memset(h, 0, sizeof(*h));
    h->spec = rule;
    const char *p = rule, *c = strchr(p, ':');
    if (!c)
        return opt_error(shown, "hostfwd=%s: expected [tcp|udp]:[hostaddr]:hostport-"
                         "[guestaddr]:guestport", rule);
    size_t plen = (size_t)(c - p);
    if (plen == 3 && !strncmp(p, "udp", 3))
        h->udp = true;
    else if (!(plen == 0 || (plen == 3 && !strncmp(p, "tcp", 3))))
        return opt_error(shown, "hostfwd=%s: protocol '%.*s' (use tcp or udp)", rule, (int)plen, p);
    p = c + 1;
    const char *dash = strchr(p, '-');
    c = strchr(p, ':');
    if (!dash || !c || c > dash)
        return opt_error(shown, "hostfwd=%s: expected [tcp|udp]:[hostaddr]:hostport-"
                         "[guestaddr]:guestport", rule);
    TRY(parse_addr_part(shown, rule, p, (size_t)(c - p), &h->host_addr));
    TRY(parse_port(shown, rule, c + 1, (size_t)(dash - c - 1), true, &h->host_port));
    p = dash + 1;
    c = strchr(p, ':');
    if (!c)
        return opt_error(shown, "hostfwd=%s: expected [tcp|udp]:[hostaddr]:hostport-"
                         "[guestaddr]:guestport", rule);
    TRY(parse_addr_part(shown, rule, p, (size_t)(c - p), &h->guest_addr));
    return parse_port(shown, rule, c + 1, strlen(c + 1), false, &h->guest_port);
}

static bool in_net(uint32_t a, uint32_t net, uint32_t mask)
{
    return (a & mask) == net && (a & ~mask) != 0 && (a & ~mask) != ~mask;
}

/* The keys of a user network backend, shared by -netdev user and -nic user.
 * Returns OPTIONS_RUN, or OPTIONS_ERROR; *used says whether the key was one. */
static int netdev_key(const char *shown, vm_netdev_t *nd, const opt_kv_t *e, bool *used,
                      bool *host_set, bool *dns_set, bool *dhcp_set)
{
    *used = true;
    if (!strcmp(e->key, "hostfwd")) {
        if (nd->nhostfwd == VM_MAX_HOSTFWDS)
            return opt_error(shown, "at most %d hostfwd rules", VM_MAX_HOSTFWDS);
        return parse_hostfwd(shown, e->val, &nd->hostfwd[nd->nhostfwd++]);
    }
    if (!strcmp(e->key, "restrict"))
        return parse_bool(shown, e, &nd->restricted);
    if (!strcmp(e->key, "ipv6"))
        return parse_bool(shown, e, &nd->ipv6);
    if (!strcmp(e->key, "ipv4")) {
        bool v4;
        TRY(parse_bool(shown, e, &v4));
        return v4 ? OPTIONS_RUN : opt_error(shown, "ipv4=off is not supported");
    }
    if (!strcmp(e->key, "net"))
        return parse_net(shown, e->val, &nd->net, &nd->mask);
    if (!strcmp(e->key, "host")) {
        *host_set = true;
        return parse_ipv4(shown, "host", e->val, &nd->host);
    }
    if (!strcmp(e->key, "dns")) {
        *dns_set = true;
        return parse_ipv4(shown, "dns", e->val, &nd->dns);
    }
    if (!strcmp(e->key, "dhcpstart")) {
        *dhcp_set = true;
        return parse_ipv4(shown, "dhcpstart", e->val, &nd->dhcp_start);
    }
    *used = false;
    return OPTIONS_RUN;
}

/* Defaults and consistency of a user network once all keys are known. */
static int netdev_finish(const char *shown, vm_netdev_t *nd, bool host_set, bool dns_set,
                         bool dhcp_set)
{
    if (!host_set)
        nd->host = nd->net | 2;
    if (!dns_set)
        nd->dns = nd->net | 3;
    if (!dhcp_set)
        nd->dhcp_start = nd->net | 15;
    char net[INET_ADDRSTRLEN];
    struct in_addr a = { htonl(nd->net) };
    inet_ntop(AF_INET, &a, net, sizeof(net));
    if (!in_net(nd->host, nd->net, nd->mask))
        return opt_error(shown, "host= is not an address in the network %s", net);
    if (!in_net(nd->dns, nd->net, nd->mask))
        return opt_error(shown, "dns= is not an address in the network %s", net);
    if (!in_net(nd->dhcp_start, nd->net, nd->mask))
        return opt_error(shown, "dhcpstart= is not an address in the network %s", net);
    if (nd->host == nd->dns)
        return opt_error(shown, "host= and dns= must differ");
    for (int i = 0; i < nd->nhostfwd; i++) {
        uint32_t g = nd->hostfwd[i].guest_addr;
        if (g && !in_net(g, nd->net, nd->mask))
            return opt_error(shown, "hostfwd=%s: the guest address is not in the network %s",
                             nd->hostfwd[i].spec, net);
    }
    return OPTIONS_RUN;
}

static void netdev_defaults(vm_netdev_t *nd, const char *opt)
{
    memset(nd, 0, sizeof(*nd));
    nd->opt = opt;
    nd->ipv6 = true;
    nd->net = 0x0a000200u; /* 10.0.2.0/24 */
    nd->mask = 0xffffff00u;
}

static int check_netdev_id(vm_options_t *o, const char *shown, const char *id)
{
    for (int i = 0; i < o->nnetdevs; i++)
        if (!strcmp(o->netdevs[i].id, id))
            return opt_error(shown, "id=%s is used by two network backends", id);
    return OPTIONS_RUN;
}

static int check_type(const char *shown, const char *type)
{
    if (!strcmp(type, "user"))
        return OPTIONS_RUN;
    return opt_error(shown, "type '%s' is not supported (only user: -netdev user,id=ID)", type);
}

int opt_netdev(vm_options_t *o, const struct opt_def *d, const char *shown, const char *arg)
{
    (void)d;
    opt_kv_t kv[OPT_MAX_KV];
    int n;
    if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
        printf("Available netdev backend types:\nuser\n");
        fflush(stdout);
        return OPTIONS_EXIT;
    }
    TRY(opt_kv_parse(o, shown, arg, "type", kv, &n));
    if (o->nnetdevs == VM_MAX_NETDEVS)
        return opt_error(shown, "at most %d network backends", VM_MAX_NETDEVS);
    vm_netdev_t *nd = &o->netdevs[o->nnetdevs];
    netdev_defaults(nd, "-netdev");
    bool host_set = false, dns_set = false, dhcp_set = false, have_type = false;
    for (int i = 0; i < n; i++) {
        const opt_kv_t *e = &kv[i];
        bool used;
        TRY(netdev_key(shown, nd, e, &used, &host_set, &dns_set, &dhcp_set));
        if (used)
            continue;
        if (!strcmp(e->key, "type")) {
            TRY(check_type(shown, e->val));
            have_type = true;
        } else if (!strcmp(e->key, "id")) {
            TRY(check_id(shown, e->val));
            nd->id = e->val;
        } else {
            return opt_error(shown, "unknown property '%s' (supported: id, hostfwd, restrict, "
                             "net, host, dns, dhcpstart, ipv6)", e->key);
        }
    }
    if (!have_type)
        return opt_error(shown, "the first property must be the type (user)");
    if (!nd->id)
        return opt_error(shown, "needs id=ID (used by -device virtio-net-device,netdev=ID)");
    TRY(check_netdev_id(o, shown, nd->id));
    TRY(netdev_finish(shown, nd, host_set, dns_set, dhcp_set));
    o->nnetdevs++;
    return OPTIONS_RUN;
}

/* mac=52:54:00:12:34:56 */
static int parse_mac(const char *shown, const char *s, uint8_t mac[6])
{
    unsigned v[6];
    char tail;
    if (strlen(s) != 17 || sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3],
                                  &v[4], &v[5], &tail) != 6)
        return opt_error(shown, "mac=%s: expected six hex bytes like 52:54:00:12:34:56", s);
    for (int i = 0; i < 6; i++)
        mac[i] = (uint8_t)v[i];
    if (mac[0] & 1)
        return opt_error(shown, "mac=%s is a multicast address (the first byte must be even)", s);
    return OPTIONS_RUN;
}

int opt_nic(vm_options_t *o, const struct opt_def *d, const char *shown, const char *arg)
{
    (void)d;
    if (!strcmp(arg, "none"))
        return OPTIONS_RUN; /* QEMU: no default NIC; tinyvm has none anyway */
    opt_kv_t kv[OPT_MAX_KV];
    int n;
    TRY(opt_kv_parse(o, shown, arg, "type", kv, &n));
    if (o->nnetdevs == VM_MAX_NETDEVS)
        return opt_error(shown, "at most %d network backends", VM_MAX_NETDEVS);
    vm_netdev_t *nd = &o->netdevs[o->nnetdevs];
    netdev_defaults(nd, "-nic");
    bool host_set = false, dns_set = false, dhcp_set = false, have_type = false, mac_set = false;
    uint8_t mac[6];
    for (int i = 0; i < n; i++) {
        const opt_kv_t *e = &kv[i];
        bool used;
        TRY(netdev_key(shown, nd, e, &used, &host_set, &dns_set, &dhcp_set));
        if (used)
            continue;
        if (!strcmp(e->key, "type")) {
            TRY(check_type(shown, e->val));
            have_type = true;
        } else if (!strcmp(e->key, "id")) {
            TRY(check_id(shown, e->val));
            nd->id = e->val;
        } else if (!strcmp(e->key, "mac")) {
            TRY(parse_mac(shown, e->val, mac));
            mac_set = true;
        } else if (!strcmp(e->key, "model")) {
            if (strcmp(e->val, "virtio") && strcmp(e->val, "virtio-net-device"))
                return opt_error(shown, "model=%s is not supported (only virtio-net-device)", e->val);
        } else {
            return opt_error(shown, "unknown property '%s' (supported: id, mac, model, hostfwd, "
                             "restrict, net, host, dns, dhcpstart, ipv6)", e->key);
        }
    }
    if (!have_type)
        return opt_error(shown, "the first property must be the type (user)");
    if (nd->id) {
        TRY(check_netdev_id(o, shown, nd->id));
    } else {
        char id[16];
        snprintf(id, sizeof(id), "_nic%d", o->nnetdevs);
        nd->id = opt_kv_keep(o, id, strlen(id));
        if (!nd->id)
            return opt_error(shown, "option values too long");
    }
    TRY(netdev_finish(shown, nd, host_set, dns_set, dhcp_set));
    vm_virtio_dev_t *v = new_device(o, shown, VM_VIRTIO_NET);
    if (!v)
        return OPTIONS_ERROR;
    v->backend = o->nnetdevs;
    v->mac_set = mac_set;
    if (mac_set)
        memcpy(v->mac, mac, 6);
    nd->claimed = true;
    o->nnetdevs++;
    return OPTIONS_RUN;
}

/* ---- -device ------------------------------------------------------------------------ */

static const struct {
    const char *name;
    const char *alias; /* QEMU's short name */
    vm_virtio_kind_t kind;
    const char *help;
} devices[] = {
    { "virtio-blk-device", "virtio-blk", VM_VIRTIO_BLK, "drive=ID[,serial=STR]: a disk" },
    { "virtio-net-device", "virtio-net", VM_VIRTIO_NET, "netdev=ID[,mac=MAC]: a network card" },
    { "virtio-rng-device", "virtio-rng", VM_VIRTIO_RNG, "the host's entropy" },
    { "virtio-keyboard-device", "virtio-keyboard", VM_VIRTIO_KEYBOARD,
      "a keyboard fed from the -display sdl window" },
    { "virtio-tablet-device", "virtio-tablet", VM_VIRTIO_TABLET,
      "an absolute pointer fed from the -display sdl window" },
};
#define N_DEVICES (sizeof(devices) / sizeof(devices[0]))

int opt_device(vm_options_t *o, const struct opt_def *d, const char *shown, const char *arg)
{
    (void)d;
    if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
        printf("Devices (virtio-mmio, on the virt board):\n");
        for (size_t i = 0; i < N_DEVICES; i++)
            printf("  %-22s %s\n", devices[i].name, devices[i].help);
        fflush(stdout);
        return OPTIONS_EXIT;
    }
    opt_kv_t kv[OPT_MAX_KV];
    int n;
    TRY(opt_kv_parse(o, shown, arg, "driver", kv, &n));
    if (strcmp(kv[0].key, "driver"))
        return opt_error(shown, "the first property must be the device name (-device help lists them)");
    const char *name = kv[0].val;
    int which = -1;
    for (size_t i = 0; i < N_DEVICES; i++)
        if (!strcmp(name, devices[i].name) || !strcmp(name, devices[i].alias))
            which = (int)i;
    if (which < 0) {
        size_t len = strlen(name);
        if (len > 4 && !strcmp(name + len - 4, "-pci") && !strncmp(name, "virtio-", 7))
            return opt_error(shown, "'%s' needs a PCI bus, which tinyvm's virt board does not "
                             "have: use %.*s-device", name, (int)(len - 4), name);
        return opt_error(shown, "unknown device '%s' (-device help lists them)", name);
    }
    vm_virtio_kind_t kind = devices[which].kind;
    vm_virtio_dev_t v;
    memset(&v, 0, sizeof(v));
    v.kind = kind;
    v.backend = -1;
    for (int i = 1; i < n; i++) {
        const opt_kv_t *e = &kv[i];
        if (!strcmp(e->key, "id")) {
            TRY(check_id(shown, e->val));
        } else if (kind == VM_VIRTIO_BLK && !strcmp(e->key, "drive")) {
            v.backend_id = e->val;
        } else if (kind == VM_VIRTIO_BLK && !strcmp(e->key, "serial")) {
            if (strlen(e->val) > 20)
                return opt_error(shown, "serial=%s is longer than 20 characters", e->val);
            v.serial = e->val;
        } else if (kind == VM_VIRTIO_NET && !strcmp(e->key, "netdev")) {
            v.backend_id = e->val;
        } else if (kind == VM_VIRTIO_NET && !strcmp(e->key, "mac")) {
            TRY(parse_mac(shown, e->val, v.mac));
            v.mac_set = true;
        } else {
            return opt_error(shown, "%s: unknown property '%s' (supported: %s)", devices[which].name,
                             e->key, kind == VM_VIRTIO_BLK ? "drive, serial, id"
                                     : kind == VM_VIRTIO_NET ? "netdev, mac, id" : "id");
        }
    }
    if (kind == VM_VIRTIO_BLK && !v.backend_id)
        return opt_error(shown, "virtio-blk-device needs drive=ID (of a -drive if=none,id=ID)");
    if (kind == VM_VIRTIO_NET && !v.backend_id)
        return opt_error(shown, "virtio-net-device needs netdev=ID (of a -netdev user,id=ID)");
    vm_virtio_dev_t *slot = new_device(o, shown, kind);
    if (!slot)
        return OPTIONS_ERROR;
    *slot = v;
    return OPTIONS_RUN;
}

/* ---- cross-option rules ------------------------------------------------------------------ */

int options_virtio_finish(vm_options_t *o)
{
    for (int i = 0; i < o->ndrives; i++)
        if (o->snapshot)
            o->drives[i].snapshot = true;
    /* Join -device drive=/netdev= to their backends. */
    for (int i = 0; i < o->nvirtio; i++) {
        vm_virtio_dev_t *v = &o->virtio[i];
        if (!v->backend_id)
            continue;
        if (v->kind == VM_VIRTIO_BLK) {
            int k = -1;
            for (int j = 0; j < o->ndrives; j++)
                if (o->drives[j].id && !strcmp(o->drives[j].id, v->backend_id))
                    k = j;
            if (k < 0)
                return opt_error("-device", "drive=%s: no -drive has id=%s", v->backend_id,
                                 v->backend_id);
            vm_drive_t *dr = &o->drives[k];
            if (dr->iface == VM_DRIVE_IF_VIRTIO)
                return opt_error("-device", "drive=%s is already attached by its -drive "
                                 "(if=virtio; use if=none)", v->backend_id);
            if (dr->claimed)
                return opt_error("-device", "drive=%s is used by two devices", v->backend_id);
            dr->claimed = true;
            v->backend = k;
            /* A -drive with an id but no if= was attached on its own; the
             * -device takes it instead (and its slot order). */
            for (int j = 0; j < o->nvirtio; j++) {
                if (o->virtio[j].automatic && o->virtio[j].backend == k) {
                    memmove(&o->virtio[j], &o->virtio[j + 1],
                            (size_t)(o->nvirtio - j - 1) * sizeof(o->virtio[0]));
                    o->nvirtio--;
                    if (j < i)
                        i--;
                    break;
                }
            }
        } else {
            int k = -1;
            for (int j = 0; j < o->nnetdevs; j++)
                if (!strcmp(o->netdevs[j].id, v->backend_id))
                    k = j;
            if (k < 0)
                return opt_error("-device", "netdev=%s: no -netdev has id=%s", v->backend_id,
                                 v->backend_id);
            if (o->netdevs[k].claimed)
                return opt_error("-device", "netdev=%s is used by two devices", v->backend_id);
            o->netdevs[k].claimed = true;
            v->backend = k;
        }
    }
    for (int i = 0; i < o->nvirtio; i++)
        if (o->virtio[i].automatic)
            o->drives[o->virtio[i].backend].claimed = true;
    for (int i = 0; i < o->ndrives; i++)
        if (!o->drives[i].claimed)
            return opt_error("-drive", "drive %s (if=none) is not used by any device (add "
                             "-device virtio-blk-device,drive=%s)", o->drives[i].id,
                             o->drives[i].id);
    for (int i = 0; i < o->nnetdevs; i++)
        if (!o->netdevs[i].claimed)
            return opt_error("-netdev", "netdev %s is not used by any device (add -device "
                             "virtio-net-device,netdev=%s)", o->netdevs[i].id, o->netdevs[i].id);
    /* Default MACs: QEMU's 52:54:00:12:34:56 for the first NIC, then
     * counting up, so a guest's addresses stay the same from run to run. */
    int nic = 0;
    bool disk = false;
    for (int i = 0; i < o->nvirtio; i++) {
        vm_virtio_dev_t *v = &o->virtio[i];
        if (v->kind == VM_VIRTIO_BLK)
            disk = true;
        if (v->kind != VM_VIRTIO_NET)
            continue;
        if (!v->mac_set) {
            static const uint8_t base[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
            memcpy(v->mac, base, 6);
            v->mac[5] = (uint8_t)(base[5] + nic);
        }
        nic++;
    }
    /* `tinyvm -kernel Image -drive disk.img` boots that disk. A -dtb keeps
     * its own bootargs unless -append is given (board/boot.c). */
    if (disk && !o->append && !o->dtb)
        o->append = VM_DEFAULT_DISK_APPEND;
    return OPTIONS_RUN;
}
