#!/usr/bin/env bash
# deps.sh - install the Debian packages tinyvm needs to build, run and test.
# Installs only what is missing; uses sudo when not root. Safe to run again.
set -euo pipefail

pkgs=(
  build-essential pkg-config
  libfdt-dev libslirp-dev libsdl2-dev libcapstone-dev libcmocka-dev zlib1g-dev
  gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross
  xz-utils                           # unpacks the TestFloat vectors (tests/data/testfloat)
  device-tree-compiler
  qemu-system-arm qemu-user          # test oracles only
  clang libclang-rt-14-dev           # libFuzzer: make fuzz / fuzz-quick (tests/fuzz/)
  gdb-multiarch python3              # GDB stub test (tests/gdb/run.sh)
  # guest images (tools/): root filesystem, initramfs, kernel build, boot tests
  debootstrap qemu-user-static binfmt-support e2fsprogs cpio kmod flex bison bc busybox
  # the display test (tests/display/): a private X server, typing, screenshots, the
  # VGA console font its glyph comparison reads, Xlib for its window-close helper
  xvfb xdotool x11-apps imagemagick console-setup-linux libx11-dev
)

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
SUDO=
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
