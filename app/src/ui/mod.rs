//! The interface: the HTML shell, the route table and the pages.

mod admin_audit;
mod admin_form;
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
mod password;
mod pd;
mod renaksi;
mod reviews;
mod table;
mod tree;
pub mod widgets;

use crate::api::types::CurrentUser;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, LazyRoute, lazy_route, path};

/// The logged-in user of this page load (`None` for a visitor), or why it could not be read.
///
/// The server knows it before it renders: `server::router` looks the session cookie up for every
/// page request and puts the answer into the request (`PageUserLookup`). It reaches the browser
/// serialised inside the page ([`SharedValue`]), so no page fetches it again through a resource
/// and the frame renders synchronously, outside any `Suspense`. Logging in or out loads a new page.
pub type PageUser = Result<Option<CurrentUser>, AppError>;

/// The page user as the request carries it (server only: put there by the router's middleware).
#[derive(Clone, Debug)]
pub struct PageUserLookup(pub PageUser);

/// The count on the inbox badge: starts from the page user, changes when the inbox is read.
#[derive(Clone, Copy)]
pub struct UnreadBadge(pub RwSignal<i64>);

/// The page user of this request. On the server it comes from the request; in the browser it is
/// read from the page while hydrating (this function is not called there).
fn page_user() -> PageUser {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<PageUserLookup>().map(|l| l.0.clone()))
            .unwrap_or(Ok(None))
    }
    #[cfg(not(feature = "ssr"))]
    {
        Ok(None)
    }
}

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
                <link rel="stylesheet" href=format!("/{}/{}.css", options.site_pkg_dir, options.output_name) />
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

/// The cookie that keeps the chosen language ("id" or "en"), and for how long.
pub const LANGUAGE_COOKIE: &str = "akuntabel_bahasa";
pub const LANGUAGE_COOKIE_DAYS: i64 = 365;

#[component]
pub fn App() -> impl IntoView {
    let user: PageUser = SharedValue::new(page_user).into_inner();
    let unread = user.as_ref().ok().and_then(Option::as_ref).map_or(0, |u| u.unread);
    provide_context(UnreadBadge(RwSignal::new(unread)));
    if let Ok(Some(current)) = &user {
        provide_context(current.clone());
    }
    provide_context(PageUserLookup(user));
    // Indonesian unless the user chose English (remembered in a cookie for a year). The browser's
    // Accept-Language is ignored on purpose: most office browsers say English.
    let ignore_accept_language = leptos_i18n::context::UseLocalesOptions::default().ssr_lang_header_getter(|| None);
    let cookie = leptos_i18n::context::CookieOptions::<Locale>::default()
        .path("/")
        .max_age(LANGUAGE_COOKIE_DAYS * 24 * 3600 * 1000);
    view! {
        <I18nContextProvider
            cookie_name=LANGUAGE_COOKIE
            cookie_options=cookie
            ssr_lang_header_getter=ignore_accept_language
        >
            <Title text="Akuntabel" />
            <Router>
                <Routes fallback=layout::NotFound>
                    <Route path=path!("/masuk") view=login::LoginPage />
                    <Route path=path!("/") view=dashboard::DashboardPage />
                    <Route path=path!("/perangkat-daerah") view={Lazy::<PdRoute>::new()} />
                    <Route path=path!("/admin/pemda") view={Lazy::<PemdaRoute>::new()} />
                    <Route path=path!("/admin/perangkat-daerah") view={Lazy::<AdminPdRoute>::new()} />
                    <Route path=path!("/admin/pejabat") view={Lazy::<PejabatRoute>::new()} />
                    <Route path=path!("/admin/pengguna") view={Lazy::<PenggunaRoute>::new()} />
                    <Route path=path!("/admin/periode") view={Lazy::<PeriodeRoute>::new()} />
                    <Route path=path!("/admin/audit") view={Lazy::<AuditRoute>::new()} />
                    <Route path=path!("/admin/tenggat") view={Lazy::<TenggatRoute>::new()} />
                    <Route path=path!("/dokumen") view={Lazy::<DocumentsRoute>::new()} />
                    <Route path=path!("/dokumen/:id") view={Lazy::<DocumentRoute>::new()} />
                    <Route path=path!("/reviu") view={Lazy::<ReviewRoute>::new()} />
                    <Route path=path!("/kelengkapan") view={Lazy::<CompletenessRoute>::new()} />
                    <Route path=path!("/kotak-masuk") view={Lazy::<InboxRoute>::new()} />
                    <Route path=path!("/kata-sandi") view={Lazy::<PasswordRoute>::new()} />
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}

/// A page whose code the browser loads only when it is first shown (`#[lazy_route]`): the build
/// cuts each into a wasm module of its own (scripts/build, tools/wasm-split), so the bundle
/// fetched before the login page works does not grow with every page. The page loads its data
/// itself, so `data()` has nothing to start.
macro_rules! lazy_page {
    ($($route:ident => $page:path),* $(,)?) => {$(
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                $page().into_any()
            }
        }
    )*};
}

lazy_page! {
    PdRoute => pd::PdPage,
    PemdaRoute => admin_pemda::PemdaPage,
    AdminPdRoute => admin_pd::AdminPdPage,
    PejabatRoute => admin_pejabat::PejabatPage,
    PenggunaRoute => admin_pengguna::PenggunaPage,
    PeriodeRoute => admin_periode::PeriodePage,
    AuditRoute => admin_audit::AuditPage,
    TenggatRoute => admin_tenggat::TenggatPage,
    DocumentsRoute => documents::DocumentsPage,
    DocumentRoute => document::DocumentPage,
    ReviewRoute => reviews::ReviewPage,
    CompletenessRoute => reviews::CompletenessPage,
    InboxRoute => reviews::InboxPage,
    PasswordRoute => password::PasswordPage,
}
