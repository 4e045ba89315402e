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

int main(void) {
    test_dialog();
    test_errors_and_nulls();
    return check_done("test_routeset");
}
