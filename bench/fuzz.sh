#!/usr/bin/env bash
# The long fuzzing run (issue 8; docs/fuzzing.md). The test suite runs each target for about 14 s; this runs them
# for MINUTES each (default 10) and keeps what it finds.
#   bench/fuzz.sh [MINUTES] [TARGET...]         built-in mutational campaign (no extra tools), all targets by default
#   bench/fuzz.sh --afl [MINUTES] [TARGET...]   AFL++ with coverage feedback: the ConformanceKit assemblies are
#                                               instrumented with SharpFuzz; installs afl++ (apt, as root) and the
#                                               sharpfuzz tool (NuGet) when they are missing
# Targets: pdu association archive part10 yaml. Output in .build/fuzz/: failures/ (inputs that crashed or hung; replay them
# with `dotnet .build/fuzz/bin/ck-fuzz.dll replay TARGET FILE`), figures.json, and for AFL findings/TARGET/.
# Exit code 1 when anything crashed or hung. Bounded: each target stops after MINUTES; the association target talks
# and archive targets talk to their own servers on 127.0.0.1 only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

afl=0
if [ "${1:-}" = "--afl" ]; then afl=1; shift; fi
minutes="${1:-10}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(pdu association archive part10 yaml)

out=.build/fuzz
mkdir -p "$out"
dotnet build tests/ConformanceKit.Fuzz/ConformanceKit.Fuzz.csproj -c Release -o "$out/bin" -nologo -v quiet '-clp:ErrorsOnly;NoSummary'

if [ "$afl" -eq 0 ]; then
  exec dotnet "$out/bin/ck-fuzz.dll" run "${targets[@]}" --seconds "$((minutes * 60))" --seed "$RANDOM" \
    --failures "$out/failures" --figures "$out/figures.json"
fi

if ! command -v afl-fuzz >/dev/null; then
  [ "$(id -u)" -eq 0 ] || { echo "fuzz.sh: afl-fuzz is missing; install the Debian package afl++ (as root)" >&2; exit 2; }
  apt-get install -y -qq afl++ >/dev/null
fi
if [ ! -x "$out/tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$out/tools" >/dev/null
fi
# Instrument the code under test (not the fuzz driver, not the framework): each branch then reports to AFL's map.
for dll in ConformanceKit.Dicom.dll ConformanceKit.Dicom.Network.dll ConformanceKit.Actors.dll ConformanceKit.Scenarios.dll ConformanceKit.Rules.dll YamlDotNet.dll; do
  "$out/tools/sharpfuzz" "$out/bin/$dll" >/dev/null 2>&1 || true # already instrumented on a second run
done

status=0
for target in "${targets[@]}"; do
  corpus="$out/corpus/$target"
  rm -rf "$corpus"
  dotnet "$out/bin/ck-fuzz.dll" corpus "$target" --out "$corpus"
  # -t: the hang limit in ms (above every timer the association target configures); -m none: the CLR needs more
  # address space than AFL's default cap. AFL_SKIP_BIN_CHECK: the child is `dotnet`, not an instrumented binary.
  AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
    timeout --signal=INT "${minutes}m" afl-fuzz -i "$corpus" -o "$out/findings/$target" -t 15000 -m none \
    -- dotnet "$out/bin/ck-fuzz.dll" afl "$target" || true
  crashes=$(find "$out/findings/$target" -path '*crashes/id*' 2>/dev/null | wc -l)
  hangs=$(find "$out/findings/$target" -path '*hangs/id*' 2>/dev/null | wc -l)
  execs=$(grep -h '^execs_done' "$out/findings/$target"/*/fuzzer_stats 2>/dev/null | awk '{s += $3} END {print s + 0}')
  echo "$target: $execs inputs, $crashes crashes, $hangs hangs (findings in $out/findings/$target)"
  [ "$crashes" -eq 0 ] && [ "$hangs" -eq 0 ] || status=1
done
exit "$status"
