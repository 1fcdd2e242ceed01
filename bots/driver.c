/* driver.c — plays whole turns and games with one bot per seat, showing each
 * bot only its seat's view and recording what the bots chose. */
#include <string.h>

#include "bots_internal.h"

static int note_error(gg_bot_stats *st, int *first, int err)
{
    if (err && !*first)
        *first = err;
    if (err && st) {
        st->errors++;
        if (!st->first_error)
            st->first_error = err;
    }
    return err;
}

/* FNV-1a over the bytes of one negotiation move (fields one by one, no
 * padding). */
static void talk(gg_bot_stats *st, const gg_bot_talk *t)
{
    if (!st)
        return;
    uint64_t h = st->talk_digest ? st->talk_digest : 0xcbf29ce484222325ULL;
    uint8_t b[8 + GG_MAX_CLAUSES * 6 + 2 + 2 * GG_REASON_ARGS];
    size_t n = 0;
    b[n++] = t->turn;
    b[n++] = t->seat;
    b[n++] = t->answer;
    b[n++] = t->accept;
    b[n++] = t->counter;
    b[n++] = (uint8_t)(t->deal & 0xff);
    b[n++] = (uint8_t)(t->deal >> 8);
    b[n++] = t->parties;
    for (int k = 0; k < t->nclauses && k < GG_MAX_CLAUSES; k++) {
        const gg_clause *c = &t->clauses[k];
        b[n++] = c->kind;
        b[n++] = c->a;
        b[n++] = c->b;
        b[n++] = c->c;
        b[n++] = c->amount;
        b[n++] = c->turns;
    }
    b[n++] = t->why.id;
    b[n++] = t->why.nargs;
    for (int i = 0; i < t->why.nargs && i < GG_REASON_ARGS; i++) {
        b[n++] = (uint8_t)((uint16_t)t->why.arg[i] & 0xff);
        b[n++] = (uint8_t)((uint16_t)t->why.arg[i] >> 8);
    }
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ULL;
    }
    st->talk_digest = h;
    if (st->talk)
        st->talk(st->talk_ctx, t);
}

/* Proposes `p` for `seat`; returns 0 or the engine's error. */
static int propose(gg_state *s, int seat, const gg_bot_proposal *p, int counter, gg_bot_stats *st,
                   int *first)
{
    uint16_t id = 0;
    int err = gg_propose(s, seat, p->parties, p->clauses, p->nclauses, &id);
    if (err == GG_ELEDGER_FULL)
        return err; /* the ledger's limit, not the bot's fault */
    if (note_error(st, first, err) != 0)
        return err;
    if (st) {
        st->proposals[seat]++;
        if (counter)
            st->counters[seat]++;
    }
    gg_bot_talk t = {.turn = s->turn,
                     .seat = (uint8_t)seat,
                     .deal = id,
                     .parties = p->parties,
                     .nclauses = p->nclauses,
                     .why = p->why};
    memcpy(t.clauses, p->clauses, sizeof t.clauses);
    talk(st, &t);
    return 0;
}

static void count_accepted(const gg_state *s, const gg_deal *d, gg_bot_stats *st)
{
    if (!st || d->status != GG_DEAL_ACCEPTED || d->turn != s->turn)
        return;
    st->deals_accepted++;
    if (d->proposer < GG_SEATS)
        st->accepted[d->proposer]++;
    for (int k = 0; k < d->nclauses; k++)
        if (d->clauses[k].kind == GG_CLAUSE_ACCORD && d->clauses[k].c < GG_ACCORDS)
            st->accords[d->clauses[k].c]++;
}

static void diplomacy(gg_state *s, gg_bot bots[GG_SEATS], gg_bot_stats *st, int *first)
{
    gg_state v;
    for (int seat = 0; seat < GG_SEATS; seat++) {
        gg_bot_proposal p[GG_BOT_MAX_PROPOSALS];
        gg_view(s, seat, &v);
        int n = gg_bot_propose(&bots[seat], &v, p, GG_BOT_MAX_PROPOSALS);
        for (int i = 0; i < n; i++)
            if (propose(s, seat, &p[i], 0, st, first) == GG_ELEDGER_FULL)
                break;
    }
    /* Answers: open deals in id order, parties in seat order; a counter-
     * offer is proposed at once and answered in a later round. Bots make
     * at most GG_BOT_MAX_COUNTERS a turn, so the rounds end. */
    for (int round = 0; round < 2 * GG_BOT_MAX_COUNTERS * GG_SEATS + 1; round++) {
        uint16_t lo = 0;
        int any = 0;
        for (;;) {
            int pick = -1;
            for (int i = 0; i < GG_MAX_DEALS; i++)
                if (s->deals[i].status == GG_DEAL_OPEN && s->deals[i].id > lo &&
                    (pick < 0 || s->deals[i].id < s->deals[pick].id))
                    pick = i;
            if (pick < 0)
                break;
            lo = s->deals[pick].id;
            for (int seat = 0; seat < GG_SEATS; seat++) {
                const gg_deal *d = &s->deals[pick];
                if (d->status != GG_DEAL_OPEN)
                    break;
                if (!((d->parties >> seat) & 1) || ((d->accepted >> seat) & 1))
                    continue;
                any = 1;
                gg_view(s, seat, &v);
                gg_bot_reply a;
                gg_bot_answer(&bots[seat], &v, &v.deals[pick], &a);
                uint16_t id = d->id;
                note_error(st, first, gg_respond(s, seat, id, a.accept));
                gg_bot_talk t = {.turn = s->turn,
                                 .seat = (uint8_t)seat,
                                 .answer = 1,
                                 .accept = a.accept,
                                 .counter = a.countered && !a.accept,
                                 .deal = id,
                                 .why = a.why};
                talk(st, &t);
                count_accepted(s, &s->deals[pick], st);
                if (!a.accept && a.countered)
                    propose(s, seat, &a.counter, 1, st, first);
            }
        }
        if (!any)
            break;
    }
    gg_end_diplomacy(s);
}

void gg_bot_stats_end_game(gg_bot_stats *st, const gg_state *s)
{
    if (!st)
        return;
    for (int p = 0; p < GG_SEATS; p++) {
        st->kept[p] += s->kept[p];
        st->broken[p] += s->broken[p];
    }
}

int gg_bots_play_turn(gg_state *s, gg_bot bots[GG_SEATS], gg_bot_stats *st)
{
    return gg__bots_play_turn(s, bots, st, 0);
}

int gg__bots_play_turn(gg_state *s, gg_bot bots[GG_SEATS], gg_bot_stats *st, int lookahead)
{
    int first = 0;
    gg_state v;
    if (s->phase == GG_PHASE_OVER)
        return GG_EGAME_OVER;
    if (s->phase == GG_PHASE_DIPLOMACY)
        diplomacy(s, bots, st, &first);
    if (s->phase == GG_PHASE_ORDERS) {
        for (int seat = 0; seat < GG_SEATS; seat++) {
            gg_orders o;
            gg_view(s, seat, &v);
            gg_bot_orders(&bots[seat], &v, &o);
            if (note_error(st, &first, gg_submit_orders(s, seat, &o)) == 0 && st) {
                st->seat_turns[seat]++;
                for (int i = 0; i < o.count; i++)
                    if (o.o[i].action < GG_ACTIONS)
                        st->action_use[seat][o.o[i].action]++;
            }
        }
        note_error(st, &first, lookahead ? gg_resolve_lookahead(s) : gg_resolve(s));
    }
    if (s->phase == GG_PHASE_CRISIS) {
        gg_view(s, GG_KAZAKHSTAN, &v);
        int r = gg_bot_crisis(&bots[GG_KAZAKHSTAN], &v);
        if (note_error(st, &first, gg_crisis_react(s, r)) != 0) {
            r = GG_RSP_ALONE; /* always allowed: keeps the game moving */
            gg_crisis_react(s, r);
        }
        if (st && r >= 0 && r < GG_RESPONSES)
            st->responses[r]++;
    }
    return first;
}

int gg_bots_play_game(gg_state *s, gg_bot bots[GG_SEATS], gg_bot_stats *st)
{
    return gg__bots_play_game(s, bots, st, 0);
}

int gg__bots_play_game(gg_state *s, gg_bot bots[GG_SEATS], gg_bot_stats *st, int lookahead)
{
    int first = 0;
    for (int guard = 0; s->phase != GG_PHASE_OVER && guard < 1000; guard++) {
        int err = gg__bots_play_turn(s, bots, st, lookahead);
        if (err && !first)
            first = err;
    }
    if (s->phase == GG_PHASE_OVER)
        gg_bot_stats_end_game(st, s);
    return first;
}
