/* protocol/deals.c — wire codecs of deal clauses, ledger entries and the
 * turn report. A clause on the wire names everything:
 *   {"k":"transfer","from":"china","to":"kazakhstan","r":"capital","n":3}
 *   {"k":"consent","power":"china","a":"bri_project"|"any","fee":2}
 *   {"k":"joint","p":"khorgos","partner":"russia","n":2}
 *   {"k":"pledge","seat":"russia","tags":["security-in-kz"],"turns":2}
 *   {"k":"accord","accord":"spheres","turns":0}
 * Unknown names inside a clause are GG_EBAD_DEAL. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static int fail(gg__ctx *c, int rc, const char *key, int i, const char *sub)
{
    char path[GG_MAX_NAME + 1];
    if (i >= 0)
        snprintf(path, sizeof path, "%s[%d]%s%s", key, i, sub ? "." : "", sub ? sub : "");
    else
        snprintf(path, sizeof path, "%s%s%s", key, sub ? "." : "", sub ? sub : "");
    gg__where(c, path, i);
    return rc;
}

/* Reads a name from `names`; an unknown one is GG_EBAD_DEAL. */
static int rd_dname(gg__rd *r, const char *(*names)(int), int count)
{
    return gg__rd_name(r, names, count, GG_EBAD_DEAL);
}

enum {
    CK_K,
    CK_FROM,
    CK_TO,
    CK_R,
    CK_N,
    CK_POWER,
    CK_A,
    CK_FEE,
    CK_P,
    CK_PARTNER,
    CK_SEAT,
    CK_TAGS,
    CK_TURNS,
    CK_ACCORD,
    CK_KEYS
};
static const char *const ckeys[CK_KEYS] = {"k",     "from", "to",    "r",     "n",
                                           "power", "a",    "fee",   "p",     "partner",
                                           "seat",  "tags", "turns", "accord"};

static int dec_clause(gg__rd *r, gg_clause *cl, gg__ctx *c, const char *key, int idx)
{
    uint32_t n;
    int rc = gg__rd_map(r, &n);
    if (rc < 0)
        return fail(c, rc, key, idx, NULL);
    int val[CK_KEYS];
    for (int k = 0; k < CK_KEYS; k++)
        val[k] = -1;
    for (uint32_t i = 0; i < n; i++) {
        const char *ks;
        uint32_t kl;
        if ((rc = gg__rd_str(r, &ks, &kl)) < 0)
            return fail(c, rc, key, idx, NULL);
        int k = 0;
        while (k < CK_KEYS && !gg__streq(ks, kl, ckeys[k]))
            k++;
        uint64_t u;
        switch (k) {
        case CK_K:
            rc = rd_dname(r, gg__clause_kind_name, GG_CLAUSE_KINDS);
            break;
        case CK_FROM:
        case CK_TO:
        case CK_PARTNER:
        case CK_SEAT:
            rc = rd_dname(r, gg__seat_name, GG_SEATS);
            break;
        case CK_POWER:
            rc = rd_dname(r, gg__power_name, GG_POWERS);
            break;
        case CK_R: {
            const char *s;
            uint32_t sl;
            if ((rc = gg__rd_str(r, &s, &sl)) == 0 && (rc = gg__res_find(s, sl)) < 0)
                rc = GG_EBAD_DEAL;
            break;
        }
        case CK_A:
            if (gg__rd_is_nil(r)) {
                rc = GG_EMSG_BAD_FIELD;
                break;
            }
            {
                const char *s;
                uint32_t sl;
                gg__rd save = *r;
                if ((rc = gg__rd_str(r, &s, &sl)) == 0 && gg__streq(s, sl, "any")) {
                    rc = GG_CONSENT_ANY;
                } else if (rc == 0) {
                    *r = save;
                    rc = rd_dname(r, gg__action_name, GG_ACTIONS);
                }
            }
            break;
        case CK_P:
            rc = rd_dname(r, gg__project_name, GG_PROJECTS);
            break;
        case CK_ACCORD:
            rc = rd_dname(r, gg__accord_name, GG_ACCORDS);
            break;
        case CK_N:
        case CK_FEE:
        case CK_TURNS:
            if ((rc = gg__rd_uint(r, &u, 255)) == 0)
                rc = (int)u;
            break;
        case CK_TAGS: {
            uint32_t m;
            if ((rc = gg__rd_array(r, &m)) < 0)
                break;
            int bits = 0;
            for (uint32_t j = 0; j < m && rc >= 0; j++) {
                rc = rd_dname(r, gg__tag_name, GG_TAGS);
                if (rc >= 0)
                    bits |= 1 << rc;
            }
            if (rc >= 0) {
                gg__rd_leave(r);
                rc = bits;
            }
            break;
        }
        default:
            if ((rc = gg__rd_skip(r)) < 0)
                return fail(c, rc, key, idx, NULL);
            continue;
        }
        if (rc < 0)
            return fail(c, rc, key, idx, ckeys[k]);
        val[k] = rc;
    }
    gg__rd_leave(r);
    memset(cl, 0, sizeof *cl);
    if (val[CK_K] < 0)
        return fail(c, GG_EMSG_MISSING_FIELD, key, idx, "k");
    cl->kind = (uint8_t)val[CK_K];
    static const int need[GG_CLAUSE_KINDS][4] = {
        [GG_CLAUSE_TRANSFER] = {CK_FROM, CK_TO, CK_R, CK_N},
        [GG_CLAUSE_CONSENT] = {CK_POWER, CK_A, -1, -1},
        [GG_CLAUSE_JOINT] = {CK_P, CK_PARTNER, CK_N, -1},
        [GG_CLAUSE_PLEDGE] = {CK_SEAT, CK_TAGS, CK_TURNS, -1},
        [GG_CLAUSE_ACCORD] = {CK_ACCORD, -1, -1, -1},
    };
    for (int j = 0; j < 4; j++)
        if (need[cl->kind][j] >= 0 && val[need[cl->kind][j]] < 0)
            return fail(c, GG_EMSG_MISSING_FIELD, key, idx, ckeys[need[cl->kind][j]]);
#define V(k) (uint8_t)(val[k] < 0 ? 0 : val[k])
    switch (cl->kind) {
    case GG_CLAUSE_TRANSFER:
        cl->a = V(CK_FROM), cl->b = V(CK_TO), cl->c = V(CK_R), cl->amount = V(CK_N);
        break;
    case GG_CLAUSE_CONSENT:
        cl->a = V(CK_POWER), cl->c = V(CK_A), cl->amount = V(CK_FEE);
        break;
    case GG_CLAUSE_JOINT:
        cl->a = V(CK_P), cl->b = V(CK_PARTNER), cl->amount = V(CK_N);
        break;
    case GG_CLAUSE_PLEDGE:
        cl->a = V(CK_SEAT), cl->c = V(CK_TAGS), cl->turns = V(CK_TURNS);
        break;
    default:
        cl->c = V(CK_ACCORD), cl->turns = V(CK_TURNS);
        break;
    }
#undef V
    return 0;
}

int gg__dec_clauses(gg__rd *r, gg_clauses *cl, gg__ctx *c, const char *key)
{
    uint32_t n;
    int rc = gg__rd_array(r, &n);
    if (rc < 0)
        return fail(c, rc, key, -1, NULL);
    if (n > GG_MAX_CLAUSES)
        return fail(c, GG_EBAD_DEAL, key, GG_MAX_CLAUSES, NULL);
    cl->n = 0;
    for (uint32_t i = 0; i < n; i++) {
        if ((rc = dec_clause(r, &cl->c[i], c, key, (int)i)) < 0)
            return rc;
        cl->n++;
    }
    gg__rd_leave(r);
    return 0;
}

static void kv_str(gg__wr *w, const char *k, const char *v)
{
    gg__wr_str(w, k);
    gg__wr_str(w, v);
}

static void kv_uint(gg__wr *w, const char *k, uint64_t v)
{
    gg__wr_str(w, k);
    gg__wr_uint(w, v);
}

static int enc_clause(gg__wr *w, const gg_clause *cl)
{
    switch (cl->kind) {
    case GG_CLAUSE_TRANSFER:
        if (cl->a >= GG_SEATS || cl->b >= GG_SEATS || cl->c >= GG_RES_KINDS)
            return GG_EMSG_BAD_FIELD;
        gg__wr_map(w, 5);
        kv_str(w, "k", "transfer");
        kv_str(w, "from", gg__seat_name(cl->a));
        kv_str(w, "to", gg__seat_name(cl->b));
        kv_str(w, "r", gg_res_name(cl->a, cl->c));
        kv_uint(w, "n", cl->amount);
        return 0;
    case GG_CLAUSE_CONSENT:
        if (cl->a >= GG_POWERS || (cl->c >= GG_ACTIONS && cl->c != GG_CONSENT_ANY))
            return GG_EMSG_BAD_FIELD;
        gg__wr_map(w, cl->amount ? 4 : 3);
        kv_str(w, "k", "consent");
        kv_str(w, "power", gg__power_name(cl->a));
        kv_str(w, "a", cl->c == GG_CONSENT_ANY ? "any" : gg__action_name(cl->c));
        if (cl->amount)
            kv_uint(w, "fee", cl->amount);
        return 0;
    case GG_CLAUSE_JOINT:
        if (cl->a >= GG_PROJECTS || cl->b >= GG_SEATS)
            return GG_EMSG_BAD_FIELD;
        gg__wr_map(w, 4);
        kv_str(w, "k", "joint");
        kv_str(w, "p", gg__project_name(cl->a));
        kv_str(w, "partner", gg__seat_name(cl->b));
        kv_uint(w, "n", cl->amount);
        return 0;
    case GG_CLAUSE_PLEDGE: {
        if (cl->a >= GG_SEATS || cl->c >> GG_TAGS)
            return GG_EMSG_BAD_FIELD;
        gg__wr_map(w, 4);
        kv_str(w, "k", "pledge");
        kv_str(w, "seat", gg__seat_name(cl->a));
        gg__wr_str(w, "tags");
        uint32_t nt = 0;
        for (int t = 0; t < GG_TAGS; t++)
            nt += ((unsigned)cl->c >> t) & 1u;
        gg__wr_array(w, nt);
        for (int t = 0; t < GG_TAGS; t++)
            if (((unsigned)cl->c >> t) & 1u)
                gg__wr_str(w, gg__tag_name(t));
        kv_uint(w, "turns", cl->turns);
        return 0;
    }
    case GG_CLAUSE_ACCORD:
        if (cl->c >= GG_ACCORDS)
            return GG_EMSG_BAD_FIELD;
        gg__wr_map(w, cl->turns ? 3 : 2);
        kv_str(w, "k", "accord");
        kv_str(w, "accord", gg__accord_name(cl->c));
        if (cl->turns)
            kv_uint(w, "turns", cl->turns);
        return 0;
    default:
        return GG_EMSG_BAD_FIELD;
    }
}

int gg__enc_clauses(gg__wr *w, const gg_clause *c, int n)
{
    if (n < 0 || n > GG_MAX_CLAUSES)
        return GG_EMSG_BAD_FIELD;
    gg__wr_array(w, (uint32_t)n);
    for (int i = 0; i < n; i++) {
        int rc = enc_clause(w, &c[i]);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* ---- Ledger entries --------------------------------------------------------
 * {"id":7,"st":"open","by":"china","parties":[..],"acc":[..],"turn":3,
 *  "breach":[..],"why":{..},"ans_by":"kazakhstan","ans_why":{..},"cl":[..]}
 * ("breach" and the reasons only when there are any) */

int gg__dec_deal(gg__rd *r, gg_deal *d, gg__ctx *c, const char *key)
{
    uint32_t n;
    int rc = gg__rd_map(r, &n);
    if (rc < 0)
        return fail(c, rc, key, -1, NULL);
    memset(d, 0, sizeof *d);
    unsigned seen = 0;
    for (uint32_t i = 0; i < n; i++) {
        const char *ks;
        uint32_t kl;
        uint64_t u;
        if ((rc = gg__rd_str(r, &ks, &kl)) < 0)
            return fail(c, rc, key, -1, NULL);
        const char *sub = NULL;
        if (gg__streq(ks, kl, "id")) {
            sub = "id";
            if ((rc = gg__rd_uint(r, &u, 65535)) == 0)
                d->id = (uint16_t)u, seen |= 1;
        } else if (gg__streq(ks, kl, "st")) {
            sub = "st";
            rc = gg__rd_name(r, gg__deal_status_name, GG_DEAL_BREACHED + 1, GG_EMSG_BAD_FIELD);
            if (rc >= 0)
                d->status = (uint8_t)rc, rc = 0, seen |= 2;
        } else if (gg__streq(ks, kl, "by")) {
            sub = "by";
            rc = gg__rd_name(r, gg__seat_name, GG_SEATS, GG_EBAD_SEAT);
            if (rc >= 0)
                d->proposer = (uint8_t)rc, rc = 0, seen |= 4;
        } else if (gg__streq(ks, kl, "parties")) {
            sub = "parties";
            rc = gg__dec_seatset(r, &d->parties, c, key);
        } else if (gg__streq(ks, kl, "acc")) {
            sub = "acc";
            rc = gg__dec_seatset(r, &d->accepted, c, key);
        } else if (gg__streq(ks, kl, "breach")) {
            sub = "breach";
            rc = gg__dec_seatset(r, &d->breacher, c, key);
        } else if (gg__streq(ks, kl, "turn")) {
            sub = "turn";
            if ((rc = gg__rd_uint(r, &u, 255)) == 0)
                d->turn = (uint8_t)u;
        } else if (gg__streq(ks, kl, "cl")) {
            sub = "cl";
            gg_clauses cl;
            if ((rc = gg__dec_clauses(r, &cl, c, "cl")) == 0) {
                d->nclauses = cl.n;
                memcpy(d->clauses, cl.c, sizeof d->clauses);
            }
        } else if (gg__streq(ks, kl, "why")) {
            sub = "why";
            rc = gg__dec_reason(r, &d->why, c, "why");
        } else if (gg__streq(ks, kl, "ans_why")) {
            sub = "ans_why";
            rc = gg__dec_reason(r, &d->ans_why, c, "ans_why");
        } else if (gg__streq(ks, kl, "ans_by")) {
            sub = "ans_by";
            rc = gg__rd_name(r, gg__seat_name, GG_SEATS, GG_EBAD_SEAT);
            if (rc >= 0)
                d->ans_by = (uint8_t)rc, rc = 0;
        } else {
            rc = gg__rd_skip(r);
        }
        if (rc < 0)
            return fail(c, rc, key, -1, sub);
    }
    gg__rd_leave(r);
    if ((seen & 7) != 7)
        return fail(c, GG_EMSG_MISSING_FIELD, key, -1,
                    !(seen & 1)   ? "id"
                    : !(seen & 2) ? "st"
                                  : "by");
    return 0;
}

int gg__enc_deal(gg__wr *w, const gg_deal *d)
{
    if (d->status > GG_DEAL_BREACHED || d->proposer >= GG_SEATS || (d->parties >> GG_SEATS) ||
        (d->accepted >> GG_SEATS) || (d->breacher >> GG_SEATS))
        return GG_EMSG_BAD_FIELD;
    /* The reasons (gg_deal.why, ans_why) only when given: "why", and
     * "ans_by" with "ans_why" (section 8, Reasons). */
    int why = d->why.id != GG_RSN_NONE && gg_reason_check(&d->why) == 0;
    int ans =
        d->ans_why.id != GG_RSN_NONE && gg_reason_check(&d->ans_why) == 0 && d->ans_by < GG_SEATS;
    gg__wr_map(w, (d->breacher ? 8u : 7u) + (why ? 1u : 0u) + (ans ? 2u : 0u));
    kv_uint(w, "id", d->id);
    kv_str(w, "st", gg__deal_status_name(d->status));
    kv_str(w, "by", gg__seat_name(d->proposer));
    gg__wr_str(w, "parties");
    gg__enc_seatset(w, d->parties);
    gg__wr_str(w, "acc");
    gg__enc_seatset(w, d->accepted);
    kv_uint(w, "turn", d->turn);
    if (d->breacher) {
        gg__wr_str(w, "breach");
        gg__enc_seatset(w, d->breacher);
    }
    if (why) {
        gg__wr_str(w, "why");
        gg__enc_reason(w, &d->why);
    }
    if (ans) {
        kv_str(w, "ans_by", gg__seat_name(d->ans_by));
        gg__wr_str(w, "ans_why");
        gg__enc_reason(w, &d->ans_why);
    }
    gg__wr_str(w, "cl");
    return gg__enc_clauses(w, d->clauses, d->nclauses);
}

/* ---- Turn report ------------------------------------------------------------
 * {"turn":3,"news":["crimea"],"acts":{"china":[{"a":..,"t":..,"out":"done",
 *  "chg":[{"k":"influence","x":"china","y":"economy","n":1}]}]},
 *  "crisis":false,"resp":"handle_alone","breaches":["west"],"whatif":[0]}
 * ("chg": what the order changed, protocol/changes.c; "chg_lost": changes
 * that did not fit, only when not 0) */

int gg__dec_report(gg__rd *r, gg_report *rep, gg__ctx *c, const char *key)
{
    uint32_t n;
    int rc = gg__rd_map(r, &n);
    if (rc < 0)
        return fail(c, rc, key, -1, NULL);
    memset(rep, 0, sizeof *rep);
    for (uint32_t i = 0; i < n; i++) {
        const char *ks;
        uint32_t kl;
        uint64_t u;
        int b;
        if ((rc = gg__rd_str(r, &ks, &kl)) < 0)
            return fail(c, rc, key, -1, NULL);
        const char *sub = NULL;
        if (gg__streq(ks, kl, "turn")) {
            sub = "turn";
            if ((rc = gg__rd_uint(r, &u, 255)) == 0)
                rep->turn = (uint8_t)u;
        } else if (gg__streq(ks, kl, "resolved")) {
            sub = "resolved";
            if ((rc = gg__rd_uint(r, &u, 255)) == 0)
                rep->resolved = (uint8_t)u;
        } else if (gg__streq(ks, kl, "news")) {
            sub = "news";
            uint32_t m;
            if ((rc = gg__rd_array(r, &m)) == 0) {
                if (m > GG_MAX_NEWS)
                    return fail(c, GG_EMSG_BAD_COUNT, key, -1, sub);
                for (uint32_t j = 0; j < m && rc >= 0; j++) {
                    rc = gg__rd_name(r, gg__event_name, gg__nevents(), GG_EBAD_EVENT);
                    if (rc >= 0)
                        rep->news[rep->nnews++] = (uint8_t)rc;
                }
                if (rc >= 0)
                    gg__rd_leave(r), rc = 0;
            }
        } else if (gg__streq(ks, kl, "acts")) {
            sub = "acts";
            uint32_t m;
            if ((rc = gg__rd_map(r, &m)) == 0) {
                for (uint32_t j = 0; j < m && rc >= 0; j++) {
                    rc = gg__rd_name(r, gg__seat_name, GG_SEATS, GG_EBAD_SEAT);
                    if (rc >= 0)
                        rc = gg__dec_orders(r, &rep->orders[rc], 1, rep->outcome[rc], rep, rc, c,
                                            "acts");
                }
                if (rc >= 0)
                    gg__rd_leave(r), rc = 0;
            }
        } else if (gg__streq(ks, kl, "chg_lost")) {
            sub = "chg_lost";
            if ((rc = gg__rd_uint(r, &u, 255)) == 0)
                rep->changes_lost = (uint8_t)u;
        } else if (gg__streq(ks, kl, "crisis")) {
            sub = "crisis";
            if ((rc = gg__rd_bool(r, &b)) == 0)
                rep->crisis = (uint8_t)b;
        } else if (gg__streq(ks, kl, "resp")) {
            sub = "resp";
            rc = gg__rd_name(r, gg__response_name, GG_RESPONSES, GG_EBAD_TARGET);
            if (rc >= 0)
                rep->response = (uint8_t)rc, rc = 0;
        } else if (gg__streq(ks, kl, "breaches")) {
            sub = "breaches";
            rc = gg__dec_seatset(r, &rep->breaches, c, key);
        } else if (gg__streq(ks, kl, "whatif")) { /* indices into news */
            sub = "whatif";
            uint32_t m;
            if ((rc = gg__rd_array(r, &m)) == 0) {
                if (m > GG_MAX_NEWS)
                    return fail(c, GG_EMSG_BAD_COUNT, key, -1, sub);
                for (uint32_t j = 0; j < m && rc >= 0; j++)
                    if ((rc = gg__rd_uint(r, &u, GG_MAX_NEWS - 1)) == 0)
                        rep->what_if = (uint8_t)(rep->what_if | (1u << u));
                if (rc >= 0)
                    gg__rd_leave(r), rc = 0;
            }
        } else {
            rc = gg__rd_skip(r);
        }
        if (rc < 0)
            return fail(c, rc, key, -1, sub);
    }
    gg__rd_leave(r);
    return 0;
}

int gg__enc_report(gg__wr *w, const gg_report *rep, int with_changes)
{
    if (rep->nnews > GG_MAX_NEWS || (rep->breaches >> GG_SEATS) || (rep->what_if >> rep->nnews) ||
        (rep->crisis && rep->response >= GG_RESPONSES))
        return GG_EMSG_BAD_FIELD;
    int nev = gg__nevents();
    for (int i = 0; i < rep->nnews; i++)
        if (rep->news[i] >= nev)
            return GG_EMSG_BAD_FIELD;
    if (rep->nchanges > GG_MAX_CHANGES)
        return GG_EMSG_BAD_FIELD;
    for (int i = 0; i < rep->nchanges; i++) { /* every change belongs to a listed order */
        int seat = rep->changes[i].order / GG_MAX_ORDERS;
        if (seat >= GG_SEATS || rep->changes[i].order % GG_MAX_ORDERS >= rep->orders[seat].count ||
            rep->changes[i].kind >= GG_CHG_KINDS)
            return GG_EMSG_BAD_FIELD;
    }
    uint32_t nacts = 0;
    for (int s = 0; s < GG_SEATS; s++)
        nacts += rep->orders[s].count > 0;
    gg__wr_map(w, 5u + (rep->crisis ? 1u : 0u) + (rep->breaches ? 1u : 0u) +
                      (rep->what_if ? 1u : 0u) + (with_changes && rep->changes_lost ? 1u : 0u));
    kv_uint(w, "turn", rep->turn);
    kv_uint(w, "resolved", rep->resolved);
    gg__wr_str(w, "news");
    gg__wr_array(w, rep->nnews);
    for (int i = 0; i < rep->nnews; i++)
        gg__wr_str(w, gg__event_name(rep->news[i]));
    gg__wr_str(w, "acts");
    gg__wr_map(w, nacts);
    for (int s = 0; s < GG_SEATS; s++) {
        if (!rep->orders[s].count)
            continue;
        gg__wr_str(w, gg__seat_name(s));
        int rc = gg__enc_orders(w, &rep->orders[s], rep->outcome[s], with_changes ? rep : NULL, s);
        if (rc < 0)
            return rc;
    }
    gg__wr_str(w, "crisis");
    gg__wr_bool(w, rep->crisis != 0);
    if (rep->crisis)
        kv_str(w, "resp", gg__response_name(rep->response));
    if (rep->breaches) {
        gg__wr_str(w, "breaches");
        gg__enc_seatset(w, rep->breaches);
    }
    if (rep->what_if) { /* the news entries drawn out of their historical year */
        uint32_t nw = 0;
        for (int i = 0; i < rep->nnews; i++)
            nw += (rep->what_if >> i) & 1u;
        gg__wr_str(w, "whatif");
        gg__wr_array(w, nw);
        for (int i = 0; i < rep->nnews; i++)
            if ((rep->what_if >> i) & 1u)
                gg__wr_uint(w, (uint64_t)i);
    }
    if (with_changes && rep->changes_lost) /* changes that did not fit the report's list */
        kv_uint(w, "chg_lost", rep->changes_lost);
    return 0;
}
