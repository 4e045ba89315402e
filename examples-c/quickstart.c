/* The usage example of the README: parse, validate, read typed fields, answer, derive an
 * instance. Built and run by ctest so that the example keeps compiling and working. */
#include <stdio.h>
#include <string.h>
#include <mssip.h>

/* Prints what failed and why, and gives the exit status. */
static int fail(const char *what, mssip_result rc) {
    fprintf(stderr, "%s: %s (%s)\n", what, mssip_result_str(rc), mssip_last_error());
    return 1;
}

int main(void) {
    const char raw[] = "OPTIONS sip:bob@contoso.com SIP/2.0\r\n"
                       "Via: SIP/2.0/TLS 192.0.2.1:5061;branch=z9hG4bK1;rport\r\n"
                       "From: \"Alice\" <sip:alice@contoso.com>;tag=1;epid=01010101\r\n"
                       "To: <sip:bob@contoso.com>\r\n"
                       "Call-ID: c1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n"
                       "Content-Length: 0\r\n\r\n";
    mssip_msg *msg = NULL;
    mssip_result rc = mssip_msg_parse((const uint8_t *)raw, strlen(raw), &msg);
    if (rc != MSSIP_OK)
        return fail("parse", rc);

    uint16_t status;
    mssip_str reason;
    if ((rc = mssip_msg_validate(msg, &status, &reason)) != MSSIP_OK)
        return fail("validate", rc);                     /* status 0: valid */

    mssip_via via;                                       /* typed views borrow from msg */
    mssip_name_addr from;
    mssip_str epid, method;
    uint32_t seq, max_forwards;
    if ((rc = mssip_msg_via(msg, 0, &via)) != MSSIP_OK ||
        (rc = mssip_msg_name_addr(msg, "From", 0, &from)) != MSSIP_OK ||
        (rc = mssip_msg_header_param(msg, "From", 0, "epid", &epid)) != MSSIP_OK ||
        (rc = mssip_msg_cseq(msg, &seq, &method)) != MSSIP_OK ||
        (rc = mssip_msg_max_forwards(msg, &max_forwards)) != MSSIP_OK)
        return fail("read", rc);
    printf("status %u; top Via %.*s:%u branch %.*s%s\n", status, (int)via.host.len,
           via.host.ptr, via.port, (int)via.branch.len, via.branch.ptr,
           via.rport.ptr ? " (rport asked)" : "");
    printf("From %.*s@%.*s tag %.*s epid %.*s; CSeq %u %.*s; Max-Forwards %u\n",
           (int)from.uri.user.len, from.uri.user.ptr, (int)from.uri.host.len,
           from.uri.host.ptr, (int)from.tag.len, from.tag.ptr, (int)epid.len, epid.ptr,
           seq, (int)method.len, method.ptr, max_forwards);

    mssip_msg *resp = NULL;                              /* 200 OK with a To tag */
    if ((rc = mssip_msg_new_response(msg, 200, NULL, "8321234356", &resp)) != MSSIP_OK)
        return fail("response", rc);
    char wire[1024];
    size_t len;
    if ((rc = mssip_msg_serialize(resp, (uint8_t *)wire, sizeof wire, &len)) != MSSIP_OK)
        return fail("serialize", rc);
    fwrite(wire, 1, len, stdout);

    char instance[64];                                   /* +sip.instance of the epid */
    if ((rc = mssip_epid_to_instance("01010101", instance, sizeof instance, &len)) != MSSIP_OK)
        return fail("instance", rc);
    printf("%s\n", instance);
    mssip_msg_free(resp);
    mssip_msg_free(msg);
    return 0;
}
