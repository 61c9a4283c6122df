//! `akuntabel-wasm-split <input.wasm> <out-dir> <name>`: splits the raw wasm that rustc wrote
//! (linked with `--emit-relocs`) at the split points that Leptos's `#[lazy]` and `#[lazy_route]`
//! leave in it. Writes to `out-dir`:
//! - `<name>_split.wasm`, the main module, for wasm-bindgen to process as usual;
//! - one `split_*.wasm` per lazy function and `chunk_*.wasm` for code several of them share;
//! - the loader `__wasm_split.______________________.js` (the name Leptos preloads);
//! - `__wasm_split_manifest.json`, which tells the server what to preload for a page.
//!
//! The browser finds the chunks next to the main module's `<name>.js`, so everything stays in one
//! folder.

use std::path::PathBuf;
use std::process::ExitCode;

/// The loader's module name: Leptos's server rendering names it so in its preload links.
const LINK_NAME: &str = "./__wasm_split.______________________.js";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out_dir, name] = args.as_slice() else {
        eprintln!("usage: akuntabel-wasm-split <input.wasm> <out-dir> <name>");
        return ExitCode::from(2);
    };
    match split(&PathBuf::from(input), &PathBuf::from(out_dir), name) {
        Ok(count) => {
            println!("wasm split: {count} lazily loaded modules");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("wasm split: {e}");
            ExitCode::FAILURE
        }
    }
}

fn split(input: &std::path::Path, out_dir: &std::path::Path, name: &str) -> Result<usize, String> {
    let wasm = std::fs::read(input).map_err(|e| format!("{}: {e}", input.display()))?;
    std::fs::create_dir_all(out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    let main_out = out_dir.join(format!("{name}_split.wasm"));
    let main_module = format!("./{name}.js");
    let mut options = wasm_split_cli_support::Options::new(&wasm);
    options.output_dir = out_dir;
    options.main_out_path = &main_out;
    options.main_module = &main_module;
    options.link_name = LINK_NAME;
    let split = wasm_split_cli_support::transform(options).map_err(|e| format!("{e:#}"))?;
    // Sorted keys and lists: the same input gives the same manifest bytes.
    let manifest: std::collections::BTreeMap<&String, Vec<&String>> = split
        .prefetch_map
        .iter()
        .map(|(k, v)| {
            let mut files: Vec<&String> = v.iter().collect();
            files.sort();
            (k, files)
        })
        .collect();
    let json = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?;
    let path = out_dir.join("__wasm_split_manifest.json");
    std::fs::write(&path, json).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(split.split_modules.len())
}
