#!/usr/bin/env bash
# run.sh - drive the FP differential test (fpdiff.mk sets the environment):
# for each seed, write the cases, run them on the oracle under qemu-aarch64,
# compare with tinyvm. Ends with "fpdiff: N passed, M failed".
#
#   run.sh --seeds "1 2" --n 200000 [--only fadd,fmadd] [--show 10] [--via cpu]
set -u
seeds=1; n=200000; only=; show=10; via=cpu
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds=$2; shift 2 ;;
    --n) n=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --show) show=$2; shift 2 ;;
    --via) via=$2; shift 2 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
: "${FPD_TOOL:?}" "${FPD_ORACLE:?}" "${FPD_QEMU:=qemu-aarch64}" "${FPD_WORK:=/tmp/fpdiff}"
command -v "${FPD_QEMU%% *}" >/dev/null || { echo "fpdiff: $FPD_QEMU not found (install qemu-user)"; echo "fpdiff: 0 passed, 1 failed"; exit 1; }
mkdir -p "$FPD_WORK"
total_pass=0; total_fail=0; status=0
for s in $seeds; do
  cases=$FPD_WORK/cases.$s.bin; res=$FPD_WORK/oracle.$s.bin
  if ! "$FPD_TOOL" gen seed="$s" n="$n" only="$only" out="$cases"; then
    total_fail=$((total_fail + 1)); status=1; continue
  fi
  if ! $FPD_QEMU -cpu cortex-a57 "$FPD_ORACLE" "$cases" "$res"; then
    echo "fpdiff: the oracle failed on seed $s"
    total_fail=$((total_fail + 1)); status=1; continue
  fi
  out=$("$FPD_TOOL" check cases="$cases" oracle="$res" show="$show" via="$via")
  st=$?
  echo "seed $s: $out" | sed '2,$s/^/  /'
  line=$(echo "$out" | grep -E '^fpdiff: [0-9]+ passed' | tail -1)
  p=$(echo "$line" | sed -E 's/^fpdiff: ([0-9]+) passed.*/\1/')
  f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
  total_pass=$((total_pass + ${p:-0})); total_fail=$((total_fail + ${f:-1}))
  [ $st -ne 0 ] && status=1
  rm -f "$cases" "$res"
done
echo "fpdiff: $total_pass passed, $total_fail failed"
exit $status
