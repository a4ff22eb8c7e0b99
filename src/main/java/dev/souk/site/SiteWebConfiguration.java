package dev.souk.site;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class SiteWebConfiguration implements WebMvcConfigurer {

    private final PageContexts pageContexts;

    SiteWebConfiguration(PageContexts pageContexts) {
        this.pageContexts = pageContexts;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(pageContexts).excludePathPatterns("/api/**", "/actuator/**");
    }
}
