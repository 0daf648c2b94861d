#!/usr/bin/env bash
# run-firmware.sh TINYVM IMAGE... - run each bare-metal test program on tinyvm
# and on the oracle (qemu-system-aarch64, same Image, same virt board).
#
# A test passes when tinyvm exits 0 (PSCI SYSTEM_OFF), prints "RESULT: PASS",
# and its output equals the oracle's, line for line, except lines starting
# with "info:" (addresses and timings that may differ between machines).
# The oracle must pass too: a test that fails on QEMU is a wrong test.
# A test source (firmware/tests/NAME.c) may name extra machine options for
# both emulators in comment lines `run: OPTIONS` (e.g. `run: -smp 4`); with
# several such lines the test runs once per line.
# TINYVM_OPTS (environment): extra tinyvm options for every run, e.g.
# "-accel tcg,backend=threaded" (make test runs the reference executor too);
# the summary line is then named "firmware-<SUITE_TAG>" when SUITE_TAG is set.
set -u
read -r -a tv_opts <<<"${TINYVM_OPTS:-}"
suite=firmware${SUITE_TAG:+-$SUITE_TAG}
tinyvm=$1; shift
qemu=$(command -v qemu-system-aarch64 || true)
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for img in "$@"; do
  name=$(basename "$img" .img)
  runs=()
  src=firmware/tests/$name.c
  [ -f "$src" ] && mapfile -t runs < <(sed -n 's/^.*[* ]run: \(-[^*]*[^* ]\).*$/\1/p' "$src")
  [ ${#runs[@]} -gt 0 ] || runs=("")
  for run in "${runs[@]}"; do
  read -r -a extra <<<"$run"
  label=$name${run:+ [$run]}
  timeout 60 "$tinyvm" -nographic -m 256M -cpu max "${tv_opts[@]}" "${extra[@]}" -kernel "$img" </dev/null >"$tmp/t.out" 2>"$tmp/t.err"
  st=$?
  tr -d '\r' <"$tmp/t.out" >"$tmp/t.txt"
  ok=1; why=
  if [ $st -ne 0 ]; then ok=0; why="tinyvm exit status $st"; fi
  if ! grep -q '^RESULT: PASS' "$tmp/t.txt"; then ok=0; why="${why:+$why; }no RESULT: PASS"; fi
  if [ -n "$qemu" ]; then
    timeout 60 "$qemu" -M virt,gic-version=3 -cpu max -m 256M "${extra[@]}" -nographic -monitor none \
      -serial stdio -kernel "$img" </dev/null >"$tmp/q.out" 2>"$tmp/q.err"
    tr -d '\r' <"$tmp/q.out" >"$tmp/q.txt"
    if ! grep -q '^RESULT: PASS' "$tmp/q.txt"; then ok=0; why="${why:+$why; }oracle (qemu) did not pass"; fi
    if ! diff <(grep -v '^info:' "$tmp/q.txt") <(grep -v '^info:' "$tmp/t.txt") >"$tmp/diff"; then
      ok=0; why="${why:+$why; }output differs from the oracle"
    fi
  fi
  if [ $ok -eq 1 ]; then
    pass=$((pass+1)); echo "PASS  $label"
  else
    fail=$((fail+1)); echo "FAIL  $label: $why"
    sed 's/^/    tinyvm| /' "$tmp/t.txt" | tail -20; sed 's/^/    stderr| /' "$tmp/t.err" | tail -5
    [ -s "$tmp/diff" ] && sed 's/^/    diff| /' "$tmp/diff" | head -20
  fi
  done
done
echo "$suite: $pass passed, $fail failed"
[ $fail -eq 0 ]
