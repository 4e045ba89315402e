/* mssip_edge: an example edge proxy for Lync / Skype for Business clients, built on libmssip
 * through its public header only. Single-threaded: its own poll loop and timers.
 *
 *   mssip_edge --listen 127.0.0.1:PORT --domain contoso.com [--data DIR] [--keys FILE]
 *              [--tls-listen IP:PORT --cert FILE --key FILE] [more: see --help]
 *
 * It accepts TCP and TLS connections from clients, answers their CRLF keep-alives, is the
 * registrar of the domain, and forwards SIP statelessly to registered users over the
 * connections they registered on (see edge_forward.c). SIGTERM or SIGINT stops it cleanly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edge.h"

static const char usage[] =
    "usage: mssip_edge --listen IP:PORT --domain DOMAIN [options]\n"
    "\n"
    "An edge proxy and registrar for Microsoft SIP clients (MS-SIPRE), built on libmssip.\n"
    "\n"
    "  --listen IP:PORT        TCP listener (port 0: the system picks one; the log says which)\n"
    "  --domain DOMAIN         the SIP domain this proxy serves (e.g. contoso.com)\n"
    "  --tls-listen IP:PORT    TLS listener (Lync clients use TLS on 5061); needs --cert, --key\n"
    "  --udp                   UDP too, on the --listen address and port\n"
    "  --cert FILE             PEM certificate chain for the TLS listener\n"
    "  --key FILE              PEM private key for the TLS listener\n"
    "  --data DIR              provisioning: a user exists when DIR/users/<user>/ exists\n"
    "                          (without --data every user of the domain exists);\n"
    "                          DIR/profiles/<name>.xml location profiles answer SERVICE and\n"
    "                          translate the numbers users dial with DIR/users/<user>/profile\n"
    "                          DIR/e911/<LocationPolicyTagID> (or default): the URIs, one a\n"
    "                          line, an emergency call's notifications go to (MS-SIPRE 3.17)\n"
    "  --keys FILE             route-signing key ring (MS-SIPRE 3.6): read at start (made with\n"
    "                          a fresh key when missing), written at each rotation; with it\n"
    "                          Record-Route is signed and carries the dialog's connections,\n"
    "                          and mid-dialog requests are routed by it (or get 481 / 430)\n"
    "  --key-rotation SECONDS  a new signing key this often, with --keys (default 86400);\n"
    "                          replaced keys verify for 8 hours more\n"
    "  --pool NAME             with --keys: Record-Route names the pool NAME that members\n"
    "                          sharing the --keys file serve, with ms-fe= this member; a\n"
    "                          member forwards a request to the one its Route names\n"
    "  --fqdn NAME             the proxy's fully qualified name: written instead of its address\n"
    "                          in its Record-Route, Via and Contact (Lync ignores a\n"
    "                          Record-Route with an IP address); requests naming it are ours\n"
    "  --advertise HOST        address written in our Via and Record-Route (default: the\n"
    "                          --listen address; required when listening on 0.0.0.0 or ::)\n"
    "  --max-connections N     connections open at once (default 1024)\n"
    "  --idle-timeout SECONDS  close a connection silent this long (default 900)\n"
    "  --max-output BYTES      output queued to one connection before it is closed\n"
    "                          (default 1048576)\n"
    "  --timer-scale FACTOR    the call router's timers (MS-SIPRE 3.9.2: 20 s, 60 s, ...)\n"
    "                          last FACTOR times as long (default 1; tests use e.g. 0.05)\n"
    "  --log-level LEVEL       error, warn, info (default) or debug\n"
    "  --library-log-level LEVEL  what libmssip reports through its log hook, marked\n"
    "                          \"libmssip:\" (default info; debug adds every failed call,\n"
    "                          lookups that find nothing included)\n"
    "  --version               print the library version and exit\n"
    "  --help                  print this text and exit\n";

static bool parse_number(const char *text, unsigned long long min, unsigned long long max,
                         unsigned long long *out) {
    char *end = NULL;
    if (text == NULL || text[0] < '0' || text[0] > '9') {
        return false;
    }
    unsigned long long v = strtoull(text, &end, 10);
    if (*end != '\0' || v < min || v > max) {
        return false;
    }
    *out = v;
    return true;
}

/* A factor in (0, 1000]. */
static bool parse_scale(const char *text, double *out) {
    char *end = NULL;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || !(v > 0.0 && v <= 1000.0)) {
        return false;
    }
    *out = v;
    return true;
}

/* 0: go on; 1: exit with success (--help, --version); 2: bad usage (printed). */
static int parse_args(int argc, char **argv, edge_config *cfg) {
    memset(cfg, 0, sizeof *cfg);
    cfg->max_conns = 1024;
    cfg->idle_s = 900;
    cfg->max_output = 1u << 20;
    cfg->level = EDGE_INFO;
    cfg->library_level = EDGE_INFO;
    cfg->timer_scale = 1.0;
    cfg->key_rotation_s = 86400;
    for (int i = 1; i < argc; i++) {
        const char *flag = argv[i];
        if (strcmp(flag, "--help") == 0 || strcmp(flag, "-h") == 0) {
            fputs(usage, stdout);
            return 1;
        }
        if (strcmp(flag, "--version") == 0) {
            printf("mssip_edge (libmssip %s)\n", mssip_version());
            return 1;
        }
        if (strcmp(flag, "--udp") == 0) {
            cfg->udp = true;
            continue;
        }
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (value == NULL) {
            fprintf(stderr, "mssip_edge: %s needs a value (or unknown flag)\n%s", flag, usage);
            return 2;
        }
        i++;
        unsigned long long n = 0;
        if (strcmp(flag, "--listen") == 0) {
            cfg->listen = value;
        } else if (strcmp(flag, "--tls-listen") == 0) {
            cfg->tls_listen = value;
        } else if (strcmp(flag, "--cert") == 0) {
            cfg->cert = value;
        } else if (strcmp(flag, "--key") == 0) {
            cfg->key = value;
        } else if (strcmp(flag, "--domain") == 0) {
            cfg->domain = value;
        } else if (strcmp(flag, "--data") == 0) {
            cfg->data_dir = value;
        } else if (strcmp(flag, "--keys") == 0) {
            cfg->keys_file = value;
        } else if (strcmp(flag, "--key-rotation") == 0 && parse_number(value, 1, 86400 * 30, &n)) {
            cfg->key_rotation_s = (unsigned)n;
        } else if (strcmp(flag, "--pool") == 0) {
            cfg->pool = value;
        } else if (strcmp(flag, "--fqdn") == 0) {
            if (!edge_fqdn_valid(value)) {
                return 2;
            }
            cfg->fqdn = value;
        } else if (strcmp(flag, "--advertise") == 0) {
            cfg->advertise = value;
        } else if (strcmp(flag, "--max-connections") == 0 && parse_number(value, 1, 65536, &n)) {
            cfg->max_conns = (size_t)n;
        } else if (strcmp(flag, "--idle-timeout") == 0 && parse_number(value, 1, 86400, &n)) {
            cfg->idle_s = (unsigned)n;
        } else if (strcmp(flag, "--max-output") == 0 &&
                   parse_number(value, 65536, 1ull << 30, &n)) {
            cfg->max_output = (size_t)n;
        } else if (strcmp(flag, "--timer-scale") == 0 && parse_scale(value, &cfg->timer_scale)) {
        } else if (strcmp(flag, "--log-level") == 0 && edge_level_parse(value, &cfg->level)) {
        } else if (strcmp(flag, "--library-log-level") == 0 &&
                   edge_level_parse(value, &cfg->library_level)) {
        } else {
            fprintf(stderr, "mssip_edge: bad flag or value: %s %s\n%s", flag, value, usage);
            return 2;
        }
    }
    if (cfg->listen == NULL || cfg->domain == NULL) {
        fprintf(stderr, "mssip_edge: --listen and --domain are required\n%s", usage);
        return 2;
    }
    if (cfg->pool != NULL && cfg->keys_file == NULL) {
        fprintf(stderr, "mssip_edge: --pool needs --keys (the members share its keys)\n");
        return 2;
    }
    if (cfg->tls_listen != NULL && (cfg->cert == NULL || cfg->key == NULL)) {
        fprintf(stderr, "mssip_edge: --tls-listen needs --cert and --key\n");
        return 2;
    }
    return 0;
}

/* The address our Via and Record-Route carry. */
static bool set_host(edge *e) {
    const char *host = e->cfg->advertise ? e->cfg->advertise : e->listeners[0].ip;
    if (strcmp(host, "0.0.0.0") == 0 || strcmp(host, "::") == 0) {
        edge_log(EDGE_ERROR, "listening on %s: give --advertise with the address clients reach",
                 host);
        return false;
    }
    if (strlen(host) >= sizeof e->host_bare) {
        edge_log(EDGE_ERROR, "--advertise %s: too long", host);
        return false;
    }
    snprintf(e->host_bare, sizeof e->host_bare, "%s", host);
    snprintf(e->host, sizeof e->host, strchr(host, ':') ? "[%s]" : "%s", host);
    return true;
}

static bool start(edge *e) {
    if (!edge_data_open(&e->data, e->cfg->data_dir) || !edge_signals_init(e) ||
        !edge_listen(e, e->cfg->listen, MSSIP_TRANSPORT_TCP)) {
        return false;
    }
    if (e->cfg->udp) {
        /* the port TCP got, so that port 0 gives both the same one */
        char hostport[EDGE_IP_MAX + 16];
        const edge_listener *tcp = &e->listeners[0];
        snprintf(hostport, sizeof hostport, strchr(tcp->ip, ':') ? "[%s]:%u" : "%s:%u", tcp->ip,
                 (unsigned)tcp->port);
        if (!edge_listen(e, hostport, MSSIP_TRANSPORT_UDP)) {
            return false;
        }
    }
    if (e->cfg->tls_listen != NULL) {
        e->tls = edge_tls_server(e->cfg->cert, e->cfg->key);
        if (e->tls == NULL || !edge_listen(e, e->cfg->tls_listen, MSSIP_TRANSPORT_TLS)) {
            return false;
        }
    }
    if (!set_host(e)) {
        return false;
    }
    if (!edge_fqdn_open(e) || !edge_routeset_open(e)) {
        return false;
    }
    e->conns = calloc(e->cfg->max_conns, sizeof *e->conns);
    if (e->conns == NULL) {
        edge_log(EDGE_ERROR, "out of memory");
        return false;
    }
    /* Connection ids must differ from those of every earlier run (MS-SIPRE 3.5.1): the
     * clock in seconds at start is the epoch, as restarts are more than a second apart. */
    mssip_result rc = mssip_conn_table_new((uint32_t)edge_wall_s(), e->cfg->max_conns, &e->cids);
    if (rc != MSSIP_OK) {
        edge_log(EDGE_ERROR, "connection table: %s", mssip_result_str(rc));
        return false;
    }
    if (!edge_registrar_open(e)) {
        return false;
    }
    if (!edge_dialplan_open(e)) {
        return false;
    }
    if (!edge_interwork_open(e)) { /* DIR/peers/ */
        return false;
    }
    edge_log(EDGE_INFO, "mssip_edge (libmssip %s) serving %s as %s", mssip_version(),
             e->cfg->domain, e->host);
    return true;
}

int main(int argc, char **argv) {
    edge_config cfg;
    int parsed = parse_args(argc, argv, &cfg);
    if (parsed != 0) {
        return parsed == 1 ? 0 : 2;
    }
    edge_log_init(cfg.level, cfg.library_level);
    edge e;
    memset(&e, 0, sizeof e);
    e.cfg = &cfg;
    e.wake[0] = e.wake[1] = -1;
    int rc = start(&e) ? edge_run(&e) : 1;
    edge_shutdown(&e);
    edge_log(EDGE_INFO,
             "stopped: %llu connections (%llu closed), %llu requests, %llu responses, "
             "%llu forwarded, %llu answered, %llu dropped, %llu keep-alives",
             (unsigned long long)e.stats.accepted, (unsigned long long)e.stats.closed,
             (unsigned long long)e.stats.requests,
             (unsigned long long)e.stats.responses, (unsigned long long)e.stats.forwarded,
             (unsigned long long)e.stats.answered, (unsigned long long)e.stats.dropped,
             (unsigned long long)e.stats.pings);
    edge_routing_close(&e);
    edge_registrar_close(&e);
    edge_routeset_close(&e);
    edge_fqdn_close(&e);
    edge_dialplan_close(&e);
    edge_interwork_close(&e);
    edge_tls_free(e.tls);
    mssip_conn_table_free(e.cids);
    free(e.conns);
    edge_log_stop();
    return rc;
}
