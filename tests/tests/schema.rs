//! The migration trees and `schema.rs` stay in step: same migration names in both trees, and the
//! tables and columns that `schema.rs` declares are exactly what the migrations build.

use akuntabel_app::infra::db::Backend;
use akuntabel_tests::{TestApp, backends};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use std::collections::BTreeMap;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn migration_names(tree: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("migrations").join(tree))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn both_migration_trees_have_the_same_migrations_each_with_up_and_down() {
    let sqlite = migration_names("sqlite");
    let postgres = migration_names("postgres");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres, "migrations/sqlite and migrations/postgres must hold the same directory names");
    for tree in ["sqlite", "postgres"] {
        for name in &sqlite {
            for file in ["up.sql", "down.sql"] {
                assert!(
                    root().join("migrations").join(tree).join(name).join(file).exists(),
                    "{tree}/{name}/{file} is missing"
                );
            }
        }
    }
}

/// `table → [(column, diesel type, nullable)]` as declared in `schema.rs`.
type Columns = BTreeMap<String, Vec<(String, String, bool)>>;

fn declared() -> Columns {
    let text = std::fs::read_to_string(root().join("app/src/infra/schema.rs")).unwrap();
    let mut tables = Columns::new();
    let mut current: Option<String> = None;
    for line in text.lines().map(str::trim) {
        if let Some(name) = line.strip_suffix('{').and_then(|l| l.split_once(" (")).map(|(n, _)| n.trim())
            && !name.contains("table!")
            && !name.is_empty()
            && !name.contains(' ')
        {
            current = Some(name.to_owned());
            tables.entry(name.to_owned()).or_default();
            continue;
        }
        if line == "}" {
            current = None;
            continue;
        }
        if let (Some(table), Some((column, ty))) = (&current, line.trim_end_matches(',').split_once(" -> ")) {
            let (ty, nullable) = match ty.strip_prefix("Nullable<").and_then(|t| t.strip_suffix('>')) {
                Some(inner) => (inner.to_owned(), true),
                None => (ty.to_owned(), false),
            };
            tables.get_mut(table).unwrap().push((column.to_owned(), ty, nullable));
        }
    }
    tables
}

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = BigInt)]
    nullable: i64,
}

fn actual(app: &TestApp) -> Columns {
    let mut conn = app.state.db.get().unwrap();
    let rows: Vec<Column> = match app.backend {
        Backend::Sqlite => akuntabel_app::with_conn!(&mut *conn, |c| diesel::sql_query(
            "SELECT m.name AS table_name, p.name AS column_name, lower(p.type) AS data_type, \
             CAST(p.\"notnull\" = 0 AND p.pk = 0 AS BIGINT) AS nullable \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '__diesel%' \
             ORDER BY m.name, p.cid"
        )
        .load(c)),
        Backend::Postgres => akuntabel_app::with_conn!(&mut *conn, |c| {
            diesel::sql_query(
            "SELECT table_name::text AS table_name, column_name::text AS column_name, data_type::text AS data_type, \
             CAST(CASE WHEN is_nullable = 'YES' THEN 1 ELSE 0 END AS BIGINT) AS nullable \
             FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '__diesel%' \
             ORDER BY table_name, ordinal_position"
        )
        .load(c)
        }),
    }
    .unwrap();
    let mut tables = Columns::new();
    for r in rows {
        let ty = match r.data_type.as_str() {
            "integer" | "bigint" => "BigInt",
            "text" => "Text",
            "boolean" => "Bool",
            other => panic!("{}.{} has type {other}, which schema.rs cannot express yet", r.table_name, r.column_name),
        };
        tables.entry(r.table_name).or_default().push((r.column_name, ty.to_owned(), r.nullable == 1));
    }
    tables
}

#[tokio::test]
async fn schema_rs_matches_the_tables_the_migrations_build() {
    let declared = declared();
    assert!(declared.len() >= 10, "schema.rs parse found {:?}", declared.keys());
    for backend in backends() {
        let app = TestApp::start(backend, &[]);
        let actual = actual(&app);
        assert_eq!(
            declared.keys().collect::<Vec<_>>(),
            actual.keys().collect::<Vec<_>>(),
            "{backend:?}: the tables differ"
        );
        for (table, columns) in &declared {
            assert_eq!(Some(columns), actual.get(table), "{backend:?}: table {table} differs (column, type, nullable)");
        }
    }
}

#[tokio::test]
async fn a_query_for_a_list_of_ids_is_prepared_once_whatever_the_length_of_the_list() {
    use akuntabel_app::infra::schema::users;
    use akuntabel_app::infra::sql::id_in;
    use akuntabel_app::with_conn;
    use diesel::connection::InstrumentationEvent;
    use std::sync::{Arc, Mutex};
    for backend in backends() {
        let app = TestApp::start(backend, &[]);
        let ids: Vec<i64> = ["satu", "dua", "tiga"].iter().map(|name| app.user(name, &[])).collect();
        let mut conn = akuntabel_app::infra::db::establish(&app.state.config.database_url).unwrap();
        let prepared = Arc::new(Mutex::new(Vec::<String>::new()));
        let seen = prepared.clone();
        let names = |conn: &mut akuntabel_app::infra::db::DbConn, ids: &[i64]| -> Vec<String> {
            with_conn!(conn, |c| users::table
                .filter(id_in(users::id, ids))
                .order(users::username)
                .select(users::username)
                .load(c))
            .unwrap()
        };
        with_conn!(&mut conn, |c| c.set_instrumentation(move |event: InstrumentationEvent<'_>| {
            if let InstrumentationEvent::CacheQuery { sql, .. } = event {
                seen.lock().unwrap().push(sql.to_owned());
            }
        }));
        assert_eq!(names(&mut conn, &ids[..1]), ["satu"], "{backend:?}");
        assert_eq!(names(&mut conn, &ids), ["dua", "satu", "tiga"], "{backend:?}");
        assert_eq!(names(&mut conn, &[]), Vec::<String>::new(), "{backend:?}: an empty list matches nothing");
        let prepared = prepared.lock().unwrap();
        assert_eq!(prepared.len(), 1, "{backend:?}: one statement for lists of 1, 3 and 0 ids: {prepared:?}");
    }
}

#[test]
fn the_bundled_sqlite_keeps_the_plan_of_a_prepared_statement_whatever_values_are_bound() {
    // Without the query planner stability guarantee SQLite re-plans a cached statement whenever its
    // `LIMIT ?` is bound again — every diesel `.first()` — so the statement cache saves nothing on
    // the session lookup that every request makes (.cargo/config.toml sets the flag).
    #[derive(QueryableByName)]
    struct CompileOption {
        #[diesel(sql_type = Text)]
        compile_options: String,
    }
    let mut conn = diesel::SqliteConnection::establish(":memory:").unwrap();
    let options: Vec<String> = diesel::sql_query("PRAGMA compile_options")
        .load::<CompileOption>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|o| o.compile_options)
        .collect();
    assert!(options.iter().any(|o| o == "ENABLE_QPSG"), "{options:?}");
}
