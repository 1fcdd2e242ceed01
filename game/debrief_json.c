/* debrief_json.c — gg_debrief_json: the debrief as one JSON object into a
 * caller's buffer (PROTOCOL.md "The debrief" lists its fields). Names are
 * the engine's wire ids (seats, tracks, actions, events); clients translate
 * them. Every number comes from the gg_debrief snapshots, the same ones
 * gg-arena's Markdown reads. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gg/game.h"

/* An appender that counts what it could not store (snprintf semantics). */
typedef struct jb {
    char *p;
    size_t cap, len;
} jb;

static void put(jb *b, const char *s, size_t n)
{
    if (b->len < b->cap) {
        size_t room = b->cap - b->len - 1;
        memcpy(b->p + b->len, s, n < room ? n : room);
        b->p[b->len + (n < room ? n : room)] = 0;
    }
    b->len += n;
}

static void raw(jb *b, const char *s)
{
    put(b, s, strlen(s));
}

static void fmt(jb *b, const char *f, ...)
{
    char tmp[96];
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(tmp, sizeof tmp, f, ap);
    va_end(ap);
    if (n > 0)
        put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* A JSON string (UTF-8 passed through; quotes, backslashes and control
 * characters escaped), or null for NULL. */
static void str(jb *b, const char *s)
{
    if (!s) {
        raw(b, "null");
        return;
    }
    put(b, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            put(b, e, 2);
        } else if (c < 0x20) {
            fmt(b, "\\u%04x", c);
        } else {
            put(b, s, 1);
        }
    }
    put(b, "\"", 1);
}

static void key(jb *b, int first, const char *k)
{
    if (!first)
        put(b, ",", 1);
    str(b, k);
    put(b, ":", 1);
}

static const char *seat(int s)
{
    return s >= 0 && s < GG_SEATS ? gg_seat_name(s) : NULL;
}

static void seat_list(jb *b, unsigned mask)
{
    put(b, "[", 1);
    for (int p = 0, k = 0; p < GG_SEATS; p++)
        if ((mask >> p) & 1) {
            if (k++)
                put(b, ",", 1);
            str(b, gg_seat_name(p));
        }
    put(b, "]", 1);
}

/* {"china":v,...} of four int16 values. */
static void per_seat(jb *b, const int16_t v[GG_SEATS])
{
    put(b, "{", 1);
    for (int p = 0; p < GG_SEATS; p++) {
        key(b, !p, gg_seat_name(p));
        fmt(b, "%d", v[p]);
    }
    put(b, "}", 1);
}

/* One year's numbers at the year's end (as gg-arena's "VP race" and
 * timeline): VP as if scored then, the margin over par so far, who was
 * leading, the tracks, globals, influence, leaders and routes. */
/* "tracks":{..},"globals":{..},"influence":{seat:{domain:n}}: the board's
 * values, shared by a played year and the historical line's. */
static void board(jb *b, const uint8_t track[GG_TRACKS], const uint8_t global[GG_GLOBALS],
                  const uint8_t influence[GG_POWERS][GG_DOMAINS])
{
    raw(b, "\"tracks\":{");
    for (int i = 0; i < GG_TRACKS; i++) {
        key(b, !i, gg_track_name(i));
        fmt(b, "%d", track[i]);
    }
    raw(b, "},\"globals\":{");
    for (int i = 0; i < GG_GLOBALS; i++) {
        key(b, !i, gg_global_name(i));
        fmt(b, "%d", global[i]);
    }
    raw(b, "},\"influence\":{");
    for (int p = 0; p < GG_POWERS; p++) {
        key(b, !p, gg_seat_name(p));
        put(b, "{", 1);
        for (int dom = 0; dom < GG_DOMAINS; dom++) {
            key(b, !dom, gg_domain_name(dom));
            fmt(b, "%d", influence[p][dom]);
        }
        put(b, "}", 1);
    }
    put(b, "}", 1);
}

static void year(jb *b, const gg_debrief *d, int t, int year0)
{
    const gg_state *e = &d->year_end[t];
    fmt(b, "{\"turn\":%d,\"year\":%d,\"vp\":", t, year0 + t - 1);
    per_seat(b, e->vp_now);
    raw(b, ",\"margin\":");
    int16_t m[GG_SEATS];
    for (int p = 0; p < GG_SEATS; p++)
        m[p] = (int16_t)gg_margin(e, p);
    per_seat(b, m);
    uint8_t rank[GG_SEATS];
    gg_rank_now(e, rank, NULL);
    raw(b, ",\"leading\":");
    str(b, seat(rank[0]));
    raw(b, ",");
    board(b, e->track, e->global, e->influence);
    raw(b, ",\"leaders\":{");
    for (int dom = 0; dom < GG_DOMAINS; dom++) {
        key(b, !dom, gg_domain_name(dom));
        str(b, seat(gg_leader(e, dom)));
    }
    raw(b, "},\"routes\":{");
    for (int i = 0; i < GG_ROUTES; i++) {
        key(b, !i, gg_route_name(i));
        fmt(b, "%d", e->route[i]);
    }
    raw(b, "}}");
}

/* One change of a turn: {"kind":K,"name":N[,"seat":S],"from":x,"to":y}. */
static void change(jb *b, int *k, const char *kind, const char *name, const char *who, int from,
                   int to)
{
    if (from == to)
        return;
    raw(b, (*k)++ ? ",{\"kind\":" : "{\"kind\":");
    str(b, kind);
    raw(b, ",\"name\":");
    str(b, name);
    if (who) {
        raw(b, ",\"seat\":");
        str(b, who);
    }
    fmt(b, ",\"from\":%d,\"to\":%d}", from, to);
}

/* What a turn's deals, orders, crisis and scoring changed: every track,
 * global, influence, route and domain leader that differs between the
 * turn's start (after its News and Income) and the year's end. */
static void changes(jb *b, const gg_state *a, const gg_state *e)
{
    int k = 0;
    raw(b, ",\"changes\":[");
    for (int i = 0; i < GG_TRACKS; i++)
        change(b, &k, "track", gg_track_name(i), NULL, a->track[i], e->track[i]);
    for (int i = 0; i < GG_GLOBALS; i++)
        change(b, &k, "global", gg_global_name(i), NULL, a->global[i], e->global[i]);
    for (int p = 0; p < GG_POWERS; p++)
        for (int dom = 0; dom < GG_DOMAINS; dom++)
            change(b, &k, "influence", gg_domain_name(dom), gg_seat_name(p), a->influence[p][dom],
                   e->influence[p][dom]);
    for (int i = 0; i < GG_ROUTES; i++)
        change(b, &k, "route", gg_route_name(i), NULL, a->route[i], e->route[i]);
    put(b, "]", 1);
}

/* What one order changed, as the turn report's "chg" on the wire
 * (protocol/changes.c): "chg":[{"k","x","y","n"}], x and y where named. */
static void order_changes(jb *b, const gg_report *r, int slot)
{
    raw(b, ",\"chg\":[");
    for (int i = 0, k = 0; i < r->nchanges && i < GG_MAX_CHANGES; i++) {
        const gg_change *c = &r->changes[i];
        const char *x, *y;
        if (c->order != slot || gg_change_names(c, &x, &y) != 0)
            continue;
        raw(b, k++ ? ",{\"k\":" : "{\"k\":");
        str(b, gg_change_kind_name(c->kind));
        if (x) {
            raw(b, ",\"x\":");
            str(b, x);
        }
        if (y) {
            raw(b, ",\"y\":");
            str(b, y);
        }
        fmt(b, ",\"n\":%d}", c->delta);
    }
    put(b, "]", 1);
}

/* One turn's log: its News, each seat's orders with outcome and source,
 * the crisis answer and who broke a promise. */
static void turn_log(jb *b, const gg_debrief *d, int t, int year0)
{
    fmt(b, "{\"turn\":%d,\"year\":%d,\"news\":[", t, year0 + t - 1);
    if (d->have_start[t]) {
        const gg_report *r = &d->start[t].report;
        for (int i = 0, k = 0; i < r->nnews && i < GG_MAX_NEWS; i++) {
            const gg_event_def *e = gg_event_def_get(r->news[i]);
            if (!e)
                continue;
            raw(b, k++ ? ",{\"id\":" : "{\"id\":");
            str(b, e->id);
            raw(b, ",\"name\":");
            str(b, e->name);
            raw(b, ",\"text\":");
            str(b, e->text);
            raw(b, ",\"source\":");
            str(b, e->source);
            fmt(b, ",\"what_if\":%s}", (r->what_if >> i) & 1 ? "true" : "false");
        }
    }
    fmt(b, "],\"resolved\":%s", d->have_resolved[t] ? "true" : "false");
    if (d->have_resolved[t]) {
        const gg_report *r = &d->resolved[t].report;
        raw(b, ",\"orders\":{");
        for (int p = 0; p < GG_SEATS; p++) {
            key(b, !p, gg_seat_name(p));
            put(b, "[", 1);
            for (int i = 0; i < r->orders[p].count && i < GG_MAX_ORDERS; i++) {
                const gg_order *o = &r->orders[p].o[i];
                const gg_action_def *a = gg_action_def_get(o->action);
                raw(b, i ? ",{\"action\":" : "{\"action\":");
                str(b, a ? a->id : NULL);
                raw(b, ",\"name\":");
                str(b, a ? a->name : NULL);
                fmt(b, ",\"target\":%d,\"arg\":%d,\"outcome\":", o->target, o->arg);
                str(b, gg_outcome_name(r->outcome[p][i]));
                raw(b, ",\"source\":");
                str(b, a ? a->source : NULL);
                order_changes(b, r, p * GG_MAX_ORDERS + i);
                put(b, "}", 1);
            }
            put(b, "]", 1);
        }
        put(b, "}", 1);
        const gg_response_def *rs =
            d->crisis_response[t] ? gg_response_def_get(d->crisis_response[t] - 1) : NULL;
        raw(b, ",\"crisis\":");
        if (rs) {
            raw(b, "{\"id\":");
            str(b, rs->id);
            raw(b, ",\"name\":");
            str(b, rs->name);
            raw(b, ",\"source\":");
            str(b, rs->source);
            put(b, "}", 1);
        } else {
            raw(b, "null");
        }
        raw(b, ",\"breaches\":");
        seat_list(b, r->breaches);
        changes(b, d->have_start[t] ? &d->start[t] : &d->year_end[t - 1], &d->year_end[t]);
    }
    put(b, "}", 1);
}

/* The scenario's scripted historical line (game/history.c), its years
 * only: the same fields as `years`, dashed beside the game; "estimate"
 * marks a year after the papers' data ends, "last" the line's last year. */
static void history(jb *b, const gg_debrief *d, int year0, int span)
{
    const gg_scenario_def *def = gg_scenario_def_get(d->scenario_id);
    uint16_t first = 0, last = 0;
    gg_history_years(d->scenario_id, &first, &last);
    raw(b, ",\"history\":{\"source\":");
    char src[160];
    snprintf(src, sizeof src,
             "gg-arena --scenario %s --history: the history of %u-%u as the papers tell it, "
             "played from this scenario's start under its rules (game/history.c)",
             def ? def->id : "?", first, last);
    str(b, src);
    fmt(b, ",\"first\":%u,\"last\":%u,\"years\":[", first, last);
    for (int i = 0, k = 0; i < d->nhistory; i++) {
        const gg_history_row *r = &d->history[i];
        if (r->year < year0 || r->year >= year0 + span)
            continue;
        fmt(b, "%s{\"year\":%u,\"estimate\":%s,\"news\":[", k++ ? "," : "", r->year,
            r->estimate ? "true" : "false");
        for (int n = 0; n < r->nnews && n < GG_MAX_NEWS; n++) {
            const gg_event_def *e = gg_event_def_get(r->news[n]);
            if (n)
                put(b, ",", 1);
            str(b, e ? e->id : NULL);
        }
        raw(b, "],");
        board(b, r->track, r->global, r->influence);
        raw(b, ",\"leaders\":{");
        for (int dom = 0; dom < GG_DOMAINS; dom++) {
            key(b, !dom, gg_domain_name(dom));
            str(b, seat(r->leader[dom]));
        }
        raw(b, "},\"routes\":{");
        for (int q = 0; q < GG_ROUTES; q++) {
            key(b, !q, gg_route_name(q));
            fmt(b, "%d", r->route[q]);
        }
        raw(b, "}}");
    }
    raw(b, "]}");
}

/* Citations of the discussion questions that are not a rule's own: why a
 * broken promise matters, and what each domain changing hands means. */
#define Q_PROMISE_SOURCE "HB20 L238 (the balance rests on each side needing the other)"
#define Q_DIVISION_SOURCE "HB20 L18-L19 (China assertive in security; Russia the sole provider)"
static const char *const q_domain_source[GG_DOMAINS] = {
    "Mo22 L253 (Russia cannot match China's economic scale)",
    "HB20 L18-L19 (China more assertive in the military sphere)",
    "SO24 L161 (Russia's soft-power instruments)",
    "Mo22 L416 (China has the money the elite wants)",
};

/* 1 if a source cites papers (not "design" or nothing): a question needs
 * a quote. */
static int cited(const char *src)
{
    static const char design[] = "design";
    if (!src || !*src)
        return 0;
    for (size_t i = 0; i < sizeof design - 1; i++)
        if (src[i] != design[i])
            return 1;
    return 0;
}

/* The action by which `seat` raised its influence in `dom` in a resolved
 * turn's report, or NULL. */
static const gg_action_def *raised_by(const gg_report *r, int seat, int dom)
{
    for (int i = 0; i < r->orders[seat].count && i < GG_MAX_ORDERS; i++) {
        const gg_action_def *a = gg_action_def_get(r->orders[seat].o[i].action);
        if (!a)
            continue;
        for (int f = 0; f < GG_MAX_EFFECTS; f++) {
            const gg_effect *x = &a->effects[f];
            if (x->kind == GG_EFF_INFLUENCE && x->what == dom && x->delta > 0 &&
                (x->who == GG_WHO_SELF || x->who == seat))
                return a;
        }
    }
    return NULL;
}

static void q_head(jb *b, int *k, const char *kind, int t, int year0)
{
    raw(b, (*k)++ ? ",{\"kind\":" : "{\"kind\":");
    str(b, kind);
    fmt(b, ",\"turn\":%d,\"year\":%d", t, year0 + t - 1);
}

/* Discussion questions drawn from what happened, each with the source
 * whose quote the page shows beside it: broken promises (at most 2),
 * crises and their answers (2), domains that changed hands (3), a "what
 * if" card (1), and last the papers' central risk, the division of labour
 * (who led economy and security at the end). Clients word them. */
static void questions(jb *b, const gg_debrief *d, int year0)
{
    int k = 0, n = 0;
    raw(b, ",\"questions\":[");
    for (int i = 0; i < d->book.n && n < 2; i++) {
        const gg_deal *dl = &d->book.deal[i];
        if (dl->id == 0 || !dl->breacher)
            continue;
        q_head(b, &k, "broken_promise", dl->turn, year0);
        fmt(b, ",\"deal\":%u,\"by\":", dl->id);
        seat_list(b, dl->breacher);
        raw(b, ",\"to\":");
        seat_list(b, dl->parties & ~(unsigned)dl->breacher);
        raw(b, ",\"source\":");
        str(b, Q_PROMISE_SOURCE);
        put(b, "}", 1);
        n++;
    }
    n = 0;
    for (int t = 1; t <= d->last && n < 2; t++) {
        const gg_response_def *rs =
            d->crisis_response[t] ? gg_response_def_get(d->crisis_response[t] - 1) : NULL;
        if (!rs)
            continue;
        q_head(b, &k, "crisis", t, year0);
        raw(b, ",\"response\":");
        str(b, rs->id);
        raw(b, ",\"source\":");
        str(b, cited(rs->source) ? rs->source : "Mo22 L314");
        put(b, "}", 1);
        n++;
    }
    n = 0;
    int held[GG_DOMAINS];
    for (int dom = 0; dom < GG_DOMAINS; dom++)
        held[dom] = gg_leader(&d->start[1], dom);
    for (int t = 1; t <= d->last; t++) {
        if (!d->have_resolved[t])
            continue;
        for (int dom = 0; dom < GG_DOMAINS; dom++) {
            int now = gg_leader(&d->year_end[t], dom);
            if (now < 0)
                continue; /* a tie: nobody took it yet */
            if (held[dom] >= 0 && now != held[dom] && n < 3) {
                /* The move that did it is named; the quote is the
                 * domain's own (an action's first cited line may be about
                 * something else: elite_forum's opens on transport). */
                const gg_action_def *a = raised_by(&d->resolved[t].report, now, dom);
                q_head(b, &k, "domain", t, year0);
                raw(b, ",\"domain\":");
                str(b, gg_domain_name(dom));
                raw(b, ",\"from\":");
                str(b, seat(held[dom]));
                raw(b, ",\"to\":");
                str(b, seat(now));
                raw(b, ",\"action\":");
                str(b, a ? a->id : NULL);
                raw(b, ",\"source\":");
                str(b, q_domain_source[dom]);
                put(b, "}", 1);
                n++;
            }
            held[dom] = now;
        }
    }
    for (int t = 1, done = 0; t <= d->last && !done; t++) {
        const gg_report *r = &d->start[t].report;
        for (int i = 0; d->have_start[t] && i < r->nnews && i < GG_MAX_NEWS && !done; i++) {
            const gg_event_def *e = gg_event_def_get(r->news[i]);
            if (!e || !((r->what_if >> i) & 1) || !cited(e->source))
                continue; /* a question needs a paper to quote */
            q_head(b, &k, "what_if", t, year0);
            raw(b, ",\"event\":");
            str(b, e->id);
            raw(b, ",\"source\":");
            str(b, e->source);
            put(b, "}", 1);
            done = 1;
        }
    }
    if (d->last > 0) {
        const gg_state *e = &d->year_end[d->last];
        q_head(b, &k, "division", d->last, year0);
        raw(b, ",\"economy\":");
        str(b, seat(gg_leader(e, GG_ECONOMY)));
        raw(b, ",\"security\":");
        str(b, seat(gg_leader(e, GG_SECURITY)));
        raw(b, ",\"source\":");
        str(b, Q_DIVISION_SOURCE);
        put(b, "}", 1);
    }
    put(b, "]", 1);
}

static void deals(jb *b, const gg_debrief *d)
{
    raw(b, ",\"deals\":[");
    for (int i = 0, k = 0; i < d->book.n; i++) {
        const gg_deal *dl = &d->book.deal[i];
        if (dl->id == 0)
            continue;
        fmt(b, "%s{\"id\":%u,\"turn\":%u,\"status\":", k++ ? "," : "", dl->id, dl->turn);
        str(b, gg_deal_status_name(dl->status));
        raw(b, ",\"proposer\":");
        str(b, seat(dl->proposer));
        raw(b, ",\"parties\":");
        seat_list(b, dl->parties);
        raw(b, ",\"accepted\":");
        seat_list(b, dl->accepted);
        raw(b, ",\"breachers\":");
        seat_list(b, dl->breacher);
        raw(b, ",\"clauses\":[");
        for (int c = 0; c < dl->nclauses && c < GG_MAX_CLAUSES; c++) {
            const gg_clause *cl = &dl->clauses[c];
            fmt(b, "%s{\"kind\":", c ? "," : "");
            str(b, gg_clause_kind_name(cl->kind));
            fmt(b, ",\"a\":%d,\"b\":%d,\"c\":%d,\"amount\":%d,\"turns\":%d}", cl->a, cl->b, cl->c,
                cl->amount, cl->turns);
        }
        raw(b, "]}");
    }
    raw(b, "],\"promises\":{");
    for (int p = 0; p < GG_SEATS; p++) {
        key(b, !p, gg_seat_name(p));
        fmt(b, "{\"kept\":%d,\"broken\":%d}", d->s.kept[p], d->s.broken[p]);
    }
    put(b, "}", 1);
}

static void chats(jb *b, const gg_debrief *d)
{
    raw(b, ",\"chat\":[");
    for (uint32_t i = 0; i < d->nchat; i++) {
        const gg_debrief_chat *c = &d->chat[i];
        fmt(b, "%s{\"seq\":%u,\"turn\":%d,\"from\":", i ? "," : "", c->seq, c->turn);
        str(b, gg_who_name(c->from));
        raw(b, ",\"ch\":");
        str(b, gg_chan_name(c->chan));
        raw(b, ",\"to\":");
        seat_list(b, c->chan == GG_CHAN_PRIVATE ? c->to : 0);
        raw(b, ",\"text\":");
        str(b, c->text);
        put(b, "}", 1);
    }
    put(b, "]", 1);
}

size_t gg_debrief_json(const gg_debrief *d, int chat, char *buf, size_t cap)
{
    jb b = {buf, cap, 0};
    if (cap)
        buf[0] = 0;
    const gg_scenario_def *def = gg_scenario_def_get(d->scenario_id);
    int year0 = def ? def->start_year : 0;
    raw(&b, "{\"scenario\":");
    str(&b, d->scenario);
    raw(&b, ",\"name\":");
    str(&b, def ? def->name : NULL);
    raw(&b, ",\"short_name\":");
    str(&b, def ? def->short_name : NULL);
    /* turns: resolved; length: the game's (gg_options.turns, or the
     * scenario's); scenario_turns: the scenario's own (a heading states the
     * length played, not the scenario name's). */
    fmt(&b, ",\"seed\":\"%llu\",\"binding\":%s,\"finished\":%s,\"year0\":%d,\"turns\":%d",
        (unsigned long long)d->seed, d->opt.binding ? "true" : "false",
        d->finished ? "true" : "false", year0, d->last);
    fmt(&b, ",\"length\":%d,\"scenario_turns\":%d", d->s.last_turn, def ? def->turns : 0);
    raw(&b, ",\"result\":");
    gg_result r;
    if (gg_result_get(&d->s, &r) == 0) {
        raw(&b, "{\"winner\":");
        str(&b, seat(r.winner));
        raw(&b, ",\"reason\":");
        str(&b, gg_end_reason_name(r.reason));
        raw(&b, ",\"rank\":[");
        for (int i = 0; i < GG_SEATS; i++) {
            if (i)
                put(&b, ",", 1);
            str(&b, seat(r.rank[i]));
        }
        raw(&b, "],\"vp\":");
        per_seat(&b, r.vp);
        raw(&b, ",\"relative\":");
        per_seat(&b, r.relative);
        /* the criterion that put the winner above the runner-up (RULES.md
         * §9): "margin" unless their margins were equal */
        const gg_tiebreak_def *tb = gg_tiebreak_def_get(r.decided_by);
        raw(&b, ",\"decided_by\":");
        str(&b, tb ? tb->id : NULL);
        put(&b, "}", 1);
    } else {
        raw(&b, "null");
    }
    raw(&b, ",\"years\":[");
    for (int t = 1, k = 0; t <= d->last; t++)
        if (d->have_resolved[t]) {
            if (k++)
                put(&b, ",", 1);
            year(&b, d, t, year0);
        }
    raw(&b, "],\"log\":[");
    for (int t = 1; t <= d->last; t++) {
        if (t > 1)
            put(&b, ",", 1);
        turn_log(&b, d, t, year0);
    }
    put(&b, "]", 1);
    history(&b, d, year0, def ? def->turns : d->last);
    questions(&b, d, year0);
    deals(&b, d);
    if (chat)
        chats(&b, d);
    if (d->err) {
        raw(&b, ",\"refused\":{\"seq\":");
        fmt(&b, "%u,\"error\":", d->err_seq);
        str(&b, gg_errname(d->err));
        put(&b, "}", 1);
    }
    put(&b, "}", 1);
    return b.len;
}
