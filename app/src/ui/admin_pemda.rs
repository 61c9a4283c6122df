//! Admin: the Pemda profile (letterhead data, the city of signature lines) and its logo.

use super::layout::Layout;
use super::widgets::{FormState, Loaded, Notice, SelectField, TextField, field_error, use_english};
use crate::api::master::{get_capaian_settings, get_pemda, save_capaian_settings, save_pemda};
use crate::api::types::PemdaProfile;
use crate::domain::capaian::{Cap, NegativeFormula};
use crate::domain::master::{PemdaInput, validate_pemda};
use crate::domain::model::{CapaianSettings, CapaianSettingsInput, Pembagian};
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
    let settings = Resource::new(|| (), |_| get_capaian_settings());
    view! {
        <h1>{t!(i18n, pemda.title)}</h1>
        <Loaded resource=profile view=move |p: PemdaProfile| view! { <PemdaForm profile=p /> } />
        <Loaded resource=settings view=move |s: CapaianSettings| view! { <CapaianSettingsForm settings=s /> } />
    }
}

/// How the Pemda computes capaian: the formula for negative indicators, the cap, where each
/// status band begins, and how action plans divide the year unless one says otherwise.
#[component]
fn CapaianSettingsForm(settings: CapaianSettings) -> impl IntoView {
    let i18n = use_i18n();
    let english = use_english();
    let start = settings.input();
    let formula = RwSignal::new(format!("{:?}", start.negative_formula));
    let cap = RwSignal::new(format!("{:?}", start.cap));
    let pembagian = RwSignal::new(format!("{:?}", start.pembagian));
    let batas = start.batas.clone().map(RwSignal::new);
    let form = FormState::new();
    let input = move || CapaianSettingsInput {
        negative_formula: if formula.get() == "TargetOverRealisation" {
            NegativeFormula::TargetOverRealisation
        } else {
            NegativeFormula::TwiceTargetMinusRealisation
        },
        cap: match cap.get().as_str() {
            "At100" => Cap::At100,
            "At120" => Cap::At120,
            _ => Cap::None,
        },
        batas: batas.map(|b| b.get()),
        pembagian: if pembagian.get() == "Bulan" { Pembagian::Bulan } else { Pembagian::Triwulan },
    };
    let client_errors = Signal::derive(move || {
        if form.attempted.get() {
            CapaianSettings::from_input(&input()).err().unwrap_or_default()
        } else {
            FieldErrors::new()
        }
    });
    let save = Action::new(|input: &CapaianSettingsInput| save_capaian_settings(input.clone()));
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            form.show_result(&result, Msg::new("Pengaturan capaian tersimpan", "Capaian settings saved"));
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.attempted.set(true);
        if CapaianSettings::from_input(&input()).is_ok() {
            save.dispatch(input());
        }
    };
    let options = |list: &'static [(&'static str, &'static str, &'static str)]| {
        Signal::derive(move || {
            list.iter()
                .map(|(code, id, en)| ((*code).to_owned(), (if english() { *en } else { *id }).to_owned()))
                .collect::<Vec<_>>()
        })
    };
    let label =
        move |id: &'static str, en: &'static str| Signal::derive(move || (if english() { en } else { id }).to_owned());
    let bands = [
        ("batas_1", "Perlu perhatian mulai (%)", "Needs attention from (%)"),
        ("batas_2", "Mendekati target mulai (%)", "Close to target from (%)"),
        ("batas_3", "Tercapai mulai (%)", "Achieved from (%)"),
        ("batas_4", "Melampaui target di atas (%)", "Above target beyond (%)"),
    ];
    view! {
        <section class="panel">
            <h2>{t!(i18n, pemda.capaian)}</h2>
            <form on:submit=submit data-testid="capaian-settings-form" novalidate>
                <div class="grid">
                    <SelectField label=label("Rumus indikator negatif", "Formula for negative indicators") name="negative_formula" value=formula
                        options=options(&[("TwiceTargetMinusRealisation", "(2T − R) / T × 100, paling rendah 0", "(2T − R) / T × 100, at least 0"), ("TargetOverRealisation", "T / R × 100", "T / R × 100")])
                        error=Signal::derive(|| None) />
                    <SelectField label=label("Batas capaian", "Capaian cap") name="cap" value=cap
                        options=options(&[("None", "Tanpa batas", "No cap"), ("At100", "Paling tinggi 100%", "At most 100%"), ("At120", "Paling tinggi 120%", "At most 120%")])
                        error=Signal::derive(|| None) />
                    <SelectField label=label("Pembagian tahun rencana aksi", "Action plans divide the year") name="pembagian" value=pembagian
                        options=options(&[("Triwulan", "Per triwulan", "By quarter"), ("Bulan", "Per bulan", "By month")])
                        error=Signal::derive(|| None) />
                    {bands.into_iter().zip(batas).map(|((name, id, en), value)| view! {
                        <TextField label=label(id, en) name=name value error=field_error(client_errors, form, name) />
                    }).collect_view()}
                </div>
                <Notice message=form.message />
                <div class="actions">
                    <button type="submit" disabled=move || save.pending().get()>
                        {move || if save.pending().get() { t_string!(i18n, common.saving) } else { t_string!(i18n, common.save) }}
                    </button>
                </div>
            </form>
        </section>
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
