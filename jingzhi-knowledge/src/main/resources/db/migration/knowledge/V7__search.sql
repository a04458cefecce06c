-- The search portal's rankings count kb_document_event per base, kind and period: (kb_id, kind, at) serves the
-- "bases the caller may read" filter. The zombie report's last hit per document reads kb_document_event_doc (V1).
create index kb_document_event_kb on kb_document_event (kb_id, kind, at);
