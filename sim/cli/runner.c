/*
 * sim/cli/runner.c - run a scenario's points, each in its own process; see
 * sim/cli/runner.h.
 *
 * The parent checks every point before the first fork, so a bad
 * scenario fails before any simulation.  Each child simulates one point,
 * writes its report (or its error) up a pipe and exits; the parent polls
 * the pipes and hands each report to the caller as the child ends.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>
#include <glib-unix.h>

#include "sim/cli/runner.h"
#include "sim/config/columns.h"
#include "sim/config/model.h"
#include "sim/cli/output.h"
#include "sim/cli/prebind.h"
#include "sim/config/param.h"
#include "sim/config/report.h"
#include "sim/config/scenario.h"

G_DEFINE_QUARK(sim-runner-error-quark, sim_runner_error)

/* ---------------------------------------------------------------- rows */

/* Fewest decimals that print @v so it reads back unchanged. */
static int decimals_for(double v)
{
	for (int d = 0; d < 17; d++) {
		char buf[G_ASCII_DTOSTR_BUF_SIZE + 320];
		char fmt[8];

		g_snprintf(fmt, sizeof(fmt), "%%.%df", d);
		if (g_ascii_strtod(g_ascii_formatd(buf, sizeof(buf), fmt, v),
				   NULL) == v)
			return d;
	}
	return 17;
}

/**
 * sim_point_add_keys() - one column per varied key of @p, named
 * "group.key", typed like its param so JSON gets numbers and the table
 * aligns them.
 * @row: row to append to
 * @p: point
 */
void sim_point_add_keys(struct sim_row *row, const struct sim_point *p)
{
	for (guint i = 0; i < p->varied_keys->len; i++) {
		const char *name = p->varied_keys->pdata[i];
		const char *text = p->varied_values->pdata[i];
		const struct sim_model_ops *ops = NULL;
		const struct sim_param *param =
			sim_column_key_param(name, &ops);
		g_autofree char *cfg = NULL;
		void *field;

		if (!param) {
			sim_row_add_str(row, name, text);
			continue;
		}
		cfg = g_malloc0(MAX(ops->cfg_size, 1));
		field = cfg + param->offset;
		if (!sim_param_parse(param, text, cfg, NULL)) {
			sim_row_add_str(row, name, text);
			continue;
		}
		switch (param->type) {
		case SIM_PT_U32:
			sim_row_add_u64(row, name, *(uint32_t *)field);
			break;
		case SIM_PT_U64:
			sim_row_add_u64(row, name, *(uint64_t *)field);
			break;
		case SIM_PT_S32:
			sim_row_add_i64(row, name, *(int32_t *)field);
			break;
		case SIM_PT_DOUBLE:
			sim_row_add_double(row, name, *(double *)field,
					   decimals_for(*(double *)field));
			break;
		case SIM_PT_BOOL:
			sim_row_add_bool(row, name, *(bool *)field);
			break;
		case SIM_PT_ENUM:
		case SIM_PT_STRING:
			sim_row_add_str(row, name, text);
			break;
		}
	}
}

/**
 * sim_point_label() - "traffic.size=60, traffic.rate_pps=890000".
 * @p: point
 *
 * Return: the point's varied keys and values ("" when none vary).
 */
char *sim_point_label(const struct sim_point *p)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < p->varied_keys->len; i++)
		g_string_append_printf(s, "%s%s=%s", i ? ", " : "",
				       (char *)p->varied_keys->pdata[i],
				       (char *)p->varied_values->pdata[i]);
	return g_string_free(s, FALSE);
}

/**
 * sim_point_seed() - the traffic seed of @p as text, for result headers.
 * @p: point 0 of a run
 *
 * Return: the seed, or NULL when it varies across points.
 */
char *sim_point_seed(const struct sim_point *p)
{
	const struct sim_model_ops *ops = NULL;
	const struct sim_param *param =
		sim_column_key_param("traffic.seed", &ops);

	if (!param || param->type != SIM_PT_U64)
		return NULL;
	for (guint i = 0; i < p->varied_keys->len; i++)
		if (strcmp(p->varied_keys->pdata[i], "traffic.seed") == 0)
			return NULL;
	return g_strdup_printf("%" G_GUINT64_FORMAT, *(const uint64_t *)
			       ((const char *)sim_point_cfg(p, ops) +
				param->offset));
}

/**
 * sim_point_cpus() - the CPUs of point @p's machine ([cpu] count).
 * @p: point
 *
 * Return: the count, or 0 when there is no such key.
 */
guint sim_point_cpus(const struct sim_point *p)
{
	const struct sim_model_ops *ops = NULL;
	const struct sim_param *param =
		sim_column_key_param("cpu.count", &ops);

	if (!param || param->type != SIM_PT_U32)
		return 0;
	return *(const uint32_t *)((const char *)sim_point_cfg(p, ops) +
				   param->offset);
}

/*
 * "PATH: point N (k=v, ...): MESSAGE", N numbered from 1 as run numbers
 * its points; "PATH: MESSAGE" when nothing varies.
 */
static void prefix_point(GError **error, const struct sim_scenario *sc,
			 const struct sim_point *p)
{
	g_autofree char *label = sim_point_label(p);

	if (*label) {
		char *msg = g_strdup_printf("point %u (%s): %s", p->index + 1,
					    label, (*error)->message);

		g_free((*error)->message);
		(*error)->message = msg;
	}
	g_prefix_error(error, "%s: ", sim_scenario_path(sc));
}

/**
 * sim_points_check() - count the points of @sc and check every one.
 * @sc: scenario, after its --set overrides
 * @n: set to the number of points
 * @bad: NULL, and a point machine_check_point() refuses is an error; or
 *	an array that gets the index (guint) of each such point, which is
 *	then no error: the caller runs the others (a sweep)
 * @error: SIM_SCENARIO_ERROR from the loader (zip lengths, too many
 *	points, a model's ->check()), or machine_check_point()'s error
 *	(a CPU named in one group and counted in another, ...) with the
 *	scenario's path and the point
 *
 * Each point is resolved, checked and freed in turn, so memory does not
 * grow with the number of points; a run then resolves each again as it
 * starts it.  So a point that starts cannot fail on its input.
 *
 * Return: TRUE if every point (but those in @bad) can be simulated.
 */
gboolean sim_points_check(struct sim_scenario *sc, guint *n, GArray *bad,
			  GError **error)
{
	*n = sim_scenario_n_points(sc, error);
	if (!*n)
		return FALSE;
	for (guint i = 0; i < *n; i++) {
		g_autoptr(GError) err = NULL;
		struct sim_point *p = sim_scenario_point(sc, i, error);

		if (!p)
			return FALSE;
		if (!machine_check_point(p, &err)) {
			if (bad) {
				g_array_append_val(bad, i);
				sim_point_free(p);
				continue;
			}
			prefix_point(&err, sc, p);
			g_propagate_error(error, g_steal_pointer(&err));
			sim_point_free(p);
			return FALSE;
		}
		sim_point_free(p);
	}
	return TRUE;
}

/**
 * sim_result_meta() - the metadata of a result file (FILE.meta, JSON's
 * "meta", the table's title).
 * @sc: scenario
 * @p0: its first point
 * @mode: batch or reference
 *
 * Return: "key", "value", ... (scenario, description, file, seed, version,
 * mode), not NULL-terminated, so callers can add their own pairs.
 */
GPtrArray *sim_result_meta(const struct sim_scenario *sc,
			   const struct sim_point *p0, enum sim_mode mode)
{
	GPtrArray *meta = g_ptr_array_new_with_free_func(g_free);
	char *seed = sim_point_seed(p0);

#define ADD(k, v) do { g_ptr_array_add(meta, g_strdup(k)); \
		       g_ptr_array_add(meta, g_strdup(v)); } while (0)
	ADD("scenario", sim_scenario_name(sc));
	if (*sim_scenario_description(sc))
		ADD("description", sim_scenario_description(sc));
	ADD("file", sim_scenario_path(sc));
	if (seed)
		ADD("seed", seed);
	ADD("version", PACKAGE_VERSION);
	ADD("mode", mode == SIM_MODE_REFERENCE ? "reference" : "batch");
#undef ADD
	g_free(seed);
	return meta;
}

/* ---------------------------------------------------------------- children */

struct job {
	pid_t pid;
	int fd;			/* read end of the child's pipe */
	struct sim_point *point;	/* owned */
	GString *buf;		/* what the child wrote */
};

/* Close every descriptor from @lowfd up (close_range(), Linux 5.9). */
/* close every descriptor from 3 up but @keep */
static void close_others(int keep)
{
	DIR *d;
	struct dirent *e;

	if ((keep == 3 ||
	     syscall(SYS_close_range, 3, (unsigned)keep - 1, 0) == 0) &&
	    syscall(SYS_close_range, (unsigned)keep + 1, ~0u, 0) == 0)
		return;
	d = opendir("/proc/self/fd");
	while (d && (e = readdir(d))) {
		int fd = atoi(e->d_name);

		if (fd >= 3 && fd != keep && fd != dirfd(d))
			close(fd);
	}
	if (d)
		closedir(d);
}

/*
 * In the child: simulate, send the report (or the error message) up the
 * pipe, and leave with _exit() so nothing of the parent's (stdio buffers,
 * atexit handlers) runs twice.  Nothing is freed: the process ends here.
 * The report is its row alone unless @detail asks for the detail tables
 * too (sim_report_serialize()): a flow table can be long.
 * Exit 0: the pipe holds a report; 1: an error message; 3: the pipe broke
 * or the parent is gone.
 */
static G_GNUC_NORETURN void child_main(const struct sim_point *p,
				       enum sim_mode mode, bool detail,
				       int fd, pid_t parent)
{
	GError *error = NULL;
	struct sim_report *r;
	GString *out;
	int status = 0;

	/*
	 * Die with the parent: a sweep killed with kill -9 must not leave
	 * points running that nobody will collect.  If it died before
	 * prctl(), we are orphaned already.
	 */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(3);
	/*
	 * Keep nothing of the parent's but stdio and our pipe: not a sweep
	 * directory's flock()ed lock, which would stay held while we live,
	 * nor the other children's pipes.  The pipe keeps its number: moved
	 * onto a low one (3) it could take the place of a descriptor the
	 * dynamic linker still writes to (LD_DEBUG_OUTPUT), whose output
	 * would then corrupt the report.
	 */
	close_others(fd);
	/* a sweep's Ctrl-C is the parent's to handle */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	r = sim_report_new();
	out = g_string_new(NULL);
	sim_point_add_keys(r->row, p);
	if (machine_run_point(p, mode, r, &error)) {
		if (detail)
			sim_report_serialize(r, out);
		else
			sim_row_serialize(r->row, out);
	} else {
		g_string_append(out, error ? error->message
					   : "simulation failed");
		status = 1;
	}
	if (!sim_write_all(fd, out->str, out->len))
		status = 3;
	_exit(status);
}

/* Resolve point @index of @sc and fork a child to simulate it. */
static gboolean start_job(struct job *job, struct sim_scenario *sc,
			  guint index, enum sim_mode mode, bool detail,
			  GError **error)
{
	struct sim_point *p = sim_scenario_point(sc, index, error);
	pid_t parent = getpid();
	int fds[2];

	if (!p)
		return FALSE;
	if (!g_unix_open_pipe(fds, FD_CLOEXEC, error)) {
		sim_point_free(p);
		return FALSE;
	}
	/* the child must not inherit unflushed output */
	fflush(stdout);
	fflush(stderr);
	job->pid = fork();
	if (job->pid < 0) {
		int err = errno;

		close(fds[0]);
		close(fds[1]);
		sim_point_free(p);
		g_set_error(error, SIM_RUNNER_ERROR, SIM_RUNNER_ERROR_FAILED,
			    "fork: %s", g_strerror(err));
		return FALSE;
	}
	if (job->pid == 0) {
		close(fds[0]);
		child_main(p, mode, detail, fds[1], parent);
	}
	close(fds[1]);
	job->fd = fds[0];
	job->point = p;
	job->buf = g_string_new(NULL);
	return TRUE;
}

/* Reap a child whose pipe is closed; its report, or NULL with @error. */
static struct sim_report *finish_job(struct job *job, GError **error)
{
	g_autoptr(GError) err = NULL;
	struct sim_report *r;
	int status;

	while (waitpid(job->pid, &status, 0) < 0) {
		if (errno != EINTR) {
			g_set_error(error, SIM_RUNNER_ERROR,
				    SIM_RUNNER_ERROR_FAILED, "waitpid: %s",
				    g_strerror(errno));
			return NULL;
		}
	}
	job->pid = 0;

	if (WIFSIGNALED(status)) {
		g_set_error(error, SIM_RUNNER_ERROR, SIM_RUNNER_ERROR_FAILED,
			    "simulation killed by signal %d (%s)",
			    WTERMSIG(status), g_strsignal(WTERMSIG(status)));
		return NULL;
	}
	/* status 1 is child_main()'s: the pipe holds machine_run_point()'s error */
	if (WIFEXITED(status) && WEXITSTATUS(status) == 1 &&
	    *g_strstrip(job->buf->str)) {
		g_set_error_literal(error, SIM_RUNNER_ERROR,
				    SIM_RUNNER_ERROR_FAILED, job->buf->str);
		return NULL;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		g_set_error(error, SIM_RUNNER_ERROR, SIM_RUNNER_ERROR_FAILED,
			    "simulation exited with status %d",
			    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return NULL;
	}
	r = sim_report_parse(job->buf->str, &err);
	if (!r) {
		g_set_error(error, SIM_RUNNER_ERROR, SIM_RUNNER_ERROR_FAILED,
			    "bad result from the simulation: %s",
			    err->message);
		return NULL;
	}
	return r;
}

static void job_clear(struct job *job)
{
	if (job->pid > 0) {
		/* our own child, stopped because the run stopped */
		kill(job->pid, SIGKILL);
		while (waitpid(job->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	if (job->fd >= 0)
		close(job->fd);
	if (job->buf)
		g_string_free(job->buf, TRUE);
	sim_point_free(job->point);
	*job = (struct job) { .fd = -1 };
}

/*
 * Read what @job has written; at EOF reap it and hand its report to
 * @ops->done.  Return: 1 still running, 0 ended and the run goes on,
 * -1 ended and ->done() asked to stop.
 */
static int poll_job(struct job *job, short revents,
		    const struct sim_pool_ops *ops, void *data)
{
	g_autoptr(GError) err = NULL;
	struct sim_report *r;
	char buf[4096];
	ssize_t len = 0;
	bool go_on;

	if (revents)
		len = read(job->fd, buf, sizeof(buf));
	if (len > 0)
		g_string_append_len(job->buf, buf, len);
	if (!revents || len > 0 ||
	    (len < 0 && (errno == EINTR || errno == EAGAIN)))
		return 1;
	/* EOF (or a read error): the child is done */
	close(job->fd);
	job->fd = -1;
	r = finish_job(job, &err);
	go_on = ops->done(data, job->point, r, err);
	job_clear(job);
	return go_on ? 0 : -1;
}

/**
 * sim_pool_run() - simulate points of a scenario, at most @jobs at once.
 * @sc: scenario, its points checked by sim_points_check()
 * @indices: the points to run, in this order; NULL: 0 .. @n - 1
 * @n: how many
 * @mode: batch or reference
 * @jobs: processes at once, at least 1
 * @detail: bring each point's detail tables back too, not just its row
 * @ops: callbacks, called in the parent, in the order points end (of
 *	points that end together, in @indices order)
 * @data: their first argument
 * @error: SIM_RUNNER_ERROR when the pool itself failed (fork, pipe, poll)
 *
 * Each point is resolved as its process starts and freed when it ends,
 * so memory holds @jobs points, whatever @n is.
 *
 * Return: FALSE if the pool failed; TRUE otherwise, also when a callback
 * stopped the run.
 */
gboolean sim_pool_run(struct sim_scenario *sc, const guint *indices, guint n,
		      enum sim_mode mode, guint jobs, bool detail,
		      const struct sim_pool_ops *ops, void *data,
		      GError **error)
{
	g_autofree struct job *active = NULL;
	g_autofree struct pollfd *pfd = NULL;
	guint n_active = 0, next = 0;
	gboolean ok = TRUE;
	bool go_on = true;

	/* bind once here what each child would bind for itself */
	if (n)
		sim_prebind_unwinder();
	jobs = CLAMP(jobs, 1, MAX(n, 1));
	active = g_new0(struct job, jobs);
	pfd = g_new0(struct pollfd, jobs);
	while (go_on && (next < n || n_active)) {
		while (go_on && n_active < jobs && next < n) {
			if (!start_job(&active[n_active], sc,
				       indices ? indices[next] : next, mode,
				       detail, error)) {
				ok = FALSE;
				go_on = false;
				break;
			}
			n_active++;
			next++;
			go_on = !ops->tick || ops->tick(data, n_active);
		}
		if (!go_on)
			break;

		for (guint i = 0; i < n_active; i++)
			pfd[i] = (struct pollfd) { .fd = active[i].fd,
						   .events = POLLIN };
		if (poll(pfd, n_active, ops->tick ? 1000 : -1) < 0) {
			if (errno == EINTR) {
				go_on = !ops->tick || ops->tick(data,
								n_active);
				continue;
			}
			g_set_error(error, SIM_RUNNER_ERROR,
				    SIM_RUNNER_ERROR_FAILED, "poll: %s",
				    g_strerror(errno));
			ok = FALSE;
			break;
		}

		/* @active stays in point order */
		for (guint i = 0; go_on && i < n_active;) {
			int r = poll_job(&active[i], pfd[i].revents, ops,
					 data);

			if (r > 0) {
				i++;
				continue;
			}
			go_on = r == 0;
			n_active--;
			memmove(&active[i], &active[i + 1],
				(n_active - i) * sizeof(*active));
			memmove(&pfd[i], &pfd[i + 1],
				(n_active - i) * sizeof(*pfd));
			active[n_active] = (struct job) { .fd = -1 };
		}
		if (go_on && ops->tick)
			go_on = ops->tick(data, n_active);
	}
	for (guint i = 0; i < n_active; i++)
		job_clear(&active[i]);
	return ok;
}

/* ---------------------------------------------------------------- progress */

/* "01:05", "1:02:03" */
static char *clock_text(gint64 us)
{
	gint64 s = us / G_USEC_PER_SEC;

	if (s >= 3600)
		return g_strdup_printf("%" G_GINT64_FORMAT ":%02d:%02d",
				       s / 3600, (int)(s / 60 % 60),
				       (int)(s % 60));
	return g_strdup_printf("%02d:%02d", (int)(s / 60), (int)(s % 60));
}

/**
 * sim_progress_show() - redraw the progress line (terminal only).
 * @pr: progress
 *
 * "[#####.....] 12/40 done, 2 running, 0 failed, 00:12 elapsed, ~00:30
 * left"; the estimate is the time per point of this run so far, times
 * the points left.
 */
void sim_progress_show(struct sim_progress *pr)
{
	enum { WIDTH = 20 };
	gint64 elapsed = g_get_monotonic_time() - pr->start;
	guint finished = pr->skipped + pr->done;
	guint left = pr->total - MIN(finished, pr->total);
	guint fill = pr->total ? WIDTH * finished / pr->total : WIDTH;
	g_autofree char *el = clock_text(elapsed);
	g_autofree char *eta = NULL;
	char bar[WIDTH + 1];
	int len;

	if (!pr->tty)
		return;
	for (guint i = 0; i < WIDTH; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[WIDTH] = '\0';
	if (pr->done)
		eta = clock_text(elapsed / pr->done * left);
	len = fprintf(stderr, "\r[%s] %u/%u done, %u running, %u failed, "
		      "%s elapsed%s%s%s", bar, finished, pr->total,
		      pr->running, pr->failed, el, eta ? ", ~" : "",
		      eta ? eta : "", eta ? " left" : "");
	/* blank what a longer line before left behind */
	if (len > 0 && (guint)len - 1 < pr->shown)
		fprintf(stderr, "%*s", (int)(pr->shown - len + 1), "");
	pr->shown = MAX(pr->shown, (guint)MAX(len - 1, 0));
	fflush(stderr);
}

/**
 * sim_progress_point() - count one finished point and report it.
 * @pr: progress
 * @index: the point's index, from 0 as in point files and --only-point
 * @label: the point, for the plain line
 * @why: NULL if the point succeeded, else why it failed
 */
void sim_progress_point(struct sim_progress *pr, guint index,
			const char *label, const char *why)
{
	pr->done++;
	/* the pool counts it as running until ->done returns */
	if (pr->running)
		pr->running--;
	if (why)
		pr->failed++;
	if (pr->tty) {
		sim_progress_show(pr);
		return;
	}
	if (!pr->plain)
		return;
	if (why) {
		g_autofree char *line = g_strdup(why);

		g_strdelimit(line, "\r\n", ' ');
		fprintf(stderr, "napisim: point %u failed%s%s%s: %s\n", index,
			*label ? " (" : "", label, *label ? ")" : "",
			g_strchomp(line));
	} else {
		fprintf(stderr, "napisim: point %u done%s%s%s, %u of %u "
			"finished\n", index, *label ? " (" : "", label,
			*label ? ")" : "", pr->skipped + pr->done, pr->total);
	}
	fflush(stderr);
}

/**
 * sim_progress_clear() - erase the progress line (terminal only).
 * @pr: progress
 */
void sim_progress_clear(struct sim_progress *pr)
{
	if (!pr->tty || !pr->shown)
		return;
	fprintf(stderr, "\r%*s\r", (int)pr->shown, "");
	fflush(stderr);
	pr->shown = 0;
}
