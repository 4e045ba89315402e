/* Proxy targets (MS-SIPRE 3.2.5.3, 3.4.5.2): forking to a registered AOR with the Path as
 * Route and the To epid, the NOTIFY of MS-SIPRE 4.9 to a GRUU (grid inserted), 404 and 480
 * with their responses, NULLs and errors. */
#include "check.h"

#define ALICE_GRUU "sip:alice@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA"
#define CONTACT_4_9 \
    "sip:192.0.2.1:18168;transport=tls;ms-opaque=7eacdda82d;ms-received-cid=7C9B00"

static mssip_registrar *registered(void) {
    mssip_registrar *reg = NULL;
    CHECK_OK(mssip_registrar_new("contoso.com", &reg));
    mssip_msg *req = check_parse(
        "REGISTER sip:contoso.com SIP/2.0\r\n"
        "Via: SIP/2.0/TLS 192.0.2.1:18168;branch=z9hG4bK1\r\n"
        "From: <sip:alice@contoso.com>;tag=1;epid=01010101\r\n"
        "To: <sip:alice@contoso.com>\r\nCall-ID: reg1\r\nCSeq: 1 REGISTER\r\n"
        "Path: <sip:edge.contoso.com;lr>\r\n"
        "Contact: <" CONTACT_4_9 ">;+sip.instance=\"<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>\"\r\n"
        "Content-Length: 0\r\n\r\n");
    mssip_peer peer = {MSSIP_TRANSPORT_TLS, "192.0.2.1", 18168, 0x7C9B00};
    mssip_msg *resp = NULL;
    CHECK_OK(mssip_registrar_process(reg, req, &peer, 0, &resp));
    uint16_t status = 0;
    mssip_msg_status(resp, &status);
    CHECK(status == 200);
    mssip_msg_free(resp);
    mssip_msg_free(req);
    return reg;
}

static mssip_msg *request(const char *method, const char *ruri, const char *to, const char *extra) {
    char text[1024];
    snprintf(text, sizeof text,
             "%s %s SIP/2.0\r\nVia: SIP/2.0/TLS 192.0.2.2:5061;branch=z9hG4bK9\r\n"
             "Max-Forwards: 70\r\nFrom: <sip:bob@contoso.com>;tag=b1\r\nTo: %s\r\n"
             "Call-ID: call1\r\nCSeq: 1 %s\r\n%sContent-Length: 0\r\n\r\n",
             method, ruri, to, method, extra);
    return check_parse(text);
}

static void test_aor(void) {
    mssip_registrar *reg = registered();
    mssip_msg *inv = request("INVITE", "sip:alice@contoso.com", "<sip:alice@contoso.com>", "");
    mssip_targets *t = NULL;
    CHECK_OK(mssip_registrar_targets(reg, inv, 10, &t));
    uint16_t status = 99;
    mssip_str reason = check_sentinel_str();
    CHECK_OK(mssip_targets_status(t, &status, &reason));
    CHECK(status == 0 && reason.len == 0);
    size_t n = 0;
    CHECK_OK(mssip_targets_count(t, &n));
    CHECK(n == 1);
    mssip_target one;
    CHECK_OK(mssip_targets_get(t, 0, &one));
    CHECK_STR(one.uri, CONTACT_4_9);
    CHECK(one.conn_id == 0x7C9B00 && one.route_len == 1 && one.set_to_epid);
    CHECK_STR(one.epid, "01010101");
    CHECK_STR(one.gruu, ALICE_GRUU);
    mssip_str route;
    CHECK_OK(mssip_targets_route(t, 0, 0, &route));
    CHECK_STR(route, "<sip:edge.contoso.com;lr>");
    CHECK_RC(mssip_targets_route(t, 0, 1, &route), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_targets_get(t, 1, &one), MSSIP_E_NOT_FOUND);

    /* The copy to send: new Request-URI, the Path as Route, the epid in To (3.2.5.3). */
    mssip_msg *fwd = NULL;
    CHECK_OK(mssip_targets_request(t, 0, inv, &fwd));
    mssip_str v;
    CHECK_OK(mssip_msg_request_uri(fwd, &v));
    CHECK_STR(v, CONTACT_4_9);
    CHECK_OK(mssip_msg_header(fwd, "Route", 0, &v));
    CHECK_STR(v, "<sip:edge.contoso.com;lr>");
    CHECK_OK(mssip_msg_header(fwd, "To", 0, &v));
    CHECK_STR(v, "<sip:alice@contoso.com>;epid=01010101");
    mssip_msg_free(fwd);
    CHECK_RC(mssip_targets_request(t, 3, inv, &fwd), MSSIP_E_NOT_FOUND);
    mssip_msg *resp = NULL;
    CHECK_RC(mssip_targets_response(t, inv, &resp), MSSIP_E_NOT_FOUND);
    CHECK(resp == NULL);
    mssip_targets_free(t);
    mssip_msg_free(inv);

    /* Another To epid: no record is left, 480 and its response. */
    inv = request("INVITE", "sip:alice@contoso.com", "<sip:alice@contoso.com>;epid=02020202", "");
    CHECK_OK(mssip_registrar_targets(reg, inv, 10, &t));
    CHECK_OK(mssip_targets_status(t, &status, &reason));
    CHECK(status == 480);
    CHECK_STR(reason, "Temporarily Unavailable");
    CHECK_OK(mssip_targets_count(t, &n));
    CHECK(n == 0);
    CHECK_OK(mssip_targets_response(t, inv, &resp));
    CHECK_OK(mssip_msg_status(resp, &status));
    CHECK(status == 480);
    CHECK_OK(mssip_msg_header(resp, "To", 0, &v));
    CHECK(check_view_contains(v, ";tag="));
    mssip_msg_free(resp);
    mssip_targets_free(t);
    mssip_msg_free(inv);
    mssip_registrar_free(reg);
}

static void test_gruu(void) {
    mssip_registrar *reg = registered();
    /* MS-SIPRE 4.9: the NOTIFY to the GRUU gets the Contact with grid (printed with spaces
     * where its line was wrapped). A Route is left, so no Path is added. */
    mssip_msg *notify = request("NOTIFY", ALICE_GRUU, "<sip:alice@contoso.com>;tag=a1",
                                "Route: <sip:proxy.contoso.com;lr>\r\n");
    mssip_targets *t = NULL;
    CHECK_OK(mssip_registrar_targets(reg, notify, 10, &t));
    mssip_target one;
    CHECK_OK(mssip_targets_get(t, 0, &one));
    CHECK_STR(one.uri, CONTACT_4_9 ";grid");
    CHECK(one.route_len == 0);
    mssip_msg *fwd = NULL;
    CHECK_OK(mssip_targets_request(t, 0, notify, &fwd));
    mssip_str v;
    CHECK_OK(mssip_msg_request_uri(fwd, &v));
    CHECK_STR(v, "sip:192.0.2.1:18168;transport=tls;ms-opaque=7eacdda82d;ms-received-cid=7C9B00;grid");
    mssip_msg_free(fwd);
    mssip_targets_free(t);
    mssip_msg_free(notify);

    /* A grid value is copied. */
    mssip_msg *inv = request("INVITE", ALICE_GRUU ";grid=a1b2", "<sip:alice@contoso.com>", "");
    CHECK_OK(mssip_registrar_targets(reg, inv, 10, &t));
    CHECK_OK(mssip_targets_get(t, 0, &one));
    CHECK_STR(one.uri, CONTACT_4_9 ";grid=a1b2");
    CHECK(one.route_len == 1); /* no Route left: the Path */
    mssip_targets_free(t);
    mssip_msg_free(inv);

    /* Unknown GRUU: 404; known but not registered: 480. */
    uint16_t status = 0;
    mssip_str reason;
    inv = request("INVITE", "sip:alice@contoso.com;gruu;opaque=user:epid:bogus",
                  "<sip:alice@contoso.com>", "");
    CHECK_OK(mssip_registrar_targets(reg, inv, 10, &t));
    CHECK_OK(mssip_targets_status(t, &status, &reason));
    CHECK(status == 404);
    CHECK_STR(reason, "Unknown GRUU");
    mssip_msg *resp = NULL;
    CHECK_OK(mssip_targets_response(t, inv, &resp));
    CHECK_OK(mssip_msg_status(resp, &status));
    CHECK(status == 404);
    mssip_msg_free(resp);
    mssip_targets_free(t);
    mssip_msg_free(inv);
    inv = request("INVITE", "sip:bob@contoso.com;gruu;opaque=user:epid:uVUjrngkI1-wHVm3r2esBAAA",
                  "<sip:bob@contoso.com>", "");
    CHECK_OK(mssip_registrar_targets(reg, inv, 10, &t));
    CHECK_OK(mssip_targets_status(t, &status, &reason));
    CHECK(status == 480);
    mssip_targets_free(t);
    mssip_msg_free(inv);
    mssip_registrar_free(reg);
}

static void test_errors(void) {
    mssip_registrar *reg = registered();
    mssip_targets *t = NULL;
    mssip_msg *away = request("INVITE", "sip:alice@fabrikam.com", "<sip:alice@fabrikam.com>", "");
    CHECK_RC(mssip_registrar_targets(reg, away, 0, &t), MSSIP_E_NOT_LOCAL);
    CHECK_LAST_ERROR_HAS("domain");
    mssip_msg *resp = check_parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n"
                                  "Content-Length: 0\r\n\r\n");
    CHECK_RC(mssip_registrar_targets(reg, resp, 0, &t), MSSIP_E_WRONG_KIND);
    CHECK(t == NULL);
    CHECK_RC(mssip_registrar_targets(NULL, away, 0, &t), MSSIP_E_NULL);
    CHECK_RC(mssip_registrar_targets(reg, NULL, 0, &t), MSSIP_E_NULL);
    CHECK_RC(mssip_registrar_targets(reg, away, 0, NULL), MSSIP_E_NULL);

    mssip_msg *inv = request("INVITE", "sip:alice@contoso.com", "<sip:alice@contoso.com>", "");
    CHECK_OK(mssip_registrar_targets(reg, inv, 0, &t));
    uint16_t status;
    mssip_str s;
    size_t n;
    mssip_target one;
    mssip_msg *out = NULL;
    CHECK_RC(mssip_targets_status(NULL, &status, &s), MSSIP_E_NULL);
    CHECK_RC(mssip_targets_status(t, NULL, &s), MSSIP_E_NULL);
    CHECK_RC(mssip_targets_status(t, &status, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_targets_count(NULL, &n), MSSIP_E_NULL);
    CHECK_RC(mssip_targets_count(t, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_targets_get(NULL, 0, &one), MSSIP_E_NULL);
    CHECK_RC(mssip_targets_get(t, 0, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_targets_route(NULL, 0, 0, &s), MSSIP_E_NULL);
    CHECK_RC(mssip_targets_route(t, 0, 0, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_targets_request(NULL, 0, inv, &out), MSSIP_E_NULL);
    CHECK_RC(mssip_targets_request(t, 0, NULL, &out), MSSIP_E_NULL);
    CHECK_RC(mssip_targets_request(t, 0, inv, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_targets_response(NULL, inv, &out), MSSIP_E_NULL);
    CHECK_RC(mssip_targets_response(t, NULL, &out), MSSIP_E_NULL);
    CHECK_RC(mssip_targets_response(t, inv, NULL), MSSIP_E_NULL);
    CHECK(out == NULL);
    mssip_targets_free(t);
    mssip_targets_free(NULL);
    mssip_msg_free(inv);
    mssip_msg_free(resp);
    mssip_msg_free(away);
    mssip_registrar_free(reg);
}

int main(void) {
    test_aor();
    test_gruu();
    test_errors();
    return check_done("test_targets");
}
