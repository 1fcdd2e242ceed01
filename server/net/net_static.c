/* server/net/net_static.c — the web client's files under the web root.
 *
 * Contract: GET/HEAD only (the reader refuses the rest). The path is
 * percent-decoded and must stay inside the web root: a segment "..", "." or
 * starting with "." (hidden files), a backslash or NUL, or a file whose
 * real path (symlinks resolved) is outside the root's real path is 404.
 * Directories are never listed: "/" and "dir/" serve their index.html, a
 * directory without one is 404. A missing path whose last segment has no
 * extension (/join/K7Q2-MX4P, /watch/CODE, /teacher, /debrief/12,
 * /briefing/china) serves /index.html: the client routes it. Every response
 * carries an ETag (size and mtime) and Cache-Control: no-cache, so browsers
 * revalidate and get 304; compressible types of GG__GZIP_MIN bytes or more
 * are sent gzipped to clients that accept it when that saves a tenth.
 * Files are read synchronously on the loop (they are small and local) and
 * kept in a small cache, checked against size and mtime on every request.
 * A request for a path served before costs one stat(): when the root's real
 * path (resolved once) + the request path is still the same file (device,
 * inode, size, mtime) the cached entry is served without resolving symlinks
 * again; anything else (a new file, a changed symlink, a path seen for the
 * first time) takes the full check above.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "net_http.h"

#include "gg/limits.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define GG__GZIP_MIN 1024
#define GG__CACHE_SLOTS 64
#define GG__MAX_FILE (4u << 20) /* larger files are refused (500): the client is small */

typedef struct cached {
    char path[PATH_MAX];
    off_t size;
    struct timespec mtime;
    uint8_t *data, *gz; /* gz NULL when gzip does not pay */
    size_t gzlen;
    uint64_t used; /* request counter when last served, for eviction */
    char rel[256]; /* a request path that resolved to this file ("" if none fits) */
    dev_t dev;
    ino_t ino;
} cached;

struct gg__static {
    cached slot[GG__CACHE_SLOTS];
    uint64_t tick;
    char root[PATH_MAX]; /* the web root's real path, resolved once ("" until then) */
};

static const struct {
    const char *ext, *type;
    int gzip;
} types[] = {
    {"html", "text/html; charset=utf-8", 1},
    {"js", "text/javascript; charset=utf-8", 1},
    {"mjs", "text/javascript; charset=utf-8", 1},
    {"css", "text/css; charset=utf-8", 1},
    {"json", "application/json", 1},
    {"map", "application/json", 1},
    {"webmanifest", "application/manifest+json", 1},
    {"svg", "image/svg+xml", 1},
    {"txt", "text/plain; charset=utf-8", 1},
    {"md", "text/markdown; charset=utf-8", 1},
    {"png", "image/png", 0},
    {"jpg", "image/jpeg", 0},
    {"jpeg", "image/jpeg", 0},
    {"gif", "image/gif", 0},
    {"webp", "image/webp", 0},
    {"ico", "image/x-icon", 0},
    {"woff2", "font/woff2", 0},
    {"woff", "font/woff", 0},
    {"ttf", "font/ttf", 1},
    {"wasm", "application/wasm", 1},
};

static const char *type_of(const char *path, int *gzip)
{
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    *gzip = 0;
    if (dot && (!slash || dot > slash))
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (!strcasecmp(dot + 1, types[i].ext)) {
                *gzip = types[i].gzip;
                return types[i].type;
            }
    return "application/octet-stream";
}

static int hexv(int ch)
{
    return ch >= '0' && ch <= '9'   ? ch - '0'
           : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
           : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                    : -1;
}

/* Percent-decodes `in` into out[cap] and checks every segment. Returns 0, or
 * -1 for a path that may not be served. */
static int clean_path(const char *in, char *out, size_t cap)
{
    size_t o = 0;
    const char *seg;
    if (in[0] != '/')
        return -1;
    for (size_t i = 0; in[i]; i++) {
        int ch = (unsigned char)in[i];
        if (ch == '%') {
            int hi = hexv(in[i + 1]), lo = hi < 0 ? -1 : hexv(in[i + 2]);
            if (hi < 0 || lo < 0)
                return -1;
            ch = hi << 4 | lo;
            i += 2;
        }
        if (ch == 0 || ch == '\\' || o + 1 >= cap)
            return -1;
        out[o++] = (char)ch;
    }
    out[o] = 0;
    for (seg = out; seg; seg = strchr(seg + 1, '/')) {
        const char *s = seg + 1; /* after a '/' */
        if (s[0] == '.' || s[0] == '/')
            return -1; /* ".", "..", hidden files, "//" */
    }
    return 0;
}

/* The real path of rroot (the root's real path) + rel if it is a regular file (or, for a directory,
 * its index.html) inside the root. Fills *st. Returns 0; -1 when nothing is
 * there; -2 when something is there that is not served (a directory without
 * index.html, a special file, a symlink leading out of the root). */
static int resolve(const char *rroot, const char *rel, char *real, struct stat *st)
{
    char joined[PATH_MAX];
    size_t rl;
    if (snprintf(joined, sizeof joined, "%s%s", rroot, rel) >= (int)sizeof joined)
        return -1;
    if (!realpath(joined, real))
        return errno == ENOENT || errno == ENOTDIR ? -1 : -2;
    rl = strlen(rroot);
    if (strncmp(real, rroot, rl) != 0 || (real[rl] != '/' && real[rl] != 0))
        return -2;
    if (stat(real, st) != 0)
        return -2;
    if (S_ISDIR(st->st_mode)) {
        size_t n = strlen(real);
        if (n + sizeof "/index.html" > PATH_MAX)
            return -2;
        memcpy(real + n, "/index.html", sizeof "/index.html");
        if (stat(real, st) != 0)
            return -2;
    }
    return S_ISREG(st->st_mode) ? 0 : -2;
}

static uint8_t *gzip_of(const uint8_t *p, size_t n, size_t *out_len)
{
    z_stream z;
    uLong cap = compressBound((uLong)n) + 32;
    uint8_t *out = malloc(cap);
    if (!out)
        return NULL;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        free(out);
        return NULL;
    }
    z.next_in = (Bytef *)(uintptr_t)p;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    if (deflate(&z, Z_FINISH) != Z_STREAM_END || z.total_out >= n - n / 10) {
        deflateEnd(&z);
        free(out);
        return NULL; /* does not pay */
    }
    *out_len = z.total_out;
    deflateEnd(&z);
    return out;
}

void gg__static_free(gg_net *n)
{
    if (!n->statics)
        return;
    for (int i = 0; i < GG__CACHE_SLOTS; i++) {
        free(n->statics->slot[i].data);
        free(n->statics->slot[i].gz);
    }
    free(n->statics);
    n->statics = NULL;
}

static void drop(cached *e)
{
    free(e->data);
    free(e->gz);
    memset(e, 0, sizeof *e);
}

/* The cached contents of `real` (read now if absent or changed), or NULL. */
static cached *load(struct gg__static *sc, const char *real, const struct stat *st, int gzip)
{
    cached *cache = sc->slot, *e = NULL, *victim = &cache[0];
    int fd;
    size_t got = 0;
    for (int i = 0; i < GG__CACHE_SLOTS; i++) {
        if (cache[i].data && !strcmp(cache[i].path, real))
            e = &cache[i];
        if (cache[i].used < victim->used)
            victim = &cache[i];
    }
    if (e && e->size == st->st_size && e->mtime.tv_sec == st->st_mtim.tv_sec &&
        e->mtime.tv_nsec == st->st_mtim.tv_nsec) {
        e->used = ++sc->tick;
        return e;
    }
    if (!e)
        e = victim;
    drop(e);
    if ((size_t)st->st_size > GG__MAX_FILE || strlen(real) >= sizeof e->path)
        return NULL;
    e->data = malloc((size_t)st->st_size + 1);
    fd = open(real, O_RDONLY | O_CLOEXEC);
    if (!e->data || fd < 0) {
        if (fd >= 0)
            close(fd);
        drop(e);
        return NULL;
    }
    while (got < (size_t)st->st_size) {
        ssize_t r = read(fd, e->data + got, (size_t)st->st_size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    if (got != (size_t)st->st_size) {
        drop(e);
        return NULL;
    }
    strcpy(e->path, real);
    e->size = st->st_size;
    e->mtime = st->st_mtim;
    e->used = ++sc->tick;
    if (gzip && got >= GG__GZIP_MIN)
        e->gz = gzip_of(e->data, got, &e->gzlen);
    return e;
}

/* 1 if If-None-Match lists the ETag (or is "*"). */
static int etag_matches(const char *inm, const char *etag)
{
    size_t el = strlen(etag);
    const char *p = inm;
    if (!strcmp(inm, "*"))
        return 1;
    while ((p = strstr(p, etag)) != NULL) {
        char after = p[el];
        if (after == 0 || after == ',' || after == ' ')
            return 1;
        p += el;
    }
    return 0;
}

/* The cached entry a request path resolved to before, if root + rel is
 * still that same regular file (one stat, symlinks followed by the kernel:
 * a changed link leads to another inode and misses). */
static cached *fast_hit(struct gg__static *sc, const char *rel, struct stat *st)
{
    char joined[PATH_MAX];
    if (strlen(rel) >= sizeof sc->slot[0].rel ||
        snprintf(joined, sizeof joined, "%s%s", sc->root, rel) >= (int)sizeof joined)
        return NULL;
    for (int i = 0; i < GG__CACHE_SLOTS; i++) {
        cached *e = &sc->slot[i];
        if (!e->data || strcmp(e->rel, rel) != 0)
            continue;
        if (stat(joined, st) != 0 || !S_ISREG(st->st_mode) || st->st_dev != e->dev ||
            st->st_ino != e->ino || st->st_size != e->size ||
            st->st_mtim.tv_sec != e->mtime.tv_sec || st->st_mtim.tv_nsec != e->mtime.tv_nsec)
            return NULL;
        e->used = ++sc->tick;
        return e;
    }
    return NULL;
}

/* The CSP: everything from this origin only, no inline or evaluated script,
 * no <style> elements; the WebSocket back to the host the page came from
 * (named, for browsers whose 'self' excludes ws:). No inline style either:
 * style="" attributes are refused (style-src covers them); the client sets
 * computed styles (bar widths) through the CSSOM (element.style), which CSP
 * does not restrict. */
static void csp(char *out, size_t n, const char *host)
{
    int ok = host[0] != 0;
    for (const char *p = host; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr(".-:[]", *p))
            ok = 0;
    snprintf(out, n,
             "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; "
             "img-src 'self' data:; font-src 'self'; connect-src 'self'%s%s%s%s; "
             "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'\r\n",
             ok ? " ws://" : "", ok ? host : "", ok ? " wss://" : "", ok ? host : "");
}

void gg__static_serve(gg_conn *c, const gg_http_reader *r, const char *path, int close_after)
{
    gg_net *n = c->net;
    char rel[GG_MAX_HTTP_URL + 1], real[PATH_MAX], etag[64], headers[2048], policy[1024];
    const char *ctype, *last;
    struct stat st;
    cached *e;
    struct gg__static *sc;
    int gzip, use_gz, found = 0, fallback = 0;
    if (!n->web_root || clean_path(path, rel, sizeof rel) != 0) {
        gg__http_respond(c, 404, NULL, "text/plain; charset=utf-8", "404 Not Found\n", 14,
                         r->head_only, close_after);
        return;
    }
    if (!n->statics)
        n->statics = calloc(1, sizeof *n->statics);
    if (!n->statics) {
        gg__http_respond(c, 500, NULL, "text/plain; charset=utf-8", "500 out of memory\n", 18,
                         r->head_only, 1);
        return;
    }
    sc = n->statics;
    if (!sc->root[0] && !realpath(n->web_root, sc->root))
        sc->root[0] = 0; /* no root (yet): every request is 404 until it exists */
    if (sc->root[0] && (e = fast_hit(sc, rel, &st)) != NULL) {
        ctype = type_of(e->path, &gzip);
    } else {
        if (!sc->root[0] || (found = resolve(sc->root, rel, real, &st)) != 0) {
            /* SPA fallback: missing extension-less paths are the client's routes */
            last = strrchr(rel, '/');
            if (!sc->root[0] || found == -2 || strchr(last ? last : rel, '.') ||
                resolve(sc->root, "/index.html", real, &st) != 0) {
                gg__http_respond(c, 404, NULL, "text/plain; charset=utf-8", "404 Not Found\n", 14,
                                 r->head_only, close_after);
                return;
            }
            fallback = 1;
        }
        ctype = type_of(real, &gzip);
        e = load(sc, real, &st, gzip);
        if (!e) {
            gg__http_respond(c, 500, NULL, "text/plain; charset=utf-8",
                             "500 the file cannot be read\n", 28, r->head_only, 1);
            return;
        }
        /* Remember the request path only where it names the file itself
         * (not an SPA fallback: /join/CODE paths are many). */
        e->dev = st.st_dev;
        e->ino = st.st_ino;
        if (!fallback && strlen(rel) < sizeof e->rel)
            strcpy(e->rel, rel);
    }
    snprintf(etag, sizeof etag, "\"%llx-%llx%09lx\"", (unsigned long long)e->size,
             (unsigned long long)e->mtime.tv_sec, (unsigned long)e->mtime.tv_nsec);
    use_gz = e->gz && strstr(r->hv[GG_HH_ACCEPT_ENCODING], "gzip") != NULL;
    csp(policy, sizeof policy, r->hv[GG_HH_HOST]);
    snprintf(headers, sizeof headers,
             "ETag: %s\r\nCache-Control: no-cache\r\n%s%s"
             "Referrer-Policy: no-referrer\r\nX-Frame-Options: DENY\r\n%s",
             etag, e->gz ? "Vary: Accept-Encoding\r\n" : "",
             use_gz ? "Content-Encoding: gzip\r\n" : "", policy);
    if (r->hl[GG_HH_IF_NONE_MATCH] && etag_matches(r->hv[GG_HH_IF_NONE_MATCH], etag)) {
        /* no body; Content-Length is the one a 200 would have */
        gg__http_respond(c, 304, headers, NULL, NULL, use_gz ? e->gzlen : (size_t)e->size, 1,
                         close_after);
        return;
    }
    gg__http_respond(c, 200, headers, ctype, use_gz ? e->gz : e->data,
                     use_gz ? e->gzlen : (size_t)e->size, r->head_only, close_after);
}
