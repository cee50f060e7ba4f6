//! Publication dates in the forms news dumps carry, as seconds since the
//! Unix epoch (UTC). A date that parses in none of them is missing, never
//! guessed.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

/// Parse `s` as ISO 8601 / RFC 3339 (with or without time and zone; zones
/// as `Z`, `+01:00`, `+0100`, `+01` or a trailing `UTC`/`GMT`; the basic
/// form `20240328T101500Z` too), RFC 2822 (also with the zone left out),
/// a plain `YYYY-MM-DD` or `YYYYMMDD`, `YYYY/MM/DD`, `28 March 2024`,
/// `March 28, 2024`, C's `Thu Mar 28 10:15:00 2024`, or
/// `DD-MON-YYYY HH:MM:SS` (as in old wire archives). Times without a zone
/// are taken as UTC.
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
        "%Y-%m-%d %H:%M%z",
        "%Y%m%dT%H%M%S%z",
    ];
    let zoned = canonical_zone(s);
    let z = zoned.as_deref().unwrap_or(s);
    for f in ZONED {
        if let Ok(t) = DateTime::parse_from_str(z, f) {
            return Some(t.timestamp());
        }
    }
    const NAIVE: &[&str] = &[
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%d-%b-%Y %H:%M:%S%.f",
        "%Y%m%dT%H%M%S",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
        "%a %b %e %H:%M:%S %Y",
        // RFC 2822 with the zone left out, as some scrapers write it.
        "%a, %d %b %Y %H:%M:%S",
        "%d %b %Y %H:%M:%S",
    ];
    for f in NAIVE {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(t.and_utc().timestamp());
        }
    }
    const DAYS: &[&str] = &[
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%Y%m%d",
        "%d %B %Y",
        "%B %d, %Y",
        "%d-%b-%Y",
    ];
    for f in DAYS {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return Some(d.and_hms_opt(0, 0, 0)?.and_utc().timestamp());
        }
    }
    None
}

/// A zone written as `Z`, `UTC`, `GMT` or whole hours (`+01`) rewritten as
/// `+HH:MM` for the zoned formats; `None` when there is nothing to rewrite.
fn canonical_zone(s: &str) -> Option<String> {
    for utc in [" UTC", " GMT", "UTC", "GMT", "Z", "z"] {
        if let Some(head) = s.strip_suffix(utc)
            && head.ends_with(|c: char| c.is_ascii_digit())
        {
            return Some(format!("{head}+00:00"));
        }
    }
    let b = s.as_bytes();
    let n = b.len();
    // `...10:15+01`: an offset of whole hours after a time.
    if n > 3
        && matches!(b[n - 3], b'+' | b'-')
        && b[n - 2..].iter().all(u8::is_ascii_digit)
        && s[..n - 3].contains(':')
    {
        return Some(format!("{s}:00"));
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
    fn zones_and_basic_forms() {
        let t = parse_timestamp("2024-03-28T10:00:00Z").unwrap();
        for s in [
            "2024-03-28T10:00Z",
            "2024-03-28T11:00+01",
            "2024-03-28T05:00:00-05",
            "2024-03-28 10:00:00 UTC",
            "2024-03-28 10:00 GMT",
            "2024-03-28T11:00:00.250+0100",
            "20240328T100000Z",
            "20240328T100000",
            "Thu Mar 28 10:00:00 2024",
            "Thu, 28 Mar 2024 10:00:00 GMT",
            "2024/03/28 10:00",
        ] {
            assert_eq!(parse_timestamp(s), Some(t), "{s}");
        }
        assert_eq!(parse_timestamp("20240328"), parse_timestamp("2024-03-28"));
    }

    #[test]
    fn more_forms_seen_in_dumps() {
        let day = parse_timestamp("2024-03-28").unwrap();
        for s in [
            "28 Mar 2024",
            "28 March 2024",
            "Mar 28, 2024",
            "2024/03/28",
            " 2024-03-28 ",
        ] {
            assert_eq!(parse_timestamp(s), Some(day), "{s}");
        }
        let t = parse_timestamp("2024-03-28T10:00:00Z").unwrap();
        for s in [
            "2024-03-28T10:00:00.123456Z",
            "2024-03-28T10:00:00.5",
            "2024-03-28t10:00:00z",
            "Thu, 28 Mar 2024 11:00:00 +0100",
            "Thu, 28 Mar 2024 05:00:00 EST",
            "28 Mar 2024 10:00:00 GMT",
            "Thu, 28 Mar 2024 10:00:00",
        ] {
            assert_eq!(parse_timestamp(s).map(|x| x - x % 60), Some(t), "{s}");
        }
    }

    #[test]
    fn garbage_is_missing() {
        // Never guessed: epoch numbers, week dates and the like are missing.
        assert_eq!(parse_timestamp("1711620000"), None);
        assert_eq!(parse_timestamp("2024-W13-4"), None);
        assert_eq!(parse_timestamp("next Tuesday"), None);
        assert_eq!(parse_timestamp("yesterday"), None);
        assert_eq!(parse_timestamp("2024-13-45"), None);
        assert_eq!(parse_timestamp(""), None);
    }
}
