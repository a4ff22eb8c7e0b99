-- Listings: find a photo by its image, for /media to ask whether it may be shown (only the owner and
-- operators see the photos of listings that are not public).
CREATE INDEX listing_photos_image_idx ON listing_photos (image_id);
