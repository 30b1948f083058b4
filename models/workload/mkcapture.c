/*
 * models/workload/mkcapture.c - write the captures the project ships,
 * with libpcap (pcap_open_dead(), pcap_dump()); nothing is downloaded.
 *
 *   mkcapture replay scenarios/traffic/replay.pcap
 *   mkcapture sll tests/bad/not-ethernet.pcap
 *
 * replay: the 1000 frames of models/workload/test-capture.c; sll: one
 * frame with link type LINUX_SLL (tcpdump -i any), which napisim must
 * refuse.  models/workload/source-test checks that the shipped files
 * hold what this writes.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib.h>
#include <pcap/pcap.h>

#include "models/workload/test-capture.h"

int main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GArray) frames = NULL;
	gboolean ok;

	if (argc != 3 || (strcmp(argv[1], "replay") != 0 &&
			  strcmp(argv[1], "sll") != 0)) {
		fprintf(stderr, "usage: mkcapture replay|sll FILE\n");
		return 2;
	}
	if (strcmp(argv[1], "replay") == 0) {
		frames = replay_capture_frames();
		ok = cap_write(argv[2], frames, DLT_EN10MB, REPLAY_SNAPLEN,
			       FALSE, &error);
	} else {
		struct cap_frame f = cap_ether(0, 60, 0x0800, 96);

		frames = g_array_new(FALSE, FALSE, sizeof(struct cap_frame));
		g_array_append_val(frames, f);
		ok = cap_write(argv[2], frames, DLT_LINUX_SLL, 96, FALSE,
			       &error);
	}
	if (!ok) {
		fprintf(stderr, "mkcapture: %s: %s\n", argv[2],
			error->message);
		return 1;
	}
	return 0;
}
