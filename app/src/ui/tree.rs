//! The tree editor every plan shaped as a tree shares (the RPJMD; the Renstra next): one table
//! whose rows are the nodes in reading order, each indented under its parent and named as a
//! reader counts it (`Sasaran 1.2.1`), each filling the columns its kind has
//! (`Structured::columns`) of the tree's columns (`Structured::tree_columns`).
//!
//! - A node with children folds away with everything under it; "Tutup semua" folds the whole
//!   tree to its first levels, so a plan of hundreds of nodes is read part by part.
//! - Each row adds the kinds that may stand under it (`Structured::child_kinds`), inserts a
//!   sibling right after its own subtree, and removes itself with its subtree.
//! - Cells, keyboard moves and messages under the cells are the table editor's (`ui/table.rs`).

use super::table::{Beside, Cell, cell_choices, error_finder, kind_class, total_cell};
use super::widgets::use_english;
use crate::domain::Msg;
use crate::domain::model::{Anchor, Column, Content, Field, FieldKind, Node, NodeKey, NodeKind};
use crate::i18n::*;
use leptos::prelude::*;
use std::collections::{BTreeSet, HashMap};

/// The deepest indentation drawn (a Renstra's indicator of a sub kegiatan is at depth 5); the
/// page's CSP allows no inline style, so each depth is a class.
const MAX_INDENT: usize = 6;

/// One row of the tree as drawn: the node and where it stands.
#[derive(Clone)]
struct TreeRow {
    node: Node,
    /// Its ancestors, nearest last: the row is hidden while any of them is folded.
    ancestors: Vec<NodeKey>,
    has_children: bool,
}

fn rows_of(content: &Content) -> Vec<TreeRow> {
    let outline = content.outline();
    // One pass each: which nodes have children, and each node's chain of ancestors (a parent
    // always stands before its children).
    let parents: BTreeSet<&NodeKey> = outline.iter().filter_map(|n| n.parent.as_ref()).collect();
    let mut chains: HashMap<&NodeKey, Vec<NodeKey>> = HashMap::with_capacity(outline.len());
    let mut rows: Vec<TreeRow> = Vec::with_capacity(outline.len());
    for node in &outline {
        let ancestors = match &node.parent {
            Some(p) => {
                let mut chain = chains.get(p).cloned().unwrap_or_default();
                chain.push(p.clone());
                chain
            }
            None => Vec::new(),
        };
        chains.insert(&node.key, ancestors.clone());
        rows.push(TreeRow { node: node.clone(), ancestors, has_children: parents.contains(&node.key) });
    }
    rows
}

/// The heading of a tree column: as the first kind that has it heads it (the reading order of
/// the tree's kinds, from its roots down).
fn tree_headings(content: &Content, columns: &[Column]) -> Vec<Msg> {
    let Some(s) = content.structured() else { return Vec::new() };
    let mut kinds: Vec<NodeKind> = content.outline().iter().filter(|n| n.parent.is_none()).map(|n| n.kind).collect();
    let mut i = 0;
    while i < kinds.len() {
        for child in s.child_kinds(kinds[i]) {
            if !kinds.contains(child) {
                kinds.push(*child);
            }
        }
        i += 1;
    }
    columns
        .iter()
        .map(|c| {
            let kind = kinds.iter().find(|k| s.columns(**k).iter().any(|col| col.field == c.field));
            kind.map(|k| s.column_label(*k, c.field)).unwrap_or_else(|| c.field.label())
        })
        .collect()
}

/// What a user does to the tree's shape.
#[derive(Clone)]
enum Change {
    /// A node at the top of the tree (a Renstra's tujuan), after the others.
    AddTop(NodeKind),
    AddChild(NodeKey, NodeKind),
    AddSibling(NodeKey),
    Remove(NodeKey),
}

#[component]
pub fn TreeEditor(
    /// The content being edited; every change lands here.
    content: RwSignal<Content>,
    can_edit: bool,
    /// Cells whose text the type cannot take, by encoded anchor (see `TableEditor`).
    typing_errors: RwSignal<Vec<(String, Msg)>>,
    #[prop(optional)] server_errors: Option<RwSignal<Vec<(String, Msg)>>>,
    /// What stands in the last column of each row (its comment threads).
    #[prop(optional)]
    beside: Option<Beside>,
    #[prop(optional, into)] beside_label: Option<Signal<String>>,
    /// The options of the tree's link column (value, label), e.g. the RPJMD's sasaran.
    #[prop(optional, into)]
    choices: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let english = use_english();
    let columns: &'static [Column] =
        content.with_untracked(|c| c.structured().and_then(|s| s.tree_columns()).unwrap_or(&[]));
    let headings = content.with_untracked(|c| tree_headings(c, columns));
    let error_at = error_finder(content, typing_errors, server_errors);
    // The computed cells (a program's pagu, summed from its sub kegiatan), kept up to date as
    // the cells they sum are typed in: one pass over the tree a keystroke.
    let computed = Memo::new(move |_| {
        content.with(|c| {
            let Some(s) = c.structured() else { return HashMap::new() };
            s.outline()
                .into_iter()
                .flat_map(|n| {
                    let sums: Vec<Field> = s
                        .columns(n.kind)
                        .iter()
                        .filter(|col| col.kind == FieldKind::Computed)
                        .map(|col| col.field)
                        .collect();
                    sums.into_iter().map(move |f| ((n.key.clone(), f), n.field(f).unwrap_or_default().to_owned()))
                })
                .collect::<HashMap<(NodeKey, Field), String>>()
        })
    });
    // Rebuilt when a node is added or removed, never while a cell is typed in.
    let rows = RwSignal::new(content.with_untracked(rows_of));
    let folded = RwSignal::new(BTreeSet::<NodeKey>::new());
    let position = move |key: &NodeKey| rows.with(|r| r.iter().position(|r| &r.node.key == key));
    let change = move |what: Change| {
        content.update(|c| {
            let Some(s) = c.structured_mut() else { return };
            match &what {
                Change::AddTop(kind) => {
                    s.insert_node(*kind, None, None);
                }
                Change::AddChild(parent, kind) => {
                    s.insert_node(*kind, Some(parent), None);
                }
                Change::AddSibling(key) => {
                    let node = s.outline().into_iter().find(|n| &n.key == key);
                    if let Some(node) = node {
                        s.insert_node(node.kind, node.parent.as_ref(), Some(key));
                    }
                }
                Change::Remove(key) => {
                    s.remove_node(key);
                }
            }
        });
        if let Change::AddChild(parent, _) = &what {
            folded.update(|f| {
                f.remove(parent);
            });
        }
        typing_errors.update(|t| t.clear());
        rows.set(content.with_untracked(rows_of));
    };
    let fold_all = move |fold: bool| {
        folded.set(if fold {
            // Every node with children below the top folds: the top two levels stay in view (the
            // visi and its misi; a Renstra's tujuan and their sasaran).
            rows.with_untracked(|r| {
                r.iter().filter(|r| r.has_children && !r.ancestors.is_empty()).map(|r| r.node.key.clone()).collect()
            })
        } else {
            BTreeSet::new()
        })
    };
    // A tree totals over all its nodes; the kind only names its one table.
    let top_kind = content.with_untracked(|c| c.structured().and_then(|s| s.top_kinds().first().copied()));
    let child_kinds =
        move |kind: NodeKind| content.with_untracked(|c| c.structured().map(|s| s.child_kinds(kind)).unwrap_or(&[]));
    let columns_of =
        move |kind: NodeKind| content.with_untracked(|c| c.structured().map(|s| s.columns(kind)).unwrap_or(&[]));
    view! {
        <div class="actions tree-tools">
            <button type="button" class="link" data-testid="fold-all" on:click=move |_| fold_all(true)>{t!(i18n, dok.tutup_semua)}</button>
            " · "
            <button type="button" class="link" data-testid="unfold-all" on:click=move |_| fold_all(false)>{t!(i18n, dok.buka_semua)}</button>
        </div>
        <div class="table-editor">
            <table class="editor tree" data-testid="tree-editor">
                <thead>
                    <tr>
                        <th class="tree-place">{t!(i18n, dok.tingkat)}</th>
                        {columns.iter().zip(headings).map(|(c, label)| view! {
                            <th class=kind_class(c.kind)>{move || label.text(english()).to_owned()}</th>
                        }).collect_view()}
                        {beside_label.map(|l| view! { <th>{move || l.get()}</th> })}
                    </tr>
                </thead>
                <tbody>
                    {move || rows.get().into_iter().map(|row| {
                        let TreeRow { node, ancestors, has_children } = row;
                        let key = node.key.clone();
                        let depth = ancestors.len();
                        let hidden = move || folded.with(|f| ancestors.iter().any(|a| f.contains(a)));
                        let toggle_key = key.clone();
                        let is_folded = { let key = key.clone(); move || folded.with(|f| f.contains(&key)) };
                        let label = node.label();
                        let own: &'static [Column] = columns_of(node.kind);
                        let cells = columns.iter().enumerate().map(|(col, column)| {
                            match own.iter().find(|c| c.field == column.field) {
                                Some(own_column) if own_column.kind == FieldKind::Computed => {
                                    let at = (key.clone(), column.field);
                                    view! { <td class="number computed">{move || computed.with(|m| m.get(&at).cloned().unwrap_or_default())}</td> }.into_any()
                                }
                                Some(own_column) => {
                                    let value = node.field(column.field).unwrap_or_default().to_owned();
                                    let anchor = Anchor::Field { node: key.clone(), field: column.field }.encode();
                                    let error = move || error_at(anchor.clone());
                                    let choices = cell_choices(content, node.kind, column.field, choices);
                                    view! { <Cell content key=key.clone() column=*own_column col value can_edit error position typing_errors choices /> }.into_any()
                                }
                                None => view! { <td class="absent"></td> }.into_any(),
                            }
                        }).collect_view();
                        let tools = can_edit.then(|| {
                            let adds = child_kinds(node.kind).iter().map(|child| {
                                let (child, parent) = (*child, key.clone());
                                let what = child.label();
                                view! {
                                    <button type="button" class="link" data-testid="add-child" data-kind=child.code()
                                        on:click=move |_| change(Change::AddChild(parent.clone(), child))>
                                        {move || format!("+ {}", what.text(english()))}
                                    </button>
                                    " · "
                                }
                            }).collect_view();
                            // The root (the visi) is the only one of its kind and stays.
                            let is_root = node.parent.is_none();
                            let (sibling_key, remove_key) = (key.clone(), key.clone());
                            let same = node.kind.label();
                            view! {
                                <span class="row-tools">
                                    {adds}
                                    {(!is_root).then(|| view! {
                                        <button type="button" class="link" data-testid="insert-sibling"
                                            on:click=move |_| change(Change::AddSibling(sibling_key.clone()))>
                                            {move || if english() { format!("+ {} below", same.en) } else { format!("+ {} di bawahnya", same.id) }}
                                        </button>
                                        " · "
                                        <button type="button" class="link" data-testid="remove-node"
                                            on:click=move |_| change(Change::Remove(remove_key.clone()))>
                                            {t!(i18n, dok.hapus_bagian)}
                                        </button>
                                    })}
                                </span>
                            }
                        });
                        view! {
                            <tr data-row=key.to_string() data-kind=node.kind.code() class:folded-away=hidden>
                                <th scope="row" class=format!("tree-place depth-{}", depth.min(MAX_INDENT))>
                                    {has_children.then(|| view! {
                                        <button type="button" class="fold" data-testid="fold" aria-expanded=move || (!is_folded()).to_string()
                                            title=move || t_string!(i18n, dok.buka_tutup)
                                            on:click=move |_| folded.update(|f| if !f.remove(&toggle_key) { f.insert(toggle_key.clone()); })>
                                            <span class="chevron" aria-hidden="true"></span>
                                        </button>
                                    })}
                                    <span class="tree-label">{move || label.text(english()).to_owned()}</span>
                                </th>
                                {cells}
                                {beside.map(|b| view! { <td class="threads">{b.run(key.clone())}{tools}</td> })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
                {columns.iter().any(|c| c.kind == FieldKind::Rupiah).then(|| view! {
                    <tfoot>
                        <tr>
                            <th class="tree-place">{t!(i18n, dok.jumlah)}</th>
                            {top_kind.map(|kind| columns.iter().map(|c| total_cell(content, kind, *c)).collect_view())}
                            {beside_label.map(|_| view! { <th></th> })}
                        </tr>
                    </tfoot>
                })}
            </table>
        </div>
        {can_edit.then(|| view! {
            <div class="actions">
                {content.with_untracked(|c| c.structured().map(|s| s.top_kinds()).unwrap_or(&[])).iter().map(|kind| {
                    let (kind, what) = (*kind, kind.label());
                    view! {
                        <button type="button" class="secondary" data-testid="add-top" data-kind=kind.code() on:click=move |_| change(Change::AddTop(kind))>
                            {move || format!("+ {}", what.text(english()))}
                        </button>
                    }
                }).collect_view()}
            </div>
        })}
    }
    .into_any()
}
