//! The enterprise dial plan of MS-SIPRE 3.8: location profile documents (2.2.7, Appendix B),
//! the translation of dialed numbers with their .NET regular expressions and replacement
//! patterns (MC-RegEx), and the SERVICE requests that fetch them (3.8.4.1, 3.8.5.1).
//!
//! ```
//! use mssip::dialplan::{Dialplan, DialplanConfig};
//!
//! let plan = Dialplan::parse(
//!     br#"<LocationProfileDescription xmlns="http://schemas.microsoft.com/2007/03/LocationProfileDescription">
//!           <Name>Redmond</Name>
//!           <Rule><Pattern>^(\d{4})$</Pattern><Translation>+1425555$1</Translation>
//!                 <InternalEnterpriseExtension>true</InternalEnterpriseExtension></Rule>
//!         </LocationProfileDescription>"#,
//!     &DialplanConfig::default(),
//! )?;
//! let t = plan.translate("0100")?.expect("a rule matches");
//! assert_eq!((t.rule, t.number.as_str(), t.internal), (0, "+14255550100", true));
//! assert_eq!(t.uri(plan.name(), None).as_deref(), Some("tel:+14255550100"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod config;
pub mod dotnet_pattern;
pub mod dotnet_replacement;
mod error;
mod plan;
mod profile;
mod rule_set;
mod service;
mod store;
mod translated;

pub use config::DialplanConfig;
pub use error::{ProfileError, TranslateError};
pub use plan::Dialplan;
pub use profile::{CONTENT_TYPE, LocationProfile, NS, Rule, is_phone_context};
pub use service::{
    ProfileChoice, ProfileService, SERVICE, ServiceError, ServiceRequest, location_profile_gruu,
};
pub use store::{MemoryProfileStore, ProfileStore, ProfileUser, StoreError, aor_key, profile_key};
pub use translated::{Translated, is_global_number, is_local_number};
