//! The HTML report of `reprint spread --html`, rendered in a real browser:
//! Debian's headless chromium runs the page's script, and the assertions
//! are on the DOM it rendered (`--dump-dom`), not only on the HTML string.
//! Clicks and typing are script appended to a copy of the page, run after
//! the page's own. Screenshots of the fixture's report, as it opens and
//! with a comparison open, are left in the target folder
//! (`target/tmp/report-fixture.png`, `report-fixture-compare.png`) for
//! people to look at.
//!
//! Without chromium the tests print a note and pass, except under CI
//! (`CI` set), where `.ci/run` installs it and its absence is a failure.

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

use crate::common::*;

const CHROMIUM: &str = "/usr/bin/chromium";

/// The browser, or `None` (with a note) when it is missing outside CI.
fn chromium() -> Option<PathBuf> {
    let path = Path::new(CHROMIUM);
    if path.exists() {
        return Some(path.to_path_buf());
    }
    if std::env::var_os("CI").is_some() {
        panic!("{CHROMIUM} is missing; CI must install chromium (see .ci/run)");
    }
    eprintln!(
        "note: skipping the browser test: {CHROMIUM} not found \
         (apt-get install chromium to run it)"
    );
    None
}

/// Run headless chromium on `page` (a file, plus `#fragment`) with `args`;
/// its stdout.
fn browse(browser: &Path, page: &Path, fragment: &str, args: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}{fragment}", page.display());
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .timeout(Duration::from_secs(120))
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "chromium failed ({:?}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("DOM is UTF-8")
}

/// The DOM after the page's script ran.
fn dump_dom(browser: &Path, page: &Path, fragment: &str) -> String {
    browse(browser, page, fragment, &["--dump-dom"])
}

/// Write the spread report of `input` (a file) into `dir`.
fn report_of(input: &Path, dir: &Path, extra: &[&str]) -> PathBuf {
    let html = dir.join("report.html");
    run_ok(
        reprint()
            .args(["spread", "-q", "--html"])
            .arg(&html)
            .args(extra)
            .arg(input),
    );
    html
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// A copy of the report `html` with `script` run after the page's own (as
/// a user's clicks and typing would come after the page has loaded).
fn with_script(html: &Path, name: &str, script: &str) -> PathBuf {
    let page = std::fs::read_to_string(html).unwrap();
    let at = page.rfind("</body>").expect("</body>");
    let copy = html.with_file_name(name);
    std::fs::write(
        &copy,
        format!(
            "{}<script>\n{script}\n</script>\n{}",
            &page[..at],
            &page[at..]
        ),
    )
    .unwrap();
    copy
}

/// The rendered timeline row of `member` (up to the next row).
fn row<'d>(dom: &'d str, member: &str) -> &'d str {
    let at = dom
        .find(&format!("data-member=\"{member}\""))
        .unwrap_or_else(|| panic!("no row for {member}"));
    let rest = &dom[at..];
    let end = rest[1..]
        .find("<div class=\"row ")
        .map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

/// Take a screenshot of `page` into the test target folder; its path.
fn screenshot(browser: &Path, page: &Path, name: &str) -> PathBuf {
    let png = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_file(&png);
    browse(
        browser,
        page,
        "",
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1280,2000",
        ],
    );
    let bytes = std::fs::read(&png).expect("screenshot written");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(bytes.len() > 20_000, "a blank page is smaller");
    png
}

#[test]
fn fixture_report_renders_groups_charts_and_passages() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let html = report_of(&fixture("news.jsonl"), dir.path(), &[]);
    let source = std::fs::read_to_string(&html).unwrap();
    // Self-contained: nothing is fetched.
    for fetch in ["<link", "<script src", "<img", "@import", "url("] {
        assert!(!source.contains(fetch), "report fetches with {fetch}");
    }

    let dom = dump_dom(&browser, &html, "");
    // The script rendered every group (6, one page) with a timeline row
    // per member and the related record.
    assert_eq!(count(&dom, "<article class=\"group\""), 6, "{dom}");
    assert_eq!(count(&dom, "<div class=\"row "), 22);
    assert!(dom.contains("Groups 1–6 of 6"));
    for chart in [
        "chart-sizes",
        "chart-outlets",
        "chart-lags",
        "chart-network",
    ] {
        assert!(dom.contains(&format!("<svg id=\"{chart}\"")), "{chart}");
    }
    // Content computed in Rust, shown by the script.
    assert!(dom.contains("paragraphs 1-3 of its 8"));
    assert!(dom.contains("paragraphs 4-6 of its 8"));
    assert!(dom.contains("new headline: “Eastern suburbs finally win their long fight"));
    assert!(dom.contains("earliest date shared with transit-coastline-reprint"));
    // Coverage bars: one segment per paragraph of the origin, as wide as
    // its words, filled when printed; the truncated copy printed the first
    // 3 of 8.
    let truncated = row(&dom, "flood-ledger-truncated");
    assert_eq!(
        count(truncated, "<span class=\"on\" style=\"flex-grow: "),
        3,
        "{truncated}"
    );
    assert_eq!(
        count(truncated, "<span style=\"flex-grow: "),
        5,
        "{truncated}"
    );
    assert!(truncated.contains("<span class=\"on\" style=\"flex-grow: 45;\"></span>"));
    assert!(truncated.contains("<span class=\"pct\">39%</span>"));
    let full = row(&dom, "flood-harbour-reprint");
    assert_eq!(count(full, "<span class=\"on\" style=\"flex-grow: "), 8);
    // The timeline: the origin at the start, the last copy at the end.
    assert!(row(&dom, "flood-orig").contains("style=\"left: 0%;\""));
    assert!(truncated.contains("style=\"left: 100%;\""));
    assert!(row(&dom, "transit-harbour-reprint").contains("no usable date"));
    // No comparison is open until asked for.
    assert_eq!(count(&dom, "<mark"), 0);

    // A screenshot for people (and a check that the page paints).
    screenshot(&browser, &html, "report-fixture.png");

    // A click on a row opens it beside the origin, passages highlighted.
    let clicked = with_script(
        &html,
        "clicked.html",
        "document.querySelector('.row[data-member=\"flood-ledger-truncated\"]').click();",
    );
    let dom = dump_dom(&browser, &clicked, "");
    assert_eq!(count(&dom, "<div class=\"compare\" hidden"), 5, "one open");
    assert!(
        dom.contains("<div class=\"compare\" data-k=\"3\">"),
        "{dom}"
    );
    assert!(
        dom.contains("<h3>Origin: Tessel Valley Courier</h3>"),
        "{dom}"
    );
    assert!(dom.contains("<h3>Reprint: Riverside Ledger</h3>"));
    assert!(dom.contains("1 shared passage: 39% of the origin printed"));
    assert_eq!(count(&dom, "<mark class=\"p0\" data-p=\"0\">"), 2);
    assert!(dom.contains("<div class=\"row reprint open\""));
    screenshot(&browser, &clicked, "report-fixture-compare.png");

    // The related record: the passage it quotes, beside the quoted member.
    let clicked = with_script(
        &html,
        "related.html",
        "document.querySelector('.row[data-member=\"takeover-midland-analysis\"]').click();",
    );
    let dom = dump_dom(&browser, &clicked, "");
    assert!(
        dom.contains("<h3>Quoting: Midland Evening Post</h3>"),
        "{dom}"
    );
    assert!(dom.contains("<mark class=\"p0\" data-p=\"0\">The Kestrel Rovers Supporters"));

    // Opened from the address, as a link to a comparison.
    let dom = dump_dom(
        &browser,
        &html,
        "#group=1fbea228cdb35643&member=recall-midland-excerpt",
    );
    assert!(
        dom.contains("<h3>Origin: Ashworth Business Journal</h3>"),
        "{dom}"
    );
    assert!(dom.contains("<h3>Reprint: Midland Evening Post</h3>"));
    assert!(dom.contains("1 shared passage: 36% of the origin printed"));
    let marks = count(&dom, "<mark class=\"p0\" data-p=\"0\">");
    assert_eq!(marks, 2, "one passage, marked on both sides");
    assert!(
        dom.contains("<mark class=\"p0\" data-p=\"0\">The company said it had received 47 reports")
    );

    // The filter box.
    let filtered = with_script(
        &html,
        "filtered.html",
        "var f = document.getElementById('filter'); f.value = 'Velantis'; \
         f.dispatchEvent(new Event('input'));",
    );
    let dom = dump_dom(&browser, &filtered, "");
    assert_eq!(count(&dom, "<article class=\"group\""), 1, "{dom}");
    assert!(dom.contains("Groups 1–1 of 1 (filtered from 6)"));
}

#[test]
fn related_dots_paragraph_widths_and_the_outlet_network() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cases.jsonl");
    std::fs::write(&input, spread_cases()).unwrap();
    let html = report_of(&input, dir.path(), &[]);
    let dom = dump_dom(&browser, &html, "");

    // Related records have their dot on the timeline: the digest dated
    // before every member of s1 at its start, the analysis at its end.
    let digest = row(&dom, "d-digest");
    assert!(digest.contains("class=\"dot\""), "{digest}");
    assert!(digest.contains("style=\"left: 0%;\""), "{digest}");
    assert!(row(&dom, "r-analyst").contains("style=\"left: 100%;\""));
    // ... and the digest is not said to quote a story printed after it.
    assert!(digest.contains("dated before the group; shares text with Tessel Valley Courier"));
    assert!(digest.contains("<div class=\"note\">shares paragraph 4 of its 5</div>"));
    assert!(
        row(&dom, "r-analyst").contains("<div class=\"note\">quotes paragraph 2 of its 5</div>")
    );

    // The outlet network: one node per outlet with an edge, one arrow per
    // edge (Courier to Telegraph and to Herald, Herald to Wire; Solo
    // Gazette reprinting itself is no edge).
    let network = &dom[dom.find("<svg id=\"chart-network\"").unwrap()..];
    let network = &network[..network.find("</svg>").unwrap()];
    assert_eq!(count(network, "<circle"), 4, "{network}");
    assert_eq!(count(network, "<g class=\"edge\">"), 3, "{network}");
    assert!(network.contains("<title>Wire reprinted 1 story from Herald</title>"));
    assert!(!network.contains("Solo Gazette"));

    // Measured as drawn: s2b printed the first of five paragraphs, 200 of
    // 248 words, so most of its bar is filled (equal segments filled a
    // fifth). And a six-digit axis label is no wider than the chart's
    // margin allows for it (7px a digit), so it is not cut.
    let measured = with_script(
        &html,
        "measured.html",
        "var bar = document.querySelector('.row[data-member=\"s2b\"] .paras'); \
         var on = 0; bar.querySelectorAll('span.on').forEach(function (s) { \
           on += s.getBoundingClientRect().width; }); \
         document.body.dataset.onShare = (on / bar.getBoundingClientRect().width).toFixed(2); \
         var svg = document.getElementById('chart-lags'); \
         var t = document.createElementNS('http://www.w3.org/2000/svg', 'text'); \
         t.setAttribute('class', 'l'); t.textContent = '200000'; svg.appendChild(t); \
         var scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width; \
         document.body.dataset.labelWidth = (t.getBoundingClientRect().width / scale).toFixed(1);",
    );
    let dom = dump_dom(&browser, &measured, "");
    let attr = |name: &str| -> f64 {
        let at = dom
            .find(&format!("{name}=\""))
            .unwrap_or_else(|| panic!("{name}"));
        let v = &dom[at + name.len() + 2..];
        v[..v.find('"').unwrap()].parse().unwrap()
    };
    let share = attr("data-on-share");
    assert!((0.7..=0.85).contains(&share), "filled share {share}");
    let width = attr("data-label-width");
    assert!(width > 20.0 && width <= 6.0 * 7.0, "label width {width}");

    screenshot(&browser, &html, "report-cases.png");
}

#[test]
fn hostile_text_is_shown_not_run() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let story = "The harbour board voted on Tuesday to close the old ferry pier after \
        engineers found the pilings had rotted through in three places, and said \
        repairs would cost more than building a new pier further along the quay.";
    let title = "</script><img src=x onerror=alert(1)>";
    let source = "<b>Evil</b> & \"Co\"";
    let record = |id: &str, text: &str| {
        serde_json::json!({
            "id": id, "title": title, "source": source, "date": "2024-01-0".to_string() + &id[1..],
            "text": text,
        })
        .to_string()
    };
    let input = dir.path().join("hostile.jsonl");
    std::fs::write(
        &input,
        [
            record("r1", story),
            record(
                "r2",
                &format!("<script>alert(2)</script>\n\n{story}\n\n</script><svg onload=alert(3)>"),
            ),
        ]
        .join("\n"),
    )
    .unwrap();
    let html = report_of(&input, dir.path(), &["--min-shared", "5"]);
    let source_html = std::fs::read_to_string(&html).unwrap();
    assert_eq!(count(&source_html, "</script>"), 3, "data, texts, script");

    let dom = dump_dom(&browser, &html, "");
    assert_eq!(count(&dom, "<article class=\"group\""), 1, "{dom}");
    assert!(!dom.contains("<img"), "an element was injected: {dom}");
    assert!(!dom.contains("<b>Evil"), "{dom}");
    assert!(dom.contains("<h2>&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</h2>"));
    assert!(dom.contains("&lt;b&gt;Evil&lt;/b&gt; &amp; \"Co\""));

    // The texts, too, are text in the comparison.
    let gid = dom
        .split("<article class=\"group\" id=\"g-")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let dom = dump_dom(&browser, &html, &format!("#group={gid}&member=r2"));
    assert!(
        dom.contains("&lt;script&gt;alert(2)&lt;/script&gt;"),
        "{dom}"
    );
    assert!(!dom.contains("<svg onload"));
    assert_eq!(count(&dom, "<mark"), 2);
}

#[test]
fn large_reports_render_a_page_of_fifty() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    // 120 stories of made-up words, each printed twice.
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut word = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let syllables = [
            "ka", "lo", "mi", "ren", "tas", "vo", "qui", "dre", "shu", "pel",
        ];
        (0..3)
            .map(|k| syllables[((seed >> (8 * k)) % 10) as usize])
            .collect::<String>()
    };
    let mut lines = Vec::new();
    for s in 0..120 {
        let text: Vec<String> = (0..60).map(|_| word()).collect();
        let text = text.join(" ");
        for (copy, outlet) in ["Wire", "Echo"].iter().enumerate() {
            lines.push(
                serde_json::json!({
                    "id": format!("s{s}-{copy}"), "source": outlet,
                    "date": format!("2024-02-{:02}", 1 + copy), "title": format!("Story {s}"),
                    "text": text,
                })
                .to_string(),
            );
        }
    }
    let input = dir.path().join("many.jsonl");
    std::fs::write(&input, lines.join("\n")).unwrap();
    let html = report_of(&input, dir.path(), &[]);

    let dom = dump_dom(&browser, &html, "");
    assert_eq!(count(&dom, "<article class=\"group\""), 50);
    assert!(dom.contains("Groups 1–50 of 120"), "{dom}");
    assert!(dom.contains("Page 1 of 3"));
    let dom = dump_dom(&browser, &html, "#page=3");
    assert_eq!(count(&dom, "<article class=\"group\""), 20);
    assert!(dom.contains("Groups 101–120 of 120"));
    // The Next button.
    let next = with_script(
        &html,
        "next.html",
        "document.getElementById('next').click();",
    );
    let dom = dump_dom(&browser, &next, "");
    assert_eq!(count(&dom, "<article class=\"group\""), 50);
    assert!(dom.contains("Groups 51–100 of 120"), "{dom}");
    assert!(dom.contains("Page 2 of 3"));
}
