//! Exact points: integer hundredths, never floating point.
//!
//! Certifying bodies hand out 0.25, 0.5 or 1.5 points; summing those as f64 drifts
//! (100 x 0.1 != 10), so every amount is an `i64` count of hundredths.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub};
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An amount of points with at most two decimal places.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(i64);

/// Why a text is not an amount of points.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PointsError {
    #[error("is empty; enter a number such as 1, 1.5 or 0.25")]
    Empty,
    #[error("'{0}' is not a number; enter a number such as 1, 1.5 or 0.25")]
    NotANumber(String),
    #[error("'{0}' uses a comma; write the decimal point as a dot, e.g. 1.5")]
    Comma(String),
    #[error("'{0}' has more than two decimal places; points are kept to hundredths (e.g. 0.25)")]
    TooManyDecimals(String),
    #[error("'{0}' is far too large")]
    TooLarge(String),
}

impl Points {
    pub const ZERO: Points = Points(0);

    pub const fn from_hundredths(hundredths: i64) -> Self {
        Points(hundredths)
    }

    pub const fn whole(points: i64) -> Self {
        Points(points * 100)
    }

    pub const fn hundredths(self) -> i64 {
        self.0
    }

    pub const fn is_positive(self) -> bool {
        self.0 > 0
    }

    /// `self` times a whole factor (a college credit is worth 15 points).
    pub fn checked_mul(self, factor: i64) -> Option<Points> {
        self.0.checked_mul(factor).map(Points)
    }

    /// `self - other`, but never below zero: a shortfall.
    pub fn shortfall_from(self, earned: Points) -> Points {
        Points((self.0 - earned.0).max(0))
    }

    /// For display and charts only; sums never go through f64.
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

impl FromStr for Points {
    type Err = PointsError;

    /// Accepts `12`, `1.5`, `0.25`, `.5`, `-3` (the sign is kept so that validation can say
    /// "must be more than 0" rather than "not a number").
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text.is_empty() {
            return Err(PointsError::Empty);
        }
        let (negative, unsigned) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (whole, fraction) = match unsigned.split_once('.') {
            Some((w, f)) => (w, f),
            None => (unsigned, ""),
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || !digits(fraction) || (whole.is_empty() && fraction.is_empty()) {
            if unsigned.contains(',') {
                return Err(PointsError::Comma(text.to_owned()));
            }
            return Err(PointsError::NotANumber(text.to_owned()));
        }
        if unsigned.contains('.') && fraction.is_empty() {
            return Err(PointsError::NotANumber(text.to_owned()));
        }
        if fraction.len() > 2 {
            return Err(PointsError::TooManyDecimals(text.to_owned()));
        }
        // 15 digits keeps every sum of many activities far inside i64.
        if whole.len() > 15 {
            return Err(PointsError::TooLarge(text.to_owned()));
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole
                .parse()
                .map_err(|_| PointsError::TooLarge(text.to_owned()))?
        };
        let fraction: i64 = match fraction.len() {
            0 => 0,
            1 => i64::from(fraction.as_bytes()[0] - b'0') * 10,
            _ => fraction
                .parse()
                .map_err(|_| PointsError::NotANumber(text.to_owned()))?,
        };
        let hundredths = whole * 100 + fraction;
        Ok(Points(if negative { -hundredths } else { hundredths }))
    }
}

impl fmt::Display for Points {
    /// `2`, `1.5`, `0.25`: at most two decimals and no trailing zeros.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (whole, cents) = (abs / 100, abs % 100);
        let text = match cents {
            0 => format!("{sign}{whole}"),
            c if c % 10 == 0 => format!("{sign}{whole}.{}", c / 10),
            c => format!("{sign}{whole}.{c:02}"),
        };
        f.pad(&text)
    }
}

impl Add for Points {
    type Output = Points;
    fn add(self, rhs: Points) -> Points {
        Points(self.0 + rhs.0)
    }
}

impl AddAssign for Points {
    fn add_assign(&mut self, rhs: Points) {
        self.0 += rhs.0;
    }
}

impl Sub for Points {
    type Output = Points;
    fn sub(self, rhs: Points) -> Points {
        Points(self.0 - rhs.0)
    }
}

impl Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        iter.fold(Points::ZERO, Add::add)
    }
}

impl Serialize for Points {
    /// A JSON number: `60` for whole points, `1.5` otherwise. The f64 is only the output
    /// format; its shortest representation is exactly the decimal we hold.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0 % 100 == 0 {
            serializer.serialize_i64(self.0 / 100)
        } else {
            serializer.serialize_f64(self.as_f64())
        }
    }
}

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PointsVisitor;
        impl Visitor<'_> for PointsVisitor {
            type Value = Points;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("points: a number with at most two decimal places")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Points, E> {
                i64::try_from(v)
                    .ok()
                    .and_then(|v| v.checked_mul(100))
                    .map(Points)
                    .ok_or_else(|| E::custom("points: far too large"))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Points, E> {
                v.checked_mul(100)
                    .map(Points)
                    .ok_or_else(|| E::custom("points: far too large"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Points, E> {
                // Through the shortest decimal text, so 0.29 stays 0.29.
                v.to_string().parse().map_err(E::custom)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Points, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_any(PointsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Points {
        text.parse().unwrap()
    }

    #[test]
    fn parses_common_amounts_exactly() {
        assert_eq!(p("1"), Points::from_hundredths(100));
        assert_eq!(p("1.5"), Points::from_hundredths(150));
        assert_eq!(p("0.25"), Points::from_hundredths(25));
        assert_eq!(p(".5"), Points::from_hundredths(50));
        assert_eq!(p(" 2.50 "), Points::from_hundredths(250));
        assert_eq!(p("-3"), Points::from_hundredths(-300));
        assert_eq!(p("0.05"), Points::from_hundredths(5));
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        assert_eq!("".parse::<Points>(), Err(PointsError::Empty));
        assert!(matches!(
            "1.505".parse::<Points>(),
            Err(PointsError::TooManyDecimals(_))
        ));
        assert!(matches!(
            "1,5".parse::<Points>(),
            Err(PointsError::Comma(_))
        ));
        for bad in [
            "abc", "1.", ".", "1.2.3", "1e3", "--1", "0x10", "NaN", "inf", "1 000",
        ] {
            assert!(
                matches!(bad.parse::<Points>(), Err(PointsError::NotANumber(_))),
                "{bad} should be refused"
            );
        }
        assert!(matches!(
            "99999999999999999999".parse::<Points>(),
            Err(PointsError::TooLarge(_))
        ));
    }

    #[test]
    fn hundred_tenths_make_exactly_ten() {
        let total: Points = std::iter::repeat_n(p("0.1"), 100).sum();
        assert_eq!(total, Points::whole(10));
        assert_eq!(total.to_string(), "10");
    }

    #[test]
    fn displays_without_trailing_noise() {
        assert_eq!(p("2").to_string(), "2");
        assert_eq!(p("1.50").to_string(), "1.5");
        assert_eq!(p("0.25").to_string(), "0.25");
        assert_eq!(p("0.05").to_string(), "0.05");
        assert_eq!(p("-1.5").to_string(), "-1.5");
        assert_eq!(format!("{:>5}", p("1.5")), "  1.5");
    }

    #[test]
    fn json_numbers_round_trip() {
        assert_eq!(serde_json::to_string(&p("60")).unwrap(), "60");
        assert_eq!(serde_json::to_string(&p("0.29")).unwrap(), "0.29");
        assert_eq!(serde_json::to_string(&p("1.1")).unwrap(), "1.1");
        for text in ["60", "0.29", "1.1", "\"2.75\""] {
            let back: Points = serde_json::from_str(text).unwrap();
            assert_eq!(back.to_string(), text.trim_matches('"'));
        }
        assert!(serde_json::from_str::<Points>("0.125").is_err());
    }

    #[test]
    fn shortfall_never_goes_negative() {
        assert_eq!(p("60").shortfall_from(p("55")), p("5"));
        assert_eq!(p("60").shortfall_from(p("70")), Points::ZERO);
    }
}
