//! The audit trail of master-data changes, newest first.

use super::layout::Layout;
use super::widgets::{Loaded, Timestamp};
use crate::api::master::list_audit;
use crate::api::types::AuditRow;
use crate::domain::roles::Permission;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <Layout permission=Permission::ViewAuditLog>
            <AuditContent />
        </Layout>
    }
}

#[component]
fn AuditContent() -> impl IntoView {
    let i18n = use_i18n();
    let before = RwSignal::new(None::<i64>);
    let page = Resource::new(move || before.get(), list_audit);
    view! {
        <h1>{t!(i18n, audit.title)}</h1>
        <Loaded
            resource=page
            view={move |rows: Vec<AuditRow>| {
                let oldest = rows.last().map(|r: &AuditRow| r.id);
                let full = rows.len() == 100;
                view! {
                    <table data-testid="audit-table">
                        <thead>
                            <tr>
                                <th>{t!(i18n, audit.waktu)}</th>
                                <th>{t!(i18n, audit.pengguna)}</th>
                                <th>{t!(i18n, audit.entitas)}</th>
                                <th>{t!(i18n, audit.aksi)}</th>
                                <th>{t!(i18n, audit.rincian)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.into_iter().map(|a| view! {
                                <tr>
                                    <td class="nowrap"><Timestamp at=a.at /></td>
                                    <td>{a.user.unwrap_or_else(|| "sistem".into())}</td>
                                    <td>{format!("{} #{}", a.entity, a.entity_id.map(|i| i.to_string()).unwrap_or_default())}</td>
                                    <td>{a.action}</td>
                                    <td class="detail"><code>{a.detail}</code></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <div class="actions">
                        <button type="button" class="secondary" on:click=move |_| before.set(None)>{t!(i18n, audit.newest)}</button>
                        {full.then(|| view! {
                            <button type="button" class="secondary" on:click=move |_| before.set(oldest)>{t!(i18n, audit.older)}</button>
                        })}
                    </div>
                }
            }}
        />
    }
}
