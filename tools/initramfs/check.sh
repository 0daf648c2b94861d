#!/bin/sh
# /check.sh - the initramfs self-test (boot smoke test 1), run by /init when the
# kernel command line has tinyvm.check=1. Every line starts "tinyvm-check:"; the
# last one is "TINYVM-CHECK: PASS" or "TINYVM-CHECK: FAIL (N)"; then it powers off
# (PSCI SYSTEM_OFF: tinyvm exits 0). The host compares the sha256 line with its own
# sha256 of the same file; tinyvm.sha256=HEX on the command line is checked here too.

fails=0
say() { echo "tinyvm-check: $*"; }
bad() { echo "tinyvm-check: FAIL: $*"; fails=$((fails + 1)); }
same() { # what got expected
    if [ "$2" = "$3" ]; then say "ok: $1"; else bad "$1: got '$2', expected '$3'"; fi
}

say "begin"
say "uname: $(uname -a)"
same "uname -m" "$(uname -m)" aarch64
same "uname -s" "$(uname -s)" Linux

feat=$(sed -n 's/^Features[[:space:]]*: //p' /proc/cpuinfo | head -n1)
say "cpu features: $feat"
say "cpus: $(grep -c '^processor' /proc/cpuinfo), $(sed -n 's/^CPU implementer.*: //p' /proc/cpuinfo | head -n1) implementer"
for f in fp asimd; do
    case " $feat " in *" $f "*) say "ok: cpu feature $f" ;; *) bad "cpu feature $f missing" ;; esac
done
say "memory: $(sed -n 's/^MemTotal: *//p' /proc/meminfo)"

# The modules /init loaded are live.
while read -r m; do
    [ -n "$m" ] || continue
    n=${m##*/}; n=${n%%.ko*}; n=$(echo "$n" | tr - _)
    if grep -q "^$n " /proc/modules; then say "ok: module $n"; else bad "module $n not loaded"; fi
done </etc/tinyvm/modules

# busybox at work: arithmetic, text tools, pipes, tmpfs, compression.
same "shell arithmetic" "$((6 * 7))" 42
same "seq | awk sum" "$(seq 1 100 | awk '{ s += $1 } END { print s }')" 5050
same "sed" "$(echo 'hello guest' | sed 's/hello/goodbye/')" "goodbye guest"
same "sort | tr" "$(printf 'c\nb\na\n' | sort | tr -d '\n')" abc
same "wc -l" "$(seq 1 1000 | wc -l)" 1000
same "expr" "$(expr 1000000 / 7)" 142857
same "printf %x" "$(printf '%x' 3735928559)" deadbeef
dd if=/check/known.bin of=/tmp/copy bs=4096 2>/dev/null
if cmp -s /check/known.bin /tmp/copy; then say "ok: tmpfs copy"; else bad "tmpfs copy differs"; fi
same "gzip round trip" "$(gzip -c /check/known.bin | gunzip | sha256sum | cut -d' ' -f1)" \
    "$(cat /check/known.sha256)"
rm -f /tmp/copy

sum=$(sha256sum /check/known.bin | cut -d' ' -f1)
say "sha256 known.bin $sum"
same "sha256 vs the initramfs' record" "$sum" "$(cat /check/known.sha256)"
for w in $(cat /proc/cmdline); do
    case $w in tinyvm.sha256=*) same "sha256 vs the command line" "$sum" "${w#tinyvm.sha256=}" ;; esac
done

# The same computations the host does (tests/boot/initramfs.sh compares):
# another digest, and double-precision arithmetic and printf through awk
# (busybox's awk has no libm functions).
say "md5 known.bin $(md5sum /check/known.bin | cut -d' ' -f1)"
say "awk fp $(awk 'BEGIN { s = 0; for (i = 1; i <= 100000; i++) s += (i % 13 - 6.5) / (i * 1.37) + i / 3e7; printf "%.12e", s }')"

# tinyvm.scratch=DEV: a disk to write over (the host attaches it with
# snapshot=on and checks its image file is unchanged afterwards). What is
# read back must be what was written.
for w in $(cat /proc/cmdline); do
    case $w in
    tinyvm.scratch=*)
        dev=/dev/${w#tinyvm.scratch=}
        want=$(yes tinyvm-scratch | head -c 1048576 | sha256sum | cut -d' ' -f1)
        yes tinyvm-scratch | head -c 1048576 | dd of="$dev" bs=65536 conv=fsync 2>/dev/null
        echo 3 >/proc/sys/vm/drop_caches
        got=$(head -c 1048576 "$dev" | sha256sum | cut -d' ' -f1)
        same "scratch disk $dev reads back what was written" "$got" "$want"
        say "scratch sha256 $got"
        ;;
    esac
done

say "date $(date -u +%Y-%m-%dT%H:%M:%SZ), uptime $(cut -d' ' -f1 /proc/uptime)s"
if [ "$fails" -eq 0 ]; then echo "TINYVM-CHECK: PASS"; else echo "TINYVM-CHECK: FAIL ($fails)"; fi
sync
poweroff -f
