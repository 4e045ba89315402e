/* mssip_edge: signed routing state (MS-SIPRE 3.6) and the answers of dialog recovery (3.7).
 *
 * With --keys FILE the proxy keeps a route-signing key ring (mssip_keyring) in FILE: read at
 * start (a fresh key is made when the file is missing), rotated every --key-rotation
 * seconds, and written back after each rotation under an exclusive lock on FILE.lock,
 * merged with what other members wrote meanwhile, through a temporary file renamed over
 * FILE, so that a reader never sees half a file. Members of a pool that share FILE verify
 * what any of them signed; a Route signed with a key this member does not hold yet makes it
 * read FILE again (at most once a second).
 *
 * Record-Route (edge_record_route; without --keys the plain one of RFC 3261 16.6 item 4):
 * `opaque=state:` holds the connection of the endpoint that sent the dialog-creating
 * request (the UAC), the host's own bytes the connection of the one it went to (the UAS),
 * and the caller's identity (user@host of the From); the URI and header are signed.
 * With --pool NAME the URI names the pool and `ms-fe=` this member (its address and TCP
 * port, 3.6.3), as connection ids mean something only at the member that holds them.
 *
 * Mid-dialog requests whose top Route is ours (edge_routeset_target): the state is read and
 * verified (8-hour retention of route-set keys); a request that fails gets 481, or 430 with
 * P-Dialog-Recovery-Action when it supports Ms-Dialog-Route-Set-Update (3.6.5.1, 3.7.5.1).
 * A verified Route with another member's ms-fe is forwarded to that member, Route kept; one
 * with ours is removed and the request sent over the connection of the other side of the
 * dialog (the UAS when the request comes from the UAC's connection or identity, else the
 * UAC); when that connection is gone the answer is 481, or 430 Wait-For-Session-Update. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "edge.h"

#define KEY_FILE_MAX (1u << 20) /* an export of 1024 keys is about 41 KB */
#define REREAD_MIN_MS 1000u
#define CALLER_MAX 300

static const char *transport_lower(mssip_transport t) {
    return t == MSSIP_TRANSPORT_TLS ? "tls" : t == MSSIP_TRANSPORT_UDP ? "udp" : "tcp";
}

/* ---- the key file ----------------------------------------------------------------------- */

/* Takes the lock that orders the members' read-merge-write of FILE (on FILE.lock, as the
 * rename replaces FILE itself). Returns the lock's descriptor, or -1 (logged). */
static int lock_keys(const char *file, int how) {
    char path[4096];
    if (snprintf(path, sizeof path, "%s.lock", file) >= (int)sizeof path) {
        edge_log(EDGE_ERROR, "--keys %s: path too long", file);
        return -1;
    }
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 || flock(fd, how) != 0) {
        edge_log(EDGE_ERROR, "--keys %s: cannot lock %s: %s", file, path, strerror(errno));
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    return fd;
}

static void unlock_keys(int fd) {
    flock(fd, LOCK_UN);
    close(fd);
}

/* Adds the keys of FILE to the ring: 1 read, 0 no file, -1 failure (logged). */
static int read_keys(edge *e) {
    const char *file = e->cfg->keys_file;
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) {
            return 0;
        }
        edge_log(EDGE_ERROR, "--keys %s: %s", file, strerror(errno));
        return -1;
    }
    uint8_t *buf = malloc(KEY_FILE_MAX);
    size_t len = 0;
    ssize_t n = 0;
    while (buf != NULL && len < KEY_FILE_MAX && (n = read(fd, buf + len, KEY_FILE_MAX - len)) > 0) {
        len += (size_t)n;
    }
    close(fd);
    if (buf == NULL || n < 0 || len == KEY_FILE_MAX) {
        edge_log(EDGE_ERROR, "--keys %s: cannot read it (or larger than %u bytes)", file,
                 KEY_FILE_MAX);
        free(buf);
        return -1;
    }
    size_t added = 0;
    mssip_result rc = mssip_keyring_import(e->ring, buf, len, edge_wall_s(), &added);
    free(buf);
    if (rc != MSSIP_OK) {
        edge_log(EDGE_ERROR, "--keys %s: %s (%s)", file, mssip_result_str(rc), mssip_last_error());
        return -1;
    }
    if (added > 0) {
        edge_log(EDGE_INFO, "keys: %zu read from %s", added, file);
    }
    return 1;
}

/* Writes the ring to FILE: a temporary file beside it (mode 0600), then renamed over it. */
static bool write_keys(edge *e) {
    const char *file = e->cfg->keys_file;
    size_t len = 0;
    mssip_keyring_export(e->ring, NULL, 0, &len);
    uint8_t *buf = malloc(len ? len : 1);
    char tmp[4096];
    bool ok = buf != NULL && mssip_keyring_export(e->ring, buf, len, &len) == MSSIP_OK &&
              snprintf(tmp, sizeof tmp, "%s.tmp.%ld", file, (long)getpid()) < (int)sizeof tmp;
    int fd = ok ? open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) : -1;
    size_t done = 0;
    while (fd >= 0 && done < len) {
        ssize_t n = write(fd, buf + done, len - done);
        if (n <= 0) {
            break;
        }
        done += (size_t)n;
    }
    ok = fd >= 0 && done == len && fsync(fd) == 0;
    if (fd >= 0) {
        ok = close(fd) == 0 && ok;
    }
    ok = ok && rename(tmp, file) == 0;
    if (!ok) {
        edge_log(EDGE_ERROR, "--keys %s: cannot write it: %s", file, strerror(errno));
        if (fd >= 0) {
            unlink(tmp);
        }
    }
    free(buf);
    return ok;
}

/* Under the lock: FILE merged in, a new key when `rotate` (or when none is held), written. */
static bool sync_keys(edge *e, bool rotate) {
    int lock = lock_keys(e->cfg->keys_file, LOCK_EX);
    if (lock < 0) {
        return false;
    }
    int got = read_keys(e);
    size_t count = 0;
    mssip_keyring_count(e->ring, &count);
    bool ok = got >= 0;
    if (ok && (rotate || count == 0)) {
        mssip_result rc = mssip_keyring_rotate(e->ring, edge_wall_s(), NULL, 0);
        if (rc != MSSIP_OK) {
            edge_log(EDGE_ERROR, "keys: rotation failed: %s (%s)", mssip_result_str(rc),
                     mssip_last_error());
            ok = false;
        }
        ok = ok && write_keys(e);
        mssip_keyring_count(e->ring, &count);
        if (ok) {
            edge_log(EDGE_INFO, "keys: new signing key; %zu held, written to %s", count,
                     e->cfg->keys_file);
        }
    }
    unlock_keys(lock);
    return ok;
}

bool edge_routeset_open(edge *e) {
    if (e->cfg->keys_file == NULL) {
        return true;
    }
    mssip_result rc = mssip_keyring_new(0, 0, 0, &e->ring);
    if (rc != MSSIP_OK) {
        edge_log(EDGE_ERROR, "key ring: %s", mssip_result_str(rc));
        return false;
    }
    if (!sync_keys(e, false)) {
        return false;
    }
    const edge_listener *tcp = edge_listener_for(e, MSSIP_TRANSPORT_TCP);
    snprintf(e->member, sizeof e->member, "%s:%u", e->host, tcp ? (unsigned)tcp->port : 0u);
    e->next_rotation_ms = edge_now_ms() + (uint64_t)e->cfg->key_rotation_s * 1000u;
    size_t count = 0;
    mssip_keyring_count(e->ring, &count);
    edge_log(EDGE_INFO, "keys: %zu in %s; signed Record-Route on%s%s, rotation every %us", count,
             e->cfg->keys_file, e->cfg->pool ? ", pool " : "", e->cfg->pool ? e->cfg->pool : "",
             e->cfg->key_rotation_s);
    return true;
}

void edge_routeset_close(edge *e) {
    mssip_keyring_free(e->ring);
    e->ring = NULL;
}

uint64_t edge_routeset_deadline(const edge *e, uint64_t next_ms) {
    return e->ring != NULL && e->next_rotation_ms < next_ms ? e->next_rotation_ms : next_ms;
}

void edge_routeset_tick(edge *e, uint64_t now_ms) {
    if (e->ring == NULL || now_ms < e->next_rotation_ms) {
        return;
    }
    e->next_rotation_ms = now_ms + (uint64_t)e->cfg->key_rotation_s * 1000u;
    size_t removed = 0;
    sync_keys(e, true);
    if (mssip_keyring_expire(e->ring, edge_wall_s(), &removed, NULL) == MSSIP_OK && removed > 0) {
        edge_log(EDGE_INFO, "keys: %zu past their retention destroyed", removed);
    }
}

/* A Route signed with a key we lack: another member may have rotated since we read FILE. */
static bool reread_keys(edge *e) {
    uint64_t now = edge_now_ms();
    if (now - e->keys_read_ms < REREAD_MIN_MS && e->keys_read_ms != 0) {
        return false;
    }
    e->keys_read_ms = now;
    int lock = lock_keys(e->cfg->keys_file, LOCK_SH);
    if (lock < 0) {
        return false;
    }
    bool ok = read_keys(e) > 0;
    unlock_keys(lock);
    return ok;
}

/* ---- Record-Route ----------------------------------------------------------------------- */

/* user@host of the From, the identity the state remembers as the caller's. */
static bool from_identity(const mssip_msg *req, char *buf, size_t cap) {
    mssip_uri u;
    if (mssip_msg_uri(req, "From", 0, &u) != MSSIP_OK) {
        return false;
    }
    int n = snprintf(buf, cap, "%.*s@%.*s", (int)u.user.len, u.user.ptr, (int)u.host.len,
                     u.host.ptr);
    for (int i = (int)u.user.len + 1; n > 0 && i < n && (size_t)i < cap; i++) {
        buf[i] = (char)(buf[i] >= 'A' && buf[i] <= 'Z' ? buf[i] + 32 : buf[i]);
    }
    return n > 0 && (size_t)n < cap;
}

static bool one_record_route(const edge *e, mssip_msg *req, mssip_transport t,
                             const edge_conn *in, const edge_conn *out, const char *host) {
    const edge_listener *l = edge_listener_for(e, t);
    if (l == NULL) {
        return false;
    }
    if (e->ring == NULL) {
        char value[EDGE_IP_MAX + 320]; /* an --fqdn is up to 253 characters */
        int n = snprintf(value, sizeof value, "<sip:%s:%u;transport=%s;lr>", host,
                         (unsigned)l->port, transport_lower(t));
        return n > 0 && (size_t)n < sizeof value &&
               mssip_msg_prepend_header(req, "Record-Route", value) == MSSIP_OK;
    }
    mssip_record_route_spec spec;
    mssip_record_route_spec_default(&spec);
    char caller[CALLER_MAX];
    uint8_t uas[8];
    for (int i = 0; i < 8; i++) {
        uas[i] = (uint8_t)(out->id >> (56 - 8 * i));
    }
    spec.host = e->cfg->pool ? e->cfg->pool : host; /* --fqdn or the peer's: signed with it */
    spec.port = e->cfg->pool ? 0 : l->port;
    spec.transport = transport_lower(t);
    spec.ms_fe = e->cfg->pool ? e->member : NULL;
    spec.conn_id = in->id;
    spec.data = out->id != 0 ? uas : NULL;
    spec.data_len = out->id != 0 ? sizeof uas : 0;
    spec.caller = from_identity(req, caller, sizeof caller) ? caller : NULL;
    mssip_result rc = mssip_routeset_insert_spec(req, e->ring, &spec);
    if (rc != MSSIP_OK) {
        edge_log(EDGE_WARN, "signed Record-Route refused: %s (%s)", mssip_result_str(rc),
                 mssip_last_error());
    }
    return rc == MSSIP_OK;
}

bool edge_record_route(const edge *e, mssip_msg *req, const edge_conn *in, const edge_conn *out) {
    /* RFC 5658: one for each side when the two sides use different transports; each names
     * us as that side's peer knows us (edge_fqdn.c) */
    if (in->transport != out->transport &&
        !one_record_route(e, req, in->transport, in, out, edge_own_host_to(e, in))) {
        return false;
    }
    return one_record_route(e, req, out->transport, in, out, edge_own_host_to(e, out));
}

/* ---- mid-dialog requests ---------------------------------------------------------------- */

/* Does the URI of a Route name this member (address and one of its listeners) or the pool? */
static bool route_is_ours(const edge *e, const mssip_uri *u) {
    if (edge_fqdn_is_ours(e, u)) {
        return true;
    }
    if (e->cfg->pool != NULL && edge_str_ieq(u->host, e->cfg->pool)) {
        return true;
    }
    if (!edge_str_ieq(u->host, e->host_bare)) {
        return false;
    }
    mssip_param p;
    mssip_transport t = u->scheme_kind == MSSIP_SCHEME_SIPS ? MSSIP_TRANSPORT_TLS
                                                             : MSSIP_TRANSPORT_TCP;
    if (mssip_params_get(&u->params, "transport", &p) == MSSIP_OK) {
        t = edge_str_ieq(p.value, "tls")   ? MSSIP_TRANSPORT_TLS
            : edge_str_ieq(p.value, "udp") ? MSSIP_TRANSPORT_UDP
                                           : MSSIP_TRANSPORT_TCP;
    }
    const edge_listener *l = edge_listener_for(e, t);
    return l != NULL && (u->port ? u->port : t == MSSIP_TRANSPORT_TLS ? 5061 : 5060) == l->port;
}

static void pop_ours(const edge *e, mssip_msg *req) {
    mssip_uri u;
    while (mssip_msg_uri(req, "Route", 0, &u) == MSSIP_OK && route_is_ours(e, &u) &&
           mssip_msg_remove_value(req, "Route", 0) == MSSIP_OK) {
    }
}

/* The answer for what is missing: 481, or 430 with its P-Dialog-Recovery-Action. */
static bool refuse(edge_route *r, const mssip_msg *req, uint32_t missing) {
    mssip_msg *resp = NULL;
    uint16_t code = 500;
    if (mssip_recovery_verdict(req, missing, NULL, &resp) != MSSIP_OK || resp == NULL) {
        r->code = 500;
        return true;
    }
    mssip_msg_status(resp, &code);
    r->answer = resp;
    r->code = code;
    return true;
}

/* An open connection to another member of the pool (ms-fe "IP:PORT", its TCP listener),
 * connected now when there is none. */
static edge_conn *member_conn(edge *e, mssip_str fe) {
    char text[EDGE_IP_MAX + 8], ip[EDGE_IP_MAX];
    uint16_t port = 0;
    if (!edge_str_copy(fe, text, sizeof text) ||
        !edge_split_hostport(text, ip, sizeof ip, &port)) {
        return NULL;
    }
    edge_conn *c = edge_conn_by_addr(e, MSSIP_TRANSPORT_TCP, ip, port);
    if (c != NULL) {
        return c;
    }
    c = edge_conn_connect(e, ip, port);
    if (c == NULL) {
        edge_log(EDGE_WARN, "pool member %s: cannot connect: %s", text, strerror(errno));
        return NULL;
    }
    edge_log(EDGE_INFO, "%s: connected to pool member %s", edge_conn_name(c), text);
    return c;
}

bool edge_routeset_target(edge *e, edge_conn *c, mssip_msg *req, edge_route *r) {
    memset(r, 0, sizeof *r);
    mssip_str tag;
    mssip_uri top;
    if (e->ring == NULL || mssip_msg_header_param(req, "To", 0, "tag", &tag) != MSSIP_OK ||
        mssip_msg_uri(req, "Route", 0, &top) != MSSIP_OK || !route_is_ours(e, &top)) {
        return false;
    }
    mssip_route_state *st = NULL;
    uint64_t now = edge_wall_s();
    mssip_result rc = mssip_route_state_read(req, e->ring, now, MSSIP_ROUTE_SOURCE_ROUTE, &st);
    if (rc == MSSIP_E_ROUTE_UNKNOWN_KEY && reread_keys(e)) {
        rc = mssip_route_state_read(req, e->ring, now, MSSIP_ROUTE_SOURCE_ROUTE, &st);
    }
    mssip_str method;
    if (rc == MSSIP_E_ROUTE_NO_STATE && mssip_msg_method(req, &method) == MSSIP_OK &&
        edge_str_eq(method, "ACK")) {
        /* the ACK of a non-2xx keeps the INVITE's (unsigned, preloaded) Route: hop by hop */
        return false;
    }
    if (rc != MSSIP_OK) {
        edge_log(EDGE_INFO, "%s: Route state refused: %s (%s)", edge_conn_name(c),
                 mssip_result_str(rc), mssip_last_error());
        return refuse(r, req, MSSIP_MISSING_ROUTE_STATE);
    }
    mssip_str fe;
    if (mssip_route_state_field(st, MSSIP_ROUTE_FIELD_MS_FE, &fe) == MSSIP_OK &&
        !edge_str_eq(fe, e->member)) {
        /* the connections it names are another member's: that member routes it */
        r->conn = member_conn(e, fe);
        mssip_route_state_free(st);
        if (r->conn == NULL) {
            return refuse(r, req, MSSIP_MISSING_DESTINATION);
        }
        edge_log(EDGE_INFO, "%s: Route state verified; sent to its member %s",
                 edge_conn_name(c), edge_conn_name(r->conn));
        return true;
    }
    uint64_t uac = 0, uas = 0;
    mssip_bytes data;
    mssip_route_state_conn_id(st, &uac);
    if (mssip_route_state_data(st, &data) == MSSIP_OK && data.len == 8) {
        for (int i = 0; i < 8; i++) {
            uas = uas << 8 | data.ptr[i];
        }
    }
    char from[CALLER_MAX];
    mssip_str caller;
    bool from_caller =
        mssip_route_state_field(st, MSSIP_ROUTE_FIELD_CALLER, &caller) == MSSIP_OK &&
        from_identity(req, from, sizeof from) && edge_str_eq(caller, from);
    mssip_route_state_free(st);
    /* toward the other side: known by the connection it came on, else by its From */
    uint64_t target = c->id == uac ? uas : c->id == uas ? uac : from_caller ? uas : uac;
    pop_ours(e, req);
    if (target == 0) {
        return false; /* no connection in the state for that side: the Request-URI routes */
    }
    r->conn = edge_conn_by_id(e, target);
    if (r->conn == NULL) {
        edge_log(EDGE_INFO, "%s: Route state names conn %llX, which is gone", edge_conn_name(c),
                 (unsigned long long)target);
        return refuse(r, req, MSSIP_MISSING_DESTINATION);
    }
    edge_log(EDGE_INFO, "%s: routed by its Route state to %s", edge_conn_name(c),
             edge_conn_name(r->conn));
    return true;
}
