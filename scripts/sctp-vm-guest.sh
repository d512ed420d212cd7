#!/bin/bash
# Runs inside the SCTP guest; scripts/test-sctp starts it. Builds two network paths between this namespace
# (the tests) and a namespace "peer" (MultiHomingPeer, the far end of the multi-homing test), then runs the
# JUnit console launcher on the prebuilt classpath. Nothing here touches the host: the guest has no network card.
#   sctp-vm-guest.sh WORK_DIR CLASSPATH LAUNCHER_JAR CLASS...
set -uo pipefail
WORK=$1 CP=$2 LAUNCHER=$3
shift 3
JAVA_OPTS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k)

step() { echo "guest: $* (uptime $(cut -d' ' -f1 /proc/uptime) s)"; }

# path A 10.99.1.1 <-> 10.99.1.2, path B 10.99.2.1 <-> 10.99.2.2
ip netns add peer || exit 3
ip link add vA0 type veth peer name vA1 netns peer || exit 3
ip link add vB0 type veth peer name vB1 netns peer || exit 3
ip addr add 10.99.1.1/24 dev vA0 && ip addr add 10.99.2.1/24 dev vB0 || exit 3
ip -n peer addr add 10.99.1.2/24 dev vA1 && ip -n peer addr add 10.99.2.2/24 dev vB1 || exit 3
for d in vA0 vB0; do ip link set "$d" up; done
for d in lo vA1 vB1; do ip -n peer link set "$d" up; done
# failure detection in about a second instead of RFC 9260's minutes; the sysctls are per namespace
for ns in "" "ip netns exec peer"; do
  $ns sysctl -qw net.sctp.rto_min=200 net.sctp.rto_initial=500 net.sctp.rto_max=1000 \
    net.sctp.hb_interval=500 net.sctp.path_max_retrans=3 || exit 3
done
step "network ready"

rm -f "$WORK/peer.port"
ip netns exec peer java "${JAVA_OPTS[@]}" -cp "$CP" org.raypool.transport.sctp.MultiHomingPeer \
  10.99.1.2,10.99.2.2 0 "$WORK/peer.port" > "$WORK/peer.log" 2>&1 &
PEER=$!
trap 'kill $PEER 2>/dev/null' EXIT
for _ in $(seq 600); do [ -s "$WORK/peer.port" ] && break; kill -0 $PEER 2>/dev/null || break; sleep 0.1; done
[ -s "$WORK/peer.port" ] || { echo "guest: MultiHomingPeer did not start"; cat "$WORK/peer.log"; exit 3; }
PORT=$(cat "$WORK/peer.port")
step "peer listening on 10.99.1.2,10.99.2.2 port $PORT"

declare -a SELECT=()
for c in "$@"; do SELECT+=(--select-class "$c"); done
java "${JAVA_OPTS[@]}" \
  -Draypool.sctp.required=true -Draypool.mh.required=true \
  -Draypool.mh.remote="10.99.1.2:$PORT,10.99.2.2:$PORT" -Draypool.mh.local=10.99.1.1,10.99.2.1 \
  -Draypool.mh.cuts=linkdown,loss \
  -Draypool.mh.cut.linkdown="ip link set vA0 down" \
  -Draypool.mh.restore.linkdown="ip link set vA0 up" \
  -Draypool.mh.cut.loss="tc qdisc add dev vA0 root netem loss 100% && ip netns exec peer tc qdisc add dev vA1 root netem loss 100%" \
  -Draypool.mh.restore.loss="tc qdisc del dev vA0 root; ip netns exec peer tc qdisc del dev vA1 root" \
  -jar "$LAUNCHER" execute --disable-banner --details=tree --fail-if-no-tests \
  --class-path "$CP" --include-classname '.*' "${SELECT[@]}" --reports-dir "$WORK/reports"
RC=$?
step "tests done, exit $RC"
exit $RC
