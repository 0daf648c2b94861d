#!/usr/bin/env bash
# fploop-callgrind.sh none|fp|neon|both TINYVM... - host instructions
# (callgrind Ir) each tinyvm build spends on the FP and SIMD loops of the CPU
# benchmark: the firmware program firmware/tests/neon_fploop.c built with
# -DFPLOOP_BENCH (round to nearest only; its fp loop, neon loop, both, or
# none: the start-up and power-off cost to subtract), booted with -kernel.
# Prints, per build, the total Ir and the Ir of the FP/SIMD handlers and FP library (cpu/fp*.c, cpu/simd*.c, and
# their headers). Wall time is noisy on a shared machine; instruction counts
# are not. Run from the top of the tree after `make firmware`.
set -eu
case ${1:-} in
    none) part=0 ;; fp) part=1 ;; neon) part=2 ;; both) part=3 ;;
    *) echo "usage: $0 none|fp|neon|both TINYVM..." >&2; exit 2 ;;
esac
shift
[ $# -ge 1 ] || { echo "usage: $0 none|fp|neon|both TINYVM..." >&2; exit 2; }
command -v valgrind >/dev/null || { echo "$0: valgrind is not installed" >&2; exit 2; }
out=build/firmware/bench
mkdir -p "$out"
cc=${AARCH64_CC:-aarch64-linux-gnu-gcc}
flags="-O2 -g -ffreestanding -fno-builtin -nostdlib -fno-pic -mcmodel=small -fno-stack-protector
       -Wall -Wextra -Werror -Ifirmware/lib -march=armv8-a+crypto+crc"
# shellcheck disable=SC2086
$cc $flags -DFPLOOP_BENCH=$part -c -o "$out/neon_fploop.o" firmware/tests/neon_fploop.c
# shellcheck disable=SC2086
$cc $flags -nostdlib -static -Wl,--no-dynamic-linker -Wl,-T,firmware/lib/fw.ld -Wl,--build-id=none \
    -Wl,--no-warn-rwx-segments -o "$out/neon_fploop.elf" build/firmware/lib/fw.c.o \
    build/firmware/lib/fw_smp.c.o build/firmware/lib/start.S.o "$out/neon_fploop.o" -lgcc
aarch64-linux-gnu-objcopy -O binary "$out/neon_fploop.elf" "$out/neon_fploop.img"
for vm in "$@"; do
    cg=$out/callgrind.$$.out
    valgrind --tool=callgrind --callgrind-out-file="$cg" "$vm" -nographic -m 256M -cpu max \
        -kernel "$out/neon_fploop.img" 2>/dev/null | grep -v '^RESULT' | tr '\n' ' '
    echo
    callgrind_annotate --auto=no --threshold=100 "$cg" 2>/dev/null | awk -v vm="$vm" '
        /PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 }
        /cpu\/(fp|simd)[a-z_]*\.[ch]:/ { gsub(",", "", $1); fp += $1 }
        END { printf "%s: total Ir %d, FP/SIMD handlers Ir %d\n", vm, total, fp }'
    rm -f "$cg"
done
