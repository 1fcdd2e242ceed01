/* abuse_util.h — what the abuse tests (test_host_abuse.c, test_host_lobby.c)
 * share: the server under test, small request helpers, raw TCP attackers
 * and the bystander (a game of four server bots that must keep its pace
 * through every attack). Header-only, for test programs. */
#ifndef GG_ABUSE_UTIL_H
#define GG_ABUSE_UTIL_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "host_driver.h"

static hh_server sv;

static inline int error_code(hh_client *c, int timeout_ms)
{
    gg_msg e;
    return hh_take(c, GG_MSG_error, &e, timeout_ms) ? e.u.error.code : 0;
}

/* The connection still answers: ping -> pong. */
static inline int alive(hh_client *c)
{
    gg_msg m, r;
    gg_msg_init(&m, GG_MSG_ping);
    return hh_request(c, &m, &r, 2000) == GG_MSG_pong;
}

static inline int64_t stat_of(hh_client *c, const char *name)
{
    gg_msg m, r;
    gg_msg_init(&m, GG_MSG_stats);
    if (hh_request(c, &m, &r, 2000) != GG_MSG_stats)
        return -1;
    for (int i = 0; i < r.u.stats.metrics.n; i++)
        if (!strcmp(r.u.stats.metrics.s[i].name, name))
            return r.u.stats.metrics.s[i].value;
    return 0;
}

/* A bystander: a game of four server bots on the same server, watched by
 * an observer, that must keep its pace through every attack (it moves a
 * phase every GG_ALL_BOT_PHASE_MS), and a player of a second game whose
 * chat keeps flowing. */
typedef struct bystander {
    hh_client c;   /* a seat of a game of humans */
    hh_client obs; /* the observer of the four-bot game */
    int turn;      /* the bot game's turn when the attack began */
} bystander;

static inline void bystander_start(bystander *b)
{
    gg_msg create, created;
    hh_create_msg(&create, "classroom", 99);
    EXPECT(hh_open(&b->c, &sv, 1) == 0 && hh_hello(&b->c) == 0 &&
           hh_create(&b->c, &create, &created) == 0 &&
           hh_join(&b->c, created.u.game_created.codes.v[GG_WEST]) == 0);
    hh_create_msg(&create, "belt-and-road", 98);
    for (int s = 0; s < GG_SEATS; s++)
        snprintf(create.u.create_game.bots.v[s], sizeof create.u.create_game.bots.v[s], "greedy");
    gg_msg st;
    EXPECT(hh_open(&b->obs, &sv, 1) == 0 && hh_hello(&b->obs) == 0 &&
           hh_create(&b->obs, &create, &created) == 0 &&
           hh_join(&b->obs, created.u.game_created.observer_code) == 0 &&
           hh_take(&b->obs, GG_MSG_state, &st, 3000));
    b->turn = st.u.state.view.turn;
}

/* The bot game has moved on since the attack began (a turn resolved, or it
 * ended), and the other game's player still chats. */
static inline void bystander_check(bystander *b)
{
    gg_msg m, r;
    int moved = 0;
    for (int i = 0; i < 300 && !moved; i++) {
        if (hh_take(&b->obs, GG_MSG_turn_result, &r, 100))
            moved = (int)r.u.turn_result.turn >= b->turn;
        moved |= hh_has(&b->obs, GG_MSG_game_over);
    }
    EXPECT(moved);
    EXPECT(alive(&b->obs));
    EXPECT(alive(&b->c));
    gg_msg_init(&m, GG_MSG_chat);
    m.u.chat.channel = GG_CHAN_PUBLIC;
    snprintf(m.u.chat.text, sizeof m.u.chat.text, "still here");
    EXPECT(hh_send(&b->c, &m) == 0);
    EXPECT(hh_take(&b->c, GG_MSG_chat, &r, 2000));
}

/* Reads one length-prefixed frame from fd and decodes it; its type or -1. */
static inline int fd_take(int fd, gg_msg *m)
{
    static uint8_t buf[GG_MAX_MESSAGE];
    uint8_t hdr[4];
    if (recv(fd, hdr, 4, MSG_WAITALL) != 4)
        return -1;
    size_t len = (size_t)hdr[0] << 24 | (size_t)hdr[1] << 16 | (size_t)hdr[2] << 8 | hdr[3];
    if (len > sizeof buf || recv(fd, buf, len, MSG_WAITALL) != (ssize_t)len)
        return -1;
    gg_decode_err de;
    return gg_msg_decode(m, buf, len, &de) == 0 ? (int)m->type : -1;
}

static inline int fd_send(int fd, gg_msg *m)
{
    uint8_t buf[GG_MAX_MESSAGE];
    int len = gg_msg_encode(m, buf + 4, sizeof buf - 4);
    if (len < 0)
        return -1;
    buf[0] = (uint8_t)((unsigned)len >> 24);
    buf[1] = (uint8_t)((unsigned)len >> 16);
    buf[2] = (uint8_t)((unsigned)len >> 8);
    buf[3] = (uint8_t)len;
    return send(fd, buf, (size_t)len + 4, MSG_NOSIGNAL) == len + 4 ? 0 : -1;
}

/* A raw TCP connection to the game port, or -1. */
static inline int raw_connect(int port)
{
    struct sockaddr_in sa;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* What the server does to a raw connection within wait_ms: 1 it sent bytes
 * (a refusal), 0 it hung up without a word, -1 nothing yet (still open). */
static inline int raw_fate(int fd, int wait_ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    uint8_t b[512];
    if (poll(&p, 1, wait_ms) != 1)
        return -1;
    ssize_t r = recv(fd, b, sizeof b, 0);
    return r > 0 ? 1 : 0;
}

/* A TCP connection from source address `src` (any 127.x.y.z is loopback)
 * that has said hello, or -1. */
static inline int hello_from(const char *src)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET}, d = {.sin_family = AF_INET};
    inet_pton(AF_INET, src, &a.sin_addr);
    inet_pton(AF_INET, "127.0.0.1", &d.sin_addr);
    d.sin_port = htons((uint16_t)sv.port);
    struct timeval tv = {.tv_sec = 5};
    gg_msg m, r;
    gg_msg_init(&m, GG_MSG_hello);
    m.rid = 1;
    m.u.hello.major = GG_PROTOCOL_MAJOR;
    snprintf(m.u.hello.name, sizeof m.u.hello.name, "attacker");
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0 ||
        bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        connect(fd, (struct sockaddr *)&d, sizeof d) != 0 || fd_send(fd, &m) != 0 ||
        fd_take(fd, &r) != GG_MSG_welcome) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

#endif
