/* call_router: a host that drives the call router (MS-SIPRE 3.9) from its own poll loop,
 * with a timerfd per router timer and per scripted answer of a simulated callee device.
 * It runs scripted scenarios (the four preambles of MS-SIPRE 4.7, team ring with its timers
 * expiring, forwarding after no answer, DND to voice mail, a 415 answered by the single-part
 * retry) and prints every action the router asks for.
 *
 *   call_router [--scale N] [--callbacks] [SCENARIO...]
 *
 * --scale N divides every duration by N (the router's timers and the scripted answers), so
 * a test runs the 60 s forwarding timer in 60 ms at --scale 1000. --callbacks drives the
 * router through mssip_call_set_callbacks instead of draining mssip_call_next_action; the
 * output is the same. Linux only (timerfd). */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "mssip.h"

#define EP1 "sip:bob@192.0.2.11:5061;transport=tls"
#define EP2 "sip:bob@192.0.2.12:5061;transport=tls"
#define VM "sip:bob@contoso.com;opaque=app:voicemail"
#define MAX_PEER 32

static const char SDP[] = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
                          "t=0 0\r\nm=audio 5004 RTP/AVP 0\r\n";

/* How a destination answers: after `after_s` seconds (scaled), `code`. A code of 415 means
 * "415 to a multipart body, 200 to a single SDP" (an older endpoint, MS-SIPRE 3.9.5.5). */
struct answer {
    const char *uri;
    int after_s;
    int code;
};

struct scenario {
    const char *name;
    const char *about;
    const char *preamble; /* file under the data directory, or NULL */
    int voicemail;
    int dnd;
    int multipart;
    struct answer answers[4];
};

static const struct scenario SCENARIOS[] = {
    {"block", "4.7.1: the block flag rejects the call", "preamble-block.xml", 1, 0, 0, {{0}}},
    {"simultaneous-ring",
     "4.7.2: endpoints and the simultaneous ring device for 18 s, then the forwarding target",
     "preamble-simultaneous-ring.xml", 1, 0, 0,
     {{EP1, 2, 180}, {"sip:+14255550199@contoso.com;user=phone", 3, 200}}},
    {"call-forward", "4.7.3: forwarded at once; the target answers",
     "preamble-call-forward.xml", 1, 0, 0, {{"sip:+14255550199@contoso.com;user=phone", 2, 200}}},
    {"team-ring", "4.7.4: endpoints 10 s, then the team too; Bob of the team answers",
     "preamble-team-ring.xml", 1, 0, 0, {{EP1, 1, 180}, {"sip:Bob@contoso.com", 3, 200}}},
    {"team-ring-expiry", "4.7.4 with nobody answering: both timers expire, voice mail answers",
     "preamble-team-ring.xml", 1, 0, 0, {{VM, 1, 200}}},
    {"forward-no-answer",
     "no answer for 18 s: forwarded (181); no answer for 60 s: voice mail",
     "preamble-simultaneous-ring.xml", 1, 0, 0, {{VM, 2, 200}}},
    {"dnd-voicemail", "do-not-disturb: straight to voice mail (3.9.5.2.2 step 10)", NULL, 1, 1, 0,
     {{VM, 1, 200}}},
    {"fallback-415", "a 415 to the multipart offer: retried with the fallback SDP part (3.9.5.5)",
     NULL, 0, 0, 1, {{EP1, 1, 415}}},
};

/* ---- the host ---- */

struct peer_event {
    int fd; /* -1: free */
    uint32_t branch;
    int code;
    mssip_msg *request; /* the branch's INVITE, to answer */
};

struct host {
    const struct scenario *sc;
    long scale;
    mssip_call *call;
    int timer_fd[5]; /* index = router timer id 1..4 */
    struct peer_event peer[MAX_PEER];
    mssip_msg *requests[MAX_PEER + 1]; /* by branch */
    int done;
};

static void arm(int fd, long ms) {
    struct itimerspec it = {{0, 0}, {ms / 1000, (ms % 1000) * 1000000L}};
    if (ms == 0) it.it_value.tv_nsec = 1; /* 0 would disarm */
    if (timerfd_settime(fd, 0, &it, NULL) != 0) perror("timerfd_settime");
}

static void disarm(int fd) {
    struct itimerspec it = {{0, 0}, {0, 0}};
    timerfd_settime(fd, 0, &it, NULL);
}

static int new_timerfd(void) {
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
    if (fd < 0) {
        perror("timerfd_create");
        exit(1);
    }
    return fd;
}

static void print_view(const char *label, mssip_str v) {
    printf("    %s: %.*s\n", label, (int)v.len, v.ptr);
}

static void print_header(const mssip_msg *m, const char *name) {
    mssip_str v;
    for (size_t i = 0; mssip_msg_header(m, name, i, &v) == MSSIP_OK; i++) print_view(name, v);
}

/* Schedules a peer's answer to branch `branch` after `ms`. */
static void schedule(struct host *h, uint32_t branch, int code, long ms) {
    for (int i = 0; i < MAX_PEER; i++) {
        if (h->peer[i].fd < 0) {
            h->peer[i].fd = new_timerfd();
            h->peer[i].branch = branch;
            h->peer[i].code = code;
            arm(h->peer[i].fd, ms);
            return;
        }
    }
    fprintf(stderr, "too many peer events\n");
}

static void unschedule(struct host *h, uint32_t branch) {
    for (int i = 0; i < MAX_PEER; i++) {
        if (h->peer[i].fd >= 0 && h->peer[i].branch == branch) {
            close(h->peer[i].fd);
            h->peer[i].fd = -1;
        }
    }
}

static int is_multipart(const mssip_msg *m) {
    mssip_str ct;
    return mssip_msg_header(m, "Content-Type", 0, &ct) == MSSIP_OK && ct.len >= 10 &&
           strncmp(ct.ptr, "multipart/", 10) == 0;
}

/* The host side of a FORK: remember the request, and script the device's answer. */
static void on_fork(struct host *h, uint32_t branch, const mssip_msg *msg) {
    mssip_str ruri;
    mssip_msg_request_uri(msg, &ruri);
    printf("FORK %u %.*s%s\n", branch, (int)ruri.len, ruri.ptr,
           is_multipart(msg) ? " (multipart)" : "");
    print_header(msg, "History-Info");
    if (branch <= MAX_PEER) {
        /* Keep a copy of the request to answer it. */
        size_t len = 0;
        mssip_msg_serialize(msg, NULL, 0, &len);
        uint8_t *buf = malloc(len);
        mssip_msg_serialize(msg, buf, len, &len);
        mssip_msg_parse(buf, len, &h->requests[branch]);
        free(buf);
    }
    for (int i = 0; i < 4 && h->sc->answers[i].uri; i++) {
        const struct answer *a = &h->sc->answers[i];
        if (strlen(a->uri) == ruri.len && memcmp(a->uri, ruri.ptr, ruri.len) == 0) {
            int code = a->code;
            if (code == 415 && !is_multipart(msg)) code = 200;
            schedule(h, branch, code, a->after_s * 1000L / h->scale);
        }
    }
}

/* The host side of a CANCEL: the device stops and answers the INVITE with 487. */
static void on_cancel_sent(struct host *h, uint32_t branch, const mssip_msg *msg) {
    printf("CANCEL %u\n", branch);
    print_header(msg, "Reason");
    unschedule(h, branch);
    schedule(h, branch, 487, 0);
}

static void on_respond(const mssip_msg *msg) {
    uint16_t status = 0;
    mssip_str reason = {"", 0};
    mssip_msg_status(msg, &status);
    mssip_msg_reason(msg, &reason);
    printf("RESPOND %u %.*s\n", status, (int)reason.len, reason.ptr);
    print_header(msg, "Ms-Forking");
    print_header(msg, "History-Info");
}

static void on_start(struct host *h, uint32_t timer, uint64_t ms) {
    printf("START_TIMER %u %llu ms\n", timer, (unsigned long long)ms);
    if (timer >= 1 && timer <= 4) arm(h->timer_fd[timer], (long)(ms / (uint64_t)h->scale));
}

static void on_stop(struct host *h, uint32_t timer) {
    printf("STOP_TIMER %u\n", timer);
    if (timer >= 1 && timer <= 4) disarm(h->timer_fd[timer]);
}

static void carry_out(struct host *h, const mssip_action *a) {
    switch (a->kind) {
    case MSSIP_ACTION_FORK: on_fork(h, a->branch, a->msg); break;
    case MSSIP_ACTION_CANCEL: on_cancel_sent(h, a->branch, a->msg); break;
    case MSSIP_ACTION_RESPOND: on_respond(a->msg); break;
    case MSSIP_ACTION_START_TIMER: on_start(h, a->timer, a->ms); break;
    case MSSIP_ACTION_STOP_TIMER: on_stop(h, a->timer); break;
    case MSSIP_ACTION_DONE:
        printf("DONE\n");
        h->done++;
        break;
    }
}

/* Draining style: every action queued by the last call. */
static void drain(struct host *h) {
    mssip_action a;
    mssip_result rc;
    while ((rc = mssip_call_next_action(h->call, &a)) == MSSIP_OK) carry_out(h, &a);
    if (rc != MSSIP_E_NOT_FOUND) fprintf(stderr, "next_action: %s\n", mssip_result_str(rc));
}

/* Callback style: the same handlers, called from inside the mssip_call_* call. */
static int cb_request(void *ctx, mssip_action_kind kind, uint32_t branch, const mssip_msg *m) {
    mssip_action a = {kind, branch, 0, 0, m};
    carry_out(ctx, &a);
    return 0;
}
static int cb_response(void *ctx, const mssip_msg *m) {
    mssip_action a = {MSSIP_ACTION_RESPOND, 0, 0, 0, m};
    carry_out(ctx, &a);
    return 0;
}
static int cb_arm(void *ctx, uint32_t timer, uint64_t ms) {
    mssip_action a = {MSSIP_ACTION_START_TIMER, 0, timer, ms, NULL};
    carry_out(ctx, &a);
    return 0;
}
static int cb_disarm(void *ctx, uint32_t timer) {
    mssip_action a = {MSSIP_ACTION_STOP_TIMER, 0, timer, 0, NULL};
    carry_out(ctx, &a);
    return 0;
}
static int cb_done(void *ctx) {
    mssip_action a = {MSSIP_ACTION_DONE, 0, 0, 0, NULL};
    carry_out(ctx, &a);
    return 0;
}

static void check(mssip_result rc, const char *what) {
    if (rc != MSSIP_OK) {
        fprintf(stderr, "%s: %s (%s)\n", what, mssip_result_str(rc), mssip_last_error());
        exit(1);
    }
}

static mssip_msg *make_invite(int multipart) {
    char body[1024], text[4096];
    const char *ct = "application/sdp";
    if (multipart) {
        snprintf(body, sizeof body,
                 "--b\r\nContent-Type: application/sdp\r\nContent-Disposition: session; "
                 "handling=optional; ms-proxy-2007fallback\r\n\r\n%s\r\n--b\r\n"
                 "Content-Type: application/sdp\r\nContent-Disposition: session\r\n\r\n%s"
                 "a=ice-ufrag:x\r\n\r\n--b--\r\n",
                 SDP, SDP);
        ct = "multipart/alternative; boundary=b";
    } else {
        snprintf(body, sizeof body, "%s", SDP);
    }
    snprintf(text, sizeof text,
             "INVITE sip:bob@contoso.com SIP/2.0\r\n"
             "Via: SIP/2.0/TLS 192.0.2.1:5061;branch=z9hG4bK.c1\r\nMax-Forwards: 70\r\n"
             "From: <sip:zoe@fabrikam.com>;tag=a1\r\nTo: <sip:bob@contoso.com>\r\n"
             "Call-ID: call-1\r\nCSeq: 1 INVITE\r\n"
             "Contact: <sip:zoe@192.0.2.1:5061;transport=tls>\r\n"
             "Content-Type: %s\r\nContent-Length: %zu\r\n\r\n%s",
             ct, strlen(body), body);
    mssip_msg *m = NULL;
    check(mssip_msg_parse((const uint8_t *)text, strlen(text), &m), "invite");
    return m;
}

static mssip_callee *make_callee(const struct scenario *sc, const char *data_dir) {
    mssip_callee *c = NULL;
    check(mssip_callee_new("sip:bob@contoso.com", &c), "callee");
    if (sc->preamble) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", data_dir, sc->preamble);
        FILE *f = fopen(path, "rb");
        if (!f) {
            perror(path);
            exit(1);
        }
        char xml[65536];
        size_t n = fread(xml, 1, sizeof xml, f);
        fclose(f);
        check(mssip_callee_add_preamble(c, (const uint8_t *)xml, n), "preamble");
    }
    check(mssip_callee_add_endpoint(c, EP1), "endpoint");
    check(mssip_callee_add_endpoint(c, EP2), "endpoint");
    if (sc->voicemail) check(mssip_callee_set_voicemail(c, VM), "voicemail");
    if (sc->dnd) check(mssip_callee_set_fact(c, MSSIP_CALLEE_DND, true), "dnd");
    return c;
}

/* Delivers a scripted answer on its branch. */
static void answer(struct host *h, struct peer_event *p, int callbacks) {
    uint64_t n;
    if (read(p->fd, &n, sizeof n) < 0 && errno != EAGAIN) perror("read");
    close(p->fd);
    p->fd = -1;
    mssip_msg *req = p->branch <= MAX_PEER ? h->requests[p->branch] : NULL;
    if (!req) return;
    mssip_msg *resp = NULL;
    char tag[16];
    snprintf(tag, sizeof tag, "d%u", p->branch);
    check(mssip_msg_new_response(req, (uint16_t)p->code, NULL, tag, &resp), "response");
    printf("  <- branch %u answers %d\n", p->branch, p->code);
    mssip_result rc = mssip_call_on_response(h->call, p->branch, resp);
    if (rc != MSSIP_OK && rc != MSSIP_E_UNKNOWN_BRANCH && rc != MSSIP_E_CALL_OVER)
        check(rc, "on_response");
    mssip_msg_free(resp);
    if (!callbacks) drain(h);
}

static int run(const struct scenario *sc, const mssip_router *router, const char *data_dir,
               long scale, int callbacks) {
    struct host h;
    memset(&h, 0, sizeof h);
    h.sc = sc;
    h.scale = scale;
    for (int i = 1; i <= 4; i++) h.timer_fd[i] = new_timerfd();
    for (int i = 0; i < MAX_PEER; i++) h.peer[i].fd = -1;
    printf("== %s: %s\n", sc->name, sc->about);
    mssip_callee *callee = make_callee(sc, data_dir);
    mssip_msg *inv = make_invite(sc->multipart);
    check(mssip_router_route(router, inv, callee, &h.call), "route");
    if (callbacks) {
        mssip_call_callbacks cb = {&h, cb_request, cb_response, cb_arm, cb_disarm, cb_done};
        check(mssip_call_set_callbacks(h.call, &cb), "set_callbacks");
    } else {
        drain(&h);
    }
    while (!h.done) {
        struct pollfd fds[4 + MAX_PEER];
        int who[4 + MAX_PEER], n = 0;
        for (int i = 1; i <= 4; i++) {
            fds[n] = (struct pollfd){h.timer_fd[i], POLLIN, 0};
            who[n++] = -i;
        }
        for (int i = 0; i < MAX_PEER; i++) {
            if (h.peer[i].fd >= 0) {
                fds[n] = (struct pollfd){h.peer[i].fd, POLLIN, 0};
                who[n++] = i;
            }
        }
        if (poll(fds, (nfds_t)n, 10000) <= 0) {
            fprintf(stderr, "%s: nothing happened for 10 s\n", sc->name);
            return 1;
        }
        /* One event per turn, timers of the router first. */
        for (int k = 0; k < n; k++) {
            if (!(fds[k].revents & POLLIN)) continue;
            if (who[k] < 0) {
                uint64_t x;
                if (read(fds[k].fd, &x, sizeof x) < 0) perror("read");
                printf("  <- timer %d fires\n", -who[k]);
                check(mssip_call_on_timer(h.call, (uint32_t)-who[k]), "on_timer");
                if (!callbacks) drain(&h);
            } else {
                answer(&h, &h.peer[who[k]], callbacks);
            }
            break;
        }
    }
    for (int i = 1; i <= 4; i++) close(h.timer_fd[i]);
    for (int i = 0; i < MAX_PEER; i++)
        if (h.peer[i].fd >= 0) close(h.peer[i].fd);
    for (int i = 0; i <= MAX_PEER; i++) mssip_msg_free(h.requests[i]);
    mssip_call_free(h.call);
    mssip_msg_free(inv);
    mssip_callee_free(callee);
    printf("\n");
    return h.done == 1 ? 0 : 1;
}

int main(int argc, char **argv) {
    long scale = 1;
    int callbacks = 0;
    const char *data_dir = "tests/data/routing";
    const char *only[16];
    int n_only = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--scale") == 0 && i + 1 < argc) {
            scale = strtol(argv[++i], NULL, 10);
            if (scale < 1) scale = 1;
        } else if (strcmp(argv[i], "--callbacks") == 0) {
            callbacks = 1;
        } else if (strcmp(argv[i], "--data") == 0 && i + 1 < argc) {
            data_dir = argv[++i];
        } else if (strcmp(argv[i], "--help") == 0) {
            printf("usage: call_router [--scale N] [--callbacks] [--data DIR] [SCENARIO...]\n");
            for (size_t s = 0; s < sizeof SCENARIOS / sizeof SCENARIOS[0]; s++)
                printf("  %-18s %s\n", SCENARIOS[s].name, SCENARIOS[s].about);
            return 0;
        } else if (n_only < 16) {
            only[n_only++] = argv[i];
        }
    }
    mssip_router *router = NULL;
    check(mssip_router_new(&router), "router");
    int failed = 0;
    for (size_t s = 0; s < sizeof SCENARIOS / sizeof SCENARIOS[0]; s++) {
        int wanted = n_only == 0;
        for (int k = 0; k < n_only; k++) wanted |= strcmp(only[k], SCENARIOS[s].name) == 0;
        if (wanted) failed |= run(&SCENARIOS[s], router, data_dir, scale, callbacks);
    }
    mssip_router_free(router);
    return failed;
}
