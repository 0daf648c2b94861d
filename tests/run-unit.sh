#!/usr/bin/env bash
# run-unit.sh - run each cmocka test binary, show its output, and finish with a
# one-line total. Exits non-zero if any binary fails.
set -u
pass=0; fail=0
for t in "$@"; do
  if "$t"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAILED: $t"; fi
done
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
