#!/usr/bin/env bash
# Rebuilds examples-c/sample-stream.sip: the raw bytes of one SIP-over-TCP connection made of
# corpus messages, CRLF keep-alives (RFC 5626 3.5.1), two messages that parse but fail
# validation (no Call-ID: 400; SIP/9.0: 505) and one that is framed by its Content-Length
# but does not parse (SIP-Version "SIP/2" has no minor number).
# Then regenerate examples-c/sample-stream.expected by running sipdump over it, and review
# the difference before committing it.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=tests/data/corpus
out=examples-c/sample-stream.sip
crlf=$'\r\n'
{
  cat "$corpus/register-nat.sip"
  printf '\r\n\r\n'                        # ping
  cat "$corpus/register-200-remote.sip"
  cat "$corpus/invite-multipart-2level.sip"
  printf '\r\n'                            # pong: a lone CRLF before the next message
  printf '%s' "INFO sip:bob@contoso.com SIP/2.0${crlf}Via: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bKno-call-id${crlf}Max-Forwards: 70${crlf}From: <sip:alice@contoso.com>;tag=77${crlf}To: <sip:bob@contoso.com>${crlf}CSeq: 2 INFO${crlf}Content-Length: 0${crlf}${crlf}"
  printf '%s' "OPTIONS sip:bob@contoso.com SIP/9.0${crlf}Content-Length: 0${crlf}${crlf}"
  printf '%s' "BYE sip:bob@contoso.com SIP/2${crlf}Content-Length: 0${crlf}${crlf}"
  cat "$corpus/message-route.sip"
  cat "$corpus/response-430.sip"
  printf '\r\n\r\n'                        # ping
} > "$out"
echo "wrote $out ($(wc -c < "$out") bytes)"
