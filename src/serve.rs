//! `rapporteur serve`: a live preview on loopback.
//!
//! Builds the site in memory (the same pipeline as `build`, nothing is
//! written), serves it over HTTP, watches the site's sources and rebuilds on
//! change. Open pages reload through server-sent events; a build error keeps
//! the last good site served and shows the error, with file and line, in the
//! terminal and as an overlay in the browser. Files are looked up in the
//! built site only, so no request can reach a file outside it.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::build::{BuildOptions, Rendered, render_in_memory};
use crate::diagnostics::{self, Diagnostic};
use crate::output::{Contents, Memory};

/// The options of `rapporteur serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub interface: String,
    /// 0 picks a free port.
    pub port: u16,
    pub drafts: bool,
    pub open: bool,
}

/// The path of the event stream open pages listen to.
const EVENTS_PATH: &str = "/__rapporteur/events";

/// What is being served, and the last build's error.
#[derive(Default)]
struct State {
    files: HashMap<String, Contents>,
    /// Diagnostics of the last failed build, as text; `None` after a good one.
    error: Option<String>,
    /// Bumped after every build, good or bad.
    generation: u64,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    /// The last good build, kept to render one page again after an edit.
    preview: Mutex<Option<Rendered>>,
    /// Counts batches of file events, so a background rebuild that started
    /// before an edit does not overwrite it.
    edits: AtomicU64,
    /// Set when a full rebuild should run in the background.
    full_needed: Mutex<bool>,
    full_wanted: Condvar,
}

/// Runs the preview server until the process ends.
pub fn serve(options: &ServeOptions) -> Result<(), Diagnostic> {
    let address = format!("{}:{}", options.interface, options.port);
    let server = tiny_http::Server::http(&address).map_err(|e| {
        let in_use = e.to_string().to_lowercase().contains("in use");
        if in_use {
            Diagnostic::general(format!(
                "port {} is in use on {}",
                options.port, options.interface
            ))
            .with_help(format!(
                "stop the other server or pass another port, e.g. `--port {}`",
                options.port.saturating_add(1)
            ))
        } else {
            Diagnostic::general(format!("cannot listen on {address}: {e}"))
                .with_help("check `--interface` and `--port`")
        }
    })?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .unwrap_or(options.port);
    let base_url = format!("http://{}:{port}/", options.interface);
    let build_options = BuildOptions {
        root: options.root.clone(),
        output_dir: None,
        base_url: Some(base_url.clone()),
        drafts: options.drafts,
        force: false,
    };
    let shared = Arc::new(Shared {
        state: Mutex::new(State::default()),
        changed: Condvar::new(),
        preview: Mutex::new(None),
        edits: AtomicU64::new(0),
        full_needed: Mutex::new(false),
        full_wanted: Condvar::new(),
    });
    rebuild(&build_options, &shared);
    let background_shared = Arc::clone(&shared);
    let background_options = build_options.clone();
    std::thread::spawn(move || rebuild_in_background(&background_options, &background_shared));
    let watcher_shared = Arc::clone(&shared);
    let root = options.root.clone();
    // Pages are served only once the sources are watched, so that no edit
    // made right after start is missed.
    let (ready_tx, ready_rx) = mpsc::channel();
    let watch_options = build_options.clone();
    std::thread::spawn(move || watch(&root, &watch_options, &watcher_shared, ready_tx));
    let _ = ready_rx.recv_timeout(Duration::from_secs(10));
    println!(
        "serving {} on {base_url} (Ctrl+C to stop)",
        options.root.display()
    );
    let _ = std::io::stdout().flush();
    if options.open {
        let _ = std::process::Command::new(if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        })
        .arg(&base_url)
        .spawn();
    }

    for request in server.incoming_requests() {
        let shared = Arc::clone(&shared);
        let interface = options.interface.clone();
        std::thread::spawn(move || handle(request, &shared, &interface, port));
    }
    Ok(())
}

/// Builds in memory and swaps the result in; on error keeps the old files.
fn rebuild(options: &BuildOptions, shared: &Shared) {
    let edits = shared.edits.load(Ordering::SeqCst);
    let start = Instant::now();
    let result = render_in_memory(options);
    let elapsed = start.elapsed();
    if shared.edits.load(Ordering::SeqCst) != edits {
        // A newer edit came in while this ran; its own rebuild will follow.
        return;
    }
    let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    match result {
        Ok(mut rendered) => {
            let files: HashMap<String, Contents> = std::mem::take(&mut rendered.files)
                .into_iter()
                .map(|f| (f.path, f.contents))
                .collect();
            let unchanged = state.error.is_none() && same_files(&state.files, &files);
            state.files = files;
            state.error = None;
            println!(
                "rebuilt {} pages in {} ms",
                rendered.run.pages,
                elapsed.as_millis()
            );
            *shared.preview.lock().unwrap_or_else(|e| e.into_inner()) = Some(rendered);
            if unchanged {
                // Nothing to reload (the quick update already showed the edit).
                let _ = std::io::stdout().flush();
                return;
            }
        }
        Err(errors) => {
            let mut text: Vec<String> = errors.iter().map(Diagnostic::to_short_string).collect();
            text.push(diagnostics::summary("build the site", &errors));
            let text = text.join("\n");
            eprintln!("{text}");
            eprintln!("(still serving the last good build)");
            state.error = Some(text);
        }
    }
    state.generation += 1;
    let _ = std::io::stdout().flush();
    drop(state);
    shared.changed.notify_all();
}

fn same_files(a: &HashMap<String, Contents>, b: &HashMap<String, Contents>) -> bool {
    a.len() == b.len()
        && a.iter().all(|(k, v)| match (v, b.get(k)) {
            (Contents::Bytes(x), Some(Contents::Bytes(y))) => x == y,
            (Contents::Copy(x), Some(Contents::Copy(y))) => x == y,
            _ => false,
        })
}

/// Runs full rebuilds asked for by quick updates, one at a time, so that
/// the pages that list an edited document catch up.
fn rebuild_in_background(options: &BuildOptions, shared: &Shared) {
    loop {
        {
            let mut needed = shared.full_needed.lock().unwrap_or_else(|e| e.into_inner());
            while !*needed {
                needed = shared
                    .full_wanted
                    .wait(needed)
                    .unwrap_or_else(|e| e.into_inner());
            }
            *needed = false;
        }
        rebuild(options, shared);
    }
}

fn request_full_rebuild(shared: &Shared) {
    *shared.full_needed.lock().unwrap_or_else(|e| e.into_inner()) = true;
    shared.full_wanted.notify_one();
}

/// The last good build, locked, for a fast path to update; `None` when the
/// last build failed (only a full rebuild can show the fix).
fn last_good_build(shared: &Shared) -> Option<std::sync::MutexGuard<'_, Option<Rendered>>> {
    let failed = shared
        .state
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .error
        .is_some();
    (!failed).then(|| shared.preview.lock().unwrap_or_else(|e| e.into_inner()))
}

/// Serves `files` in place of what they replace, and reloads open pages.
fn publish(shared: &Shared, files: impl IntoIterator<Item = (String, Contents)>) {
    let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    state.files.extend(files);
    state.generation += 1;
    drop(state);
    shared.changed.notify_all();
}

/// The fast path for the common edit, a change to the text of pages:
/// when every changed file is a known document whose front matter is
/// unchanged, its body is rendered again and only its own page is rebuilt
/// and served at once. The pages that list it follow from a full rebuild in
/// the background. Returns false when the fast path does not apply.
fn quick_update(root: &Path, shared: &Shared, changed: &[PathBuf]) -> bool {
    let start = Instant::now();
    let Some(mut guard) = last_good_build(shared) else {
        return false;
    };
    let Some(preview) = guard.as_mut() else {
        return false;
    };
    let mut pages = Vec::new();
    for path in changed {
        let rel = path.strip_prefix(root).unwrap_or(path);
        match preview.pipeline.update_body(rel) {
            Some(Ok(page)) => pages.push(page),
            _ => return false,
        }
    }
    drop(guard);
    let names: Vec<String> = pages.iter().map(|p| p.path.clone()).collect();
    publish(shared, pages.into_iter().map(|p| (p.path, p.contents)));
    println!(
        "updated {} in {} ms",
        names.join(", "),
        start.elapsed().as_millis()
    );
    let _ = std::io::stdout().flush();
    request_full_rebuild(shared);
    true
}

/// The fast path for a template edit: the site and its rendered bodies do
/// not depend on templates, so only the templates are loaded again and the
/// pages rendered again (not the Markdown, exports or assets). Returns false
/// when it does not apply; a template with an error goes the full way, which
/// reports it.
fn template_update(shared: &Shared) -> bool {
    let start = Instant::now();
    let Some(mut guard) = last_good_build(shared) else {
        return false;
    };
    let Some(preview) = guard.as_mut() else {
        return false;
    };
    let memory = Memory::default();
    let Ok(pages) = preview.pipeline.rerender_templates(&memory) else {
        return false;
    };
    let Ok(files) = memory.into_files() else {
        return false;
    };
    drop(guard);
    publish(shared, files.into_iter().map(|f| (f.path, f.contents)));
    println!(
        "rendered {} pages again in {} ms (templates changed)",
        pages,
        start.elapsed().as_millis()
    );
    let _ = std::io::stdout().flush();
    true
}

/// Whether a changed path is one of the site's sources.
fn is_source(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    let editor_temp = rel
        .file_name()
        .map(|n| n.to_string_lossy().ends_with('~'))
        .unwrap_or(false);
    !hidden
        && !editor_temp
        && matches!(
            first.as_deref(),
            Some("content" | "static" | "templates" | "themes" | "config.yaml")
        )
}

/// Watches the sources and rebuilds after a short quiet period.
fn watch(root: &Path, options: &BuildOptions, shared: &Shared, ready: mpsc::Sender<()>) {
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch files: {e}");
            return;
        }
    };
    // The root itself, not recursively (config.yaml, new folders), and each
    // source folder recursively.
    let _ = watcher.watch(&root, RecursiveMode::NonRecursive);
    for dir in ["content", "static", "templates", "themes"] {
        let _ = watcher.watch(&root.join(dir), RecursiveMode::Recursive);
    }
    let _ = ready.send(());
    let relevant = |event: &notify::Result<notify::Event>| match event {
        Ok(e) => {
            !matches!(e.kind, notify::EventKind::Access(_))
                && e.paths.iter().any(|p| is_source(&root, p))
        }
        Err(_) => false,
    };
    while let Ok(event) = rx.recv() {
        if !relevant(&event) {
            continue;
        }
        // Debounce: editors write a file in several steps.
        let mut events = vec![event];
        while let Ok(e) = rx.recv_timeout(Duration::from_millis(15)) {
            events.push(e);
        }
        shared.edits.fetch_add(1, Ordering::SeqCst);
        let mut changed: Vec<PathBuf> = Vec::new();
        let mut only_modified = true;
        for event in events.iter().filter(|e| relevant(e)).flatten() {
            // Folders created after start are watched too.
            for p in &event.paths {
                if p.is_dir() && p.parent() == Some(root.as_path()) {
                    let _ = watcher.watch(p, RecursiveMode::Recursive);
                }
            }
            only_modified &= matches!(event.kind, notify::EventKind::Modify(_));
            for p in event.paths.iter().filter(|p| is_source(&root, p)) {
                if !changed.contains(p) {
                    changed.push(p.clone());
                }
            }
        }
        let is_markdown = |p: &PathBuf| {
            p.extension().is_some_and(|e| e == "md")
                && p.strip_prefix(&root)
                    .is_ok_and(|r| r.starts_with("content"))
        };
        let is_template = |p: &PathBuf| {
            p.strip_prefix(&root).is_ok_and(|r| {
                let parts: Vec<_> = r.components().map(|c| c.as_os_str()).collect();
                parts.first().is_some_and(|c| *c == "templates")
                    || (parts.len() > 2 && parts[0] == "themes" && parts[2] == "templates")
            })
        };
        let quick = !changed.is_empty()
            && if changed.iter().all(is_template) {
                template_update(shared)
            } else {
                only_modified
                    && changed.iter().all(is_markdown)
                    && quick_update(&root, shared, &changed)
            };
        if !quick {
            rebuild(options, shared);
        }
    }
}

/// Whether a request's `Host` names this server: the interface it listens
/// on (or `localhost` when that is a loopback address, or any IP address
/// when it listens on all of them) and its port. A page of another site
/// that made its name point at 127.0.0.1 (DNS rebinding) is refused, so it
/// cannot read the preview, drafts included.
fn is_our_host(host: &str, interface: &str, port: u16) -> bool {
    let host = host.trim().to_ascii_lowercase();
    // No port (or a bare IPv6 address) means HTTP's default, 80.
    let (name, host_port) = match host.rsplit_once(':') {
        Some((name, p)) if !p.ends_with(']') && !name.ends_with(':') => (name, p.parse().ok()),
        _ => (host.as_str(), Some(80)),
    };
    if host.is_empty() || host_port != Some(port) {
        return false;
    }
    let bare = name.trim_start_matches('[').trim_end_matches(']');
    let interface = interface
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    let ip: Option<std::net::IpAddr> = interface.parse().ok();
    bare == interface
        || (bare == "localhost" && ip.is_some_and(|ip| ip.is_loopback()))
        || (ip.is_some_and(|ip| ip.is_unspecified()) && bare.parse::<std::net::IpAddr>().is_ok())
}

/// Answers one request.
fn handle(request: tiny_http::Request, shared: &Shared, interface: &str, port: u16) {
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_string())
        .unwrap_or_default();
    if !is_our_host(&host, interface, port) {
        let _ = request.respond(text_response(
            403,
            &format!("this preview answers only at http://{interface}:{port}/\n"),
        ));
        return;
    }
    let raw = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    if raw == EVENTS_PATH {
        stream_events(request, shared);
        return;
    }
    let Some(path) = safe_path(&raw) else {
        let _ = request.respond(text_response(400, "bad request: the path is not allowed\n"));
        return;
    };
    let state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    let (status, key) = if state.files.contains_key(&key) {
        (200, key)
    } else if state.files.contains_key(&format!("{path}/index.html")) {
        let location = format!("/{}/", crate::urls::encode_path(&path));
        drop(state);
        let response = tiny_http::Response::empty(301).with_header(header("Location", &location));
        let _ = request.respond(response);
        return;
    } else {
        (404, "404.html".to_string())
    };
    let body = match state.files.get(&key) {
        Some(Contents::Bytes(b)) => Ok(b.clone()),
        Some(Contents::Copy(p)) => crate::source::open_regular(p)
            .and_then(|mut f| {
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut f, &mut bytes).map(|_| bytes)
            })
            .map_err(|_| ()),
        None => Err(()),
    };
    let error = state.error.clone();
    drop(state);
    let Ok(mut body) = body else {
        let _ = request.respond(text_response(404, "not found\n"));
        return;
    };
    let content_type = content_type(&key);
    if content_type.starts_with("text/html") {
        body = inject(&body, error.as_deref());
    }
    let response = tiny_http::Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

/// The site-relative path of a request, or `None` for anything that tries
/// to leave the site (`..`, backslashes, NUL, encoded or not).
fn safe_path(raw: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?;
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return None;
    }
    let rel = &decoded[1..];
    if rel.split('/').any(|seg| seg == ".." || seg == ".") || rel.starts_with('/') {
        return None;
    }
    Some(rel.to_string())
}

/// Keeps the connection open and sends `reload` after each good build and
/// `build-error` (with the diagnostics) after each failed one.
fn stream_events(request: tiny_http::Request, shared: &Shared) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: connected\n\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|_| writer.flush())
        .is_err()
    {
        return;
    }
    let mut seen = shared
        .state
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .generation;
    loop {
        let state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        let (state, _) = shared
            .changed
            .wait_timeout_while(state, Duration::from_secs(15), |s| s.generation == seen)
            .unwrap_or_else(|e| e.into_inner());
        let message = if state.generation == seen {
            ": ping\n\n".to_string()
        } else {
            seen = state.generation;
            match &state.error {
                None => "event: reload\ndata: ok\n\n".to_string(),
                Some(text) => format!(
                    "event: build-error\ndata: {}\n\n",
                    serde_json::to_string(text).unwrap_or_default()
                ),
            }
        };
        drop(state);
        if writer
            .write_all(message.as_bytes())
            .and_then(|_| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

/// The live-reload script (only in serve mode), and the error overlay when
/// the last build failed.
fn inject(html: &[u8], error: Option<&str>) -> Vec<u8> {
    let overlay = error
        .map(|e| {
            format!(
                "<div id=\"rapporteur-error\" role=\"alert\" style=\"{OVERLAY_STYLE}\"><strong>The last change did not build; this is the last good version.</strong><pre style=\"white-space:pre-wrap\">{}</pre></div>",
                escape(e)
            )
        })
        .unwrap_or_default();
    let script = format!(
        "<script>(function(){{var s=new EventSource(\"{EVENTS_PATH}\");s.addEventListener(\"reload\",function(){{location.reload();}});s.addEventListener(\"build-error\",function(e){{var d=document.getElementById(\"rapporteur-error\");if(!d){{d=document.createElement(\"div\");d.id=\"rapporteur-error\";d.setAttribute(\"role\",\"alert\");d.setAttribute(\"style\",\"{OVERLAY_STYLE}\");document.body.appendChild(d);}}d.innerHTML=\"<strong>The last change did not build; this is the last good version.</strong><pre style='white-space:pre-wrap'></pre>\";d.querySelector(\"pre\").textContent=JSON.parse(e.data);}});}})();</script>"
    );
    let text = String::from_utf8_lossy(html);
    let insert = format!("{overlay}{script}");
    match text.rfind("</body>") {
        Some(i) => format!("{}{insert}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{insert}").into_bytes(),
    }
}

const OVERLAY_STYLE: &str = "position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;z-index:9999;background:#5c0011;color:#fff;padding:1rem;font:14px/1.4 monospace";

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("header names and values are ASCII")
}

fn text_response(status: u16, text: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    tiny_http::Response::from_string(text)
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "bib" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        assert_eq!(safe_path("/sessions/x/").as_deref(), Some("sessions/x/"));
        assert_eq!(safe_path("/../etc/passwd"), None);
        assert_eq!(safe_path("/%2e%2e/etc/passwd"), None);
        assert_eq!(safe_path("/a/%2E%2E/%2E%2E/x"), None);
        assert_eq!(safe_path("/..%5c..%5cx"), None);
        assert_eq!(safe_path("//etc/passwd"), None);
        assert_eq!(safe_path("/a%00b"), None);
    }

    #[test]
    fn only_requests_for_this_server_are_answered() {
        assert!(is_our_host("127.0.0.1:1111", "127.0.0.1", 1111));
        assert!(is_our_host("localhost:1111", "127.0.0.1", 1111));
        assert!(is_our_host("LOCALHOST:1111", "127.0.0.1", 1111));
        assert!(is_our_host("[::1]:1111", "::1", 1111));
        assert!(!is_our_host("evil.example:1111", "127.0.0.1", 1111));
        assert!(!is_our_host("127.0.0.1:2222", "127.0.0.1", 1111));
        assert!(!is_our_host("127.0.0.1", "127.0.0.1", 1111));
        assert!(is_our_host("127.0.0.1", "127.0.0.1", 80));
        assert!(!is_our_host("", "127.0.0.1", 1111));
        assert!(is_our_host("192.168.1.5:1111", "0.0.0.0", 1111));
        assert!(!is_our_host("rebind.example:1111", "0.0.0.0", 1111));
    }

    #[test]
    fn sources_are_content_static_templates_themes_and_config() {
        let root = Path::new("/site");
        assert!(is_source(root, Path::new("/site/content/a.md")));
        assert!(is_source(root, Path::new("/site/config.yaml")));
        assert!(!is_source(root, Path::new("/site/public/index.html")));
        assert!(!is_source(root, Path::new("/site/content/.a.md.swp")));
        assert!(!is_source(root, Path::new("/site/content/a.md~")));
    }

    #[test]
    fn script_goes_before_the_end_of_body() {
        let out = String::from_utf8(inject(b"<html><body>x</body></html>", Some("a <b>"))).unwrap();
        assert!(out.contains("EventSource"));
        assert!(out.contains("a &lt;b&gt;"));
        assert!(out.ends_with("</body></html>"));
    }
}
