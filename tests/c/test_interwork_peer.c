/* C tests of the peer interworking exports: FQDN discipline (validation, own values
 * rewritten, requests coming back recognised), OPTIONS pings answered with ms-keep-alive,
 * and the liveness helper driven through a full up / down / up cycle by a fake clock;
 * NULLs, refusals and untouched messages byte for byte. */
#include <stdbool.h>

#include "check.h"

static bool has_text(const mssip_msg *m, const char *needle) {
    mssip_bytes b;
    if (mssip_msg_bytes(m, &b) != MSSIP_OK) return false;
    mssip_str s = {(const char *)b.ptr, b.len};
    return check_view_contains(s, needle) != 0;
}

static const char INVITE[] =
    "INVITE sip:alice@contoso.com SIP/2.0\r\n"
    "Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKpbx1\r\n"
    "Via: SIP/2.0/TLS 198.51.100.7:5061;branch=z9hG4bKua\r\n"
    "Record-Route: <sip:192.0.2.10:5061;transport=tls;lr>\r\n"
    "Record-Route: <sip:198.51.100.9;lr>\r\n"
    "Max-Forwards: 69\r\n"
    "From: <sip:+14255550100@pbx.example.net>;tag=1\r\n"
    "To: <sip:alice@contoso.com>\r\n"
    "Call-ID: c1\r\n"
    "CSeq: 1 INVITE\r\n"
    "Contact: <sip:+14255550100@192.0.2.10:5061;transport=tls>\r\n"
    "Content-Length: 0\r\n\r\n";

static const char INVITE_FQDN[] =
    "INVITE sip:alice@contoso.com SIP/2.0\r\n"
    "Via: SIP/2.0/TLS pbx.example.net:5061;branch=z9hG4bKpbx1\r\n"
    "Via: SIP/2.0/TLS 198.51.100.7:5061;branch=z9hG4bKua\r\n"
    "Record-Route: <sip:pbx.example.net:5061;transport=tls;lr>\r\n"
    "Record-Route: <sip:198.51.100.9;lr>\r\n"
    "Max-Forwards: 69\r\n"
    "From: <sip:+14255550100@pbx.example.net>;tag=1\r\n"
    "To: <sip:alice@contoso.com>\r\n"
    "Call-ID: c1\r\n"
    "CSeq: 1 INVITE\r\n"
    "Contact: <sip:+14255550100@pbx.example.net:5061;transport=tls>\r\n"
    "Content-Length: 0\r\n\r\n";

static void test_validate(void) {
    CHECK_OK(mssip_fqdn_validate("pbx.example.net"));
    CHECK_OK(mssip_fqdn_validate("pbx.example.net."));
    CHECK_RC(mssip_fqdn_validate("pbx"), MSSIP_E_BAD_FQDN);
    CHECK_LAST_ERROR_HAS("no dot");
    CHECK_RC(mssip_fqdn_validate("192.0.2.1"), MSSIP_E_BAD_FQDN);
    CHECK_RC(mssip_fqdn_validate("-a.example.net"), MSSIP_E_BAD_FQDN);
    CHECK_RC(mssip_fqdn_validate("a_b.example.net"), MSSIP_E_BAD_FQDN);
    CHECK_RC(mssip_fqdn_validate(NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_fqdn_validate("\xff.example.net"), MSSIP_E_UTF8);
}

static mssip_fqdn *discipline(void) {
    mssip_fqdn *d = NULL;
    CHECK_OK(mssip_fqdn_new("PBX.example.net", 0, 0, &d));
    CHECK_OK(mssip_fqdn_add_address(d, "192.0.2.10", 5061, MSSIP_TRANSPORT_TLS));
    CHECK_OK(mssip_fqdn_add_address(d, "192.0.2.10", 5060, MSSIP_TRANSPORT_TCP));
    CHECK_OK(mssip_fqdn_add_address(d, "2001:db8::10", 5061, MSSIP_TRANSPORT_TLS));
    return d;
}

static void test_fqdn(void) {
    mssip_fqdn *d = NULL;
    CHECK_RC(mssip_fqdn_new("10.0.0.1", 0, 0, &d), MSSIP_E_BAD_FQDN);
    CHECK(d == NULL);
    CHECK_RC(mssip_fqdn_new(NULL, 0, 0, &d), MSSIP_E_NULL);
    CHECK_RC(mssip_fqdn_new("pbx.example.net", 0, 0, NULL), MSSIP_E_NULL);
    d = discipline();
    CHECK_RC(mssip_fqdn_add_address(d, "pbx.example.net", 5060, MSSIP_TRANSPORT_UDP),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_fqdn_add_address(d, "192.0.2.10", 0, MSSIP_TRANSPORT_UDP),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_fqdn_add_address(d, "192.0.2.10", 5060, 7), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_fqdn_add_address(NULL, "192.0.2.10", 5060, 0), MSSIP_E_NULL);
    CHECK_RC(mssip_fqdn_add_address(d, NULL, 5060, 0), MSSIP_E_NULL);
    CHECK_OK(mssip_fqdn_add_alias(d, "pool.example.net"));
    CHECK_RC(mssip_fqdn_add_alias(d, "pool"), MSSIP_E_BAD_FQDN);
    CHECK_RC(mssip_fqdn_add_alias(NULL, "a.b"), MSSIP_E_NULL);

    bool own = false;
    CHECK_OK(mssip_fqdn_is_own_uri(d, "sip:pbx.example.net:5061;transport=tls;lr", &own));
    CHECK(own);
    CHECK_OK(mssip_fqdn_is_own_uri(d, "sips:POOL.example.net", &own));
    CHECK(own);
    CHECK_OK(mssip_fqdn_is_own_uri(d, "sip:192.0.2.10;transport=tcp", &own));
    CHECK(own);
    CHECK_OK(mssip_fqdn_is_own_uri(d, "sip:[2001:db8:0::10]:5061;transport=tls", &own));
    CHECK(own);
    CHECK_OK(mssip_fqdn_is_own_uri(d, "sip:192.0.2.10:5070", &own));
    CHECK(!own);
    CHECK_OK(mssip_fqdn_is_own_uri(d, "sip:gw.example.com", &own));
    CHECK(!own);
    CHECK_OK(mssip_fqdn_is_own_uri(d, "garbage", &own));
    CHECK(!own);
    CHECK_RC(mssip_fqdn_is_own_uri(d, NULL, &own), MSSIP_E_NULL);
    CHECK_RC(mssip_fqdn_is_own_uri(d, "sip:a.b", NULL), MSSIP_E_NULL);

    /* Rewrite: our Via, Record-Route and Contact; the others byte for byte. */
    mssip_msg *m = check_parse(INVITE);
    bool changed = false;
    CHECK_OK(mssip_msg_fqdn_rewrite(d, m, &changed));
    CHECK(changed && check_same_bytes(m, INVITE_FQDN));
    CHECK_OK(mssip_msg_fqdn_rewrite(d, m, &changed));
    CHECK(!changed && check_same_bytes(m, INVITE_FQDN));
    CHECK_OK(mssip_msg_fqdn_rewrite(d, m, NULL));
    CHECK_RC(mssip_msg_fqdn_rewrite(NULL, m, &changed), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_fqdn_rewrite(d, NULL, &changed), MSSIP_E_NULL);
    mssip_msg_free(m);

    /* A BYE coming back to the FQDN form, a request for someone else. */
    static const char BYE[] =
        "BYE sip:bob@10.9.9.9 SIP/2.0\r\n"
        "Via: SIP/2.0/TLS 10.1.1.1;branch=z9hG4bK1\r\n"
        "Route: <sip:Pbx.Example.Net:5061;transport=tls;lr>\r\n"
        "From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: x\r\nCSeq: 2 BYE\r\n"
        "Content-Length: 0\r\n\r\n";
    m = check_parse(BYE);
    uint32_t where = 99;
    CHECK_OK(mssip_fqdn_recognise(d, m, &where));
    CHECK(where == MSSIP_OWN_TOP_ROUTE);
    mssip_msg_free(m);
    m = check_parse(INVITE);
    CHECK_OK(mssip_fqdn_recognise(d, m, &where));
    CHECK(where == MSSIP_OWN_NONE);
    CHECK_RC(mssip_fqdn_recognise(d, NULL, &where), MSSIP_E_NULL);
    CHECK_RC(mssip_fqdn_recognise(d, m, NULL), MSSIP_E_NULL);
    mssip_msg_free(m);
    m = check_parse("OPTIONS sip:pbx.example.net;transport=tcp SIP/2.0\r\nContent-Length: 0\r\n\r\n");
    CHECK_OK(mssip_fqdn_recognise(d, m, &where));
    CHECK(where == MSSIP_OWN_REQUEST_URI);
    mssip_msg_free(m);

    /* Bounds. */
    mssip_fqdn *small = NULL;
    CHECK_OK(mssip_fqdn_new("pbx.example.net", 1, 1, &small));
    CHECK_OK(mssip_fqdn_add_address(small, "192.0.2.1", 5060, MSSIP_TRANSPORT_UDP));
    CHECK_RC(mssip_fqdn_add_address(small, "192.0.2.2", 5060, MSSIP_TRANSPORT_UDP),
             MSSIP_E_PEER_LIMIT);
    CHECK_RC(mssip_fqdn_add_alias(small, "other.example.net"), MSSIP_E_PEER_LIMIT);
    mssip_fqdn_free(small);
    mssip_fqdn_free(d);
    mssip_fqdn_free(NULL);
}

static const char PING[] =
    "OPTIONS sip:pbx.example.net:5061;transport=tls SIP/2.0\r\n"
    "Via: SIP/2.0/TLS 192.0.2.50:50123;branch=z9hG4bKping1\r\n"
    "Max-Forwards: 70\r\n"
    "From: <sip:med.contoso.com>;tag=f1\r\n"
    "To: <sip:pbx.example.net>\r\n"
    "Call-ID: ka-1\r\n"
    "CSeq: 7 OPTIONS\r\n"
    "ms-keep-alive: UAC;hop-hop=yes\r\n"
    "Content-Length: 0\r\n\r\n";

static void test_options(void) {
    mssip_fqdn *d = discipline();
    mssip_msg *req = check_parse(PING);
    bool ping = false;
    CHECK_OK(mssip_msg_is_options_ping(req, d, &ping));
    CHECK(ping);
    CHECK_OK(mssip_msg_is_options_ping(req, NULL, &ping));
    CHECK(ping);
    CHECK_RC(mssip_msg_is_options_ping(NULL, d, &ping), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_is_options_ping(req, d, NULL), MSSIP_E_NULL);

    mssip_keep_alive ka;
    CHECK_OK(mssip_msg_keep_alive(req, &ka));
    CHECK(ka.role == MSSIP_KEEP_ALIVE_UAC && ka.hop_hop == 1 && ka.end_end == -1 &&
          ka.tcp == -1 && !ka.has_timeout);
    CHECK_STR(ka.value, "UAC;hop-hop=yes");
    CHECK_RC(mssip_msg_keep_alive(NULL, &ka), MSSIP_E_NULL);

    mssip_options_answer a;
    CHECK_OK(mssip_options_answer_default(&a));
    CHECK(a.multipart && a.hop_hop && a.keep_alive_timeout == 300);
    a.supported = "ms-dialog-route-set-update";
    a.contact = "sip:pbx.example.net:5061;transport=tls";
    mssip_msg *resp = NULL;
    CHECK_OK(mssip_msg_answer_options(req, &a, &resp));
    CHECK(has_text(resp, "SIP/2.0 200 OK\r\n"));
    CHECK(has_text(resp, "\r\nAllow: INVITE, ACK, CANCEL, BYE, OPTIONS"));
    CHECK(has_text(resp, "\r\nAccept: application/sdp, multipart/alternative\r\n"));
    CHECK(has_text(resp, "\r\nSupported: ms-dialog-route-set-update\r\n"));
    CHECK(has_text(resp, "\r\nContact: <sip:pbx.example.net:5061;transport=tls>\r\n"));
    CHECK(has_text(resp, "\r\nCSeq: 7 OPTIONS\r\n"));
    CHECK(has_text(resp, "\r\nTo: <sip:pbx.example.net>;tag="));
    CHECK_OK(mssip_msg_keep_alive(resp, &ka));
    CHECK(ka.role == MSSIP_KEEP_ALIVE_UAS && ka.hop_hop == 1 && ka.end_end == 0 &&
          ka.tcp == 0 && ka.has_timeout && ka.timeout == 300);
    CHECK_STR(ka.value, "UAS; tcp=no; hop-hop=yes; end-end=no; timeout=300");
    mssip_msg_free(resp);

    /* Defaults (NULL answer), no multipart. */
    resp = NULL;
    CHECK_OK(mssip_msg_answer_options(req, NULL, &resp));
    CHECK(has_text(resp, "\r\nAccept: application/sdp, multipart/alternative\r\n"));
    CHECK(!has_text(resp, "Supported:"));
    mssip_msg_free(resp);
    a.multipart = false;
    a.contact = "not a uri";
    resp = NULL;
    CHECK_RC(mssip_msg_answer_options(req, &a, &resp), MSSIP_E_INVALID_ARGUMENT);
    CHECK(resp == NULL);
    a.contact = NULL;
    CHECK_OK(mssip_msg_answer_options(req, &a, &resp));
    CHECK(has_text(resp, "\r\nAccept: application/sdp\r\n"));
    mssip_msg_free(resp);
    CHECK_RC(mssip_msg_answer_options(NULL, &a, &resp), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_answer_options(req, &a, NULL), MSSIP_E_NULL);

    /* Not an OPTIONS. */
    mssip_msg *inv = check_parse(INVITE);
    resp = NULL;
    CHECK_RC(mssip_msg_answer_options(inv, &a, &resp), MSSIP_E_NOT_OPTIONS);
    CHECK_OK(mssip_msg_is_options_ping(inv, d, &ping));
    CHECK(!ping);
    CHECK_RC(mssip_msg_keep_alive(inv, &ka), MSSIP_E_NOT_FOUND);

    /* The keep-alive answer on any response. */
    mssip_msg *ok = NULL;
    CHECK_OK(mssip_msg_new_response(req, 200, NULL, "t", &ok));
    bool added = false;
    CHECK_OK(mssip_msg_add_keep_alive_answer(ok, req, NULL, &added));
    CHECK(added);
    CHECK_OK(mssip_msg_add_keep_alive_answer(ok, req, NULL, &added));
    CHECK(!added);
    CHECK_RC(mssip_msg_add_keep_alive_answer(ok, ok, NULL, &added), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_add_keep_alive_answer(NULL, req, NULL, &added), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_add_keep_alive_answer(ok, NULL, NULL, &added), MSSIP_E_NULL);
    mssip_msg_free(ok);

    /* A malformed ms-keep-alive. */
    mssip_msg *bad = check_parse("OPTIONS sip:pbx.example.net SIP/2.0\r\nms-keep-alive: UAX\r\n"
                           "Content-Length: 0\r\n\r\n");
    CHECK_RC(mssip_msg_keep_alive(bad, &ka), MSSIP_E_BAD_KEEP_ALIVE);
    mssip_msg_free(bad);
    mssip_msg_free(inv);
    mssip_msg_free(req);
    mssip_fqdn_free(d);
}

/* Takes every queued action; returns the number taken and copies out what was seen. */
typedef struct {
    int probes, arms, ups, downs;
    uint64_t last_arm;
    mssip_msg *probe; /* a copy of the last probe */
} seen;

static void drain(mssip_liveness *lv, seen *s) {
    memset(s, 0, sizeof *s);
    mssip_liveness_action a;
    mssip_result rc;
    while ((rc = mssip_liveness_next_action(lv, &a)) == MSSIP_OK) {
        switch (a.kind) {
        case MSSIP_LIVENESS_SEND_PROBE: {
            s->probes++;
            CHECK(a.msg != NULL);
            mssip_bytes b;
            CHECK_OK(mssip_msg_bytes(a.msg, &b));
            if (s->probe) mssip_msg_free(s->probe);
            s->probe = NULL;
            CHECK_OK(mssip_msg_parse(b.ptr, b.len, &s->probe));
            break;
        }
        case MSSIP_LIVENESS_ARM_TIMER:
            s->arms++;
            s->last_arm = a.at_ms;
            CHECK(a.msg == NULL);
            break;
        case MSSIP_LIVENESS_PEER_UP:
            s->ups++;
            break;
        case MSSIP_LIVENESS_PEER_DOWN:
            s->downs++;
            break;
        }
    }
    CHECK(rc == MSSIP_E_NOT_FOUND);
}

static void answer(mssip_liveness *lv, const mssip_msg *probe, uint16_t code, uint64_t now,
                   uint32_t want_outcome, mssip_result want) {
    mssip_msg *resp = NULL;
    CHECK_OK(mssip_msg_new_response(probe, code, NULL, "gw", &resp));
    uint32_t outcome = 0, peer = 0;
    CHECK_RC(mssip_liveness_on_response(lv, resp, now, &outcome, &peer), want);
    if (want == MSSIP_OK) CHECK(outcome == want_outcome && peer == 1);
    mssip_msg_free(resp);
}

static void test_liveness(void) {
    mssip_liveness *lv = NULL;
    CHECK_RC(mssip_liveness_new("tel:+1", "pbx.example.net", 0, &lv), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_liveness_new(NULL, "pbx.example.net", 0, &lv), MSSIP_E_NULL);
    CHECK_RC(mssip_liveness_new("sip:pbx.example.net", NULL, 0, &lv), MSSIP_E_NULL);
    CHECK_RC(mssip_liveness_new("sip:pbx.example.net", "pbx.example.net", 0, NULL),
             MSSIP_E_NULL);
    CHECK_OK(mssip_liveness_new("sip:pbx.example.net", "pbx.example.net:5061", 1, &lv));

    mssip_liveness_peer p = {"sip:gw1.example.com:5061;transport=tls", MSSIP_TRANSPORT_TLS,
                             30000, 5000, 2, 1};
    mssip_liveness_peer badp = p;
    badp.interval_ms = 0;
    CHECK_RC(mssip_liveness_add_peer(lv, &badp, 0, NULL), MSSIP_E_INVALID_ARGUMENT);
    badp = p;
    badp.transport = 9;
    CHECK_RC(mssip_liveness_add_peer(lv, &badp, 0, NULL), MSSIP_E_INVALID_ARGUMENT);
    badp = p;
    badp.uri = NULL;
    CHECK_RC(mssip_liveness_add_peer(lv, &badp, 0, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_liveness_add_peer(lv, NULL, 0, NULL), MSSIP_E_NULL);
    uint32_t id = 0;
    CHECK_OK(mssip_liveness_add_peer(lv, &p, 0, &id));
    CHECK(id == 1);
    CHECK_RC(mssip_liveness_add_peer(lv, &p, 0, NULL), MSSIP_E_PEER_LIMIT);

    uint32_t state = 99;
    CHECK_OK(mssip_liveness_peer_state(lv, id, &state));
    CHECK(state == MSSIP_PEER_UNKNOWN);
    CHECK_RC(mssip_liveness_peer_state(lv, 42, &state), MSSIP_E_UNKNOWN_PEER);
    CHECK_RC(mssip_liveness_peer_state(lv, id, NULL), MSSIP_E_NULL);

    /* t=0: first probe, timer at its timeout. The 200 brings the peer up. */
    seen s = {0};
    CHECK_OK(mssip_liveness_poll(lv, 0));
    drain(lv, &s);
    CHECK(s.probes == 1 && s.arms == 1 && s.last_arm == 5000);
    mssip_msg *probe = s.probe;
    CHECK(has_text(probe, "OPTIONS sip:gw1.example.com:5061;transport=tls SIP/2.0\r\n"));
    CHECK(has_text(probe, "\r\nVia: SIP/2.0/TLS pbx.example.net:5061;branch=z9hG4bK"));
    CHECK(has_text(probe, "\r\nCSeq: 1 OPTIONS\r\n"));
    answer(lv, probe, 100, 10, MSSIP_PROBE_PROVISIONAL, MSSIP_OK);
    answer(lv, probe, 200, 20, MSSIP_PROBE_ALIVE, MSSIP_OK);
    drain(lv, &s);
    CHECK(s.ups == 1 && s.arms == 1 && s.last_arm == 30000);
    CHECK_OK(mssip_liveness_peer_state(lv, id, &state));
    CHECK(state == MSSIP_PEER_UP);
    /* The same 200 again matches no probe. */
    answer(lv, probe, 200, 21, 0, MSSIP_E_NO_PROBE);
    mssip_msg_free(probe);

    /* t=30 s: probe 2 never answered (timer at 35 s): one failure, still up. */
    CHECK_OK(mssip_liveness_poll(lv, 30000));
    drain(lv, &s);
    CHECK(s.probes == 1 && s.last_arm == 35000);
    probe = s.probe;
    CHECK(has_text(probe, "\r\nCSeq: 2 OPTIONS\r\n"));
    CHECK_OK(mssip_liveness_poll(lv, 35000));
    drain(lv, &s);
    CHECK(s.downs == 0 && s.probes == 0 && s.last_arm == 60000);
    answer(lv, probe, 200, 36000, 0, MSSIP_E_NO_PROBE);
    mssip_msg_free(probe);

    /* t=60 s: probe 3 hits a transaction timeout: second failure, down. */
    CHECK_OK(mssip_liveness_poll(lv, 60000));
    drain(lv, &s);
    CHECK(s.probes == 1);
    mssip_msg_free(s.probe);
    CHECK_OK(mssip_liveness_on_probe_timeout(lv, id, 60100));
    drain(lv, &s);
    CHECK(s.downs == 1 && s.last_arm == 90000);
    CHECK_OK(mssip_liveness_peer_state(lv, id, &state));
    CHECK(state == MSSIP_PEER_DOWN);
    CHECK_RC(mssip_liveness_on_probe_timeout(lv, id, 60200), MSSIP_E_NO_PROBE);
    CHECK_RC(mssip_liveness_on_probe_timeout(lv, 42, 60200), MSSIP_E_UNKNOWN_PEER);

    /* t=90 s: a 503 keeps it down; t=120 s: a 404 is an answer, up again. */
    CHECK_OK(mssip_liveness_poll(lv, 90000));
    drain(lv, &s);
    probe = s.probe;
    answer(lv, probe, 503, 90010, MSSIP_PROBE_FAILED, MSSIP_OK);
    mssip_msg_free(probe);
    drain(lv, &s);
    CHECK(s.downs == 0 && s.ups == 0);
    CHECK_OK(mssip_liveness_poll(lv, 120000));
    drain(lv, &s);
    probe = s.probe;
    answer(lv, probe, 404, 120010, MSSIP_PROBE_ALIVE, MSSIP_OK);
    drain(lv, &s);
    CHECK(s.ups == 1);

    /* A request is not a response; NULLs; remove. */
    CHECK_RC(mssip_liveness_on_response(lv, probe, 1, NULL, NULL), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_liveness_on_response(lv, NULL, 1, NULL, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_liveness_on_response(NULL, probe, 1, NULL, NULL), MSSIP_E_NULL);
    mssip_msg_free(probe);
    mssip_liveness_action a;
    CHECK_RC(mssip_liveness_next_action(lv, &a), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_liveness_next_action(lv, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_liveness_next_action(NULL, &a), MSSIP_E_NULL);
    CHECK_RC(mssip_liveness_poll(NULL, 0), MSSIP_E_NULL);
    CHECK_OK(mssip_liveness_remove_peer(lv, id));
    CHECK_RC(mssip_liveness_remove_peer(lv, id), MSSIP_E_UNKNOWN_PEER);
    CHECK_RC(mssip_liveness_remove_peer(NULL, id), MSSIP_E_NULL);

    /* A probe left lent in the queue is freed with the helper. */
    CHECK_OK(mssip_liveness_add_peer(lv, &p, 200000, &id));
    CHECK(id == 2);
    CHECK_OK(mssip_liveness_poll(lv, 200000));
    CHECK_OK(mssip_liveness_next_action(lv, &a));
    CHECK(a.kind == MSSIP_LIVENESS_SEND_PROBE && a.peer == 2 && a.msg != NULL);
    mssip_liveness_free(lv);
    mssip_liveness_free(NULL);
}

typedef struct {
    mssip_liveness *lv;
    int probes, arms, ups, downs;
    int fail_on_arm;
    mssip_result reentrant;
    mssip_msg *probe; /* a copy of the last probe */
} host;

static int on_send(void *ctx, uint32_t peer, const mssip_msg *probe) {
    host *h = ctx;
    h->probes++;
    CHECK(peer == 1 && probe != NULL);
    /* A call back into the same helper is refused. */
    h->reentrant = mssip_liveness_poll(h->lv, 0);
    mssip_bytes b;
    CHECK_OK(mssip_msg_bytes(probe, &b));
    if (h->probe) mssip_msg_free(h->probe);
    h->probe = NULL;
    CHECK_OK(mssip_msg_parse(b.ptr, b.len, &h->probe));
    return 0;
}

static int on_arm(void *ctx, uint64_t at_ms) {
    host *h = ctx;
    h->arms++;
    (void)at_ms;
    return h->fail_on_arm ? 7 : 0;
}

static int on_peer(void *ctx, uint32_t peer, bool up) {
    host *h = ctx;
    CHECK(peer == 1);
    if (up) h->ups++;
    else h->downs++;
    return 0;
}

static void test_liveness_callbacks(void) {
    mssip_liveness *lv = NULL;
    CHECK_OK(mssip_liveness_new("sip:pbx.example.net", "pbx.example.net", 0, &lv));
    host h = {0};
    h.lv = lv;
    mssip_liveness_callbacks cb = {&h, on_send, on_arm, on_peer};
    mssip_liveness_callbacks no_send = cb;
    no_send.send_probe = NULL;
    CHECK_RC(mssip_liveness_set_callbacks(lv, &no_send), MSSIP_E_NULL);
    CHECK_RC(mssip_liveness_set_callbacks(NULL, &cb), MSSIP_E_NULL);
    mssip_liveness_peer p = {"sip:gw1.example.com", MSSIP_TRANSPORT_UDP, 1000, 500, 1, 1};
    CHECK_OK(mssip_liveness_add_peer(lv, &p, 0, NULL));
    CHECK_OK(mssip_liveness_poll(lv, 0));
    /* The queued probe and timer are delivered when the callbacks are set. */
    CHECK_OK(mssip_liveness_set_callbacks(lv, &cb));
    CHECK(h.probes == 1 && h.arms == 1 && h.reentrant == MSSIP_E_REENTRANT);
    mssip_liveness_action a;
    CHECK_RC(mssip_liveness_next_action(lv, &a), MSSIP_E_NOT_FOUND);
    answer(lv, h.probe, 200, 10, MSSIP_PROBE_ALIVE, MSSIP_OK);
    CHECK(h.ups == 1 && h.arms == 2);
    /* Timeout at 1.5 s: down (threshold 1), then the failing timer callback stops the
     * delivery. */
    CHECK_OK(mssip_liveness_poll(lv, 1000));
    CHECK(h.probes == 2);
    h.fail_on_arm = 1;
    CHECK_RC(mssip_liveness_poll(lv, 1500), MSSIP_E_CALLBACK);
    CHECK(h.downs == 1);
    h.fail_on_arm = 0;
    /* Back to draining: the probe of 2 s waits in the queue. */
    CHECK_OK(mssip_liveness_set_callbacks(lv, NULL));
    CHECK_OK(mssip_liveness_poll(lv, 2000));
    CHECK(h.probes == 2);
    CHECK_OK(mssip_liveness_next_action(lv, &a));
    CHECK(a.kind == MSSIP_LIVENESS_SEND_PROBE && a.msg != NULL);
    CHECK_OK(mssip_liveness_next_action(lv, &a));
    CHECK(a.kind == MSSIP_LIVENESS_ARM_TIMER && a.at_ms == 2500);
    CHECK_RC(mssip_liveness_next_action(lv, &a), MSSIP_E_NOT_FOUND);
    if (h.probe) mssip_msg_free(h.probe);
    mssip_liveness_free(lv);
}

int main(void) {
    test_validate();
    test_fqdn();
    test_options();
    test_liveness();
    test_liveness_callbacks();
    return check_done("interwork_peer");
}
