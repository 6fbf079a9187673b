/*
 * code.h: tracking codes (查询码). Nine symbols from an alphabet without
 * 0/O/1/I/L (31 symbols: 44.6 random bits), shown as ABC-DEF-GHJ, accepted
 * in any case and with spaces or dashes.
 */
#ifndef SIDAN_MODEL_CODE_H
#define SIDAN_MODEL_CODE_H

#define CODE_LEN 9

/* Writes a new random code and a NUL into out. */
void	code_new(char out[CODE_LEN + 1]);
/* Normalises what a person typed: drops spaces and dashes, upper-cases.
 * Returns 0 and writes the code into out, or -1 if it is not a valid code. */
int	code_parse(const char *in, char out[CODE_LEN + 1]);
/* Writes code as "ABC-DEF-GHJ" into out. */
void	code_format(const char *code, char out[CODE_LEN + 3]);

#endif
