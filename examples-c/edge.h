/* mssip_edge: the shared types of the example edge proxy (see edge_proxy.c for what it does).
 * One file per idea: edge_proxy.c (flags, start, stop), edge_loop.c (listeners, poll loop,
 * timers), edge_conn.c (connections: reading, framing, writing), edge_tls.c (OpenSSL),
 * edge_forward.c (what happens to each request and response), edge_data.c (the --data
 * folder), edge_around.c (skip-pin, correlation, E911, Play-On-Phone), edge_log.c (logging,
 * the proxy's own and the library's), edge_text.c (text views). */
#ifndef MSSIP_EDGE_H
#define MSSIP_EDGE_H

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mssip.h"

/* OpenSSL types, kept opaque here so that only edge_tls.c includes OpenSSL's headers. */
typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;

#define EDGE_MAX_LISTENERS 3
#define EDGE_IP_MAX 64         /* an IPv4 or IPv6 address as text, NUL included */
#define EDGE_READ_CHUNK 16384  /* bytes read from a socket at a time */

/* ---- logging (edge_log.c) ------------------------------------------------------------- */
typedef enum edge_level { EDGE_ERROR = 0, EDGE_WARN = 1, EDGE_INFO = 2, EDGE_DEBUG = 3 } edge_level;

/* Sets the level and hands the library's log (mssip_log_set), from level `library` up, to
 * edge_log (which still drops what is below `max`). */
void edge_log_init(edge_level max, edge_level library);
/* Stops taking the library's log. */
void edge_log_stop(void);
bool edge_log_on(edge_level level);
void edge_log(edge_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Parses "error", "warn", "info" or "debug"; returns false for anything else. */
bool edge_level_parse(const char *text, edge_level *out);

/* ---- configuration (edge_proxy.c) ----------------------------------------------------- */
typedef struct edge_config {
    const char *listen;      /* --listen IP:PORT (TCP) */
    const char *tls_listen;  /* --tls-listen IP:PORT, or NULL */
    bool udp;                /* --udp: UDP too, on the --listen address and port */
    const char *cert;        /* --cert FILE (PEM chain) */
    const char *key;         /* --key FILE (PEM private key) */
    const char *domain;      /* --domain */
    const char *data_dir;    /* --data DIR, or NULL */
    const char *keys_file;   /* --keys FILE, or NULL */
    const char *advertise;   /* --advertise HOST, or NULL: the listen address */
    size_t max_conns;        /* --max-connections */
    unsigned idle_s;         /* --idle-timeout */
    size_t max_output;       /* --max-output: bytes queued to one connection before it is closed */
    edge_level level;        /* --log-level */
    edge_level library_level; /* --library-log-level */
    /* call router (edge_routing.c) */
    double timer_scale;      /* --timer-scale: the router's timers (MS-SIPRE 3.9.2) times this */
    /* routeset (MS-SIPRE 3.6, 3.7: edge_routeset.c) */
    unsigned key_rotation_s; /* --key-rotation: seconds between new signing keys */
    const char *pool;        /* --pool NAME: the pool's shared name in Record-Route, or NULL */
    const char *fqdn;        /* --fqdn NAME: our own name in Record-Route, Via, Contact, or NULL */
} edge_config;

/* ---- provisioning data (edge_data.c) -------------------------------------------------- */
typedef struct edge_data {
    const char *dir; /* NULL: every user of the domain exists */
} edge_data;

/* Opens the --data folder (NULL: none). Returns false, having logged why, when the folder
 * given has no users/ inside it. */
bool edge_data_open(edge_data *data, const char *dir);
/* Tells whether `user` (the user part of an AOR in our domain) exists. */
bool edge_data_user_exists(const edge_data *data, const char *user, size_t len);

/* ---- per-peer settings (edge_peers.c) -------------------------------------------------- */
typedef enum edge_peer_kind { EDGE_PEER_PLAIN = 0, EDGE_PEER_MICROSOFT = 1, EDGE_PEER_UM = 2 } edge_peer_kind;

/* A peer's `multipart` setting: takes multipart; never (bodies reduced); not known until it
 * says (a 415 or an Accept: mssip_peer_body_learn). */
typedef enum edge_multipart { EDGE_MULTIPART_YES = 0, EDGE_MULTIPART_NO = 1, EDGE_MULTIPART_AUTO = 2 } edge_multipart;

/* One DIR/peers/<name> file: where the peer is and what the way out to it translates. */
#define EDGE_PEER_RULES 16 /* `translate` lines of one peer */

typedef struct edge_peer {
    char name[64];
    char ip[EDGE_IP_MAX];
    uint16_t port;
    edge_peer_kind kind;
    edge_multipart multipart;
    mssip_peer_body *body; /* what is known of its multipart support; NULL for multipart yes */
    bool diversion; /* gets Diversion mapped from History-Info */
    bool sdp_plain; /* gets SDP normalised for plain stacks */
    char fqdn[256]; /* the name this proxy is known by to the peer ("" none) */
    mssip_code_rule rules[EDGE_PEER_RULES]; /* `translate` lines, codes before classes */
    char reasons[EDGE_PEER_RULES][64];      /* their reasons (rules[i].reason points here) */
    size_t n_rules;
    uint32_t probe_s;  /* `probe SECONDS`: OPTIONS every SECONDS (0: none) */
    uint32_t probe_id; /* its id in edge_peers.liveness (0: not watched) */
    bool probe_udp;    /* `probe-transport udp`: the probes go over UDP, not TCP */
    bool down;         /* the probes say it is down: requests to it get 503 */
} edge_peer;

typedef struct edge_peers {
    edge_peer *list;
    size_t n;
    mssip_liveness *liveness; /* the OPTIONS probes of `probe` peers (NULL: none) */
    uint64_t probe_at_ms;     /* when liveness wants polling (0: not armed) */
} edge_peers;

/* Reads DIR/peers/ (none: no profiles); false only when out of memory. */
bool edge_peers_load(edge_peers *peers, const char *data_dir);
void edge_peers_free(edge_peers *peers);
/* The profile of the peer at ip:port, or NULL. */
const edge_peer *edge_peer_find(const edge_peers *peers, const char *ip, uint16_t port);

/* ---- dial plan (edge_dialplan.c): state ------------------------------------------------ */
typedef struct edge_phone {
    char number[64]; /* E.164, visual separators removed */
    char user[256];
} edge_phone;

typedef struct edge_dialplan {
    mssip_profile_store *store; /* DIR/profiles/ and each user's default profile */
    size_t profiles;            /* documents loaded */
    edge_phone *phones;         /* from DIR/users/<user>/phone */
    size_t n_phones;
} edge_dialplan;

/* ---- around the call (edge_around.c): skip-pin, E911, correlation, Play-On-Phone ---- */
#define EDGE_E911_SEEN 16    /* emergency Call-IDs remembered, so a resent INVITE notifies once */
#define EDGE_E911_PENDING 16 /* notification INVITEs waiting for their final response */
#define EDGE_E911_WIRE 4096  /* a notification INVITE kept for retransmission over UDP */
typedef struct edge_notification {
    uint64_t seq;            /* 0: free; else the n<seq> of its Via branch */
    char ruri[512];          /* the Request-URI it was sent to (for the ACK of a non-2xx) */
    uint64_t deadline_ms;    /* Timer B (RFC 3261 17.1.1.2): given up then, the slot freed */
    char ip[EDGE_IP_MAX];    /* UDP: where it went, for Timer A's retransmissions */
    uint16_t port;
    uint64_t resend_ms;      /* UDP: when it is sent again (Timer A); 0: never */
    uint64_t resend_every;
    size_t wire_len;         /* the INVITE as sent (our Via on top) */
    uint8_t wire[EDGE_E911_WIRE];
} edge_notification;

typedef struct edge_around {
    char seen[EDGE_E911_SEEN][128];
    size_t next_seen;
    edge_notification pending[EDGE_E911_PENDING];
    uint64_t next_seq;
} edge_around;

/* ---- the proxy and its connections ------------------------------------------------------ */
typedef enum edge_conn_state {
    EDGE_CONN_HANDSHAKE, /* TLS handshake under way */
    EDGE_CONN_OPEN,      /* reading and writing SIP */
    EDGE_CONN_DEAD,      /* closed by the proxy; reaped at the end of the loop turn */
} edge_conn_state;

typedef struct edge_conn {
    int fd;
    uint64_t id;                 /* connection id from the library's table, never reused */
    size_t slot;                 /* index in edge.conns, the table's handle for it */
    mssip_transport transport;   /* TCP or TLS */
    edge_conn_state state;
    SSL *ssl;                    /* TLS only */
    bool tls_want_write;         /* the TLS library needs the socket writable to go on */
    mssip_framer *framer;
    char ip[EDGE_IP_MAX];        /* far end */
    uint16_t port;
    uint8_t *out;                /* bytes queued for the socket */
    size_t out_len, out_cap;
    uint64_t deadline_ms;        /* idle or handshake deadline (monotonic ms) */
    uint64_t messages;           /* SIP messages received */
    struct sockaddr_storage addr; /* UDP: the far end datagrams go to */
    socklen_t addr_len;
} edge_conn;

typedef struct edge_listener {
    int fd;
    mssip_transport transport;
    char ip[EDGE_IP_MAX];
    uint16_t port;           /* the bound port (the kernel's pick for port 0) */
} edge_listener;

typedef struct edge_stats {
    uint64_t accepted, closed, requests, responses, forwarded, answered, dropped, pings;
} edge_stats;

/* The whole proxy: configuration, sockets, connections. One per process, one thread. */
typedef struct edge {
    const edge_config *cfg;
    edge_listener listeners[EDGE_MAX_LISTENERS];
    size_t n_listeners;
    char host[EDGE_IP_MAX + 2];  /* what our Via and Record-Route carry (IPv6 bracketed) */
    char host_bare[EDGE_IP_MAX]; /* the same without brackets, to compare with */
    SSL_CTX *tls;
    edge_conn **conns;           /* cfg->max_conns slots, NULL when free */
    size_t n_conns;
    mssip_conn_table *cids;      /* connection ids (MS-SIPRE 3.5.1) -> connection slots */
    mssip_registrar *reg;        /* the domain's registrar */
    mssip_location *loc;         /* its location service */
    uint64_t next_purge_ms;      /* when expired bindings are purged next */
    edge_data data;
    /* dial plan (edge_dialplan.c) */
    edge_dialplan dialplan;
    edge_stats stats;
    edge_conn udp_from;          /* UDP: where the datagram being handled came from */
    edge_conn udp_to;            /* UDP: where the next datagram goes */
    int wake[2];                 /* self-pipe: a signal handler writes, the loop wakes */
    /* call router (edge_routing.c, edge_txn.c) */
    struct edge_routing *routing; /* NULL until the first INVITE routed through the router */
    /* routeset (MS-SIPRE 3.6, 3.7: edge_routeset.c) */
    mssip_keyring *ring;         /* route-signing keys (--keys); NULL: plain Record-Route */
    uint64_t next_rotation_ms;   /* when the next signing key starts */
    uint64_t keys_read_ms;       /* when --keys was last read for a key we lacked */
    char member[EDGE_IP_MAX + 8]; /* this member as ms-fe: advertised host and TCP port */
    /* around the call (edge_around.c) */
    edge_around around;
    /* interworking (edge_peers.c, edge_interwork.c) */
    edge_peers peers;
    struct edge_interwork *interwork; /* the UM workers pinned for their calls */
    /* own name (edge_fqdn.c) */
    mssip_fqdn *fqdn;            /* --fqdn: the name and our addresses; NULL without it */
} edge;

/* ---- listeners, poll loop, timers (edge_loop.c) ---------------------------------------- */
uint64_t edge_now_ms(void);
/* Seconds of wall-clock time, the clock registrations expire by. */
uint64_t edge_wall_s(void);
/* Splits "IP:PORT" or "[IPv6]:PORT". */
bool edge_split_hostport(const char *text, char *ip, size_t ip_cap, uint16_t *port);
/* Opens a listener (port 0: the kernel picks one, and the log says which); for UDP, a bound
 * socket. */
bool edge_listen(edge *e, const char *hostport, mssip_transport transport);
const edge_listener *edge_listener_for(const edge *e, mssip_transport transport);
/* Installs the SIGTERM / SIGINT handlers and the self-pipe they wake the loop through. */
bool edge_signals_init(edge *e);
/* Runs until a signal asks to stop: 0, or 1 when polling itself failed. */
int edge_run(edge *e);
/* Closes every connection and listener. */
void edge_shutdown(edge *e);

/* ---- connections (edge_conn.c) -------------------------------------------------------- */

edge_conn *edge_conn_add(edge *e, int fd, mssip_transport transport, const char *ip, uint16_t port);
void edge_conn_close(edge *e, edge_conn *c, const char *why);
void edge_conn_free(edge_conn *c);
/* Reads what the socket has, frames it, and hands each message to edge_forward. */
void edge_conn_readable(edge *e, edge_conn *c);
/* Writes queued bytes (or goes on with the TLS handshake). */
void edge_conn_writable(edge *e, edge_conn *c);
/* Queues bytes for the connection and writes what the socket takes now. Returns false (and
 * closes the connection) when it is dead or too much output is waiting. */
bool edge_conn_send(edge *e, edge_conn *c, const uint8_t *data, size_t len);
bool edge_conn_send_msg(edge *e, edge_conn *c, const mssip_msg *msg);
edge_conn *edge_conn_by_id(const edge *e, uint64_t id);
/* "conn <id>" or, for UDP, "udp <ip>:<port>", for the log (one of four rotating buffers). */
const char *edge_conn_name(const edge_conn *c);
/* A new TCP connection to ip:port (connecting; what is sent waits until it is up), or NULL
 * with errno set. */
edge_conn *edge_conn_connect(edge *e, const char *ip, uint16_t port);
/* An open connection to ip:port over `transport` (for UDP: the address to send to). */
edge_conn *edge_conn_by_addr(edge *e, mssip_transport transport, const char *ip, uint16_t port);

/* ---- UDP (edge_udp.c) ---------------------------------------------------------------- */
/* Reads the datagrams waiting on a UDP listener and hands each message to edge_forward. */
void edge_udp_readable(edge *e, const edge_listener *l);
/* The UDP destination ip:port as a connection to send to (valid until the next call). */
edge_conn *edge_udp_to(edge *e, const char *ip, uint16_t port);

/* ---- TLS (edge_tls.c) ----------------------------------------------------------------- */
SSL_CTX *edge_tls_server(const char *cert, const char *key);
void edge_tls_free(SSL_CTX *ctx);
bool edge_tls_attach(SSL_CTX *ctx, edge_conn *c);
void edge_tls_detach(edge_conn *c);
/* 1: handshake done; 0: in progress; -1: failed (logged). */
int edge_tls_handshake(edge_conn *c);
/* > 0: bytes; 0: the peer closed; -1: nothing now; -2: error (logged). */
long edge_tls_read(edge_conn *c, uint8_t *buf, size_t cap);
long edge_tls_write(edge_conn *c, const uint8_t *buf, size_t len);

/* ---- forwarding (edge_forward.c) ------------------------------------------------------ */
/* Handles one message that arrived on connection `c`. */
void edge_forward(edge *e, edge_conn *c, mssip_msg *msg);

/* ---- registrar and location service (edge_registrar.c) ------------------------------- */
/* Where a request goes: `conn` (with `request`, the copy to send, when not NULL), or the
 * response `answer` to send back, or a status `code` (with `reason`, NULL for the usual). */
typedef struct edge_route {
    edge_conn *conn;
    mssip_msg *request;
    mssip_msg *answer;
    uint16_t code;
    const char *reason;
} edge_route;

bool edge_registrar_open(edge *e);
void edge_registrar_close(edge *e);
/* Purges expired bindings when it is time. */
void edge_registrar_tick(edge *e, uint64_t now_ms);
/* The bindings registered over a closed connection become unroutable. */
void edge_registrar_conn_closed(edge *e, uint64_t conn_id);
/* The response to a REGISTER (NULL: drop it). */
mssip_msg *edge_register(edge *e, const edge_conn *c, const mssip_msg *req);
/* The 430 of MS-SIPRE 3.7.5.2 when the request earns it, else NULL. */
mssip_msg *edge_dialog_check(edge *e, const mssip_msg *req);
/* The target of a request to a user or GRUU of our domain; `*local` false when the
 * Request-URI is neither (route it otherwise). */
edge_route edge_location_route(edge *e, const mssip_msg *req, bool *local);

/* ---- call router (edge_routing.c, edge_txn.c): INVITEs to users of the domain -------- */
/* Exposed by edge_forward.c for the router's forks, which go the plain forwarding's way
 * (their Record-Route is edge_record_route of edge_routeset.c, never a copy of it): RFC 3261
 * 16.6 item 3, and the target of a request (Route, Request-URI, location service,
 * ms-received-cid). */
bool edge_max_forwards(mssip_msg *req);
edge_route edge_find_target(edge *e, mssip_msg *req, const char *method);
/* An INVITE to a user of the domain is routed through the call router (MS-SIPRE 3.9), as
 * are the caller's CANCEL and the ACK of a non-2xx final response of such a call: true when
 * the request was handled (answered, routed or absorbed), false for the plain forwarding. */
bool edge_routing_request(edge *e, edge_conn *c, mssip_msg *req, const char *method);
/* A response to one of the router's branches (our Via on top, NAT processing done): true
 * when it was one, handled. */
bool edge_routing_response(edge *e, edge_conn *c, mssip_msg *resp);
/* The nearest deadline of the router's timers and branches, or `next` when that is sooner. */
uint64_t edge_routing_next_deadline(const edge *e, uint64_t next);
/* Fires the router's timers and branch timeouts that are due. */
void edge_routing_tick(edge *e, uint64_t now_ms);
/* Frees the calls, the callee cache and the router. */
void edge_routing_close(edge *e);
/* ---- routeset: signed Record-Route, Route verdicts, key file (edge_routeset.c) ---------- */
/* Reads (or creates) the --keys file; nothing to do without --keys. */
bool edge_routeset_open(edge *e);
void edge_routeset_close(edge *e);
/* The earlier of `next_ms` and the next key rotation. */
uint64_t edge_routeset_deadline(const edge *e, uint64_t next_ms);
/* Rotates the signing key when it is time (and writes the key file). */
void edge_routeset_tick(edge *e, uint64_t now_ms);
/* Puts this proxy's Record-Route (signed with --keys, MS-SIPRE 3.6.3) on a dialog-creating
 * request going from connection `in` to `out`; two when their transports differ. Every
 * feature that forwards a dialog-creating request calls this one. */
bool edge_record_route(const edge *e, mssip_msg *req, const edge_conn *in, const edge_conn *out);
/* For a mid-dialog request whose top Route is ours: true with `r` set (the connection to
 * send to, or the 481 / 430 answer); false to route it the usual way. */
bool edge_routeset_target(edge *e, edge_conn *c, mssip_msg *req, edge_route *r);
/* ---- dial plan (edge_dialplan.c) ---------------------------------------------------- */
/* Loads DIR/profiles/ and the users' default profiles into the profile store. */
bool edge_dialplan_open(edge *e);
void edge_dialplan_close(edge *e);
/* A SERVICE for a location profile is answered (true: done with the request); an INVITE
 * from one of our users to a dialed number gets its Request-URI translated (false: go on). */
bool edge_dialplan_request(edge *e, edge_conn *c, mssip_msg *req);

/* ---- around the call (edge_around.c) ------------------------------------------------- */
/* On every INVITE before it is routed: Ms-Exchange-Command skip-pin removed (MS-OCEXUM 3.1);
 * on a dialog-creating one the correlation id logged (MS-SIPRE 3.12.5.2), a Play-On-Phone
 * INVITE logged (MS-OCEXUM 3.2: the router never diverts it) and, for an emergency call,
 * the notifications of DIR/e911/ sent (MS-SIPRE 3.17.5.2). The request is routed after. */
void edge_around_request(edge *e, edge_conn *c, mssip_msg *req, const char *method);
/* A response to one of this proxy's notification INVITEs: true when it was one, handled. */
bool edge_around_response(edge *e, edge_conn *c, const mssip_msg *resp);
/* The earlier of `next_ms` and the next Timer A / Timer B of the notification INVITEs. */
uint64_t edge_around_deadline(const edge *e, uint64_t next_ms);
/* Sends again the UDP notification INVITEs whose Timer A fired; gives up those whose Timer B
 * fired. */
void edge_around_tick(edge *e, uint64_t now_ms);

/* ---- interworking (edge_interwork.c): the way out to a peer of DIR/peers/ ------------ */
struct edge_call;
struct edge_branch;
/* Loads DIR/peers/ (edge_peers.c). */
bool edge_interwork_open(edge *e);
void edge_interwork_close(edge *e);
/* Just before a request goes to connection `to`: the translations its peer's profile asks
 * for (multipart to single SDP, SDP normalised, History-Info to Diversion); nothing for an
 * address without a profile. A translation that fails is logged and skipped. */
/* False (nothing done) when the peer is down by its probes: the request gets 503. */
bool edge_interwork_request(edge *e, mssip_msg *req, const edge_conn *to);
/* The same for a response going to a peer (multipart reduced, SDP normalised, Diversion). */
void edge_interwork_response(edge *e, mssip_msg *resp, const edge_conn *to);
/* A response translated for the peer at `to`: `resp` itself when `to` is no peer (or the
 * copy failed), else a translated copy, also in `*owned` (the caller frees it; NULL when
 * none). For a response the caller cannot change. */
const mssip_msg *edge_interwork_response_copy(edge *e, const mssip_msg *resp,
                                              const edge_conn *to, mssip_msg **owned);
/* Any message received on connection `from`: a peer with `multipart auto` learns from it
 * (a 415, an Accept). */
/* True when `msg` was the answer to one of our OPTIONS probes (taken: nothing else to do). */
bool edge_interwork_inbound(edge *e, const edge_conn *from, const mssip_msg *msg);
/* The OPTIONS probes' deadline, if before `next`; their timer firing. */
uint64_t edge_interwork_deadline(const edge *e, uint64_t next);
void edge_interwork_tick(edge *e, uint64_t now_ms);
/* A final response from a peer with `translate` lines: its code translated in place; the
 * response's code (translated or not) returned. */
uint16_t edge_interwork_translate(edge *e, const edge_conn *from, mssip_msg *resp);
/* A connection to the next hop `u` of `req` when none is open: connected now over TCP when
 * `u` is a peer of DIR/peers/ or the pinned UM worker of `req`'s call; else NULL. */
edge_conn *edge_interwork_connect(edge *e, const mssip_msg *req, const mssip_uri *u);
/* A 301 / 302 (our Via removed, already acknowledged) from a UM peer to branch `b` of call
 * `c`: followed as a new branch of the same call to the worker it names, its worker pinned
 * for the call. True when followed (the router never sees the 3xx). */
bool edge_interwork_redirect(edge *e, struct edge_call *c, struct edge_branch *b,
                             const mssip_msg *resp);
/* A 415 (our Via removed, already acknowledged) from a peer that refuses multipart to the
 * multipart INVITE of branch `b`: the branch tried again, once, with the single SDP. True
 * when retried (the router never sees the 415). */
bool edge_interwork_retry_415(edge *e, struct edge_call *c, struct edge_branch *b,
                              const mssip_msg *resp);

/* ---- own name and OPTIONS answers (edge_fqdn.c) -------------------------------------- */
/* --fqdn NAME checked with the library (false: the reason printed). */
bool edge_fqdn_valid(const char *name);
/* The discipline of --fqdn with our listeners' addresses; nothing to do without it. */
bool edge_fqdn_open(edge *e);
void edge_fqdn_close(edge *e);
/* What our Record-Route and Via carry: --fqdn, else the advertised address. */
const char *edge_own_host(const edge *e);
/* A Via sent-by host that is --fqdn or a peer's fqdn. */
bool edge_fqdn_host_is_ours(const edge *e, mssip_str host);
/* Each peer's `fqdn NAME` an alias of the discipline (made if --fqdn did not); false logged. */
bool edge_fqdn_peers(edge *e);
/* What our Record-Route and Via sent on `to` carry: its peer's fqdn, else edge_own_host. */
const char *edge_own_host_to(const edge *e, const edge_conn *to);
/* A URI naming us by --fqdn (or an address) with one of our listeners' ports. */
bool edge_fqdn_is_ours(const edge *e, const mssip_uri *u);
/* The 200 to an OPTIONS to the proxy itself (Allow, Accept, ms-keep-alive; a Contact with
 * --fqdn); NULL when it cannot be built (logged). */
mssip_msg *edge_options_answer(const edge *e, const mssip_msg *req);

/* ---- text views (edge_text.c) -------------------------------------------------------- */
bool edge_str_eq(mssip_str s, const char *text);
bool edge_str_ieq(mssip_str s, const char *text);
/* Copies a view into a NUL-terminated buffer; false when it does not fit. */
bool edge_str_copy(mssip_str s, char *buf, size_t cap);

#endif
