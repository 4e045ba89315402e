//! Where a proxy keeps its location profiles and which one each user dials with by default
//! (MS-SIPRE 3.8.1.2): one interface, [`ProfileStore`], with an embedded in-memory store
//! ([`MemoryProfileStore`]) and room for the host's own (the C ABI's callback store).

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use parking_lot::RwLock;

use super::plan::Dialplan;
use crate::ext::Aor;

/// What a store knows of an address-of-record of the domain.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProfileUser {
    /// The name of the user's default location profile, when one is set.
    pub default_profile: Option<String>,
}

/// Why a store could not answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The store's backend (the host's callbacks) failed; what it said.
    Backend(String),
    /// This store does not do that (a host store is filled by the host itself).
    Unsupported(&'static str),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Backend(why) => write!(f, "profile store: {why}"),
            StoreError::Unsupported(what) => {
                write!(f, "profile store: {what} is not supported by this store")
            }
        }
    }
}

impl std::error::Error for StoreError {}

/// The location profile descriptions of a proxy and its users' default profile names
/// (MS-SIPRE 3.8.1.2, 3.8.5.1). Implementations are shared by threads: `&self` methods,
/// locking inside. Profile names compare as `phone-context` domain names do, ignoring ASCII
/// case (RFC 3966 section 3).
pub trait ProfileStore: Send + Sync {
    /// The user `aor` names, or `None` when it is no address-of-record of the domain.
    fn user(&self, aor: &Aor) -> Result<Option<ProfileUser>, StoreError>;

    /// The profile called `name`, loaded and compiled, or `None` when there is none.
    fn profile(&self, name: &str) -> Result<Option<Arc<Dialplan>>, StoreError>;

    /// Adds a profile, or replaces the one of the same name.
    fn put_profile(&self, _plan: Arc<Dialplan>) -> Result<(), StoreError> {
        Err(StoreError::Unsupported("adding a profile"))
    }

    /// Removes the profile called `name`; true when there was one.
    fn remove_profile(&self, _name: &str) -> Result<bool, StoreError> {
        Err(StoreError::Unsupported("removing a profile"))
    }

    /// Makes `aor` a user of the domain with `user`'s default profile (replacing what was
    /// there).
    fn put_user(&self, _aor: &Aor, _user: ProfileUser) -> Result<(), StoreError> {
        Err(StoreError::Unsupported("adding a user"))
    }

    /// Removes the user `aor`; true when there was one.
    fn remove_user(&self, _aor: &Aor) -> Result<bool, StoreError> {
        Err(StoreError::Unsupported("removing a user"))
    }

    /// The default profile of `aor`, loaded: `None` when `aor` is no user, has no default
    /// profile, or names one the store does not hold.
    fn default_plan(&self, aor: &Aor) -> Result<Option<Arc<Dialplan>>, StoreError> {
        match self.user(aor)?.and_then(|u| u.default_profile) {
            Some(name) => self.profile(&name),
            None => Ok(None),
        }
    }
}

/// The key of a profile name: ASCII case folded.
pub fn profile_key(name: &str) -> String {
    name.to_ascii_lowercase()
}

/// The key of an address-of-record: the user part as written (case-sensitive, RFC 3261
/// 19.1.4), the host with ASCII case folded.
pub fn aor_key(aor: &Aor) -> String {
    format!("{}@{}", aor.user(), aor.host().to_ascii_lowercase())
}

/// The embedded store: everything in memory, behind `parking_lot` read-write locks.
#[derive(Debug, Default)]
pub struct MemoryProfileStore {
    profiles: RwLock<HashMap<String, Arc<Dialplan>>>,
    users: RwLock<HashMap<String, ProfileUser>>,
}

impl MemoryProfileStore {
    pub fn new() -> MemoryProfileStore {
        MemoryProfileStore::default()
    }

    /// How many profiles and users it holds.
    pub fn counts(&self) -> (usize, usize) {
        (self.profiles.read().len(), self.users.read().len())
    }
}

impl ProfileStore for MemoryProfileStore {
    fn user(&self, aor: &Aor) -> Result<Option<ProfileUser>, StoreError> {
        Ok(self.users.read().get(&aor_key(aor)).cloned())
    }

    fn profile(&self, name: &str) -> Result<Option<Arc<Dialplan>>, StoreError> {
        Ok(self.profiles.read().get(&profile_key(name)).cloned())
    }

    fn put_profile(&self, plan: Arc<Dialplan>) -> Result<(), StoreError> {
        self.profiles.write().insert(profile_key(plan.name()), plan);
        Ok(())
    }

    fn remove_profile(&self, name: &str) -> Result<bool, StoreError> {
        Ok(self.profiles.write().remove(&profile_key(name)).is_some())
    }

    fn put_user(&self, aor: &Aor, user: ProfileUser) -> Result<(), StoreError> {
        self.users.write().insert(aor_key(aor), user);
        Ok(())
    }

    fn remove_user(&self, aor: &Aor) -> Result<bool, StoreError> {
        Ok(self.users.write().remove(&aor_key(aor)).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialplan::DialplanConfig;

    fn plan(name: &str) -> Arc<Dialplan> {
        let xml = format!(
            "<LocationProfileDescription xmlns=\"{}\"><Name>{name}</Name>\
             <Rule><Pattern>^(\\d{{4}})$</Pattern><Translation>+1425555$1</Translation></Rule>\
             </LocationProfileDescription>",
            crate::dialplan::NS
        );
        Arc::new(Dialplan::parse(xml.as_bytes(), &DialplanConfig::default()).unwrap())
    }

    fn aor(s: &str) -> Aor {
        Aor::parse(s).unwrap()
    }

    #[test]
    fn profiles_by_name_ignoring_case_and_replaced() {
        let s = MemoryProfileStore::new();
        s.put_profile(plan("Redmond")).unwrap();
        assert_eq!(s.profile("redmond").unwrap().unwrap().name(), "Redmond");
        s.put_profile(plan("REDMOND")).unwrap();
        assert_eq!(s.counts(), (1, 0));
        assert_eq!(s.profile("Redmond").unwrap().unwrap().name(), "REDMOND");
        assert!(s.profile("Paris").unwrap().is_none());
        assert!(s.remove_profile("redmond").unwrap());
        assert!(!s.remove_profile("redmond").unwrap());
        assert!(s.profile("Redmond").unwrap().is_none());
    }

    #[test]
    fn users_by_aor_host_case_folded_user_kept() {
        let s = MemoryProfileStore::new();
        s.put_profile(plan("Redmond")).unwrap();
        let u = ProfileUser {
            default_profile: Some("Redmond".into()),
        };
        s.put_user(&aor("sip:alice@contoso.com"), u.clone())
            .unwrap();
        assert_eq!(s.user(&aor("sip:alice@CONTOSO.com")).unwrap(), Some(u));
        assert_eq!(s.user(&aor("sip:Alice@contoso.com")).unwrap(), None);
        assert_eq!(
            s.default_plan(&aor("sip:alice@contoso.com"))
                .unwrap()
                .unwrap()
                .name(),
            "Redmond"
        );
        s.put_user(&aor("sip:bob@contoso.com"), ProfileUser::default())
            .unwrap();
        assert!(
            s.default_plan(&aor("sip:bob@contoso.com"))
                .unwrap()
                .is_none()
        );
        assert!(s.remove_user(&aor("sip:bob@contoso.com")).unwrap());
        assert_eq!(s.user(&aor("sip:bob@contoso.com")).unwrap(), None);
    }

    #[test]
    fn shared_between_threads() {
        let s = Arc::new(MemoryProfileStore::new());
        let handles: Vec<_> = (0..4)
            .map(|i| {
                let s = Arc::clone(&s);
                std::thread::spawn(move || {
                    for j in 0..50 {
                        s.put_profile(plan(&format!("p{i}x{j}"))).unwrap();
                        assert!(s.profile(&format!("P{i}X{j}")).unwrap().is_some());
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        assert_eq!(s.counts().0, 200);
    }

    #[test]
    fn a_store_without_writes_says_so() {
        struct ReadOnly;
        impl ProfileStore for ReadOnly {
            fn user(&self, _: &Aor) -> Result<Option<ProfileUser>, StoreError> {
                Ok(None)
            }
            fn profile(&self, _: &str) -> Result<Option<Arc<Dialplan>>, StoreError> {
                Ok(None)
            }
        }
        let e = ReadOnly.put_profile(plan("R")).unwrap_err();
        assert!(matches!(e, StoreError::Unsupported(_)));
        assert!(e.to_string().contains("not supported"));
        assert!(ReadOnly.remove_user(&aor("sip:a@b.c")).is_err());
    }
}
