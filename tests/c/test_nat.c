/* NAT traversal (MS-SIPRE 3.5): mssip_nat_process / _with on the example of 4.4 byte for
 * byte, rejections with their 400, discards, options, the user agent's proxy=replace, the
 * connection table (ids that never repeat, lookup, close, limits, threads) and the text form
 * of connection ids; error paths and NULLs of every call. */
#include <pthread.h>

#include "check.h"

/* MS-SIPRE 4.4 in wire form (the printed space after each ';' is typesetting). */
#define REG_4_4                                                                              \
    "REGISTER sip:contoso.com SIP/2.0\r\n"                                                   \
    "From: <sip:alice@contoso.com>;tag=33975904fc;epid=01010101\r\n"                         \
    "To: <sip:alice@contoso.com>\r\n"                                                        \
    "Call-ID: 21c7d6e384c249afac26e3f3016140a6\r\n"                                          \
    "CSeq: 88 REGISTER\r\n"                                                                  \
    "Via: SIP/2.0/TLS 192.0.2.1:27221\r\n"                                                   \
    "Contact: <sip:192.0.2.1:27221;transport=tls;ms-opaque=29c344caf9>;methods=\"INVITE, "   \
    "MESSAGE, INFO, OPTIONS, BYE, CANCEL, NOTIFY, ACK, REFER, BENOTIFY\";proxy=replace;"     \
    "+sip.instance=\"<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>\"\r\n"                  \
    "\r\n"

#define REG_4_4_PROCESSED                                                                    \
    "REGISTER sip:contoso.com SIP/2.0\r\n"                                                   \
    "From: <sip:alice@contoso.com>;tag=33975904fc;epid=01010101\r\n"                         \
    "To: <sip:alice@contoso.com>\r\n"                                                        \
    "Call-ID: 21c7d6e384c249afac26e3f3016140a6\r\n"                                          \
    "CSeq: 88 REGISTER\r\n"                                                                  \
    "Via: SIP/2.0/TLS 192.0.2.1:27221;received=192.168.0.2;ms-received-port=1201;"           \
    "ms-received-cid=3540900\r\n"                                                            \
    "Contact: <sip:192.168.0.2:1201;transport=tls;ms-opaque=29c344caf9;"                     \
    "ms-received-cid=3540900>;methods=\"INVITE, MESSAGE, INFO, OPTIONS, BYE, CANCEL, "       \
    "NOTIFY, ACK, REFER, BENOTIFY\";+sip.instance="                                          \
    "\"<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>\"\r\n"                                \
    "\r\n"

#define INVITE_2_VIAS                                                                        \
    "INVITE sip:bob@contoso.com SIP/2.0\r\n"                                                 \
    "Via: SIP/2.0/TLS 10.0.0.7:5061;branch=z9hG4bK1\r\n"                                     \
    "Via: SIP/2.0/TLS 10.0.0.1:5061;branch=z9hG4bK0\r\n"                                     \
    "From: <sip:alice@contoso.com>;tag=1\r\n"                                                \
    "To: <sip:bob@contoso.com>\r\n"                                                          \
    "Call-ID: c1\r\n"                                                                        \
    "CSeq: 1 INVITE\r\n"                                                                     \
    "Contact: <sip:10.0.0.7:5061;transport=tls>;proxy=replace\r\n"                           \
    "Content-Length: 0\r\n\r\n"

#define OK_200                                                                               \
    "SIP/2.0 200 OK\r\n"                                                                     \
    "Via: SIP/2.0/TLS edge.contoso.com:5061;branch=z9hG4bKedge\r\n"                          \
    "Via: SIP/2.0/TLS 192.0.2.30:5061;branch=z9hG4bKfar;ms-received-cid=7C9B00\r\n"          \
    "From: <sip:carol@contoso.com>;tag=9\r\n"                                                \
    "To: <sip:bob@contoso.com>;tag=8\r\n"                                                    \
    "Call-ID: c2\r\n"                                                                        \
    "CSeq: 1 INVITE\r\n"                                                                     \
    "Contact: <sip:10.0.0.9:5061;transport=tls>;proxy=replace\r\n"                           \
    "Content-Length: 0\r\n\r\n"

static mssip_peer peer_4_4(void) {
    mssip_peer p = {MSSIP_TRANSPORT_TLS, "192.168.0.2", 1201, 0x3540900};
    return p;
}

static void test_section_4_4(void) {
    mssip_msg *msg = check_parse(REG_4_4);
    mssip_peer peer = peer_4_4();
    mssip_nat_verdict v = MSSIP_NAT_DISCARD;
    CHECK_OK(mssip_nat_process(msg, &peer, &v));
    CHECK(v == MSSIP_NAT_FORWARD);
    char *wire = check_serialize(msg);
    CHECK(strcmp(wire, REG_4_4_PROCESSED) == 0);
    free(wire);

    uint64_t id = 0;
    CHECK_OK(mssip_nat_via_conn_id(msg, 0, &id));
    CHECK(id == 0x3540900);
    mssip_str contact = check_sentinel_str();
    CHECK_OK(mssip_msg_header(msg, "Contact", 0, &contact));
    char buf[512];
    CHECK(contact.len < sizeof buf);
    memcpy(buf, contact.ptr, contact.len);
    buf[contact.len] = '\0';
    id = 0;
    CHECK_OK(mssip_nat_uri_conn_id(buf, &id));
    CHECK(id == 0x3540900);
    mssip_msg_free(msg);
}

/* The top Via folded over three lines (RFC 4475 3.1.1.1 wsinv.dat shape): the stamp goes on
 * and every line break stays. */
#define FOLDED_VIA_HEAD                                                                      \
    "OPTIONS sip:a@contoso.com SIP/2.0\r\n"                                                  \
    "Via  : SIP  /   2.0\r\n /UDP\r\n    192.0.2.2;branch=390skdjuw"
#define FOLDED_VIA_TAIL                                                                      \
    "\r\nTo: <sip:a@contoso.com>\r\nFrom: <sip:b@contoso.com>;tag=1\r\nCall-ID: f\r\n"        \
    "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"

static void test_folded_via(void) {
    mssip_msg *msg = check_parse(FOLDED_VIA_HEAD FOLDED_VIA_TAIL);
    mssip_peer peer = {MSSIP_TRANSPORT_TCP, "198.51.100.7", 40112, 0x1D8AF00};
    mssip_nat_verdict v = MSSIP_NAT_DISCARD;
    CHECK_OK(mssip_nat_process(msg, &peer, &v));
    CHECK(v == MSSIP_NAT_FORWARD);
    char *wire = check_serialize(msg);
    CHECK(strcmp(wire, FOLDED_VIA_HEAD
                 ";received=198.51.100.7;ms-received-port=40112;ms-received-cid=1D8AF00"
                 FOLDED_VIA_TAIL) == 0);
    free(wire);
    uint64_t id = 0;
    CHECK_OK(mssip_nat_via_conn_id(msg, 0, &id));
    CHECK(id == 0x1D8AF00);
    mssip_msg_free(msg);
}

static void test_reject_with_400(void) {
    mssip_msg *msg = check_parse(INVITE_2_VIAS);
    mssip_peer peer = peer_4_4();
    mssip_nat_verdict v = MSSIP_NAT_FORWARD;
    mssip_msg *resp = (mssip_msg *)&v; /* must be overwritten */
    CHECK_OK(mssip_nat_process_with(msg, &peer, NULL, &v, &resp));
    CHECK(v == MSSIP_NAT_REJECT);
    CHECK(resp != NULL && resp != (mssip_msg *)&v);
    uint16_t status = 0;
    CHECK_OK(mssip_msg_status(resp, &status));
    CHECK(status == 400);
    size_t vias = 0;
    CHECK_OK(mssip_msg_header_count(resp, "Via", &vias));
    CHECK(vias == 2);
    mssip_msg_free(resp);
    /* The rejected request is unchanged. */
    char *wire = check_serialize(msg);
    CHECK(strcmp(wire, INVITE_2_VIAS) == 0);
    free(wire);
    /* The pinned call gives the same verdict. */
    v = MSSIP_NAT_FORWARD;
    CHECK_OK(mssip_nat_process(msg, &peer, &v));
    CHECK(v == MSSIP_NAT_REJECT);
    mssip_msg_free(msg);

    /* proxy with another value, and a transport that is not the connection's. */
    msg = check_parse("OPTIONS sip:a@contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS 10.0.0.7;branch=z9hG4bK1\r\n"
                      "To: <sip:a@contoso.com>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n"
                      "Contact: <sip:10.0.0.7;transport=tcp>;proxy=replace\r\n\r\n");
    resp = NULL;
    CHECK_OK(mssip_nat_process_with(msg, &peer, NULL, &v, &resp));
    CHECK(v == MSSIP_NAT_REJECT && resp != NULL);
    mssip_msg_free(resp);
    mssip_msg_free(msg);
    /* No To: no 400 can be built, the request is discarded. */
    msg = check_parse("OPTIONS sip:a@contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS 10.0.0.7;branch=z9hG4bK1\r\n"
                      "Contact: <sip:10.0.0.7>;proxy=keep\r\n\r\n");
    resp = (mssip_msg *)&v;
    CHECK_OK(mssip_nat_process_with(msg, &peer, NULL, &v, &resp));
    CHECK(v == MSSIP_NAT_DISCARD && resp == NULL);
    mssip_msg_free(msg);
}

static void test_responses(void) {
    mssip_peer peer = {MSSIP_TRANSPORT_TLS, "198.51.100.9", 3333, 0xB0B};
    mssip_nat_options opts;
    CHECK_OK(mssip_nat_options_default(&opts));
    CHECK(!opts.response_relayed && !opts.skip_via_stamp && opts.record_route == NULL);

    /* Straight from the user agent: rewritten, no Via stamp. */
    mssip_msg *msg = check_parse(OK_200);
    mssip_nat_verdict v = MSSIP_NAT_DISCARD;
    mssip_msg *resp = (mssip_msg *)&v;
    CHECK_OK(mssip_nat_process_with(msg, &peer, &opts, &v, &resp));
    CHECK(v == MSSIP_NAT_FORWARD && resp == NULL);
    mssip_str s = check_sentinel_str();
    CHECK_OK(mssip_msg_header(msg, "Contact", 0, &s));
    CHECK_STR(s, "<sip:198.51.100.9:3333;transport=tls;ms-received-cid=B0B>");
    CHECK_OK(mssip_msg_header(msg, "Via", 0, &s));
    CHECK_STR(s, "SIP/2.0/TLS edge.contoso.com:5061;branch=z9hG4bKedge");
    /* The Via below the proxy's names the connection to send the response over. */
    uint64_t id = 0;
    CHECK_OK(mssip_nat_via_conn_id(msg, 1, &id));
    CHECK(id == 0x7C9B00);
    CHECK_RC(mssip_nat_via_conn_id(msg, 0, &id), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_nat_via_conn_id(msg, 2, &id), MSSIP_E_NOT_FOUND);
    mssip_msg_free(msg);

    /* Relayed by another server: discarded, unchanged. */
    msg = check_parse(OK_200);
    opts.response_relayed = true;
    CHECK_OK(mssip_nat_process_with(msg, &peer, &opts, &v, NULL));
    CHECK(v == MSSIP_NAT_DISCARD);
    char *wire = check_serialize(msg);
    CHECK(strcmp(wire, OK_200) == 0);
    free(wire);
    mssip_msg_free(msg);
}

static void test_options(void) {
    mssip_peer peer = {MSSIP_TRANSPORT_TLS, "198.51.100.9", 3333, 0xB0B};
    const char *invite = "INVITE sip:bob@contoso.com SIP/2.0\r\n"
                         "Via: SIP/2.0/TLS 10.0.0.7:5061;branch=z9hG4bK1\r\n"
                         "From: <sip:alice@contoso.com>;tag=1\r\nTo: <sip:bob@contoso.com>\r\n"
                         "Call-ID: c1\r\nCSeq: 1 INVITE\r\n"
                         "Contact: <sip:10.0.0.7:5061;transport=tls>;proxy=replace\r\n\r\n";
    mssip_nat_options opts;
    CHECK_OK(mssip_nat_options_default(&opts));
    opts.record_route = "<sip:edge.contoso.com:5061;transport=tls;lr>";
    opts.skip_via_stamp = true;
    mssip_msg *msg = check_parse(invite);
    mssip_nat_verdict v = MSSIP_NAT_DISCARD;
    CHECK_OK(mssip_nat_process_with(msg, &peer, &opts, &v, NULL));
    CHECK(v == MSSIP_NAT_FORWARD);
    mssip_str s = check_sentinel_str();
    CHECK_OK(mssip_msg_header(msg, "Record-Route", 0, &s));
    CHECK_STR(s, "<sip:edge.contoso.com:5061;transport=tls;lr>");
    CHECK_OK(mssip_msg_header(msg, "Via", 0, &s));
    CHECK_STR(s, "SIP/2.0/TLS 10.0.0.7:5061;branch=z9hG4bK1");
    mssip_msg_free(msg);

    /* Bad options: an error, the message and the outputs untouched. */
    msg = check_parse(invite);
    opts.record_route = "<sip:unclosed";
    v = MSSIP_NAT_DISCARD;
    mssip_msg *resp = (mssip_msg *)&v;
    CHECK_RC(mssip_nat_process_with(msg, &peer, &opts, &v, &resp), MSSIP_E_INVALID_ARGUMENT);
    CHECK(v == MSSIP_NAT_DISCARD && resp == (mssip_msg *)&v);
    opts.record_route = "\xff";
    CHECK_RC(mssip_nat_process_with(msg, &peer, &opts, &v, NULL), MSSIP_E_UTF8);
    /* Options not filled by mssip_nat_options_default() are refused. */
    mssip_nat_options zeroed;
    memset(&zeroed, 0, sizeof zeroed);
    CHECK_RC(mssip_nat_process_with(msg, &peer, &zeroed, &v, NULL), MSSIP_E_INVALID_ARGUMENT);
    CHECK_LAST_ERROR_HAS("struct_size");
    char *wire = check_serialize(msg);
    CHECK(strcmp(wire, invite) == 0);
    free(wire);
    mssip_msg_free(msg);
}

static void test_process_errors(void) {
    mssip_msg *msg = check_parse(REG_4_4);
    mssip_peer peer = peer_4_4();
    mssip_nat_verdict v = MSSIP_NAT_REJECT;
    CHECK_RC(mssip_nat_process(NULL, &peer, &v), MSSIP_E_NULL);
    CHECK_RC(mssip_nat_process(msg, NULL, &v), MSSIP_E_NULL);
    CHECK_RC(mssip_nat_process(msg, &peer, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_nat_process_with(NULL, &peer, NULL, &v, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_nat_process_with(msg, NULL, NULL, &v, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_nat_process_with(msg, &peer, NULL, NULL, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_nat_options_default(NULL), MSSIP_E_NULL);

    mssip_peer bad = peer;
    bad.conn_id = 0;
    CHECK_RC(mssip_nat_process(msg, &bad, &v), MSSIP_E_NO_CONN_ID);
    CHECK_LAST_ERROR_HAS("connection id");
    bad = peer;
    bad.ip = NULL;
    CHECK_RC(mssip_nat_process(msg, &bad, &v), MSSIP_E_NULL);
    bad.ip = "not-an-address";
    CHECK_RC(mssip_nat_process(msg, &bad, &v), MSSIP_E_INVALID_ARGUMENT);
    bad.ip = "[192.168.0.2]";
    CHECK_RC(mssip_nat_process(msg, &bad, &v), MSSIP_E_INVALID_ARGUMENT);
    bad = peer;
    bad.transport = (mssip_transport)7;
    CHECK_RC(mssip_nat_process(msg, &bad, &v), MSSIP_E_INVALID_ARGUMENT);
    CHECK(v == MSSIP_NAT_REJECT); /* untouched by every failed call */
    char *wire = check_serialize(msg);
    CHECK(strcmp(wire, REG_4_4) == 0);
    free(wire);

    /* UDP needs no connection id and gets none. */
    mssip_peer udp = {MSSIP_TRANSPORT_UDP, "192.168.0.2", 1201, 0};
    mssip_msg *m2 = check_parse("OPTIONS sip:a@contoso.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.7;branch=z9hG4bK1\r\n"
                                "To: <sip:a@contoso.com>\r\n\r\n");
    CHECK_OK(mssip_nat_process(m2, &udp, &v));
    CHECK(v == MSSIP_NAT_FORWARD);
    mssip_str s = check_sentinel_str();
    CHECK_OK(mssip_msg_header(m2, "Via", 0, &s));
    CHECK_STR(s, "SIP/2.0/UDP 10.0.0.7;branch=z9hG4bK1;received=192.168.0.2;ms-received-port=1201");
    uint64_t id = 5;
    CHECK_RC(mssip_nat_via_conn_id(m2, 0, &id), MSSIP_E_NOT_FOUND);
    CHECK(id == 5);
    mssip_msg_free(m2);

    /* A message at its size limit: the rewrite would cross it. */
    mssip_limits lim;
    CHECK_OK(mssip_limits_default(&lim));
    lim.max_message_size = strlen(REG_4_4) + 10;
    mssip_msg *small = NULL;
    CHECK_OK(mssip_msg_parse_with_limits((const uint8_t *)REG_4_4, strlen(REG_4_4), &lim, &small));
    CHECK_RC(mssip_nat_process(small, &peer, &v), MSSIP_E_LIMIT);
    wire = check_serialize(small);
    CHECK(strcmp(wire, REG_4_4) == 0);
    free(wire);
    mssip_msg_free(small);
    mssip_msg_free(msg);
}

static void test_conn_id_readers(void) {
    uint64_t id = 0;
    CHECK_OK(mssip_nat_uri_conn_id("sip:192.0.2.1:18168;transport=tls;ms-opaque=7eacdda82d;"
                                   "ms-received-cid=7C9B00;grid",
                                   &id));
    CHECK(id == 0x7C9B00);
    CHECK_OK(mssip_nat_uri_conn_id("<sip:server1.contoso.com:5061;transport=tls;lr;"
                                   "ms-received-cid=3AFDE300>",
                                   &id));
    CHECK(id == 0x3AFDE300);
    id = 1;
    CHECK_RC(mssip_nat_uri_conn_id("sip:a@contoso.com", &id), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_nat_uri_conn_id("sip:a@contoso.com;ms-received-cid=xyz", &id),
             MSSIP_E_BAD_CONN_ID);
    CHECK_RC(mssip_nat_uri_conn_id("<not a uri", &id), MSSIP_E_BAD_URI);
    CHECK_RC(mssip_nat_uri_conn_id(NULL, &id), MSSIP_E_NULL);
    CHECK_RC(mssip_nat_uri_conn_id("sip:a@b", NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_nat_uri_conn_id("sip:a@b;\xff", &id), MSSIP_E_UTF8);
    CHECK(id == 1);

    mssip_msg *msg = check_parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/TLS h;ms-received-cid=0\r\n"
                                 "Via: SIP/2.0/TLS ;bad\r\n\r\n");
    CHECK_RC(mssip_nat_via_conn_id(msg, 0, &id), MSSIP_E_BAD_CONN_ID);
    CHECK_RC(mssip_nat_via_conn_id(msg, 1, &id), MSSIP_E_BAD_VALUE);
    CHECK_RC(mssip_nat_via_conn_id(NULL, 0, &id), MSSIP_E_NULL);
    CHECK_RC(mssip_nat_via_conn_id(msg, 0, NULL), MSSIP_E_NULL);
    mssip_msg_free(msg);

    char out[17];
    size_t len = 0;
    CHECK_OK(mssip_conn_id_format(0x3540900, out, sizeof out, &len));
    CHECK(len == 7 && strcmp(out, "3540900") == 0);
    CHECK_OK(mssip_conn_id_format(UINT64_MAX, out, sizeof out, &len));
    CHECK(len == 16 && strcmp(out, "FFFFFFFFFFFFFFFF") == 0);
    CHECK_RC(mssip_conn_id_format(0x1D8AF00, NULL, 0, &len), MSSIP_E_BUFFER_TOO_SMALL);
    CHECK(len == 7);
    CHECK_RC(mssip_conn_id_format(0x1D8AF00, out, 7, &len), MSSIP_E_BUFFER_TOO_SMALL);
    CHECK_RC(mssip_conn_id_format(0, out, sizeof out, &len), MSSIP_E_BAD_CONN_ID);
    CHECK_RC(mssip_conn_id_format(1, NULL, 5, &len), MSSIP_E_NULL);
    CHECK_RC(mssip_conn_id_format(1, out, sizeof out, NULL), MSSIP_E_NULL);

    CHECK_OK(mssip_conn_id_parse("7c9b00", &id));
    CHECK(id == 0x7C9B00);
    CHECK_RC(mssip_conn_id_parse("", &id), MSSIP_E_BAD_CONN_ID);
    CHECK_RC(mssip_conn_id_parse("0", &id), MSSIP_E_BAD_CONN_ID);
    CHECK_RC(mssip_conn_id_parse("10000000000000000", &id), MSSIP_E_BAD_CONN_ID);
    CHECK_RC(mssip_conn_id_parse(NULL, &id), MSSIP_E_NULL);
    CHECK_RC(mssip_conn_id_parse("1", NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_conn_id_parse("\xff", &id), MSSIP_E_UTF8);
    CHECK(id == 0x7C9B00);
}

static void test_add_proxy_replace(void) {
    mssip_msg *msg = check_parse("REGISTER sip:contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS 192.0.2.1;branch=z9hG4bK1\r\n"
                                 "Contact: <sip:192.0.2.1:27221;transport=tls>\r\n"
                                 "Contact: <sip:alice@pc.contoso.com>\r\n\r\n");
    size_t changed = 99;
    CHECK_OK(mssip_nat_add_proxy_replace(msg, &changed));
    CHECK(changed == 1);
    mssip_str s = check_sentinel_str();
    CHECK_OK(mssip_msg_header(msg, "Contact", 0, &s));
    CHECK_STR(s, "<sip:192.0.2.1:27221;transport=tls>;proxy=replace");
    CHECK_OK(mssip_msg_header(msg, "Contact", 1, &s));
    CHECK_STR(s, "<sip:alice@pc.contoso.com>");
    CHECK_OK(mssip_nat_add_proxy_replace(msg, NULL));
    CHECK_RC(mssip_nat_add_proxy_replace(NULL, &changed), MSSIP_E_NULL);
    mssip_msg_free(msg);
    msg = check_parse("REGISTER sip:contoso.com SIP/2.0\r\nContact: <sip:192.0.2.1\r\n\r\n");
    changed = 99;
    CHECK_RC(mssip_nat_add_proxy_replace(msg, &changed), MSSIP_E_BAD_VALUE);
    CHECK(changed == 99);
    mssip_msg_free(msg);
}

static void test_conn_table(void) {
    mssip_conn_table *t = NULL;
    CHECK_RC(mssip_conn_table_new(1, 0, &t), MSSIP_E_INVALID_ARGUMENT);
    CHECK(t == NULL);
    CHECK_RC(mssip_conn_table_new(1, 2, NULL), MSSIP_E_NULL);
    CHECK_OK(mssip_conn_table_new(41, 2, &t));
    uint64_t a = 0, b = 0, c = 0, h = 0;
    CHECK_OK(mssip_conn_table_open(t, 10, &a));
    CHECK_OK(mssip_conn_table_open(t, 11, &b));
    CHECK(a != 0 && b != 0 && a != b && (a >> 32) == 41);
    CHECK_RC(mssip_conn_table_open(t, 12, &c), MSSIP_E_CONN_LIMIT);
    CHECK(c == 0);
    CHECK_OK(mssip_conn_table_lookup(t, b, &h));
    CHECK(h == 11);
    uint64_t found = 0;
    CHECK_OK(mssip_conn_table_find_handle(t, 10, &found));
    CHECK(found == a);
    CHECK_RC(mssip_conn_table_find_handle(t, 99, &found), MSSIP_E_NOT_FOUND);
    size_t n = 0;
    CHECK_OK(mssip_conn_table_count(t, &n));
    CHECK(n == 2);
    /* A handle still open cannot be opened again. */
    CHECK_OK(mssip_conn_table_close(t, b, &h));
    CHECK(h == 11);
    CHECK_RC(mssip_conn_table_open(t, 10, &c), MSSIP_E_HANDLE_IN_USE);
    CHECK_OK(mssip_conn_table_open(t, 11, &c));
    CHECK(c != b && c != a);
    /* The closed connection's id finds nothing. */
    h = 77;
    CHECK_RC(mssip_conn_table_lookup(t, b, &h), MSSIP_E_NOT_FOUND);
    CHECK(h == 77);
    CHECK_RC(mssip_conn_table_close(t, b, NULL), MSSIP_E_NOT_FOUND);
    CHECK_OK(mssip_conn_table_close(t, a, NULL));

    CHECK_RC(mssip_conn_table_open(NULL, 1, &c), MSSIP_E_NULL);
    CHECK_RC(mssip_conn_table_open(t, 1, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_conn_table_close(NULL, c, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_conn_table_lookup(NULL, c, &h), MSSIP_E_NULL);
    CHECK_RC(mssip_conn_table_lookup(t, c, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_conn_table_find_handle(NULL, 1, &found), MSSIP_E_NULL);
    CHECK_RC(mssip_conn_table_find_handle(t, 1, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_conn_table_count(NULL, &n), MSSIP_E_NULL);
    CHECK_RC(mssip_conn_table_count(t, NULL), MSSIP_E_NULL);
    mssip_conn_table_free(t);
    mssip_conn_table_free(NULL);

    /* A restart with a larger epoch never gives an id of the earlier run. */
    mssip_conn_table *run1 = NULL, *run2 = NULL;
    CHECK_OK(mssip_conn_table_new(7, MSSIP_CONN_TABLE_DEFAULT_MAX, &run1));
    CHECK_OK(mssip_conn_table_new(8, MSSIP_CONN_TABLE_DEFAULT_MAX, &run2));
    uint64_t ids1[100];
    int clash = 0;
    for (uint64_t i = 0; i < 100; i++) {
        CHECK_OK(mssip_conn_table_open(run1, i, &ids1[i]));
    }
    for (uint64_t i = 0; i < 100; i++) {
        uint64_t id = 0;
        CHECK_OK(mssip_conn_table_open(run2, i, &id));
        for (int k = 0; k < 100; k++) {
            clash |= id == ids1[k];
        }
    }
    CHECK(!clash);
    mssip_conn_table_free(run1);
    mssip_conn_table_free(run2);
}

struct worker {
    mssip_conn_table *table;
    uint64_t base;
    int failures;
};

static void *open_many(void *arg) {
    struct worker *w = arg;
    for (uint64_t i = 0; i < 500; i++) {
        uint64_t id = 0, h = 0;
        if (mssip_conn_table_open(w->table, w->base + i, &id) != MSSIP_OK ||
            mssip_conn_table_lookup(w->table, id, &h) != MSSIP_OK || h != w->base + i) {
            w->failures++;
        }
        if (i % 2 == 0 && mssip_conn_table_close(w->table, id, NULL) != MSSIP_OK) {
            w->failures++;
        }
    }
    return NULL;
}

static void test_conn_table_threads(void) {
    mssip_conn_table *t = NULL;
    CHECK_OK(mssip_conn_table_new(3, MSSIP_CONN_TABLE_DEFAULT_MAX, &t));
    pthread_t th[4];
    struct worker w[4];
    for (int i = 0; i < 4; i++) {
        w[i].table = t;
        w[i].base = (uint64_t)i * 100000;
        w[i].failures = 0;
        CHECK(pthread_create(&th[i], NULL, open_many, &w[i]) == 0);
    }
    for (int i = 0; i < 4; i++) {
        CHECK(pthread_join(th[i], NULL) == 0);
        CHECK(w[i].failures == 0);
    }
    size_t n = 0;
    CHECK_OK(mssip_conn_table_count(t, &n));
    CHECK(n == 4 * 250);
    mssip_conn_table_free(t);
}

int main(void) {
    test_section_4_4();
    test_folded_via();
    test_reject_with_400();
    test_responses();
    test_options();
    test_process_errors();
    test_conn_id_readers();
    test_add_proxy_replace();
    test_conn_table();
    test_conn_table_threads();
    return check_done("test_nat");
}
