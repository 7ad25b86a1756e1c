#!/usr/bin/env bash
# Measures the real window, which criterion cannot: time from start to the first frame (ten
# runs) and resident memory when idle, on the 100,000-patient demo chart, under a virtual X
# server. Needs Xvfb (Debian: apt-get install xvfb) and a release build.
#
# usage: scripts/measure-window.sh [CHART]   (default: target/bench-data/100k.rooming,
#        made by `cargo bench --bench search` or `rooming --db CHART demo --patients 100000`)
set -euo pipefail
cd "$(dirname "$0")/.."
chart=${1:-target/bench-data/100k.rooming}
bin=target/release/rooming
[[ -x $bin ]] || cargo build --release
[[ -e $chart ]] || { echo "no chart at $chart: make it with $bin --db $chart demo --patients 100000" >&2; exit 1; }
command -v Xvfb >/dev/null || { echo "Xvfb is missing (apt-get install xvfb)" >&2; exit 1; }

display=:97
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
export DISPLAY=$display
sleep 1

echo "start-up to first frame, release build, $chart:"
for _ in $(seq 10); do
  "$bin" --db "$chart" --exit-after-first-frame 2>/dev/null
done

"$bin" --db "$chart" >/dev/null 2>&1 &
app=$!
# Idle: no input, so no frames; the background file check finishes meanwhile.
sleep 12
echo "idle resident memory: $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' /proc/$app/status)"
echo "CPU time used in the last 5 s of idle: $(
  a=$(awk '{print $14 + $15}' /proc/$app/stat); sleep 5; b=$(awk '{print $14 + $15}' /proc/$app/stat)
  echo "$(( (b - a) * 10 )) ms")"
kill $app
