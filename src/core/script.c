/* SPDX-License-Identifier: MIT */
/* The command language: splitting, quoting, expansion, && || ;, scripts. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <core/command.h>
#include <core/console.h>
#include <core/script.h>
#include <core/settings.h>

/* Scripts may run scripts (chain); this deep is surely a loop. */
#define MAX_SCRIPT_DEPTH 16
/* First allocation of a growing string. */
#define STRBUF_MIN_SIZE 64

/* Characters a backslash makes ordinary, outside and inside "...". */
#define UNQUOTED_SPECIAL "'\"\\$;&|#"
#define DOUBLE_QUOTED_SPECIAL "\"\\$"

bool exit_requested;
int exit_status;

/* --- growing strings ----------------------------------------------------- */

struct strbuf {
	char *buf;		/* NUL-terminated once anything was added */
	size_t len;
	size_t size;
};

/* Append the N bytes at S; -ENOMEM leaves SB as it was. */
static int strbuf_append(struct strbuf *sb, const char *s, size_t n)
{
	size_t need = sb->len + n + 1;
	size_t size = sb->size ? sb->size : STRBUF_MIN_SIZE;
	char *buf;

	if (need > sb->size) {
		while (size < need) {
			if (size > SIZE_MAX / 2)
				return -ENOMEM;
			size *= 2;
		}
		buf = realloc(sb->buf, size);
		if (!buf)
			return -ENOMEM;
		sb->buf = buf;
		sb->size = size;
	}
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

/* --- splitting a line into words and operators --------------------------- */

enum token_kind {
	TOKEN_WORD,
	TOKEN_AND,		/* && */
	TOKEN_OR,		/* || */
	TOKEN_THEN,		/* ; */
};

struct token {
	enum token_kind kind;
	size_t start;		/* a word's first character in the text */
	size_t len;
};

/*
 * A split line. Words are stored one after another in TEXT, each followed
 * by a NUL; LITERAL marks the characters that came from '...' or a
 * backslash escape, which expansion must leave alone.
 */
struct parsed_line {
	struct token *tokens;
	size_t n_tokens;
	char *text;
	uint8_t *literal;
	size_t n_chars;
};

/*
 * The splitter runs twice over a line: once with OUT's arrays NULL to
 * count tokens and characters, then again to fill the arrays.
 */
struct parser {
	const char *line;
	size_t len;
	size_t pos;
	struct parsed_line *out;
	const char *error;	/* syntax error message */
};

static void emit_char(struct parser *p, char c, bool literal)
{
	struct parsed_line *out = p->out;

	if (out->text) {
		out->text[out->n_chars] = c;
		out->literal[out->n_chars] = literal;
	}
	out->n_chars++;
}

static void emit_token(struct parser *p, enum token_kind kind)
{
	struct parsed_line *out = p->out;

	if (out->tokens) {
		out->tokens[out->n_tokens].kind = kind;
		out->tokens[out->n_tokens].start = out->n_chars;
		out->tokens[out->n_tokens].len = 0;
	}
	out->n_tokens++;
}

/* Close the word opened last: record its length and NUL-terminate it. */
static void end_word(struct parser *p)
{
	struct parsed_line *out = p->out;
	struct token *token;

	if (out->tokens) {
		token = &out->tokens[out->n_tokens - 1];
		token->len = out->n_chars - token->start;
	}
	emit_char(p, '\0', false);
}

/*
 * Length of the command separator at the current position, 0 if there is
 * none: ";", "&&" or "||" followed by whitespace or the end of the line.
 */
static size_t operator_at(const struct parser *p, enum token_kind *kind)
{
	const char *s = p->line + p->pos;
	size_t left = p->len - p->pos;
	size_t n;

	if (left >= 2 && s[0] == '&' && s[1] == '&') {
		*kind = TOKEN_AND;
		n = 2;
	} else if (left >= 2 && s[0] == '|' && s[1] == '|') {
		*kind = TOKEN_OR;
		n = 2;
	} else if (s[0] == ';') {
		*kind = TOKEN_THEN;
		n = 1;
	} else {
		return 0;
	}
	if (n < left && !isspace((unsigned char)s[n]))
		return 0;
	return n;
}

/* May a backslash make C ordinary, inside "..." (QUOTED) or outside? */
static bool escapable(char c, bool quoted)
{
	if (!c)
		return false;
	if (quoted)
		return strchr(DOUBLE_QUOTED_SPECIAL, c) != NULL;
	return isspace((unsigned char)c) || strchr(UNQUOTED_SPECIAL, c);
}

/* After a backslash: the next character made ordinary, or a plain "\". */
static void parse_escape(struct parser *p, bool quoted)
{
	char c = p->pos < p->len ? p->line[p->pos] : '\0';

	if (escapable(c, quoted)) {
		emit_char(p, c, true);
		p->pos++;
	} else {
		emit_char(p, '\\', false);
	}
}

/* The rest of '...': every character literal. */
static int parse_single_quoted(struct parser *p)
{
	while (p->pos < p->len) {
		char c = p->line[p->pos++];

		if (c == '\'')
			return 0;
		emit_char(p, c, true);
	}
	p->error = "unterminated single quote";
	return -ESYNTAX;
}

/* The rest of "...": expanded later, backslash escapes \ " and $. */
static int parse_double_quoted(struct parser *p)
{
	while (p->pos < p->len) {
		char c = p->line[p->pos++];

		if (c == '"')
			return 0;
		if (c == '\\')
			parse_escape(p, true);
		else
			emit_char(p, c, false);
	}
	p->error = "unterminated double quote";
	return -ESYNTAX;
}

/* One word, up to unquoted whitespace or a command separator. */
static int parse_word(struct parser *p)
{
	enum token_kind kind;
	int rc = 0;
	char c;

	emit_token(p, TOKEN_WORD);
	while (p->pos < p->len && !rc) {
		c = p->line[p->pos];
		if (isspace((unsigned char)c) || operator_at(p, &kind))
			break;
		p->pos++;
		if (c == '\'')
			rc = parse_single_quoted(p);
		else if (c == '"')
			rc = parse_double_quoted(p);
		else if (c == '\\')
			parse_escape(p, false);
		else
			emit_char(p, c, false);
	}
	end_word(p);
	return rc;
}

/* Split the whole line into P->out, stopping at a "#" comment. */
static int parse_tokens(struct parser *p)
{
	enum token_kind kind;
	size_t n;
	int rc;

	p->pos = 0;
	for (;;) {
		while (p->pos < p->len &&
		       isspace((unsigned char)p->line[p->pos]))
			p->pos++;
		if (p->pos == p->len || p->line[p->pos] == '#')
			return 0;
		n = operator_at(p, &kind);
		if (n) {
			emit_token(p, kind);
			p->pos += n;
			continue;
		}
		rc = parse_word(p);
		if (rc)
			return rc;
	}
}

/* "&&" and "||" need a command on each side; ";" may stand anywhere. */
static int check_operators(struct parser *p)
{
	const struct parsed_line *pl = p->out;
	enum token_kind pending = TOKEN_WORD;
	bool have_words = false;
	size_t i;

	for (i = 0; i < pl->n_tokens; i++) {
		enum token_kind kind = pl->tokens[i].kind;

		if (kind == TOKEN_WORD) {
			have_words = true;
			pending = TOKEN_WORD;
			continue;
		}
		if (pending != TOKEN_WORD)
			break;
		if (kind != TOKEN_THEN && !have_words) {
			p->error = kind == TOKEN_AND ?
				"\"&&\" needs a command before it" :
				"\"||\" needs a command before it";
			return -ESYNTAX;
		}
		if (kind != TOKEN_THEN)
			pending = kind;
		have_words = false;
	}
	/* iPXE scripts end lines in "||" to ignore a failure: allowed. */
	if (pending == TOKEN_WORD || (pending == TOKEN_OR && !have_words &&
				      i == pl->n_tokens))
		return 0;
	p->error = pending == TOKEN_AND ? "\"&&\" needs a command after it" :
					  "\"||\" needs a command after it";
	return -ESYNTAX;
}

static void free_parsed_line(struct parsed_line *pl)
{
	free(pl->tokens);
	memset(pl, 0, sizeof(*pl));
}

/* Allocate PL's arrays (one block) for the sizes counted so far. */
static int alloc_parsed_line(struct parsed_line *pl)
{
	size_t tokens_size = pl->n_tokens * sizeof(pl->tokens[0]);
	uint8_t *block = malloc(tokens_size + 2 * pl->n_chars);

	if (!block)
		return -ENOMEM;
	pl->tokens = (struct token *)block;
	pl->text = (char *)block + tokens_size;
	pl->literal = block + tokens_size + pl->n_chars;
	pl->n_tokens = 0;
	pl->n_chars = 0;
	return 0;
}

/* Split LINE (LEN bytes) into PL; prints and returns syntax errors. */
static int split_line(const char *line, size_t len, struct parsed_line *pl)
{
	struct parser p = { .line = line, .len = len, .out = pl };
	int rc;

	memset(pl, 0, sizeof(*pl));
	if (memchr(line, '\0', len)) {
		p.error = "NUL character in line";
		rc = -ESYNTAX;
		goto err;
	}
	rc = parse_tokens(&p);
	if (rc || !pl->n_tokens)
		goto err;
	rc = alloc_parsed_line(pl);
	if (rc)
		goto err;
	rc = parse_tokens(&p);
	if (!rc)
		rc = check_operators(&p);
	if (rc)
		goto err;
	return 0;
err:
	free_parsed_line(pl);
	if (p.error)
		return command_error("syntax error", rc, "%s", p.error);
	if (rc)
		return command_error("shell", rc,
				     "out of memory splitting the line");
	return 0;
}

/* --- expansion and running ----------------------------------------------- */

/* Expand the ${...} in the parts of TOKEN that were not quoted '...'. */
static char *expand_word(const struct parsed_line *pl,
			 const struct token *token)
{
	const char *text = pl->text + token->start;
	const uint8_t *literal = pl->literal + token->start;
	struct strbuf sb = { NULL, 0, 0 };
	size_t i = 0, j;
	char *part, *expanded;
	int rc = 0;

	if (!memchr(literal, true, token->len))
		return expand_settings(text);
	while (i < token->len && !rc) {
		for (j = i; j < token->len && literal[j] == literal[i]; j++)
			;
		if (literal[i]) {
			rc = strbuf_append(&sb, text + i, j - i);
		} else {
			part = strndup(text + i, j - i);
			expanded = part ? expand_settings(part) : NULL;
			rc = expanded ? strbuf_append(&sb, expanded,
						      strlen(expanded)) :
					-ENOMEM;
			free(expanded);
			free(part);
		}
		i = j;
	}
	if (rc) {
		free(sb.buf);
		return NULL;
	}
	return sb.buf;
}

static void free_argv(char **argv)
{
	char **arg;

	for (arg = argv; *arg; arg++)
		free(*arg);
	free(argv);
}

/* Expand the COUNT words starting at token FIRST and run them. */
static int run_command(const struct parsed_line *pl, size_t first,
		       size_t count)
{
	char **argv = calloc(count + 1, sizeof(argv[0]));
	size_t i;
	int rc;

	if (!argv)
		goto err_nomem;
	for (i = 0; i < count; i++) {
		argv[i] = expand_word(pl, &pl->tokens[first + i]);
		if (!argv[i])
			goto err_nomem;
	}
	rc = execv(argv);
	free_argv(argv);
	return rc;
err_nomem:
	if (argv)
		free_argv(argv);
	return command_error(pl->text + pl->tokens[first].start, -ENOMEM,
			     "out of memory expanding the arguments");
}

/* A script being run. */
struct script {
	const char *name;
	const char *text;
	size_t len;
	size_t next;		/* offset of the next line to read */
	unsigned int next_number;	/* lines read so far */
	unsigned int number;	/* number of the line running */
	bool jumped;		/* goto moved NEXT: stop the current line */
	struct script *outer;
};

/* The script being run (innermost), or NULL. */
static struct script *running_script;
static unsigned int script_depth;

/* Should the rest of the line be skipped (after exit or goto)? */
static bool line_stopped(void)
{
	return exit_requested || (running_script && running_script->jumped);
}

/* Should the command after separator KIND run, given status RC so far? */
static bool run_next(enum token_kind kind, int rc)
{
	switch (kind) {
	case TOKEN_AND:
		return rc == 0;
	case TOKEN_OR:
		return rc != 0;
	default:
		return true;
	}
}

/*
 * Run the commands of a split line with their && || ; logic. A line that
 * ends in "||" runs nothing after it, which consumes a failure (status 0).
 */
static int run_tokens(const struct parsed_line *pl)
{
	size_t i = 0, first;
	bool run = true;
	int rc = 0;

	for (;;) {
		first = i;
		while (i < pl->n_tokens && pl->tokens[i].kind == TOKEN_WORD)
			i++;
		if (run && i > first)
			rc = run_command(pl, first, i - first);
		else if (run && first == pl->n_tokens && first &&
			 pl->tokens[first - 1].kind == TOKEN_OR)
			rc = 0;
		if (line_stopped() || i == pl->n_tokens)
			return rc;
		run = run_next(pl->tokens[i].kind, rc);
		i++;
	}
}

/* Split and run LEN bytes of LINE; the status is exit_status after exit. */
static int run_line(const char *line, size_t len)
{
	struct parsed_line pl;
	int rc = split_line(line, len, &pl);

	if (rc)
		return rc;
	if (pl.n_tokens)
		rc = run_tokens(&pl);
	free_parsed_line(&pl);
	return exit_requested ? exit_status : rc;
}

int system(const char *line)
{
	exit_requested = false;
	return run_line(line, strlen(line));
}

/* --- scripts ------------------------------------------------------------- */

void script_print_location(void)
{
	if (running_script)
		printf("%s line %u: ", running_script->name,
		       running_script->number);
}

bool script_is_running(void)
{
	return running_script != NULL;
}

/* Does the LEN-byte line end in a backslash that is not itself escaped? */
static bool continues(const char *line, size_t len)
{
	size_t n = 0;

	while (n < len && line[len - 1 - n] == '\\')
		n++;
	return n % 2 == 1;
}

/*
 * Read the logical line at *OFFSET into SB (a line ending in a backslash
 * continues on the next one; "\r\n" counts as "\n"), moving *OFFSET and
 * *NUMBER past it.
 */
static int read_line(const struct script *script, size_t *offset,
		     unsigned int *number, struct strbuf *sb)
{
	const char *start, *eol;
	size_t left, n;
	bool more;

	sb->len = 0;
	do {
		start = script->text + *offset;
		left = script->len - *offset;
		eol = memchr(start, '\n', left);
		n = eol ? (size_t)(eol - start) : left;
		*offset += eol ? n + 1 : n;
		(*number)++;
		if (n && start[n - 1] == '\r')
			n--;
		more = continues(start, n);
		if (more)
			n--;
		if (strbuf_append(sb, start, n))
			return -ENOMEM;
	} while (more && *offset < script->len);
	return 0;
}

/* Is LINE (LEN bytes) ":LABEL", with LABEL ending at whitespace? */
static bool is_label_line(const char *line, size_t len, const char **label,
			  size_t *label_len)
{
	size_t i = 0, start;

	while (i < len && isspace((unsigned char)line[i]))
		i++;
	if (i == len || line[i] != ':')
		return false;
	start = ++i;
	while (i < len && !isspace((unsigned char)line[i]))
		i++;
	*label = line + start;
	*label_len = i - start;
	return true;
}

/* Make SCRIPT continue after the line ":LABEL"; -ENOENT if there is none. */
static int jump_to_label(struct script *script, const char *label)
{
	struct strbuf sb = { NULL, 0, 0 };
	unsigned int number = 0;
	size_t offset = 0, len;
	const char *found;
	int rc = -ENOENT;

	while (offset < script->len) {
		if (read_line(script, &offset, &number, &sb)) {
			rc = -ENOMEM;
			break;
		}
		if (sb.len && is_label_line(sb.buf, sb.len, &found, &len) &&
		    len == strlen(label) && memcmp(found, label, len) == 0) {
			script->next = offset;
			script->next_number = number;
			script->jumped = true;
			rc = 0;
			break;
		}
	}
	free(sb.buf);
	return rc;
}

/* Run the next line of SCRIPT from the text held in LINE. */
static int run_script_line(struct script *script, struct strbuf *line)
{
	const char *label;
	size_t label_len;

	script->number = script->next_number + 1;
	if (read_line(script, &script->next, &script->next_number, line))
		return command_error("script", -ENOMEM,
				     "out of memory reading the line");
	if (!line->len || is_label_line(line->buf, line->len, &label,
					&label_len))
		return 0;
	return run_line(line->buf, line->len);
}

/* The loop of script_run(), with SCRIPT already the running script. */
static int run_script_lines(struct script *script)
{
	struct strbuf line = { NULL, 0, 0 };
	int rc = 0;

	while (script->next < script->len) {
		rc = run_script_line(script, &line);
		if (exit_requested) {
			exit_requested = false;
			rc = exit_status;
			break;
		}
		if (rc)
			break;
		if (script->jumped) {
			script->jumped = false;
			if (console_interrupted()) {
				rc = command_error("goto", -ECANCELED,
						   "interrupted");
				break;
			}
		}
	}
	free(line.buf);
	return rc;
}

int script_run(const char *text, size_t len, const char *name)
{
	struct script script = {
		.name = name,
		.text = text,
		.len = len,
		.outer = running_script,
	};
	int rc;

	exit_requested = false;
	if (script_depth >= MAX_SCRIPT_DEPTH)
		return command_error(name, -ELOOP,
				     "scripts nested more than %d deep",
				     MAX_SCRIPT_DEPTH);
	running_script = &script;
	script_depth++;
	rc = run_script_lines(&script);
	script_depth--;
	running_script = script.outer;
	return rc;
}

/* --- goto ---------------------------------------------------------------- */

static int goto_exec(int argc, char **argv);

COMMAND(goto_command) = {
	.name = "goto",
	.exec = goto_exec,
	.usage = "LABEL",
	.summary = "Continue the script after the line :LABEL",
};

static int goto_exec(int argc, char **argv)
{
	int first = command_operands(&goto_command, argc, argv, 1, 1);
	int rc;

	if (first < 0)
		return first;
	if (!running_script)
		return command_error(argv[0], -ENOTSUP,
				     "only works inside a script");
	rc = jump_to_label(running_script, argv[first]);
	if (rc == -ENOENT)
		return command_error(argv[0], rc, "no label :%s in %s",
				     argv[first], running_script->name);
	return rc;
}
