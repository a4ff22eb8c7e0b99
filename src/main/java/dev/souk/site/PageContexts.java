package dev.souk.site;

import dev.souk.marketplace.Marketplace;
import dev.souk.shared.PageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

/**
 * Builds the {@link PageContext} that every page template receives as {@code page}; added to the model
 * only when a view is rendered, so JSON requests pay nothing for it.
 */
@Component
class PageContexts implements HandlerInterceptor {

    private final MessageSource messages;
    private final Marketplace marketplace;

    PageContexts(MessageSource messages, Marketplace marketplace) {
        this.messages = messages;
        this.marketplace = marketplace;
    }

    PageContext forRequest(HttpServletRequest request, String path) {
        return new PageContext(
                messages,
                LocaleContextHolder.getLocale(),
                marketplace.settings().name(),
                path,
                request.getParameter("q"),
                (CsrfToken) request.getAttribute(CsrfToken.class.getName()),
                null);
    }

    @Override
    public void postHandle(
            HttpServletRequest request,
            HttpServletResponse response,
            Object handler,
            @Nullable ModelAndView modelAndView) {
        if (modelAndView != null && !modelAndView.getModel().containsKey("page")) {
            modelAndView.addObject("page", forRequest(request, request.getRequestURI()));
        }
    }
}
