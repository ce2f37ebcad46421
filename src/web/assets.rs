//! The static files compiled into the binary: each with its content type,
//! a version (part of its SHA-256) for long-lived caching under a versioned
//! URL, an ETag, and a gzip copy made once at start for text files.

use std::collections::HashMap;
use std::io::Write;

use rocket::http::ContentType;
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "assets/"]
struct AssetFiles;

/// One embedded file.
pub struct Asset {
    pub content_type: ContentType,
    /// 12 hex digits of the content's SHA-256: in URLs and ETags.
    pub version: String,
    pub plain: std::borrow::Cow<'static, [u8]>,
    /// The gzip copy, when it is smaller.
    pub gzip: Option<Vec<u8>>,
}

/// Every embedded file by its path under /assets.
pub struct Assets(HashMap<String, Asset>);

impl Assets {
    pub fn load() -> Assets {
        let mut files = HashMap::new();
        for name in AssetFiles::iter() {
            let Some(file) = AssetFiles::get(&name) else { continue };
            let version: String = file.metadata.sha256_hash()[..6]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            let extension = name.rsplit('.').next().unwrap_or("");
            let content_type = ContentType::from_extension(extension).unwrap_or(ContentType::Binary);
            let compressible = matches!(extension, "css" | "js" | "svg" | "txt" | "html" | "json");
            let gzip = compressible
                .then(|| gzip(&file.data))
                .flatten()
                .filter(|z| z.len() < file.data.len());
            files.insert(
                name.into_owned(),
                Asset {
                    content_type,
                    version,
                    plain: file.data,
                    gzip,
                },
            );
        }
        Assets(files)
    }

    pub fn get(&self, name: &str) -> Option<&Asset> {
        self.0.get(name)
    }

    /// Each file's versioned URL, `/assets/app.css?v=…`, by name.
    pub fn urls(&self) -> HashMap<String, String> {
        self.0
            .iter()
            .map(|(name, asset)| (name.clone(), format!("/assets/{name}?v={}", asset.version)))
            .collect()
    }
}

fn gzip(data: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data).ok()?;
    encoder.finish().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheet_is_versioned_and_compressed() {
        let assets = Assets::load();
        let css = assets.get("app.css").expect("app.css is embedded");
        assert_eq!(css.content_type, ContentType::CSS);
        assert_eq!(css.version.len(), 12);
        let gz = css.gzip.as_ref().expect("a gzip copy");
        let mut plain = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut plain).unwrap();
        assert_eq!(plain, css.plain.as_ref());
        assert_eq!(assets.urls()["app.css"], format!("/assets/app.css?v={}", css.version));
    }
}
