/* Location service: the in-memory store (put, get, list, remove, purge, connection closed,
 * count, limits) and a host store behind the callbacks, used by a registrar; NULLs and
 * errors. */
#include "check.h"

#define AOR "sip:alice@contoso.com"

static mssip_str str(const char *s) {
    mssip_str v = {s, strlen(s)};
    return v;
}

static mssip_binding binding(const char *key, uint64_t expires_at, uint64_t conn_id) {
    mssip_binding b;
    CHECK_OK(mssip_binding_default(&b));
    b.aor = str(AOR);
    b.key = str(key);
    b.contact = str(key);
    b.call_id = str("call-1");
    b.cseq = 1;
    b.expires_at = expires_at;
    b.conn_id = conn_id;
    b.routable = true;
    return b;
}

static void test_memory(void) {
    mssip_location_limits limits;
    CHECK_OK(mssip_location_limits_default(&limits));
    CHECK(limits.max_bindings == 250000 && limits.max_bindings_per_aor == 32);
    CHECK_RC(mssip_location_limits_default(NULL), MSSIP_E_NULL);
    limits.max_bindings = 3;
    limits.max_bindings_per_aor = 2;
    mssip_location *loc = NULL;
    CHECK_OK(mssip_location_new_memory(&limits, &loc));

    mssip_str path[2] = {{"<sip:p1.contoso.com;lr>", 23}, {"<sip:p2.contoso.com;lr>", 23}};
    mssip_binding a = binding("sip:a@192.0.2.1", 100, 7);
    a.path = path;
    a.path_len = 2;
    a.epid = str("01010101");
    CHECK_OK(mssip_location_put(loc, &a));
    mssip_binding b = binding("sip:b@192.0.2.1", 50, 8);
    CHECK_OK(mssip_location_put(loc, &b));
    /* The per-AOR limit, then the total limit. */
    mssip_binding c = binding("sip:c@192.0.2.1", 100, 0);
    CHECK_RC(mssip_location_put(loc, &c), MSSIP_E_AOR_FULL);
    CHECK_LAST_ERROR_HAS("max_bindings_per_aor");
    mssip_binding other = binding("sip:x@192.0.2.9", 100, 0);
    other.aor = str("sip:bob@contoso.com");
    CHECK_OK(mssip_location_put(loc, &other));
    other.aor = str("sip:carol@contoso.com");
    CHECK_RC(mssip_location_put(loc, &other), MSSIP_E_LOCATION_FULL);
    CHECK_LAST_ERROR_HAS("max_bindings");
    size_t count = 0;
    CHECK_OK(mssip_location_count(loc, &count));
    CHECK(count == 3);

    /* get and list copy the live bindings. */
    mssip_bindings *list = NULL;
    CHECK_OK(mssip_location_get(loc, AOR, "sip:a@192.0.2.1", 10, &list));
    mssip_binding got;
    CHECK_OK(mssip_bindings_get(list, 0, &got));
    CHECK_STR(got.contact, "sip:a@192.0.2.1");
    CHECK_STR(got.epid, "01010101");
    CHECK(got.instance.len == 0 && got.gruu.len == 0 && got.conn_id == 7);
    CHECK(got.path_len == 2);
    CHECK_STR(got.path[1], "<sip:p2.contoso.com;lr>");
    CHECK_RC(mssip_bindings_get(list, 1, &got), MSSIP_E_NOT_FOUND);
    mssip_bindings_free(list);
    list = (mssip_bindings *)&got;
    CHECK_RC(mssip_location_get(loc, AOR, "sip:none", 10, &list), MSSIP_E_NOT_FOUND);
    CHECK(list == (mssip_bindings *)&got);
    CHECK_OK(mssip_location_list(loc, AOR, 60, &list)); /* b expired at 50 */
    size_t n = 0;
    CHECK_OK(mssip_bindings_count(list, &n));
    CHECK(n == 1);
    mssip_bindings_free(list);

    /* A closed connection makes its bindings unroutable. */
    size_t affected = 0;
    CHECK_OK(mssip_location_connection_closed(loc, 7, &affected));
    CHECK(affected == 1);
    CHECK_OK(mssip_location_get(loc, AOR, "sip:a@192.0.2.1", 10, &list));
    CHECK_OK(mssip_bindings_get(list, 0, &got));
    CHECK(!got.routable);
    mssip_bindings_free(list);

    /* remove and purge. */
    bool removed = false;
    CHECK_OK(mssip_location_remove(loc, AOR, "sip:a@192.0.2.1", &removed));
    CHECK(removed);
    CHECK_OK(mssip_location_remove(loc, AOR, "sip:a@192.0.2.1", &removed));
    CHECK(!removed);
    size_t purged = 0;
    CHECK_OK(mssip_location_purge(loc, 1000, &purged));
    CHECK(purged == 1); /* bob's; alice's b went when the list at 60 saw it expired */
    CHECK_OK(mssip_location_count(loc, &count));
    CHECK(count == 0);

    /* Bad bindings and NULLs. */
    mssip_binding bad = binding("", 100, 0);
    CHECK_RC(mssip_location_put(loc, &bad), MSSIP_E_BAD_BINDING);
    bad = binding("k", 100, 0);
    bad.struct_size = 0; /* not filled by mssip_binding_default() */
    CHECK_RC(mssip_location_put(loc, &bad), MSSIP_E_INVALID_ARGUMENT);
    CHECK_LAST_ERROR_HAS("struct_size");
    CHECK_RC(mssip_binding_default(NULL), MSSIP_E_NULL);
    bad = binding("k", 100, 0);
    bad.path_len = 1; /* path NULL */
    CHECK_RC(mssip_location_put(loc, &bad), MSSIP_E_NULL);
    bad = binding("k", 100, 0);
    bad.epid.ptr = NULL; /* NULL with a length */
    bad.epid.len = 3;
    CHECK_RC(mssip_location_put(loc, &bad), MSSIP_E_NULL);
    bad = binding("k", 100, 0);
    bad.contact = str("\xff");
    CHECK_RC(mssip_location_put(loc, &bad), MSSIP_E_UTF8);
    CHECK_RC(mssip_location_put(loc, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_location_put(NULL, &a), MSSIP_E_NULL);
    CHECK_RC(mssip_location_remove(loc, NULL, "k", &removed), MSSIP_E_NULL);
    CHECK_RC(mssip_location_remove(loc, AOR, NULL, &removed), MSSIP_E_NULL);
    CHECK_RC(mssip_location_remove(loc, AOR, "k", NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_location_list(loc, NULL, 0, &list), MSSIP_E_NULL);
    CHECK_RC(mssip_location_list(loc, AOR, 0, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_location_get(loc, AOR, NULL, 0, &list), MSSIP_E_NULL);
    CHECK_RC(mssip_location_purge(loc, 0, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_location_connection_closed(NULL, 1, &affected), MSSIP_E_NULL);
    CHECK_RC(mssip_location_count(loc, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_bindings_count(NULL, &n), MSSIP_E_NULL);
    CHECK_RC(mssip_bindings_get(NULL, 0, &got), MSSIP_E_NULL);
    limits.max_bindings = 0;
    mssip_location *zero = NULL;
    CHECK_RC(mssip_location_new_memory(&limits, &zero), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_location_new_memory(NULL, NULL), MSSIP_E_NULL);
    CHECK(zero == NULL);
    mssip_bindings_free(NULL);
    mssip_location_free(NULL);
    mssip_location_free(loc);
}

/* A host store: a fixed array of copies, as a PBX would keep in its own database. */
#define SLOTS 8
struct stored {
    int used;
    char aor[64], key[128], contact[160], gruu[128], instance[64], call_id[64];
    mssip_binding view;
};

struct store {
    struct stored slot[SLOTS];
    int puts, fail_puts, full;
};

static void copy_view(char *dst, size_t cap, mssip_str s) {
    size_t n = s.len < cap - 1 ? s.len : cap - 1;
    if (n > 0) {
        memcpy(dst, s.ptr, n);
    }
    dst[n] = '\0';
}

static int same(const char *a, mssip_str b) {
    return strlen(a) == b.len && memcmp(a, b.ptr, b.len) == 0;
}

static struct stored *find(struct store *st, mssip_str aor, mssip_str key) {
    for (int i = 0; i < SLOTS; i++) {
        if (st->slot[i].used && same(st->slot[i].aor, aor) && same(st->slot[i].key, key)) {
            return &st->slot[i];
        }
    }
    return NULL;
}

static void refresh_view(struct stored *s) {
    s->view.aor = str(s->aor);
    s->view.key = str(s->key);
    s->view.contact = str(s->contact);
    s->view.gruu = str(s->gruu);
    s->view.instance = str(s->instance);
    s->view.call_id = str(s->call_id);
    s->view.epid = str("");
    s->view.path = NULL;
    s->view.path_len = 0;
}

static mssip_result cb_put(void *user_data, const mssip_binding *b) {
    struct store *st = user_data;
    st->puts++;
    if (st->fail_puts) {
        return MSSIP_E_LOCATION_BACKEND;
    }
    struct stored *s = find(st, b->aor, b->key);
    if (s == NULL && st->full) {
        return MSSIP_E_LOCATION_FULL;
    }
    for (int i = 0; s == NULL && i < SLOTS; i++) {
        if (!st->slot[i].used) {
            s = &st->slot[i];
        }
    }
    if (s == NULL) {
        return MSSIP_E_LOCATION_FULL;
    }
    s->used = 1;
    copy_view(s->aor, sizeof s->aor, b->aor);
    copy_view(s->key, sizeof s->key, b->key);
    copy_view(s->contact, sizeof s->contact, b->contact);
    copy_view(s->gruu, sizeof s->gruu, b->gruu);
    copy_view(s->instance, sizeof s->instance, b->instance);
    copy_view(s->call_id, sizeof s->call_id, b->call_id);
    s->view = *b;
    refresh_view(s);
    return MSSIP_OK;
}

static mssip_result cb_get(void *user_data, mssip_str aor, mssip_str key, mssip_binding_sink *sink) {
    struct stored *s = find(user_data, aor, key);
    return s == NULL ? MSSIP_OK : mssip_binding_sink_add(sink, &s->view);
}

static mssip_result cb_remove(void *user_data, mssip_str aor, mssip_str key) {
    struct stored *s = find(user_data, aor, key);
    if (s != NULL) {
        s->used = 0;
    }
    return MSSIP_OK;
}

static mssip_result cb_list(void *user_data, mssip_str aor, mssip_binding_sink *sink) {
    struct store *st = user_data;
    for (int i = 0; i < SLOTS; i++) {
        if (st->slot[i].used && same(st->slot[i].aor, aor)) {
            mssip_result rc = mssip_binding_sink_add(sink, &st->slot[i].view);
            if (rc != MSSIP_OK) {
                return rc;
            }
        }
    }
    return MSSIP_OK;
}

static uint16_t register_status(mssip_registrar *reg, const char *call_id, int cseq) {
    char text[600];
    snprintf(text, sizeof text,
             "REGISTER sip:contoso.com SIP/2.0\r\n"
             "Via: SIP/2.0/TLS 192.0.2.1;branch=z9hG4bK%d\r\n"
             "From: <sip:alice@contoso.com>;tag=1;epid=01010101\r\n"
             "To: <sip:alice@contoso.com>\r\nCall-ID: %s\r\nCSeq: %d REGISTER\r\n"
             "Contact: <sip:192.0.2.1:5061;transport=tls>;"
             "+sip.instance=\"<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>\"\r\n"
             "Content-Length: 0\r\n\r\n",
             cseq, call_id, cseq);
    mssip_msg *req = check_parse(text);
    mssip_peer peer = {MSSIP_TRANSPORT_TLS, "192.0.2.1", 5061, 99};
    mssip_msg *resp = NULL;
    uint16_t status = 0;
    if (mssip_registrar_process(reg, req, &peer, 0, &resp) == MSSIP_OK) {
        mssip_msg_status(resp, &status);
    }
    mssip_msg_free(resp);
    mssip_msg_free(req);
    return status;
}

static void test_callbacks(void) {
    static struct store st;
    memset(&st, 0, sizeof st);
    mssip_location_callbacks cb;
    CHECK_OK(mssip_location_callbacks_default(&cb));
    CHECK(cb.put == NULL && cb.list == NULL && cb.user_data == NULL && cb.max_bindings_per_aor == 32);
    CHECK_RC(mssip_location_callbacks_default(NULL), MSSIP_E_NULL);
    cb.user_data = &st;
    cb.max_bindings_per_aor = 4;
    cb.put = cb_put;
    cb.get = cb_get;
    cb.remove = cb_remove;
    cb.list = cb_list;
    mssip_location *loc = NULL;
    CHECK_OK(mssip_location_new_callbacks(&cb, &loc));
    mssip_registrar *reg = NULL;
    CHECK_OK(mssip_registrar_new_with("contoso.com", NULL, loc, &reg));

    /* A REGISTER writes through the callbacks; the host's store holds the binding. */
    CHECK(register_status(reg, "c1", 1) == 200);
    CHECK(st.puts == 1 && st.slot[0].used);
    CHECK(strcmp(st.slot[0].key, "urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697") == 0);
    CHECK(strcmp(st.slot[0].gruu, "sip:alice@contoso.com;gruu;opaque=user:epid:"
                                  "qIIWS2j5AVeD_HxnQdxmlwAA") == 0);
    /* Read back through list and get (the binding is live until 3600). */
    mssip_bindings *list = NULL;
    CHECK_OK(mssip_location_list(loc, AOR, 10, &list));
    size_t n = 0;
    CHECK_OK(mssip_bindings_count(list, &n));
    CHECK(n == 1);
    mssip_bindings_free(list);
    CHECK_OK(mssip_location_get(loc, AOR, "urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697", 10,
                                &list));
    mssip_bindings_free(list);
    CHECK_RC(mssip_location_list(loc, AOR, 5000, &list), MSSIP_OK); /* expired: empty list */
    CHECK_OK(mssip_bindings_count(list, &n));
    CHECK(n == 0);
    mssip_bindings_free(list);

    /* The store fails: 500 and nothing changes; the store is full: 503. */
    st.fail_puts = 1;
    CHECK(register_status(reg, "c1", 2) == 500);
    st.fail_puts = 0;
    st.full = 1;
    CHECK(register_status(reg, "c2", 1) == 200); /* a refresh replaces: allowed */
    memset(&st, 0, sizeof st);
    st.full = 1;
    CHECK(register_status(reg, "c3", 1) == 503);

    /* What a host store does itself. */
    size_t out = 0;
    CHECK_RC(mssip_location_purge(loc, 0, &out), MSSIP_E_LOCATION_UNSUPPORTED);
    CHECK_RC(mssip_location_count(loc, &out), MSSIP_E_LOCATION_UNSUPPORTED);
    CHECK_RC(mssip_location_connection_closed(loc, 99, &out), MSSIP_E_LOCATION_UNSUPPORTED);
    bool removed = false;
    CHECK_OK(mssip_location_remove(loc, AOR, "nothing", &removed));

    /* Bad callback tables and sink arguments. */
    mssip_location *bad = NULL;
    mssip_location_callbacks missing = cb;
    missing.list = NULL;
    CHECK_RC(mssip_location_new_callbacks(&missing, &bad), MSSIP_E_NULL);
    missing = cb;
    missing.max_bindings_per_aor = 0;
    CHECK_RC(mssip_location_new_callbacks(&missing, &bad), MSSIP_E_INVALID_ARGUMENT);
    missing = cb;
    missing.struct_size = 1;
    CHECK_RC(mssip_location_new_callbacks(&missing, &bad), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_location_new_callbacks(NULL, &bad), MSSIP_E_NULL);
    CHECK_RC(mssip_location_new_callbacks(&cb, NULL), MSSIP_E_NULL);
    CHECK(bad == NULL);
    mssip_binding b = binding("k", 1, 0);
    CHECK_RC(mssip_binding_sink_add(NULL, &b), MSSIP_E_NULL);

    mssip_registrar_free(reg);
    mssip_location_free(loc);
}

/* A list callback that hands back a broken binding makes the REGISTER fail cleanly. */
static mssip_result cb_list_bad(void *user_data, mssip_str aor, mssip_binding_sink *sink) {
    (void)user_data;
    (void)aor;
    mssip_binding b;
    mssip_binding_default(&b); /* empty aor, key and contact */
    mssip_result rc = mssip_binding_sink_add(sink, &b);
    CHECK(rc == MSSIP_E_BAD_BINDING);
    rc = mssip_binding_sink_add(sink, NULL);
    CHECK(rc == MSSIP_E_NULL);
    return MSSIP_E_LOCATION_BACKEND;
}

static void test_failing_list(void) {
    static struct store st;
    memset(&st, 0, sizeof st);
    mssip_location_callbacks cb;
    CHECK_OK(mssip_location_callbacks_default(&cb));
    cb.user_data = &st;
    cb.put = cb_put;
    cb.get = cb_get;
    cb.remove = cb_remove;
    cb.list = cb_list_bad;
    mssip_location *loc = NULL;
    CHECK_OK(mssip_location_new_callbacks(&cb, &loc));
    mssip_registrar *reg = NULL;
    CHECK_OK(mssip_registrar_new_with("contoso.com", NULL, loc, &reg));
    CHECK(register_status(reg, "c1", 1) == 500);
    CHECK(st.puts == 0);
    mssip_bindings *list = NULL;
    CHECK_RC(mssip_location_list(loc, AOR, 0, &list), MSSIP_E_LOCATION_BACKEND);
    CHECK_LAST_ERROR_HAS("list callback returned MSSIP_E_LOCATION_BACKEND");
    mssip_registrar_free(reg);
    mssip_location_free(loc);
}

int main(void) {
    test_memory();
    test_callbacks();
    test_failing_list();
    return check_done("test_location");
}
