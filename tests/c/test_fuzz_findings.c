/* What fuzzing found, through the C ABI: URI parameter edits on a tel: URI without
 * parameters and on a URI of another scheme (once a panic), parameter values and names that
 * injected more than one parameter (now MSSIP_E_INVALID_ARGUMENT, the message untouched), and
 * a framer limit error that said something else depending on how the stream was cut. */
#include "check.h"

/* tests/data/regress/b1-tel-uri-message.sip */
static const char B1[] =
    "OPTIONS tel:+1-555-0100 SIP/2.0\r\n"
    "To: <tel:+1-555-0100>\r\n"
    "From: <sip:a@b>;tag=1\r\n"
    "Call-ID: x\r\n"
    "CSeq: 1 OPTIONS\r\n"
    "Via: SIP/2.0/UDP h;branch=z9hG4bKx\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

/* tests/data/regress/b2-plain-invite.sip */
static const char B2[] =
    "INVITE sip:bob@b.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP h;branch=z9hG4bKx\r\n"
    "From: <sip:a@b>;tag=1\r\n"
    "To: <sip:c@d>\r\n"
    "Call-ID: x\r\n"
    "CSeq: 1 INVITE\r\n"
    "Contact: <sip:a@h>\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

/* RFC 4475 novelsc: a Request-URI of a scheme the library does not know. */
static const char NOVELSC[] =
    "OPTIONS soap.beep://192.0.2.103:3002 SIP/2.0\r\n"
    "To: sip:user@example.com\r\n"
    "From: sip:caller@example.net;tag=384\r\n"
    "Max-Forwards: 3\r\n"
    "Call-ID: novelsc.asdfasser0q239nwsdfasdkl34\r\n"
    "CSeq: 3923423 OPTIONS\r\n"
    "Via: SIP/2.0/TCP host9.example.com;branch=z9hG4bKkdjuw39234\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

static void check_text(const mssip_msg *msg, const char *want) {
    char *text = check_serialize(msg);
    CHECK(strcmp(text, want) == 0);
    free(text);
}

static void test_tel_uri_without_parameters(void) {
    mssip_msg *msg = check_parse(B1);
    CHECK_OK(mssip_msg_set_request_uri_param(msg, "x", "1"));
    mssip_str v = check_sentinel_str();
    CHECK_OK(mssip_msg_request_uri(msg, &v));
    CHECK_STR(v, "tel:+1-555-0100;x=1");
    CHECK_OK(mssip_msg_set_uri_param(msg, "To", 0, "x", "1"));
    CHECK_OK(mssip_msg_header(msg, "To", 0, &v));
    CHECK_STR(v, "<tel:+1-555-0100;x=1>");
    /* The handle stays usable, and the removes undo both edits. */
    CHECK_OK(mssip_msg_remove_request_uri_param(msg, "x"));
    CHECK_OK(mssip_msg_remove_uri_param(msg, "To", 0, "x"));
    check_text(msg, B1);
    CHECK_RC(mssip_msg_remove_uri_param(msg, "To", 0, "x"), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_msg_remove_request_uri_param(msg, "x"), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_msg_set_request_uri_param(NULL, "x", "1"), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_set_uri_param(msg, "To", 0, NULL, "1"), MSSIP_E_NULL);
    mssip_msg_free(msg);
}

static void test_uri_of_another_scheme(void) {
    mssip_msg *msg = check_parse(NOVELSC);
    CHECK_OK(mssip_msg_set_request_uri_param(msg, "x", "1"));
    mssip_str v = check_sentinel_str();
    CHECK_OK(mssip_msg_request_uri(msg, &v));
    CHECK_STR(v, "soap.beep://192.0.2.103:3002;x=1");
    CHECK_OK(mssip_msg_remove_request_uri_param(msg, "x"));
    check_text(msg, NOVELSC);
    mssip_msg_free(msg);
}

static void test_no_injection(void) {
    mssip_msg *msg = check_parse(B2);
    static const char *const uri_values[] = {"a@b", "a;lr", "a?h=1", "a>b", "a b", "a=b", ""};
    for (size_t i = 0; i < sizeof uri_values / sizeof uri_values[0]; i++) {
        CHECK_RC(mssip_msg_set_request_uri_param(msg, "x", uri_values[i]),
                 MSSIP_E_INVALID_ARGUMENT);
        CHECK_RC(mssip_msg_set_uri_param(msg, "Contact", 0, "x", uri_values[i]),
                 MSSIP_E_INVALID_ARGUMENT);
    }
    CHECK_RC(mssip_msg_set_request_uri_param(msg, "a=b", NULL), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_set_uri_param(msg, "To", 0, "a;b", "1"), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_set_header_param(msg, "From", 0, "tag", "a;b=c"),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_set_header_param(msg, "Via", 0, "received", "1.2.3.4;maddr=x"),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_set_header_param(msg, "To", 0, "a=b", NULL), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_set_header_param(msg, "To", 0, "x", "\"a\"b"), MSSIP_E_INVALID_ARGUMENT);
    check_text(msg, B2);

    /* What is accepted reads back as the one parameter asked for. */
    CHECK_OK(mssip_msg_set_header_param(msg, "Via", 0, "received", "192.0.2.1"));
    CHECK_OK(mssip_msg_set_header_param(msg, "From", 0, "tag", "a.b"));
    CHECK_OK(mssip_msg_set_uri_param(msg, "Contact", 0, "x", "a%3Bb"));
    mssip_str v = check_sentinel_str();
    CHECK_OK(mssip_msg_header(msg, "Via", 0, &v));
    CHECK_STR(v, "SIP/2.0/UDP h;branch=z9hG4bKx;received=192.0.2.1");
    CHECK_OK(mssip_msg_header(msg, "From", 0, &v));
    CHECK_STR(v, "<sip:a@b>;tag=a.b");
    CHECK_OK(mssip_msg_header(msg, "Contact", 0, &v));
    CHECK_STR(v, "<sip:a@h;x=a%3Bb>");
    mssip_msg_free(msg);
}

/* Pushes `stream` in chunks of `chunk` bytes; copies the framing error's text into `err`. */
static void framing_error(const char *stream, size_t chunk, char *err, size_t cap) {
    mssip_limits limits;
    CHECK_OK(mssip_limits_default(&limits));
    limits.max_line_length = 80;
    mssip_framer *f = NULL;
    CHECK_OK(mssip_framer_new_with_limits(&limits, &f));
    size_t len = strlen(stream);
    mssip_result rc = MSSIP_OK;
    for (size_t at = 0; at < len && rc == MSSIP_OK; at += chunk) {
        size_t n = len - at < chunk ? len - at : chunk;
        rc = mssip_framer_push(f, (const uint8_t *)stream + at, n);
    }
    CHECK_RC(rc, MSSIP_E_FRAMING);
    snprintf(err, cap, "%s", mssip_last_error());
    mssip_framer_free(f);
}

static void test_framer_limit_error_whatever_the_chunking(void) {
    char stream[256];
    snprintf(stream, sizeof stream, "MESSAGE sip:a@b SIP/2.0\r\nX: %079d\r\nl: 0\r\n\r\n", 0);
    char whole[256], bytewise[256], halves[256];
    framing_error(stream, strlen(stream), whole, sizeof whole);
    framing_error(stream, 1, bytewise, sizeof bytewise);
    framing_error(stream, 40, halves, sizeof halves);
    CHECK(strstr(whole, "max_line_length") != NULL);
    CHECK(strstr(whole, "81") != NULL);
    CHECK(strcmp(whole, bytewise) == 0);
    CHECK(strcmp(whole, halves) == 0);
}

int main(void) {
    test_tel_uri_without_parameters();
    test_uri_of_another_scheme();
    test_no_injection();
    test_framer_limit_error_whatever_the_chunking();
    return check_done("test_fuzz_findings");
}
