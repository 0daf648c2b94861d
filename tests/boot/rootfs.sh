#!/usr/bin/env bash
# Boot smoke test 2: the full root filesystem (systemd) on tinyvm's own kernel, no
# initramfs, through the headline command line:
#     tinyvm -kernel Image -drive rootfs.ext4      (+ a second disk, a NIC, test options)
# Boots to the serial "login:" prompt, logs in as root, runs tinyvm-guest-check
# (systemctl is-system-running; the disk and network checks of the virtio issue),
# then `poweroff` must end the emulator with status 0, and `e2fsck -fn` on the image
# afterwards must be clean. The guest writes to a copy of the cached image.
#   BOOT_EMU=tinyvm (default) or qemu (the oracle); BOOT_ALLOW_DEGRADED=1 accepts a
#   "degraded" system (its failed units are listed either way).
. "$(dirname "$0")/lib.sh"
echo "boot test 2: root filesystem (systemd) on $BOOT_EMU"

t0=$(date +%s)
import_tool build-kernel.sh || { fail "rootfs: build-kernel.sh"; summary; exit; }
own=$KERNEL_DIR
import_tool fetch-kernel.sh || { fail "rootfs: fetch-kernel.sh"; summary; exit; }
debian=$KERNEL_DIR
import_tool build-initramfs.sh || { fail "rootfs: build-initramfs.sh"; summary; exit; }
import_tool build-rootfs.sh --distro "${GUEST_DISTRO:-debian}" --kernel-dir "$debian" --kernel-dir "$own" ||
    { fail "rootfs: build-rootfs.sh"; summary; exit; }
info "images ready in $(( $(date +%s) - t0 ))s: $ROOTFS_IMAGE ($ROOTFS_DISTRO)"
root_pw=$(sed -n 's/.*root password \([^,]*\),.*/\1/p' "$ROOTFS_DIR/build-info")

img=$BOOT_OUT/rootfs.$BOOT_EMU.ext4 vdb=$BOOT_OUT/vdb.$BOOT_EMU.img www=$BOOT_OUT/www
cp --sparse=always "$ROOTFS_IMAGE" "$img"
rm -f "$vdb"; truncate -s 64M "$vdb"
mkdir -p "$www"; head -c $((6 * 1024 * 1024)) /dev/urandom >"$www/blob"
blob_sha=$(sha256sum <"$www/blob" | cut -d' ' -f1)
token=tinyvm-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
port=$(free_port) fwd=$(free_port)
http_start "$www" "$port" "$INITRD_DIR/busybox-arm64" || { fail "rootfs: cannot start the host HTTP server"; summary; exit; }

# The headline command line: -kernel Image -drive rootfs.ext4 (tinyvm's default
# -append is then "console=ttyAMA0 root=/dev/vda rw"); QEMU spells it out.
MACHINE=(-cpu max -m "$BOOT_MEM" -kernel "$own/Image")
if [ "$BOOT_EMU" = tinyvm ]; then
    MACHINE+=(-drive "$img")
    machine_drive "$vdb"
else
    # QEMU gives virtio-mmio slots from the top down: the disk named last is vda.
    machine_drive "$vdb"
    machine_drive "$img"
    MACHINE+=(-append "console=ttyAMA0 root=/dev/vda rw")
fi
machine_nic "tcp:127.0.0.1:$fwd-:8080"
machine_rng

console_open
boot_start rootfs --timeout "${BOOT_TIMEOUT_ROOTFS:-900}" --stdin "$CONSOLE_FIFO" \
    --fail-on 'Kernel panic' --fail-on 'Oops' --fail-on 'Call trace' -- "${MACHINE[@]}"
tb=$(date +%s)
if console_wait 'login: *$' "${BOOT_TIMEOUT_LOGIN:-600}"; then
    pass "rootfs: serial login prompt after $(( $(date +%s) - tb ))s"
else
    fail "rootfs: no login prompt"; show_tail "$BOOT_LOG" 25
    kill "$BOOT_BG_PID" 2>/dev/null; boot_wait; summary; exit
fi
info "$(clean <"$BOOT_LOG" | grep -m1 -E "Debian GNU/Linux|Ubuntu" || true)"
n=$(log_lines)
console_send root
console_wait 'Password: *$' 60 "$n" && console_send "$root_pw"
if console_wait 'root@[^:]*:~# *$' 120 "$n"; then pass "rootfs: logged in as root"
else fail "rootfs: root login failed"; show_tail "$BOOT_LOG"; fi

n=$(log_lines)
console_send "tinyvm-guest-check http://10.0.2.2:$port/blob $blob_sha $token"
if ! console_wait '^GUEST-CHECK: DONE' "${BOOT_TIMEOUT_CHECK:-400}" "$n"; then
    fail "rootfs: tinyvm-guest-check did not finish"; show_tail "$BOOT_LOG" 25
fi
out=$(tail -n +"$n" "$BOOT_LOG" | clean | grep "^guest-check: ")
sed 's/^guest-check: /      guest: /' <<<"$out"
state=$(sed -n 's/^guest-check: system //p' <<<"$out")
units=$(sed -n 's/^guest-check: failed unit //p' <<<"$out" | tr '\n' ' ')
if [ "$state" = running ]; then pass "rootfs: systemctl is-system-running: running"
elif [ "$state" = degraded ] && [ "${BOOT_ALLOW_DEGRADED:-0}" = 1 ]; then pass "rootfs: system degraded (allowed): $units"
else fail "rootfs: systemctl is-system-running: ${state:-?} ${units:+(failed: $units)}"; fi
while IFS= read -r l; do
    case $l in
        "guest-check: ok: "*) pass "rootfs: guest ${l#guest-check: ok: }" ;;
        "guest-check: FAIL: "*) fail "rootfs: guest ${l#guest-check: FAIL: }" ;;
    esac
done <<<"$out"

# hostfwd: the host reaches the guest's web server.
if got=$(timeout 20 bash -c "$(declare -f http_get); http_get 127.0.0.1 $fwd /hello.txt") &&
   [ "$got" = "hello from the tinyvm guest $token" ]; then
    pass "rootfs: host fetched /hello.txt from the guest through hostfwd"
else
    fail "rootfs: hostfwd 127.0.0.1:$fwd -> guest:8080 gave '${got:-nothing}'"
fi
vdb_guest=$(sed -n 's/^guest-check: vdb sha256 //p' <<<"$out")

console_send poweroff
boot_wait
console_close
if [ "$BOOT_STATUS" = 0 ]; then pass "rootfs: poweroff ended the emulator with status 0 (boot total ${BOOT_SECS}s)"
else fail "rootfs: exit status $BOOT_STATUS after poweroff, expected 0 (${BOOT_SECS}s)"; show_tail "$BOOT_LOG"; fi

# The host side: the data the guest wrote is on the image files.
vdb_host=$(head -c 4194304 "$vdb" | sha256sum | cut -d' ' -f1)
if [ -n "$vdb_guest" ] && [ "$vdb_guest" = "$vdb_host" ]; then pass "rootfs: /dev/vdb pattern on the host file (sha256 $vdb_host)"
else fail "rootfs: /dev/vdb sha256 guest ${vdb_guest:-?} host $vdb_host"; fi
if e2fsck -fn "$img" >"$BOOT_OUT/e2fsck.$BOOT_EMU.log" 2>&1; then pass "rootfs: e2fsck -fn on the image is clean"
else fail "rootfs: e2fsck -fn found problems"; tail -n 10 "$BOOT_OUT/e2fsck.$BOOT_EMU.log" | sed 's/^/      /'; fi
written=$(debugfs -R 'cat /root/tinyvm-written.txt' "$img" 2>/dev/null)
if [ "$written" = "$token" ]; then pass "rootfs: debugfs reads the file the guest wrote"
else fail "rootfs: debugfs: /root/tinyvm-written.txt holds '${written:-nothing}', expected $token"; fi
rm -f "$img" "$vdb"
summary
