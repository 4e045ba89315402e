#!/usr/bin/env bash
# Builds the seed corpus of every fuzz target in fuzz/corpus/<target>/ from tests/data (the
# corpus is not committed: run this first, it is quick). Each target's inputs are shaped as
# its doc comment says; the SIP messages come from tests/data/{corpus,torture,regress}. Seeds
# are (re)written under fixed names; inputs the fuzzer added to the corpus stay.
set -euo pipefail
cd "$(dirname "$0")"
data=../tests/data
out=corpus
mkdir -p "$out"/{parse_roundtrip,edits,framer_splits,multipart_sdp,ext_parsers,c_abi,nat_process,conn_table,trust_headers,typed_access,routing_preamble,call_router,register,location,route_state,keyring_import,location_profile,dialplan_translate,call_context,ice_multipart,pidf_lo,exchange_um,sdp_normalise,diversion_map,um_follow,plain_body,fqdn_discipline,peer_liveness,via_view}

mapfile -t messages < <(find "$data/corpus" "$data/torture" "$data/regress" \
  -type f \( -name '*.sip' -o -name '*.dat' \) | sort)

# Two little-endian bytes holding $1, the length prefix of the edits and c_abi inputs.
len16() { printf "\\x$(printf %02x $(($1 & 255)))\\x$(printf %02x $((($1 >> 8) & 255)))"; }

# Edit or call sequences to follow a message: byte strings of a few ops each.
ops=(
  '\x06\x00\x00\x01\x01\x05\x08\x04\x00\x0b\x01\x0b'
  '\x08\x04\x00\x0c\x01\x12\x0b\x0b\x01\x00\x09\x04\x00\x0c'
  '\x00\x0d\x22\x01\x0d\x23\x02\x00\x00\x05\x02\x00\x10'
  '\x0a\x22\x0c\x08\x01\x06\x0d\x11\x22'
)

i=0
for m in "${messages[@]}"; do
  name=$(printf %03d $i)
  cp "$m" "$out/parse_roundtrip/$name"
  cp "$m" "$out/multipart_sdp/$name"
  cp "$m" "$out/typed_access/$name"
  # The C Via view: each Via field value of the message (full or compact name).
  k=0
  while IFS= read -r v; do
    printf '%s' "$v" > "$out/via_view/$name-$k"
    k=$((k + 1))
  done < <(grep -aiE '^(via|v)[ \t]*:' "$m" | sed -E 's/^[^:]*:[ \t]*//; s/\r$//' || true)
  cp "$m" "$out/route_state/$name"
  size=$(stat -c %s "$m")
  if [ "$size" -lt 65536 ]; then
    j=0
    for o in "${ops[@]}"; do
      { len16 "$size"; cat "$m"; printf "$o"; } > "$out/edits/$name-$j"
      { len16 "$size"; cat "$m"; printf "$o"; } > "$out/c_abi/$name-$j"
      j=$((j + 1))
    done
  fi
  # NAT: the message, then the peer (transport, connection id, address, port) and options.
  if [ "$size" -lt 65536 ]; then
    { len16 "$size"; cat "$m"; printf '\x01\x2a\x00\x00\x00\x00\x00\xc4\x13\x00'; } \
      > "$out/nat_process/$name-tcp"
    { len16 "$size"; cat "$m"; printf '\x02\x07\x01\x00\x00\x00\x01\xc5\x13\x05'; } \
      > "$out/nat_process/$name-tls"
  fi
  # Framer: limits selector 0 (defaults), three chunk sizes, then the stream.
  { printf '\x00\x03\x07\x01\x40'; cat "$m"; printf '\r\n\r\n'; cat "$m"; } > "$out/framer_splits/$name"
  { printf '\x05\x01\x03'; cat "$m"; } > "$out/framer_splits/$name-small-limits"
  i=$((i + 1))
done

# The C ABI's text calls (identity, framer, multipart bodies) run when the message does not
# parse: a zero length prefix, then call bytes.
j=0
for o in "${ops[@]}"; do
  printf "\\x00\\x00$o" > "$out/c_abi/text-$j"
  j=$((j + 1))
done

# ext_parsers: a selector byte (the parser, see the target) and its text.
ext=(
  0 'sip:alice@contoso.com'
  1 'focus'
  2 '01010101'
  3 'sip:alice@contoso.com;opaque=user:epid:yX9Axhi4fl6nS4gsmaQ_5wAA;gruu'
  4 '0b1a6ea4-2c3e-4c79-9a3b-5e1a31b6c2d0'
  5 'ms-forking'
  6 'private-no-diversion'
  7 'user:epid:yX9Axhi4fl6nS4gsmaQ_5wAA'
  7 'srvr:HomeServer:VWIdpJWTA1'
  8 'Dialog-Route-Set-Update'
  9 'Dialog-Route-Set-Update, Dialog-Target-Update'
  10 '+1-425-555'
  10 'contoso.com'
  11 'MediationServer'
  12 '"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>"'
  13 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6'
  14 'ms-opaque=d3470f2e0c'
  14 'ms-received-cid=1A2B00'
  14 'ms-key-info=jRbbsVcH'
  15 'normal,private'
  16 'sip:192.0.2.44:50612;transport=tls;ms-opaque=d3470f2e0c;ms-received-cid=1A00'
)
for ((k = 0; k < ${#ext[@]}; k += 2)); do
  { printf "\\x$(printf %02x "${ext[k]}")"; printf %s "${ext[k + 1]}"; } > "$out/ext_parsers/$k"
done
grep -rhoE '^(Ms-[A-Za-z-]+|P-Dialog-Recovery-Action|Contact|ms-[a-z-]+): .*' "$data/corpus" \
  | sed 's/^[^:]*: //' | sort -u | head -40 | nl -w1 | while read -r n v; do
  for sel in 0 3 6 9 16; do
    { printf "\\x$(printf %02x $sel)"; printf %s "$v"; } > "$out/ext_parsers/value-$n-$sel"
  done
done

# Connection table: a setup byte, then (operation, argument) pairs.
printf '\x03\x00\x01\x00\x02\x02\x01\x01\x01\x03\x05\x00\x01' > "$out/conn_table/open-close"
printf '\x0f\x00\x01\x00\x02\x00\x03\x00\x04\x00\x05\x02\x03' > "$out/conn_table/fill"
# Trust headers: a selector byte (value, logon data, message), then its text.
printf '\x00%s' 'ms-source-type=InternetUser;ms-ep-fqdn=edge.contoso.com;ms-source-verified-user=verified' \
  > "$out/trust_headers/internet-user"
printf '\x00%s' 'ms-source-type=AutoFederation;ms-ep-fqdn=edge.fabrikam.com;ms-source-network=federation' \
  > "$out/trust_headers/federation"
printf '\x01%s' 'RemoteUser' > "$out/trust_headers/remote-user"
for m in "${messages[@]:0:20}"; do
  { printf '\x02'; cat "$m"; } > "$out/trust_headers/msg-$(basename "$m")"
done

# routing_preamble: the preamble documents of MS-SIPRE 4.7.
cp "$data"/routing/preamble-*.xml "$out/routing_preamble/"
# call_router: preamble, endpoints, callee flags, INVITE kind, then event byte pairs.
for p in 0 1 2 3 4 5; do
  for k in 0 1 2 3 4; do
    printf "\\x0$p\\x02\\x01\\x0$k\\x00\\x80\\x02\\x01\\x01\\x04\\x03\\x00" > "$out/call_router/p$p-k$k"
  done
done
# Location profiles: the documents of tests/data/dialplan; translation: pattern NUL
# replacement NUL dialed strings.
cp "$data"/dialplan/*.xml "$out/location_profile/"
printf '%s\0%s\0%s\0%s' '^9?1?(?<area>[2-9]\d{2})(?<local>\d{7})$' '+1${area}${local}' \
  '914255550100' '4255550100' > "$out/dialplan_translate/named"
printf '%s\0%s\0%s\0%s' '^(?:(\d)\1?|\d)+x' '$+$`' '1234567890123456789' '11x' \
  > "$out/dialplan_translate/backtrack"
printf '%s\0%s\0%s' '^[0-9-[5]]{4}$' '$&$$$_' '1234' > "$out/dialplan_translate/subtract"
# Call context: the 4.11 document of tests/data/context.
cp "$data"/context/*.xml "$out/call_context/"

# sdp_normalise: a flags byte (15: the plain-peer set, 31: all), then the SDP of the corpus
# messages and of the interworking tests; diversion_map: the corpus and interworking messages.
for f in "$data"/corpus/*.sip "$data"/interwork/*.sip; do
  [ -f "$f" ] || continue
  b=$(basename "$f" .sip)
  { printf '\x0f'; sed -n '/^\r\?$/,$p' "$f" | tail -n +2; } > "$out/sdp_normalise/$b"
  cp "$f" "$out/diversion_map/$b"
  cp "$f" "$out/fqdn_discipline/$b"
done
# peer_liveness: 3-byte events (op, a, b): add peers, poll, answer, time out, remove.
printf '\x00\x11\x12\x00\x22\x23\x02\x00\x01\x03\x00\x02\x04\x01\x09\x02\x40\x00\x05\x01\x00' > "$out/peer_liveness/cycle"
printf '\x00\x09\x0a\x02\x00\x00\x02\xff\x00\x02\xff\x00\x06\x00\x00\x07\x01\x01\x01\x01\x00' > "$out/peer_liveness/timeouts"
for f in "$data"/interwork/*.sdp; do
  [ -f "$f" ] || continue
  { printf '\x1f'; cat "$f"; } > "$out/sdp_normalise/$(basename "$f" .sdp)-all"
done
for t in "$out"/*; do
  echo "$(basename "$t"): $(ls "$t" | wc -l) seeds"
done

# Registrar: each REGISTER of the corpus twice (length prefix, message, connection byte), so
# the second is a retransmission or a refresh.
for m in "$data"/corpus/*register*.sip "$data"/corpus/*REGISTER*.sip; do
  [ -f "$m" ] || continue
  size=$(stat -c %s "$m")
  [ "$size" -lt 65536 ] || continue
  { len16 "$size"; cat "$m"; printf '\x01'; len16 "$size"; cat "$m"; printf '\x02'; } \
    > "$out/register/$(basename "$m")"
done

# Location: 4-byte operations (op, aor, key, connection / expiry).
printf '\x00\x00\x01\x05\x20\x01\x02\x03\x07\x03\x0b\xf3\x04\x00\x00\x00\x05\x01\x00\x01\x06\x00\x00\x00' \
  > "$out/location/ops-0"
printf '\x00\x00\x00\x0f\x00\x00\x01\x0f\x00\x00\x02\x0f\x00\x01\x03\x0f\x00\x02\x00\x0f\x00\x02\x01\x0f\xe6\x00\x00\x00\x00\x00\x03\x0f' \
  > "$out/location/ops-limits"
# keyring_import: exports of 0, 1 and 2 keys (format 1: MSKR, version, count, per key the
# start time and the secret, then SHA-1 over all of it).
export_of() {
  local body
  body=$(mktemp)
  { printf "MSKR\\x01\\x00\\x$(printf %02x "$1")"; shift
    for k in "$@"; do printf '\x00\x00\x00\x00\x00\x0f\x42\x40'; head -c 32 < /dev/zero | tr '\0' "$k"; done
  } > "$body"
  cat "$body"
  openssl dgst -sha1 -binary < "$body"
  rm -f "$body"
}
export_of 0 > "$out/keyring_import/empty"
export_of 1 A > "$out/keyring_import/one"
export_of 2 B C > "$out/keyring_import/two"
# ice_multipart: the INVITEs with session descriptions (multipart ICE offers of 4.12, single ones).
for m in "$data"/corpus/invite-*.sip; do
  cp "$m" "$out/ice_multipart/$(basename "$m" .sip)"
done
# plain_body: a flags byte (0: plain, 1: keep location, 2: RFC 3264 hold) and each corpus INVITE.
for m in "$data"/corpus/invite-*.sip; do
  for f in 0 1 2; do
    { printf "\\x0$f"; cat "$m"; } > "$out/plain_body/$(basename "$m" .sip)-$f"
  done
done
# pidf_lo: the PIDF-LO of the E911 INVITE (the part between its XML declaration and </presence>)
# and that of the printed example of 4.14.
sed -n '/<?xml/,/<\/presence>/p' "$data/corpus/invite-e911.sip" | tr -d '\r' > "$out/pidf_lo/corpus"
sed -n '/<?xml/,/<\/presence>/p' "$data/e911/spec-4.14.txt" > "$out/pidf_lo/spec-4.14"
# exchange_um: the UM INVITEs (skip-pin, Play-On-Phone), each followed by a 302 to a worker.
for m in "$data"/corpus/invite-skip-pin.sip "$data"/corpus/invite-play-on-phone.sip; do
  size=$(stat -c %s "$m")
  { len16 "$size"; cat "$m"
    printf 'SIP/2.0 302 Moved Temporarily\r\n'
    grep -a -E '^(Via|From|To|Call-ID|CSeq):' "$m" | tr -d '\r' | sed 's/$/\r/'
    printf 'Contact: <sip:exum1.contoso.com:5065;transport=TLS>\r\nContent-Length: 0\r\n\r\n'
  } > "$out/exchange_um/$(basename "$m" .sip)"
done
# um_follow: the same INVITEs and the History-Info one, each as a proxy sent it (its Via on
# top), followed by a 302 to a worker.
for m in "$data"/corpus/invite-skip-pin.sip "$data"/corpus/invite-play-on-phone.sip \
  "$data"/corpus/invite-history-info.sip; do
  sent=$out/um_follow/.sent
  { head -n 1 "$m"; printf 'Via: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bK-proxy\r\n'
    tail -n +2 "$m"; } > "$sent"
  { len16 "$(stat -c %s "$sent")"; cat "$sent"
    printf 'SIP/2.0 302 Moved Temporarily\r\n'
    grep -a -E '^(From|To|Call-ID|CSeq):' "$m" | tr -d '\r' | sed 's/$/\r/'
    printf 'Contact: <sip:192.0.2.20:5065;transport=tcp>\r\nContent-Length: 0\r\n\r\n'
  } > "$out/um_follow/$(basename "$m" .sip)"
  rm -f "$sent"
done
