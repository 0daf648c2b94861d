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
# A scratch disk the guest writes over, attached with snapshot=on: the image
# file must come out unchanged.
scratch=$BOOT_OUT/scratch.$BOOT_EMU.img
head -c 2097152 /dev/urandom >"$scratch"
scratch_before=$(sha256sum <"$scratch" | cut -d' ' -f1)
MACHINE+=(-drive "file=$scratch,format=raw,if=virtio,snapshot=on")
MACHINE+=(-append "console=ttyAMA0 panic=-1 tinyvm.check=1 tinyvm.sha256=$INITRD_KNOWN_SHA256 tinyvm.scratch=vda")
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
# The guest computes what the host computes: md5 of the same file, and a
# floating-point sum through awk (libm and printf in the guest's userland).
known=$(mktemp); zcat "$INITRD" | (cd "$(dirname "$known")" && cpio -i --quiet --to-stdout check/known.bin) >"$known" 2>/dev/null
md5_host=$(md5sum <"$known" | cut -d' ' -f1); rm -f "$known"
md5_guest=$(sed -n 's/^tinyvm-check: md5 known.bin //p' <<<"$log")
if [ -n "$md5_guest" ] && [ "$md5_guest" = "$md5_host" ]; then pass "initramfs: guest md5sum = host's ($md5_host)"
else fail "initramfs: guest md5 ${md5_guest:-?} != host's $md5_host"; fi
awk_host=$(awk 'BEGIN { s = 0; for (i = 1; i <= 100000; i++) s += (i % 13 - 6.5) / (i * 1.37) + i / 3e7; printf "%.12e", s }')
awk_guest=$(sed -n 's/^tinyvm-check: awk fp //p' <<<"$log")
if [ -n "$awk_guest" ] && [ "$awk_guest" = "$awk_host" ]; then pass "initramfs: awk floating point = host's ($awk_host)"
else fail "initramfs: awk floating point: guest ${awk_guest:-?}, host $awk_host"; fi
scratch_want=$(yes tinyvm-scratch | head -c 1048576 | sha256sum | cut -d' ' -f1)
scratch_guest=$(sed -n 's/^tinyvm-check: scratch sha256 //p' <<<"$log")
if [ "$scratch_guest" = "$scratch_want" ]; then pass "initramfs: guest wrote and read back its snapshot=on disk"
else fail "initramfs: scratch disk read back ${scratch_guest:-nothing}, expected $scratch_want"; fi
if [ "$(sha256sum <"$scratch" | cut -d' ' -f1)" = "$scratch_before" ]; then pass "initramfs: snapshot=on left the image file unchanged"
else fail "initramfs: snapshot=on image changed on the host"; fi
rm -f "$scratch"
feat=$(sed -n 's/^tinyvm-check: cpu features: //p' <<<"$log")
info "cpu features: ${feat:-?}"
k=$(grep -o '^\[ *[0-9.]*\] Run /init' <<<"$log" | grep -o '[0-9.]*' | head -n1)
info "kernel reached /init at ${k:-?}s (guest clock); wall time ${BOOT_SECS}s; log $BOOT_LOG"
summary
