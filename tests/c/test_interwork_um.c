/* C tests of Exchange UM's redirect followed by a proxy: the next branch (same CSeq, the
 * proxy's Via gone, History-Info entry for the redirect, Diversion kept), the pin, and the
 * errors: not a redirect, UDP, a target already tried, NULL, a bad transport number. */
#include <stdbool.h>

#include "check.h"

static const char SENT[] =
    "INVITE sip:um@192.0.2.20:5060;transport=tcp SIP/2.0\r\n"
    "Via: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bK-proxy-1\r\n"
    "Via: SIP/2.0/TLS 192.0.2.9:49152;branch=z9hG4bK-alice\r\n"
    "From: <sip:alice@contoso.com>;tag=a1\r\nTo: <sip:bob@contoso.com>\r\n"
    "Call-ID: um-call-1\r\nCSeq: 7 INVITE\r\n"
    "History-Info: <sip:bob@contoso.com?Reason=SIP%3Bcause%3D408>;index=1, "
    "<sip:um@192.0.2.20:5060;transport=tcp>;index=1.1\r\n"
    "Diversion: <sip:bob@contoso.com>;reason=no-answer;counter=1\r\n"
    "Content-Length: 0\r\n\r\n";

static mssip_msg *redirect(const char *status, const char *contact, const char *cseq) {
    char text[1024];
    snprintf(text, sizeof text,
             "SIP/2.0 %s\r\nVia: SIP/2.0/TLS 192.0.2.9:49152;branch=z9hG4bK-alice\r\n"
             "From: <sip:alice@contoso.com>;tag=a1\r\nTo: <sip:bob@contoso.com>;tag=u\r\n"
             "Call-ID: um-call-1\r\nCSeq: %s\r\nContact: %s\r\nContent-Length: 0\r\n\r\n",
             status, cseq, contact);
    mssip_msg *m = NULL;
    CHECK_OK(mssip_msg_parse((const uint8_t *)text, strlen(text), &m));
    return m;
}

static void test_follow(void) {
    mssip_msg *sent = check_parse(SENT);
    mssip_msg *r = redirect("302 Moved Temporarily", "<sip:192.0.2.20:5065;transport=tcp>",
                            "7 INVITE");
    mssip_um_branch b = {NULL, MSSIP_TRANSPORT_UDP};
    CHECK_OK(mssip_um_follow_branch(sent, r, MSSIP_TRANSPORT_TCP, &b));
    CHECK(b.invite != NULL && b.transport == MSSIP_TRANSPORT_TCP);
    mssip_str s;
    CHECK_OK(mssip_msg_request_uri(b.invite, &s));
    CHECK_STR(s, "sip:192.0.2.20:5065;transport=tcp");
    CHECK_OK(mssip_msg_header(b.invite, "CSeq", 0, &s));
    CHECK_STR(s, "7 INVITE");
    CHECK_OK(mssip_msg_header(b.invite, "Via", 0, &s));
    CHECK_STR(s, "SIP/2.0/TLS 192.0.2.9:49152;branch=z9hG4bK-alice");
    size_t n = 0;
    CHECK_OK(mssip_msg_header_count(b.invite, "Via", &n));
    CHECK(n == 1);
    CHECK_OK(mssip_msg_header(b.invite, "History-Info", 1, &s));
    CHECK_STR(s, "<sip:um@192.0.2.20:5060;transport=tcp?Reason=SIP%3Bcause%3D302%3Btext%3D%22"
                 "Moved%20Temporarily%22>;index=1.1");
    CHECK_OK(mssip_msg_header(b.invite, "History-Info", 2, &s));
    CHECK_STR(s, "<sip:192.0.2.20:5065;transport=tcp>;index=1.2;rc=1.1");
    CHECK_OK(mssip_msg_header_count(b.invite, "Diversion", &n));
    CHECK(n == 1);
    CHECK_OK(mssip_msg_header(b.invite, "Diversion", 0, &s));
    CHECK_STR(s, "<sip:bob@contoso.com>;reason=no-answer;counter=1");

    /* the pin: the call's requests in both directions, nothing else */
    bool covered = false;
    mssip_msg *bye = check_parse("BYE sip:192.0.2.20:5065 SIP/2.0\r\nFrom: <sip:bob@contoso.com>;tag=w\r\n"
                           "To: <sip:alice@contoso.com>;tag=a1\r\nCall-ID: um-call-1\r\n"
                           "CSeq: 1 BYE\r\nContent-Length: 0\r\n\r\n");
    CHECK_OK(mssip_um_pin_covers(b.invite, bye, &covered));
    CHECK(covered);
    mssip_msg *other = check_parse("BYE sip:192.0.2.20:5065 SIP/2.0\r\nFrom: <sip:x@contoso.com>;tag=w\r\n"
                             "To: <sip:alice@contoso.com>;tag=a1\r\nCall-ID: um-call-2\r\n"
                             "CSeq: 1 BYE\r\nContent-Length: 0\r\n\r\n");
    CHECK_OK(mssip_um_pin_covers(b.invite, other, &covered));
    CHECK(!covered);
    CHECK_RC(mssip_um_pin_covers(NULL, bye, &covered), MSSIP_E_NULL);
    CHECK_RC(mssip_um_pin_covers(b.invite, NULL, &covered), MSSIP_E_NULL);
    CHECK_RC(mssip_um_pin_covers(b.invite, bye, NULL), MSSIP_E_NULL);
    mssip_msg_free(bye);
    mssip_msg_free(other);
    mssip_msg_free(b.invite);

    /* the original is untouched */
    CHECK_OK(mssip_msg_header_count(sent, "Via", &n));
    CHECK(n == 2);
    mssip_msg_free(r);
    mssip_msg_free(sent);
}

static void test_errors(void) {
    mssip_msg *sent = check_parse(SENT);
    mssip_um_branch b = {NULL, MSSIP_TRANSPORT_UDP};
    mssip_msg *r = redirect("302 Moved", "<sip:192.0.2.20:5065;transport=udp>", "7 INVITE");
    CHECK_RC(mssip_um_follow_branch(sent, r, MSSIP_TRANSPORT_TCP, &b), MSSIP_E_UM_TRANSPORT);
    CHECK(b.invite == NULL);
    mssip_msg_free(r);
    r = redirect("302 Moved", "<sip:192.0.2.20:5065>", "7 INVITE");
    CHECK_RC(mssip_um_follow_branch(sent, r, MSSIP_TRANSPORT_UDP, &b), MSSIP_E_UM_TRANSPORT);
    CHECK_RC(mssip_um_follow_branch(sent, r, 9, &b), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_um_follow_branch(NULL, r, MSSIP_TRANSPORT_TCP, &b), MSSIP_E_NULL);
    CHECK_RC(mssip_um_follow_branch(sent, NULL, MSSIP_TRANSPORT_TCP, &b), MSSIP_E_NULL);
    CHECK_RC(mssip_um_follow_branch(sent, r, MSSIP_TRANSPORT_TCP, NULL), MSSIP_E_NULL);
    mssip_msg_free(r);
    r = redirect("302 Moved", "<sip:192.0.2.20:5065>", "8 INVITE");
    CHECK_RC(mssip_um_follow_branch(sent, r, MSSIP_TRANSPORT_TCP, &b), MSSIP_E_UM_NOT_REDIRECT);
    mssip_msg_free(r);
    r = redirect("486 Busy Here", "<sip:192.0.2.20:5065>", "7 INVITE");
    CHECK_RC(mssip_um_follow_branch(sent, r, MSSIP_TRANSPORT_TCP, &b), MSSIP_E_UM_NOT_REDIRECT);
    mssip_msg_free(r);
    r = redirect("302 Moved", "<sip:um@192.0.2.20:5060>", "7 INVITE");
    CHECK_RC(mssip_um_follow_branch(sent, r, MSSIP_TRANSPORT_TCP, &b), MSSIP_E_UM_ALREADY_TRIED);
    mssip_msg_free(r);
    r = redirect("302 Moved", "<sip:bob@contoso.com>", "7 INVITE");
    CHECK_RC(mssip_um_follow_branch(sent, r, MSSIP_TRANSPORT_TCP, &b), MSSIP_E_UM_ALREADY_TRIED);
    CHECK(strstr(mssip_last_error(), "16.5") != NULL);
    mssip_msg_free(r);
    CHECK(b.invite == NULL);
    mssip_msg_free(sent);
}

int main(void) {
    test_follow();
    test_errors();
    return check_done("interwork_um");
}
