/* tests/protocol/samples.c — sample messages of every type (see samples.h). */
#include <stdio.h>
#include <string.h>

#include "samples.h"

/* Each seat orders the first one or two legal actions it can afford
 * together; Kazakhstan also consents to China. Deterministic. */
static void play_orders(gg_state *s, uint64_t seed)
{
    gg_pcg32 rng;
    gg_pcg32_seed(&rng, seed, 7);
    for (int seat = 0; seat < GG_SEATS; seat++) {
        gg_legal legal[GG_MAX_LEGAL];
        int n = gg_legal_actions(s, seat, legal, GG_MAX_LEGAL);
        gg_orders o = {0};
        for (int tries = 0; tries < 8 && n > 0 && o.count < 2; tries++) {
            const gg_legal *l = &legal[gg_pcg32_below(&rng, (uint32_t)n)];
            if (l->action == GG_ACT_ANY_TRANSFER)
                continue;
            gg_orders t = o;
            t.o[t.count++] = (gg_order){l->action, l->target, 0};
            if (gg_validate_orders(s, seat, &t, NULL) == 0)
                o = t;
        }
        gg_submit_orders(s, seat, &o);
    }
}

int gg_sample_game(gg_state *s, uint64_t seed, int turns)
{
    int rc = gg_init(s, gg_scenario_find("belt-and-road"), seed, NULL);
    if (rc < 0)
        return rc;
    for (int t = 0; t < turns && s->phase != GG_PHASE_OVER; t++) {
        if (s->phase == GG_PHASE_DIPLOMACY) {
            gg_clause cl = {GG_CLAUSE_CONSENT, GG_CHINA, 0, GG_CONSENT_ANY, 1, 0};
            uint16_t id;
            if (gg_propose(s, GG_CHINA, 1u << GG_KAZAKHSTAN, &cl, 1, &id) == 0)
                gg_respond(s, GG_KAZAKHSTAN, id, (t & 1) == 0);
            gg_end_diplomacy(s);
        }
        if (s->phase == GG_PHASE_ORDERS) {
            play_orders(s, seed + (uint64_t)t);
            if ((rc = gg_resolve(s)) < 0)
                return rc;
        }
        if (s->phase == GG_PHASE_CRISIS && (rc = gg_crisis_react(s, GG_RSP_ALONE)) < 0)
            return rc;
    }
    return 0;
}

static void set(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src);
}
#define SET(dst, src) set(dst, sizeof(dst), src)

int gg_sample_msg(int type, gg_msg *m)
{
    static gg_state game; /* the sample game, built once (tests are single-threaded) */
    static int have_game;
    if (type < 0 || type >= GG_MSG_TYPES)
        return -1;
    if (!have_game) {
        gg_sample_game(&game, 2013, 2);
        have_game = 1;
    }
    gg_msg_init(m, type);
    gg_msg_state *st;
    switch (type) {
    case GG_MSG_hello:
        m->rid = 1;
        m->u.hello.major = GG_PROTOCOL_MAJOR;
        m->u.hello.minor = GG_PROTOCOL_MINOR;
        SET(m->u.hello.name, "gg-client 0.1");
        m->u.hello.features = GG_FEAT_ALL;
        break;
    case GG_MSG_welcome: {
        gg_msg_welcome *w = &m->u.welcome;
        m->rid = 1;
        w->major = GG_PROTOCOL_MAJOR;
        w->minor = GG_PROTOCOL_MINOR;
        SET(w->server, "gg-server 0.1.0");
        SET(w->session, "s-5f3a9c");
        w->features = GG_FEAT_ALL;
        w->max_msg = GG_MAX_MESSAGE;
        w->max_str = GG_MAX_STRING;
        w->max_list = GG_MAX_LIST;
        w->max_depth = GG_MAX_DEPTH;
        w->max_chat = GG_MAX_CHAT;
        w->chat_burst = GG_CHAT_BURST;
        w->chat_per_min = GG_CHAT_RATE_PER_MIN;
        w->msg_per_sec = GG_MSG_RATE_PER_SEC;
        w->history = GG_MAX_HISTORY;
        break;
    }
    case GG_MSG_create_game: {
        gg_msg_create_game *c = &m->u.create_game;
        m->rid = 2;
        SET(c->scenario, "belt-and-road");
        c->binding = 1;
        c->dl_diplomacy = 300;
        c->dl_orders = 180;
        c->dl_crisis = 60;
        c->missed = GG_MISS_BOT;
        c->teams = 1;
        c->seed = 42;
        SET(c->bots.v[GG_WEST], "greedy");
        break;
    }
    case GG_MSG_game_created: {
        gg_msg_game_created *g = &m->u.game_created;
        m->rid = 2;
        SET(g->game, "g-7kq2");
        SET(g->codes.v[GG_CHINA], "CN-4F7Q");
        SET(g->codes.v[GG_RUSSIA], "RU-9M2X");
        SET(g->codes.v[GG_WEST], "WE-3K8P");
        SET(g->codes.v[GG_KAZAKHSTAN], "KZ-6T1D");
        SET(g->observer_code, "OB-2H5N");
        SET(g->moderator_code, "MO-8R4W");
        break;
    }
    case GG_MSG_join:
        m->rid = 3;
        SET(m->u.join.code, "CN-4F7Q");
        break;
    case GG_MSG_joined:
        m->rid = 3;
        SET(m->u.joined.game, "g-7kq2");
        m->u.joined.who = GG_CHINA;
        m->u.joined.role = GG_ROLE_PLAYER;
        SET(m->u.joined.token, "t-1b7e4c0f9a2d4e11");
        m->u.joined.head = 0;
        break;
    case GG_MSG_resume:
        m->rid = 4;
        SET(m->u.resume.token, "t-1b7e4c0f9a2d4e11");
        m->u.resume.last = 41;
        break;
    case GG_MSG_state: {
        st = &m->u.state;
        m->seq = 42;
        gg_view(&game, GG_CHINA, &st->view);
        st->turn = game.turn;
        st->phase = game.phase;
        st->year = game.year;
        st->deadline_ms = 299500;
        st->hash = gg_state_hash(&game);
        int n = gg_legal_actions(&game, GG_CHINA, st->legal.a, GG_MAX_LEGAL);
        st->legal.n = (uint8_t)(n < 0 ? 0 : n);
        break;
    }
    case GG_MSG_chat:
        m->seq = 43;
        m->u.chat.channel = GG_CHAN_PRIVATE;
        m->u.chat.to = 1u << GG_RUSSIA;
        SET(m->u.chat.text,
            "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 \xe2\x80\x94 spheres accord?");
        m->u.chat.from = GG_CHINA;
        m->u.chat.turn = 2;
        break;
    case GG_MSG_propose: {
        gg_clauses *cl = &m->u.propose.clauses;
        m->rid = 5;
        m->u.propose.parties = 1u << GG_KAZAKHSTAN;
        cl->n = 2;
        cl->c[0] = (gg_clause){GG_CLAUSE_CONSENT, GG_CHINA, 0, GG_ACT_CN_BRI_PROJECT, 2, 0};
        cl->c[1] = (gg_clause){GG_CLAUSE_TRANSFER, GG_CHINA, GG_KAZAKHSTAN, GG_MONEY, 2, 0};
        break;
    }
    case GG_MSG_respond:
        m->rid = 6;
        m->u.respond.deal = 3;
        m->u.respond.accept = 1;
        break;
    case GG_MSG_deal_update: {
        gg_deal *d = &m->u.deal_update.deal;
        m->seq = 44;
        d->id = 3;
        d->status = GG_DEAL_OPEN;
        d->proposer = GG_CHINA;
        d->parties = (1u << GG_CHINA) | (1u << GG_KAZAKHSTAN);
        d->accepted = 1u << GG_CHINA;
        d->turn = 2;
        d->nclauses = 3;
        d->clauses[0] = (gg_clause){GG_CLAUSE_CONSENT, GG_CHINA, 0, GG_ACT_CN_BRI_PROJECT, 2, 0};
        d->clauses[1] = (gg_clause){GG_CLAUSE_PLEDGE, GG_CHINA, 0, GG_TAG_SECURITY_IN_KZ, 0, 2};
        d->clauses[2] = (gg_clause){GG_CLAUSE_ACCORD, 0, 0, GG_ACC_SCO_SUMMIT, 0, 0};
        m->u.deal_update.kept.v[GG_KAZAKHSTAN] = 1;
        break;
    }
    case GG_MSG_orders:
    case GG_MSG_orders_ack: {
        gg_orders *o = type == GG_MSG_orders ? &m->u.orders.orders : &m->u.orders_ack.orders;
        if (type == GG_MSG_orders) {
            m->rid = 7;
            m->u.orders.turn = 2;
        } else {
            m->rid = 7;
            m->seq = 45;
            m->u.orders_ack.turn = 2;
        }
        o->count = 3;
        o->o[0] = (gg_order){GG_ACT_CN_BRI_PROJECT, GG_PRJ_KHORGOS, 0};
        o->o[1] = (gg_order){GG_ACT_CN_ELITE_FORUM, 0, 0};
        o->o[2] = (gg_order){GG_ACT_ANY_TRANSFER, GG_KAZAKHSTAN, gg_transfer_arg(GG_MONEY, 3)};
        break;
    }
    case GG_MSG_ready:
        m->rid = 8;
        m->u.ready.turn = 2;
        m->u.ready.phase = GG_PHASE_DIPLOMACY;
        break;
    case GG_MSG_crisis_response:
        m->rid = 9;
        m->u.crisis_response.response = GG_RSP_REFORM;
        break;
    case GG_MSG_turn_result: {
        gg_msg_turn_result *t = &m->u.turn_result;
        m->seq = 46;
        t->turn = game.report.turn;
        t->report = game.report;
        memcpy(t->tracks.v, game.track, sizeof t->tracks.v);
        memcpy(t->globals.v, game.global, sizeof t->globals.v);
        memcpy(t->influence.v, game.influence, sizeof t->influence.v);
        memcpy(t->routes.v, game.route, sizeof t->routes.v);
        memcpy(t->vp.v, game.vp, sizeof t->vp.v);
        t->hash = gg_state_hash(&game);
        break;
    }
    case GG_MSG_game_over: {
        gg_msg_game_over *g = &m->u.game_over;
        static const uint8_t rank[GG_SEATS] = {GG_KAZAKHSTAN, GG_CHINA, GG_WEST, GG_RUSSIA};
        static const int16_t vp[GG_SEATS] = {31, 18, 22, 40};
        static const int16_t rel[GG_SEATS] = {3, -6, -1, 5};
        m->seq = 90;
        g->reason = GG_END_LAST_TURN;
        g->winner = GG_KAZAKHSTAN;
        g->decided_by = GG_TB_MARGIN;
        memcpy(g->rank.v, rank, sizeof rank);
        memcpy(g->vp.v, vp, sizeof vp);
        memcpy(g->relative.v, rel, sizeof rel);
        g->hash = 0x0123456789abcdefull;
        break;
    }
    case GG_MSG_extend:
        m->rid = 10;
        m->u.extend.secs = 120;
        break;
    case GG_MSG_inject_event:
        m->rid = 11;
        m->u.inject_event.event = (uint8_t)gg_event_find("trade_war");
        break;
    case GG_MSG_replace_with_bot:
        m->rid = 12;
        m->u.replace_with_bot.seat = GG_WEST;
        SET(m->u.replace_with_bot.bot, "greedy");
        break;
    case GG_MSG_replay: {
        static const uint8_t data[16] = {'G', 'G', 'R', 'P', 0, 1, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8};
        m->rid = 13;
        SET(m->u.replay.game, "g-7kq2");
        m->u.replay.part = 1;
        m->u.replay.parts = 1;
        m->u.replay.data.p = data;
        m->u.replay.data.len = sizeof data;
        break;
    }
    case GG_MSG_debrief_data: {
        static const char data[] = "{\"scenario\":\"belt-and-road\",\"turns\":0}";
        m->rid = 14;
        SET(m->u.debrief_data.game, "g-7kq2");
        m->u.debrief_data.part = 1;
        m->u.debrief_data.parts = 1;
        m->u.debrief_data.data.p = (const uint8_t *)data;
        m->u.debrief_data.data.len = sizeof data - 1;
        break;
    }
    case GG_MSG_fork_game: {
        gg_msg_fork_game *f = &m->u.fork_game;
        m->rid = 15;
        SET(f->game, "12");
        f->turn = 3;
        f->dl_orders = 600;
        break;
    }
    case GG_MSG_game_forked: {
        gg_msg_game_forked *g = &m->u.game_forked;
        m->rid = 15;
        SET(g->game, "13");
        SET(g->from, "12");
        g->turn = 3;
        g->hash = 0x9e3779b97f4a7c15ull;
        SET(g->codes.v[GG_CHINA], "CN-4F7Q");
        SET(g->codes.v[GG_RUSSIA], "RU-9M2X");
        SET(g->codes.v[GG_WEST], "WE-3K8P");
        SET(g->codes.v[GG_KAZAKHSTAN], "KZ-6T1D");
        SET(g->observer_code, "OB-2H5N");
        SET(g->moderator_code, "MO-8R4C");
        break;
    }
    case GG_MSG_notice:
        m->seq = 47;
        SET(m->u.notice.what, "paused");
        m->u.notice.who = GG_VIEW_MODERATOR;
        SET(m->u.notice.text, "The moderator paused the game for a debrief.");
        break;
    case GG_MSG_ok:
        m->rid = 5;
        m->u.ok.re = GG_MSG_propose;
        m->u.ok.id = 3;
        break;
    case GG_MSG_error:
        m->rid = 7;
        m->u.error.code = GG_ENO_RESOURCES;
        SET(m->u.error.name, gg_errname(GG_ENO_RESOURCES));
        SET(m->u.error.text, gg_strerror(GG_ENO_RESOURCES));
        m->u.error.re = GG_MSG_orders;
        SET(m->u.error.where, "o[2]");
        m->u.error.errs.n = 3;
        m->u.error.errs.v[2] = GG_ENO_RESOURCES;
        break;
    case GG_MSG_stats: {
        gg_stats *s = &m->u.stats.metrics;
        static const char *const names[] = {"games",    "connections",   "msgs_in",
                                            "msgs_out", "decode_errors", "uptime_s"};
        static const int64_t vals[] = {12, 57, 120931, 240112, 3, 86400};
        m->rid = 14;
        m->u.stats.part = 1; /* the first of two parts */
        m->u.stats.parts = 2;
        s->n = 6;
        for (int i = 0; i < 6; i++) {
            SET(s->s[i].name, names[i]);
            s->s[i].value = vals[i];
        }
        break;
    }
    default: /* messages without fields: pause, resume_game, end_game, ... */
        m->rid = (uint32_t)(20 + type);
        break;
    }
    return 0;
}
