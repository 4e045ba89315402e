/* E911 (MS-SIPRE 2.2.22, 3.17): the emergency INVITE of the corpus (4.14) detected, its
 * PIDF-LO read, one notification IM INVITE per URI of the location policy (3.17.5.2 items
 * 1-3), and the emergency call never stopped by a failing notification; error paths and NULLs
 * of every call. */
#include "check.h"

static void test_detect(void) {
    mssip_msg *msg = check_load_corpus("invite-e911.sip");
    bool emergency = false;
    CHECK_OK(mssip_e911_is_emergency(msg, &emergency));
    CHECK(emergency);
    CHECK_RC(mssip_e911_is_emergency(NULL, &emergency), MSSIP_E_NULL);
    CHECK_RC(mssip_e911_is_emergency(msg, NULL), MSSIP_E_NULL);
    mssip_msg_free(msg);
    msg = check_load_corpus("invite-skip-pin.sip");
    CHECK_OK(mssip_e911_is_emergency(msg, &emergency));
    CHECK(!emergency);
    mssip_pidf_lo *lo = (mssip_pidf_lo *)1;
    CHECK_RC(mssip_pidf_lo_from_invite(msg, &lo), MSSIP_E_E911_NO_LOCATION);
    CHECK(lo == (mssip_pidf_lo *)1);
    mssip_msg_free(msg);
}

static void test_pidf_lo(void) {
    mssip_msg *msg = check_load_corpus("invite-e911.sip");
    mssip_pidf_lo *lo = NULL;
    CHECK_OK(mssip_pidf_lo_from_invite(msg, &lo));
    mssip_pidf_lo_info info;
    CHECK_OK(mssip_pidf_lo_info_get(lo, &info));
    CHECK_STR(info.policy_tag_id, "user-tagid");
    CHECK_STR(info.method, "Manual");
    CHECK_STR(info.entity, "sip:voip_911_user1@contoso.com");
    CHECK_STR(info.conference_uri, "sip:+14255550199@contoso.com;user=phone");
    CHECK_STR(info.conference_mode, "twoway");
    CHECK(info.civic_count == 10);
    mssip_str name, value;
    CHECK_OK(mssip_pidf_lo_civic(lo, 0, &name, &value));
    CHECK_STR(name, "country");
    CHECK_STR(value, "US");
    CHECK_OK(mssip_pidf_lo_civic(lo, 8, &name, &value));
    CHECK_STR(name, "NAM");
    CHECK_STR(value, "Contoso Corporation");
    CHECK_RC(mssip_pidf_lo_civic(lo, 10, &name, &value), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_pidf_lo_civic(NULL, 0, &name, &value), MSSIP_E_NULL);
    CHECK_RC(mssip_pidf_lo_civic(lo, 0, NULL, &value), MSSIP_E_NULL);
    CHECK_RC(mssip_pidf_lo_info_get(NULL, &info), MSSIP_E_NULL);
    CHECK_RC(mssip_pidf_lo_info_get(lo, NULL), MSSIP_E_NULL);

    /* 3.17.5.2 items 1-3. */
    mssip_msg *n = NULL;
    CHECK_OK(mssip_e911_notification_new(msg, lo, "sip:security@contoso.com", &n));
    char *wire = check_serialize(n);
    CHECK(strncmp(wire, "INVITE sip:security@contoso.com SIP/2.0\r\n", 41) == 0);
    CHECK(strstr(wire, "\r\nPriority: emergency\r\n") != NULL);
    CHECK(strstr(wire, "\r\nCall-Info: <sip:voip_911_user1@contoso.com>;"
                       "purpose=ms-emergency-notification\r\n") != NULL);
    CHECK(strstr(wire, "\r\nContent-Type: text/plain; charset=utf-8\r\n") != NULL);
    CHECK(strstr(wire, "\r\n\r\ncountry=US\r\nA1=WA\r\n") != NULL);
    CHECK(strstr(wire, "PC=98052\r\nmethod=Manual\r\n") != NULL);
    free(wire);
    mssip_msg_free(n);
    CHECK_RC(mssip_e911_notification_new(msg, lo, "not a uri", &n), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_e911_notification_new(msg, lo, NULL, &n), MSSIP_E_NULL);
    CHECK_RC(mssip_e911_notification_new(NULL, lo, "sip:a@h", &n), MSSIP_E_NULL);
    CHECK_RC(mssip_e911_notification_new(msg, NULL, "sip:a@h", &n), MSSIP_E_NULL);
    mssip_pidf_lo_free(lo);
    mssip_pidf_lo_free(NULL);
    mssip_msg_free(msg);

    const char *bad = "<presence xmlns='urn:other'/>";
    CHECK_RC(mssip_pidf_lo_parse((const uint8_t *)bad, strlen(bad), NULL, &lo),
             MSSIP_E_PIDF_LO_INVALID);
    const char *broken = "<presence";
    CHECK_RC(mssip_pidf_lo_parse((const uint8_t *)broken, strlen(broken), NULL, &lo),
             MSSIP_E_XML_SYNTAX);
    mssip_limits limits;
    CHECK_OK(mssip_limits_default(&limits));
    limits.max_xml_size = 8;
    const char *ok = "<presence xmlns='urn:ietf:params:xml:ns:pidf'/>";
    CHECK_RC(mssip_pidf_lo_parse((const uint8_t *)ok, strlen(ok), &limits, &lo), MSSIP_E_LIMIT);
    CHECK_RC(mssip_pidf_lo_parse(NULL, 4, NULL, &lo), MSSIP_E_NULL);
    CHECK_RC(mssip_pidf_lo_parse((const uint8_t *)ok, strlen(ok), NULL, NULL), MSSIP_E_NULL);
}

struct host {
    int lookups;
    char tag[64];
    int sent;
    int refuse_down;
    int policy_fails;
};

static mssip_result policy(void *user_data, mssip_str tag, mssip_e911_uris *uris) {
    struct host *h = user_data;
    h->lookups++;
    snprintf(h->tag, sizeof h->tag, "%.*s", (int)tag.len, tag.ptr ? tag.ptr : "");
    if (h->policy_fails) {
        return MSSIP_E_NOT_FOUND;
    }
    if (mssip_e911_uris_add(uris, "sip:down@contoso.com") != MSSIP_OK ||
        mssip_e911_uris_add(uris, "sip:security@contoso.com") != MSSIP_OK) {
        return MSSIP_E_INVALID_ARGUMENT;
    }
    return MSSIP_OK;
}

static mssip_result send_it(void *user_data, mssip_str target, const mssip_msg *notification) {
    struct host *h = user_data;
    mssip_str prio;
    if (mssip_msg_header(notification, "Priority", 0, &prio) != MSSIP_OK) {
        return MSSIP_E_INVALID_ARGUMENT;
    }
    if (h->refuse_down && target.len >= 8 && memcmp(target.ptr, "sip:down", 8) == 0) {
        return MSSIP_E_NOT_FOUND;
    }
    h->sent++;
    return MSSIP_OK;
}

/* 3.17.5.2: the call goes on whatever the notifications do. */
static void test_notify(void) {
    mssip_msg *msg = check_load_corpus("invite-e911.sip");
    struct host h = {0};
    mssip_e911_report r;
    CHECK_OK(mssip_e911_notify(msg, 0, policy, send_it, &h, &r));
    CHECK(r.emergency && r.location && r.sent == 2 && r.failed == 0);
    CHECK(h.lookups == 1 && strcmp(h.tag, "user-tagid") == 0 && h.sent == 2);

    struct host refusing = {0};
    refusing.refuse_down = 1;
    CHECK_OK(mssip_e911_notify(msg, 0, policy, send_it, &refusing, &r));
    CHECK(r.emergency && r.sent == 1 && r.failed == 1);

    struct host failing = {0};
    failing.policy_fails = 1;
    CHECK_OK(mssip_e911_notify(msg, 0, policy, send_it, &failing, &r));
    CHECK(r.emergency && r.location && r.sent == 0 && r.failed == 1);

    struct host limited = {0};
    CHECK_OK(mssip_e911_notify(msg, 1, policy, send_it, &limited, &r));
    CHECK(r.sent == 1 && r.failed == 1);

    CHECK_RC(mssip_e911_notify(NULL, 0, policy, send_it, &h, &r), MSSIP_E_NULL);
    CHECK_RC(mssip_e911_notify(msg, 0, NULL, send_it, &h, &r), MSSIP_E_NULL);
    CHECK_RC(mssip_e911_notify(msg, 0, policy, NULL, &h, &r), MSSIP_E_NULL);
    CHECK_RC(mssip_e911_notify(msg, 0, policy, send_it, &h, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_e911_uris_add(NULL, "sip:a@h"), MSSIP_E_NULL);
    mssip_msg_free(msg);

    msg = check_load_corpus("invite-skip-pin.sip");
    struct host quiet = {0};
    CHECK_OK(mssip_e911_notify(msg, 0, policy, send_it, &quiet, &r));
    CHECK(!r.emergency && !r.location && r.sent == 0 && r.failed == 0 && quiet.lookups == 0);
    mssip_msg_free(msg);
}

int main(void) {
    test_detect();
    test_pidf_lo();
    test_notify();
    return check_done("test_e911");
}
