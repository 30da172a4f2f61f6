#!/usr/bin/env bash
# Encrypted against clear segments through the origin: the same HLS CMAF segments of the load asset served clear and with
# encryption=cenc (and cbcs, and cbc: AES-128 envelope, whole segments), under wrk, in interleaved rounds. This is the
# "cenc segment build vs clear" comparison as a client sees it: HTTP, locator, packaging, encryption and the socket.
#
#   benchmarks/load/encrypted.sh     # after benchmarks/load/run.sh has made the media in $WORK/media
#
# Knobs (environment): WORK (/tmp/meridian-load, shared with run.sh), DURATION (8s), ROUNDS (3), THREADS (2),
# CONNECTIONS (32), SKIP_BUILD=1, COLD=1 (the origin remembers no segment ETags or plans, so every request builds its
# segment: what an origin behind a CDN mostly serves; by default repeats take the send-buffer paths).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$REPO/benchmarks/load"
WORK=${WORK:-/tmp/meridian-load}
DURATION=${DURATION:-8s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
ROUNDS=${ROUNDS:-3}
COLD=${COLD:-0}
# Cold: the region remembers no segment ETags or plans, so every segment request is a first build (what an origin behind a
# CDN mostly serves).
if [[ "$COLD" == 1 ]]; then
  export Meridian__Origin__SegmentETagCacheEntries=0 Meridian__Origin__SegmentPlanCacheBytes=0
fi
PARALLEL=16
API=api-version=2022-08-01
SUB=00000000-0000-0000-0000-0000000000b3
ACCOUNT_PATH="/subscriptions/$SUB/resourceGroups/bench/providers/Microsoft.Media/mediaServices/bench"
# shellcheck source=../lib/region.sh
source "$REPO/benchmarks/lib/region.sh"

ORIGIN_PID=""
cleanup() { stop_pids "$ORIGIN_PID"; }
trap cleanup EXIT
MEDIA="$WORK/media"
[[ -f "$MEDIA/load.ism" ]] || { echo "no media in $MEDIA: run benchmarks/load/run.sh first" >&2; exit 1; }
require_tools curl python3 dotnet wrk
build_release benchmarks/Meridian.Benchmarks.Host

CP_PORT=$(free_port); STREAM_PORT=$(free_port); KEY_PORT=$(free_port); BLOB_PORT=$(free_port)
CP="http://127.0.0.1:$CP_PORT"
STREAM="http://127.0.0.1:$STREAM_PORT"
API_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(24))')
WORK="$WORK/encrypted"
rm -rf "$WORK"
mkdir -p "$WORK/data" "$WORK/root" "$WORK/lists"
RESULTS="$WORK/results.txt"
echo "LOAD before $(cut -d' ' -f1-3 /proc/loadavg)" >"$RESULTS"
echo "MODE $([[ "$COLD" == 1 ]] && echo "cold: every request builds its segment" || echo "warm: repeats use known ETags and plans")" | tee -a "$RESULTS"

log "publishing the load asset clear, cenc, cbcs and cbc"
start_origin
cp_call PUT "$ACCOUNT_PATH" '{"location":"local"}' >/dev/null
cp_call PUT /assets/load '{"properties":{}}' >/dev/null
expiry=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)
sas_url=$(cp_call POST /assets/load/listContainerSas "{\"permissions\":\"ReadWrite\",\"expiryTime\":\"$expiry\"}" |
  json 'd["assetContainerSasUrls"][0]')
for file in "$MEDIA"/load*; do
  status=$(curl -sS -o /dev/null -w '%{http_code}' -X PUT -H 'x-ms-blob-type: BlockBlob' --data-binary "@$file" \
    "${sas_url%%\?*}/$(basename "$file")?${sas_url#*\?}")
  [[ "$status" == 201 ]] || { echo "blob upload of $file -> $status" >&2; exit 1; }
done
cp_call POST /streamingEndpoints/default/start '{}' >/dev/null
wait_running
cp_call PUT /contentKeyPolicies/open '{"properties":{"options":[{"name":"open",
  "configuration":{"@odata.type":"#Microsoft.Media.ContentKeyPolicyClearKeyConfiguration"},
  "restriction":{"@odata.type":"#Microsoft.Media.ContentKeyPolicyOpenRestriction"}}]}}' >/dev/null
for scheme in cenc cbcs cbc; do
  case $scheme in
    cenc) property=commonEncryptionCenc drm=',"drm":{"widevine":{}}' ;;
    cbcs) property=commonEncryptionCbcs drm=',"drm":{"widevine":{}}' ;;
    cbc) property=envelopeEncryption drm='' ;;
  esac
  cp_call PUT "/streamingPolicies/$scheme" "{\"properties\":{\"defaultContentKeyPolicyName\":\"open\",\"$property\":{
    \"enabledProtocols\":{\"download\":false,\"dash\":true,\"hls\":true,\"smoothStreaming\":false},
    \"contentKeys\":{\"defaultKey\":{\"label\":\"k\"}}$drm}}}" >/dev/null
done
CLEAR=$(python3 -c 'import uuid; print(uuid.uuid4())')
cp_call PUT /streamingLocators/clear \
  "{\"properties\":{\"assetName\":\"load\",\"streamingPolicyName\":\"Predefined_ClearStreamingOnly\",\"streamingLocatorId\":\"$CLEAR\"}}" >/dev/null
python3 "$HERE/crawl.py" "$STREAM/$CLEAR/load.ism/manifest(format=m3u8-cmaf)" "$WORK/root" "$WORK/lists" >&2
cp "$WORK/lists/segments.txt" "$WORK/lists/clear.txt"
for scheme in cenc cbcs cbc; do
  id=$(python3 -c 'import uuid; print(uuid.uuid4())')
  kid=$(python3 -c 'import uuid; print(uuid.uuid4())')
  value=$(python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(16)).decode())')
  cp_call PUT "/streamingLocators/$scheme" "{\"properties\":{\"assetName\":\"load\",\"streamingPolicyName\":\"$scheme\",
    \"streamingLocatorId\":\"$id\",\"contentKeys\":[{\"id\":\"$kid\",\"labelReferenceInStreamingPolicy\":\"k\",\"value\":\"$value\"}]}}" >/dev/null
  # The same segments: the playlists of an encrypted locator name them with the encryption argument.
  sed "s|^/$CLEAR/|/$id/|; s|format=m3u8-cmaf)|format=m3u8-cmaf,encryption=$scheme)|" "$WORK/lists/clear.txt" >"$WORK/lists/$scheme.txt"
  python3 - "$STREAM" "$WORK/lists/clear.txt" "$WORK/lists/$scheme.txt" "$scheme" <<'PY' | tee -a "$RESULTS"
import sys, urllib.request
base, clear_list, list_, scheme = sys.argv[1:]
clear = [p for p in open(clear_list).read().split("\n") if p]
enc = [p for p in open(list_).read().split("\n") if p]
same = [urllib.request.urlopen(base + a).read() == urllib.request.urlopen(base + b).read() for a, b in zip(clear, enc)]
init = ["=i," in path for path in enc]
# cenc/cbcs: init segments differ (tenc, pssh) and so do media segments (ciphertext, senc). cbc (HLS AES-128): the init
# segment stays clear, as its EXT-X-KEY comes after EXT-X-MAP, and every media segment is encrypted whole.
bad = sum(s != (scheme == "cbc" and i) for s, i in zip(same, init))
print(f"CHECK {scheme} segments={len(enc)} init={sum(init)} identical_to_clear={sum(same)} unexpected={bad}")
if bad:
    sys.exit(1)
PY
done

for kind in clear cenc cbcs cbc; do
  DURATION=4s load "warmup-$kind" "$STREAM" "$WORK/lists/$kind.txt" "" >/dev/null
done
for round in $(seq 1 "$ROUNDS"); do
  log "round $round of $ROUNDS"
  for kind in clear cenc cbcs cbc; do
    load "segments-$kind" "$STREAM" "$WORK/lists/$kind.txt" "" "$ORIGIN_PID"
  done
done
echo "LOAD after $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"

PYTHONPATH="$BENCH_LIB" python3 - "$RESULTS" <<'EOF'
import statistics, sys
from wrk_results import measured_runs
rows = measured_runs(sys.argv[1])
med = statistics.median
mbps = {k: [r["bytes"] / r["duration_us"] for r in v] for k, v in rows.items()}
cpu = {k: [r["server_cpu_ms"] / 1000 / (r["bytes"] / 1e9) for r in v] for k, v in rows.items()}
print()
print(f"{'run':<18}{'MB/s':>10}{'CPU s/GB':>10}{'CPU vs clear':>14}    slower than clear (MB/s, per round)")
for name in ["segments-clear", "segments-cenc", "segments-cbcs", "segments-cbc"]:
    ratios = [c / e for c, e in zip(mbps["segments-clear"], mbps[name])]
    # Each round's CPU per GB against the clear run of the same round, so drift between rounds cancels.
    cpu_ratio = med([e / c for c, e in zip(cpu["segments-clear"], cpu[name])])
    print(f"{name:<18}{med(mbps[name]):>10.1f}{med(cpu[name]):>10.2f}{cpu_ratio:>13.3f}x    "
          f"{med(ratios):.3f}x ({', '.join(f'{r:.3f}' for r in ratios)})")
EOF
