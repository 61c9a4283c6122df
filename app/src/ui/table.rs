//! The table editor every structured type shares: its columns come from the document model
//! (`domain::model::Structured::columns`), so a new type adds columns, not another editor.
//!
//! - Sentences wrap and the cell grows with its text; short values stay on one line.
//! - Keyboard: Tab moves along the row as usual; Enter moves to the same column of the next row
//!   (Shift+Enter to the previous one); Ctrl+arrow keys move to the neighbouring cell.
//! - Each rule of the type is checked as the user types, by the same domain code the server
//!   runs, and its message stands under the cell it names.
//! - The header stays in view while a long table scrolls.
//! - Rows are keyed: typing in one cell never rebuilds the others, so focus and caret stay.

use super::widgets::use_english;
use crate::domain::Msg;
use crate::domain::format::format_integer;
use crate::domain::model::{Anchor, Column, Content, FieldKind, Node, NodeKey};
use crate::i18n::*;
use leptos::prelude::*;

/// Anything shown beside a row (its comment threads), given the row's key.
pub type Beside = Callback<NodeKey, AnyView>;

#[component]
pub fn TableEditor(
    /// The content being edited; every change lands here.
    content: RwSignal<Content>,
    can_edit: bool,
    /// Field errors from the server (keyed by encoded anchor), shown like the ones found here.
    #[prop(optional)]
    server_errors: Option<RwSignal<Vec<(String, Msg)>>>,
    /// What stands in the last column of each row.
    #[prop(optional)]
    beside: Option<Beside>,
    /// A heading for the last column.
    #[prop(optional, into)]
    beside_label: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let english = use_english();
    let kind = content.with_untracked(|c| c.structured().and_then(|s| s.top_kinds().first().copied()));
    let Some(kind) = kind else { return ().into_any() };
    let columns: &'static [Column] = content.with_untracked(|c| c.structured().map(|s| s.columns(kind)).unwrap_or(&[]));
    // Found as the user types, by the same rules the server checks again on save.
    let errors = Memo::new(move |_| content.with(|c| c.validate().err().map(|e| e.0).unwrap_or_default()));
    let error_at = move |anchor: String| {
        let own = errors.with(|e| e.iter().find(|(k, _)| *k == anchor).map(|(_, m)| m.clone()));
        own.or_else(|| {
            server_errors.and_then(|s| s.with(|e| e.iter().find(|(k, _)| *k == anchor).map(|(_, m)| m.clone())))
        })
    };
    let keys = move || content.with(|c| c.outline().into_iter().map(|n| n.key).collect::<Vec<_>>());
    let position = move |key: &NodeKey| keys().iter().position(|k| k == key);
    let insert_after = move |after: Option<NodeKey>| {
        content.update(|c| {
            if let Some(s) = c.structured_mut() {
                s.insert_node(kind, None, after.as_ref());
            }
        })
    };
    view! {
        <div class="table-editor">
            <table class="editor" data-testid="table-editor">
                <thead>
                    <tr>
                        <th class="num">"No"</th>
                        {columns.iter().map(|c| {
                            let label = c.field.label();
                            let required = c.required && can_edit;
                            view! {
                                <th class=kind_class(c.kind)>
                                    {move || label.text(english()).to_owned()}
                                    {required.then_some(" *")}
                                </th>
                            }
                        }).collect_view()}
                        {beside_label.map(|l| view! { <th>{move || l.get()}</th> })}
                    </tr>
                </thead>
                <tbody>
                    <For each=keys key=|k| k.clone() let(key)>
                        {
                            let row_key = key.clone();
                            let number = move || position(&row_key).map(|i| format_integer(i as i64 + 1)).unwrap_or_default();
                            let node: Option<Node> = content.with_untracked(|c| c.outline().into_iter().find(|n| n.key == key));
                            let insert_key = key.clone();
                            let remove_key = key.clone();
                            view! {
                                <tr data-row=key.to_string()>
                                    <td class="num">{number}</td>
                                    {columns.iter().enumerate().map(|(col, column)| {
                                        let value = node.as_ref().and_then(|n| n.field(column.field)).unwrap_or_default().to_owned();
                                        let anchor = Anchor::Field { node: key.clone(), field: column.field }.encode();
                                        let error = { let anchor = anchor.clone(); move || error_at(anchor.clone()) };
                                        view! {
                                            <Cell content key=key.clone() column=*column col value can_edit error position />
                                        }
                                    }).collect_view()}
                                    {beside.map(|b| {
                                        let controls = can_edit.then(|| view! {
                                            <span class="row-tools">
                                                <button type="button" class="link" data-testid="insert-row"
                                                    on:click=move |_| insert_after(Some(insert_key.clone()))>
                                                    {t!(i18n, dok.sisip_baris)}
                                                </button>
                                                " · "
                                                <button type="button" class="link" data-testid="remove-row"
                                                    on:click=move |_| content.update(|c| { if let Some(s) = c.structured_mut() { s.remove_node(&remove_key); } })>
                                                    {t!(i18n, dok.hapus_baris)}
                                                </button>
                                            </span>
                                        });
                                        view! { <td class="threads">{b.run(key.clone())}{controls}</td> }
                                    })}
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
        </div>
        {can_edit.then(|| view! {
            <div class="actions">
                <button type="button" class="secondary" data-testid="add-row" on:click=move |_| insert_after(None)>
                    {t!(i18n, dok.tambah_baris)}
                </button>
            </div>
        })}
    }
    .into_any()
}

fn kind_class(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Sentence => "sentence",
        FieldKind::Number | FieldKind::Rupiah => "number",
        FieldKind::Short | FieldKind::Computed => "short",
    }
}

/// One cell: a text area for sentences, an input for the rest, read-only text when the user
/// may not edit; its error, if any, underneath.
#[component]
fn Cell(
    content: RwSignal<Content>,
    key: NodeKey,
    column: Column,
    col: usize,
    value: String,
    can_edit: bool,
    error: impl Fn() -> Option<Msg> + Send + Sync + Clone + 'static,
    position: impl Fn(&NodeKey) -> Option<usize> + Send + Sync + Clone + 'static,
) -> impl IntoView {
    let english = use_english();
    let label = column.field.label();
    let editable = can_edit && column.kind != FieldKind::Computed;
    let error_shown = error.clone();
    if !editable {
        return view! { <td class=kind_class(column.kind)>{value}</td> }.into_any();
    }
    let row_key = key.clone();
    let name_key = key.clone();
    let name = move || format!("{}-{}", column.field.code(), position(&name_key).unwrap_or(0));
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        content.update(|c| {
            if let Some(s) = c.structured_mut() {
                // A value the type cannot take yet (half-typed) stays as typed in the cell and
                // is reported by validation; nothing else changes.
                let _ = s.set_field(&row_key, column.field, &text);
            }
        });
    };
    let aria = move || label.text(english()).to_owned();
    let cell_id = format!("{col}");
    let input = if column.kind == FieldKind::Sentence {
        view! {
            <textarea rows="1" name=name aria-label=aria data-col=cell_id prop:value=value
                on:input=on_input on:keydown=move_focus></textarea>
        }
        .into_any()
    } else {
        view! {
            <input name=name aria-label=aria data-col=cell_id prop:value=value
                inputmode=if matches!(column.kind, FieldKind::Number | FieldKind::Rupiah) { "decimal" } else { "text" }
                on:input=on_input on:keydown=move_focus />
        }
        .into_any()
    };
    view! {
        <td class=kind_class(column.kind) class:invalid=move || error().is_some()>
            {input}
            <small class="error">{move || error_shown().map(|m| m.text(english()).to_owned())}</small>
        </td>
    }
    .into_any()
}

/// Enter / Shift+Enter: the same column one row down / up; Ctrl+arrows: the neighbouring cell.
fn move_focus(ev: leptos::ev::KeyboardEvent) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let key = ev.key();
        let (rows, cols): (i32, i32) = match key.as_str() {
            "Enter" if !ev.ctrl_key() && !ev.alt_key() => (if ev.shift_key() { -1 } else { 1 }, 0),
            "ArrowDown" if ev.ctrl_key() => (1, 0),
            "ArrowUp" if ev.ctrl_key() => (-1, 0),
            "ArrowRight" if ev.ctrl_key() => (0, 1),
            "ArrowLeft" if ev.ctrl_key() => (0, -1),
            _ => return,
        };
        let Some(cell) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else { return };
        let Some(row) = cell.closest("tr").ok().flatten() else { return };
        let col: i32 = cell.get_attribute("data-col").and_then(|c| c.parse().ok()).unwrap_or(0);
        let target_row = match rows {
            1 => row.next_element_sibling(),
            -1 => row.previous_element_sibling(),
            _ => Some(row),
        };
        let Some(target_row) = target_row else { return };
        let selector = format!("[data-col='{}']", col + cols);
        if let Some(Ok(next)) =
            target_row.query_selector(&selector).ok().flatten().map(|n| n.dyn_into::<web_sys::HtmlElement>())
        {
            ev.prevent_default();
            let _ = next.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}
