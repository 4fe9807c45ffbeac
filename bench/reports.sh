#!/usr/bin/env bash
# HTML report benchmark (issue 7): runs the default scenario library against the reference SUTs (`ck run`, as
# ./run.sh does), then measures the report it wrote: size against the issue's 5 MB target (with the ratio),
# what each section weighs, the time `ck report` takes to render it again from results.json (median of 3), and
# the time headless Chromium takes to open it from file:// and lay it out. The issue names no anchor tool for
# reports, so the ratios printed are to its target. Not a timed test: the machine is shared.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
build_ck
out="$work"
start=$(date +%s.%N)
set +e
ck run --out "$out/reports" >"$out/run.log" 2>&1
code=$?
set -e
end=$(date +%s.%N)
run_dir="$out/reports/$(cat "$out/reports/latest" 2>/dev/null || basename "$(readlink -f "$out/reports/latest")")"
[ -f "$run_dir/index.html" ] || { echo "no report written; ck run log:" >&2; tail -20 "$out/run.log" >&2; exit 1; }

renders=()
for _ in 1 2 3; do
  s=$(date +%s.%N)
  ck report "$run_dir" --no-index >/dev/null
  e=$(date +%s.%N)
  renders+=("$(echo "$e - $s" | bc)")
done

browser=""
if [ -x /usr/bin/chromium ]; then
  s=$(date +%s.%N)
  timeout 300 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$out/chromium" \
    --window-size=1280,900 --screenshot="$out/report.png" "file://$run_dir/index.html" >/dev/null 2>&1 || true
  e=$(date +%s.%N)
  [ -f "$out/report.png" ] && browser="$(echo "$e - $s" | bc)"
fi

python3 - "$run_dir" "$start" "$end" "$code" "$browser" "${renders[@]}" <<'PY'
import json, re, sys, statistics
run_dir, start, end, code, browser = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
renders = sorted(float(x) for x in sys.argv[6:])
html = open(f"{run_dir}/index.html", encoding="utf-8").read()
size = len(html.encode("utf-8"))
run = json.load(open(f"{run_dir}/results.json"))
sm = run["summary"]
target = 5 * 1000 * 1000
print(f"run: {sm['total']} scenarios, pass {sm['pass']} fail {sm['fail']} inconclusive {sm['inconclusive']} skipped {sm['skipped']} (exit code {code}), ck run wall {float(end) - float(start):.1f} s")
sections = [(m.start(), m.group(1)) for m in re.finditer(r'<section id="([a-z]+)"', html)]
print(f"{'section':<14} {'bytes':>10}")
for i, (pos, name) in enumerate(sections):
    nxt = sections[i + 1][0] if i + 1 < len(sections) else len(html)
    print(f"{name:<14} {len(html[pos:nxt].encode('utf-8')):>10}")
parts = {
    "sequence diagrams (svg)": sum(len(x) for x in re.findall(r'<svg class="sequence".*?</svg>', html, re.S)),
    "dumps and transcript text (pre)": sum(len(x) for x in re.findall(r'<pre.*?</pre>', html, re.S)),
    "png previews (data uris)": sum(len(x) for x in re.findall(r'data:image/png;base64,[A-Za-z0-9+/=]+', html)),
}
for k, v in parts.items():
    print(f"{k:<32} {v:>10}")
external = re.findall(r'(?:src|href)\s*=\s*"(?:https?:|//)', html) + re.findall(r'<link|@import|url\(http', html)
print(f"external references: {len(external)}  (target 0)")
counts = {k: html.count(f'<{tag} class="{k}"') for k, tag in (("finding", "details"), ("fusion", "article"), ("sro", "article"))}
print(f"findings: {counts['finding']}  fusion previews: {counts['fusion']}  sro panels: {counts['sro']}")
print(f"report_bytes: {size}  ({size / 1e6:.2f} MB)")
print(f"ratio_to_5MB_target: {size / target:.3f}  (target < 1.0)")
print(f"rerender_seconds_median: {statistics.median(renders):.2f}  (ck report, 3 runs: {', '.join(f'{r:.2f}' for r in renders)})")
if browser:
    print(f"chromium_open_seconds: {float(browser):.2f}  (headless, file://, layout and screenshot, browser start included)")
else:
    print("chromium_open_seconds: n/a (/usr/bin/chromium absent)")
PY
