/* clients/transport/transport.c — blocking ENet / TCP client connection.
 * See transport.h for the contracts. Every byte from the server is checked
 * before use: frame lengths are bounded by GG_MAX_MESSAGE and the FIFO of
 * early messages is bounded in count and bytes. */
#include "transport.h"

#include "gg/errors.h"
#include "gg/limits.h"
#include "gg/protocol.h" /* gg_frame_next */

#include <enet/enet.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

/* A whole frame: a TCP length (4) or a WebSocket header (at most 14) and
 * GG_MAX_MESSAGE (= GG_MAX_JSON) bytes. */
#define RBUF_CAP (16 + (GG_MAX_MESSAGE > GG_MAX_JSON ? GG_MAX_MESSAGE : GG_MAX_JSON))

struct qmsg {
    struct qmsg *next;
    size_t len;
    uint8_t data[];
};

struct gg_client {
    int tcp;       /* 1 for TCP and WebSocket (both on a stream socket) */
    int ws;        /* WebSocket at /ws: binary frames of msgpack (subprotocol gg.msgpack) */
    int json;      /* WebSocket as the browser: JSON text frames, no subprotocol */
    uint8_t *jbuf; /* json: a received message transcoded to msgpack (GG_MAX_MESSAGE) */
    char *jout;    /* json: an outgoing message as JSON (GG_MAX_JSON) */
    size_t flen;   /* bytes of the frame tcp_frame last returned (header included) */
    uint8_t *wbuf; /* WebSocket: the masked copy of a message being sent */
    int closed;    /* 0 while open, else the negative gg errno recv reports */
    struct qmsg *qhead, *qtail;
    size_t qcount, qbytes;
    /* ENet */
    ENetHost *host;
    ENetPeer *peer;
    int64_t serviced_ms; /* when enet_host_service last ran */
    /* TCP */
    int fd;
    uint8_t *rbuf; /* RBUF_CAP bytes; frames at [roff, rlen) */
    size_t roff, rlen;
};

static pthread_once_t enet_once = PTHREAD_ONCE_INIT;
static int enet_ok;

static void enet_init_once(void)
{
    enet_ok = enet_initialize() == 0;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Milliseconds left until deadline (-1 = forever), never negative. */
static int remaining(int64_t deadline)
{
    int64_t r;
    if (deadline < 0)
        return -1;
    r = deadline - now_ms();
    return r < 0 ? 0 : r > 1000000 ? 1000000 : (int)r;
}

/* ---- parsing ---- */

int gg_client_parse_hostport(const char *s, int default_port, char *host, size_t hostcap, int *port,
                             int *use_tcp)
{
    const char *colon;
    size_t hl;
    long p = default_port;
    if (!s || !host || hostcap == 0 || !port)
        return GG_EBAD_OPTION;
    if (!strncmp(s, "tcp://", 6) || !strncmp(s, "enet://", 7) || !strncmp(s, "ws://", 5) ||
        !strncmp(s, "wsjson://", 9)) {
        if (use_tcp)
            *use_tcp = s[0] == 't'             ? 1
                       : !strncmp(s, "wsj", 3) ? GG_CLIENT_WS_JSON
                       : s[0] == 'w'           ? GG_CLIENT_WS
                                               : 0;
        s = strchr(s, '/') + 2;
    }
    colon = strrchr(s, ':');
    hl = colon ? (size_t)(colon - s) : strlen(s);
    if (colon) {
        char *end;
        errno = 0;
        p = strtol(colon + 1, &end, 10);
        if (errno || end == colon + 1 || *end)
            return GG_EBAD_OPTION;
    }
    if (hl == 0 || hl >= hostcap || p < 1 || p > 65535)
        return GG_EBAD_OPTION;
    memcpy(host, s, hl);
    host[hl] = '\0';
    *port = (int)p;
    return 0;
}

/* ---- the FIFO of early messages ---- */

static int queue_has_room(const gg_client *c, size_t len)
{
    return c->qcount < GG_CLIENT_QUEUE_MSGS && c->qbytes + len <= GG_CLIENT_QUEUE_BYTES;
}

static int queue_push(gg_client *c, const uint8_t *data, size_t len)
{
    struct qmsg *m = malloc(sizeof *m + len);
    if (!m)
        return -1;
    m->next = NULL;
    m->len = len;
    memcpy(m->data, data, len);
    if (c->qtail)
        c->qtail->next = m;
    else
        c->qhead = m;
    c->qtail = m;
    c->qcount++;
    c->qbytes += len;
    return 0;
}

/* Pops the oldest message into buf. Returns 1, or GG_EBUFFER_FULL. */
static int queue_pop(gg_client *c, uint8_t *buf, size_t cap, size_t *len)
{
    struct qmsg *m = c->qhead;
    if (m->len > cap)
        return GG_EBUFFER_FULL;
    memcpy(buf, m->data, m->len);
    *len = m->len;
    c->qhead = m->next;
    if (!c->qhead)
        c->qtail = NULL;
    c->qcount--;
    c->qbytes -= m->len;
    free(m);
    return 1;
}

/* ---- ENet ---- */

static int enet_reason(enet_uint32 data)
{
    /* The server puts -reason in the disconnect data; anything else is a
     * plain close. */
    return data >= 1 && data <= 399 ? -(int)data : GG_ECONN_CLOSED;
}

/* Handles one ENet event for recv/send. Returns 1 if a message was copied
 * to buf, GG_EBUFFER_FULL / a close error, or 0 otherwise. With buf NULL the
 * message goes to the FIFO. */
static int enet_event(gg_client *c, ENetEvent *ev, uint8_t *buf, size_t cap, size_t *len)
{
    int r = 0;
    switch (ev->type) {
    case ENET_EVENT_TYPE_RECEIVE:
        if (buf && ev->packet->dataLength <= cap) {
            memcpy(buf, ev->packet->data, ev->packet->dataLength);
            *len = ev->packet->dataLength;
            r = 1;
        } else if (queue_push(c, ev->packet->data, ev->packet->dataLength) == 0) {
            r = buf ? GG_EBUFFER_FULL : 0;
        }
        enet_packet_destroy(ev->packet);
        break;
    case ENET_EVENT_TYPE_DISCONNECT:
        c->peer = NULL;
        c->closed = enet_reason(ev->data);
        r = c->closed;
        break;
    default:
        break;
    }
    return r;
}

static int enet_open(gg_client *c, const char *host, int port, int timeout_ms)
{
    ENetAddress a;
    ENetEvent ev;
    int64_t deadline = now_ms() + timeout_ms;
    pthread_once(&enet_once, enet_init_once);
    if (!enet_ok || enet_address_set_host(&a, host) != 0)
        return GG_ECONNECT_FAILED;
    a.port = (enet_uint16)port;
    c->host = enet_host_create(NULL, 1, GG_ENET_CHANNELS, 0, 0);
    if (!c->host)
        return GG_ECONNECT_FAILED;
    c->host->maximumPacketSize = GG_MAX_MESSAGE;
    c->host->maximumWaitingData = GG_CLIENT_QUEUE_BYTES;
    c->peer = enet_host_connect(c->host, &a, GG_ENET_CHANNELS, 0);
    if (!c->peer)
        return GG_ECONNECT_FAILED;
    for (;;) {
        int r = enet_host_service(c->host, &ev, (enet_uint32)remaining(deadline));
        if (r > 0 && ev.type == ENET_EVENT_TYPE_CONNECT)
            break;
        if (r < 0 || (r > 0 && ev.type == ENET_EVENT_TYPE_DISCONNECT) ||
            (r == 0 && remaining(deadline) == 0)) {
            enet_peer_reset(c->peer);
            c->peer = NULL;
            return GG_ECONNECT_FAILED;
        }
        if (r > 0 && ev.type == ENET_EVENT_TYPE_RECEIVE)
            enet_packet_destroy(ev.packet);
    }
    enet_peer_timeout(c->peer, 32, 5000, 15000);
    return 0;
}

static int enet_send(gg_client *c, int channel, const uint8_t *msg, size_t len)
{
    ENetPacket *p;
    ENetEvent ev;
    if (channel < 0 || (size_t)channel >= c->peer->channelCount)
        channel = 0;
    p = enet_packet_create(msg, len, ENET_PACKET_FLAG_RELIABLE);
    if (!p)
        return GG_EINTERNAL;
    if (enet_peer_send(c->peer, (enet_uint8)channel, p) < 0) {
        enet_packet_destroy(p);
        return GG_ECONN_CLOSED;
    }
    enet_host_flush(c->host);
    /* Take acknowledgements (and early messages, while the FIFO has room)
     * so a client that only sends keeps its ENet queues short; at most every
     * 10 ms, as a client that also receives does this in gg_client_recv. */
    if (now_ms() - c->serviced_ms < 10)
        return 0;
    c->serviced_ms = now_ms();
    while (queue_has_room(c, GG_MAX_MESSAGE) && c->peer) {
        int r = enet_host_service(c->host, &ev, 0);
        if (r <= 0)
            break;
        enet_event(c, &ev, NULL, 0, NULL);
    }
    return 0;
}

static int enet_recv(gg_client *c, int timeout_ms, uint8_t *buf, size_t cap, size_t *len)
{
    int64_t deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    ENetEvent ev;
    for (;;) {
        int rem = remaining(deadline);
        int r = enet_host_service(c->host, &ev, rem < 0 ? 1000 : (enet_uint32)rem);
        c->serviced_ms = now_ms();
        if (r < 0) {
            c->closed = GG_ECONN_CLOSED;
            return c->closed;
        }
        if (r > 0) {
            r = enet_event(c, &ev, buf, cap, len);
            if (r != 0)
                return r;
        } else if (remaining(deadline) == 0) {
            return 0;
        }
    }
}

static void enet_close(gg_client *c)
{
    ENetEvent ev;
    if (c->peer) {
        int64_t deadline = now_ms() + 1000;
        enet_peer_disconnect_later(c->peer, 0);
        while (c->peer && remaining(deadline) > 0) {
            int r = enet_host_service(c->host, &ev, (enet_uint32)remaining(deadline));
            if (r < 0)
                break;
            if (r > 0 && ev.type == ENET_EVENT_TYPE_RECEIVE)
                enet_packet_destroy(ev.packet);
            if (r > 0 && ev.type == ENET_EVENT_TYPE_DISCONNECT)
                c->peer = NULL;
        }
        if (c->peer)
            enet_peer_reset(c->peer);
    }
    if (c->host)
        enet_host_destroy(c->host);
}

/* ---- TCP ---- */

static int tcp_open(gg_client *c, const char *host, int port, int timeout_ms)
{
    struct addrinfo hints, *ai = NULL;
    char ps[8];
    struct pollfd pfd;
    int one = 1, err = 0;
    socklen_t el = sizeof err;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    snprintf(ps, sizeof ps, "%d", port);
    if (getaddrinfo(host, ps, &hints, &ai) != 0 || !ai)
        return GG_ECONNECT_FAILED;
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0) {
        freeaddrinfo(ai);
        return GG_ECONNECT_FAILED;
    }
    if (connect(c->fd, ai->ai_addr, ai->ai_addrlen) < 0 && errno != EINPROGRESS)
        err = errno;
    freeaddrinfo(ai);
    if (err)
        return GG_ECONNECT_FAILED;
    pfd.fd = c->fd;
    pfd.events = POLLOUT;
    if (poll(&pfd, 1, timeout_ms) != 1 || getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &el) < 0 ||
        err != 0)
        return GG_ECONNECT_FAILED;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c->rbuf = malloc(RBUF_CAP);
    return c->rbuf ? 0 : GG_ECONNECT_FAILED;
}

/* Looks at the buffered bytes. Returns 1 with the next complete frame in
 * msg and len, 0 if incomplete, or a negative error for a bad frame (which
 * closes the connection). */
static int ws_frame(gg_client *c, const uint8_t **msg, size_t *len);

static int tcp_frame(gg_client *c, const uint8_t **msg, size_t *len)
{
    uint32_t l;
    int r;
    if (c->ws)
        return ws_frame(c, msg, len);
    r = gg_frame_next(c->rbuf + c->roff, c->rlen - c->roff, GG_MAX_MESSAGE, msg, &l, NULL);
    if (r < 0)
        c->closed = r;
    if (r == 1) {
        *len = l;
        c->flen = 4 + (size_t)l;
    }
    return r;
}

/* WebSocket: the next whole server frame in the buffer (servers send
 * unmasked, unfragmented frames). Binary and text messages are returned;
 * control frames are skipped (a close ends the connection). Returns 1, 0
 * if incomplete, or a negative error. */
static int ws_frame(gg_client *c, const uint8_t **msg, size_t *len)
{
    for (;;) {
        const uint8_t *p = c->rbuf + c->roff;
        size_t have = c->rlen - c->roff, h = 2;
        uint64_t n;
        unsigned op;
        if (have < 2)
            return 0;
        op = p[0] & 0x0fu;
        n = p[1] & 0x7fu;
        if (p[1] & 0x80u)
            return c->closed = GG_EMSG_MALFORMED;
        if (n == 126) {
            if (have < 4)
                return 0;
            n = (uint64_t)p[2] << 8 | p[3];
            h = 4;
        } else if (n == 127) {
            if (have < 10)
                return 0;
            n = 0;
            for (int i = 2; i < 10; i++)
                n = n << 8 | p[i];
            h = 10;
        }
        if (n > 6u * GG_MAX_MESSAGE)
            return c->closed = GG_EMSG_TOO_BIG;
        if (have - h < n)
            return 0;
        if (op == 8)
            return c->closed = GG_ECONN_CLOSED;
        if (op == 1 || op == 2) {
            *msg = p + h;
            *len = (size_t)n;
            c->flen = h + (size_t)n;
            if (c->json) { /* the browser's form: JSON text, handed on as msgpack */
                int k = op == 1 ? gg_json_to_msgpack((const char *)(p + h), (size_t)n, c->jbuf,
                                                     GG_MAX_MESSAGE)
                                : -1;
                if (k <= 0)
                    return c->closed = GG_EMSG_MALFORMED;
                *msg = c->jbuf;
                *len = (size_t)k;
            }
            return 1;
        }
        c->roff += h + (size_t)n; /* ping, pong: nothing to deliver */
    }
}

/* Reads what the socket has. Returns bytes read, 0 if nothing is ready, or a
 * close error (recorded in c->closed). */
static int tcp_read(gg_client *c)
{
    ssize_t n;
    if (c->roff > 0) {
        memmove(c->rbuf, c->rbuf + c->roff, c->rlen - c->roff);
        c->rlen -= c->roff;
        c->roff = 0;
    }
    if (c->rlen == RBUF_CAP)
        return 0; /* holds a complete frame: consume first */
    n = recv(c->fd, c->rbuf + c->rlen, RBUF_CAP - c->rlen, 0);
    if (n > 0) {
        c->rlen += (size_t)n;
        return (int)n;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return 0;
    c->closed = GG_ECONN_CLOSED;
    return c->closed;
}

/* Moves complete frames from the read buffer to the FIFO while it has room.
 * Returns 0, or a bad-frame error. */
static int tcp_stash(gg_client *c)
{
    const uint8_t *m;
    size_t l;
    int r;
    while ((r = tcp_frame(c, &m, &l)) == 1 && queue_has_room(c, l)) {
        if (queue_push(c, m, l) != 0)
            break;
        c->roff += c->flen;
    }
    return r < 0 ? r : 0;
}

static int tcp_send(gg_client *c, const uint8_t *msg, size_t len)
{
    uint8_t hdr[14];
    struct iovec iov[2];
    struct msghdr mh;
    size_t hl = 4, off = 0, total;
    int64_t deadline = now_ms() + GG_CLIENT_SEND_TIMEOUT_MS;
    if (c->ws) { /* one frame, masked as RFC 6455 requires of clients */
        static const uint8_t key[4] = {0x5a, 0x17, 0xc3, 0x9e};
        uint8_t *masked = c->wbuf ? c->wbuf : (c->wbuf = malloc(RBUF_CAP));
        if (!masked)
            return GG_EINTERNAL;
        hdr[0] = 0x82;
        if (c->json) { /* as the browser sends it: the JSON form in a text frame */
            int k = gg_msgpack_to_json(msg, len, c->jout, GG_MAX_JSON);
            if (k <= 0)
                return k < 0 ? k : GG_EINTERNAL;
            hdr[0] = 0x81;
            msg = (const uint8_t *)c->jout;
            len = (size_t)k;
        }
        if (len < 126) {
            hdr[1] = (uint8_t)(0x80 | len);
            hl = 2;
        } else if (len <= 0xffff) {
            hdr[1] = 0x80 | 126;
            hdr[2] = (uint8_t)(len >> 8);
            hdr[3] = (uint8_t)len;
            hl = 4;
        } else {
            hdr[1] = 0x80 | 127;
            for (int i = 0; i < 8; i++)
                hdr[2 + i] = (uint8_t)((uint64_t)len >> (56 - 8 * i));
            hl = 10;
        }
        memcpy(hdr + hl, key, 4);
        hl += 4;
        for (size_t i = 0; i < len; i++)
            masked[i] = msg[i] ^ key[i & 3];
        msg = masked;
    } else {
        hdr[0] = (uint8_t)(len >> 24);
        hdr[1] = (uint8_t)(len >> 16);
        hdr[2] = (uint8_t)(len >> 8);
        hdr[3] = (uint8_t)len;
    }
    total = hl + len;
    while (off < total) {
        ssize_t n;
        memset(&mh, 0, sizeof mh);
        if (off < hl) {
            iov[0].iov_base = hdr + off;
            iov[0].iov_len = hl - off;
            iov[1].iov_base = (void *)(uintptr_t)msg;
            iov[1].iov_len = len;
            mh.msg_iovlen = 2;
        } else {
            iov[0].iov_base = (void *)(uintptr_t)(msg + (off - hl));
            iov[0].iov_len = total - off;
            mh.msg_iovlen = 1;
        }
        mh.msg_iov = iov;
        n = sendmsg(c->fd, &mh, MSG_NOSIGNAL);
        if (n > 0) {
            off += (size_t)n;
            deadline = now_ms() + GG_CLIENT_SEND_TIMEOUT_MS;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            /* Read while we wait, so two full buffers cannot deadlock. */
            struct pollfd pfd = {c->fd, POLLOUT, 0};
            int room = queue_has_room(c, GG_MAX_MESSAGE);
            if (room)
                pfd.events |= POLLIN;
            if (poll(&pfd, 1, remaining(deadline)) == 0) {
                c->closed = GG_ECONN_CLOSED; /* the stream is now mid-frame */
                return GG_EQUEUE_FULL;
            }
            if (room && (pfd.revents & POLLIN)) {
                int r = tcp_read(c);
                if (r < 0)
                    return r;
                if ((r = tcp_stash(c)) < 0)
                    return r;
            }
        } else {
            c->closed = GG_ECONN_CLOSED;
            return c->closed;
        }
    }
    return 0;
}

static int tcp_recv(gg_client *c, int timeout_ms, uint8_t *buf, size_t cap, size_t *len)
{
    int64_t deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    for (;;) {
        const uint8_t *m;
        size_t l;
        int r = tcp_frame(c, &m, &l);
        struct pollfd pfd;
        if (r < 0)
            return r;
        if (r == 1) {
            if (l > cap)
                return GG_EBUFFER_FULL;
            memcpy(buf, m, l);
            *len = l;
            c->roff += c->flen;
            return 1;
        }
        if (c->closed)
            return c->closed;
        r = tcp_read(c);
        if (r < 0)
            return r;
        if (r > 0)
            continue;
        pfd.fd = c->fd;
        pfd.events = POLLIN;
        pfd.revents = 0;
        if (poll(&pfd, 1, remaining(deadline)) == 0 && remaining(deadline) == 0)
            return 0;
    }
}

/* WebSocket: the opening handshake on the connected socket (gg.msgpack
 * subprotocol, so the server answers in binary msgpack frames; none for
 * json, as the browser: the server then answers in kind, JSON text). */
static int ws_handshake(gg_client *c, const char *host, int port, int timeout_ms)
{
    char req[512];
    int n = snprintf(req, sizeof req,
                     "GET /ws HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\n"
                     "Connection: Upgrade\r\nSec-WebSocket-Key: Z2ctY2xpZW50LWtleS0xIQ==\r\n"
                     "Sec-WebSocket-Version: 13\r\n%s\r\n",
                     host, port, c->json ? "" : "Sec-WebSocket-Protocol: gg.msgpack\r\n");
    int64_t deadline = now_ms() + timeout_ms;
    if (n <= 0 || (size_t)n >= sizeof req || send(c->fd, req, (size_t)n, MSG_NOSIGNAL) != n)
        return GG_ECONNECT_FAILED;
    for (;;) {
        struct pollfd pfd = {c->fd, POLLIN, 0};
        uint8_t *end;
        ssize_t r;
        if (c->rlen >= 12 && memcmp(c->rbuf, "HTTP/1.1 101", 12) != 0)
            return GG_ECONNECT_FAILED;
        end = NULL;
        for (size_t i = 0; i + 4 <= c->rlen && !end; i++)
            if (!memcmp(c->rbuf + i, "\r\n\r\n", 4))
                end = c->rbuf + i;
        if (end) { /* frames that followed the response stay buffered */
            c->roff = (size_t)(end + 4 - c->rbuf);
            return 0;
        }
        if (c->rlen == RBUF_CAP || poll(&pfd, 1, remaining(deadline)) != 1)
            return GG_ECONNECT_FAILED;
        r = recv(c->fd, c->rbuf + c->rlen, RBUF_CAP - c->rlen, 0);
        if (r <= 0)
            return GG_ECONNECT_FAILED;
        c->rlen += (size_t)r;
    }
}

/* ---- public ---- */

int gg_client_create(const char *hostport_or_host, int port, int use_tcp, int timeout_ms,
                     gg_client **out)
{
    char host[256];
    int p, err;
    gg_client *c;
    if (!out || gg_client_parse_hostport(hostport_or_host, port > 0 ? port : GG_CLIENT_DEFAULT_PORT,
                                         host, sizeof host, &p, &use_tcp) != 0)
        return GG_ECONNECT_FAILED;
    c = calloc(1, sizeof *c);
    if (!c)
        return GG_ECONNECT_FAILED;
    c->tcp = use_tcp != 0;
    c->ws = use_tcp == GG_CLIENT_WS || use_tcp == GG_CLIENT_WS_JSON;
    c->json = use_tcp == GG_CLIENT_WS_JSON;
    c->fd = -1;
    if (c->json && (!(c->jbuf = malloc(GG_MAX_MESSAGE)) || !(c->jout = malloc(GG_MAX_JSON)))) {
        gg_client_destroy(c);
        return GG_ECONNECT_FAILED;
    }
    if (timeout_ms <= 0)
        timeout_ms = 5000;
    err = c->tcp ? tcp_open(c, host, p, timeout_ms) : enet_open(c, host, p, timeout_ms);
    if (!err && c->ws)
        err = ws_handshake(c, host, p, timeout_ms);
    if (err) {
        gg_client_destroy(c);
        return err;
    }
    *out = c;
    return 0;
}

int gg_client_send(gg_client *c, int channel, const uint8_t *msg, size_t len)
{
    if (len == 0 || len > GG_MAX_MESSAGE || !msg)
        return GG_EMSG_TOO_BIG;
    if (c->closed)
        return c->closed;
    return c->tcp ? tcp_send(c, msg, len) : enet_send(c, channel, msg, len);
}

int gg_client_recv(gg_client *c, int timeout_ms, uint8_t *buf, size_t cap, size_t *len)
{
    if (c->qhead)
        return queue_pop(c, buf, cap, len);
    if (c->closed && !c->tcp)
        return c->closed;
    return c->tcp ? tcp_recv(c, timeout_ms, buf, cap, len)
                  : enet_recv(c, timeout_ms, buf, cap, len);
}

void gg_client_destroy(gg_client *c)
{
    if (!c)
        return;
    if (c->tcp) {
        if (c->fd >= 0) {
            shutdown(c->fd, SHUT_WR);
            close(c->fd);
        }
        free(c->rbuf);
        free(c->wbuf);
        free(c->jbuf);
        free(c->jout);
    } else {
        enet_close(c);
    }
    while (c->qhead) {
        struct qmsg *m = c->qhead;
        c->qhead = m->next;
        free(m);
    }
    free(c);
}

int gg_client_fd(const gg_client *c)
{
    return c->tcp ? c->fd : (int)c->host->socket;
}

size_t gg_client_pending(const gg_client *c)
{
    const uint8_t *m;
    uint32_t l;
    if (c->ws && c->rbuf) { /* a whole frame buffered (a ping among them counts too) */
        const uint8_t *p = c->rbuf + c->roff;
        size_t have = c->rlen - c->roff, h = 2;
        uint64_t n = have >= 2 ? p[1] & 0x7fu : 0;
        (void)m;
        (void)l;
        if (have >= 4 && n == 126) {
            n = (uint64_t)p[2] << 8 | p[3];
            h = 4;
        } else if (have >= 10 && n == 127) {
            n = 0;
            for (int i = 2; i < 10; i++)
                n = n << 8 | p[i];
            h = 10;
        } else if (n >= 126) {
            return c->qcount; /* the length itself is not all here */
        }
        return c->qcount + (have >= 2 && have - h >= n ? 1 : 0);
    }
    if (c->tcp && c->rbuf &&
        gg_frame_next(c->rbuf + c->roff, c->rlen - c->roff, GG_MAX_MESSAGE, &m, &l, NULL) == 1)
        return c->qcount + 1;
    return c->qcount;
}

const char *gg_client_transport(const gg_client *c)
{
    return c->json ? "wsjson" : c->ws ? "ws" : c->tcp ? "tcp" : "enet";
}

int gg_client_dial_loopback(int port, int nodelay)
{
    struct sockaddr_in sa;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    if (nodelay) {
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    return fd;
}

char *gg_client_http_get_loopback(int port, const char *path, size_t max)
{
    int fd = gg_client_dial_loopback(port, 0);
    if (fd < 0)
        return NULL;
    char req[512];
    int len = snprintf(req, sizeof req,
                       "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", path);
    size_t cap = 1 << 16, got = 0;
    char *body = max > 0 ? malloc(cap < max ? cap : max) : NULL;
    if (cap > max)
        cap = max;
    if (!body || len < 0 || (size_t)len >= sizeof req || write(fd, req, (size_t)len) != len) {
        close(fd);
        free(body);
        return NULL;
    }
    ssize_t n;
    while ((n = read(fd, body + got, cap - 1 - got)) > 0) {
        got += (size_t)n;
        if (got == cap - 1 && cap < max) {
            size_t ncap = cap * 2 < max ? cap * 2 : max;
            char *nb = realloc(body, ncap);
            if (!nb)
                break;
            body = nb;
            cap = ncap;
        } else if (got == cap - 1) {
            break;
        }
    }
    close(fd);
    body[got] = 0;
    return body;
}
