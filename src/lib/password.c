/*
 * password.c: argon2id with the parameters OWASP recommends for interactive
 * sign-in (19 MiB, 2 passes), and a refusal of the most common passwords.
 */
#include <string.h>
#include <strings.h>

#include "lib/password.h"
#include "lib/validate.h"

#define PW_OPSLIMIT 2
#define PW_MEMLIMIT (19u * 1024 * 1024)

/* Passwords of ten characters or more that lists of leaked passwords show
 * most often, Chinese sites' favourites included. Compared case-blind. */
static const char *const common[] = {
	"1234567890", "0123456789", "12345678910", "123456789a", "a123456789",
	"1234567890a", "qwertyuiop", "1qaz2wsx3edc", "1q2w3e4r5t", "1qaz2wsx",
	"password123", "password12", "password1234", "passw0rd123", "iloveyou12",
	"woaini1314", "woaini520", "5201314520", "1314520520", "aaaaaaaaaa",
	"1111111111", "0000000000", "8888888888", "6666666666", "9876543210",
	"abc1234567", "abcd123456", "abcdefghij", "qwerty1234", "qwerty123456",
	"asdfghjkl;", "asdfghjkl1", "zxcvbnm123", "1234qwer", "admin12345",
	"admin123456", "administrator", "sidan12345", "wenmingshuocheng",
	"shuocheng123", "123123123123", "1231231231", "1122334455", "1212121212",
	"147258369", "1472583690", "7777777777", "9999999999", "5555555555",
	"changeme123", "welcome123", "letmein1234", "football123", "dragon1234",
	"monkey12345", "sunshine123", "princess123", "superman123", "trustno1234",
};

int
password_hash(const char *pw, char out[crypto_pwhash_STRBYTES])
{
	return crypto_pwhash_str(out, pw, strlen(pw), PW_OPSLIMIT, PW_MEMLIMIT);
}

int
password_verify(const char *hash, const char *pw)
{
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

const char *
password_problem(const char *pw)
{
	size_t n = utf8_chars(pw), distinct = 0;
	int seen[256] = { 0 };

	if (n < PASSWORD_MIN)
		return "密码至少需要10个字符";
	if (n > PASSWORD_MAX)
		return "密码不能超过128个字符";
	for (const unsigned char *p = (const unsigned char *)pw; *p; p++)
		if (!seen[*p]++)
			distinct++;
	if (distinct < 4)
		return "密码太简单了，请混用不同的字母、数字或符号";
	for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++)
		if (strcasecmp(pw, common[i]) == 0)
			return "这是最常见的密码之一，很容易被猜到，请换一个";
	return NULL;
}
