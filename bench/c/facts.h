/*
 * What one parse of one message found, shared by the three peer files (peer_sofia.c,
 * peer_osip.c, peer_libre.c). They are separate translation units because sofia-sip and libre
 * both define sip_* macros and types that clash when included together.
 */
#ifndef BENCH_FACTS_H
#define BENCH_FACTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Field order is mirrored by `Facts` in src/facts.rs; keep both in sync. */
struct bench_facts {
	uint32_t vias, via_params, via_host_len, via_port_sum, via_branch_len;
	uint32_t from_params, from_tag_len, from_user_len, from_host_len;
	uint32_t to_params, to_tag_len, to_user_len, to_host_len;
	uint32_t call_id_len, cseq_seq, cseq_method_len;
	uint32_t contacts, contact_params, contact_uri_params;
	uint32_t contact_user_len, contact_host_len, contact_port_sum;
	uint32_t max_forwards, content_length;
	/* Library-specific header walk: not compared across stacks. */
	uint32_t headers, header_bytes;
};

/* Number of leading fields of bench_facts that every stack must agree on. */
#define BENCH_COMPARED_FIELDS 24u

/* Written when a message has no Max-Forwards / Content-Length. */
#define BENCH_ABSENT 0xffffffffu

/* FNV-1a over the compared fields; src/facts.rs computes the same fold for mssip. */
static inline int64_t bench_fold(const struct bench_facts *f)
{
	const uint32_t *w = (const uint32_t *)f;
	uint64_t h = 0xcbf29ce484222325ull;
	unsigned i;

	for (i = 0; i < BENCH_COMPARED_FIELDS; i++) {
		h ^= w[i];
		h *= 0x100000001b3ull;
	}
	return (int64_t)(h >> 1);
}

static inline uint32_t slen(const char *s)
{
	return s ? (uint32_t)strlen(s) : 0;
}

static inline uint32_t snum(const char *s)
{
	return s ? (uint32_t)strtoul(s, NULL, 10) : 0;
}

#endif
