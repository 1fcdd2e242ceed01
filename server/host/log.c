/* log.c — key=value log lines. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
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
            return 0;
        }
    return -1;
}

int gg_log_enabled(int level)
{
    return level <= threshold;
}

static void put_value(const char *v)
{
    if (v[0] && !strpbrk(v, " \t\"=\n")) {
        fputs(v, stderr);
        return;
    }
    fputc('"', stderr);
    for (; *v; v++) {
        if (*v == '"' || *v == '\\')
            fputc('\\', stderr);
        fputc(*v == '\n' ? ' ' : *v, stderr);
    }
    fputc('"', stderr);
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
