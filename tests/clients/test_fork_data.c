/* test_fork_data.c — gg_fork (game/fork.c): which journal records a fork
 * keeps. A game played here command by command (greedy orders, with chat,
 * a pause, a join and a moderator's bot hand-over between them) is fed to
 * a fork at turn 2: it keeps exactly the records that change the rules
 * state up to turn 2's resolution, stops there, and those records alone
 * rebuild the live game's state after turn 2 (its hash); bad inputs are
 * refused. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <string.h>

#include "../check.h"
#include "played_game.h"

static uint64_t live_hash[GG_MAX_TURNS + 1]; /* right after each resolution */
static int resolving[GG_MAX_TURNS + 1];      /* the record that resolved each turn */

static void applied(pg_game *g, int resolved)
{
    if (resolved) {
        live_hash[resolved] = gg_state_hash(&g->s);
        resolving[resolved] = pg_nrec - 1;
    }
}

/* The host's own records every diplomacy phase: chat, a pause and resume,
 * a bot hand-over. */
static int host_records(pg_game *g)
{
    gg_msg m;
    gg_msg_init(&m, GG_MSG_chat);
    m.u.chat.channel = GG_CHAN_PUBLIC;
    snprintf(m.u.chat.text, sizeof m.u.chat.text, "turn %d", g->s.turn);
    CHECK(pg_apply(g, GG_CHINA, &m) == 0);
    gg_msg_init(&m, GG_MSG_pause);
    CHECK(pg_apply(g, GG_WHO_MODERATOR, &m) == 0);
    gg_msg_init(&m, GG_MSG_resume_game);
    CHECK(pg_apply(g, GG_WHO_MODERATOR, &m) == 0);
    gg_msg_init(&m, GG_MSG_replace_with_bot);
    m.u.replace_with_bot.seat = GG_WEST;
    CHECK(pg_apply(g, GG_WHO_MODERATOR, &m) == 0);
    return 0;
}

/* Belt-and-road from seed 9, greedy orders, with the host's own records
 * (a join first, then host_records every turn). */
static int play(gg_msg *create)
{
    static pg_game g;
    memset(&g, 0, sizeof g);
    gg_msg_init(create, GG_MSG_create_game);
    snprintf(create->u.create_game.scenario, sizeof create->u.create_game.scenario,
             "belt-and-road");
    gg_options opt;
    gg_command_options(create, &opt);
    CHECK(gg_init(&g.s, gg_scenario_find("belt-and-road"), 9, &opt) == 0);
    for (int i = 0; i < GG_SEATS; i++)
        CHECK(gg_bot_init(&g.bots[i], "greedy", i, 9) == 0);
    g.diplomacy = host_records;
    g.applied = applied;
    pg_nrec = 0;
    gg_msg m;
    gg_msg_init(&m, GG_MSG_joined);
    snprintf(m.u.joined.game, sizeof m.u.joined.game, "1");
    m.u.joined.who = GG_CHINA;
    m.u.joined.role = GG_ROLE_PLAYER;
    snprintf(m.u.joined.token, sizeof m.u.joined.token, "00ff");
    CHECK(pg_record(GG_REC_JOIN, &m) == 0);
    return pg_play(&g);
}

static int host_only(int type)
{
    return type == -1 || type == GG_MSG_chat || type == GG_MSG_pause ||
           type == GG_MSG_resume_game || type == GG_MSG_replace_with_bot;
}

/* The fork at turn 2 keeps the rules' records up to turn 2's resolution;
 * replayed alone they give the live hash after turn 2. */
static int keeps(void)
{
    static gg_msg create;
    CHECK(play(&create) == 0);
    CHECK(resolving[2] > 0 && live_hash[2] != 0);
    static gg_fork f;
    CHECK(gg_fork_init(&f, &create, 9, 2) == 0);
    static int kept[PG_MAXREC];
    int nkept = 0;
    for (int i = 0; i < pg_nrec; i++) {
        int r = gg_fork_record(&f, (uint32_t)i + 1, pg_recs[i].kind, pg_recs[i].p, pg_recs[i].n);
        CHECK_MSG(r == 0 || r == 1, "record %d: %d", i, r);
        int want = i <= resolving[2] && !host_only(pg_recs[i].type);
        CHECK_MSG(r == want, "record %d (type %d): kept %d, want %d", i, pg_recs[i].type, r, want);
        if (r == 1)
            kept[nkept++] = i;
        CHECK(f.done == (i >= resolving[2]));
    }
    CHECK(f.done && f.hashes.last == 2);
    CHECK(gg_state_hash(&f.s) == live_hash[2]);
    CHECK(f.hashes.hash[1] == live_hash[1] && f.hashes.hash[2] == live_hash[2]);
    /* The kept records alone, re-applied: the live state after turn 2. */
    gg_state s;
    gg_options opt;
    gg_command_options(&create, &opt);
    CHECK(gg_init(&s, gg_scenario_find("belt-and-road"), 9, &opt) == 0);
    for (int k = 0; k < nkept; k++) {
        int who;
        gg_msg m;
        const pg_rec *r = &pg_recs[kept[k]];
        CHECK(gg_record_decode(r->kind, r->p, r->n, &who, &m) == 0);
        CHECK(gg_command_apply(&s, who, &m, NULL) == 0);
    }
    CHECK(gg_state_hash(&s) == live_hash[2]);
    return 0;
}

/* A turn out of range, another scenario's options, a record the rules
 * refuse, an undecodable one. */
static int refusals(void)
{
    static gg_msg create, m;
    static gg_fork f;
    CHECK(play(&create) == 0);
    CHECK(gg_fork_init(&f, &create, 9, 0) == GG_EMSG_BAD_FIELD);
    CHECK(gg_fork_init(&f, &create, 9, GG_MAX_TURNS + 1) == GG_EMSG_BAD_FIELD);
    gg_msg_init(&m, GG_MSG_join);
    CHECK(gg_fork_init(&f, &m, 9, 1) == GG_EBAD_OPTION);
    m = create;
    snprintf(m.u.create_game.scenario, sizeof m.u.create_game.scenario, "atlantis");
    CHECK(gg_fork_init(&f, &m, 9, 1) == GG_EBAD_SCENARIO);
    /* Orders during diplomacy's first record: not this game's journal. */
    CHECK(gg_fork_init(&f, &create, 9, 1) == 0);
    gg_msg_init(&m, GG_MSG_crisis_response);
    m.u.crisis_response.response = 0;
    uint8_t buf[256];
    int n = gg_msg_encode(&m, buf, sizeof buf);
    CHECK(n > 0);
    CHECK(gg_fork_record(&f, 1, GG_KAZAKHSTAN, buf, (size_t)n) == GG_EREPLAY_DIVERGED);
    CHECK(gg_fork_record(&f, 2, GG_CHINA, (const uint8_t *)"\xc1", 1) < 0);
    CHECK(gg_fork_record(&f, 3, 99, buf, (size_t)n) == GG_ESTORAGE_CORRUPT);
    return 0;
}

static const test_case cases[] = {
    {"keeps", keeps, "a fork keeps the rules' records up to the turn and rebuilds its hash"},
    {"refusals", refusals, "bad turns, options and records are refused"},
};
CASES_MAIN(cases)
