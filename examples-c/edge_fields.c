/* mssip_edge: the few pieces of a Via or a URI that forwarding needs (transport, host, port,
 * parameters), read from header values the library has already split and trimmed. */
#include <string.h>
#include <strings.h>

#include "edge.h"

static mssip_str cut(const char *p, size_t n) {
    mssip_str s = {p, n};
    return s;
}

static bool is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'; }

static mssip_str trim(mssip_str s) {
    while (s.len > 0 && is_space(s.ptr[0])) {
        s.ptr++;
        s.len--;
    }
    while (s.len > 0 && is_space(s.ptr[s.len - 1])) {
        s.len--;
    }
    return s;
}

bool edge_str_eq(mssip_str s, const char *text) {
    size_t n = strlen(text);
    return s.len == n && memcmp(s.ptr, text, n) == 0;
}

bool edge_str_ieq(mssip_str s, const char *text) {
    size_t n = strlen(text);
    return s.len == n && strncasecmp(s.ptr, text, n) == 0;
}

bool edge_str_copy(mssip_str s, char *buf, size_t cap) {
    if (s.len >= cap) {
        return false;
    }
    memcpy(buf, s.ptr, s.len);
    buf[s.len] = '\0';
    return true;
}

/* Index of the first `ch` in s outside double quotes, or s.len. */
static size_t find_unquoted(mssip_str s, char ch) {
    bool quoted = false;
    for (size_t i = 0; i < s.len; i++) {
        if (quoted && s.ptr[i] == '\\') {
            i++;
        } else if (s.ptr[i] == '"') {
            quoted = !quoted;
        } else if (!quoted && s.ptr[i] == ch) {
            return i;
        }
    }
    return s.len;
}

/* Reads `host[:port]` at the start of s (host maybe a bracketed IPv6 reference); returns the
 * number of bytes used, or 0 when there is no host. */
static size_t read_hostport(mssip_str s, mssip_str *host, uint16_t *port) {
    size_t i = 0;
    if (s.len > 0 && s.ptr[0] == '[') {
        while (i < s.len && s.ptr[i] != ']') {
            i++;
        }
        if (i == s.len || i == 1) {
            return 0;
        }
        *host = cut(s.ptr + 1, i - 1);
        i++;
    } else {
        while (i < s.len && s.ptr[i] != ':' && s.ptr[i] != ';' && s.ptr[i] != '?' &&
               s.ptr[i] != '>' && !is_space(s.ptr[i])) {
            i++;
        }
        if (i == 0) {
            return 0;
        }
        *host = cut(s.ptr, i);
    }
    *port = 0;
    if (i < s.len && s.ptr[i] == ':') {
        i++;
        unsigned long value = 0;
        size_t digits = 0;
        while (i < s.len && s.ptr[i] >= '0' && s.ptr[i] <= '9' && digits < 6) {
            value = value * 10 + (unsigned long)(s.ptr[i] - '0');
            i++;
            digits++;
        }
        if (digits == 0 || value == 0 || value > 65535) {
            return 0;
        }
        *port = (uint16_t)value;
    }
    return i;
}

bool edge_uri_read(mssip_str text, edge_uri *out) {
    mssip_str s = trim(text);
    size_t lt = find_unquoted(s, '<');
    if (lt < s.len) {
        size_t gt = lt + 1;
        while (gt < s.len && s.ptr[gt] != '>') {
            gt++;
        }
        if (gt == s.len) {
            return false;
        }
        s = trim(cut(s.ptr + lt + 1, gt - lt - 1));
    }
    size_t colon = 0;
    while (colon < s.len && s.ptr[colon] != ':') {
        colon++;
    }
    if (colon == 0 || colon == s.len) {
        return false;
    }
    edge_uri uri;
    memset(&uri, 0, sizeof uri);
    uri.scheme = cut(s.ptr, colon);
    mssip_str rest = cut(s.ptr + colon + 1, s.len - colon - 1);
    size_t question = 0;
    while (question < rest.len && rest.ptr[question] != '?') {
        question++;
    }
    size_t at = question;
    for (size_t i = 0; i < question; i++) {
        if (rest.ptr[i] == '@') {
            at = i;
            break;
        }
    }
    if (at < question) {
        uri.user = cut(rest.ptr, at);
        rest = cut(rest.ptr + at + 1, rest.len - at - 1);
        question -= at + 1;
    }
    size_t used = read_hostport(rest, &uri.host, &uri.port);
    if (used == 0) {
        return false;
    }
    if (used < question && rest.ptr[used] != ';') {
        return false;
    }
    uri.params = cut(rest.ptr + used, question > used ? question - used : 0);
    *out = uri;
    return true;
}

bool edge_via_read(mssip_str value, edge_via *out) {
    mssip_str s = trim(value);
    /* sent-protocol: SIP / 2.0 / transport, with optional white space around the slashes */
    size_t i = 0, slashes = 0;
    while (i < s.len && slashes < 2) {
        if (s.ptr[i] == '/') {
            slashes++;
        }
        i++;
    }
    if (slashes < 2) {
        return false;
    }
    while (i < s.len && is_space(s.ptr[i])) {
        i++;
    }
    size_t start = i;
    while (i < s.len && !is_space(s.ptr[i])) {
        i++;
    }
    if (i == start) {
        return false;
    }
    edge_via via;
    memset(&via, 0, sizeof via);
    via.transport = cut(s.ptr + start, i - start);
    while (i < s.len && is_space(s.ptr[i])) {
        i++;
    }
    mssip_str rest = cut(s.ptr + i, s.len - i);
    size_t used = read_hostport(rest, &via.host, &via.port);
    if (used == 0) {
        return false;
    }
    mssip_str params = trim(cut(rest.ptr + used, rest.len - used));
    if (params.len > 0 && params.ptr[0] != ';') {
        return false;
    }
    via.params = params;
    *out = via;
    return true;
}

bool edge_param(mssip_str params, const char *name, mssip_str *value) {
    mssip_str s = params;
    while (s.len > 0) {
        size_t end = find_unquoted(s, ';');
        mssip_str item = trim(cut(s.ptr, end));
        s = end < s.len ? cut(s.ptr + end + 1, s.len - end - 1) : cut(s.ptr + s.len, 0);
        if (item.len == 0) {
            continue;
        }
        size_t eq = find_unquoted(item, '=');
        mssip_str pname = trim(cut(item.ptr, eq));
        if (!edge_str_ieq(pname, name)) {
            continue;
        }
        mssip_str pvalue = eq < item.len ? trim(cut(item.ptr + eq + 1, item.len - eq - 1))
                                         : cut(item.ptr + item.len, 0);
        if (pvalue.len >= 2 && pvalue.ptr[0] == '"' && pvalue.ptr[pvalue.len - 1] == '"') {
            pvalue = cut(pvalue.ptr + 1, pvalue.len - 2);
        }
        *value = pvalue;
        return true;
    }
    return false;
}
