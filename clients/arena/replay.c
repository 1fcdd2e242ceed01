/* replay.c — gg-arena --replay: re-simulates a replay file (exported by
 * gg-server) offline through the same command semantics the server used
 * (gg_command_apply), and checks the state hash after every resolved turn
 * against the hashes recorded in the file. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "command.h"
#include "store/replay.h"

#define MAX_TURNS 64

typedef struct resim {
    gg_state s;
    uint64_t computed[MAX_TURNS + 1];
    uint64_t recorded[MAX_TURNS + 1];
    int last_turn;
    uint32_t records, refused_seq;
    int refused_err;
} resim;

static int on_record(uint32_t seq, int kind, const uint8_t *p, size_t n, void *ud)
{
    resim *r = ud;
    r->records++;
    int who;
    gg_msg m;
    int err = gg_record_decode(kind, p, n, &who, &m);
    if (err == 1)
        return 0; /* a client joined or left: no effect on the game */
    uint8_t turn = r->s.turn, phase = r->s.phase;
    if (!err)
        err = gg_command_apply(&r->s, who, &m, NULL);
    if (err) {
        r->refused_seq = seq;
        r->refused_err = err;
        return 1;
    }
    if (phase == GG_PHASE_ORDERS && (r->s.phase != GG_PHASE_ORDERS || r->s.turn != turn) &&
        turn <= MAX_TURNS)
        r->computed[turn] = gg_state_hash(&r->s);
    return 0;
}

static int on_hash(int turn, uint64_t hash, void *ud)
{
    resim *r = ud;
    if (turn >= 1 && turn <= MAX_TURNS) {
        r->recorded[turn] = hash;
        if (turn > r->last_turn)
            r->last_turn = turn;
    }
    return 0;
}

gg_replay *gg__arena_replay_start(const char *path, gg_state *s, gg_options *opt)
{
    char err[512];
    gg_replay *rp;
    if (gg_replay_open(path, &rp, err, sizeof err) != 0) {
        fprintf(stderr, "gg-arena: %s\n", err);
        return NULL;
    }
    const gg_replay_header *h = gg_replay_get_header(rp);
    gg_msg create;
    *opt = (gg_options){0};
    if (h->options_len && gg_msg_decode(&create, h->options, h->options_len, NULL) == 0 &&
        create.type == GG_MSG_create_game)
        gg_command_options(&create, opt);
    int rc = gg_init(s, gg_scenario_find(h->scenario), h->seed, opt);
    if (rc) {
        fprintf(stderr, "gg-arena: %s: cannot start scenario '%s': %s\n", path, h->scenario,
                gg_strerror(rc));
        gg_replay_close(rp);
        return NULL;
    }
    return rp;
}

int gg_arena_replay(const char *path, int json, FILE *out)
{
    static resim r; /* large; one replay at a time */
    memset(&r, 0, sizeof r);
    gg_options opt;
    gg_replay *rp = gg__arena_replay_start(path, &r.s, &opt);
    if (!rp)
        return 2;
    const gg_replay_header *h = gg_replay_get_header(rp);
    gg_replay_read(rp, on_record, on_hash, &r);
    int first_bad = 0;
    for (int t = 1; t <= r.last_turn && !first_bad; t++)
        if (r.recorded[t] && r.recorded[t] != r.computed[t])
            first_bad = t;
    int ok = !first_bad && !r.refused_err;
    if (json) {
        fprintf(out, "{\"file\":\"%s\",\"scenario\":\"%s\",\"seed\":%" PRIu64 ",\"records\":%u,",
                path, h->scenario, h->seed, r.records);
        fprintf(out, "\"turns\":[");
        for (int t = 1; t <= r.last_turn; t++)
            fprintf(out, "%s{\"turn\":%d,\"hash\":\"%016" PRIx64 "\",\"recorded\":\"%016" PRIx64
                         "\",\"match\":%s}",
                    t > 1 ? "," : "", t, r.computed[t], r.recorded[t],
                    r.computed[t] == r.recorded[t] ? "true" : "false");
        fprintf(out, "],\"final_hash\":\"%016" PRIx64 "\",\"phase\":\"%s\",\"finished\":%s,",
                gg_state_hash(&r.s), gg_phase_name(r.s.phase), h->finished ? "true" : "false");
        if (first_bad)
            fprintf(out, "\"first_divergent_turn\":%d,", first_bad);
        if (r.refused_err)
            fprintf(out, "\"refused_record\":%u,\"refused_error\":\"%s\",", r.refused_seq,
                    gg_errname(r.refused_err));
        fprintf(out, "\"ok\":%s}\n", ok ? "true" : "false");
    } else {
        fprintf(out, "%s: %s, seed %" PRIu64 ", %u records, %d turns checked, final hash %016" PRIx64
                     "\n",
                path, h->scenario, h->seed, r.records, r.last_turn, gg_state_hash(&r.s));
    }
    if (first_bad)
        fprintf(stderr,
                "gg-arena: %s: re-simulation diverged at turn %d (hash %016" PRIx64
                ", recorded %016" PRIx64 "): the file or the rules version differs\n",
                path, first_bad, r.computed[first_bad], r.recorded[first_bad]);
    if (r.refused_err)
        fprintf(stderr, "gg-arena: %s: record %u was refused by the rules: %s\n", path,
                r.refused_seq, gg_strerror(r.refused_err));
    gg_replay_close(rp);
    return ok ? 0 : 1;
}
