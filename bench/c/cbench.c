/*
 * The C-side benchmark: what a C proxy gets from mssip through its C ABI (libmssip.a), in
 * the same process and run as sofia-sip's msg_make, oSIP2 and libre doing the same reads
 * from their own structs (peer_*.c).
 *
 * Per message and parser, one call: parse; read every value of Via, From, To, Call-ID,
 * CSeq, Contact, Max-Forwards and Content-Length; the top Via's branch, received and rport;
 * From and To tag and URI host; CSeq number and method; every Contact's URI host, port and
 * expires; Max-Forwards and Content-Length as numbers; free. What each read is folded into
 * a checksum and compared across stacks (reads.h).
 *
 * mssip is measured three ways, to see what each form of the API pays:
 *   values  every value of a header in one call by name (mssip_msg_header_values), typed
 *           views by name
 *   loop    mssip_msg_header(msg, name, i, ...) for i = 0, 1, ... until MSSIP_E_NOT_FOUND
 *   ids     as values, with header ids (mssip_msg_header_values_by_id) instead of names
 *   core    mssip_msg_core for the top Via, From, To, Call-ID, CSeq, Max-Forwards and
 *           Content-Length in one call (as sofia-sip's sip_t holds them), every Via value by
 *           id, every Contact typed in one call (mssip_msg_name_addrs)
 *
 * Usage: cbench DATA_DIR [--iters N] [--runs N] [--warmup N] [--only SUBSTRING]
 *                        [--parser values|loop|ids|core|sofia|osip|libre]
 * (--parser runs one parser only, e.g. under callgrind to count its instructions.)
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mssip.h"
#include "reads.h"
#include "timing.h"

#define MAX_VALUES 32

/* The reads that all three mssip forms share: typed views and numbers. */
static int mssip_typed(const mssip_msg *m, struct bench_reads *r)
{
	mssip_via via;
	mssip_name_addr addr;
	mssip_str method;
	uint64_t clen;
	uint32_t i;

	if (mssip_msg_via(m, 0, &via) != MSSIP_OK)
		return -1;
	r->via_branch_len = (uint32_t)via.branch.len;
	r->via_received_len = (uint32_t)via.received.len;
	r->via_rport = via.rport.ptr ? 1 + bench_digits(via.rport.ptr, via.rport.len) : 0;

	if (mssip_msg_name_addr(m, "From", 0, &addr) != MSSIP_OK)
		return -1;
	r->from_tag_len = (uint32_t)addr.tag.len;
	r->from_host_len = (uint32_t)addr.uri.host.len;
	if (mssip_msg_name_addr(m, "To", 0, &addr) != MSSIP_OK)
		return -1;
	r->to_tag_len = (uint32_t)addr.tag.len;
	r->to_host_len = (uint32_t)addr.uri.host.len;

	if (mssip_msg_cseq(m, &r->cseq_seq, &method) != MSSIP_OK)
		return -1;
	r->cseq_method_len = (uint32_t)method.len;

	for (i = 0; i < r->contacts; i++) {
		if (mssip_msg_name_addr(m, "Contact", i, &addr) != MSSIP_OK)
			return -1;
		r->contact_host_len += (uint32_t)addr.uri.host.len;
		r->contact_port_sum += addr.uri.port;
		r->contact_expires_sum += bench_digits(addr.expires.ptr, addr.expires.len);
	}

	if (mssip_msg_max_forwards(m, &r->max_forwards) != MSSIP_OK)
		r->max_forwards = BENCH_READS_ABSENT;
	r->content_length = mssip_msg_content_length(m, &clen) == MSSIP_OK ? (uint32_t)clen
									     : BENCH_READS_ABSENT;
	return 0;
}

static const char *const CORE[] = {"Via", "From", "To", "Call-ID", "CSeq", "Contact",
				   "Max-Forwards", "Content-Length"};
static const uint32_t CORE_IDS[] = {MSSIP_HDR_VIA,	   MSSIP_HDR_FROM,	   MSSIP_HDR_TO,
				    MSSIP_HDR_CALL_ID,	   MSSIP_HDR_CSEQ,	   MSSIP_HDR_CONTACT,
				    MSSIP_HDR_MAX_FORWARDS, MSSIP_HDR_CONTENT_LENGTH};
#define NCORE (sizeof CORE / sizeof CORE[0])

enum form { FORM_VALUES, FORM_LOOP, FORM_IDS, FORM_CORE };

/* Every value of the core headers, in the given form; counts Vias and Contacts. */
static int mssip_values(const mssip_msg *m, enum form form, struct bench_reads *r)
{
	mssip_str v[MAX_VALUES];
	size_t n, i, k;

	for (k = 0; k < NCORE; k++) {
		if (form == FORM_LOOP) {
			for (n = 0; mssip_msg_header(m, CORE[k], n, &v[0]) == MSSIP_OK; n++)
				r->value_bytes += (uint32_t)v[0].len;
		} else {
			mssip_result rc = form == FORM_IDS
						  ? mssip_msg_header_values_by_id(m, CORE_IDS[k], v,
										  MAX_VALUES, &n)
						  : mssip_msg_header_values(m, CORE[k], v, MAX_VALUES, &n);
			if (rc != MSSIP_OK)
				return -1;
			for (i = 0; i < n; i++)
				r->value_bytes += (uint32_t)v[i].len;
		}
		if (k == 0)
			r->vias = (uint32_t)n;
		else if (k == 3 && n > 0)
			r->call_id_len = (uint32_t)v[0].len; /* the loop leaves the last one in v[0] */
		else if (k == 5)
			r->contacts = (uint32_t)n;
	}
	return 0;
}

/* The core form: one mssip_msg_core call, every Via value, every Contact typed in one call. */
static int mssip_core_reads(const mssip_msg *m, struct bench_reads *r)
{
	mssip_core c;
	mssip_name_addr addrs[MAX_VALUES];
	mssip_str v[MAX_VALUES];
	size_t n, i;

	if (mssip_msg_core(m, &c) != MSSIP_OK || !(c.present & MSSIP_CORE_VIA))
		return -1;
	if (mssip_msg_header_values_by_id(m, MSSIP_HDR_VIA, v, MAX_VALUES, &n) != MSSIP_OK)
		return -1;
	r->vias = (uint32_t)n;
	for (i = 0; i < n; i++)
		r->value_bytes += (uint32_t)v[i].len;
	r->via_branch_len = (uint32_t)c.via.branch.len;
	r->via_received_len = (uint32_t)c.via.received.len;
	r->via_rport = c.via.rport.ptr ? 1 + bench_digits(c.via.rport.ptr, c.via.rport.len) : 0;
	r->from_tag_len = (uint32_t)c.from.tag.len;
	r->from_host_len = (uint32_t)c.from.uri.host.len;
	r->to_tag_len = (uint32_t)c.to.tag.len;
	r->to_host_len = (uint32_t)c.to.uri.host.len;
	r->call_id_len = (uint32_t)c.call_id.len;
	r->cseq_seq = c.cseq;
	r->cseq_method_len = (uint32_t)c.cseq_method.len;
	r->value_bytes += (uint32_t)(c.from.uri.raw.len + c.to.uri.raw.len + c.call_id.len);

	if (mssip_msg_name_addrs(m, "Contact", addrs, MAX_VALUES, &n) != MSSIP_OK)
		return -1;
	r->contacts = (uint32_t)n;
	for (i = 0; i < n; i++) {
		r->value_bytes += (uint32_t)addrs[i].uri.raw.len;
		r->contact_host_len += (uint32_t)addrs[i].uri.host.len;
		r->contact_port_sum += addrs[i].uri.port;
		r->contact_expires_sum += bench_digits(addrs[i].expires.ptr, addrs[i].expires.len);
	}
	r->max_forwards =
		c.present & MSSIP_CORE_MAX_FORWARDS ? c.max_forwards : BENCH_READS_ABSENT;
	r->content_length =
		c.present & MSSIP_CORE_CONTENT_LENGTH ? (uint32_t)c.content_length : BENCH_READS_ABSENT;
	return 0;
}

static int64_t mssip_reads(const uint8_t *buf, size_t len, struct bench_reads *r, enum form form)
{
	mssip_msg *m = NULL;
	int64_t sum = -1;

	memset(r, 0, sizeof(*r));
	if (mssip_msg_parse(buf, len, &m) != MSSIP_OK)
		return -1;
	if (form == FORM_CORE ? mssip_core_reads(m, r) == 0
			      : mssip_values(m, form, r) == 0 && mssip_typed(m, r) == 0)
		sum = bench_reads_fold(r);
	mssip_msg_free(m);
	return sum;
}

static int64_t run_values(const uint8_t *b, size_t l, struct bench_reads *r)
{
	return mssip_reads(b, l, r, FORM_VALUES);
}

static int64_t run_loop(const uint8_t *b, size_t l, struct bench_reads *r)
{
	return mssip_reads(b, l, r, FORM_LOOP);
}

static int64_t run_ids(const uint8_t *b, size_t l, struct bench_reads *r)
{
	return mssip_reads(b, l, r, FORM_IDS);
}

static int64_t run_core(const uint8_t *b, size_t l, struct bench_reads *r)
{
	return mssip_reads(b, l, r, FORM_CORE);
}

typedef int64_t (*parser_fn)(const uint8_t *, size_t, struct bench_reads *);

static const struct parser {
	const char *name;
	parser_fn run;
	int peer;
} PARSERS[] = {
	{"values", run_values, 0}, {"loop", run_loop, 0},	   {"ids", run_ids, 0},
	{"core", run_core, 0},
	{"sofia", bench_sofia_reads, 1}, {"osip", bench_osip_reads, 1}, {"libre", bench_libre_reads, 1},
};
#define NPARSERS (sizeof PARSERS / sizeof PARSERS[0])

/* The mssip forms whose ratio against the fastest peer is shown: values and core. */
static const unsigned SHOWN[] = {0, 3};
#define NFORMS_SHOWN (sizeof SHOWN / sizeof SHOWN[0])

static const char *const FIELDS[BENCH_READS_COMPARED] = {
	"vias",		 "contacts",	     "via_branch_len",	"via_received_len",
	"via_rport",	 "from_tag_len",     "from_host_len",	"to_tag_len",
	"to_host_len",	 "call_id_len",	     "cseq_seq",	"cseq_method_len",
	"contact_host_len", "contact_port_sum", "contact_expires_sum", "max_forwards",
	"content_length",
};

struct plan {
	unsigned warmup, iters, runs;
};

/* Nanoseconds per call of one run of `iters` calls. */
static double run_ns(unsigned iters, parser_fn f, const uint8_t *b, size_t l)
{
	struct bench_reads r;
	double t0 = bench_now_ns();
	unsigned i;

	for (i = 0; i < iters; i++)
		bench_sink += f(b, l, &r);
	return (bench_now_ns() - t0) / iters;
}

/* Best nanoseconds per call of each parser that `ok` marks: the runs of the parsers take
 * turns (run 1 of each, then run 2 of each, ...), so a burst of load on a shared machine
 * slows every parser alike rather than one of them. */
static void best_ns(const struct plan *p, const uint8_t *b, size_t l, const int *ok, double *ns)
{
	unsigned k, run;

	for (k = 0; k < NPARSERS; k++) {
		ns[k] = -1;
		if (ok[k])
			(void)run_ns(p->warmup, PARSERS[k].run, b, l);
	}
	for (run = 0; run < p->runs; run++)
		for (k = 0; k < NPARSERS; k++) {
			double t;

			if (!ok[k])
				continue;
			t = run_ns(p->iters, PARSERS[k].run, b, l);
			if (ns[k] < 0 || t < ns[k])
				ns[k] = t;
		}
}

struct message {
	char name[128];
	uint8_t *bytes;
	size_t len;
};

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct message *)a)->name, ((const struct message *)b)->name);
}

static size_t load(const char *dir, const char *only, struct message *out, size_t cap)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	if (!d) {
		fprintf(stderr, "cannot open %s: %s\n", dir, strerror(errno));
		exit(1);
	}
	while ((e = readdir(d)) && n < cap) {
		size_t nl = strlen(e->d_name);
		char path[4096];
		FILE *f;
		long sz;

		if (nl < 5 || strcmp(e->d_name + nl - 4, ".sip") != 0 || nl - 4 >= sizeof out->name)
			continue;
		if (only && !strstr(e->d_name, only))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		f = fopen(path, "rb");
		if (!f)
			continue;
		fseek(f, 0, SEEK_END);
		sz = ftell(f);
		fseek(f, 0, SEEK_SET);
		out[n].bytes = malloc(sz > 0 ? (size_t)sz : 1);
		out[n].len = sz > 0 && out[n].bytes ? fread(out[n].bytes, 1, (size_t)sz, f) : 0;
		fclose(f);
		memcpy(out[n].name, e->d_name, nl - 4);
		out[n].name[nl - 4] = 0;
		n++;
	}
	closedir(d);
	qsort(out, n, sizeof *out, by_name);
	return n;
}

static void usage(void)
{
	fprintf(stderr, "usage: cbench DATA_DIR [--iters N] [--runs N] [--warmup N] "
			"[--only SUBSTRING] [--parser NAME]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct plan plan = {2000, 20000, 7};
	const char *only = NULL, *one = NULL;
	static struct message msgs[256];
	size_t n, i, k;
	double ratios_log[NFORMS_SHOWN] = {0};
	unsigned ratios[NFORMS_SHOWN] = {0};
	char cpu[256];
	int a;

	if (argc < 2)
		usage();
	for (a = 2; a < argc; a++) {
		if (a + 1 >= argc)
			usage();
		if (!strcmp(argv[a], "--iters"))
			plan.iters = (unsigned)atoi(argv[++a]);
		else if (!strcmp(argv[a], "--runs"))
			plan.runs = (unsigned)atoi(argv[++a]);
		else if (!strcmp(argv[a], "--warmup"))
			plan.warmup = (unsigned)atoi(argv[++a]);
		else if (!strcmp(argv[a], "--only"))
			only = argv[++a];
		else if (!strcmp(argv[a], "--parser"))
			one = argv[++a];
		else
			usage();
	}
	if (!plan.iters || !plan.runs)
		usage();
	if (bench_osip_init() != 0 || bench_libre_init() != 0) {
		fprintf(stderr, "peer initialisation failed\n");
		return 1;
	}
	n = load(argv[1], only, msgs, sizeof msgs / sizeof msgs[0]);
	if (!n) {
		fprintf(stderr, "no .sip message in %s\n", argv[1]);
		return 1;
	}

	if (one) {
		/* One parser only (for callgrind): run it, print its checksum. */
		for (k = 0; k < NPARSERS && strcmp(PARSERS[k].name, one); k++)
			;
		if (k == NPARSERS)
			usage();
		for (i = 0; i < n; i++) {
			struct bench_reads r;
			unsigned it;

			for (it = 0; it < plan.iters; it++)
				bench_sink += PARSERS[k].run(msgs[i].bytes, msgs[i].len, &r);
			printf("%s %s done\n", msgs[i].name, one);
		}
		return 0;
	}

	bench_cpu_model(cpu, sizeof cpu);
	printf("C ABI benchmark (libmssip.a): %s\n", cpu);
	printf("mssip %s; plan: %u warm-up calls, best of %u runs x %u calls; ns = wall time per "
	       "parse + reads + free\n\n",
	       mssip_version(), plan.warmup, plan.runs, plan.iters);
	printf("%-26s %6s", "message", "bytes");
	for (k = 0; k < NPARSERS; k++)
		printf(" %6s ns", PARSERS[k].name);
	printf(" %11s %11s  check\n", "peer/values", "peer/core");
	for (i = 0; i < n; i++) {
		struct bench_reads want, got;
		double ns[NPARSERS], best_peer = 0;
		int ok[NPARSERS], all_peers = 1, ok_mssip;
		char check[256] = "same";

		ok_mssip = run_values(msgs[i].bytes, msgs[i].len, &want) >= 0;
		for (k = 0; k < NPARSERS; k++) {
			ok[k] = PARSERS[k].run(msgs[i].bytes, msgs[i].len, &got) >= 0;
			if (!ok[k]) {
				if (PARSERS[k].peer)
					all_peers = 0;
				continue;
			}
			if (ok_mssip && memcmp(&got, &want, BENCH_READS_COMPARED * 4) != 0) {
				const uint32_t *g = (const uint32_t *)&got, *w = (const uint32_t *)&want;
				unsigned f;

				for (f = 0; f < BENCH_READS_COMPARED; f++)
					if (g[f] != w[f])
						printf("note: %s: %s %s=%u mssip=%u\n", msgs[i].name,
						       PARSERS[k].name, FIELDS[f], g[f], w[f]);
				snprintf(check + strlen(check), sizeof check - strlen(check), "%s%s",
					 strcmp(check, "same") ? "," : " but differs: ", PARSERS[k].name);
			}
		}
		best_ns(&plan, msgs[i].bytes, msgs[i].len, ok, ns);
		for (k = 0; k < NPARSERS; k++)
			if (PARSERS[k].peer && ns[k] > 0 && (best_peer == 0 || ns[k] < best_peer))
				best_peer = ns[k];
		printf("%-26s %6zu", msgs[i].name, msgs[i].len);
		for (k = 0; k < NPARSERS; k++) {
			if (ns[k] < 0)
				printf(" %9s", "fail");
			else
				printf(" %9.0f", ns[k]);
		}
		for (k = 0; k < NFORMS_SHOWN; k++) {
			double mine = ns[SHOWN[k]];

			if (mine > 0 && best_peer > 0) {
				printf(" %11.2f", best_peer / mine);
				if (all_peers) {
					ratios_log[k] += __builtin_log(best_peer / mine);
					ratios[k]++;
				}
			} else {
				printf(" %11s", "-");
			}
		}
		printf("  %s\n", ok_mssip ? check : "mssip failed");
	}
	printf("%-26s %6s", "geomean*", "");
	for (k = 0; k < NPARSERS; k++)
		printf(" %9s", "");
	for (k = 0; k < NFORMS_SHOWN; k++)
		printf(" %11.2f", ratios[k] ? __builtin_exp(ratios_log[k] / ratios[k]) : 0.0);
	printf("\n\npeer/values, peer/core: time of the fastest C stack that parsed the message / "
	       "mssip's time through the C ABI in that form (> 1: mssip is faster)\n");
	printf("geomean*: over the messages that every stack parsed\n");
	return 0;
}
