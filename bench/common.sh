# Sourced by the bench scripts (not run on its own). Gives each script:
#   - the repository root as working folder, and $bench_name for messages;
#   - $work: a work folder removed at exit (CK_BENCH_DIR names one to keep instead);
#   - background servers registered with `started $!`, stopped (SIGTERM, then waited for) at exit;
#   - require TOOL PACKAGE: stop with exit code 2 when a Debian tool is missing;
#   - build_ck / ck / ck_cmd: ck built exactly as ./run.sh ships it (native where it can be, see run.sh), run
#     through `ck ARGS` or, for a background server whose PID must be ck's own, "${ck_cmd[@]}" ARGS &;
#   - build_bench / bench: the in-process bench driver (bench/ConformanceKit.Bench);
#   - now: the time in seconds, for wall-clock figures.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
bench_name="$(basename "${BASH_SOURCE[1]}")"

work="${CK_BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$work"
server_pids=()
started() { server_pids+=("$1"); }
bench_cleanup() {
  for pid in "${server_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${server_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "${CK_BENCH_DIR:-}" ] || rm -rf "$work"
}
trap bench_cleanup EXIT

require() { # TOOL PACKAGE
  command -v "$1" >/dev/null || { echo "$bench_name: $1 (Debian package $2) is not installed; ./run.sh test installs it" >&2; exit 2; }
}

build_ck() {
  echo "building ck as ./run.sh ships it..." >&2
  ./run.sh --version >&2
  if [ -f .build/ck/ck.dll ]; then ck_cmd=(dotnet .build/ck/ck.dll); ck_kind="portable (ReadyToRun)"; else ck_cmd=(.build/ck/ck); ck_kind="native"; fi
}
ck() { "${ck_cmd[@]}" "$@"; }

build_bench() {
  dotnet build bench/ConformanceKit.Bench/ConformanceKit.Bench.csproj -c Release -o .build/bench -v quiet -nologo '-clp:ErrorsOnly;NoSummary' >&2
}
bench() { dotnet .build/bench/ConformanceKit.Bench.dll "$@"; }

now() { date +%s.%N; }
