/* test_debrief_data.c — gg_debrief (game/debrief.c) and its JSON: a game
 * played here command by command (greedy orders, a private message, a
 * proposal) is written as a replay; the debrief re-simulated from the
 * bytes must carry the numbers the live game had, every chat message and
 * every deal, and refuse a bad file. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "arena.h"
#include "played_game.h"

/* Each year's end as the live game stood (VP and margin). */
static int16_t live_vp[GG_MAX_TURNS + 1][GG_SEATS], live_margin[GG_MAX_TURNS + 1][GG_SEATS];
static gg_state live_final;
static const char *scenario = "belt-and-road"; /* what play() plays */
static int play_turns;                         /* and for how long (0: the scenario's) */

/* China writes privately to Kazakhstan on turn 1 and proposes a deal. */
static int china_writes(pg_game *g)
{
    if (g->s.turn != 1)
        return 0;
    gg_msg m;
    gg_msg_init(&m, GG_MSG_chat);
    m.u.chat.channel = GG_CHAN_PRIVATE;
    m.u.chat.to = 1 << GG_KAZAKHSTAN;
    snprintf(m.u.chat.text, sizeof m.u.chat.text, "a \"secret\" line\nfor Astana");
    CHECK(pg_apply(g, GG_CHINA, &m) == 0);
    gg_msg_init(&m, GG_MSG_propose);
    m.u.propose.parties = 1 << GG_CHINA | 1 << GG_KAZAKHSTAN;
    m.u.propose.clauses.c[0] = (gg_clause){GG_CLAUSE_CONSENT, GG_CHINA, 0, GG_CONSENT_ANY, 1, 0};
    m.u.propose.clauses.n = 1;
    CHECK(pg_apply(g, GG_CHINA, &m) == 0);
    return 0;
}

/* The year's end as the live game stands: scored as if it ended with this
 * resolution. */
static int year_end(pg_game *g)
{
    gg_state end = g->s;
    end.last_turn = end.turn;
    CHECK(gg_resolve(&end) == 0);
    /* Not the last year: the margin is against the par so far. */
    if (g->s.turn < g->s.last_turn &&
        (end.phase != GG_PHASE_OVER || end.end_reason == GG_END_LAST_TURN))
        gg_par_so_far(&g->s, end.par_now);
    for (int i = 0; i < GG_SEATS; i++) {
        live_vp[g->s.turn][i] = end.vp_now[i];
        live_margin[g->s.turn][i] = (int16_t)gg_margin(&end, i);
    }
    return 0;
}

/* Plays `scenario` from seed 5 with greedy orders (china_writes, year_end).
 * Returns the replay's bytes (malloc) in *out. */
static int play(uint8_t **out, size_t *len)
{
    static pg_game g;
    memset(&g, 0, sizeof g);
    gg_options opt = {.turns = (uint8_t)play_turns};
    CHECK(gg_init(&g.s, gg_scenario_find(scenario), 5, &opt) == 0);
    for (int i = 0; i < GG_SEATS; i++)
        CHECK(gg_bot_init(&g.bots[i], "greedy", i, 11 + (uint64_t)i) == 0);
    g.diplomacy = china_writes;
    g.orders_in = year_end;
    pg_nrec = 0;
    CHECK(pg_play(&g) == 0);
    live_final = g.s;
    return pg_replay_turns(scenario, 5, 1, play_turns, out, len);
}

static int same_numbers(void)
{
    uint8_t *buf;
    size_t len;
    CHECK(play(&buf, &len) == 0);
    gg_debrief *d;
    char err[256];
    CHECK(gg_debrief_create(buf, len, &d, err, sizeof err) == 0);
    CHECK(d->err == 0);
    CHECK(d->last == live_final.turn && d->last >= 10);
    CHECK(gg_state_hash(&d->s) == gg_state_hash(&live_final));
    /* The last year's end is the final state. */
    CHECK(memcmp(d->year_end[d->last].track, live_final.track, sizeof live_final.track) == 0);
    CHECK(d->nchat == 1 && d->chat[0].from == GG_CHINA && d->chat[0].to == 1 << GG_KAZAKHSTAN);
    CHECK(d->book.n == 1 && d->book.deal[0].proposer == GG_CHINA);

    size_t need = gg_debrief_json(d, 1, NULL, 0);
    char *js = malloc(need + 1);
    CHECK(js && gg_debrief_json(d, 1, js, need + 1) == need && strlen(js) == need);
    /* Each year's VP race entry is the live game's, in the JSON too. */
    for (int t = 1; t <= d->last; t++) {
        char want[160];
        snprintf(want, sizeof want,
                 "{\"turn\":%d,\"year\":%d,\"vp\":{\"china\":%d,\"russia\":%d,"
                 "\"west\":%d,\"kazakhstan\":%d},\"margin\":{\"china\":%d,",
                 t, 2013 + t - 1, live_vp[t][0], live_vp[t][1], live_vp[t][2], live_vp[t][3],
                 live_margin[t][0]);
        if (!strstr(js, want)) {
            fprintf(stderr, "missing %s\n", want);
            CHECK(0);
        }
    }
    gg_result r;
    CHECK(gg_result_get(&live_final, &r) == 0);
    char want[96];
    snprintf(want, sizeof want, "\"result\":{\"winner\":\"%s\"", gg_seat_name(r.winner));
    CHECK(strstr(js, want));
    CHECK(strstr(js, "\"text\":\"a \\\"secret\\\" line\\u000afor Astana\""));
    CHECK(strstr(js, "\"ch\":\"private\",\"to\":[\"kazakhstan\"]"));
    CHECK(strstr(js, "\"deals\":[{\"id\":1,\"turn\":1,"));
    /* Each order says what it changed: its turn report's changes, named as
     * on the wire ("chg", protocol/changes.c). */
    int orders = 0, chgs = 0;
    for (int t = 1; t <= d->last; t++)
        for (int p = 0; d->have_resolved[t] && p < GG_SEATS; p++)
            orders += d->resolved[t].report.orders[p].count;
    for (const char *at = js; (at = strstr(at, "\"chg\":[")) != NULL; at++)
        chgs++;
    CHECK(orders > 10 && chgs == orders);
    const gg_report *r1 = &d->resolved[1].report;
    CHECK(r1->nchanges > 0);
    if (r1->nchanges > 0) {
        const gg_change *c = &r1->changes[0];
        const char *x, *y;
        CHECK(gg_change_names(c, &x, &y) == 0);
        char chg[160];
        snprintf(chg, sizeof chg, "\"chg\":[{\"k\":\"%s\"%s%s%s%s%s%s,\"n\":%d}",
                 gg_change_kind_name(c->kind), x ? ",\"x\":\"" : "", x ? x : "", x ? "\"" : "",
                 y ? ",\"y\":\"" : "", y ? y : "", y ? "\"" : "", c->delta);
        if (!strstr(js, chg))
            fprintf(stderr, "missing %s\n", chg);
        CHECK(strstr(js, chg));
    }
    CHECK(!strstr(js, "\"refused\""));
    /* Without chat: the same object less the chat. */
    size_t nochat = gg_debrief_json(d, 0, NULL, 0);
    CHECK(nochat < need);
    /* A short buffer holds a terminated prefix and the same length is
     * reported. */
    char small[64];
    CHECK(gg_debrief_json(d, 1, small, sizeof small) == need);
    CHECK(strlen(small) == sizeof small - 1 && memcmp(small, js, sizeof small - 1) == 0);
    free(js);
    gg_debrief_destroy(d);

    /* A bad file is refused with a reason, nothing allocated. */
    buf[len - 1] ^= 1;
    d = (gg_debrief *)1;
    err[0] = 0;
    CHECK(gg_debrief_create(buf, len, &d, err, sizeof err) == GG_EREPLAY_FORMAT);
    CHECK(d == NULL && err[0]);
    free(buf);
    return 0;
}

/* A record the rules refuse stops the debrief there and is named. */
static int refused_record(void)
{
    uint8_t *buf;
    size_t len;
    CHECK(play(&buf, &len) == 0);
    free(buf);
    /* Replace the first seat's orders with a ready for a wrong turn. */
    gg_msg m;
    gg_msg_init(&m, GG_MSG_ready);
    m.u.ready.turn = 9;
    m.u.ready.has = 1; /* turn present */
    int n = gg_msg_encode(&m, pg_recs[2].p, sizeof pg_recs[2].p);
    CHECK(n > 0);
    pg_recs[2].n = (size_t)n;
    pg_recs[2].kind = GG_WHO_SERVER;
    uint8_t *out;
    CHECK(pg_replay(scenario, 5, 0, &out, &len) == 0);
    gg_debrief *d;
    CHECK(gg_debrief_create(out, len, &d, NULL, 0) == 0);
    CHECK(d->err != 0 && d->err_seq == 3 && d->last == 0);
    static char js[32768];
    CHECK(gg_debrief_json(d, 0, js, sizeof js) < sizeof js);
    CHECK(strstr(js, "\"refused\":{\"seq\":3,"));
    gg_debrief_destroy(d);
    free(out);
    return 0;
}

/* Plays `scenario` (play()) and makes its debrief into *out. */
static int debrief_of(gg_debrief **out)
{
    uint8_t *buf;
    size_t len;
    CHECK(play(&buf, &len) == 0);
    CHECK(gg_debrief_create(buf, len, out, NULL, 0) == 0);
    free(buf);
    return 0;
}

/* The debrief's JSON, malloc'ed (NULL if out of memory). */
static char *json_of(const gg_debrief *d)
{
    size_t need = gg_debrief_json(d, 0, NULL, 0);
    char *js = malloc(need + 1);
    if (js)
        gg_debrief_json(d, 0, js, need + 1);
    return js;
}

/* The page's extras: each turn's changes (start to year's end), the
 * historical line beside the game, and discussion questions drawn from
 * what happened, each with a source. */
static int story(void)
{
    gg_debrief *d;
    CHECK(debrief_of(&d) == 0);
    /* Mark the one deal broken by China, as a breach would. */
    d->book.deal[0].breacher = 1 << GG_CHINA;
    char *js = json_of(d);
    CHECK(js);
    char want[256];
    /* Every changed track of every turn is listed with its values. */
    int listed = 0;
    for (int t = 1; t <= d->last; t++)
        for (int i = 0; i < GG_TRACKS; i++) {
            int a = d->start[t].track[i], e = d->year_end[t].track[i];
            snprintf(want, sizeof want,
                     "{\"kind\":\"track\",\"name\":\"%s\",\"from\":%d,\"to\":%d}", gg_track_name(i),
                     a, e);
            CHECK_MSG((a != e) == (strstr(js, want) != NULL), "turn %d %s", t, want);
            listed += a != e;
        }
    CHECK(listed > 0);
    /* The historical line: every year of belt-and-road, as gg_history_run. */
    gg_history_row rows[GG_MAX_TURNS];
    int n = gg_history_run(d->scenario_id, rows, GG_MAX_TURNS, NULL, 0);
    CHECK(n == 12 && d->nhistory == n);
    const char *h = strstr(js, "\"history\":{\"source\":");
    CHECK(h);
    for (int i = 0; i < n; i++) {
        snprintf(want, sizeof want, "{\"year\":%u,", rows[i].year);
        CHECK(strstr(h, want));
    }
    snprintf(want, sizeof want, "\"tracks\":{\"stability\":%u,\"sovereignty\":%u,\"sinophobia\":%u",
             rows[0].track[0], rows[0].track[1], rows[0].track[2]);
    CHECK(strstr(h, want));
    /* Questions: the broken promise, every domain that changed hands (up
     * to three), and the division of labour at the end; each cited. */
    const char *q = strstr(js, "\"questions\":[");
    CHECK(q && q > h);
    CHECK(strstr(q, "{\"kind\":\"broken_promise\",\"turn\":1,\"year\":2013,\"deal\":1,"
                    "\"by\":[\"china\"],\"to\":[\"kazakhstan\"],\"source\":\"HB20 L238"));
    int held[GG_DOMAINS], changes = 0;
    for (int dom = 0; dom < GG_DOMAINS; dom++)
        held[dom] = gg_leader(&d->start[1], dom);
    for (int t = 1; t <= d->last && changes < 3; t++)
        for (int dom = 0; dom < GG_DOMAINS; dom++) {
            int now = gg_leader(&d->year_end[t], dom);
            if (now < 0)
                continue;
            if (held[dom] >= 0 && now != held[dom] && changes < 3) {
                snprintf(want, sizeof want,
                         "{\"kind\":\"domain\",\"turn\":%d,\"year\":%d,\"domain\":\"%s\","
                         "\"from\":\"%s\",\"to\":\"%s\",\"action\":",
                         t, 2012 + t, gg_domain_name(dom), gg_seat_name(held[dom]),
                         gg_seat_name(now));
                const char *at = strstr(q, want);
                CHECK_MSG(at, "%s", want);
                /* the quote is the domain's own, not the first line an
                 * action cites (elite_forum's is about transport) */
                static const char *const dom_src[GG_DOMAINS] = {
                    "\"source\":\"Mo22 L253", "\"source\":\"HB20 L18-L19", "\"source\":\"SO24 L161",
                    "\"source\":\"Mo22 L416"};
                const char *src = strstr(at, "\"source\":");
                CHECK_MSG(src && strncmp(src, dom_src[dom], strlen(dom_src[dom])) == 0, "%.80s",
                          src ? src : "");
                changes++;
            }
            held[dom] = now;
        }
    snprintf(want, sizeof want,
             "{\"kind\":\"division\",\"turn\":%d,\"year\":%d,\"economy\":", d->last,
             2012 + d->last);
    CHECK(strstr(q, want));
    CHECK(!strstr(q, "\"source\":\"design"));
    free(js);
    gg_debrief_destroy(d);
    return 0;
}

/* Each scenario's debrief sets the game beside its own historical line:
 * the scenario's years (to 2024) with the values gg_history_run gives for
 * that scenario, which differ from belt-and-road's in the same year. */
static int own_history(void)
{
    static const char *const ids[] = {"classroom", "after-ukraine", "belt-and-road"};
    gg_history_row bar[GG_MAX_TURNS];
    CHECK(gg_history_run(gg_scenario_find("belt-and-road"), bar, GG_MAX_TURNS, NULL, 0) == 12);
    for (int k = 0; k < 3; k++) {
        scenario = ids[k];
        gg_debrief *d;
        CHECK(debrief_of(&d) == 0);
        char *js = json_of(d);
        CHECK(js);
        const gg_scenario_def *def = gg_scenario_def_get(d->scenario_id);
        uint16_t first, last;
        int n = gg_history_years(d->scenario_id, &first, &last);
        CHECK_MSG(d->nhistory == n && first == def->start_year, "%s: %d rows", ids[k], d->nhistory);
        char want[256];
        snprintf(want, sizeof want, "\"history\":{\"source\":\"gg-arena --scenario %s --history",
                 ids[k]);
        const char *h = strstr(js, want);
        CHECK_MSG(h, "%s: no history of its own", ids[k]);
        snprintf(want, sizeof want, "\"first\":%u,\"last\":%u,\"years\":[", first, last);
        CHECK(strstr(h, want));
        int differ = 0;
        for (int i = 0; i < n; i++) {
            const gg_history_row *r = &d->history[i], *b = &bar[r->year - 2013];
            snprintf(want, sizeof want, "{\"year\":%u,\"estimate\":%s,\"news\":[", r->year,
                     r->year > 2023 ? "true" : "false");
            const char *y = strstr(h, want);
            CHECK_MSG(y, "%s %u", ids[k], r->year);
            snprintf(want, sizeof want, "\"tracks\":{\"stability\":%u,\"sovereignty\":%u",
                     r->track[0], r->track[1]);
            const char *next = strstr(y + 1, "{\"year\":"), *at = strstr(y, want);
            CHECK_MSG(at && (!next || at < next), "%s %u %s", ids[k], r->year, want);
            differ += memcmp(r->track, b->track, sizeof r->track) != 0;
        }
        /* No history row after 2024 (a history row opens with its year and
         * "estimate"; the game's own years, later in the JSON, with "turn"). */
        CHECK_MSG(!strstr(h, "{\"year\":2025,\"estimate\":"), "%s: history after 2024", ids[k]);
        /* belt-and-road is the line itself; the others differ somewhere. */
        CHECK_MSG((differ > 0) == (k < 2), "%s: %d years differ", ids[k], differ);
        free(js);
        gg_debrief_destroy(d);
    }
    scenario = "belt-and-road";
    return 0;
}

/* A teacher's shorter game: the classroom cut to 4 turns says so. The
 * JSON carries the turns played, the game's length and the scenario's
 * (clients head the debrief with the length played, not the scenario
 * name's "6 turns"), and the margins are against the par for 4 turns
 * (the final margin is vp - that par, about 0 for greedy play, not the
 * whole par's). */
static int shortened(void)
{
    scenario = "classroom";
    play_turns = 4;
    uint8_t *buf;
    size_t len;
    CHECK(play(&buf, &len) == 0);
    /* gg-arena --debrief's Markdown heads with the length played. */
    char path[] = "/tmp/gg-debrief-short-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    CHECK(f && fwrite(buf, 1, len, f) == len && fclose(f) == 0);
    char *md = NULL;
    size_t mdlen = 0;
    FILE *out = open_memstream(&md, &mdlen);
    CHECK(out);
    CHECK(gg_arena_debrief(path, 0, out) == 0);
    fclose(out);
    remove(path);
    CHECK_MSG(strncmp(md, "# Debrief: Classroom, 4 turns (2013-2016)\n", 42) == 0, "%.80s", md);
    CHECK_MSG(strstr(md, "A shortened game: 4 of the scenario's 6 turns"), "%.300s", md);
    CHECK(!strstr(md, "# Debrief: Classroom (6 turns"));
    free(md);
    gg_debrief *d;
    CHECK(gg_debrief_create(buf, len, &d, NULL, 0) == 0);
    free(buf);
    CHECK(d->last == 4 && d->s.last_turn == 4);
    char *js = json_of(d);
    CHECK(js);
    CHECK_MSG(strstr(js, "\"short_name\":\"Classroom\""), "%.200s", js);
    CHECK(strstr(js, "\"turns\":4,\"length\":4,\"scenario_turns\":6"));
    gg_result r;
    CHECK(gg_result_get(&d->s, &r) == 0);
    char want[64];
    snprintf(want, sizeof want, "\"decided_by\":\"%s\"}", gg_tiebreak_def_get(r.decided_by)->id);
    CHECK_MSG(strstr(js, want), "%s", want);
    const gg_scenario_def *def = gg_scenario_def_get(d->scenario_id);
    for (int s = 0; s < GG_SEATS; s++) {
        int whole = 0;
        for (const gg_setting *x = def->pars; x->kind != GG_SET_END; x++)
            if (x->kind == GG_SET_PAR && x->a == s)
                whole = x->value;
        /* the par at 2017's point: where a seat on course stands after 4 turns */
        CHECK_MSG(d->s.par[s] == (whole * def->par_curve[4][s] + 500) / 1000, "%s: par %d of %d",
                  gg_seat_name(s), d->s.par[s], whole);
        CHECK(r.relative[s] == r.vp[s] - d->s.par[s]);
        /* ranked against the par for its length: nearer than the whole par
         * (where the curve rounds it to the whole par, as the West's 997
         * per mille since rules v20, as near) */
        if (d->s.par[s] != whole)
            CHECK_MSG(abs(r.relative[s]) < abs(r.vp[s] - whole), "%s: %d VP, par %d of %d",
                      gg_seat_name(s), r.vp[s], d->s.par[s], whole);
        else
            CHECK(r.relative[s] == r.vp[s] - whole);
    }
    free(js);
    gg_debrief_destroy(d);
    return 0;
}

static const test_case cases[] = {
    {"shortened", shortened, "a shortened game's debrief states its length"},
    {"same_numbers", same_numbers, "the debrief of a replay has the live game's numbers"},
    {"refused_record", refused_record, "a refused record stops the debrief and is named"},
    {"own_history", own_history, "each scenario's debrief has its own historical line"},
    {"story", story, "turn changes, the historical line and cited discussion questions"},
};
CASES_MAIN(cases)
