/* mssip_edge: the dial plan (MS-SIPRE 3.8).
 *
 * At start every DIR/profiles/<name>.xml is loaded into a profile store (a document that does
 * not load is logged and left out), and every user folder DIR/users/<user>/ becomes a user of
 * the store, with the default profile its `profile` file names; the `phone` files say which
 * user a translated E.164 number reaches (DESIGN.md, "The example edge proxy"). Then:
 *
 * SERVICE  to a location-profile GRUU of our domain: answered from the store (3.8.5.1: 404
 *          for an unknown user or profile, 485 with neither default nor phone-context, 200
 *          with the profile document).
 * INVITE   from one of our users (From in our domain), out of dialog, whose Request-URI is a
 *          dialed number (`sip:0100@contoso.com;user=phone`, no `+`; or a tel URI with a
 *          phone-context): the number is translated with the profile its phone-context
 *          names, else the caller's default profile. A result that is one of our users'
 *          phone number becomes that user's address-of-record; any other becomes
 *          `sip:<number>@<domain>;user=phone` (a local one keeps the profile's phone-context).
 *          The request then goes on to be routed as any other. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "edge.h"

#define PROFILE_MAX (64 * 1024) /* bytes of one profile document (the library's default) */

/* ---- reading the --data folder ----------------------------------------------------------- */

/* The whole file, NUL-terminated (caller frees), or NULL when it cannot be read or is over
 * `max` bytes. */
static char *read_file(const char *path, size_t max, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    char *buf = malloc(max + 1);
    size_t n = buf ? fread(buf, 1, max + 1, f) : 0;
    bool bad = buf == NULL || ferror(f) || n > max;
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* The first line of a one-line file, white space trimmed; false when absent or empty. */
static bool read_line(const char *path, char *out, size_t cap) {
    size_t len = 0;
    char *text = read_file(path, 4096, &len);
    if (text == NULL) {
        return false;
    }
    size_t start = strspn(text, " \t");
    size_t end = start + strcspn(text + start, "\r\n");
    while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t')) {
        end--;
    }
    bool ok = end > start && end - start < cap;
    if (ok) {
        memcpy(out, text + start, end - start);
        out[end - start] = '\0';
    }
    free(text);
    return ok;
}

/* A number with the RFC 3966 visual separators taken out, for comparing. */
static void bare_number(const char *in, char *out, size_t cap) {
    size_t n = 0;
    for (; *in != '\0' && *in != ';' && n + 1 < cap; in++) {
        if (strchr("-.()", *in) == NULL) {
            out[n++] = *in;
        }
    }
    out[n] = '\0';
}

static void load_profiles(edge *e) {
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/profiles", e->data.dir);
    DIR *d = opendir(dir);
    if (d == NULL) {
        return;
    }
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        size_t n = strlen(ent->d_name);
        if (n <= 4 || strcmp(ent->d_name + n - 4, ".xml") != 0) {
            continue;
        }
        char path[4352];
        size_t len = 0;
        snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
        char *xml = read_file(path, PROFILE_MAX, &len);
        mssip_dialplan *plan = NULL;
        mssip_result rc = xml ? mssip_dialplan_parse((const uint8_t *)xml, len, &plan)
                              : MSSIP_E_LIMIT;
        if (rc == MSSIP_OK) {
            rc = mssip_profile_store_add(e->dialplan.store, plan);
        }
        if (rc != MSSIP_OK) {
            edge_log(EDGE_ERROR, "location profile %s not loaded: %s (%s)", path,
                     mssip_result_str(rc), xml ? mssip_last_error() : "unreadable or too large");
        } else {
            e->dialplan.profiles++;
        }
        mssip_dialplan_free(plan);
        free(xml);
    }
    closedir(d);
}

static void add_phone(edge_dialplan *dp, const char *user, const char *tel) {
    if (strncmp(tel, "tel:", 4) != 0 || strlen(user) >= sizeof dp->phones[0].user) {
        return;
    }
    edge_phone *grown = realloc(dp->phones, (dp->n_phones + 1) * sizeof *grown);
    if (grown == NULL) {
        return;
    }
    dp->phones = grown;
    edge_phone *p = &dp->phones[dp->n_phones++];
    bare_number(tel + 4, p->number, sizeof p->number);
    snprintf(p->user, sizeof p->user, "%s", user);
}

static void load_users(edge *e) {
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/users", e->data.dir);
    DIR *d = opendir(dir);
    if (d == NULL) {
        return;
    }
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        const char *user = ent->d_name;
        char path[4608], line[512], aor[768];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, user);
        if (user[0] == '.' || stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
            continue;
        }
        snprintf(aor, sizeof aor, "sip:%s@%s", user, e->cfg->domain);
        snprintf(path, sizeof path, "%s/%s/profile", dir, user);
        bool has_profile = read_line(path, line, sizeof line);
        mssip_result rc =
            mssip_profile_store_set_user(e->dialplan.store, aor, has_profile ? line : NULL);
        if (rc != MSSIP_OK) {
            edge_log(EDGE_ERROR, "%s: default location profile not set: %s (%s)", aor,
                     mssip_result_str(rc), mssip_last_error());
        }
        snprintf(path, sizeof path, "%s/%s/phone", dir, user);
        if (read_line(path, line, sizeof line)) {
            add_phone(&e->dialplan, user, line);
        }
    }
    closedir(d);
}

bool edge_dialplan_open(edge *e) {
    mssip_result rc = mssip_profile_store_new(e->cfg->domain, &e->dialplan.store);
    if (rc != MSSIP_OK) {
        edge_log(EDGE_ERROR, "profile store: %s (%s)", mssip_result_str(rc), mssip_last_error());
        return false;
    }
    if (e->data.dir != NULL) {
        load_profiles(e);
        load_users(e);
    }
    edge_log(EDGE_INFO, "dial plan: %zu location profiles, %zu phone numbers",
             e->dialplan.profiles, e->dialplan.n_phones);
    return true;
}

void edge_dialplan_close(edge *e) {
    mssip_profile_store_free(e->dialplan.store);
    e->dialplan.store = NULL;
    free(e->dialplan.phones);
    e->dialplan.phones = NULL;
    e->dialplan.n_phones = 0;
}

/* ---- INVITE: the dialed number ---------------------------------------------------------- */

/* What the Request-URI dialed: the number and the phone-context it was dialed in (empty when
 * none). False when it is no dialed number this proxy translates. */
static bool dialed_number(const edge *e, const mssip_msg *req, char *number, size_t cap,
                          char *context, size_t context_cap) {
    mssip_uri u;
    mssip_param p;
    context[0] = '\0';
    if (mssip_msg_request_uri_parts(req, &u) != MSSIP_OK) {
        return false;
    }
    if (u.scheme_kind == MSSIP_SCHEME_TEL) {
        /* tel:0100;phone-context=Redmond */
        return mssip_params_get(&u.params, "phone-context", &p) == MSSIP_OK &&
               edge_str_copy(p.value, context, context_cap) && edge_str_copy(u.user, number, cap) &&
               number[0] != '+' && number[0] != '\0';
    }
    if ((u.scheme_kind != MSSIP_SCHEME_SIP && u.scheme_kind != MSSIP_SCHEME_SIPS) ||
        mssip_params_get(&u.params, "user", &p) != MSSIP_OK || !edge_str_ieq(p.value, "phone") ||
        !edge_str_ieq(u.host, e->cfg->domain)) {
        return false;
    }
    /* sip:0100;phone-context=Redmond@contoso.com;user=phone: the context is in the user part */
    char user[256];
    if (!edge_str_copy(u.user, user, sizeof user)) {
        return false;
    }
    char *semi = strchr(user, ';');
    if (semi != NULL) {
        *semi = '\0';
        const char *pc = strstr(semi + 1, "phone-context=");
        if (pc != NULL) {
            snprintf(context, context_cap, "%.*s", (int)strcspn(pc + 14, ";"), pc + 14);
        }
    }
    if (user[0] == '\0' || user[0] == '+' || strlen(user) >= cap) {
        return false;
    }
    snprintf(number, cap, "%s", user);
    return true;
}

/* The caller's address-of-record when the From is a user of our domain. */
static bool caller_aor(const edge *e, const mssip_msg *req, char *aor, size_t cap) {
    mssip_uri from;
    char user[256];
    if (mssip_msg_uri(req, "From", 0, &from) != MSSIP_OK ||
        (from.scheme_kind != MSSIP_SCHEME_SIP && from.scheme_kind != MSSIP_SCHEME_SIPS) ||
        !edge_str_ieq(from.host, e->cfg->domain) || !edge_str_copy(from.user, user, sizeof user) ||
        !edge_data_user_exists(&e->data, user, strlen(user))) {
        return false;
    }
    int n = snprintf(aor, cap, "sip:%s@%s", user, e->cfg->domain);
    return n > 0 && (size_t)n < cap;
}

static const char *user_with_phone(const edge_dialplan *dp, const char *number) {
    char bare[64];
    bare_number(number, bare, sizeof bare);
    for (size_t i = 0; i < dp->n_phones; i++) {
        if (strcmp(dp->phones[i].number, bare) == 0) {
            return dp->phones[i].user;
        }
    }
    return NULL;
}

static void translate_invite(edge *e, edge_conn *c, mssip_msg *req) {
    char number[128], context[128], aor[384];
    mssip_str tag;
    if (mssip_msg_header_param(req, "To", 0, "tag", &tag) == MSSIP_OK ||
        !dialed_number(e, req, number, sizeof number, context, sizeof context) ||
        !caller_aor(e, req, aor, sizeof aor)) {
        return;
    }
    mssip_dialplan *plan = NULL;
    if (context[0] == '\0' || mssip_profile_store_get(e->dialplan.store, context, &plan) != MSSIP_OK) {
        if (mssip_profile_store_default(e->dialplan.store, aor, &plan) != MSSIP_OK) {
            edge_log(EDGE_DEBUG, "%s: %s dialed %s: no location profile to translate with",
                     edge_conn_name(c), aor, number);
            return;
        }
    }
    char buf[512], uri[640];
    size_t len = 0;
    mssip_translation t;
    mssip_result rc = mssip_dialplan_translate_detail(plan, number, e->cfg->domain, buf,
                                                      sizeof buf, &len, &t);
    mssip_dialplan_free(plan);
    if (rc != MSSIP_OK) {
        edge_log(rc == MSSIP_E_NOT_FOUND ? EDGE_DEBUG : EDGE_WARN,
                 "%s: %s dialed %s: not translated: %s (%s)", edge_conn_name(c), aor, number,
                 mssip_result_str(rc), mssip_last_error());
        return;
    }
    const char *user = t.number.ptr[0] == '+' ? user_with_phone(&e->dialplan, t.number.ptr) : NULL;
    if (user != NULL) {
        snprintf(uri, sizeof uri, "sip:%s@%s", user, e->cfg->domain);
    } else if (t.number.ptr[0] == '+') {
        snprintf(uri, sizeof uri, "sip:%s@%s;user=phone", t.number.ptr, e->cfg->domain);
    } else if (t.uri.ptr != NULL) {
        snprintf(uri, sizeof uri, "%s", t.uri.ptr);
    } else {
        edge_log(EDGE_INFO, "%s: %s dialed %s: rule %zu gave %s, not a number; left as dialed",
                 edge_conn_name(c), aor, number, t.rule, t.number.ptr);
        return;
    }
    rc = mssip_msg_set_request_uri(req, uri);
    edge_log(rc == MSSIP_OK ? EDGE_INFO : EDGE_WARN, "%s: %s dialed %s: %s %s (rule %zu)%s",
             edge_conn_name(c), aor, number, rc == MSSIP_OK ? "translated to" : "cannot become",
             uri, t.rule, t.internal ? ", internal" : "");
}

/* ---- the hook -------------------------------------------------------------------------- */

bool edge_dialplan_request(edge *e, edge_conn *c, mssip_msg *req) {
    mssip_str method;
    if (mssip_msg_method(req, &method) != MSSIP_OK) {
        return false;
    }
    if (edge_str_eq(method, "INVITE")) {
        translate_invite(e, c, req);
        return false;
    }
    if (!edge_str_eq(method, "SERVICE")) {
        return false;
    }
    mssip_msg *resp = NULL;
    mssip_result rc = mssip_profile_store_answer(e->dialplan.store, req, &resp);
    if (rc == MSSIP_E_NOT_PROFILE_SERVICE) {
        return false;
    }
    if (rc != MSSIP_OK) {
        edge_log(EDGE_WARN, "%s: SERVICE not answered: %s (%s)", edge_conn_name(c),
                 mssip_result_str(rc), mssip_last_error());
        e->stats.dropped++;
        return true;
    }
    uint16_t code = 0;
    mssip_str ruri = {"", 0};
    mssip_msg_status(resp, &code);
    mssip_msg_request_uri(req, &ruri);
    edge_log(EDGE_INFO, "%s: SERVICE %.*s: answered %u",
             edge_conn_name(c), (int)ruri.len, ruri.ptr, (unsigned)code);
    edge_conn_send_msg(e, c, resp);
    e->stats.answered++;
    mssip_msg_free(resp);
    return true;
}
