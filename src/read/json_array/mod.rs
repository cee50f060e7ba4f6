//! JSON that is not JSON Lines: one array of objects (`jq -s .`, most
//! APIs' dumps), or objects one after another, pretty-printed or not (the
//! `.json` file news-please writes per article). Each object is a record,
//! its fields picked by the rules of JSON Lines
//! ([`object_to_record`]).
//!
//! The array is never parsed whole: [`cut::Scanner`] cuts one element at
//! a time, and only that element is parsed, so a multi-GB array takes the
//! memory of its largest element (and no more than the record limit). An
//! element that is malformed but balanced is one bad record and reading
//! goes on; a break in the array itself (a missing comma, the input ending
//! inside it) stops the input, since no later element can be trusted.
//!
//! An array element is named by its line and its index, as `jq '.[3]'`
//! would find it: `dump.json:12: element [3]: no text field ...`, and one
//! without an id field gets the id `dump.json[3]` (elements can share a
//! line, so the line alone would not tell them apart).

mod cut;

use std::io::BufRead;
use std::sync::Arc;

use serde_json::Value;

use self::cut::{Cut, Pos, Scanner};
use super::fields::Fields;
use super::jsonl::{kind_of, object_to_record, parse_value};
use super::reader::{FormatReader, ReadError, Start, invalid_utf8, too_big};
use crate::record::{Origin, Record, RecordError};

/// Where the reader is in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Between top-level values.
    Top,
    /// Just inside a `[`: an element or `]` comes next.
    ArrayStart,
    /// After an element: `,` or `]` comes next.
    AfterElement,
    /// At the end, or stopped by an error.
    Done,
}

/// Streams records from a JSON array or a run of JSON objects.
pub struct JsonReader {
    scan: Scanner,
    at: Start,
    fields: Arc<Fields>,
    state: State,
    /// Index of the next array element.
    index: u64,
    /// Top-level values read so far.
    values: u64,
    /// The id of a file's one object that has no id field (a folder's
    /// file path), instead of its position.
    whole_file_id: Option<String>,
    buf: Vec<u8>,
}

impl JsonReader {
    /// A reader over `rdr`, which starts as `at` says.
    pub fn new(rdr: Box<dyn BufRead + Send>, at: Start, fields: Arc<Fields>) -> JsonReader {
        JsonReader {
            scan: Scanner::new(rdr, at.base),
            at,
            fields,
            state: State::Top,
            index: 0,
            values: 0,
            whole_file_id: None,
            buf: Vec::new(),
        }
    }

    /// Give the input's object, when it holds only one, this id if it has
    /// no id field (a folder's relative path, as its text files get).
    pub fn whole_file_id(mut self, id: String) -> JsonReader {
        self.whole_file_id = Some(id);
        self
    }

    /// Stop with an error at `pos`.
    fn fatal(&mut self, pos: Pos, message: String) -> Option<Result<Record, ReadError>> {
        self.state = State::Done;
        Some(Err(ReadError::Fatal(anyhow::anyhow!(
            "{}:{}: {message}",
            self.at.name,
            pos.line
        ))))
    }

    /// The next value, cut and made a record; `element` is its array
    /// index, if it is in one.
    fn value(&mut self, element: Option<u64>) -> Option<Result<Record, ReadError>> {
        let start = self.scan.pos();
        let at = &self.at;
        let say = || at.warn_skipping(start.line);
        let cut = match self.scan.cut_value(&mut self.buf, at.limit, at.past(&say)) {
            Ok(cut) => cut,
            Err(e) => {
                self.state = State::Done;
                return Some(Err(self.at.io_error(e)));
            }
        };
        let what = match element {
            Some(i) => format!("element [{i}]"),
            None => "the value here".to_string(),
        };
        let len = match cut {
            Cut::Value { len } => len,
            Cut::OverLimit => {
                self.state = State::Done;
                return Some(Err(ReadError::Bad(self.at.cut_short(&what, start.line))));
            }
            Cut::Truncated => {
                return self.fatal(
                    start,
                    format!("{what} is cut off: the input ends inside it"),
                );
            }
            Cut::NotAValue(b) => {
                // Nothing read yet: the input may not be JSON at all.
                let hint = if self.values == 0 && element.is_none_or(|i| i == 0) {
                    " (if this is not JSON, give --format text or --format csv)"
                } else {
                    ""
                };
                return self.fatal(
                    start,
                    format!(
                        "{what} starts with {}, which no JSON value does{hint}",
                        shown(b)
                    ),
                );
            }
        };
        let origin = Origin::new(self.at.name.clone(), start.line);
        let mut only_value = false;
        if element.is_none() {
            self.values += 1;
            // One object alone in its file is named as the file.
            only_value = self.values == 1
                && self.whole_file_id.is_some()
                && matches!(self.scan.skip_whitespace(), Ok(None));
        }
        let record = self.parse(start, len, origin.clone()).map(|mut rec| {
            if rec.id == origin.to_string() {
                if let Some(i) = element {
                    rec.id = format!("{}[{i}]", self.at.name);
                } else if only_value && let Some(id) = &self.whole_file_id {
                    rec.id = id.clone();
                }
            }
            rec
        });
        Some(record.map_err(|e| {
            ReadError::Bad(match element {
                Some(i) => RecordError::new(e.origin, format!("element [{i}]: {}", e.message)),
                None => e,
            })
        }))
    }

    /// The bytes cut at `start` as a record.
    fn parse(&self, start: Pos, len: u64, origin: Origin) -> Result<Record, RecordError> {
        if len > self.at.limit as u64 {
            return Err(RecordError::new(
                origin,
                too_big("record", len, self.at.limit),
            ));
        }
        let text = match std::str::from_utf8(&self.buf) {
            Ok(text) => text,
            Err(e) => {
                return Err(RecordError::new(
                    origin,
                    invalid_utf8(start.offset + e.valid_up_to() as u64),
                ));
            }
        };
        let value = parse_value(text, &origin, &self.at, |e| json_error(e, start))?;
        match value {
            Value::Object(obj) => object_to_record(obj, origin, &self.fields),
            other => Err(RecordError::new(
                origin,
                format!("expected a JSON object, found {}", kind_of(&other)),
            )),
        }
    }
}

impl FormatReader for JsonReader {
    /// `None`: a pretty-printed element spans many lines, so lines beside
    /// elements show nothing amiss.
    fn lines_read(&self) -> Option<u64> {
        None
    }
}

impl Iterator for JsonReader {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let next = match self.scan.skip_whitespace() {
                Ok(next) => next,
                Err(e) => {
                    self.state = State::Done;
                    return Some(Err(self.at.io_error(e)));
                }
            };
            let pos = self.scan.pos();
            let bump = |scan: &mut Scanner| scan.bump().map_err(|e| self.at.io_error(e));
            match (self.state, next) {
                (State::Done, _) | (State::Top, None) => return None,
                (State::Top, Some(b'[')) => {
                    if let Err(e) = bump(&mut self.scan) {
                        return Some(Err(e));
                    }
                    self.state = State::ArrayStart;
                }
                (State::Top, Some(_)) => return self.value(None),
                (State::ArrayStart, Some(b']')) | (State::AfterElement, Some(b']')) => {
                    if let Err(e) = bump(&mut self.scan) {
                        return Some(Err(e));
                    }
                    self.values += 1;
                    self.state = State::Top;
                }
                (State::ArrayStart, Some(_)) => return self.element(),
                (State::AfterElement, Some(b',')) => {
                    if let Err(e) = bump(&mut self.scan) {
                        return Some(Err(e));
                    }
                    return self.element();
                }
                (State::AfterElement, Some(b)) => {
                    let i = self.index - 1;
                    return self.fatal(
                        pos,
                        format!(
                            "expected ',' or ']' after element [{i}], found {}",
                            shown(b)
                        ),
                    );
                }
                (State::ArrayStart | State::AfterElement, None) => {
                    return self.fatal(
                        pos,
                        "the array is not closed: the input ends inside it".into(),
                    );
                }
            }
        }
    }
}

impl JsonReader {
    /// The next array element.
    fn element(&mut self) -> Option<Result<Record, ReadError>> {
        let i = self.index;
        self.index += 1;
        self.state = State::AfterElement;
        if let Ok(Some(b']')) = self.scan.skip_whitespace() {
            let pos = self.scan.pos();
            return self.fatal(
                pos,
                format!(
                    "a ',' after element [{}] is followed by no element",
                    i.saturating_sub(1)
                ),
            );
        }
        self.value(Some(i))
    }
}

/// A byte as messages show it: `'x'`, or its hex value.
fn shown(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("'{}'", b as char)
    } else {
        format!("byte 0x{b:02x}")
    }
}

/// serde_json's message with the position made the file's: its line and
/// column count from the start of the value, at `start`.
fn json_error(e: &serde_json::Error, start: Pos) -> String {
    let msg = e.to_string();
    let msg = match msg.find(" at line ") {
        Some(i) => &msg[..i],
        None => &msg,
    };
    let line = start.line + e.line().saturating_sub(1) as u64;
    let column = if e.line() <= 1 {
        start.column + e.column().saturating_sub(1) as u64
    } else {
        e.column() as u64
    };
    format!("malformed JSON at line {line}, column {column}: {msg}")
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    /// Read as under `--skip-bad`: past a record over the limit.
    fn read(input: &str, limit: usize) -> Vec<String> {
        let at = Start {
            read_past: true,
            ..Start::new("in.json", limit)
        };
        read_from(input, at)
    }

    fn read_from(input: &str, at: Start) -> Vec<String> {
        let rdr = Box::new(Cursor::new(input.as_bytes().to_vec()));
        JsonReader::new(rdr, at, Arc::new(Fields::default()))
            .map(|item| match item {
                Ok(r) => format!("{} {}", r.id, r.text),
                Err(ReadError::Bad(e)) => format!("bad: {e}"),
                Err(ReadError::Fatal(e)) => format!("fatal: {e}"),
            })
            .collect()
    }

    #[test]
    fn an_array_gives_its_elements_named_by_index() {
        let input =
            "[{\"id\": \"a\", \"text\": \"one\"}, {\"text\": \"two\"},\n {\"text\": \"three\"}]\n";
        assert_eq!(
            read(input, 1000),
            ["a one", "in.json[1] two", "in.json[2] three"]
        );
        assert!(read("[]", 1000).is_empty());
        assert!(read(" [ ] ", 1000).is_empty());
    }

    #[test]
    fn pretty_objects_one_after_another_are_records() {
        let input = "{\n  \"id\": \"a\",\n  \"text\": \"one\"\n}\n{\n  \"text\": \"two\"\n}\n";
        assert_eq!(read(input, 1000), ["a one", "in.json:5 two"]);
    }

    #[test]
    fn bad_elements_are_bad_records_and_reading_goes_on() {
        let input = "[{\"text\": 1, \"id\": \"n\"}, {\"title\": \"x\"}, 7, {\"text\": tru},\n{\"text\": \"ok\"}]";
        assert_eq!(
            read(input, 1000),
            [
                "n 1",
                "bad: in.json:1: element [1]: no text field (tried text, content, body, article, maintext); fields present: title",
                "bad: in.json:1: element [2]: expected a JSON object, found a number",
                "bad: in.json:1: element [3]: malformed JSON at line 1, column 57: expected ident",
                "in.json[4] ok",
            ]
        );
    }

    #[test]
    fn an_element_past_the_limit_is_skipped_unread() {
        let input = "[{\"text\": \"a long enough text\"}, {\"text\": \"ok\"}]";
        assert_eq!(
            read(input, 20),
            [
                "bad: in.json:1: element [0]: record of 30 bytes is larger than --max-record-bytes (20)",
                "in.json[1] ok"
            ]
        );
    }

    #[test]
    fn an_element_past_the_limit_stops_the_read_without_skip_bad() {
        let input = "[{\"text\": \"a long enough text\"}, {\"text\": \"ok\"}]";
        assert_eq!(
            read_from(input, Start::new("in.json", 20)),
            [
                "bad: in.json:1: element [0] larger than --max-record-bytes (20): not read further (--skip-bad skips it and reads on)"
            ]
        );
    }

    #[test]
    fn a_broken_array_stops_with_where_and_why() {
        assert_eq!(
            read("[{\"text\": \"a\"} {\"text\": \"b\"}]", 100),
            [
                "in.json[0] a",
                "fatal: in.json:1: expected ',' or ']' after element [0], found '{'"
            ]
        );
        assert_eq!(
            read("[{\"text\": \"a\"},\n{\"text\": \"b", 100),
            [
                "in.json[0] a",
                "fatal: in.json:2: element [1] is cut off: the input ends inside it"
            ]
        );
        assert_eq!(
            read("[{\"text\": \"a\"}", 100),
            [
                "in.json[0] a",
                "fatal: in.json:1: the array is not closed: the input ends inside it"
            ]
        );
        assert_eq!(
            read("[{\"text\": \"a\"},]", 100),
            [
                "in.json[0] a",
                "fatal: in.json:1: a ',' after element [0] is followed by no element"
            ]
        );
        assert_eq!(
            read("[Reuters] A flood", 100),
            [
                "fatal: in.json:1: element [0] starts with 'R', which no JSON value does (if this is not JSON, give --format text or --format csv)"
            ]
        );
    }

    #[test]
    fn invalid_utf8_names_its_file_offset() {
        let at = Start {
            base: 3,
            ..Start::new("in.json", 100)
        };
        let rdr = Box::new(Cursor::new(b"[{\"text\": \"caf\xE9\"}]".to_vec()));
        let got: Vec<String> = JsonReader::new(rdr, at, Arc::new(Fields::default()))
            .map(|r| match r {
                Err(ReadError::Bad(e)) => e.to_string(),
                _ => "other".into(),
            })
            .collect();
        assert_eq!(
            got,
            ["in.json:1: element [0]: invalid UTF-8 at byte offset 17"]
        );
    }

    proptest::proptest! {
        /// Any bytes: the reader ends, never panics, keeps no record past
        /// the limit, and after a fatal error yields nothing more.
        #[test]
        fn any_bytes_end_without_a_panic(bytes in proptest::collection::vec(
            proptest::sample::select(b"[]{},:\"\\ \ntext01a".to_vec()), 0..200)) {
            let at = Start { read_past: true, ..Start::new("p", 40) };
            let rdr = Box::new(Cursor::new(bytes));
            let mut fatal = false;
            for item in JsonReader::new(rdr, at, Arc::new(Fields::default())) {
                proptest::prop_assert!(!fatal, "an item after a fatal error");
                match item {
                    Ok(r) => proptest::prop_assert!(r.text.len() <= 40),
                    Err(ReadError::Fatal(_)) => fatal = true,
                    Err(ReadError::Bad(_)) => {}
                }
            }
        }
    }

    #[test]
    fn a_files_one_object_takes_the_files_id() {
        let at = Start::new("dir/a.json", 100);
        let one = |input: &str| -> Vec<String> {
            let rdr = Box::new(Cursor::new(input.as_bytes().to_vec()));
            JsonReader::new(rdr, at.clone(), Arc::new(Fields::default()))
                .whole_file_id("a.json".into())
                .map(|r| r.unwrap().id)
                .collect()
        };
        assert_eq!(one("{\n \"text\": \"x\"\n}\n"), ["a.json"]);
        assert_eq!(
            one("{\"text\": \"x\"}\n{\"text\": \"y\"}"),
            ["dir/a.json:1", "dir/a.json:2"]
        );
        assert_eq!(one("{\"text\": \"x\", \"id\": \"k\"}"), ["k"]);
    }
}
