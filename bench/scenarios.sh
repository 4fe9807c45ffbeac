#!/usr/bin/env bash
# Scenario library benchmark: runs the whole library (`ck run`, reference SUTs, small phantoms) and prints
# the wall time, the time per scenario (phantom generation included, in the setup-data step) and the
# ratio to the 60 s target of the scenario engine issue. Not a timed test: the machine is shared.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# The ck that `./run.sh` runs (published, ReadyToRun on x64 Linux), built by it when sources changed.
./run.sh --version >&2
start=$(date +%s.%N)
set +e
dotnet "$here/.build/ck/ck.dll" run --out "$out/reports" >"$out/run.log" 2>&1
code=$?
set -e
end=$(date +%s.%N)
python3 - "$out/reports/latest/results.json" "$start" "$end" "$code" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
print(f"{'scenario':<10} {'verdict':<13} {'total s':>8} {'data s':>7}  first undecided step")
for s in run["scenarios"]:
    data = sum(t["durationMs"] for t in s["steps"] if t["id"] == "setup-data") / 1000
    why = next((t["id"] for t in s["steps"] if t["verdict"] in ("FAIL", "INCONCLUSIVE")), "-")
    print(f"{s['id']:<10} {s['verdict']:<13} {s['durationMs']/1000:8.2f} {data:7.2f}  {why}")
kinds = {}
for s in run["scenarios"]:
    for t in s["steps"]:
        k = t["id"] if t["kind"] == "setup" else t["kind"]
        kinds[k] = kinds.get(k, 0) + t["durationMs"] / 1000
print("time by step kind (s): " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])))
sm = run["summary"]
n = max(1, sm["total"])
print(f"scenarios: {sm['total']}  pass {sm['pass']}  fail {sm['fail']}  inconclusive {sm['inconclusive']}  skipped {sm['skipped']}  (exit code {sys.argv[4]})")
print(f"wall_seconds: {wall:.2f}")
print(f"seconds_per_scenario: {wall / n:.3f}")
print(f"ratio_to_60s_target: {wall / 60:.3f}  (target < 1.0)")
PY
