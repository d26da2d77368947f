/* SPDX-License-Identifier: MIT */
/*
 * HTTP/1.1 client for downloads: GET with Host and User-Agent, keep-alive
 * reuse of one connection per server, redirects, basic authentication from
 * the URI, and resumption with Range when a connection drops mid-body.
 * Body bytes go from the TCP buffer straight into the image.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <byteswap.h>
#include <config/general.h>
#include <core/base64.h>
#include <core/download.h>
#include <core/process.h>
#include <net/dns.h>
#include <net/http_response.h>
#include <net/tcp.h>

#define HTTP_PORT 80
#define HTTP_MAX_REDIRECTS 10
/* Resumptions in a row without progress before giving up. */
#define HTTP_MAX_RESUMES 5
/* Longest wait for the connection or for more of the response. */
#define HTTP_IDLE_TIMEOUT_MS (60 * 1000)
#define HTTP_MAX_REQUEST 4096
/* http_fetch_once()'s result when the response is a redirect to follow. */
#define HTTP_REDIRECTED 1

#define HTTP_STATUS_OK 200
#define HTTP_STATUS_PARTIAL 206
#define HTTP_STATUS_UNAUTHORIZED 401
#define HTTP_STATUS_FORBIDDEN 403
#define HTTP_STATUS_NOT_FOUND 404

/* One TCP connection to a server, kept open between requests when allowed. */
struct http_conn {
	struct tcp_conn *tcp;
	struct sockaddr_in peer;
	bool connected;
	bool closed;
	int close_rc;
};

/* The request in progress on a connection. */
struct http_request {
	struct http_conn *conn;
	struct download *dl;
	struct http_response resp;
	uint64_t offset;	/* where the next body byte goes in the image */
	uint64_t received;	/* bytes received on the connection, to see progress */
	bool headers_done;
	bool keep_body;		/* a 2xx body for the image, not a redirect's */
	volatile int rc;	/* -EINPROGRESS until the response ends */
};

/* The connection kept for reuse, if any. */
static struct http_conn *idle_conn;

static void http_conn_free(struct http_conn *conn)
{
	if (!conn)
		return;
	if (conn == idle_conn)
		idle_conn = NULL;
	tcp_free(conn->tcp);
	free(conn);
}

static struct http_request *active_request;

/* Apply one run of body bytes to the image. */
static int http_take_body(struct http_request *req, const uint8_t *body,
			  size_t len)
{
	int rc;

	if (!req->keep_body)
		return 0;
	rc = image_write(req->dl->image, req->offset, body, len);
	if (rc)
		return rc;
	req->offset += len;
	req->dl->done = req->offset;
	download_progress(req->dl);
	return 0;
}

/* Check a resumed response continues where the last one stopped. */
static int http_check_resume(struct http_request *req)
{
	if (req->resp.status == HTTP_STATUS_OK && req->offset) {
		/* The server ignored Range: start again from the beginning. */
		req->offset = 0;
		req->dl->image->len = 0;
	} else if (req->resp.status == HTTP_STATUS_PARTIAL &&
		   (!req->resp.has_range || req->resp.range_start != req->offset)) {
		return -EPROTO;
	}
	return 0;
}

/* Make the image ready for the body once its size is known. */
static int http_prepare_body(struct http_request *req)
{
	struct download *dl = req->dl;
	uint64_t total;

	if (!req->resp.has_length || req->resp.chunked)
		return 0;
	total = req->offset + req->resp.content_length;
	dl->total = total;
	if (total > SIZE_MAX)
		return -EFBIG;
	return image_reserve(dl->image, (size_t)total);
}

/* The header block is in: decide what the body is for and make room for it. */
static int http_headers_done(struct http_request *req)
{
	int rc;

	req->headers_done = true;
	req->keep_body = req->resp.status / 100 == 2;
	if (!req->keep_body)
		return 0;
	rc = http_check_resume(req);
	return rc ? rc : http_prepare_body(req);
}

/* Feed received bytes to the parser until they are used up or the response ends. */
static int http_feed(struct http_request *req, const uint8_t *data, size_t len)
{
	const uint8_t *body;
	size_t body_len;
	int rc;

	while (req->rc == -EINPROGRESS) {
		rc = http_parse(&req->resp, &data, &len, &body, &body_len);
		switch (rc) {
		case HTTP_NEED_MORE:
			return 0;
		case HTTP_HEADERS_DONE:
			rc = http_headers_done(req);
			if (rc)
				return rc;
			break;
		case HTTP_BODY_DATA:
			rc = http_take_body(req, body, body_len);
			if (rc)
				return rc;
			break;
		case HTTP_DONE:
			req->rc = 0;
			return 0;
		default:
			return rc;
		}
	}
	return 0;
}

static void http_connected(void *ctx)
{
	struct http_conn *conn = ctx;

	conn->connected = true;
}

static void http_deliver(void *ctx, struct io_buffer *iob)
{
	struct http_conn *conn = ctx;
	struct http_request *req = active_request;
	int rc;

	if (req && req->conn == conn && req->rc == -EINPROGRESS) {
		req->received += iob_len(iob);
		rc = http_feed(req, iob->data, iob_len(iob));
		if (rc)
			req->rc = rc;
	}
	free_iob(iob);
}

static void http_closed(void *ctx, int rc)
{
	struct http_conn *conn = ctx;
	struct http_request *req = active_request;

	conn->closed = true;
	conn->close_rc = rc;
	if (req && req->conn == conn && req->rc == -EINPROGRESS) {
		rc = rc ? rc : http_parse_eof(&req->resp);
		req->rc = rc == HTTP_DONE ? 0 : rc;
	}
}

static const struct tcp_callbacks http_tcp_callbacks = {
	.connected = http_connected,
	.deliver = http_deliver,
	.closed = http_closed,
};

static bool conn_ready(void *ctx)
{
	struct http_conn *conn = ctx;

	return conn->connected || conn->closed;
}

/* The idle connection to PEER if it is still open, else a new one. */
static int http_get_conn(const struct sockaddr_in *peer,
			 struct http_conn **connp, bool *reused)
{
	struct http_conn *conn = idle_conn;
	int rc;

	idle_conn = NULL;
	*reused = false;
	if (conn && !conn->closed && conn->peer.addr == peer->addr &&
	    conn->peer.port == peer->port) {
		*reused = true;
		*connp = conn;
		return 0;
	}
	http_conn_free(conn);
	conn = zalloc(sizeof(*conn));
	if (!conn)
		return -ENOMEM;
	conn->peer = *peer;
	conn->tcp = tcp_connect(peer, &http_tcp_callbacks, conn);
	if (!conn->tcp) {
		free(conn);
		return -ENOMEM;
	}
	rc = wait_for(conn_ready, conn, HTTP_IDLE_TIMEOUT_MS);
	if (rc == 0 && !conn->connected)
		rc = conn->close_rc ? conn->close_rc : -ECONNRESET;
	if (rc) {
		http_conn_free(conn);
		return rc;
	}
	*connp = conn;
	return 0;
}

/* "Host: name[:port]" value: IPv6 literals bracketed, the port only if given. */
static void format_host(const struct uri *uri, char *buf, size_t len)
{
	bool ipv6 = strchr(uri->host, ':') != NULL;

	snprintf(buf, len, "%s%s%s%s%s", ipv6 ? "[" : "", uri->host,
		 ipv6 ? "]" : "", uri->port ? ":" : "",
		 uri->port ? uri->port : "");
}

static int format_auth(const struct uri *uri, char *buf, size_t len)
{
	char plain[256], encoded[BASE64_ENCODED_LEN(sizeof(plain)) + 1];
	int n;

	buf[0] = '\0';
	if (!uri->user)
		return 0;
	n = snprintf(plain, sizeof(plain), "%s:%s", uri->user,
		     uri->password ? uri->password : "");
	if (n < 0 || (size_t)n >= sizeof(plain))
		return -ENAMETOOLONG;
	base64_encode(plain, (size_t)n, encoded);
	snprintf(buf, len, "Authorization: Basic %s\r\n", encoded);
	return 0;
}

static int http_send_request(struct http_request *req, const struct uri *uri)
{
	char host[300], auth[400], range[64], request[HTTP_MAX_REQUEST];
	char *target = uri_request_target(uri);
	int n, rc;

	if (!target)
		return -ENOMEM;
	format_host(uri, host, sizeof(host));
	rc = format_auth(uri, auth, sizeof(auth));
	range[0] = '\0';
	if (req->offset)
		snprintf(range, sizeof(range), "Range: bytes=%llu-\r\n",
			 (unsigned long long)req->offset);
	n = snprintf(request, sizeof(request),
		     "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s/%s\r\n"
		     "Connection: keep-alive\r\n%s%s\r\n",
		     target, host, PRODUCT_NAME, PRODUCT_VERSION, auth, range);
	free(target);
	if (rc)
		return rc;
	if (n < 0 || (size_t)n >= sizeof(request))
		return -ENAMETOOLONG;
	return tcp_send(req->conn->tcp, request, (size_t)n) == (size_t)n ?
	       0 : -ENOBUFS;
}

/* Wait for the response to end, failing only if nothing arrives for a while. */
static int http_wait_response(struct http_request *req)
{
	uint64_t seen;
	int rc;

	do {
		seen = req->received;
		rc = wait_rc(&req->rc, HTTP_IDLE_TIMEOUT_MS);
	} while (rc == -ETIMEDOUT && req->rc == -EINPROGRESS &&
		 req->received != seen);
	return rc;
}

/* Send the request for URI on a fresh or reused connection and await the response. */
static int http_exchange(struct http_request *req, const struct uri *uri,
			 const struct sockaddr_in *peer)
{
	bool reused;
	int rc;

	rc = http_get_conn(peer, &req->conn, &reused);
	if (rc)
		return rc;
	http_response_init(&req->resp);
	req->headers_done = false;
	req->keep_body = false;
	req->rc = -EINPROGRESS;
	active_request = req;
	rc = http_send_request(req, uri);
	if (rc == 0)
		rc = http_wait_response(req);
	active_request = NULL;
	/* A kept-alive connection the server had already closed: try once afresh. */
	if (rc && reused && !req->headers_done && rc != -ECANCELED) {
		http_conn_free(req->conn);
		http_response_free(&req->resp);
		return http_exchange(req, uri, peer);
	}
	if (rc == 0 && req->resp.keep_alive && !req->conn->closed)
		idle_conn = req->conn;
	else
		http_conn_free(req->conn);
	req->conn = NULL;
	return rc;
}

static int http_status_rc(unsigned int status)
{
	switch (status) {
	case HTTP_STATUS_NOT_FOUND:
		return -ENOENT;
	case HTTP_STATUS_UNAUTHORIZED:
	case HTTP_STATUS_FORBIDDEN:
		return -EACCES;
	default:
		return -EIO;
	}
}

static bool is_redirect(unsigned int status)
{
	return status == 301 || status == 302 || status == 303 ||
	       status == 307 || status == 308;
}


/* One request: 0, HTTP_REDIRECTED (to resp.location), or an error. */
static int http_fetch_once(struct http_request *req, const struct uri *uri,
			   const struct sockaddr_in *peer)
{
	int rc = http_exchange(req, uri, peer);
	unsigned int status = req->resp.status;

	if (rc && !req->headers_done)
		return dl_fail(req->dl, rc, "HTTP server %s",
			       inet_ntoa(peer->addr));
	if (rc)
		return rc;
	if (is_redirect(status) && req->resp.location)
		return HTTP_REDIRECTED;
	if (status / 100 != 2)
		return dl_fail(req->dl, http_status_rc(status),
			       "HTTP server %s answered %u for %s",
			       inet_ntoa(peer->addr), status,
			       uri->path ? uri->path : "/");
	return 0;
}

/*
 * Fetch URI, resuming after a dropped connection; returns 0, or a
 * redirect's new URI in *NEXT, or an error.
 */
static int http_fetch_resuming(struct http_request *req, const struct uri *uri,
			       struct uri **next)
{
	struct sockaddr_in peer;
	unsigned int resumes = 0;
	uint64_t before;
	int rc;

	rc = resolve_name(uri->host, &peer.addr);
	if (rc)
		return dl_fail(req->dl, rc, "cannot resolve %s", uri->host);
	peer.port = htons((uint16_t)uri_port(uri, HTTP_PORT));
	if (!peer.port)
		return dl_fail(req->dl, -EINVAL, "bad port in URI");
	for (;;) {
		before = req->offset;
		rc = http_fetch_once(req, uri, &peer);
		if (rc == HTTP_REDIRECTED) {
			struct uri *target = parse_uri(req->resp.location);
			*next = target ? resolve_uri(uri, target) : NULL;
			uri_free(target);
			rc = *next ? 0 : -ENOMEM;
			break;
		}
		if ((rc == -ECONNRESET || rc == -ETIMEDOUT) && req->headers_done &&
		    req->keep_body && resumes < HTTP_MAX_RESUMES) {
			resumes = req->offset > before ? 0 : resumes + 1;
			http_response_free(&req->resp);
			continue;
		}
		break;
	}
	http_response_free(&req->resp);
	return rc;
}

static int http_fetch(struct download *dl)
{
	struct http_request req;
	struct uri *current = uri_dup(dl->uri), *next = NULL;
	unsigned int redirects;
	int rc = -ENOMEM;

	memset(&req, 0, sizeof(req));
	req.dl = dl;
	for (redirects = 0; current; redirects++) {
		if (!current->host)
			rc = dl_fail(dl, -EINVAL, "an HTTP URI needs a server");
		else if (strcmp(current->scheme, "http") != 0)
			/* Never fetch an https:// target in the clear. */
			rc = dl_fail(dl, -ENOTSUP,
				     "redirected to a %s:// URI; only http:// redirects are followed",
				     current->scheme);
		else if (redirects > HTTP_MAX_REDIRECTS)
			rc = dl_fail(dl, -ELOOP, "more than %d redirects",
				     HTTP_MAX_REDIRECTS);
		else
			rc = http_fetch_resuming(&req, current, &next);
		uri_free(current);
		current = next;
		next = NULL;
		if (rc || !current)
			break;
		req.offset = 0;
		dl->image->len = 0;
	}
	uri_free(current);
	return rc;
}

URI_OPENER(http_opener) = { "http", http_fetch };
