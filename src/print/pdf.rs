//! The PDF writer: draws laid-out pages with krilla. Text is shaped with the same rustybuzz
//! shaping the layout measured with ([`super::fonts`]) and drawn as glyphs of the bundled
//! fonts; krilla embeds only the glyphs used (a subset of each TTF, CID-keyed) with a
//! `ToUnicode` map, so the text can be searched, copied and extracted (`pdftotext`).

use krilla::Document;
use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};

use super::fonts::{DEJAVU_SANS, FontId, Fonts, NOTO_SANS};
use super::page::{Item, PAGE_HEIGHT, PAGE_WIDTH, Page};
use super::{Language, PrintError};

/// Grey of the heading bands (0 black … 255 white).
const SHADE: u8 = 228;
/// Outline width that makes the regular face look bold, points.
const BOLD_STROKE: f32 = 0.28;

/// Writes `pages` as an A4 PDF titled `title`.
pub(super) fn write(
    pages: &[Page],
    title: &str,
    language: Language,
) -> Result<Vec<u8>, PrintError> {
    let fonts = Fonts::bundled()?;
    let noto = Font::new(NOTO_SANS.into(), 0).ok_or(PrintError::Font("Noto Sans"))?;
    let dejavu = Font::new(DEJAVU_SANS.into(), 0).ok_or(PrintError::Font("DejaVu Sans"))?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_owned())
            .creator("KhaiBao".to_owned())
            .language(
                match language {
                    Language::Vi => "vi",
                    Language::En => "en",
                }
                .to_owned(),
            ),
    );
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| PrintError::Pdf("A4 size refused".to_owned()))?;
    for page in pages {
        let mut pdf_page = document.start_page_with(settings.clone());
        let mut surface = pdf_page.surface();
        for item in &page.items {
            draw(&mut surface, item, &fonts, &noto, &dejavu);
        }
        surface.finish();
        pdf_page.finish();
    }
    document
        .finish()
        .map_err(|e| PrintError::Pdf(format!("{e:?}")))
}

fn black_fill() -> Fill {
    Fill {
        paint: luma::Color::black().into(),
        opacity: NormalizedF32::ONE,
        rule: krilla::paint::FillRule::default(),
    }
}

fn draw(surface: &mut Surface<'_>, item: &Item, fonts: &Fonts, noto: &Font, dejavu: &Font) {
    match item {
        Item::Text {
            x,
            y,
            size,
            text,
            font,
            bold,
        } => {
            let glyphs: Vec<KrillaGlyph> = fonts
                .shape(*font, text)
                .into_iter()
                .map(|g| KrillaGlyph {
                    glyph_id: GlyphId::new(u32::from(g.id)),
                    text_range: g.range,
                    x_advance: g.x_advance,
                    x_offset: g.x_offset,
                    y_offset: g.y_offset,
                    y_advance: 0.0,
                    location: None,
                })
                .collect();
            let pdf_font = match font {
                FontId::Noto => noto.clone(),
                FontId::DejaVu => dejavu.clone(),
            };
            surface.set_fill(Some(black_fill()));
            surface.set_stroke(bold.then(|| Stroke {
                width: BOLD_STROKE,
                ..Stroke::default()
            }));
            surface.draw_glyphs(
                Point::from_xy(*x, *y),
                &glyphs,
                pdf_font,
                text,
                *size,
                false,
            );
            surface.set_stroke(None);
        }
        Item::Rule {
            x1,
            y1,
            x2,
            y2,
            width,
        } => {
            let mut path = PathBuilder::new();
            path.move_to(*x1, *y1);
            path.line_to(*x2, *y2);
            if let Some(path) = path.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    width: *width,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
                surface.set_stroke(None);
            }
        }
        Item::Shade { x, y, w, h } => {
            let mut path = PathBuilder::new();
            if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                path.push_rect(rect);
            }
            if let Some(path) = path.finish() {
                surface.set_stroke(None);
                surface.set_fill(Some(Fill {
                    paint: luma::Color::new(SHADE).into(),
                    ..black_fill()
                }));
                surface.draw_path(&path);
            }
        }
    }
}
