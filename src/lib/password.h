/*
 * password.h: staff and volunteer passwords: argon2id hashes (libsodium)
 * and the rules a new password must meet.
 */
#ifndef SIDAN_PASSWORD_H
#define SIDAN_PASSWORD_H

#include <sodium.h>

#define PASSWORD_MIN 10		/* characters */
#define PASSWORD_MAX 128

/* Hashes pw into out. Returns 0, or -1 if memory ran out. */
int		 password_hash(const char *pw, char out[crypto_pwhash_STRBYTES]);
/* Returns 1 if pw matches hash, else 0. */
int		 password_verify(const char *hash, const char *pw);
/* Returns NULL if pw may be used, else why not (Chinese). */
const char	*password_problem(const char *pw);

#endif
