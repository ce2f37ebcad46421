//! Pages sent compressed where they are worth it (larger than a few
//! kilobytes): brotli when the browser asks for it, else gzip, else as
//! they are. Office Wi-Fi and phones get a fraction of the bytes.

use std::io::Write;

/// Pages smaller than this go as they are: compressing them saves too little.
pub const MIN_BYTES: usize = 4 * 1024;

/// A content coding a page can be sent in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Brotli,
    Gzip,
}

impl Coding {
    /// The name `Content-Encoding` gives it.
    pub fn name(self) -> &'static str {
        match self {
            Coding::Brotli => "br",
            Coding::Gzip => "gzip",
        }
    }

    /// The coding to use for an `Accept-Encoding` header: brotli before gzip,
    /// each only when accepted with a weight above 0.
    pub fn chosen(accept_encoding: &str) -> Option<Coding> {
        let accepted = |name: &str| {
            accept_encoding.split(',').take(32).any(|part| {
                let mut pieces = part.split(';');
                let coding = pieces.next().unwrap_or_default().trim();
                let weight_zero = pieces.any(|p| {
                    let p = p.trim();
                    let value = p
                        .split_once('=')
                        .filter(|(name, _)| name.trim().eq_ignore_ascii_case("q"));
                    value
                        .and_then(|(_, q)| q.trim().parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                });
                coding.eq_ignore_ascii_case(name) && !weight_zero
            })
        };
        [Coding::Brotli, Coding::Gzip].into_iter().find(|c| accepted(c.name()))
    }

    /// `body` compressed: brotli at quality 5, gzip at level 6 (fast enough
    /// per request, most of the gain).
    pub fn compress(self, body: &[u8]) -> Option<Vec<u8>> {
        match self {
            Coding::Brotli => {
                let mut out = Vec::with_capacity(body.len() / 4);
                {
                    let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
                    writer.write_all(body).ok()?;
                }
                Some(out)
            }
            Coding::Gzip => {
                let mut encoder =
                    flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 3), flate2::Compression::new(6));
                encoder.write_all(body).ok()?;
                encoder.finish().ok()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brotli_first_then_gzip_and_weight_zero_refuses() {
        assert_eq!(Coding::chosen("gzip, deflate, br, zstd"), Some(Coding::Brotli));
        assert_eq!(Coding::chosen("gzip, deflate"), Some(Coding::Gzip));
        assert_eq!(Coding::chosen("br;q=0, gzip;q=0.5"), Some(Coding::Gzip));
        assert_eq!(Coding::chosen("br;q=0, gzip;q=0"), None);
        // Parameter names are read without regard to case (RFC 9110).
        assert_eq!(Coding::chosen("br;Q=0, gzip"), Some(Coding::Gzip));
        assert_eq!(Coding::chosen("BR ; Q = 0.0, GZIP;Q=0"), None);
        assert_eq!(Coding::chosen("identity"), None);
        assert_eq!(Coding::chosen(""), None);
    }

    #[test]
    fn both_codings_come_back_to_the_same_bytes() {
        let page = "<p>gatehouse</p>".repeat(1000);
        let gz = Coding::Gzip.compress(page.as_bytes()).unwrap();
        let mut plain = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut plain).unwrap();
        assert_eq!(plain, page);
        let br = Coding::Brotli.compress(page.as_bytes()).unwrap();
        let mut plain = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut plain).unwrap();
        assert_eq!(plain, page.as_bytes());
        assert!(br.len() < page.len() / 10 && gz.len() < page.len() / 10);
    }
}
