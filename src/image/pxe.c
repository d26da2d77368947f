/* SPDX-License-Identifier: MIT */
/*
 * PXE network bootstrap programs (pxelinux.0, undionly.kpxe, ...), run
 * as a PXE ROM runs them: at 0000:7C00 in real mode with nicboot's PXE
 * API behind !PXE and PXENV+.
 *
 * NBPs carry no signature, so the rule is by name and origin: an image
 * fetched over the network whose name ends in .0, .pxe, .kpxe or .com
 * and which fits between 0x7C00 and the end of free base memory. This
 * type is linked after every other one (scripts, bzImage, multiboot), so
 * an image with one of their signatures never gets here.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <core/command.h>
#include <core/compiler.h>
#include <core/image.h>
#include <net/dns.h>
#include <net/ipv4.h>
#include <arch/io.h>
#include <arch/pxe_entry.h>
#include <arch/rmlayout.h>

/* Where PXE 2.1 loads the program. */
#define NBP_LOAD_ADDR 0x7c00
#define KIB 1024

static const char *const nbp_suffixes[] = { ".0", ".pxe", ".kpxe", ".com" };
static const char *const network_schemes[] = { "tftp", "http", "https" };

/* Room for the program: from 0x7C00 to the end of the base memory the BIOS data area leaves free. */
static size_t nbp_room(void)
{
	uint16_t kb;

	memcpy(&kb, phys_to_virt(BDA_BASE_MEM_KB), sizeof(kb));
	return (size_t)kb * KIB - NBP_LOAD_ADDR;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t len = strlen(s), slen = strlen(suffix);

	return len > slen && strcmp(s + len - slen, suffix) == 0;
}

static bool from_network(const struct image *image)
{
	unsigned int i;

	if (!image->uri || !image->uri->scheme)
		return false;
	for (i = 0; i < ARRAY_SIZE(network_schemes); i++) {
		if (strcmp(image->uri->scheme, network_schemes[i]) == 0)
			return true;
	}
	return false;
}

/* A program by its name and origin (NBPs have no signature), if it fits. */
static int pxe_probe(const struct image *image)
{
	unsigned int i;

	if (!image->len || image->len > nbp_room() || !from_network(image))
		return 0;
	for (i = 0; i < ARRAY_SIZE(nbp_suffixes); i++) {
		if (ends_with(image->name, nbp_suffixes[i]))
			return 1;
	}
	return 0;
}

/* The device the image came over: the route to its server. */
static struct net_device *nbp_netdev(const struct image *image)
{
	struct net_device *netdev = NULL;
	uint32_t server, src;

	if (!image->uri->host || resolve_name(image->uri->host, &server) ||
	    ipv4_route_lookup(server, &src, &netdev))
		return NULL;
	return netdev;
}

/* Run the program with the PXE API on the card it came by, until it returns. */
static int pxe_exec(struct image *image)
{
	struct net_device *netdev = nbp_netdev(image);
	int rc;

	if (!netdev)
		return command_error(image->name, -ENETUNREACH,
				     "no network device reaches the server it came from");
	rc = pxe_activate(netdev, image->uri);
	if (rc) {
		pxe_deactivate();
		return command_error(image->name, rc,
				     "no memory to keep nicboot in while it runs");
	}
	memcpy(phys_to_virt(NBP_LOAD_ADDR), image->data, image->len);
	pxe_run_nbp();
	pxe_deactivate();
	return command_error(image->name, -ECANCELED,
			     "the PXE program returned (it could not boot)");
}

IMAGE_TYPE(pxe_image_type) = {
	.name = "pxe",
	.probe = pxe_probe,
	.exec = pxe_exec,
};
