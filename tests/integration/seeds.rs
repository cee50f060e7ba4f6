//! The five real articles in `../shared/seeds` (read at test time, never
//! copied): the excerpt is grouped with its original, the rewrite and the
//! two independent stories are not grouped at all.

use std::path::Path;

use crate::common::*;

#[test]
fn seeds_group_only_the_real_reprint() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("skipping: {} is not here", seeds.display());
        return;
    }
    let out = run_ok(reprint().arg(&seeds).args(["--glob", "*.txt"]));
    let groups = group_ids(&out.stdout);
    assert_eq!(
        groups,
        vec![vec![
            "000_39b08e51b80a9564.txt".to_string(),
            "002_f9f493a80d7dad98.txt".to_string()
        ]],
        "000 and 002 form the only group; 001, 003, 004 are alone"
    );
}

#[test]
fn seeds_name_the_excerpt_and_relate_the_rewrite() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("skipping: {} is not here", seeds.display());
        return;
    }
    let out = run_ok(
        reprint()
            .arg(&seeds)
            .args(["--glob", "*.txt", "--related", "--pairs"]),
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let group: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    // 002 prints about a sixth of 000 under its own page furniture: a part,
    // named as the excerpt although a quarter of it is not in 000.
    let pair = &group["pairs"][0];
    assert_eq!(pair["excerpt"], "002_f9f493a80d7dad98.txt", "{pair}");
    let related: Vec<&str> = group["related"]
        .as_array()
        .map(|r| r.iter().filter_map(|x| x["id"].as_str()).collect())
        .unwrap_or_default();
    assert!(related.contains(&"004_40a498dea676fedb.txt"), "{group}");
}
