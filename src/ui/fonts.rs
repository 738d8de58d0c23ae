//! The bundled fonts (see `assets/fonts/README.md`): Noto Sans first in the proportional family
//! and `DejaVu` Sans behind it (arrows and symbols Noto Sans lacks), both as fallbacks of the
//! monospace family, because egui's default fonts lack many Vietnamese letters (ả, ẩ, ữ…).

use std::sync::Arc;

use eframe::egui;

const NOTO_SANS: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
const DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Installs the fonts on a context (before its first frame).
pub fn install(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "noto-sans".to_owned(),
        Arc::new(egui::FontData::from_static(NOTO_SANS)),
    );
    fonts.font_data.insert(
        "dejavu-sans".to_owned(),
        Arc::new(egui::FontData::from_static(DEJAVU_SANS)),
    );
    let proportional = fonts
        .families
        .entry(egui::FontFamily::Proportional)
        .or_default();
    proportional.insert(0, "noto-sans".to_owned());
    proportional.insert(1, "dejavu-sans".to_owned());
    let monospace = fonts
        .families
        .entry(egui::FontFamily::Monospace)
        .or_default();
    monospace.push("noto-sans".to_owned());
    monospace.push("dejavu-sans".to_owned());
    ctx.set_fonts(fonts);
}
