/* Integration tests of gg-server's games: complete games with the
 * reference bots over ENet and TCP, team seats, hidden information,
 * moderator commands, missed deadlines, reconnection.
 * Usage: test_host_game GG_SERVER_BINARY CASE */
#include "gg/game.h"
#include "host_driver.h"

#define SEED 20131907

static hh_server sv;

static int start(const char *data)
{
    return hh_start_game_server(&sv, data);
}

/* Creates a game through a throwaway lobby connection. */
static int create(gg_msg *create_msg, gg_msg *created)
{
    int r = hh_create_game(&sv, create_msg, created);
    EXPECT(r == 0);
    return r;
}

/* Stream sequence numbers a client saw are 1, 2, 3, ... with no gap and
 * no repeat (from `from` on). */
static int contiguous(const hh_client *c, uint32_t from)
{
    uint32_t expect = from;
    for (int i = 0; i < c->nseqs; i++) {
        if (c->seqs[i] < from)
            continue;
        if (c->seqs[i] != expect) {
            fprintf(stderr, "seq %u where %u was expected\n", c->seqs[i], expect);
            return 0;
        }
        expect++;
    }
    return 1;
}

/* Four seats played by the reference bots over the network: two over
 * ENet, two over TCP, plus an observer. */
static void full_game(int all_tcp)
{
    if (start(NULL))
        return;
    gg_msg c, created;
    hh_create_msg(&c, "classroom", SEED);
    if (create(&c, &created))
        return;
    hh_seat seats[GG_SEATS];
    for (int s = 0; s < GG_SEATS; s++)
        EXPECT(hh_seat_open(&seats[s], &sv, all_tcp || (s & 1), created.u.game_created.codes.v[s],
                            s, "greedy", SEED) == 0);
    hh_client obs;
    EXPECT(hh_connect(&obs, &sv, 0) == 0 &&
           hh_join(&obs, created.u.game_created.observer_code) == 0);
    EXPECT(hh_play(seats, GG_SEATS, 60000) == 0);
    gg_msg over;
    EXPECT(hh_take(&obs, GG_MSG_game_over, &over, 5000));
    for (int s = 0; s < GG_SEATS; s++) {
        EXPECT(seats[s].over);
        EXPECT(seats[s].actions >= 2 * 6); /* diplomacy and orders, six turns */
        EXPECT_EQ(seats[s].game_over.u.game_over.hash, over.u.game_over.hash);
        EXPECT(contiguous(&seats[s].cl, seats[s].cl.seqs[0]));
        hh_close(&seats[s].cl);
    }
    EXPECT(over.u.game_over.reason == GG_END_LAST_TURN ||
           over.u.game_over.reason == GG_END_ESCALATION ||
           over.u.game_over.reason == GG_END_SOVEREIGNTY);
    hh_close(&obs);
    hh_close_all();
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0); /* an orderly shutdown exits 0 */
}

/* Server bots in three seats, one networked seat. */
static void bots_three_seats(void)
{
    if (start(NULL))
        return;
    gg_msg c, created;
    hh_create_msg(&c, "belt-and-road", SEED);
    for (int s = 0; s < GG_KAZAKHSTAN; s++)
        snprintf(c.u.create_game.bots.v[s], sizeof c.u.create_game.bots.v[s], "greedy");
    if (create(&c, &created))
        return;
    hh_seat kz;
    EXPECT(hh_seat_open(&kz, &sv, 0, created.u.game_created.codes.v[GG_KAZAKHSTAN], GG_KAZAKHSTAN,
                        "greedy", SEED) == 0);
    EXPECT(hh_play(&kz, 1, 60000) == 0);
    EXPECT(kz.over);
    hh_close_all();
    server_stop(&sv, SIGTERM);
}

static void team_seat(void)
{
    if (start(NULL))
        return;
    gg_msg c, created;
    hh_create_msg(&c, "classroom", SEED);
    c.u.create_game.teams = 1;
    if (create(&c, &created))
        return;
    const gg_seat_strs *codes = &created.u.game_created.codes;
    hh_client a, b, ru;
    EXPECT(hh_connect(&a, &sv, 0) == 0 && hh_join(&a, codes->v[0]) == 0);
    EXPECT(hh_connect(&b, &sv, 1) == 0 && hh_join(&b, codes->v[0]) == 0);
    EXPECT(hh_connect(&ru, &sv, 0) == 0 && hh_join(&ru, codes->v[1]) == 0);
    EXPECT(a.who == GG_CHINA && b.who == GG_CHINA);
    EXPECT(hh_take(&a, GG_MSG_state, NULL, 2000) && hh_take(&b, GG_MSG_state, NULL, 2000));
    /* Team chat reaches the team member, not Russia. */
    gg_msg m, r;
    gg_msg_init(&m, GG_MSG_chat);
    m.u.chat.channel = GG_CHAN_TEAM;
    snprintf(m.u.chat.text, sizeof m.u.chat.text, "let's buy consent");
    EXPECT(hh_send(&a, &m) == 0);
    gg_msg got;
    EXPECT(hh_take(&b, GG_MSG_chat, &got, 2000));
    EXPECT(!strcmp(got.u.chat.text, "let's buy consent") && got.u.chat.from == GG_CHINA);
    hh_pump(&ru, 300);
    EXPECT(!hh_has(&ru, GG_MSG_chat));
    /* Either member's orders reach both through the seat's stream. */
    gg_msg_init(&m, GG_MSG_ready);
    EXPECT(hh_request(&a, &m, &r, 2000) == GG_MSG_ok);
    hh_close_all();
    server_stop(&sv, SIGTERM);

    /* Without teams a second join takes the seat over: the first connection
     * is told TAKEN_OVER and closed, and its token stops working. */
    if (start(NULL))
        return;
    c.u.create_game.teams = 0;
    if (create(&c, &created))
        return;
    EXPECT(hh_connect(&a, &sv, 0) == 0 && hh_join(&a, created.u.game_created.codes.v[0]) == 0);
    EXPECT(hh_connect(&b, &sv, 0) == 0);
    gg_msg_init(&m, GG_MSG_join);
    snprintf(m.u.join.code, sizeof m.u.join.code, "%.16s", created.u.game_created.codes.v[0]);
    EXPECT(hh_request(&b, &m, &r, 2000) == GG_MSG_joined);
    gg_msg gone;
    EXPECT(hh_take(&a, GG_MSG_error, &gone, 2000) && gone.u.error.code == GG_ETAKEN_OVER);
    hh_pump(&a, 500);
    EXPECT(a.closed);
    hh_client c2;
    EXPECT(hh_connect(&c2, &sv, 0) == 0);
    EXPECT(hh_resume(&c2, a.token, 0) != 0); /* the first token was revoked */
    hh_close_all();
    server_stop(&sv, SIGTERM);
}

/* Joins every seat (returns clients in cl[]), plus an observer. */
static int join_all(const gg_msg *created, hh_client cl[GG_SEATS], hh_client *obs)
{
    for (int s = 0; s < GG_SEATS; s++)
        if (hh_connect(&cl[s], &sv, s & 1) || hh_join(&cl[s], created->u.game_created.codes.v[s]))
            return -1;
    if (obs && (hh_connect(obs, &sv, 0) || hh_join(obs, created->u.game_created.observer_code)))
        return -1;
    return 0;
}

static void hidden_information(void)
{
    if (start(NULL))
        return;
    gg_msg c, created, m, r;
    hh_create_msg(&c, "belt-and-road", SEED);
    if (create(&c, &created))
        return;
    hh_client cl[GG_SEATS], obs;
    EXPECT(join_all(&created, cl, &obs) == 0);
    /* Private chat China -> Russia: Russia gets it, the West and observers don't. */
    gg_msg_init(&m, GG_MSG_chat);
    m.u.chat.channel = GG_CHAN_PRIVATE;
    m.u.chat.to = 1u << GG_RUSSIA;
    snprintf(m.u.chat.text, sizeof m.u.chat.text, "spheres?");
    EXPECT(hh_send(&cl[GG_CHINA], &m) == 0);
    EXPECT(hh_take(&cl[GG_RUSSIA], GG_MSG_chat, NULL, 2000));
    /* An unaccepted proposal China -> Kazakhstan: parties only. */
    gg_msg_init(&m, GG_MSG_propose);
    m.u.propose.parties = 1u << GG_KAZAKHSTAN;
    m.u.propose.clauses.n = 1;
    m.u.propose.clauses.c[0] = (gg_clause){GG_CLAUSE_CONSENT, GG_CHINA, 0, GG_CONSENT_ANY, 2, 0};
    EXPECT(hh_request(&cl[GG_CHINA], &m, &r, 2000) == GG_MSG_ok);
    EXPECT(hh_take(&cl[GG_KAZAKHSTAN], GG_MSG_deal_update, NULL, 2000));
    /* A seat code acts only for its seat: the West cannot order a Chinese loan. */
    gg_msg_init(&m, GG_MSG_ready);
    for (int s = 0; s < GG_SEATS; s++)
        EXPECT(hh_request(&cl[s], &m, &r, 2000) == GG_MSG_ok);
    EXPECT(hh_take(&cl[GG_WEST], GG_MSG_state, NULL, 3000)); /* orders phase */
    gg_msg_init(&m, GG_MSG_orders);
    m.u.orders.orders.count = 1;
    m.u.orders.orders.o[0] = (gg_order){GG_ACT_CN_LOAN, 0, 0};
    EXPECT(hh_request(&cl[GG_WEST], &m, &r, 2000) == GG_MSG_error &&
           r.u.error.code == GG_EWRONG_SEAT && r.u.error.errs.v[0] == GG_EWRONG_SEAT);
    EXPECT(hh_request(&obs, &m, &r, 2000) == GG_MSG_error && r.u.error.code == GG_EFORBIDDEN);
    /* China's real orders: acknowledged on China's stream only. */
    m.u.orders.orders.o[0] = (gg_order){GG_ACT_CN_ELITE_FORUM, 0, 0};
    EXPECT(hh_request(&cl[GG_CHINA], &m, &r, 2000) != GG_MSG_error);
    EXPECT(hh_take(&cl[GG_CHINA], GG_MSG_orders_ack, NULL, 2000));
    gg_msg_init(&m, GG_MSG_ping);
    for (int s = 1; s < GG_SEATS; s++)
        hh_request(&cl[s], &m, &r, 2000); /* barrier: all sent so far has arrived */
    hh_request(&obs, &m, &r, 2000);
    for (int s = 1; s < GG_SEATS; s++) {
        EXPECT(!hh_has(&cl[s], GG_MSG_orders_ack));
        for (int i = 0; i < cl[s].n; i++) {
            const gg_msg *x = &cl[s].inbox[i];
            if (x->type == GG_MSG_state)
                EXPECT_EQ(x->u.state.view.orders[GG_CHINA].count, 0);
            if (x->type == GG_MSG_chat && s != GG_RUSSIA)
                EXPECT(x->u.chat.channel == GG_CHAN_PUBLIC);
            if (x->type == GG_MSG_deal_update && s != GG_KAZAKHSTAN)
                EXPECT(x->u.deal_update.deal.status != GG_DEAL_OPEN);
        }
    }
    for (int i = 0; i < obs.n; i++) {
        EXPECT(obs.inbox[i].type != GG_MSG_orders_ack);
        EXPECT(obs.inbox[i].type != GG_MSG_deal_update ||
               obs.inbox[i].u.deal_update.deal.status != GG_DEAL_OPEN);
        EXPECT(obs.inbox[i].type != GG_MSG_chat || obs.inbox[i].u.chat.channel == GG_CHAN_PUBLIC);
    }
    hh_close_all();
    server_stop(&sv, SIGTERM);
}

static void moderator(void)
{
    char dir[64];
    hh_mkdata(dir, sizeof dir, "mod");
    if (start(dir))
        return;
    gg_msg c, created, m, r;
    hh_create_msg(&c, "classroom", SEED);
    c.u.create_game.dl_diplomacy = 600;
    if (create(&c, &created))
        return;
    hh_client cl[GG_SEATS], mod;
    EXPECT(join_all(&created, cl, NULL) == 0);
    EXPECT(hh_connect(&mod, &sv, 1) == 0 &&
           hh_join(&mod, created.u.game_created.moderator_code) == 0);
    /* A seat may not use moderator commands. */
    gg_msg_init(&m, GG_MSG_pause);
    EXPECT(hh_request(&cl[0], &m, &r, 2000) == GG_MSG_error && r.u.error.code == GG_EFORBIDDEN);
    /* Pause: seats' commands are refused, chat still works. */
    EXPECT(hh_request(&mod, &m, &r, 2000) == GG_MSG_ok);
    gg_msg note;
    EXPECT(hh_take_notice(&cl[1], "paused", &note, 2000));
    gg_msg_init(&m, GG_MSG_ready);
    EXPECT(hh_request(&cl[0], &m, &r, 2000) == GG_MSG_error && r.u.error.code == GG_EGAME_PAUSED);
    gg_msg_init(&m, GG_MSG_extend);
    m.u.extend.secs = 120;
    EXPECT(hh_request(&mod, &m, &r, 2000) == GG_MSG_ok);
    EXPECT(hh_take_notice(&cl[1], "extended", &note, 2000) && note.u.notice.secs == 120);
    gg_msg st = {0}; /* the newest state: paused, with the extended clock */
    gg_msg_init(&m, GG_MSG_ping);
    hh_request(&cl[1], &m, &r, 2000);
    while (hh_take(&cl[1], GG_MSG_state, &r, 0))
        st = r;
    EXPECT(st.u.state.paused == 1 && st.u.state.deadline_ms > 600 * 1000);
    gg_msg_init(&m, GG_MSG_resume_game);
    EXPECT(hh_request(&mod, &m, &r, 2000) == GG_MSG_ok);
    EXPECT(hh_take_notice(&cl[1], "resumed", &note, 2000));
    /* Inject an event from the deck. */
    gg_msg_init(&m, GG_MSG_inject_event);
    m.u.inject_event.event = (uint8_t)gg_event_find("taliban_spillover");
    EXPECT(hh_request(&mod, &m, &r, 2000) == GG_MSG_ok);
    EXPECT(hh_take_notice(&cl[2], "event", &note, 2000));
    /* A bot takes the West; the others ready up; the game goes on. */
    gg_msg_init(&m, GG_MSG_replace_with_bot);
    m.u.replace_with_bot.seat = GG_WEST;
    EXPECT(hh_request(&mod, &m, &r, 2000) == GG_MSG_ok);
    gg_msg_init(&m, GG_MSG_ready);
    for (int s = 0; s < GG_SEATS; s++)
        if (s != GG_WEST)
            EXPECT(hh_request(&cl[s], &m, &r, 2000) == GG_MSG_ok);
    gg_msg orders_state;
    int in_orders = 0;
    for (int i = 0; i < 20 && !in_orders; i++)
        if (hh_take(&cl[0], GG_MSG_state, &orders_state, 500))
            in_orders = orders_state.u.state.phase == GG_PHASE_ORDERS;
    EXPECT(in_orders);
    /* Export the replay: the parts concatenate to a valid replay file of
     * this game, with this phase's commands (not yet committed) in it, and
     * no file is left in the data directory. */
    gg_msg_init(&m, GG_MSG_export_replay);
    EXPECT(hh_request(&mod, &m, &r, 5000) == GG_MSG_replay);
    EXPECT(r.u.replay.part == 1 && r.u.replay.data.len > 8);
    static uint8_t file[1 << 20];
    size_t flen = 0;
    uint32_t parts = r.u.replay.parts;
    for (uint32_t part = 1; part <= parts; part++) {
        if (part > 1)
            EXPECT(hh_take(&mod, GG_MSG_replay, &r, 3000));
        EXPECT_EQ(r.u.replay.part, part);
        if (flen + r.u.replay.data.len <= sizeof file) {
            memcpy(file + flen, r.u.replay.data.p, r.u.replay.data.len);
            flen += r.u.replay.data.len;
        }
    }
    gg_replay *rp = NULL;
    char why[256] = "";
    EXPECT(gg_replay_create(file, flen, &rp, why, sizeof why) == 0);
    if (rp) {
        const gg_replay_header *hd = gg_replay_get_header(rp);
        EXPECT(!strcmp(hd->scenario, "classroom"));
        EXPECT_EQ(hd->finished, 0);
        EXPECT(hd->n_records >= GG_SEATS + 2); /* joins, readies, the bot's takeover */
        gg_replay_destroy(rp);
    } else {
        fprintf(stderr, "replay: %s\n", why);
    }
    char ls[512];
    snprintf(ls, sizeof ls, "ls %s | grep -qv '^games.db'", dir);
    EXPECT(system(ls) != 0); /* only the database (and its journal files) */
    /* End the game: everyone gets game_over, reason moderator. */
    gg_msg_init(&m, GG_MSG_end_game);
    EXPECT(hh_request(&mod, &m, &r, 2000) == GG_MSG_ok);
    gg_msg over;
    EXPECT(hh_take(&cl[3], GG_MSG_game_over, &over, 3000));
    EXPECT_EQ(over.u.game_over.reason, GG_END_MODERATOR);
    hh_close_all();
    server_stop(&sv, SIGTERM);
    hh_rmdata(dir);
}

/* Nobody plays: one-second deadlines and the `bot` policy carry the game. */
static void missed_deadline_bot(void)
{
    if (start(NULL))
        return;
    gg_msg c, created;
    hh_create_msg(&c, "classroom", SEED);
    c.u.create_game.dl_diplomacy = 1;
    c.u.create_game.dl_orders = 1;
    c.u.create_game.dl_crisis = 1;
    c.u.create_game.missed = GG_MISS_BOT;
    c.u.create_game.turns = 2;
    if (create(&c, &created))
        return;
    hh_client ru;
    EXPECT(hh_connect(&ru, &sv, 0) == 0 &&
           hh_join(&ru, created.u.game_created.codes.v[GG_RUSSIA]) == 0);
    gg_msg note, tr, over;
    EXPECT(hh_take_notice(&ru, "bot", &note, 10000) && note.u.notice.who != GG_ABSENT);
    EXPECT(hh_take(&ru, GG_MSG_turn_result, &tr, 5000));
    EXPECT(hh_take(&ru, GG_MSG_game_over, &over, 10000));
    hh_close_all();
    server_stop(&sv, SIGTERM);
}

/* `repeat`: a seat that misses the orders deadline plays its last orders
 * again (those still legal). */
static void missed_deadline_repeat(void)
{
    if (start(NULL))
        return;
    gg_msg c, created, m, r;
    hh_create_msg(&c, "classroom", SEED);
    c.u.create_game.dl_diplomacy = 1;
    c.u.create_game.dl_orders = 1;
    c.u.create_game.dl_crisis = 1;
    c.u.create_game.missed = GG_MISS_REPEAT;
    c.u.create_game.turns = 3;
    for (int s = 1; s < GG_SEATS; s++)
        snprintf(c.u.create_game.bots.v[s], sizeof c.u.create_game.bots.v[s], "greedy");
    if (create(&c, &created))
        return;
    hh_client cn;
    EXPECT(hh_connect(&cn, &sv, 1) == 0 &&
           hh_join(&cn, created.u.game_created.codes.v[GG_CHINA]) == 0);
    /* Turn 1: China orders an elite forum and readies up. */
    gg_msg_init(&m, GG_MSG_ready);
    EXPECT(hh_request(&cn, &m, &r, 2000) == GG_MSG_ok);
    int in_orders = 0;
    for (int i = 0; i < 40 && !in_orders; i++)
        if (hh_take(&cn, GG_MSG_state, &r, 100))
            in_orders = r.u.state.phase == GG_PHASE_ORDERS;
    EXPECT(in_orders);
    gg_msg_init(&m, GG_MSG_orders);
    m.u.orders.orders.count = 1;
    m.u.orders.orders.o[0] = (gg_order){GG_ACT_CN_ELITE_FORUM, 0, 0};
    EXPECT(hh_request(&cn, &m, &r, 2000) == GG_MSG_ok);
    gg_msg_init(&m, GG_MSG_ready);
    EXPECT(hh_request(&cn, &m, &r, 2000) == GG_MSG_ok);
    gg_msg tr;
    EXPECT(hh_take(&cn, GG_MSG_turn_result, &tr, 5000) && tr.u.turn_result.turn == 1);
    /* Turn 2: China does nothing; the deadlines pass; its orders repeat. */
    EXPECT(hh_take(&cn, GG_MSG_turn_result, &tr, 8000));
    EXPECT_EQ(tr.u.turn_result.turn, 2);
    EXPECT_EQ(tr.u.turn_result.report.orders[GG_CHINA].count, 1);
    EXPECT_EQ(tr.u.turn_result.report.orders[GG_CHINA].o[0].action, GG_ACT_CN_ELITE_FORUM);
    hh_close_all();
    server_stop(&sv, SIGTERM);
}

/* A finished game nobody watches any more is freed (its memory does not
 * pile up on a long-running server); a live one is not. */
static void finished_freed(void)
{
    if (server_start(&sv, 0, "--no-journal", "--keep-finished", "0", (char *)NULL) != 0) {
        EXPECT(!"start");
        return;
    }
    gg_msg c, created, m, r;
    hh_create_msg(&c, "classroom", SEED);
    if (create(&c, &created)) /* the one that ends */
        return;
    gg_msg c2, created2;
    hh_create_msg(&c2, "classroom", SEED + 1);
    if (create(&c2, &created2)) /* the one that stays live */
        return;
    hh_client mod, st;
    EXPECT(hh_connect(&mod, &sv, 1) == 0 &&
           hh_join(&mod, created.u.game_created.moderator_code) == 0);
    gg_msg_init(&m, GG_MSG_end_game);
    EXPECT(hh_request(&mod, &m, &r, 2000) == GG_MSG_ok);
    EXPECT(hh_take(&mod, GG_MSG_game_over, NULL, 2000));
    hh_close(&mod);
    EXPECT(hh_connect(&st, &sv, 1) == 0);
    int64_t games = -1, freed = 0;
    for (int i = 0; i < 50 && freed < 1; i++) {
        usleep(100000);
        if ((freed = hh_stat(&st, "games_freed")) < 0)
            break;
        games = hh_stat(&st, "games");
    }
    EXPECT_EQ(freed, 1);
    EXPECT_EQ(games, 1);
    /* Its codes are gone; the live game's still work. */
    gg_msg_init(&m, GG_MSG_join);
    snprintf(m.u.join.code, sizeof m.u.join.code, "%.16s", created.u.game_created.codes.v[0]);
    EXPECT(hh_request(&st, &m, &r, 2000) == GG_MSG_error && r.u.error.code == GG_EBAD_CODE);
    EXPECT(hh_join(&st, created2.u.game_created.codes.v[0]) == 0);
    hh_close_all();
    server_stop(&sv, SIGTERM);
}

/* Nothing happens in a finished game: chat after the game is over is
 * refused (GAME_OVER, by the rules' command check, journal or not: a
 * finished game's journal takes no records either), nobody receives the
 * chat, and the game's state is as before. (gg__game_apply's undo of a command
 * the journal refuses is exercised by the storage-failure tests.) */
static void unjournaled_refused(void)
{
    char dir[64];
    hh_mkdata(dir, sizeof dir, "unjournaled");
    if (start(dir))
        return;
    gg_msg c, created, m, r;
    hh_create_msg(&c, "classroom", SEED);
    if (create(&c, &created))
        return;
    hh_client mod, china;
    EXPECT(hh_connect(&mod, &sv, 1) == 0 &&
           hh_join(&mod, created.u.game_created.moderator_code) == 0);
    EXPECT(hh_connect(&china, &sv, 1) == 0 &&
           hh_join(&china, created.u.game_created.codes.v[GG_CHINA]) == 0);
    /* Before the end, chat is delivered (and needs no reply). */
    gg_msg_init(&m, GG_MSG_chat);
    m.u.chat.channel = GG_CHAN_PUBLIC;
    snprintf(m.u.chat.text, sizeof m.u.chat.text, "before the end");
    EXPECT(hh_send(&china, &m) == 0);
    EXPECT(hh_take(&mod, GG_MSG_chat, NULL, 2000));
    gg_msg_init(&m, GG_MSG_end_game);
    EXPECT(hh_request(&mod, &m, &r, 2000) == GG_MSG_ok);
    EXPECT(hh_take(&mod, GG_MSG_game_over, NULL, 2000));
    EXPECT(hh_take(&china, GG_MSG_game_over, NULL, 2000));
    hh_clear(&mod);
    gg_msg_init(&m, GG_MSG_chat);
    m.u.chat.channel = GG_CHAN_PUBLIC;
    snprintf(m.u.chat.text, sizeof m.u.chat.text, "after the end");
    int t = hh_request(&china, &m, &r, 2000);
    EXPECT_EQ(t, GG_MSG_error);
    if (t == GG_MSG_error)
        EXPECT_EQ(r.u.error.code, GG_EGAME_OVER);
    gg_msg_init(&m, GG_MSG_ping);
    EXPECT(hh_request(&mod, &m, &r, 2000) == GG_MSG_pong);
    EXPECT(!hh_has(&mod, GG_MSG_chat)); /* nobody heard it */
    hh_close_all();
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0);
    hh_rmdata(dir);
}

/* A reply that cannot be queued (out of memory) is not dropped in silence:
 * the server counts it (stats sends_dropped) and closes the connection, so
 * the client knows to reconnect; other clients carry on. */
static void send_dropped(void)
{
    if (server_start(&sv, 0, "--no-journal", "--test-fail-send-alloc", "1", (char *)NULL) != 0) {
        EXPECT(!"start");
        return;
    }
    hh_client a, b;
    EXPECT(hh_open(&a, &sv, 1) == 0);
    EXPECT(hh_hello(&a) != 0); /* its welcome could not be queued */
    int closed = 0;
    for (int i = 0; i < 100 && !closed; i++)
        closed = hh_pump(&a, 50) < 0;
    EXPECT(closed);
    EXPECT(hh_connect(&b, &sv, 1) == 0);
    EXPECT_EQ(hh_stat(&b, "sends_dropped"), 1);
    hh_close_all();
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0);
    EXPECT(hh_logged(&sv, "event=send_dropped"));
}

/* The disk fills up while games are being created: the server says so
 * (STORAGE_IO) instead of acknowledging what it could not save, refuses
 * new games from then on, stays up, and after a restart every game it did
 * acknowledge is in the store — nothing acknowledged is lost. */
static void storage_full(void)
{
    char dir[64];
    hh_mkdata(dir, sizeof dir, "full");
    if (server_start(&sv, 0, "--data", dir, "--test-storage-pages", "3", "--max-games-per-addr",
                     "0", "--create-per-min", "0", (char *)NULL) != 0) {
        EXPECT(!"start");
        return;
    }
    hh_client c;
    EXPECT(hh_connect(&c, &sv, 1) == 0);
    int acknowledged = 0, failed_at = -1;
    for (int i = 0; i < 400 && failed_at < 0; i++) {
        gg_msg m, r;
        hh_create_msg(&m, "belt-and-road", (uint64_t)i + 1);
        for (int s = 0; s < GG_SEATS; s++) /* bots make every game write a lot */
            snprintf(m.u.create_game.bots.v[s], sizeof m.u.create_game.bots.v[s], "random");
        int t = hh_request(&c, &m, &r, 3000);
        if (t == GG_MSG_game_created) {
            acknowledged++;
            continue;
        }
        /* The reply was withheld and STORAGE_IO answered the request (its
         * rid) instead, or the request itself was refused with it: either
         * way the request has its answer, nothing waits in silence. */
        EXPECT_EQ(t, GG_MSG_error);
        EXPECT(t == GG_MSG_error && r.u.error.code == GG_ESTORAGE_IO);
        failed_at = i;
    }
    EXPECT(failed_at >= 0);
    /* From now on new games are refused, clearly; the server still answers. */
    gg_msg m, r;
    hh_create_msg(&m, "classroom", 7);
    EXPECT(hh_request(&c, &m, &r, 3000) == GG_MSG_error && r.u.error.code == GG_ESTORAGE_IO);
    gg_msg_init(&m, GG_MSG_ping);
    EXPECT(hh_request(&c, &m, &r, 2000) == GG_MSG_pong);
    hh_close_all();
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0);
    EXPECT(hh_logged(&sv, "event=journal_commit_failed"));
    /* Every acknowledged game is in the store; list itself must work on the
     * full disk's store. */
    int stored = hh_stored_games(dir, "belt-and-road");
    EXPECT(stored >= acknowledged);
    if (stored < acknowledged)
        fprintf(stderr, "acknowledged %d games, the store has %d\n", acknowledged, stored);
    hh_rmdata(dir);
}

/* A data directory that cannot hold a database: a clear message and a
 * non-zero exit, not a server without its journal. */
static void storage_unavailable(void)
{
    char cmd[512];
    snprintf(
        cmd, sizeof cmd,
        "%s --port 0 --data /proc/self/gg-cannot-be-here > /dev/null 2> /tmp/gg-storage-%d.err",
        hh_server_bin, (int)getpid());
    int rc = system(cmd);
    EXPECT(WIFEXITED(rc) && WEXITSTATUS(rc) == 1);
    snprintf(cmd, sizeof cmd, "grep -q 'cannot open the journal' /tmp/gg-storage-%d.err",
             (int)getpid());
    EXPECT(system(cmd) == 0);
    snprintf(cmd, sizeof cmd, "/tmp/gg-storage-%d.err", (int)getpid());
    unlink(cmd);
}

/* A client drops in the middle of a phase and resumes: it gets exactly
 * what it missed, in order, then live messages. */
static void reconnect(void)
{
    if (start(NULL))
        return;
    gg_msg c, created, m, r;
    hh_create_msg(&c, "belt-and-road", SEED);
    if (create(&c, &created))
        return;
    hh_client cl[GG_SEATS];
    EXPECT(join_all(&created, cl, NULL) == 0);
    gg_msg_init(&m, GG_MSG_ping);
    hh_request(&cl[GG_CHINA], &m, &r, 2000);
    hh_pump(&cl[GG_CHINA], 100);
    uint32_t last = cl[GG_CHINA].last_seq;
    char token[GG_MAX_TOKEN + 1];
    snprintf(token, sizeof token, "%s", cl[GG_CHINA].token);
    hh_close(&cl[GG_CHINA]);
    /* While China is away: public chat, a proposal to China, ready. */
    gg_msg_init(&m, GG_MSG_chat);
    m.u.chat.channel = GG_CHAN_PUBLIC;
    snprintf(m.u.chat.text, sizeof m.u.chat.text, "where is China?");
    EXPECT(hh_send(&cl[GG_WEST], &m) == 0);
    gg_msg_init(&m, GG_MSG_propose);
    m.u.propose.parties = 1u << GG_CHINA;
    m.u.propose.clauses.n = 1;
    m.u.propose.clauses.c[0] = (gg_clause){GG_CLAUSE_ACCORD, 0, 0, GG_ACC_SPHERES, 0, 0};
    EXPECT(hh_request(&cl[GG_RUSSIA], &m, &r, 2000) == GG_MSG_ok);
    hh_client back;
    EXPECT(hh_connect(&back, &sv, 1) == 0);
    EXPECT(hh_resume(&back, token, last) == 0);
    EXPECT(hh_take(&back, GG_MSG_deal_update, NULL, 2000));
    gg_msg_init(&m, GG_MSG_ping);
    hh_request(&back, &m, &r, 2000);
    int chats = 0;
    for (int i = 0; i < back.n; i++)
        chats += back.inbox[i].type == GG_MSG_chat;
    EXPECT(chats >= 1 || hh_take(&back, GG_MSG_chat, NULL, 10));
    EXPECT(back.nseqs >= 3); /* joined notices + chat + deal_update */
    EXPECT_EQ(back.seqs[0], last + 1);
    EXPECT(contiguous(&back, last + 1));
    /* A token from nowhere is refused. */
    hh_client x;
    EXPECT(hh_connect(&x, &sv, 0) == 0);
    gg_msg_init(&m, GG_MSG_resume);
    snprintf(m.u.resume.token, sizeof m.u.resume.token, "0123456789abcdef");
    EXPECT(hh_request(&x, &m, &r, 2000) == GG_MSG_error && r.u.error.code == GG_EBAD_TOKEN);
    hh_close_all();
    server_stop(&sv, SIGTERM);
}

static void full_mixed(void)
{
    full_game(0);
}

static void full_tcp(void)
{
    full_game(1);
}

int main(int argc, char **argv)
{
    static const hh_case cases[] = {
        {"full_mixed", full_mixed},
        {"full_tcp", full_tcp},
        {"bots_three_seats", bots_three_seats},
        {"team_seat", team_seat},
        {"hidden_information", hidden_information},
        {"moderator", moderator},
        {"missed_deadline_bot", missed_deadline_bot},
        {"reconnect", reconnect},
        {"missed_deadline_repeat", missed_deadline_repeat},
        {"storage_unavailable", storage_unavailable},
        {"finished_freed", finished_freed},
        {"storage_full", storage_full},
        {"send_dropped", send_dropped},
        {"unjournaled_refused", unjournaled_refused},
    };
    return hh_main(argc, argv, NULL, cases, HH_COUNT(cases), &gg_check_failures);
}
