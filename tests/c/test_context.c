/* C tests of the call context exports (MS-SIPRE 2.2.19, 3.13): the 4.11 document read and
 * written byte for byte, building one, an INVITE's body, the 3.13.5.1 rules, limits,
 * errors, NULLs and small buffers. */
#include <stdbool.h>

#include "test_messages.h"

#define NS "http://schemas.microsoft.com/2008/03/sip/conversationContext"

static char example[4096];
static size_t example_len;

static void load_example(void) {
    FILE *f = fopen(MSSIP_CORPUS_DIR "/../context/example-4.11.xml", "rb");
    CHECK(f != NULL);
    if (f == NULL) return;
    example_len = fread(example, 1, sizeof example - 1, f);
    example[example_len] = 0;
    fclose(f);
}

static void test_example(void) {
    mssip_context *cc = NULL;
    CHECK_OK(mssip_context_parse((const uint8_t *)example, example_len, NULL, &cc));
    mssip_str v;
    CHECK_OK(mssip_context_get(cc, "id", &v));
    CHECK_STR(v, "0734aae0-a714-45d9-87bc-20ed9d432b80");
    CHECK_OK(mssip_context_get(cc, "date", &v));
    CHECK_STR(v, "2008-09-03T21:34:55.831063Z");
    CHECK_OK(mssip_context_get(cc, "conversationId", &v));
    CHECK_STR(v, "a4f266f1a6914acb99cddef15659e38c");
    CHECK_OK(mssip_context_get(cc, "dataFormat", &v));
    CHECK_STR(v, "text/plain");
    CHECK_OK(mssip_context_get(cc, "contextData", &v));
    CHECK_STR(v, "Waiting time: 00:00:18\nBob is calling, it's his birthday today.\n");
    CHECK_OK(mssip_context_party(cc, "from", 0, "uri", &v));
    CHECK_STR(v, "sip:alice@contoso.com");
    CHECK_OK(mssip_context_party(cc, "to", 0, "uri", &v));
    CHECK_STR(v, "sip:marco@contoso.com");
    size_t n = 0;
    CHECK_OK(mssip_context_participant_count(cc, &n));
    CHECK(n == 2);
    CHECK_OK(mssip_context_party(cc, "participant", 0, "displayName", &v));
    CHECK_STR(v, "Alice");
    CHECK_RC(mssip_context_party(cc, "participant", 1, "displayName", &v), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_context_party(cc, "participant", 2, "uri", &v), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_context_party(cc, "to", 1, "uri", &v), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_context_party(cc, "author", 0, "uri", &v), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_context_party(cc, "from", 0, "name", &v), MSSIP_E_INVALID_ARGUMENT);
    CHECK_OK(mssip_context_mode(cc, 0, &v));
    CHECK_STR(v, "audio");
    CHECK_RC(mssip_context_mode(cc, 1, &v), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_context_get(cc, "mode", &v), MSSIP_E_INVALID_ARGUMENT);

    /* Written back byte for byte (4.11). */
    char out[4096];
    size_t len = 0;
    CHECK_OK(mssip_context_write(cc, NULL, out, sizeof out, &len));
    CHECK(len == example_len && memcmp(out, example, len) == 0);
    char small[16];
    CHECK_RC(mssip_context_write(cc, NULL, small, sizeof small, &len), MSSIP_E_BUFFER_TOO_SMALL);
    CHECK(len == example_len);
    mssip_context_free(cc);
    mssip_context_free(NULL);
}

static void test_build(void) {
    mssip_context *cc = NULL;
    CHECK_OK(mssip_context_new("sip:alice@contoso.com", "sip:marco@contoso.com",
                               "2008-09-03T21:34:55Z", "conv-1", "Bob & Carol <3", &cc));
    CHECK_OK(mssip_context_add_participant(cc, "sip:bob@contoso.com", "Bob"));
    CHECK_OK(mssip_context_set_party(cc, "from", 0, "displayName", "Alice"));
    CHECK_OK(mssip_context_set_party(cc, "to", 0, "onBehalfUri", "sip:helpdesk@contoso.com"));
    CHECK_OK(mssip_context_add_mode(cc, "audio"));
    CHECK_OK(mssip_context_add_mode(cc, "applicationSharing"));
    /* 3.13.5.1: each mode once, and one of the four (the SHOULD, kept when writing). */
    CHECK_RC(mssip_context_add_mode(cc, "audio"), MSSIP_E_CONTEXT_INVALID);
    CHECK_RC(mssip_context_add_mode(cc, "fax"), MSSIP_E_CONTEXT_INVALID);
    CHECK_RC(mssip_context_add_participant(cc, " ", NULL), MSSIP_E_CONTEXT_INVALID);
    CHECK_RC(mssip_context_set_party(cc, "participant", 5, "displayName", "x"), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_context_set_party(cc, "from", 0, "uri", "x"), MSSIP_E_INVALID_ARGUMENT);

    char xml[4096];
    size_t len = 0;
    CHECK_OK(mssip_context_write(cc, NULL, xml, sizeof xml, &len));
    CHECK(strstr(xml, "<cc:XmlConvContext xmlns:cc=\"" NS "\">\n<cc:id>") == xml);
    CHECK(strstr(xml, "<cc:contextData>Bob &amp; Carol &lt;3</cc:contextData></cc:XmlConvContext>") != NULL);
    /* The author is the first participant; the id is a fresh UUID. */
    mssip_context *back = NULL;
    CHECK_OK(mssip_context_parse((const uint8_t *)xml, len, NULL, &back));
    mssip_str a, b;
    CHECK_OK(mssip_context_party(back, "participant", 0, "uri", &a));
    CHECK_STR(a, "sip:alice@contoso.com");
    CHECK_OK(mssip_context_party(back, "to", 0, "onBehalfUri", &a));
    CHECK_STR(a, "sip:helpdesk@contoso.com");
    CHECK_OK(mssip_context_get(back, "id", &a));
    CHECK(a.len == 36);
    mssip_context *other = NULL;
    CHECK_OK(mssip_context_new("sip:alice@contoso.com", "sip:marco@contoso.com",
                               "2008-09-03T21:34:55Z", "conv-1", "x", &other));
    CHECK_OK(mssip_context_get(other, "id", &b));
    CHECK(a.len == b.len && memcmp(a.ptr, b.ptr, a.len) != 0);

    /* A date not in UTC, an empty uri. */
    mssip_context *bad = NULL;
    CHECK_RC(mssip_context_new("sip:a@contoso.com", "sip:b@contoso.com", "2008-09-03T21:34:55+01:00",
                               "c", "x", &bad),
             MSSIP_E_CONTEXT_INVALID);
    CHECK_RC(mssip_context_new("", "sip:b@contoso.com", "2008-09-03T21:34:55Z", "c", "x", &bad),
             MSSIP_E_CONTEXT_INVALID);
    CHECK(bad == NULL);
    CHECK_RC(mssip_context_new(NULL, "sip:b@contoso.com", "2008-09-03T21:34:55Z", "c", "x", &bad),
             MSSIP_E_NULL);
    CHECK_RC(mssip_context_add_mode(NULL, "audio"), MSSIP_E_NULL);
    CHECK_RC(mssip_context_add_participant(cc, NULL, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_context_write(NULL, NULL, xml, sizeof xml, &len), MSSIP_E_NULL);
    CHECK_RC(mssip_context_write(cc, NULL, xml, sizeof xml, NULL), MSSIP_E_NULL);
    mssip_context_free(cc);
    mssip_context_free(back);
    mssip_context_free(other);
}

static void test_rules_and_limits(void) {
    mssip_context *cc = NULL;
    /* 3.13.5.1: the author MUST be a participant. */
    const char *no_author =
        "<XmlConvContext xmlns=\"" NS "\"><id>1</id><from><uri>sip:a@x</uri></from>"
        "<to><uri>sip:b@x</uri></to><participants><participant><uri>sip:b@x</uri></participant>"
        "</participants><date>2008-09-03T21:34:55Z</date><conversationId>c</conversationId>"
        "<dataFormat>text/plain</dataFormat><contextData/></XmlConvContext>";
    CHECK_RC(mssip_context_parse((const uint8_t *)no_author, strlen(no_author), NULL, &cc),
             MSSIP_E_CONTEXT_INVALID);
    CHECK_LAST_ERROR_HAS("the author (from) is not a participant");
    CHECK_RC(mssip_context_parse((const uint8_t *)"<a", 2, NULL, &cc), MSSIP_E_XML_SYNTAX);
    CHECK(cc == NULL);

    mssip_context_config c;
    CHECK_OK(mssip_context_config_default(&c));
    CHECK(c.max_document_size == 16384 && c.max_depth == 6 && c.max_modes == 8);
    c.max_modes = 0;
    CHECK_RC(mssip_context_parse((const uint8_t *)example, example_len, &c, &cc), MSSIP_E_LIMIT);
    CHECK_OK(mssip_context_config_default(&c));
    c.max_document_size = 100;
    CHECK_RC(mssip_context_parse((const uint8_t *)example, example_len, &c, &cc), MSSIP_E_LIMIT);
    c.struct_size = 3;
    CHECK_RC(mssip_context_parse((const uint8_t *)example, example_len, &c, &cc),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_context_config_default(NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_context_parse(NULL, 4, NULL, &cc), MSSIP_E_NULL);
    CHECK_RC(mssip_context_parse((const uint8_t *)example, example_len, NULL, NULL), MSSIP_E_NULL);
}

static void test_from_invite(void) {
    char text[8192];
    snprintf(text, sizeof text,
             "INVITE sip:marco@contoso.com SIP/2.0\r\nCSeq: 1 INVITE\r\n"
             "Content-Type: multipart/mixed;boundary=b\r\nContent-Length: %zu\r\n\r\n"
             "--b\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n\r\n"
             "--b\r\nContent-Type: application/ms-conversation-context+xml\r\n\r\n%s\r\n--b--\r\n",
             strlen("--b\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n\r\n"
                    "--b\r\nContent-Type: application/ms-conversation-context+xml\r\n\r\n") +
                 example_len + strlen("\r\n--b--\r\n"),
             example);
    mssip_msg *invite = parse(text);
    mssip_context *cc = NULL;
    CHECK_OK(mssip_context_from_invite(invite, NULL, &cc));
    mssip_str v;
    CHECK_OK(mssip_context_get(cc, "conversationId", &v));
    CHECK_STR(v, "a4f266f1a6914acb99cddef15659e38c");
    mssip_context_free(cc);
    mssip_msg *plain = request("INVITE", "");
    CHECK_RC(mssip_context_from_invite(plain, NULL, &cc), MSSIP_E_NOT_FOUND);
    /* 3.13.5.1: only an INVITE conveys call context. */
    mssip_msg *message = request("MESSAGE", "");
    CHECK_RC(mssip_context_from_invite(message, NULL, &cc), MSSIP_E_CONTEXT_MESSAGE);
    CHECK_RC(mssip_context_from_invite(NULL, NULL, &cc), MSSIP_E_NULL);
    CHECK_RC(mssip_context_from_invite(invite, NULL, NULL), MSSIP_E_NULL);
    mssip_msg_free(invite);
    mssip_msg_free(plain);
    mssip_msg_free(message);
}

int main(void) {
    load_example();
    test_example();
    test_build();
    test_rules_and_limits();
    test_from_invite();
    return check_done("context");
}
