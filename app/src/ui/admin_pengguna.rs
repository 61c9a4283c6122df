//! Admin: user accounts and their role grants.

use super::layout::Layout;
use super::widgets::{FormState, Loaded, Notice, SelectField, TextField, field_error, parse_id, use_english};
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
    let version = RwSignal::new(0_u32);
    let rows = Resource::new(move || version.get(), |_| list_users());
    // Options for the PD <select>, outside any Transition: loaded on the client only.
    let pds = LocalResource::new(move || list_pd(false));

    let editing = RwSignal::new(None::<i64>);
    let username = RwSignal::new(String::new());
    let nama = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let form = FormState::new();
    let input =
        move || UserInput { username: username.get(), nama: nama.get(), password: password.get(), email: email.get() };
    let client_errors = Signal::derive(move || {
        if form.attempted.get() {
            validate_user(&input(), editing.get().is_none()).err().unwrap_or_default()
        } else {
            FieldErrors::new()
        }
    });
    let load = move |row: Option<UserRow>| {
        form.reset();
        form.message.set(None);
        editing.set(row.as_ref().map(|r| r.id));
        username.set(row.as_ref().map(|r| r.username.clone()).unwrap_or_default());
        nama.set(row.as_ref().map(|r| r.nama.clone()).unwrap_or_default());
        email.set(row.and_then(|r| r.email).unwrap_or_default());
        password.set(String::new());
    };
    let save = Action::new(|(id, input): &(Option<i64>, UserInput)| save_user(*id, input.clone()));
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            form.show_result(&result, Msg::new("Pengguna tersimpan", "User saved"));
            if result.is_ok() {
                load(None);
                form.message.set(Some((true, Msg::new("Pengguna tersimpan", "User saved"))));
                version.update(|v| *v += 1);
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.attempted.set(true);
        if validate_user(&input(), editing.get_untracked().is_none()).is_ok() {
            save.dispatch((editing.get_untracked(), input()));
        }
    };

    // Granting and revoking roles.
    let table_message = RwSignal::new(None::<(bool, Msg)>);
    let grant_user = RwSignal::new(String::new());
    let grant_role_code = RwSignal::new(Role::PerencanaPd.code().to_owned());
    let grant_pd = RwSignal::new(String::new());
    let grant_errors = RwSignal::new(FieldErrors::new());
    let grant = Action::new(|(user, role, pd): &(i64, Role, Option<i64>)| grant_role(*user, *role, *pd));
    let revoke = Action::new(|id: &i64| revoke_role(*id));
    let toggle = Action::new(|(id, active): &(i64, bool)| set_user_active(*id, *active));
    Effect::new(move |_| {
        if let Some(result) = grant.value().get() {
            match result {
                Ok(_) => {
                    grant_errors.set(FieldErrors::new());
                    table_message.set(Some((true, Msg::new("Peran diberikan", "Role granted"))));
                    version.update(|v| *v += 1);
                }
                Err(e) => {
                    grant_errors.set(e.field_errors().cloned().unwrap_or_default());
                    table_message.set(Some((false, e.msg())));
                }
            }
        }
    });
    let after_change = move |result: Option<Result<(), crate::error::AppError>>| {
        if let Some(result) = result {
            match result {
                Ok(()) => version.update(|v| *v += 1),
                Err(e) => table_message.set(Some((false, e.msg()))),
            }
        }
    };
    Effect::new(move |_| after_change(revoke.value().get()));
    Effect::new(move |_| after_change(toggle.value().get()));
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
            <section class="panel">
                <h2>
                    {move || if editing.get().is_some() { t_string!(i18n, pengguna.form_edit) } else { t_string!(i18n, pengguna.form_new) }}
                </h2>
                <form on:submit=submit data-testid="pengguna-form" novalidate>
                    <TextField label=Signal::derive(move || t_string!(i18n, pengguna.username).to_owned()) name="username" value=username error=field_error(client_errors, form, "username") />
                    <TextField label=Signal::derive(move || t_string!(i18n, pengguna.nama).to_owned()) name="nama" value=nama error=field_error(client_errors, form, "nama") />
                    <TextField
                        label=Signal::derive(move || t_string!(i18n, pengguna.email).to_owned())
                        name="email"
                        kind="email"
                        autocomplete="off"
                        value=email
                        error=field_error(client_errors, form, "email")
                        hint=Signal::derive(move || t_string!(i18n, pengguna.email_hint).to_owned())
                    />
                    <TextField
                        label=Signal::derive(move || t_string!(i18n, pengguna.password).to_owned())
                        name="password"
                        kind="password"
                        autocomplete="new-password"
                        value=password
                        error=field_error(client_errors, form, "password")
                        hint=Signal::derive(move || {
                            if editing.get().is_some() { t_string!(i18n, pengguna.password_hint_edit).to_owned() } else { t_string!(i18n, pengguna.password_hint).to_owned() }
                        })
                    />
                    <Notice message=form.message />
                    <div class="actions">
                        <button type="submit" disabled=move || save.pending().get()>
                            {move || if save.pending().get() { t_string!(i18n, common.saving) } else { t_string!(i18n, common.save) }}
                        </button>
                        <Show when=move || editing.get().is_some()>
                            <button type="button" class="secondary" on:click=move |_| load(None)>
                                {t!(i18n, common.cancel)}
                            </button>
                        </Show>
                    </div>
                </form>
            </section>
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
                                            <td>{if active { t_string!(i18n, common.active) } else { t_string!(i18n, common.inactive) }}</td>
                                            <td class="row-actions">
                                                <button type="button" class="link" on:click=move |_| load(Some(row.clone()))>
                                                    {t!(i18n, common.edit)}
                                                </button>
                                                <button type="button" class="link" on:click=move |_| { toggle.dispatch((id, !active)); }>
                                                    {if active { t_string!(i18n, common.deactivate) } else { t_string!(i18n, common.activate) }}
                                                </button>
                                            </td>
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
