# SIPp cases of the call router in mssip_edge (MS-SIPRE 3.9): see routing.cases. Sourced by
# ../run.sh, whose helpers (start_edge, stop_edge, sipp_run, sipp_bg, wait_ok, wait_for_line,
# free_port, preamble_forward, fail) and variables (here, domain, pids, edge_port) these
# functions use. Timers run scaled by
# --timer-scale 0.05 (the 18 s total timer in 0.9 s, the 60 s forwarding timer in 3 s).

# routing_endpoint NAME USER N OOC_SCENARIO [sipp flags...]: a registered endpoint of USER
# (instance number N) answering calls with OOC_SCENARIO, in the background. N "epid"
# registers with the epid 01010101 in From and its instance (MS-SIPRE 4.1).
routing_endpoint() {
  local name=$1 user=$2 n=$3 ooc=$4 instance from_params=
  shift 4
  if [ "$n" = epid ]; then
    instance=4b1682a8-f968-5701-83fc-7c6741dc6697 from_params=';epid=01010101'
  else
    instance=$(printf '4b1682a8-f968-5701-83fc-%012d' "$n")
  fi
  printf '%s\n' "$instance" > "$name".instance
  sipp_bg "$name" routing_endpoint.xml 120 -oocsf "$here/$ooc" -timeout_error -key domain "$domain" \
    -key user "$user" -key ep "$name" -key instance "$instance" -key from_params "$from_params" \
    -t t1 -m 1 "$@" 127.0.0.1:"$edge_port"
  printf '%s\n' "$bg_pid" > "$name".pid
  wait_for_line "$name-call-id.txt" '.'
}

# caller_failed MESSAGE: the caller's routing_caller.xml failed; a second 183 with
# Ms-Forking (MS-SIPRE 3.9.5.9: the proxy says it once) is named as the reason.
caller_failed() {
  ! grep -qs 'Regexp matched but should not' caller_errors.log ||
    fail "a second 183 with Ms-Forking: $(grep -ac '^Ms-Forking:' caller_messages.log) in all"
  fail "$1"
}

# The GRUU the registrar gave endpoint $1 (its 200 lists every binding of the user).
routing_gruu() {
  grep -a "urn:uuid:$(cat "$1".instance)>\";gruu=" "$1"_messages.log | head -n 1 |
    grep -oE 'gruu="[^"]+"' | cut -d'"' -f2
}

# routing_endpoint_end NAME...: the MESSAGE that ends each endpoint, in turn; each must
# exit 0.
routing_endpoint_end() {
  local name
  for name in "$@"; do
    sipp_run "$name"_done routing_done.xml "$edge_port" -t t1 -m 1 \
      -key target "$(routing_gruu "$name")" -cid_str "$(tr -d '\r\n' < "$name"-call-id.txt)" ||
      fail "the MESSAGE ending endpoint $name did not reach it"
    wait_ok "$(cat "$name".pid)" "endpoint $name (SIPp)"
  done
}

# routing_voicemail [sipp flags...]: the voice-mail server, SIPp over UDP on vm_port, one call.
routing_voicemail() {
  vm_port=$(free_port)
  sipp_bg vm routing_voicemail.xml 120 -p "$vm_port" -t u1 -timeout_error -m 1 "$@"
  vm_pid=$bg_pid
}

# routing_voicemail_of USER [sipp flags...]: the voice-mail server, USER's voice mail.
routing_voicemail_of() {
  local user=$1
  shift
  routing_voicemail "$@"
  echo "sip:vm@127.0.0.1:$vm_port;transport=udp" > "data/users/$user/voicemail"
}

routing_voicemail_end() {
  wait_ok "$vm_pid" "the voice-mail server (SIPp)"
}

# routing_call TARGET WHAT: the caller (routing_caller.xml) calls TARGET through the proxy;
# the call must succeed, else fails saying WHAT.
routing_call() {
  sipp_run caller routing_caller.xml "$edge_port" -t t1 -m 1 -key target "$1" || caller_failed "$2"
}

# The provisional and final responses the caller got, codes in order.
caller_codes() {
  grep -aE '^SIP/2\.0 [0-9]{3} ' "$1"_messages.log | awk '{print $2}' | tr '\n' ' '
}

# The full value of header $2 of the first message in log $1 whose start line matches $3.
first_header() {
  awk -v want="$3" -v name="$2" 'index($0, want) == 1 { on = 1; next }
    on && tolower($0) ~ "^" tolower(name) ":" { sub(/\r$/, ""); print; exit }
    on && /^\r?$/ { on = 0 }' "$1"
}

# (a) MS-SIPRE 3.9.3 / 3.9.5.6: alice has no preamble (the default script rings her
# registered endpoints); two are registered, the second answers, the first gets a CANCEL
# whose Reason names alice as the one who accepted.
case_routing_simring() {
  mkdir -p data/users/alice
  start_edge --data "$work/data" --timer-scale 0.05
  routing_endpoint ep1 alice 1 routing_ring.xml
  routing_endpoint ep2 alice 2 routing_answer.xml -d 300
  routing_call "sip:alice@$domain" "the caller's call to alice failed"
  wait_for_line ep1.actions.log 'cancel reason'
  grep -qE '^cancel reason +SIP;cause=200;text="Call completed elsewhere";ms-acceptedby=sip:alice@contoso\.com$' \
    ep1.actions.log || fail "the first endpoint's CANCEL lacks ms-acceptedby: $(cat ep1.actions.log)"
  grep -aq '^Ms-Forking: Active' caller_messages.log || fail "no 183 with Ms-Forking: Active"
  grep -aq '^INVITE ' ep1_messages.log && grep -aq '^INVITE ' ep2_messages.log ||
    fail "both endpoints did not ring"
  grep -aq '^ACK ' ep1_messages.log || fail "the first endpoint's 487 was not acknowledged"
  [ "$(grep -ac '^SIP/2.0 200 ' caller_messages.log)" -eq 2 ] || fail "the caller did not get one 200 for its INVITE and one for its BYE"
  routing_endpoint_end ep1 ep2
  grep -q 'call 1: done' edge.log || fail "the call did not end in the proxy"
  stop_edge
}

# (b) MS-SIPRE 3.9.6: alice's preamble forwards to carol on no answer (enablecf, total 18
# s); nobody answers: when the total timer fires, alice's endpoint is cancelled and carol,
# another user of the domain, is rung through the location service, with a 181 and its
# History-Info to the caller (3.9.5.9, 3.9.5.10); carol's call is routed by her own
# preamble (her endpoints ring 180 s) in a call of its own; when alice's 60 s forwarding
# timer fires, carol is cancelled and the call goes to alice's voice mail, the URI of
# users/alice/voicemail (a SIPp over UDP), which answers.
case_routing_forward_voicemail() {
  mkdir -p data/users/alice data/users/carol
  cat > data/users/carol/preamble-1.xml <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<routing xmlns="http://schemas.microsoft.com/02/2006/sip/routing" name="rtcdefault" version="1">
  <preamble>
    <wait name="total" seconds="180"/>
  </preamble>
</routing>
XML
  preamble_forward alice sip:carol@contoso.com "work_hours enablecf" 18
  routing_voicemail_of alice
  start_edge --udp --data "$work/data" --timer-scale 0.05
  routing_endpoint alice1 alice 1 routing_ring.xml
  routing_endpoint carol1 carol 3 routing_ring.xml
  routing_call "sip:alice@$domain" "the caller's call to alice did not reach voice mail"
  routing_voicemail_end
  grep -q 'call 1: timer 1 fired' edge.log || fail "the total timer did not fire"
  grep -q 'call 1: timer 2 fired' edge.log || fail "the call forwarding timer did not fire"
  grep -q 'call 1: branch 2 is call 2 to carol, routed by the call router' edge.log ||
    fail "the forwarding to carol was not routed by her own rules"
  grep -q 'call 2: cancelled by call 1' edge.log || fail "carol's call was not cancelled with alice's branch"
  grep -q 'branch 1: CANCEL sent' edge.log && grep -aq '^CANCEL ' alice1_messages.log ||
    fail "alice's endpoint was not cancelled"
  grep -aq '^CANCEL ' carol1_messages.log || fail "carol's endpoint was not cancelled"
  # carol's INVITE: to her registered contact, with the History-Info of the forwarding
  first_header carol1_messages.log History-Info 'INVITE sip:carol@127.0.0.1' > carol-hi.txt
  grep -qF 'History-Info: <sip:alice@contoso.com?Reason=SIP%3Bcause%3D302%3Btext%3D%22Moved%20Temporarily%22>;index=1;ms-retarget-reason=forwarding' carol-hi.txt ||
    fail "carol's INVITE lacks the History-Info of the forwarding: $(cat carol-hi.txt)"
  grep -aqE '^History-Info: .*<sip:carol@contoso\.com>;index=1\.1' carol1_messages.log ||
    fail "carol's INVITE lacks her own History-Info entry"
  # the 181s to the caller: forwarding, then voice mail
  [ "$(grep -ac '^SIP/2.0 181 ' caller_messages.log)" -eq 2 ] || fail "the caller did not get two 181s"
  grep -aqF 'History-Info: <sip:alice@contoso.com?Reason=SIP%3Bcause%3D302%3Btext%3D%22Moved%20Temporarily%22>;index=1;ms-retarget-reason=forwarding' \
    caller_messages.log || fail "the caller's 181 lacks the History-Info of the forwarding"
  grep -aq '^INVITE sip:alice@contoso.com;opaque=app:voicemail SIP/2.0' vm_messages.log ||
    fail "voice mail did not get the INVITE to alice's voice-mail GRUU"
  grep -aqE '^History-Info: .*<sip:alice@contoso\.com;opaque=app:voicemail>;index=1\.2' vm_messages.log ||
    fail "the voice-mail INVITE lacks its History-Info entry"
  grep -aq '^BYE sip:vm@127.0.0.1' vm_messages.log || fail "the caller's BYE did not reach voice mail"
  routing_endpoint_end alice1 carol1
  stop_edge
}

# (c) MS-SIPRE 3.9.5.2.2 step 10: alice is do-not-disturb (users/alice/dnd): the call goes
# straight to her voice mail; her registered endpoint never rings.
case_routing_dnd() {
  mkdir -p data/users/alice
  touch data/users/alice/dnd
  routing_voicemail_of alice
  start_edge --udp --data "$work/data" --timer-scale 0.05
  routing_endpoint alice1 alice 1 routing_answer.xml
  routing_call "sip:alice@$domain" "the caller's call to alice did not reach voice mail"
  routing_voicemail_end
  grep -aq '^INVITE sip:alice@contoso.com;opaque=app:voicemail SIP/2.0' vm_messages.log ||
    fail "voice mail did not get the INVITE to alice's voice-mail GRUU"
  ! grep -aq '^INVITE ' alice1_messages.log || fail "alice's endpoint rang although she is do-not-disturb"
  grep -aq '^SIP/2.0 181 ' caller_messages.log || fail "the caller got no 181 for the forwarding to voice mail"
  grep -q 'call 1: done' edge.log || fail "the call did not end in the proxy"
  routing_endpoint_end alice1
  stop_edge
}

# (d) MS-SIPRE 3.9.5.2.2 team ringing, 3.9.6: alice's preamble (as 4.7.4) rings her
# endpoint for the user timer (10 s), then her team too (bob and carol, each a call of its
# own, History-Info ms-retarget-reason=team-call); carol is do-not-disturb, yet her endpoint
# rings (step 5: a team target rings only its registered endpoints, before step 10); bob
# answers: carol's and alice's branches get a CANCEL whose Reason names bob (3.9.5.6).
case_routing_team() {
  mkdir -p data/users/alice data/users/bob data/users/carol
  touch data/users/carol/dnd
  cat > data/users/alice/preamble-team.xml <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<routing xmlns="http://schemas.microsoft.com/02/2006/sip/routing" name="rtcdefault" version="2" minSupportedClientVersion="2.0.0.0">
  <preamble>
    <list name="team">
      <target uri="sip:bob@contoso.com"/>
      <target uri="sip:carol@contoso.com"/>
    </list>
    <flags name="clientflags" value="team_ring"/>
    <wait name="user" seconds="10"/>
    <wait name="team2" seconds="10"/>
  </preamble>
</routing>
XML
  start_edge --data "$work/data" --timer-scale 0.05
  routing_endpoint alice1 alice 1 routing_ring.xml
  routing_endpoint bob1 bob 2 routing_answer.xml -d 300
  routing_endpoint carol1 carol 3 routing_ring.xml
  routing_call "sip:alice@$domain" "the caller's call to alice was not answered by her team"
  wait_for_line alice1.actions.log 'cancel reason'
  wait_for_line carol1.actions.log 'cancel reason'
  for ep in alice1 carol1; do
    grep -qE '^cancel reason +SIP;cause=200;text="Call completed elsewhere";ms-acceptedby=sip:bob@contoso\.com$' \
      "$ep".actions.log || fail "$ep's CANCEL does not name bob as the one who accepted: $(cat "$ep".actions.log)"
  done
  grep -q 'call 1: timer 3 fired' edge.log || fail "the user timer did not fire"
  grep -qE 'call 1: branch [0-9]+ is call [0-9]+ to carol, routed by the call router' edge.log ||
    fail "the team call to carol was not routed by the router"
  grep -aq '^INVITE sip:carol@127.0.0.1' carol1_messages.log || fail "carol, do-not-disturb, did not ring as a team target"
  first_header bob1_messages.log History-Info 'INVITE sip:bob@127.0.0.1' > bob-hi.txt
  grep -qE '^History-Info: <sip:alice@contoso\.com>;index=1;ms-retarget-reason=team-call, <sip:bob@contoso\.com>;index=1\.1$' bob-hi.txt ||
    fail "bob's INVITE lacks the team-call History-Info: $(cat bob-hi.txt)"
  grep -aqF 'ms-retarget-reason=team-call' caller_messages.log || fail "the caller got no 181 for the team call"
  # carol's call, nested in alice's: her endpoint's 180 reaches the caller, her call's own
  # 183 with Ms-Forking (routing_caller.xml checks it) and 101 do not (MS-SIPRE 3.9.5.9)
  carol_tag=$(grep -a -A12 '^SIP/2.0 180 ' carol1_messages.log | grep -aoE '^To:.*;tag=[^;> ]+' |
    head -n 1 | sed 's/.*;tag=//')
  [ -n "$carol_tag" ] && grep -aqE "^To: .*;tag=$carol_tag" caller_messages.log ||
    fail "carol's 180 did not reach the caller"
  [ "$(grep -ac '^SIP/2.0 101 ' caller_messages.log)" = 1 ] ||
    fail "the caller got $(grep -ac '^SIP/2.0 101 ' caller_messages.log) 101s, not one"
  routing_endpoint_end alice1 bob1 carol1
  stop_edge
}

# (e) MS-SIPRE 3.9.5.5: a multipart offer; alice's only endpoint answers 415 (Accept:
# application/sdp), the proxy acknowledges it, and the router retries that target once with
# only the part marked ms-proxy-2007fallback, which the endpoint answers.
case_routing_415() {
  mkdir -p data/users/alice
  start_edge --data "$work/data" --timer-scale 0.05
  routing_endpoint alice1 alice 1 routing_415.xml
  sipp_run caller routing_caller_multipart.xml "$edge_port" -t t1 -m 1 -key target "sip:alice@$domain" ||
    fail "the caller's multipart call to alice failed"
  grep -qE '^first offer +multipart/alternative' alice1.actions.log || fail "the first INVITE was not multipart"
  grep -qE '^retry +application/sdp +s=fallback$' alice1.actions.log ||
    fail "the retry did not carry only the fallback part: $(cat alice1.actions.log)"
  [ "$(grep -ac '^INVITE ' alice1_messages.log)" -eq 2 ] || fail "alice's endpoint did not get exactly two INVITEs"
  [ "$(grep -ac '^a=x-ms-ice-candidate' alice1_messages.log)" -eq 1 ] ||
    fail "the retry still carried the other part"
  grep -q 'call 1: branch 1 answered 415' edge.log && grep -q 'call 1: branch 2 answered 200' edge.log ||
    fail "the proxy did not see the 415 and the retry's 200"
  ! grep -aq '^SIP/2.0 415 ' caller_messages.log || fail "the 415 reached the caller"
  routing_endpoint_end alice1
  stop_edge
}

# (f) 20 calls in parallel to alice, each forked to her two endpoints: the second answers
# every one, the first gets 20 CANCELs naming alice; every call ends in the proxy.
case_routing_parallel() {
  mkdir -p data/users/alice
  start_edge --data "$work/data" --timer-scale 0.05
  routing_endpoint ep1 alice 1 routing_ring.xml
  routing_endpoint ep2 alice 2 routing_answer.xml -d 500
  sipp_run caller routing_caller.xml "$edge_port" -t t1 -m 20 -l 20 -r 20 -key target "sip:alice@$domain" ||
    caller_failed "not all 20 parallel calls to alice succeeded"
  for _ in $(seq 100); do
    [ "$(grep -c '^cancel reason' ep1.actions.log)" -ge 20 ] && break
    sleep 0.1
  done
  [ "$(grep -cE '^cancel reason +SIP;cause=200;text="Call completed elsewhere";ms-acceptedby=sip:alice@contoso\.com$' ep1.actions.log)" -eq 20 ] ||
    fail "the first endpoint did not get 20 CANCELs naming alice"
  [ "$(grep -c ' routed by the call router$' edge.log)" -eq 20 ] || fail "not 20 calls routed"
  [ "$(grep -cE 'call [0-9a-f]+: done$' edge.log)" -eq 20 ] || fail "not all 20 calls ended in the proxy"
  [ "$(grep -acE '^ACK ' ep1_messages.log)" -eq 20 ] || fail "not every 487 of the first endpoint was acknowledged"
  [ "$(grep -acE '^BYE ' ep2_messages.log)" -eq 20 ] || fail "not every answered call got its BYE"
  routing_endpoint_end ep1 ep2
  stop_edge
}

# A busy endpoint (486) ends its stage at once, as if the timer had fired (MS-SIPRE 3.9.6,
# see the README's "Call router" for the choice): the call goes to voice mail without
# waiting, the 486 is acknowledged by the proxy and never reaches the caller.
case_routing_busy_voicemail() {
  mkdir -p data/users/alice
  routing_voicemail_of alice
  start_edge --udp --data "$work/data"
  routing_endpoint alice1 alice 1 routing_busy.xml
  routing_call "sip:alice@$domain" "the caller's call to busy alice did not reach voice mail"
  routing_voicemail_end
  grep -q 'call 1: branch 1 answered 486' edge.log || fail "the proxy did not get the 486"
  ! grep -q 'call 1: timer [0-9]* fired' edge.log || fail "the call waited for a timer"
  grep -aq '^ACK ' alice1_messages.log || fail "the 486 was not acknowledged"
  ! grep -aq '^SIP/2.0 486 ' caller_messages.log || fail "the 486 reached the caller"
  grep -aq '^INVITE sip:alice@contoso.com;opaque=app:voicemail SIP/2.0' vm_messages.log ||
    fail "voice mail did not get the call"
  routing_endpoint_end alice1
  stop_edge
}

# RFC 3261 17.1.1.2 Timer A: a branch over UDP that hears nothing gets its INVITE again
# (after 500 ms, then 1 s more); the voice-mail server (alice is do-not-disturb) answers only
# after 1.8 s and gets the same INVITE three times (more if the machine is slow); once the
# 200 came, no more.
case_routing_udp_resend() {
  mkdir -p data/users/alice
  touch data/users/alice/dnd
  routing_voicemail_of alice -d 1800
  start_edge --udp --data "$work/data"
  routing_call "sip:alice@$domain" "the caller's call did not reach voice mail"
  routing_voicemail_end
  local again
  again=$(grep -c 'branch 1: INVITE sent again to udp 127.0.0.1:' edge.log || true)
  [ "$again" -ge 2 ] || fail "the INVITE over UDP was not sent again twice: $(grep 'sent again' edge.log)"
  [ "$(grep -ac '^INVITE sip:alice@contoso.com;opaque=app:voicemail SIP/2.0' vm_messages.log)" -eq $((again + 1)) ] ||
    fail "voice mail did not get every copy of the INVITE"
  stop_edge
}

# The proxy keeps each user's callee (preambles parsed once) until the user's --data folder
# changes: alice's first call rings her endpoint, which answers; then users/alice/dnd
# appears, and her second call goes straight to voice mail.
case_routing_data_change() {
  mkdir -p data/users/alice
  routing_voicemail_of alice
  start_edge --udp --data "$work/data"
  routing_endpoint alice1 alice 1 routing_answer.xml
  sipp_run caller1 routing_caller.xml "$edge_port" -t t1 -m 1 -key target "sip:alice@$domain" ||
    fail "the first call to alice failed"
  touch data/users/alice/dnd
  sipp_run caller2 routing_caller.xml "$edge_port" -t t1 -m 1 -key target "sip:alice@$domain" ||
    fail "the second call to alice failed"
  routing_voicemail_end
  [ "$(grep -ac '^INVITE ' alice1_messages.log)" -eq 1 ] || fail "alice's endpoint did not get exactly the first call"
  [ "$(grep -ac '^INVITE sip:alice@contoso.com;opaque=app:voicemail' vm_messages.log)" -eq 1 ] ||
    fail "voice mail did not get the second call"
  routing_endpoint_end alice1
  stop_edge
}

# The call router with signed Record-Route (--keys, MS-SIPRE 3.6): alice's two endpoints
# ring (the default script), the second answers; each branch INVITE carries the proxy's
# signed Record-Route; the caller's ACK and the answering endpoint's BYE (it hangs up) are
# routed by the state in that signed Route, and arrive without a Route left; the first
# endpoint gets its CANCEL naming alice.
case_routing_simring_keys() {
  mkdir -p data/users/alice
  start_edge --data "$work/data" --timer-scale 0.05 --keys "$work/keys"
  routing_endpoint ep1 alice 1 routing_ring.xml
  routing_endpoint ep2 alice 2 routing_answer_bye.xml -d 300
  sipp_run caller routing_caller_bye.xml "$edge_port" -t t1 -m 1 -key target "sip:alice@$domain" ||
    fail "the caller's call to alice, hung up by her endpoint, failed"
  wait_for_line ep1.actions.log 'cancel reason'
  grep -qE '^cancel reason +SIP;cause=200;text="Call completed elsewhere";ms-acceptedby=sip:alice@contoso\.com$' \
    ep1.actions.log || fail "the first endpoint's CANCEL lacks ms-acceptedby: $(cat ep1.actions.log)"
  grep -qE '^invite record-route <sip:' ep2.actions.log ||
    fail "the answering endpoint's INVITE lacks the signed Record-Route: $(cat ep2.actions.log)"
  grep -qE '^ack route $' ep2.actions.log || fail "the ACK reached the endpoint with a Route left"
  grep -qE '^bye route $' caller.actions.log || fail "the BYE reached the caller with a Route left"
  [ "$(grep -c 'routed by its Route state to conn' edge.log)" -eq 2 ] ||
    fail "the ACK and the BYE were not both routed by the Route state: $(grep 'Route state' edge.log)"
  grep -q 'call 1: done' edge.log || fail "the call did not end in the proxy"
  routing_endpoint_end ep1 ep2
  stop_edge
}

# RFC 3261 17.1.2.2 and 17.2.1 over UDP, both sides: a caller over UDP calls alice, who is
# do-not-disturb, so the call goes to her voice mail (a UDP server). The caller sends its
# INVITE again after the 180 and gets the 180 again; it cancels; the voice-mail server drops
# the proxy's first CANCEL and answers the copy sent after T1 (Timer E); the caller drops the
# 487 and gets it again (Timer G) before it acknowledges it. Every copy is bounded: one of
# each is needed, and the proxy logs each.
case_routing_udp_cancel() {
  mkdir -p data/users/alice
  touch data/users/alice/dnd
  vm_port=$(free_port)
  sipp_bg vm routing_vm_cancel.xml 30 -p "$vm_port" -t u1 -nr -timeout_error -m 1
  vm_pid=$bg_pid
  echo "sip:vm@127.0.0.1:$vm_port;transport=udp" > data/users/alice/voicemail
  start_edge --udp --data "$work/data"
  sipp_run caller routing_caller_cancel_udp.xml "$edge_port" -t u1 -nr -p "$(free_port)" -m 1 \
    -key target "sip:alice@$domain" ||
    fail "the caller over UDP did not get the 180 again, the CANCEL's 200, or the 487 twice"
  routing_voicemail_end
  [ "$(grep -ac '^CANCEL ' vm_messages.log)" -ge 2 ] || fail "the voice-mail server did not get the CANCEL again"
  grep -q 'branch 1: CANCEL sent again to udp 127.0.0.1:' edge.log || fail "the proxy did not log the CANCEL sent again"
  grep -q '180 sent again to the caller, udp 127.0.0.1:[0-9]* (its INVITE came again)' edge.log ||
    fail "the caller's INVITE retransmission did not get the latest response"
  grep -q '487 sent again to the caller, udp 127.0.0.1:[0-9]* (no ACK yet)' edge.log ||
    fail "the 487 was not sent again to the caller"
  [ "$(grep -c '487 sent again to the caller' edge.log)" -le 3 ] ||
    fail "the 487 went on being sent after the ACK: $(grep -c '487 sent again' edge.log)"
  grep -aq '^ACK ' vm_messages.log || fail "the voice-mail server's 487 was not acknowledged"
  grep -q 'call 1: done' edge.log || fail "the call did not end in the proxy"
  stop_edge
}

# MS-SIPRE 3.2.5.3 step 2: alice's first endpoint registered with an epid (01010101), her
# second without; the call forks to both: the first branch INVITE carries the epid on To,
# and so does its CANCEL (RFC 3261 9.1: the To of the INVITE); the second has none.
case_routing_to_epid() {
  mkdir -p data/users/alice
  start_edge --data "$work/data" --timer-scale 0.05
  routing_endpoint ep1 alice epid routing_ring.xml
  routing_endpoint ep2 alice 2 routing_answer.xml -d 300
  routing_call "sip:alice@$domain" "the caller's call to alice failed"
  wait_for_line ep1.actions.log 'cancel reason'
  first_header ep1_messages.log To 'INVITE sip:alice@127.0.0.1' > ep1-to.txt
  grep -qE '^To: <sip:alice@contoso\.com>;epid=01010101$' ep1-to.txt ||
    fail "the branch INVITE to the endpoint with an epid lacks it on To: $(cat ep1-to.txt)"
  first_header ep1_messages.log To 'CANCEL sip:alice@127.0.0.1' > ep1-cancel-to.txt
  cmp -s ep1-to.txt ep1-cancel-to.txt || fail "the CANCEL's To is not the INVITE's: $(cat ep1-cancel-to.txt)"
  first_header ep2_messages.log To 'INVITE sip:alice@127.0.0.1' > ep2-to.txt
  grep -qE '^To: <sip:alice@contoso\.com>$' ep2-to.txt ||
    fail "the branch INVITE to the endpoint without an epid has one: $(cat ep2-to.txt)"
  routing_endpoint_end ep1 ep2
  stop_edge
}

# MS-SIPRE 3.9, 3.9.5.1: the routing rules are for INVITEs to the user's address-of-record;
# an INVITE to a GRUU (3.4) names one endpoint and is routed as RFC 3261 says, past the
# router: alice is do-not-disturb with voice mail (the router would send the call there),
# yet a call to her endpoint's GRUU rings that endpoint, which answers; no 183 with
# Ms-Forking, no call routed by the router, voice mail never called.
case_routing_gruu_bypass() {
  mkdir -p data/users/alice
  touch data/users/alice/dnd
  echo "sip:vm@127.0.0.1:$(free_port);transport=udp" > data/users/alice/voicemail
  start_edge --udp --data "$work/data" --timer-scale 0.05
  routing_endpoint alice1 alice 1 routing_answer.xml
  gruu=$(routing_gruu alice1)
  [ -n "$gruu" ] || fail "alice's endpoint got no GRUU"
  routing_call "$gruu" "the call to alice's GRUU failed"
  grep -aq "^INVITE sip:alice@127.0.0.1:[0-9]*;transport=tcp;.*grid" alice1_messages.log ||
    fail "the INVITE to the GRUU did not reach alice's endpoint (with grid)"
  ! grep -aq '^Ms-Forking:' caller_messages.log || fail "the call to the GRUU went through the router (183)"
  ! grep -q 'routed by the call router' edge.log || fail "the call to the GRUU was routed by the router"
  ! grep -q 'opaque=app:voicemail' edge.log || fail "the call to the GRUU went to voice mail"
  routing_endpoint_end alice1
  stop_edge
}

# routing_forward_at_once USER TARGET: USER's preamble forwards every call at once to
# TARGET, another user of the domain (forward_immediate, enablecf; 3.9.5.2.2.1).
routing_forward_at_once() {
  preamble_forward "$1" "sip:$2@contoso.com" "forward_immediate enablecf"
}

# MS-SIPRE 3.9, 3.9.5.2.2: a forwarding target that is another user of the domain is
# routed by that user's own rules: alice forwards at once to carol (forward_immediate,
# enablecf); carol is do-not-disturb with voice mail: the call goes to carol's voice mail
# (step 10 of her rules), her endpoint never rings; the voice-mail INVITE carries the
# History-Info of alice's forwarding.
case_routing_forward_target_rules() {
  mkdir -p data/users/alice data/users/carol
  routing_forward_at_once alice carol
  touch data/users/carol/dnd
  routing_voicemail_of carol
  start_edge --udp --data "$work/data" --timer-scale 0.05
  routing_endpoint alice1 alice 1 routing_ring.xml
  routing_endpoint carol1 carol 3 routing_ring.xml
  routing_call "sip:alice@$domain" "the call forwarded to carol did not reach her voice mail"
  routing_voicemail_end
  grep -aq '^INVITE sip:carol@contoso.com;opaque=app:voicemail SIP/2.0' vm_messages.log ||
    fail "carol's voice mail did not get the INVITE to her voice-mail GRUU"
  grep -aqF 'History-Info: <sip:alice@contoso.com?Reason=SIP%3Bcause%3D302%3Btext%3D%22Moved%20Temporarily%22>;index=1;ms-retarget-reason=forwarding' \
    vm_messages.log || fail "the voice-mail INVITE lacks the History-Info of alice's forwarding"
  ! grep -aq '^INVITE ' carol1_messages.log || fail "carol's endpoint rang although she is do-not-disturb"
  ! grep -aq '^INVITE ' alice1_messages.log || fail "alice's endpoint rang although she forwards at once"
  grep -q 'call 1: branch 1 is call 2 to carol, routed by the call router' edge.log ||
    fail "the forwarding to carol was not routed by her rules"
  grep -q 'call 1: done' edge.log && grep -q 'call 2: done' edge.log || fail "the calls did not end in the proxy"
  routing_endpoint_end alice1 carol1
  stop_edge
}

# A forwarding loop: alice forwards at once to carol, carol at once back to alice. alice's
# call routes carol's in a call of its own; carol's forwarding to alice, whom the enclosing
# call routes already, goes the plain way (the location service): alice's endpoint rings
# and answers; no third call.
case_routing_forward_loop() {
  mkdir -p data/users/alice data/users/carol
  routing_forward_at_once alice carol
  routing_forward_at_once carol alice
  start_edge --data "$work/data" --timer-scale 0.05
  routing_endpoint alice1 alice 1 routing_answer.xml
  routing_call "sip:alice@$domain" "the call around the forwarding loop was not answered"
  grep -q 'call 1: branch 1 is call 2 to carol, routed by the call router' edge.log ||
    fail "the forwarding to carol was not routed by her rules"
  grep -qE 'call 2: INVITE sip:alice@127\.0\.0\.1:[0-9]+;[^ ]*: branch 1 forwarded to conn' edge.log ||
    fail "carol's forwarding back to alice did not go the plain way: $(grep 'call 2' edge.log)"
  ! grep -q 'call 3' edge.log || fail "the loop made a third call"
  grep -aq '^INVITE sip:alice@127.0.0.1' alice1_messages.log || fail "alice's endpoint did not ring"
  routing_endpoint_end alice1
  stop_edge
}
