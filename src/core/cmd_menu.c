/* SPDX-License-Identifier: MIT */
/*
 * Menus: `menu` creates one, `item` adds lines to it, `choose` shows it
 * and stores the label picked in a setting.
 *
 * The menu is drawn as plain lines (title, items, a help line), so a
 * serial log reads as a list; the selected item is marked "> " and shown
 * in reverse video. Moving the selection draws the block again in place
 * with ANSI cursor movement. Long menus show a window of the items that
 * scrolls with the selection.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <core/command.h>
#include <core/console.h>
#include <core/getopt.h>
#include <core/list.h>
#include <core/process.h>
#include <core/settings.h>
#include <core/time.h>

/* Items shown at once, and the widest line drawn (no terminal wraps it). */
#define MENU_ROWS_MAX 18
#define MENU_WIDTH_MAX 76
#define ANSI_REVERSE "\033[7m"
#define ANSI_NORMAL "\033[0m"
#define ANSI_ERASE_LINE "\033[K"
#define SELECTED_MARK "> "
#define UNSELECTED_MARK "  "

struct menu_item {
	struct list_head list;
	const char *label;	/* NULL: a gap, which cannot be chosen */
	const char *text;
	int key;		/* shortcut key, 0 for none */
	bool is_default;
	char strings[];		/* label and text */
};

struct menu {
	struct list_head list;
	struct list_head items;
	const char *name;	/* "" for the unnamed menu */
	const char *title;
	char strings[];		/* name and title */
};

static LIST_HEAD(menus);

/* --- the menu list --------------------------------------------------- */

static struct menu *find_menu(const char *name)
{
	struct menu *menu;

	list_for_each_entry(menu, &menus, list) {
		if (strcmp(menu->name, name) == 0)
			return menu;
	}
	return NULL;
}

/* The menu NAME, or NULL after telling the user of command CMD to create it. */
static struct menu *find_menu_reported(const char *cmd, const char *name)
{
	struct menu *menu = find_menu(name);

	if (!menu)
		command_error(cmd, -ENOENT, "no menu \"%s\" (create it with "
			      "`menu` first)", name);
	return menu;
}

static void destroy_menu(struct menu *menu)
{
	struct menu_item *item, *tmp;

	list_for_each_entry_safe(item, tmp, &menu->items, list) {
		list_del(&item->list);
		free(item);
	}
	list_del(&menu->list);
	free(menu);
}

/* Copy A and B one after the other into STRINGS; return where B went. */
static char *copy_pair(char *strings, const char *a, const char *b)
{
	char *second = strings + strlen(a) + 1;

	strcpy(strings, a);
	strcpy(second, b);
	return second;
}

/* A new menu NAME with TITLE, replacing any menu of that name. */
static int create_menu(const char *name, const char *title)
{
	struct menu *old = find_menu(name);
	struct menu *menu;

	menu = malloc(sizeof(*menu) + strlen(name) + strlen(title) + 2);
	if (!menu)
		return -ENOMEM;
	if (old)
		destroy_menu(old);
	INIT_LIST_HEAD(&menu->items);
	menu->name = menu->strings;
	menu->title = copy_pair(menu->strings, name, title);
	list_add_tail(&menu->list, &menus);
	return 0;
}

/* The COUNT words at WORDS joined by spaces, in a heap string. */
static char *join_words(char **words, int count)
{
	size_t len = 1;
	char *text;
	int i;

	for (i = 0; i < count; i++)
		len += strlen(words[i]) + 1;
	text = malloc(len);
	if (!text)
		return NULL;
	text[0] = '\0';
	for (i = 0; i < count; i++) {
		if (i)
			strcat(text, " ");
		strcat(text, words[i]);
	}
	return text;
}

/* --- menu --------------------------------------------------------------- */

enum menu_option { MENU_NAME, MENU_DELETE };

static const struct cmd_option menu_options[] = {
	[MENU_NAME] = { "name", 'n', true },
	[MENU_DELETE] = { "delete", 'd', false },
};

static int menu_exec(int argc, char **argv)
{
	struct getopt_state state = { .index = 1 };
	const char *name = "";
	bool delete = false;
	struct menu *menu;
	char *title;
	int opt, rc;

	while ((opt = cmd_getopt(argc, argv, menu_options,
				 ARRAY_SIZE(menu_options), &state)) >= 0) {
		if (opt == MENU_NAME)
			name = state.arg;
		else
			delete = true;
	}
	if (opt != GETOPT_DONE)
		return opt;
	if (delete) {
		menu = find_menu(name);
		if (!menu)
			return command_error(argv[0], -ENOENT, "no menu \"%s\"",
					     name);
		destroy_menu(menu);
		return 0;
	}
	title = join_words(argv + state.index, argc - state.index);
	if (!title)
		return -ENOMEM;
	rc = create_menu(name, title);
	free(title);
	return rc;
}

COMMAND(menu_command) = {
	.name = "menu",
	.exec = menu_exec,
	.usage = "[--name NAME] [--delete] [TITLE...]",
	.summary = "Create a menu (for item and choose), or delete one",
};

/* --- item --------------------------------------------------------------- */

enum item_option { ITEM_MENU, ITEM_KEY, ITEM_DEFAULT, ITEM_GAP };

static const struct cmd_option item_options[] = {
	[ITEM_MENU] = { "menu", 'm', true },
	[ITEM_KEY] = { "key", 'k', true },
	[ITEM_DEFAULT] = { "default", 'd', false },
	[ITEM_GAP] = { "gap", 'g', false },
};

/* What an `item` line asks for. */
struct item_request {
	const char *menu;
	int key;
	bool is_default;
	bool gap;
};

static int parse_item_options(int argc, char **argv,
			      struct getopt_state *state,
			      struct item_request *req)
{
	int opt, rc = 0;

	while (rc == 0 && (opt = cmd_getopt(argc, argv, item_options,
					    ARRAY_SIZE(item_options),
					    state)) >= 0) {
		if (opt == ITEM_MENU)
			req->menu = state->arg;
		else if (opt == ITEM_KEY)
			rc = parse_key(argv[0], state->arg, &req->key);
		else if (opt == ITEM_DEFAULT)
			req->is_default = true;
		else
			req->gap = true;
	}
	if (rc)
		return rc;
	return opt == GETOPT_DONE ? 0 : opt;
}

/* Append an item with LABEL (NULL: a gap) and TEXT to MENU. */
static int add_item(struct menu *menu, const struct item_request *req,
		    const char *label, const char *text)
{
	struct menu_item *item;
	const char *stored_label = label ? label : "";

	item = malloc(sizeof(*item) + strlen(stored_label) + strlen(text) + 2);
	if (!item)
		return -ENOMEM;
	item->text = copy_pair(item->strings, stored_label, text);
	item->label = label ? item->strings : NULL;
	item->key = req->key;
	item->is_default = req->is_default;
	list_add_tail(&item->list, &menu->items);
	return 0;
}

/*
 * item [--menu NAME] [--key KEY] [--default] [LABEL [TEXT...]] or
 * item ... --gap [TEXT...]: a line that chooses LABEL, or a separator
 * (also what an item without a label is).
 */
static int item_exec(int argc, char **argv)
{
	struct getopt_state state = { .index = 1 };
	struct item_request req = { .menu = "" };
	const char *label = NULL;
	struct menu *menu;
	char *text;
	int rc;

	rc = parse_item_options(argc, argv, &state, &req);
	if (rc)
		return rc;
	menu = find_menu_reported(argv[0], req.menu);
	if (!menu)
		return -ENOENT;
	if (!req.gap && state.index < argc)
		label = argv[state.index++];
	text = join_words(argv + state.index, argc - state.index);
	if (!text)
		return -ENOMEM;
	rc = add_item(menu, &req, label, text);
	free(text);
	return rc;
}

COMMAND(item_command) = {
	.name = "item",
	.exec = item_exec,
	.usage = "[--menu NAME] [--key KEY] [--default] [--gap] "
		 "[LABEL [TEXT...]]",
	.summary = "Add a line to a menu",
};

/* --- choose: the menu on the console -------------------------------- */

/* A menu being shown. */
struct menu_view {
	struct menu *menu;
	struct menu_item **items;	/* every line, in order */
	unsigned int count;
	unsigned int selected;	/* index of the selected item */
	unsigned int top;	/* first item in the window */
	unsigned int rows;	/* lines drawn last time (0: none yet) */
	uint32_t timeout_ms;	/* WAIT_FOREVER for none */
};

/* Gather the menu's items into an array for indexing. */
static int view_items(struct menu_view *view)
{
	struct menu_item *item;

	list_for_each_entry(item, &view->menu->items, list)
		view->count++;
	view->items = calloc(view->count ? view->count : 1,
			     sizeof(view->items[0]));
	if (!view->items)
		return -ENOMEM;
	view->count = 0;
	list_for_each_entry(item, &view->menu->items, list)
		view->items[view->count++] = item;
	return 0;
}

/*
 * The index of the first item that can be chosen, looking from FROM in
 * direction STEP (+1 or -1); FROM itself if there is none that way.
 */
static unsigned int next_choice(const struct menu_view *view,
				unsigned int from, int step)
{
	unsigned int i = from;

	while ((step > 0 && i + 1 < view->count) || (step < 0 && i > 0)) {
		i += step;
		if (view->items[i]->label)
			return i;
	}
	return from;
}

/* Item I if it can be chosen, else the nearest one from I in direction STEP. */
static unsigned int choice_at(const struct menu_view *view, unsigned int i,
			      int step)
{
	return view->items[i]->label ? i : next_choice(view, i, step);
}

/* The first choosable item labelled LABEL, else the default, else the first. */
static int initial_choice(const struct menu_view *view, const char *label)
{
	int first = -1, marked = -1;
	unsigned int i;

	for (i = 0; i < view->count; i++) {
		const struct menu_item *item = view->items[i];

		if (!item->label)
			continue;
		if (label && strcmp(item->label, label) == 0)
			return (int)i;
		if (first < 0)
			first = (int)i;
		if (item->is_default && marked < 0)
			marked = (int)i;
	}
	return marked >= 0 ? marked : first;
}

/* Print one line of the menu, erasing what was there. */
static void draw_item(const struct menu_view *view, unsigned int i)
{
	const struct menu_item *item = view->items[i];
	const char *text = item->text[0] || !item->label ? item->text :
			   item->label;
	bool selected = i == view->selected;

	printf("\r%s%s%s%.*s%s\n", ANSI_ERASE_LINE,
	       selected ? ANSI_REVERSE : "",
	       selected ? SELECTED_MARK : UNSELECTED_MARK,
	       MENU_WIDTH_MAX, text, selected ? ANSI_NORMAL : "");
}

/* Keep the selected item inside the window of items shown. */
static void scroll_to_selection(struct menu_view *view)
{
	if (view->selected < view->top)
		view->top = view->selected;
	else if (view->selected >= view->top + MENU_ROWS_MAX)
		view->top = view->selected - MENU_ROWS_MAX + 1;
	/* At the first item that can be chosen, show the separators above it. */
	if (view->selected < MENU_ROWS_MAX &&
	    next_choice(view, view->selected, -1) == view->selected)
		view->top = 0;
}

/* Draw the menu below the cursor, over the previous drawing if any. */
static void draw_menu(struct menu_view *view)
{
	unsigned int i, end;
	unsigned int rows = 0;

	scroll_to_selection(view);
	end = view->top + MENU_ROWS_MAX;
	if (end > view->count)
		end = view->count;
	if (view->rows)
		printf("\033[%uA", view->rows);
	if (view->menu->title[0]) {
		printf("\r%s%.*s\n", ANSI_ERASE_LINE, MENU_WIDTH_MAX,
		       view->menu->title);
		rows++;
	}
	for (i = view->top; i < end; i++, rows++)
		draw_item(view, i);
	printf("\r%s(Up/Down: move, Enter: choose, Esc: cancel", ANSI_ERASE_LINE);
	if (view->timeout_ms != WAIT_FOREVER)
		printf("; %u s to go", (view->timeout_ms + MS_PER_SEC - 1) /
		       MS_PER_SEC);
	printf(")\n");
	view->rows = rows + 1;
}

/* The item whose shortcut is KEY, or -1. */
static int shortcut_item(const struct menu_view *view, int key)
{
	unsigned int i;

	for (i = 0; i < view->count; i++) {
		if (view->items[i]->label && view->items[i]->key == key)
			return (int)i;
	}
	return -1;
}

/* What a key does to the menu. */
enum menu_action { MENU_STAY, MENU_CHOSEN, MENU_CANCELLED };

static enum menu_action menu_key(struct menu_view *view, int key)
{
	int shortcut = shortcut_item(view, key);

	if (shortcut >= 0) {
		view->selected = (unsigned int)shortcut;
		return MENU_CHOSEN;
	}
	switch (key) {
	case KEY_ENTER:
		return MENU_CHOSEN;
	case KEY_ESC:
	case KEY_CTRL('C'):
		return MENU_CANCELLED;
	case KEY_UP:
		view->selected = next_choice(view, view->selected, -1);
		break;
	case KEY_DOWN:
		view->selected = next_choice(view, view->selected, 1);
		break;
	case KEY_HOME:
	case KEY_PAGE_UP:
		view->selected = choice_at(view, 0, 1);
		break;
	case KEY_END:
	case KEY_PAGE_DOWN:
		view->selected = choice_at(view, view->count - 1, -1);
		break;
	}
	return MENU_STAY;
}

/*
 * Show the menu until an item is chosen (or the timeout passes: then the
 * selected one), and return MENU_CHOSEN or MENU_CANCELLED. After the
 * first key the timeout is RETIMEOUT_MS. At the end of input (the host
 * program's stdin closed) no key can come: the timeout counts as passed,
 * and without one the menu is cancelled.
 */
static enum menu_action run_menu(struct menu_view *view,
				 uint32_t retimeout_ms)
{
	enum menu_action action = MENU_STAY;
	int key;

	while (action == MENU_STAY) {
		draw_menu(view);
		key = getkey(view->timeout_ms);
		if (key == -ETIMEDOUT)
			return MENU_CHOSEN;
		if (key == KEY_EOF)
			return view->timeout_ms == WAIT_FOREVER ?
			       MENU_CANCELLED : MENU_CHOSEN;
		view->timeout_ms = retimeout_ms;
		action = menu_key(view, key);
	}
	return action;
}

enum choose_option {
	CHOOSE_MENU, CHOOSE_DEFAULT, CHOOSE_TIMEOUT, CHOOSE_RETIMEOUT,
	CHOOSE_KEEP,
};

static const struct cmd_option choose_options[] = {
	[CHOOSE_MENU] = { "menu", 'm', true },
	[CHOOSE_DEFAULT] = { "default", 'd', true },
	[CHOOSE_TIMEOUT] = { "timeout", 't', true },
	[CHOOSE_RETIMEOUT] = { "retimeout", 'r', true },
	[CHOOSE_KEEP] = { "keep", 'k', false },
};

/* What a `choose` line asks for. */
struct choose_request {
	const char *menu;
	const char *default_label;
	uint32_t timeout_ms;
	uint32_t retimeout_ms;
	bool keep;
	const char *setting;
};

static int parse_choose(int argc, char **argv, struct choose_request *req)
{
	struct getopt_state state = { .index = 1 };
	int opt, rc = 0;

	while (rc == 0 && (opt = cmd_getopt(argc, argv, choose_options,
					    ARRAY_SIZE(choose_options),
					    &state)) >= 0) {
		if (opt == CHOOSE_MENU)
			req->menu = state.arg;
		else if (opt == CHOOSE_DEFAULT)
			req->default_label = state.arg;
		else if (opt == CHOOSE_TIMEOUT)
			rc = parse_timeout(argv[0], state.arg, &req->timeout_ms);
		else if (opt == CHOOSE_RETIMEOUT)
			rc = parse_timeout(argv[0], state.arg,
					   &req->retimeout_ms);
		else
			req->keep = true;
	}
	if (rc)
		return rc;
	if (opt != GETOPT_DONE)
		return opt;
	if (argc - state.index != 1)
		return command_usage(find_command(argv[0]));
	req->setting = argv[state.index];
	return 0;
}

/* Show MENU as REQ asks and store the label chosen. */
static int choose_from(const char *cmd, struct menu *menu,
		       const struct choose_request *req)
{
	struct menu_view view = { .menu = menu, .timeout_ms = req->timeout_ms };
	enum menu_action action;
	int first, rc;

	rc = view_items(&view);
	if (rc)
		return rc;
	first = initial_choice(&view, req->default_label);
	if (first < 0) {
		free(view.items);
		return command_error(cmd, -ENOENT, "menu has no item to choose");
	}
	view.selected = (unsigned int)first;
	action = run_menu(&view, req->retimeout_ms);
	if (action == MENU_CHOSEN) {
		printf("%s chosen\n", view.items[view.selected]->label);
		rc = storef_setting(req->setting,
				    view.items[view.selected]->label);
		if (rc)
			command_error(cmd, rc, "cannot store %s: %s",
				      req->setting, strerror(rc));
	}
	free(view.items);
	if (action == MENU_CANCELLED)
		return STATUS_FALSE;
	return rc;
}

/*
 * choose [--menu NAME] [--default LABEL] [--timeout MS] [--retimeout MS]
 * [--keep] SETTING: the label picked goes into SETTING; Esc fails
 * quietly. The menu is deleted afterwards unless --keep.
 */
static int choose_exec(int argc, char **argv)
{
	struct choose_request req = {
		.menu = "",
		.timeout_ms = WAIT_FOREVER,
		.retimeout_ms = WAIT_FOREVER,
	};
	struct menu *menu;
	int rc = parse_choose(argc, argv, &req);

	if (rc)
		return rc;
	menu = find_menu_reported(argv[0], req.menu);
	if (!menu)
		return -ENOENT;
	rc = choose_from(argv[0], menu, &req);
	if (!req.keep)
		destroy_menu(menu);
	return rc;
}

COMMAND(choose_command) = {
	.name = "choose",
	.exec = choose_exec,
	.usage = "[--menu NAME] [--default LABEL] [--timeout MS] "
		 "[--retimeout MS] [--keep] SETTING",
	.summary = "Show a menu and store the label chosen in SETTING",
};
