/* mssip_edge: one TCP or TLS connection from a client. Bytes read are pushed into the
 * connection's mssip_framer, which cuts them into messages and keep-alives (RFC 5626 3.5.1:
 * a double-CRLF ping gets a single-CRLF pong). A stream that cannot be framed any more
 * closes the connection; a message that was cut out but does not parse is logged and
 * skipped, as the framer leaves the stream usable. Output that the socket does not take at
 * once waits in a per-connection queue, bounded by --max-output. */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "edge.h"

#define EDGE_HANDSHAKE_MS 10000u /* a TLS handshake must finish within this */
#define EDGE_READS_PER_TURN 8u

static const char *transport_name(mssip_transport t) {
    return t == MSSIP_TRANSPORT_TLS ? "tls" : t == MSSIP_TRANSPORT_TCP ? "tcp" : "udp";
}

edge_conn *edge_conn_add(edge *e, int fd, mssip_transport transport, const char *ip,
                         uint16_t port) {
    size_t slot = 0;
    while (slot < e->cfg->max_conns && e->conns[slot] != NULL) {
        slot++;
    }
    if (slot == e->cfg->max_conns) {
        edge_log(EDGE_WARN, "refusing %s connection from %s:%u: %zu connections open",
                 transport_name(transport), ip, (unsigned)port, e->n_conns);
        return NULL;
    }
    edge_conn *c = calloc(1, sizeof *c);
    if (c == NULL) {
        return NULL;
    }
    c->fd = fd;
    c->transport = transport;
    snprintf(c->ip, sizeof c->ip, "%s", ip);
    c->port = port;
    c->slot = slot;
    mssip_result rc = mssip_conn_table_open(e->cids, slot, &c->id);
    if (rc != MSSIP_OK) {
        edge_log(EDGE_WARN, "refusing %s connection from %s:%u: %s", transport_name(transport), ip,
                 (unsigned)port, mssip_result_str(rc));
        free(c);
        return NULL;
    }
    if (mssip_framer_new(&c->framer) != MSSIP_OK ||
        (transport == MSSIP_TRANSPORT_TLS && !edge_tls_attach(e->tls, c))) {
        mssip_conn_table_close(e->cids, c->id, NULL);
        mssip_framer_free(c->framer);
        free(c);
        return NULL;
    }
    if (transport == MSSIP_TRANSPORT_TLS) {
        c->state = EDGE_CONN_HANDSHAKE;
        c->deadline_ms = edge_now_ms() + EDGE_HANDSHAKE_MS;
    } else {
        c->state = EDGE_CONN_OPEN;
        c->deadline_ms = edge_now_ms() + (uint64_t)e->cfg->idle_s * 1000u;
    }
    e->conns[slot] = c;
    e->n_conns++;
    e->stats.accepted++;
    edge_log(EDGE_INFO, "conn %llX: %s from %s:%u", (unsigned long long)c->id,
             transport_name(transport), ip, (unsigned)port);
    return c;
}

void edge_conn_close(edge *e, edge_conn *c, const char *why) {
    if (c->state == EDGE_CONN_DEAD) {
        return;
    }
    edge_log(EDGE_INFO, "conn %llX: closed (%s) after %llu messages", (unsigned long long)c->id,
             why, (unsigned long long)c->messages);
    edge_tls_detach(c);
    c->state = EDGE_CONN_DEAD;
    /* its id names no connection from now on, so nothing is sent to a later one */
    mssip_conn_table_close(e->cids, c->id, NULL);
    edge_registrar_conn_closed(e, c->id);
    e->stats.closed++;
}

void edge_conn_free(edge_conn *c) {
    if (c == NULL) {
        return;
    }
    edge_tls_detach(c);
    if (c->fd >= 0) {
        close(c->fd);
    }
    mssip_framer_free(c->framer);
    free(c->out);
    free(c);
}

const char *edge_conn_name(const edge_conn *c) {
    static char names[4][EDGE_IP_MAX + 16];
    static unsigned next;
    char *name = names[next++ % 4];
    if (c->transport == MSSIP_TRANSPORT_UDP) {
        snprintf(name, sizeof names[0], "udp %s:%u", c->ip, (unsigned)c->port);
    } else {
        snprintf(name, sizeof names[0], "conn %llX", (unsigned long long)c->id);
    }
    return name;
}

edge_conn *edge_conn_by_id(const edge *e, uint64_t id) {
    uint64_t slot = 0;
    if (mssip_conn_table_lookup(e->cids, id, &slot) != MSSIP_OK || slot >= e->cfg->max_conns) {
        return NULL;
    }
    edge_conn *c = e->conns[slot];
    return c != NULL && c->id == id && c->state == EDGE_CONN_OPEN ? c : NULL;
}

edge_conn *edge_conn_by_addr(edge *e, mssip_transport transport, const char *ip, uint16_t port) {
    if (transport == MSSIP_TRANSPORT_UDP) {
        return edge_udp_to(e, ip, port);
    }
    for (size_t i = 0; i < e->cfg->max_conns; i++) {
        edge_conn *c = e->conns[i];
        if (c != NULL && c->state == EDGE_CONN_OPEN && c->transport == transport &&
            c->port == port && strcmp(c->ip, ip) == 0) {
            return c;
        }
    }
    return NULL;
}

edge_conn *edge_conn_connect(edge *e, const char *ip, uint16_t port) {
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    char service[8];
    snprintf(service, sizeof service, "%u", (unsigned)port);
    if (getaddrinfo(ip, service, &hints, &res) != 0) {
        errno = EINVAL;
        return NULL;
    }
    int fd = socket(res->ai_family, res->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                    res->ai_protocol);
    bool ok = fd >= 0 && (connect(fd, res->ai_addr, res->ai_addrlen) == 0 || errno == EINPROGRESS);
    freeaddrinfo(res);
    edge_conn *c = ok ? edge_conn_add(e, fd, MSSIP_TRANSPORT_TCP, ip, port) : NULL;
    if (c == NULL && fd >= 0) {
        int saved = errno;
        close(fd);
        errno = saved;
    }
    return c;
}

/* Writes what the socket takes now: bytes written, or -1 on a broken connection. */
static long write_some(edge_conn *c, const uint8_t *data, size_t len) {
    if (c->ssl != NULL) {
        long n = edge_tls_write(c, data, len);
        return n == -1 ? 0 : n;
    }
    ssize_t n = send(c->fd, data, len, MSG_NOSIGNAL);
    if (n >= 0) {
        return (long)n;
    }
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
}

static bool queue(edge *e, edge_conn *c, const uint8_t *data, size_t len) {
    if (len > e->cfg->max_output - c->out_len) {
        edge_conn_close(e, c, "output queue over --max-output");
        return false;
    }
    if (c->out_len + len > c->out_cap) {
        size_t cap = c->out_cap ? c->out_cap : 4096;
        while (cap < c->out_len + len) {
            cap *= 2;
        }
        uint8_t *grown = realloc(c->out, cap);
        if (grown == NULL) {
            edge_conn_close(e, c, "out of memory");
            return false;
        }
        c->out = grown;
        c->out_cap = cap;
    }
    memcpy(c->out + c->out_len, data, len);
    c->out_len += len;
    return true;
}

bool edge_conn_send(edge *e, edge_conn *c, const uint8_t *data, size_t len) {
    if (c->state == EDGE_CONN_DEAD) {
        return false;
    }
    if (c->transport == MSSIP_TRANSPORT_UDP) {
        ssize_t n = sendto(c->fd, data, len, 0, (const struct sockaddr *)&c->addr, c->addr_len);
        if (n < 0) {
            edge_log(EDGE_WARN, "udp %s:%u: sendto: %s", c->ip, (unsigned)c->port, strerror(errno));
        }
        return n == (ssize_t)len;
    }
    if (c->state == EDGE_CONN_OPEN && c->out_len == 0) {
        long n = write_some(c, data, len);
        if (n < 0) {
            edge_conn_close(e, c, "write failed");
            return false;
        }
        data += n;
        len -= (size_t)n;
    }
    return len == 0 || queue(e, c, data, len);
}

bool edge_conn_send_msg(edge *e, edge_conn *c, const mssip_msg *msg) {
    mssip_bytes wire;
    if (mssip_msg_bytes(msg, &wire) != MSSIP_OK) {
        return false;
    }
    return edge_conn_send(e, c, wire.ptr, wire.len);
}

static void flush(edge *e, edge_conn *c) {
    while (c->out_len > 0) {
        long n = write_some(c, c->out, c->out_len);
        if (n < 0) {
            edge_conn_close(e, c, "write failed");
            return;
        }
        if (n == 0) {
            return;
        }
        memmove(c->out, c->out + n, c->out_len - (size_t)n);
        c->out_len -= (size_t)n;
    }
}

/* Hands every complete item of the framer on. Returns false when the connection closed. */
static bool drain(edge *e, edge_conn *c) {
    static const uint8_t pong[] = "\r\n";
    for (;;) {
        mssip_frame_kind kind = MSSIP_FRAME_NONE;
        mssip_msg *msg = NULL;
        mssip_result rc = mssip_framer_next(c->framer, &kind, &msg);
        if (rc == MSSIP_E_FRAMING) {
            edge_log(EDGE_WARN, "conn %llX: bad framing: %s", (unsigned long long)c->id,
                     mssip_last_error());
            edge_conn_close(e, c, "bad framing");
            return false;
        }
        if (rc >= 100 && rc < 200) {
            /* cut from the stream but malformed: there is no message to answer from */
            edge_log(EDGE_WARN, "conn %llX: unparsable message dropped: %s (%s)",
                     (unsigned long long)c->id, mssip_result_str(rc), mssip_last_error());
            e->stats.dropped++;
            continue;
        }
        if (rc != MSSIP_OK) {
            edge_log(EDGE_ERROR, "conn %llX: framer: %s", (unsigned long long)c->id,
                     mssip_result_str(rc));
            edge_conn_close(e, c, "framer failure");
            return false;
        }
        switch (kind) {
        case MSSIP_FRAME_NONE:
            return true;
        case MSSIP_FRAME_PING:
            e->stats.pings++;
            edge_log(EDGE_DEBUG, "conn %llX: keep-alive ping answered", (unsigned long long)c->id);
            if (!edge_conn_send(e, c, pong, 2)) {
                return false;
            }
            break;
        case MSSIP_FRAME_PONG:
            break;
        case MSSIP_FRAME_MESSAGE:
            c->messages++;
            edge_forward(e, c, msg);
            mssip_msg_free(msg);
            if (c->state == EDGE_CONN_DEAD) {
                return false;
            }
            break;
        }
    }
}

static long read_some(edge_conn *c, uint8_t *buf, size_t cap) {
    if (c->ssl != NULL) {
        return edge_tls_read(c, buf, cap);
    }
    ssize_t n = recv(c->fd, buf, cap, 0);
    if (n >= 0) {
        return (long)n;
    }
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? -1 : -2;
}

void edge_conn_readable(edge *e, edge_conn *c) {
    if (c->state == EDGE_CONN_HANDSHAKE) {
        int done = edge_tls_handshake(c);
        if (done < 0) {
            edge_conn_close(e, c, "TLS handshake failed");
            return;
        }
        if (done == 0) {
            return;
        }
        c->state = EDGE_CONN_OPEN;
        edge_log(EDGE_INFO, "conn %llX: TLS established", (unsigned long long)c->id);
        flush(e, c);
    }
    if (c->state != EDGE_CONN_OPEN) {
        return;
    }
    c->deadline_ms = edge_now_ms() + (uint64_t)e->cfg->idle_s * 1000u;
    uint8_t buf[EDGE_READ_CHUNK];
    /* A busy TCP peer gets a few chunks per loop turn, so others are served too (poll
     * reports the rest); TLS may hold decrypted bytes the socket no longer signals, so it is
     * read until it would block. */
    for (unsigned turn = 0; c->ssl != NULL || turn < EDGE_READS_PER_TURN; turn++) {
        long n = read_some(c, buf, sizeof buf);
        if (n == -1) {
            return;
        }
        if (n == -2) {
            edge_conn_close(e, c, "read failed");
            return;
        }
        if (n == 0) {
            mssip_result rc = mssip_framer_finish(c->framer);
            if (drain(e, c)) {
                edge_conn_close(e, c,
                                rc == MSSIP_OK ? "peer closed" : "peer closed inside a message");
            }
            return;
        }
        mssip_result rc = mssip_framer_push(c->framer, buf, (size_t)n);
        if (!drain(e, c)) {
            return;
        }
        if (rc != MSSIP_OK) {
            edge_conn_close(e, c, "bad framing");
            return;
        }
    }
}

void edge_conn_writable(edge *e, edge_conn *c) {
    if (c->state == EDGE_CONN_HANDSHAKE || c->tls_want_write) {
        c->tls_want_write = false;
        edge_conn_readable(e, c);
    }
    if (c->state == EDGE_CONN_OPEN) {
        flush(e, c);
    }
}
