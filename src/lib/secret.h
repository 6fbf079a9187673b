/*
 * secret.h: the server's secret key: 32 random bytes in a file of its own
 * (mode 0600, beside the database by default, never inside it), made by
 * `sidan init`. Form tokens and manage links are keyed MACs under it, so a
 * copy of the database alone cannot forge either.
 */
#ifndef SIDAN_SECRET_H
#define SIDAN_SECRET_H

#include <stddef.h>

#define SECRET_LEN 32

/* Creates the key file if it does not exist. Returns 0 (created or already
 * there), or -1 with a message in err. */
int	secret_create(const char *path, char *err, size_t errlen);
/* Reads the key into key. Returns 0, or -1 with a message in err. */
int	secret_load(const char *path, unsigned char key[SECRET_LEN], char *err,
	    size_t errlen);
/* Writes the MAC of msg under key, as 43 base64url characters and a NUL. */
void	secret_mac(const unsigned char key[SECRET_LEN], const char *purpose,
	    const char *msg, char out[44]);
/* Returns 1 if mac is the MAC of msg under key (compared in constant time). */
int	secret_mac_ok(const unsigned char key[SECRET_LEN], const char *purpose,
	    const char *msg, const char *mac);

#endif
