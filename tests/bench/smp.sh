#!/usr/bin/env bash
# tests/bench/smp.sh - several CPUs (issue 10): Debian's kernel + the busybox
# initramfs at -smp N (default 2), on tinyvm in each -accel mode it supports
# and on qemu-system-aarch64 (MTTCG, QEMU's default for aarch64) with the same
# -smp, same machine, same run. Two numbers per emulator:
#   boot      host seconds from start to the initramfs shell prompt
#   parallel  host seconds for N sha256sum processes over the same 8 MB file,
#             started together in the guest (one per CPU)
#   serial    the same N sha256sum one after the other (so parallel/serial
#             shows how much the CPUs really overlap)
# Not a timed test: wall-clock numbers on a shared machine are noisy; compare
# the ratios of one run.
#   SMP=2  ROUNDS=1  TINYVM_ACCELS="tcg,thread=single"  QEMU=qemu-system-aarch64
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
BOOT_OUT=${BOOT_OUT:-build/bench-smp}
. tests/boot/lib.sh >/dev/null
SMP=${SMP:-2}
ROUNDS=${ROUNDS:-1}
TINYVM_ACCELS=${TINYVM_ACCELS:-tcg,thread=single}
import_tool fetch-kernel.sh || { echo "bench-smp: fetch-kernel.sh failed"; exit 1; }
import_tool build-initramfs.sh || { echo "bench-smp: build-initramfs.sh failed"; exit 1; }
[ -x ./tinyvm ] || { echo "bench-smp: ./tinyvm is not built (make)"; exit 1; }

now() { date +%s.%N; }
# wait_line REGEX SECONDS: poll the log every 50 ms; print the host time of the match.
wait_line() {
    local end=$(( $(date +%s) + $2 ))
    while [ "$(date +%s)" -lt "$end" ]; do
        if clean <"$BOOT_LOG" | grep -Eq -- "$1"; then now; return 0; fi
        kill -0 "$BOOT_BG_PID" 2>/dev/null || return 1
        sleep 0.05
    done
    return 1
}

workload="yes tinyvm-bench | head -c 8388608 >/tmp/d; echo BENCH go;"
workload+=' t=0; while [ $t -lt $(nproc) ]; do sha256sum /tmp/d >/dev/null & t=$((t+1)); done; wait; echo BENCH parallel-done;'
workload+=' t=0; while [ $t -lt $(nproc) ]; do sha256sum /tmp/d >/dev/null; t=$((t+1)); done; echo BENCH serial-done;'
workload+=' poweroff -f'

results=()
one() {  # EMU LABEL [extra args]
    local emu=$1 label=$2; shift 2
    BOOT_EMU=$emu
    machine_base "$KERNEL_IMAGE" "$INITRD"
    MACHINE+=(-smp "$SMP" -append "console=ttyAMA0 panic=-1" "$@")
    console_open
    boot_start "bench-$label" --timeout 600 --stdin "$CONSOLE_FIFO" -- "${MACHINE[@]}"
    local t0=$BOOT_T0 t_shell t_go t_par t_ser
    if t_shell=$(wait_line 'initramfs shell' 300); then
        sleep 0.3
        console_send "$workload"
        t_go=$(wait_line '^BENCH go' 300) && t_par=$(wait_line '^BENCH parallel-done' 600) &&
            t_ser=$(wait_line '^BENCH serial-done' 600)
    fi
    boot_wait
    console_close
    if [ -z "${t_ser:-}" ]; then
        results+=("$(printf '%-34s failed (status %s, see %s)' "$label" "$BOOT_STATUS" "$BOOT_LOG")")
        return
    fi
    results+=("$(printf '%-34s boot %6.2f s   parallel %6.2f s   serial %6.2f s' "$label" \
        "$(echo "$t_shell - $t0" | bc)" "$(echo "$t_par - $t_go" | bc)" "$(echo "$t_ser - $t_par" | bc)")")
}

for r in $(seq 1 "$ROUNDS"); do
    for a in $TINYVM_ACCELS; do one tinyvm "tinyvm-smp$SMP-${a#tcg,}" -accel "$a"; done
    if command -v "${QEMU:-qemu-system-aarch64}" >/dev/null; then
        one qemu "qemu-smp$SMP-mttcg" -accel tcg,thread=multi
    fi
done
echo "bench-smp: -smp $SMP, host $(nproc) cores, $(date -u +%FT%TZ)"
printf '  %s\n' "${results[@]}"
