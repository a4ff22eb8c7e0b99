package dev.souk.accounts;

public enum Role {
    MEMBER,
    OPERATOR;

    String column() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Role ofColumn(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
