//! A broker's library in the store: the column mapping each customer's spreadsheets use (so the
//! next import of that customer's invoice needs no mapping), named declaration templates per
//! customer, and the customer's accepted goods lines for "fill from history".

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::{DraftState, Store, StoreError, direction_text};
use crate::domain::{Declaration, Direction};
use crate::goods_sheet::Mapping;

/// A named template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSummary {
    /// Id in the store.
    pub id: i64,
    /// The broker's name for it.
    pub name: String,
    /// The customer's tax code ('' for every customer).
    pub customer: String,
    /// Import or export.
    pub direction: Direction,
    /// When last saved.
    pub saved_at: DateTime<Utc>,
}

/// How many accepted declarations "fill from history" looks through (newest first).
const HISTORY_DEPTH: usize = 200;

fn customer_key(tax_code: &str) -> String {
    tax_code.trim().replace('-', "")
}

impl Store {
    /// Remembers the mapping of a customer's spreadsheets (by tax code).
    pub fn save_goods_mapping(
        &mut self,
        customer: &str,
        mapping: &Mapping,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO goods_mappings (customer, mapping, saved_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(customer) DO UPDATE SET mapping = excluded.mapping, saved_at = excluded.saved_at",
            params![customer_key(customer), serde_json::to_string(mapping)?, now.to_rfc3339()],
        )?;
        Ok(())
    }

    /// The mapping remembered for a customer's spreadsheets; `None` when there is none (or a
    /// newer version wrote one this one cannot read).
    pub fn goods_mapping(&self, customer: &str) -> Result<Option<Mapping>, StoreError> {
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT mapping FROM goods_mappings WHERE customer = ?1",
                [customer_key(customer)],
                |r| r.get(0),
            )
            .optional()?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    }

    /// Saves a declaration as a named template for a customer ('' for all); the same name for
    /// the same customer is replaced. What each shipment has its own is cleared first
    /// ([`crate::domain::copy::copy_for_new`]).
    pub fn save_template(
        &mut self,
        name: &str,
        customer: &str,
        declaration: &Declaration,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let kept = crate::domain::copy::copy_for_new(declaration);
        let customer = customer_key(customer);
        self.conn.execute(
            "INSERT INTO templates (name, customer, direction, data, saved_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(customer, name) DO UPDATE SET direction = excluded.direction,
                 data = excluded.data, saved_at = excluded.saved_at",
            params![name.trim(), customer, direction_text(kept.direction), serde_json::to_string(&kept)?, now.to_rfc3339()],
        )?;
        Ok(self.conn.query_row(
            "SELECT id FROM templates WHERE customer = ?1 AND name = ?2",
            params![customer, name.trim()],
            |r| r.get(0),
        )?)
    }

    /// The templates for a customer (its own and those for all), or every template, by name.
    pub fn templates(&self, customer: Option<&str>) -> Result<Vec<TemplateSummary>, StoreError> {
        let mut statement = self.conn.prepare(
            "SELECT id, name, customer, direction, saved_at FROM templates
             WHERE ?1 IS NULL OR customer IN ('', ?1) ORDER BY name, customer",
        )?;
        let rows = statement.query_map([customer.map(customer_key)], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        rows.map(|row| {
            let (id, name, customer, direction, saved_at) = row?;
            Ok(TemplateSummary {
                id,
                name,
                customer,
                direction: if direction == "export" {
                    Direction::Export
                } else {
                    Direction::Import
                },
                saved_at: super::time(&saved_at),
            })
        })
        .collect()
    }

    /// A template's declaration.
    pub fn template(&self, id: i64) -> Result<Declaration, StoreError> {
        let text: Option<String> = self
            .conn
            .query_row("SELECT data FROM templates WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        let text = text.ok_or(StoreError::NotFound(id))?;
        Ok(crate::domain::file::composed(serde_json::from_str(&text)?))
    }

    /// Deletes a template.
    pub fn delete_template(&mut self, id: i64) -> Result<(), StoreError> {
        match self
            .conn
            .execute("DELETE FROM templates WHERE id = ?1", [id])?
        {
            0 => Err(StoreError::NotFound(id)),
            _ => Ok(()),
        }
    }

    /// Drafts not yet sent (state draft), with their declarations: where the next declarations
    /// of a split invoice wait for the first one's number.
    pub fn unsent_drafts(&self) -> Result<Vec<(super::DraftId, Declaration)>, StoreError> {
        let mut statement = self
            .conn
            .prepare("SELECT id, data FROM drafts WHERE state = ?1 ORDER BY id")?;
        let rows = statement.query_map([DraftState::Draft.as_str()], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, data) = row?;
            out.push((id, serde_json::from_str(&data)?));
        }
        Ok(out)
    }

    /// A customer's accepted declarations (registered or cleared; the declarant's tax code,
    /// dash or not), newest first, at most 200: what "fill from history" looks through.
    pub fn accepted_declarations(&self, customer: &str) -> Result<Vec<Declaration>, StoreError> {
        let wanted = customer_key(customer);
        let mut statement = self.conn.prepare(
            "SELECT data FROM drafts WHERE state IN (?1, ?2) ORDER BY updated_at DESC, id DESC",
        )?;
        let rows = statement.query_map(
            params![
                DraftState::Registered.as_str(),
                DraftState::Cleared.as_str()
            ],
            |r| r.get::<_, String>(0),
        )?;
        let mut out = Vec::new();
        for row in rows {
            // A row a newer version wrote and this one cannot read is no history to suggest.
            let Ok(d) = serde_json::from_str::<Declaration>(&row?) else {
                continue;
            };
            let code = d.declarant.tax_code.as_deref().map(customer_key);
            if code.as_deref() == Some(wanted.as_str()) {
                out.push(d);
                if out.len() == HISTORY_DEPTH {
                    break;
                }
            }
        }
        Ok(out)
    }
}
