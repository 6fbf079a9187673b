/*
 * notify.h: the housekeeping process `sidan serve` runs beside its workers:
 * it closes requests whose rating window has ended, and with --notify-cmd
 * CMD it sends
 * the outbox's messages by running CMD once per message (through /bin/sh),
 * with the message on standard input and the recipient's phone number in
 * SIDAN_TO; exit status 0 means sent, anything else is retried later.
 */
#ifndef SIDAN_NOTIFY_H
#define SIDAN_NOTIFY_H

#include "http/config.h"

/* Runs the notifier until SIGTERM; never returns. */
void	notify_main(const struct config *cfg);

#endif
