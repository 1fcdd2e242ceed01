/* clients/cli/cli.h — gg-client, the terminal client: internal interface
 * between main.c (arguments, create, the join loop), board.c (printing the
 * board and every server message) and commands.c (the command language).
 */
#ifndef GG_CLI_H
#define GG_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "gg/bots.h"
#include "session.h"

typedef struct cli {
    gg_session s;
    FILE *out;
    int color; /* ANSI colour on */
    int tty;   /* interactive (prompt, board on each phase) */

    /* the latest state */
    gg_state view;
    gg_legal_list legal;
    int have_view;
    int paused;
    int64_t deadline_at;               /* monotonic ms the phase ends, 0 = none */
    int ready_turn, ready_phase;       /* where this seat last said `ready` (turn 0: never) */
    uint32_t ready_seen;               /* that ready's `seen`: later proposals await an answer */
    int shown_turn, shown_phase;       /* the phase whose board was printed last */
    uint8_t wait_shown;                /* state.wait last told ([P6.14]) */
    int16_t wait_deal_shown[GG_SEATS]; /* and its state.wait_deal */

    gg_orders draft;         /* orders being composed */
    unsigned outstanding;    /* requests sent and not yet answered */
    uint32_t rids[64];       /* their request ids */
    unsigned orders_pending; /* orders sent, awaiting orders_ack or error */
    uint32_t last_rid;
    int over;
    gg_msg_game_over result;
    unsigned seen_reconnects;

    /* export_replay in progress */
    FILE *export_f;
    char export_path[512];
    uint32_t export_got;
    size_t export_bytes;

    /* scripts: `wait` / `sleep` / `sync` */
    int waiting; /* 0 none, 1 phase, 2 sleep, 3 sync, 4 over, 5 the first state, 6 answers */
    int wait_phase;
    int64_t wait_until;
    int quit;
    int failed; /* a `wait` timed out (exit status 1 in --no-tty) */
} cli;

/* Monotonic milliseconds. */
int64_t cli_now(void);

/* Colour escape for `what` ("b" bold, "h" header, "ok", "err", "dim",
 * "reset", or a seat name) or "" without colour. */
const char *cli_col(const cli *c, const char *what);

/* board.c */
void cli_print_board(cli *c);
void cli_print_legal(cli *c);
/* The deal ledger: every deal (all), or the board's part of it: the deals
 * in play (open, accepted) and those proposed this turn or the last, with a
 * count of the earlier ones (`deals` shows them). */
void cli_print_deals(cli *c, int all);
void cli_print_draft(cli *c);
/* Prints one server message and updates the client's state. */
void cli_on_message(cli *c, const gg_msg *m);

/* commands.c: runs one command line; returns 0, or 1 when it starts a wait. */
int cli_command(cli *c, char *line);
void cli_help(cli *c);

#endif /* GG_CLI_H */
