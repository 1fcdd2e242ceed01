/* describe.h — one-line wire-style text for orders and deal clauses
 * ("bri_project khorgos", "consent china any fee 2"), shared by gg-client's
 * board and gg-arena's debrief (library gg_describe). */
#ifndef GG_DESCRIBE_H
#define GG_DESCRIBE_H

#include <stddef.h>

#include "gg/reasons.h"
#include "gg/rules.h"

/* Writes `seat`'s order as "action [target] [amount resource]". */
void gg_describe_order(int seat, const gg_order *o, char *out, size_t cap);

/* Writes a clause as "transfer west->kazakhstan 2 capital", "consent china any
 * fee 2", "joint khorgos partner russia share 2", "pledge china no
 * security-in-kz for 2 turns" or "accord spheres". */
void gg_describe_clause(const gg_clause *cl, char *out, size_t cap);

/* Writes argument `i` of reason `r` as its wire id: a seat, action, accord
 * or project id, a resource name ("capital"), pledge tags joined by commas,
 * or a decimal number (hundredths of a VP stay hundredths). */
void gg_describe_reason_arg(const gg_reason *r, int i, char *out, size_t cap);

/* Renders reason `r` in English from its template (gg_reason_def.text):
 * names for ids, VP with two decimals. A malformed reason renders as
 * "(no reason)". */
void gg_describe_reason(const gg_reason *r, char *out, size_t cap);

#endif
