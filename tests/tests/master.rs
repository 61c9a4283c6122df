//! Master data through the server functions, as the admin pages use them.

use akuntabel_app::api::types::{AuditRow, OfficialRow, PdRow, PemdaProfile, PeriodRow, UserRow};
use akuntabel_app::domain::roles::Role;
use akuntabel_app::error::AppError;
use akuntabel_tests::{TestApp, on_each_backend};
use serde_json::{Value, json};

fn admin(app: &TestApp) -> i64 {
    app.user("admin", &[(Role::Admin, None)])
}

fn pd_input(kode: &str, nama: &str, singkatan: &str) -> Value {
    json!({ "kode": kode, "nama": nama, "singkatan": singkatan, "kepala_id": null })
}

fn official_input(nama: &str, nip: &str, pd_id: i64) -> Value {
    json!({
        "gelar_depan": "Dr.", "nama": nama, "gelar_belakang": "S.Pd., M.Si.", "nip": nip, "golongan": "IV/b",
        "jabatan": "Kepala Dinas Pendidikan", "eselon": "IIb", "pd_id": pd_id, "status": "Plt"
    })
}

#[tokio::test]
async fn admin_creates_changes_and_deactivates_a_pd_and_each_change_is_in_the_audit_trail() {
    on_each_backend(async |app| {
        admin(&app);
        let s = app.login("admin").await;
        let id: i64 = app
            .call(&s, "save_pd", json!({ "id": null, "input": pd_input(" 1.01.0.00.0.00.01.0000 ", "Dinas Pendidikan", "Disdik") }))
            .await
            .unwrap();
        let _: i64 = app
            .call(&s, "save_pd", json!({ "id": id, "input": pd_input("1.01.0.00.0.00.01.0000", "Dinas Pendidikan dan Kebudayaan", "Disdikbud") }))
            .await
            .unwrap();
        let () = app.call(&s, "set_pd_active", json!({ "id": id, "active": false })).await.unwrap();

        let active: Vec<PdRow> = app.call(&s, "list_pd", json!({ "include_inactive": false })).await.unwrap();
        assert!(active.is_empty(), "a deactivated PD leaves the working list");
        let all: Vec<PdRow> = app.call(&s, "list_pd", json!({ "include_inactive": true })).await.unwrap();
        assert_eq!(all.len(), 1, "nothing is deleted");
        assert_eq!(all[0].kode, "1.01.0.00.0.00.01.0000", "input is trimmed");
        assert_eq!(all[0].nama, "Dinas Pendidikan dan Kebudayaan");
        assert!(!all[0].active);

        let audit: Vec<AuditRow> = app.call(&s, "list_audit", json!({ "before_id": null })).await.unwrap();
        let pd_entries: Vec<&AuditRow> = audit.iter().filter(|a| a.entity == "perangkat_daerah").collect();
        let actions: Vec<&str> = pd_entries.iter().map(|a| a.action.as_str()).collect();
        assert_eq!(actions, vec!["dinonaktifkan", "diubah", "dibuat"], "newest first");
        let change: Value = serde_json::from_str(&pd_entries[1].detail).unwrap();
        assert_eq!(change["nama"]["lama"], "Dinas Pendidikan");
        assert_eq!(change["nama"]["baru"], "Dinas Pendidikan dan Kebudayaan");
        assert!(change.get("kode").is_none(), "only changed fields are recorded");
        assert!(pd_entries.iter().all(|a| a.user.as_deref() == Some("admin")));
    })
    .await;
}

#[tokio::test]
async fn a_pd_code_used_twice_is_refused_beside_the_code_field() {
    on_each_backend(async |app| {
        admin(&app);
        let s = app.login("admin").await;
        let _: i64 = app
            .call(&s, "save_pd", json!({ "id": null, "input": pd_input("1.02", "Dinas Kesehatan", "Dinkes") }))
            .await
            .unwrap();
        let refused =
            app.call::<i64>(&s, "save_pd", json!({ "id": null, "input": pd_input("1.02", "Dinas Lain", "DL") })).await;
        let Err(AppError::Validation(fields)) = refused else { panic!("expected a field error, got {refused:?}") };
        assert!(fields.get("kode").unwrap().id.contains("Dinas Kesehatan"), "{fields:?}");
    })
    .await;
}

#[tokio::test]
async fn the_server_checks_every_field_with_the_same_rules_as_the_form() {
    on_each_backend(async |app| {
        admin(&app);
        let s = app.login("admin").await;
        let pd: i64 = app
            .call(&s, "save_pd", json!({ "id": null, "input": pd_input("1.01", "Dinas Pendidikan", "Disdik") }))
            .await
            .unwrap();
        let mut bad = official_input("", "1970051219950310", pd);
        bad["golongan"] = json!("V/z");
        let refused = app.call::<i64>(&s, "save_official", json!({ "id": null, "input": bad })).await;
        let Err(AppError::Validation(fields)) = refused else { panic!("expected field errors, got {refused:?}") };
        assert_eq!(fields.get("nama").unwrap().id, "wajib diisi");
        assert!(fields.get("nip").unwrap().id.contains("18 angka"));
        assert!(fields.get("golongan").is_some());
        let officials: Vec<OfficialRow> =
            app.call(&s, "list_officials", json!({ "pd_id": null, "include_inactive": true })).await.unwrap();
        assert!(officials.is_empty(), "nothing was saved");
    })
    .await;
}

#[tokio::test]
async fn an_official_is_stored_with_a_compact_nip_and_shown_the_indonesian_way() {
    on_each_backend(async |app| {
        admin(&app);
        let s = app.login("admin").await;
        let pd: i64 = app
            .call(&s, "save_pd", json!({ "id": null, "input": pd_input("1.01", "Dinas Pendidikan", "Disdik") }))
            .await
            .unwrap();
        let id: i64 = app
            .call(
                &s,
                "save_official",
                json!({ "id": null, "input": official_input("Ahmad Syarif", "19700512 199503 1 002", pd) }),
            )
            .await
            .unwrap();
        let list: Vec<OfficialRow> =
            app.call(&s, "list_officials", json!({ "pd_id": pd, "include_inactive": false })).await.unwrap();
        let o = list.iter().find(|o| o.id == id).unwrap();
        assert_eq!(o.nip.as_deref(), Some("197005121995031002"));
        assert_eq!(o.nip_display(), "19700512 199503 1 002");
        assert_eq!(o.full_name(), "Dr. Ahmad Syarif, S.Pd., M.Si.");
        assert_eq!(o.jabatan_display(), "Plt. Kepala Dinas Pendidikan");
        assert_eq!(o.pangkat_display(), "Pembina Tingkat I, IV/b");
        // The same NIP cannot belong to two people.
        let twice = app
            .call::<i64>(
                &s,
                "save_official",
                json!({ "id": null, "input": official_input("Orang Lain", "197005121995031002", pd) }),
            )
            .await;
        let Err(AppError::Validation(fields)) = twice else { panic!("{twice:?}") };
        assert!(fields.get("nip").unwrap().id.contains("Ahmad Syarif"));
    })
    .await;
}

#[tokio::test]
async fn the_head_of_a_pd_must_be_one_of_its_own_active_officials() {
    on_each_backend(async |app| {
        admin(&app);
        let s = app.login("admin").await;
        let disdik: i64 = app
            .call(&s, "save_pd", json!({ "id": null, "input": pd_input("1.01", "Dinas Pendidikan", "Disdik") }))
            .await
            .unwrap();
        let dinkes: i64 = app
            .call(&s, "save_pd", json!({ "id": null, "input": pd_input("1.02", "Dinas Kesehatan", "Dinkes") }))
            .await
            .unwrap();
        let head: i64 = app
            .call(
                &s,
                "save_official",
                json!({ "id": null, "input": official_input("Ahmad Syarif", "197005121995031002", disdik) }),
            )
            .await
            .unwrap();
        let mut wrong = pd_input("1.02", "Dinas Kesehatan", "Dinkes");
        wrong["kepala_id"] = json!(head);
        let refused = app.call::<i64>(&s, "save_pd", json!({ "id": dinkes, "input": wrong })).await;
        assert!(matches!(refused, Err(AppError::Validation(ref f)) if f.get("kepala_id").is_some()), "{refused:?}");
        let mut right = pd_input("1.01", "Dinas Pendidikan", "Disdik");
        right["kepala_id"] = json!(head);
        let _: i64 = app.call(&s, "save_pd", json!({ "id": disdik, "input": right })).await.unwrap();
        let pd: PdRow = app.call(&s, "get_pd", json!({ "id": disdik })).await.unwrap();
        assert_eq!(pd.kepala.as_deref(), Some("Dr. Ahmad Syarif, S.Pd., M.Si."));
        // Deactivating the head leaves the PD without one, rather than with a departed head.
        let () = app.call(&s, "set_official_active", json!({ "id": head, "active": false })).await.unwrap();
        let pd: PdRow = app.call(&s, "get_pd", json!({ "id": disdik })).await.unwrap();
        assert_eq!(pd.kepala, None);
    })
    .await;
}

#[tokio::test]
async fn the_audit_trail_cannot_be_rewritten_even_with_direct_sql() {
    on_each_backend(async |app| {
        use diesel::connection::SimpleConnection;
        admin(&app);
        let s = app.login("admin").await;
        let _: i64 = app
            .call(&s, "save_pd", json!({ "id": null, "input": pd_input("1.01", "Dinas Pendidikan", "Disdik") }))
            .await
            .unwrap();
        let mut conn = app.state.db.get().unwrap();
        let update =
            akuntabel_app::with_conn!(&mut *conn, |c| c.batch_execute("UPDATE audit_log SET action = 'dihapus'"));
        assert!(update.is_err(), "UPDATE on audit_log must fail");
        let delete = akuntabel_app::with_conn!(&mut *conn, |c| c.batch_execute("DELETE FROM audit_log"));
        assert!(delete.is_err(), "DELETE on audit_log must fail");
    })
    .await;
}

#[tokio::test]
async fn a_period_brings_its_fiscal_years_and_overlapping_periods_are_refused() {
    on_each_backend(async |app| {
        use akuntabel_app::infra::schema::fiscal_years;
        use diesel::prelude::*;
        admin(&app);
        let s = app.login("admin").await;
        let id: i64 = app
            .call(
                &s,
                "save_period",
                json!({ "id": null, "input": { "nama": "RPJMD 2025–2029", "tahun_awal": 2025, "tahun_akhir": 2029 } }),
            )
            .await
            .unwrap();
        let years = |app: &TestApp| -> Vec<i64> {
            let mut conn = app.state.db.get().unwrap();
            akuntabel_app::with_conn!(&mut *conn, |c| fiscal_years::table
                .select(fiscal_years::tahun)
                .order(fiscal_years::tahun)
                .load(c))
            .unwrap()
        };
        assert_eq!(years(&app), vec![2025, 2026, 2027, 2028, 2029]);
        let overlap = app
            .call::<i64>(
                &s,
                "save_period",
                json!({ "id": null, "input": { "nama": "RPD", "tahun_awal": 2029, "tahun_akhir": 2031 } }),
            )
            .await;
        assert!(matches!(overlap, Err(AppError::Validation(ref f)) if f.get("tahun_awal").is_some()), "{overlap:?}");
        let too_long = app
            .call::<i64>(
                &s,
                "save_period",
                json!({ "id": null, "input": { "nama": "X", "tahun_awal": 2030, "tahun_akhir": 2036 } }),
            )
            .await;
        assert!(matches!(too_long, Err(AppError::Validation(ref f)) if f.get("tahun_akhir").is_some()), "{too_long:?}");
        let _: i64 = app
            .call(
                &s,
                "save_period",
                json!({ "id": id, "input": { "nama": "RPJMD 2025–2029", "tahun_awal": 2025, "tahun_akhir": 2027 } }),
            )
            .await
            .unwrap();
        assert_eq!(years(&app), vec![2025, 2026, 2027]);
        let periods: Vec<PeriodRow> = app.call(&s, "list_periods", json!({})).await.unwrap();
        assert_eq!(periods.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn the_pemda_profile_is_saved_and_read_back() {
    on_each_backend(async |app| {
        admin(&app);
        let s = app.login("admin").await;
        let empty: PemdaProfile = app.call(&s, "get_pemda", json!({})).await.unwrap();
        assert!(!empty.configured);
        let input = json!({
            "nama": "Pemerintah Kabupaten Ogan Komering Ilir", "jabatan_kepala_daerah": "Bupati Ogan Komering Ilir",
            "kota_ttd": "Kayuagung", "alamat": "Jl. Letjen Singadekane No. 01", "telepon": "", "email": "organisasi.oki@gmail.com", "laman": ""
        });
        let () = app.call(&s, "save_pemda", json!({ "input": input })).await.unwrap();
        let saved: PemdaProfile = app.call(&s, "get_pemda", json!({})).await.unwrap();
        assert!(saved.configured);
        assert_eq!(saved.data.kota_ttd, "Kayuagung");
        let mut bad = input.clone();
        bad["email"] = json!("bukan-email");
        let refused = app.call::<()>(&s, "save_pemda", json!({ "input": bad })).await;
        assert!(matches!(refused, Err(AppError::Validation(ref f)) if f.get("email").is_some()));
    })
    .await;
}

#[tokio::test]
async fn roles_are_granted_and_revoked_but_the_last_admin_stays() {
    on_each_backend(async |app| {
        let admin_id = admin(&app);
        let pd = app.pd("1.01", "Dinas Pendidikan", "Disdik");
        let s = app.login("admin").await;
        let user: i64 = app
            .call(&s, "save_user", json!({ "id": null, "input": { "username": "Perencana.Disdik", "nama": "Perencana", "password": "panjang-sekali-1" } }))
            .await
            .unwrap();
        let without_pd = app.call::<i64>(&s, "grant_role", json!({ "user_id": user, "role": "PerencanaPd", "pd_id": null })).await;
        assert!(matches!(without_pd, Err(AppError::Validation(ref f)) if f.get("pd_id").is_some()), "{without_pd:?}");
        let grant: i64 = app.call(&s, "grant_role", json!({ "user_id": user, "role": "PerencanaPd", "pd_id": pd })).await.unwrap();
        let twice = app.call::<i64>(&s, "grant_role", json!({ "user_id": user, "role": "PerencanaPd", "pd_id": pd })).await;
        assert_eq!(twice.err().map(|e| e.code()), Some("duplicate"));
        let users: Vec<UserRow> = app.call(&s, "list_users", json!({})).await.unwrap();
        let row = users.iter().find(|u| u.id == user).unwrap();
        assert_eq!(row.username, "perencana.disdik", "user names are lower case");
        assert_eq!(row.grants[0].pd_singkatan.as_deref(), Some("Disdik"));
        let () = app.call(&s, "revoke_role", json!({ "grant_id": grant })).await.unwrap();
        let admin_grant = users.iter().find(|u| u.id == admin_id).unwrap().grants[0].id;
        let last = app.call::<()>(&s, "revoke_role", json!({ "grant_id": admin_grant })).await;
        assert_eq!(last.err().map(|e| e.code()), Some("last_admin"));
        let own = app.call::<()>(&s, "set_user_active", json!({ "id": admin_id, "active": false })).await;
        assert_eq!(own.err().map(|e| e.code()), Some("own_account"), "an admin cannot lock themselves out");
    })
    .await;
}

#[tokio::test]
async fn a_password_reset_ends_the_users_sessions() {
    on_each_backend(async |app| {
        admin(&app);
        let staff = app.user("staf", &[(Role::Reviewer, None)]);
        let s = app.login("admin").await;
        let staff_session = app.login("staf").await;
        let _: i64 = app
            .call(&s, "save_user", json!({ "id": staff, "input": { "username": "staf", "nama": "Staf", "password": "kata-sandi-baru-1" } }))
            .await
            .unwrap();
        let me: Option<Value> = app.call(&staff_session, "whoami", json!({})).await.unwrap();
        assert_eq!(me, None);
        assert!(app.try_login("staf", "kata-sandi-baru-1").await.is_ok());
        // A change without a password keeps the password.
        let _: i64 = app
            .call(&s, "save_user", json!({ "id": staff, "input": { "username": "staf", "nama": "Staf Baru", "password": "" } }))
            .await
            .unwrap();
        assert!(app.try_login("staf", "kata-sandi-baru-1").await.is_ok());
    })
    .await;
}
