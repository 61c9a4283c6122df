//! Capaian: how far a realisation reaches its target, in percent (`../shared/domain/SAKIP.md` §5).
//!
//! Pure and compiled into the browser too, so the Rencana Aksi page shows the figure the server
//! stores. Every answer is a finite number, "not reported", or a refusal with its reason — never a
//! silent 0, never NaN or infinity.
//!
//! Decisions where the regulation is silent:
//! - A missing realisation is *not reported*, whatever the period; it is never read as 0.
//! - A target of 0 has no ratio: the indicator must say what it means ([`ZeroTarget`]).
//! - A ratio formula needs a target above 0; an indicator around zero is a range.
//! - A realisation below 0 for a positive indicator gives 0 (the formula would go negative).
//! - `T / R` for a negative indicator with a realisation of 0 (nothing bad happened) is the cap when
//!   the indicator has one, otherwise refused: the ratio has no finite value.
//! - Range (maintain) indicators: 100 inside the band; outside it capaian falls by the band's width
//!   — `100 × (1 − distance / width)`, floored at 0 — so one width outside gives 0. A band of no
//!   width is refused.
//! - Ordinal targets (Opini BPK, SAKIP grades) are compared by their scores; they cannot be summed
//!   or averaged, so only "nilai akhir" aggregates them.

use super::Msg;
use serde::{Deserialize, Serialize};

/// Which way is better.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Polarity {
    /// Semakin tinggi semakin baik.
    Positive,
    /// Semakin rendah semakin baik.
    Negative,
    /// Keep the value inside a band, e.g. inflation 2,5 ± 1 → `Range { low: 1.5, high: 3.5 }`.
    Range { low: f64, high: f64 },
}

/// The formula for negative indicators, chosen per Pemda.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum NegativeFormula {
    /// `(2T − R) / T × 100`, floored at 0 (the default).
    #[default]
    TwiceTargetMinusRealisation,
    /// `T / R × 100`.
    TargetOverRealisation,
}

/// How the periods (quarters or months) of a year add up to the figure so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Aggregation {
    /// ΣR against ΣT over the reported periods.
    Kumulatif,
    /// The last reported period's R against its T.
    NilaiAkhir,
    /// The mean R against the mean T over the reported periods.
    RataRata,
}

/// The most capaian may show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cap {
    #[default]
    None,
    At100,
    At120,
}

impl Cap {
    fn limit(self) -> Option<f64> {
        match self {
            Cap::None => None,
            Cap::At100 => Some(100.0),
            Cap::At120 => Some(120.0),
        }
    }
}

/// What a target of 0 means for an indicator (e.g. "0 kasus gizi buruk").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ZeroTarget {
    /// Not decided: capaian is refused until the indicator says.
    #[default]
    Unset,
    /// 100 when the realisation meets the target the indicator's way (at most 0 for a negative
    /// indicator, at least 0 for a positive one), otherwise 0.
    AllOrNothing,
}

/// A scale of named grades, best last: `WTP` scores higher than `WDP`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrdinalScale {
    pub name: String,
    /// `(grade, score)`, scores rising.
    pub grades: Vec<(String, u32)>,
}

impl OrdinalScale {
    /// Opini BPK: WTP (4) > WDP (3) > TW (2) > TMP (1).
    pub fn opini_bpk() -> OrdinalScale {
        OrdinalScale::new("Opini BPK", &[("TMP", 1), ("TW", 2), ("WDP", 3), ("WTP", 4)])
    }

    /// The SAKIP grade: AA (7) … D (1).
    pub fn nilai_sakip() -> OrdinalScale {
        OrdinalScale::new("Nilai SAKIP", &[("D", 1), ("C", 2), ("CC", 3), ("B", 4), ("BB", 5), ("A", 6), ("AA", 7)])
    }

    fn new(name: &str, grades: &[(&str, u32)]) -> OrdinalScale {
        OrdinalScale { name: name.to_owned(), grades: grades.iter().map(|(g, s)| ((*g).to_owned(), *s)).collect() }
    }

    /// The score of a grade as written (case and surrounding spaces ignored), or why not.
    pub fn score(&self, grade: &str) -> Result<f64, Refusal> {
        let wanted = grade.trim();
        self.grades
            .iter()
            .find(|(g, _)| g.eq_ignore_ascii_case(wanted))
            .map(|(_, s)| f64::from(*s))
            .ok_or_else(|| Refusal::UnknownGrade { scale: self.name.clone(), grade: wanted.to_owned() })
    }
}

/// How one indicator's capaian is computed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub polarity: Polarity,
    pub negative_formula: NegativeFormula,
    pub aggregation: Aggregation,
    pub cap: Cap,
    pub zero_target: ZeroTarget,
    /// Set when targets and realisations are grades of a scale (already turned into scores).
    pub ordinal: bool,
}

impl Rule {
    /// A positive, cumulative, uncapped numeric indicator: the plain case.
    pub fn positive() -> Rule {
        Rule {
            polarity: Polarity::Positive,
            negative_formula: NegativeFormula::default(),
            aggregation: Aggregation::Kumulatif,
            cap: Cap::None,
            zero_target: ZeroTarget::Unset,
            ordinal: false,
        }
    }
}

/// A computed capaian.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Capaian {
    /// Percent, finite.
    Percent(f64),
    /// No realisation was reported yet (not 0).
    NotReported,
}

/// Why a capaian cannot be computed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Refusal {
    /// An input is not a finite number.
    NotFinite,
    /// The target is 0 and the indicator has no rule for it.
    ZeroTargetWithoutRule,
    /// A ratio formula with a target below 0.
    NegativeTarget,
    /// `T / R` with a realisation of 0 and no cap.
    UnboundedTargetOverRealisation,
    /// A range whose low end is above its high end, or with no width.
    BadRange,
    /// Summing or averaging grades of a scale.
    OrdinalNotAdditive,
    /// A grade that is not on the scale.
    UnknownGrade { scale: String, grade: String },
    /// A realisation for a period that has no target.
    MissingTarget { period: usize },
    /// A range indicator whose band is not set.
    RangeWithoutBounds,
}

impl Refusal {
    pub fn msg(&self) -> Msg {
        match self {
            Refusal::NotFinite => Msg::new("nilai bukan angka yang sah", "the value is not a valid number"),
            Refusal::ZeroTargetWithoutRule => Msg::new(
                "target 0 belum punya aturan capaian: pilih aturan target nol pada indikator",
                "a target of 0 has no capaian rule yet: choose the zero-target rule of the indicator",
            ),
            Refusal::NegativeTarget => Msg::new(
                "target di bawah 0 tidak dapat dibandingkan dengan rumus rasio; gunakan polaritas rentang",
                "a target below 0 cannot be compared by a ratio; use range polarity",
            ),
            Refusal::UnboundedTargetOverRealisation => Msg::new(
                "rumus T/R tidak terhingga bila realisasi 0: tetapkan batas capaian (100 atau 120) atau gunakan (2T − R)/T",
                "T/R has no finite value when the realisation is 0: set a capaian cap (100 or 120) or use (2T − R)/T",
            ),
            Refusal::BadRange => Msg::new(
                "rentang target harus punya batas bawah lebih kecil dari batas atas",
                "a target range needs a low end below its high end",
            ),
            Refusal::OrdinalNotAdditive => Msg::new(
                "nilai berjenjang (mis. opini BPK) tidak dapat dijumlah atau dirata-rata; gunakan agregasi nilai akhir",
                "graded values (e.g. the BPK opinion) cannot be summed or averaged; use last-value aggregation",
            ),
            Refusal::UnknownGrade { scale, grade } => Msg::new(
                format!("\"{grade}\" tidak ada pada skala {scale}"),
                format!("\"{grade}\" is not on the {scale} scale"),
            ),
            Refusal::RangeWithoutBounds => Msg::new(
                "indikator rentang belum mempunyai batas bawah dan atas; capaiannya belum dapat dihitung",
                "a range indicator has no low and high bound yet; its capaian cannot be computed",
            ),
            Refusal::MissingTarget { period } => Msg::new(
                format!("periode {} punya realisasi tetapi tidak punya target", period + 1),
                format!("period {} has a realisation but no target", period + 1),
            ),
        }
    }
}

/// Capaian of one target and realisation (`None`: not reported).
pub fn capaian(rule: &Rule, target: f64, realisation: Option<f64>) -> Result<Capaian, Refusal> {
    let Some(r) = realisation else { return Ok(Capaian::NotReported) };
    let t = target;
    if !t.is_finite() || !r.is_finite() {
        return Err(Refusal::NotFinite);
    }
    let raw = match rule.polarity {
        Polarity::Range { low, high } => range(low, high, r)?,
        _ if t == 0.0 => zero_target(rule, r)?,
        _ if t < 0.0 => return Err(Refusal::NegativeTarget),
        Polarity::Positive => (r / t * 100.0).max(0.0),
        Polarity::Negative => match rule.negative_formula {
            NegativeFormula::TwiceTargetMinusRealisation => ((2.0 * t - r) / t * 100.0).max(0.0),
            NegativeFormula::TargetOverRealisation if r <= 0.0 => {
                return rule.cap.limit().map(Capaian::Percent).ok_or(Refusal::UnboundedTargetOverRealisation);
            }
            NegativeFormula::TargetOverRealisation => t / r * 100.0,
        },
    };
    let capped = rule.cap.limit().map_or(raw, |limit| raw.min(limit));
    if capped.is_finite() { Ok(Capaian::Percent(capped)) } else { Err(Refusal::NotFinite) }
}

fn zero_target(rule: &Rule, r: f64) -> Result<f64, Refusal> {
    let met = match rule.polarity {
        Polarity::Negative => r <= 0.0,
        _ => r >= 0.0,
    };
    match rule.zero_target {
        ZeroTarget::Unset => Err(Refusal::ZeroTargetWithoutRule),
        ZeroTarget::AllOrNothing => Ok(if met { 100.0 } else { 0.0 }),
    }
}

fn range(low: f64, high: f64, r: f64) -> Result<f64, Refusal> {
    if !low.is_finite() || !high.is_finite() {
        return Err(Refusal::NotFinite);
    }
    let width = high - low;
    if width <= 0.0 || !width.is_finite() {
        return Err(Refusal::BadRange);
    }
    let distance = if r < low {
        low - r
    } else if r > high {
        r - high
    } else {
        0.0
    };
    Ok((100.0 * (1.0 - distance / width)).max(0.0))
}

/// Capaian so far over the periods of a year (quarters or months), aggregated by the rule:
/// `targets[i]` and `realisations[i]` belong to period `i`; periods with no realisation are not
/// reported and are left out. Nothing reported at all is [`Capaian::NotReported`].
pub fn capaian_so_far(rule: &Rule, targets: &[Option<f64>], realisations: &[Option<f64>]) -> Result<Capaian, Refusal> {
    let mut reported = Vec::new();
    for (period, r) in realisations.iter().enumerate() {
        if let Some(r) = r {
            let t = targets.get(period).copied().flatten().ok_or(Refusal::MissingTarget { period })?;
            reported.push((t, *r));
        }
    }
    let Some(&(last_t, last_r)) = reported.last() else { return Ok(Capaian::NotReported) };
    let n = reported.len() as f64;
    let (t, r) = match rule.aggregation {
        Aggregation::NilaiAkhir => (last_t, last_r),
        _ if rule.ordinal => return Err(Refusal::OrdinalNotAdditive),
        Aggregation::Kumulatif => (reported.iter().map(|p| p.0).sum(), reported.iter().map(|p| p.1).sum()),
        Aggregation::RataRata => {
            (reported.iter().map(|p| p.0).sum::<f64>() / n, reported.iter().map(|p| p.1).sum::<f64>() / n)
        }
    };
    capaian(rule, t, Some(r))
}

/// Where a capaian stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Kritis,
    PerluPerhatian,
    MendekatiTarget,
    Tercapai,
    MelampauiTarget,
}

impl Status {
    /// Lowest first.
    pub const VARIANTS: [Status; 5] =
        [Status::Kritis, Status::PerluPerhatian, Status::MendekatiTarget, Status::Tercapai, Status::MelampauiTarget];

    pub fn label(self) -> Msg {
        match self {
            Status::Kritis => Msg::new("kritis", "critical"),
            Status::PerluPerhatian => Msg::new("perlu perhatian", "needs attention"),
            Status::MendekatiTarget => Msg::new("mendekati target", "close to target"),
            Status::Tercapai => Msg::new("tercapai", "achieved"),
            Status::MelampauiTarget => Msg::new("melampaui target", "above target"),
        }
    }
}

/// One band: capaian from `from` (inclusive unless `above`) up to the next band.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Band {
    pub from: f64,
    /// The band starts strictly above `from`.
    pub above: bool,
    pub status: Status,
}

/// The status bands, lowest first; a Pemda may set its own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bands(pub Vec<Band>);

impl Default for Bands {
    /// < 60 kritis, 60–80 perlu perhatian, 80–95 mendekati target, 95–105 tercapai, > 105 melampaui.
    fn default() -> Bands {
        // The first band starts at the lowest finite number, not −∞: bands travel as JSON,
        // which has no infinity.
        Bands::from_thresholds([60.0, 80.0, 95.0, 105.0])
    }
}

impl Bands {
    /// The bands from the four capaian where one band ends and the next begins (default 60, 80,
    /// 95, 105): kritis below the first, melampaui strictly above the last.
    pub fn from_thresholds(t: [f64; 4]) -> Bands {
        let band = |from, above, status| Band { from, above, status };
        Bands(vec![
            band(f64::MIN, false, Status::Kritis),
            band(t[0], false, Status::PerluPerhatian),
            band(t[1], false, Status::MendekatiTarget),
            band(t[2], false, Status::Tercapai),
            band(t[3], true, Status::MelampauiTarget),
        ])
    }

    /// The four thresholds of bands laid out as [`Bands::from_thresholds`] makes them.
    pub fn thresholds(&self) -> [f64; 4] {
        let at = |i: usize| self.0.get(i).map_or(f64::NAN, |b| b.from);
        [at(1), at(2), at(3), at(4)]
    }

    /// The status of a capaian (none for "not reported").
    pub fn status(&self, capaian: Capaian) -> Option<Status> {
        let Capaian::Percent(c) = capaian else { return None };
        self.0.iter().rev().find(|b| if b.above { c > b.from } else { c >= b.from }).map(|b| b.status)
    }
}

#[cfg(test)]
mod tests;
