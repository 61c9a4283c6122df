//! The Indonesian way of writing numbers, money and dates (`1.234,5`, `Rp1.234.567`,
//! `2 Januari 2026`). Every figure the interface shows goes through these helpers.

use serde::{Deserialize, Serialize};

pub const BULAN: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Groups the digits of a non-negative integer by thousands with `.`.
fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

/// `1234567` → `1.234.567`.
pub fn format_integer(value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    format!("{sign}{}", group_thousands(&value.unsigned_abs().to_string()))
}

/// `1234.5` with up to `max_decimals` decimals → `1.234,5`; trailing zeros are dropped, halves
/// round away from zero.
pub fn format_decimal(value: f64, max_decimals: usize) -> String {
    if !value.is_finite() {
        return "–".to_owned();
    }
    // Half away from zero, as reports round (Rust's formatter rounds half to even).
    let factor = 10_f64.powi(max_decimals.min(15) as i32);
    let fixed = format!("{:.*}", max_decimals, (value.abs() * factor).round() / factor);
    let (int_part, frac_part) = match fixed.split_once('.') {
        Some((i, f)) => (i, f.trim_end_matches('0')),
        None => (fixed.as_str(), ""),
    };
    let is_zero = int_part.chars().all(|c| c == '0') && frac_part.is_empty();
    let sign = if value < 0.0 && !is_zero { "-" } else { "" };
    let grouped = group_thousands(int_part);
    if frac_part.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped},{frac_part}") }
}

/// `93.75` → `93,75%`.
pub fn format_percent(value: f64) -> String {
    format!("{}%", format_decimal(value, 2))
}

/// Whole rupiah → `Rp1.234.567` (negative: `-Rp1.234.567`).
pub fn format_rupiah(value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    format!("{sign}Rp{}", group_thousands(&value.unsigned_abs().to_string()))
}

/// A calendar date without a time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CivilDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl CivilDate {
    /// `None` when the day does not exist (30 Februari, month 13 …).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        (day >= 1 && day <= days_in_month(year, month)).then_some(Self { year, month, day })
    }

    /// The date `days` after 1 January 1970 (H. Hinnant's `civil_from_days`).
    pub fn from_days_since_epoch(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Self { year, month, day }
    }

    /// Days since 1 January 1970 (the inverse of [`CivilDate::from_days_since_epoch`]).
    pub fn days_since_epoch(&self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// `2 Januari 2026`.
    pub fn format_long(&self) -> String {
        let name = BULAN.get(self.month.wrapping_sub(1) as usize).copied().unwrap_or("?");
        format!("{} {} {}", self.day, name, self.year)
    }

    /// `2 January 2026`, for the English interface.
    pub fn format_long_en(&self) -> String {
        let name = MONTHS_EN.get(self.month.wrapping_sub(1) as usize).copied().unwrap_or("?");
        format!("{} {} {}", self.day, name, self.year)
    }

    /// The long form in the interface's language.
    pub fn format_in(&self, english: bool) -> String {
        if english { self.format_long_en() } else { self.format_long() }
    }

    /// ISO `2026-01-02`, the value of an `<input type="date">`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Parses `2026-01-02`.
    pub fn parse_iso(text: &str) -> Option<Self> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Self::new(year, month, day)
    }
}

/// Offset of Waktu Indonesia Barat from UTC, in seconds. Stored times are UTC seconds; the
/// interface shows them in WIB (a per-Pemda zone is a later setting).
pub const WIB_OFFSET_SECONDS: i64 = 7 * 3600;

/// UTC seconds → `2 Januari 2026 14.05 WIB` (Indonesian writes the time with a dot).
pub fn format_timestamp(unix_seconds: i64) -> String {
    let local = unix_seconds + WIB_OFFSET_SECONDS;
    let date = CivilDate::from_days_since_epoch(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    format!("{} {:02}.{:02} WIB", date.format_long(), secs / 3600, (secs % 3600) / 60)
}

/// UTC seconds → `9 February 2026, 14:05 WIB` in English, [`format_timestamp`] otherwise.
pub fn format_timestamp_in(unix_seconds: i64, english: bool) -> String {
    if !english {
        return format_timestamp(unix_seconds);
    }
    let local = unix_seconds + WIB_OFFSET_SECONDS;
    let date = CivilDate::from_days_since_epoch(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    format!("{}, {:02}:{:02} WIB", date.format_long_en(), secs / 3600, (secs % 3600) / 60)
}

/// UTC seconds → the WIB calendar date.
pub fn date_of_timestamp(unix_seconds: i64) -> CivilDate {
    CivilDate::from_days_since_epoch((unix_seconds + WIB_OFFSET_SECONDS).div_euclid(86_400))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timestamp_reads_the_way_each_language_writes_it() {
        // 2026-02-09 07:05 UTC is 14.05 WIB.
        let at = CivilDate::new(2026, 2, 9).map(|d| d.days_since_epoch() * 86_400 + 7 * 3600 + 5 * 60).unwrap_or(0);
        assert_eq!(format_timestamp_in(at, false), "9 Februari 2026 14.05 WIB");
        assert_eq!(format_timestamp_in(at, true), "9 February 2026, 14:05 WIB");
    }

    #[test]
    fn numbers_use_dots_for_thousands_and_a_comma_for_decimals() {
        assert_eq!(format_decimal(1234.5, 2), "1.234,5");
        assert_eq!(format_decimal(1_234_567.891, 2), "1.234.567,89");
        assert_eq!(format_decimal(0.0, 2), "0");
        assert_eq!(format_decimal(-0.001, 2), "0");
        assert_eq!(format_decimal(-1500.25, 1), "-1.500,3");
        assert_eq!(format_integer(1_234_567), "1.234.567");
        assert_eq!(format_integer(999), "999");
        assert_eq!(format_integer(-1000), "-1.000");
        assert_eq!(format_percent(93.75), "93,75%");
    }

    #[test]
    fn money_is_whole_rupiah_without_a_space() {
        assert_eq!(format_rupiah(1_234_567), "Rp1.234.567");
        assert_eq!(format_rupiah(0), "Rp0");
        assert_eq!(format_rupiah(-25_000), "-Rp25.000");
        assert_eq!(format_rupiah(i64::MIN), "-Rp9.223.372.036.854.775.808");
    }

    #[test]
    fn dates_are_written_with_indonesian_month_names() {
        let date = CivilDate::new(2026, 1, 2).unwrap();
        assert_eq!(date.format_long(), "2 Januari 2026");
        assert_eq!(date.format_long_en(), "2 January 2026");
        assert_eq!(CivilDate::new(2024, 2, 29).map(|d| d.format_long()).as_deref(), Some("29 Februari 2024"));
        assert_eq!(CivilDate::new(2025, 2, 29), None);
        assert_eq!(CivilDate::new(2025, 13, 1), None);
        assert_eq!(CivilDate::parse_iso("2026-03-31").map(|d| d.format_long()).as_deref(), Some("31 Maret 2026"));
    }

    #[test]
    fn timestamps_are_shown_in_western_indonesian_time() {
        // 2026-01-01T17:30:00Z is 2 January 00.30 in Jakarta.
        assert_eq!(format_timestamp(1_767_288_600), "2 Januari 2026 00.30 WIB");
    }

    #[test]
    fn day_counting_round_trips_over_centuries() {
        for days in (-800_000..800_000).step_by(997) {
            let date = CivilDate::from_days_since_epoch(days);
            assert!(CivilDate::new(date.year, date.month, date.day).is_some());
            assert_eq!(date.days_since_epoch(), days);
        }
    }
}
