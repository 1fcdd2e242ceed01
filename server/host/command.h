/* command.h — what a journaled command does to a game (library gg_command).
 *
 * Every change to a hosted game is one command: a decoded protocol message
 * plus who issued it (a seat, the moderator, or the server itself for phase
 * ends). The server applies commands with gg_command_apply and journals
 * exactly the ones that succeed; recovery after a crash and the offline
 * re-simulation of a replay (gg-arena --replay) feed the same records
 * through the same function, so all three agree by construction.
 * Pure: no I/O, no clock, no allocation.
 */
#ifndef GG_COMMAND_H
#define GG_COMMAND_H

#include "gg/protocol.h"
#include "gg/rules.h"

/* Who issued a command: seats 0..3, or one of these. */
#define GG_WHO_MODERATOR GG_VIEW_MODERATOR /* 5 */
#define GG_WHO_SERVER 6                    /* phase ends, defaults on missed deadlines */

/* Journal record kinds (gg_store kind). Commands carry the issuer; JOIN and
 * LEAVE record attachments so stream sequence numbers replay identically. */
enum gg_record_kind {
    GG_REC_SEAT0 = 0, /* 0..3: a command from that seat */
    GG_REC_MODERATOR = GG_WHO_MODERATOR,
    GG_REC_SERVER = GG_WHO_SERVER,
    GG_REC_JOIN = 7,  /* payload: the `joined` message (who, role, token) */
    GG_REC_LEAVE = 8, /* payload: a `notice` left message */
    GG_REC_BOT0 = 10  /* 10..13: the server acting for a seat (bot, default) */
};
#define GG_REC_BOT(seat) (GG_REC_BOT0 + (seat))

/* Who issued a journal record of `kind`: a seat (0..3, also for the
 * server acting on a seat's behalf), GG_WHO_MODERATOR or GG_WHO_SERVER;
 * -1 for JOIN and LEAVE records (attachments, no game effect); or
 * GG_ESTORAGE_CORRUPT for a kind no server writes. */
int gg_record_who(int kind);

/* The rules options a `create_game` message asks for (binding, hidden
 * resources, turns); the host's own options (deadlines, bots) are not here. */
void gg_command_options(const gg_msg *create, gg_options *out);

/* Decodes journal record (kind, payload) into its issuer and command.
 * Returns 0, 1 for a record with no game effect (JOIN, LEAVE), or a
 * negative error (an unknown kind or an undecodable payload). */
int gg_record_decode(int kind, const uint8_t *p, size_t n, int *who, gg_msg *m);

/* Whether message type `type` is a game command (changes or may change the
 * game, or is recorded for the debrief: chat). */
int gg_command_is_game(int type);

/* Checks that `who` may issue `m` in the current phase without changing
 * anything: role rights (GG_EFORBIDDEN), phase (GG_EWRONG_PHASE), and the
 * engine's own validation. Returns 0 or a negative gg errno. */
int gg_command_check(const gg_state *s, int who, const gg_msg *m);

/* Applies `m` from `who` to the game. Returns 0 or a negative gg errno, in
 * which case the state is unchanged. *id (may be NULL) receives the deal id
 * of a successful `propose`. Commands with no effect on the rules state
 * (chat, pause, resume_game, extend, replace_with_bot) succeed and change
 * nothing here: the server acts on them. A `ready` from GG_WHO_SERVER ends
 * the current phase (diplomacy -> orders, orders -> resolution). */
int gg_command_apply(gg_state *s, int who, const gg_msg *m, uint16_t *id);

#endif
