/* mssip_edge: the registrar of the domain and the lookups in its location service, both the
 * library's (mssip_registrar): REGISTER answered (MS-SIPRE 3.3.5.1, 3.4.5.1: bindings with
 * their connection id and a GRUU each), the targets of a request to a registered user or
 * GRUU (3.2.5.3, 3.4.5.2), the 430 of a dialog-creating request from a GRUU nobody holds any
 * more (3.7.5.2). The proxy adds what only it knows: which users exist (--data), the clock,
 * which connections closed, and a purge of expired bindings once a minute. */
#include <stdio.h>
#include <string.h>

#include "edge.h"

#define PURGE_EVERY_MS 60000u

bool edge_registrar_open(edge *e) {
    mssip_result rc = mssip_registrar_new(e->cfg->domain, &e->reg);
    if (rc == MSSIP_OK) {
        rc = mssip_registrar_location(e->reg, &e->loc);
    }
    if (rc != MSSIP_OK) {
        edge_log(EDGE_ERROR, "registrar for %s: %s (%s)", e->cfg->domain, mssip_result_str(rc),
                 mssip_last_error());
        return false;
    }
    e->next_purge_ms = edge_now_ms() + PURGE_EVERY_MS;
    return true;
}

void edge_registrar_close(edge *e) {
    mssip_location_free(e->loc);
    mssip_registrar_free(e->reg);
    e->loc = NULL;
    e->reg = NULL;
}

void edge_registrar_tick(edge *e, uint64_t now_ms) {
    if (e->loc == NULL || now_ms < e->next_purge_ms) {
        return;
    }
    e->next_purge_ms = now_ms + PURGE_EVERY_MS;
    size_t removed = 0;
    if (mssip_location_purge(e->loc, edge_wall_s(), &removed) == MSSIP_OK && removed > 0) {
        edge_log(EDGE_INFO, "registrar: %zu expired bindings purged", removed);
    }
}

void edge_registrar_conn_closed(edge *e, uint64_t conn_id) {
    size_t affected = 0;
    if (e->loc != NULL &&
        mssip_location_connection_closed(e->loc, conn_id, &affected) == MSSIP_OK && affected > 0) {
        edge_log(EDGE_INFO,
                 "registrar: %zu bindings of conn %llX unroutable until they register again",
                 affected, (unsigned long long)conn_id);
    }
}

/* Does the user named by the URI in header `name` (or the Request-URI when NULL) exist,
 * when that URI is in our domain? URIs of other domains pass: the library judges them. */
static bool user_known(const edge *e, const mssip_msg *msg, const char *name) {
    mssip_uri u;
    mssip_result rc = name ? mssip_msg_uri(msg, name, 0, &u) : mssip_msg_request_uri_parts(msg, &u);
    if (rc != MSSIP_OK || !edge_str_ieq(u.host, e->cfg->domain)) {
        return true;
    }
    return edge_data_user_exists(&e->data, u.user.ptr, u.user.len);
}

mssip_msg *edge_register(edge *e, const edge_conn *c, const mssip_msg *req) {
    mssip_msg *resp = NULL;
    if (!user_known(e, req, "To")) {
        mssip_msg_new_response(req, 404, "User not provisioned", NULL, &resp);
        return resp;
    }
    mssip_peer peer = {c->transport, c->ip, c->port, c->id};
    mssip_result rc = mssip_registrar_process(e->reg, req, &peer, edge_wall_s(), &resp);
    if (rc != MSSIP_OK) {
        edge_log(EDGE_WARN, "%s: REGISTER not answered: %s (%s)", edge_conn_name(c),
                 mssip_result_str(rc), mssip_last_error());
        return NULL;
    }
    uint16_t code = 0;
    mssip_str aor = {"", 0};
    mssip_msg_status(resp, &code);
    mssip_msg_header(req, "To", 0, &aor);
    edge_log(EDGE_INFO, "%s: REGISTER %.*s: %u", edge_conn_name(c), (int)aor.len,
             aor.ptr, (unsigned)code);
    return resp;
}

mssip_msg *edge_dialog_check(edge *e, const mssip_msg *req) {
    mssip_msg *resp = NULL;
    if (mssip_registrar_check_dialog(e->reg, req, edge_wall_s(), &resp) != MSSIP_OK) {
        return NULL;
    }
    return resp;
}

/* A binding registered over UDP has no connection: its Contact's address is the way. */
static edge_conn *udp_target(edge *e, const mssip_target *t) {
    mssip_uri u;
    mssip_param transport;
    char ip[EDGE_IP_MAX];
    if (mssip_uri_parse(t->uri.ptr, t->uri.len, &u) != MSSIP_OK ||
        (u.host_kind != MSSIP_HOST_IPV4 && u.host_kind != MSSIP_HOST_IPV6) ||
        (mssip_params_get(&u.params, "transport", &transport) == MSSIP_OK &&
         !edge_str_ieq(transport.value, "udp")) ||
        !edge_str_copy(u.host, ip, sizeof ip)) {
        return NULL;
    }
    return edge_udp_to(e, ip, u.port ? u.port : 5060);
}

edge_route edge_location_route(edge *e, const mssip_msg *req, bool *local) {
    edge_route r;
    memset(&r, 0, sizeof r);
    *local = true;
    if (!user_known(e, req, NULL)) {
        r.code = 404;
        return r;
    }
    mssip_targets *targets = NULL;
    mssip_result rc = mssip_registrar_targets(e->reg, req, edge_wall_s(), &targets);
    if (rc == MSSIP_E_NOT_LOCAL) {
        *local = false;
        return r;
    }
    if (rc != MSSIP_OK) {
        r.code = 500;
        r.reason = "Location service failure";
        return r;
    }
    uint16_t status = 0;
    mssip_str reason;
    size_t count = 0;
    mssip_targets_status(targets, &status, &reason);
    mssip_targets_count(targets, &count);
    if (status != 0) {
        mssip_targets_response(targets, req, &r.answer);
        r.code = status;
    }
    /* A stateless proxy sends a request to one target only (RFC 3261 16.11): the first whose
     * connection is still open. Forking is the call router's (MS-SIPRE 3.9). */
    for (size_t i = 0; status == 0 && i < count && r.conn == NULL; i++) {
        mssip_target t;
        if (mssip_targets_get(targets, i, &t) != MSSIP_OK) {
            continue;
        }
        edge_conn *conn = t.conn_id != 0 ? edge_conn_by_id(e, t.conn_id) : udp_target(e, &t);
        if (conn != NULL && mssip_targets_request(targets, i, req, &r.request) == MSSIP_OK) {
            r.conn = conn;
        }
    }
    if (status == 0 && r.conn == NULL) {
        r.code = 480;
        r.reason = "No open connection to the registered user";
    }
    mssip_targets_free(targets);
    return r;
}
