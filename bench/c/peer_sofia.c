/*
 * sofia-sip peer: msg_make() with the SIP message class, then the typed header structs.
 */
#include "facts.h"

#include <sofia-sip/msg.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>

static uint32_t sofia_params(msg_param_t const *p)
{
	uint32_t n = 0;

	for (; p && *p; p++)
		n++;
	return n;
}

/* sofia keeps URI parameters as one raw "a;b=c" string; count its non-empty elements. */
static uint32_t sofia_uri_params(const char *s)
{
	uint32_t n = 0;
	int in_item = 0;

	for (; s && *s; s++) {
		if (*s == ';') {
			in_item = 0;
		} else if (!in_item) {
			in_item = 1;
			n++;
		}
	}
	return n;
}

int64_t bench_sofia(const uint8_t *buf, size_t len, struct bench_facts *f)
{
	msg_t *msg;
	sip_t *sip;
	sip_via_t *v;
	sip_contact_t *m;
	msg_header_t *h;
	int64_t sum = -1;

	memset(f, 0, sizeof(*f));
	msg = msg_make(sip_default_mclass(), 0, buf, (ssize_t)len);
	if (!msg)
		return -1;
	sip = sip_object(msg);
	if (!sip || msg_has_error(msg) || sip->sip_error || !sip->sip_via || !sip->sip_from ||
	    !sip->sip_to || !sip->sip_call_id || !sip->sip_cseq)
		goto out;

	for (v = sip->sip_via; v; v = v->v_next) {
		f->vias++;
		f->via_params += sofia_params(v->v_params);
		f->via_host_len += slen(v->v_host);
		f->via_port_sum += snum(v->v_port);
		f->via_branch_len += slen(v->v_branch);
	}

	f->from_params = sofia_params(sip->sip_from->a_params);
	f->from_tag_len = slen(sip->sip_from->a_tag);
	f->from_user_len = slen(sip->sip_from->a_url->url_user);
	f->from_host_len = slen(sip->sip_from->a_url->url_host);
	f->to_params = sofia_params(sip->sip_to->a_params);
	f->to_tag_len = slen(sip->sip_to->a_tag);
	f->to_user_len = slen(sip->sip_to->a_url->url_user);
	f->to_host_len = slen(sip->sip_to->a_url->url_host);

	f->call_id_len = slen(sip->sip_call_id->i_id);
	f->cseq_seq = sip->sip_cseq->cs_seq;
	f->cseq_method_len = slen(sip->sip_cseq->cs_method_name);

	for (m = sip->sip_contact; m; m = m->m_next) {
		f->contacts++;
		f->contact_params += sofia_params(m->m_params);
		f->contact_uri_params += sofia_uri_params(m->m_url->url_params);
		f->contact_user_len += slen(m->m_url->url_user);
		f->contact_host_len += slen(m->m_url->url_host);
		f->contact_port_sum += snum(m->m_url->url_port);
	}

	f->max_forwards =
		sip->sip_max_forwards ? (uint32_t)sip->sip_max_forwards->mf_count : BENCH_ABSENT;
	f->content_length =
		sip->sip_content_length ? sip->sip_content_length->l_length : BENCH_ABSENT;

	/* Every fragment in wire order, starting at the request or status line. Parsed in place,
	 * fragments keep no text of their own: count the names (unknown headers carry theirs). */
	h = sip->sip_request ? (msg_header_t *)sip->sip_request : (msg_header_t *)sip->sip_status;
	for (; h; h = h->sh_succ) {
		f->headers++;
		if (h->sh_class == sip_unknown_class)
			f->header_bytes += slen(h->sh_unknown->un_name) + slen(h->sh_unknown->un_value);
		else if (h->sh_class->hc_name)
			f->header_bytes += (uint32_t)h->sh_class->hc_len;
	}

	sum = bench_fold(f);
out:
	msg_destroy(msg);
	return sum;
}


#include "reads.h"

/* The C benchmark's reads (reads.h), from sofia-sip's structs. */
int64_t bench_sofia_reads(const uint8_t *buf, size_t len, struct bench_reads *r)
{
	msg_t *msg;
	sip_t *sip;
	sip_via_t *v;
	sip_contact_t *m;
	int64_t sum = -1;

	memset(r, 0, sizeof(*r));
	msg = msg_make(sip_default_mclass(), 0, buf, (ssize_t)len);
	if (!msg)
		return -1;
	sip = sip_object(msg);
	if (!sip || msg_has_error(msg) || sip->sip_error || !sip->sip_via || !sip->sip_from ||
	    !sip->sip_to || !sip->sip_call_id || !sip->sip_cseq)
		goto out;

	for (v = sip->sip_via; v; v = v->v_next)
		r->vias++;
	v = sip->sip_via;
	r->via_branch_len = slen(v->v_branch);
	r->via_received_len = slen(v->v_received);
	r->via_rport = v->v_rport ? 1 + snum(v->v_rport) : 0;

	r->from_tag_len = slen(sip->sip_from->a_tag);
	r->from_host_len = slen(sip->sip_from->a_url->url_host);
	r->to_tag_len = slen(sip->sip_to->a_tag);
	r->to_host_len = slen(sip->sip_to->a_url->url_host);
	r->call_id_len = slen(sip->sip_call_id->i_id);
	r->cseq_seq = sip->sip_cseq->cs_seq;
	r->cseq_method_len = slen(sip->sip_cseq->cs_method_name);

	for (m = sip->sip_contact; m; m = m->m_next) {
		r->contacts++;
		r->contact_host_len += slen(m->m_url->url_host);
		r->contact_port_sum += snum(m->m_url->url_port);
		r->contact_expires_sum += snum(m->m_expires);
	}
	r->max_forwards =
		sip->sip_max_forwards ? (uint32_t)sip->sip_max_forwards->mf_count : BENCH_READS_ABSENT;
	r->content_length =
		sip->sip_content_length ? sip->sip_content_length->l_length : BENCH_READS_ABSENT;

	sum = bench_reads_fold(r);
out:
	msg_destroy(msg);
	return sum;
}
