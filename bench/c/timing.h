/*
 * Timing helpers shared by the C benchmarks (cbench.c, featbench.c): a monotonic clock in
 * nanoseconds, the CPU model for the header of a table, and a sink that keeps results from
 * being optimised away.
 */
#ifndef BENCH_TIMING_H
#define BENCH_TIMING_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static volatile int64_t bench_sink;

/* Monotonic time in nanoseconds. */
static inline double bench_now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

/* The "model name" line of /proc/cpuinfo, or "unknown CPU". */
static inline void bench_cpu_model(char *out, size_t cap)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512];

	snprintf(out, cap, "unknown CPU");
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		char *c = strchr(line, ':');

		if (strncmp(line, "model name", 10) == 0 && c) {
			snprintf(out, cap, "%s", c + 2);
			out[strcspn(out, "\n")] = 0;
			break;
		}
	}
	fclose(f);
}

#endif
