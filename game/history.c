/* history.c — the scripted "historical" line of play (GAME_DESIGN.md §12):
 * what each seat did each year, 2013-2024, as the papers tell it, played
 * through a scenario's own rules from its own start, so the trends of §12
 * can be read off the result and the debrief (gg_debrief_json, gg-arena
 * --debrief) can set every game beside history, year by year.
 *
 * History is one table; a scenario chooses its part of it (its years, from
 * its own starting values) and its rules decide what each move does:
 * - belt-and-road plays 2013-2024 (the table as written);
 * - after-ukraine plays 2022-2024 from its 2022 start (rules/catalog_scenarios.c);
 * - classroom plays 2013-2018 with the classroom's basic actions: an order
 *   of a higher tier takes its cited stand-in (stand_ins below) or is left
 *   out, and the historical events, which the classroom only draws as
 *   "what if" cards, fire in their own years.
 * The line stops in 2024: the papers' data ends in 2023 (SO24 L196-L210),
 * so the 2024 moves are marked as estimates and nothing later is history.
 *
 * Deals are binding (the engine pays consent fees); a scenario's what-if
 * draws come from its seed, everything else is this table. */
#include <stdio.h>
#include <string.h>

#include "gg/game.h"

/* Each row shows the world at the end of its year: after the year's News,
 * Income, deals, orders, crisis and scoring, before the next year's News. */

/* A scripted deal, proposed by `from` and accepted by `to`: a consent
 * (Kazakhstan lets `from` take action `what` this year for `fee` capital)
 * or an accord (`what` is the accord). */
typedef struct hist_deal {
    uint16_t year;
    uint8_t kind; /* GG_CLAUSE_CONSENT or GG_CLAUSE_ACCORD */
    uint8_t from, to;
    uint8_t what;
    uint8_t fee;
    const char *source;
} hist_deal;

/* A scripted order. */
typedef struct hist_order {
    uint16_t year;
    uint8_t seat;
    uint8_t action;
    uint8_t target;
    const char *source;
} hist_order;

#define CN GG_CHINA
#define RU GG_RUSSIA
#define WE GG_WEST
#define KZ GG_KAZAKHSTAN
#define A(x) GG_ACT_##x
#define CONSENT(y, p, act, fee, src)                                                               \
    {                                                                                              \
        y, GG_CLAUSE_CONSENT, p, KZ, A(act), fee, src                                              \
    }
#define ACCORD(y, p, q, acc, src)                                                                  \
    {                                                                                              \
        y, GG_CLAUSE_ACCORD, p, q, GG_ACC_##acc, 0, src                                            \
    }

/* The papers' last year of data; later rows are estimates. */
#define HIST_PAPERS_END 2023
/* The last year of the line. */
#define HIST_LAST_YEAR 2024

static const hist_deal deals[] = {
    CONSENT(2013, CN, CN_BRI_PROJECT, 0, "Mo22 L179-L187 (Khorgos; Astana welcomes the BRI)"),
    CONSENT(2013, WE, WE_ENERGY_INVESTMENT, 0, "SO24 L101 (Western majors in Kashagan)"),
    CONSENT(2014, CN, CN_LOAN, 0, "Mo22 L197 (Chinese loans for infrastructure)"),
    ACCORD(2014, CN, RU, SPHERES, "Mo22 L348-L350; HB20 L144 (the division of labour)"),
    CONSENT(2015, CN, CN_ENERGY_DEAL, 1, "Mo22 L221-L227 (CNPC stakes, pipeline to China)"),
    CONSENT(2016, CN, CN_BRI_PROJECT, 1, "Mo22 L191 (Atyrau petrochemical complex)"),
    CONSENT(2017, CN, CN_LOAN, 0, "Mo22 L197; HB20 L311-L314"),
    CONSENT(2018, RU, RU_EAEU_STEP, 1, "Mo22 L145-L159 (EAEU deepening)"),
    ACCORD(2018, RU, CN, ENERGY_CONTRACT, "Mo22 L233 (long-term gas and oil contracts)"),
    CONSENT(2019, CN, CN_ENERGY_DEAL, 1, "Mo22 L223-L233"),
    ACCORD(2019, WE, KZ, REFORM_ENGAGEMENT, "Mo22 L404-L408 (Tokayev's 'listening state')"),
    CONSENT(2020, CN, CN_BRI_PROJECT, 1, "Mo22 L227; M17 L663 (pipeline capacity east)"),
    CONSENT(2021, CN, CN_SURVEILLANCE, 1, "Mo22 L308, L326 ('safe city' systems)"),
    CONSENT(2022, WE, WE_ENERGY_INVESTMENT, 0, "SO24 L101, L139 (Western firms stay)"),
    ACCORD(2022, CN, RU, SCO_SUMMIT, "D18 L138 (Samarkand SCO summit, September 2022)"),
    CONSENT(2023, WE, WE_CORRIDOR, 0, "HB20 L22-L24; SO24 L139 (Middle Corridor)"),
    CONSENT(2024, WE, WE_ENERGY_INVESTMENT, 0, "estimate: as in 2023 (SO24 L101)"),
};

static const hist_order orders[] = {
    /* 2013: the Belt and Road is announced in Astana. */
    {2013, CN, A(CN_BRI_PROJECT), GG_PRJ_KHORGOS, "Mo22 L187 (Khorgos dry port)"},
    {2013, CN, A(CN_ELITE_FORUM), 0, "Mo22 L125, L388"},
    {2013, RU, A(RU_ARMS_TRANSFER), 0, "Mo22 L265-L269, L300"},
    {2013, RU, A(RU_MEDIA), 0, "SO24 L161-L169"},
    {2013, WE, A(WE_ENERGY_INVESTMENT), 0, "SO24 L101"},
    {2013, KZ, A(KZ_MULTI_VECTOR), 0, "SO24 L97-L101; Mo22 L107"},
    /* 2014: Crimea. */
    {2014, CN, A(CN_LOAN), 0, "Mo22 L197"},
    {2014, CN, A(CN_CONFUCIUS), 0, "M17 L697"},
    {2014, RU, A(RU_CSTO_EXERCISE), 0, "HB20 L184"},
    {2014, RU, A(RU_MEDIA), 0, "SO24 L151, L161-L169 (Russian media on Crimea)"},
    {2014, WE, A(WE_EDUCATION), 0, "D18 L180-L184"},
    {2014, KZ, A(KZ_MULTI_VECTOR), 0, "SO24 L97-L101"},
    /* 2015: oil crash; the EAEU starts. */
    {2015, CN, A(CN_ENERGY_DEAL), 0, "Mo22 L223-L233"},
    {2015, CN, A(CN_ELITE_FORUM), 0, "Mo22 L416, L422"},
    {2015, RU, A(RU_ARMS_TRANSFER), 0, "Mo22 L265-L269"},
    {2015, RU, A(RU_EDUCATION), 0, "Mo22 L362"},
    {2015, WE, A(WE_CA_STRATEGY), 0, "HB20 L22-L23"},
    {2015, KZ, A(KZ_SUBSIDIES), 0, "Mo22 L314 (price caps kept)"},
    /* 2016: land-code protests. */
    {2016, CN, A(CN_BRI_PROJECT), GG_PRJ_ATYRAU_PETROCHEM, "Mo22 L191"},
    {2016, RU, A(RU_MEDIA), 0, "SO24 L161-L169"},
    {2016, RU, A(RU_CSTO_EXERCISE), 0, "HB20 L184"},
    {2016, WE, A(WE_REFORM_SUPPORT), 0, "Mo22 L404-L408"},
    {2016, KZ, A(KZ_CRACKDOWN), 0, "Mo22 L376, L382-L384 (protest leaders detained)"},
    /* 2017: Latin script decree; Astana declines Syria. */
    {2017, CN, A(CN_LOAN), 0, "Mo22 L197"},
    {2017, CN, A(CN_ELITE_FORUM), 0, "Mo22 L388"},
    {2017, RU, A(RU_ARMS_TRANSFER), 0, "Mo22 L265-L269"},
    {2017, WE, A(WE_EDUCATION), 0, "SO24 L175"},
    {2017, KZ, A(KZ_LANGUAGE), 0, "SO24 L175 (Latin alphabet decree, 2017)"},
    /* 2018: Xinjiang revelations; US-China trade war. */
    {2018, CN, A(CN_ELITE_FORUM), 0, "Mo22 L416"},
    {2018, RU, A(RU_EAEU_STEP), 0, "Mo22 L145-L159"},
    {2018, RU, A(RU_MEDIA), 0, "SO24 L161-L169"},
    {2018, WE, A(WE_CA_STRATEGY), 0, "HB20 L22-L23"},
    {2018, KZ, A(KZ_SUBSIDIES), 0, "Mo22 L314"},
    /* 2019: Nazarbayev steps down; the EU's new Central Asia strategy. */
    {2019, CN, A(CN_XINJIANG_EASING), 0, "SO24 L222 (detained Kazakhs released)"},
    {2019, CN, A(CN_ENERGY_DEAL), 0, "Mo22 L223-L233"},
    {2019, RU, A(RU_ARMS_TRANSFER), 0, "Mo22 L265-L269"},
    {2019, RU, A(RU_EDUCATION), 0, "Mo22 L362"},
    {2019, WE, A(WE_CA_STRATEGY), 0, "HB20 L22-L23 (EU Central Asia Strategy 2019)"},
    {2019, KZ, A(KZ_MULTI_VECTOR), 0, "SO24 L97-L101"},
    /* 2020 */
    {2020, CN, A(CN_BRI_PROJECT), GG_PRJ_CHINA_PIPELINE, "Mo22 L227; M17 L663"},
    {2020, RU, A(RU_CSTO_EXERCISE), 0, "HB20 L184"},
    {2020, RU, A(RU_MEDIA), 0, "SO24 L161-L169"},
    {2020, WE, A(WE_REFORM_SUPPORT), 0, "Mo22 L404-L408"},
    {2020, KZ, A(KZ_TURKIC), 0, "Mo22 L412"},
    /* 2021: oil recovers. */
    {2021, CN, A(CN_SURVEILLANCE), 0, "Mo22 L308, L326"},
    {2021, RU, A(RU_ARMS_TRANSFER), 0, "Mo22 L265-L269"},
    {2021, RU, A(RU_EDUCATION), 0, "Mo22 L362"},
    {2021, WE, A(WE_EDUCATION), 0, "D18 L180-L184"},
    {2021, KZ, A(KZ_MULTI_VECTOR), 0, "SO24 L97-L101"},
    /* 2022: January unrest, the invasion, non-recognition, export cuts.
     * Russia's soft power stops: its means go to the war [SO24 L133-L155]. */
    {2022, CN, A(CN_ELITE_FORUM), 0, "Mo22 L416"},
    {2022, RU, A(RU_ARMS_TRANSFER), 0, "Mo22 L316 (CSTO presence after January)"},
    {2022, WE, A(WE_ENERGY_INVESTMENT), 0, "SO24 L101"},
    {2022, WE, A(WE_REFORM_SUPPORT), 0, "Mo22 L404-L408"},
    {2022, KZ, A(KZ_NEW_KAZAKHSTAN), 0, "Mo22 L404 ('New Kazakhstan')"},
    {2022, KZ, A(KZ_REFUSE_DEMAND), 0, "SO24 L133-L135 (no recognition of the 'republics')"},
    /* 2023: Kazakh at Putin's visit; the Middle Corridor. */
    {2023, CN, A(CN_ELITE_FORUM), 0, "Mo22 L388"},
    {2023, RU, A(RU_CSTO_EXERCISE), 0, "HB20 L184"},
    {2023, WE, A(WE_CORRIDOR), GG_PRJ_TRANS_CASPIAN, "HB20 L22-L24; SO24 L139"},
    {2023, KZ, A(KZ_CASPIAN_COFUND), 0, "SO24 L139 (tankers across the Caspian)"},
    {2023, KZ, A(KZ_LANGUAGE), 0, "SO24 L137"},
    /* 2024: the papers' data ends in 2023 (SO24 L196-L210 is 2023 trade):
     * these orders are an estimate, 2023's policies carried on. */
    {2024, CN, A(CN_ENERGY_DEAL), 0, "estimate: as in 2023 (Mo22 L223-L233)"},
    {2024, RU, A(RU_ARMS_TRANSFER), 0, "estimate: as in 2023 (Mo22 L265-L269)"},
    {2024, WE, A(WE_ENERGY_INVESTMENT), 0, "estimate: as in 2023 (SO24 L101)"},
    {2024, KZ, A(KZ_TURKIC), 0, "estimate: as in 2023 (Mo22 L412)"},
};

/* A lower tier's stand-in for a scripted order its rules do not have (the
 * classroom's basic actions): the same year and seat, another action that
 * the papers also report for that year. Orders of a higher tier with no
 * stand-in here are left out. */
static const struct {
    uint16_t year;
    uint8_t seat;
    uint8_t action, stand_in;
    const char *source;
} stand_ins[] = {
    {2014, WE, A(WE_EDUCATION), A(WE_SANCTIONS), "HB20 L56 (US sanctions after Crimea)"},
    {2015, RU, A(RU_EDUCATION), A(RU_MEDIA), "SO24 L161-L169 (Russian media as soft power)"},
};

/* Crisis answers by year; other crises are handled alone. */
static const struct {
    uint16_t year;
    uint8_t response;
    const char *source;
} crises[] = {
    {2022, GG_RSP_CSTO, "Mo22 L316; SO24 L115 (Tokayev calls in the CSTO, January 2022)"},
};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static int fail(char *why, size_t n, int err, uint16_t year, int seat, const char *what,
                const char *id)
{
    if (why && n)
        snprintf(why, n, "%u %s %s %s", year, gg_seat_name(seat), what, id);
    return err;
}

static void record(const gg_state *s, uint16_t year, gg_history_row *r)
{
    memset(r, 0, sizeof *r);
    r->year = year;
    r->estimate = year > HIST_PAPERS_END;
    memcpy(r->track, s->track, sizeof r->track);
    memcpy(r->global, s->global, sizeof r->global);
    memcpy(r->influence, s->influence, sizeof r->influence);
    memcpy(r->route, s->route, sizeof r->route);
    for (int d = 0; d < GG_DOMAINS; d++)
        r->leader[d] = (int8_t)gg_leader(s, d);
    memcpy(r->vp, s->vp, sizeof r->vp);
}

/* The scripted order as scenario `sc` can play it: the order, its stand-in
 * (*o rewritten), or 0 when its tier has neither. */
static int playable(const gg_scenario_def *sc, const hist_order *h, gg_order *o)
{
    *o = (gg_order){h->action, h->target, 0};
    if (gg_action_def_get(h->action)->tier <= sc->tier)
        return 1;
    for (int i = 0; i < COUNT(stand_ins); i++)
        if (stand_ins[i].year == h->year && stand_ins[i].seat == h->seat &&
            stand_ins[i].action == h->action) {
            o->action = stand_ins[i].stand_in;
            return gg_action_def_get(o->action)->tier <= sc->tier;
        }
    return 0;
}

/* The year's deals, proposed and accepted. */
static int make_deals(gg_state *s, char *why, size_t whyn)
{
    for (int i = 0; i < COUNT(deals); i++) {
        const hist_deal *h = &deals[i];
        if (h->year != s->year)
            continue;
        gg_clause cl = {.kind = h->kind, .c = h->what, .amount = h->fee};
        if (h->kind == GG_CLAUSE_CONSENT)
            cl.a = h->from;
        uint16_t id;
        int err = gg_propose(s, h->from, (uint8_t)(1u << h->to), &cl, 1, &id);
        if (!err)
            err = gg_respond(s, h->to, id, 1);
        if (err)
            return fail(why, whyn, err, h->year, h->from,
                        h->kind == GG_CLAUSE_CONSENT ? "consent deal for" : "accord",
                        h->kind == GG_CLAUSE_CONSENT ? gg_action_def_get(h->what)->id
                                                     : gg_accord_def_get(h->what)->id);
    }
    return 0;
}

/* In a scenario that only draws history as "what if" cards: the year's
 * historical events not drawn already, fired in their own year. */
static void fire_history(gg_state *s)
{
    for (int e = 0; e < gg_event_count(); e++) {
        if (gg_event_def_get(e)->year != s->year)
            continue;
        int drawn = 0;
        for (int i = 0; i < s->report.nnews; i++)
            drawn |= s->report.news[i] == e;
        if (!drawn)
            gg_inject_event(s, e);
    }
}

/* The seed of a scenario's line: its what-if draws. The classroom's seed is
 * one whose draws bring no historical card out of its year (those fire in
 * their years here); test-arena-history checks it. */
static uint64_t hist_seed(const gg_scenario_def *sc)
{
    return strcmp(sc->id, "classroom") ? sc->start_year : 2023;
}

int gg_history_years(int scenario, uint16_t *first, uint16_t *last)
{
    const gg_scenario_def *sc = gg_scenario_def_get(scenario);
    if (!sc)
        return 0;
    int end = sc->start_year + sc->turns - 1;
    *first = sc->start_year;
    *last = (uint16_t)(end < HIST_LAST_YEAR ? end : HIST_LAST_YEAR);
    return *last >= *first ? *last - *first + 1 : 0;
}

int gg_history_run(int scenario, gg_history_row *rows, int cap, char *why, size_t whyn)
{
    const gg_scenario_def *sc = gg_scenario_def_get(scenario);
    uint16_t first, last;
    if (!sc || !gg_history_years(scenario, &first, &last))
        return fail(why, whyn, GG_EBAD_SCENARIO, 0, 0, "scenario", sc ? sc->id : "?");
    gg_state s;
    gg_options opt = {.binding = 1};
    int err = gg_init(&s, scenario, hist_seed(sc), &opt);
    if (err)
        return fail(why, whyn, err, first, 0, "init", sc->id);
    int n = 0;
    while (s.phase != GG_PHASE_OVER && s.year <= last && n < cap) {
        uint16_t year = s.year;
        if (!sc->scripted)
            fire_history(&s);
        uint8_t nnews = s.report.nnews, news[GG_MAX_NEWS];
        memcpy(news, s.report.news, sizeof news);
        err = make_deals(&s, why, whyn);
        if (err)
            return err;
        gg_end_diplomacy(&s);
        for (int seat = 0; seat < GG_SEATS; seat++) {
            gg_orders o;
            memset(&o, 0, sizeof o);
            for (int i = 0; i < COUNT(orders) && o.count < GG_MAX_ORDERS; i++)
                if (orders[i].year == year && orders[i].seat == seat &&
                    playable(sc, &orders[i], &o.o[o.count]))
                    o.count++;
            int errs[GG_MAX_ORDERS];
            err = gg_validate_orders(&s, seat, &o, errs);
            if (err) {
                for (int i = 0; i < o.count; i++)
                    if (errs[i])
                        return fail(why, whyn, errs[i], year, seat, "order",
                                    gg_action_def_get(o.o[i].action)->id);
                return fail(why, whyn, err, year, seat, "orders", "");
            }
            gg_submit_orders(&s, seat, &o);
        }
        /* gg_resolve runs the next year's News and Income at once; the world
         * at the end of this year is a copy resolved as the last turn (its
         * extra end-of-game scoring is not recorded). */
        gg_state end;
        gg_end_of_year(&s, &end);
        int r = GG_RSP_ALONE;
        for (int i = 0; i < COUNT(crises); i++)
            if (crises[i].year == year)
                r = crises[i].response;
        gg_resolve(&s);
        if (s.phase == GG_PHASE_CRISIS) {
            err = gg_crisis_react(&s, r);
            if (!err)
                err = gg_crisis_react(&end, r);
            if (err)
                return fail(why, whyn, err, year, KZ, "crisis response",
                            gg_response_def_get(r)->id);
        }
        record(&end, year, &rows[n]);
        memcpy(rows[n].vp, s.vp, sizeof rows[n].vp);
        rows[n].nnews = nnews;
        memcpy(rows[n].news, news, sizeof news);
        n++;
    }
    return n;
}
