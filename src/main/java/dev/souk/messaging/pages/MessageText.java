package dev.souk.messaging.pages;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message's text as HTML: everything escaped, web addresses made into links that search engines
 * don't follow and that can't reach back into the page. Line breaks stay (the page shows the text
 * with {@code white-space: pre-wrap}).
 */
public final class MessageText {

    private static final Pattern LINK = Pattern.compile("(?i)\\bhttps?://[^\\s<>\"']+");
    /** Punctuation that ends a sentence rather than the address it follows. */
    private static final String TRAILING = ".,;:!?)]}'\"";

    private MessageText() {}

    public static String html(String text) {
        StringBuilder html = new StringBuilder(text.length() + 32);
        Matcher matcher = LINK.matcher(text);
        int at = 0;
        while (matcher.find()) {
            int end = matcher.end();
            while (end > matcher.start() && TRAILING.indexOf(text.charAt(end - 1)) >= 0) {
                end--;
            }
            String url = text.substring(matcher.start(), end);
            html.append(escape(text.substring(at, matcher.start())));
            html.append("<a href=\"")
                    .append(escape(url))
                    .append("\" rel=\"nofollow noopener ugc\" target=\"_blank\">")
                    .append(escape(url))
                    .append("</a>");
            at = end;
        }
        html.append(escape(text.substring(at)));
        return html.toString();
    }

    /** The first line or so of a message, for the inbox. */
    public static String snippet(String text, int max) {
        String flat = text.replaceAll("\\s+", " ").strip();
        if (flat.codePointCount(0, flat.length()) <= max) {
            return flat;
        }
        return flat.substring(0, flat.offsetByCodePoints(0, max)).strip() + "…";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
