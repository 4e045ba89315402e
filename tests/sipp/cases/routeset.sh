# Signed route-set state (MS-SIPRE 3.6) and the proxy's side of dialog recovery (3.7), on the
# wire: alice registers (callee.xml), bob calls her through the proxy (routeset_caller.xml),
# and a BYE for that dialog comes over a new connection (routeset_bye*.xml), routed by the
# state in the proxy's signed Route or refused with 481 / 430.

# bob calls alice through the proxy at port $1; sets route, target, from_tag, to_tag, call_id.
routeset_call() {
  sipp_run caller routeset_caller.xml "$1" -t t1 -m 1 ||
    fail "bob's call did not get a 200 with a signed Record-Route and alice's rewritten Contact"
  route=$(tr -d '\r\n' < dialog-route.txt)
  target=$(tr -d '\r\n' < dialog-target.txt)
  from_tag=$(tr -d '\r\n' < dialog-from-tag.txt)
  to_tag=$(tr -d '\r\n' < dialog-to-tag.txt)
  call_id=$(tr -d '\r\n' < dialog-call-id.txt)
  grep -qE '^invite record-route <sip:[^ ]*;opaque=state:[^ ]*;ms-route-sig=' callee.actions.log ||
    fail "alice's INVITE did not carry the signed Record-Route: $(cat callee.actions.log)"
}

# routeset_send_bye NAME SCENARIO PORT ROUTE SUPPORTED: bob's BYE over a new connection.
routeset_send_bye() {
  sipp_run "$1" "$2" "$3" -t t1 -m 1 -cid_str "$call_id" -key route "$4" -key target "$target" \
    -key from_tag "$from_tag" -key to_tag "$to_tag" -key supported "$5"
}

# The route with the first character of its ms-route-sig changed.
routeset_tamper() {
  local sig=${1#*ms-route-sig=}
  local c=${sig:0:1} n=A
  [ "$c" = A ] && n=B
  echo "${1/ms-route-sig=$c/ms-route-sig=$n}"
}

# The requests alice received carry no Route: the proxy removed its own.
routeset_no_route_at_alice() {
  awk -v want="$1" '/^[A-Z]+ sip:/ { m = $1 } m == want && /^Route:/ { bad = 1 } END { exit bad }' \
    callee_messages.log || fail "alice got a $1 with a Route left in it"
  grep -aq "^$1 sip:alice@" callee_messages.log || fail "alice got no $1"
}

case_routeset_bye() {
  start_edge --keys "$work/keys"
  [ -s keys ] || fail "--keys: the key file was not created"
  [ "$(stat -c %a keys)" = 600 ] || fail "the key file is readable by others: $(stat -c %a keys)"
  grep -q 'keys: new signing key; 1 held, written to' edge.log || fail "no key was made at start"
  start_callee "$here/routeset_callee_calls.xml" "$edge_port"
  routeset_call "$edge_port"
  routeset_send_bye bye routeset_bye.xml "$edge_port" "$route" timer ||
    fail "the BYE routed by the signed Route did not reach alice, or her 200 did not come back"
  callee_done "$edge_port"
  alice=$(conn_id 1)
  [ "$(grep -c "routed by its Route state to conn $alice\$" edge.log)" -eq 2 ] ||
    fail "the ACK and the BYE were not both routed by the Route state to alice (conn $alice)"
  routeset_no_route_at_alice ACK
  routeset_no_route_at_alice BYE
  grep -q 'keys: new signing key' edge.log && ! grep -qi 'secret' edge.log ||
    fail "the log names a secret"
  stop_edge
}

case_routeset_tampered_481() {
  start_edge --keys "$work/keys"
  start_callee "$here/routeset_callee_refused.xml" "$edge_port"
  routeset_call "$edge_port"
  routeset_send_bye bye routeset_bye_481.xml "$edge_port" "$(routeset_tamper "$route")" timer ||
    fail "the BYE with a changed ms-route-sig did not get 481"
  grep -q 'Route state refused: MSSIP_E_ROUTE_BAD_SIGNATURE' edge.log ||
    fail "the proxy did not refuse the changed signature"
  grep -qE 'BYE sip:alice@[^ ]*: answered 481 ' edge.log || fail "no 481 in the proxy's log"
  # A Route cut short is no better.
  routeset_send_bye cut routeset_bye_481.xml "$edge_port" "${route%%;ms-route-sig=*}>" timer ||
    fail "the BYE whose Route lost its ms-route-sig did not get 481"
  callee_done "$edge_port"
  stop_edge
}

case_routeset_tampered_430() {
  start_edge --keys "$work/keys"
  start_callee "$here/routeset_callee_refused.xml" "$edge_port"
  routeset_call "$edge_port"
  routeset_send_bye bye routeset_bye_430.xml "$edge_port" "$(routeset_tamper "$route")" \
    Ms-Dialog-Route-Set-Update ||
    fail "the BYE with a changed ms-route-sig and the option tag did not get 430 Dialog-Route-Set-Update"
  grep -q '^recovery action Dialog-Route-Set-Update (' bye.actions.log ||
    fail "the 430 did not carry P-Dialog-Recovery-Action: Dialog-Route-Set-Update: $(cat bye.actions.log)"
  callee_done "$edge_port"
  # alice's connection is gone now: the state verifies but names no open connection, so it
  # is the destination that must refresh (Wait-For-Session-Update), or 481 without the tag.
  routeset_send_bye gone routeset_bye_430.xml "$edge_port" "$route" Ms-Dialog-Route-Set-Update ||
    fail "the BYE to alice's closed connection did not get 430"
  grep -q '^recovery action Wait-For-Session-Update (' gone.actions.log ||
    fail "the 430 for a closed connection is not Wait-For-Session-Update: $(cat gone.actions.log)"
  routeset_send_bye gone_481 routeset_bye_481.xml "$edge_port" "$route" timer ||
    fail "the BYE to alice's closed connection without the option tag did not get 481"
  grep -q "Route state names conn $(conn_id 1), which is gone" edge.log ||
    fail "the proxy did not log the missing connection"
  stop_edge
}

case_routeset_key_gone() {
  # The dialog is signed with a key of `keys`; a proxy whose ring is another one (its key
  # file lost, or every key past its retention) verifies nothing of it: 481, or 430 with the
  # option tag (MS-SIPRE 3.6.5.1, 3.6.6).
  start_edge --keys "$work/keys"
  start_callee "$here/routeset_callee_refused.xml" "$edge_port"
  routeset_call "$edge_port"
  callee_done "$edge_port"
  stop_edge
  mv edge.log edge-first.log
  # the same address (the Route names it), another key ring
  start_edge --listen 127.0.0.1:"$edge_port" --keys "$work/other-keys"
  routeset_send_bye gone routeset_bye_481.xml "$edge_port" "$route" timer ||
    fail "a BYE signed with a key the proxy does not hold did not get 481"
  routeset_send_bye gone_430 routeset_bye_430.xml "$edge_port" "$route" Ms-Dialog-Route-Set-Update ||
    fail "a BYE signed with a key the proxy does not hold did not get 430 with the option tag"
  [ "$(grep -c 'Route state refused: MSSIP_E_ROUTE_UNKNOWN_KEY' edge.log)" -eq 2 ] ||
    fail "the proxy did not refuse the unknown key twice"
  stop_edge
}

routeset_stop_member() {
  kill -TERM "$1"
  wait_ok "$1" "pool member $2 (after SIGTERM)"
}

case_routeset_pool() {
  # Two members of pool.contoso.com share one key file. Member 1 rotates every 2 s, so the
  # dialog is signed with a key member 2 has not read at its start; alice is connected to
  # member 1 only. The BYE comes to member 2: it verifies the Route (reading the key file
  # again for the key it lacks), sees by ms-fe that the connections in the state are member
  # 1's, and forwards the BYE there, Route kept; member 1 routes it by the state to alice.
  local pool=pool.contoso.com
  run_edge member1.out --keys "$work/keys" --pool "$pool" --key-rotation 2
  local port1=$run_port pid1=$run_pid
  run_edge member2.out --keys "$work/keys" --pool "$pool"
  local port2=$run_port pid2=$run_pid
  grep -q 'keys: 1 read from' member2.out || fail "member 2 did not read the shared key file"
  for _ in $(seq 50); do
    [ "$(grep -c 'keys: new signing key' member1.out)" -ge 2 ] && break
    sleep 0.1
  done
  [ "$(grep -c 'keys: new signing key' member1.out)" -ge 2 ] || fail "member 1 did not rotate"
  start_callee "$here/routeset_callee_calls.xml" "$port1"
  routeset_call "$port1"
  case "$route" in
  "<sip:$pool;transport=tcp;opaque=state:"*";ms-fe=127.0.0.1:$port1;"*) ;;
  *) fail "the Record-Route does not name the pool with ms-fe= member 1: $route" ;;
  esac
  routeset_send_bye bye routeset_bye.xml "$port2" "$route" timer ||
    fail "the BYE sent through member 2 did not reach alice on member 1, or her 200 did not come back"
  callee_done "$port1"
  grep -q 'Route state verified; sent to its member' member2.out ||
    fail "member 2 did not verify the Route and hand the BYE to member 1"
  [ "$(grep -c 'keys: [0-9]* read from' member2.out)" -ge 2 ] ||
    fail "member 2 did not read the key file again for the key it lacked"
  alice=$(grep -oE "conn [0-9A-F]+: tcp from" member1.out | sed -n 1p | awk '{ sub(":", "", $2); print $2 }')
  grep -q "routed by its Route state to conn $alice\$" member1.out ||
    fail "member 1 did not route the BYE by its Route state to alice (conn $alice)"
  routeset_no_route_at_alice BYE
  routeset_stop_member "$pid2" 2
  routeset_stop_member "$pid1" 1
}
