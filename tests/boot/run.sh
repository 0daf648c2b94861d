#!/usr/bin/env bash
# tests/boot/run.sh - run the boot smoke tests (issue 6) and report their times.
#   BOOT_EMU=tinyvm (default) | qemu      which emulator boots the guests
#   tests/boot/run.sh [initramfs] [rootfs] [failure] [smp]   a subset (default: all four)
# Each test prints its own "boot: N passed, M failed" line; this prints the total
# last, in the same form, and exits non-zero if anything failed.
cd "$(dirname "$0")/../.." || exit 1
BOOT_EMU=${BOOT_EMU:-tinyvm}
export BOOT_EMU
out=${BOOT_OUT:-build/boot-tests}
mkdir -p "$out"; : >"$out/times"
tests=("$@"); [ ${#tests[@]} -gt 0 ] || tests=(initramfs failure rootfs smp)
if [ "$BOOT_EMU" = tinyvm ] && [ ! -x ./tinyvm ]; then
    echo "boot tests: ./tinyvm is not built (make)"; echo "boot: 0 passed, 1 failed"; exit 1
fi
p=0 f=0 t0=$(date +%s)
for t in "${tests[@]}"; do
    log=$out/$t.$BOOT_EMU.out
    tests/boot/$t.sh 2>"$out/$t.$BOOT_EMU.tools.log" | tee "$log"
    line=$(grep -E '^boot: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n1)
    if [ -z "$line" ]; then f=$((f + 1)); echo "boot: $t.sh ended without a result line (see $out/$t.$BOOT_EMU.tools.log)"; continue; fi
    p=$((p + $(sed -E 's/^boot: ([0-9]+) passed.*/\1/' <<<"$line")))
    f=$((f + $(sed -E 's/^boot: [0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")))
    echo
done
echo "boot times on $BOOT_EMU (wall clock, this machine):"
sed 's/^/  /' "$out/times"
echo "all boot tests: $(( $(date +%s) - t0 ))s"
echo "boot: $p passed, $f failed"
[ "$f" -eq 0 ]
