/* C tests of the safe transfer exports (MS-SIPRE 3.14): advertising ms-safe-transfer, the
 * corpus REFER's Ms-Sensitivity read and copied into the triggered INVITE, errors, NULLs and
 * small buffers. */
#include <stdbool.h>

#include "test_messages.h"

static mssip_msg *corpus_refer(void) {
    FILE *f = fopen(MSSIP_CORPUS_DIR "/refer-safe-transfer.sip", "rb");
    CHECK(f != NULL);
    if (f == NULL) return NULL;
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    mssip_msg *m = NULL;
    CHECK_OK(mssip_msg_parse((const uint8_t *)buf, n, &m));
    return m;
}

static void test_advertise(void) {
    bool yes = true;
    mssip_str v;
    mssip_msg *invite = request("INVITE", "");
    CHECK_OK(mssip_transfer_is_advertised(invite, &yes));
    CHECK(!yes);
    CHECK_OK(mssip_transfer_advertise(invite));
    CHECK_OK(mssip_transfer_advertise(invite));
    CHECK_OK(mssip_msg_header(invite, "Supported", 0, &v));
    CHECK_STR(v, "ms-safe-transfer");
    CHECK_RC(mssip_msg_header(invite, "Supported", 1, &v), MSSIP_E_NOT_FOUND);
    CHECK_OK(mssip_transfer_is_advertised(invite, &yes));
    CHECK(yes);
    mssip_msg *ok = NULL, *ringing = NULL;
    CHECK_OK(mssip_msg_new_response(invite, 200, NULL, "t", &ok));
    CHECK_OK(mssip_transfer_advertise(ok));
    CHECK_OK(mssip_msg_header(ok, "Supported", 0, &v));
    CHECK_STR(v, "ms-safe-transfer");
    CHECK_OK(mssip_msg_new_response(invite, 180, NULL, "t", &ringing));
    CHECK_RC(mssip_transfer_advertise(ringing), MSSIP_E_TRANSFER_WRONG_MESSAGE);
    CHECK_RC(mssip_transfer_advertise(NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_transfer_is_advertised(NULL, &yes), MSSIP_E_NULL);
    CHECK_RC(mssip_transfer_is_advertised(invite, NULL), MSSIP_E_NULL);
    mssip_msg_free(invite);
    mssip_msg_free(ok);
    mssip_msg_free(ringing);
}

static void test_corpus_refer(void) {
    mssip_msg *refer = corpus_refer();
    bool yes = false;
    CHECK_OK(mssip_transfer_is_advertised(refer, &yes));
    CHECK(yes);
    char out[32];
    size_t len = 0;
    CHECK_OK(mssip_transfer_refer_sensitivity(refer, out, sizeof out, &len));
    CHECK(len == 19 && strcmp(out, "normal-no-diversion") == 0);
    char small[19];
    CHECK_RC(mssip_transfer_refer_sensitivity(refer, small, sizeof small, &len),
             MSSIP_E_BUFFER_TOO_SMALL);
    CHECK(len == 19);

    /* 3.14.5: copied into the triggered INVITE, replacing what was there. */
    mssip_msg *invite = request("INVITE", "Ms-Sensitivity: private\r\n");
    bool copied = false;
    CHECK_OK(mssip_transfer_copy_sensitivity(refer, invite, &copied));
    CHECK(copied);
    mssip_str v;
    CHECK_OK(mssip_msg_header(invite, "Ms-Sensitivity", 0, &v));
    CHECK_STR(v, "normal-no-diversion");
    CHECK_RC(mssip_msg_header(invite, "Ms-Sensitivity", 1, &v), MSSIP_E_NOT_FOUND);

    CHECK_RC(mssip_transfer_copy_sensitivity(refer, refer, &copied), MSSIP_E_TRANSFER_WRONG_MESSAGE);
    CHECK_RC(mssip_transfer_copy_sensitivity(NULL, invite, &copied), MSSIP_E_NULL);
    CHECK_RC(mssip_transfer_copy_sensitivity(refer, NULL, &copied), MSSIP_E_NULL);
    CHECK_RC(mssip_transfer_copy_sensitivity(refer, invite, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_transfer_refer_sensitivity(NULL, out, sizeof out, &len), MSSIP_E_NULL);
    CHECK_RC(mssip_transfer_refer_sensitivity(refer, out, sizeof out, NULL), MSSIP_E_NULL);
    mssip_msg_free(refer);
    mssip_msg_free(invite);
}

static void test_refer_errors(void) {
    char out[32];
    size_t len = 0;
    bool copied = true;
    mssip_msg *plain = request("REFER", "Refer-To: <sip:dave@contoso.com>\r\n");
    CHECK_RC(mssip_transfer_refer_sensitivity(plain, out, sizeof out, &len), MSSIP_E_NOT_FOUND);
    mssip_msg *invite = request("INVITE", "");
    CHECK_OK(mssip_transfer_copy_sensitivity(plain, invite, &copied));
    CHECK(!copied);
    mssip_msg *bad = request("REFER", "Refer-To: <sip:dave@contoso.com?Ms-Sensitivity=secret>\r\n");
    CHECK_RC(mssip_transfer_refer_sensitivity(bad, out, sizeof out, &len), MSSIP_E_BAD_SENSITIVITY);
    CHECK_RC(mssip_transfer_copy_sensitivity(bad, invite, &copied), MSSIP_E_BAD_SENSITIVITY);
    mssip_msg *none = request("REFER", "");
    CHECK_RC(mssip_transfer_refer_sensitivity(none, out, sizeof out, &len), MSSIP_E_BAD_REFER_TO);
    CHECK_RC(mssip_transfer_refer_sensitivity(invite, out, sizeof out, &len),
             MSSIP_E_TRANSFER_WRONG_MESSAGE);
    mssip_msg_free(plain);
    mssip_msg_free(invite);
    mssip_msg_free(bad);
    mssip_msg_free(none);
}

int main(void) {
    test_advertise();
    test_corpus_refer();
    test_refer_errors();
    return check_done("transfer");
}
