/* game_life.c — a hosted game's lifecycle: creation (fresh or from the
 * journal), members joining and leaving, resume, recovery records, end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "log.h"

static int options_from(const gg_msg *create, host_options *o)
{
    const gg_msg_create_game *c = &create->u.create_game;
    memset(o, 0, sizeof *o);
    gg_command_options(create, &o->rules);
    o->deadline_s[GG_PHASE_DIPLOMACY] = c->dl_diplomacy;
    o->deadline_s[GG_PHASE_ORDERS] = c->dl_orders;
    o->deadline_s[GG_PHASE_CRISIS] = c->dl_crisis;
    o->missed = c->missed == GG_ABSENT ? GG_MISS_HOLD : c->missed;
    o->teams = c->teams;
    for (int seat = 0; seat < GG_SEATS; seat++)
        snprintf(o->bots[seat], sizeof o->bots[seat], "%s", c->bots.v[seat]);
    return 0;
}

int game_create(host *h, const gg_msg *create, uint64_t seed, const gg_game_meta *restore,
                int64_t store_id, host_game **out)
{
    int scenario = gg_scenario_find(create->u.create_game.scenario);
    if (scenario < 0)
        return GG_EBAD_SCENARIO;
    host_game *g = calloc(1, sizeof *g);
    if (!g)
        return GG_EINTERNAL;
    g->h = h;
    g->scenario = scenario;
    g->seed = seed;
    g->create_msg = *create;
    options_from(create, &g->opt);
    int err = gg_init(&g->s, scenario, seed, &g->opt.rules);
    for (int seat = 0; !err && seat < GG_SEATS; seat++) {
        const char *strategy = g->opt.bots[seat][0] ? g->opt.bots[seat] : h->cfg.default_bot;
        if (gg_bot_init(&g->bots[seat], strategy, seat, seed) != 0)
            err = GG_EBAD_OPTION;
        if (g->opt.bots[seat][0])
            g->bot_perm = (uint8_t)(g->bot_perm | (1u << seat));
    }
    if (err) {
        free(g);
        return err;
    }
    /* Codes: fresh, or as stored (store slots: moderator, observer, seats). */
    for (int st = 0; st < GG_STREAMS; st++) {
        int slot = st < GG_SEATS ? GG_CODE_SEAT0 + st
                   : st == GG_STREAM_OBSERVER ? GG_CODE_OBSERVER
                                              : GG_CODE_MODERATOR;
        if (restore)
            snprintf(g->codes[st], sizeof g->codes[st], "%s", restore->codes[slot]);
        else if (gg_secret_code(g->codes[st]) != 0)
            err = GG_EINTERNAL;
    }
    if (!err && h->store && !restore) {
        gg_game_meta meta = {0};
        snprintf(meta.scenario, sizeof meta.scenario, "%s", gg_scenario_def_get(scenario)->id);
        meta.seed = seed;
        int len = gg_msg_encode(create, meta.options, sizeof meta.options);
        meta.options_len = len > 0 ? (uint32_t)len : 0;
        for (int st = 0; st < GG_STREAMS; st++) {
            int slot = st < GG_SEATS ? GG_CODE_SEAT0 + st
                       : st == GG_STREAM_OBSERVER ? GG_CODE_OBSERVER
                                                  : GG_CODE_MODERATOR;
            snprintf(meta.codes[slot], sizeof meta.codes[slot], "%.15s", g->codes[st]);
        }
        uv_timeval64_t tv;
        uv_gettimeofday(&tv);
        meta.created_ms = tv.tv_sec * 1000 + tv.tv_usec / 1000;
        err = len > 0 ? gg_store_create_game(h->store, &meta, &store_id) : GG_EBAD_OPTION;
    }
    if (err) {
        free(g);
        return err;
    }
    g->store_id = store_id;
    snprintf(g->id, sizeof g->id, "%lld", (long long)(store_id ? store_id : ++h->next_game));
    g->seen_phase = 0xff; /* the first settle announces the opening state */
    uv_timer_init(h->loop, &g->timer);
    g->timer.data = g;
    g->timer_init = 1;
    *out = g;
    return 0;
}

static void free_game(uv_handle_t *t)
{
    free(t->data);
}

void game_destroy(host_game *g)
{
    if (!g)
        return;
    for (int st = 0; st < GG_STREAMS; st++)
        gg_stream_close(&g->streams[st]);
    if (g->timer_init && !uv_is_closing((uv_handle_t *)&g->timer))
        uv_close((uv_handle_t *)&g->timer, free_game);
    else
        free(g);
}

void game_start(host_game *g)
{
    game_settle(g);
}

int game_code_stream(const host_game *g, const char *code)
{
    for (int st = 0; st < GG_STREAMS; st++)
        if (strcmp(g->codes[st], code) == 0)
            return st;
    return -1;
}

const host_token *game_find_token(const host_game *g, const char *tok)
{
    for (int i = 0; i < g->ntokens; i++)
        if (strcmp(g->tokens[i].tok, tok) == 0)
            return &g->tokens[i];
    return NULL;
}

static int add_token(host_game *g, int who, const char *tok)
{
    if (game_find_token(g, tok))
        return 0;
    if (g->ntokens >= GG_MAX_TOKENS_PER_GAME)
        return GG_ESERVER_FULL;
    host_token *t = &g->tokens[g->ntokens++];
    snprintf(t->tok, sizeof t->tok, "%s", tok);
    t->who = (uint8_t)who;
    return 0;
}

static int role_of(int who)
{
    return who < GG_SEATS ? GG_ROLE_PLAYER
           : who == GG_STREAM_OBSERVER ? GG_ROLE_OBSERVER
                                       : GG_ROLE_MODERATOR;
}

/* The journal's JOIN record: the `joined` message without the head. */
static void joined_msg(const host_game *g, int who, const char *token, gg_msg *m)
{
    gg_msg_init(m, GG_MSG_joined);
    snprintf(m->u.joined.game, sizeof m->u.joined.game, "%s", g->id);
    m->u.joined.who = (uint8_t)who;
    m->u.joined.role = (uint8_t)role_of(who);
    snprintf(m->u.joined.token, sizeof m->u.joined.token, "%s", token);
}

int game_attach(host_game *g, host_session *s, int who, const char *token)
{
    int fresh = game_find_token(g, token) == NULL;
    if (fresh) {
        if (g->ntokens >= GG_MAX_TOKENS_PER_GAME)
            return GG_ESERVER_FULL;
        /* The token is handed out only once journaled. A finished game's
         * journal is closed: tokens for watching it afterwards (debrief)
         * live in memory only. */
        gg_msg rec;
        joined_msg(g, who, token, &rec);
        int err = g->s.phase == GG_PHASE_OVER ? 0 : host_journal(g->h, g, GG_REC_JOIN, &rec);
        if (!err)
            err = add_token(g, who, token);
        if (err)
            return err;
    }
    if (gg_stream_record(&g->streams[who]) != 0)
        return GG_EINTERNAL;
    s->game = g;
    s->who = who;
    s->next_member = g->members[who];
    g->members[who] = s;
    if (fresh)
        game_notice(g, "joined", who, 0, NULL);
    return 0;
}

void game_detach(host_game *g, host_session *s)
{
    for (host_session **p = &g->members[s->who]; *p; p = &(*p)->next_member)
        if (*p == s) {
            *p = s->next_member;
            break;
        }
    int who = s->who;
    s->game = NULL;
    s->who = -1;
    s->next_member = NULL;
    if (!g->members[who] && !g->h->closing && g->s.phase != GG_PHASE_OVER) {
        gg_msg rec;
        gg_msg_init(&rec, GG_MSG_notice);
        snprintf(rec.u.notice.what, sizeof rec.u.notice.what, "left");
        rec.u.notice.who = (uint8_t)who;
        host_journal(g->h, g, GG_REC_LEAVE, &rec);
        game_notice(g, "left", who, 0, NULL);
    }
}

int game_replay_stream(host_game *g, host_session *s, uint32_t last)
{
    const gg_stream *st = &g->streams[s->who];
    int err = 0;
    g->h->m.resumes++;
    if (last < st->seq) {
        /* Missed messages older than the in-memory window come from the
         * journal; at most GG_MAX_HISTORY of them are re-sent. */
        uint32_t oldest = gg_stream_oldest(st);
        uint32_t from_memory = oldest ? oldest : st->seq + 1;
        if (last + 1 < from_memory) {
            if (st->seq - last > GG_MAX_HISTORY)
                err = GG_EHISTORY_GONE;
            else
                err = game_history_from_journal(g, s, last, from_memory);
            if (!err)
                g->h->m.resumes_journal++;
        }
        for (uint32_t i = 0; i < st->count; i++) {
            const gg_stream_msg *m = gg_stream_at(st, i);
            if (m->seq > last)
                host_send(g->h, s, 0, m->bytes, m->len);
        }
    }
    if (err)
        g->h->m.resumes_gone++;
    game_send_state_direct(g, s);
    return err;
}

int game_replay_record(host_game *g, int kind, const uint8_t *p, size_t n)
{
    gg_msg m;
    int err = gg_msg_decode(&m, p, n, NULL);
    if (err)
        return err;
    switch (kind) {
    case GG_REC_JOIN:
        if (m.type != GG_MSG_joined || m.u.joined.who >= GG_STREAMS)
            return GG_ESTORAGE_CORRUPT;
        err = add_token(g, m.u.joined.who, m.u.joined.token);
        if (!err && gg_stream_record(&g->streams[m.u.joined.who]) != 0)
            err = GG_EINTERNAL;
        if (!err)
            game_notice(g, "joined", m.u.joined.who, 0, NULL);
        return err;
    case GG_REC_LEAVE:
        if (m.type != GG_MSG_notice || m.u.notice.who >= GG_STREAMS)
            return GG_ESTORAGE_CORRUPT;
        game_notice(g, "left", m.u.notice.who, 0, NULL);
        return 0;
    default: {
        int who = gg_record_who(kind);
        if (who < 0)
            return GG_ESTORAGE_CORRUPT;
        err = game_apply(g, kind, who, &m, NULL);
        if (!err)
            game_settle(g);
        return err;
    }
    }
}
