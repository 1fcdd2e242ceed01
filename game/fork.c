/* fork.c — which journal records a fork of a game keeps (include/gg/game.h,
 * "forks"): the ones that change the rules state, up to the resolution of
 * the turn the fork starts after. */
#include <string.h>

#include "gg/game.h"

/* Commands whose effect is on the rules state. The others (chat, and the
 * host's clock and seat controls) are not carried into a fork. */
static int changes_rules(int type)
{
    switch (type) {
    case GG_MSG_propose:
    case GG_MSG_respond:
    case GG_MSG_orders:
    case GG_MSG_ready:
    case GG_MSG_crisis_response:
    case GG_MSG_inject_event:
    case GG_MSG_end_game:
        return 1;
    default:
        return 0;
    }
}

int gg_fork_init(gg_fork *f, const gg_msg *create, uint64_t seed, int turn)
{
    memset(f, 0, sizeof *f);
    if (turn < 1 || turn > GG_MAX_TURNS)
        return GG_EMSG_BAD_FIELD;
    if (create->type != GG_MSG_create_game)
        return GG_EBAD_OPTION;
    int scenario = gg_scenario_find(create->u.create_game.scenario);
    if (scenario < 0)
        return GG_EBAD_SCENARIO;
    gg_options opt;
    gg_command_options(create, &opt);
    f->turn = turn;
    return gg_init(&f->s, scenario, seed, &opt);
}

int gg_fork_record(gg_fork *f, uint32_t seq, int kind, const uint8_t *p, size_t n)
{
    if (f->done)
        return 0;
    f->seq = seq;
    int who;
    gg_msg m;
    int err = gg_record_decode(kind, p, n, &who, &m);
    if (err == 1)
        return 0; /* a join or a leave */
    if (err)
        return err;
    if (!changes_rules(m.type))
        return 0;
    int turn = f->s.turn, phase = f->s.phase;
    if (gg_command_apply(&f->s, who, &m, NULL) != 0)
        return GG_EREPLAY_DIVERGED;
    int resolved = gg_turn_resolved(turn, phase, &f->s);
    if (resolved) {
        gg_turn_hashes_set(&f->hashes, resolved, gg_state_hash(&f->s));
        f->done = resolved == f->turn;
    }
    return 1;
}
