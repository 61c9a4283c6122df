//! A page request looks its session up in the database once, however many of the page's data
//! loads need the user. Alone in its test binary: it reads a process-wide counter.

use akuntabel_app::domain::roles::Role;
use akuntabel_app::infra::auth::SESSION_LOOKUPS;
use akuntabel_tests::on_each_backend;
use http::StatusCode;
use std::sync::atomic::Ordering;

#[tokio::test]
async fn a_page_with_several_data_loads_looks_its_session_up_once() {
    on_each_backend(async |app| {
        app.user("kabag", &[(Role::KabagOrganisasi, None)]);
        let s = app.login("kabag").await;
        for path in ["/", "/dokumen", "/kelengkapan", "/kotak-masuk"] {
            let before = SESSION_LOOKUPS.load(Ordering::SeqCst);
            let (status, _, html) = app.page(Some(&s), path).await;
            assert_eq!(status, StatusCode::OK, "{path}: {html}");
            assert_eq!(SESSION_LOOKUPS.load(Ordering::SeqCst) - before, 1, "{path} looked its session up once");
        }
    })
    .await;
}
