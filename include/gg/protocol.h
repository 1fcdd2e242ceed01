/* gg/protocol.h — the New Great Game wire protocol: message catalogue,
 * msgpack codec, JSON transcoding and framing. Bytes <-> structs, no sockets.
 *
 * Every message type and every field is defined ONCE, in the X-macro tables
 * below (GG_MSG_LIST and GG_MSG_FIELDS_<type>). The C structs, the
 * descriptor tables that drive the encoder, the bounded decoder and the
 * validation, and the message tables of PROTOCOL.md (tool gg-protodoc) are
 * all generated from these tables. Change a message here, rebuild, run
 * `gg-protodoc --update PROTOCOL.md`; the ctest `protocol_doc_sync` fails
 * while PROTOCOL.md is stale.
 *
 * On the wire a message is one msgpack map with short string keys:
 *   {"t": "<type>", "rid": <request id>, "seq": <seq>, <fields>...}
 * Names are used instead of enum numbers (seats, actions, projects, ...).
 *
 * Memory: nothing here allocates. The decoder fills a caller-owned gg_msg
 * (strings are copied into fixed arrays; only BIN fields point into the
 * input buffer). Encoders write into a caller-owned buffer and return
 * GG_EBUFFER_FULL when it is too small.
 */
#ifndef GG_PROTOCOL_H
#define GG_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

#include "gg/errors.h"
#include "gg/limits.h"
#include "gg/reasons.h"
#include "gg/rules.h"

/* ---- Versioning ------------------------------------------------------- */

/* A client whose `hello.v` differs from GG_PROTOCOL_MAJOR gets an `error`
 * VERSION_MISMATCH. Minor versions only add optional fields or message
 * types, which older peers ignore. */
#define GG_PROTOCOL_MAJOR 1
#define GG_PROTOCOL_MINOR 5

/* Feature bits exchanged in hello/welcome: X(NAME, bit, "meaning").
 * The server answers with the intersection of its and the client's bits. */
#define GG_FEATURE_LIST(X)                                                                         \
    X(RESUME, 0, "the client resumes with `resume` after a disconnect")                            \
    X(DEALS, 1, "the client understands structured deals (propose/respond/deal_update)")           \
    X(CHAT, 2, "the client understands chat messages")                                             \
    X(LEGAL, 3, "the client understands the legal action list in `state`")                         \
    X(NOTICE, 4, "the client understands `notice` messages (pauses, joins, bots)")

enum gg_feature {
#define GG__FEAT_ENUM(name, bit, doc) GG_FEAT_##name = 1u << (bit),
    GG_FEATURE_LIST(GG__FEAT_ENUM)
#undef GG__FEAT_ENUM
        GG_FEAT_ALL = 0x1f
};

/* Returns 0 when `major` is spoken by this codec, else GG_EVERSION_MISMATCH. */
int gg_version_check(uint32_t major);

/* ---- Field storage types ---------------------------------------------- */

#define GG_ABSENT 0xff /* value of an optional enum field that was absent */

typedef char gg_name_t[GG_MAX_NAME + 1];   /* NUL-terminated, UTF-8 */
typedef char gg_code_t[GG_MAX_CODE + 1];   /* join codes, game ids */
typedef char gg_token_t[GG_MAX_TOKEN + 1]; /* resume tokens, session ids */
typedef char gg_chat_t[GG_MAX_CHAT + 1];   /* chat text */
typedef char gg_text_t[GG_MAX_TEXT + 1];   /* error / notice text */

/* A string per seat (join codes, bot strategies); "" = none for that seat. */
typedef struct gg_seat_strs {
    gg_name_t v[GG_SEATS];
} gg_seat_strs;

typedef struct gg_seat_ints {
    int16_t v[GG_SEATS];
} gg_seat_ints;

typedef struct gg_rank {
    uint8_t v[GG_SEATS]; /* seats, best first */
} gg_rank;

typedef struct gg_clauses {
    uint8_t n;
    gg_clause c[GG_MAX_CLAUSES];
} gg_clauses;

typedef struct gg_legal_list {
    uint8_t n;
    gg_legal a[GG_MAX_LEGAL];
} gg_legal_list;

typedef struct gg_tracks {
    uint8_t v[GG_TRACKS];
} gg_tracks;

typedef struct gg_globals {
    uint8_t v[GG_GLOBALS];
} gg_globals;

typedef struct gg_influence {
    uint8_t v[GG_POWERS][GG_DOMAINS];
} gg_influence;

typedef struct gg_routes {
    uint8_t v[GG_ROUTES];
} gg_routes;

typedef struct gg_errs {
    uint8_t n;
    int16_t v[GG_MAX_ORDERS]; /* per-order error code, 0 = fine */
} gg_errs;

typedef struct gg_stat {
    gg_name_t name;
    int64_t value;
} gg_stat;

typedef struct gg_stats {
    uint8_t n;
    gg_stat s[GG_MAX_STATS];
} gg_stats;

/* Binary data. After decoding, `p` points INTO the decoded input buffer and
 * is valid only while that buffer is. */
typedef struct gg_bin {
    const uint8_t *p;
    uint32_t len;
} gg_bin;

/* Chat channels, roles and missed-turn policies (wire names in PROTOCOL.md). */
enum gg_chan { GG_CHAN_PUBLIC = 0, GG_CHAN_PRIVATE, GG_CHAN_TEAM, GG_CHANS };
enum gg_role { GG_ROLE_PLAYER = 0, GG_ROLE_OBSERVER, GG_ROLE_MODERATOR, GG_ROLES };
enum gg_missed { GG_MISS_HOLD = 0, GG_MISS_REPEAT, GG_MISS_BOT, GG_MISSES };

/* ---- Field kinds: X(KIND, "wire type", "description for PROTOCOL.md") -- */

/* The TIEBREAK kind's description lists the criteria from the rules'
 * GG_TIEBREAK_LIST, so it cannot drift from them. */
#define GG__TB_DOC(e, s) s ", "
#define GG__TB_IDS GG_TIEBREAK_LIST(GG__TB_DOC)

#define GG_FIELD_KIND_LIST(X)                                                                      \
    X(UINT, "uint", "unsigned integer in the range given")                                         \
    X(U64, "uint64", "unsigned 64-bit integer")                                                    \
    X(INT, "int", "signed integer in the range given")                                             \
    X(BOOL, "bool", "true or false")                                                               \
    X(STR, "str", "UTF-8 string, length in bytes in the range given")                              \
    X(BIN, "bin", "msgpack bin (raw bytes)")                                                       \
    X(HEX64, "hash", "64-bit hash as 16 lowercase hex digits (a str)")                             \
    X(SEAT, "seat", "seat name: china, russia, west or kazakhstan")                                \
    X(WHO, "who", "a seat name, or observer / moderator")                                          \
    X(SEATSET, "[seat]", "array of distinct seat names")                                           \
    X(SEATSTR, "{seat:str}", "map from seat name to a string")                                     \
    X(SEATINTS, "{seat:int}", "map from seat name to an integer (absent seats are 0)")             \
    X(RANK, "ranking", "array of all four seat names, best first")                                 \
    X(PHASE, "phase", "diplomacy, orders, crisis or over")                                         \
    X(CHAN, "channel", "public, private or team")                                                  \
    X(ROLE, "role", "player, observer or moderator")                                               \
    X(MISS, "missed", "hold, repeat or bot")                                                       \
    X(EVENT, "event", "event id from the rules catalogue (RULES.md)")                              \
    X(RESPONSE, "response",                                                                        \
      "request_csto, chinese_surveillance, western_reform_package, "                               \
      "handle_alone")                                                                              \
    X(ENDREASON, "end", "none, last_turn, escalation, sovereignty or moderator")                   \
    X(TIEBREAK, "criterion",                                                                       \
      "ranking criterion of RULES.md section 9, in order: " GG__TB_IDS                             \
      "the first that separates two seats decides")                                                \
    X(MSGTYPE, "type", "a message type name")                                                      \
    X(ORDERS, "[order]", "array of orders (section 8, Orders)")                                    \
    X(CLAUSES, "[clause]", "array of deal clauses (section 8, Deal clauses)")                      \
    X(DEAL, "deal", "one ledger entry (section 8, Deal clauses: a deal)")                          \
    X(REASON, "reason", "why a seat proposes or answers (section 8, Reasons)")                     \
    X(VIEW, "view", "a seat's view of the game (section 8, The view)")                             \
    X(LEGAL, "[legal]", "array of legal actions (section 8, Legal actions)")                       \
    X(REPORT, "report", "what the last resolution did (section 8, The view: `report`)")            \
    X(TRACKS, "{track:int}", "Kazakhstan's tracks by name")                                        \
    X(GLOBALS, "{global:int}", "global tracks by name")                                            \
    X(INFLUENCE, "{power:{domain:int}}", "influence of each outside power in each domain")         \
    X(ROUTES, "{route:int}", "export route capacity by name")                                      \
    X(ERRS, "[int]", "error code per order, 0 = fine")                                             \
    X(STATS, "{name:int}", "metric name to integer value")

enum gg_field_kind {
#define GG__FK_ENUM(k, w, d) GG_FK_##k,
    GG_FIELD_KIND_LIST(GG__FK_ENUM)
#undef GG__FK_ENUM
        GG_FIELD_KINDS
};

/* ---- The message catalogue ------------------------------------------ */

/* Direction, and how the server delivers a server->client message:
 * STREAM messages go to every connection of the seat, carry the seat's next
 * `seq` and are kept for resume; DIRECT replies go to one connection only
 * and carry seq 0. */
enum gg_dir { GG_C2S = 1, GG_S2C = 2, GG_BOTH = 3 };
enum gg_delivery { GG_DIRECT = 0, GG_STREAM = 1 };

/* X(name, dir, delivery, enet channel, "what it is for") */
#define GG_MSG_LIST(X)                                                                             \
    X(hello, C2S, DIRECT, 0, "first message on a connection: version, client name, features")      \
    X(welcome, S2C, DIRECT, 0, "answer to hello: server version, session id, limits")              \
    X(create_game, C2S, DIRECT, 0, "create a game with a scenario and options")                    \
    X(game_created, S2C, DIRECT, 0, "answer to create_game: game id and join codes")               \
    X(join, C2S, DIRECT, 0, "join a game with a seat, observer or moderator code")                 \
    X(joined, S2C, DIRECT, 0, "answer to join/resume: seat, role and resume token")                \
    X(resume, C2S, DIRECT, 0, "re-attach after a disconnect; replays the stream after `last`")     \
    X(state, S2C, STREAM, 0, "the seat's view, legal actions, phase and deadline")                 \
    X(chat, BOTH, STREAM, 2, "public, private (to named seats) or team chat")                      \
    X(propose, C2S, DIRECT, 0, "offer a structured deal to other seats")                           \
    X(respond, C2S, DIRECT, 0, "accept or reject an open deal")                                    \
    X(deal_update, S2C, STREAM, 0, "a ledger entry changed (proposed, answered, closed)")          \
    X(orders, C2S, DIRECT, 1, "the seat's action list for this turn (replaces earlier ones)")      \
    X(orders_ack, S2C, STREAM, 1, "orders stored; echoed to every connection of the seat")         \
    X(ready, C2S, DIRECT, 1, "the seat is done with the current phase (may end it early)")         \
    X(crisis_response, C2S, DIRECT, 1, "Kazakhstan's answer in the crisis step")                   \
    X(turn_result, S2C, STREAM, 0, "what the resolution did: orders, outcomes, tracks, hash")      \
    X(game_over, S2C, STREAM, 0, "final scores, ranking and reason")                               \
    X(pause, C2S, DIRECT, 0, "moderator: stop the clock")                                          \
    X(resume_game, C2S, DIRECT, 0, "moderator: restart the clock")                                 \
    X(extend, C2S, DIRECT, 0, "moderator: add seconds to the current deadline")                    \
    X(inject_event, C2S, DIRECT, 0, "moderator: apply an event now")                               \
    X(replace_with_bot, C2S, DIRECT, 0, "moderator: a server bot takes over a seat")               \
    X(end_game, C2S, DIRECT, 0, "moderator: end the game now and score it")                        \
    X(export_replay, C2S, DIRECT, 0, "moderator: ask for the game's replay file")                  \
    X(replay, S2C, DIRECT, 0, "answer to export_replay: one part of the replay file")              \
    X(notice, S2C, STREAM, 0, "something happened to the game (paused, player left, ...)")         \
    X(ok, S2C, DIRECT, 0, "a request without a richer reply succeeded")                            \
    X(error, S2C, DIRECT, 0, "a request failed (or a message could not be decoded)")               \
    X(stats, BOTH, DIRECT, 0, "server metrics: empty request, reply with metrics")                 \
    X(ping, BOTH, DIRECT, 0,                                                                       \
      "liveness check, answered by pong; the server pings idle TCP clients")                       \
    X(pong, S2C, DIRECT, 0, "answer to ping")                                                      \
    X(debrief, C2S, DIRECT, 0, "ask for the debrief (moderator; players once over if revealed)")   \
    X(debrief_data, S2C, DIRECT, 0, "answer to debrief: one part of the debrief JSON")             \
    X(fork_game, C2S, DIRECT, 0, "moderator: start a new game at the end of a turn of a game")     \
    X(game_forked, S2C, DIRECT, 0, "answer to fork_game: the new game's id, codes and first hash")

/* Fields: F(msg, "key", member, KIND, c type, REQ|OPT, lo, hi, "doc").
 * lo..hi bound integers, or the byte length of strings. Absent optional
 * fields decode as 0 / false / "" / empty, and optional enum fields (SEAT,
 * WHO, PHASE, MISS, EVENT, RESPONSE, ENDREASON, TIEBREAK, MSGTYPE) as GG_ABSENT. The
 * encoder omits optional fields holding exactly that absent value. */
#define GG_MSG_FIELDS_hello(F)                                                                     \
    F(hello, "v", major, UINT, uint32_t, REQ, 0, 65535, "protocol major version spoken")           \
    F(hello, "vm", minor, UINT, uint32_t, OPT, 0, 65535, "protocol minor version")                 \
    F(hello, "name", name, STR, gg_name_t, REQ, 1, GG_MAX_NAME, "client name and version")         \
    F(hello, "feat", features, UINT, uint32_t, OPT, 0, 0xffffffff, "feature bits (GG_FEAT_*)")

#define GG_MSG_FIELDS_welcome(F)                                                                   \
    F(welcome, "v", major, UINT, uint32_t, REQ, 0, 65535, "server protocol major version")         \
    F(welcome, "vm", minor, UINT, uint32_t, REQ, 0, 65535, "server protocol minor version")        \
    F(welcome, "server", server, STR, gg_name_t, REQ, 1, GG_MAX_NAME, "server name, version")      \
    F(welcome, "sid", session, STR, gg_token_t, REQ, 1, GG_MAX_TOKEN, "session id (for logs)")     \
    F(welcome, "feat", features, UINT, uint32_t, OPT, 0, 0xffffffff, "agreed feature bits")        \
    F(welcome, "max_msg", max_msg, UINT, uint32_t, REQ, 0, 0xffffffff, "GG_MAX_MESSAGE")           \
    F(welcome, "max_str", max_str, UINT, uint32_t, REQ, 0, 0xffffffff, "GG_MAX_STRING")            \
    F(welcome, "max_list", max_list, UINT, uint32_t, REQ, 0, 0xffffffff, "GG_MAX_LIST")            \
    F(welcome, "max_depth", max_depth, UINT, uint32_t, REQ, 0, 0xffffffff, "GG_MAX_DEPTH")         \
    F(welcome, "max_chat", max_chat, UINT, uint32_t, REQ, 0, 0xffffffff, "GG_MAX_CHAT")            \
    F(welcome, "chat_burst", chat_burst, UINT, uint32_t, REQ, 0, 0xffffffff, "GG_CHAT_BURST")      \
    F(welcome, "chat_per_min", chat_per_min, UINT, uint32_t, REQ, 0, 0xffffffff,                   \
      "GG_CHAT_RATE_PER_MIN")                                                                      \
    F(welcome, "msg_per_sec", msg_per_sec, UINT, uint32_t, REQ, 0, 0xffffffff,                     \
      "GG_MSG_RATE_PER_SEC")                                                                       \
    F(welcome, "history", history, UINT, uint32_t, REQ, 0, 0xffffffff, "GG_MAX_HISTORY")           \
    F(welcome, "rules", rules, UINT, uint32_t, OPT, 0, 65535,                                      \
      "rules version every game on this server plays (GG_RULES_VERSION; since 1.4)")

#define GG_MSG_FIELDS_create_game(F)                                                               \
    F(create_game, "scen", scenario, STR, gg_name_t, REQ, 1, GG_MAX_NAME,                          \
      "scenario id, e.g. belt-and-road")                                                           \
    F(create_game, "bind", binding, BOOL, uint8_t, OPT, 0, 1, "binding deals (default false)")     \
    F(create_game, "dl_dip", dl_diplomacy, UINT, uint32_t, OPT, 0, GG_MAX_DEADLINE,                \
      "diplomacy deadline, seconds; 0 = none")                                                     \
    F(create_game, "dl_ord", dl_orders, UINT, uint32_t, OPT, 0, GG_MAX_DEADLINE,                   \
      "orders deadline, seconds; 0 = none")                                                        \
    F(create_game, "dl_cri", dl_crisis, UINT, uint32_t, OPT, 0, GG_MAX_DEADLINE,                   \
      "crisis deadline, seconds; 0 = none")                                                        \
    F(create_game, "miss", missed, MISS, uint8_t, OPT, 0, 0, "missed-turn policy; absent = hold")  \
    F(create_game, "teams", teams, BOOL, uint8_t, OPT, 0, 1, "several clients per seat")           \
    F(create_game, "hide", hide_resources, BOOL, uint8_t, OPT, 0, 1,                               \
      "hide other seats' resources")                                                               \
    F(create_game, "turns", turns, UINT, uint32_t, OPT, 0, 255, "0 = scenario default")            \
    F(create_game, "seed", seed, U64, uint64_t, OPT, 0, 0, "game seed; 0 = server picks")          \
    F(create_game, "bots", bots, SEATSTR, gg_seat_strs, OPT, 1, GG_MAX_NAME,                       \
      "seats the server fills with its bots: seat -> strategy")                                    \
    F(create_game, "honesty", honesty, STR, gg_name_t, OPT, 0, GG_MAX_NAME,                        \
      "server bots' honesty: honest (default) or opportunist (breaks a non-binding promise "       \
      "when it pays)")                                                                             \
    F(create_game, "priv", keep_private, BOOL, uint8_t, OPT, 0, 1,                                 \
      "keep private chat and proposals private after the end (default: reveal-all)")               \
    F(create_game, "key", create_key, STR, gg_token_t, OPT, 0, GG_MAX_CREATE_KEY,                  \
      "creator key: required when the server runs with --create-key (else ignored)")

#define GG_MSG_FIELDS_game_created(F)                                                              \
    F(game_created, "game", game, STR, gg_code_t, REQ, 1, GG_MAX_CODE, "game id")                  \
    F(game_created, "codes", codes, SEATSTR, gg_seat_strs, REQ, 1, GG_MAX_CODE,                    \
      "join code per seat")                                                                        \
    F(game_created, "obs", observer_code, STR, gg_code_t, REQ, 1, GG_MAX_CODE,                     \
      "observer join code")                                                                        \
    F(game_created, "mod", moderator_code, STR, gg_code_t, REQ, 1, GG_MAX_CODE,                    \
      "moderator join code")

#define GG_MSG_FIELDS_join(F)                                                                      \
    F(join, "code", code, STR, gg_code_t, REQ, 1, GG_MAX_CODE, "a code from game_created")

#define GG_MSG_FIELDS_joined(F)                                                                    \
    F(joined, "game", game, STR, gg_code_t, REQ, 1, GG_MAX_CODE, "game id")                        \
    F(joined, "who", who, WHO, uint8_t, REQ, 0, 0, "seat, or observer / moderator")                \
    F(joined, "role", role, ROLE, uint8_t, REQ, 0, 0, "player, observer or moderator")             \
    F(joined, "tok", token, STR, gg_token_t, REQ, 1, GG_MAX_TOKEN, "resume token (secret)")        \
    F(joined, "head", head, UINT, uint32_t, OPT, 0, 0xffffffff,                                    \
      "seq of the seat's latest stream message")

#define GG_MSG_FIELDS_resume(F)                                                                    \
    F(resume, "tok", token, STR, gg_token_t, REQ, 1, GG_MAX_TOKEN, "token from joined")            \
    F(resume, "last", last, UINT, uint32_t, REQ, 0, 0xffffffff,                                    \
      "highest seq received with nothing missing before it")

#define GG_MSG_FIELDS_state(F)                                                                     \
    F(state, "turn", turn, UINT, uint32_t, REQ, 0, 255, "turn number, 1..")                        \
    F(state, "phase", phase, PHASE, uint8_t, REQ, 0, 0, "current phase")                           \
    F(state, "year", year, UINT, uint32_t, REQ, 0, 65535, "calendar year of the turn")             \
    F(state, "dl", deadline_ms, UINT, uint32_t, OPT, 0, 0xffffffff,                                \
      "milliseconds left in the phase when sent; 0 = no deadline")                                 \
    F(state, "paused", paused, BOOL, uint8_t, OPT, 0, 1, "the moderator paused the clock")         \
    F(state, "hash", hash, HEX64, uint64_t, REQ, 0, 0, "hash of the full game state")              \
    F(state, "view", view, VIEW, gg_state, REQ, 0, 0, "what this seat may see")                    \
    F(state, "legal", legal, LEGAL, gg_legal_list, OPT, 0, GG_MAX_LEGAL,                           \
      "legal actions now (players only)")                                                          \
    F(state, "wait", wait, SEATSET, uint8_t, OPT, 0, 0,                                            \
      "seats diplomacy waits for to answer an offer ([P6.14]; every viewer)")                      \
    F(state, "wait_deal", wait_deal, SEATINTS, gg_seat_ints, OPT, 0, 32767,                        \
      "seat -> the deal it owes an answer to, if the receiver may see that deal")

#define GG_MSG_FIELDS_chat(F)                                                                      \
    F(chat, "ch", channel, CHAN, uint8_t, REQ, 0, 0, "public, private or team")                    \
    F(chat, "to", to, SEATSET, uint8_t, OPT, 0, 0, "addressees of a private message")              \
    F(chat, "text", text, STR, gg_chat_t, REQ, 1, GG_MAX_CHAT, "the message")                      \
    F(chat, "from", from, WHO, uint8_t, OPT, 0, 0, "sender (set by the server)")                   \
    F(chat, "turn", turn, UINT, uint32_t, OPT, 0, 255, "turn when sent (set by the server)")

#define GG_MSG_FIELDS_propose(F)                                                                   \
    F(propose, "parties", parties, SEATSET, uint8_t, REQ, 0, 0,                                    \
      "seats that must accept (the proposer is added)")                                            \
    F(propose, "cl", clauses, CLAUSES, gg_clauses, REQ, 1, GG_MAX_CLAUSES, "the clauses")          \
    F(propose, "why", why, REASON, gg_reason, OPT, 0, 0,                                           \
      "the proposer's reason (section 8, Reasons)")

#define GG_MSG_FIELDS_respond(F)                                                                   \
    F(respond, "deal", deal, UINT, uint32_t, REQ, 1, 65535, "deal id")                             \
    F(respond, "acc", accept, BOOL, uint8_t, REQ, 0, 1, "true accepts, false rejects")             \
    F(respond, "why", why, REASON, gg_reason, OPT, 0, 0, "the answer's reason (section 8, Reasons)")

#define GG_MSG_FIELDS_deal_update(F)                                                               \
    F(deal_update, "deal", deal, DEAL, gg_deal, REQ, 0, 0, "the entry as it is now")               \
    F(deal_update, "kept", kept, SEATINTS, gg_seat_ints, OPT, 0, 255, "promises kept per seat")    \
    F(deal_update, "broken", broken, SEATINTS, gg_seat_ints, OPT, 0, 255,                          \
      "promises broken per seat")                                                                  \
    F(deal_update, "why", why, REASON, gg_reason, OPT, 0, 0,                                       \
      "the reason given with the move that changed the entry, if any")

#define GG_MSG_FIELDS_orders(F)                                                                    \
    F(orders, "turn", turn, UINT, uint32_t, OPT, 0, 255, "turn the orders are for (checked)")      \
    F(orders, "o", orders, ORDERS, gg_orders, REQ, 0, GG_MAX_ORDERS, "the orders; [] = hold")

#define GG_MSG_FIELDS_orders_ack(F)                                                                \
    F(orders_ack, "turn", turn, UINT, uint32_t, REQ, 0, 255, "turn")                               \
    F(orders_ack, "o", orders, ORDERS, gg_orders, REQ, 0, GG_MAX_ORDERS, "the stored orders")

#define GG_MSG_FIELDS_ready(F)                                                                     \
    F(ready, "turn", turn, UINT, uint32_t, OPT, 0, 255, "turn (checked if present)")               \
    F(ready, "phase", phase, PHASE, uint8_t, OPT, 0, 0, "phase (checked if present)")              \
    F(ready, "seen", seen, UINT, uint32_t, OPT, 0, 0xffffffff,                                     \
      "the last stream seq the seat had received (absent: what the server had sent it when the "   \
      "ready arrived); a proposal to the seat announced after it keeps diplomacy open")

#define GG_MSG_FIELDS_crisis_response(F)                                                           \
    F(crisis_response, "r", response, RESPONSE, uint8_t, REQ, 0, 0, "the answer")

#define GG_MSG_FIELDS_turn_result(F)                                                               \
    F(turn_result, "turn", turn, UINT, uint32_t, REQ, 0, 255, "the turn that was resolved")        \
    F(turn_result, "rep", report, REPORT, gg_report, REQ, 0, 0, "orders, outcomes, events")        \
    F(turn_result, "tracks", tracks, TRACKS, gg_tracks, REQ, 0, 0, "Kazakhstan's tracks after")    \
    F(turn_result, "globals", globals, GLOBALS, gg_globals, REQ, 0, 0, "global tracks after")      \
    F(turn_result, "infl", influence, INFLUENCE, gg_influence, REQ, 0, 0, "influence after")       \
    F(turn_result, "routes", routes, ROUTES, gg_routes, REQ, 0, 0, "route capacity after")         \
    F(turn_result, "vp", vp, SEATINTS, gg_seat_ints, OPT, -32768, 32767, "victory points now")     \
    F(turn_result, "hash", hash, HEX64, uint64_t, REQ, 0, 0, "full state hash after")

#define GG_MSG_FIELDS_game_over(F)                                                                 \
    F(game_over, "reason", reason, ENDREASON, uint8_t, REQ, 0, 0, "why the game ended")            \
    F(game_over, "winner", winner, SEAT, uint8_t, REQ, 0, 0, "the winning seat")                   \
    F(game_over, "rank", rank, RANK, gg_rank, REQ, 0, 0, "all seats, best first")                  \
    F(game_over, "vp", vp, SEATINTS, gg_seat_ints, REQ, -32768, 32767, "final victory points")     \
    F(game_over, "rel", relative, SEATINTS, gg_seat_ints, REQ, -32768, 32767,                      \
      "vp minus the par it is ranked against (the ranking key)")                                   \
    F(game_over, "by", decided_by, TIEBREAK, uint8_t, OPT, 0, 0,                                   \
      "the ranking criterion that put the winner above the runner-up (RULES.md section 9; "        \
      "since 1.5)")                                                                                \
    F(game_over, "hash", hash, HEX64, uint64_t, REQ, 0, 0, "final state hash")

#define GG_MSG_FIELDS_pause(F)
#define GG_MSG_FIELDS_resume_game(F)
#define GG_MSG_FIELDS_extend(F)                                                                    \
    F(extend, "secs", secs, UINT, uint32_t, REQ, 1, GG_MAX_DEADLINE, "seconds to add")
#define GG_MSG_FIELDS_inject_event(F)                                                              \
    F(inject_event, "ev", event, EVENT, uint8_t, REQ, 0, 0, "event id")
#define GG_MSG_FIELDS_replace_with_bot(F)                                                          \
    F(replace_with_bot, "seat", seat, SEAT, uint8_t, REQ, 0, 0, "the seat")                        \
    F(replace_with_bot, "bot", bot, STR, gg_name_t, OPT, 1, GG_MAX_NAME,                           \
      "strategy; absent = server default")
#define GG_MSG_FIELDS_end_game(F)
#define GG_MSG_FIELDS_export_replay(F)

#define GG_MSG_FIELDS_replay(F)                                                                    \
    F(replay, "game", game, STR, gg_code_t, REQ, 1, GG_MAX_CODE, "game id")                        \
    F(replay, "part", part, UINT, uint32_t, REQ, 1, 0xffff, "this part, 1..parts")                 \
    F(replay, "parts", parts, UINT, uint32_t, REQ, 1, 0xffff, "number of parts")                   \
    F(replay, "data", data, BIN, gg_bin, REQ, 0, GG_MAX_REPLAY_CHUNK,                              \
      "bytes of the replay file; concatenate the parts")

#define GG_MSG_FIELDS_debrief(F)

#define GG_MSG_FIELDS_debrief_data(F)                                                              \
    F(debrief_data, "game", game, STR, gg_code_t, REQ, 1, GG_MAX_CODE, "game id")                  \
    F(debrief_data, "part", part, UINT, uint32_t, REQ, 1, 0xffff, "this part, 1..parts")           \
    F(debrief_data, "parts", parts, UINT, uint32_t, REQ, 1, 0xffff, "number of parts")             \
    F(debrief_data, "data", data, BIN, gg_bin, REQ, 0, GG_MAX_DEBRIEF_CHUNK,                       \
      "UTF-8 bytes of the debrief JSON (PROTOCOL.md The debrief); concatenate the parts")

#define GG_MSG_FIELDS_fork_game(F)                                                                 \
    F(fork_game, "game", game, STR, gg_code_t, REQ, 1, GG_MAX_CODE, "id of the game to fork")      \
    F(fork_game, "turn", turn, UINT, uint32_t, REQ, 1, 255,                                        \
      "the fork starts where this turn's resolution left the game")                                \
    F(fork_game, "code", code, STR, gg_code_t, OPT, 1, GG_MAX_CODE,                                \
      "the game's moderator code; not needed on a connection joined as its moderator")             \
    F(fork_game, "dl_dip", dl_diplomacy, UINT, uint32_t, OPT, 0, GG_MAX_DEADLINE,                  \
      "the fork's diplomacy deadline, seconds; absent or 0 = the original's")                      \
    F(fork_game, "dl_ord", dl_orders, UINT, uint32_t, OPT, 0, GG_MAX_DEADLINE,                     \
      "the fork's orders deadline, seconds; absent or 0 = the original's")                         \
    F(fork_game, "dl_cri", dl_crisis, UINT, uint32_t, OPT, 0, GG_MAX_DEADLINE,                     \
      "the fork's crisis deadline, seconds; absent or 0 = the original's")

#define GG_MSG_FIELDS_game_forked(F)                                                               \
    F(game_forked, "game", game, STR, gg_code_t, REQ, 1, GG_MAX_CODE, "the new game's id")         \
    F(game_forked, "from", from, STR, gg_code_t, REQ, 1, GG_MAX_CODE, "the game it forks")         \
    F(game_forked, "turn", turn, UINT, uint32_t, REQ, 1, 255, "the turn it starts after")          \
    F(game_forked, "hash", hash, HEX64, uint64_t, REQ, 0, 0,                                       \
      "its first state hash: the original's turn_result hash of that turn")                        \
    F(game_forked, "codes", codes, SEATSTR, gg_seat_strs, REQ, 1, GG_MAX_CODE,                     \
      "join code per seat (new)")                                                                  \
    F(game_forked, "obs", observer_code, STR, gg_code_t, REQ, 1, GG_MAX_CODE,                      \
      "observer join code (new)")                                                                  \
    F(game_forked, "mod", moderator_code, STR, gg_code_t, REQ, 1, GG_MAX_CODE,                     \
      "moderator join code (new)")

#define GG_MSG_FIELDS_notice(F)                                                                    \
    F(notice, "what", what, STR, gg_name_t, REQ, 1, GG_MAX_NAME,                                   \
      "paused, resumed, extended, joined, left, bot, event")                                       \
    F(notice, "who", who, WHO, uint8_t, OPT, 0, 0, "seat concerned, if any")                       \
    F(notice, "secs", secs, UINT, uint32_t, OPT, 0, 0xffffffff, "seconds (for extended)")          \
    F(notice, "text", text, STR, gg_text_t, OPT, 1, GG_MAX_TEXT, "for humans")

#define GG_MSG_FIELDS_ok(F)                                                                        \
    F(ok, "re", re, MSGTYPE, uint8_t, REQ, 0, 0, "type of the request that succeeded")             \
    F(ok, "id", id, UINT, uint32_t, OPT, 0, 0xffffffff, "id created (propose: the deal id)")

#define GG_MSG_FIELDS_error(F)                                                                     \
    F(error, "code", code, INT, int32_t, REQ, -399, -1, "error code (see Error codes)")            \
    F(error, "name", name, STR, gg_name_t, OPT, 1, GG_MAX_NAME, "symbolic name of the code")       \
    F(error, "msg", text, STR, gg_text_t, OPT, 1, GG_MAX_TEXT, "what went wrong, for humans")      \
    F(error, "re", re, MSGTYPE, uint8_t, OPT, 0, 0, "type of the offending request")               \
    F(error, "where", where, STR, gg_name_t, OPT, 1, GG_MAX_NAME, "offending field path")          \
    F(error, "errs", errs, ERRS, gg_errs, OPT, 0, GG_MAX_ORDERS, "orders: code per order")

#define GG_MSG_FIELDS_stats(F)                                                                     \
    F(stats, "m", metrics, STATS, gg_stats, OPT, 0, GG_MAX_STATS,                                  \
      "metrics (reply only): this part's")                                                         \
    F(stats, "part", part, UINT, uint32_t, OPT, 0, GG_MAX_STATS_PARTS,                             \
      "reply only: this part, 1..parts (absent: the only one)")                                    \
    F(stats, "parts", parts, UINT, uint32_t, OPT, 0, GG_MAX_STATS_PARTS,                           \
      "reply only: number of parts (absent: 1); read them all for every metric")

#define GG_MSG_FIELDS_ping(F)
#define GG_MSG_FIELDS_pong(F)

/* ---- Generated: message type enum and per-type structs ---------------- */

enum gg_msg_type {
#define GG__MSG_ENUM(name, dir, deliv, chan, doc) GG_MSG_##name,
    GG_MSG_LIST(GG__MSG_ENUM)
#undef GG__MSG_ENUM
        GG_MSG_TYPES
};

/* Every per-type struct starts with `has`: bit i is set when the i-th field
 * of the type was present on the wire (filled by the decoder; the encoder
 * ignores it). */
#define GG__FIELD_MEMBER(msg, key, member, kind, ctype, req, lo, hi, doc) ctype member;
#define GG__MSG_STRUCT(name, dir, deliv, chan, doc)                                                \
    typedef struct gg_msg_##name {                                                                 \
        uint32_t has;                                                                              \
        GG_MSG_FIELDS_##name(GG__FIELD_MEMBER)                                                     \
    } gg_msg_##name;
GG_MSG_LIST(GG__MSG_STRUCT)
#undef GG__MSG_STRUCT
#undef GG__FIELD_MEMBER

/* One decoded (or to-be-encoded) message. `rid` 0 means no request id;
 * `seq` 0 means not part of a seat's stream. */
typedef struct gg_msg {
    uint8_t type; /* enum gg_msg_type */
    uint32_t rid; /* client-chosen request id, echoed in replies and errors */
    uint32_t seq; /* per-seat sequence number of server->client messages */
    union {
#define GG__MSG_MEMBER(name, dir, deliv, chan, doc) gg_msg_##name name;
        GG_MSG_LIST(GG__MSG_MEMBER)
#undef GG__MSG_MEMBER
    } u;
} gg_msg;

/* ---- Catalogue access ---------------------------------------------- */

/* A field's descriptor (generated from the tables above). */
typedef struct gg_field_desc {
    const char *key;    /* wire key */
    const char *member; /* C member name */
    const char *doc;
    int64_t lo, hi;   /* integer range, or string length range */
    uint16_t offset;  /* offsetof member in gg_msg_<type> */
    uint16_t size;    /* sizeof member */
    uint8_t kind;     /* enum gg_field_kind */
    uint8_t required; /* 1 = REQ */
} gg_field_desc;

/* Field descriptors of a type; *n receives the count. NULL for a bad type. */
const gg_field_desc *gg_msg_fields(int type, int *n);

const char *gg_msg_type_name(int type);             /* "hello"...; "?" for a bad type */
int gg_msg_type_find(const char *name, size_t len); /* type or GG_EMSG_UNKNOWN_TYPE */
const char *gg_msg_type_doc(int type);
int gg_msg_dir(int type);      /* enum gg_dir, 0 for a bad type */
int gg_msg_delivery(int type); /* enum gg_delivery */
int gg_msg_channel(int type);  /* ENet channel: 0 control, 1 orders, 2 chat */
const char *gg_field_kind_name(int kind);
const char *gg_field_kind_doc(int kind);

/* Wire names of the protocol's own enums (never NULL; "?" out of range). */
const char *gg_chan_name(int chan);
const char *gg_role_name(int role);
const char *gg_missed_name(int missed);
const char *gg_who_name(int who);               /* seat names, "observer", "moderator" */
const char *gg_institution_name(int bit_index); /* "eaeu", "csto", "sco", "bri", "eu_strategy" */
const char *gg_asymmetry_name(int asym);        /* "balanced", "junior", "subordinate" */
/* The wire names of what an order changed (a turn report's "chg" entry,
 * PROTOCOL.md section 8): *x the thing, *y the influence domain or the
 * resource, each NULL where that key is absent. Returns 0, or
 * GG_EMSG_BAD_FIELD for a kind or index out of range. */
int gg_change_names(const gg_change *c, const char **x, const char **y);

/* ---- Codec ----------------------------------------------------------- */

/* Where decoding failed: a field path such as "o[2].a" and, for orders or
 * clauses, the index of the offending element (-1 if none). */
typedef struct gg_decode_err {
    char where[GG_MAX_NAME + 1];
    int index;
} gg_decode_err;

/* Sets *m to an empty message of `type`: every field zero, optional enum
 * fields GG_ABSENT, rid and seq 0. Use before filling a message to encode. */
void gg_msg_init(gg_msg *m, int type);

/* Decodes one message from `len` bytes (one frame, exactly one msgpack
 * map). Never reads outside buf[0..len), never allocates, never recurses
 * deeper than GG_MAX_DEPTH. Returns 0 or a negative error: GG_EMSG_TOO_BIG
 * (len > GG_MAX_MESSAGE), GG_EMSG_MALFORMED, GG_EMSG_TOO_DEEP,
 * GG_EMSG_BAD_COUNT, GG_EMSG_TRUNCATED, GG_EMSG_UNKNOWN_TYPE,
 * GG_EMSG_MISSING_FIELD, GG_EMSG_BAD_FIELD, GG_EVERSION_MISMATCH (a hello
 * with another major version), or a rules error naming a bad game value:
 * GG_EBAD_SEAT, GG_EUNKNOWN_ACTION, GG_EBAD_TARGET, GG_ETOO_MANY_ORDERS,
 * GG_EBAD_DEAL, GG_EBAD_EVENT. On error *m holds a partial message whose
 * `type` and `rid` are set when they could be read (so the error reply can
 * echo them) and `err` (if not NULL) says where. BIN fields point into buf. */
int gg_msg_decode(gg_msg *m, const uint8_t *buf, size_t len, gg_decode_err *err);

/* Encodes *m into out[0..cap). Returns the byte count, or GG_EBUFFER_FULL,
 * GG_EMSG_UNKNOWN_TYPE, GG_EMSG_BAD_FIELD (a value the decoder would
 * refuse: out of range, unknown id, string too long or not UTF-8). The
 * output always decodes back to an equal message. */
int gg_msg_encode(const gg_msg *m, uint8_t *out, size_t cap);

/* Convenience encoders taking rules types directly (server side). Each
 * returns the byte count or a negative error like gg_msg_encode. */
/* Whom diplomacy waits for to answer an offer ([P6.14], PROTOCOL.md
 * section 6): `seats` (seat bits) and, per such seat, the oldest deal it
 * owes an answer to (`deal`, 0 for none). The server's own bookkeeping; a
 * `state` shows the seats to every receiver and a deal only to a receiver
 * whose view holds it. */
typedef struct gg_waits {
    uint8_t seats;
    uint16_t deal[GG_SEATS];
} gg_waits;

/* `waits` may be NULL (nothing waited for): state.wait gets waits->seats,
 * state.wait_deal the deals of those seats that `view` holds (ids above
 * 32767 are left out). */
int gg_encode_state(uint8_t *out, size_t cap, uint32_t seq, const gg_state *view,
                    const gg_legal *legal, int nlegal, uint32_t deadline_ms, int paused,
                    uint64_t hash, const gg_waits *waits);
int gg_encode_turn_result(uint8_t *out, size_t cap, uint32_t seq, const gg_state *after,
                          uint64_t hash); /* report + tracks of `after` (a view or full state) */
int gg_encode_deal_update(uint8_t *out, size_t cap, uint32_t seq, const gg_deal *deal,
                          const uint8_t kept[GG_SEATS], const uint8_t broken[GG_SEATS],
                          const gg_reason *why); /* why: NULL or GG_RSN_NONE = none */
int gg_encode_game_over(uint8_t *out, size_t cap, uint32_t seq, const gg_result *r, uint64_t hash);
int gg_encode_error(uint8_t *out, size_t cap, uint32_t rid, int code, int re_type,
                    const char *where, const int *errs, int nerrs);

/* ---- JSON ------------------------------------------------------------ */

/* Writes *m as one line of JSON text (no newline) into out[0..cap), NUL
 * terminated: the same keys and values as the msgpack form, BIN as a
 * base64 string. Returns the length or GG_EBUFFER_FULL / an encode error.
 * Uses about 64 KiB of stack (the intermediate msgpack), as does
 * gg_msg_from_json. */
int gg_msg_to_json(const gg_msg *m, char *out, size_t cap);

/* Transcodes any msgpack value (bounded exactly like the decoder) to JSON
 * text. Returns the length or a negative error. */
int gg_msgpack_to_json(const uint8_t *buf, size_t len, char *out, size_t cap);

/* Parses one JSON object (the bot bridge's input) and decodes it as a
 * message. Integers only (no fractions or exponents), strings up to
 * GG_MAX_STRING bytes, depth GG_MAX_DEPTH, lists GG_MAX_LIST, text up to
 * GG_MAX_JSON bytes. Returns 0 or the errors of gg_msg_decode (BIN fields
 * cannot be given in JSON). */
int gg_msg_from_json(gg_msg *m, const char *json, size_t len, gg_decode_err *err);

/* Transcodes JSON text to msgpack bytes in out[0..cap); returns the byte
 * count or a negative error. */
int gg_json_to_msgpack(const char *json, size_t len, uint8_t *out, size_t cap);

/* ---- Framing --------------------------------------------------------- */

/* ENet: one message per reliable packet on channel gg_msg_channel(type).
 * TCP: each message is preceded by its length as a 4-byte big-endian
 * unsigned integer (GG_FRAME_HEADER). */

/* Writes the TCP length prefix for a `len`-byte message into out[0..4). */
void gg_frame_write_header(uint8_t out[GG_FRAME_HEADER], uint32_t len);

/* Reads a TCP length prefix. */
uint32_t gg_frame_read_header(const uint8_t in[GG_FRAME_HEADER]);

/* The TCP deframer, the one that gg-server, every C client and the fuzzer
 * use. Looks at the bytes at the start of a TCP stream, buf[0..len), which
 * the caller buffers as they arrive (pure: no state, no allocation):
 *  - returns 1 when a whole frame is there: *msg and *msg_len are its body,
 *    and the frame takes GG_FRAME_HEADER + *msg_len bytes of buf;
 *  - returns 0 when more bytes are needed: *need is how many bytes the
 *    frame takes in all (GG_FRAME_HEADER + its length once the header is
 *    there, else GG_FRAME_HEADER), so the caller can size its buffer;
 *  - returns GG_EMSG_MALFORMED for a zero length (no message is empty) or
 *    GG_EMSG_TOO_BIG for a length over max_msg, as soon as the header is
 *    there and before any body byte: close the connection.
 * need may be NULL. */
int gg_frame_next(const uint8_t *buf, size_t len, uint32_t max_msg, const uint8_t **msg,
                  uint32_t *msg_len, size_t *need);

#endif /* GG_PROTOCOL_H */
