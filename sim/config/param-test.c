/*
 * sim/config/param-test.c - the params tables: defaults, strict parsing, text.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "models/models.h"
#include "sim/config/param.h"
#include "sim/config/model.h"

struct test_cfg {
	uint32_t u32;
	uint64_t u64;
	double dbl;
	bool flag;
	int mode;
	char label[SIM_PARAM_STRLEN];
	uint32_t wide;
	int32_t nice;
};

#define S struct test_cfg
static const struct sim_param test_params[] = {
	SIM_PARAM_U32(S, u32, "weight", 64, 1, 1024, "pkts", "quota"),
	SIM_PARAM_U64(S, u64, "packets", 100000, 0, 1.8e19, "pkts", "count"),
	SIM_PARAM_DOUBLE(S, dbl, "rx_byte", 0.1, 0, 1000, "cycles/byte",
			 "per byte"),
	SIM_PARAM_BOOL(S, flag, "threaded", 1, "NAPI_STATE_THREADED"),
	SIM_PARAM_ENUM(S, mode, "arrival", 1, "constant|poisson|burst",
		       "process"),
	SIM_PARAM_STRING(S, label, "label", "eth0", "a name"),
	/* a range wider than the field: the field's limit wins */
	SIM_PARAM_U32(S, wide, "wide", 0, 0, 1e12, "", "wider than u32"),
	SIM_PARAM_S32(S, nice, "nice", 0, -20, 19, "", "nice value"),
	{ }
};
#undef S

struct fixture {
	struct test_cfg cfg;
};

static void setup(struct fixture *fx, gconstpointer data G_GNUC_UNUSED)
{
	memset(&fx->cfg, 0xa5, sizeof(fx->cfg));
	sim_param_set_defaults(test_params, &fx->cfg);
}

static void teardown(struct fixture *fx G_GNUC_UNUSED,
		     gconstpointer data G_GNUC_UNUSED)
{
}

static const struct sim_param *param(const char *name)
{
	const struct sim_param *p = sim_param_find(test_params, name);

	g_assert_nonnull(p);
	return p;
}

/* Parse @text into the fixture and expect it to fail with @code. */
static void assert_rejects(struct fixture *fx, const char *name,
			   const char *text, int code, const char *message)
{
	g_autoptr(GError) error = NULL;
	struct test_cfg before = fx->cfg;

	g_assert_false(sim_param_parse(param(name), text, &fx->cfg, &error));
	g_assert_error(error, SIM_PARAM_ERROR, code);
	if (message)
		g_assert_cmpstr(error->message, ==, message);
	/* a failed parse leaves the config alone */
	g_assert_cmpmem(&before, sizeof(before), &fx->cfg, sizeof(fx->cfg));
}

static void assert_accepts(struct fixture *fx, const char *name,
			   const char *text)
{
	g_autoptr(GError) error = NULL;

	g_assert_true(sim_param_parse(param(name), text, &fx->cfg, &error));
	g_assert_no_error(error);
}

/* ---------------------------------------------------------------- tests */

static void test_find(struct fixture *fx G_GNUC_UNUSED,
		      gconstpointer data G_GNUC_UNUSED)
{
	g_assert_cmpstr(sim_param_find(test_params, "arrival")->name, ==,
			"arrival");
	g_assert_null(sim_param_find(test_params, "arrivals"));
	g_assert_null(sim_param_find(test_params, ""));
}

static void test_defaults(struct fixture *fx, gconstpointer data G_GNUC_UNUSED)
{
	g_assert_cmpuint(fx->cfg.u32, ==, 64);
	g_assert_cmpuint(fx->cfg.u64, ==, 100000);
	g_assert_cmpfloat(fx->cfg.dbl, ==, 0.1);
	g_assert_true(fx->cfg.flag);
	g_assert_cmpint(fx->cfg.mode, ==, 1);
	g_assert_cmpstr(fx->cfg.label, ==, "eth0");
	g_assert_cmpuint(fx->cfg.wide, ==, 0);
}

static void test_int_in_range(struct fixture *fx,
			      gconstpointer data G_GNUC_UNUSED)
{
	assert_accepts(fx, "weight", "1");
	g_assert_cmpuint(fx->cfg.u32, ==, 1);
	assert_accepts(fx, "weight", "1024");
	g_assert_cmpuint(fx->cfg.u32, ==, 1024);
	/* leading zeros are still decimal */
	assert_accepts(fx, "weight", "010");
	g_assert_cmpuint(fx->cfg.u32, ==, 10);
	assert_accepts(fx, "packets", "18000000000000000000");
	g_assert_cmpuint(fx->cfg.u64, ==, 18000000000000000000ULL);
	assert_accepts(fx, "wide", "4294967295");
	g_assert_cmpuint(fx->cfg.wide, ==, UINT32_MAX);
}

static void test_int_not_decimal(struct fixture *fx,
				 gconstpointer data G_GNUC_UNUSED)
{
	static const char *const bad[] = {
		"abc", "", "-1", "+1", " 1", "1 ", "0x40", "1e3", "64k", "6.0",
	};

	assert_rejects(fx, "weight", "abc", SIM_PARAM_ERROR_TYPE,
		       "expected an integer in 1..1024, got \"abc\"");
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++)
		assert_rejects(fx, "weight", bad[i], SIM_PARAM_ERROR_TYPE,
			       NULL);
}

static void test_int_out_of_range(struct fixture *fx,
				  gconstpointer data G_GNUC_UNUSED)
{
	assert_rejects(fx, "weight", "0", SIM_PARAM_ERROR_RANGE,
		       "expected an integer in 1..1024, got 0");
	assert_rejects(fx, "weight", "1025", SIM_PARAM_ERROR_RANGE, NULL);
	/* the table allows 1e12, a uint32_t does not */
	assert_rejects(fx, "wide", "4294967296", SIM_PARAM_ERROR_RANGE,
		       "expected an integer in 0..4294967295, got "
		       "4294967296");
	assert_rejects(fx, "packets", "18000000000000000001",
		       SIM_PARAM_ERROR_RANGE, NULL);
	/* past 2^64: overflow is a range error, not a wrap */
	assert_rejects(fx, "packets", "18446744073709551616",
		       SIM_PARAM_ERROR_RANGE, NULL);
	assert_rejects(fx, "packets", "99999999999999999999999999",
		       SIM_PARAM_ERROR_RANGE, NULL);
}

static void test_s32(struct fixture *fx, gconstpointer data G_GNUC_UNUSED)
{
	static const char *const bad[] = {
		"", "-", "+1", " 1", "1 ", "0x4", "1e1", "--1", "1-",
		"-99999999999999",
	};

	g_assert_cmpint(fx->cfg.nice, ==, 0);
	assert_accepts(fx, "nice", "-20");
	g_assert_cmpint(fx->cfg.nice, ==, -20);
	assert_accepts(fx, "nice", "19");
	g_assert_cmpint(fx->cfg.nice, ==, 19);
	assert_rejects(fx, "nice", "-21", SIM_PARAM_ERROR_RANGE,
		       "expected an integer in -20..19, got -21");
	assert_rejects(fx, "nice", "20", SIM_PARAM_ERROR_RANGE, NULL);
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++)
		assert_rejects(fx, "nice", bad[i], SIM_PARAM_ERROR_TYPE,
			       NULL);
	{
		g_autofree char *range =
			sim_param_range_string(param("nice"));

		g_assert_cmpstr(range, ==, "-20..19");
	}
}

static void test_double(struct fixture *fx, gconstpointer data G_GNUC_UNUSED)
{
	static const char *const bad[] = {
		"", "abc", "0,25", "0.25x", " 1", "1 ", "nan",
	};

	assert_accepts(fx, "rx_byte", "0.25");
	g_assert_cmpfloat(fx->cfg.dbl, ==, 0.25);
	assert_accepts(fx, "rx_byte", "1e2");
	g_assert_cmpfloat(fx->cfg.dbl, ==, 100);
	assert_accepts(fx, "rx_byte", "0");
	assert_accepts(fx, "rx_byte", "1000");
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++)
		assert_rejects(fx, "rx_byte", bad[i], SIM_PARAM_ERROR_TYPE,
			       NULL);
	assert_rejects(fx, "rx_byte", "1000.5", SIM_PARAM_ERROR_RANGE,
		       "expected a number in 0..1000, got 1000.5");
	assert_rejects(fx, "rx_byte", "-0.1", SIM_PARAM_ERROR_RANGE, NULL);
	assert_rejects(fx, "rx_byte", "inf", SIM_PARAM_ERROR_RANGE, NULL);
	assert_rejects(fx, "rx_byte", "1e999", SIM_PARAM_ERROR_RANGE, NULL);
}

static void test_bool(struct fixture *fx, gconstpointer data G_GNUC_UNUSED)
{
	static const char *const yes[] = { "true", "1", "yes", "True" };
	static const char *const no[] = { "false", "0", "no", "NO" };

	for (guint i = 0; i < G_N_ELEMENTS(yes); i++) {
		fx->cfg.flag = false;
		assert_accepts(fx, "threaded", yes[i]);
		g_assert_true(fx->cfg.flag);
	}
	for (guint i = 0; i < G_N_ELEMENTS(no); i++) {
		fx->cfg.flag = true;
		assert_accepts(fx, "threaded", no[i]);
		g_assert_false(fx->cfg.flag);
	}
	assert_rejects(fx, "threaded", "2", SIM_PARAM_ERROR_TYPE,
		       "expected true or false, got \"2\"");
	assert_rejects(fx, "threaded", "", SIM_PARAM_ERROR_TYPE, NULL);
}

static void test_enum(struct fixture *fx, gconstpointer data G_GNUC_UNUSED)
{
	assert_accepts(fx, "arrival", "constant");
	g_assert_cmpint(fx->cfg.mode, ==, 0);
	assert_accepts(fx, "arrival", "burst");
	g_assert_cmpint(fx->cfg.mode, ==, 2);
	assert_rejects(fx, "arrival", "Poisson", SIM_PARAM_ERROR_TYPE,
		       "expected one of constant|poisson|burst, got "
		       "\"Poisson\"");
	assert_rejects(fx, "arrival", "poiss", SIM_PARAM_ERROR_TYPE, NULL);
	assert_rejects(fx, "arrival", "", SIM_PARAM_ERROR_TYPE, NULL);
}

static void test_string(struct fixture *fx, gconstpointer data G_GNUC_UNUSED)
{
	char longest[SIM_PARAM_STRLEN];
	char too_long[SIM_PARAM_STRLEN + 1];
	g_autofree char *msg = NULL;

	memset(longest, 'x', sizeof(longest) - 1);
	longest[sizeof(longest) - 1] = '\0';
	memset(too_long, 'y', sizeof(too_long) - 1);
	too_long[sizeof(too_long) - 1] = '\0';

	assert_accepts(fx, "label", "eth1");
	g_assert_cmpstr(fx->cfg.label, ==, "eth1");
	assert_accepts(fx, "label", longest);
	g_assert_cmpstr(fx->cfg.label, ==, longest);
	msg = g_strdup_printf("expected at most %d bytes of text, got %d",
			      SIM_PARAM_STRLEN - 1, SIM_PARAM_STRLEN);
	assert_rejects(fx, "label", too_long, SIM_PARAM_ERROR_RANGE, msg);
	assert_rejects(fx, "label", "\xff", SIM_PARAM_ERROR_TYPE, NULL);
}

static void test_validate_only(struct fixture *fx G_GNUC_UNUSED,
			       gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(GError) error = NULL;

	for (const struct sim_param *p = test_params; p->name; p++) {
		g_autofree char *def = sim_param_default_string(p);

		g_assert_true(sim_param_parse(p, def, NULL, &error));
		g_assert_no_error(error);
	}
	g_assert_false(sim_param_parse(param("weight"), "0", NULL, &error));
	g_assert_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE);
}

static void test_default_string(struct fixture *fx G_GNUC_UNUSED,
				gconstpointer data G_GNUC_UNUSED)
{
	static const char *const want[][2] = {
		{ "weight", "64" },
		{ "packets", "100000" },
		{ "rx_byte", "0.1" },
		{ "threaded", "true" },
		{ "arrival", "poisson" },
		{ "label", "eth0" },
	};

	for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
		g_autofree char *s = sim_param_default_string(
			param(want[i][0]));

		g_assert_cmpstr(s, ==, want[i][1]);
	}
}

static void test_range_string(struct fixture *fx G_GNUC_UNUSED,
			      gconstpointer data G_GNUC_UNUSED)
{
	static const char *const want[][2] = {
		{ "weight", "1..1024" },
		{ "packets", "0..18000000000000000000" },
		{ "rx_byte", "0..1000" },
		{ "threaded", "true|false" },
		{ "arrival", "constant|poisson|burst" },
		{ "label", "text" },
		{ "wide", "0..4294967295" },
	};

	for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
		g_autofree char *s = sim_param_range_string(param(want[i][0]));

		g_assert_cmpstr(s, ==, want[i][1]);
	}
}

/* Every registered model's default is a value its own range accepts. */
static void test_models_defaults(struct fixture *fx G_GNUC_UNUSED,
				 gconstpointer data G_GNUC_UNUSED)
{
	for (guint m = 0; sim_model_list()[m]; m++) {
		const struct sim_model_ops *ops = sim_model_list()[m];
		g_autofree void *cfg = g_malloc0(MAX(ops->cfg_size, 1));
		g_autofree void *parsed = g_malloc0(MAX(ops->cfg_size, 1));

		g_assert_nonnull(ops->params);
		sim_param_set_defaults(ops->params, cfg);
		sim_param_set_defaults(ops->params, parsed);
		for (const struct sim_param *p = ops->params; p->name; p++) {
			g_autoptr(GError) error = NULL;
			g_autofree char *def = sim_param_default_string(p);

			g_assert_cmpuint(p->offset, <, ops->cfg_size);
			if (!sim_param_parse(p, def, parsed, &error))
				g_error("[%s] %s: default %s: %s", ops->name,
					p->name, def, error->message);
			g_assert_nonnull(p->help);
			g_assert_nonnull(p->unit);
		}
		/* text and table agree: parsing the defaults changes nothing */
		g_assert_cmpmem(cfg, ops->cfg_size, parsed, ops->cfg_size);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	models_register();

#define ADD(path, fn) \
	g_test_add(path, struct fixture, NULL, setup, fn, teardown)
	ADD("/param/find/returns-entry-or-null", test_find);
	ADD("/param/defaults/fill-every-type", test_defaults);
	ADD("/param/parse/int-accepts-decimal-in-range", test_int_in_range);
	ADD("/param/parse/int-rejects-sign-space-hex-exponent",
	    test_int_not_decimal);
	ADD("/param/parse/int-out-of-range-or-overflow-is-range-error",
	    test_int_out_of_range);
	ADD("/param/parse/signed-int-in-range", test_s32);
	ADD("/param/parse/double-is-c-locale-full-string", test_double);
	ADD("/param/parse/bool-spellings", test_bool);
	ADD("/param/parse/enum-is-one-exact-choice", test_enum);
	ADD("/param/parse/string-longer-than-field-is-an-error",
	    test_string);
	ADD("/param/parse/null-cfg-only-validates", test_validate_only);
	ADD("/param/text/default-string", test_default_string);
	ADD("/param/text/range-string", test_range_string);
	ADD("/param/models/every-default-parses-back-in-range",
	    test_models_defaults);
#undef ADD

	return g_test_run();
}
