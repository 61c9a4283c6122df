//! The table editor every structured type shares: its columns come from the document model
//! (`domain::model::Structured::columns`), so a new type adds columns, not another editor.
//!
//! - Sentences wrap and the cell grows with its text; short values stay on one line.
//! - Keyboard: Tab moves along the row as usual; Enter moves to the same column of the next row
//!   (Shift+Enter to the previous one); Ctrl+arrow keys move to the neighbouring cell.
//! - Each rule of the type is checked as the user types, by the same domain code the server
//!   runs, and its message stands under the cell it names.
//! - The header stays in view while a long table scrolls; rupiah columns are totalled.
//! - Typing in a cell never rebuilds the table, so focus and caret stay.

use super::widgets::use_english;
use crate::domain::Msg;
use crate::domain::format::{format_integer, format_rupiah};
use crate::domain::model::{Anchor, Column, Content, Field, FieldKind, Node, NodeKey, NodeKind, SetFieldError};
use crate::i18n::*;
use leptos::prelude::*;

/// Anything shown beside a row (its comment threads), given the row's key.
pub type Beside = Callback<NodeKey, AnyView>;

#[component]
pub fn TableEditor(
    /// The content being edited; every change lands here.
    content: RwSignal<Content>,
    /// The kind of node this table lists (a content may have several tables).
    kind: NodeKind,
    can_edit: bool,
    /// Cells whose text the type cannot take (`Baris 2 · Target`: "bukan angka"), by encoded
    /// anchor; the value in the content stays the last valid one, so saving waits until
    /// this is empty.
    typing_errors: RwSignal<Vec<(String, Msg)>>,
    /// Field errors from the server (keyed by encoded anchor), shown like the ones found here.
    #[prop(optional)]
    server_errors: Option<RwSignal<Vec<(String, Msg)>>>,
    /// What stands in the last column of each row.
    #[prop(optional)]
    beside: Option<Beside>,
    /// A heading for the last column.
    #[prop(optional, into)]
    beside_label: Option<Signal<String>>,
    /// The options of the table's choice column (value, label), e.g. the upper PK's indicators.
    #[prop(optional, into)]
    choices: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let english = use_english();
    let columns: &'static [Column] = content.with_untracked(|c| c.structured().map(|s| s.columns(kind)).unwrap_or(&[]));
    let labels: Vec<Msg> = content.with_untracked(|c| {
        columns.iter().filter_map(|col| c.structured().map(|s| s.column_label(kind, col.field))).collect()
    });
    let error_at = error_finder(content, typing_errors, server_errors);
    // Rows made from another document (a Rencana Aksi's, from its PK) are neither added nor removed.
    let reshape = can_edit && !content.with_untracked(|c| c.structured().is_some_and(|s| s.fixed_rows()));
    // The rows change only when one is inserted or removed, not as cells are typed in: the
    // rows are rebuilt then (each cell shows the content's value again, so what could not be
    // taken is dropped with its message), never while someone types.
    let row_keys = move |c: &Content| c.outline().into_iter().filter(|n| n.kind == kind).map(|n| n.key).collect();
    let keys: RwSignal<Vec<NodeKey>> = RwSignal::new(content.with_untracked(row_keys));
    let position = move |key: &NodeKey| keys.with(|k| k.iter().position(|k| k == key));
    let restructure = move |insert: bool, key: Option<NodeKey>| {
        content.update(|c| {
            if let Some(s) = c.structured_mut() {
                if insert {
                    s.insert_node(kind, None, key.as_ref());
                } else if let Some(key) = &key {
                    s.remove_node(key);
                }
            }
        });
        typing_errors.update(|t| t.clear());
        keys.set(content.with_untracked(row_keys));
    };
    let has_totals = columns.iter().any(|c| c.kind == FieldKind::Rupiah);
    view! {
        <div class="table-editor">
            <table class="editor" data-testid="table-editor" data-kind=kind.code()>
                <thead>
                    <tr>
                        <th class="num">"No"</th>
                        {columns.iter().zip(labels).map(|(c, label)| {
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
                    {move || keys.get().into_iter().map(|key| {
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
                                        let choices = cell_choices(content, kind, column.field, choices);
                                        view! {
                                            <Cell content key=key.clone() column=*column col value can_edit error position typing_errors choices />
                                        }
                                    }).collect_view()}
                                    {beside.map(|b| {
                                        let controls = reshape.then(|| view! {
                                            <span class="row-tools">
                                                <button type="button" class="link" data-testid="insert-row"
                                                    on:click=move |_| restructure(true, Some(insert_key.clone()))>
                                                    {t!(i18n, dok.sisip_baris)}
                                                </button>
                                                " · "
                                                <button type="button" class="link" data-testid="remove-row"
                                                    on:click=move |_| restructure(false, Some(remove_key.clone()))>
                                                    {t!(i18n, dok.hapus_baris)}
                                                </button>
                                            </span>
                                        });
                                        view! { <td class="threads">{b.run(key.clone())}{controls}</td> }
                                    })}
                                </tr>
                            }
                    }).collect_view()}
                </tbody>
                {has_totals.then(|| view! {
                    <tfoot>
                        <tr>
                            <th class="num"></th>
                            {columns.iter().enumerate().map(|(i, c)| match (c.kind, i) {
                                (FieldKind::Rupiah, _) => total_cell(content, kind, *c),
                                (_, 0) => view! { <th>{t!(i18n, dok.jumlah)}</th> }.into_any(),
                                _ => total_cell(content, kind, *c),
                            }).collect_view()}
                            {beside_label.map(|_| view! { <th></th> })}
                        </tr>
                    </tfoot>
                })}
            </table>
        </div>
        {reshape.then(|| view! {
            <div class="actions">
                <button type="button" class="secondary" data-testid="add-row" data-kind=kind.code() on:click=move |_| restructure(true, None)>
                    {t!(i18n, dok.tambah_baris)}
                </button>
            </div>
        })}
    }
    .into_any()
}

/// The message under a cell, by its encoded anchor: what could not be taken as typed, else what
/// the type's rules find in the content as the user types (the same rules the server checks
/// again on save), else what the server answered.
pub(super) fn error_finder(
    content: RwSignal<Content>,
    typing_errors: RwSignal<Vec<(String, Msg)>>,
    server_errors: Option<RwSignal<Vec<(String, Msg)>>>,
) -> impl Fn(String) -> Option<Msg> + Copy + Send + Sync + 'static {
    let errors = Memo::new(move |_| content.with(|c| c.validate().err().map(|e| e.0).unwrap_or_default()));
    let find = |list: &Vec<(String, Msg)>, anchor: &str| list.iter().find(|(k, _)| k == anchor).map(|(_, m)| m.clone());
    move |anchor: String| {
        typing_errors
            .with(|e| find(e, &anchor))
            .or_else(|| errors.with(|e| find(e, &anchor)))
            .or_else(|| server_errors.and_then(|s| s.with(|e| find(e, &anchor))))
    }
}

/// What a choice cell offers: a closed list (polaritas) comes with the type, a link's list from
/// the page.
pub(super) fn cell_choices(
    content: RwSignal<Content>,
    kind: NodeKind,
    field: Field,
    from_page: Signal<Vec<(String, String)>>,
) -> Signal<Vec<(String, String)>> {
    let english = use_english();
    let fixed = content.with_untracked(|c| c.structured().map(|s| s.choices(kind, field)).unwrap_or(&[]));
    if fixed.is_empty() {
        from_page
    } else {
        Signal::derive(move || {
            fixed.iter().map(|c| (c.code.to_owned(), c.label().text(english()).to_owned())).collect()
        })
    }
}

/// A footer cell: a rupiah column's total, following the cells as they are typed; empty for
/// any other column.
pub(super) fn total_cell(content: RwSignal<Content>, kind: NodeKind, column: Column) -> AnyView {
    if column.kind != FieldKind::Rupiah {
        return view! { <th></th> }.into_any();
    }
    let sum = move || content.with(|c| c.structured().and_then(|s| s.total(kind, column.field)));
    view! { <th class="number" data-total=column.field.code()>{move || sum().map(format_rupiah).unwrap_or_default()}</th> }
        .into_any()
}

pub(super) fn kind_class(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Sentence => "sentence",
        FieldKind::Number | FieldKind::Rupiah => "number",
        FieldKind::Short | FieldKind::Computed => "short",
        FieldKind::Choice => "choice",
    }
}

/// One cell: a text area for sentences, an input for the rest, read-only text when the user
/// may not edit; its error, if any, underneath.
#[component]
pub(super) fn Cell(
    content: RwSignal<Content>,
    key: NodeKey,
    column: Column,
    col: usize,
    value: String,
    can_edit: bool,
    error: impl Fn() -> Option<Msg> + Send + Sync + Clone + 'static,
    position: impl Fn(&NodeKey) -> Option<usize> + Send + Sync + Clone + 'static,
    typing_errors: RwSignal<Vec<(String, Msg)>>,
    choices: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let english = use_english();
    let label = column.field.label();
    // A link shows what it points at, not its code.
    let shown = move |code: &str| {
        choices
            .with(|list| list.iter().find(|(c, _)| c == code).map(|(_, l)| l.clone()))
            .unwrap_or_else(|| code.to_owned())
    };
    let editable = can_edit && column.kind != FieldKind::Computed;
    let error_shown = error.clone();
    if !editable {
        if column.kind == FieldKind::Choice {
            return view! { <td class="choice">{move || shown(&value)}</td> }.into_any();
        }
        return view! { <td class=kind_class(column.kind)>{value}</td> }.into_any();
    }
    let row_key = key.clone();
    let name_key = key.clone();
    let name = move || format!("{}-{}", column.field.code(), position(&name_key).unwrap_or(0));
    let anchor = Anchor::Field { node: key.clone(), field: column.field }.encode();
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let mut refused = None;
        content.update(|c| {
            if let Some(s) = c.structured_mut()
                && let Err(SetFieldError::Invalid(msg)) = s.set_field(&row_key, column.field, &text)
            {
                // The cell keeps what was typed and says why it cannot be taken; the content
                // keeps its last valid value.
                refused = Some(msg);
            }
        });
        typing_errors.update(|list| {
            list.retain(|(k, _)| *k != anchor);
            if let Some(msg) = refused {
                list.push((anchor.clone(), msg));
            }
        });
    };
    let aria = move || label.text(english()).to_owned();
    let cell_id = format!("{col}");
    let input = if column.kind == FieldKind::Choice {
        let chosen = value.clone();
        view! {
            <select name=name aria-label=aria data-col=cell_id on:change=on_input on:keydown=move_focus>
                <option value="">"–"</option>
                {move || choices.get().into_iter().map(|(code, text)| {
                    let selected = code == chosen;
                    view! { <option value=code.clone() selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        }
        .into_any()
    } else if column.kind == FieldKind::Sentence {
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
pub(super) fn move_focus(ev: leptos::ev::KeyboardEvent) {
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
