#!/usr/bin/env bash
# Boot smoke test 3: the failure paths a CI farm relies on.
#   a) no root device, panic=-1 under -no-reboot: the kernel panics and resets;
#      the emulator ends with the reset status (3).
#   b) --timeout on a guest that never prints the expected text: status 5.
#   c) --fail-on fires on a panic message: status 6.
# (a) and (c) boot tinyvm's own kernel (tools/build-kernel.sh: no initramfs, so a
# missing disk panics at once); (b) Debian's kernel with the initramfs shell.
#   BOOT_EMU=tinyvm (default) or qemu (the oracle; its statuses are derived from
#   the console log by tests/boot/lib.sh).
. "$(dirname "$0")/lib.sh"
echo "boot test 3: failure paths on $BOOT_EMU"

if import_tool build-kernel.sh; then
    own=$KERNEL_IMAGE
    # a) missing root device
    machine_base "$own"
    MACHINE+=(-append "console=ttyAMA0 root=/dev/vda panic=-1")
    boot noroot-reset --timeout "${BOOT_TIMEOUT_FAILURE:-180}" -- "${MACHINE[@]}"
    if [ "$BOOT_STATUS" = "$ST_RESET" ] && grep -q 'Kernel panic' "$BOOT_LOG"; then
        pass "failure: missing root + panic=-1 -no-reboot -> reset status 3 (${BOOT_SECS}s)"
    else
        fail "failure: missing root: status $BOOT_STATUS, expected 3 after a panic (${BOOT_SECS}s)"; show_tail "$BOOT_LOG"
    fi
    info "$(grep -m1 -o 'Kernel panic.*' "$BOOT_LOG" | tr -d '\r')"

    # c) --fail-on on the panic (panic=0: the kernel would wait forever after it)
    machine_base "$own"
    MACHINE+=(-append "console=ttyAMA0 root=/dev/vda panic=0")
    boot failon-panic --timeout "${BOOT_TIMEOUT_FAILURE:-180}" --fail-on 'Kernel panic' -- "${MACHINE[@]}"
    if [ "$BOOT_STATUS" = "$ST_FAILON" ]; then pass "failure: --fail-on 'Kernel panic' -> status 6 (${BOOT_SECS}s)"
    else fail "failure: --fail-on: status $BOOT_STATUS, expected 6 (${BOOT_SECS}s)"; show_tail "$BOOT_LOG"; fi
else
    fail "failure: build-kernel.sh failed: (a) and (c) not run"
fi

# b) --timeout: the initramfs shell waits for input and never prints the text.
if import_tool build-initramfs.sh; then
    machine_base "$KERNEL_IMAGE" "$INITRD"
    MACHINE+=(-append "console=ttyAMA0")
    t=${BOOT_TIMEOUT_SHORT:-20}
    boot timeout --timeout "$t" --expect 'text the guest never prints' -- "${MACHINE[@]}"
    if [ "$BOOT_STATUS" = "$ST_TIMEOUT" ]; then pass "failure: --timeout $t on a silent guest -> status 5 (${BOOT_SECS}s)"
    else fail "failure: --timeout: status $BOOT_STATUS, expected 5 (${BOOT_SECS}s)"; show_tail "$BOOT_LOG"; fi
    if [ "$BOOT_EMU" = tinyvm ]; then
        err=$BOOT_OUT/timeout.tinyvm.stderr
        if [ -s "$err" ]; then pass "failure: --timeout printed the last console lines to stderr"
        else fail "failure: --timeout printed nothing on stderr (the last console lines are expected)"; fi
    fi
else
    fail "failure: build-initramfs.sh failed: (b) not run"
fi
summary
