/* protocol/internal.h — cross-file internals of the protocol library: the
 * bounded msgpack reader, the bounded writer, and the codecs of the
 * structured field kinds. Not installed; include only from protocol/. */
#ifndef GG_PROTOCOL_INTERNAL_H
#define GG_PROTOCOL_INTERNAL_H

#include <stdint.h>
#include <stddef.h>

#include <msgpack.h>

#include "gg/protocol.h"

/* ---- Bounded reader ---------------------------------------------------- */

/* A cursor over untrusted msgpack bytes. Every header is checked against
 * the bytes left and the limits before anything is believed:
 *   array count <= bytes left and <= GG_MAX_LIST,
 *   map count * 2 <= bytes left and <= GG_MAX_LIST,
 *   str/bin length <= bytes left (and <= GG_MAX_STRING for str,
 *   GG_MAX_MESSAGE for bin), nesting <= GG_MAX_DEPTH, no ext types.
 * Work is therefore linear in the input size. */
typedef struct gg__rd {
    const uint8_t *p;
    const uint8_t *end;
    int depth; /* containers currently open */
} gg__rd;

enum gg__vk {
    GG__V_NIL = 0,
    GG__V_BOOL,
    GG__V_UINT,  /* non-negative integer: u */
    GG__V_INT,   /* negative integer: i */
    GG__V_FLOAT, /* f */
    GG__V_STR,   /* s, len */
    GG__V_BIN,   /* s, len */
    GG__V_ARRAY, /* len elements follow; depth was incremented */
    GG__V_MAP    /* len key/value pairs follow; depth was incremented */
};

typedef struct gg__val {
    int kind;
    uint64_t u;
    int64_t i;
    double f;
    const char *s;
    uint32_t len;
    int b;
} gg__val;

void gg__rd_init(gg__rd *r, const uint8_t *buf, size_t len);

/* Reads one value header (and the body of scalars, strings and bins).
 * For arrays and maps it opens the container (depth + 1): read its
 * elements, then call gg__rd_leave. Returns 0 or a negative error. */
int gg__rd_next(gg__rd *r, gg__val *v);

static inline void gg__rd_leave(gg__rd *r)
{
    r->depth--;
}

/* Skips one whole value, bounded by the same checks. */
int gg__rd_skip(gg__rd *r);

/* Typed reads: each returns 0, GG_EMSG_BAD_FIELD on a wrong type or out of
 * range value, or a reader error. */
int gg__rd_uint(gg__rd *r, uint64_t *out, uint64_t max);
int gg__rd_int(gg__rd *r, int64_t *out, int64_t lo, int64_t hi);
int gg__rd_bool(gg__rd *r, int *out);
int gg__rd_str(gg__rd *r, const char **s, uint32_t *len);
int gg__rd_map(gg__rd *r, uint32_t *n);   /* opens; caller leaves */
int gg__rd_array(gg__rd *r, uint32_t *n); /* opens; caller leaves */
int gg__rd_is_nil(gg__rd *r);             /* 1 if the next value is nil (not consumed) */

/* Reads a string and maps it through a name table: names(i) for
 * i in [0, count). Returns the index, or `unknown_err`. */
int gg__rd_name(gg__rd *r, const char *(*names)(int), int count, int unknown_err);

/* 1 when s[0..len) equals the NUL-terminated `name`. */
int gg__streq(const char *s, uint32_t len, const char *name);

/* Returns 1 if s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
int gg__utf8_ok(const char *s, size_t len);

/* ---- Bounded writer ----------------------------------------------------- */

/* msgpack-c's packer writing into a caller buffer; `full` is set (and
 * further writes dropped) when cap would be exceeded. */
typedef struct gg__wr {
    msgpack_packer pk;
    uint8_t *buf;
    size_t cap;
    size_t len;
    int full;
} gg__wr;

void gg__wr_init(gg__wr *w, uint8_t *buf, size_t cap);
void gg__wr_map(gg__wr *w, uint32_t n);
void gg__wr_array(gg__wr *w, uint32_t n);
void gg__wr_str(gg__wr *w, const char *s);
void gg__wr_strn(gg__wr *w, const char *s, size_t n);
void gg__wr_uint(gg__wr *w, uint64_t u);
void gg__wr_int(gg__wr *w, int64_t i);
void gg__wr_bool(gg__wr *w, int b);
void gg__wr_nil(gg__wr *w);
void gg__wr_bin(gg__wr *w, const uint8_t *p, size_t n);

/* ---- Field-kind codecs of structured kinds (kinds.c, view.c) ---------- */

/* Decoders read one value at r into the member at `dst`; encoders write
 * the value at `src`. Both return 0 or a negative error; on error the
 * decoder writes the field path below `where` into err. */
typedef struct gg__ctx {
    gg_decode_err *err; /* may be NULL */
} gg__ctx;

void gg__where(gg__ctx *c, const char *path, int index);

/* Orders; a turn report's orders (rep != NULL) also carry their outcome
 * and "chg", what each changed (changes.c), as the changes of `seat`. */
int gg__dec_orders(gg__rd *r, gg_orders *o, int with_outcome, uint8_t *outcome, gg_report *rep,
                   int seat, gg__ctx *c, const char *key);
int gg__enc_orders(gg__wr *w, const gg_orders *o, const uint8_t *outcome, const gg_report *rep,
                   int seat);
/* A report order's "chg" array (changes.c): the changes of order `slot`
 * (seat * GG_MAX_ORDERS + index), and how many there are. */
int gg__count_changes(const gg_report *rep, int slot);
int gg__enc_changes(gg__wr *w, const gg_report *rep, int slot);
int gg__dec_changes(gg__rd *r, gg_report *rep, int slot, gg__ctx *c, const char *key, int idx);
int gg__dec_clauses(gg__rd *r, gg_clauses *cl, gg__ctx *c, const char *key);
int gg__enc_clauses(gg__wr *w, const gg_clause *c, int n);
int gg__dec_deal(gg__rd *r, gg_deal *d, gg__ctx *c, const char *key);
int gg__enc_deal(gg__wr *w, const gg_deal *d);
int gg__dec_reason(gg__rd *r, gg_reason *out, gg__ctx *c, const char *key);
int gg__enc_reason(gg__wr *w, const gg_reason *r);
int gg__dec_legal(gg__rd *r, gg_legal_list *l, gg__ctx *c, const char *key);
int gg__enc_legal(gg__wr *w, const gg_legal *l, int n);
int gg__dec_report(gg__rd *r, gg_report *rep, gg__ctx *c, const char *key);
/* `with_changes`: write each order's "chg" and the report's "chg_lost"
 * (turn_result); a state's view leaves them out (they would crowd the
 * servers' in-memory resume window, and turn_result has them). */
int gg__enc_report(gg__wr *w, const gg_report *rep, int with_changes);
int gg__dec_view(gg__rd *r, gg_state *s, gg__ctx *c, const char *key);
int gg__enc_view(gg__wr *w, const gg_state *s);

/* Named-index maps: {name: int} over names(i), i < count. */
int gg__dec_u8map(gg__rd *r, uint8_t *v, const char *(*names)(int), int count, int max, gg__ctx *c,
                  const char *key);
void gg__enc_u8map(gg__wr *w, const uint8_t *v, const char *(*names)(int), int count,
                   int skip_zero);
int gg__dec_seatset(gg__rd *r, uint8_t *mask, gg__ctx *c, const char *key);
void gg__enc_seatset(gg__wr *w, uint8_t mask);
int gg__dec_seatints(gg__rd *r, int16_t *v, int lo, int hi, gg__ctx *c, const char *key);
void gg__enc_seatints(gg__wr *w, const int16_t *v, int skip_zero);

/* Name tables used on the wire (never NULL; "?" out of range). */
const char *gg__seat_name(int i);
const char *gg__power_name(int i);
const char *gg__event_name(int i);
const char *gg__action_name(int i);
const char *gg__project_name(int i);
const char *gg__accord_name(int i);
const char *gg__response_name(int i);
const char *gg__track_name(int i);
const char *gg__global_name(int i);
const char *gg__domain_name(int i);
const char *gg__route_name(int i);
const char *gg__tag_name(int i);
const char *gg__phase_name(int i);
const char *gg__endreason_name(int i);
const char *gg__tiebreak_name(int i);
const char *gg__deal_status_name(int i);
const char *gg__clause_kind_name(int i);
const char *gg__outcome_name(int i);
int gg__nevents(void);

/* Resource slot names accepted for any seat: capital/budget = 0,
 * force = 1, prestige/legitimacy = 2. Returns the slot or -1. */
int gg__res_find(const char *s, uint32_t len);

#endif /* GG_PROTOCOL_INTERNAL_H */
