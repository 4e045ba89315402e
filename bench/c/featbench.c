/*
 * The features benchmark: what a C proxy pays, through the C ABI (libmssip.a), for the work
 * it asks of the library per message once the message is parsed:
 *
 *   nat        mssip_nat_process of the MS-SIPRE 4.4 REGISTER (Contact proxy=replace steps
 *              and the Via stamp); the message is parsed and freed in each call, so the
 *              table also shows parse + free alone and the difference
 *   reg-new    mssip_registrar_process of a REGISTER that adds a binding (a new AOR each
 *              call, the registrar growing from empty), the 200 freed
 *   reg-refresh mssip_registrar_process of a REGISTER that refreshes the one binding of an
 *              AOR (same Call-ID, next CSeq), the 200 freed
 *   lookup-N   mssip_registrar_targets for an INVITE to a registered AOR, with N bindings
 *              held (one per AOR), the target read and the list freed
 *
 * The REGISTERs are the 4.4 REGISTER as NAT processing leaves it (the stored Contact is the
 * rewritten one), with the AOR and CSeq changed; every message is parsed before the clock
 * starts. Every answer is checked once before timing (200, one target).
 *
 * Usage: featbench [--iters N] [--runs N] [--warmup N] [--only NAME]
 * (--only runs the benchmarks whose name contains NAME, e.g. under callgrind.)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mssip.h"
#include "timing.h"

/* MS-SIPRE 4.4, wire form (the printed space after each ';' is typesetting). */
#define REG_4_4                                                                              \
	"REGISTER sip:contoso.com SIP/2.0\r\n"                                               \
	"From: <sip:alice@contoso.com>;tag=33975904fc;epid=01010101\r\n"                     \
	"To: <sip:alice@contoso.com>\r\n"                                                    \
	"Call-ID: 21c7d6e384c249afac26e3f3016140a6\r\n"                                      \
	"CSeq: 88 REGISTER\r\n"                                                              \
	"Via: SIP/2.0/TLS 192.0.2.1:27221\r\n"                                               \
	"Contact: <sip:192.0.2.1:27221;transport=tls;ms-opaque=29c344caf9>;methods=\"INVITE, " \
	"MESSAGE, INFO, OPTIONS, BYE, CANCEL, NOTIFY, ACK, REFER, BENOTIFY\";proxy=replace;" \
	"+sip.instance=\"<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>\"\r\n"              \
	"\r\n"

/* The same REGISTER for AOR user `u` with CSeq `cseq`. */
#define REG_FMT                                                                              \
	"REGISTER sip:contoso.com SIP/2.0\r\n"                                               \
	"From: <sip:%s@contoso.com>;tag=33975904fc;epid=01010101\r\n"                        \
	"To: <sip:%s@contoso.com>\r\n"                                                       \
	"Call-ID: 21c7d6e384c249afac26e3f3016140a6\r\n"                                      \
	"CSeq: %u REGISTER\r\n"                                                              \
	"Via: SIP/2.0/TLS 192.0.2.1:27221\r\n"                                               \
	"Contact: <sip:192.0.2.1:27221;transport=tls;ms-opaque=29c344caf9>;methods=\"INVITE, " \
	"MESSAGE, INFO, OPTIONS, BYE, CANCEL, NOTIFY, ACK, REFER, BENOTIFY\";proxy=replace;" \
	"+sip.instance=\"<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>\"\r\n"              \
	"\r\n"

#define INVITE_FMT                                                                           \
	"INVITE sip:%s@contoso.com SIP/2.0\r\n"                                              \
	"Via: SIP/2.0/TLS 192.0.2.2:5061;branch=z9hG4bK9\r\n"                                \
	"Max-Forwards: 70\r\nFrom: <sip:bob@contoso.com>;tag=b1\r\n"                         \
	"To: <sip:%s@contoso.com>\r\nCall-ID: call1\r\nCSeq: 1 INVITE\r\n"                   \
	"Content-Length: 0\r\n\r\n"

#define NOW_S 1000
#define LOOKUP_MSGS 1024

static const mssip_peer PEER = {MSSIP_TRANSPORT_TLS, "192.168.0.2", 1201, 0x3540900};

static void die(const char *what, mssip_result r)
{
	fprintf(stderr, "featbench: %s: %s (%s)\n", what, mssip_result_str(r), mssip_last_error());
	exit(1);
}

static void ok(const char *what, mssip_result r)
{
	if (r != MSSIP_OK)
		die(what, r);
}

static mssip_msg *parse(const char *text)
{
	mssip_msg *m = NULL;

	ok("parse", mssip_msg_parse((const uint8_t *)text, strlen(text), &m));
	return m;
}

/* A REGISTER for `user` with `cseq`, parsed and NAT-processed as a registrar gets it. */
static mssip_msg *register_for(const char *user, unsigned cseq)
{
	char text[1024];
	mssip_nat_verdict v;
	mssip_msg *m;

	snprintf(text, sizeof text, REG_FMT, user, user, cseq);
	m = parse(text);
	ok("nat", mssip_nat_process(m, &PEER, &v));
	if (v != MSSIP_NAT_FORWARD)
		die("nat verdict", MSSIP_E_INVALID_ARGUMENT);
	return m;
}

static void user_name(char *out, size_t cap, unsigned i)
{
	snprintf(out, cap, "user%u", i);
}

/* Runs `req` through `reg`, the response freed; its status. */
static uint16_t process(mssip_registrar *reg, const mssip_msg *req)
{
	mssip_msg *resp = NULL;
	uint16_t status = 0;

	ok("registrar", mssip_registrar_process(reg, req, &PEER, NOW_S, &resp));
	mssip_msg_status(resp, &status);
	mssip_msg_free(resp);
	return status;
}

static mssip_registrar *new_registrar(void)
{
	mssip_registrar *reg = NULL;

	ok("registrar_new", mssip_registrar_new("contoso.com", &reg));
	return reg;
}

struct plan {
	unsigned warmup, iters, runs;
};

/* One benchmark: `prepare` before every run (not timed), then `step(ctx, i)` for
 * i = 0 .. iters-1 timed. */
struct bench {
	const char *name;
	void (*prepare)(void *ctx);
	int64_t (*step)(void *ctx, unsigned i);
	void *ctx;
};

static double run_ns(const struct bench *b, unsigned iters)
{
	double t0;
	unsigned i;

	if (b->prepare)
		b->prepare(b->ctx);
	t0 = bench_now_ns();
	for (i = 0; i < iters; i++)
		bench_sink += b->step(b->ctx, i);
	return (bench_now_ns() - t0) / iters;
}

/* Best nanoseconds per step over the runs, after one warm-up run. */
static double best_ns(const struct bench *b, const struct plan *p)
{
	double best = -1;
	unsigned run;

	if (p->warmup)
		(void)run_ns(b, p->warmup < p->iters ? p->warmup : p->iters);
	for (run = 0; run < p->runs; run++) {
		double t = run_ns(b, p->iters);

		if (best < 0 || t < best)
			best = t;
	}
	return best;
}

/* --- nat ------------------------------------------------------------------------------ */

static int64_t step_parse(void *ctx, unsigned i)
{
	mssip_msg *m = NULL;

	(void)ctx;
	(void)i;
	if (mssip_msg_parse((const uint8_t *)REG_4_4, sizeof REG_4_4 - 1, &m) != MSSIP_OK)
		return -1;
	mssip_msg_free(m);
	return 1;
}

static int64_t step_nat(void *ctx, unsigned i)
{
	mssip_msg *m = NULL;
	mssip_nat_verdict v = MSSIP_NAT_DISCARD;

	(void)ctx;
	(void)i;
	if (mssip_msg_parse((const uint8_t *)REG_4_4, sizeof REG_4_4 - 1, &m) != MSSIP_OK)
		return -1;
	if (mssip_nat_process(m, &PEER, &v) != MSSIP_OK)
		v = MSSIP_NAT_DISCARD;
	mssip_msg_free(m);
	return (int64_t)v;
}

/* --- registrar ------------------------------------------------------------------------- */

struct reg_ctx {
	mssip_registrar *reg;
	mssip_msg **msgs; /* new: one AOR each; refresh: msgs[0] registers, msgs[1..] refresh */
	unsigned n;
};

static void prepare_new(void *ctx)
{
	struct reg_ctx *c = ctx;

	mssip_registrar_free(c->reg);
	c->reg = new_registrar();
}

static void prepare_refresh(void *ctx)
{
	struct reg_ctx *c = ctx;

	mssip_registrar_free(c->reg);
	c->reg = new_registrar();
	if (process(c->reg, c->msgs[0]) != 200)
		die("first REGISTER not 200", MSSIP_E_INVALID_ARGUMENT);
}

static int64_t step_register(mssip_registrar *reg, const mssip_msg *req)
{
	mssip_msg *resp = NULL;

	if (mssip_registrar_process(reg, req, &PEER, NOW_S, &resp) != MSSIP_OK)
		return -1;
	mssip_msg_free(resp);
	return 1;
}

static int64_t step_new(void *ctx, unsigned i)
{
	struct reg_ctx *c = ctx;

	return step_register(c->reg, c->msgs[i]);
}

static int64_t step_refresh(void *ctx, unsigned i)
{
	struct reg_ctx *c = ctx;

	return step_register(c->reg, c->msgs[i + 1]);
}

/* --- lookup ---------------------------------------------------------------------------- */

struct lookup_ctx {
	mssip_registrar *reg;
	mssip_msg *invites[LOOKUP_MSGS];
};

static int64_t step_lookup(void *ctx, unsigned i)
{
	struct lookup_ctx *c = ctx;
	mssip_targets *t = NULL;
	mssip_target one;
	size_t n = 0;

	if (mssip_registrar_targets(c->reg, c->invites[i % LOOKUP_MSGS], NOW_S, &t) != MSSIP_OK)
		return -1;
	mssip_targets_count(t, &n);
	if (n)
		mssip_targets_get(t, 0, &one);
	mssip_targets_free(t);
	return (int64_t)n;
}

/* A registrar holding `bindings` bindings (AORs user0 ..), and INVITEs to AORs spread over
 * them. */
static void lookup_setup(struct lookup_ctx *c, unsigned bindings)
{
	char user[32], text[1024];
	unsigned i;

	c->reg = new_registrar();
	for (i = 0; i < bindings; i++) {
		mssip_msg *m;

		user_name(user, sizeof user, i);
		m = register_for(user, 1);
		if (process(c->reg, m) != 200)
			die("REGISTER for lookup not 200", MSSIP_E_INVALID_ARGUMENT);
		mssip_msg_free(m);
	}
	for (i = 0; i < LOOKUP_MSGS; i++) {
		user_name(user, sizeof user, (unsigned)((uint64_t)i * bindings / LOOKUP_MSGS));
		snprintf(text, sizeof text, INVITE_FMT, user, user);
		c->invites[i] = parse(text);
	}
	if (step_lookup(c, 0) != 1)
		die("lookup gives no single target", MSSIP_E_INVALID_ARGUMENT);
}

static void lookup_free(struct lookup_ctx *c)
{
	unsigned i;

	for (i = 0; i < LOOKUP_MSGS; i++)
		mssip_msg_free(c->invites[i]);
	mssip_registrar_free(c->reg);
}

/* --- main ------------------------------------------------------------------------------ */

static void usage(void)
{
	fprintf(stderr, "usage: featbench [--iters N] [--runs N] [--warmup N] [--only NAME]\n");
	exit(2);
}

static int wanted(const char *only, const char *name)
{
	return !only || strstr(name, only) != NULL;
}

static void row(const char *name, const char *what, double ns)
{
	printf("%-18s %10.0f  %s\n", name, ns, what);
}

int main(int argc, char **argv)
{
	struct plan plan = {1000, 10000, 7};
	static const unsigned SIZES[] = {1000, 10000, 100000};
	const char *only = NULL;
	char cpu[256], user[32];
	int a;
	unsigned i, k;

	for (a = 1; a < argc; a++) {
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
		else
			usage();
	}
	if (!plan.iters || !plan.runs)
		usage();

	bench_cpu_model(cpu, sizeof cpu);
	printf("Features through the C ABI (libmssip.a): %s\n", cpu);
	printf("mssip %s; plan: warm-up run of %u calls, best of %u runs x %u calls; ns = wall "
	       "time per call\n\n",
	       mssip_version(), plan.warmup, plan.runs, plan.iters);
	printf("%-18s %10s  %s\n", "benchmark", "ns/op", "what");

	{
		struct bench parse_b = {"parse", NULL, step_parse, NULL};
		struct bench nat_b = {"nat", NULL, step_nat, NULL};
		double p = -1, n = -1;

		if (step_nat(NULL, 0) != MSSIP_NAT_FORWARD || step_parse(NULL, 0) != 1)
			die("4.4 REGISTER not forwarded", MSSIP_E_INVALID_ARGUMENT);
		if (wanted(only, "nat-parse-free")) {
			p = best_ns(&parse_b, &plan);
			row("nat-parse-free", "parse + free of the 4.4 REGISTER (baseline)", p);
		}
		if (wanted(only, "nat-with-parse")) {
			n = best_ns(&nat_b, &plan);
			row("nat-with-parse", "parse + mssip_nat_process + free", n);
		}
		if (p >= 0 && n >= 0)
			row("nat", "mssip_nat_process: Contact proxy=replace + Via stamp (difference)",
			    n - p);
	}

	if (wanted(only, "reg-new") || wanted(only, "reg-refresh")) {
		unsigned count = plan.iters > plan.warmup ? plan.iters : plan.warmup;
		struct reg_ctx c = {NULL, calloc(count + 1, sizeof(mssip_msg *)), count + 1};

		if (!c.msgs)
			die("out of memory", MSSIP_E_INVALID_ARGUMENT);
		if (wanted(only, "reg-new")) {
			struct bench b = {"reg-new", prepare_new, step_new, &c};

			for (i = 0; i < c.n; i++) {
				user_name(user, sizeof user, i);
				c.msgs[i] = register_for(user, 1);
			}
			prepare_new(&c);
			if (process(c.reg, c.msgs[0]) != 200)
				die("new REGISTER not 200", MSSIP_E_INVALID_ARGUMENT);
			row("reg-new", "mssip_registrar_process: a new binding (+ free of the 200)",
			    best_ns(&b, &plan));
			for (i = 0; i < c.n; i++)
				mssip_msg_free(c.msgs[i]);
		}
		if (wanted(only, "reg-refresh")) {
			struct bench b = {"reg-refresh", prepare_refresh, step_refresh, &c};

			for (i = 0; i < c.n; i++)
				c.msgs[i] = register_for("alice", i + 1);
			prepare_refresh(&c);
			if (process(c.reg, c.msgs[1]) != 200)
				die("refresh not 200", MSSIP_E_INVALID_ARGUMENT);
			row("reg-refresh", "mssip_registrar_process: refresh of a binding (+ free of the 200)",
			    best_ns(&b, &plan));
			for (i = 0; i < c.n; i++)
				mssip_msg_free(c.msgs[i]);
		}
		mssip_registrar_free(c.reg);
		free(c.msgs);
	}

	for (k = 0; k < sizeof SIZES / sizeof SIZES[0]; k++) {
		char name[32], what[96];
		static struct lookup_ctx c;
		struct bench b = {name, NULL, step_lookup, &c};

		snprintf(name, sizeof name, "lookup-%u", SIZES[k]);
		if (!wanted(only, name))
			continue;
		lookup_setup(&c, SIZES[k]);
		snprintf(what, sizeof what,
			 "mssip_registrar_targets, %u bindings held (+ target read, list freed)",
			 SIZES[k]);
		row(name, what, best_ns(&b, &plan));
		lookup_free(&c);
	}
	printf("\ngoals: nat < 1000 ns, reg-refresh < 3000 ns, lookup-N independent of N\n");
	return 0;
}
