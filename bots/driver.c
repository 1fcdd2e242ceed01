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

static void diplomacy(gg_state *s, gg_bot bots[GG_SEATS], gg_bot_stats *st, int *first)
{
    gg_state v;
    for (int seat = 0; seat < GG_SEATS; seat++) {
        gg_bot_proposal p[GG_BOT_MAX_PROPOSALS];
        gg_view(s, seat, &v);
        int n = gg_bot_propose(&bots[seat], &v, p, GG_BOT_MAX_PROPOSALS);
        for (int i = 0; i < n; i++) {
            uint16_t id;
            int err = gg_propose(s, seat, p[i].parties, p[i].clauses, p[i].nclauses, &id);
            if (err == GG_ELEDGER_FULL)
                break; /* the ledger's limit, not the bot's fault */
            if (note_error(st, first, err) == 0 && st)
                st->proposals[seat]++;
        }
    }
    /* Answers: deals in ledger order, parties in seat order. */
    for (int i = 0; i < GG_MAX_DEALS; i++) {
        for (int seat = 0; seat < GG_SEATS; seat++) {
            const gg_deal *d = &s->deals[i];
            if (d->status != GG_DEAL_OPEN)
                break;
            if (!((d->parties >> seat) & 1) || ((d->accepted >> seat) & 1))
                continue;
            gg_view(s, seat, &v);
            int yes = gg_bot_respond(&bots[seat], &v, &v.deals[i]);
            note_error(st, first, gg_respond(s, seat, d->id, yes));
        }
        const gg_deal *d = &s->deals[i];
        if (st && d->status == GG_DEAL_ACCEPTED && d->turn == s->turn) {
            st->deals_accepted++;
            for (int k = 0; k < d->nclauses; k++)
                if (d->clauses[k].kind == GG_CLAUSE_ACCORD && d->clauses[k].c < GG_ACCORDS)
                    st->accords[d->clauses[k].c]++;
        }
    }
    gg_end_diplomacy(s);
}

int gg_bots_play_turn(gg_state *s, gg_bot bots[GG_SEATS], gg_bot_stats *st)
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
        note_error(st, &first, gg_resolve(s));
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
    int first = 0;
    for (int guard = 0; s->phase != GG_PHASE_OVER && guard < 1000; guard++) {
        int err = gg_bots_play_turn(s, bots, st);
        if (err && !first)
            first = err;
    }
    return first;
}
