//! Browser tests: the pages driven through WebDriver in real headless Chromium, against the app
//! on a random port with a fresh SQLite database. Elements are found by their label, role or
//! text; assertions are on the DOM. Screenshots land in `target/screenshots/` to be looked at.
//!
//! Without `chromedriver` the tests say they were skipped and why; with
//! `APIDOJO_TEST_BROWSER=required` (CI) a missing browser is a failure.
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use apidojo::app::Application;
use apidojo::config::Settings;
use apidojo::db::users::Role;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use secrecy::SecretString;
use serde_json::{json, Value};

/// One browser at a time: the machine running the suite may have few cores.
static ONE_AT_A_TIME: LazyLock<tokio::sync::Mutex<()>> = LazyLock::new(|| tokio::sync::Mutex::new(()));

const PASSWORD: &str = "correct horse battery staple";
const XSS_NAME: &str = "Eve <img src=x onerror=\"window.__xss='name'\"><script>window.__xss='name2'</script>";

struct App {
    base: String,
    database_url: String,
    _dir: tempfile::TempDir,
}

fn spawn_app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite://{}", dir.path().join("apidojo.sqlite3").display());
    let mut settings = Settings::new(
        "127.0.0.1:0".parse().unwrap(),
        database_url.clone(),
        SecretString::from("browser-test-secret-browser-test-secret-0123".to_owned()),
    );
    settings.pool_size = 4;
    let app = Application::build(settings).expect("the app starts");
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    App {
        base,
        database_url,
        _dir: dir,
    }
}

impl App {
    fn conn(&self) -> apidojo::db::PooledConn {
        apidojo::db::connect_and_migrate(&self.database_url, 1)
            .unwrap()
            .get()
            .unwrap()
    }
    fn set_role(&self, email: &str, role: Role) {
        apidojo::db::users::User::set_role(&mut self.conn(), email, role).unwrap();
    }
    /// Puts an attempt's deadline `seconds` from now (negative: in the past), as the clock would.
    fn deadline_in(&self, attempt_id: &str, seconds: i64) {
        use apidojo::db::attempts::Attempt;
        let at = apidojo::db::now() + chrono::Duration::seconds(seconds);
        Attempt::set_deadline(&mut self.conn(), attempt_id, at).unwrap();
    }
}

struct Browser {
    c: Client,
    driver: Child,
}

impl Drop for Browser {
    /// Ends chromedriver and the Chromium it started (its own process group), even when a test
    /// failed before closing the session.
    fn drop(&mut self) {
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// `CHROMEDRIVER` names the driver (a path that is not a file counts as none); otherwise PATH.
fn find_driver() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMEDRIVER") {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .chain([PathBuf::from("/usr/bin"), PathBuf::from("/usr/lib/chromium")])
        .map(|d| d.join("chromedriver"))
        .find(|p| p.is_file())
}

fn chromium_binary() -> Option<String> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .into_iter()
    .find(|p| std::path::Path::new(p).is_file())
    .map(str::to_owned)
}

/// A headless Chromium, or `None` (with the reason printed) when there is none to drive.
async fn browser() -> Option<Browser> {
    let required = std::env::var("APIDOJO_TEST_BROWSER").is_ok_and(|v| v == "required");
    let missing = match (find_driver(), chromium_binary()) {
        (None, _) => Some("chromedriver not found (CHROMEDRIVER or PATH)"),
        (_, None) => Some("no Chromium binary at /usr/bin/chromium"),
        _ => None,
    };
    if let Some(why) = missing {
        assert!(
            !required,
            "APIDOJO_TEST_BROWSER=required but {why}: apt-get install chromium chromium-driver"
        );
        // Written to stderr directly, not through eprintln!, so the test harness does not
        // swallow it: a skip must be seen, never look like a pass.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: {why}; install chromium and chromium-driver to run the browser tests"
        );
        return None;
    }
    let driver = find_driver().expect("checked above");
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    use std::os::unix::process::CommandExt;
    let child = Command::new(&driver)
        .arg(format!("--port={port}"))
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{} does not start: {e}", driver.display()));
    let mut caps = serde_json::Map::new();
    let mut chrome = json!({ "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,800"] });
    if let Some(bin) = chromium_binary() {
        chrome["binary"] = Value::String(bin);
    }
    caps.insert("goog:chromeOptions".into(), chrome);
    let url = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    let client = loop {
        match ClientBuilder::native().capabilities(caps.clone()).connect(&url).await {
            Ok(c) => break c,
            Err(e) if started.elapsed() < Duration::from_secs(20) => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("cannot start a Chromium session through {}: {e}", driver.display()),
        }
    };
    Some(Browser {
        c: client,
        driver: child,
    })
}

/// An input, select or textarea by the text of its label.
fn by_label(text: &str) -> String {
    format!(
        "//*[@id=//label[contains(normalize-space(.), '{text}')]/@for] | //label[contains(normalize-space(.), '{text}')]//*[self::input or self::select or self::textarea]"
    )
}

fn button(text: &str) -> String {
    format!("//button[normalize-space(.)='{text}']")
}

impl Browser {
    async fn go(&self, app: &App, path: &str) {
        self.c.goto(&format!("{}{path}", app.base)).await.unwrap();
    }
    async fn fill(&self, label: &str, value: &str) {
        let e = self
            .c
            .find(Locator::XPath(&by_label(label)))
            .await
            .unwrap_or_else(|e| panic!("no field labelled {label:?}: {e}"));
        e.clear().await.unwrap();
        e.send_keys(value).await.unwrap();
    }
    async fn press(&self, text: &str) {
        self.c
            .find(Locator::XPath(&button(text)))
            .await
            .unwrap_or_else(|e| panic!("no button {text:?}: {e}"))
            .click()
            .await
            .unwrap();
    }
    /// Clicks the editor tab whose name starts with `name`.
    async fn press_tab(&self, name: &str) {
        self.c
            .find(Locator::XPath(&format!(
                "//*[@role='tab'][starts-with(normalize-space(.), '{name}')]"
            )))
            .await
            .unwrap_or_else(|e| panic!("no tab {name:?}: {e}"))
            .click()
            .await
            .unwrap();
    }
    async fn js(&self, script: &str) -> Value {
        self.c.execute(script, vec![]).await.unwrap()
    }
    /// The attempt page's editor, found as a user finds it: the text box named by its label.
    async fn editor(&self) -> fantoccini::elements::Element {
        self.c
            .find(Locator::XPath(
                "//*[@role='textbox'][@aria-label='Your OpenAPI document'][@contenteditable='true']",
            ))
            .await
            .expect("the editor is on the page")
    }
    /// What the editor holds.
    async fn document(&self) -> String {
        self.js("return window.apidojoEditor.active.getValue()")
            .await
            .as_str()
            .expect("the editor's text")
            .to_owned()
    }
    /// Replaces the editor's text at once (as a paste would; typing it would take minutes).
    async fn replace_document(&self, text: &str) {
        self.c
            .execute("window.apidojoEditor.active.setValue(arguments[0])", vec![json!(text)])
            .await
            .unwrap();
    }
    async fn text(&self, css: &str) -> String {
        self.c
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css}: {e}"))
            .text()
            .await
            .unwrap()
    }
    /// Waits until `script` returns true.
    async fn until(&self, what: &str, script: &str) {
        let started = Instant::now();
        loop {
            if self.js(script).await == Value::Bool(true) {
                return;
            }
            if started.elapsed() > Duration::from_secs(15) {
                let said = self
                    .js("return Array.from(document.querySelectorAll('.form-error, #status, [role=alert]')).map(e => e.textContent).join(' | ')")
                    .await;
                panic!("timed out waiting for {what}; the page says: {said}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    async fn path(&self) -> String {
        self.c.current_url().await.unwrap().path().to_owned()
    }
    /// Waits for a form post to land somewhere other than `from`, and returns the new path.
    async fn left(&self, from: &str) -> String {
        let started = Instant::now();
        loop {
            let ready = self.js("return document.readyState").await;
            let path = self.path().await;
            if path != from && ready == json!("complete") {
                return path;
            }
            if started.elapsed() > Duration::from_secs(15) {
                let body = self.text("main").await;
                panic!("still on {path} after 15 s: {body}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    /// A screenshot at laptop and at phone width, kept under target/screenshots/.
    async fn shoot(&self, name: &str) {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        for (w, h, tag) in [(1280, 800, "desktop"), (390, 844, "phone")] {
            self.c.set_window_size(w, h).await.unwrap();
            tokio::time::sleep(Duration::from_millis(150)).await;
            let png = self.c.screenshot().await.unwrap();
            std::fs::write(dir.join(format!("{name}-{tag}.png")), png).unwrap();
            // Nothing makes the page itself scroll sideways (wide tables scroll in their box).
            let widths = self
                .js("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
                .await;
            assert!(
                widths[0].as_i64() <= widths[1].as_i64(),
                "{name} is wider than the {tag} screen: {widths}"
            );
        }
        self.c.set_window_size(1280, 800).await.unwrap();
    }
    async fn sign_up(&self, app: &App, name: &str, email: &str) {
        self.go(app, "/signup").await;
        self.fill("Display name", name).await;
        self.fill("Email", email).await;
        self.fill("Password", PASSWORD).await;
        self.press("Create my account").await;
        assert_eq!(
            self.left("/signup").await,
            "/exercises",
            "signed up and sent to the catalogue"
        );
    }
    async fn log_in(&self, app: &App, email: &str) {
        self.go(app, "/login").await;
        self.fill("Email", email).await;
        self.fill("Password", PASSWORD).await;
        self.press("Log in").await;
        self.left("/login").await;
    }
    async fn log_out(&self) {
        let from = self.path().await;
        self.press("Log out").await;
        self.left(&from).await;
    }
    /// Starts an exercise from its page; returns the attempt id.
    async fn start(&self, app: &App, exercise: &str) -> String {
        self.go(app, &format!("/exercises/{exercise}")).await;
        self.c
            .find(Locator::XPath("//button[starts-with(normalize-space(.), 'Start the')]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let path = self.left(&format!("/exercises/{exercise}")).await;
        path.strip_prefix("/attempts/")
            .unwrap_or_else(|| panic!("not on an attempt page: {path}"))
            .to_owned()
    }
    async fn no_injected_code_ran(&self, page: &str) {
        let v = self
            .js(
                "return { xss: window.__xss === undefined ? null : String(window.__xss), \
                 inline: Array.from(document.scripts).filter(s => !s.src).length, \
                 imgs: document.querySelectorAll('img[src=\"x\"], [onerror]').length }",
            )
            .await;
        assert_eq!(
            v,
            json!({"xss": null, "inline": 0, "imgs": 0}),
            "injected markup became live DOM on {page}"
        );
    }
}

/// A verb in a path (an error at line 6) and three unbounded query strings (one warning rolled
/// up with its two other places, each message with `inline code`).
const WEAK: &str = "openapi: 3.0.3\ninfo:\n  title: Links <script>window.__xss='doc'</script>\n  version: '1'\npaths:\n  /getLinks:\n    get:\n      parameters:\n        - { name: q, in: query, schema: { type: string } }\n        - { name: tag, in: query, schema: { type: string } }\n        - { name: owner, in: query, schema: { type: string } }\n      responses:\n        '200':\n          description: all\n";

fn mmss(s: &str) -> i64 {
    let parts: Vec<i64> = s.trim().split(':').map(|p| p.parse().unwrap()).collect();
    parts.iter().fold(0, |acc, p| acc * 60 + p)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_candidate_practises_a_case_study_end_to_end() {
    let _one = ONE_AT_A_TIME.lock().await;
    let Some(b) = browser().await else { return };
    let app = spawn_app();

    b.go(&app, "/").await;
    assert!(b
        .js("return document.title")
        .await
        .as_str()
        .unwrap()
        .contains("apidojo"));
    b.shoot("landing").await;
    b.go(&app, "/exercises?kind=case-study").await;
    b.shoot("catalogue").await;
    // A guessable password is refused on the page with the reason, and what was typed stays.
    b.go(&app, "/signup").await;
    b.fill("Display name", "Cand").await;
    b.fill("Email", "cand@example.com").await;
    b.fill("Password", "password1234").await;
    b.press("Create my account").await;
    b.until(
        "the password's refusal",
        "return document.querySelector('main').textContent.includes('too easy to guess')",
    )
    .await;
    assert_eq!(b.path().await, "/signup");
    b.shoot("signup-guessable-password").await;
    b.sign_up(&app, XSS_NAME, "cand@example.com").await;
    assert!(
        b.text("header .who").await.contains("<img src=x"),
        "the display name is shown as text"
    );
    b.no_injected_code_ran("sign-up").await;

    // On a phone, Start is within reach, not after the whole prompt.
    b.go(&app, "/exercises/url-shortener").await;
    b.shoot("exercise").await;
    b.c.set_window_size(390, 844).await.unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    let start_top = b
        .js("return document.evaluate(\"//button[starts-with(normalize-space(.), 'Start the')]\", document, null, 9, null).singleNodeValue.getBoundingClientRect().top")
        .await;
    assert!(
        start_top.as_f64().unwrap() < 1200.0,
        "Start at {start_top}px on a phone"
    );
    b.c.set_window_size(1280, 800).await.unwrap();
    let attempt = b.start(&app, "url-shortener").await;
    // The countdown runs from the server's deadline.
    let first = mmss(&b.text("#clock").await);
    assert!((39 * 60..=40 * 60).contains(&first), "{first}");
    tokio::time::sleep(Duration::from_millis(2200)).await;
    let later = mmss(&b.text("#clock").await);
    assert!(later < first && later >= first - 4, "{first} -> {later}");

    // Typing is saved as a draft; a reload brings it back.
    let head = WEAK.trim_end().rsplit_once('\n').unwrap().0;
    b.replace_document(head).await;
    let editor = b.editor().await;
    editor.click().await.unwrap();
    let ctrl_end = format!("{}{}", char::from(Key::Control), char::from(Key::End));
    editor.send_keys(&ctrl_end).await.unwrap();
    // The last line typed key by key: Enter keeps the indentation of the line above.
    editor.send_keys("\n  description: all").await.unwrap();
    let typed = WEAK.trim_end();
    assert_eq!(b.document().await, typed, "typing lands in the document as typed");
    b.until(
        "the draft to be saved",
        "return document.getElementById('save-status').textContent.startsWith('Draft saved')",
    )
    .await;
    b.c.refresh().await.unwrap();
    assert_eq!(b.document().await, typed, "the draft survived the reload");
    assert!(b.text("#save-status").await.starts_with("Draft restored"));
    let reloaded = mmss(&b.text("#clock").await);
    assert!(
        reloaded <= later && reloaded >= later - 10,
        "the reload shows the same time: {later} -> {reloaded}"
    );

    // Regression: a draft over 64 KiB was sent with keepalive, which browsers refuse, and never
    // saved. A 100 KB draft saves and comes back after a reload.
    let big = format!("{WEAK}{}", "# a long design note, kept as a comment\n".repeat(2500));
    assert!(big.len() > 100_000);
    b.replace_document(&big).await;
    b.until(
        "the 100 KB draft to be saved",
        "return document.getElementById('save-status').textContent.startsWith('Draft saved')",
    )
    .await;
    b.c.refresh().await.unwrap();
    assert_eq!(
        b.document().await.len(),
        big.len(),
        "the 100 KB draft survived the reload"
    );
    b.replace_document(WEAK).await;
    b.until(
        "the draft to be saved again",
        "return document.getElementById('save-status').textContent.startsWith('Draft saved')",
    )
    .await;

    // A document that cannot be graded: the reason takes the report's place and its line is marked.
    b.replace_document("openapi: 3.0.3\ninfo: {title: t\npaths: {}\n").await;
    b.press("Check").await;
    b.until(
        "the reason it could not be graded",
        "return (document.querySelector('#report h2') || {}).textContent === 'Not graded'",
    )
    .await;
    assert!(b.text("#report .ungradable").await.contains("line"));
    b.until(
        "the line of the syntax error marked in the editor's gutter",
        "return document.querySelectorAll('.cm-gutter-lint .cm-lint-marker-error').length === 1",
    )
    .await;
    // The page's policy let the editor's own styles in (by their nonce), and the marker is drawn
    // by this site's style sheet, not by a data: image the policy would block.
    let drawn = b
        .js(
            "const m = getComputedStyle(document.querySelector('.cm-lint-marker-error')); \
             return { editor: getComputedStyle(document.querySelector('.cm-editor')).display, \
             content: m.content, background: m.backgroundColor }",
        )
        .await;
    assert_eq!(
        drawn,
        json!({"editor": "flex", "content": "normal", "background": "rgb(255, 129, 130)"}),
        "{drawn}"
    );
    b.shoot("attempt-ungradable").await;
    b.replace_document(WEAK).await;

    // Check grades without submitting.
    b.press("Check").await;
    b.until("the check report", "return !!document.querySelector('#report h2') && document.querySelector('#report h2').textContent.startsWith('Check')").await;
    assert_eq!(
        b.js("return document.getElementById('attempt').dataset.latest").await,
        json!("")
    );

    b.press("Submit").await;
    b.until(
        "the submitted report",
        "return (document.querySelector('#report h2') || {}).textContent === 'Submitted'",
    )
    .await;
    // Mid-attempt the model answer stays closed, however many submissions there are; the page
    // says how it opens (ending the attempt, or the deadline) before the candidate chooses.
    assert_eq!(
        b.js("return document.getElementById('model').hidden").await,
        json!(true)
    );
    assert!(b.text("#finish-note").await.contains("does not count as"));
    assert!(b
        .c
        .find(Locator::XPath(&button("End the attempt and show the model answer")))
        .await
        .is_ok());
    b.no_injected_code_ran("attempt report").await;
    b.shoot("attempt-report").await;

    // The findings are in the editor: the text of their lines underlined, a marker in the gutter.
    let underlined = b
        .js("return Array.from(document.querySelectorAll('.cm-lintRange')).map(e => e.textContent.trim())")
        .await;
    assert!(
        underlined.as_array().unwrap().contains(&json!("/getLinks:")),
        "line 6 is underlined: {underlined}"
    );
    // Clicking a finding selects its line in the editor, which gets the focus.
    let finding =
        b.c.find(Locator::XPath(
            "//button[contains(@class,'finding')][contains(., 'Line 6')]",
        ))
        .await
        .unwrap();
    finding.click().await.unwrap();
    let at = b
        .js("const e = window.apidojoEditor.active, s = e.view.state.selection.main; \
             return { from: s.from, to: s.to, line: e.currentLine(), focused: document.activeElement.classList.contains('cm-content') }")
        .await;
    let line6 = WEAK.lines().take(5).map(|l| l.len() + 1).sum::<usize>();
    assert_eq!(at["from"], json!(line6), "{at}");
    assert_eq!(at["to"], json!(line6 + "  /getLinks:".len()), "{at}");
    assert_eq!(at["line"], json!(6));
    assert_eq!(at["focused"], json!(true));

    // A rule's warnings are one finding that shows how many places and each of them; what
    // matters (the error) comes before them, and `inline code` reads as code.
    let panel = b
        .js("const f = document.querySelector('#report .findings'); \
             const rule = Array.from(f.querySelectorAll('div.rule')).find(function (r) { return r.querySelector('h4').textContent.startsWith('security/bounded-strings'); }); \
             return { heading: f.querySelector('h3').textContent, \
                      rule: rule.querySelector('h4').textContent, \
                      also: Array.from(rule.querySelectorAll('ul.also-at button.finding')).map(function (x) { return x.textContent; }), \
                      note: (rule.querySelector('.also-at-note') || {}).textContent, \
                      first: f.querySelector('button.finding').className, \
                      groups: Array.from(f.querySelectorAll('details.sev-group > summary')).map(function (x) { return x.textContent.split(' (')[0]; }), \
                      code: f.querySelectorAll('button.finding code').length, \
                      backticks: f.textContent.indexOf('`') }")
        .await;
    assert!(panel["heading"].as_str().unwrap().contains("places"), "{panel}");
    assert_eq!(panel["rule"], json!("security/bounded-strings · 3 places"), "{panel}");
    assert_eq!(panel["note"], json!("The same at 2 more places:"), "{panel}");
    assert_eq!(
        panel["also"],
        json!([
            "Line 10 parameter tag is a string with no maxLength",
            "Line 11 parameter owner is a string with no maxLength"
        ]),
        "{panel}"
    );
    assert!(panel["first"].as_str().unwrap().contains("sev-error"), "{panel}");
    assert_eq!(
        panel["groups"],
        json!(["Errors", "Warnings", "Polish notes"]),
        "{panel}"
    );
    assert!(panel["code"].as_u64().unwrap() >= 3, "{panel}");
    assert_eq!(panel["backticks"], json!(-1), "{panel}");
    // Every place of a rolled-up finding is marked in the editor, line 11 included.
    let underlined = b
        .js("return Array.from(document.querySelectorAll('.cm-lintRange-warning')).map(e => e.textContent)")
        .await;
    assert!(
        underlined
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t.as_str().unwrap().contains("name: owner")),
        "{underlined}"
    );
    b.js("document.querySelector('#report div.rule ul.also-at').scrollIntoView({ block: 'center' })")
        .await;
    b.shoot("attempt-findings").await;

    // Fix it, resubmit, and see what changed.
    b.replace_document(&WEAK.replace("/getLinks", "/links")).await;
    b.press("Submit").await;
    b.until("the diff", "return !document.getElementById('diff').hidden")
        .await;
    let fixed = b.text("#diff .diff-fixed h3").await;
    assert!(
        fixed.starts_with("Fixed (") && !fixed.starts_with("Fixed (0"),
        "{fixed}"
    );
    b.shoot("attempt-diff").await;

    // Past the deadline the page says so.
    app.deadline_in(&attempt, 120);
    b.c.refresh().await.unwrap();
    b.until(
        "the five-minute warning",
        "return document.getElementById('timer').classList.contains('warn')",
    )
    .await;
    assert_eq!(b.text("#timer-note").await, "less than 5 minutes left");
    assert_eq!(
        b.js("return document.getElementById('timer-alert').textContent").await,
        json!("Less than 5 minutes left.")
    );
    app.deadline_in(&attempt, -300);
    b.c.refresh().await.unwrap();
    assert!(b
        .text("#timer-note")
        .await
        .contains("Time is up: submissions are now marked late"));
    assert_eq!(b.text("#clock").await, "00:00");
    // Finished by its deadline: the model answer opens, and the button to end it is gone.
    b.until("the model answer", "return !document.getElementById('model').hidden")
        .await;
    assert!(b.text("#finish-note").await.starts_with("This attempt is finished"));
    assert!(b
        .c
        .find(Locator::XPath(&button("End the attempt and show the model answer")))
        .await
        .is_err());
    b.shoot("attempt-late").await;

    b.go(&app, "/progress").await;
    assert!(
        b.c.find(Locator::Css("svg.lines polyline")).await.is_ok(),
        "a chart of the scores"
    );
    // Its x axis says when: the days of the submissions.
    let now = chrono::Utc::now();
    let days = [now, now - chrono::Duration::days(1)].map(|d| d.format("%b %-d").to_string());
    let shown = b.text("svg.lines text.date").await;
    assert!(days.contains(&shown), "{shown} is not the day of the submissions");
    b.shoot("progress").await;

    // Log-out ends the session on the server: the old cookie is refused afterwards.
    let cookie =
        b.c.get_named_cookie("apidojo_session")
            .await
            .unwrap()
            .value()
            .to_owned();
    let http = reqwest::Client::new();
    let me = http
        .get(format!("{}/v1/me", app.base))
        .header("cookie", format!("apidojo_session={cookie}"))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    b.log_out().await;
    assert!(b.text("main").await.contains("You are logged out"));
    let me = http
        .get(format!("{}/v1/me", app.base))
        .header("cookie", format!("apidojo_session={cookie}"))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 401, "the old cookie no longer works");
    b.c.clone().close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mock_starts_from_its_starter_and_a_checklist_is_answered() {
    let _one = ONE_AT_A_TIME.lock().await;
    let Some(b) = browser().await else { return };
    let app = spawn_app();
    b.sign_up(&app, "Mo", "mo@example.com").await;

    b.start(&app, "add-pagination").await;
    let starter = apidojo::catalog::Catalog::builtin();
    let ex = starter.exercise("add-pagination").unwrap();
    let expected = starter.document(ex.starter.as_deref().unwrap()).unwrap();
    assert_eq!(b.document().await, expected);
    b.shoot("attempt-mock").await;

    // Regression: Tab on a multi-line selection deleted the selection, and undo did not bring it
    // back. Tab indents every selected line, Shift+Tab takes it back out, and undo restores.
    let editor = b.editor().await;
    editor.click().await.unwrap();
    let keys = |ks: &[Key]| ks.iter().map(|k| char::from(*k)).collect::<String>();
    editor
        .send_keys(&keys(&[Key::Control, Key::Home, Key::Null]))
        .await
        .unwrap();
    editor
        .send_keys(&keys(&[Key::Shift, Key::Down, Key::Down, Key::Down, Key::Null]))
        .await
        .unwrap();
    editor.send_keys(&keys(&[Key::Tab])).await.unwrap();
    let indented: String = expected
        .lines()
        .enumerate()
        .map(|(i, l)| if i < 3 { format!("  {l}\n") } else { format!("{l}\n") })
        .collect();
    // The selection ends at the start of line 4, so lines 1 to 3 are the ones selected.
    assert_eq!(b.document().await, indented, "Tab indents lines 1 to 3");
    editor
        .send_keys(&keys(&[Key::Shift, Key::Tab, Key::Null]))
        .await
        .unwrap();
    assert_eq!(b.document().await, expected, "Shift+Tab takes the indent back out");
    editor.send_keys(&keys(&[Key::Tab])).await.unwrap();
    editor
        .send_keys(&format!("{}z{}", char::from(Key::Control), char::from(Key::Null)))
        .await
        .unwrap();
    assert_eq!(b.document().await, expected, "undo restores the document");
    // Search opens where the candidate is and Esc closes it; then Esc and Tab leave the editor.
    editor
        .send_keys(&format!("{}f{}", char::from(Key::Control), char::from(Key::Null)))
        .await
        .unwrap();
    b.until("the search panel", "return !!document.querySelector('.cm-search')")
        .await;
    let esc = char::from(Key::Escape).to_string();
    b.c.active_element().await.unwrap().send_keys(&esc).await.unwrap();
    b.until(
        "the search panel to close and the editor to have the focus",
        "return !document.querySelector('.cm-search') && document.activeElement.classList.contains('cm-content')",
    )
    .await;
    let active = b.c.active_element().await.unwrap();
    active.send_keys(&esc).await.unwrap();
    active.send_keys(&char::from(Key::Tab).to_string()).await.unwrap();
    assert_eq!(
        b.js("return document.activeElement.classList.contains('cm-content')")
            .await,
        json!(false),
        "Esc then Tab moves the focus out of the editor"
    );

    b.start(&app, "api-versioning").await;
    let form = b.c.find(Locator::Css("form#checklist")).await.unwrap();
    // Single choice, multi-select and ordering, each by its label.
    b.c.find(Locator::XPath("//label[contains(., 'In the URL path')]/input"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    for text in [
        "Renaming a response field",
        "Making a previously optional",
        "Changing a field's type",
        "Removing a value from an enum",
    ] {
        b.c.find(Locator::XPath(&format!("//label[contains(., \"{text}\")]/input")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }
    let order = form
        .find(Locator::Css("fieldset[data-item='expand-contract']"))
        .await
        .unwrap();
    for (i, v) in ["a", "b", "c", "d"].iter().enumerate() {
        order
            .find(Locator::XPath(&format!(
                ".//label[contains(., 'Position {}')]/select",
                i + 1
            )))
            .await
            .unwrap()
            .select_by_value(v)
            .await
            .unwrap();
    }
    // Regression: answers given were lost on a reload. They are kept as a draft.
    b.until(
        "the answers to be saved",
        "return document.getElementById('status').textContent.startsWith('Answers saved')",
    )
    .await;
    b.c.refresh().await.unwrap();
    b.until(
        "the answers back after a reload",
        "return document.querySelectorAll('#checklist input:checked').length === 5 && \
         document.querySelector(\"fieldset[data-item='expand-contract'] select\").value === 'a'",
    )
    .await;
    // One wrong pick on the fourth item; the fifth is left blank.
    b.c.find(Locator::XPath("//label[contains(., 'Start returning 500')]/input"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.press("Submit answers").await;
    b.until("the result", "return !document.getElementById('report').hidden")
        .await;
    let verdicts = b
        .js("return Array.from(document.querySelectorAll('.item-result .verdict')).map(v => v.textContent)")
        .await;
    let verdicts: Vec<&str> = verdicts
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(&verdicts[..3], ["Correct", "Correct", "Correct"], "{verdicts:?}");
    // A wrong answer is told the right options in their words; a blank one is said to be blank.
    assert_eq!(verdicts[3], "Not right", "{verdicts:?}");
    assert_eq!(verdicts[4], "Not answered", "{verdicts:?}");
    let expected = b.text("fieldset:nth-of-type(4) .expected").await;
    assert!(
        expected.starts_with("The right answers: `deprecated: true`"),
        "{expected}"
    );
    assert!(b.c.find(Locator::Css(".item-result .explanation")).await.is_ok());
    b.shoot("checklist").await;
    // A reload shows the graded answers again.
    b.c.refresh().await.unwrap();
    b.until(
        "the result after a reload",
        "return !document.getElementById('report').hidden",
    )
    .await;
    let checked = b
        .js("return Array.from(document.querySelectorAll('#checklist input:checked')).length")
        .await;
    assert_eq!(
        checked,
        json!(6),
        "one single choice, four multi-select picks and one more"
    );
    b.c.clone().close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coach_reviews_with_a_line_comment_and_an_override() {
    let _one = ONE_AT_A_TIME.lock().await;
    let Some(b) = browser().await else { return };
    let app = spawn_app();

    b.sign_up(&app, "Coach Carla", "coach@example.com").await;
    app.set_role("coach@example.com", Role::Coach);
    b.go(&app, "/cohorts").await;
    b.fill("Name", "Spring <b>cohort</b>").await;
    b.press("Create cohort").await;
    b.until("the join link", "return !!document.querySelector('a.join-link')")
        .await;
    let join = b
        .js("return document.querySelector('a.join-link').href")
        .await
        .as_str()
        .unwrap()
        .to_owned();
    b.log_out().await;

    // The join link, opened without an account: log in or sign up, then back to the link.
    b.c.goto(&join).await.unwrap();
    assert_eq!(b.path().await, "/login");
    b.c.find(Locator::XPath("//main//a[normalize-space(.)='Sign up']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.fill("Display name", XSS_NAME).await;
    b.fill("Email", "cand@example.com").await;
    b.fill("Password", PASSWORD).await;
    b.press("Create my account").await;
    assert_eq!(
        b.left("/signup").await,
        "/join",
        "back to the join link after signing up"
    );
    b.press("Join the cohort").await;
    b.until("the cohort list", "return location.pathname === '/cohorts'")
        .await;
    assert!(b.text("main").await.contains("Spring <b>cohort</b>"));
    b.start(&app, "url-shortener").await;
    b.replace_document(WEAK).await;
    b.press("Submit").await;
    b.until(
        "the report",
        "return (document.querySelector('#report h2') || {}).textContent === 'Submitted'",
    )
    .await;
    let attempt_url = b.c.current_url().await.unwrap();
    b.log_out().await;

    b.log_in(&app, "coach@example.com").await;
    b.go(&app, "/cohorts").await;
    b.c.find(Locator::LinkText("Spring <b>cohort</b>"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let queue = b.text("table[aria-label='Attempts to review']").await;
    assert!(queue.contains("<img src=x") && queue.contains("waiting"), "{queue}");
    b.no_injected_code_ran("cohort").await;
    b.shoot("cohort").await;
    // On a phone the queue's way to a review is on the screen: the candidate's name opens it.
    b.c.set_window_size(390, 844).await.unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    let reachable = b
        .js(
            "const a = document.querySelector('table.grid tbody tr td:first-child a[href^=\"/review/\"]'); \
             return !!a && a.getBoundingClientRect().right <= window.innerWidth",
        )
        .await;
    assert_eq!(reachable, json!(true), "no review link on the screen of a phone");
    b.c.set_window_size(1280, 800).await.unwrap();
    b.c.find(Locator::LinkText("Review"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.no_injected_code_ran("review page").await;
    b.fill(
        "Comment (Markdown)",
        "Solid start, **well named**. <img src=x onerror=\"window.__xss='comment'\">",
    )
    .await;
    b.c.find(Locator::Css("ol.doc li#L6"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.fill("Comment on that line", "Name the collection with a plural noun")
        .await;
    b.fill("naming score", "75").await;
    b.fill("Reason for naming", "Discussed the naming in the interview")
        .await;
    b.press("Save review").await;
    b.until("the saved review", "return !!document.querySelector('.review-entry')")
        .await;
    b.no_injected_code_ran("saved review").await;
    assert!(b.text("#L6").await.contains("Name the collection with a plural noun"));
    // Each place of a rolled-up finding is shown at its line, its `inline code` as code.
    let inline = b
        .js(
            "return [9, 10, 11].map(function (n) { const l = document.getElementById('L' + n); \
             return [l.querySelectorAll('.inline-finding code').length >= 2, l.textContent.indexOf('`')]; })",
        )
        .await;
    assert_eq!(inline, json!([[true, -1], [true, -1], [true, -1]]), "{inline}");
    let audit = b.text("ol.audit").await;
    assert!(audit.contains("Coach Carla overrode naming"), "{audit}");
    b.shoot("review").await;
    // Regression: a long line wrapped under the line numbers. The code has its own column and
    // wraps inside it, however long a line is.
    let layout = b
        .js(
            "const li = document.querySelector('ol.doc li'); const code = li.querySelector('code'); \
             code.textContent = 'x'.repeat(400); \
             const ln = li.querySelector('.ln').getBoundingClientRect(); const c = code.getBoundingClientRect(); \
             const ol = document.querySelector('ol.doc').getBoundingClientRect(); \
             return { rightOfNumbers: c.left >= ln.right, inside: c.right <= ol.right + 1, wrapped: c.height > 45 }",
        )
        .await;
    assert_eq!(
        layout,
        json!({"rightOfNumbers": true, "inside": true, "wrapped": true}),
        "{layout}"
    );
    b.c.refresh().await.unwrap();
    // The coach gives the candidate more time, with a reason.
    b.fill("Minutes to add", "15").await;
    b.fill("Reason for the extension", "Lost ten minutes to a network outage")
        .await;
    b.press("Extend").await;
    b.until(
        "the extension in the audit trail",
        "return document.querySelector('ol.audit') && document.querySelector('ol.audit').textContent.includes('extended the deadline')",
    )
    .await;
    b.log_out().await;

    b.log_in(&app, "cand@example.com").await;
    b.c.goto(attempt_url.as_str()).await.unwrap();
    b.until("the coach's review", "return !document.getElementById('review').hidden")
        .await;
    let review = b.text("#review").await;
    // The coach's Markdown is rendered for the candidate too, and the raw HTML in it is gone.
    assert!(review.contains("Solid start, well named."), "{review}");
    assert_eq!(b.text("#review .comment strong").await, "well named");
    assert_eq!(
        b.js("return document.querySelectorAll('#review img').length").await,
        json!(0)
    );
    assert!(
        review.contains("Line 6 Name the collection with a plural noun"),
        "{review}"
    );
    assert!(review.contains("naming: 75"), "{review}");
    let report = b.text("#report").await;
    assert!(report.contains("Effective score after your coach's review"), "{report}");
    assert!(
        report.contains("set by your coach; the grader gave"),
        "the override shows in the bars: {report}"
    );
    b.no_injected_code_ran("candidate review").await;
    b.c.find(Locator::XPath("//button[contains(@class,'line-comment-link')]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(b.js("return window.apidojoEditor.active.currentLine()").await, json!(6));
    // The comment is marked on its line, in the editor's gutter, and reads on hover.
    let marker = b
        .js("return Array.from(document.querySelectorAll('.cm-comment-marker')).map(e => e.title)")
        .await;
    assert_eq!(
        marker,
        json!(["Coach: Name the collection with a plural noun"]),
        "{marker}"
    );
    // The clock says the deadline was extended, not "55:00 left of 40 min".
    let note = b.text("#timer-note").await;
    assert!(note.starts_with("left of 40 min + 15 min extension"), "{note}");
    b.shoot("attempt-reviewed").await;
    // The list of attempts shows the same effective score.
    let effective = report
        .split("Effective score after your coach's review: ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap()
        .to_owned();
    b.go(&app, "/attempts").await;
    let row = b.text("table.grid tbody tr").await;
    assert!(row.ends_with(&format!("1 {effective}")), "{row}");
    b.shoot("attempts").await;
    // On a phone the score is on the screen, not behind a sideways scroll.
    b.c.set_window_size(390, 844).await.unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    let fits = b
        .js("return document.querySelector('table.grid tbody tr td:last-child').getBoundingClientRect().right <= window.innerWidth")
        .await;
    assert_eq!(fits, json!(true), "the score column is off-screen on a phone");
    b.c.set_window_size(1280, 800).await.unwrap();

    // Regression: a resubmission hid the coach's review of the earlier submission. Every review
    // stays, under the submission it is about, and the history reopens an earlier report.
    b.c.goto(attempt_url.as_str()).await.unwrap();
    b.until("the history", "return !document.getElementById('history').hidden")
        .await;
    b.press("Submit").await;
    b.until(
        "the second submission in the history",
        "return document.querySelectorAll('#history button.history-entry').length === 2",
    )
    .await;
    b.until(
        "the first review still there",
        "return document.getElementById('review').textContent.includes('Submission 1')",
    )
    .await;
    assert!(b.text("#review").await.contains("Solid start, well named."));
    b.c.find(Locator::XPath(
        "//section[@id='history']//button[starts-with(normalize-space(.), 'Submission 1 ')]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    b.until(
        "the first submission's report",
        "return (document.querySelector('#report h2') || {}).textContent === 'Submission 1'",
    )
    .await;
    b.shoot("attempt-history").await;
    b.log_out().await;

    // An admin changes roles on the roles page.
    app.set_role("coach@example.com", Role::Admin);
    b.log_in(&app, "coach@example.com").await;
    b.go(&app, "/admin/users").await;
    let row =
        b.c.find(Locator::XPath("//tr[td[contains(., 'cand@example.com')]]"))
            .await
            .unwrap();
    row.find(Locator::XPath(
        ".//label[contains(., 'Role of cand@example.com')]/select",
    ))
    .await
    .unwrap()
    .select_by_value("coach")
    .await
    .unwrap();
    row.find(Locator::XPath(".//button[normalize-space(.)='Save']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let started = Instant::now();
    loop {
        let u = apidojo::db::users::User::find_by_email(&mut app.conn(), "cand@example.com")
            .unwrap()
            .unwrap();
        if u.role() == Role::Coach {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "the role did not change");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    b.no_injected_code_ran("roles page").await;
    b.shoot("admin-roles").await;
    b.c.clone().close().await.unwrap();
}

/// The drill page, by the keyboard alone: five questions of a newcomer's queue, flashcards
/// revealed with Space and rated with 3, questions with options answered by their letters and
/// checked with Space; every answer right, every review logged as good.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_candidate_drills_five_questions_with_the_keyboard() {
    let _one = ONE_AT_A_TIME.lock().await;
    let Some(b) = browser().await else { return };
    let app = spawn_app();
    b.sign_up(&app, "Dee", "dee@example.com").await;
    b.go(&app, "/drills").await;
    b.until(
        "the first question",
        "return !!document.querySelector('#drill:not([hidden])[data-question-id]')",
    )
    .await;
    b.shoot("drills").await;
    let catalog = apidojo::catalog::Catalog::builtin();
    let body = b.c.find(Locator::Css("body")).await.unwrap();
    let mut drilled = Vec::new();
    for n in 0..5 {
        let id = b.js("return document.getElementById('drill').dataset.questionId").await;
        let id = id.as_str().unwrap().to_owned();
        let q = catalog
            .questions()
            .get(&id)
            .unwrap_or_else(|| panic!("{id} is not in the bank"));
        assert!(!drilled.contains(&id), "{id} came twice");
        if q.kind == apidojo::catalog::QuestionKind::Flashcard {
            body.send_keys(" ").await.unwrap();
            b.until("the model answer", "return !document.getElementById('rate').hidden")
                .await;
            let shown = b.text("#q-answer").await;
            let first_words: String = q.answer_text().split_whitespace().take(4).collect::<Vec<_>>().join(" ");
            assert!(
                shown.contains(&first_words.replace('`', "")),
                "{shown:?} lacks {first_words:?}"
            );
            if n == 0 {
                b.shoot("drills-revealed").await;
            }
            body.send_keys("3").await.unwrap();
        } else {
            let letters: String = q
                .answer_ids()
                .iter()
                .map(|a| {
                    let i = q.options.iter().position(|o| o.id == *a).unwrap();
                    char::from(b'a' + i as u8)
                })
                .collect();
            body.send_keys(&letters).await.unwrap();
            body.send_keys(" ").await.unwrap();
            b.until("the verdict", "return !document.getElementById('next').hidden")
                .await;
            assert_eq!(b.text("#q-verdict").await, "Right.", "{id}: keys {letters}");
            body.send_keys(" ").await.unwrap();
        }
        b.until(
            "the next question",
            &format!("return document.getElementById('drill').dataset.questionId !== '{id}'"),
        )
        .await;
        drilled.push(id);
    }
    // Five reviews in the log, each good, for the five questions shown.
    let logged: Vec<(String, i32)> = {
        use apidojo::db::schema::drill_reviews::dsl;
        use diesel::prelude::*;
        dsl::drill_reviews
            .order(dsl::reviewed_at.asc())
            .select((dsl::question_id, dsl::rating))
            .load(&mut app.conn())
            .unwrap()
    };
    assert_eq!(logged.iter().map(|l| l.0.clone()).collect::<Vec<_>>(), drilled);
    assert!(logged.iter().all(|l| l.1 == 3), "{logged:?}");
    // The page counts them, and the progress page shows the part's reviews.
    b.go(&app, "/drills").await;
    assert!(b.text("#drill-summary").await.contains("5 reviewed today"));
    b.go(&app, "/progress").await;
    let table = b.text("table.parts").await;
    assert!(table.contains("Foundations"), "{table}");
    b.shoot("progress-drills").await;
    b.c.clone().close().await.unwrap();
}

/// A real-time case study: the API and its event document in two editor tabs, both kept as a
/// draft across a reload, submitted together, and each document's findings shown in its own
/// editor, reached from the report.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_candidate_writes_the_api_and_its_events_in_two_tabs() {
    let _one = ONE_AT_A_TIME.lock().await;
    let Some(b) = browser().await else { return };
    let app = spawn_app();
    let weak_events =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events/weak.yaml"))
            .unwrap();
    b.sign_up(&app, "Tess", "tess@example.com").await;
    b.start(&app, "chat-messenger").await;
    let selected = "return [...document.querySelectorAll('[role=tab]')].map(t => t.textContent.trim().split(/\\s+/)[0] + '=' + t.getAttribute('aria-selected'))";
    assert_eq!(b.js(selected).await, json!(["API=true", "Events=false"]));
    b.editor().await;
    b.replace_document(WEAK).await;

    // The second tab, by the keyboard: the arrow moves to it and shows its editor.
    b.c.find(Locator::Css("#tab-api"))
        .await
        .unwrap()
        .send_keys(&Key::Right.to_string())
        .await
        .unwrap();
    assert_eq!(b.js(selected).await, json!(["API=false", "Events=true"]));
    assert_eq!(
        b.js("return document.getElementById('pane-events').hidden").await,
        json!(false)
    );
    b.c.find(Locator::XPath(
        "//*[@role='textbox'][@aria-label='Your event document'][@contenteditable='true']",
    ))
    .await
    .expect("the event editor is on the page");
    b.replace_document(&weak_events).await;
    b.until(
        "the draft to be saved",
        "return document.getElementById('save-status').textContent.startsWith('Draft saved')",
    )
    .await;

    // Both documents come back after a reload.
    b.c.refresh().await.unwrap();
    b.until(
        "the editor",
        "return !!(window.apidojoEditor && window.apidojoEditor.active)",
    )
    .await;
    assert_eq!(b.document().await, WEAK, "the API tab is shown first, with its draft");
    b.press_tab("Events").await;
    assert_eq!(b.document().await, weak_events);

    // An event document that cannot be read: Check says why, in the events tab, at its line,
    // even when the API tab is the one shown.
    b.replace_document("asyncapi: 3.0.0\nchannels: [\n").await;
    b.press_tab("API").await;
    b.press("Check").await;
    b.until(
        "the reason it was not graded",
        "return (document.querySelector('#report h2') || {}).textContent === 'Not graded'",
    )
    .await;
    assert_eq!(b.js(selected).await, json!(["API=false", "Events=true"]));
    let reason = b.text("#report .ungradable").await;
    assert!(reason.starts_with("the event document could not be graded"), "{reason}");
    let go = b.text("#report button.finding").await;
    assert!(go.starts_with("Go to events, line "), "{go}");
    b.replace_document(&weak_events).await;

    b.press("Submit").await;
    b.until(
        "the report",
        "return (document.querySelector('#report h2') || {}).textContent === 'Submitted'",
    )
    .await;
    // Each document's findings, counted on its tab and marked in its own editor.
    let counts = b
        .js("return ['api', 'events'].map(d => Number(document.getElementById('count-' + d).textContent))")
        .await;
    assert!(
        counts[0].as_i64().unwrap() > 0 && counts[1].as_i64().unwrap() > 0,
        "{counts}"
    );
    let event_finding = b
        .js("const f = document.querySelector('#report .finding[data-document=events]'); return f ? [f.textContent, Number(f.dataset.line)] : null")
        .await;
    assert!(
        event_finding[0].as_str().unwrap().starts_with("Events, line "),
        "{event_finding}"
    );
    b.press_tab("API").await;
    b.until(
        "the API editor's marks",
        "return document.querySelectorAll('#pane-api .cm-lint-marker').length > 0",
    )
    .await;
    // A finding in the event document, clicked in the report, opens its tab at its line.
    b.c.find(Locator::Css("#report .finding[data-document=events]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(b.js(selected).await, json!(["API=false", "Events=true"]));
    assert_eq!(
        b.js("return window.apidojoEditor.active.currentLine()").await,
        event_finding[1]
    );
    b.until(
        "the event editor's marks",
        "return document.querySelectorAll('#pane-events .cm-lint-marker').length > 0",
    )
    .await;
    let status = b.text("#status").await;
    assert!(status.starts_with("Events, line "), "{status}");
    b.no_injected_code_ran("the two-document attempt").await;
    b.shoot("attempt-two-documents").await;
    b.c.clone().close().await.unwrap();
}
