/* Edits of a mssip_msg: headers, values, header and URI parameters, Request-URI, body.
 * Each edit must change only its bytes, and a failed edit must change nothing. */
#include "check.h"

static const char REQ[] =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/TLS 192.0.2.7;branch=z9hG4bK2\r\n"
    "Max-Forwards: 70\r\n"
    "From: <sip:alice@atlanta.example.com>;tag=1\r\n"
    "To: sip:bob@biloxi.example.com\r\n"
    "Call-ID: c1\r\n"
    "CSeq: 1 INVITE\r\n"
    "Contact: <sip:alice@192.0.2.7;transport=tls>;expires=60, <sip:alice@192.0.2.9>\r\n"
    "Supported: gruu-10, ms-forking\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

static const char RESP[] =
    "SIP/2.0 200 OK\r\n"
    "Via: SIP/2.0/TLS 192.0.2.7;branch=z9hG4bK2\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

/* Checks that the whole message now reads `want`. */
static void expect_text(const mssip_msg *msg, const char *want, int line) {
    char *text = check_serialize(msg);
    if (strcmp(text, want) == 0) {
        check_passed++;
    } else {
        check_failed++;
        fprintf(stderr, "test_edit.c:%d: message is\n%s\nexpected\n%s\n", line, text, want);
    }
    free(text);
}
#define EXPECT_TEXT(msg, want) expect_text((msg), (want), __LINE__)

static void test_add_prepend_remove_header(void) {
    mssip_msg *msg = check_parse(REQ);
    CHECK_OK(mssip_msg_add_header(msg, "X-Trace", "abc"));
    CHECK_OK(mssip_msg_prepend_header(msg, "Via", "SIP/2.0/TLS proxy.example.com;branch=z9hG4bKp"));
    mssip_str v;
    CHECK_OK(mssip_msg_header(msg, "Via", 0, &v));
    CHECK_STR(v, "SIP/2.0/TLS proxy.example.com;branch=z9hG4bKp");
    size_t n = 0;
    CHECK_OK(mssip_msg_field_count(msg, &n));
    CHECK(n == 11);
    mssip_str name;
    CHECK_OK(mssip_msg_field(msg, 10, &name, &v));
    CHECK_STR(name, "X-Trace");

    CHECK_OK(mssip_msg_remove_field(msg, "Via", 0));
    CHECK_OK(mssip_msg_remove_field(msg, "X-Trace", 0));
    EXPECT_TEXT(msg, REQ);

    /* Refused arguments change nothing. */
    CHECK_RC(mssip_msg_add_header(msg, "Bad Name", "x"), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_add_header(msg, "X-Inject", "a\r\nVia: evil"), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_prepend_header(msg, "X-Inject", "a\nb"), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_remove_field(msg, "Via", 1), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_msg_remove_field(msg, "X-Absent", 0), MSSIP_E_NOT_FOUND);
    EXPECT_TEXT(msg, REQ);

    /* NULLs and bad UTF-8. */
    CHECK_RC(mssip_msg_add_header(NULL, "A", "b"), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_add_header(msg, NULL, "b"), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_add_header(msg, "A", NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_add_header(msg, "A", "\xff"), MSSIP_E_UTF8);
    CHECK_RC(mssip_msg_prepend_header(NULL, "A", "b"), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_prepend_header(msg, NULL, "b"), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_prepend_header(msg, "A", NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_remove_field(NULL, "Via", 0), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_remove_field(msg, NULL, 0), MSSIP_E_NULL);
    EXPECT_TEXT(msg, REQ);
    mssip_msg_free(msg);
}

/* mssip_msg_remove_field counts fields (lines); mssip_msg_header counts values. */
static void test_remove_field_counts_fields(void) {
    mssip_msg *msg = check_parse(REQ);
    CHECK_OK(mssip_msg_add_header(msg, "Supported", "timer"));
    mssip_str v;
    CHECK_OK(mssip_msg_header(msg, "Supported", 2, &v));
    CHECK_STR(v, "timer");
    /* Field 1 is the second Supported line, which holds value 2. */
    CHECK_OK(mssip_msg_remove_field(msg, "Supported", 1));
    CHECK_OK(mssip_msg_header(msg, "Supported", 1, &v));
    CHECK_STR(v, "ms-forking");
    CHECK_RC(mssip_msg_header(msg, "Supported", 2, &v), MSSIP_E_NOT_FOUND);
    EXPECT_TEXT(msg, REQ);
    /* Field 0 takes both of its values with it. */
    CHECK_OK(mssip_msg_remove_field(msg, "Supported", 0));
    CHECK_RC(mssip_msg_header(msg, "Supported", 0, &v), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_msg_remove_field(msg, "Supported", 0), MSSIP_E_NOT_FOUND);
    mssip_msg_free(msg);
}

static void test_remove_all(void) {
    mssip_msg *msg = check_parse(REQ);
    CHECK_OK(mssip_msg_add_header(msg, "Supported", "timer"));
    size_t removed = 0;
    CHECK_OK(mssip_msg_remove_all(msg, "supported", &removed));
    CHECK(removed == 2);
    CHECK_OK(mssip_msg_remove_all(msg, "Supported", NULL)); /* count is optional */
    removed = 9;
    CHECK_OK(mssip_msg_remove_all(msg, "X-None", &removed));
    CHECK(removed == 0);
    size_t count = 1;
    CHECK_OK(mssip_msg_header_count(msg, "Supported", &count));
    CHECK(count == 0);
    CHECK_RC(mssip_msg_remove_all(NULL, "Via", &removed), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_remove_all(msg, NULL, &removed), MSSIP_E_NULL);
    mssip_msg_free(msg);
}

static void test_values(void) {
    mssip_msg *msg = check_parse(REQ);
    CHECK_OK(mssip_msg_replace_value(msg, "Supported", 1, "ms-dialog-route-set-update"));
    mssip_str v;
    CHECK_OK(mssip_msg_header(msg, "Supported", 1, &v));
    CHECK_STR(v, "ms-dialog-route-set-update");
    CHECK_OK(mssip_msg_remove_value(msg, "Contact", 0));
    CHECK_OK(mssip_msg_header(msg, "Contact", 0, &v));
    CHECK_STR(v, "<sip:alice@192.0.2.9>");
    size_t count = 0;
    CHECK_OK(mssip_msg_header_count(msg, "Contact", &count));
    CHECK(count == 1);

    CHECK_RC(mssip_msg_replace_value(msg, "Supported", 5, "x"), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_msg_replace_value(msg, "Supported", 0, "x\r\ny"), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_remove_value(msg, "Contact", 1), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_msg_remove_value(NULL, "Contact", 0), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_remove_value(msg, NULL, 0), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_replace_value(NULL, "Supported", 0, "x"), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_replace_value(msg, NULL, 0, "x"), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_replace_value(msg, "Supported", 0, NULL), MSSIP_E_NULL);
    CHECK_OK(mssip_msg_header(msg, "Supported", 0, &v));
    CHECK_STR(v, "gruu-10");
    mssip_msg_free(msg);
}

static void test_header_params(void) {
    mssip_msg *msg = check_parse(REQ);
    mssip_str v;
    CHECK_OK(mssip_msg_set_header_param(msg, "To", 0, "tag", "8321234356"));
    CHECK_OK(mssip_msg_header(msg, "To", 0, &v));
    CHECK_STR(v, "sip:bob@biloxi.example.com;tag=8321234356");
    CHECK_OK(mssip_msg_set_header_param(msg, "Contact", 0, "expires", "120"));
    CHECK_OK(mssip_msg_set_header_param(msg, "Contact", 0, "ms-keep-alive", NULL)); /* no value */
    CHECK_OK(mssip_msg_header(msg, "Contact", 0, &v));
    CHECK_STR(v, "<sip:alice@192.0.2.7;transport=tls>;expires=120;ms-keep-alive");
    CHECK_OK(mssip_msg_remove_header_param(msg, "Contact", 0, "expires"));
    CHECK_OK(mssip_msg_header(msg, "Contact", 0, &v));
    CHECK_STR(v, "<sip:alice@192.0.2.7;transport=tls>;ms-keep-alive");

    CHECK_RC(mssip_msg_remove_header_param(msg, "Contact", 0, "expires"), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_msg_set_header_param(msg, "Contact", 7, "a", "b"), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_msg_set_header_param(msg, "Contact", 0, "bad name", "b"),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_set_header_param(NULL, "To", 0, "a", "b"), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_set_header_param(msg, NULL, 0, "a", "b"), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_set_header_param(msg, "To", 0, NULL, "b"), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_set_header_param(msg, "To", 0, "a", "\xff"), MSSIP_E_UTF8);
    CHECK_RC(mssip_msg_remove_header_param(NULL, "To", 0, "tag"), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_remove_header_param(msg, NULL, 0, "tag"), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_remove_header_param(msg, "To", 0, NULL), MSSIP_E_NULL);
    CHECK_OK(mssip_msg_header(msg, "To", 0, &v));
    CHECK_STR(v, "sip:bob@biloxi.example.com;tag=8321234356");
    mssip_msg_free(msg);
}

static void test_uri_params(void) {
    mssip_msg *msg = check_parse(REQ);
    mssip_str v;
    CHECK_OK(mssip_msg_set_uri_param(msg, "Contact", 1, "transport", "tcp"));
    CHECK_OK(mssip_msg_header(msg, "Contact", 1, &v));
    CHECK_STR(v, "<sip:alice@192.0.2.9;transport=tcp>");
    CHECK_OK(mssip_msg_remove_uri_param(msg, "Contact", 0, "transport"));
    CHECK_OK(mssip_msg_header(msg, "Contact", 0, &v));
    CHECK_STR(v, "<sip:alice@192.0.2.7>;expires=60");
    /* An addr-spec without angle brackets gets them, so the parameter stays in the URI. */
    CHECK_OK(mssip_msg_set_uri_param(msg, "To", 0, "user", "phone"));
    CHECK_OK(mssip_msg_header(msg, "To", 0, &v));
    CHECK_STR(v, "<sip:bob@biloxi.example.com;user=phone>");
    CHECK_OK(mssip_msg_set_uri_param(msg, "To", 0, "lr", NULL));
    CHECK_OK(mssip_msg_header(msg, "To", 0, &v));
    CHECK_STR(v, "<sip:bob@biloxi.example.com;user=phone;lr>");

    CHECK_RC(mssip_msg_remove_uri_param(msg, "Contact", 0, "transport"), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_msg_set_uri_param(msg, "Route", 0, "lr", NULL), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_msg_set_uri_param(NULL, "To", 0, "a", NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_set_uri_param(msg, NULL, 0, "a", NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_set_uri_param(msg, "To", 0, NULL, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_remove_uri_param(NULL, "To", 0, "lr"), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_remove_uri_param(msg, NULL, 0, "lr"), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_remove_uri_param(msg, "To", 0, NULL), MSSIP_E_NULL);
    mssip_msg_free(msg);
}

static void test_request_uri(void) {
    mssip_msg *msg = check_parse(REQ);
    mssip_msg *resp = check_parse(RESP);
    mssip_str v;
    CHECK_OK(mssip_msg_set_request_uri(msg, "sip:bob@192.0.2.4:5061;transport=tls"));
    CHECK_OK(mssip_msg_request_uri(msg, &v));
    CHECK_STR(v, "sip:bob@192.0.2.4:5061;transport=tls");
    CHECK_OK(mssip_msg_set_request_uri_param(msg, "ms-opaque", "abc"));
    CHECK_OK(mssip_msg_remove_request_uri_param(msg, "transport"));
    CHECK_OK(mssip_msg_request_uri(msg, &v));
    CHECK_STR(v, "sip:bob@192.0.2.4:5061;ms-opaque=abc");
    CHECK_OK(mssip_msg_set_request_uri_param(msg, "lr", NULL));
    CHECK_OK(mssip_msg_request_uri(msg, &v));
    CHECK_STR(v, "sip:bob@192.0.2.4:5061;ms-opaque=abc;lr");

    CHECK_RC(mssip_msg_set_request_uri(msg, "not a uri"), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_remove_request_uri_param(msg, "transport"), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_msg_set_request_uri(resp, "sip:a@b"), MSSIP_E_WRONG_KIND);
    CHECK_RC(mssip_msg_set_request_uri_param(resp, "lr", NULL), MSSIP_E_WRONG_KIND);
    CHECK_RC(mssip_msg_remove_request_uri_param(resp, "lr"), MSSIP_E_WRONG_KIND);
    CHECK_RC(mssip_msg_set_request_uri(NULL, "sip:a@b"), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_set_request_uri(msg, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_set_request_uri_param(NULL, "lr", NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_set_request_uri_param(msg, NULL, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_remove_request_uri_param(NULL, "lr"), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_remove_request_uri_param(msg, NULL), MSSIP_E_NULL);
    CHECK_OK(mssip_msg_request_uri(msg, &v));
    CHECK_STR(v, "sip:bob@192.0.2.4:5061;ms-opaque=abc;lr");
    mssip_msg_free(msg);
    mssip_msg_free(resp);
}

static void test_set_body(void) {
    mssip_msg *msg = check_parse(REQ);
    const char sdp[] = "v=0\r\no=- 1 1 IN IP4 192.0.2.7\r\n";
    CHECK_OK(mssip_msg_set_body(msg, "application/sdp", (const uint8_t *)sdp, strlen(sdp)));
    mssip_bytes body;
    CHECK_OK(mssip_msg_body(msg, &body));
    CHECK(body.len == strlen(sdp) && memcmp(body.ptr, sdp, body.len) == 0);
    mssip_str v;
    CHECK_OK(mssip_msg_header(msg, "Content-Length", 0, &v));
    char want_len[16];
    snprintf(want_len, sizeof want_len, "%zu", strlen(sdp));
    CHECK_STR(v, want_len);
    CHECK_OK(mssip_msg_header(msg, "Content-Type", 0, &v));
    CHECK_STR(v, "application/sdp");

    /* Emptying the body with NULL content type drops Content-Type; NULL body is fine with 0. */
    CHECK_OK(mssip_msg_set_body(msg, NULL, NULL, 0));
    size_t count = 1;
    CHECK_OK(mssip_msg_header_count(msg, "Content-Type", &count));
    CHECK(count == 0);
    CHECK_OK(mssip_msg_header(msg, "Content-Length", 0, &v));
    CHECK_STR(v, "0");
    EXPECT_TEXT(msg, REQ);

    CHECK_RC(mssip_msg_set_body(msg, "text/plain", NULL, 3), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_set_body(NULL, "text/plain", (const uint8_t *)"x", 1), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_set_body(msg, "text/plain\r\nX: y", (const uint8_t *)"x", 1),
             MSSIP_E_INVALID_ARGUMENT);

    /* Over the message's own limits: refused, nothing changed. */
    mssip_limits limits;
    CHECK_OK(mssip_limits_default(&limits));
    limits.max_message_size = 400;
    mssip_msg *small = NULL;
    CHECK_OK(mssip_msg_parse_with_limits((const uint8_t *)REQ, strlen(REQ), &limits, &small));
    static uint8_t big[1000];
    memset(big, 'a', sizeof big);
    CHECK_RC(mssip_msg_set_body(small, "text/plain", big, sizeof big), MSSIP_E_LIMIT);
    EXPECT_TEXT(small, REQ);
    mssip_msg_free(small);
    EXPECT_TEXT(msg, REQ);
    mssip_msg_free(msg);
}

int main(void) {
    test_add_prepend_remove_header();
    test_remove_field_counts_fields();
    test_remove_all();
    test_values();
    test_header_params();
    test_uri_params();
    test_request_uri();
    test_set_body();
    return check_done("test_edit");
}
