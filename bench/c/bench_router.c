/*
 * The call router through the C ABI (MS-SIPRE 3.9): a routing decision for an INVITE to a
 * callee with the preamble of MS-SIPRE 4.7.2 (simultaneous ring) and three registered
 * endpoints, the callee (and so its parsed, aggregated preamble) built once and kept, as a
 * host caches it per user.
 *
 * Per call: mssip_router_route, then every first action drained with
 * mssip_call_next_action (183, three FORKs, 101, the simultaneous-ring FORK, 181, the timer);
 * the free is timed apart. Memory: heap bytes held per live call (mallinfo2 over many live
 * calls, after draining), and what mssip_call_footprint reports.
 *
 * Usage: bench_router PREAMBLE_XML [--iters N] [--runs N]
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mssip.h"

static const char INVITE[] =
    "INVITE sip:bob@contoso.com SIP/2.0\r\n"
    "Via: SIP/2.0/TLS 192.0.2.1:5061;branch=z9hG4bK.c1;ms-received-cid=24A00\r\n"
    "Max-Forwards: 70\r\n"
    "From: \"Alice\" <sip:alice@fabrikam.com>;tag=a1b2c3;epid=01010101\r\n"
    "To: <sip:bob@contoso.com>\r\n"
    "Call-ID: 772937b8-0e12-4639-8c79-9d2ac32f2a56\r\n"
    "CSeq: 1 INVITE\r\n"
    "Contact: <sip:alice@fabrikam.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA>\r\n"
    "Supported: ms-dialog-route-set-update, gruu-10, 100rel\r\n"
    "User-Agent: UCCAPI/16.0.0.0 OC/16.0.0.0\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 130\r\n\r\n"
    "v=0\r\no=- 0 0 IN IP4 192.0.2.1\r\ns=session\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
    "m=audio 5004 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\n";

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static void check(mssip_result rc, const char *what) {
    if (rc != MSSIP_OK) {
        fprintf(stderr, "%s: %s (%s)\n", what, mssip_result_str(rc), mssip_last_error());
        exit(1);
    }
}

static int drain(mssip_call *call) {
    mssip_action a;
    int n = 0;
    while (mssip_call_next_action(call, &a) == MSSIP_OK) n++;
    return n;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: bench_router PREAMBLE_XML [--iters N] [--runs N]\n");
        return 2;
    }
    long iters = 20000, runs = 5;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--iters") == 0) iters = strtol(argv[i + 1], NULL, 10);
        if (strcmp(argv[i], "--runs") == 0) runs = strtol(argv[i + 1], NULL, 10);
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    static char xml[65536];
    size_t xml_len = fread(xml, 1, sizeof xml, f);
    fclose(f);

    mssip_router *router = NULL;
    mssip_callee *callee = NULL;
    mssip_msg *invite = NULL;
    check(mssip_router_new(&router), "router");
    check(mssip_callee_new("sip:bob@contoso.com", &callee), "callee");
    check(mssip_callee_add_preamble(callee, (const uint8_t *)xml, xml_len), "preamble");
    check(mssip_callee_add_endpoint(callee, "sip:192.0.2.11:51152;transport=tls;ms-opaque=bab87d7e6e"), "ep");
    check(mssip_callee_add_endpoint(callee, "sip:192.0.2.12:51153;transport=tls;ms-opaque=c1d2e3f4a5"), "ep");
    check(mssip_callee_add_endpoint(callee, "sip:192.0.2.13:51154;transport=tls;ms-opaque=0a1b2c3d4e"), "ep");
    check(mssip_callee_set_voicemail(callee, "sip:bob@contoso.com;opaque=app:voicemail"), "vm");
    check(mssip_msg_parse((const uint8_t *)INVITE, strlen(INVITE), &invite), "invite");

    /* One call, to check the decision. */
    mssip_call *call = NULL;
    check(mssip_router_route(router, invite, callee, &call), "route");
    int actions = drain(call);
    mssip_call_free(call);
    if (actions != 8) {
        fprintf(stderr, "expected 8 first actions, got %d\n", actions);
        return 1;
    }

    double best_route = 1e30, best_free = 1e30;
    mssip_call **calls = malloc(sizeof *calls * (size_t)iters);
    for (long r = 0; r < runs; r++) {
        double t0 = now_ns();
        for (long i = 0; i < iters; i++) {
            check(mssip_router_route(router, invite, callee, &calls[i]), "route");
            drain(calls[i]);
        }
        double t1 = now_ns();
        for (long i = 0; i < iters; i++) mssip_call_free(calls[i]);
        double t2 = now_ns();
        if ((t1 - t0) / iters < best_route) best_route = (t1 - t0) / iters;
        if ((t2 - t1) / iters < best_free) best_free = (t2 - t1) / iters;
    }

    /* Memory held per live call, after its first actions were drained. */
    long live = iters < 2000 ? iters : 2000;
    struct mallinfo2 before = mallinfo2();
    for (long i = 0; i < live; i++) {
        check(mssip_router_route(router, invite, callee, &calls[i]), "route");
        drain(calls[i]);
    }
    struct mallinfo2 after = mallinfo2();
    size_t footprint = 0;
    check(mssip_call_footprint(calls[0], &footprint), "footprint");
    for (long i = 0; i < live; i++) mssip_call_free(calls[i]);

    printf("router: 4.7.2 preamble, 3 endpoints, preamble cached (best of %ld runs of %ld)\n",
           runs, iters);
    printf("  route + drain 8 actions  %8.0f ns/call\n", best_route);
    printf("  mssip_call_free          %8.0f ns/call\n", best_free);
    printf("  heap per live call       %8.0f bytes (mallinfo2 over %ld calls)\n",
           (double)(after.uordblks - before.uordblks) / (double)live, live);
    printf("  mssip_call_footprint     %8zu bytes\n", footprint);

    free(calls);
    mssip_msg_free(invite);
    mssip_callee_free(callee);
    mssip_router_free(router);
    return 0;
}
