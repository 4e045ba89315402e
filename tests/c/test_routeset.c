/* Signed Record-Route state (MS-SIPRE 3.6): Record-Route inserted into an INVITE, the BYE of
 * the dialog routed by it (another ring that imported the keys too), every tampering and
 * expiry refused with its code; error paths and NULLs of every call. */
#include "check.h"

#define INVITE                                                                               \
    "INVITE sip:bob@contoso.com SIP/2.0\r\n"                                                 \
    "Via: SIP/2.0/TLS 192.0.2.1:27221;branch=z9hG4bK94bd\r\n"                                \
    "From: <sip:alice@contoso.com>;tag=1\r\n"                                                \
    "To: <sip:bob@contoso.com>\r\n"                                                          \
    "Call-ID: f0ec9c595c1f412ca6b71318beb599bb\r\n"                                          \
    "CSeq: 3 INVITE\r\n"                                                                     \
    "Max-Forwards: 70\r\n"                                                                   \
    "Content-Length: 0\r\n\r\n"

static mssip_msg *parse(const char *s) {
    mssip_msg *m = NULL;
    CHECK_OK(mssip_msg_parse((const uint8_t *)s, strlen(s), &m));
    return m;
}

/* The BYE whose Route is `route_uri` (the route set of the dialog) and Call-ID `call_id`. */
static mssip_msg *bye(const char *route_uri, size_t len, const char *call_id) {
    char text[2048];
    snprintf(text, sizeof text,
             "BYE sip:alice@192.0.2.1:27221;transport=tls SIP/2.0\r\n"
             "Route: <%.*s>\r\n"
             "Via: SIP/2.0/TLS 192.0.2.9:5061;branch=z9hG4bK77\r\n"
             "From: <sip:bob@contoso.com>;tag=2\r\nTo: <sip:alice@contoso.com>;tag=1\r\n"
             "Call-ID: %s\r\nCSeq: 1 BYE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
             (int)len, route_uri, call_id);
    return parse(text);
}

static bool view_copy(mssip_str s, char *buf, size_t cap) {
    if (s.len >= cap) {
        return false;
    }
    memcpy(buf, s.ptr, s.len);
    buf[s.len] = 0;
    return true;
}

static void test_dialog(void) {
    mssip_keyring *ring = NULL, *other = NULL;
    CHECK_OK(mssip_keyring_new(0, 0, 0, &ring));
    mssip_msg *inv = parse(INVITE);
    CHECK_RC(mssip_routeset_insert(inv, ring, "edge.contoso.com", 5061, "tls", 0x2A),
             MSSIP_E_KEYRING_EMPTY);
    CHECK_OK(mssip_keyring_rotate(ring, 1000, NULL, 0));
    CHECK_OK(mssip_routeset_insert(inv, ring, "edge.contoso.com", 5061, "tls", 0x2A));
    mssip_str uri;
    CHECK_OK(mssip_msg_uri_param(inv, "Record-Route", 0, "ms-route-sig", &uri));
    CHECK(uri.len == 27);
    mssip_str rr;
    CHECK_OK(mssip_msg_header(inv, "Record-Route", 0, &rr));
    CHECK(rr.len > 0 && rr.ptr[0] == '<');
    CHECK(strncmp(rr.ptr, "<sip:edge.contoso.com:5061;transport=tls;opaque=state:", 54) == 0);
    const char *end = memchr(rr.ptr, '>', rr.len);
    CHECK(end != NULL);
    size_t ulen = (size_t)(end - rr.ptr - 1);
    char route[1024];
    memcpy(route, rr.ptr + 1, ulen);
    route[ulen] = 0;

    mssip_msg *b = bye(route, ulen, "f0ec9c595c1f412ca6b71318beb599bb");
    uint64_t cid = 0;
    CHECK_OK(mssip_routeset_read_route(b, ring, 1000, &cid));
    CHECK(cid == 0x2A);
    /* Another member of the pool with the same keys routes it too. */
    uint8_t keys[256];
    size_t klen;
    CHECK_OK(mssip_keyring_export(ring, keys, sizeof keys, &klen));
    CHECK_OK(mssip_keyring_new(0, 0, 0, &other));
    CHECK_RC(mssip_routeset_read_route(b, other, 1000, &cid), MSSIP_E_ROUTE_UNKNOWN_KEY);
    CHECK_OK(mssip_keyring_import(other, keys, klen, 1000, NULL));
    cid = 0;
    CHECK_OK(mssip_routeset_read_route(b, other, 1001, &cid));
    CHECK(cid == 0x2A);
    /* Replayed into another dialog, or with one character of the signature changed. */
    mssip_msg *replay = bye(route, ulen, "another-call");
    CHECK_RC(mssip_routeset_read_route(replay, ring, 1000, &cid), MSSIP_E_ROUTE_BAD_SIGNATURE);
    route[ulen - 1] = route[ulen - 1] == 'A' ? 'B' : 'A';
    mssip_msg *tampered = bye(route, ulen, "f0ec9c595c1f412ca6b71318beb599bb");
    CHECK_RC(mssip_routeset_read_route(tampered, ring, 1000, &cid), MSSIP_E_ROUTE_BAD_SIGNATURE);
    /* Replaced at 2000: the key verifies route sets for 8 hours, then not. */
    CHECK_OK(mssip_keyring_rotate(ring, 2000, NULL, 0));
    CHECK_OK(mssip_routeset_read_route(b, ring, 2000 + 8 * 3600 - 1, &cid));
    CHECK_RC(mssip_routeset_read_route(b, ring, 2000 + 8 * 3600, &cid), MSSIP_E_ROUTE_KEY_EXPIRED);
    /* No Route at all. */
    CHECK_RC(mssip_routeset_read_route(inv, ring, 1000, &cid), MSSIP_E_ROUTE_NO_STATE);
    /* Without a port, transport or connection. */
    mssip_msg *inv2 = parse(INVITE);
    CHECK_OK(mssip_routeset_insert(inv2, ring, "192.0.2.5", 0, NULL, 0));
    CHECK_OK(mssip_msg_header(inv2, "Record-Route", 0, &rr));
    CHECK(strncmp(rr.ptr, "<sip:192.0.2.5;opaque=state:", 28) == 0);
    mssip_msg_free(inv2);
    mssip_msg_free(tampered);
    mssip_msg_free(replay);
    mssip_msg_free(b);
    mssip_msg_free(inv);
    mssip_keyring_free(other);
    mssip_keyring_free(ring);
}

static void test_errors_and_nulls(void) {
    mssip_keyring *ring = NULL;
    CHECK_OK(mssip_keyring_new(0, 0, 0, &ring));
    CHECK_OK(mssip_keyring_rotate(ring, 0, NULL, 0));
    mssip_msg *inv = parse(INVITE);
    size_t before_len;
    uint8_t before[1024], after[1024];
    CHECK_OK(mssip_msg_serialize(inv, before, sizeof before, &before_len));
    CHECK_RC(mssip_routeset_insert(inv, ring, "bad host", 0, NULL, 0), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_routeset_insert(inv, ring, "h.example.com", 0, "t;x", 0),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_routeset_insert(inv, ring, "\xff", 0, NULL, 0), MSSIP_E_UTF8);
    size_t after_len;
    CHECK_OK(mssip_msg_serialize(inv, after, sizeof after, &after_len));
    CHECK(after_len == before_len && memcmp(before, after, before_len) == 0);
    uint64_t cid;
    CHECK_RC(mssip_routeset_insert(NULL, ring, "h", 0, NULL, 0), MSSIP_E_NULL);
    CHECK_RC(mssip_routeset_insert(inv, NULL, "h", 0, NULL, 0), MSSIP_E_NULL);
    CHECK_RC(mssip_routeset_insert(inv, ring, NULL, 0, NULL, 0), MSSIP_E_NULL);
    CHECK_RC(mssip_routeset_read_route(NULL, ring, 0, &cid), MSSIP_E_NULL);
    CHECK_RC(mssip_routeset_read_route(inv, NULL, 0, &cid), MSSIP_E_NULL);
    CHECK_RC(mssip_routeset_read_route(inv, ring, 0, NULL), MSSIP_E_NULL);
    mssip_msg_free(inv);
    mssip_keyring_free(ring);
}

/* A request from the Record-Route value `rr` (copied as a route set would be: the URI in a
 * Route, the same URI as a Contact). */
static mssip_msg *mid_dialog(const char *uri, size_t len) {
    char text[2048];
    snprintf(text, sizeof text,
             "BYE sip:alice@192.0.2.1:27221;transport=tls SIP/2.0\r\n"
             "Route: <%.*s>\r\n"
             "Contact: <sip:carol@192.0.2.7>, <%.*s>\r\n"
             "Via: SIP/2.0/TLS 192.0.2.9:5061;branch=z9hG4bK77\r\n"
             "From: <sip:bob@contoso.com>;tag=2\r\nTo: <sip:alice@contoso.com>;tag=1\r\n"
             "Call-ID: f0ec9c595c1f412ca6b71318beb599bb\r\nCSeq: 3 INVITE\r\n"
             "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
             (int)len, uri, (int)len, uri);
    return parse(text);
}

static void check_full_state(const mssip_route_state *st, bool with_params) {
    uint64_t cid = 0;
    mssip_str v;
    mssip_bytes data;
    uint32_t flags = 99;
    CHECK_OK(mssip_route_state_conn_id(st, &cid));
    CHECK(cid == 0x2A);
    CHECK_OK(mssip_route_state_field(st, MSSIP_ROUTE_FIELD_BINDING, &v));
    CHECK_STR(v, "alice@contoso.com;urn:uuid:0a");
    CHECK_OK(mssip_route_state_field(st, MSSIP_ROUTE_FIELD_CALLER, &v));
    CHECK_STR(v, "sip:alice@contoso.com");
    CHECK_OK(mssip_route_state_field(st, MSSIP_ROUTE_FIELD_CALLEE, &v));
    CHECK_STR(v, "sip:bob@contoso.com");
    CHECK_OK(mssip_route_state_data(st, &data));
    CHECK(data.len == 4 && data.ptr[0] == 0 && data.ptr[1] == 1 && data.ptr[3] == 255);
    CHECK_OK(mssip_route_state_flags(st, &flags));
    if (with_params) {
        CHECK(flags == (MSSIP_ROUTE_ROLE_RS_TO | MSSIP_ROUTE_ROLE_RS_FROM | MSSIP_ROUTE_ENT_DEST));
        CHECK_OK(mssip_route_state_field(st, MSSIP_ROUTE_FIELD_MS_OPAQUE, &v));
        CHECK_STR(v, "7");
        CHECK_OK(mssip_route_state_field(st, MSSIP_ROUTE_FIELD_MS_IDENTITY, &v));
        CHECK_STR(v, "3");
        CHECK_OK(mssip_route_state_field(st, MSSIP_ROUTE_FIELD_MS_FE, &v));
        CHECK_STR(v, "fe1.contoso.com");
        CHECK_OK(mssip_route_state_field(st, MSSIP_ROUTE_FIELD_KEY_INFO, &v));
        CHECK(v.len == 11);
    } else {
        /* Via state: no URI parameters, no key named */
        CHECK(flags == 0);
        CHECK_RC(mssip_route_state_field(st, MSSIP_ROUTE_FIELD_MS_FE, &v), MSSIP_E_NOT_FOUND);
        CHECK_RC(mssip_route_state_field(st, MSSIP_ROUTE_FIELD_KEY_INFO, &v), MSSIP_E_NOT_FOUND);
    }
}

static void full_spec(mssip_record_route_spec *spec) {
    static const uint8_t data[] = {0, 1, 2, 255};
    CHECK_OK(mssip_record_route_spec_default(spec));
    CHECK(spec->host == NULL && spec->port == 0 && !spec->role_rs_to && spec->data_len == 0);
    spec->host = "pool.contoso.com";
    spec->port = 5061;
    spec->transport = "tls";
    spec->ms_opaque = "7";
    spec->ms_identity = "3";
    spec->ms_fe = "fe1.contoso.com";
    spec->role_rs_to = spec->role_rs_from = spec->ent_dest = true;
    spec->conn_id = 0x2A;
    spec->binding = "alice@contoso.com;urn:uuid:0a";
    spec->caller = "sip:alice@contoso.com";
    spec->callee = "sip:bob@contoso.com";
    spec->data = data;
    spec->data_len = sizeof data;
}

/* MS-SIPRE 3.6.3: every ms-* parameter and state field the host asks for, read back from
 * Record-Route, Route, Contact and Via. */
static void test_spec_and_every_source(void) {
    mssip_keyring *ring = NULL;
    CHECK_OK(mssip_keyring_new(0, 0, 0, &ring));
    CHECK_OK(mssip_keyring_rotate(ring, 1000, NULL, 0));
    mssip_record_route_spec spec;
    full_spec(&spec);
    mssip_msg *inv = parse(INVITE);
    CHECK_OK(mssip_routeset_insert_spec(inv, ring, &spec));
    mssip_str rr;
    CHECK_OK(mssip_msg_header(inv, "Record-Route", 0, &rr));
    CHECK(strncmp(rr.ptr, "<sip:pool.contoso.com:5061;transport=tls;opaque=state:", 54) == 0);
    const char *order = ";ms-role-rs-to;ms-role-rs-from;lr;ms-opaque=7;ms-identity=3;"
                        "ms-fe=fe1.contoso.com;ms-ent-dest;ms-key-info=";
    char copy[1024];
    CHECK(view_copy(rr, copy, sizeof copy));
    CHECK(strstr(copy, order) != NULL);
    CHECK(strstr(copy, ">;ms-rrsig=") != NULL);

    /* Record-Route, as a request passing the proxy twice carries it */
    mssip_route_state *st = NULL;
    size_t index = 9;
    CHECK_OK(mssip_route_state_read(inv, ring, 1000, MSSIP_ROUTE_SOURCE_RECORD_ROUTE, &st));
    check_full_state(st, true);
    CHECK_OK(mssip_route_state_index(st, &index));
    CHECK(index == 0);
    mssip_route_state_free(st);

    /* Route and Contact of a later request */
    const char *end = memchr(rr.ptr, '>', rr.len);
    mssip_msg *later = mid_dialog(rr.ptr + 1, (size_t)(end - rr.ptr - 1));
    CHECK_OK(mssip_route_state_read(later, ring, 1000 + 8 * 3600 - 1, MSSIP_ROUTE_SOURCE_ROUTE, &st));
    check_full_state(st, true);
    mssip_str key;
    CHECK_OK(mssip_route_state_field(st, MSSIP_ROUTE_FIELD_KEY_INFO, &key));
    mssip_str param;
    CHECK_OK(mssip_msg_uri_param(later, "Route", 0, "ms-key-info", &param));
    CHECK(key.len == param.len && memcmp(key.ptr, param.ptr, key.len) == 0);
    mssip_route_state_free(st);
    CHECK_OK(mssip_route_state_read(later, ring, 1000, MSSIP_ROUTE_SOURCE_CONTACT, &st));
    check_full_state(st, true);
    CHECK_OK(mssip_route_state_index(st, &index));
    CHECK(index == 1); /* the first Contact carries no state */
    mssip_route_state_free(st);
    /* Record-Route state verifies for 1 hour only once its key is replaced */
    CHECK_OK(mssip_keyring_rotate(ring, 2000, NULL, 0));
    st = NULL;
    CHECK_RC(mssip_route_state_read(inv, ring, 2000 + 3600, MSSIP_ROUTE_SOURCE_RECORD_ROUTE, &st),
             MSSIP_E_ROUTE_KEY_EXPIRED);
    CHECK(st == NULL);
    CHECK_OK(mssip_route_state_read(later, ring, 2000 + 3600, MSSIP_ROUTE_SOURCE_ROUTE, &st));
    mssip_route_state_free(st);

    /* Via */
    CHECK_RC(mssip_route_state_read(later, ring, 2000, MSSIP_ROUTE_SOURCE_VIA, &st),
             MSSIP_E_ROUTE_NO_STATE);
    CHECK_OK(mssip_routeset_sign_top_via(later, ring, &spec));
    CHECK_OK(mssip_route_state_read(later, ring, 2000, MSSIP_ROUTE_SOURCE_VIA, &st));
    check_full_state(st, false);
    mssip_route_state_free(st);

    /* Contact signed by the host */
    char contact[1024];
    size_t len = 0;
    CHECK_RC(mssip_routeset_sign_contact(ring, "c1", "sip:alice@192.0.2.1", &spec, NULL, 0, &len),
             MSSIP_E_BUFFER_TOO_SMALL);
    CHECK(len > 40);
    CHECK_OK(mssip_routeset_sign_contact(ring, "c1", "sip:alice@192.0.2.1", &spec, contact,
                                         sizeof contact, &len));
    CHECK(strncmp(contact, "sip:alice@192.0.2.1;opaque=state:", 33) == 0 && strlen(contact) == len);
    CHECK_RC(mssip_routeset_sign_contact(ring, "c1", contact, &spec, contact, sizeof contact, &len),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_routeset_sign_contact(ring, "c1", "not a uri", &spec, contact, sizeof contact,
                                         &len),
             MSSIP_E_INVALID_ARGUMENT);

    /* A state with nothing in it */
    mssip_record_route_spec bare;
    CHECK_OK(mssip_record_route_spec_default(&bare));
    bare.host = "192.0.2.5";
    mssip_msg *inv2 = parse(INVITE);
    CHECK_OK(mssip_routeset_insert_spec(inv2, ring, &bare));
    CHECK_OK(mssip_route_state_read(inv2, ring, 2000, MSSIP_ROUTE_SOURCE_RECORD_ROUTE, &st));
    uint64_t cid;
    mssip_str v;
    mssip_bytes data;
    CHECK_RC(mssip_route_state_conn_id(st, &cid), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_route_state_field(st, MSSIP_ROUTE_FIELD_CALLER, &v), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_route_state_field(st, MSSIP_ROUTE_FIELD_MS_FE, &v), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_route_state_data(st, &data), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_route_state_field(st, (mssip_route_field)99, &v), MSSIP_E_INVALID_ARGUMENT);
    mssip_route_state_free(st);
    mssip_msg_free(inv2);
    mssip_msg_free(later);
    mssip_msg_free(inv);
    mssip_keyring_free(ring);
}

static void test_spec_errors_and_nulls(void) {
    mssip_keyring *ring = NULL;
    CHECK_OK(mssip_keyring_new(0, 0, 0, &ring));
    mssip_record_route_spec spec;
    full_spec(&spec);
    mssip_msg *inv = parse(INVITE);
    CHECK_RC(mssip_routeset_insert_spec(inv, ring, &spec), MSSIP_E_KEYRING_EMPTY);
    CHECK_OK(mssip_keyring_rotate(ring, 0, NULL, 0));
    size_t before_len, after_len;
    uint8_t before[2048], after[2048];
    CHECK_OK(mssip_msg_serialize(inv, before, sizeof before, &before_len));
    spec.ms_fe = "a b";
    CHECK_RC(mssip_routeset_insert_spec(inv, ring, &spec), MSSIP_E_INVALID_ARGUMENT);
    spec.ms_fe = NULL;
    char longer[300];
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = 0;
    spec.caller = longer;
    CHECK_RC(mssip_routeset_insert_spec(inv, ring, &spec), MSSIP_E_INVALID_ARGUMENT);
    spec.caller = NULL;
    spec.data = NULL;
    CHECK_RC(mssip_routeset_insert_spec(inv, ring, &spec), MSSIP_E_NULL);
    spec.data_len = 0;
    spec.host = NULL;
    CHECK_RC(mssip_routeset_insert_spec(inv, ring, &spec), MSSIP_E_NULL);
    spec.host = "\xff";
    CHECK_RC(mssip_routeset_insert_spec(inv, ring, &spec), MSSIP_E_UTF8);
    CHECK_OK(mssip_msg_serialize(inv, after, sizeof after, &after_len));
    CHECK(after_len == before_len && memcmp(before, after, before_len) == 0);
    spec.host = "h.contoso.com";
    CHECK_RC(mssip_routeset_insert_spec(NULL, ring, &spec), MSSIP_E_NULL);
    CHECK_RC(mssip_routeset_insert_spec(inv, NULL, &spec), MSSIP_E_NULL);
    CHECK_RC(mssip_routeset_insert_spec(inv, ring, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_record_route_spec_default(NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_routeset_sign_top_via(NULL, ring, &spec), MSSIP_E_NULL);
    CHECK_RC(mssip_routeset_sign_top_via(inv, NULL, &spec), MSSIP_E_NULL);
    CHECK_RC(mssip_routeset_sign_top_via(inv, ring, NULL), MSSIP_E_NULL);
    char out[512];
    size_t len;
    CHECK_RC(mssip_routeset_sign_contact(NULL, "c", "sip:a@b", &spec, out, sizeof out, &len),
             MSSIP_E_NULL);
    CHECK_RC(mssip_routeset_sign_contact(ring, NULL, "sip:a@b", &spec, out, sizeof out, &len),
             MSSIP_E_NULL);
    CHECK_RC(mssip_routeset_sign_contact(ring, "c", NULL, &spec, out, sizeof out, &len),
             MSSIP_E_NULL);
    CHECK_RC(mssip_routeset_sign_contact(ring, "c", "sip:a@b", NULL, out, sizeof out, &len),
             MSSIP_E_NULL);
    CHECK_RC(mssip_routeset_sign_contact(ring, "c", "sip:a@b", &spec, out, sizeof out, NULL),
             MSSIP_E_NULL);

    mssip_route_state *st = NULL;
    CHECK_RC(mssip_route_state_read(inv, ring, 0, (mssip_route_source)9, &st),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_route_state_read(inv, ring, 0, MSSIP_ROUTE_SOURCE_ROUTE, &st),
             MSSIP_E_ROUTE_NO_STATE);
    CHECK_RC(mssip_route_state_read(inv, ring, 0, MSSIP_ROUTE_SOURCE_CONTACT, &st),
             MSSIP_E_ROUTE_NO_STATE);
    CHECK_RC(mssip_route_state_read(NULL, ring, 0, MSSIP_ROUTE_SOURCE_ROUTE, &st), MSSIP_E_NULL);
    CHECK_RC(mssip_route_state_read(inv, NULL, 0, MSSIP_ROUTE_SOURCE_ROUTE, &st), MSSIP_E_NULL);
    CHECK_RC(mssip_route_state_read(inv, ring, 0, MSSIP_ROUTE_SOURCE_ROUTE, NULL), MSSIP_E_NULL);
    CHECK(st == NULL);
    uint64_t cid;
    mssip_str v;
    mssip_bytes b;
    uint32_t flags;
    size_t index;
    CHECK_RC(mssip_route_state_conn_id(NULL, &cid), MSSIP_E_NULL);
    CHECK_RC(mssip_route_state_field(NULL, MSSIP_ROUTE_FIELD_CALLER, &v), MSSIP_E_NULL);
    CHECK_RC(mssip_route_state_data(NULL, &b), MSSIP_E_NULL);
    CHECK_RC(mssip_route_state_flags(NULL, &flags), MSSIP_E_NULL);
    CHECK_RC(mssip_route_state_index(NULL, &index), MSSIP_E_NULL);
    CHECK_OK(mssip_routeset_insert_spec(inv, ring, &spec));
    CHECK_OK(mssip_route_state_read(inv, ring, 0, MSSIP_ROUTE_SOURCE_RECORD_ROUTE, &st));
    CHECK_RC(mssip_route_state_conn_id(st, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_route_state_field(st, MSSIP_ROUTE_FIELD_CALLER, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_route_state_data(st, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_route_state_flags(st, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_route_state_index(st, NULL), MSSIP_E_NULL);
    mssip_route_state_free(st);
    mssip_route_state_free(NULL);
    mssip_msg_free(inv);
    mssip_keyring_free(ring);
}

int main(void) {
    test_dialog();
    test_errors_and_nulls();
    test_spec_and_every_source();
    test_spec_errors_and_nulls();
    return check_done("test_routeset");
}
