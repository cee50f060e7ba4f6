//! Whether a record's bytes, read in pieces, are UTF-8: for the CSV reader,
//! which sees a record's raw bytes as csv-core hands them over, cut
//! anywhere, even inside a character.

/// Checks that a record's bytes, fed in pieces, are UTF-8, and finds the
/// file offset of the first byte that is not.
#[derive(Debug, Default)]
pub struct Utf8Check {
    carry: Vec<u8>,
    carry_at: u64,
    bad: Option<u64>,
}

impl Utf8Check {
    /// Feed the next bytes of the record, which start at file offset `at`.
    pub fn feed(&mut self, mut bytes: &[u8], mut at: u64) {
        if self.bad.is_some() {
            return;
        }
        while !self.carry.is_empty() {
            let Some((&b, rest)) = bytes.split_first() else {
                return;
            };
            self.carry.push(b);
            bytes = rest;
            at += 1;
            match std::str::from_utf8(&self.carry) {
                Ok(_) => self.carry.clear(),
                Err(e) if e.error_len().is_some() => {
                    self.bad = Some(self.carry_at);
                    return;
                }
                Err(_) => {}
            }
        }
        if let Err(e) = std::str::from_utf8(bytes) {
            let at = at + e.valid_up_to() as u64;
            if e.error_len().is_some() {
                self.bad = Some(at);
            } else {
                self.carry.extend_from_slice(&bytes[e.valid_up_to()..]);
                self.carry_at = at;
            }
        }
    }

    /// The offset of the first invalid byte of everything fed (a character
    /// cut short by the end counts), and start over.
    pub fn finish(&mut self) -> Option<u64> {
        let bad = self
            .bad
            .take()
            .or((!self.carry.is_empty()).then_some(self.carry_at));
        self.carry.clear();
        bad
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_check_across_pieces() {
        let bytes = "ab\u{e9}\u{1F600}".as_bytes();
        for cut in 0..=bytes.len() {
            let mut check = Utf8Check::default();
            check.feed(&bytes[..cut], 10);
            check.feed(&bytes[cut..], 10 + cut as u64);
            assert_eq!(check.finish(), None, "cut at {cut}");
        }
        let bad = b"ab\xF0\x9F\x98x";
        for cut in 0..=bad.len() {
            let mut check = Utf8Check::default();
            check.feed(&bad[..cut], 10);
            check.feed(&bad[cut..], 10 + cut as u64);
            assert_eq!(check.finish(), Some(12), "cut at {cut}");
        }
        let mut check = Utf8Check::default();
        check.feed(b"ok\xC3", 0);
        assert_eq!(check.finish(), Some(2), "cut short by the end");
        assert_eq!(check.finish(), None, "finish starts over");
    }
}
