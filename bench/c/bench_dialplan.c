/* Dial plan translation through the C ABI (MS-SIPRE 3.8), ns per number: a 50-rule location
 * profile where the number matches the first rule, where it matches the last one (49 rules
 * tried and failed first), and where no rule matches. Each rule is anchored and of the
 * shape real plans use (optional international prefix, a fixed lead, a digit run, an
 * optional extension). Prints the median of several runs; the step functions are named
 * step_* so callgrind can count them alone (bench/dialplan.sh --callgrind). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mssip.h"

#define NS "http://schemas.microsoft.com/2007/03/LocationProfileDescription"
#define RULES 50

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

/* Rules 0-48: ^(?:\+|00)?7NN(\d{4,6})(\D+\d+)?$ -> +1425NN$1; rule 49: ^9?(\d{7})$. */
static char *profile(size_t *len) {
    size_t cap = 16384, n = 0;
    char *xml = malloc(cap);
    if (xml == NULL)
        exit(1);
    n += (size_t)snprintf(xml + n, cap - n,
                          "<LocationProfileDescription xmlns=\"" NS "\"><Name>Bench</Name>");
    for (int i = 0; i < RULES - 1; i++)
        n += (size_t)snprintf(xml + n, cap - n,
                              "<Rule><Pattern>^(?:\\+|00)?7%02d(\\d{4,6})(\\D+\\d+)?$</Pattern>"
                              "<Translation>+1425%02d$1</Translation></Rule>",
                              i, i);
    n += (size_t)snprintf(xml + n, cap - n,
                          "<Rule><Pattern>^9?(\\d{7})$</Pattern><Translation>+1425$1</Translation>"
                          "</Rule></LocationProfileDescription>");
    *len = n;
    return xml;
}

static char out[64];
static size_t out_len;

__attribute__((noinline)) static mssip_result step_translate(const mssip_dialplan *plan, const char *dialed) {
    return mssip_dialplan_translate(plan, dialed, out, sizeof out, &out_len);
}

/* --only first|last|none: that case alone, for callgrind. */
static const char *only;

static double run(const mssip_dialplan *plan, const char *dialed, mssip_result want, long iters) {
    double t0 = now_ns();
    for (long i = 0; i < iters; i++) {
        mssip_result rc = step_translate(plan, dialed);
        if (rc != want)
            die(dialed, rc);
    }
    return (now_ns() - t0) / (double)iters;
}

int main(int argc, char **argv) {
    if (argc > 2 && strcmp(argv[1], "--only") == 0) {
        only = argv[2];
        argv += 2;
        argc -= 2;
    }
    long iters = argc > 1 ? atol(argv[1]) : 200000;
    enum { RUNS = 7 };
    size_t len = 0;
    char *xml = profile(&len);
    mssip_dialplan *plan = NULL;
    mssip_result rc = mssip_dialplan_parse((const uint8_t *)xml, len, &plan);
    if (rc != MSSIP_OK)
        die("parse", rc);
    free(xml);
    /* the cases, checked once */
    const char *first = "7000100", *last = "95550100", *none = "12";
    if (step_translate(plan, first) != MSSIP_OK || strcmp(out, "+1425000100") != 0)
        die("first rule", MSSIP_OK);
    if (step_translate(plan, last) != MSSIP_OK || strcmp(out, "+14255550100") != 0)
        die("last rule", MSSIP_OK);
    if (only != NULL) {
        const char *d = strcmp(only, "first") == 0 ? first : strcmp(only, "last") == 0 ? last : none;
        for (long i = 0; i < iters; i++)
            step_translate(plan, d);
        mssip_dialplan_free(plan);
        return 0;
    }
    double f[RUNS], l[RUNS], n[RUNS];
    for (int r = 0; r < RUNS; r++) {
        f[r] = run(plan, first, MSSIP_OK, iters);
        l[r] = run(plan, last, MSSIP_OK, iters);
        n[r] = run(plan, none, MSSIP_E_NOT_FOUND, iters / 4 + 1);
    }
    qsort(f, RUNS, sizeof f[0], cmp);
    qsort(l, RUNS, sizeof l[0], cmp);
    qsort(n, RUNS, sizeof n[0], cmp);
    printf("dialplan 50 rules, match on the first   %8.0f ns/number  %10.0f numbers/s\n",
           f[RUNS / 2], 1e9 / f[RUNS / 2]);
    printf("dialplan 50 rules, match on the last    %8.0f ns/number  %10.0f numbers/s\n",
           l[RUNS / 2], 1e9 / l[RUNS / 2]);
    printf("dialplan 50 rules, no rule matches      %8.0f ns/number  %10.0f numbers/s\n",
           n[RUNS / 2], 1e9 / n[RUNS / 2]);
    mssip_dialplan_free(plan);
    return 0;
}
