/* Validation: mssip_msg_validate (DESIGN.md shape), mssip_msg_validate_with and its
 * options, mssip_msg_unsupported_requirement. */
#include "check.h"

#define HEADERS_AFTER_VIA                                                                    \
    "From: <sip:alice@contoso.com>;tag=1\r\n"                                               \
    "To: <sip:bob@contoso.com>\r\n"                                                          \
    "Call-ID: c1\r\n"

static const char VALID[] = "OPTIONS sip:bob@contoso.com SIP/2.0\r\n"
                            "Via: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bK1\r\n"
                            "Max-Forwards: 70\r\n" HEADERS_AFTER_VIA
                            "CSeq: 1 OPTIONS\r\n"
                            "Content-Length: 0\r\n\r\n";

static uint16_t verdict(const char *text, mssip_str *reason) {
    mssip_msg *msg = check_parse(text);
    uint16_t status = 9999;
    CHECK_OK(mssip_msg_validate(msg, &status, reason));
    mssip_msg_free(msg);
    return status;
}

static void test_validate(void) {
    mssip_str reason = check_sentinel_str();
    CHECK(verdict(VALID, &reason) == 0);
    CHECK(reason.len == 0 && reason.ptr != NULL);

    /* Missing Call-ID: 400, with a reason that names it. */
    CHECK(verdict("OPTIONS sip:bob@contoso.com SIP/2.0\r\n"
                  "Via: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bK1\r\n"
                  "From: <sip:alice@contoso.com>;tag=1\r\n"
                  "To: <sip:bob@contoso.com>\r\n"
                  "CSeq: 1 OPTIONS\r\n"
                  "Content-Length: 0\r\n\r\n",
                  &reason) == 400);
    CHECK(reason.len > 0);
    CHECK(check_view_contains(reason, "Call-ID"));

    /* Max-Forwards 0 at a proxy: 483. */
    CHECK(verdict("OPTIONS sip:bob@contoso.com SIP/2.0\r\n"
                  "Via: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bK1\r\n"
                  "Max-Forwards: 0\r\n" HEADERS_AFTER_VIA "CSeq: 1 OPTIONS\r\n"
                  "Content-Length: 0\r\n\r\n",
                  &reason) == 483);
    /* Unknown Request-URI scheme: 416. */
    CHECK(verdict("OPTIONS xyz:bob@contoso.com SIP/2.0\r\n"
                  "Via: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bK1\r\n" HEADERS_AFTER_VIA
                  "CSeq: 1 OPTIONS\r\n"
                  "Content-Length: 0\r\n\r\n",
                  &reason) == 416);
    /* SIP/3.0: 505. */
    CHECK(verdict("OPTIONS sip:bob@contoso.com SIP/3.0\r\n"
                  "Via: SIP/3.0/TCP 192.0.2.1;branch=z9hG4bK1\r\n" HEADERS_AFTER_VIA
                  "CSeq: 1 OPTIONS\r\n"
                  "Content-Length: 0\r\n\r\n",
                  &reason) == 505);
    /* Reason text is static: it outlives the message. */
    CHECK(reason.len > 0 && reason.ptr != NULL && reason.ptr[0] != '\0');

    mssip_msg *msg = check_parse(VALID);
    uint16_t status = 7;
    reason = check_sentinel_str();
    CHECK_RC(mssip_msg_validate(NULL, &status, &reason), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_validate(msg, NULL, &reason), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_validate(msg, &status, NULL), MSSIP_E_NULL);
    CHECK(status == 7 && check_is_sentinel(reason));
    mssip_msg_free(msg);
}

static const char MF0_REQUIRE[] = "INVITE sip:bob@contoso.com SIP/2.0\r\n"
                                  "Via: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bK1\r\n"
                                  "Max-Forwards: 0\r\n" HEADERS_AFTER_VIA
                                  "CSeq: 1 INVITE\r\n"
                                  "Require: 100rel, foo-bar\r\n"
                                  "Content-Length: 0\r\n\r\n";

static void test_validate_with(void) {
    mssip_validate_options opts;
    memset(&opts, 0xAB, sizeof opts);
    CHECK_OK(mssip_validate_options_default(&opts));
    CHECK(opts.role == MSSIP_ROLE_PROXY);
    CHECK(opts.uri_schemes == NULL && opts.supported == NULL && opts.methods == NULL &&
          opts.content_types == NULL);
    CHECK(!opts.require_max_forwards);
    CHECK(opts.struct_size == sizeof opts);
    CHECK_RC(mssip_validate_options_default(NULL), MSSIP_E_NULL);

    mssip_msg *msg = check_parse(MF0_REQUIRE);
    uint16_t status = 0;
    mssip_str reason;
    /* The defaults behave as mssip_msg_validate: a proxy answers Max-Forwards 0 with 483. */
    CHECK_OK(mssip_msg_validate_with(msg, &opts, &status, &reason));
    CHECK(status == 483);

    /* At an endpoint Max-Forwards 0 is fine; with a supported list, Require is checked. */
    opts.role = MSSIP_ROLE_ENDPOINT;
    CHECK_OK(mssip_msg_validate_with(msg, &opts, &status, &reason));
    CHECK(status == 0);
    const char *supported[] = {"100rel", "timer"};
    opts.supported = supported;
    opts.supported_len = 2;
    CHECK_OK(mssip_msg_validate_with(msg, &opts, &status, &reason));
    CHECK(status == 420);
    mssip_str tag;
    CHECK_OK(mssip_msg_unsupported_requirement(msg, &opts, 0, &tag));
    CHECK_STR(tag, "foo-bar");
    tag = check_sentinel_str();
    CHECK_RC(mssip_msg_unsupported_requirement(msg, &opts, 1, &tag), MSSIP_E_NOT_FOUND);
    CHECK(check_is_sentinel(tag));

    /* A method list: INVITE not implemented gives 501. */
    const char *methods[] = {"OPTIONS", "BYE"};
    opts.supported = NULL;
    opts.supported_len = 0;
    opts.methods = methods;
    opts.methods_len = 2;
    CHECK_OK(mssip_msg_validate_with(msg, &opts, &status, &reason));
    CHECK(status == 501);

    /* Only "sip" handled: a sip: URI is fine, and Max-Forwards becomes mandatory on demand. */
    mssip_msg *no_mf = check_parse("OPTIONS sips:bob@contoso.com SIP/2.0\r\n"
                                   "Via: SIP/2.0/TLS 192.0.2.1;branch=z9hG4bK1\r\n" HEADERS_AFTER_VIA
                                   "CSeq: 1 OPTIONS\r\n"
                                   "Content-Length: 0\r\n\r\n");
    mssip_validate_options o2;
    CHECK_OK(mssip_validate_options_default(&o2));
    CHECK_OK(mssip_msg_validate_with(no_mf, &o2, &status, &reason));
    CHECK(status == 0);
    o2.require_max_forwards = true;
    CHECK_OK(mssip_msg_validate_with(no_mf, &o2, &status, &reason));
    CHECK(status == 400);
    const char *schemes[] = {"sip"};
    o2.require_max_forwards = false;
    o2.uri_schemes = schemes;
    o2.uri_schemes_len = 1;
    CHECK_OK(mssip_msg_validate_with(no_mf, &o2, &status, &reason));
    CHECK(status == 416);
    mssip_msg_free(no_mf);

    /* Bad options. */
    const char *with_null[] = {"100rel", NULL};
    const char *not_utf8[] = {"\xff"};
    mssip_validate_options bad;
    CHECK_OK(mssip_validate_options_default(&bad));
    bad.role = (mssip_role)7;
    status = 1;
    CHECK_RC(mssip_msg_validate_with(msg, &bad, &status, &reason), MSSIP_E_INVALID_ARGUMENT);
    /* Options not filled by mssip_validate_options_default(). */
    memset(&bad, 0, sizeof bad);
    CHECK_RC(mssip_msg_validate_with(msg, &bad, &status, &reason), MSSIP_E_INVALID_ARGUMENT);
    CHECK_LAST_ERROR_HAS("mssip_validate_options_default()");
    CHECK(status == 1);
    CHECK_OK(mssip_validate_options_default(&bad));
    bad.supported = with_null;
    bad.supported_len = 2;
    CHECK_RC(mssip_msg_validate_with(msg, &bad, &status, &reason), MSSIP_E_NULL);
    CHECK_LAST_ERROR_HAS("supported[1]");
    bad.supported = not_utf8;
    bad.supported_len = 1;
    CHECK_RC(mssip_msg_validate_with(msg, &bad, &status, &reason), MSSIP_E_UTF8);
    CHECK(status == 1);
    CHECK_RC(mssip_msg_validate_with(NULL, &opts, &status, &reason), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_validate_with(msg, NULL, &status, &reason), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_validate_with(msg, &opts, NULL, &reason), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_validate_with(msg, &opts, &status, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_unsupported_requirement(NULL, &opts, 0, &tag), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_unsupported_requirement(msg, NULL, 0, &tag), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_unsupported_requirement(msg, &opts, 0, NULL), MSSIP_E_NULL);
    mssip_msg_free(msg);
}

int main(void) {
    test_validate();
    test_validate_with();
    return check_done("test_validate");
}
