//! A kept page sent compressed without compressing it again: its shared
//! text is compressed once, piece by piece, each piece on its own (nothing
//! in one refers back into another, so a request's own values can go in
//! between), and each request joins the pieces and its values into one
//! stream. gzip: raw deflate pieces ending on a byte boundary, the values as
//! stored blocks, one header and checksum around them. Brotli: pieces made
//! for concatenation (brotli's `catable` mode), the values compressed as
//! small streams of the same kind, joined by the crate's own `BroCatli`.

use std::io::Write;
use std::sync::OnceLock;

use brotli::concat::{BroCatli, BroCatliResult};
use brotli::enc::BrotliEncoderParams;
use flate2::{Compress, Compression, FlushCompress};

use super::compression::Coding;

/// Brotli's window, for every piece: the largest the pages need.
const BROTLI_WINDOW: u8 = 22;

/// One part of a page, in order: text compressed once (`Piece`), or a
/// request's own value, compressed as it is joined.
pub enum Part<'a> {
    Piece(&'a Piece),
    Value(&'a str),
}

/// A piece of shared text, compressed each way the first time that way is
/// asked for.
#[derive(Debug)]
pub struct Piece {
    text: Box<str>,
    deflated: OnceLock<Box<[u8]>>,
    brotli: OnceLock<Box<[u8]>>,
}

impl Part<'_> {
    /// The text this part stands for.
    pub fn plain(&self) -> &str {
        match self {
            Part::Piece(piece) => piece.text(),
            Part::Value(value) => value,
        }
    }
}

/// `parts` as plain text.
pub fn plain(parts: &[Part<'_>]) -> String {
    parts.iter().map(Part::plain).collect()
}

/// How long `plain(parts)` is.
pub fn plain_len(parts: &[Part<'_>]) -> usize {
    parts.iter().map(|p| p.plain().len()).sum()
}

impl Piece {
    pub fn new(text: Box<str>) -> Piece {
        Piece {
            text,
            deflated: OnceLock::new(),
            brotli: OnceLock::new(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The most bytes it will hold: the text, and each compressed form at
    /// most a quarter of it (HTML compresses to a fifth or less).
    pub fn size(&self) -> usize {
        self.text.len() + self.text.len() / 2
    }

    fn deflated(&self) -> &[u8] {
        self.deflated
            .get_or_init(|| deflate_alone(self.text.as_bytes()).into_boxed_slice())
    }

    fn brotli(&self) -> &[u8] {
        self.brotli
            .get_or_init(|| brotli_alone(self.text.as_bytes(), 5).into_boxed_slice())
    }
}

/// `parts` as one stream in `coding`.
pub fn join(coding: Coding, parts: &[Part<'_>]) -> Vec<u8> {
    match coding {
        Coding::Gzip => join_gzip(parts),
        Coding::Brotli => join_brotli(parts),
    }
}

/// Raw deflate of `text` with no history before it, ending with a sync
/// flush: on a byte boundary, and not the final block.
fn deflate_alone(text: &[u8]) -> Vec<u8> {
    let mut deflate = Compress::new(Compression::new(6), false);
    let mut out = Vec::with_capacity(text.len() / 3 + 64);
    loop {
        let read = deflate.total_in() as usize;
        // Only a full output buffer stops it early; then there is more room.
        deflate
            .compress_vec(&text[read..], &mut out, FlushCompress::Sync)
            .expect("deflating into memory cannot fail");
        if deflate.total_in() as usize == text.len() && out.len() < out.capacity() {
            return out;
        }
        out.reserve(out.capacity().max(4096));
    }
}

fn join_gzip(parts: &[Part<'_>]) -> Vec<u8> {
    let plain_bytes = plain_len(parts);
    let mut out = Vec::with_capacity(plain_bytes / 4 + 64);
    // RFC 1952: the magic bytes, deflate, no flags, no time, no extra
    // flags, an unknown system.
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    let mut crc = crc32fast::Hasher::new();
    for part in parts {
        crc.update(part.plain().as_bytes());
        match part {
            Part::Piece(piece) => out.extend_from_slice(piece.deflated()),
            Part::Value(value) => {
                // Stored blocks (RFC 1951 3.2.4): a byte of header bits, the
                // length and its complement, the bytes themselves.
                for chunk in value.as_bytes().chunks(usize::from(u16::MAX)) {
                    let len = chunk.len() as u16;
                    out.push(0);
                    out.extend_from_slice(&len.to_le_bytes());
                    out.extend_from_slice(&(!len).to_le_bytes());
                    out.extend_from_slice(chunk);
                }
            }
        }
    }
    // The final block, empty; the checksum and the length of the text.
    out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    out.extend_from_slice(&crc.finalize().to_le_bytes());
    out.extend_from_slice(&(plain_bytes as u32).to_le_bytes());
    out
}

/// A brotli stream of `text` made to be joined to others.
fn brotli_alone(text: &[u8], quality: i32) -> Vec<u8> {
    let params = BrotliEncoderParams {
        quality,
        lgwin: i32::from(BROTLI_WINDOW),
        catable: true,
        size_hint: text.len(),
        ..BrotliEncoderParams::default()
    };
    let mut out = Vec::with_capacity(text.len() / 4 + 16);
    {
        let mut writer = brotli::CompressorWriter::with_params(&mut out, 4096, &params);
        writer.write_all(text).expect("compressing into memory cannot fail");
    }
    out
}

fn join_brotli(parts: &[Part<'_>]) -> Vec<u8> {
    let mut joiner = BroCatli::new_with_window_size(BROTLI_WINDOW);
    let mut out = vec![0; plain_len(parts) / 4 + 64];
    let mut written = 0;
    let mut value_stream;
    for part in parts {
        let stream: &[u8] = match part {
            Part::Piece(piece) => piece.brotli(),
            Part::Value(value) => {
                // Quality 1: a value is a name or a token, too short to gain more.
                value_stream = brotli_alone(value.as_bytes(), 1);
                &value_stream
            }
        };
        joiner.new_brotli_file();
        let mut read = 0;
        loop {
            match joiner.stream(stream, &mut read, &mut out, &mut written) {
                BroCatliResult::NeedsMoreInput => break,
                BroCatliResult::NeedsMoreOutput => out.resize(out.len() * 2, 0),
                failure => unreachable!("pieces are made to be joined: {failure:?}"),
            }
        }
    }
    loop {
        match joiner.finish(&mut out, &mut written) {
            BroCatliResult::Success => break,
            BroCatliResult::NeedsMoreOutput => out.resize(out.len() * 2, 0),
            failure => unreachable!("pieces are made to be joined: {failure:?}"),
        }
    }
    out.truncate(written);
    out
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn gunzip(bytes: &[u8]) -> String {
        let mut plain = String::new();
        flate2::read::GzDecoder::new(bytes).read_to_string(&mut plain).unwrap();
        plain
    }

    fn unbrotli(bytes: &[u8]) -> String {
        let mut plain = Vec::new();
        brotli::BrotliDecompress(&mut &bytes[..], &mut plain).unwrap();
        String::from_utf8(plain).unwrap()
    }

    #[test]
    fn pieces_and_values_join_into_one_stream_each_way() {
        let head = Piece::new("<header>".repeat(300).into());
        let rows = Piece::new("<tr><td>Ada Admin</td></tr>".repeat(400).into());
        let parts = [
            Part::Piece(&head),
            Part::Value("Zoë Ünïcode"),
            Part::Piece(&rows),
            Part::Value(""),
            Part::Value("token-123"),
            Part::Piece(&head),
        ];
        let expected = format!("{}Zoë Ünïcode{}token-123{}", head.text(), rows.text(), head.text());
        for coding in [Coding::Gzip, Coding::Brotli] {
            let joined = join(coding, &parts);
            let plain = match coding {
                Coding::Gzip => gunzip(&joined),
                Coding::Brotli => unbrotli(&joined),
            };
            assert_eq!(plain, expected, "{coding:?}");
            assert!(joined.len() < expected.len() / 10, "{coding:?}: {} bytes", joined.len());
        }
    }

    #[test]
    fn a_long_value_spans_several_stored_blocks() {
        let value = "é".repeat(70_000);
        let piece = Piece::new("<p>".into());
        let parts = [Part::Piece(&piece), Part::Value(&value)];
        assert_eq!(gunzip(&join(Coding::Gzip, &parts)), format!("<p>{value}"));
        assert_eq!(unbrotli(&join(Coding::Brotli, &parts)), format!("<p>{value}"));
    }

    #[test]
    fn values_alone_make_a_stream_too() {
        let parts = [Part::Value("only"), Part::Value(" values")];
        assert_eq!(gunzip(&join(Coding::Gzip, &parts)), "only values");
        assert_eq!(unbrotli(&join(Coding::Brotli, &parts)), "only values");
    }
}
