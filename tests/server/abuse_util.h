/* abuse_util.h — what the abuse tests (test_host_abuse.c, test_host_lobby.c)
 * share (part of the gg_test_host library, abuse_util.c): small request
 * helpers, raw TCP attackers and the bystander, a game of four server bots
 * that must keep its pace through every attack. */
#ifndef GG_ABUSE_UTIL_H
#define GG_ABUSE_UTIL_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "host_driver.h"

/* The code of the next `error` the client gets within timeout_ms, or 0. */
int error_code(hh_client *c, int timeout_ms);

/* Whether the connection still answers: ping -> pong. */
int alive(hh_client *c);

/* A bystander: a game of four server bots on the same server, watched by
 * an observer, that must keep its pace through every attack (it moves a
 * phase every GG_ALL_BOT_PHASE_MS), and a player of a second game whose
 * chat keeps flowing. */
typedef struct bystander {
    hh_client c;   /* a seat of a game of humans */
    hh_client obs; /* the observer of the four-bot game */
    int turn;      /* the bot game's turn when the attack began */
} bystander;

/* Creates both games on sv and attaches. A step that fails is said on
 * stderr and counted in hh_failures. */
void bystander_start(bystander *b, const hh_server *sv);

/* The bot game has moved on since the attack began (a turn resolved, or it
 * ended), and the other game's player still chats. What does not hold is
 * said on stderr and counted in hh_failures. */
void bystander_check(bystander *b);

/* Reads one length-prefixed frame from fd and decodes it; its type or -1. */
int fd_take(int fd, gg_msg *m);

/* Encodes `m` as one length-prefixed frame on fd. 0 or -1. */
int fd_send(int fd, gg_msg *m);

/* What the server does to a raw connection within wait_ms: 1 it sent bytes
 * (a refusal), 0 it hung up without a word, -1 nothing yet (still open). */
int raw_fate(int fd, int wait_ms);

/* A TCP connection to sv from source address `src` (any 127.x.y.z is
 * loopback) that has said hello, or -1. */
int hello_from(const hh_server *sv, const char *src);

#endif
