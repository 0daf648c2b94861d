#!/usr/bin/env bash
# Boot smoke test 1: Debian's arm64 kernel + tinyvm's initramfs.
# The guest prints its banner, loads its modules (virtio-mmio, -blk, -net, -rng,
# ext4), runs /check.sh (uname, cpu features, busybox commands, sha256 of a file
# whose sha256 we know here) and powers off: the emulator must exit 0.
#   BOOT_EMU=tinyvm (default) or qemu (the oracle); see tests/boot/lib.sh.
. "$(dirname "$0")/lib.sh"
echo "boot test 1: kernel + initramfs on $BOOT_EMU"

import_tool fetch-kernel.sh || { fail "initramfs: fetch-kernel.sh"; summary; exit; }
import_tool build-initramfs.sh || { fail "initramfs: build-initramfs.sh"; summary; exit; }

machine_base "$KERNEL_IMAGE" "$INITRD"
machine_rng
MACHINE+=(-append "console=ttyAMA0 panic=-1 tinyvm.check=1 tinyvm.sha256=$INITRD_KNOWN_SHA256")
boot initramfs --timeout "${BOOT_TIMEOUT_INITRAMFS:-300}" \
    --fail-on 'Kernel panic' --fail-on 'Oops' --fail-on 'Call trace' --fail-on 'TINYVM-CHECK: FAIL' \
    -- "${MACHINE[@]}"
log=$(tr -d '\r' <"$BOOT_LOG")

if [ "$BOOT_STATUS" = 0 ]; then pass "initramfs: guest powered off, exit 0 (${BOOT_SECS}s)"
else fail "initramfs: exit status $BOOT_STATUS, expected 0 (${BOOT_SECS}s)"; show_tail "$BOOT_LOG"; fi

if grep -q '^\[ *[0-9.]*\] Linux version ' <<<"$log"; then pass "initramfs: kernel banner"
else fail "initramfs: no 'Linux version' banner"; fi

mods=$(sed -n 's/^tinyvm-initramfs: modules loaded://p' <<<"$log")
missing=
for m in virtio_mmio virtio_blk virtio_net virtio-rng ext4; do
    case " $mods " in *" $m "*) ;; *) missing="$missing $m" ;; esac
done
if [ -n "$mods" ] && [ -z "$missing" ]; then pass "initramfs: modules loaded:$mods"
else fail "initramfs: modules missing:${missing:- all (no 'modules loaded' line)}"; fi

if grep -q '^TINYVM-CHECK: PASS' <<<"$log"; then pass "initramfs: check script PASS"
else fail "initramfs: check script did not pass"; grep 'tinyvm-check: FAIL' <<<"$log" | sed 's/^/      /'; fi

if grep -qx "tinyvm-check: sha256 known.bin $INITRD_KNOWN_SHA256" <<<"$log"; then
    pass "initramfs: guest sha256 of known.bin = host's ($INITRD_KNOWN_SHA256)"
else
    fail "initramfs: guest sha256 $(sed -n 's/^tinyvm-check: sha256 known.bin //p' <<<"$log") != host's $INITRD_KNOWN_SHA256"
fi
feat=$(sed -n 's/^tinyvm-check: cpu features: //p' <<<"$log")
info "cpu features: ${feat:-?}"
k=$(grep -o '^\[ *[0-9.]*\] Run /init' <<<"$log" | grep -o '[0-9.]*' | head -n1)
info "kernel reached /init at ${k:-?}s (guest clock); wall time ${BOOT_SECS}s; log $BOOT_LOG"
summary
