/* server/net/http_reader.c — see http_reader.h. */
#include "http_reader.h"

#include <limits.h>
#include <string.h>
#include <strings.h>

static const char *const header_names[GG_HH_COUNT] = {
    "host",
    "origin",
    "upgrade",
    "connection",
    "sec-websocket-key",
    "sec-websocket-version",
    "sec-websocket-protocol",
    "if-none-match",
    "accept-encoding",
};

static gg_http_reader *R(http_parser *p)
{
    return p->data;
}

/* Fails the parse with an HTTP status (the first failure wins). */
static int fail(gg_http_reader *r, int status)
{
    if (!r->status)
        r->status = status;
    return 1;
}

static int count_bytes(gg_http_reader *r, size_t n)
{
    r->header_bytes += n;
    return r->header_bytes > GG_MAX_HTTP_HEADER_BYTES ? fail(r, 431) : 0;
}

static int on_url(http_parser *p, const char *at, size_t n)
{
    gg_http_reader *r = R(p);
    if (n > GG_MAX_HTTP_URL - r->url_len)
        return fail(r, 414);
    memcpy(r->url + r->url_len, at, n);
    r->url_len += n;
    r->url[r->url_len] = 0;
    return 0;
}

static int on_field(http_parser *p, const char *at, size_t n)
{
    gg_http_reader *r = R(p);
    if (count_bytes(r, n))
        return 1;
    if (r->in_value || r->nheaders == 0) { /* a new header line starts */
        r->in_value = 0;
        r->field_len = 0;
        if (++r->nheaders > GG_MAX_HTTP_HEADERS)
            return fail(r, 431);
    }
    if (n > sizeof r->field - 1 - r->field_len) {
        r->field_len = sizeof r->field; /* longer than any name we keep */
        return 0;
    }
    if (r->field_len < sizeof r->field) {
        memcpy(r->field + r->field_len, at, n);
        r->field_len += n;
    }
    return 0;
}

static int on_value(http_parser *p, const char *at, size_t n)
{
    gg_http_reader *r = R(p);
    if (count_bytes(r, n))
        return 1;
    if (!r->in_value) { /* first piece of this value: which header is it? */
        r->in_value = 1;
        r->cur = -1;
        if (r->field_len < sizeof r->field) {
            r->field[r->field_len] = 0;
            for (int i = 0; i < GG_HH_COUNT; i++)
                if (!strcasecmp(r->field, header_names[i]))
                    r->cur = i;
        }
        if (r->cur >= 0 && r->hl[r->cur] > 0) { /* repeated: join as a list */
            if (r->hl[r->cur] + 2 > GG_HTTP_VALUE_MAX)
                return fail(r, 431);
            memcpy(r->hv[r->cur] + r->hl[r->cur], ", ", 2);
            r->hl[r->cur] += 2;
        }
    }
    if (r->cur < 0)
        return 0;
    if (n > GG_HTTP_VALUE_MAX - r->hl[r->cur])
        return fail(r, 431);
    memcpy(r->hv[r->cur] + r->hl[r->cur], at, n);
    r->hl[r->cur] += n;
    r->hv[r->cur][r->hl[r->cur]] = 0;
    return 0;
}

/* Returns -1 to fail: for this callback http_parser reads 1 and 2 as
 * "skip the body" and "upgrade". */
static int on_headers_complete(http_parser *p)
{
    gg_http_reader *r = R(p);
    int status = 0;
    if (p->http_major != 1)
        status = 505;
    else if (p->method != HTTP_GET && p->method != HTTP_HEAD)
        status = 405;
    /* No request of ours has a body. */
    else if ((p->flags & F_CHUNKED) || (p->content_length > 0 && p->content_length != ULLONG_MAX))
        status = 413;
    else if (r->url_len == 0)
        status = 400;
    if (status) {
        fail(r, status);
        return -1;
    }
    r->head_only = p->method == HTTP_HEAD;
    r->keep_alive = http_should_keep_alive(p) != 0;
    return 0;
}

static int on_message_complete(http_parser *p)
{
    gg_http_reader *r = R(p);
    r->done = 1;
    r->upgrade = p->upgrade;
    http_parser_pause(p, 1); /* one request at a time */
    return 0;
}

static const http_parser_settings settings = {
    .on_url = on_url,
    .on_header_field = on_field,
    .on_header_value = on_value,
    .on_headers_complete = on_headers_complete,
    .on_message_complete = on_message_complete,
};

static void clear_request(gg_http_reader *r)
{
    r->head_only = r->upgrade = r->keep_alive = 0;
    r->url_len = 0;
    r->url[0] = 0;
    memset(r->hl, 0, sizeof r->hl);
    for (int i = 0; i < GG_HH_COUNT; i++)
        r->hv[i][0] = 0;
    r->status = r->done = r->nheaders = r->in_value = 0;
    r->cur = -1;
    r->header_bytes = r->field_len = 0;
}

void gg_http_reader_init(gg_http_reader *r)
{
    http_parser_init(&r->p, HTTP_REQUEST);
    r->p.data = r;
    clear_request(r);
}

void gg_http_reader_next(gg_http_reader *r)
{
    clear_request(r);
    http_parser_pause(&r->p, 0);
}

size_t gg_http_reader_feed(gg_http_reader *r, const char *data, size_t len, int *state)
{
    size_t used;
    enum http_errno e;
    if (r->done) { /* the caller did not call _next: nothing more is read */
        *state = GG_HTTP_DONE;
        return 0;
    }
    used = http_parser_execute(&r->p, &settings, data, len);
    e = HTTP_PARSER_ERRNO(&r->p);
    if (r->done && (e == HPE_OK || e == HPE_PAUSED)) {
        *state = GG_HTTP_DONE;
        return used;
    }
    if (e != HPE_OK || r->status) {
        if (!r->status)
            r->status = e == HPE_HEADER_OVERFLOW ? 431 : 400;
        *state = GG_HTTP_ERROR;
        return used;
    }
    if (r->p.upgrade) { /* execute stops at an upgrade without completing */
        r->done = 1;
        r->upgrade = 1;
        *state = GG_HTTP_DONE;
        return used;
    }
    *state = GG_HTTP_MORE;
    return used;
}

const char *gg_http_reason(int status)
{
    switch (status) {
    case 101:
        return "Switching Protocols";
    case 200:
        return "OK";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 426:
        return "Upgrade Required";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Error";
    }
}
