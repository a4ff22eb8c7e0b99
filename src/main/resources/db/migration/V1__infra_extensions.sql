-- Extensions the design relies on: exclusion constraints over ranges (bookings), trigram
-- similarity (typo-tolerant search) and accent-insensitive text search.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;
