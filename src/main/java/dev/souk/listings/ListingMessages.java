package dev.souk.listings;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.support.AbstractResourceBasedMessageSource;
import org.springframework.stereotype.Component;

/**
 * Adds this module's bundle, {@code i18n/listings}, to the application's messages. The bundles are
 * listed in {@code spring.messages.basename}; adding the same name there later does no harm, as a
 * message source keeps each base name once.
 */
@Component
class ListingMessages implements BeanPostProcessor {

    static final String BUNDLE = "i18n/listings";

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof AbstractResourceBasedMessageSource source && "messageSource".equals(beanName)) {
            source.addBasenames(BUNDLE);
        }
        return bean;
    }
}
