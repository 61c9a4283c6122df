//! Boards: the reviewer's queue, the kabag's disposition board, the completeness board of
//! PD × document type, and the inbox.

use super::documents::{DEFAULT_YEAR, DocumentTable};
use super::layout::{Layout, use_current_user};
use super::widgets::{Loaded, TextField, Timestamp, use_english};
use crate::api::documents::{completeness_board, get_inbox, list_documents, mark_inbox_read, review_queue};
use crate::api::types::{CompletenessRow, DocumentRow, InboxItem};
use crate::domain::roles::Permission;
use crate::domain::workflow::State;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn ReviewPage() -> impl IntoView {
    view! {
        <Layout>
            <ReviewContent />
        </Layout>
    }
}

#[component]
fn ReviewContent() -> impl IntoView {
    let i18n = use_i18n();
    let grants = use_current_user().map(|u| u.grants).unwrap_or_default();
    let is_reviewer = grants.allows(Permission::ReviewDocuments);
    let is_kabag = grants.allows(Permission::AssignReviewers);
    let queue = Resource::new(
        move || is_reviewer,
        |yes| async move { if yes { review_queue().await.map(Some) } else { Ok(None) } },
    );
    let board = Resource::new(
        move || is_kabag,
        |yes| async move { if yes { list_documents(None, None).await.map(Some) } else { Ok(None) } },
    );
    view! {
        <h1>{t!(i18n, reviu.title)}</h1>
        {is_reviewer.then(|| view! {
            <h2>{t!(i18n, reviu.antrean)}</h2>
            <Loaded
                resource=queue
                view={move |rows: Option<Vec<DocumentRow>>| match rows {
                    Some(rows) => view! { <DocumentTable rows testid="review-queue" /> }.into_any(),
                    None => ().into_any(),
                }}
            />
        })}
        {is_kabag.then(|| view! {
            <h2>{t!(i18n, reviu.disposisi)}</h2>
            <p class="muted">{t!(i18n, reviu.disposisi_hint)}</p>
            <Loaded
                resource=board
                view={move |rows: Option<Vec<DocumentRow>>| match rows {
                    Some(rows) => {
                        let waiting: Vec<_> = rows.into_iter().filter(|d| matches!(d.state, State::Submitted | State::InReview | State::ChangesRequested | State::Approved)).collect();
                        view! { <DocumentTable rows=waiting testid="disposition-board" /> }.into_any()
                    }
                    None => ().into_any(),
                }}
            />
        })}
        {(!is_reviewer && !is_kabag).then(|| view! { <p class="muted">{t!(i18n, reviu.bukan_reviewer)}</p> })}
    }
}

#[component]
pub fn CompletenessPage() -> impl IntoView {
    view! {
        <Layout permission=Permission::ViewAllPd>
            <CompletenessContent />
        </Layout>
    }
}

#[component]
fn CompletenessContent() -> impl IntoView {
    let i18n = use_i18n();
    let english = use_english();
    let year = RwSignal::new(DEFAULT_YEAR.to_string());
    let board = Resource::new(
        move || year.get(),
        |y| async move { completeness_board(y.trim().parse().unwrap_or(DEFAULT_YEAR)).await },
    );
    view! {
        <h1>{t!(i18n, kelengkapan.title)}</h1>
        <div class="toolbar">
            <TextField label=Signal::derive(move || t_string!(i18n, dok.tahun).to_owned()) name="tahun" kind="number" value=year error=Signal::derive(|| None) />
        </div>
        <Loaded
            resource=board
            view={move |rows: Vec<CompletenessRow>| {
                let types = rows.first().map(|r| r.cells.iter().map(|c| c.0).collect::<Vec<_>>()).unwrap_or_default();
                view! {
                    <div class="board-wrap">
                        <table class="board" data-testid="completeness">
                            <thead>
                                <tr>
                                    <th>{t!(i18n, dok.pd)}</th>
                                    {types.iter().map(|t| { let l = t.label(); view! { <th>{move || l.text(english()).to_owned()}</th> } }).collect_view()}
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|row| view! {
                                    <tr>
                                        <th title=row.nama.clone()>{row.singkatan.clone()}</th>
                                        {row.cells.into_iter().map(|(_, state)| match state {
                                            Some(s) => { let l = s.label(); view! { <td class=format!("state s{}", s.as_i64())>{move || l.text(english()).to_owned()}</td> }.into_any() }
                                            None => view! { <td class="missing">"–"</td> }.into_any(),
                                        }).collect_view()}
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
            }}
        />
    }
}

#[component]
pub fn InboxPage() -> impl IntoView {
    view! {
        <Layout>
            <InboxContent />
        </Layout>
    }
}

#[component]
fn InboxContent() -> impl IntoView {
    let i18n = use_i18n();
    let english = use_english();
    let version = RwSignal::new(0_u32);
    let inbox = Resource::new(move || version.get(), |_| get_inbox());
    let read_all = Action::new(|_: &()| mark_inbox_read(None));
    let super::UnreadBadge(badge) = expect_context::<super::UnreadBadge>();
    Effect::new(move |_| {
        if let Some(Ok(())) = read_all.value().get() {
            version.update(|v| *v += 1);
            // Everything is read now: the badge in the navigation goes.
            badge.set(0);
        }
    });
    view! {
        <h1>{t!(i18n, inbox.title)}</h1>
        <Loaded
            resource=inbox
            view=move |(items, unread): (Vec<InboxItem>, i64)| {
                view! {
                    <p>{move || if english() { format!("{unread} unread") } else { format!("{unread} belum dibaca") }}</p>
                    <button type="button" class="secondary" on:click=move |_| { read_all.dispatch(()); }>{t!(i18n, inbox.tandai)}</button>
                    <ul class="plain inbox" data-testid="inbox">
                        {items.into_iter().map(|i| {
                            let (id_text, en_text) = (i.message_id.clone(), i.message_en.clone());
                            view! {
                                <li class:unread=!i.read data-kind=i.kind.clone()>
                                    <span class="muted"><Timestamp at=i.created_at /></span>" "
                                    {match i.document_id {
                                        Some(doc) => view! { <a href=format!("/dokumen/{doc}")>{move || if english() { en_text.clone() } else { id_text.clone() }}</a> }.into_any(),
                                        None => view! { <span>{move || if english() { en_text.clone() } else { id_text.clone() }}</span> }.into_any(),
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
            }
        />
    }
}
