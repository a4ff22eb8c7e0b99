package dev.souk.media;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where uploaded images are kept ({@code SOUK_STORAGE}, {@code SOUK_S3_*}; see docs/configuration.md).
 *
 * @param storage {@code local}: under the data directory, for one node; {@code s3}: in a bucket every
 *     node reads and writes
 * @param s3 the bucket, used only with {@code s3}
 */
@ConfigurationProperties("souk.media")
record MediaProperties(
        @DefaultValue("local") Storage storage,
        @DefaultValue S3 s3) {

    enum Storage {
        LOCAL,
        S3
    }

    /**
     * An S3 bucket, at AWS or at any S3-compatible service (MinIO, Ceph, R2…). Credentials come from
     * the AWS SDK's usual places: {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}, a
     * profile, or the machine's role.
     *
     * @param endpoint the service's address; none for AWS itself
     * @param pathStyle addresses like {@code endpoint/bucket/key} rather than {@code bucket.endpoint/key},
     *     as most S3-compatible services want
     */
    record S3(
            @Nullable String bucket,
            @DefaultValue("us-east-1") String region,
            @Nullable URI endpoint,
            @DefaultValue("false") boolean pathStyle) {}
}
