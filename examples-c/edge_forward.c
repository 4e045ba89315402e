/* mssip_edge: what happens to each message a client sends. A stateless proxy (RFC 3261
 * 16.11) with no transaction layer of its own (except for INVITEs to users of the domain,
 * which the call router forks statefully: edge_routing.c):
 *
 * Every message first loses the trust header fields a client may have forged (MS-SIPRE
 * 3.10, 3.11: ms-edge-proxy-message-trust, ms-user-logon-data).
 *
 * requests   validated (a 4xx/5xx answers what is malformed); NAT processing (MS-SIPRE
 *            3.5.5.1: the Via stamp, proxy=replace Contacts rewritten, or the 400 it earns);
 *            checked for loops (482); REGISTER for our domain goes to the registrar; our own
 *            Route entries are removed (16.4); the target is found (a registered user's
 *            binding and the connection it came in on, or the connection a Request-URI names
 *            by its ms-received-cid); Max-Forwards counted down (16.6 item 3), a Record-Route
 *            added to dialog-creating requests (16.6 item 4 and MS-SIPRE 3.5.5.1 step 10; two
 *            when the two sides use different transports, RFC 5658), our Via put on top (16.6
 *            item 8) and the request sent. An INVITE is answered at once with 100 Trying.
 * responses  NAT processing; our Via must be on top: it is removed (16.7 item 3), and the
 *            response goes to the next Via (18.2.2) over the connection that Via names
 *            (ms-received-cid), or the one at its received / ms-received-port (rport)
 *            address, or at its sent-by address.
 *
 * The branch of our Via is two hashes (16.6 item 8): one of the fields that stay the same
 * along a loop (Request-URI, From, Call-ID, CSeq number), which the loop check of 16.3 item 4
 * compares, and one of the Via the request arrived with, so that retransmissions, the CANCEL
 * and the ACK of a non-2xx get the same branch as the request they belong to. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edge.h"

#define BRANCH_PREFIX "z9hG4bK-mse-"
#define BRANCH_PREFIX_LEN (sizeof BRANCH_PREFIX - 1)
#define DEFAULT_MAX_FORWARDS 70

static const mssip_str empty = {"", 0};

static mssip_str value_of(const mssip_msg *m, const char *name, size_t index) {
    mssip_str s;
    return mssip_msg_header(m, name, index, &s) == MSSIP_OK ? s : empty;
}

static const char *transport_upper(mssip_transport t) {
    return t == MSSIP_TRANSPORT_TLS ? "TLS" : t == MSSIP_TRANSPORT_UDP ? "UDP" : "TCP";
}

static uint16_t default_port(mssip_transport t) { return t == MSSIP_TRANSPORT_TLS ? 5061 : 5060; }

static bool transport_named(mssip_str name, mssip_transport *out) {
    if (edge_str_ieq(name, "tcp")) {
        *out = MSSIP_TRANSPORT_TCP;
    } else if (edge_str_ieq(name, "tls")) {
        *out = MSSIP_TRANSPORT_TLS;
    } else if (edge_str_ieq(name, "udp")) {
        *out = MSSIP_TRANSPORT_UDP;
    } else {
        return false;
    }
    return true;
}

static mssip_peer peer_of(const edge_conn *c) {
    mssip_peer peer = {c->transport, c->ip, c->port, c->id};
    return peer;
}

/* ---- answering -------------------------------------------------------------------------- */

static void log_request(edge_level level, const edge_conn *c, const mssip_msg *req,
                        const char *what) {
    if (!edge_log_on(level)) {
        return;
    }
    mssip_str method = empty, ruri = empty;
    mssip_msg_method(req, &method);
    mssip_msg_request_uri(req, &ruri);
    edge_log(level, "%s: %.*s %.*s: %s", edge_conn_name(c), (int)method.len,
             method.ptr, (int)ruri.len, ruri.ptr, what);
}

static void send_answer(edge *e, edge_conn *c, const mssip_msg *req, const mssip_msg *resp) {
    uint16_t code = 0;
    mssip_str reason = empty;
    mssip_msg_status(resp, &code);
    mssip_msg_reason(resp, &reason);
    char what[160];
    snprintf(what, sizeof what, "answered %u %.*s", (unsigned)code, (int)reason.len, reason.ptr);
    log_request(code >= 300 ? EDGE_INFO : EDGE_DEBUG, c, req, what);
    edge_conn_send_msg(e, c, resp);
    e->stats.answered++;
}

/* Answers `req` on the connection it came on. `to_tag` keeps the answers to retransmissions
 * of one request alike, as a stateless element has nothing else to remember them by. */
static void respond(edge *e, edge_conn *c, const mssip_msg *req, uint16_t code,
                    const char *reason, const char *to_tag) {
    mssip_msg *resp = NULL;
    /* a 405 names what is allowed (RFC 3261 21.4.6): of requests to the proxy itself, OPTIONS */
    if (mssip_msg_new_response(req, code, reason, to_tag, &resp) != MSSIP_OK ||
        (code == 405 && mssip_msg_add_header(resp, "Allow", "OPTIONS") != MSSIP_OK)) {
        log_request(EDGE_WARN, c, req, "cannot build the response");
        mssip_msg_free(resp);
        e->stats.dropped++;
        return;
    }
    send_answer(e, c, req, resp);
    mssip_msg_free(resp);
}

/* ---- branch and loop check (RFC 3261 16.3 item 4, 16.6 item 8, 16.11) ------------------- */

typedef struct branch_key {
    char loop[17]; /* hash of the fields that stay the same along a loop */
    char via[17];  /* hash of the Via the request arrived with */
} branch_key;

static uint64_t fnv(uint64_t h, mssip_str s) {
    for (size_t i = 0; i < s.len; i++) {
        h ^= (uint8_t)s.ptr[i];
        h *= 0x100000001b3ull;
    }
    h ^= 0xff; /* field separator */
    h *= 0x100000001b3ull;
    return h;
}

static void branch_key_of(const mssip_msg *req, branch_key *key) {
    uint64_t h = 0xcbf29ce484222325ull;
    mssip_str ruri = empty, method = empty;
    uint32_t cseq = 0;
    char number[16];
    mssip_msg_request_uri(req, &ruri);
    mssip_msg_cseq(req, &cseq, &method);
    snprintf(number, sizeof number, "%lu", (unsigned long)cseq);
    mssip_str cseq_text = {number, strlen(number)};
    h = fnv(h, ruri);
    h = fnv(h, value_of(req, "From", 0));
    h = fnv(h, value_of(req, "Call-ID", 0));
    h = fnv(h, cseq_text);
    snprintf(key->loop, sizeof key->loop, "%016llx", (unsigned long long)h);
    uint64_t v = fnv(0xcbf29ce484222325ull, value_of(req, "Via", 0));
    snprintf(key->via, sizeof key->via, "%016llx", (unsigned long long)v);
}

/* Is the `index`-th Via one we wrote: our address, one of our listeners' transport and
 * port, and our branch prefix? */
static bool via_is_ours(const edge *e, const mssip_msg *m, size_t index, mssip_str *branch) {
    mssip_via v;
    mssip_transport t;
    if (mssip_msg_via(m, index, &v) != MSSIP_OK || !transport_named(v.transport, &t) ||
        !(edge_str_ieq(v.host, e->host_bare) || edge_fqdn_host_is_ours(e, v.host)) ||
        v.branch.len < BRANCH_PREFIX_LEN ||
        memcmp(v.branch.ptr, BRANCH_PREFIX, BRANCH_PREFIX_LEN) != 0) {
        return false;
    }
    const edge_listener *l = edge_listener_for(e, t);
    if (l == NULL || (v.port ? v.port : default_port(t)) != l->port) {
        return false;
    }
    *branch = v.branch;
    return true;
}

static bool is_loop(const edge *e, const mssip_msg *req, const branch_key *key) {
    size_t n = 0;
    mssip_msg_header_count(req, "Via", &n);
    for (size_t i = 0; i < n; i++) {
        mssip_str branch;
        if (via_is_ours(e, req, i, &branch) && branch.len >= BRANCH_PREFIX_LEN + 16 &&
            memcmp(branch.ptr + BRANCH_PREFIX_LEN, key->loop, 16) == 0) {
            return true;
        }
    }
    return false;
}

/* ---- Route and Record-Route ------------------------------------------------------------- */

static mssip_transport uri_transport(const mssip_uri *u) {
    mssip_param t;
    mssip_transport out = MSSIP_TRANSPORT_TCP;
    if (u->scheme_kind == MSSIP_SCHEME_SIPS) {
        return MSSIP_TRANSPORT_TLS;
    }
    if (mssip_params_get(&u->params, "transport", &t) == MSSIP_OK) {
        transport_named(t.value, &out);
    }
    return out;
}

/* Does this URI name this proxy (our address and one of our listeners)? */
static bool uri_is_us(const edge *e, const mssip_uri *u) {
    if (edge_fqdn_is_ours(e, u)) {
        return true;
    }
    if (!edge_str_ieq(u->host, e->host_bare)) {
        return false;
    }
    mssip_transport t = uri_transport(u);
    const edge_listener *l = edge_listener_for(e, t);
    return l != NULL && (u->port ? u->port : default_port(t)) == l->port;
}

/* RFC 3261 16.4: the Route entries that name us (one, or two after double record-routing)
 * are removed from the top. */
static void pop_our_routes(const edge *e, mssip_msg *req) {
    mssip_uri u;
    while (mssip_msg_uri(req, "Route", 0, &u) == MSSIP_OK && uri_is_us(e, &u)) {
        if (mssip_msg_remove_value(req, "Route", 0) != MSSIP_OK) {
            return;
        }
    }
}

static bool creates_dialog(const mssip_msg *req, const char *method) {
    mssip_str tag;
    return (strcmp(method, "INVITE") == 0 || strcmp(method, "SUBSCRIBE") == 0 ||
            strcmp(method, "REFER") == 0) &&
           mssip_msg_header_param(req, "To", 0, "tag", &tag) == MSSIP_E_NOT_FOUND;
}

static bool add_via(const edge *e, mssip_msg *req, const edge_conn *to, const branch_key *key) {
    mssip_transport out = to->transport;
    const edge_listener *l = edge_listener_for(e, out);
    char value[EDGE_IP_MAX + 352]; /* an --fqdn is up to 253 characters */
    if (l == NULL) {
        return false;
    }
    int n = snprintf(value, sizeof value, "SIP/2.0/%s %s:%u;branch=" BRANCH_PREFIX "%s-%s",
                     transport_upper(out), edge_own_host_to(e, to), (unsigned)l->port, key->loop,
                     key->via);
    return n > 0 && (size_t)n < sizeof value &&
           mssip_msg_prepend_header(req, "Via", value) == MSSIP_OK;
}

/* RFC 3261 16.6 item 3. */
static bool count_down_max_forwards(mssip_msg *req) {
    uint32_t mf = 0;
    char text[16];
    mssip_result rc = mssip_msg_max_forwards(req, &mf);
    if (rc == MSSIP_E_NOT_FOUND) {
        snprintf(text, sizeof text, "%d", DEFAULT_MAX_FORWARDS);
        return mssip_msg_add_header(req, "Max-Forwards", text) == MSSIP_OK;
    }
    if (rc != MSSIP_OK) {
        return false;
    }
    snprintf(text, sizeof text, "%lu", (unsigned long)(mf > 0 ? mf - 1 : 0));
    return mssip_msg_replace_value(req, "Max-Forwards", 0, text) == MSSIP_OK;
}

/* ---- the way out ------------------------------------------------------------------------ */

/* The connection a URI names: the one whose id it carries as ms-received-cid (a Contact
 * NAT processing rewrote), or an open connection at its host and port. */
static edge_conn *conn_for_uri(edge *e, const mssip_uri *u) {
    mssip_param cid;
    if (mssip_params_get(&u->params, "ms-received-cid", &cid) == MSSIP_OK) {
        char hex[24];
        uint64_t id = 0;
        bool ok = edge_str_copy(cid.value, hex, sizeof hex) &&
                  mssip_conn_id_parse(hex, &id) == MSSIP_OK;
        return ok ? edge_conn_by_id(e, id) : NULL;
    }
    char ip[EDGE_IP_MAX];
    if (u->host_kind != MSSIP_HOST_IPV4 && u->host_kind != MSSIP_HOST_IPV6) {
        return NULL;
    }
    if (!edge_str_copy(u->host, ip, sizeof ip)) {
        return NULL;
    }
    mssip_transport t = uri_transport(u);
    return edge_conn_by_addr(e, t, ip, u->port ? u->port : default_port(t));
}

static edge_route answer(uint16_t code, const char *reason) {
    edge_route r;
    memset(&r, 0, sizeof r);
    r.code = code;
    r.reason = reason;
    return r;
}

static edge_route via_conn(edge_conn *conn, uint16_t code_if_none, const char *reason) {
    edge_route r = answer(code_if_none, reason);
    r.conn = conn;
    return r;
}

/* The connection to next hop `u`, or one to a peer of DIR/peers/ (or a pinned UM worker)
 * connected now (edge_interwork.c). */
static edge_conn *conn_or_peer(edge *e, const mssip_msg *req, const mssip_uri *u) {
    edge_conn *c = conn_for_uri(e, u);
    return c != NULL ? c : edge_interwork_connect(e, req, u);
}

/* RFC 3261 16.5: where a request goes once our own Route entries are gone. */
static edge_route find_target(edge *e, mssip_msg *req, const char *method) {
    mssip_uri u;
    size_t routes = 0;
    mssip_msg_header_count(req, "Route", &routes);
    if (routes > 0) {
        if (mssip_msg_uri(req, "Route", 0, &u) != MSSIP_OK) {
            return answer(400, "Bad Route");
        }
        return via_conn(conn_or_peer(e, req, &u), 404, "No connection to the next hop");
    }
    if (mssip_msg_request_uri_parts(req, &u) != MSSIP_OK) {
        return answer(400, "Bad Request-URI");
    }
    /* no user: a request to this proxy or to the domain itself, e.g. an OPTIONS ping */
    if (u.user.len == 0 && (uri_is_us(e, &u) || edge_str_ieq(u.host, e->cfg->domain))) {
        edge_route r = answer(strcmp(method, "OPTIONS") == 0 ? 200 : 405, NULL);
        r.answer = r.code == 200 ? edge_options_answer(e, req) : NULL; /* edge_fqdn.c */
        return r;
    }
    bool local = false;
    edge_route r = edge_location_route(e, req, &local);
    if (local) {
        return r;
    }
    mssip_param cid;
    if (mssip_params_get(&u.params, "ms-received-cid", &cid) == MSSIP_OK) {
        /* a Contact NAT processing rewrote: its connection is gone when it is not found */
        return via_conn(conn_for_uri(e, &u), 430, NULL);
    }
    return via_conn(conn_or_peer(e, req, &u), 404, "No route to the destination");
}

/* ---- requests --------------------------------------------------------------------------- */

/* MS-SIPRE 3.5.5.1 on a message from a client: true to go on with it (rewritten). */
static bool nat_process(edge *e, edge_conn *c, mssip_msg *msg, bool is_request) {
    mssip_peer peer = peer_of(c);
    mssip_nat_verdict verdict = MSSIP_NAT_DISCARD;
    mssip_msg *reject = NULL;
    mssip_result rc = mssip_nat_process_with(msg, &peer, NULL, &verdict, &reject);
    if (rc != MSSIP_OK) {
        edge_log(EDGE_WARN, "%s: NAT processing failed: %s (%s)", edge_conn_name(c),
                 mssip_result_str(rc), mssip_last_error());
        verdict = MSSIP_NAT_DISCARD;
    }
    if (verdict == MSSIP_NAT_REJECT && reject != NULL) {
        send_answer(e, c, msg, reject);
    } else if (verdict != MSSIP_NAT_FORWARD) {
        edge_log(EDGE_INFO, "%s: %s discarded by NAT processing", edge_conn_name(c),
                 is_request ? "request" : "response");
        e->stats.dropped++;
    }
    mssip_msg_free(reject);
    return verdict == MSSIP_NAT_FORWARD;
}

/* Sends the request (or the registrar's copy of it) to the chosen connection. */
static void forward_request(edge *e, edge_conn *c, mssip_msg *req, const char *method,
                            const edge_route *r, const branch_key *key) {
    bool is_ack = strcmp(method, "ACK") == 0;
    mssip_msg *out = r->request != NULL ? r->request : req;
    if (strcmp(method, "INVITE") == 0) {
        respond(e, c, req, 100, NULL, NULL);
    }
    if (!count_down_max_forwards(out) ||
        (creates_dialog(out, method) &&
         !edge_record_route(e, out, c, r->conn)) ||
        !add_via(e, out, r->conn, key)) {
        log_request(EDGE_WARN, c, req, "cannot be rewritten for forwarding");
        if (!is_ack) {
            respond(e, c, req, 500, NULL, key->loop);
        }
        return;
    }
    if (!edge_interwork_request(e, out, r->conn)) { /* the peer's translations, or it is down */
        if (!is_ack) {
            respond(e, c, req, 503, "Peer down", key->loop);
        }
        return;
    }
    if (!edge_conn_send_msg(e, r->conn, out)) {
        if (!is_ack) {
            respond(e, c, req, 503, "Next hop connection lost", key->loop);
        }
        return;
    }
    char what[96];
    mssip_str ruri = empty;
    mssip_msg_request_uri(out, &ruri);
    snprintf(what, sizeof what, "forwarded to %s", edge_conn_name(r->conn));
    log_request(EDGE_INFO, c, req, what);
    if (r->request != NULL) {
        edge_log(EDGE_DEBUG, "%s: sent as %.*s", edge_conn_name(c), (int)ruri.len,
                 ruri.ptr);
    }
    e->stats.forwarded++;
}

static void on_request(edge *e, edge_conn *c, mssip_msg *req) {
    e->stats.requests++;
    /* copied: views into the message do not outlive its edits */
    char method[32];
    mssip_str method_view = empty;
    if (mssip_msg_method(req, &method_view) != MSSIP_OK ||
        !edge_str_copy(method_view, method, sizeof method)) {
        respond(e, c, req, 501, NULL, NULL);
        return;
    }
    bool is_ack = strcmp(method, "ACK") == 0;

    mssip_validate_options options;
    mssip_validate_options_default(&options);
    uint16_t status = 0;
    mssip_str why = empty;
    if (mssip_msg_validate_with(req, &options, &status, &why) != MSSIP_OK) {
        e->stats.dropped++;
        return;
    }
    if (status != 0) {
        char reason[128];
        if (!edge_str_copy(why, reason, sizeof reason)) {
            reason[0] = '\0';
        }
        if (is_ack) {
            log_request(EDGE_INFO, c, req, "invalid ACK dropped");
            e->stats.dropped++;
        } else {
            respond(e, c, req, status, reason[0] ? reason : NULL, NULL);
        }
        return;
    }

    branch_key key;
    branch_key_of(req, &key);
    if (!nat_process(e, c, req, true)) {
        return;
    }
    if (is_loop(e, req, &key)) {
        if (!is_ack) {
            respond(e, c, req, 482, NULL, key.loop);
        }
        return;
    }

    if (strcmp(method, "REGISTER") == 0) {
        mssip_msg *resp = edge_register(e, c, req);
        if (resp == NULL) {
            e->stats.dropped++;
            return;
        }
        send_answer(e, c, req, resp);
        mssip_msg_free(resp);
        return;
    }
    mssip_msg *recovery = edge_dialog_check(e, req);
    if (recovery != NULL) {
        send_answer(e, c, req, recovery);
        mssip_msg_free(recovery);
        return;
    }

    edge_around_request(e, c, req, method); /* skip-pin, correlation, E911, Play-On-Phone */
    edge_route r;
    if (edge_routeset_target(e, c, req, &r)) { /* MS-SIPRE 3.6.5.1, 3.7.5.1 */
        /* routed by the signed Route state, or answered 481 / 430 */
    } else {
        if (edge_dialplan_request(e, c, req)) { /* MS-SIPRE 3.8.5.1; number translation */
            return;
        }
        pop_our_routes(e, req);
        if (edge_routing_request(e, c, req, method)) {
            return;
        }
        r = find_target(e, req, method);
    }
    if (r.conn == NULL) {
        if (is_ack) {
            log_request(EDGE_DEBUG, c, req, "ACK for this proxy's own answer absorbed");
        } else if (r.answer != NULL) {
            send_answer(e, c, req, r.answer);
        } else {
            respond(e, c, req, r.code, r.reason, key.loop);
        }
        mssip_msg_free(r.answer);
        return;
    }
    forward_request(e, c, req, method, &r, &key);
    mssip_msg_free(r.request);
}

/* ---- responses (RFC 3261 16.7, 18.2.2) -------------------------------------------------- */

/* The connection the topmost Via (the one that was below ours) came in on. */
static edge_conn *conn_for_next_via(edge *e, const mssip_msg *resp) {
    uint64_t id = 0;
    if (mssip_nat_via_conn_id(resp, 0, &id) == MSSIP_OK) {
        return edge_conn_by_id(e, id);
    }
    mssip_via v;
    mssip_transport t;
    if (mssip_msg_via(resp, 0, &v) != MSSIP_OK || !transport_named(v.transport, &t)) {
        return NULL;
    }
    char ip[EDGE_IP_MAX];
    uint16_t port = v.port ? v.port : default_port(t);
    mssip_str port_text = v.ms_received_port.len > 0 ? v.ms_received_port : v.rport;
    if (v.received.len > 0 && edge_str_copy(v.received, ip, sizeof ip)) {
        char digits[8];
        char *end = NULL;
        unsigned long p =
            edge_str_copy(port_text, digits, sizeof digits) ? strtoul(digits, &end, 10) : 0;
        if (p > 0 && p < 65536 && end != NULL && *end == '\0') {
            port = (uint16_t)p;
        }
        return edge_conn_by_addr(e, t, ip, port);
    }
    return edge_str_copy(v.host, ip, sizeof ip) ? edge_conn_by_addr(e, t, ip, port) : NULL;
}

static void on_response(edge *e, edge_conn *c, mssip_msg *resp) {
    e->stats.responses++;
    uint16_t code = 0;
    mssip_msg_status(resp, &code);
    mssip_str branch;
    if (!via_is_ours(e, resp, 0, &branch)) {
        edge_log(EDGE_INFO, "%s: %u response without our Via on top dropped",
                 edge_conn_name(c), (unsigned)code);
        e->stats.dropped++;
        return;
    }
    if (!nat_process(e, c, resp, false) || edge_routing_response(e, c, resp) ||
        edge_around_response(e, c, resp)) {
        return;
    }
    if (mssip_msg_remove_value(resp, "Via", 0) != MSSIP_OK) {
        e->stats.dropped++;
        return;
    }
    if (code == 100) {
        return; /* this proxy sent its own 100 Trying upstream */
    }
    edge_conn *out = conn_for_next_via(e, resp);
    if (out == NULL) {
        edge_log(EDGE_INFO, "%s: %u response dropped: no connection for the next Via",
                 edge_conn_name(c), (unsigned)code);
        e->stats.dropped++;
        return;
    }
    code = edge_interwork_translate(e, c, resp); /* a peer's `translate` lines */
    edge_interwork_response(e, resp, out); /* the peer's translations (DIR/peers/) */
    if (edge_conn_send_msg(e, out, resp)) {
        edge_log(EDGE_INFO, "%s: %u response forwarded to %s",
                 edge_conn_name(c), (unsigned)code, edge_conn_name(out));
        e->stats.forwarded++;
    }
}

void edge_forward(edge *e, edge_conn *c, mssip_msg *msg) {
    bool is_request = false;
    if (mssip_msg_is_request(msg, &is_request) != MSSIP_OK) {
        return;
    }
    /* MS-SIPRE 3.10, 3.11: only the edge may vouch for a message; whatever a client wrote
     * in the trust header fields goes before anything reads the message. */
    size_t forged = 0;
    if (mssip_edge_sanitize(msg, &forged) != MSSIP_OK) {
        e->stats.dropped++;
        return;
    }
    if (forged > 0) {
        edge_log(EDGE_WARN, "%s: %zu trust header fields from a client removed",
                 edge_conn_name(c), forged);
    }
    if (edge_interwork_inbound(e, c, msg)) { /* a peer learns, or a probe is answered */
        return;
    }
    if (is_request) {
        on_request(e, c, msg);
    } else {
        on_response(e, c, msg);
    }
}

/* ---- for the call router's forks (edge_routing.c) ---------------------------------------- */

bool edge_max_forwards(mssip_msg *req) { return count_down_max_forwards(req); }

edge_route edge_find_target(edge *e, mssip_msg *req, const char *method) {
    return find_target(e, req, method);
}
