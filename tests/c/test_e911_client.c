/* The client side of E911 (MS-SIPRE 2.2.22, 3.17.5.1): a typed location written as the
 * PIDF-LO of 4.14, the E911 INVITE around it read back by the server's calls, and the error
 * paths and NULLs of every call. */
#include "check.h"

static mssip_e911_location *location_4_14(void) {
    mssip_e911_location_desc d;
    CHECK_OK(mssip_e911_location_desc_default(&d));
    CHECK(d.address_trusted && d.retransmission_allowed);
    CHECK(d.conference_mode == MSSIP_E911_CONFERENCE_TWOWAY);
    d.entity = "sip:voip_911_user1@contoso.com";
    d.conference_uri = "sip:+14255550199@contoso.com;user=phone";
    d.policy_tag_id = "user-tagid";
    d.timestamp = "1991-09-22T13:37:31.03";
    mssip_e911_location *loc = NULL;
    CHECK_OK(mssip_e911_location_new(&d, &loc));
    /* Set out of order: written in the order of the RFC 5139 schema. */
    static const char *civic[][2] = {
        {"PC", "98052"}, {"country", "US"}, {"A1", "WA"},      {"A3", "Redmond"},
        {"RD", "163rd"}, {"STS", "Ave"},    {"POD", "NE"},     {"HNO", "3910"},
        {"LOC", "40/4451"}, {"NAM", "Contoso Corporation "},
    };
    for (size_t i = 0; i < sizeof civic / sizeof civic[0]; i++)
        CHECK_OK(mssip_e911_location_set_civic(loc, civic[i][0], civic[i][1]));
    return loc;
}

static void test_location(void) {
    mssip_e911_location *loc = location_4_14();
    size_t need = 0;
    CHECK_RC(mssip_e911_location_write(loc, NULL, 0, &need), MSSIP_E_BUFFER_TOO_SMALL);
    CHECK(need > 1000);
    char *xml = malloc(need + 1);
    size_t len = 0;
    CHECK_OK(mssip_e911_location_write(loc, xml, need + 1, &len));
    CHECK(len == need);
    CHECK(strncmp(xml, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n"
                       "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\"\r\n", 85) == 0);
    const char *country = strstr(xml, "<ca:country>US</ca:country>");
    const char *pc = strstr(xml, "<ca:PC>98052</ca:PC>");
    CHECK(country != NULL && pc != NULL && country < pc);
    CHECK(strstr(xml, "<ca:NAM>Contoso Corporation </ca:NAM>") != NULL);
    CHECK(strstr(xml, "<LocationPolicyTagID xmlns=\"urn:schema:Rtc.Lis.LocationPolicyTagID."
                      "2008\">user-tagid</LocationPolicyTagID>") != NULL);
    CHECK(strstr(xml, "gp:method") == NULL);

    /* The server's reader takes what was written. */
    mssip_pidf_lo *lo = NULL;
    CHECK_OK(mssip_pidf_lo_parse((const uint8_t *)xml, len, NULL, &lo));
    mssip_pidf_lo_info info;
    CHECK_OK(mssip_pidf_lo_info_get(lo, &info));
    CHECK_STR(info.policy_tag_id, "user-tagid");
    CHECK_STR(info.conference_mode, "twoway");
    CHECK(info.civic_count == 10);
    mssip_pidf_lo_free(lo);
    free(xml);

    /* Errors of the civic setter. */
    CHECK_RC(mssip_e911_location_set_civic(loc, "STREET", "Main"), MSSIP_E_E911_UNKNOWN_CIVIC);
    CHECK_LAST_ERROR_HAS("STREET");
    CHECK_RC(mssip_e911_location_set_civic(loc, "country", "USA"), MSSIP_E_E911_BAD_LOCATION);
    CHECK_RC(mssip_e911_location_set_civic(loc, "NAM", ""), MSSIP_E_E911_BAD_LOCATION);
    CHECK_RC(mssip_e911_location_set_civic(loc, "NAM", "a\nb"), MSSIP_E_E911_BAD_LOCATION);
    CHECK_RC(mssip_e911_location_set_civic(NULL, "NAM", "x"), MSSIP_E_NULL);
    CHECK_RC(mssip_e911_location_set_civic(loc, NULL, "x"), MSSIP_E_NULL);
    CHECK_RC(mssip_e911_location_set_civic(loc, "NAM", NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_e911_location_write(NULL, NULL, 0, &need), MSSIP_E_NULL);
    mssip_e911_location_free(loc);
    mssip_e911_location_free(NULL);

    /* 2.2.22: an untrusted address has the method Manual, and no other. */
    mssip_e911_location_desc d;
    CHECK_OK(mssip_e911_location_desc_default(&d));
    d.entity = "sip:a@contoso.com";
    d.conference_uri = "sip:c@contoso.com";
    d.address_trusted = false;
    d.conference_mode = MSSIP_E911_CONFERENCE_ONEWAY;
    CHECK_OK(mssip_e911_location_new(&d, &loc));
    char buf[4096];
    CHECK_RC(mssip_e911_location_write(loc, buf, sizeof buf, &len), MSSIP_E_E911_BAD_LOCATION);
    CHECK_LAST_ERROR_HAS("civic");
    CHECK_OK(mssip_e911_location_set_civic(loc, "country", "US"));
    CHECK_OK(mssip_e911_location_write(loc, buf, sizeof buf, &len));
    CHECK(strstr(buf, "<gp:method>Manual</gp:method>") != NULL);
    CHECK(strstr(buf, "<ms:ConferenceMode>oneway</ms:ConferenceMode>") != NULL);
    mssip_e911_location_free(loc);
    d.method = "DHCP";
    CHECK_OK(mssip_e911_location_new(&d, &loc));
    CHECK_OK(mssip_e911_location_set_civic(loc, "country", "US"));
    CHECK_RC(mssip_e911_location_write(loc, buf, sizeof buf, &len), MSSIP_E_E911_BAD_LOCATION);
    CHECK_LAST_ERROR_HAS("Manual");
    mssip_e911_location_free(loc);

    /* Errors of the constructor. */
    d.method = NULL;
    d.conference_mode = 7;
    loc = (mssip_e911_location *)1;
    CHECK_RC(mssip_e911_location_new(&d, &loc), MSSIP_E_INVALID_ARGUMENT);
    CHECK(loc == (mssip_e911_location *)1);
    d.conference_mode = MSSIP_E911_CONFERENCE_TWOWAY;
    d.entity = NULL;
    CHECK_RC(mssip_e911_location_new(&d, &loc), MSSIP_E_NULL);
    d.entity = "sip:a@contoso.com";
    d.struct_size = 3;
    CHECK_RC(mssip_e911_location_new(&d, &loc), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_e911_location_new(NULL, &loc), MSSIP_E_NULL);
    CHECK_OK(mssip_e911_location_desc_default(&d));
    d.entity = "sip:a@contoso.com";
    d.conference_uri = "sip:c@contoso.com";
    CHECK_RC(mssip_e911_location_new(&d, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_e911_location_desc_default(NULL), MSSIP_E_NULL);
}

static void test_invite(void) {
    static const char sdp[] = "v=0\r\no=- 0 0 IN IP4 192.0.2.1\r\ns=session\r\n"
                              "c=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 30684 RTP/AVP 0\r\n";
    mssip_e911_location *loc = location_4_14();
    mssip_e911_invite_desc d;
    CHECK_OK(mssip_e911_invite_desc_default(&d));
    CHECK(d.cseq == 1);
    d.request_uri = "sip:911;phone-context=Redmond@192.168.1.12;user=phone";
    d.caller = "sip:voip_911_user1@contoso.com";
    d.display_name = "voip_911_user1";
    d.epid = "1D19090AED";
    d.from_tag = "d04d65d924";
    d.call_id = "e6828be1-1cdd-4fb0-bdda-cda7faf46df4";
    d.cseq = 8;
    d.content_id = "voip_911_user1@contoso.com";
    d.sdp = (const uint8_t *)sdp;
    d.sdp_len = sizeof sdp - 1;
    d.boundary = "-----_NextPart_000_4A6D_01CAB3D6.7519F890";
    mssip_msg *m = NULL;
    CHECK_OK(mssip_e911_invite_new(&d, loc, &m));
    char *wire = check_serialize(m);
    CHECK(strncmp(wire, "INVITE sip:911;phone-context=Redmond@192.168.1.12;user=phone SIP/2.0"
                        "\r\n", 70) == 0);
    CHECK(strstr(wire, "\r\nFrom: \"voip_911_user1\"<sip:voip_911_user1@contoso.com>;"
                       "epid=1D19090AED;tag=d04d65d924\r\n") != NULL);
    CHECK(strstr(wire, "\r\nCSeq: 8 INVITE\r\n") != NULL);
    CHECK(strstr(wire, "\r\nPriority: emergency\r\n") != NULL);
    CHECK(strstr(wire, "\r\nSupported: geolocation\r\n") != NULL);
    CHECK(strstr(wire, "\r\nGeolocation: <cid:voip_911_user1@contoso.com>;inserted-by="
                       "\"sip:voip_911_user1@contoso.com\"\r\n") != NULL);
    CHECK(strstr(wire, "\r\nContent-ID: <voip_911_user1@contoso.com>\r\n") != NULL);
    free(wire);

    /* The server side reads it as an emergency call with its location. */
    bool emergency = false;
    CHECK_OK(mssip_e911_is_emergency(m, &emergency));
    CHECK(emergency);
    mssip_pidf_lo *lo = NULL;
    CHECK_OK(mssip_pidf_lo_from_invite(m, &lo));
    mssip_pidf_lo_info info;
    CHECK_OK(mssip_pidf_lo_info_get(lo, &info));
    CHECK_STR(info.policy_tag_id, "user-tagid");
    CHECK_STR(info.entity, "sip:voip_911_user1@contoso.com");
    mssip_pidf_lo_free(lo);
    mssip_msg_free(m);

    /* Error paths. */
    m = (mssip_msg *)1;
    d.content_id = "no-at-sign";
    CHECK_RC(mssip_e911_invite_new(&d, loc, &m), MSSIP_E_INVALID_ARGUMENT);
    d.content_id = "voip_911_user1@contoso.com";
    d.from_tag = "a b";
    CHECK_RC(mssip_e911_invite_new(&d, loc, &m), MSSIP_E_INVALID_ARGUMENT);
    d.from_tag = "d04d65d924";
    d.caller = "voip";
    CHECK(mssip_e911_invite_new(&d, loc, &m) != MSSIP_OK);
    d.caller = "sip:voip_911_user1@contoso.com";
    d.call_id = NULL;
    CHECK_RC(mssip_e911_invite_new(&d, loc, &m), MSSIP_E_NULL);
    d.call_id = "c";
    CHECK_RC(mssip_e911_invite_new(&d, NULL, &m), MSSIP_E_NULL);
    CHECK_RC(mssip_e911_invite_new(NULL, loc, &m), MSSIP_E_NULL);
    CHECK_RC(mssip_e911_invite_new(&d, loc, NULL), MSSIP_E_NULL);
    CHECK(m == (mssip_msg *)1);
    CHECK_RC(mssip_e911_invite_desc_default(NULL), MSSIP_E_NULL);
    /* A location that cannot be written. */
    mssip_e911_location_desc ld;
    CHECK_OK(mssip_e911_location_desc_default(&ld));
    ld.entity = "sip:a@contoso.com";
    ld.conference_uri = "not a uri";
    mssip_e911_location *bad = NULL;
    CHECK_OK(mssip_e911_location_new(&ld, &bad));
    CHECK_OK(mssip_e911_location_set_civic(bad, "country", "US"));
    CHECK_RC(mssip_e911_invite_new(&d, bad, &m), MSSIP_E_E911_BAD_LOCATION);
    mssip_e911_location_free(bad);
    mssip_e911_location_free(loc);
}

int main(void) {
    test_location();
    test_invite();
    return check_done("test_e911_client");
}
