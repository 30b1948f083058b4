/*
 * sim/engine/sg.cpp - SimGrid glue; see sim/engine/sg.h.
 */
#include "config.h"

#include <csignal>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <simgrid/s4u.hpp>
#include <simgrid/plugins/energy.h>
#include <xbt/log.h>

extern "C" {
#include "sim/engine/cpu.h"
#include "sim/engine/sg.h"
}

namespace sg4 = simgrid::s4u;

static std::vector<sg4::Host *> cpu_hosts;
static std::vector<sg4::ExecPtr> cpu_exec;
static sg4::Host *board;
static double cpu_hz;
static uint64_t calls;

/*
 * The context factories Debian's libsimgrid 3.32 is built with.  raw
 * switches stacks with its own assembly, the fastest; thread runs each
 * actor on a real thread, which AddressSanitizer follows (it cannot
 * follow raw's or boost's stack switching, and warns about ucontext's).
 */
static const char *const factories[] = { "raw", "boost", "ucontext",
					 "thread" };

extern "C" const char *sim_sg_context_factory(GError **error)
{
	const char *name = g_getenv(SIM_SG_FACTORY_ENV);

	if (!name)
		return "raw";
	for (const char *f : factories)
		if (strcmp(name, f) == 0)
			return f;
	g_set_error(error, g_quark_from_static_string("sim-sg-error"), 0,
		    "%s=%s: unknown SimGrid context factory (expected raw, "
		    "boost, ucontext or thread)", SIM_SG_FACTORY_ENV, name);
	return NULL;
}

extern "C" gboolean sim_sg_init(uint32_t ncpu, uint32_t mhz,
				const struct sim_sg_power *power,
				GError **error)
{
	const char *factory = sim_sg_context_factory(error);
	struct sigaction old_int;
	std::string arg0 = "napisim";
	/* SimGrid's own INFO lines would interleave with results */
	std::string log = "--log=root.thresh:warning";
	/* the factory is chosen as the engine starts: set_config() is late */
	std::string cfg = std::string("--cfg=contexts/factory:") +
			  (factory ? factory : "");
	char *argv[] = { &arg0[0], &log[0], &cfg[0], nullptr };
	int argc = 3;

	if (!factory)
		return FALSE;
	/*
	 * The engine installs a SIGINT handler that prints the actors'
	 * state and exits; a Ctrl-C is the commands' to handle, and a
	 * child simulating a point should just die of it.
	 */
	sigaction(SIGINT, nullptr, &old_int);
	try {
		static sg4::Engine engine(&argc, argv);

		sigaction(SIGINT, &old_int, nullptr);
		sg4::Engine::set_config("surf/precision:1e-12");
		sg_host_energy_plugin_init();
		cpu_hz = mhz * 1e6;
		auto *zone = sg4::create_full_zone("machine");
		char watts[64];

		snprintf(watts, sizeof(watts), "%.3f:%.3f:%.3f", power->idle_w,
			 power->busy_w, power->busy_w);
		for (uint32_t i = 0; i < ncpu; i++) {
			auto *h = zone->create_host("cpu" + std::to_string(i),
						    cpu_hz);
			h->set_core_count(1);
			h->set_property("wattage_per_state", watts);
			h->set_property("wattage_off", "0");
			h->seal();
			cpu_hosts.push_back(h);
		}
		board = zone->create_host("board", 1.0);
		board->set_property("wattage_per_state", "0:0:0");
		board->set_property("wattage_off", "0");
		board->seal();
		zone->seal();
		cpu_exec.resize(ncpu);
	} catch (const std::exception &e) {
		g_set_error(error, g_quark_from_static_string("sim-sg-error"),
			    0, "SimGrid: %s", e.what());
		return FALSE;
	}
	return TRUE;
}

extern "C" void sim_sg_run(void (*fn)(void *data), void *data)
{
	sg4::Actor::create("event-loop", board, [fn, data]() { fn(data); });
	sg4::Engine::get_instance()->run();
}

extern "C" void sim_sg_sync(struct sim *sim, sim_time_t t)
{
	double target = sim_time_to_s(t);

	for (uint32_t i = 0; i < sim->ncpu; i++) {
		struct sim_cpu *cpu = &sim->cpu[i];
		uint64_t busy = sim_busy_ps(cpu);
		uint64_t delta = busy - cpu->synced_busy_ps;

		if (!delta)
			continue;
		cpu->synced_busy_ps = busy;
		if (cpu_exec[i]) {
			cpu_exec[i]->wait();
			calls++;
		}
		cpu_exec[i] = sg4::this_actor::exec_init(
				sim_time_to_s(delta) * cpu_hz);
		cpu_exec[i]->set_host(cpu_hosts[i]);
		cpu_exec[i]->start();
		calls++;
	}
	if (target > sg4::Engine::get_clock()) {
		sg4::this_actor::sleep_until(target);
		calls++;
	}
	/* model time is authoritative: SimGrid must agree to a picosecond */
	if (std::fabs(sg4::Engine::get_clock() - target) > 1e-12 + target * 1e-15) {
		fprintf(stderr, "napisim: SimGrid clock %.15f s != model %.15f s\n",
			sg4::Engine::get_clock(), target);
		abort();
	}
}

extern "C" uint64_t sim_sg_calls(void)
{
	return calls;
}

extern "C" double sim_sg_energy_j(uint32_t cpu)
{
	return sg_host_get_consumed_energy(cpu_hosts[cpu]);
}
