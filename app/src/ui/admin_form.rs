//! What every master-data admin page shares, so that a page adds its fields and its columns and
//! nothing else: a form that creates a row or edits the one chosen — checked by the domain's rule
//! as the user types once they have tried to save, saved by a server function, then cleared — and
//! a table whose rows are edited and (de)activated, reloaded after each change, with the refusal
//! of a change above it.

use super::widgets::{FormState, Notice, field_error};
use crate::domain::{FieldErrors, Msg};
use crate::error::AppError;
use crate::i18n::*;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use std::future::Future;

/// The state of one admin page: the row the form edits (none: a new one), the counter that
/// reloads the table, the form's messages and the table's.
#[derive(Clone, Copy)]
pub struct AdminPage {
    pub editing: RwSignal<Option<i64>>,
    pub version: RwSignal<u32>,
    pub form: FormState,
    pub table_message: RwSignal<Option<(bool, Msg)>>,
}

impl AdminPage {
    pub fn new() -> Self {
        AdminPage {
            editing: RwSignal::new(None),
            version: RwSignal::new(0),
            form: FormState::new(),
            table_message: RwSignal::new(None),
        }
    }

    pub fn reload(self) {
        self.version.update(|v| *v += 1);
    }

    /// Starts editing `id` (none: a new row) with a clean form.
    pub fn edit(self, id: Option<i64>) {
        self.form.reset();
        self.form.message.set(None);
        self.editing.set(id);
    }

    /// The errors of the domain's rule `check` on the form's `input`, once the user has tried to
    /// save: from then on they follow the typing.
    pub fn client_errors<I: 'static, C>(
        self,
        input: impl Fn() -> I + Send + Sync + 'static,
        check: impl Fn(&I) -> Result<C, FieldErrors> + Send + Sync + 'static,
    ) -> Signal<FieldErrors> {
        let attempted = self.form.attempted;
        Signal::derive(
            move || if attempted.get() { check(&input()).err().unwrap_or_default() } else { FieldErrors::new() },
        )
    }

    /// The message beside one field: the client's rule, else the server's answer.
    pub fn error(self, client: Signal<FieldErrors>, field: &'static str) -> Signal<Option<Msg>> {
        field_error(client, self.form, field)
    }

    /// Saving through `call` (the row edited, the input): once saved the form is cleared
    /// (`clear`), says `saved`, and the table reloads; a refusal shows beside the fields.
    pub fn saver<I, R, F, Fut>(
        self,
        call: F,
        saved: Msg,
        clear: impl Fn() + Send + Sync + 'static,
    ) -> Action<(Option<i64>, I), Result<R, AppError>>
    where
        I: Clone + Send + Sync + 'static,
        R: Clone + Send + Sync + 'static,
        F: Fn(Option<i64>, I) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<R, AppError>> + Send + 'static,
    {
        let save = Action::new(move |(id, input): &(Option<i64>, I)| call(*id, input.clone()));
        Effect::new(move |_| {
            let Some(result) = save.value().get() else { return };
            self.form.show_result(&result, saved.clone());
            if result.is_ok() {
                clear();
                self.form.message.set(Some((true, saved.clone())));
                self.reload();
            }
        });
        save
    }

    /// A change made from the table (activate, revoke …): the table reloads once it is made, a
    /// refusal shows above it.
    pub fn table_action<I, F, Fut>(self, call: F) -> Action<I, Result<(), AppError>>
    where
        I: Clone + Send + Sync + 'static,
        F: Fn(I) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), AppError>> + Send + 'static,
    {
        let act = Action::new(move |input: &I| call(input.clone()));
        Effect::new(move |_| match act.value().get() {
            Some(Ok(())) => self.reload(),
            Some(Err(e)) => self.table_message.set(Some((false, e.msg()))),
            None => {}
        });
        act
    }

    /// The form's submit: checks `input` by `check` and, when it passes, saves it as the row
    /// being edited.
    pub fn submit<I, C, R>(
        self,
        input: impl Fn() -> I + Send + Sync + 'static,
        check: impl Fn(&I) -> Result<C, FieldErrors> + Send + Sync + 'static,
        save: Action<(Option<i64>, I), Result<R, AppError>>,
    ) -> Callback<SubmitEvent>
    where
        I: Send + Sync + 'static,
        R: Send + Sync + 'static,
    {
        Callback::new(move |ev: SubmitEvent| {
            ev.prevent_default();
            self.form.attempted.set(true);
            let value = input();
            if check(&value).is_ok() {
                save.dispatch((self.editing.get_untracked(), value));
            }
        })
    }
}

impl Default for AdminPage {
    fn default() -> Self {
        Self::new()
    }
}

/// The form of an admin page: its title (new or editing), its fields (`children`, laid out in a
/// grid unless `single_column`), the outcome, Save, and Cancel while a row is edited.
#[component]
pub fn AdminForm(
    page: AdminPage,
    #[prop(into)] title_new: Signal<String>,
    #[prop(into)] title_edit: Signal<String>,
    testid: &'static str,
    on_submit: Callback<SubmitEvent>,
    #[prop(into)] pending: Signal<bool>,
    on_cancel: Callback<()>,
    #[prop(optional)] single_column: bool,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let editing = move || page.editing.get().is_some();
    view! {
        <section class="panel">
            <h2>{move || if editing() { title_edit.get() } else { title_new.get() }}</h2>
            <form on:submit=move |ev| on_submit.run(ev) data-testid=testid novalidate>
                <div class:grid=!single_column>{children()}</div>
                <Notice message=page.form.message />
                <div class="actions">
                    <button type="submit" disabled=move || pending.get()>
                        {move || if pending.get() { t_string!(i18n, common.saving) } else { t_string!(i18n, common.save) }}
                    </button>
                    <Show when=editing>
                        <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>
                            {t!(i18n, common.cancel)}
                        </button>
                    </Show>
                </div>
            </form>
        </section>
    }
}

/// "Aktif" / "Nonaktif".
#[component]
pub fn ActiveCell(active: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! { <td>{move || if active { t_string!(i18n, common.active) } else { t_string!(i18n, common.inactive) }}</td> }
}

/// A row's actions: Edit, and Deactivate or Activate.
#[component]
pub fn RowActions(active: bool, on_edit: Callback<()>, on_toggle: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <td class="row-actions">
            <button type="button" class="link" on:click=move |_| on_edit.run(())>{t!(i18n, common.edit)}</button>
            <button type="button" class="link" on:click=move |_| on_toggle.run(())>
                {move || if active { t_string!(i18n, common.deactivate) } else { t_string!(i18n, common.activate) }}
            </button>
        </td>
    }
}

/// "Tampilkan yang nonaktif".
#[component]
pub fn ShowInactive(value: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="check">
            <input type="checkbox" prop:checked=move || value.get() on:change=move |ev| value.set(event_target_checked(&ev)) />
            {t!(i18n, common.show_inactive)}
        </label>
    }
}
