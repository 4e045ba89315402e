/* mssip_edge logging: one line per event on standard error, "[seconds] level: text", with the
 * seconds counted from the start of the process. What the library reports goes through its
 * logging hook (mssip_log_set) into the same lines, marked "libmssip:". */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "edge.h"

static edge_level max_level = EDGE_INFO;
static uint64_t start_ms;

static const char *const level_names[] = {"error", "warn", "info", "debug"};

static edge_level from_library(mssip_log_level level) {
    switch (level) {
    case MSSIP_LOG_ERROR:
        return EDGE_ERROR;
    case MSSIP_LOG_WARN:
        return EDGE_WARN;
    case MSSIP_LOG_INFO:
        return EDGE_INFO;
    default:
        return EDGE_DEBUG;
    }
}

static void on_library_log(mssip_log_level level, const char *message, size_t len, void *user) {
    (void)user;
    edge_log(from_library(level), "libmssip: %.*s", (int)len, message);
}

void edge_log_init(edge_level max, edge_level library) {
    max_level = max;
    start_ms = edge_now_ms();
    static const mssip_log_level to_library[] = {MSSIP_LOG_ERROR, MSSIP_LOG_WARN, MSSIP_LOG_INFO,
                                                 MSSIP_LOG_DEBUG};
    mssip_log_set(to_library[library], on_library_log, NULL);
}

void edge_log_stop(void) { mssip_log_set(MSSIP_LOG_ERROR, NULL, NULL); }

bool edge_log_on(edge_level level) { return level <= max_level; }

bool edge_level_parse(const char *text, edge_level *out) {
    for (size_t i = 0; i < sizeof level_names / sizeof level_names[0]; i++) {
        if (strcmp(text, level_names[i]) == 0) {
            *out = (edge_level)i;
            return true;
        }
    }
    return false;
}

void edge_log(edge_level level, const char *fmt, ...) {
    if (!edge_log_on(level)) {
        return;
    }
    uint64_t ms = edge_now_ms() - start_ms;
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(stderr, "[%5llu.%03llu] %s: %s\n", (unsigned long long)(ms / 1000),
            (unsigned long long)(ms % 1000), level_names[level], line);
    fflush(stderr);
}
