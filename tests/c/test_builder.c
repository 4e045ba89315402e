/* Builders: mssip_msg_new_response (RFC 3261 8.2.6) and mssip_msg_new_request. */
#include "check.h"

static const char INVITE[] =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/TLS proxy.example.com;branch=z9hG4bK1\r\n"
    "Via: SIP/2.0/TLS 192.0.2.7;branch=z9hG4bK2\r\n"
    "Record-Route: <sip:proxy.example.com;lr>\r\n"
    "Max-Forwards: 69\r\n"
    "From: <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "To: <sip:bob@biloxi.example.com>\r\n"
    "Call-ID: a84b4c76e66710\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

static void test_new_response(void) {
    mssip_msg *req = check_parse(INVITE);
    mssip_msg *resp = NULL;
    CHECK_OK(mssip_msg_new_response(req, 180, NULL, "as83kd9bs", &resp));
    char *text = check_serialize(resp);
    CHECK(strcmp(text,
                 "SIP/2.0 180 Ringing\r\n"
                 "Via: SIP/2.0/TLS proxy.example.com;branch=z9hG4bK1\r\n"
                 "Via: SIP/2.0/TLS 192.0.2.7;branch=z9hG4bK2\r\n"
                 "Record-Route: <sip:proxy.example.com;lr>\r\n"
                 "From: <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
                 "To: <sip:bob@biloxi.example.com>;tag=as83kd9bs\r\n"
                 "Call-ID: a84b4c76e66710\r\n"
                 "CSeq: 314159 INVITE\r\n"
                 "Content-Length: 0\r\n"
                 "\r\n") == 0);
    if (check_failed) {
        fprintf(stderr, "%s\n", text);
    }
    free(text);
    uint16_t status = 0;
    CHECK_OK(mssip_msg_status(resp, &status));
    CHECK(status == 180);
    mssip_msg_free(resp);

    /* Explicit reason; no tag on a 100; the request is not changed. */
    resp = NULL;
    CHECK_OK(mssip_msg_new_response(req, 100, "Trying hard", "abc", &resp));
    mssip_str v;
    CHECK_OK(mssip_msg_reason(resp, &v));
    CHECK_STR(v, "Trying hard");
    CHECK_OK(mssip_msg_header(resp, "To", 0, &v));
    CHECK_STR(v, "<sip:bob@biloxi.example.com>");
    CHECK_RC(mssip_msg_header(resp, "Record-Route", 0, &v), MSSIP_E_NOT_FOUND);
    mssip_msg_free(resp);
    text = check_serialize(req);
    CHECK(strcmp(text, INVITE) == 0);
    free(text);

    /* Errors: *out untouched. */
    mssip_msg *untouched = (mssip_msg *)&untouched;
    CHECK_RC(mssip_msg_new_response(req, 99, NULL, NULL, &untouched), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_new_response(req, 700, NULL, NULL, &untouched), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_new_response(req, 200, "OK\r\nX: y", NULL, &untouched),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_new_response(req, 200, NULL, "bad tag", &untouched),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_new_response(req, 200, "\xff", NULL, &untouched), MSSIP_E_UTF8);
    CHECK_RC(mssip_msg_new_response(NULL, 200, NULL, NULL, &untouched), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_new_response(req, 200, NULL, NULL, NULL), MSSIP_E_NULL);
    CHECK(untouched == (mssip_msg *)&untouched);

    /* A response cannot be answered. */
    CHECK_OK(mssip_msg_new_response(req, 486, NULL, "t", &resp));
    CHECK_RC(mssip_msg_new_response(resp, 200, NULL, NULL, &untouched), MSSIP_E_WRONG_KIND);
    CHECK(untouched == (mssip_msg *)&untouched);
    mssip_msg_free(resp);
    mssip_msg_free(req);
}

static void test_new_request(void) {
    mssip_header headers[] = {
        {"Via", "SIP/2.0/TLS 192.0.2.7:5061;branch=z9hG4bK74bf9"},
        {"Max-Forwards", "70"},
        {"From", "<sip:alice@contoso.com>;tag=9fxced76sl"},
        {"To", "<sip:bob@contoso.com>"},
        {"Call-ID", "3848276298220188511"},
        {"CSeq", "1 MESSAGE"},
    };
    const char body[] = "hello";
    mssip_msg *msg = NULL;
    CHECK_OK(mssip_msg_new_request("MESSAGE", "sip:bob@contoso.com", headers, 6, "text/plain",
                                   (const uint8_t *)body, 5, &msg));
    mssip_str v;
    CHECK_OK(mssip_msg_method(msg, &v));
    CHECK_STR(v, "MESSAGE");
    CHECK_OK(mssip_msg_request_uri(msg, &v));
    CHECK_STR(v, "sip:bob@contoso.com");
    CHECK_OK(mssip_msg_header(msg, "CSeq", 0, &v));
    CHECK_STR(v, "1 MESSAGE");
    CHECK_OK(mssip_msg_header(msg, "Content-Length", 0, &v));
    CHECK_STR(v, "5");
    CHECK_OK(mssip_msg_header(msg, "Content-Type", 0, &v));
    CHECK_STR(v, "text/plain");
    mssip_bytes got;
    CHECK_OK(mssip_msg_body(msg, &got));
    CHECK(got.len == 5 && memcmp(got.ptr, "hello", 5) == 0);
    mssip_msg_free(msg);

    /* No headers, no body. */
    msg = NULL;
    CHECK_OK(mssip_msg_new_request("OPTIONS", "sip:contoso.com", NULL, 0, NULL, NULL, 0, &msg));
    char *text = check_serialize(msg);
    CHECK(strcmp(text, "OPTIONS sip:contoso.com SIP/2.0\r\nContent-Length: 0\r\n\r\n") == 0);
    free(text);
    mssip_msg_free(msg);

    /* Errors: *out untouched. */
    mssip_msg *untouched = (mssip_msg *)&untouched;
    mssip_header cl[] = {{"Content-Length", "3"}};
    mssip_header bad_name[] = {{"Bad Name", "x"}};
    mssip_header bad_value[] = {{"Subject", "a\r\nb"}};
    mssip_header null_name[] = {{NULL, "x"}};
    mssip_header null_value[] = {{"Subject", NULL}};
    CHECK_RC(mssip_msg_new_request("BAD METHOD", "sip:a@b", NULL, 0, NULL, NULL, 0, &untouched),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_new_request("OPTIONS", "::nope", NULL, 0, NULL, NULL, 0, &untouched),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_new_request("OPTIONS", "sip:a@b", cl, 1, NULL, NULL, 0, &untouched),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_new_request("OPTIONS", "sip:a@b", bad_name, 1, NULL, NULL, 0, &untouched),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_new_request("OPTIONS", "sip:a@b", bad_value, 1, NULL, NULL, 0, &untouched),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_new_request("OPTIONS", "sip:a@b", NULL, 0, NULL, (const uint8_t *)"x", 1,
                                   &untouched),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_new_request("OPTIONS", "sip:a@b", null_name, 1, NULL, NULL, 0, &untouched),
             MSSIP_E_NULL);
    CHECK_LAST_ERROR_HAS("headers[0].name");
    CHECK_RC(mssip_msg_new_request("OPTIONS", "sip:a@b", null_value, 1, NULL, NULL, 0, &untouched),
             MSSIP_E_NULL);
    CHECK_RC(mssip_msg_new_request("OPTIONS", "sip:a@b", NULL, 2, NULL, NULL, 0, &untouched),
             MSSIP_E_NULL);
    CHECK_RC(mssip_msg_new_request(NULL, "sip:a@b", NULL, 0, NULL, NULL, 0, &untouched),
             MSSIP_E_NULL);
    CHECK_RC(mssip_msg_new_request("OPTIONS", NULL, NULL, 0, NULL, NULL, 0, &untouched),
             MSSIP_E_NULL);
    CHECK_RC(mssip_msg_new_request("OPTIONS", "sip:a@b", NULL, 0, "text/plain", NULL, 2,
                                   &untouched),
             MSSIP_E_NULL);
    CHECK_RC(mssip_msg_new_request("OPTIONS", "sip:a@b", NULL, 0, NULL, NULL, 0, NULL),
             MSSIP_E_NULL);
    CHECK_RC(mssip_msg_new_request("OPTIONS", "sip:\xff@b", NULL, 0, NULL, NULL, 0, &untouched),
             MSSIP_E_UTF8);
    CHECK(untouched == (mssip_msg *)&untouched);
}

int main(void) {
    test_new_response();
    test_new_request();
    return check_done("test_builder");
}
