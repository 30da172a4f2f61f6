#!/usr/bin/env bash
# Key delivery load benchmark: raw AES key requests (GET /?kid=) per second against a region, for an Open policy and for
# token-restricted policies (HS256 and RS256 JWTs, with the content-key-identifier claim), next to nginx answering a
# 16-byte file (the cost of HTTP alone on this machine).
#
#   benchmarks/keys/run.sh            # run as root the first time to apt-get install nginx and wrk
#
# Knobs (environment): WORK (default /tmp/meridian-keys), DURATION (8s), ROUNDS (3), THREADS (2), CONNECTIONS (32),
# SKIP_BUILD=1 (reuse the Release builds of the host and the CLI).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=${WORK:-/tmp/meridian-keys}
DURATION=${DURATION:-8s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
ROUNDS=${ROUNDS:-3}
PARALLEL=1
API=api-version=2022-08-01
SUB=00000000-0000-0000-0000-0000000000b2
RG=bench
ACCOUNT=bench
ACCOUNT_PATH="/subscriptions/$SUB/resourceGroups/$RG/providers/Microsoft.Media/mediaServices/$ACCOUNT"
# shellcheck source=../lib/region.sh
source "$REPO/benchmarks/lib/region.sh"
CLI_DLL="$REPO/src/Meridian.Cli/bin/Release/net10.0/meridian.dll"

ORIGIN_PID=""
NGINX_PID=""
RESULTS="$WORK/results.txt"
cleanup() { stop_pids "$NGINX_PID" "$ORIGIN_PID"; }
trap cleanup EXIT
require_nginx_wrk
require_tools curl python3 dotnet openssl
build_release benchmarks/Meridian.Benchmarks.Host src/Meridian.Cli

CP_PORT=$(free_port); STREAM_PORT=$(free_port); KEY_PORT=$(free_port); BLOB_PORT=$(free_port); NGINX_PORT=$(free_port)
CP="http://127.0.0.1:$CP_PORT"
STREAM="http://127.0.0.1:$STREAM_PORT"
KD="http://127.0.0.1:$KEY_PORT"
NGINX_URL="http://127.0.0.1:$NGINX_PORT"
API_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(24))')
rm -rf "$WORK"
mkdir -p "$WORK/data" "$WORK/lists" "$WORK/root" "$WORK/nginx/tmp"
: >"$RESULTS"
echo "LOAD before $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS"

# ---------------------------------------------------------------- policies, locators, tokens
log "starting a region and creating policies, locators and tokens"
start_origin
cp_call PUT "$ACCOUNT_PATH" '{"location":"local"}' >/dev/null
cp_call PUT /assets/keys '{"properties":{}}' >/dev/null
openssl genrsa -out "$WORK/signing.pem" 2048 2>/dev/null
read -r EXPONENT MODULUS < <(openssl rsa -in "$WORK/signing.pem" -noout -text 2>/dev/null | python3 -c '
import base64, re, sys
text = sys.stdin.read()
hexdigits = "".join(re.search(r"modulus:\s*([0-9a-f:\s]+)publicExponent", text).group(1).split()).replace(":", "")
modulus = bytes.fromhex(hexdigits).lstrip(b"\0")
exponent = int(re.search(r"publicExponent: (\d+)", text).group(1))
e = exponent.to_bytes((exponent.bit_length() + 7) // 8, "big")
print(base64.b64encode(e).decode(), base64.b64encode(modulus).decode())')
SECRET=$(python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())')
restriction() { # KEY_JSON -> a token restriction that also requires the content-key-identifier claim
  echo "{\"@odata.type\":\"#Microsoft.Media.ContentKeyPolicyTokenRestriction\",\"issuer\":\"https://tokens.bench\",\"audience\":\"urn:bench\",
    \"primaryVerificationKey\":$1,\"restrictionTokenType\":\"Jwt\",
    \"requiredClaims\":[{\"claimType\":\"urn:microsoft:azure:mediaservices:contentkeyidentifier\"}]}"
}
policy() { # NAME RESTRICTION_JSON
  cp_call PUT "/contentKeyPolicies/$1" "{\"properties\":{\"options\":[{\"name\":\"o\",
    \"configuration\":{\"@odata.type\":\"#Microsoft.Media.ContentKeyPolicyClearKeyConfiguration\"},\"restriction\":$2}]}}" >/dev/null
}
policy open '{"@odata.type":"#Microsoft.Media.ContentKeyPolicyOpenRestriction"}'
policy hs256 "$(restriction "{\"@odata.type\":\"#Microsoft.Media.ContentKeyPolicySymmetricTokenKey\",\"keyValue\":\"$SECRET\"}")"
policy rs256 "$(restriction "{\"@odata.type\":\"#Microsoft.Media.ContentKeyPolicyRsaTokenKey\",\"exponent\":\"$EXPONENT\",\"modulus\":\"$MODULUS\"}")"

for kind in open hs256 rs256; do
  kid=$(python3 -c 'import uuid; print(uuid.uuid4())')
  value=$(python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(16)).decode())')
  cp_call PUT "/streamingLocators/$kind" "{\"properties\":{\"assetName\":\"keys\",\"streamingPolicyName\":\"Predefined_ClearKey\",
    \"defaultContentKeyPolicyName\":\"$kind\",\"contentKeys\":[{\"id\":\"$kid\",\"labelReferenceInStreamingPolicy\":\"clearKeyDefault\",
    \"value\":\"$value\"}]}}" >/dev/null
  query="/?kid=$kid"
  if [[ $kind != open ]]; then
    signing=()
    [[ $kind == rs256 ]] && signing=(--signing-key "$WORK/signing.pem")
    token=$(dotnet "$CLI_DLL" token "$kind" --endpoint "$CP" --api-key "$API_KEY" --subscription "$SUB" --resource-group "$RG" \
      --account "$ACCOUNT" --expires 1h "${signing[@]}" 2>/dev/null)
    query+="&token=$token"
  fi
  echo "$query" >"$WORK/lists/$kind.txt"
  # Every request must really get the key: 16 bytes, equal to the locator's key.
  got=$(curl -sS -w ' %{http_code}' "$KD$query" -o "$WORK/key.bin"; echo)
  [[ "$got" == *" 200"* && $(base64 -w0 <"$WORK/key.bin") == "$value" ]] || { echo "key request for $kind failed: $got" >&2; exit 1; }
  if [[ $kind != open ]]; then
    last=${token: -1}
    status=$(curl -sS -o /dev/null -w '%{http_code}' "$KD/?kid=$kid&token=${token%?}$([[ $last == A ]] && echo B || echo A)")
    [[ $status == 401 ]] || { echo "a tampered $kind token got $status" >&2; exit 1; }
  fi
done
printf 'ABCDEFGHIJKLMNOP' >"$WORK/root/key.bin"
echo "/key.bin" >"$WORK/lists/nginx.txt"

cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
  keepalive_requests 1000000;
  open_file_cache max=100 inactive=60s;
  access_log off;
  default_type application/octet-stream;
  client_body_temp_path $WORK/nginx/tmp/body;
  proxy_temp_path $WORK/nginx/tmp/proxy;
  fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
  scgi_temp_path $WORK/nginx/tmp/scgi;
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/root; }
}
EOF
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!
for _ in $(seq 1 50); do curl -s -o /dev/null "$NGINX_URL/key.bin" && break; sleep 0.1; done

# ---------------------------------------------------------------- rounds
# Untimed warm-up (JIT), then ROUNDS rounds that alternate the four targets; the summary reports medians.
for kind in open hs256 rs256; do
  DURATION=3s load "warmup-$kind" "$KD" "$WORK/lists/$kind.txt" "" >/dev/null
done
for round in $(seq 1 "$ROUNDS"); do
  log "round $round of $ROUNDS"
  load nginx-16-bytes "$NGINX_URL" "$WORK/lists/nginx.txt" "--latency" "$NGINX_PID" $(ps -o pid= --ppid "$NGINX_PID")
  for kind in open hs256 rs256; do
    load "key-$kind" "$KD" "$WORK/lists/$kind.txt" "--latency" "$ORIGIN_PID"
  done
done
echo "LOAD after $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"

PYTHONPATH="$BENCH_LIB" python3 - "$RESULTS" <<'EOF'
import statistics, sys
from wrk_results import measured_runs
rows = measured_runs(sys.argv[1])
med = statistics.median
print()
print(f"medians of {len(rows['key-open'])} rounds")
print(f"{'run':<16}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'server CPU us/req':>19}{'errors':>8}")
for name, rs in rows.items():
    rps = med([r["requests"] / (r["duration_us"] / 1e6) for r in rs])
    cpu = med([r["server_cpu_ms"] * 1000 / r["requests"] for r in rs])
    errors = int(sum(r["status_errors"] + r["socket_errors"] for r in rs))
    print(f"{name:<16}{rps:>10.0f}{med([r['p50_us'] for r in rs])/1000:>9.2f}{med([r['p99_us'] for r in rs])/1000:>9.2f}{cpu:>19.1f}{errors:>8}")
EOF
log "raw results: $RESULTS"
