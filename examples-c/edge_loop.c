/* mssip_edge: the listeners and the single-threaded poll loop. Timers are deadlines kept on
 * each connection (TLS handshake, idle); the poll timeout is the nearest one. SIGTERM and
 * SIGINT write a byte into a self-pipe, which wakes the loop so it can stop cleanly. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "edge.h"

uint64_t edge_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t edge_wall_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec;
}

static bool set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL, 0);
    return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 &&
           fcntl(fd, F_SETFD, FD_CLOEXEC) == 0;
}

bool edge_split_hostport(const char *text, char *ip, size_t ip_cap, uint16_t *port) {
    const char *colon;
    const char *host = text;
    size_t host_len;
    if (text[0] == '[') {
        const char *end = strchr(text, ']');
        if (end == NULL || end[1] != ':') {
            return false;
        }
        host = text + 1;
        host_len = (size_t)(end - host);
        colon = end + 1;
    } else {
        colon = strrchr(text, ':');
        if (colon == NULL) {
            return false;
        }
        host_len = (size_t)(colon - text);
    }
    if (host_len == 0 || host_len >= ip_cap) {
        return false;
    }
    char *stop = NULL;
    errno = 0;
    unsigned long value = strtoul(colon + 1, &stop, 10);
    if (errno != 0 || stop == colon + 1 || *stop != '\0' || value > 65535) {
        return false;
    }
    memcpy(ip, host, host_len);
    ip[host_len] = '\0';
    *port = (uint16_t)value;
    return true;
}

/* Text form of a socket address. */
static void addr_text(const struct sockaddr_storage *sa, char *ip, size_t cap, uint16_t *port) {
    if (sa->ss_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        inet_ntop(AF_INET6, &in6->sin6_addr, ip, (socklen_t)cap);
        *port = ntohs(in6->sin6_port);
    } else {
        const struct sockaddr_in *in4 = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &in4->sin_addr, ip, (socklen_t)cap);
        *port = ntohs(in4->sin_port);
    }
}

bool edge_listen(edge *e, const char *hostport, mssip_transport transport) {
    if (e->n_listeners == EDGE_MAX_LISTENERS) {
        return false;
    }
    edge_listener *l = &e->listeners[e->n_listeners];
    uint16_t port = 0;
    if (!edge_split_hostport(hostport, l->ip, sizeof l->ip, &port)) {
        edge_log(EDGE_ERROR, "%s: not IP:PORT", hostport);
        return false;
    }
    bool udp = transport == MSSIP_TRANSPORT_UDP;
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = udp ? SOCK_DGRAM : SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
    char service[8];
    snprintf(service, sizeof service, "%u", (unsigned)port);
    int gai = getaddrinfo(l->ip, service, &hints, &res);
    if (gai != 0) {
        edge_log(EDGE_ERROR, "%s: %s", hostport, gai_strerror(gai));
        return false;
    }
    int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    int one = 1;
    bool ok = fd >= 0 && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0 &&
              bind(fd, res->ai_addr, res->ai_addrlen) == 0 && (udp || listen(fd, 128) == 0) &&
              set_nonblocking(fd);
    freeaddrinfo(res);
    if (!ok) {
        edge_log(EDGE_ERROR, "listen on %s: %s", hostport, strerror(errno));
        if (fd >= 0) {
            close(fd);
        }
        return false;
    }
    struct sockaddr_storage sa;
    socklen_t sa_len = sizeof sa;
    if (getsockname(fd, (struct sockaddr *)&sa, &sa_len) == 0) {
        char bound[EDGE_IP_MAX];
        addr_text(&sa, bound, sizeof bound, &l->port);
    }
    l->fd = fd;
    l->transport = transport;
    e->n_listeners++;
    edge_log(EDGE_INFO, "listening on %s:%u (%s)", l->ip, (unsigned)l->port,
             transport == MSSIP_TRANSPORT_TLS ? "tls" : udp ? "udp" : "tcp");
    return true;
}

const edge_listener *edge_listener_for(const edge *e, mssip_transport transport) {
    for (size_t i = 0; i < e->n_listeners; i++) {
        if (e->listeners[i].transport == transport) {
            return &e->listeners[i];
        }
    }
    return NULL;
}

static void accept_all(edge *e, const edge_listener *l) {
    while (e->n_conns < e->cfg->max_conns) {
        struct sockaddr_storage sa;
        socklen_t sa_len = sizeof sa;
        int fd = accept(l->fd, (struct sockaddr *)&sa, &sa_len);
        if (fd < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
                errno != ECONNABORTED) {
                edge_log(EDGE_WARN, "accept: %s", strerror(errno));
            }
            return;
        }
        char ip[EDGE_IP_MAX];
        uint16_t port = 0;
        addr_text(&sa, ip, sizeof ip, &port);
        if (!set_nonblocking(fd) || edge_conn_add(e, fd, l->transport, ip, port) == NULL) {
            close(fd);
        }
    }
}

static int wake_fd = -1;

static void on_signal(int sig) {
    int saved = errno;
    unsigned char b = (unsigned char)sig;
    if (write(wake_fd, &b, 1) < 0) {
        /* the pipe is full: a wake-up is already pending */
    }
    errno = saved;
}

bool edge_signals_init(edge *e) {
    if (pipe(e->wake) != 0 || !set_nonblocking(e->wake[0]) || !set_nonblocking(e->wake[1])) {
        edge_log(EDGE_ERROR, "pipe: %s", strerror(errno));
        return false;
    }
    wake_fd = e->wake[1];
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
    return true;
}

static void reap(edge *e) {
    for (size_t i = 0; i < e->cfg->max_conns; i++) {
        edge_conn *c = e->conns[i];
        if (c != NULL && c->state == EDGE_CONN_DEAD) {
            edge_conn_free(c);
            e->conns[i] = NULL;
            e->n_conns--;
        }
    }
}

static void expire(edge *e, uint64_t now) {
    for (size_t i = 0; i < e->cfg->max_conns; i++) {
        edge_conn *c = e->conns[i];
        if (c != NULL && c->state != EDGE_CONN_DEAD && c->deadline_ms <= now) {
            edge_conn_close(e, c, c->state == EDGE_CONN_HANDSHAKE ? "TLS handshake timed out"
                                                                   : "idle timeout");
        }
    }
}

static int poll_timeout(const edge *e, uint64_t now) {
    uint64_t next = edge_routing_next_deadline(e, edge_routeset_deadline(e, e->next_purge_ms));
    next = edge_around_deadline(e, next);
    next = edge_interwork_deadline(e, next); /* OPTIONS probes of DIR/peers/ */
    for (size_t i = 0; i < e->cfg->max_conns; i++) {
        const edge_conn *c = e->conns[i];
        if (c != NULL && c->deadline_ms < next) {
            next = c->deadline_ms;
        }
    }
    return next <= now ? 0 : (int)(next - now);
}

int edge_run(edge *e) {
    size_t cap = 1 + e->n_listeners + e->cfg->max_conns;
    struct pollfd *pfds = calloc(cap, sizeof *pfds);
    edge_conn **polled = calloc(cap, sizeof *polled);
    if (pfds == NULL || polled == NULL) {
        free(pfds);
        free(polled);
        edge_log(EDGE_ERROR, "out of memory");
        return 1;
    }
    int stop_signal = 0, rc = 0;
    while (stop_signal == 0) {
        size_t n = 0;
        pfds[n].fd = e->wake[0];
        pfds[n].events = POLLIN;
        polled[n++] = NULL;
        size_t first_listener = n;
        for (size_t i = 0; i < e->n_listeners; i++) {
            pfds[n].fd = e->listeners[i].fd;
            pfds[n].events = e->listeners[i].transport == MSSIP_TRANSPORT_UDP ||
                                     e->n_conns < e->cfg->max_conns
                                 ? POLLIN
                                 : 0;
            polled[n++] = NULL;
        }
        size_t first_conn = n;
        for (size_t i = 0; i < e->cfg->max_conns; i++) {
            edge_conn *c = e->conns[i];
            if (c == NULL) {
                continue;
            }
            pfds[n].fd = c->fd;
            pfds[n].events = POLLIN;
            if (c->out_len > 0 || c->tls_want_write) {
                pfds[n].events |= POLLOUT;
            }
            polled[n++] = c;
        }
        int ready = poll(pfds, (nfds_t)n, poll_timeout(e, edge_now_ms()));
        if (ready < 0 && errno != EINTR) {
            edge_log(EDGE_ERROR, "poll: %s", strerror(errno));
            rc = 1;
            break;
        }
        if (ready > 0) {
            if (pfds[0].revents & POLLIN) {
                unsigned char b = 0;
                while (read(e->wake[0], &b, 1) == 1) {
                    stop_signal = b;
                }
            }
            for (size_t i = first_listener; i < first_conn; i++) {
                const edge_listener *l = &e->listeners[i - first_listener];
                if ((pfds[i].revents & POLLIN) && l->transport == MSSIP_TRANSPORT_UDP) {
                    edge_udp_readable(e, l);
                } else if (pfds[i].revents & POLLIN) {
                    accept_all(e, l);
                }
            }
            for (size_t i = first_conn; i < n; i++) {
                edge_conn *c = polled[i];
                short re = pfds[i].revents;
                if (re & (POLLIN | POLLHUP | POLLERR) && c->state != EDGE_CONN_DEAD) {
                    edge_conn_readable(e, c);
                }
                if (re & POLLOUT && c->state != EDGE_CONN_DEAD) {
                    edge_conn_writable(e, c);
                }
            }
        }
        expire(e, edge_now_ms());
        edge_registrar_tick(e, edge_now_ms());
        edge_routing_tick(e, edge_now_ms());
        edge_around_tick(e, edge_now_ms());
        edge_routeset_tick(e, edge_now_ms());
        edge_interwork_tick(e, edge_now_ms());
        reap(e);
    }
    free(pfds);
    free(polled);
    if (stop_signal != 0) {
        edge_log(EDGE_INFO, "signal %d: stopping", stop_signal);
    }
    return rc;
}

void edge_shutdown(edge *e) {
    for (size_t i = 0; e->conns != NULL && i < e->cfg->max_conns; i++) {
        edge_conn *c = e->conns[i];
        if (c != NULL) {
            edge_conn_close(e, c, "shutting down");
        }
    }
    if (e->conns != NULL) {
        reap(e);
    }
    for (size_t i = 0; i < e->n_listeners; i++) {
        close(e->listeners[i].fd);
    }
    e->n_listeners = 0;
    if (e->wake[0] >= 0) {
        close(e->wake[0]);
        close(e->wake[1]);
        wake_fd = -1;
    }
}
