-- The words of each searchable listing's title, one row each. A keyword search without a place takes
-- its title matches from here in index order and stops once it has enough; the text index (GIN) hands
-- over all matches of a word at once, a hundred thousand rows and more for a word found in every
-- tenth title. Kept with search_listings, in the same transactions (SearchIndex).
CREATE TABLE search_title_words (
    word       text COLLATE "C" NOT NULL,
    listing_id uuid             NOT NULL,
    PRIMARY KEY (word, listing_id)
);

INSERT INTO search_title_words (word, listing_id)
SELECT DISTINCT w, s.listing_id FROM search_listings s, unnest(tsvector_to_array(s.title_document)) w;

ANALYZE search_title_words;
