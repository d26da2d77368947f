/* SPDX-License-Identifier: MIT */
/*
 * The settings store. Values are typed raw bytes held in blocks ("scopes"):
 * the global block and, below it, one per network device (net0) with its
 * own children (net0.dhcp). Names are written [SCOPE/]NAME[:TYPE]:
 * "ip", "net0/ip", "net0.dhcp/filename", "mac:hexhyp".
 *
 * An unscoped fetch searches the global block, then every block below it
 * in registration order (depth first), so "${ip}" finds what DHCP stored
 * in net0.dhcp. A scoped fetch searches that block and its children.
 *
 * Two settings are the same if they carry the same non-zero DHCP tag, or
 * else the same name: "67" and "filename" name one value.
 */
#ifndef CORE_SETTINGS_H
#define CORE_SETTINGS_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <core/list.h>
#include <core/table.h>

/* How a type turns text into raw bytes and back. */
struct setting_type {
	/*
	 * "string", "ipv4", "uint8".."uint32", "int32", "hex", "hexhyp",
	 * "hexraw", "uuid"
	 */
	const char *name;
	/*
	 * Parse TEXT into RAW (writing at most LEN bytes); returns the bytes
	 * needed or -errno, so LEN 0 sizes the value.
	 */
	int (*parse)(const char *text, void *raw, size_t len);
	/* Format RAW into BUF like snprintf: the length needed or -errno. */
	int (*format)(const void *raw, size_t raw_len, char *buf, size_t len);
};
TABLE_DECLARE(const struct setting_type, setting_types);
#define SETTING_TYPE(ident) \
	const struct setting_type ident \
	TABLE_ENTRY(const struct setting_type, setting_types)

extern const struct setting_type setting_type_string;
extern const struct setting_type setting_type_ipv4;
extern const struct setting_type setting_type_uint8;
extern const struct setting_type setting_type_uint16;
extern const struct setting_type setting_type_uint32;
extern const struct setting_type setting_type_int32;
extern const struct setting_type setting_type_hex;
extern const struct setting_type setting_type_hexhyp;
extern const struct setting_type setting_type_hexraw;
extern const struct setting_type setting_type_uuid;

const struct setting_type *find_setting_type(const char *name);

/* A named setting: a well-known definition from the table, or an ad-hoc one. */
struct setting {
	const char *name;
	const char *description;
	const struct setting_type *type;
	/* DHCP option number (0 if none), for settings DHCP fills in. */
	unsigned int tag;
};
TABLE_DECLARE(const struct setting, setting_defs);
#define SETTING(ident) \
	const struct setting ident \
	TABLE_ENTRY(const struct setting, setting_defs)

/* Well-known settings that several modules use. */
extern const struct setting ip_setting;
extern const struct setting netmask_setting;
extern const struct setting gateway_setting;
extern const struct setting dns_setting;
extern const struct setting domain_setting;
extern const struct setting hostname_setting;
extern const struct setting next_server_setting;
extern const struct setting filename_setting;
extern const struct setting mac_setting;
extern const struct setting uuid_setting;
extern const struct setting user_class_setting;

/* The definition with this name, or NULL. */
const struct setting *find_setting(const char *name);
/* The definition for DHCP option TAG, or NULL. */
const struct setting *find_setting_by_tag(unsigned int tag);

struct settings;

/*
 * Hooks for blocks whose values are computed (e.g. net0/mac). fetch is
 * also called with RAW NULL and LEN 0 to learn the length; store is also
 * called for deletions (RAW NULL, LEN 0).
 */
struct settings_operations {
	/* Fetch into RAW; return length, or -ENOENT to use stored values. */
	int (*fetch)(struct settings *settings, const struct setting *setting,
		     void *raw, size_t len);
	/* Store, or -ENOTSUP to refuse (read-only), -ENOENT to store it. */
	int (*store)(struct settings *settings, const struct setting *setting,
		     const void *raw, size_t len);
};

/* A block of settings. Embed it in whatever owns the values. */
struct settings {
	char name[32];		/* "net0", "dhcp": full name parent.name */
	struct settings *parent;
	struct list_head siblings;
	struct list_head children;
	struct list_head values;	/* stored values (internal) */
	const struct settings_operations *op;	/* may be NULL */
};

/* The global block (name ""). */
extern struct settings settings_root;

void settings_init(struct settings *settings,
		   const struct settings_operations *op);
/* Attach SETTINGS named NAME below PARENT (NULL = root). -EEXIST if taken. */
int register_settings(struct settings *settings, struct settings *parent,
		      const char *name);
/* Detach and delete all stored values (children too). */
void unregister_settings(struct settings *settings);
/* The block with full name NAME ("net0", "net0.dhcp", "" = root), or NULL. */
struct settings *find_settings(const char *name);
/* Write the full name of SETTINGS ("net0.dhcp") into BUF. */
int settings_full_name(const struct settings *settings, char *buf,
		       size_t len);

/*
 * Store LEN raw bytes (RAW NULL or LEN 0 deletes the value); SETTINGS NULL
 * is the root. The name is copied; the type and description pointers are
 * kept, so they must be static. An overwritten value keeps its place.
 */
int store_setting(struct settings *settings, const struct setting *setting,
		  const void *raw, size_t len);
int delete_setting(struct settings *settings, const struct setting *setting);
/*
 * Fetch the raw value (SETTINGS NULL = search from the root) into RAW, up
 * to LEN bytes; returns the full length or -ENOENT. If ORIGIN is not NULL
 * it receives the block the value came from.
 */
int fetch_setting(struct settings *settings, const struct setting *setting,
		  void *raw, size_t len, struct settings **origin);
/*
 * Typed fetches; SETTINGS NULL = search from the root. They return the
 * raw length: an IPv4 value needs 4 bytes (more is several addresses, the
 * first is taken); an unsigned value is big-endian of up to
 * sizeof(long) bytes (-ERANGE otherwise).
 */
int fetch_ipv4_setting(struct settings *settings,
		       const struct setting *setting, uint32_t *ip_be);
int fetch_uint_setting(struct settings *settings,
		       const struct setting *setting, unsigned long *value);
/*
 * NUL-terminated string value into BUF (truncated to fit); returns the
 * full length or -ENOENT.
 */
int fetch_string_setting(struct settings *settings,
			 const struct setting *setting, char *buf, size_t len);
/* As above into a new heap string (free() it). */
int fetch_string_setting_copy(struct settings *settings,
			      const struct setting *setting, char **str);

/*
 * Parse "[SCOPE/]NAME[:TYPE]". *SETTINGS becomes the named block or NULL
 * for unscoped names; SETTING is filled from the known definition, or as
 * an ad-hoc setting whose name points into NAMEBUF (and type string unless
 * given). A numeric ad-hoc name ("209") carries that DHCP tag. NAMEBUF
 * must hold all of TEXT (-ENAMETOOLONG otherwise). -ENODEV for an unknown
 * scope, -EINVAL for an unknown type or an empty name.
 */
int parse_setting_name(const char *text, struct settings **settings,
		       struct setting *setting, char *namebuf, size_t len);

/* Text interface used by the commands and by expansion. */
/* Parse VALUE as the setting's type and store it; NULL or "" clears. */
int storef_setting(const char *name, const char *value);
/*
 * Format the value into BUF per the type in NAME, else the type it was
 * stored with; returns length (like snprintf) or -errno.
 */
int fetchf_setting(const char *name, char *buf, size_t len);
/* As fetchf_setting into a new heap string. */
int fetchf_setting_copy(const char *name, char **value);

/*
 * Expand every ${NAME} in TEXT (innermost first, so ${${x}} works); an
 * unset setting expands to "". Returns a heap string or NULL if out of
 * memory. An unclosed "${" is copied literally; values are not expanded
 * again.
 */
char *expand_settings(const char *text);

/*
 * Something derived from settings (the routes from ip/netmask/gateway),
 * brought up to date after every store and every block removed.
 */
struct settings_applicator {
	void (*apply)(void);
};
TABLE_DECLARE(const struct settings_applicator, settings_applicators);
#define SETTINGS_APPLICATOR(ident) \
	static const struct settings_applicator ident \
	TABLE_ENTRY(const struct settings_applicator, settings_applicators)

/*
 * Call FN for every stored value in SETTINGS and below (NULL = all), for
 * `show`: in storing order, each block before its children. Computed
 * values are not visited. FN must not change the store.
 */
void for_each_setting(struct settings *settings,
		      void (*fn)(struct settings *origin,
				 const struct setting *setting,
				 const void *raw, size_t len, void *ctx),
		      void *ctx);

#endif
