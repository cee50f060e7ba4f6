//! The report's charts as inline SVG, drawn here so the report needs no
//! script library and shows its summary even with scripts off.

use std::fmt::Write;

use super::escape::esc;

/// One bar: a label, a value, and the tooltip.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Label under (or beside) the bar.
    pub label: String,
    /// Height (or length).
    pub value: usize,
    /// Tooltip.
    pub tip: String,
}

const W: f64 = 420.0;
const H: f64 = 220.0;

/// About how wide `text` is drawn in the charts' 10px labels (digits are
/// 5.6 to 6.4px in the usual sans-serif faces, DejaVu Sans the widest;
/// 7 for safety), so a margin can hold the longest label instead of
/// cutting its first digits.
pub(super) fn label_width(text: &str) -> f64 {
    7.0 * text.chars().count() as f64
}

/// A column chart: one column per bar, labels underneath.
pub fn columns(id: &str, caption: &str, bars: &[Bar]) -> String {
    let mut s = String::new();
    let max = nice_max(bars.iter().map(|b| b.value).max().unwrap_or(0));
    // The axis labels end 4px left of the axis; the widest is `max`.
    let left = (label_width(&max.to_string()) + 8.0).max(34.0);
    let (right, top, bottom) = (8.0, 14.0, 30.0);
    let _ = write!(
        s,
        r#"<svg id="{id}" class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{}">"#,
        esc(caption)
    );
    axis(&mut s, left, top, W - right, H - bottom, max);
    let n = bars.len().max(1) as f64;
    let slot = (W - left - right) / n;
    let bw = (slot * 0.72).max(1.0);
    for (k, b) in bars.iter().enumerate() {
        let h = (H - top - bottom) * b.value as f64 / max as f64;
        let x = left + slot * k as f64 + (slot - bw) / 2.0;
        let y = H - bottom - h;
        let _ = write!(
            s,
            r#"<g class="bar"><title>{}</title><rect x="{x:.1}" y="{y:.1}" width="{bw:.1}" height="{h:.1}" rx="2"/>"#,
            esc(&b.tip)
        );
        if b.value > 0 {
            let _ = write!(
                s,
                r#"<text class="v" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                x + bw / 2.0,
                y - 3.0,
                b.value
            );
        }
        let _ = write!(
            s,
            r#"<text class="l" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text></g>"#,
            x + bw / 2.0,
            H - bottom + 14.0,
            esc(&b.label)
        );
    }
    s.push_str("</svg>");
    s
}

/// A bar chart with horizontal bars, labels at the left; each bar may be
/// split in two parts (`value` dark, `extra` light), labelled `value +
/// extra` (bars are ranked by `value`, so a total would read out of order).
pub fn rows(id: &str, caption: &str, bars: &[(Bar, usize)], legend: [&str; 2]) -> String {
    let mut s = String::new();
    let row = 19.0;
    let value_label = |b: &Bar, extra: usize| {
        if extra > 0 {
            format!("{} + {extra}", b.value)
        } else {
            b.value.to_string()
        }
    };
    // Room right of the longest bar for the widest value label.
    let right = bars
        .iter()
        .map(|(b, e)| label_width(&value_label(b, *e)) + 8.0)
        .fold(52.0, f64::max);
    let (left, top) = (150.0, 22.0);
    let height = top + row * bars.len().max(1) as f64 + 6.0;
    let max = nice_max(bars.iter().map(|(b, e)| b.value + e).max().unwrap_or(0));
    let _ = write!(
        s,
        r#"<svg id="{id}" class="chart" viewBox="0 0 {W} {height}" role="img" aria-label="{}">"#,
        esc(caption)
    );
    let _ = write!(
        s,
        r#"<rect class="key0" x="{left}" y="4" width="10" height="10"/><text class="l" x="{}" y="13">{}</text><rect class="key1" x="{}" y="4" width="10" height="10"/><text class="l" x="{}" y="13">{}</text>"#,
        left + 14.0,
        esc(legend[0]),
        left + 100.0,
        left + 114.0,
        esc(legend[1])
    );
    let span = W - left - right;
    for (k, (b, extra)) in bars.iter().enumerate() {
        let y = top + row * k as f64;
        let w0 = span * b.value as f64 / max as f64;
        let w1 = span * *extra as f64 / max as f64;
        let _ = write!(
            s,
            r#"<g class="bar"><title>{}</title><text class="l" x="{:.1}" y="{:.1}" text-anchor="end">{}</text><rect x="{left}" y="{:.1}" width="{w0:.1}" height="{:.1}" rx="2"/><rect class="extra" x="{:.1}" y="{:.1}" width="{w1:.1}" height="{:.1}" rx="2"/><text class="v" x="{:.1}" y="{:.1}">{}</text></g>"#,
            esc(&b.tip),
            left - 6.0,
            y + row * 0.62,
            esc(&ellipsize(&b.label, 24)),
            y + 2.0,
            row - 5.0,
            left + w0,
            y + 2.0,
            row - 5.0,
            left + w0 + w1 + 4.0,
            y + row * 0.62,
            value_label(b, *extra)
        );
    }
    if bars.is_empty() {
        let _ = write!(
            s,
            r#"<text class="l" x="{left}" y="{}">no outlets</text>"#,
            top + 12.0
        );
    }
    s.push_str("</svg>");
    s
}

/// Horizontal grid lines and their values.
fn axis(s: &mut String, x0: f64, y0: f64, x1: f64, y1: f64, max: usize) {
    for k in 0..=4 {
        let v = max * k / 4;
        let y = y1 - (y1 - y0) * k as f64 / 4.0;
        let _ = write!(
            s,
            r#"<line class="grid" x1="{x0}" y1="{y:.1}" x2="{x1}" y2="{y:.1}"/><text class="l" x="{:.1}" y="{:.1}" text-anchor="end">{v}</text>"#,
            x0 - 4.0,
            y + 3.0
        );
    }
}

/// The smallest of 4, 8, 12, 20, 40... (a multiple of 4, so the four grid
/// lines fall on whole numbers) at or above `x`.
fn nice_max(x: usize) -> usize {
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            let top = 4 * m * step;
            if top >= x {
                return top;
            }
        }
        step *= 10;
    }
}

/// At most `max` characters, with `…` when cut.
pub(super) fn ellipsize(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped() {
        let bar = Bar {
            label: "<script>".into(),
            value: 3,
            tip: "\"x\" & y".into(),
        };
        let svg = columns("c", "a<b", std::slice::from_ref(&bar));
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;") && svg.contains("&quot;x&quot; &amp; y"));
        let svg = rows("r", "c", &[(bar.clone(), 1)], ["<a>", "b"]);
        assert!(!svg.contains("<script>") && !svg.contains("<a>"));
        assert!(svg.contains(">3 + 1</text>"));
        let svg = rows("r", "c", &[(bar, 0)], ["a", "b"]);
        assert!(svg.contains(">3</text>"));
    }

    /// The x of the text element holding `label` in `svg`.
    fn x_of(svg: &str, label: &str) -> f64 {
        let end = svg.find(&format!(">{label}</text>")).unwrap();
        let start = svg[..end].rfind("<text").unwrap();
        let attrs = &svg[start..end];
        let x = attrs.split(" x=\"").nth(1).unwrap();
        x[..x.find('"').unwrap()].parse().unwrap()
    }

    #[test]
    fn axis_labels_fit_left_of_the_axis() {
        let bar = |value| Bar {
            label: "1-6 h".into(),
            value,
            tip: String::new(),
        };
        // Small numbers keep the usual margin.
        let svg = columns("c", "c", &[bar(3)]);
        assert_eq!(x_of(&svg, "4"), 30.0);
        // 200000 is six digits: its label ends 4px before the axis and
        // starts inside the picture.
        let svg = columns("c", "c", &[bar(150_000)]);
        let x = x_of(&svg, "200000");
        assert!(x - label_width("200000") >= 0.0, "{x}: {svg}");
        // Value labels right of long bars stay inside too.
        let svg = rows("r", "c", &[(bar(123_456), 7_890)], ["a", "b"]);
        let x = x_of(&svg, "123456 + 7890");
        assert!(x + label_width("123456 + 7890") <= W, "{x}: {svg}");
    }

    #[test]
    fn scale_tops_are_round() {
        assert_eq!(nice_max(0), 4);
        assert_eq!(nice_max(3), 4);
        assert_eq!(nice_max(5), 8);
        assert_eq!(nice_max(19), 20);
        assert_eq!(nice_max(21), 40);
        assert_eq!(nice_max(450), 800);
    }

    #[test]
    fn long_labels_are_cut() {
        assert_eq!(ellipsize("short", 24), "short");
        assert_eq!(ellipsize(&"x".repeat(30), 5), "xxxx…");
    }
}
