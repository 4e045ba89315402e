//! What a registrar accepts: the registration intervals of RFC 3261 10.2.1.1 and 10.3 step 7.

/// Registration intervals, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegistrarConfig {
    /// Interval given when neither the Contact nor the request says. Default 3600.
    pub default_expires: u32,
    /// Shortest non-zero interval accepted; a shorter one gets 423 with `Min-Expires`.
    /// Default 60.
    pub min_expires: u32,
    /// Longest interval granted; a longer one is shortened to it. Default 7200.
    pub max_expires: u32,
}

impl RegistrarConfig {
    pub const DEFAULT: RegistrarConfig = RegistrarConfig {
        default_expires: 3600,
        min_expires: 60,
        max_expires: 7200,
    };

    /// Refuses intervals that contradict each other.
    pub fn check(&self) -> Result<(), &'static str> {
        if self.min_expires == 0 {
            return Err("min_expires must be at least 1");
        }
        if self.min_expires > self.max_expires {
            return Err("min_expires is greater than max_expires");
        }
        if !(self.min_expires..=self.max_expires).contains(&self.default_expires) {
            return Err("default_expires is outside min_expires..max_expires");
        }
        Ok(())
    }
}

impl Default for RegistrarConfig {
    fn default() -> Self {
        RegistrarConfig::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contradictions_are_refused() {
        assert_eq!(RegistrarConfig::DEFAULT.check(), Ok(()));
        let c = |d, mi, ma| RegistrarConfig {
            default_expires: d,
            min_expires: mi,
            max_expires: ma,
        };
        assert!(c(3600, 0, 7200).check().is_err());
        assert!(c(3600, 7201, 7200).check().is_err());
        assert!(c(30, 60, 7200).check().is_err());
        assert!(c(9000, 60, 7200).check().is_err());
        assert!(c(60, 60, 60).check().is_ok());
    }
}
