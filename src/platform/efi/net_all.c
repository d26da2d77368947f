/* SPDX-License-Identifier: MIT */
/* bin/nicboot.efi's cards: those nicboot drives itself, then every other card through its SNP. */
#include "platform/efi/efi.h"

void efi_probe_network(void)
{
	efi_pci_probe();
	efi_snp_probe_all();
}
