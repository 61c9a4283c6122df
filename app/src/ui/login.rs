//! The login page.

use super::layout::{LanguageSwitch, load_page, mark_hydrated};
use super::widgets::use_english;
use crate::api::session::login;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let english = use_english();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let attempt = Action::new(|(u, p): &(String, String)| login(u.clone(), p.clone()));
    Effect::new(move |_| {
        if let Some(Ok(_)) = attempt.value().get() {
            load_page("/");
        }
    });
    mark_hydrated();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        attempt.dispatch((username.get_untracked(), password.get_untracked()));
    };
    let error = move || match attempt.value().get() {
        Some(Err(e)) => Some(e.msg().text(english()).to_owned()),
        _ => None,
    };
    view! {
        <main class="login">
            <div class="card">
                <h1>"Akuntabel"</h1>
                <p class="muted">{t!(i18n, app.tagline)}</p>
                <form on:submit=submit method="post" action="#">
                    <div class="field">
                        <label for="f-username">{t!(i18n, login.username)}</label>
                        <input
                            id="f-username"
                            name="username"
                            autocomplete="username"
                            required
                            prop:value=move || username.get()
                            on:input=move |ev| username.set(event_target_value(&ev))
                        />
                    </div>
                    <div class="field">
                        <label for="f-password">{t!(i18n, login.password)}</label>
                        <input
                            id="f-password"
                            name="password"
                            type="password"
                            autocomplete="current-password"
                            required
                            prop:value=move || password.get()
                            on:input=move |ev| password.set(event_target_value(&ev))
                        />
                    </div>
                    <p class="notice fail" role="alert" hidden=move || error().is_none()>
                        {error}
                    </p>
                    <button type="submit" disabled=move || attempt.pending().get()>
                        {move || {
                            if attempt.pending().get() {
                                t_string!(i18n, login.busy)
                            } else {
                                t_string!(i18n, login.submit)
                            }
                        }}
                    </button>
                </form>
                <LanguageSwitch />
            </div>
        </main>
    }
}
