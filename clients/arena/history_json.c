/* history_json.c — gg-arena --history --json: the scripted historical
 * line (game/history.c) as a JSON array. */
#include <stdio.h>

#include "arena.h"

void gg_history_json(FILE *f, const gg_history_row *rows, int n)
{
    fputs("[", f);
    for (int i = 0; i < n; i++) {
        const gg_history_row *r = &rows[i];
        fprintf(f, "%s\n{\"year\":%u,\"estimate\":%s,\"news\":[", i ? "," : "", r->year,
                r->estimate ? "true" : "false");
        for (int k = 0; k < r->nnews; k++)
            fprintf(f, "%s\"%s\"", k ? "," : "", gg_event_def_get(r->news[k])->id);
        fputs("],\"tracks\":{", f);
        for (int t = 0; t < GG_TRACKS; t++)
            fprintf(f, "%s\"%s\":%u", t ? "," : "", gg_track_name(t), r->track[t]);
        fputs("},\"globals\":{", f);
        for (int g = 0; g < GG_GLOBALS; g++)
            fprintf(f, "%s\"%s\":%u", g ? "," : "", gg_global_name(g), r->global[g]);
        fputs("},\"influence\":{", f);
        for (int p = 0; p < GG_POWERS; p++) {
            fprintf(f, "%s\"%s\":{", p ? "," : "", gg_seat_name(p));
            for (int d = 0; d < GG_DOMAINS; d++)
                fprintf(f, "%s\"%s\":%u", d ? "," : "", gg_domain_name(d), r->influence[p][d]);
            fputs("}", f);
        }
        fputs("},\"routes\":{", f);
        int total = 0;
        for (int q = 0; q < GG_ROUTES; q++) {
            fprintf(f, "%s\"%s\":%u", q ? "," : "", gg_route_name(q), r->route[q]);
            total += r->route[q];
        }
        fprintf(f, "},\"north_share\":%.4f,\"leaders\":{",
                total ? (double)r->route[GG_NORTH] / (double)total : 0.0);
        for (int d = 0; d < GG_DOMAINS; d++) {
            fprintf(f, "%s\"%s\":", d ? "," : "", gg_domain_name(d));
            if (r->leader[d] >= 0)
                fprintf(f, "\"%s\"", gg_seat_name(r->leader[d]));
            else
                fputs("null", f);
        }
        fputs("},\"vp\":{", f);
        for (int s = 0; s < GG_SEATS; s++)
            fprintf(f, "%s\"%s\":%d", s ? "," : "", gg_seat_name(s), r->vp[s]);
        fputs("}}", f);
    }
    fputs("\n]\n", f);
}
