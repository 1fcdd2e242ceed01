/* bench/server/bench_static.c — bench-static: static-file requests per second
 * through gg_net's HTTP door (the code gg-server serves the web client with:
 * request reader, path checks, ETag, file cache) beside a raw uv_tcp
 * responder that answers every request head with canned bytes of the same
 * size: the floor of libuv + loopback + this client. Both run in-process on
 * one loop thread; C client threads each hold one keep-alive connection and
 * send one request at a time for S seconds. Figures only, nothing asserted.
 *
 *   bench-static --root DIR --path /js/app.js [--conns C] [--seconds S] [--gzip]
 */
#define _GNU_SOURCE /* memmem */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#include "net.h"
#include "transport.h" /* gg_client_dial_loopback */

#define MAX_CONNS 64
#define MAX_SAMPLES 2000000

static const char *root = NULL, *path = "/index.html";
static int conns = 8, gzip_ok = 0;
static double seconds = 3;
static int port;
static atomic_int stop_flag;
static char *canned; /* raw responder's answer */
static size_t canned_len;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the raw responder ---- */

typedef struct raw_conn {
    uv_tcp_t tcp;
    char buf[8192];
    size_t len;
} raw_conn;

static void raw_alloc(uv_handle_t *h, size_t s, uv_buf_t *b)
{
    raw_conn *c = h->data;
    (void)s;
    *b = uv_buf_init(c->buf + c->len, (unsigned)(sizeof c->buf - c->len));
}

static void raw_closed(uv_handle_t *h)
{
    free(h->data);
}

static void raw_written(uv_write_t *w, int st)
{
    (void)st;
    free(w);
}

static void raw_read(uv_stream_t *s, ssize_t n, const uv_buf_t *b)
{
    raw_conn *c = s->data;
    char *end;
    (void)b;
    if (n < 0) {
        uv_close((uv_handle_t *)s, raw_closed);
        return;
    }
    c->len += (size_t)n;
    while ((end = memmem(c->buf, c->len, "\r\n\r\n", 4)) != NULL) {
        size_t used = (size_t)(end + 4 - c->buf);
        uv_write_t *w = malloc(sizeof *w);
        uv_buf_t out = uv_buf_init(canned, (unsigned)canned_len);
        uv_write(w, s, &out, 1, raw_written);
        memmove(c->buf, c->buf + used, c->len - used);
        c->len -= used;
    }
}

static void raw_conn_cb(uv_stream_t *server, int st)
{
    raw_conn *c = calloc(1, sizeof *c);
    (void)st;
    uv_tcp_init(server->loop, &c->tcp);
    c->tcp.data = c;
    if (uv_accept(server, (uv_stream_t *)&c->tcp) == 0) {
        uv_tcp_nodelay(&c->tcp, 1);
        uv_read_start((uv_stream_t *)&c->tcp, raw_alloc, raw_read);
    } else {
        uv_close((uv_handle_t *)&c->tcp, raw_closed);
    }
}

/* ---- server thread ---- */

static uv_loop_t loop;
static uv_async_t wake;
static gg_net *net;
static uv_tcp_t raw;
static int use_raw;

static void on_msg(gg_conn *c, const uint8_t *m, size_t n, void *ud)
{
    (void)c, (void)m, (void)n, (void)ud;
}

static void close_any(uv_handle_t *h, void *ud)
{
    (void)ud;
    if (!uv_is_closing(h))
        uv_close(h, NULL);
}

static void on_wake2(uv_async_t *a)
{
    if (net) {
        gg_net_close(net, NULL);
        uv_close((uv_handle_t *)a, NULL);
    } else {
        uv_walk(a->loop, close_any, NULL);
    }
}

static void *server_main(void *arg)
{
    (void)arg;
    uv_run(&loop, UV_RUN_DEFAULT);
    return NULL;
}

static int start_server(void)
{
    uv_loop_init(&loop);
    uv_async_init(&loop, &wake, on_wake2);
    net = NULL;
    if (use_raw) {
        struct sockaddr_in sa;
        int sl = sizeof sa;
        uv_ip4_addr("127.0.0.1", 0, &sa);
        uv_tcp_init(&loop, &raw);
        if (uv_tcp_bind(&raw, (const struct sockaddr *)&sa, 0) != 0 ||
            uv_listen((uv_stream_t *)&raw, 511, raw_conn_cb) != 0)
            return -1;
        uv_tcp_getsockname(&raw, (struct sockaddr *)&sa, &sl);
        port = ntohs(sa.sin_port);
    } else {
        static const gg_net_callbacks cb = {.on_message = on_msg};
        gg_net_config cfg = {.bind = "127.0.0.1", .web_root = root};
        if (gg_net_create(&loop, &cfg, &cb, NULL, &net) != 0)
            return -1;
        port = gg_net_port(net);
    }
    return 0;
}

/* ---- clients ---- */

typedef struct client {
    pthread_t th;
    long done;
    long reconnects; /* connections the server ended with "Connection: close" */
    double *lat;
    long nlat;
    int err;
} client;

/* One keep-alive connection at a time, one request in flight. The door ends a
 * connection after GG_MAX_HTTP_REQUESTS requests (its last answer says
 * "Connection: close"): the client then dials again, as a browser does, and
 * the reconnect's cost is part of the figure (counted in `reconnects`). Any
 * other close, a short answer or a status other than 200 is an error. */
static void *client_main(void *arg)
{
    client *cl = arg;
    char req[512], buf[1 << 17];
    int fd = gg_client_dial_loopback(port, 1);
    int rl = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n%s\r\n", path,
                      port, gzip_ok ? "Accept-Encoding: gzip\r\n" : "");
    if (fd < 0) {
        cl->err = 1;
        return NULL;
    }
    while (!atomic_load(&stop_flag)) {
        size_t have = 0, need = 0;
        int closing = 0;
        double t0 = now_s();
        if (fd < 0 && (fd = gg_client_dial_loopback(port, 1)) < 0) {
            cl->err = 1;
            return NULL;
        }
        if (send(fd, req, (size_t)rl, MSG_NOSIGNAL) != rl) {
            cl->err = 1;
            break;
        }
        for (;;) { /* head, then Content-Length bytes */
            ssize_t n = recv(fd, buf + have, sizeof buf - have, 0);
            char *end, *cl_h;
            if (n <= 0) {
                cl->err = 1;
                goto out;
            }
            have += (size_t)n;
            if (!need && (end = memmem(buf, have, "\r\n\r\n", 4)) != NULL) {
                size_t head = (size_t)(end - buf);
                cl_h = memmem(buf, head, "Content-Length: ", 16);
                if (!cl_h || strncmp(buf, "HTTP/1.1 200", 12) != 0) {
                    cl->err = 1;
                    goto out;
                }
                closing = memmem(buf, head, "Connection: close", 17) != NULL;
                need = head + 4 + strtoul(cl_h + 16, NULL, 10);
            }
            if (need && have >= need)
                break;
        }
        if (closing) {
            close(fd);
            fd = -1;
            cl->reconnects++;
        }
        if (cl->nlat < MAX_SAMPLES / MAX_CONNS)
            cl->lat[cl->nlat++] = now_s() - t0;
        cl->done++;
    }
out:
    if (fd >= 0)
        close(fd);
    return NULL;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void run(const char *name)
{
    pthread_t srv;
    client cl[MAX_CONNS];
    long total = 0, nl = 0, reconnects = 0;
    double t0, dt, *all = malloc(sizeof(double) * MAX_SAMPLES);
    int errs = 0;
    atomic_store(&stop_flag, 0);
    if (!all || start_server() != 0) {
        fprintf(stderr, "bench-static: cannot start the %s server\n", name);
        exit(1);
    }
    pthread_create(&srv, NULL, server_main, NULL);
    memset(cl, 0, sizeof cl);
    for (int i = 0; i < conns; i++) {
        cl[i].lat = malloc(sizeof(double) * (MAX_SAMPLES / MAX_CONNS));
        pthread_create(&cl[i].th, NULL, client_main, &cl[i]);
    }
    t0 = now_s();
    usleep((useconds_t)(seconds * 1e6));
    atomic_store(&stop_flag, 1);
    dt = now_s() - t0;
    for (int i = 0; i < conns; i++) {
        pthread_join(cl[i].th, NULL);
        total += cl[i].done;
        errs += cl[i].err;
        reconnects += cl[i].reconnects;
        memcpy(all + nl, cl[i].lat, sizeof(double) * (size_t)cl[i].nlat);
        nl += cl[i].nlat;
        free(cl[i].lat);
    }
    uv_async_send(&wake);
    pthread_join(srv, NULL);
    uv_loop_close(&loop);
    qsort(all, (size_t)nl, sizeof *all, cmp_d);
    printf("%-14s path=%s conns=%d gzip=%d  req/s=%.0f  p50_us=%.0f p99_us=%.0f  reconnects=%ld "
           "errors=%d\n",
           name, path, conns, gzip_ok, (double)total / dt, nl ? all[nl / 2] * 1e6 : 0,
           nl ? all[(long)((double)nl * 0.99)] * 1e6 : 0, reconnects, errs);
    free(all);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--root") && v)
            root = v, i++;
        else if (!strcmp(a, "--path") && v)
            path = v, i++;
        else if (!strcmp(a, "--conns") && v)
            conns = atoi(v), i++;
        else if (!strcmp(a, "--seconds") && v)
            seconds = atof(v), i++;
        else if (!strcmp(a, "--gzip"))
            gzip_ok = 1;
        else {
            printf("usage: bench-static --root DIR [--path /index.html] [--conns C (1..%d)]\n"
                   "                    [--seconds S] [--gzip]\n"
                   "Requests/s of static files through gg_net's HTTP door, then through a raw\n"
                   "uv_tcp responder sending canned bytes of the same size (same client).\n",
                   MAX_CONNS);
            return strcmp(a, "-h") && strcmp(a, "--help") ? 2 : 0;
        }
    }
    if (!root || conns < 1 || conns > MAX_CONNS) {
        fprintf(stderr, "bench-static: --root DIR is required; --conns 1..%d\n", MAX_CONNS);
        return 2;
    }
    /* What gg_net answers (measured once), replayed by the raw responder. */
    use_raw = 0;
    run("gg_net-door");
    {
        char file[4096];
        struct stat st;
        snprintf(file, sizeof file, "%s%s", root, path);
        if (stat(file, &st) != 0) {
            fprintf(stderr, "bench-static: %s: no such file\n", file);
            return 1;
        }
        canned_len = (size_t)st.st_size + 420; /* the door's headers are about this long */
        canned = malloc(canned_len + 64);
        if (!canned)
            return 1;
        int h = snprintf(canned, 64, "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n", canned_len);
        memset(canned + h, 'x', canned_len);
        canned_len += (size_t)h;
    }
    use_raw = 1;
    run("raw-uv_tcp");
    free(canned);
    return 0;
}
