/* mssip_framer: cutting a TCP byte stream into messages and keep-alives, in any chunking;
 * a malformed message is skipped while the stream goes on; a framing error is final. */
#include "check.h"

static const char OPTIONS[] =
    "OPTIONS sip:contoso.com SIP/2.0\r\n"
    "Via: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bK1\r\n"
    "Content-Length: 4\r\n"
    "\r\n"
    "abcd";

static const char BYE[] =
    "BYE sip:contoso.com SIP/2.0\r\n"
    "Via: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bK2\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

/* Takes the next item; returns its kind and frees any message after checking its method. */
static mssip_frame_kind next_kind(mssip_framer *f, const char *method) {
    mssip_frame_kind kind = (mssip_frame_kind)99;
    mssip_msg *msg = (mssip_msg *)&kind;
    mssip_result rc = mssip_framer_next(f, &kind, &msg);
    if (rc != MSSIP_OK) {
        fprintf(stderr, "mssip_framer_next: %s (%s)\n", mssip_result_str(rc), mssip_last_error());
        CHECK(rc == MSSIP_OK);
        return (mssip_frame_kind)99;
    }
    if (kind == MSSIP_FRAME_MESSAGE) {
        CHECK(msg != NULL);
        mssip_str m;
        CHECK_OK(mssip_msg_method(msg, &m));
        if (method != NULL) {
            CHECK_STR(m, method);
        }
        mssip_msg_free(msg);
    } else {
        CHECK(msg == NULL);
    }
    return kind;
}

static void test_byte_at_a_time(void) {
    mssip_framer *f = NULL;
    CHECK_OK(mssip_framer_new(&f));
    char stream[512];
    int n = snprintf(stream, sizeof stream, "%s\r\n\r\n%s", OPTIONS, BYE);
    CHECK(n > 0 && (size_t)n < sizeof stream);
    int messages = 0, pings = 0;
    for (int i = 0; i < n; i++) {
        CHECK_OK(mssip_framer_push(f, (const uint8_t *)&stream[i], 1));
        for (;;) {
            mssip_frame_kind k = next_kind(f, NULL);
            if (k == MSSIP_FRAME_NONE || k == (mssip_frame_kind)99) {
                break;
            }
            messages += k == MSSIP_FRAME_MESSAGE;
            pings += k == MSSIP_FRAME_PING;
        }
    }
    CHECK(messages == 2);
    CHECK(pings == 1);
    CHECK_OK(mssip_framer_finish(f));
    CHECK(next_kind(f, NULL) == MSSIP_FRAME_NONE);
    mssip_framer_free(f);
}

static void test_keepalives(void) {
    mssip_framer *f = NULL;
    CHECK_OK(mssip_framer_new(&f));
    /* ping, then a lone CRLF (pong) that is known once the next message starts */
    CHECK_OK(mssip_framer_push(f, (const uint8_t *)"\r\n\r\n\r\n", 6));
    CHECK(next_kind(f, NULL) == MSSIP_FRAME_PING);
    CHECK(next_kind(f, NULL) == MSSIP_FRAME_NONE); /* may still become a ping */
    CHECK_OK(mssip_framer_push(f, (const uint8_t *)BYE, strlen(BYE)));
    CHECK(next_kind(f, NULL) == MSSIP_FRAME_PONG);
    CHECK(next_kind(f, "BYE") == MSSIP_FRAME_MESSAGE);
    /* After our own ping, a single CRLF is the pong at once. */
    CHECK_OK(mssip_framer_ping_sent(f));
    CHECK_OK(mssip_framer_push(f, (const uint8_t *)"\r\n", 2));
    CHECK(next_kind(f, NULL) == MSSIP_FRAME_PONG);
    /* At the end of the stream a waiting lone CRLF is a pong. */
    CHECK_OK(mssip_framer_push(f, (const uint8_t *)"\r\n", 2));
    CHECK(next_kind(f, NULL) == MSSIP_FRAME_NONE);
    CHECK_OK(mssip_framer_finish(f));
    CHECK(next_kind(f, NULL) == MSSIP_FRAME_PONG);
    /* Pushing nothing is fine, with or without a pointer. */
    CHECK_OK(mssip_framer_push(f, NULL, 0));
    CHECK_OK(mssip_framer_push(f, (const uint8_t *)"", 0));
    mssip_framer_free(f);
}

static void test_malformed_message_is_skipped(void) {
    mssip_framer *f = NULL;
    CHECK_OK(mssip_framer_new(&f));
    /* Framed by its Content-Length, but its start line is not SIP. */
    const char bad[] = "INVITE sip:a@b SIP/9\r\nContent-Length: 0\r\n\r\n";
    char stream[512];
    int n = snprintf(stream, sizeof stream, "%s%s%s", OPTIONS, bad, BYE);
    CHECK(n > 0);
    CHECK_OK(mssip_framer_push(f, (const uint8_t *)stream, (size_t)n));
    CHECK(next_kind(f, "OPTIONS") == MSSIP_FRAME_MESSAGE);
    mssip_frame_kind kind = MSSIP_FRAME_PING;
    mssip_msg *msg = (mssip_msg *)&kind;
    CHECK_RC(mssip_framer_next(f, &kind, &msg), MSSIP_E_BAD_VERSION);
    CHECK(kind == MSSIP_FRAME_PING && msg == (mssip_msg *)&kind); /* untouched */
    CHECK(next_kind(f, "BYE") == MSSIP_FRAME_MESSAGE);
    CHECK(next_kind(f, NULL) == MSSIP_FRAME_NONE);
    mssip_framer_free(f);
}

static void test_framing_error_is_final(void) {
    mssip_framer *f = NULL;
    CHECK_OK(mssip_framer_new(&f));
    char stream[512];
    int n = snprintf(stream, sizeof stream, "%s%s", BYE, "\x01garbage");
    CHECK(n > 0);
    CHECK_RC(mssip_framer_push(f, (const uint8_t *)stream, (size_t)n), MSSIP_E_FRAMING);
    CHECK_LAST_ERROR_HAS("close the connection");
    /* The message completed before the error is still delivered, then the error once. */
    CHECK(next_kind(f, "BYE") == MSSIP_FRAME_MESSAGE);
    mssip_frame_kind kind;
    mssip_msg *msg;
    CHECK_RC(mssip_framer_next(f, &kind, &msg), MSSIP_E_FRAMING);
    CHECK(next_kind(f, NULL) == MSSIP_FRAME_NONE);
    CHECK_RC(mssip_framer_push(f, (const uint8_t *)BYE, strlen(BYE)), MSSIP_E_FRAMING);
    CHECK_RC(mssip_framer_finish(f), MSSIP_E_FRAMING);
    mssip_framer_free(f);
}

static void test_limits_and_truncation(void) {
    mssip_limits limits;
    CHECK_OK(mssip_limits_default(&limits));
    limits.max_message_size = 64;
    mssip_framer *f = NULL;
    CHECK_OK(mssip_framer_new_with_limits(&limits, &f));
    CHECK_RC(mssip_framer_push(f, (const uint8_t *)OPTIONS, strlen(OPTIONS)), MSSIP_E_FRAMING);
    CHECK_LAST_ERROR_HAS("max_message_size");
    mssip_framer_free(f);

    f = NULL;
    CHECK_OK(mssip_framer_new_with_limits(NULL, &f)); /* NULL limits: defaults */
    CHECK_OK(mssip_framer_push(f, (const uint8_t *)OPTIONS, 20));
    CHECK(next_kind(f, NULL) == MSSIP_FRAME_NONE);
    CHECK_RC(mssip_framer_finish(f), MSSIP_E_FRAMING); /* the stream ended inside a message */
    mssip_framer_free(f);
}

static void test_nulls(void) {
    mssip_framer *f = NULL;
    CHECK_RC(mssip_framer_new(NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_framer_new_with_limits(NULL, NULL), MSSIP_E_NULL);
    CHECK_OK(mssip_framer_new(&f));
    mssip_frame_kind kind;
    mssip_msg *msg;
    CHECK_RC(mssip_framer_push(NULL, (const uint8_t *)"x", 1), MSSIP_E_NULL);
    CHECK_RC(mssip_framer_push(f, NULL, 1), MSSIP_E_NULL);
    CHECK_RC(mssip_framer_next(NULL, &kind, &msg), MSSIP_E_NULL);
    CHECK_RC(mssip_framer_next(f, NULL, &msg), MSSIP_E_NULL);
    CHECK_RC(mssip_framer_next(f, &kind, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_framer_ping_sent(NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_framer_finish(NULL), MSSIP_E_NULL);
    mssip_framer_free(f);
    mssip_framer_free(NULL);
}

int main(void) {
    test_byte_at_a_time();
    test_keepalives();
    test_malformed_message_is_skipped();
    test_framing_error_is_final();
    test_limits_and_truncation();
    test_nulls();
    return check_done("test_framer");
}
