# Shell helpers shared by the benchmark scripts: a region host (benchmarks/Meridian.Benchmarks.Host) on loopback, its
# control plane, and timed passes with curl and wrk. The caller sets WORK, API_KEY, ACCOUNT_PATH, API, RESULTS, the
# ports' URLs CP and STREAM, KEY_PORT and BLOB_PORT, and THREADS/CONNECTIONS/DURATION/PARALLEL for the passes.

BENCH_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
HOST_DLL="$BENCH_LIB/../Meridian.Benchmarks.Host/bin/Release/net10.0/Meridian.Benchmarks.Host.dll"
CLK_TCK=$(getconf CLK_TCK)

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# stop_pids PID...: stops each process still running (for the scripts' EXIT traps).
stop_pids() {
  local pid
  for pid in "$@"; do
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
}

# require_nginx_wrk: sets NGINX; installs nginx and wrk with apt when missing and running as root.
require_nginx_wrk() {
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
  if ! command -v wrk >/dev/null || [[ ! -x "$NGINX" ]]; then
    if [[ $(id -u) -ne 0 ]]; then
      echo "nginx and wrk are missing; run once as root (apt-get install -y nginx wrk)" >&2
      exit 1
    fi
    log "installing nginx and wrk"
    apt-get install -y nginx wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y nginx wrk >/dev/null; }
    NGINX=$(command -v nginx || echo /usr/sbin/nginx)
  fi
}

# require_tools TOOL...: stops with a clear message when one is missing.
require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }
  done
}

# build_release PROJECT...: Release builds of the given projects (paths under the repository), unless SKIP_BUILD=1.
build_release() {
  [[ "${SKIP_BUILD:-0}" == 1 ]] && return 0
  local project
  for project in "$@"; do
    log "building $project (Release)"
    dotnet build -c Release "$BENCH_LIB/../../$project" -v quiet -nologo >/dev/null
  done
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

start_origin() {
  dotnet "$HOST_DLL" --name bench --data "$WORK/data" --api-key "$API_KEY" \
    --urls "controlplane=$CP/" "streaming=$STREAM/" "keydelivery=http://127.0.0.1:$KEY_PORT/" "blob=http://127.0.0.1:$BLOB_PORT/" \
    >"$WORK/origin.log" 2>&1 &
  ORIGIN_PID=$!
  echo "$ORIGIN_PID" >"$WORK/origin.pid"
  for _ in $(seq 1 300); do
    grep -q '^ready' "$WORK/origin.log" 2>/dev/null && return 0
    kill -0 "$ORIGIN_PID" 2>/dev/null || { cat "$WORK/origin.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "origin did not start" >&2
  exit 1
}

stop_origin() {
  kill "$ORIGIN_PID"
  wait "$ORIGIN_PID" 2>/dev/null || true
  ORIGIN_PID=""
}

# cp METHOD PATH [JSON] -> body on stdout; fails on a non-2xx status.
cp_call() {
  local method=$1 path=$2 body=${3:-} status
  local url="$CP$ACCOUNT_PATH$path"
  [[ "$path" == /subscriptions/* ]] && url="$CP$path"
  url+=$([[ "$url" == *\?* ]] && echo "&$API" || echo "?$API")
  status=$(curl -sS -o "$WORK/cp.json" -w '%{http_code}' -X "$method" -H "Authorization: Bearer $API_KEY" \
    -H 'Content-Type: application/json' ${body:+--data "$body"} "$url")
  if [[ "$status" != 2* ]]; then
    echo "$method $path -> $status: $(cat "$WORK/cp.json")" >&2
    exit 1
  fi
  cat "$WORK/cp.json"
}

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {'d': d}))" "$1"; }

wait_running() {
  for _ in $(seq 1 100); do
    [[ $(cp_call GET /streamingEndpoints/default | json 'd["properties"]["resourceState"]') == Running ]] && return 0
    sleep 0.2
  done
  echo "streaming endpoint did not reach Running" >&2
  exit 1
}

cpu_ticks() { # utime+stime of the given PIDs
  local total=0 pid
  for pid in "$@"; do
    [[ -r /proc/$pid/stat ]] || continue
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$total"
}

nginx_pids() { echo "$NGINX_PID" $(ps -o pid= --ppid "$NGINX_PID"); }

# single_pass NAME BASE LIST: every URL once with curl (PARALLEL transfers at a time); records time and bytes.
single_pass() {
  local name=$1 base=$2 list=$3 start end
  sed "s|^|url = \"$base|; s|\$|\"\noutput = \"/dev/null\"|" "$list" >"$WORK/lists/curl-$name.cfg"
  start=$(date +%s%N)
  curl -sS --no-progress-meter --globoff --parallel --parallel-max "$PARALLEL" -K "$WORK/lists/curl-$name.cfg" \
    -w '%{http_code} %{size_download}\n' >"$WORK/lists/pass-$name.out" 2>"$WORK/lists/pass-$name.err"
  end=$(date +%s%N)
  awk -v name="$name" -v ns=$((end - start)) '
    { n++; bytes += $2; if ($1 != 200) bad++ }
    END { printf "PASS %s requests=%d bytes=%d duration_us=%d non200=%d\n", name, n, bytes, ns / 1000, bad }' \
    "$WORK/lists/pass-$name.out" | tee -a "$RESULTS"
}

# load NAME BASE LIST [extra wrk flags] [PIDS for CPU accounting...]
load() {
  local name=$1 base=$2 list=$3 flags=$4; shift 4
  local before after
  before=$(cpu_ticks "$@")
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" $flags -s "$BENCH_LIB/rotate.lua" "$base" -- "$list" >"$WORK/wrk-$name.txt"
  after=$(cpu_ticks "$@")
  echo "WRK $name $(grep '^RESULT' "$WORK/wrk-$name.txt" | cut -d' ' -f2-) server_cpu_ms=$(((after - before) * 1000 / CLK_TCK))" |
    tee -a "$RESULTS"
}

