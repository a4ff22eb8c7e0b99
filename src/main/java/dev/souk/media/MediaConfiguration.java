package dev.souk.media;

import dev.souk.infra.SoukProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MediaConfiguration {

    /** Images live under the data directory, next to the embedded database. */
    @Bean
    FileStore fileStore(SoukProperties properties) {
        return new LocalFileStore(properties.dataDir().resolve("media"));
    }
}
