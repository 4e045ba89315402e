/* C tests of the correlation exports (MS-SIPRE 2.2.11, 3.12): generating, reading, the
 * related dialog's id, stamping, the proxy log, the warning for an ignored value, errors,
 * NULLs and small buffers. */
#include <stdbool.h>

#include "test_messages.h"

#define ID "0b1a6ea4-2c3e-4c79-9a3b-5e1a31b6c2d0"

static int warnings;
static char last_warning[512];

static void on_log(mssip_log_level level, const char *message, size_t len, void *user) {
    (void)user;
    if (level == MSSIP_LOG_WARN && len >= 17 && memcmp(message, "Ms-Correlation-Id", 17) == 0) {
        warnings++;
        snprintf(last_warning, sizeof last_warning, "%.*s", (int)len, message);
    }
}

static void test_generate(void) {
    char a[MSSIP_CORRELATION_ID_LEN + 1], b[MSSIP_CORRELATION_ID_LEN + 1];
    size_t len = 0;
    CHECK_OK(mssip_correlation_generate(a, sizeof a, &len));
    CHECK(len == 36 && strlen(a) == 36);
    CHECK(a[14] == '4'); /* version 4 (RFC 4122 4.4) */
    CHECK(strchr("89ab", a[19]) != NULL);
    CHECK_OK(mssip_correlation_generate(b, sizeof b, &len));
    CHECK(strcmp(a, b) != 0);
    char small[36];
    len = 0;
    CHECK_RC(mssip_correlation_generate(small, sizeof small, &len), MSSIP_E_BUFFER_TOO_SMALL);
    CHECK(len == 36);
    CHECK_RC(mssip_correlation_generate(NULL, 0, &len), MSSIP_E_BUFFER_TOO_SMALL);
    CHECK_RC(mssip_correlation_generate(a, sizeof a, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_correlation_generate(NULL, 5, &len), MSSIP_E_NULL);
}

static void test_read_and_log(void) {
    mssip_str v;
    mssip_msg *good = request("INVITE", "Ms-Correlation-Id:  " ID " \r\n");
    CHECK_OK(mssip_correlation_read(good, &v));
    CHECK_STR(v, ID);
    CHECK_OK(mssip_correlation_for_log(good, &v));
    CHECK_STR(v, ID);

    mssip_msg *none = request("INVITE", "");
    CHECK_RC(mssip_correlation_read(none, &v), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_correlation_for_log(none, &v), MSSIP_E_NOT_FOUND);

    /* 3.12.5.2: a value that is not a UUID is ignored, and the host's logger hears of it. */
    CHECK_OK(mssip_log_set(MSSIP_LOG_WARN, on_log, NULL));
    mssip_msg *bad = request("INVITE", "Ms-Correlation-Id: 42\r\n");
    CHECK_RC(mssip_correlation_read(bad, &v), MSSIP_E_CORRELATION_IGNORED);
    CHECK(warnings == 1);
    CHECK(strstr(last_warning, "\"42\"") != NULL);
    CHECK_RC(mssip_correlation_for_log(bad, &v), MSSIP_E_NOT_FOUND);
    CHECK(warnings == 2);
    CHECK_OK(mssip_log_set(MSSIP_LOG_WARN, NULL, NULL));

    /* Not a dialog-creating message: nothing to log. */
    mssip_msg *bye = request("BYE", "Ms-Correlation-Id: " ID "\r\n");
    CHECK_OK(mssip_correlation_read(bye, &v));
    CHECK_RC(mssip_correlation_for_log(bye, &v), MSSIP_E_NOT_FOUND);

    CHECK_RC(mssip_correlation_read(NULL, &v), MSSIP_E_NULL);
    CHECK_RC(mssip_correlation_read(good, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_correlation_for_log(NULL, &v), MSSIP_E_NULL);
    CHECK_RC(mssip_correlation_for_log(good, NULL), MSSIP_E_NULL);
    mssip_msg_free(good);
    mssip_msg_free(none);
    mssip_msg_free(bad);
    mssip_msg_free(bye);
}

static void test_related_and_stamp(void) {
    char id[MSSIP_CORRELATION_ID_LEN + 1];
    size_t len = 0;
    bool generated = true;
    mssip_str v;

    /* 3.12.5.1: the received id goes into the related dialog's INVITE or REFER. */
    mssip_msg *refer = request("REFER", "Ms-Correlation-Id: " ID "\r\n");
    CHECK_OK(mssip_correlation_related(refer, id, sizeof id, &len, &generated));
    CHECK(!generated && strcmp(id, ID) == 0);
    mssip_msg *invite = request("INVITE", "");
    CHECK_OK(mssip_correlation_stamp(invite, id));
    CHECK_OK(mssip_correlation_read(invite, &v));
    CHECK_STR(v, ID);

    /* Without one, a new id goes into the final response and the new request. */
    mssip_msg *plain = request("INVITE", "");
    CHECK_OK(mssip_correlation_related(plain, id, sizeof id, &len, &generated));
    CHECK(generated && strcmp(id, ID) != 0);
    mssip_msg *ok = NULL;
    CHECK_OK(mssip_msg_new_response(plain, 200, NULL, "t", &ok));
    CHECK_OK(mssip_correlation_stamp(ok, id));
    CHECK_OK(mssip_correlation_read(ok, &v));
    CHECK(v.len == 36 && memcmp(v.ptr, id, 36) == 0);
    /* Stamping again replaces: one field. */
    CHECK_OK(mssip_correlation_stamp(invite, id));
    CHECK_OK(mssip_msg_header(invite, "Ms-Correlation-Id", 0, &v));
    CHECK(v.len == 36 && memcmp(v.ptr, id, 36) == 0);
    CHECK_RC(mssip_msg_header(invite, "Ms-Correlation-Id", 1, &v), MSSIP_E_NOT_FOUND);

    /* Errors. */
    mssip_msg *bye = request("BYE", "");
    CHECK_RC(mssip_correlation_related(bye, id, sizeof id, &len, &generated),
             MSSIP_E_NOT_CORRELATABLE);
    CHECK_RC(mssip_correlation_stamp(bye, ID), MSSIP_E_NOT_CORRELATABLE);
    mssip_msg *ringing = NULL;
    CHECK_OK(mssip_msg_new_response(plain, 180, NULL, "t", &ringing));
    CHECK_RC(mssip_correlation_stamp(ringing, ID), MSSIP_E_NOT_CORRELATABLE);
    CHECK_RC(mssip_correlation_stamp(invite, "not-a-uuid"), MSSIP_E_INVALID_ARGUMENT);
    char small[10];
    CHECK_RC(mssip_correlation_related(refer, small, sizeof small, &len, &generated),
             MSSIP_E_BUFFER_TOO_SMALL);
    CHECK(len == 36);
    CHECK_RC(mssip_correlation_related(NULL, id, sizeof id, &len, &generated), MSSIP_E_NULL);
    CHECK_RC(mssip_correlation_related(refer, id, sizeof id, NULL, &generated), MSSIP_E_NULL);
    CHECK_RC(mssip_correlation_related(refer, id, sizeof id, &len, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_correlation_stamp(NULL, ID), MSSIP_E_NULL);
    CHECK_RC(mssip_correlation_stamp(invite, NULL), MSSIP_E_NULL);
    mssip_msg_free(refer);
    mssip_msg_free(invite);
    mssip_msg_free(plain);
    mssip_msg_free(ok);
    mssip_msg_free(bye);
    mssip_msg_free(ringing);
}

int main(void) {
    test_generate();
    test_read_and_log();
    test_related_and_stamp();
    return check_done("correlation");
}
