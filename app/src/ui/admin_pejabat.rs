//! Admin: officials (pejabat) with NIP, pangkat/golongan, jabatan, eselon, PD and acting status.

use super::layout::Layout;
use super::widgets::{FormState, Loaded, Notice, SelectField, TextField, field_error, parse_id};
use crate::api::master::{list_officials, list_pd, save_official, set_official_active};
use crate::api::types::OfficialRow;
use crate::domain::master::{ActingStatus, Eselon, GOLONGAN, OfficialInput, validate_official};
use crate::domain::roles::Permission;
use crate::domain::{FieldErrors, Msg};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn PejabatPage() -> impl IntoView {
    view! {
        <Layout permission=Permission::ManageMasterData>
            <PejabatContent />
        </Layout>
    }
}

#[component]
fn PejabatContent() -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0_u32);
    let show_inactive = RwSignal::new(false);
    let filter_pd = RwSignal::new(String::new());
    let rows = Resource::new(
        move || (version.get(), show_inactive.get(), parse_id(&filter_pd.get())),
        |(_, all, pd)| list_officials(pd, all),
    );
    // Options for the <select>s, outside any Transition: loaded on the client only.
    let pds = LocalResource::new(move || list_pd(false));

    let editing = RwSignal::new(None::<i64>);
    let gelar_depan = RwSignal::new(String::new());
    let nama = RwSignal::new(String::new());
    let gelar_belakang = RwSignal::new(String::new());
    let nip = RwSignal::new(String::new());
    let golongan = RwSignal::new(String::new());
    let jabatan = RwSignal::new(String::new());
    let eselon = RwSignal::new(Eselon::IIa.as_i64().to_string());
    let pd = RwSignal::new(String::new());
    let status = RwSignal::new(ActingStatus::Definitif.as_i64().to_string());
    let form = FormState::new();

    let input = move || OfficialInput {
        gelar_depan: gelar_depan.get(),
        nama: nama.get(),
        gelar_belakang: gelar_belakang.get(),
        nip: nip.get(),
        golongan: golongan.get(),
        jabatan: jabatan.get(),
        eselon: parse_id(&eselon.get()).and_then(Eselon::from_i64).unwrap_or(Eselon::Pelaksana),
        pd_id: parse_id(&pd.get()),
        status: parse_id(&status.get()).and_then(ActingStatus::from_i64).unwrap_or_default(),
    };
    let client_errors = Signal::derive(move || {
        if form.attempted.get() { validate_official(&input()).err().unwrap_or_default() } else { FieldErrors::new() }
    });
    let load = move |row: Option<OfficialRow>| {
        form.reset();
        form.message.set(None);
        let v = row.as_ref().map(OfficialRow::input).unwrap_or_default();
        editing.set(row.map(|r| r.id));
        gelar_depan.set(v.gelar_depan);
        nama.set(v.nama);
        gelar_belakang.set(v.gelar_belakang);
        nip.set(v.nip);
        golongan.set(v.golongan);
        jabatan.set(v.jabatan);
        eselon.set(v.eselon.as_i64().to_string());
        pd.set(v.pd_id.map(|p| p.to_string()).unwrap_or_default());
        status.set(v.status.as_i64().to_string());
    };

    let save = Action::new(|(id, input): &(Option<i64>, OfficialInput)| save_official(*id, input.clone()));
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            form.show_result(&result, Msg::new("Pejabat tersimpan", "Official saved"));
            if result.is_ok() {
                load(None);
                form.message.set(Some((true, Msg::new("Pejabat tersimpan", "Official saved"))));
                version.update(|v| *v += 1);
            }
        }
    });
    let toggle = Action::new(|(id, active): &(i64, bool)| set_official_active(*id, *active));
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
        if validate_official(&input()).is_ok() {
            save.dispatch((editing.get_untracked(), input()));
        }
    };

    let pd_options = move |empty_label: String| {
        Signal::derive(move || {
            let mut options = vec![(String::new(), empty_label.clone())];
            if let Some(Ok(list)) = pds.get() {
                options.extend(list.into_iter().map(|p| (p.id.to_string(), format!("{} — {}", p.singkatan, p.nama))));
            }
            options
        })
    };
    let golongan_options = Signal::derive(move || {
        let mut options = vec![(String::new(), "–".to_owned())];
        options.extend(GOLONGAN.iter().map(|(g, p)| (g.to_string(), format!("{p}, {g}"))));
        options
    });
    let eselon_options = Signal::derive(|| {
        Eselon::VARIANTS.iter().map(|e| (e.as_i64().to_string(), e.label().to_owned())).collect::<Vec<_>>()
    });
    let status_options = Signal::derive(|| {
        ActingStatus::VARIANTS.iter().map(|s| (s.as_i64().to_string(), s.label().to_owned())).collect::<Vec<_>>()
    });
    let label = move |key: &'static str| {
        Signal::derive(move || {
            match key {
                "gelar_depan" => t_string!(i18n, pejabat.gelar_depan),
                "nama" => t_string!(i18n, pejabat.nama),
                "gelar_belakang" => t_string!(i18n, pejabat.gelar_belakang),
                "nip" => t_string!(i18n, pejabat.nip),
                "golongan" => t_string!(i18n, pejabat.golongan),
                "jabatan" => t_string!(i18n, pejabat.jabatan),
                "eselon" => t_string!(i18n, pejabat.eselon),
                "pd_id" => t_string!(i18n, pejabat.pd),
                _ => t_string!(i18n, pejabat.status),
            }
            .to_owned()
        })
    };

    view! {
        <h1>{t!(i18n, pejabat.title)}</h1>
        <section class="panel">
            <h2>
                {move || if editing.get().is_some() { t_string!(i18n, pejabat.form_edit) } else { t_string!(i18n, pejabat.form_new) }}
            </h2>
            <form on:submit=submit data-testid="pejabat-form" novalidate>
                <div class="grid">
                    <TextField label=label("gelar_depan") name="gelar_depan" value=gelar_depan error=field_error(client_errors, form, "gelar_depan") />
                    <TextField label=label("nama") name="nama" value=nama error=field_error(client_errors, form, "nama") />
                    <TextField label=label("gelar_belakang") name="gelar_belakang" value=gelar_belakang error=field_error(client_errors, form, "gelar_belakang") />
                    <TextField
                        label=label("nip")
                        name="nip"
                        value=nip
                        error=field_error(client_errors, form, "nip")
                        hint=Signal::derive(move || t_string!(i18n, pejabat.nip_hint).to_owned())
                    />
                    <SelectField label=label("golongan") name="golongan" value=golongan options=golongan_options error=field_error(client_errors, form, "golongan") />
                    <TextField label=label("jabatan") name="jabatan" value=jabatan error=field_error(client_errors, form, "jabatan") />
                    <SelectField label=label("eselon") name="eselon" value=eselon options=eselon_options error=field_error(client_errors, form, "eselon") />
                    <SelectField
                        label=label("pd_id")
                        name="pd_id"
                        value=pd
                        options=pd_options(t_string!(i18n, pejabat.choose_pd).to_owned())
                        error=field_error(client_errors, form, "pd_id")
                    />
                    <SelectField label=label("status") name="status" value=status options=status_options error=field_error(client_errors, form, "status") />
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
        <div class="toolbar">
            <SelectField
                label=Signal::derive(move || t_string!(i18n, pejabat.filter).to_owned())
                name="filter_pd"
                value=filter_pd
                options=pd_options(t_string!(i18n, pejabat.all_pd).to_owned())
                error=Signal::derive(|| None)
            />
            <label class="check">
                <input type="checkbox" prop:checked=move || show_inactive.get() on:change=move |ev| show_inactive.set(event_target_checked(&ev)) />
                {t!(i18n, common.show_inactive)}
            </label>
        </div>
        <Notice message=table_message />
        <Loaded
            resource=rows
            view={move |list: Vec<OfficialRow>| {
                view! {
                    <table data-testid="admin-pejabat-table">
                        <thead>
                            <tr>
                                <th>{t!(i18n, pejabat.nama)}</th>
                                <th>{t!(i18n, pejabat.nip)}</th>
                                <th>{t!(i18n, pejabat.golongan)}</th>
                                <th>{t!(i18n, pejabat.jabatan)}</th>
                                <th>{t!(i18n, pejabat.eselon)}</th>
                                <th>{t!(i18n, pejabat.pd)}</th>
                                <th>{t!(i18n, common.actions)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list
                                .into_iter()
                                .map(|o| {
                                    let row = o.clone();
                                    let (id, active) = (o.id, o.active);
                                    view! {
                                        <tr class:inactive=!active>
                                            <td>{o.full_name()}</td>
                                            <td class="code">{o.nip_display()}</td>
                                            <td>{o.pangkat_display()}</td>
                                            <td>{o.jabatan_display()}</td>
                                            <td>{o.eselon.label()}</td>
                                            <td>{o.pd_singkatan.clone().unwrap_or_else(|| "–".into())}</td>
                                            <td class="row-actions">
                                                <button type="button" class="link" on:click=move |_| load(Some(row.clone()))>
                                                    {t!(i18n, common.edit)}
                                                </button>
                                                <button type="button" class="link" on:click=move |_| { toggle.dispatch((id, !active)); }>
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
