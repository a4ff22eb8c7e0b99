package dev.souk.marketplace;

/** The kinds of custom field an operator can define; values are checked against them on every write. */
public enum FieldType {
    TEXT("text"),
    LONG_TEXT("longText"),
    NUMBER("number"),
    CHOICE("choice"),
    MULTI_CHOICE("multiChoice"),
    BOOLEAN("boolean"),
    DATE("date");

    private final String key;

    FieldType(String key) {
        this.key = key;
    }

    /** The name used in JSON and in the database. */
    public String key() {
        return key;
    }

    public static FieldType ofKey(String key) {
        for (FieldType type : values()) {
            if (type.key.equals(key)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown field type " + key);
    }

    public boolean hasChoices() {
        return this == CHOICE || this == MULTI_CHOICE;
    }

    /** Whether search can filter listings by a field of this type: choices, numbers and yes/no. */
    public boolean filterable() {
        return hasChoices() || this == NUMBER || this == BOOLEAN;
    }

    /** Whether keyword search can find the words of a field of this type: text. */
    public boolean searchable() {
        return this == TEXT || this == LONG_TEXT;
    }
}
