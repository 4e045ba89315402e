/* The route-signing key ring (MS-SIPRE 3.6): rotation with given and random secrets, export /
 * import between two rings (a pool), the integrity check of the export, expiry on the host's
 * clock, limits, threads rotating and exporting at once, no secret in an error message; error
 * paths and NULLs of every call. */
#include <pthread.h>

#include "check.h"

static size_t count_of(const mssip_keyring *r) {
    size_t n = 0;
    CHECK_OK(mssip_keyring_count(r, &n));
    return n;
}

static void test_rotate_export_import(void) {
    mssip_keyring *a = NULL, *b = NULL;
    CHECK_OK(mssip_keyring_new(0, 0, 0, &a));
    CHECK_OK(mssip_keyring_new(0, 0, 0, &b));
    CHECK(count_of(a) == 0);
    uint8_t secret[32];
    memset(secret, 0x41, sizeof secret);
    CHECK_OK(mssip_keyring_rotate(a, 1000, secret, sizeof secret));
    CHECK_RC(mssip_keyring_rotate(a, 1000, secret, sizeof secret), MSSIP_E_INVALID_ARGUMENT);
    CHECK_RC(mssip_keyring_rotate(a, 1000, secret, 31), MSSIP_E_INVALID_ARGUMENT);
    CHECK_OK(mssip_keyring_rotate(a, 2000, NULL, 0));
    CHECK(count_of(a) == 2);

    size_t need = 0;
    CHECK_RC(mssip_keyring_export(a, NULL, 0, &need), MSSIP_E_BUFFER_TOO_SMALL);
    CHECK(need == 7 + 2 * 40 + 20);
    uint8_t buf[256];
    size_t len = 0;
    CHECK_RC(mssip_keyring_export(a, buf, need - 1, &len), MSSIP_E_BUFFER_TOO_SMALL);
    CHECK_OK(mssip_keyring_export(a, buf, sizeof buf, &len));
    CHECK(len == need && memcmp(buf, "MSKR\x01", 5) == 0);
    /* The secret given is not in any error text. */
    CHECK(strstr(mssip_last_error(), "AAAA") == NULL);

    size_t added = 99;
    CHECK_OK(mssip_keyring_import(b, buf, len, 2000, &added));
    CHECK(added == 2 && count_of(b) == 2);
    CHECK_OK(mssip_keyring_import(b, buf, len, 2000, NULL));
    CHECK(count_of(b) == 2);
    /* Changed, cut or of another format: refused, nothing changes. */
    mssip_keyring *c = NULL;
    CHECK_OK(mssip_keyring_new(0, 0, 0, &c));
    buf[20] ^= 1;
    CHECK_RC(mssip_keyring_import(c, buf, len, 2000, &added), MSSIP_E_KEYRING_BAD_DATA);
    CHECK(strstr(mssip_last_error(), "integrity") != NULL);
    buf[20] ^= 1;
    CHECK_RC(mssip_keyring_import(c, buf, len - 1, 2000, &added), MSSIP_E_KEYRING_BAD_DATA);
    CHECK_RC(mssip_keyring_import(c, (const uint8_t *)"MSKX", 4, 2000, NULL),
             MSSIP_E_KEYRING_BAD_DATA);
    CHECK_RC(mssip_keyring_import(c, NULL, 0, 2000, NULL), MSSIP_E_KEYRING_BAD_DATA);
    CHECK(count_of(c) == 0);
    /* Past every retention (8 h after the replacement at 2000) the first key is not taken. */
    CHECK_OK(mssip_keyring_import(c, buf, len, 2000 + 8 * 3600, &added));
    CHECK(count_of(c) == 1);
    mssip_keyring_free(a);
    mssip_keyring_free(b);
    mssip_keyring_free(c);
}

static void test_expiry_and_limits(void) {
    mssip_keyring *r = NULL;
    CHECK_OK(mssip_keyring_new(60, 600, 2, &r));
    size_t removed = 9;
    uint64_t next = 9;
    CHECK_OK(mssip_keyring_expire(r, 0, &removed, &next));
    CHECK(removed == 0 && next == 0);
    CHECK_OK(mssip_keyring_rotate(r, 100, NULL, 0));
    CHECK_OK(mssip_keyring_rotate(r, 200, NULL, 0));
    CHECK_RC(mssip_keyring_rotate(r, 300, NULL, 0), MSSIP_E_KEYRING_FULL);
    CHECK_OK(mssip_keyring_expire(r, 799, &removed, &next));
    CHECK(removed == 0 && next == 800);
    CHECK_OK(mssip_keyring_expire(r, 800, &removed, NULL));
    CHECK(removed == 1 && count_of(r) == 1);
    CHECK_OK(mssip_keyring_expire(r, 900, NULL, NULL));
    CHECK_OK(mssip_keyring_rotate(r, 900, NULL, 0));
    mssip_keyring_free(r);
    CHECK_RC(mssip_keyring_new(0, 0, 70000, &r), MSSIP_E_INVALID_ARGUMENT);
}

static void test_nulls(void) {
    mssip_keyring *r = NULL;
    size_t n;
    uint64_t t;
    uint8_t b[4];
    CHECK_RC(mssip_keyring_new(0, 0, 0, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_keyring_rotate(NULL, 0, NULL, 0), MSSIP_E_NULL);
    CHECK_RC(mssip_keyring_expire(NULL, 0, &n, &t), MSSIP_E_NULL);
    CHECK_RC(mssip_keyring_count(NULL, &n), MSSIP_E_NULL);
    CHECK_RC(mssip_keyring_export(NULL, b, sizeof b, &n), MSSIP_E_NULL);
    CHECK_RC(mssip_keyring_import(NULL, b, sizeof b, 0, &n), MSSIP_E_NULL);
    CHECK_OK(mssip_keyring_new(0, 0, 0, &r));
    CHECK_RC(mssip_keyring_count(r, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_keyring_export(r, b, sizeof b, NULL), MSSIP_E_NULL);
    CHECK_RC(mssip_keyring_export(r, NULL, 4, &n), MSSIP_E_NULL);
    CHECK_RC(mssip_keyring_import(r, NULL, 4, 0, &n), MSSIP_E_NULL);
    mssip_keyring_free(r);
    mssip_keyring_free(NULL);
}

struct worker {
    mssip_keyring *ring;
    int failures;
};

static void *rotate_and_export(void *arg) {
    struct worker *w = arg;
    uint8_t buf[8192];
    for (int i = 0; i < 50; i++) {
        size_t len;
        if (mssip_keyring_rotate(w->ring, 10, NULL, 0) != MSSIP_OK ||
            mssip_keyring_export(w->ring, buf, sizeof buf, &len) != MSSIP_OK)
            w->failures++;
    }
    return NULL;
}

static void test_threads(void) {
    mssip_keyring *r = NULL;
    CHECK_OK(mssip_keyring_new(0, 0, 0, &r));
    pthread_t th[4];
    struct worker w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (struct worker){r, 0};
        CHECK(pthread_create(&th[i], NULL, rotate_and_export, &w[i]) == 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        CHECK(w[i].failures == 0);
    }
    CHECK(count_of(r) == 200);
    mssip_keyring_free(r);
}

int main(void) {
    test_rotate_export_import();
    test_expiry_and_limits();
    test_nulls();
    test_threads();
    return check_done("test_keyring");
}
