//! The bundled fonts, shaped with rustybuzz (the shaper krilla itself uses): text is measured
//! here for the layout and shaped again the same way when the PDF is written, so what was
//! measured is what is drawn.
//!
//! Noto Sans draws everything Vietnamese (every precomposed letter of Latin Extended Additional);
//! `DejaVu Sans` is the fallback for a run Noto Sans cannot draw whole (arrows, some symbols).
//! Text is put into NFC before shaping, so a decomposed "e + ◌̂ + ◌́" is drawn and extracted as
//! the one letter "ế".

use unicode_normalization::UnicodeNormalization;

use super::PrintError;

/// Noto Sans Regular (SIL OFL 1.1, `assets/fonts/README.md`).
pub(super) const NOTO_SANS: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
/// `DejaVu Sans` (Bitstream Vera / `DejaVu` licence).
pub(super) const DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Which bundled font a run of text is drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontId {
    /// Noto Sans Regular: the font of the form.
    Noto,
    /// `DejaVu Sans`: for a run Noto Sans lacks a glyph of.
    DejaVu,
}

/// One shaped glyph. Advances and offsets are in em (multiply by the font size in points).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Shaped {
    /// Glyph id in its font.
    pub id: u16,
    /// Byte range of the text this glyph draws.
    pub range: std::ops::Range<usize>,
    /// Horizontal advance, em.
    pub x_advance: f32,
    /// Horizontal offset, em.
    pub x_offset: f32,
    /// Vertical offset, em.
    pub y_offset: f32,
}

/// The two parsed faces.
pub(super) struct Fonts {
    noto: rustybuzz::Face<'static>,
    dejavu: rustybuzz::Face<'static>,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fonts(Noto Sans, DejaVu Sans)")
    }
}

impl Fonts {
    /// Parses the bundled fonts.
    pub fn bundled() -> Result<Self, PrintError> {
        let face = |data: &'static [u8], name: &'static str| {
            rustybuzz::Face::from_slice(data, 0).ok_or(PrintError::Font(name))
        };
        Ok(Self {
            noto: face(NOTO_SANS, "Noto Sans")?,
            dejavu: face(DEJAVU_SANS, "DejaVu Sans")?,
        })
    }

    fn face(&self, font: FontId) -> &rustybuzz::Face<'static> {
        match font {
            FontId::Noto => &self.noto,
            FontId::DejaVu => &self.dejavu,
        }
    }

    /// The font a run is drawn in: Noto Sans when it has every character, else `DejaVu Sans`
    /// when that has them all, else Noto Sans (a missing glyph shows as its empty box).
    pub fn choose(&self, text: &str) -> FontId {
        let covers = |face: &rustybuzz::Face<'_>| {
            text.chars()
                .filter(|c| !c.is_whitespace())
                .all(|c| face.glyph_index(c).is_some())
        };
        if covers(&self.noto) || !covers(&self.dejavu) {
            FontId::Noto
        } else {
            FontId::DejaVu
        }
    }

    /// Shapes `text` (already NFC) left to right in `font`.
    pub fn shape(&self, font: FontId, text: &str) -> Vec<Shaped> {
        let face = self.face(font);
        let per_em = f32::from(u16::try_from(face.units_per_em()).unwrap_or(1000).max(1));
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        buffer.set_direction(rustybuzz::Direction::LeftToRight);
        let output = rustybuzz::shape(face, &[], buffer);
        let infos = output.glyph_infos();
        let positions = output.glyph_positions();
        let mut glyphs = Vec::with_capacity(infos.len());
        for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
            let start = info.cluster as usize;
            let end = infos[i..]
                .iter()
                .map(|next| next.cluster as usize)
                .find(|&c| c != start)
                .unwrap_or(text.len());
            #[allow(clippy::cast_precision_loss)] // Font units are small integers.
            glyphs.push(Shaped {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                range: start..end.max(start),
                x_advance: pos.x_advance as f32 / per_em,
                x_offset: pos.x_offset as f32 / per_em,
                y_offset: pos.y_offset as f32 / per_em,
            });
        }
        glyphs
    }

    /// Width of `text` at `size`, in points (the font chosen as [`Fonts::choose`] does).
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let font = self.choose(text);
        self.shape(font, text)
            .iter()
            .map(|g| g.x_advance)
            .sum::<f32>()
            * size
    }

    /// Breaks `text` into lines no wider than `width` points at `size`: at spaces, at line
    /// breaks in the text, and inside a word only when the word alone is too wide.
    pub fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                // A word wider than the column is cut where it no longer fits.
                for c in word.chars() {
                    let mut longer = line.clone();
                    longer.push(c);
                    if !line.is_empty() && self.width(&longer, size) > width {
                        lines.push(std::mem::take(&mut line));
                        line.push(c);
                    } else {
                        line = longer;
                    }
                }
            }
            lines.push(line);
        }
        lines
    }
}

/// `text` in Unicode NFC, as it is drawn and extracted.
pub(super) fn nfc(text: &str) -> String {
    text.nfc().collect()
}
