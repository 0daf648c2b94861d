#!/usr/bin/env bash
# build-initramfs.sh - a small busybox initramfs for an arm64 kernel whose virtio
# drivers are modules (Debian's kernel).
#
#   tools/build-initramfs.sh [--kernel-dir DIR] [--add-module NAME]... [--path] [--quiet]
#
# Contents: Debian's busybox-static (arm64), the modules virtio-mmio, virtio-blk,
# virtio-net, virtio-rng, ext4, virtio-input, evdev and gpio-keys need (dependencies resolved from modules.dep, in
# load order), /init and /check.sh (tools/initramfs/), and /check/known.bin, a file
# whose sha256 the host knows. /init mounts proc/sys/dev, loads the modules, then,
# by the kernel command line:
#   tinyvm.check=1   runs /check.sh: uname, cpu features, modules, busybox, sha256;
#                    prints "TINYVM-CHECK: PASS" (or FAIL) and powers off
#   root=DEV         mounts DEV and switch_roots to its /sbin/init
#   (neither)        an interactive shell on the console; leaving it powers off
#
# --kernel-dir DIR   a fetch-kernel.sh / build-kernel.sh output (default: run
#                    tools/fetch-kernel.sh for Debian's kernel)
# --add-module NAME  one more module (repeatable), e.g. virtio_console
#
# Output (stdout): INITRD=<cache>/initrd.img (gzip'd newc cpio)
#   INITRD_KNOWN_SHA256=<sha256 of /check/known.bin>  INITRD_DIR=<cache>
#   KERNEL_IMAGE=<the kernel it matches>
# Cache: ${TINYVM_CACHE:-~/.cache/tinyvm}/initramfs-<hash>: hash of this script,
# tools/initramfs/*, the kernel entry, busybox-static's version and the module list.
TV_TOOL=build-initramfs
. "$(dirname "$0")/lib.sh"

usage() { tv_usage "$@"; }

kdir= out=all
# virtio_input, evdev and gpio_keys: the -display sdl keyboard/tablet and the
# power button (/init powers off on KEY_POWER).
modules=(virtio_mmio virtio_blk virtio_net virtio-rng ext4 crc32c_generic virtio_input evdev gpio_keys)
while [ $# -gt 0 ]; do
    case $1 in
        --kernel-dir) kdir=${2:?}; shift 2 ;;
        --add-module) modules+=("${2:?}"); shift 2 ;;
        --path) out=path; shift ;;
        --quiet) TV_QUIET=1; shift ;;
        -h|--help) usage 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
done

need_cmd cpio gzip apt-get dpkg-deb depmod
if [ -z "$kdir" ]; then
    step "getting Debian's arm64 kernel (tools/fetch-kernel.sh) for its modules"
    kdir=$(TV_QUIET=$TV_QUIET "$TV_TOOLS_DIR/fetch-kernel.sh" | sed -n 's/^KERNEL_DIR=//p')
    [ -n "$kdir" ] || die "fetch-kernel.sh gave no kernel"
fi
kdir=$(realpath "$kdir")
[ -f "$kdir/Image" ] && [ -f "$kdir/version" ] || die "--kernel-dir $kdir: not a fetch-kernel.sh/build-kernel.sh output"
kver=$(cat "$kdir/version")
moddir=$kdir/modules/lib/modules/$kver

ensure_arm64_apt busybox-static:arm64
bbver=$(apt_candidate busybox-static:arm64) || die "busybox-static:arm64 not in the apt lists"

key=$(cache_key initramfs "$0" "$TV_TOOLS_DIR"/initramfs/* -- "$(basename "$kdir")" "$kver" "$bbver" "${modules[*]}")
emit() {
    ln -sfn "$(basename "$CACHE_DIR")" "$TINYVM_CACHE/initramfs"
    if [ "$out" = path ]; then printf '%s\n' "$CACHE_DIR/initrd.img"; return; fi
    printf 'INITRD=%q\nINITRD_KNOWN_SHA256=%q\nINITRD_DIR=%q\nKERNEL_IMAGE=%q\n' \
        "$CACHE_DIR/initrd.img" "$(cat "$CACHE_DIR/known.sha256")" "$CACHE_DIR" "$kdir/Image"
}
if cache_begin "$key"; then
    step "initramfs already cached in $CACHE_DIR"
    emit; exit 0
fi
t0=$(date +%s)

root=$WORK_DIR/root
mkdir -p "$root"/{bin,dev,proc,sys,tmp,run,mnt,newroot,etc/tinyvm,check,root,usr/share/udhcpc}
ln -s bin "$root/sbin"; ln -s ../bin "$root/usr/bin"; ln -s ../bin "$root/usr/sbin"
chmod 1777 "$root/tmp"

step "downloading busybox-static:arm64 $bbver (one static binary: the whole userland)"
deb=$(apt_fetch "busybox-static:arm64=$bbver" "$WORK_DIR/deb")
dpkg-deb -x "$deb" "$WORK_DIR/bb"
cp "$WORK_DIR/bb/bin/busybox" "$root/bin/busybox"
# Kept beside the initrd too: the boot tests run its httpd (under qemu-user) when the
# host has no busybox of its own.
cp "$WORK_DIR/bb/bin/busybox" "$WORK_DIR/busybox-arm64"
# Applet links are made by /init (busybox --install), so we need not run arm64 code here.

# ---- modules: resolve dependencies from modules.dep, in load order -----------------
if [ -d "$moddir" ] && [ -f "$moddir/modules.dep" ]; then
    step "resolving module dependencies from $kver's modules.dep: ${modules[*]}"
    declare -A path_of=() deps_of=() done_mod=()
    while IFS= read -r line; do
        p=${line%%:*}; n=${p##*/}; n=${n%%.ko*}; n=${n//-/_}
        path_of[$n]=$p; deps_of[$p]=${line#*:}
    done <"$moddir/modules.dep"
    builtin=$(sed 's#.*/##; s/\.ko.*//; s/-/_/g' "$moddir/modules.builtin" 2>/dev/null || true)
    order=()
    visit() {    # depth-first: a module's dependencies go before it
        local p=$1 d
        [ -n "${done_mod[$p]:-}" ] && return 0
        done_mod[$p]=1
        for d in ${deps_of[$p]}; do visit "$d"; done
        order+=("$p")
    }
    for m in "${modules[@]}"; do
        n=${m//-/_}
        if [ -n "${path_of[$n]:-}" ]; then visit "${path_of[$n]}"
        elif grep -qx "$n" <<<"$builtin"; then note "$m is built into the kernel: nothing to load"
        else die "module $m: neither in $kver's modules.dep nor built in"; fi
    done
    : >"$root/etc/tinyvm/modules"
    for p in "${order[@]}"; do
        mkdir -p "$root/lib/modules/$kver/$(dirname "$p")"
        cp "$moddir/$p" "$root/lib/modules/$kver/$p"
        printf '%s\n' "$p" >>"$root/etc/tinyvm/modules"
        note "  + $p"
    done
    cp "$moddir"/modules.builtin* "$moddir/modules.order" "$root/lib/modules/$kver/" 2>/dev/null || true
    # modules.dep for this subset, so the kernel's request_module (busybox modprobe) works too.
    depmod -b "$root" "$kver"
else
    note "the kernel has no modules tree: everything it needs must be built in"
    : >"$root/etc/tinyvm/modules"
fi

# ---- scripts and the known file --------------------------------------------------------
step "adding /init, /check.sh and /check/known.bin (its host sha256 lets a test check the guest's)"
install -m 0755 "$TV_TOOLS_DIR/initramfs/init" "$root/init"
install -m 0755 "$TV_TOOLS_DIR/initramfs/check.sh" "$root/check.sh"
install -m 0755 "$TV_TOOLS_DIR/initramfs/udhcpc.script" "$root/usr/share/udhcpc/default.script"
# Any file works; busybox's own bytes are a non-trivial megabyte or two of data.
cp "$root/bin/busybox" "$root/check/known.bin"
sha256sum <"$root/check/known.bin" | cut -d' ' -f1 >"$root/check/known.sha256"
cp "$root/check/known.sha256" "$WORK_DIR/known.sha256"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\n' >"$root/etc/group"
printf '%s\n' "$kver" >"$root/etc/tinyvm/kernel-version"

# ---- the archive --------------------------------------------------------------------------
step "packing a newc cpio (owner root, fixed times: the same inputs give the same bytes) + gzip"
find "$root" -exec touch -h -d @0 {} +
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet) >"$WORK_DIR/initrd.cpio"
# The kernel unpacks its built-in initramfs (which has /dev/console) first, but a
# kernel built without one would start /init with no console: add the node here.
# A newc entry is ASCII: magic, 13 eight-digit hex fields, the name, NUL padding.
newc() {  # name mode rdevmajor rdevminor
    local name=$1 mode=$2 maj=$3 min=$4 namesize=$(( ${#1} + 1 )) hdr
    hdr=$(printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
        0 "$mode" 0 0 1 0 0 0 0 "$maj" "$min" "$namesize" 0)
    printf '%s%s\0' "$hdr" "$name"
    local pad=$(( (4 - (110 + namesize) % 4) % 4 ))
    head -c "$pad" /dev/zero
}
{ newc dev/console $((0020000 | 0600)) 5 1; newc TRAILER!!! 0 0 0; } >"$WORK_DIR/console.cpio"
cat "$WORK_DIR/initrd.cpio" "$WORK_DIR/console.cpio" | gzip -9n >"$WORK_DIR/initrd.img"
cp "$root/etc/tinyvm/modules" "$WORK_DIR/modules.list"
printf 'kernel %s (%s)\nbusybox-static %s\n' "$kver" "$kdir" "$bbver" >"$WORK_DIR/build-info"
rm -rf "$root" "$WORK_DIR/bb" "$WORK_DIR/deb" "$WORK_DIR/initrd.cpio" "$WORK_DIR/console.cpio"
cache_commit
step "done in $(since "$t0")s: $(du -h "$CACHE_DIR/initrd.img" | cut -f1) for kernel $kver"
emit
