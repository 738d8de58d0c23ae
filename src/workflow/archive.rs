//! Archives of registered declarations for an audit ([`crate::archive`]): one declaration, or
//! every declaration registered in a month (Vietnam dates), each with its printed form.

use std::path::Path;

use crate::archive::{Entry, Manifest};
use crate::print::{Kind, PrintJob};
use crate::store::DraftId;

use super::{Workflow, WorkflowError};

impl Workflow {
    /// Writes the archive of the declarations `ids` to `target` (ZIP, replaced atomically).
    ///
    /// # Errors
    /// An unknown declaration, an attachment whose stored copy changed (the archive is not
    /// written), the file system's errors.
    pub fn export_archive(
        &mut self,
        ids: &[DraftId],
        target: &Path,
    ) -> Result<Manifest, WorkflowError> {
        let now = self.now();
        let mut entries = Vec::new();
        for &id in ids {
            let record = self.store.archive_record(id, now)?;
            let view = self.store.last_response(id)?.and_then(|r| r.declaration);
            let timeline = self.store.timeline(id)?;
            let date = record
                .draft
                .declaration
                .planned_date
                .unwrap_or_else(|| self.today());
            let mut job = PrintJob::new(record.draft.declaration.clone(), now);
            if let Some(view) = view.as_deref() {
                job = job.with_view(view).with_timeline(&timeline);
            }
            // A declaration the printer cannot lay out is archived without its print.
            let printed =
                crate::print::render(&job.with_tables(&self.codes, date), Kind::Declaration).ok();
            entries.push(Entry { record, printed });
        }
        Ok(crate::archive::write(target, &entries, now)?)
    }

    /// The declarations registered in `month` (Vietnam dates) of `year`.
    pub fn registered_in(&self, year: i32, month: u32) -> Result<Vec<DraftId>, WorkflowError> {
        Ok(self.store.registered_in(year, month)?)
    }
}
