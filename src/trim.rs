//! `str::trim` and its halves, with a fast path for text whose ends are visible ASCII.
//!
//! Nearly every field value, heading and cell needs no trimming, and the checks trim about a
//! hundred of them a document. The standard library's version decodes the characters at
//! either end through its generic pattern search, about fifty instructions a call, where a
//! byte test at each end says that nothing is to be removed.

/// `text.trim()`.
pub fn trim(text: &str) -> &str {
    trim_end(trim_start(text))
}

/// `text.trim_start()`.
pub fn trim_start(text: &str) -> &str {
    // A visible ASCII character is not whitespace, and ends the trimming there.
    if text.as_bytes().first().is_none_or(u8::is_ascii_graphic) {
        text
    } else {
        text.trim_start()
    }
}

/// `text.trim_end()`.
pub fn trim_end(text: &str) -> &str {
    if text.as_bytes().last().is_none_or(u8::is_ascii_graphic) {
        text
    } else {
        text.trim_end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_as_the_standard_library_does() {
        const PIECES: [&str; 12] = [
            "", " ", "\t", "\n", "x", "é", "\u{a0}", "\u{3000}", "\u{85}", "\u{200b}", "~", "\u{7f}",
        ];
        for a in PIECES {
            for b in PIECES {
                for c in PIECES {
                    let text = format!("{a}{b}{c}");
                    assert_eq!(trim(&text), text.trim(), "{text:?}");
                    assert_eq!(trim_start(&text), text.trim_start(), "{text:?}");
                    assert_eq!(trim_end(&text), text.trim_end(), "{text:?}");
                }
            }
        }
    }
}
