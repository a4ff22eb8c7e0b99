package dev.souk.media;

import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/** Serves stored renditions at {@code /media/{key}}. */
@Controller
class MediaFiles {

    /** A key's bytes never change (a new upload gets a new key), so browsers and proxies may keep them a year. */
    private static final String CACHE_FOREVER = "public, max-age=31536000, immutable";

    private final FileStore files;

    MediaFiles(FileStore files) {
        this.files = files;
    }

    @GetMapping("/media/{key}")
    ResponseEntity<Resource> file(@PathVariable String key) {
        // only keys Souk makes get near the store: no paths, no traversal, no other file types
        if (!FileStore.KEY.matcher(key).matches()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        Resource content = files.get(key).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        ImageFormat format =
                ImageFormat.byExtension(key.substring(key.lastIndexOf('.') + 1)).orElseThrow();
        return ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, CACHE_FOREVER)
                .contentType(MediaType.parseMediaType(format.contentType))
                .body(content);
    }
}
