/*
 * code.c: making, reading and showing tracking codes.
 */
#include <string.h>

#include <sodium.h>

#include "model/code.h"

/* Easy to read aloud and to type: no 0/O, 1/I/L. */
static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
#define ALPHABET_LEN (sizeof(alphabet) - 1)

/*
 * Fills out with CODE_LEN characters drawn uniformly from the alphabet and a
 * NUL. One call for random bytes per code (not one per character: each is a
 * system call): a byte is used if it is below the largest multiple of the
 * alphabet's length that fits in a byte, so every character is equally
 * likely; 32 bytes are nearly always enough, else more are drawn.
 */
void
code_new(char out[CODE_LEN + 1])
{
	enum { LIMIT = 256 - 256 % ALPHABET_LEN };
	unsigned char bytes[32];
	size_t used = sizeof(bytes);
	int n = 0;

	while (n < CODE_LEN) {
		if (used == sizeof(bytes)) {
			randombytes_buf(bytes, sizeof(bytes));
			used = 0;
		}
		if (bytes[used] < LIMIT)
			out[n++] = alphabet[bytes[used] % ALPHABET_LEN];
		used++;
	}
	out[CODE_LEN] = '\0';
}

int
code_parse(const char *in, char out[CODE_LEN + 1])
{
	int n = 0;

	for (const char *p = in; *p; p++) {
		char c = *p;
		if (c == ' ' || c == '-' || c == '\t')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (n == CODE_LEN || c == '\0' || strchr(alphabet, c) == NULL)
			return -1;
		out[n++] = c;
	}
	if (n != CODE_LEN)
		return -1;
	out[n] = '\0';
	return 0;
}

void
code_format(const char *code, char out[CODE_LEN + 3])
{
	memcpy(out, code, 3);
	out[3] = '-';
	memcpy(out + 4, code + 3, 3);
	out[7] = '-';
	memcpy(out + 8, code + 6, 3);
	out[11] = '\0';
}
