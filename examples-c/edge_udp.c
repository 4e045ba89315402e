/* mssip_edge: SIP over UDP (--udp), on the --listen address and port. A datagram is one
 * message (RFC 3261 18.3): parsed as it is, then handled like a message from a connection,
 * with the peer's address standing in for the connection (connection id 0: NAT processing
 * stamps received and ms-received-port, no ms-received-cid). Answers and forwarded messages
 * go out of the same socket to the address the route names; nothing is queued (a datagram
 * the socket does not take is lost, as UDP allows; the sender retransmits). */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edge.h"

#define DATAGRAMS_PER_TURN 64u

static void set_pseudo(edge_conn *c, int fd, const char *ip, uint16_t port) {
    c->fd = fd;
    c->id = 0;
    c->transport = MSSIP_TRANSPORT_UDP;
    c->state = EDGE_CONN_OPEN;
    snprintf(c->ip, sizeof c->ip, "%s", ip);
    c->port = port;
}

static const edge_listener *udp_listener(const edge *e) {
    return edge_listener_for(e, MSSIP_TRANSPORT_UDP);
}

edge_conn *edge_udp_to(edge *e, const char *ip, uint16_t port) {
    const edge_listener *l = udp_listener(e);
    if (l == NULL) {
        return NULL;
    }
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    char service[8];
    snprintf(service, sizeof service, "%u", (unsigned)port);
    if (getaddrinfo(ip, service, &hints, &res) != 0) {
        return NULL;
    }
    edge_conn *c = &e->udp_to;
    set_pseudo(c, l->fd, ip, port);
    memcpy(&c->addr, res->ai_addr, res->ai_addrlen);
    c->addr_len = (socklen_t)res->ai_addrlen;
    freeaddrinfo(res);
    return c;
}

void edge_udp_readable(edge *e, const edge_listener *l) {
    static uint8_t buf[65536];
    for (unsigned turn = 0; turn < DATAGRAMS_PER_TURN; turn++) {
        edge_conn *c = &e->udp_from;
        c->addr_len = sizeof c->addr;
        ssize_t n = recvfrom(l->fd, buf, sizeof buf, 0, (struct sockaddr *)&c->addr, &c->addr_len);
        if (n < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                edge_log(EDGE_WARN, "udp recvfrom: %s", strerror(errno));
            }
            return;
        }
        char ip[EDGE_IP_MAX] = "";
        char service[8] = "";
        if (getnameinfo((struct sockaddr *)&c->addr, c->addr_len, ip, sizeof ip, service,
                        sizeof service, NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
            continue;
        }
        unsigned long port = strtoul(service, NULL, 10);
        set_pseudo(c, l->fd, ip, (uint16_t)port);
        /* a datagram of white space is a keep-alive: nothing to answer */
        size_t i = 0;
        while (i < (size_t)n && (buf[i] == '\r' || buf[i] == '\n' || buf[i] == ' ')) {
            i++;
        }
        if (i == (size_t)n) {
            continue;
        }
        mssip_msg *msg = NULL;
        mssip_result rc = mssip_msg_parse(buf, (size_t)n, &msg);
        if (rc != MSSIP_OK) {
            edge_log(EDGE_WARN, "udp %s:%lu: unparsable datagram dropped: %s (%s)", ip, port,
                     mssip_result_str(rc), mssip_last_error());
            e->stats.dropped++;
            continue;
        }
        edge_forward(e, c, msg);
        mssip_msg_free(msg);
    }
}
