/* The usage example of the README: parse, validate, read a header, answer, derive an
 * instance. Built and run by ctest so that the example keeps compiling and working. */
#include <stdio.h>
#include <string.h>
#include <mssip.h>

int main(void) {
    const char raw[] = "OPTIONS sip:bob@contoso.com SIP/2.0\r\n"
                       "Via: SIP/2.0/TLS 192.0.2.1:5061;branch=z9hG4bK1\r\n"
                       "From: <sip:alice@contoso.com>;tag=1;epid=01010101\r\n"
                       "To: <sip:bob@contoso.com>\r\n"
                       "Call-ID: c1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n"
                       "Content-Length: 0\r\n\r\n";
    mssip_msg *msg = NULL;
    if (mssip_msg_parse((const uint8_t *)raw, strlen(raw), &msg) != MSSIP_OK) {
        fprintf(stderr, "parse error: %s\n", mssip_last_error());
        return 1;
    }
    uint16_t status;
    mssip_str reason, via;
    mssip_msg_validate(msg, &status, &reason);          /* status 0: valid */
    mssip_msg_header(msg, "Via", 0, &via);               /* borrowed view */
    printf("status %u, top Via: %.*s\n", status, (int)via.len, via.ptr);

    mssip_msg *resp = NULL;                              /* 200 OK with a To tag */
    mssip_msg_new_response(msg, 200, NULL, "8321234356", &resp);
    char wire[1024];
    size_t len;
    if (mssip_msg_serialize(resp, (uint8_t *)wire, sizeof wire, &len) == MSSIP_OK)
        fwrite(wire, 1, len, stdout);

    char instance[64];                                   /* +sip.instance of the epid */
    mssip_epid_to_instance("01010101", instance, sizeof instance, &len);
    printf("%s\n", instance);
    mssip_msg_free(resp);
    mssip_msg_free(msg);
    return 0;
}
