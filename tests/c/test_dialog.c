/* Identity in dialogs (MS-SIPRE 3.2.4.1, 3.2.5.1, 3.3.4.1, 3.3.5.2): epid on From and To, the
 * remote epid, the To epid check, +sip.instance on Contacts (the REGISTER of 4.1 and 4.2),
 * the proxy's instance check; NULLs and errors. */
#include "check.h"

#define INSTANCE "urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697"

static void test_register_of_4_1_and_4_2(void) {
    mssip_msg *m = check_parse("REGISTER sip:contoso.com SIP/2.0\r\n"
                               "From: <sip:alice@contoso.com>;tag=33975904fc\r\n"
                               "To: <sip:alice@contoso.com>\r\n"
                               "Call-ID: 21c7d6e384c249afac26e3f3016140a6\r\n"
                               "CSeq: 88 REGISTER\r\n"
                               "Contact: <sip:192.0.2.1:27221;transport=tls;ms-opaque=29c344caf9>"
                               ";proxy=replace\r\n\r\n");
    CHECK_OK(mssip_msg_set_from_epid(m, "01010101"));
    mssip_str v;
    CHECK_OK(mssip_msg_header(m, "From", 0, &v));
    CHECK_STR(v, "<sip:alice@contoso.com>;tag=33975904fc;epid=01010101"); /* MS-SIPRE 4.1 */
    size_t count = 0;
    CHECK_OK(mssip_msg_set_contact_instance(m, INSTANCE, &count));
    CHECK(count == 1);
    CHECK_OK(mssip_msg_header(m, "Contact", 0, &v));
    CHECK_STR(v, "<sip:192.0.2.1:27221;transport=tls;ms-opaque=29c344caf9>;proxy=replace;"
                 "+sip.instance=\"<" INSTANCE ">\""); /* MS-SIPRE 4.2 */
    uint16_t status = 99;
    mssip_str reason = check_sentinel_str();
    CHECK_OK(mssip_msg_check_instance(m, &status, &reason));
    CHECK(status == 0 && reason.len == 0);
    /* The UAS's remote epid is the From epid of the request. */
    CHECK_OK(mssip_msg_remote_epid(m, &v));
    CHECK_STR(v, "01010101");

    CHECK_RC(mssip_msg_set_from_epid(m, "0123456789abcdef0"), MSSIP_E_BAD_EPID);
    CHECK_RC(mssip_msg_set_from_epid(m, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_set_from_epid(NULL, "01010101"), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_set_contact_instance(m, "urn:uuid:75ab1008bcc45544924daa177c824291", &count),
             MSSIP_E_BAD_INSTANCE);
    CHECK_RC(mssip_msg_set_contact_instance(m, INSTANCE, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_set_contact_instance(NULL, INSTANCE, &count), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_check_instance(NULL, &status, &reason), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_check_instance(m, NULL, &reason), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_check_instance(m, &status, NULL), MSSIP_E_NULL);
    mssip_msg_free(m);

    /* From with another epid than the instance's: 400 (3.3.5.2). */
    m = check_parse("INVITE sip:bob@contoso.com SIP/2.0\r\n"
                    "From: <sip:alice@contoso.com>;tag=1;epid=02020202\r\n"
                    "To: <sip:bob@contoso.com>\r\n"
                    "Contact: <sip:192.0.2.1>;+sip.instance=\"<" INSTANCE ">\"\r\n\r\n");
    CHECK_OK(mssip_msg_check_instance(m, &status, &reason));
    CHECK(status == 400);
    CHECK_STR(reason, "+sip.instance does not match the epid");
    mssip_msg_free(m);
}

static void test_dialog_epids(void) {
    /* UAC: the remote epid comes from the To of the response; empty when none. */
    mssip_msg *ok = check_parse("SIP/2.0 200 OK\r\nFrom: <sip:alice@contoso.com>;tag=1\r\n"
                                "To: <sip:bob@contoso.com>;tag=2;epid=02020202\r\n\r\n");
    mssip_str v = check_sentinel_str();
    CHECK_OK(mssip_msg_remote_epid(ok, &v));
    CHECK_STR(v, "02020202");
    mssip_msg *bare = check_parse("SIP/2.0 200 OK\r\nTo: <sip:bob@contoso.com>;tag=2\r\n\r\n");
    v = check_sentinel_str();
    CHECK_RC(mssip_msg_remote_epid(bare, &v), MSSIP_E_NOT_FOUND);
    CHECK(check_is_sentinel(v));
    CHECK_RC(mssip_msg_remote_epid(NULL, &v), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_remote_epid(ok, NULL), MSSIP_E_NULL);
    mssip_msg *bad = check_parse("SIP/2.0 200 OK\r\nTo: <sip:b@h>;tag=2;epid=0123456789abcdef0\r\n\r\n");
    CHECK_RC(mssip_msg_remote_epid(bad, &v), MSSIP_E_BAD_EPID);

    /* The next request in the dialog carries it in To. */
    mssip_msg *bye = check_parse("BYE sip:192.0.2.2 SIP/2.0\r\n"
                                 "From: <sip:alice@contoso.com>;tag=1;epid=01010101\r\n"
                                 "To: <sip:bob@contoso.com>;tag=2\r\n\r\n");
    CHECK_OK(mssip_msg_set_to_epid(bye, "02020202"));
    CHECK_OK(mssip_msg_header(bye, "To", 0, &v));
    CHECK_STR(v, "<sip:bob@contoso.com>;tag=2;epid=02020202");
    CHECK_RC(mssip_msg_set_to_epid(bye, ""), MSSIP_E_BAD_EPID);
    CHECK_RC(mssip_msg_set_to_epid(bye, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_set_to_epid(NULL, "02020202"), MSSIP_E_NULL);

    /* 3.2.5.1: Bob (02020202) takes it; Alice's other endpoint (03030303) drops it. */
    bool accept = false;
    CHECK_OK(mssip_msg_epid_is_for_me(bye, "02020202", &accept));
    CHECK(accept);
    CHECK_OK(mssip_msg_epid_is_for_me(bye, "03030303", &accept));
    CHECK(!accept);
    CHECK_RC(mssip_msg_epid_is_for_me(ok, "02020202", &accept), MSSIP_E_WRONG_KIND);
    CHECK_RC(mssip_msg_epid_is_for_me(bye, "a b", &accept), MSSIP_E_BAD_EPID);
    CHECK_RC(mssip_msg_epid_is_for_me(bye, NULL, &accept), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_epid_is_for_me(bye, "02020202", NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_msg_epid_is_for_me(NULL, "02020202", &accept), MSSIP_E_NULL);
    mssip_msg_free(bye);
    mssip_msg_free(bad);
    mssip_msg_free(bare);
    mssip_msg_free(ok);
}

int main(void) {
    test_register_of_4_1_and_4_2();
    test_dialog_epids();
    return check_done("test_dialog");
}
