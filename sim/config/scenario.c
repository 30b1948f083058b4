/*
 * sim/config/scenario.c - scenario files and their points; see
 * sim/config/scenario.h.
 *
 * GKeyFile checks the syntax and holds the values, but it forgets where
 * things were written, so we also scan the text ourselves (scan_text()):
 * that scan gives every error its line number, keeps groups and keys in
 * file order, and sees the locale keys ("weight[de]=") and repeated keys
 * that GKeyFile would silently drop or merge.
 *
 * Every element of every list is parsed with sim_param_parse() at load
 * time and kept as text; a point re-parses its own elements into fresh
 * config structs, so resolving a point cannot fail on a value.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "sim/config/scenario.h"
#include "sim/config/param.h"
#include "sim/config/model.h"

G_DEFINE_QUARK(sim-scenario-error-quark, sim_scenario_error)

#define GROUP_SCENARIO	"scenario"
#define GROUP_POINTS	"points"

/* One line of the file that is a group header or a key. */
struct kf_entry {
	guint line;		/* 1-based */
	char *group;
	char *key;		/* NULL for the "[group]" line itself */
};

/* One model key set by the file or by --set. */
struct sc_key {
	char *group;
	char *key;
	char *full;		/* "group.key", the column name */
	const struct sim_model_ops *ops;
	const struct sim_param *param;
	GPtrArray *values;	/* char *, each valid for @param */
	/* a file key read from the scenario file: @values with relative
	 * paths taken from the file's directory (what the model reads; the
	 * labels keep @values as written); else NULL */
	GPtrArray *paths;
};

struct sim_scenario {
	char *path;
	char *dir;		/* relative file keys are found from here */
	char *name;
	char *description;
	GPtrArray *keys;	/* struct sc_key *: file order, then --set's */
	GPtrArray *zip;		/* struct sc_key * (in @keys), zip order */
	guint zip_line;		/* line of zip=, 0 if none */
};

/* ---------------------------------------------------------------- helpers */

static void kf_entry_clear(gpointer data)
{
	struct kf_entry *e = data;

	g_free(e->group);
	g_free(e->key);
}

static void sc_key_free(gpointer data)
{
	struct sc_key *k = data;

	g_free(k->group);
	g_free(k->key);
	g_free(k->full);
	g_ptr_array_unref(k->values);
	if (k->paths)
		g_ptr_array_unref(k->paths);
	g_free(k);
}

/* "PATH:LINE: " or "PATH: " when the line is not known. */
static char *where(const char *path, guint line)
{
	if (line)
		return g_strdup_printf("%s:%u: ", path, line);
	return g_strdup_printf("%s: ", path);
}

/* Levenshtein distance, for "did you mean" hints on short names. */
static guint edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	g_autofree guint *row = g_new(guint, lb + 1);

	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		guint diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			guint up = row[j];
			guint cost = a[i - 1] == b[j - 1] ? 0 : 1;

			row[j] = MIN(MIN(row[j] + 1, row[j - 1] + 1),
				     diag + cost);
			diag = up;
		}
	}
	return row[lb];
}

/* The candidate closest to @name, if it is close enough to be a typo. */
static const char *nearest(const char *name, const char *const *cands,
			   guint n)
{
	const char *best = NULL;
	guint best_d = G_MAXUINT;

	for (guint i = 0; i < n; i++) {
		guint d = edit_distance(name, cands[i]);

		if (d < best_d) {
			best_d = d;
			best = cands[i];
		}
	}
	if (best && best_d <= MAX(1u, (guint)strlen(name) / 3))
		return best;
	return NULL;
}

static char *unknown_group_message(const char *group)
{
	g_autoptr(GPtrArray) names = g_ptr_array_new();
	const char *hint;

	g_ptr_array_add(names, (gpointer)GROUP_SCENARIO);
	g_ptr_array_add(names, (gpointer)GROUP_POINTS);
	for (guint i = 0; sim_model_list()[i]; i++)
		g_ptr_array_add(names, (gpointer)sim_model_list()[i]->name);
	hint = nearest(group, (const char *const *)names->pdata, names->len);
	if (hint)
		return g_strdup_printf("unknown group (did you mean [%s]?)",
				       hint);
	return g_strdup("unknown group (napisim --list-models lists them)");
}

static char *unknown_key_message(const char *group, const char *key)
{
	static const char *const scenario_keys[] = { "name", "description" };
	static const char *const points_keys[] = { "zip" };
	const struct sim_model_ops *ops = sim_model_find(group);
	g_autoptr(GPtrArray) names = g_ptr_array_new();
	const char *hint;

	if (strcmp(group, GROUP_SCENARIO) == 0) {
		for (guint i = 0; i < G_N_ELEMENTS(scenario_keys); i++)
			g_ptr_array_add(names, (gpointer)scenario_keys[i]);
	} else if (strcmp(group, GROUP_POINTS) == 0) {
		g_ptr_array_add(names, (gpointer)points_keys[0]);
	} else if (ops) {
		for (const struct sim_param *p = ops->params; p && p->name; p++)
			g_ptr_array_add(names, (gpointer)p->name);
	}
	hint = nearest(key, (const char *const *)names->pdata, names->len);
	if (hint)
		return g_strdup_printf("unknown key (did you mean %s?)", hint);
	if (ops)
		return g_strdup_printf("unknown key (napisim --help-model %s "
				       "lists them)", group);
	if (strcmp(group, GROUP_SCENARIO) == 0)
		return g_strdup("unknown key ([scenario] takes name and "
				"description)");
	return g_strdup("unknown key ([points] takes only zip)");
}

static gboolean key_is_known(const char *group, const char *key)
{
	const struct sim_model_ops *ops;

	if (strcmp(group, GROUP_SCENARIO) == 0)
		return strcmp(key, "name") == 0 ||
		       strcmp(key, "description") == 0;
	if (strcmp(group, GROUP_POINTS) == 0)
		return strcmp(key, "zip") == 0;
	ops = sim_model_find(group);
	return ops && sim_param_find(ops->params, key);
}

static gboolean group_is_known(const char *group)
{
	return strcmp(group, GROUP_SCENARIO) == 0 ||
	       strcmp(group, GROUP_POINTS) == 0 || sim_model_find(group);
}

/*
 * Split a value on ';', trim each element and check it against @p.
 * The error is the bare reason; callers say where.
 */
static GPtrArray *parse_list(const struct sim_param *p, const char *value,
			     GError **error)
{
	g_auto(GStrv) parts = g_strsplit(value, ";", -1);
	g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GError) err = NULL;
	guint n = g_strv_length(parts);

	if (n == 0) {
		g_set_error(error, SIM_SCENARIO_ERROR, SIM_SCENARIO_ERROR_VALUE,
			    "empty value");
		return NULL;
	}
	for (guint i = 0; i < n; i++) {
		char *elem = g_strstrip(parts[i]);

		if (!*elem) {
			g_set_error(error, SIM_SCENARIO_ERROR,
				    SIM_SCENARIO_ERROR_VALUE, "%s",
				    n == 1 ? "empty value"
					   : "empty list element");
			return NULL;
		}
		if (!sim_param_parse(p, elem, NULL, &err)) {
			g_set_error_literal(error, SIM_SCENARIO_ERROR,
					    SIM_SCENARIO_ERROR_VALUE,
					    err->message);
			return NULL;
		}
		g_ptr_array_add(out, g_strdup(elem));
	}
	return g_steal_pointer(&out);
}

static struct sc_key *find_key(const struct sim_scenario *sc,
			       const char *group, const char *key)
{
	for (guint i = 0; i < sc->keys->len; i++) {
		struct sc_key *k = sc->keys->pdata[i];

		if (strcmp(k->group, group) == 0 && strcmp(k->key, key) == 0)
			return k;
	}
	return NULL;
}

/* Split "net.core.netdev_budget" on its last dot. */
static gboolean split_full_key(const char *full, char **group, char **key)
{
	const char *dot = strrchr(full, '.');

	if (!dot || dot == full || !dot[1])
		return FALSE;
	*group = g_strndup(full, dot - full);
	*key = g_strdup(dot + 1);
	return TRUE;
}

/*
 * [scenario] name and description are one line of plain text: they go
 * into result headers, comments of generated scripts and, for the name,
 * directory names, where a line break or an escape would break or
 * inject something.  The error is the bare reason; callers say where.
 */
static gboolean check_text(const char *s, GError **error)
{
	for (const char *c = s; *c; c = g_utf8_next_char(c)) {
		gunichar u = g_utf8_get_char(c);

		if (g_unichar_iscntrl(u)) {
			g_set_error(error, SIM_SCENARIO_ERROR,
				    SIM_SCENARIO_ERROR_VALUE,
				    "control character U+%04X (a name or "
				    "description is one line of text)", u);
			return FALSE;
		}
	}
	return TRUE;
}

/* ---------------------------------------------------------------- text */

/*
 * Lines of a key file the way GKeyFile reads them (gkeyfile.c:
 * g_key_file_parse_line()): leading blanks skipped, '#' comments, CRLF
 * accepted, "[group]" headers, "key = value" pairs.  Only called on text
 * GKeyFile has accepted, so every other line is a key-value pair.
 */
static GArray *scan_text(const char *text)
{
	GArray *entries = g_array_new(FALSE, FALSE, sizeof(struct kf_entry));
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	g_autofree char *group = NULL;

	g_array_set_clear_func(entries, kf_entry_clear);
	for (guint i = 0; lines[i]; i++) {
		char *l = g_strstrip(lines[i]);
		struct kf_entry e = { .line = i + 1 };
		char *eq;

		if (!*l || *l == '#')
			continue;
		if (*l == '[') {
			char *close = strrchr(l, ']');

			g_free(group);
			group = close ? g_strndup(l + 1, close - l - 1)
				      : g_strdup(l + 1);
			e.group = g_strdup(group);
			g_array_append_val(entries, e);
			continue;
		}
		eq = strchr(l, '=');
		if (!group || !eq)
			continue;
		*eq = '\0';
		e.group = g_strdup(group);
		e.key = g_strdup(g_strchomp(l));
		g_array_append_val(entries, e);
	}
	return entries;
}

/* GLib's key file errors have no line: find it by parsing prefixes. */
static guint syntax_error_line(const char *text, gsize len)
{
	g_autoptr(GArray) ends = g_array_new(FALSE, FALSE, sizeof(gsize));
	guint lo = 1, hi;

	for (gsize i = 0; i < len; i++)
		if (text[i] == '\n')
			g_array_append_val(ends, i);
	g_array_append_val(ends, len);
	hi = ends->len;

	/* the first bad line is the shortest prefix that fails to load */
	while (lo < hi) {
		guint mid = (lo + hi) / 2;
		g_autoptr(GKeyFile) kf = g_key_file_new();
		gsize plen = g_array_index(ends, gsize, mid - 1);

		if (g_key_file_load_from_data(kf, text, plen,
					      G_KEY_FILE_NONE, NULL))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static guint invalid_utf8_line(const char *text, gsize len)
{
	const char *end;
	guint line = 1;

	if (g_utf8_validate(text, len, &end))
		return 0;
	for (const char *c = text; c < end; c++)
		if (*c == '\n')
			line++;
	return line;
}

/* ---------------------------------------------------------------- load */

/* Check one "key=value" line of a model group and record its values. */
static gboolean load_model_key(struct sim_scenario *sc, GKeyFile *kf,
			       const struct kf_entry *e, GError **error)
{
	const struct sim_model_ops *ops = sim_model_find(e->group);
	const struct sim_param *p = sim_param_find(ops->params, e->key);
	g_autofree char *value = g_key_file_get_value(kf, e->group, e->key,
						      NULL);
	struct sc_key *k;
	GPtrArray *values;

	g_assert(value);
	values = parse_list(p, value, error);
	if (!values)
		return FALSE;
	k = g_new0(struct sc_key, 1);
	k->group = g_strdup(e->group);
	k->key = g_strdup(e->key);
	k->full = g_strdup_printf("%s.%s", e->group, e->key);
	k->ops = ops;
	k->param = p;
	k->values = values;
	if (p->file) {
		/* a scenario names its files from where it is, as
		 * #include does: from any working directory */
		const char *dir = sc->dir;

		k->paths = g_ptr_array_new_with_free_func(g_free);
		for (guint i = 0; i < values->len; i++) {
			const char *v = values->pdata[i];

			g_ptr_array_add(k->paths, g_path_is_absolute(v) ?
					g_strdup(v) :
					g_build_filename(dir, v, NULL));
		}
	}
	g_ptr_array_add(sc->keys, k);
	return TRUE;
}

/* [points] zip = group.key;group.key;... */
static gboolean load_zip(struct sim_scenario *sc, const char *value,
			 GError **error)
{
	g_auto(GStrv) parts = g_strsplit(value, ";", -1);
	guint n = g_strv_length(parts);

	for (guint i = 0; i < n; i++) {
		char *name = g_strstrip(parts[i]);
		g_autofree char *group = NULL;
		g_autofree char *key = NULL;
		struct sc_key *k;

		if (!*name) {
			/* "zip=" alone means nothing is zipped */
			if (n == 1)
				break;
			g_set_error(error, SIM_SCENARIO_ERROR,
				    SIM_SCENARIO_ERROR_POINTS,
				    "empty list element");
			return FALSE;
		}
		if (!split_full_key(name, &group, &key) ||
		    !sim_model_find(group) || !key_is_known(group, key)) {
			g_set_error(error, SIM_SCENARIO_ERROR,
				    SIM_SCENARIO_ERROR_POINTS,
				    "%s: unknown key (expected group.key of "
				    "a model)", name);
			return FALSE;
		}
		k = find_key(sc, group, key);
		if (!k || k->values->len < 2) {
			g_set_error(error, SIM_SCENARIO_ERROR,
				    SIM_SCENARIO_ERROR_POINTS,
				    "%s: not a list in this scenario (zip "
				    "needs keys set to a;b;...)", name);
			return FALSE;
		}
		for (guint j = 0; j < sc->zip->len; j++) {
			if (sc->zip->pdata[j] == k) {
				g_set_error(error, SIM_SCENARIO_ERROR,
					    SIM_SCENARIO_ERROR_POINTS,
					    "%s: named twice", name);
				return FALSE;
			}
		}
		g_ptr_array_add(sc->zip, k);
	}
	return TRUE;
}

static struct sim_point *build_point(struct sim_scenario *sc, guint index,
				     GError **error);

/*
 * Walk the scanned lines in file order, so the first error reported is
 * the first one in the file.  Model keys are collected per group, groups
 * in the order they first appear (a group written twice is one group, as
 * in GKeyFile).
 */
static gboolean load_entries(struct sim_scenario *sc, GKeyFile *kf,
			     GArray *entries, GError **error)
{
	const char *path = sc->path;
	g_autoptr(GPtrArray) groups = g_ptr_array_new();
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash,
							   g_str_equal,
							   g_free, NULL);
	g_autofree char *zip = NULL;

	for (guint i = 0; i < entries->len; i++) {
		struct kf_entry *e = &g_array_index(entries, struct kf_entry,
						    i);
		g_autofree char *at = where(path, e->line);
		g_autofree char *msg = NULL;
		g_autofree char *full = NULL;
		guint prev;

		if (!e->key) {
			if (!group_is_known(e->group)) {
				msg = unknown_group_message(e->group);
				g_set_error(error, SIM_SCENARIO_ERROR,
					    SIM_SCENARIO_ERROR_GROUP,
					    "%s[%s]: %s", at, e->group, msg);
				return FALSE;
			}
			if (!g_ptr_array_find_with_equal_func(groups, e->group,
							      g_str_equal,
							      NULL))
				g_ptr_array_add(groups, e->group);
			continue;
		}
		if (!key_is_known(e->group, e->key)) {
			msg = unknown_key_message(e->group, e->key);
			g_set_error(error, SIM_SCENARIO_ERROR,
				    SIM_SCENARIO_ERROR_KEY, "%s[%s] %s: %s",
				    at, e->group, e->key, msg);
			return FALSE;
		}
		full = g_strdup_printf("%s\n%s", e->group, e->key);
		prev = GPOINTER_TO_UINT(g_hash_table_lookup(seen, full));
		if (prev) {
			g_set_error(error, SIM_SCENARIO_ERROR,
				    SIM_SCENARIO_ERROR_KEY,
				    "%s[%s] %s: set twice (also on line %u)",
				    at, e->group, e->key, prev);
			return FALSE;
		}
		g_hash_table_insert(seen, g_steal_pointer(&full),
				    GUINT_TO_POINTER(e->line));

		if (strcmp(e->group, GROUP_SCENARIO) == 0) {
			g_autoptr(GError) err = NULL;
			char *s = g_key_file_get_string(kf, e->group, e->key,
							&err);

			if (!s) {
				g_set_error(error, SIM_SCENARIO_ERROR,
					    SIM_SCENARIO_ERROR_VALUE,
					    "%s[%s] %s: %s", at, e->group,
					    e->key, err->message);
				return FALSE;
			}
			if (!check_text(s, error)) {
				g_free(s);
				g_prefix_error(error, "%s[%s] %s: ", at,
					       e->group, e->key);
				return FALSE;
			}
			if (strcmp(e->key, "name") == 0) {
				g_free(sc->name);
				sc->name = g_strstrip(s);
			} else {
				g_free(sc->description);
				sc->description = g_strstrip(s);
			}
		} else if (strcmp(e->group, GROUP_POINTS) == 0) {
			zip = g_key_file_get_value(kf, e->group, e->key, NULL);
			sc->zip_line = e->line;
		} else if (!load_model_key(sc, kf, e, error)) {
			g_prefix_error(error, "%s[%s] %s: ", at, e->group,
				       e->key);
			return FALSE;
		}
	}

	/* file order of groups, then of keys within each group */
	for (guint g = 0, next = 0; g < groups->len; g++) {
		for (guint i = next; i < sc->keys->len; i++) {
			struct sc_key *k = sc->keys->pdata[i];

			if (strcmp(k->group, groups->pdata[g]) != 0)
				continue;
			if (i != next) {
				g_ptr_array_insert(sc->keys, next,
						   g_ptr_array_steal_index(
							sc->keys, i));
			}
			next++;
		}
	}

	if (zip && !load_zip(sc, zip, error)) {
		g_autofree char *at = where(path, sc->zip_line);

		g_prefix_error(error, "%s[%s] zip: ", at, GROUP_POINTS);
		return FALSE;
	}
	return TRUE;
}

/**
 * sim_scenario_load() - read and validate a scenario file.
 * @path: file
 * @error: SIM_SCENARIO_ERROR; the message is one line that starts with
 *	"@path:" and names the line (where known), [group] and key
 *
 * Every value of every list is checked against its param's type and range
 * here, and each model's ->check() runs on the first point, so most
 * mistakes surface before anything is simulated.
 *
 * Return: the scenario, or NULL.
 */
struct sim_scenario *sim_scenario_load(const char *path, GError **error)
{
	return sim_scenario_load_at(path, NULL, error);
}

/**
 * sim_scenario_load_at() - as sim_scenario_load(), for a copy of a
 * scenario file: relative file keys are found from @dir, the directory
 * of the file it was copied from (NULL: @path's).
 * @path: file
 * @dir: directory, or NULL
 * @error: as sim_scenario_load()'s
 *
 * Return: the scenario, or NULL.
 */
struct sim_scenario *sim_scenario_load_at(const char *path, const char *dir,
					  GError **error)
{
	g_autoptr(sim_scenario) sc = NULL;
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autoptr(GError) err = NULL;
	g_autoptr(GArray) entries = NULL;
	g_autofree char *text = NULL;
	struct sim_point *p0;
	gsize len;
	guint line;

	g_return_val_if_fail(path != NULL, NULL);

	if (!g_file_get_contents(path, &text, &len, &err)) {
		GStatBuf st;
		const char *why = err->message;

		/* GLib's message repeats the path; say just why */
		if (g_stat(path, &st) < 0)
			why = g_strerror(errno);
		else if (S_ISDIR(st.st_mode))
			why = g_strerror(EISDIR);
		g_set_error(error, SIM_SCENARIO_ERROR, SIM_SCENARIO_ERROR_FILE,
			    "%s: %s", path, why);
		return NULL;
	}
	line = invalid_utf8_line(text, len);
	if (line) {
		g_set_error(error, SIM_SCENARIO_ERROR, SIM_SCENARIO_ERROR_FILE,
			    "%s:%u: not valid UTF-8", path, line);
		return NULL;
	}
	if (!g_key_file_load_from_data(kf, text, len, G_KEY_FILE_NONE,
				       &err)) {
		g_set_error(error, SIM_SCENARIO_ERROR, SIM_SCENARIO_ERROR_FILE,
			    "%s:%u: %s", path, syntax_error_line(text, len),
			    err->message);
		return NULL;
	}

	sc = g_new0(struct sim_scenario, 1);
	sc->path = g_strdup(path);
	sc->dir = dir ? g_strdup(dir) : g_path_get_dirname(path);
	sc->description = g_strdup("");
	sc->keys = g_ptr_array_new_with_free_func(sc_key_free);
	sc->zip = g_ptr_array_new();

	entries = scan_text(text);
	if (!load_entries(sc, kf, entries, error))
		return NULL;

	if (!sc->name || !*sc->name) {
		g_autofree char *base = g_path_get_basename(path);

		if (g_str_has_suffix(base, ".ini"))
			base[strlen(base) - strlen(".ini")] = '\0';
		g_free(sc->name);
		sc->name = g_steal_pointer(&base);
	}

	/* surface ->check() errors now; the zip lengths wait for --set */
	p0 = build_point(sc, 0, error);
	if (!p0)
		return NULL;
	sim_point_free(p0);
	return g_steal_pointer(&sc);
}

/* ---------------------------------------------------------------- --set */

static gboolean set_error(GError **error, int code, const char *lhs,
			  const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static gboolean set_error(GError **error, int code, const char *lhs,
			  const char *fmt, ...)
{
	g_autofree char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, SIM_SCENARIO_ERROR, code, "--set %s: %s", lhs, msg);
	return FALSE;
}

/**
 * sim_scenario_set() - apply one "--set group.key=value[;value...]".
 * @sc: scenario
 * @assignment: "traffic.size=60", "net.core.netdev_budget=300;600"; the
 *	group is everything before the last dot left of '='
 * @error: SIM_SCENARIO_ERROR, "--set group.key: ..."
 *
 * The value replaces the key's value or list everywhere.  The key leaves
 * [points] zip=: set to one value it no longer varies, set to a list it
 * becomes a product axis (at its place in the file, or after the file's
 * keys if the file did not set it).  [scenario] name and description can
 * be set too.
 *
 * Return: FALSE for a malformed assignment, an unknown group or key, or a
 * bad value; @sc is unchanged then.
 */
gboolean sim_scenario_set(struct sim_scenario *sc, const char *assignment,
			  GError **error)
{
	const char *eq = strchr(assignment, '=');
	g_autofree char *lhs = NULL;
	g_autofree char *group = NULL;
	g_autofree char *key = NULL;
	g_autofree char *msg = NULL;
	g_autoptr(GError) err = NULL;
	const struct sim_model_ops *ops;
	const struct sim_param *p;
	GPtrArray *values;
	struct sc_key *k;

	if (!eq)
		return set_error(error, SIM_SCENARIO_ERROR_POINTS, assignment,
				 "expected group.key=value");
	lhs = g_strstrip(g_strndup(assignment, eq - assignment));
	if (!split_full_key(lhs, &group, &key))
		return set_error(error, SIM_SCENARIO_ERROR_POINTS, lhs,
				 "expected group.key=value");

	if (strcmp(group, GROUP_SCENARIO) == 0 && key_is_known(group, key)) {
		char **field = strcmp(key, "name") == 0 ? &sc->name
							: &sc->description;

		if (!check_text(eq + 1, &err))
			return set_error(error, SIM_SCENARIO_ERROR_VALUE, lhs,
					 "%s", err->message);
		g_free(*field);
		*field = g_strstrip(g_strdup(eq + 1));
		return TRUE;
	}
	if (strcmp(group, GROUP_POINTS) == 0)
		return set_error(error, SIM_SCENARIO_ERROR_POINTS, lhs,
				 "[points] cannot be set from the command "
				 "line");
	if (!group_is_known(group)) {
		msg = unknown_group_message(group);
		return set_error(error, SIM_SCENARIO_ERROR_GROUP, lhs, "%s",
				 msg);
	}
	if (!key_is_known(group, key)) {
		msg = unknown_key_message(group, key);
		return set_error(error, SIM_SCENARIO_ERROR_KEY, lhs, "%s",
				 msg);
	}

	ops = sim_model_find(group);
	p = sim_param_find(ops->params, key);
	values = parse_list(p, eq + 1, &err);
	if (!values)
		return set_error(error, SIM_SCENARIO_ERROR_VALUE, lhs, "%s",
				 err->message);

	k = find_key(sc, group, key);
	if (k) {
		g_ptr_array_unref(k->values);
		k->values = values;
		/* a file set here is named from the working directory */
		g_clear_pointer(&k->paths, g_ptr_array_unref);
	} else {
		k = g_new0(struct sc_key, 1);
		k->group = g_steal_pointer(&group);
		k->key = g_steal_pointer(&key);
		k->full = g_strdup_printf("%s.%s", k->group, k->key);
		k->ops = ops;
		k->param = p;
		k->values = values;
		g_ptr_array_add(sc->keys, k);
	}
	g_ptr_array_remove(sc->zip, k);
	return TRUE;
}

/* ---------------------------------------------------------------- points */

/* The keys that vary, in expansion order: zip first, then product axes. */
static GPtrArray *varied_keys(const struct sim_scenario *sc)
{
	GPtrArray *v = g_ptr_array_new();

	for (guint i = 0; i < sc->zip->len; i++)
		g_ptr_array_add(v, sc->zip->pdata[i]);
	for (guint i = 0; i < sc->keys->len; i++) {
		struct sc_key *k = sc->keys->pdata[i];

		if (k->values->len > 1 &&
		    !g_ptr_array_find(sc->zip, k, NULL))
			g_ptr_array_add(v, k);
	}
	return v;
}

/**
 * sim_scenario_n_points() - number of points.
 * @sc: scenario
 * @error: SIM_SCENARIO_ERROR_POINTS when the zipped lists' lengths differ,
 *	or when the lists ask for more than SIM_MAX_POINTS points (the
 *	message says how many, and which lists)
 *
 * Points are never all held at once (sim_scenario_point() makes one at a
 * time), but each costs a process, so a count no run could finish is
 * refused before anything is made.
 *
 * Return: zip rows times the product of the other lists' lengths, or 0.
 */
guint sim_scenario_n_points(struct sim_scenario *sc, GError **error)
{
	g_autoptr(GString) axes = g_string_new(NULL);
	guint64 n = 1;
	gboolean overflow = FALSE;

	for (guint i = 1; i < sc->zip->len; i++) {
		struct sc_key *a = sc->zip->pdata[0];
		struct sc_key *b = sc->zip->pdata[i];

		if (a->values->len != b->values->len) {
			g_autofree char *at = where(sc->path, sc->zip_line);

			g_set_error(error, SIM_SCENARIO_ERROR,
				    SIM_SCENARIO_ERROR_POINTS,
				    "%s[%s] zip: %s has %u values but %s has "
				    "%u", at, GROUP_POINTS, a->full,
				    a->values->len, b->full, b->values->len);
			return 0;
		}
	}
	if (sc->zip->len) {
		n = ((struct sc_key *)sc->zip->pdata[0])->values->len;
		g_string_append_printf(axes, "%" G_GUINT64_FORMAT " zipped "
				       "rows", n);
	}
	for (guint i = 0; i < sc->keys->len; i++) {
		struct sc_key *k = sc->keys->pdata[i];

		if (k->values->len < 2 || g_ptr_array_find(sc->zip, k, NULL))
			continue;
		g_string_append_printf(axes, "%s%s %u", axes->len ? " x " : "",
				       k->full, k->values->len);
		if (n > G_MAXUINT64 / k->values->len)
			overflow = TRUE;
		n *= k->values->len;
	}
	if (overflow || n > SIM_MAX_POINTS) {
		g_autofree char *count = overflow
			? g_strdup_printf("more than %" G_GUINT64_FORMAT,
					  G_MAXUINT64)
			: g_strdup_printf("%" G_GUINT64_FORMAT, n);

		g_set_error(error, SIM_SCENARIO_ERROR,
			    SIM_SCENARIO_ERROR_POINTS,
			    "%s: %s points asked for (%s); a run may have at "
			    "most %u", sc->path, count, axes->str,
			    SIM_MAX_POINTS);
		return 0;
	}
	return (guint)n;
}

/* Which element of each key's list point @index uses. */
static guint *value_indices(const struct sim_scenario *sc, guint index)
{
	guint *idx = g_new0(guint, sc->keys->len);
	guint rest = index;

	/* the last product axis varies fastest; the zip row is outermost */
	for (guint i = sc->keys->len; i-- > 0;) {
		struct sc_key *k = sc->keys->pdata[i];

		if (k->values->len < 2 || g_ptr_array_find(sc->zip, k, NULL))
			continue;
		idx[i] = rest % k->values->len;
		rest /= k->values->len;
	}
	for (guint i = 0; i < sc->keys->len; i++) {
		struct sc_key *k = sc->keys->pdata[i];

		if (g_ptr_array_find(sc->zip, k, NULL))
			idx[i] = rest;
	}
	return idx;
}

/* Resolve @index without checking the zip lengths (load uses point 0). */
static struct sim_point *build_point(struct sim_scenario *sc, guint index,
				     GError **error)
{
	struct sim_point *p = g_new0(struct sim_point, 1);
	g_autoptr(GPtrArray) varied = varied_keys(sc);
	g_autofree guint *idx = value_indices(sc, index);
	guint n_models = sim_model_count();

	p->index = index;
	p->varied_keys = g_ptr_array_new_with_free_func(g_free);
	p->varied_values = g_ptr_array_new_with_free_func(g_free);
	p->cfg = g_new0(void *, n_models + 1);
	for (guint m = 0; m < n_models; m++) {
		p->cfg[m] = g_malloc0(MAX(sim_model_list()[m]->cfg_size, 1));
		sim_param_set_defaults(sim_model_list()[m]->params, p->cfg[m]);
	}

	for (guint i = 0; i < sc->keys->len; i++) {
		struct sc_key *k = sc->keys->pdata[i];
		GPtrArray *texts = k->paths ? k->paths : k->values;
		const char *text = texts->pdata[idx[i]];
		void *cfg = p->cfg[sim_model_index(k->ops)];
		gboolean ok;

		/* every element was validated when it was read */
		ok = sim_param_parse(k->param, text, cfg, NULL);
		g_assert(ok);
	}
	for (guint v = 0; v < varied->len; v++) {
		struct sc_key *k = varied->pdata[v];
		guint i;

		g_ptr_array_find(sc->keys, k, &i);
		g_ptr_array_add(p->varied_keys, g_strdup(k->full));
		g_ptr_array_add(p->varied_values,
				g_strdup(k->values->pdata[idx[i]]));
	}

	/* each group's keys, then the groups' keys against each other */
	for (guint pass = 0; pass < 2 * n_models; pass++) {
		guint m = pass % n_models;
		const struct sim_model_ops *ops = sim_model_list()[m];
		g_autoptr(GError) err = NULL;
		g_autoptr(GString) at = NULL;

		if (pass < n_models ?
		    !ops->check || ops->check(p->cfg[m], &err) :
		    !ops->check_groups || ops->check_groups(p, &err))
			continue;
		/* name the point only when there is more than one */
		at = g_string_new(NULL);
		for (guint v = 0; v < p->varied_keys->len; v++) {
			const char *key = p->varied_keys->pdata[v];
			const char *value = p->varied_values->pdata[v];

			g_string_append_printf(at, "%s%s=%s",
					       v ? ", " : " (point: ", key,
					       value);
		}
		if (at->len)
			g_string_append_c(at, ')');
		g_set_error(error, SIM_SCENARIO_ERROR,
			    SIM_SCENARIO_ERROR_VALUE, "%s: [%s] %s%s",
			    sc->path, ops->name, err->message, at->str);
		sim_point_free(p);
		return NULL;
	}
	return p;
}

/**
 * sim_scenario_point() - resolve point @index.
 * @sc: scenario
 * @index: 0 .. sim_scenario_n_points() - 1
 * @error: SIM_SCENARIO_ERROR_POINTS for bad zip lengths or an index out
 *	of range, SIM_SCENARIO_ERROR_VALUE when a model's ->check() or
 *	->check_groups() refuses
 *	the point's config
 *
 * Return: a new point (free with sim_point_free()), or NULL on error.
 */
struct sim_point *sim_scenario_point(struct sim_scenario *sc, guint index,
				     GError **error)
{
	guint n = sim_scenario_n_points(sc, error);

	if (!n)
		return NULL;
	if (index >= n) {
		g_set_error(error, SIM_SCENARIO_ERROR,
			    SIM_SCENARIO_ERROR_POINTS,
			    "%s: no point %u (it has %u)", sc->path, index, n);
		return NULL;
	}
	return build_point(sc, index, error);
}

/**
 * sim_point_cfg() - the config struct of @ops in point @p.
 * @p: point
 * @ops: a registered model
 *
 * Return: the struct the model's params table describes.
 */
const void *sim_point_cfg(const struct sim_point *p,
			  const struct sim_model_ops *ops)
{
	return p->cfg[sim_model_index(ops)];
}

/**
 * sim_point_free() - free a point from sim_scenario_point().
 * @p: point, or NULL
 */
void sim_point_free(struct sim_point *p)
{
	if (!p)
		return;
	for (guint m = 0; p->cfg && sim_model_list()[m]; m++)
		g_free(p->cfg[m]);
	g_free(p->cfg);
	g_ptr_array_unref(p->varied_keys);
	g_ptr_array_unref(p->varied_values);
	g_free(p);
}

/* ---------------------------------------------------------------- access */

/**
 * sim_scenario_path() - the file it was loaded from.
 * @sc: scenario
 *
 * Return: the path as given to sim_scenario_load().
 */
const char *sim_scenario_path(const struct sim_scenario *sc)
{
	return sc->path;
}

/**
 * sim_scenario_name() - [scenario] name, else the file's basename less .ini.
 * @sc: scenario
 *
 * Return: the name.
 */
const char *sim_scenario_name(const struct sim_scenario *sc)
{
	return sc->name;
}

/**
 * sim_scenario_description() - [scenario] description, or "".
 * @sc: scenario
 *
 * Return: the description.
 */
const char *sim_scenario_description(const struct sim_scenario *sc)
{
	return sc->description;
}

/**
 * sim_scenario_free() - free a scenario.
 * @sc: scenario, or NULL
 */
void sim_scenario_free(struct sim_scenario *sc)
{
	if (!sc)
		return;
	g_free(sc->path);
	g_free(sc->dir);
	g_free(sc->name);
	g_free(sc->description);
	if (sc->zip)
		g_ptr_array_unref(sc->zip);
	if (sc->keys)
		g_ptr_array_unref(sc->keys);
	g_free(sc);
}
