/* SPDX-License-Identifier: MIT */
/* The settings store: blocks of typed values, names, text access, ${}. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <core/compiler.h>
#include <core/settings.h>

/* DHCP option numbers of the well-known settings. */
#define DHCP_TAG_NETMASK 1
#define DHCP_TAG_GATEWAY 3
#define DHCP_TAG_DNS 6
#define DHCP_TAG_HOSTNAME 12
#define DHCP_TAG_DOMAIN 15
#define DHCP_TAG_REQUESTED_IP 50
#define DHCP_TAG_FILENAME 67
#define DHCP_TAG_USER_CLASS 77
#define DHCP_TAG_UUID 97
/* Numeric setting names ("209") stand for DHCP options up to this. */
#define DHCP_TAG_MAX 255
#define DEC_BASE 10
#define BYTE_BITS 8

#define SCOPE_SEPARATOR '/'
#define TYPE_SEPARATOR ':'
#define BLOCK_SEPARATOR '.'

/* Marks on the characters of a text being expanded. */
#define EXPAND_OPEN 0x1		/* '$' of a "${" that has its '}' */
#define EXPAND_CLOSE 0x2	/* '}' that closes one */

SETTING(ip_setting) = {
	.name = "ip", .description = "IP address",
	.type = &setting_type_ipv4, .tag = DHCP_TAG_REQUESTED_IP,
};

SETTING(netmask_setting) = {
	.name = "netmask", .description = "Subnet mask",
	.type = &setting_type_ipv4, .tag = DHCP_TAG_NETMASK,
};

SETTING(gateway_setting) = {
	.name = "gateway", .description = "Default gateway",
	.type = &setting_type_ipv4, .tag = DHCP_TAG_GATEWAY,
};

SETTING(dns_setting) = {
	.name = "dns", .description = "DNS server",
	.type = &setting_type_ipv4, .tag = DHCP_TAG_DNS,
};

SETTING(domain_setting) = {
	.name = "domain", .description = "DNS domain",
	.type = &setting_type_string, .tag = DHCP_TAG_DOMAIN,
};

SETTING(hostname_setting) = {
	.name = "hostname", .description = "Host name",
	.type = &setting_type_string, .tag = DHCP_TAG_HOSTNAME,
};

SETTING(next_server_setting) = {
	.name = "next-server", .description = "TFTP server",
	.type = &setting_type_ipv4,
};

SETTING(filename_setting) = {
	.name = "filename", .description = "Boot filename",
	.type = &setting_type_string, .tag = DHCP_TAG_FILENAME,
};

SETTING(mac_setting) = {
	.name = "mac", .description = "MAC address",
	.type = &setting_type_hex,
};

SETTING(uuid_setting) = {
	.name = "uuid", .description = "UUID",
	.type = &setting_type_uuid, .tag = DHCP_TAG_UUID,
};

SETTING(user_class_setting) = {
	.name = "user-class", .description = "DHCP user class",
	.type = &setting_type_string, .tag = DHCP_TAG_USER_CLASS,
};

struct settings settings_root = {
	.name = "",
	.siblings = LIST_HEAD_INIT(settings_root.siblings),
	.children = LIST_HEAD_INIT(settings_root.children),
	.values = LIST_HEAD_INIT(settings_root.values),
};

/*
 * One stored value in one allocation: this header, then the name (which
 * SETTING.name points at), then LEN bytes of data.
 */
struct setting_value {
	struct list_head list;
	struct setting setting;
	size_t len;
	uint8_t *data;
	char name[];
};

/* A growing heap string. */
struct strbuf {
	char *data;
	size_t len;
	size_t cap;
};

const struct setting *find_setting(const char *name)
{
	const struct setting *setting;

	for_each_table_entry(setting, setting_defs) {
		if (strcmp(setting->name, name) == 0)
			return setting;
	}
	return NULL;
}

const struct setting *find_setting_by_tag(unsigned int tag)
{
	const struct setting *setting;

	if (!tag)
		return NULL;
	for_each_table_entry(setting, setting_defs) {
		if (setting->tag == tag)
			return setting;
	}
	return NULL;
}

/* Same setting if both carry the same DHCP tag, else if names agree. */
static bool setting_matches(const struct setting *a, const struct setting *b)
{
	if (a->tag && a->tag == b->tag)
		return true;
	return a->name && b->name && strcmp(a->name, b->name) == 0;
}

static const struct setting_type *setting_type_of(const struct setting *s)
{
	return s->type ? s->type : &setting_type_string;
}

void settings_init(struct settings *settings,
		   const struct settings_operations *op)
{
	settings->name[0] = '\0';
	settings->parent = NULL;
	INIT_LIST_HEAD(&settings->siblings);
	INIT_LIST_HEAD(&settings->children);
	INIT_LIST_HEAD(&settings->values);
	settings->op = op;
}

/* The child of PARENT named by the LEN characters at NAME, or NULL. */
static struct settings *find_child(struct settings *parent, const char *name,
				   size_t len)
{
	struct settings *child;

	list_for_each_entry(child, &parent->children, siblings) {
		if (strncmp(child->name, name, len) == 0 &&
		    child->name[len] == '\0')
			return child;
	}
	return NULL;
}

/* Block names are non-empty and free of the separators names use. */
static bool valid_block_name(const char *name)
{
	return *name && !strchr(name, BLOCK_SEPARATOR) &&
	       !strchr(name, SCOPE_SEPARATOR) && !strchr(name, TYPE_SEPARATOR);
}

int register_settings(struct settings *settings, struct settings *parent,
		      const char *name)
{
	if (!parent)
		parent = &settings_root;
	if (!valid_block_name(name))
		return -EINVAL;
	if (strlen(name) >= sizeof(settings->name))
		return -ENAMETOOLONG;
	if (find_child(parent, name, strlen(name)))
		return -EEXIST;
	strlcpy(settings->name, name, sizeof(settings->name));
	settings->parent = parent;
	list_add_tail(&settings->siblings, &parent->children);
	return 0;
}

static void free_value(struct setting_value *value)
{
	list_del(&value->list);
	free(value);
}

static void clear_values(struct settings *settings)
{
	struct setting_value *value, *tmp;

	list_for_each_entry_safe(value, tmp, &settings->values, list)
		free_value(value);
}

/* Detach SETTINGS and its children, freeing their stored values. */
static void detach_settings(struct settings *settings)
{
	struct settings *child, *tmp;

	list_for_each_entry_safe(child, tmp, &settings->children, siblings)
		detach_settings(child);
	clear_values(settings);
	list_del(&settings->siblings);
	settings->parent = NULL;
}

/* Let every module that derives state from settings (routes) catch up. */
static void apply_settings(void)
{
	const struct settings_applicator *applicator;

	for_each_table_entry(applicator, settings_applicators)
		applicator->apply();
}

void unregister_settings(struct settings *settings)
{
	detach_settings(settings);
	apply_settings();
}

struct settings *find_settings(const char *name)
{
	struct settings *settings = &settings_root;
	size_t len;

	if (!*name)
		return settings;
	for (;;) {
		len = strcspn(name, ".");
		settings = find_child(settings, name, len);
		if (!settings || !name[len])
			return settings;
		name += len + 1;
	}
}

/* Copy SRC to offset POS of BUF (truncating); return POS + strlen(SRC). */
static size_t put_at(char *buf, size_t len, size_t pos, const char *src)
{
	if (pos < len)
		strlcpy(buf + pos, src, len - pos);
	return pos + strlen(src);
}

/* Write the full name of SETTINGS at offset POS; return the end offset. */
static size_t put_full_name(const struct settings *settings, char *buf,
			    size_t len, size_t pos)
{
	if (settings == &settings_root)
		return pos;
	if (settings->parent && settings->parent != &settings_root) {
		pos = put_full_name(settings->parent, buf, len, pos);
		pos = put_at(buf, len, pos, ".");
	}
	return put_at(buf, len, pos, settings->name);
}

int settings_full_name(const struct settings *settings, char *buf,
		       size_t len)
{
	if (len)
		buf[0] = '\0';
	return (int)put_full_name(settings, buf, len, 0);
}

static struct setting_value *find_value(struct settings *settings,
					const struct setting *setting)
{
	struct setting_value *value;

	list_for_each_entry(value, &settings->values, list) {
		if (setting_matches(&value->setting, setting))
			return value;
	}
	return NULL;
}

static struct setting_value *new_value(const struct setting *setting,
				       const void *raw, size_t len)
{
	size_t name_len = strlen(setting->name);
	struct setting_value *value;

	value = malloc(sizeof(*value) + name_len + 1 + len);
	if (!value)
		return NULL;
	memcpy(value->name, setting->name, name_len + 1);
	value->setting = *setting;
	value->setting.name = value->name;
	value->setting.type = setting_type_of(setting);
	value->data = (uint8_t *)value->name + name_len + 1;
	memcpy(value->data, raw, len);
	value->len = len;
	return value;
}

/* Store into SETTINGS' own list, replacing an old value in place. */
static int store_value(struct settings *settings,
		       const struct setting *setting, const void *raw,
		       size_t len)
{
	struct setting_value *old = find_value(settings, setting);
	struct setting_value *value;

	if (!len) {
		if (old)
			free_value(old);
		return 0;
	}
	value = new_value(setting, raw, len);
	if (!value)
		return -ENOMEM;
	if (old) {
		list_add(&value->list, &old->list);
		free_value(old);
	} else {
		list_add_tail(&value->list, &settings->values);
	}
	return 0;
}

/* store_setting() without running the applicators. */
static int store_setting_quietly(struct settings *settings,
				 const struct setting *setting,
				 const void *raw, size_t len)
{
	int rc;

	if (!setting->name || !*setting->name)
		return -EINVAL;
	if (!settings)
		settings = &settings_root;
	if (!raw)
		len = 0;
	if (settings->op && settings->op->store) {
		rc = settings->op->store(settings, setting, raw, len);
		if (rc != -ENOENT)
			return rc;
	}
	return store_value(settings, setting, raw, len);
}

int store_setting(struct settings *settings, const struct setting *setting,
		  const void *raw, size_t len)
{
	int rc = store_setting_quietly(settings, setting, raw, len);

	if (rc == 0)
		apply_settings();
	return rc;
}

int delete_setting(struct settings *settings, const struct setting *setting)
{
	return store_setting(settings, setting, NULL, 0);
}

/* Fetch from SETTINGS alone: its hook first, then its stored values. */
static int fetch_here(struct settings *settings,
		      const struct setting *setting, void *raw, size_t len,
		      const struct setting_type **type)
{
	struct setting_value *value;
	int rc;

	if (settings->op && settings->op->fetch) {
		rc = settings->op->fetch(settings, setting, raw, len);
		if (rc != -ENOENT) {
			*type = setting_type_of(setting);
			return rc;
		}
	}
	value = find_value(settings, setting);
	if (!value)
		return -ENOENT;
	if (len)
		memcpy(raw, value->data, MIN(len, value->len));
	*type = value->setting.type;
	return (int)value->len;
}

/* Search SETTINGS, then its children depth first; TYPE gets the type. */
static int fetch_typed(struct settings *settings,
		       const struct setting *setting, void *raw, size_t len,
		       struct settings **origin,
		       const struct setting_type **type)
{
	struct settings *child;
	int rc;

	rc = fetch_here(settings, setting, raw, len, type);
	if (rc != -ENOENT) {
		if (rc >= 0 && origin)
			*origin = settings;
		return rc;
	}
	list_for_each_entry(child, &settings->children, siblings) {
		rc = fetch_typed(child, setting, raw, len, origin, type);
		if (rc != -ENOENT)
			return rc;
	}
	return -ENOENT;
}

int fetch_setting(struct settings *settings, const struct setting *setting,
		  void *raw, size_t len, struct settings **origin)
{
	const struct setting_type *type;

	return fetch_typed(settings ? settings : &settings_root, setting, raw,
			   len, origin, &type);
}

/* Fetch a heap copy of the raw value and the type it was stored with. */
static int fetch_raw_copy(struct settings *settings,
			  const struct setting *setting, void **raw,
			  const struct setting_type **type)
{
	int len, rc;

	if (!settings)
		settings = &settings_root;
	len = fetch_typed(settings, setting, NULL, 0, NULL, type);
	if (len < 0)
		return len;
	*raw = malloc(len ? (size_t)len : 1);
	if (!*raw)
		return -ENOMEM;
	rc = fetch_typed(settings, setting, *raw, (size_t)len, NULL, type);
	if (rc < 0) {
		free(*raw);
		*raw = NULL;
		return rc;
	}
	return MIN(rc, len);
}

int fetch_ipv4_setting(struct settings *settings,
		       const struct setting *setting, uint32_t *ip_be)
{
	uint8_t ip[sizeof(*ip_be)];
	int rc;

	rc = fetch_setting(settings, setting, ip, sizeof(ip), NULL);
	if (rc < 0)
		return rc;
	if ((size_t)rc < sizeof(ip))
		return -ERANGE;
	memcpy(ip_be, ip, sizeof(ip));
	return rc;
}

int fetch_uint_setting(struct settings *settings,
		       const struct setting *setting, unsigned long *value)
{
	uint8_t raw[sizeof(*value)];
	int rc, i;

	rc = fetch_setting(settings, setting, raw, sizeof(raw), NULL);
	if (rc < 0)
		return rc;
	if ((size_t)rc > sizeof(raw))
		return -ERANGE;
	*value = 0;
	for (i = 0; i < rc; i++)
		*value = *value << BYTE_BITS | raw[i];
	return rc;
}

int fetch_string_setting(struct settings *settings,
			 const struct setting *setting, char *buf, size_t len)
{
	int rc;

	rc = fetch_setting(settings, setting, buf, len ? len - 1 : 0, NULL);
	if (len)
		buf[rc < 0 ? 0 : MIN((size_t)rc, len - 1)] = '\0';
	return rc;
}

int fetch_string_setting_copy(struct settings *settings,
			      const struct setting *setting, char **str)
{
	int len, rc;

	*str = NULL;
	len = fetch_setting(settings, setting, NULL, 0, NULL);
	if (len < 0)
		return len;
	*str = malloc((size_t)len + 1);
	if (!*str)
		return -ENOMEM;
	rc = fetch_string_setting(settings, setting, *str, (size_t)len + 1);
	if (rc < 0) {
		free(*str);
		*str = NULL;
	}
	return rc;
}

/* "209" names DHCP option 209; other names have no tag. */
static unsigned int numeric_tag(const char *name)
{
	unsigned int tag = 0;

	for (; *name; name++) {
		if (*name < '0' || *name > '9')
			return 0;
		tag = tag * DEC_BASE + (unsigned int)(*name - '0');
		if (tag > DHCP_TAG_MAX)
			return 0;
	}
	return tag;
}

/*
 * parse_setting_name(), also saying whether the name gave a type: the
 * text is split in place in NAMEBUF ("scope\0name\0type").
 */
static int parse_name(const char *text, struct settings **settings,
		      struct setting *setting, char *namebuf, size_t len,
		      bool *typed)
{
	const struct setting_type *type = NULL;
	const struct setting *known;
	char *name = namebuf;
	char *sep;

	*settings = NULL;
	if (strlcpy(namebuf, text, len) >= len)
		return -ENAMETOOLONG;
	sep = strchr(namebuf, SCOPE_SEPARATOR);
	if (sep) {
		*sep = '\0';
		name = sep + 1;
		*settings = find_settings(namebuf);
		if (!*settings)
			return -ENODEV;
	}
	sep = strchr(name, TYPE_SEPARATOR);
	if (sep) {
		*sep = '\0';
		type = find_setting_type(sep + 1);
		if (!type)
			return -EINVAL;
	}
	if (!*name)
		return -EINVAL;
	known = find_setting(name);
	if (known) {
		*setting = *known;
	} else {
		memset(setting, 0, sizeof(*setting));
		setting->name = name;
		setting->type = &setting_type_string;
		setting->tag = numeric_tag(name);
	}
	if (type)
		setting->type = type;
	*typed = type != NULL;
	return 0;
}

int parse_setting_name(const char *text, struct settings **settings,
		       struct setting *setting, char *namebuf, size_t len)
{
	bool typed;

	return parse_name(text, settings, setting, namebuf, len, &typed);
}

/* Parse VALUE as SETTING's type and store it in SETTINGS. */
static int store_parsed(struct settings *settings,
			const struct setting *setting, const char *value)
{
	const struct setting_type *type = setting_type_of(setting);
	void *raw;
	int len, rc;

	len = type->parse(value, NULL, 0);
	if (len < 0)
		return len;
	raw = malloc(len ? (size_t)len : 1);
	if (!raw)
		return -ENOMEM;
	type->parse(value, raw, (size_t)len);
	rc = store_setting(settings, setting, raw, (size_t)len);
	free(raw);
	return rc;
}

int storef_setting(const char *name, const char *value)
{
	size_t len = strlen(name) + 1;
	struct settings *settings;
	struct setting setting;
	char *namebuf;
	bool typed;
	int rc;

	namebuf = malloc(len);
	if (!namebuf)
		return -ENOMEM;
	rc = parse_name(name, &settings, &setting, namebuf, len, &typed);
	if (rc == 0) {
		if (value && *value)
			rc = store_parsed(settings, &setting, value);
		else
			rc = delete_setting(settings, &setting);
	}
	free(namebuf);
	return rc;
}

/*
 * Fetch the setting NAME as a raw heap copy, with the type to format it
 * as: the one the name gives, else the one it was stored with.
 */
static int fetch_named(const char *name, void **raw,
		       const struct setting_type **type)
{
	size_t len = strlen(name) + 1;
	struct settings *settings;
	struct setting setting;
	char *namebuf;
	bool typed;
	int rc;

	namebuf = malloc(len);
	if (!namebuf)
		return -ENOMEM;
	rc = parse_name(name, &settings, &setting, namebuf, len, &typed);
	if (rc == 0)
		rc = fetch_raw_copy(settings, &setting, raw, type);
	if (rc >= 0 && typed)
		*type = setting.type;
	free(namebuf);
	return rc;
}

int fetchf_setting(const char *name, char *buf, size_t len)
{
	const struct setting_type *type;
	void *raw;
	int rc;

	if (len)
		buf[0] = '\0';
	rc = fetch_named(name, &raw, &type);
	if (rc < 0)
		return rc;
	rc = type->format(raw, (size_t)rc, buf, len);
	free(raw);
	return rc;
}

int fetchf_setting_copy(const char *name, char **value)
{
	const struct setting_type *type;
	int raw_len, len;
	void *raw;

	*value = NULL;
	raw_len = fetch_named(name, &raw, &type);
	if (raw_len < 0)
		return raw_len;
	len = type->format(raw, (size_t)raw_len, NULL, 0);
	if (len >= 0) {
		*value = malloc((size_t)len + 1);
		if (*value)
			type->format(raw, (size_t)raw_len, *value,
				     (size_t)len + 1);
		else
			len = -ENOMEM;
	}
	free(raw);
	return len;
}

/* Make room for EXTRA more characters and a terminating NUL. */
static int strbuf_reserve(struct strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;
	size_t cap;
	char *data;

	if (need <= sb->cap)
		return 0;
	cap = MAX(need, sb->cap * 2);
	data = realloc(sb->data, cap);
	if (!data)
		return -ENOMEM;
	sb->data = data;
	sb->cap = cap;
	return 0;
}

static int strbuf_append(struct strbuf *sb, const char *s, size_t n)
{
	int rc = strbuf_reserve(sb, n);

	if (rc < 0)
		return rc;
	memcpy(sb->data + sb->len, s, n);
	sb->len += n;
	return 0;
}

/*
 * Mark each "${" and the '}' that closes it, pairing them like nested
 * brackets; OPEN is scratch space for one offset per "${".
 */
static void mark_pairs(const char *text, size_t len, uint8_t *marks,
		       size_t *open)
{
	size_t depth = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (text[i] == '$' && text[i + 1] == '{') {
			open[depth++] = i++;
		} else if (text[i] == '}' && depth) {
			marks[open[--depth]] |= EXPAND_OPEN;
			marks[i] |= EXPAND_CLOSE;
		}
	}
}

/* Replace the name that starts at offset START of OUT with its value. */
static int substitute(struct strbuf *out, size_t start)
{
	char *value;
	int rc;

	rc = strbuf_reserve(out, 0);
	if (rc < 0)
		return rc;
	out->data[out->len] = '\0';
	rc = fetchf_setting_copy(out->data + start, &value);
	if (rc == -ENOMEM)
		return rc;
	out->len = start;
	if (!value)
		return 0;
	rc = strbuf_append(out, value, strlen(value));
	free(value);
	return rc;
}

/*
 * Expand TEXT into OUT left to right; each closed "${" opens a name that
 * its '}' replaces with the value, so inner names expand first and no
 * value is expanded again.
 */
static int expand_into(struct strbuf *out, const char *text, size_t len,
		       const uint8_t *marks, size_t *starts)
{
	size_t depth = 0;
	size_t i;
	int rc;

	for (i = 0; i < len; i++) {
		if (marks[i] & EXPAND_OPEN) {
			starts[depth++] = out->len;
			i++;
			continue;
		}
		if (marks[i] & EXPAND_CLOSE)
			rc = substitute(out, starts[--depth]);
		else
			rc = strbuf_append(out, &text[i], 1);
		if (rc < 0)
			return rc;
	}
	return strbuf_reserve(out, 0);
}

char *expand_settings(const char *text)
{
	size_t len = strlen(text);
	struct strbuf out = { NULL, 0, 0 };
	uint8_t *marks;
	size_t *offsets;
	int rc = -ENOMEM;

	marks = zalloc(len + 1);
	offsets = malloc((len / 2 + 1) * sizeof(*offsets));
	if (marks && offsets) {
		mark_pairs(text, len, marks, offsets);
		rc = expand_into(&out, text, len, marks, offsets);
	}
	free(marks);
	free(offsets);
	if (rc < 0) {
		free(out.data);
		return NULL;
	}
	out.data[out.len] = '\0';
	return out.data;
}

void for_each_setting(struct settings *settings,
		      void (*fn)(struct settings *origin,
				 const struct setting *setting,
				 const void *raw, size_t len, void *ctx),
		      void *ctx)
{
	struct setting_value *value;
	struct settings *child;

	if (!settings)
		settings = &settings_root;
	list_for_each_entry(value, &settings->values, list)
		fn(settings, &value->setting, value->data, value->len, ctx);
	list_for_each_entry(child, &settings->children, siblings)
		for_each_setting(child, fn, ctx);
}
