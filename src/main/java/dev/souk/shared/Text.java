package dev.souk.shared;

/**
 * What text Souk accepts from outside. Every text may hold tabs and line breaks (a browser sends
 * those of a textarea as CR LF), and no other control character, nor half of a UTF-16 surrogate pair:
 * PostgreSQL can't store NUL, and the rest is never typed by a person but garbles pages, mails and
 * logs. Texts of one line (names, titles, addresses, emails) take no control character at all.
 */
public final class Text {

    private Text() {}

    /** Whether any text may hold this: the check made at the boundary, for every parameter and JSON string. */
    public static boolean acceptable(CharSequence text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f && c <= 0x9f) {
                boolean lineBreak = c == '\n' || c == '\t' || c == '\r' && i + 1 < length && text.charAt(i + 1) == '\n';
                if (!lineBreak) {
                    return false;
                }
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 == length || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether this is acceptable on one line: no tab or line break either. */
    public static boolean oneLine(CharSequence text) {
        return acceptable(text) && text.chars().noneMatch(c -> c == '\n' || c == '\t' || c == '\r');
    }
}
