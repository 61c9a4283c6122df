//! One document: its content with comment threads beside the rows they anchor to, its files,
//! the workflow buttons the table allows this user, the round history and the diff.

use super::documents::Clock;
use super::layout::{Layout, use_current_user};
use super::table::TableEditor;
use super::tree::TreeEditor;
use super::widgets::{LoadError, Notice, Timestamp, use_english};
use crate::api::documents::{
    act_on_document, add_comment, copy_document_forward, create_document, decide_suggestion, get_document,
    list_reviewers, mark_comment_fixed, remove_document_file, reply_comment, resolve_comment, save_document,
};
use crate::api::types::{DocumentDetail, FileRow, NewDocument, PerubahanRow, PkChain, ThreadView};
use crate::domain::Msg;
use crate::domain::documents::DocumentType;
use crate::domain::format::{format_integer, format_timestamp_in};
use crate::domain::model::{Anchor, Content, Field, Node, NodeKind, PkLevel};
use crate::domain::perubahan::{AlasanPerubahan, PerubahanInput, line_name};
use crate::domain::review::{SuggestionState, ThreadState};
use crate::domain::roles::Permission;
use crate::domain::workflow::Action as WorkflowAction;
use crate::error::AppError;
use crate::i18n::*;
use leptos::lazy;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn DocumentPage() -> impl IntoView {
    view! {
        <Layout>
            <DocumentContent />
        </Layout>
    }
}

/// Bumped after every change, to reload the document.
#[derive(Clone, Copy)]
struct Reload(RwSignal<u32>);

/// The outcome of the last action on the page.
#[derive(Clone, Copy)]
struct PageNotice(RwSignal<Option<(bool, Msg)>>);

fn report(result: Result<(), AppError>, ok: Msg) {
    let Reload(reload) = expect_context::<Reload>();
    let PageNotice(notice) = expect_context::<PageNotice>();
    match result {
        Ok(()) => {
            notice.set(Some((true, ok)));
            reload.update(|v| *v += 1);
        }
        Err(e) => notice.set(Some((false, refusal_text(&e)))),
    }
}

/// What a refused action tells the user: the refusal, and for a form error what is wrong with
/// each field (this page's forms are small, so the notice names them all).
fn refusal_text(error: &AppError) -> Msg {
    let msg = error.msg();
    match error.field_errors().filter(|f| !f.is_empty()) {
        Some(fields) => {
            let join = |pick: fn(&Msg) -> &str| fields.0.iter().map(|(_, m)| pick(m)).collect::<Vec<_>>().join("; ");
            Msg::new(format!("{}: {}", msg.id, join(|m| &m.id)), format!("{}: {}", msg.en, join(|m| &m.en)))
        }
        None => msg,
    }
}

/// The files as `(name, sha256)`, for labelling places.
fn file_names(files: &[FileRow]) -> Vec<(String, String)> {
    files.iter().map(|f| (f.file_name.clone(), f.sha256.clone())).collect()
}

#[component]
fn DocumentContent() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let reload = RwSignal::new(0_u32);
    provide_context(Reload(reload));
    let queries = use_query_map();
    let query = queries.get_untracked();
    let notice = RwSignal::new(upload_outcome(query.get("berkas").as_deref(), query.get("nama").as_deref()));
    provide_context(PageNotice(notice));
    // `?versi=3`: that frozen version, read only.
    let versi = move || queries.read().get("versi").and_then(|v| v.parse::<i64>().ok());
    let detail = Resource::new(move || (id(), versi(), reload.get()), |(id, versi, _)| get_document(id, versi));
    // Created here, outside the Transition: a resource created inside a suspended view would be
    // created anew each time that view renders again.
    let may_assign = use_current_user().is_some_and(|u| u.grants.allows(Permission::AssignReviewers));
    // The reviewers the kabag can assign (empty for everyone else).
    let reviewers = Resource::new(
        move || may_assign,
        |yes| async move { if yes { list_reviewers().await.unwrap_or_default() } else { Vec::new() } },
    );
    view! {
        <Notice message=notice />
        <Transition fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                let detail = detail.await;
                let reviewers = reviewers.await;
                match detail {
                    Ok(d) => view! { <DocumentView d reviewers /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn upload_outcome(code: Option<&str>, stored_name: Option<&str>) -> Option<(bool, Msg)> {
    let msg = match code? {
        "ok" => return Some((true, Msg::new("Berkas dilampirkan", "File attached"))),
        "ok-nama" => {
            let name = stored_name.unwrap_or_default();
            return Some((
                true,
                Msg::new(
                    format!(
                        "Berkas dilampirkan dengan nama \u{201c}{name}\u{201d}: akhiran nama disesuaikan dengan jenis isinya dan tanda tak terlihat dihapus"
                    ),
                    format!(
                        "File attached as \u{201c}{name}\u{201d}: its name now ends in the extension of its real type, and invisible characters were removed"
                    ),
                ),
            ));
        }
        "tipe" => Msg::new("Berkas harus PDF, DOCX atau XLSX yang utuh", "The file must be a sound PDF, DOCX or XLSX"),
        "besar" => Msg::new("Berkas melebihi batas ukuran unggahan", "The file is over the upload limit"),
        "kosong" => Msg::new("Pilih berkas terlebih dahulu", "Choose a file first"),
        "status" => Msg::new("Dokumen tidak dapat diubah sekarang", "The document cannot be changed now"),
        _ => Msg::new("Berkas gagal disimpan; coba lagi", "The file could not be saved; try again"),
    };
    Some((false, msg))
}

#[component]
fn DocumentView(d: DocumentDetail, reviewers: Vec<(i64, String)>) -> impl IntoView {
    super::layout::mark_ready("document");
    let i18n = use_i18n();
    let english = use_english();
    let row = d.row.clone();
    let jenis = row.doc_type.label();
    let state = row.state.label();
    let outline = d.content.outline();
    let other_threads: Vec<ThreadView> = d
        .threads
        .iter()
        .filter(|t| t.anchor.node().is_none() && !matches!(t.anchor, Anchor::FilePage { .. }))
        .cloned()
        .collect();
    let latest_version = d.versions.last().map(|v| v.number);
    view! {
        <header class="doc-head">
            <h1 data-testid="document-title">{row.judul.clone()}</h1>
            {d.viewing.clone().map(|v| {
                let (number, line, at, id) = (v.number, v.line, v.created_at, row.id);
                view! {
                    <p class="notice" role="status" data-testid="viewing-version">
                        {move || if english() {
                            format!("You are reading version {number} (line {line}) of {}, as it was frozen; it cannot be changed. ", format_timestamp_in(at, true))
                        } else {
                            format!("Anda membaca versi {number} (alur {line}) tanggal {}, sebagaimana dibekukan; versi ini tidak dapat diubah. ", format_timestamp_in(at, false))
                        }}
                        <a href=format!("/dokumen/{id}")>{t!(i18n, dok.ke_versi_kerja)}</a>
                    </p>
                }
            })}
            {(!d.perubahan.is_empty()).then(|| {
                let name = line_name(row.doc_type, d.perubahan.len() as i64);
                view! { <p class="revision-badge" data-testid="revision">{move || name.text(english()).to_owned()}</p> }
            })}
            <p class="muted">
                {move || jenis.text(english()).to_owned()}
                {format!(" · {}", row.pd_singkatan.clone().unwrap_or_else(|| "Pemda".into()))}
                {row.tahun.map(|t| format!(" · {t}"))}
                {row.official.clone().map(|o| format!(" · {o}"))}
            </p>
            <p>
                <span class=format!("state s{}", row.state.as_i64()) data-testid="document-state">
                    {move || state.text(english()).to_owned()}
                </span>
                " "
                <Clock date=row.due days_left=row.due_days_left />
                " "
                <Clock date=row.service_due days_left=row.service_days_left />
                {(!row.reviewers.is_empty()).then(|| format!(" · Reviewer: {}", row.reviewers.join(", ")))}
            </p>
        </header>
        <ActionBar d=d.clone() reviewers />
        // A PK below the Bupati's shows what it serves in its chain panel.
        {d.serves.clone().filter(|_| d.pk.as_ref().is_none_or(|p| p.upper.is_none())).map(|s| view! {
            <section class="panel" data-testid="serves">
                <p>{t!(i18n, dok.mendukung_rpjmd)}": "<a href=format!("/dokumen/{}", s.document_id)>{s.judul}</a></p>
            </section>
        })}
        {d.pk.clone().map(|chain| view! { <PkChainPanel chain id=d.row.id pd_id=d.row.pd_id tahun=d.row.tahun can_copy=d.is_owner /> })}
        {d.row.tahun.filter(|_| d.is_owner && matches!(d.content, Content::Rkt(_) | Content::RencanaAksi(_))).map(|t| view! {
            <section class="panel"><CopyForward id=d.row.id next=t + 1 /></section>
        })}
        <section class="panel">
            <h2>{t!(i18n, dok.isi)}</h2>
            {if d.content.structured().is_some() {
                view! { <ContentSlot d=d.clone() /> }.into_any()
            } else {
                view! { <p class="muted">{t!(i18n, dok.hanya_berkas)}</p> }.into_any()
            }}
        </section>
        <FilesPanel d=d.clone() latest_version />
        {d.can_comment.then(|| view! { <CommentForm d=d.clone() /> })}
        <section class="panel">
            <h2>{t!(i18n, dok.catatan_lain)}</h2>
            {if other_threads.is_empty() {
                view! { <p class="muted">{t!(i18n, common.empty)}</p> }.into_any()
            } else {
                other_threads
                    .into_iter()
                    .map(|t| {
                        let label = t.anchor.label(&outline, &[]);
                        view! { <Thread t label is_owner=d.is_owner can_review=d.can_comment latest_version /> }
                    })
                    .collect_view()
                    .into_any()
            }}
        </section>
        {d.diff.clone().map(|(from, to, diff)| {
            let outline = d.content.outline();
            view! {
                <section class="panel" data-testid="diff">
                    <h2>{move || format!("{} {from} → {to}", t_string!(i18n, dok.perubahan))}</h2>
                    {diff.is_empty().then(|| view! { <p class="muted">{t!(i18n, dok.tidak_berubah)}</p> })}
                    <ul class="plain diff">
                        {diff.added.iter().map(|n| diff_line(n, "added", "+")).collect_view()}
                        {diff.removed.iter().map(|n| diff_line(n, "removed", "−")).collect_view()}
                        {diff.changed.iter().map(|c| {
                            let place = d.content.place_label(&Anchor::Field { node: c.node.clone(), field: c.field }, &outline, &[]);
                            let kind = outline.iter().find(|n| n.key == c.node).map(|n| n.kind);
                            let (old, new) = (shown_value(&d, kind, c.field, &c.old), shown_value(&d, kind, c.field, &c.new));
                            view! { <li class="changed">{move || format!("{}: ", place.text(english()))}<del>{move || old.text(english()).to_owned()}</del>" → "<ins>{move || new.text(english()).to_owned()}</ins></li> }
                        }).collect_view()}
                        {diff.files_added.iter().map(|(n, _)| { let n = n.clone(); view! { <li class="added">{move || format!("+ {} {n}", if english() { "file" } else { "berkas" })}</li> } }).collect_view()}
                        {diff.files_removed.iter().map(|(n, _)| { let n = n.clone(); view! { <li class="removed">{move || format!("− {} {n}", if english() { "file" } else { "berkas" })}</li> } }).collect_view()}
                    </ul>
                </section>
            }
        })}
        <section class="panel">
            <h2>{t!(i18n, dok.riwayat)}</h2>
            {(!d.perubahan.is_empty()).then(|| view! { <Revisions rows=d.perubahan.clone() doc_type=row.doc_type /> })}
            <table class="compact" data-testid="rounds">
                <tbody>
                    {d.rounds.iter().map(|r| {
                        let outcome = r.outcome.map(|a| a.label());
                        let (number, version) = (r.number, r.version);
                        view! {
                            <tr>
                                <td>{move || if english() { format!("Round {number} · version {version}") } else { format!("Putaran {number} · versi {version}") }}</td>
                                <td>{r.reviewer.clone()}</td>
                                <td><Timestamp at=r.opened_at /></td>
                                <td>{move || outcome.as_ref().map(|o| o.text(english()).to_owned()).unwrap_or_else(|| "…".into())}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <ul class="plain events" data-testid="events">
                {d.events.iter().rev().map(|e| {
                    let action = e.action.label();
                    let to = e.to.label();
                    let (assignee, version, note) = (e.assignee.clone(), e.version, e.note.clone());
                    let extra = move || {
                        let version = version.map(|v| if english() { format!("version {v}") } else { format!("versi {v}") });
                        [assignee.clone().map(|a| format!("→ {a}")), version, (!note.is_empty()).then(|| format!("“{note}”"))]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(" · ")
                    };
                    view! {
                        <li>
                            <span class="muted"><Timestamp at=e.at /></span>
                            {format!(" — {} ", e.user)}
                            <strong>{move || action.text(english()).to_owned()}</strong>
                            {move || format!(" ⇒ {} {}", to.text(english()), extra())}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <ul class="plain">
                {d.versions.iter().rev().map(|v| {
                    let (number, line, by, at, sha) = (v.number, v.line, v.created_by.clone(), v.created_at, v.sha256.chars().take(12).collect::<String>());
                    let href = format!("/dokumen/{}?versi={number}", row.id);
                    view! {
                        <li data-version=number><a href=href><code>{move || format!(
                            "v{number} ({} {line}) · {by} · {} · SHA-256 {sha}…",
                            if english() { "line" } else { "alur" },
                            format_timestamp_in(at, english())
                        )}</code></a></li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The revisions of a document, newest first: the line each started, why, the date it was
/// decided, the note, and for a PK whose official changed, who handed over to whom.
#[component]
fn Revisions(rows: Vec<PerubahanRow>, doc_type: DocumentType) -> impl IntoView {
    let english = use_english();
    view! {
        <ul class="plain revisions" data-testid="perubahan">
            {rows.into_iter().enumerate().rev().map(|(i, r)| {
                let name = line_name(doc_type, i as i64 + 1);
                let alasan = r.alasan.label();
                let handover = match (r.pejabat_sebelumnya.clone(), r.pejabat_baru.clone()) {
                    (Some(before), Some(after)) => Some(format!(" · {before} → {after}")),
                    (None, Some(after)) => Some(format!(" · → {after}")),
                    _ => None,
                };
                let note = (!r.keterangan.is_empty()).then(|| format!(" · \u{201c}{}\u{201d}", r.keterangan));
                let (line, tanggal, oleh) = (r.line, r.tanggal, r.oleh.clone());
                view! {
                    <li data-line=line>
                        <strong>{move || name.text(english()).to_owned()}</strong>
                        {move || format!(
                            " ({} {line}) — {}, {} · {oleh}",
                            if english() { "line" } else { "alur" },
                            alasan.text(english()),
                            tanggal.format_in(english()),
                        )}
                        {handover}
                        {note}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// What a reopening asks of the kabag: the revision's reason, the date it was decided and, for a
/// PK whose official changed, who takes over (the action bar's signals, filled here).
#[derive(Clone)]
struct ReopenForm {
    alasan: RwSignal<String>,
    tanggal: RwSignal<String>,
    successor: RwSignal<String>,
    successors: Vec<(i64, String)>,
    is_pk: bool,
}

/// The reopening fields are a module of their own: only the kabag sees them, and inline they
/// would take the document page past its size budget (`bundle-budget.txt`).
#[lazy]
fn reopen_fields(form: ReopenForm) -> AnyView {
    let i18n = use_i18n();
    let english = use_english();
    let ReopenForm { alasan, tanggal, successor, successors, is_pk } = form;
    let official_changes = move || alasan.get() == AlasanPerubahan::PergantianPejabat.as_i64().to_string() && is_pk;
    view! {
                <div class="field">
                    <label for="f-alasan">{t!(i18n, dok.alasan_perubahan)}</label>
                    <select id="f-alasan" name="alasan" on:change=move |ev| alasan.set(event_target_value(&ev))>
                        {AlasanPerubahan::VARIANTS.iter().map(|a| {
                            let label = a.label();
                            let code = a.as_i64().to_string();
                            let chosen = *a == AlasanPerubahan::Lainnya;
                            view! { <option value=code selected=chosen>{move || label.text(english()).to_owned()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-tanggal">{t!(i18n, dok.tanggal_perubahan)}</label>
                    <input id="f-tanggal" type="date" name="tanggal" prop:value=move || tanggal.get() on:input=move |ev| tanggal.set(event_target_value(&ev)) />
                </div>
                <Show when=official_changes>
                    <div class="field">
                        <label for="f-successor">{t!(i18n, dok.pejabat_baru)}</label>
                        <select id="f-successor" name="official_id" on:change=move |ev| successor.set(event_target_value(&ev))>
                            <option value="">"–"</option>
                            {successors.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                </Show>
            }
    .into_any()
}

/// A view from a module of its own, fetched once the page is live: nothing stands in its place
/// until it has arrived, on the server too, so that hydration agrees.
#[component]
fn LazySlot<F, Fut>(load: F) -> impl IntoView
where
    F: Fn() -> Fut + 'static,
    Fut: std::future::Future<Output = AnyView> + 'static,
{
    let slot = RwSignal::new_local(None::<AnyView>);
    Effect::new(move |_| {
        let view = load();
        leptos::task::spawn_local_scoped(async move {
            slot.set(Some(view.await));
        });
    });
    move || {
        slot.track();
        slot.try_update_untracked(Option::take).flatten()
    }
}

/// `reviewers`: whom the kabag can assign (empty for everyone else).
#[component]
fn ActionBar(d: DocumentDetail, reviewers: Vec<(i64, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let english = use_english();
    let note = RwSignal::new(String::new());
    let assignee = RwSignal::new(String::new());
    let id = d.row.id;
    let can_assign = d.allowed_actions.contains(&WorkflowAction::Assign);
    // The note is required only to reopen: say so only to someone who can.
    let reopen_allowed = d.allowed_actions.contains(&WorkflowAction::Reopen);
    // A reopening starts a revision: why, when it was decided, and for a PK whose official
    // changed, who takes over.
    let alasan = RwSignal::new(AlasanPerubahan::Lainnya.as_i64().to_string());
    let tanggal = RwSignal::new(String::new());
    let successor = RwSignal::new(String::new());
    let is_pk = d.row.doc_type == DocumentType::PerjanjianKinerja;
    let successors = d.successors.clone();
    let official_changes = move || alasan.get() == AlasanPerubahan::PergantianPejabat.as_i64().to_string() && is_pk;
    let act = leptos::prelude::Action::new(
        |(id, action, note, assignee, revision): &(
            i64,
            WorkflowAction,
            String,
            Option<i64>,
            Option<PerubahanInput>,
        )| { act_on_document(*id, *action, note.clone(), *assignee, revision.clone()) },
    );
    let revision = move || PerubahanInput {
        alasan: alasan.get_untracked().parse().ok().and_then(AlasanPerubahan::from_i64).unwrap_or_default(),
        tanggal: tanggal.get_untracked(),
        official_id: successor.get_untracked().parse().ok().filter(|_| official_changes()),
    };
    Effect::new(move |_| {
        if let Some(result) = act.value().get() {
            report(result.map(|_| ()), Msg::new("Tersimpan", "Done"));
        }
    });
    if d.allowed_actions.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="panel actions-bar" data-testid="workflow-actions">
            <div class="field">
                <label for="f-note">
                    {if reopen_allowed {
                        t!(i18n, dok.catatan_wajib).into_any()
                    } else {
                        t!(i18n, dok.catatan_tindakan).into_any()
                    }}
                </label>
                <input id="f-note" name="note" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
            </div>
            {reopen_allowed.then(|| {
                let form = ReopenForm { alasan, tanggal, successor, successors: successors.clone(), is_pk };
                view! { <LazySlot load=move || reopen_fields(form.clone()) /> }
            })}
            {can_assign.then(|| view! {
                <div class="field">
                    <label for="f-assignee">"Reviewer"</label>
                    <select id="f-assignee" name="assignee" on:change=move |ev| assignee.set(event_target_value(&ev))>
                        <option value="">"–"</option>
                        {reviewers.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                </div>
            })}
            <div class="actions">
                {d.allowed_actions.iter().map(|a| {
                    let action = *a;
                    let label = action.label();
                    view! {
                        <button
                            type="button"
                            data-action=format!("{action:?}")
                            disabled=move || act.pending().get()
                            on:click=move |_| {
                                let chosen = assignee.get_untracked().parse::<i64>().ok();
                                let revision = (action == WorkflowAction::Reopen).then(revision);
                                act.dispatch((id, action, note.get_untracked(), chosen, revision));
                            }
                        >
                            {move || label.text(english()).to_owned()}
                        </button>
                    }
                }).collect_view()}
            </div>
        </section>
    }
    .into_any()
}

/// A PK's parties and its place in the chain: the upper PK its indicators serve, and the PKs
/// one level below that serve it.
#[component]
fn PkChainPanel(chain: PkChain, id: i64, pd_id: Option<i64>, tahun: Option<i32>, can_copy: bool) -> impl IntoView {
    let i18n = use_i18n();
    let english = use_english();
    let level = chain.level.label();
    let one_party = chain.level == PkLevel::KepalaDaerah;
    view! {
        <section class="panel pk-chain" data-testid="pk-chain">
            <p>
                <strong>{move || level.text(english()).to_owned()}</strong>
                {party(" · ", &chain.pihak_pertama, &chain.pihak_pertama_jabatan)}
                {party(" → ", &chain.pihak_kedua, &chain.pihak_kedua_jabatan)}
            </p>
            {one_party.then(|| view! { <p class="muted">{t!(i18n, dok.sepihak)}</p> })}
            {(!one_party).then(|| match chain.upper.clone() {
                Some(u) => view! {
                    <p data-testid="pk-upper">{t!(i18n, dok.pk_atasan)}": "<a href=format!("/dokumen/{}", u.document_id)>{u.judul}</a></p>
                }.into_any(),
                None => view! { <p class="muted" data-testid="pk-upper">{t!(i18n, dok.belum_ada_pk_atasan)}</p> }.into_any(),
            })}
            {(!chain.lower.is_empty()).then(|| view! {
                <p data-testid="pk-lower">
                    {t!(i18n, dok.pk_bawahan)}": "
                    {chain.lower.iter().enumerate().map(|(i, l)| view! {
                        {(i > 0).then_some(", ")}
                        <a href=format!("/dokumen/{}", l.document_id)>{l.judul.clone()}</a>
                    }).collect_view()}
                </p>
            })}
            {match (chain.rencana_aksi.clone(), chain.official_id, tahun) {
                (Some(ra), ..) => Some(view! {
                    <p data-testid="pk-renaksi">{t!(i18n, dok.rencana_aksi)}": "<a href=format!("/dokumen/{}", ra.document_id)>{ra.judul}</a></p>
                }.into_any()),
                (None, Some(official), Some(tahun)) if can_copy => {
                    let who = chain.pihak_pertama_jabatan.clone().or(chain.pihak_pertama.clone()).unwrap_or_default();
                    let input = NewDocument {
                        doc_type: DocumentType::RencanaAksi,
                        pd_id,
                        tahun: Some(tahun),
                        period_id: None,
                        official_id: Some(official),
                        pihak_kedua_id: None,
                        judul: format!("Rencana Aksi {who} {tahun}"),
                        pembagian: None,
                    };
                    Some(view! { <LazySlot load=move || make_rencana_aksi(input.clone()) /> }.into_any())
                }
                _ => None,
            }}
            {tahun.filter(|_| can_copy).map(|t| view! { <CopyForward id next=t + 1 /> })}
        </section>
    }
}

/// The button is a module of its own: only a PK's owners see it, before its plan exists.
#[lazy]
fn make_rencana_aksi(input: NewDocument) -> AnyView {
    view! { <MakeRencanaAksi input /> }.into_any()
}

/// "Buat rencana aksi": makes the action plan of this PK (its indicators, the Pemda's division
/// of the year) and moves to it.
#[component]
fn MakeRencanaAksi(input: NewDocument) -> impl IntoView {
    let i18n = use_i18n();
    let make = leptos::prelude::Action::new(|input: &NewDocument| create_document(input.clone()));
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| match make.value().get() {
        Some(Ok(new_id)) => navigate(&format!("/dokumen/{new_id}"), Default::default()),
        Some(Err(e)) => {
            let PageNotice(notice) = expect_context::<PageNotice>();
            notice.set(Some((false, refusal_text(&e))));
        }
        None => {}
    });
    let input = StoredValue::new(input);
    view! {
        <div class="actions">
            <button type="button" class="secondary" data-testid="make-renaksi" disabled=move || make.pending().get()
                on:click=move |_| { make.dispatch(input.get_value()); }>
                {t!(i18n, dok.buat_rencana_aksi)}
            </button>
        </div>
    }
}

/// "Salin ke tahun 2027": starts next year's PK or RKT from this one; the page moves to it once
/// it exists.
#[component]
fn CopyForward(id: i64, next: i32) -> impl IntoView {
    let i18n = use_i18n();
    let copy = leptos::prelude::Action::new(|id: &i64| copy_document_forward(*id));
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| match copy.value().get() {
        Some(Ok(new_id)) => navigate(&format!("/dokumen/{new_id}"), Default::default()),
        Some(Err(e)) => {
            let PageNotice(notice) = expect_context::<PageNotice>();
            notice.set(Some((false, refusal_text(&e))));
        }
        None => {}
    });
    view! {
        <div class="actions">
            <button type="button" class="secondary" data-testid="copy-forward" disabled=move || copy.pending().get()
                on:click=move |_| { copy.dispatch(id); }>
                {move || format!("{} {next}", t_string!(i18n, dok.salin_ke_tahun))}
            </button>
        </div>
    }
}

/// ` · Syamsul Bahri, S.Pd., M.M. (Plt. Sekretaris Dinas Pendidikan)`: a party of a PK.
fn party(before: &str, name: &Option<String>, jabatan: &Option<String>) -> Option<String> {
    let name = name.as_ref()?;
    Some(match jabatan {
        Some(j) if !j.is_empty() => format!("{before}{name} ({j})"),
        _ => format!("{before}{name}"),
    })
}

/// `+ Baris 3 · sasaran · indikator · …`: a node added or removed, as a line of the diff.
fn diff_line(node: &Node, class: &'static str, sign: &'static str) -> impl IntoView + use<> {
    let english = use_english();
    let (label, summary) = (node.label(), node.summary());
    view! { <li class=class>{move || format!("{sign} {}: {summary}", label.text(english()))}</li> }
}

/// The editor is a module of its own (with the document model and every type's columns it would
/// take the document page past its size budget, `bundle-budget.txt`), fetched once the page is
/// live. It is not rendered on the server: a lazily loaded view cannot be hydrated (its module
/// is still on its way when hydration reaches it), so the server and the hydrating browser both
/// show the loading line, and the editor replaces it when its module has arrived.
#[component]
fn ContentSlot(d: DocumentDetail) -> impl IntoView {
    let i18n = use_i18n();
    let slot = RwSignal::new_local(None::<AnyView>);
    // Effects run only in the browser, after hydration.
    Effect::new(move |_| {
        let d = d.clone();
        // Scoped to this component's owner: the editor's effects find the page's contexts
        // (`Reload`, `PageNotice`) and are cleaned up with it.
        leptos::task::spawn_local_scoped(async move {
            let editor = content_editor(d).await;
            slot.set(Some(editor));
        });
    });
    move || {
        slot.track();
        match slot.try_update_untracked(Option::take).flatten() {
            Some(editor) => editor,
            None => view! { <p class="loading">{t!(i18n, common.loading)}</p> }.into_any(),
        }
    }
}

#[lazy]
fn content_editor(d: DocumentDetail) -> AnyView {
    view! { <ContentEditor d /> }.into_any()
}

/// The structured content in the type's table editor, with each row's threads beside it.
#[component]
fn ContentEditor(d: DocumentDetail) -> impl IntoView {
    let i18n = use_i18n();
    let content = RwSignal::new(d.content.clone());
    let server_errors = RwSignal::new(Vec::new());
    let can_edit = d.can_edit;
    let (id, revision) = (d.row.id, d.row.revision);
    let threads = StoredValue::new(d.threads.clone());
    let outline = StoredValue::new(d.content.outline());
    let labelled = StoredValue::new(d.content.clone());
    let latest_version = d.versions.last().map(|v| v.number);
    let (is_owner, can_review) = (d.is_owner, d.can_comment);
    let save = leptos::prelude::Action::new(|(id, revision, content): &(i64, i64, Content)| {
        save_document(*id, *revision, String::new(), content.clone())
    });
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            server_errors
                .set(result.as_ref().err().and_then(|e| e.field_errors()).map(|f| f.0.clone()).unwrap_or_default());
            // On a stale save the typed rows stay on screen; only a successful save reloads.
            report(result.map(|_| ()), Msg::new("Draf tersimpan", "Draft saved"));
        }
    });
    let beside = Callback::new(move |key: crate::domain::model::NodeKey| {
        let row_threads: Vec<ThreadView> =
            threads.with_value(|t| t.iter().filter(|t| t.anchor.node() == Some(&key)).cloned().collect());
        row_threads
            .into_iter()
            .map(|t| {
                let label = outline.with_value(|o| labelled.with_value(|c| c.place_label(&t.anchor, o, &[])));
                view! { <Thread t label is_owner can_review latest_version /> }
            })
            .collect_view()
            .into_any()
    });
    let typing_errors = RwSignal::new(Vec::new());
    let has_errors =
        Memo::new(move |_| typing_errors.with(|t| !t.is_empty()) || content.with(|c| c.validate().is_err()));
    // A tree is edited in its tree editor alone; the table editors are for tables.
    let is_tree = d.content.structured().and_then(|s| s.tree_columns()).is_some();
    let kinds = d.content.structured().filter(|_| !is_tree).map(|s| s.top_kinds()).unwrap_or(&[]);
    // The link column's choices: what the document this one serves offers to link to.
    let choices = Signal::stored(d.serves.as_ref().map(|u| u.choices.clone()).unwrap_or_default());
    let english = use_english();
    let beside_label = Signal::derive(move || t_string!(i18n, dok.catatan).to_owned());
    // A Rencana Aksi's realisation and capaian, under its plan.
    let realisasi = match (&d.content, d.renaksi.clone()) {
        (Content::RencanaAksi(plan), Some(view)) => Some((plan.clone(), view)),
        _ => None,
    };
    view! {
        {is_tree.then(|| view! { <TreeEditor content can_edit typing_errors server_errors beside beside_label choices /> })}
        {kinds.iter().map(|kind| {
            let kind = *kind;
            let title = content.with_untracked(|c| c.structured().map(|s| s.table_title(kind)));
            view! {
                {(kinds.len() > 1).then(|| title.map(|t| view! { <h3>{move || t.text(english()).to_owned()}</h3> }))}
                <TableEditor content kind can_edit typing_errors server_errors beside choices beside_label />
            }
        }).collect_view()}
        {can_edit.then(|| view! {
            <div class="actions">
                <button type="button" data-testid="save-draft" disabled=move || save.pending().get() || typing_errors.with(|t| !t.is_empty())
                    on:click=move |_| { save.dispatch((id, revision, content.get_untracked())); }>
                    {t!(i18n, dok.simpan_draf)}
                </button>
                <Show when=move || has_errors.get()>
                    <span class="error" data-testid="editor-errors">{t!(i18n, dok.ada_isian_salah)}</span>
                </Show>
            </div>
        })}
        {realisasi.map(|(plan, view)| view! { <super::renaksi::RealisasiPanel id plan view /> })}
    }
}

/// A value as a diff shows it: a link as the place it names, a closed
/// list's code (`negatif`) as its label; anything else as written.
fn shown_value(d: &DocumentDetail, kind: Option<NodeKind>, field: Field, value: &str) -> Msg {
    if field == Field::Acuan
        && let Some((_, text)) = d.serves.as_ref().and_then(|u| u.choices.iter().find(|(code, _)| code == value))
    {
        return Msg::new(text.clone(), text.clone());
    }
    let choices = match (d.content.structured(), kind) {
        (Some(s), Some(kind)) => s.choices(kind, field),
        _ => &[],
    };
    match choices.iter().find(|c| c.code == value) {
        Some(choice) => choice.label(),
        None => Msg::new(value, value),
    }
}

#[component]
fn Thread(t: ThreadView, label: Msg, is_owner: bool, can_review: bool, latest_version: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let english = use_english();
    let reply_text = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let thread_id = t.id;
    let reply = leptos::prelude::Action::new(|(id, body): &(i64, String)| reply_comment(*id, body.clone()));
    let fixed = leptos::prelude::Action::new(|(id, version): &(i64, i64)| mark_comment_fixed(*id, *version));
    let resolve = leptos::prelude::Action::new(|id: &i64| resolve_comment(*id));
    let decide = leptos::prelude::Action::new(|(id, accept, reason): &(i64, bool, String)| {
        decide_suggestion(*id, *accept, reason.clone())
    });
    Effect::new(move |_| {
        if let Some(r) = reply.value().get() {
            report(r, Msg::new("Balasan terkirim", "Reply sent"));
        }
    });
    Effect::new(move |_| {
        if let Some(r) = fixed.value().get() {
            report(r, Msg::new("Ditandai sudah diperbaiki", "Marked fixed"));
        }
    });
    Effect::new(move |_| {
        if let Some(r) = resolve.value().get() {
            report(r, Msg::new("Catatan selesai", "Comment resolved"));
        }
    });
    Effect::new(move |_| {
        if let Some(r) = decide.value().get() {
            report(r, Msg::new("Usulan diputuskan", "Suggestion decided"));
        }
    });
    let state_label = t.state.label();
    let open = t.state != ThreadState::Resolved;
    let can_mark = is_owner && open && latest_version.is_some_and(|v| v > t.version);
    let (round, version) = (t.round, t.version);
    let can_resolve = t.can_resolve;
    view! {
        <div class=format!("thread t{}", t.state.as_i64()) data-thread=t.id.to_string() data-anchor=t.anchor.encode()>
            <p class="thread-head">
                <strong>{move || label.text(english()).to_owned()}</strong>
                {move || if english() { format!(" · round {round} · v{version} · ") } else { format!(" · putaran {round} · v{version} · ") }}
                <span class="thread-state">{move || state_label.text(english()).to_owned()}</span>
                {t.fixed_in_version.map(|v| format!(" (v{v})"))}
                {t.anchor_changed.then(|| view! { <span class="badge" title=move || t_string!(i18n, dok.tempat_berubah)>{t!(i18n, dok.berubah)}</span> })}
            </p>
            {t.comments.iter().map(|c| view! {
                <p class="comment"><span class="muted">{format!("{} · ", c.author)}<Timestamp at=c.created_at /></span><br />{c.body.clone()}</p>
            }).collect_view()}
            {t.suggestion.clone().map(|s| {
                let pending = s.state == SuggestionState::Pending;
                let sid = s.id;
                view! {
                    <p class="suggestion">
                        {t!(i18n, dok.usulan)}": "<ins>{s.proposed.clone()}</ins>
                        {match s.state {
                            SuggestionState::Accepted => " ✓".to_owned(),
                            SuggestionState::Rejected => format!(" ✗ {}", s.reason),
                            SuggestionState::Pending => String::new(),
                        }}
                    </p>
                    {(pending && is_owner).then(|| view! {
                        <div class="actions">
                            <button type="button" class="secondary" data-testid="accept-suggestion" on:click=move |_| { decide.dispatch((sid, true, String::new())); }>{t!(i18n, dok.terima)}</button>
                            <input name="reason" placeholder=move || t_string!(i18n, dok.alasan_tolak) prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                            <button type="button" class="secondary" on:click=move |_| { decide.dispatch((sid, false, reason.get_untracked())); }>{t!(i18n, dok.tolak)}</button>
                        </div>
                    })}
                }
            })}
            {(open && (is_owner || can_review || can_resolve)).then(|| view! {
                <div class="actions">
                    <input name="reply" placeholder=move || t_string!(i18n, dok.balas) prop:value=move || reply_text.get() on:input=move |ev| reply_text.set(event_target_value(&ev)) />
                    <button type="button" class="secondary" on:click=move |_| { reply.dispatch((thread_id, reply_text.get_untracked())); }>{t!(i18n, dok.kirim)}</button>
                    {can_mark.then(|| view! {
                        <button type="button" class="secondary" data-testid="mark-fixed" on:click=move |_| { if let Some(v) = latest_version { fixed.dispatch((thread_id, v)); } }>
                            {t!(i18n, dok.sudah_diperbaiki)}
                        </button>
                    })}
                    {can_resolve.then(|| view! {
                        <button type="button" class="secondary" data-testid="resolve" on:click=move |_| { resolve.dispatch(thread_id); }>{t!(i18n, dok.selesaikan)}</button>
                    })}
                </div>
            })}
        </div>
    }
}

/// The comment form's option value for "a page of this file" (followed by its SHA-256).
const FILE_OPTION: &str = "berkas:";

#[component]
fn CommentForm(d: DocumentDetail) -> impl IntoView {
    let i18n = use_i18n();
    let english = use_english();
    let anchor = RwSignal::new("document".to_owned());
    let body = RwSignal::new(String::new());
    let proposed = RwSignal::new(String::new());
    let page = RwSignal::new("1".to_owned());
    let page_error = RwSignal::new(None::<Msg>);
    let id = d.row.id;
    // The option values are the anchors' stored form, decoded again on sending; a file's
    // option holds its SHA-256 until the page number is known.
    let outline = d.content.outline();
    let mut options = vec![(Anchor::Document.encode(), Msg::new("Dokumen", "Document"))];
    for f in &d.files {
        options.push((
            FILE_OPTION.to_owned() + &f.sha256,
            Msg::new(format!("Berkas {} · halaman …", f.file_name), format!("File {} · page …", f.file_name)),
        ));
    }
    let columns = |node: &Node| d.content.structured().map(|s| s.columns(node.kind)).unwrap_or(&[]);
    for node in &outline {
        let place = Anchor::Node(node.key.clone());
        options.push((place.encode(), place.label(&outline, &[])));
        for column in columns(node) {
            let place = Anchor::Field { node: node.key.clone(), field: column.field };
            let label = d.content.place_label(&place, &outline, &[]);
            options.push((place.encode(), label));
        }
    }
    let add = leptos::prelude::Action::new(|(id, anchor, body, proposed): &(i64, Anchor, String, Option<String>)| {
        add_comment(*id, anchor.clone(), body.clone(), proposed.clone())
    });
    Effect::new(move |_| {
        if let Some(r) = add.value().get() {
            let ok = r.is_ok();
            report(r.map(|_| ()), Msg::new("Catatan ditambahkan", "Comment added"));
            if ok {
                body.set(String::new());
                proposed.set(String::new());
            }
        }
    });
    let is_field = move || anchor.with(|a| matches!(Anchor::decode(a), Some(Anchor::Field { .. })));
    let is_file = move || anchor.with(|a| a.starts_with(FILE_OPTION));
    view! {
        <section class="panel" data-testid="comment-form">
            <h2>{t!(i18n, dok.tulis_catatan)}</h2>
            <div class="grid">
                <div class="field">
                    <label for="f-anchor">{t!(i18n, dok.tempat)}</label>
                    <select id="f-anchor" name="anchor" on:change=move |ev| anchor.set(event_target_value(&ev))>
                        {options.into_iter().map(|(v, l)| view! { <option value=v>{move || l.text(english()).to_owned()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-body">{t!(i18n, dok.catatan)}</label>
                    <textarea id="f-body" name="body" prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                </div>
                <Show when=is_file>
                    <div class="field" class:invalid=move || page_error.get().is_some()>
                        <label for="f-page">{t!(i18n, dok.halaman)}</label>
                        <input id="f-page" name="page" type="number" min="1" inputmode="numeric" prop:value=move || page.get() on:input=move |ev| page.set(event_target_value(&ev)) />
                        <small class="error" data-error-for="page">{move || page_error.get().map(|m| m.text(english()).to_owned())}</small>
                    </div>
                </Show>
                <Show when=is_field>
                    <div class="field">
                        <label for="f-proposed">{t!(i18n, dok.usulan)}</label>
                        <input id="f-proposed" name="proposed" prop:value=move || proposed.get() on:input=move |ev| proposed.set(event_target_value(&ev)) />
                    </div>
                </Show>
            </div>
            <div class="actions">
                <button type="button" data-testid="add-comment" disabled=move || add.pending().get() on:click=move |_| {
                    let p = proposed.get_untracked();
                    let p = (is_field() && !p.trim().is_empty()).then_some(p);
                    let chosen = anchor.get_untracked();
                    let place = match chosen.strip_prefix(FILE_OPTION) {
                        Some(sha256) => match page.get_untracked().trim().parse::<u32>() {
                            Ok(n) if (1..=9_999).contains(&n) => Anchor::FilePage { sha256: sha256.to_owned(), page: n },
                            _ => {
                                page_error.set(Some(Msg::new("isi nomor halaman 1–9.999", "enter a page number 1–9,999")));
                                return;
                            }
                        },
                        None => Anchor::decode(&chosen).unwrap_or(Anchor::Document),
                    };
                    page_error.set(None);
                    add.dispatch((id, place, body.get_untracked(), p));
                }>{t!(i18n, dok.tambah_catatan)}</button>
            </div>
        </section>
    }
}

#[component]
fn FilesPanel(d: DocumentDetail, latest_version: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let id = d.row.id;
    let (is_owner, can_review) = (d.is_owner, d.can_comment);
    let files_for_labels = file_names(&d.files);
    let remove = leptos::prelude::Action::new(|file: &i64| remove_document_file(*file));
    Effect::new(move |_| {
        if let Some(r) = remove.value().get() {
            report(r, Msg::new("Berkas dilepas", "File removed"));
        }
    });
    let can_edit = d.can_edit;
    view! {
        <section class="panel" data-testid="files">
            <h2>{t!(i18n, dok.berkas)}</h2>
            <ul class="plain">
                {d.files.iter().map(|f| {
                    let file_id = f.id;
                    let file_threads: Vec<ThreadView> = d
                        .threads
                        .iter()
                        .filter(|t| matches!(&t.anchor, Anchor::FilePage { sha256, .. } if *sha256 == f.sha256))
                        .cloned()
                        .collect();
                    let labels = files_for_labels.clone();
                    view! {
                        <li data-file=f.sha256.clone()>
                            <a href=format!("/berkas/dokumen/{id}/{}", f.sha256)>{f.file_name.clone()}</a>
                            {format!(" · {} kB", format_integer((f.size_bytes + 1023) / 1024))}
                            {can_edit.then(|| view! { " " <button type="button" class="link" on:click=move |_| { remove.dispatch(file_id); }>{t!(i18n, dok.lepas)}</button> })}
                            <div class="threads">
                                {file_threads.into_iter().map(|t| {
                                    let label = t.anchor.label(&[], &labels);
                                    view! { <Thread t label is_owner can_review latest_version /> }
                                }).collect_view()}
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {can_edit.then(|| view! {
                <form method="post" action=format!("/berkas/dokumen/{id}") enctype="multipart/form-data" data-testid="upload-form">
                    <input type="file" name="berkas" accept=".pdf,.docx,.xlsx,application/pdf" required />
                    <button type="submit" class="secondary">{t!(i18n, dok.unggah)}</button>
                </form>
            })}
        </section>
    }
}
