/* A program outside this tree using the installed library: parses a message, reads a
 * header, derives the +sip.instance of an epid, and prints the library version. */
#include <stdio.h>
#include <string.h>

#include <mssip.h>

int main(void) {
    const char text[] = "OPTIONS sip:bob@contoso.com SIP/2.0\r\n"
                        "Via: SIP/2.0/TLS 192.0.2.1;branch=z9hG4bK1\r\n"
                        "Content-Length: 0\r\n\r\n";
    mssip_msg *msg = NULL;
    if (mssip_msg_parse((const uint8_t *)text, strlen(text), &msg) != MSSIP_OK) {
        fprintf(stderr, "parse: %s\n", mssip_last_error());
        return 1;
    }
    mssip_str via;
    mssip_result rc = mssip_msg_header(msg, "v", 0, &via);
    mssip_msg_free(msg);
    if (rc != MSSIP_OK) {
        return 1;
    }
    char instance[64];
    size_t len = 0;
    if (mssip_epid_to_instance("01010101", instance, sizeof instance, &len) != MSSIP_OK ||
        strcmp(instance, "urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697") != 0) {
        return 1;
    }
    printf("mssip %s ok\n", mssip_version());
    return 0;
}
