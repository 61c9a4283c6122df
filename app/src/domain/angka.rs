//! Reading numbers the way people in Indonesia type them: `1.234,5`, `1,5`, plain `4.25`,
//! `12%`, `Rp 1.500.000`. Every refusal says what was wrong in both languages.
//!
//! Decisions:
//! - With both `.` and `,` the later one is the decimal separator and the other groups thousands.
//! - A single `,` is the decimal comma (`1,5`).
//! - A single `.` followed by exactly three digits groups thousands (`1.500` is fifteen hundred,
//!   as it is written here); any other single `.` is a decimal point (`4.25`).
//! - Several `.` (or several `,`) group thousands and every group after the first has three digits.
//! - A trailing `%` is dropped: the unit (satuan) says the value is a percentage.

use super::msg::Msg;

fn not_a_number(text: &str) -> Msg {
    Msg::new(
        format!("“{text}” bukan angka; tulis misalnya 1.234,5 atau 95"),
        format!("“{text}” is not a number; write e.g. 1.234,5 or 95"),
    )
}

/// Whether `groups` (after the first) all have exactly three digits and the first has 1–3.
fn grouped(groups: &[&str]) -> bool {
    let digits = |g: &str| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit());
    groups.first().is_some_and(|g| digits(g) && g.len() <= 3) && groups[1..].iter().all(|g| digits(g) && g.len() == 3)
}

/// The digits and the decimal part of a written number, or `None` if it is not one.
fn split_number(body: &str) -> Option<(String, String)> {
    let (dots, commas) = (body.matches('.').count(), body.matches(',').count());
    let (int_part, frac_part) = match (dots, commas) {
        (0, 0) => (body.to_owned(), String::new()),
        (_, _) if dots > 0 && commas > 0 => {
            let decimal = if body.rfind(',') > body.rfind('.') { ',' } else { '.' };
            let group = if decimal == ',' { '.' } else { ',' };
            let (int, frac) = body.rsplit_once(decimal)?;
            if int.contains(decimal) || !grouped(&int.split(group).collect::<Vec<_>>()) {
                return None;
            }
            (int.replace(group, ""), frac.to_owned())
        }
        (0, 1) => {
            let (int, frac) = body.split_once(',')?;
            (int.to_owned(), frac.to_owned())
        }
        (1, 0) => {
            let (int, frac) = body.split_once('.')?;
            if frac.len() == 3 && !int.is_empty() {
                (format!("{int}{frac}"), String::new())
            } else {
                (int.to_owned(), frac.to_owned())
            }
        }
        (_, _) => {
            let group = if dots > 0 { '.' } else { ',' };
            if !grouped(&body.split(group).collect::<Vec<_>>()) {
                return None;
            }
            (body.replace(group, ""), String::new())
        }
    };
    let int_part = if int_part.is_empty() && !frac_part.is_empty() { "0".to_owned() } else { int_part };
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    (!int_part.is_empty() && digits(&int_part) && digits(&frac_part)).then_some((int_part, frac_part))
}

/// A number as typed: `1.234,5`, `1,5`, `4.25`, `-3`, `12%`.
pub fn parse_number(text: &str) -> Result<f64, Msg> {
    let trimmed = text.trim();
    let body = trimmed.strip_suffix('%').unwrap_or(trimmed).trim();
    let (negative, body) = match body.strip_prefix('-').or_else(|| body.strip_prefix('−')) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, body),
    };
    let (int_part, frac_part) = split_number(body).ok_or_else(|| not_a_number(trimmed))?;
    let value: f64 = format!("{int_part}.{}", if frac_part.is_empty() { "0" } else { &frac_part })
        .parse()
        .map_err(|_| not_a_number(trimmed))?;
    if !value.is_finite() {
        return Err(not_a_number(trimmed));
    }
    Ok(if negative { -value } else { value })
}

/// Whole rupiah as typed: `1.500.000`, `Rp 1.500.000`, `Rp1.500.000,00`, `1500000`.
pub fn parse_rupiah(text: &str) -> Result<i64, Msg> {
    let trimmed = text.trim();
    let body = trimmed
        .strip_prefix("Rp.")
        .or_else(|| trimmed.strip_prefix("Rp"))
        .or_else(|| trimmed.strip_prefix("rp"))
        .unwrap_or(trimmed)
        .trim();
    let refuse = || {
        Msg::new(
            format!("“{trimmed}” bukan jumlah rupiah; tulis rupiah penuh, misalnya 1.500.000"),
            format!("“{trimmed}” is not an amount of rupiah; write whole rupiah, e.g. 1.500.000"),
        )
    };
    if body.starts_with('-') || body.starts_with('−') {
        return Err(Msg::new(
            format!("“{trimmed}”: anggaran tidak boleh negatif"),
            format!("“{trimmed}”: a budget cannot be negative"),
        ));
    }
    // `1.500.000,00`: the decimal part of a rupiah amount may only be zero.
    let (int_part, frac_part) = split_number(body).ok_or_else(refuse)?;
    if frac_part.chars().any(|c| c != '0') {
        return Err(Msg::new(
            format!("“{trimmed}”: anggaran ditulis dalam rupiah penuh, tanpa sen"),
            format!("“{trimmed}”: budgets are whole rupiah, without cents"),
        ));
    }
    int_part.parse::<i64>().map_err(|_| refuse())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_the_ways_people_type_them() {
        for (text, value) in [
            ("95", 95.0),
            ("1.234,5", 1234.5),
            ("1,5", 1.5),
            ("4.25", 4.25),
            ("1.500", 1500.0),
            ("1.234.567", 1_234_567.0),
            ("1,234,567", 1_234_567.0),
            ("1,234.5", 1234.5),
            ("12%", 12.0),
            (" 72,5 % ", 72.5),
            ("-3", -3.0),
            (",5", 0.5),
            ("0,05", 0.05),
        ] {
            assert_eq!(parse_number(text), Ok(value), "{text}");
        }
    }

    #[test]
    fn what_is_not_a_number_is_refused_with_the_text_quoted() {
        for text in ["", "abc", "1.2.3", "12,34,5", "1.234,5,6", "9 5", "95 orang", "1e5", "NaN", "inf"] {
            let refused = parse_number(text).unwrap_err();
            assert!(refused.id.contains("bukan angka"), "{text}: {refused:?}");
        }
    }

    #[test]
    fn rupiah_are_whole_and_may_carry_the_currency_and_zero_cents() {
        for (text, value) in [
            ("1.500.000", 1_500_000),
            ("Rp 1.500.000", 1_500_000),
            ("Rp1.500.000,00", 1_500_000),
            ("Rp. 250.000", 250_000),
            ("1500000", 1_500_000),
            ("0", 0),
        ] {
            assert_eq!(parse_rupiah(text), Ok(value), "{text}");
        }
        assert!(parse_rupiah("1.500.000,50").unwrap_err().id.contains("tanpa sen"));
        assert!(parse_rupiah("-5").unwrap_err().id.contains("negatif"));
        assert!(parse_rupiah("lima juta").unwrap_err().id.contains("bukan jumlah rupiah"));
    }
}
