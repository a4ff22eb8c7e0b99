package dev.souk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A module's tables are its own: no other module's SQL names them (docs/architecture.md). Which module created a
 * table (or view) is learnt from the Flyway migrations, each named after its module; then the SQL of
 * every module, in its Java sources (string literals and text blocks) and in its migrations, is read for
 * the tables it names after FROM, JOIN, INTO, UPDATE, TABLE and the like. A module reads another's data
 * through that module's facade or a view the other's migrations publish (listings' {@code
 * listings_searchable}, V58), which then belongs to the publisher.
 *
 * <p>The one exception is the benchmark generator in {@code dev.souk.bench}: it writes a million listings
 * with their members, photos and plans in minutes with COPY, straight into the owners' tables, which no
 * facade could do; it runs only against a throwaway benchmark database.
 */
class SqlOwnershipTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/souk");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    /** Modules whose SQL may name any module's tables; see the class comment for why. */
    private static final Set<String> EXEMPT = Set.of("bench");

    /**
     * Tables a framework creates or reads by itself (Flyway's history, Spring Session's, Spring
     * Modulith's event publication registry, db-scheduler's tasks): infrastructure's, whichever migration
     * declares them.
     */
    private static final Set<String> FRAMEWORK = Set.of(
            "flyway_schema_history",
            "spring_session",
            "spring_session_attributes",
            "event_publication",
            "scheduled_tasks");

    /**
     * Landed migrations (V1–V57 ran on every install and may never be edited) that name another module's
     * table, each with why; no new one may join them.
     */
    private static final Map<String, String> LANDED = Map.of(
            "V15__messaging_members_gone.sql",
            "a one-time backfill of the members already gone when messaging began to follow accounts' events");

    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__([a-z0-9_]+)\\.sql");
    private static final Pattern CREATES = Pattern.compile(
            "\\bCREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:UNLOGGED\\s+|TEMPORARY\\s+|TEMP\\s+)?"
                    + "(TABLE|VIEW|MATERIALIZED\\s+VIEW)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([A-Za-z_][A-Za-z0-9_.]*)",
            Pattern.CASE_INSENSITIVE);
    /** Words after which SQL names tables: one, or a list separated by commas. */
    private static final Pattern NAMING = Pattern.compile(
            "\\b(?:FROM|JOIN|INTO|UPDATE|TABLE|USING|REFERENCES|COPY|TRUNCATE|ANALYZE|VACUUM\\s*\\([A-Z, ]*\\)|INDEX\\b[^;(]*?\\bON)\\s+");

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*");
    private static final Set<String> SKIPPED = Set.of("ONLY", "LATERAL", "IF", "NOT", "EXISTS");

    /** Where a module's SQL names a table, and the word before it ({@code FROM}, {@code INTO}, …). */
    record Naming(String module, String file, int line, String table, String verb) {

        boolean reads() {
            return verb.equals("FROM") || verb.equals("JOIN");
        }
    }

    /** A table or view and the module whose migration created it. */
    record Owner(String module, boolean view) {}

    @Test
    void everyMigrationIsNamedAfterAModule() {
        Set<String> modules = modules();
        List<String> unnamed = migrations().stream()
                .map(p -> p.getFileName().toString())
                .filter(name -> moduleOfMigration(name, modules).isEmpty())
                .toList();
        assertThat(unnamed)
                .as("migrations named after no module of %s", modules)
                .isEmpty();
    }

    @Test
    void noModulesSqlNamesAnotherModulesTables() {
        Map<String, Owner> owners = owners();
        List<String> foreign = new ArrayList<>();
        for (Naming naming : namings(modules())) {
            Owner owner = owners.get(naming.table());
            boolean allowed = owner == null
                    || owner.module().equals(naming.module())
                    || EXEMPT.contains(naming.module())
                    || LANDED.containsKey(Path.of(naming.file()).getFileName().toString())
                    // a view is its module's published read interface: others read it, never write it
                    || owner.view() && naming.reads();
            if (!allowed) {
                foreign.add("%s:%d: %s names %s's %s %s"
                        .formatted(
                                naming.file(),
                                naming.line(),
                                naming.module(),
                                owner.module(),
                                owner.view() ? "view" : "table",
                                naming.table()));
            }
        }
        assertThat(foreign).as("SQL naming another module's tables").isEmpty();
    }

    @Test
    void eachTableBelongsToTheModuleWhoseMigrationCreatedIt() {
        assertThat(owners())
                .containsEntry("listings", new Owner("listings", false))
                .containsEntry("listings_searchable", new Owner("listings", true))
                .containsEntry("listing_types", new Owner("marketplace", false))
                .containsEntry("search_listings", new Owner("search", false))
                .containsEntry("event_publication", new Owner("infra", false))
                .containsEntry("flyway_schema_history", new Owner("infra", false));
    }

    @Test
    void onlyLandedMigrationsAreListedAsNamingOthersTables() {
        for (String landed : LANDED.keySet()) {
            Matcher name = MIGRATION.matcher(landed);
            assertThat(name.matches()).as(landed).isTrue();
            assertThat(Integer.parseInt(name.group(1))).as(landed).isLessThanOrEqualTo(57);
            assertThat(MIGRATIONS.resolve(landed)).exists();
        }
    }

    @Test
    void aTextBlockNamingAnotherModulesTableIsFound() {
        String source = """
                class Sample {
                    // FROM members, in a comment, is no SQL
                    String conversations = \"""
                            SELECT c.id FROM conversations c
                              JOIN listings l ON l.id = c.listing_id, unnest(:ids) i
                             WHERE l.status = 'FROM members'\""";
                    String hide = "UPDATE search_listings SET title = '' " + "WHERE x IN (SELECT id FROM reviews r, payments)";
                }
                """;
        List<Naming> found = namingsInJava("messaging", "Sample.java", source);
        assertThat(found)
                .extracting(Naming::table, Naming::line)
                .contains(
                        tuple("conversations", 4),
                        tuple("listings", 5),
                        tuple("search_listings", 7),
                        tuple("reviews", 7),
                        tuple("payments", 7));
        assertThat(found).extracting(Naming::table).doesNotContain("members");
        assertThat(found).filteredOn(n -> n.table().equals("listings")).allMatch(Naming::reads);
        assertThat(found).filteredOn(n -> n.table().equals("search_listings")).noneMatch(Naming::reads);
    }

    @Test
    void aMigrationNamingAnotherModulesTableIsFound() {
        String sql = """
                -- copies FROM listings, in a comment, is no SQL
                CREATE TABLE search_extra (listing_id uuid REFERENCES listings (id));
                INSERT INTO search_extra SELECT id FROM listings WHERE title <> 'FROM members';
                DROP TABLE IF EXISTS search_old, transactions;
                """;
        assertThat(namingsInSql("search", "V99__search_extra.sql", sql))
                .extracting(Naming::table, Naming::line)
                .containsExactlyInAnyOrder(
                        tuple("search_extra", 2),
                        tuple("listings", 2),
                        tuple("search_extra", 3),
                        tuple("listings", 3),
                        tuple("search_old", 4),
                        tuple("transactions", 4));
    }

    // --- what the migrations create ----------------------------------------------------------------

    /** The module of each table and view the migrations create; framework tables are infrastructure's. */
    private static Map<String, Owner> owners() {
        Set<String> modules = modules();
        Map<String, Owner> owners = new LinkedHashMap<>();
        FRAMEWORK.forEach(table -> owners.put(table, new Owner("infra", false)));
        for (Path migration : migrations()) {
            String module = moduleOfMigration(migration.getFileName().toString(), modules)
                    .orElseThrow();
            Matcher created = CREATES.matcher(withoutSqlCommentsAndStrings(read(migration)));
            while (created.find()) {
                owners.putIfAbsent(
                        lastPart(created.group(2)),
                        new Owner(
                                module,
                                created.group(1)
                                        .toUpperCase(java.util.Locale.ROOT)
                                        .contains("VIEW")));
            }
        }
        return owners;
    }

    /** The module a migration is named after: the longest module name its description starts with. */
    private static Optional<String> moduleOfMigration(String fileName, Set<String> modules) {
        Matcher name = MIGRATION.matcher(fileName);
        if (!name.matches()) {
            return Optional.empty();
        }
        String description = name.group(2);
        return modules.stream()
                .filter(m -> description.equals(m) || description.startsWith(m + "_"))
                .max(Comparator.comparingInt(String::length));
    }

    private static List<Path> migrations() {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            return files.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> modules() {
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            return dirs.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- what each module's SQL names ------------------------------------------------------------

    private static List<Naming> namings(Set<String> modules) {
        List<Naming> namings = new ArrayList<>();
        for (Path migration : migrations()) {
            String name = migration.getFileName().toString();
            namings.addAll(namingsInSql(
                    moduleOfMigration(name, modules).orElseThrow(),
                    MIGRATIONS.resolve(name).toString(),
                    read(migration)));
        }
        for (String module : modules) {
            try (Stream<Path> files = Files.walk(SOURCES.resolve(module))) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java"))
                        .sorted()
                        .toList()) {
                    namings.addAll(namingsInJava(module, file.toString(), read(file)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return namings;
    }

    /** The tables named in the string literals and text blocks of a Java source; comments are skipped. */
    static List<Naming> namingsInJava(String module, String file, String source) {
        List<Naming> namings = new ArrayList<>();
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                i = endOf(source, "\n", i + 2);
            } else if (source.startsWith("/*", i)) {
                i = endOf(source, "*/", i + 2) + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = closing(source, "\"\"\"", i + 3);
                namings.addAll(names(module, file, source, i + 3, end));
                i = end + 3;
            } else if (c == '"') {
                int end = closing(source, "\"", i + 1);
                namings.addAll(names(module, file, source, i + 1, end));
                i = end + 1;
            } else if (c == '\'') {
                i = closing(source, "'", i + 1) + 1;
            } else {
                i++;
            }
        }
        return namings;
    }

    static List<Naming> namingsInSql(String module, String file, String sql) {
        return names(module, file, sql, 0, sql.length());
    }

    /** The tables SQL names in {@code text[from, to)}, with the line each is on in the whole text. */
    private static List<Naming> names(String module, String file, String text, int from, int to) {
        String sql = withoutSqlCommentsAndStrings(text.substring(from, to));
        List<Naming> namings = new ArrayList<>();
        Matcher naming = NAMING.matcher(sql);
        while (naming.find()) {
            String verb = naming.group().strip().split("[\\s(]")[0];
            int at = naming.end();
            while (true) {
                at = skipWords(sql, at);
                Matcher name = NAME.matcher(sql).region(at, sql.length());
                if (!name.lookingAt()) {
                    break;
                }
                namings.add(new Naming(module, file, lineOf(text, from + at), lastPart(name.group()), verb));
                at = skipParentheses(sql, skipSpace(sql, name.end()));
                at = skipAlias(sql, at);
                if (at < sql.length() && sql.charAt(at) == ',') {
                    at = skipSpace(sql, at + 1);
                } else {
                    break;
                }
            }
        }
        return namings;
    }

    private static int skipWords(String sql, int at) {
        while (true) {
            at = skipSpace(sql, at);
            Matcher word = NAME.matcher(sql).region(at, sql.length());
            if (word.lookingAt() && SKIPPED.contains(word.group())) {
                at = word.end();
            } else {
                return at;
            }
        }
    }

    /** Past a balanced {@code (…)} at {@code at}, if there is one (a column list, a function's arguments). */
    private static int skipParentheses(String sql, int at) {
        if (at >= sql.length() || sql.charAt(at) != '(') {
            return at;
        }
        int depth = 0;
        for (int i = at; i < sql.length(); i++) {
            if (sql.charAt(i) == '(') {
                depth++;
            } else if (sql.charAt(i) == ')' && --depth == 0) {
                return skipSpace(sql, i + 1);
            }
        }
        return sql.length();
    }

    /** Past an alias ({@code AS x} or {@code x}); SQL's own words are upper case here, aliases not. */
    private static int skipAlias(String sql, int at) {
        at = skipSpace(sql, at);
        if (sql.startsWith("AS ", at)) {
            at = skipSpace(sql, at + 3);
        }
        Matcher alias = NAME.matcher(sql).region(at, sql.length());
        if (alias.lookingAt() && !alias.group().equals(alias.group().toUpperCase(java.util.Locale.ROOT))) {
            return skipSpace(sql, alias.end());
        }
        return at;
    }

    private static int skipSpace(String sql, int at) {
        while (at < sql.length() && Character.isWhitespace(sql.charAt(at))) {
            at++;
        }
        return at;
    }

    /**
     * The SQL with its {@code --} comments and its {@code '…'} strings blanked out, keeping every offset:
     * neither names a table.
     */
    private static String withoutSqlCommentsAndStrings(String sql) {
        StringBuilder kept = new StringBuilder(sql);
        Matcher blank = Pattern.compile("--[^\\n]*|'[^'\\n]*'").matcher(sql);
        while (blank.find()) {
            for (int i = blank.start(); i < blank.end(); i++) {
                kept.setCharAt(i, ' ');
            }
        }
        return kept.toString();
    }

    private static int endOf(String source, String end, int from) {
        int at = source.indexOf(end, from);
        return at < 0 ? source.length() : at;
    }

    /** Where the literal that began before {@code from} closes, past escaped quotes. */
    private static int closing(String source, String quote, int from) {
        int i = from;
        while (i < source.length()) {
            if (source.charAt(i) == '\\') {
                i += 2;
            } else if (source.startsWith(quote, i)) {
                return i;
            } else {
                i++;
            }
        }
        return source.length();
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String lastPart(String name) {
        return name.substring(name.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
