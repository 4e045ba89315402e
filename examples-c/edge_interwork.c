/* mssip_edge: interworking on the way out to a peer of DIR/peers/ (edge_peers.c; README
 * "Interworking" and "Edge proxy"). Every translation is a library call; this file only
 * decides, from the peer's profile, which ones a message gets:
 *
 * requests   toward a peer with `multipart no` (or `auto` once it refused multipart): a
 *            multipart body reduced to its single SDP (single_sdp below:
 *            mssip_peer_body_reduce, PIDF-LO parts and their Geolocation dropped); `sdp plain`: the SDP normalised (crypto lifetime and MKI,
 *            x-ssrc-range, ICE draft 6 candidates: mssip_msg_sdp_normalise); `diversion yes`:
 *            Diversion mapped from History-Info (RFC 6044, mssip_msg_history_to_diversion);
 *            toward a Microsoft or UM peer: History-Info mapped from a carrier's Diversion
 *            (mssip_msg_diversion_to_history).
 * responses  toward a peer (the connection a response goes out on is the peer's address:
 *            a peer over UDP, or a TCP connection this proxy opened to it): the multipart
 *            body of a 1xx / 2xx reduced, the SDP normalised and Diversion mapped, as for
 *            requests; the call router's responses to a caller that is a peer too.
 * learning   a peer with `multipart auto` learns from what it sends (a 415, an Accept:
 *            mssip_peer_body_learn); a 415 from it to a multipart INVITE of one of the call
 *            router's branches is not passed on: the branch is tried again, once, with the
 *            single SDP (edge_interwork_retry_415, a proxy's new branch: same CSeq).
 * UM 302     a 301 / 302 from a `kind um` peer to one of the call router's branches is
 *            followed as a new branch of the same call (mssip_um_follow_branch: same CSeq,
 *            History-Info entry for the redirect, Diversion kept), with our Via carrying a
 *            new branch value, the Route pushed for UM and our Record-Route for the UM side
 *            taken off and ours for the worker written; the worker is reached over TCP
 *            (connected now if need be) and pinned for the call: its later requests (ACK,
 *            re-INVITE, BYE: to the worker's Contact, the remote target) reach it over the
 *            pinned transport, and it gets the UM peer's translations.
 * codes      a final response from a peer with `translate` lines goes upstream with the
 *            code its first matching rule names and an ms-diagnostics saying so
 *            (mssip_msg_translate_response), on the plain forwarding path and, before the
 *            call router sees it, on a router branch (after the UM 302 and 415 checks).
 * liveness   a peer with `probe SECONDS` gets OPTIONS from the library's liveness helper
 *            (mssip_liveness_*, its actions drained here, its timer on the loop's deadline)
 *            over TCP (UDP with `probe-transport udp`); the answers are taken before
 *            anything else reads them; up / down logged; a request to a peer that is down
 *            is refused (503 from the caller side).
 * connect    a next hop that is a peer of DIR/peers/ (or the pinned worker of the call) and
 *            has no open connection is connected to over TCP. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "edge_routing.h"

#define UM_PINS 64      /* calls whose worker is remembered; the oldest pin gives way */
#define UM_REDIRECTS 3  /* redirects followed on one branch; the next 3xx goes upstream */
#define TRANSLATED_DIAG 52001 /* the ms-diagnostics code of a translated response */

typedef struct um_pin {
    mssip_msg *followed;       /* the INVITE sent to the worker: the pin's key (NULL: free) */
    mssip_transport transport; /* TCP or TLS */
    char ip[EDGE_IP_MAX];
    uint16_t port;
    const edge_peer *um;       /* the UM peer whose translations the worker gets */
} um_pin;

struct edge_interwork {
    um_pin pins[UM_PINS];
    size_t next;
};

static const char *transport_upper(mssip_transport t) {
    return t == MSSIP_TRANSPORT_TLS ? "TLS" : t == MSSIP_TRANSPORT_UDP ? "UDP" : "TCP";
}

static void probes_start(edge *e);

bool edge_interwork_open(edge *e) {
    if (!edge_peers_load(&e->peers, e->cfg->data_dir) || !edge_fqdn_peers(e)) {
        return false;
    }
    probes_start(e);
    return true;
}

void edge_interwork_close(edge *e) {
    mssip_liveness_free(e->peers.liveness);
    e->peers.liveness = NULL;
    if (e->interwork != NULL) {
        for (size_t i = 0; i < UM_PINS; i++) {
            mssip_msg_free(e->interwork->pins[i].followed);
        }
        free(e->interwork);
        e->interwork = NULL;
    }
    edge_peers_free(&e->peers);
}

/* ---- pins --------------------------------------------------------------------------- */

/* The pin of the call `msg` belongs to (mssip_um_pin_covers: Call-ID and tags), or NULL. */
static const um_pin *pin_for(const edge *e, const mssip_msg *msg) {
    for (size_t i = 0; e->interwork != NULL && i < UM_PINS; i++) {
        const um_pin *p = &e->interwork->pins[i];
        bool covered = false;
        if (p->followed != NULL && mssip_um_pin_covers(p->followed, msg, &covered) == MSSIP_OK &&
            covered) {
            return p;
        }
    }
    return NULL;
}

static void pin_add(edge *e, const mssip_msg *followed, mssip_transport t, const char *ip,
                    uint16_t port, const edge_peer *um) {
    if (e->interwork == NULL && (e->interwork = calloc(1, sizeof *e->interwork)) == NULL) {
        return;
    }
    um_pin *p = &e->interwork->pins[e->interwork->next];
    e->interwork->next = (e->interwork->next + 1) % UM_PINS;
    mssip_msg_free(p->followed);
    memset(p, 0, sizeof *p);
    if (mssip_msg_clone(followed, &p->followed) != MSSIP_OK) {
        p->followed = NULL;
        return;
    }
    p->transport = t;
    snprintf(p->ip, sizeof p->ip, "%s", ip);
    p->port = port;
    p->um = um;
}

/* The profile for ip:port: its DIR/peers/ file, else the UM peer of a worker pinned there. */
static const edge_peer *profile_of(const edge *e, const char *ip, uint16_t port) {
    const edge_peer *p = edge_peer_find(&e->peers, ip, port);
    for (size_t i = 0; p == NULL && e->interwork != NULL && i < UM_PINS; i++) {
        const um_pin *pin = &e->interwork->pins[i];
        if (pin->followed != NULL && pin->port == port && strcmp(pin->ip, ip) == 0) {
            p = pin->um;
        }
    }
    return p;
}

/* ---- translations -------------------------------------------------------------------- */

/* `msg` made what `reduced` (the library's reduction of it) is: the body with its
 * Content-Type and Content-Length, and the fields the reduction rewrites or drops
 * (Content-Disposition; Geolocation that pointed at a dropped part), in place, since the
 * hooks' callers own `msg`. */
static mssip_result adopt(mssip_msg *msg, const mssip_msg *reduced) {
    static const char *const fields[] = {"Content-Disposition", "Geolocation"};
    mssip_bytes body;
    mssip_str v;
    char text[1024];
    mssip_result rc = mssip_msg_body(reduced, &body);
    if (rc == MSSIP_OK && (rc = mssip_msg_header(reduced, "Content-Type", 0, &v)) == MSSIP_OK) {
        rc = edge_str_copy(v, text, sizeof text)
                 ? mssip_msg_set_body(msg, text, body.ptr, body.len)
                 : MSSIP_E_LIMIT;
    }
    for (size_t f = 0; rc == MSSIP_OK && f < sizeof fields / sizeof fields[0]; f++) {
        size_t have = 0, want = 0, removed = 0;
        mssip_msg_header_count(msg, fields[f], &have);
        mssip_msg_header_count(reduced, fields[f], &want);
        bool same = have == want;
        for (size_t i = 0; same && i < want; i++) {
            mssip_str a, b;
            same = mssip_msg_header(msg, fields[f], i, &a) == MSSIP_OK &&
                   mssip_msg_header(reduced, fields[f], i, &b) == MSSIP_OK &&
                   a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0;
        }
        if (same) {
            continue; /* untouched fields stay where they are */
        }
        rc = mssip_msg_remove_all(msg, fields[f], &removed);
        for (size_t i = 0; rc == MSSIP_OK && i < want; i++) {
            if ((rc = mssip_msg_header(reduced, fields[f], i, &v)) == MSSIP_OK) {
                rc = edge_str_copy(v, text, sizeof text)
                         ? mssip_msg_add_header(msg, fields[f], text)
                         : MSSIP_E_LIMIT;
            }
        }
    }
    return rc;
}

/* What peer `p` knows of multipart; MSSIP_PEER_MULTIPART_ALLOWED for `multipart yes`. */
static uint32_t multipart_known(const edge_peer *p) {
    uint32_t known = MSSIP_PEER_MULTIPART_ALLOWED;
    if (p->body != NULL && mssip_peer_body_multipart(p->body, &known) != MSSIP_OK) {
        known = MSSIP_PEER_MULTIPART_UNKNOWN;
    }
    return known;
}

/* The body toward a peer without multipart (`multipart no`, or `auto` once it refused):
 * the multipart/alternative or multipart/mixed body reduced to the one SDP it can use,
 * the ms-proxy-2007fallback part else the first audio one (mssip_peer_body_reduce; on
 * requests and on the 1xx / 2xx that carry an answer). A peer with `multipart auto` that
 * has not said gets the body as it is: its 415 or Accept says (edge_interwork_inbound).
 * `*changed` false: nothing to reduce. */
static mssip_result single_sdp(mssip_msg *msg, const edge_peer *p, bool *changed) {
    *changed = false;
    if (p->body == NULL ||
        (p->multipart == EDGE_MULTIPART_AUTO &&
         multipart_known(p) == MSSIP_PEER_MULTIPART_UNKNOWN)) {
        return MSSIP_OK;
    }
    mssip_msg *reduced = NULL;
    mssip_result rc = mssip_peer_body_reduce(p->body, msg, &reduced);
    if (rc == MSSIP_OK && reduced != NULL) {
        rc = adopt(msg, reduced);
        *changed = rc == MSSIP_OK;
    }
    mssip_msg_free(reduced);
    return rc;
}

static void note(char *done, size_t cap, const char *what) {
    size_t len = strlen(done);
    snprintf(done + len, cap - len, "%s%s", len ? ", " : "", what);
}

static void failed(const edge_peer *p, const char *what, mssip_result rc) {
    edge_log(EDGE_WARN, "peer %s: %s skipped: %s (%s)", p->name, what, mssip_result_str(rc),
             mssip_last_error());
}

static void translate(mssip_msg *msg, const edge_peer *p, bool is_request, const edge_conn *to) {
    char done[160] = "";
    bool changed = false;
    mssip_result rc;
    if (p->body != NULL) {
        if ((rc = single_sdp(msg, p, &changed)) != MSSIP_OK) {
            failed(p, "multipart to single SDP", rc);
        } else if (changed) {
            note(done, sizeof done, "multipart reduced to single SDP");
        }
    }
    if (p->sdp_plain) {
        if ((rc = mssip_msg_sdp_normalise(msg, MSSIP_SDP_PLAIN_PEER, &changed)) != MSSIP_OK) {
            failed(p, "SDP normalisation", rc);
        } else if (changed) {
            note(done, sizeof done, "SDP normalised");
        }
    }
    if (p->diversion) {
        if ((rc = mssip_msg_history_to_diversion(msg, &changed)) != MSSIP_OK) {
            failed(p, "History-Info to Diversion", rc);
        } else if (changed) {
            note(done, sizeof done, "Diversion from History-Info");
        }
    }
    if (is_request && p->kind != EDGE_PEER_PLAIN) {
        if ((rc = mssip_msg_diversion_to_history(msg, &changed)) != MSSIP_OK) {
            failed(p, "Diversion to History-Info", rc);
        } else if (changed) {
            note(done, sizeof done, "History-Info from Diversion");
        }
    }
    if (done[0] != '\0') {
        edge_log(EDGE_INFO, "%s: to peer %s: %s", edge_conn_name(to), p->name, done);
    }
}

bool edge_interwork_request(edge *e, mssip_msg *req, const edge_conn *to) {
    const edge_peer *p = profile_of(e, to->ip, to->port);
    if (p != NULL && p->down) {
        edge_log(EDGE_INFO, "%s: peer %s is down: request refused", edge_conn_name(to), p->name);
        return false;
    }
    if (p != NULL) {
        translate(req, p, true, to);
    }
    return true;
}

void edge_interwork_response(edge *e, mssip_msg *resp, const edge_conn *to) {
    const edge_peer *p = profile_of(e, to->ip, to->port);
    if (p != NULL) {
        translate(resp, p, false, to);
    }
}

const mssip_msg *edge_interwork_response_copy(edge *e, const mssip_msg *resp,
                                              const edge_conn *to, mssip_msg **owned) {
    *owned = NULL;
    const edge_peer *p = profile_of(e, to->ip, to->port);
    if (p == NULL || mssip_msg_clone(resp, owned) != MSSIP_OK) {
        return resp;
    }
    translate(*owned, p, false, to);
    return *owned;
}

static bool probe_answered(edge *e, const mssip_msg *msg);

bool edge_interwork_inbound(edge *e, const edge_conn *from, const mssip_msg *msg) {
    if (probe_answered(e, msg)) {
        return true;
    }
    const edge_peer *p = profile_of(e, from->ip, from->port);
    bool changed = false;
    if (p == NULL || p->multipart != EDGE_MULTIPART_AUTO ||
        mssip_peer_body_learn(p->body, msg, &changed) != MSSIP_OK || !changed) {
        return false;
    }
    uint16_t code = 0;
    mssip_msg_status(msg, &code);
    edge_log(EDGE_INFO, "peer %s: multipart %s (learned from its %s)", p->name,
             multipart_known(p) == MSSIP_PEER_MULTIPART_ALLOWED ? "allowed" : "refused",
             code == 415 ? "415" : "Accept");
    return false;
}

uint16_t edge_interwork_translate(edge *e, const edge_conn *from, mssip_msg *resp) {
    const edge_peer *p = profile_of(e, from->ip, from->port);
    uint16_t code = 0, to_code = 0;
    mssip_msg_status(resp, &code);
    if (p == NULL || p->n_rules == 0) {
        return code;
    }
    bool translated = false;
    mssip_result rc = mssip_msg_translate_response(resp, p->rules, p->n_rules, TRANSLATED_DIAG,
                                                   e->cfg->domain, &translated);
    if (rc != MSSIP_OK) {
        failed(p, "response-code translation", rc);
    } else if (translated) {
        mssip_msg_status(resp, &to_code);
        edge_log(EDGE_INFO, "%s: from peer %s: %u translated to %u", edge_conn_name(from),
                 p->name, (unsigned)code, (unsigned)to_code);
        return to_code;
    }
    return code;
}

/* ---- liveness ------------------------------------------------------------------------ */

#define PROBE_TIMEOUT_MS 5000 /* an OPTIONS unanswered this long (or the interval) failed */
#define PROBE_DOWN_AFTER 2    /* failures in a row that take a peer down */

static edge_conn *connect_tcp(edge *e, const char *ip, uint16_t port, const char *why);

static edge_peer *probed_peer(edge *e, uint32_t id) {
    for (size_t i = 0; i < e->peers.n; i++) {
        if (e->peers.list[i].probe_id == id) {
            return &e->peers.list[i];
        }
    }
    return NULL;
}

/* Carries out what the liveness helper asks (mssip_liveness_next_action): probes sent over
 * the peer's TCP connection (connected if need be; one that cannot be sent failed), the
 * timer armed on the loop's deadline, up / down logged and kept. */
static void probes_drain(edge *e) {
    mssip_liveness_action a;
    while (mssip_liveness_next_action(e->peers.liveness, &a) == MSSIP_OK) {
        edge_peer *p = probed_peer(e, a.peer);
        if (a.kind == MSSIP_LIVENESS_ARM_TIMER) {
            e->peers.probe_at_ms = a.at_ms != 0 ? a.at_ms : 1;
        } else if (p != NULL && a.kind == MSSIP_LIVENESS_SEND_PROBE) {
            mssip_transport t = p->probe_udp ? MSSIP_TRANSPORT_UDP : MSSIP_TRANSPORT_TCP;
            edge_conn *c = edge_conn_by_addr(e, t, p->ip, p->port);
            c = c != NULL || p->probe_udp ? c : connect_tcp(e, p->ip, p->port, "probed peer");
            if (c == NULL || !edge_conn_send_msg(e, c, a.msg)) {
                mssip_liveness_on_probe_timeout(e->peers.liveness, a.peer, edge_now_ms());
            }
        } else if (p != NULL) {
            p->down = a.kind == MSSIP_LIVENESS_PEER_DOWN;
            edge_log(p->down ? EDGE_WARN : EDGE_INFO, "peer %s %s", p->name,
                     p->down ? "down" : "up");
        }
    }
}

/* MS-SIPRE's OPTIONS pings from this side: every `probe` peer watched by one helper. */
static void probes_start(edge *e) {
    char from[300], sent_by[EDGE_IP_MAX + 8], uri[EDGE_IP_MAX + 32];
    snprintf(from, sizeof from, "sip:%s", e->cfg->domain);
    /* the helper writes one sent-by: the UDP listener's when a peer is probed over UDP (its
     * answers come to that port), else the TCP one's (answers come on the connection) */
    const edge_listener *by = edge_listener_for(e, MSSIP_TRANSPORT_TCP);
    for (size_t i = 0; i < e->peers.n; i++) {
        const edge_listener *u = edge_listener_for(e, MSSIP_TRANSPORT_UDP);
        by = e->peers.list[i].probe_s != 0 && e->peers.list[i].probe_udp && u != NULL ? u : by;
    }
    for (size_t i = 0; i < e->peers.n; i++) {
        edge_peer *p = &e->peers.list[i];
        if (p->probe_s == 0) {
            continue;
        }
        mssip_transport t = p->probe_udp ? MSSIP_TRANSPORT_UDP : MSSIP_TRANSPORT_TCP;
        const edge_listener *l = edge_listener_for(e, t);
        if (l == NULL) {
            edge_log(EDGE_WARN, "peer %s: no %s listener: not probed", p->name,
                     transport_upper(t));
            continue;
        }
        snprintf(sent_by, sizeof sent_by, "%s:%u", edge_own_host(e), (unsigned)by->port);
        mssip_result rc = e->peers.liveness != NULL
                              ? MSSIP_OK
                              : mssip_liveness_new(from, sent_by, (uint32_t)e->peers.n,
                                                   &e->peers.liveness);
        if (rc != MSSIP_OK) {
            failed(p, "probes", rc);
            return;
        }
        bool v6 = strchr(p->ip, ':') != NULL;
        snprintf(uri, sizeof uri, "sip:%s%s%s:%u;transport=%s", v6 ? "[" : "", p->ip,
                 v6 ? "]" : "", (unsigned)p->port, p->probe_udp ? "udp" : "tcp");
        uint64_t interval = (uint64_t)p->probe_s * 1000;
        mssip_liveness_peer lp = {uri, t, interval,
                                  interval < PROBE_TIMEOUT_MS ? interval : PROBE_TIMEOUT_MS,
                                  PROBE_DOWN_AFTER, 1};
        rc = mssip_liveness_add_peer(e->peers.liveness, &lp, edge_now_ms(), &p->probe_id);
        if (rc != MSSIP_OK) {
            failed(p, "probes", rc);
        }
    }
    if (e->peers.liveness != NULL) {
        mssip_liveness_poll(e->peers.liveness, edge_now_ms());
        probes_drain(e);
    }
}

/* A response to one of our probes goes to the helper and no further. */
static bool probe_answered(edge *e, const mssip_msg *msg) {
    bool is_request = true;
    if (e->peers.liveness == NULL || mssip_msg_is_request(msg, &is_request) != MSSIP_OK ||
        is_request ||
        mssip_liveness_on_response(e->peers.liveness, msg, edge_now_ms(), NULL, NULL) !=
            MSSIP_OK) {
        return false;
    }
    probes_drain(e);
    return true;
}

uint64_t edge_interwork_deadline(const edge *e, uint64_t next) {
    uint64_t at = e->peers.probe_at_ms;
    return at != 0 && at < next ? at : next;
}

void edge_interwork_tick(edge *e, uint64_t now_ms) {
    if (e->peers.liveness == NULL || e->peers.probe_at_ms == 0 || now_ms < e->peers.probe_at_ms) {
        return;
    }
    e->peers.probe_at_ms = 0; /* the helper arms the next moment */
    mssip_liveness_poll(e->peers.liveness, now_ms);
    probes_drain(e);
}

/* ---- connecting out ---------------------------------------------------------------- */

static edge_conn *connect_tcp(edge *e, const char *ip, uint16_t port, const char *why) {
    edge_conn *c = edge_conn_connect(e, ip, port);
    if (c == NULL) {
        edge_log(EDGE_WARN, "%s %s:%u: cannot connect: %s", why, ip, (unsigned)port,
                 strerror(errno));
        return NULL;
    }
    edge_log(EDGE_INFO, "%s: connected to %s %s:%u", edge_conn_name(c), why, ip, (unsigned)port);
    return c;
}

static mssip_transport transport_of(const mssip_uri *u) {
    mssip_param t;
    if (u->scheme_kind == MSSIP_SCHEME_SIPS) {
        return MSSIP_TRANSPORT_TLS;
    }
    if (mssip_params_get(&u->params, "transport", &t) == MSSIP_OK) {
        return edge_str_ieq(t.value, "udp")   ? MSSIP_TRANSPORT_UDP
               : edge_str_ieq(t.value, "tls") ? MSSIP_TRANSPORT_TLS
                                              : MSSIP_TRANSPORT_TCP;
    }
    return MSSIP_TRANSPORT_TCP;
}

/* The IP address and port a URI names (the default port of its transport). */
static bool uri_address(const mssip_uri *u, char *ip, size_t cap, uint16_t *port) {
    if ((u->host_kind != MSSIP_HOST_IPV4 && u->host_kind != MSSIP_HOST_IPV6) ||
        !edge_str_copy(u->host, ip, cap)) {
        return false;
    }
    *port = u->port ? u->port : transport_of(u) == MSSIP_TRANSPORT_TLS ? 5061 : 5060;
    return true;
}

edge_conn *edge_interwork_connect(edge *e, const mssip_msg *req, const mssip_uri *u) {
    char ip[EDGE_IP_MAX];
    uint16_t port = 0;
    if (!uri_address(u, ip, sizeof ip, &port)) {
        return NULL;
    }
    mssip_transport t = transport_of(u);
    const um_pin *pin = pin_for(e, req);
    const char *why = "peer";
    if (pin != NULL && pin->port == port && strcmp(pin->ip, ip) == 0) {
        t = pin->transport; /* the Contact of the worker's 200 may name no transport */
        why = "pinned UM worker";
    } else if (edge_peer_find(&e->peers, ip, port) == NULL) {
        return NULL;
    }
    if (t != MSSIP_TRANSPORT_TCP) {
        edge_log(EDGE_WARN, "%s %s:%u: this proxy connects out over TCP only, not %s", why, ip,
                 (unsigned)port, transport_upper(t));
        return NULL;
    }
    return connect_tcp(e, ip, port, why);
}

/* ---- UM's redirect ----------------------------------------------------------------- */

/* Route and Record-Route values at the top of `msg` that `drop` says go. */
static bool drop_top(const edge *e, mssip_msg *msg, const char *name, const char *ip,
                     uint16_t port) {
    mssip_uri u;
    char host[EDGE_IP_MAX];
    uint16_t p = 0;
    while (mssip_msg_uri(msg, name, 0, &u) == MSSIP_OK) {
        bool ours = ip == NULL && (edge_str_ieq(u.host, e->host_bare) ||
                                   (e->cfg->pool != NULL && edge_str_ieq(u.host, e->cfg->pool)));
        bool theirs = ip != NULL && uri_address(&u, host, sizeof host, &p) && p == port &&
                      strcmp(host, ip) == 0;
        if (!ours && !theirs) {
            break;
        }
        if (mssip_msg_remove_value(msg, name, 0) != MSSIP_OK) {
            return false;
        }
    }
    return true;
}

/* Redirects already followed on the branch: the leading zeros of its Via's call number. */
static unsigned redirects_of(const mssip_msg *invite) {
    mssip_via v;
    const size_t plen = sizeof EDGE_TXN_PREFIX - 1;
    unsigned n = 0;
    if (mssip_msg_via(invite, 0, &v) == MSSIP_OK && v.branch.len > plen) {
        while (plen + n < v.branch.len && v.branch.ptr[plen + n] == '0') {
            n++;
        }
    }
    return n;
}

/* Our Via for the new branch: the call router's branch value (edge_txn.c), its call number
 * written with one more leading zero per redirect followed, so it is a new branch value
 * (RFC 3261 16.6 item 8) that edge_txn_parse still reads as this call's branch. */
static bool new_branch_via(const edge *e, mssip_msg *invite, const edge_conn *to, uint64_t seq,
                           uint32_t id, unsigned zeros) {
    const edge_listener *l = edge_listener_for(e, to->transport);
    char value[EDGE_IP_MAX + 128];
    if (l == NULL) {
        return false;
    }
    int n = snprintf(value, sizeof value,
                     "SIP/2.0/%s %s:%u;branch=" EDGE_TXN_PREFIX "%.*s%" PRIx64 "-%" PRIu32,
                     transport_upper(to->transport), edge_own_host(e), (unsigned)l->port, (int)zeros,
                     "000", seq, id);
    return n > 0 && (size_t)n < sizeof value &&
           mssip_msg_prepend_header(invite, "Via", value) == MSSIP_OK;
}

bool edge_interwork_redirect(edge *e, edge_call *c, edge_branch *b, const mssip_msg *resp) {
    uint16_t code = 0;
    mssip_msg_status(resp, &code);
    if ((code != 301 && code != 302) || c->call == NULL || b->final || b->cancelled ||
        b->invite == NULL) {
        return false;
    }
    const edge_peer *um = profile_of(e, b->hop.ip, b->hop.port);
    if (um == NULL || um->kind != EDGE_PEER_UM) {
        return false;
    }
    unsigned zeros = redirects_of(b->invite);
    if (zeros >= UM_REDIRECTS) {
        edge_log(EDGE_INFO, "call %" PRIx64 ": branch %" PRIu32 ": %d redirects followed; "
                 "this one goes upstream", c->seq, b->id, UM_REDIRECTS);
        return false;
    }
    mssip_um_branch next = {NULL, MSSIP_TRANSPORT_TCP};
    mssip_result rc = mssip_um_follow_branch(b->invite, resp, b->hop.transport, &next);
    if (rc != MSSIP_OK) {
        edge_log(EDGE_WARN, "call %" PRIx64 ": UM peer %s's %u not followed: %s (%s)", c->seq,
                 um->name, (unsigned)code, mssip_result_str(rc), mssip_last_error());
        return false;
    }
    /* RFC 3261 16.6 items 4 and 6: the Route pushed for UM and our Record-Route for the UM
     * side belonged to that branch; the worker's are written again */
    mssip_uri w;
    char ip[EDGE_IP_MAX];
    uint16_t port = 0;
    edge_conn *to = NULL;
    if (drop_top(e, next.invite, "Route", b->hop.ip, b->hop.port) &&
        drop_top(e, next.invite, "Record-Route", NULL, 0) &&
        mssip_msg_request_uri_parts(next.invite, &w) == MSSIP_OK &&
        uri_address(&w, ip, sizeof ip, &port)) {
        to = edge_conn_by_addr(e, next.transport, ip, port);
        if (to == NULL && next.transport == MSSIP_TRANSPORT_TCP) {
            to = connect_tcp(e, ip, port, "UM worker");
        }
    }
    edge_conn from = {.transport = c->caller.transport, .id = c->caller.conn_id};
    if (c->caller.transport == MSSIP_TRANSPORT_UDP) {
        from.id = 0;
    }
    if (to == NULL || !edge_record_route(e, next.invite, &from, to)) {
        edge_log(EDGE_WARN, "call %" PRIx64 ": UM peer %s's %u: no way to its worker", c->seq,
                 um->name, (unsigned)code);
        mssip_msg_free(next.invite);
        return false;
    }
    pin_add(e, next.invite, next.transport, ip, port, um);
    edge_interwork_request(e, next.invite, to);
    if (!new_branch_via(e, next.invite, to, c->seq, b->id, zeros + 1) ||
        !edge_conn_send_msg(e, to, next.invite)) {
        edge_log(EDGE_WARN, "call %" PRIx64 ": the INVITE to UM's worker was not sent", c->seq);
        mssip_msg_free(next.invite);
        return false;
    }
    mssip_str ruri = {"", 0};
    mssip_msg_request_uri(next.invite, &ruri);
    edge_log(EDGE_INFO, "call %" PRIx64 ": branch %" PRIu32 ": %u from UM peer %s followed to "
             "%.*s over %s (%s), worker pinned", c->seq, b->id, (unsigned)code, um->name,
             (int)ruri.len, ruri.ptr, transport_upper(next.transport), edge_conn_name(to));
    mssip_msg_free(b->invite);
    b->invite = next.invite;
    edge_hop_of(&b->hop, to);
    b->heard = false;
    b->resend_ms = 0;
    e->stats.forwarded++;
    return true;
}

/* ---- a plain peer's 415 -------------------------------------------------------------- */

static bool is_multipart(const mssip_msg *msg) {
    mssip_str ct;
    return mssip_msg_header(msg, "Content-Type", 0, &ct) == MSSIP_OK && ct.len >= 10 &&
           strncasecmp(ct.ptr, "multipart/", 10) == 0;
}

/* RFC 3261 16.7 item 6 leaves a proxy free to add branches to a call it forwards; this one
 * adds one for a 415 from a peer with `multipart auto` that has just said it refuses
 * multipart (edge_interwork_inbound learned it from this 415): the same INVITE, CSeq and
 * all (a proxy's branch is the caller's request, RFC 3261 16.6; the UA-side retry with CSeq
 * one higher, mssip_body_dialogs_on_415, is a new request of the caller's and not a
 * proxy's to make), with the body reduced to one SDP and our Via carrying a new branch
 * value (16.6 item 8; the 415'd transaction is over). Once per branch: the INVITE tried
 * again is not multipart, so its own 415 goes to the router, which sends it upstream. */
bool edge_interwork_retry_415(edge *e, edge_call *c, edge_branch *b, const mssip_msg *resp) {
    uint16_t code = 0;
    mssip_msg_status(resp, &code);
    if (code != 415 || c->call == NULL || b->final || b->cancelled || b->invite == NULL ||
        !is_multipart(b->invite)) {
        return false;
    }
    const edge_peer *p = profile_of(e, b->hop.ip, b->hop.port);
    if (p == NULL || p->multipart != EDGE_MULTIPART_AUTO ||
        multipart_known(p) != MSSIP_PEER_MULTIPART_REFUSED) {
        return false;
    }
    unsigned zeros = redirects_of(b->invite);
    edge_conn *to = edge_hop_conn(e, &b->hop);
    mssip_msg *retry = NULL;
    bool normalised = false;
    mssip_result rc = mssip_peer_body_reduce(p->body, b->invite, &retry);
    if (rc == MSSIP_OK && retry != NULL && p->sdp_plain) {
        rc = mssip_msg_sdp_normalise(retry, MSSIP_SDP_PLAIN_PEER, &normalised);
    }
    if (rc != MSSIP_OK || retry == NULL || zeros >= UM_REDIRECTS || to == NULL ||
        mssip_msg_remove_value(retry, "Via", 0) != MSSIP_OK ||
        !new_branch_via(e, retry, to, c->seq, b->id, zeros + 1) ||
        !edge_conn_send_msg(e, to, retry)) {
        edge_log(EDGE_WARN, "call %" PRIx64 ": branch %" PRIu32 ": peer %s's 415 not retried "
                 "with one SDP: %s", c->seq, b->id, p->name,
                 rc != MSSIP_OK ? mssip_result_str(rc) : "not sent");
        mssip_msg_free(retry);
        return false;
    }
    edge_log(EDGE_INFO, "call %" PRIx64 ": branch %" PRIu32 ": 415 from peer %s: INVITE "
             "tried again with one SDP (%s)", c->seq, b->id, p->name, edge_conn_name(to));
    mssip_msg_free(b->invite);
    b->invite = retry;
    b->heard = false;
    b->resend_ms = 0;
    if (to->transport == MSSIP_TRANSPORT_UDP) {
        b->resend_every = 500; /* RFC 3261 17.1.1.2: Timer A from T1 again */
        b->resend_ms = edge_now_ms() + b->resend_every;
    }
    e->stats.forwarded++;
    return true;
}
