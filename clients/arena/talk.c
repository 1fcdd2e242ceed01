/* talk.c — negotiation transcripts of gg-arena (--transcript): one JSON
 * object per proposal or answer, with its reason as template id, wire
 * arguments and English text. */
#include <inttypes.h>

#include "arena.h"
#include "describe.h"
#include "gg/util.h"

void gg_arena_transcript_line(void *ctx, const gg_bot_talk *t)
{
    gg_arena_transcript *tr = ctx;
    FILE *f = tr->f;
    char buf[512];
    fprintf(f, "{\"game\":%" PRIu64 ",\"turn\":%u,\"seat\":\"%s\",\"move\":\"%s\",\"deal\":%u",
            tr->game, t->turn, gg_seat_name(t->seat), t->answer ? "answer" : "propose", t->deal);
    if (t->answer) {
        fprintf(f, ",\"accept\":%s,\"counter\":%s", t->accept ? "true" : "false",
                t->counter ? "true" : "false");
    } else {
        fprintf(f, ",\"parties\":[");
        int first = 1;
        for (int q = 0; q < GG_SEATS; q++)
            if ((t->parties >> q) & 1) {
                fprintf(f, "%s\"%s\"", first ? "" : ",", gg_seat_name(q));
                first = 0;
            }
        fprintf(f, "],\"clauses\":[");
        for (int k = 0; k < t->nclauses && k < GG_MAX_CLAUSES; k++) {
            gg_describe_clause(&t->clauses[k], buf, sizeof buf);
            fputs(k ? "," : "", f);
            gg_json_str(f, buf);
        }
        fputc(']', f);
    }
    const gg_reason_def *d = gg_reason_def_get(t->why.id);
    fprintf(f, ",\"why\":{\"id\":");
    gg_json_str(f, d ? d->id : "none");
    fprintf(f, ",\"args\":[");
    for (int i = 0; i < t->why.nargs && i < GG_REASON_ARGS; i++) {
        gg_describe_reason_arg(&t->why, i, buf, sizeof buf);
        fputs(i ? "," : "", f);
        gg_json_str(f, buf);
    }
    fprintf(f, "]},\"text\":");
    gg_describe_reason(&t->why, buf, sizeof buf);
    gg_json_str(f, buf);
    fputs("}\n", f);
}
