/* Bodies for peers without multipart: the corpus INVITEs of MS-SIPRE 4.12.1 / 4.12.2 reduced
 * to their fallback description, a single-part INVITE left alone, the E911 INVITE, the peer
 * profile learning from 415 and Accept, the per-dialog 415 retry, and the error paths. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

/* The raw corpus file, NUL-terminated (caller frees). */
static char *load_raw(const char *file) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", MSSIP_CORPUS_DIR, file);
    size_t n = 0;
    unsigned char *raw = check_read_file(path, &n);
    char *s = malloc(n + 1);
    if (s == NULL) {
        exit(2);
    }
    memcpy(s, raw, n);
    s[n] = '\0';
    free(raw);
    return s;
}

/* True when the body of `msg` is exactly the body of the part of `raw` whose header block
 * holds `marker`: from after its empty line up to the CRLF before the next delimiter. */
static int body_is_part(const mssip_msg *msg, const char *raw, const char *marker) {
    const char *at = strstr(raw, marker);
    if (at == NULL) {
        return 0;
    }
    const char *start = strstr(at, "\r\n\r\n");
    if (start == NULL) {
        return 0;
    }
    start += 4;
    const char *end = strstr(start, "\r\n--");
    if (end == NULL) {
        return 0;
    }
    mssip_bytes b;
    if (mssip_msg_body(msg, &b) != MSSIP_OK) {
        return 0;
    }
    return b.len == (size_t)(end - start) && memcmp(b.ptr, start, b.len) == 0;
}

static int header_is(const mssip_msg *msg, const char *name, const char *want) {
    mssip_str v = check_sentinel_str();
    if (mssip_msg_header(msg, name, 0, &v) != MSSIP_OK) {
        return 0;
    }
    return v.len == strlen(want) && memcmp(v.ptr, want, v.len) == 0;
}

static size_t header_count(const mssip_msg *msg, const char *name) {
    size_t n = 99;
    CHECK_OK(mssip_msg_header_count(msg, name, &n));
    return n;
}

static void test_corpus_reduction(void) {
    const char *files[] = {"invite-multipart-2level.sip", "invite-multipart-3level.sip"};
    const char *markers[] = {"ms-proxy-2007fallback", "ms-proxy-2007fallback"};
    for (size_t i = 0; i < 2; i++) {
        char *raw = load_raw(files[i]);
        mssip_msg *m = check_load_corpus(files[i]);
        mssip_msg *out = NULL;
        CHECK_OK(mssip_msg_reduce_for_plain_peer(m, 0, &out));
        CHECK(out != NULL);
        if (out != NULL) {
            CHECK(body_is_part(out, raw, markers[i]));
            CHECK(header_is(out, "Content-Type", "application/sdp"));
            CHECK(header_is(out, "Content-Disposition", "session;handling=optional"));
            mssip_bytes b;
            CHECK_OK(mssip_msg_body(out, &b));
            char len[32];
            snprintf(len, sizeof len, "%zu", b.len);
            CHECK(header_is(out, "Content-Length", len));
            CHECK(header_is(out, "CSeq", "1 INVITE"));
            /* Reduced once, nothing more to do. */
            mssip_msg *again = (mssip_msg *)1;
            CHECK_OK(mssip_msg_reduce_for_plain_peer(out, 0, &again));
            CHECK(again == NULL);
            mssip_msg_free(out);
        }
        mssip_msg_free(m);
        free(raw);
    }
}

static void test_single_part_untouched(void) {
    mssip_msg *m = check_load_corpus("invite-history-info.sip");
    char *before = check_serialize(m);
    mssip_msg *out = (mssip_msg *)1;
    CHECK_OK(mssip_msg_reduce_for_plain_peer(m, MSSIP_PLAIN_BODY_RFC3264_HOLD, &out));
    CHECK(out == NULL);
    char *after = check_serialize(m);
    CHECK(strcmp(before, after) == 0);
    free(before);
    free(after);
    mssip_msg_free(m);
}

static void test_e911(void) {
    char *raw = load_raw("invite-e911.sip");
    mssip_msg *m = check_load_corpus("invite-e911.sip");
    mssip_msg *out = NULL;
    CHECK_OK(mssip_msg_reduce_for_plain_peer(m, 0, &out));
    CHECK(out != NULL);
    if (out != NULL) {
        CHECK(body_is_part(out, raw, "Content-Type: application/sdp"));
        CHECK(header_is(out, "Content-Type", "application/sdp; charset=utf-8"));
        CHECK(header_count(out, "Geolocation") == 0);
        CHECK(header_is(out, "Priority", "emergency"));
        mssip_msg_free(out);
    }
    /* Description and location only: keeping location leaves it as it is. */
    out = (mssip_msg *)1;
    CHECK_OK(mssip_msg_reduce_for_plain_peer(m, MSSIP_PLAIN_BODY_KEEP_LOCATION, &out));
    CHECK(out == NULL);
    mssip_msg_free(m);
    free(raw);
}

static const char OPTIONS_200[] = "SIP/2.0 200 OK\r\n"
                                  "Via: SIP/2.0/TLS 10.0.0.9;branch=z9hG4bK1\r\n"
                                  "From: <sip:a@x>;tag=1\r\nTo: <sip:b@y>;tag=2\r\n"
                                  "Call-ID: c1\r\nCSeq: 1 OPTIONS\r\n"
                                  "Accept: application/sdp, multipart/mixed\r\n"
                                  "Content-Length: 0\r\n\r\n";

static const char REFUSED_415[] = "SIP/2.0 415 Unsupported Media Type\r\n"
                                  "Via: SIP/2.0/TLS 10.0.0.9;branch=z9hG4bK1\r\n"
                                  "From: <sip:a@x>;tag=1\r\nTo: <sip:b@y>;tag=2\r\n"
                                  "Call-ID: c1\r\nCSeq: 1 INVITE\r\n"
                                  "Accept: application/sdp\r\n"
                                  "Content-Length: 0\r\n\r\n";

static void test_peer_profile(void) {
    mssip_peer_body *peer = NULL;
    CHECK_OK(mssip_peer_body_new(MSSIP_PEER_MULTIPART_UNKNOWN, 0, &peer));
    uint32_t state = 99;
    CHECK_OK(mssip_peer_body_multipart(peer, &state));
    CHECK(state == MSSIP_PEER_MULTIPART_UNKNOWN);

    mssip_msg *two = check_load_corpus("invite-multipart-2level.sip");
    mssip_msg *out = NULL;
    /* Unknown: reduced, as for a plain peer. */
    CHECK_OK(mssip_peer_body_reduce(peer, two, &out));
    CHECK(out != NULL);
    mssip_msg_free(out);

    mssip_msg *ok = check_parse(OPTIONS_200);
    bool changed = false;
    CHECK_OK(mssip_peer_body_learn(peer, ok, &changed));
    CHECK(changed);
    CHECK_OK(mssip_peer_body_multipart(peer, &state));
    CHECK(state == MSSIP_PEER_MULTIPART_ALLOWED);
    out = (mssip_msg *)1;
    CHECK_OK(mssip_peer_body_reduce(peer, two, &out));
    CHECK(out == NULL);

    mssip_msg *refused = check_parse(REFUSED_415);
    CHECK_OK(mssip_peer_body_learn(peer, refused, NULL));
    CHECK_OK(mssip_peer_body_multipart(peer, &state));
    CHECK(state == MSSIP_PEER_MULTIPART_REFUSED);
    CHECK_OK(mssip_peer_body_learn(peer, refused, &changed));
    CHECK(!changed);

    /* Errors. */
    CHECK_RC(mssip_peer_body_new(3, 0, &peer), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_peer_body_new(0, 4, &peer), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_peer_body_new(0, 0, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_peer_body_learn(NULL, ok, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_peer_body_learn(peer, NULL, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_peer_body_multipart(NULL, &state), MSSIP_E_NULL);
    CHECK_RC(mssip_peer_body_multipart(peer, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_peer_body_reduce(NULL, two, &out), MSSIP_E_NULL);
    CHECK_RC(mssip_peer_body_reduce(peer, NULL, &out), MSSIP_E_NULL);
    CHECK_RC(mssip_peer_body_reduce(peer, two, NULL), MSSIP_E_NULL);
    mssip_peer_body_free(peer);
    mssip_peer_body_free(NULL);
    mssip_msg_free(ok);
    mssip_msg_free(refused);
    mssip_msg_free(two);
}

/* A 415 answering `invite` (same Via, From, To, Call-ID, CSeq). */
static mssip_msg *refusal_of(const mssip_msg *invite) {
    char text[2048];
    size_t n = (size_t)snprintf(text, sizeof text, "SIP/2.0 415 Unsupported Media Type\r\n");
    const char *names[] = {"Via", "From", "To", "Call-ID", "CSeq"};
    for (size_t i = 0; i < 5; i++) {
        mssip_str v = check_sentinel_str();
        CHECK_OK(mssip_msg_header(invite, names[i], 0, &v));
        n += (size_t)snprintf(text + n, sizeof text - n, "%s: %.*s\r\n", names[i], (int)v.len,
                              v.ptr);
    }
    snprintf(text + n, sizeof text - n, "Content-Length: 0\r\n\r\n");
    return check_parse(text);
}

static void test_dialog_retry(void) {
    char *raw = load_raw("invite-multipart-3level.sip");
    mssip_msg *invite = check_load_corpus("invite-multipart-3level.sip");
    mssip_msg *refused = refusal_of(invite);
    mssip_body_dialogs *d = NULL;
    CHECK_OK(mssip_body_dialogs_new(1, &d));
    mssip_msg *retry = NULL;
    CHECK_OK(mssip_body_dialogs_on_415(d, 42, invite, refused, 0, &retry));
    CHECK(retry != NULL);
    if (retry != NULL) {
        CHECK(header_is(retry, "CSeq", "2 INVITE"));
        CHECK(header_is(retry, "Call-ID", "0c3a9c3e9ab14a7e8d3f0d6bcb1b8e11"));
        CHECK(header_count(retry, "Via") == 0);
        CHECK(header_is(retry, "Content-Type", "application/sdp"));
        CHECK(body_is_part(retry, raw, "ms-proxy-2007fallback"));
        mssip_msg_free(retry);
    }
    bool single = false;
    CHECK_OK(mssip_body_dialogs_is_single(d, 42, &single));
    CHECK(single);
    CHECK_OK(mssip_body_dialogs_is_single(d, 43, &single));
    CHECK(!single);

    /* Later bodies of the dialog go single-part; other dialogs are left alone. */
    mssip_msg *out = NULL;
    CHECK_OK(mssip_body_dialogs_outgoing(d, 42, invite, 0, &out));
    CHECK(out != NULL);
    mssip_msg_free(out);
    out = (mssip_msg *)1;
    CHECK_OK(mssip_body_dialogs_outgoing(d, 43, invite, 0, &out));
    CHECK(out == NULL);

    /* Bounded: a second dialog does not fit; nothing is remembered on error. */
    retry = (mssip_msg *)1;
    CHECK_RC(mssip_body_dialogs_on_415(d, 43, invite, refused, 0, &retry),
             MSSIP_E_PLAIN_BODY_DIALOGS_FULL);
    CHECK(retry == (mssip_msg *)1);
    CHECK_RC(mssip_body_dialogs_mark_single(d, 43), MSSIP_E_PLAIN_BODY_DIALOGS_FULL);
    bool held = false;
    CHECK_OK(mssip_body_dialogs_forget(d, 42, &held));
    CHECK(held);
    CHECK_OK(mssip_body_dialogs_forget(d, 42, &held));
    CHECK(!held);
    CHECK_OK(mssip_body_dialogs_mark_single(d, 43));
    CHECK_OK(mssip_body_dialogs_forget(d, 43, NULL));

    /* Wrong messages. */
    CHECK_RC(mssip_body_dialogs_on_415(d, 1, invite, invite, 0, &retry),
             MSSIP_E_PLAIN_BODY_WRONG_MESSAGE);
    CHECK_LAST_ERROR_HAS("not a 415");
    CHECK_RC(mssip_body_dialogs_on_415(d, 1, refused, refused, 0, &retry),
             MSSIP_E_PLAIN_BODY_WRONG_MESSAGE);
    mssip_msg *plain = check_load_corpus("invite-history-info.sip");
    mssip_msg *plain_refused = refusal_of(plain);
    CHECK_RC(mssip_body_dialogs_on_415(d, 1, plain, plain_refused, 0, &retry),
             MSSIP_E_PLAIN_BODY_WRONG_MESSAGE);
    CHECK_RC(mssip_body_dialogs_on_415(d, 1, invite, plain_refused, 0, &retry),
             MSSIP_E_PLAIN_BODY_WRONG_MESSAGE);
    CHECK_LAST_ERROR_HAS("does not answer");
    CHECK(retry == (mssip_msg *)1);

    /* NULLs and arguments. */
    CHECK_RC(mssip_body_dialogs_new(0, &d), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_body_dialogs_new(MSSIP_BODY_DIALOGS_MAX + 1, &d), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_body_dialogs_new(1, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_body_dialogs_on_415(NULL, 1, invite, refused, 0, &retry), MSSIP_E_NULL);
    CHECK_RC(mssip_body_dialogs_on_415(d, 1, NULL, refused, 0, &retry), MSSIP_E_NULL);
    CHECK_RC(mssip_body_dialogs_on_415(d, 1, invite, NULL, 0, &retry), MSSIP_E_NULL);
    CHECK_RC(mssip_body_dialogs_on_415(d, 1, invite, refused, 0, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_body_dialogs_on_415(d, 1, invite, refused, 8, &retry),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_body_dialogs_outgoing(NULL, 1, invite, 0, &out), MSSIP_E_NULL);
    CHECK_RC(mssip_body_dialogs_outgoing(d, 1, NULL, 0, &out), MSSIP_E_NULL);
    CHECK_RC(mssip_body_dialogs_outgoing(d, 1, invite, 0, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_body_dialogs_is_single(NULL, 1, &single), MSSIP_E_NULL);
    CHECK_RC(mssip_body_dialogs_is_single(d, 1, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_body_dialogs_mark_single(NULL, 1), MSSIP_E_NULL);
    CHECK_RC(mssip_body_dialogs_forget(NULL, 1, NULL), MSSIP_E_NULL);
    mssip_body_dialogs_free(d);
    mssip_body_dialogs_free(NULL);
    mssip_msg_free(plain);
    mssip_msg_free(plain_refused);
    mssip_msg_free(refused);
    mssip_msg_free(invite);
    free(raw);
}

static void test_broken_bodies(void) {
    mssip_msg *m = check_load_corpus("invite-history-info.sip");
    mssip_msg *out = (mssip_msg *)1;
    const char *junk = "junk without delimiters";
    CHECK_OK(mssip_msg_set_body(m, "multipart/mixed;boundary=b", (const uint8_t *)junk,
                                strlen(junk)));
    CHECK_RC(mssip_msg_reduce_for_plain_peer(m, 0, &out), MSSIP_E_BAD_VALUE);
    const char *video = "--b\r\nContent-Type: application/sdp\r\n\r\n"
                        "v=0\r\nm=video 1 RTP/AVP 96\r\n--b--\r\n";
    CHECK_OK(mssip_msg_set_body(m, "multipart/alternative;boundary=b", (const uint8_t *)video,
                                strlen(video)));
    CHECK_RC(mssip_msg_reduce_for_plain_peer(m, 0, &out), MSSIP_E_PLAIN_BODY_NO_SDP);
    CHECK_LAST_ERROR_HAS("audio");
    const char *open = "--b\r\nContent-Type: application/sdp\r\n\r\nv=0\r\nm=audio 1 RTP/AVP 0";
    CHECK_OK(mssip_msg_set_body(m, "multipart/mixed;boundary=b", (const uint8_t *)open,
                                strlen(open)));
    CHECK_RC(mssip_msg_reduce_for_plain_peer(m, 0, &out), MSSIP_E_INCOMPLETE);
    CHECK(out == (mssip_msg *)1);
    CHECK_RC(mssip_msg_reduce_for_plain_peer(m, 0x10, &out), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_msg_reduce_for_plain_peer(NULL, 0, &out), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_reduce_for_plain_peer(m, 0, NULL), MSSIP_E_NULL);
    mssip_msg_free(m);
}

int main(void) {
    test_corpus_reduction();
    test_single_part_untouched();
    test_e911();
    test_peer_profile();
    test_dialog_retry();
    test_broken_bodies();
    return check_done("test_interwork_body");
}
