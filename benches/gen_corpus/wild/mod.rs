//! The wild profile: the hard cases real news pages have and clean wire
//! copies do not.
//!
//! The detector scored F1 0.997 on the clean profile but far less on real
//! pages, because real pages carry what this generator never made: wrapper
//! lines shared by a few unrelated pages of one outlet, lines differing only
//! in a number, teasers of other stories, pages that lost their line breaks,
//! photo captions recurring across stories, repeated scrapes, live files and
//! digests that carry other stories, write-thrus, short excerpts, templated
//! notices of different companies, and scanned pages. `--profile wild` keeps
//! the clean profile's stories and copies for most records and adds these
//! (see benches/README.md for the shares), each with its truth.
//!
//! Planning (`plan`) adds stories and records; rendering adds record kinds
//! (`containers`, `writethru`, `extras`) and notice texts (`notices`); and
//! `dress`, a pass over each block of rendered records in file order, puts
//! on the per-outlet furniture (`outlets`) whose state runs across records.
//! None of it runs for the clean and OCR profiles, whose corpora stay
//! byte-identical.

pub mod containers;
pub mod dress;
pub mod extras;
pub mod notices;
pub mod outlets;
pub mod plan;
pub mod templates;
pub mod writethru;

// Stream tags for `Rng::of`, apart from the other profiles' tags.
pub const TAG_WILD_PLAN: u64 = 101;
pub const TAG_WILD_DRESS: u64 = 102;
pub const TAG_WILD_CAMPAIGN: u64 = 103;
pub const TAG_WILD_NOTICE: u64 = 104;
pub const TAG_WILD_WRITETHRU: u64 = 105;
pub const TAG_WILD_EXTRA: u64 = 106;
pub const TAG_WILD_SAMEDAY: u64 = 107;

/// The summary's lines on what the wild profile added.
pub fn summary(p: &plan::WildPlanStats, d: &dress::DressStats) -> String {
    let mut containers = String::new();
    for (form, n) in containers::FORMS.iter().zip(p.containers) {
        containers.push_str(&format!(" {form} {n},"));
    }
    containers.pop();
    format!(
        "\n  wild stories: write-thrus {}, notices {}, briefs {}, containers:{containers}\
         \n  wild records: repeated scrapes of {} pages ({} refetched), lede copies of {} stories, short excerpts of {} stories\
         \n  wild furniture: campaign lines {}, numbered lines {}, teasers/related {}, captions {}, long wrappers {}, same-day {}, joined {}, scanned {}",
        p.writethrus,
        p.notices,
        p.briefs,
        p.scrapes,
        d.refetched,
        p.ledes,
        p.excerpts,
        d.campaign,
        d.numbered,
        d.teasers,
        d.captions,
        d.long_wrappers,
        d.same_day,
        d.joined,
        d.scanned
    )
}
