//! Publication dates in the forms news dumps carry, as seconds since the
//! Unix epoch (UTC). A date that parses in none of them is missing, never
//! guessed.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

/// Parse `s` as ISO 8601 / RFC 3339 (with or without time and zone),
/// RFC 2822, a plain `YYYY-MM-DD`, or `DD-MON-YYYY HH:MM:SS` (as in old wire
/// archives). Times without a zone are taken as UTC.
pub fn parse_timestamp(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.timestamp());
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Some(t.timestamp());
    }
    const ZONED: &[&str] = &[
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
    ];
    for f in ZONED {
        if let Ok(t) = DateTime::parse_from_str(s, f) {
            return Some(t.timestamp());
        }
    }
    const NAIVE: &[&str] = &[
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%d-%b-%Y %H:%M:%S%.f",
    ];
    for f in NAIVE {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(t.and_utc().timestamp());
        }
    }
    for f in ["%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%B %d, %Y", "%d-%b-%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return Some(d.and_hms_opt(0, 0, 0)?.and_utc().timestamp());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_forms_agree() {
        let day = parse_timestamp("2024-03-28").unwrap();
        assert_eq!(parse_timestamp("2024-03-28T00:00:00Z"), Some(day));
        assert_eq!(parse_timestamp("2024-03-28T01:00:00+01:00"), Some(day));
        assert_eq!(parse_timestamp("2024-03-28 00:00:00"), Some(day));
        assert_eq!(
            parse_timestamp("Thu, 28 Mar 2024 00:00:00 +0000"),
            Some(day)
        );
        assert_eq!(parse_timestamp("28-MAR-2024 00:00:00.00"), Some(day));
        assert_eq!(parse_timestamp("March 28, 2024"), Some(day));
    }

    #[test]
    fn garbage_is_missing() {
        assert_eq!(parse_timestamp("yesterday"), None);
        assert_eq!(parse_timestamp("2024-13-45"), None);
        assert_eq!(parse_timestamp(""), None);
    }
}
