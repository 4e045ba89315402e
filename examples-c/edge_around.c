/* mssip_edge: what the proxy does around a call it routes.
 * - MS-OCEXUM 2.2.1, 3.1: `Ms-Exchange-Command: skip-pin` lets a caller into a mailbox
 *   without its PIN. The library keeps it only on an INVITE that came over TLS from a caller
 *   the host authenticated; this proxy authenticates no client (TLS here is server-side
 *   only), so it removes skip-pin from every INVITE it forwards, whatever the transport.
 * - MS-SIPRE 3.12.5.2: the correlation id of each dialog-creating INVITE is logged with its
 *   Call-ID (one INFO line).
 * - MS-OCEXUM 3.2: a Play-On-Phone INVITE (Ms-Sensitivity: private-no-diversion, From equal
 *   to To, Contact with automata) is logged; the call router never sends it to voice mail
 *   nor forwards it (MS-SIPRE 3.9.5.2.1, the no-diversion rules of the library's router).
 * - MS-SIPRE 3.14: a call that Exchange UM (or any user agent) transfers with a REFER is
 *   the transferee's to re-place: the REFER goes inside the dialog along its Record-Route
 *   to the transferee's user agent, which copies the Ms-Sensitivity of the Refer-To URI's
 *   headers into the INVITE it sends for it (3.14.5, when it advertised ms-safe-transfer).
 *   That INVITE reaches this proxy as a new call and the call router honours its
 *   Ms-Sensitivity (3.9.5.2.1: no voice mail, no forwarding for a -no-diversion value). A
 *   proxy has nothing to copy: it logs the sensitivity a REFER asks for, and the referred
 *   INVITE's.
 * - MS-SIPRE 3.17.5.2: for an emergency call (`Priority: emergency`) the notification URIs
 *   of its LocationPolicyTagID are read from DIR/e911/<tag> (DIR/e911/default when the
 *   PIDF-LO names none), one URI per line, `#` lines and blank lines skipped; one
 *   notification IM INVITE goes to each through the usual routing (a user of the domain via
 *   the location service). Their final responses are acknowledged here (a 2xx also gets a
 *   BYE: the notification is the whole conversation). Over UDP a notification is sent again
 *   until a response comes, Timer A doubling from T1 (RFC 3261 17.1.1.2); one without a
 *   final response is given up after Timer B (64 * T1, times --timer-scale). Whatever
 *   happens to them, the emergency call is routed after. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edge.h"

#define NOTIFY_PREFIX "z9hG4bK-mse-n" /* our Via branch on notification INVITEs */
#define MAX_NOTIFICATIONS 8           /* targets per emergency call */
#define T1_MS 500u                    /* RFC 3261 17.1.1.1: Timer A starts at T1 */
#define TIMER_B_MS 32000u             /* 64 * T1: a notification never answered */

static const mssip_str empty = {NULL, 0};

static const char *transport_upper(mssip_transport t) {
    return t == MSSIP_TRANSPORT_TLS ? "TLS" : t == MSSIP_TRANSPORT_UDP ? "UDP" : "TCP";
}

/* ---- MS-OCEXUM 3.1: skip-pin ------------------------------------------------------------ */

static void guard_skip_pin(edge_conn *c, mssip_msg *req) {
    mssip_um_skip_pin verdict = MSSIP_UM_SKIP_PIN_ABSENT;
    mssip_result rc = mssip_um_guard_skip_pin(req, c->transport, false, false, &verdict);
    if (rc == MSSIP_OK) {
        if (verdict == MSSIP_UM_SKIP_PIN_STRIPPED) {
            edge_log(EDGE_INFO, "%s: Ms-Exchange-Command skip-pin removed (no authenticated TLS caller)",
                     edge_conn_name(c));
        }
        return;
    }
    /* UDP (MS-OCEXUM 2.1), a repeated or unknown command: the library left the message as it
     * was; no command of that INVITE is passed on. */
    size_t removed = 0;
    mssip_msg_remove_all(req, "Ms-Exchange-Command", &removed);
    edge_log(EDGE_WARN, "%s: %zu Ms-Exchange-Command fields removed: %s", edge_conn_name(c),
             removed, mssip_result_str(rc));
}

/* ---- MS-SIPRE 3.17.5.2: E911 notifications ------------------------------------------------ */

/* True the first time an emergency Call-ID is seen (a resent INVITE notifies nobody). */
static bool first_emergency(edge_around *a, mssip_str call_id) {
    char id[sizeof a->seen[0]];
    if (!edge_str_copy(call_id, id, sizeof id)) {
        return true;
    }
    for (size_t i = 0; i < EDGE_E911_SEEN; i++) {
        if (strcmp(a->seen[i], id) == 0) {
            return false;
        }
    }
    memcpy(a->seen[a->next_seen], id, sizeof id);
    a->next_seen = (a->next_seen + 1) % EDGE_E911_SEEN;
    return true;
}

/* A policy name stays a file name inside DIR/e911/. */
static bool policy_name_ok(mssip_str tag) {
    if (tag.len == 0 || tag.len > 128 || tag.ptr[0] == '.') {
        return false;
    }
    for (size_t i = 0; i < tag.len; i++) {
        if (tag.ptr[i] == '/' || tag.ptr[i] == '\0') {
            return false;
        }
    }
    return true;
}

/* mssip_e911_policy_fn: the URIs of DIR/e911/<tag>, one a line. */
static mssip_result read_policy(void *user_data, mssip_str tag, mssip_e911_uris *uris) {
    const edge *e = user_data;
    if (e->data.dir == NULL) {
        edge_log(EDGE_WARN, "E911: no --data folder, so no notification policy");
        return MSSIP_E_NOT_FOUND;
    }
    if (tag.len == 0) {
        tag = (mssip_str){"default", 7};
    }
    if (!policy_name_ok(tag)) {
        edge_log(EDGE_WARN, "E911: policy name %.*s is no file name", (int)tag.len, tag.ptr);
        return MSSIP_E_INVALID_ARGUMENT;
    }
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/e911/%.*s", e->data.dir, (int)tag.len, tag.ptr);
    FILE *f = n > 0 && (size_t)n < sizeof path ? fopen(path, "r") : NULL;
    if (f == NULL) {
        edge_log(EDGE_WARN, "E911: no policy file e911/%.*s", (int)tag.len, tag.ptr);
        return MSSIP_E_NOT_FOUND;
    }
    char line[1024];
    mssip_result rc = MSSIP_OK;
    while (rc == MSSIP_OK && fgets(line, sizeof line, f) != NULL) {
        size_t len = strcspn(line, "\r\n");
        line[len] = '\0';
        const char *uri = line + strspn(line, " \t");
        if (*uri != '\0' && *uri != '#') {
            rc = mssip_e911_uris_add(uris, uri);
        }
    }
    fclose(f);
    return rc;
}

/* The notification `seq`, or (seq 0) a free slot: one never used, answered, or given up
 * after Timer B (edge_around_tick). */
static edge_notification *pending_slot(edge_around *a, uint64_t seq) {
    for (size_t i = 0; i < EDGE_E911_PENDING; i++) {
        if (a->pending[i].seq == seq) {
            return &a->pending[i];
        }
    }
    return NULL;
}

/* Starts the client transaction of a notification just sent as `out` over `to`: Timer B,
 * and over UDP Timer A with the bytes to send again (RFC 3261 17.1.1.2). */
static void start_timers(const edge *e, edge_notification *n, const mssip_msg *out,
                         const edge_conn *to) {
    uint64_t now = edge_now_ms();
    n->deadline_ms = now + (uint64_t)((double)TIMER_B_MS * e->cfg->timer_scale);
    n->resend_ms = 0;
    n->wire_len = 0;
    if (to->transport != MSSIP_TRANSPORT_UDP) {
        return; /* a reliable transport retransmits itself */
    }
    size_t len = 0;
    if (mssip_msg_serialize(out, n->wire, sizeof n->wire, &len) != MSSIP_OK) {
        edge_log(EDGE_WARN, "E911: notification %" PRIx64 " too long to be sent again", n->seq);
        return;
    }
    n->wire_len = len;
    snprintf(n->ip, sizeof n->ip, "%s", to->ip);
    n->port = to->port;
    n->resend_every = T1_MS;
    n->resend_ms = now + T1_MS;
}

uint64_t edge_around_deadline(const edge *e, uint64_t next_ms) {
    for (size_t i = 0; i < EDGE_E911_PENDING; i++) {
        const edge_notification *n = &e->around.pending[i];
        if (n->seq == 0) {
            continue;
        }
        if (n->deadline_ms < next_ms) {
            next_ms = n->deadline_ms;
        }
        if (n->resend_ms != 0 && n->resend_ms < next_ms) {
            next_ms = n->resend_ms;
        }
    }
    return next_ms;
}

void edge_around_tick(edge *e, uint64_t now_ms) {
    for (size_t i = 0; i < EDGE_E911_PENDING; i++) {
        edge_notification *n = &e->around.pending[i];
        if (n->seq == 0) {
            continue;
        }
        if (n->deadline_ms <= now_ms) {
            edge_log(EDGE_WARN, "E911: notification %" PRIx64 " got no final response (Timer B)",
                     n->seq);
            n->seq = 0;
            continue;
        }
        if (n->resend_ms == 0 || n->resend_ms > now_ms) {
            continue;
        }
        /* Timer A: sent again, the interval doubled. */
        n->resend_every *= 2;
        n->resend_ms = now_ms + n->resend_every;
        edge_conn *to = edge_udp_to(e, n->ip, n->port);
        if (to != NULL && edge_conn_send(e, to, n->wire, n->wire_len)) {
            edge_log(EDGE_INFO, "E911: notification %" PRIx64 " sent again to %s (no response yet)",
                     n->seq, edge_conn_name(to));
        }
    }
}

/* mssip_e911_send_fn: our Via on a copy, then where the location service says. */
static mssip_result send_notification(void *user_data, mssip_str target,
                                      const mssip_msg *notification) {
    edge *e = user_data;
    mssip_msg *copy = NULL;
    if (mssip_msg_clone(notification, &copy) != MSSIP_OK) {
        return MSSIP_E_UNUSABLE;
    }
    edge_route r = edge_find_target(e, copy, "INVITE");
    mssip_msg *out = r.request != NULL ? r.request : copy;
    edge_notification *slot = pending_slot(&e->around, 0);
    mssip_result rc = MSSIP_OK;
    char via[EDGE_IP_MAX + 96];
    uint64_t seq = ++e->around.next_seq;
    const edge_listener *l = r.conn != NULL ? edge_listener_for(e, r.conn->transport) : NULL;
    mssip_str ruri = empty;
    if (r.conn == NULL || l == NULL) {
        edge_log(EDGE_WARN, "E911: notification to %.*s not sent: %u", (int)target.len,
                 target.ptr, (unsigned)r.code);
        rc = MSSIP_E_NOT_FOUND;
    } else if (slot == NULL) {
        edge_log(EDGE_WARN, "E911: notification to %.*s not sent: too many pending",
                 (int)target.len, target.ptr);
        rc = MSSIP_E_LIMIT;
    } else if (snprintf(via, sizeof via, "SIP/2.0/%s %s:%u;branch=" NOTIFY_PREFIX "%" PRIx64,
                        transport_upper(r.conn->transport), edge_own_host(e), (unsigned)l->port,
                        seq) >= (int)sizeof via ||
               mssip_msg_prepend_header(out, "Via", via) != MSSIP_OK ||
               mssip_msg_request_uri(out, &ruri) != MSSIP_OK ||
               !edge_str_copy(ruri, slot->ruri, sizeof slot->ruri) ||
               !edge_conn_send_msg(e, r.conn, out)) {
        edge_log(EDGE_WARN, "E911: notification to %.*s could not be sent", (int)target.len,
                 target.ptr);
        rc = MSSIP_E_UNUSABLE;
    } else {
        slot->seq = seq;
        start_timers(e, slot, out, r.conn);
        edge_log(EDGE_INFO, "E911: notification %" PRIx64 " to %.*s sent to %s", seq,
                 (int)target.len, target.ptr, edge_conn_name(r.conn));
    }
    mssip_msg_free(r.answer);
    mssip_msg_free(r.request);
    mssip_msg_free(copy);
    return rc;
}

static void notify_emergency(edge *e, mssip_msg *req) {
    mssip_str call_id = empty;
    bool emergency = false;
    if (mssip_e911_is_emergency(req, &emergency) != MSSIP_OK || !emergency ||
        mssip_msg_header(req, "Call-ID", 0, &call_id) != MSSIP_OK ||
        !first_emergency(&e->around, call_id)) {
        return;
    }
    mssip_e911_report report;
    memset(&report, 0, sizeof report);
    if (mssip_e911_notify(req, MAX_NOTIFICATIONS, read_policy, send_notification, e, &report) !=
        MSSIP_OK) {
        edge_log(EDGE_WARN, "E911: notifications not run: %s", mssip_last_error());
    }
    edge_log(EDGE_INFO, "E911: emergency call %.*s: location %s, %zu notifications sent, %zu failed; routing the call",
             (int)call_id.len, call_id.ptr, report.location ? "read" : "missing", report.sent,
             report.failed);
}

/* ---- the request hook -------------------------------------------------------------------- */

static void log_correlation(const edge_conn *c, const mssip_msg *req) {
    mssip_str id = empty, call_id = empty;
    if (mssip_correlation_for_log(req, &id) == MSSIP_OK &&
        mssip_msg_header(req, "Call-ID", 0, &call_id) == MSSIP_OK) {
        edge_log(EDGE_INFO, "%s: dialog Call-ID %.*s correlation id %.*s", edge_conn_name(c),
                 (int)call_id.len, call_id.ptr, (int)id.len, id.ptr);
    }
}

/* ---- MS-SIPRE 3.14: safe transfer ------------------------------------------------------- */

/* A REFER: the Ms-Sensitivity its Refer-To asks the triggered INVITE to carry. */
static void log_refer(const edge_conn *c, const mssip_msg *refer) {
    char value[64];
    size_t len = 0;
    mssip_result rc = mssip_transfer_refer_sensitivity(refer, value, sizeof value, &len);
    if (rc == MSSIP_OK) {
        edge_log(EDGE_INFO, "%s: REFER: the triggered INVITE is to carry Ms-Sensitivity: %s",
                 edge_conn_name(c), value);
    } else if (rc != MSSIP_E_NOT_FOUND) {
        edge_log(EDGE_WARN, "%s: REFER: %s (%s)", edge_conn_name(c), mssip_result_str(rc),
                 mssip_last_error());
    }
}

/* A dialog-creating INVITE with Referred-By: the INVITE a REFER triggered. */
static void log_referred(const edge_conn *c, const mssip_msg *invite) {
    mssip_str by = empty, sensitivity = empty;
    if (mssip_msg_header(invite, "Referred-By", 0, &by) != MSSIP_OK) {
        return;
    }
    if (mssip_msg_header(invite, "Ms-Sensitivity", 0, &sensitivity) != MSSIP_OK) {
        sensitivity = (mssip_str){"normal", 6};
    }
    edge_log(EDGE_INFO, "%s: INVITE referred by %.*s with Ms-Sensitivity %.*s",
             edge_conn_name(c), (int)by.len, by.ptr, (int)sensitivity.len, sensitivity.ptr);
}

void edge_around_request(edge *e, edge_conn *c, mssip_msg *req, const char *method) {
    if (strcmp(method, "REFER") == 0) {
        log_refer(c, req);
        return;
    }
    if (strcmp(method, "INVITE") != 0) {
        return;
    }
    guard_skip_pin(c, req);
    mssip_str tag;
    if (mssip_msg_header_param(req, "To", 0, "tag", &tag) != MSSIP_E_NOT_FOUND) {
        return; /* inside a dialog */
    }
    log_correlation(c, req);
    log_referred(c, req);
    mssip_um_play_on_phone_info pop;
    if (mssip_um_play_on_phone_read(req, &pop) == MSSIP_OK) {
        edge_log(EDGE_INFO, "%s: Play-On-Phone INVITE for %.*s: never diverted",
                 edge_conn_name(c), (int)pop.user.len, pop.user.ptr);
    }
    notify_emergency(e, req);
}

/* ---- responses to the notifications ------------------------------------------------------- */

/* The URI inside <...> of a Contact value (or the value itself). */
static bool contact_uri(mssip_str v, char *buf, size_t cap) {
    const char *lt = memchr(v.ptr, '<', v.len);
    if (lt != NULL) {
        const char *gt = memchr(lt, '>', v.len - (size_t)(lt - v.ptr));
        if (gt == NULL) {
            return false;
        }
        v = (mssip_str){lt + 1, (size_t)(gt - lt - 1)};
    }
    return edge_str_copy(v, buf, cap);
}

/* Sends `method` (ACK or BYE) for the notification's response over `c`: the same Via branch
 * for the ACK of a non-2xx (RFC 3261 17.1.1.3), a new one for requests of the dialog. */
static void send_in_dialog(edge *e, edge_conn *c, const mssip_msg *resp, const char *method,
                           const char *ruri, const char *branch, uint32_t cseq) {
    mssip_str from = empty, to = empty, call_id = empty;
    const edge_listener *l = edge_listener_for(e, c->transport);
    if (l == NULL || mssip_msg_header(resp, "From", 0, &from) != MSSIP_OK ||
        mssip_msg_header(resp, "To", 0, &to) != MSSIP_OK ||
        mssip_msg_header(resp, "Call-ID", 0, &call_id) != MSSIP_OK) {
        return;
    }
    char text[4096];
    int n = snprintf(text, sizeof text,
                     "%s %s SIP/2.0\r\nVia: SIP/2.0/%s %s:%u;branch=%s\r\nMax-Forwards: 70\r\n"
                     "From: %.*s\r\nTo: %.*s\r\nCall-ID: %.*s\r\nCSeq: %" PRIu32
                     " %s\r\nContent-Length: 0\r\n\r\n",
                     method, ruri, transport_upper(c->transport), edge_own_host(e), (unsigned)l->port,
                     branch, (int)from.len, from.ptr, (int)to.len, to.ptr, (int)call_id.len,
                     call_id.ptr, cseq, method);
    if (n > 0 && (size_t)n < sizeof text) {
        edge_conn_send(e, c, (const uint8_t *)text, (size_t)n);
    }
}

bool edge_around_response(edge *e, edge_conn *c, const mssip_msg *resp) {
    mssip_via v;
    const size_t plen = sizeof NOTIFY_PREFIX - 1;
    if (mssip_msg_via(resp, 0, &v) != MSSIP_OK || v.branch.len <= plen || v.branch.len > 40 ||
        memcmp(v.branch.ptr, NOTIFY_PREFIX, plen) != 0) {
        return false;
    }
    char branch[48], digits[32];
    edge_str_copy(v.branch, branch, sizeof branch);
    snprintf(digits, sizeof digits, "%s", branch + plen);
    uint64_t seq = strtoull(digits, NULL, 16);
    edge_notification *n = seq != 0 ? pending_slot(&e->around, seq) : NULL;
    uint16_t code = 0;
    uint32_t cseq = 0;
    mssip_str method = empty;
    mssip_msg_status(resp, &code);
    mssip_msg_cseq(resp, &cseq, &method);
    if (n != NULL && edge_str_eq(method, "INVITE")) {
        n->resend_ms = 0; /* any response ends the retransmissions (17.1.1.2) */
    }
    if (n == NULL || code < 200 || !edge_str_eq(method, "INVITE")) {
        return true; /* provisional, the 200 of our BYE, or one already handled */
    }
    edge_log(EDGE_INFO, "E911: notification %" PRIx64 " answered %u", seq, (unsigned)code);
    edge_conn *to = c->transport == MSSIP_TRANSPORT_UDP ? edge_udp_to(e, c->ip, c->port) : c;
    if (code >= 300) {
        send_in_dialog(e, to, resp, "ACK", n->ruri, branch, cseq);
    } else {
        mssip_str contact = empty;
        char uri[512], fresh[64];
        if (mssip_msg_header(resp, "Contact", 0, &contact) == MSSIP_OK &&
            contact_uri(contact, uri, sizeof uri)) {
            snprintf(fresh, sizeof fresh, "%s-a", branch);
            send_in_dialog(e, to, resp, "ACK", uri, fresh, cseq);
            snprintf(fresh, sizeof fresh, "%s-b", branch);
            send_in_dialog(e, to, resp, "BYE", uri, fresh, cseq + 1);
        }
    }
    n->seq = 0;
    return true;
}
