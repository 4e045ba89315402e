/* Dialog recovery (MS-SIPRE 3.7) from C: the proxy's 481 / 430 verdict and its
 * P-Dialog-Recovery-Action, the option tag, the recovery refresh, and the user agent's
 * recovery state machine through its queued actions; error paths and NULLs of every call. */
#include "check.h"

/* MS-SIPRE 4.6, the MESSAGE that gets the 430. */
#define MESSAGE_HEAD                                                                         \
    "MESSAGE sip:Alice@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA SIP/2.0\r\n" \
    "Route: <sip:server.contoso.com:5061;transport=tls;lr>\r\n"                              \
    "From: sip:Bob@contoso.com;epid=02020202;tag=02020202\r\n"                               \
    "To: sip:Alice@contoso.com;epid=01010101;tag=01010101\r\n"                               \
    "Call-Id: f0ec9c595c1f412ca6b71318beb599bb\r\n"                                          \
    "Via: SIP/2.0/TLS 192.0.2.1:27221;branch=z9hG4bK94bd\r\n"                                \
    "Cseq: 3 MESSAGE\r\n"
#define WITH_TAG "Supported: Ms-Dialog-Route-Set-Update\r\n"
#define TAIL "Content-Length: 0\r\n\r\n"

static mssip_msg *parse(const char *s) {
    mssip_msg *m = NULL;
    CHECK_OK(mssip_msg_parse((const uint8_t *)s, strlen(s), &m));
    return m;
}

/* The answer to `req` for `missing`: its status, and its P-Dialog-Recovery-Action in `pdr`
 * (empty when it has none). */
static uint16_t verdict(const mssip_msg *req, uint32_t missing, char *pdr, size_t cap) {
    mssip_msg *resp = NULL;
    CHECK_OK(mssip_recovery_verdict(req, missing, "t1", &resp));
    pdr[0] = 0;
    if (resp == NULL) {
        return 0;
    }
    uint16_t code = 0;
    mssip_str v;
    CHECK_OK(mssip_msg_status(resp, &code));
    if (mssip_msg_header(resp, "P-Dialog-Recovery-Action", 0, &v) == MSSIP_OK && v.len < cap) {
        memcpy(pdr, v.ptr, v.len);
        pdr[v.len] = 0;
    }
    CHECK_OK(mssip_msg_header(resp, "Call-ID", 0, &v));
    CHECK_STR(v, "f0ec9c595c1f412ca6b71318beb599bb");
    mssip_msg_free(resp);
    return code;
}

static void test_verdicts(void) {
    mssip_msg *with = parse(MESSAGE_HEAD WITH_TAG TAIL);
    mssip_msg *without = parse(MESSAGE_HEAD TAIL);
    char pdr[128];
    /* 3.7.5.1: the action follows from what is missing */
    CHECK(verdict(with, MSSIP_MISSING_ROUTE_STATE, pdr, sizeof pdr) == 430);
    CHECK(strcmp(pdr, "Dialog-Route-Set-Update") == 0);
    CHECK(verdict(with, MSSIP_MISSING_ROUTE_STATE | MSSIP_MISSING_DESTINATION, pdr, sizeof pdr) ==
          430);
    CHECK(strcmp(pdr, "Dialog-Route-Set-Update") == 0);
    CHECK(verdict(with, MSSIP_MISSING_SOURCE_REGISTRATION, pdr, sizeof pdr) == 430);
    CHECK(strcmp(pdr, "Registration-Route-Set-Update, Dialog-Route-Set-Update") == 0);
    CHECK(verdict(with, MSSIP_MISSING_DESTINATION, pdr, sizeof pdr) == 430);
    CHECK(strcmp(pdr, "Wait-For-Session-Update") == 0);
    /* 3.6.5.1: without the option tag, 481 and no action */
    CHECK(verdict(without, MSSIP_MISSING_ROUTE_STATE, pdr, sizeof pdr) == 481);
    CHECK(pdr[0] == 0);
    CHECK(verdict(without, MSSIP_MISSING_DESTINATION, pdr, sizeof pdr) == 481);
    /* nothing missing: route it */
    CHECK(verdict(with, 0, pdr, sizeof pdr) == 0);
    mssip_msg *resp = (mssip_msg *)1;
    CHECK_RC(mssip_recovery_verdict(with, 8, NULL, &resp), MSSIP_E_INVALID_ARGUMENT);
    CHECK(resp == (mssip_msg *)1);
    mssip_msg *ok = NULL;
    CHECK_OK(mssip_msg_new_response(with, 200, NULL, NULL, &ok));
    CHECK_RC(mssip_recovery_verdict(ok, 1, NULL, &resp), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_recovery_verdict(NULL, 1, NULL, &resp), MSSIP_E_NULL);
    CHECK_RC(mssip_recovery_verdict(with, 1, NULL, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_recovery_verdict(with, 1, "\xff", &resp), MSSIP_E_UTF8);
    mssip_msg_free(ok);
    mssip_msg_free(with);
    mssip_msg_free(without);
}

static void test_option_tag_and_refresh(void) {
    mssip_msg *m = parse(MESSAGE_HEAD "Record-Route: <sip:x.contoso.com;lr>\r\n"
                                      "Contact: <sip:192.0.2.1:27221;transport=tls>\r\n" TAIL);
    bool present = true;
    CHECK_OK(mssip_recovery_has_option_tag(m, &present));
    CHECK(!present);
    CHECK_OK(mssip_recovery_add_option_tag(m));
    CHECK_OK(mssip_recovery_add_option_tag(m));
    size_t n = 0;
    CHECK_OK(mssip_msg_header_count(m, "Supported", &n));
    CHECK(n == 1);
    CHECK_OK(mssip_recovery_has_option_tag(m, &present));
    CHECK(present);
    /* 3.7.5.3.4 step 1: the GRUU as Contact, no route set */
    uint8_t before[2048], after[2048];
    size_t before_len, after_len;
    CHECK_OK(mssip_msg_serialize(m, before, sizeof before, &before_len));
    CHECK_RC(mssip_recovery_prepare_refresh(m, "sip:a@b;gruu=1"), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_recovery_prepare_refresh(m, "tel:+14255550100"), MSSIP_E_INVALID_ARGUMENT);
    CHECK_OK(mssip_msg_serialize(m, after, sizeof after, &after_len));
    CHECK(before_len == after_len && memcmp(before, after, before_len) == 0);
    CHECK_OK(mssip_recovery_prepare_refresh(
        m, "sip:Bob@contoso.com;gruu;opaque=user:epid:uVUjrngkI1wHVm3r2esBAAA"));
    CHECK_OK(mssip_msg_header_count(m, "Route", &n));
    CHECK(n == 0);
    CHECK_OK(mssip_msg_header_count(m, "Record-Route", &n));
    CHECK(n == 0);
    mssip_str c;
    CHECK_OK(mssip_msg_header(m, "Contact", 0, &c));
    CHECK_STR(c, "<sip:Bob@contoso.com;gruu;opaque=user:epid:uVUjrngkI1wHVm3r2esBAAA>");
    mssip_msg *resp = NULL;
    CHECK_OK(mssip_msg_new_response(m, 200, NULL, NULL, &resp));
    CHECK_RC(mssip_recovery_prepare_refresh(resp, "sip:a@b;gruu"), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_recovery_prepare_refresh(NULL, "sip:a@b"), MSSIP_E_NULL);
    CHECK_RC(mssip_recovery_prepare_refresh(m, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_recovery_has_option_tag(NULL, &present), MSSIP_E_NULL);
    CHECK_RC(mssip_recovery_has_option_tag(m, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_recovery_add_option_tag(NULL), MSSIP_E_NULL);
    mssip_msg_free(resp);
    mssip_msg_free(m);
}

/* A response to the MESSAGE with `code` and, when not NULL, P-Dialog-Recovery-Action `pdr`. */
static mssip_msg *response(uint16_t code, const char *pdr) {
    mssip_msg *req = parse(MESSAGE_HEAD WITH_TAG TAIL);
    mssip_msg *resp = NULL;
    CHECK_OK(mssip_msg_new_response(req, code, NULL, NULL, &resp));
    if (pdr != NULL) {
        CHECK_OK(mssip_msg_add_header(resp, "P-Dialog-Recovery-Action", pdr));
    }
    mssip_msg_free(req);
    return resp;
}

/* The kinds (and request / ms) of every queued action, as "KIND:n" words. */
static void drain(mssip_dialog_recovery *d, char *out, size_t cap) {
    static const char *names[] = {"?", "FAILED", "REGISTER", "REFRESH", "UPDATE", "RESEND",
                                  "TIMER", "STOP"};
    size_t used = 0;
    out[0] = 0;
    mssip_recovery_action a;
    while (mssip_dialog_recovery_next_action(d, &a) == MSSIP_OK) {
        unsigned long long n = a.kind == MSSIP_RECOVERY_START_TIMER ? a.ms : a.request;
        int w = snprintf(out + used, cap - used, "%s%s:%llu", used ? " " : "",
                         a.kind >= 1 && a.kind <= 7 ? names[a.kind] : "?", n);
        used += w > 0 ? (size_t)w : 0;
    }
}

static void test_user_agent(void) {
    char got[256];
    mssip_dialog_recovery *d = NULL;
    /* 3.7.2.1: the recovery refresh timer starts with the dialog */
    CHECK_OK(mssip_dialog_recovery_new(90000, &d));
    drain(d, got, sizeof got);
    CHECK(strcmp(got, "TIMER:90000") == 0);
    /* 4.6: Dialog-Route-Set-Update: the recovery refresh, then the request again */
    mssip_msg *r430 = response(430, "dialog-route-set-update");
    mssip_msg *r200 = response(200, NULL);
    CHECK_OK(mssip_dialog_recovery_on_response(d, 3, r430, false));
    drain(d, got, sizeof got);
    CHECK(strcmp(got, "REFRESH:0") == 0);
    CHECK_OK(mssip_dialog_recovery_on_refresh_response(d, r200));
    drain(d, got, sizeof got);
    CHECK(strcmp(got, "UPDATE:0 RESEND:3") == 0);
    /* a second 430 for the request sent again: give up (3.7.5.3.1) */
    CHECK_OK(mssip_dialog_recovery_on_response(d, 3, r430, false));
    drain(d, got, sizeof got);
    CHECK(strcmp(got, "FAILED:3") == 0);
    /* Registration-Route-Set-Update: register first, then recover */
    mssip_msg *rreg = response(430, "Registration-Route-Set-Update, Dialog-Route-Set-Update");
    CHECK_OK(mssip_dialog_recovery_on_response(d, 4, rreg, false));
    drain(d, got, sizeof got);
    CHECK(strcmp(got, "FAILED:4 REGISTER:0") == 0);
    CHECK_OK(mssip_dialog_recovery_event(d, MSSIP_RECOVERY_REGISTERED));
    drain(d, got, sizeof got);
    CHECK(strcmp(got, "REFRESH:0") == 0);
    CHECK_OK(mssip_dialog_recovery_on_refresh_response(d, r200));
    drain(d, got, sizeof got);
    CHECK(strcmp(got, "UPDATE:0") == 0);
    /* Wait-For-Session-Update: the timer again; when it fires, recover */
    mssip_msg *rwait = response(430, "Wait-For-Session-Update");
    CHECK_OK(mssip_dialog_recovery_on_response(d, 5, rwait, false));
    drain(d, got, sizeof got);
    CHECK(strcmp(got, "FAILED:5 TIMER:90000") == 0);
    CHECK_OK(mssip_dialog_recovery_event(d, MSSIP_RECOVERY_TIMER));
    drain(d, got, sizeof got);
    CHECK(strcmp(got, "REFRESH:0") == 0);
    CHECK_OK(mssip_dialog_recovery_on_refresh_response(d, rwait));
    drain(d, got, sizeof got);
    CHECK(strcmp(got, "TIMER:90000") == 0);
    /* a 430 without an action (or with one that does not parse) fails the request */
    mssip_msg *rbare = response(430, NULL), *rbad = response(430, "not an action!");
    CHECK_OK(mssip_dialog_recovery_on_response(d, 6, rbare, false));
    CHECK_OK(mssip_dialog_recovery_on_response(d, 7, rbad, false));
    CHECK_OK(mssip_dialog_recovery_on_response(d, 8, r200, false));
    drain(d, got, sizeof got);
    CHECK(strcmp(got, "FAILED:6 FAILED:7") == 0);
    CHECK_OK(mssip_dialog_recovery_event(d, MSSIP_RECOVERY_SESSION_REFRESH));
    CHECK_OK(mssip_dialog_recovery_event(d, MSSIP_RECOVERY_TARGET_REFRESH));
    drain(d, got, sizeof got);
    CHECK(strcmp(got, "TIMER:90000 UPDATE:0") == 0);
    /* registration failing leaves a waiting dialog-creating request failed */
    CHECK_OK(mssip_dialog_recovery_on_response(d, 9, rreg, true));
    CHECK_OK(mssip_dialog_recovery_event(d, MSSIP_RECOVERY_REGISTRATION_FAILED));
    drain(d, got, sizeof got);
    CHECK(strcmp(got, "FAILED:9 REGISTER:0 FAILED:9") == 0);
    /* the end: the timer goes, nothing follows */
    CHECK_OK(mssip_dialog_recovery_event(d, MSSIP_RECOVERY_END));
    CHECK_OK(mssip_dialog_recovery_event(d, MSSIP_RECOVERY_TIMER));
    drain(d, got, sizeof got);
    CHECK(strcmp(got, "STOP:0") == 0);
    mssip_recovery_action a;
    CHECK_RC(mssip_dialog_recovery_next_action(d, &a), MSSIP_E_NOT_FOUND);

    /* errors and NULLs */
    mssip_msg *req = parse(MESSAGE_HEAD TAIL);
    CHECK_RC(mssip_dialog_recovery_on_response(d, 1, req, false), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_dialog_recovery_on_refresh_response(d, req), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_dialog_recovery_event(d, (mssip_recovery_event)42), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_dialog_recovery_new(0, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_dialog_recovery_next_action(NULL, &a), MSSIP_E_NULL);
    CHECK_RC(mssip_dialog_recovery_next_action(d, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_dialog_recovery_on_response(NULL, 1, r200, false), MSSIP_E_NULL);
    CHECK_RC(mssip_dialog_recovery_on_response(d, 1, NULL, false), MSSIP_E_NULL);
    CHECK_RC(mssip_dialog_recovery_on_refresh_response(NULL, r200), MSSIP_E_NULL);
    CHECK_RC(mssip_dialog_recovery_on_refresh_response(d, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_dialog_recovery_event(NULL, MSSIP_RECOVERY_TIMER), MSSIP_E_NULL);
    mssip_dialog_recovery_free(d);
    mssip_dialog_recovery_free(NULL);
    /* without a session timer there is no timer to arm */
    CHECK_OK(mssip_dialog_recovery_new(0, &d));
    CHECK_RC(mssip_dialog_recovery_next_action(d, &a), MSSIP_E_NOT_FOUND);
    mssip_dialog_recovery_free(d);
    mssip_msg_free(req);
    mssip_msg_free(r430);
    mssip_msg_free(r200);
    mssip_msg_free(rreg);
    mssip_msg_free(rwait);
    mssip_msg_free(rbare);
    mssip_msg_free(rbad);
}

int main(void) {
    test_verdicts();
    test_option_tag_and_refresh();
    test_user_agent();
    return check_done("test_recovery");
}
