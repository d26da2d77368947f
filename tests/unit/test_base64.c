/* SPDX-License-Identifier: MIT */
/* Base64 against the RFC 4648 section 10 test vectors. */
#include <string.h>
#include <core/base64.h>
#include "test.h"

static void check_encode(const char *in, const char *expected)
{
	char buf[32];

	base64_encode(in, strlen(in), buf);
	CHECK_STR(buf, expected);
	CHECK_INT(strlen(buf), BASE64_ENCODED_LEN(strlen(in)));
}

UNIT_TEST(base64_rfc4648_vectors)
{
	check_encode("", "");
	check_encode("f", "Zg==");
	check_encode("fo", "Zm8=");
	check_encode("foo", "Zm9v");
	check_encode("foob", "Zm9vYg==");
	check_encode("fooba", "Zm9vYmE=");
	check_encode("foobar", "Zm9vYmFy");
	check_encode("boot:secret", "Ym9vdDpzZWNyZXQ=");
}
