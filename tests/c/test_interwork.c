/* C tests of the interworking exports: ms-diagnostics read, written, described and logged;
 * SDP normalised for plain peers; response codes translated; errors, NULL and small
 * buffers; untouched messages byte for byte. */
#include <stdbool.h>

#include "check.h"

static const char RESP_404[] =
    "SIP/2.0 404 Not Found\r\n"
    "Via: SIP/2.0/TLS 192.0.2.1;branch=z9hG4bK1\r\n"
    "From: <sip:a@contoso.com>;tag=1\r\nTo: <sip:b@contoso.com>;tag=2\r\nCall-ID: c\r\n"
    "CSeq: 1 INVITE\r\n"
    "ms-diagnostics: 4005;reason=\"Destination URI either not enabled for SIP or does not "
    "exist\";source=\"pool.contoso.com\"\r\n"
    "ms-client-diagnostics: 52017;reason=Client side general processing error\r\n"
    "ms-diagnostics: not a diagnostic\r\n"
    "Content-Length: 0\r\n\r\n";

static void test_diagnostics_read(void) {
    mssip_msg *m = check_parse(RESP_404);
    size_t n = 99;
    CHECK_OK(mssip_msg_diagnostic_count(m, &n));
    CHECK(n == 2);
    mssip_diagnostic d;
    CHECK_OK(mssip_msg_diagnostic(m, 0, &d));
    CHECK(d.header == MSSIP_DIAG_SERVER && d.code == 4005);
    CHECK_STR(d.source, "\"pool.contoso.com\"");
    char text[128];
    size_t len = 0;
    CHECK_OK(mssip_unquote(d.reason.ptr, d.reason.len, text, sizeof text, &len));
    CHECK(strcmp(text, "Destination URI either not enabled for SIP or does not exist") == 0);
    CHECK_OK(mssip_msg_diagnostic(m, 1, &d));
    CHECK(d.header == MSSIP_DIAG_CLIENT && d.code == 52017);
    CHECK_STR(d.reason, "Client side general processing error");
    CHECK(d.source.ptr == NULL && d.source.len == 0);
    CHECK_RC(mssip_msg_diagnostic(m, 2, &d), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_msg_diagnostic(NULL, 0, &d), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_diagnostic(m, 0, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_diagnostic_count(NULL, &n), MSSIP_E_NULL);
    mssip_msg_free(m);
}

static void test_diagnostics_write(void) {
    mssip_msg *m = check_parse(RESP_404);
    CHECK_OK(mssip_msg_add_diagnostic(m, MSSIP_DIAG_PUBLIC, 1033, "Previous hop", NULL));
    mssip_bytes b;
    CHECK_OK(mssip_msg_bytes(m, &b));
    const char *tail = "Content-Length: 0\r\nms-diagnostics-public: 1033;reason=\"Previous hop\"\r\n\r\n";
    CHECK(b.len == strlen(RESP_404) + strlen("ms-diagnostics-public: 1033;reason=\"Previous hop\"\r\n"));
    CHECK(memcmp(b.ptr + b.len - strlen(tail), tail, strlen(tail)) == 0);
    CHECK(memcmp(b.ptr, RESP_404, strlen(RESP_404) - 2) == 0);
    size_t n = 0;
    CHECK_OK(mssip_msg_diagnostic_count(m, &n));
    CHECK(n == 3);
    CHECK_RC(mssip_msg_add_diagnostic(m, 7, 1, NULL, NULL), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_add_diagnostic(NULL, 0, 1, NULL, NULL), MSSIP_E_NULL);
    mssip_msg_free(m);
}

static void test_describe(void) {
    char out[128];
    size_t len = 0;
    CHECK_OK(mssip_diagnostic_describe(15030, out, sizeof out, &len));
    CHECK(strcmp(out, "Failed to route to Exchange Server") == 0 && len == strlen(out));
    CHECK_RC(mssip_diagnostic_describe(424242, out, sizeof out, &len), MSSIP_E_NOT_FOUND);
    CHECK_OK(mssip_diagnostic_register(424242, "Gateway said no"));
    CHECK_OK(mssip_diagnostic_describe(424242, out, sizeof out, &len));
    CHECK(strcmp(out, "Gateway said no") == 0);
    char small[4];
    CHECK_RC(mssip_diagnostic_describe(424242, small, sizeof small, &len),
             MSSIP_E_BUFFER_TOO_SMALL);
    CHECK(len == strlen("Gateway said no"));
    CHECK_RC(mssip_diagnostic_register(1, NULL), MSSIP_E_NULL);
}

static char logged[4][512];
static int logged_n;

static void sink(mssip_log_level level, const char *message, size_t len, void *user) {
    (void)level;
    (void)user;
    if (logged_n < 4 && len < sizeof logged[0]) {
        memcpy(logged[logged_n], message, len);
        logged[logged_n][len] = 0;
        logged_n++;
    }
}

static void test_log(void) {
    mssip_msg *m = check_parse(RESP_404);
    size_t n = 99;
    CHECK_OK(mssip_msg_log_diagnostics(m, MSSIP_LOG_INFO, &n));
    CHECK(n == 0); /* no sink: nothing written */
    CHECK_OK(mssip_log_set(MSSIP_LOG_INFO, sink, NULL));
    CHECK_OK(mssip_msg_log_diagnostics(m, MSSIP_LOG_INFO, &n));
    CHECK(n == 2 && logged_n == 2);
    CHECK(strstr(logged[0], "ms-diagnostics header=ms-diagnostics code=4005") == logged[0]);
    CHECK(strstr(logged[0], "source=\"pool.contoso.com\"") != NULL);
    CHECK(strstr(logged[1], "header=ms-client-diagnostics code=52017") != NULL);
    CHECK_RC(mssip_msg_log_diagnostics(m, 9, &n), MSSIP_E_INVALID_ARGUMENT);
    CHECK_OK(mssip_log_set(MSSIP_LOG_INFO, NULL, NULL));
    mssip_msg_free(m);
}

#define SDP_LYNC                                                                             \
    "v=0\r\no=- 0 0 IN IP4 10.0.0.1\r\ns=session\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"         \
    "m=audio 16404 RTP/SAVP 0\r\n"                                                           \
    "a=candidate:qkMIXCnN0q3CSnXq8ycBP9ZsLNmVwOxa 1 wyB3gqB0e4qTZW0eT0eENw UDP 0.830 "      \
    "10.0.0.1 16404\r\n"                                                                     \
    "a=x-ssrc-range:2130706432-2130706432\r\n"                                               \
    "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^31|1:1\r\n" \
    "a=rtpmap:0 PCMU/8000\r\n"
#define SDP_PLAIN                                                                            \
    "v=0\r\no=- 0 0 IN IP4 10.0.0.1\r\ns=session\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"         \
    "m=audio 16404 RTP/SAVP 0\r\n"                                                           \
    "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\r\n" \
    "a=rtpmap:0 PCMU/8000\r\n"

static void test_sdp(void) {
    const char *in = SDP_LYNC;
    char out[1024];
    size_t len = 0;
    CHECK_OK(mssip_sdp_normalise((const uint8_t *)in, strlen(in), MSSIP_SDP_PLAIN_PEER,
                                 (uint8_t *)out, sizeof out, &len));
    CHECK(len == strlen(SDP_PLAIN) && memcmp(out, SDP_PLAIN, len) == 0);
    /* Nothing to do: the same bytes. */
    CHECK_OK(mssip_sdp_normalise((const uint8_t *)SDP_PLAIN, strlen(SDP_PLAIN),
                                 MSSIP_SDP_PLAIN_PEER, (uint8_t *)out, sizeof out, &len));
    CHECK(len == strlen(SDP_PLAIN) && memcmp(out, SDP_PLAIN, len) == 0);
    CHECK_RC(mssip_sdp_normalise((const uint8_t *)in, strlen(in), MSSIP_SDP_PLAIN_PEER, NULL, 0,
                                 &len),
             MSSIP_E_BUFFER_TOO_SMALL);
    CHECK(len == strlen(SDP_PLAIN));
    CHECK_RC(mssip_sdp_normalise((const uint8_t *)in, strlen(in), 1u << 9, (uint8_t *)out,
                                 sizeof out, &len),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_sdp_normalise(NULL, 3, 0, (uint8_t *)out, sizeof out, &len), MSSIP_E_NULL);

    char msg_text[2048];
    snprintf(msg_text, sizeof msg_text,
             "INVITE sip:+18005550199@gw.example.net SIP/2.0\r\n"
             "Via: SIP/2.0/TLS 10.0.0.1;branch=z9hG4bK7\r\nContent-Type: application/sdp\r\n"
             "Content-Length: %zu\r\n\r\n%s",
             strlen(SDP_LYNC), SDP_LYNC);
    mssip_msg *m = check_parse(msg_text);
    bool changed = false;
    CHECK_OK(mssip_msg_sdp_normalise(m, MSSIP_SDP_PLAIN_PEER, &changed));
    CHECK(changed);
    mssip_bytes body;
    CHECK_OK(mssip_msg_body(m, &body));
    CHECK(body.len == strlen(SDP_PLAIN) && memcmp(body.ptr, SDP_PLAIN, body.len) == 0);
    uint64_t cl = 0;
    CHECK_OK(mssip_msg_content_length(m, &cl));
    CHECK(cl == strlen(SDP_PLAIN));
    /* Again: nothing changes, byte for byte. */
    mssip_bytes before;
    CHECK_OK(mssip_msg_bytes(m, &before));
    char copy[2048];
    memcpy(copy, before.ptr, before.len);
    copy[before.len] = 0;
    CHECK_OK(mssip_msg_sdp_normalise(m, MSSIP_SDP_PLAIN_PEER, &changed));
    CHECK(!changed && check_same_bytes(m, copy));
    CHECK_RC(mssip_msg_sdp_normalise(m, 64, &changed), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_sdp_normalise(NULL, 0, &changed), MSSIP_E_NULL);
    mssip_msg_free(m);
}

static const char GW_404[] =
    "SIP/2.0 404 Not Found\r\nVia: SIP/2.0/TCP 10.0.0.5;branch=z9hG4bK2\r\n"
    "From: <sip:+14255550100@med.contoso.com>;tag=a\r\nTo: <sip:+18005550199@gw.example.net>;tag=b\r\n"
    "Call-ID: x1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";

static void test_translate(void) {
    mssip_code_rule rules[2] = {
        {.from_code = 486, .from_class = 0, .to_code = 486, .reason = NULL},
        {.from_code = 0, .from_class = 4, .to_code = 503, .reason = "Gateway Failover"},
    };
    mssip_msg *m = check_parse(GW_404);
    bool done = false;
    CHECK_OK(mssip_msg_translate_response(m, rules, 2, 52001, "pbx.example.net", &done));
    CHECK(done);
    CHECK(check_same_bytes(m,
                     "SIP/2.0 503 Gateway Failover\r\nVia: SIP/2.0/TCP 10.0.0.5;branch=z9hG4bK2\r\n"
                     "From: <sip:+14255550100@med.contoso.com>;tag=a\r\nTo: "
                     "<sip:+18005550199@gw.example.net>;tag=b\r\n"
                     "Call-ID: x1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n"
                     "ms-diagnostics: 52001;reason=\"Translated from 404 Not Found\";"
                     "source=\"pbx.example.net\"\r\n\r\n"));
    uint16_t status = 0;
    CHECK_OK(mssip_msg_status(m, &status));
    CHECK(status == 503);
    /* The 503 matches no rule: untouched. */
    mssip_bytes b;
    CHECK_OK(mssip_msg_bytes(m, &b));
    char copy[1024];
    memcpy(copy, b.ptr, b.len);
    copy[b.len] = 0;
    CHECK_OK(mssip_msg_translate_response(m, rules, 2, 52001, NULL, &done));
    CHECK(!done && check_same_bytes(m, copy));
    mssip_msg_free(m);

    m = check_parse(GW_404);
    mssip_code_rule bad[1] = {{.from_code = 0, .from_class = 9, .to_code = 503, .reason = NULL}};
    CHECK_RC(mssip_msg_translate_response(m, bad, 1, 1, NULL, &done), MSSIP_E_TRANSLATION_RULE);
    CHECK_LAST_ERROR_HAS("rules[0]");
    bad[0] = (mssip_code_rule){.from_code = 404, .from_class = 0, .to_code = 99, .reason = NULL};
    CHECK_RC(mssip_msg_translate_response(m, bad, 1, 1, NULL, &done), MSSIP_E_TRANSLATION_RULE);
    bad[0] = (mssip_code_rule){.from_code = 404, .from_class = 0, .to_code = 503, .reason = "a\r\nb"};
    CHECK_RC(mssip_msg_translate_response(m, bad, 1, 1, NULL, &done), MSSIP_E_TRANSLATION_RULE);
    CHECK(check_same_bytes(m, GW_404));
    CHECK_RC(mssip_msg_translate_response(m, NULL, 1, 1, NULL, &done), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_translate_response(NULL, rules, 2, 1, NULL, &done), MSSIP_E_NULL);
    CHECK_OK(mssip_msg_translate_response(m, NULL, 0, 1, NULL, NULL));
    CHECK(check_same_bytes(m, GW_404));
    mssip_msg_free(m);
}

static const char FORWARDED[] =
    "INVITE sip:+14255550100@gw.example.net;user=phone SIP/2.0\r\n"
    "Via: SIP/2.0/TLS 192.0.2.9;branch=z9hG4bK5\r\nFrom: <sip:alice@contoso.com>;tag=1\r\n"
    "To: <sip:bob@contoso.com>\r\nCall-ID: d1\r\nCSeq: 1 INVITE\r\n"
    "History-Info: <sip:bob@contoso.com>;index=1\r\n"
    "History-Info: <sip:bob@contoso.com?Reason=SIP%3Bcause%3D486>;index=1.1;"
    "ms-retarget-reason=forwarding\r\n"
    "Content-Length: 0\r\n\r\n";

static void test_diversion(void) {
    mssip_msg *m = check_parse(FORWARDED);
    bool changed = false;
    CHECK_OK(mssip_msg_history_to_diversion(m, &changed));
    CHECK(changed);
    mssip_str v;
    CHECK_OK(mssip_msg_header(m, "Diversion", 0, &v));
    CHECK_STR(v, "<sip:bob@contoso.com>;reason=user-busy;counter=1");
    mssip_bytes b;
    CHECK_OK(mssip_msg_bytes(m, &b));
    CHECK(memcmp(b.ptr, FORWARDED, strlen(FORWARDED) - 2) == 0);
    /* Diversion there now: a second call adds nothing. */
    CHECK_OK(mssip_msg_history_to_diversion(m, &changed));
    CHECK(!changed);
    /* History-Info there: nothing to add the other way. */
    CHECK_OK(mssip_msg_diversion_to_history(m, &changed));
    CHECK(!changed);
    CHECK_OK(mssip_msg_remove_all(m, "History-Info", NULL));
    CHECK_OK(mssip_msg_diversion_to_history(m, &changed));
    CHECK(changed);
    size_t n = 0;
    CHECK_OK(mssip_msg_header_count(m, "History-Info", &n));
    CHECK(n == 2);
    CHECK_OK(mssip_msg_header(m, "History-Info", 0, &v));
    CHECK_STR(v, "<sip:bob@contoso.com?Reason=SIP%3Bcause%3D486>;index=1;ms-retarget-reason=forwarding");
    CHECK_OK(mssip_msg_header(m, "History-Info", 1, &v));
    CHECK_STR(v, "<sip:+14255550100@gw.example.net;user=phone>;index=1.1");
    mssip_msg_free(m);
    m = check_parse(GW_404);
    CHECK_OK(mssip_msg_diversion_to_history(m, NULL));
    CHECK_OK(mssip_msg_history_to_diversion(m, &changed));
    CHECK(!changed && check_same_bytes(m, GW_404));
    CHECK_RC(mssip_msg_history_to_diversion(NULL, &changed), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_diversion_to_history(NULL, &changed), MSSIP_E_NULL);
    mssip_msg_free(m);
}

int main(void) {
    test_diagnostics_read();
    test_diagnostics_write();
    test_describe();
    test_log();
    test_sdp();
    test_translate();
    test_diversion();
    return check_done("interwork");
}
