#!/usr/bin/env bash
# build-rootfs.sh - an arm64 Debian or Ubuntu root filesystem image (ext4) for tinyvm.
#
#   tools/build-rootfs.sh [options]          prints ROOTFS_IMAGE=<cache>/rootfs.ext4
#
# The project note's procedure, executable (docs/GUEST-IMAGES.md walks through it):
# debootstrap the arm64 distribution (stage 2 and apt run through qemu-aarch64-static
# via binfmt_misc), the host's resolv.conf, /proc /sys /dev /dev/pts bound in,
# chmod 1777 /tmp, packages init systemd sudo rsyslog resolvconf udev vim, a user in
# adm and sudo, the hostname, /etc/fstab, a serial getty on ttyAMA0, the kernel
# modules, qemu-aarch64-static removed; then `mke2fs -d` packs the tree into an ext4
# image: no loop mount needed. --mount does it the note's way instead: mkfs an
# empty image, loop-mount it, build inside the mount.
#
# Options:
#   --distro auto|debian|ubuntu  auto (default): Ubuntu if its ports archive answers,
#                      else Debian. ubuntu: jammy from the Ubuntu ports archive; if
#                      that is unreachable, falls back to Debian bookworm, saying so.
#   --suite NAME       jammy / bookworm by default
#   --mirror URL       archive URL (default: Debian's or Ubuntu ports)
#   --size SIZE        image size for mke2fs (default 2G; the file is sparse)
#   --hostname NAME    (default tinyvm)
#   --user NAME --password PW   the user in adm and sudo (default tinyvm / tinyvm)
#   --root-password PW (default root)
#   --packages "P..."  more packages on top of the default set
#   --kernel-dir DIR   copy this kernel's modules in (repeatable; a fetch-kernel.sh or
#                      build-kernel.sh output). Default: Debian's kernel (fetch-kernel.sh)
#   --no-modules       no kernel modules in the image
#   --mount            the note's way: loop-mount the image and build inside it
#   --no-check-gpg     debootstrap without checking the archive's signature (only for
#                      Ubuntu on hosts without ubuntu-keyring)
#   --path, --quiet
#
# Output (stdout): ROOTFS_IMAGE=<cache>/rootfs.ext4 ROOTFS_DIR=<cache> ROOTFS_DISTRO=<d/suite>
# Cache: ${TINYVM_CACHE:-~/.cache/tinyvm}/rootfs-base-<hash>/base.tar (the slow part:
# hash of tools/rootfs/steps.sh, distro, suite, mirror, packages, users, hostname)
# and rootfs-<hash>/rootfs.ext4 (hash of this script, the base, the kernels'
# modules, tools/rootfs/overlay, the size). Both are reused while their inputs stay.
# Boot tests write to a copy, never to the cached image.
TV_TOOL=build-rootfs
. "$(dirname "$0")/lib.sh"

usage() { tv_usage "$@"; }
args=("$@")

distro=auto suite= mirror= size=2G mode=mkfs out=all
GUEST_HOSTNAME=tinyvm GUEST_USER=tinyvm GUEST_PASSWORD=tinyvm ROOT_PASSWORD=root
extra_pkgs= kdirs=() no_modules=0 nogpg=0
while [ $# -gt 0 ]; do
    case $1 in
        --distro) distro=${2:?}; shift 2 ;;
        --suite) suite=${2:?}; shift 2 ;;
        --mirror) mirror=${2:?}; shift 2 ;;
        --size) size=${2:?}; shift 2 ;;
        --hostname) GUEST_HOSTNAME=${2:?}; shift 2 ;;
        --user) GUEST_USER=${2:?}; shift 2 ;;
        --password) GUEST_PASSWORD=${2:?}; shift 2 ;;
        --root-password) ROOT_PASSWORD=${2:?}; shift 2 ;;
        --packages) extra_pkgs="$extra_pkgs ${2?}"; shift 2 ;;
        --kernel-dir) [ -f "${2:?}/version" ] || die "--kernel-dir $2: not a fetch-kernel.sh/build-kernel.sh output"
                      kdirs+=("$(realpath "$2")"); shift 2 ;;
        --no-modules) no_modules=1; shift ;;
        --mount) mode=mount; shift ;;
        --no-check-gpg) nogpg=1; shift ;;
        --path) out=path; shift ;;
        --quiet) TV_QUIET=1; shift ;;
        -h|--help) usage 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
done
case $distro in auto|debian|ubuntu) ;; *) die "--distro $distro: use debian, ubuntu or auto" ;; esac
[[ $size =~ ^[0-9]+[KMGT]?$ ]] || die "--size $size: a number with an optional K/M/G/T suffix"

# ---- which distribution ------------------------------------------------------------
UBUNTU_PORTS=${TINYVM_UBUNTU_MIRROR:-http://ports.ubuntu.com/ubuntu-ports}
# Can we reach the archive? One HTTP HEAD of its Release file, through bash's /dev/tcp
# (no curl or wget needed), at most 5 seconds.
archive_reachable() {  # URL SUITE
    local url=$1 hostport host port path
    hostport=${url#http://}; hostport=${hostport%%/*}
    host=${hostport%%:*}; port=80; [ "$hostport" = "$host" ] || port=${hostport#*:}
    path=/${url#http://$hostport/}; path=${path%/}/dists/$2/Release
    timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/$1" &&
        printf "HEAD %s HTTP/1.0\r\nHost: %s\r\n\r\n" "$2" "$0" >&3 && head -c 12 <&3' \
        "$host" "$port" "$path" 2>/dev/null | grep -q '^HTTP/1\.[01] 200'
}
if [ "$distro" != debian ]; then
    usuite=${suite:-jammy} umirror=${mirror:-$UBUNTU_PORTS}
    if archive_reachable "$umirror" "$usuite"; then
        distro=ubuntu
    else
        if [ "$distro" = ubuntu ]; then
            warn "the Ubuntu ports archive ($umirror, $usuite) is not reachable from here: falling back to Debian bookworm"
        else
            note "Ubuntu ports archive not reachable: using Debian bookworm (the auto default's fallback)"
        fi
        distro=debian suite= mirror=
    fi
fi
if [ "$distro" = ubuntu ]; then
    SUITE=${suite:-jammy} MIRROR=${mirror:-$UBUNTU_PORTS} COMPONENTS=main,universe
    keyring=/usr/share/keyrings/ubuntu-archive-keyring.gpg
    if [ "$nogpg" = 1 ]; then KEYRING_OPT=--no-check-gpg
    elif [ -f "$keyring" ]; then KEYRING_OPT=--keyring=$keyring
    else die "$keyring missing (package ubuntu-keyring, on Ubuntu hosts); or pass --no-check-gpg"; fi
else
    SUITE=${suite:-bookworm} MIRROR=${mirror:-$TV_DEBIAN_MIRROR} COMPONENTS=main
    KEYRING_OPT=; [ "$nogpg" = 1 ] && KEYRING_OPT=--no-check-gpg
fi
DISTRO=$distro COMPONENTS_SP=${COMPONENTS//,/ }
PACKAGES="init systemd sudo rsyslog resolvconf udev vim dbus kmod busybox$extra_pkgs"
# dbus: systemd-logind needs it (no dbus, a failed unit); kmod: modprobe and the
# static device nodes of a modular kernel (no kmod, a failed unit); busybox: wget and httpd
# for the network test, in one small binary.

# ---- kernels whose modules go in ------------------------------------------------------
if [ "$no_modules" = 0 ] && [ ${#kdirs[@]} -eq 0 ]; then
    step "getting Debian's arm64 kernel (tools/fetch-kernel.sh) for its modules"
    kd=$(TV_QUIET=$TV_QUIET "$TV_TOOLS_DIR/fetch-kernel.sh" | sed -n 's/^KERNEL_DIR=//p')
    [ -n "$kd" ] || die "fetch-kernel.sh gave no kernel"
    kdirs=("$kd")
    kdirs_default=1
fi
[ "$no_modules" = 1 ] && kdirs=()

# ---- cache keys -------------------------------------------------------------------------
base_key=$(cache_key rootfs-base "$TV_TOOLS_DIR/rootfs/steps.sh" -- "$DISTRO" "$SUITE" "$MIRROR" \
    "$COMPONENTS" "$PACKAGES" "$GUEST_HOSTNAME" "$GUEST_USER" "$GUEST_PASSWORD" "$ROOT_PASSWORD" "$KEYRING_OPT")
kernel_ids=()
for kd in "${kdirs[@]}"; do kernel_ids+=("$(basename "$kd")"); done
overlay_sum=$(cd "$TV_TOOLS_DIR/rootfs/overlay" 2>/dev/null && find . -type f | LC_ALL=C sort | xargs -r sha256sum)
name=rootfs; [ "$mode" = mount ] && name=rootfs-mount
img_key=$(cache_key "$name" "$0" -- "$base_key" "${kernel_ids[*]:-}" "$overlay_sum" "$size" "$mode" \
    "$([ "$mode" = mount ] && sha256sum <"$TV_TOOLS_DIR/rootfs/steps.sh")")

emit() {
    ln -sfn "$(basename "$CACHE_DIR")" "$TINYVM_CACHE/$name"
    if [ "$out" = path ]; then printf '%s\n' "$CACHE_DIR/rootfs.ext4"; return; fi
    printf 'ROOTFS_IMAGE=%q\nROOTFS_DIR=%q\nROOTFS_DISTRO=%q\n' \
        "$CACHE_DIR/rootfs.ext4" "$CACHE_DIR" "$(cat "$CACHE_DIR/distro")"
}
if cache_begin "$img_key"; then
    step "root filesystem image already cached in $CACHE_DIR"
    emit; exit 0
fi

# ---- from here on we need root: debootstrap, chroot, mknod, mount --------------------------
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "building the root filesystem needs root (debootstrap, chroot): run as root or install sudo"
    step "re-running as root through sudo (debootstrap, chroot and mounts need it)"
    rm -rf "$WORK_DIR"
    exec sudo env TINYVM_CACHE="$TINYVM_CACHE" TINYVM_OWNER="$(id -u):$(id -g)" \
        TINYVM_DEBIAN_MIRROR="$TV_DEBIAN_MIRROR" TV_QUIET="$TV_QUIET" "$0" "${args[@]}" \
        $( [ "${kdirs_default:-0}" = 1 ] && for kd in "${kdirs[@]}"; do printf -- '--kernel-dir %s ' "$kd"; done )
fi
owner=${TINYVM_OWNER:-${SUDO_UID:+$SUDO_UID:${SUDO_GID:-$SUDO_UID}}}
chown_out() { [ -z "$owner" ] || chown -R "$owner" "$@"; }

ensure_host_pkgs debootstrap qemu-user-static e2fsprogs
need_cmd debootstrap chroot mke2fs e2fsck tar
. "$TV_TOOLS_DIR/rootfs/steps.sh"
[ -x "$QEMU_STATIC" ] || die "$QEMU_STATIC missing: install qemu-user-static"

# binfmt_misc must send arm64 ELF files to qemu-aarch64-static.
ensure_binfmt() {
    local bm=/proc/sys/fs/binfmt_misc
    if [ ! -e "$bm/register" ]; then
        step "mounting binfmt_misc (the kernel's hook that runs foreign binaries through qemu)"
        mount -t binfmt_misc binfmt_misc "$bm" || die "cannot mount binfmt_misc (in a container? run on the host)"
    fi
    if [ ! -e "$bm/qemu-aarch64" ]; then
        step "registering qemu-aarch64-static with binfmt_misc"
        if command -v update-binfmts >/dev/null && update-binfmts --enable qemu-aarch64 2>/dev/null; then :
        elif [ -f /usr/lib/binfmt.d/qemu-aarch64.conf ]; then cat /usr/lib/binfmt.d/qemu-aarch64.conf >"$bm/register"
        fi
    fi
    grep -q '^enabled' "$bm/qemu-aarch64" 2>/dev/null || die "binfmt_misc has no enabled qemu-aarch64 entry: arm64 binaries cannot run here"
    grep -q '^enabled' "$bm/status" || die "binfmt_misc is disabled (echo 1 > $bm/status)"
}

# Never delete a tree that still has something mounted inside it (a bound /dev!).
safe_rm_tree() {
    local t=$1 m
    [ -d "$t" ] || return 0
    for m in $(awk -v t="$t" 'index($2, t) == 1 {print $2}' /proc/mounts | sort -r); do
        umount "$m" 2>/dev/null || umount -l "$m"
    done
    if awk -v t="$t" 'index($2, t) == 1 {f=1} END {exit !f}' /proc/mounts; then
        die "$t still has mounts inside: not deleting it"
    fi
    rm -rf "$t"
}

MOUNTED=()
on_exit "safe_rm_tree '$WORK_DIR'"
on_exit 'unmount_binds'
LOGDIR=$WORK_DIR/logs
mkdir -p "$LOGDIR"
t_start=$(date +%s)

add_modules_and_overlay() {  # into $T
    local kd ver
    for kd in "${kdirs[@]}"; do
        ver=$(cat "$kd/version")
        [ -d "$kd/modules/lib/modules/$ver" ] || { note "kernel $ver has no modules tree: skipped"; continue; }
        step "kernel modules $ver into /lib/modules (udev and modprobe load them from there)"
        mkdir -p "$T/lib/modules"
        rm -rf "$T/lib/modules/$ver"
        cp -a "$kd/modules/lib/modules/$ver" "$T/lib/modules/$ver"
        chown -R 0:0 "$T/lib/modules/$ver"
    done
    if [ -d "$TV_TOOLS_DIR/rootfs/overlay" ]; then
        step "adding tools/rootfs/overlay (the guest-side check script of the boot tests)"
        cp -a "$TV_TOOLS_DIR/rootfs/overlay/." "$T/"
        (cd "$TV_TOOLS_DIR/rootfs/overlay" && find . -mindepth 1) | (cd "$T" && xargs -r chown -h 0:0)
    fi
}

ensure_binfmt
printf '%s/%s\n' "$DISTRO" "$SUITE" >"$WORK_DIR/distro"

if [ "$mode" = mount ]; then
    # ---- the note's way: an empty ext4, loop-mounted, built in place -----------------------
    step "creating an empty $size ext4 image and loop-mounting it (the note's way)"
    truncate -s "$size" "$WORK_DIR/rootfs.ext4"
    mke2fs -q -t ext4 -L rootfs -F "$WORK_DIR/rootfs.ext4" >&2
    T=$WORK_DIR/mnt
    mkdir -p "$T"
    mount -o loop "$WORK_DIR/rootfs.ext4" "$T" || die "cannot loop-mount the image (no loop devices here?): drop --mount to use mke2fs -d"
    on_exit "unmount_binds; umount '$T' 2>/dev/null || umount -l '$T'"
    rootfs_debootstrap
    rootfs_configure
    add_modules_and_overlay
    rootfs_finish
    step "unmounting the image"
    umount "$T"
else
    # ---- the base tree: cached on its own, it is the slow part ---------------------------------
    BASE_DIR=$TINYVM_CACHE/$base_key
    if [ -f "$BASE_DIR/.done" ] && [ "${TINYVM_REBUILD:-0}" != 1 ]; then
        step "debootstrapped base already cached: $BASE_DIR"
    else
        BWORK=$TINYVM_CACHE/.tmp-$base_key-$$
        on_exit "safe_rm_tree '$BWORK'"
        T=$BWORK/tree
        mkdir -p "$T"
        step "building the base system $DISTRO $SUITE arm64 (cold cache: this is the long part)"
        tb=$(date +%s)
        rootfs_debootstrap
        note "debootstrap took $(since "$tb")s"
        tc=$(date +%s)
        rootfs_configure
        rootfs_finish
        note "configure + packages took $(since "$tc")s"
        step "packing the base tree into base.tar (numeric owners, xattrs, ACLs kept)"
        tar -C "$T" --numeric-owner --xattrs --acls -cpf "$BWORK/base.tar" .
        cp -a "$LOGDIR" "$BWORK/logs"
        printf 'distro %s %s %s\npackages %s\ndebootstrap %ss, configure %ss\n' "$DISTRO" "$SUITE" "$MIRROR" \
            "$PACKAGES" "$((tc - tb))" "$(since "$tc")" >"$BWORK/build-info"
        safe_rm_tree "$T"
        date -u +%FT%TZ >"$BWORK/.done"
        rm -rf "$BASE_DIR"; mv "$BWORK" "$BASE_DIR"
        for old in "$TINYVM_CACHE"/rootfs-base-????????????????; do
            [ "$old" = "$BASE_DIR" ] || [ "${TINYVM_KEEP_OLD:-0}" = 1 ] || rm -rf "$old"
        done
        chown_out "$BASE_DIR"
    fi
    T=$WORK_DIR/tree
    mkdir -p "$T"
    on_exit "safe_rm_tree '$T'"
    step "unpacking the base tree"
    tar -C "$T" --numeric-owner --xattrs --acls -xpf "$BASE_DIR/base.tar"
    add_modules_and_overlay
    step "mke2fs -d: packing the tree into a $size ext4 image (no loop mount, no root-owned mount point)"
    mke2fs -q -t ext4 -L rootfs -d "$T" -F "$WORK_DIR/rootfs.ext4" "$size" >&2 ||
        die "mke2fs failed (is $size big enough for $(du -sh "$T" | cut -f1)?)"
    safe_rm_tree "$T"
fi

step "e2fsck -fn: the new image must be clean"
e2fsck -fn "$WORK_DIR/rootfs.ext4" >"$LOGDIR/e2fsck.log" 2>&1 ||
    { tail -n 20 "$LOGDIR/e2fsck.log" >&2; die "the new image is not clean (e2fsck)"; }
printf 'user %s (password %s), root password %s, hostname %s\nkernels %s\n' "$GUEST_USER" "$GUEST_PASSWORD" \
    "$ROOT_PASSWORD" "$GUEST_HOSTNAME" "${kernel_ids[*]:-none}" >"$WORK_DIR/build-info"
chown_out "$WORK_DIR"
cache_commit
step "done in $(since "$t_start")s: $CACHE_DIR/rootfs.ext4 ($DISTRO $SUITE, $size, $(du -h "$CACHE_DIR/rootfs.ext4" | cut -f1) used)"
emit
