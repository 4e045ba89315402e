/*
 * oSIP2 peer: osip_message_parse(), then the typed header structs and generic lists.
 */
#include "facts.h"

#include <osipparser2/osip_parser.h>

static uint32_t osip_tag_len(osip_list_t *params)
{
	osip_generic_param_t *tag = NULL;

	if (osip_generic_param_get_byname(params, "tag", &tag) != OSIP_SUCCESS || !tag)
		return 0;
	return slen(tag->gvalue);
}

static uint32_t osip_list_walk(osip_list_t *l)
{
	osip_list_iterator_t it;
	uint32_t n = 0;
	void *e;

	for (e = osip_list_get_first(l, &it); e; e = osip_list_get_next(&it))
		n++;
	return n;
}

int64_t bench_osip(const uint8_t *buf, size_t len, struct bench_facts *f)
{
	osip_message_t *msg = NULL;
	osip_list_iterator_t it;
	osip_via_t *v;
	osip_contact_t *m;
	osip_header_t *h;
	osip_from_t *from, *to;
	int64_t sum = -1;

	memset(f, 0, sizeof(*f));
	if (osip_message_init(&msg) != OSIP_SUCCESS)
		return -1;
	if (osip_message_parse(msg, (const char *)buf, len) != OSIP_SUCCESS)
		goto out;
	from = msg->from;
	to = msg->to;
	if (!from || !from->url || !to || !to->url || !msg->call_id || !msg->cseq ||
	    osip_list_size(&msg->vias) <= 0)
		goto out;

	for (v = osip_list_get_first(&msg->vias, &it); v; v = osip_list_get_next(&it)) {
		f->vias++;
		f->via_params += osip_list_walk(&v->via_params);
		f->via_host_len += slen(v->host);
		f->via_port_sum += snum(v->port);
		{
			osip_generic_param_t *br = NULL;

			if (osip_via_param_get_byname(v, "branch", &br) == OSIP_SUCCESS && br)
				f->via_branch_len += slen(br->gvalue);
		}
	}

	f->from_params = osip_list_walk(&from->gen_params);
	f->from_tag_len = osip_tag_len(&from->gen_params);
	f->from_user_len = slen(from->url->username);
	f->from_host_len = slen(from->url->host);
	f->to_params = osip_list_walk(&to->gen_params);
	f->to_tag_len = osip_tag_len(&to->gen_params);
	f->to_user_len = slen(to->url->username);
	f->to_host_len = slen(to->url->host);

	/* oSIP2 splits the Call-ID at '@'. */
	f->call_id_len = slen(msg->call_id->number) +
			 (msg->call_id->host ? 1 + slen(msg->call_id->host) : 0);
	f->cseq_seq = snum(msg->cseq->number);
	f->cseq_method_len = slen(msg->cseq->method);

	for (m = osip_list_get_first(&msg->contacts, &it); m; m = osip_list_get_next(&it)) {
		f->contacts++;
		f->contact_params += osip_list_walk(&m->gen_params);
		if (m->url) {
			f->contact_uri_params += osip_list_walk(&m->url->url_params);
			f->contact_user_len += slen(m->url->username);
			f->contact_host_len += slen(m->url->host);
			f->contact_port_sum += snum(m->url->port);
		}
	}

	/* oSIP2 has no typed Max-Forwards: it stays in the generic header list. */
	{
		osip_header_t *mf = NULL;

		f->max_forwards = BENCH_ABSENT;
		if (osip_message_get_max_forwards(msg, 0, &mf) >= 0 && mf)
			f->max_forwards = snum(mf->hvalue);
	}
	f->content_length = msg->content_length ? snum(msg->content_length->value) : BENCH_ABSENT;

	for (h = osip_list_get_first(&msg->headers, &it); h; h = osip_list_get_next(&it)) {
		f->headers++;
		f->header_bytes += slen(h->hname) + slen(h->hvalue);
	}

	sum = bench_fold(f);
out:
	osip_message_free(msg);
	return sum;
}

/* One-time set-up oSIP2 needs before its first parse. 0 on success. */
int bench_osip_init(void)
{
	return parser_init() == OSIP_SUCCESS ? 0 : -1;
}

#include "reads.h"

/* The value of generic parameter `name` in `params`, or NULL. */
static const char *osip_param(osip_list_t *params, const char *name, int *present)
{
	osip_generic_param_t *p = NULL;

	*present = 0;
	if (osip_generic_param_get_byname(params, (char *)name, &p) != OSIP_SUCCESS || !p)
		return NULL;
	*present = 1;
	return p->gvalue;
}

/* The C benchmark's reads (reads.h), from oSIP2's structs. */
int64_t bench_osip_reads(const uint8_t *buf, size_t len, struct bench_reads *r)
{
	osip_message_t *msg = NULL;
	osip_list_iterator_t it;
	osip_via_t *v;
	osip_contact_t *m;
	osip_from_t *from, *to;
	const char *s;
	int present;
	int64_t sum = -1;

	memset(r, 0, sizeof(*r));
	if (osip_message_init(&msg) != OSIP_SUCCESS)
		return -1;
	if (osip_message_parse(msg, (const char *)buf, len) != OSIP_SUCCESS)
		goto out;
	from = msg->from;
	to = msg->to;
	if (!from || !from->url || !to || !to->url || !msg->call_id || !msg->cseq ||
	    osip_list_size(&msg->vias) <= 0)
		goto out;

	for (v = osip_list_get_first(&msg->vias, &it); v; v = osip_list_get_next(&it))
		r->vias++;
	v = osip_list_get(&msg->vias, 0);
	r->via_branch_len = slen(osip_param(&v->via_params, "branch", &present));
	r->via_received_len = slen(osip_param(&v->via_params, "received", &present));
	s = osip_param(&v->via_params, "rport", &present);
	r->via_rport = present ? 1 + snum(s) : 0;

	r->from_tag_len = slen(osip_param(&from->gen_params, "tag", &present));
	r->from_host_len = slen(from->url->host);
	r->to_tag_len = slen(osip_param(&to->gen_params, "tag", &present));
	r->to_host_len = slen(to->url->host);
	/* oSIP2 splits the Call-ID at '@'. */
	r->call_id_len = slen(msg->call_id->number) +
			 (msg->call_id->host ? 1 + slen(msg->call_id->host) : 0);
	r->cseq_seq = snum(msg->cseq->number);
	r->cseq_method_len = slen(msg->cseq->method);

	for (m = osip_list_get_first(&msg->contacts, &it); m; m = osip_list_get_next(&it)) {
		r->contacts++;
		if (m->url) {
			r->contact_host_len += slen(m->url->host);
			r->contact_port_sum += snum(m->url->port);
		}
		r->contact_expires_sum += snum(osip_param(&m->gen_params, "expires", &present));
	}
	{
		osip_header_t *mf = NULL;

		r->max_forwards = BENCH_READS_ABSENT;
		if (osip_message_get_max_forwards(msg, 0, &mf) >= 0 && mf)
			r->max_forwards = snum(mf->hvalue);
	}
	r->content_length =
		msg->content_length ? snum(msg->content_length->value) : BENCH_READS_ABSENT;

	sum = bench_reads_fold(r);
out:
	osip_message_free(msg);
	return sum;
}
