/* The entry points and types DESIGN.md fixes by name and shape: each function is assigned to
 * a pointer of exactly the documented type, so any drift in mssip.h fails to compile
 * (-Werror turns incompatible pointer types into errors). The values of the public enums
 * are checked too, since C callers compile them in. */
#include <stddef.h>
#include <stdint.h>

#include "check.h"

int main(void) {
    const char *(*version)(void) = mssip_version;
    const char *(*result_str)(mssip_result) = mssip_result_str;
    mssip_result (*parse)(const uint8_t *, size_t, mssip_msg **) = mssip_msg_parse;
    void (*msg_free)(mssip_msg *) = mssip_msg_free;
    mssip_result (*serialize)(const mssip_msg *, uint8_t *, size_t, size_t *) =
        mssip_msg_serialize;
    mssip_result (*header)(const mssip_msg *, const char *, size_t, mssip_str *) =
        mssip_msg_header;
    mssip_result (*validate)(const mssip_msg *, uint16_t *, mssip_str *) = mssip_msg_validate;
    mssip_result (*epid_to_instance)(const char *, char *, size_t, size_t *) =
        mssip_epid_to_instance;
    mssip_result (*gruu_for_instance)(const char *, const char *, char *, size_t, size_t *) =
        mssip_gruu_for_instance;
    const char *(*last_error)(void) = mssip_last_error;
    CHECK(version != NULL && result_str != NULL && parse != NULL && msg_free != NULL);
    CHECK(serialize != NULL && header != NULL && validate != NULL && last_error != NULL);
    CHECK(epid_to_instance != NULL && gruu_for_instance != NULL);

    /* mssip_str, mssip_peer and the enums exactly as DESIGN.md shows them; the tagged
     * names work as well as the typedefs. */
    struct mssip_str view = {"x", 1};
    CHECK(view.len == 1 && view.ptr[0] == 'x');
    struct mssip_peer peer = {MSSIP_TRANSPORT_TLS, "192.0.2.1", 5061, 42};
    mssip_peer copy = peer;
    CHECK(copy.transport == MSSIP_TRANSPORT_TLS && copy.port == 5061 && copy.conn_id == 42);
    CHECK(strcmp(copy.ip, "192.0.2.1") == 0);
    CHECK(offsetof(mssip_peer, transport) == 0);
    CHECK(MSSIP_TRANSPORT_UDP == 0 && MSSIP_TRANSPORT_TCP == 1 && MSSIP_TRANSPORT_TLS == 2);
    enum mssip_nat_verdict verdict = MSSIP_NAT_DISCARD;
    CHECK(MSSIP_NAT_FORWARD == 0 && MSSIP_NAT_REJECT == 1 && verdict == 2);

    /* Result numbers are stable: these values are part of the ABI. */
    CHECK(MSSIP_OK == 0);
    CHECK(MSSIP_E_NULL == 1 && MSSIP_E_PANIC == 2 && MSSIP_E_UNUSABLE == 3);
    CHECK(MSSIP_E_INVALID_ARGUMENT == 4 && MSSIP_E_BUFFER_TOO_SMALL == 5);
    CHECK(MSSIP_E_NOT_FOUND == 6 && MSSIP_E_UTF8 == 7);
    CHECK(MSSIP_E_EMPTY == 101 && MSSIP_E_INCOMPLETE == 102 && MSSIP_E_LIMIT == 103);
    CHECK(MSSIP_E_BAD_START_LINE == 104 && MSSIP_E_BAD_HEADER == 108);
    CHECK(MSSIP_E_WRONG_KIND == 112 && MSSIP_E_FRAMING == 200);
    CHECK(MSSIP_E_XML_SYNTAX == 700 && MSSIP_E_XML_ENCODING == 701 &&
          MSSIP_E_XML_NAMESPACE == 702 && MSSIP_E_XML_DOCTYPE == 703 &&
          MSSIP_E_XML_UNEXPECTED == 704);
    CHECK(MSSIP_FRAME_NONE == 0 && MSSIP_FRAME_MESSAGE == 1 && MSSIP_FRAME_PING == 2 &&
          MSSIP_FRAME_PONG == 3);
    CHECK(MSSIP_LOG_ERROR == 1 && MSSIP_LOG_WARN == 2 && MSSIP_LOG_INFO == 3 &&
          MSSIP_LOG_DEBUG == 4);

    /* Caller-filled structs that grow start with their size; pinned ones do not. */
    CHECK(offsetof(mssip_limits, struct_size) == 0);
    CHECK(offsetof(mssip_validate_options, struct_size) == 0);
    mssip_bytes bytes = {(const uint8_t *)"ab", 2};
    CHECK(bytes.len == 2 && bytes.ptr[1] == 'b');
#if !defined(MSSIP_VERSION_MAJOR) || !defined(MSSIP_VERSION_MINOR) || !defined(MSSIP_VERSION_PATCH)
#error "mssip.h defines MSSIP_VERSION_MAJOR, _MINOR and _PATCH"
#endif
    return check_done("test_abi");
}
