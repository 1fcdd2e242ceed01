/* replay.c — gg-arena --replay: re-simulates a replay file (exported by
 * gg-server) offline through the same command semantics the server used
 * (gg_command_apply), and checks the state hash after every resolved turn
 * against the hashes recorded in the file. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "gg/game.h"

typedef struct resim {
    gg_state s;
    gg_turn_hashes computed, recorded;
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
    int turn = r->s.turn, phase = r->s.phase;
    if (!err)
        err = gg_command_apply(&r->s, who, &m, NULL);
    if (err) {
        r->refused_seq = seq;
        r->refused_err = err;
        return 1;
    }
    int resolved = gg_turn_resolved(turn, phase, &r->s);
    if (resolved)
        gg_turn_hashes_set(&r->computed, resolved, gg_state_hash(&r->s));
    return 0;
}

static int on_hash(int turn, uint64_t hash, void *ud)
{
    resim *r = ud;
    gg_turn_hashes_set(&r->recorded, turn, hash);
    return 0;
}

int gg__arena_read_file(const char *path, uint8_t **out, size_t *outlen, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open replay file '%s': %s", path, strerror(errno));
        return -1;
    }
    size_t cap = 1u << 16, len = 0;
    uint8_t *buf = malloc(cap);
    while (buf) {
        len += fread(buf + len, 1, cap - len, f);
        if (len < cap || cap > GG_REPLAY_MAX_FILE)
            break; /* end of file, or too big (gg_replay_create says so) */
        uint8_t *bigger = realloc(buf, cap * 2);
        if (!bigger)
            free(buf);
        buf = bigger;
        cap *= 2;
    }
    int failed = ferror(f);
    fclose(f);
    if (!buf || failed) {
        snprintf(err, errlen, "cannot read replay file '%s': %s", path,
                 buf ? "read error" : "out of memory");
        free(buf);
        return -1;
    }
    *out = buf;
    *outlen = len;
    return 0;
}

/* Reads the whole file at `path` and validates it. Returns the reader, or
 * NULL with the reason in err. */
static gg_replay *read_replay(const char *path, char *err, size_t errlen)
{
    uint8_t *buf;
    size_t len;
    if (gg__arena_read_file(path, &buf, &len, err, errlen))
        return NULL;
    gg_replay *rp;
    return gg_replay_create_owned(buf, len, &rp, err, errlen) == 0 ? rp : NULL;
}

gg_replay *gg__arena_replay_start(const char *path, gg_state *s, gg_options *opt)
{
    char err[512];
    gg_replay *rp = read_replay(path, err, sizeof err);
    if (!rp) {
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
        gg_replay_destroy(rp);
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
    int first_bad = gg_turn_hashes_diverge(&r.computed, &r.recorded);
    int last_turn = r.recorded.last;
    int ok = !first_bad && !r.refused_err;
    if (json) {
        fputs("{\"file\":", out);
        gg_json_str(out, path);
        fputs(",\"scenario\":", out);
        gg_json_str(out, h->scenario);
        fprintf(out, ",\"seed\":%" PRIu64 ",\"records\":%u,", h->seed, r.records);
        fprintf(out, "\"turns\":[");
        for (int t = 1; t <= last_turn; t++)
            fprintf(out,
                    "%s{\"turn\":%d,\"hash\":\"%016" PRIx64 "\",\"recorded\":\"%016" PRIx64
                    "\",\"match\":%s}",
                    t > 1 ? "," : "", t, r.computed.hash[t], r.recorded.hash[t],
                    r.computed.hash[t] == r.recorded.hash[t] ? "true" : "false");
        fprintf(out, "],\"final_hash\":\"%016" PRIx64 "\",\"phase\":\"%s\",\"finished\":%s,",
                gg_state_hash(&r.s), gg_phase_name(r.s.phase), h->finished ? "true" : "false");
        if (first_bad)
            fprintf(out, "\"first_divergent_turn\":%d,", first_bad);
        if (r.refused_err)
            fprintf(out, "\"refused_record\":%u,\"refused_error\":\"%s\",", r.refused_seq,
                    gg_errname(r.refused_err));
        fprintf(out, "\"ok\":%s}\n", ok ? "true" : "false");
    } else {
        fprintf(out,
                "%s: %s, seed %" PRIu64 ", %u records, %d turns checked, final hash %016" PRIx64
                "\n",
                path, h->scenario, h->seed, r.records, last_turn, gg_state_hash(&r.s));
    }
    if (first_bad)
        fprintf(stderr,
                "gg-arena: %s: re-simulation diverged at turn %d (hash %016" PRIx64
                ", recorded %016" PRIx64 "): the file or the rules version differs\n",
                path, first_bad, r.computed.hash[first_bad], r.recorded.hash[first_bad]);
    if (r.refused_err)
        fprintf(stderr, "gg-arena: %s: record %u was refused by the rules: %s\n", path,
                r.refused_seq, gg_strerror(r.refused_err));
    gg_replay_destroy(rp);
    return ok ? 0 : 1;
}
