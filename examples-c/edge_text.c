/* mssip_edge: comparing and copying the borrowed text views (mssip_str) the library hands
 * out. */
#include <string.h>
#include <strings.h>

#include "edge.h"

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
