package dev.souk.listings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.listings.pages.ListingText;
import org.junit.jupiter.api.Test;

class DescriptionTest {

    @Test
    void descriptionsAreEscapedThenGetParagraphsAndSafeLinks() {
        String html = ListingText.descriptionHtml(
                "Hello <script>alert(1)</script>\nline two\n\nSee https://example.org/a?b=1&c=2. Or \"javascript:x\"");
        assertThat(html)
                .startsWith("<p>Hello &lt;script&gt;alert(1)&lt;/script&gt;<br>line two</p><p>See ")
                .contains("<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow noopener ugc\">")
                .doesNotContain("<script>")
                .doesNotContain("href=\"javascript");
    }
}
