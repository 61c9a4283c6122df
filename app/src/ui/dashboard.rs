//! The dashboard: figures for the data that exists now, chosen by role.

use super::layout::Layout;
use super::widgets::use_english;
use super::widgets::{Loaded, Timestamp};
use crate::api::dashboard::{get_capaian, get_dashboard};
use crate::api::documents::overdue_documents;
use crate::api::types::{CapaianPdRow, Dashboard, OverdueRow};
use crate::domain::capaian::Status;
use crate::domain::format::{format_decimal, format_integer};
use crate::i18n::*;
use leptos::lazy;
use leptos::prelude::*;

#[component]
pub fn DashboardPage() -> impl IntoView {
    view! {
        <Layout>
            <DashboardContent />
        </Layout>
    }
}

#[component]
fn Figure(#[prop(into)] label: Signal<String>, value: i64, testid: &'static str) -> impl IntoView {
    view! {
        <div class="figure" data-testid=testid>
            <span class="value">{format_integer(value)}</span>
            <span class="label">{label}</span>
        </div>
    }
}

#[component]
fn DashboardContent() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| get_dashboard());
    let late = Resource::new(|| (), |_| overdue_documents());
    let user = super::layout::use_current_user();
    let nama = user.map(|u| u.nama).unwrap_or_default();
    view! {
        <h1>{t!(i18n, dashboard.welcome, nama = nama.clone())}</h1>
        <Loaded resource=late view={move |rows: Vec<OverdueRow>| view! { <OverduePanel rows /> }} />
        <CapaianSlot />
        <Loaded resource=data view=move |d: Dashboard| view! { <DashboardView d /> } />
    }
}

/// The capaian panel is a module of its own, fetched once the dashboard is live (it would take
/// the bundle needed before the dashboard works past its budget, `bundle-budget.txt`); the
/// server and the hydrating browser both render nothing in its place, as the document page's
/// editor slot does.
#[component]
fn CapaianSlot() -> impl IntoView {
    let slot = RwSignal::new_local(None::<AnyView>);
    Effect::new(move |_| {
        leptos::task::spawn_local_scoped(async move {
            let panel = capaian_panel().await;
            slot.set(Some(panel));
        });
    });
    move || {
        slot.track();
        slot.try_update_untracked(Option::take).flatten()
    }
}

#[lazy]
fn capaian_panel() -> AnyView {
    let capaian = Resource::new(|| (), |_| get_capaian(super::documents::DEFAULT_YEAR));
    view! { <Loaded resource=capaian view={move |rows: Vec<CapaianPdRow>| view! { <CapaianPanel rows /> }} /> }
        .into_any()
}

/// The year's capaian so far per PD, from the approved Rencana Aksi: how many indicators have
/// reported, their mean capaian, how many fall in each band and how much of the planned budget
/// has been spent.
#[component]
fn CapaianPanel(rows: Vec<CapaianPdRow>) -> impl IntoView {
    let i18n = use_i18n();
    let english = use_english();
    let year = super::documents::DEFAULT_YEAR;
    view! {
        <section class="panel" data-testid="capaian-pd">
            <h2>{t!(i18n, dashboard.capaian)}" "{year}</h2>
            {if rows.is_empty() {
                view! { <p class="muted">{t!(i18n, dashboard.capaian_kosong)}</p> }.into_any()
            } else {
                view! {
                    <table class="compact">
                        <thead>
                            <tr>
                                <th>{t!(i18n, dok.pd)}</th>
                                <th class="num">{t!(i18n, dashboard.dilaporkan)}</th>
                                <th class="num">{t!(i18n, dashboard.rata_rata)}</th>
                                {Status::VARIANTS.iter().map(|s| {
                                    let label = s.label();
                                    view! { <th class="num">{move || label.text(english()).to_owned()}</th> }
                                }).collect_view()}
                                <th class="num">{t!(i18n, dashboard.serapan)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.into_iter().map(|r| {
                                let s = r.summary;
                                view! {
                                    <tr data-pd=r.pd.clone()>
                                        <td>{r.pd.clone()}</td>
                                        <td class="num">{format!("{} / {}", s.dilaporkan, s.indikator)}</td>
                                        <td class="num">{s.rata_rata.map(|m| format!("{} %", format_decimal(m, 2))).unwrap_or_else(|| "–".into())}</td>
                                        {s.per_status.iter().map(|n| view! { <td class="num">{format_integer(*n as i64)}</td> }).collect_view()}
                                        <td class="num" data-testid="serapan">{s.serapan().map(|m| format!("{} %", format_decimal(m, 2))).unwrap_or_else(|| "–".into())}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            }}
        </section>
    }
}

/// The user's overdue list: what is late, by how much, and whose move it is.
#[component]
fn OverduePanel(rows: Vec<OverdueRow>) -> impl IntoView {
    let i18n = use_i18n();
    let english = use_english();
    let count = rows.len() as i64;
    let any_late = count > 0;
    view! {
        <section class="panel" class:alert=any_late data-testid="terlambat">
            <h2>{t!(i18n, dashboard.terlambat)} {(count > 0).then(|| view! { " " <span class="badge">{format_integer(count)}</span> })}</h2>
            {if rows.is_empty() {
                view! { <p class="muted">{t!(i18n, dashboard.tidak_terlambat)}</p> }.into_any()
            } else {
                view! {
                    <table class="compact">
                        <thead>
                            <tr>
                                <th>{t!(i18n, dok.judul)}</th>
                                <th>{t!(i18n, dok.pd)}</th>
                                <th>{t!(i18n, common.status)}</th>
                                <th>{t!(i18n, dashboard.keterlambatan)}</th>
                                <th>{t!(i18n, dashboard.menunggu)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.into_iter().map(|o| {
                                let state = o.row.state.label();
                                let lateness = o.lateness.label();
                                let waiting = o.waiting_on.map(|r| r.label());
                                view! {
                                    <tr data-document=o.row.id.to_string()>
                                        <td><a href=format!("/dokumen/{}", o.row.id)>{o.row.judul.clone()}</a></td>
                                        <td>{o.row.pd_singkatan.clone().unwrap_or_else(|| "Pemda".into())}</td>
                                        <td><span class=format!("state s{}", o.row.state.as_i64())>{move || state.text(english()).to_owned()}</span></td>
                                        <td class="clock late">{move || lateness.text(english()).to_owned()}</td>
                                        <td>{move || waiting.as_ref().map(|w| w.text(english()).to_owned()).unwrap_or_else(|| "–".into())}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn DashboardView(d: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let periode = d.periode_aktif.clone();
    view! {
        <p class="muted">{d.pemda_nama.clone()}</p>
        <section class="figures">
            <Figure label=Signal::derive(move || t_string!(i18n, dashboard.pd_aktif).to_owned()) value=d.pd_aktif testid="pd-aktif" />
            <Figure
                label=Signal::derive(move || t_string!(i18n, dashboard.pejabat_aktif).to_owned())
                value=d.pejabat_aktif
                testid="pejabat-aktif"
            />
            <Figure
                label=Signal::derive(move || t_string!(i18n, dashboard.tanpa_kepala).to_owned())
                value=d.pd_tanpa_kepala
                testid="pd-tanpa-kepala"
            />
            {d.pengguna_aktif.map(|v| view! {
                <Figure label=Signal::derive(move || t_string!(i18n, dashboard.pengguna_aktif).to_owned()) value=v testid="pengguna-aktif" />
            })}
            {d.sesi_aktif.map(|v| view! {
                <Figure label=Signal::derive(move || t_string!(i18n, dashboard.sesi_aktif).to_owned()) value=v testid="sesi-aktif" />
            })}
            {d.login_gagal_24_jam.map(|v| view! {
                <Figure label=Signal::derive(move || t_string!(i18n, dashboard.login_gagal).to_owned()) value=v testid="login-gagal" />
            })}
        </section>
        <section class="panel">
            <h2>{t!(i18n, dashboard.periode)}</h2>
            {match periode {
                Some(p) => view! { <p>{format!("{} ({}–{})", p.nama, p.tahun_awal, p.tahun_akhir)}</p> }.into_any(),
                None => view! { <p class="muted">{t!(i18n, dashboard.no_periode)}</p> }.into_any(),
            }}
        </section>
        {(!d.pd_saya.is_empty()).then(|| {
            let pds = d.pd_saya.clone();
            view! {
                <section class="panel" data-testid="pd-saya">
                    <h2>{t!(i18n, dashboard.pd_saya)}</h2>
                    <ul>
                        {pds.into_iter().map(|p| view! {
                            <li>
                                <strong>{p.nama.clone()}</strong>
                                {format!(" ({}) — ", p.singkatan)}
                                {p.kepala.clone().unwrap_or_else(|| "–".into())}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            }
        })}
        {(!d.pejabat_per_eselon.is_empty()).then(|| {
            let rows = d.pejabat_per_eselon.clone();
            view! {
                <section class="panel">
                    <h2>{t!(i18n, dashboard.per_eselon)}</h2>
                    <table class="compact">
                        <tbody>
                            {rows.into_iter().map(|(label, count)| view! {
                                <tr><td>{label}</td><td class="num">{format_integer(count)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            }
        })}
        {(!d.audit_terakhir.is_empty()).then(|| {
            let rows = d.audit_terakhir.clone();
            view! {
                <section class="panel">
                    <h2>{t!(i18n, dashboard.audit)}</h2>
                    <ul class="plain">
                        {rows.into_iter().map(|a| {
                            view! {
                                <li>
                                    <span class="muted"><Timestamp at=a.at /></span>
                                    {format!(" — {} {} {} #{}", a.user.unwrap_or_else(|| "sistem".into()), a.action, a.entity, a.entity_id.unwrap_or_default())}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            }
        })}
    }
}
