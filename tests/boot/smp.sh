#!/usr/bin/env bash
# Boot smoke test: several CPUs (issue 10). Debian's kernel + the initramfs
# shell with -smp 2 and -smp 4: the guest must see every CPU (nproc,
# /proc/cpuinfo), take CPU 1 offline and back online through sysfs (PSCI
# CPU_OFF / CPU_ON, AFFINITY_INFO), and several sha256sum processes running
# in parallel over the same data must all print the digest the host computes.
#   SMP_MATRIX="2:single 4:multi"   the boots, as COUNT:MODE (-accel tcg,thread=MODE;
#                      MODE "default" passes no -accel). make test runs the
#                      default; SMP_MATRIX=all boots -smp 2 and 4 in both modes.
#   BOOT_EMU=tinyvm (default) or qemu (the oracle); see tests/boot/lib.sh.
. "$(dirname "$0")/lib.sh"
echo "boot test: several CPUs on $BOOT_EMU"

import_tool fetch-kernel.sh || { fail "smp: fetch-kernel.sh"; summary; exit; }
import_tool build-initramfs.sh || { fail "smp: build-initramfs.sh"; summary; exit; }

bytes=3145728  # 3 MB of `yes` output for each sha256sum
want=$(yes tinyvm-smp | head -c "$bytes" | sha256sum | cut -d' ' -f1)

# One shell line: every result on an "SMPT" line, then power off. The
# workload starts one sha256sum per CPU in the background and waits for all.
script='echo SMPT nproc=$(nproc) cpuinfo=$(grep -c ^processor /proc/cpuinfo);'
script+=' echo 0 >/sys/devices/system/cpu/cpu1/online; echo SMPT offline=$(cat /sys/devices/system/cpu/online) nproc=$(nproc);'
script+=' echo 1 >/sys/devices/system/cpu/cpu1/online; echo SMPT online=$(cat /sys/devices/system/cpu/online) nproc=$(nproc);'
script+=" yes tinyvm-smp | head -c $bytes >/tmp/data;"
script+=' n=$(nproc); i=0; while [ $i -lt $n ]; do sha256sum /tmp/data >/tmp/sum.$i & i=$((i+1)); done; wait;'
script+=' echo SMPT sums=$(cat /tmp/sum.* | cut -d" " -f1 | sort | uniq -c | tr -s " ");'
script+=' echo SMPT done; poweroff -f'

one() {  # NCPUS [ACCEL]
    local n=$1 accel=${2:-} tag="smp$1${2:+-${2#tcg,thread=}}"
    machine_base "$KERNEL_IMAGE" "$INITRD"
    MACHINE+=(-smp "$n" -append "console=ttyAMA0 panic=-1")
    [ -n "$accel" ] && MACHINE+=(-accel "$accel")
    console_open
    boot_start "$tag" --timeout "${BOOT_TIMEOUT_SMP:-150}" --stdin "$CONSOLE_FIFO" \
        --fail-on 'Kernel panic' --fail-on 'Oops' --fail-on 'Call trace' --fail-on 'BUG:' \
        -- "${MACHINE[@]}"
    if console_wait 'initramfs shell' 120; then
        sleep 0.5
        console_send "$script"
        console_wait '^SMPT done' 120 || true
    fi
    boot_wait
    console_close
    local log; log=$(clean <"$BOOT_LOG")
    if [ "$BOOT_STATUS" = 0 ]; then pass "$tag: guest powered off, exit 0 (${BOOT_SECS}s)"
    else fail "$tag: exit status $BOOT_STATUS, expected 0 (${BOOT_SECS}s)"; show_tail "$BOOT_LOG"; return; fi
    if grep -q "smp: Brought up 1 node, $n CPUs" <<<"$log"; then pass "$tag: kernel brought up $n CPUs"
    else fail "$tag: no 'Brought up 1 node, $n CPUs'"; fi
    if grep -q "^SMPT nproc=$n cpuinfo=$n\$" <<<"$log"; then pass "$tag: nproc and /proc/cpuinfo list $n CPUs"
    else fail "$tag: $(grep '^SMPT nproc' <<<"$log" || echo 'no nproc line')"; fi
    local rest; [ "$n" -gt 2 ] && rest=",2-$((n - 1))" || rest=
    [ "$n" -eq 3 ] && rest=",2"
    if grep -q "^SMPT offline=0$rest nproc=$((n - 1))\$" <<<"$log" &&
       grep -q "^SMPT online=0-$((n - 1)) nproc=$n\$" <<<"$log"; then
        pass "$tag: CPU 1 went offline and came back online"
    else fail "$tag: hotplug: $(grep -E '^SMPT (off|on)line' <<<"$log" | tr '\n' ' ')"; fi
    if grep -q "^SMPT sums= $n $want\$" <<<"$log"; then pass "$tag: $n parallel sha256sum agree with the host"
    else fail "$tag: parallel sha256sum: $(grep '^SMPT sums' <<<"$log" || echo 'no result') (want $n x $want)"; fi
}

matrix=${SMP_MATRIX:-2:single 4:multi}
[ "$matrix" = all ] && matrix="2:single 2:multi 4:single 4:multi"
for nm in $matrix; do
    n=${nm%%:*} mode=${nm#*:}
    if [ "$BOOT_EMU" = tinyvm ] && [ "$mode" != default ]; then one "$n" "tcg,thread=$mode"
    else one "$n"; fi
done
summary
