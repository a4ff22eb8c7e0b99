-- V21 rewrote search_listings, which leaves its visibility map empty, and nothing makes autovacuum come
-- back to a table without dead rows: until then every count's index-only scan reads the table too.
-- (On its own: VACUUM cannot run inside a migration's transaction.)
VACUUM (ANALYZE) search_listings;
