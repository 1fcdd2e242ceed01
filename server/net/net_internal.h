/* server/net/net_internal.h — shared between net.c, net_enet.c and
 * net_tcp.c. Not a public header.
 *
 * Connection states: OPEN delivers and sends; CLOSING (graceful close asked,
 * or TCP shutdown in progress) sends nothing new and delivers nothing;
 * DEAD means the transport is gone and on_close is pending. A conn is freed
 * only after its on_close, and (ENet) after its peer was reset, so packet
 * free callbacks never see a freed conn.
 */
#ifndef GG_NET_INTERNAL_H
#define GG_NET_INTERNAL_H

#include "net.h"

#include <enet/enet.h>

enum { GG__CONN_ENET = 1, GG__CONN_TCP = 2 };
enum { GG__OPEN = 0, GG__CLOSING = 1, GG__DEAD = 2 };

struct gg_conn {
    gg_net *net;
    struct gg_conn *prev, *next; /* all live conns of the net */
    struct gg_conn *dead_next;   /* ENet conns waiting for on_close */
    int kind;
    int state;
    int announced; /* on_open delivered, on_close owed */
    int reason;    /* reason reported by on_close */
    size_t max_msg;
    void *data;
    char name[24];
    /* ENet */
    ENetPeer *peer;
    size_t enet_pending; /* bytes of our packets not yet destroyed by ENet */
    /* TCP */
    uv_tcp_t tcp;
    uv_shutdown_t shutdown_req;
    uint8_t *rbuf;
    size_t rlen, rcap;
    uint64_t linger_deadline; /* uv_now() after which a graceful close is forced; 0 = none */
};

struct gg_net {
    uv_loop_t *loop;
    gg_net_callbacks cb;
    void *ud;
    int port;
    int max_peers;
    int max_tcp;
    uint8_t refuse[4 + 256]; /* framed refusal for TCP connections over the limit */
    size_t refuse_len;
    uint8_t too_big[256]; /* unframed: why a connection is closed for an oversize frame */
    size_t too_big_len;
    uint8_t malformed[256]; /* unframed: ... for a zero-length frame */
    size_t malformed_len;
    unsigned timeout_ms;
    int closing;
    int handles_open; /* handles whose close callback is still due */
    void (*done)(void *ud);

    ENetHost *host;
    int enet_dirty; /* something was queued: flush in the check callback */
    int enet_more;  /* a service pass stopped at its event cap: resume from check */
    uv_poll_t poll;
    uv_timer_t timer;
    uv_check_t check;
    uv_idle_t idle; /* active while dead ENet conns wait: keeps poll from blocking */
    uv_tcp_t listener;

    gg_conn *conns;     /* doubly linked list of conns not yet freed */
    gg_conn *dead_head; /* ENet conns awaiting on_close, FIFO */
    gg_conn *dead_tail;
    int tcp_count;
    int lingering; /* TCP conns with a linger deadline */
    struct gg_net_stats stats;
};

/* net.c */
gg_conn *gg__conn_create(gg_net *n, int kind);
void gg__conn_destroy(gg_conn *c);
void gg__conn_opened(gg_conn *c);
void gg__conn_deliver(gg_conn *c, const uint8_t *msg, size_t len);
void gg__conn_dead(gg_conn *c, int reason);
void gg__deliver_close(gg_conn *c);
void gg__handle_closed(gg_net *n);
void gg__wake(gg_net *n);
void gg__format_addr(char *buf, size_t n, uint32_t ip_net_order, unsigned port);

/* net_enet.c */
int gg__enet_start(gg_net *n, uint32_t ip_net_order, int port);
void gg__enet_service(gg_net *n);
int gg__enet_send(gg_conn *c, int channel, const uint8_t *msg, size_t len);
void gg__enet_close(gg_conn *c, int reason, int graceful);
void gg__enet_shutdown(gg_net *n);
void gg__enet_destroy(gg_net *n);

/* net_tcp.c */
int gg__tcp_listen_fd(gg_net *n, int fd);
int gg__tcp_send(gg_conn *c, const uint8_t *msg, size_t len);
void gg__tcp_close(gg_conn *c, int reason, int graceful);
void gg__tcp_check_lingering(gg_net *n);

#endif /* GG_NET_INTERNAL_H */
