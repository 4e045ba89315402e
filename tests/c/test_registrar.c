/* Registrar: REGISTER handling (RFC 3261 10.3, MS-SIPRE 3.3.5.1, 3.4.5.1), the Contact of the
 * 200 OK of MS-SIPRE 4.10 byte for byte, the 430 of 3.7.5.2, configuration, NULLs and errors,
 * and several threads registering at once. */
#include <pthread.h>

#include "check.h"

#define ALICE_INSTANCE "urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697"
#define ALICE_GRUU "sip:alice@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA"

static const mssip_peer PEER = {MSSIP_TRANSPORT_TLS, "192.0.2.4", 2904, 0x1D8AF00};

/* The REGISTER answered by the 200 OK of MS-SIPRE 4.10 (without the epid, which does not
 * derive the instance printed there: see tests/registrar.rs). */
static const char REGISTER_4_10[] =
    "REGISTER sip:contoso.com SIP/2.0\r\n"
    "Via: SIP/2.0/TLS 192.0.2.4:2904;branch=z9hG4bK77e1\r\n"
    "Max-Forwards: 70\r\n"
    "From: <sip:alice@contoso.com>;tag=1b3884236d\r\n"
    "To: <sip:alice@contoso.com>\r\n"
    "Call-ID: 5899a88068934f8385a0b0b5e03be045\r\n"
    "CSeq: 3 REGISTER\r\n"
    "Contact: <sip:192.0.2.4:2904;transport=tls;ms-opaque=2cd64e3000;ms-received-cid=1D8AF00>;"
    "+sip.instance=\"<urn:uuid:75ab1008-bcc4-5544-924d-aa177c824291>\"\r\n"
    "Expires: 2905\r\n"
    "Content-Length: 0\r\n\r\n";

/* The Contact line of 4.10 with its typos fixed (hyphens in the instance, the case of three
 * letters of the GRUU). */
static const char CONTACT_4_10[] =
    "<sip:192.0.2.4:2904;transport=tls;ms-opaque=2cd64e3000;ms-received-cid=1D8AF00>;"
    "expires=2905;+sip.instance=\"<urn:uuid:75ab1008-bcc4-5544-924d-aa177c824291>\";"
    "gruu=\"sip:alice@contoso.com;opaque=user:epid:CBCrdcS8RFWSTaoXfIJCkQAA;gruu\"";

static mssip_msg *process(mssip_registrar *reg, const char *text, uint64_t now) {
    mssip_msg *req = check_parse(text);
    mssip_msg *resp = NULL;
    CHECK_OK(mssip_registrar_process(reg, req, &PEER, now, &resp));
    mssip_msg_free(req);
    return resp;
}

static uint16_t status_of(const mssip_msg *m) {
    uint16_t s = 0;
    mssip_msg_status(m, &s);
    return s;
}

static void test_section_4_10(void) {
    mssip_registrar *reg = NULL;
    CHECK_OK(mssip_registrar_new("contoso.com", &reg));
    mssip_msg *resp = process(reg, REGISTER_4_10, 1000);
    CHECK(status_of(resp) == 200);
    mssip_str contact = check_sentinel_str();
    CHECK_OK(mssip_msg_header(resp, "Contact", 0, &contact));
    CHECK_STR(contact, CONTACT_4_10);
    mssip_str to;
    CHECK_OK(mssip_msg_header(resp, "To", 0, &to));
    CHECK(check_view_contains(to, ";tag="));
    mssip_msg_free(resp);

    /* The binding is in the registrar's location service, with the peer's connection. */
    mssip_location *loc = NULL;
    CHECK_OK(mssip_registrar_location(reg, &loc));
    mssip_registrar_free(reg); /* the location service lives on through loc */
    mssip_bindings *list = NULL;
    CHECK_OK(mssip_location_list(loc, "sip:alice@contoso.com", 1000, &list));
    size_t n = 0;
    CHECK_OK(mssip_bindings_count(list, &n));
    CHECK(n == 1);
    mssip_binding b;
    CHECK_OK(mssip_bindings_get(list, 0, &b));
    CHECK(b.conn_id == 0x1D8AF00 && b.expires_at == 1000 + 2905 && b.routable && b.cseq == 3);
    CHECK(b.epid.len == 0 && b.path_len == 0 && b.path == NULL);
    CHECK_STR(b.gruu, "sip:alice@contoso.com;gruu;opaque=user:epid:CBCrdcS8RFWSTaoXfIJCkQAA");
    mssip_bindings_free(list);
    mssip_location_free(loc);
}

static void test_corpus_register(void) {
    /* tests/data/corpus/register-nat.sip: the REGISTER of MS-SIPRE 4.1-4.2 (epid 01010101). */
    size_t len = 0;
    unsigned char *bytes = check_read_file(MSSIP_CORPUS_DIR "/register-nat.sip", &len);
    mssip_msg *req = NULL;
    CHECK_OK(mssip_msg_parse(bytes, len, &req));
    free(bytes);
    mssip_registrar *reg = NULL;
    CHECK_OK(mssip_registrar_new("contoso.com", &reg));
    mssip_msg *resp = NULL;
    CHECK_OK(mssip_registrar_process(reg, req, &PEER, 0, &resp));
    CHECK(status_of(resp) == 200);
    mssip_str contact;
    CHECK_OK(mssip_msg_header(resp, "Contact", 0, &contact));
    /* MS-SIPRE 4.3: the GRUU of epid 01010101, written opaque first as 4.10 does. */
    CHECK(check_view_contains(contact,
                              ";gruu=\"sip:alice@contoso.com;opaque=user:epid:"
                              "qIIWS2j5AVeD_HxnQdxmlwAA;gruu\""));
    CHECK(check_view_contains(contact, ";expires=3600;+sip.instance=\"<" ALICE_INSTANCE ">\""));
    mssip_msg_free(resp);

    /* The same REGISTER again has the same CSeq in the same call: 500, nothing changes. */
    CHECK_OK(mssip_registrar_process(reg, req, &PEER, 10, &resp));
    CHECK(status_of(resp) == 500);
    mssip_str reason;
    CHECK_OK(mssip_msg_reason(resp, &reason));
    CHECK_STR(reason, "Out of order CSeq for an existing binding");
    mssip_msg_free(resp);
    mssip_msg_free(req);
    mssip_registrar_free(reg);
}

static void test_rejections(void) {
    mssip_registrar *reg = NULL;
    CHECK_OK(mssip_registrar_new("contoso.com", &reg));
    /* MS-SIPRE 3.3.5.1: an instance that is not the one of the From epid gets 400. */
    mssip_msg *resp = process(reg,
                              "REGISTER sip:contoso.com SIP/2.0\r\n"
                              "Via: SIP/2.0/TLS 192.0.2.1;branch=z9hG4bK2\r\n"
                              "From: <sip:alice@contoso.com>;tag=1;epid=02020202\r\n"
                              "To: <sip:alice@contoso.com>\r\nCall-ID: c2\r\nCSeq: 1 REGISTER\r\n"
                              "Contact: <sip:192.0.2.1>;+sip.instance=\"<" ALICE_INSTANCE ">\"\r\n"
                              "Content-Length: 0\r\n\r\n",
                              0);
    CHECK(status_of(resp) == 400);
    mssip_str reason;
    CHECK_OK(mssip_msg_reason(resp, &reason));
    CHECK_STR(reason, "+sip.instance does not match the epid of From");
    mssip_msg_free(resp);
    /* RFC 3261 10.3 step 7: too brief gets 423 with Min-Expires. */
    resp = process(reg,
                   "REGISTER sip:contoso.com SIP/2.0\r\n"
                   "Via: SIP/2.0/TLS 192.0.2.1;branch=z9hG4bK3\r\n"
                   "From: <sip:alice@contoso.com>;tag=1\r\n"
                   "To: <sip:alice@contoso.com>\r\nCall-ID: c3\r\nCSeq: 1 REGISTER\r\n"
                   "Contact: <sip:192.0.2.1>;expires=5\r\nContent-Length: 0\r\n\r\n",
                   0);
    CHECK(status_of(resp) == 423);
    mssip_str min;
    CHECK_OK(mssip_msg_header(resp, "Min-Expires", 0, &min));
    CHECK_STR(min, "60");
    mssip_msg_free(resp);

    /* Not a REGISTER: no response, *response untouched. */
    mssip_msg *opt = check_parse("OPTIONS sip:contoso.com SIP/2.0\r\n"
                                 "Via: SIP/2.0/TLS 192.0.2.1;branch=z9hG4bK4\r\n"
                                 "From: <sip:a@contoso.com>;tag=1\r\nTo: <sip:a@contoso.com>\r\n"
                                 "Call-ID: c4\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
    mssip_msg *sentinel = (mssip_msg *)&reason;
    resp = sentinel;
    CHECK_RC(mssip_registrar_process(reg, opt, &PEER, 0, &resp), MSSIP_E_NOT_REGISTER);
    CHECK(resp == sentinel);
    /* No To: nothing to answer with. */
    mssip_msg *noto = check_parse("REGISTER sip:contoso.com SIP/2.0\r\n"
                                  "Via: SIP/2.0/TLS 192.0.2.1;branch=z9hG4bK5\r\n"
                                  "From: <sip:a@contoso.com>;tag=1\r\n"
                                  "Call-ID: c5\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n");
    CHECK_RC(mssip_registrar_process(reg, noto, &PEER, 0, &resp), MSSIP_E_UNANSWERABLE);
    CHECK_LAST_ERROR_HAS("To");
    CHECK(resp == sentinel);
    /* NULLs. */
    CHECK_RC(mssip_registrar_process(NULL, opt, &PEER, 0, &resp), MSSIP_E_NULL);
    CHECK_RC(mssip_registrar_process(reg, NULL, &PEER, 0, &resp), MSSIP_E_NULL);
    CHECK_RC(mssip_registrar_process(reg, noto, NULL, 0, &resp), MSSIP_E_NULL);
    CHECK_RC(mssip_registrar_process(reg, noto, &PEER, 0, NULL), MSSIP_E_NULL);
    CHECK(resp == sentinel);
    mssip_msg_free(noto);
    mssip_msg_free(opt);
    mssip_registrar_free(reg);
}

static void test_new_and_config(void) {
    mssip_registrar_config cfg;
    CHECK_OK(mssip_registrar_config_default(&cfg));
    CHECK(cfg.default_expires == 3600 && cfg.min_expires == 60 && cfg.max_expires == 7200);
    CHECK_RC(mssip_registrar_config_default(NULL), MSSIP_E_NULL);

    mssip_registrar *reg = NULL;
    CHECK_RC(mssip_registrar_new("", &reg), MSSIP_E_BAD_DOMAIN);
    CHECK_RC(mssip_registrar_new("contoso com", &reg), MSSIP_E_BAD_DOMAIN);
    CHECK_RC(mssip_registrar_new("\xff", &reg), MSSIP_E_UTF8);
    CHECK_RC(mssip_registrar_new(NULL, &reg), MSSIP_E_NULL);
    CHECK_RC(mssip_registrar_new("contoso.com", NULL), MSSIP_E_NULL);
    CHECK(reg == NULL);

    cfg.min_expires = 9000; /* above max_expires */
    CHECK_RC(mssip_registrar_new_with("contoso.com", &cfg, NULL, &reg), MSSIP_E_INVALID_ARGUMENT);
    CHECK_LAST_ERROR_HAS("min_expires");
    cfg.min_expires = 0;
    CHECK_RC(mssip_registrar_new_with("contoso.com", &cfg, NULL, &reg), MSSIP_E_INVALID_ARGUMENT);
    CHECK_OK(mssip_registrar_config_default(&cfg));
    cfg.struct_size = 0; /* not filled by mssip_registrar_config_default() */
    CHECK_RC(mssip_registrar_new_with("contoso.com", &cfg, NULL, &reg), MSSIP_E_INVALID_ARGUMENT);
    CHECK_LAST_ERROR_HAS("struct_size");
    CHECK(reg == NULL);

    /* A shorter maximum is applied: Expires 2905 becomes 1000. */
    CHECK_OK(mssip_registrar_config_default(&cfg));
    cfg.max_expires = 1000;
    cfg.default_expires = 600;
    mssip_location *loc = NULL;
    CHECK_OK(mssip_location_new_memory(NULL, &loc));
    CHECK_OK(mssip_registrar_new_with("contoso.com", &cfg, loc, &reg));
    mssip_msg *resp = process(reg, REGISTER_4_10, 0);
    mssip_str contact;
    CHECK_OK(mssip_msg_header(resp, "Contact", 0, &contact));
    CHECK(check_view_contains(contact, ";expires=1000;"));
    mssip_msg_free(resp);
    /* The registrar and the caller share the service. */
    size_t count = 0;
    CHECK_OK(mssip_location_count(loc, &count));
    CHECK(count == 1);
    mssip_registrar_free(reg);
    mssip_location_free(loc);

    mssip_location *got = NULL;
    CHECK_RC(mssip_registrar_location(NULL, &got), MSSIP_E_NULL);
    mssip_registrar_free(NULL);
}

static void test_check_dialog(void) {
    mssip_registrar *reg = NULL;
    CHECK_OK(mssip_registrar_new("contoso.com", &reg));
    mssip_msg *resp = process(reg,
                              "REGISTER sip:contoso.com SIP/2.0\r\n"
                              "Via: SIP/2.0/TLS 192.0.2.1;branch=z9hG4bK6\r\n"
                              "From: <sip:alice@contoso.com>;tag=1;epid=01010101\r\n"
                              "To: <sip:alice@contoso.com>\r\nCall-ID: c6\r\nCSeq: 1 REGISTER\r\n"
                              "Contact: <sip:192.0.2.1:5061;transport=tls>;"
                              "+sip.instance=\"<" ALICE_INSTANCE ">\"\r\n"
                              "Content-Length: 0\r\n\r\n",
                              0);
    CHECK(status_of(resp) == 200);
    mssip_msg_free(resp);

    mssip_msg *invite = check_parse("INVITE sip:bob@contoso.com SIP/2.0\r\n"
                                    "Via: SIP/2.0/TLS 192.0.2.1;branch=z9hG4bK7\r\n"
                                    "From: <sip:alice@contoso.com>;tag=1;epid=01010101\r\n"
                                    "To: <sip:bob@contoso.com>\r\nCall-ID: i1\r\nCSeq: 1 INVITE\r\n"
                                    "Contact: <" ALICE_GRUU ">\r\nContent-Length: 0\r\n\r\n");
    resp = (mssip_msg *)&reg;
    CHECK_OK(mssip_registrar_check_dialog(reg, invite, 10, &resp));
    CHECK(resp == NULL); /* reachable: go on */

    /* The connection of the binding closes: the next dialog from its GRUU gets 430. */
    mssip_location *loc = NULL;
    CHECK_OK(mssip_registrar_location(reg, &loc));
    size_t affected = 0;
    CHECK_OK(mssip_location_connection_closed(loc, PEER.conn_id, &affected));
    CHECK(affected == 1);
    CHECK_OK(mssip_registrar_check_dialog(reg, invite, 10, &resp));
    CHECK(resp != NULL && status_of(resp) == 430);
    mssip_str pdra;
    CHECK_OK(mssip_msg_header(resp, "P-Dialog-Recovery-Action", 0, &pdra));
    CHECK_STR(pdra, "Registration-Route-Set-Update, Dialog-Route-Set-Update");
    mssip_msg_free(resp);

    CHECK_RC(mssip_registrar_check_dialog(NULL, invite, 10, &resp), MSSIP_E_NULL);
    CHECK_RC(mssip_registrar_check_dialog(reg, NULL, 10, &resp), MSSIP_E_NULL);
    CHECK_RC(mssip_registrar_check_dialog(reg, invite, 10, NULL), MSSIP_E_NULL);
    mssip_msg_free(invite);
    mssip_location_free(loc);
    mssip_registrar_free(reg);
}

/* Several threads register different users at once on one registrar. */
struct worker {
    mssip_registrar *reg;
    int id;
    int ok;
};

static void *register_many(void *arg) {
    struct worker *w = arg;
    for (int i = 0; i < 25; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "REGISTER sip:contoso.com SIP/2.0\r\n"
                 "Via: SIP/2.0/TCP 192.0.2.%d;branch=z9hG4bK%d\r\n"
                 "From: <sip:user%d_%d@contoso.com>;tag=1\r\n"
                 "To: <sip:user%d_%d@contoso.com>\r\nCall-ID: t%d-%d\r\nCSeq: 1 REGISTER\r\n"
                 "Contact: <sip:192.0.2.%d:5060;transport=tcp>\r\nContent-Length: 0\r\n\r\n",
                 w->id, i, w->id, i, w->id, i, w->id, i, w->id);
        mssip_msg *req = NULL;
        mssip_msg *resp = NULL;
        if (mssip_msg_parse((const uint8_t *)text, strlen(text), &req) == MSSIP_OK &&
            mssip_registrar_process(w->reg, req, &PEER, 0, &resp) == MSSIP_OK &&
            status_of(resp) == 200) {
            w->ok++;
        }
        mssip_msg_free(resp);
        mssip_msg_free(req);
    }
    return NULL;
}

static void test_threads(void) {
    mssip_registrar *reg = NULL;
    CHECK_OK(mssip_registrar_new("contoso.com", &reg));
    pthread_t t[4];
    struct worker w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (struct worker){reg, i + 1, 0};
        CHECK(pthread_create(&t[i], NULL, register_many, &w[i]) == 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        CHECK(w[i].ok == 25);
    }
    mssip_location *loc = NULL;
    CHECK_OK(mssip_registrar_location(reg, &loc));
    size_t count = 0;
    CHECK_OK(mssip_location_count(loc, &count));
    CHECK(count == 100);
    mssip_location_free(loc);
    mssip_registrar_free(reg);
}

int main(void) {
    test_section_4_10();
    test_corpus_register();
    test_rejections();
    test_new_and_config();
    test_check_dialog();
    test_threads();
    return check_done("test_registrar");
}
