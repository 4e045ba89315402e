/* Identity: epid generation, epid -> +sip.instance (MS-SIPRE 3.3.3.1, example of 4.2),
 * user-agent GRUU (MS-SIPRE 3.4.5.1, example of 4.3) and back, buffer negotiation. */
#include <ctype.h>

#include "check.h"

#define INSTANCE "urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697"
#define GRUU "sip:alice@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA"

static void test_epid_generate(void) {
    char a[17], b[17];
    size_t len = 0;
    CHECK_OK(mssip_epid_generate(a, sizeof a, &len));
    CHECK(len == 16 && strlen(a) == 16);
    for (size_t i = 0; i < len; i++) {
        CHECK(isxdigit((unsigned char)a[i]) && !isupper((unsigned char)a[i]));
    }
    CHECK_OK(mssip_epid_generate(b, sizeof b, &len));
    CHECK(strcmp(a, b) != 0); /* 64 random bits: equal only with probability 2^-64 */

    /* 16 characters need 17 bytes: one short reports the length and writes nothing. */
    char small[16];
    memset(small, '#', sizeof small);
    len = 0;
    CHECK_RC(mssip_epid_generate(small, sizeof small, &len), MSSIP_E_BUFFER_TOO_SMALL);
    CHECK(len == 16 && small[0] == '#' && small[15] == '#');
    len = 0;
    CHECK_RC(mssip_epid_generate(NULL, 0, &len), MSSIP_E_BUFFER_TOO_SMALL);
    CHECK(len == 16);
    CHECK_RC(mssip_epid_generate(NULL, 17, &len), MSSIP_E_NULL);
    CHECK_RC(mssip_epid_generate(a, sizeof a, NULL), MSSIP_E_NULL);

    /* The generated epid derives an instance. */
    char inst[64];
    CHECK_OK(mssip_epid_to_instance(a, inst, sizeof inst, &len));
    CHECK(len == strlen(INSTANCE) && strncmp(inst, "urn:uuid:", 9) == 0);
}

static void test_epid_from_bytes(void) {
    const uint8_t mac[6] = {0x00, 0x15, 0x5d, 0xAB, 0xcd, 0xef};
    char out[17];
    size_t len = 0;
    CHECK_OK(mssip_epid_from_bytes(mac, sizeof mac, out, sizeof out, &len));
    CHECK(len == 12 && strcmp(out, "00155dabcdef") == 0);
    const uint8_t nine[9] = {0};
    CHECK_RC(mssip_epid_from_bytes(nine, 9, out, sizeof out, &len), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_epid_from_bytes(mac, 0, out, sizeof out, &len), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_epid_from_bytes(NULL, 2, out, sizeof out, &len), MSSIP_E_NULL);
    CHECK_RC(mssip_epid_from_bytes(NULL, 0, out, sizeof out, &len), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_epid_from_bytes(mac, 2, out, sizeof out, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_epid_from_bytes(mac, 2, NULL, 5, &len), MSSIP_E_NULL);
}

static void test_epid_to_instance(void) {
    char out[64];
    size_t len = 0;
    CHECK_OK(mssip_epid_to_instance("01010101", out, sizeof out, &len));
    CHECK(strcmp(out, INSTANCE) == 0 && len == strlen(INSTANCE));

    /* Exactly enough room (45 + NUL), then one byte short. */
    char exact[46];
    CHECK_OK(mssip_epid_to_instance("01010101", exact, sizeof exact, &len));
    CHECK(strcmp(exact, INSTANCE) == 0);
    memset(out, '#', sizeof out);
    len = 0;
    CHECK_RC(mssip_epid_to_instance("01010101", out, 45, &len), MSSIP_E_BUFFER_TOO_SMALL);
    CHECK(len == 45 && out[0] == '#' && out[44] == '#');

    CHECK_RC(mssip_epid_to_instance("", out, sizeof out, &len), MSSIP_E_BAD_EPID);
    CHECK_RC(mssip_epid_to_instance("0123456789abcdef0", out, sizeof out, &len), MSSIP_E_BAD_EPID);
    CHECK_RC(mssip_epid_to_instance("a b", out, sizeof out, &len), MSSIP_E_BAD_EPID);
    CHECK_LAST_ERROR_HAS("epid");
    CHECK_RC(mssip_epid_to_instance("\xff", out, sizeof out, &len), MSSIP_E_UTF8);
    CHECK_RC(mssip_epid_to_instance(NULL, out, sizeof out, &len), MSSIP_E_NULL);
    CHECK_RC(mssip_epid_to_instance("01010101", NULL, 10, &len), MSSIP_E_NULL);
    CHECK_RC(mssip_epid_to_instance("01010101", out, sizeof out, NULL), MSSIP_E_NULL);
    CHECK(out[0] == '#');

    bool matches = false;
    CHECK_OK(mssip_instance_matches_epid(INSTANCE, "01010101", &matches));
    CHECK(matches);
    CHECK_OK(mssip_instance_matches_epid("urn:uuid:4B1682A8-F968-5701-83FC-7C6741DC6697",
                                         "01010101", &matches));
    CHECK(matches);
    CHECK_OK(mssip_instance_matches_epid(INSTANCE, "01010102", &matches));
    CHECK(!matches);
    CHECK_RC(mssip_instance_matches_epid("urn:isbn:1", "01010101", &matches),
             MSSIP_E_BAD_INSTANCE);
    CHECK_RC(mssip_instance_matches_epid(INSTANCE, "", &matches), MSSIP_E_BAD_EPID);
    CHECK_RC(mssip_instance_matches_epid(NULL, "01010101", &matches), MSSIP_E_NULL);
    CHECK_RC(mssip_instance_matches_epid(INSTANCE, NULL, &matches), MSSIP_E_NULL);
    CHECK_RC(mssip_instance_matches_epid(INSTANCE, "01010101", NULL), MSSIP_E_NULL);
}

static void test_gruu(void) {
    char out[128];
    size_t len = 0;
    CHECK_OK(mssip_gruu_for_instance("sip:alice@contoso.com", INSTANCE, out, sizeof out, &len));
    CHECK(strcmp(out, GRUU) == 0 && len == strlen(GRUU));
    len = 0;
    CHECK_RC(mssip_gruu_for_instance("sip:alice@contoso.com", INSTANCE, NULL, 0, &len),
             MSSIP_E_BUFFER_TOO_SMALL);
    CHECK(len == strlen(GRUU));

    CHECK_RC(mssip_gruu_for_instance("sip:contoso.com", INSTANCE, out, sizeof out, &len),
             MSSIP_E_BAD_AOR);
    CHECK_RC(mssip_gruu_for_instance("sip:alice@contoso.com:5061", INSTANCE, out, sizeof out,
                                     &len),
             MSSIP_E_BAD_AOR);
    CHECK_RC(mssip_gruu_for_instance("sip:alice@contoso.com", "urn:uuid:nope", out, sizeof out,
                                     &len),
             MSSIP_E_BAD_INSTANCE);
    CHECK_RC(mssip_gruu_for_instance(NULL, INSTANCE, out, sizeof out, &len), MSSIP_E_NULL);
    CHECK_RC(mssip_gruu_for_instance("sip:alice@contoso.com", NULL, out, sizeof out, &len),
             MSSIP_E_NULL);
    CHECK_RC(mssip_gruu_for_instance("sip:alice@contoso.com", INSTANCE, out, sizeof out, NULL),
             MSSIP_E_NULL);

    /* And back. */
    CHECK_OK(mssip_instance_from_gruu(GRUU, out, sizeof out, &len));
    CHECK(strcmp(out, INSTANCE) == 0);
    CHECK_RC(mssip_instance_from_gruu("sip:alice@contoso.com", out, sizeof out, &len),
             MSSIP_E_BAD_GRUU);
    CHECK_RC(mssip_instance_from_gruu(NULL, out, sizeof out, &len), MSSIP_E_NULL);
    CHECK_RC(mssip_instance_from_gruu(GRUU, out, sizeof out, NULL), MSSIP_E_NULL);
}

int main(void) {
    test_epid_generate();
    test_epid_from_bytes();
    test_epid_to_instance();
    test_gruu();
    return check_done("test_identity");
}
