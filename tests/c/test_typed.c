/* Typed access: header and URI parameters, CSeq and the numbers, the mssip_uri /
 * mssip_name_addr / mssip_via views, parameter walks, values in one call and by header id,
 * mssip_unquote, the core fields and every address of a header in one call. Values, absent
 * parameters, flags, quoted and escaped values, IPv6 hosts, compact names, comma lists,
 * malformed values, NULLs and small buffers; outputs untouched on failure. */
#include "check.h"

static const char REGISTER[] =
    "REGISTER sip:contoso.com;transport=tls;lr SIP/2.0\r\n"
    "v: SIP/2.0/TLS [2001:db8::7]:5061;branch=z9hG4bK1;rport;received=192.0.2.9;"
    "ms-received-port=1201;ms-received-cid=3540900, SIP/2.0/TCP proxy.example.com;branch=z9hG4bK2\r\n"
    "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK3;ttl=16;maddr=224.2.0.1\r\n"
    "Max-Forwards: 70\r\n"
    "f: \"Alice \\\"A\\\" Smith\" <sip:alice@contoso.com;user=phone>;tag=1928301774;epid=01010101\r\n"
    "To: sip:alice@contoso.com\r\n"
    "Call-ID: a84b4c76e66710\r\n"
    "CSeq: 314159 REGISTER\r\n"
    "m: <sip:alice@[2001:db8::9]:5062;transport=tls;ms-opaque=d3470f2e0c>;expires=3600;"
    "+sip.instance=\"<urn:uuid:00000000-0000-0000-0000-000000000001>\";q=0.5, "
    "Bob <sip:bob@192.0.2.4>;expires=60;mobility\r\n"
    "Expires: 1800\r\n"
    "Min-Expires: 60\r\n"
    "Content-Type: application/sdp;charset=utf-8\r\n"
    "X-Ext: <sip:x@y;lr>;z=1\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

static const char BAD[] =
    "SIP/2.0 200 OK\r\n"
    "Via: SIP/2.0/UDP host;branch=z9;=bad\r\n"
    "From: <sip:a@b;tag=1\r\n"
    "To: <sip:a@b>;tag=2\r\n"
    "Call-ID: x\r\n"
    "CSeq: two REGISTER\r\n"
    "Contact: <sip:a@b>;expires=soon, <sip:c@d>;expires=99999999999, *\r\n"
    "Max-Forwards: -1\r\n"
    "Expires: 4294967296\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

static void header_params(void) {
    mssip_msg *m = check_parse(REGISTER);
    mssip_str v = check_sentinel_str();

    CHECK_OK(mssip_msg_header_param(m, "Via", 0, "branch", &v));
    CHECK_STR(v, "z9hG4bK1");
    CHECK_OK(mssip_msg_header_param(m, "v", 0, "RPORT", &v)); /* flag: empty, not NULL */
    CHECK(v.ptr != NULL && v.len == 0);
    CHECK_OK(mssip_msg_header_param(m, "Via", 1, "branch", &v)); /* comma list */
    CHECK_STR(v, "z9hG4bK2");
    CHECK_OK(mssip_msg_header_param(m, "Via", 2, "ttl", &v));
    CHECK_STR(v, "16");
    CHECK_OK(mssip_msg_header_param(m, "From", 0, "tag", &v));
    CHECK_STR(v, "1928301774");
    CHECK_OK(mssip_msg_header_param(m, "f", 0, "epid", &v));
    CHECK_STR(v, "01010101");
    CHECK_OK(mssip_msg_header_param(m, "Contact", 0, "+sip.instance", &v));
    CHECK_STR(v, "\"<urn:uuid:00000000-0000-0000-0000-000000000001>\"");
    CHECK_OK(mssip_msg_header_param(m, "m", 1, "expires", &v));
    CHECK_STR(v, "60");
    CHECK_OK(mssip_msg_header_param(m, "Contact", 1, "mobility", &v));
    CHECK(v.len == 0);
    CHECK_OK(mssip_msg_header_param(m, "Content-Type", 0, "charset", &v));
    CHECK_STR(v, "utf-8");
    CHECK_OK(mssip_msg_header_param(m, "X-Ext", 0, "z", &v));
    CHECK_STR(v, "1");

    v = check_sentinel_str();
    CHECK_RC(mssip_msg_header_param(m, "To", 0, "tag", &v), MSSIP_E_NOT_FOUND);
    CHECK_LAST_ERROR_HAS("tag");
    CHECK_RC(mssip_msg_header_param(m, "Via", 3, "branch", &v), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_msg_header_param(m, "X-None", 0, "a", &v), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_msg_header_param(NULL, "Via", 0, "branch", &v), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_header_param(m, NULL, 0, "branch", &v), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_header_param(m, "Via", 0, NULL, &v), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_header_param(m, "Via", 0, "branch", NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_header_param(m, "V\xff", 0, "branch", &v), MSSIP_E_UTF8);
    CHECK(check_is_sentinel(v));

    CHECK_OK(mssip_msg_uri_param(m, "Contact", 0, "ms-opaque", &v));
    CHECK_STR(v, "d3470f2e0c");
    CHECK_OK(mssip_msg_uri_param(m, "f", 0, "user", &v));
    CHECK_STR(v, "phone");
    CHECK_OK(mssip_msg_uri_param(m, "X-Ext", 0, "lr", &v));
    CHECK(v.ptr != NULL && v.len == 0);
    v = check_sentinel_str();
    CHECK_RC(mssip_msg_uri_param(m, "Contact", 1, "transport", &v), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_msg_uri_param(m, "Contact", 2, "transport", &v), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_msg_uri_param(m, NULL, 0, "lr", &v), MSSIP_E_NULL);
    CHECK(check_is_sentinel(v));

    CHECK_OK(mssip_msg_request_uri_param(m, "transport", &v));
    CHECK_STR(v, "tls");
    CHECK_OK(mssip_msg_request_uri_param(m, "LR", &v));
    CHECK(v.len == 0 && v.ptr != NULL);
    v = check_sentinel_str();
    CHECK_RC(mssip_msg_request_uri_param(m, "maddr", &v), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_msg_request_uri_param(m, NULL, &v), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_request_uri_param(NULL, "lr", &v), MSSIP_E_NULL);
    CHECK(check_is_sentinel(v));
    mssip_msg_free(m);

    m = check_parse(BAD);
    v = check_sentinel_str();
    CHECK_RC(mssip_msg_header_param(m, "Via", 0, "branch", &v), MSSIP_E_BAD_VALUE);
    CHECK_LAST_ERROR_HAS("at byte 27 of the value");
    CHECK_RC(mssip_msg_header_param(m, "From", 0, "tag", &v), MSSIP_E_BAD_VALUE);
    CHECK_RC(mssip_msg_uri_param(m, "From", 0, "x", &v), MSSIP_E_BAD_VALUE);
    CHECK_RC(mssip_msg_request_uri_param(m, "lr", &v), MSSIP_E_WRONG_KIND);
    CHECK(check_is_sentinel(v));
    mssip_msg_free(m);
}

static void numbers(void) {
    mssip_msg *m = check_parse(REGISTER);
    uint32_t n = 7;
    uint64_t len = 7;
    mssip_str method = check_sentinel_str();

    CHECK_OK(mssip_msg_cseq(m, &n, &method));
    CHECK(n == 314159);
    CHECK_STR(method, "REGISTER");
    CHECK_OK(mssip_msg_max_forwards(m, &n));
    CHECK(n == 70);
    CHECK_OK(mssip_msg_content_length(m, &len));
    CHECK(len == 0);
    CHECK_OK(mssip_msg_expires(m, &n));
    CHECK(n == 1800);
    CHECK_OK(mssip_msg_min_expires(m, &n));
    CHECK(n == 60);
    CHECK_OK(mssip_msg_contact_expires(m, 0, &n));
    CHECK(n == 3600);
    CHECK_OK(mssip_msg_contact_expires(m, 1, &n));
    CHECK(n == 60);
    n = 7;
    CHECK_RC(mssip_msg_contact_expires(m, 2, &n), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_msg_cseq(m, NULL, &method), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_cseq(m, &n, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_max_forwards(NULL, &n), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_max_forwards(m, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_content_length(m, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_expires(NULL, &n), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_min_expires(m, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_contact_expires(m, 0, NULL), MSSIP_E_NULL);
    CHECK(n == 7);
    mssip_msg_free(m);

    m = check_parse(BAD);
    method = check_sentinel_str();
    CHECK_RC(mssip_msg_cseq(m, &n, &method), MSSIP_E_BAD_VALUE);
    CHECK_LAST_ERROR_HAS("CSeq value 0");
    CHECK_RC(mssip_msg_max_forwards(m, &n), MSSIP_E_BAD_VALUE);
    CHECK_RC(mssip_msg_expires(m, &n), MSSIP_E_BAD_VALUE);
    CHECK_RC(mssip_msg_min_expires(m, &n), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_msg_contact_expires(m, 0, &n), MSSIP_E_BAD_VALUE);
    CHECK_RC(mssip_msg_contact_expires(m, 1, &n), MSSIP_E_BAD_VALUE);
    CHECK_RC(mssip_msg_contact_expires(m, 2, &n), MSSIP_E_BAD_URI); /* a Contact "*" */
    CHECK(n == 7 && check_is_sentinel(method));
    mssip_msg_free(m);
}

static void views(void) {
    mssip_msg *m = check_parse(REGISTER);
    mssip_via via;
    mssip_name_addr na;
    mssip_uri u;
    char buf[64];
    size_t len = 0;

    CHECK_OK(mssip_msg_via(m, 0, &via));
    CHECK_STR(via.protocol, "SIP");
    CHECK_STR(via.version, "2.0");
    CHECK_STR(via.transport, "TLS");
    CHECK_STR(via.host, "[2001:db8::7]");
    CHECK(via.host_kind == MSSIP_HOST_IPV6 && via.port == 5061);
    CHECK_STR(via.branch, "z9hG4bK1");
    CHECK_STR(via.received, "192.0.2.9");
    CHECK(via.rport.ptr != NULL && via.rport.len == 0);
    CHECK(via.maddr.ptr == NULL && via.ttl.ptr == NULL);
    CHECK_STR(via.ms_received_port, "1201");
    CHECK_STR(via.ms_received_cid, "3540900");
    CHECK(via.params.count == 5);
    CHECK_OK(mssip_msg_via(m, 1, &via));
    CHECK_STR(via.host, "proxy.example.com");
    CHECK(via.host_kind == MSSIP_HOST_NAME && via.port == 0 && via.rport.ptr == NULL);
    CHECK_OK(mssip_msg_via(m, 2, &via));
    CHECK(via.host_kind == MSSIP_HOST_IPV4 && via.port == 5060);
    CHECK_STR(via.maddr, "224.2.0.1");
    CHECK_STR(via.ttl, "16");
    CHECK_RC(mssip_msg_via(m, 3, &via), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_msg_via(NULL, 0, &via), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_via(m, 0, NULL), MSSIP_E_NULL);

    CHECK_OK(mssip_msg_name_addr(m, "From", 0, &na));
    CHECK_STR(na.display_name, "\"Alice \\\"A\\\" Smith\"");
    CHECK_STR(na.tag, "1928301774");
    CHECK(na.angle && na.params.count == 2);
    CHECK_STR(na.uri.user, "alice");
    CHECK_STR(na.uri.host, "contoso.com");
    CHECK(na.uri.scheme_kind == MSSIP_SCHEME_SIP && na.uri.port == 0);
    CHECK_OK(mssip_unquote(na.display_name.ptr, na.display_name.len, buf, sizeof buf, &len));
    CHECK(len == 15 && strcmp(buf, "Alice \"A\" Smith") == 0);
    CHECK_RC(mssip_unquote(na.display_name.ptr, na.display_name.len, buf, 15, &len),
             MSSIP_E_BUFFER_TOO_SMALL);
    CHECK(len == 15);
    CHECK_RC(mssip_unquote(na.display_name.ptr, na.display_name.len, NULL, 0, &len),
             MSSIP_E_BUFFER_TOO_SMALL);
    CHECK_RC(mssip_unquote(NULL, 3, buf, sizeof buf, &len), MSSIP_E_NULL);
    CHECK_RC(mssip_unquote("x", 1, buf, sizeof buf, NULL), MSSIP_E_NULL);
    CHECK_OK(mssip_unquote(NULL, 0, buf, sizeof buf, &len));
    CHECK(len == 0 && buf[0] == 0);
    CHECK_OK(mssip_unquote("plain", 5, buf, sizeof buf, &len));
    CHECK(strcmp(buf, "plain") == 0);

    CHECK(na.expires.ptr == NULL && na.q.ptr == NULL);
    CHECK_OK(mssip_msg_name_addr(m, "To", 0, &na));
    CHECK(!na.angle && na.display_name.ptr == NULL && na.tag.ptr == NULL);
    CHECK_OK(mssip_msg_name_addr(m, "m", 0, &na));
    CHECK_STR(na.uri.host, "[2001:db8::9]");
    CHECK(na.uri.host_kind == MSSIP_HOST_IPV6 && na.uri.port == 5062 && na.uri.params.count == 2);
    CHECK_STR(na.expires, "3600");
    CHECK_STR(na.q, "0.5");
    CHECK(na.tag.ptr == NULL && na.params.count == 3);
    CHECK_OK(mssip_msg_name_addr(m, "Contact", 1, &na));
    CHECK_STR(na.display_name, "Bob");
    CHECK_STR(na.uri.host, "192.0.2.4");
    CHECK(na.uri.host_kind == MSSIP_HOST_IPV4);
    CHECK_STR(na.expires, "60");
    CHECK(na.q.ptr == NULL);
    CHECK_RC(mssip_msg_name_addr(m, "Contact", 2, &na), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_msg_name_addr(m, NULL, 0, &na), MSSIP_E_NULL);

    CHECK_OK(mssip_msg_uri(m, "Contact", 1, &u));
    CHECK_STR(u.user, "bob");
    CHECK_STR(u.scheme, "sip");
    CHECK(u.password.ptr == NULL && u.headers.ptr == NULL);
    CHECK_RC(mssip_msg_uri(m, "Route", 0, &u), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_msg_uri(m, "Via", 0, &u), MSSIP_E_BAD_URI);
    CHECK_OK(mssip_msg_request_uri_parts(m, &u));
    CHECK_STR(u.host, "contoso.com");
    CHECK(u.user.ptr == NULL && u.params.count == 2);
    CHECK_RC(mssip_msg_request_uri_parts(m, NULL), MSSIP_E_NULL);

    const char *text = "sips:bob:pw@[2001:db8::1]:5061;maddr=x;lr?subject=a%20b";
    CHECK_OK(mssip_uri_parse(text, strlen(text), &u));
    CHECK(u.scheme_kind == MSSIP_SCHEME_SIPS && u.port == 5061);
    CHECK_STR(u.password, "pw");
    CHECK_STR(u.headers, "subject=a%20b");
    CHECK(u.raw.ptr == text);
    CHECK_OK(mssip_uri_parse("tel:+1-201-555-0123;phone-context=example.com", 45, &u));
    CHECK(u.scheme_kind == MSSIP_SCHEME_TEL && u.host_kind == MSSIP_HOST_NONE);
    CHECK_STR(u.user, "+1-201-555-0123");
    CHECK_OK(mssip_uri_parse("urn:uuid:1", 10, &u));
    CHECK(u.scheme_kind == MSSIP_SCHEME_OTHER);
    CHECK_STR(u.opaque, "uuid:1");
    u.port = 77;
    CHECK_RC(mssip_uri_parse("sip:a@b:99999", 13, &u), MSSIP_E_BAD_URI);
    CHECK_LAST_ERROR_HAS("port");
    CHECK_RC(mssip_uri_parse(NULL, 0, &u), MSSIP_E_BAD_URI);
    CHECK_RC(mssip_uri_parse(NULL, 4, &u), MSSIP_E_NULL);
    CHECK_RC(mssip_uri_parse("sip:\xff", 5, &u), MSSIP_E_UTF8);
    CHECK_RC(mssip_uri_parse("sip:a", 5, NULL), MSSIP_E_NULL);
    CHECK(u.port == 77);
    mssip_msg_free(m);

    m = check_parse(BAD);
    via.port = 9;
    CHECK_RC(mssip_msg_via(m, 0, &via), MSSIP_E_BAD_VALUE);
    CHECK(via.port == 9);
    CHECK_RC(mssip_msg_name_addr(m, "From", 0, &na), MSSIP_E_BAD_VALUE);
    CHECK_LAST_ERROR_HAS("From value 0");
    CHECK_OK(mssip_msg_name_addr(m, "Contact", 0, &na));
    CHECK_STR(na.expires, "soon"); /* as written: mssip_msg_contact_expires judges it */
    CHECK_RC(mssip_msg_name_addr(m, "Contact", 2, &na), MSSIP_E_BAD_URI);
    mssip_msg_free(m);

    /* Names in any case, the first of each name, values with and without LWS before a
     * parameter (the general parse reads that shape, a one-pass reader the other): the same
     * fields either way. A branch without a value is none; maddr without one is empty. */
    m = check_parse("OPTIONS sip:a@b SIP/2.0\r\n"
                    "Via: SIP/2.0/TLS 192.0.2.1:5061;BRANCH=z9a;Branch=z9b;MS-Received-Cid=7;"
                    "TTL=3;rport=9, SIP/2.0/TLS 192.0.2.1:5061 ;BRANCH=z9a;Branch=z9b;"
                    "MS-Received-Cid=7;TTL=3;rport=9,SIP/2.0/UDP h;branch;maddr\r\n\r\n");
    for (size_t i = 0; i < 2; i++) {
        CHECK_OK(mssip_msg_via(m, i, &via));
        CHECK_STR(via.transport, "TLS");
        CHECK_STR(via.host, "192.0.2.1");
        CHECK(via.host_kind == MSSIP_HOST_IPV4 && via.port == 5061 && via.params.count == 5);
        CHECK_STR(via.branch, "z9a");
        CHECK_STR(via.ms_received_cid, "7");
        CHECK_STR(via.ttl, "3");
        CHECK_STR(via.rport, "9");
        CHECK(via.ms_received_port.ptr == NULL && via.received.ptr == NULL);
    }
    CHECK_OK(mssip_msg_via(m, 2, &via));
    CHECK(via.branch.ptr == NULL && via.maddr.ptr != NULL && via.maddr.len == 0);
    CHECK(via.params.count == 2 && via.port == 0);
    mssip_msg_free(m);

    m = check_parse("OPTIONS sip:a@b SIP/2.0\r\nContact: <sip:a@b>;Expires;Q=1;q=2\r\n\r\n");
    CHECK_OK(mssip_msg_name_addr(m, "Contact", 0, &na));
    CHECK(na.expires.ptr != NULL && na.expires.len == 0); /* present without a value */
    CHECK_STR(na.q, "1");                                 /* the first of a name */
    mssip_msg_free(m);
}

static void params_walk(void) {
    mssip_msg *m = check_parse(REGISTER);
    mssip_via via;
    mssip_param p;
    size_t pos = 0, n = 0;
    const char *names[] = {"branch", "rport", "received", "ms-received-port", "ms-received-cid"};

    CHECK_OK(mssip_msg_via(m, 0, &via));
    while (mssip_params_next(&via.params, &pos, &p) == MSSIP_OK) {
        CHECK(n < 5 && p.name.len == strlen(names[n]) &&
              memcmp(p.name.ptr, names[n], p.name.len) == 0);
        CHECK(p.has_value == (n != 1));
        n++;
    }
    CHECK(n == 5 && pos == via.params.len);
    CHECK_RC(mssip_params_next(&via.params, &pos, &p), MSSIP_E_NOT_FOUND);
    CHECK_OK(mssip_params_get(&via.params, "RECEIVED", &p));
    CHECK_STR(p.value, "192.0.2.9");
    CHECK_OK(mssip_params_get(&via.params, "rport", &p));
    CHECK(!p.has_value && p.value.len == 0);
    CHECK_RC(mssip_params_get(&via.params, "maddr", &p), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_params_get(NULL, "x", &p), MSSIP_E_NULL);
    CHECK_RC(mssip_params_get(&via.params, NULL, &p), MSSIP_E_NULL);
    CHECK_RC(mssip_params_get(&via.params, "x", NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_params_next(NULL, &pos, &p), MSSIP_E_NULL);
    CHECK_RC(mssip_params_next(&via.params, NULL, &p), MSSIP_E_NULL);
    CHECK_RC(mssip_params_next(&via.params, &pos, NULL), MSSIP_E_NULL);

    /* A quoted value with ';' inside stays one parameter; an empty list has none. */
    mssip_params own = {";a=\"x;y\" ; b", 12, 2};
    pos = 0;
    CHECK_OK(mssip_params_next(&own, &pos, &p));
    CHECK_STR(p.value, "\"x;y\"");
    CHECK_OK(mssip_params_next(&own, &pos, &p));
    CHECK_STR(p.name, "b");
    mssip_params empty = {NULL, 0, 0};
    pos = 0;
    CHECK_RC(mssip_params_next(&empty, &pos, &p), MSSIP_E_NOT_FOUND);
    mssip_params broken = {NULL, 3, 0};
    CHECK_RC(mssip_params_next(&broken, &pos, &p), MSSIP_E_NULL);
    mssip_msg_free(m);
}

static void values_and_ids(void) {
    mssip_msg *m = check_parse(REGISTER);
    mssip_str v[4], one = check_sentinel_str();
    size_t n = 99;

    CHECK_OK(mssip_msg_header_values(m, "Via", v, 4, &n));
    CHECK(n == 3);
    CHECK(check_view_contains(v[1], "proxy.example.com"));
    CHECK(check_view_contains(v[2], "10.0.0.1"));
    CHECK_OK(mssip_msg_header_values(m, "m", v, 4, &n));
    CHECK(n == 2);
    CHECK_OK(mssip_msg_header_values(m, "X-Absent", NULL, 0, &n));
    CHECK(n == 0);
    v[0] = check_sentinel_str();
    CHECK_RC(mssip_msg_header_values(m, "Via", v, 2, &n), MSSIP_E_BUFFER_TOO_SMALL);
    CHECK(n == 3 && check_is_sentinel(v[0]));
    CHECK_RC(mssip_msg_header_values(m, "Via", NULL, 0, &n), MSSIP_E_BUFFER_TOO_SMALL);
    CHECK_RC(mssip_msg_header_values(m, "Via", NULL, 4, &n), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_header_values(m, "Via", v, 4, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_header_values(m, NULL, v, 4, &n), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_header_values(NULL, "Via", v, 4, &n), MSSIP_E_NULL);

    CHECK_OK(mssip_msg_header_values_by_id(m, MSSIP_HDR_CONTACT, v, 4, &n));
    CHECK(n == 2 && check_view_contains(v[1], "bob"));
    CHECK_OK(mssip_msg_header_values_by_id(m, MSSIP_HDR_ROUTE, v, 4, &n));
    CHECK(n == 0);
    CHECK_RC(mssip_msg_header_values_by_id(m, 0, v, 4, &n), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_header_values_by_id(m, 9999, v, 4, &n), MSSIP_E_INVALID_ARGUMENT);

    CHECK_OK(mssip_msg_header_by_id(m, MSSIP_HDR_CALL_ID, 0, &one));
    CHECK_STR(one, "a84b4c76e66710");
    CHECK_OK(mssip_msg_header_by_id(m, MSSIP_HDR_VIA, 2, &one));
    CHECK(check_view_contains(one, "10.0.0.1"));
    one = check_sentinel_str();
    CHECK_RC(mssip_msg_header_by_id(m, MSSIP_HDR_VIA, 3, &one), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_msg_header_by_id(m, MSSIP_HDR_ROUTE, 0, &one), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_msg_header_by_id(m, 0, 0, &one), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_header_by_id(NULL, MSSIP_HDR_VIA, 0, &one), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_header_by_id(m, MSSIP_HDR_VIA, 0, NULL), MSSIP_E_NULL);
    CHECK(check_is_sentinel(one));

    /* The index loop and the one-call form agree, in any order of lookups. */
    for (size_t i = 3; i-- > 0;) {
        CHECK_OK(mssip_msg_header(m, "Via", i, &one));
        CHECK_OK(mssip_msg_header_values(m, "v", v, 4, &n));
        CHECK(one.ptr == v[i].ptr && one.len == v[i].len);
    }
    mssip_msg_free(m);
}

/* Field by field (structs have padding that memcmp would compare): the same views. */
static int same_str(mssip_str a, mssip_str b) { return a.ptr == b.ptr && a.len == b.len; }

static int same_params(mssip_params a, mssip_params b) {
    return a.ptr == b.ptr && a.len == b.len && a.count == b.count;
}

static int same_uri(const mssip_uri *a, const mssip_uri *b) {
    return same_str(a->raw, b->raw) && same_str(a->scheme, b->scheme) &&
           a->scheme_kind == b->scheme_kind && same_str(a->user, b->user) &&
           same_str(a->password, b->password) && same_str(a->host, b->host) &&
           a->host_kind == b->host_kind && a->port == b->port && same_params(a->params, b->params) &&
           same_str(a->headers, b->headers) && same_str(a->opaque, b->opaque);
}

static int same_name_addr(const mssip_name_addr *a, const mssip_name_addr *b) {
    return same_str(a->display_name, b->display_name) && same_uri(&a->uri, &b->uri) &&
           a->angle == b->angle && same_params(a->params, b->params) && same_str(a->tag, b->tag) &&
           same_str(a->expires, b->expires) && same_str(a->q, b->q);
}

static int same_via(const mssip_via *a, const mssip_via *b) {
    return same_str(a->protocol, b->protocol) && same_str(a->version, b->version) &&
           same_str(a->transport, b->transport) && same_str(a->host, b->host) &&
           a->host_kind == b->host_kind && a->port == b->port && same_str(a->branch, b->branch) &&
           same_str(a->received, b->received) && same_str(a->rport, b->rport) &&
           same_str(a->maddr, b->maddr) && same_str(a->ttl, b->ttl) &&
           same_str(a->ms_received_port, b->ms_received_port) &&
           same_str(a->ms_received_cid, b->ms_received_cid) && same_params(a->params, b->params);
}

/* mssip_msg_core: every field against the single calls, a response, a message lacking the
 * headers, a malformed header (nothing written), NULLs. */
static void core(void) {
    mssip_msg *m = check_parse(REGISTER);
    mssip_core c, untouched;
    mssip_via via;
    mssip_name_addr na;
    mssip_str s;
    uint32_t n;

    CHECK_OK(mssip_msg_core(m, &c));
    CHECK(c.present == (MSSIP_CORE_VIA | MSSIP_CORE_FROM | MSSIP_CORE_TO | MSSIP_CORE_CALL_ID |
                        MSSIP_CORE_CSEQ | MSSIP_CORE_MAX_FORWARDS |
                        MSSIP_CORE_CONTENT_LENGTH | MSSIP_CORE_EXPIRES));
    CHECK(c.is_request && c.status == 0 && c.reason.ptr == NULL);
    CHECK_STR(c.method, "REGISTER");
    CHECK_STR(c.request_uri, "sip:contoso.com;transport=tls;lr");
    CHECK_OK(mssip_msg_via(m, 0, &via));
    CHECK(same_via(&via, &c.via));
    CHECK_STR(c.via.branch, "z9hG4bK1");
    CHECK_STR(c.via.ms_received_cid, "3540900");
    CHECK_OK(mssip_msg_name_addr(m, "From", 0, &na));
    CHECK(same_name_addr(&na, &c.from));
    CHECK_STR(c.from.tag, "1928301774");
    CHECK_OK(mssip_msg_name_addr(m, "To", 0, &na));
    CHECK(same_name_addr(&na, &c.to));
    CHECK(c.to.tag.ptr == NULL);
    CHECK_STR(c.call_id, "a84b4c76e66710");
    CHECK_OK(mssip_msg_cseq(m, &n, &s));
    CHECK(c.cseq == n && n == 314159);
    CHECK_STR(c.cseq_method, "REGISTER");
    CHECK(c.max_forwards == 70 && c.expires == 1800 && c.content_length == 0);
    mssip_msg_free(m);

    m = check_parse("SIP/2.0 180 Ringing\r\n"
                    "Via: SIP/2.0/UDP h:5060;branch=z9hG4bKr;received=192.0.2.1\r\n"
                    "Content-Length: 12\r\n\r\nhello there!");
    CHECK_OK(mssip_msg_core(m, &c));
    CHECK(c.present == (MSSIP_CORE_VIA | MSSIP_CORE_CONTENT_LENGTH));
    CHECK(!c.is_request && c.status == 180 && c.method.ptr == NULL && c.request_uri.ptr == NULL);
    CHECK_STR(c.reason, "Ringing");
    CHECK_STR(c.via.received, "192.0.2.1");
    CHECK(c.content_length == 12);
    /* absent headers: NULL views, no URI, numbers 0 */
    CHECK(c.from.uri.raw.ptr == NULL && c.from.uri.scheme_kind == MSSIP_SCHEME_NONE);
    CHECK(c.from.uri.host_kind == MSSIP_HOST_NONE && c.from.params.ptr == NULL);
    CHECK(c.to.tag.ptr == NULL && c.call_id.ptr == NULL && c.cseq_method.ptr == NULL);
    CHECK(c.cseq == 0 && c.max_forwards == 0 && c.expires == 0);
    mssip_msg_free(m);

    m = check_parse("OPTIONS sip:a@b SIP/2.0\r\n\r\n");
    CHECK_OK(mssip_msg_core(m, &c));
    CHECK(c.present == 0 && c.via.protocol.ptr == NULL && c.via.params.count == 0);
    mssip_msg_free(m);

    /* a malformed header fails the call and names itself; *out stays as it was */
    m = check_parse(BAD);
    memset(&untouched, 0xA5, sizeof untouched);
    c = untouched;
    CHECK_RC(mssip_msg_core(m, &c), MSSIP_E_BAD_VALUE);
    CHECK_LAST_ERROR_HAS("Via value 0");
    CHECK(memcmp(&c, &untouched, sizeof c) == 0);
    mssip_msg_free(m);
    m = check_parse("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nCSeq: 1\r\n\r\n");
    CHECK_RC(mssip_msg_core(m, &c), MSSIP_E_BAD_VALUE);
    CHECK_LAST_ERROR_HAS("CSeq value 0");
    mssip_msg_free(m);
    m = check_parse("OPTIONS sip:a@b SIP/2.0\r\nTo: <sip:a@b\r\n\r\n");
    CHECK_RC(mssip_msg_core(m, &c), MSSIP_E_BAD_VALUE);
    CHECK_LAST_ERROR_HAS("To value 0");
    mssip_msg_free(m);
    m = check_parse("OPTIONS sip:a@b SIP/2.0\r\nMax-Forwards: 70\r\nExpires: x\r\n\r\n");
    CHECK_RC(mssip_msg_core(m, &c), MSSIP_E_BAD_VALUE);
    CHECK_LAST_ERROR_HAS("Expires value 0");
    CHECK_RC(mssip_msg_core(m, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_core(NULL, &c), MSSIP_E_NULL);
    CHECK(memcmp(&c, &untouched, sizeof c) == 0);
    mssip_msg_free(m);
}

/* mssip_msg_name_addrs: every value at once, as mssip_msg_name_addr gives each; counts,
 * too-small arrays and malformed values leave out untouched; more values than are gathered
 * on the stack; NULLs. */
static void name_addrs(void) {
    mssip_msg *m = check_parse(REGISTER);
    mssip_name_addr all[4], one, untouched;
    size_t n = 99, i;
    char text[2048];
    int len;

    CHECK_OK(mssip_msg_name_addrs(m, "Contact", all, 4, &n));
    CHECK(n == 2);
    for (i = 0; i < n; i++) {
        CHECK_OK(mssip_msg_name_addr(m, "Contact", i, &one));
        CHECK(same_name_addr(&one, &all[i]));
    }
    CHECK_STR(all[1].expires, "60");
    n = 99;
    CHECK_OK(mssip_msg_name_addrs(m, "m", all, 4, &n));
    CHECK(n == 2);
    CHECK_OK(mssip_msg_name_addrs(m, "Route", all, 4, &n));
    CHECK(n == 0);
    CHECK_RC(mssip_msg_name_addrs(m, "f", NULL, 0, &n), MSSIP_E_BUFFER_TOO_SMALL); /* a length query */
    CHECK(n == 1);
    memset(&untouched, 0x5A, sizeof untouched);
    all[0] = untouched;
    CHECK_RC(mssip_msg_name_addrs(m, "Contact", all, 1, &n), MSSIP_E_BUFFER_TOO_SMALL);
    CHECK(n == 2 && memcmp(&all[0], &untouched, sizeof untouched) == 0);
    CHECK_RC(mssip_msg_name_addrs(m, "Contact", NULL, 0, &n), MSSIP_E_BUFFER_TOO_SMALL);
    CHECK(n == 2);
    CHECK_RC(mssip_msg_name_addrs(m, "Contact", NULL, 2, &n), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_name_addrs(m, NULL, all, 4, &n), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_name_addrs(m, "Contact", all, 4, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_name_addrs(NULL, "Contact", all, 4, &n), MSSIP_E_NULL);
    mssip_msg_free(m);

    /* a malformed value (the third Contact is "*"): an error naming it, nothing written */
    m = check_parse(BAD);
    n = 99;
    all[0] = untouched;
    CHECK_RC(mssip_msg_name_addrs(m, "Contact", all, 4, &n), MSSIP_E_BAD_URI);
    CHECK_LAST_ERROR_HAS("Contact value 2");
    CHECK(n == 99 && memcmp(&all[0], &untouched, sizeof untouched) == 0);
    mssip_msg_free(m);

    /* more values than the call gathers on its stack: written straight into the array */
    len = snprintf(text, sizeof text, "REGISTER sip:a SIP/2.0\r\nContact: ");
    for (i = 0; i < 12; i++)
        len += snprintf(text + len, sizeof text - (size_t)len, "%s<sip:u%zu@h%zu>;expires=%zu",
                        i ? ", " : "", i, i, i * 10);
    snprintf(text + len, sizeof text - (size_t)len, "\r\n\r\n");
    m = check_parse(text);
    {
        mssip_name_addr many[12];

        CHECK_RC(mssip_msg_name_addrs(m, "Contact", many, 11, &n), MSSIP_E_BUFFER_TOO_SMALL);
        CHECK(n == 12);
        CHECK_OK(mssip_msg_name_addrs(m, "Contact", many, 12, &n));
        CHECK(n == 12);
        for (i = 0; i < n; i++) {
            CHECK_OK(mssip_msg_name_addr(m, "Contact", i, &one));
            CHECK(same_name_addr(&one, &many[i]));
        }
        CHECK_STR(many[11].uri.host, "h11");
        CHECK_STR(many[11].expires, "110");
    }
    mssip_msg_free(m);
}

int main(void) {
    header_params();
    numbers();
    views();
    params_walk();
    values_and_ids();
    core();
    name_addrs();
    return check_done("typed");
}
