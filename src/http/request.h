/*
 * request.h: the request core. Takes one FastCGI request from accept to the
 * response: reads and checks its input, routes it, calls the handler, renders
 * an error page where needed, writes the response and logs one line.
 */
#ifndef SIDAN_REQUEST_H
#define SIDAN_REQUEST_H

#include <fcgiapp.h>

#include "http/app.h"

/* Serves one accepted request completely. Never fails: every problem
 * becomes an error page. */
void	request_serve(struct app *app, FCGX_Request *f);

#endif
