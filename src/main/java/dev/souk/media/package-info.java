/**
 * Uploaded images, the one way Souk accepts them: {@link dev.souk.media.Images} checks the bytes are
 * really a JPEG, PNG or WebP within the size allowed for its {@link dev.souk.media.ImageKind}, decodes
 * it, turns phone photos upright, renders the sizes pages need and re-encodes them, so no uploaded byte
 * (and no EXIF location) is ever served back. The renditions go to a file store (a local directory
 * today) and are served at {@code /media/{file}} as immutable, cacheable resources.
 */
@NullMarked
package dev.souk.media;

import org.jspecify.annotations.NullMarked;
