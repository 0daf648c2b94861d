# steps.sh - the root filesystem procedure of the project's note, as functions.
# Sourced by tools/build-rootfs.sh, which runs them as root on a directory $T:
# either a plain directory (later packed into ext4 by mke2fs -d, no loop mount),
# or the mounted ext4 image itself (--mount, the note's own way).
#
# The cache key of the debootstrapped base covers this file, so changing a step
# here rebuilds the base; build-rootfs.sh's own steps (kernel modules, overlay,
# mke2fs) are cheap and keyed separately.
#
# Inputs (variables): DISTRO SUITE MIRROR COMPONENTS PACKAGES GUEST_HOSTNAME
# GUEST_USER GUEST_PASSWORD ROOT_PASSWORD KEYRING_OPT

QEMU_STATIC=/usr/bin/qemu-aarch64-static

# Run a command inside the arm64 tree. Every arm64 binary goes through
# qemu-aarch64-static, which the kernel's binfmt_misc starts for it.
in_chroot() {
    chroot "$T" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
        LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true "$@"
}

# The note: mount --bind /proc, /sys, /dev, /dev/pts into the tree so apt,
# dpkg's maintainer scripts and systemctl see a live system. Unmounted in
# reverse order by unmount_binds, which the EXIT trap also runs.
mount_binds() {
    local d
    for d in proc sys dev dev/pts; do
        mkdir -p "$T/$d"
        mount --bind "/$d" "$T/$d"
        MOUNTED+=("$T/$d")
    done
}
unmount_binds() {
    local i m
    for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
        m=${MOUNTED[$i]}
        if mountpoint -q "$m"; then umount "$m" 2>/dev/null || umount -l "$m"; fi
    done
    MOUNTED=()
}

rootfs_debootstrap() {
    step "debootstrap stage 1: download $DISTRO $SUITE arm64 (minbase) and unpack it, no arm64 code run yet"
    note "mirror $MIRROR; --foreign, because the host cannot run the packages' scripts natively"
    # shellcheck disable=SC2086
    debootstrap --arch=arm64 --foreign --variant=minbase --components="$COMPONENTS" \
        $KEYRING_OPT "$SUITE" "$T" "$MIRROR" >"$LOGDIR/debootstrap1.log" 2>&1 ||
        { tail -n 20 "$LOGDIR/debootstrap1.log" >&2; die "debootstrap (first stage) failed: see above"; }

    step "copying qemu-aarch64-static into the tree (the note's step; binfmt runs arm64 binaries with it)"
    install -m 0755 "$QEMU_STATIC" "$T$QEMU_STATIC"

    step "debootstrap stage 2 inside the tree: configure the base packages (arm64 code under qemu-user: slow)"
    chroot "$T" /debootstrap/debootstrap --second-stage >"$LOGDIR/debootstrap2.log" 2>&1 ||
        { tail -n 20 "$LOGDIR/debootstrap2.log" >&2; tail -n 20 "$T/debootstrap/debootstrap.log" >&2 2>/dev/null
          die "debootstrap (second stage) failed: see above"; }
}

rootfs_configure() {
    step "host resolv.conf into the tree, so apt inside it can resolve $MIRROR"
    rm -f "$T/etc/resolv.conf"
    cp -L /etc/resolv.conf "$T/etc/resolv.conf"

    step "chmod 1777 /tmp (every user may create files there, only owners delete them)"
    chmod 1777 "$T/tmp"

    step "apt sources: $SUITE and its updates"
    if [ "$DISTRO" = debian ]; then
        cat >"$T/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE $COMPONENTS_SP
deb $MIRROR $SUITE-updates $COMPONENTS_SP
deb ${MIRROR%/debian}/debian-security $SUITE-security $COMPONENTS_SP
EOF
    else
        cat >"$T/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE $COMPONENTS_SP
deb $MIRROR $SUITE-updates $COMPONENTS_SP
deb $MIRROR $SUITE-security $COMPONENTS_SP
EOF
    fi
    # No service may start inside the chroot (there is no init there): policy-rc.d says no.
    printf '#!/bin/sh\nexit 101\n' >"$T/usr/sbin/policy-rc.d"
    chmod 0755 "$T/usr/sbin/policy-rc.d"

    step "mounting /proc, /sys, /dev, /dev/pts into the tree (bind mounts; undone even on failure)"
    mount_binds

    step "apt-get update inside the tree"
    in_chroot apt-get update -q >"$LOGDIR/apt-update.log" 2>&1 ||
        { tail -n 20 "$LOGDIR/apt-update.log" >&2; die "apt-get update in the tree failed: see above"; }

    step "apt-get install $PACKAGES (no recommends: a small system)"
    # shellcheck disable=SC2086
    in_chroot apt-get install -y -q --no-install-recommends $PACKAGES >"$LOGDIR/apt-install.log" 2>&1 ||
        { tail -n 30 "$LOGDIR/apt-install.log" >&2; die "apt-get install in the tree failed: see above"; }

    step "user $GUEST_USER (groups adm, sudo) with a password; root's password"
    in_chroot useradd -m -s /bin/bash -G adm,sudo "$GUEST_USER"
    printf '%s:%s\nroot:%s\n' "$GUEST_USER" "$GUEST_PASSWORD" "$ROOT_PASSWORD" | in_chroot chpasswd

    step "hostname $GUEST_HOSTNAME, /etc/hosts, /etc/fstab (/dev/vda is the first virtio disk)"
    printf '%s\n' "$GUEST_HOSTNAME" >"$T/etc/hostname"
    printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' \
        "$GUEST_HOSTNAME" >"$T/etc/hosts"
    printf '# <file system> <mount point> <type> <options> <dump> <pass>\n/dev/vda\t/\text4\tdefaults,errors=remount-ro\t0\t1\n' \
        >"$T/etc/fstab"

    step "serial console: a getty on ttyAMA0 (the PL011), started at boot"
    in_chroot systemctl enable serial-getty@ttyAMA0.service >/dev/null 2>&1 ||
        ln -sf /lib/systemd/system/serial-getty@.service \
            "$T/etc/systemd/system/getty.target.wants/serial-getty@ttyAMA0.service"

    step "network: systemd-networkd takes DHCP on the virtio NIC (slirp: 10.0.2.15, DNS 10.0.2.3)"
    mkdir -p "$T/etc/systemd/network"
    printf '[Match]\nName=en* eth*\n\n[Network]\nDHCP=ipv4\n' >"$T/etc/systemd/network/80-dhcp.network"
    in_chroot systemctl enable systemd-networkd.service >/dev/null 2>&1
    # networkd does not feed resolvconf; slirp's DNS forwarder is a fixed address.
    if [ -d "$T/etc/resolvconf/resolv.conf.d" ]; then
        printf 'nameserver 10.0.2.3\n' >"$T/etc/resolvconf/resolv.conf.d/tail"
    fi
    # Waiting for "network online" would stall boots without a NIC.
    in_chroot systemctl mask systemd-networkd-wait-online.service >/dev/null 2>&1 || true

    step "machine id, and no first-boot questions on the console"
    in_chroot systemd-machine-id-setup >/dev/null 2>&1 || true
    in_chroot systemctl mask systemd-firstboot.service >/dev/null 2>&1 || true
}

rootfs_finish() {
    step "unmounting /dev/pts, /dev, /sys, /proc from the tree"
    unmount_binds
    step "cleaning: apt caches, policy-rc.d, and qemu-aarch64-static (the image runs natively on its CPU)"
    rm -f "$T/usr/sbin/policy-rc.d" "$T$QEMU_STATIC"
    rm -rf "$T"/var/cache/apt/archives/*.deb "$T"/var/lib/apt/lists/* "$T/debootstrap"
    # resolvconf replaced resolv.conf with its link; if it did not, keep a useful file
    [ -L "$T/etc/resolv.conf" ] || printf 'nameserver 10.0.2.3\n' >"$T/etc/resolv.conf"
}
