#!/usr/bin/env bash
# The demo, in two short parts, both on this machine only:
# 1. the C example sipdump frames a sample SIP-over-TCP stream and prints each message's
#    start line and headers, validation verdicts and keep-alives;
# 2. the example edge proxy mssip_edge starts on a loopback port, a SIPp client registers
#    alice@contoso.com through it (a REGISTER behind a NAT: proxy=replace, epid,
#    +sip.instance), and the demo prints the two messages on the wire (the REGISTER, and the
#    200 OK with the rewritten Contact and the GRUU) and the proxy's log; then the proxy stops;
# 3. a call routed by the call router (MS-SIPRE 3.9) in mssip_edge: alice has two registered
#    endpoints, both ring, the second answers, the first is cancelled with ms-acceptedby;
#    the demo prints the proxy's log of the call and the CANCEL's Reason.
#   tools/demo.sh [STREAM_FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh
build=${MSSIP_BUILD_DIR:-build}
log="$build/demo-build.log"
mkdir -p "$build"
echo "building sipdump and mssip_edge (log: $log) ..." >&2
if ! { cmake -S . -B "$build" && cmake --build "$build" --target sipdump mssip_edge; } > "$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi

echo "== 1. sipdump ${1:-examples-c/sample-stream.sip}"
"$build/examples-c/sipdump" "${1:-examples-c/sample-stream.sip}"

echo
echo "== 2. mssip_edge --listen 127.0.0.1:0 --domain contoso.com, and a SIPp client registering"
work="$build/demo-edge"
if ! tests/sipp/run.sh register "$build/examples-c/mssip_edge" "$work" > "$build/demo-edge.out" 2>&1; then
  cat "$build/demo-edge.out" >&2
  exit 1
fi
# SIPp's message log: a dashed line with a time stamp, then "TCP message sent/received", then
# the message. Print the messages, one after the other.
awk '{ sub(/\r$/, "") }
     /^-+ [0-9]+-/ { show = 0; next }
     /^TCP message (sent|received)/ { show = 1; print "-- SIPp " $3 ":"; next }
     show && NF > 0 { print "   " $0 }' "$work/register_messages.log"
echo "-- mssip_edge's log:"
sed 's/^/   /' "$work/edge.log"
echo "== done: the 200 OK carries the Contact as NAT processing rewrote it (the connection's address and port, ms-received-cid) and alice's GRUU"

echo
echo "== 3. a call to alice, routed by the call router: her two endpoints ring, the second answers"
work="$build/demo-call"
if ! tests/sipp/run.sh routing_simring "$build/examples-c/mssip_edge" "$work" > "$build/demo-call.out" 2>&1; then
  cat "$build/demo-call.out" >&2
  exit 1
fi
echo "-- mssip_edge's log of the call:"
grep -E 'call [0-9a-f]+:' "$work/edge.log" | sed 's/^/   /'
echo "-- the first endpoint's CANCEL:"
grep -a -E '^(CANCEL|Reason:)' "$work/ep1_messages.log" | sed 's/^/   /'
echo "== done: the 200 of the second endpoint reached the caller; the first was cancelled with ms-acceptedby"
