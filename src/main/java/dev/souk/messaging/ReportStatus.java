package dev.souk.messaging;

import java.util.Locale;

/** Whether the operator has dealt with a report. */
public enum ReportStatus {
    OPEN,
    RESOLVED;

    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ReportStatus ofColumn(String column) {
        return valueOf(column.toUpperCase(Locale.ROOT));
    }
}
