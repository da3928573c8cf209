# What the benchmark scripts share: a fresh Osprey distribution on its own loopback ports, its API, the
# H.264 source clip, and CPU and memory readings from /proc. Source it after setting `root` (the project)
# and `work` (the run's folder); it defines no traps, the caller cleans up.

dist="$root/karaf-assembly/target/org.osprey.distribution-0.1.0.tar.gz"
password="bench-admin-secret"
hz=$(getconf CLK_TCK)

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# ---- readings from /proc ----
ticks() { # utime+stime of processes and their descendants, in clock ticks
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
pct() { # ticks seconds [streams]: % of one core (per stream)
  awk -v d="$1" -v hz="$hz" -v s="$2" -v n="${3:-1}" 'BEGIN { printf "%.3f", d / hz / s / n * 100 }'
}

# ---- the source ----
# One 60 s 1080p30 H.264 clip, 4 Mbit/s CBR, GOP 1 s, no B-frames, encoded once with libx264 from testsrc2
# plus temporal noise, and a file of it concatenated without re-encoding to a number of minutes.
source_clip() { # cache -> path of the clip
  local clip="$1/clip-1080p30-4M-gop30.mp4"
  if [ ! -f "$clip" ]; then
    log "encoding the 60 s source clip once (libx264)"
    ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1920x1080:rate=30,noise=alls=6:allf=t" \
      -t 60 -c:v libx264 -preset veryfast -profile:v high -pix_fmt yuv420p -b:v 4M -maxrate 4M -bufsize 4M \
      -g 30 -keyint_min 30 -sc_threshold 0 -bf 0 -x264-params nal-hrd=cbr -movflags +faststart "$clip.tmp.mp4"
    mv "$clip.tmp.mp4" "$clip"
  fi
  echo "$clip"
}
long_source() { # cache minutes -> path of a file that long
  local clip long="$1/long-$2min.mp4"
  clip=$(source_clip "$1")
  if [ ! -f "$long" ]; then
    log "concatenating $2 minutes of source without re-encoding"
    for _ in $(seq 1 "$2"); do echo "file '$clip'"; done > "$work/concat.txt"
    ffmpeg -hide_banner -loglevel error -y -f concat -safe 0 -i "$work/concat.txt" -c copy -movflags +faststart \
      "$long.tmp.mp4"
    mv "$long.tmp.mp4" "$long"
  fi
  echo "$long"
}

# ---- the RTSP cameras ----
# GStreamer's RTSP server (bench/rtsp-file-server.py) at rtsp://127.0.0.1:PORT/s1 .. /sMOUNTS; it ends with
# the standard input this shell keeps open on descriptor 3, so it cannot outlive the run. Sets rtsp (pid).
start_cameras() { # file mounts port
  mkfifo "$work/rtsp.in"
  /usr/bin/python3 "$root/bench/rtsp-file-server.py" "$1" "$2" "$3" > "$work/rtsp.out" 2>&1 < "$work/rtsp.in" &
  rtsp=$!
  exec 3>"$work/rtsp.in"
  for _ in $(seq 1 100); do grep -q READY "$work/rtsp.out" && break; sleep 0.1; done
  grep -q READY "$work/rtsp.out" || { cat "$work/rtsp.out" >&2; return 1; }
}

# ---- Osprey ----
# Unpacks a fresh distribution into $work/osprey with its ports moved to PORT_BASE .. PORT_BASE+2 and the
# demo cameras off. Sets home, port_https.
osprey_unpack() { # port_base
  [ -f "$dist" ] || { echo "build the distribution first: scripts/test.sh" >&2; return 1; }
  local port_http=$1 port_ssh=$(( $1 + 2 ))
  port_https=$(( $1 + 1 ))
  log "unpacking $dist"
  mkdir -p "$work/osprey" && tar xzf "$dist" -C "$work/osprey"
  home=$(ls -d "$work"/osprey/*)
  sed -i "s/org.osgi.service.http.port = 29280/org.osgi.service.http.port = $port_http/" "$home/etc/org.ops4j.pax.web.cfg"
  sed -i -e "s/httpPort = 29280/httpPort = $port_http/" -e "s/httpsPort = 29204/httpsPort = $port_https/" \
    "$home/etc/org.osprey.certificates.cfg"
  sed -i "s/sshPort = 8101/sshPort = $port_ssh/" "$home/etc/org.apache.karaf.shell.cfg"
  sed -i "s/createDemoDevices = true/createDemoDevices = false/" "$home/etc/org.osprey.device.simulator.demo.cfg"
}

# Starts the unpacked server, waits for its API and logs in as the administrator. Sets jvm, ca, token.
osprey_start() {
  (cd "$home" && OSPREY_ADMIN_PASSWORD=$password bin/karaf server >"$work/karaf.out" 2>&1 &)
  ca="$home/data/osprey/tls/ca.crt"
  for _ in $(seq 1 600); do
    [ -f "$ca" ] && curl -s -o /dev/null --cacert "$ca" "https://127.0.0.1:$port_https/api/v1/system" && break
    sleep 0.2
  done
  jvm=$(pgrep -f "karaf.home=$home" | head -1)
  osprey_login
}

# Logs in as the administrator (again: a session ends after 30 idle minutes). Sets token.
osprey_login() {
  # The API answers before every bundle behind it has started: try the login for a while.
  token=
  for _ in $(seq 1 120); do
    token=$(curl -sS --cacert "$ca" -H 'Content-Type: application/json' \
      --data "{\"username\":\"admin\",\"password\":\"$password\"}" "https://127.0.0.1:$port_https/api/v1/auth/login" \
      | jq -r .token 2>/dev/null) || true
    [ -n "$token" ] && [ "$token" != null ] && break
    sleep 0.5
  done
  [ -n "$token" ] && [ "$token" != null ] || { echo "login failed" >&2; return 1; }
}

# Stops the server and waits for its JVM to end.
osprey_stop() {
  [ -n "${home:-}" ] && [ -x "$home/bin/stop" ] && "$home/bin/stop" >/dev/null 2>&1
  if [ -n "${jvm:-}" ]; then
    for _ in $(seq 1 300); do kill -0 "$jvm" 2>/dev/null || break; sleep 0.2; done
  fi
  return 0
}

api() { # method path [json]
  local args=(-sS --cacert "$ca" -H "Authorization: Bearer $token" -X "$1")
  [ $# -ge 3 ] && args+=(-H 'Content-Type: application/json' --data "$3")
  curl "${args[@]}" "https://127.0.0.1:$port_https/api/v1$2"
}

add_stream_camera() { # name url -> id
  local id
  id=$(api POST /devices "{\"name\":\"$1\",\"type\":\"osprey.stream\",\"configuration\":{\"url\":\"$2\"}}" | jq -r .id)
  [ -n "$id" ] && [ "$id" != null ] || { echo "camera $1 not added" >&2; return 1; }
  echo "$id"
}

# Video frames recorded and missing in a camera's segment files, each file placed by its start tag:
# prints "FRAMES MISSING" (bench/count-frames.py).
count_recorded_frames() { # camera-id fps
  find "$home/data/osprey/recordings/$1" -name '*.mkv' | sort | while read -r f; do
    printf '%s\t%s\n' "$f" "$(ffprobe -v error -show_entries format_tags=OSPREY_START -of csv=p=0 "$f" \
      | python3 -c 'import sys, datetime; print(datetime.datetime.fromisoformat(sys.stdin.read().strip().replace("Z", "+00:00")).timestamp())')"
  done | /usr/bin/python3 "$root/bench/count-frames.py" "$2"
}
