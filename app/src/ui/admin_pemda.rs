//! Admin: the Pemda profile (letterhead data, the city of signature lines) and its logo.

use super::layout::Layout;
use super::widgets::{FormState, Loaded, Notice, TextField, field_error};
use crate::api::master::{get_pemda, save_pemda};
use crate::api::types::PemdaProfile;
use crate::domain::master::{PemdaInput, validate_pemda};
use crate::domain::roles::Permission;
use crate::domain::{FieldErrors, Msg};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// What the logo upload answered, as a message.
fn logo_outcome(code: Option<&str>) -> Option<(bool, Msg)> {
    let msg = match code? {
        "ok" => return Some((true, Msg::new("Logo tersimpan", "Logo saved"))),
        "tipe" => Msg::new("Logo harus berkas PNG atau JPEG", "The logo must be a PNG or JPEG file"),
        "besar" => Msg::new("Logo paling besar 2 MB", "The logo may be at most 2 MB"),
        "kosong" => Msg::new("Pilih berkas logo terlebih dahulu", "Choose a logo file first"),
        "profil" => Msg::new(
            "Simpan profil Pemda terlebih dahulu, lalu unggah logonya",
            "Save the Pemda profile first, then upload its logo",
        ),
        _ => Msg::new("Logo gagal disimpan; coba lagi", "The logo could not be saved; try again"),
    };
    Some((false, msg))
}

#[component]
pub fn PemdaPage() -> impl IntoView {
    view! {
        <Layout permission=Permission::ManageMasterData>
            <PemdaContent />
        </Layout>
    }
}

#[component]
fn PemdaContent() -> impl IntoView {
    let i18n = use_i18n();
    let profile = Resource::new(|| (), |_| get_pemda());
    view! {
        <h1>{t!(i18n, pemda.title)}</h1>
        <Loaded resource=profile view=move |p: PemdaProfile| view! { <PemdaForm profile=p /> } />
    }
}

#[component]
fn PemdaForm(profile: PemdaProfile) -> impl IntoView {
    let i18n = use_i18n();
    let d = profile.data.clone();
    let nama = RwSignal::new(d.nama);
    let jabatan = RwSignal::new(d.jabatan_kepala_daerah);
    let kota = RwSignal::new(d.kota_ttd);
    let alamat = RwSignal::new(d.alamat);
    let telepon = RwSignal::new(d.telepon);
    let email = RwSignal::new(d.email);
    let laman = RwSignal::new(d.laman);
    let form = FormState::new();
    let input = move || PemdaInput {
        nama: nama.get(),
        jabatan_kepala_daerah: jabatan.get(),
        kota_ttd: kota.get(),
        alamat: alamat.get(),
        telepon: telepon.get(),
        email: email.get(),
        laman: laman.get(),
    };
    let client_errors = Signal::derive(move || {
        if form.attempted.get() { validate_pemda(&input()).err().unwrap_or_default() } else { FieldErrors::new() }
    });
    let save = Action::new(|input: &PemdaInput| save_pemda(input.clone()));
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            form.show_result(&result, Msg::new("Profil Pemda tersimpan", "Pemda profile saved"));
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.attempted.set(true);
        if validate_pemda(&input()).is_ok() {
            save.dispatch(input());
        }
    };
    let label = move |key: &'static str| {
        Signal::derive(move || {
            match key {
                "nama" => t_string!(i18n, pemda.nama),
                "jabatan_kepala_daerah" => t_string!(i18n, pemda.jabatan_kepala_daerah),
                "kota_ttd" => t_string!(i18n, pemda.kota_ttd),
                "alamat" => t_string!(i18n, pemda.alamat),
                "telepon" => t_string!(i18n, pemda.telepon),
                "email" => t_string!(i18n, pemda.email),
                _ => t_string!(i18n, pemda.laman),
            }
            .to_owned()
        })
    };
    let logo = profile.logo_sha256.clone();
    // The logo form is a plain HTML upload; the server sends us back with `?logo=<outcome>`.
    let logo_message = RwSignal::new(logo_outcome(use_query_map().get_untracked().get("logo").as_deref()));
    view! {
        <section class="panel">
            <form on:submit=submit data-testid="pemda-form" novalidate>
                <div class="grid">
                    <TextField label=label("nama") name="nama" value=nama error=field_error(client_errors, form, "nama") />
                    <TextField label=label("jabatan_kepala_daerah") name="jabatan_kepala_daerah" value=jabatan error=field_error(client_errors, form, "jabatan_kepala_daerah") />
                    <TextField label=label("kota_ttd") name="kota_ttd" value=kota error=field_error(client_errors, form, "kota_ttd") hint=Signal::derive(move || t_string!(i18n, pemda.kota_ttd_hint).to_owned()) />
                    <TextField label=label("alamat") name="alamat" value=alamat error=field_error(client_errors, form, "alamat") />
                    <TextField label=label("telepon") name="telepon" value=telepon error=field_error(client_errors, form, "telepon") />
                    <TextField label=label("email") name="email" kind="email" value=email error=field_error(client_errors, form, "email") />
                    <TextField label=label("laman") name="laman" value=laman error=field_error(client_errors, form, "laman") />
                </div>
                <Notice message=form.message />
                <div class="actions">
                    <button type="submit" disabled=move || save.pending().get()>
                        {move || if save.pending().get() { t_string!(i18n, common.saving) } else { t_string!(i18n, common.save) }}
                    </button>
                </div>
            </form>
        </section>
        <section class="panel">
            <h2>{t!(i18n, pemda.logo)}</h2>
            {logo.map(|sha| view! { <img class="logo" src=format!("/berkas/logo?v={}", &sha[..12]) alt="Logo" /> })}
            <Notice message=logo_message />
            <form method="post" action="/berkas/logo" enctype="multipart/form-data" data-testid="logo-form">
                <input type="file" name="logo" accept="image/png,image/jpeg" required />
                <button type="submit" class="secondary">{t!(i18n, pemda.upload_logo)}</button>
            </form>
        </section>
    }
}
