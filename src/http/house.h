/*
 * house.h: the housekeeping process `sidan serve` runs beside its workers
 * (named sidan-house in ps): it closes requests whose rating window has
 * ended, and with --notify-cmd CMD it sends the outbox's messages by running CMD once per message (through /bin/sh),
 * with the message on standard input and the recipient's phone number in
 * SIDAN_TO; exit status 0 means sent, anything else is retried later.
 */
#ifndef SIDAN_HOUSE_H
#define SIDAN_HOUSE_H

#include "http/config.h"

/* Runs the housekeeping process until SIGTERM; never returns. */
void	house_main(const struct config *cfg);

#endif
