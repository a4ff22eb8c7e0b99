package dev.souk.media;

import dev.souk.media.ImageAccess.Decision;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * Serves stored renditions at {@code /media/{key}}: public images to anyone, private ones to whom the
 * modules holding them allow ({@link ImageAccess}), and to nobody else, as if they did not exist.
 */
@Controller
class MediaFiles {

    /** A key's bytes never change (a new upload gets a new key), so browsers and proxies may keep them a year. */
    private static final String CACHE_FOREVER = "public, max-age=31536000, immutable";

    /** A private image is kept by no cache: once its viewer signs out, nothing of it stays behind. */
    private static final String CACHE_NEVER = "private, no-store";

    private final FileStore files;
    private final List<ImageAccess> access;

    MediaFiles(FileStore files, List<ImageAccess> access) {
        this.files = files;
        this.access = access;
    }

    @GetMapping("/media/{key}")
    ResponseEntity<Resource> file(@PathVariable String key) {
        // only keys Souk makes get near the store: no paths, no traversal, no other file types
        if (!FileStore.KEY.matcher(key).matches()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        Resource content = files.get(key).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        String extension = key.substring(key.lastIndexOf('.') + 1);
        ImageFormat format = ImageFormat.byExtension(extension).orElseThrow();
        Decision decision = decide(key.substring(0, 36) + "." + extension);
        if (decision == Decision.DENIED) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, decision == Decision.PUBLIC ? CACHE_FOREVER : CACHE_NEVER)
                .contentType(MediaType.parseMediaType(format.contentType))
                .body(content);
    }

    /** The strictest answer of any module: one that holds the image privately outweighs the others. */
    private Decision decide(String imageId) {
        Decision decision = Decision.PUBLIC;
        for (ImageAccess module : access) {
            Decision answer = module.decide(imageId);
            if (answer.compareTo(decision) > 0) {
                decision = answer;
            }
        }
        return decision;
    }
}
