# SIPp cases of what mssip_edge does around a call (edge_around.c): skip-pin (MS-OCEXUM 3.1),
# correlation ids (MS-SIPRE 3.12.5.2), E911 notifications (3.17.5.2), Play-On-Phone (MS-OCEXUM
# 3.2). Sourced by ../run.sh after routing.sh, whose helpers (routing_endpoint,
# routing_endpoint_end, routing_voicemail, routing_voicemail_of) these functions use.

# MS-OCEXUM 3.1: an INVITE with Ms-Exchange-Command: skip-pin over TCP reaches alice's
# endpoint without it (call_no_pin.xml fails when it is there); the proxy logs the dialog's
# correlation id with its Call-ID, and passes the id on.
case_call_skip_pin() {
  local id=5f3c6d2e-8a41-4b7e-9c10-2d4e6f8a0b1c
  mkdir -p data/users/alice
  start_edge --data "$work/data" --timer-scale 0.05
  routing_endpoint ep1 alice 1 call_no_pin.xml
  sipp_run caller call_skip_pin.xml "$edge_port" -t t1 -m 1 -key target "sip:alice@$domain" \
    -key correlation "$id" || fail "the call with skip-pin did not connect"
  grep -q 'Ms-Exchange-Command skip-pin removed' edge.log || fail "the proxy did not say it removed skip-pin"
  grep -aq '^INVITE ' ep1_messages.log || fail "alice's endpoint did not ring"
  grep -aqi '^Ms-Exchange-Command' ep1_messages.log && fail "skip-pin reached the callee"
  grep -qE "dialog Call-ID [^ ]+ correlation id $id\$" edge.log ||
    fail "the proxy did not log the correlation id"
  grep -qE "^correlation +$id\$" ep1.actions.log || fail "the callee did not get the correlation id"
  routing_endpoint_end ep1
  stop_edge
}

# The notification policy of e911.* cases: DIR/e911/user-tagid (the LocationPolicyTagID of
# call_e911.xml's PIDF-LO), one URI per line.
call_policy() {
  mkdir -p data/e911
  printf '# notified of every emergency call\n%s\n' "$@" > data/e911/user-tagid
}

# MS-SIPRE 3.17.5.2: an emergency call to psap (an answering endpoint) connects while the
# notification IM INVITE reaches security's endpoint, the URI of the policy file; the
# notification's 200 is acknowledged and the notification ended with a BYE.
case_call_e911() {
  mkdir -p data/users/psap data/users/security
  call_policy "sip:security@$domain"
  start_edge --data "$work/data" --timer-scale 0.05
  routing_endpoint psap1 psap 1 routing_answer.xml
  routing_endpoint sec1 security 2 call_notified.xml
  sipp_run caller call_e911.xml "$edge_port" -t t1 -m 1 -key target "sip:psap@$domain" ||
    fail "the emergency call did not connect"
  wait_for_line sec1_messages.log '^BYE '
  grep -q 'notified' sec1.actions.log || fail "security got no notification: $(cat sec1.out)"
  grep -aq '^Content-Type: text/plain' sec1_messages.log || fail "the notification has no text/plain body"
  grep -aq 'country=US' sec1_messages.log || fail "the notification lacks the civic address"
  grep -aq '^Priority: emergency' psap1_messages.log || fail "the emergency INVITE did not reach psap"
  grep -qE 'emergency call .*: location read, 1 notifications sent, 0 failed' edge.log ||
    fail "the proxy did not report the notification"
  grep -qE 'E911: notification [0-9a-f]+ answered 200' edge.log || fail "the notification's 200 was not taken"
  routing_endpoint_end psap1 sec1
  stop_edge
}

# The same when the notifications fail: security answers 486 (acknowledged by the proxy)
# and nobody, the policy's second URI, is not registered; the emergency call still connects.
case_call_e911_refused() {
  mkdir -p data/users/psap data/users/security data/users/nobody
  call_policy "sip:security@$domain" "sip:nobody@$domain"
  start_edge --data "$work/data" --timer-scale 0.05
  routing_endpoint psap1 psap 1 routing_answer.xml
  routing_endpoint sec1 security 2 call_notified_busy.xml
  sipp_run caller call_e911.xml "$edge_port" -t t1 -m 1 -key target "sip:psap@$domain" ||
    fail "the emergency call did not connect when its notifications failed"
  wait_for_line sec1_messages.log '^ACK '
  grep -q 'refused' sec1.actions.log || fail "security got no notification: $(cat sec1.out)"
  grep -aq '^Priority: emergency' psap1_messages.log || fail "the emergency INVITE did not reach psap"
  grep -qE 'emergency call .*: location read, 1 notifications sent, 1 failed' edge.log ||
    fail "the proxy did not report the failed notification"
  grep -qE 'E911: notification [0-9a-f]+ answered 486' edge.log || fail "the notification's 486 was not taken"
  routing_endpoint_end psap1 sec1
  stop_edge
}

# The start of the UDP notification cases: psap answers the emergency call, the policy's
# URI is a SIPp on 127.0.0.1:$1 over UDP running scenario $2 (with -nr, so that each
# retransmission reaches a recv; its pid in $sec_pid), then the emergency call is made.
call_e911_udp() {
  local port=$1 scenario=$2
  shift 2
  mkdir -p data/users/psap
  call_policy "sip:security@127.0.0.1:$port;transport=udp"
  start_edge --udp --data "$work/data" --timer-scale 0.05
  routing_endpoint psap1 psap 1 routing_answer.xml
  sipp_bg sec "$scenario" 30 -p "$port" -t u1 -nr -m 1 "$@"
  sec_pid=$bg_pid
  sipp_run caller call_e911.xml "$edge_port" -t t1 -m 1 -key target "sip:psap@$domain" ||
    fail "the emergency call did not connect"
  wait_ok "$sec_pid" "the notification target (SIPp)" sec.out
  grep -aq '^Priority: emergency' psap1_messages.log || fail "the emergency INVITE did not reach psap"
}

# RFC 3261 17.1.1.2 for the notification of MS-SIPRE 3.17.5.2 over UDP: the target (a SIPp
# on 127.0.0.1:5611, the policy's URI) loses the first INVITE; the proxy sends the same
# INVITE again when Timer A fires, the target answers that one, and the proxy acknowledges
# the 200 and ends the notification with a BYE, while the emergency call connects.
case_call_e911_udp_resend() {
  call_e911_udp 5611 call_notified_drop.xml -timeout_error
  local first again
  first=$(grep -E '^dropped ' sec.actions.log | cut -d' ' -f2)
  again=$(grep -E '^sent again ' sec.actions.log | cut -d' ' -f3)
  [ -n "$first" ] && [ "$first" = "$again" ] ||
    fail "the second INVITE is not the first sent again (branches '$first', '$again')"
  grep -qE 'E911: notification [0-9a-f]+ sent again to ' edge.log ||
    fail "the proxy did not log the retransmission"
  grep -qE 'E911: notification [0-9a-f]+ answered 200' edge.log || fail "the notification's 200 was not taken"
  grep -aq '^BYE ' sec_messages.log || fail "the notification was not ended with a BYE"
  grep -q 'got no final response (Timer B)' edge.log && fail "Timer B fired on an answered notification"
  routing_endpoint_end psap1
  stop_edge
}

# The same target never answering: the proxy sends the INVITE again (the same branch) until
# Timer B (32 s times --timer-scale 0.05) fires, then gives the notification up and logs it;
# the emergency call connects all the same.
case_call_e911_udp_silent() {
  call_e911_udp 5612 call_notified_silent.xml
  grep -q '^quiet' sec.actions.log || fail "the target did not see the INVITEs stop"
  local count branches
  count=$(grep -c '^invite ' sec.actions.log)
  branches=$(grep '^invite ' sec.actions.log | sort -u | wc -l)
  [ "$count" -ge 2 ] || fail "the INVITE was not sent again ($count seen)"
  [ "$branches" -eq 1 ] || fail "the INVITEs sent again are not the same transaction"
  grep -qE 'E911: notification [0-9a-f]+ got no final response \(Timer B\)' edge.log ||
    fail "the proxy did not give the notification up on Timer B"
  [ "$(grep -cE 'E911: notification [0-9a-f]+ sent again' edge.log)" -eq $((count - 1)) ] ||
    fail "the proxy's retransmissions and the INVITEs seen differ"
  routing_endpoint_end psap1
  stop_edge
}

# alice forwards to carol on no answer (the total timer of 18 s, times --timer-scale).
call_alice_forwards() {
  preamble_forward alice sip:carol@contoso.com "work_hours enablecf" 18
}

# MS-SIPRE 3.14 for a call Exchange UM transfers: UM calls bob, who answers advertising
# ms-safe-transfer; UM's REFER goes inside the dialog through the proxy (its Record-Route)
# to bob, asking for Ms-Sensitivity: normal-no-diversion; bob's triggered INVITE to alice
# carries it (call_triggered.xml, the INVITE bob's user agent sends, 3.14.5) and arrives as
# a new call. alice forwards to carol on no answer and has a voice mail, and her endpoint
# never answers: the call ends with 480 when the total timer fires, and neither carol nor
# voice mail gets an INVITE.
case_call_um_refer() {
  mkdir -p data/users/alice data/users/bob data/users/carol
  call_alice_forwards
  routing_voicemail -p 5631
  echo "sip:vm@127.0.0.1:5631;transport=udp" > data/users/alice/voicemail
  start_edge --udp --data "$work/data" --timer-scale 0.05
  routing_endpoint bob1 bob 2 call_transferee.xml -p 5632
  routing_endpoint alice1 alice 1 routing_ring.xml -p 5633
  routing_endpoint carol1 carol 3 routing_ring.xml -p 5634
  sipp_bg um call_um_refer.xml 60 -p 5635 -timeout_error -key domain "$domain" -key user bob \
    -key transfer_to alice -t t1 -m 1 127.0.0.1:"$edge_port"
  local um_pid=$bg_pid
  wait_for_line bob1-refer.txt '.'
  sipp_run bob call_triggered.xml "$edge_port" -p 5636 -t t1 -m 1 \
    -key target "sip:alice@$domain" -key sensitivity "$(tr -d '\r' < bob1-refer.txt)" ||
    fail "the triggered INVITE did not end with 480: $(cat bob.out)"
  wait_ok "$um_pid" "UM (SIPp)" um.out
  grep -q 'ms-safe-transfer' um.actions.log || fail "bob's 200 did not advertise ms-safe-transfer"
  grep -aq '^REFER ' bob1_messages.log || fail "UM's REFER did not reach bob"
  grep -q 'REFER: the triggered INVITE is to carry Ms-Sensitivity: normal-no-diversion' edge.log ||
    fail "the proxy did not log the REFER's Ms-Sensitivity"
  grep -q 'INVITE referred by <sip:um@contoso.com> with Ms-Sensitivity normal-no-diversion' edge.log ||
    fail "the proxy did not take the triggered INVITE as referred"
  grep -aq '^Ms-Sensitivity: normal-no-diversion' alice1_messages.log ||
    fail "the triggered INVITE did not reach alice with its Ms-Sensitivity"
  grep -aq '^INVITE ' carol1_messages.log && fail "the transferred call was forwarded to carol"
  grep -aq '^INVITE ' vm_messages.log && fail "the transferred call went to voice mail"
  kill "$vm_pid" 2> /dev/null || true
  wait "$vm_pid" 2> /dev/null || true
  routing_endpoint_end bob1 alice1 carol1
  stop_edge
}

# MS-OCEXUM 3.2: alice forwards to carol on no answer and has a voice mail (as in
# routing_forward_voicemail); a Play-On-Phone INVITE rings her endpoint, which does not
# answer: when the total timer fires the call fails with 480, and neither carol nor the
# voice-mail server ever gets an INVITE.
case_call_play_on_phone() {
  mkdir -p data/users/alice data/users/carol
  call_alice_forwards
  routing_voicemail_of alice
  start_edge --udp --data "$work/data" --timer-scale 0.05
  routing_endpoint alice1 alice 1 routing_ring.xml
  routing_endpoint carol1 carol 3 routing_ring.xml
  sipp_run um call_play_on_phone.xml "$edge_port" -t t1 -m 1 -key user alice ||
    fail "the Play-On-Phone call did not end with 480"
  grep -q 'Play-On-Phone INVITE for sip:alice@contoso.com: never diverted' edge.log ||
    fail "the proxy did not recognise the Play-On-Phone INVITE"
  grep -q 'call 1: timer 1 fired' edge.log || fail "the total timer did not fire"
  grep -aq '^CANCEL ' alice1_messages.log || fail "alice's endpoint was not cancelled"
  grep -aq '^INVITE ' carol1_messages.log && fail "the Play-On-Phone call was forwarded to carol"
  grep -q 'call 1: timer 2' edge.log && fail "a call forwarding timer was armed"
  grep -aq '^INVITE ' vm_messages.log && fail "the Play-On-Phone call went to voice mail"
  kill "$vm_pid" 2> /dev/null || true
  wait "$vm_pid" 2> /dev/null || true
  routing_endpoint_end alice1 carol1
  stop_edge
}
