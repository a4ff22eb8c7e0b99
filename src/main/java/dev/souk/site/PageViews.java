package dev.souk.site;

import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import gg.jte.springframework.boot.autoconfigure.JteProperties;
import gg.jte.springframework.boot.autoconfigure.JteView;
import gg.jte.springframework.boot.autoconfigure.JteViewResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.view.AbstractUrlBasedView;

/**
 * Renders each page into UTF-8 bytes (the templates' static parts are precompiled as bytes) and
 * writes it in one piece with its length. Writing through the servlet writer instead costs a
 * character conversion and a pass through every response wrapper for each of a page's many small
 * pieces, and a template failing halfway would leave half a page sent.
 */
@Component
class PageViews extends JteViewResolver {

    private final TemplateEngine templates;

    PageViews(TemplateEngine templates, JteProperties properties) {
        super(templates, properties);
        this.templates = templates;
    }

    @Override
    protected AbstractUrlBasedView instantiateView() {
        return new PageView(templates);
    }

    static final class PageView extends JteView {

        private final TemplateEngine templates;

        PageView(TemplateEngine templates) {
            super(templates);
            this.templates = templates;
        }

        @Override
        protected void renderMergedTemplateModel(
                Map<String, Object> model, HttpServletRequest request, HttpServletResponse response)
                throws IOException {
            Utf8ByteOutput page = new Utf8ByteOutput();
            templates.render(getUrl(), model, page);
            response.setCharacterEncoding("UTF-8");
            response.setContentLength(page.getContentLength());
            page.writeTo(response.getOutputStream());
        }
    }
}
