#!/usr/bin/env bash
# Rigid trilinear resampling of a 512x512x200 int16 volume: the harness's reference resampler vs
# `plastimatch convert --xf` on the same input and transform, in the same run. Prints Mvoxel/s and ratios.
#   bench/geometry-resample.sh [COLUMNS ROWS SLICES]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
nx="${1:-512}" ny="${2:-512}" nz="${3:-200}"
build_bench

bench geometry-resample-prepare "$work" "$nx" "$ny" "$nz" >/dev/null
voxels=$((nx * ny * nz))

if command -v plastimatch >/dev/null 2>&1; then
  start=$(date +%s.%N)
  TIMEFORMAT='%U %S'
  { time plastimatch convert --input "$work/moving.mha" --output-img "$work/plastimatch.mha" --xf "$work/xf.txt" \
    --fixed "$work/moving.mha" --interpolation linear --output-type short --default-value -1024 >/dev/null 2>&1 ; } 2> "$work/pm.time"
  end=$(date +%s.%N)
  pm_s=$(echo "$end - $start" | bc -l)
  pm_rate=$(echo "$voxels / $pm_s / 1000000" | bc -l)
  # CPU seconds (user + system): comparable across runs on a shared machine
  pm_cpu=$(awk '{print $1 + $2}' "$work/pm.time")
  pm_cpu_rate=$(echo "$voxels / $pm_cpu / 1000000" | bc -l)
else
  echo "plastimatch not installed (Debian package plastimatch): no anchor figure" >&2
  pm_s=""
fi

result="$(bench geometry-resample "$work" 3)"
echo "$result"
get() { echo "$result" | awk -F': ' -v k="$1" '$1==k {print $2}'; }
compute=$(get harness_compute_mvoxel_per_s)
compute_cpu=$(get harness_compute_mvoxel_per_cpu_s)
with_io=$(get harness_with_io_mvoxel_per_s)
if [ -n "$pm_s" ]; then
  printf 'plastimatch_with_io_s: %.3f\n' "$pm_s"
  printf 'plastimatch_with_io_mvoxel_per_s: %.1f\n' "$pm_rate"
  printf 'plastimatch_cpu_s: %.3f\n' "$pm_cpu"
  printf 'plastimatch_mvoxel_per_cpu_s: %.1f\n' "$pm_cpu_rate"
  printf 'ratio_harness_compute_vs_plastimatch: %.1f\n' "$(echo "$compute / $pm_rate" | bc -l)"
  printf 'ratio_harness_compute_vs_plastimatch_per_cpu_s: %.1f\n' "$(echo "$compute_cpu / $pm_cpu_rate" | bc -l)"
  printf 'ratio_harness_with_io_vs_plastimatch: %.1f\n' "$(echo "$with_io / $pm_rate" | bc -l)"
fi
