/* mssip_msg: parsing, serialization, header and start-line access, body, NULL handling,
 * buffer-size negotiation, outputs untouched on failure. */
#include "check.h"

static const char INVITE[] =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/TLS proxy.example.com:5061;branch=z9hG4bK1, SIP/2.0/TLS 192.0.2.7;branch=z9hG4bK2\r\n"
    "v: SIP/2.0/TCP 192.0.2.8;branch=z9hG4bK3\r\n"
    "Max-Forwards: 69\r\n"
    "f: \"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774;epid=01010101\r\n"
    "To: <sip:bob@biloxi.example.com>\r\n"
    "Call-ID: a84b4c76e66710\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@192.0.2.7;transport=tls>;expires=60, <sip:alice@192.0.2.9>\r\n"
    "Subject: lunch, maybe\r\n"
    "X-Custom:   padded value   \r\n"
    "Content-Type: text/plain\r\n"
    "Content-Length: 5\r\n"
    "\r\n"
    "hello";

static const char RESPONSE[] =
    "SIP/2.0 486 Busy Here\r\n"
    "Via: SIP/2.0/TLS 192.0.2.7;branch=z9hG4bK2\r\n"
    "From: <sip:alice@atlanta.example.com>;tag=1\r\n"
    "To: <sip:bob@biloxi.example.com>;tag=2\r\n"
    "Call-ID: x\r\n"
    "CSeq: 1 INVITE\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

static void test_parse_and_free(void) {
    mssip_msg *msg = NULL;
    CHECK_OK(mssip_msg_parse((const uint8_t *)INVITE, strlen(INVITE), &msg));
    CHECK(msg != NULL);
    mssip_msg_free(msg);
    mssip_msg_free(NULL); /* accepted */

    /* NULL arguments, and *out untouched on failure. */
    mssip_msg *untouched = (mssip_msg *)&untouched;
    CHECK_RC(mssip_msg_parse(NULL, 10, &untouched), MSSIP_E_NULL);
    CHECK(untouched == (mssip_msg *)&untouched);
    /* NULL with length 0 is an empty input, as everywhere. */
    CHECK_RC(mssip_msg_parse(NULL, 0, &untouched), MSSIP_E_EMPTY);
    CHECK(untouched == (mssip_msg *)&untouched);
    CHECK_RC(mssip_msg_parse((const uint8_t *)INVITE, strlen(INVITE), NULL), MSSIP_E_NULL);
    CHECK_LAST_ERROR_HAS("out is NULL");

    /* Malformed input: a precise code, nothing written. */
    struct {
        const char *text;
        mssip_result want;
    } bad[] = {
        {"", MSSIP_E_EMPTY},
        {"INVITE sip:a@b SIP/2.0\r\nTo: <sip:a@b>\r\n", MSSIP_E_INCOMPLETE},
        {"HELLO\r\n\r\n", MSSIP_E_BAD_START_LINE},
        {"INVITE sip:a@b SIP/X\r\n\r\n", MSSIP_E_BAD_VERSION},
        {"SIP/2.0 99999 Huge\r\n\r\n", MSSIP_E_BAD_STATUS_CODE},
        {"INVITE sip:a@b SIP/2.0\r\nthis is not a header\r\n\r\n", MSSIP_E_BAD_HEADER},
        {"INVITE sip:a@b SIP/2.0\r\nSubject: \xff\xfe\r\n\r\n", MSSIP_E_HEADER_NOT_UTF8},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        untouched = (mssip_msg *)&untouched;
        mssip_result rc =
            mssip_msg_parse((const uint8_t *)bad[i].text, strlen(bad[i].text), &untouched);
        CHECK(rc == bad[i].want);
        if (rc != bad[i].want) {
            fprintf(stderr, "  case %zu: got %s (%s)\n", i, mssip_result_str(rc),
                    mssip_last_error());
        }
        CHECK(untouched == (mssip_msg *)&untouched);
        CHECK(strlen(mssip_last_error()) > 0);
    }
    /* A zero-length parse with a valid pointer is empty input, not a NULL error. */
    CHECK_RC(mssip_msg_parse((const uint8_t *)"", 0, &untouched), MSSIP_E_EMPTY);
}

static void test_parse_with_limits(void) {
    mssip_limits limits;
    CHECK_OK(mssip_limits_default(&limits));
    mssip_msg *msg = NULL;
    /* NULL limits means the defaults. */
    CHECK_OK(mssip_msg_parse_with_limits((const uint8_t *)INVITE, strlen(INVITE), NULL, &msg));
    mssip_msg_free(msg);
    msg = NULL;

    limits.max_headers = 3;
    CHECK_RC(mssip_msg_parse_with_limits((const uint8_t *)INVITE, strlen(INVITE), &limits, &msg),
             MSSIP_E_LIMIT);
    CHECK(msg == NULL);
    CHECK_LAST_ERROR_HAS("max_headers");

    CHECK_OK(mssip_limits_default(&limits));
    limits.max_message_size = 100;
    CHECK_RC(mssip_msg_parse_with_limits((const uint8_t *)INVITE, strlen(INVITE), &limits, &msg),
             MSSIP_E_LIMIT);
    CHECK_LAST_ERROR_HAS("max_message_size");

    CHECK_RC(mssip_msg_parse_with_limits(NULL, 1, &limits, &msg), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_parse_with_limits((const uint8_t *)INVITE, 1, &limits, NULL),
             MSSIP_E_NULL);
}

static void test_serialize(void) {
    mssip_msg *msg = check_parse(INVITE);
    size_t len = 0;
    size_t n = strlen(INVITE);

    /* Asking for the size. */
    CHECK_RC(mssip_msg_serialize(msg, NULL, 0, &len), MSSIP_E_BUFFER_TOO_SMALL);
    CHECK(len == n);

    /* One byte short: needed length reported, buffer untouched. */
    char buf[1024];
    memset(buf, '#', sizeof buf);
    len = 0;
    CHECK_RC(mssip_msg_serialize(msg, (uint8_t *)buf, n - 1, &len), MSSIP_E_BUFFER_TOO_SMALL);
    CHECK(len == n);
    CHECK(buf[0] == '#' && buf[n - 2] == '#');

    /* Exactly enough: byte-identical, no NUL appended (bytes, not text). */
    len = 0;
    CHECK_OK(mssip_msg_serialize(msg, (uint8_t *)buf, n, &len));
    CHECK(len == n && memcmp(buf, INVITE, n) == 0);
    CHECK(buf[n] == '#');

    /* NULL handling. */
    CHECK_RC(mssip_msg_serialize(NULL, (uint8_t *)buf, sizeof buf, &len), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_serialize(msg, NULL, 10, &len), MSSIP_E_NULL);
    len = 7;
    CHECK_RC(mssip_msg_serialize(msg, (uint8_t *)buf, sizeof buf, NULL), MSSIP_E_NULL);
    CHECK(len == 7);

    /* Zero-copy view of the same bytes. */
    mssip_bytes wire = {NULL, 0};
    CHECK_OK(mssip_msg_bytes(msg, &wire));
    CHECK(wire.len == n && memcmp(wire.ptr, INVITE, n) == 0);
    mssip_bytes untouched = {NULL, 77};
    CHECK_RC(mssip_msg_bytes(NULL, &untouched), MSSIP_E_NULL);
    CHECK(untouched.ptr == NULL && untouched.len == 77);
    CHECK_RC(mssip_msg_bytes(msg, NULL), MSSIP_E_NULL);
    mssip_msg_free(msg);
}

static void test_clone(void) {
    mssip_msg *msg = check_parse(INVITE);
    mssip_msg *copy = NULL;
    CHECK_OK(mssip_msg_clone(msg, &copy));
    mssip_msg_free(msg); /* the copy is independent */
    char *text = check_serialize(copy);
    CHECK(strcmp(text, INVITE) == 0);
    free(text);
    CHECK_RC(mssip_msg_clone(NULL, &copy), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_clone(copy, NULL), MSSIP_E_NULL);
    mssip_msg_free(copy);
}

static void test_header(void) {
    mssip_msg *msg = check_parse(INVITE);
    mssip_str v;

    /* index counts values: the first Via field holds two, the compact "v:" field one. */
    CHECK_OK(mssip_msg_header(msg, "Via", 0, &v));
    CHECK_STR(v, "SIP/2.0/TLS proxy.example.com:5061;branch=z9hG4bK1");
    CHECK_OK(mssip_msg_header(msg, "via", 1, &v));
    CHECK_STR(v, "SIP/2.0/TLS 192.0.2.7;branch=z9hG4bK2");
    CHECK_OK(mssip_msg_header(msg, "v", 2, &v));
    CHECK_STR(v, "SIP/2.0/TCP 192.0.2.8;branch=z9hG4bK3");
    v = check_sentinel_str();
    CHECK_RC(mssip_msg_header(msg, "Via", 3, &v), MSSIP_E_NOT_FOUND);
    CHECK(check_is_sentinel(v));

    /* Compact form written in the message, full name asked (and the other way round). */
    CHECK_OK(mssip_msg_header(msg, "From", 0, &v));
    CHECK_STR(v, "\"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774;epid=01010101");
    CHECK_OK(mssip_msg_header(msg, "t", 0, &v));
    CHECK_STR(v, "<sip:bob@biloxi.example.com>");

    /* Contact is a list; Subject is not, so its comma stays inside the one value. */
    CHECK_OK(mssip_msg_header(msg, "Contact", 1, &v));
    CHECK_STR(v, "<sip:alice@192.0.2.9>");
    CHECK_OK(mssip_msg_header(msg, "Subject", 0, &v));
    CHECK_STR(v, "lunch, maybe");
    CHECK_RC(mssip_msg_header(msg, "Subject", 1, &v), MSSIP_E_NOT_FOUND);

    /* Unknown headers match case-insensitively; values are trimmed. */
    CHECK_OK(mssip_msg_header(msg, "x-custom", 0, &v));
    CHECK_STR(v, "padded value");
    CHECK_RC(mssip_msg_header(msg, "X-Absent", 0, &v), MSSIP_E_NOT_FOUND);
    CHECK_LAST_ERROR_HAS("X-Absent");

    /* NULLs and bad UTF-8 in the name. */
    v = check_sentinel_str();
    CHECK_RC(mssip_msg_header(NULL, "Via", 0, &v), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_header(msg, NULL, 0, &v), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_header(msg, "Via", 0, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_header(msg, "V\xff", 0, &v), MSSIP_E_UTF8);
    CHECK(check_is_sentinel(v));

    /* Counting. */
    size_t count = 99;
    CHECK_OK(mssip_msg_header_count(msg, "Via", &count));
    CHECK(count == 3);
    CHECK_OK(mssip_msg_header_count(msg, "m", &count)); /* Contact, compact */
    CHECK(count == 2);
    CHECK_OK(mssip_msg_header_count(msg, "Route", &count));
    CHECK(count == 0);
    count = 99;
    CHECK_RC(mssip_msg_header_count(NULL, "Via", &count), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_header_count(msg, NULL, &count), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_header_count(msg, "Via", NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_header_count(msg, "\xc3", &count), MSSIP_E_UTF8);
    CHECK(count == 99);
    mssip_msg_free(msg);
}

static void test_fields(void) {
    mssip_msg *msg = check_parse(INVITE);
    size_t count = 0;
    CHECK_OK(mssip_msg_field_count(msg, &count));
    CHECK(count == 12);
    mssip_str name, value;
    CHECK_OK(mssip_msg_field(msg, 0, &name, &value));
    CHECK_STR(name, "Via");
    CHECK_STR(value,
              "SIP/2.0/TLS proxy.example.com:5061;branch=z9hG4bK1, SIP/2.0/TLS 192.0.2.7;branch=z9hG4bK2");
    CHECK_OK(mssip_msg_field(msg, 1, &name, &value));
    CHECK_STR(name, "v"); /* as written */
    CHECK_OK(mssip_msg_field(msg, 11, &name, &value));
    CHECK_STR(name, "Content-Length");
    CHECK_STR(value, "5");
    name = check_sentinel_str();
    value = check_sentinel_str();
    CHECK_RC(mssip_msg_field(msg, 12, &name, &value), MSSIP_E_NOT_FOUND);
    CHECK(check_is_sentinel(name) && check_is_sentinel(value));
    CHECK_RC(mssip_msg_field(NULL, 0, &name, &value), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_field(msg, 0, NULL, &value), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_field(msg, 0, &name, NULL), MSSIP_E_NULL);
    CHECK(check_is_sentinel(name) && check_is_sentinel(value));
    CHECK_RC(mssip_msg_field_count(NULL, &count), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_field_count(msg, NULL), MSSIP_E_NULL);
    mssip_msg_free(msg);
}

static void test_start_line(void) {
    mssip_msg *req = check_parse(INVITE);
    mssip_msg *resp = check_parse(RESPONSE);
    bool is_req = false;
    mssip_str s;
    uint16_t status = 0;

    CHECK_OK(mssip_msg_is_request(req, &is_req));
    CHECK(is_req);
    CHECK_OK(mssip_msg_is_request(resp, &is_req));
    CHECK(!is_req);
    CHECK_RC(mssip_msg_is_request(NULL, &is_req), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_is_request(req, NULL), MSSIP_E_NULL);

    CHECK_OK(mssip_msg_method(req, &s));
    CHECK_STR(s, "INVITE");
    CHECK_OK(mssip_msg_request_uri(req, &s));
    CHECK_STR(s, "sip:bob@biloxi.example.com");
    CHECK_OK(mssip_msg_version(req, &s));
    CHECK_STR(s, "SIP/2.0");
    CHECK_OK(mssip_msg_status(resp, &status));
    CHECK(status == 486);
    CHECK_OK(mssip_msg_reason(resp, &s));
    CHECK_STR(s, "Busy Here");
    CHECK_OK(mssip_msg_version(resp, &s));
    CHECK_STR(s, "SIP/2.0");

    /* Asking a request for response parts (and the other way round). */
    s = check_sentinel_str();
    status = 7;
    CHECK_RC(mssip_msg_status(req, &status), MSSIP_E_WRONG_KIND);
    CHECK(status == 7);
    CHECK_RC(mssip_msg_reason(req, &s), MSSIP_E_WRONG_KIND);
    CHECK_RC(mssip_msg_method(resp, &s), MSSIP_E_WRONG_KIND);
    CHECK_RC(mssip_msg_request_uri(resp, &s), MSSIP_E_WRONG_KIND);
    CHECK(check_is_sentinel(s));

    /* NULLs. */
    CHECK_RC(mssip_msg_method(NULL, &s), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_method(req, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_request_uri(NULL, &s), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_request_uri(req, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_version(NULL, &s), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_version(req, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_status(NULL, &status), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_status(resp, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_reason(NULL, &s), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_reason(resp, NULL), MSSIP_E_NULL);
    CHECK(check_is_sentinel(s));
    mssip_msg_free(req);
    mssip_msg_free(resp);
}

static void test_body(void) {
    mssip_msg *req = check_parse(INVITE);
    mssip_msg *resp = check_parse(RESPONSE);
    mssip_bytes body = {NULL, 99};
    CHECK_OK(mssip_msg_body(req, &body));
    CHECK(body.len == 5 && memcmp(body.ptr, "hello", 5) == 0);
    CHECK_OK(mssip_msg_body(resp, &body));
    CHECK(body.len == 0 && body.ptr != NULL);
    mssip_bytes untouched = {NULL, 77};
    CHECK_RC(mssip_msg_body(NULL, &untouched), MSSIP_E_NULL);
    CHECK(untouched.ptr == NULL && untouched.len == 77);
    CHECK_RC(mssip_msg_body(req, NULL), MSSIP_E_NULL);
    mssip_msg_free(req);
    mssip_msg_free(resp);
}

static void test_corpus_round_trip(void) {
    const char *files[] = {"register-nat.sip", "invite-multipart-3level.sip", "response-430.sip",
                           "notify-federated.sip"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", MSSIP_CORPUS_DIR, files[i]);
        size_t n = 0;
        unsigned char *raw = check_read_file(path, &n);
        mssip_msg *msg = NULL;
        CHECK_OK(mssip_msg_parse(raw, n, &msg));
        if (msg != NULL) {
            size_t len = 0;
            unsigned char *out = malloc(n);
            CHECK(out != NULL);
            CHECK_OK(mssip_msg_serialize(msg, out, n, &len));
            CHECK(len == n && memcmp(out, raw, n) == 0);
            free(out);
            mssip_msg_free(msg);
        }
        free(raw);
    }
}

int main(void) {
    test_parse_and_free();
    test_parse_with_limits();
    test_serialize();
    test_clone();
    test_header();
    test_fields();
    test_start_line();
    test_body();
    test_corpus_round_trip();
    return check_done("test_msg");
}
