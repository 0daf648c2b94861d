# tests/boot/lib.sh - helpers for the boot smoke tests (sourced by tests/boot/*.sh).
# shellcheck shell=bash
#
# A test boots a guest on an emulator and judges it by the emulator's exit status
# and the console log. The emulator is tinyvm by default; BOOT_EMU=qemu runs the
# same guest on qemu-system-aarch64, the oracle, to prove the guest side (the
# images, /init, the check scripts, the expected markers) independently of tinyvm.
#
# tinyvm judges a boot itself: --expect REGEX (exit 0 on a match), --fail-on REGEX
# (exit 6), --timeout SECONDS (exit 5), -no-reboot (a reset exits 3), --console-log.
# QEMU has none of these, so for QEMU this file watches the log and maps what it
# sees onto tinyvm's statuses; a reset under -no-reboot (QEMU exits 0 then too) is
# told from a power-off by the kernel's last words.

set -uo pipefail

BOOT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BOOT_EMU=${BOOT_EMU:-tinyvm}
TINYVM=${TINYVM:-$BOOT_ROOT/tinyvm}
QEMU=${QEMU:-qemu-system-aarch64}
BOOT_OUT=${BOOT_OUT:-$BOOT_ROOT/build/boot-tests}
BOOT_MEM=${BOOT_MEM:-1G}
mkdir -p "$BOOT_OUT"

# Exit statuses (README "Exit status").
ST_OK=0 ST_RESET=3 ST_TIMEOUT=5 ST_FAILON=6

PASSED=0 FAILED=0 SKIPPED=0
pass() { PASSED=$((PASSED + 1)); printf 'PASS  %s\n' "$*"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL  %s\n' "$*"; }
skip() { SKIPPED=$((SKIPPED + 1)); printf 'SKIP  %s\n' "$*"; }
info() { printf '      %s\n' "$*"; }
summary() {  # the closing line CI reads
    if [ "$SKIPPED" -gt 0 ]; then
        printf 'boot: %d passed, %d failed, %d skipped\n' "$PASSED" "$FAILED" "$SKIPPED"
    else
        printf 'boot: %d passed, %d failed\n' "$PASSED" "$FAILED"
    fi
    [ "$FAILED" -eq 0 ]
}

# Run a tool from tools/ and import its KEY=VALUE lines.
import_tool() {
    local out
    out=$("$BOOT_ROOT/tools/$1" --quiet "${@:2}") || return 1
    eval "$out"
}

# ---- one boot ----------------------------------------------------------------------
# boot NAME [boot options] -- [machine args]        boot and wait for the end
# boot_start NAME ...; (drive the console); boot_wait    the same in two halves
#   --timeout S  --expect RE  --fail-on RE (repeatable)  --stdin FILE|FIFO
# Machine args are given in tinyvm's (= QEMU's) syntax and passed to either one;
# BOOT_QEMU_EXTRA / BOOT_TINYVM_EXTRA add emulator-specific ones.
# boot_wait sets BOOT_STATUS, BOOT_SECS (wall time), BOOT_LOG (the console).
BOOT_BG_PID=
boot_start() {
    BOOT_NAME=$1; shift
    BOOT_TIMEOUT=120 BOOT_EXPECT= BOOT_FAILON=()
    local stdin=/dev/null
    while [ $# -gt 0 ] && [ "$1" != -- ]; do
        case $1 in
            --timeout) BOOT_TIMEOUT=$2; shift 2 ;;
            --expect) BOOT_EXPECT=$2; shift 2 ;;
            --fail-on) BOOT_FAILON+=("$2"); shift 2 ;;
            --stdin) stdin=$2; shift 2 ;;
            *) echo "boot: bad option $1" >&2; return 2 ;;
        esac
    done
    shift
    BOOT_LOG=$BOOT_OUT/$BOOT_NAME.$BOOT_EMU.log
    : >"$BOOT_LOG"
    local cmd=() f
    BOOT_T0=$(date +%s.%N)
    if [ "$BOOT_EMU" = tinyvm ]; then
        cmd=("$TINYVM" -nographic -no-reboot --timeout "$BOOT_TIMEOUT" --console-log "$BOOT_LOG")
        [ -n "$BOOT_EXPECT" ] && cmd+=(--expect "$BOOT_EXPECT")
        for f in "${BOOT_FAILON[@]}"; do cmd+=(--fail-on "$f"); done
        # shellcheck disable=SC2206
        cmd+=("$@" ${BOOT_TINYVM_EXTRA:-})
        "${cmd[@]}" <"$stdin" >"$BOOT_OUT/$BOOT_NAME.$BOOT_EMU.stdout" 2>"$BOOT_OUT/$BOOT_NAME.$BOOT_EMU.stderr" &
    else
        # shellcheck disable=SC2206
        cmd=("$QEMU" -M virt,gic-version=3 -nographic -no-reboot "$@" ${BOOT_QEMU_EXTRA:-})
        "${cmd[@]}" <"$stdin" >"$BOOT_LOG" 2>"$BOOT_OUT/$BOOT_NAME.$BOOT_EMU.stderr" &
    fi
    BOOT_BG_PID=$!
    printf '%s\n' "${cmd[*]}" >"$BOOT_LOG.cmd"
}

boot_wait() {
    local f
    if [ "$BOOT_EMU" = tinyvm ]; then
        wait "$BOOT_BG_PID"; BOOT_STATUS=$?
    else
        # QEMU: watch the log for what tinyvm's --expect/--fail-on/--timeout would see.
        BOOT_STATUS=
        local deadline
        deadline=$(echo "$BOOT_T0 + $BOOT_TIMEOUT" | bc | cut -d. -f1)
        while kill -0 "$BOOT_BG_PID" 2>/dev/null; do
            for f in "${BOOT_FAILON[@]}"; do
                if tr -d '\r' <"$BOOT_LOG" | grep -Eq -- "$f"; then BOOT_STATUS=$ST_FAILON; break 2; fi
            done
            if [ -n "$BOOT_EXPECT" ] && tr -d '\r' <"$BOOT_LOG" | grep -Eq -- "$BOOT_EXPECT"; then BOOT_STATUS=$ST_OK; break; fi
            if [ "$(date +%s)" -ge "$deadline" ]; then BOOT_STATUS=$ST_TIMEOUT; break; fi
            sleep 0.2
        done
        if [ -n "$BOOT_STATUS" ]; then
            kill "$BOOT_BG_PID" 2>/dev/null; wait "$BOOT_BG_PID" 2>/dev/null
        else
            wait "$BOOT_BG_PID"; BOOT_STATUS=$?
            # QEMU exits 0 on a reset under -no-reboot, as on a power-off.
            if [ "$BOOT_STATUS" = 0 ] && grep -Eq 'reboot: Restarting system|Kernel panic' "$BOOT_LOG" &&
               ! grep -q 'reboot: Power down' "$BOOT_LOG"; then
                BOOT_STATUS=$ST_RESET
            fi
        fi
    fi
    BOOT_BG_PID=
    BOOT_SECS=$(printf '%.1f' "$(echo "$(date +%s.%N) - $BOOT_T0" | bc)")
    printf '%-28s %-7s status %-3s %6ss\n' "$BOOT_NAME" "$BOOT_EMU" "$BOOT_STATUS" "$BOOT_SECS" >>"$BOOT_OUT/times"
    return 0
}

boot() { boot_start "$@" && boot_wait; }

# The machine arguments, tinyvm's syntax; QEMU needs its devices spelled out.
# machine_args KERNEL [INITRD] -- APPEND   prints into the array MACHINE
machine_base() {
    MACHINE=(-cpu max -m "$BOOT_MEM" -kernel "$1")
    [ -n "${2:-}" ] && MACHINE+=(-initrd "$2")
    return 0
}
# A raw disk: the same -drive for both (tinyvm's if=virtio = a virtio-mmio disk).
machine_drive() {  # FILE
    if [ "$BOOT_EMU" = tinyvm ]; then MACHINE+=(-drive "file=$1,format=raw,if=virtio")
    else local id=hd$((${#MACHINE[@]})); MACHINE+=(-drive "file=$1,format=raw,if=none,id=$id" -device "virtio-blk-device,drive=$id"); fi
}
machine_nic() {  # [hostfwd spec]
    local fwd=${1:+,hostfwd=$1}
    if [ "$BOOT_EMU" = tinyvm ]; then MACHINE+=(-nic "user$fwd")
    else MACHINE+=(-netdev "user,id=n0$fwd" -device virtio-net-device,netdev=n0); fi
}
machine_rng() { MACHINE+=(-device virtio-rng-device); }

# Show the end of a log when a check fails.
show_tail() { info "last lines of $1:"; tail -n "${2:-15}" "$1" | tr -d '\r' | sed 's/^/      | /'; }

# ---- interactive console (log in, type commands) -------------------------------------
# console_start: a FIFO that will be the emulator's stdin; console_send writes to it.
console_open() {
    CONSOLE_FIFO=$BOOT_OUT/console.$$.fifo
    rm -f "$CONSOLE_FIFO"; mkfifo "$CONSOLE_FIFO"
    exec 7<>"$CONSOLE_FIFO"
}
console_close() { exec 7>&- 2>/dev/null; rm -f "$CONSOLE_FIFO"; }
console_send() { printf '%s\r' "$1" >&7; }
# console_wait REGEX SECONDS [FROM_LINE]: wait until the log (from line FROM_LINE on) matches.
console_wait() {
    local re=$1 secs=$2 from=${3:-1} end
    end=$(( $(date +%s) + secs ))
    while [ "$(date +%s)" -lt "$end" ]; do
        tail -n +"$from" "$BOOT_LOG" 2>/dev/null | clean | grep -Eq -- "$re" && return 0
        [ -n "${BOOT_BG_PID:-}" ] && ! kill -0 "$BOOT_BG_PID" 2>/dev/null && return 1
        if [ "$BOOT_EMU" != tinyvm ]; then   # tinyvm ends itself on --fail-on
            local f; for f in "${BOOT_FAILON[@]}"; do
                tr -d '\r' <"$BOOT_LOG" | grep -Eq -- "$f" && return 1
            done
        fi
        sleep 0.3
    done
    return 1
}
log_lines() { wc -l <"$BOOT_LOG"; }
# The console log without CRs and terminal escapes (bash's bracketed-paste codes, colours).
clean() { sed -e 's/\x1b\[[0-9;?]*[a-zA-Z]//g' | tr -d '\r'; }

# ---- a small HTTP server on the host's loopback, for the guest's network test ----------
# Serves DIR on 127.0.0.1:PORT; the guest reaches it through slirp as 10.0.2.2:PORT.
http_start() {  # DIR PORT BUSYBOX_ARM64
    local dir=$1 port=$2 bb=${3:-}
    if command -v busybox >/dev/null 2>&1; then
        busybox httpd -f -p "127.0.0.1:$port" -h "$dir" &
    elif [ -n "$bb" ] && command -v qemu-aarch64 >/dev/null 2>&1; then
        # no host busybox: run the initramfs' arm64 busybox under qemu-user
        qemu-aarch64 "$bb" httpd -f -p "127.0.0.1:$port" -h "$dir" &
    else
        return 1
    fi
    HTTP_PID=$!
    local i
    for i in $(seq 1 50); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}
http_stop() { [ -n "${HTTP_PID:-}" ] && kill "$HTTP_PID" 2>/dev/null; HTTP_PID=; }
# http_get HOST PORT PATH > body   (bash's /dev/tcp: no curl needed)
http_get() {
    exec 5<>"/dev/tcp/$1/$2" || return 1
    printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$3" "$1" >&5
    # drop the header: everything up to the first empty line
    sed -u '1,/^\r\{0,1\}$/d' <&5
    exec 5<&-
}
free_port() {  # a likely-free TCP port on the loopback
    local p
    for p in $(shuf -i 20000-40000 -n 20); do
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
    done
    echo 28080
}

boot_cleanup() {
    [ -n "${BOOT_BG_PID:-}" ] && kill "$BOOT_BG_PID" 2>/dev/null
    http_stop
    [ -n "${CONSOLE_FIFO:-}" ] && console_close
    return 0
}
trap boot_cleanup EXIT
