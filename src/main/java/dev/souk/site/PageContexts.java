package dev.souk.site;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.SignedInMember;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.MarketplaceSettings;
import dev.souk.messaging.Messaging;
import dev.souk.notifications.Notifications;
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
    private final Accounts accounts;
    private final Messaging messaging;
    private final Notifications notifications;

    PageContexts(
            MessageSource messages,
            Marketplace marketplace,
            Accounts accounts,
            Messaging messaging,
            Notifications notifications) {
        this.messages = messages;
        this.marketplace = marketplace;
        this.accounts = accounts;
        this.messaging = messaging;
        this.notifications = notifications;
    }

    PageContext forRequest(HttpServletRequest request, String path) {
        MarketplaceSettings settings = marketplace.settings();
        return new PageContext(
                messages,
                LocaleContextHolder.getLocale(),
                settings.timeZone(),
                settings.name(),
                path,
                searchQuery(request),
                (CsrfToken) request.getAttribute(CsrfToken.class.getName()),
                viewer());
    }

    /** The header's search box keeps its text; never read from an upload, which may be what failed. */
    private static @Nullable String searchQuery(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.startsWith("multipart/") ? null : request.getParameter("q");
    }

    private PageContext.@Nullable Viewer viewer() {
        return SignedInMember.current()
                .flatMap(me -> accounts.account(me.id()))
                .map(account -> new PageContext.Viewer(
                        account.profile().id(),
                        account.profile().displayName(),
                        account.profile().avatarThumbUrl(),
                        account.emailVerified(),
                        account.operator(),
                        messaging.unreadCount(account.profile().id()),
                        notifications.unreadCount(account.profile().id())))
                .orElse(null);
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
