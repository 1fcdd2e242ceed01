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

/* Writes `seat`'s order in words for a reader: the action's display name
 * and its target ("Connectivity corridor: Trans-Caspian corridor",
 * "Sanctions: Russia", "Transfer: 2 capital to Kazakhstan"). */
void gg_describe_order_words(int seat, const gg_order *o, char *out, size_t cap);

/* An order's outcome at resolution in words ("done", "no consent: no
 * effect, no cost", "lost the bid", "failed: no longer possible", "done,
 * breaking a pledge"). */
const char *gg_describe_outcome(int outcome);

/* Writes a clause in plain English with display names, as the browser
 * client words it: "the West gives Kazakhstan 2 capital", "Kazakhstan
 * consents to China's Belt and Road project for a fee of 2", "Russia joins
 * Khorgos Gateway with 2", "China pledges no security actions in Kazakhstan
 * for 2 turns", "sign the Spheres accord". Lower case at the start (the
 * caller capitalises a sentence). */
void gg_describe_clause_words(const gg_clause *cl, char *out, size_t cap);

/* Pledge tags in words, joined by ", " ("security actions in Kazakhstan,
 * coercive actions"). Returns out. */
char *gg_describe_tags(int bits, char *out, size_t cap);

/* Writes argument `i` of reason `r` as its wire id: a seat, action, accord
 * or project id, a resource name ("capital"), pledge tags joined by commas,
 * or a decimal number (hundredths of a VP stay hundredths). */
void gg_describe_reason_arg(const gg_reason *r, int i, char *out, size_t cap);

/* Renders reason `r` in English from its template (gg_reason_def.text):
 * names for ids ("the West", "Belt and Road project", "security actions in
 * Kazakhstan"), VP with two decimals, the first letter capitalised. A malformed reason renders as
 * "(no reason)". */
void gg_describe_reason(const gg_reason *r, char *out, size_t cap);

/* Writes the scenario ids in the scenario table's order, joined by ", "
 * ("belt-and-road, after-ukraine, ..."), for --help texts and errors.
 * Returns out (always terminated; cut short if cap is too small). */
char *gg_describe_scenarios(char *out, size_t cap);

/* ---- The rule data as English (ruletext.c) ---------------------------- */

/* "China", "Russia", "the West", "Kazakhstan" ("any seat" out of range). */
const char *gg_seat_title(int seat);
/* The name of one enum gg_institution bit ("EAEU", "Belt and Road
 * Initiative"), "?" for anything else. */
const char *gg_institution_title(int bit);

/* Renders a condition / an effect as English into buf (always terminated).
 * `seat` is the acting seat (for "you"), or -1. Returns buf. */
char *gg_rule_cond_text(const gg_cond *c, char *buf, size_t n);
char *gg_rule_effect_text(const gg_effect *e, int seat, char *buf, size_t n);

/* Renders what an order changed (one entry of gg_report.changes) in the
 * words of the rule data: "China's economy influence +1", "Kazakhstan's
 * budget -2", "sinophobia +1", "north route +1 unit", "Khorgos Gateway
 * started", "Kazakhstan joins the EAEU". Returns out. */
char *gg_describe_change(const gg_change *c, char *out, size_t cap);

/* Writes the changes of order `index` of `seat` in `rep`, joined by ", ",
 * or "no change" when it changed nothing. Returns out. */
char *gg_describe_order_changes(const gg_report *rep, int seat, int index, char *out, size_t cap);

#endif
