//! Admin: create, change, deactivate Perangkat Daerah.

use super::layout::Layout;
use super::widgets::{FormState, Loaded, Notice, SelectField, TextField, field_error, parse_id};
use crate::api::master::{list_officials, list_pd, save_pd, set_pd_active};
use crate::api::types::PdRow;
use crate::domain::master::{PdInput, validate_pd};
use crate::domain::roles::Permission;
use crate::domain::{FieldErrors, Msg};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn AdminPdPage() -> impl IntoView {
    view! {
        <Layout permission=Permission::ManageMasterData>
            <AdminPdContent />
        </Layout>
    }
}

#[component]
fn AdminPdContent() -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0_u32);
    let show_inactive = RwSignal::new(false);
    let rows = Resource::new(move || (version.get(), show_inactive.get()), |(_, all)| list_pd(all));

    let editing = RwSignal::new(None::<i64>);
    let kode = RwSignal::new(String::new());
    let nama = RwSignal::new(String::new());
    let singkatan = RwSignal::new(String::new());
    let kepala = RwSignal::new(String::new());
    let form = FormState::new();
    // Options for a <select> outside any Transition: loaded on the client only, so that the server's
    // HTML and the hydrating browser agree.
    let heads = LocalResource::new(move || {
        let id = editing.get();
        async move {
            match id {
                Some(id) => list_officials(Some(id), false).await.unwrap_or_default(),
                None => Vec::new(),
            }
        }
    });

    let input = move || PdInput {
        kode: kode.get(),
        nama: nama.get(),
        singkatan: singkatan.get(),
        kepala_id: parse_id(&kepala.get()),
    };
    let client_errors = Signal::derive(move || {
        if form.attempted.get() { validate_pd(&input()).err().unwrap_or_default() } else { FieldErrors::new() }
    });
    let load = move |row: Option<PdRow>| {
        form.reset();
        form.message.set(None);
        let row_input = row.as_ref().map(PdRow::input).unwrap_or_default();
        editing.set(row.map(|r| r.id));
        kode.set(row_input.kode);
        nama.set(row_input.nama);
        singkatan.set(row_input.singkatan);
        kepala.set(row_input.kepala_id.map(|k| k.to_string()).unwrap_or_default());
    };

    let save = Action::new(|(id, input): &(Option<i64>, PdInput)| save_pd(*id, input.clone()));
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            form.show_result(&result, Msg::new("Perangkat Daerah tersimpan", "Agency saved"));
            if result.is_ok() {
                load(None);
                form.message.set(Some((true, Msg::new("Perangkat Daerah tersimpan", "Agency saved"))));
                version.update(|v| *v += 1);
            }
        }
    });
    let toggle = Action::new(|(id, active): &(i64, bool)| set_pd_active(*id, *active));
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
        if validate_pd(&input()).is_ok() {
            save.dispatch((editing.get_untracked(), input()));
        }
    };
    let head_options = Signal::derive(move || {
        let mut options = vec![(String::new(), t_string!(i18n, pd.no_kepala).to_owned())];
        if let Some(list) = heads.get() {
            options.extend(
                list.into_iter().map(|o| (o.id.to_string(), format!("{} — {}", o.full_name(), o.jabatan_display()))),
            );
        }
        options
    });

    view! {
        <h1>{t!(i18n, pd.title)}</h1>
        <section class="panel">
            <h2>
                {move || {
                    if editing.get().is_some() {
                        t_string!(i18n, pd.form_edit)
                    } else {
                        t_string!(i18n, pd.form_new)
                    }
                }}
            </h2>
            <form on:submit=submit data-testid="pd-form" novalidate>
                <div class="grid">
                    <TextField label=Signal::derive(move || t_string!(i18n, pd.kode).to_owned()) name="kode" value=kode error=field_error(client_errors, form, "kode") />
                    <TextField label=Signal::derive(move || t_string!(i18n, pd.nama).to_owned()) name="nama" value=nama error=field_error(client_errors, form, "nama") />
                    <TextField label=Signal::derive(move || t_string!(i18n, pd.singkatan).to_owned()) name="singkatan" value=singkatan error=field_error(client_errors, form, "singkatan") />
                    <Show when=move || editing.get().is_some()>
                        <SelectField
                            label=Signal::derive(move || t_string!(i18n, pd.kepala).to_owned())
                            name="kepala_id"
                            value=kepala
                            options=head_options
                            error=field_error(client_errors, form, "kepala_id")
                        />
                    </Show>
                </div>
                <Notice message=form.message />
                <div class="actions">
                    <button type="submit" disabled=move || save.pending().get()>
                        {move || if save.pending().get() { t_string!(i18n, common.saving) } else { t_string!(i18n, common.save) }}
                    </button>
                    <Show when=move || editing.get().is_some()>
                        <button type="button" class="secondary" on:click=move |_| load(None)>
                            {t!(i18n, common.cancel)}
                        </button>
                    </Show>
                </div>
            </form>
        </section>
        <label class="check">
            <input type="checkbox" prop:checked=move || show_inactive.get() on:change=move |ev| show_inactive.set(event_target_checked(&ev)) />
            {t!(i18n, common.show_inactive)}
        </label>
        <Notice message=table_message />
        <Loaded
            resource=rows
            view={move |list: Vec<PdRow>| {
                view! {
                    <table data-testid="admin-pd-table">
                        <thead>
                            <tr>
                                <th>{t!(i18n, pd.kode)}</th>
                                <th>{t!(i18n, pd.nama)}</th>
                                <th>{t!(i18n, pd.singkatan)}</th>
                                <th>{t!(i18n, pd.kepala)}</th>
                                <th>{t!(i18n, common.status)}</th>
                                <th>{t!(i18n, common.actions)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list
                                .into_iter()
                                .map(|p| {
                                    let row = p.clone();
                                    let (id, active) = (p.id, p.active);
                                    let key = p.singkatan.clone();
                                    view! {
                                        <tr data-pd=key class:inactive=!active>
                                            <td class="code">{p.kode}</td>
                                            <td>{p.nama}</td>
                                            <td>{p.singkatan.clone()}</td>
                                            <td>{p.kepala.unwrap_or_else(|| "–".into())}</td>
                                            <td>
                                                {if active { t_string!(i18n, common.active) } else { t_string!(i18n, common.inactive) }}
                                            </td>
                                            <td class="row-actions">
                                                <button type="button" class="link" on:click=move |_| load(Some(row.clone()))>
                                                    {t!(i18n, common.edit)}
                                                </button>
                                                <button
                                                    type="button"
                                                    class="link"
                                                    on:click=move |_| {
                                                        toggle.dispatch((id, !active));
                                                    }
                                                >
                                                    {if active { t_string!(i18n, common.deactivate) } else { t_string!(i18n, common.activate) }}
                                                </button>
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
            }}
        />
    }
}
