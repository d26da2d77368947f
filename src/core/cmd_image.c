/* SPDX-License-Identifier: MIT */
/* Image commands: imgfetch, kernel, initrd, chain, boot, imgargs, imgfree... */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <core/command.h>
#include <core/download.h>
#include <core/getopt.h>
#include <core/image.h>
#include <core/script.h>
#include <core/sha256.h>
#include <core/time.h>

/* Options every single-image command takes (as iPXE's do). */
enum img_option { IMG_NAME, IMG_TIMEOUT, IMG_AUTOFREE, IMG_REPLACE };

static const struct cmd_option img_options[] = {
	[IMG_NAME] = { "name", 'n', true },
	[IMG_TIMEOUT] = { "timeout", 't', true },
	[IMG_AUTOFREE] = { "autofree", 'a', false },
	[IMG_REPLACE] = { "replace", 'r', false },
};

/* A parsed single-image command line. */
struct img_request {
	const char *name;	/* --name: what to call a downloaded image */
	bool autofree;		/* --autofree: free the image after it ran */
	bool replace;		/* --replace: the running script ends with it */
	const char *target;	/* URI or image name; NULL if none was given */
	int argc;		/* the image's arguments (0: leave them) */
	char **argv;
};

/* How one of the commands treats its operand and what it does with it. */
struct img_command {
	bool options_after_target;	/* imgfetch URI --name NAME */
	bool target_optional;	/* none: the selected image */
	bool takes_existing;	/* the operand may name an image in memory */
	int (*action)(struct image *image, const struct img_request *req);
};

/*
 * Parse options from STATE->index on, up to the next operand. --timeout
 * is accepted for iPXE scripts and not used: every download has its own
 * protocol timeouts and Ctrl-C.
 */
static int parse_img_options(int argc, char **argv, struct getopt_state *state,
			     struct img_request *req)
{
	int opt;

	while ((opt = cmd_getopt(argc, argv, img_options,
				 ARRAY_SIZE(img_options), state)) >= 0) {
		if (opt == IMG_NAME)
			req->name = state->arg;
		else if (opt == IMG_AUTOFREE)
			req->autofree = true;
		else if (opt == IMG_REPLACE)
			req->replace = true;
	}
	return opt == GETOPT_DONE ? 0 : opt;
}

static int parse_img_request(int argc, char **argv,
			     const struct img_command *desc,
			     struct img_request *req)
{
	struct getopt_state state = { .index = 1 };
	int rc = parse_img_options(argc, argv, &state, req);

	if (rc)
		return rc;
	if (state.index < argc)
		req->target = argv[state.index++];
	else if (!desc->target_optional)
		return command_usage(find_command(argv[0]));
	if (req->target && desc->options_after_target) {
		rc = parse_img_options(argc, argv, &state, req);
		if (rc)
			return rc;
	}
	req->argc = argc - state.index;
	req->argv = argv + state.index;
	return 0;
}

/* The image REQ names: one in memory (if allowed), else a download. */
static int acquire_image(const char *cmd, const struct img_command *desc,
			 const struct img_request *req, struct image **image)
{
	if (!req->target) {
		*image = find_selected_image();
		if (!*image)
			return command_error(cmd, -ENOENT, "no image selected "
					     "(use kernel or imgselect first)");
		return 0;
	}
	if (desc->takes_existing) {
		*image = find_image(req->target);
		if (*image)
			return 0;
		if (!cwuri && !strstr(req->target, "://"))
			return command_error(cmd, -ENOENT, "no such image: %s",
					     req->target);
	}
	return download(req->target, req->name, image);
}

/* Parse, find or fetch the image, set its arguments and do DESC's action. */
static int img_command_exec(int argc, char **argv,
			    const struct img_command *desc)
{
	struct img_request req = { .name = NULL };
	struct image *image;
	int rc;

	rc = parse_img_request(argc, argv, desc, &req);
	if (rc)
		return rc;
	rc = acquire_image(argv[0], desc, &req, &image);
	if (rc)
		return rc;
	if (req.argc) {
		rc = image_set_cmdline(image, req.argc, req.argv);
		if (rc)
			return rc;
	}
	if (req.autofree)
		image->flags |= IMAGE_AUTOFREE;
	return desc->action ? desc->action(image, &req) : 0;
}

/* --- imgfetch, initrd, module ------------------------------------------- */

static const struct img_command fetch_command = {
	.options_after_target = true,
};

static int imgfetch_exec(int argc, char **argv)
{
	return img_command_exec(argc, argv, &fetch_command);
}

#define FETCH_USAGE "[--name NAME] URI [--name NAME] [ARGS...]"

COMMAND(imgfetch_command) = {
	.name = "imgfetch",
	.exec = imgfetch_exec,
	.usage = FETCH_USAGE,
	.summary = "Download a file into an image",
};

COMMAND(initrd_command) = {
	.name = "initrd",
	.exec = imgfetch_exec,
	.usage = FETCH_USAGE,
	.summary = "Download an initrd (every image but the kernel is one)",
};

COMMAND(module_command) = {
	.name = "module",
	.exec = imgfetch_exec,
	.usage = FETCH_USAGE,
	.summary = "Download a module (as imgfetch)",
};

/* --- imgselect, kernel -------------------------------------------------- */

static int select_action(struct image *image, const struct img_request *req)
{
	image_select(image);
	return 0;
}

static const struct img_command select_command = {
	.takes_existing = true,
	.action = select_action,
};

static int imgselect_exec(int argc, char **argv)
{
	return img_command_exec(argc, argv, &select_command);
}

#define SELECT_USAGE "[--name NAME] [--autofree] URI|NAME [ARGS...]"

COMMAND(imgselect_command) = {
	.name = "imgselect",
	.exec = imgselect_exec,
	.usage = SELECT_USAGE,
	.summary = "Select an image (downloading it if needed) for boot",
};

COMMAND(kernel_command) = {
	.name = "kernel",
	.exec = imgselect_exec,
	.usage = SELECT_USAGE,
	.summary = "Download a kernel with its arguments and select it",
};

/* --- imgexec, chain, boot ----------------------------------------------- */

/*
 * Run IMAGE. With --replace inside a script, the script ends with the
 * image's status instead of going on (the image replaced it).
 */
static int exec_action(struct image *image, const struct img_request *req)
{
	int rc = image_exec(image);

	if (req->replace && rc >= 0 && script_is_running()) {
		exit_status = rc;
		exit_requested = true;
	}
	return rc;
}

static const struct img_command exec_command = {
	.target_optional = true,
	.takes_existing = true,
	.action = exec_action,
};

static int imgexec_exec(int argc, char **argv)
{
	return img_command_exec(argc, argv, &exec_command);
}

#define EXEC_USAGE "[--autofree] [--replace] [URI|NAME [ARGS...]]"

COMMAND(imgexec_command) = {
	.name = "imgexec",
	.exec = imgexec_exec,
	.usage = EXEC_USAGE,
	.summary = "Run an image (none named: the selected one)",
};

COMMAND(chain_command) = {
	.name = "chain",
	.exec = imgexec_exec,
	.usage = EXEC_USAGE,
	.summary = "Download a file and run it",
};

COMMAND(boot_command) = {
	.name = "boot",
	.exec = imgexec_exec,
	.usage = EXEC_USAGE,
	.summary = "Run the selected image (or the one named)",
};

/* --- imgargs ------------------------------------------------------------ */

static int imgargs_exec(int argc, char **argv)
{
	struct image *image;

	if (argc < 2)
		return command_usage(find_command(argv[0]));
	image = find_image(argv[1]);
	if (!image)
		return command_error(argv[0], -ENOENT, "no such image: %s",
				     argv[1]);
	return image_set_cmdline(image, argc - 2, argv + 2);
}

COMMAND(imgargs_command) = {
	.name = "imgargs",
	.exec = imgargs_exec,
	.usage = "NAME [ARGS...]",
	.summary = "Set an image's arguments (none: clear them)",
};

/*
 * Apply ACTION to each image named in ARGV[1..]; a missing name is
 * reported and makes the result -ENOENT, the others are still done.
 */
static int for_each_named_image(int argc, char **argv,
				void (*action)(struct image *image))
{
	struct image *image;
	int i, rc = 0;

	for (i = 1; i < argc; i++) {
		image = find_image(argv[i]);
		if (image)
			action(image);
		else
			rc = command_error(argv[0], -ENOENT,
					   "no such image: %s", argv[i]);
	}
	return rc;
}

static int imgfree_exec(int argc, char **argv)
{
	struct image *image, *tmp;

	if (argc > 1)
		return for_each_named_image(argc, argv, unregister_image);
	list_for_each_entry_safe(image, tmp, &images, list)
		unregister_image(image);
	return 0;
}

COMMAND(imgfree_command) = {
	.name = "imgfree",
	.exec = imgfree_exec,
	.usage = "[NAME...]",
	.summary = "Free images (all of them if none is named)",
};

/* " in 0.42 s (159.8 MB/s)": how long IMAGE's download took. */
static void print_fetch_time(const struct image *image)
{
	uint64_t ms = image->fetch_us / US_PER_MS;
	unsigned long rate = rate_tenths(image->len, image->fetch_us);

	if (!image->fetch_us)
		return;
	printf(" in %llu.%02llu s (%lu.%lu MB/s)",
	       (unsigned long long)(ms / MS_PER_SEC),
	       (unsigned long long)(ms % MS_PER_SEC / 10), rate / 10, rate % 10);
}

static int imgstat_exec(int argc, char **argv)
{
	struct image *image;
	char uri[256];

	for_each_image(image) {
		uri[0] = '\0';
		if (image->uri)
			format_uri(image->uri, uri, sizeof(uri));
		printf("%s: %zu bytes%s%s", image->name, image->len,
		       uri[0] ? " from " : "", uri);
		print_fetch_time(image);
		if (image->cmdline)
			printf(" \"%s\"", image->cmdline);
		if (image->flags & IMAGE_SELECTED)
			printf(" [SELECTED]");
		printf("\n");
	}
	return 0;
}

COMMAND(imgstat_command) = {
	.name = "imgstat",
	.exec = imgstat_exec,
	.usage = "",
	.summary = "List the images in memory",
};

/* Print the image's digest in hex, two spaces and its name, as sha256sum(1) does. */
static void print_image_digest(struct image *image)
{
	uint8_t digest[SHA256_DIGEST_LEN];
	unsigned int i;

	sha256(image->data, image->len, digest);
	for (i = 0; i < SHA256_DIGEST_LEN; i++)
		printf("%02x", digest[i]);
	printf("  %s\n", image->name);
}

static int sha256sum_exec(int argc, char **argv)
{
	if (argc < 2)
		return command_usage(find_command(argv[0]));
	return for_each_named_image(argc, argv, print_image_digest);
}

COMMAND(sha256sum_command) = {
	.name = "sha256sum",
	.exec = sha256sum_exec,
	.usage = "NAME...",
	.summary = "Print the SHA-256 digest of images",
};
