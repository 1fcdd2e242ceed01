/* Bad input against the real gg-server: every kind gets a precise `error`
 * (or a disconnect for abuse), a counter in the server's metrics, and
 * nothing else — another game on the same server keeps going. The lobby's
 * attacks (issue 12.2, 12.4) are in test_host_lobby.c.
 * Usage: test_host_abuse GG_SERVER CASE */
#include "abuse_util.h"

#include "gg/util.h"

static hh_server sv;

/* Starts the server every case attacks: no journal. Returns 0 or -1. */
static int start_target(void)
{
    if (server_start(&sv, 0, "--no-journal", (char *)NULL) == 0)
        return 0;
    EXPECT(!"gg-server starts");
    return -1;
}

/* Every case ends here: the attacked server is still healthy, it stops in
 * order. */
static void stop_target(void)
{
    hh_close_all();
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0);
}

/* Issue 12.1: heavy server bots. Beyond the strength bound: BAD_FIELD. At
 * the bound, four of them do not play the game inside the request: it is
 * at its first turn when created, moves at its pace, and the bystander
 * keeps its own. */
static void heavy_bots(void)
{
    if (start_target() != 0)
        return;
    bystander b;
    bystander_start(&b, &sv);
    hh_client c;
    gg_msg create, created, m, r;
    EXPECT(hh_connect(&c, &sv, 1) == 0);
    hh_create_msg(&create, "belt-and-road", 7);
    for (int s = 0; s < GG_SEATS; s++)
        snprintf(create.u.create_game.bots.v[s], sizeof create.u.create_game.bots.v[s],
                 "mcts:8:64");
    EXPECT(hh_request(&c, &create, &r, 5000) == GG_MSG_error &&
           r.u.error.code == GG_EMSG_BAD_FIELD);
    for (int s = 0; s < GG_SEATS; s++)
        snprintf(create.u.create_game.bots.v[s], sizeof create.u.create_game.bots.v[s],
                 "mcts:8:8"); /* 64 = GG_MAX_SERVER_BOT_ROLLOUTS */
    create.rid = 0;
    EXPECT(hh_create(&c, &create, &created) == 0);
    hh_client mod;
    gg_msg st;
    EXPECT(hh_connect(&mod, &sv, 1) == 0 &&
           hh_join(&mod, created.u.game_created.moderator_code) == 0 &&
           hh_take(&mod, GG_MSG_state, &st, 3000));
    EXPECT(st.u.state.view.phase != GG_PHASE_OVER && st.u.state.view.turn <= 2);
    /* A moderator cannot bring in a stronger bot either. */
    gg_msg_init(&m, GG_MSG_replace_with_bot);
    m.u.replace_with_bot.seat = GG_CHINA;
    snprintf(m.u.replace_with_bot.bot, sizeof m.u.replace_with_bot.bot, "mcts:8:64");
    EXPECT(hh_request(&mod, &m, &r, 5000) == GG_MSG_error && r.u.error.code == GG_EMSG_BAD_FIELD);
    /* Ten more such games at once: the loop stays free. */
    for (int i = 0; i < 10; i++) {
        create.rid = 0;
        create.u.create_game.seed = 100 + (uint64_t)i;
        EXPECT(hh_create(&c, &create, &created) == 0);
    }
    bystander_check(&b);
    EXPECT(hh_stat(&c, "bot_jobs") > 0);
    stop_target();
}

/* With error counters present the `stats` reply still carries every
 * metric: it comes in parts (it once held 32 entries and the error counts
 * pushed the mem.* and HTTP ones out). Each name once. */
static void stats_whole(hh_client *c)
{
    static const char *const tail[] = {"games",       "deferred",      "mem.games",
                                       "mem.streams", "mem.outbox",    "mem.sessions",
                                       "mem.journal", "http_requests", "http_refused",
                                       "ws_opened",   "ws_bad_frames"};
    gg_stat all[GG_MAX_STATS * GG_MAX_STATS_PARTS];
    int n = hh_stats(c, all, GG_MAX_STATS * GG_MAX_STATS_PARTS), errs = 0;
    EXPECT(n > GG_MAX_STATS); /* more than one part */
    for (size_t k = 0; k < sizeof tail / sizeof tail[0]; k++) {
        int seen = 0;
        for (int i = 0; i < n; i++)
            seen += !strcmp(all[i].name, tail[k]);
        EXPECT_EQ(seen, 1);
        if (seen != 1)
            fprintf(stderr, "  stats: %s listed %d times\n", tail[k], seen);
    }
    for (int i = 0; i < n; i++) {
        errs += !strncmp(all[i].name, "err.", 4);
        for (int j = 0; j < i; j++)
            EXPECT(strcmp(all[i].name, all[j].name) != 0);
    }
    EXPECT(errs >= 7); /* NO_HELLO, MSG_MALFORMED, MSG_BAD_COUNT, ... NOT_JOINED */
}

static void malformed(void)
{
    if (start_target() != 0)
        return;
    bystander b;
    bystander_start(&b, &sv);
    hh_client c;
    EXPECT(hh_open(&c, &sv, 1) == 0);
    /* Before hello: only hello is accepted. */
    gg_msg m;
    gg_msg_init(&m, GG_MSG_ping);
    EXPECT(hh_send(&c, &m) == 0);
    EXPECT_EQ(error_code(&c, 2000), GG_ENO_HELLO);
    EXPECT(hh_hello(&c) == 0);
    /* Garbage, not msgpack. */
    static const uint8_t junk[] = {0xc1, 0xc1, 0xc1, 0x00};
    EXPECT(hh_send_raw(&c, junk, sizeof junk) == 0);
    EXPECT_EQ(error_code(&c, 2000), GG_EMSG_MALFORMED);
    /* An array instead of a map. */
    static const uint8_t arr[] = {0x91, 0x01};
    EXPECT(hh_send_raw(&c, arr, sizeof arr) == 0);
    EXPECT_EQ(error_code(&c, 2000), GG_EMSG_MALFORMED);
    /* A map declaring four billion entries in 5 bytes. */
    static const uint8_t bomb[] = {0xdf, 0xff, 0xff, 0xff, 0xff};
    EXPECT(hh_send_raw(&c, bomb, sizeof bomb) == 0);
    EXPECT_EQ(error_code(&c, 2000), GG_EMSG_BAD_COUNT);
    /* Deep nesting. */
    uint8_t deep[64];
    size_t n = 0;
    deep[n++] = 0x81; /* {"t": [[[[...]]]]} */
    deep[n++] = 0xa1;
    deep[n++] = 't';
    while (n < sizeof deep - 1)
        deep[n++] = 0x91;
    deep[n++] = 0x01;
    EXPECT(hh_send_raw(&c, deep, n) == 0);
    int e = error_code(&c, 2000);
    EXPECT(e == GG_EMSG_TOO_DEEP || e == GG_EMSG_BAD_FIELD);
    /* An unknown message type, and a server->client type from a client. */
    static const uint8_t unknown[] = {0x81, 0xa1, 't', 0xa4, 'n', 'o', 'p', 'e'};
    EXPECT(hh_send_raw(&c, unknown, sizeof unknown) == 0);
    EXPECT_EQ(error_code(&c, 2000), GG_EMSG_UNKNOWN_TYPE);
    gg_msg_init(&m, GG_MSG_pong);
    EXPECT(hh_send(&c, &m) == 0);
    EXPECT_EQ(error_code(&c, 2000), GG_EMSG_UNKNOWN_TYPE);
    /* A missing required field. */
    static const uint8_t nocode[] = {0x81, 0xa1, 't', 0xa4, 'j', 'o', 'i', 'n'};
    EXPECT(hh_send_raw(&c, nocode, sizeof nocode) == 0);
    EXPECT_EQ(error_code(&c, 2000), GG_EMSG_MISSING_FIELD);
    /* Game commands before joining. */
    gg_msg_init(&m, GG_MSG_ready);
    EXPECT(hh_send(&c, &m) == 0);
    EXPECT_EQ(error_code(&c, 2000), GG_ENOT_JOINED);
    /* All of that left the connection usable, and it was counted. */
    EXPECT(alive(&c));
    EXPECT(hh_stat(&c, "err.MSG_MALFORMED") >= 2);
    EXPECT(hh_stat(&c, "err.MSG_BAD_COUNT") >= 1);
    EXPECT(hh_stat(&c, "err.NO_HELLO") >= 1);
    stats_whole(&c);
    bystander_check(&b);
    stop_target();
}

static void oversized(void)
{
    if (start_target() != 0)
        return;
    bystander b;
    bystander_start(&b, &sv);
    /* Before joining, a message over GG_MAX_MESSAGE_UNJOINED closes the
     * connection (TCP: the frame header alone decides). */
    hh_client c;
    EXPECT(hh_connect(&c, &sv, 1) == 0);
    static uint8_t big[GG_MAX_MESSAGE_UNJOINED + 100];
    memset(big, 0x90, sizeof big);
    EXPECT(hh_send_raw(&c, big, sizeof big) == 0);
    int closed = 0;
    for (int i = 0; i < 100 && !closed; i++)
        closed = hh_pump(&c, 20) < 0;
    EXPECT(closed);
    hh_close(&c);
    /* A chat longer than the limit is refused, the connection stays. */
    hh_client p;
    gg_msg create, created;
    hh_create_msg(&create, "classroom", 5);
    EXPECT(hh_connect(&p, &sv, 0) == 0 && hh_create(&p, &create, &created) == 0 &&
           hh_join(&p, created.u.game_created.codes.v[0]) == 0);
    char text[GG_MAX_CHAT + 40];
    memset(text, 'a', sizeof text - 1);
    text[sizeof text - 1] = 0;
    uint8_t raw[GG_MAX_CHAT + 100];
    size_t n = 0;
    raw[n++] = 0x83;
    raw[n++] = 0xa1, raw[n++] = 't';
    raw[n++] = 0xa4, memcpy(raw + n, "chat", 4), n += 4;
    raw[n++] = 0xa2, raw[n++] = 'c', raw[n++] = 'h';
    raw[n++] = 0xa6, memcpy(raw + n, "public", 6), n += 6;
    raw[n++] = 0xa4, memcpy(raw + n, "text", 4), n += 4;
    raw[n++] = 0xda, raw[n++] = (uint8_t)(strlen(text) >> 8), raw[n++] = (uint8_t)strlen(text);
    memcpy(raw + n, text, strlen(text));
    n += strlen(text);
    EXPECT(hh_send_raw(&p, raw, n) == 0);
    int e = error_code(&p, 2000);
    EXPECT(e == GG_EMSG_BAD_FIELD || e == GG_EMSG_BAD_COUNT);
    EXPECT(alive(&p));
    bystander_check(&b);
    stop_target();
}

static void wrong_phase_and_illegal(void)
{
    if (start_target() != 0)
        return;
    bystander b;
    bystander_start(&b, &sv);
    gg_msg create, created, m, r;
    hh_create_msg(&create, "belt-and-road", 8);
    hh_client cl[GG_SEATS];
    EXPECT(hh_connect(&cl[0], &sv, 1) == 0 && hh_create(&cl[0], &create, &created) == 0);
    for (int s = 0; s < GG_SEATS; s++) {
        if (s)
            EXPECT(hh_connect(&cl[s], &sv, 1) == 0);
        EXPECT(hh_join(&cl[s], created.u.game_created.codes.v[s]) == 0);
    }
    /* Orders in diplomacy; a crisis answer without a crisis. */
    gg_msg_init(&m, GG_MSG_orders);
    m.u.orders.orders.count = 1;
    m.u.orders.orders.o[0] = (gg_order){GG_ACT_CN_ELITE_FORUM, 0, 0};
    EXPECT(hh_request(&cl[0], &m, &r, 2000) == GG_MSG_error && r.u.error.code == GG_EWRONG_PHASE);
    gg_msg_init(&m, GG_MSG_crisis_response);
    m.u.crisis_response.response = GG_RSP_ALONE;
    EXPECT(hh_request(&cl[GG_KAZAKHSTAN], &m, &r, 2000) == GG_MSG_error &&
           r.u.error.code == GG_ENOT_IN_CRISIS);
    EXPECT(hh_request(&cl[GG_CHINA], &m, &r, 2000) == GG_MSG_error &&
           r.u.error.code == GG_EWRONG_SEAT); /* only Kazakhstan answers crises */
    /* A malformed deal. */
    gg_msg_init(&m, GG_MSG_propose);
    m.u.propose.parties = 1u << GG_RUSSIA;
    m.u.propose.clauses.n = 1;
    m.u.propose.clauses.c[0] = (gg_clause){GG_CLAUSE_TRANSFER, GG_WEST, GG_RUSSIA, 0, 1, 0};
    EXPECT(hh_request(&cl[0], &m, &r, 2000) == GG_MSG_error && r.u.error.code == GG_EBAD_DEAL);
    /* Everyone ready: the orders phase. */
    gg_msg_init(&m, GG_MSG_ready);
    for (int s = 0; s < GG_SEATS; s++)
        EXPECT(hh_request(&cl[s], &m, &r, 2000) == GG_MSG_ok);
    int in_orders = 0;
    for (int i = 0; i < 20 && !in_orders; i++)
        if (hh_take(&cl[0], GG_MSG_state, &r, 300))
            in_orders = r.u.state.phase == GG_PHASE_ORDERS;
    EXPECT(in_orders);
    /* Illegal orders: one code per order, nothing stored. */
    gg_msg_init(&m, GG_MSG_orders);
    m.u.orders.orders.count = 3;
    m.u.orders.orders.o[0] = (gg_order){GG_ACT_CN_ELITE_FORUM, 0, 0};
    m.u.orders.orders.o[1] = (gg_order){GG_ACT_CN_ELITE_FORUM, 0, 0};
    m.u.orders.orders.o[2] = (gg_order){GG_ACT_CN_BRI_PROJECT, GG_PRJ_TRANS_CASPIAN, 0};
    EXPECT(hh_request(&cl[0], &m, &r, 2000) == GG_MSG_error);
    EXPECT(r.u.error.code == GG_EDUPLICATE_ORDER);
    EXPECT(r.u.error.errs.n == 3 && r.u.error.errs.v[0] == 0 &&
           r.u.error.errs.v[1] == GG_EDUPLICATE_ORDER && r.u.error.errs.v[2] == GG_EBAD_TARGET);
    EXPECT(!hh_has(&cl[0], GG_MSG_orders_ack));
    /* Orders for an old turn are refused, not applied to this one. */
    m.u.orders.orders.count = 1;
    m.u.orders.turn = 5;
    m.u.orders.has = 1;
    EXPECT(hh_request(&cl[0], &m, &r, 2000) == GG_MSG_error && r.u.error.code == GG_EWRONG_PHASE);
    EXPECT(alive(&cl[0]));
    bystander_check(&b);
    stop_target();
}

static void version_and_codes(void)
{
    if (start_target() != 0)
        return;
    bystander b;
    bystander_start(&b, &sv);
    /* Another major version: a clear error, then the server hangs up. */
    hh_client c;
    EXPECT(hh_open(&c, &sv, 1) == 0);
    gg_msg m, r;
    gg_msg_init(&m, GG_MSG_hello);
    m.u.hello.major = GG_PROTOCOL_MAJOR + 1;
    snprintf(m.u.hello.name, sizeof m.u.hello.name, "from-the-future");
    EXPECT(hh_request(&c, &m, &r, 2000) == GG_MSG_error && r.u.error.code == GG_EVERSION_MISMATCH);
    int closed = 0;
    for (int i = 0; i < 100 && !closed; i++)
        closed = hh_pump(&c, 20) < 0;
    EXPECT(closed);
    hh_close(&c);
    /* Guessing codes: BAD_CODE each time, a disconnect after five. */
    EXPECT(hh_connect(&c, &sv, 0) == 0);
    for (int i = 0; i < 5; i++) { /* GG_BAD_CODES_MAX */
        gg_msg_init(&m, GG_MSG_join);
        snprintf(m.u.join.code, sizeof m.u.join.code, "ZZZZ-ZZZ%d", 2 + i);
        int t = hh_request(&c, &m, &r, 2000);
        if (i < 5 - 1)
            EXPECT(t == GG_MSG_error && r.u.error.code == GG_EBAD_CODE);
    }
    closed = 0;
    for (int i = 0; i < 100 && !closed; i++)
        closed = hh_pump(&c, 20) < 0;
    EXPECT(closed);
    hh_close(&c);
    bystander_check(&b);
    stop_target();
}

static void flood(void)
{
    if (start_target() != 0)
        return;
    bystander b;
    bystander_start(&b, &sv);
    hh_client c;
    EXPECT(hh_connect(&c, &sv, 1) == 0);
    gg_msg m;
    gg_msg_init(&m, GG_MSG_ping);
    int limited = 0, closed = 0;
    /* Far beyond GG_MSG_RATE_PER_SEC: first RATE_LIMITED errors, then the
     * server drops the connection. */
    for (int i = 0; i < 100 * GG_MSG_RATE_PER_SEC && !closed; i++) {
        m.rid = 0;
        if (hh_send(&c, &m) != 0)
            closed = 1;
        if (i % 64 == 0 && hh_pump(&c, 0) < 0)
            closed = 1;
        for (int k = 0; k < c.n; k++)
            limited |=
                c.inbox[k].type == GG_MSG_error && c.inbox[k].u.error.code == GG_ERATE_LIMITED;
        hh_clear(&c);
    }
    for (int i = 0; i < 100 && !closed; i++) {
        if (hh_pump(&c, 20) < 0)
            closed = 1;
        for (int k = 0; k < c.n; k++)
            limited |=
                c.inbox[k].type == GG_MSG_error && c.inbox[k].u.error.code == GG_ERATE_LIMITED;
        hh_clear(&c);
    }
    EXPECT(limited);
    EXPECT(closed);
    hh_close(&c);
    bystander_check(&b);
    EXPECT(hh_stat(&b.c, "rate_limited") > 0);
    stop_target();
}

/* A lightweight client (no inbox) for attacks with many connections:
 * sends `m` and returns the type of the reply with the same rid (or of the
 * first error), -1 on timeout or a lost connection. */
static int raw_request(gg_client *c, gg_msg *m, gg_msg *reply)
{
    static uint8_t buf[GG_MAX_MESSAGE];
    static uint32_t rid;
    m->rid = ++rid;
    int len = gg_msg_encode(m, buf, sizeof buf);
    if (len < 0 || gg_client_send(c, 0, buf, (size_t)len) != 0)
        return -1;
    for (int i = 0; i < 200; i++) {
        size_t n = 0;
        int r = gg_client_recv(c, 20, buf, sizeof buf, &n);
        if (r < 0)
            return -1;
        if (r == 0 || gg_msg_decode(reply, buf, n, NULL) != 0)
            continue;
        if (reply->seq == 0 && reply->rid == m->rid && reply->type != GG_MSG_state)
            return reply->type;
    }
    return -1;
}

/* Opens a connection, says hello and joins with `code`; returns the reply
 * type (joined, error) and the connection in *out (NULL on failure). */
static int raw_join(const char *code, gg_client **out, gg_msg *reply)
{
    gg_msg m;
    *out = NULL;
    if (gg_client_create("127.0.0.1", sv.port, 1, 3000, out) != 0)
        return -1;
    gg_msg_init(&m, GG_MSG_hello);
    m.u.hello.major = GG_PROTOCOL_MAJOR;
    snprintf(m.u.hello.name, sizeof m.u.hello.name, "raw");
    if (raw_request(*out, &m, reply) != GG_MSG_welcome)
        return -1;
    gg_msg_init(&m, GG_MSG_join);
    snprintf(m.u.join.code, sizeof m.u.join.code, "%s", code);
    return raw_request(*out, &m, reply);
}

/* Issue 12.3: the projected observer code. GG_MAX_OBSERVERS observers fill
 * the observer bound (one more gets SERVER_FULL "observers"); every seat
 * and the moderator still join and resume; observers that leave free their
 * places for new ones. */
static void observer_flood(void)
{
    if (start_target() != 0)
        return;
    bystander b;
    bystander_start(&b, &sv);
    hh_client c;
    gg_msg create, created, r;
    hh_create_msg(&create, "classroom", 11);
    create.u.create_game.teams = 1;
    EXPECT(hh_connect(&c, &sv, 1) == 0 && hh_create(&c, &create, &created) == 0);
    const gg_msg_game_created *gc = &created.u.game_created;
    static gg_client *obs[GG_MAX_OBSERVERS];
    int joined = 0;
    for (int i = 0; i < GG_MAX_OBSERVERS; i++)
        joined += raw_join(gc->observer_code, &obs[i], &r) == GG_MSG_joined;
    EXPECT_EQ(joined, GG_MAX_OBSERVERS);
    gg_client *extra;
    EXPECT(raw_join(gc->observer_code, &extra, &r) == GG_MSG_error &&
           r.u.error.code == GG_ESERVER_FULL && !strcmp(r.u.error.where, "observers"));
    if (extra)
        gg_client_destroy(extra);
    /* Seats and the moderator are not affected, many times over. */
    for (int round = 0; round < 20; round++) {
        gg_client *p;
        const char *code = round % 5 == 4 ? gc->moderator_code : gc->codes.v[round % 4];
        EXPECT(raw_join(code, &p, &r) == GG_MSG_joined);
        if (p)
            gg_client_destroy(p);
    }
    hh_client seat;
    EXPECT(hh_connect(&seat, &sv, 1) == 0 && hh_join(&seat, gc->codes.v[GG_RUSSIA]) == 0);
    char tok[GG_MAX_TOKEN + 1];
    snprintf(tok, sizeof tok, "%s", seat.token);
    hh_close(&seat);
    EXPECT(hh_connect(&seat, &sv, 1) == 0 && hh_resume(&seat, tok, 0) == 0);
    /* Half the observers leave: as many new ones get in. */
    for (int i = 0; i < GG_MAX_OBSERVERS / 2; i++)
        if (obs[i]) {
            gg_client_destroy(obs[i]);
            obs[i] = NULL;
        }
    usleep(200000); /* the server sees the hang-ups */
    joined = 0;
    for (int i = 0; i < GG_MAX_OBSERVERS / 2; i++)
        joined += raw_join(gc->observer_code, &obs[i], &r) == GG_MSG_joined;
    EXPECT_EQ(joined, GG_MAX_OBSERVERS / 2);
    bystander_check(&b);
    for (int i = 0; i < GG_MAX_OBSERVERS; i++)
        if (obs[i])
            gg_client_destroy(obs[i]);
    stop_target();
}

/* One guess as an attacker that reconnects for every guess: a new TCP
 * connection from source address `src` (any 127.x.y.z is loopback), hello,
 * join with `code`. Returns the error code of the reply, 0 if joined, -1 if
 * the exchange failed. */
static int guess_from(const char *src, const char *code)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0), res = -1;
    struct sockaddr_in a = {.sin_family = AF_INET}, d = {.sin_family = AF_INET};
    inet_pton(AF_INET, src, &a.sin_addr);
    inet_pton(AF_INET, "127.0.0.1", &d.sin_addr);
    d.sin_port = htons((uint16_t)sv.port);
    struct timeval tv = {.tv_sec = 3};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    gg_msg m, r;
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        connect(fd, (struct sockaddr *)&d, sizeof d) != 0)
        goto out;
    gg_msg_init(&m, GG_MSG_hello);
    m.rid = 1;
    m.u.hello.major = GG_PROTOCOL_MAJOR;
    snprintf(m.u.hello.name, sizeof m.u.hello.name, "guesser");
    if (fd_send(fd, &m) != 0 || fd_take(fd, &r) != GG_MSG_welcome)
        goto out;
    gg_msg_init(&m, GG_MSG_join);
    m.rid = 2;
    snprintf(m.u.join.code, sizeof m.u.join.code, "%s", code);
    if (fd_send(fd, &m) != 0)
        goto out;
    int t = fd_take(fd, &r);
    if (t == GG_MSG_joined)
        res = 0;
    else if (t == GG_MSG_error && !strcmp(r.u.error.where, "code"))
        res = r.u.error.code;
out:
    if (fd >= 0)
        close(fd);
    return res;
}

/* Issue 12.5: guessing join codes from one address over new connections
 * gets GG_JOIN_FAILS_PER_ADDR BAD_CODE replies, then RATE_LIMITED (the
 * code is not even looked at); another address still joins with its right
 * code and gets BAD_CODE for a typo. Past the server-wide budget of wrong
 * codes, any address backs off after its first wrong code, while right
 * codes still get in. */
static void join_guess(void)
{
    if (start_target() != 0)
        return;
    bystander b;
    bystander_start(&b, &sv);
    hh_client c;
    gg_msg create, created;
    hh_create_msg(&create, "classroom", 12);
    EXPECT(hh_connect(&c, &sv, 1) == 0 && hh_create(&c, &create, &created) == 0);
    const gg_msg_game_created *gc = &created.u.game_created;
    int bad = 0, limited = 0, other = 0;
    for (int i = 0; i < 40; i++) {
        char code[16];
        snprintf(code, sizeof code, "ZZZZ-Z%03d", i);
        int e = guess_from("127.0.0.2", code);
        bad += e == GG_EBAD_CODE;
        limited += e == GG_ERATE_LIMITED;
        other += e != GG_EBAD_CODE && e != GG_ERATE_LIMITED;
    }
    EXPECT_EQ(other, 0);
    EXPECT(bad >= GG_JOIN_FAILS_PER_ADDR && bad <= GG_JOIN_FAILS_PER_ADDR + 2);
    EXPECT(limited >= 40 - GG_JOIN_FAILS_PER_ADDR - 2);
    /* Even the right code is refused from the backing-off address... */
    EXPECT_EQ(guess_from("127.0.0.2", gc->codes.v[GG_CHINA]), GG_ERATE_LIMITED);
    /* ...but not from another: a seat joins, a typo is a plain BAD_CODE. */
    EXPECT_EQ(guess_from("127.0.0.3", "ZZZZ-ZZZZ"), GG_EBAD_CODE);
    EXPECT_EQ(guess_from("127.0.0.3", gc->codes.v[GG_RUSSIA]), 0);
    hh_client seat;
    EXPECT(hh_connect(&seat, &sv, 1) == 0 && hh_join(&seat, gc->codes.v[GG_WEST]) == 0);
    hh_close(&seat);

    /* The server-wide budget: many addresses, each under its own limit. */
    int spent = bad + 1; /* wrong codes so far (refused guesses do not count) */
    for (int a = 1; spent < GG_JOIN_FAILS_SERVER_PER_MIN; a++)
        for (int i = 0; i < GG_JOIN_FAILS_PER_ADDR - 1 && spent < GG_JOIN_FAILS_SERVER_PER_MIN;
             i++, spent++) {
            char src[32];
            snprintf(src, sizeof src, "127.0.1.%d", a);
            EXPECT_EQ(guess_from(src, "ZZZZ-ZZZZ"), GG_EBAD_CODE);
        }
    int at_once = 0;
    for (int a = 1; a <= 10; a++) {
        char src[32];
        snprintf(src, sizeof src, "127.0.2.%d", a);
        EXPECT_EQ(guess_from(src, "ZZZZ-ZZZZ"), GG_EBAD_CODE);
        at_once += guess_from(src, "ZZZZ-ZZZZ") == GG_ERATE_LIMITED;
    }
    EXPECT(at_once >= 8);
    EXPECT_EQ(guess_from("127.0.3.1", gc->codes.v[GG_KAZAKHSTAN]), 0);
    bystander_check(&b);
    stop_target();
}

#define IDLE_CONNS 30
#define PER_ADDR 40 /* --max-conns-per-addr of this case */

/* Issue 12.4: connections that never send a byte, and one that stops in the
 * middle of a frame, are closed after --handshake-timeout-ms; one address
 * gets at most --max-conns-per-addr connections (the next is told
 * SERVER_FULL); afterwards a new client connects and plays, and the
 * bystander kept its pace throughout. */
static void idle_conns(void)
{
    if (server_start(&sv, 0, "--no-journal", "--handshake-timeout-ms", "2000",
                     "--max-conns-per-addr", GG_STR(PER_ADDR), (char *)NULL) != 0) {
        EXPECT(!"start");
        return;
    }
    bystander b;
    bystander_start(&b, &sv); /* 2 connections */
    int idle[IDLE_CONNS], half, extra[PER_ADDR];
    int n_extra = 0;
    for (int i = 0; i < IDLE_CONNS; i++)
        EXPECT((idle[i] = gg_client_dial_loopback(sv.port, 0)) >= 0);
    /* A frame announcing 100 bytes, of which 10 arrive. */
    static const uint8_t partial[14] = {0, 0, 0, 100, 0x81};
    EXPECT((half = gg_client_dial_loopback(sv.port, 0)) >= 0);
    EXPECT(send(half, partial, sizeof partial, 0) == (ssize_t)sizeof partial);
    /* Fill up to the per-address cap (2 + 30 + 1 are open): the last one
     * over it is refused with a message, the others stay open. */
    int open_now = 2 + IDLE_CONNS + 1;
    while (open_now + n_extra < PER_ADDR)
        EXPECT((extra[n_extra++] = gg_client_dial_loopback(sv.port, 0)) >= 0);
    int over = gg_client_dial_loopback(sv.port, 0);
    EXPECT(over >= 0);
    EXPECT_EQ(raw_fate(over, 5000), 1);
    close(over);
    EXPECT_EQ(raw_fate(idle[0], 0), -1); /* the cap closed nothing else */
    /* After the handshake timeout every silent or half-sent connection is
     * closed without a word (bounded wait, not a speed assertion). */
    for (int i = 0; i < IDLE_CONNS; i++) {
        EXPECT_EQ(raw_fate(idle[i], i == 0 ? 30000 : 5000), 0);
        close(idle[i]);
    }
    EXPECT_EQ(raw_fate(half, 5000), 0);
    close(half);
    for (int i = 0; i < n_extra; i++) {
        EXPECT_EQ(raw_fate(extra[i], 5000), 0);
        close(extra[i]);
    }
    /* A new client connects and plays: hello, a game, a seat, an order
     * phase state. */
    hh_client c;
    gg_msg create, created, st;
    hh_create_msg(&create, "classroom", 5);
    EXPECT(hh_connect(&c, &sv, 1) == 0 && hh_create(&c, &create, &created) == 0 &&
           hh_join(&c, created.u.game_created.codes.v[GG_EAST]) == 0 &&
           hh_take(&c, GG_MSG_state, &st, 3000));
    EXPECT(alive(&c));
    bystander_check(&b); /* its own connections outlived the timeout: they said hello */
    stop_target();
}

int main(int argc, char **argv)
{
    static const hh_case cases[] = {
        {"malformed", malformed},
        {"oversized", oversized},
        {"wrong_phase_and_illegal", wrong_phase_and_illegal},
        {"version_and_codes", version_and_codes},
        {"flood", flood},
        {"heavy_bots", heavy_bots},
        {"observer_flood", observer_flood},
        {"join_guess", join_guess},
        {"idle_conns", idle_conns},
    };
    return hh_main(argc, argv, NULL, cases, HH_COUNT(cases), &gg_check_failures);
}
