/* mssip_edge: the call router's own types, shared by edge_routing.c (the calls and the
 * router's actions) and edge_txn.c (the client transactions of their branches). */
#ifndef MSSIP_EDGE_ROUTING_H
#define MSSIP_EDGE_ROUTING_H

#include "edge.h"

#define EDGE_ROUTED_CALLS 256   /* calls routed at once; one more goes the plain way */
#define EDGE_CALL_BRANCHES 32   /* the router's default bound on branches per call */
#define EDGE_CALL_TIMERS 8      /* the router arms at most four at once (MS-SIPRE 3.9.2) */
#define EDGE_CALL_ID_MAX 256
#define EDGE_TXN_PREFIX "z9hG4bK-mse-r" /* our branches' Via: the plain prefix, then 'r' */

/* Where a message goes: a connection by id (TCP, TLS), or an address (UDP). */
typedef struct edge_hop {
    mssip_transport transport;
    uint64_t conn_id;
    char ip[EDGE_IP_MAX];
    uint16_t port;
} edge_hop;

/* One branch of a call: the INVITE as sent and its client transaction (RFC 3261 17.1.1). */
typedef struct edge_branch {
    uint32_t id;          /* the router's branch number; 0: the slot is free */
    mssip_msg *invite;    /* as sent, our Via on top; NULL when it could not be sent */
    edge_hop hop;
    bool final;           /* its final response came, or it was given up */
    bool cancelled;
    uint64_t deadline_ms; /* Timer C (no final response), then Timer B after its CANCEL */
    bool heard;           /* a response came: over UDP, no more retransmissions */
    uint64_t resend_ms;   /* UDP: when the INVITE is sent again (Timer A), 0: never */
    uint64_t resend_every;
    uint64_t nested;      /* a user of the domain routed by the router too: that call's seq */
    mssip_msg *cancel;    /* UDP: the CANCEL as sent, until its response or the final one */
    uint64_t cancel_resend_ms; /* UDP: when the CANCEL is sent again (Timer E), 0: never */
    uint64_t cancel_every;
} edge_branch;

/* The server transaction toward the caller (RFC 3261 17.2.1): the latest response sent,
 * for the caller's INVITE retransmissions, and over UDP the non-2xx final response sent
 * again (Timer G) until the caller's ACK or Timer H. */
typedef struct edge_server_txn {
    mssip_msg *last;      /* the latest response sent to the caller; NULL: only our 100 */
    bool acked;           /* the ACK of a non-2xx final response came */
    uint64_t resend_ms;   /* UDP: when the final response is sent again, 0: never */
    uint64_t resend_every;
    uint64_t until_ms;    /* Timer H: no ACK by then, no more copies */
} edge_server_txn;

/* A registered endpoint the router was given whose binding has an epid (MS-SIPRE 3.2.5.3
 * step 2): its branch INVITE gets it on To. The endpoint is known by a hash of its URI. */
typedef struct edge_epid {
    uint64_t uri_hash; /* 0: the slot is free */
    char epid[17];     /* 1 to 16 tokenchar (2.2.6) */
} edge_epid;

typedef struct edge_timer {
    uint32_t id; /* the router's timer number; 0: not armed */
    uint64_t at_ms;
} edge_timer;

/* One INVITE routed by the router: its server transaction's key, the way back to the
 * caller, the router's timers and the branches. */
typedef struct edge_call {
    uint64_t seq;      /* 0: the slot is free; our branches' Via carry it */
    mssip_call *call;  /* NULL once the router said DONE */
    char call_id[EDGE_CALL_ID_MAX];
    char via_branch[128]; /* the caller's top Via branch: its CANCEL and ACK carry it too */
    edge_hop caller;
    edge_server_txn server;
    edge_timer timers[EDGE_CALL_TIMERS];
    edge_branch branches[EDGE_CALL_BRANCHES];
    edge_epid epids[EDGE_CALL_BRANCHES];
    uint64_t linger_ms; /* after DONE: kept until then, to absorb the caller's ACK */
    /* A call for a user another call forwards to (MS-SIPRE 3.9.5.2.2): its "caller" is that
     * call's branch, which gets its responses; 0 for a call from a caller. */
    uint64_t parent;
    uint32_t parent_branch;
    unsigned depth;          /* 0 for a caller's call; parent's + 1 */
    char user[256];          /* the callee's user part: a nested call never rings an ancestor's */
    char cancel_reason[256]; /* a nested call cancelled by its parent: the Reason to pass on */
    /* a caller's call: the proxy's own provisionals the caller got (MS-SIPRE 3.9.5.9), which
     * a nested call's copies do not repeat */
    bool sent_forking_183;
    bool sent_101;
} edge_call;

/* ---- edge_txn.c ---- */
void edge_hop_of(edge_hop *h, const edge_conn *c);
/* The connection to send to (for UDP, valid until the next call), or NULL when it closed. */
edge_conn *edge_hop_conn(edge *e, const edge_hop *h);
/* Puts our Via on `invite` (ours from then on) and sends it as branch `b` of call `seq`
 * over `to`. False when it could not be sent (`invite` is freed then). */
bool edge_txn_invite(edge *e, uint64_t seq, edge_branch *b, mssip_msg *invite, edge_conn *to);
/* Sends the router's CANCEL of branch `b` with the Via and To of its INVITE (RFC 3261
 * 9.1); `reason`, when not NULL, replaces its Reason. */
void edge_txn_cancel(edge *e, edge_branch *b, const mssip_msg *cancel, const char *reason);
/* The ACK of a non-2xx final response of branch `b` (RFC 3261 17.1.1.3). */
void edge_txn_ack(edge *e, const edge_branch *b, const mssip_msg *resp);
/* Over UDP, sends the INVITE of a branch that heard nothing again when Timer A says so
 * (RFC 3261 17.1.1.2: 500 ms, doubling). */
void edge_txn_retransmit(edge *e, edge_branch *b, uint64_t now_ms);
/* Over UDP, sends the CANCEL of a branch again when Timer E says so (RFC 3261 17.1.2.2:
 * 500 ms, doubling up to T2, 4 s), until the CANCEL's response or the INVITE's final one. */
void edge_txn_cancel_retransmit(edge *e, edge_branch *b, uint64_t now_ms);
/* Frees what a branch holds (its INVITE and CANCEL). */
void edge_txn_release(edge_branch *b);
/* The caller's side (RFC 3261 17.2.1): keeps `resp` as the latest response sent (a copy);
 * over UDP a non-2xx final response is then sent again by edge_txn_server_retransmit. */
void edge_txn_server_sent(edge_server_txn *s, const edge_hop *caller, const mssip_msg *resp);
/* Sends the caller's latest response again (its INVITE came again); false when there is
 * none. */
bool edge_txn_server_resend(edge *e, const edge_server_txn *s, const edge_hop *caller);
/* Over UDP, the non-2xx final response again when Timer G says so (500 ms, doubling up to
 * T2), until the ACK (s->acked) or Timer H (64 * T1). */
void edge_txn_server_retransmit(edge *e, edge_server_txn *s, const edge_hop *caller,
                                uint64_t now_ms);
/* Frees the latest response kept. */
void edge_txn_server_release(edge_server_txn *s);
/* Reads our branch parameter back: the call's seq and the branch number. */
bool edge_txn_parse(mssip_str branch, uint64_t *seq, uint32_t *id);

#endif
