/* game.h — the pure game-session layer (library gg_game), on rules and
 * protocol. What live play in gg-server, crash recovery and offline replay
 * in gg-arena share, so the three agree by construction:
 *
 *   - commands: every change to a hosted game is one command, a decoded
 *     protocol message plus who issued it (a seat, the moderator, or the
 *     server itself for phase ends); gg_command_apply() is the one function
 *     that applies it, and its journal record kinds;
 *   - turn tracking: which command resolved a turn, and the table of each
 *     turn's state hash (GG_MAX_TURNS is defined here, once);
 *   - the replay file format (docs/REPLAY_FORMAT.md): one game's journal as a
 *     single portable, versioned binary, written to and read from memory.
 *
 * No sockets, files or clock: callers hand it bytes and own the files.
 * tests/rules/check_purity.sh checks the built library's symbols.
 */
#ifndef GG_GAME_H
#define GG_GAME_H

#include <stddef.h>
#include <stdint.h>

#include "gg/protocol.h"
#include "gg/rules.h"

/* ---- commands ---------------------------------------------------------- */

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

/* ---- turns ------------------------------------------------------------- */

/* Turns a game can have at most (scenarios have <= 12); the size of every
 * per-turn table. */
#define GG_MAX_TURNS 64

/* The turn that a command resolved, or 0 if it resolved none: `turn` and
 * `phase` are the state's before the command, `after` the state after it.
 * A turn resolves when its orders phase ends (into a crisis, the next
 * turn's diplomacy, or the end of the game). */
int gg_turn_resolved(int turn, int phase, const gg_state *after);

/* The state hash announced after each resolved turn, 1..GG_MAX_TURNS;
 * caller-allocated, zero it to start (0 means "none yet"). */
typedef struct gg_turn_hashes {
    uint64_t hash[GG_MAX_TURNS + 1];
    int last; /* highest turn set, 0 if none */
} gg_turn_hashes;

/* Records `hash` for `turn`; a turn outside 1..GG_MAX_TURNS is ignored. */
void gg_turn_hashes_set(gg_turn_hashes *t, int turn, uint64_t hash);

/* The first turn for which `want` has a hash and `got` has another one (or
 * none), or 0 if `got` matches every hash in `want`. */
int gg_turn_hashes_diverge(const gg_turn_hashes *got, const gg_turn_hashes *want);

/* ---- the replay file ---------------------------------------------------- */

/* Writing: gg_replay_writer encodes a header, then exactly the announced
 * number of journal records and turn hashes, into a memory buffer that the
 * caller puts on disk (gg-server's store does it atomically).
 *
 * Reading: gg_replay_create() validates the WHOLE buffer (every length
 * against the bytes left, every limit, the CRC) before returning a reader,
 * so gg_replay_read() never meets a format error and a consumer never sees
 * half a replay. Anything wrong returns GG_EREPLAY_FORMAT with a message
 * saying what and where.
 *
 * All multi-byte fields are little-endian fixed-width integers; nothing is
 * a struct dump. Join codes are never written: replays are shareable. */
#define GG_REPLAY_MAGIC "GGREPLAY" /* 8 bytes, no NUL in the file */
#define GG_REPLAY_VERSION 1        /* the only version this build reads and writes */
/* Largest replay file gg_replay_read_file() will read, in bytes. */
#define GG_REPLAY_MAX_FILE (256u * 1024u * 1024u)

/* Sizes shared with the store's game metadata. */
#define GG_STORE_SCENARIO_MAX 32 /* scenario name buffer, including the NUL */
#define GG_STORE_OPTIONS_MAX 256 /* encoded game options, bytes */
#define GG_STORE_CODE_MAX 16     /* join code buffer, including the NUL */
#define GG_STORE_NCODES 6        /* moderator, observer, seat 0..3 */

/* Called once per journal record, in increasing seq order. `payload` is
 * never NULL (it points at an empty buffer when len is 0) and is valid only
 * during the call. Return 0 to continue; any other value stops the iteration
 * and is returned by the function that called back. */
typedef int (*gg_record_fn)(uint32_t seq, int kind, const uint8_t *payload, size_t len, void *ud);

/* Called once per stored turn hash, in increasing turn order. Same return
 * contract as gg_record_fn. */
typedef int (*gg_hash_fn)(int turn, uint64_t hash, void *ud);

/* Everything in a replay before the records. */
typedef struct gg_replay_header {
    uint16_t version;                     /* set by the reader; ignored by the writer */
    char scenario[GG_STORE_SCENARIO_MAX]; /* NUL-terminated, 1..31 bytes, no NUL inside */
    uint64_t seed;
    int64_t created_ms;
    uint8_t options[GG_STORE_OPTIONS_MAX];
    uint32_t options_len; /* 0..GG_STORE_OPTIONS_MAX */
    int finished;         /* 0 or 1 */
    int64_t finished_ms;  /* 0 unless finished */
    /* The game's result (finished games only; else NULL/0). The writer copies
     * it; from a reader it points into the reader's buffer and lives as long
     * as the reader. At most GG_MAX_MESSAGE bytes. */
    const uint8_t *result;
    uint32_t result_len;
    uint32_t n_records; /* records that follow (the writer requires exactly this many) */
    uint32_t n_hashes;  /* turn hashes that follow */
} gg_replay_header;

/* ---- writing ---------------------------------------------------------- */

/* A caller-allocated encoder into a growing heap buffer. Treat as opaque. */
typedef struct gg_replay_writer {
    uint8_t *buf;
    size_t len, cap;
    uint32_t want_records, got_records, want_hashes, got_hashes;
    uint32_t last_seq;
    int last_turn;
    int state; /* 0 records, 1 hashes, 2 finished, -1 failed */
} gg_replay_writer;

/* Starts a replay with header `h` (version is ignored). Returns 0, or
 * GG_EREPLAY_FORMAT if a header field is out of range, or GG_EINTERNAL if
 * memory runs out. Always call gg_replay_writer_close() afterwards. */
int gg_replay_writer_init(gg_replay_writer *w, const gg_replay_header *h);

/* Adds the next journal record. Records must come in strictly increasing seq
 * order, len <= GG_MAX_MESSAGE, and no more than h->n_records of them, all
 * before the first hash. Returns 0 or GG_EREPLAY_FORMAT / GG_EINTERNAL. */
int gg_replay_writer_record(gg_replay_writer *w, uint32_t seq, int kind, const void *payload,
                            size_t len);

/* Adds the next turn hash; turns strictly increasing, at most h->n_hashes. */
int gg_replay_writer_hash(gg_replay_writer *w, int turn, uint64_t hash);

/* Checks that exactly the announced records and hashes were added, appends
 * the CRC-32 trailer and returns the finished file in *buf / *len (owned by
 * the writer until gg_replay_writer_close). Returns 0 or GG_EREPLAY_FORMAT. */
int gg_replay_writer_finish(gg_replay_writer *w, const uint8_t **buf, size_t *len);

/* Frees the writer's buffer. Safe on a zeroed or failed writer. */
void gg_replay_writer_close(gg_replay_writer *w);

/* ---- reading ---------------------------------------------------------- */

typedef struct gg_replay gg_replay;

/* Validates the WHOLE replay in `buf` (`len` bytes, at most
 * GG_REPLAY_MAX_FILE) and on success stores a heap reader in *out and
 * returns 0. Otherwise *out is NULL and the return is GG_EREPLAY_FORMAT (a
 * bad file; err, if not NULL, says what and where) or GG_EINTERNAL (out of
 * memory). The reader refers to `buf` without copying it: the caller keeps
 * buf alive and unchanged until gg_replay_destroy(). */
int gg_replay_create(const void *buf, size_t len, gg_replay **out, char *err, size_t errlen);

/* Like gg_replay_create(), but the reader takes ownership of `buf` (which
 * must come from malloc) and frees it in gg_replay_destroy(); on failure
 * buf is freed at once. For callers that read a file into memory. */
int gg_replay_create_owned(uint8_t *buf, size_t len, gg_replay **out, char *err, size_t errlen);

/* The validated header. Valid until gg_replay_destroy(). */
const gg_replay_header *gg_replay_get_header(const gg_replay *r);

/* Calls rec for every record, then hash for every turn hash (either may be
 * NULL to skip), in file order. Returns 0, or the first non-zero
 * callback return. May be called any number of times. */
int gg_replay_read(const gg_replay *r, gg_record_fn rec, gg_hash_fn hash, void *ud);

/* Frees a reader (and its buffer, if it owns one). NULL is a no-op. */
void gg_replay_destroy(gg_replay *r);

/* CRC-32 (IEEE 802.3, as in zlib and PNG) of `len` bytes, continuing from
 * `crc` (pass 0 to start). Used for the replay trailer. */
uint32_t gg_replay_crc32(uint32_t crc, const void *data, size_t len);

/* ---- the historical line (history.c) ------------------------------------ */

/* One row per year of a scenario's scripted historical line. */
typedef struct gg_history_row {
    uint16_t year;
    uint8_t estimate; /* 1: after the papers' last year of data; the moves are estimates */
    uint8_t track[GG_TRACKS];
    uint8_t global[GG_GLOBALS];
    uint8_t influence[GG_POWERS][GG_DOMAINS];
    uint8_t route[GG_ROUTES];
    int8_t leader[GG_DOMAINS]; /* leading power or -1 */
    int16_t vp[GG_SEATS];
    uint8_t nnews;
    uint8_t news[GG_MAX_NEWS]; /* events of the year's News */
} gg_history_row;

/* The years of `scenario`'s historical line: its own years up to 2024,
 * where the line ends (the papers' data ends in 2023; 2024 is an
 * estimate). Returns the count (0 for an unknown scenario). */
int gg_history_years(int scenario, uint16_t *first, uint16_t *last);

/* Plays `scenario`'s part of the scripted historical line (game/history.c:
 * one table of what each seat did, 2013-2024, played from the scenario's
 * own start under its own rules) and fills up to `cap` rows (one per year,
 * after its resolution). Returns the row count, or a negative error if a
 * scripted order or deal was refused (a bug in the script or a rules
 * change that breaks it) or the scenario is unknown; then `why` (if not
 * NULL) receives which one. */
int gg_history_run(int scenario, gg_history_row *rows, int cap, char *why, size_t whyn);

/* ---- the debrief -------------------------------------------------------- */

/* The world at the end of the year `before` is in (DIPLOMACY or ORDERS, its
 * orders in): a copy resolved as if it were the last turn, so no next News
 * or Income runs; vp_now is the VP as if scored then, and unless the game
 * really ended that year, par_now is the par so far (gg_par_so_far), so
 * gg_margin() is the running margin at the year's end. */
void gg_end_of_year(const gg_state *before, gg_state *out);

/* Every deal of a game, by id (the engine's ledger recycles its
 * GG_MAX_DEALS slots, oldest first, so a long game's final state has lost
 * its first deals and holds the rest out of order). Note the state after
 * every change; the book keeps each deal's latest status. */
#define GG_DEAL_BOOK_MAX 512
typedef struct gg_deal_book {
    uint16_t n;                     /* highest deal id seen (ids are 1..n) */
    gg_deal deal[GG_DEAL_BOOK_MAX]; /* deal id i at [i - 1]; id 0 = never seen */
} gg_deal_book;

void gg_deal_book_note(gg_deal_book *b, const gg_state *s);

/* One chat message of the game, as the journal recorded it. */
typedef struct gg_debrief_chat {
    uint32_t seq; /* journal sequence number */
    uint8_t turn; /* the turn it was sent in */
    uint8_t from; /* a seat or GG_WHO_MODERATOR */
    uint8_t chan; /* enum gg_chan */
    uint8_t to;   /* seat mask of a private message's addressees */
    char text[GG_MAX_CHAT + 1];
} gg_debrief_chat;

/* A game re-simulated from its replay for the classroom debrief
 * (GAME_DESIGN.md §11): gg-arena --debrief writes it as Markdown, gg-server
 * sends gg_debrief_json() to clients, so both show the same numbers. Built
 * with gg_debrief_create(); read-only afterwards. */
typedef struct gg_debrief {
    char scenario[GG_STORE_SCENARIO_MAX];
    int scenario_id; /* gg_scenario_find(scenario) */
    uint64_t seed;
    gg_options opt;
    int finished;                        /* the replay's header says the game is over */
    int last;                            /* the last resolved turn (0 if none) */
    gg_state s;                          /* the state after the last record */
    gg_state start[GG_MAX_TURNS + 1];    /* each turn after its News and Income */
    gg_state resolved[GG_MAX_TURNS + 1]; /* right after its resolution (orders, outcomes) */
    gg_state year_end[GG_MAX_TURNS + 1]; /* the year's end, before the next News */
    uint8_t have_start[GG_MAX_TURNS + 1], have_resolved[GG_MAX_TURNS + 1];
    uint8_t crisis_response[GG_MAX_TURNS + 1]; /* response + 1, 0 = none */
    gg_deal_book book;                         /* every deal, by id */
    gg_debrief_chat *chat;                     /* every chat message, in order */
    uint32_t nchat, capchat;
    int err;                              /* 0, or the error of the record the rules refused */
    uint32_t err_seq;                     /* that record's sequence number */
    gg_history_row history[GG_MAX_TURNS]; /* the scripted historical line (gg_history_run) */
    int nhistory;                         /* its rows (0 if the script was refused) */
} gg_debrief;

/* Re-simulates the replay in `buf` (`len` bytes; see gg_replay_create)
 * through gg_command_apply and stores a heap debrief in *out. Returns 0;
 * GG_EREPLAY_FORMAT for a bad file or a scenario this build does not have
 * (err says why); GG_EINTERNAL when memory runs out. A record the rules
 * refuse stops the re-simulation there: the debrief covers what came
 * before and d->err / d->err_seq say which record it was. */
int gg_debrief_create(const void *buf, size_t len, gg_debrief **out, char *err, size_t errlen);

/* Frees a debrief. NULL is a no-op. */
void gg_debrief_destroy(gg_debrief *d);

/* Writes the debrief as one JSON object (its fields: PROTOCOL.md "The
 * debrief") into buf (cap bytes, NUL-terminated when cap >
 * 0). `chat` 0 leaves the chat out. Returns the length the whole object
 * needs without the NUL, like snprintf: the output is complete only if
 * that is < cap. */
size_t gg_debrief_json(const gg_debrief *d, int chat, char *buf, size_t cap);

/* ---- forks --------------------------------------------------------------- */

/* A fork starts a new game at the end of turn `turn` of another one ("replay
 * 2016 without the sanctions"). Its journal is the original's records that
 * change the rules state (propose, respond, orders, ready, crisis_response,
 * inject_event, end_game), up to and including the one that resolved
 * `turn`. What only the host or the players saw stays with the original:
 * joins and leaves (resume tokens), chat, and the clock and seat controls
 * (pause, resume_game, extend, replace_with_bot); the fork starts unpaused
 * with its own seats. Applied through gg_command_apply to a fresh game of
 * the same scenario, seed and rules options, these records give the
 * original's state, so the fork's turn hashes 1..turn equal the original's
 * and its journal is self-contained (recovery replays it like any other). */
typedef struct gg_fork {
    gg_state s;            /* the original re-simulated, up to the cut */
    int turn;              /* the turn the fork starts after */
    int done;              /* the cut is reached: s is the fork's first state */
    uint32_t seq;          /* the original's seq of the last record seen */
    gg_turn_hashes hashes; /* turns 1..turn as re-simulated */
} gg_fork;

/* Starts a fork of the game created by `create` (a create_game message)
 * with `seed`, at the end of `turn` (1..GG_MAX_TURNS). Returns 0,
 * GG_EBAD_SCENARIO, GG_EBAD_OPTION or GG_EMSG_BAD_FIELD (turn). */
int gg_fork_init(gg_fork *f, const gg_msg *create, uint64_t seed, int turn);

/* Feeds the original's next journal record (seq order). Returns 1 when the
 * fork's journal keeps it, 0 when it does not (a record without rules
 * effect, or any record after the cut), or a negative error: an
 * undecodable record or one the rules refuse (the journal is not this
 * game's: GG_EREPLAY_DIVERGED). */
int gg_fork_record(gg_fork *f, uint32_t seq, int kind, const uint8_t *p, size_t n);

#endif /* GG_GAME_H */
