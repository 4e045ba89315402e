/* Messages for the C tests of the features around the call: parse a text, and a request
 * with the core headers plus extra header lines. */
#ifndef MSSIP_TEST_MESSAGES_H
#define MSSIP_TEST_MESSAGES_H

#include "check.h"

static mssip_msg *parse(const char *text) {
    mssip_msg *m = NULL;
    CHECK_OK(mssip_msg_parse((const uint8_t *)text, strlen(text), &m));
    return m;
}

/* `method sip:bob@contoso.com` with Via, From, To, Call-ID c1, CSeq, then `extra` (whole
 * header lines, each ending in CRLF). */
static mssip_msg *request(const char *method, const char *extra) {
    char buf[2048];
    snprintf(buf, sizeof buf,
             "%s sip:bob@contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS 192.0.2.1;branch=z9hG4bK1\r\n"
             "From: <sip:alice@contoso.com>;tag=1\r\nTo: <sip:bob@contoso.com>\r\n"
             "Call-ID: c1\r\nCSeq: 1 %s\r\n%sContent-Length: 0\r\n\r\n",
             method, method, extra);
    return parse(buf);
}

#endif
