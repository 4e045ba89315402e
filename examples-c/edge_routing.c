/* mssip_edge: INVITEs to users of the domain go through the library's call router (MS-SIPRE
 * 3.9), the proxy being the stateful forking proxy of RFC 3261 16 for them:
 *
 * routing    an INVITE (no To tag, no Route left) to an existing user of the domain, not to
 *            a GRUU, gets its 100 Trying, and the router gets the user's callee: the
 *            preambles, voice mail, phone line and DND of --data (DESIGN.md), read once and
 *            kept until the user's folder changes, and the registered endpoints whose
 *            connections are open (the location service's targets of the request).
 * actions    FORK: the branch goes the plain forwarding's way (edge_find_target: the location
 *            service again for another user of the domain, a forwarding or team target; the
 *            connection an endpoint's Contact names), with the plain forwarding's
 *            Record-Route and our Via (edge_txn.c); a request to a user's voice-mail GRUU goes
 *            to the URI of users/<user>/voicemail. A branch that cannot be sent is reported
 *            to the router as the response it would have earned. CANCEL: sent over the
 *            branch's way with its INVITE's Via. RESPOND: to the caller. START_TIMER /
 *            STOP_TIMER: deadlines in this loop, each scaled by --timer-scale. DONE: the
 *            call ends, and is kept 32 s to absorb the ACK of a non-2xx final response.
 * events     the branches' responses (edge_routing_response), the caller's CANCEL (answered
 *            200, then the router cancels the branches), the timers, and a branch without a
 *            final response after Timer C (180 s), Timer B after its CANCEL, or when its
 *            connection closed.
 * The ACK of a 2xx and other mid-dialog requests take the plain, stateless way. */
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "edge_routing.h"

#define TIMER_C_MS 180000u /* RFC 3261 16.8: more than 3 minutes */
#define LINGER_MS 32000u   /* RFC 3261 17.2.1 Timer H: the ACK of a non-2xx */
#define CALLEE_CACHE 64
#define USER_MAX 256
#define EDGE_NESTED_MAX 4  /* calls within calls: a forwarding chain longer than that goes plain */
/* the server transaction key of a nested call: no Via branch can hold a control character,
 * so no caller's CANCEL or ACK finds it */
#define NESTED_KEY "\001nested"

/* A user's callee, parsed from --data once and kept while the folder stays the same. */
typedef struct cached_callee {
    char user[USER_MAX];
    uint64_t signature; /* of the folder's entries: names, sizes, times */
    uint64_t used;      /* for replacing the least recently used */
    mssip_callee *callee;
} cached_callee;

struct edge_routing {
    mssip_router *router;
    edge_call *calls; /* EDGE_ROUTED_CALLS slots */
    uint64_t next_seq;
    cached_callee cache[CALLEE_CACHE];
    uint64_t uses;
};

static const mssip_str empty = {"", 0};

static struct edge_routing *state(edge *e) {
    if (e->routing != NULL) {
        return e->routing;
    }
    struct edge_routing *r = calloc(1, sizeof *r);
    if (r == NULL || (r->calls = calloc(EDGE_ROUTED_CALLS, sizeof *r->calls)) == NULL ||
        mssip_router_new(&r->router) != MSSIP_OK) {
        edge_log(EDGE_ERROR, "call router: cannot start (%s)", mssip_last_error());
        if (r != NULL) {
            free(r->calls);
        }
        free(r);
        return NULL;
    }
    r->next_seq = 1;
    e->routing = r;
    return r;
}

/* ---- the callee from --data (DESIGN.md "The example edge proxy") ----------------------- */

static bool user_path(const edge *e, const char *user, const char *file, char *buf, size_t cap) {
    int n = snprintf(buf, cap, "%s/users/%s%s%s", e->data.dir, user, file ? "/" : "",
                     file ? file : "");
    return n > 0 && (size_t)n < cap;
}

/* The first line of a file, trimmed; false when it is absent or empty. */
static bool first_line(const char *path, char *buf, size_t cap) {
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return false;
    }
    bool ok = fgets(buf, (int)cap, f) != NULL;
    fclose(f);
    if (!ok) {
        return false;
    }
    size_t n = strcspn(buf, "\r\n");
    while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\t')) {
        n--;
    }
    buf[n] = '\0';
    return n > 0;
}

static uint64_t mix(uint64_t h, const void *data, size_t len) {
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h = (h ^ p[i]) * 0x100000001b3ull;
    }
    return h;
}

/* A signature of the user's folder: every entry's name, size and modification time,
 * summed so that the order readdir gives does not matter. */
static uint64_t folder_signature(const edge *e, const char *user) {
    char dir[4096], path[4096 + 256];
    if (e->data.dir == NULL || !user_path(e, user, NULL, dir, sizeof dir)) {
        return 0;
    }
    DIR *d = opendir(dir);
    if (d == NULL) {
        return 0;
    }
    uint64_t sum = 1;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (de->d_name[0] == '.' || stat(path, &st) != 0) {
            continue;
        }
        uint64_t h = mix(0xcbf29ce484222325ull, de->d_name, strlen(de->d_name));
        int64_t facts[3] = {(int64_t)st.st_size, (int64_t)st.st_mtim.tv_sec,
                            (int64_t)st.st_mtim.tv_nsec};
        sum += mix(h, facts, sizeof facts);
    }
    closedir(d);
    return sum;
}

static void add_preambles(const edge *e, const char *user, mssip_callee *callee) {
    char dir[4096], path[4096 + 256];
    if (!user_path(e, user, NULL, dir, sizeof dir)) {
        return;
    }
    DIR *d = opendir(dir);
    if (d == NULL) {
        return;
    }
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (strncmp(de->d_name, "preamble-", 9) != 0 || len < 13 ||
            strcmp(de->d_name + len - 4, ".xml") != 0) {
            continue;
        }
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        FILE *f = fopen(path, "rb");
        uint8_t buf[65536];
        size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
        if (f != NULL) {
            fclose(f);
        }
        mssip_result rc = mssip_callee_add_preamble(callee, buf, n);
        if (rc != MSSIP_OK) {
            edge_log(EDGE_WARN, "%s: refused (%s: %s): %s routes by the default script", path,
                     mssip_result_str(rc), mssip_last_error(), user);
        }
    }
    closedir(d);
}

/* A new callee for `user`: AOR, preambles, voice mail, phone line, do-not-disturb. */
static mssip_callee *load_callee(const edge *e, const char *user) {
    char aor[USER_MAX + 300], path[4096], line[1024];
    snprintf(aor, sizeof aor, "sip:%s@%s", user, e->cfg->domain);
    mssip_callee *callee = NULL;
    if (mssip_callee_new(aor, &callee) != MSSIP_OK) {
        edge_log(EDGE_WARN, "%s: no callee (%s)", aor, mssip_last_error());
        return NULL;
    }
    if (e->data.dir == NULL) {
        return callee;
    }
    add_preambles(e, user, callee);
    if (user_path(e, user, "voicemail", path, sizeof path) &&
        first_line(path, line, sizeof line)) {
        /* the voice-mail GRUU (MS-SIPRE 2.2.2); route_fork sends it to the file's URI */
        char gruu[sizeof aor + 32];
        snprintf(gruu, sizeof gruu, "%s;opaque=app:voicemail", aor);
        mssip_callee_set_voicemail(callee, gruu);
    }
    if (user_path(e, user, "phone", path, sizeof path) && first_line(path, line, sizeof line) &&
        mssip_callee_set_phone_line(callee, line) != MSSIP_OK) {
        edge_log(EDGE_WARN, "%s: not a tel URI: %s", path, line);
    }
    struct stat st;
    if (user_path(e, user, "dnd", path, sizeof path) && stat(path, &st) == 0) {
        mssip_callee_set_fact(callee, MSSIP_CALLEE_DND, true);
    }
    return callee;
}

static mssip_callee *callee_for(edge *e, struct edge_routing *r, const char *user) {
    uint64_t sig = folder_signature(e, user);
    cached_callee *slot = &r->cache[0];
    for (size_t i = 0; i < CALLEE_CACHE; i++) {
        cached_callee *c = &r->cache[i];
        if (c->callee != NULL && strcmp(c->user, user) == 0) {
            slot = c;
            break;
        }
        if (c->used < slot->used) {
            slot = c;
        }
    }
    if (slot->callee == NULL || strcmp(slot->user, user) != 0 || slot->signature != sig) {
        mssip_callee_free(slot->callee);
        snprintf(slot->user, sizeof slot->user, "%s", user);
        slot->signature = sig;
        slot->callee = load_callee(e, user);
    }
    slot->used = ++r->uses;
    return slot->callee;
}

static uint64_t uri_hash(mssip_str uri) {
    uint64_t h = mix(0xcbf29ce484222325ull, uri.ptr, uri.len);
    return h != 0 ? h : 1;
}

/* The registered endpoints reachable now: the targets of the request whose connection is
 * open (over UDP, every binding). Those whose binding has an epid the To lacks are
 * remembered in the call (MS-SIPRE 3.2.5.3 step 2; step 1, leaving out the bindings of
 * another epid than the To's, is the registrar's). */
static void set_endpoints(edge *e, edge_call *c, mssip_callee *callee, const mssip_msg *req) {
    mssip_callee_clear_endpoints(callee);
    mssip_targets *targets = NULL;
    size_t count = 0, n_epids = 0;
    if (mssip_registrar_targets(e->reg, req, edge_wall_s(), &targets) != MSSIP_OK) {
        return;
    }
    mssip_targets_count(targets, &count);
    for (size_t i = 0; i < count; i++) {
        mssip_target t;
        char uri[1024];
        if (mssip_targets_get(targets, i, &t) == MSSIP_OK &&
            (t.conn_id == 0 || edge_conn_by_id(e, t.conn_id) != NULL) &&
            edge_str_copy(t.uri, uri, sizeof uri)) {
            if (mssip_callee_add_endpoint(callee, uri) != MSSIP_OK) {
                edge_log(EDGE_WARN, "endpoint %s refused: %s", uri, mssip_last_error());
            } else if (t.set_to_epid && n_epids < EDGE_CALL_BRANCHES &&
                       edge_str_copy(t.epid, c->epids[n_epids].epid,
                                     sizeof c->epids[n_epids].epid)) {
                c->epids[n_epids++].uri_hash = uri_hash(t.uri);
            }
        }
    }
    mssip_targets_free(targets);
}

/* ---- the calls -------------------------------------------------------------------------- */

static edge_call *find_call(struct edge_routing *r, const char *call_id, const char *branch) {
    for (size_t i = 0; i < EDGE_ROUTED_CALLS; i++) {
        edge_call *c = &r->calls[i];
        if (c->seq != 0 && strcmp(c->call_id, call_id) == 0 &&
            strcmp(c->via_branch, branch) == 0) {
            return c;
        }
    }
    return NULL;
}

static edge_call *call_by_seq(struct edge_routing *r, uint64_t seq) {
    for (size_t i = 0; i < EDGE_ROUTED_CALLS; i++) {
        if (r->calls[i].seq == seq) {
            return &r->calls[i];
        }
    }
    return NULL;
}

static edge_branch *branch_of(edge_call *c, uint32_t id) {
    for (size_t i = 0; i < EDGE_CALL_BRANCHES; i++) {
        if (c->branches[i].id == id) {
            return &c->branches[i];
        }
    }
    return NULL;
}

/* Frees what a slot holds: its branches' messages and the caller's latest response. */
static void release_call(edge_call *c) {
    for (size_t i = 0; i < EDGE_CALL_BRANCHES; i++) {
        edge_txn_release(&c->branches[i]);
    }
    edge_txn_server_release(&c->server);
}

/* A free slot, or one whose call ended and whose linger time is over. */
static edge_call *free_call(struct edge_routing *r, uint64_t now) {
    for (size_t i = 0; i < EDGE_ROUTED_CALLS; i++) {
        edge_call *c = &r->calls[i];
        if (c->seq == 0 || (c->call == NULL && c->linger_ms <= now)) {
            release_call(c);
            memset(c, 0, sizeof *c);
            return c;
        }
    }
    return NULL;
}

/* The router is done; the slot lingers. A UDP branch keeps its INVITE for the ACK of its
 * final response's retransmissions (RFC 3261 17.1.1.2 Timer D); the rest is freed. */
static void end_call(edge_call *c) {
    mssip_call_free(c->call);
    c->call = NULL;
    for (size_t i = 0; i < EDGE_CALL_BRANCHES; i++) {
        edge_branch *b = &c->branches[i];
        mssip_msg_free(b->cancel);
        b->cancel = NULL;
        b->cancel_resend_ms = 0;
        b->resend_ms = 0;
        if (b->hop.transport != MSSIP_TRANSPORT_UDP) {
            mssip_msg_free(b->invite);
            b->invite = NULL;
        }
    }
    memset(c->timers, 0, sizeof c->timers);
    c->linger_ms = edge_now_ms() + LINGER_MS;
}

static void run(edge *e, edge_call *c);
static void send_to_caller(edge *e, edge_call *c, const mssip_msg *resp);

/* MS-SIPRE 3.9.5.9: the proxy's 183 with Ms-Forking (2.2.10) for a call it routes, and its
 * 101 when the request went to registered endpoints. */
static bool is_forking_183(const mssip_msg *resp, uint16_t code) {
    mssip_str v;
    return code == 183 && mssip_msg_header(resp, "Ms-Forking", 0, &v) == MSSIP_OK;
}

/* A nested call is the same proxy handling the same INVITE for the next user (3.9.5.2.2):
 * its 183 with Ms-Forking and its 101 say what the caller's call already said, once (3.9.5.9
 * asks for "a" 183 and "a" 101), so they go up only when the caller has had none of them.
 * The endpoints' own 180 and 183 (no Ms-Forking) and the 181 of a further forwarding, which
 * is news to the caller, always go up. */
static bool already_told(edge *e, const edge_call *c, const mssip_msg *resp, uint16_t code) {
    bool forking = is_forking_183(resp, code);
    if (!forking && code != 101) {
        return false;
    }
    const edge_call *root = c;
    while (root != NULL && root->parent != 0) {
        root = call_by_seq(e->routing, root->parent);
    }
    return root != NULL && (forking ? root->sent_forking_183 : root->sent_101);
}

/* A nested call's response goes to its parent's branch, as a branch's response would
 * (RFC 3261 16.7); a 2xx after that branch's final response still goes up (item 5). */
static void to_parent(edge *e, edge_call *c, const mssip_msg *resp, uint16_t code) {
    edge_call *p = call_by_seq(e->routing, c->parent);
    edge_branch *b = p != NULL ? branch_of(p, c->parent_branch) : NULL;
    if (b == NULL || b->nested != c->seq) {
        return;
    }
    if (already_told(e, c, resp, code)) {
        edge_log(EDGE_DEBUG, "call %" PRIx64 ": the %u of call %" PRIx64 " not repeated",
                 p->seq, (unsigned)code, c->seq);
        return;
    }
    edge_log(EDGE_INFO, "call %" PRIx64 ": branch %" PRIu32 " (call %" PRIx64 ") answered %u",
             p->seq, b->id, c->seq, (unsigned)code);
    if (p->call == NULL || b->final) {
        if (code >= 200 && code < 300) {
            send_to_caller(e, p, resp);
        }
        return;
    }
    if (code >= 200) {
        b->final = true;
    }
    mssip_result rc = mssip_call_on_response(p->call, b->id, resp);
    if (rc != MSSIP_OK) {
        edge_log(EDGE_WARN, "call %" PRIx64 ": branch %" PRIu32 " response refused: %s (%s)",
                 p->seq, b->id, mssip_result_str(rc), mssip_last_error());
    }
    run(e, p);
}

static void send_to_caller(edge *e, edge_call *c, const mssip_msg *resp) {
    uint16_t code = 0;
    mssip_str reason = empty;
    mssip_msg_status(resp, &code);
    mssip_msg_reason(resp, &reason);
    if (c->parent != 0) {
        to_parent(e, c, resp, code);
        return;
    }
    edge_conn *to = edge_hop_conn(e, &c->caller);
    mssip_msg *translated = NULL; /* a caller that is a peer of DIR/peers/ (edge_interwork.c) */
    resp = to != NULL ? edge_interwork_response_copy(e, resp, to, &translated) : resp;
    if (to != NULL && edge_conn_send_msg(e, to, resp)) {
        edge_log(EDGE_INFO, "call %" PRIx64 ": %u %.*s sent to the caller, %s", c->seq,
                 (unsigned)code, (int)reason.len, reason.ptr, edge_conn_name(to));
        e->stats.forwarded++;
        edge_txn_server_sent(&c->server, &c->caller, resp);
        c->sent_101 = c->sent_101 || code == 101;
        c->sent_forking_183 = c->sent_forking_183 || is_forking_183(resp, code);
    } else {
        edge_log(EDGE_INFO, "call %" PRIx64 ": %u for the caller dropped: connection gone",
                 c->seq, (unsigned)code);
    }
    mssip_msg_free(translated);
}

/* A branch that could not be sent: the router hears the response it earned. */
static void branch_failed(edge_call *c, edge_branch *b, const mssip_msg *fork,
                          uint16_t code, const char *reason) {
    mssip_msg *resp = NULL;
    edge_log(EDGE_INFO, "call %" PRIx64 ": branch %" PRIu32 " not sent: %u", c->seq, b->id,
             (unsigned)code);
    b->final = true;
    if (mssip_msg_new_response(fork, code, reason, "mse-unsent", &resp) != MSSIP_OK ||
        mssip_call_on_response(c->call, b->id, resp) != MSSIP_OK) {
        mssip_call_on_branch_timeout(c->call, b->id);
    }
    mssip_msg_free(resp);
}

/* Is the Request-URI a voice-mail GRUU (MS-SIPRE 2.2.2) of a user with voice mail? Then a
 * Route to the voice-mail server's URI (users/<user>/voicemail) goes on top. */
static bool route_voicemail(edge *e, mssip_msg *fork) {
    mssip_uri u;
    mssip_param opaque;
    char user[USER_MAX], path[4096], server[1024], route[1040];
    if (e->data.dir == NULL || mssip_msg_request_uri_parts(fork, &u) != MSSIP_OK ||
        !edge_str_ieq(u.host, e->cfg->domain) ||
        mssip_params_get(&u.params, "opaque", &opaque) != MSSIP_OK ||
        !edge_str_eq(opaque.value, "app:voicemail") || !edge_str_copy(u.user, user, sizeof user) ||
        !edge_data_user_exists(&e->data, user, strlen(user)) ||
        !user_path(e, user, "voicemail", path, sizeof path) ||
        !first_line(path, server, sizeof server)) {
        return true;
    }
    snprintf(route, sizeof route, "<%s;lr>", server);
    return mssip_msg_prepend_header(fork, "Route", route) == MSSIP_OK;
}

/* MS-SIPRE 3.2.5.3 step 2: a branch to a registered endpoint whose binding has an epid
 * carries it on To (when the To has none; then the registrar kept only that epid's
 * bindings). */
static bool add_to_epid(const edge_call *c, mssip_msg *fork) {
    mssip_str ruri;
    if (mssip_msg_request_uri(fork, &ruri) != MSSIP_OK) {
        return false;
    }
    uint64_t h = uri_hash(ruri);
    for (size_t i = 0; i < EDGE_CALL_BRANCHES && c->epids[i].uri_hash != 0; i++) {
        if (c->epids[i].uri_hash == h) {
            return mssip_msg_set_to_epid(fork, c->epids[i].epid) == MSSIP_OK;
        }
    }
    return true;
}

static bool routed_user(const edge *e, const mssip_msg *req, char *user, size_t cap);
static edge_call *start_call(edge *e, struct edge_routing *r, mssip_msg *req,
                             const char *user, bool via_team, edge_conn *conn,
                             bool *refused);

/* MS-SIPRE 3.9.5.2.2 step 5: the branch was sent to its user by another user's team or
 * delegate ringing (the History-Info entry before the destination's says so, 3.9.5.10). */
static bool via_team_or_delegate(const mssip_msg *fork) {
    size_t n = 0;
    mssip_str why;
    mssip_msg_header_count(fork, "History-Info", &n);
    return n >= 2 &&
           mssip_msg_header_param(fork, "History-Info", n - 2, "ms-retarget-reason", &why) ==
               MSSIP_OK &&
           (edge_str_eq(why, "team-call") || edge_str_eq(why, "delegation"));
}

/* A branch to another user of the domain (a forwarding, simultaneous ring, team or delegate
 * target) is an INVITE to that user's address-of-record, handled by the proxy authorized
 * for it (MS-SIPRE 3.9, 3.9.5.2.2): it is routed by the router with that user's own
 * preambles, voice mail and DND, in a call of its own whose responses come back to this
 * branch; step 5 keeps a team or delegate target to its registered endpoints. Not for a
 * user an enclosing call routes already (a forwarding loop), nor deeper than
 * EDGE_NESTED_MAX: those go the plain way. False when the branch goes the plain way;
 * `copy` is consumed otherwise. */
static bool fork_nested(edge *e, edge_call *c, edge_branch *b, mssip_msg *copy) {
    char user[USER_MAX];
    struct edge_routing *r = e->routing;
    if (c->depth >= EDGE_NESTED_MAX || !routed_user(e, copy, user, sizeof user)) {
        return false;
    }
    for (edge_call *a = c; a != NULL; a = a->parent ? call_by_seq(r, a->parent) : NULL) {
        if (strcmp(a->user, user) == 0) {
            return false;
        }
    }
    bool refused = false;
    edge_call *n = start_call(e, r, copy, user, via_team_or_delegate(copy), NULL, &refused);
    if (n == NULL) {
        return false;
    }
    mssip_msg_free(copy);
    n->parent = c->seq;
    n->parent_branch = b->id;
    n->depth = c->depth + 1;
    n->caller = c->caller; /* its branches' Record-Route names the caller's side */
    snprintf(n->call_id, sizeof n->call_id, "%s", c->call_id);
    snprintf(n->via_branch, sizeof n->via_branch, "%s", NESTED_KEY);
    b->nested = n->seq;
    edge_log(EDGE_INFO, "call %" PRIx64 ": branch %" PRIu32 " is call %" PRIx64
             " to %s, routed by the call router", c->seq, b->id, n->seq, user);
    e->stats.forwarded++;
    run(e, n);
    return true;
}

static void fork_branch(edge *e, edge_call *c, uint32_t id, const mssip_msg *fork) {
    edge_branch *b = branch_of(c, 0);
    if (b == NULL) {
        edge_log(EDGE_WARN, "call %" PRIx64 ": more than %d branches", c->seq,
                 EDGE_CALL_BRANCHES);
        mssip_call_on_branch_timeout(c->call, id);
        return;
    }
    memset(b, 0, sizeof *b);
    b->id = id;
    mssip_msg *copy = NULL;
    if (mssip_msg_clone(fork, &copy) != MSSIP_OK || !route_voicemail(e, copy) ||
        !add_to_epid(c, copy)) {
        mssip_msg_free(copy);
        branch_failed(c, b, fork, 500, NULL);
        return;
    }
    if (fork_nested(e, c, b, copy)) {
        return;
    }
    edge_route r = edge_find_target(e, copy, "INVITE");
    mssip_msg *out = r.request != NULL ? r.request : copy;
    if (r.request != NULL) {
        mssip_msg_free(copy);
    }
    if (r.conn == NULL) {
        uint16_t code = r.code ? r.code : 480;
        if (r.answer != NULL) {
            mssip_msg_status(r.answer, &code);
        }
        mssip_msg_free(r.answer);
        mssip_msg_free(out);
        branch_failed(c, b, fork, code, r.reason);
        return;
    }
    mssip_str ruri = empty;
    char target[512];
    mssip_msg_request_uri(out, &ruri);
    snprintf(target, sizeof target, "%.*s", (int)ruri.len, ruri.ptr);
    edge_conn *to = r.conn;
    /* the caller's side as the Record-Route state names it (its connection id; none for
     * UDP), without edge_hop_conn, whose UDP view `to` may be */
    edge_conn from = {.transport = c->caller.transport, .id = c->caller.conn_id};
    if (c->caller.transport == MSSIP_TRANSPORT_UDP) {
        from.id = 0;
    }
    if (!edge_record_route(e, out, &from, to)) {
        mssip_msg_free(out);
        branch_failed(c, b, fork, 500, NULL);
        return;
    }
    if (!edge_interwork_request(e, out, to)) { /* the peer's translations, or it is down */
        mssip_msg_free(out);
        branch_failed(c, b, fork, 503, "Peer down");
        return;
    }
    const char *to_name = edge_conn_name(to);
    if (!edge_txn_invite(e, c->seq, b, out, to)) {
        branch_failed(c, b, fork, 503, "Next hop connection lost");
        return;
    }
    b->deadline_ms = edge_now_ms() + TIMER_C_MS;
    edge_log(EDGE_INFO, "call %" PRIx64 ": INVITE %s: branch %" PRIu32 " forwarded to %s",
             c->seq, target, id, to_name);
    e->stats.forwarded++;
}

static void arm(edge *e, edge_call *c, uint32_t id, uint64_t ms) {
    uint64_t scaled = (uint64_t)((double)ms * e->cfg->timer_scale);
    for (size_t i = 0; i < EDGE_CALL_TIMERS; i++) {
        if (c->timers[i].id == id || c->timers[i].id == 0) {
            c->timers[i].id = id;
            c->timers[i].at_ms = edge_now_ms() + scaled;
            edge_log(EDGE_DEBUG, "call %" PRIx64 ": timer %" PRIu32 " armed, %" PRIu64 " ms",
                     c->seq, id, scaled);
            return;
        }
    }
}

static void disarm(edge_call *c, uint32_t id) {
    for (size_t i = 0; i < EDGE_CALL_TIMERS; i++) {
        if (c->timers[i].id == id) {
            c->timers[i].id = 0;
        }
    }
}

/* The CANCEL of a branch that is a nested call: that call is cancelled as by its caller,
 * and its own CANCELs carry this one's Reason (the ms-acceptedby of 3.9.5.6). */
static void cancel_nested(edge *e, edge_branch *b, const mssip_msg *cancel) {
    edge_call *n = call_by_seq(e->routing, b->nested);
    mssip_str reason;
    if (n == NULL || n->call == NULL) {
        return;
    }
    b->cancelled = true;
    if (mssip_msg_header(cancel, "Reason", 0, &reason) == MSSIP_OK &&
        !edge_str_copy(reason, n->cancel_reason, sizeof n->cancel_reason)) {
        n->cancel_reason[0] = '\0';
    }
    edge_log(EDGE_INFO, "call %" PRIx64 ": cancelled by call %" PRIx64, n->seq, n->parent);
    if (mssip_call_on_cancel(n->call) == MSSIP_OK) {
        run(e, n);
    }
}

/* Carries out the router's actions until none is queued (or the call is over). */
static void run(edge *e, edge_call *c) {
    mssip_action a;
    while (c->call != NULL && mssip_call_next_action(c->call, &a) == MSSIP_OK) {
        switch (a.kind) {
        case MSSIP_ACTION_FORK:
            fork_branch(e, c, a.branch, a.msg);
            break;
        case MSSIP_ACTION_CANCEL: {
            edge_branch *b = branch_of(c, a.branch);
            if (b != NULL && b->nested != 0 && !b->final) {
                cancel_nested(e, b, a.msg);
            } else if (b != NULL && b->invite != NULL && !b->final) {
                edge_txn_cancel(e, b, a.msg, c->cancel_reason[0] ? c->cancel_reason : NULL);
            }
            break;
        }
        case MSSIP_ACTION_RESPOND:
            send_to_caller(e, c, a.msg);
            break;
        case MSSIP_ACTION_START_TIMER:
            arm(e, c, a.timer, a.ms);
            break;
        case MSSIP_ACTION_STOP_TIMER:
            disarm(c, a.timer);
            break;
        case MSSIP_ACTION_DONE:
            edge_log(EDGE_INFO, "call %" PRIx64 ": done", c->seq);
            end_call(c);
            break;
        }
    }
}

/* ---- requests --------------------------------------------------------------------------- */

static bool copy_header_param(const mssip_msg *m, const char *name, const char *param,
                              char *buf, size_t cap) {
    mssip_str s;
    return mssip_msg_header_param(m, name, 0, param, &s) == MSSIP_OK &&
           edge_str_copy(s, buf, cap);
}

static void answer(edge *e, edge_conn *c, const mssip_msg *req, uint16_t code) {
    mssip_msg *resp = NULL;
    if (mssip_msg_new_response(req, code, NULL, NULL, &resp) == MSSIP_OK) {
        edge_conn_send_msg(e, c, resp);
        e->stats.answered++;
    }
    mssip_msg_free(resp);
}

/* The user part of an INVITE the router takes: to our domain, not to a GRUU or another
 * opaque URI, no To tag, no Route left, and a user who exists. MS-SIPRE 3.9: the preamble
 * rules are for INVITEs "targeted to the address-of-record of the user"; a GRUU names one
 * endpoint (3.4) and is routed as RFC 3261 says (3.9.5.1), by the plain forwarding. */
static bool routed_user(const edge *e, const mssip_msg *req, char *user, size_t cap) {
    mssip_uri u;
    mssip_param p;
    mssip_str tag;
    size_t routes = 0;
    mssip_msg_header_count(req, "Route", &routes);
    return routes == 0 &&
           mssip_msg_header_param(req, "To", 0, "tag", &tag) == MSSIP_E_NOT_FOUND &&
           mssip_msg_request_uri_parts(req, &u) == MSSIP_OK && u.user.len > 0 &&
           edge_str_ieq(u.host, e->cfg->domain) &&
           mssip_params_get(&u.params, "gr", &p) == MSSIP_E_NOT_FOUND &&
           mssip_params_get(&u.params, "opaque", &p) == MSSIP_E_NOT_FOUND &&
           edge_str_copy(u.user, user, cap) && edge_data_user_exists(&e->data, user, u.user.len);
}

/* A new call for `user` routed by the router: a free slot, the user's callee with the
 * endpoints reachable now, and the router's call for `req`. With `conn` (a caller's INVITE)
 * the 100 goes first, and a 500 when the router refuses the INVITE (`*refused`). NULL when
 * there is no call. */
static edge_call *start_call(edge *e, struct edge_routing *r, mssip_msg *req,
                             const char *user, bool via_team, edge_conn *conn,
                             bool *refused) {
    *refused = false;
    edge_call *c = free_call(r, edge_now_ms());
    mssip_callee *callee = c != NULL ? callee_for(e, r, user) : NULL;
    if (callee == NULL) {
        edge_log(EDGE_WARN, "INVITE to %s: not routed by the call router (%s)", user,
                 c == NULL ? "too many calls" : "no callee");
        return NULL;
    }
    set_endpoints(e, c, callee, req);
    mssip_callee_set_fact(callee, MSSIP_CALLEE_VIA_TEAM_OR_DELEGATE, via_team);
    edge_max_forwards(req);
    if (conn != NULL) {
        answer(e, conn, req, 100);
    }
    mssip_result rc = mssip_router_route(r->router, req, callee, &c->call);
    if (rc != MSSIP_OK) {
        edge_log(EDGE_WARN, "INVITE to %s: the router refused it: %s (%s)", user,
                 mssip_result_str(rc), mssip_last_error());
        memset(c->epids, 0, sizeof c->epids);
        if (conn != NULL) {
            answer(e, conn, req, 500);
        }
        *refused = true;
        return NULL;
    }
    c->seq = r->next_seq++;
    snprintf(c->user, sizeof c->user, "%s", user);
    return c;
}

static bool route_invite(edge *e, edge_conn *conn, mssip_msg *req, const char *call_id,
                         const char *branch) {
    struct edge_routing *r = state(e);
    char user[USER_MAX];
    if (r == NULL || !routed_user(e, req, user, sizeof user)) {
        return false;
    }
    edge_call *c = find_call(r, call_id, branch);
    if (c != NULL) {
        /* a retransmission: the call is under way; RFC 3261 17.2.1: the latest response
         * again (our 100 when there is none yet) */
        if (!edge_txn_server_resend(e, &c->server, &c->caller)) {
            answer(e, conn, req, 100);
        }
        return true;
    }
    bool refused = false;
    c = start_call(e, r, req, user, false, conn, &refused);
    if (c == NULL) {
        return refused;
    }
    snprintf(c->call_id, sizeof c->call_id, "%s", call_id);
    snprintf(c->via_branch, sizeof c->via_branch, "%s", branch);
    edge_hop_of(&c->caller, conn);
    edge_log(EDGE_INFO, "%s: INVITE to %s: call %" PRIx64 " routed by the call router",
             edge_conn_name(conn), user, c->seq);
    run(e, c);
    return true;
}

bool edge_routing_request(edge *e, edge_conn *c, mssip_msg *req, const char *method) {
    bool invite = strcmp(method, "INVITE") == 0, cancel = strcmp(method, "CANCEL") == 0;
    bool ack = strcmp(method, "ACK") == 0;
    char call_id[EDGE_CALL_ID_MAX], branch[128];
    mssip_str id;
    if ((!invite && !cancel && !ack) || mssip_msg_header(req, "Call-ID", 0, &id) != MSSIP_OK ||
        !edge_str_copy(id, call_id, sizeof call_id) ||
        !copy_header_param(req, "Via", "branch", branch, sizeof branch)) {
        return false;
    }
    if (invite) {
        return route_invite(e, c, req, call_id, branch);
    }
    edge_call *call = e->routing != NULL ? find_call(e->routing, call_id, branch) : NULL;
    if (call == NULL) {
        return false;
    }
    if (ack) {
        call->server.acked = true; /* Timer G stops (RFC 3261 17.2.1) */
        edge_log(EDGE_DEBUG, "call %" PRIx64 ": ACK of the final response absorbed", call->seq);
        return true;
    }
    /* RFC 3261 16.10: the CANCEL is answered; the router cancels the branches (3.9.5) */
    answer(e, c, req, 200);
    edge_log(EDGE_INFO, "call %" PRIx64 ": cancelled by the caller", call->seq);
    if (call->call != NULL && mssip_call_on_cancel(call->call) == MSSIP_OK) {
        run(e, call);
    }
    return true;
}

/* ---- responses -------------------------------------------------------------------------- */

bool edge_routing_response(edge *e, edge_conn *conn, mssip_msg *resp) {
    mssip_via v;
    uint64_t seq = 0;
    uint32_t id = 0;
    if (e->routing == NULL || mssip_msg_via(resp, 0, &v) != MSSIP_OK ||
        !edge_txn_parse(v.branch, &seq, &id)) {
        return false;
    }
    uint16_t code = 0;
    uint32_t number = 0;
    mssip_str method = empty;
    mssip_msg_status(resp, &code);
    mssip_msg_cseq(resp, &number, &method);
    bool for_invite = edge_str_eq(method, "INVITE"), for_cancel = edge_str_eq(method, "CANCEL");
    edge_call *c = call_by_seq(e->routing, seq);
    edge_branch *b = c != NULL ? branch_of(c, id) : NULL;
    if (b == NULL || mssip_msg_remove_value(resp, "Via", 0) != MSSIP_OK) {
        edge_log(EDGE_INFO, "%s: %u response of an unknown branch dropped",
                 edge_conn_name(conn), (unsigned)code);
        e->stats.dropped++;
        return true;
    }
    b->heard = true;
    if (for_cancel && code >= 200) {
        b->cancel_resend_ms = 0; /* the CANCEL's own transaction is over (Timer E stops) */
    }
    if (code == 100 || !for_invite) {
        return true; /* our own 100 went to the caller; the 200 of our CANCEL ends it */
    }
    edge_log(EDGE_INFO, "call %" PRIx64 ": branch %" PRIu32 " answered %u", seq, id,
             (unsigned)code);
    if (code >= 300) {
        edge_txn_ack(e, b, resp);
    }
    if (code >= 300 && code < 400 && edge_interwork_redirect(e, c, b, resp)) return true; /* UM */
    if (code == 415 && edge_interwork_retry_415(e, c, b, resp)) return true; /* plain peer */
    code = edge_interwork_translate(e, conn, resp); /* the router sees a peer's new code */
    if (c->call == NULL || b->final) {
        /* RFC 3261 16.7 item 5: a 2xx, even a late one, always goes to the caller */
        if (code >= 200 && code < 300) {
            send_to_caller(e, c, resp);
        }
        return true;
    }
    if (code >= 200) {
        b->final = true;
    }
    mssip_result rc = mssip_call_on_response(c->call, id, resp);
    if (rc != MSSIP_OK) {
        edge_log(EDGE_WARN, "call %" PRIx64 ": branch %" PRIu32 " response refused: %s (%s)",
                 seq, id, mssip_result_str(rc), mssip_last_error());
    }
    run(e, c);
    return true;
}

/* ---- timers ----------------------------------------------------------------------------- */

uint64_t edge_routing_next_deadline(const edge *e, uint64_t next) {
    const struct edge_routing *r = e->routing;
    for (size_t i = 0; r != NULL && i < EDGE_ROUTED_CALLS; i++) {
        const edge_call *c = &r->calls[i];
        if (c->seq != 0 && c->server.resend_ms != 0 && c->server.resend_ms < next) {
            next = c->server.resend_ms;
        }
        if (c->seq == 0 || c->call == NULL) {
            continue;
        }
        for (size_t t = 0; t < EDGE_CALL_TIMERS; t++) {
            if (c->timers[t].id != 0 && c->timers[t].at_ms < next) {
                next = c->timers[t].at_ms;
            }
        }
        for (size_t b = 0; b < EDGE_CALL_BRANCHES; b++) {
            const edge_branch *br = &c->branches[b];
            if (br->id != 0 && !br->final && br->deadline_ms != 0 && br->deadline_ms < next) {
                next = br->deadline_ms;
            }
            if (br->id != 0 && br->resend_ms != 0 && br->resend_ms < next) {
                next = br->resend_ms;
            }
            if (br->id != 0 && br->cancel_resend_ms != 0 && br->cancel_resend_ms < next) {
                next = br->cancel_resend_ms;
            }
        }
    }
    return next;
}

static void tick_call(edge *e, edge_call *c, uint64_t now) {
    for (size_t t = 0; c->call != NULL && t < EDGE_CALL_TIMERS; t++) {
        if (c->timers[t].id != 0 && c->timers[t].at_ms <= now) {
            uint32_t id = c->timers[t].id;
            c->timers[t].id = 0;
            edge_log(EDGE_INFO, "call %" PRIx64 ": timer %" PRIu32 " fired", c->seq, id);
            if (mssip_call_on_timer(c->call, id) == MSSIP_OK) {
                run(e, c);
            }
        }
    }
    for (size_t i = 0; c->call != NULL && i < EDGE_CALL_BRANCHES; i++) {
        edge_branch *b = &c->branches[i];
        if (b->id != 0) {
            edge_txn_retransmit(e, b, now);
            edge_txn_cancel_retransmit(e, b, now);
        }
        bool gone = b->invite != NULL && b->hop.transport != MSSIP_TRANSPORT_UDP &&
                    edge_conn_by_id(e, b->hop.conn_id) == NULL;
        if (b->id != 0 && !b->final &&
            (gone || (b->deadline_ms != 0 && b->deadline_ms <= now))) {
            b->final = true;
            edge_log(EDGE_INFO, "call %" PRIx64 ": branch %" PRIu32 " gave no final response%s",
                     c->seq, b->id, gone ? ": its connection closed" : "");
            if (mssip_call_on_branch_timeout(c->call, b->id) == MSSIP_OK) {
                run(e, c);
            }
        }
    }
}

void edge_routing_tick(edge *e, uint64_t now_ms) {
    struct edge_routing *r = e->routing;
    for (size_t i = 0; r != NULL && i < EDGE_ROUTED_CALLS; i++) {
        edge_call *c = &r->calls[i];
        if (c->seq != 0) {
            edge_txn_server_retransmit(e, &c->server, &c->caller, now_ms);
        }
        if (c->seq != 0 && c->call != NULL) {
            tick_call(e, c, now_ms);
        }
    }
}

void edge_routing_close(edge *e) {
    struct edge_routing *r = e->routing;
    if (r == NULL) {
        return;
    }
    for (size_t i = 0; i < EDGE_ROUTED_CALLS; i++) {
        end_call(&r->calls[i]);
        release_call(&r->calls[i]);
    }
    for (size_t i = 0; i < CALLEE_CACHE; i++) {
        mssip_callee_free(r->cache[i].callee);
    }
    mssip_router_free(r->router);
    free(r->calls);
    free(r);
    e->routing = NULL;
}
