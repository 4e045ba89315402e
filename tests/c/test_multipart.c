/* mssip_multipart: multipart bodies from the corpus (two and three levels), the walk order,
 * per-part headers and bodies, lookup by media type, errors and NULL handling. */
#include "check.h"

static int starts_with(const uint8_t *data, size_t len, const char *prefix) {
    size_t n = strlen(prefix);
    return len >= n && memcmp(data, prefix, n) == 0;
}

static int ends_with(const uint8_t *data, size_t len, const char *suffix) {
    size_t n = strlen(suffix);
    return len >= n && memcmp(data + len - n, suffix, n) == 0;
}

static void test_three_levels(void) {
    mssip_msg *msg = check_load_corpus("invite-multipart-3level.sip");
    mssip_multipart *mp = NULL;
    CHECK_OK(mssip_multipart_parse(msg, &mp));
    mssip_msg_free(msg); /* the multipart keeps its own copy */

    mssip_str s;
    CHECK_OK(mssip_multipart_subtype(mp, &s));
    CHECK_STR(s, "mixed");
    size_t count = 0;
    CHECK_OK(mssip_multipart_count(mp, &count));
    CHECK(count == 4);

    /* walk: [0] multipart/alternative, [1] sdp, [2] sdp (both inside it), [3] context xml */
    size_t depth = 0;
    bool nested = false;
    CHECK_OK(mssip_multipart_part_info(mp, 0, &depth, &nested));
    CHECK(depth == 1 && nested);
    CHECK_OK(mssip_multipart_part_content_type(mp, 0, &s));
    CHECK_STR(s, "multipart/alternative; boundary=sYRNyS9rxliUksZ4fH8roFi2MbQU6dbo");
    CHECK_OK(mssip_multipart_part_info(mp, 1, &depth, &nested));
    CHECK(depth == 2 && !nested);
    CHECK_OK(mssip_multipart_part_info(mp, 2, &depth, &nested));
    CHECK(depth == 2 && !nested);
    CHECK_OK(mssip_multipart_part_info(mp, 3, &depth, &nested));
    CHECK(depth == 1 && !nested);
    CHECK_OK(mssip_multipart_part_content_type(mp, 3, &s));
    CHECK_STR(s, "application/ms-conversation-context+xml");

    /* headers of part 1, in order, as written */
    size_t nh = 0;
    CHECK_OK(mssip_multipart_part_header_count(mp, 1, &nh));
    CHECK(nh == 3);
    mssip_str name, value;
    CHECK_OK(mssip_multipart_part_header(mp, 1, 1, &name, &value));
    CHECK_STR(name, "Content-ID");
    CHECK_STR(value, "cbe8227-c734-4d4a-b1ce-0ed219097ff4");
    name = check_sentinel_str();
    value = check_sentinel_str();
    CHECK_RC(mssip_multipart_part_header(mp, 1, 3, &name, &value), MSSIP_E_NOT_FOUND);
    CHECK(check_is_sentinel(name) && check_is_sentinel(value));

    /* bodies: the SDP, and the nested multipart's whole body */
    mssip_bytes body = {NULL, 0};
    CHECK_OK(mssip_multipart_part_body(mp, 1, &body));
    CHECK(starts_with(body.ptr, body.len, "v=0\r\n"));
    CHECK(ends_with(body.ptr, body.len, "a=encryption:required"));
    CHECK_OK(mssip_multipart_part_body(mp, 0, &body));
    CHECK(starts_with(body.ptr, body.len, "--sYRNyS9rxliUksZ4fH8roFi2MbQU6dbo\r\n"));
    CHECK(ends_with(body.ptr, body.len, "--sYRNyS9rxliUksZ4fH8roFi2MbQU6dbo--"));

    /* lookup by media type, case-insensitive, at any depth */
    size_t index = 99;
    CHECK_OK(mssip_multipart_find(mp, "Application/SDP", &index));
    CHECK(index == 1);
    CHECK_OK(mssip_multipart_find(mp, "application/ms-conversation-context+xml", &index));
    CHECK(index == 3);
    index = 99;
    CHECK_RC(mssip_multipart_find(mp, "image/png", &index), MSSIP_E_NOT_FOUND);
    CHECK(index == 99);

    /* past the end */
    CHECK_RC(mssip_multipart_part_info(mp, 4, &depth, &nested), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_multipart_part_content_type(mp, 4, &s), MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_multipart_part_header_count(mp, 4, &nh), MSSIP_E_NOT_FOUND);
    body.len = 55;
    CHECK_RC(mssip_multipart_part_body(mp, 4, &body), MSSIP_E_NOT_FOUND);
    CHECK(body.len == 55);
    mssip_multipart_free(mp);
}

static void test_two_parts_and_limits(void) {
    mssip_msg *msg = check_load_corpus("invite-multipart-2level.sip");
    mssip_multipart *mp = NULL;
    CHECK_OK(mssip_multipart_parse(msg, &mp));
    size_t count = 0;
    CHECK_OK(mssip_multipart_count(mp, &count));
    CHECK(count == 2);
    mssip_str s;
    CHECK_OK(mssip_multipart_subtype(mp, &s));
    CHECK_STR(s, "alternative");
    mssip_multipart_free(mp);

    /* The same body through mssip_multipart_parse_body, with a part limit of 1. */
    mssip_bytes whole = {NULL, 0};
    CHECK_OK(mssip_msg_body(msg, &whole));
    const uint8_t *body = whole.ptr;
    size_t body_len = whole.len;
    mssip_str ct;
    CHECK_OK(mssip_msg_header(msg, "Content-Type", 0, &ct));
    char ctype[256];
    snprintf(ctype, sizeof ctype, "%.*s", (int)ct.len, ct.ptr);
    mp = NULL;
    CHECK_OK(mssip_multipart_parse_body(body, body_len, ctype, NULL, &mp));
    mssip_multipart_free(mp);
    mssip_limits limits;
    CHECK_OK(mssip_limits_default(&limits));
    limits.max_parts = 1;
    mp = (mssip_multipart *)&mp;
    CHECK_RC(mssip_multipart_parse_body(body, body_len, ctype, &limits, &mp), MSSIP_E_LIMIT);
    CHECK(mp == (mssip_multipart *)&mp);
    CHECK_LAST_ERROR_HAS("max_parts");
    mssip_msg_free(msg);
}

static void test_errors(void) {
    mssip_multipart *mp = NULL;
    const char *body = "--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b--\r\n";
    size_t n = strlen(body);
    CHECK_OK(mssip_multipart_parse_body((const uint8_t *)body, n, "multipart/mixed;boundary=b",
                                        NULL, &mp));
    /* A part without Content-Type: the default applies, the call says not found. */
    mssip_multipart_free(mp);
    const char *no_ct = "--b\r\n\r\nplain\r\n--b--\r\n";
    mp = NULL;
    CHECK_OK(mssip_multipart_parse_body((const uint8_t *)no_ct, strlen(no_ct),
                                        "multipart/mixed; boundary=b", NULL, &mp));
    mssip_str s = check_sentinel_str();
    CHECK_RC(mssip_multipart_part_content_type(mp, 0, &s), MSSIP_E_NOT_FOUND);
    CHECK(check_is_sentinel(s));
    size_t idx = 9;
    CHECK_OK(mssip_multipart_find(mp, "text/plain", &idx));
    CHECK(idx == 0);
    mssip_multipart_free(mp);

    mp = (mssip_multipart *)&mp;
    CHECK_RC(mssip_multipart_parse_body((const uint8_t *)body, n, "text/plain", NULL, &mp),
             MSSIP_E_BAD_VALUE);
    CHECK_RC(mssip_multipart_parse_body((const uint8_t *)body, n, "multipart/mixed", NULL, &mp),
             MSSIP_E_NOT_FOUND);
    CHECK_RC(mssip_multipart_parse_body((const uint8_t *)body, n - 7, "multipart/mixed;boundary=b",
                                        NULL, &mp),
             MSSIP_E_INCOMPLETE);
    CHECK_RC(mssip_multipart_parse_body((const uint8_t *)body, n, "multipart/\xff", NULL, &mp),
             MSSIP_E_UTF8);
    CHECK(mp == (mssip_multipart *)&mp);

    /* A message without Content-Type. */
    mssip_msg *msg = check_parse("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 0\r\n\r\n");
    CHECK_RC(mssip_multipart_parse(msg, &mp), MSSIP_E_NOT_FOUND);
    CHECK(mp == (mssip_multipart *)&mp);
    mssip_msg_free(msg);
}

static void test_nulls(void) {
    mssip_msg *msg = check_load_corpus("invite-multipart-2level.sip");
    mssip_multipart *mp = NULL;
    CHECK_RC(mssip_multipart_parse(NULL, &mp), MSSIP_E_NULL);
    CHECK_RC(mssip_multipart_parse(msg, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_multipart_parse_body(NULL, 3, "multipart/mixed;boundary=b", NULL, &mp),
             MSSIP_E_NULL);
    CHECK_RC(mssip_multipart_parse_body((const uint8_t *)"x", 1, NULL, NULL, &mp), MSSIP_E_NULL);
    CHECK_RC(mssip_multipart_parse_body((const uint8_t *)"x", 1, "multipart/mixed;boundary=b",
                                        NULL, NULL),
             MSSIP_E_NULL);
    CHECK_OK(mssip_multipart_parse(msg, &mp));
    mssip_str s, v;
    size_t n;
    bool b;
    CHECK_RC(mssip_multipart_subtype(NULL, &s), MSSIP_E_NULL);
    CHECK_RC(mssip_multipart_subtype(mp, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_multipart_count(NULL, &n), MSSIP_E_NULL);
    CHECK_RC(mssip_multipart_count(mp, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_multipart_part_info(NULL, 0, &n, &b), MSSIP_E_NULL);
    CHECK_RC(mssip_multipart_part_info(mp, 0, NULL, &b), MSSIP_E_NULL);
    CHECK_RC(mssip_multipart_part_info(mp, 0, &n, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_multipart_part_content_type(NULL, 0, &s), MSSIP_E_NULL);
    CHECK_RC(mssip_multipart_part_content_type(mp, 0, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_multipart_part_header_count(NULL, 0, &n), MSSIP_E_NULL);
    CHECK_RC(mssip_multipart_part_header_count(mp, 0, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_multipart_part_header(NULL, 0, 0, &s, &v), MSSIP_E_NULL);
    CHECK_RC(mssip_multipart_part_header(mp, 0, 0, NULL, &v), MSSIP_E_NULL);
    CHECK_RC(mssip_multipart_part_header(mp, 0, 0, &s, NULL), MSSIP_E_NULL);
    mssip_bytes bytes;
    CHECK_RC(mssip_multipart_part_body(NULL, 0, &bytes), MSSIP_E_NULL);
    CHECK_RC(mssip_multipart_part_body(mp, 0, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_multipart_find(NULL, "application/sdp", &n), MSSIP_E_NULL);
    CHECK_RC(mssip_multipart_find(mp, NULL, &n), MSSIP_E_NULL);
    CHECK_RC(mssip_multipart_find(mp, "application/sdp", NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_multipart_find(mp, "\xff", &n), MSSIP_E_UTF8);
    mssip_multipart_free(mp);
    mssip_multipart_free(NULL);
    mssip_msg_free(msg);
}

int main(void) {
    test_three_levels();
    test_two_parts_and_limits();
    test_errors();
    test_nulls();
    return check_done("test_multipart");
}
