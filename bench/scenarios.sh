#!/usr/bin/env bash
# Scenario library benchmark: runs the whole library (`ck run`, reference SUTs, small phantoms) and prints
# the wall time, the time per scenario (phantom generation included, in the setup-data step) and the
# ratio to the 60 s target of the scenario engine issue. Not a timed test: the machine is shared.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
build_ck
out="$work"
TIMEFORMAT='%R %U %S'
set +e
{ time ck run --out "$out/reports" >"$out/run.log" 2>&1 ; } 2>"$out/time"
code=$?
set -e
python3 - "$out/reports/latest/results.json" "$out/time" "$code" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))
wall, user, system = (float(v) for v in open(sys.argv[2]).read().split())
cpu = user + system
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
print(f"scenarios: {sm['total']}  pass {sm['pass']}  fail {sm['fail']}  inconclusive {sm['inconclusive']}  skipped {sm['skipped']}  (exit code {sys.argv[3]})")
print(f"load_average_after: {sys.argv[4]}")
print(f"cpu_seconds: {cpu:.2f}  (user {user:.2f}, sys {system:.2f})")
print(f"wall_seconds: {wall:.2f}")
print(f"seconds_per_scenario: {wall / n:.3f}")
print(f"ratio_to_60s_target: {wall / 60:.3f}  (target < 1.0)")
PY
