/* gg/errors.h — the project's one error list.
 *
 * Every error in New Great Game is a negative int from this table: the rules
 * engine's validation, the protocol codec, the server and the journal all
 * return these codes, and the wire carries the same numbers in `error`
 * messages. Codes are never renumbered and never reused; add new ones at the
 * end of their section. PROTOCOL.md's error table is generated from this list.
 *
 * Sections: rules -1..-99, protocol -100..-199, server -200..-299,
 * storage -300..-399.
 */
#ifndef GG_ERRORS_H
#define GG_ERRORS_H

/* X(NAME, code, "message for humans: what went wrong and what to do") */
#define GG_ERRNO_MAP(X)                                                                            \
    /* rules: orders and deals */                                                                  \
    X(UNKNOWN_ACTION, -1, "no such action id; list the legal actions in the seat's view")          \
    X(WRONG_SEAT, -2, "this action belongs to another seat")                                       \
    X(BAD_TARGET, -3, "the order's target is not valid for this action")                           \
    X(NO_RESOURCES, -4, "the seat cannot afford these orders; drop or change some")                \
    X(TOO_MANY_ORDERS, -5, "more orders than the per-turn limit")                                  \
    X(DUPLICATE_ORDER, -6, "the same action is ordered twice this turn")                           \
    X(PRECONDITION, -7, "the action's precondition does not hold now (see its rule text)")         \
    X(WRONG_PHASE, -8, "not allowed in the current phase")                                         \
    X(PLEDGE_BROKEN, -9, "a binding pledge forbids this action")                                   \
    X(GAME_OVER, -10, "the game has ended")                                                        \
    X(BAD_SEAT, -11, "no such seat")                                                               \
    X(BAD_DEAL, -12, "the proposal is malformed (clauses, parties or amounts)")                    \
    X(UNKNOWN_DEAL, -13, "no open proposal with that id")                                          \
    X(NOT_A_PARTY, -14, "this seat is not a party to that proposal")                               \
    X(LEDGER_FULL, -15, "too many open proposals; wait for some to expire or be answered")         \
    X(NOT_IN_CRISIS, -16, "there is no crisis to react to")                                        \
    X(BAD_SCENARIO, -17, "no such scenario; see `gg-arena --dump-rules` for the list")             \
    X(BAD_EVENT, -18, "no such event, or it cannot be injected now")                               \
    X(ALREADY_ANSWERED, -19, "this seat has already answered that proposal")                       \
    X(BAD_OPTION, -20, "a game option is out of range")                                            \
    X(ESCALATION, -21, "escalation is too high for this action now (RULES.md: escalation)")        \
    /* protocol */                                                                                 \
    X(MSG_TOO_BIG, -100, "message larger than the protocol limit")                                 \
    X(MSG_MALFORMED, -101, "message is not valid msgpack or not a map")                            \
    X(MSG_TOO_DEEP, -102, "message nesting deeper than the protocol limit")                        \
    X(MSG_BAD_COUNT, -103, "a declared array/map/string length exceeds the bytes or the limit")    \
    X(MSG_UNKNOWN_TYPE, -104, "unknown message type")                                              \
    X(MSG_MISSING_FIELD, -105, "a required field is missing")                                      \
    X(MSG_BAD_FIELD, -106, "a field has the wrong type or an out-of-range value")                  \
    X(MSG_TRUNCATED, -107, "the frame ended before the message did")                               \
    X(VERSION_MISMATCH, -108, "unsupported protocol major version; upgrade the client")            \
    X(BUFFER_FULL, -109, "the output buffer is too small for this message")                        \
    /* server */                                                                                   \
    X(BAD_CODE, -200, "unknown or expired join code; ask the moderator for the right code")        \
    X(NOT_JOINED, -201, "join a game first (send `join` with a code)")                             \
    X(FORBIDDEN, -202, "your role may not do this")                                                \
    X(RATE_LIMITED, -203, "too many messages; slow down")                                          \
    X(SERVER_FULL, -204, "the server hosts its maximum number of games; try later")                \
    X(BAD_TOKEN, -205, "unknown resume token; join again with your code")                          \
    X(GAME_PAUSED, -206, "the game is paused by its moderator")                                    \
    X(NO_HELLO, -207, "send `hello` first")                                                        \
    X(HISTORY_GONE, -208, "messages after that sequence number are no longer kept")                \
    X(INTERNAL, -209, "internal server error; the game is unaffected, please report it")           \
    X(QUEUE_FULL, -210, "the connection's send queue overflowed; reconnect and resume")            \
    X(CONN_CLOSED, -211, "the connection is closed; reconnect (and resume if you had joined)")     \
    X(CONNECT_FAILED, -212, "cannot reach the server; check host, port and that it is running")    \
    X(TAKEN_OVER, -213, "a newer connection took this seat over; this one is closed")              \
    X(TEAM_FULL, -214, "this seat already has its maximum number of connected team members")       \
    X(TOO_MANY_GAMES, -215,                                                                        \
      "your address has the most games in play allowed; end one or let it be abandoned first")     \
    X(CREATE_TOO_FAST, -216, "games are being created too fast from your address; wait and retry") \
    X(BAD_CREATE_KEY, -217,                                                                        \
      "this server needs its creator key in create_game (`key`); ask whoever runs the server")     \
    /* storage */                                                                                  \
    X(STORAGE_IO, -300, "the journal could not be written (disk full or read-only?)")              \
    X(STORAGE_CORRUPT, -301, "the journal database is corrupt; restore it or start afresh")        \
    X(STORAGE_OPEN, -302, "the data directory cannot be opened or created")                        \
    X(REPLAY_FORMAT, -303, "not a New Great Game replay file, or an unsupported version")          \
    X(REPLAY_DIVERGED, -304, "re-simulation diverged from the recorded state hashes")              \
    X(NOT_FOUND, -305, "no such game in the store")                                                \
    X(GAME_QUARANTINED, -306,                                                                      \
      "this game's journal is damaged: the server set it aside (quarantined) at start and did "    \
      "not load it; ask its operator (gg-server list shows why; restore games.db from a backup)")

enum gg_errno {
#define GG__ERR_ENUM(name, code, msg) GG_E##name = (code),
    GG_ERRNO_MAP(GG__ERR_ENUM)
#undef GG__ERR_ENUM
        GG_OK = 0
};

/* The number of codes in the list, for tables with one slot per code. */
enum {
#define GG__ERR_SLOT(name, code, msg) GG__ERRSLOT_##name,
    GG_ERRNO_MAP(GG__ERR_SLOT)
#undef GG__ERR_SLOT
        GG_ERRNO_COUNT
};

/* Returns a static human-readable message for an error code, or
 * "unknown error" for a code not in the table. Never NULL. */
const char *gg_strerror(int err);

/* Returns the symbolic name without the GG_E prefix ("NO_RESOURCES"), or
 * "UNKNOWN". Never NULL. */
const char *gg_errname(int err);

#endif /* GG_ERRORS_H */
