#!/usr/bin/env bash
# fetch-kernel.sh - an arm64 Linux kernel Image and its modules tree for tinyvm.
#
#   tools/fetch-kernel.sh                      Debian bookworm's arm64 kernel
#   tools/fetch-kernel.sh --package linux-image-6.1.0-56-arm64-unsigned:arm64
#   tools/fetch-kernel.sh --image arch/arm64/boot/Image --modules /tmp/mods
#                                              your own kernel (the note's way:
#                                              make ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
#                                              modules_install INSTALL_MOD_PATH=/tmp/mods)
#
# Output (stdout), one KEY=VALUE a line:
#   KERNEL_IMAGE=<cache>/Image   KERNEL_MODULES=<cache>/modules (holds lib/modules/<ver>)
#   KERNEL_VERSION=<ver>         KERNEL_DIR=<cache>
# --path prints only the Image path; --quiet keeps stderr to errors.
#
# Cache: ${TINYVM_CACHE:-~/.cache/tinyvm}/kernel-debian-<hash> (hash of this recipe,
# the package name and version) or kernel-own-<hash> (hash of the
# Image and the modules' names, sizes and times). $TINYVM_CACHE/kernel-debian and
# kernel-own are symlinks to the newest entry.
TV_TOOL=fetch-kernel
. "$(dirname "$0")/lib.sh"

usage() { tv_usage "$@"; }

pkg= own_image= own_modules= out=all
while [ $# -gt 0 ]; do
    case $1 in
        --package) pkg=${2:?}; shift 2 ;;
        --image) own_image=${2:?}; shift 2 ;;
        --modules) own_modules=${2:?}; shift 2 ;;
        --path) out=path; shift ;;
        --quiet) TV_QUIET=1; shift ;;
        -h|--help) usage 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
done

emit() {
    local d=$1
    ln -sfn "$(basename "$d")" "$TINYVM_CACHE/$2"
    if [ "$out" = path ]; then
        printf '%s\n' "$d/Image"
    else
        printf 'KERNEL_IMAGE=%q\nKERNEL_MODULES=%q\nKERNEL_VERSION=%q\nKERNEL_DIR=%q\n' \
            "$d/Image" "$d/modules" "$(cat "$d/version")" "$d"
    fi
}

# An arm64 Image has "ARM\x64" at offset 56 (Documentation/arm64/booting.rst).
check_image() {
    [ "$(od -An -tx1 -j56 -N4 "$1" | tr -d ' \n')" = 41524d64 ] ||
        die "$1 is not an arm64 Image (no ARM\\x64 magic at offset 56; a vmlinux or zImage will not boot)"
}

if [ -n "$own_image" ]; then
    # ---- the user's own kernel ------------------------------------------------
    [ -f "$own_image" ] || die "--image $own_image: no such file"
    [ -z "$own_modules" ] || [ -d "$own_modules" ] || die "--modules $own_modules: no such directory"
    check_image "$own_image"
    modlist=
    if [ -n "$own_modules" ]; then
        # A modules_install tree is INSTALL_MOD_PATH (holding lib/modules/<ver>) or lib/modules/<ver> itself.
        modlist=$(cd "$own_modules" && find . -name '*.ko*' -printf '%p %s %T@\n' | sort)
    fi
    key=$(cache_key kernel-own "$0" -- \
        "$(sha256sum <"$own_image")" "$modlist")
    if cache_begin "$key"; then
        step "your kernel is already cached in $CACHE_DIR"
        emit "$CACHE_DIR" kernel-own; exit 0
    fi
    step "copying your Image into the cache (so later steps find it at a fixed path)"
    cp "$own_image" "$WORK_DIR/Image"
    mkdir -p "$WORK_DIR/modules/lib/modules"
    ver=
    if [ -n "$own_modules" ]; then
        if [ -d "$own_modules/lib/modules" ]; then src=$own_modules/lib/modules
        elif [ -f "$own_modules/modules.order" ] || [ -d "$own_modules/kernel" ]; then src=$(dirname "$own_modules")
        else src=$own_modules; fi
        ver=$(ls "$src" | head -n1)
        [ -n "$ver" ] && [ -d "$src/$ver" ] || die "--modules $own_modules: no lib/modules/<version> inside"
        step "copying modules $ver (dropping the build/source symlinks into your tree)"
        cp -a "$src/$ver" "$WORK_DIR/modules/lib/modules/"
        rm -f "$WORK_DIR/modules/lib/modules/$ver/build" "$WORK_DIR/modules/lib/modules/$ver/source"
        if [ ! -f "$WORK_DIR/modules/lib/modules/$ver/modules.dep" ]; then
            need_cmd depmod
            step "depmod: computing modules.dep (the initramfs loads modules in its order)"
            depmod -b "$WORK_DIR/modules" "$ver"
        fi
    fi
    if [ -z "$ver" ]; then
        # The version string is in the Image: "Linux version X ..."
        ver=$(strings "$own_image" 2>/dev/null | sed -n 's/^Linux version \([^ ]*\) .*/\1/p' | head -n1)
    fi
    printf '%s\n' "${ver:-unknown}" >"$WORK_DIR/version"
    cache_commit
    step "done: $CACHE_DIR"
    emit "$CACHE_DIR" kernel-own
    exit 0
fi

[ -z "$own_modules" ] || die "--modules needs --image"

# ---- Debian's arm64 kernel ----------------------------------------------------
need_cmd apt-get apt-cache dpkg-deb depmod
ensure_arm64_apt linux-image-arm64:arm64
if [ -z "$pkg" ]; then
    step "resolving linux-image-arm64:arm64 (Debian's metapackage) to the current kernel package"
    pkg=$(apt-cache depends linux-image-arm64:arm64 2>/dev/null |
          awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
    [ -n "$pkg" ] || die "cannot resolve linux-image-arm64:arm64 to a kernel package"
    case $pkg in *:arm64) ;; *) pkg=$pkg:arm64 ;; esac
fi
version=$(apt_candidate "$pkg") || die "package $pkg not found in the apt lists (is arm64 enabled? try apt-get update)"
note "kernel package: $pkg $version"

key=$(cache_key kernel-debian "$0" -- "$pkg" "$version")
if cache_begin "$key"; then
    step "Debian kernel $pkg $version is already cached in $CACHE_DIR"
    emit "$CACHE_DIR" kernel-debian; exit 0
fi

t0=$(date +%s)
step "downloading $pkg $version (apt-get download: no root needed, nothing is installed)"
deb=$(apt_fetch "$pkg=$version" "$WORK_DIR/deb")
step "unpacking $(basename "$deb") with dpkg-deb -x"
dpkg-deb -x "$deb" "$WORK_DIR/pkg"
vmlinuz=$(ls "$WORK_DIR"/pkg/boot/vmlinuz-* 2>/dev/null | head -n1)
[ -n "$vmlinuz" ] || die "$pkg holds no /boot/vmlinuz-*"
ver=${vmlinuz##*/vmlinuz-}
# bookworm's arm64 vmlinuz is an uncompressed Image (with an EFI stub, which a
# direct kernel boot ignores); accept a gzip'd one too, as some kernels ship it.
if [ "$(od -An -tx1 -N2 "$vmlinuz" | tr -d ' \n')" = 1f8b ]; then
    note "vmlinuz is gzip-compressed: decompressing to Image"
    gzip -dc "$vmlinuz" >"$WORK_DIR/Image"
else
    mv "$vmlinuz" "$WORK_DIR/Image"
fi
check_image "$WORK_DIR/Image"
mv "$WORK_DIR/pkg/boot/config-$ver" "$WORK_DIR/config" 2>/dev/null || true
mkdir -p "$WORK_DIR/modules/lib"
mv "$WORK_DIR/pkg/lib/modules" "$WORK_DIR/modules/lib/modules"
step "depmod $ver: writing modules.dep (the package leaves it to its postinst, which we do not run)"
depmod -b "$WORK_DIR/modules" "$ver"
printf '%s\n' "$ver" >"$WORK_DIR/version"
printf '%s %s\n' "$pkg" "$version" >"$WORK_DIR/package"
rm -rf "$WORK_DIR/pkg" "$WORK_DIR/deb"
cache_commit
step "done in $(since "$t0")s: Image $(du -h "$CACHE_DIR/Image" | cut -f1), modules $ver"
emit "$CACHE_DIR" kernel-debian
