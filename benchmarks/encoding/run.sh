#!/usr/bin/env bash
# Encoding benchmark: (a) the single-decode split command Meridian runs for AdaptiveStreaming, (b) one ffmpeg per
# rendition with the same settings, in sequence, (c) the same encode as a Meridian job through a running region.
# Knobs: SECONDS_LONG (clip length, 60), WORK (/tmp/meridian-encbench), SKIP_BUILD=1, RUNS (which of a, b, c to run:
# abc; with a and c, (a) runs again after (c)), ENCODER_LOG (level of the region's encoder log, Information; its
# per-phase job times are printed as PHASES).
# Binds 127.0.0.1 only; stops what it started by PID.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LEN=${SECONDS_LONG:-60}
WORK=${WORK:-/tmp/meridian-encbench}
HOST_DLL="$ROOT/benchmarks/Meridian.Benchmarks.Host/bin/Release/net10.0/Meridian.Benchmarks.Host.dll"
mkdir -p "$WORK"
[[ "${SKIP_BUILD:-}" == 1 ]] || dotnet build -c Release "$ROOT/benchmarks/Meridian.Benchmarks.Host" -v q -nologo >/dev/null
now() { date +%s.%N; }
# CPU seconds (user + system) of a finished /usr/bin/time run, from its -o file.
cpu() { awk '{printf "%.2f", $1 + $2}' "$1"; }
log() { echo "== $*" >&2; }

CLIP="$WORK/clip-${LEN}s.mp4"
if [[ ! -f "$CLIP" ]]; then
  log "making a ${LEN} s 1080p25 clip"
  ffmpeg -v error -y -f lavfi -i "testsrc2=duration=$LEN:size=1920x1080:rate=25" -f lavfi -i "sine=duration=$LEN" \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac "$CLIP"
fi

rm -rf "$WORK/out-a" "$WORK/out-b"; mkdir -p "$WORK/out-a" "$WORK/out-b"
dotnet "$HOST_DLL" --print-ffmpeg AdaptiveStreaming "$CLIP" "$WORK/out-a" >"$WORK/commands.txt"
echo "LOAD before $(cut -d' ' -f1-3 /proc/loadavg)"
grep '^ALL ' "$WORK/commands.txt" | sed 's/^ALL //' >"$WORK/a.sh"
grep '^ONE ' "$WORK/commands.txt" | sed 's/^ONE //; s|/out-a/|/out-b/|g' >"$WORK/b.sh"
echo "RENDITIONS $(wc -l <"$WORK/b.sh")"

RUNS=${RUNS:-abc}
A=0; B=0
if [[ "$RUNS" == *a* ]]; then
  log "(a) single decode, split"
  t0=$(now); /usr/bin/time -o "$WORK/a.cpu" -f '%U %S' bash "$WORK/a.sh" >/dev/null; t1=$(now)
  A=$(echo "$t1 - $t0" | bc -l)
  echo "A seconds=$A cpu_seconds=$(cpu "$WORK/a.cpu")"
fi

if [[ "$RUNS" == *b* ]]; then
  log "(b) one ffmpeg per rendition, sequential"
  t0=$(now)
  /usr/bin/time -o "$WORK/b.cpu" -f '%U %S' bash -c 'while read -r line; do bash -c "$line" >/dev/null </dev/null; done <"$1"' _ "$WORK/b.sh"
  t1=$(now)
  B=$(echo "$t1 - $t0" | bc -l)
  echo "B seconds=$B cpu_seconds=$(cpu "$WORK/b.cpu")"
fi

if [[ "$RUNS" != *c* ]]; then
  echo "LOAD after $(cut -d' ' -f1-3 /proc/loadavg)"
  if [[ "$RUNS" == *a* && "$RUNS" == *b* ]]; then
    echo "RATIO b/a=$(echo "$B / $A" | bc -l | cut -c1-5)"
    echo "CPU_RATIO b/a=$(echo "$(cpu "$WORK/b.cpu") / $(cpu "$WORK/a.cpu")" | bc -l | cut -c1-5)"
  fi
  exit 0
fi


log "(c) Meridian job through a region"
DATA="$WORK/region"; rm -rf "$DATA"
KEY=encbench-key-0123456789abcdef
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
env "Logging__LogLevel__Meridian.Region.Encoder=${ENCODER_LOG:-Information}" \
  dotnet "$HOST_DLL" --name bench --data "$DATA" --api-key "$KEY" --urls "controlplane=http://127.0.0.1:$PORT" \
  "streaming=http://127.0.0.1:0" "keydelivery=http://127.0.0.1:0" "blob=http://127.0.0.1:0" >"$WORK/host.log" 2>&1 &
HOST_PID=$!
trap 'kill $HOST_PID 2>/dev/null || true' EXIT
CP="http://127.0.0.1:$PORT"
ACC="/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Media/mediaServices/bench"
call() {
  curl -sS -f -X "$1" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' ${3:+--data "$3"} \
    "$CP$ACC$2?api-version=2022-08-01"
}
for _ in $(seq 1 100); do grep -q '^ready' "$WORK/host.log" && break; sleep 0.2; done
call PUT "" '{"location":"bench"}' >/dev/null
call PUT /assets/src '{"properties":{}}' >/dev/null
call PUT /assets/out '{"properties":{}}' >/dev/null
expiry=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)
sas=$(call POST /assets/src/listContainerSas "{\"permissions\":\"ReadWrite\",\"expiryTime\":\"$expiry\"}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["assetContainerSasUrls"][0])')
curl -sS -f -X PUT -H 'x-ms-blob-type: BlockBlob' --data-binary "@$CLIP" "${sas%%\?*}/clip.mp4?${sas#*\?}" >/dev/null
call PUT /transforms/as '{"properties":{"outputs":[{"preset":{"@odata.type":"#Microsoft.Media.BuiltInStandardEncoderPreset","presetName":"AdaptiveStreaming"}}]}}' >/dev/null

# One python3 submits the jobs and polls them every 0.5 s over one kept-alive connection: a curl and a python3 started
# per poll would take CPU from the encoder on the same cores. First a 2 s warm-up job (the first 2 s of the same clip):
# a region in service has its code compiled already, a fresh process spends about a CPU second on it. Then the measured
# job; the region's CPU time (its own and its ffmpeg/ffprobe children's) is read from /proc around it.
python3 - "$CP$ACC" "$KEY" "$HOST_PID" >"$WORK/c.txt" <<'PY'
import datetime, http.client, json, os, sys, time, urllib.parse
base, key, pid = sys.argv[1], sys.argv[2], sys.argv[3]
def cpu():  # (the region's own, its finished children's) user + system seconds
    fields = [int(f) for f in open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[11:15]]
    return (fields[0] + fields[1]) / os.sysconf("SC_CLK_TCK"), (fields[2] + fields[3]) / os.sysconf("SC_CLK_TCK")
url = urllib.parse.urlsplit(base)
conn = http.client.HTTPConnection(url.hostname, url.port)
headers = {"Authorization": "Bearer " + key, "Content-Type": "application/json"}

def run(job, asset, end=None):
    path = url.path + f"/transforms/as/jobs/{job}?api-version=2022-08-01"
    source = {"@odata.type": "#Microsoft.Media.JobInputAsset", "assetName": "src"}
    if end:
        source["end"] = {"@odata.type": "#Microsoft.Media.AbsoluteClipTime", "time": end}
    conn.request("PUT", url.path + f"/assets/{asset}?api-version=2022-08-01", json.dumps({"properties": {}}), headers)
    conn.getresponse().read()
    body = {"properties": {"input": source, "outputs": [{"@odata.type": "#Microsoft.Media.JobOutputAsset", "assetName": asset}]}}
    conn.request("PUT", path, json.dumps(body), headers)
    r = conn.getresponse(); r.read()
    assert r.status == 201, r.status
    while True:
        conn.request("GET", path, headers=headers)
        r = conn.getresponse(); p = json.loads(r.read())["properties"]
        if p["state"] in ("Finished", "Error", "Canceled"):
            return p
        time.sleep(0.5)

assert run("warmup", "warm", "PT2S")["state"] == "Finished"
time.sleep(1)
c0 = cpu()
t0 = time.monotonic()
p = run("j1", "out")
wall = time.monotonic() - t0
time.sleep(0.3)  # let the region reap its last child
c1 = cpu()
own, children = c1[0] - c0[0], c1[1] - c0[1]
f = lambda s: datetime.datetime.fromisoformat(s[:26].rstrip("Z") + "+00:00")
print(f"{p['state']} {(f(p['endTime']) - f(p['startTime'])).total_seconds():.3f} {wall:.3f} {own + children:.2f} {own:.2f} {children:.2f}")
PY
read -r state C_JOB C_WALL C_CPU C_OWN C_CHILD <"$WORK/c.txt"
echo "C state=$state job_seconds=$C_JOB wall_seconds=$C_WALL cpu_seconds=$C_CPU (region $C_OWN, ffmpeg and ffprobe $C_CHILD)"
kill $HOST_PID 2>/dev/null || true
if [[ "$RUNS" == *a* ]]; then
  # (a) again after (c): the machine is shared, so (c) is compared with the mean of (a) before and after it.
  log "(a) again"
  rm -rf "$WORK/out-a"; mkdir -p "$WORK/out-a"
  t0=$(now); /usr/bin/time -o "$WORK/a2.cpu" -f '%U %S' bash "$WORK/a.sh" >/dev/null; t1=$(now)
  A2=$(echo "$t1 - $t0" | bc -l)
  echo "A2 seconds=$A2 cpu_seconds=$(cpu "$WORK/a2.cpu")"
fi
echo "LOAD after $(cut -d' ' -f1-3 /proc/loadavg)"
grep -o 'Job .* ran .*' "$WORK/host.log" | sed 's/^/PHASES /' || true
if [[ "$RUNS" == *a* ]]; then
  AM=$(echo "($A + $A2) / 2" | bc -l)
  ACPU=$(echo "($(cpu "$WORK/a.cpu") + $(cpu "$WORK/a2.cpu")) / 2" | bc -l)
  echo "RATIO b/a=$(echo "$B / $A" | bc -l | cut -c1-5) (b: $([[ "$RUNS" == *b* ]] && echo ran || echo 'not run')) c_job/a_mean=$(echo "$C_JOB / $AM" | bc -l | cut -c1-5) c_wall/a_mean=$(echo "$C_WALL / $AM" | bc -l | cut -c1-5)"
  echo "CPU_RATIO c/a_mean=$(echo "$C_CPU / $ACPU" | bc -l | cut -c1-5)"
  if [[ "$RUNS" == *b* ]]; then echo "CPU_RATIO b/a=$(echo "$(cpu "$WORK/b.cpu") / $(cpu "$WORK/a.cpu")" | bc -l | cut -c1-5)"; fi
fi
