//! A Rencana Aksi's realisation and capaian: for each indicator and period, the target, the
//! realisation (entered here by the PD once the plan is approved, saved as it is typed) and its
//! capaian; and the capaian of the year so far with its band. Computed in the browser by the same
//! engine the server uses.

use super::widgets::use_english;
use crate::api::documents::record_realisation;
use crate::api::types::RenaksiView;
use crate::domain::Msg;
use crate::domain::capaian::{Capaian, Refusal, Status};
use crate::domain::format::format_decimal;
use crate::domain::model::{NodeKey, Realisasi, RencanaAksiContent, Target};
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
    let record = Action::new(move |(node, period, text): &(NodeKey, usize, String)| {
        let (node, period, text) = (node.clone(), *period, text.clone());
        async move {
            let result = record_realisation(id, node.clone(), period, text.clone(), String::new()).await;
            (node, period, text, result)
        }
    });
    Effect::new(move |_| {
        let Some((node, period, text, result)) = record.value().get() else { return };
        refused.update(|r| r.retain(|(at, _)| at != &(node.clone(), period)));
        match result {
            Ok(()) => {
                let nilai = (!text.trim().is_empty()).then(|| Target::parse(&text).ok()).flatten();
                entries.update(|e| e.push(Realisasi { node, period, nilai }));
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
    let latest = move |node: &NodeKey, period: usize| {
        entries.with(|e| {
            e.iter()
                .rev()
                .find(|r| &r.node == node && r.period == period)
                .and_then(|r| r.nilai.as_ref().map(Target::text))
        })
    };
    let rows = plan.with_value(|p| p.rows.clone());
    view! {
        <section class="panel" data-testid="realisasi">
            <h2>{t!(i18n, dok.realisasi_capaian)}</h2>
            {(!can_record).then(|| view! { <p class="muted">{t!(i18n, dok.realisasi_setelah_disetujui)}</p> })}
            <div class="table-editor">
                <table class="editor">
                    <thead>
                        <tr>
                            <th>{t!(i18n, dok.indikator)}</th>
                            {names.iter().map(|n| {
                                let n = n.clone();
                                view! { <th>{move || n.text(english()).to_owned()}</th> }
                            }).collect_view()}
                            <th>{t!(i18n, dok.capaian_sd_kini)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().enumerate().map(|(i, row)| {
                            let key = row.key.clone();
                            let cells = (0..periods).map(|p| {
                                let (key, cell_key, refused_key) = (key.clone(), key.clone(), key.clone());
                                let target = row.targets.get(p).cloned().flatten().map(|t| t.text()).unwrap_or_else(|| "–".into());
                                let result = move || capaian.with(|c| c.get(i).and_then(|r| r.per_period.get(p).cloned()));
                                let error = move || refused.with(|r| r.iter().find(|(at, _)| at.0 == refused_key && at.1 == p).map(|(_, m)| m.clone()));
                                let value = latest(&key, p).unwrap_or_default();
                                view! {
                                    <td data-cell=format!("{cell_key}-{p}")>
                                        <small class="muted">{t!(i18n, dok.target)}" "{target}</small>
                                        {if can_record {
                                            let key = key.clone();
                                            view! {
                                                <input type="text" inputmode="decimal" name=format!("realisasi-{i}-{p}") prop:value=value
                                                    on:change=move |ev| { record.dispatch((key.clone(), p, event_target_value(&ev))); } />
                                            }.into_any()
                                        } else {
                                            view! { <span class="nilai">{move || latest(&key, p).unwrap_or_else(|| "–".into())}</span> }.into_any()
                                        }}
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
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
