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
        email -> Nullable<Text>,
        must_change_password -> Bool,
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
        tanggal_dpa -> Nullable<Text>,
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
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    documents (id) {
        id -> BigInt,
        doc_type -> BigInt,
        pd_id -> Nullable<BigInt>,
        tahun -> Nullable<BigInt>,
        period_id -> Nullable<BigInt>,
        official_id -> Nullable<BigInt>,
        judul -> Text,
        state -> BigInt,
        content -> Text,
        revision -> BigInt,
        line -> BigInt,
        created_by -> BigInt,
        created_at -> BigInt,
        updated_at -> BigInt,
        dispositioned_at -> Nullable<BigInt>,
        pihak_kedua_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    document_files (id) {
        id -> BigInt,
        document_id -> BigInt,
        sha256 -> Text,
        file_name -> Text,
        size_bytes -> BigInt,
        mime -> Text,
        uploaded_by -> BigInt,
        uploaded_at -> BigInt,
        removed_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    document_versions (id) {
        id -> BigInt,
        document_id -> BigInt,
        number -> BigInt,
        line -> BigInt,
        content -> Text,
        files -> Text,
        sha256 -> Text,
        created_by -> BigInt,
        created_at -> BigInt,
    }
}

diesel::table! {
    workflow_events (id) {
        id -> BigInt,
        document_id -> BigInt,
        at -> BigInt,
        user_id -> BigInt,
        action -> BigInt,
        from_state -> BigInt,
        to_state -> BigInt,
        note -> Text,
        version_id -> Nullable<BigInt>,
        assignee_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    assignments (id) {
        id -> BigInt,
        document_id -> BigInt,
        reviewer_id -> BigInt,
        assigned_by -> BigInt,
        assigned_at -> BigInt,
        active -> Bool,
    }
}

diesel::table! {
    review_rounds (id) {
        id -> BigInt,
        document_id -> BigInt,
        number -> BigInt,
        version_id -> BigInt,
        reviewer_id -> BigInt,
        opened_at -> BigInt,
        closed_at -> Nullable<BigInt>,
        outcome -> Nullable<BigInt>,
    }
}

diesel::table! {
    comment_threads (id) {
        id -> BigInt,
        document_id -> BigInt,
        round_id -> BigInt,
        version_id -> BigInt,
        anchor -> Text,
        state -> BigInt,
        fixed_in_version_id -> Nullable<BigInt>,
        created_by -> BigInt,
        created_at -> BigInt,
        resolved_by -> Nullable<BigInt>,
        resolved_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    comments (id) {
        id -> BigInt,
        thread_id -> BigInt,
        author_id -> BigInt,
        body -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    suggestions (id) {
        id -> BigInt,
        thread_id -> BigInt,
        anchor -> Text,
        proposed -> Text,
        state -> BigInt,
        reason -> Text,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    deadlines (id) {
        id -> BigInt,
        tahun -> BigInt,
        doc_type -> BigInt,
        due_date -> Text,
        set_by -> BigInt,
        set_at -> BigInt,
    }
}

diesel::table! {
    notifications (id) {
        id -> BigInt,
        user_id -> BigInt,
        document_id -> Nullable<BigInt>,
        kind -> Text,
        message_id -> Text,
        message_en -> Text,
        created_at -> BigInt,
        read_at -> Nullable<BigInt>,
        emailed_at -> Nullable<BigInt>,
        email_attempts -> BigInt,
        email_next_at -> Nullable<BigInt>,
        email_error -> Nullable<Text>,
    }
}

diesel::table! {
    pengaturan_capaian (id) {
        id -> BigInt,
        isi -> Text,
        updated_by -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    perubahan (id) {
        id -> BigInt,
        document_id -> BigInt,
        line -> BigInt,
        alasan -> BigInt,
        tanggal -> Text,
        keterangan -> Text,
        official_before -> Nullable<BigInt>,
        official_after -> Nullable<BigInt>,
        created_by -> BigInt,
        created_at -> BigInt,
    }
}

diesel::table! {
    realisasi (id) {
        id -> BigInt,
        document_id -> BigInt,
        node -> Text,
        periode -> BigInt,
        nilai -> Nullable<Text>,
        catatan -> Text,
        created_by -> BigInt,
        created_at -> BigInt,
        anggaran -> Nullable<BigInt>,
    }
}

diesel::joinable!(officials -> perangkat_daerah (pd_id));
diesel::joinable!(role_grants -> users (user_id));
diesel::joinable!(role_grants -> perangkat_daerah (pd_id));
diesel::joinable!(audit_log -> users (user_id));
diesel::joinable!(documents -> perangkat_daerah (pd_id));
diesel::joinable!(document_files -> documents (document_id));
diesel::joinable!(document_versions -> documents (document_id));
diesel::joinable!(workflow_events -> documents (document_id));
diesel::joinable!(workflow_events -> users (user_id));
diesel::joinable!(assignments -> documents (document_id));
diesel::joinable!(review_rounds -> documents (document_id));
diesel::joinable!(comment_threads -> documents (document_id));
diesel::joinable!(comments -> comment_threads (thread_id));
diesel::joinable!(comments -> users (author_id));
diesel::joinable!(suggestions -> comment_threads (thread_id));
diesel::joinable!(notifications -> documents (document_id));
diesel::joinable!(realisasi -> documents (document_id));
diesel::joinable!(perubahan -> documents (document_id));
diesel::joinable!(notifications -> users (user_id));
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
    documents,
    document_files,
    document_versions,
    workflow_events,
    assignments,
    review_rounds,
    comment_threads,
    comments,
    suggestions,
    deadlines,
    notifications,
    realisasi,
    perubahan,
    pengaturan_capaian,
);
