#!/usr/bin/env bash
# Runs one on-the-wire check of mssip_edge on loopback, with SIPp (Debian's sip-tester) as the
# clients and, for TLS, Debian's stunnel4 between SIPp (built without TLS) and the proxy.
#
#   tests/sipp/run.sh CASE EDGE_BINARY WORK_DIR
#
# CASE: register | register_400 | provisioning | invite | cancel | parallel | tls | udp | wire,
# or a case a feature lists in cases/<feature>.cases (see cases/README.md)
# Every process gets a timeout (--foreground: a signal to `timeout` reaches only its own
# child, never a helper the child runs, such as LeakSanitizer's); ports are picked at run
# time (the proxy listens on port 0 and logs the port it got); everything started is
# stopped on exit, also on failure; the proxy must then stop cleanly on SIGTERM (SIGINT in
# one case): exit 0, so ASan reported no leak either.
set -euo pipefail

case_name=$1
edge_bin=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
here=$(cd "$(dirname "$0")" && pwd)
domain=contoso.com

rm -rf "$3"
mkdir -p "$3"
work=$(cd "$3" && pwd)
cd "$work"

pids=()
edge_pid=
cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2> /dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 20); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2> /dev/null || true
  done
  if [ "$rc" -ne 0 ]; then
    echo "---- $case_name failed (exit $rc); logs in $work" >&2
    for f in edge.log stunnel.log *.out *_errors.log *messages.log; do
      [ -f "$f" ] && { echo "---- $f" >&2; tail -n 80 "$f" >&2; }
    done
  fi
  exit "$rc"
}
trap cleanup EXIT

fail() { echo "FAIL ($case_name): $*" >&2; exit 1; }

# Waits up to 10 s for a line matching $2 in file $1.
wait_for_line() {
  for _ in $(seq 100); do
    grep -qE "$2" "$1" 2> /dev/null && return 0
    sleep 0.1
  done
  fail "timed out waiting for '$2' in $1"
}

# A port nothing uses now, TCP or UDP (for stunnel and SIPp over UDP, which cannot be told
# to pick one and say which).
free_port() {
  local port hex
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    hex=$(printf ':%04X ' "$port")
    if ! cat /proc/net/tcp /proc/net/tcp6 /proc/net/udp /proc/net/udp6 2> /dev/null | grep -q "$hex"; then
      echo "$port"
      return 0
    fi
  done
  fail "no free port found"
}

# run_edge LOG [flags...]: starts a proxy logging to LOG and waits until it serves; sets
# run_pid and run_port (its TCP port).
run_edge() {
  local log=$1
  shift
  timeout --foreground 300 "$edge_bin" --listen 127.0.0.1:0 --domain "$domain" --log-level debug "$@" \
    2> "$log" &
  run_pid=$!
  pids+=("$run_pid")
  wait_for_line "$log" 'serving '
  run_port=$(grep -oE 'listening on 127\.0\.0\.1:[0-9]+ \(tcp\)' "$log" | grep -oE ':[0-9]+' | tr -d :)
}

# Starts the proxy with extra flags; sets edge_port (and edge_tls_port with --tls-listen).
start_edge() {
  run_edge edge.log "$@"
  edge_pid=$run_pid
  edge_port=$run_port
  edge_tls_port=$(grep -oE 'listening on 127\.0\.0\.1:[0-9]+ \(tls\)' edge.log | grep -oE ':[0-9]+' | tr -d : || true)
}

# Stops the proxy with SIGTERM (or the signal named by $1, e.g. INT); it must exit 0.
stop_edge() {
  local sig=${1:-TERM} rc=0
  kill -"$sig" "$edge_pid"
  wait "$edge_pid" || rc=$?
  [ "$rc" -eq 0 ] || fail "mssip_edge exited $rc after SIG$sig"
  grep -q "signal $(kill -l "$sig"): stopping" edge.log || fail "mssip_edge did not log its clean stop"
}

# sipp_run NAME SCENARIO REMOTE_PORT [sipp flags...]: runs SIPp in the foreground, bounded.
sipp_run() {
  local name=$1 scenario=$2 port=$3
  shift 3
  timeout --foreground 90 sipp -sf "$here/$scenario" -i 127.0.0.1 -nostdin -nd -timeout 60s -timeout_error \
    -key domain "$domain" -trace_err -error_file "$name"_errors.log \
    -trace_msg -message_file "$name"_messages.log -trace_logs -log_file "$name".actions.log \
    "$@" 127.0.0.1:"$port" > "$name".out 2>&1
}

# wait_ok PID WHAT [LOG]: waits for PID, which must exit 0; else fails saying WHAT exited how
# (with the last lines of LOG).
wait_ok() {
  local rc=0
  wait "$1" || rc=$?
  [ "$rc" -eq 0 ] || fail "$2 exited $rc${3:+: $(tail -n 5 "$3" 2> /dev/null)}"
}

# sipp_bg NAME SCENARIO SECONDS [sipp flags...]: runs SIPp in the background for at most
# SECONDS (then 30 s more before it is killed), logging as sipp_run does; sets bg_pid.
sipp_bg() {
  local name=$1 scenario=$2 seconds=$3
  shift 3
  timeout --foreground $((seconds + 30)) sipp -sf "$here/$scenario" -i 127.0.0.1 -nostdin -nd \
    -timeout "$seconds"s -trace_err -error_file "$name"_errors.log -trace_msg \
    -message_file "$name"_messages.log -trace_logs -log_file "$name".actions.log "$@" \
    > "$name".out 2>&1 &
  bg_pid=$!
  pids+=("$bg_pid")
}

# start_callee OOC_SCENARIO PORT: alice (callee.xml: registered over TCP through the proxy
# at PORT, then waiting) answering calls with the out-of-call scenario OOC_SCENARIO (a
# path); sets callee_pid.
start_callee() {
  sipp_bg callee callee.xml 60 -oocsf "$1" -timeout_error -key domain "$domain" \
    -key via_transport TCP -key contact_transport tcp -t t1 -m 1 127.0.0.1:"$2"
  callee_pid=$bg_pid
  wait_for_line callee-call-id.txt '.'
}

# callee_done PORT [WHAT]: the MESSAGE to alice's address-of-record through the proxy at
# PORT ends her wait (else fails saying WHAT); her SIPp must exit 0.
callee_done() {
  local what="the MESSAGE ending alice's wait did not reach her"
  sipp_run done done.xml "$1" -t t1 -m 1 -cid_str "$(tr -d '\r\n' < callee-call-id.txt)" ||
    fail "${2:-$what}"
  wait_ok "$callee_pid" "SIPp callee"
}

# preamble_forward USER URI FLAGS [TOTAL]: USER's preamble (data/users/USER/preamble-1.xml)
# forwards to URI with the client flags FLAGS (MS-SIPRE 4.7.3) and, with TOTAL, a total
# timer of TOTAL seconds.
preamble_forward() {
  {
    cat <<XML
<?xml version="1.0" encoding="utf-8"?>
<routing xmlns="http://schemas.microsoft.com/02/2006/sip/routing" name="rtcdefault" version="1">
  <preamble>
    <list name="forwardto">
      <target uri="$2"/>
    </list>
    <flags name="clientflags" value="$3"/>
XML
    [ -z "${4:-}" ] || printf '    <wait name="total" seconds="%s"/>\n' "$4"
    printf '  </preamble>\n</routing>\n'
  } > "data/users/$1/preamble-1.xml"
}

# Checks what register.xml logged: the rewritten Contact names the connection the proxy saw
# (address, port, transport) and the GRUU belongs to the user.
check_registered_contact() {
  local actions=$1 user=$2 transport=$3 port=$4 cid=';ms-received-cid=[0-9A-F]+'
  [ "$transport" = udp ] && cid='>' # no connection, no connection id
  grep -qE "^contact <sip:$user@127\.0\.0\.1:$port;transport=$transport[^>]*$cid" "$actions" ||
    fail "the 200 OK Contact is not the rewritten one (expected 127.0.0.1:$port;transport=$transport): $(cat "$actions")"
  grep -qE "^gruu gruu=\"sip:$user@$domain;" "$actions" || fail "no GRUU for $user in $(cat "$actions")"
}

# Reads file descriptor $1 until the proxy closes the connection (end of file or reset):
# false when it is still open after 5 s.
closed_by_peer() {
  local rc=0
  timeout 5 cat <&"$1" > /dev/null 2>&1 || rc=$?
  [ "$rc" -ne 124 ]
}

# FNV-1a 64 of the arguments, each followed by a 0xff byte, as 16 hex digits (bash
# arithmetic is 64-bit and wraps).
fnv1a64() {
  local LC_ALL=C h=$((0xcbf29ce484222325)) field i
  for field in "$@"; do
    for ((i = 0; i < ${#field}; i++)); do
      h=$(((h ^ $(printf '%d' "'${field:i:1}")) * 0x100000001b3))
    done
    h=$(((h ^ 0xff) * 0x100000001b3))
  done
  printf '%016x' "$h"
}

# The far-end port and the connection id of the $1-th connection the proxy accepted.
conn_port() {
  grep -oE "conn [0-9A-F]+: (tcp|tls) from 127\.0\.0\.1:[0-9]+" edge.log | sed -n "$1p" | grep -oE '[0-9]+$'
}
conn_id() {
  grep -oE "conn [0-9A-F]+: (tcp|tls) from" edge.log | sed -n "$1p" | awk '{ sub(":", "", $2); print $2 }'
}

case "$case_name" in
register)
  start_edge
  sipp_run register register.xml "$edge_port" -t t1 -m 1 -key user alice \
    -key via_transport TCP -key contact_transport tcp || fail "SIPp register failed"
  check_registered_contact register.actions.log alice tcp "$(conn_port 1)"
  stop_edge
  ;;
register_400)
  start_edge
  sipp_run bad register_bad_instance.xml "$edge_port" -t t1 -m 1 || fail "SIPp did not get its 400"
  stop_edge
  ;;
provisioning)
  # --data: users exist by folder (alice does, bob does not); the rest of the layout is there
  # too, as a deployment would have it.
  mkdir -p data/users/alice data/profiles
  echo 'sip:exum@contoso.com' > data/users/alice/voicemail
  start_edge --data "$work/data"
  sipp_run alice register.xml "$edge_port" -t t1 -m 1 -key user alice \
    -key via_transport TCP -key contact_transport tcp || fail "alice, provisioned, could not register"
  sipp_run bob register_unknown.xml "$edge_port" -t t1 -m 1 || fail "bob, not provisioned, did not get 404"
  stop_edge INT
  ;;
invite)
  start_edge
  start_callee "$here/callee_calls.xml" "$edge_port"
  # SIPp ends the lines its exec actions write with CRLF
  gruu=$(tr -d '\r\n' < gruu.txt)
  [ -n "$gruu" ] || fail "the callee got no GRUU"
  sipp_run caller_aor caller.xml "$edge_port" -t t1 -m 1 -key target "sip:alice@$domain" ||
    fail "SIPp caller: the call to alice's address-of-record failed"
  sipp_run caller_gruu caller.xml "$edge_port" -t t1 -m 1 -key target "$gruu" ||
    fail "SIPp caller: the call to alice's GRUU failed"
  callee_done "$edge_port" "the MESSAGE to alice did not reach her registration's connection"
  # SIPp does not fail an out-of-call scenario whose regexp check fails: check what it logged
  [ "$(grep -cE '^invite INVITE sip:alice@127\.0\.0\.1:[0-9]+;transport=tcp.*;ms-received-cid=[0-9A-F]+[^ ]* via +SIP/2\.0/TCP 127\.0\.0\.1:[0-9]+;branch=z9hG4bK-mse-.* record-route <sip:127\.0\.0\.1:[0-9]+;transport=tcp;lr> forged  max-forwards 69$' callee.actions.log)" -eq 2 ] ||
    fail "alice did not get both INVITEs through the proxy at her rewritten Contact, without forged trust headers"
  [ "$(grep -c 'trust header fields from a client removed' edge.log)" -eq 2 ] ||
    fail "the proxy did not strip the forged trust headers of both INVITEs"
  # The call to the GRUU carries grid (MS-SIPRE 3.4.5.2: copied, or inserted when absent)
  grep -a '^INVITE ' callee_messages.log | sed -n 2p | grep -q ';grid' ||
    fail "the INVITE to the GRUU reached alice without a grid parameter"
  alice=$(conn_id 1)
  [ "$(grep -c "forwarded to conn $alice\$" edge.log)" -ge 7 ] ||
    fail "requests did not all reach alice over her own connection (conn $alice)"
  stop_edge
  ;;
cancel)
  # A cancelled call: the INVITE, its CANCEL and the ACK of the 487 reach alice with one
  # branch of the proxy's (RFC 3261 16.11), and the 200 and 487 get back to the caller.
  start_edge
  start_callee "$here/callee_cancelled.xml" "$edge_port"
  sipp_run caller caller_cancel.xml "$edge_port" -t t1 -m 1 ||
    fail "SIPp caller: the cancelled call did not go as RFC 3261 9.1 says"
  callee_done "$edge_port"
  # The topmost Via (the proxy's) of the INVITE, the CANCEL and the ACK alice received.
  awk '/^(INVITE|CANCEL|ACK) / { want = $1 } want && /^Via: SIP\/2\.0\/TCP 127\.0\.0\.1/ {
         sub(/\r$/, ""); print want, $0; want = "" }' callee_messages.log > proxy-vias.txt
  [ "$(awk '{print $1}' proxy-vias.txt | tr '\n' ' ')" = "INVITE CANCEL ACK " ] ||
    fail "alice did not get INVITE, CANCEL and ACK from the proxy: $(cat proxy-vias.txt)"
  [ "$(cut -d' ' -f2- proxy-vias.txt | sort -u | wc -l)" -eq 1 ] ||
    fail "the proxy's Via differs between INVITE, CANCEL and ACK: $(cat proxy-vias.txt)"
  stop_edge
  ;;
parallel)
  start_edge
  {
    echo SEQUENTIAL
    for i in $(seq 1 50); do
      printf 'user%d;urn:uuid:5c0f0000-0000-4000-8000-%012d;\n' "$i" "$i"
    done
  } > users.csv
  sipp_run many register_many.xml "$edge_port" -t tn -max_socket 200 -m 50 -l 50 -r 50 -inf users.csv ||
    fail "not all 50 parallel registrations succeeded"
  grep -E '^user[0-9]+ ' many.actions.log > gruus.txt || true
  [ "$(grep -cE '^user[0-9]+ sip:user[0-9]+@' gruus.txt)" -eq 50 ] || fail "expected 50 GRUUs logged"
  [ "$(awk '{print $2}' gruus.txt | sort -u | wc -l)" -eq 50 ] || fail "the 50 GRUUs are not all different"
  awk '{ split($2, a, "[:@]"); if (a[2] != $1) { print "GRUU of " $1 " is " $2; bad = 1 } } END { exit bad }' \
    gruus.txt || fail "a GRUU names the wrong user"
  [ "$(grep -cE 'conn [0-9A-F]+: tcp from' edge.log)" -eq 50 ] || fail "expected 50 connections"
  stop_edge
  ;;
tls)
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -keyout key.pem -out cert.pem \
    > openssl.out 2>&1 || fail "openssl could not make the test certificate"
  start_edge --tls-listen 127.0.0.1:0 --cert cert.pem --key key.pem
  [ -n "$edge_tls_port" ] || fail "no TLS listener"
  for attempt in 1 2 3; do
    stunnel_port=$(free_port)
    cat > stunnel.conf <<EOF
foreground = yes
pid =
debug = notice
[sip]
client = yes
accept = 127.0.0.1:$stunnel_port
connect = 127.0.0.1:$edge_tls_port
CAfile = $work/cert.pem
verifyChain = yes
checkIP = 127.0.0.1
EOF
    timeout --foreground 120 stunnel4 stunnel.conf > stunnel.log 2>&1 &
    stunnel_pid=$!
    pids+=("$stunnel_pid")
    hex=$(printf ':%04X ' "$stunnel_port")
    for _ in $(seq 50); do
      grep -q "$hex" /proc/net/tcp 2> /dev/null && break
      kill -0 "$stunnel_pid" 2> /dev/null || break
      sleep 0.1
    done
    grep -q "$hex" /proc/net/tcp && break
    [ "$attempt" -lt 3 ] || fail "stunnel did not start"
  done
  sipp_run tls register.xml "$stunnel_port" -t t1 -m 1 -key user alice \
    -key via_transport TLS -key contact_transport tls || fail "SIPp register over TLS failed"
  check_registered_contact tls.actions.log alice tls "$(conn_port 1)"
  grep -q "conn $(conn_id 1): TLS established" edge.log || fail "the proxy saw no TLS handshake"
  # Plain text on the TLS port fails the handshake and closes the connection.
  exec 3<> /dev/tcp/127.0.0.1/"$edge_tls_port"
  printf 'OPTIONS sip:%s SIP/2.0\r\n\r\n' "$domain" >&3 2> /dev/null || true # may be reset at once
  closed_by_peer 3 || fail "the TLS port kept a connection that sent plain text"
  exec 3>&-
  wait_for_line edge.log 'closed \(TLS handshake failed\)' 
  stop_edge
  ;;
udp)
  # alice registers over UDP; a MESSAGE from a TCP client reaches her at the address NAT
  # processing recorded (no connection: conn id 0), and her 200 goes back over the TCP
  # connection its Via names.
  start_edge --udp
  grep -q "listening on 127.0.0.1:$edge_port (udp)" edge.log || fail "no UDP listener on the TCP port"
  sipp_bg callee callee.xml 60 -timeout_error -key domain "$domain" -key via_transport UDP \
    -key contact_transport udp -t u1 -p "$(free_port)" -m 1 127.0.0.1:"$edge_port"
  callee_pid=$bg_pid
  wait_for_line callee-call-id.txt '.'
  grep -qE "REGISTER <sip:alice@$domain>: 200" edge.log || fail "alice's REGISTER over UDP was not accepted"
  grep -aqE '^Contact: <sip:alice@127\.0\.0\.1:[0-9]+;transport=udp>' callee_messages.log ||
    fail "the 200 OK over UDP does not carry the rewritten Contact"
  sipp_run done done.xml "$edge_port" -t t1 -m 1 -cid_str "$(tr -d '\r\n' < callee-call-id.txt)" ||
    fail "the MESSAGE to alice did not reach her over UDP, or her answer did not come back"
  wait_ok "$callee_pid" "SIPp callee over UDP"
  grep -qE 'MESSAGE sip:alice@contoso.com: forwarded to udp 127\.0\.0\.1:[0-9]+$' edge.log || fail "the MESSAGE did not go out over UDP"
  grep -aqE '^Via: SIP/2\.0/UDP 127\.0\.0\.1:[0-9]+;branch=z9hG4bK-mse-' callee_messages.log ||
    fail "the MESSAGE went out over UDP without the proxy's UDP Via on top"
  stop_edge
  ;;
wire)
  start_edge --idle-timeout 3 --library-log-level debug
  # A keep-alive ping gets its pong; a message that validation refuses gets a 400; the
  # connection stays usable after both. (OPTIONS to the proxy itself is answered 200.)
  exec 3<> /dev/tcp/127.0.0.1/"$edge_port"
  printf '\r\n\r\n' >&3
  printf 'OPTIONS sip:%s SIP/2.0\r\nVia: SIP/2.0/TCP 192.0.2.9:5060;branch=z9hG4bKw1\r\nFrom: <sip:x@%s>;tag=1\r\nTo: <sip:y@%s>\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n' \
    "$domain" "$domain" "$domain" >&3
  pong= reply=
  IFS= read -r -t 5 -N 2 pong <&3 || true
  [ "$pong" = $'\r\n' ] || fail "no CRLF pong for the ping"
  IFS= read -r -t 5 reply <&3 || true
  [ "$reply" = $'SIP/2.0 400 Missing Call-ID\r' ] ||
    fail "expected a 400 for a request without Call-ID, got '$reply'"
  exec 3>&-
  # A request that carries our own Via with the loop hash of its own fields has looped back
  # (RFC 3261 16.3 item 4): 482. The hash is the proxy's, FNV-1a 64 over Request-URI, From,
  # Call-ID and CSeq number, each followed by 0xff.
  ruri="sip:carol@$domain" from="<sip:x@$domain>;tag=3" call_id=loop1 cseq=7
  loop_hash=$(fnv1a64 "$ruri" "$from" "$call_id" "$cseq")
  exec 7<> /dev/tcp/127.0.0.1/"$edge_port"
  printf 'MESSAGE %s SIP/2.0\r\nVia: SIP/2.0/TCP 192.0.2.9:5060;branch=z9hG4bKw3\r\nVia: SIP/2.0/TCP 127.0.0.1:%s;branch=z9hG4bK-mse-%s-0\r\nFrom: %s\r\nTo: <sip:carol@%s>\r\nCall-ID: %s\r\nCSeq: %s MESSAGE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n' \
    "$ruri" "$edge_port" "$loop_hash" "$from" "$domain" "$call_id" "$cseq" >&7
  reply=
  IFS= read -r -t 5 reply <&7 || true
  [ "$reply" = $'SIP/2.0 482 Loop Detected\r' ] || fail "a looped request got '$reply', not 482"
  exec 7>&-
  # Bytes that cannot be framed close the connection.
  exec 4<> /dev/tcp/127.0.0.1/"$edge_port"
  printf 'this is not SIP\r\n\r\n' >&4 2> /dev/null || true # may be reset at once
  closed_by_peer 4 || fail "the connection was not closed after bad framing"
  exec 4>&-
  wait_for_line edge.log 'closed \(bad framing\)'
  # The library's own report of it came through its log hook (--library-log-level debug).
  grep -q 'debug: libmssip: MSSIP_E_FRAMING: ' edge.log || fail "the library's log did not reach the proxy's"
  # Every torture message (RFC 4475, RFC 5118) and every corpus message, each on its own
  # connection that closes at once: the proxy answers, forwards or drops each, and is still
  # there afterwards (and, under ASan, made no bad access: it must then stop cleanly).
  data=$here/../data
  sent=0
  for f in "$data"/torture/rfc4475/*.dat "$data"/torture/rfc5118/*.dat "$data"/corpus/*.sip; do
    exec 5<> /dev/tcp/127.0.0.1/"$edge_port"
    cat "$f" >&5 2> /dev/null || true
    exec 5>&-
    sent=$((sent + 1))
  done
  [ "$sent" -ge 70 ] || fail "only $sent test messages found"
  exec 6<> /dev/tcp/127.0.0.1/"$edge_port"
  printf 'OPTIONS sip:127.0.0.1:%s;transport=tcp SIP/2.0\r\nVia: SIP/2.0/TCP 192.0.2.9:5060;branch=z9hG4bKw2\r\nFrom: <sip:x@%s>;tag=2\r\nTo: <sip:127.0.0.1>\r\nCall-ID: alive\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n' \
    "$edge_port" "$domain" >&6
  reply=
  IFS= read -r -t 10 reply <&6 || true
  [ "$reply" = $'SIP/2.0 200 OK\r' ] || fail "after the torture messages, OPTIONS got '$reply'"
  # The idle timer (--idle-timeout 3) closes a connection that stays silent.
  closed_by_peer 6 || fail "the silent connection was not closed by the idle timer"
  wait_for_line edge.log 'closed \(idle timeout\)'
  exec 6>&-
  stop_edge
  ;;
*)
  # A feature's cases live in tests/sipp/cases/<feature>.sh as functions case_<name>.
  for f in "$here"/cases/*.sh; do [ -f "$f" ] && . "$f"; done
  declare -F "case_$case_name" > /dev/null || fail "unknown case"
  "case_$case_name"
  ;;
esac
echo "PASS ($case_name)"
