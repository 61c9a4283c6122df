//! Admin: per fiscal year, the DPA date and the due date of each document type.

use super::documents::DEFAULT_YEAR;
use super::layout::Layout;
use super::widgets::{Loaded, Notice, TextField, use_english};
use crate::api::documents::{get_deadlines, set_deadline, set_dpa_date};
use crate::api::types::DeadlineSettings;
use crate::domain::Msg;
use crate::domain::documents::DocumentType;
use crate::domain::format::CivilDate;
use crate::domain::roles::Permission;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn TenggatPage() -> impl IntoView {
    view! {
        <Layout permission=Permission::ManageMasterData>
            <TenggatContent />
        </Layout>
    }
}

#[component]
fn TenggatContent() -> impl IntoView {
    let i18n = use_i18n();
    let year = RwSignal::new(DEFAULT_YEAR.to_string());
    let version = RwSignal::new(0_u32);
    let message = RwSignal::new(None::<(bool, Msg)>);
    let settings = Resource::new(
        move || (year.get(), version.get()),
        |(y, _)| async move { get_deadlines(y.trim().parse().unwrap_or(DEFAULT_YEAR)).await },
    );
    let after = move |result: Option<Result<(), AppError>>| {
        if let Some(result) = result {
            match result {
                Ok(()) => {
                    message.set(Some((true, Msg::new("Tenggat tersimpan", "Deadline saved"))));
                    version.update(|v| *v += 1);
                }
                Err(e) => message.set(Some((false, e.msg()))),
            }
        }
    };
    let save_dpa = Action::new(|(tahun, date): &(i32, CivilDate)| set_dpa_date(*tahun, *date));
    let save_due = Action::new(|(tahun, t, date): &(i32, DocumentType, CivilDate)| set_deadline(*tahun, *t, *date));
    Effect::new(move |_| after(save_dpa.value().get()));
    Effect::new(move |_| after(save_due.value().get()));
    view! {
        <h1>{t!(i18n, tenggat.title)}</h1>
        <div class="toolbar">
            <TextField label=Signal::derive(move || t_string!(i18n, dok.tahun).to_owned()) name="tahun" kind="number" value=year error=Signal::derive(|| None) />
        </div>
        <Notice message=message />
        <Loaded
            resource=settings
            view=move |s: DeadlineSettings| view! { <TenggatForm s save_dpa save_due message /> }
        />
    }
}

type DpaAction = Action<(i32, CivilDate), Result<(), AppError>>;
type DueAction = Action<(i32, DocumentType, CivilDate), Result<(), AppError>>;

fn parse_date(text: &str, message: RwSignal<Option<(bool, Msg)>>) -> Option<CivilDate> {
    let parsed = CivilDate::parse_iso(text);
    if parsed.is_none() {
        message.set(Some((false, Msg::new("Tanggal tidak valid", "Not a valid date"))));
    }
    parsed
}

#[component]
fn TenggatForm(
    s: DeadlineSettings,
    save_dpa: DpaAction,
    save_due: DueAction,
    message: RwSignal<Option<(bool, Msg)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let english = use_english();
    let tahun = s.tahun;
    let dpa = RwSignal::new(s.tanggal_dpa.map(|d| d.iso()).unwrap_or_default());
    let show = move |d: Option<CivilDate>| d.map(|d| d.format_in(english())).unwrap_or_else(|| "–".into());
    view! {
        <section class="panel">
            <h2>{t!(i18n, tenggat.dpa)}</h2>
            {if s.year_known {
                view! {
                    <div class="actions">
                        <input type="date" name="tanggal_dpa" prop:value=move || dpa.get() on:input=move |ev| dpa.set(event_target_value(&ev)) />
                        <button type="button" on:click=move |_| { if let Some(d) = parse_date(&dpa.get_untracked(), message) { save_dpa.dispatch((tahun, d)); } }>
                            {t!(i18n, common.save)}
                        </button>
                    </div>
                    <p class="muted">{t!(i18n, tenggat.dpa_hint)}</p>
                }.into_any()
            } else {
                view! { <p class="muted">{t!(i18n, tenggat.tanpa_periode)}</p> }.into_any()
            }}
        </section>
        <table data-testid="deadlines">
            <thead>
                <tr>
                    <th>{t!(i18n, dok.jenis)}</th>
                    <th>{t!(i18n, tenggat.bawaan)}</th>
                    <th>{t!(i18n, tenggat.ditetapkan)}</th>
                </tr>
            </thead>
            <tbody>
                {s.rows.into_iter().map(|r| {
                    let label = r.doc_type.label();
                    let value = RwSignal::new(r.set.map(|d| d.iso()).unwrap_or_default());
                    let doc_type = r.doc_type;
                    let (pd_due, pemda_due) = (r.default_pd, r.default_pemda);
                    let defaults = move || {
                        if pd_due == pemda_due {
                            show(pd_due)
                        } else {
                            format!("PD: {} · Pemda: {}", show(pd_due), show(pemda_due))
                        }
                    };
                    view! {
                        <tr>
                            <td>{move || label.text(english()).to_owned()}</td>
                            <td>{defaults}</td>
                            <td class="actions">
                                <input type="date" name=format!("due-{}", doc_type.esr_id()) prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
                                <button type="button" class="secondary" on:click=move |_| { if let Some(d) = parse_date(&value.get_untracked(), message) { save_due.dispatch((tahun, doc_type, d)); } }>
                                    {t!(i18n, common.save)}
                                </button>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
