/* SPDX-License-Identifier: MIT */
/*
 * Linker tables: declarative registration. A module places an entry in a
 * named section; the linker gathers all entries of a table into one array
 * bounded by __start_nbt_NAME and __stop_nbt_NAME. A feature is included
 * by linking its object and excluded by not linking it.
 */
#ifndef CORE_TABLE_H
#define CORE_TABLE_H

/*
 * Declare the bounds of table NAME whose entries have type TYPE. They are
 * weak so that a table no linked module uses is simply empty.
 */
#define TABLE_DECLARE(type, name) \
	extern type __start_nbt_##name[] __attribute__((weak)), \
		__stop_nbt_##name[] __attribute__((weak))

/* Attribute that places a variable into table NAME. */
#define TABLE_ENTRY(type, name) \
	__attribute__((used, section("nbt_" #name), aligned(__alignof__(type))))

#define TABLE_START(name) (__start_nbt_##name)
#define TABLE_END(name) (__stop_nbt_##name)
#define TABLE_COUNT(name) ((size_t)(TABLE_END(name) - TABLE_START(name)))

/* Iterate POS (a pointer to the entry type) over every entry of NAME. */
#define for_each_table_entry(pos, name) \
	for ((pos) = TABLE_START(name); (pos) < TABLE_END(name); (pos)++)

#endif
