/* Exchange UM (MS-OCEXUM): TCP / TLS only (2.1), skip-pin honoured only for an
 * authenticated caller over TLS (2.2.1, 3.1; the corpus INVITE of 4.1), the Play-On-Phone
 * INVITE built and read (3.2, 2.2.5; the corpus INVITE of 4.2), Subject and Priority (2.2.3,
 * 2.2.4, 4.3), the 302 to a worker port followed; error paths and NULLs of every call. */
#include "check.h"

static void test_transport(void) {
    CHECK_OK(mssip_um_check_transport(MSSIP_TRANSPORT_TCP));
    CHECK_OK(mssip_um_check_transport(MSSIP_TRANSPORT_TLS));
    CHECK_RC(mssip_um_check_transport(MSSIP_TRANSPORT_UDP), MSSIP_E_UM_TRANSPORT);
    CHECK_RC(mssip_um_check_transport((mssip_transport)7), MSSIP_E_INVALID_ARGUMENT);
}

static void test_skip_pin(void) {
    mssip_msg *msg = check_load_corpus("invite-skip-pin.sip");
    char *before = check_serialize(msg);
    mssip_um_skip_pin v = MSSIP_UM_SKIP_PIN_ABSENT;
    CHECK_OK(mssip_um_guard_skip_pin(msg, MSSIP_TRANSPORT_TLS, true, true, &v));
    CHECK(v == MSSIP_UM_SKIP_PIN_HONOURED);
    char *after = check_serialize(msg);
    CHECK(strcmp(before, after) == 0);
    free(after);
    /* Over TCP: refused when asked, the message unchanged; else stripped. */
    CHECK_RC(mssip_um_guard_skip_pin(msg, MSSIP_TRANSPORT_TCP, true, true, &v),
             MSSIP_E_UM_SKIP_PIN_REFUSED);
    after = check_serialize(msg);
    CHECK(strcmp(before, after) == 0);
    free(after);
    CHECK_RC(mssip_um_guard_skip_pin(msg, MSSIP_TRANSPORT_UDP, true, false, &v),
             MSSIP_E_UM_TRANSPORT);
    CHECK_RC(mssip_um_guard_skip_pin(msg, 9, true, false, &v), MSSIP_E_INVALID_ARGUMENT);
    CHECK_OK(mssip_um_guard_skip_pin(msg, MSSIP_TRANSPORT_TCP, true, false, &v));
    CHECK(v == MSSIP_UM_SKIP_PIN_STRIPPED);
    after = check_serialize(msg);
    CHECK(strstr(after, "Ms-Exchange-Command") == NULL);
    CHECK(strlen(after) + strlen("Ms-Exchange-Command: skip-pin\r\n") == strlen(before));
    free(after);
    CHECK_OK(mssip_um_guard_skip_pin(msg, MSSIP_TRANSPORT_TLS, true, false, NULL));
    CHECK_OK(mssip_um_guard_skip_pin(msg, MSSIP_TRANSPORT_TLS, true, false, &v));
    CHECK(v == MSSIP_UM_SKIP_PIN_ABSENT);
    CHECK_RC(mssip_um_guard_skip_pin(NULL, MSSIP_TRANSPORT_TLS, true, false, &v), MSSIP_E_NULL);
    free(before);
    mssip_msg_free(msg);

    /* Not authenticated: stripped even over TLS. */
    msg = check_load_corpus("invite-skip-pin.sip");
    CHECK_OK(mssip_um_guard_skip_pin(msg, MSSIP_TRANSPORT_TLS, false, false, &v));
    CHECK(v == MSSIP_UM_SKIP_PIN_STRIPPED);
    mssip_msg_free(msg);
    msg = check_parse("INVITE sip:a@contoso.com SIP/2.0\r\nMs-Exchange-Command: other\r\n"
                      "Content-Length: 0\r\n\r\n");
    CHECK_RC(mssip_um_guard_skip_pin(msg, MSSIP_TRANSPORT_TLS, true, false, &v),
             MSSIP_E_UM_BAD_COMMAND);
    mssip_msg_free(msg);
}

static void test_play_on_phone(void) {
    mssip_msg *msg = check_load_corpus("invite-play-on-phone.sip");
    mssip_um_play_on_phone_info info;
    CHECK_OK(mssip_um_play_on_phone_read(msg, &info));
    CHECK_STR(info.user, "sip:alice@contoso.com");
    CHECK_STR(info.recording.subject, "Voice mail from Bob");
    CHECK(info.recording.priority == MSSIP_UM_PRIORITY_NORMAL);
    CHECK_RC(mssip_um_play_on_phone_read(NULL, &info), MSSIP_E_NULL);
    CHECK_RC(mssip_um_play_on_phone_read(msg, NULL), MSSIP_E_NULL);
    mssip_msg_free(msg);
    msg = check_load_corpus("invite-skip-pin.sip");
    CHECK_RC(mssip_um_play_on_phone_read(msg, &info), MSSIP_E_UM_NOT_PLAY_ON_PHONE);
    CHECK_LAST_ERROR_HAS("private-no-diversion");
    mssip_um_recording rec;
    CHECK_OK(mssip_um_recording_read(msg, &rec));
    CHECK_STR(rec.subject, "About the new sales project");
    CHECK(rec.priority == MSSIP_UM_PRIORITY_URGENT);
    CHECK_RC(mssip_um_recording_read(NULL, &rec), MSSIP_E_NULL);
    CHECK_RC(mssip_um_recording_read(msg, NULL), MSSIP_E_NULL);
    mssip_msg_free(msg);

    mssip_um_play_on_phone p;
    CHECK_OK(mssip_um_play_on_phone_default(&p));
    p.target = "sip:172.19.58.98:2280;transport=tls";
    p.user = "sip:alice@contoso.com";
    p.from_tag = "7534fa434";
    p.call_id = "7a7378c9";
    p.cseq = 5;
    p.contact = "sip:exchange.contoso.com:5066;transport=tls";
    p.subject = "Voice mail from Bob";
    p.priority = MSSIP_UM_PRIORITY_URGENT;
    p.sdp = (const uint8_t *)"v=0\r\n";
    p.sdp_len = 5;
    mssip_msg *built = NULL;
    CHECK_OK(mssip_um_play_on_phone_new(&p, &built));
    char *wire = check_serialize(built);
    CHECK(strstr(wire, "From: <sip:alice@contoso.com>;tag=7534fa434\r\n") != NULL);
    CHECK(strstr(wire, "To: <sip:alice@contoso.com>\r\n") != NULL);
    CHECK(strstr(wire, ">;automata\r\n") != NULL);
    CHECK(strstr(wire, "Ms-Sensitivity: private-no-diversion\r\n") != NULL);
    CHECK(strstr(wire, "Priority: Urgent\r\n") != NULL);
    free(wire);
    CHECK_OK(mssip_um_play_on_phone_read(built, &info));
    CHECK(info.recording.priority == MSSIP_UM_PRIORITY_URGENT);
    mssip_msg_free(built);
    p.priority = 9;
    built = (mssip_msg *)1;
    CHECK_RC(mssip_um_play_on_phone_new(&p, &built), MSSIP_E_INVALID_ARGUMENT);
    CHECK(built == (mssip_msg *)1);
    p.priority = MSSIP_UM_PRIORITY_NONE;
    p.user = "not a uri";
    CHECK_RC(mssip_um_play_on_phone_new(&p, &built), MSSIP_E_INVALID_ARGUMENT);
    p.user = NULL;
    CHECK_RC(mssip_um_play_on_phone_new(&p, &built), MSSIP_E_NULL);
    CHECK_RC(mssip_um_play_on_phone_new(NULL, &built), MSSIP_E_NULL);
    CHECK_RC(mssip_um_play_on_phone_default(NULL), MSSIP_E_NULL);
}

#define REDIRECT(contact)                                                                    \
    "SIP/2.0 302 Moved Temporarily\r\n"                                                      \
    "Via: SIP/2.0/TLS 10.56.65.37:33876;branch=z9hG4bK3f1a\r\n"                              \
    "From: <sip:alice@contoso.com>;tag=01742a55e6;epid=6b5d10e663\r\n"                       \
    "To: <sip:alice@contoso.com;opaque=app:voicemail>;tag=um1\r\n"                           \
    "Call-ID: f7c2efff9240413cb6e5125fdca4b63a\r\n"                                          \
    "CSeq: 1 INVITE\r\n" contact "Content-Length: 0\r\n\r\n"

static void test_redirect(void) {
    mssip_msg *invite = check_load_corpus("invite-skip-pin.sip");
    mssip_msg *r302 = check_parse(REDIRECT("Contact: <sip:exum1.contoso.com:5065;transport=TLS>\r\n"));
    mssip_um_redirect out;
    CHECK_OK(mssip_um_follow_redirect(invite, r302, &out));
    CHECK(out.transport_named && out.transport == MSSIP_TRANSPORT_TLS);
    mssip_str ruri = check_sentinel_str();
    CHECK_OK(mssip_msg_request_uri(out.invite, &ruri));
    CHECK_STR(ruri, "sip:exum1.contoso.com:5065;transport=TLS");
    uint32_t seq = 0;
    mssip_str method;
    CHECK_OK(mssip_msg_cseq(out.invite, &seq, &method));
    CHECK(seq == 2);
    mssip_msg_free(out.invite);
    mssip_msg *udp = check_parse(REDIRECT("Contact: <sip:exum1.contoso.com:5066;transport=udp>\r\n"));
    out.invite = NULL;
    CHECK_RC(mssip_um_follow_redirect(invite, udp, &out), MSSIP_E_UM_TRANSPORT);
    CHECK(out.invite == NULL);
    mssip_msg *none = check_parse(REDIRECT(""));
    CHECK_RC(mssip_um_follow_redirect(invite, none, &out), MSSIP_E_UM_NOT_REDIRECT);
    CHECK_RC(mssip_um_follow_redirect(invite, invite, &out), MSSIP_E_UM_NOT_REDIRECT);
    CHECK_RC(mssip_um_follow_redirect(NULL, r302, &out), MSSIP_E_NULL);
    CHECK_RC(mssip_um_follow_redirect(invite, NULL, &out), MSSIP_E_NULL);
    CHECK_RC(mssip_um_follow_redirect(invite, r302, NULL), MSSIP_E_NULL);
    mssip_msg_free(none);
    mssip_msg_free(udp);
    mssip_msg_free(r302);
    mssip_msg_free(invite);
}

int main(void) {
    test_transport();
    test_skip_pin();
    test_play_on_phone();
    test_redirect();
    return check_done("test_exchange_um");
}
