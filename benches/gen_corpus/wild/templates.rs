//! Word lists and templates of the wild profile (all written for this generator).
//!
//! The page furniture real news sites wrap around a story and that a
//! syndication detector must see through: short-lived campaign lines,
//! lines that differ only in a number, teasers of other stories, photo
//! captions and embedded posts, the frames of live files, digests, galleries
//! and aggregator pages, write-thru notes, and the templates of wire
//! notices that differ only in a company and its numbers.

/// Lines an outlet runs for a few pages only (a campaign, a notice that
/// changed): each window of 2-4 records of one outlet gets one, filled in.
pub const CAMPAIGN_LINES: &[&str] = &[
    "We use cookies on {domain} to improve your experience. By continuing to browse {outlet} you agree to our updated cookie policy ({month} {d} edition).",
    "(c) {year} {outlet} · Edition {n}",
    "© {outlet} {year}. Reproduced under licence no. {n}.",
    "Sign up for {outlet}'s {news}: {when}, free until {month} {d}. Offer code {code}.",
    "Support {outlet}: our {month} appeal has raised {n}% of its target. Give today at {domain}/support.",
    "{outlet} readers: take our {month} survey at {domain}/survey-{n} and win a year's subscription.",
    "Our {news} newsletter has a new look from {month} {d}. Existing subscribers need do nothing.",
    "Privacy notice: {outlet} updated its terms on {month} {d}, {year}. Read what changed at {domain}/privacy.",
    "Listen to {outlet}'s {news} podcast, episode {n}, wherever you get your podcasts.",
    "Advertisement: {place} Motors spring sale ends {month} {d}. Visit {place}motors.example.com.",
];
/// Header lines that differ from page to page only in a number or a word.
pub const NUMBERED_HEAD: &[&str] = &[
    "{section} · {mins} min read",
    "Updated {date} {time}",
    "Published {weekday} {d} {month} {year}, {time}",
    "By {author} · {date} at {time}",
    "Page {p}",
    "{section} | {views} views",
];
/// Footer lines that differ from page to page only in a number or a word.
pub const NUMBERED_TAIL: &[&str] = &[
    "Comments ({n})",
    "{n} comments",
    "Page {p} of {q}",
    "Last modified: {date} {time}",
    "Shares: {n} · Reactions: {m}",
    "Story {p} of {q} in {section}",
];
/// A teaser of another story at the head of a page.
pub const TEASERS: &[&str] = &[
    "ALSO READ: {t1}",
    "Trending now: {t1}",
    "Don't miss: {t1}",
    "Breaking: {t1} - live updates",
];
/// A list of other stories at the foot of a page.
pub const RELATED: &[&str] = &[
    "Related stories: {t1} | {t2} | {t3}",
    "You may also like\n{t1}\n{t2}\n{t3}",
    "More in {section}: {t1}; {t2}; {t3}",
    "Most read: 1. {t1} 2. {t2} 3. {t3}",
];
/// What photographs show (filled with a place).
pub const CAPTION_SCENES: &[&str] = &[
    "Fishing boats moored in {place} harbour before the storm",
    "Shoppers on {place} high street during the January sales",
    "The old mill at {place}, now converted into offices",
    "Commuters wait for a delayed train at {place} station",
    "Floodwater covers the meadows outside {place}",
    "The council chamber in {place} town hall",
    "A container ship leaves the port of {place} at dawn",
    "Workers on the production line at the {place} plant",
    "Crowds gather in {place} market square for the annual fair",
    "The new bridge over the river at {place}, seen from the east bank",
    "Wind turbines on the hills above {place}",
    "The trading floor of the {place} exchange",
];
/// How a caption credits a photograph.
pub const CAPTION_FRAMES: &[&str] = &[
    "Photo: {scene}. ({person}/{outlet})",
    "{scene}. Picture: {person}",
    "PHOTO: {scene} | {outlet} / {person}",
    "Image: {scene}. Credit: {person} for {outlet}",
];
/// An embedded post of a social network.
pub const POSTS: &[&str] = &[
    "{person} (@{handle}) posted: \"{scene}. More to follow.\" {month} {d}, {year}",
    "Embedded post from @{handle}: Big day in {place} today. Proud of everyone involved. #{tag}",
    "@{handle}: Our statement on today's news from {place} is pinned to our profile. #{tag}",
];
/// A live file's title and opening line.
pub const LIVE_TITLES: &[&str] = &[
    "The Latest: {topic}",
    "Live: {topic}",
    "Live updates: {topic}",
];
pub const LIVE_INTROS: &[&str] = &[
    "The latest on {topic} (all times local):",
    "Follow our live coverage. Refresh for the latest updates.",
    "Here's what we know so far, updated through the day.",
];
/// A digest's title and opening line.
pub const DIGEST_TITLES: &[&str] = &[
    "News in Brief",
    "In brief: {weekday}'s stories",
    "Briefing: {section}",
];
pub const DIGEST_INTROS: &[&str] = &[
    "Today's top stories in brief.",
    "A round-up of the day's news from our reporters and the wires.",
    "What you need to know this {weekday}.",
];
/// An aggregator page's title and the line under each snippet.
pub const AGGREGATOR_TITLES: &[&str] = &[
    "Top stories from around the web",
    "Today's headlines",
    "What others are reporting",
];
pub const SNIPPET_TAILS: &[&str] = &[
    "Read more at {domain}",
    "Source: {outlet}",
    "({outlet})",
    "Full story: {url}",
];
/// A gallery's title and opening line.
pub const GALLERY_TITLES: &[&str] = &[
    "In pictures: {place} this week",
    "Gallery: {section} in photos",
    "Photos of the week",
];
pub const GALLERY_INTROS: &[&str] = &[
    "Our photographers' pick of the week.",
    "A selection of images from our reporters across the region.",
];
/// What a write-thru says it changed.
pub const UPDATE_NOTES: &[&str] = &[
    "(Adds comment from {person}, updates throughout)",
    "(Updates with market reaction, adds background)",
    "(Adds details in paragraphs 3-5, changes headline)",
    "(Rewrites lead, adds quotes)",
    "(Adds analyst comment, byline)",
];
/// Wire notices: one template, many companies and numbers.
pub const NOTICES: &[(&str, &str)] = &[
    (
        "{co} sets quarterly dividend",
        "{co} Qtly div {a} cts vs {b} cts prior, pay {month} {d}, record {month2} {d2}",
    ),
    (
        "{co} reports first quarter results",
        "{co} 1st qtr shr {a} cts vs {b} cts. Net {m} mln vs {m2} mln. Revs {r} mln vs {r2} mln",
    ),
    (
        "{co} declares stock split",
        "{co} declares {x}-for-one stock split, payable {month} {d} to holders of record {month2} {d2}",
    ),
    (
        "{co} sets annual meeting date",
        "{co} said its annual meeting will be held {month} {d} in {place}, record date {month2} {d2}",
    ),
    (
        "{co} raises quarterly payout",
        "{co} raises qtly dividend to {a} cts from {b} cts, payable {month} {d}, record {month2} {d2}",
    ),
];
/// Endings of company names.
pub const CO_ENDINGS: &[&str] = &[
    "Corp",
    "Inc",
    "Holdings",
    "Group",
    "Industries",
    "Bancorp",
    "Co",
    "Ltd",
];
pub const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
pub const MONTH_ABBR: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
pub const DAY_ABBR: &[&str] = &["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
/// Joiners of outlets whose pages lost their line breaks.
pub const JOINERS: &[&str] = &[" ### ", " | ", "     ", " "];
