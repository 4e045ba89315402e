/* mssip_log_set: the library-wide log callback. Failed calls are logged at MSSIP_LOG_DEBUG
 * with their code and mssip_last_error() text, which gives this test messages to watch for.
 * (The report of a caught panic, at MSSIP_LOG_ERROR, is tested on the Rust side, where a
 * panic can be provoked.) */
#include <pthread.h>

#include "check.h"

struct seen {
    pthread_mutex_t lock;
    int calls;
    int with_nul;    /* messages followed by a NUL at message[len] */
    int bad_level;   /* calls with a level outside 1..4 */
    mssip_log_level last_level;
    char last[512];
};

static void record(mssip_log_level level, const char *message, size_t len, void *user) {
    struct seen *s = user;
    pthread_mutex_lock(&s->lock);
    s->calls++;
    if (message != NULL && message[len] == '\0' && strlen(message) == len) {
        s->with_nul++;
    }
    if (level < MSSIP_LOG_ERROR || level > MSSIP_LOG_DEBUG) {
        s->bad_level++;
    }
    s->last_level = level;
    snprintf(s->last, sizeof s->last, "%.*s", (int)len, message);
    pthread_mutex_unlock(&s->lock);
}

static void reset(struct seen *s) {
    pthread_mutex_lock(&s->lock);
    s->calls = s->with_nul = s->bad_level = 0;
    s->last[0] = '\0';
    pthread_mutex_unlock(&s->lock);
}

static const char GARBAGE[] = "this is not SIP\r\n\r\n";

static void fail_once(void) {
    mssip_msg *msg = NULL;
    CHECK_RC(mssip_msg_parse((const uint8_t *)GARBAGE, strlen(GARBAGE), &msg),
             MSSIP_E_BAD_VERSION);
}

static void test_debug_gets_failed_calls(struct seen *s) {
    reset(s);
    CHECK_OK(mssip_log_set(MSSIP_LOG_DEBUG, record, s));
    fail_once();
    CHECK(s->calls == 1 && s->with_nul == 1 && s->bad_level == 0);
    CHECK(s->last_level == MSSIP_LOG_DEBUG);
    CHECK(strstr(s->last, "MSSIP_E_BAD_VERSION") != NULL);
    CHECK(strstr(s->last, mssip_last_error()) != NULL);
    /* A NULL argument is a failed call too. */
    mssip_str out;
    CHECK_RC(mssip_msg_header(NULL, "Via", 0, &out), MSSIP_E_NULL);
    CHECK(s->calls == 2 && strstr(s->last, "msg is NULL") != NULL);
    /* Successful calls log nothing. */
    mssip_limits l;
    CHECK_OK(mssip_limits_default(&l));
    CHECK(s->calls == 2);
}

static void test_levels_filter(struct seen *s) {
    reset(s);
    CHECK_OK(mssip_log_set(MSSIP_LOG_WARN, record, s));
    fail_once();
    CHECK(s->calls == 0);
    CHECK_OK(mssip_log_set(MSSIP_LOG_ERROR, record, s));
    fail_once();
    CHECK(s->calls == 0);
}

static void test_bad_arguments(struct seen *s) {
    reset(s);
    CHECK_OK(mssip_log_set(MSSIP_LOG_DEBUG, record, s));
    /* An unknown level is refused and the previous setting stays (this failure is logged). */
    CHECK_RC(mssip_log_set((mssip_log_level)0, record, s), MSSIP_E_INVALID_ARGUMENT);
    CHECK_LAST_ERROR_HAS("min_level 0");
    CHECK_RC(mssip_log_set((mssip_log_level)5, record, s), MSSIP_E_INVALID_ARGUMENT);
    CHECK(s->calls == 2);
    fail_once();
    CHECK(s->calls == 3);
    /* A NULL callback turns logging off, whatever the level. */
    CHECK_OK(mssip_log_set((mssip_log_level)12345, NULL, NULL));
    fail_once();
    CHECK(s->calls == 3);
    CHECK_OK(mssip_log_set(MSSIP_LOG_DEBUG, NULL, s));
    fail_once();
    CHECK(s->calls == 3);
}

static void *fail_many(void *arg) {
    (void)arg;
    for (int i = 0; i < 100; i++) {
        mssip_msg *msg = NULL;
        if (mssip_msg_parse((const uint8_t *)GARBAGE, strlen(GARBAGE), &msg) !=
            MSSIP_E_BAD_VERSION) {
            return (void *)1;
        }
    }
    return NULL;
}

static void test_threads(struct seen *s) {
    reset(s);
    CHECK_OK(mssip_log_set(MSSIP_LOG_DEBUG, record, s));
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        CHECK(pthread_create(&t[i], NULL, fail_many, NULL) == 0);
    }
    for (int i = 0; i < 4; i++) {
        void *rc = (void *)1;
        CHECK(pthread_join(t[i], &rc) == 0);
        CHECK(rc == NULL);
    }
    CHECK(s->calls == 400 && s->with_nul == 400);
    CHECK_OK(mssip_log_set(MSSIP_LOG_DEBUG, NULL, NULL));
}

int main(void) {
    static struct seen s = {PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, MSSIP_LOG_ERROR, {0}};
    /* Logging is off until set. */
    fail_once();
    test_debug_gets_failed_calls(&s);
    test_levels_filter(&s);
    test_bad_arguments(&s);
    test_threads(&s);
    reset(&s);
    fail_once();
    CHECK(s.calls == 0); /* nothing after logging was turned off */
    return check_done("test_log");
}
