//! NIP, the 18-digit civil-servant number: birth date `YYYYMMDD`, appointment `YYYYMM`,
//! gender `1|2`, serial `NNN`, written `19900303 201001 2 003`. Pejabat negara (a Bupati) have none.

use super::format::CivilDate;
use super::msg::Msg;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Nip(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NipError {
    #[error("NIP harus 18 angka, tertulis {0}")]
    Length(usize),
    #[error("NIP hanya boleh berisi angka")]
    NotDigits,
    #[error("tanggal lahir dalam NIP tidak valid")]
    BirthDate,
    #[error("bulan/tahun pengangkatan dalam NIP tidak valid")]
    AppointmentDate,
    #[error("kode jenis kelamin dalam NIP harus 1 atau 2")]
    Gender,
    #[error("nomor urut dalam NIP tidak boleh 000")]
    Serial,
}

impl NipError {
    pub fn msg(&self) -> Msg {
        let en = match self {
            Self::Length(n) => format!("a NIP has 18 digits, {n} were given"),
            Self::NotDigits => "a NIP may contain digits only".to_owned(),
            Self::BirthDate => "the birth date in the NIP is not a real date".to_owned(),
            Self::AppointmentDate => "the appointment month/year in the NIP is not valid".to_owned(),
            Self::Gender => "the gender digit of a NIP must be 1 or 2".to_owned(),
            Self::Serial => "the serial number of a NIP cannot be 000".to_owned(),
        };
        Msg::new(self.to_string(), en)
    }
}

impl Nip {
    /// Accepts the compact and the spaced form; anything but digits and spaces is refused.
    pub fn parse(input: &str) -> Result<Self, NipError> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if !compact.chars().all(|c| c.is_ascii_digit()) {
            return Err(NipError::NotDigits);
        }
        if compact.len() != 18 {
            return Err(NipError::Length(compact.len()));
        }
        let num = |range: std::ops::Range<usize>| compact[range].parse::<u32>().unwrap_or(0);
        let birth = CivilDate::new(num(0..4) as i32, num(4..6), num(6..8)).ok_or(NipError::BirthDate)?;
        if !(1930..=2015).contains(&birth.year) {
            return Err(NipError::BirthDate);
        }
        let (app_year, app_month) = (num(8..12) as i32, num(12..14));
        // Appointment comes after school age; nobody is appointed before the age of 15.
        if !(1..=12).contains(&app_month) || app_year < birth.year + 15 || app_year > 2100 {
            return Err(NipError::AppointmentDate);
        }
        if !matches!(&compact[14..15], "1" | "2") {
            return Err(NipError::Gender);
        }
        if &compact[15..18] == "000" {
            return Err(NipError::Serial);
        }
        Ok(Self(compact))
    }

    /// The 18 digits without spaces, as stored and as written into spreadsheets (as text).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `19900303 201001 2 003`.
    pub fn formatted(&self) -> String {
        let s = &self.0;
        format!("{} {} {} {}", &s[0..8], &s[8..14], &s[14..15], &s[15..18])
    }

    pub fn birth_date(&self) -> Option<CivilDate> {
        let s = &self.0;
        CivilDate::new(s[0..4].parse().ok()?, s[4..6].parse().ok()?, s[6..8].parse().ok()?)
    }
}

/// Formats a stored NIP for display; a value that does not parse is shown as it is.
pub fn display_nip(stored: &str) -> String {
    Nip::parse(stored).map(|n| n.formatted()).unwrap_or_else(|_| stored.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_nip_is_shown_in_four_groups() {
        let nip = Nip::parse("199003032010012003").unwrap();
        assert_eq!(nip.formatted(), "19900303 201001 2 003");
        assert_eq!(nip.as_str(), "199003032010012003");
        assert_eq!(nip.birth_date(), CivilDate::new(1990, 3, 3));
    }

    #[test]
    fn the_spaced_form_is_accepted_as_input() {
        assert_eq!(Nip::parse(" 19900303 201001 2 003 ").unwrap().as_str(), "199003032010012003");
    }

    #[test]
    fn a_nip_with_the_wrong_length_or_letters_is_refused() {
        assert_eq!(Nip::parse("19900303201001200"), Err(NipError::Length(17)));
        assert_eq!(Nip::parse("1990030320100120031"), Err(NipError::Length(19)));
        assert_eq!(Nip::parse("19900303-201001-2-003"), Err(NipError::NotDigits));
    }

    #[test]
    fn impossible_dates_inside_a_nip_are_refused() {
        assert_eq!(Nip::parse("199002302010012003"), Err(NipError::BirthDate));
        assert_eq!(Nip::parse("199003032010132003"), Err(NipError::AppointmentDate));
        assert_eq!(Nip::parse("199003032000012003"), Err(NipError::AppointmentDate));
    }

    #[test]
    fn gender_and_serial_digits_are_checked() {
        assert_eq!(Nip::parse("199003032010013003"), Err(NipError::Gender));
        assert_eq!(Nip::parse("199003032010011000"), Err(NipError::Serial));
    }

    #[test]
    fn errors_explain_themselves_in_both_languages() {
        let msg = NipError::Length(17).msg();
        assert!(msg.id.contains("18 angka"));
        assert!(msg.en.contains("18 digits"));
    }
}
