/* abuse_util.c — attackers and the bystander of the abuse tests
 * (contracts in abuse_util.h). */
#include "abuse_util.h"

int error_code(hh_client *c, int timeout_ms)
{
    gg_msg e;
    return hh_take(c, GG_MSG_error, &e, timeout_ms) ? e.u.error.code : 0;
}

int alive(hh_client *c)
{
    gg_msg m, r;
    gg_msg_init(&m, GG_MSG_ping);
    return hh_request(c, &m, &r, 2000) == GG_MSG_pong;
}

/* Counts a failed bystander property (said on stderr) unless it holds. */
static void holds(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "bystander: %s\n", what);
        hh_failures++;
    }
}

void bystander_start(bystander *b, const hh_server *sv)
{
    gg_msg create, created;
    hh_create_msg(&create, "classroom", 99);
    holds(hh_connect(&b->c, sv, 1) == 0 && hh_create(&b->c, &create, &created) == 0 &&
              hh_join(&b->c, created.u.game_created.codes.v[GG_WEST]) == 0,
          "cannot create and join the game of humans");
    hh_create_msg(&create, "belt-and-road", 98);
    for (int s = 0; s < GG_SEATS; s++)
        snprintf(create.u.create_game.bots.v[s], sizeof create.u.create_game.bots.v[s], "greedy");
    gg_msg st;
    int watching = hh_connect(&b->obs, sv, 1) == 0 && hh_create(&b->obs, &create, &created) == 0 &&
                   hh_join(&b->obs, created.u.game_created.observer_code) == 0 &&
                   hh_take(&b->obs, GG_MSG_state, &st, 3000);
    holds(watching, "cannot create and watch the game of four bots");
    b->turn = watching ? st.u.state.view.turn : 0;
}

void bystander_check(bystander *b)
{
    gg_msg m, r;
    int moved = 0;
    for (int i = 0; i < 300 && !moved; i++) {
        if (hh_take(&b->obs, GG_MSG_turn_result, &r, 100))
            moved = (int)r.u.turn_result.turn >= b->turn;
        moved |= hh_has(&b->obs, GG_MSG_game_over);
    }
    holds(moved, "the bot game did not move on during the attack");
    holds(alive(&b->obs), "the observer's connection no longer answers");
    holds(alive(&b->c), "the player's connection no longer answers");
    gg_msg_init(&m, GG_MSG_chat);
    m.u.chat.channel = GG_CHAN_PUBLIC;
    snprintf(m.u.chat.text, sizeof m.u.chat.text, "still here");
    holds(hh_send(&b->c, &m) == 0 && hh_take(&b->c, GG_MSG_chat, &r, 2000),
          "the player's chat did not come back");
}

int fd_take(int fd, gg_msg *m)
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

int fd_send(int fd, gg_msg *m)
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

int raw_fate(int fd, int wait_ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    uint8_t b[512];
    if (poll(&p, 1, wait_ms) != 1)
        return -1;
    ssize_t r = recv(fd, b, sizeof b, 0);
    return r > 0 ? 1 : 0;
}

int hello_from(const hh_server *sv, const char *src)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET}, d = {.sin_family = AF_INET};
    inet_pton(AF_INET, src, &a.sin_addr);
    inet_pton(AF_INET, "127.0.0.1", &d.sin_addr);
    d.sin_port = htons((uint16_t)sv->port);
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
