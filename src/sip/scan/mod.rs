//! The byte scanners under the RFC 3261 views: character classes, searches, line-feed masks,
//! header-name reads, host scans, the one decimal reader (`decimal`: a whole `1*DIGIT` text, or
//! the digit run a grammar follows with more), the one checking walk over header parameters
//! (`param_walk`), and the grammar's small building blocks (LWS, quoted strings, list
//! splitting, `qvalue`).
//!
//! One of each, used by every layer above:
//! - numbers: `decimal` (Content-Length in the framer and the message, Max-Forwards, Expires,
//!   CSeq, ports, status codes, validation, the registrar's `expires`, `received` octets). The
//!   host scan reads its octets and port in its own pass: a fast path, held below.
//! - `;param` lists: `param_walk` checks header parameters, `uri::uri_param_end` checks URI
//!   parameters (another grammar: escapes, no LWS); checked text is read by `Params::iter`, or
//!   `Params::placed` with the bytes each parameter covers (edits, NAT rewrites, GRUU
//!   parameters).
//! - characters: the classes of `class`, one table; the token is `class::TOKEN` everywhere
//!   (`class::MIME_TOKEN` is RFC 2045's, for the headers of a body part).
//!
//! Every fast path here, and every fast path of a view built on them, is held to a general path
//! by a test that feeds both the same valid, cut and mutated texts ([`near_texts`]):
//!
//! | fast path | general path | test |
//! | --- | --- | --- |
//! | `class::run` (class table, several bytes per bounds check) | a byte-by-byte loop | `class::tests::run_agrees_with_a_byte_by_byte_run` |
//! | `find::find*` (memchr's SSE2 / NEON searchers) | a plain search | `find::tests::finds_like_a_plain_search` |
//! | `line_feeds` (64-byte SIMD masks) | a plain line-feed search | `line_feeds::tests::vector_block_agrees_with_plain`, `next_agrees_with_a_plain_search` |
//! | `line_start::short_name` (one 16-byte read) | `HeaderKind::from_name` | `line_start::tests::short_name_agrees_with_the_general_lookup`, `name_words_agree_with_a_byte_loop` |
//! | `host_scan::scan_hostport` (one pass, octet by octet) | `uri::parse_hostport` | `host_scan::tests::agrees_with_the_general_parser`, `agree_with_the_references_on_mutated_texts` |
//! | `ascii_cut::cut` (no char-boundary check; the URI and host scans only, where it measurably pays) | `str` indexing | `ascii_cut::tests::cuts_like_indexing` |
//! | message one-pass scan | the step-by-step reader | `message::tests::one_pass_agrees_with_step_by_step`, `one_pass_agrees_around_block_edges` |
//! | usual URI shape | the general URI parser | `uri::tests::usual_shape_agrees_with_the_general_parser`, `ip_first_agrees_with_user_first` |
//! | usual name-addr | the general name-addr parser | `name_addr::tests::parse_agrees_with_the_general_parser`, `usual_uri_path_agrees_with_the_general_one` |
//! | usual `;name=value` walk | the general parameter walk (`param_walk`) | `header_params::tests::usual_shape_path_matches_the_general_walk` |
//! | `decimal::decimal`, `decimal::leading_digits` (no overflow check up to 19 digits) | `str::parse::<u64>` | `decimal::tests::agrees_with_the_standard_parser` |
//! | usual list items | item-by-item parse | `list_items::tests::usual_items_are_parsed_in_one_go` |
//! | `Message::value` from the cursor of the last lookup, bounded by the last field of a kind | `Message::values(name).nth(i)` | `message::tests::value_by_index_agrees_with_the_values`, `first_and_last_index_are_the_first_and_last_positions` |
//! | `Params::find_each` (one walk for several names) | `Params::get` per name | `params::tests::finds_each_name_in_one_walk` |
//! | `Params::placed` (a parameter's `;` from the separators just walked) | `Params::iter` and a search back from the name | `params::tests::placed_agrees_with_the_iterator` |
//! | places a validating walk remembers (noted names, two others, the count) | a fresh walk of the text | `header_params::tests::remembered_facts_match_a_fresh_walk`, `places_past_u16_are_walked` |
//! | `Message::each_value` (one loop, no adapters) | `Message::values` | `message::tests::each_value_gives_what_values_gives` |
//! | `Message::item_into` (a value of a comma list found and parsed in one walk), `first_item_into`, `each_item` | parsing `Message::value` whole | `message::tests::item_at_is_the_value_at_parsed_whole` |
//! | `mssip_msg_core`, `mssip_msg_name_addrs`, `mssip_msg_header_values` (one call for many) | the single calls | `tests/c/test_typed.c` (`core`, `name_addrs`), fuzz target `typed_access` |
//! | `qdtext::quoted_scan` (eight plain bytes a step; the end and the content judged in one pass) | `quoted_len` and a byte-wise qdtext check | `qdtext::tests::scan_agrees_with_the_length_and_a_byte_wise_check` |
//! | the C parameter walk over bytes (`mssip_params_next`) | `Params::iter` | `ffi::msg_params::tests::the_byte_walk_gives_what_the_parameter_iterator_gives` |
//!
//! The `plain-scan` feature turns the SIMD paths of `find`, `line_feeds` and `line_start` into
//! the plain ones of other targets on every target; `tools/test-all.sh` runs the unit and
//! integration tests once with it, so the whole suite holds on those paths too.

pub(crate) mod ascii_cut;
pub(crate) mod class;
pub(crate) mod decimal;
pub(crate) mod find;
mod grammar;
pub(crate) mod host_scan;
pub(crate) mod in_place;
pub(crate) mod line_feeds;
pub(crate) mod line_start;
#[cfg(test)]
pub(crate) mod near_texts;
pub(crate) mod param_walk;
pub(crate) mod qdtext;

pub use grammar::*;
