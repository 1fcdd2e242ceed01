/* command.c — applying journaled commands to the rules state, and which
 * command resolved a turn. */
#include "gg/game.h"

int gg_command_is_game(int type)
{
    switch (type) {
    case GG_MSG_chat:
    case GG_MSG_propose:
    case GG_MSG_respond:
    case GG_MSG_orders:
    case GG_MSG_ready:
    case GG_MSG_crisis_response:
    case GG_MSG_pause:
    case GG_MSG_resume_game:
    case GG_MSG_extend:
    case GG_MSG_inject_event:
    case GG_MSG_replace_with_bot:
    case GG_MSG_end_game:
        return 1;
    default:
        return 0;
    }
}

int gg_record_who(int kind)
{
    if (kind == GG_REC_JOIN || kind == GG_REC_LEAVE)
        return -1;
    if (kind >= GG_REC_BOT0 && kind < GG_REC_BOT0 + GG_SEATS)
        return kind - GG_REC_BOT0;
    if ((kind >= 0 && kind < GG_SEATS) || kind == GG_REC_MODERATOR || kind == GG_REC_SERVER)
        return kind;
    return GG_ESTORAGE_CORRUPT;
}

void gg_command_options(const gg_msg *create, gg_options *out)
{
    const gg_msg_create_game *c = &create->u.create_game;
    *out = (gg_options){c->binding, c->hide_resources, (uint8_t)c->turns};
}

int gg_record_decode(int kind, const uint8_t *p, size_t n, int *who, gg_msg *m)
{
    *who = gg_record_who(kind);
    if (*who == -1)
        return 1;
    if (*who < 0)
        return *who;
    return gg_msg_decode(m, p, n, NULL);
}

static int is_seat(int who)
{
    return who >= 0 && who < GG_SEATS;
}

/* Role rights: which issuer may send which command. */
static int allowed(int who, int type)
{
    switch (type) {
    case GG_MSG_chat:
        return is_seat(who) || who == GG_WHO_MODERATOR;
    case GG_MSG_propose:
    case GG_MSG_respond:
    case GG_MSG_orders:
        return is_seat(who);
    case GG_MSG_ready:
        return is_seat(who) || who == GG_WHO_SERVER;
    case GG_MSG_crisis_response:
        return who == GG_KAZAKHSTAN;
    case GG_MSG_replace_with_bot: /* the server too: the missed-turn policy */
        return who == GG_WHO_MODERATOR || who == GG_WHO_SERVER;
    case GG_MSG_pause:
    case GG_MSG_resume_game:
    case GG_MSG_extend:
    case GG_MSG_inject_event:
    case GG_MSG_end_game:
        return who == GG_WHO_MODERATOR;
    default:
        return 0;
    }
}

/* Orders and ready may name the turn (and phase) they are meant for; a
 * stale one is refused rather than applied to the wrong turn. */
static int stale(const gg_state *s, uint32_t turn, int has_turn)
{
    return has_turn && turn != s->turn;
}

int gg_command_check(const gg_state *s, int who, const gg_msg *m)
{
    if (!gg_command_is_game(m->type))
        return GG_EMSG_UNKNOWN_TYPE;
    if (m->type == GG_MSG_crisis_response && is_seat(who) && who != GG_KAZAKHSTAN)
        return GG_EWRONG_SEAT; /* a player, but the crisis is Kazakhstan's to answer */
    if (!allowed(who, m->type))
        return GG_EFORBIDDEN;
    if (s->phase == GG_PHASE_OVER) /* chat too: a finished game's journal is closed */
        return GG_EGAME_OVER;
    switch (m->type) {
    case GG_MSG_propose: {
        const gg_msg_propose *p = &m->u.propose;
        return gg_check_deal(s, who, p->parties, p->clauses.c, p->clauses.n);
    }
    case GG_MSG_respond:
        return s->phase == GG_PHASE_DIPLOMACY ? 0 : GG_EWRONG_PHASE;
    case GG_MSG_orders:
        if (stale(s, m->u.orders.turn, m->u.orders.has & 1))
            return GG_EWRONG_PHASE;
        return gg_validate_orders(s, who, &m->u.orders.orders, NULL);
    case GG_MSG_ready:
        if (stale(s, m->u.ready.turn, m->u.ready.has & 1) ||
            (m->u.ready.phase != GG_ABSENT && m->u.ready.phase != s->phase))
            return GG_EWRONG_PHASE;
        if (who == GG_WHO_SERVER && s->phase == GG_PHASE_CRISIS)
            return GG_EWRONG_PHASE; /* the crisis ends with an answer, never by itself */
        return 0;
    case GG_MSG_crisis_response:
        return gg_check_response(s, m->u.crisis_response.response);
    case GG_MSG_inject_event:
        if (s->phase != GG_PHASE_DIPLOMACY && s->phase != GG_PHASE_ORDERS)
            return GG_EWRONG_PHASE;
        return gg_event_def_get(m->u.inject_event.event) ? 0 : GG_EBAD_EVENT;
    default:
        return 0;
    }
}

/* Records a move's reason on its ledger entry (gg_deal.why, ans_why): the
 * proposer's (`answerer` < 0) or an answer's. A well-formed reason other
 * than "none" replaces the one recorded; an answer without one leaves the
 * last answer's reason in place. */
static void note_reason(gg_state *s, uint16_t deal, int answerer, const gg_reason *why)
{
    if (!deal || why->id == GG_RSN_NONE || gg_reason_check(why) != 0)
        return;
    for (int i = 0; i < GG_MAX_DEALS; i++) {
        gg_deal *d = &s->deals[i];
        if (d->status == GG_DEAL_FREE || d->id != deal)
            continue;
        if (answerer < 0) {
            d->why = *why;
        } else {
            d->ans_why = *why;
            d->ans_by = (uint8_t)answerer;
        }
        return;
    }
}

int gg_command_apply(gg_state *s, int who, const gg_msg *m, uint16_t *id)
{
    int err = gg_command_check(s, who, m);
    if (err)
        return err;
    switch (m->type) {
    case GG_MSG_propose: {
        const gg_msg_propose *p = &m->u.propose;
        uint16_t made = 0;
        err = gg_propose(s, who, p->parties, p->clauses.c, p->clauses.n, &made);
        if (id)
            *id = made;
        if (!err)
            note_reason(s, made, -1, &p->why);
        return err;
    }
    case GG_MSG_respond:
        err = gg_respond(s, who, (uint16_t)m->u.respond.deal, m->u.respond.accept);
        if (!err)
            note_reason(s, (uint16_t)m->u.respond.deal, who, &m->u.respond.why);
        return err;
    case GG_MSG_orders:
        return gg_submit_orders(s, who, &m->u.orders.orders);
    case GG_MSG_ready:
        if (who != GG_WHO_SERVER)
            return 0; /* a seat's ready is bookkeeping for the server */
        return s->phase == GG_PHASE_DIPLOMACY ? gg_end_diplomacy(s) : gg_resolve(s);
    case GG_MSG_crisis_response:
        return gg_crisis_react(s, m->u.crisis_response.response);
    case GG_MSG_inject_event:
        return gg_inject_event(s, m->u.inject_event.event);
    case GG_MSG_end_game:
        return gg_end_game(s);
    default:
        return 0;
    }
}

int gg_turn_resolved(int turn, int phase, const gg_state *after)
{
    if (phase != GG_PHASE_ORDERS || turn < 1)
        return 0;
    return after->phase != GG_PHASE_ORDERS || after->turn != turn ? turn : 0;
}

void gg_turn_hashes_set(gg_turn_hashes *t, int turn, uint64_t hash)
{
    if (turn < 1 || turn > GG_MAX_TURNS)
        return;
    t->hash[turn] = hash;
    if (turn > t->last)
        t->last = turn;
}

int gg_turn_hashes_diverge(const gg_turn_hashes *got, const gg_turn_hashes *want)
{
    for (int t = 1; t <= want->last; t++)
        if (want->hash[t] && want->hash[t] != got->hash[t])
            return t;
    return 0;
}
