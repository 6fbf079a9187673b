/*
 * house.h: the housekeeping process `sidan serve` runs beside its workers
 * (named sidan-house in ps): it writes the messages their causes queued
 * (model/message.h) and sends the SMS among them through the configured
 * gateway (http/deliver.h), writes the messages time makes due (督办,
 * reminders, digests) and closes requests whose rating window has ended.
 */
#ifndef SIDAN_HOUSE_H
#define SIDAN_HOUSE_H

#include "http/config.h"

/* Runs the housekeeping process until SIGTERM; never returns. */
void	house_main(const struct config *cfg);

#endif
