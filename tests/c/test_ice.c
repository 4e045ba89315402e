/* Multipart ICE offers (MS-SIPRE 3.15): the 2- and 3-level bodies of 3.15.4.1 built on an
 * INVITE, the pick of a UAS (3.15.5.1) on the corpus INVITEs of 4.12.1 / 4.12.2, the retry
 * after a 415 (3.15.5.2); error paths and NULLs of every call. */
#include "check.h"

#define V6_SDP                                                                               \
    "v=0\r\no=- 0 0 IN IP4 10.0.0.1\r\ns=session\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"            \
    "m=audio 5000 RTP/AVP 0\r\na=candidate:Fz 1 pw UDP 0.830 10.0.0.1 5000\r\n"               \
    "a=rtpmap:0 PCMU/8000"
#define V19_SDP                                                                              \
    "v=0\r\no=- 0 0 IN IP4 10.0.0.1\r\ns=session\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"            \
    "m=audio 5002 RTP/AVP 0\r\na=ice-ufrag:u\r\na=ice-pwd:p\r\n"                             \
    "a=candidate:1 1 UDP 2130706431 10.0.0.1 5002 typ host\r\na=rtpmap:0 PCMU/8000"

#define BARE_INVITE                                                                          \
    "INVITE sip:bob@contoso.com SIP/2.0\r\n"                                                 \
    "Via: SIP/2.0/TLS 10.0.0.1:5061;branch=z9hG4bK1\r\n"                                     \
    "From: <sip:alice@contoso.com>;tag=1\r\n"                                                \
    "To: <sip:bob@contoso.com>\r\n"                                                          \
    "Call-ID: c1\r\n"                                                                        \
    "CSeq: 1 INVITE\r\n"                                                                     \
    "Content-Length: 0\r\n\r\n"

static int bytes_contain(mssip_bytes b, const char *needle) {
    mssip_str s = {(const char *)b.ptr, b.len};
    return check_view_contains(s, needle);
}

static void test_version(void) {
    mssip_ice_version v = MSSIP_ICE_NONE;
    CHECK_OK(mssip_ice_version_of((const uint8_t *)V6_SDP, strlen(V6_SDP), &v));
    CHECK(v == MSSIP_ICE_V6);
    CHECK_OK(mssip_ice_version_of((const uint8_t *)V19_SDP, strlen(V19_SDP), &v));
    CHECK(v == MSSIP_ICE_V19);
    CHECK_OK(mssip_ice_version_of(NULL, 0, &v));
    CHECK(v == MSSIP_ICE_NONE);
    CHECK_RC(mssip_ice_version_of(NULL, 3, &v), MSSIP_E_NULL);
    CHECK_RC(mssip_ice_version_of((const uint8_t *)"v=0", 3, NULL), MSSIP_E_NULL);
}

/* 3.15.4.1: 2-level, ICEv6 with ms-proxy-2007fallback first, ICEv19 last. */
static void test_build_two_level(void) {
    mssip_msg *msg = check_parse(BARE_INVITE);
    mssip_ice_offer offer;
    CHECK_OK(mssip_ice_offer_default(&offer));
    offer.ice6 = (const uint8_t *)V6_SDP;
    offer.ice6_len = strlen(V6_SDP);
    offer.ice19 = (const uint8_t *)V19_SDP;
    offer.ice19_len = strlen(V19_SDP);
    offer.boundary = "b1";
    CHECK_OK(mssip_ice_offer_set_body(msg, &offer));
    mssip_str ct = check_sentinel_str();
    CHECK_OK(mssip_msg_header(msg, "Content-Type", 0, &ct));
    CHECK_STR(ct, "multipart/alternative; boundary=b1");
    mssip_ice_picked p;
    CHECK_OK(mssip_ice_pick(msg, true, true, &p));
    CHECK(p.version == MSSIP_ICE_V19 && p.part == 1);
    CHECK(p.sdp.len == strlen(V19_SDP) && memcmp(p.sdp.ptr, V19_SDP, p.sdp.len) == 0);
    CHECK(p.content_id.ptr == NULL);
    CHECK_OK(mssip_ice_pick(msg, false, true, &p));
    CHECK(p.version == MSSIP_ICE_V6 && p.part == 0);
    CHECK_RC(mssip_ice_pick(msg, false, false, &p), MSSIP_E_ICE_NO_OFFER);

    /* 3.15.5.2: the retry holds the ICEv6 description alone, without the parameter. */
    mssip_msg *retry = NULL;
    CHECK_OK(mssip_ice_retry_invite(msg, &retry));
    char *wire = check_serialize(retry);
    CHECK(strstr(wire, "ms-proxy-2007fallback") == NULL);
    CHECK(strstr(wire, "Content-Type: application/sdp\r\n") != NULL);
    CHECK(strstr(wire, "Content-Disposition: session;handling=optional\r\n") != NULL);
    CHECK(strstr(wire, "CSeq: 2 INVITE\r\n") != NULL);
    CHECK(strstr(wire, "Via:") == NULL);
    CHECK(strstr(wire, "\r\n\r\n" V6_SDP) != NULL);
    free(wire);
    mssip_msg_free(retry);
    CHECK_RC(mssip_ice_retry_invite(NULL, &retry), MSSIP_E_NULL);
    CHECK_RC(mssip_ice_retry_invite(msg, NULL), MSSIP_E_NULL);

    /* Wrong descriptions in their places change nothing. */
    offer.ice6 = (const uint8_t *)V19_SDP;
    offer.ice6_len = strlen(V19_SDP);
    CHECK_RC(mssip_ice_offer_set_body(msg, &offer), MSSIP_E_ICE_WRONG_SDP);
    CHECK_OK(mssip_msg_header(msg, "Content-Type", 0, &ct));
    CHECK_STR(ct, "multipart/alternative; boundary=b1");
    offer.ice6 = NULL;
    CHECK_RC(mssip_ice_offer_set_body(msg, &offer), MSSIP_E_NULL);
    offer.ice6 = (const uint8_t *)V6_SDP;
    offer.ice6_len = strlen(V6_SDP);
    offer.boundary = "PCMU"; /* occurs inside a part */
    CHECK_RC(mssip_ice_offer_set_body(msg, &offer), MSSIP_E_INVALID_ARGUMENT);
    offer.boundary = NULL;
    offer.struct_size = 3;
    CHECK_RC(mssip_ice_offer_set_body(msg, &offer), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_ice_offer_set_body(NULL, &offer), MSSIP_E_NULL);
    CHECK_RC(mssip_ice_offer_set_body(msg, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_ice_offer_default(NULL), MSSIP_E_NULL);
    mssip_msg_free(msg);
}

/* 3.15.4.1: 3-level, the alternative inside multipart/mixed, then the call context. */
static void test_build_three_level(void) {
    mssip_msg *msg = check_parse(BARE_INVITE);
    mssip_ice_offer offer;
    CHECK_OK(mssip_ice_offer_default(&offer));
    offer.ice6 = (const uint8_t *)V6_SDP;
    offer.ice6_len = strlen(V6_SDP);
    offer.ice19 = (const uint8_t *)V19_SDP;
    offer.ice19_len = strlen(V19_SDP);
    offer.ice19_content_id = "v19";
    const char *ctx = "<cc:XmlConvContext/>";
    offer.context = (const uint8_t *)ctx;
    offer.context_len = strlen(ctx);
    offer.context_type = NULL;
    CHECK_RC(mssip_ice_offer_set_body(msg, &offer), MSSIP_E_NULL);
    offer.context_type = "application/ms-conversation-context+xml";
    offer.spaced = true;
    offer.seven_bit = true;
    CHECK_OK(mssip_ice_offer_set_body(msg, &offer));
    char *wire = check_serialize(msg);
    CHECK(strstr(wire, "Content-Type: multipart/mixed; boundary=mssip-") != NULL);
    CHECK(strstr(wire, "Content-Type: multipart/alternative; boundary=mssip-") != NULL);
    CHECK(strstr(wire, "Content-Disposition: session; handling=optional; "
                       "ms-proxy-2007fallback\r\n") != NULL);
    CHECK(strstr(wire, "Content-Transfer-Encoding: 7bit\r\n") != NULL);
    CHECK(strstr(wire, "Content-Disposition: render; handling=optional\r\n") != NULL);
    CHECK(strstr(wire, "\r\n\r\n<cc:XmlConvContext/>") != NULL);
    free(wire);
    mssip_ice_picked p;
    CHECK_OK(mssip_ice_pick(msg, true, false, &p));
    CHECK(p.version == MSSIP_ICE_V19 && p.part == 2);
    CHECK_STR(p.content_id, "v19");
    mssip_msg_free(msg);
}

/* The corpus INVITEs of 4.12.1 and 4.12.2. */
static void test_corpus(void) {
    mssip_msg *two = check_load_corpus("invite-multipart-2level.sip");
    mssip_ice_picked p;
    CHECK_OK(mssip_ice_pick(two, true, true, &p));
    CHECK(p.version == MSSIP_ICE_V19 && p.part == 1);
    CHECK(bytes_contain(p.sdp, "a=ice-ufrag:wdB3lg"));
    CHECK_OK(mssip_ice_pick(two, false, true, &p));
    CHECK(p.version == MSSIP_ICE_V6 && p.part == 0);
    mssip_msg_free(two);

    mssip_msg *three = check_load_corpus("invite-multipart-3level.sip");
    CHECK_OK(mssip_ice_pick(three, true, true, &p));
    CHECK(p.version == MSSIP_ICE_V19 && p.part == 2);
    CHECK_STR(p.content_id, "38fcdc48-dc5e-48a0-9681-532010d92196");
    mssip_msg *retry = NULL;
    CHECK_OK(mssip_ice_retry_invite(three, &retry));
    mssip_str v = check_sentinel_str();
    CHECK_OK(mssip_msg_header(retry, "Content-Type", 0, &v));
    CHECK_STR(v, "application/sdp");
    mssip_msg_free(retry);
    CHECK_RC(mssip_ice_pick(NULL, true, true, &p), MSSIP_E_NULL);
    CHECK_RC(mssip_ice_pick(three, true, true, NULL), MSSIP_E_NULL);
    mssip_msg_free(three);
}

static void test_plain_and_broken(void) {
    mssip_msg *msg = check_parse(BARE_INVITE);
    mssip_ice_picked p;
    CHECK_RC(mssip_ice_pick(msg, true, true, &p), MSSIP_E_ICE_NO_OFFER);
    mssip_msg *retry = (mssip_msg *)1;
    CHECK_RC(mssip_ice_retry_invite(msg, &retry), MSSIP_E_ICE_NO_FALLBACK);
    CHECK(retry == (mssip_msg *)1);
    CHECK_OK(mssip_msg_set_body(msg, "application/sdp", (const uint8_t *)V6_SDP,
                                strlen(V6_SDP)));
    CHECK_OK(mssip_ice_pick(msg, true, true, &p));
    CHECK(p.version == MSSIP_ICE_V6 && p.part == SIZE_MAX);
    CHECK_RC(mssip_ice_retry_invite(msg, &retry), MSSIP_E_ICE_NO_FALLBACK);
    CHECK_OK(mssip_msg_set_body(msg, "multipart/mixed; boundary=x", (const uint8_t *)"junk", 4));
    CHECK_RC(mssip_ice_pick(msg, true, true, &p), MSSIP_E_BAD_VALUE);
    mssip_msg_free(msg);
}

int main(void) {
    test_version();
    test_build_two_level();
    test_build_three_level();
    test_corpus();
    test_plain_and_broken();
    return check_done("test_ice");
}
