#!/usr/bin/env bash
# run-suites.sh "CMD..." ... - run each test suite command, keep going after a
# failure, and finish with one total line over all suites. Each suite prints a
# closing line "NAME: N passed, M failed", which is summed here.
set -u
total_pass=0; total_fail=0; bad=()
for cmd in "$@"; do
  echo "=== $cmd" | cut -c1-120
  out=$(mktemp)
  bash -c "$cmd" 2>&1 | tee "$out"
  st=${PIPESTATUS[0]}
  line=$(grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed' "$out" | tail -1)
  rm -f "$out"
  if [ -n "$line" ]; then
    p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
    total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
  fi
  if [ "$st" -ne 0 ]; then
    bad+=("${cmd%% *}")
    [ -z "$line" ] && total_fail=$((total_fail + 1))
  fi
done
[ ${#bad[@]} -gt 0 ] && echo "failing suites: ${bad[*]}"
echo "all: $total_pass passed, $total_fail failed"
[ ${#bad[@]} -eq 0 ]
