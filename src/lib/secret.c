/*
 * secret.c: the key file and keyed MACs (HMAC-SHA-256 via libsodium).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "lib/secret.h"

int
secret_create(const char *path, char *err, size_t errlen)
{
	unsigned char key[SECRET_LEN];
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0) {
		if (errno == EEXIST)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	randombytes_buf(key, sizeof(key));
	/* 0600 exactly, whatever the umask (it could only have taken bits away). */
	if (fchmod(fd, 0600) != 0 ||
	    write(fd, key, sizeof(key)) != (ssize_t)sizeof(key) || fsync(fd) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	sodium_memzero(key, sizeof(key));
	close(fd);
	return 0;
}

int
secret_load(const char *path, unsigned char key[SECRET_LEN], char *err,
    size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s (run 'sidan init' to create it)", path,
		    strerror(errno));
		return -1;
	}
	n = read(fd, key, SECRET_LEN);
	close(fd);
	if (n != SECRET_LEN) {
		snprintf(err, errlen, "%s: not a sidan key file", path);
		return -1;
	}
	return 0;
}

/* Computes HMAC-SHA-256(key, purpose || 0 || msg). */
static void
mac_raw(const unsigned char key[SECRET_LEN], const char *purpose,
    const char *msg, unsigned char out[crypto_auth_hmacsha256_BYTES])
{
	crypto_auth_hmacsha256_state st;

	crypto_auth_hmacsha256_init(&st, key, SECRET_LEN);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)purpose,
	    strlen(purpose) + 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, strlen(msg));
	crypto_auth_hmacsha256_final(&st, out);
}

void
secret_mac(const unsigned char key[SECRET_LEN], const char *purpose,
    const char *msg, char out[44])
{
	unsigned char m[crypto_auth_hmacsha256_BYTES];

	mac_raw(key, purpose, msg, m);
	sodium_bin2base64(out, 44, m, sizeof(m),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int
secret_mac_ok(const unsigned char key[SECRET_LEN], const char *purpose,
    const char *msg, const char *mac)
{
	char want[44];

	if (mac == NULL || strlen(mac) != 43)
		return 0;
	secret_mac(key, purpose, msg, want);
	return sodium_memcmp(want, mac, 43) == 0;
}
