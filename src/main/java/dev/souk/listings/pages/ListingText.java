package dev.souk.listings.pages;

import dev.souk.shared.Money;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.HtmlUtils;

/** How listings read on pages: prices by locale and currency, descriptions as safe HTML. */
public final class ListingText {

    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"']+[^\\s<>\"'.,;:!?)]");
    private static final Pattern BLANK_LINE = Pattern.compile("\\R\\s*\\R");
    private static final Pattern LINE_BREAK = Pattern.compile("\\R");

    private ListingText() {}

    /** The amount as the price field shows it, e.g. "85.00". */
    public static String amount(@Nullable Money money) {
        return money == null ? "" : money.decimal().toPlainString();
    }

    /**
     * The owner's text as HTML: everything escaped first, then blank-line paragraphs become
     * {@code <p>}, single newlines {@code <br>}, and http(s) URLs links that pass no ranking.
     */
    public static String descriptionHtml(String text) {
        StringBuilder html = new StringBuilder();
        for (String paragraph : BLANK_LINE.split(text.strip())) {
            if (paragraph.isBlank()) {
                continue;
            }
            String escaped = HtmlUtils.htmlEscape(paragraph.strip());
            Matcher urls = URL.matcher(escaped);
            StringBuilder linked = new StringBuilder();
            while (urls.find()) {
                // the URL is already escaped, so it is safe both as text and inside the attribute
                String url = urls.group();
                urls.appendReplacement(
                        linked,
                        Matcher.quoteReplacement(
                                "<a href=\"" + url + "\" rel=\"nofollow noopener ugc\">" + url + "</a>"));
            }
            urls.appendTail(linked);
            html.append("<p>")
                    .append(LINE_BREAK.matcher(linked).replaceAll("<br>"))
                    .append("</p>");
        }
        return html.toString();
    }
}
