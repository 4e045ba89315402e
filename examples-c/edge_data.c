/* mssip_edge: the --data folder (DESIGN.md "The example edge proxy"). A user exists when
 * DIR/users/<user>/ is a folder; without --data every user of the domain exists. The
 * preamble, voice mail, phone and dnd files of a user's folder are read by the call router
 * (edge_routing.c); profile and DIR/profiles/ the dial plan (edge_dialplan.c); DIR/e911/<tag>
 * the E911 notification policies (edge_around.c). */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "edge.h"

bool edge_data_open(edge_data *data, const char *dir) {
    data->dir = dir;
    if (dir == NULL) {
        return true;
    }
    char path[4096];
    struct stat st;
    int n = snprintf(path, sizeof path, "%s/users", dir);
    if (n < 0 || (size_t)n >= sizeof path || stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        edge_log(EDGE_ERROR, "--data %s: no users/ folder in it", dir);
        return false;
    }
    return true;
}

/* A user part names a folder only when it cannot walk out of users/: no '/', no NUL, not
 * "." or "..", not empty, and no longer than a file name. */
static bool safe_name(const char *user, size_t len) {
    if (len == 0 || len > 255 || (len == 1 && user[0] == '.') ||
        (len == 2 && user[0] == '.' && user[1] == '.')) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if (user[i] == '/' || user[i] == '\0') {
            return false;
        }
    }
    return true;
}

bool edge_data_user_exists(const edge_data *data, const char *user, size_t len) {
    if (!safe_name(user, len)) {
        return false;
    }
    if (data->dir == NULL) {
        return true;
    }
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/users/%.*s", data->dir, (int)len, user);
    if (n < 0 || (size_t)n >= sizeof path) {
        return false;
    }
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}
