/* clients/cli/commands.c — gg-client's command language. Each command
 * becomes one protocol message; structured ones (orders, deal clauses) are
 * written as JSON and parsed by gg_msg_from_json, so the protocol library
 * checks every name. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help_text[] =
    "Commands (words in CAPITALS are yours to fill in):\n"
    "  board | b                  show the board again\n"
    "  legal | l                  your legal actions now, with their costs\n"
    "  deals                      the deal ledger you can see\n"
    "Orders (orders phase):\n"
    "  order ACTION [TARGET]      add an order to your draft, e.g. `order bri_project khorgos`\n"
    "  order transfer SEAT RES N  a transfer, e.g. `order transfer kazakhstan capital 2`\n"
    "  hint                       replace the draft with the greedy bot's suggestion\n"
    "  orders                     show the draft;  unorder N | clear   edit it\n"
    "  submit                     send the draft as your orders (replaces earlier ones)\n"
    "  ready                      you are done with this phase (it may end early)\n"
    "Talk and deals (diplomacy phase):\n"
    "  chat TEXT                  public chat;  tell SEAT[,SEAT] TEXT  private;  team TEXT\n"
    "  propose SEAT[,SEAT] CLAUSE [; CLAUSE]...   offer a deal; clauses:\n"
    "      transfer FROM TO RES N | consent POWER ACTION|any [FEE] | joint PROJECT PARTNER N\n"
    "      pledge SEAT TAG[,TAG] TURNS | accord NAME [TURNS]\n"
    "  accept ID | reject ID      answer an open deal\n"
    "  crisis RESPONSE            Kazakhstan in the crisis step: request_csto,\n"
    "                             chinese_surveillance, western_reform_package, handle_alone\n"
    "Moderator:\n"
    "  pause | resume | extend SECS | inject EVENT | bot SEAT [STRATEGY] | end\n"
    "  export FILE                write the game's replay file\n"
    "Other:\n"
    "  send JSON                  any client message as JSON, e.g. send {\"t\":\"ping\"}\n"
    "  stats | ping               server metrics / liveness\n"
    "  wait PHASE|over [SECS]     scripts: wait for a phase (default 30 s)\n"
    "  sync [SECS]                scripts: wait for answers to everything sent\n"
    "  wait answers [SECS]        scripts: wait until every open deal this seat proposed\n"
    "                             is answered by all its parties (default 30 s)\n"
    "  sleep SECS                 scripts: pause reading commands\n"
    "  help | quit\n";

void cli_help(cli *c)
{
    fputs(help_text, c->out);
}

/* Splits `line` into at most `cap` words (in place). */
static int split(char *line, char **w, int cap)
{
    int n = 0;
    char *p = line;
    while (*p && n < cap) {
        while (*p && isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        w[n++] = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        if (*p)
            *p++ = 0;
    }
    return n;
}

/* A word that may go inside a JSON string as is. */
static int safe(const char *w)
{
    if (!*w || strlen(w) > 40)
        return 0;
    for (; *w; w++)
        if (!isalnum((unsigned char)*w) && !strchr("_-:.", *w))
            return 0;
    return 1;
}

static int number(const char *w, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(w, &end, 10);
    if (!*w || *end || v < lo || v > hi)
        return 0;
    *out = v;
    return 1;
}

static void usage_err(cli *c, const char *text)
{
    fprintf(c->out, "%susage%s: %s\n", cli_col(c, "err"), cli_col(c, "reset"), text);
}

/* Sends *m, counting it as awaiting a reply when `reply` is set. */
static void send_msg(cli *c, gg_msg *m, int reply)
{
    m->rid = 0;
    int r = gg_session_send(&c->s, m);
    if (r < 0) {
        fprintf(c->out, "error: cannot send %s: %s\n", gg_msg_type_name(m->type), c->s.err);
        return;
    }
    c->last_rid = (uint32_t)r;
    if (m->type == GG_MSG_orders)
        c->orders_pending++; /* settled by orders_ack or an error */
    else if (reply && c->outstanding < sizeof c->rids / sizeof c->rids[0])
        c->rids[c->outstanding++] = (uint32_t)r;
}

static int from_json(cli *c, const char *json, gg_msg *m)
{
    gg_decode_err where = {{0}, -1};
    int err = gg_msg_from_json(m, json, strlen(json), &where);
    if (err)
        fprintf(c->out, "%serror%s: %s%s%s\n", cli_col(c, "err"), cli_col(c, "reset"),
                gg_strerror(err), where.where[0] ? " at " : "", where.where);
    return err;
}

static void simple(cli *c, int type)
{
    gg_msg m;
    gg_msg_init(&m, type);
    send_msg(c, &m, 1);
}

/* `order ...`: parse one order through the JSON decoder. */
static void cmd_order(cli *c, char **w, int n)
{
    if (n < 2) {
        usage_err(c, "order ACTION [TARGET]  or  order transfer SEAT RES N");
        return;
    }
    for (int i = 1; i < n; i++)
        if (!safe(w[i])) {
            usage_err(c, "names are letters, digits and _ only");
            return;
        }
    char json[512];
    long amount = 0;
    if (!strcmp(w[1], "transfer")) {
        if (n != 5 || !number(w[4], 0, 63, &amount)) {
            usage_err(c, "order transfer SEAT RES N   (N = 0..63)");
            return;
        }
        snprintf(
            json, sizeof json,
            "{\"t\":\"orders\",\"o\":[{\"a\":\"transfer\",\"t\":\"%s\",\"r\":\"%s\",\"n\":%ld}]}",
            w[2], w[3], amount);
    } else if (n == 2) {
        snprintf(json, sizeof json, "{\"t\":\"orders\",\"o\":[{\"a\":\"%s\"}]}", w[1]);
    } else {
        snprintf(json, sizeof json, "{\"t\":\"orders\",\"o\":[{\"a\":\"%s\",\"t\":\"%s\"}]}", w[1],
                 w[2]);
    }
    gg_msg m;
    if (from_json(c, json, &m))
        return;
    if (c->draft.count >= GG_MAX_ORDERS) {
        fprintf(c->out, "the draft is full (%d orders); `unorder N` first\n", GG_MAX_ORDERS);
        return;
    }
    c->draft.o[c->draft.count++] = m.u.orders.orders.o[0];
    if (c->have_view && c->s.who < GG_SEATS) {
        int errs[GG_MAX_ORDERS] = {0};
        int err = gg_validate_orders(&c->view, c->s.who, &c->draft, errs);
        if (err)
            fprintf(c->out, "warning: the draft would be refused now: %s\n", gg_strerror(err));
    }
    cli_print_draft(c);
}

static void cmd_submit(cli *c)
{
    gg_msg m;
    gg_msg_init(&m, GG_MSG_orders);
    m.u.orders.orders = c->draft;
    if (c->have_view) {
        m.u.orders.turn = c->view.turn;
        m.u.orders.has = 1;
    }
    send_msg(c, &m, 1);
}

static void cmd_hint(cli *c)
{
    if (!c->have_view || c->s.who >= GG_SEATS) {
        fprintf(c->out, "no hint: not a seat, or no state yet\n");
        return;
    }
    gg_state probe = c->view;
    probe.phase = GG_PHASE_ORDERS; /* the suggestion for the coming orders */
    gg_bot b;
    gg_bot_init(&b, "greedy", c->s.who, (uint64_t)c->view.turn * 7919u + 1u);
    gg_bot_orders(&b, &probe, &c->draft);
    cli_print_draft(c);
}

static void cmd_ready(cli *c)
{
    gg_msg m;
    gg_msg_init(&m, GG_MSG_ready);
    if (c->have_view) {
        m.u.ready.turn = c->view.turn;
        m.u.ready.has = 1;
        m.u.ready.phase = c->view.phase;
    }
    m.u.ready.seen = c->s.last; /* proposals announced after it stay answerable */
    if (c->have_view) {
        c->ready_turn = c->view.turn;
        c->ready_phase = c->view.phase;
        c->ready_seen = m.u.ready.seen;
    }
    send_msg(c, &m, 1);
}

static void cmd_chat(cli *c, const char *channel, const char *to, const char *text)
{
    gg_msg m;
    gg_msg_init(&m, GG_MSG_chat);
    m.u.chat.channel = !strcmp(channel, "private") ? GG_CHAN_PRIVATE
                       : !strcmp(channel, "team")  ? GG_CHAN_TEAM
                                                   : GG_CHAN_PUBLIC;
    if (to) {
        char list[128];
        snprintf(list, sizeof list, "%s", to);
        for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
            int seat = gg_seat_find(tok);
            if (seat < 0) {
                usage_err(c, "tell SEAT[,SEAT] TEXT   (seats: china russia west kazakhstan)");
                return;
            }
            m.u.chat.to = (uint8_t)(m.u.chat.to | (1u << seat));
        }
    }
    if (!text || !*text) {
        usage_err(c, "chat TEXT");
        return;
    }
    snprintf(m.u.chat.text, sizeof m.u.chat.text, "%s", text);
    send_msg(c, &m, 0);
}

/* One clause "kind args..." to JSON; returns 0 or -1. */
static int clause_json(cli *c, char *text, char *out, size_t cap)
{
    char *w[8];
    int n = split(text, w, 8);
    long a = 0, b = 0;
    for (int i = 0; i < n; i++)
        if (!safe(w[i]) && !(strchr(w[i], ',') && i == 2)) {
            usage_err(c, "clause names are letters, digits and _ only");
            return -1;
        }
    if (n == 5 && !strcmp(w[0], "transfer") && number(w[4], 0, 63, &a))
        snprintf(out, cap,
                 "{\"k\":\"transfer\",\"from\":\"%s\",\"to\":\"%s\",\"r\":\"%s\",\"n\":%ld}", w[1],
                 w[2], w[3], a);
    else if ((n == 3 || n == 4) && !strcmp(w[0], "consent") && (n == 3 || number(w[3], 0, 63, &a)))
        snprintf(out, cap, "{\"k\":\"consent\",\"power\":\"%s\",\"a\":\"%s\",\"fee\":%ld}", w[1],
                 w[2], a);
    else if (n == 4 && !strcmp(w[0], "joint") && number(w[3], 0, 63, &a))
        snprintf(out, cap, "{\"k\":\"joint\",\"p\":\"%s\",\"partner\":\"%s\",\"n\":%ld}", w[1],
                 w[2], a);
    else if (n == 4 && !strcmp(w[0], "pledge") && number(w[3], 0, 255, &a)) {
        /* No strtok here: the caller is walking the clause list with its
         * own cursor (a nested strtok once ended that walk and silently
         * dropped every clause after a pledge). */
        char tags[160] = "";
        char list[128];
        snprintf(list, sizeof list, "%s", w[2]);
        for (char *t = list, *next; t; t = next) {
            next = strchr(t, ',');
            if (next)
                *next++ = 0;
            if (!*t)
                continue;
            if (!safe(t))
                return -1;
            size_t l = strlen(tags);
            snprintf(tags + l, sizeof tags - l, "%s\"%s\"", l ? "," : "", t);
        }
        snprintf(out, cap, "{\"k\":\"pledge\",\"seat\":\"%s\",\"tags\":[%s],\"turns\":%ld}", w[1],
                 tags, a);
    } else if ((n == 2 || n == 3) && !strcmp(w[0], "accord") &&
               (n == 2 || number(w[2], 0, 255, &b)))
        snprintf(out, cap, "{\"k\":\"accord\",\"accord\":\"%s\",\"turns\":%ld}", w[1], b);
    else {
        usage_err(c, "clauses: transfer FROM TO RES N | consent POWER ACTION|any [FEE] | "
                     "joint PROJECT PARTNER N | pledge SEAT TAG[,TAG] TURNS | accord NAME [TURNS]");
        return -1;
    }
    return 0;
}

static void cmd_propose(cli *c, char *rest)
{
    char *w[1];
    if (!rest || split(rest, w, 1) != 1) {
        usage_err(c, "propose SEAT[,SEAT] CLAUSE [; CLAUSE]...   (see help)");
        return;
    }
    char *clauses = w[0] + strlen(w[0]) + 1;
    char parties[160] = "";
    char list[128];
    snprintf(list, sizeof list, "%s", w[0]);
    for (char *t = strtok(list, ","); t; t = strtok(NULL, ",")) {
        if (!safe(t)) {
            usage_err(c, "propose SEAT[,SEAT] ...");
            return;
        }
        size_t l = strlen(parties);
        snprintf(parties + l, sizeof parties - l, "%s\"%s\"", l ? "," : "", t);
    }
    char json[2048];
    int len = snprintf(json, sizeof json, "{\"t\":\"propose\",\"parties\":[%s],\"cl\":[", parties);
    int k = 0;
    for (char *cl = clauses, *next; cl; cl = next) {
        next = strchr(cl, ';'); /* own cursor: clause_json may tokenise too */
        if (next)
            *next++ = 0;
        if (!cl[strspn(cl, " \t")])
            continue;
        char one[256];
        char copy[256];
        snprintf(copy, sizeof copy, "%s", cl);
        if (clause_json(c, copy, one, sizeof one) != 0)
            return;
        len += snprintf(json + len, sizeof json - (size_t)len, "%s%s", k++ ? "," : "", one);
        if (len >= (int)sizeof json - 4) {
            usage_err(c, "too many clauses");
            return;
        }
    }
    snprintf(json + len, sizeof json - (size_t)len, "]}");
    gg_msg m;
    if (from_json(c, json, &m) == 0)
        send_msg(c, &m, 1);
}

static void cmd_respond(cli *c, const char *id, int accept)
{
    long v;
    if (!id || !number(id[0] == '#' ? id + 1 : id, 1, 65535, &v)) {
        usage_err(c, accept ? "accept ID" : "reject ID");
        return;
    }
    gg_msg m;
    gg_msg_init(&m, GG_MSG_respond);
    m.u.respond.deal = (uint32_t)v;
    m.u.respond.accept = (uint8_t)accept;
    send_msg(c, &m, 1);
}

static void cmd_export(cli *c, const char *path)
{
    if (!path) {
        usage_err(c, "export FILE");
        return;
    }
    if (c->export_f)
        fclose(c->export_f);
    c->export_f = fopen(path, "wb");
    if (!c->export_f) {
        fprintf(c->out, "error: cannot create %s\n", path);
        return;
    }
    snprintf(c->export_path, sizeof c->export_path, "%s", path);
    c->export_got = 0;
    c->export_bytes = 0;
    simple(c, GG_MSG_export_replay);
}

static double secs_arg(const char *w, double dflt)
{
    if (!w)
        return dflt;
    char *end;
    double v = strtod(w, &end);
    return *end || v < 0 ? dflt : v;
}

int cli_command(cli *c, char *line)
{
    /* `rest` keeps the text after the command word (chat text, JSON). */
    while (*line && isspace((unsigned char)*line))
        line++;
    size_t len = strlen(line);
    while (len && isspace((unsigned char)line[len - 1]))
        line[--len] = 0;
    if (!*line || *line == '#')
        return 0;
    char *rest = line;
    while (*rest && !isspace((unsigned char)*rest))
        rest++;
    char *after = *rest ? rest + 1 : rest;
    while (*after && isspace((unsigned char)*after))
        after++;
    char restcopy[2048];
    snprintf(restcopy, sizeof restcopy, "%s", after);
    char *w[16];
    int n = split(line, w, 16);
    const char *cmd = w[0];
    gg_msg m;
    long v;

    if (!strcmp(cmd, "help") || !strcmp(cmd, "?"))
        cli_help(c);
    else if (!strcmp(cmd, "board") || !strcmp(cmd, "b") || !strcmp(cmd, "show"))
        cli_print_board(c);
    else if (!strcmp(cmd, "legal") || !strcmp(cmd, "l"))
        cli_print_legal(c);
    else if (!strcmp(cmd, "deals"))
        cli_print_deals(c, 1);
    else if (!strcmp(cmd, "order"))
        cmd_order(c, w, n);
    else if (!strcmp(cmd, "orders"))
        cli_print_draft(c);
    else if (!strcmp(cmd, "clear")) {
        c->draft.count = 0;
        cli_print_draft(c);
    } else if (!strcmp(cmd, "unorder")) {
        if (n != 2 || !number(w[1], 1, c->draft.count, &v))
            usage_err(c, "unorder N   (N = the draft position)");
        else {
            memmove(&c->draft.o[v - 1], &c->draft.o[v],
                    (size_t)(c->draft.count - v) * sizeof(gg_order));
            c->draft.count--;
            cli_print_draft(c);
        }
    } else if (!strcmp(cmd, "hint"))
        cmd_hint(c);
    else if (!strcmp(cmd, "submit"))
        cmd_submit(c);
    else if (!strcmp(cmd, "ready"))
        cmd_ready(c);
    else if (!strcmp(cmd, "chat"))
        cmd_chat(c, "public", NULL, restcopy);
    else if (!strcmp(cmd, "team"))
        cmd_chat(c, "team", NULL, restcopy);
    else if (!strcmp(cmd, "tell")) {
        char *sp = strchr(restcopy, ' ');
        if (!sp)
            usage_err(c, "tell SEAT[,SEAT] TEXT");
        else {
            *sp = 0;
            cmd_chat(c, "private", restcopy, sp + 1);
        }
    } else if (!strcmp(cmd, "propose"))
        cmd_propose(c, restcopy);
    else if (!strcmp(cmd, "accept") || !strcmp(cmd, "reject"))
        cmd_respond(c, n > 1 ? w[1] : NULL, !strcmp(cmd, "accept"));
    else if (!strcmp(cmd, "crisis")) {
        char json[128];
        if (n != 2 || !safe(w[1]))
            usage_err(c, "crisis RESPONSE");
        else {
            snprintf(json, sizeof json, "{\"t\":\"crisis_response\",\"r\":\"%s\"}", w[1]);
            if (from_json(c, json, &m) == 0)
                send_msg(c, &m, 1);
        }
    } else if (!strcmp(cmd, "pause"))
        simple(c, GG_MSG_pause);
    else if (!strcmp(cmd, "resume"))
        simple(c, GG_MSG_resume_game);
    else if (!strcmp(cmd, "end"))
        simple(c, GG_MSG_end_game);
    else if (!strcmp(cmd, "extend")) {
        if (n != 2 || !number(w[1], 1, GG_MAX_DEADLINE, &v))
            usage_err(c, "extend SECS");
        else {
            gg_msg_init(&m, GG_MSG_extend);
            m.u.extend.secs = (uint32_t)v;
            send_msg(c, &m, 1);
        }
    } else if (!strcmp(cmd, "inject")) {
        char json[128];
        if (n != 2 || !safe(w[1]))
            usage_err(c, "inject EVENT   (event ids: RULES.md)");
        else {
            snprintf(json, sizeof json, "{\"t\":\"inject_event\",\"ev\":\"%s\"}", w[1]);
            if (from_json(c, json, &m) == 0)
                send_msg(c, &m, 1);
        }
    } else if (!strcmp(cmd, "bot")) {
        int seat = n >= 2 ? gg_seat_find(w[1]) : -1;
        if (seat < 0 || n > 3)
            usage_err(c, "bot SEAT [STRATEGY]");
        else {
            gg_msg_init(&m, GG_MSG_replace_with_bot);
            m.u.replace_with_bot.seat = (uint8_t)seat;
            if (n == 3)
                snprintf(m.u.replace_with_bot.bot, sizeof m.u.replace_with_bot.bot, "%s", w[2]);
            send_msg(c, &m, 1);
        }
    } else if (!strcmp(cmd, "export"))
        cmd_export(c, n > 1 ? w[1] : NULL);
    else if (!strcmp(cmd, "stats"))
        simple(c, GG_MSG_stats);
    else if (!strcmp(cmd, "ping"))
        simple(c, GG_MSG_ping);
    else if (!strcmp(cmd, "send")) {
        if (from_json(c, restcopy, &m) == 0)
            send_msg(c, &m, m.type != GG_MSG_chat);
    } else if (!strcmp(cmd, "wait") && n >= 2 && !strcmp(w[1], "answers")) {
        c->waiting = 6;
        c->wait_until = cli_now() + (int64_t)(secs_arg(n > 2 ? w[2] : NULL, 30) * 1000);
        return 1;
    } else if (!strcmp(cmd, "wait")) {
        int phase = -1;
        for (int p = 0; n >= 2 && p <= GG_PHASE_OVER; p++)
            if (!strcmp(w[1], gg_phase_name(p)))
                phase = p;
        if (phase < 0)
            usage_err(c, "wait diplomacy|orders|crisis|over|answers [SECS]");
        else {
            c->waiting = 1;
            c->wait_phase = phase;
            c->wait_until = cli_now() + (int64_t)(secs_arg(n > 2 ? w[2] : NULL, 30) * 1000);
            return 1;
        }
    } else if (!strcmp(cmd, "sync")) {
        c->waiting = 3;
        c->wait_until = cli_now() + (int64_t)(secs_arg(n > 1 ? w[1] : NULL, 30) * 1000);
        return 1;
    } else if (!strcmp(cmd, "sleep")) {
        c->waiting = 2;
        c->wait_until = cli_now() + (int64_t)(secs_arg(n > 1 ? w[1] : NULL, 1) * 1000);
        return 1;
    } else if (!strcmp(cmd, "quit") || !strcmp(cmd, "exit") || !strcmp(cmd, "q"))
        c->quit = 1;
    else
        fprintf(c->out, "unknown command '%s' (type help)\n", cmd);
    fflush(c->out);
    return 0;
}
