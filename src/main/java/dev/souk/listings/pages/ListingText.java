package dev.souk.listings.pages;

import dev.souk.shared.Money;
import java.text.NumberFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.HtmlUtils;

/** How listings read on pages: prices by locale and currency, descriptions as safe HTML. */
public final class ListingText {

    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"']+[^\\s<>\"'.,;:!?)]");
    private static final Pattern BLANK_LINE = Pattern.compile("\\R\\s*\\R");

    private ListingText() {}

    /** E.g. "€85" or "€85.50", in the reader's locale. */
    public static String money(Money money, Locale locale) {
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(money.currency());
        if (money.amount() % 100 == 0 && money.currency().getDefaultFractionDigits() == 2) {
            format.setMinimumFractionDigits(0);
            format.setMaximumFractionDigits(0);
        }
        return format.format(money.decimal());
    }

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
                    .append(linked.toString().replaceAll("\\R", "<br>"))
                    .append("</p>");
        }
        return html.toString();
    }
}
