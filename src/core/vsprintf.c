/* SPDX-License-Identifier: MIT */
/* printf-style formatting: one core formatter and the string wrappers. */
#include <stdbool.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Flags of a conversion specification. */
#define FLAG_LEFT 0x01	/* '-': pad on the right */
#define FLAG_ZERO 0x02	/* '0': pad numbers with zeros */
#define FLAG_SPACE 0x04	/* ' ': space before non-negative numbers */
#define FLAG_PLUS 0x08	/* '+': sign before non-negative numbers */
#define FLAG_ALT 0x10	/* '#': 0x prefix for hex, leading 0 for octal */

/* No precision was given. */
#define NO_PRECISION (-1)
/* Enough digits for a 64-bit value in octal, the longest base. */
#define MAX_DIGITS 24
#define INT_MAX_VALUE __INT_MAX__
#define OCTAL 8
#define DECIMAL 10
#define HEX 16

enum length_modifier {
	LEN_INT,
	LEN_CHAR,	/* hh */
	LEN_SHORT,	/* h */
	LEN_LONG,	/* l */
	LEN_LLONG,	/* ll */
	LEN_SIZE,	/* z */
	LEN_MAX,	/* j */
	LEN_PTRDIFF,	/* t */
};

/* One parsed conversion specification. */
struct conversion {
	unsigned int flags;
	int width;
	int precision;
	enum length_modifier length;
	char type;
};

/* Where formatted characters go, and how many have been produced. */
struct output {
	void (*emit)(void *ctx, char c);
	void *ctx;
	size_t count;
};

static void put_char(struct output *out, char c)
{
	out->emit(out->ctx, c);
	out->count++;
}

static void put_repeated(struct output *out, char c, long long count)
{
	for (; count > 0; count--)
		put_char(out, c);
}

static void put_chars(struct output *out, const char *s, size_t len)
{
	for (; len; len--)
		put_char(out, *s++);
}

/* Emit LEN characters of S padded to the conversion's field width. */
static void put_field(struct output *out, const struct conversion *conv,
		      const char *s, size_t len)
{
	int pad = conv->width > (int)len ? conv->width - (int)len : 0;

	if (!(conv->flags & FLAG_LEFT))
		put_repeated(out, ' ', pad);
	put_chars(out, s, len);
	if (conv->flags & FLAG_LEFT)
		put_repeated(out, ' ', pad);
}

/* Write VALUE's digits into BUF least significant first; returns the count. */
static int to_digits(char *buf, unsigned long long value, unsigned int base,
		     bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int len = 0;

	for (; value; value /= base)
		buf[len++] = digits[value % base];
	return len;
}

/* Sign character for a number, or 0 for none. */
static char sign_of(const struct conversion *conv, bool is_signed,
		    bool negative)
{
	if (negative)
		return '-';
	if (!is_signed)
		return 0;
	if (conv->flags & FLAG_PLUS)
		return '+';
	if (conv->flags & FLAG_SPACE)
		return ' ';
	return 0;
}

/* Base of an integer conversion type. */
static unsigned int base_of(char type)
{
	switch (type) {
	case 'o':
		return OCTAL;
	case 'x':
	case 'X':
	case 'p':
		return HEX;
	default:
		return DECIMAL;
	}
}

/* Format an integer of magnitude VALUE with sign, prefix, zeros and padding. */
static void put_number(struct output *out, const struct conversion *conv,
		       unsigned long long value, bool negative)
{
	bool is_signed = conv->type == 'd' || conv->type == 'i';
	unsigned int base = base_of(conv->type);
	char sign = sign_of(conv, is_signed, negative);
	const char *prefix = "";
	char digits[MAX_DIGITS];
	int ndigits;
	/* Wide enough that a huge width or precision cannot overflow. */
	long long zeros, len;

	ndigits = to_digits(digits, value, base, conv->type == 'X');
	zeros = (conv->precision == NO_PRECISION ? 1 : conv->precision) -
		ndigits;
	if (zeros < 0)
		zeros = 0;
	/* '#' makes an octal number start with 0 (digits never do). */
	if ((conv->flags & FLAG_ALT) && base == OCTAL && zeros == 0)
		zeros = 1;
	if (conv->type == 'p' ||
	    ((conv->flags & FLAG_ALT) && base == HEX && value))
		prefix = conv->type == 'X' ? "0X" : "0x";
	len = (sign ? 1 : 0) + (long long)strlen(prefix) + zeros + ndigits;
	if ((conv->flags & FLAG_ZERO) && !(conv->flags & FLAG_LEFT) &&
	    conv->precision == NO_PRECISION && conv->width > len) {
		zeros += conv->width - len;
		len = conv->width;
	}
	if (!(conv->flags & FLAG_LEFT))
		put_repeated(out, ' ', conv->width - len);
	if (sign)
		put_char(out, sign);
	put_chars(out, prefix, strlen(prefix));
	put_repeated(out, '0', zeros);
	while (ndigits)
		put_char(out, digits[--ndigits]);
	if (conv->flags & FLAG_LEFT)
		put_repeated(out, ' ', conv->width - len);
}

/* Fetch a signed integer argument of the conversion's length. */
static long long signed_arg(const struct conversion *conv, va_list *args)
{
	switch (conv->length) {
	case LEN_CHAR:
		return (signed char)va_arg(*args, int);
	case LEN_SHORT:
		return (short)va_arg(*args, int);
	case LEN_LONG:
		return va_arg(*args, long);
	case LEN_LLONG:
		return va_arg(*args, long long);
	case LEN_SIZE:
		return (ptrdiff_t)va_arg(*args, size_t);
	case LEN_MAX:
		return va_arg(*args, intmax_t);
	case LEN_PTRDIFF:
		return va_arg(*args, ptrdiff_t);
	default:
		return va_arg(*args, int);
	}
}

/* Fetch an unsigned integer argument of the conversion's length. */
static unsigned long long unsigned_arg(const struct conversion *conv,
				       va_list *args)
{
	switch (conv->length) {
	case LEN_CHAR:
		return (unsigned char)va_arg(*args, unsigned int);
	case LEN_SHORT:
		return (unsigned short)va_arg(*args, unsigned int);
	case LEN_LONG:
		return va_arg(*args, unsigned long);
	case LEN_LLONG:
		return va_arg(*args, unsigned long long);
	case LEN_SIZE:
		return va_arg(*args, size_t);
	case LEN_MAX:
		return va_arg(*args, uintmax_t);
	case LEN_PTRDIFF:
		return (size_t)va_arg(*args, ptrdiff_t);
	default:
		return va_arg(*args, unsigned int);
	}
}

static void put_signed(struct output *out, const struct conversion *conv,
		       va_list *args)
{
	long long value = signed_arg(conv, args);
	/* Negate in unsigned arithmetic so the most negative value works. */
	unsigned long long magnitude = value < 0 ?
		0ULL - (unsigned long long)value : (unsigned long long)value;

	put_number(out, conv, magnitude, value < 0);
}

static void put_string(struct output *out, const struct conversion *conv,
		       const char *s)
{
	size_t len;

	if (!s)
		s = "(null)";
	if (conv->precision == NO_PRECISION)
		len = strlen(s);
	else
		len = strnlen(s, conv->precision);
	put_field(out, conv, s, len);
}

/* Parse flag characters at *FMT into CONV. */
static void parse_flags(const char **fmt, struct conversion *conv)
{
	for (;; (*fmt)++) {
		switch (**fmt) {
		case '-':
			conv->flags |= FLAG_LEFT;
			break;
		case '0':
			conv->flags |= FLAG_ZERO;
			break;
		case ' ':
			conv->flags |= FLAG_SPACE;
			break;
		case '+':
			conv->flags |= FLAG_PLUS;
			break;
		case '#':
			conv->flags |= FLAG_ALT;
			break;
		default:
			return;
		}
	}
}

/*
 * Parse a decimal number or '*' at *FMT into *VALUE; returns false, leaving
 * *VALUE alone, when neither is there.
 */
static bool parse_count(const char **fmt, va_list *args, int *value)
{
	int digit;

	if (**fmt == '*') {
		(*fmt)++;
		*value = va_arg(*args, int);
		return true;
	}
	if (**fmt < '0' || **fmt > '9')
		return false;
	for (*value = 0; **fmt >= '0' && **fmt <= '9'; (*fmt)++) {
		digit = **fmt - '0';
		if (*value <= (INT_MAX_VALUE - digit) / DECIMAL)
			*value = *value * DECIMAL + digit;
		else
			*value = INT_MAX_VALUE;
	}
	return true;
}

/* Parse the width and precision at *FMT into CONV. */
static void parse_width_precision(const char **fmt, struct conversion *conv,
				  va_list *args)
{
	conv->width = 0;
	parse_count(fmt, args, &conv->width);
	if (conv->width < 0) {
		/* A negative '*' width means left-justify. */
		conv->flags |= FLAG_LEFT;
		conv->width = conv->width < -INT_MAX_VALUE ?
			INT_MAX_VALUE : -conv->width;
	}
	conv->precision = NO_PRECISION;
	if (**fmt == '.') {
		(*fmt)++;
		/* "." alone means zero; a negative '*' means none given. */
		conv->precision = 0;
		parse_count(fmt, args, &conv->precision);
		if (conv->precision < 0)
			conv->precision = NO_PRECISION;
	}
}

/* Parse the length modifier at *FMT. */
static enum length_modifier parse_length(const char **fmt)
{
	char c = **fmt;

	switch (c) {
	case 'h':
	case 'l':
		(*fmt)++;
		if (**fmt == c) {
			(*fmt)++;
			return c == 'h' ? LEN_CHAR : LEN_LLONG;
		}
		return c == 'h' ? LEN_SHORT : LEN_LONG;
	case 'z':
		(*fmt)++;
		return LEN_SIZE;
	case 'j':
		(*fmt)++;
		return LEN_MAX;
	case 't':
		(*fmt)++;
		return LEN_PTRDIFF;
	default:
		return LEN_INT;
	}
}

/* Produce the output of one parsed conversion, consuming its argument. */
static void put_conversion(struct output *out,
			   const struct conversion *conv, va_list *args)
{
	char c;

	switch (conv->type) {
	case 'd':
	case 'i':
		put_signed(out, conv, args);
		break;
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		put_number(out, conv, unsigned_arg(conv, args), false);
		break;
	case 'p':
		put_number(out, conv, (uintptr_t)va_arg(*args, void *), false);
		break;
	case 's':
		put_string(out, conv, va_arg(*args, const char *));
		break;
	case 'c':
		c = (char)va_arg(*args, int);
		put_field(out, conv, &c, 1);
		break;
	case '%':
		put_char(out, '%');
		break;
	}
}

/*
 * Format the conversion starting at the '%' at FMT; returns where the
 * format continues. An unknown conversion is copied out as written.
 */
static const char *format_conversion(struct output *out, const char *fmt,
				     va_list *args)
{
	const char *start = fmt++;
	struct conversion conv = { 0 };

	parse_flags(&fmt, &conv);
	parse_width_precision(&fmt, &conv, args);
	conv.length = parse_length(&fmt);
	conv.type = *fmt;
	if (!conv.type || !strchr("diuxXopsc%", conv.type)) {
		put_chars(out, start, fmt - start);
		return fmt;
	}
	put_conversion(out, &conv, args);
	return fmt + 1;
}

int vcprintf(void (*emit)(void *ctx, char c), void *ctx, const char *fmt,
	     va_list args)
{
	struct output out = { emit, ctx, 0 };
	va_list ap;

	va_copy(ap, args);
	while (*fmt) {
		if (*fmt == '%')
			fmt = format_conversion(&out, fmt, &ap);
		else
			put_char(&out, *fmt++);
	}
	va_end(ap);
	return out.count > INT_MAX_VALUE ? INT_MAX_VALUE : (int)out.count;
}

/* A fixed-size destination buffer for vsnprintf(). */
struct buffer {
	char *buf;
	size_t size;
	size_t used;
};

/* Store C if there is room for it and the final NUL. */
static void emit_to_buffer(void *ctx, char c)
{
	struct buffer *b = ctx;

	if (b->used + 1 < b->size)
		b->buf[b->used++] = c;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct buffer b = { buf, size, 0 };
	int len;

	len = vcprintf(emit_to_buffer, &b, fmt, args);
	if (size)
		buf[b.used] = '\0';
	return len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return len;
}

int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int len = vsnprintf(buf, size, fmt, args);

	if (size == 0)
		return 0;
	return (size_t)len < size ? len : (int)(size - 1);
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vscnprintf(buf, size, fmt, args);
	va_end(args);
	return len;
}

int vasprintf(char **strp, const char *fmt, va_list args)
{
	va_list measure;
	int len;

	va_copy(measure, args);
	len = vsnprintf(NULL, 0, fmt, measure);
	va_end(measure);
	*strp = malloc((size_t)len + 1);
	if (!*strp)
		return -ENOMEM;
	return vsnprintf(*strp, (size_t)len + 1, fmt, args);
}

int asprintf(char **strp, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vasprintf(strp, fmt, args);
	va_end(args);
	return len;
}
