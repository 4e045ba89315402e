/* Library-wide calls: mssip_version and the MSSIP_VERSION_* macros, mssip_result_str,
 * mssip_last_error (thread-local), mssip_limits_default and how mssip_limits grows. */
#include <pthread.h>

#include "check.h"

static void test_version(void) {
    const char *v = mssip_version();
    CHECK(v != NULL);
    /* MAJOR.MINOR.PATCH */
    unsigned major = 0, minor = 0, patch = 0;
    CHECK(sscanf(v, "%u.%u.%u", &major, &minor, &patch) == 3);
    CHECK(mssip_version() == v); /* static string */
    /* The header this test was built with has the same numbers as the library. */
    char macros[64];
    snprintf(macros, sizeof macros, "%u.%u.%u", (unsigned)MSSIP_VERSION_MAJOR,
             (unsigned)MSSIP_VERSION_MINOR, (unsigned)MSSIP_VERSION_PATCH);
    CHECK(strcmp(macros, v) == 0);
    CHECK(major == MSSIP_VERSION_MAJOR && minor == MSSIP_VERSION_MINOR &&
          patch == MSSIP_VERSION_PATCH);
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
    CHECK(strcmp(mssip_result_str(MSSIP_E_XML_DOCTYPE), "MSSIP_E_XML_DOCTYPE") == 0);
    /* Every defined number between 0 and 800 has its own name starting with MSSIP_. */
    int named = 0;
    for (int i = 0; i < 800; i++) {
        const char *s = mssip_result_str((mssip_result)i);
        CHECK(s != NULL && strncmp(s, "MSSIP_", 6) == 0);
        if (strcmp(s, "MSSIP_E_UNKNOWN") != 0) {
            named++;
        }
    }
    CHECK(named >= 31);
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
    CHECK(l.max_xml_depth == 32);
    CHECK(l.max_xml_elements == 4096);
    CHECK(l.max_xml_attributes == 64);
    CHECK(l.struct_size == sizeof l);
    CHECK_RC(mssip_limits_default(NULL), MSSIP_E_NULL);
}

static const char TWO_HEADERS[] = "OPTIONS sip:a@b.example SIP/2.0\r\n"
                                  "Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                                  "Max-Forwards: 70\r\n\r\n";

/* A newer program's struct: the fields this library knows, then one it does not. */
struct limits_from_a_newer_header {
    mssip_limits known;
    size_t max_future_thing;
};

/* mssip_limits grows by its struct_size: what the calls accept and refuse. */
static void test_limits_growth(void) {
    const uint8_t *data = (const uint8_t *)TWO_HEADERS;
    size_t n = strlen(TWO_HEADERS);
    mssip_msg *msg = NULL;
    mssip_limits l;
    CHECK_OK(mssip_limits_default(&l));
    l.max_headers = 1;
    CHECK_RC(mssip_msg_parse_with_limits(data, n, &l, &msg), MSSIP_E_LIMIT);
    CHECK(msg == NULL);

    /* Not filled by mssip_limits_default(): refused, never read as garbage. */
    memset(&l, 0, sizeof l);
    l.max_headers = 100;
    CHECK_RC(mssip_msg_parse_with_limits(data, n, &l, &msg), MSSIP_E_INVALID_ARGUMENT);
    CHECK_LAST_ERROR_HAS("mssip_limits_default()");
    CHECK(msg == NULL);
    CHECK_OK(mssip_limits_default(&l));
    l.struct_size = sizeof l - 1;
    CHECK_RC(mssip_msg_parse_with_limits(data, n, &l, &msg), MSSIP_E_INVALID_ARGUMENT);

    /* A struct from a newer header: accepted while the unknown field is 0. */
    struct limits_from_a_newer_header newer;
    memset(&newer, 0, sizeof newer);
    CHECK_OK(mssip_limits_default(&newer.known));
    newer.known.struct_size = sizeof newer;
    CHECK_OK(mssip_msg_parse_with_limits(data, n, &newer.known, &msg));
    mssip_msg_free(msg);
    msg = NULL;
    newer.max_future_thing = 10;
    CHECK_RC(mssip_msg_parse_with_limits(data, n, &newer.known, &msg), MSSIP_E_INVALID_ARGUMENT);
    CHECK_LAST_ERROR_HAS("newer mssip.h");
    CHECK(msg == NULL);

    /* The same rule for every call taking limits. */
    mssip_framer *f = NULL;
    CHECK_RC(mssip_framer_new_with_limits(&newer.known, &f), MSSIP_E_INVALID_ARGUMENT);
    CHECK(f == NULL);
    mssip_multipart *mp = NULL;
    const char *mpb = "--b\r\n\r\nx\r\n--b--";
    CHECK_RC(mssip_multipart_parse_body((const uint8_t *)mpb, strlen(mpb),
                                        "multipart/mixed;boundary=b", &newer.known, &mp),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK(mp == NULL);
    newer.max_future_thing = 0;
    CHECK_OK(mssip_framer_new_with_limits(&newer.known, &f));
    mssip_framer_free(f);
    CHECK_OK(mssip_multipart_parse_body((const uint8_t *)mpb, strlen(mpb),
                                        "multipart/mixed;boundary=b", &newer.known, &mp));
    mssip_multipart_free(mp);
}

int main(void) {
    test_version();
    test_result_str();
    test_last_error();
    test_last_error_is_per_thread();
    test_limits_default();
    test_limits_growth();
    return check_done("test_core");
}
