/* mssip_edge: TLS for the --tls-listen port, with OpenSSL. Every socket is non-blocking, so
 * each call may stop with "want read" / "want write"; the connection remembers when OpenSSL
 * needs the socket writable to go on, and the poll loop asks for that. */
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>

#include "edge.h"

static void log_ssl_errors(const char *what) {
    unsigned long code;
    bool any = false;
    while ((code = ERR_get_error()) != 0) {
        char text[256];
        ERR_error_string_n(code, text, sizeof text);
        edge_log(EDGE_WARN, "%s: %s", what, text);
        any = true;
    }
    if (!any) {
        edge_log(EDGE_WARN, "%s", what);
    }
}

SSL_CTX *edge_tls_server(const char *cert, const char *key) {
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (ctx == NULL) {
        log_ssl_errors("TLS context");
        return NULL;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
        log_ssl_errors(cert);
        SSL_CTX_free(ctx);
        return NULL;
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(ctx) != 1) {
        log_ssl_errors(key);
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

void edge_tls_free(SSL_CTX *ctx) { SSL_CTX_free(ctx); }

bool edge_tls_attach(SSL_CTX *ctx, edge_conn *c) {
    c->ssl = SSL_new(ctx);
    if (c->ssl == NULL || SSL_set_fd(c->ssl, c->fd) != 1) {
        log_ssl_errors("TLS session");
        SSL_free(c->ssl);
        c->ssl = NULL;
        return false;
    }
    SSL_set_accept_state(c->ssl);
    return true;
}

void edge_tls_detach(edge_conn *c) {
    if (c->ssl != NULL) {
        if (c->state == EDGE_CONN_OPEN) {
            SSL_shutdown(c->ssl); /* one close_notify, no wait for the peer's */
        }
        SSL_free(c->ssl);
        c->ssl = NULL;
    }
}

/* Sorts out a non-positive return: -1 to wait (want_write set as needed), -2 on error. */
static int settle(edge_conn *c, int ret, const char *what) {
    int err = SSL_get_error(c->ssl, ret);
    c->tls_want_write = false;
    switch (err) {
    case SSL_ERROR_WANT_READ:
        return -1;
    case SSL_ERROR_WANT_WRITE:
        c->tls_want_write = true;
        return -1;
    case SSL_ERROR_ZERO_RETURN:
        return 0;
    default: {
        char label[128];
        snprintf(label, sizeof label, "TLS %s with %s:%u", what, c->ip, (unsigned)c->port);
        log_ssl_errors(label);
        return -2;
    }
    }
}

int edge_tls_handshake(edge_conn *c) {
    ERR_clear_error();
    int ret = SSL_do_handshake(c->ssl);
    if (ret == 1) {
        c->tls_want_write = false;
        return 1;
    }
    int s = settle(c, ret, "handshake");
    return s == -1 ? 0 : -1;
}

long edge_tls_read(edge_conn *c, uint8_t *buf, size_t cap) {
    ERR_clear_error();
    size_t got = 0;
    int ret = SSL_read_ex(c->ssl, buf, cap, &got);
    if (ret == 1) {
        return (long)got;
    }
    return settle(c, ret, "read");
}

long edge_tls_write(edge_conn *c, const uint8_t *buf, size_t len) {
    ERR_clear_error();
    size_t put = 0;
    int ret = SSL_write_ex(c->ssl, buf, len, &put);
    if (ret == 1) {
        return (long)put;
    }
    int s = settle(c, ret, "write");
    return s == 0 ? -2 : s;
}
