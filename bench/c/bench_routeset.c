/* Route-set state through the C ABI (MS-SIPRE 3.6), ns per operation: sign + insert a
 * Record-Route into a parsed INVITE (the parse and free around it timed apart and taken off),
 * and verify + decode the Route of a BYE. Prints the median of several runs.
 *
 * Usage: bench_routeset [ITERS] [--only parse|insert|verify]
 * (--only runs that step ITERS times, once, and prints nothing: for callgrind, which counts
 * inside the step_* functions; see routeset.sh --callgrind.) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mssip.h"

#define INVITE                                                                               \
    "INVITE sip:bob@contoso.com SIP/2.0\r\n"                                                 \
    "Via: SIP/2.0/TLS 192.0.2.1:27221;branch=z9hG4bK94bd\r\n"                                \
    "From: <sip:alice@contoso.com>;tag=1\r\nTo: <sip:bob@contoso.com>\r\n"                   \
    "Call-ID: f0ec9c595c1f412ca6b71318beb599bb\r\nCSeq: 3 INVITE\r\n"                        \
    "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n"

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void die(const char *what, mssip_result rc) {
    fprintf(stderr, "%s: %s (%s)\n", what, mssip_result_str(rc), mssip_last_error());
    exit(1);
}

static mssip_keyring *ring;
static mssip_msg *bye;

/* The steps, each one call (not inlined, so callgrind can count inside them alone). */
__attribute__((noinline)) static void step_parse_free(void) {
    mssip_msg *m = NULL;
    mssip_msg_parse((const uint8_t *)INVITE, strlen(INVITE), &m);
    mssip_msg_free(m);
}

__attribute__((noinline)) static void step_insert(void) {
    mssip_msg *m = NULL;
    mssip_result rc;
    mssip_msg_parse((const uint8_t *)INVITE, strlen(INVITE), &m);
    if ((rc = mssip_routeset_insert(m, ring, "edge.contoso.com", 5061, "tls", 0x100000005)))
        die("insert", rc);
    mssip_msg_free(m);
}

__attribute__((noinline)) static uint64_t step_verify(void) {
    uint64_t cid = 0;
    mssip_result rc;
    if ((rc = mssip_routeset_read_route(bye, ring, 2, &cid)))
        die("read", rc);
    return cid;
}

int main(int argc, char **argv) {
    long iters = argc > 1 ? atol(argv[1]) : 20000;
    const char *only = argc > 3 && !strcmp(argv[2], "--only") ? argv[3] : NULL;
    enum { RUNS = 7 };
    mssip_result rc;
    if ((rc = mssip_keyring_new(0, 0, 0, &ring)) || (rc = mssip_keyring_rotate(ring, 1, NULL, 0)))
        die("keyring", rc);
    /* The Route the dialog's BYE carries. */
    mssip_msg *inv = NULL;
    if ((rc = mssip_msg_parse((const uint8_t *)INVITE, strlen(INVITE), &inv)) ||
        (rc = mssip_routeset_insert(inv, ring, "edge.contoso.com", 5061, "tls", 0x100000005)))
        die("insert", rc);
    mssip_str rr;
    if ((rc = mssip_msg_header(inv, "Record-Route", 0, &rr)))
        die("header", rc);
    const char *gt = memchr(rr.ptr, '>', rr.len);
    char text[2048];
    int n = snprintf(text, sizeof text,
                     "BYE sip:alice@192.0.2.1:27221 SIP/2.0\r\nRoute: <%.*s>\r\n"
                     "Via: SIP/2.0/TLS 192.0.2.9:5061;branch=z9hG4bK77\r\n"
                     "From: <sip:bob@contoso.com>;tag=2\r\nTo: <sip:alice@contoso.com>;tag=1\r\n"
                     "Call-ID: f0ec9c595c1f412ca6b71318beb599bb\r\nCSeq: 1 BYE\r\n"
                     "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
                     (int)(gt - rr.ptr - 1), rr.ptr + 1);
    if ((rc = mssip_msg_parse((const uint8_t *)text, (size_t)n, &bye)))
        die("parse bye", rc);
    mssip_msg_free(inv);
    uint64_t first = 0;
    if ((rc = mssip_routeset_read_route(bye, ring, 2, &first)))
        die("read", rc);
    if (first != 0x100000005)
        die("read gave another connection", MSSIP_OK);
    if (only) {
        for (long i = 0; i < iters; i++) {
            if (!strcmp(only, "parse"))
                step_parse_free();
            else if (!strcmp(only, "insert"))
                step_insert();
            else if (!strcmp(only, "verify"))
                step_verify();
            else
                die("--only takes parse, insert or verify", MSSIP_OK);
        }
        mssip_msg_free(bye);
        mssip_keyring_free(ring);
        return 0;
    }

    double parse_free[RUNS], insert[RUNS], verify[RUNS];
    for (int r = 0; r < RUNS; r++) {
        double t0 = now_ns();
        for (long i = 0; i < iters; i++)
            step_parse_free();
        double t1 = now_ns();
        for (long i = 0; i < iters; i++)
            step_insert();
        double t2 = now_ns();
        uint64_t cid = 0;
        for (long i = 0; i < iters; i++)
            cid = step_verify();
        double t3 = now_ns();
        if (cid != 0x100000005)
            die("read gave another connection", MSSIP_OK);
        parse_free[r] = (t1 - t0) / (double)iters;
        insert[r] = (t2 - t1) / (double)iters - parse_free[r];
        verify[r] = (t3 - t2) / (double)iters;
    }
    qsort(insert, RUNS, sizeof insert[0], cmp);
    qsort(verify, RUNS, sizeof verify[0], cmp);
    printf("routeset sign + insert a Record-Route   %8.0f ns/op\n", insert[RUNS / 2]);
    printf("routeset verify + decode a Route        %8.0f ns/op\n", verify[RUNS / 2]);
    mssip_msg_free(bye);
    mssip_keyring_free(ring);
    return 0;
}
