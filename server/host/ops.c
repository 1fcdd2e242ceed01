/* ops.c — gg-server's operations endpoints, answered through gg_net's
 * on_http hook: /healthz (ready and journal writable) and /metrics
 * (Prometheus text exposition format, gg_* names with units). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host.h"

/* A growing text buffer; on allocation failure it stops growing and the
 * reply is an error. */
typedef struct obuf {
    char *p;
    size_t len, cap;
    int failed;
} obuf;

static void out(obuf *b, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0 || b->failed) {
            b->failed = 1;
            return;
        }
        if (b->p && (size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap ? b->cap * 2 : 16384;
        while (cap - b->len <= (size_t)n)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np) {
            b->failed = 1;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
}

/* The journal is writable: no commit has failed and the data directory
 * accepts a new file. */
static int journal_writable(host *h, const char **why)
{
    if (!h->store) {
        *why = "no journal (--no-journal)";
        return 1;
    }
    if (h->storage_failed) {
        *why = "a journal commit failed (disk full or read-only?)";
        return 0;
    }
    if (access(h->cfg.data_dir, W_OK) != 0) {
        *why = "the data directory is not writable";
        return 0;
    }
    *why = "journal writable";
    return 1;
}

static int healthz(host *h, gg_net_http_reply *r)
{
    obuf b = {0};
    const char *why;
    int ok = journal_writable(h, &why) && !h->closing;
    out(&b, "%s\n%s\ngames %d\n", ok ? "ok" : "failing", h->closing ? "shutting down" : why,
        h->ngames);
    if (b.failed) {
        free(b.p);
        return -1;
    }
    r->status = ok ? 200 : 503;
    r->content_type = "text/plain; charset=utf-8";
    r->body = b.p;
    r->len = b.len;
    return 0;
}

int gg__host_http(const char *path, gg_net_http_reply *r, void *ud)
{
    host *h = ud;
    if (!strcmp(path, "/healthz"))
        return healthz(h, r);
    if (!strcmp(path, "/metrics"))
        return gg__host_metrics_text(h, r);
    return -1;
}
