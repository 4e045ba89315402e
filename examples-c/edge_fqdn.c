/* mssip_edge: the proxy's own name (FQDN discipline) and its answers to OPTIONS pings.
 *
 * Lync ignores a Record-Route whose host is an IP address, and Microsoft peers refuse a
 * Contact without a fully qualified name. With --fqdn NAME the proxy writes NAME, not its
 * address, in what it generates: its Record-Route (built with the name, so that with --keys
 * the signature covers the name the peers see), its Via sent-by and the Contact of its
 * OPTIONS answers. A Route or Request-URI that comes back naming NAME (or the address) with
 * the port of one of its listeners is the proxy's (mssip_fqdn_is_own_uri): the Route is
 * popped and the request routed on.
 *
 * A peer of DIR/peers/ may know the proxy by another name (its `fqdn NAME` line): what is
 * sent to that peer (Record-Route, signed with it under --keys, and Via) names NAME, and
 * every such name is an alias of the discipline, so a request coming back to it is ours
 * too. Without --fqdn the discipline is made for the peers' names alone.
 *
 * An OPTIONS to the proxy itself gets the 200 of mssip_msg_answer_options (RFC 3261 11.2:
 * Allow, Accept, Supported), with the ms-keep-alive answer when the request offers one
 * (MS-CONMGMT 2.2.1). */
#include <stdio.h>
#include <string.h>

#include "edge.h"

#define URI_MAX 512

bool edge_fqdn_valid(const char *name) {
    if (mssip_fqdn_validate(name) == MSSIP_OK) {
        return true;
    }
    fprintf(stderr, "mssip_edge: --fqdn %s: %s\n", name,
            mssip_last_error());
    return false;
}

/* The discipline named `name` with our listeners' addresses. */
static bool fqdn_create(edge *e, const char *name) {
    mssip_result rc = mssip_fqdn_new(name, 0, 0, &e->fqdn);
    if (rc != MSSIP_OK) {
        edge_log(EDGE_ERROR, "fqdn %s: %s (%s)", name, mssip_result_str(rc), mssip_last_error());
        return false;
    }
    for (size_t i = 0; i < e->n_listeners; i++) {
        const edge_listener *l = &e->listeners[i];
        rc = mssip_fqdn_add_address(e->fqdn, e->host_bare, l->port, l->transport);
        if (rc != MSSIP_OK) {
            edge_log(EDGE_ERROR, "fqdn: address %s:%u: %s (%s)", e->host_bare,
                     (unsigned)l->port, mssip_result_str(rc), mssip_last_error());
            return false;
        }
    }
    return true;
}

bool edge_fqdn_open(edge *e) {
    if (e->cfg->fqdn == NULL) {
        return true;
    }
    if (!fqdn_create(e, e->cfg->fqdn)) {
        return false;
    }
    edge_log(EDGE_INFO, "fqdn: Record-Route, Via and Contact name %s", e->cfg->fqdn);
    return true;
}

bool edge_fqdn_peers(edge *e) {
    for (size_t i = 0; i < e->peers.n; i++) {
        const edge_peer *p = &e->peers.list[i];
        if (p->fqdn[0] == '\0') {
            continue;
        }
        /* without --fqdn the first peer name is the discipline's, the others its aliases */
        if (e->fqdn == NULL && !fqdn_create(e, p->fqdn)) {
            return false;
        }
        mssip_result rc = mssip_fqdn_add_alias(e->fqdn, p->fqdn);
        if (rc != MSSIP_OK) {
            edge_log(EDGE_ERROR, "peer %s: fqdn %s: %s (%s)", p->name, p->fqdn,
                     mssip_result_str(rc), mssip_last_error());
            return false;
        }
        edge_log(EDGE_INFO, "fqdn: to peer %s, Record-Route and Via name %s", p->name, p->fqdn);
    }
    return true;
}

void edge_fqdn_close(edge *e) {
    mssip_fqdn_free(e->fqdn);
    e->fqdn = NULL;
}

const char *edge_own_host(const edge *e) { return e->cfg->fqdn ? e->cfg->fqdn : e->host; }

const char *edge_own_host_to(const edge *e, const edge_conn *to) {
    const edge_peer *p = to != NULL ? edge_peer_find(&e->peers, to->ip, to->port) : NULL;
    return p != NULL && p->fqdn[0] != '\0' ? p->fqdn : edge_own_host(e);
}

bool edge_fqdn_host_is_ours(const edge *e, mssip_str host) {
    if (e->cfg->fqdn != NULL && edge_str_ieq(host, e->cfg->fqdn)) {
        return true;
    }
    for (size_t i = 0; i < e->peers.n; i++) {
        if (e->peers.list[i].fqdn[0] != '\0' && edge_str_ieq(host, e->peers.list[i].fqdn)) {
            return true;
        }
    }
    return false;
}

bool edge_fqdn_is_ours(const edge *e, const mssip_uri *u) {
    char text[URI_MAX];
    bool ours = false;
    return e->fqdn != NULL && edge_str_copy(u->raw, text, sizeof text) &&
           mssip_fqdn_is_own_uri(e->fqdn, text, &ours) == MSSIP_OK && ours;
}

mssip_msg *edge_options_answer(const edge *e, const mssip_msg *req) {
    mssip_options_answer answer;
    char contact[URI_MAX];
    const edge_listener *tcp = edge_listener_for(e, MSSIP_TRANSPORT_TCP);
    mssip_options_answer_default(&answer);
    if (e->cfg->fqdn != NULL && tcp != NULL) {
        snprintf(contact, sizeof contact, "sip:%s:%u;transport=tcp", e->cfg->fqdn,
                 (unsigned)tcp->port);
        answer.contact = contact;
    }
    mssip_msg *resp = NULL;
    mssip_result rc = mssip_msg_answer_options(req, &answer, &resp);
    if (rc != MSSIP_OK) {
        edge_log(EDGE_WARN, "OPTIONS answer: %s (%s)", mssip_result_str(rc),
                 mssip_last_error());
        return NULL;
    }
    return resp;
}
