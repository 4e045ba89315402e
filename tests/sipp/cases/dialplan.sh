# The dial plan on the wire (MS-SIPRE 3.8): SERVICE for location profiles answered from
# --data DIR/profiles/ and each user's DIR/users/<user>/profile, and the numbers users dial
# translated with their default profile before routing.

# --data with the Redmond profile of the corpus, a Paris profile, and users alice (phone
# +1 425 555 0100) and bob, both with Redmond as their default profile.
dialplan_data() {
  local ns=http://schemas.microsoft.com/2007/03/LocationProfileDescription
  mkdir -p data/profiles data/users/alice data/users/bob
  cp "$here/../data/dialplan/location-profile-redmond.xml" data/profiles/Redmond.xml
  printf '<LocationProfileDescription xmlns="%s"><Name>Paris</Name><Rule><Pattern>^0(\\d{9})$</Pattern><Translation>+33$1</Translation></Rule></LocationProfileDescription>\n' \
    "$ns" > data/profiles/Paris.xml
  printf '<not a profile' > data/profiles/Broken.xml
  echo Redmond > data/users/alice/profile
  echo 'tel:+1-425-555-0100' > data/users/alice/phone
  echo Redmond > data/users/bob/profile
}

case_dialplan_service() {
  dialplan_data
  start_edge --data "$work/data"
  grep -q 'dial plan: 2 location profiles, 1 phone numbers' edge.log ||
    fail "the proxy did not load the two good profiles and alice's phone"
  grep -q "location profile $work/data/profiles/Broken.xml not loaded: MSSIP_E_XML" edge.log ||
    fail "the broken profile was not refused with its reason"
  sipp_run service dialplan_service.xml "$edge_port" -t t1 -m 1 ||
    fail "SIPp: the SERVICE requests did not get 200 / 200 / 404 / 485"
  grep -qE '^default Redmond type +application/ms-location-profile-definition\+xml$' service.actions.log ||
    fail "the default profile did not come back as Redmond with its content type: $(cat service.actions.log)"
  grep -qE '^named Paris type +application/ms-location-profile-definition\+xml$' service.actions.log ||
    fail "the profile named Paris did not come back"
  grep -q '^unknown 404 ambiguous 485' service.actions.log || fail "the 404 / 485 were not seen"
  [ "$(grep -c 'SERVICE sip:bob@contoso.com;gruu;opaque=app:locationprofile:get[^ ]*: answered' edge.log)" -eq 4 ] ||
    fail "the proxy did not answer the four SERVICE requests itself"
  stop_edge
}

case_dialplan_invite() {
  dialplan_data
  start_edge --data "$work/data"
  start_callee "$here/callee_calls.xml" "$edge_port"
  sipp_run caller dialplan_caller.xml "$edge_port" -t t1 -m 1 ||
    fail "SIPp caller: the call to extension 0100 did not reach alice"
  callee_done "$edge_port"
  grep -qE 'sip:bob@contoso.com dialed 0100: translated to sip:alice@contoso.com \(rule 0\), internal$' edge.log ||
    fail "the proxy did not log the translation of 0100 to alice"
  [ "$(grep -cE '^invite INVITE sip:alice@127\.0\.0\.1:[0-9]+;transport=tcp' callee.actions.log)" -eq 1 ] ||
    fail "alice did not get the INVITE at her registered Contact"
  grep -aqE '^To: <sip:0100@contoso.com;user=phone>' callee_messages.log ||
    fail "the INVITE alice got does not carry the number bob dialed in its To"
  stop_edge
}
