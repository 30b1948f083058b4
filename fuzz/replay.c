/*
 * fuzz/replay.c - replay files through a fuzz harness, as a TAP test.
 *
 *   fuzz/scenario-replay [FILE|DIR]...
 *
 * Without arguments it replays every file of the harness's
 * fuzz_replay_dirs[] under $G_TEST_SRCDIR (make check sets it): the seed
 * corpus and every input that once crashed.  Each file runs in its own
 * process, so a crash is one "not ok" naming the file, and the others
 * still run.  This is how the normal (gcc, unsanitized) build keeps what
 * the fuzzers found fixed.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>

#include "fuzz/fuzz.h"

static int by_name(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add @path, or the files of directory @path in name order, to @files. */
static void add_inputs(GPtrArray *files, const char *path)
{
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GDir) d = NULL;
	const char *name;

	if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
		g_ptr_array_add(files, g_strdup(path));
		return;
	}
	d = g_dir_open(path, 0, NULL);
	/* a README says what the directory holds */
	while (d && (name = g_dir_read_name(d)))
		if (name[0] != '.' && strcmp(name, "README") != 0)
			g_ptr_array_add(names, g_strdup(name));
	g_ptr_array_sort(names, by_name);
	for (guint i = 0; i < names->len; i++) {
		char *file = g_build_filename(path, names->pdata[i], NULL);

		/* not into subdirectories: they have their own entries */
		if (g_file_test(file, G_FILE_TEST_IS_REGULAR))
			g_ptr_array_add(files, file);
		else
			g_free(file);
	}
}

/* In a child: one input through the harness. */
static G_GNUC_NORETURN void replay(const char *path)
{
	g_autofree char *data = NULL;
	g_autoptr(GError) error = NULL;
	gsize len;

	if (!g_file_get_contents(path, &data, &len, &error)) {
		fprintf(stderr, "%s\n", error->message);
		_exit(2);
	}
	LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	/* _exit(): the libraries' exit handlers take longer than the input */
	fuzz_cleanup();
	_exit(0);
}

int main(int argc, char **argv)
{
	g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
	const char *top = g_getenv("G_TEST_SRCDIR");
	guint failed = 0;

	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++)
		add_inputs(files, argv[i]);
	for (guint i = 0; argc < 2 && fuzz_replay_dirs[i]; i++) {
		g_autofree char *dir = g_build_filename(top ? top : ".",
							fuzz_replay_dirs[i],
							NULL);

		add_inputs(files, dir);
	}
	printf("1..%u\n", files->len);
	for (guint i = 0; i < files->len; i++) {
		const char *path = files->pdata[i];
		const char *name = path;
		pid_t pid;
		int status;

		fflush(stdout);
		pid = fork();
		if (pid == 0)
			replay(path);
		if (pid < 0 || waitpid(pid, &status, 0) < 0) {
			perror("replay");
			return 1;
		}
		/* name the file as the source tree does */
		if (top && g_str_has_prefix(path, top) &&
		    path[strlen(top)] == '/')
			name = path + strlen(top) + 1;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			printf("ok %u - %s\n", i + 1, name);
			continue;
		}
		failed++;
		if (WIFSIGNALED(status))
			printf("not ok %u - %s: killed by signal %d\n", i + 1,
			       name, WTERMSIG(status));
		else
			printf("not ok %u - %s: exit status %d\n", i + 1, name,
			       WEXITSTATUS(status));
	}
	return failed ? 1 : 0;
}
