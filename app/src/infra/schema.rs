// The diesel view of `migrations/{sqlite,postgres}`. A test (`tests/tests/schema.rs`) compares this
// file with the database that the migrations build, on both backends.

diesel::table! {
    pemda (id) {
        id -> BigInt,
        nama -> Text,
        jabatan_kepala_daerah -> Text,
        kota_ttd -> Text,
        alamat -> Text,
        telepon -> Text,
        email -> Text,
        laman -> Text,
        logo_sha256 -> Nullable<Text>,
        updated_at -> BigInt,
    }
}

diesel::table! {
    stored_files (sha256) {
        sha256 -> Text,
        size_bytes -> BigInt,
        mime -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    perangkat_daerah (id) {
        id -> BigInt,
        kode -> Text,
        nama -> Text,
        singkatan -> Text,
        kepala_id -> Nullable<BigInt>,
        active -> Bool,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    officials (id) {
        id -> BigInt,
        gelar_depan -> Text,
        nama -> Text,
        gelar_belakang -> Text,
        nip -> Nullable<Text>,
        golongan -> Text,
        jabatan -> Text,
        eselon -> BigInt,
        pd_id -> Nullable<BigInt>,
        status -> BigInt,
        active -> Bool,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        username -> Text,
        nama -> Text,
        password_hash -> Text,
        active -> Bool,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    role_grants (id) {
        id -> BigInt,
        user_id -> BigInt,
        role -> BigInt,
        pd_id -> Nullable<BigInt>,
        created_at -> BigInt,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        token_hash -> Text,
        user_id -> BigInt,
        created_at -> BigInt,
        last_seen_at -> BigInt,
        client_ip -> Text,
    }
}

diesel::table! {
    security_events (id) {
        id -> BigInt,
        at -> BigInt,
        kind -> Text,
        username -> Text,
        user_id -> Nullable<BigInt>,
        client_ip -> Text,
        reason -> Text,
    }
}

diesel::table! {
    periods (id) {
        id -> BigInt,
        nama -> Text,
        tahun_awal -> BigInt,
        tahun_akhir -> BigInt,
        active -> Bool,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    fiscal_years (id) {
        id -> BigInt,
        period_id -> BigInt,
        tahun -> BigInt,
        created_at -> BigInt,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> BigInt,
        user_id -> Nullable<BigInt>,
        entity -> Text,
        entity_id -> Nullable<BigInt>,
        action -> Text,
        detail -> Text,
    }
}

diesel::joinable!(officials -> perangkat_daerah (pd_id));
diesel::joinable!(role_grants -> users (user_id));
diesel::joinable!(role_grants -> perangkat_daerah (pd_id));
diesel::joinable!(audit_log -> users (user_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(fiscal_years -> periods (period_id));

diesel::allow_tables_to_appear_in_same_query!(
    pemda,
    stored_files,
    perangkat_daerah,
    officials,
    users,
    role_grants,
    sessions,
    security_events,
    periods,
    fiscal_years,
    audit_log,
);
