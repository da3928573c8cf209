#!/usr/bin/env bash
# Ingest benchmark: N cameras recorded at once by Osprey and, side by side in the same run, by N
# `ffmpeg -c copy -f segment` processes (the command line Frigate records with). Results: docs/benchmarks.md.
#
# Method
#  - Source: one 60 s 1080p30 H.264 clip, 4 Mbit/s CBR, GOP 1 s (30 frames), no B-frames, encoded once
#    with Debian's ffmpeg/libx264 from testsrc2 plus temporal noise, concatenated without re-encoding into
#    one file long enough for the run. /usr/bin/python3 with GStreamer's RTSP server (bench/rtsp-file-server.py)
#    serves it at rtsp://127.0.0.1/s1 .. /sN: one shared pipeline per mount that only demuxes and packetises,
#    paced in real time. Each mount has two clients: one Osprey camera and one ffmpeg.
#  - Osprey: the built distribution, unpacked fresh, demo cameras off, shipped settings otherwise (60 s
#    segments). After start-up it idles for IDLE seconds; its CPU over that window and its RSS at the end are
#    the idle baseline. Then N cameras are added through REST as `osprey.stream` devices (RTSP over TCP,
#    the default), whatever RTSP client the distribution has.
#  - ffmpeg: `ffmpeg -rtsp_transport tcp -i URL -c copy -f segment -segment_time 10 -segment_format mp4
#    -reset_timestamps 1` per camera, with a CSV segment list that gives each segment's stream times.
#  - Once every Osprey camera records and every ffmpeg has written a segment, WARMUP seconds pass; then
#    utime+stime of each process (the JVM with any child processes; each ffmpeg; the RTSP server) are read
#    from /proc/<pid>/stat at the start and the end of MEASURE seconds. CPU per stream = delta / window / N,
#    in % of one core. Osprey's is given gross and net of its idle CPU rate. RSS from /proc/<pid>/status
#    at the end of the window: Osprey per stream = (RSS - idle RSS) / N; ffmpeg per process.
#  - Frames lost: after a clean stop (bin/stop; SIGINT to ffmpeg so segments are finished), the video packet
#    times of every segment are read with ffprobe and put on one time line per stream (Osprey: each file's
#    OSPREY_START tag; ffmpeg: each segment's start in its segment list). The source sends exactly 30 frames
#    a second, so every step longer than one frame interval is lost frames (bench/count-frames.py), inside a
#    segment or between two. Summed over the streams, over the whole run from each camera's first frame.
#  - Unpinned: the load generator and both recorders share the machine's cores; its load average is printed
#    before and after. Run with nothing else on the machine for figures to compare.
#
# Usage: bench/ingest.sh [-n STREAMS] [-w WARMUP_S] [-m MEASURE_S] [-i IDLE_S] [-k] [-p]
#   -k keeps the work folder (recordings, logs) and prints its path.
#   -p profiles Osprey over the window: CPU per thread group (bench/thread-cpu.py) and, with Java Flight
#      Recorder, its hottest methods (bench/jfr-hot.py); JFR's sampling costs a little CPU, so figures of a profiled run are not for the table.
# Builds nothing: run scripts/test.sh or mvn install first. Needs ffmpeg, ffprobe, jq, curl, python3-gi and
# gir1.2-gst-rtsp-server-1.0 (scripts/install-packages.sh).
set -euo pipefail

streams=8 warmup=60 measure=180 idle=30 keep=false profile=false
while getopts "n:w:m:i:kp" opt; do
  case $opt in
    n) streams=$OPTARG ;; w) warmup=$OPTARG ;; m) measure=$OPTARG ;; i) idle=$OPTARG ;; k) keep=true ;; p) profile=true ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${BENCH_CACHE:-${TMPDIR:-/tmp}/osprey-bench}
mkdir -p "$cache"
work=$(mktemp -d "${TMPDIR:-/tmp}/osprey-ingest.XXXXXX")
# shellcheck source=lib.sh
. "$root/bench/lib.sh"
fps=30
port_rtsp=39283
pids=()

cleanup() {
  set +e
  for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null; done
  osprey_stop
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null
  done
  if $keep; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

# Long enough for start-up, cameras joining, warm-up, the window and the stop, in whole minutes.
long=$(long_source "$cache" $(( (idle + warmup + measure + streams * 2 + 240) / 60 + 1 )))

# ---- Osprey ----
osprey_unpack 39280
echo "load average before: $(loadavg)"
osprey_start
log "Osprey up (pid $jvm); idle baseline over $idle s after 20 s of settling"
sleep 20
t0=$(ticks "$jvm"); sleep "$idle"; t1=$(ticks "$jvm")
idle_cpu=$(pct $((t1 - t0)) "$idle")
idle_rss=$(rss_kib "$jvm")
read -r idle_heap idle_other < <(/usr/bin/python3 "$root/bench/jvm-memory.py" "$jvm")

# ---- cameras ----
start_cameras "$long" "$streams" "$port_rtsp"
pids+=("$rtsp")

ids=()
for i in $(seq 1 "$streams"); do
  url="rtsp://127.0.0.1:$port_rtsp/s$i"
  ids+=("$(add_stream_camera "bench-$i" "$url")")
  mkdir -p "$work/ffmpeg/$i"
  ffmpeg -nostdin -hide_banner -loglevel error -rtsp_transport tcp -i "$url" -c copy -f segment \
    -segment_time 10 -segment_format mp4 -reset_timestamps 1 -segment_list "$work/ffmpeg/$i/list.csv" \
    -segment_list_type csv "$work/ffmpeg/$i/%05d.mp4" 2>"$work/ffmpeg/$i/err.log" &
  pids+=("$!")
done
ffmpegs=("${pids[@]:1}")

log "waiting until all $streams cameras record in both"
for _ in $(seq 1 120); do
  ok=0
  for i in $(seq 1 "$streams"); do
    [ "$(api GET "/cameras/${ids[$((i - 1))]}/recording" | jq -r .recording)" = true ] \
      && ls "$work/ffmpeg/$i"/*.mp4 >/dev/null 2>&1 && ok=$((ok + 1))
  done
  [ "$ok" = "$streams" ] && break
  sleep 1
done
[ "$ok" = "$streams" ] || log "only $ok of $streams cameras record in both after 120 s; measuring anyway"

log "warm-up $warmup s, then measuring $measure s"
sleep "$warmup"
load_start=$(loadavg)
$profile && jcmd "$jvm" JFR.start name=ingest settings=profile filename="$work/ingest.jfr" >/dev/null
o0=$(ticks "$jvm"); f0=$(ticks "${ffmpegs[@]}"); r0=$(ticks "$rtsp")
ou0=$(utime "$jvm")
$profile && /usr/bin/python3 "$root/bench/thread-cpu.py" snapshot "$jvm" "$work/threads.before"
sleep "$measure"
$profile && /usr/bin/python3 "$root/bench/thread-cpu.py" snapshot "$jvm" "$work/threads.after"
o1=$(ticks "$jvm"); f1=$(ticks "${ffmpegs[@]}"); r1=$(ticks "$rtsp")
ou1=$(utime "$jvm")
$profile && jcmd "$jvm" JFR.stop name=ingest >/dev/null
osprey_rss=$(rss_kib "$jvm")
read -r osprey_heap osprey_other < <(/usr/bin/python3 "$root/bench/jvm-memory.py" "$jvm")
# Where the JVM's memory is: Java heap (committed and used) as the collector reports it.
heap=$(jcmd "$jvm" GC.heap_info 2>/dev/null | awk '/garbage-first heap|total/ { for (i = 1; i <= NF; i++) {
    if ($i == "total") t = $(i + 1); if ($i == "used") u = $(i + 1) } } END { gsub(",", "", t); gsub(",", "", u);
    printf "committed %d MiB, used %d MiB", t / 1024, u / 1024 }')
ffmpeg_rss=$(rss_kib "${ffmpegs[@]}")
rtsp_rss=$(rss_kib "$rtsp")
load_end=$(loadavg)
# After the window, as it forces a full collection: the live Java heap and what holds most of it.
jcmd "$jvm" GC.class_histogram > "$work/histogram.txt" 2>/dev/null || true
live=$(awk '/^Total/ { printf "%d MiB live after a full collection", $3 / 1048576 }' "$work/histogram.txt")

log "stopping; counting recorded frames"
for pid in "${ffmpegs[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
for pid in "${ffmpegs[@]}"; do wait "$pid" 2>/dev/null || true; done
osprey_stop
kill -INT "$rtsp" 2>/dev/null || true

osprey_lost=0 ffmpeg_lost=0 osprey_frames=0 ffmpeg_frames=0
for i in $(seq 1 "$streams"); do
  id=${ids[$((i - 1))]}
  # Osprey: each segment's time zero is its start tag (wall clock).
  read -r frames lost < <(count_recorded_frames "$id" $fps)
  osprey_frames=$((osprey_frames + frames)); osprey_lost=$((osprey_lost + lost))
  # ffmpeg: its segment list gives each segment's start in stream (RTP) time.
  read -r frames lost < <(awk -F, -v d="$work/ffmpeg/$i" '{ printf "%s/%s\t%s\n", d, $1, $2 }' "$work/ffmpeg/$i/list.csv" \
    | /usr/bin/python3 "$root/bench/count-frames.py" $fps)
  ffmpeg_frames=$((ffmpeg_frames + frames)); ffmpeg_lost=$((ffmpeg_lost + lost))
done

osprey_gross=$(pct $((o1 - o0)) "$measure" "$streams")
osprey_net=$(awk -v g="$osprey_gross" -v i="$idle_cpu" -v n="$streams" 'BEGIN { printf "%.3f", g - i / n }')
ffmpeg_cpu=$(pct $((f1 - f0)) "$measure" "$streams")
cat <<EOF
date (UTC)               $(date -u +%Y-%m-%dT%H:%MZ)
machine                  $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)
command                  bench/ingest.sh -n $streams -w $warmup -m $measure -i $idle
load average             window start $load_start, end $load_end
streams                  $streams x 1080p30 H.264 4 Mbit/s, RTSP/TCP on loopback
osprey idle              CPU $idle_cpu % of a core, RSS $((idle_rss / 1024)) MiB
osprey CPU per stream    $osprey_gross % of a core gross, $osprey_net % net of idle; user $(pct $((ou1 - ou0)) "$measure" "$streams") %, the rest in the kernel
ffmpeg CPU per stream    $ffmpeg_cpu % of a core
ratio osprey/ffmpeg      $(awk -v o="$osprey_net" -v f="$ffmpeg_cpu" 'BEGIN { printf "%.2f net (%.2f gross)", o / f, '"$osprey_gross"' / f }')
osprey RSS               $((osprey_rss / 1024)) MiB, $(awk -v r="$osprey_rss" -v i="$idle_rss" -v n="$streams" 'BEGIN { printf "%.1f", (r - i) / 1024 / n }') MiB per stream over idle
osprey RSS split         Java heap $((idle_heap / 1024)) -> $((osprey_heap / 1024)) MiB, other (native) $((idle_other / 1024)) -> $((osprey_other / 1024)) MiB; per stream $(awk -v a="$idle_heap" -v b="$osprey_heap" -v c="$idle_other" -v d="$osprey_other" -v n="$streams" 'BEGIN { printf "heap %.1f MiB, native %.1f MiB", (b - a) / 1024 / n, (d - c) / 1024 / n }')
osprey Java heap         $heap; $live
                         $(sed -n '4,8p' "$work/histogram.txt" | awk '{ printf "%s %d MiB; ", $4, $3 / 1048576 }')
ffmpeg RSS per process   $(awk -v r="$ffmpeg_rss" -v n="$streams" 'BEGIN { printf "%.1f", r / 1024 / n }') MiB
rtsp server              CPU $(pct $((r1 - r0)) "$measure") % of a core in total, RSS $((rtsp_rss / 1024)) MiB
frames recorded / lost   osprey $osprey_frames / $osprey_lost, ffmpeg $ffmpeg_frames / $ffmpeg_lost
EOF
if $profile; then
  echo
  /usr/bin/python3 "$root/bench/thread-cpu.py" diff "$work/threads.before" "$work/threads.after" "$measure"
  echo
  /usr/bin/python3 "$root/bench/jfr-hot.py" "$work/ingest.jfr" 40
fi
