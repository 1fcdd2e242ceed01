/* debrief.c — the classroom debrief's data (GAME_DESIGN.md §11): a replay
 * re-simulated through gg_command_apply, with the snapshots the debrief
 * shows (each year's start, resolution and end), every deal by id and every
 * chat message; and its JSON form. gg-arena --debrief renders the struct as
 * Markdown and gg-server sends the JSON, so both show the same numbers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gg/game.h"

void gg_deal_book_note(gg_deal_book *b, const gg_state *s)
{
    for (int i = 0; i < GG_MAX_DEALS; i++) {
        const gg_deal *dl = &s->deals[i];
        if (dl->status == GG_DEAL_FREE || dl->id == 0 || dl->id > GG_DEAL_BOOK_MAX)
            continue;
        b->deal[dl->id - 1] = *dl;
        if (dl->id > b->n)
            b->n = dl->id;
    }
}

void gg_end_of_year(const gg_state *before, gg_state *out)
{
    *out = *before;
    out->last_turn = out->turn;
    if (out->phase == GG_PHASE_DIPLOMACY)
        gg_end_diplomacy(out);
    gg_resolve(out);
    /* Scored as if over (or waiting for a crisis answer), but the game goes
     * on: its margin is against the par so far, not the whole game's. */
    if (before->turn < before->last_turn &&
        (out->phase != GG_PHASE_OVER || out->end_reason == GG_END_LAST_TURN))
        gg_par_so_far(before, out->par_now);
}

static int note_chat(gg_debrief *d, uint32_t seq, int who, const gg_msg *m)
{
    if (d->nchat == d->capchat) {
        uint32_t cap = d->capchat ? d->capchat * 2 : 64;
        gg_debrief_chat *c = realloc(d->chat, cap * sizeof *c);
        if (!c)
            return GG_EINTERNAL;
        d->chat = c;
        d->capchat = cap;
    }
    gg_debrief_chat *c = &d->chat[d->nchat++];
    memset(c, 0, sizeof *c);
    c->seq = seq;
    c->turn = d->s.turn;
    c->from = (uint8_t)who;
    c->chan = m->u.chat.channel;
    c->to = m->u.chat.to;
    memcpy(c->text, m->u.chat.text, sizeof c->text);
    c->text[sizeof c->text - 1] = 0;
    return 0;
}

static int on_record(uint32_t seq, int kind, const uint8_t *p, size_t n, void *ud)
{
    gg_debrief *d = ud;
    int who;
    gg_msg m;
    int err = gg_record_decode(kind, p, n, &who, &m);
    if (err == 1)
        return 0; /* a client joined or left */
    gg_state before = d->s;
    int turn = d->s.turn;
    if (!err && d->s.phase == GG_PHASE_ORDERS && m.type == GG_MSG_ready && who == GG_WHO_SERVER &&
        turn <= GG_MAX_TURNS)
        gg_end_of_year(&d->s, &d->year_end[turn]);
    if (!err)
        err = gg_command_apply(&d->s, who, &m, NULL);
    if (!err && m.type == GG_MSG_chat)
        err = note_chat(d, seq, who, &m);
    if (err) {
        d->err = err;
        d->err_seq = seq;
        return 1;
    }
    gg_deal_book_note(&d->book, &d->s);
    int resolved = gg_turn_resolved(before.turn, before.phase, &d->s);
    if (resolved && resolved <= GG_MAX_TURNS) {
        d->resolved[resolved] = d->s;
        d->have_resolved[resolved] = 1;
    }
    if (before.phase == GG_PHASE_CRISIS && d->s.phase != GG_PHASE_CRISIS && turn <= GG_MAX_TURNS)
        d->crisis_response[turn] = (uint8_t)(d->s.report.response + 1);
    if (d->s.turn != turn && d->s.turn <= GG_MAX_TURNS && d->s.phase != GG_PHASE_OVER) {
        d->start[d->s.turn] = d->s;
        d->have_start[d->s.turn] = 1;
    }
    return 0;
}

int gg_debrief_create(const void *buf, size_t len, gg_debrief **out, char *err, size_t errlen)
{
    *out = NULL;
    gg_replay *rp;
    int rc = gg_replay_create(buf, len, &rp, err, errlen);
    if (rc)
        return rc;
    gg_debrief *d = calloc(1, sizeof *d);
    if (!d) {
        gg_replay_destroy(rp);
        return GG_EINTERNAL;
    }
    const gg_replay_header *h = gg_replay_get_header(rp);
    memcpy(d->scenario, h->scenario, sizeof d->scenario);
    d->seed = h->seed;
    d->finished = h->finished;
    gg_msg create;
    if (h->options_len && gg_msg_decode(&create, h->options, h->options_len, NULL) == 0 &&
        create.type == GG_MSG_create_game)
        gg_command_options(&create, &d->opt);
    d->scenario_id = gg_scenario_find(h->scenario);
    rc = gg_init(&d->s, d->scenario_id, h->seed, &d->opt);
    if (rc) {
        if (err && errlen)
            snprintf(err, errlen, "cannot start scenario '%s': %s", h->scenario, gg_strerror(rc));
        gg_replay_destroy(rp);
        free(d);
        return GG_EREPLAY_FORMAT;
    }
    d->start[1] = d->s;
    d->have_start[1] = 1;
    gg_replay_read(rp, on_record, NULL, d);
    gg_replay_destroy(rp);
    if (d->err == GG_EINTERNAL) {
        gg_debrief_destroy(d);
        return GG_EINTERNAL;
    }
    for (int t = 1; t <= GG_MAX_TURNS; t++)
        if (d->have_resolved[t])
            d->last = t;
    /* The historical line the game is set beside (a refused script, a bug
     * test-arena-history catches, leaves it out rather than the debrief). */
    int n = gg_history_run(d->scenario_id, d->history, GG_MAX_TURNS, NULL, 0);
    d->nhistory = n > 0 ? n : 0;
    *out = d;
    return 0;
}

void gg_debrief_destroy(gg_debrief *d)
{
    if (!d)
        return;
    free(d->chat);
    free(d);
}
