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
#   -p profiles Osprey over the window with Java Flight Recorder and prints its hottest methods
#      (bench/jfr-hot.py); JFR's sampling costs a little CPU, so figures of a profiled run are not for the table.
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
dist="$root/karaf-assembly/target/org.osprey.distribution-0.1.0.tar.gz"
[ -f "$dist" ] || { echo "build the distribution first: scripts/test.sh" >&2; exit 1; }
cache=${BENCH_CACHE:-${TMPDIR:-/tmp}/osprey-bench}
mkdir -p "$cache"
work=$(mktemp -d "${TMPDIR:-/tmp}/osprey-ingest.XXXXXX")
fps=30
hz=$(getconf CLK_TCK)
port_http=39280 port_https=39281 port_ssh=39282 port_rtsp=39283
password="bench-admin-secret"
pids=()

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

cleanup() {
  set +e
  for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null; done
  [ -n "${home:-}" ] && [ -x "$home/bin/stop" ] && "$home/bin/stop" >/dev/null 2>&1
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null
  done
  [ -n "${jvm:-}" ] && for _ in $(seq 1 300); do kill -0 "$jvm" 2>/dev/null || break; sleep 0.2; done
  if $keep; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

# ---- the source file ----
clip="$cache/clip-1080p30-4M-gop30.mp4"
if [ ! -f "$clip" ]; then
  log "encoding the 60 s source clip once (libx264)"
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1920x1080:rate=$fps,noise=alls=6:allf=t" \
    -t 60 -c:v libx264 -preset veryfast -profile:v high -pix_fmt yuv420p -b:v 4M -maxrate 4M -bufsize 4M \
    -g $fps -keyint_min $fps -sc_threshold 0 -bf 0 -x264-params nal-hrd=cbr -movflags +faststart "$clip.tmp.mp4"
  mv "$clip.tmp.mp4" "$clip"
fi
# Long enough for start-up, cameras joining, warm-up, the window and the stop, in whole minutes.
minutes=$(( (idle + warmup + measure + streams * 2 + 240) / 60 + 1 ))
long="$cache/long-${minutes}min.mp4"
if [ ! -f "$long" ]; then
  log "concatenating $minutes minutes of source without re-encoding"
  for _ in $(seq 1 "$minutes"); do echo "file '$clip'"; done > "$work/concat.txt"
  ffmpeg -hide_banner -loglevel error -y -f concat -safe 0 -i "$work/concat.txt" -c copy -movflags +faststart \
    "$long.tmp.mp4"
  mv "$long.tmp.mp4" "$long"
fi

# ---- helpers ----
ticks() { # utime+stime of a process and its descendants, in clock ticks
  local total=0 pid
  for pid in "$@" $(descendants "$@"); do
    [ -r "/proc/$pid/stat" ] || continue
    total=$(( total + $(sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}') ))
  done
  echo "$total"
}
descendants() {
  local pid child
  for pid in "$@"; do
    for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do echo "$child"; descendants "$child"; done
  done
}
utime() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12}'; }
rss_kib() { local total=0 pid; for pid in "$@"; do total=$(( total + $(awk '/^VmRSS/ {print $2}' "/proc/$pid/status") )); done; echo "$total"; }
pct() { awk -v d="$1" -v hz="$hz" -v s="$2" -v n="${3:-1}" 'BEGIN { printf "%.3f", d / hz / s / n * 100 }'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
api() { # method path [json]
  local args=(-sS --cacert "$home/data/osprey/tls/ca.crt" -H "Authorization: Bearer $token" -X "$1")
  [ $# -ge 3 ] && args+=(-H 'Content-Type: application/json' --data "$3")
  curl "${args[@]}" "https://127.0.0.1:$port_https/api/v1$2"
}

# ---- Osprey ----
log "unpacking $dist"
mkdir -p "$work/osprey" && tar xzf "$dist" -C "$work/osprey"
home=$(ls -d "$work"/osprey/*)
sed -i "s/org.osgi.service.http.port = 29280/org.osgi.service.http.port = $port_http/" "$home/etc/org.ops4j.pax.web.cfg"
sed -i -e "s/httpPort = 29280/httpPort = $port_http/" -e "s/httpsPort = 29204/httpsPort = $port_https/" \
  "$home/etc/org.osprey.certificates.cfg"
sed -i "s/sshPort = 8101/sshPort = $port_ssh/" "$home/etc/org.apache.karaf.shell.cfg"
sed -i "s/createDemoDevices = true/createDemoDevices = false/" "$home/etc/org.osprey.device.simulator.demo.cfg"
echo "load average before: $(loadavg)"
(cd "$home" && OSPREY_ADMIN_PASSWORD=$password bin/karaf server >"$work/karaf.out" 2>&1 &)
for _ in $(seq 1 600); do
  [ -f "$home/data/osprey/tls/ca.crt" ] && curl -s -o /dev/null --cacert "$home/data/osprey/tls/ca.crt" \
    "https://127.0.0.1:$port_https/api/v1/system" && break
  sleep 0.2
done
jvm=$(pgrep -f "karaf.home=$home" | head -1)
token=$(curl -sS --cacert "$home/data/osprey/tls/ca.crt" -H 'Content-Type: application/json' \
  --data "{\"username\":\"admin\",\"password\":\"$password\"}" "https://127.0.0.1:$port_https/api/v1/auth/login" | jq -r .token)
[ -n "$token" ] && [ "$token" != null ] || { echo "login failed" >&2; exit 1; }

log "Osprey up (pid $jvm); idle baseline over $idle s after 20 s of settling"
sleep 20
t0=$(ticks "$jvm"); sleep "$idle"; t1=$(ticks "$jvm")
idle_cpu=$(pct $((t1 - t0)) "$idle")
idle_rss=$(rss_kib "$jvm")
read -r idle_heap idle_other < <(/usr/bin/python3 "$root/bench/jvm-memory.py" "$jvm")

# ---- cameras ----
# The server ends with its standard input, so it cannot outlive this script.
mkfifo "$work/rtsp.in"
/usr/bin/python3 "$root/bench/rtsp-file-server.py" "$long" "$streams" "$port_rtsp" \
  > "$work/rtsp.out" 2>&1 < "$work/rtsp.in" &
rtsp=$!
pids+=("$rtsp")
exec 3>"$work/rtsp.in"
for _ in $(seq 1 100); do grep -q READY "$work/rtsp.out" && break; sleep 0.1; done
grep -q READY "$work/rtsp.out" || { cat "$work/rtsp.out" >&2; exit 1; }

ids=()
for i in $(seq 1 "$streams"); do
  url="rtsp://127.0.0.1:$port_rtsp/s$i"
  id=$(api POST /devices "{\"name\":\"bench-$i\",\"type\":\"osprey.stream\",\"configuration\":{\"url\":\"$url\"}}" | jq -r .id)
  [ -n "$id" ] && [ "$id" != null ] || { echo "camera $i not added" >&2; exit 1; }
  ids+=("$id")
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
sleep "$measure"
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
"$home/bin/stop" >/dev/null 2>&1 || true
for _ in $(seq 1 300); do kill -0 "$jvm" 2>/dev/null || break; sleep 0.2; done
kill -INT "$rtsp" 2>/dev/null || true

osprey_lost=0 ffmpeg_lost=0 osprey_frames=0 ffmpeg_frames=0
for i in $(seq 1 "$streams"); do
  id=${ids[$((i - 1))]}
  # Osprey: each segment's time zero is its start tag (wall clock).
  read -r frames lost < <(find "$home/data/osprey/recordings/$id" -name '*.mkv' | sort | while read -r f; do
      printf '%s\t%s\n' "$f" "$(ffprobe -v error -show_entries format_tags=OSPREY_START -of csv=p=0 "$f" \
        | python3 -c 'import sys, datetime; print(datetime.datetime.fromisoformat(sys.stdin.read().strip().replace("Z", "+00:00")).timestamp())')"
    done | /usr/bin/python3 "$root/bench/count-frames.py" $fps)
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
  /usr/bin/python3 "$root/bench/jfr-hot.py" "$work/ingest.jfr" 40
fi
