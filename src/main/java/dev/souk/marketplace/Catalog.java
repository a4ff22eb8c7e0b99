package dev.souk.marketplace;

import dev.souk.shared.Money;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes the marketplace's configuration tables. */
@Repository
class Catalog {

    private static final TypeReference<List<CustomField.Choice>> CHOICES = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Catalog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    MarketplaceConfig load() {
        record Row(MarketplaceSettings settings, Commission commission) {}
        Row row = jdbc.sql("SELECT * FROM marketplace_settings WHERE id = 1")
                .query((rs, n) -> {
                    Currency currency = Currency.getInstance(rs.getString("default_currency"));
                    var settings = new MarketplaceSettings(
                            rs.getString("name"),
                            rs.getString("description"),
                            currency,
                            Arrays.stream(strings(rs.getArray("currencies")))
                                    .map(String::strip)
                                    .map(Currency::getInstance)
                                    .toList(),
                            ZoneId.of(rs.getString("time_zone")),
                            rs.getBoolean("approval_required"));
                    var commission = new Commission(
                            rs.getBigDecimal("provider_commission_pct"),
                            new Money(rs.getLong("provider_commission_min"), currency),
                            rs.getBigDecimal("customer_fee_pct"));
                    return new Row(settings, commission);
                })
                .single();
        List<ListingType> types = jdbc.sql("SELECT * FROM listing_types ORDER BY position, name")
                .query(Catalog::listingType)
                .list();
        List<Category> categories = jdbc.sql("SELECT * FROM categories ORDER BY parent_key NULLS FIRST, position, name")
                .query(Catalog::category)
                .list();
        List<CustomField> fields = jdbc.sql("SELECT * FROM custom_fields ORDER BY position, label")
                .query(this::field)
                .list();
        return new MarketplaceConfig(row.settings(), types, categories, fields, row.commission());
    }

    void saveSettings(MarketplaceSettings settings) {
        jdbc.sql("""
                UPDATE marketplace_settings
                   SET name = :name, description = :description, default_currency = :currency,
                       currencies = :currencies::char(3)[], time_zone = :zone, approval_required = :approval,
                       updated_at = now()
                 WHERE id = 1""")
                .param("name", settings.name())
                .param("description", settings.description())
                .param("currency", settings.defaultCurrency().getCurrencyCode())
                .param(
                        "currencies",
                        pgArray(settings.currencies().stream()
                                .map(Currency::getCurrencyCode)
                                .toList()))
                .param("zone", settings.timeZone().getId())
                .param("approval", settings.approvalRequired())
                .update();
    }

    void saveCommission(Commission commission) {
        jdbc.sql("""
                UPDATE marketplace_settings
                   SET provider_commission_pct = :provider, provider_commission_min = :minimum,
                       customer_fee_pct = :customer, updated_at = now()
                 WHERE id = 1""")
                .param("provider", commission.providerPercent())
                .param("minimum", commission.providerMinimum().amount())
                .param("customer", commission.customerPercent())
                .update();
    }

    void saveListingType(ListingType type) {
        jdbc.sql("""
                INSERT INTO listing_types (key, name, transaction, instant_book, multiple_seats, requires, position)
                VALUES (:key, :name, :transaction, :instant, :multiple, :requires::text[], :position)
                ON CONFLICT (key) DO UPDATE SET name = excluded.name, transaction = excluded.transaction,
                    instant_book = excluded.instant_book, multiple_seats = excluded.multiple_seats,
                    requires = excluded.requires, position = excluded.position""")
                .param("key", type.key())
                .param("name", type.name())
                .param("transaction", type.transaction().key())
                .param("instant", type.instantBook())
                .param("multiple", type.multipleSeats())
                .param(
                        "requires",
                        pgArray(type.requires().stream()
                                .map(Requirement::key)
                                .sorted()
                                .toList()))
                .param("position", type.position())
                .update();
    }

    void saveCategory(Category category) {
        jdbc.sql("""
                INSERT INTO categories (key, name, parent_key, listing_types, position)
                VALUES (:key, :name, :parent, :types::text[], :position)
                ON CONFLICT (key) DO UPDATE SET name = excluded.name, parent_key = excluded.parent_key,
                    listing_types = excluded.listing_types, position = excluded.position""")
                .param("key", category.key())
                .param("name", category.name())
                .param("parent", category.parentKey())
                .param(
                        "types",
                        pgArray(category.listingTypes().stream().sorted().toList()))
                .param("position", category.position())
                .update();
    }

    void saveField(CustomField field) {
        jdbc.sql("""
                INSERT INTO custom_fields (key, label, type, listing_types, categories, required, searchable,
                                           filterable, choices, min_value, max_value, unit, position)
                VALUES (:key, :label, :type, :types::text[], :categories::text[], :required, :searchable,
                        :filterable, :choices::jsonb, :min, :max, :unit, :position)
                ON CONFLICT (key) DO UPDATE SET label = excluded.label, type = excluded.type,
                    listing_types = excluded.listing_types, categories = excluded.categories,
                    required = excluded.required, searchable = excluded.searchable, filterable = excluded.filterable,
                    choices = excluded.choices, min_value = excluded.min_value, max_value = excluded.max_value,
                    unit = excluded.unit, position = excluded.position""")
                .param("key", field.key())
                .param("label", field.label())
                .param("type", field.type().key())
                .param("types", pgArray(field.listingTypes().stream().sorted().toList()))
                .param(
                        "categories",
                        pgArray(field.categories().stream().sorted().toList()))
                .param("required", field.required())
                .param("searchable", field.searchable())
                .param("filterable", field.filterable())
                .param("choices", json.writeValueAsString(field.choices()))
                .param("min", field.min())
                .param("max", field.max())
                .param("unit", field.unit())
                .param("position", field.position())
                .update();
    }

    /**
     * Serialises changes to the catalogue: each change checks the catalogue it read (keys taken,
     * parents, fields that would be left without a type), so two operators must not interleave.
     */
    void lock() {
        jdbc.sql("SELECT id FROM marketplace_settings WHERE id = 1 FOR UPDATE")
                .query(Integer.class)
                .single();
    }

    void deleteListingType(String key) {
        jdbc.sql(
                        "UPDATE categories SET listing_types = array_remove(listing_types, :key) WHERE :key = ANY (listing_types)")
                .param("key", key)
                .update();
        jdbc.sql(
                        "UPDATE custom_fields SET listing_types = array_remove(listing_types, :key) WHERE :key = ANY (listing_types)")
                .param("key", key)
                .update();
        jdbc.sql("DELETE FROM listing_types WHERE key = :key").param("key", key).update();
    }

    void deleteCategory(String key) {
        jdbc.sql("UPDATE custom_fields SET categories = array_remove(categories, :key) WHERE :key = ANY (categories)")
                .param("key", key)
                .update();
        jdbc.sql("DELETE FROM categories WHERE key = :key").param("key", key).update();
    }

    void deleteField(String key) {
        jdbc.sql("DELETE FROM custom_fields WHERE key = :key").param("key", key).update();
    }

    private static ListingType listingType(ResultSet rs, int row) throws SQLException {
        Set<Requirement> requires = EnumSet.noneOf(Requirement.class);
        Arrays.stream(strings(rs.getArray("requires"))).map(Requirement::ofKey).forEach(requires::add);
        return new ListingType(
                rs.getString("key"),
                rs.getString("name"),
                TransactionKind.ofKey(rs.getString("transaction")),
                rs.getBoolean("instant_book"),
                rs.getBoolean("multiple_seats"),
                requires,
                rs.getInt("position"));
    }

    private static Category category(ResultSet rs, int row) throws SQLException {
        return new Category(
                rs.getString("key"),
                rs.getString("name"),
                rs.getString("parent_key"),
                Set.of(strings(rs.getArray("listing_types"))),
                rs.getInt("position"));
    }

    private CustomField field(ResultSet rs, int row) throws SQLException {
        return new CustomField(
                rs.getString("key"),
                rs.getString("label"),
                FieldType.ofKey(rs.getString("type")),
                Set.of(strings(rs.getArray("listing_types"))),
                Set.of(strings(rs.getArray("categories"))),
                rs.getBoolean("required"),
                rs.getBoolean("searchable"),
                rs.getBoolean("filterable"),
                json.readValue(rs.getString("choices"), CHOICES),
                rs.getBigDecimal("min_value"),
                rs.getBigDecimal("max_value"),
                rs.getString("unit"),
                rs.getInt("position"));
    }

    private static String[] strings(Array array) throws SQLException {
        return (String[]) array.getArray();
    }

    /** A PostgreSQL array literal; the values are slugs and currency codes, never free text. */
    private static String pgArray(List<String> values) {
        return values.stream()
                .map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }
}
