/* Integration tests of the debrief request and reveal-all (issue 16):
 * the moderator gets the debrief at any time; a seat is refused until the
 * game is over, then reads the whole game, another seat's private message
 * and every proposal included; a game created with keep_private ("priv")
 * stays closed to players after the end.
 * Usage: test_host_debrief GG_SERVER CASE */
#include "gg/game.h"
#include "host_driver.h"

static hh_server sv;

/* Asks for the debrief; on success returns the concatenated JSON in js
 * (NUL-terminated) and 0, else the error code (or -1: no answer). */
static int debrief(hh_client *c, char *js, size_t cap)
{
    gg_msg m, r;
    gg_msg_init(&m, GG_MSG_debrief);
    int t = hh_request(c, &m, &r, 5000);
    if (t == GG_MSG_error)
        return r.u.error.code;
    if (t != GG_MSG_debrief_data)
        return -1;
    size_t n = 0;
    uint32_t parts = r.u.debrief_data.parts;
    for (uint32_t part = 1; part <= parts; part++) {
        if (part > 1 && !hh_take(c, GG_MSG_debrief_data, &r, 3000))
            return -1;
        EXPECT_EQ(r.u.debrief_data.part, part);
        EXPECT(r.u.debrief_data.data.len <= GG_MAX_DEBRIEF_CHUNK);
        if (n + r.u.debrief_data.data.len >= cap)
            return -1;
        memcpy(js + n, r.u.debrief_data.data.p, r.u.debrief_data.data.len);
        n += r.u.debrief_data.data.len;
    }
    js[n] = 0;
    return 0;
}

static void run(int keep_private)
{
    char dir[64];
    hh_mkdata(dir, sizeof dir, "debrief");
    EXPECT(server_start(&sv, 0, "--data", dir, "--log-level", "debug", (char *)NULL) == 0);
    gg_msg c, created, m, r;
    hh_create_msg(&c, "belt-and-road", 77);
    c.u.create_game.keep_private = (uint8_t)keep_private;
    hh_client cl[GG_SEATS], mod;
    EXPECT(hh_create_game(&sv, &c, &created) == 0);
    for (int s = 0; s < GG_SEATS; s++)
        EXPECT(hh_connect(&cl[s], &sv, s & 1) == 0 &&
               hh_join(&cl[s], created.u.game_created.codes.v[s]) == 0);
    EXPECT(hh_connect(&mod, &sv, 1) == 0 &&
           hh_join(&mod, created.u.game_created.moderator_code) == 0);
    /* China writes privately to Russia and offers Kazakhstan a deal. */
    gg_msg_init(&m, GG_MSG_chat);
    m.u.chat.channel = GG_CHAN_PRIVATE;
    m.u.chat.to = 1u << GG_RUSSIA;
    snprintf(m.u.chat.text, sizeof m.u.chat.text, "spheres of \"influence\"?");
    EXPECT(hh_send(&cl[GG_CHINA], &m) == 0);
    EXPECT(hh_take(&cl[GG_RUSSIA], GG_MSG_chat, NULL, 2000));
    gg_msg_init(&m, GG_MSG_propose);
    m.u.propose.parties = 1u << GG_KAZAKHSTAN;
    m.u.propose.clauses.n = 1;
    m.u.propose.clauses.c[0] = (gg_clause){GG_CLAUSE_CONSENT, GG_CHINA, 0, GG_CONSENT_ANY, 2, 0};
    EXPECT(hh_request(&cl[GG_CHINA], &m, &r, 2000) == GG_MSG_ok);
    static char js[1 << 20];
    /* Before the end: the West, who saw neither, is refused; the moderator
     * reads both. */
    EXPECT_EQ(debrief(&cl[GG_WEST], js, sizeof js), GG_EFORBIDDEN);
    EXPECT_EQ(debrief(&mod, js, sizeof js), 0);
    EXPECT(strstr(js, "\"text\":\"spheres of \\\"influence\\\"?\"") != NULL);
    EXPECT(strstr(js, "\"deals\":[{\"id\":1,") != NULL);
    EXPECT(strstr(js, "\"finished\":false") != NULL && strstr(js, "\"result\":null") != NULL);
    /* End the game. */
    gg_msg_init(&m, GG_MSG_end_game);
    EXPECT(hh_request(&mod, &m, &r, 2000) == GG_MSG_ok);
    EXPECT(hh_take(&cl[GG_WEST], GG_MSG_game_over, NULL, 3000));
    int rc = debrief(&cl[GG_WEST], js, sizeof js);
    if (keep_private) {
        EXPECT_EQ(rc, GG_EFORBIDDEN);
    } else {
        /* Reveal-all: the West now reads China's private line to Russia,
         * the proposal to Kazakhstan and the result. */
        EXPECT_EQ(rc, 0);
        EXPECT(strstr(js, "\"from\":\"china\",\"ch\":\"private\",\"to\":[\"russia\"],\"text\":"
                          "\"spheres of \\\"influence\\\"?\"") != NULL);
        EXPECT(strstr(js, "\"proposer\":\"china\",\"parties\":[\"china\",\"kazakhstan\"]") != NULL);
        EXPECT(strstr(js, "\"result\":{\"winner\":") != NULL);
    }
    EXPECT_EQ(debrief(&mod, js, sizeof js), 0); /* the moderator, always */
    hh_close_all();
    server_stop(&sv, SIGTERM);
    hh_rmdata(dir);
}

/* Without a journal there is nothing to debrief from: NOT_FOUND. */
static void unjournaled(void)
{
    EXPECT(server_start(&sv, 0, "--no-journal", "--log-level", "debug", (char *)NULL) == 0);
    gg_msg c, created;
    hh_create_msg(&c, "classroom", 5);
    hh_client mod;
    EXPECT(hh_create_game(&sv, &c, &created) == 0);
    EXPECT(hh_connect(&mod, &sv, 0) == 0 &&
           hh_join(&mod, created.u.game_created.moderator_code) == 0);
    static char js[4096];
    EXPECT_EQ(debrief(&mod, js, sizeof js), GG_ENOT_FOUND);
    hh_close_all();
    server_stop(&sv, SIGTERM);
}

static void reveal_all(void)
{
    run(0);
}

static void keep_private(void)
{
    run(1);
}

int main(int argc, char **argv)
{
    static const hh_case cases[] = {
        {"reveal_all", reveal_all},
        {"keep_private", keep_private},
        {"unjournaled", unjournaled},
    };
    return hh_main(argc, argv, NULL, cases, HH_COUNT(cases), &gg_check_failures);
}
