/**
 * Uploaded images, the one way Souk accepts them: {@link dev.souk.media.Images} checks the bytes are
 * really a JPEG, PNG or WebP within the size allowed for its {@link dev.souk.media.ImageKind}, decodes
 * it, turns phone photos upright, renders the sizes pages need and re-encodes them, so no uploaded byte
 * (and no EXIF location) is ever served back. Decoding reads only the pixels the renditions need,
 * a few uploads at a time per node, outside any database transaction. The renditions go to a file
 * store (a local directory today) and are served at {@code /media/{file}}: as immutable, cacheable
 * resources, unless a module holding the image says it is private ({@link dev.souk.media.ImageAccess}),
 * e.g. listings for the photos of a draft, which only its owner and operators then see.
 */
@NullMarked
package dev.souk.media;

import org.jspecify.annotations.NullMarked;
