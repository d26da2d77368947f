/* SPDX-License-Identifier: MIT */
/* Base64 encoding (RFC 4648), for HTTP basic authentication. */
#ifndef CORE_BASE64_H
#define CORE_BASE64_H

#include <stddef.h>

/* Characters base64_encode() writes for LEN bytes, without the NUL. */
#define BASE64_ENCODED_LEN(len) (((len) + 2) / 3 * 4)

/* Encode LEN bytes of DATA into BUF (BASE64_ENCODED_LEN(len) + 1 bytes). */
void base64_encode(const void *data, size_t len, char *buf);

#endif
