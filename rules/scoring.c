/* scoring.c — victory points (GAME_DESIGN.md §8) as data, and the final
 * result. Since rules v4 the scale is finer (GAME_DESIGN.md §13 "wins are
 * earned"): every weight doubled and no term rounds away a half point, so
 * fewer games tie. Since rules v22 China's east route counts 3 for every 2
 * units: every other term of China's weighs 2, 4 or -6, so its VP was always
 * even against an odd par and its margin never 0 (BALANCE.md sections 0.4 and 0.5,
 * sessions 15 and 14). Since rules v25 Kazakhstan also scores the elite influence of the
 * three powers together: before, its purges and crackdowns cut the powers' elite ties at no
 * cost to itself, and under deeper search it won belt-and-road two games in three by them
 * (BALANCE.md section 0, session 20). Each seat's formula is a table of terms: the same table
 * computes the score and writes section 9 of RULES.md, so the two cannot differ. */
#include "catalog.h"

#define TERM(k, a_, b_, m, d, src)                                                                 \
    {                                                                                              \
        GG_VP_##k, (uint8_t)(a_), (uint8_t)(b_), m, d, ALWAYS, src                                 \
    }
#define FLAT(m, cond, src)                                                                         \
    {                                                                                              \
        GG_VP_FLAT, 0, 0, m, 1, cond, src                                                          \
    }

static const gg_vp_term china_vp[] = {
    TERM(INFLUENCE, CN, GG_ECONOMY, 2, 1, "M17 L663; Mo22 L348"),
    TERM(INFLUENCE, CN, GG_ELITE, 2, 1, "Mo22 L416, L422"),
    TERM(ROUTE, GG_EAST, 0, 3, 2,
         "M17 L663, L725 (energy diversification); design, tuned (3 for every 2 units: "
         "China's points also come in ones)"),
    TERM(PROJECTS, CN, 0, 4, 1, "Mo22 L179-L197"),
    FLAT(-6, IF(TRACK_GE, GG_SINOPHOBIA, 7), "M17 L697, L713"),
    FLAT(-6, IF(TRACK_LE, GG_STABILITY, 3), "Mo22 L352 (a red line for China)"),
};

static const gg_vp_term russia_vp[] = {
    TERM(INFLUENCE, RU, GG_PUBLIC, 2, 1, "Mo22 L362-L370; M17 L619"),
    TERM(EAEU, 0, 0, 2, 1, "Mo22 L145-L159"),
    TERM(ROUTE, GG_NORTH, 0, 2, 3, "Mo22 L211 (transit through Russia)"),
    FLAT(10, IF(LEADS, RU, GG_SECURITY), "HB20 L19 (sole security provider)"),
    FLAT(4, IF(INSTITUTION, GG_INST_EAEU, 0), "Mo22 L338, L420"),
    FLAT(4, IF(INSTITUTION, GG_INST_CSTO, 0), "Mo22 L338, L420"),
    FLAT(-6, IF(LEADS, WE, GG_ELITE), "Mo22 L338, L420 (not West-aligned)"),
    TERM(ASYMMETRY, 0, 0, -4, 1, "D18 L136; HB20 L20 (junior partner)"),
};

static const gg_vp_term west_vp[] = {
    TERM(TRACK, GG_REFORM, 0, 2, 1, "Mo22 L404-L408, L434"),
    TERM(ROUTE, GG_CASPIAN, 0, 1, 1,
         "Mo22 L211, L432 (less dependence on Russian routes); design, tuned (1 a unit: "
         "Kazakhstan builds most of it)"),
    TERM(INFLUENCE, WE, GG_ELITE, 2, 1, "HB20 L22-L23"),
    TERM(INFLUENCE, WE, GG_PUBLIC, 2, 1, "D18 L180-L184; SO24 L175"),
    TERM(PROJECTS, WE, 0, 4, 1, "HB20 L22-L24 (connectivity); design"),
};

static const gg_vp_term kazakhstan_vp[] = {
    TERM(TRACK, GG_SOVEREIGNTY, 0, 2, 1, "Mo22 L177, L257; SO24 L153"),
    TERM(TRACK, GG_STABILITY, 0, 2, 1, "Mo22 L177; SO24 L121"),
    TERM(TRACK, GG_DEVELOPMENT, 0, 1, 1, "Mo22 L177, L257"),
    TERM(TRACK, GG_REFORM, 0, 1, 1, "Mo22 L404 (a modernising state); design"),
    FLAT(6, IF(NO_HEGEMON, 0, 0), "SO24 L97-L101 (multi-vector)"),
    TERM(ALL_POWERS, 0, GG_ELITE, 1, 1,
         "SO24 L101 (it reconciles Russia's and China's influence with Western investment); "
         "SO24 L103 (a rentier state: the rents sustain its elite); design, tuned (a purge or a "
         "crackdown costs Kazakhstan the ties it cuts: BALANCE.md section 0)"),
};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

const gg_vp_term *gg_vp_terms(int seat, int *n)
{
    switch (seat) {
    case GG_CHINA:
        *n = COUNT(china_vp);
        return china_vp;
    case GG_RUSSIA:
        *n = COUNT(russia_vp);
        return russia_vp;
    case GG_WEST:
        *n = COUNT(west_vp);
        return west_vp;
    case GG_KAZAKHSTAN:
        *n = COUNT(kazakhstan_vp);
        return kazakhstan_vp;
    default:
        *n = 0;
        return NULL;
    }
}

/* What gg_score_now reads more than once, computed once per call: the
 * leader of each domain (gg_leader), whether some power leads three or
 * more (gg__has_hegemon) and each seat's completed projects. */
typedef struct score_ctx {
    int leader[GG_DOMAINS];
    int hegemon;
    int projects[GG_SEATS];
} score_ctx;

static void score_ctx_init(const gg_state *s, score_ctx *x)
{
    int leads[GG_POWERS] = {0};
    x->hegemon = 0;
    for (int d = 0; d < GG_DOMAINS; d++) {
        x->leader[d] = gg_leader(s, d);
        if (x->leader[d] >= 0 && ++leads[x->leader[d]] >= 3)
            x->hegemon = 1;
    }
    for (int seat = 0; seat < GG_SEATS; seat++)
        x->projects[seat] = 0;
    for (int p = 0; p < GG_PROJECTS; p++)
        if (s->project[p].done && s->project[p].owner < GG_SEATS)
            x->projects[s->project[p].owner]++;
}

/* gg__cond_holds for a term's condition, the leaders read from *x. */
static inline int term_holds(const gg_state *s, const gg_cond *c, const score_ctx *x)
{
    switch (c->kind) {
    case GG_IF_ALWAYS:
        return 1;
    case GG_IF_LEADS:
        return c->a < GG_POWERS && c->b < GG_DOMAINS && x->leader[c->b] == c->a;
    case GG_IF_NO_HEGEMON:
        return !x->hegemon;
    default:
        return gg__cond_eval(s, c);
    }
}

static inline int term_value(const gg_state *s, const gg_vp_term *t, const score_ctx *x)
{
    if (!term_holds(s, &t->when, x))
        return 0;
    int v = 0;
    switch (t->kind) {
    case GG_VP_INFLUENCE:
        v = t->a < GG_POWERS && t->b < GG_DOMAINS ? s->influence[t->a][t->b] : 0;
        break;
    case GG_VP_ALL_POWERS:
        if (t->b < GG_DOMAINS)
            for (int p = 0; p < GG_POWERS; p++)
                v += s->influence[p][t->b];
        break;
    case GG_VP_TRACK:
        v = t->a < GG_TRACKS ? s->track[t->a] : 0;
        break;
    case GG_VP_ROUTE:
        v = t->a < GG_ROUTES ? s->route[t->a] : 0;
        break;
    case GG_VP_PROJECTS:
        v = t->a < GG_SEATS ? x->projects[t->a] : 0;
        break;
    case GG_VP_EAEU:
        v = s->eaeu_level;
        break;
    case GG_VP_ASYMMETRY:
        v = s->asymmetry;
        break;
    default: /* GG_VP_FLAT */
        v = 1;
        break;
    }
    /* Only a few terms divide: no division for the others (a division costs
     * more than the rest of the term, and scoring runs in every lookahead). */
    return t->div > 1 ? v * t->mult / t->div : v * t->mult;
}

/* One seat's score: its table's terms summed. Inline with the table and
 * its length known, so the compiler can unroll the loop and fold each
 * term's constant kind, condition and weights: the tables stay the one
 * definition, evaluated as straight-line code (scoring runs after every
 * lookahead resolve). */
static inline int seat_score(const gg_state *s, const gg_vp_term *t, int n, const score_ctx *x)
{
    int total = 0;
#pragma GCC unroll 16
    for (int i = 0; i < n; i++)
        total += term_value(s, &t[i], x);
    return total;
}

void gg_score_now(const gg_state *s, int16_t vp[GG_SEATS])
{
    score_ctx x;
    score_ctx_init(s, &x);
    vp[GG_CHINA] = (int16_t)seat_score(s, china_vp, COUNT(china_vp), &x);
    vp[GG_RUSSIA] = (int16_t)seat_score(s, russia_vp, COUNT(russia_vp), &x);
    vp[GG_WEST] = (int16_t)seat_score(s, west_vp, COUNT(west_vp), &x);
    vp[GG_KAZAKHSTAN] = (int16_t)seat_score(s, kazakhstan_vp, COUNT(kazakhstan_vp), &x);
}

static const gg_tiebreak_def tiebreaks[GG_TIEBREAKS] = {
    {"margin", "Margin over par",
     "The higher victory points less the scenario's par wins: asymmetric goals stay comparable.",
     "design (GAME_DESIGN.md §8)"},
    {"ahead_of_pace", "Ahead of pace",
     "The larger running margin summed over the game (the score strip at the start of each "
     "year): who ran ahead of par's pace longer and by more.",
     "design (GAME_DESIGN.md §13: the score always in view)"},
    {"domains_led", "Domains led",
     "More domains led (for Kazakhstan: more domains no power leads, its multi-vector balance).",
     "HB20 L140 (multi-dimensional chess); SO24 L97-L101 (multi-vector)"},
    {"fewer_broken_promises", "Fewer broken promises",
     "Fewer pledges and deals broken over the game: a record of kept word is worth something.",
     "design (GAME_DESIGN.md §7 ledger)"},
    {"final_position", "Final position",
     "The stronger last scoring against its share of par: who is rising at the end.", "design"},
    {"reserves", "Reserves", "More resources in hand at the end: room for the next round.",
     "design"},
    {"draw", "Seeded draw", "A draw seeded by the game: only when everything above is equal.",
     "design"},
};

const gg_tiebreak_def *gg_tiebreak_def_get(int criterion)
{
    return criterion >= 0 && criterion < GG_TIEBREAKS ? &tiebreaks[criterion] : NULL;
}

/* Scorings in the game: every GG_SCORING_EVERY turns before the last, and
 * the end. */
static int scorings_total(const gg_state *s)
{
    return s->last_turn ? (s->last_turn - 1) / GG_SCORING_EVERY + 1 : 1;
}

int gg_tiebreak_value(const gg_state *s, int criterion, int seat)
{
    if (seat < 0 || seat >= GG_SEATS)
        return 0;
    switch (criterion) {
    case GG_TB_MARGIN: /* once over, vp_now and par_now are the final VP and the whole par */
        return gg_margin(s, seat);
    case GG_TB_PACE:
        return s->pace[seat];
    case GG_TB_DOMAINS: {
        int n = 0;
        for (int d = 0; d < GG_DOMAINS; d++) {
            int lead = gg_leader(s, d);
            n += seat == GG_KAZAKHSTAN ? lead < 0 : lead == seat;
        }
        return n;
    }
    case GG_TB_PROMISES:
        return -(int)s->broken[seat];
    case GG_TB_POSITION:
        /* A running game is ranked as the moderator's end would rank it
         * (gg_end_game: this scoring banked, against the par so far): the
         * last scoring banked against the whole par ranked turn 1's level
         * seats by the size of their pars, and then the end by another
         * order (rules.score, test_moderator_end_keeps_running_score). */
        if (s->phase != GG_PHASE_OVER)
            return (s->vp_now[seat] - s->vp[seat]) * scorings_total(s) - s->par_now[seat];
        return s->vp_last[seat] * scorings_total(s) - s->par[seat];
    case GG_TB_RESERVES:
        return s->res[seat][0] + s->res[seat][1] + s->res[seat][2];
    case GG_TB_DRAW:
        return s->tiebreak[seat];
    default:
        return 0;
    }
}

/* The first criterion on which seats a and b differ (GG_TB_DRAW if none
 * before it), and through *above whether a ranks above b. */
static int compare(const gg_state *s, int a, int b, int *above)
{
    if (s->end_reason == GG_END_SOVEREIGNTY && (a == GG_KAZAKHSTAN || b == GG_KAZAKHSTAN)) {
        *above = b == GG_KAZAKHSTAN; /* "not another Belarus": Kazakhstan is last */
        return GG_TB_MARGIN;
    }
    if (s->end_reason == GG_END_ESCALATION && (a == s->tipped_by || b == s->tipped_by)) {
        *above = b == s->tipped_by; /* the seat that tipped the region into crisis is last */
        return GG_TB_MARGIN;
    }
    for (int k = 0; k < GG_TIEBREAKS; k++) {
        int va = gg_tiebreak_value(s, k, a), vb = gg_tiebreak_value(s, k, b);
        if (va != vb) {
            *above = va > vb;
            return k;
        }
    }
    *above = a < b; /* only in a running game, before the draw is made */
    return GG_TB_DRAW;
}

void gg_rank_now(const gg_state *s, uint8_t rank[GG_SEATS], uint8_t *decided_by)
{
    for (int seat = 0; seat < GG_SEATS; seat++)
        rank[seat] = (uint8_t)seat;
    for (int i = 1; i < GG_SEATS; i++) /* insertion sort of four seats */
        for (int j = i; j > 0; j--) {
            int above;
            compare(s, rank[j], rank[j - 1], &above);
            if (!above)
                break;
            uint8_t t = rank[j];
            rank[j] = rank[j - 1];
            rank[j - 1] = t;
        }
    if (decided_by) {
        int above;
        *decided_by = (uint8_t)compare(s, rank[0], rank[1], &above);
    }
}

int gg_result_get(const gg_state *s, gg_result *r)
{
    if (s->phase != GG_PHASE_OVER)
        return GG_EWRONG_PHASE;
    r->reason = s->end_reason;
    for (int seat = 0; seat < GG_SEATS; seat++) {
        r->vp[seat] = s->vp[seat];
        r->relative[seat] = (int16_t)(s->vp[seat] - s->par[seat]);
    }
    gg_rank_now(s, r->rank, &r->decided_by);
    r->winner = r->rank[0];
    return 0;
}

/* Per mille of the scenario's whole par that a game of `len` turns ends
 * on: 1000 for the whole game; a shortened game is the whole game's first
 * `len` turns with a scoring at its end, so it ends on what the par curve
 * says a seat on course holds once turn `len` is played: the curve at the
 * next turn's start (the position after turn `len`, nothing banked in
 * between), or at turn `len`'s own start when the whole game banks a
 * scoring at the end of it (the next turn's point would count that scoring
 * twice). 0 when the scenario has no curve. */
static int length_share(const gg_scenario_def *sc, int len, int seat)
{
    if (!sc || !sc->par_curve || sc->turns <= 0 || len < 1)
        return 0;
    if (len >= sc->turns)
        return 1000;
    int row = len % GG_SCORING_EVERY == 0 ? len - 1 : len;
    return sc->par_curve[row][seat];
}

void gg__par_for_length(gg_state *s)
{
    const gg_scenario_def *sc = gg__scenario(s->scenario);
    if (!sc || s->last_turn >= sc->turns)
        return;
    for (int seat = 0; seat < GG_SEATS; seat++) {
        int share = length_share(sc, s->last_turn, seat);
        if (share > 0)
            s->par[seat] = (int16_t)((s->par[seat] * share + 500) / 1000);
    }
}

int gg_set_pars(gg_state *s, const int16_t par[GG_SEATS])
{
    if (s->turn != 1 || s->phase != GG_PHASE_DIPLOMACY || s->submitted || s->next_deal_id)
        return GG_EWRONG_PHASE;
    for (int seat = 0; seat < GG_SEATS; seat++)
        if (par[seat] < -GG_PAR_LIMIT || par[seat] > GG_PAR_LIMIT)
            return GG_EBAD_OPTION;
    for (int seat = 0; seat < GG_SEATS; seat++)
        s->par[seat] = par[seat];
    gg__par_for_length(s);
    gg__refresh_standing(s);
    return 0;
}

void gg_par_so_far(const gg_state *s, int16_t par_now[GG_SEATS])
{
    const gg_scenario_def *sc = gg__scenario(s->scenario);
    int len = s->last_turn > 0 ? s->last_turn : 1;
    int turn = s->turn < 1 ? 1 : (s->turn > len ? len : s->turn);
    if (sc && sc->par_curve && sc->turns > 0 && len <= sc->turns) {
        /* The curve's point for this turn: a shortened game is the whole
         * game's first turns, so it reads the same points, scaled from the
         * par it ends on (gg__par_for_length: s->par is the whole par x
         * `share` / 1000) back to the whole par; a full game reads par x
         * its curve / 1000. Exact integer arithmetic. */
        for (int seat = 0; seat < GG_SEATS; seat++) {
            long share = length_share(sc, len, seat);
            if (share <= 0)
                share = 1000;
            long c = sc->par_curve[turn - 1][seat];
            par_now[seat] = (int16_t)(((long)s->par[seat] * c + share / 2) / share);
        }
        return;
    }
    /* No curve: the par share of the scorings so far, this one included. */
    int total = scorings_total(s);
    int banked = (turn - 1) / GG_SCORING_EVERY;
    if (banked + 1 > total)
        banked = total - 1;
    for (int seat = 0; seat < GG_SEATS; seat++)
        par_now[seat] = (int16_t)((s->par[seat] * (banked + 1) + total / 2) / total);
}

void gg__bank_pace(gg_state *s)
{
    for (int seat = 0; seat < GG_SEATS; seat++) {
        int sum = s->pace[seat] + gg_margin(s, seat);
        s->pace[seat] = (int16_t)(sum > INT16_MAX ? INT16_MAX : sum < INT16_MIN ? INT16_MIN : sum);
    }
}

/* The running score (see gg_state): banked VP plus the position now,
 * against the par so far (gg_par_so_far). */
void gg__refresh_standing(gg_state *s)
{
    if (s->phase == GG_PHASE_OVER) {
        for (int seat = 0; seat < GG_SEATS; seat++) {
            s->vp_now[seat] = s->vp[seat];
            s->par_now[seat] = s->par[seat];
        }
        return;
    }
    int16_t now[GG_SEATS];
    gg_score_now(s, now);
    gg_par_so_far(s, s->par_now);
    for (int seat = 0; seat < GG_SEATS; seat++)
        s->vp_now[seat] = (int16_t)(s->vp[seat] + now[seat]);
}
