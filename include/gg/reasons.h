/* gg/reasons.h — why a seat proposes or answers a deal, as structured data.
 *
 * A reason is a template id and its arguments, never prose: every client
 * renders it in its own language from the template catalogue below (the
 * English text here is one such rendering, with {0}..{5} standing for the
 * arguments). The catalogue is data of the rules library (gg_rules); the
 * wire carries the template's string id and its arguments rendered by
 * kind (seat, action, accord... names, numbers), and `gg-arena
 * --dump-rules` exports the table as JSON ("reasons") for the web client.
 *
 * Argument kinds, one letter each in gg_reason_def.kinds:
 *   s seat (0..3)            a action id          c accord id
 *   p project id             t pledge tag bits    r resource slot (the seat
 *   n number                 v hundredths of a VP    of the first argument
 *   d deal id                                        names it: capital/budget)
 */
#ifndef GG_REASONS_H
#define GG_REASONS_H

#include <stdint.h>

#define GG_REASON_ARGS 6 /* arguments per reason at most */

/* X(ENUM, "id", "kinds", "English template") */
#define GG_REASON_LIST(X)                                                                          \
    X(NONE, "none", "", "No reason given.")                                                        \
    X(CONSENT_FEE, "consent_fee", "sna",                                                           \
      "{0} offers {1} capital for your consent to {2}: the move is worth more to {0} than "        \
      "the fee.")                                                                                  \
    X(ACCORD_GAIN, "accord_gain", "scv",                                                           \
      "{0} proposes the {1}: it expects to gain about {2} VP from it, and so should you.")         \
    X(SWAP, "swap", "snrnr",                                                                       \
      "{0} offers {1} {2} for {3} {4}: each side gives what it has to spare.")                     \
    X(BUY_PLEDGE, "buy_pledge", "snstn",                                                           \
      "{0} pays {1} capital if {2} forgoes {3} for {4} turns: it keeps a rival out of its "        \
      "domain.")                                                                                   \
    X(JOINT, "joint", "spsn",                                                                      \
      "{0} builds {1} and asks {2} to fund {3} capital of it: the project serves you both.")       \
    X(ACCEPT_GAIN, "accept_gain", "sv", "{0} accepts: it expects to gain about {1} VP.")           \
    X(ACCEPT_GOODWILL, "accept_goodwill", "sv",                                                    \
      "{0} accepts: it costs about {1} VP now, and cooperation pays over the coming turns.")       \
    X(ACCEPT_PRICE, "accept_price", "snn",                                                         \
      "{0} accepts: the fee of {1} meets its price of {2} for consent.")                           \
    X(REJECT_LOSS, "reject_loss", "sv", "{0} rejects: it would lose about {1} VP.")                \
    X(REJECT_PRICE, "reject_price", "sann",                                                        \
      "{0} rejects: its price for consent to {1} is {2} capital, not {3}.")                        \
    X(REJECT_NEVER, "reject_never", "sa",                                                          \
      "{0} rejects: it will not consent to {1} at any price now.")                                 \
    X(REJECT_UNTRUSTED, "reject_untrusted", "ssnn",                                                \
      "{0} rejects: {1} has broken {2} promises and kept {3}, so its word counts for less.")       \
    X(COUNTER, "counter", "sdnn",                                                                  \
      "{0} answers deal {1} with a counter-offer: {2} capital instead of {3}.")                    \
    X(COUNTER_FEE, "counter_fee", "sdan",                                                          \
      "{0} answers deal {1} with a counter-offer: consent to {2} for {3} capital.")                \
    X(REJECT_UNPAYABLE, "reject_unpayable", "s",                                                   \
      "{0} rejects: it could not pay everything it would then owe this turn.")                     \
    X(ACCORD_EVEN, "accord_even", "sc",                                                            \
      "{0} proposes the {1}: by its estimate the accord costs it next to nothing, and it "         \
      "builds cooperation.")                                                                       \
    X(ACCEPT_EVEN, "accept_even", "s",                                                             \
      "{0} accepts: by its estimate the deal costs it next to nothing.")                           \
    X(REJECT_NOGAIN, "reject_nogain", "s",                                                         \
      "{0} rejects: by its estimate the deal gains it nothing it could count on.")                 \
    X(SELL_CONSENT, "sell_consent", "sasn",                                                        \
      "{0} offers its consent to {1} for {3} capital: the fee is worth more to {0} than what "     \
      "the move costs it, and the move is worth the fee to {2}.")                                  \
    X(SELL_CONSENT_ALL, "sell_consent_all", "ssn",                                                 \
      "{0} offers {1} its consent to every move this turn for {2} capital: the fee is worth "      \
      "more to {0} than what the moves cost it.")                                                  \
    X(CONSENT_ASK, "consent_ask", "sa",                                                            \
      "{0} asks for your consent to {1} without a fee: by its estimate the move costs you "        \
      "nothing.")

enum gg_reason_id {
#define GG__RSN_ENUM(e, s, k, t) GG_RSN_##e,
    GG_REASON_LIST(GG__RSN_ENUM)
#undef GG__RSN_ENUM
        GG_REASONS
};

/* One reason: a template and its arguments (kinds as the template says). */
typedef struct gg_reason {
    uint8_t id; /* enum gg_reason_id */
    uint8_t nargs;
    int16_t arg[GG_REASON_ARGS];
} gg_reason;

typedef struct gg_reason_def {
    const char *id;    /* stable wire id, e.g. "consent_fee" */
    const char *kinds; /* one letter per argument (see above) */
    const char *text;  /* English template with {0}..{5} */
} gg_reason_def;

/* NULL when out of range. */
const gg_reason_def *gg_reason_def_get(int reason);

/* Index of a template by its string id, or GG_EBAD_DEAL (a reason is
 * part of a proposal or an answer). */
int gg_reason_find(const char *id);

/* 0 when `r` is well formed: a known template with exactly its number of
 * arguments, each in range for its kind; else GG_EBAD_DEAL. */
int gg_reason_check(const gg_reason *r);

/* Builds a reason (arguments beyond the template's are ignored). */
gg_reason gg_reason_make(int id, int a0, int a1, int a2, int a3, int a4, int a5);

#endif
