/* SPDX-License-Identifier: MIT */
/*
 * Tests of the image commands (kernel, initrd, imgselect, boot, chain,
 * imgargs, imgfree) and of the working URI while a script runs, on a fake
 * "test://" scheme that serves files from a table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <core/command.h>
#include <core/download.h>
#include <core/image.h>
#include <core/script.h>
#include <core/settings.h>
#include "test.h"
#include "test_console.h"

/* The files the fake server has: "host/path" and content. */
static const struct {
	const char *where;
	const char *content;
} test_files[] = {
	{ "srv/boot.ipxe",
	  "#!ipxe\nchain menus/next.ipxe\n"
	  "echo back in boot\n" },
	{ "srv/menus/next.ipxe",
	  "#!ipxe\necho next\nimgfetch ../vmlinuz\nimgfetch ../../other/f\n" },
	{ "srv/vmlinuz", "KERNEL" },
	{ "srv/other/f", "OTHER" },
	{ "srv/initrd.img", "INITRD" },
	{ "srv/fails.ipxe", "#!ipxe\necho failing\nnosuchcommand\n" },
	{ "srv/replace.ipxe",
	  "#!ipxe\nchain --replace exit3.ipxe\necho not reached\n" },
	{ "srv/exit3.ipxe", "#!ipxe\nexit 3\n" },
	{ "srv/autofree.ipxe",
	  "#!ipxe\nchain --autofree exit3.ipxe || echo status ${x}\n" },
	{ "srv/self.ipxe", "#!ipxe\nimgfree\nimgstat\necho self ok\n" },
	{ "srv/boot-kernel.ipxe",
	  "#!ipxe\nkernel vmlinuz console=ttyS0\ninitrd initrd.img\nboot\n" },
};

/* Serve DL->uri from the table, as host "/" path. */
static int test_fetch(struct download *dl)
{
	char where[128];
	size_t i;

	snprintf(where, sizeof(where), "%s%s", dl->uri->host ? dl->uri->host :
		 "", dl->uri->path ? dl->uri->path : "");
	for (i = 0; i < ARRAY_SIZE(test_files); i++) {
		if (strcmp(test_files[i].where, where) == 0)
			return image_write(dl->image, 0, test_files[i].content,
					   strlen(test_files[i].content));
	}
	return dl_fail(dl, -ENOENT, "test server: no %s", where);
}

URI_OPENER(test_opener) = {
	.scheme = "test",
	.fetch = test_fetch,
};

/* A kernel "format": images starting "KERNEL" print what they would boot. */
static int kernel_probe(const struct image *image)
{
	return image->len >= 6 && memcmp(image->data, "KERNEL", 6) == 0;
}

static int kernel_exec(struct image *image)
{
	struct image *initrd;

	printf("booting %s \"%s\" with", image->name,
	       image->cmdline ? image->cmdline : "");
	for_each_image(initrd)
		printf(" %s", initrd->name);
	printf("\n");
	return 0;
}

IMAGE_TYPE(test_kernel_type) = {
	.name = "test-kernel",
	.probe = kernel_probe,
	.exec = kernel_exec,
};

static int run(const char *line)
{
	int rc;

	test_console_start(NULL, 0, false);
	rc = system(line);
	test_console_stop();
	return rc;
}

static const char *output_has(const char *needle)
{
	return strstr(test_console_output(), needle);
}

static void free_all_images(void)
{
	struct image *image, *tmp;

	list_for_each_entry_safe(image, tmp, &images, list)
		unregister_image(image);
}

UNIT_TEST(chain_resolves_relative_uris_against_the_script)
{
	CHECK_INT(run("chain test://srv/boot.ipxe"), 0);
	CHECK(output_has("next\n"));
	CHECK(output_has("back in boot\n"));
	CHECK(find_image("vmlinuz") != NULL);
	CHECK(find_image("f") != NULL);
	CHECK(cwuri == NULL);
	/* The scripts are back on the list once they have run. */
	CHECK(find_image("boot.ipxe") != NULL);
	CHECK(find_image("next.ipxe") != NULL);
	free_all_images();
}

UNIT_TEST(relative_uri_without_script_fails)
{
	CHECK_INT(run("imgfetch vmlinuz"), -EINVAL);
	CHECK(output_has("not a URI"));
	CHECK_INT(run("chain nosuch"), -ENOENT);
	CHECK(output_has("no such image: nosuch"));
}

UNIT_TEST(failure_in_chained_script_names_its_line)
{
	CHECK_INT(run("chain test://srv/fails.ipxe"), -EUNKNOWN_CMD);
	CHECK(output_has("fails.ipxe line 3: nosuchcommand: command not found"));
	free_all_images();
}

UNIT_TEST(kernel_initrd_boot)
{
	CHECK_INT(run("chain test://srv/boot-kernel.ipxe"), 0);
	CHECK(output_has("booting vmlinuz \"console=ttyS0\" with initrd.img\n"));
	free_all_images();
}

UNIT_TEST(boot_needs_a_selected_image)
{
	CHECK_INT(run("boot"), -ENOENT);
	CHECK(output_has("no image selected"));
	CHECK_INT(run("imgfetch test://srv/vmlinuz && boot"), -ENOENT);
	CHECK_INT(run("imgselect vmlinuz && boot"), 0);
	CHECK(output_has("booting vmlinuz \"\" with\n"));
	CHECK_INT(run("imgstat"), 0);
	CHECK(output_has("vmlinuz: 6 bytes from test://srv/vmlinuz"));
	CHECK(output_has(" [SELECTED]\n"));
	free_all_images();
}

UNIT_TEST(imgargs_sets_and_clears)
{
	CHECK_INT(run("imgfetch test://srv/vmlinuz && imgargs vmlinuz a=1 b && "
		      "boot vmlinuz"), 0);
	CHECK(output_has("booting vmlinuz \"a=1 b\""));
	CHECK_INT(run("imgargs vmlinuz && imgexec vmlinuz"), 0);
	CHECK(output_has("booting vmlinuz \"\""));
	CHECK_INT(run("imgargs nosuch x"), -ENOENT);
	CHECK_INT(run("imgargs"), -EINVAL);
	free_all_images();
}

UNIT_TEST(chain_replace_ends_the_script)
{
	CHECK_INT(run("chain test://srv/replace.ipxe"), 3);
	CHECK(!output_has("not reached"));
	free_all_images();
}

UNIT_TEST(chain_autofree_frees_after_running)
{
	CHECK_INT(run("chain --autofree test://srv/exit3.ipxe"), 3);
	CHECK(find_image("exit3.ipxe") == NULL);
	CHECK_INT(run("chain test://srv/exit3.ipxe"), 3);
	CHECK(find_image("exit3.ipxe") != NULL);
	free_all_images();
}

UNIT_TEST(imgfree_in_a_script_spares_the_script)
{
	CHECK_INT(run("imgfetch test://srv/vmlinuz && "
		      "chain test://srv/self.ipxe"), 0);
	CHECK(output_has("self ok"));
	CHECK(find_image("vmlinuz") == NULL);
	CHECK(find_image("self.ipxe") != NULL);
	free_all_images();
}

UNIT_TEST(initrd_and_module_are_imgfetch)
{
	CHECK_INT(run("initrd --name rd test://srv/initrd.img && "
		      "module test://srv/vmlinuz --name mod"), 0);
	CHECK(find_image("rd") != NULL);
	CHECK(find_image("mod") != NULL);
	CHECK_INT(run("kernel"), -EINVAL);
	CHECK(output_has("Usage: kernel"));
	free_all_images();
}

UNIT_TEST(builtin_settings)
{
	char buf[32];

	CHECK(fetchf_setting("platform", buf, sizeof(buf)) > 0);
	CHECK_STR(buf, "linux");
	CHECK(fetchf_setting("buildarch", buf, sizeof(buf)) > 0);
	CHECK_STR(buf, "x86_64");
	CHECK(fetchf_setting("builtin/version", buf, sizeof(buf)) > 0);
	CHECK_INT(storef_setting("builtin/platform", "efi"), -ENOTSUP);
}
