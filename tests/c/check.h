/* Minimal checks shared by the C tests: each CHECK counts, a failure is reported
 * with its file, line and mssip_last_error(), and check_done() prints "N passed, N failed". */
#ifndef MSSIP_TEST_CHECK_H
#define MSSIP_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mssip.h"

static int check_passed;
static int check_failed;

#define CHECK(cond)                                                                          \
    do {                                                                                     \
        if (cond) {                                                                          \
            check_passed++;                                                                  \
        } else {                                                                             \
            check_failed++;                                                                  \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);         \
        }                                                                                    \
    } while (0)

/* Checks that `expr` returns `want`; on a mismatch prints both names and the last error. */
#define CHECK_RC(expr, want)                                                                 \
    do {                                                                                     \
        mssip_result check_rc_ = (expr);                                                     \
        if (check_rc_ == (want)) {                                                           \
            check_passed++;                                                                  \
        } else {                                                                             \
            check_failed++;                                                                  \
            fprintf(stderr, "%s:%d: %s returned %s, expected %s (last error: %s)\n",         \
                    __FILE__, __LINE__, #expr, mssip_result_str(check_rc_),                  \
                    mssip_result_str(want), mssip_last_error());                             \
        }                                                                                    \
    } while (0)

#define CHECK_OK(expr) CHECK_RC(expr, MSSIP_OK)

/* Checks that a borrowed view holds exactly the text `want`. */
#define CHECK_STR(view, want)                                                                \
    do {                                                                                     \
        mssip_str check_v_ = (view);                                                         \
        const char *check_w_ = (want);                                                       \
        if (check_v_.ptr != NULL && check_v_.len == strlen(check_w_) &&                      \
            memcmp(check_v_.ptr, check_w_, check_v_.len) == 0) {                             \
            check_passed++;                                                                  \
        } else {                                                                             \
            check_failed++;                                                                  \
            fprintf(stderr, "%s:%d: %s is \"%.*s\", expected \"%s\"\n", __FILE__, __LINE__,  \
                    #view, check_v_.ptr ? (int)check_v_.len : 6,                             \
                    check_v_.ptr ? check_v_.ptr : "(null)", check_w_);                       \
        }                                                                                    \
    } while (0)

/* Checks that the last error message of this thread contains `needle`. */
#define CHECK_LAST_ERROR_HAS(needle) CHECK(strstr(mssip_last_error(), (needle)) != NULL)

/* A view that no call of the library would produce, to prove outputs stay untouched. */
static inline mssip_str check_sentinel_str(void) {
    mssip_str s = {"sentinel", 8};
    return s;
}

static inline int check_is_sentinel(mssip_str s) {
    return s.len == 8 && s.ptr != NULL && memcmp(s.ptr, "sentinel", 8) == 0;
}

/* Whether the view contains `needle`. */
static inline int check_view_contains(mssip_str s, const char *needle) {
    size_t n = strlen(needle);
    for (size_t i = 0; s.ptr != NULL && i + n <= s.len; i++) {
        if (memcmp(s.ptr + i, needle, n) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Parses a NUL-terminated message text; aborts the test program when it does not parse. */
static inline mssip_msg *check_parse(const char *text) {
    mssip_msg *msg = NULL;
    mssip_result rc = mssip_msg_parse((const uint8_t *)text, strlen(text), &msg);
    if (rc != MSSIP_OK || msg == NULL) {
        fprintf(stderr, "fixture does not parse: %s (%s)\n", mssip_result_str(rc),
                mssip_last_error());
        exit(2);
    }
    return msg;
}

/* Whether the message's bytes are exactly `text`. */
static inline int check_same_bytes(const mssip_msg *m, const char *text) {
    mssip_bytes b;
    if (mssip_msg_bytes(m, &b) != MSSIP_OK) return 0;
    return b.len == strlen(text) && memcmp(b.ptr, text, b.len) == 0;
}

/* Reads a whole file into a malloc'd buffer; aborts the test program on failure. */
static inline unsigned char *check_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    size_t cap = 4096, n = 0;
    unsigned char *buf = malloc(cap);
    if (buf == NULL) {
        exit(2);
    }
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap) {
            break;
        }
        cap *= 2;
        unsigned char *bigger = realloc(buf, cap);
        if (bigger == NULL) {
            free(buf);
            exit(2);
        }
        buf = bigger;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Parses a message of the test corpus (tests/data/corpus/FILE); aborts the test program
 * when it does not parse. */
static inline mssip_msg *check_load_corpus(const char *file) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", MSSIP_CORPUS_DIR, file);
    size_t n = 0;
    unsigned char *raw = check_read_file(path, &n);
    mssip_msg *msg = NULL;
    mssip_result rc = mssip_msg_parse(raw, n, &msg);
    free(raw);
    if (rc != MSSIP_OK) {
        fprintf(stderr, "%s does not parse: %s\n", file, mssip_last_error());
        exit(2);
    }
    return msg;
}

/* Copies the wire form of a message into a new NUL-terminated string (caller frees). */
static inline char *check_serialize(const mssip_msg *msg) {
    size_t need = 0;
    if (mssip_msg_serialize(msg, NULL, 0, &need) != MSSIP_E_BUFFER_TOO_SMALL) {
        exit(2);
    }
    char *out = malloc(need + 1);
    if (out == NULL) {
        exit(2);
    }
    size_t len = 0;
    if (mssip_msg_serialize(msg, (uint8_t *)out, need, &len) != MSSIP_OK || len != need) {
        exit(2);
    }
    out[len] = '\0';
    return out;
}

/* Prints the summary line and gives the exit status. */
static inline int check_done(const char *name) {
    printf("%s: %d passed, %d failed\n", name, check_passed, check_failed);
    return check_failed == 0 ? 0 : 1;
}

#endif /* MSSIP_TEST_CHECK_H */
