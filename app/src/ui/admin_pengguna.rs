//! Admin: user accounts and their role grants.

use super::admin_form::{ActiveCell, AdminForm, AdminPage, RowActions};
use super::layout::Layout;
use super::widgets::{Loaded, Notice, SelectField, TextField, parse_id, use_english};
use crate::api::master::{grant_role, list_pd, list_users, revoke_role, save_user, set_user_active};
use crate::api::types::UserRow;
use crate::domain::master::{UserInput, validate_user};
use crate::domain::roles::{Grant, Permission, Role};
use crate::domain::{FieldErrors, Msg};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn PenggunaPage() -> impl IntoView {
    view! {
        <Layout permission=Permission::ManageUsers>
            <PenggunaContent />
        </Layout>
    }
}

#[component]
fn PenggunaContent() -> impl IntoView {
    let i18n = use_i18n();
    let english = use_english();
    let page = AdminPage::new();
    let rows = Resource::new(move || page.version.get(), |_| list_users());
    // Options for the PD <select>, outside any Transition: loaded on the client only.
    let pds = LocalResource::new(move || list_pd(false));

    let editing = page.editing;
    let username = RwSignal::new(String::new());
    let nama = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let input =
        move || UserInput { username: username.get(), nama: nama.get(), password: password.get(), email: email.get() };
    // A new user needs a password; an edited one keeps theirs unless one is typed.
    let check = move |input: &UserInput| validate_user(input, editing.get_untracked().is_none());
    let client_errors =
        page.client_errors(input, move |input: &UserInput| validate_user(input, editing.get().is_none()));
    let load = move |row: Option<UserRow>| {
        page.edit(row.as_ref().map(|r| r.id));
        username.set(row.as_ref().map(|r| r.username.clone()).unwrap_or_default());
        nama.set(row.as_ref().map(|r| r.nama.clone()).unwrap_or_default());
        email.set(row.and_then(|r| r.email).unwrap_or_default());
        password.set(String::new());
    };
    let save = page.saver(save_user, Msg::new("Pengguna tersimpan", "User saved"), move || load(None));

    // Granting and revoking roles.
    let table_message = page.table_message;
    let grant_user = RwSignal::new(String::new());
    let grant_role_code = RwSignal::new(Role::PerencanaPd.code().to_owned());
    let grant_pd = RwSignal::new(String::new());
    let grant_errors = RwSignal::new(FieldErrors::new());
    let grant = Action::new(|(user, role, pd): &(i64, Role, Option<i64>)| grant_role(*user, *role, *pd));
    let revoke = page.table_action(revoke_role);
    let toggle = page.table_action(|(id, active): (i64, bool)| set_user_active(id, active));
    Effect::new(move |_| {
        if let Some(result) = grant.value().get() {
            match result {
                Ok(_) => {
                    grant_errors.set(FieldErrors::new());
                    table_message.set(Some((true, Msg::new("Peran diberikan", "Role granted"))));
                    page.reload();
                }
                Err(e) => {
                    grant_errors.set(e.field_errors().cloned().unwrap_or_default());
                    table_message.set(Some((false, e.msg())));
                }
            }
        }
    });
    let submit_grant = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(user), Some(role)) =
            (parse_id(&grant_user.get_untracked()), Role::from_code(&grant_role_code.get_untracked()))
        else {
            let mut errors = FieldErrors::new();
            errors.add("grant_user", Msg::new("pilih pengguna", "choose a user"));
            grant_errors.set(errors);
            return;
        };
        let pd_id = if role.is_pd_scoped() { parse_id(&grant_pd.get_untracked()) } else { None };
        if let Err(msg) = (Grant { role, pd_id }).check() {
            let mut errors = FieldErrors::new();
            errors.add("pd_id", msg);
            grant_errors.set(errors);
            return;
        }
        grant.dispatch((user, role, pd_id));
    };
    let role_options = Signal::derive(move || {
        Role::VARIANTS.iter().map(|r| (r.code().to_owned(), r.label().text(english()).to_owned())).collect::<Vec<_>>()
    });
    let pd_options = Signal::derive(move || {
        let mut options = vec![(String::new(), "–".to_owned())];
        if let Some(Ok(list)) = pds.get() {
            options.extend(list.into_iter().map(|p| (p.id.to_string(), format!("{} — {}", p.singkatan, p.nama))));
        }
        options
    });
    let pd_scoped = move || Role::from_code(&grant_role_code.get()).is_some_and(Role::is_pd_scoped);

    view! {
        <h1>{t!(i18n, pengguna.title)}</h1>
        <div class="columns">
            <AdminForm
                page
                title_new=Signal::derive(move || t_string!(i18n, pengguna.form_new).to_owned())
                title_edit=Signal::derive(move || t_string!(i18n, pengguna.form_edit).to_owned())
                testid="pengguna-form"
                on_submit=page.submit(input, check, save)
                pending=save.pending()
                on_cancel=Callback::new(move |()| load(None))
                single_column=true
            >
                    <TextField label=Signal::derive(move || t_string!(i18n, pengguna.username).to_owned()) name="username" value=username error=page.error(client_errors, "username") />
                    <TextField label=Signal::derive(move || t_string!(i18n, pengguna.nama).to_owned()) name="nama" value=nama error=page.error(client_errors, "nama") />
                    <TextField
                        label=Signal::derive(move || t_string!(i18n, pengguna.email).to_owned())
                        name="email"
                        kind="email"
                        autocomplete="off"
                        value=email
                        error=page.error(client_errors, "email")
                        hint=Signal::derive(move || t_string!(i18n, pengguna.email_hint).to_owned())
                    />
                    <TextField
                        label=Signal::derive(move || t_string!(i18n, pengguna.password).to_owned())
                        name="password"
                        kind="password"
                        autocomplete="new-password"
                        value=password
                        error=page.error(client_errors, "password")
                        hint=Signal::derive(move || {
                            if editing.get().is_some() { t_string!(i18n, pengguna.password_hint_edit).to_owned() } else { t_string!(i18n, pengguna.password_hint).to_owned() }
                        })
                    />
            </AdminForm>
            <section class="panel">
                <h2>{t!(i18n, pengguna.add_role)}</h2>
                <form on:submit=submit_grant data-testid="grant-form" novalidate>
                    // The same list as the table (one fetch), awaited in its own boundary.
                    <Loaded
                        resource=rows
                        view={move |list: Vec<UserRow>| {
                            let mut options = vec![(String::new(), "–".to_owned())];
                            options.extend(
                                list.into_iter()
                                    .filter(|u| u.active)
                                    .map(|u| (u.id.to_string(), format!("{} ({})", u.nama, u.username))),
                            );
                            view! {
                                <SelectField
                                    label=Signal::derive(move || t_string!(i18n, pengguna.user).to_owned())
                                    name="grant_user"
                                    value=grant_user
                                    options=Signal::derive(move || options.clone())
                                    error=Signal::derive(move || grant_errors.with(|e| e.get("grant_user").cloned()))
                                />
                            }
                        }}
                    />
                    <SelectField label=Signal::derive(move || t_string!(i18n, pengguna.role).to_owned()) name="grant_role" value=grant_role_code options=role_options error=Signal::derive(|| None) />
                    <Show when=pd_scoped>
                        <SelectField label=Signal::derive(move || t_string!(i18n, pengguna.pd).to_owned()) name="grant_pd" value=grant_pd options=pd_options error=Signal::derive(move || grant_errors.with(|e| e.get("pd_id").cloned())) />
                    </Show>
                    <div class="actions">
                        <button type="submit" disabled=move || grant.pending().get()>{t!(i18n, pengguna.add_role)}</button>
                    </div>
                </form>
            </section>
        </div>
        <Notice message=table_message />
        <Loaded
            resource=rows
            view={move |list: Vec<UserRow>| {
                view! {
                    <table data-testid="pengguna-table">
                        <thead>
                            <tr>
                                <th>{t!(i18n, pengguna.username)}</th>
                                <th>{t!(i18n, pengguna.nama)}</th>
                                <th>{t!(i18n, pengguna.email)}</th>
                                <th>{t!(i18n, pengguna.roles)}</th>
                                <th>{t!(i18n, common.status)}</th>
                                <th>{t!(i18n, common.actions)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list
                                .into_iter()
                                .map(|u| {
                                    let row = u.clone();
                                    let (id, active) = (u.id, u.active);
                                    view! {
                                        <tr data-user=u.username.clone() class:inactive=!active>
                                            <td class="code">{u.username.clone()}</td>
                                            <td>{u.nama.clone()}</td>
                                            <td class="email">{u.email.clone().unwrap_or_else(|| "–".into())}</td>
                                            <td>
                                                <ul class="plain">
                                                    {u.grants.iter().map(|g| {
                                                        let grant_id = g.id;
                                                        let label = g.role.label();
                                                        let pd = g.pd_singkatan.clone();
                                                        view! {
                                                            <li>
                                                                {move || match &pd {
                                                                    Some(pd) => format!("{} · {pd}", label.text(english())),
                                                                    None => label.text(english()).to_owned(),
                                                                }}
                                                                " "
                                                                <button type="button" class="link" on:click=move |_| { revoke.dispatch(grant_id); }>
                                                                    {t!(i18n, pengguna.revoke)}
                                                                </button>
                                                            </li>
                                                        }
                                                    }).collect_view()}
                                                </ul>
                                            </td>
                                            <ActiveCell active />
                                            <RowActions
                                                active
                                                on_edit=Callback::new(move |()| load(Some(row.clone())))
                                                on_toggle=Callback::new(move |()| { toggle.dispatch((id, !active)); })
                                            />
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
            }}
        />
    }
}
