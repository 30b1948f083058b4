/*
 * fuzz/fuzz.c - helpers the fuzz harnesses share; see fuzz/fuzz.h.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "fuzz/fuzz.h"

#define SLOTS 4

static char *paths[SLOTS];
static int fds[SLOTS] = { -1, -1, -1, -1 };

/**
 * fuzz_cleanup() - remove the files fuzz_file() made.
 */
void fuzz_cleanup(void)
{
	for (guint i = 0; i < SLOTS; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
		if (paths[i]) {
			g_autofree char *meta = g_strconcat(paths[i], ".meta",
							    NULL);

			/* a result file written there has its metadata */
			g_unlink(paths[i]);
			g_unlink(meta);
		}
		g_clear_pointer(&paths[i], g_free);
		fds[i] = -1;
	}
}

/**
 * fuzz_file() - a file holding @size bytes of @data.
 * @slot: 0..3: which of the harness's files
 * @data: contents
 * @size: their length
 *
 * Return: its path, the same for @slot every call, removed at exit.
 */
const char *fuzz_file(guint slot, const uint8_t *data, size_t size)
{
	static gboolean registered;
	GError *error = NULL;

	g_assert(slot < SLOTS);
	if (fds[slot] < 0) {
		fds[slot] = g_file_open_tmp("napisim-fuzz-XXXXXX", &paths[slot],
					    &error);
		if (fds[slot] < 0)
			fuzz_fail("%s", error->message);
		if (!registered)
			atexit(fuzz_cleanup);
		registered = TRUE;
	}
	if (ftruncate(fds[slot], 0) < 0 ||
	    pwrite(fds[slot], data, size, 0) != (ssize_t)size)
		fuzz_fail("%s: %s", paths[slot], g_strerror(errno));
	return paths[slot];
}

/**
 * fuzz_fail() - report a broken promise and abort().
 * @fmt: printf format of the message
 */
void fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/**
 * fuzz_check_error() - abort unless @error is one non-empty line.
 * @error: what a napisim function reported
 */
void fuzz_check_error(const GError *error)
{
	fuzz_assert(error, "failed without an error");
	fuzz_assert(error->message && *error->message, "empty error message");
	fuzz_assert(!strchr(error->message, '\n'), "error of several lines");
}
