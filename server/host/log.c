/* log.c — key=value log lines. */
#include "log.h"

#include "gg/errors.h"
#include "gg/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static int threshold = GG_LOG_INFO; /* process-wide: set once from the command line */
static const char *const names[] = {"error", "warn", "info", "debug"};

int gg_log_set_level(const char *name)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(name, names[i]) == 0) {
            threshold = i;
            return GG_OK;
        }
    return GG_EBAD_OPTION;
}

int gg_log_enabled(int level)
{
    return level <= threshold;
}

size_t gg_log_value(char *dst, size_t cap, const char *v)
{
    int plain = v[0] != '\0';
    for (const unsigned char *p = (const unsigned char *)v; *p && plain; p++)
        plain = *p > 0x20 && *p != 0x7f && *p != '"' && *p != '=' && *p != '\\';
    if (plain)
        return (size_t)snprintf(dst, cap, "%s", v);
    size_t n = cap > 1 ? gg_escape_value(dst + 1, cap - 1, v) : gg_escape_value(NULL, 0, v);
    if (cap > 0)
        dst[0] = '"';
    if (n + 2 < cap) {
        dst[n + 1] = '"';
        dst[n + 2] = '\0';
    } else if (cap > 0) {
        dst[cap - 1] = '\0';
    }
    return n + 2;
}

static void put_value(const char *v)
{
    char buf[1024];
    size_t n = gg_log_value(buf, sizeof buf, v);
    if (n < sizeof buf) {
        fputs(buf, stderr);
        return;
    }
    char *big = malloc(n + 1);
    if (big) {
        gg_log_value(big, n + 1, v);
        fputs(big, stderr);
        free(big);
    } else { /* out of memory: the cut value, still one escaped line */
        fputs(buf, stderr);
    }
}

void gg_log(int level, const char *event, ...)
{
    if (!gg_log_enabled(level))
        return;
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    gmtime_r(&tv.tv_sec, &tm);
    char ts[32];
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
    fprintf(stderr, "ts=%s.%03dZ level=%s event=%s", ts, (int)(tv.tv_usec / 1000), names[level],
            event);
    va_list ap;
    va_start(ap, event);
    for (;;) {
        const char *k = va_arg(ap, const char *);
        if (!k)
            break;
        const char *v = va_arg(ap, const char *);
        fprintf(stderr, " %s=", k);
        put_value(v ? v : "");
    }
    va_end(ap);
    fputc('\n', stderr);
}
