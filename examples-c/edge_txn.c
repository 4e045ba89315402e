/* mssip_edge: the client transactions of the call router's branches (RFC 3261 17.1.1).
 * Each branch's INVITE carries our Via with branch z9hG4bK-mse-r<call>-<branch>, so that
 * its responses find the call and the branch, and the CANCEL (9.1) and the ACK of a non-2xx
 * final response (17.1.1.3) carry the same Via. Over UDP the INVITE is sent again until a
 * response comes (Timer A), and a CANCEL until its response or the INVITE's final one
 * (Timer E, 17.1.2.2); Timer C and Timer B (16.8, 17.1.1.2) are the branch deadlines
 * edge_routing.c keeps. Toward the caller, the server transaction (17.2.1) keeps the latest
 * response for the caller's INVITE retransmissions and, over UDP, sends a non-2xx final
 * response again (Timer G) until the ACK. A 2xx is never sent again by a proxy: the UAS
 * retransmits it, and each copy is forwarded (13.3.1.4, 16.7 item 5). All these timers are
 * deadlines of the edge's loop, like the router's own. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edge_routing.h"

#define TIMER_B_MS 32000u /* 64 * T1: a CANCEL that is never answered; Timer H too */
#define T1_MS 500u
#define T2_MS 4000u /* RFC 3261 17.1.2.2: non-INVITE and final-response retransmissions cap */

static const char *transport_upper(mssip_transport t) {
    return t == MSSIP_TRANSPORT_TLS ? "TLS" : t == MSSIP_TRANSPORT_UDP ? "UDP" : "TCP";
}

void edge_hop_of(edge_hop *h, const edge_conn *c) {
    memset(h, 0, sizeof *h);
    h->transport = c->transport;
    h->conn_id = c->id;
    snprintf(h->ip, sizeof h->ip, "%s", c->ip);
    h->port = c->port;
}

edge_conn *edge_hop_conn(edge *e, const edge_hop *h) {
    return h->transport == MSSIP_TRANSPORT_UDP ? edge_udp_to(e, h->ip, h->port)
                                               : edge_conn_by_id(e, h->conn_id);
}

static bool via_value(const edge *e, const edge_conn *to, uint64_t seq, uint32_t id, char *buf,
                      size_t cap) {
    mssip_transport t = to->transport;
    const edge_listener *l = edge_listener_for(e, t);
    if (l == NULL) {
        return false;
    }
    int n = snprintf(buf, cap, "SIP/2.0/%s %s:%u;branch=" EDGE_TXN_PREFIX "%" PRIx64 "-%" PRIu32,
                     transport_upper(t), edge_own_host_to(e, to), (unsigned)l->port, seq, id);
    return n > 0 && (size_t)n < cap;
}

bool edge_txn_parse(mssip_str branch, uint64_t *seq, uint32_t *id) {
    const size_t plen = sizeof EDGE_TXN_PREFIX - 1;
    char text[64];
    if (branch.len <= plen || memcmp(branch.ptr, EDGE_TXN_PREFIX, plen) != 0 ||
        branch.len - plen >= sizeof text) {
        return false;
    }
    memcpy(text, branch.ptr + plen, branch.len - plen);
    text[branch.len - plen] = '\0';
    char *end = NULL;
    unsigned long long s = strtoull(text, &end, 16);
    if (end == text || *end != '-') {
        return false;
    }
    char *stop = NULL;
    unsigned long b = strtoul(end + 1, &stop, 10);
    if (stop == end + 1 || *stop != '\0' || b == 0 || b > UINT32_MAX) {
        return false;
    }
    *seq = s;
    *id = (uint32_t)b;
    return true;
}

bool edge_txn_invite(edge *e, uint64_t seq, edge_branch *b, mssip_msg *invite, edge_conn *to) {
    char via[EDGE_IP_MAX + 96];
    if (!via_value(e, to, seq, b->id, via, sizeof via) ||
        mssip_msg_prepend_header(invite, "Via", via) != MSSIP_OK) {
        mssip_msg_free(invite);
        return false;
    }
    edge_hop_of(&b->hop, to);
    if (!edge_conn_send_msg(e, to, invite)) {
        mssip_msg_free(invite);
        return false;
    }
    b->invite = invite;
    if (to->transport == MSSIP_TRANSPORT_UDP) {
        b->resend_every = T1_MS;
        b->resend_ms = edge_now_ms() + T1_MS;
    }
    return true;
}

void edge_txn_retransmit(edge *e, edge_branch *b, uint64_t now_ms) {
    if (b->resend_ms == 0 || b->heard || b->final || b->invite == NULL) {
        b->resend_ms = 0;
        return;
    }
    if (b->resend_ms > now_ms) {
        return;
    }
    b->resend_every *= 2;
    b->resend_ms = now_ms + b->resend_every;
    edge_conn *to = edge_hop_conn(e, &b->hop);
    if (to != NULL && edge_conn_send_msg(e, to, b->invite)) {
        edge_log(EDGE_INFO, "branch %" PRIu32 ": INVITE sent again to %s (no response yet)",
                 b->id, edge_conn_name(to));
    }
}

void edge_txn_cancel(edge *e, edge_branch *b, const mssip_msg *cancel, const char *reason_value) {
    mssip_str via, to_view;
    mssip_msg *out = NULL;
    char value[EDGE_IP_MAX + 128], to_value[1024];
    edge_conn *to = edge_hop_conn(e, &b->hop);
    b->cancelled = true;
    b->deadline_ms = edge_now_ms() + TIMER_B_MS;
    /* RFC 3261 9.1: the To of the INVITE as sent (with the epid edge_routing.c put there) */
    if (to == NULL || mssip_msg_header(b->invite, "Via", 0, &via) != MSSIP_OK ||
        !edge_str_copy(via, value, sizeof value) ||
        mssip_msg_header(b->invite, "To", 0, &to_view) != MSSIP_OK ||
        !edge_str_copy(to_view, to_value, sizeof to_value) ||
        mssip_msg_clone(cancel, &out) != MSSIP_OK ||
        mssip_msg_replace_value(out, "To", 0, to_value) != MSSIP_OK ||
        mssip_msg_prepend_header(out, "Via", value) != MSSIP_OK ||
        (reason_value != NULL && (mssip_msg_remove_all(out, "Reason", NULL) != MSSIP_OK ||
                                  mssip_msg_add_header(out, "Reason", reason_value) != MSSIP_OK))) {
        edge_log(EDGE_WARN, "branch %" PRIu32 ": CANCEL not sent", b->id);
        mssip_msg_free(out);
        return;
    }
    mssip_str reason = {"", 0};
    mssip_msg_header(out, "Reason", 0, &reason);
    if (edge_conn_send_msg(e, to, out)) {
        edge_log(EDGE_INFO, "branch %" PRIu32 ": CANCEL sent to %s%s%.*s", b->id,
                 edge_conn_name(to), reason.len ? ", Reason: " : "", (int)reason.len,
                 reason.ptr);
    }
    if (to->transport == MSSIP_TRANSPORT_UDP && b->cancel == NULL) {
        b->cancel = out; /* sent again until its response (Timer E) */
        b->cancel_every = T1_MS;
        b->cancel_resend_ms = edge_now_ms() + T1_MS;
        return;
    }
    mssip_msg_free(out);
}

void edge_txn_cancel_retransmit(edge *e, edge_branch *b, uint64_t now_ms) {
    if (b->cancel == NULL || b->cancel_resend_ms == 0) {
        return;
    }
    if (b->final) {
        /* the INVITE's final response came: the CANCEL has nothing left to end */
        b->cancel_resend_ms = 0;
        return;
    }
    if (b->cancel_resend_ms > now_ms) {
        return;
    }
    b->cancel_every = b->cancel_every * 2 < T2_MS ? b->cancel_every * 2 : T2_MS;
    b->cancel_resend_ms = now_ms + b->cancel_every;
    edge_conn *to = edge_hop_conn(e, &b->hop);
    if (to != NULL && edge_conn_send_msg(e, to, b->cancel)) {
        edge_log(EDGE_INFO, "branch %" PRIu32 ": CANCEL sent again to %s (no response yet)",
                 b->id, edge_conn_name(to));
    }
}

void edge_txn_release(edge_branch *b) {
    mssip_msg_free(b->invite);
    mssip_msg_free(b->cancel);
    b->invite = NULL;
    b->cancel = NULL;
    b->resend_ms = 0;
    b->cancel_resend_ms = 0;
}

/* ---- the caller's side (RFC 3261 17.2.1) ----------------------------------------------- */

void edge_txn_server_sent(edge_server_txn *s, const edge_hop *caller, const mssip_msg *resp) {
    uint16_t code = 0;
    mssip_msg *copy = NULL;
    mssip_msg_status(resp, &code);
    if (s->resend_ms != 0 && code < 200) {
        return; /* a final response went: a late provisional does not replace it */
    }
    if (mssip_msg_clone(resp, &copy) != MSSIP_OK) {
        return;
    }
    mssip_msg_free(s->last);
    s->last = copy;
    if (code >= 300 && caller->transport == MSSIP_TRANSPORT_UDP && s->resend_ms == 0) {
        s->resend_every = T1_MS;
        s->resend_ms = edge_now_ms() + T1_MS;
        s->until_ms = edge_now_ms() + TIMER_B_MS; /* Timer H = 64 * T1, as Timer B */
    }
}

void edge_txn_server_release(edge_server_txn *s) {
    mssip_msg_free(s->last);
    memset(s, 0, sizeof *s);
}

bool edge_txn_server_resend(edge *e, const edge_server_txn *s, const edge_hop *caller) {
    edge_conn *to = s->last != NULL ? edge_hop_conn(e, caller) : NULL;
    if (to == NULL || !edge_conn_send_msg(e, to, s->last)) {
        return false;
    }
    uint16_t code = 0;
    mssip_msg_status(s->last, &code);
    edge_log(EDGE_INFO, "%u sent again to the caller, %s (its INVITE came again)",
             (unsigned)code, edge_conn_name(to));
    return true;
}

void edge_txn_server_retransmit(edge *e, edge_server_txn *s, const edge_hop *caller,
                                uint64_t now_ms) {
    if (s->resend_ms == 0 || s->last == NULL) {
        return;
    }
    if (s->acked || now_ms >= s->until_ms) {
        s->resend_ms = 0;
        return;
    }
    if (s->resend_ms > now_ms) {
        return;
    }
    s->resend_every = s->resend_every * 2 < T2_MS ? s->resend_every * 2 : T2_MS;
    s->resend_ms = now_ms + s->resend_every;
    edge_conn *to = edge_hop_conn(e, caller);
    uint16_t code = 0;
    mssip_msg_status(s->last, &code);
    if (to != NULL && edge_conn_send_msg(e, to, s->last)) {
        edge_log(EDGE_INFO, "%u sent again to the caller, %s (no ACK yet)", (unsigned)code,
                 edge_conn_name(to));
    }
}

/* Copies header `name` (its `index`-th field) into the list, in `buf`. */
static bool take(const mssip_msg *m, const char *name, char *buf, size_t cap,
                 mssip_header *h) {
    mssip_str s;
    if (mssip_msg_header(m, name, 0, &s) != MSSIP_OK || !edge_str_copy(s, buf, cap)) {
        return false;
    }
    h->name = name;
    h->value = buf;
    return true;
}

void edge_txn_ack(edge *e, const edge_branch *b, const mssip_msg *resp) {
    char ruri[1024], via[512], from[512], to[512], call_id[EDGE_CALL_ID_MAX], cseq[32];
    mssip_header h[5 + 8];
    mssip_str ruri_view, method;
    uint32_t number = 0;
    size_t n = 0;
    if (b->invite == NULL || mssip_msg_request_uri(b->invite, &ruri_view) != MSSIP_OK ||
        !edge_str_copy(ruri_view, ruri, sizeof ruri) ||
        !take(b->invite, "Via", via, sizeof via, &h[n++]) ||
        !take(b->invite, "From", from, sizeof from, &h[n++]) ||
        !take(resp, "To", to, sizeof to, &h[n++]) ||
        !take(b->invite, "Call-ID", call_id, sizeof call_id, &h[n++]) ||
        mssip_msg_cseq(b->invite, &number, &method) != MSSIP_OK) {
        edge_log(EDGE_WARN, "branch %" PRIu32 ": no ACK could be built", b->id);
        return;
    }
    snprintf(cseq, sizeof cseq, "%" PRIu32 " ACK", number);
    h[n].name = "CSeq";
    h[n++].value = cseq;
    h[n].name = "Max-Forwards";
    h[n++].value = "70";
    /* the Route of the INVITE, at most 7 values (RFC 3261 17.1.1.3) */
    char routes[7][512];
    for (size_t i = 0; i < 7; i++) {
        mssip_str r;
        if (mssip_msg_header(b->invite, "Route", i, &r) != MSSIP_OK ||
            !edge_str_copy(r, routes[i], sizeof routes[i])) {
            break;
        }
        h[n].name = "Route";
        h[n++].value = routes[i];
    }
    mssip_msg *ack = NULL;
    edge_conn *c = edge_hop_conn(e, &b->hop);
    if (c != NULL &&
        mssip_msg_new_request("ACK", ruri, h, n, NULL, NULL, 0, &ack) == MSSIP_OK) {
        edge_conn_send_msg(e, c, ack);
    }
    mssip_msg_free(ack);
}
