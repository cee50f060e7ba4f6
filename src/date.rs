//! Publication dates in the forms news dumps carry, as seconds since the
//! Unix epoch (UTC). A date that parses in none of them is missing, never
//! guessed; [`DateFormats::parse`] says why it was refused.

use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Weekday};

/// How dates are read: `--date-format` first, when given, then the forms
/// [`DateFormats::parse`] lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateFormats {
    custom: Option<String>,
}

impl DateFormats {
    /// The built-in forms after `format` (a chrono strftime format, as
    /// `--date-format` takes it); a format chrono cannot read is refused.
    pub fn new(format: Option<&str>) -> Result<DateFormats, String> {
        if let Some(f) = format {
            if f.trim().is_empty() {
                return Err("--date-format is empty".to_string());
            }
            if StrftimeItems::new(f).any(|item| matches!(item, Item::Error)) {
                return Err(format!(
                    "--date-format '{f}' is not a strftime format chrono reads \
                     (e.g. '%d.%m.%Y %H:%M')"
                ));
            }
        }
        Ok(DateFormats {
            custom: format.map(str::to_string),
        })
    }

    /// `s` as seconds since the epoch, or why it is not a date.
    ///
    /// Read as ISO 8601 / RFC 3339 (with or without time and zone; zones
    /// as `Z`, `+01:00`, `+0100`, `+01` or a trailing `UTC`/`GMT`; the
    /// basic form `20240328T101500Z` too), RFC 2822 (also with the zone
    /// left out), a plain `YYYY-MM-DD` or `YYYYMMDD`, `YYYY/MM/DD`, `28
    /// March 2024`, `March 28, 2024`, C's `Thu Mar 28 10:15:00 2024`, or
    /// `DD-MON-YYYY HH:MM:SS` (as in old wire archives); times as `10:15
    /// AM` or `10:15 a.m.`; a trailing zone abbreviation from [`ZONES`];
    /// Unix epoch seconds (9 or 10 digits) or milliseconds (12 or 13
    /// digits). Times without a zone are taken as UTC.
    pub fn parse(&self, s: &str) -> Result<i64, String> {
        let s = s.trim();
        if s.is_empty() {
            return Err("it is empty".to_string());
        }
        if let Some(f) = &self.custom
            && let Some(t) = with_zone(s, |s| parse_with(s, f))
        {
            return Ok(t);
        }
        if let Some(epoch) = epoch(s) {
            return epoch;
        }
        if let Some(t) = builtin(s).or_else(|| with_zone(&ante_meridiem(s), naive)) {
            return Ok(t);
        }
        if let Some(why) = wrong_weekday(s) {
            return Err(why);
        }
        Err(match &self.custom {
            Some(f) => format!("it matches neither --date-format '{f}' nor a known form"),
            None => "not a known form; --date-format can give its form".to_string(),
        })
    }
}

/// The forms read before zone abbreviations and `AM`/`PM` are looked at.
fn builtin(s: &str) -> Option<i64> {
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
    naive(s)
}

/// A date and time without a zone, taken as UTC.
fn naive(s: &str) -> Option<i64> {
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
        "%a, %d %b %Y %H:%M",
        "%d %b %Y %H:%M:%S",
        "%d %B %Y %H:%M:%S",
        "%d %B %Y %H:%M",
        // Month names with a 24-hour or a 12-hour time (`%B` reads the
        // full name and its abbreviation alike, `%b` the abbreviation only).
        "%B %d, %Y %H:%M:%S",
        "%B %d, %Y %H:%M",
        "%B %d, %Y %I:%M:%S %p",
        "%B %d, %Y %I:%M %p",
        "%B %d, %Y, %I:%M %p",
        "%B %d, %Y at %I:%M %p",
        "%A, %B %d, %Y %I:%M %p",
        "%A, %B %d, %Y, %I:%M %p",
        "%A, %B %d, %Y at %I:%M %p",
        "%A, %d %B %Y %H:%M",
        "%d %B %Y %I:%M %p",
        "%d %B %Y, %H:%M",
        "%I:%M %p, %B %d, %Y",
        "%I:%M %p %B %d, %Y",
        "%Y-%m-%d %I:%M:%S %p",
        "%Y-%m-%d %I:%M %p",
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
        "%A, %B %d, %Y",
        "%A, %d %B %Y",
        "%d-%b-%Y",
    ];
    for f in DAYS {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return Some(d.and_hms_opt(0, 0, 0)?.and_utc().timestamp());
        }
    }
    None
}

/// `s` by a user's strftime format: with a zone (`%z`), without one (UTC),
/// or a day alone.
fn parse_with(s: &str, f: &str) -> Option<i64> {
    if let Ok(t) = DateTime::parse_from_str(s, f) {
        return Some(t.timestamp());
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
        return Some(t.and_utc().timestamp());
    }
    let d = NaiveDate::parse_from_str(s, f).ok()?;
    Some(d.and_hms_opt(0, 0, 0)?.and_utc().timestamp())
}

/// Zone abbreviations read at the end of a date, with their offset from
/// UTC in minutes. Only abbreviations with one common meaning: `IST`
/// (India, Ireland, Israel) and `AST` (Atlantic, Arabia) are left out, and
/// `CST` is US Central, as in RFC 2822. `ET`, `PT` and the like name no
/// fixed offset (standard or daylight time by the date) and are left out.
pub const ZONES: &[(&str, i32)] = &[
    ("UT", 0),
    ("UTC", 0),
    ("GMT", 0),
    ("Z", 0),
    ("WET", 0),
    ("WEST", 60),
    ("BST", 60),
    ("CET", 60),
    ("CEST", 120),
    ("MET", 60),
    ("MEST", 120),
    ("EET", 120),
    ("EEST", 180),
    ("MSK", 180),
    ("WAT", 60),
    ("CAT", 120),
    ("SAST", 120),
    ("EAT", 180),
    ("NST", -210),
    ("NDT", -150),
    ("ADT", -180),
    ("EST", -300),
    ("EDT", -240),
    ("CST", -360),
    ("CDT", -300),
    ("MST", -420),
    ("MDT", -360),
    ("PST", -480),
    ("PDT", -420),
    ("AKST", -540),
    ("AKDT", -480),
    ("HST", -600),
    ("BRT", -180),
    ("ART", -180),
    ("PKT", 300),
    ("ICT", 420),
    ("WIB", 420),
    ("HKT", 480),
    ("SGT", 480),
    ("AWST", 480),
    ("JST", 540),
    ("KST", 540),
    ("ACST", 570),
    ("ACDT", 630),
    ("AEST", 600),
    ("AEDT", 660),
    ("NZST", 720),
    ("NZDT", 780),
];

/// `parse` applied to `s` with a trailing zone taken off and applied: an
/// abbreviation from [`ZONES`] (also in parentheses, `(EDT)`) or an offset
/// `+01:00`/`+0100` after a space.
fn with_zone(s: &str, parse: impl Fn(&str) -> Option<i64>) -> Option<i64> {
    if let Some(t) = parse(s) {
        return Some(t);
    }
    let (head, last) = s.rsplit_once(char::is_whitespace)?;
    let token = last.trim_matches(|c| c == '(' || c == ')');
    let minutes = match ZONES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(token))
    {
        Some(&(_, m)) => m,
        None => numeric_offset(token)?,
    };
    parse(head.trim_end()).map(|t| t - i64::from(minutes) * 60)
}

/// `+01:00`, `+0100`, `-05`: an offset in minutes.
fn numeric_offset(token: &str) -> Option<i32> {
    let sign = match token.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = token[1..].chars().filter(|&c| c != ':').collect();
    if !matches!(digits.len(), 2 | 4) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits.get(2..).map_or(Ok(0), str::parse).ok()?;
    (hours < 24 && minutes < 60).then_some(sign * (hours * 60 + minutes))
}

/// `10:15 a.m.` as `10:15 AM`, the form chrono reads (AP style writes the
/// former).
fn ante_meridiem(s: &str) -> String {
    let mut out = s.to_string();
    for (from, to) in [
        ("a.m.", "AM"),
        ("p.m.", "PM"),
        ("A.M.", "AM"),
        ("P.M.", "PM"),
    ] {
        out = out.replace(from, to);
    }
    out
}

/// A number in a date field as Unix epoch time, told apart by its digits
/// (whole part): 9 or 10 are seconds (1973 to 2286), 12 or 13
/// milliseconds (the same years); 8 are left to `YYYYMMDD`; any other
/// count is refused, with why. `None` when `s` is not a plain number.
fn epoch(s: &str) -> Option<Result<i64, String>> {
    let (whole, fraction) = s.split_once('.').unwrap_or((s, "0"));
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(fraction) {
        return None;
    }
    let n = whole.len();
    Some(match n {
        8 if fraction == "0" => return None,
        9 | 10 => Ok(whole.parse().ok()?),
        12 | 13 => Ok(whole.parse::<i64>().ok()? / 1000),
        11 => Err("a number of 11 digits: epoch seconds have 9 or 10 digits \
                   and milliseconds 12 or 13, so it could be either"
            .to_string()),
        _ => Err(format!(
            "a number of {n} digits is not a date (epoch seconds have 9 or 10 digits, \
             milliseconds 12 or 13)"
        )),
    })
}

/// Why a date that names a weekday was refused when the weekday is the
/// only thing wrong with it: `Fri, 28 Mar 2024 ...` (RFC 2822) or
/// `Friday, March 28, 2024 ...`.
fn wrong_weekday(s: &str) -> Option<String> {
    let (day, rest) = s.split_once(',')?;
    let given: Weekday = day.trim().parse().ok()?;
    let rest = rest.trim();
    // The weekday is the one thing wrong if the rest reads as a date.
    builtin(rest).or_else(|| with_zone(&ante_meridiem(rest), naive))?;
    let words: Vec<&str> = rest.split_whitespace().take(3).collect();
    let date = words.join(" ");
    let day_of = ["%d %b %Y", "%B %d, %Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(date.trim_end_matches(','), f).ok())?;
    let actual = day_of.weekday();
    (actual != given).then(|| {
        format!(
            "it says {} but {} was a {}",
            day.trim(),
            date.trim_end_matches(','),
            weekday_name(actual)
        )
    })
}

fn weekday_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
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

    fn parse_timestamp(s: &str) -> Option<i64> {
        DateFormats::default().parse(s).ok()
    }

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
        // Never guessed: week dates and the like are missing.
        assert_eq!(parse_timestamp("2024-W13-4"), None);
        assert_eq!(parse_timestamp("next Tuesday"), None);
        assert_eq!(parse_timestamp("yesterday"), None);
        assert_eq!(parse_timestamp("2024-13-45"), None);
        assert_eq!(parse_timestamp(""), None);
    }

    #[test]
    fn epoch_seconds_and_milliseconds_by_their_digits() {
        let t = parse_timestamp("2024-03-28T10:00:00Z").unwrap();
        assert_eq!(t, 1711620000);
        assert_eq!(parse_timestamp("1711620000"), Some(t));
        assert_eq!(parse_timestamp("1711620000.75"), Some(t));
        assert_eq!(parse_timestamp("1711620000123"), Some(t));
        // 1973-03-03, the first 9-digit second.
        assert_eq!(parse_timestamp("100000000"), Some(100_000_000));
        // Eight digits are a day, not an epoch.
        assert_eq!(parse_timestamp("20240328"), parse_timestamp("2024-03-28"));
        let why = |s| DateFormats::default().parse(s).unwrap_err();
        assert!(
            why("17116200001").contains("could be either"),
            "{}",
            why("17116200001")
        );
        assert!(why("2024").contains("4 digits is not a date"));
        assert!(why("1711620000123456").contains("16 digits"));
    }

    #[test]
    fn zone_abbreviations_are_read_from_the_table() {
        let t = parse_timestamp("2024-03-28T10:00:00Z").unwrap();
        for s in [
            "2024-03-28 06:00:00 EDT",
            "2024-03-28 11:00 CET",
            "2024-03-28 12:00:00 cest",
            "Thu, 28 Mar 2024 11:00:00 CET",
            "March 28, 2024 3:00 AM PDT",
            "March 28, 2024 2:00 a.m. PST",
            "Thursday, March 28, 2024 at 6:00 AM (EDT)",
            "28 March 2024 19:00 JST",
            "March 28, 2024 11:00 +01:00",
        ] {
            assert_eq!(parse_timestamp(s), Some(t), "{s}");
        }
        // Names with more than one meaning are not guessed.
        assert_eq!(parse_timestamp("2024-03-28 15:30 IST"), None);
        assert_eq!(parse_timestamp("2024-03-28 10:00 XYZ"), None);
    }

    #[test]
    fn twelve_hour_times() {
        let t = parse_timestamp("2024-03-28T22:15:00Z").unwrap();
        for s in [
            "March 28, 2024 10:15 PM",
            "Mar 28, 2024, 10:15 pm",
            "March 28, 2024 at 10:15 p.m.",
            "2024-03-28 10:15 PM",
            "10:15 PM, March 28, 2024",
            "28 March 2024 10:15 PM",
        ] {
            assert_eq!(parse_timestamp(s), Some(t), "{s}");
        }
        assert_eq!(
            parse_timestamp("March 28, 2024 12:05 AM"),
            parse_timestamp("2024-03-28T00:05:00Z")
        );
    }

    #[test]
    fn a_wrong_weekday_says_so() {
        let why = DateFormats::default()
            .parse("Fri, 28 Mar 2024 10:00:00 +0000")
            .unwrap_err();
        assert_eq!(why, "it says Fri but 28 Mar 2024 was a Thursday");
        let why = DateFormats::default()
            .parse("Friday, March 28, 2024 10:15 AM")
            .unwrap_err();
        assert_eq!(why, "it says Friday but March 28, 2024 was a Thursday");
        assert_eq!(
            DateFormats::default().parse("next Tuesday").unwrap_err(),
            "not a known form; --date-format can give its form"
        );
    }

    #[test]
    fn a_date_format_comes_first() {
        let dates = DateFormats::new(Some("%d.%m.%Y %H:%M")).unwrap();
        let t = parse_timestamp("2024-03-28T10:00:00Z").unwrap();
        assert_eq!(dates.parse("28.03.2024 10:00"), Ok(t));
        assert_eq!(dates.parse("28.03.2024 11:00 CET"), Ok(t));
        // The known forms still follow it.
        assert_eq!(dates.parse("2024-03-28T10:00:00Z"), Ok(t));
        let day = DateFormats::new(Some("%d/%m/%Y")).unwrap();
        assert_eq!(
            day.parse("03/04/2024"),
            Ok(parse_timestamp("2024-04-03").unwrap())
        );
        assert_eq!(
            day.parse("3 o'clock").unwrap_err(),
            "it matches neither --date-format '%d/%m/%Y' nor a known form"
        );
        assert!(DateFormats::new(Some("%Q")).unwrap_err().contains("'%Q'"));
        assert!(DateFormats::new(Some(" ")).is_err());
    }
}
