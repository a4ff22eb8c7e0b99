-- An API token's label is one line of at most 100 characters; longer ones from before are cut.
UPDATE api_tokens SET label = left(label, 100) WHERE char_length(label) > 100;
UPDATE api_tokens SET label = 'API' WHERE label = '';
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_label_length CHECK (char_length(label) BETWEEN 1 AND 100);
