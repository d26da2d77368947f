/* SPDX-License-Identifier: MIT */
/*
 * The UEFI Simple Network Protocol (UEFI 2.x, section 24.1) as the SNP
 * driver sees it, and the driver's entry points. The platform finds SNP
 * instances and hands them over; the driver needs no firmware headers.
 */
#ifndef DRIVERS_NET_SNPNET_H
#define DRIVERS_NET_SNPNET_H

#include <stdbool.h>
#include <stdint.h>

struct net_device;

/* Firmware functions use the Microsoft x64 calling convention. */
#define SNP_API __attribute__((ms_abi))

typedef uint64_t snp_status;
#define SNP_SUCCESS 0
#define SNP_ERROR_BIT (1ull << 63)
#define SNP_NOT_READY (SNP_ERROR_BIT | 6)

#define SNP_MAC_LEN 32
#define SNP_MAX_MCAST_FILTERS 16

enum snp_state {
	SNP_STOPPED,
	SNP_STARTED,
	SNP_INITIALIZED,
};

#define SNP_RX_UNICAST 0x01
#define SNP_RX_MULTICAST 0x02
#define SNP_RX_BROADCAST 0x04
#define SNP_RX_PROMISCUOUS 0x08
#define SNP_RX_PROMISCUOUS_MULTICAST 0x10

struct snp_mode {
	uint32_t state;
	uint32_t hw_address_size;
	uint32_t media_header_size;
	uint32_t max_packet_size;
	uint32_t nvram_size;
	uint32_t nvram_access_size;
	uint32_t receive_filter_mask;
	uint32_t receive_filter_setting;
	uint32_t max_mcast_filter_count;
	uint32_t mcast_filter_count;
	uint8_t mcast_filter[SNP_MAX_MCAST_FILTERS][SNP_MAC_LEN];
	uint8_t current_address[SNP_MAC_LEN];
	uint8_t broadcast_address[SNP_MAC_LEN];
	uint8_t permanent_address[SNP_MAC_LEN];
	uint8_t if_type;
	uint8_t mac_address_changeable;
	uint8_t multiple_tx_supported;
	uint8_t media_present_supported;
	uint8_t media_present;
};

struct snp_protocol {
	uint64_t revision;
	snp_status (SNP_API *start)(struct snp_protocol *snp);
	snp_status (SNP_API *stop)(struct snp_protocol *snp);
	snp_status (SNP_API *initialize)(struct snp_protocol *snp,
					 uintptr_t extra_rx, uintptr_t extra_tx);
	snp_status (SNP_API *reset)(struct snp_protocol *snp, bool extended);
	snp_status (SNP_API *shutdown)(struct snp_protocol *snp);
	snp_status (SNP_API *receive_filters)(struct snp_protocol *snp,
					      uint32_t enable, uint32_t disable,
					      bool reset_mcast,
					      uintptr_t mcast_count,
					      const void *mcast);
	void *station_address;
	void *statistics;
	void *mcast_ip_to_mac;
	void *nvdata;
	snp_status (SNP_API *get_status)(struct snp_protocol *snp,
					 uint32_t *interrupts, void **tx_buf);
	snp_status (SNP_API *transmit)(struct snp_protocol *snp,
				       uintptr_t header_len, uintptr_t len,
				       void *buf, const void *src,
				       const void *dest, const uint16_t *proto);
	snp_status (SNP_API *receive)(struct snp_protocol *snp,
				      uintptr_t *header_len, uintptr_t *len,
				      void *buf, void *src, void *dest,
				      uint16_t *proto);
	void *wait_for_packet;
	struct snp_mode *mode;
};

/*
 * Register a network device driven through SNP; LOCATION names where the
 * card is ("0000:00:03.0"). The SNP must stay valid until snpnet_remove().
 */
int snpnet_probe(struct snp_protocol *snp, const char *location,
		 struct net_device **netdev);
/* Close and unregister: the SNP is left in the state the driver found it in. */
void snpnet_remove(struct net_device *netdev);

#endif
