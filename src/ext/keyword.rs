//! Enums of ABNF keywords (`"focus" / "chat" / ...`): one declaration gives the variants, their
//! spellings, `ALL`, `as_str`, a case-insensitive lookup (ABNF literals match in any case,
//! RFC 5234 2.3) and `Display`. Each type keeps its own `parse`, with its own error text.

macro_rules! keyword_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident => $text:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every value, in the order of the grammar.
            pub const ALL: [$name; [$($text),+].len()] = [$($name::$variant),+];

            /// The spelling the specification's grammar gives.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The value whose spelling matches `s` in any case.
            fn from_keyword(s: &str) -> Option<$name> {
                $name::ALL.into_iter().find(|k| k.as_str().eq_ignore_ascii_case(s))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use keyword_enum;
