/* gg/limits.h — every size and rate limit of the protocol and server, named.
 *
 * Each limit is enforced where bytes enter (framing, decoder, server) and is
 * listed in PROTOCOL.md. Changing one is a protocol change: bump the minor
 * version and note it in PROTOCOL.md.
 */
#ifndef GG_LIMITS_H
#define GG_LIMITS_H

/* Largest encoded message, in bytes, in either direction. A TCP length prefix
 * or ENet packet larger than this is refused before any decoding. */
#define GG_MAX_MESSAGE 65536

/* Largest message accepted from a connection that has not yet joined a game
 * (hello, create_game, join, resume are all small). */
#define GG_MAX_MESSAGE_UNJOINED 2048

/* Deepest msgpack nesting (maps/arrays inside maps/arrays) accepted. */
#define GG_MAX_DEPTH 8

/* Longest string (chat text, names, codes) accepted, in bytes. */
#define GG_MAX_STRING 1024

/* Longest chat message, in bytes of UTF-8. */
#define GG_MAX_CHAT 500

/* Longest array or map accepted in a message from a client. */
#define GG_MAX_LIST 64

/* Chat messages per connection: a burst of this many, refilled at
 * GG_CHAT_RATE_PER_MIN per minute (token bucket). */
#define GG_CHAT_BURST 10
#define GG_CHAT_RATE_PER_MIN 30

/* Journal records one seat (or the moderator) of one game may add: a
 * burst of GG_JOURNAL_SEAT_BURST, refilled at GG_JOURNAL_SEAT_PER_MIN per
 * minute (token bucket per seat, shared by all its connections, kept
 * across reconnects). A game command beyond it gets RATE_LIMITED and
 * changes nothing. Commands that change nothing (orders identical to the
 * seat's current orders, a repeated ready) are acknowledged without a
 * record and cost nothing. A whole game raced by bots stays inside the
 * burst; the sustained rate bounds a seat's journal to ~43 MB a day. */
#define GG_JOURNAL_SEAT_BURST 300
#define GG_JOURNAL_SEAT_PER_MIN 300

/* Messages of any kind per connection per second (a token bucket that
 * holds one second's worth) before RATE_LIMITED errors: high enough for a
 * bot racing through a game with no deadlines, far below a flood. A
 * connection that keeps sending while limited is disconnected. */
#define GG_MSG_RATE_PER_SEC 500

/* Bytes queued for sending to one connection before it is dropped as too
 * slow (it may reconnect and resume). */
#define GG_MAX_SEND_QUEUE (1024 * 1024)

/* Stream messages a resume re-sends at most (a resume that missed more gets
 * HISTORY_GONE plus a fresh state; a seat's history starts at its first
 * join, and `last` 0 asks for just that). */
#define GG_MAX_HISTORY 4096

/* Clients attached to one seat at once (a classroom team). */
#define GG_MAX_TEAM 8

/* Observers attached to one game at once (the observer code is public: it
 * is on the projector). Beyond it an observer join gets SERVER_FULL with
 * `where` "observers"; seat and moderator joins never count against it. */
#define GG_MAX_OBSERVERS 200

/* ENet: peers per host (ENet's own ceiling is 4095) and channels. */
#define GG_ENET_MAX_PEERS 4000
#define GG_ENET_CHANNELS 3 /* 0 control, 1 orders, 2 chat */

/* ---- Server bots ------------------------------------------------------ */

/* Strongest server bot: "mcts:K:R" with K candidates times R rollouts at
 * most this (greedy and random always allowed). A stronger create_game or
 * replace_with_bot strategy gets MSG_BAD_FIELD. Server bots think on a
 * worker pool, never on the server's loop. */
#define GG_MAX_SERVER_BOT_ROLLOUTS 64

/* Server-wide, at most this many mcts bots think about their orders at
 * once (the bots' pool has 4 threads, GG_BOT_THREADS); the others wait their turn, so the
 * quick greedy and random bots of other games never wait behind them. */
#define GG_MAX_HEAVY_BOT_JOBS 2

/* A server bot whose move takes longer than this (milliseconds of thinking
 * on the worker pool) plays greedy for the rest of the game. */
#define GG_BOT_MOVE_BUDGET_MS 2000

/* A game played by server bots alone is paced: a diplomacy or orders phase
 * lasts at least this many milliseconds (less only if its deadline is
 * sooner), so such a game is never played to the end at once. */
#define GG_ALL_BOT_PHASE_MS 1000

/* Messages from one game's clients held while its server bots think (they
 * are handled, in order, as soon as the bots have moved); more get
 * RATE_LIMITED. */
#define GG_MAX_DEFERRED 256

/* Wrong join codes from one client address (over all its connections)
 * before its joins are refused with RATE_LIMITED (the code not looked at). */
#define GG_JOIN_FAILS_PER_ADDR 5
/* The first backoff of such an address, in milliseconds; each further
 * wrong code doubles it. */
#define GG_JOIN_BACKOFF_MS 2000
/* The longest backoff of an address, in milliseconds. */
#define GG_JOIN_BACKOFF_MAX_MS 60000
/* An address without a wrong code for this many milliseconds starts afresh. */
#define GG_JOIN_FORGET_MS 600000
/* Addresses with recent wrong codes the server remembers (the oldest is
 * forgotten first). */
#define GG_JOIN_GUARD_ADDRS 256

/* Wrong join codes per minute across the whole server; beyond it, every
 * address that gives a wrong code backs off at once. */
#define GG_JOIN_FAILS_SERVER_PER_MIN 120

/* ---- The lobby: who may create games, how many, how fast ------------ */

/* Games in play (not finished) created from one client address (over all
 * its connections and transports) at once; one more create_game gets
 * TOO_MANY_GAMES (--max-games-per-addr; 0 = no limit). Games recovered
 * after a restart count for nobody (their creator's address is not kept). */
#define GG_MAX_GAMES_PER_ADDR 20

/* create_game from one client address: a burst of GG_CREATE_BURST, refilled
 * at GG_CREATE_PER_MIN per minute (a token bucket per address); beyond it
 * CREATE_TOO_FAST (--create-per-min; 0 = no limit). */
#define GG_CREATE_BURST 20
#define GG_CREATE_PER_MIN 20

/* Addresses whose creation rate the server remembers (the one that created
 * least recently is forgotten first: it then starts with a full burst). */
#define GG_CREATE_GUARD_ADDRS 256

/* Longest creator key (gg-server --create-key; create_game field `key`). */
#define GG_MAX_CREATE_KEY 48 /* = GG_MAX_TOKEN: the field is a gg_token_t */

/* A game in play that nobody has been attached to (no player, observer or
 * moderator connection) for this many seconds, and for at least its longest
 * phase deadline, is abandoned: it is archived (marked finished in the
 * journal, where `gg-server list` and `export` still see it), freed from
 * memory, no longer loaded on a restart and no longer counted against
 * --max-games or --max-games-per-addr (--abandon-after; 0 = never). The
 * time counts from the last detach, or from creation or a restart. */
#define GG_GAME_ABANDON_S 86400

/* ---- Field sizes of the protocol (see PROTOCOL.md, "Limits") ---------- */

/* Longest name: client name, bot strategy, scenario id, error name, notice
 * kind, stats metric name. */
#define GG_MAX_NAME 32

/* Longest join code or game id. */
#define GG_MAX_CODE 16

/* Longest resume token or session id. */
#define GG_MAX_TOKEN 48

/* Longest human-readable text in `error` and `notice` messages. */
#define GG_MAX_TEXT 256

/* Most metrics in one `stats` reply part. The server's own metrics all fit
 * in the first part; its error counters (one a code seen) may spill into
 * more (server/host/reports.c checks both at compile time). Kept so that a
 * decoded `stats` is no larger than a `state` (sizeof(gg_msg)). */
#define GG_MAX_STATS 40

/* Most parts of one `stats` reply: every metric and every error counter fit
 * in GG_MAX_STATS_PARTS * GG_MAX_STATS. */
#define GG_MAX_STATS_PARTS 4

/* Longest phase deadline and longest single `extend`, in seconds (a week). */
#define GG_MAX_DEADLINE 604800

/* Bytes of replay data in one `replay` message part. */
#define GG_MAX_REPLAY_CHUNK 60000

/* Bytes of debrief JSON in one `debrief_data` part (base64 in the JSON form
 * of the protocol: 43,692 characters, within GG_MAX_JSON). */
#define GG_MAX_DEBRIEF_CHUNK 32768

/* Longest JSON text accepted by the JSON-lines bridge for one message. */
#define GG_MAX_JSON 65536

/* TCP framing: bytes of the big-endian length prefix before each message. */
#define GG_FRAME_HEADER 4

/* ---- HTTP and WebSocket (the browser's door on the TCP port) ---------- */

/* Longest HTTP request target (path and query), in bytes; longer gets 414. */
#define GG_MAX_HTTP_URL 2048

/* Most header lines in one HTTP request; more gets 431. */
#define GG_MAX_HTTP_HEADERS 32

/* Bytes of all header lines of one HTTP request together; more gets 431. */
#define GG_MAX_HTTP_HEADER_BYTES 8192

/* Milliseconds a connection has to deliver a whole request head (and an idle
 * keep-alive connection to start the next one) before 408 and a hang-up. */
#define GG_HTTP_HEADER_TIMEOUT_MS 10000

/* Milliseconds a game-port TCP connection has to deliver its first whole
 * message (the `hello`), and afterwards to complete any frame it starts,
 * before it is closed (--handshake-timeout-ms). */
#define GG_TCP_HANDSHAKE_TIMEOUT_MS 10000

/* TCP connections open at once from one IPv4 address, any kind (native,
 * HTTP, WebSocket); more are refused with SERVER_FULL (--max-conns-per-addr). */
#define GG_MAX_CONNS_PER_ADDR 256

/* The last this many TCP connection slots (at most a quarter of
 * --max-conns) accept only loopback (127.0.0.0/8, or --reserve-from)
 * connections, so a moderator on the server machine (or an ssh tunnel to
 * it) can always get in while strangers fill the server. */
#define GG_TCP_LOOPBACK_RESERVE 16

/* Requests answered on one keep-alive HTTP connection before it is closed. */
#define GG_MAX_HTTP_REQUESTS 1000

/* Largest WebSocket message (after reassembly of fragments) from a client
 * that has not joined; joined clients may send up to GG_MAX_JSON bytes. A
 * larger message closes the WebSocket with 1009. */
#define GG_MAX_WS_MESSAGE_UNJOINED 8192

/* Milliseconds of silence (no byte received) from a native TCP client that
 * has sent its first message before the server sends it a `ping` (rid 0);
 * the client answers with any message (a `ping` of its own is simplest). After GG_TCP_IDLE_MS of
 * silence the connection is closed (--idle-timeout-ms; pings go out at a
 * third of it). The client may resume on a new connection. */
#define GG_TCP_PING_MS 20000
#define GG_TCP_IDLE_MS 60000

/* Milliseconds of silence from a WebSocket client before the server pings it;
 * after three times as long without any frame the connection is closed. */
#define GG_WS_PING_MS 20000

#endif /* GG_LIMITS_H */
