//! .NET regular-expression syntax (MC-RegEx, as named by MS-SIPRE 2.2.7.2) rewritten into the
//! syntax of `fancy-regex`, with the group numbering .NET gives.
//!
//! What differs between the two languages, and what this module does about it:
//! * Group numbers: .NET numbers the unnamed groups first, left to right, then the named
//!   groups in the order their names first appear; Rust numbers every group by its `(`.
//!   Every group is written as a plain capturing group and a [`GroupTable`] maps .NET numbers
//!   and names to Rust indexes, for backreferences and for the replacement.
//! * `(?'name'...)` and `(?<name>...)` are both named groups; `\k<name>`, `\k'name'`,
//!   `\<name>` and `\N` are backreferences.
//! * `$` (and `\Z`) outside multiline mode also match before a final `\n`. Rules are
//!   compiled twice when that matters: `$` as `\z` for input without a `\n` (the fast path
//!   every dialed number takes), `(?=\n?\z)` for input with one.
//! * Character classes: `[` and `&&`, `--`, `~~` are literal inside a .NET class, so every
//!   literal is written escaped; subtraction `[base-[excluded]]` becomes Rust's set difference
//!   `[[base]--[excluded]]` (nested subtraction included).
//! * `{` that does not start a quantifier (`{,3}`, `{x}`) is a literal in .NET.
//! * Inline options: `i`, `m`, `s` are passed on with their scope; `n` (explicit capture) and
//!   `x` (ignore pattern white space, `#` comments) are applied here. `(?#...)` comments are
//!   dropped.
//! * `\d`: Unicode decimal digits (category Nd), as .NET matches without
//!   `RegexOptions.ECMAScript`; with [`PatternOptions::ascii_digits`] `\d` is `[0-9]` and `\D`
//!   its complement, as under ECMAScript. `\w`, `\s` and `(?i)` use the engine's Unicode
//!   tables (simple case folding), which agree with .NET on the characters phone numbers use.
//! * `\G` is `\A`: a rule is matched once, from the start of the dialed string.
//!
//! Refused, with the offset and the reason: balancing groups `(?<a-b>...)`, conditionals
//! `(?(...)...)`, groups named by a number `(?<3>...)`, a name used for two groups, octal
//! escapes other than `\0`, backreferences to groups that do not exist, nested quantifiers
//! (`a**`), quantifiers following nothing, unknown escapes (`\q`), unbalanced parentheses and
//! unterminated classes, Unicode blocks (`\p{IsGreek}`: the engine has scripts, not blocks)
//! and property names .NET does not know; the engine refuses what it cannot compile (e.g. a
//! pattern whose compiled form is over the configured size).

use std::fmt;
use std::fmt::Write as _;

/// How `\d` and `\D` read (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PatternOptions {
    /// `\d` is `[0-9]` (ECMAScript behaviour) instead of every Unicode decimal digit.
    pub ascii_digits: bool,
}

/// A .NET pattern that could not be rewritten: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// Byte offset in the .NET pattern.
    pub offset: usize,
    pub reason: String,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.reason, self.offset)
    }
}

impl std::error::Error for PatternError {}

/// The .NET groups of a pattern and where each one is in the rewritten pattern.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupTable {
    /// Rust capture index of each .NET group number; `[0]` is the whole match (0).
    rust_index: Vec<usize>,
    /// Named groups: name and .NET number, in .NET numbering order.
    names: Vec<(String, usize)>,
}

impl GroupTable {
    /// Number of .NET groups, the whole match (group 0) included.
    pub fn len(&self) -> usize {
        self.rust_index.len()
    }

    /// Always false: group 0 exists.
    pub fn is_empty(&self) -> bool {
        self.rust_index.is_empty()
    }

    /// The Rust capture index of .NET group `number`, if the group exists.
    pub fn rust_index(&self, number: usize) -> Option<usize> {
        self.rust_index.get(number).copied()
    }

    /// The .NET number of the group named `name`.
    pub fn number_of(&self, name: &str) -> Option<usize> {
        self.names.iter().find(|(n, _)| n == name).map(|(_, i)| *i)
    }

    /// The name of .NET group `number`, if it is a named group.
    pub fn name_of(&self, number: usize) -> Option<&str> {
        self.names
            .iter()
            .find(|(_, i)| *i == number)
            .map(|(n, _)| n.as_str())
    }

    /// The highest .NET group number (0 when the pattern has no group): the group `$+`
    /// stands for.
    pub fn last(&self) -> usize {
        self.rust_index.len().saturating_sub(1)
    }
}

/// A rewritten pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustPattern {
    /// For input without a `\n`: `$` and `\Z` written as `\z`.
    pub plain: String,
    /// For input with a `\n`, when it differs from `plain`: `$` and `\Z` written as
    /// `(?=\n?\z)`.
    pub newline: Option<String>,
    pub groups: GroupTable,
}

/// Rewrites the .NET pattern `src` for `fancy-regex`.
pub fn translate(src: &str, options: PatternOptions) -> Result<RustPattern, PatternError> {
    // Pass 1 finds the groups (a backreference may precede the group it names); pass 2
    // resolves the backreferences against them.
    let first = Rewriter::new(src, options, None, false).run()?;
    let groups = table(&first.captures, src)?;
    let plain = Rewriter::new(src, options, Some(&groups), false).run()?;
    let newline = if plain.dollars > 0 {
        Some(Rewriter::new(src, options, Some(&groups), true).run()?.out)
    } else {
        None
    };
    Ok(RustPattern {
        plain: plain.out,
        newline,
        groups,
    })
}

/// A capturing group as found, in the order of its `(`.
#[derive(Debug, Clone)]
enum Capture {
    Unnamed,
    Named(String, usize),
}

/// .NET numbering: unnamed groups first, then named ones (MC-RegEx "Grouping Constructs").
fn table(captures: &[Capture], src: &str) -> Result<GroupTable, PatternError> {
    let mut rust_index = vec![0];
    for (i, c) in captures.iter().enumerate() {
        if let Capture::Unnamed = c {
            rust_index.push(i + 1);
        }
    }
    let mut names: Vec<(String, usize)> = Vec::new();
    for (i, c) in captures.iter().enumerate() {
        if let Capture::Named(name, at) = c {
            if names.iter().any(|(n, _)| n == name) {
                return Err(PatternError {
                    offset: *at,
                    reason: format!("group name {name} is used for two groups"),
                });
            }
            names.push((name.clone(), rust_index.len()));
            rust_index.push(i + 1);
        }
    }
    let _ = src;
    Ok(GroupTable { rust_index, names })
}

/// Inline options in force.
#[derive(Debug, Clone, Copy, Default)]
struct Flags {
    multiline: bool,
    explicit_capture: bool,
    extended: bool,
}

/// Whether the last thing written can take a quantifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    Nothing,
    Atom,
    Quantified,
}

struct Done {
    out: String,
    captures: Vec<Capture>,
    dollars: usize,
}

struct Rewriter<'a> {
    src: &'a str,
    pos: usize,
    out: String,
    options: PatternOptions,
    groups: Option<&'a GroupTable>,
    newline: bool,
    flags: Flags,
    /// Options of the enclosing groups, restored at their `)`; the offset of each `(`.
    stack: Vec<(Flags, usize)>,
    captures: Vec<Capture>,
    last: Last,
    dollars: usize,
}

fn err<T>(offset: usize, reason: impl Into<String>) -> Result<T, PatternError> {
    Err(PatternError {
        offset,
        reason: reason.into(),
    })
}

/// A character that `\` turns into a literal: everything but letters, digits and `_`.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// White space that `x` mode skips (.NET `IsSpace`).
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{b}' | '\u{c}')
}

/// Writes one literal character so that no Rust syntax can read it otherwise.
fn literal(out: &mut String, c: char) {
    if c.is_alphanumeric() || c == '_' {
        out.push(c);
    } else {
        let _ = write!(out, "\\x{{{:X}}}", c as u32);
    }
}

/// The class escapes `\d \D \w \W \s \S` in Rust syntax (usable inside and outside a class).
fn class_escape(c: char, options: PatternOptions) -> Option<&'static str> {
    Some(match c {
        'd' if options.ascii_digits => "0-9",
        'D' if options.ascii_digits => "[^0-9]",
        'd' => "\\d",
        'D' => "\\D",
        'w' => "\\w",
        'W' => "\\W",
        's' => "\\s",
        'S' => "\\S",
        _ => return None,
    })
}

/// The Unicode general categories .NET names in `\p{...}` (its other names are blocks,
/// `IsGreek`, which the engine does not have: it reads `Is` names as scripts).
const CATEGORIES: &[&str] = &[
    "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P", "Pc",
    "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "S", "Sm", "Sc", "Sk", "So", "Z", "Zs", "Zl", "Zp", "C",
    "Cc", "Cf", "Cs", "Co", "Cn",
];

/// One element of a character class.
enum Item {
    Char(char),
    Range(char, char),
    /// Rust syntax of a class escape or a `\p{...}`.
    Set(String),
}

impl<'a> Rewriter<'a> {
    fn new(
        src: &'a str,
        options: PatternOptions,
        groups: Option<&'a GroupTable>,
        newline: bool,
    ) -> Rewriter<'a> {
        Rewriter {
            src,
            pos: 0,
            out: String::with_capacity(src.len() + 16),
            options,
            groups,
            newline,
            flags: Flags::default(),
            stack: Vec::new(),
            captures: Vec::new(),
            last: Last::Nothing,
            dollars: 0,
        }
    }

    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.src[self.pos..].chars().nth(n)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, s: &str) -> bool {
        if self.src[self.pos..].starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    fn run(mut self) -> Result<Done, PatternError> {
        while let Some(c) = self.peek() {
            let at = self.pos;
            if self.flags.extended && self.skip_extended() {
                continue;
            }
            self.bump();
            match c {
                '\\' => self.escape(at)?,
                '[' => {
                    let class = self.class(at)?;
                    self.out.push_str(&class);
                    self.last = Last::Atom;
                }
                '(' => self.open(at)?,
                ')' => self.close(at)?,
                '|' => {
                    self.out.push('|');
                    self.last = Last::Nothing;
                }
                '.' => self.atom("."),
                '^' => self.atom("^"),
                '$' => {
                    if self.flags.multiline {
                        self.atom("(?m:$)");
                    } else {
                        self.end_anchor();
                    }
                }
                '*' | '+' | '?' => self.quantifier(at, c.to_string())?,
                '{' => match self.counted() {
                    Some(q) => self.quantifier(at, q)?,
                    None => {
                        literal(&mut self.out, '{');
                        self.last = Last::Atom;
                    }
                },
                c => {
                    literal(&mut self.out, c);
                    self.last = Last::Atom;
                }
            }
        }
        if let Some(&(_, at)) = self.stack.last() {
            return err(at, "not enough ): a group is not closed");
        }
        Ok(Done {
            out: self.out,
            captures: self.captures,
            dollars: self.dollars,
        })
    }

    fn atom(&mut self, rust: &str) {
        self.out.push_str(rust);
        self.last = Last::Atom;
    }

    /// `$` outside multiline mode, or `\Z`: the end, or before a final `\n`.
    fn end_anchor(&mut self) {
        self.dollars += 1;
        if self.newline {
            self.atom("(?=\\n?\\z)");
        } else {
            self.atom("\\z");
        }
    }

    /// In `x` mode: skips white space or a `#` comment; true when something was skipped.
    fn skip_extended(&mut self) -> bool {
        match self.peek() {
            Some(c) if is_space(c) => {
                self.bump();
                true
            }
            Some('#') => {
                while let Some(c) = self.bump() {
                    if c == '\n' {
                        break;
                    }
                }
                true
            }
            _ => false,
        }
    }

    /// After `{`: `n}`, `n,}` or `n,m}` make a quantifier (returned in Rust syntax); anything
    /// else leaves `{` a literal and the position unchanged.
    fn counted(&mut self) -> Option<String> {
        let rest = &self.src[self.pos..];
        let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
        let n = digits(rest);
        if n == 0 {
            return None;
        }
        let mut len = n;
        let b = rest.as_bytes();
        if b.get(len) == Some(&b',') {
            len += 1;
            len += digits(&rest[len..]);
        }
        if b.get(len) != Some(&b'}') {
            return None;
        }
        let q = format!("{{{}}}", &rest[..len]);
        self.pos += len + 1;
        Some(q)
    }

    fn quantifier(&mut self, at: usize, mut q: String) -> Result<(), PatternError> {
        match self.last {
            Last::Nothing => return err(at, format!("quantifier {q} following nothing")),
            Last::Quantified => return err(at, format!("nested quantifier {q}")),
            Last::Atom => {}
        }
        if self.eat("?") {
            q.push('?');
        }
        self.out.push_str(&q);
        self.last = Last::Quantified;
        Ok(())
    }

    fn escape(&mut self, at: usize) -> Result<(), PatternError> {
        let Some(c) = self.bump() else {
            return err(at, "illegal \\ at end of pattern");
        };
        if let Some(set) = class_escape(c, self.options) {
            let set = if set == "0-9" { "[0-9]" } else { set };
            self.atom(set);
            return Ok(());
        }
        match c {
            'b' | 'B' | 'A' | 'z' => {
                self.out.push('\\');
                self.out.push(c);
                self.last = Last::Atom;
            }
            'Z' => self.end_anchor(),
            'G' => self.atom("\\A"),
            'p' | 'P' => {
                let set = self.property(at, c)?;
                self.atom(&set);
            }
            'k' => {
                let Some(open @ ('<' | '\'')) = self.bump() else {
                    return err(at, "malformed \\k<...> named backreference");
                };
                let name = self.name(open, at)?;
                self.named_backref(&name, at)?;
            }
            '<' | '\'' if self.peek().is_some_and(is_word) => {
                let name = self.name(c, at)?;
                self.named_backref(&name, at)?;
            }
            '1'..='9' => {
                let start = self.pos - 1;
                while self.peek().is_some_and(|d| d.is_ascii_digit()) {
                    self.bump();
                }
                let n: usize = self.src[start..self.pos].parse().unwrap_or(usize::MAX);
                self.backref(n, at)?;
            }
            _ => {
                let ch = self.char_escape(c, at)?;
                literal(&mut self.out, ch);
                self.last = Last::Atom;
            }
        }
        Ok(())
    }

    /// The character of an escape that stands for one character (after the `\` and `c`).
    fn char_escape(&mut self, c: char, at: usize) -> Result<char, PatternError> {
        Ok(match c {
            't' => '\t',
            'n' => '\n',
            'r' => '\r',
            'f' => '\u{c}',
            'v' => '\u{b}',
            'e' => '\u{1b}',
            'a' => '\u{7}',
            '0'..='7' => {
                // .NET reads up to three octal digits. Outside a class only `\0` gets here:
                // `\1`-`\9` are backreferences there.
                let mut v = c as u32 - '0' as u32;
                for _ in 0..2 {
                    match self.peek() {
                        Some(d @ '0'..='7') => {
                            self.bump();
                            v = v * 8 + (d as u32 - '0' as u32);
                        }
                        _ => break,
                    }
                }
                char::from_u32(v & 0xff).unwrap_or('\0')
            }
            'x' => self.hex(2, at)?,
            'u' => self.hex(4, at)?,
            'c' => match self.bump() {
                Some(l)
                    if l.is_ascii_alphabetic()
                        || matches!(l, '@' | '[' | '\\' | ']' | '^' | '_') =>
                {
                    char::from_u32(l.to_ascii_uppercase() as u32 ^ 0x40).unwrap_or('\0')
                }
                _ => return err(at, "missing or bad control character after \\c"),
            },
            c if !is_word(c) => c,
            c => return err(at, format!("unrecognized escape sequence \\{c}")),
        })
    }

    fn hex(&mut self, n: usize, at: usize) -> Result<char, PatternError> {
        let rest = &self.src[self.pos..];
        let digits = rest
            .get(..n)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
        let Some(digits) = digits else {
            return err(at, format!("insufficient hexadecimal digits (want {n})"));
        };
        self.pos += n;
        let v = u32::from_str_radix(digits, 16).unwrap_or(0);
        match char::from_u32(v) {
            Some(c) => Ok(c),
            None => err(at, "escape names a surrogate code unit"),
        }
    }

    /// `\p{Name}` / `\P{Name}` after the letter.
    fn property(&mut self, at: usize, p: char) -> Result<String, PatternError> {
        if !self.eat("{") {
            return err(at, "malformed \\p{X} character escape");
        }
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            self.bump();
        }
        let name = &self.src[start..self.pos];
        if name.is_empty() || !self.eat("}") {
            return err(at, "malformed \\p{X} character escape");
        }
        if name.starts_with("Is") {
            return err(at, format!("Unicode block {name} is not supported"));
        }
        if !CATEGORIES.contains(&name) {
            return err(at, format!("unknown property {name}"));
        }
        Ok(format!("\\{p}{{{name}}}"))
    }

    /// A group name after `<` or `'`, through the closing `>` or `'`.
    fn name(&mut self, open: char, at: usize) -> Result<String, PatternError> {
        let close = if open == '<' { '>' } else { '\'' };
        let start = self.pos;
        while self.peek().is_some_and(is_word) {
            self.bump();
        }
        let name = self.src[start..self.pos].to_string();
        if name.is_empty() {
            return err(
                at,
                "invalid group name: group names must begin with a word character",
            );
        }
        if self.peek() == Some('-') {
            return err(at, "balancing groups (?<a-b>...) are not supported");
        }
        if self.bump() != Some(close) {
            return err(at, format!("group name {name} is not closed by {close}"));
        }
        Ok(name)
    }

    fn named_backref(&mut self, name: &str, at: usize) -> Result<(), PatternError> {
        if name.bytes().all(|b| b.is_ascii_digit()) {
            let n = name.parse().unwrap_or(usize::MAX);
            return self.backref(n, at);
        }
        let Some(groups) = self.groups else {
            return self.placeholder();
        };
        match groups.number_of(name) {
            Some(n) => self.backref(n, at),
            None => err(at, format!("reference to undefined group name {name}")),
        }
    }

    fn backref(&mut self, n: usize, at: usize) -> Result<(), PatternError> {
        let Some(groups) = self.groups else {
            return self.placeholder();
        };
        match groups.rust_index(n).filter(|_| n > 0) {
            Some(i) => {
                let _ = write!(self.out, "(?:\\{i})");
                self.last = Last::Atom;
                Ok(())
            }
            None if n <= 9 => err(at, format!("reference to undefined group number {n}")),
            None => err(at, "octal escapes are not supported"),
        }
    }

    /// Pass 1 does not know the groups yet: any backreference stands in.
    fn placeholder(&mut self) -> Result<(), PatternError> {
        self.out.push_str("(?:\\1)");
        self.last = Last::Atom;
        Ok(())
    }

    fn open(&mut self, at: usize) -> Result<(), PatternError> {
        let saved = self.flags;
        if !self.eat("?") {
            if self.flags.explicit_capture {
                self.out.push_str("(?:");
            } else {
                self.captures.push(Capture::Unnamed);
                self.out.push('(');
            }
            return self.push(saved, at);
        }
        for (syntax, rust) in [
            (":", "(?:"),
            ("=", "(?="),
            ("!", "(?!"),
            ("<=", "(?<="),
            ("<!", "(?<!"),
            (">", "(?>"),
        ] {
            if self.eat(syntax) {
                self.out.push_str(rust);
                return self.push(saved, at);
            }
        }
        match self.peek() {
            Some(open @ ('<' | '\'')) => {
                self.bump();
                let name = self.name(open, at)?;
                if name.as_bytes()[0].is_ascii_digit() {
                    return err(at, "groups named by a number (?<3>...) are not supported");
                }
                self.captures.push(Capture::Named(name, at));
                self.out.push('(');
                self.push(saved, at)
            }
            Some('#') => {
                while let Some(c) = self.bump() {
                    if c == ')' {
                        return Ok(());
                    }
                }
                err(at, "unterminated (?#...) comment")
            }
            Some('(') => err(at, "conditional groups (?(...)...) are not supported"),
            _ => self.options(at, saved),
        }
    }

    /// `(?imnsx-imnsx)` or `(?imnsx-imnsx:...)` after `(?`.
    fn options(&mut self, at: usize, saved: Flags) -> Result<(), PatternError> {
        let mut on = true;
        let mut rust = String::new();
        let mut any = false;
        loop {
            let Some(c) = self.bump() else {
                return err(at, "unrecognized grouping construct");
            };
            match c {
                '-' => {
                    on = false;
                    rust.push('-');
                }
                'i' | 's' => {
                    rust.push(c);
                    any = true;
                }
                'm' => {
                    rust.push(c);
                    any = true;
                    self.flags.multiline = on;
                }
                'n' => self.flags.explicit_capture = on,
                'x' => self.flags.extended = on,
                ')' => {
                    // Options that last to the end of the enclosing group.
                    if any {
                        let _ = write!(self.out, "(?{})", rust.trim_end_matches('-'));
                    }
                    return Ok(());
                }
                ':' => {
                    if any {
                        let _ = write!(self.out, "(?{}:", rust.trim_end_matches('-'));
                    } else {
                        self.out.push_str("(?:");
                    }
                    return self.push(saved, at);
                }
                _ => return err(at, "unrecognized grouping construct"),
            }
        }
    }

    fn push(&mut self, saved: Flags, at: usize) -> Result<(), PatternError> {
        self.stack.push((saved, at));
        self.last = Last::Nothing;
        Ok(())
    }

    fn close(&mut self, at: usize) -> Result<(), PatternError> {
        let Some((saved, _)) = self.stack.pop() else {
            return err(at, "too many ): nothing to close");
        };
        self.flags = saved;
        self.out.push(')');
        self.last = Last::Atom;
        Ok(())
    }

    /// A character class after its `[`, through its `]`, in Rust syntax.
    fn class(&mut self, at: usize) -> Result<String, PatternError> {
        let negated = self.eat("^");
        let mut items: Vec<Item> = Vec::new();
        let mut first = true;
        let mut subtraction = None;
        loop {
            let Some(c) = self.bump() else {
                return err(at, "unterminated [] set");
            };
            if c == ']' && !first {
                break;
            }
            if c == '-' && !first && self.peek() == Some('[') {
                subtraction = Some(self.subtraction()?);
                break;
            }
            first = false;
            let lo = match self.class_char(c, at)? {
                Ok(ch) => ch,
                Err(set) => {
                    items.push(Item::Set(set));
                    continue;
                }
            };
            // A range `lo-hi`, unless the `-` is the last character before `]`.
            if self.peek() == Some('-') && self.peek_at(1).is_some_and(|n| n != ']') {
                self.bump();
                if self.peek() == Some('[') {
                    // `[a-[b]]`: `a` minus the class that follows.
                    items.push(Item::Char(lo));
                    subtraction = Some(self.subtraction()?);
                    break;
                }
                let Some(h) = self.bump() else {
                    return err(at, "unterminated [] set");
                };
                let hi = match self.class_char(h, at)? {
                    Ok(ch) => ch,
                    Err(_) => return err(at, "a class escape cannot end a range"),
                };
                if hi < lo {
                    return err(at, "[x-y] range in reverse order");
                }
                items.push(Item::Range(lo, hi));
            } else {
                items.push(Item::Char(lo));
            }
        }
        let mut base = String::from("[");
        if negated {
            base.push('^');
        }
        for item in &items {
            match item {
                Item::Char(c) => literal(&mut base, *c),
                Item::Range(a, b) => {
                    literal(&mut base, *a);
                    base.push('-');
                    literal(&mut base, *b);
                }
                Item::Set(s) => base.push_str(s),
            }
        }
        base.push(']');
        Ok(match subtraction {
            Some(sub) => format!("[{base}--{sub}]"),
            None => base,
        })
    }

    /// The class subtracted, at its `[`, and the `]` that must close the outer class right
    /// after it.
    fn subtraction(&mut self) -> Result<String, PatternError> {
        let at = self.pos;
        self.bump();
        let sub = self.class(at)?;
        if self.bump() != Some(']') {
            return err(
                at,
                "a subtraction must be the last element in a character class",
            );
        }
        Ok(sub)
    }

    /// One character of a class (`Ok`), or a class escape in Rust syntax (`Err`).
    fn class_char(&mut self, c: char, at: usize) -> Result<Result<char, String>, PatternError> {
        if c != '\\' {
            return Ok(Ok(c));
        }
        let Some(e) = self.bump() else {
            return err(at, "unterminated [] set");
        };
        if let Some(set) = class_escape(e, self.options) {
            return Ok(Err(set.to_string()));
        }
        Ok(match e {
            'p' | 'P' => Err(self.property(at, e)?),
            'b' => Ok('\u{8}'),
            e => Ok(self.char_escape(e, at)?),
        })
    }
}

#[cfg(test)]
#[path = "dotnet_pattern_tests.rs"]
mod tests;
