//! Admin: five-year periods (RPJMD/Renstra) and the fiscal years derived from them.

use super::admin_form::{ActiveCell, AdminForm, AdminPage, RowActions};
use super::layout::Layout;
use super::widgets::{Loaded, Notice, TextField};
use crate::api::master::{list_periods, save_period, set_period_active};
use crate::api::types::PeriodRow;
use crate::domain::Msg;
use crate::domain::master::{PeriodInput, validate_period};
use crate::domain::roles::Permission;
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
    let page = AdminPage::new();
    let rows = Resource::new(move || page.version.get(), |_| list_periods());
    let nama = RwSignal::new(String::new());
    let awal = RwSignal::new(String::new());
    let akhir = RwSignal::new(String::new());
    let year = |s: String| s.trim().parse::<i32>().unwrap_or(0);
    let input = move || PeriodInput { nama: nama.get(), tahun_awal: year(awal.get()), tahun_akhir: year(akhir.get()) };
    let client_errors = page.client_errors(input, validate_period);
    let load = move |row: Option<PeriodRow>| {
        page.edit(row.as_ref().map(|r| r.id));
        nama.set(row.as_ref().map(|r| r.nama.clone()).unwrap_or_default());
        awal.set(row.as_ref().map(|r| r.tahun_awal.to_string()).unwrap_or_default());
        akhir.set(row.map(|r| r.tahun_akhir.to_string()).unwrap_or_default());
    };
    let save = page.saver(save_period, Msg::new("Periode tersimpan", "Period saved"), move || load(None));
    let toggle = page.table_action(|(id, active): (i64, bool)| set_period_active(id, active));
    view! {
        <h1>{t!(i18n, periode.title)}</h1>
        <AdminForm
            page
            title_new=Signal::derive(move || t_string!(i18n, periode.form_new).to_owned())
            title_edit=Signal::derive(move || t_string!(i18n, periode.form_edit).to_owned())
            testid="periode-form"
            on_submit=page.submit(input, validate_period, save)
            pending=save.pending()
            on_cancel=Callback::new(move |()| load(None))
        >
            <TextField label=Signal::derive(move || t_string!(i18n, periode.nama).to_owned()) name="nama" value=nama error=page.error(client_errors, "nama") />
            <TextField label=Signal::derive(move || t_string!(i18n, periode.tahun_awal).to_owned()) name="tahun_awal" kind="number" value=awal error=page.error(client_errors, "tahun_awal") />
            <TextField label=Signal::derive(move || t_string!(i18n, periode.tahun_akhir).to_owned()) name="tahun_akhir" kind="number" value=akhir error=page.error(client_errors, "tahun_akhir") />
        </AdminForm>
        <Notice message=page.table_message />
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
                                        <ActiveCell active />
                                        <RowActions
                                            active
                                            on_edit=Callback::new(move |()| load(Some(row.clone())))
                                            on_toggle=Callback::new(move |()| { toggle.dispatch((id, !active)); })
                                        />
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
