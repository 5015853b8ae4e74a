/* framelog.c — the benchmarks' timing log (see framelog.h). */
#include "ui/framelog.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* -1: not looked at yet, -2: off, else the open descriptor. */
static int framelog_fd = -1;

void framelog_note(const char *event)
{
	if (framelog_fd == -2)
		return;
	if (framelog_fd == -1) {
		const char *path = getenv("BANKTERM_FRAME_LOG");
		framelog_fd = path != NULL && *path != '\0'
				      ? open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600)
				      : -2;
		if (framelog_fd < 0)
			framelog_fd = -2;
		if (framelog_fd == -2)
			return;
	}
	struct timespec ts, cpu;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
	char line[128];
	int n = snprintf(line, sizeof line, "%s %lld.%09ld %lld.%09ld\n", event,
			 (long long)ts.tv_sec, ts.tv_nsec, (long long)cpu.tv_sec, cpu.tv_nsec);
	if (n > 0 && (size_t)n < sizeof line && write(framelog_fd, line, (size_t)n) < 0)
		framelog_fd = -2;
}
