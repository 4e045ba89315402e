/* Trust headers of the enterprise edge (MS-SIPRE 3.10, 3.11): stripping what a client sends,
 * adding and reading ms-edge-proxy-message-trust (the values of 4.9) and ms-user-logon-data
 * (4.10), the rules of 3.10.1; error paths and NULLs of every call. */
#include "check.h"

#define CLIENT_INVITE                                                                        \
    "INVITE sip:bob@contoso.com SIP/2.0\r\n"                                                 \
    "Via: SIP/2.0/TLS 10.0.0.7:5061;branch=z9hG4bK1\r\n"                                     \
    "From: <sip:mallory@contoso.com>;tag=1\r\n"                                              \
    "To: <sip:bob@contoso.com>\r\n"                                                          \
    "Call-ID: c1\r\n"                                                                        \
    "CSeq: 1 INVITE\r\n"                                                                     \
    "MS-Edge-Proxy-Message-Trust: ms-source-type=InternetUser;ms-ep-fqdn=forged;"            \
    "ms-source-verified-user=verified\r\n"                                                   \
    "ms-user-logon-data: RemoteUser\r\n"                                                     \
    "Content-Length: 0\r\n\r\n"

#define CLEAN_INVITE                                                                         \
    "INVITE sip:bob@contoso.com SIP/2.0\r\n"                                                 \
    "Via: SIP/2.0/TLS 10.0.0.7:5061;branch=z9hG4bK1\r\n"                                     \
    "From: <sip:mallory@contoso.com>;tag=1\r\n"                                              \
    "To: <sip:bob@contoso.com>\r\n"                                                          \
    "Call-ID: c1\r\n"                                                                        \
    "CSeq: 1 INVITE\r\n"                                                                     \
    "Content-Length: 0\r\n\r\n"

#define AUTO_FED_4_9                                                                         \
    "ms-source-type=AutoFederation;ms-ep-fqdn=edgeserver.contoso.com;"                       \
    "ms-source-verified-user=verified;ms-source-network=federation"

static void test_sanitize(void) {
    mssip_msg *msg = check_parse(CLIENT_INVITE);
    size_t removed = 0;
    CHECK_OK(mssip_edge_sanitize(msg, &removed));
    CHECK(removed == 2);
    char *wire = check_serialize(msg);
    CHECK(strcmp(wire, CLEAN_INVITE) == 0);
    free(wire);
    CHECK_OK(mssip_edge_sanitize(msg, NULL));
    mssip_edge_trust t;
    CHECK_RC(mssip_edge_trust_get(msg, &t), MSSIP_E_NOT_FOUND);
    bool remote = true;
    CHECK_OK(mssip_edge_remote_user_get(msg, &remote));
    CHECK(!remote);
    CHECK_RC(mssip_edge_sanitize(NULL, &removed), MSSIP_E_NULL);
    mssip_msg_free(msg);
}

static void test_trust_add_get(void) {
    mssip_msg *msg = check_parse(CLIENT_INVITE);
    CHECK_OK(mssip_edge_sanitize(msg, NULL));
    CHECK_OK(mssip_edge_trust_add(msg, MSSIP_SOURCE_AUTO_FEDERATION, "edgeserver.contoso.com", true,
                                  MSSIP_SOURCE_NETWORK_FEDERATION));
    /* Added again: still one field, the new value. */
    CHECK_OK(mssip_edge_trust_add(msg, MSSIP_SOURCE_AUTO_FEDERATION, "edgeserver.contoso.com", true,
                                  MSSIP_SOURCE_NETWORK_FEDERATION));
    size_t n = 0;
    CHECK_OK(mssip_msg_header_count(msg, "ms-edge-proxy-message-trust", &n));
    CHECK(n == 1);
    mssip_str v = check_sentinel_str();
    CHECK_OK(mssip_msg_header(msg, "ms-edge-proxy-message-trust", 0, &v));
    CHECK_STR(v, AUTO_FED_4_9);

    mssip_edge_trust t;
    memset(&t, 0, sizeof t);
    CHECK_OK(mssip_edge_trust_get(msg, &t));
    CHECK(t.source_type == MSSIP_SOURCE_AUTO_FEDERATION);
    CHECK_STR(t.ep_fqdn, "edgeserver.contoso.com");
    CHECK(t.verified);
    CHECK(t.network == MSSIP_SOURCE_NETWORK_FEDERATION);

    /* Rules of 3.10.1 and bad arguments: refused, the message unchanged. */
    CHECK_RC(mssip_edge_trust_add(msg, MSSIP_SOURCE_INTERNET_USER, "edge.contoso.com", false,
                                  MSSIP_SOURCE_NETWORK_NONE),
             MSSIP_E_TRUST_CONSTRAINT);
    CHECK_LAST_ERROR_HAS("verified");
    CHECK_RC(mssip_edge_trust_add(msg, MSSIP_SOURCE_INTERNET_USER, "edge.contoso.com", true,
                                  MSSIP_SOURCE_NETWORK_FEDERATION),
             MSSIP_E_TRUST_CONSTRAINT);
    CHECK_RC(mssip_edge_trust_add(msg, MSSIP_SOURCE_AUTHORIZED_SERVER, "edge.contoso.com", true,
                                  MSSIP_SOURCE_NETWORK_FEDERATION),
             MSSIP_E_TRUST_CONSTRAINT);
    CHECK_RC(mssip_edge_trust_add(msg, MSSIP_SOURCE_DIRECT_PARTNER, "edge.contoso.com", true,
                                  MSSIP_SOURCE_NETWORK_NONE),
             MSSIP_E_TRUST_CONSTRAINT);
    CHECK_RC(mssip_edge_trust_add(msg, MSSIP_SOURCE_EDGE_PROXY_GENERATED, "a b", true,
                                  MSSIP_SOURCE_NETWORK_NONE),
             MSSIP_E_BAD_TRUST);
    CHECK_RC(mssip_edge_trust_add(msg, MSSIP_SOURCE_EDGE_PROXY_GENERATED, "x\r\nInjected: 1", true,
                                  MSSIP_SOURCE_NETWORK_NONE),
             MSSIP_E_BAD_TRUST);
    CHECK_RC(mssip_edge_trust_add(msg, (mssip_source_type)9, "e", true, MSSIP_SOURCE_NETWORK_NONE),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_edge_trust_add(msg, MSSIP_SOURCE_EDGE_PROXY_GENERATED, "e", true,
                                  (mssip_source_network)9),
             MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_edge_trust_add(msg, MSSIP_SOURCE_EDGE_PROXY_GENERATED, NULL, true,
                                  MSSIP_SOURCE_NETWORK_NONE),
             MSSIP_E_NULL);
    CHECK_RC(mssip_edge_trust_add(msg, MSSIP_SOURCE_EDGE_PROXY_GENERATED, "\xff", true,
                                  MSSIP_SOURCE_NETWORK_NONE),
             MSSIP_E_UTF8);
    CHECK_RC(mssip_edge_trust_add(NULL, MSSIP_SOURCE_EDGE_PROXY_GENERATED, "e", true,
                                  MSSIP_SOURCE_NETWORK_NONE),
             MSSIP_E_NULL);
    CHECK_OK(mssip_msg_header(msg, "ms-edge-proxy-message-trust", 0, &v));
    CHECK_STR(v, AUTO_FED_4_9);
    CHECK_RC(mssip_edge_trust_get(NULL, &t), MSSIP_E_NULL);
    CHECK_RC(mssip_edge_trust_get(msg, NULL), MSSIP_E_NULL);
    mssip_msg_free(msg);

    /* A remote user: verified, no network. */
    msg = check_parse(CLEAN_INVITE);
    CHECK_OK(mssip_edge_trust_add(msg, MSSIP_SOURCE_INTERNET_USER, "edge.contoso.com", true,
                                  MSSIP_SOURCE_NETWORK_NONE));
    CHECK_OK(mssip_edge_trust_get(msg, &t));
    CHECK(t.source_type == MSSIP_SOURCE_INTERNET_USER && t.network == MSSIP_SOURCE_NETWORK_NONE);
    mssip_msg_free(msg);
}

static void test_trust_get_errors(void) {
    mssip_edge_trust t;
    t.source_type = (mssip_source_type)77;
    t.ep_fqdn = check_sentinel_str();
    mssip_msg *msg = check_parse("NOTIFY sip:a@contoso.com SIP/2.0\r\nCSeq: 1 NOTIFY\r\n"
                                 "ms-edge-proxy-message-trust: junk\r\n\r\n");
    CHECK_RC(mssip_edge_trust_get(msg, &t), MSSIP_E_BAD_TRUST);
    mssip_msg_free(msg);
    msg = check_parse("NOTIFY sip:a@contoso.com SIP/2.0\r\nCSeq: 1 NOTIFY\r\n"
                      "ms-edge-proxy-message-trust: ms-source-type=InternetUser;ms-ep-fqdn=e;"
                      "ms-source-verified-user=unverified\r\n\r\n");
    CHECK_RC(mssip_edge_trust_get(msg, &t), MSSIP_E_TRUST_CONSTRAINT);
    mssip_msg_free(msg);
    msg = check_parse("NOTIFY sip:a@contoso.com SIP/2.0\r\nCSeq: 1 NOTIFY\r\n"
                      "ms-edge-proxy-message-trust: " AUTO_FED_4_9 "\r\n"
                      "ms-edge-proxy-message-trust: " AUTO_FED_4_9 "\r\n\r\n");
    CHECK_RC(mssip_edge_trust_get(msg, &t), MSSIP_E_TRUST_REPEATED);
    mssip_msg_free(msg);
    CHECK((int)t.source_type == 77 && check_is_sentinel(t.ep_fqdn)); /* untouched */
}

static void test_trust_parse_format(void) {
    /* The three values of MS-SIPRE 4.9 as printed (spaces after ';' allowed by SEMI). */
    const char *printed[3] = {
        "ms-source-type=AutoFederation; ms-ep-fqdn=edgeserver.contoso.com; "
        "ms-source-verified-user=verified; ms-source-network=federation",
        "ms-source-type=AuthorizedServer;ms-ep-fqdn=edgeserver.contoso.com;"
        "ms-source-verified-user=verified;ms-source-network=publiccloud",
        "ms-source-type=EdgeProxyGenerated; ms-ep-fqdn=edgeserver.contoso.com; "
        "ms-source-verified-user=verified; ms-source-network=federation",
    };
    const mssip_source_type types[3] = {MSSIP_SOURCE_AUTO_FEDERATION,
                                        MSSIP_SOURCE_AUTHORIZED_SERVER,
                                        MSSIP_SOURCE_EDGE_PROXY_GENERATED};
    const mssip_source_network nets[3] = {MSSIP_SOURCE_NETWORK_FEDERATION,
                                          MSSIP_SOURCE_NETWORK_PUBLIC_CLOUD,
                                          MSSIP_SOURCE_NETWORK_FEDERATION};
    for (int i = 0; i < 3; i++) {
        mssip_edge_trust t;
        CHECK_OK(mssip_edge_trust_parse(printed[i], &t));
        CHECK(t.source_type == types[i] && t.network == nets[i] && t.verified);
        CHECK_STR(t.ep_fqdn, "edgeserver.contoso.com");
        CHECK(t.ep_fqdn.ptr >= printed[i] && t.ep_fqdn.ptr < printed[i] + strlen(printed[i]));
    }
    /* The second is printed exactly as the library writes it. */
    char out[256];
    size_t len = 0;
    CHECK_OK(mssip_edge_trust_format(MSSIP_SOURCE_AUTHORIZED_SERVER, "edgeserver.contoso.com", true,
                                     MSSIP_SOURCE_NETWORK_PUBLIC_CLOUD, out, sizeof out, &len));
    CHECK(strcmp(out, printed[1]) == 0 && len == strlen(printed[1]));
    CHECK_RC(mssip_edge_trust_format(MSSIP_SOURCE_AUTHORIZED_SERVER, "edgeserver.contoso.com", true,
                                     MSSIP_SOURCE_NETWORK_PUBLIC_CLOUD, NULL, 0, &len),
             MSSIP_E_BUFFER_TOO_SMALL);
    CHECK(len == strlen(printed[1]));
    CHECK_RC(mssip_edge_trust_format(MSSIP_SOURCE_AUTHORIZED_SERVER, "edgeserver.contoso.com", true,
                                     MSSIP_SOURCE_NETWORK_PUBLIC_CLOUD, out, len, &len),
             MSSIP_E_BUFFER_TOO_SMALL);
    CHECK_RC(mssip_edge_trust_format(MSSIP_SOURCE_INTERNET_USER, "e", false,
                                     MSSIP_SOURCE_NETWORK_NONE, out, sizeof out, &len),
             MSSIP_E_TRUST_CONSTRAINT);
    CHECK_RC(mssip_edge_trust_format(MSSIP_SOURCE_INTERNET_USER, "e", true,
                                     MSSIP_SOURCE_NETWORK_NONE, out, sizeof out, NULL),
             MSSIP_E_NULL);
    CHECK_RC(mssip_edge_trust_format(MSSIP_SOURCE_INTERNET_USER, "e", true,
                                     MSSIP_SOURCE_NETWORK_NONE, NULL, 4, &len),
             MSSIP_E_NULL);
    CHECK_OK(mssip_edge_trust_format(MSSIP_SOURCE_INTERNET_USER, "e", true,
                                     MSSIP_SOURCE_NETWORK_NONE, out, sizeof out, &len));
    CHECK(strcmp(out, "ms-source-type=InternetUser;ms-ep-fqdn=e;ms-source-verified-user=verified") == 0);

    mssip_edge_trust t;
    CHECK_RC(mssip_edge_trust_parse("ms-source-type=Alien;ms-ep-fqdn=e;ms-source-verified-user=verified", &t),
             MSSIP_E_BAD_TRUST);
    CHECK_RC(mssip_edge_trust_parse("ms-source-type=DirectPartner;ms-ep-fqdn=e;"
                                    "ms-source-verified-user=verified;ms-source-network=publiccloud",
                                    &t),
             MSSIP_E_TRUST_CONSTRAINT);
    CHECK_RC(mssip_edge_trust_parse(NULL, &t), MSSIP_E_NULL);
    CHECK_RC(mssip_edge_trust_parse(printed[0], NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_edge_trust_parse("\xff", &t), MSSIP_E_UTF8);
}

static void test_remote_user(void) {
    /* The response of MS-SIPRE 4.10 (ms-user-logon-data part). */
    mssip_msg *msg = check_parse("SIP/2.0 200 OK\r\n"
                                 "From: <sip:alice@contoso.com>;tag=1b3884236d;epid=e06accb078\r\n"
                                 "To: <sip:alice@contoso.com>;tag=D4EF81E564DD858A326CC721EF4A8FAF\r\n"
                                 "Call-ID: 5899a88068934f8385a0b0b5e03be045\r\n"
                                 "CSeq: 3 REGISTER\r\n"
                                 "ms-user-logon-data: RemoteUser\r\n\r\n");
    bool remote = false;
    CHECK_OK(mssip_edge_remote_user_get(msg, &remote));
    CHECK(remote);
    mssip_msg_free(msg);

    msg = check_parse("SIP/2.0 200 OK\r\nCSeq: 3 REGISTER\r\n\r\n");
    CHECK_OK(mssip_edge_remote_user_get(msg, &remote));
    CHECK(!remote);
    CHECK_OK(mssip_edge_remote_user_add(msg));
    CHECK_OK(mssip_edge_remote_user_add(msg));
    size_t n = 0;
    CHECK_OK(mssip_msg_header_count(msg, "ms-user-logon-data", &n));
    CHECK(n == 1);
    CHECK_OK(mssip_edge_remote_user_get(msg, &remote));
    CHECK(remote);
    CHECK_RC(mssip_edge_remote_user_add(NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_edge_remote_user_get(NULL, &remote), MSSIP_E_NULL);
    CHECK_RC(mssip_edge_remote_user_get(msg, NULL), MSSIP_E_NULL);
    mssip_msg_free(msg);

    msg = check_parse("SIP/2.0 200 OK\r\nCSeq: 3 REGISTER\r\nms-user-logon-data: LocalUser\r\n\r\n");
    remote = true;
    CHECK_RC(mssip_edge_remote_user_get(msg, &remote), MSSIP_E_BAD_LOGON_DATA);
    CHECK(remote);
    mssip_msg_free(msg);
    msg = check_parse("SIP/2.0 200 OK\r\nCSeq: 3 REGISTER\r\nms-user-logon-data: RemoteUser\r\n"
                      "ms-user-logon-data: RemoteUser\r\n\r\n");
    CHECK_RC(mssip_edge_remote_user_get(msg, &remote), MSSIP_E_TRUST_REPEATED);
    mssip_msg_free(msg);
}

static void test_limits(void) {
    mssip_limits lim;
    CHECK_OK(mssip_limits_default(&lim));
    lim.max_message_size = strlen(CLEAN_INVITE) + 8;
    mssip_msg *msg = NULL;
    CHECK_OK(mssip_msg_parse_with_limits((const uint8_t *)CLEAN_INVITE, strlen(CLEAN_INVITE), &lim, &msg));
    CHECK_RC(mssip_edge_remote_user_add(msg), MSSIP_E_LIMIT);
    CHECK_RC(mssip_edge_trust_add(msg, MSSIP_SOURCE_INTERNET_USER, "edge.contoso.com", true,
                                  MSSIP_SOURCE_NETWORK_NONE),
             MSSIP_E_LIMIT);
    char *wire = check_serialize(msg);
    CHECK(strcmp(wire, CLEAN_INVITE) == 0);
    free(wire);
    mssip_msg_free(msg);
}

int main(void) {
    test_sanitize();
    test_trust_add_get();
    test_trust_get_errors();
    test_trust_parse_format();
    test_remote_user();
    test_limits();
    return check_done("test_edge");
}
