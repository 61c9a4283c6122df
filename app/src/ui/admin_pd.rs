//! Admin: create, change, deactivate Perangkat Daerah.

use super::admin_form::{ActiveCell, AdminForm, AdminPage, RowActions, ShowInactive};
use super::layout::Layout;
use super::widgets::{Loaded, Notice, SelectField, TextField, parse_id};
use crate::api::master::{list_officials, list_pd, save_pd, set_pd_active};
use crate::api::types::PdRow;
use crate::domain::Msg;
use crate::domain::master::{PdInput, validate_pd};
use crate::domain::roles::Permission;
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
    let page = AdminPage::new();
    let show_inactive = RwSignal::new(false);
    let rows = Resource::new(move || (page.version.get(), show_inactive.get()), |(_, all)| list_pd(all));

    let kode = RwSignal::new(String::new());
    let nama = RwSignal::new(String::new());
    let singkatan = RwSignal::new(String::new());
    let kepala = RwSignal::new(String::new());
    // Options for a <select> outside any Transition: loaded on the client only, so that the server's
    // HTML and the hydrating browser agree.
    let heads = LocalResource::new(move || {
        let id = page.editing.get();
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
    let client_errors = page.client_errors(input, validate_pd);
    let load = move |row: Option<PdRow>| {
        let v = row.as_ref().map(PdRow::input).unwrap_or_default();
        page.edit(row.map(|r| r.id));
        kode.set(v.kode);
        nama.set(v.nama);
        singkatan.set(v.singkatan);
        kepala.set(v.kepala_id.map(|k| k.to_string()).unwrap_or_default());
    };
    let save = page.saver(save_pd, Msg::new("Perangkat Daerah tersimpan", "Agency saved"), move || load(None));
    let toggle = page.table_action(|(id, active): (i64, bool)| set_pd_active(id, active));
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
        <AdminForm
            page
            title_new=Signal::derive(move || t_string!(i18n, pd.form_new).to_owned())
            title_edit=Signal::derive(move || t_string!(i18n, pd.form_edit).to_owned())
            testid="pd-form"
            on_submit=page.submit(input, validate_pd, save)
            pending=save.pending()
            on_cancel=Callback::new(move |()| load(None))
        >
            <TextField label=Signal::derive(move || t_string!(i18n, pd.kode).to_owned()) name="kode" value=kode error=page.error(client_errors, "kode") />
            <TextField label=Signal::derive(move || t_string!(i18n, pd.nama).to_owned()) name="nama" value=nama error=page.error(client_errors, "nama") />
            <TextField label=Signal::derive(move || t_string!(i18n, pd.singkatan).to_owned()) name="singkatan" value=singkatan error=page.error(client_errors, "singkatan") />
            <Show when=move || page.editing.get().is_some()>
                <SelectField
                    label=Signal::derive(move || t_string!(i18n, pd.kepala).to_owned())
                    name="kepala_id"
                    value=kepala
                    options=head_options
                    error=page.error(client_errors, "kepala_id")
                />
            </Show>
        </AdminForm>
        <ShowInactive value=show_inactive />
        <Notice message=page.table_message />
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
                                    view! {
                                        <tr data-pd=p.singkatan.clone() class:inactive=!active>
                                            <td class="code">{p.kode}</td>
                                            <td>{p.nama}</td>
                                            <td>{p.singkatan.clone()}</td>
                                            <td>{p.kepala.unwrap_or_else(|| "–".into())}</td>
                                            <ActiveCell active />
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
