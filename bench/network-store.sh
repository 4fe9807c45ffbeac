#!/usr/bin/env bash
# Benchmark of the network layer against dcmtk, in one run (issue 3): 200 CT images of 512x512 (~105 MB,
# made by code), each transfer over one association on loopback, every dcmtk process with TCP_NODELAY=1.
#   anchor:  dcmtk storescu -> dcmtk storescp
#   A:       dcmtk storescu -> ck storescp (writing to disk)      ratio anchor time / A time, target >= 1.0
#   B:       ck store       -> dcmtk storescp                     ratio anchor time / B time, target >= 1.0
# Each transfer runs ROUNDS times (default 3, interleaved) and the best time counts: the machine is shared,
# and the best of a few runs is the figure least disturbed by other load. Every received folder is checked to
# hold all the images before any figure is printed. ck is built as ./run.sh ships it (native on x64 Linux with a
# C toolchain, else ReadyToRun); process start-up is inside every timing, for both tools.
# Usage: bench/network-store.sh [IMAGES] [ROUNDS]   (work folder: $CK_BENCH_DIR or a temporary one, removed at the end)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
images="${1:-200}"
rounds="${2:-3}"
require storescu dcmtk
require storescp dcmtk
build_ck
build_bench

rm -rf "$work/in"
bench dicom-generate "$work/in" "$images" >&2
mb=$(du -sb "$work/in" | awk '{printf "%.1f", $1 / 1e6}')
cat "$work"/in/* > /dev/null # page cache warm for every sender

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() { for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "nothing listens on $1" >&2; exit 2; }
count() { find "$1" -type f ! -name '.*' | wc -l; }

dcmtk_port=$(free_port)
ck_port=$(free_port)
mkdir -p "$work/dcmtk-in" "$work/ck-in"
TCP_NODELAY=1 storescp --aetitle STORESCP -od "$work/dcmtk-in" "$dcmtk_port" >"$work/storescp.log" 2>&1 &
started $!
# Through ck_cmd, not the ck() function: a function run with & is a subshell, and $! would be the subshell's PID,
# so the cleanup's SIGTERM would miss ck storescp and leave it running.
"${ck_cmd[@]}" storescp --aet CK_STORESCP --port "$ck_port" --dir "$work/ck-in" --quiet >"$work/ck-storescp.log" 2>&1 &
started $!
wait_port "$dcmtk_port"
wait_port "$ck_port"
# One echo each, so that both servers have loaded what they load once (dcmtk its dictionary, ck its code).
TCP_NODELAY=1 echoscu -aec STORESCP 127.0.0.1 "$dcmtk_port"
TCP_NODELAY=1 echoscu -aec CK_STORESCP 127.0.0.1 "$ck_port"

# Times one transfer into a fresh folder; checks that every image arrived.
run() { # name folder command...
  local name=$1 folder=$2; shift 2
  rm -rf "${folder:?}"/*
  local t0 t1
  t0=$(now)
  "$@" >"$work/$name.log" 2>&1 || { echo "network-store.sh: $name failed:" >&2; cat "$work/$name.log" >&2; exit 1; }
  t1=$(now)
  local got; got=$(count "$folder")
  [ "$got" -eq "$images" ] || { echo "network-store.sh: $name delivered $got of $images images" >&2; exit 1; }
  echo "$t1 - $t0" | bc -l
}
best() { printf '%s\n' "$@" | sort -g | head -n 1; }

anchor=(); a=(); b=()
for _ in $(seq 1 "$rounds"); do
  anchor+=("$(run anchor "$work/dcmtk-in" env TCP_NODELAY=1 storescu -aec STORESCP +sd 127.0.0.1 "$dcmtk_port" "$work/in")")
  a+=("$(run storescu-to-ck "$work/ck-in" env TCP_NODELAY=1 storescu -aec CK_STORESCP +sd 127.0.0.1 "$ck_port" "$work/in")")
  b+=("$(run ck-store "$work/dcmtk-in" ck store "$work/in" --aec STORESCP --port "$dcmtk_port")")
done

# ck storescp keeps each dataset exactly as received: spot-check the first image.
first=$(ls "$work/in" | head -n 1)
uid=$(ck dump "$work/in/$first" 2>/dev/null | awk '/\(0008,0018\)/ {print $NF; exit}' | tr -d '[]')
[ -z "$uid" ] || [ -f "$work/ck-in/$uid.dcm" ] || { echo "network-store.sh: ck storescp has no $uid.dcm" >&2; exit 1; }

# The same sends from inside one warmed-up process (no start-up, no JIT): what the SCU path itself costs.
inproc=$(bench network-store 127.0.0.1 "$dcmtk_port" STORESCP "$work/in" "$rounds")

awk -v kind="$ck_kind" -v mb="$mb" -v n="$images" -v r="$rounds" -v t0="$(best "${anchor[@]}")" -v ta="$(best "${a[@]}")" -v tb="$(best "${b[@]}")" 'BEGIN {
  printf "study: %d CT images 512x512, %.1f MB; best of %d rounds; one association per transfer; TCP_NODELAY=1; ck %s\n", n, mb, r, kind
  printf "anchor  storescu -> storescp     %6.3f s  %7.1f images/s  %7.1f MB/s\n", t0, n / t0, mb / t0
  printf "A       storescu -> ck storescp  %6.3f s  %7.1f images/s  %7.1f MB/s\n", ta, n / ta, mb / ta
  printf "B       ck store -> storescp     %6.3f s  %7.1f images/s  %7.1f MB/s\n", tb, n / tb, mb / tb
  printf "ratio A (ck storescp vs storescp): %.2f (target >= 1.0)\n", t0 / ta
  printf "ratio B (ck store vs storescu):    %.2f (target >= 1.0)\n", t0 / tb
}'
echo "$inproc"
echo "all rounds (s): anchor ${anchor[*]} | A ${a[*]} | B ${b[*]}"
echo "load average while running: $(cut -d' ' -f1-3 /proc/loadavg)"
