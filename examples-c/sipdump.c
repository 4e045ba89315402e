/* sipdump: reads the raw bytes of a SIP-over-TCP stream (a file, or standard input), cuts
 * them into messages with a mssip_framer, and prints each message's start line and header
 * fields, the fields a proxy reads as the library parses them (top Via branch and received,
 * From and To tags, CSeq), whether it is valid (mssip_msg_validate: the response code an element would answer
 * with, and why), and the keep-alives between messages.
 *
 *   sipdump [FILE]
 *
 * Exit status: 0 when the whole stream was framed, 1 when the framing broke (a host would
 * close the connection) or the input could not be read. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mssip.h"

struct counts {
    unsigned messages, invalid, unparsed, pings, pongs;
};

static void print_view(const char *prefix, mssip_str s, const char *suffix) {
    printf("%s%.*s%s", prefix, (int)s.len, s.ptr, suffix);
}

/* Prints a view, or "-" when the library reports the part absent ({NULL, 0}). */
static void print_part(const char *label, mssip_str v) {
    if (v.ptr == NULL) {
        printf(" %s=-", label);
    } else {
        printf(" %s=%.*s", label, (int)v.len, v.ptr);
    }
}

/* The fields a proxy reads, as the library parses them: top Via branch and received, From
 * and To tags, CSeq. A malformed value is named with the library's reason. */
static void print_typed(const mssip_msg *msg) {
    mssip_via via;
    mssip_name_addr addr;
    uint32_t seq = 0;
    mssip_str method;

    printf("    -- typed:");
    if (mssip_msg_via(msg, 0, &via) == MSSIP_OK) {
        print_part("via.branch", via.branch);
        print_part("via.received", via.received);
    } else {
        printf(" via: %s", mssip_last_error());
    }
    if (mssip_msg_name_addr(msg, "From", 0, &addr) == MSSIP_OK) {
        print_part("from.tag", addr.tag);
    } else {
        printf(" from: %s", mssip_last_error());
    }
    if (mssip_msg_name_addr(msg, "To", 0, &addr) == MSSIP_OK) {
        print_part("to.tag", addr.tag);
    } else {
        printf(" to: %s", mssip_last_error());
    }
    if (mssip_msg_cseq(msg, &seq, &method) == MSSIP_OK) {
        printf(" cseq=%u %.*s", (unsigned)seq, (int)method.len, method.ptr);
    } else {
        printf(" cseq: %s", mssip_last_error());
    }
    printf("\n");
}

static void dump_message(const mssip_msg *msg, struct counts *c) {
    c->messages++;
    printf("[%u] ", c->messages);
    bool is_request = false;
    mssip_str version, part;
    mssip_msg_is_request(msg, &is_request);
    mssip_msg_version(msg, &version);
    if (is_request) {
        mssip_msg_method(msg, &part);
        print_view("", part, " ");
        mssip_msg_request_uri(msg, &part);
        print_view("", part, " ");
        print_view("", version, "\n");
    } else {
        uint16_t code = 0;
        mssip_msg_status(msg, &code);
        mssip_msg_reason(msg, &part);
        print_view("", version, "");
        printf(" %u ", (unsigned)code);
        print_view("", part, "\n");
    }

    size_t fields = 0;
    mssip_msg_field_count(msg, &fields);
    for (size_t i = 0; i < fields; i++) {
        mssip_str name, value;
        if (mssip_msg_field(msg, i, &name, &value) == MSSIP_OK) {
            print_view("    ", name, ": ");
            print_view("", value, "\n");
        }
    }

    print_typed(msg);

    mssip_bytes body = {NULL, 0};
    mssip_msg_body(msg, &body);
    size_t body_len = body.len;
    printf("    -- body: %zu bytes", body_len);
    mssip_str ctype;
    if (body_len > 0 && mssip_msg_header(msg, "Content-Type", 0, &ctype) == MSSIP_OK) {
        print_view(" (", ctype, ")");
    }
    printf("\n");

    uint16_t status = 0;
    mssip_str reason;
    mssip_result rc = mssip_msg_validate(msg, &status, &reason);
    if (rc != MSSIP_OK) {
        printf("    -- could not validate: %s (%s)\n", mssip_result_str(rc), mssip_last_error());
    } else if (status == 0) {
        printf("    -- valid\n");
    } else {
        c->invalid++;
        printf("    -- INVALID: an element would answer %u (", (unsigned)status);
        print_view("", reason, ")\n");
    }
}

/* Takes every complete item out of the framer. Returns 0, or -1 when the framing broke. */
static int drain(mssip_framer *framer, struct counts *c) {
    for (;;) {
        mssip_frame_kind kind = MSSIP_FRAME_NONE;
        mssip_msg *msg = NULL;
        mssip_result rc = mssip_framer_next(framer, &kind, &msg);
        if (rc == MSSIP_E_FRAMING) {
            printf("[!] framing lost: %s\n", mssip_last_error());
            return -1;
        }
        if (rc != MSSIP_OK) {
            /* Cut from the stream by its Content-Length, but not a SIP message. */
            c->unparsed++;
            printf("[?] unparseable message skipped: %s: %s\n", mssip_result_str(rc),
                   mssip_last_error());
            continue;
        }
        switch (kind) {
        case MSSIP_FRAME_NONE:
            return 0;
        case MSSIP_FRAME_MESSAGE:
            dump_message(msg, c);
            mssip_msg_free(msg);
            break;
        case MSSIP_FRAME_PING:
            c->pings++;
            printf("[~] keep-alive ping (CRLFCRLF; a host answers with CRLF)\n");
            break;
        case MSSIP_FRAME_PONG:
            c->pongs++;
            printf("[~] keep-alive pong (CRLF)\n");
            break;
        }
    }
}

int main(int argc, char **argv) {
    FILE *in = stdin;
    if (argc > 2) {
        fprintf(stderr, "usage: %s [FILE]\n", argv[0]);
        return 2;
    }
    if (argc == 2) {
        in = fopen(argv[1], "rb");
        if (in == NULL) {
            fprintf(stderr, "sipdump: %s: %s\n", argv[1], strerror(errno));
            return 1;
        }
    }

    mssip_framer *framer = NULL;
    if (mssip_framer_new(&framer) != MSSIP_OK) {
        fprintf(stderr, "sipdump: %s\n", mssip_last_error());
        return 1;
    }
    struct counts c = {0, 0, 0, 0, 0};
    int status = 0;
    /* An odd chunk size, so messages routinely straddle reads as they do on a socket. */
    uint8_t buf[700];
    size_t got;
    while (status == 0 && (got = fread(buf, 1, sizeof buf, in)) > 0) {
        if (mssip_framer_push(framer, buf, got) != MSSIP_OK) {
            status = 1; /* drain() reports it after the messages completed before it */
        }
        if (drain(framer, &c) != 0) {
            status = 1;
        }
    }
    if (ferror(in)) {
        fprintf(stderr, "sipdump: read error\n");
        status = 1;
    }
    if (status == 0) {
        if (mssip_framer_finish(framer) != MSSIP_OK) {
            printf("[!] stream ended inside a message: %s\n", mssip_last_error());
            status = 1;
        } else if (drain(framer, &c) != 0) {
            status = 1;
        }
    }
    printf("%u messages (%u invalid, %u unparseable), %u pings, %u pongs\n", c.messages,
           c.invalid, c.unparsed, c.pings, c.pongs);
    mssip_framer_free(framer);
    if (in != stdin) {
        fclose(in);
    }
    return status;
}
