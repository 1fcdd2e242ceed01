/* tests/server/test_net_harness.c — see test_net_harness.h. */
#include "test_net_harness.h"

#include "gg/errors.h"
#include "gg/limits.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CLOSES 64

struct th {
    uv_loop_t loop;
    uv_thread_t thread;
    uv_async_t stop;
    gg_net *net;
    int port;
    /* loop thread only (read by the test thread after the join) */
    int opened, closed;
    int closes[MAX_CLOSES];
    int nclose;
};

static void reply(gg_conn *c, const char *text)
{
    uint8_t buf[1024];
    size_t n = strlen(text);
    if (n > sizeof buf - 1)
        n = sizeof buf - 1;
    buf[0] = 0;
    memcpy(buf + 1, text, n);
    gg_conn_send(c, 0, buf, n + 1);
}

static void on_open(gg_conn *c, void *ud)
{
    th *t = ud;
    (void)c;
    t->opened++;
}

static void on_close(gg_conn *c, int reason, void *ud)
{
    th *t = ud;
    (void)c;
    t->closed++;
    if (t->nclose < MAX_CLOSES)
        t->closes[t->nclose++] = reason;
}

static void command(th *t, gg_conn *c, const char *cmd)
{
    char out[900];
    if (!strcmp(cmd, "join")) {
        gg_conn_set_max_message(c, GG_MAX_MESSAGE);
        reply(c, "ok");
    } else if (!strcmp(cmd, "stats")) {
        struct gg_net_stats s;
        int i, k;
        gg_net_stats(t->net, &s);
        k = snprintf(out, sizeof out,
                     "stats open=%llu total=%llu in=%llu out=%llu slow=%llu bad=%llu "
                     "writes=%llu closed=%d closes=",
                     (unsigned long long)s.conns_open, (unsigned long long)s.conns_total,
                     (unsigned long long)s.msgs_in, (unsigned long long)s.msgs_out,
                     (unsigned long long)s.dropped_slow, (unsigned long long)s.dropped_bad_frame,
                     (unsigned long long)s.tcp_writes, t->closed);
        for (i = 0; i < t->nclose && k < (int)sizeof out - 16; i++)
            k += snprintf(out + k, sizeof out - (size_t)k, "%d,", t->closes[i]);
        reply(c, out);
    } else if (!strcmp(cmd, "whoami")) {
        char name[64];
        gg_conn_peer_name(c, name, sizeof name);
        snprintf(out, sizeof out, "%s %s", gg_conn_transport(c), name);
        reply(c, out);
    } else if (!strncmp(cmd, "flood ", 6)) {
        unsigned n = 0, size = 0, i;
        uint8_t *buf;
        if (sscanf(cmd + 6, "%u %u", &n, &size) != 2 || size == 0 || size > GG_MAX_MESSAGE)
            return;
        buf = malloc(size);
        th_pattern(buf, size, 7);
        for (i = 0; i < n; i++)
            if (gg_conn_send(c, 1, buf, size) != 0)
                break;
        free(buf);
    } else if (!strcmp(cmd, "close")) {
        reply(c, "bye");
        gg_conn_close(c);
    }
}

static void on_message(gg_conn *c, const uint8_t *msg, size_t len, void *ud)
{
    if (msg[0] == 0) {
        char cmd[256];
        size_t n = len - 1 < sizeof cmd - 1 ? len - 1 : sizeof cmd - 1;
        memcpy(cmd, msg + 1, n);
        cmd[n] = '\0';
        command(ud, c, cmd);
        return;
    }
    gg_conn_send(c, 0, msg, len);
}

static void on_net_closed(void *ud)
{
    th *t = ud;
    uv_close((uv_handle_t *)&t->stop, NULL);
}

static void on_stop(uv_async_t *a)
{
    th *t = a->data;
    gg_net_close(t->net, on_net_closed);
}

static void run(void *arg)
{
    th *t = arg;
    uv_run(&t->loop, UV_RUN_DEFAULT);
}

th *th_start(void)
{
    return th_start_limited(0, NULL, 0);
}

th *th_start_limited(int max_peers, const uint8_t *refuse, size_t refuse_len)
{
    static const gg_net_callbacks cb = {
        .on_open = on_open, .on_message = on_message, .on_close = on_close};
    gg_net_config cfg = {.bind = "127.0.0.1",
                         .max_peers = max_peers,
                         .refuse_msg = refuse,
                         .refuse_len = refuse_len,
                         .max_tcp = max_peers,
                         .too_big_msg = (const uint8_t *)TH_TOO_BIG,
                         .too_big_len = sizeof TH_TOO_BIG - 1,
                         .malformed_msg = (const uint8_t *)TH_MALFORMED,
                         .malformed_len = sizeof TH_MALFORMED - 1};
    th *t = calloc(1, sizeof *t);
    int err;
    REQUIRE(t != NULL);
    REQUIRE(uv_loop_init(&t->loop) == 0);
    err = gg_net_create(&t->loop, &cfg, &cb, t, &t->net);
    if (err)
        fprintf(stderr, "gg_net_create: %s\n", uv_strerror(err));
    REQUIRE(err == 0);
    t->port = gg_net_port(t->net);
    REQUIRE(t->port > 0);
    t->stop.data = t;
    REQUIRE(uv_async_init(&t->loop, &t->stop, on_stop) == 0);
    REQUIRE(uv_thread_create(&t->thread, run, t) == 0);
    return t;
}

int th_port(const th *t)
{
    return t->port;
}

int th_stop(th *t)
{
    int opened;
    REQUIRE(uv_async_send(&t->stop) == 0);
    REQUIRE(uv_thread_join(&t->thread) == 0);
    REQUIRE_EQ(uv_loop_close(&t->loop), 0); /* every handle was closed */
    REQUIRE_EQ(t->closed, t->opened);       /* exactly one on_close each */
    opened = t->opened;
    free(t);
    return opened;
}

gg_client *th_client(th *t, int use_tcp)
{
    gg_client *c = NULL;
    int err = gg_client_create("127.0.0.1", t->port, use_tcp, TH_WAIT_MS, &c);
    REQUIRE_EQ(err, 0);
    return c;
}

void th_cmd(gg_client *c, const char *text, char *out, size_t cap)
{
    uint8_t buf[GG_MAX_MESSAGE];
    size_t n = strlen(text), len = 0;
    int r;
    REQUIRE(n + 1 <= sizeof buf);
    buf[0] = 0;
    memcpy(buf + 1, text, n);
    REQUIRE_EQ(gg_client_send(c, 0, buf, n + 1), 0);
    r = gg_client_recv(c, TH_WAIT_MS, buf, sizeof buf, &len);
    REQUIRE_EQ(r, 1);
    REQUIRE(len >= 1 && buf[0] == 0);
    n = len - 1 < cap - 1 ? len - 1 : cap - 1;
    memcpy(out, buf + 1, n);
    out[n] = '\0';
}

unsigned long long th_stat(const char *reply_text, const char *name)
{
    char key[32];
    const char *p;
    snprintf(key, sizeof key, " %s=", name);
    p = strstr(reply_text, key);
    return p ? strtoull(p + strlen(key), NULL, 10) : ~0ULL;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void th_wait_stat(gg_client *c, const char *name, unsigned long long want, char *out, size_t cap)
{
    long long deadline = now_ms() + TH_WAIT_MS;
    for (;;) {
        unsigned long long v;
        th_cmd(c, "stats", out, cap);
        v = th_stat(out, name);
        if (v != ~0ULL && v >= want)
            return;
        if (now_ms() > deadline) {
            fprintf(stderr, "timed out waiting for %s >= %llu: %s\n", name, want, out);
            exit(1);
        }
        /* Polling interval only; the condition above decides. */
        nanosleep(&(struct timespec){0, 2000000}, NULL);
    }
}

void th_pattern(uint8_t *buf, size_t len, unsigned seed)
{
    size_t i;
    uint32_t x = seed * 2654435761u + 1;
    for (i = 0; i < len; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (uint8_t)(x >> 16);
    }
    if (len > 0 && buf[0] == 0)
        buf[0] = 1; /* never a command */
}

int th_raw_connect(th *t, int rcvbuf)
{
    struct sockaddr_in sa;
    int one = 1;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    if (rcvbuf > 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)t->port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0);
    return fd;
}

void th_raw_write(int fd, const void *buf, size_t n)
{
    const uint8_t *p = buf;
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        REQUIRE(w > 0);
        p += w;
        n -= (size_t)w;
    }
}

void th_raw_frame(int fd, const void *msg, uint32_t len)
{
    uint8_t h[4] = {(uint8_t)(len >> 24), (uint8_t)(len >> 16), (uint8_t)(len >> 8), (uint8_t)len};
    th_raw_write(fd, h, 4);
    if (msg)
        th_raw_write(fd, msg, len);
}

void th_raw_read(int fd, void *buf, size_t n)
{
    uint8_t *p = buf;
    while (n > 0) {
        struct pollfd pfd = {fd, POLLIN, 0};
        ssize_t r;
        REQUIRE(poll(&pfd, 1, TH_WAIT_MS) == 1);
        r = recv(fd, p, n, 0);
        REQUIRE(r > 0);
        p += r;
        n -= (size_t)r;
    }
}

int th_raw_wait_closed(int fd)
{
    long long deadline = now_ms() + TH_WAIT_MS;
    char buf[65536];
    for (;;) {
        struct pollfd pfd = {fd, POLLIN, 0};
        long long left = deadline - now_ms();
        ssize_t r;
        if (left <= 0 || poll(&pfd, 1, (int)left) != 1)
            return 0;
        r = recv(fd, buf, sizeof buf, 0);
        if (r == 0 || (r < 0 && errno == ECONNRESET))
            return 1;
        if (r < 0 && errno != EINTR && errno != EAGAIN)
            return 1;
    }
}
