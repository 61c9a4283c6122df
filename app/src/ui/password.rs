//! The user's own password: change it (the current one is required), and, after an
//! administrator's reset, choose one before any other page opens.

use super::layout::{Layout, load_page, use_current_user};
use super::widgets::{Notice, use_english};
use crate::api::session::{change_password, password_strength};
use crate::domain::Msg;
use crate::domain::master::MIN_PASSWORD_CHARS;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn PasswordPage() -> impl IntoView {
    view! {
        <Layout>
            <PasswordForm />
        </Layout>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let english = use_english();
    let forced = use_current_user().is_some_and(|u| u.must_change_password);
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let notice = RwSignal::new(None::<(bool, Msg)>);
    // The server's verdict on the new password as it is typed (same rules as the change).
    let strength = LocalResource::new(move || {
        let candidate = new.get();
        async move {
            if candidate.chars().count() < MIN_PASSWORD_CHARS {
                return None;
            }
            Some(password_strength(candidate).await)
        }
    });
    let mismatch = move || !repeat.get().is_empty() && repeat.get() != new.get();
    let save = Action::new(|(current, new): &(String, String)| change_password(current.clone(), new.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) if forced => load_page("/"),
        Some(Ok(())) => {
            notice.set(Some((true, Msg::new(t_string!(i18n, sandi.tersimpan), t_string!(i18n, sandi.tersimpan)))));
            current.set(String::new());
            new.set(String::new());
            repeat.set(String::new());
        }
        Some(Err(e)) => {
            let msg = match e.field_errors().and_then(|f| f.0.first().map(|(_, m)| m.clone())) {
                Some(field) => field,
                None => e.msg(),
            };
            notice.set(Some((false, msg)));
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if mismatch() {
            return;
        }
        save.dispatch((current.get_untracked(), new.get_untracked()));
    };
    super::layout::mark_ready("password");
    view! {
        <h1>{t!(i18n, sandi.title)}</h1>
        {forced.then(|| view! { <p class="notice fail" role="alert" data-testid="must-change">{t!(i18n, sandi.wajib)}</p> })}
        <form class="narrow" on:submit=submit method="post" action="#">
            <div class="field">
                <label for="f-current">{t!(i18n, sandi.sekarang)}</label>
                <input id="f-current" name="current" type="password" autocomplete="current-password" required
                    prop:value=move || current.get() on:input=move |ev| current.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="f-new">{t!(i18n, sandi.baru)}</label>
                <input id="f-new" name="new" type="password" autocomplete="new-password" required minlength=MIN_PASSWORD_CHARS.to_string()
                    prop:value=move || new.get() on:input=move |ev| new.set(event_target_value(&ev)) />
                <p class="muted">{t!(i18n, sandi.petunjuk)}</p>
                <p data-testid="strength">
                    {move || match strength.get().flatten() {
                        Some(Ok(None)) => view! { <span class="ok">{t!(i18n, sandi.cukup_kuat)}</span> }.into_any(),
                        Some(Ok(Some(problem))) => view! { <span class="error">{problem.text(english()).to_owned()}</span> }.into_any(),
                        _ => ().into_any(),
                    }}
                </p>
            </div>
            <div class="field">
                <label for="f-repeat">{t!(i18n, sandi.ulangi)}</label>
                <input id="f-repeat" name="repeat" type="password" autocomplete="new-password" required
                    prop:value=move || repeat.get() on:input=move |ev| repeat.set(event_target_value(&ev)) />
                {move || mismatch().then(|| view! { <p class="error">{t!(i18n, sandi.tidak_sama)}</p> })}
            </div>
            <Notice message=notice />
            <button type="submit" disabled=move || save.pending().get()>{t!(i18n, sandi.simpan)}</button>
        </form>
    }
}
