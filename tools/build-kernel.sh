#!/usr/bin/env bash
# build-kernel.sh - build an arm64 kernel with everything tinyvm's board needs built in.
#
#   tools/build-kernel.sh [--jobs N] [--fragment FILE] [--source DIR] [--path] [--quiet]
#
# Takes Debian's linux-source-6.1 package (the Debian-patched 6.1 tree), configures
# it as allnoconfig + tools/kernel/tinyvm.config (+ your --fragment), and cross-
# compiles it with gcc-aarch64-linux-gnu. The result boots a root filesystem on a
# virtio disk with no initramfs:  tinyvm -kernel Image -drive rootfs.ext4
# --source DIR builds your own kernel tree instead (it is copied, not modified).
#
# Output (stdout): KERNEL_IMAGE=<cache>/Image  KERNEL_MODULES=<cache>/modules
#                  KERNEL_VERSION=<ver>        KERNEL_DIR=<cache>
# (--path prints only the Image path). <cache>/config is the full .config.
#
# Cache: ${TINYVM_CACHE:-~/.cache/tinyvm}/kernel-tinyvm-<hash>, hash of this
# script, the fragment(s), the source package version (or the --source tree's
# Makefile version and a listing of its files) and the cross compiler's version.
# $TINYVM_CACHE/kernel-tinyvm links to the newest entry.
TV_TOOL=build-kernel
. "$(dirname "$0")/lib.sh"

usage() { tv_usage "$@"; }

jobs=$(nproc 2>/dev/null || echo 2)
fragments=("$TV_TOOLS_DIR/kernel/tinyvm.config")
source_dir= out=all
CROSS=${CROSS_COMPILE:-aarch64-linux-gnu-}
while [ $# -gt 0 ]; do
    case $1 in
        --jobs|-j) jobs=${2:?}; shift 2 ;;
        --fragment) [ -f "${2:?}" ] || die "--fragment $2: no such file"; fragments+=("$(realpath "$2")"); shift 2 ;;
        --source) [ -f "${2:?}/Makefile" ] || die "--source $2: not a kernel source tree"; source_dir=$(realpath "$2"); shift 2 ;;
        --path) out=path; shift ;;
        --quiet) TV_QUIET=1; shift ;;
        -h|--help) usage 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
done

emit() {
    ln -sfn "$(basename "$CACHE_DIR")" "$TINYVM_CACHE/kernel-tinyvm"
    if [ "$out" = path ]; then printf '%s\n' "$CACHE_DIR/Image"; return; fi
    printf 'KERNEL_IMAGE=%q\nKERNEL_MODULES=%q\nKERNEL_VERSION=%q\nKERNEL_DIR=%q\n' \
        "$CACHE_DIR/Image" "$CACHE_DIR/modules" "$(cat "$CACHE_DIR/version")" "$CACHE_DIR"
}

ensure_host_pkgs make gcc flex bison bc xz-utils gcc-aarch64-linux-gnu
need_cmd "${CROSS}gcc" make flex bison bc
ccver=$("${CROSS}gcc" --version | head -n1)

if [ -n "$source_dir" ]; then
    srcid="tree $(make -s -C "$source_dir" kernelversion 2>/dev/null) $(cd "$source_dir" &&
        find . -path ./.git -prune -o -type f -newer Makefile -printf '%p %T@\n' | sort | sha256sum)"
else
    need_cmd apt-get apt-cache dpkg-deb
    srcpkg=linux-source-6.1
    v=$(apt_candidate "$srcpkg") || { as_root apt-get update -qq >&2; v=$(apt_candidate "$srcpkg"); } ||
        die "package $srcpkg not found in the apt lists"
    srcid="$srcpkg $v"
fi
key=$(cache_key kernel-tinyvm "$0" "${fragments[@]}" -- "$srcid" "$ccver")
if cache_begin "$key"; then
    step "kernel already built and cached in $CACHE_DIR"
    emit; exit 0
fi

t0=$(date +%s)
src=$WORK_DIR/src
if [ -n "$source_dir" ]; then
    step "copying your kernel tree $source_dir (the build never writes into it)"
    mkdir -p "$src"
    (cd "$source_dir" && tar --exclude=.git -cf - .) | (cd "$src" && tar xf -)
    make -s -C "$src" ARCH=arm64 mrproper
else
    step "downloading $srcid (Debian's patched kernel source; apt-get download, nothing installed)"
    deb=$(apt_fetch "$srcpkg=$v" "$WORK_DIR/deb")
    step "unpacking the source tarball (about 140 MB of xz)"
    dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards './usr/src/linux-source-*.tar.xz' |
        tar -xJ -C "$WORK_DIR"
    mv "$WORK_DIR"/linux-source-* "$src"
    rm -rf "$WORK_DIR/deb"
fi
t1=$(date +%s)
note "source ready in $(since "$t0")s"

kmake() { make -C "$src" ARCH=arm64 CROSS_COMPILE="$CROSS" KBUILD_BUILD_USER=tinyvm \
          KBUILD_BUILD_HOST=tinyvm "$@"; }

step "configuring: allnoconfig + ${fragments[*]##*/} (only what a virt guest needs, so it builds in minutes)"
cat "${fragments[@]}" >"$WORK_DIR/fragment.config"
kmake -s allnoconfig KCONFIG_ALLCONFIG="$WORK_DIR/fragment.config" >&2
# Kconfig drops a requested symbol whose dependencies are not met, silently: say so.
missing=$(grep -E '^CONFIG_[A-Z0-9_]+=' "$WORK_DIR/fragment.config" | while IFS= read -r line; do
    grep -qxF "$line" "$src/.config" || printf ' %s' "${line%%=*}"
done)
[ -z "$missing" ] || die "the fragment asks for symbols Kconfig did not enable (unmet dependencies?):$missing"

step "compiling Image and modules with ${CROSS}gcc, $jobs jobs (the long step)"
kmake -j"$jobs" Image modules >"$WORK_DIR/build.log" 2>&1 ||
    { tail -n 30 "$WORK_DIR/build.log" >&2; die "kernel build failed (last lines above)"; }
t2=$(date +%s)
note "compiled in $((t2 - t1))s"

ver=$(kmake -s kernelrelease)
mkdir -p "$WORK_DIR/modules"
step "modules_install into the cache (INSTALL_MOD_PATH, as the note does for a rootfs)"
kmake -s INSTALL_MOD_PATH="$WORK_DIR/modules" INSTALL_MOD_STRIP=1 modules_install >&2
rm -f "$WORK_DIR/modules/lib/modules/$ver/build" "$WORK_DIR/modules/lib/modules/$ver/source"
cp "$src/arch/arm64/boot/Image" "$WORK_DIR/Image"
cp "$src/.config" "$WORK_DIR/config"
cp "$src/System.map" "$WORK_DIR/System.map"
printf '%s\n' "$ver" >"$WORK_DIR/version"
printf 'source %s\ncompiler %s\nsource %ss, compile %ss\n' "$srcid" "$ccver" "$((t1 - t0))" "$((t2 - t1))" \
    >"$WORK_DIR/build-info"
rm -rf "$src"
cache_commit
step "done in $(since "$t0")s (source $((t1 - t0))s, compile $((t2 - t1))s): $ver, Image $(du -h "$CACHE_DIR/Image" | cut -f1)"
emit
