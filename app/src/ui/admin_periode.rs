//! Admin: five-year periods (RPJMD/Renstra) and the fiscal years derived from them.

use super::layout::Layout;
use super::widgets::{FormState, Loaded, Notice, TextField, field_error};
use crate::api::master::{list_periods, save_period, set_period_active};
use crate::api::types::PeriodRow;
use crate::domain::master::{PeriodInput, validate_period};
use crate::domain::roles::Permission;
use crate::domain::{FieldErrors, Msg};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn PeriodePage() -> impl IntoView {
    view! {
        <Layout permission=Permission::ManageMasterData>
            <PeriodeContent />
        </Layout>
    }
}

#[component]
fn PeriodeContent() -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0_u32);
    let rows = Resource::new(move || version.get(), |_| list_periods());
    let editing = RwSignal::new(None::<i64>);
    let nama = RwSignal::new(String::new());
    let awal = RwSignal::new(String::new());
    let akhir = RwSignal::new(String::new());
    let form = FormState::new();
    let year = |s: String| s.trim().parse::<i32>().unwrap_or(0);
    let input = move || PeriodInput { nama: nama.get(), tahun_awal: year(awal.get()), tahun_akhir: year(akhir.get()) };
    let client_errors = Signal::derive(move || {
        if form.attempted.get() { validate_period(&input()).err().unwrap_or_default() } else { FieldErrors::new() }
    });
    let load = move |row: Option<PeriodRow>| {
        form.reset();
        form.message.set(None);
        editing.set(row.as_ref().map(|r| r.id));
        nama.set(row.as_ref().map(|r| r.nama.clone()).unwrap_or_default());
        awal.set(row.as_ref().map(|r| r.tahun_awal.to_string()).unwrap_or_default());
        akhir.set(row.map(|r| r.tahun_akhir.to_string()).unwrap_or_default());
    };
    let save = Action::new(|(id, input): &(Option<i64>, PeriodInput)| save_period(*id, input.clone()));
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            form.show_result(&result, Msg::new("Periode tersimpan", "Period saved"));
            if result.is_ok() {
                load(None);
                form.message.set(Some((true, Msg::new("Periode tersimpan", "Period saved"))));
                version.update(|v| *v += 1);
            }
        }
    });
    let toggle = Action::new(|(id, active): &(i64, bool)| set_period_active(*id, *active));
    let table_message = RwSignal::new(None::<(bool, Msg)>);
    Effect::new(move |_| {
        if let Some(result) = toggle.value().get() {
            match result {
                Ok(()) => version.update(|v| *v += 1),
                Err(e) => table_message.set(Some((false, e.msg()))),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.attempted.set(true);
        if validate_period(&input()).is_ok() {
            save.dispatch((editing.get_untracked(), input()));
        }
    };
    view! {
        <h1>{t!(i18n, periode.title)}</h1>
        <section class="panel">
            <h2>{move || if editing.get().is_some() { t_string!(i18n, periode.form_edit) } else { t_string!(i18n, periode.form_new) }}</h2>
            <form on:submit=submit data-testid="periode-form" novalidate>
                <div class="grid">
                    <TextField label=Signal::derive(move || t_string!(i18n, periode.nama).to_owned()) name="nama" value=nama error=field_error(client_errors, form, "nama") />
                    <TextField label=Signal::derive(move || t_string!(i18n, periode.tahun_awal).to_owned()) name="tahun_awal" kind="number" value=awal error=field_error(client_errors, form, "tahun_awal") />
                    <TextField label=Signal::derive(move || t_string!(i18n, periode.tahun_akhir).to_owned()) name="tahun_akhir" kind="number" value=akhir error=field_error(client_errors, form, "tahun_akhir") />
                </div>
                <Notice message=form.message />
                <div class="actions">
                    <button type="submit" disabled=move || save.pending().get()>
                        {move || if save.pending().get() { t_string!(i18n, common.saving) } else { t_string!(i18n, common.save) }}
                    </button>
                    <Show when=move || editing.get().is_some()>
                        <button type="button" class="secondary" on:click=move |_| load(None)>{t!(i18n, common.cancel)}</button>
                    </Show>
                </div>
            </form>
        </section>
        <Notice message=table_message />
        <Loaded
            resource=rows
            view={move |list: Vec<PeriodRow>| {
                view! {
                    <table data-testid="periode-table">
                        <thead>
                            <tr>
                                <th>{t!(i18n, periode.nama)}</th>
                                <th>{t!(i18n, periode.tahun_anggaran)}</th>
                                <th>{t!(i18n, common.status)}</th>
                                <th>{t!(i18n, common.actions)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list.into_iter().map(|p| {
                                let row = p.clone();
                                let (id, active) = (p.id, p.active);
                                let years = (p.tahun_awal..=p.tahun_akhir).map(|y| y.to_string()).collect::<Vec<_>>().join(", ");
                                view! {
                                    <tr class:inactive=!active>
                                        <td>{p.nama}</td>
                                        <td>{years}</td>
                                        <td>{if active { t_string!(i18n, common.active) } else { t_string!(i18n, common.inactive) }}</td>
                                        <td class="row-actions">
                                            <button type="button" class="link" on:click=move |_| load(Some(row.clone()))>{t!(i18n, common.edit)}</button>
                                            <button type="button" class="link" on:click=move |_| { toggle.dispatch((id, !active)); }>
                                                {if active { t_string!(i18n, common.deactivate) } else { t_string!(i18n, common.activate) }}
                                            </button>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }
            }}
        />
    }
}
