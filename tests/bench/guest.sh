#!/bin/busybox sh
# tests/bench/guest.sh - the guest side of `make bench` (items 3-7), installed as
# /check.sh in the bench initramfs (the standard initramfs plus an appended cpio
# with this script and /bench/cpubench). The standard /init loads the virtio
# modules and, with tinyvm.check=1 on the kernel command line, execs /check.sh.
#
# Kernel command line:
#   tinyvm.bench=quick      only the CPU program at a small scale (the make-test smoke
#                           check), then power off
#   tinyvm.bench=cpu        only the CPU program at full scale (for profiling)
#   tinyvm.bench=full       everything below
#   tinyvm.benchport=PORT   the host's HTTP server (reached as 10.0.2.2:PORT)
#   tinyvm.benchmb=MB       size of the disk transfers (default 64)
#
# Every line for the host starts with "BENCH: "; times come from the guest's own
# monotonic clock (cpubench now). The host reads them in tests/bench/bench.py.
export PATH=/bin
mode=full port= mb=64
for w in $(cat /proc/cmdline); do
    case $w in
        tinyvm.bench=*) mode=${w#tinyvm.bench=} ;;
        tinyvm.benchport=*) port=${w#tinyvm.benchport=} ;;
        tinyvm.benchmb=*) mb=${w#tinyvm.benchmb=} ;;
    esac
done
say() { echo "BENCH: $*"; }
t() { /bench/cpubench now; }

say start mode=$mode
if [ "$mode" = quick ] || [ "$mode" = cpu ]; then
    scale=1; [ "$mode" = quick ] && scale=0.05
    /bench/cpubench run $scale | sed 's/^/BENCH: /'
    say done
    poweroff -f
fi

# 3. the CPU-bound program
/bench/cpubench run | sed 's/^/BENCH: /'

# 4. sequential disk write then read on the scratch disk, O_DIRECT (no page cache)
if [ -b /dev/vda ]; then
    t0=$(t); dd if=/dev/zero of=/dev/vda bs=1M count="$mb" oflag=direct 2>/dev/null; t1=$(t)
    say disk-write bytes=$((mb * 1048576)) t0=$t0 t1=$t1
    t0=$(t); dd if=/dev/vda of=/dev/null bs=1M count="$mb" iflag=direct 2>/dev/null; t1=$(t)
    say disk-read bytes=$((mb * 1048576)) t0=$t0 t1=$t1
else
    say disk-write error=no-/dev/vda
fi

# 5. download from the host through user networking (slirp)
if [ -n "$port" ] && [ -e /sys/class/net/eth0 ]; then
    ip link set eth0 up
    udhcpc -i eth0 -n -q -t 10 -T 1 -s /usr/share/udhcpc/default.script >/dev/null 2>&1
    t0=$(t); wget -q -O /tmp/blob "http://10.0.2.2:$port/blob"; st=$?; t1=$(t)
    size=$(wc -c </tmp/blob 2>/dev/null || echo 0)
    say net-download status=$st bytes=$size t0=$t0 t1=$t1
    rm -f /tmp/blob
else
    say net-download error=no-network
fi

# 6. make all free guest RAM resident, so the host's peak RSS minus guest RAM is
#    the emulator's own overhead (the same for both emulators)
/bench/cpubench touch | sed 's/^/BENCH: /'

# 7. idle: the host samples its CPU time while the guest sleeps
say idle-begin
sleep 13
say idle-end
sleep 1
poweroff -f
