/*
 * fuzz/fuzz.h - the fuzz harnesses: their entry points as libFuzzer and
 * AFL++'s libAFLDriver call them, and the helpers they share.
 *
 * Each harness (fuzz/scenario-fuzz.c, fuzz/tsv-fuzz.c) is built twice:
 * with fuzz/replay.c as a test that `make check` runs on the corpus and
 * every past crash, through the normal build; and, by `make fuzz`, with
 * clang's libFuzzer or AFL++ and the sanitizers, to search for new ones.
 */
#ifndef FUZZ_FUZZ_H
#define FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <glib.h>

/**
 * LLVMFuzzerInitialize() - once per process, before any input.
 * Return: 0.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv);

/**
 * LLVMFuzzerTestOneInput() - run one input; abort() on any broken promise.
 * Return: 0.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The directories, relative to the source tree, whose files `make check`
 * replays through the harness: the seeds and the crashes it once found.
 */
extern const char *const fuzz_replay_dirs[];

/**
 * fuzz_file() - a file holding @size bytes of @data, for code that reads
 * paths.  The same path for the same @slot every call; removed at exit.
 * Return: the path.
 */
const char *fuzz_file(guint slot, const uint8_t *data, size_t size);

/**
 * fuzz_cleanup() - remove the files of fuzz_file() (it runs at exit too).
 */
void fuzz_cleanup(void);

/**
 * fuzz_check_error() - abort unless @error is an error message as napisim
 * promises them: set, one line, not empty.
 */
void fuzz_check_error(const GError *error);

/**
 * fuzz_fail() - print "fuzz: " and the message, then abort(): the signal
 * both fuzzers take for a crash (g_error() may trap instead).
 */
G_GNUC_NORETURN void fuzz_fail(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/**
 * fuzz_assert() - fail with @what when @cond is false (g_assert() can be
 * compiled out; a harness's check must not).
 */
#define fuzz_assert(cond, what) \
	do { \
		if (!(cond)) \
			fuzz_fail("%s: %s", G_STRLOC, (what)); \
	} while (0)

#endif /* FUZZ_FUZZ_H */
