#!/usr/bin/env bash
# test_cli.sh TINYVM FWDIR - tinyvm as a script sees it: the exit statuses of
# the boot-testing options and -no-reboot, the DTB dump, the console log.
set -u
tv=$1; fw=$2
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# check NAME WANT-STATUS GOT-STATUS [CONDITION-STATUS]
check() {
  local name=$1 want=$2 got=$3 cond=${4:-0}
  if [ "$got" = "$want" ] && [ "$cond" = 0 ]; then
    pass=$((pass+1)); echo "PASS  $name"
  else
    fail=$((fail+1)); echo "FAIL  $name: exit status $got (want $want), condition $cond"
    sed 's/^/    stdout| /' "$tmp/out" | tail -5; sed 's/^/    stderr| /' "$tmp/err" | tail -5
  fi
}
run() { timeout 60 "$tv" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"; }

run -kernel "$fw/demo/hello.img"
check "guest powers off: 0" 0 $?

run --expect 'checksum of a million' -kernel "$fw/demo/hello.img"
st=$?; ! grep -q 'RESULT' "$tmp/out"; check "--expect stops at the match: 0" 0 $st $?

run --fail-on 'million steps' --expect 'RESULT: PASS' -kernel "$fw/demo/hello.img"
st=$?; grep -q "fail-on.*million steps" "$tmp/err"; check "--fail-on before --expect: 6" 6 $st $?

start=$(date +%s%N)
run --timeout 1.5 --expect 'never printed' -kernel "$fw/cli/idle.img"
st=$?; ms=$(( ($(date +%s%N) - start) / 1000000 ))
grep -q '| idle: waiting forever' "$tmp/err"; c1=$?
[ $ms -ge 1400 ] && [ $ms -lt 5000 ]; c2=$?
check "--timeout on an idle guest: 5 after 1.5 s (${ms} ms), last lines shown" 5 $st $((c1 + c2))

# An idle guest sleeps in WFI: tinyvm uses (almost) no host CPU meanwhile.
/usr/bin/time -f '%U %S' -o "$tmp/time" timeout 60 "$tv" --timeout 2 -kernel "$fw/cli/idle.img" </dev/null >/dev/null 2>&1
cpu=$(awk '{printf "%d", ($1 + $2) * 1000}' "$tmp/time")
[ "$cpu" -lt 500 ]; check "idle guest costs little host CPU (${cpu} ms in 2 s)" 0 0 $?

run -no-reboot -kernel "$fw/cli/reset.img"
check "SYSTEM_RESET under -no-reboot: 3" 3 $?

run --timeout 3 --expect 'x' -kernel "$fw/cli/reset.img"
n=$(grep -c 'reset: booted' "$tmp/out")
[ "$n" -ge 2 ]; check "SYSTEM_RESET without -no-reboot reboots ($n boots)" 0 0 $?

run --console-log "$tmp/log" -serial none -kernel "$fw/demo/hello.img"
st=$?; grep -q 'RESULT: PASS' "$tmp/log" && [ ! -s "$tmp/out" ]; check "--console-log with -serial none" 0 $st $?

run -serial "file:$tmp/serial" -kernel "$fw/demo/hello.img"
st=$?; grep -q 'RESULT: PASS' "$tmp/serial"; check "-serial file:PATH" 0 $st $?

run -M "virt,dumpdtb=$tmp/virt.dtb" -append 'console=ttyAMA0'
st=$?
if command -v dtc >/dev/null; then
  dtc -I dtb -O dts -o "$tmp/virt.dts" "$tmp/virt.dtb" 2>"$tmp/dtc.err"
  [ ! -s "$tmp/dtc.err" ] && grep -q 'arm,gic-v3' "$tmp/virt.dts" && grep -q 'bootargs = "console=ttyAMA0"' "$tmp/virt.dts"
  c=$?
else c=0; fi
check "dumpdtb writes a tree dtc reads without warnings" 0 $st $c

run -kernel /etc/hostname
st=$?; [ "$(wc -l <"$tmp/err")" = 1 ] && grep -q '^tinyvm: -kernel: ' "$tmp/err"; check "not an Image: one line, status 2" 2 $st $?

run -kernel "$fw/demo/hello.img" -m 1T
st=$?; [ "$(wc -l <"$tmp/err")" = 1 ]; check "-m too large: one line, status 2" 2 $st $?

# Several CPUs (issue 10): the machine ends the same way in both -accel modes,
# an idle 4-CPU guest sleeps in either, and bad -smp/-accel values are usage errors.
for mode in single multi; do
  run -smp 2 -accel tcg,thread=$mode -kernel "$fw/demo/hello.img"
  check "-smp 2 thread=$mode: guest powers off: 0" 0 $?
  run -smp 2 -accel tcg,thread=$mode -no-reboot -kernel "$fw/cli/reset.img"
  check "-smp 2 thread=$mode: SYSTEM_RESET under -no-reboot: 3" 3 $?
  /usr/bin/time -f '%U %S' -o "$tmp/time" timeout 60 "$tv" -smp 4 -accel tcg,thread=$mode --timeout 2 \
    -kernel "$fw/cli/idle.img" </dev/null >/dev/null 2>&1
  cpu=$(awk '{printf "%d", ($1 + $2) * 1000}' "$tmp/time")
  [ "$cpu" -lt 500 ]; check "-smp 4 thread=$mode: idle guest costs little host CPU (${cpu} ms in 2 s)" 0 0 $?
done
# The executors (cpu/jit/): both run the guest, --stats names the one used.
for be in native threaded; do
  run --stats -accel tcg,backend=$be -kernel "$fw/demo/hello.img"
  st=$?; grep -q "^  backend  *$be" "$tmp/err" && grep -q 'RESULT: PASS' "$tmp/out"
  check "-accel backend=$be: guest powers off, --stats names it" 0 $st $?
done
# A host that refuses W+X memory (tests/cli/noexec_mmap.c): the default
# quietly runs threaded; asking for native is one error line and exit 4.
if ${CC:-cc} -shared -fPIC -o "$tmp/noexec_mmap.so" "$(dirname "$0")/noexec_mmap.c" -ldl; then
  LD_PRELOAD="$tmp/noexec_mmap.so" run --stats -kernel "$fw/demo/hello.img"
  st=$?; grep -q "^  backend  *threaded" "$tmp/err" && grep -q 'RESULT: PASS' "$tmp/out"
  check "no executable memory: the default runs threaded" 0 $st $?
  LD_PRELOAD="$tmp/noexec_mmap.so" run -accel tcg,backend=native -kernel "$fw/demo/hello.img"
  st=$?; [ "$(wc -l <"$tmp/err")" = 1 ] && grep -q "^tinyvm: -accel backend=native: .*not available" "$tmp/err"
  check "no executable memory: backend=native is an error: 4, one line" 4 $st $?
else
  check "cc builds the no-executable-memory shim" 0 1
fi
for bad in "-smp 9" "-smp 4,cores=3" "-accel kvm" "-accel tcg,thread=x" "-accel tcg,backend=jit" \
           "-accel tcg,backend="; do
  # shellcheck disable=SC2086
  run $bad -kernel "$fw/demo/hello.img"
  st=$?; [ "$(wc -l <"$tmp/err")" = 1 ] && grep -q "^tinyvm: ${bad%% *}: " "$tmp/err"
  check "'$bad' is a usage error: 2, one line" 2 $st $?
done

echo "cli: $pass passed, $fail failed"
[ $fail -eq 0 ]
