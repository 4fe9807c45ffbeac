#!/usr/bin/env bash
# Benchmark of the DICOM data core against dcmtk, in one run (issue 2, section 5):
#   1. a 200-slice 512x512 int16 CT series (~105 MB, Explicit VR Little Endian) is made by code;
#   2. `ck convert IN OUT` (ck as ./run.sh ships it; one process, read then write in the same transfer syntax) is timed against
#      dcmtk's dcmconv run once per file, as users run it; MB/s of both and the ratio are printed (target >= 2.0);
#   3. the harness's in-process read throughput over the same files, page cache warm (target >= 1000 MB/s).
# Usage: bench/dicom-convert.sh [SLICES]   (work folder: $CK_BENCH_DIR or a temporary one, removed at the end)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
slices="${1:-200}"
require dcmconv dcmtk
build_ck
build_bench

rm -rf "$work/in" "$work/ck-out" "$work/dcmtk-out"
bench dicom-generate "$work/in" "$slices"
mb=$(du -sb "$work/in" | awk '{printf "%.1f", $1 / 1e6}')
cat "$work"/in/* > /dev/null # warm page cache for both tools

t0=$(now)
ck convert "$work/in" "$work/ck-out" --quiet
t1=$(now)

mkdir -p "$work/dcmtk-out"
t2=$(now)
for f in "$work"/in/*; do dcmconv "$f" "$work/dcmtk-out/$(basename "$f")"; done
t3=$(now)

# The outputs must be what the inputs were (same transfer syntax, lossless) before any figure counts.
cmp -s <(cat "$work"/in/*) <(cat "$work"/ck-out/*) || { echo "dicom-convert.sh: ck convert output differs from its input" >&2; exit 1; }

awk -v mb="$mb" -v ck="$(echo "$t1 - $t0" | bc -l)" -v dcm="$(echo "$t3 - $t2" | bc -l)" -v n="$slices" 'BEGIN {
  printf "series: %d files, %.1f MB\n", n, mb
  printf "ck convert (1 process):         %6.2f s  %7.1f MB/s\n", ck, mb / ck
  printf "dcmconv (1 process per file):   %6.2f s  %7.1f MB/s\n", dcm, mb / dcm
  printf "ratio ck/dcmconv: %.2f (target >= 2.0)\n", dcm / ck
}'
bench dicom-read "$work/in" 20
echo "read target: >= 1000 MB/s"
