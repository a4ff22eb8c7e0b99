package dev.souk.listings;

import java.util.UUID;

/** A listing photo, in the owner's order; URLs are relative to the site. */
public record ListingPhoto(UUID id, String imageId, String url, String thumbnailUrl) {}
