# SIPp cases of interworking in mssip_edge (README "Interworking", "Edge proxy"): the peers of
# DIR/peers/ and the translations on the way out to them. Sourced by ../run.sh, whose helpers
# (start_edge, stop_edge, sipp_run, sipp_bg, wait_ok, wait_for_line, preamble_forward, fail)
# and variables (here, work, domain, pids, edge_port) these functions use. The peers are SIPp over TCP on loopback ports
# 5400-5499, each bounded to one call; the proxy connects to them.

# interwork_peer NAME SCENARIO PORT [sipp flags...]: a peer answering one call over TCP on
# PORT, in the background.
interwork_peer() {
  local name=$1 scenario=$2 port=$3
  shift 3
  sipp_bg "$name" "$scenario" 60 -p "$port" -t t1 -timeout_error -m 1 -key domain "$domain" "$@"
  printf '%s\n' "$bg_pid" > "$name".pid
  # listening before the proxy is asked to reach it
  local hex
  hex=$(printf ':%04X 00000000:0000 0A' "$port")
  for _ in $(seq 50); do
    grep -q "$hex" /proc/net/tcp 2> /dev/null && return 0
    sleep 0.1
  done
  fail "peer $name did not listen on port $port"
}

interwork_peer_end() {
  wait_ok "$(cat "$1".pid)" "peer $1 (SIPp)" "$1"_errors.log
}

# interwork_call PEER SCENARIO PORT CALLER_SCENARIO TARGET WHAT: peer PEER answers one call
# over TCP on PORT with SCENARIO while the caller calls TARGET through the proxy with
# CALLER_SCENARIO; both must succeed (else fails saying WHAT, with the caller's errors).
interwork_call() {
  interwork_peer "$1" "$2" "$3"
  sipp_run caller "$4" "$edge_port" -t t1 -m 1 -key target "$5" ||
    fail "$6: $(cat caller_errors.log 2> /dev/null)"
  interwork_peer_end "$1"
}

# interwork_forward_at_once URI: alice's preamble forwards every call at once to URI, a
# number behind a peer (MS-SIPRE 4.7.3 flags: forward_immediate, enablecf).
interwork_forward_at_once() {
  preamble_forward alice "$1" "work_hours forward_immediate enablecf"
}

# interwork_fallback_only MESSAGES_LOG: the single SDP a plain side got is the fallback
# part of interwork_caller_multipart.xml's body (its ICE draft 6 port), the ICEv19 part not.
interwork_fallback_only() {
  grep -aq '^m=audio 50019 ' "$1" || fail "the single SDP in $1 is not the fallback part"
  ! grep -aq '^m=audio 50023 ' "$1" || fail "the ICEv19 part is in $1"
}

# (1) A Lync-style multipart INVITE (MS-SIPRE 4.12's body) to a carrier number behind a plain
# peer (kind plain: multipart no, diversion yes, sdp plain by default) reaches it with the
# single SDP of the ms-proxy-2007fallback part, its ICE draft 6 candidates removed.
case_interwork_plain_multipart() {
  mkdir -p data/users data/peers
  printf 'host 127.0.0.1:5410\nkind plain   # a SIP trunk\n' > data/peers/gateway
  start_edge --data "$work/data"
  grep -q 'peer gateway: 127.0.0.1:5410, plain, multipart no, diversion yes, sdp plain' edge.log ||
    fail "the peer file was not read as written"
  interwork_call gw interwork_plain_peer.xml 5410 interwork_caller_multipart.xml \
    "sip:+14255550100@127.0.0.1:5410;user=phone;transport=tcp" "the multipart call to the plain peer failed"
  grep -qE '^content-type +application/sdp$' gw.actions.log ||
    fail "the plain peer did not get application/sdp: $(cat gw.actions.log)"
  grep -q 'to peer gateway: multipart reduced to single SDP, SDP normalised' edge.log ||
    fail "the proxy did not log the translations"
  interwork_fallback_only gw_messages.log
  [ "$(grep -ac '^v=0' gw_messages.log)" -eq 2 ] || fail "not one SDP in the INVITE (and one in the 200)"
  grep -aq '^BYE ' gw_messages.log || fail "the caller's BYE did not reach the plain peer"
  stop_edge
}

# (2) alice forwards her calls immediately (MS-SIPRE 4.7.3 flags) to a PSTN number behind a
# carrier peer (kind plain, diversion yes): the router's INVITE carries History-Info, and the
# carrier gets the Diversion RFC 6044 maps from it (alice, unconditional), History-Info kept.
case_interwork_carrier_diversion() {
  mkdir -p data/users/alice data/peers
  interwork_forward_at_once "sip:+14255550199@127.0.0.1:5420;user=phone;transport=tcp"
  printf 'host 127.0.0.1:5420\nkind plain\ndiversion yes\nmultipart no\n' > data/peers/carrier
  start_edge --data "$work/data" --timer-scale 0.05
  interwork_call carrier interwork_carrier.xml 5420 routing_caller.xml "sip:alice@$domain" \
    "the forwarded call to the carrier failed"
  grep -qE '^diversion +<sip:alice@contoso\.com>;reason=unconditional;counter=1$' carrier.actions.log ||
    fail "the carrier's INVITE lacks the Diversion: $(cat carrier.actions.log)"
  grep -qE '^history-info +<sip:alice@contoso\.com\?Reason=' carrier.actions.log ||
    fail "the History-Info did not travel with the Diversion: $(cat carrier.actions.log)"
  grep -q 'to peer carrier: Diversion from History-Info' edge.log || fail "the proxy did not log the Diversion"
  grep -aq '^BYE ' carrier_messages.log || fail "the caller's BYE did not reach the carrier"
  stop_edge
}

# (3) alice is do-not-disturb: the call goes to her voice mail, Exchange UM (kind um,
# diversion yes) over TCP, which answers 302 to a worker on another port. The proxy follows
# it as a new branch of the same call (new Via branch, same CSeq) over TCP; the worker gets
# the Diversion and the History-Info (UM's entry with cause 302, its own tagged rc) and
# answers; the caller gets the 200 and its ACK and BYE reach the worker (pinned).
case_interwork_um_redirect() {
  mkdir -p data/users/alice data/peers
  touch data/users/alice/dnd
  echo "sip:um@127.0.0.1:5430;transport=tcp" > data/users/alice/voicemail
  printf 'host 127.0.0.1:5430\nkind um\ndiversion yes\nfqdn um.contoso.com\n' > data/peers/exchange
  start_edge --data "$work/data" --timer-scale 0.05
  interwork_peer worker interwork_worker.xml 5465
  interwork_peer um interwork_um.xml 5430 -key worker "sip:127.0.0.1:5465;transport=tcp"
  sipp_run caller routing_caller.xml "$edge_port" -t t1 -m 1 -key target "sip:alice@$domain" ||
    fail "the call to alice's voice mail was not answered by UM's worker"
  interwork_peer_end um
  interwork_peer_end worker
  grep -qE 'followed to sip:127\.0\.0\.1:5465;transport=tcp over TCP .*worker pinned' edge.log ||
    fail "the proxy did not log the redirect followed"
  grep -aq '^ACK ' um_messages.log || fail "UM's 302 was not acknowledged"
  ! grep -aq '^SIP/2.0 302 ' caller_messages.log || fail "the 302 reached the caller"
  # a new branch of the same call: another Via branch, the same CSeq and Call-ID
  local um_branch worker_branch
  um_branch=$(awk '$1 == "branch" { print $2 }' um.actions.log)
  worker_branch=$(awk '$1 == "branch" { print $2 }' worker.actions.log)
  [ -n "$um_branch" ] && [ -n "$worker_branch" ] && [ "$um_branch" != "$worker_branch" ] ||
    fail "the worker's INVITE is not a new branch ($um_branch, $worker_branch)"
  [ "$(awk '$1 == "cseq" { print $2 }' um.actions.log)" = "$(awk '$1 == "cseq" { print $2 }' worker.actions.log)" ] ||
    fail "the worker's INVITE has another CSeq"
  [ "$(grep -ai '^Call-ID:' um_messages.log | head -n 1)" = "$(grep -ai '^Call-ID:' worker_messages.log | head -n 1)" ] ||
    fail "the worker's INVITE has another Call-ID"
  # Diversion kept byte for byte, no new one
  [ "$(awk '$1 == "diversion"' um.actions.log | cut -d' ' -f2-)" = "$(awk '$1 == "diversion"' worker.actions.log | cut -d' ' -f2-)" ] ||
    fail "the Diversion changed across the redirect"
  [ "$(grep -ac '^Diversion:' worker_messages.log)" -eq 1 ] || fail "the worker's INVITE has more than one Diversion"
  grep -aq '^ACK sip:worker@127.0.0.1:5465' worker_messages.log || fail "the caller's ACK did not reach the worker"
  grep -aq '^BYE sip:worker@127.0.0.1:5465' worker_messages.log || fail "the caller's BYE did not reach the worker"
  [ "$(grep -ac '^SIP/2.0 200 ' caller_messages.log)" -eq 2 ] || fail "the caller did not get one 200 for its INVITE and one for its BYE"
  stop_edge
}

# (4) alice forwards her calls to a PSTN number behind a peer whose multipart support is not
# known (kind plain, multipart auto): a Lync-style multipart INVITE reaches it as it is; it
# answers 415 with Accept: application/sdp, the proxy learns the peer refuses multipart and
# tries that branch again (same CSeq, another Via branch) with the single SDP of the
# ms-proxy-2007fallback part, which the peer answers 200. The caller sees no 415, only the
# 200, and its ACK and BYE reach the peer. Ports 5440-5459.
case_interwork_plain_415() {
  mkdir -p data/users/alice data/peers
  interwork_forward_at_once "sip:+14255550123@127.0.0.1:5440;user=phone;transport=tcp"
  printf 'host 127.0.0.1:5440\nkind plain\nmultipart auto   # learned from its 415\n' > data/peers/trunk
  start_edge --data "$work/data" --timer-scale 0.05
  grep -q 'peer trunk: 127.0.0.1:5440, plain, multipart auto, diversion yes, sdp plain' edge.log ||
    fail "the peer file was not read as written"
  interwork_call trunk interwork_plain_415.xml 5440 interwork_caller_multipart.xml \
    "sip:alice@$domain" "the call to the peer that refuses multipart failed"
  grep -q 'peer trunk: multipart refused (learned from its 415)' edge.log ||
    fail "the proxy did not learn from the 415"
  grep -qE 'branch [0-9]+: 415 from peer trunk: INVITE tried again with one SDP' edge.log ||
    fail "the proxy did not log the retry"
  grep -qE '^second-content-type +application/sdp$' trunk.actions.log ||
    fail "the retried INVITE is not application/sdp: $(cat trunk.actions.log)"
  local b1 b2 c1 c2
  b1=$(awk '$1 == "first-branch" { print $2 }' trunk.actions.log)
  b2=$(awk '$1 == "second-branch" { print $2 }' trunk.actions.log)
  c1=$(awk '$1 == "first-cseq" { print $2 }' trunk.actions.log)
  c2=$(awk '$1 == "second-cseq" { print $2 }' trunk.actions.log)
  [ -n "$b1" ] && [ -n "$b2" ] && [ "$b1" != "$b2" ] ||
    fail "the retried INVITE is not a new branch ($b1, $b2)"
  [ -n "$c1" ] && [ "$c1" = "$c2" ] || fail "the retried INVITE has another CSeq ($c1, $c2)"
  grep -qE '^second-fallback +m=audio 50019 $' trunk.actions.log ||
    fail "the retried INVITE's SDP is not the fallback part: $(cat trunk.actions.log)"
  ! grep -aq '^SIP/2.0 415 ' caller_messages.log || fail "the 415 reached the caller"
  [ "$(grep -ac '^SIP/2.0 200 ' caller_messages.log)" -eq 2 ] ||
    fail "the caller did not get one 200 for its INVITE and one for its BYE"
  grep -aq '^BYE ' trunk_messages.log || fail "the caller's BYE did not reach the peer"
  stop_edge
}

# (5) a carrier (kind plain: multipart no) calls over UDP from its own port, the host of its
# peer file, a Lync-style endpoint behind a Microsoft peer, which answers 200 with a
# multipart/alternative body: the 200 reaches the carrier with the single SDP of the
# ms-proxy-2007fallback part; its ACK and BYE reach the endpoint. Ports 5440-5459.
case_interwork_response_single_sdp() {
  mkdir -p data/users data/peers
  printf 'host 127.0.0.1:5441\nkind plain   # a SIP trunk calling in over UDP\n' > data/peers/carrier
  printf 'host 127.0.0.1:5442\nkind microsoft\n' > data/peers/lync
  start_edge --udp --data "$work/data"
  interwork_peer lync interwork_lync_answer.xml 5442
  sipp_run carrier interwork_carrier_caller.xml "$edge_port" -t u1 -p 5441 -m 1 \
    -key target "sip:lync@127.0.0.1:5442;transport=tcp" ||
    fail "the carrier's call to the Lync endpoint failed"
  interwork_peer_end lync
  grep -qE '^answer-content-type +application/sdp$' carrier.actions.log ||
    fail "the carrier did not get application/sdp: $(cat carrier.actions.log)"
  grep -q 'to peer carrier: multipart reduced to single SDP' edge.log ||
    fail "the proxy did not log the reduction of the 200"
  interwork_fallback_only carrier_messages.log
  grep -aq '^BYE ' lync_messages.log || fail "the carrier's BYE did not reach the endpoint"
  stop_edge
}

# (6) a gateway peer with `translate 404 503` (a 4xx a Mediation Server does not fail over
# on; its `translate 4xx 480` comes first in the file but a single code wins) answers a call 404 on the plain forwarding path: the caller gets 503 with the
# ms-diagnostics saying it was translated from 404 Not Found (interwork_caller_translated.xml
# checks the header). Ports 5480-5489.
case_interwork_translate_code() {
  mkdir -p data/users data/peers
  printf 'host 127.0.0.1:5480\nkind plain\ntranslate 4xx 480\ntranslate 404 503\n' > data/peers/gateway
  printf 'host 127.0.0.1:5481\ntranslate 4x 503\n' > data/peers/broken
  start_edge --data "$work/data"
  grep -q 'broken:2: not a translate FROM TO \[REASON\] line' edge.log ||
    fail "the bad translate line was not reported"
  ! grep -q 'peer broken:' edge.log || fail "the peer file with a bad translate line was loaded"
  grep -q 'peer gateway: 127.0.0.1:5480, plain, .*, 2 translate rules' edge.log ||
    fail "the peer file's translate lines were not read"
  interwork_call gw interwork_gateway_404.xml 5480 interwork_caller_translated.xml \
    "sip:+14255550404@127.0.0.1:5480;user=phone;transport=tcp" "the caller did not get the translated 503"
  grep -q 'from peer gateway: 404 translated to 503' edge.log || fail "the proxy did not log the translation"
  grep -qE ': 503 response forwarded to ' edge.log || fail "the proxy did not log the 503 it forwarded"
  grep -qE '^ms-diagnostics +52001;reason="Translated from 404 Not Found";source="contoso\.com"$' \
    caller.actions.log || fail "the ms-diagnostics is not the translation's: $(cat caller.actions.log)"
  ! grep -aq '^SIP/2.0 404 ' caller_messages.log || fail "the 404 reached the caller"
  stop_edge
}

# (7) a peer with `probe 1` gets OPTIONS from the proxy every second over TCP; it answers two
# with 200 (interwork_probed.xml, one probe a call) and the proxy logs it up; then it is gone,
# two probes fail and the proxy logs it down; a call to it then gets 503 from the proxy at
# once (the INVITE never leaves). Ports 5480-5489.
case_interwork_probe() {
  mkdir -p data/users data/peers
  printf 'host 127.0.0.1:5482\nkind plain\nprobe 1\n' > data/peers/probed
  printf 'host 127.0.0.1:5483\nprobe 0\n' > data/peers/broken
  interwork_peer probed interwork_probed.xml 5482 -m 2
  start_edge --data "$work/data"
  grep -q 'broken:2: not a peer setting' edge.log || fail "probe 0 was not refused"
  wait_for_line edge.log 'info: peer probed up$'
  interwork_peer_end probed
  [ "$(grep -ac '^OPTIONS sip:127.0.0.1:5482;transport=tcp SIP/2.0' probed_messages.log)" -eq 2 ] ||
    fail "the peer did not get two OPTIONS probes: $(grep -a '^OPTIONS' probed_messages.log)"
  wait_for_line edge.log 'warn: peer probed down$'
  sipp_run caller interwork_caller_503.xml "$edge_port" -t t1 -m 1 \
    -key target "sip:+14255550182@127.0.0.1:5482;user=phone;transport=tcp" ||
    fail "the call to the peer that is down did not get 503: $(cat caller_errors.log 2> /dev/null)"
  grep -q 'peer probed is down: request refused' edge.log || fail "the proxy did not log the refusal"
  grep -aq '^SIP/2.0 503 Peer down' caller_messages.log || fail "the 503 is not the proxy's"
  stop_edge
}

# (8) the same gateway (`translate 404 503`) reached as a call router branch: alice forwards
# her calls to it at once; the router sees the branch's 503 and, as the best response of the
# call, sends it upstream as 500 (RFC 3261 16.7 item 6). Ports 5480-5489.
case_interwork_translate_routed() {
  mkdir -p data/users/alice data/peers
  interwork_forward_at_once "sip:+14255550404@127.0.0.1:5484;user=phone;transport=tcp"
  printf 'host 127.0.0.1:5484\nkind plain\ntranslate 404 503\n' > data/peers/gateway
  start_edge --data "$work/data" --timer-scale 0.05
  interwork_call gw interwork_gateway_404.xml 5484 interwork_caller_500.xml "sip:alice@$domain" \
    "the caller did not get 500"
  grep -q 'from peer gateway: 404 translated to 503' edge.log || fail "the proxy did not log the translation"
  ! grep -aqE '^SIP/2.0 (404|503) ' caller_messages.log || fail "the branch's own response reached the caller"
  stop_edge
}

# (9) the same over UDP (`probe-transport udp`, the proxy run with --udp): a SIPp peer on UDP
# port 5486 answers two probes and the proxy logs it up. Ports 5480-5489.
case_interwork_probe_udp() {
  mkdir -p data/users data/peers
  printf 'host 127.0.0.1:5486\nprobe 1\nprobe-transport udp\n' > data/peers/udppeer
  sipp_bg udppeer interwork_probed.xml 60 -p 5486 -t u1 -timeout_error -m 2
  local peer=$bg_pid
  start_edge --udp --data "$work/data"
  wait_for_line edge.log 'info: peer udppeer up$'
  wait_ok "$peer" "the UDP peer (SIPp)" udppeer_errors.log
  [ "$(grep -ac '^OPTIONS sip:127.0.0.1:5486;transport=udp SIP/2.0' udppeer_messages.log)" -ge 2 ] ||
    fail "the peer did not get two OPTIONS over UDP"
  grep -aqE '^Via: SIP/2.0/UDP 127\.0\.0\.1:'"$edge_port"';' udppeer_messages.log ||
    fail "the probes' Via is not the proxy's UDP listener"
  stop_edge
}
