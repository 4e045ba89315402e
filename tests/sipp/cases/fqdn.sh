# The proxy's own name (--fqdn) and its answers to OPTIONS pings, on the wire: a Microsoft
# keep-alive OPTIONS gets the 200 of mssip_msg_answer_options; with --fqdn edge.contoso.com
# --keys FILE a call's signed Record-Route and Via name the FQDN, and alice's BYE sent to that
# Route comes back to the proxy, is recognised as its own and routed to bob; without --keys the
# plain Record-Route does the same. Ports: picked at run time (the proxy listens on port 0).

case_fqdn_options() {
  start_edge
  sipp_run ping fqdn_options.xml "$edge_port" -t t1 -m 1 \
    -key target "sip:127.0.0.1:$edge_port;transport=tcp" ||
    fail "the OPTIONS ping did not get a 200 with Allow, Accept and the ms-keep-alive answer"
  grep -qE '^options keep-alive \| *UAS; tcp=no; hop-hop=yes; end-end=no; timeout=300\| contact \|\|' \
    ping.actions.log || fail "unexpected keep-alive answer or Contact: $(cat ping.actions.log)"
  stop_edge
}

case_fqdn_options_named() {
  start_edge --fqdn edge.contoso.com
  grep -q 'fqdn: Record-Route, Via and Contact name edge.contoso.com' edge.log ||
    fail "--fqdn was not taken"
  # the ping names the proxy by its FQDN: it is the proxy's, answered with its FQDN Contact
  sipp_run ping fqdn_options.xml "$edge_port" -t t1 -m 1 \
    -key target "sip:EDGE.contoso.com:$edge_port;transport=tcp" ||
    fail "the OPTIONS ping to the FQDN did not get the proxy's own 200"
  grep -qE "contact \| *<sip:edge\\.contoso\\.com:$edge_port;transport=tcp>\|" ping.actions.log ||
    fail "the answer's Contact does not name the FQDN: $(cat ping.actions.log)"
  stop_edge
  # a name that is not fully qualified is refused at start, with exit status 2
  local rc=0
  "$edge_bin" --listen 127.0.0.1:0 --domain "$domain" --fqdn 192.0.2.7 2> bad.log || rc=$?
  [ "$rc" -eq 2 ] || fail "--fqdn 192.0.2.7 exited $rc, not 2"
  grep -q -- '--fqdn 192.0.2.7: not a fully qualified host name' bad.log ||
    fail "no clear error for a bad --fqdn: $(cat bad.log)"
  rc=0
  "$edge_bin" --listen 127.0.0.1:0 --domain "$domain" --fqdn edge 2> bad.log || rc=$?
  [ "$rc" -eq 2 ] || fail "--fqdn edge (one label) exited $rc, not 2"
}

case_fqdn_route() {
  start_edge --fqdn edge.contoso.com --keys "$work/keys"
  start_callee "$here/fqdn_callee.xml" "$edge_port"
  sipp_run caller fqdn_caller.xml "$edge_port" -t t1 -m 1 ||
    fail "bob's call did not get a Record-Route naming edge.contoso.com, or alice's BYE did not reach him"
  grep -qE '^invite record-route <sip:edge\.contoso\.com:[0-9]+;transport=tcp;opaque=state:' \
    callee.actions.log || fail "alice's INVITE did not carry the FQDN Record-Route: $(cat callee.actions.log)"
  grep -q '^bye answered' callee.actions.log || fail "bob's 200 to the BYE did not reach alice"
  callee_done "$edge_port"
  bob=$(conn_id 2)
  alice=$(conn_id 1)
  grep -q "routed by its Route state to conn $alice\$" edge.log ||
    fail "bob's ACK to the FQDN Route was not routed by its state to alice (conn $alice)"
  grep -q "routed by its Route state to conn $bob\$" edge.log ||
    fail "alice's BYE to the FQDN Route was not routed by its state to bob (conn $bob)"
  # the ACK at alice and the BYE at bob had no Route left: the proxy popped its FQDN one
  # (fqdn_caller.xml checks bob's; SIPp does not fail alice's out-of-call scenario on a check)
  routeset_no_route_at_alice ACK
  stop_edge
}

# $1.xml of tests/sipp as $1_fqdn.xml here: the proxy's Record-Route and Via it checks name
# the FQDN.
fqdn_adapt() {
  sed -e 's/&lt;sip:127\\\.0\\\.0\\\.1:\[0-9\]+;transport=tcp;lr&gt;/\&lt;sip:edge\\.contoso\\.com:[0-9]+;transport=tcp;lr\&gt;/' \
    -e 's/TCP 127\\\.0\\\.0\\\.1:\[0-9\]+;branch=/TCP edge\\.contoso\\.com:[0-9]+;branch=/' \
    "$here/$1.xml" > "$1_fqdn.xml"
  grep -q 'edge\\.contoso' "$1_fqdn.xml" || fail "$1.xml changed: no Record-Route check to adapt"
}

# Without --keys: the plain Record-Route names the FQDN, and bob's ACK and BYE, whose Route
# is that FQDN form, are recognised as the proxy's (Route popped) and reach alice.
case_fqdn_plain() {
  fqdn_adapt caller
  fqdn_adapt callee_calls
  start_edge --fqdn edge.contoso.com
  start_callee "$work/callee_calls_fqdn.xml" "$edge_port"
  sipp_run caller "$(realpath --relative-to="$here" caller_fqdn.xml)" "$edge_port" -t t1 -m 1 \
    -key target "sip:alice@$domain" ||
    fail "bob's call through the proxy (INVITE, ACK and BYE along the FQDN route set) failed"
  callee_done "$edge_port"
  grep -qE "record-route <sip:edge\\.contoso\\.com:$edge_port;transport=tcp;lr> " callee.actions.log ||
    fail "alice's INVITE did not carry the plain FQDN Record-Route: $(cat callee.actions.log)"
  grep -q 'Record-Route: <sip:edge.contoso.com:' caller_messages.log ||
    fail "bob's 200 did not carry the FQDN Record-Route"
  routeset_no_route_at_alice ACK
  routeset_no_route_at_alice BYE
  stop_edge
}

# A peer's `fqdn NAME` (DIR/peers/, README "Edge proxy"): the name this proxy is known by to
# that peer. bob calls a number behind the peer at 127.0.0.1:5495 (fqdn
# edge-peer.contoso.com), with --fqdn edge.contoso.com --keys FILE: the INVITE reaches the
# peer with the signed Record-Route and the proxy's Via naming edge-peer.contoso.com; bob's
# ACK and the peer's BYE, whose Route is that name, are the proxy's and routed by its state;
# the BYE reaches bob with the Via naming edge.contoso.com, the name bob knows. A peer file
# whose fqdn is not fully qualified is skipped with a line saying why.
case_fqdn_peer() {
  mkdir -p data/users data/peers
  printf 'host 127.0.0.1:5495\nkind microsoft\nfqdn edge-peer.contoso.com\n' > data/peers/lync
  printf 'host 127.0.0.1:5496\nfqdn 192.0.2.9\n' > data/peers/broken
  start_edge --fqdn edge.contoso.com --keys "$work/keys" --data "$work/data"
  grep -q 'peer lync: 127.0.0.1:5495, microsoft, .*, fqdn edge-peer.contoso.com' edge.log ||
    fail "the peer file was not read as written"
  grep -q 'fqdn: to peer lync, Record-Route and Via name edge-peer.contoso.com' edge.log ||
    fail "the peer's fqdn was not applied"
  grep -q 'data/peers/broken:2: not a peer setting: fqdn 192.0.2.9' edge.log ||
    fail "the peer file with a bad fqdn was not refused by its line"
  ! grep -q 'peer broken:' edge.log || fail "the peer file with a bad fqdn was loaded"
  interwork_call peer fqdn_peer.xml 5495 fqdn_peer_caller.xml \
    "sip:+14255550100@127.0.0.1:5495;user=phone;transport=tcp" \
    "bob's call did not get a Record-Route naming edge-peer.contoso.com, or the peer's BYE did not reach him with the proxy's Via naming edge.contoso.com"
  grep -qE '^invite via +SIP/2\.0/TCP edge-peer\.contoso\.com:[0-9]+;branch=' peer.actions.log ||
    fail "the peer's INVITE did not carry the Via naming its fqdn: $(cat peer.actions.log)"
  grep -qE '^invite record-route <sip:edge-peer\.contoso\.com:[0-9]+;transport=tcp;opaque=state:' \
    peer.actions.log || fail "the peer's INVITE did not carry the signed Record-Route naming its fqdn"
  awk '/^[A-Z]+ sip:/ { m = $1 } m == "ACK" && /^Route:/ { bad = 1 } END { exit bad }' \
    peer_messages.log || fail "the ACK reached the peer with a Route left in it"
  grep -aq '^ACK sip:peer@' peer_messages.log || fail "the peer got no ACK"
  grep -q '^bye answered' peer.actions.log || fail "bob's 200 to the BYE did not reach the peer"
  grep -qE '^bye from the peer, route +via +SIP/2\.0/TCP edge\.contoso\.com:' caller.actions.log ||
    fail "the BYE reached bob without the Via naming edge.contoso.com: $(cat caller.actions.log)"
  [ "$(grep -c 'routed by its Route state to conn' edge.log)" -ge 2 ] ||
    fail "bob's ACK and the peer's BYE to the edge-peer.contoso.com Route were not routed by its state"
  stop_edge
}
