//! The hand-worked table: each case states the rule, T and R, and the capaian worked out by hand
//! (in the comment where it is not obvious). Then property tests over generated inputs.

use super::*;
use proptest::prelude::*;

fn rule(polarity: Polarity) -> Rule {
    Rule { polarity, ..Rule::positive() }
}
const P: Polarity = Polarity::Positive;
const N: Polarity = Polarity::Negative;
fn neg(formula: NegativeFormula) -> Rule {
    Rule { negative_formula: formula, ..rule(N) }
}
fn capped(mut r: Rule, cap: Cap) -> Rule {
    r.cap = cap;
    r
}
fn zero_rule(mut r: Rule) -> Rule {
    r.zero_target = ZeroTarget::AllOrNothing;
    r
}
fn band(low: f64, high: f64) -> Rule {
    rule(Polarity::Range { low, high })
}
const TWO_T: NegativeFormula = NegativeFormula::TwiceTargetMinusRealisation;
const T_OVER_R: NegativeFormula = NegativeFormula::TargetOverRealisation;

type Expected = Result<Option<f64>, Refusal>;
/// A rule, the targets and the realisations of the periods, and the capaian expected.
type PeriodCase = (Rule, Vec<Option<f64>>, Vec<Option<f64>>, Expected);
const fn pct(p: f64) -> Expected {
    Ok(Some(p))
}
const NOT_REPORTED: Expected = Ok(None);

fn check(case: usize, rule: &Rule, got: Result<Capaian, Refusal>, expected: &Expected) {
    let got = got.map(|c| match c {
        Capaian::Percent(p) => Some(p),
        Capaian::NotReported => None,
    });
    match (&got, expected) {
        (Ok(Some(g)), Ok(Some(e))) => assert!((g - e).abs() < 1e-9, "case {case} {rule:?}: {g} ≠ {e}"),
        _ => assert_eq!(&got, expected, "case {case} {rule:?}"),
    }
}

#[test]
fn the_hand_worked_table_of_single_periods() {
    let nan = f64::NAN;
    let cases: Vec<(Rule, f64, Option<f64>, Expected)> = vec![
        // Positive: R / T × 100.
        (rule(P), 100.0, Some(100.0), pct(100.0)),
        (rule(P), 100.0, Some(80.0), pct(80.0)),
        (rule(P), 80.0, Some(100.0), pct(125.0)),
        (rule(P), 4.25, Some(4.25), pct(100.0)),
        (rule(P), 200.0, Some(0.0), pct(0.0)),
        (rule(P), 100.0, Some(-10.0), pct(0.0)), // −10 %, floored
        (rule(P), 100.0, None, NOT_REPORTED),    // not reported is not 0
        (rule(P), 0.0, Some(5.0), Err(Refusal::ZeroTargetWithoutRule)),
        (zero_rule(rule(P)), 0.0, Some(0.0), pct(100.0)),
        (zero_rule(rule(P)), 0.0, Some(3.0), pct(100.0)),
        (rule(P), -5.0, Some(3.0), Err(Refusal::NegativeTarget)),
        (capped(rule(P), Cap::At120), 100.0, Some(130.0), pct(120.0)),
        (capped(rule(P), Cap::At100), 100.0, Some(130.0), pct(100.0)),
        (capped(rule(P), Cap::At100), 100.0, Some(90.0), pct(90.0)),
        (rule(P), nan, Some(1.0), Err(Refusal::NotFinite)),
        (rule(P), 10.0, Some(f64::INFINITY), Err(Refusal::NotFinite)),
        // Negative, (2T − R) / T × 100 floored at 0.
        (neg(TWO_T), 10.0, Some(10.0), pct(100.0)),
        (neg(TWO_T), 10.0, Some(5.0), pct(150.0)), // (20 − 5) / 10
        (neg(TWO_T), 10.0, Some(15.0), pct(50.0)), // (20 − 15) / 10
        (neg(TWO_T), 10.0, Some(20.0), pct(0.0)),  // (20 − 20) / 10
        (neg(TWO_T), 10.0, Some(30.0), pct(0.0)),  // −100 %, floored
        (neg(TWO_T), 10.0, Some(0.0), pct(200.0)), // (20 − 0) / 10
        (capped(neg(TWO_T), Cap::At120), 10.0, Some(0.0), pct(120.0)),
        (zero_rule(neg(TWO_T)), 0.0, Some(0.0), pct(100.0)),
        (zero_rule(neg(TWO_T)), 0.0, Some(2.0), pct(0.0)),
        (neg(TWO_T), 0.0, Some(2.0), Err(Refusal::ZeroTargetWithoutRule)),
        (neg(TWO_T), 1.5, Some(1.2), pct(120.0)), // (3 − 1,2) / 1,5
        // Negative, T / R × 100.
        (neg(T_OVER_R), 10.0, Some(10.0), pct(100.0)),
        (neg(T_OVER_R), 10.0, Some(5.0), pct(200.0)),
        (neg(T_OVER_R), 10.0, Some(20.0), pct(50.0)),
        (neg(T_OVER_R), 10.0, Some(40.0), pct(25.0)),
        (neg(T_OVER_R), 10.0, Some(0.0), Err(Refusal::UnboundedTargetOverRealisation)),
        (capped(neg(T_OVER_R), Cap::At120), 10.0, Some(0.0), pct(120.0)),
        (capped(neg(T_OVER_R), Cap::At100), 10.0, Some(0.0), pct(100.0)),
        (capped(neg(T_OVER_R), Cap::At120), 10.0, Some(5.0), pct(120.0)),
        // Range 2,5 ± 1: 100 inside; one width (2) outside gives 0.
        (band(1.5, 3.5), 0.0, Some(2.5), pct(100.0)),
        (band(1.5, 3.5), 0.0, Some(1.5), pct(100.0)),
        (band(1.5, 3.5), 0.0, Some(3.5), pct(100.0)),
        (band(1.5, 3.5), 0.0, Some(4.5), pct(50.0)), // 1 above, 1 − 1/2
        (band(1.5, 3.5), 0.0, Some(0.5), pct(50.0)), // 1 below
        (band(1.5, 3.5), 0.0, Some(4.0), pct(75.0)), // 0,5 above
        (band(1.5, 3.5), 0.0, Some(5.5), pct(0.0)),
        (band(1.5, 3.5), 0.0, Some(10.0), pct(0.0)),
        (band(-1.0, 1.0), 0.0, Some(-1.5), pct(75.0)), // a band around zero works
        (band(3.0, 3.0), 0.0, Some(3.0), Err(Refusal::BadRange)),
        (band(4.0, 2.0), 0.0, Some(3.0), Err(Refusal::BadRange)),
        (band(1.5, 3.5), 0.0, None, NOT_REPORTED),
    ];
    assert!(cases.len() >= 40);
    for (i, (rule, t, r, expected)) in cases.iter().enumerate() {
        check(i + 1, rule, capaian(rule, *t, *r), expected);
    }
}

#[test]
fn grades_are_compared_by_their_scores_and_only_by_the_last_value() {
    let bpk = OrdinalScale::opini_bpk();
    let sakip = OrdinalScale::nilai_sakip();
    let graded = Rule { aggregation: Aggregation::NilaiAkhir, ordinal: true, ..Rule::positive() };
    let s = |scale: &OrdinalScale, g: &str| Some(scale.score(g).unwrap());
    check(1, &graded, capaian_so_far(&graded, &[s(&bpk, "WTP")], &[s(&bpk, "WDP")]), &pct(75.0)); // 3 / 4
    check(2, &graded, capaian_so_far(&graded, &[s(&bpk, "WTP")], &[s(&bpk, " wtp ")]), &pct(100.0));
    check(3, &graded, capaian_so_far(&graded, &[s(&sakip, "A")], &[s(&sakip, "BB")]), &pct(500.0 / 6.0)); // 5 / 6
    check(
        4,
        &graded,
        capaian_so_far(&graded, &[s(&bpk, "WTP"), s(&bpk, "WTP")], &[s(&bpk, "TW"), s(&bpk, "WTP")]),
        &pct(100.0),
    );
    let summed = Rule { aggregation: Aggregation::Kumulatif, ..graded.clone() };
    check(5, &summed, capaian_so_far(&summed, &[s(&bpk, "WTP")], &[s(&bpk, "WDP")]), &Err(Refusal::OrdinalNotAdditive));
    let averaged = Rule { aggregation: Aggregation::RataRata, ..graded.clone() };
    check(
        6,
        &averaged,
        capaian_so_far(&averaged, &[s(&bpk, "WTP")], &[s(&bpk, "WDP")]),
        &Err(Refusal::OrdinalNotAdditive),
    );
    assert_eq!(bpk.score("WTP-DPP"), Err(Refusal::UnknownGrade { scale: "Opini BPK".into(), grade: "WTP-DPP".into() }));
}

#[test]
fn quarters_add_up_the_way_the_indicator_says() {
    let by = |aggregation| Rule { aggregation, ..Rule::positive() };
    let q = |v: [Option<f64>; 4]| v.to_vec();
    let cases: Vec<PeriodCase> = vec![
        // ΣR / ΣT over the two reported quarters: 50 / 50.
        (by(Aggregation::Kumulatif), q([Some(25.0); 4]), q([Some(20.0), Some(30.0), None, None]), pct(100.0)),
        // Targets written cumulatively; the last reported quarter: 45 / 50.
        (
            by(Aggregation::NilaiAkhir),
            q([Some(25.0), Some(50.0), Some(75.0), Some(100.0)]),
            q([Some(20.0), Some(45.0), None, None]),
            pct(90.0),
        ),
        // Mean R 90 against mean T 90.
        (by(Aggregation::RataRata), q([Some(90.0); 4]), q([Some(80.0), Some(100.0), Some(90.0), None]), pct(100.0)),
        // Mean R 85 against mean T 95 over the three reported quarters.
        (
            by(Aggregation::RataRata),
            q([Some(90.0), Some(95.0), Some(100.0), Some(100.0)]),
            q([Some(80.0), Some(85.0), Some(90.0), None]),
            pct(85.0 / 95.0 * 100.0),
        ),
        // A quarter left empty in the middle is not reported, not 0: (10 + 30) / (25 + 25).
        (by(Aggregation::Kumulatif), q([Some(25.0); 4]), q([Some(10.0), None, Some(30.0), None]), pct(80.0)),
        (by(Aggregation::Kumulatif), q([Some(25.0); 4]), q([None; 4]), NOT_REPORTED),
        (
            by(Aggregation::Kumulatif),
            q([Some(25.0), Some(25.0), None, Some(25.0)]),
            q([Some(1.0), Some(1.0), Some(1.0), None]),
            Err(Refusal::MissingTarget { period: 2 }),
        ),
        // Negative, cumulative: ΣT 20, ΣR 10 → (40 − 10) / 20.
        (
            Rule { aggregation: Aggregation::Kumulatif, ..neg(TWO_T) },
            vec![Some(10.0), Some(10.0)],
            vec![Some(5.0), Some(5.0)],
            pct(150.0),
        ),
    ];
    for (i, (rule, targets, realisations, expected)) in cases.iter().enumerate() {
        check(i + 1, rule, capaian_so_far(rule, targets, realisations), expected);
    }
}

#[test]
fn the_default_bands_put_each_capaian_in_its_status() {
    let bands = Bands::default();
    let status = |c| bands.status(Capaian::Percent(c));
    assert_eq!(status(0.0), Some(Status::Kritis));
    assert_eq!(status(59.99), Some(Status::Kritis));
    assert_eq!(status(60.0), Some(Status::PerluPerhatian));
    assert_eq!(status(79.99), Some(Status::PerluPerhatian));
    assert_eq!(status(80.0), Some(Status::MendekatiTarget));
    assert_eq!(status(94.99), Some(Status::MendekatiTarget));
    assert_eq!(status(95.0), Some(Status::Tercapai));
    assert_eq!(status(105.0), Some(Status::Tercapai));
    assert_eq!(status(105.01), Some(Status::MelampauiTarget));
    assert_eq!(bands.status(Capaian::NotReported), None, "not reported has no status");
}

#[test]
fn every_refusal_says_why_in_both_languages() {
    let refusals = [
        Refusal::NotFinite,
        Refusal::ZeroTargetWithoutRule,
        Refusal::NegativeTarget,
        Refusal::UnboundedTargetOverRealisation,
        Refusal::BadRange,
        Refusal::OrdinalNotAdditive,
        Refusal::UnknownGrade { scale: "Opini BPK".into(), grade: "X".into() },
        Refusal::MissingTarget { period: 2 },
    ];
    for r in refusals {
        let msg = r.msg();
        assert!(!msg.id.is_empty() && !msg.en.is_empty() && msg.id != msg.en, "{r:?}");
    }
}

fn any_rule() -> impl Strategy<Value = Rule> {
    let polarity = prop_oneof![
        Just(Polarity::Positive),
        Just(Polarity::Negative),
        (-1e6..1e6f64, 0.0..1e6f64).prop_map(|(low, width)| Polarity::Range { low, high: low + width }),
    ];
    let formula = prop_oneof![Just(TWO_T), Just(T_OVER_R)];
    let aggregation =
        prop_oneof![Just(Aggregation::Kumulatif), Just(Aggregation::NilaiAkhir), Just(Aggregation::RataRata)];
    let cap = prop_oneof![Just(Cap::None), Just(Cap::At100), Just(Cap::At120)];
    let zero = prop_oneof![Just(ZeroTarget::Unset), Just(ZeroTarget::AllOrNothing)];
    (polarity, formula, aggregation, cap, zero, any::<bool>()).prop_map(
        |(polarity, negative_formula, aggregation, cap, zero_target, ordinal)| Rule {
            polarity,
            negative_formula,
            aggregation,
            cap,
            zero_target,
            ordinal,
        },
    )
}

fn any_value() -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), -1e12..1e12f64, 0.0..1e-9f64, any::<f64>()]
}

proptest! {
    #[test]
    fn capaian_is_finite_not_reported_or_refused_for_every_input(rule in any_rule(), t in any_value(), r in proptest::option::of(any_value())) {
        match capaian(&rule, t, r) {
            Ok(Capaian::Percent(p)) => prop_assert!(p.is_finite() && p >= 0.0, "{p}"),
            Ok(Capaian::NotReported) => prop_assert!(r.is_none()),
            Err(refusal) => prop_assert!(!refusal.msg().id.is_empty()),
        }
    }

    #[test]
    fn a_positive_capaian_never_falls_as_the_realisation_grows(t in 1e-6..1e9f64, r in -1e9..1e9f64, more in 0.0..1e9f64, cap in prop_oneof![Just(Cap::None), Just(Cap::At100), Just(Cap::At120)]) {
        let rule = capped(rule(P), cap);
        let (Ok(Capaian::Percent(a)), Ok(Capaian::Percent(b))) = (capaian(&rule, t, Some(r)), capaian(&rule, t, Some(r + more))) else {
            return Err(TestCaseError::fail("a positive target and a realisation always give a capaian"));
        };
        prop_assert!(b >= a, "{a} then {b}");
    }

    #[test]
    fn a_negative_capaian_never_rises_as_the_realisation_grows(t in 1e-6..1e9f64, r in 1e-6..1e9f64, more in 0.0..1e9f64, formula in prop_oneof![Just(TWO_T), Just(T_OVER_R)], cap in prop_oneof![Just(Cap::None), Just(Cap::At100), Just(Cap::At120)]) {
        let rule = capped(neg(formula), cap);
        let (Ok(Capaian::Percent(a)), Ok(Capaian::Percent(b))) = (capaian(&rule, t, Some(r)), capaian(&rule, t, Some(r + more))) else {
            return Err(TestCaseError::fail("a positive target and realisation always give a capaian"));
        };
        prop_assert!(b <= a, "{a} then {b}");
    }

    #[test]
    fn inside_its_band_a_range_indicator_is_at_100_and_outside_below(low in -1e6..1e6f64, width in 1e-3..1e6f64, at in 0.0..=1.0f64, out in 1e-3..1e6f64) {
        let rule = band(low, low + width);
        prop_assert_eq!(capaian(&rule, 0.0, Some(low + width * at)), Ok(Capaian::Percent(100.0)));
        let Ok(Capaian::Percent(above)) = capaian(&rule, 0.0, Some(low + width + out)) else { return Err(TestCaseError::fail("no capaian")) };
        prop_assert!((0.0..100.0).contains(&above));
    }
}
