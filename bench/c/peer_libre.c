/*
 * libre peer: sip_msg_decode(), then libre's own decoders for what it leaves raw.
 */
#include "facts.h"

#include <re.h>

static void re_count_param(const struct pl *name, const struct pl *val, void *arg)
{
	(void)name;
	(void)val;
	++*(uint32_t *)arg;
}

static int re_count_uri_param(const struct pl *name, const struct pl *val, void *arg)
{
	(void)name;
	(void)val;
	++*(uint32_t *)arg;
	return 0;
}

struct re_walk {
	struct bench_facts *f;
	int err;
};

/* sip_msg_decode decodes only the first Via: reuse that one, decode every other value. */
static bool re_via(const struct sip_hdr *hdr, const struct sip_msg *msg, void *arg)
{
	struct re_walk *w = arg;
	struct sip_via decoded;
	const struct sip_via *via = &msg->via;
	struct pl host, port;

	if (hdr->val.p != msg->via.val.p || hdr->val.l != msg->via.val.l) {
		memset(&decoded, 0, sizeof(decoded));
		if (sip_via_decode(&decoded, &hdr->val) != 0) {
			w->err = EBADMSG;
			return true;
		}
		via = &decoded;
	}
	if (uri_decode_hostport(&via->sentby, &host, &port) != 0) {
		w->err = EBADMSG;
		return true;
	}
	w->f->vias++;
	fmt_param_apply(&via->params, re_count_param, &w->f->via_params);
	w->f->via_host_len += (uint32_t)host.l;
	w->f->via_port_sum += pl_u32(&port);
	w->f->via_branch_len += (uint32_t)via->branch.l;
	return false;
}

/* sip_msg_decode leaves Contact raw: decode every value. */
static bool re_contact(const struct sip_hdr *hdr, const struct sip_msg *msg, void *arg)
{
	struct re_walk *w = arg;
	struct sip_addr addr;
	(void)msg;

	if (sip_addr_decode(&addr, &hdr->val) != 0) {
		w->err = EBADMSG;
		return true;
	}
	w->f->contacts++;
	fmt_param_apply(&addr.params, re_count_param, &w->f->contact_params);
	uri_params_apply(&addr.uri.params, re_count_uri_param, &w->f->contact_uri_params);
	w->f->contact_user_len += (uint32_t)addr.uri.user.l;
	w->f->contact_host_len += (uint32_t)addr.uri.host.l;
	w->f->contact_port_sum += addr.uri.port;
	return false;
}

int64_t bench_libre(const uint8_t *buf, size_t len, struct bench_facts *f)
{
	struct mbuf *mb;
	struct sip_msg *msg = NULL;
	struct re_walk w;
	struct le *le;
	int64_t sum = -1;

	memset(f, 0, sizeof(*f));
	mb = mbuf_alloc(len);
	if (!mb)
		return -1;
	if (mbuf_write_mem(mb, buf, len) != 0)
		goto out;
	mb->pos = 0;
	if (sip_msg_decode(&msg, mb) != 0)
		goto out;
	if (!pl_isset(&msg->from.auri) || !pl_isset(&msg->to.auri) || !pl_isset(&msg->callid) ||
	    !pl_isset(&msg->cseq.met))
		goto out;

	w.f = f;
	w.err = 0;
	(void)sip_msg_hdr_apply(msg, true, SIP_HDR_VIA, re_via, &w);
	if (w.err || !f->vias)
		goto out;

	/* From and To are decoded by sip_msg_decode (sip_addr_decode + tag). */
	fmt_param_apply(&msg->from.params, re_count_param, &f->from_params);
	f->from_tag_len = (uint32_t)msg->from.tag.l;
	f->from_user_len = (uint32_t)msg->from.uri.user.l;
	f->from_host_len = (uint32_t)msg->from.uri.host.l;
	fmt_param_apply(&msg->to.params, re_count_param, &f->to_params);
	f->to_tag_len = (uint32_t)msg->to.tag.l;
	f->to_user_len = (uint32_t)msg->to.uri.user.l;
	f->to_host_len = (uint32_t)msg->to.uri.host.l;

	f->call_id_len = (uint32_t)msg->callid.l;
	f->cseq_seq = msg->cseq.num;
	f->cseq_method_len = (uint32_t)msg->cseq.met.l;

	(void)sip_msg_hdr_apply(msg, true, SIP_HDR_CONTACT, re_contact, &w);
	if (w.err)
		goto out;

	/* Max-Forwards and Content-Length are only located: decode the numbers. */
	f->max_forwards = pl_isset(&msg->maxfwd) ? pl_u32(&msg->maxfwd) : BENCH_ABSENT;
	f->content_length = pl_isset(&msg->clen) ? pl_u32(&msg->clen) : BENCH_ABSENT;

	for (le = list_head(&msg->hdrl); le; le = le->next) {
		const struct sip_hdr *hdr = le->data;

		f->headers++;
		f->header_bytes += (uint32_t)(hdr->name.l + hdr->val.l);
	}

	sum = bench_fold(f);
out:
	mem_deref(msg);
	mem_deref(mb);
	return sum;
}

/* One-time set-up libre needs before its first parse. 0 on success. */
int bench_libre_init(void)
{
	return libre_init() == 0 ? 0 : -1;
}

#include "reads.h"

struct re_reads {
	struct bench_reads *r;
	int err;
};

static bool re_count_via(const struct sip_hdr *hdr, const struct sip_msg *msg, void *arg)
{
	(void)hdr;
	(void)msg;
	((struct re_reads *)arg)->r->vias++;
	return false;
}

static bool re_read_contact(const struct sip_hdr *hdr, const struct sip_msg *msg, void *arg)
{
	struct re_reads *w = arg;
	struct sip_addr addr;
	struct pl expires;
	(void)msg;

	if (sip_addr_decode(&addr, &hdr->val) != 0) {
		w->err = EBADMSG;
		return true;
	}
	w->r->contacts++;
	w->r->contact_host_len += (uint32_t)addr.uri.host.l;
	w->r->contact_port_sum += addr.uri.port;
	if (msg_param_decode(&addr.params, "expires", &expires) == 0)
		w->r->contact_expires_sum += pl_u32(&expires);
	return false;
}

/* The C benchmark's reads (reads.h), from libre's structs and decoders. */
int64_t bench_libre_reads(const uint8_t *buf, size_t len, struct bench_reads *r)
{
	struct mbuf *mb;
	struct sip_msg *msg = NULL;
	struct re_reads w;
	struct pl val;
	int64_t sum = -1;

	memset(r, 0, sizeof(*r));
	mb = mbuf_alloc(len);
	if (!mb)
		return -1;
	if (mbuf_write_mem(mb, buf, len) != 0)
		goto out;
	mb->pos = 0;
	if (sip_msg_decode(&msg, mb) != 0)
		goto out;
	if (!pl_isset(&msg->from.auri) || !pl_isset(&msg->to.auri) || !pl_isset(&msg->callid) ||
	    !pl_isset(&msg->cseq.met) || !pl_isset(&msg->via.sentby))
		goto out;

	w.r = r;
	w.err = 0;
	(void)sip_msg_hdr_apply(msg, true, SIP_HDR_VIA, re_count_via, &w);
	/* sip_msg_decode decodes the top Via (branch included). */
	r->via_branch_len = (uint32_t)msg->via.branch.l;
	if (msg_param_decode(&msg->via.params, "received", &val) == 0)
		r->via_received_len = (uint32_t)val.l;
	if (msg_param_exists(&msg->via.params, "rport", &val) == 0)
		r->via_rport = msg_param_decode(&msg->via.params, "rport", &val) == 0
				       ? 1 + pl_u32(&val)
				       : 1;

	r->from_tag_len = (uint32_t)msg->from.tag.l;
	r->from_host_len = (uint32_t)msg->from.uri.host.l;
	r->to_tag_len = (uint32_t)msg->to.tag.l;
	r->to_host_len = (uint32_t)msg->to.uri.host.l;
	r->call_id_len = (uint32_t)msg->callid.l;
	r->cseq_seq = msg->cseq.num;
	r->cseq_method_len = (uint32_t)msg->cseq.met.l;

	(void)sip_msg_hdr_apply(msg, true, SIP_HDR_CONTACT, re_read_contact, &w);
	if (w.err)
		goto out;
	r->max_forwards = pl_isset(&msg->maxfwd) ? pl_u32(&msg->maxfwd) : BENCH_READS_ABSENT;
	r->content_length = pl_isset(&msg->clen) ? pl_u32(&msg->clen) : BENCH_READS_ABSENT;

	sum = bench_reads_fold(r);
out:
	mem_deref(msg);
	mem_deref(mb);
	return sum;
}
