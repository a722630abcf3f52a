#!/usr/bin/env bash
# Cold-start benchmark: runs each labelled command once per round, alternating, for ROUNDS rounds,
# and prints the median wall time and the median CPU time (user + system) of each, plus the ratio of
# each to the first command. Files are read once first so that every run reads from the page cache.
# Usage: bench/cold-start.sh ROUNDS 'label=command' 'label=command'...
# Example (docs/benchmarks.md, "Cold start"):
#   bench/cold-start.sh 15 "pydicom=/usr/bin/python3 $(find . -name pydicom_ct.py -path '*/src/main/*' | head -1) bench DIR 1" \
#     "liverlens=./liverlens --quiet info DIR"
set -euo pipefail
rounds="$1"
shift
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
labels=()
for spec in "$@"; do
  labels+=("${spec%%=*}")
done
for spec in "$@"; do # warm the page cache and the entry script's checks
  bash -c "${spec#*=}" >/dev/null 2>&1 || { echo "failed: ${spec#*=}" >&2; exit 1; }
done
for ((r = 0; r < rounds; r++)); do
  for spec in "$@"; do
    /usr/bin/time -f "%e %U %S" -o "$out/t" bash -c "exec ${spec#*=}" >/dev/null 2>&1
    echo "$(cat "$out/t")" >>"$out/${spec%%=*}"
  done
done
/usr/bin/python3 - "$out" "${labels[@]}" <<'PY'
import statistics, sys
out, labels = sys.argv[1], sys.argv[2:]
rows = []
for label in labels:
    runs = [tuple(map(float, line.split())) for line in open(f"{out}/{label}")]
    rows.append((label, statistics.median(r[0] for r in runs), statistics.median(r[1] + r[2] for r in runs), len(runs)))
base_wall, base_cpu = rows[0][1], rows[0][2]
print(f"{'command':<24} {'runs':>4} {'wall s':>8} {'cpu s':>8} {'wall ratio':>10} {'cpu ratio':>10}")
for label, wall, cpu, n in rows:
    print(f"{label:<24} {n:>4} {wall:8.3f} {cpu:8.3f} {base_wall / wall:10.2f} {base_cpu / cpu:10.2f}")
print(f"ratio = {labels[0]} / command (above 1: the command is faster)")
PY
