//! Customers (Khách hàng), for a broker who declares for many companies: the list (tax code,
//! name, address, phone), a form to add or edit one with its defaults (the header fields the
//! field table marks as customer defaults: type code, office, incoterm…), delete (asked first),
//! and a new import or export declaration for a customer, filled from them. The tax code is
//! checked as the rules check a declaration's ([`TaxCode`]: 10 digits, or 13 for a dependent
//! unit), and may not be another customer's.

use eframe::egui;

use super::Frame;
use crate::codes::CodeLists;
use crate::domain::fields::{FieldDef, customer_defaults};
use crate::domain::text::Bilingual;
use crate::domain::{Direction, TaxCode};
use crate::store::Customer;
use crate::ui::command::Command;
use crate::ui::i18n::{Language, Text};
use crate::ui::widgets::confirm_delete;

/// The customers screen's own state: the form being filled and the delete being asked.
#[derive(Debug, Default)]
pub struct CustomersScreen {
    form: Option<CustomerForm>,
    /// The customer asked to be deleted, with its name to show.
    confirm_delete: Option<(i64, String)>,
}

/// What is typed for one customer until it is saved.
#[derive(Debug, Clone, Default)]
struct CustomerForm {
    customer: Customer,
    /// Why the last save was refused, in both languages.
    problem: Option<Bilingual>,
    /// The save was sent; the form closes when the store answers.
    sent: bool,
}

impl CustomersScreen {
    /// The store saved the customer sent: the form closes.
    pub fn saved(&mut self) {
        if self.form.as_ref().is_some_and(|f| f.sent) {
            self.form = None;
        }
    }

    /// The store refused the customer sent: the form stays, as typed, to be corrected.
    pub fn refused(&mut self) {
        if let Some(form) = self.form.as_mut() {
            form.sent = false;
        }
    }

    /// Draws the screen over `customers` (the store's list, by name).
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        customers: &[Customer],
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        ui.horizontal_wrapped(|ui| {
            ui.heading(frame.t(Text::NavCustomers));
            if ui.button(frame.t(Text::AddCustomer)).clicked() {
                self.form = Some(CustomerForm::default());
            }
        });
        ui.weak(frame.t(Text::CustomersHelp));
        ui.separator();
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                if let Some(form) = self.form.as_mut() {
                    if form.show(ui, frame, customers, &mut commands) {
                        self.form = None;
                    }
                    ui.separator();
                }
                self.table(ui, frame, customers, &mut commands);
            });
        self.confirm_delete_window(ui, frame, &mut commands);
        commands
    }

    fn table(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        customers: &[Customer],
        commands: &mut Vec<Command>,
    ) {
        if customers.is_empty() {
            ui.label(frame.t(Text::NoCustomers));
            return;
        }
        egui::Grid::new("customers")
            .striped(true)
            .num_columns(5)
            .spacing([14.0, 6.0])
            .show(ui, |ui| {
                for text in [
                    Text::ColumnActions,
                    Text::CustomerTaxCode,
                    Text::CustomerName,
                    Text::CustomerAddress,
                    Text::CustomerPhone,
                ] {
                    ui.strong(frame.t(text));
                }
                ui.end_row();
                for customer in customers {
                    ui.horizontal(|ui| {
                        if ui.small_button(frame.t(Text::Edit)).clicked() {
                            self.form = Some(CustomerForm {
                                customer: customer.clone(),
                                ..CustomerForm::default()
                            });
                        }
                        if ui.small_button(frame.t(Text::Delete)).clicked() {
                            self.confirm_delete = Some((customer.id, customer.name.clone()));
                        }
                        for (direction, text) in [
                            (Direction::Import, Text::NewImportForCustomer),
                            (Direction::Export, Text::NewExportForCustomer),
                        ] {
                            if ui.small_button(frame.t(text)).clicked() {
                                commands.push(Command::NewForCustomer(
                                    Box::new(customer.clone()),
                                    direction,
                                ));
                            }
                        }
                    });
                    ui.monospace(&customer.tax_code);
                    ui.label(&customer.name);
                    ui.label(&customer.address);
                    ui.label(&customer.phone);
                    ui.end_row();
                }
            });
    }

    /// The delete confirmation, a small window over the list.
    fn confirm_delete_window(
        &mut self,
        ui: &egui::Ui,
        frame: &Frame<'_>,
        commands: &mut Vec<Command>,
    ) {
        let Some((id, name)) = self.confirm_delete.clone() else {
            return;
        };
        match confirm_delete(ui, frame.language, &name, Text::ConfirmDeleteCustomer) {
            Some(true) => {
                commands.push(Command::DeleteCustomer(id));
                if self.form.as_ref().is_some_and(|f| f.customer.id == id) {
                    self.form = None;
                }
                self.confirm_delete = None;
            }
            Some(false) => self.confirm_delete = None,
            None => {}
        }
    }
}

impl CustomerForm {
    /// Draws the form; pushes the save when what is typed holds. Whether it was cancelled.
    fn show(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        customers: &[Customer],
        commands: &mut Vec<Command>,
    ) -> bool {
        ui.strong(frame.t(if self.customer.id == 0 {
            Text::NewCustomer
        } else {
            Text::EditCustomer
        }));
        egui::Grid::new("customer-form")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let c = &mut self.customer;
                for (text, value) in [
                    (Text::CustomerTaxCode, &mut c.tax_code),
                    (Text::CustomerName, &mut c.name),
                    (Text::CustomerAddress, &mut c.address),
                    (Text::CustomerPhone, &mut c.phone),
                ] {
                    text_row(ui, frame.t(text), value);
                }
                for field in customer_defaults() {
                    let value = c.defaults.entry(field.path.to_owned()).or_default();
                    text_row(ui, &default_label(field, frame), value);
                }
            });
        if let Some(problem) = &self.problem {
            ui.colored_label(
                egui::Color32::from_rgb(200, 40, 40),
                problem.pick(frame.vietnamese()),
            );
        }
        let mut cancelled = false;
        ui.horizontal(|ui| {
            if ui
                .add_enabled(!self.sent, egui::Button::new(frame.t(Text::SaveCustomer)))
                .clicked()
            {
                self.problem = problem(&self.customer, customers, frame.codes);
                if self.problem.is_none() {
                    commands.push(Command::SaveCustomer(Box::new(cleaned(&self.customer))));
                    self.sent = true;
                }
            }
            if ui.button(frame.t(Text::Cancel)).clicked() {
                cancelled = true;
            }
        });
        cancelled
    }
}

/// A default field's official name; "(NK)"/"(XK)" when it belongs to one direction only.
fn default_label(field: &FieldDef, frame: &Frame<'_>) -> String {
    let direction = if field.applies_to(Direction::Import) {
        Direction::Import
    } else {
        Direction::Export
    };
    let names = field.label.get(direction);
    let name = frame.language.pick(names.vi, names.en);
    match field.only {
        Some(Direction::Import) => format!("{name} {}", frame.t(Text::ImportOnly)),
        Some(Direction::Export) => format!("{name} {}", frame.t(Text::ExportOnly)),
        None => name.to_owned(),
    }
}

/// Why `customer` cannot be saved beside the `others` the store has, if it cannot: a tax code
/// that is not one or is another customer's, no name, or a default code that is in none of its
/// field's code tables.
fn problem(customer: &Customer, others: &[Customer], codes: &CodeLists) -> Option<Bilingual> {
    let said = |text: Text| {
        Some(Bilingual::new(
            text.get(Language::Vietnamese),
            text.get(Language::English),
        ))
    };
    let Ok(tax_code) = customer.tax_code.parse::<TaxCode>() else {
        return said(Text::CustomerTaxCodeInvalid);
    };
    if customer.name.trim().is_empty() {
        return said(Text::CustomerNameMissing);
    }
    let taken = others.iter().any(|other| {
        other.id != customer.id
            && other
                .tax_code
                .parse::<TaxCode>()
                .is_ok_and(|t| t.as_str() == tax_code.as_str())
    });
    if taken {
        return said(Text::CustomerTaxCodeTaken);
    }
    customer_defaults().find_map(|field| {
        let value = customer.defaults.get(field.path)?.trim();
        let tables: Vec<_> = [Direction::Import, Direction::Export]
            .into_iter()
            .filter(|d| field.applies_to(*d))
            .filter_map(|d| field.table_for(d))
            .collect();
        let known = value.is_empty()
            || tables.is_empty()
            || tables.iter().any(|t| codes.table(*t).contains(value));
        (!known).then(|| {
            let names = field.label.get(if field.applies_to(Direction::Import) {
                Direction::Import
            } else {
                Direction::Export
            });
            Bilingual::new(
                format!(
                    "{}: \"{value}\" {}",
                    names.vi,
                    Text::CodeNotInTable.get(Language::Vietnamese)
                ),
                format!(
                    "{}: \"{value}\" {}",
                    names.en,
                    Text::CodeNotInTable.get(Language::English)
                ),
            )
        })
    })
}

/// The customer as it is kept: text trimmed, codes upper case, empty defaults left out.
fn cleaned(customer: &Customer) -> Customer {
    Customer {
        id: customer.id,
        tax_code: customer.tax_code.trim().to_owned(),
        name: customer.name.trim().to_owned(),
        address: customer.address.trim().to_owned(),
        phone: customer.phone.trim().to_owned(),
        defaults: customer
            .defaults
            .iter()
            .map(|(key, value)| (key.clone(), value.trim().to_uppercase()))
            .filter(|(_, value)| !value.is_empty())
            .collect(),
    }
}

/// A labelled one-line box in a two-column grid.
fn text_row(ui: &mut egui::Ui, label: &str, value: &mut String) {
    let label = ui.label(label).id;
    ui.add(egui::TextEdit::singleline(value).desired_width(320.0))
        .labelled_by(label);
    ui.end_row();
}

#[cfg(test)]
mod tests;
