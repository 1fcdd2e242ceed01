/* The lobby and the connection limits against the real gg-server (issue
 * 12.2 and 12.4), each case the attack that found the problem, with a
 * bystander game of four server bots that must keep its pace: a creation
 * flood from one address, the creator key, abandoned games archived (and
 * not reloaded), the loopback reserve when strangers fill the connections,
 * and silent connections after hello closed after their ping.
 * Usage: test_host_lobby GG_SERVER CASE */
#include "abuse_util.h"

#include "gg/util.h"

static hh_server sv;

/* Every case ends here: the attacked server is still healthy, it stops in
 * order. */
static void stop_target(void)
{
    hh_close_all();
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0);
}

#define FLOOD 200

/* Issue 12.2: one address floods create_game (FLOOD requests pipelined on
 * one connection, as the attack that filled the lobby in 5 s did): it gets
 * GG_MAX_GAMES_PER_ADDR games and TOO_MANY_GAMES for the rest; reconnecting
 * does not reset it; another address still creates a game and plays; the
 * bystander keeps its pace. */
static void create_flood(void)
{
    if (server_start(&sv, 0, "--no-journal", (char *)NULL) != 0) {
        EXPECT(!"start");
        return;
    }
    bystander b;
    bystander_start(&b, &sv);
    int fd = hello_from(&sv, "127.0.0.2");
    EXPECT(fd >= 0);
    gg_msg m, r;
    for (int i = 0; i < FLOOD && fd >= 0; i++) {
        hh_create_msg(&m, "classroom", 0);
        m.rid = (uint32_t)i + 2;
        EXPECT(fd_send(fd, &m) == 0);
    }
    int created = 0, too_many = 0, other = 0;
    for (int i = 0; i < FLOOD && fd >= 0; i++) {
        int t = fd_take(fd, &r);
        created += t == GG_MSG_game_created;
        too_many += t == GG_MSG_error && r.u.error.code == GG_ETOO_MANY_GAMES &&
                    !strcmp(r.u.error.where, "games_per_addr");
        other += t != GG_MSG_game_created &&
                 !(t == GG_MSG_error && r.u.error.code == GG_ETOO_MANY_GAMES);
    }
    EXPECT_EQ(created, GG_MAX_GAMES_PER_ADDR);
    EXPECT_EQ(too_many, FLOOD - GG_MAX_GAMES_PER_ADDR);
    EXPECT_EQ(other, 0);
    if (fd >= 0)
        close(fd);
    /* A new connection from the same address is the same creator. */
    fd = hello_from(&sv, "127.0.0.2");
    hh_create_msg(&m, "classroom", 0);
    m.rid = 9;
    EXPECT(fd >= 0 && fd_send(fd, &m) == 0 && fd_take(fd, &r) == GG_MSG_error &&
           r.u.error.code == GG_ETOO_MANY_GAMES);
    if (fd >= 0)
        close(fd);
    /* Another address creates a game and a player joins it. */
    fd = hello_from(&sv, "127.0.0.3");
    EXPECT(fd >= 0 && fd_send(fd, &m) == 0 && fd_take(fd, &r) == GG_MSG_game_created);
    if (fd >= 0)
        close(fd);
    hh_client c;
    gg_msg st;
    EXPECT(hh_connect(&c, &sv, 1) == 0 && hh_join(&c, r.u.game_created.codes.v[GG_CHINA]) == 0 &&
           hh_take(&c, GG_MSG_state, &st, 3000));
    /* 2 bystander games, the flood's share and the other address's one. */
    EXPECT_EQ(hh_stat(&c, "games_live"), 2 + GG_MAX_GAMES_PER_ADDR + 1);
    bystander_check(&b);
    stop_target();
}

#define KEY "room-12-secret"

/* Issue 12.2: a server with a creator key (a classroom) refuses
 * create_game without it or with a wrong one, clearly, and creates with
 * it; the demo game opens without one; the key is in neither the journal
 * nor an export. */
static void create_key(void)
{
    char dir[64];
    if (hh_mkdata(dir, sizeof dir, "lobby") != 0)
        return;
    if (server_start(&sv, 0, "--data", dir, "--create-key", KEY, "--demo", "classroom",
                     (char *)NULL) != 0) {
        EXPECT(!"start");
        return;
    }
    bystander b;
    hh_create_key = KEY; /* the bystander's games, made with the key */
    bystander_start(&b, &sv);
    hh_client c;
    gg_msg m, r;
    EXPECT(hh_connect(&c, &sv, 1) == 0);
    hh_create_msg(&m, "classroom", 3);
    m.u.create_game.create_key[0] = 0;
    EXPECT(hh_request(&c, &m, &r, 3000) == GG_MSG_error && r.u.error.code == GG_EBAD_CREATE_KEY &&
           !strcmp(r.u.error.where, "key"));
    EXPECT(strstr(r.u.error.text, "creator key") != NULL);
    snprintf(m.u.create_game.create_key, sizeof m.u.create_game.create_key, "room-12-secreT");
    m.rid = 0;
    EXPECT(hh_request(&c, &m, &r, 3000) == GG_MSG_error && r.u.error.code == GG_EBAD_CREATE_KEY);
    snprintf(m.u.create_game.create_key, sizeof m.u.create_game.create_key, KEY);
    m.rid = 0;
    EXPECT(hh_request(&c, &m, &r, 3000) == GG_MSG_game_created);
    EXPECT_EQ(hh_stat(&c, "games_live"), 1 + 2 + 1); /* the demo, the bystander's, this one */
    bystander_check(&b);
    hh_close_all();
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "grep -rqa '%s' %s", KEY, dir);
    EXPECT(system(cmd) != 0); /* not journaled */
    snprintf(cmd, sizeof cmd, "%s export --data %s --game 3 --out %s/g3.ggreplay > /dev/null",
             hh_server_bin, dir, dir);
    EXPECT(system(cmd) == 0);
    snprintf(cmd, sizeof cmd, "grep -qa '%s' %s/g3.ggreplay", KEY, dir);
    EXPECT(system(cmd) != 0); /* nor exported */
    hh_rmdata(dir);
}

/* Issue 12.2: games nobody is attached to for --abandon-after are archived
 * (kept in the journal: list shows them finished, export writes them), no
 * longer count, and are not loaded again on a restart; a watched game and
 * the bystander stay. Ids: 1, 2 the bystander's, 3 lonely, 4 watched,
 * 5 left by its player. */
static void abandoned(void)
{
    char dir[64];
    if (hh_mkdata(dir, sizeof dir, "lobby") != 0)
        return;
    if (server_start(&sv, 0, "--data", dir, "--abandon-after", "1", "--keep-finished", "600",
                     (char *)NULL) != 0) {
        EXPECT(!"start");
        return;
    }
    bystander b;
    bystander_start(&b, &sv);
    hh_client c, obs, p;
    gg_msg m, lonely, watched, left, st;
    EXPECT(hh_connect(&c, &sv, 1) == 0);
    hh_create_msg(&m, "classroom", 31);
    EXPECT(hh_create(&c, &m, &lonely) == 0);
    hh_create_msg(&m, "classroom", 32);
    EXPECT(hh_create(&c, &m, &watched) == 0);
    hh_create_msg(&m, "classroom", 33);
    EXPECT(hh_create(&c, &m, &left) == 0);
    EXPECT(hh_connect(&obs, &sv, 1) == 0 &&
           hh_join(&obs, watched.u.game_created.observer_code) == 0);
    EXPECT(hh_connect(&p, &sv, 1) == 0 && hh_join(&p, left.u.game_created.codes.v[GG_CHINA]) == 0);
    hh_close(&p);
    int64_t archived = 0;
    for (int i = 0; i < 150 && archived < 2; i++) { /* a bounded wait, not a timing check */
        usleep(100000);
        hh_pump(&b.obs, 0);
        hh_pump(&obs, 0);
        archived = hh_stat(&c, "games_archived");
    }
    EXPECT_EQ(archived, 2);
    gg_msg_init(&m, GG_MSG_join);
    snprintf(m.u.join.code, sizeof m.u.join.code, "%.16s", lonely.u.game_created.codes.v[GG_CHINA]);
    gg_msg r;
    EXPECT(hh_request(&c, &m, &r, 3000) == GG_MSG_error && r.u.error.code == GG_EBAD_CODE);
    bystander_check(&b);
    hh_close_all();
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0);
    /* In the journal: listed as finished, exportable. */
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "%s list --data %s | grep -E '^3 .*finished' > /dev/null && "
             "%s list --data %s | grep -E '^5 .*finished' > /dev/null && "
             "%s list --data %s | grep -E '^4 .*live' > /dev/null",
             hh_server_bin, dir, hh_server_bin, dir, hh_server_bin, dir);
    EXPECT(system(cmd) == 0);
    snprintf(cmd, sizeof cmd,
             "%s export --data %s --game 3 --out %s/g3.ggreplay > /dev/null && "
             "test $(stat -c %%s %s/g3.ggreplay) -gt 100",
             hh_server_bin, dir, dir, dir);
    EXPECT(system(cmd) == 0);
    /* After a restart: the archived games stay out, the watched one is back. */
    EXPECT(server_start(&sv, 0, "--data", dir, "--abandon-after", "3600", (char *)NULL) == 0);
    EXPECT(hh_connect(&c, &sv, 1) == 0);
    m.rid = 0;
    EXPECT(hh_request(&c, &m, &r, 3000) == GG_MSG_error && r.u.error.code == GG_EBAD_CODE);
    snprintf(m.u.join.code, sizeof m.u.join.code, "%.16s", left.u.game_created.codes.v[GG_CHINA]);
    m.rid = 0;
    EXPECT(hh_request(&c, &m, &r, 3000) == GG_MSG_error && r.u.error.code == GG_EBAD_CODE);
    EXPECT(hh_join(&c, watched.u.game_created.codes.v[GG_RUSSIA]) == 0 &&
           hh_take(&c, GG_MSG_state, &st, 3000));
    stop_target();
    hh_rmdata(dir);
}

#define MAX_CONNS 40
#define STRANGERS 40

/* Issue 12.4: strangers (127.0.0.2.., outside --reserve-from) fill the
 * server's TCP connections (--max-conns) with idle connections; beyond
 * the reserve they are refused with SERVER_FULL, and a moderator from the
 * reserved address still connects and joins; the bystander keeps its pace. */
static void loopback_reserve(void)
{
    if (server_start(&sv, 0, "--no-journal", "--max-conns", GG_STR(MAX_CONNS), "--reserve-from",
                     "127.0.0.1/32", "--max-conns-per-addr", "1000", "--handshake-timeout-ms",
                     "60000", (char *)NULL) != 0) {
        EXPECT(!"start");
        return;
    }
    bystander b;
    bystander_start(&b, &sv); /* 2 connections from 127.0.0.1 */
    hh_client c, mod;
    gg_msg m, created, st;
    hh_create_msg(&m, "classroom", 41);
    EXPECT(hh_connect(&c, &sv, 1) == 0 && hh_create(&c, &m, &created) == 0);
    int fds[STRANGERS];
    for (int i = 0; i < STRANGERS; i++) {
        char src[32];
        snprintf(src, sizeof src, "127.0.0.%d", 2 + i);
        struct sockaddr_in a = {.sin_family = AF_INET}, d = {.sin_family = AF_INET};
        inet_pton(AF_INET, src, &a.sin_addr);
        inet_pton(AF_INET, "127.0.0.1", &d.sin_addr);
        d.sin_port = htons((uint16_t)sv.port);
        fds[i] = socket(AF_INET, SOCK_STREAM, 0);
        EXPECT(fds[i] >= 0 && bind(fds[i], (struct sockaddr *)&a, sizeof a) == 0 &&
               connect(fds[i], (struct sockaddr *)&d, sizeof d) == 0);
    }
    usleep(500000); /* the server has accepted (or refused) them all */
    int open_ = 0, refused = 0;
    for (int i = 0; i < STRANGERS; i++) {
        int f = raw_fate(fds[i], 0);
        open_ += f == -1;
        refused += f == 1;
    }
    /* 3 of ours; the strangers get at most the unreserved rest. */
    int reserve = GG_TCP_LOOPBACK_RESERVE < MAX_CONNS / 4 ? GG_TCP_LOOPBACK_RESERVE : MAX_CONNS / 4;
    EXPECT(open_ <= MAX_CONNS - reserve - 3 + 1);
    EXPECT(open_ >= MAX_CONNS - reserve - 3 - 1);
    EXPECT_EQ(open_ + refused, STRANGERS);
    /* The moderator on the server machine gets in, joins and acts. */
    EXPECT(hh_connect(&mod, &sv, 1) == 0 &&
           hh_join(&mod, created.u.game_created.moderator_code) == 0 &&
           hh_take(&mod, GG_MSG_state, &st, 3000));
    gg_msg r;
    gg_msg_init(&m, GG_MSG_pause);
    EXPECT(hh_request(&mod, &m, &r, 3000) == GG_MSG_ok);
    bystander_check(&b);
    for (int i = 0; i < STRANGERS; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    stop_target();
}

#define SILENT 30

/* Issue 12.4: connections that say hello and then fall silent (never
 * answering the server's ping) are closed after --idle-timeout-ms, each
 * pinged first; clients that answer (the bystander's) stay and keep their
 * pace. */
static void idle_after_hello(void)
{
    if (server_start(&sv, 0, "--no-journal", "--idle-timeout-ms", "1500", (char *)NULL) != 0) {
        EXPECT(!"start");
        return;
    }
    bystander b;
    bystander_start(&b, &sv);
    int fds[SILENT];
    for (int i = 0; i < SILENT; i++)
        EXPECT((fds[i] = hello_from(&sv, "127.0.0.2")) >= 0);
    int closed = 0, pinged = 0;
    uint8_t done[SILENT] = {0};
    for (int round = 0; round < 200 && closed < SILENT; round++) { /* bounded: 20 s */
        hh_pump(&b.obs, 0);
        hh_pump(&b.c, 0);
        for (int i = 0; i < SILENT; i++) {
            if (done[i] || fds[i] < 0)
                continue;
            struct pollfd pf = {.fd = fds[i], .events = POLLIN};
            if (poll(&pf, 1, 0) != 1)
                continue;
            gg_msg r;
            int t = fd_take(fds[i], &r);
            if (t == GG_MSG_ping)
                pinged++;
            else {
                done[i] = 1;
                closed++;
            }
        }
        usleep(100000);
    }
    EXPECT_EQ(closed, SILENT);
    EXPECT(pinged >= SILENT);
    for (int i = 0; i < SILENT; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    bystander_check(&b);
    stop_target();
}

int main(int argc, char **argv)
{
    static const hh_case cases[] = {
        {"create_flood", create_flood},
        {"create_key", create_key},
        {"abandoned", abandoned},
        {"loopback_reserve", loopback_reserve},
        {"idle_after_hello", idle_after_hello},
    };
    return hh_main(argc, argv, NULL, cases, HH_COUNT(cases), &gg_check_failures);
}
