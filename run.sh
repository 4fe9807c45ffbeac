#!/usr/bin/env bash
# ConformanceKit entry point.
#   ./run.sh            run the scenario library against the built-in reference actors (main job)
#   ./run.sh test       install missing test peers (as root) and run every test
#   ./run.sh ARGS...    run `ck ARGS...` (builds first when sources changed)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

out="$here/.build/ck"
stamp="$out/.built"

# Debian packages the tests use as real peers and oracles, keyed by a command each one installs.
declare -A peers=(
  [storescp]=dcmtk [dciodvfy]=dicom3tools [Orthanc]=orthanc [plastimatch]=plastimatch
  [chromium]=chromium
)
pydicom_dir=/usr/lib/python3/dist-packages/pydicom/data/test_files

install_peers() {
  local missing=()
  for cmd in "${!peers[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || missing+=("${peers[$cmd]}")
  done
  [ -d "$pydicom_dir" ] || missing+=(python3-pydicom)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "run.sh: not root, so not installing ${missing[*]}; tests that need them will be skipped" >&2
    return 0
  fi
  echo "run.sh: installing test peers: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "${missing[@]}" >/dev/null; }
}

needs_build() {
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(wanted_kind)" ] || return 0
  [ -n "$(find src Directory.Build.props Directory.Packages.props -newer "$stamp" \
          \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.yaml' -o -name '*.sbn*' -o -name '*.css' -o -name '*.js' \) \
          -not -path '*/obj/*' -not -path '*/bin/*' -print -quit)" ]
}

# The C compiler that links a native ck: clang (the SDK's default) or gcc; none (or CK_NATIVE=0) means no native build.
native_linker() {
  [ "${CK_NATIVE:-1}" != 0 ] && [ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ] || return 1
  if command -v clang >/dev/null 2>&1; then echo clang; elif command -v gcc >/dev/null 2>&1; then echo gcc; else return 1; fi
}

# What this machine builds: "native" or "portable" (the stamp remembers it, so CK_NATIVE=0 forces a rebuild).
wanted_kind() { if native_linker >/dev/null; then echo native; else echo portable; fi; }

build_ck() {
  needs_build || return 0
  rm -rf "$out"
  local linker
  # Native (ahead-of-time compiled) on x64 Linux with a C toolchain: no runtime start-up, no JIT (see the Cli
  # project). Elsewhere, or if that fails, a framework-dependent publish (precompiled ReadyToRun on x64 Linux).
  if linker=$(native_linker); then
    echo "run.sh: building native ck (first build takes a few minutes)..." >&2
    if dotnet publish src/ConformanceKit.Cli/ConformanceKit.Cli.csproj -c Release -o "$out" -p:PublishAot=true \
         -p:CppCompilerAndLinker="$linker" -v quiet -nologo '-clp:ErrorsOnly;NoSummary' >&2; then
      echo native > "$stamp"
      return 0
    fi
    echo "run.sh: native build failed; building the portable ck instead" >&2
    rm -rf "$out"
  fi
  dotnet publish src/ConformanceKit.Cli/ConformanceKit.Cli.csproj -c Release -o "$out" \
    -v quiet -nologo '-clp:ErrorsOnly;NoSummary' >&2
  # The stamp holds the kind asked for, so a native build that failed is not retried until the sources change.
  wanted_kind > "$stamp"
}

# Becomes the built ck (exec, so that Ctrl-C and the exit code are ck's own): the native program, or ck.dll through dotnet.
exec_ck() {
  if [ -f "$out/ck.dll" ]; then exec dotnet "$out/ck.dll" "$@"; else exec "$out/ck" "$@"; fi
}

case "${1:-}" in
  test)
    shift
    install_peers
    results="$here/.build/test-results"
    rm -rf "$results"
    dotnet build ConformanceKit.sln -c Release -nologo -v quiet '-clp:ErrorsOnly;NoSummary'
    # The published ck too: the published-ck tests run it as shipped (CK_EXE).
    build_ck
    if [ -f "$out/ck.dll" ]; then export CK_EXE="$out/ck.dll"; else export CK_EXE="$out/ck"; fi
    # One test project at a time (network tests are timing-sensitive on small machines), each with
    # its own TRX file so .ci/run can count every result.
    rc=0
    for proj in tests/*/*.Tests.csproj; do
      name="$(basename "$proj" .csproj)"
      dotnet test "$proj" -c Release --no-build -nologo -v quiet \
        --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" || rc=1
    done
    exit $rc
    ;;
  *)
    build_ck
    if [ $# -eq 0 ]; then set -- run; fi
    exec_ck "$@"
    ;;
esac
