//! The interface: the HTML shell, the route table and the pages.

mod admin_audit;
mod admin_pd;
mod admin_pejabat;
mod admin_pemda;
mod admin_pengguna;
mod admin_periode;
mod admin_tenggat;
mod dashboard;
mod document;
mod documents;
mod layout;
mod login;
mod pd;
mod reviews;
pub mod widgets;

use crate::api::session::whoami;
use crate::api::types::CurrentUser;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The logged-in user, loaded once per page load and refetched after login and logout.
#[derive(Clone, Copy)]
pub struct UserResource(pub Resource<Result<Option<CurrentUser>, AppError>>);

/// The whole HTML document. On the server it also sets the Content-Security-Policy with the
/// nonce that leptos puts on its own inline scripts.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="stylesheet" href="/pkg/akuntabel.css" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    let nonce = leptos::nonce::use_nonce().map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'"
    );
    crate::infra::request::append_header(http::header::CONTENT_SECURITY_POLICY, &policy);
}

#[component]
pub fn App() -> impl IntoView {
    let user = UserResource(Resource::new_blocking(|| (), |_| whoami()));
    provide_context(user);
    // Indonesian unless the user chose English (remembered in a cookie for a year). The browser's
    // Accept-Language is ignored on purpose: most office browsers say English.
    let ignore_accept_language = leptos_i18n::context::UseLocalesOptions::default().ssr_lang_header_getter(|| None);
    let cookie = leptos_i18n::context::CookieOptions::<Locale>::default().path("/").max_age(365_i64 * 24 * 3600 * 1000);
    view! {
        <I18nContextProvider
            cookie_name="akuntabel_bahasa"
            cookie_options=cookie
            ssr_lang_header_getter=ignore_accept_language
        >
            <Title text="Akuntabel" />
            <Router>
                <Routes fallback=layout::NotFound>
                    <Route path=path!("/masuk") view=login::LoginPage />
                    <Route path=path!("/") view=dashboard::DashboardPage />
                    <Route path=path!("/perangkat-daerah") view=pd::PdPage />
                    <Route path=path!("/admin/pemda") view=admin_pemda::PemdaPage />
                    <Route path=path!("/admin/perangkat-daerah") view=admin_pd::AdminPdPage />
                    <Route path=path!("/admin/pejabat") view=admin_pejabat::PejabatPage />
                    <Route path=path!("/admin/pengguna") view=admin_pengguna::PenggunaPage />
                    <Route path=path!("/admin/periode") view=admin_periode::PeriodePage />
                    <Route path=path!("/admin/audit") view=admin_audit::AuditPage />
                    <Route path=path!("/admin/tenggat") view=admin_tenggat::TenggatPage />
                    <Route path=path!("/dokumen") view=documents::DocumentsPage />
                    <Route path=path!("/dokumen/:id") view=document::DocumentPage />
                    <Route path=path!("/reviu") view=reviews::ReviewPage />
                    <Route path=path!("/kelengkapan") view=reviews::CompletenessPage />
                    <Route path=path!("/kotak-masuk") view=reviews::InboxPage />
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}
