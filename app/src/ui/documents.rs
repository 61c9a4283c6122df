//! Documents: the list of the year with state and clocks, and the form to start one.

use super::layout::{Layout, use_current_user};
use super::widgets::{
    FormState, Loaded, Notice, SelectField, TextField, Timestamp, field_error, parse_id, use_english,
};
use crate::api::documents::{create_document, list_documents, list_pihak_kedua};
use crate::api::master::{list_officials, list_pd, list_periods};
use crate::api::types::{DocumentRow, NewDocument};
use crate::domain::access;
use crate::domain::documents::{DocumentType, Owner, validate_new};
use crate::domain::model::{Pembagian, PkLevel};
use crate::domain::{FieldErrors, Msg};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// The fiscal year the lists open on.
pub const DEFAULT_YEAR: i32 = 2026;

#[component]
pub fn DocumentsPage() -> impl IntoView {
    view! {
        <Layout>
            <DocumentsContent />
        </Layout>
    }
}

/// `12 hari lagi` / `terlambat 3 hari`, with a class for the colour.
#[component]
pub fn Clock(date: Option<crate::domain::format::CivilDate>, days_left: Option<i64>) -> impl IntoView {
    let english = use_english();
    date.map(|d| {
        let class = match days_left {
            Some(n) if n < 0 => "clock late",
            Some(n) if n <= 7 => "clock soon",
            _ => "clock",
        };
        view! {
            <span class=class>
                {move || d.format_in(english())}
                {move || {
                    days_left
                        .map(|n| match (n < 0, english()) {
                            (true, false) => format!(" · terlambat {} hari", -n),
                            (true, true) => format!(" · {} days late", -n),
                            (false, false) => format!(" · {n} hari lagi"),
                            (false, true) => format!(" · {n} days left"),
                        })
                        .unwrap_or_default()
                }}
            </span>
        }
    })
}

#[component]
pub fn DocumentTable(rows: Vec<DocumentRow>, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let english = use_english();
    if rows.is_empty() {
        return view! { <p class="muted">{t!(i18n, common.empty)}</p> }.into_any();
    }
    view! {
        <table data-testid=testid>
            <thead>
                <tr>
                    <th>{t!(i18n, dok.judul)}</th>
                    <th>{t!(i18n, dok.jenis)}</th>
                    <th>{t!(i18n, dok.pd)}</th>
                    <th>{t!(i18n, common.status)}</th>
                    <th>{t!(i18n, dok.tenggat)}</th>
                    <th>{t!(i18n, dok.layanan)}</th>
                    <th>{t!(i18n, dok.diubah)}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|d| {
                        let jenis = d.doc_type.label();
                        let state = d.state.label();
                        view! {
                            <tr data-document=d.id.to_string()>
                                <td>
                                    <a href=format!("/dokumen/{}", d.id)>{d.judul.clone()}</a>
                                    {d.official.clone().map(|o| view! { <br /><small class="muted">{o}</small> })}
                                </td>
                                <td>{move || jenis.text(english()).to_owned()}</td>
                                <td>{d.pd_singkatan.clone().unwrap_or_else(|| "Pemda".into())}</td>
                                <td>
                                    <span class=format!("state s{}", d.state.as_i64())>{move || state.text(english()).to_owned()}</span>
                                </td>
                                <td><Clock date=d.due days_left=d.due_days_left /></td>
                                <td><Clock date=d.service_due days_left=d.service_days_left /></td>
                                <td class="nowrap"><Timestamp at=d.updated_at /></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn DocumentsContent() -> impl IntoView {
    let i18n = use_i18n();
    let english = use_english();
    let user = use_current_user();
    let year = RwSignal::new(DEFAULT_YEAR.to_string());
    let only_late = RwSignal::new(false);
    let version = RwSignal::new(0_u32);
    let rows = Resource::new(
        move || (year.get(), version.get()),
        |(y, _)| async move { list_documents(y.trim().parse().ok(), None).await },
    );
    let grants = user.as_ref().map(|u| u.grants.clone()).unwrap_or_default();
    let own_pds: Vec<i64> = grants.0.iter().filter(|g| g.role.is_pd_scoped()).filter_map(|g| g.pd_id).collect();
    // Owners create: a PD's planner or head, and Bagian Organisasi for the Pemda's own documents.
    let may_create = !own_pds.is_empty() || access::is_owner(&grants, None);
    view! {
        <h1>{t!(i18n, dok.title)}</h1>
        <div class="toolbar">
            <TextField
                label=Signal::derive(move || t_string!(i18n, dok.tahun).to_owned())
                name="tahun"
                kind="number"
                value=year
                error=Signal::derive(|| None)
            />
            <label class="check">
                <input type="checkbox" prop:checked=move || only_late.get() on:change=move |ev| only_late.set(event_target_checked(&ev)) />
                {t!(i18n, dok.hanya_terlambat)}
            </label>
        </div>
        {may_create.then(|| view! { <NewDocumentForm year=year own_pds=own_pds.clone() /> })}
        <Loaded
            resource=rows
            view={move |list: Vec<DocumentRow>| {
                move || {
                    let late = only_late.get();
                    let list: Vec<DocumentRow> = list
                        .iter()
                        .filter(|d| !late || d.due_days_left.is_some_and(|n| n < 0) || d.service_days_left.is_some_and(|n| n < 0))
                        .cloned()
                        .collect();
                    view! { <DocumentTable rows=list testid="documents-table" /> }
                }
            }}
        />
        <p class="muted">{move || if english() { "Clocks: due date of the document type; service time (3 months from disposition)." } else { "Jam: tenggat jenis dokumen; waktu layanan (3 bulan sejak disposisi)." }}</p>
    }
}

#[component]
fn NewDocumentForm(year: RwSignal<String>, own_pds: Vec<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let english = use_english();
    let navigate = use_navigate();
    let doc_type = RwSignal::new(DocumentType::PerjanjianKinerja.esr_id().to_string());
    let pd = RwSignal::new(own_pds.first().map(|p| p.to_string()).unwrap_or_default());
    let official = RwSignal::new(String::new());
    let pihak_kedua = RwSignal::new(String::new());
    let period = RwSignal::new(String::new());
    let pembagian = RwSignal::new("triwulan".to_owned());
    let judul = RwSignal::new(String::new());
    let form = FormState::new();
    // Option lists read outside any boundary: client-only, so server HTML and hydration agree.
    let pds = LocalResource::new(move || list_pd(false));
    let periods = LocalResource::new(list_periods);
    let officials = LocalResource::new(move || {
        let pd = parse_id(&pd.get());
        async move {
            match pd {
                Some(pd) => list_officials(Some(pd), false).await.unwrap_or_default(),
                // A PK of the Pemda itself: the Bupati's, kept by Bagian Organisasi.
                None => list_officials(None, false)
                    .await
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|o| o.pd_id.is_none())
                    .collect(),
            }
        }
    });
    // Whom the chosen official's PK may be agreed with (the echelon chain, the Bupati included).
    let candidates = LocalResource::new(move || {
        let official = parse_id(&official.get());
        async move {
            match official {
                Some(id) => list_pihak_kedua(id).await.unwrap_or_default(),
                None => Vec::new(),
            }
        }
    });
    let chosen_level = move || {
        let id = parse_id(&official.get())?;
        officials.get().and_then(|list| list.iter().find(|o| o.id == id).map(|o| PkLevel::of(o.eselon)))
    };
    let one_party = move || chosen_level() == Some(PkLevel::KepalaDaerah);
    let selected_type =
        move || parse_id(&doc_type.get()).and_then(DocumentType::from_esr_id).unwrap_or(DocumentType::Lainnya);
    let create = Action::new(|input: &NewDocument| create_document(input.clone()));
    Effect::new(move |_| {
        if let Some(result) = create.value().get() {
            match result {
                Ok(id) => navigate(&format!("/dokumen/{id}"), Default::default()),
                Err(e) => form.show_result::<()>(&Err(e), Msg::new("", "")),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = selected_type();
        let input = NewDocument {
            doc_type: t,
            pd_id: if t.owner() == Owner::Pemda { None } else { parse_id(&pd.get_untracked()) },
            tahun: if t.is_five_year() { None } else { year.get_untracked().trim().parse().ok() },
            period_id: if t.is_five_year() { parse_id(&period.get_untracked()) } else { None },
            official_id: if t.needs_official() { parse_id(&official.get_untracked()) } else { None },
            pihak_kedua_id: if t.needs_pihak_kedua() { parse_id(&pihak_kedua.get_untracked()) } else { None },
            judul: judul.get_untracked(),
            pembagian: (t == DocumentType::RencanaAksi)
                .then(|| if pembagian.get_untracked() == "bulan" { Pembagian::Bulan } else { Pembagian::Triwulan }),
        };
        // The same rules the server runs.
        if let Err(errors) =
            validate_new(input.doc_type, input.pd_id, input.tahun, input.period_id, input.official_id, &input.judul)
        {
            form.server_errors.set(errors);
            return;
        }
        create.dispatch(input);
    };
    let type_options = Signal::derive(move || {
        DocumentType::VARIANTS
            .iter()
            .map(|t| (t.esr_id().to_string(), t.label().text(english()).to_owned()))
            .collect::<Vec<_>>()
    });
    let own = own_pds.clone();
    let pd_options = Signal::derive(move || {
        let mut options = vec![(String::new(), "Pemda".to_owned())];
        if let Some(Ok(list)) = pds.get() {
            options.extend(
                list.into_iter()
                    .filter(|p| own.is_empty() || own.contains(&p.id))
                    .map(|p| (p.id.to_string(), format!("{} — {}", p.singkatan, p.nama))),
            );
        }
        options
    });
    let official_options = Signal::derive(move || {
        let mut options = vec![(String::new(), "–".to_owned())];
        if let Some(list) = officials.get() {
            options.extend(
                list.into_iter().map(|o| (o.id.to_string(), format!("{} — {}", o.full_name(), o.jabatan_display()))),
            );
        }
        options
    });
    let pihak_kedua_options = Signal::derive(move || {
        let mut options = vec![(String::new(), "–".to_owned())];
        if let Some(list) = candidates.get() {
            options.extend(
                list.into_iter().map(|o| (o.id.to_string(), format!("{} — {}", o.full_name(), o.jabatan_display()))),
            );
        }
        options
    });
    // A five-year plan is made for a period; the active ones are offered.
    let period_options = Signal::derive(move || {
        let mut options = vec![(String::new(), "–".to_owned())];
        if let Some(Ok(list)) = periods.get() {
            options.extend(
                list.into_iter()
                    .filter(|p| p.active)
                    .map(|p| (p.id.to_string(), format!("{} ({}–{})", p.nama, p.tahun_awal, p.tahun_akhir))),
            );
        }
        options
    });
    let pembagian_options = Signal::derive(move || {
        [("triwulan", Pembagian::Triwulan), ("bulan", Pembagian::Bulan)]
            .map(|(code, p)| (code.to_owned(), p.label().text(english()).to_owned()))
            .to_vec()
    });
    let no_client_errors = Signal::derive(FieldErrors::new);
    view! {
        <details class="panel">
            <summary>{t!(i18n, dok.baru)}</summary>
            <form on:submit=submit data-testid="new-document-form" novalidate>
                <div class="grid">
                    <SelectField label=Signal::derive(move || t_string!(i18n, dok.jenis).to_owned()) name="doc_type" value=doc_type options=type_options error=Signal::derive(|| None) />
                    <SelectField label=Signal::derive(move || t_string!(i18n, dok.pd).to_owned()) name="pd_id" value=pd options=pd_options error=field_error(no_client_errors, form, "pd_id") />
                    <Show when=move || selected_type().is_five_year()>
                        <SelectField label=Signal::derive(move || t_string!(i18n, nav.periode).to_owned()) name="period_id" value=period options=period_options error=field_error(no_client_errors, form, "period_id") />
                    </Show>
                    <Show when=move || selected_type().needs_official()>
                        <SelectField label=Signal::derive(move || t_string!(i18n, dok.pejabat).to_owned()) name="official_id" value=official options=official_options error=field_error(no_client_errors, form, "official_id") />
                        <Show when=move || selected_type().needs_pihak_kedua()>
                            <Show when=move || !one_party() fallback=move || view! { <p class="muted">{t!(i18n, dok.sepihak)}</p> }>
                                <SelectField label=Signal::derive(move || t_string!(i18n, dok.pihak_kedua).to_owned()) name="pihak_kedua_id" value=pihak_kedua options=pihak_kedua_options error=field_error(no_client_errors, form, "pihak_kedua_id") />
                            </Show>
                        </Show>
                        <Show when=move || selected_type() == DocumentType::RencanaAksi>
                            <SelectField label=Signal::derive(move || t_string!(i18n, dok.pembagian).to_owned()) name="pembagian" value=pembagian options=pembagian_options error=Signal::derive(|| None) />
                        </Show>
                    </Show>
                    <TextField label=Signal::derive(move || t_string!(i18n, dok.judul).to_owned()) name="judul" value=judul error=field_error(no_client_errors, form, "judul") />
                </div>
                <Notice message=form.message />
                <div class="actions">
                    <button type="submit" disabled=move || create.pending().get()>{t!(i18n, dok.buat)}</button>
                </div>
            </form>
        </details>
    }
}
