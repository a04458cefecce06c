-- A base's cleaning options (CleaningOptions as JSON: traditional_to_simplified, remove_headers_and_footers, ...);
-- null for bases made before: they clean with the defaults.
alter table kb_bases add column cleaning text;
