//! The outlet network as a picture: who reprints whom, drawn from the
//! summary's edge list as static SVG (no script, no library), so it shows
//! offline and with scripts off.
//!
//! The outlets with the most reprints in or out (up to [`MAX_NODES`]) sit
//! on a circle, largest first from the top, clockwise. Each edge is an
//! arrow from the outlet that first printed the stories to the one that
//! reprinted them, as thick as it has reprints, bent to its left so that
//! the two directions between a pair are two arrows, not one line. A
//! node's area is its stories (origins and reprints); it is dark when it
//! originated most of them. Outlets and edges left out are counted under
//! the picture.

use std::collections::HashMap;
use std::f64::consts::PI;
use std::fmt::Write;

use super::escape::esc;
use super::svg::ellipsize;
use crate::spread::model::Summary;
use crate::spread::wording::plural;

/// Outlets drawn at most: past this a circle of labels is unreadable.
pub(super) const MAX_NODES: usize = 16;

const W: f64 = 720.0;
const H: f64 = 440.0;
const RADIUS: f64 = 170.0;

/// An outlet on the circle.
struct Node<'a> {
    name: &'a str,
    origins: usize,
    reprints: usize,
    x: f64,
    y: f64,
    r: f64,
}

/// The network picture, and a line saying what it leaves out (empty when
/// nothing is).
pub(super) fn network(s: &Summary) -> (String, String) {
    let mut degree: HashMap<&str, usize> = HashMap::new();
    for e in &s.edges {
        *degree.entry(&e.source).or_default() += e.count;
        *degree.entry(&e.target).or_default() += e.count;
    }
    let mut ranked: Vec<(&str, usize)> = degree.into_iter().collect();
    ranked.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(y.0)));
    let shown = ranked.len().min(MAX_NODES);
    let counts: HashMap<&str, (usize, usize)> = s
        .outlets
        .iter()
        .map(|o| (o.outlet.as_str(), (o.origins, o.reprints)))
        .collect();
    let largest = ranked
        .iter()
        .take(shown)
        .map(|(n, _)| counts.get(n).map_or(1, |(o, r)| o + r))
        .max()
        .unwrap_or(1)
        .max(1);
    let (cx, cy) = (W / 2.0, H / 2.0);
    let nodes: Vec<Node> = ranked
        .iter()
        .take(shown)
        .enumerate()
        .map(|(k, &(name, _))| {
            let angle = -PI / 2.0 + 2.0 * PI * k as f64 / shown as f64;
            let (origins, reprints) = counts.get(name).copied().unwrap_or((0, 0));
            let stories = (origins + reprints).max(1) as f64;
            Node {
                name,
                origins,
                reprints,
                x: cx + RADIUS * angle.cos(),
                y: cy + RADIUS * angle.sin(),
                r: 4.0 + 10.0 * (stories / largest as f64).sqrt(),
            }
        })
        .collect();
    let at: HashMap<&str, usize> = nodes.iter().enumerate().map(|(k, n)| (n.name, k)).collect();

    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg id="chart-network" class="chart network" viewBox="0 0 {W} {H}" role="img" aria-label="Who reprints whom">"#
    );
    let heaviest = s.edges.first().map_or(1, |e| e.count).max(1);
    let mut drawn = 0;
    // Lightest first, so the heavy arrows are drawn on top.
    for e in s.edges.iter().rev() {
        let (Some(&a), Some(&b)) = (at.get(e.source.as_str()), at.get(e.target.as_str())) else {
            continue;
        };
        drawn += 1;
        let (from, to) = (&nodes[a], &nodes[b]);
        let (dx, dy) = (to.x - from.x, to.y - from.y);
        let len = dx.hypot(dy).max(1.0);
        // The control point off the chord's middle, to the left of the
        // direction of travel.
        let bend = 0.18 * len;
        let (qx, qy) = (
            (from.x + to.x) / 2.0 + bend * dy / len,
            (from.y + to.y) / 2.0 - bend * dx / len,
        );
        // Start and end on the nodes' rims, along the curve's tangents.
        let rim = |n: &Node, gap: f64| {
            let (tx, ty) = (qx - n.x, qy - n.y);
            let t = tx.hypot(ty).max(1.0);
            (n.x + tx / t * (n.r + gap), n.y + ty / t * (n.r + gap))
        };
        let (x0, y0) = rim(from, 1.0);
        let (x1, y1) = rim(to, 2.0);
        let width = 1.0 + 4.0 * e.count as f64 / heaviest as f64;
        // The arrowhead, drawn as a triangle rather than an SVG marker (a
        // marker is referenced by `url(#id)`, and ids are page-wide): its
        // tip on the rim, pointing along the curve's end.
        let (ux, uy) = {
            let (tx, ty) = (x1 - qx, y1 - qy);
            let t = tx.hypot(ty).max(1.0);
            (tx / t, ty / t)
        };
        let (size, half) = (7.0 + width, 3.5 + width / 2.0);
        let (bx, by) = (x1 - ux * size, y1 - uy * size);
        let head = format!(
            "{x1:.1},{y1:.1} {:.1},{:.1} {:.1},{:.1}",
            bx - uy * half,
            by + ux * half,
            bx + uy * half,
            by - ux * half
        );
        // The line stops inside the head, so its width does not blunt it.
        let (ex, ey) = (x1 - ux * size * 0.6, y1 - uy * size * 0.6);
        let _ = write!(
            svg,
            r#"<g class="edge"><title>{}</title><path d="M{x0:.1},{y0:.1} Q{qx:.1},{qy:.1} {ex:.1},{ey:.1}" stroke-width="{width:.1}"/><polygon points="{head}"/></g>"#,
            esc(&format!(
                "{} reprinted {} from {}",
                e.target,
                if e.count == 1 {
                    "1 story".to_string()
                } else {
                    format!("{} stories", e.count)
                },
                e.source
            ))
        );
    }
    for n in &nodes {
        let class = if n.origins > n.reprints {
            "node src"
        } else {
            "node"
        };
        // Labels outside the circle, reading away from it.
        let (ux, uy) = ((n.x - cx) / RADIUS, (n.y - cy) / RADIUS);
        let (lx, ly) = (n.x + ux * (n.r + 6.0), n.y + uy * (n.r + 6.0) + 3.5);
        let anchor = if ux > 0.2 {
            "start"
        } else if ux < -0.2 {
            "end"
        } else {
            "middle"
        };
        let _ = write!(
            svg,
            r#"<g class="{class}"><title>{}</title><circle cx="{:.1}" cy="{:.1}" r="{:.1}"/><text class="l" x="{lx:.1}" y="{ly:.1}" text-anchor="{anchor}">{}</text></g>"#,
            esc(&format!(
                "{}: {}, {}",
                n.name,
                plural(n.origins, "origin"),
                plural(n.reprints, "reprint"),
            )),
            n.x,
            n.y,
            n.r,
            esc(&ellipsize(n.name, 22))
        );
    }
    if nodes.is_empty() {
        let _ = write!(
            svg,
            r#"<text class="l" x="{cx}" y="{cy}" text-anchor="middle">no outlet reprinted another outlet's story</text>"#
        );
    }
    svg.push_str("</svg>");
    let left_out = ranked.len() - shown;
    let note = if left_out > 0 {
        format!(
            "The {shown} outlets with the most reprints in and out are drawn; {} and {} between them and the rest are not.",
            plural(left_out, "other outlet"),
            plural(s.edges.len() - drawn, "edge")
        )
    } else {
        String::new()
    };
    (svg, note)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spread::model::{Edge, OutletSummary};
    use crate::spread::tests::{reprinted, spread_of};

    fn summary_with(edges: &[(&str, &str, usize)]) -> Summary {
        let corpus = reprinted(&[("date", "2024-03-01")], &[("date", "2024-03-02")]);
        let mut s = spread_of(&corpus).0.summary;
        s.edges = edges
            .iter()
            .map(|&(a, b, count)| Edge {
                source: a.to_string(),
                target: b.to_string(),
                count,
            })
            .collect();
        s.edges.sort_by_key(|e| std::cmp::Reverse(e.count));
        let mut names: Vec<&str> = edges.iter().flat_map(|e| [e.0, e.1]).collect();
        names.sort();
        names.dedup();
        s.outlets = names
            .iter()
            .map(|n| OutletSummary {
                outlet: n.to_string(),
                origins: edges.iter().filter(|e| e.0 == *n).map(|e| e.2).sum(),
                reprints: edges.iter().filter(|e| e.1 == *n).map(|e| e.2).sum(),
                from: Vec::new(),
                from_itself: 0,
            })
            .collect();
        s
    }

    #[test]
    fn every_edge_is_an_arrow_between_two_labelled_nodes() {
        let s = summary_with(&[
            ("Wire", "Herald", 3),
            ("Wire", "<Echo>", 1),
            ("Herald", "Wire", 1),
        ]);
        let (svg, note) = network(&s);
        assert_eq!(svg.matches("<g class=\"edge\">").count(), 3);
        assert_eq!(svg.matches("<circle").count(), 3);
        assert_eq!(svg.matches("<polygon").count(), 3, "an arrowhead each");
        assert!(!svg.contains("url("), "nothing referenced");
        assert!(svg.contains("<title>Herald reprinted 3 stories from Wire</title>"));
        assert!(svg.contains("<title>Wire reprinted 1 story from Herald</title>"));
        // Wire originated most of its stories: drawn dark.
        assert!(svg.contains("<g class=\"node src\"><title>Wire: 4 origins, 1 reprint</title>"));
        assert!(svg.contains(">&lt;Echo&gt;</text>") && !svg.contains("<Echo>"));
        // The heaviest edge is the thickest, and drawn last (on top).
        let widths: Vec<&str> = svg
            .split("stroke-width=\"")
            .skip(1)
            .map(|w| &w[..w.find('"').unwrap()])
            .collect();
        assert_eq!(widths, ["2.3", "2.3", "5.0"]);
        assert!(note.is_empty());
        // Both directions between a pair are separate curves.
        let paths: Vec<&str> = svg
            .split(" d=\"M")
            .skip(1)
            .map(|p| &p[..p.find('"').unwrap()])
            .collect();
        assert_eq!(paths.len(), 3);
        assert_ne!(paths[0], paths[2]);
    }

    #[test]
    fn a_large_network_draws_the_busiest_outlets_and_counts_the_rest() {
        let names: Vec<String> = (0..20).map(|k| format!("outlet{k:02}")).collect();
        let edges: Vec<(&str, &str, usize)> = (1..20)
            .map(|k| (names[0].as_str(), names[k].as_str(), 20 - k))
            .collect();
        let (svg, note) = network(&summary_with(&edges));
        assert_eq!(svg.matches("<circle").count(), MAX_NODES);
        assert!(svg.contains(">outlet00</text>") && !svg.contains(">outlet19</text>"));
        assert_eq!(
            note,
            "The 16 outlets with the most reprints in and out are drawn; 4 other outlets and 4 edges between them and the rest are not."
        );
        // Every node inside the picture, labels included.
        for part in svg.split(" x=\"").skip(1) {
            let x: f64 = part[..part.find('"').unwrap()].parse().unwrap();
            assert!((0.0..=W).contains(&x), "{x}");
        }
    }

    #[test]
    fn no_edges_say_so() {
        let (svg, _) = network(&summary_with(&[]));
        assert!(svg.contains("no outlet reprinted another outlet's story"));
        assert_eq!(svg.matches("<circle").count(), 0);
    }
}
