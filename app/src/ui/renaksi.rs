//! A Rencana Aksi's realisation and capaian: for each indicator and period, the target, the
//! realisation, the budget spent and a note (entered here by the PD once the plan is approved,
//! each saved as it is typed) and the period's capaian; and for the year so far the capaian with
//! its band and the share of the budget spent. Computed in the browser by the same engine the
//! server uses.

use super::widgets::use_english;
use crate::api::documents::record_realisation;
use crate::api::types::RenaksiView;
use crate::domain::Msg;
use crate::domain::capaian::{Capaian, Refusal, Status};
use crate::domain::format::{format_decimal, format_integer, format_rupiah};
use crate::domain::model::{NodeKey, Realisasi, RealisasiInput, RencanaAksiContent, Target};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

/// `87,5 %`, "belum dilaporkan", or why it cannot be computed.
fn shown(result: &Result<Capaian, Refusal>) -> (Msg, &'static str) {
    match result {
        Ok(Capaian::Percent(v)) => {
            let text = format!("{} %", format_decimal(*v, 2));
            (Msg::new(text.clone(), text), "capaian")
        }
        Ok(Capaian::NotReported) => (Msg::new("belum dilaporkan", "not reported"), "capaian muted"),
        Err(why) => (why.msg(), "capaian error"),
    }
}

fn status_code(status: Status) -> &'static str {
    match status {
        Status::Kritis => "kritis",
        Status::PerluPerhatian => "perlu-perhatian",
        Status::MendekatiTarget => "mendekati",
        Status::Tercapai => "tercapai",
        Status::MelampauiTarget => "melampaui",
    }
}

/// What the planner changed in one cell: the part and its text.
#[derive(Clone, Copy)]
enum Part {
    Nilai,
    Anggaran,
    Catatan,
}

impl Part {
    /// What the input asks for (its placeholder and accessible name).
    fn label(self) -> Msg {
        match self {
            Part::Nilai => Msg::new("Realisasi", "Realisation"),
            Part::Anggaran => Msg::new("Anggaran terserap", "Budget spent"),
            Part::Catatan => Msg::new("Catatan", "Note"),
        }
    }
}

fn change(part: Part, text: String) -> RealisasiInput {
    match part {
        Part::Nilai => RealisasiInput { nilai: Some(text), ..RealisasiInput::default() },
        Part::Anggaran => RealisasiInput { anggaran: Some(text), ..RealisasiInput::default() },
        Part::Catatan => RealisasiInput { catatan: Some(text), ..RealisasiInput::default() },
    }
}

fn percent(v: f64) -> String {
    format!("{} %", format_decimal(v, 2))
}

#[component]
pub fn RealisasiPanel(id: i64, plan: RencanaAksiContent, view: RenaksiView) -> impl IntoView {
    let i18n = use_i18n();
    let english = use_english();
    let entries = RwSignal::new(view.realisasi());
    let settings = view.settings.clone();
    let plan = StoredValue::new(plan);
    let capaian = Memo::new(move |_| entries.with(|e| plan.with_value(|p| p.capaian(e, &settings))));
    // Why the server refused a cell, by `(row, period)`.
    let refused: RwSignal<Vec<((NodeKey, usize), Msg)>> = RwSignal::new(Vec::new());
    let record = Action::new(move |(node, period, input): &(NodeKey, usize, RealisasiInput)| {
        let (node, period, input) = (node.clone(), *period, input.clone());
        async move {
            let result = record_realisation(id, node.clone(), period, input.clone()).await;
            (node, period, input, result)
        }
    });
    Effect::new(move |_| {
        let Some((node, period, input, result)) = record.value().get() else { return };
        refused.update(|r| r.retain(|(at, _)| at != &(node.clone(), period)));
        match result {
            // The server merged the change the same way: the page follows without a reload.
            Ok(()) => {
                let merged = entries.with(|e| plan.with_value(|p| p.entry(e, &node, period, &input)));
                if let Ok(Some(entry)) = merged {
                    entries.update(|e| e.push(entry));
                }
            }
            Err(e) => {
                let msg = match &e {
                    AppError::Validation(f) => f.0.first().map(|(_, m)| m.clone()),
                    AppError::Conflict(_, m) => Some(m.clone()),
                    _ => None,
                }
                .unwrap_or_else(|| Msg::new("realisasi tidak tersimpan", "the realisation was not saved"));
                refused.update(|r| r.push(((node, period), msg)));
            }
        }
    });
    let can_record = view.can_record;
    let periods = plan.with_value(|p| p.pembagian.periods());
    let names: Vec<Msg> = plan.with_value(|p| (0..periods).map(|i| p.pembagian.name(i)).collect());
    let latest = move |node: &NodeKey, period: usize| entries.with(|e| Realisasi::latest(e, node, period).cloned());
    let rows = plan.with_value(|p| p.rows.clone());
    view! {
        <section class="panel" data-testid="realisasi">
            <h2>{t!(i18n, dok.realisasi_capaian)}</h2>
            {(!can_record).then(|| view! { <p class="muted">{t!(i18n, dok.realisasi_setelah_disetujui)}</p> })}
            <div class="table-editor">
                <table class="editor realisasi">
                    <thead>
                        <tr>
                            <th>{t!(i18n, dok.indikator)}</th>
                            {names.iter().map(|n| {
                                let n = n.clone();
                                view! { <th>{move || n.text(english()).to_owned()}</th> }
                            }).collect_view()}
                            <th>{t!(i18n, dok.capaian_sd_kini)}</th>
                            <th>{t!(i18n, dok.anggaran)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().enumerate().map(|(i, row)| {
                            let key = row.key.clone();
                            let cells = (0..periods).map(|p| {
                                let key = key.clone();
                                let target = row.targets.get(p).cloned().flatten();
                                let result = move || capaian.with(|c| c.get(i).and_then(|r| r.per_period.get(p).cloned()));
                                let refused_key = key.clone();
                                let error = move || refused.with(|r| r.iter().find(|(at, _)| at.0 == refused_key && at.1 == p).map(|(_, m)| m.clone()));
                                let before = latest(&key, p);
                                let value = before.as_ref().and_then(|e| e.nilai.as_ref()).map(Target::text);
                                let spent = before.as_ref().and_then(|e| e.anggaran);
                                let note = before.map(|e| e.catatan).unwrap_or_default();
                                // A value is asked for where the period has a target (or already has one).
                                let asks_value = target.is_some() || value.is_some();
                                let target = target.map(|t| t.text()).unwrap_or_else(|| "–".into());
                                let input = move |part: Part, name: String, value: String, class: &'static str| {
                                    let key = key.clone();
                                    view! {
                                        <input type="text" class=class name=name prop:value=value
                                            placeholder=move || part.label().text(english()).to_owned()
                                            aria-label=move || part.label().text(english()).to_owned()
                                            on:change=move |ev| { record.dispatch((key.clone(), p, change(part, event_target_value(&ev)))); } />
                                    }
                                };
                                let shown_key = row.key.clone();
                                let parts = if can_record {
                                    view! {
                                        {asks_value.then(|| input(Part::Nilai, format!("realisasi-{i}-{p}"), value.clone().unwrap_or_default(), "nilai"))}
                                        <label class="rp">"Rp "{input(Part::Anggaran, format!("anggaran-{i}-{p}"), spent.map(format_integer).unwrap_or_default(), "rupiah")}</label>
                                        {input(Part::Catatan, format!("catatan-{i}-{p}"), note.clone(), "catatan")}
                                    }.into_any()
                                } else {
                                    view! {
                                        <span class="nilai">{move || latest(&shown_key, p).and_then(|e| e.nilai).map(|v| v.text()).unwrap_or_else(|| "–".into())}</span>
                                        {spent.map(|v| view! { <small class="rp">{format_rupiah(v)}</small> })}
                                        {(!note.is_empty()).then(|| view! { <small class="catatan">{note.clone()}</small> })}
                                    }.into_any()
                                };
                                view! {
                                    <td data-cell=format!("{}-{p}", row.key)>
                                        <small class="muted">{t!(i18n, dok.target)}" "{target}</small>
                                        {parts}
                                        // A period with nothing reported stays quiet; the year's column says so.
                                        {move || result().filter(|r| *r != Ok(Capaian::NotReported)).map(|r| {
                                            let (text, class) = shown(&r);
                                            view! { <span class=class>{text.text(english()).to_owned()}</span> }
                                        })}
                                        {move || error().map(|m| view! { <span class="error">{m.text(english()).to_owned()}</span> })}
                                    </td>
                                }
                            }).collect_view();
                            view! {
                                <tr data-row=key.to_string()>
                                    <td>{row.indikator.clone()}" ("{row.satuan.clone()}")"</td>
                                    {cells}
                                    <td data-testid="capaian-so-far">
                                        {move || capaian.with(|c| c.get(i).cloned()).map(|r| {
                                            let (text, class) = shown(&r.so_far);
                                            view! {
                                                <span class=class>{text.text(english()).to_owned()}</span>
                                                {r.status.map(|s| view! {
                                                    " "<span class=format!("band {}", status_code(s))>{s.label().text(english()).to_owned()}</span>
                                                })}
                                            }
                                        })}
                                    </td>
                                    <td data-testid="serapan" class="num">
                                        {row.anggaran.map(format_rupiah).unwrap_or_else(|| "–".into())}
                                        {move || capaian.with(|c| c.get(i).cloned()).and_then(|r| r.terserap.map(|t| (t, r.serapan()))).map(|(t, share)| view! {
                                            <small class="muted">
                                                {t!(i18n, dok.anggaran_terserap)}" "{format_rupiah(t)}
                                                {share.map(|v| format!(" ({})", percent(v)))}
                                            </small>
                                        })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
