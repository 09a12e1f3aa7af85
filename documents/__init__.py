"""Official documents in the national format (Decree 30/2020/NĐ-CP), for every feature.

The documents app knows no feature: it imports only `members` (committees and people). Its
public interface:

- `documents.rendering`: `render_pdf(template, context, draft=, pdf_variant=)` (WeasyPrint with
  a fetcher that loads only the bundled fonts), `ARCHIVAL_VARIANT` (PDF/A-3b), the layout's
  building blocks in `rendering.context` (`DocumentContext`, `build_header`, `committee_signature`,
  `dated_line`, `person_line`, ...), the invitation (`rendering.invitation`) and report
  (`rendering.report`) layouts from plain values; the templates `documents/*.html` and their
  stylesheet under static/documents.
- `documents.services.register_next_number(committee=, doc_type=, year=)`: the register's next
  number (per type and year, from 1, never repeated).
- `documents.models.ArchivedDocument`: the abstract archived copy (file, SHA-256, size); a
  feature's concrete table extends it with real foreign keys to what was signed, stores it with
  `documents.services.archived_document_store`, serves it with
  `documents.views.archived_document_response` (the `X-Content-SHA256` header).
- Render jobs (`RenderJob`, `documents.jobs.render_document`, the pages under /documents/jobs/):
  a feature registers a `documents.registry.RenderKind` in its AppConfig.ready() and asks
  `documents.services.render_job_request(kind=, source=, actor=, filename=)`.
- `documents.storage.private_storage`: files outside the static root, served only by
  permission-checked views.
"""
