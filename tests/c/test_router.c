/* The call router (MS-SIPRE 3.9) from C: the 4.7.2 and 4.7.4 preambles run through both
 * styles (draining mssip_call_next_action and the callbacks of mssip_call_set_callbacks),
 * whose transcripts must be the same; the messages the actions carry; every error path and
 * NULL argument. */
#include "check.h"

#define ROUTING_DIR MSSIP_CORPUS_DIR "/../routing/"
#define EP1 "sip:bob@192.0.2.11:5061;transport=tls"
#define EP2 "sip:bob@192.0.2.12:5061;transport=tls"
#define VM "sip:bob@contoso.com;opaque=app:voicemail"

static const char SDP[] = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
                          "t=0 0\r\nm=audio 5004 RTP/AVP 0\r\n";

static mssip_msg *invite(const char *extra) {
    char text[2048];
    snprintf(text, sizeof text,
             "INVITE sip:bob@contoso.com SIP/2.0\r\n"
             "Via: SIP/2.0/TLS 192.0.2.1:5061;branch=z9hG4bK.c1\r\n"
             "From: <sip:zoe@fabrikam.com>;tag=a1\r\nTo: <sip:bob@contoso.com>\r\n"
             "Call-ID: call-1\r\nCSeq: 1 INVITE\r\n%s"
             "Content-Type: application/sdp\r\nContent-Length: %zu\r\n\r\n%s",
             extra, strlen(SDP), SDP);
    return check_parse(text);
}

static mssip_msg *response(int code) {
    char text[1024];
    snprintf(text, sizeof text,
             "SIP/2.0 %d X\r\nVia: SIP/2.0/TLS 192.0.2.1:5061;branch=z9hG4bK.c1\r\n"
             "From: <sip:zoe@fabrikam.com>;tag=a1\r\nTo: <sip:bob@contoso.com>;tag=t%d\r\n"
             "Call-ID: call-1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n",
             code, code);
    return check_parse(text);
}

static mssip_callee *callee(const char *preamble_file, int vm) {
    mssip_callee *c = NULL;
    CHECK_OK(mssip_callee_new("sip:bob@contoso.com", &c));
    if (preamble_file) {
        char path[512];
        snprintf(path, sizeof path, "%s%s", ROUTING_DIR, preamble_file);
        size_t len = 0;
        unsigned char *xml = check_read_file(path, &len);
        CHECK_OK(mssip_callee_add_preamble(c, xml, len));
        free(xml);
    }
    CHECK_OK(mssip_callee_add_endpoint(c, EP1));
    CHECK_OK(mssip_callee_add_endpoint(c, EP2));
    if (vm) CHECK_OK(mssip_callee_set_voicemail(c, VM));
    return c;
}

/* ---- transcripts ---- */

struct transcript {
    char text[8192];
    size_t len;
    int done;
    char last_cancel_reason[256];
};

static void put(struct transcript *t, const char *line) {
    size_t n = strlen(line);
    if (t->len + n + 2 < sizeof t->text) {
        memcpy(t->text + t->len, line, n);
        t->len += n;
        t->text[t->len++] = '\n';
        t->text[t->len] = 0;
    }
}

static void put_msg(struct transcript *t, const char *what, uint32_t branch, const mssip_msg *m) {
    char line[512];
    uint16_t status = 0;
    if (mssip_msg_status(m, &status) == MSSIP_OK) {
        snprintf(line, sizeof line, "respond %u", status);
    } else {
        mssip_str ruri = {0};
        CHECK_OK(mssip_msg_request_uri(m, &ruri));
        snprintf(line, sizeof line, "%s %u %.*s", what, branch, (int)ruri.len, ruri.ptr);
        mssip_str reason = {0};
        if (strcmp(what, "cancel") == 0 && mssip_msg_header(m, "Reason", 0, &reason) == MSSIP_OK)
            snprintf(t->last_cancel_reason, sizeof t->last_cancel_reason, "%.*s",
                     (int)reason.len, reason.ptr);
    }
    put(t, line);
}

static void put_action(struct transcript *t, const mssip_action *a) {
    char line[128];
    switch (a->kind) {
    case MSSIP_ACTION_FORK: put_msg(t, "fork", a->branch, a->msg); break;
    case MSSIP_ACTION_CANCEL: put_msg(t, "cancel", a->branch, a->msg); break;
    case MSSIP_ACTION_RESPOND: put_msg(t, "respond", 0, a->msg); break;
    case MSSIP_ACTION_START_TIMER:
        snprintf(line, sizeof line, "start %u %llu", a->timer, (unsigned long long)a->ms);
        put(t, line);
        break;
    case MSSIP_ACTION_STOP_TIMER:
        snprintf(line, sizeof line, "stop %u", a->timer);
        put(t, line);
        break;
    case MSSIP_ACTION_DONE:
        t->done++;
        put(t, "done");
        break;
    }
}

static void drain(mssip_call *call, struct transcript *t) {
    mssip_action a;
    mssip_result rc;
    while ((rc = mssip_call_next_action(call, &a)) == MSSIP_OK) put_action(t, &a);
    CHECK_RC(rc, MSSIP_E_NOT_FOUND);
}

static int cb_request(void *ctx, mssip_action_kind kind, uint32_t branch, const mssip_msg *msg) {
    put_msg(ctx, kind == MSSIP_ACTION_FORK ? "fork" : "cancel", branch, msg);
    return 0;
}
static int cb_response(void *ctx, const mssip_msg *msg) {
    put_msg(ctx, "respond", 0, msg);
    return 0;
}
static int cb_arm(void *ctx, uint32_t timer, uint64_t ms) {
    mssip_action a = {MSSIP_ACTION_START_TIMER, 0, timer, ms, NULL};
    put_action(ctx, &a);
    return 0;
}
static int cb_disarm(void *ctx, uint32_t timer) {
    mssip_action a = {MSSIP_ACTION_STOP_TIMER, 0, timer, 0, NULL};
    put_action(ctx, &a);
    return 0;
}
static int cb_done(void *ctx) {
    mssip_action a = {MSSIP_ACTION_DONE, 0, 0, 0, NULL};
    put_action(ctx, &a);
    return 0;
}

/* One scripted event. */
enum ev_kind { EV_RESPONSE, EV_TIMER, EV_CANCEL, EV_BRANCH_TIMEOUT };
struct ev {
    enum ev_kind kind;
    uint32_t arg; /* branch or timer */
    int code;
};

static void feed(mssip_call *call, const struct ev *e) {
    switch (e->kind) {
    case EV_RESPONSE: {
        mssip_msg *r = response(e->code);
        CHECK_OK(mssip_call_on_response(call, e->arg, r));
        mssip_msg_free(r);
        break;
    }
    case EV_TIMER: CHECK_OK(mssip_call_on_timer(call, e->arg)); break;
    case EV_CANCEL: CHECK_OK(mssip_call_on_cancel(call)); break;
    case EV_BRANCH_TIMEOUT: CHECK_OK(mssip_call_on_branch_timeout(call, e->arg)); break;
    }
}

/* Runs the scenario in both styles; both transcripts must equal `want`. */
static void both_styles(const char *preamble_file, int vm, const struct ev *evs, size_t n,
                        const char *want) {
    mssip_router *router = NULL;
    CHECK_OK(mssip_router_new(&router));
    mssip_callee *c = callee(preamble_file, vm);
    mssip_msg *inv = invite("");

    struct transcript drained = {0}, called = {0};
    mssip_call *call = NULL;
    CHECK_OK(mssip_router_route(router, inv, c, &call));
    drain(call, &drained);
    for (size_t i = 0; i < n; i++) {
        feed(call, &evs[i]);
        drain(call, &drained);
    }
    mssip_call_free(call);

    call = NULL;
    CHECK_OK(mssip_router_route(router, inv, c, &call));
    mssip_call_callbacks cb = {&called, cb_request, cb_response, cb_arm, cb_disarm, cb_done};
    CHECK_OK(mssip_call_set_callbacks(call, &cb));
    for (size_t i = 0; i < n; i++) feed(call, &evs[i]);
    mssip_action a;
    CHECK_RC(mssip_call_next_action(call, &a), MSSIP_E_NOT_FOUND);
    mssip_call_free(call);

    CHECK(strcmp(drained.text, want) == 0);
    CHECK(strcmp(called.text, want) == 0);
    if (strcmp(drained.text, want) != 0) fprintf(stderr, "drained:\n%s\nwant:\n%s\n", drained.text, want);
    if (strcmp(called.text, drained.text) != 0) fprintf(stderr, "called:\n%s\n", called.text);
    CHECK(drained.done == 1 && called.done == 1);

    mssip_msg_free(inv);
    mssip_callee_free(c);
    mssip_router_free(router);
}

static void simultaneous_ring_4_7_2(void) {
    /* Nobody answers in 18 s: forks cancelled, forwarded (3.9.6.1), the forwarding target
     * answers; the cancelled branches end with 487. */
    const struct ev evs[] = {
        {EV_RESPONSE, 1, 180}, {EV_TIMER, 1, 0},      {EV_RESPONSE, 1, 487},
        {EV_RESPONSE, 2, 487}, {EV_BRANCH_TIMEOUT, 3, 0}, {EV_RESPONSE, 4, 200},
    };
    both_styles("preamble-simultaneous-ring.xml", 1, evs, sizeof evs / sizeof evs[0],
                "respond 183\n"
                "fork 1 " EP1 "\n"
                "fork 2 " EP2 "\n"
                "respond 101\n"
                "fork 3 sip:+14255550100@contoso.com;user=phone\n"
                "respond 181\n"
                "start 1 18000\n"
                "respond 180\n"
                "cancel 1 " EP1 "\n"
                "cancel 2 " EP2 "\n"
                "cancel 3 sip:+14255550100@contoso.com;user=phone\n"
                "fork 4 sip:+14255550199@contoso.com;user=phone\n"
                "respond 181\n"
                "start 2 60000\n"
                "respond 200\n"
                "stop 2\n"
                "done\n");
}

static void team_ring_4_7_4(void) {
    /* user timer (10 s) rings the team, team2 (10 s) cancels all and goes to voice mail,
     * the caller cancels. */
    const struct ev evs[] = {
        {EV_TIMER, 3, 0},      {EV_TIMER, 4, 0},      {EV_CANCEL, 0, 0},
        {EV_RESPONSE, 1, 487}, {EV_RESPONSE, 2, 487}, {EV_RESPONSE, 3, 487},
        {EV_RESPONSE, 4, 487}, {EV_RESPONSE, 5, 487},
    };
    both_styles("preamble-team-ring.xml", 1, evs, sizeof evs / sizeof evs[0],
                "respond 183\n"
                "fork 1 " EP1 "\n"
                "fork 2 " EP2 "\n"
                "respond 101\n"
                "start 3 10000\n"
                "fork 3 sip:Alice@contoso.com\n"
                "fork 4 sip:Bob@contoso.com\n"
                "respond 181\n"
                "start 4 10000\n"
                "cancel 1 " EP1 "\n"
                "cancel 2 " EP2 "\n"
                "cancel 3 sip:Alice@contoso.com\n"
                "cancel 4 sip:Bob@contoso.com\n"
                "fork 5 " VM "\n"
                "respond 181\n"
                "cancel 5 " VM "\n"
                "respond 487\n"
                "done\n");
}

static void blocked_4_7_1(void) {
    both_styles("preamble-block.xml", 1, NULL, 0, "respond 480\ndone\n");
}

static void answered_cancels_with_ms_acceptedby(void) {
    mssip_router *router = NULL;
    CHECK_OK(mssip_router_new(&router));
    mssip_callee *c = callee(NULL, 0);
    mssip_msg *inv = invite("");
    mssip_call *call = NULL;
    CHECK_OK(mssip_router_route(router, inv, c, &call));
    struct transcript t = {0};
    drain(call, &t);
    mssip_msg *ok = response(200);
    CHECK_OK(mssip_call_on_response(call, 2, ok));
    drain(call, &t);
    CHECK_STR(((mssip_str){t.last_cancel_reason, strlen(t.last_cancel_reason)}),
              "SIP;cause=200;text=\"Call completed elsewhere\";ms-acceptedby=sip:bob@contoso.com");
    /* Errors after the answer: a branch already ended, a timer stopped. */
    CHECK_RC(mssip_call_on_response(call, 2, ok), MSSIP_E_UNKNOWN_BRANCH);
    CHECK_RC(mssip_call_on_timer(call, 1), MSSIP_E_UNKNOWN_TIMER);
    CHECK_RC(mssip_call_on_response(call, 1, inv), MSSIP_E_WRONG_KIND);
    mssip_msg *term = response(487);
    CHECK_OK(mssip_call_on_response(call, 1, term));
    drain(call, &t);
    CHECK(t.done == 1);
    CHECK_RC(mssip_call_on_cancel(call), MSSIP_E_CALL_OVER);
    CHECK_RC(mssip_call_on_response(call, 1, term), MSSIP_E_CALL_OVER);
    size_t bytes = 0;
    CHECK_OK(mssip_call_footprint(call, &bytes));
    CHECK(bytes > 0);
    mssip_msg_free(term);
    mssip_msg_free(ok);
    mssip_call_free(call);
    mssip_msg_free(inv);
    mssip_callee_free(c);
    mssip_router_free(router);
}

static void fork_message_has_history_info(void) {
    mssip_router *router = NULL;
    CHECK_OK(mssip_router_new(&router));
    mssip_callee *c = NULL;
    CHECK_OK(mssip_callee_new("sip:Bob@contoso.com", &c));
    CHECK_OK(mssip_callee_add_endpoint(c, EP1));
    mssip_msg *inv = invite("");
    mssip_call *call = NULL;
    CHECK_OK(mssip_router_route(router, inv, c, &call));
    mssip_action a;
    CHECK_OK(mssip_call_next_action(call, &a));
    CHECK(a.kind == MSSIP_ACTION_RESPOND);
    mssip_str v = {0};
    CHECK_OK(mssip_msg_header(a.msg, "Ms-Forking", 0, &v));
    CHECK_STR(v, "Active");
    CHECK_OK(mssip_call_next_action(call, &a));
    CHECK(a.kind == MSSIP_ACTION_FORK && a.branch == 1);
    CHECK_OK(mssip_msg_header(a.msg, "History-Info", 0, &v));
    CHECK_STR(v, "<sip:Bob@contoso.com>;index=1");
    CHECK_OK(mssip_msg_request_uri(a.msg, &v));
    CHECK_STR(v, EP1);
    mssip_call_free(call);
    mssip_msg_free(inv);
    mssip_callee_free(c);
    mssip_router_free(router);
}

/* ---- callbacks: errors, reentrancy ---- */

struct reenter {
    mssip_call *call;
    mssip_result seen;
    int fail_at;
    int calls;
};

static int re_request(void *ctx, mssip_action_kind kind, uint32_t branch, const mssip_msg *msg) {
    struct reenter *r = ctx;
    (void)kind, (void)branch, (void)msg;
    r->seen = mssip_call_on_timer(r->call, 1);
    return ++r->calls == r->fail_at ? 7 : 0;
}
static int re_response(void *ctx, const mssip_msg *msg) {
    (void)msg;
    struct reenter *r = ctx;
    return ++r->calls == r->fail_at ? 7 : 0;
}
static int re_timer(void *ctx, uint32_t timer, uint64_t ms) {
    (void)timer, (void)ms;
    struct reenter *r = ctx;
    return ++r->calls == r->fail_at ? 7 : 0;
}
static int re_disarm(void *ctx, uint32_t timer) {
    (void)timer;
    struct reenter *r = ctx;
    return ++r->calls == r->fail_at ? 7 : 0;
}

static void callback_errors(void) {
    mssip_router *router = NULL;
    CHECK_OK(mssip_router_new(&router));
    mssip_callee *c = callee(NULL, 0);
    mssip_msg *inv = invite("");
    mssip_call *call = NULL;
    CHECK_OK(mssip_router_route(router, inv, c, &call));
    struct reenter r = {call, MSSIP_OK, 2, 0};
    mssip_call_callbacks cb = {&r, re_request, re_response, re_timer, re_disarm, NULL};
    mssip_call_callbacks missing = cb;
    missing.arm_timer = NULL;
    CHECK_RC(mssip_call_set_callbacks(call, &missing), MSSIP_E_NULL);
    /* 183, fork 1 (fails: second callback), then the rest stays queued. */
    CHECK_RC(mssip_call_set_callbacks(call, &cb), MSSIP_E_CALLBACK);
    CHECK(r.seen == MSSIP_E_REENTRANT);
    /* Back to draining: fork 2, 101, start 1 remain. */
    CHECK_OK(mssip_call_set_callbacks(call, NULL));
    struct transcript t = {0};
    drain(call, &t);
    CHECK(strcmp(t.text, "fork 2 " EP2 "\nrespond 101\nstart 1 20000\n") == 0);
    mssip_call_free(call);
    mssip_msg_free(inv);
    mssip_callee_free(c);
    mssip_router_free(router);
}

/* ---- arguments ---- */

static void errors_and_nulls(void) {
    mssip_router *router = NULL;
    mssip_callee *c = NULL;
    mssip_call *call = NULL;
    mssip_action a;
    CHECK_RC(mssip_router_new(NULL), MSSIP_E_NULL);
    CHECK_OK(mssip_router_new(&router));
    mssip_router_config cfg;
    CHECK_RC(mssip_router_config_default(NULL), MSSIP_E_NULL);
    CHECK_OK(mssip_router_config_default(&cfg));
    CHECK(cfg.max_branches == 32 && cfg.max_history_entries == 32);
    mssip_router *r2 = NULL;
    cfg.max_branches = 0;
    CHECK_RC(mssip_router_new_with(&cfg, &r2), MSSIP_E_INVALID_ARGUMENT);
    CHECK(r2 == NULL);
    cfg.max_branches = 2;
    CHECK_OK(mssip_router_new_with(&cfg, &r2));
    mssip_router_free(r2);

    CHECK_RC(mssip_callee_new(NULL, &c), MSSIP_E_NULL);
    CHECK_RC(mssip_callee_new("sip:bob@contoso.com", NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_callee_new("bob", &c), MSSIP_E_BAD_AOR);
    CHECK(c == NULL);
    CHECK_OK(mssip_callee_new("sip:bob@contoso.com", &c));
    CHECK_RC(mssip_callee_add_endpoint(NULL, EP1), MSSIP_E_NULL);
    CHECK_RC(mssip_callee_add_endpoint(c, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_callee_add_endpoint(c, "http://x"), MSSIP_E_BAD_URI);
    CHECK_RC(mssip_callee_set_voicemail(c, "nope"), MSSIP_E_BAD_URI);
    CHECK_RC(mssip_callee_set_voicemail(NULL, VM), MSSIP_E_NULL);
    CHECK_RC(mssip_callee_set_phone_line(c, "sip:+1@h"), MSSIP_E_BAD_URI);
    CHECK_RC(mssip_callee_set_phone_line(c, NULL), MSSIP_E_NULL);
    CHECK_OK(mssip_callee_set_phone_line(c, "tel:+14255550100"));
    CHECK_RC(mssip_callee_set_fact(c, (mssip_callee_fact)99, true), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_callee_set_fact(NULL, MSSIP_CALLEE_DND, true), MSSIP_E_NULL);
    CHECK_OK(mssip_callee_set_fact(c, MSSIP_CALLEE_IN_WORK_HOURS, false));
    CHECK_OK(mssip_callee_set_fact(c, MSSIP_CALLEE_PRIVATE_LINE, false));
    CHECK_OK(mssip_callee_set_fact(c, MSSIP_CALLEE_VIA_TEAM_OR_DELEGATE, false));
    CHECK_RC(mssip_callee_add_preamble(NULL, (const uint8_t *)"x", 1), MSSIP_E_NULL);
    CHECK_RC(mssip_callee_add_preamble(c, NULL, 1), MSSIP_E_NULL);
    CHECK_RC(mssip_callee_add_preamble(c, (const uint8_t *)"<routing", 8), MSSIP_E_XML_SYNTAX);
    const char *bad = "<routing xmlns=\"http://schemas.microsoft.com/02/2006/sip/routing\" "
                      "version=\"1\"><preamble/></routing>";
    CHECK_RC(mssip_callee_add_preamble(c, (const uint8_t *)bad, strlen(bad)), MSSIP_E_BAD_PREAMBLE);
    CHECK_LAST_ERROR_HAS("no name");
    CHECK_RC(mssip_callee_clear_preambles(NULL), MSSIP_E_NULL);
    CHECK_OK(mssip_callee_clear_preambles(c));
    CHECK_RC(mssip_callee_clear_endpoints(NULL), MSSIP_E_NULL);
    CHECK_OK(mssip_callee_clear_endpoints(c));
    CHECK_OK(mssip_callee_set_fact(c, MSSIP_CALLEE_DND, true));

    mssip_msg *inv = invite("");
    CHECK_RC(mssip_router_route(NULL, inv, c, &call), MSSIP_E_NULL);
    CHECK_RC(mssip_router_route(router, NULL, c, &call), MSSIP_E_NULL);
    CHECK_RC(mssip_router_route(router, inv, NULL, &call), MSSIP_E_NULL);
    CHECK_RC(mssip_router_route(router, inv, c, NULL), MSSIP_E_NULL);
    mssip_msg *reg = check_parse("REGISTER sip:contoso.com SIP/2.0\r\n"
                                 "Via: SIP/2.0/TLS h;branch=z9hG4bK1\r\nContent-Length: 0\r\n\r\n");
    CHECK_RC(mssip_router_route(router, reg, c, &call), MSSIP_E_NOT_INVITE);
    mssip_msg *bare = check_parse("INVITE sip:bob@contoso.com SIP/2.0\r\n"
                                  "Via: SIP/2.0/TLS h;branch=z9hG4bK1\r\nContent-Length: 0\r\n\r\n");
    CHECK_RC(mssip_router_route(router, bare, c, &call), MSSIP_E_INVITE_UNANSWERABLE);
    CHECK(call == NULL);

    /* DND without voice mail: 480 at once (3.9.5.2.2 step 10). */
    CHECK_OK(mssip_router_route(router, inv, c, &call));
    struct transcript t = {0};
    drain(call, &t);
    CHECK(strcmp(t.text, "respond 480\ndone\n") == 0);
    mssip_call_free(call);

    /* A repeated Ms-Sensitivity: 400 (2.2.9). */
    mssip_msg *twice = invite("Ms-Sensitivity: normal\r\nMs-Sensitivity: private\r\n");
    CHECK_OK(mssip_router_route(router, twice, c, &call));
    CHECK_OK(mssip_call_next_action(call, &a));
    uint16_t status = 0;
    CHECK_OK(mssip_msg_status(a.msg, &status));
    CHECK(status == 400);

    CHECK_RC(mssip_call_next_action(NULL, &a), MSSIP_E_NULL);
    CHECK_RC(mssip_call_next_action(call, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_call_on_response(NULL, 1, inv), MSSIP_E_NULL);
    CHECK_RC(mssip_call_on_response(call, 1, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_call_on_timer(NULL, 1), MSSIP_E_NULL);
    CHECK_RC(mssip_call_on_cancel(NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_call_on_branch_timeout(NULL, 1), MSSIP_E_NULL);
    CHECK_RC(mssip_call_set_callbacks(NULL, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_call_footprint(NULL, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_call_on_branch_timeout(call, 1), MSSIP_E_CALL_OVER);
    mssip_call_free(call);

    mssip_call_free(NULL);
    mssip_callee_free(NULL);
    mssip_router_free(NULL);
    mssip_msg_free(twice);
    mssip_msg_free(bare);
    mssip_msg_free(reg);
    mssip_msg_free(inv);
    mssip_callee_free(c);
    mssip_router_free(router);
    CHECK(strcmp(mssip_result_str(MSSIP_E_CALL_OVER), "MSSIP_E_CALL_OVER") == 0);
}

int main(void) {
    simultaneous_ring_4_7_2();
    team_ring_4_7_4();
    blocked_4_7_1();
    answered_cancels_with_ms_acceptedby();
    fork_message_has_history_info();
    callback_errors();
    errors_and_nulls();
    return check_done("router");
}
