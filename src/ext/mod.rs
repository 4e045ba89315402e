//! MS-SIPRE 2.2 grammar.
