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
    o->keep_private = c->keep_private;
    for (int seat = 0; seat < GG_SEATS; seat++)
        snprintf(o->bots[seat], sizeof o->bots[seat], "%s", c->bots.v[seat]);
    int honesty = c->honesty[0] ? gg_honesty_find(c->honesty) : GG_HONESTY_HONEST;
    if (honesty < 0)
        return GG_EBAD_OPTION;
    o->honesty = (uint8_t)honesty;
    return 0;
}

/* A fresh join code for g's stream st: one no registered game has and no
 * earlier stream of g (31^8 codes: with 60,000 in use a draw collides about
 * once in 14 million; without the check a join would find the older game). */
static int fresh_code(const host *h, host_game *g, int st)
{
    for (;;) {
        if (gg_secret_code(g->codes[st]) != 0)
            return GG_EINTERNAL;
        int dup = gg__host_code_taken(h, g->codes[st]);
        for (int k = 0; k < st; k++)
            dup |= !strcmp(g->codes[k], g->codes[st]);
        if (!dup)
            return 0;
    }
}

int gg__game_create(host *h, const gg_msg *create, uint64_t seed, const gg_game_meta *restore,
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
    g->attended_ms = uv_now(h->loop);
    int err = options_from(create, &g->opt);
    if (!err)
        err = gg_init(&g->s, scenario, seed, &g->opt.rules);
    for (int seat = 0; !err && seat < GG_SEATS; seat++) {
        const char *strategy = g->opt.bots[seat][0] ? g->opt.bots[seat] : h->cfg.default_bot;
        if (gg_bot_init(&g->bots[seat], strategy, seat, seed) != 0 ||
            gg_bot_set_honesty(&g->bots[seat], g->opt.honesty) != 0)
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
        int slot = st < GG_SEATS              ? GG_CODE_SEAT0 + st
                   : st == GG_STREAM_OBSERVER ? GG_CODE_OBSERVER
                                              : GG_CODE_MODERATOR;
        if (restore)
            snprintf(g->codes[st], sizeof g->codes[st], "%s", restore->codes[slot]);
        else
            err = fresh_code(h, g, st);
    }
    if (!err && h->store && !restore) {
        gg_game_meta meta = {0};
        snprintf(meta.scenario, sizeof meta.scenario, "%s", gg_scenario_def_get(scenario)->id);
        meta.seed = seed;
        int len = gg_msg_encode(create, meta.options, sizeof meta.options);
        meta.options_len = len > 0 ? (uint32_t)len : 0;
        for (int st = 0; st < GG_STREAMS; st++) {
            int slot = st < GG_SEATS              ? GG_CODE_SEAT0 + st
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
    g->seen_phase = GG_NONE; /* no phase seen: the first settle announces the opening state */
    uv_timer_init(h->loop, &g->timer);
    uv_timer_init(h->loop, &g->pace);
    g->timer.data = g->pace.data = g;
    g->timer_init = 1;
    *out = g;
    return 0;
}

/* Frees the game once both of its timers have closed. */
static void free_game(uv_handle_t *t)
{
    host_game *g = t->data;
    if (++g->timers_closed == 2)
        free(g);
}

void gg__game_destroy(host_game *g)
{
    if (!g)
        return;
    gg__game_bots_forget(g);
    gg__host_input_forget(g);
    free(g->obs_tokens);
    free(g->tokens);
    for (int i = 0; i < g->ndeferred; i++) {
        g->deferred[i].s->waiting = NULL;
        free(g->deferred[i].bytes);
    }
    free(g->deferred);
    g->deferred = NULL;
    g->ndeferred = 0;
    for (int st = 0; st < GG_STREAMS; st++)
        gg_stream_close(&g->streams[st]);
    if (g->timer_init && !uv_is_closing((uv_handle_t *)&g->timer)) {
        uv_close((uv_handle_t *)&g->timer, free_game);
        uv_close((uv_handle_t *)&g->pace, free_game);
    } else {
        free(g);
    }
}

void gg__game_start(host_game *g)
{
    gg__game_settle(g);
}

int gg__game_code_stream(const host_game *g, const char *code)
{
    for (int st = 0; st < GG_STREAMS; st++)
        if (strcmp(g->codes[st], code) == 0)
            return st;
    return -1;
}

/* ---- resume tokens ------------------------------------------------------
 * Seats and moderators: GG_MAX_TOKENS_PER_GAME slots, journaled. Observers
 * (the code is on the projector): slots from GG_OBS_SLOT0 on, in memory only
 * (after a restart an observer joins again with the code), at most
 * GG_MAX_OBSERVERS attached at once, and not announced on the streams. A
 * token is held while a session is attached through it; when a table is
 * full, a join takes the slot of the token not held for longest (recycled:
 * the slot's old token stops working; for seats the replacement is journaled
 * like a rotation, so recovery rebuilds the same table). Seat and moderator
 * joins never fail because of observers. */
#define GG_OBS_SLOT0 GG_MAX_TOKENS_PER_GAME

static host_token *token_at(host_game *g, int slot)
{
    return slot >= GG_OBS_SLOT0 ? &g->obs_tokens[slot - GG_OBS_SLOT0] : &g->tokens[slot];
}

int gg__game_token_slot(const host_game *g, const char *tok)
{
    for (int i = 0; i < g->ntokens; i++)
        if (strcmp(g->tokens[i].tok, tok) == 0)
            return i;
    for (int i = 0; i < g->nobs_tokens; i++)
        if (strcmp(g->obs_tokens[i].tok, tok) == 0)
            return GG_OBS_SLOT0 + i;
    return -1;
}

int gg__game_token_who(const host_game *g, int slot)
{
    return token_at((host_game *)g, slot)->who;
}

/* Grows the token table *t of *cap slots to hold n, doubling from 8, at
 * most max. Returns 0 or GG_EINTERNAL. */
static int tokens_grow(host_token **t, int *cap, int n, int max)
{
    if (n <= *cap)
        return 0;
    if (n > max)
        return GG_EINTERNAL;
    int c = *cap ? 2 * *cap : 8;
    while (c < n)
        c *= 2;
    c = c > max ? max : c;
    host_token *a = realloc(*t, (size_t)c * sizeof *a);
    if (!a)
        return GG_EINTERNAL;
    *t = a;
    *cap = c;
    return 0;
}

int gg__game_tokens_reserve(host_game *g, int n)
{
    return tokens_grow(&g->tokens, &g->cap_tokens, n, GG_MAX_TOKENS_PER_GAME);
}

/* The token of a full table not held for longest, or -1 if all are held. */
static int recycle(const host_token *t, int n)
{
    int best = -1;
    for (int i = 0; i < n; i++)
        if (!t[i].holder && (best < 0 || t[i].used < t[best].used))
            best = i;
    return best;
}

static int role_of(int who)
{
    return who < GG_SEATS              ? GG_ROLE_PLAYER
           : who == GG_STREAM_OBSERVER ? GG_ROLE_OBSERVER
                                       : GG_ROLE_MODERATOR;
}

static int members_of(const host_game *g, int who)
{
    int n = 0;
    for (const host_session *m = g->members[who]; m; m = m->next_member)
        n++;
    return n;
}

/* The slot a join through `who`'s code uses: without teams a seat keeps one
 * slot (a new join revokes the earlier token); else a new slot, or a
 * recycled one when the table is full. Returns the slot (== ntokens, or
 * GG_OBS_SLOT0 + nobs_tokens, for a new one) or GG_ESERVER_FULL. */
static int join_slot(host_game *g, int who)
{
    if (who == GG_STREAM_OBSERVER) {
        if (members_of(g, who) >= GG_MAX_OBSERVERS)
            return GG_ESERVER_FULL;
        if (g->nobs_tokens < GG_MAX_OBSERVERS)
            return tokens_grow(&g->obs_tokens, &g->cap_obs_tokens, g->nobs_tokens + 1,
                               GG_MAX_OBSERVERS)
                       ? GG_EINTERNAL
                       : GG_OBS_SLOT0 + g->nobs_tokens;
        int i = recycle(g->obs_tokens, g->nobs_tokens);
        return i < 0 ? GG_ESERVER_FULL : GG_OBS_SLOT0 + i;
    }
    if (who < GG_SEATS && !g->opt.teams)
        for (int i = 0; i < g->ntokens; i++)
            if (g->tokens[i].who == who)
                return i;
    if (g->ntokens < GG_MAX_TOKENS_PER_GAME)
        return gg__game_tokens_reserve(g, g->ntokens + 1) ? GG_EINTERNAL : g->ntokens;
    int i = recycle(g->tokens, g->ntokens);
    return i < 0 ? GG_ESERVER_FULL : i;
}

/* Stores `token` in `slot` (a new slot when slot is one past the table). */
static void set_token(host_game *g, int slot, int who, const char *token, host_session *holder)
{
    if (slot == g->ntokens)
        g->ntokens++;
    else if (slot == GG_OBS_SLOT0 + g->nobs_tokens)
        g->nobs_tokens++;
    host_token *t = token_at(g, slot);
    snprintf(t->tok, sizeof t->tok, "%s", token);
    t->who = (uint8_t)who;
    t->holder = holder;
    t->used = uv_now(g->h->loop);
}

/* A newer connection took `old`'s place: tell it why and hang up. */
static void take_over(host_game *g, host_session *old)
{
    gg__host_send_error(g->h, old, 0, GG_ETAKEN_OVER, -1, NULL, NULL, 0);
    old->close_after_flush = 1;
    gg_log(GG_LOG_INFO, "taken_over", "game", g->id, "who", gg_who_name(old->who), "sid", old->sid,
           GG_LOG_END);
    gg__game_detach(g, old);
}

int gg__game_attach(host_game *g, host_session *s, int who, int slot, const char *token)
{
    int fresh = slot < 0;
    if (fresh && (slot = join_slot(g, who)) < 0)
        return slot;
    int observer = who == GG_STREAM_OBSERVER;
    host_session *old =
        slot < g->ntokens || (slot >= GG_OBS_SLOT0 && slot < GG_OBS_SLOT0 + g->nobs_tokens)
            ? token_at(g, slot)->holder
            : NULL;
    if (old == s)
        old = NULL;
    /* A team seat holds at most GG_MAX_TEAM connections; a takeover frees one. */
    if (who < GG_SEATS && g->opt.teams && !old && members_of(g, who) >= GG_MAX_TEAM)
        return GG_ETEAM_FULL;
    if (gg_stream_record(&g->streams[who]) != 0)
        return GG_EINTERNAL;
    /* Journal: the `joined` message, head = 1 + the slot it replaces. The
     * token is handed out only once journaled. A finished game's journal is
     * closed: tokens for watching it afterwards (debrief) live in memory only. */
    int replaces = slot < g->ntokens;
    gg_msg rec;
    gg_msg_init(&rec, GG_MSG_joined);
    snprintf(rec.u.joined.game, sizeof rec.u.joined.game, "%s", g->id);
    rec.u.joined.who = (uint8_t)who;
    rec.u.joined.role = (uint8_t)role_of(who);
    snprintf(rec.u.joined.token, sizeof rec.u.joined.token, "%s", token);
    rec.u.joined.head = replaces ? (uint32_t)slot + 1 : 0;
    int err =
        g->s.phase == GG_PHASE_OVER || observer ? 0 : gg__host_journal(g->h, g, GG_REC_JOIN, &rec);
    if (err)
        return err;
    set_token(g, slot, who, token, s);
    if (!observer)
        gg__game_notice(g, "joined", who, 0, NULL); /* s is not a member yet */
    s->game = g;
    s->who = who;
    s->next_member = g->members[who];
    g->members[who] = s;
    if (old)
        take_over(g, old);
    if (fresh && who < GG_SEATS && !g->opt.teams)
        while (g->members[who] != s || s->next_member) {
            host_session *other = g->members[who] != s ? g->members[who] : s->next_member;
            take_over(g, other);
        }
    return 0;
}

void gg__game_detach(host_game *g, host_session *s)
{
    gg__host_forget_deferred(g, s);
    uint64_t now = uv_now(g->h->loop);
    for (int i = 0; i < g->ntokens; i++)
        if (g->tokens[i].holder == s) {
            g->tokens[i].holder = NULL;
            g->tokens[i].used = now;
        }
    for (int i = 0; i < g->nobs_tokens; i++)
        if (g->obs_tokens[i].holder == s) {
            g->obs_tokens[i].holder = NULL;
            g->obs_tokens[i].used = now;
        }
    for (host_session **p = &g->members[s->who]; *p; p = &(*p)->next_member)
        if (*p == s) {
            *p = s->next_member;
            break;
        }
    int who = s->who;
    g->attended_ms = now;
    s->game = NULL;
    s->who = -1;
    s->next_member = NULL;
    if (!g->members[who] && !g->h->closing && g->s.phase != GG_PHASE_OVER &&
        who != GG_STREAM_OBSERVER) {
        gg_msg rec;
        gg_msg_init(&rec, GG_MSG_notice);
        snprintf(rec.u.notice.what, sizeof rec.u.notice.what, "left");
        rec.u.notice.who = (uint8_t)who;
        gg__host_journal(g->h, g, GG_REC_LEAVE, &rec);
        gg__game_notice(g, "left", who, 0, NULL);
    }
}

void gg__game_replay_stream(host_game *g, host_session *s, uint32_t last, uint32_t rid)
{
    const gg_stream *st = &g->streams[s->who];
    int err = 0;
    g->h->m.resumes++;
    /* Messages numbered before anyone joined the seat were never sent to
     * anyone: the join snapshot stands for them, and a resume from before
     * (`last` 0 right after a join, a page reload) starts where the
     * stream's history does, gap-free (PROTOCOL.md P5.7). `since` is 0 when
     * not known (a game recovered from a snapshot): the journal decides. */
    if (last < st->since)
        last = st->since;
    if (last < st->seq) {
        /* Missed messages older than the in-memory window come from the
         * journal; at most GG_MAX_HISTORY of them are re-sent. Where some
         * cannot be, HISTORY_GONE stands in their place, before the kept
         * messages that follow the gap. */
        uint32_t oldest = gg_stream_oldest(st);
        uint32_t from_memory = oldest ? oldest : st->seq + 1;
        if (last + 1 < from_memory) {
            if (st->seq - last > GG_MAX_HISTORY)
                err = GG_EHISTORY_GONE;
            else
                err = gg__game_history_from_journal(g, s, last, from_memory);
            if (!err)
                g->h->m.resumes_journal++;
        }
        if (err) {
            g->h->m.resumes_gone++;
            gg__host_send_error(g->h, s, rid, GG_EHISTORY_GONE, GG_MSG_resume, "last", NULL, 0);
        }
        for (uint32_t i = 0; i < st->count; i++) {
            const gg_stream_msg *m = gg_stream_at(st, i);
            if (m->seq > last)
                gg__host_send(g->h, s, 0, m->bytes, m->len);
        }
    }
    gg__game_send_state_direct(g, s);
}

int gg__game_replay_record(host_game *g, int kind, const uint8_t *p, size_t n)
{
    gg_msg m;
    int err = gg_msg_decode(&m, p, n, NULL);
    if (err)
        return err;
    switch (kind) {
    case GG_REC_JOIN:
        if (m.type != GG_MSG_joined || m.u.joined.who >= GG_STREAMS)
            return GG_ESTORAGE_CORRUPT;
        if (m.u.joined.head > (uint32_t)g->ntokens + 1 ||
            (m.u.joined.head == 0 && g->ntokens >= GG_MAX_TOKENS_PER_GAME))
            return GG_ESTORAGE_CORRUPT;
        if (gg__game_tokens_reserve(g, g->ntokens + 1) != 0)
            return GG_EINTERNAL;
        /* head = 1 + the slot this token replaces (a rotation), 0 = a new slot */
        set_token(g, m.u.joined.head ? (int)m.u.joined.head - 1 : g->ntokens, m.u.joined.who,
                  m.u.joined.token, NULL);
        if (gg_stream_record(&g->streams[m.u.joined.who]) != 0)
            err = GG_EINTERNAL;
        if (!err)
            gg__game_notice(g, "joined", m.u.joined.who, 0, NULL);
        return err;
    case GG_REC_LEAVE:
        if (m.type != GG_MSG_notice || m.u.notice.who >= GG_STREAMS)
            return GG_ESTORAGE_CORRUPT;
        gg__game_notice(g, "left", m.u.notice.who, 0, NULL);
        return 0;
    default: {
        int who = gg_record_who(kind);
        if (who < 0)
            return GG_ESTORAGE_CORRUPT;
        err = gg__game_apply(g, kind, who, &m, NULL);
        if (!err)
            gg__game_settle(g);
        return err;
    }
    }
}
