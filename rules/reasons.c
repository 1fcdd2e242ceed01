/* reasons.c — the reason templates (gg/reasons.h): data and checks. */
#include <string.h>

#include "internal.h"
#include "gg/reasons.h"

static const gg_reason_def reasons[GG_REASONS] = {
#define GG__RSN_DEF(e, s, k, t) {s, k, t},
    GG_REASON_LIST(GG__RSN_DEF)
#undef GG__RSN_DEF
};

const gg_reason_def *gg_reason_def_get(int reason)
{
    return reason >= 0 && reason < GG_REASONS ? &reasons[reason] : NULL;
}

int gg_reason_find(const char *id)
{
    for (int i = 0; id && i < GG_REASONS; i++)
        if (strcmp(reasons[i].id, id) == 0)
            return i;
    return GG_EBAD_DEAL;
}

/* Whether `v` is in range for argument kind `k`. */
static int arg_ok(char k, int v)
{
    switch (k) {
    case 's':
        return v >= 0 && v < GG_SEATS;
    case 'a':
        return v >= 0 && v < GG_ACTIONS;
    case 'c':
        return v >= 0 && v < GG_ACCORDS;
    case 'p':
        return v >= 0 && v < GG_PROJECTS;
    case 't':
        return v > 0 && v < (1 << GG_TAGS);
    case 'r':
        return v >= 0 && v < GG_RES_KINDS;
    case 'd':
        return v >= 1 && v <= 65535;
    case 'n':
    case 'v':
        return 1; /* any int16 */
    default:
        return 0;
    }
}

int gg_reason_check(const gg_reason *r)
{
    const gg_reason_def *d = r ? gg_reason_def_get(r->id) : NULL;
    if (!d || r->nargs != strlen(d->kinds) || r->nargs > GG_REASON_ARGS)
        return GG_EBAD_DEAL;
    for (int i = 0; i < r->nargs; i++)
        if (!arg_ok(d->kinds[i], r->arg[i]))
            return GG_EBAD_DEAL;
    return 0;
}

gg_reason gg_reason_make(int id, int a0, int a1, int a2, int a3, int a4, int a5)
{
    gg_reason r;
    memset(&r, 0, sizeof r);
    const gg_reason_def *d = gg_reason_def_get(id);
    if (!d)
        return r;
    int a[GG_REASON_ARGS] = {a0, a1, a2, a3, a4, a5};
    r.id = (uint8_t)id;
    r.nargs = (uint8_t)strlen(d->kinds);
    for (int i = 0; i < r.nargs; i++)
        r.arg[i] = (int16_t)(a[i] < -32768 ? -32768 : (a[i] > 32767 ? 32767 : a[i]));
    return r;
}
