//! Admin: officials (pejabat) with NIP, pangkat/golongan, jabatan, eselon, PD and acting status.

use super::admin_form::{AdminForm, AdminPage, RowActions, ShowInactive};
use super::layout::Layout;
use super::widgets::{Loaded, Notice, SelectField, TextField, parse_id};
use crate::api::master::{list_officials, list_pd, save_official, set_official_active};
use crate::api::types::OfficialRow;
use crate::domain::Msg;
use crate::domain::master::{ActingStatus, Eselon, GOLONGAN, OfficialInput, validate_official};
use crate::domain::roles::Permission;
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
    let page = AdminPage::new();
    let show_inactive = RwSignal::new(false);
    let filter_pd = RwSignal::new(String::new());
    let rows = Resource::new(
        move || (page.version.get(), show_inactive.get(), parse_id(&filter_pd.get())),
        |(_, all, pd)| list_officials(pd, all),
    );
    // Options for the <select>s, outside any Transition: loaded on the client only.
    let pds = LocalResource::new(move || list_pd(false));

    let gelar_depan = RwSignal::new(String::new());
    let nama = RwSignal::new(String::new());
    let gelar_belakang = RwSignal::new(String::new());
    let nip = RwSignal::new(String::new());
    let golongan = RwSignal::new(String::new());
    let jabatan = RwSignal::new(String::new());
    let eselon = RwSignal::new(Eselon::IIa.as_i64().to_string());
    let pd = RwSignal::new(String::new());
    let status = RwSignal::new(ActingStatus::Definitif.as_i64().to_string());

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
    let client_errors = page.client_errors(input, validate_official);
    let load = move |row: Option<OfficialRow>| {
        let v = row.as_ref().map(OfficialRow::input).unwrap_or_default();
        page.edit(row.map(|r| r.id));
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

    let save = page.saver(save_official, Msg::new("Pejabat tersimpan", "Official saved"), move || load(None));
    let toggle = page.table_action(|(id, active): (i64, bool)| set_official_active(id, active));

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
        <AdminForm
            page
            title_new=Signal::derive(move || t_string!(i18n, pejabat.form_new).to_owned())
            title_edit=Signal::derive(move || t_string!(i18n, pejabat.form_edit).to_owned())
            testid="pejabat-form"
            on_submit=page.submit(input, validate_official, save)
            pending=save.pending()
            on_cancel=Callback::new(move |()| load(None))
        >
                    <TextField label=label("gelar_depan") name="gelar_depan" value=gelar_depan error=page.error(client_errors, "gelar_depan") />
                    <TextField label=label("nama") name="nama" value=nama error=page.error(client_errors, "nama") />
                    <TextField label=label("gelar_belakang") name="gelar_belakang" value=gelar_belakang error=page.error(client_errors, "gelar_belakang") />
                    <TextField
                        label=label("nip")
                        name="nip"
                        value=nip
                        error=page.error(client_errors, "nip")
                        hint=Signal::derive(move || t_string!(i18n, pejabat.nip_hint).to_owned())
                    />
                    <SelectField label=label("golongan") name="golongan" value=golongan options=golongan_options error=page.error(client_errors, "golongan") />
                    <TextField label=label("jabatan") name="jabatan" value=jabatan error=page.error(client_errors, "jabatan") />
                    <SelectField label=label("eselon") name="eselon" value=eselon options=eselon_options error=page.error(client_errors, "eselon") />
                    <SelectField
                        label=label("pd_id")
                        name="pd_id"
                        value=pd
                        options=pd_options(t_string!(i18n, pejabat.choose_pd).to_owned())
                        error=page.error(client_errors, "pd_id")
                    />
                    <SelectField label=label("status") name="status" value=status options=status_options error=page.error(client_errors, "status") />
        </AdminForm>
        <div class="toolbar">
            <SelectField
                label=Signal::derive(move || t_string!(i18n, pejabat.filter).to_owned())
                name="filter_pd"
                value=filter_pd
                options=pd_options(t_string!(i18n, pejabat.all_pd).to_owned())
                error=Signal::derive(|| None)
            />
            <ShowInactive value=show_inactive />
        </div>
        <Notice message=page.table_message />
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
                                            <RowActions
                                                active
                                                on_edit=Callback::new(move |()| load(Some(row.clone())))
                                                on_toggle=Callback::new(move |()| { toggle.dispatch((id, !active)); })
                                            />
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
