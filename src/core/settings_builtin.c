/* SPDX-License-Identifier: MIT */
/*
 * The "builtin" settings block: read-only values computed from the build
 * and the platform, which iPXE scripts test (`iseq ${platform} efi`,
 * `iseq ${buildarch} x86_64`).
 */
#include <stddef.h>
#include <string.h>
#include <errno.h>
#include <config/general.h>
#include <core/compiler.h>
#include <core/init.h>
#include <core/platform.h>
#include <core/settings.h>

#define BUILTIN_SCOPE "builtin"

#if defined(__x86_64__)
#define BUILD_ARCH "x86_64"
#elif defined(__i386__)
#define BUILD_ARCH "i386"
#else
#error "unknown build architecture"
#endif

SETTING(platform_setting) = {
	.name = "platform", .description = "Firmware platform",
	.type = &setting_type_string,
};

SETTING(buildarch_setting) = {
	.name = "buildarch", .description = "Build architecture",
	.type = &setting_type_string,
};

SETTING(version_setting) = {
	.name = "version", .description = "Firmware version",
	.type = &setting_type_string,
};

/* iPXE's platform names for ours, where they differ. */
static const struct {
	const char *ours;
	const char *ipxe;
} platform_names[] = {
	{ "bios", "pcbios" },
};

/* The platform's name as iPXE scripts expect it ("pcbios", "efi"...). */
static const char *platform_value(void)
{
	const char *name = platform_name();
	size_t i;

	for (i = 0; i < ARRAY_SIZE(platform_names); i++) {
		if (strcmp(platform_names[i].ours, name) == 0)
			return platform_names[i].ipxe;
	}
	return name;
}

/* The value of SETTING, or NULL if it is not one of ours. */
static const char *builtin_value(const struct setting *setting)
{
	if (strcmp(setting->name, platform_setting.name) == 0)
		return platform_value();
	if (strcmp(setting->name, buildarch_setting.name) == 0)
		return BUILD_ARCH;
	if (strcmp(setting->name, version_setting.name) == 0)
		return PRODUCT_VERSION;
	return NULL;
}

static int builtin_fetch(struct settings *settings,
			 const struct setting *setting, void *raw, size_t len)
{
	const char *value = builtin_value(setting);
	size_t value_len;

	if (!value)
		return -ENOENT;
	value_len = strlen(value);
	if (len)
		memcpy(raw, value, MIN(len, value_len));
	return (int)value_len;
}

/* Nothing is stored here: every value is computed. */
static int builtin_store(struct settings *settings,
			 const struct setting *setting, const void *raw,
			 size_t len)
{
	return builtin_value(setting) ? -ENOTSUP : -ENOENT;
}

static const struct settings_operations builtin_ops = {
	.fetch = builtin_fetch,
	.store = builtin_store,
};

static struct settings builtin_settings;

static void builtin_settings_init(void)
{
	settings_init(&builtin_settings, &builtin_ops);
	register_settings(&builtin_settings, NULL, BUILTIN_SCOPE);
}

INIT_FN(builtin_settings_init_fn) = { INIT_EARLY, builtin_settings_init };
