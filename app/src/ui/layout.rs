//! The page frame: header, navigation by role, language switch, logout. A page inside it is
//! shown only to a logged-in user (others are sent to the login page) and, when the page names a
//! permission, only to users who hold it.

use super::widgets::LoadError;
use super::{PageUserLookup, UnreadBadge};
use crate::api::session::logout;
use crate::api::types::CurrentUser;
use crate::domain::roles::Permission;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::{A, Redirect};

/// Marks the document as hydrated once this part of the page is live in the browser, so that
/// browser tests wait for a state instead of sleeping.
pub fn mark_hydrated() {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

/// Marks the document with `data-ready=<name>` once a page's own content is live (content that
/// loads after the frame hydrates does so a moment later).
pub fn mark_ready(name: &'static str) {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            let _ = body.set_attribute("data-ready", name);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = name;
    });
}

/// Keeps the chosen language for a year in the cookie the server renders pages by
/// ([`super::LANGUAGE_COOKIE`]). Written here rather than by leptos_i18n, whose cookie support
/// would bring a cookie parser and a date library into the browser bundle.
fn remember_language(locale: Locale) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let secure = document.location().and_then(|l| l.protocol().ok()).is_some_and(|p| p == "https:");
        if let Ok(document) = document.dyn_into::<web_sys::HtmlDocument>() {
            let _ = document.set_cookie(&format!(
                "{}={}; Path=/; Max-Age={}; SameSite=Lax{}",
                super::LANGUAGE_COOKIE,
                locale.as_str(),
                super::LANGUAGE_COOKIE_DAYS * 24 * 3600,
                if secure { "; Secure" } else { "" }
            ));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = locale;
}

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let toggle = move |_| {
        let next = if i18n.get_locale() == Locale::en { Locale::id } else { Locale::en };
        i18n.set_locale(next);
        remember_language(next);
    };
    view! {
        <button type="button" class="link lang" on:click=toggle>
            {t!(i18n, nav.language)}
        </button>
    }
}

#[component]
fn Navigation(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let grants = user.grants.clone();
    let UnreadBadge(unread) = expect_context::<UnreadBadge>();
    let master = grants.allows(Permission::ManageMasterData);
    let users = grants.allows(Permission::ManageUsers);
    let audit = grants.allows(Permission::ViewAuditLog);
    view! {
        <nav class="sidebar" aria-label="Navigasi">
            <A href="/">{t!(i18n, nav.dashboard)}</A>
            <A href="/perangkat-daerah">{t!(i18n, nav.pd)}</A>
            <A href="/dokumen">{t!(i18n, nav.dokumen)}</A>
            {(grants.allows(Permission::ReviewDocuments) || grants.allows(Permission::AssignReviewers))
                .then(|| view! { <A href="/reviu">{t!(i18n, nav.reviu)}</A> })}
            {grants.allows(Permission::ViewAllPd).then(|| view! { <A href="/kelengkapan">{t!(i18n, nav.kelengkapan)}</A> })}
            <A href="/kotak-masuk">
                {t!(i18n, nav.inbox)}
                {move || {
                    let unread = unread.get();
                    (unread > 0).then(|| view! { <span class="badge" data-testid="unread">{unread}</span> })
                }}
            </A>
            {(master || users || audit)
                .then(|| view! { <p class="nav-group">{t!(i18n, nav.admin)}</p> })}
            {master
                .then(|| {
                    view! {
                        <A href="/admin/pemda">{t!(i18n, nav.pemda)}</A>
                        <A href="/admin/perangkat-daerah">{t!(i18n, nav.admin_pd)}</A>
                        <A href="/admin/pejabat">{t!(i18n, nav.pejabat)}</A>
                        <A href="/admin/periode">{t!(i18n, nav.periode)}</A>
                        <A href="/admin/tenggat">{t!(i18n, nav.tenggat)}</A>
                    }
                })}
            {users.then(|| view! { <A href="/admin/pengguna">{t!(i18n, nav.pengguna)}</A> })}
            {audit.then(|| view! { <A href="/admin/audit">{t!(i18n, nav.audit)}</A> })}
        </nav>
    }
}

#[component]
fn Header(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let english = super::widgets::use_english();
    let do_logout = Action::new(|_: &()| logout());
    Effect::new(move |_| {
        if let Some(Ok(())) = do_logout.value().get() {
            load_page("/masuk");
        }
    });
    let roles = user
        .grants
        .0
        .iter()
        .map(|g| {
            let pd = g.pd_id.and_then(|id| user.pds.iter().find(|(p, _)| *p == id).map(|(_, s)| s.clone()));
            (g.role.label(), pd)
        })
        .collect::<Vec<_>>();
    view! {
        <header class="topbar">
            <a class="brand" href="/">
                "Akuntabel"
            </a>
            <span class="who" data-testid="current-user">
                <strong>{user.nama.clone()}</strong>
                <span class="roles">
                    {move || {
                        roles
                            .iter()
                            .map(|(label, pd)| match pd {
                                Some(pd) => format!("{} · {pd}", label.text(english())),
                                None => label.text(english()).to_owned(),
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    }}
                </span>
            </span>
            <A href=PASSWORD_PAGE attr:class="link">{t!(i18n, nav.kata_sandi)}</A>
            <LanguageSwitch />
            <button
                type="button"
                class="secondary"
                data-testid="logout"
                on:click=move |_| {
                    do_logout.dispatch(());
                }
            >
                {t!(i18n, nav.logout)}
            </button>
        </header>
    }
}

/// Frame for a page that needs a logged-in user (and `permission`, when given). It renders
/// synchronously: the page user is known before rendering starts (see [`super::PageUser`]).
#[component]
pub fn Layout(#[prop(optional)] permission: Option<Permission>, children: Children) -> impl IntoView {
    let PageUserLookup(user) = expect_context::<PageUserLookup>();
    let i18n = use_i18n();
    match user {
        Ok(Some(current))
            if current.must_change_password
                && leptos_router::hooks::use_location().pathname.get_untracked() != PASSWORD_PAGE =>
        {
            view! { <Redirect path=PASSWORD_PAGE /> }.into_any()
        }
        Ok(Some(current)) => {
            let allowed = permission.is_none_or(|p| current.grants.allows(p));
            mark_hydrated();
            view! {
                <Header user=current.clone() />
                <div class="frame">
                    <Navigation user=current />
                    <main>
                        {if allowed {
                            children().into_any()
                        } else {
                            view! {
                                <p class="notice fail" role="alert">
                                    {t!(i18n, errors.forbidden)}
                                </p>
                            }
                                .into_any()
                        }}
                    </main>
                </div>
            }
            .into_any()
        }
        Ok(None) => view! { <Redirect path="/masuk" /> }.into_any(),
        Err(error) => view! { <LoadError error /> }.into_any(),
    }
}

/// Where a user whose password an administrator set is sent before anything else.
const PASSWORD_PAGE: &str = "/kata-sandi";

/// Loads `path` as a new page (after login and logout, so that the server renders the frame for
/// the new session).
pub fn load_page(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// The logged-in user, inside a [`Layout`].
pub fn use_current_user() -> Option<CurrentUser> {
    use_context::<CurrentUser>()
}

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    crate::infra::request::set_status(404);
    view! {
        <main class="narrow">
            <h1>{t!(i18n, errors.not_found)}</h1>
            <a href="/">{t!(i18n, nav.dashboard)}</a>
        </main>
    }
}
