/* SPDX-License-Identifier: MIT */
/* Image commands: imgfetch, imgfree, imgstat, sha256sum. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <core/command.h>
#include <core/download.h>
#include <core/getopt.h>
#include <core/image.h>
#include <core/sha256.h>

static const struct cmd_option imgfetch_options[] = {
	{ "name", 'n', true },
};

static int imgfetch_exec(int argc, char **argv)
{
	struct getopt_state state = { .index = 1 };
	const char *name = NULL;
	int opt;

	while ((opt = cmd_getopt(argc, argv, imgfetch_options,
				 ARRAY_SIZE(imgfetch_options), &state)) >= 0)
		name = state.arg;
	if (opt != -1)
		return opt;
	if (state.index != argc - 1)
		return command_usage(find_command(argv[0]));
	return download(argv[state.index], name, NULL);
}

COMMAND(imgfetch_command) = {
	.name = "imgfetch",
	.exec = imgfetch_exec,
	.usage = "[--name NAME] URI",
	.summary = "Download a file into an image",
};

static int imgfree_exec(int argc, char **argv)
{
	struct image *image, *tmp;
	int i, rc = 0;

	if (argc == 1) {
		list_for_each_entry_safe(image, tmp, &images, list)
			unregister_image(image);
		return 0;
	}
	for (i = 1; i < argc; i++) {
		image = find_image(argv[i]);
		if (!image) {
			printf("imgfree: no such image: %s\n", argv[i]);
			rc = -ENOENT;
			continue;
		}
		unregister_image(image);
	}
	return rc;
}

COMMAND(imgfree_command) = {
	.name = "imgfree",
	.exec = imgfree_exec,
	.usage = "[NAME...]",
	.summary = "Free images (all of them if none is named)",
};

static int imgstat_exec(int argc, char **argv)
{
	struct image *image;
	char uri[256];

	for_each_image(image) {
		uri[0] = '\0';
		if (image->uri)
			format_uri(image->uri, uri, sizeof(uri));
		printf("%s: %zu bytes%s%s%s%s\n", image->name, image->len,
		       uri[0] ? " from " : "", uri,
		       image->cmdline ? " " : "",
		       image->cmdline ? image->cmdline : "");
	}
	return 0;
}

COMMAND(imgstat_command) = {
	.name = "imgstat",
	.exec = imgstat_exec,
	.usage = "",
	.summary = "List the images in memory",
};

/* Print DIGEST in hex followed by two spaces and NAME, as sha256sum(1) does. */
static void print_digest(const uint8_t *digest, const char *name)
{
	unsigned int i;

	for (i = 0; i < SHA256_DIGEST_LEN; i++)
		printf("%02x", digest[i]);
	printf("  %s\n", name);
}

static int sha256sum_exec(int argc, char **argv)
{
	uint8_t digest[SHA256_DIGEST_LEN];
	struct image *image;
	int i, rc = 0;

	if (argc < 2)
		return command_usage(find_command(argv[0]));
	for (i = 1; i < argc; i++) {
		image = find_image(argv[i]);
		if (!image) {
			printf("sha256sum: no such image: %s\n", argv[i]);
			rc = -ENOENT;
			continue;
		}
		sha256(image->data, image->len, digest);
		print_digest(digest, image->name);
	}
	return rc;
}

COMMAND(sha256sum_command) = {
	.name = "sha256sum",
	.exec = sha256sum_exec,
	.usage = "NAME...",
	.summary = "Print the SHA-256 digest of images",
};
