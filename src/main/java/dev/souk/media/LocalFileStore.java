package dev.souk.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/**
 * Files in a local directory, spread over 256 sub-directories by the key's first two characters so no
 * directory grows to millions of entries. The type of each file is told by its key's extension.
 */
final class LocalFileStore implements FileStore {

    private final Path root;

    LocalFileStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void put(String key, byte[] content, String contentType) {
        Path target = path(key);
        try {
            Files.createDirectories(target.getParent());
            // written beside the target and renamed: readers and crashes see the whole file or none
            Path incoming = Files.createTempFile(target.getParent(), ".incoming-", ".tmp");
            try {
                try (FileChannel channel = FileChannel.open(incoming, StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(content);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
                Files.move(incoming, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(incoming);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not store " + key + " in " + root, e);
        }
    }

    @Override
    public Optional<Resource> get(String key) {
        Path file = path(key);
        return Files.isRegularFile(file) ? Optional.of(new FileSystemResource(file)) : Optional.empty();
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(path(key));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + key + " from " + root, e);
        }
    }

    private Path path(String key) {
        return root.resolve(key.substring(0, 2)).resolve(FileStore.checked(key));
    }
}
