/* C tests of the profile store and SERVICE (MS-SIPRE 3.8.4.1, 3.8.5.1): the in-memory store,
 * the host-callback store, the UA's SERVICE request, the proxy's answer, errors and NULLs. */
#include <stdbool.h>

#include "check.h"

#define NS "http://schemas.microsoft.com/2007/03/LocationProfileDescription"
#define CT "application/ms-location-profile-definition+xml"
#define VIA "SIP/2.0/TLS 192.0.2.10:49152;branch=z9hG4bK-c1"

static const char REDMOND[] =
    "<LocationProfileDescription xmlns=\"" NS "\"><Name>Redmond</Name>"
    "<Rule><Pattern>^(\\d{4})$</Pattern><Translation>+1425555$1</Translation></Rule>"
    "</LocationProfileDescription>";
static const char PARIS[] =
    "<LocationProfileDescription xmlns=\"" NS "\"><Name>Paris</Name>"
    "<Rule><Pattern>^0(\\d{9})$</Pattern><Translation>+33$1</Translation></Rule>"
    "</LocationProfileDescription>";

static mssip_dialplan *load(const char *xml) {
    mssip_dialplan *plan = NULL;
    CHECK_OK(mssip_dialplan_parse((const uint8_t *)xml, strlen(xml), &plan));
    return plan;
}

static void translate_is(const mssip_dialplan *plan, const char *dialed, const char *want) {
    char out[64];
    size_t len = 0;
    CHECK_OK(mssip_dialplan_translate(plan, dialed, out, sizeof out, &len));
    CHECK(strcmp(out, want) == 0);
}

static mssip_msg *service(const char *aor, const char *profile) {
    mssip_msg *m = NULL;
    CHECK_OK(mssip_service_request_new(aor, profile, VIA, "call-1", "f1", 1, &m));
    return m;
}

/* The status and Content-Type of the store's answer to `req`; frees both messages. */
static uint16_t answer_status(const mssip_profile_store *store, mssip_msg *req, bool *typed,
                              char *body, size_t cap) {
    mssip_msg *resp = NULL;
    uint16_t code = 0;
    CHECK_OK(mssip_profile_store_answer(store, req, &resp));
    CHECK_OK(mssip_msg_status(resp, &code));
    mssip_str ct;
    *typed = mssip_msg_header(resp, "Content-Type", 0, &ct) == MSSIP_OK && ct.len == strlen(CT) &&
             memcmp(ct.ptr, CT, ct.len) == 0;
    mssip_bytes b;
    if (body != NULL && mssip_msg_body(resp, &b) == MSSIP_OK && b.len < cap) {
        memcpy(body, b.ptr, b.len);
        body[b.len] = '\0';
    }
    mssip_msg_free(resp);
    mssip_msg_free(req);
    return code;
}

static void test_request(void) {
    mssip_msg *m = service("sip:alice@contoso.com", NULL);
    char *text = check_serialize(m);
    CHECK(strcmp(text,
                 "SERVICE sip:alice@contoso.com;gruu;opaque=app:locationprofile:get;default SIP/2.0\r\n"
                 "Via: " VIA "\r\n"
                 "Max-Forwards: 70\r\n"
                 "From: <sip:alice@contoso.com>;tag=f1\r\n"
                 "To: <sip:alice@contoso.com;gruu;opaque=app:locationprofile:get;default>\r\n"
                 "Call-ID: call-1\r\n"
                 "CSeq: 1 SERVICE\r\n"
                 "Accept: " CT "\r\n"
                 "Content-Length: 0\r\n\r\n") == 0);
    free(text);
    mssip_msg_free(m);
    m = service("sip:alice@contoso.com", "Paris");
    mssip_str ruri;
    CHECK_OK(mssip_msg_request_uri(m, &ruri));
    CHECK_STR(ruri, "sip:alice@contoso.com;gruu;opaque=app:locationprofile:get;phone-context=Paris");
    mssip_msg_free(m);

    mssip_msg *out = NULL;
    CHECK_RC(mssip_service_request_new(NULL, NULL, VIA, "c", "t", 1, &out), MSSIP_E_NULL);
    CHECK_RC(mssip_service_request_new("sip:a@b.c", NULL, NULL, "c", "t", 1, &out), MSSIP_E_NULL);
    CHECK_RC(mssip_service_request_new("sip:a@b.c", NULL, VIA, NULL, "t", 1, &out), MSSIP_E_NULL);
    CHECK_RC(mssip_service_request_new("sip:a@b.c", NULL, VIA, "c", NULL, 1, &out), MSSIP_E_NULL);
    CHECK_RC(mssip_service_request_new("sip:a@b.c", NULL, VIA, "c", "t", 1, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_service_request_new("tel:+1", NULL, VIA, "c", "t", 1, &out),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_service_request_new("sip:a@b.c;x=1", NULL, VIA, "c", "t", 1, &out),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_service_request_new("sip:a@b.c", "-bad-", VIA, "c", "t", 1, &out),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_service_request_new("sip:a@b.c", NULL, "a\r\nb", "c", "t", 1, &out),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_service_request_new("sip:a@b.c", NULL, VIA, "c", "a b", 1, &out),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK(out == NULL);
}

static void test_memory_store(void) {
    mssip_profile_store *store = NULL;
    CHECK_OK(mssip_profile_store_new("contoso.com", &store));
    mssip_dialplan *redmond = load(REDMOND), *paris = load(PARIS);
    CHECK_OK(mssip_profile_store_add(store, redmond));
    CHECK_OK(mssip_profile_store_add(store, paris));
    mssip_dialplan_free(paris); /* the store keeps its own reference */
    CHECK_OK(mssip_profile_store_set_user(store, "sip:alice@contoso.com", "Redmond"));
    CHECK_OK(mssip_profile_store_set_user(store, "sip:bob@contoso.com", NULL));

    mssip_dialplan *p = NULL;
    CHECK_OK(mssip_profile_store_get(store, "paris", &p));
    translate_is(p, "0142345678", "+33142345678");
    mssip_dialplan_free(p);
    CHECK_OK(mssip_profile_store_default(store, "sip:alice@contoso.com", &p));
    translate_is(p, "0100", "+14255550100");
    mssip_dialplan_free(p);
    p = NULL;
    CHECK_RC(mssip_profile_store_default(store, "sip:bob@contoso.com", &p), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_profile_store_default(store, "sip:carol@contoso.com", &p), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_profile_store_get(store, "Tokyo", &p), MSSIP_E_NOT_FOUND);
    CHECK_LAST_ERROR_HAS("Tokyo");
    CHECK(p == NULL);

    /* 3.8.5.1 through the C ABI */
    bool typed = false;
    char body[2048];
    CHECK(answer_status(store, service("sip:alice@contoso.com", NULL), &typed, body, sizeof body) == 200);
    CHECK(typed && strstr(body, "<Name>Redmond</Name>") != NULL);
    CHECK(answer_status(store, service("sip:alice@contoso.com", "Paris"), &typed, body, sizeof body) == 200);
    CHECK(typed && strstr(body, "<Name>Paris</Name>") != NULL);
    CHECK(answer_status(store, service("sip:alice@contoso.com", "Tokyo"), &typed, NULL, 0) == 404);
    CHECK(!typed);
    CHECK(answer_status(store, service("sip:carol@contoso.com", NULL), &typed, NULL, 0) == 404);
    CHECK(answer_status(store, service("sip:bob@contoso.com", NULL), &typed, NULL, 0) == 404);
    mssip_msg *amb = check_parse(
        "SERVICE sip:alice@contoso.com;gruu;opaque=app:locationprofile:get SIP/2.0\r\n"
        "Via: " VIA "\r\nFrom: <sip:alice@contoso.com>;tag=1\r\n"
        "To: <sip:alice@contoso.com;gruu;opaque=app:locationprofile:get>\r\n"
        "Call-ID: a\r\nCSeq: 1 SERVICE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
    CHECK(answer_status(store, amb, &typed, NULL, 0) == 485);

    /* not ours: route it */
    mssip_msg *resp = NULL;
    mssip_msg *other = service("sip:alice@fabrikam.com", NULL);
    CHECK_RC(mssip_profile_store_answer(store, other, &resp), MSSIP_E_NOT_PROFILE_SERVICE);
    mssip_msg_free(other);
    mssip_msg *invite = check_parse(
        "INVITE sip:bob@contoso.com SIP/2.0\r\nVia: " VIA "\r\nFrom: <sip:a@contoso.com>;tag=1\r\n"
        "To: <sip:bob@contoso.com>\r\nCall-ID: i\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");
    CHECK_RC(mssip_profile_store_answer(store, invite, &resp), MSSIP_E_NOT_PROFILE_SERVICE);
    CHECK(resp == NULL);
    CHECK_RC(mssip_profile_store_answer(NULL, invite, &resp), MSSIP_E_NULL);
    CHECK_RC(mssip_profile_store_answer(store, NULL, &resp), MSSIP_E_NULL);
    CHECK_RC(mssip_profile_store_answer(store, invite, NULL), MSSIP_E_NULL);
    mssip_msg_free(invite);

    /* removal */
    bool removed = false;
    CHECK_OK(mssip_profile_store_remove(store, "REDMOND", &removed));
    CHECK(removed);
    CHECK_OK(mssip_profile_store_remove(store, "Redmond", &removed));
    CHECK(!removed);
    /* the plan handed out before lives on */
    translate_is(redmond, "0100", "+14255550100");
    mssip_dialplan_free(redmond);
    CHECK_OK(mssip_profile_store_remove_user(store, "sip:bob@contoso.com", &removed));
    CHECK(removed);

    /* errors and NULLs */
    CHECK_RC(mssip_profile_store_set_user(store, "alice", "Redmond"), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_profile_store_set_user(store, "sip:a@contoso.com", "bad name"),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_profile_store_set_user(NULL, "sip:a@contoso.com", NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_profile_store_set_user(store, NULL, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_profile_store_add(store, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_profile_store_add(NULL, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_profile_store_remove(store, NULL, &removed), MSSIP_E_NULL);
    CHECK_RC(mssip_profile_store_remove(store, "x", NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_profile_store_remove_user(store, "sip:a@b.c", NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_profile_store_get(store, NULL, &p), MSSIP_E_NULL);
    CHECK_RC(mssip_profile_store_get(store, "x", NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_profile_store_default(store, "nope", &p), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_profile_store_get(store, "\xff", &p), MSSIP_E_UTF8);
    mssip_profile_store_free(store);
    mssip_profile_store_free(NULL);

    CHECK_RC(mssip_profile_store_new("", &store), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_profile_store_new(NULL, &store), MSSIP_E_NULL);
    CHECK_RC(mssip_profile_store_new("contoso.com", NULL), MSSIP_E_NULL);
}

/* ---- the host store ------------------------------------------------------------------- */

typedef struct host {
    int user_calls, profile_calls;
    bool fail;
    const char *doc_for_paris; /* what the profile callback gives for Paris */
} host;

static bool view_is(mssip_str s, const char *text) {
    return s.len == strlen(text) && memcmp(s.ptr, text, s.len) == 0;
}

static mssip_result host_user(void *ud, mssip_str aor, mssip_profile_sink *sink) {
    host *h = ud;
    h->user_calls++;
    if (h->fail) {
        return MSSIP_E_LIMIT;
    }
    if (view_is(aor, "sip:alice@contoso.com")) {
        return mssip_profile_sink_set(sink, (const uint8_t *)"Paris", 5);
    }
    if (view_is(aor, "sip:bob@contoso.com")) {
        return MSSIP_OK; /* a user without a default profile */
    }
    return MSSIP_E_NOT_FOUND;
}

static mssip_result host_profile(void *ud, mssip_str name, mssip_profile_sink *sink) {
    host *h = ud;
    h->profile_calls++;
    if (view_is(name, "Paris") || view_is(name, "paris")) {
        return mssip_profile_sink_set(sink, (const uint8_t *)h->doc_for_paris,
                                      strlen(h->doc_for_paris));
    }
    if (view_is(name, "Empty")) {
        return MSSIP_OK; /* claims found, gives nothing */
    }
    return MSSIP_E_NOT_FOUND;
}

static void test_callback_store(void) {
    host h = {0, 0, false, PARIS};
    mssip_profile_store_callbacks cb;
    CHECK_OK(mssip_profile_store_callbacks_default(&cb));
    CHECK(cb.user == NULL && cb.profile == NULL);
    mssip_profile_store *store = NULL;
    CHECK_RC(mssip_profile_store_new_callbacks("contoso.com", &cb, NULL, &store), MSSIP_E_NULL);
    cb.user_data = &h;
    cb.user = host_user;
    cb.profile = host_profile;
    CHECK_RC(mssip_profile_store_new_callbacks("contoso.com", NULL, NULL, &store), MSSIP_E_NULL);
    CHECK_RC(mssip_profile_store_new_callbacks(NULL, &cb, NULL, &store), MSSIP_E_NULL);
    CHECK_RC(mssip_profile_store_new_callbacks("contoso.com", &cb, NULL, NULL), MSSIP_E_NULL);
    mssip_profile_store_callbacks bad = cb;
    bad.struct_size = 1;
    CHECK_RC(mssip_profile_store_new_callbacks("contoso.com", &bad, NULL, &store),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_OK(mssip_profile_store_new_callbacks("contoso.com", &cb, NULL, &store));

    bool typed = false;
    char body[2048];
    CHECK(answer_status(store, service("sip:alice@contoso.com", NULL), &typed, body, sizeof body) == 200);
    CHECK(typed && strstr(body, "<Name>Paris</Name>") != NULL);
    CHECK(h.user_calls == 1 && h.profile_calls == 1);
    CHECK(answer_status(store, service("sip:carol@contoso.com", NULL), &typed, NULL, 0) == 404);
    CHECK(answer_status(store, service("sip:bob@contoso.com", NULL), &typed, NULL, 0) == 404);
    CHECK(answer_status(store, service("sip:bob@contoso.com", "Tokyo"), &typed, NULL, 0) == 404);
    /* a document that is no profile, a profile that claims found and gives nothing: 500 */
    CHECK(answer_status(store, service("sip:bob@contoso.com", "Empty"), &typed, NULL, 0) == 500);
    h.doc_for_paris = "<x/>";
    CHECK(answer_status(store, service("sip:bob@contoso.com", "Paris"), &typed, NULL, 0) == 500);
    mssip_dialplan *p = NULL;
    CHECK_RC(mssip_profile_store_get(store, "Paris", &p), MSSIP_E_PROFILE_BACKEND);
    CHECK_LAST_ERROR_HAS("Paris");
    /* a document for another profile than asked */
    h.doc_for_paris = REDMOND;
    CHECK_RC(mssip_profile_store_get(store, "Paris", &p), MSSIP_E_PROFILE_BACKEND);
    CHECK_LAST_ERROR_HAS("Redmond");
    h.doc_for_paris = PARIS;
    CHECK_OK(mssip_profile_store_default(store, "sip:alice@contoso.com", &p));
    translate_is(p, "0142345678", "+33142345678");
    mssip_dialplan_free(p);
    /* a failing callback */
    h.fail = true;
    CHECK(answer_status(store, service("sip:alice@contoso.com", NULL), &typed, NULL, 0) == 500);
    CHECK_RC(mssip_profile_store_default(store, "sip:alice@contoso.com", &p), MSSIP_E_PROFILE_BACKEND);
    CHECK_LAST_ERROR_HAS("MSSIP_E_LIMIT");
    /* the host fills its store itself */
    mssip_dialplan *redmond = load(REDMOND);
    CHECK_RC(mssip_profile_store_add(store, redmond), MSSIP_E_PROFILE_STORE_UNSUPPORTED);
    CHECK_RC(mssip_profile_store_set_user(store, "sip:x@contoso.com", NULL),
             MSSIP_E_PROFILE_STORE_UNSUPPORTED);
    bool removed;
    CHECK_RC(mssip_profile_store_remove(store, "Paris", &removed), MSSIP_E_PROFILE_STORE_UNSUPPORTED);
    mssip_dialplan_free(redmond);
    mssip_profile_store_free(store);

    CHECK_RC(mssip_profile_sink_set(NULL, (const uint8_t *)"x", 1), MSSIP_E_NULL);
    CHECK_RC(mssip_profile_store_callbacks_default(NULL), MSSIP_E_NULL);
}

int main(void) {
    test_request();
    test_memory_store();
    test_callback_store();
    return check_done("dialplan_store");
}
