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

bool edge_fqdn_open(edge *e) {
    if (e->cfg->fqdn == NULL) {
        return true;
    }
    mssip_result rc = mssip_fqdn_new(e->cfg->fqdn, 0, 0, &e->fqdn);
    if (rc != MSSIP_OK) {
        edge_log(EDGE_ERROR, "--fqdn %s: %s (%s)", e->cfg->fqdn, mssip_result_str(rc),
                 mssip_last_error());
        return false;
    }
    for (size_t i = 0; i < e->n_listeners; i++) {
        const edge_listener *l = &e->listeners[i];
        rc = mssip_fqdn_add_address(e->fqdn, e->host_bare, l->port, l->transport);
        if (rc != MSSIP_OK) {
            edge_log(EDGE_ERROR, "--fqdn: address %s:%u: %s (%s)", e->host_bare,
                     (unsigned)l->port, mssip_result_str(rc), mssip_last_error());
            return false;
        }
    }
    edge_log(EDGE_INFO, "fqdn: Record-Route, Via and Contact name %s", e->cfg->fqdn);
    return true;
}

void edge_fqdn_close(edge *e) {
    mssip_fqdn_free(e->fqdn);
    e->fqdn = NULL;
}

const char *edge_own_host(const edge *e) { return e->cfg->fqdn ? e->cfg->fqdn : e->host; }

bool edge_fqdn_host_is_ours(const edge *e, mssip_str host) {
    return e->cfg->fqdn != NULL && edge_str_ieq(host, e->cfg->fqdn);
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
