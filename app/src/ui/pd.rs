//! Perangkat Daerah as every user sees them: all of them for Pemda-wide roles, one's own for a
//! PD's planner or head.

use super::layout::Layout;
use super::widgets::Loaded;
use crate::api::master::{list_officials, list_pd};
use crate::api::types::{OfficialRow, PdRow};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn PdPage() -> impl IntoView {
    view! {
        <Layout>
            <PdContent />
        </Layout>
    }
}

#[component]
fn PdContent() -> impl IntoView {
    let i18n = use_i18n();
    let pds = Resource::new(|| (), |_| list_pd(false));
    let officials = Resource::new(|| (), |_| list_officials(None, false));
    view! {
        <h1>{t!(i18n, pd.title)}</h1>
        <Loaded
            resource=pds
            view={move |rows: Vec<PdRow>| {
                if rows.is_empty() {
                    view! { <p class="muted">{t!(i18n, common.empty)}</p> }.into_any()
                } else {
                    view! {
                        <table data-testid="pd-table">
                            <thead>
                                <tr>
                                    <th>{t!(i18n, pd.kode)}</th>
                                    <th>{t!(i18n, pd.nama)}</th>
                                    <th>{t!(i18n, pd.singkatan)}</th>
                                    <th>{t!(i18n, pd.kepala)}</th>
                                    <th class="num">{t!(i18n, pd.jumlah_pejabat)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows
                                    .into_iter()
                                    .map(|p| {
                                        let key = p.singkatan.clone();
                                        view! {
                                            <tr data-pd=key>
                                                <td class="code">{p.kode}</td>
                                                <td>{p.nama}</td>
                                                <td>{p.singkatan.clone()}</td>
                                                <td>{p.kepala.unwrap_or_else(|| "–".into())}</td>
                                                <td class="num">
                                                    {crate::domain::format::format_integer(p.jumlah_pejabat)}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                        .into_any()
                }
            }}
        />
        <h2>{t!(i18n, pejabat.title)}</h2>
        <Loaded
            resource=officials
            view={move |rows: Vec<OfficialRow>| {
                view! {
                    <table data-testid="pejabat-table">
                        <thead>
                            <tr>
                                <th>{t!(i18n, pejabat.nama)}</th>
                                <th>{t!(i18n, pejabat.nip)}</th>
                                <th>{t!(i18n, pejabat.golongan)}</th>
                                <th>{t!(i18n, pejabat.jabatan)}</th>
                                <th>{t!(i18n, pejabat.pd)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows
                                .into_iter()
                                .map(|o| {
                                    view! {
                                        <tr>
                                            <td>{o.full_name()}</td>
                                            <td class="code">{o.nip_display()}</td>
                                            <td>{o.pangkat_display()}</td>
                                            <td>{o.jabatan_display()}</td>
                                            <td>{o.pd_singkatan.clone().unwrap_or_else(|| "–".into())}</td>
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
