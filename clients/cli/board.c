/* clients/cli/board.c — gg-client's output: the board (fits 80 columns),
 * legal actions, the deal ledger, and a line for every server message. */
#include <ctype.h>
#include <inttypes.h>
#include <string.h>

#include "cli.h"
#include "describe.h"

static const char *id_or(const char *id)
{
    return id ? id : "?";
}

static const char *project_id(int p)
{
    const gg_project_def *d = gg_project_def_get(p);
    return d ? d->id : "?";
}

static void bar(cli *c, int v, int max)
{
    char b[16];
    int n = v < 0 ? 0 : v > max ? max : v;
    for (int i = 0; i < max; i++)
        b[i] = i < n ? '#' : '.';
    b[max] = 0;
    fprintf(c->out, " %s%.*s%s%s%2d", cli_col(c, "ok"), n, b, cli_col(c, "dim"), b + n, v);
    fputs(cli_col(c, "reset"), c->out);
}

static void clock_text(const cli *c, char *out, size_t cap)
{
    if (c->paused) {
        snprintf(out, cap, "PAUSED");
    } else if (!c->deadline_at) {
        snprintf(out, cap, "no deadline");
    } else {
        int64_t ms = c->deadline_at - cli_now();
        if (ms < 0)
            ms = 0;
        snprintf(out, cap, "%d:%02d left", (int)(ms / 60000), (int)(ms / 1000 % 60));
    }
}

void cli_print_board(cli *c)
{
    if (!c->have_view) {
        fprintf(c->out, "(no state yet)\n");
        return;
    }
    const gg_state *v = &c->view;
    FILE *o = c->out;
    char clk[32];
    clock_text(c, clk, sizeof clk);
    fprintf(o, "%s== Turn %d/%d (%d) %s - %s ==%s  you: %s%s%s\n", cli_col(c, "h"), v->turn,
            v->last_turn, v->year, gg_phase_name(v->phase), clk, cli_col(c, "reset"),
            cli_col(c, gg_who_name(c->s.who)), gg_who_name(c->s.who), cli_col(c, "reset"));
    fprintf(o, "%-10s", "influence");
    for (int d = 0; d < GG_DOMAINS; d++)
        fprintf(o, " %-13s", gg_domain_name(d));
    fputc('\n', o);
    for (int p = 0; p < GG_POWERS; p++) {
        fprintf(o, "%s%-10s%s", cli_col(c, gg_seat_name(p)), gg_seat_name(p), cli_col(c, "reset"));
        for (int d = 0; d < GG_DOMAINS; d++)
            bar(c, v->influence[p][d], 10), fputc(' ', o);
        fputc('\n', o);
    }
    fprintf(o, "%-10s", "kazakhstan");
    for (int t = 0; t < GG_TRACKS; t++)
        fprintf(o, " %s %d", gg_track_name(t), v->track[t]);
    fprintf(o, "\n%-10s", "global");
    for (int g = 0; g < GG_GLOBALS; g++)
        fprintf(o, " %s %d", gg_global_name(g), v->global[g]);
    fprintf(o, "\n%-10s", "routes");
    for (int r = 0; r < GG_ROUTES; r++)
        fprintf(o, " %s %d%s", gg_route_name(r), v->route[r], v->route_closed[r] ? " (shut)" : "");
    fputc('\n', o);
    for (int s = 0; s < GG_SEATS; s++) {
        fprintf(o, "%s%-10s%s", cli_col(c, gg_seat_name(s)), gg_seat_name(s), cli_col(c, "reset"));
        for (int r = 0; r < GG_RES_KINDS; r++)
            fprintf(o, " %s %d", gg_res_name(s, r), v->res[s][r]);
        fputc('\n', o);
    }
    /* The running score: ranked as the game would end now. */
    uint8_t rank[GG_SEATS];
    gg_rank_now(v, rank, NULL);
    fprintf(o, "%sscore%s     %s\n", cli_col(c, "h"), cli_col(c, "reset"),
            v->phase == GG_PHASE_OVER ? "final: VP, par, margin"
                                      : "as if scored now: VP, par so far, margin");
    for (int i = 0; i < GG_SEATS; i++) {
        int s = rank[i];
        fprintf(o, " %d. %s%-10s%s vp %4d  par %4d  margin %+4d\n", i + 1,
                cli_col(c, gg_seat_name(s)), gg_seat_name(s), cli_col(c, "reset"), v->vp_now[s],
                v->par_now[s], gg_margin(v, s));
    }
    int any = 0;
    for (int p = 0; p < GG_PROJECTS; p++) {
        const gg_project_state *ps = &v->project[p];
        if (ps->owner == GG_NONE)
            continue;
        const gg_project_def *d = gg_project_def_get(p);
        fprintf(o, "%s %s %s %s", any++ ? "," : "projects  ", project_id(p),
                gg_seat_name(ps->owner), ps->done ? "built" : "building");
        if (!ps->done && d)
            fprintf(o, " %d/%d", ps->progress, d->turns);
    }
    if (any)
        fputc('\n', o);
    any = 0;
    for (int a = 0; a < GG_ACCORDS; a++)
        if (v->accord_turns[a])
            fprintf(o, "%s %s (%d)", any++ ? "," : "accords   ",
                    id_or(gg_accord_def_get(a) ? gg_accord_def_get(a)->id : NULL),
                    v->accord_turns[a]);
    if (any)
        fputc('\n', o);
    if (v->report.nnews) {
        fprintf(o, "news      ");
        for (int i = 0; i < v->report.nnews && i < GG_MAX_NEWS; i++) {
            const gg_event_def *e = gg_event_def_get(v->report.news[i]);
            fprintf(o, "%s%s%s", i ? "; " : "", e ? e->name : "?",
                    (v->report.what_if >> i) & 1 ? " (what if)" : "");
        }
        fputc('\n', o);
    }
    cli_print_deals(c, 0);
    if (c->draft.count)
        cli_print_draft(c);
    if (c->tty)
        fprintf(o, "%s(help: commands; legal: your actions)%s\n", cli_col(c, "dim"),
                cli_col(c, "reset"));
}

void cli_print_legal(cli *c)
{
    if (!c->have_view || c->s.who >= GG_SEATS) {
        fprintf(c->out, "no legal actions (not a seat, or no state yet)\n");
        return;
    }
    fprintf(c->out, "legal actions (%s, %s):\n", gg_seat_name(c->s.who),
            gg_phase_name(c->view.phase));
    for (int i = 0; i < c->legal.n; i++) {
        const gg_legal *l = &c->legal.a[i];
        const gg_action_def *d = gg_action_def_get(l->action);
        char what[64];
        if (!d)
            continue;
        if (d->target == GG_TGT_PROJECT)
            snprintf(what, sizeof what, "%s %s", d->id, project_id(l->target));
        else if (d->target == GG_TGT_POWER)
            snprintf(what, sizeof what, "%s %s", d->id, gg_seat_name(l->target));
        else if (d->target == GG_TGT_SEAT)
            snprintf(what, sizeof what, "%s SEAT RES N", d->id);
        else
            snprintf(what, sizeof what, "%s", d->id);
        fprintf(c->out, "  %-36s", what);
        for (int r = 0; r < GG_RES_KINDS; r++)
            if (l->cost[r])
                fprintf(c->out, " %s %d", gg_res_name(c->s.who, r), l->cost[r]);
        fprintf(c->out, "%s\n", l->needs_consent ? "  (needs Kazakhstan's consent)" : "");
        fprintf(c->out, "      %s: %s\n", d->name, d->text); /* words, not ids */
    }
}

/* "  #3 open (China+, Kazakhstan): Kazakhstan consents to China's actions
 * for a fee of 2": the parties, the proposer first, `+` after those who
 * accepted, then each clause in words (display names, not ids). */
static void deal_line(cli *c, const gg_deal *d)
{
    fprintf(c->out, "  #%d %s (%s+", d->id, gg_deal_status_name(d->status),
            gg_seat_title(d->proposer));
    for (int s = 0; s < GG_SEATS; s++)
        if (s != d->proposer && ((d->parties >> s) & 1))
            fprintf(c->out, ", %s%s", gg_seat_title(s), ((d->accepted >> s) & 1) ? "+" : "");
    fputs("):", c->out);
    for (int k = 0; k < d->nclauses && k < GG_MAX_CLAUSES; k++) {
        char t[256];
        gg_describe_clause_words(&d->clauses[k], t, sizeof t);
        fprintf(c->out, "%s %s", k ? ";" : "", t);
    }
    fputc('\n', c->out);
}

/* Whether diplomacy now waits for this seat's answer to deal `d` (update
 * `seq`): an open proposal to it, unanswered, announced after the `ready`
 * it sent in this diplomacy phase ([P6.13]). */
static int awaits_answer(const cli *c, const gg_deal *d, uint32_t seq)
{
    int me = c->s.who;
    return me >= 0 && me < GG_SEATS && d->status == GG_DEAL_OPEN && d->proposer != me &&
           ((d->parties >> me) & 1) && !((d->accepted >> me) & 1) && c->have_view &&
           c->view.phase == GG_PHASE_DIPLOMACY && c->ready_turn == c->view.turn &&
           c->ready_phase == GG_PHASE_DIPLOMACY && seq > c->ready_seen;
}

/* The reasons a ledger entry keeps ([P8.3]): the proposer's and the last
 * answer's, in words, under its line (a join's snapshot has them too). */
static void deal_reasons(cli *c, const gg_deal *d)
{
    char why[320];
    if (d->why.id != GG_RSN_NONE) {
        gg_describe_reason(&d->why, why, sizeof why);
        fprintf(c->out, "    why: %s\n", why);
    }
    if (d->ans_why.id != GG_RSN_NONE) {
        gg_describe_reason(&d->ans_why, why, sizeof why);
        fprintf(c->out, "    answer: %s\n", why);
    }
}

void cli_print_deals(cli *c, int all)
{
    int any = 0, earlier = 0;
    for (int i = 0; i < GG_MAX_DEALS; i++) {
        const gg_deal *d = &c->view.deals[i];
        if (d->status == GG_DEAL_FREE)
            continue;
        if (!all && d->status != GG_DEAL_OPEN && d->status != GG_DEAL_ACCEPTED &&
            d->turn + 1 < c->view.turn) {
            earlier++;
            continue;
        }
        if (!any++)
            fprintf(c->out, "deals (+ = accepted):\n");
        deal_line(c, d);
        deal_reasons(c, d);
    }
    if (earlier)
        fprintf(c->out, "  (%d earlier deal%s: `deals` shows the whole ledger)\n", earlier,
                earlier == 1 ? "" : "s");
}

/* [P6.14] Whom diplomacy waits for, once each time it changes: "Diplomacy
 * is waiting for Kazakhstan to answer Russia's offer #4" (the offer only
 * where this client sees it; an observer reads "an offer"). The awaited
 * seat itself gets the notice of its deal_update instead. */
static void print_waits(cli *c, const gg_msg_state *st)
{
    if (st->wait == c->wait_shown &&
        !memcmp(st->wait_deal.v, c->wait_deal_shown, sizeof c->wait_deal_shown))
        return;
    c->wait_shown = st->wait;
    memcpy(c->wait_deal_shown, st->wait_deal.v, sizeof c->wait_deal_shown);
    for (int s = 0; s < GG_SEATS; s++) {
        if (!((st->wait >> s) & 1) || s == c->s.who)
            continue;
        const gg_deal *d = NULL;
        for (int i = 0; i < GG_MAX_DEALS && st->wait_deal.v[s] > 0; i++)
            if (c->view.deals[i].status != GG_DEAL_FREE &&
                c->view.deals[i].id == (uint16_t)st->wait_deal.v[s])
                d = &c->view.deals[i];
        char offer[64];
        if (!d)
            snprintf(offer, sizeof offer, "an offer");
        else if (d->proposer == c->s.who)
            snprintf(offer, sizeof offer, "your offer #%d", d->id);
        else
            snprintf(offer, sizeof offer, "%s's offer #%d", gg_seat_title(d->proposer), d->id);
        char who[40];
        snprintf(who, sizeof who, "%s", gg_seat_title(s));
        fprintf(c->out, "%sDiplomacy is waiting for %s to answer %s.%s\n", cli_col(c, "h"), who,
                offer, cli_col(c, "reset"));
    }
}

void cli_print_draft(cli *c)
{
    fprintf(c->out, "draft orders (%d):", c->draft.count);
    for (int i = 0; i < c->draft.count; i++) {
        char t[96];
        gg_describe_order(c->s.who, &c->draft.o[i], t, sizeof t);
        fprintf(c->out, " %d.%s", i + 1, t);
    }
    fprintf(c->out, "%s\n", c->draft.count ? "" : " (none: `order ACTION ...` or `hint`)");
}

/* ---- server messages ------------------------------------------------- */

static void on_state(cli *c, const gg_msg *m)
{
    const gg_msg_state *st = &m->u.state;
    int changed =
        !c->have_view || (int)st->turn != c->shown_turn || (int)st->phase != c->shown_phase;
    c->view = st->view;
    c->legal = st->legal;
    c->have_view = 1;
    c->paused = st->paused;
    c->deadline_at = st->deadline_ms ? cli_now() + st->deadline_ms : 0;
    print_waits(c, st);
    if (changed) {
        if ((int)st->turn != c->shown_turn)
            c->draft.count = 0;
        c->shown_turn = (int)st->turn;
        c->shown_phase = st->phase;
        cli_print_board(c);
        if (st->phase == GG_PHASE_CRISIS && c->s.who == GG_KAZAKHSTAN)
            fprintf(c->out, "CRISIS: answer with `crisis RESPONSE` (request_csto, "
                            "chinese_surveillance, western_reform_package, handle_alone)\n");
    } else {
        char clk[32];
        clock_text(c, clk, sizeof clk);
        fprintf(c->out, "state: turn %u %s, %s\n", (unsigned)st->turn, gg_phase_name(st->phase),
                clk);
    }
}

static void on_turn_result(cli *c, const gg_msg *m)
{
    const gg_msg_turn_result *t = &m->u.turn_result;
    fprintf(c->out, "%sturn %u resolved%s (hash %016" PRIx64 "):\n", cli_col(c, "h"), t->turn,
            cli_col(c, "reset"), t->hash);
    /* every order with its outcome and, when it resolved, what it changed
     * (the report's change list, in the rule data's words) */
    for (int s = 0; s < GG_SEATS; s++) {
        const gg_orders *os = &t->report.orders[s];
        fprintf(c->out, "  %-10s", gg_seat_title(s));
        if (!os->count)
            fputs(" (no orders)", c->out);
        for (int i = 0; i < os->count && i < GG_MAX_ORDERS; i++) {
            char txt[160], chg[512];
            int out = t->report.outcome[s][i];
            gg_describe_order_words(s, &os->o[i], txt, sizeof txt);
            fprintf(c->out, "%s %s (%s)", i ? "\n            " : "", txt, gg_describe_outcome(out));
            if (out == GG_OUT_DONE || out == GG_OUT_BREACH)
                fprintf(c->out, ": %s",
                        gg_describe_order_changes(&t->report, s, i, chg, sizeof chg));
        }
        fputc('\n', c->out);
    }
    if (t->report.changes_lost)
        fprintf(c->out, "  (%u more changes not listed)\n", (unsigned)t->report.changes_lost);
    if (t->report.crisis)
        fputs("  unrest: a crisis step follows\n", c->out);
}

static void on_error(cli *c, const gg_msg *m)
{
    const gg_msg_error *e = &m->u.error;
    fprintf(c->out, "%serror%s: %s: %s", cli_col(c, "err"), cli_col(c, "reset"),
            e->name[0] ? e->name : gg_errname(e->code),
            e->text[0] ? e->text : gg_strerror(e->code));
    if (e->re != GG_ABSENT)
        fprintf(c->out, " (in %s", gg_msg_type_name(e->re));
    if (e->where[0])
        fprintf(c->out, " at %s", e->where);
    if (e->re != GG_ABSENT)
        fputc(')', c->out);
    for (int i = 0; i < e->errs.n && i < GG_MAX_ORDERS; i++)
        if (e->errs.v[i])
            fprintf(c->out, "\n  order %d: %s", i + 1, gg_strerror(e->errs.v[i]));
    fputc('\n', c->out);
}

static void on_replay(cli *c, const gg_msg *m)
{
    const gg_msg_replay *r = &m->u.replay;
    if (!c->export_f) {
        fprintf(c->out, "replay part %u/%u ignored (no export in progress)\n", r->part, r->parts);
        return;
    }
    if (fwrite(r->data.p, 1, r->data.len, c->export_f) != r->data.len)
        fprintf(c->out, "error: cannot write %s\n", c->export_path);
    c->export_bytes += r->data.len;
    c->export_got++;
    if (r->part >= r->parts) {
        fclose(c->export_f);
        c->export_f = NULL;
        fprintf(c->out, "replay of game %s written to %s (%zu bytes, %u parts)\n", r->game,
                c->export_path, c->export_bytes, c->export_got);
    }
}

void cli_on_message(cli *c, const gg_msg *m)
{
    if (c->s.reconnects != c->seen_reconnects) {
        c->seen_reconnects = c->s.reconnects;
        fprintf(c->out, "[reconnected to %s and resumed after message %u]\n", c->s.server,
                c->s.last);
    }
    /* A direct reply settles its request (a replay only with its last part). */
    int final = m->type != GG_MSG_replay || m->u.replay.part >= m->u.replay.parts;
    for (unsigned i = 0; m->seq == 0 && m->rid && final && i < c->outstanding; i++)
        if (c->rids[i] == m->rid) {
            c->rids[i] = c->rids[--c->outstanding];
            break;
        }
    if (c->orders_pending && (m->type == GG_MSG_orders_ack ||
                              (m->type == GG_MSG_error && m->u.error.re == GG_MSG_orders)))
        c->orders_pending--;
    if (m->type == GG_MSG_error && m->u.error.re == GG_MSG_export_replay && c->export_f) {
        fclose(c->export_f);
        c->export_f = NULL;
        remove(c->export_path);
    }
    switch (m->type) {
    case GG_MSG_state:
        on_state(c, m);
        break;
    case GG_MSG_chat: {
        const gg_msg_chat *ch = &m->u.chat;
        fprintf(c->out, "%s[%s] %s:%s %s\n", cli_col(c, gg_who_name(ch->from)),
                gg_chan_name(ch->channel), gg_who_name(ch->from), cli_col(c, "reset"), ch->text);
        break;
    }
    case GG_MSG_deal_update:
        gg_view_merge_deal(&c->view, &m->u.deal_update.deal);
        fputs("deal update:", c->out);
        deal_line(c, &m->u.deal_update.deal);
        if (m->u.deal_update.why.id != GG_RSN_NONE) { /* the mover's reason, in words */
            char why[320];
            gg_describe_reason(&m->u.deal_update.why, why, sizeof why);
            fprintf(c->out, "    why: %s\n", why);
        }
        if (awaits_answer(c, &m->u.deal_update.deal, m->seq)) {
            const gg_deal *d = &m->u.deal_update.deal;
            char who[40];
            snprintf(who, sizeof who, "%s", gg_seat_title(d->proposer));
            who[0] = (char)toupper((unsigned char)who[0]);
            fprintf(c->out,
                    "%sDiplomacy is waiting for your answer%s to %s's offer #%d: `accept %d`, "
                    "`reject %d`, or `ready` again to let it lapse.\n",
                    cli_col(c, "h"), cli_col(c, "reset"), who, d->id, d->id, d->id);
        }
        break;
    case GG_MSG_orders_ack: {
        fprintf(c->out, "%sorders stored%s for turn %u:", cli_col(c, "ok"), cli_col(c, "reset"),
                m->u.orders_ack.turn);
        const gg_orders *os = &m->u.orders_ack.orders;
        for (int i = 0; i < os->count && i < GG_MAX_ORDERS; i++) {
            char t[96];
            gg_describe_order(c->s.who, &os->o[i], t, sizeof t);
            fprintf(c->out, " %s", t);
        }
        fprintf(c->out, "%s\n", os->count ? "" : " (hold)");
        break;
    }
    case GG_MSG_turn_result:
        on_turn_result(c, m);
        break;
    case GG_MSG_game_over: {
        const gg_msg_game_over *g = &m->u.game_over;
        c->over = 1;
        c->result = *g;
        fprintf(c->out, "%sGAME OVER%s: winner %s (%s); rank", cli_col(c, "h"), cli_col(c, "reset"),
                gg_seat_name(g->winner), gg_end_reason_name(g->reason));
        for (int i = 0; i < GG_SEATS; i++)
            fprintf(c->out, " %d.%s vp %d (rel %+d)", i + 1, gg_seat_name(g->rank.v[i]),
                    g->vp.v[g->rank.v[i]], g->relative.v[g->rank.v[i]]);
        fprintf(c->out, "; hash %016" PRIx64 "\n", g->hash);
        /* equal margins: say which criterion of RULES.md section 9 decided
         * (game_over.by, protocol 1.5; an older server sends none) */
        const gg_tiebreak_def *tb = gg_tiebreak_def_get(g->decided_by);
        if (tb && g->decided_by != GG_TB_MARGIN)
            fprintf(c->out, "%s and %s tied on margin (%+d); decided by %s: %s\n",
                    gg_seat_name(g->rank.v[0]), gg_seat_name(g->rank.v[1]),
                    g->relative.v[g->rank.v[0]], tb->name, tb->text);
        break;
    }
    case GG_MSG_notice: {
        const gg_msg_notice *n = &m->u.notice;
        fprintf(c->out, "notice: %s", n->what);
        if (n->who != GG_ABSENT)
            fprintf(c->out, " %s", gg_who_name(n->who));
        if (n->secs)
            fprintf(c->out, " +%us", n->secs);
        fprintf(c->out, "%s%s\n", n->text[0] ? " - " : "", n->text);
        break;
    }
    case GG_MSG_ok:
        fprintf(c->out, "ok: %s", gg_msg_type_name(m->u.ok.re));
        if (m->u.ok.re == GG_MSG_propose)
            fprintf(c->out, " (deal #%u)", m->u.ok.id);
        fputc('\n', c->out);
        break;
    case GG_MSG_error:
        on_error(c, m);
        break;
    case GG_MSG_replay:
        on_replay(c, m);
        break;
    case GG_MSG_stats:
        if (m->u.stats.part <= 1) /* the rest of a reply in parts carries on the list */
            fputs("server stats:", c->out);
        for (int i = 0; i < m->u.stats.metrics.n; i++)
            fprintf(c->out, "%s %s=%" PRId64, i % 4 ? "" : "\n ", m->u.stats.metrics.s[i].name,
                    m->u.stats.metrics.s[i].value);
        fputc('\n', c->out);
        break;
    case GG_MSG_pong:
        fputs("pong\n", c->out);
        break;
    case GG_MSG_joined:
        break;
    default:
        fprintf(c->out, "(%s)\n", gg_msg_type_name(m->type));
    }
    fflush(c->out);
}
