/* debrief.c — gg-arena --replay FILE --debrief: the classroom debrief of a
 * finished (or unfinished) game as Markdown (GAME_DESIGN.md §11): the
 * result, the timeline of tracks as charts, the game against the
 * historical line, every turn's news, orders and outcomes with the source
 * of each rule that fired, and the deal ledger. The numbers come from
 * gg_debrief (game/debrief.c), the same data gg-server sends as JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "describe.h"
#include "gg/game.h"

typedef gg_debrief debrief;

static const char *title(int seat)
{
    static const char *const t[GG_SEATS] = {"China", "Russia", "the West", "Kazakhstan"};
    return seat >= 0 && seat < GG_SEATS ? t[seat] : "nobody";
}

/* A value 0..10 as one of eight block characters. */
static const char *spark(int v)
{
    static const char *const b[8] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    v = v < 0 ? 0 : v > 10 ? 10 : v;
    return b[v * 7 / 10];
}

static void chart_row(FILE *f, const char *name, const debrief *d, int last, int global, int idx)
{
    fprintf(f, "| %s | ", name);
    for (int t = 1; t <= last; t++)
        fputs(spark(global ? d->year_end[t].global[idx] : d->year_end[t].track[idx]), f);
    fprintf(f, " |");
    for (int t = 1; t <= last; t++)
        fprintf(f, " %d", global ? d->year_end[t].global[idx] : d->year_end[t].track[idx]);
    fprintf(f, " |\n");
}

/* The VP race: each seat's margin (VP as if scored then, less the par share
 * of the scorings so far) at the end of every year. */
static void vp_race(FILE *f, const debrief *d, int last, uint16_t year0)
{
    fprintf(f, "## The VP race\n\nEach seat's margin at the end of each year: its victory "
               "points as if the game were scored then, less its par so far (RULES.md §9). "
               "The highest margin was winning.\n\n| year | China | Russia | the West | "
               "Kazakhstan | leading |\n|---|---|---|---|---|---|\n");
    for (int t = 1; t <= last; t++) {
        const gg_state *s = &d->year_end[t];
        uint8_t rank[GG_SEATS];
        gg_rank_now(s, rank, NULL);
        fprintf(f, "| %d |", (int)year0 + t - 1);
        for (int seat = 0; seat < GG_SEATS; seat++)
            fprintf(f, " %+d |", gg_margin(s, seat));
        fprintf(f, " %s |\n", title(rank[0]));
    }
    fprintf(f, "\n");
}

static void timeline(FILE *f, const debrief *d, int last, uint16_t year0)
{
    fprintf(f, "## The timeline\n\nAt the end of each year, %d to %d (charts scaled 0–10).\n\n",
            (int)year0, (int)year0 + last - 1);
    fprintf(f, "| track | chart | values by year |\n|---|---|---|\n");
    for (int t = 0; t < GG_DEVELOPMENT; t++)
        chart_row(f, gg_track_name(t), d, last, 0, t);
    for (int g = 0; g < GG_GLOBALS; g++)
        chart_row(f, gg_global_name(g), d, last, 1, g);
    fprintf(f, "\n| year | economy | security | public | elite | routes north / east / caspian |\n"
               "|---|---|---|---|---|---|\n");
    for (int t = 1; t <= last; t++) {
        const gg_state *s = &d->year_end[t];
        fprintf(f, "| %d |", (int)year0 + t - 1);
        for (int dom = 0; dom < GG_DOMAINS; dom++)
            fprintf(f, " %s |", gg_leader(s, dom) >= 0 ? title(gg_leader(s, dom)) : "tie");
        fprintf(f, " %d / %d / %d |\n", s->route[GG_NORTH], s->route[GG_EAST],
                s->route[GG_CASPIAN]);
    }
    fprintf(f, "\n");
}

/* The game next to its scenario's scripted historical line (d->history),
 * year by year where both have the year. */
static void against_history(FILE *f, const debrief *d, int last, uint16_t year0)
{
    uint16_t first = 0, hlast = 0;
    gg_history_years(d->scenario_id, &first, &hlast);
    if (!d->nhistory)
        return;
    fprintf(f,
            "## Against history\n\nThe game (G) next to the historical line (H): what each seat "
            "did in %u-%u as the papers tell it, played from this scenario's start under its "
            "rules (`gg-arena --scenario %s --history`; BALANCE.md §3), at the end of each "
            "year.\n\n| year | sinophobia G / H | Russia public G / H | north share G / H | "
            "economy leader G / H |\n|---|---|---|---|---|\n",
            first, hlast, gg_scenario_def_get(d->scenario_id)->id);
    int estimates = 0;
    for (int t = 1; t <= last; t++) {
        const gg_history_row *h = NULL;
        for (int i = 0; i < d->nhistory; i++)
            if (d->history[i].year == year0 + t - 1)
                h = &d->history[i];
        if (!h)
            continue;
        const gg_state *s = &d->year_end[t];
        int gs = s->route[GG_NORTH] + s->route[GG_EAST] + s->route[GG_CASPIAN];
        int hs = h->route[GG_NORTH] + h->route[GG_EAST] + h->route[GG_CASPIAN];
        estimates += h->estimate;
        fprintf(f, "| %u%s | %d / %d | %d / %d | %d%% / %d%% | %s / %s |\n", h->year,
                h->estimate ? "*" : "", s->track[GG_SINOPHOBIA], h->track[GG_SINOPHOBIA],
                s->influence[GG_RUSSIA][GG_PUBLIC], h->influence[GG_RUSSIA][GG_PUBLIC],
                gs ? 100 * s->route[GG_NORTH] / gs : 0, hs ? 100 * h->route[GG_NORTH] / hs : 0,
                gg_leader(s, GG_ECONOMY) >= 0 ? title(gg_leader(s, GG_ECONOMY)) : "tie",
                h->leader[GG_ECONOMY] >= 0 ? title(h->leader[GG_ECONOMY]) : "tie");
    }
    if (estimates)
        fprintf(f, "\n\\* An estimate: the papers' data ends in 2023, so the 2024 moves carry "
                   "2023's on.\n");
    if (year0 + last - 1 > hlast)
        fprintf(f, "\nThe line ends in %u: the years after it are not history yet.\n", hlast);
    fprintf(f, "\n");
}

static void turns(FILE *f, const debrief *d, int last, uint16_t year0)
{
    fprintf(f, "## Turn by turn\n\nEvery event, order and crisis answer, with the paper line "
               "its rule comes from (RULES.md has the full rule).\n\n");
    for (int t = 1; t <= last; t++) {
        fprintf(f, "### %d (turn %d)\n\n", (int)year0 + t - 1, t);
        if (d->have_start[t] || t == 1) {
            const gg_report *r = &d->start[t].report;
            for (int i = 0; i < r->nnews; i++) {
                const gg_event_def *e = gg_event_def_get(r->news[i]);
                if (e) {
                    fprintf(f, "- News: **%s**%s — %s ", e->name,
                            (r->what_if >> i) & 1 ? " (*what if*: not in its historical year)" : "",
                            e->text);
                    gg__cite_md(f, e->source);
                    fputc('\n', f);
                }
            }
        }
        if (!d->have_resolved[t]) {
            fprintf(f, "- (not resolved in this replay)\n\n");
            continue;
        }
        const gg_report *r = &d->resolved[t].report;
        for (int seat = 0; seat < GG_SEATS; seat++) {
            fprintf(f, "- %s:", title(seat));
            if (!r->orders[seat].count)
                fprintf(f, " held");
            for (int i = 0; i < r->orders[seat].count && i < GG_MAX_ORDERS; i++) {
                char buf[96];
                const gg_order *o = &r->orders[seat].o[i];
                gg_describe_order(seat, o, buf, sizeof buf);
                const gg_action_def *a = gg_action_def_get(o->action);
                fprintf(f, "%s `%s` (%s) [%s]", i ? ";" : "", buf,
                        gg_outcome_name(r->outcome[seat][i]), a ? a->source : "?");
            }
            fprintf(f, "\n");
        }
        if (d->crisis_response[t]) {
            const gg_response_def *rs = gg_response_def_get(d->crisis_response[t] - 1);
            if (rs)
                fprintf(f, "- Unrest: Kazakhstan chose **%s** [%s]\n", rs->name, rs->source);
        }
        if (r->breaches)
            for (int seat = 0; seat < GG_SEATS; seat++)
                if ((r->breaches >> seat) & 1)
                    fprintf(f, "- %s broke a promise.\n", title(seat));
        fprintf(f, "\n");
    }
}

void gg_deal_book_md(FILE *f, const gg_deal_book *b, const gg_state *s)
{
    fprintf(f, "## Deals\n\n");
    int any = 0;
    for (int i = 0; i < b->n; i++) {
        const gg_deal *dl = &b->deal[i];
        if (dl->id == 0)
            continue;
        if (!any++)
            fprintf(f, "| # | turn | status | proposed by | parties | clauses |\n"
                       "|---|---|---|---|---|---|\n");
        fprintf(f, "| %u | %u | %s | %s | ", dl->id, dl->turn, gg_deal_status_name(dl->status),
                title(dl->proposer));
        for (int p = 0, k = 0; p < GG_SEATS; p++)
            if ((dl->parties >> p) & 1)
                fprintf(f, "%s%s", k++ ? ", " : "", gg_seat_name(p));
        fprintf(f, " | ");
        for (int k = 0; k < dl->nclauses && k < GG_MAX_CLAUSES; k++) {
            char buf[128];
            gg_describe_clause(&dl->clauses[k], buf, sizeof buf);
            fprintf(f, "%s%s", k ? "; " : "", buf);
        }
        fprintf(f, " |\n");
    }
    if (!any)
        fprintf(f, "No deals were made.\n");
    fprintf(f, "\nPromises kept / broken: ");
    for (int seat = 0; seat < GG_SEATS; seat++)
        fprintf(f, "%s%s %d / %d", seat ? ", " : "", title(seat), s->kept[seat], s->broken[seat]);
    fprintf(f, ".\n");
}

int gg_arena_debrief(const char *path, int json, FILE *out)
{
    uint8_t *buf;
    size_t len;
    char err[512];
    if (gg__arena_read_file(path, &buf, &len, err, sizeof err)) {
        fprintf(stderr, "gg-arena: %s\n", err);
        return 2;
    }
    gg_debrief *d;
    int rc = gg_debrief_create(buf, len, &d, err, sizeof err);
    free(buf);
    if (rc) {
        fprintf(stderr, "gg-arena: %s: %s\n", path,
                rc == GG_EREPLAY_FORMAT ? err : gg_strerror(rc));
        return 2;
    }
    if (json) {
        size_t need = gg_debrief_json(d, 1, NULL, 0) + 1;
        char *text = malloc(need);
        int refused = d->err;
        if (text) {
            gg_debrief_json(d, 1, text, need);
            fputs(text, out);
            fputc('\n', out);
            free(text);
        }
        gg_debrief_destroy(d);
        return !text ? 1 : refused ? 1 : 0;
    }
    int last = d->last;
    const gg_scenario_def *def = gg_scenario_def_get(d->scenario_id);
    /* The heading states the length played, not the scenario name's (a
     * teacher's shorter game is not "Classroom (6 turns ...)"). */
    int length = d->s.last_turn;
    fprintf(out, "# Debrief: %s, %d turn%s", def->short_name, last, last == 1 ? "" : "s");
    if (last > 1)
        fprintf(out, " (%d-%d)", def->start_year, def->start_year + last - 1);
    else if (last == 1)
        fprintf(out, " (%d)", def->start_year);
    fprintf(out, "\n\n");
    if (length < def->turns)
        fprintf(out,
                "A shortened game: %d of the scenario's %d turns, ranked against the par for "
                "its length.\n\n",
                length, def->turns);
    if (last < length)
        fprintf(out, "The game stopped after %d of its %d turns.\n\n", last, length);
    fprintf(out, "Seed %llu, %s deals.\n\n", (unsigned long long)d->seed,
            d->opt.binding ? "binding" : "non-binding");
    gg_result r;
    if (gg_result_get(&d->s, &r) == 0) {
        fprintf(out,
                "## Result\n\n%s wins (the game ended: %s).\n\n| rank | seat | VP | "
                "relative to par |\n|---|---|---|---|\n",
                title(r.winner), gg_end_reason_name(r.reason));
        for (int i = 0; i < GG_SEATS; i++)
            fprintf(out, "| %d | %s | %d | %+d |\n", i + 1, title(r.rank[i]), r.vp[r.rank[i]],
                    r.relative[r.rank[i]]);
        fprintf(out, "\n");
    } else {
        fprintf(out, "The game was not finished when the replay was made.\n\n");
    }
    if (last) {
        vp_race(out, d, last, def->start_year);
        timeline(out, d, last, def->start_year);
        against_history(out, d, last, def->start_year);
        turns(out, d, last, def->start_year);
    }
    gg_deal_book_md(out, &d->book, &d->s);
    int refused = d->err;
    if (refused)
        fprintf(stderr,
                "gg-arena: %s: a record was refused by the rules (%s); the debrief "
                "stops there\n",
                path, gg_strerror(refused));
    gg_debrief_destroy(d);
    return refused ? 1 : 0;
}
