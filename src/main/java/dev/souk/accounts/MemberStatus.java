package dev.souk.accounts;

import java.util.Locale;

public enum MemberStatus {
    ACTIVE,
    SUSPENDED,
    DELETED;

    String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    static MemberStatus ofColumn(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
