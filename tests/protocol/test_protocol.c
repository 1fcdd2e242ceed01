/* tests/protocol/test_protocol.c — unit tests of the protocol library.
 * Usage: test_protocol <case> [golden-dir]; cases: roundtrip, game, golden,
 * bombs, frame, json, catalog. Each prints what it checks and exits
 * non-zero on the first failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gg/protocol.h"
#include "../check.h"
#include "samples.h"

static uint8_t buf1[GG_MAX_MESSAGE], buf2[GG_MAX_MESSAGE];

/* Encodes m, decodes it, re-encodes: the bytes must be identical. Returns
 * the encoded length (or a negative error) and leaves the decoded copy in
 * *out. */
static int roundtrip(const gg_msg *m, gg_msg *out)
{
    int n1 = gg_msg_encode(m, buf1, sizeof buf1);
    EXPECT_MSG(n1 > 0, "encode %s: %s", gg_msg_type_name(m->type), gg_errname(n1));
    if (n1 <= 0)
        return n1;
    gg_decode_err err;
    int rc = gg_msg_decode(out, buf1, (size_t)n1, &err);
    EXPECT_MSG(rc == 0, "decode %s: %s at %s", gg_msg_type_name(m->type), gg_errname(rc),
               err.where);
    if (rc)
        return rc;
    EXPECT_MSG(out->type == m->type && out->rid == m->rid && out->seq == m->seq, "envelope of %s",
               gg_msg_type_name(m->type));
    int n2 = gg_msg_encode(out, buf2, sizeof buf2);
    EXPECT_MSG(n2 == n1 && memcmp(buf1, buf2, (size_t)n1) == 0, "re-encoding of %s differs",
               gg_msg_type_name(m->type));
    return n1;
}

static size_t unhex(const char *hex, uint8_t *out, size_t cap);

/* Whether the n bytes at want occur in buf[0..len). */
static int has_bytes(const uint8_t *buf, size_t len, const uint8_t *want, size_t n)
{
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(buf + i, want, n) == 0)
            return 1;
    return 0;
}

/* A view as the wire carries it: no PRNG, no deck order, deals packed. */
static void canon_view(gg_state *v)
{
    gg_state c = *v;
    memset(&c.rng_events, 0, sizeof c.rng_events);
    memset(&c.rng_ties, 0, sizeof c.rng_ties);
    memset(c.deck, 0, sizeof c.deck);
    memset(c.deals, 0, sizeof c.deals);
    int k = 0;
    for (int i = 0; i < GG_MAX_DEALS; i++)
        if (v->deals[i].status != GG_DEAL_FREE) {
            c.deals[k] = v->deals[i];
            for (int j = c.deals[k].nclauses; j < GG_MAX_CLAUSES; j++)
                memset(&c.deals[k].clauses[j], 0, sizeof(gg_clause));
            k++;
        }
    /* entries past a count carry no meaning and are not sent */
    for (int i = c.report.nnews; i < GG_MAX_NEWS; i++)
        c.report.news[i] = 0;
    for (int s = 0; s < GG_SEATS; s++) {
        for (int i = c.report.orders[s].count; i < GG_MAX_ORDERS; i++) {
            memset(&c.report.orders[s].o[i], 0, sizeof(gg_order));
            c.report.outcome[s][i] = 0;
        }
        for (int i = c.orders[s].count; i < GG_MAX_ORDERS; i++)
            memset(&c.orders[s].o[i], 0, sizeof(gg_order));
    }
    if (!c.report.crisis)
        c.report.response = 0;
    /* what each order changed travels in turn_result, not in a state's view */
    memset(c.report.changes, 0, sizeof c.report.changes);
    c.report.nchanges = 0;
    c.report.changes_lost = 0;
    *v = c;
}

static int case_roundtrip(void)
{
    gg_msg m, d;
    for (int t = 0; t < GG_MSG_TYPES; t++) {
        gg_sample_msg(t, &m);
        int n = roundtrip(&m, &d);
        printf("roundtrip %-16s %5d bytes\n", gg_msg_type_name(t), n);
    }
    /* field-level spot checks */
    gg_sample_msg(GG_MSG_orders, &m);
    roundtrip(&m, &d);
    EXPECT_MSG(
        d.u.orders.orders.count == 3 && d.u.orders.orders.o[0].action == GG_ACT_CN_BRI_PROJECT &&
            d.u.orders.orders.o[0].target == GG_PRJ_KHORGOS &&
            d.u.orders.orders.o[2].arg == gg_transfer_arg(GG_MONEY, 3) && d.u.orders.has == 3,
        "orders fields");
    gg_sample_msg(GG_MSG_chat, &m);
    roundtrip(&m, &d);
    EXPECT_MSG(strcmp(d.u.chat.text, m.u.chat.text) == 0 && d.u.chat.to == (1u << GG_RUSSIA) &&
                   d.u.chat.from == GG_CHINA,
               "chat fields");
    gg_sample_msg(GG_MSG_create_game, &m);
    roundtrip(&m, &d);
    EXPECT_MSG(strcmp(d.u.create_game.bots.v[GG_WEST], "greedy") == 0 &&
                   d.u.create_game.bots.v[GG_CHINA][0] == 0 && d.u.create_game.seed == 42 &&
                   d.u.create_game.missed == GG_MISS_BOT,
               "create_game fields");
    gg_sample_msg(GG_MSG_replay, &m);
    roundtrip(&m, &d);
    EXPECT_MSG(d.u.replay.data.len == 16 && d.u.replay.data.p >= buf1 &&
                   d.u.replay.data.p < buf1 + sizeof buf1 &&
                   memcmp(d.u.replay.data.p, "GGRP", 4) == 0,
               "replay data points into the input");
    /* optional enum fields absent decode as GG_ABSENT */
    gg_msg_init(&m, GG_MSG_ready);
    roundtrip(&m, &d);
    EXPECT_MSG(d.u.ready.phase == GG_ABSENT && d.u.ready.has == 0, "ready without phase");
    gg_msg_init(&m, GG_MSG_chat);
    m.u.chat.channel = GG_CHAN_PUBLIC;
    snprintf(m.u.chat.text, sizeof m.u.chat.text, "hi");
    roundtrip(&m, &d);
    EXPECT_MSG(d.u.chat.from == GG_ABSENT, "chat from absent");
    /* game_over.by (since 1.5): every ranking criterion round-trips by its
     * rules id; a game_over without it (a 1.4 server's, the old golden
     * bytes) decodes with decided_by GG_ABSENT, and encodes without "by" */
    for (int k = 0; k < GG_TIEBREAKS; k++) {
        gg_sample_msg(GG_MSG_game_over, &m);
        m.u.game_over.decided_by = (uint8_t)k;
        int n = roundtrip(&m, &d);
        EXPECT_MSG(n > 0 && d.u.game_over.decided_by == k, "game_over.by %s",
                   gg_tiebreak_def_get(k)->id);
        /* on the wire: the key "by" then the id as a msgpack fixstr */
        const char *id = gg_tiebreak_def_get(k)->id;
        uint8_t want[40] = {0xa2, 'b', 'y', (uint8_t)(0xa0 | strlen(id))};
        memcpy(want + 4, id, strlen(id));
        EXPECT_MSG(n > 0 && has_bytes(buf1, (size_t)n, want, 4 + strlen(id)),
                   "game_over.by is the rules id %s on the wire", id);
    }
    {
        static const char *v14 = "88a174a967616d655f6f766572a37365715aa6726561736f6ea96c6173745f74"
                                 "75726ea677696e6e6572aa6b617a616b687374616ea472616e6b94aa6b617a61"
                                 "6b687374616ea56368696e61a477657374a6727573736961a2767084a5636869"
                                 "6e611fa672757373696112a47765737416aa6b617a616b687374616e28a37265"
                                 "6c84a56368696e6103a6727573736961faa477657374ffaa6b617a616b687374"
                                 "616e05a468617368b030313233343536373839616263646566";
        static uint8_t in[256];
        size_t n = unhex(v14, in, sizeof in);
        EXPECT_MSG(gg_msg_decode(&d, in, n, NULL) == 0 && d.type == GG_MSG_game_over &&
                       d.u.game_over.winner == GG_KAZAKHSTAN &&
                       d.u.game_over.decided_by == GG_ABSENT,
                   "a 1.4 game_over without by decodes, decided_by absent");
        gg_sample_msg(GG_MSG_game_over, &m);
        m.u.game_over.decided_by = GG_ABSENT;
        int n1 = roundtrip(&m, &d);
        EXPECT_MSG(n1 == (int)n && memcmp(buf1, in, n) == 0 &&
                       d.u.game_over.decided_by == GG_ABSENT,
                   "game_over without by encodes as 1.4 did");
    }
    /* the convenience encoders produce what the generic one does */
    gg_sample_msg(GG_MSG_state, &m);
    int n1 = gg_msg_encode(&m, buf1, sizeof buf1);
    int n2 = gg_encode_state(buf2, sizeof buf2, m.seq, &m.u.state.view, m.u.state.legal.a,
                             m.u.state.legal.n, m.u.state.deadline_ms, 0, m.u.state.hash, NULL);
    EXPECT_MSG(n1 == n2 && memcmp(buf1, buf2, (size_t)n1) == 0, "gg_encode_state");
    gg_sample_msg(GG_MSG_error, &m);
    int errs[3] = {0, 0, GG_ENO_RESOURCES};
    n1 = gg_msg_encode(&m, buf1, sizeof buf1);
    n2 = gg_encode_error(buf2, sizeof buf2, 7, GG_ENO_RESOURCES, GG_MSG_orders, "o[2]", errs, 3);
    EXPECT_MSG(n1 == n2 && memcmp(buf1, buf2, (size_t)n1) == 0, "gg_encode_error");
    /* a ledger entry's reasons and whom diplomacy waits for ([P8.3],
     * [P6.14]): wait_deal only for a deal the view holds */
    gg_sample_msg(GG_MSG_state, &m);
    gg_state *v = &m.u.state.view;
    memset(v->deals, 0, sizeof v->deals);
    v->deals[0] = (gg_deal){.id = 9,
                            .status = GG_DEAL_REJECTED,
                            .proposer = GG_RUSSIA,
                            .parties = (1u << GG_RUSSIA) | (1u << GG_KAZAKHSTAN),
                            .accepted = 1u << GG_RUSSIA,
                            .turn = 2,
                            .nclauses = 1};
    v->deals[0].clauses[0] =
        (gg_clause){GG_CLAUSE_CONSENT, GG_RUSSIA, 0, GG_ACT_RU_EAEU_STEP, 2, 0};
    v->deals[0].why =
        gg_reason_make(GG_RSN_CONSENT_FEE, GG_RUSSIA, 2, GG_ACT_RU_EAEU_STEP, 0, 0, 0);
    v->deals[0].ans_by = GG_KAZAKHSTAN;
    v->deals[0].ans_why =
        gg_reason_make(GG_RSN_REJECT_PRICE, GG_KAZAKHSTAN, GG_ACT_RU_EAEU_STEP, 3, 2, 0, 0);
    gg_waits w = {(1u << GG_KAZAKHSTAN) | (1u << GG_WEST), {0}};
    w.deal[GG_KAZAKHSTAN] = 9;
    w.deal[GG_WEST] = 12; /* not in the view: left out */
    n2 = gg_encode_state(buf2, sizeof buf2, 1, v, NULL, 0, 0, 0, 7, &w);
    EXPECT_MSG(n2 > 0 && gg_msg_decode(&d, buf2, (size_t)n2, NULL) == 0, "state with reasons");
    const gg_deal *dd = &d.u.state.view.deals[0];
    EXPECT_MSG(dd->id == 9 && dd->why.id == GG_RSN_CONSENT_FEE && dd->why.arg[1] == 2 &&
                   dd->ans_by == GG_KAZAKHSTAN && dd->ans_why.id == GG_RSN_REJECT_PRICE &&
                   dd->ans_why.arg[2] == 3,
               "a deal's reasons round-trip");
    EXPECT_MSG(d.u.state.wait == w.seats && d.u.state.wait_deal.v[GG_KAZAKHSTAN] == 9 &&
                   d.u.state.wait_deal.v[GG_WEST] == 0,
               "state.wait, wait_deal");
    /* encoder refuses what the decoder would refuse */
    gg_sample_msg(GG_MSG_hello, &m);
    m.u.hello.name[0] = 0;
    EXPECT_MSG(gg_msg_encode(&m, buf1, sizeof buf1) == GG_EMSG_BAD_FIELD, "empty required name");
    gg_sample_msg(GG_MSG_chat, &m);
    memcpy(m.u.chat.text, "\xff\xfe", 3);
    EXPECT_MSG(gg_msg_encode(&m, buf1, sizeof buf1) == GG_EMSG_BAD_FIELD, "invalid UTF-8 refused");
    gg_sample_msg(GG_MSG_orders, &m);
    m.u.orders.orders.o[0].action = 200;
    EXPECT_MSG(gg_msg_encode(&m, buf1, sizeof buf1) == GG_EMSG_BAD_FIELD, "bad action refused");
    gg_sample_msg(GG_MSG_state, &m);
    for (size_t cap = 0; cap < 64; cap++)
        EXPECT_MSG(gg_msg_encode(&m, buf1, cap) == GG_EBUFFER_FULL, "cap %zu", cap);
    return 0;
}

/* Plays whole games and round-trips every seat's view, the legal actions
 * and each turn result. */
static int case_game(void)
{
    int views = 0, changes = 0;
    for (uint64_t seed = 1; seed <= 6; seed++) {
        gg_state s;
        for (int turns = 0; turns <= 12; turns += 3) {
            EXPECT_MSG(gg_sample_game(&s, seed, turns) == 0, "sample game");
            for (int viewer = 0; viewer <= GG_VIEW_MODERATOR; viewer++) {
                gg_msg m, d;
                gg_msg_init(&m, GG_MSG_state);
                m.seq = (uint32_t)(100 + viewer);
                gg_view(&s, viewer, &m.u.state.view);
                m.u.state.turn = s.turn;
                m.u.state.phase = s.phase;
                m.u.state.year = s.year;
                m.u.state.hash = gg_state_hash(&s);
                if (viewer < GG_SEATS) {
                    int n = gg_legal_actions(&s, viewer, m.u.state.legal.a, GG_MAX_LEGAL);
                    m.u.state.legal.n = (uint8_t)n;
                }
                if (roundtrip(&m, &d) < 0)
                    return 1;
                gg_state a = m.u.state.view, b = d.u.state.view;
                canon_view(&a);
                canon_view(&b);
                EXPECT_MSG(gg_state_hash(&a) == gg_state_hash(&b), "view hash seed %llu viewer %d",
                           (unsigned long long)seed, viewer);
                EXPECT_MSG(d.u.state.legal.n == m.u.state.legal.n &&
                               (m.u.state.legal.n == 0 ||
                                memcmp(d.u.state.legal.a, m.u.state.legal.a,
                                       m.u.state.legal.n * sizeof(gg_legal)) == 0),
                           "legal actions");
                views++;
            }
            gg_msg m, d;
            gg_msg_init(&m, GG_MSG_turn_result);
            int n = gg_encode_turn_result(buf1, sizeof buf1, 7, &s, gg_state_hash(&s));
            EXPECT_MSG(n > 0 && gg_msg_decode(&d, buf1, (size_t)n, NULL) == 0, "turn_result");
            EXPECT_MSG(d.u.turn_result.hash == gg_state_hash(&s) &&
                           memcmp(d.u.turn_result.tracks.v, s.track, sizeof s.track) == 0,
                       "turn_result fields");
            for (int seat = 0; seat < GG_SEATS; seat++)
                EXPECT_MSG(d.u.turn_result.report.orders[seat].count == s.report.orders[seat].count,
                           "report orders");
            /* what each order changed: the same list, in the same order */
            const gg_report *rd = &d.u.turn_result.report;
            EXPECT_MSG(rd->nchanges == s.report.nchanges &&
                           memcmp(rd->changes, s.report.changes,
                                  sizeof rd->changes[0] * s.report.nchanges) == 0,
                       "report changes seed %llu turns %d: %d of %d", (unsigned long long)seed,
                       turns, rd->nchanges, s.report.nchanges);
            changes += s.report.nchanges;
            if (s.phase == GG_PHASE_OVER) {
                gg_result r;
                EXPECT_MSG(gg_result_get(&s, &r) == 0, "result");
                n = gg_encode_game_over(buf1, sizeof buf1, 9, &r, 1);
                EXPECT_MSG(n > 0 && gg_msg_decode(&d, buf1, (size_t)n, NULL) == 0, "game_over");
                EXPECT_MSG(d.u.game_over.winner == r.winner, "winner");
                EXPECT_MSG(d.u.game_over.decided_by == r.decided_by &&
                               d.u.game_over.decided_by < GG_TIEBREAKS,
                           "game_over.by is the result's decided_by");
            }
        }
    }
    EXPECT_MSG(changes > 0, "no sample game listed a change");
    printf("game: %d views round-tripped, %d order changes\n", views, changes);
    return 0;
}

/* ---- golden bytes ------------------------------------------------------- */

static int hexval(int ch)
{
    return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

static int case_golden(const char *dir)
{
    static const int types[] = {GG_MSG_hello,   GG_MSG_join,  GG_MSG_orders,    GG_MSG_chat,
                                GG_MSG_propose, GG_MSG_error, GG_MSG_game_over, GG_MSG_create_game};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s.hex", dir, gg_msg_type_name(types[i]));
        FILE *f = fopen(path, "r");
        EXPECT_MSG(f != NULL, "open %s", path);
        if (!f)
            continue;
        static uint8_t want[4096];
        size_t n = 0;
        int hi = -1, ch;
        while ((ch = fgetc(f)) != EOF && n < sizeof want) {
            int v = hexval(ch);
            if (v < 0)
                continue;
            if (hi < 0) {
                hi = v;
            } else {
                want[n++] = (uint8_t)(hi << 4 | v);
                hi = -1;
            }
        }
        fclose(f);
        gg_msg m, d;
        gg_sample_msg(types[i], &m);
        int got = gg_msg_encode(&m, buf1, sizeof buf1);
        EXPECT_MSG(
            got == (int)n && memcmp(buf1, want, n) == 0,
            "%s: encoding differs from the golden bytes (a wire change? bump the version and "
            "update the golden file)",
            gg_msg_type_name(types[i]));
        EXPECT_MSG(gg_msg_decode(&d, want, n, NULL) == 0 && d.type == types[i], "decode golden %s",
                   gg_msg_type_name(types[i]));
        printf("golden %-12s %4zu bytes ok\n", gg_msg_type_name(types[i]), n);
    }
    return 0;
}

/* ---- hostile input ------------------------------------------------------- */

typedef struct bomb {
    const char *name;
    const char *hex; /* input bytes */
    int want;
    const char *where; /* expected error path or NULL */
} bomb;

static const bomb bombs[] = {
    {"empty frame", "", GG_EMSG_TRUNCATED, NULL},
    {"array32 of 4G elements", "ddffffffff", GG_EMSG_BAD_COUNT, NULL},
    {"map32 of 4G entries", "dfffffffff", GG_EMSG_BAD_COUNT, NULL},
    {"map16 of 65 entries", "de0041", GG_EMSG_BAD_COUNT, NULL},
    {"str32 of 4 GB", "81a174dbffffffff", GG_EMSG_BAD_COUNT, NULL},
    {"bin32 of 4 GB", "81a178c6ffffffff", GG_EMSG_BAD_COUNT, NULL},
    {"str longer than GG_MAX_STRING", "81a174da0401", GG_EMSG_BAD_COUNT, NULL},
    {"nesting 9 deep", "82a174a470696e67a1789191919191919191c0", GG_EMSG_TOO_DEEP, NULL},
    {"truncated uint16", "81a174cd00", GG_EMSG_TRUNCATED, NULL},
    {"truncated map", "82a174a470696e67", GG_EMSG_TRUNCATED, NULL},
    {"ext type", "81a174d40102", GG_EMSG_MALFORMED, NULL},
    {"reserved 0xc1", "81a174c1", GG_EMSG_MALFORMED, NULL},
    {"not a map", "93010203", GG_EMSG_MALFORMED, NULL},
    {"integer key", "81 01 a570696e67", GG_EMSG_MALFORMED, NULL},
    {"trailing bytes", "81a174a470696e6700", GG_EMSG_MALFORMED, NULL},
    {"no type", "81a3726964 01", GG_EMSG_MISSING_FIELD, "t"},
    {"unknown type", "81a174a46e6f7065", GG_EMSG_UNKNOWN_TYPE, "t"},
    {"type not a string", "81a17401", GG_EMSG_BAD_FIELD, "t"},
    {"hello without name", "82a174a568656c6c6fa17601", GG_EMSG_MISSING_FIELD, "name"},
    {"hello major 2", "83a174a568656c6c6fa17602a46e616d65a178", GG_EVERSION_MISMATCH, "v"},
    {"hello major 70000 (uint32)", "83a174a568656c6c6fa176ce00011170a46e616d65a178",
     GG_EVERSION_MISMATCH, "v"},
    {"name not a string", "83a174a568656c6c6fa17601a46e616d6507", GG_EMSG_BAD_FIELD, "name"},
    {"repeated key", "84a174a568656c6c6fa17601a46e616d65a178a46e616d65a179", GG_EMSG_BAD_FIELD,
     "name"},
    {"rid over 32 bits", "82a174a470696e67a3726964cf0000000100000000", GG_EMSG_BAD_FIELD, "rid"},
    {"invalid UTF-8 in chat", "83a174a463686174a26368a67075626c6963a474657874a2c0af",
     GG_EMSG_BAD_FIELD, "text"},
    {"unknown action", "82a174a66f7264657273a16f9181a161a46e756b65", GG_EUNKNOWN_ACTION, "o[0].a"},
    {"project action without target", "82a174a66f7264657273a16f9181a161ab6272695f70726f6a656374",
     GG_EBAD_TARGET, "o[0].t"},
    {"seven orders",
     "82a174a66f7264657273a16f9781a161ab656c6974655f666f72756d81a161ab656c6974655f666f72756d81"
     "a161ab656c6974655f666f72756d81a161ab656c6974655f666f72756d81a161ab656c6974655f666f72756d"
     "81a161ab656c6974655f666f72756d81a161ab656c6974655f666f72756d",
     GG_ETOO_MANY_ORDERS, "o[6]"},
    {"s2c message without seq", "81a174a4706f6e67", GG_EMSG_MISSING_FIELD, "seq"},
    {"unknown event", "82a174ac696e6a6563745f6576656e74a26576a3626f62", GG_EBAD_EVENT, "ev"},
    {"unknown ranking criterion", "82a174a967616d655f6f766572a26279a4636f696e", GG_EMSG_BAD_FIELD,
     "by"},
    {"end reason as ranking criterion", "82a174a967616d655f6f766572a26279a96c6173745f7475726e",
     GG_EMSG_BAD_FIELD, "by"},
    {"ranking criterion as a number", "82a174a967616d655f6f766572a2627901", GG_EMSG_BAD_FIELD,
     "by"},
    {"unknown seat", "82a174b07265706c6163655f776974685f626f74a473656174a3626f62", GG_EBAD_SEAT,
     "seat"},
    {"extend out of range", "82a174a6657874656e64a473656373ce7fffffff", GG_EMSG_BAD_FIELD, "secs"},
    {"float where an int belongs", "82a174a6657874656e64a473656373cb4000000000000000",
     GG_EMSG_BAD_FIELD, "secs"},
    {"stats part of 41 metrics (GG_MAX_STATS + 1)",
     "82a174a57374617473a16dde0029a16100a16100a16100a16100a16100a16100a16100a16100a16100a1"
     "6100a16100a16100a16100a16100a16100a16100a16100a16100a16100a16100a16100a16100a16100a1"
     "6100a16100a16100a16100a16100a16100a16100a16100a16100a16100a16100a16100a16100a16100a1"
     "6100a16100a16100a16100",
     GG_EMSG_BAD_COUNT, NULL},
    {"stats part 5 (GG_MAX_STATS_PARTS + 1)", "82a174a57374617473a47061727405", GG_EMSG_BAD_FIELD,
     "part"},
};

static size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    int hi = -1;
    for (; *hex && n < cap; hex++) {
        int v = hexval(*hex);
        if (v < 0)
            continue;
        if (hi < 0)
            hi = v;
        else
            out[n++] = (uint8_t)(hi << 4 | v), hi = -1;
    }
    return n;
}

static int case_bombs(void)
{
    static uint8_t in[GG_MAX_MESSAGE + 2];
    gg_msg m;
    gg_decode_err err;
    for (size_t i = 0; i < sizeof bombs / sizeof bombs[0]; i++) {
        size_t n = unhex(bombs[i].hex, in, sizeof in);
        int rc = gg_msg_decode(&m, in, n, &err);
        EXPECT_MSG(rc == bombs[i].want, "%s: got %s, want %s", bombs[i].name, gg_errname(rc),
                   gg_errname(bombs[i].want));
        if (bombs[i].where)
            EXPECT_MSG(strcmp(err.where, bombs[i].where) == 0, "%s: where '%s', want '%s'",
                       bombs[i].name, err.where, bombs[i].where);
        printf("bomb %-32s -> %s %s\n", bombs[i].name, gg_errname(rc), err.where);
    }
    /* a message over GG_MAX_MESSAGE is refused before a byte is read */
    memset(in, 0x80, sizeof in);
    EXPECT_MSG(gg_msg_decode(&m, in, GG_MAX_MESSAGE + 1, NULL) == GG_EMSG_TOO_BIG, "too big");
    /* the offending request's rid and type survive a field error */
    {
        static const char *h = "83a174a66f7264657273a3726964cd0102a16f9181a161a46e756b65";
        size_t n = unhex(h, in, sizeof in);
        EXPECT_MSG(gg_msg_decode(&m, in, n, &err) == GG_EUNKNOWN_ACTION && m.rid == 0x102 &&
                       m.type == GG_MSG_orders && err.index == 0,
                   "rid/type/index kept on error");
    }
    /* unknown keys are ignored; keys may come in any order */
    {
        static const char *h = "84a46e616d65a178a3657874a3666f6fa17601a174a568656c6c6f";
        size_t n = unhex(h, in, sizeof in);
        EXPECT_MSG(gg_msg_decode(&m, in, n, &err) == 0 && m.type == GG_MSG_hello &&
                       strcmp(m.u.hello.name, "x") == 0,
                   "unknown key ignored, t last: %s", err.where);
    }
    /* every prefix of every sample fails cleanly; every sample decodes */
    for (int t = 0; t < GG_MSG_TYPES; t++) {
        gg_msg s;
        gg_sample_msg(t, &s);
        int n = gg_msg_encode(&s, buf1, sizeof buf1);
        for (int cut = 0; cut < n; cut++)
            EXPECT_MSG(gg_msg_decode(&m, buf1, (size_t)cut, NULL) < 0, "%s prefix %d accepted",
                       gg_msg_type_name(t), cut);
    }
    return 0;
}

/* ---- framing -------------------------------------------------------------- */

static int case_frame(void)
{
    uint8_t h[4];
    gg_frame_write_header(h, 0x01020304);
    EXPECT_MSG(h[0] == 1 && h[3] == 4 && gg_frame_read_header(h) == 0x01020304, "header");

    /* three frames, arriving one byte at a time and all at once: the
     * caller buffers what came, the deframer takes whole frames off the front */
    uint8_t stream[64];
    size_t n = 0;
    const char *msgs[3] = {"abc", "x", "hello"};
    for (int i = 0; i < 3; i++) {
        gg_frame_write_header(stream + n, (uint32_t)strlen(msgs[i]));
        n += 4;
        memcpy(stream + n, msgs[i], strlen(msgs[i]));
        n += strlen(msgs[i]);
    }
    for (size_t step = 1; step <= n; step = step == 1 ? n : n + 1) {
        size_t arrived = 0, off = 0;
        int got = 0;
        while (arrived < n) {
            arrived += n - arrived < step ? n - arrived : step;
            const uint8_t *msg;
            uint32_t len;
            size_t need = 0;
            int rc;
            while ((rc = gg_frame_next(stream + off, arrived - off, 16, &msg, &len, &need)) == 1) {
                EXPECT_MSG(got < 3 && len == strlen(msgs[got]) && memcmp(msg, msgs[got], len) == 0,
                           "frame %d", got);
                off += 4 + len;
                got++;
            }
            EXPECT_MSG(rc == 0, "deframer error %d", rc);
            EXPECT_MSG(off == n || need > arrived - off, "need %zu with %zu held", need,
                       arrived - off);
        }
        EXPECT_MSG(got == 3, "got %d frames with step %zu", got, step);
    }
    const uint8_t *msg;
    uint32_t len;
    size_t need = 0;
    /* the header tells the whole frame's size before the body arrives */
    gg_frame_write_header(h, 9);
    EXPECT_MSG(gg_frame_next(h, 2, 16, &msg, &len, &need) == 0 && need == 4, "need header");
    EXPECT_MSG(gg_frame_next(h, 4, 16, &msg, &len, &need) == 0 && need == 13, "need body");
    /* oversized length: refused from the header alone, before any body byte */
    gg_frame_write_header(h, 17);
    EXPECT_MSG(gg_frame_next(h, 4, 16, &msg, &len, NULL) == GG_EMSG_TOO_BIG, "too big");
    gg_frame_write_header(h, 0xffffffffu);
    EXPECT_MSG(gg_frame_next(h, 4, GG_MAX_MESSAGE, &msg, &len, NULL) == GG_EMSG_TOO_BIG, "huge");
    /* a zero length is no message: refused like the server always did */
    gg_frame_write_header(h, 0);
    EXPECT_MSG(gg_frame_next(h, 4, 16, &msg, &len, NULL) == GG_EMSG_MALFORMED, "zero length");
    printf("frame: ok\n");
    return 0;
}

/* ---- JSON ------------------------------------------------------------------- */

static int case_json(void)
{
    static char js[GG_MAX_JSON];
    gg_msg m, d;
    gg_decode_err err;
    gg_sample_msg(GG_MSG_orders, &m);
    int n = gg_msg_to_json(&m, js, sizeof js);
    const char *want = "{\"t\":\"orders\",\"rid\":7,\"turn\":2,\"o\":[{\"a\":\"bri_project\",\"t\":"
                       "\"khorgos\"},{\"a\":\"elite_forum\"},{\"a\":\"transfer\",\"t\":"
                       "\"kazakhstan\",\"r\":\"capital\",\"n\":3}]}";
    EXPECT_MSG(n > 0 && strcmp(js, want) == 0, "orders JSON: %s", js);
    /* JSON -> message -> bytes equals the msgpack path, for every type */
    for (int t = 0; t < GG_MSG_TYPES; t++) {
        if (t == GG_MSG_replay || t == GG_MSG_debrief_data)
            continue; /* BIN has no JSON form (to JSON only: base64) */
        gg_sample_msg(t, &m);
        n = gg_msg_to_json(&m, js, sizeof js);
        EXPECT_MSG(n > 0, "to_json %s: %s", gg_msg_type_name(t), gg_errname(n));
        int rc = gg_msg_from_json(&d, js, (size_t)n, &err);
        EXPECT_MSG(rc == 0, "from_json %s: %s at %s", gg_msg_type_name(t), gg_errname(rc),
                   err.where);
        int n1 = gg_msg_encode(&m, buf1, sizeof buf1), n2 = gg_msg_encode(&d, buf2, sizeof buf2);
        EXPECT_MSG(n1 == n2 && memcmp(buf1, buf2, (size_t)n1) == 0, "JSON round trip of %s",
                   gg_msg_type_name(t));
    }
    gg_sample_msg(GG_MSG_replay, &m);
    n = gg_msg_to_json(&m, js, sizeof js);
    EXPECT_MSG(n > 0 && strstr(js, "\"data\":\"R0dSUAABAAABAgMEBQYHCA==\"") != NULL, "base64: %s",
               js);

    /* a turn report's "chg" (what each order changed): bad entries are
     * refused with the path of the entry */
    gg_sample_msg(GG_MSG_turn_result, &m);
    n = gg_msg_to_json(&m, js, sizeof js);
    const char *chg = strstr(js, "\"chg\":[{\"k\":\"resource\",\"x\":\"russia\"");
    EXPECT_MSG(n > 0 && chg, "the sample turn_result has no changes: %s", js);
    struct {
        const char *from, *to;
        int want;
        const char *where;
    } bad[] = {
        {"\"k\":\"resource\",\"x\":\"russia\"", "\"k\":\"nope\",\"x\":\"russia\"",
         GG_EMSG_BAD_FIELD, "acts[0].chg[0].k"},
        {"\"x\":\"russia\",\"y\":\"capital\"", "\"x\":\"mars\",\"y\":\"capital\"",
         GG_EMSG_BAD_FIELD, "acts[0].chg[0].x"},
        {"\"y\":\"capital\",\"n\":3", "\"y\":\"gold\",\"n\":3", GG_EMSG_BAD_FIELD,
         "acts[0].chg[0].y"},
        {"\"y\":\"capital\",\"n\":3", "\"y\":\"capital\",\"m\":3", GG_EMSG_MISSING_FIELD,
         "acts[0].chg[0].n"},
        {"\"y\":\"capital\",\"n\":3", "\"y\":\"capital\",\"n\":300", GG_EMSG_BAD_FIELD,
         "acts[0].chg[0].n"},
    };
    for (size_t i = 0; chg && i < sizeof bad / sizeof bad[0]; i++) {
        static char mut[GG_MAX_JSON];
        const char *at = strstr(js, bad[i].from);
        REQUIRE(at != NULL);
        size_t pre = (size_t)(at - js);
        snprintf(mut, sizeof mut, "%.*s%s%s", (int)pre, js, bad[i].to, at + strlen(bad[i].from));
        int rc = gg_msg_from_json(&d, mut, strlen(mut), &err);
        EXPECT_MSG(rc == bad[i].want && strcmp(err.where, bad[i].where) == 0,
                   "bad change %zu: %s at %s", i, gg_errname(rc), err.where);
    }

    struct {
        const char *json;
        int want;
    } cases[] = {
        {"{\"t\":\"ping\"}", 0},
        {"  {\"t\" : \"chat\", \"ch\":\"team\", \"text\":\"caf\\u00e9 \\ud83d\\ude00\"} ", 0},
        {"{\"t\":\"extend\",\"secs\":1.5}", GG_EMSG_BAD_FIELD},
        {"{\"t\":\"extend\",\"secs\":1e3}", GG_EMSG_BAD_FIELD},
        {"{\"t\":\"extend\",\"secs\":-1}", GG_EMSG_BAD_FIELD},
        {"{\"t\":\"ping\",\"x\":[[[[[[[[1]]]]]]]]}", GG_EMSG_TOO_DEEP},
        {"{\"t\":\"ping\",\"x\":\"\\q\"}", GG_EMSG_MALFORMED},
        {"{\"t\":\"ping\",\"x\":\"\\udc00\"}", GG_EMSG_MALFORMED},
        {"{\"t\":\"ping\"", GG_EMSG_TRUNCATED},
        {"{\"t\":\"ping\"} x", GG_EMSG_MALFORMED},
        {"{\"t\":\"ping\",\"x\":01}", GG_EMSG_MALFORMED},
        {"{\"t\":\"ping\",\"x\":99999999999999999999}", GG_EMSG_BAD_FIELD},
        {"{\"t\":\"ping\",\"x\":tru}", GG_EMSG_MALFORMED},
        {"{\"t\":\"ping\",\"x\":\"a\tb\"}", GG_EMSG_MALFORMED},
        {"[1,2]", GG_EMSG_MALFORMED},
        {"{\"t\":\"hello\",\"v\":9,\"name\":\"x\"}", GG_EVERSION_MISMATCH},
        {"{\"t\":\"orders\",\"o\":[{\"a\":\"loan\",\"t\":\"nowhere\"}]}", GG_EBAD_TARGET},
        /* reasons (gg/reasons.h): arguments by template kind, "id" first */
        {"{\"t\":\"respond\",\"deal\":3,\"acc\":false,\"why\":{\"id\":\"reject_price\","
         "\"args\":[\"kazakhstan\",\"land_lease\",3,2]}}",
         0},
        {"{\"t\":\"propose\",\"parties\":[\"china\"],\"cl\":[{\"k\":\"pledge\",\"seat\":"
         "\"china\",\"tags\":[\"coercion\"],\"turns\":2}],\"why\":{\"id\":\"buy_pledge\","
         "\"args\":[\"russia\",1,\"china\",[\"coercion\",\"energy\"],2]}}",
         0},
        {"{\"t\":\"respond\",\"deal\":3,\"acc\":true,\"why\":{\"id\":\"swap\",\"args\":"
         "[\"kazakhstan\",2,\"budget\",2,\"force\"]}}",
         0},
        /* too few arguments; no such template; args before id; no such seat;
         * out of int16; no id */
        {"{\"t\":\"respond\",\"deal\":3,\"acc\":true,\"why\":{\"id\":\"accept_gain\","
         "\"args\":[\"russia\"]}}",
         GG_EMSG_BAD_FIELD},
        {"{\"t\":\"respond\",\"deal\":3,\"acc\":true,\"why\":{\"id\":\"flattery\","
         "\"args\":[]}}",
         GG_EMSG_BAD_FIELD},
        {"{\"t\":\"respond\",\"deal\":3,\"acc\":true,\"why\":{\"args\":[\"russia\",5],"
         "\"id\":\"accept_gain\"}}",
         GG_EMSG_BAD_FIELD},
        {"{\"t\":\"respond\",\"deal\":3,\"acc\":true,\"why\":{\"id\":\"accept_gain\","
         "\"args\":[\"atlantis\",5]}}",
         GG_EMSG_BAD_FIELD},
        {"{\"t\":\"respond\",\"deal\":3,\"acc\":true,\"why\":{\"id\":\"accept_gain\","
         "\"args\":[\"russia\",40000]}}",
         GG_EMSG_BAD_FIELD},
        {"{\"t\":\"respond\",\"deal\":3,\"acc\":true,\"why\":{\"args\":[]}}", GG_EMSG_BAD_FIELD},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = gg_msg_from_json(&d, cases[i].json, strlen(cases[i].json), &err);
        EXPECT_MSG(rc == cases[i].want, "%s: got %s want %s", cases[i].json, gg_errname(rc),
                   gg_errname(cases[i].want));
    }
    EXPECT_MSG(gg_msg_from_json(&d, cases[1].json, strlen(cases[1].json), NULL) == 0 &&
                   strcmp(d.u.chat.text, "caf\xc3\xa9 \xf0\x9f\x98\x80") == 0,
               "unicode escapes");
    /* A reason survives JSON -> msgpack -> JSON with its arguments' wire names. */
    {
        gg_msg_init(&m, GG_MSG_propose);
        m.u.propose.parties = 1u << GG_KAZAKHSTAN;
        m.u.propose.clauses.n = 1;
        m.u.propose.clauses.c[0] =
            (gg_clause){GG_CLAUSE_CONSENT, GG_RUSSIA, 0, GG_ACT_RU_EAEU_STEP, 2, 0};
        m.u.propose.why =
            gg_reason_make(GG_RSN_CONSENT_FEE, GG_RUSSIA, 2, GG_ACT_RU_EAEU_STEP, 0, 0, 0);
        n = gg_msg_to_json(&m, js, sizeof js);
        EXPECT_MSG(n > 0 && strstr(js, "\"why\":{\"id\":\"consent_fee\",\"args\":[\"russia\",2,"
                                       "\"eaeu_step\"]}") != NULL,
                   "reason JSON: %s", js);
        EXPECT(gg_msg_from_json(&d, js, (size_t)n, &err) == 0);
        EXPECT(memcmp(&d.u.propose.why, &m.u.propose.why, sizeof m.u.propose.why) == 0);
        m.u.propose.why.arg[0] = 7; /* a malformed reason is never encoded */
        EXPECT(gg_msg_encode(&m, buf1, sizeof buf1) == GG_EMSG_BAD_FIELD);
    }
    /* 65 list elements, an over-long string */
    {
        size_t k = (size_t)snprintf(js, sizeof js, "{\"t\":\"ping\",\"x\":[");
        for (int i = 0; i < 65; i++)
            k += (size_t)snprintf(js + k, sizeof js - k, i ? ",1" : "1");
        k += (size_t)snprintf(js + k, sizeof js - k, "]}");
        EXPECT_MSG(gg_msg_from_json(&d, js, k, NULL) == GG_EMSG_BAD_COUNT, "65 elements");
        k = (size_t)snprintf(js, sizeof js, "{\"t\":\"ping\",\"x\":\"");
        memset(js + k, 'a', 1100);
        k += 1100;
        k += (size_t)snprintf(js + k, sizeof js - k, "\"}");
        EXPECT_MSG(gg_msg_from_json(&d, js, k, NULL) == GG_EMSG_BAD_COUNT, "long string");
    }
    /* msgpack -> JSON escapes and small buffers */
    {
        static const uint8_t mp[] = {0x82, 0xa1, 'k', 0xa3, '"', '\n', 0x01, 0xa1, 'n', 0xd0, 0x85};
        n = gg_msgpack_to_json(mp, sizeof mp, js, sizeof js);
        EXPECT_MSG(n > 0 && strcmp(js, "{\"k\":\"\\\"\\n\\u0001\",\"n\":-123}") == 0, "escapes: %s",
                   js);
        for (size_t cap = 1; cap < 20; cap++)
            EXPECT_MSG(gg_msgpack_to_json(mp, sizeof mp, js, cap) == GG_EBUFFER_FULL, "cap %zu",
                       cap);
    }
    printf("json: ok\n");
    return 0;
}

/* ---- catalogue ------------------------------------------------------------ */

static int case_catalog(void)
{
    for (int t = 0; t < GG_MSG_TYPES; t++) {
        const char *name = gg_msg_type_name(t);
        EXPECT_MSG(gg_msg_type_find(name, strlen(name)) == t, "find %s", name);
        int n;
        const gg_field_desc *f = gg_msg_fields(t, &n);
        EXPECT_MSG(f != NULL && n >= 0 && n <= 31, "fields of %s", name);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
                EXPECT_MSG(strcmp(f[i].key, f[j].key) != 0, "%s: key %s twice", name, f[i].key);
        for (int i = 0; i < n; i++)
            EXPECT_MSG(strcmp(f[i].key, "t") && strcmp(f[i].key, "rid") && strcmp(f[i].key, "seq"),
                       "%s: envelope key %s reused", name, f[i].key);
        int ch = gg_msg_channel(t);
        EXPECT_MSG(ch >= 0 && ch < GG_ENET_CHANNELS, "channel of %s", name);
    }
    EXPECT_MSG(gg_msg_type_find("nope", 4) == GG_EMSG_UNKNOWN_TYPE, "unknown type");
    EXPECT_MSG(gg_version_check(GG_PROTOCOL_MAJOR) == 0 &&
                   gg_version_check(GG_PROTOCOL_MAJOR + 1) == GG_EVERSION_MISMATCH,
               "version check");
    /* the TIEBREAK kind's description names every criterion of the rules */
    for (int k = 0; k < GG_TIEBREAKS; k++)
        EXPECT_MSG(strstr(gg_field_kind_doc(GG_FK_TIEBREAK), gg_tiebreak_def_get(k)->id) != NULL,
                   "criterion %s missing from the kind's doc", gg_tiebreak_def_get(k)->id);
    /* the largest realistic state stays far below the message limit */
    gg_msg m;
    gg_sample_msg(GG_MSG_state, &m);
    int n = gg_msg_encode(&m, buf1, sizeof buf1);
    EXPECT_MSG(n > 0 && n < GG_MAX_MESSAGE / 4, "state size %d", n);
    printf("catalog: %d message types; sample state %d bytes; sizeof(gg_msg) %zu\n", GG_MSG_TYPES,
           n, sizeof(gg_msg));
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        printf("usage: test_protocol roundtrip|game|golden <dir>|bombs|frame|json|catalog|"
               "hex <type>\n");
        return argc < 2 ? 2 : 0;
    }
    const char *c = argv[1];
    if (!strcmp(c, "roundtrip"))
        case_roundtrip();
    else if (!strcmp(c, "game"))
        case_game();
    else if (!strcmp(c, "golden") && argc > 2)
        case_golden(argv[2]);
    else if (!strcmp(c, "bombs"))
        case_bombs();
    else if (!strcmp(c, "frame"))
        case_frame();
    else if (!strcmp(c, "json"))
        case_json();
    else if (!strcmp(c, "catalog"))
        case_catalog();
    else if (!strcmp(c, "hex") && argc > 2) {
        /* prints a sample's bytes: how the golden files were made */
        gg_msg m;
        int t = gg_msg_type_find(argv[2], strlen(argv[2]));
        if (t < 0 || gg_sample_msg(t, &m) < 0)
            return 2;
        int n = gg_msg_encode(&m, buf1, sizeof buf1);
        for (int i = 0; i < n; i++)
            printf("%02x%s", buf1[i], (i + 1) % 32 == 0 || i + 1 == n ? "\n" : "");
    } else {
        fprintf(stderr, "test_protocol: unknown case '%s'; see --help\n", c);
        return 2;
    }
    if (gg_check_failures)
        fprintf(stderr, "%d check(s) failed\n", gg_check_failures);
    return gg_check_failures ? 1 : 0;
}
