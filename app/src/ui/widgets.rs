//! Small pieces every page uses: fields with their error beside them, messages, formatting.

use crate::domain::{FieldErrors, Msg};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

/// True while the interface is in English.
pub fn use_english() -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || i18n.get_locale() == Locale::en
}

/// A stored time, in the interface's language (`9 Februari 2026 14.05 WIB`, `9 February 2026,
/// 14:05 WIB`).
#[component]
pub fn Timestamp(at: i64) -> impl IntoView {
    let english = use_english();
    move || crate::domain::format::format_timestamp_in(at, english())
}

/// What a form shows: client-side errors (from the domain rules) or the server's answer.
#[derive(Clone, Copy)]
pub struct FormState {
    /// Set after the first submit: from then on errors follow the user's typing.
    pub attempted: RwSignal<bool>,
    pub server_errors: RwSignal<FieldErrors>,
    pub message: RwSignal<Option<(bool, Msg)>>,
}

impl FormState {
    pub fn new() -> Self {
        Self {
            attempted: RwSignal::new(false),
            server_errors: RwSignal::new(FieldErrors::new()),
            message: RwSignal::new(None),
        }
    }

    pub fn reset(&self) {
        self.attempted.set(false);
        self.server_errors.set(FieldErrors::new());
    }

    /// Shows the outcome of a save: success text, field errors, or the error's message.
    pub fn show_result<T>(&self, result: &Result<T, AppError>, saved: Msg) {
        match result {
            Ok(_) => {
                self.reset();
                self.message.set(Some((true, saved)));
            }
            Err(error) => {
                self.server_errors.set(error.field_errors().cloned().unwrap_or_default());
                self.message.set(Some((false, error.msg())));
            }
        }
    }
}

impl Default for FormState {
    fn default() -> Self {
        Self::new()
    }
}

/// The message of one field: the client-side rule once the user has tried to submit, else what
/// the server said.
pub fn field_error(client: Signal<FieldErrors>, form: FormState, field: &'static str) -> Signal<Option<Msg>> {
    Signal::derive(move || {
        client.with(|c| c.get(field).cloned()).or_else(|| form.server_errors.with(|s| s.get(field).cloned()))
    })
}

#[component]
pub fn TextField(
    #[prop(into)] label: Signal<String>,
    name: &'static str,
    value: RwSignal<String>,
    error: Signal<Option<Msg>>,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    let english = use_english();
    let id = format!("f-{name}");
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=kind.unwrap_or("text")
                autocomplete=autocomplete.unwrap_or("off")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || error.with(Option::is_some).to_string()
            />
            {hint.map(|h| view! { <small class="hint">{h}</small> })}
            <small class="error" data-error-for=name>
                {move || error.get().map(|m| m.text(english()).to_owned())}
            </small>
        </div>
    }
}

/// A `<select>` over `(value, label)` pairs; `""` is the "nothing chosen" option.
#[component]
pub fn SelectField(
    #[prop(into)] label: Signal<String>,
    name: &'static str,
    value: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    error: Signal<Option<Msg>>,
) -> impl IntoView {
    let english = use_english();
    let id = format!("f-{name}");
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{label}</label>
            <select
                id=id
                name=name
                on:change=move |ev| value.set(event_target_value(&ev))
                prop:value=move || value.get()
            >
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(v, text)| {
                            let selected_value = v.clone();
                            view! {
                                <option value=v selected=move || value.get() == selected_value>
                                    {text}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <small class="error" data-error-for=name>
                {move || error.get().map(|m| m.text(english()).to_owned())}
            </small>
        </div>
    }
}

/// The outcome line under a form or above a table.
#[component]
pub fn Notice(message: RwSignal<Option<(bool, Msg)>>) -> impl IntoView {
    let english = use_english();
    move || {
        message.get().map(|(ok, msg)| {
            let class = if ok { "notice ok" } else { "notice fail" };
            view! {
                <p class=class role="status">
                    {msg.text(english()).to_owned()}
                </p>
            }
        })
    }
}

/// An error that stopped a page from loading.
#[component]
pub fn LoadError(error: AppError) -> impl IntoView {
    let english = use_english();
    let msg = error.msg();
    view! { <p class="notice fail" role="alert">{move || msg.text(english()).to_owned()}</p> }
}

/// Parses an `<option>` value holding an id; `""` is `None`.
pub fn parse_id(text: &str) -> Option<i64> {
    text.trim().parse().ok()
}

/// What a resource loaded, once it has loaded: **the one way pages show loaded data.**
///
/// The resource is awaited inside `Suspend` (never read with `.get()`): under concurrent server
/// rendering, Leptos 0.8 can deadlock or lose a wake-up when several `Suspense`/`Transition`
/// boundaries read resources reactively, and a resource read outside a boundary renders
/// differently on the server and in the browser (a hydration panic). Create the resource in the
/// component's body, not inside `view`: a boundary may run its children more than once while it
/// resolves. See docs/ARCHITECTURE.md, "How a page loads its data".
#[component]
pub fn Loaded<T, V, F>(resource: Resource<Result<T, AppError>>, view: F) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    view! {
        <Transition fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
            {move || {
                let view = view.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => view(value).into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}
