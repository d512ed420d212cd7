# Shared by the farm benchmarks (run-farm-makespan, run-farm-speedup, run-failover); sourced, not run.
# The caller sets `bench` (its name, for messages) and `repo`, and cds to $repo. Every process started here runs
# in a process group of its own (setsid), so bench_cleanup ends it with everything it started, by its id.
bench_pgids=() bench_logs=() bench_exit_hooks=()

bench_fail() { echo "$bench: $*" >&2; exit 1; }
bench_load() { cut -d' ' -f1-3 /proc/loadavg; }
bench_now() { echo "$EPOCHREALTIME"; }
bench_secs() { printf '%.2f' "$(echo "$1" | bc -l)"; }

# bench_build: builds the jars (offline) when one is missing or older than a source file of the project.
bench_build() {
  local jar stale=0
  for jar in farm-registrar/target/farm-registrar.jar farm-worker/target/farm-worker.jar \
    farm-submit/target/farm-submit.jar bench/target/benchmarks.jar; do
    if [ ! -f "$jar" ] || [ -n "$(find pom.xml ./*/pom.xml ./*/src/main -newer "$jar" -type f -print -quit)" ]; then
      stale=1
    fi
  done
  [ "$stale" = 0 ] && return 0
  echo "$bench: building the jars (mvn -o package)"
  mvn -o -B -q package -DskipTests > "$bench_tmp/build.log" 2>&1 || { cat "$bench_tmp/build.log" >&2; bench_fail "the build failed"; }
}

# bench_start LOG COMMAND...: starts COMMAND in the background in a process group of its own, output to LOG;
# sets bench_pid. COMMAND may be `ip netns exec NS ...` (it execs, so the pid stays the program's).
bench_start() {
  local log=$1
  shift
  setsid "$@" > "$log" 2>&1 < /dev/null &
  bench_pid=$!
  disown "$bench_pid"  # no "Killed" report from bash when a bench kills it with SIGKILL
  bench_pgids+=("$bench_pid")
  bench_logs+=("$log")
}

# bench_await_ready NAME PID FILE: waits (60 s at most) for the ready file a program writes once it serves.
bench_await_ready() {
  local name=$1 pid=$2 file=$3
  for _ in $(seq 1 600); do
    [ -s "$file" ] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "$bench: $name did not start:" >&2
  cat "${file%.ready}.log" >&2
  exit 1
}

# bench_farm WORKERS [NET SUBNET]: a registrar and WORKERS workers with one session each over TCP, as
# scripts/quickstart: on 127.0.0.1, or with NET each on a host of tools/netns/testnet (registrar NET-1 at SUBNET.1,
# worker w NET-(w+1) at SUBNET.(w+1)). Sets bench_registrar (HOST:PORT) and bench_worker_pids. Extra worker
# options: $bench_worker_opts.
bench_farm() {
  local workers=$1 net=${2:-} subnet=${3:-} w pids=() on=() ip=127.0.0.1 scope=loopback
  if [ -n "$net" ]; then on=(ip netns exec "$net-1") ip=$subnet.1 scope=site-local; fi
  bench_start "$bench_tmp/registrar.log" "${on[@]}" bin/farm-registrar --transport tcp --asap "$ip:0" \
    --asap-announce off --min-address-scope "$scope" --enrp "$ip:0" --enrp-announce off \
    --ready-file "$bench_tmp/registrar.ready"
  bench_await_ready registrar "$bench_pid" "$bench_tmp/registrar.ready"
  bench_registrar=$ip:$(sed -n 's/.*"asap":\([0-9]*\).*/\1/p' "$bench_tmp/registrar.ready")
  for w in $(seq 1 "$workers"); do
    if [ -n "$net" ]; then on=(ip netns exec "$net-$((w + 1))") ip=$subnet.$((w + 1)); fi
    # shellcheck disable=SC2086
    bench_start "$bench_tmp/worker-$w.log" "${on[@]}" bin/farm-worker --registrar "$bench_registrar" \
      --transport tcp --listen "$ip:0" --max-sessions 1 --ready-file "$bench_tmp/worker-$w.ready" ${bench_worker_opts:-}
    pids+=("$bench_pid")
  done
  for w in $(seq 1 "$workers"); do bench_await_ready "worker $w" "${pids[$((w - 1))]}" "$bench_tmp/worker-$w.ready"; done
  bench_worker_pids=("${pids[@]}")
  # The first batch after a build writes farm-submit's class-data archive (bin/raypool-launcher, about 1.5 s once):
  # untimed tiny batches here, so the timed run starts as every later batch of a user does
  # (the first batch writes it, the next one puts it in place)
  local round
  for round in 1 2; do
    [ -z "$net" ] && ! [ farm-submit/target/farm-submit.jsa -nt farm-submit/target/farm-submit.jar ] || break
    bin/farm-submit --registrar "$bench_registrar" --transport tcp --output "$bench_tmp/warm-up" --size 32x24 --quiet \
      examples-povray/scenes/quickstart.pov > "$bench_tmp/warm-up.log" 2>&1 || true
  done
}

# bench_render_local SCENE W H PNG [THREADS]: plain povray with exactly ssrun's options, in the scene's folder (for
# its includes), one render thread unless THREADS says otherwise; the log goes next to PNG.
bench_render_local() {
  local scene=$1 w=$2 h=$3 png=$4 threads=${5:-1} name
  name=$(basename "$scene" .pov)
  (cd "$(dirname "$scene")" && povray "+WT$threads" "+I$name.pov" "+W$w" "+H$h" +A0.3 -D -V +FN "+O$png") \
    > "${png%.*}.log" 2>&1 || bench_fail "povray failed on $scene (log: ${png%.*}.log)"
}

# bench_same_images EXPECTED ACTUAL...: the pixel check (bench/src/.../SameImages); prints a line per pair,
# returns 1 when a pair differs.
bench_same_images() {
  java -cp bench/target/benchmarks.jar org.raypool.bench.image.SameImages "$@"
}

# bench_stamp: copies standard input to standard output, each line prefixed with its arrival time (epoch seconds).
bench_stamp() {
  local line
  while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done
}

# bench_submit_start_s T0: seconds from T0 (farm-submit's start) to its first progress line in submit.log: its JVM
# start, planning and work-package hashing, before the first session.
bench_submit_start_s() {
  bench_secs "$(awk 'NR == 1 { print $1 }' "$bench_tmp/submit.log") - $1"
}

# bench_submit_exit_s T1: seconds from farm-submit's last line (its summary) to its exit at T1.
bench_submit_exit_s() {
  bench_secs "$1 - $(awk 'END { print $1 }' "$bench_tmp/submit.log")"
}

# bench_submit_has OPTION: whether this farm-submit knows OPTION (e.g. --bands), from its --help.
bench_submit_has() {
  bin/farm-submit --help 2>/dev/null | grep -q -- "$1[=, ]"
}

# bench_check_submit_opts OPTION...: fails before anything is timed when this farm-submit lacks one of the options
# (e.g. --bands before issue 14), rather than after the baseline.
bench_check_submit_opts() {
  local help opt
  help=$(bin/farm-submit --help 2>&1)
  for opt in "$@"; do
    [[ $opt == --* ]] || continue
    opt=${opt%%=*}
    grep -q -- "$opt[=, ]" <<< "$help" || bench_fail "this farm-submit has no option $opt (bin/farm-submit --help)"
  done
}

# bench_log_time LINE: the epoch seconds of a RayPool log line ("2026-12-07 21:30:00.123 [thread] ...").
bench_log_time() {
  date -d "$(cut -c1-23 <<< "$1")" +%s.%N
}

# bench_stop_all: ends every process group started here (TERM, then KILL after 3 s) and the job process groups the
# workers logged ("started ssrun (pid N"; a worker killed with SIGKILL leaves its job running).
# bench_cleanup (on exit): bench_stop_all, then the exit hooks, then the temp folder goes.
bench_stop_all() {
  local pgid log job
  for pgid in "${bench_pgids[@]}"; do kill -TERM -- "-$pgid" 2>/dev/null || true; done
  for _ in $(seq 1 30); do
    local alive=0
    for pgid in "${bench_pgids[@]}"; do kill -0 -- "-$pgid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pgid in "${bench_pgids[@]}"; do kill -KILL -- "-$pgid" 2>/dev/null || true; done
  for log in "${bench_logs[@]}"; do
    for job in $(sed -n 's/.*started ssrun (pid \([0-9]*\).*/\1/p' "$log" 2>/dev/null); do
      kill -KILL -- "-$job" 2>/dev/null || true
    done
  done
  wait 2>/dev/null || true
  bench_pgids=() bench_logs=()
}
bench_cleanup() {
  local hook
  bench_stop_all
  for hook in "${bench_exit_hooks[@]}"; do "$hook" || true; done
  if [ "${KEEP_LOGS:-0}" = 1 ]; then echo "$bench: kept $bench_tmp" >&2; else rm -rf "$bench_tmp"; fi
}

# bench_init NAME: temp folder, clean-up on exit and on Ctrl-C, tools checked.
bench_init() {
  command -v povray >/dev/null || bench_fail "povray not found (apt-get install povray)"
  command -v java >/dev/null || bench_fail "java not found; install a JDK 17 or newer (apt-get install default-jdk)"
  bench_tmp=$(mktemp -d "/tmp/raypool-$1.XXXXXX")
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}
