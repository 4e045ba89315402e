/* C tests of the agent anonymity exports (MS-SIPRE 2.2.20, 2.2.21, 3.16): the
 * Ms-Call-Info mark, the P-Agent-On-Behalf-Of permission callback with its context, the
 * 403 / 400 declines, the 4.13 exchange, errors and NULLs. */
#include <stdbool.h>

#include "test_messages.h"

struct permission {
    int calls;
    bool answer;
    char requestor[128];
    char on_behalf_of[128];
};

static bool permit(void *user, mssip_str requestor, mssip_str on_behalf_of) {
    struct permission *p = user;
    p->calls++;
    snprintf(p->requestor, sizeof p->requestor, "%.*s", (int)requestor.len, requestor.ptr);
    snprintf(p->on_behalf_of, sizeof p->on_behalf_of, "%.*s", (int)on_behalf_of.len,
             on_behalf_of.ptr);
    return p->answer;
}

static void test_mark(void) {
    bool yes = true;
    mssip_str v;
    mssip_msg *invite = request("INVITE", "");
    CHECK_OK(mssip_anonymity_is_marked(invite, &yes));
    CHECK(!yes);
    CHECK_OK(mssip_anonymity_mark(invite));
    CHECK_OK(mssip_anonymity_mark(invite));
    CHECK_OK(mssip_msg_header(invite, "Ms-Call-Info", 0, &v));
    CHECK_STR(v, "Rgs.Anonymization");
    CHECK_RC(mssip_msg_header(invite, "Ms-Call-Info", 1, &v), MSSIP_E_NOT_FOUND);
    CHECK_OK(mssip_anonymity_is_marked(invite, &yes));
    CHECK(yes);
    mssip_msg *ok = NULL, *trying = NULL;
    CHECK_OK(mssip_msg_new_response(invite, 200, NULL, "t", &ok));
    CHECK_OK(mssip_anonymity_mark(ok));
    CHECK_OK(mssip_anonymity_is_marked(ok, &yes));
    CHECK(yes);
    CHECK_OK(mssip_msg_new_response(invite, 100, NULL, NULL, &trying));
    CHECK_RC(mssip_anonymity_mark(trying), MSSIP_E_ANONYMITY_NOT_INVITE);
    /* Other values are ignored by a client (3.16.1.1). */
    mssip_msg *other = request("INVITE", "Ms-Call-Info: something-else\r\n");
    CHECK_OK(mssip_anonymity_is_marked(other, &yes));
    CHECK(!yes);
    CHECK_RC(mssip_anonymity_mark(NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_anonymity_is_marked(NULL, &yes), MSSIP_E_NULL);
    CHECK_RC(mssip_anonymity_is_marked(invite, NULL), MSSIP_E_NULL);
    mssip_msg_free(invite);
    mssip_msg_free(ok);
    mssip_msg_free(trying);
    mssip_msg_free(other);
}

static void test_on_behalf(void) {
    struct permission p = {0, true, "", ""};
    uint16_t status = 1;
    mssip_str reason;
    /* 4.13: Alice calls on behalf of the Helpdesk; her identity is asserted. */
    mssip_msg *invite = request("INVITE",
                                "P-Agent-On-Behalf-Of: sip:Helpdesk@contoso.com\r\n"
                                "P-Asserted-Identity: <sip:Alice@contoso.com>\r\n");
    CHECK_OK(mssip_anonymity_check_on_behalf(invite, permit, &p, &status, &reason));
    CHECK(status == 0 && reason.len == 0 && p.calls == 1);
    CHECK(strcmp(p.requestor, "sip:Alice@contoso.com") == 0);
    CHECK(strcmp(p.on_behalf_of, "sip:Helpdesk@contoso.com") == 0);
    p.answer = false;
    CHECK_OK(mssip_anonymity_check_on_behalf(invite, permit, &p, &status, &reason));
    CHECK(status == 403 && reason.len > 0 && p.calls == 2);
    mssip_msg *forbidden = NULL;
    char why[128];
    snprintf(why, sizeof why, "%.*s", (int)reason.len, reason.ptr);
    CHECK_OK(mssip_msg_new_response(invite, status, why, "t", &forbidden));
    uint32_t num = 0;
    mssip_str method;
    CHECK_OK(mssip_msg_cseq(forbidden, &num, &method));
    CHECK_STR(method, "INVITE");

    /* 3.16.5.1: no P-Asserted-Identity: 403, the host is not asked. */
    mssip_msg *anonymous = request("INVITE", "P-Agent-On-Behalf-Of: <sip:Helpdesk@contoso.com>\r\n");
    CHECK_OK(mssip_anonymity_check_on_behalf(anonymous, permit, &p, &status, &reason));
    CHECK(status == 403 && p.calls == 2);
    /* A header that does not parse: 400. No header: nothing to check. */
    mssip_msg *bad = request("INVITE", "P-Agent-On-Behalf-Of: <sip:x\r\n"
                                       "P-Asserted-Identity: <sip:Alice@contoso.com>\r\n");
    CHECK_OK(mssip_anonymity_check_on_behalf(bad, permit, &p, &status, &reason));
    CHECK(status == 400 && p.calls == 2);
    mssip_msg *plain = request("INVITE", "");
    CHECK_OK(mssip_anonymity_check_on_behalf(plain, permit, &p, &status, &reason));
    CHECK(status == 0 && p.calls == 2);

    mssip_msg *message = request("MESSAGE", "P-Agent-On-Behalf-Of: <sip:Helpdesk@contoso.com>\r\n");
    CHECK_RC(mssip_anonymity_check_on_behalf(message, permit, &p, &status, &reason),
             MSSIP_E_ANONYMITY_NOT_INVITE);
    CHECK_RC(mssip_anonymity_check_on_behalf(NULL, permit, &p, &status, &reason), MSSIP_E_NULL);
    CHECK_RC(mssip_anonymity_check_on_behalf(invite, NULL, &p, &status, &reason), MSSIP_E_NULL);
    CHECK_RC(mssip_anonymity_check_on_behalf(invite, permit, &p, NULL, &reason), MSSIP_E_NULL);
    CHECK_RC(mssip_anonymity_check_on_behalf(invite, permit, &p, &status, NULL), MSSIP_E_NULL);
    CHECK(p.calls == 2);
    mssip_msg_free(invite);
    mssip_msg_free(forbidden);
    mssip_msg_free(anonymous);
    mssip_msg_free(bad);
    mssip_msg_free(plain);
    mssip_msg_free(message);
}

static void test_set_on_behalf_of(void) {
    mssip_msg *invite = request("INVITE", "");
    mssip_str v;
    CHECK_OK(mssip_anonymity_set_on_behalf_of(invite, "sip:Helpdesk@contoso.com"));
    CHECK_OK(mssip_anonymity_set_on_behalf_of(invite, "sip:Helpdesk@contoso.com"));
    CHECK_OK(mssip_msg_header(invite, "P-Agent-On-Behalf-Of", 0, &v));
    CHECK_STR(v, "sip:Helpdesk@contoso.com");
    CHECK_RC(mssip_msg_header(invite, "P-Agent-On-Behalf-Of", 1, &v), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_anonymity_set_on_behalf_of(invite, "<bad>"), MSSIP_E_BAD_URI);
    mssip_msg *bye = request("BYE", "");
    CHECK_RC(mssip_anonymity_set_on_behalf_of(bye, "sip:a@b"), MSSIP_E_ANONYMITY_NOT_INVITE);
    CHECK_RC(mssip_anonymity_set_on_behalf_of(NULL, "sip:a@b"), MSSIP_E_NULL);
    CHECK_RC(mssip_anonymity_set_on_behalf_of(invite, NULL), MSSIP_E_NULL);
    mssip_msg_free(invite);
    mssip_msg_free(bye);
}

int main(void) {
    test_set_on_behalf_of();
    test_mark();
    test_on_behalf();
    return check_done("anonymity");
}
