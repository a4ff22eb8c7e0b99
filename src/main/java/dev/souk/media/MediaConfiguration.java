package dev.souk.media;

import dev.souk.infra.SoukProperties;
import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

@Configuration(proxyBeanMethods = false)
class MediaConfiguration {

    /**
     * Images live under the data directory, next to the embedded database, or in an S3 bucket when
     * several nodes must serve them. A bucket that can't be reached stops the start, naming it.
     */
    @Bean
    FileStore fileStore(SoukProperties souk, MediaProperties media) {
        return switch (media.storage()) {
            case LOCAL -> new LocalFileStore(localDirectory(souk));
            case S3 -> {
                MediaProperties.S3 bucket = media.s3();
                String name = bucket.bucket();
                if (name == null || name.isBlank()) {
                    throw new IllegalStateException("SOUK_STORAGE=s3 needs SOUK_S3_BUCKET, the bucket's name");
                }
                S3Client client = client(bucket);
                try {
                    client.headBucket(head -> head.bucket(name));
                } catch (SdkException e) {
                    client.close();
                    throw new IllegalStateException(
                            "The S3 bucket " + name + " can't be used: check SOUK_S3_* and the AWS credentials", e);
                }
                yield new S3FileStore(client, name);
            }
        };
    }

    /** Where local images are kept, and where {@link MediaCopy} finds them. */
    static Path localDirectory(SoukProperties souk) {
        return souk.dataDir().resolve("media");
    }

    static S3Client client(MediaProperties.S3 bucket) {
        S3ClientBuilder builder =
                S3Client.builder().region(Region.of(bucket.region())).forcePathStyle(bucket.pathStyle());
        if (bucket.endpoint() != null) {
            builder.endpointOverride(bucket.endpoint());
        }
        return builder.build();
    }
}
