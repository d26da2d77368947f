/* SPDX-License-Identifier: MIT */
/* Image commands: imgfetch, chain, imgexec, imgfree, imgstat, sha256sum. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <core/command.h>
#include <core/download.h>
#include <core/getopt.h>
#include <core/image.h>
#include <core/sha256.h>
#include <core/time.h>

static const struct cmd_option imgfetch_options[] = {
	{ "name", 'n', true },
};

/* Parse imgfetch's options from STATE->index on; stops at the next operand. */
static int imgfetch_options_parse(int argc, char **argv,
				  struct getopt_state *state, const char **name)
{
	int opt;

	while ((opt = cmd_getopt(argc, argv, imgfetch_options,
				 ARRAY_SIZE(imgfetch_options), state)) >= 0)
		*name = state->arg;
	return opt == GETOPT_DONE ? 0 : opt;
}

/*
 * imgfetch [--name NAME] URI [--name NAME] [ARGS...]: options may come
 * before or right after the URI; other words after it are the image's
 * arguments.
 */
static int imgfetch_exec(int argc, char **argv)
{
	struct getopt_state state = { .index = 1 };
	const char *name = NULL, *uri;
	struct image *image;
	int rc;

	rc = imgfetch_options_parse(argc, argv, &state, &name);
	if (rc)
		return rc;
	if (state.index >= argc)
		return command_usage(find_command(argv[0]));
	uri = argv[state.index++];
	rc = imgfetch_options_parse(argc, argv, &state, &name);
	if (rc)
		return rc;
	rc = download(uri, name, &image);
	if (rc)
		return rc;
	return image_set_cmdline(image, argc - state.index, argv + state.index);
}

COMMAND(imgfetch_command) = {
	.name = "imgfetch",
	.exec = imgfetch_exec,
	.usage = "[--name NAME] URI [--name NAME] [ARGS...]",
	.summary = "Download a file into an image",
};

/* chain URI [ARGS...]: fetch a file and run it (a script, a kernel...). */
static int chain_exec(int argc, char **argv)
{
	struct image *image;
	int rc;

	if (argc < 2)
		return command_usage(find_command(argv[0]));
	rc = download(argv[1], NULL, &image);
	if (rc)
		return rc;
	rc = image_set_cmdline(image, argc - 2, argv + 2);
	return rc ? rc : image_exec(image);
}

COMMAND(chain_command) = {
	.name = "chain",
	.exec = chain_exec,
	.usage = "URI [ARGS...]",
	.summary = "Download a file and run it",
};

/* imgexec NAME: run an image already in memory. */
static int imgexec_exec(int argc, char **argv)
{
	struct image *image;

	if (argc != 2)
		return command_usage(find_command(argv[0]));
	image = find_image(argv[1]);
	if (!image)
		return command_error(argv[0], -ENOENT, "no such image: %s",
				     argv[1]);
	return image_exec(image);
}

COMMAND(imgexec_command) = {
	.name = "imgexec",
	.exec = imgexec_exec,
	.usage = "NAME",
	.summary = "Run an image",
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
	uint64_t rate;

	if (!image->fetch_us)
		return;
	rate = (uint64_t)image->len * 10 / image->fetch_us;
	printf(" in %llu.%02llu s (%llu.%llu MB/s)",
	       (unsigned long long)(ms / MS_PER_SEC),
	       (unsigned long long)(ms % MS_PER_SEC / 10),
	       (unsigned long long)(rate / 10), (unsigned long long)(rate % 10));
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
