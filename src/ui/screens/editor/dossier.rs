//! The declaration's electronic dossier (tab *Hồ sơ đính kèm*): the files attached, each with
//! whether it was sent (its HYS receipt number), whether the stored copy is intact and whether
//! the original changed since; adding files (the system's dialog, or a typed path), removing one
//! not sent, sending the unsent ones with HYS (phone, remarks with their byte count), the
//! receipt numbers quoted in EA/EB, and the archive for an audit. The screen returns commands;
//! the worker reads and writes the files.

use eframe::egui;
use strum::VariantArray as _;

use super::{EditorState, Frame};
use crate::domain::dossier::{DocumentKind, MAX_REMARKS_BYTES};
use crate::ui::command::Command;
use crate::ui::i18n::Text;
use crate::workflow::dossier::{AttachmentStatus, HysForm, Original};

/// What the broker types on the dossier tab.
#[derive(Debug, Clone)]
pub struct DossierForm {
    /// The kind the next files are attached as.
    pub kind: DocumentKind,
    /// A path typed (where no file dialog can open).
    pub path: String,
    /// The HYS application's fields.
    pub hys: HysForm,
}

impl Default for DossierForm {
    fn default() -> Self {
        Self {
            kind: DocumentKind::Invoice,
            path: String::new(),
            hys: HysForm::default(),
        }
    }
}

impl EditorState {
    /// The dossier tab.
    pub(super) fn dossier_view(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>) {
        let t = |text: Text| frame.t(text);
        let lang = frame.language;
        ui.heading(t(Text::TabDossier));
        ui.label(t(Text::DossierHelp));
        if self.id.is_none() {
            ui.colored_label(
                egui::Color32::from_rgb(200, 120, 0),
                t(Text::DossierSaveFirst),
            );
            return;
        }
        ui.separator();
        self.add_files(ui, frame);
        ui.separator();
        self.attachment_list(ui, frame);
        ui.separator();
        self.hys_form(ui, frame);
        ui.separator();
        let quoted: Vec<String> = self
            .declaration
            .attachment_numbers
            .iter()
            .filter_map(|a| {
                a.number
                    .as_deref()
                    .map(|n| format!("{} {n}", a.class.as_deref().unwrap_or("").trim()))
            })
            .collect();
        ui.label(format!(
            "{}: {}",
            t(Text::QuotedInDeclaration),
            if quoted.is_empty() {
                lang.pick("chưa có", "none").to_owned()
            } else {
                quoted.join(" · ")
            }
        ));
        ui.horizontal_wrapped(|ui| {
            if ui.button(t(Text::ExportArchive)).clicked() {
                self.pending.push(Command::ExportArchive);
            }
            ui.label(t(Text::RetentionNote));
        });
    }

    fn add_files(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>) {
        let lang = frame.language;
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(frame.t(Text::DocumentKindLabel));
            egui::ComboBox::from_id_salt("dossier-kind")
                .selected_text(
                    lang.pick(&self.dossier.kind.name().vi, &self.dossier.kind.name().en),
                )
                .show_ui(ui, |ui| {
                    for kind in DocumentKind::VARIANTS {
                        let name = kind.name();
                        ui.selectable_value(
                            &mut self.dossier.kind,
                            *kind,
                            lang.pick(&name.vi, &name.en),
                        );
                    }
                })
                .response
                .labelled_by(label.id);
            if ui.button(frame.t(Text::AttachFiles)).clicked() {
                self.pending
                    .push(Command::BrowseAttachments(self.dossier.kind));
            }
            let label = ui.label(frame.t(Text::OrTypedFile));
            ui.add(
                egui::TextEdit::singleline(&mut self.dossier.path)
                    .hint_text(frame.t(Text::AttachmentPathHint))
                    .desired_width(260.0),
            )
            .labelled_by(label.id);
            let typed = self.dossier.path.trim().to_owned();
            if ui
                .add_enabled(
                    !typed.is_empty(),
                    egui::Button::new(frame.t(Text::AttachTyped)),
                )
                .clicked()
            {
                self.pending.push(Command::Attach {
                    paths: vec![typed.into()],
                    kind: self.dossier.kind,
                });
                self.dossier.path.clear();
            }
        });
        ui.small(frame.t(Text::AttachmentLimits));
    }

    fn attachment_list(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>) {
        let lang = frame.language;
        if self.attachments.is_empty() {
            ui.label(frame.t(Text::NoAttachments));
            return;
        }
        let mut remove = None;
        egui::Grid::new("attachments")
            .striped(true)
            .num_columns(5)
            .show(ui, |ui| {
                for header in [
                    Text::ColumnFile,
                    Text::DocumentKindLabel,
                    Text::ColumnSize,
                    Text::ColumnSent,
                    Text::ColumnChecks,
                ] {
                    ui.strong(frame.t(header));
                }
                ui.end_row();
                for status in &self.attachments {
                    let a = &status.attachment;
                    ui.label(&a.name);
                    ui.label(lang.pick(&a.kind.name().vi, &a.kind.name().en));
                    ui.label(size_text(a.size, lang.is_vietnamese()));
                    match &a.receipt {
                        Some(receipt) => ui.label(format!("HYS {receipt}")),
                        None => {
                            ui.horizontal(|ui| {
                                ui.label(frame.t(Text::NotSent));
                                if ui.small_button(frame.t(Text::RemoveAttachment)).clicked() {
                                    remove = Some(a.id);
                                }
                            })
                            .response
                        }
                    };
                    checks(ui, frame, status);
                    ui.end_row();
                }
            });
        if let Some(id) = remove {
            self.pending.push(Command::RemoveAttachment(id));
        }
    }

    fn hys_form(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>) {
        let t = |text: Text| frame.t(text);
        let unsent = self
            .attachments
            .iter()
            .filter(|s| s.attachment.receipt.is_none())
            .count();
        ui.strong(t(Text::SendWithHys));
        egui::Grid::new("hys-form").num_columns(2).show(ui, |ui| {
            let label = ui.label(t(Text::HysOffice));
            ui.add(
                egui::TextEdit::singleline(&mut self.dossier.hys.office)
                    .hint_text(self.declaration.office.clone().unwrap_or_default()),
            )
            .labelled_by(label.id);
            ui.end_row();
            let label = ui.label(t(Text::HysPhone));
            ui.add(
                egui::TextEdit::singleline(&mut self.dossier.hys.phone)
                    .hint_text(self.declaration.declarant.phone.clone().unwrap_or_default()),
            )
            .labelled_by(label.id);
            ui.end_row();
            let label = ui.label(t(Text::HysRemarks));
            ui.vertical(|ui| {
                ui.add(
                    egui::TextEdit::multiline(&mut self.dossier.hys.remarks)
                        .desired_rows(2)
                        .desired_width(360.0),
                )
                .labelled_by(label.id);
                let bytes = self.dossier.hys.remarks.len();
                let counter = format!("{bytes}/{MAX_REMARKS_BYTES} byte");
                if bytes > MAX_REMARKS_BYTES {
                    ui.colored_label(egui::Color32::from_rgb(200, 40, 40), counter);
                } else {
                    ui.small(counter);
                }
            });
            ui.end_row();
        });
        let label = format!("{} ({unsent})", t(Text::SendDossier));
        if ui
            .add_enabled(unsent > 0 && !frame.busy, egui::Button::new(label))
            .clicked()
        {
            self.pending
                .push(Command::SendDossier(self.dossier.hys.clone()));
        }
    }
}

/// The checks of one attachment: the stored copy's hash, the original file.
fn checks(ui: &mut egui::Ui, frame: &Frame<'_>, status: &AttachmentStatus) {
    let lang = frame.language;
    let red = egui::Color32::from_rgb(200, 40, 40);
    let amber = egui::Color32::from_rgb(200, 120, 0);
    ui.vertical(|ui| {
        if let Some(damaged) = &status.damaged {
            ui.colored_label(red, lang.pick(&damaged.vi, &damaged.en));
        } else {
            ui.label(frame.t(Text::StoredCopyIntact));
        }
        match status.original {
            Original::Changed => {
                ui.colored_label(amber, frame.t(Text::OriginalChanged));
            }
            Original::Missing => {
                ui.small(frame.t(Text::OriginalMissing));
            }
            Original::Same | Original::Unknown => {}
        }
    });
}

/// A size in KB or MB, in the language's decimal mark.
fn size_text(bytes: u64, vietnamese: bool) -> String {
    let text = if bytes >= 1_048_576 {
        format!(
            "{}.{} MB",
            bytes / 1_048_576,
            bytes % 1_048_576 * 10 / 1_048_576
        )
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    };
    if vietnamese {
        text.replace('.', ",")
    } else {
        text
    }
}
