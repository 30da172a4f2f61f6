#!/usr/bin/env bash
# Load benchmark: the Meridian origin against nginx serving the same bytes from disk ("physical limit").
#
#   benchmarks/load/run.sh            # from anywhere; run as root the first time to apt-get install nginx and wrk
#
# Knobs (environment): WORK (scratch folder, default /tmp/meridian-load), DURATION (wrk run length, 8s), ROUNDS (3),
# THREADS (wrk threads, 2), CONNECTIONS (wrk connections, 32), PARALLEL (curl single-pass parallelism, 16),
# SKIP_BUILD=1 (reuse the Release build of the host).
#
# Everything binds to 127.0.0.1 and every process the script starts is stopped on exit (by PID).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$REPO/benchmarks/load"
WORK=${WORK:-/tmp/meridian-load}
DURATION=${DURATION:-8s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
PARALLEL=${PARALLEL:-16}
ROUNDS=${ROUNDS:-3}
API=api-version=2022-08-01
SUB=00000000-0000-0000-0000-0000000000b1
ACCOUNT_PATH="/subscriptions/$SUB/resourceGroups/bench/providers/Microsoft.Media/mediaServices/bench"
# shellcheck source=../lib/region.sh
source "$REPO/benchmarks/lib/region.sh"

ORIGIN_PID=""
NGINX_PID=""
SAMPLER_PID=""
RESULTS="$WORK/results.txt"

cleanup() { stop_pids "$SAMPLER_PID" "$NGINX_PID" "$ORIGIN_PID"; }
trap cleanup EXIT

# ---------------------------------------------------------------- prerequisites
require_nginx_wrk
require_tools ffmpeg curl python3 dotnet
build_release benchmarks/Meridian.Benchmarks.Host

CP_PORT=$(free_port); STREAM_PORT=$(free_port); KEY_PORT=$(free_port); BLOB_PORT=$(free_port); NGINX_PORT=$(free_port)
CP="http://127.0.0.1:$CP_PORT"
STREAM="http://127.0.0.1:$STREAM_PORT"
NGINX_URL="http://127.0.0.1:$NGINX_PORT"
API_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(24))')

rm -rf "$WORK/data" "$WORK/root" "$WORK/lists" "$WORK/nginx"
mkdir -p "$WORK/media" "$WORK/data" "$WORK/root" "$WORK/lists" "$WORK/nginx/tmp"
: >"$RESULTS"
echo "LOAD before $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS"

# ---------------------------------------------------------------- media (cached across runs)
RENDITIONS=("1920x1080 5000" "1280x720 3000" "854x480 1500")
if [[ ! -f "$WORK/media/load.ism" ]]; then
  log "encoding the 60 s 3-rendition asset with ffmpeg (once)"
  args=(-v error -y -nostdin -f lavfi -i "testsrc2=size=1920x1080:rate=25" -f lavfi -i "sine=frequency=440:sample_rate=48000"
    -filter_complex "[0:v]split=3[a][b][c];[b]scale=1280:720[b2];[c]scale=854:480[c2]")
  maps=("[a]" "[b2]" "[c2]")
  for i in 0 1 2; do
    read -r size rate <<<"${RENDITIONS[$i]}"
    args+=(-map "${maps[$i]}" -map 1:a -t 60 -c:v libx264 -preset ultrafast -b:v "${rate}k" -maxrate "${rate}k" -bufsize "$((rate * 2))k"
      -g 50 -keyint_min 50 -sc_threshold 0 -c:a aac -b:a 128k -ac 2 -metadata:s:a:0 language=eng -movflags +faststart
      "$WORK/media/load_${size}_${rate}.mp4")
  done
  ffmpeg "${args[@]}"
  {
    echo '<?xml version="1.0" encoding="utf-8"?>'
    echo '<smil xmlns="http://www.w3.org/2001/SMIL20/Language"><head><meta name="formats" content="mp4-v3" /></head><body><switch>'
    for r in "${RENDITIONS[@]}"; do
      read -r size rate <<<"$r"
      echo "<video src=\"load_${size}_${rate}.mp4\" systemBitrate=\"${rate}000\"><param name=\"systemBitrate\" value=\"${rate}000\" valuetype=\"data\" /><param name=\"trackID\" value=\"1\" valuetype=\"data\" /><param name=\"trackName\" value=\"video\" valuetype=\"data\" /></video>"
    done
    read -r size rate <<<"${RENDITIONS[2]}"
    echo "<audio src=\"load_${size}_${rate}.mp4\" systemBitrate=\"128000\" systemLanguage=\"eng\"><param name=\"systemBitrate\" value=\"128000\" valuetype=\"data\" /><param name=\"trackID\" value=\"2\" valuetype=\"data\" /><param name=\"trackName\" value=\"aac_eng_2_128000_2_1\" valuetype=\"data\" /><param name=\"systemLanguage\" value=\"eng\" valuetype=\"data\" /></audio>"
    echo '</switch></body></smil>'
  } >"$WORK/media/load.ism"
fi

# ---------------------------------------------------------------- publish through the control plane
log "starting the origin and publishing the asset"
start_origin
cp_call PUT "$ACCOUNT_PATH" '{"location":"local"}' >/dev/null
# Two assets with the same files: "load" warms a fresh process up (JIT, first requests), "load2" is then touched cold.
expiry=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)
for asset in load load2; do
  cp_call PUT "/assets/$asset" '{"properties":{}}' >/dev/null
  sas_url=$(cp_call POST "/assets/$asset/listContainerSas" "{\"permissions\":\"ReadWrite\",\"expiryTime\":\"$expiry\"}" |
    json 'd["assetContainerSasUrls"][0]')
  for file in "$WORK"/media/load*; do
    status=$(curl -sS -o /dev/null -w '%{http_code}' -X PUT -H 'x-ms-blob-type: BlockBlob' --data-binary "@$file" \
      "${sas_url%%\?*}/$(basename "$file")?${sas_url#*\?}")
    [[ "$status" == 201 ]] || { echo "blob upload of $file -> $status" >&2; exit 1; }
  done
done
cp_call POST /streamingEndpoints/default/start '{}' >/dev/null
wait_running
LOCATOR=$(python3 -c 'import uuid; print(uuid.uuid4())')
COLD_LOCATOR=$(python3 -c 'import uuid; print(uuid.uuid4())')
cp_call PUT /streamingLocators/load-locator \
  "{\"properties\":{\"assetName\":\"load\",\"streamingPolicyName\":\"Predefined_ClearStreamingOnly\",\"streamingLocatorId\":\"$LOCATOR\"}}" >/dev/null
cp_call PUT /streamingLocators/load2-locator \
  "{\"properties\":{\"assetName\":\"load2\",\"streamingPolicyName\":\"Predefined_ClearStreamingOnly\",\"streamingLocatorId\":\"$COLD_LOCATOR\"}}" >/dev/null

log "crawling HLS CMAF into the nginx root"
python3 "$HERE/crawl.py" "$STREAM/$LOCATOR/load.ism/manifest(format=m3u8-cmaf)" "$WORK/root" "$WORK/lists" >&2
sed "s|^/$LOCATOR/|/$COLD_LOCATOR/|" "$WORK/lists/all.txt" >"$WORK/lists/all-cold-asset.txt"
chmod -R a+rX "$WORK/root"
stop_origin

# ---------------------------------------------------------------- nginx: the same bytes from disk
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  open_file_cache max=10000 inactive=60s;
  open_file_cache_valid 60s;
  access_log off;
  default_type application/octet-stream;
  client_body_temp_path $WORK/nginx/tmp/body;
  proxy_temp_path $WORK/nginx/tmp/proxy;
  fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
  scgi_temp_path $WORK/nginx/tmp/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/root;
  }
}
EOF
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!
for _ in $(seq 1 50); do curl -s -o /dev/null "$NGINX_URL/" && break; sleep 0.1; done
single_pass nginx-first "$NGINX_URL" "$WORK/lists/all.txt"

# ---------------------------------------------------------------- rounds: origin and nginx interleaved
# The machine is shared, so every measurement is taken ROUNDS times, alternating origin and nginx, and the summary
# reports medians. Each round starts a fresh origin process, passes once over "load" (startup: JIT, first requests), then
# once over "load2" (cold first touch of an asset in a running process: index, plan, first segments).
(
  peak=0
  while true; do
    pid=$(cat "$WORK/origin.pid" 2>/dev/null || echo 0)
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    ((rss > peak)) && peak=$rss && echo "$peak" >"$WORK/rss-peak-kb"
    sleep 0.2
  done
) &
SAMPLER_PID=$!
for round in $(seq 1 "$ROUNDS"); do
  log "round $round of $ROUNDS: fresh origin, cold and warm passes, then wrk against origin and nginx in turn"
  start_origin
  wait_running
  single_pass origin-startup "$STREAM" "$WORK/lists/all.txt"
  single_pass origin-cold "$STREAM" "$WORK/lists/all-cold-asset.txt"
  single_pass origin-warm "$STREAM" "$WORK/lists/all.txt"
  single_pass nginx "$NGINX_URL" "$WORK/lists/all.txt"
  # Untimed: lets tiered compilation finish (tier-1 code with PGO) before the warm runs, as in a server that has run a while.
  DURATION=5s load warmup-segments "$STREAM" "$WORK/lists/segments.txt" "" >/dev/null
  DURATION=3s load warmup-manifests "$STREAM" "$WORK/lists/manifests.txt" "" >/dev/null
  load origin-segments "$STREAM" "$WORK/lists/segments.txt" "" "$ORIGIN_PID"
  load nginx-segments "$NGINX_URL" "$WORK/lists/segments.txt" "" $(nginx_pids)
  load origin-manifests "$STREAM" "$WORK/lists/manifests.txt" "--latency" "$ORIGIN_PID"
  load nginx-manifests "$NGINX_URL" "$WORK/lists/manifests.txt" "--latency" $(nginx_pids)
  THREADS=1 CONNECTIONS=4 load origin-manifests-c4 "$STREAM" "$WORK/lists/manifests.txt" "--latency" "$ORIGIN_PID"
  THREADS=1 CONNECTIONS=4 load nginx-manifests-c4 "$NGINX_URL" "$WORK/lists/manifests.txt" "--latency" $(nginx_pids)
  THREADS=1 CONNECTIONS=1 load origin-manifests-c1 "$STREAM" "$WORK/lists/manifests.txt" "--latency" "$ORIGIN_PID"
  THREADS=1 CONNECTIONS=1 load nginx-manifests-c1 "$NGINX_URL" "$WORK/lists/manifests.txt" "--latency" $(nginx_pids)
  echo "RSS vmhwm_kb=$(awk '/^VmHWM/ {print $2}' "/proc/$ORIGIN_PID/status")" | tee -a "$RESULTS"
  if ((round == ROUNDS)); then
    log "checking the origin still answers with the crawled bytes"
    python3 - "$STREAM" "$WORK/root" "$WORK/lists/segments.txt" <<'PY' | tee -a "$RESULTS"
import sys, urllib.parse, urllib.request
base, root, listing = sys.argv[1:]
paths = [p for p in open(listing).read().splitlines() if p]
bad = sum(urllib.request.urlopen(base + p).read() != open(root + urllib.parse.unquote(p), "rb").read() for p in paths)
print(f"VERIFY segments={len(paths)} mismatches={bad}")
PY
  fi
  stop_origin
done
echo "RSS peak_sampled_kb=$(cat "$WORK/rss-peak-kb")" | tee -a "$RESULTS"
echo "LOAD after $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"
kill "$SAMPLER_PID" 2>/dev/null || true
wait "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""
kill "$NGINX_PID"
wait "$NGINX_PID" 2>/dev/null || true
NGINX_PID=""

# ---------------------------------------------------------------- summary
python3 - "$RESULTS" "$CONNECTIONS" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if parts[0] == "LOAD" or parts[1].startswith("warmup"):
        continue
    name = parts[1] if "=" not in parts[1] else parts[0]
    values = {k: float(v) for k, v in (p.split("=") for p in parts[1:] if "=" in p)}
    rows.setdefault(name, []).append(values)

def rate(r):
    s = r["duration_us"] / 1e6
    return r["requests"] / s, r["bytes"] / s / 1e6

def med(values):
    return statistics.median(values) if values else float("nan")

def mbps(name):
    return [rate(r)[1] for r in rows.get(name, [])]

def ratios(a, b):
    return [x / y for x, y in zip(mbps(a), mbps(b))]

def p99s(name):
    return [r["p99_us"] / 1000 for r in rows.get(name, [])]

def show(values):
    return "median {:.2f} (rounds: {})".format(med(values), ", ".join(f"{v:.2f}" for v in values))

print()
print(f"medians of {len(rows.get('origin-segments', []))} rounds")
print(f"{'run':<21}{'req/s':>10}{'MB/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'CPU s/GB':>10}{'errors':>8}")
for name in ["origin-startup", "origin-cold", "origin-warm", "nginx", "origin-segments", "nginx-segments", "origin-manifests", "nginx-manifests",
             "origin-manifests-c4", "nginx-manifests-c4", "origin-manifests-c1", "nginx-manifests-c1"]:
    rs = rows.get(name)
    if not rs:
        continue
    rps = med([rate(r)[0] for r in rs])
    mb = med([rate(r)[1] for r in rs])
    p50 = f"{med([r['p50_us'] for r in rs])/1000:.2f}" if "p50_us" in rs[0] else "-"
    p99 = f"{med(p99s(name)):.2f}" if "p99_us" in rs[0] else "-"
    cpu = f"{med([r['server_cpu_ms']/1000/(r['bytes']/1e9) for r in rs]):.2f}" if "server_cpu_ms" in rs[0] else "-"
    errors = int(sum(r.get("non200", 0) + r.get("status_errors", 0) + r.get("socket_errors", 0) for r in rs))
    print(f"{name:<21}{rps:>10.0f}{mb:>10.1f}{p50:>9}{p99:>9}{cpu:>10}{errors:>8}")

print()
print(f"warm (wrk segments)  origin/nginx MB/s = {show(ratios('origin-segments', 'nginx-segments'))}  (target >= 0.5)")
print(f"cold first touch     origin/nginx MB/s = {show(ratios('origin-cold', 'nginx'))}  (single pass, target >= 0.25)")
print(f"fresh process        origin/nginx MB/s = {show(ratios('origin-startup', 'nginx'))}  (single pass incl. JIT)")
print(f"warm single pass     origin/nginx MB/s = {show(ratios('origin-warm', 'nginx'))}")
print(f"manifest p99 ms, origin (nginx)        = c1 {med(p99s('origin-manifests-c1')):.2f} ({med(p99s('nginx-manifests-c1')):.2f}), "
      f"c4 {med(p99s('origin-manifests-c4')):.2f} ({med(p99s('nginx-manifests-c4')):.2f}), "
      f"c{sys.argv[2]} {med(p99s('origin-manifests')):.2f} ({med(p99s('nginx-manifests')):.2f})  (target < 5 ms)")
rss = rows["RSS"]
print(f"origin RSS peak under load             = {max(r.get('peak_sampled_kb', 0) for r in rss)/1024:.0f} MB sampled every 0.2 s, "
      f"VmHWM {max(r.get('vmhwm_kb', 0) for r in rss)/1024:.0f} MB  (target < 300 MB)")
v = rows["VERIFY"][-1]
print(f"determinism: {int(v['mismatches'])} of {int(v['segments'])} segments differ from the crawled bytes")
EOF
log "raw results: $RESULTS; wrk outputs: $WORK/wrk-*.txt"
