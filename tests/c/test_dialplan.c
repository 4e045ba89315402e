/* C tests of the dial plan exports (MS-SIPRE 2.2.7, 3.8): parse, translate, the detailed
 * translation, the configuration, errors, NULL and small buffers. */
#include <stdbool.h>

#include "check.h"

#define NS "http://schemas.microsoft.com/2007/03/LocationProfileDescription"

static const char REDMOND[] =
    "<LocationProfileDescription xmlns=\"" NS "\"><Name>Redmond</Name>"
    "<Rule><Pattern>^(\\d{4})$</Pattern><Translation>+1425555$1</Translation>"
    "<InternalEnterpriseExtension>true</InternalEnterpriseExtension></Rule>"
    "<Rule><Pattern>^9?(?&lt;local&gt;\\d{7})$</Pattern><Translation>+1425${local}</Translation></Rule>"
    "<Rule><Pattern>^911$</Pattern><Translation>911</Translation></Rule>"
    "<Rule><Pattern>^(?:(\\d)\\1?|\\d)+x</Pattern><Translation>slow</Translation></Rule>"
    "</LocationProfileDescription>";

static mssip_dialplan *load(const char *xml) {
    mssip_dialplan *plan = NULL;
    CHECK_OK(mssip_dialplan_parse((const uint8_t *)xml, strlen(xml), &plan));
    CHECK(plan != NULL);
    return plan;
}

static void test_translate(void) {
    mssip_dialplan *plan = load(REDMOND);
    char out[64];
    size_t len = 0;
    CHECK_OK(mssip_dialplan_translate(plan, "0100", out, sizeof out, &len));
    CHECK(len == 12 && strcmp(out, "+14255550100") == 0);
    CHECK_OK(mssip_dialplan_translate(plan, "95550100", out, sizeof out, &len));
    CHECK(strcmp(out, "+14255550100") == 0);
    CHECK_RC(mssip_dialplan_translate(plan, "12", out, sizeof out, &len), MSSIP_E_NOT_FOUND);
    CHECK_LAST_ERROR_HAS("no rule");
    /* Small buffers: the length needed comes back, nothing is written past cap. */
    char small[12];
    len = 0;
    CHECK_RC(mssip_dialplan_translate(plan, "0100", small, sizeof small, &len),
             MSSIP_E_BUFFER_TOO_SMALL);
    CHECK(len == 12);
    len = 0;
    CHECK_RC(mssip_dialplan_translate(plan, "0100", NULL, 0, &len), MSSIP_E_BUFFER_TOO_SMALL);
    CHECK(len == 12);
    CHECK_RC(mssip_dialplan_translate(plan, "0100", NULL, 5, &len), MSSIP_E_NULL);
    CHECK_RC(mssip_dialplan_translate(NULL, "0100", out, sizeof out, &len), MSSIP_E_NULL);
    CHECK_RC(mssip_dialplan_translate(plan, NULL, out, sizeof out, &len), MSSIP_E_NULL);
    CHECK_RC(mssip_dialplan_translate(plan, "0100", out, sizeof out, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_dialplan_translate(plan, "\xff", out, sizeof out, &len), MSSIP_E_UTF8);
    mssip_dialplan_free(plan);
    mssip_dialplan_free(NULL);
}

static void test_detail(void) {
    mssip_dialplan *plan = load(REDMOND);
    char buf[128];
    size_t len = 0;
    mssip_translation t;
    CHECK_OK(mssip_dialplan_translate_detail(plan, "0100", "contoso.com", buf, sizeof buf, &len, &t));
    CHECK(t.rule == 0 && t.internal);
    CHECK_STR(t.number, "+14255550100");
    CHECK_STR(t.uri, "tel:+14255550100");
    CHECK(len == 13 + 17);
    CHECK_OK(mssip_dialplan_translate_detail(plan, "5550100", NULL, buf, sizeof buf, &len, &t));
    CHECK(t.rule == 1 && !t.internal);
    CHECK_OK(mssip_dialplan_translate_detail(plan, "911", "contoso.com", buf, sizeof buf, &len, &t));
    CHECK(t.rule == 2);
    CHECK_STR(t.number, "911");
    CHECK_STR(t.uri, "sip:911;phone-context=Redmond@contoso.com;user=phone");
    CHECK(t.uri.ptr[t.uri.len] == '\0');
    CHECK_OK(mssip_dialplan_translate_detail(plan, "911", NULL, buf, sizeof buf, &len, &t));
    CHECK_STR(t.uri, "tel:911;phone-context=Redmond");
    /* Too small: the bytes needed, and `t` untouched. */
    mssip_translation keep = t;
    CHECK_RC(mssip_dialplan_translate_detail(plan, "0100", NULL, buf, 20, &len, &t),
             MSSIP_E_BUFFER_TOO_SMALL);
    CHECK(len == 30 && t.number.ptr == keep.number.ptr);
    CHECK_RC(mssip_dialplan_translate_detail(plan, "0100", NULL, NULL, 0, &len, &t),
             MSSIP_E_BUFFER_TOO_SMALL);
    CHECK_RC(mssip_dialplan_translate_detail(plan, "0100", NULL, NULL, 4, &len, &t), MSSIP_E_NULL);
    CHECK_RC(mssip_dialplan_translate_detail(plan, "0100", NULL, buf, sizeof buf, &len, NULL),
             MSSIP_E_NULL);
    CHECK_RC(mssip_dialplan_translate_detail(plan, "0100", NULL, buf, sizeof buf, NULL, &t),
             MSSIP_E_NULL);
    CHECK_RC(mssip_dialplan_translate_detail(NULL, "0100", NULL, buf, sizeof buf, &len, &t),
             MSSIP_E_NULL);
    CHECK_RC(mssip_dialplan_translate_detail(plan, "77", NULL, buf, sizeof buf, &len, &t),
             MSSIP_E_NOT_FOUND);
    mssip_dialplan_free(plan);
}

static void test_parse_errors(void) {
    mssip_dialplan *plan = NULL;
    const char *bad_xml = "<LocationProfileDescription";
    CHECK_RC(mssip_dialplan_parse((const uint8_t *)bad_xml, strlen(bad_xml), &plan),
             MSSIP_E_XML_SYNTAX);
    const char *no_rule = "<LocationProfileDescription xmlns=\"" NS "\"><Name>R</Name>"
                          "</LocationProfileDescription>";
    CHECK_RC(mssip_dialplan_parse((const uint8_t *)no_rule, strlen(no_rule), &plan),
             MSSIP_E_PROFILE_INVALID);
    CHECK_LAST_ERROR_HAS("no <Rule>");
    const char *refused = "<LocationProfileDescription xmlns=\"" NS "\"><Name>R</Name>"
                          "<Rule><Pattern>1</Pattern><Translation>1</Translation></Rule>"
                          "<Rule><Pattern>(?(1)a|b)</Pattern><Translation>1</Translation></Rule>"
                          "</LocationProfileDescription>";
    CHECK_RC(mssip_dialplan_parse((const uint8_t *)refused, strlen(refused), &plan),
             MSSIP_E_RULE_REFUSED);
    CHECK_LAST_ERROR_HAS("rule 1 refused");
    CHECK(plan == NULL);
    CHECK_RC(mssip_dialplan_parse(NULL, 4, &plan), MSSIP_E_NULL);
    CHECK_RC(mssip_dialplan_parse((const uint8_t *)REDMOND, strlen(REDMOND), NULL), MSSIP_E_NULL);
}

static void test_config(void) {
    mssip_dialplan_config c;
    CHECK_OK(mssip_dialplan_config_default(&c));
    CHECK(c.struct_size == sizeof c && c.max_rules == 256 && c.backtrack_limit == 100000);
    CHECK(!c.ascii_digits);
    CHECK_RC(mssip_dialplan_config_default(NULL), MSSIP_E_NULL);
    mssip_dialplan *plan = NULL;
    c.max_rules = 2;
    CHECK_RC(mssip_dialplan_parse_with((const uint8_t *)REDMOND, strlen(REDMOND), &c, &plan),
             MSSIP_E_LIMIT);
    CHECK_LAST_ERROR_HAS("max_rules");
    CHECK_OK(mssip_dialplan_config_default(&c));
    c.backtrack_limit = 10000;
    c.max_dialed_len = 40;
    CHECK_OK(mssip_dialplan_parse_with((const uint8_t *)REDMOND, strlen(REDMOND), &c, &plan));
    char out[64];
    size_t len;
    CHECK_RC(mssip_dialplan_translate(plan, "1234567890123456789012345", out, sizeof out, &len),
             MSSIP_E_MATCH_LIMIT);
    CHECK_LAST_ERROR_HAS("rule 3");
    CHECK_RC(mssip_dialplan_translate(plan, "12345678901234567890123456789012345678901", out,
                                      sizeof out, &len),
             MSSIP_E_LIMIT);
    mssip_dialplan_free(plan);
    c.struct_size = 3;
    CHECK_RC(mssip_dialplan_parse_with((const uint8_t *)REDMOND, strlen(REDMOND), &c, &plan),
             MSSIP_E_INVALID_ARGUMENT);
}

int main(void) {
    test_translate();
    test_detail();
    test_parse_errors();
    test_config();
    return check_done("dialplan");
}
