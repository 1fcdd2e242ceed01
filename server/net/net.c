/* server/net/net.c — gg_net lifecycle, the shared loop handles (ENet poll,
 * service timer, flush check), the TCP listeners, connection bookkeeping and
 * the public gg_conn_* API. The ENet, TCP, HTTP and WebSocket specifics live
 * in net_enet.c, net_tcp.c, net_http_conn.c and net_ws.c. */
#include "net_internal.h"

#include "gg/errors.h"
#include "gg/limits.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

/* ENet's own timers run inside enet_host_service; this is how often we call
 * it when the socket is quiet (ENGINEERING.md: at most 50 ms). */
#define GG__SERVICE_MS 20
/* Attempts at finding a port free for both TCP and UDP when port 0 is asked. */
#define GG__PORT_ATTEMPTS 16

static pthread_once_t enet_once = PTHREAD_ONCE_INIT;
static int enet_init_result;

static void enet_init_once(void)
{
    enet_init_result = enet_initialize();
}

void gg__format_addr(char *buf, size_t n, uint32_t ip_net_order, unsigned port)
{
    char ip[INET_ADDRSTRLEN];
    struct in_addr a;
    a.s_addr = ip_net_order;
    if (n == 0)
        return;
    if (!inet_ntop(AF_INET, &a, ip, sizeof ip))
        strcpy(ip, "?");
    snprintf(buf, n, "%s:%u", ip, port);
}

/* ---- connection bookkeeping ---- */

gg_conn *gg__conn_create(gg_net *n, int kind)
{
    gg_conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->net = n;
    c->kind = kind;
    c->state = GG__OPEN;
    c->max_msg = GG_MAX_MESSAGE_UNJOINED;
    strcpy(c->name, "?");
    c->next = n->conns;
    if (n->conns)
        n->conns->prev = c;
    n->conns = c;
    return c;
}

void gg__conn_destroy(gg_conn *c)
{
    gg_net *n = c->net;
    if (c->prev)
        c->prev->next = c->next;
    else
        n->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    gg__http_free(c);
    gg__ws_free(c);
    free(c->rbuf);
    free(c);
}

/* Marks the connection as announced (on_open delivered, on_close owed). */
void gg__conn_opened(gg_conn *c)
{
    gg_net *n = c->net;
    c->announced = 1;
    n->stats.conns_open++;
    n->stats.conns_total++;
    if (n->cb.on_open)
        n->cb.on_open(c, n->ud);
}

void gg__conn_deliver(gg_conn *c, const uint8_t *msg, size_t len)
{
    gg_net *n = c->net;
    n->stats.msgs_in++;
    n->stats.bytes_in += len;
    n->cb.on_message(c, msg, len, n->ud);
}

/* Delivers on_close if on_open was delivered. The caller frees c after. */
void gg__deliver_close(gg_conn *c)
{
    gg_net *n = c->net;
    c->state = GG__DEAD;
    if (!c->announced)
        return;
    c->announced = 0;
    n->stats.conns_open--;
    if (n->cb.on_close)
        n->cb.on_close(c, c->reason, n->ud);
}

/* Queues an ENet conn whose peer is already reset for on_close, which is
 * delivered from the check callback (never from inside a user callback). */
void gg__conn_dead(gg_conn *c, int reason)
{
    gg_net *n = c->net;
    if (c->state == GG__DEAD)
        return;
    c->state = GG__DEAD;
    c->reason = reason;
    c->dead_next = NULL;
    if (n->dead_tail)
        n->dead_tail->dead_next = c;
    else
        n->dead_head = c;
    n->dead_tail = c;
    gg__wake(n);
}

static void process_dead(gg_net *n)
{
    while (n->dead_head) {
        gg_conn *c = n->dead_head;
        n->dead_head = c->dead_next;
        if (!n->dead_head)
            n->dead_tail = NULL;
        gg__deliver_close(c);
        gg__conn_destroy(c);
    }
}

static void free_config(gg_net *n);

/* ---- loop handles ---- */

static void finish_close(gg_net *n)
{
    void (*done)(void *) = n->done;
    void *ud = n->ud;
    process_dead(n);
    gg__enet_destroy(n);
    while (n->conns)
        gg__conn_destroy(n->conns); /* none expected; never leak */
    free_config(n);
    free(n);
    if (done)
        done(ud);
}

void gg__handle_closed(gg_net *n)
{
    if (--n->handles_open == 0 && n->closing)
        finish_close(n);
}

static void on_handle_closed(uv_handle_t *h)
{
    gg__handle_closed(h->data);
}

static void on_listener_closed(uv_handle_t *h)
{
    gg__handle_closed(((struct gg__listener *)h->data)->net);
}

static void on_poll(uv_poll_t *p, int status, int events)
{
    (void)status;
    (void)events;
    gg__enet_service(p->data);
}

static void on_timer(uv_timer_t *t)
{
    gg_net *n = t->data;
    uint64_t now = uv_now(n->loop);
    gg__enet_service(n);
    if (n->lingering > 0)
        gg__tcp_check_lingering(n);
    if (now >= n->next_scan) { /* HTTP head deadlines and WebSocket pings, twice a second */
        n->next_scan = now + 500;
        gg__http_scan(n, now);
        gg__tcp_scan(n, now);
    }
}

static void on_idle(uv_idle_t *i)
{
    (void)i; /* exists only to keep the poll phase from blocking */
}

/* Once per loop iteration, after I/O: deliver pending on_close callbacks,
 * finish an ENet service pass that was cut short, write each native TCP
 * connection's frames of the iteration (one write each), and flush ENet
 * once. */
static void on_check(uv_check_t *ch)
{
    gg_net *n = ch->data;
    if (n->enet_more) {
        n->enet_more = 0;
        gg__enet_service(n);
    }
    process_dead(n);
    if (n->closing)
        return;
    gg__tcp_flush_all(n); /* native TCP frames of this iteration: one write per conn */
    if (!n->enet_more)
        uv_idle_stop(&n->idle);
    if (n->enet_dirty) {
        n->enet_dirty = 0;
        enet_host_flush(n->host);
    }
}

void gg__wake(gg_net *n)
{
    if (!n->closing)
        uv_idle_start(&n->idle, on_idle);
}

/* ---- create / close ---- */

/* Files kept free for everything but TCP connections (journal, logs, ...). */
#define GG__FD_RESERVE 64

/* The TCP connection limit for max_tcp == 0: the open-file limit, raised to
 * its hard limit, less the reserve; never below GG_ENET_MAX_PEERS. */
static int tcp_limit(int asked)
{
    struct rlimit rl;
    if (asked > 0)
        return asked;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return GG_ENET_MAX_PEERS;
    if (rl.rlim_cur < rl.rlim_max) {
        rlim_t cur = rl.rlim_cur;
        rl.rlim_cur = rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
            rl.rlim_cur = cur;
    }
    if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > 1000000)
        return 1000000;
    return (int)rl.rlim_cur - GG__FD_RESERVE > GG_ENET_MAX_PEERS ? (int)rl.rlim_cur - GG__FD_RESERVE
                                                                 : GG_ENET_MAX_PEERS;
}

static int parse_bind(const char *bind, uint32_t *ip)
{
    struct in_addr a;
    if (!bind || !strcmp(bind, "localhost"))
        bind = "127.0.0.1";
    if (inet_pton(AF_INET, bind, &a) != 1)
        return UV_EINVAL;
    *ip = a.s_addr;
    return 0;
}

/* Binds a TCP socket to ip:port and returns its fd and actual port. */
static int bind_tcp(uint32_t ip, int port, int *fd_out, int *port_out)
{
    struct sockaddr_in sa;
    socklen_t sl = sizeof sa;
    int one = 1, err;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = ip;
    sa.sin_port = htons((uint16_t)port);
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &sl) < 0 || listen(fd, 511) < 0) {
        err = -errno;
        close(fd);
        return err;
    }
    *fd_out = fd;
    *port_out = ntohs(sa.sin_port);
    return 0;
}

static void close_handles(gg_net *n)
{
    uv_close((uv_handle_t *)&n->poll, on_handle_closed);
    uv_close((uv_handle_t *)&n->timer, on_handle_closed);
    uv_close((uv_handle_t *)&n->check, on_handle_closed);
    uv_close((uv_handle_t *)&n->idle, on_handle_closed);
    for (int i = 0; i < GG__LISTENERS; i++)
        if (n->listeners[i].serves)
            uv_close((uv_handle_t *)&n->listeners[i].tcp, on_listener_closed);
}

static void free_config(gg_net *n)
{
    free(n->allow_origin);
    free(n->web_root);
    free(n->json_out);
    free(n->ws_scratch);
    gg__static_free(n);
}

/* Splits "ADDR:PORT" (ADDR may be empty for the game's bind address). */
/* "A.B.C.D/N" (or "A.B.C.D", /32) into a network and mask in host order. */
static int parse_cidr(const char *s, uint32_t *net, uint32_t *mask)
{
    char host[32];
    const char *slash = strchr(s, '/');
    size_t hl = slash ? (size_t)(slash - s) : strlen(s);
    struct in_addr a;
    long bits = 32;
    if (hl >= sizeof host)
        return UV_EINVAL;
    memcpy(host, s, hl);
    host[hl] = 0;
    if (slash) {
        char *end;
        bits = strtol(slash + 1, &end, 10);
        if (*end || end == slash + 1 || bits < 0 || bits > 32)
            return UV_EINVAL;
    }
    if (inet_pton(AF_INET, host, &a) != 1)
        return UV_EINVAL;
    *mask = bits == 0 ? 0 : 0xffffffffu << (32 - bits);
    *net = ntohl(a.s_addr) & *mask;
    return 0;
}

int gg_net_check_cidr(const char *s)
{
    uint32_t net, mask;
    return parse_cidr(s, &net, &mask);
}

static int parse_addr_port(const char *s, uint32_t dflt_ip, uint32_t *ip, int *port)
{
    const char *colon = s ? strrchr(s, ':') : NULL;
    char host[64];
    char *end;
    long p;
    if (!colon || (size_t)(colon - s) >= sizeof host)
        return UV_EINVAL;
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = 0;
    p = strtol(colon + 1, &end, 10);
    if (*end || end == colon + 1 || p < 0 || p > 65535)
        return UV_EINVAL;
    *port = (int)p;
    if (!host[0]) {
        *ip = dflt_ip;
        return 0;
    }
    return parse_bind(host, ip);
}

/* Opens an extra HTTP listener (uv handle registered even on failure). */
static int open_listener(gg_net *n, int idx, int serves, uint32_t ip, int port, int *port_out)
{
    struct gg__listener *l = &n->listeners[idx];
    int fd, err;
    l->net = n;
    l->serves = serves;
    l->tcp.data = l;
    uv_tcp_init(n->loop, &l->tcp);
    n->handles_open++;
    err = bind_tcp(ip, port, &fd, port_out);
    if (err)
        return err;
    return gg__tcp_listen_fd(n, l, fd);
}

int gg_net_create(uv_loop_t *loop, const gg_net_config *cfg, const gg_net_callbacks *cb, void *ud,
                  gg_net **out)
{
    gg_net *n;
    uint32_t ip;
    int err, fd = -1, port = 0, attempt, want_port;

    if (!loop || !cfg || !cb || !cb->on_message || !out)
        return UV_EINVAL;
    if (cfg->port < 0 || cfg->port > 65535)
        return UV_EINVAL;
    if ((err = parse_bind(cfg->bind, &ip)) != 0)
        return err;
    pthread_once(&enet_once, enet_init_once);
    if (enet_init_result != 0)
        return UV_EIO;

    n = calloc(1, sizeof *n);
    if (!n)
        return UV_ENOMEM;
    n->loop = loop;
    n->cb = *cb;
    n->ud = ud;
    if (cfg->refuse_msg && cfg->refuse_len > 0 && cfg->refuse_len + 4 <= sizeof n->refuse) {
        n->refuse[0] = (uint8_t)(cfg->refuse_len >> 24);
        n->refuse[1] = (uint8_t)(cfg->refuse_len >> 16);
        n->refuse[2] = (uint8_t)(cfg->refuse_len >> 8);
        n->refuse[3] = (uint8_t)cfg->refuse_len;
        memcpy(n->refuse + 4, cfg->refuse_msg, cfg->refuse_len);
        n->refuse_len = cfg->refuse_len + 4;
    }
    if (cfg->too_big_msg && cfg->too_big_len > 0 && cfg->too_big_len <= sizeof n->too_big) {
        memcpy(n->too_big, cfg->too_big_msg, cfg->too_big_len);
        n->too_big_len = cfg->too_big_len;
    }
    if (cfg->malformed_msg && cfg->malformed_len > 0 && cfg->malformed_len <= sizeof n->malformed) {
        memcpy(n->malformed, cfg->malformed_msg, cfg->malformed_len);
        n->malformed_len = cfg->malformed_len;
    }
    n->max_peers = cfg->max_peers > 0 && cfg->max_peers < GG_ENET_MAX_PEERS ? cfg->max_peers
                                                                            : GG_ENET_MAX_PEERS;
    n->max_tcp = tcp_limit(cfg->max_tcp);
    n->max_per_addr = cfg->max_per_addr > 0 ? cfg->max_per_addr : GG_MAX_CONNS_PER_ADDR;
    n->handshake_ms = cfg->handshake_ms > 0 ? cfg->handshake_ms : GG_TCP_HANDSHAKE_TIMEOUT_MS;
    n->idle_ms = cfg->idle_ms > 0 ? cfg->idle_ms : GG_TCP_IDLE_MS;
    if (cfg->ping_msg && cfg->ping_len > 0 && cfg->ping_len <= sizeof n->ping) {
        memcpy(n->ping, cfg->ping_msg, cfg->ping_len);
        n->ping_len = cfg->ping_len;
    }
    n->timeout_ms = cfg->timeout_ms == 0 ? 15000 : cfg->timeout_ms < 1000 ? 1000 : cfg->timeout_ms;
    if ((cfg->allow_origin && !(n->allow_origin = strdup(cfg->allow_origin))) ||
        (cfg->web_root && !(n->web_root = strdup(cfg->web_root)))) {
        free_config(n);
        free(n);
        return UV_ENOMEM;
    }
    {
        uint32_t mip;
        int mport;
        if (cfg->http_port < 0 || cfg->http_port > 65535 ||
            (cfg->metrics_bind && parse_addr_port(cfg->metrics_bind, ip, &mip, &mport) != 0) ||
            parse_cidr(cfg->reserve_from ? cfg->reserve_from : "127.0.0.0/8", &n->reserve_net,
                       &n->reserve_mask) != 0) {
            free_config(n);
            free(n);
            return UV_EINVAL;
        }
    }

    want_port = cfg->port;
    for (attempt = 0; attempt < (want_port == 0 ? GG__PORT_ATTEMPTS : 1); attempt++) {
        err = bind_tcp(ip, want_port, &fd, &port);
        if (err)
            break;
        err = gg__enet_start(n, ip, port);
        if (!err)
            break;
        close(fd);
        fd = -1;
    }
    if (err) {
        free_config(n);
        free(n);
        return err;
    }
    n->port = port;

    err = uv_poll_init_socket(loop, &n->poll, n->host->socket);
    if (err) {
        close(fd);
        gg__enet_destroy(n);
        free_config(n);
        free(n);
        return err;
    }
    n->poll.data = n->timer.data = n->check.data = n->idle.data = n;
    uv_timer_init(loop, &n->timer);
    uv_check_init(loop, &n->check);
    uv_idle_init(loop, &n->idle);
    {
        /* The game port serves everything unless the ops endpoints have
         * their own listener (--metrics-bind). */
        int ops = cfg->metrics_bind ? 0 : GG__SERVE_OPS;
        struct gg__listener *l = &n->listeners[0];
        l->net = n;
        l->serves = GG__SERVE_NATIVE | GG__SERVE_APP | ops;
        l->tcp.data = l;
        uv_tcp_init(loop, &l->tcp);
        n->handles_open = 5;
        err = gg__tcp_listen_fd(n, l, fd);
        if (!err && cfg->http_port > 0)
            err = open_listener(n, 1, GG__SERVE_APP | ops, ip, cfg->http_port, &n->http_port);
        if (!err && cfg->metrics_bind) {
            uint32_t mip = ip;
            int mport = 0;
            (void)parse_addr_port(cfg->metrics_bind, ip, &mip, &mport); /* checked above */
            err = open_listener(n, 2, GG__SERVE_OPS, mip, mport, &n->metrics_port);
        }
    }
    if (err) {
        /* The handles are registered (and fd is closed or owned by the
         * listener): release everything through the loop. */
        n->closing = 1;
        close_handles(n);
        return err;
    }
    uv_poll_start(&n->poll, UV_READABLE, on_poll);
    uv_timer_start(&n->timer, on_timer, GG__SERVICE_MS, GG__SERVICE_MS);
    uv_check_start(&n->check, on_check);
    *out = n;
    return 0;
}

int gg_net_port(const gg_net *n)
{
    return n->port;
}

int gg_net_http_port(const gg_net *n)
{
    return n->http_port;
}

int gg_net_metrics_port(const gg_net *n)
{
    return n->metrics_port;
}

void gg_net_close(gg_net *n, void (*done)(void *ud))
{
    gg_conn *c, *next;
    if (!n || n->closing)
        return;
    n->closing = 1;
    n->done = done;
    gg__enet_shutdown(n); /* ENet conns go to the dead list */
    for (c = n->conns; c; c = next) {
        next = c->next;
        if (c->kind == GG__CONN_ENET)
            continue;
        if (c->kind == GG__CONN_WS && c->state == GG__OPEN)
            gg__ws_shutdown(c);
        gg__tcp_close(c, c->state == GG__OPEN ? 0 : c->reason, 0);
    }
    close_handles(n);
}

void gg_net_flush(gg_net *n)
{
    if (n && !n->closing && n->wdirty)
        gg__tcp_flush_all(n);
    if (n && !n->closing && n->enet_dirty) {
        n->enet_dirty = 0;
        enet_host_flush(n->host);
    }
}

void gg_net_stats(const gg_net *n, struct gg_net_stats *out)
{
    *out = n->stats;
}

/* ---- connections ---- */

int gg_conn_send(gg_conn *c, int channel, const uint8_t *msg, size_t len)
{
    gg_net *n = c->net;
    int err;
    if (len == 0 || len > GG_MAX_MESSAGE || !msg)
        return GG_EMSG_TOO_BIG;
    if (c->state != GG__OPEN || n->closing)
        return 0;
    err = c->kind == GG__CONN_ENET ? gg__enet_send(c, channel, msg, len)
          : c->kind == GG__CONN_WS ? gg__ws_send(c, msg, len)
                                   : gg__tcp_send(c, msg, len);
    if (err)
        return err;
    n->stats.msgs_out++;
    n->stats.bytes_out += len;
    return 0;
}

void gg_conn_close(gg_conn *c)
{
    if (c->state != GG__OPEN || c->net->closing)
        return;
    if (c->kind == GG__CONN_ENET)
        gg__enet_close(c, 0, 1);
    else if (c->kind == GG__CONN_WS)
        gg__ws_close(c, 1000, "closed by the server");
    else
        gg__tcp_close(c, 0, 1);
}

void gg_conn_set_max_message(gg_conn *c, size_t max)
{
    c->max_msg = max < 1 ? 1 : max > GG_MAX_MESSAGE ? GG_MAX_MESSAGE : max;
    if (c->kind == GG__CONN_WS && c->ws)
        gg__ws_limit_changed(c);
}

size_t gg_conn_max_message(const gg_conn *c)
{
    return c->max_msg;
}

void gg_conn_set_data(gg_conn *c, void *p)
{
    c->data = p;
}

void *gg_conn_data(const gg_conn *c)
{
    return c->data;
}

const char *gg_conn_transport(const gg_conn *c)
{
    return c->kind == GG__CONN_ENET ? "enet" : c->kind == GG__CONN_WS ? "ws" : "tcp";
}

void gg_conn_peer_name(const gg_conn *c, char *buf, size_t n)
{
    if (n == 0)
        return;
    snprintf(buf, n, "%s", c->name);
}

size_t gg_conn_queued_bytes(const gg_conn *c)
{
    if (c->kind == GG__CONN_ENET)
        return c->enet_pending;
    if (c->state == GG__DEAD)
        return 0;
    return uv_stream_get_write_queue_size((const uv_stream_t *)&c->tcp);
}
