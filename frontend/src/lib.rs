//! The browser side: hydrates the server-rendered page with the same `App`, once the code of the
//! page shown (a lazily loaded route) has arrived.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_lazy(akuntabel_app::App);
}
