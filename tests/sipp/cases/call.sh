# SIPp cases of what mssip_edge does around a call (edge_around.c): skip-pin (MS-OCEXUM 3.1),
# correlation ids (MS-SIPRE 3.12.5.2), E911 notifications (3.17.5.2), Play-On-Phone (MS-OCEXUM
# 3.2). Sourced by ../run.sh after routing.sh, whose helpers (routing_endpoint,
# routing_endpoint_end, routing_voicemail, caller_codes) these functions use.

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
