/* gg/rules.h — the New Great Game rules engine.
 *
 * A pure, deterministic library: no I/O, no clock, no malloc, no globals.
 * The whole game — PRNG streams included — lives in one fixed-size struct
 * (gg_state) that the caller owns and passes to every function; copying it
 * with `=` or memcpy forks the game. Same scenario, seed and inputs give the
 * same state hash on every run and every machine.
 *
 * A turn (one year) runs:
 *   gg_init / previous turn  -> News + Income happen, phase = DIPLOMACY
 *   gg_propose / gg_respond  (DIPLOMACY)
 *   gg_end_diplomacy         -> open proposals expire, phase = ORDERS
 *   gg_submit_orders         (ORDERS; each seat, any number of times)
 *   gg_resolve               -> Resolution; then phase = CRISIS if unrest,
 *                               else Scoring and the next turn's News+Income
 *   gg_crisis_react          (CRISIS; Kazakhstan) -> Scoring, next turn
 * until phase = OVER. The catalogue (actions, events, projects, accords,
 * scenarios) is data with a paper source on every entry; RULES.md is
 * generated from it.
 */
#ifndef GG_RULES_H
#define GG_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "gg/errors.h"
#include "gg/reasons.h"

#define GG_RULES_VERSION 25 /* bump when any rule or table changes results */

/* ---- Seats, domains, resources, tracks ------------------------------- */

enum gg_seat { GG_CHINA = 0, GG_RUSSIA = 1, GG_WEST = 2, GG_KAZAKHSTAN = 3, GG_SEATS = 4 };
#define GG_POWERS 3 /* the outside powers are seats 0..2 */

enum gg_domain { GG_ECONOMY = 0, GG_SECURITY, GG_PUBLIC, GG_ELITE, GG_DOMAINS };

/* Resource slots. Outside powers: capital, force, prestige.
 * Kazakhstan: budget, force, legitimacy (same slots: money, force, politics). */
enum gg_res { GG_MONEY = 0, GG_FORCE = 1, GG_POLITICS = 2, GG_RES_KINDS };

/* Kazakhstan's tracks. 0..10 except development and debt (0..GG_MAX_COUNTER). */
enum gg_track {
    GG_STABILITY = 0,
    GG_SOVEREIGNTY,
    GG_SINOPHOBIA,
    GG_REFORM,
    GG_DEVELOPMENT,
    GG_DEBT,
    GG_TRACKS
};

/* Global tracks. escalation 0..10, trust 0..10, sanctions 0..3,
 * oil price 0 low / 1 mid / 2 high. */
enum gg_global { GG_ESCALATION = 0, GG_TRUST, GG_SANCTIONS, GG_OIL_PRICE, GG_GLOBALS };

/* Oil export routes (units of capacity). */
enum gg_route { GG_NORTH = 0, GG_EAST, GG_CASPIAN, GG_ROUTES };

/* Russia's standing towards China, derived each Income step from the two
 * powers' incomes [D18 L136; HB20 L20]. */
enum gg_asymmetry { GG_ASYM_BALANCED = 0, GG_ASYM_JUNIOR = 1, GG_ASYM_SUBORDINATE = 2 };

/* Institutions Kazakhstan belongs to or engages with (bit flags). */
enum gg_institution {
    GG_INST_EAEU = 1 << 0,
    GG_INST_CSTO = 1 << 1,
    GG_INST_SCO = 1 << 2,
    GG_INST_BRI = 1 << 3,
    GG_INST_EU_STRATEGY = 1 << 4
};

enum gg_phase { GG_PHASE_DIPLOMACY = 0, GG_PHASE_ORDERS, GG_PHASE_CRISIS, GG_PHASE_OVER };

/* Rule constants (RULES.md prints these values). */
#define GG_SCORING_EVERY 3   /* victory points every third turn and at the end */
#define GG_DEBT_SINOPHOBIA 3 /* debt at which loans feed sinophobia each turn [HB20 L311-L314] */
#define GG_SINOPHOBIA_BACKLASH 8 /* sinophobia at which China loses 1 public influence a turn */
#define GG_UNREST_STABILITY 2    /* stability at or below which unrest breaks out [Mo22 L314] */
#define GG_FLIGHT_STABILITY 3    /* stability at or below which investment flees [SO24 L121] */
#define GG_ESCALATION_SHARE 4    /* on a regional crisis the others lose 1/4 of their VP */
#define GG_COOLING 1             /* escalation that fades each year (design, tuned) */
/* The brink bites before 10: when a seat's order raised escalation this
 * year and the year's orders leave it at GG_RISK_FROM or more (before it
 * cools), a seeded roll ends the game in a regional crisis with a chance of
 * GG_RISK_STEP percent per point from GG_RISK_FROM (at 3: 5%, at 4: 10%),
 * blamed on the seat whose order last raised it (design, tuned). */
#define GG_RISK_FROM 3
#define GG_RISK_STEP 5
#define GG_OIL_DIVISOR 9 /* Kazakh budget income = open route units x (oil + 1) / this */

#define GG_TRACK_MAX 10
#define GG_MAX_COUNTER 99
#define GG_INFLUENCE_MAX 10
#define GG_RES_CAP 15 /* unspent resources carry over up to this (see gg_res_cap) */
#define GG_KZ_BUDGET_CAP                                                                           \
    36 /* ...except Kazakhstan's budget: oil money and every suitor's                              \
          payments pile up there (GAME_DESIGN.md §13: no accidental cap) */

/* ---- Catalogue ids (stable: the wire uses the string ids) -------------- */

/* X(ENUM, "id") for every action. The data (seat, costs, effects, source)
 * is in rules/catalog_actions.c. */
#define GG_ACTION_LIST(X)                                                                          \
    X(CN_BRI_PROJECT, "bri_project")                                                               \
    X(CN_ENERGY_DEAL, "energy_deal")                                                               \
    X(CN_LOAN, "loan")                                                                             \
    X(CN_LAND_LEASE, "land_lease")                                                                 \
    X(CN_ELITE_FORUM, "elite_forum")                                                               \
    X(CN_CONFUCIUS, "confucius_institutes")                                                        \
    X(CN_SURVEILLANCE, "surveillance_package")                                                     \
    X(CN_ARMS_SALES, "arms_sales")                                                                 \
    X(CN_SCO_EXERCISE, "sco_exercise")                                                             \
    X(CN_XINJIANG_EASING, "xinjiang_easing")                                                       \
    X(RU_EAEU_STEP, "eaeu_step")                                                                   \
    X(RU_ENERGY_CONCESSION, "energy_concession")                                                   \
    X(RU_TRANSIT_SQUEEZE, "transit_squeeze")                                                       \
    X(RU_ARMS_TRANSFER, "arms_transfer")                                                           \
    X(RU_CSTO_EXERCISE, "csto_exercise")                                                           \
    X(RU_MEDIA, "media_broadcast")                                                                 \
    X(RU_EDUCATION, "russian_education")                                                           \
    X(RU_COMPATRIOT, "compatriot_rhetoric")                                                        \
    X(RU_ARMS_TO_CHINA, "arms_to_china")                                                           \
    X(RU_CALL_IN_GRATITUDE, "call_in_gratitude")                                                   \
    X(RU_CPC_INVESTMENT, "cpc_investment")                                                         \
    X(RU_SECURITY_PRIMACY, "security_primacy")                                                     \
    X(WE_ENERGY_INVESTMENT, "energy_investment")                                                   \
    X(WE_CORRIDOR, "connectivity_corridor")                                                        \
    X(WE_CA_STRATEGY, "ca_strategy")                                                               \
    X(WE_REFORM_SUPPORT, "reform_support")                                                         \
    X(WE_EDUCATION, "english_education")                                                           \
    X(WE_SANCTIONS, "sanctions")                                                                   \
    X(WE_SANCTIONS_CUSHION, "sanctions_cushion")                                                   \
    X(WE_PARTNERSHIP_EXERCISE, "partnership_exercise")                                             \
    X(KZ_CONSENT, "consent")                                                                       \
    X(KZ_MULTI_VECTOR, "multi_vector")                                                             \
    X(KZ_LANGUAGE, "kazakh_language")                                                              \
    X(KZ_MODERNISATION, "military_modernisation")                                                  \
    X(KZ_SUBSIDIES, "fuel_subsidies")                                                              \
    X(KZ_CRACKDOWN, "crackdown")                                                                   \
    X(KZ_NEW_KAZAKHSTAN, "new_kazakhstan")                                                         \
    X(KZ_REFUSE_DEMAND, "refuse_demand")                                                           \
    X(KZ_CASPIAN_COFUND, "caspian_cofund")                                                         \
    X(KZ_TURKIC, "turkic_cooperation")                                                             \
    X(KZ_ELITE_PURGE, "elite_purge")                                                               \
    X(KZ_DEVELOPMENT, "development_programme")                                                     \
    X(ANY_TRANSFER, "transfer")

enum gg_action_id {
#define GG__ACT_ENUM(e, s) GG_ACT_##e,
    GG_ACTION_LIST(GG__ACT_ENUM)
#undef GG__ACT_ENUM
        GG_ACTIONS
};

/* Projects: named infrastructure, built over turns with capital and consent. */
#define GG_PROJECT_LIST(X)                                                                         \
    X(KHORGOS, "khorgos")                                                                          \
    X(CHINA_PIPELINE, "china_pipeline")                                                            \
    X(ATYRAU_PETROCHEM, "atyrau_petrochem")                                                        \
    X(CPC_EXPANSION, "cpc_expansion")                                                              \
    X(TRANS_CASPIAN, "trans_caspian")

enum gg_project_id {
#define GG__PRJ_ENUM(e, s) GG_PRJ_##e,
    GG_PROJECT_LIST(GG__PRJ_ENUM)
#undef GG__PRJ_ENUM
        GG_PROJECTS
};

/* Accords: named bundles agreed through deals, with rules effects. */
#define GG_ACCORD_LIST(X)                                                                          \
    X(SPHERES, "spheres")                                                                          \
    X(EAEU_BRI, "eaeu_bri_conjunction")                                                            \
    X(ENERGY_CONTRACT, "energy_contract")                                                          \
    X(SCO_SUMMIT, "sco_summit")                                                                    \
    X(DEBT_RESTRUCTURING, "debt_restructuring")                                                    \
    X(REFORM_ENGAGEMENT, "reform_for_engagement")                                                  \
    X(HEDGE, "hedge")

enum gg_accord_id {
#define GG__ACC_ENUM(e, s) GG_ACC_##e,
    GG_ACCORD_LIST(GG__ACC_ENUM)
#undef GG__ACC_ENUM
        GG_ACCORDS
};

/* Kazakhstan's answers in the crisis step (GAME_DESIGN.md §3.6). */
#define GG_RESPONSE_LIST(X)                                                                        \
    X(CSTO, "request_csto")                                                                        \
    X(SURVEILLANCE, "chinese_surveillance")                                                        \
    X(REFORM, "western_reform_package")                                                            \
    X(ALONE, "handle_alone")

enum gg_response_id {
#define GG__RSP_ENUM(e, s) GG_RSP_##e,
    GG_RESPONSE_LIST(GG__RSP_ENUM)
#undef GG__RSP_ENUM
        GG_RESPONSES
};

/* Pledge tags: families of actions a seat can promise not to take. */
enum gg_tag {
    GG_TAG_SECURITY_IN_KZ = 1 << 0, /* "security-in-kz": arms, exercises, bases */
    GG_TAG_ECONOMY_IN_KZ = 1 << 1,  /* projects, loans, energy deals */
    GG_TAG_SOFT_POWER = 1 << 2,     /* media, education, forums */
    GG_TAG_COERCION = 1 << 3,       /* squeezes, rhetoric, sanctions */
    GG_TAG_ENERGY = 1 << 4          /* routes and energy deals */
};
#define GG_TAGS 5

/* ---- Orders ---------------------------------------------------------- */

#define GG_MAX_ORDERS 6

/* What an order's `target` means, per action (gg_action_def.target). */
enum gg_target_kind {
    GG_TGT_NONE = 0, /* target must be 0 */
    GG_TGT_POWER,    /* an outside power: 0..2 (consent) */
    GG_TGT_PROJECT,  /* a project id */
    GG_TGT_SEAT,     /* any other seat (transfer) */
};

/* One order. `arg` is only used by `transfer` (resource slot in the low 2
 * bits, amount in the high 6 bits; see gg_transfer_arg) and must be 0
 * otherwise. */
typedef struct gg_order {
    uint8_t action;
    uint8_t target;
    uint8_t arg;
} gg_order;

typedef struct gg_orders {
    uint8_t count;
    gg_order o[GG_MAX_ORDERS];
} gg_orders;

static inline uint8_t gg_transfer_arg(int res, int amount)
{
    return (uint8_t)((res & 3) | ((amount & 63) << 2));
}

/* The one "none" value of the engine's byte fields: no seat (a project's
 * owner or partner before anyone takes it, nobody tipped the escalation),
 * no target, any action in a consent clause. */
#define GG_NONE 0xff

/* ---- Deals (GAME_DESIGN.md §7) -------------------------------------- */

enum gg_clause_kind {
    GG_CLAUSE_TRANSFER =
        0,             /* a=from seat, b=to seat, c=resource, amount (executed at resolution) */
    GG_CLAUSE_CONSENT, /* a=power; c=action id or GG_CONSENT_ANY; amount=fee in capital to KZ */
    GG_CLAUSE_JOINT,   /* a=project, b=partner seat, amount=partner's share of the cost */
    GG_CLAUSE_PLEDGE,  /* a=seat, c=tag bits, turns */
    GG_CLAUSE_ACCORD,  /* c=accord id, turns (0 = the accord's default duration) */
    GG_CLAUSE_KINDS
};

#define GG_CONSENT_ANY GG_NONE
#define GG_MAX_CLAUSES 4
#define GG_MAX_DEALS 24 /* ledger slots; closed deals are recycled oldest first */

typedef struct gg_clause {
    uint8_t kind;
    uint8_t a, b, c;
    uint8_t amount;
    uint8_t turns;
} gg_clause;

enum gg_deal_status {
    GG_DEAL_FREE = 0,  /* unused slot */
    GG_DEAL_OPEN,      /* proposed, awaiting answers */
    GG_DEAL_ACCEPTED,  /* every party accepted; in force */
    GG_DEAL_REJECTED,  /* a party rejected */
    GG_DEAL_EXPIRED,   /* diplomacy ended before every party answered */
    GG_DEAL_FULFILLED, /* every clause done or its term ended without breach */
    GG_DEAL_BREACHED   /* a party broke a clause (non-binding games) */
};

typedef struct gg_deal {
    uint16_t id;      /* 1.., unique within a game */
    uint8_t status;   /* enum gg_deal_status */
    uint8_t proposer; /* seat */
    uint8_t parties;  /* seat bit mask, proposer included */
    uint8_t accepted; /* seat bit mask */
    uint8_t turn;     /* turn proposed */
    uint8_t breacher; /* seat bit mask of breachers */
    uint8_t nclauses;
    gg_clause clauses[GG_MAX_CLAUSES];
    /* Why it was proposed and why it was last answered (gg/reasons.h): a
     * deal keeps at most these two reasons, the proposer's and the latest
     * answer that gave one, by seat `ans_by` (when ans_why.id is not
     * GG_RSN_NONE: a slot the engine zeroes has no reasons). The
     * engine never sets or reads them: the game layer (gg_command_apply)
     * records them from `propose.why` / `respond.why`, so a view shows
     * them to whoever may see the deal. Commentary, not rules: they are
     * not part of gg_state_hash. */
    gg_reason why;
    gg_reason ans_why;
    uint8_t ans_by;
} gg_deal;

/* ---- Events, reports ---------------------------------------------- */

#define GG_MAX_NEWS 6 /* events in one turn's News step (scripted + drawn + injected) */
#define GG_DECK_MAX 32

/* Outcome of one order at resolution (turn report). */
enum gg_outcome {
    GG_OUT_NONE = 0,
    GG_OUT_DONE,       /* resolved with its effects */
    GG_OUT_NO_CONSENT, /* needed Kazakhstan's consent and did not have it: no effect, no cost */
    GG_OUT_LOST_BID,   /* another power won the contested project */
    GG_OUT_FAILED,     /* precondition no longer held at resolution (no cost) */
    GG_OUT_BREACH      /* done, but broke a pledge (non-binding games) */
};

/* One thing an order changed when it resolved ("what each order changed",
 * GAME_DESIGN.md §13): the difference of one board value just before and
 * just after the order, its cost included. `what` packs the indices as
 * a << 4 | b; per kind: */
enum gg_change_kind {
    GG_CHG_INFLUENCE = 0, /* a = power, b = domain */
    GG_CHG_RESOURCE,      /* a = seat, b = resource slot */
    GG_CHG_TRACK,         /* a = track */
    GG_CHG_GLOBAL,        /* a = global */
    GG_CHG_ROUTE,         /* a = route: capacity units */
    GG_CHG_ROUTE_SHUT,    /* a = route: turns it stays shut */
    GG_CHG_INSTITUTION,   /* a = bit index of enum gg_institution: +1 joined, -1 left */
    GG_CHG_EAEU,          /* EAEU integration steps */
    GG_CHG_PROJECT,       /* a = project: +1 started */
    GG_CHG_GRATITUDE,     /* Russia's debt-of-gratitude token: +1 gained, -1 spent */
    GG_CHG_ACCORD,        /* a = accord: turns in force */
    GG_CHG_CONSENT,       /* a = power: +1 has Kazakhstan's consent this turn */
    GG_CHG_KINDS
};

typedef struct gg_change {
    uint8_t order; /* seat * GG_MAX_ORDERS + the order's index in report.orders[seat] */
    uint8_t kind;  /* enum gg_change_kind */
    uint8_t what;  /* a << 4 | b */
    int8_t delta;  /* the change (clamped to -128..127) */
} gg_change;

/* Changes kept per report, by order (seat, then the order's index), each
 * order's in the sequence they happened; an order whose changes
 * would overflow the list keeps those that fit (report.changes_lost
 * counts the rest). Enough for every order of a normal turn. */
#define GG_MAX_CHANGES 96

/* What happened in the last resolved turn and in this turn's News. */
typedef struct gg_report {
    uint8_t turn;     /* the turn whose News is in news[] (the current turn) */
    uint8_t resolved; /* the turn whose orders and outcomes are below, 0 before any */
    uint8_t nnews;
    uint8_t news[GG_MAX_NEWS];                /* event ids of this turn's News */
    uint8_t outcome[GG_SEATS][GG_MAX_ORDERS]; /* enum gg_outcome per order of the last resolution */
    gg_orders orders[GG_SEATS];        /* the orders that were resolved (public afterwards) */
    uint8_t crisis;                    /* 1 if the last resolution caused unrest */
    uint8_t response;                  /* crisis response chosen (valid if crisis) */
    uint8_t breaches;                  /* seat mask of pledge breaches in the last resolution */
    uint8_t what_if;                   /* bit i: news[i] is a "what if" card (drawn, or
                                          injected, out of its historical year) */
    uint8_t nchanges;                  /* entries of changes[] in use */
    uint8_t changes_lost;              /* changes that did not fit (0 in practice) */
    gg_change changes[GG_MAX_CHANGES]; /* what each resolved order changed */
} gg_report;

/* ---- Options and the state ----------------------------------------- */

enum gg_end_reason {
    GG_END_NONE = 0,
    GG_END_LAST_TURN,
    GG_END_ESCALATION,  /* regional crisis: escalation reached 10 */
    GG_END_SOVEREIGNTY, /* Kazakhstan's sovereignty reached 0 */
    GG_END_MODERATOR
};

typedef struct gg_options {
    uint8_t binding;        /* 1: engine executes transfers, rejects pledge-breaking orders */
    uint8_t hide_resources; /* 1: other seats' resources hidden in seat views */
    uint8_t turns;          /* 0 = scenario default; else 1..scenario default */
} gg_options;

typedef struct gg_project_state {
    uint8_t owner;    /* seat that started it, GG_NONE when not started */
    uint8_t partner;  /* joint partner seat or GG_NONE */
    uint8_t progress; /* turns of building done */
    uint8_t done;     /* 1 once completed (yields every turn) */
} gg_project_state;

typedef struct gg_pcg32 {
    uint64_t state;
    uint64_t inc;
} gg_pcg32;

typedef struct gg_state {
    /* identity */
    uint8_t scenario;   /* index into the scenario table */
    uint8_t turn;       /* 1.. */
    uint8_t last_turn;  /* final turn number */
    uint8_t phase;      /* enum gg_phase */
    uint16_t year;      /* calendar year of this turn */
    uint8_t end_reason; /* enum gg_end_reason once OVER */
    uint8_t viewer;     /* GG_VIEW_FULL for the real state; else who this view is for */
    gg_options options;

    /* boards */
    uint8_t influence[GG_POWERS][GG_DOMAINS];
    int16_t res[GG_SEATS][GG_RES_KINDS];
    int16_t base_income[GG_SEATS][GG_RES_KINDS]; /* the scenario's income per turn */
    int16_t income[GG_SEATS][GG_RES_KINDS];      /* income of the last Income step */
    uint8_t track[GG_TRACKS];
    uint8_t global[GG_GLOBALS];
    uint8_t asymmetry;                /* enum gg_asymmetry */
    uint8_t route[GG_ROUTES];         /* capacity units */
    uint8_t route_closed[GG_ROUTES];  /* turns a route stays shut (transit squeeze) */
    uint8_t institutions;             /* enum gg_institution bits */
    uint8_t eaeu_level;               /* integration steps taken, 0..3 */
    uint8_t gratitude;                /* Russia holds a debt-of-gratitude token */
    uint8_t accord_turns[GG_ACCORDS]; /* turns an accord stays in force (0 = not in force) */
    gg_project_state project[GG_PROJECTS];
    uint8_t pledge[GG_SEATS][GG_TAGS]; /* turns a seat's pledge on a tag lasts */
    /* Kazakhstan's consent for this turn: to all of a power's consent-needing
     * actions (consent order or a deal's "any" clause), or per action (a
     * deal's clause naming it). Cleared after resolution. */
    uint8_t consent_all[GG_POWERS];
    uint8_t consent_action[GG_POWERS][(GG_ACTIONS + 7) / 8];
    uint8_t consent_fee[GG_POWERS]; /* fees agreed this turn (project bids) */

    /* deals */
    uint16_t next_deal_id;
    gg_deal deals[GG_MAX_DEALS];
    uint8_t kept[GG_SEATS];   /* promises kept (deals fulfilled) */
    uint8_t broken[GG_SEATS]; /* promises broken */

    /* orders of this turn (secret: only the seat's own appear in its view) */
    gg_orders orders[GG_SEATS];
    uint8_t submitted; /* seat bit mask */
    /* The actions each seat carried out (outcome done or breach) in the
     * last resolved turn, one bit per action (bit a%8 of byte a/8): what
     * the "last turn" conditions read (diminishing returns on a move
     * repeated year after year). Public, like the turn report. */
    uint8_t done_last[GG_SEATS][(GG_ACTIONS + 7) / 8];

    /* events */
    uint8_t deck[GG_DECK_MAX]; /* drawable event ids, shuffled at init */
    uint8_t deck_len, deck_pos;
    uint8_t crisis_pending; /* an event or unrest forces the crisis step this turn */
    uint8_t tipped_by;      /* seat whose action first raised escalation to 10, or GG_NONE */
    uint8_t raised_by;      /* seat whose orders raised escalation most in the last
                               resolution (the brink's roll blames it), or GG_NONE: none
                               raised it, or two or more raised it equally */

    /* scoring */
    int16_t vp[GG_SEATS];       /* banked at scoring turns; final once OVER */
    int16_t vp_last[GG_SEATS];  /* the points of the last scoring alone (a tiebreak) */
    uint8_t tiebreak[GG_SEATS]; /* drawn at the end: the last tiebreak (gg_tiebreak) */
    /* The running score (GAME_DESIGN.md §13), kept current by the engine
     * after every call that changes the state, and in every view:
     * vp_now = banked VP + the position scored now (the final VP once
     * OVER); par_now = the par so far (gg_par_so_far): what a seat on
     * course to tie its par holds at this turn, from the scenario's par
     * curve (the whole par once OVER). gg_margin() = vp_now - par_now:
     * above 0, ahead of par's pace; the seats ranked by it are the result
     * if the game ended now. */
    int16_t vp_now[GG_SEATS];
    int16_t par_now[GG_SEATS];
    int16_t par[GG_SEATS]; /* the game's par: the scenario's, or for a shortened game
                              the par for its length (gg_par_so_far) */
    /* The running margin (vp_now - par_now) summed at the start of every
     * turn after the first, as the score strip showed it once the year's
     * news and income were in (saturating at the int16 range): how far
     * ahead of par's pace a seat ran, all game. The second ranking
     * criterion ("ahead_of_pace"); seat-neutral by construction, since
     * each seat's par curve is fitted so that a seat on course runs at 0. */
    int16_t pace[GG_SEATS];

    gg_report report;
    gg_pcg32 rng_events;
    gg_pcg32 rng_ties;
} gg_state;

/* Who a view is for: a seat number, or one of these. */
#define GG_VIEW_OBSERVER 4
#define GG_VIEW_MODERATOR 5
#define GG_VIEW_FULL 0xff

/* The catalogue's read-only tables (actions, events, projects, accords,
 * crisis responses, scenarios, victory terms) and the papers' quotes. */
#include "gg/rules_data.h"

/* ---- Game flow -------------------------------------------------------- */

/* Starts a game of `scenario` with `seed` and `opt` (NULL = defaults):
 * applies the starting values, shuffles the deck, runs turn 1's News and
 * Income, and leaves the state in DIPLOMACY. Returns 0, GG_EBAD_SCENARIO or
 * GG_EBAD_OPTION. */
int gg_init(gg_state *s, int scenario, uint64_t seed, const gg_options *opt);

/* Balance tuning (gg-arena --play-pars): plays the game against other
 * pars. Call right after gg_init, before any seat acts. `par` are whole-
 * scenario pars in seat order (what the scenario's GG_SET_PAR values are);
 * gg_state.par becomes them, scaled to a shortened game's length as
 * gg_init scales the scenario's (the par x the par curve where the game
 * ends), and the running standing (par_now) is recomputed, so the score
 * strip, the bots and the result all read them. The scenario's own pars
 * leave the state exactly as gg_init made it. Returns 0, GG_EWRONG_PHASE
 * after turn 1's diplomacy has begun (a deal proposed, orders submitted)
 * or past it, or GG_EBAD_OPTION for a par outside +-GG_PAR_LIMIT. */
#define GG_PAR_LIMIT 10000
int gg_set_pars(gg_state *s, const int16_t par[GG_SEATS]);

/* Diplomacy. gg_propose validates a deal among the seats in `parties` (the
 * proposer is added) and stores it OPEN; *id receives its id. The proposer
 * counts as accepting. Returns 0 or GG_EWRONG_PHASE, GG_EBAD_DEAL,
 * GG_ELEDGER_FULL, GG_EBAD_SEAT. */
int gg_propose(gg_state *s, int proposer, uint8_t parties, const gg_clause *clauses, int nclauses,
               uint16_t *id);

/* A party's answer. When the last party accepts, the deal is ACCEPTED and
 * its consents, accords and pledges take effect at once (transfers at
 * resolution). A rejection closes it. Returns 0 or GG_EUNKNOWN_DEAL,
 * GG_ENOT_A_PARTY, GG_EALREADY_ANSWERED, GG_EWRONG_PHASE. */
int gg_respond(gg_state *s, int seat, uint16_t id, int accept);

/* Checks a deal without storing it (a const validator for clients). */
int gg_check_deal(const gg_state *s, int proposer, uint8_t parties, const gg_clause *clauses,
                  int nclauses);

/* Ends diplomacy: open deals expire; phase becomes ORDERS. */
int gg_end_diplomacy(gg_state *s);

/* Validates `o` for `seat` without changing anything. Returns 0 or the
 * first error; errs[i] (if not NULL, GG_MAX_ORDERS entries) receives each
 * order's own code (0 = fine). Whole-list errors (too many orders, not
 * affordable together) are reported on the order that tips it over. */
int gg_validate_orders(const gg_state *s, int seat, const gg_orders *o, int *errs);

/* Validates then stores a seat's orders for this turn (replacing earlier
 * ones). Returns 0 or the validation error; nothing is stored on error. */
int gg_submit_orders(gg_state *s, int seat, const gg_orders *o);

/* Resolves the turn with every seat's stored orders (a seat that submitted
 * nothing holds). Afterwards phase is CRISIS (Kazakhstan must call
 * gg_crisis_react), OVER, or DIPLOMACY of the next turn. Returns 0 or
 * GG_EWRONG_PHASE. */
int gg_resolve(gg_state *s);

/* gg_resolve for a bot's lookahead on a scratch copy: the same turn,
 * except that the turn report's change list (what each order changed, for
 * the players' report) is not recorded: afterwards report.nchanges and
 * report.changes_lost are 0 and report.changes[] holds whatever it held
 * before. Every other field of the state, the streams included, is what
 * gg_resolve leaves, so any value read from the state but the change list
 * (scores, resources, outcomes, the next turn's news) is the same; only
 * gg_state_hash differs. Never for a game's real state: its report, hash
 * and replays need the change list (tests/rules: rules.lookahead). */
int gg_resolve_lookahead(gg_state *s);

/* Kazakhstan's crisis answer (enum gg_response_id). Then scoring and the
 * next turn. Returns 0 or GG_ENOT_IN_CRISIS, GG_EBAD_TARGET. */
int gg_crisis_react(gg_state *s, int response);

/* Whether Kazakhstan can afford/choose a crisis response now (0 or error). */
int gg_check_response(const gg_state *s, int response);

/* Moderator: apply an event now (during DIPLOMACY or ORDERS); it is added to
 * this turn's news. Returns 0, GG_EBAD_EVENT or GG_EWRONG_PHASE. */
int gg_inject_event(gg_state *s, int event);

/* Moderator: end the game now. It scores as at a last turn, against the par
 * so far (par_now when it is called: the running score the players saw). */
int gg_end_game(gg_state *s);

/* ---- Legal actions, views, scoring, hash --------------------------- */

/* One legal (action, target) for a seat, with its current cost. */
typedef struct gg_legal {
    uint8_t action;
    uint8_t target;
    uint8_t needs_consent; /* 1 if Kazakhstan's consent is needed and not yet given */
    int8_t cost[GG_RES_KINDS];
} gg_legal;

#define GG_MAX_LEGAL 64

/* Lists every (action, target) `seat` may order now on its own (affordable
 * alone, precondition holds, tier allowed, not pledged away in a binding
 * game). `transfer` is listed once with target GG_NONE (any seat/amount).
 * Returns the count (<= cap). */
int gg_legal_actions(const gg_state *s, int seat, gg_legal *out, int cap);

/* The cost of order `o` for `seat` now: the action's cost with discounts,
 * plus the project's capital for project starts and the amount for
 * transfers. */
void gg_order_cost(const gg_state *s, int seat, const gg_order *o, int cost[GG_RES_KINDS]);

/* Writes the view of `s` for `viewer` (a seat, GG_VIEW_OBSERVER or
 * GG_VIEW_MODERATOR) into *out: the same struct with everything the viewer
 * may not see zeroed (other seats' orders, deals it is not party to unless
 * accepted accords, PRNG and deck order; resources if hidden). */
void gg_view(const gg_state *s, int viewer, gg_state *out);

/* Whether `viewer` may see deal `d` (parties, moderator; accepted accords
 * are public). */
int gg_deal_visible(const gg_deal *d, int viewer);

/* Merges a ledger entry a client received (deal_update) into its cached
 * view: into the slot holding d->id, else the slot gg_propose takes for a
 * new deal (the first free one, else the oldest closed one), and raises
 * next_deal_id to d->id. A bot's look-ahead proposes deals on copies of
 * its view, numbered from next_deal_id: without the raise they took the
 * ids of deals already open, and a networked bot answered otherwise than
 * the same bot on a fresh view (a restart's state). */
void gg_view_merge_deal(gg_state *view, const gg_deal *d);

/* The power that leads `domain` (strictly the most influence), or -1 when
 * two or more share the top or the domain is out of range. */
int gg_leader(const gg_state *s, int domain);

/* The escalation ladder (GAME_DESIGN.md §13, after Twilight Struggle's
 * DEFCON): from `min` escalation on, actions with any of `forbid_tags`
 * may not be ordered (or fail at resolution), except by the power leading
 * security when `leader_exempt`. */
typedef struct gg_escalation_step {
    uint8_t min;
    uint8_t forbid_tags;   /* enum gg_tag bits */
    uint8_t leader_exempt; /* 1: the security leader may still act */
    const char *name;
    const char *text;
    const char *source;
} gg_escalation_step;

int gg_escalation_step_count(void);
const gg_escalation_step *gg_escalation_step_get(int i); /* NULL out of range */

/* 0, or GG_EESCALATION when the escalation ladder forbids `action` for
 * `seat` at the current escalation. */
int gg_escalation_check(const gg_state *s, int seat, int action);

/* The era of a calendar year: 0 for 2013-17, 1 for 2018-21, 2 from 2022
 * (event decks, GAME_DESIGN.md §13 "time runs forward"). */
int gg_era_of(int year);

/* One term of a seat's victory formula (GAME_DESIGN.md §8): while `when`
 * holds it adds value * mult / div, where value is the influence of power
 * a in domain b, the influence of the three powers together in domain b
 * (GG_VP_ALL_POWERS), track a, route a, completed projects owned by seat a,
 * the EAEU integration steps, Russia's asymmetry level, or 1 (GG_VP_FLAT). */
enum gg_vp_kind {
    GG_VP_INFLUENCE = 0,
    GG_VP_ALL_POWERS,
    GG_VP_TRACK,
    GG_VP_ROUTE,
    GG_VP_PROJECTS,
    GG_VP_EAEU,
    GG_VP_ASYMMETRY,
    GG_VP_FLAT
};

typedef struct gg_vp_term {
    uint8_t kind; /* enum gg_vp_kind */
    uint8_t a, b;
    int8_t mult;
    uint8_t div; /* 0 or 1: no division */
    gg_cond when;
    const char *source;
} gg_vp_term;

/* A seat's victory terms (the formula is their sum); *n receives the
 * count. NULL for a bad seat. */
const gg_vp_term *gg_vp_terms(int seat, int *n);

/* Victory points each seat would score if scored now (the public formulas,
 * GAME_DESIGN.md §8). */
void gg_score_now(const gg_state *s, int16_t vp[GG_SEATS]);

/* The ranking criteria, in order (GAME_DESIGN.md §13 "wins are earned,
 * not drawn"): the margin over par decides; equal margins go to the next
 * criterion, and only after all of them to the seeded draw. */
#define GG_TIEBREAK_LIST(X)                                                                        \
    X(MARGIN, "margin")                                                                            \
    X(PACE, "ahead_of_pace")                                                                       \
    X(DOMAINS, "domains_led")                                                                      \
    X(PROMISES, "fewer_broken_promises")                                                           \
    X(POSITION, "final_position")                                                                  \
    X(RESERVES, "reserves")                                                                        \
    X(DRAW, "draw")

enum gg_tiebreak_id {
#define GG__TB_ENUM(e, s) GG_TB_##e,
    GG_TIEBREAK_LIST(GG__TB_ENUM)
#undef GG__TB_ENUM
        GG_TIEBREAKS
};

typedef struct gg_tiebreak_def {
    const char *id;     /* stable id, e.g. "domains_led" */
    const char *name;   /* display name */
    const char *text;   /* one sentence: who ranks higher */
    const char *source; /* paper citation or "design" */
} gg_tiebreak_def;

/* NULL when out of range. */
const gg_tiebreak_def *gg_tiebreak_def_get(int criterion);

/* A seat's value under a ranking criterion (higher ranks higher) in a
 * finished or running game: margin, domains led (Kazakhstan: domains no
 * power leads), minus broken promises, the last scoring's points less the
 * par share of one scoring (times the scorings in the game, to stay
 * integer), resources in hand, the seeded draw. */
int gg_tiebreak_value(const gg_state *s, int criterion, int seat);

/* The par so far of a running game, per seat: par x the scenario's par
 * curve / 1000 (gg_scenario_def.par_curve): the VP "as if scored now"
 * that keeps a seat on course to end exactly on its par, read at the
 * turn's own point. A game shortened by gg_options.turns is the whole
 * game's first turns, so it reads the same points; its gg_state.par is
 * the par for its length (the whole par x the curve where it ends: the
 * next turn's point, or its last turn's own when the whole game scores at
 * the end of that turn), which its par so far reaches without a jump. A
 * scenario
 * without a curve shares the par out by scorings: par x (scorings banked +
 * 1) / scorings in the game. gg__refresh_standing keeps gg_state.par_now
 * at this; the debrief uses it for a year's end. */
void gg_par_so_far(const gg_state *s, int16_t par_now[GG_SEATS]);

/* vp_now - par_now (see gg_state): the seat's margin if scored now. */
static inline int gg_margin(const gg_state *s, int seat)
{
    return s->vp_now[seat] - s->par_now[seat];
}

/* The seats ranked as if the game ended now (best first), by the
 * criteria above; *decided_by receives the criterion that separated the
 * first from the second (may be NULL). */
void gg_rank_now(const gg_state *s, uint8_t rank[GG_SEATS], uint8_t *decided_by);

typedef struct gg_result {
    uint8_t reason;             /* enum gg_end_reason */
    uint8_t decided_by;         /* enum gg_tiebreak_id that put the winner above the runner-up */
    uint8_t winner;             /* seat */
    uint8_t rank[GG_SEATS];     /* seats, best first */
    int16_t vp[GG_SEATS];       /* final victory points */
    int16_t relative[GG_SEATS]; /* vp - scenario par: the ranking key */
} gg_result;

/* Final result; valid once phase is OVER (else returns GG_EWRONG_PHASE). */
int gg_result_get(const gg_state *s, gg_result *r);

/* A 64-bit hash of every field of the state, computed field by field
 * (padding never read). Equal states hash equal on every platform. */
uint64_t gg_state_hash(const gg_state *s);

/* Seeded PCG32 (exposed for bots, which must be deterministic too). */
void gg_pcg32_seed(gg_pcg32 *r, uint64_t seed, uint64_t stream);
uint32_t gg_pcg32_next(gg_pcg32 *r);
uint32_t gg_pcg32_below(gg_pcg32 *r, uint32_t bound); /* unbiased 0..bound-1; bound > 0 */

#endif /* GG_RULES_H */
