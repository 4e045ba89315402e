/* Library-wide calls: mssip_version, mssip_result_str, mssip_last_error (thread-local),
 * mssip_limits_default. */
#include <pthread.h>

#include "check.h"

static void test_version(void) {
    const char *v = mssip_version();
    CHECK(v != NULL);
    /* MAJOR.MINOR.PATCH */
    unsigned major = 0, minor = 0, patch = 0;
    CHECK(sscanf(v, "%u.%u.%u", &major, &minor, &patch) == 3);
    CHECK(mssip_version() == v); /* static string */
}

static void test_result_str(void) {
    CHECK(strcmp(mssip_result_str(MSSIP_OK), "MSSIP_OK") == 0);
    CHECK(strcmp(mssip_result_str(MSSIP_E_NULL), "MSSIP_E_NULL") == 0);
    CHECK(strcmp(mssip_result_str(MSSIP_E_BUFFER_TOO_SMALL), "MSSIP_E_BUFFER_TOO_SMALL") == 0);
    CHECK(strcmp(mssip_result_str(MSSIP_E_BAD_HEADER), "MSSIP_E_BAD_HEADER") == 0);
    CHECK(strcmp(mssip_result_str(MSSIP_E_FRAMING), "MSSIP_E_FRAMING") == 0);
    /* Numbers the library does not define, including ones a C enum variable can still hold. */
    CHECK(strcmp(mssip_result_str((mssip_result)8), "MSSIP_E_UNKNOWN") == 0);
    CHECK(strcmp(mssip_result_str((mssip_result)99999), "MSSIP_E_UNKNOWN") == 0);
    CHECK(strcmp(mssip_result_str((mssip_result)-1), "MSSIP_E_UNKNOWN") == 0);
    /* Every defined number between 0 and 400 has its own name starting with MSSIP_. */
    int named = 0;
    for (int i = 0; i < 400; i++) {
        const char *s = mssip_result_str((mssip_result)i);
        CHECK(s != NULL && strncmp(s, "MSSIP_", 6) == 0);
        if (strcmp(s, "MSSIP_E_UNKNOWN") != 0) {
            named++;
        }
    }
    CHECK(named >= 21);
}

static void test_last_error(void) {
    mssip_msg *msg = NULL;
    CHECK_RC(mssip_msg_parse(NULL, 3, &msg), MSSIP_E_NULL);
    CHECK(msg == NULL);
    CHECK_LAST_ERROR_HAS("data is NULL");
    /* The pointer stays valid (and the text unchanged) across successful calls. */
    const char *before = mssip_last_error();
    mssip_limits limits;
    CHECK_OK(mssip_limits_default(&limits));
    CHECK(mssip_last_error() == before);
    CHECK(strstr(before, "data is NULL") != NULL);
    /* A parse error names what is wrong and where. */
    const char *bad = "INVITE sip:a@b SIP/2.0\r\nNo colon here\r\n\r\n";
    CHECK_RC(mssip_msg_parse((const uint8_t *)bad, strlen(bad), &msg), MSSIP_E_BAD_HEADER);
    CHECK_LAST_ERROR_HAS("byte");
}

struct thread_arg {
    const char *name; /* header name given to a call that fails with MSSIP_E_NULL */
    int ok;
};

/* Each thread makes its own call fail and must see its own message, not the other's. */
static void *thread_main(void *p) {
    struct thread_arg *arg = p;
    arg->ok = 1;
    for (int i = 0; i < 200; i++) {
        mssip_str out;
        mssip_result rc = mssip_msg_header(NULL, arg->name, 0, &out);
        if (rc != MSSIP_E_NULL || strstr(mssip_last_error(), "msg is NULL") == NULL) {
            arg->ok = 0;
        }
        size_t need = 0;
        rc = mssip_msg_serialize(NULL, NULL, 0, &need);
        if (rc != MSSIP_E_NULL || strcmp(mssip_last_error(), "msg is NULL") != 0) {
            arg->ok = 0;
        }
    }
    return NULL;
}

static void test_last_error_is_per_thread(void) {
    /* This thread's message must survive the other threads' failures. */
    mssip_limits *none = NULL;
    CHECK_RC(mssip_limits_default(none), MSSIP_E_NULL);
    CHECK(strcmp(mssip_last_error(), "out is NULL") == 0);
    pthread_t t[4];
    struct thread_arg args[4] = {{"Via", 0}, {"To", 0}, {"From", 0}, {"Call-ID", 0}};
    for (int i = 0; i < 4; i++) {
        CHECK(pthread_create(&t[i], NULL, thread_main, &args[i]) == 0);
    }
    for (int i = 0; i < 4; i++) {
        CHECK(pthread_join(t[i], NULL) == 0);
        CHECK(args[i].ok == 1);
    }
    CHECK(strcmp(mssip_last_error(), "out is NULL") == 0);
}

static void test_limits_default(void) {
    mssip_limits l;
    memset(&l, 0, sizeof l);
    CHECK_OK(mssip_limits_default(&l));
    CHECK(l.max_message_size == 65536);
    CHECK(l.max_headers == 256);
    CHECK(l.max_line_length == 8192);
    CHECK(l.max_nesting_depth == 8);
    CHECK(l.max_parts == 64);
    CHECK(l.max_xml_size == 65536);
    CHECK_RC(mssip_limits_default(NULL), MSSIP_E_NULL);
}

int main(void) {
    test_version();
    test_result_str();
    test_last_error();
    test_last_error_is_per_thread();
    test_limits_default();
    return check_done("test_core");
}
