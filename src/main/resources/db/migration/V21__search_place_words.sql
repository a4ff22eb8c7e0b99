-- A keyword search in a place takes its matches from one GIN index over the place's words and the text:
-- a rare word's few hundred matches in the place handed over at once, not every row of the place read
-- to check its text. The place's words are the region (1°, as the region column numbers it), the
-- categories and the listing type, as lexemes apart from the text's (their own column), so one text
-- query asks for any of the place's regions and the kind of listing in a single index scan; plain
-- columns would each need an index scan per value, which the planner weighs against ANDing bitmaps of
-- other indexes, often the wrong way.
ALTER TABLE search_listings
    ADD COLUMN place_words tsvector GENERATED ALWAYS AS (array_to_tsvector(array_remove(ARRAY[
        'region:' || (CAST(floor(latitude + 90) AS int) * 361 + CAST(floor(longitude + 180) AS int)),
        'category:' || top_category,
        'category:' || category,
        'type:' || listing_type], NULL))) STORED;

CREATE INDEX search_listings_place_words_idx ON search_listings USING gin (place_words, document);
-- a GIN index answers any of its columns alone as well: the text's own index is one too many
DROP INDEX search_listings_document_idx;

-- Every word of any searchable listing's text, for turning the last, unfinished keyword into the words it
-- may stand for: a prefix in a GIN index first gathers all matches of the prefix in the whole index.
-- Words of listings gone stay; they stand for nothing. Kept with search_listings (SearchIndex).
CREATE TABLE search_words (
    word text COLLATE "C" PRIMARY KEY
);

INSERT INTO search_words (word)
SELECT DISTINCT w FROM search_listings s, unnest(tsvector_to_array(s.document)) w;

ANALYZE search_listings, search_words;
