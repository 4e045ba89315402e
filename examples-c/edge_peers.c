/* mssip_edge: per-peer settings, DIR/peers/<name> of --data (README "Edge proxy"). A peer
 * is a carrier, gateway, desk phone, Microsoft server or Exchange UM that this proxy sends
 * to; it is known by the address a request's next hop names (Route or Request-URI), and its
 * file says what the way out to it translates (edge_interwork.c). One setting a line,
 * "name value", '#' starts a comment:
 *
 *   host IP:PORT           required: the peer's address (IPv6 in brackets), as next hops name it
 *   kind plain|microsoft|um  plain SIP (default), a Microsoft server, or Exchange UM
 *   multipart yes|no|auto  takes multipart bodies; no: bodies reduced to one SDP; auto: not
 *                          known until the peer says (a 415, an Accept), multipart sent
 *                          until then, a 415 to it retried with one SDP (edge_interwork.c)
 *                          (default: no for plain, yes otherwise)
 *   diversion yes|no       gets Diversion mapped from History-Info (default: yes for plain)
 *   sdp plain|keep         SDP normalised for plain stacks (default: plain for plain peers)
 *   fqdn NAME              the name this proxy is known by to the peer: the Record-Route and
 *                          Via sent to it name NAME, a Route back to NAME is ours (edge_fqdn.c);
 *                          a name mssip_fqdn_validate refuses skips the file
 *   probe SECONDS          OPTIONS to the peer every SECONDS (1-3600); `peer NAME up` /
 *                          `down` logged, requests to it answered 503 while down
 *   probe-transport udp|tcp  how the probes go (default tcp; udp needs --udp)
 *   translate FROM TO [REASON]  a final response from the peer with code FROM (200-699) or
 *                          of class FROM (2xx-6xx) goes upstream as TO (200-699) with REASON
 *                          (the rest of the line; default the standard phrase) and an
 *                          ms-diagnostics saying so (edge_interwork.c); at most 16 lines,
 *                          a single code wins over a class, else the first line wins
 *
 * A file that does not parse is skipped with a warning naming the line; the others load. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edge.h"

#define PEER_FILE_MAX 64

static bool yes_no(const char *v, bool *out) {
    if (strcmp(v, "yes") == 0) {
        *out = true;
    } else if (strcmp(v, "no") == 0) {
        *out = false;
    } else {
        return false;
    }
    return true;
}

/* One "name value" line into `p`; false for a line that says something else. */
static bool peer_line(edge_peer *p, const char *name, const char *value, bool *seen_host,
                      int *multipart, int *diversion, int *sdp) {
    bool flag = false;
    if (strcmp(name, "host") == 0) {
        *seen_host = edge_split_hostport(value, p->ip, sizeof p->ip, &p->port) && p->port != 0;
        return *seen_host;
    }
    if (strcmp(name, "kind") == 0) {
        p->kind = strcmp(value, "plain") == 0       ? EDGE_PEER_PLAIN
                  : strcmp(value, "microsoft") == 0 ? EDGE_PEER_MICROSOFT
                  : strcmp(value, "um") == 0        ? EDGE_PEER_UM
                                                    : (edge_peer_kind)-1;
        return (int)p->kind != -1;
    }
    if (strcmp(name, "multipart") == 0 && strcmp(value, "auto") == 0) {
        *multipart = EDGE_MULTIPART_AUTO;
        return true;
    }
    if (strcmp(name, "multipart") == 0 && yes_no(value, &flag)) {
        *multipart = flag ? EDGE_MULTIPART_YES : EDGE_MULTIPART_NO;
        return true;
    }
    if (strcmp(name, "diversion") == 0 && yes_no(value, &flag)) {
        *diversion = flag;
        return true;
    }
    if (strcmp(name, "sdp") == 0 && (strcmp(value, "plain") == 0 || strcmp(value, "keep") == 0)) {
        *sdp = strcmp(value, "plain") == 0;
        return true;
    }
    if (strcmp(name, "probe") == 0) {
        char *end = NULL;
        long seconds = strtol(value, &end, 10);
        p->probe_s = (uint32_t)seconds;
        return *end == '\0' && seconds >= 1 && seconds <= 3600;
    }
    if (strcmp(name, "probe-transport") == 0 &&
        (strcmp(value, "udp") == 0 || strcmp(value, "tcp") == 0)) {
        p->probe_udp = strcmp(value, "udp") == 0;
        return true;
    }
    if (strcmp(name, "fqdn") == 0 && strlen(value) < sizeof p->fqdn &&
        mssip_fqdn_validate(value) == MSSIP_OK) {
        snprintf(p->fqdn, sizeof p->fqdn, "%s", value);
        return true;
    }
    return false;
}

/* A "translate FROM TO [REASON]" line's rest (after "translate") into p's rules; false for
 * a bad code, a reason too long or too many lines. Codes go before classes so that a single
 * code wins (mssip_msg_translate_response takes the first rule that matches). */
static bool translate_line(edge_peer *p, const char *rest) {
    char from[8], to[8];
    int used = 0;
    if (p->n_rules == EDGE_PEER_RULES || sscanf(rest, "%7s %7s %n", from, to, &used) != 2) {
        return false;
    }
    mssip_code_rule r = {0};
    char *end = NULL;
    long to_code = strtol(to, &end, 10);
    if (strlen(to) != 3 || *end != '\0' || to_code < 200 || to_code > 699) {
        return false;
    }
    r.to_code = (uint16_t)to_code;
    if (strlen(from) == 3 && from[0] >= '2' && from[0] <= '6' && strcmp(from + 1, "xx") == 0) {
        r.from_class = (uint8_t)(from[0] - '0');
    } else {
        long code = strtol(from, &end, 10);
        if (strlen(from) != 3 || *end != '\0' || code < 200 || code > 699) {
            return false;
        }
        r.from_code = (uint16_t)code;
    }
    const char *reason = rest + used;
    size_t len = strlen(reason);
    while (len > 0 && isspace((unsigned char)reason[len - 1])) {
        len--;
    }
    if (len >= sizeof p->reasons[0]) {
        return false;
    }
    size_t at = p->n_rules;
    while (r.from_code != 0 && at > 0 && p->rules[at - 1].from_code == 0) {
        at--; /* before the class rules */
    }
    memmove(&p->rules[at + 1], &p->rules[at], (p->n_rules - at) * sizeof p->rules[0]);
    memmove(&p->reasons[at + 1], &p->reasons[at], (p->n_rules - at) * sizeof p->reasons[0]);
    p->rules[at] = r;
    snprintf(p->reasons[at], sizeof p->reasons[at], "%.*s", (int)len, reason);
    p->n_rules++;
    return true;
}

/* Reads DIR/peers/<name> into `p`; false (logged) when it does not parse. */
static bool peer_read(edge_peer *p, const char *path, const char *name) {
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return false;
    }
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "%s", name);
    bool seen_host = false, ok = true;
    int multipart = -1, diversion = -1, sdp = -1; /* -1: the kind's default */
    char line[512];
    unsigned number = 0;
    while (ok && fgets(line, sizeof line, f) != NULL) {
        number++;
        char *hash = strchr(line, '#');
        if (hash != NULL) {
            *hash = '\0';
        }
        char key[32], value[300], extra[2];
        int n = sscanf(line, "%31s %299s %1s", key, value, extra);
        if (n <= 0) {
            continue; /* blank or comment */
        }
        if (strcmp(key, "translate") == 0) {
            if (!translate_line(p, strstr(line, "translate") + strlen("translate"))) {
                edge_log(EDGE_WARN, "%s:%u: not a translate FROM TO [REASON] line: %s", path,
                         number, line);
                ok = false;
            }
            continue;
        }
        if (n != 2 || !peer_line(p, key, value, &seen_host, &multipart, &diversion, &sdp)) {
            edge_log(EDGE_WARN, "%s:%u: not a peer setting: %s", path, number, line);
            ok = false;
        }
    }
    fclose(f);
    if (ok && !seen_host) {
        edge_log(EDGE_WARN, "%s: no host IP:PORT line", path);
        ok = false;
    }
    bool plain = p->kind == EDGE_PEER_PLAIN;
    p->multipart = multipart >= 0  ? (edge_multipart)multipart
                   : plain         ? EDGE_MULTIPART_NO
                                   : EDGE_MULTIPART_YES;
    p->diversion = diversion >= 0 ? diversion : plain;
    p->sdp_plain = sdp >= 0 ? sdp : plain;
    for (size_t i = 0; i < p->n_rules; i++) {
        p->rules[i].reason = p->reasons[i][0] != '\0' ? p->reasons[i] : NULL;
    }
    return ok;
}

/* The library's profile of what `p` takes (mssip_peer_body): refused for `multipart no`,
 * unknown for `auto`; none for `yes`. False when out of memory. */
static bool peer_body(edge_peer *p) {
    if (p->multipart == EDGE_MULTIPART_YES) {
        return true;
    }
    uint32_t known = p->multipart == EDGE_MULTIPART_NO ? MSSIP_PEER_MULTIPART_REFUSED
                                                       : MSSIP_PEER_MULTIPART_UNKNOWN;
    return mssip_peer_body_new(known, 0, &p->body) == MSSIP_OK;
}

bool edge_peers_load(edge_peers *peers, const char *data_dir) {
    memset(peers, 0, sizeof *peers);
    if (data_dir == NULL) {
        return true;
    }
    char dir[4096], path[4096 + 256];
    snprintf(dir, sizeof dir, "%s/peers", data_dir);
    DIR *d = opendir(dir);
    if (d == NULL) {
        return true; /* no peers/: no peer profile */
    }
    peers->list = calloc(PEER_FILE_MAX, sizeof *peers->list);
    if (peers->list == NULL) {
        closedir(d);
        edge_log(EDGE_ERROR, "out of memory");
        return false;
    }
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') {
            continue;
        }
        if (peers->n == PEER_FILE_MAX) {
            edge_log(EDGE_WARN, "%s: more than %d peers; %s and later ones skipped", dir,
                     PEER_FILE_MAX, de->d_name);
            break;
        }
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        edge_peer *p = &peers->list[peers->n];
        bool read = peer_read(p, path, de->d_name);
        if (read && !peer_body(p)) {
            edge_log(EDGE_ERROR, "out of memory");
            edge_peers_free(peers);
            closedir(d);
            return false;
        }
        if (read) {
            static const char *kinds[] = {"plain", "microsoft", "um"};
            static const char *multiparts[] = {"yes", "no", "auto"};
            edge_log(EDGE_INFO,
                     "peer %s: %s:%u, %s, multipart %s, diversion %s, sdp %s%s%s, %zu "
                     "translate rules",
                     p->name, p->ip, (unsigned)p->port, kinds[p->kind], multiparts[p->multipart],
                     p->diversion ? "yes" : "no", p->sdp_plain ? "plain" : "keep",
                     p->fqdn[0] ? ", fqdn " : "", p->fqdn, p->n_rules);
            peers->n++;
        }
    }
    closedir(d);
    return true;
}

void edge_peers_free(edge_peers *peers) {
    for (size_t i = 0; peers->list != NULL && i < peers->n; i++) {
        mssip_peer_body_free(peers->list[i].body);
    }
    free(peers->list);
    memset(peers, 0, sizeof *peers);
}

const edge_peer *edge_peer_find(const edge_peers *peers, const char *ip, uint16_t port) {
    for (size_t i = 0; i < peers->n; i++) {
        if (peers->list[i].port == port && strcmp(peers->list[i].ip, ip) == 0) {
            return &peers->list[i];
        }
    }
    return NULL;
}
