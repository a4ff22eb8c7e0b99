package dev.souk.media;

import java.util.Optional;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Files as objects of one S3 bucket, named by their keys, so every node serves what any node stored.
 * A PUT is whole or nothing, as {@link FileStore#put} asks. Renditions are at most a few hundred
 * kilobytes: one is read whole and served from memory.
 */
final class S3FileStore implements FileStore, AutoCloseable {

    private final S3Client s3;
    private final String bucket;

    S3FileStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public void put(String key, byte[] content, String contentType) {
        s3.putObject(
                put -> put.bucket(bucket).key(FileStore.checked(key)).contentType(contentType),
                RequestBody.fromBytes(content));
    }

    @Override
    public Optional<Resource> get(String key) {
        try {
            byte[] bytes = s3.getObjectAsBytes(get -> get.bucket(bucket).key(FileStore.checked(key)))
                    .asByteArray();
            return Optional.of(new ByteArrayResource(bytes));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** Whether the bucket holds the key, without reading it. */
    boolean has(String key) {
        try {
            s3.headObject(head -> head.bucket(bucket).key(FileStore.checked(key)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    @Override
    public void delete(String key) {
        // S3 answers a delete of a missing object as done
        s3.deleteObject(delete -> delete.bucket(bucket).key(FileStore.checked(key)));
    }

    @Override
    public void close() {
        s3.close();
    }
}
