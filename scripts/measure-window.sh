#!/usr/bin/env bash
# Measures the real window, which criterion cannot: time from start to the first frame (ten
# runs) and resident memory when idle, on the 100,000-patient demo chart, under a virtual X
# server. Needs Xvfb (Debian: apt-get install xvfb) and a release build.
#
# usage: scripts/measure-window.sh [CHART]   (default: target/bench-data/100k.rooming,
#        made by `cargo bench --bench search` or `rooming --db CHART demo --patients 100000`;
#        ROOMING_PASSWORD opens it, by default the benchmarks' password)
set -euo pipefail
export ROOMING_PASSWORD=${ROOMING_PASSWORD:-synthetic bench chart only}
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

echo "start-up to first frame (the sign-in screen), release build, $chart:"
for _ in $(seq 10); do
  env -u ROOMING_PASSWORD "$bin" --db "$chart" --exit-after-first-frame 2>/dev/null
done

# Signed in (from the environment) on today's list, its search field focused.
log=/tmp/measure-window.$$
RUST_LOG=rooming=info "$bin" --db "$chart" >/dev/null 2>"$log" &
app=$!
# Idle: no input, so no frames. The background check of the file reads all of it (a minute or
# so for an encrypted 2 GB chart) and repaints the status line while it runs: waited out first.
started=$SECONDS
until grep -q "quick_check finished" "$log" || (( SECONDS - started > 300 )); do sleep 1; done
echo "background file check done after $(( SECONDS - started )) s"
sleep 2
rm -f "$log"
echo "idle resident memory: $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' /proc/$app/status)"
echo "CPU time used in the last 5 s of idle: $(
  a=$(awk '{print $14 + $15}' /proc/$app/stat); sleep 5; b=$(awk '{print $14 + $15}' /proc/$app/stat)
  echo "$(( (b - a) * 10 )) ms")"
kill $app
