/*
 * What a proxy reads of every message, from C: the record the C benchmark (cbench.c) fills
 * with mssip's C ABI and with each C stack from its own structs, compared field by field.
 */
#ifndef BENCH_READS_H
#define BENCH_READS_H

#include <stddef.h>
#include <stdint.h>

struct bench_reads {
	/* Every value of Via and Contact, counted. */
	uint32_t vias, contacts;
	/* The top Via: branch and received lengths, rport (0 absent, 1 without a value,
	 * 1 + port with one). */
	uint32_t via_branch_len, via_received_len, via_rport;
	/* From and To: tag and URI host. */
	uint32_t from_tag_len, from_host_len, to_tag_len, to_host_len;
	uint32_t call_id_len, cseq_seq, cseq_method_len;
	/* Every Contact: URI host and port, and expires (absent: 0). */
	uint32_t contact_host_len, contact_port_sum, contact_expires_sum;
	uint32_t max_forwards, content_length;
	/* Not compared: bytes of the raw values read (stacks keep different text). */
	uint32_t value_bytes;
};

/* Number of leading fields every stack must agree on. */
#define BENCH_READS_COMPARED 17u

/* Written when a message has no Max-Forwards / Content-Length. */
#define BENCH_READS_ABSENT 0xffffffffu

/* FNV-1a over the compared fields, so the work cannot be optimised away. */
static inline int64_t bench_reads_fold(const struct bench_reads *r)
{
	const uint32_t *w = (const uint32_t *)r;
	uint64_t h = 0xcbf29ce484222325ull;
	unsigned i;

	for (i = 0; i < BENCH_READS_COMPARED; i++) {
		h ^= w[i];
		h *= 0x100000001b3ull;
	}
	return (int64_t)(h >> 1);
}

/* Decimal digits at the start of s (len bytes or up to a NUL), as a number. */
static inline uint32_t bench_digits(const char *s, size_t len)
{
	uint32_t n = 0;
	size_t i;

	for (i = 0; s && i < len && s[i] >= '0' && s[i] <= '9'; i++)
		n = n * 10 + (uint32_t)(s[i] - '0');
	return n;
}

int64_t bench_sofia_reads(const uint8_t *buf, size_t len, struct bench_reads *r);
int64_t bench_osip_reads(const uint8_t *buf, size_t len, struct bench_reads *r);
int64_t bench_libre_reads(const uint8_t *buf, size_t len, struct bench_reads *r);
int bench_osip_init(void);
int bench_libre_init(void);

#endif
