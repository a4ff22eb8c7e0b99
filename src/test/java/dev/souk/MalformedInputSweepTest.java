package dev.souk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.SignedInMember;
import dev.souk.listings.ListingStatus;
import dev.souk.listings.ListingView;
import dev.souk.listings.Listings;
import dev.souk.listings.pages.ListingForm;
import dev.souk.marketplace.Marketplace;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TestCatalog;
import dev.souk.testing.TwoFactor;
import dev.souk.testing.Web;
import dev.souk.testing.WithMailbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.MethodParameter;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every operation the API describes in {@code /api/openapi.json}, and every form the pages post to, gets
 * hostile input, anonymously and as a signed-in verified member: NUL-bearing, megabyte-long and
 * exponent-shaped strings, huge, hundred-thousand-digit and negative numbers, malformed path ids, bodies
 * that aren't JSON, empty ones, and the wrong content type. No answer may be a 5xx, and every 4xx of the
 * API must be a problem+json.
 */
@SoukTest
@Import(WithMailbox.class)
class MalformedInputSweepTest {

    static final String NUL = "a\u0000b";
    static final String MEGABYTE = "a".repeat(1_000_000);
    static final String HUGE = "1e500000000";
    static final String LONG_NUMBER = "9".repeat(100_000);
    static final List<String> STRINGS = List.of(NUL, MEGABYTE, HUGE);
    /**
     * In a query, a long string is 64 KB: well past the server's 8 KB limit for a request line, and still
     * short enough to be sent whole before the server answers and closes (a megabyte is cut off unread).
     */
    static final List<String> QUERY_STRINGS = List.of(NUL, "a".repeat(65_536), HUGE);

    static final List<String> NUMBERS = List.of(HUGE, LONG_NUMBER, "-1");

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Listings listings;

    @Autowired
    Accounts accounts;

    @Autowired
    JsonMapper json;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    final List<String> failures = new ArrayList<>();
    Http http;
    TestCatalog catalog;
    Signed member;
    Signed other;
    String memberToken;
    UUID listing;
    UUID othersListing;
    UUID conversation;
    UUID booking;
    int requests;

    /** Operator posts refused with 403: a form token that went stale would refuse them all. */
    int operatorRefused;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        catalog = new TestCatalog(marketplace);
        member = Members.verifiedMember(http, "Sweep Member");
        memberToken = member.token();
        other = Members.verifiedMember(http, "Sweep Other");
        listing = draft(member);
        othersListing = published(other);
        HttpResponse<String> contacted = http.postJson(
                "/api/v1/conversations",
                "{\"listingId\": \"" + othersListing + "\", \"text\": \"Is it free?\"}",
                member.auth());
        assertThat(contacted.statusCode()).as(contacted.body()).isEqualTo(201);
        conversation = UUID.fromString(Members.field(contacted.body(), "id"));
        booking = lesson(member, 10);
    }

    // --- the API ---------------------------------------------------------------------------------

    @Test
    void noOperationOfTheApiAnswersHostileInputWithAServerError() {
        JsonNode doc = json.readTree(http.get("/api/openapi.json").body());
        JsonNode schemas = doc.path("components").path("schemas");
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            for (String method : List.of("get", "post", "put", "patch", "delete")) {
                if (path.getValue().has(method)) {
                    operations.add(new Operation(
                            method.toUpperCase(Locale.ROOT),
                            path.getKey(),
                            path.getValue().get(method)));
                }
            }
        }
        assertThat(operations).hasSizeGreaterThan(30);
        // what revokes or deletes goes last, so the rest meets a member and a listing that exist
        operations.sort(Comparator.comparing(o -> o.method().equals("DELETE") ? 1 : 0));
        long start = System.nanoTime();
        for (Operation operation : operations) {
            sweep(operation, schemas);
        }
        System.out.printf(
                "Swept %d API operations with %d requests in %d s%n",
                operations.size(),
                requests,
                Duration.ofNanos(System.nanoTime() - start).toSeconds());
        assertThat(failures).isEmpty();
    }

    record Operation(String method, String path, JsonNode spec) {}

    record Param(String name, String in, String type, boolean required) {}

    private void sweep(Operation operation, JsonNode schemas) {
        List<Param> params = new ArrayList<>();
        for (JsonNode p : operation.spec().path("parameters")) {
            JsonNode schema = resolve(p.path("schema"), schemas);
            params.add(new Param(
                    p.path("name").asString(),
                    p.path("in").asString(),
                    type(schema),
                    p.path("required").asBoolean()));
        }
        JsonNode content = operation.spec().path("requestBody").path("content");
        JsonNode bodySchema = content.has("application/json")
                ? resolve(content.path("application/json").path("schema"), schemas)
                : null;
        boolean upload = content.has("multipart/form-data");
        Map<String, String> query = new LinkedHashMap<>();
        // only what the operation requires, so that each hostile parameter is the one thing wrong
        params.stream()
                .filter(p -> p.in().equals("query") && p.required())
                .forEach(p -> query.put(p.name(), good(p.name(), p.type())));
        String path = filled(operation.path(), params, Map.of());
        String body = bodySchema == null ? null : body(bodySchema, schemas, "", null, null, 0);

        List<Request> variants = new ArrayList<>();
        variants.add(new Request(operation.method(), path + queryString(query), "application/json", body));
        for (Param p : params) {
            List<String> hostile = p.type().equals("integer") || p.type().equals("number") ? NUMBERS : QUERY_STRINGS;
            if (p.in().equals("query")) {
                for (String value : hostile) {
                    Map<String, String> q = new LinkedHashMap<>(query);
                    q.put(p.name(), value);
                    variants.add(new Request(operation.method(), path + queryString(q), "application/json", body));
                }
            } else if (p.in().equals("path")) {
                for (String value : List.of("not-a-uuid", "%00", "1e500000000", "%C3%28")) {
                    variants.add(new Request(
                            operation.method(),
                            filled(operation.path(), params, Map.of(p.name(), value)),
                            "application/json",
                            body));
                }
            }
        }
        if (bodySchema != null) {
            List<Leaf> leaves = new ArrayList<>();
            leaves(bodySchema, schemas, "", leaves, 0);
            for (Leaf leaf : leaves) {
                List<String> raw = leaf.type().equals("integer") || leaf.type().equals("number")
                        ? NUMBERS
                        : STRINGS.stream()
                                .map(MalformedInputSweepTest::jsonString)
                                .toList();
                for (String value : raw) {
                    variants.add(new Request(
                            operation.method(),
                            path,
                            "application/json",
                            body(bodySchema, schemas, "", leaf.path(), value, 0)));
                }
                if (leaf.type().equals("string")) {
                    for (String number : List.of(HUGE, LONG_NUMBER)) {
                        variants.add(new Request(
                                operation.method(),
                                path,
                                "application/json",
                                body(bodySchema, schemas, "", leaf.path(), number, 0)));
                    }
                }
            }
        }
        if (bodySchema != null || upload) {
            variants.add(new Request(operation.method(), path, "application/json", "{not json"));
            variants.add(new Request(operation.method(), path, "application/json", ""));
            variants.add(new Request(operation.method(), path, "text/plain", body == null ? "x" : body));
            variants.add(new Request(operation.method(), path, "application/json", "[" + "[".repeat(1000)));
            variants.add(new Request(operation.method(), path, "multipart/form-data; boundary=x", "--x\r\nnot a part"));
        }
        for (Request request : variants) {
            check(request, null);
            check(request, memberToken);
        }
    }

    record Request(String method, String path, String contentType, String body) {}

    record Leaf(String path, String type) {}

    private void check(Request request, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(http.url(request.path())))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, application/problem+json")
                // each from an address of its own, so the sign-in limit of one address doesn't end the sweep early
                .header("X-Forwarded-For", "10.80." + (requests / 250 % 250) + "." + (requests % 250 + 1))
                .method(
                        request.method(),
                        request.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(request.body()));
        if (request.body() != null) {
            builder.header("Content-Type", request.contentType());
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> answer = send(builder.build());
        String what = (token == null ? "anonymous " : "member ") + request.method() + " " + shortened(request.path())
                + (request.body() == null ? "" : " " + shortened(request.body()));
        if (answer.statusCode() >= 500) {
            failures.add(what + " -> " + answer.statusCode() + " " + shortened(answer.body()));
        } else if (answer.statusCode() >= 400
                && !answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            failures.add(what + " -> " + answer.statusCode() + " without problem+json: "
                    + answer.headers().firstValue("Content-Type").orElse("no content type"));
        }
        if (token != null && answer.statusCode() == 401) {
            // a variant revoked the token (DELETE /auth/tokens/current): the sweep goes on with a new one
            HttpResponse<String> issued =
                    http.postJson("/api/v1/auth/tokens", """
                    {"email": "%s", "password": "%s"}""".formatted(member.email(), Members.PASSWORD));
            assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
            memberToken = Members.field(issued.body(), "token");
        }
    }

    private String filled(String template, List<Param> params, Map<String, String> overrides) {
        String path = template;
        for (Param p : params) {
            if (p.in().equals("path")) {
                String value =
                        overrides.containsKey(p.name()) ? overrides.get(p.name()) : pathValue(template, p.name());
                path = path.replace("{" + p.name() + "}", value);
            }
        }
        return path;
    }

    /** A real id where the path names a thing the member has, so the hostile rest reaches the rules. */
    private String pathValue(String template, String name) {
        String before = template.substring(0, template.indexOf("{" + name + "}"));
        if (before.endsWith("/listings/")) {
            // a price is quoted for a listing open to others
            return template.endsWith("/quote") ? othersListing.toString() : listing.toString();
        }
        if (before.endsWith("/conversations/")) {
            return conversation.toString();
        }
        if (before.endsWith("/members/")) {
            return other.id().toString();
        }
        if (before.endsWith("/transactions/")) {
            return booking.toString();
        }
        return UUID.randomUUID().toString();
    }

    private String good(String name, String type) {
        return switch (name) {
            case "start" -> "2031-01-10";
            case "end" -> "2031-01-12";
            case "limit" -> "10";
            default -> type.equals("integer") || type.equals("number") ? "1" : "x";
        };
    }

    private static String queryString(Map<String, String> query) {
        StringBuilder q = new StringBuilder();
        query.forEach((name, value) -> q.append(q.isEmpty() ? "?" : "&")
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return q.toString();
    }

    private static JsonNode resolve(JsonNode schema, JsonNode schemas) {
        JsonNode resolved = schema;
        for (int i = 0; i < 10 && resolved.has("$ref"); i++) {
            String ref = resolved.get("$ref").asString();
            resolved = schemas.path(ref.substring(ref.lastIndexOf('/') + 1));
        }
        for (String union : List.of("oneOf", "anyOf", "allOf")) {
            if (resolved.has(union)) {
                for (JsonNode option : resolved.get(union)) {
                    JsonNode each = resolve(option, schemas);
                    if (!type(each).equals("null")) {
                        return each;
                    }
                }
            }
        }
        return resolved;
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!t.asString().equals("null")) {
                    return t.asString();
                }
            }
        }
        if (type.isString()) {
            return type.asString();
        }
        return schema.has("properties") || schema.has("additionalProperties") ? "object" : "string";
    }

    private void leaves(JsonNode schema, JsonNode schemas, String path, List<Leaf> out, int depth) {
        JsonNode s = resolve(schema, schemas);
        String type = type(s);
        if (depth > 4) {
            return;
        }
        if (type.equals("object")) {
            for (Map.Entry<String, JsonNode> property : s.path("properties").properties()) {
                leaves(property.getValue(), schemas, join(path, property.getKey()), out, depth + 1);
            }
            if (s.has("additionalProperties") && !s.has("properties")) {
                leaves(s.get("additionalProperties"), schemas, join(path, mapKey(path)), out, depth + 1);
                // a free-form value may be of any kind
                out.add(new Leaf(join(path, mapKey(path)), "number"));
            }
        } else if (type.equals("array")) {
            leaves(s.path("items"), schemas, path + "[0]", out, depth + 1);
        } else if (!type.equals("boolean")) {
            out.add(new Leaf(path, type));
        }
    }

    /** The body with every value a plausible one, except the one at {@code target}, which is {@code raw}. */
    private String body(JsonNode schema, JsonNode schemas, String path, String target, String raw, int depth) {
        if (path.equals(target)) {
            return raw;
        }
        JsonNode s = resolve(schema, schemas);
        String type = type(s);
        if (depth > 4) {
            return "null";
        }
        switch (type) {
            case "object" -> {
                List<String> members = new ArrayList<>();
                for (Map.Entry<String, JsonNode> property : s.path("properties").properties()) {
                    String at = join(path, property.getKey());
                    members.add(jsonString(property.getKey()) + ": "
                            + body(property.getValue(), schemas, at, target, raw, depth + 1));
                }
                if (s.has("additionalProperties") && !s.has("properties")) {
                    // a free-form map: the listing's custom fields, whose one field is a number
                    String at = join(path, mapKey(path));
                    members.add(jsonString(mapKey(path)) + ": " + (at.equals(target) ? raw : "2"));
                }
                return "{" + String.join(", ", members) + "}";
            }
            case "array" -> {
                return "[" + body(s.path("items"), schemas, path + "[0]", target, raw, depth + 1) + "]";
            }
            case "integer" -> {
                return "1";
            }
            case "number" -> {
                return "1.5";
            }
            case "boolean" -> {
                return "true";
            }
            default -> {
                return jsonString(goodString(path, s));
            }
        }
    }

    private String goodString(String path, JsonNode schema) {
        String name = path.substring(path.lastIndexOf('.') + 1);
        if (schema.path("format").asString("").equals("uuid") || name.endsWith("Id") || name.endsWith("Ids[0]")) {
            return name.startsWith("listing")
                    ? othersListing.toString()
                    : UUID.randomUUID().toString();
        }
        return switch (name) {
            case "listingType" -> catalog.stays;
            case "category" -> catalog.rooms;
            case "currency" -> "EUR";
            case "timeZone" -> "Europe/Lisbon";
            case "day" -> "monday";
            case "opens" -> "09:00";
            case "closes" -> "17:00";
            case "start" -> "2031-01-10";
            case "end" -> "2031-01-12";
            case "email" -> "sweep@example.org";
            case "cancellationPolicy" -> "flexible";
            default -> "x";
        };
    }

    private String mapKey(String path) {
        return path.equals("fields") ? catalog.guests : "key";
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    // --- the pages -------------------------------------------------------------------------------

    @Test
    void noFormOfThePagesAnswersHostileInputWithAServerError() {
        String email = Members.uniqueEmail("sweep-operator");
        accounts.ensureOperator(email, Members.PASSWORD, "Sweep Operator");
        Signed operator = Members.token(http, email);
        UUID ownListing = draft(operator);
        HttpResponse<String> contacted = http.postJson(
                "/api/v1/conversations",
                "{\"listingId\": \"" + othersListing + "\", \"text\": \"Operator asks\"}",
                operator.auth());
        assertThat(contacted.statusCode()).as(contacted.body()).isEqualTo(201);
        UUID ownConversation = UUID.fromString(Members.field(contacted.body(), "id"));
        UUID ownBooking = lesson(operator, 14);
        // the forms suspend the other member on the way: the listing to book is a third one's
        UUID toBook = published(Members.verifiedMember(http, "Sweep Third"));
        // (after its token is used: turning it on revokes tokens) operators sign in with two-step verification; the
        // sweep signs in again with recovery codes
        Web enrolling = new Web(port, "10.79.0.2");
        enrolling.get("/sign-in");
        enrolling.post("/sign-in", Map.of("email", email, "password", Members.PASSWORD));
        Deque<String> codes = new ArrayDeque<>(
                TwoFactor.enrol(enrolling, Members.PASSWORD, clock).recoveryCodes());
        Function<String, String> ids = segment -> switch (segment) {
            case "listings" -> ownListing.toString();
            case "conversations" -> ownConversation.toString();
            case "members" -> other.id().toString();
            case "transactions" -> ownBooking.toString();
            default -> UUID.randomUUID().toString();
        };

        List<Form> forms = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping :
                mappings.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = mapping.getKey();
            if (!info.getMethodsCondition().getMethods().contains(RequestMethod.POST)) {
                continue;
            }
            for (String pattern : info.getDirectPaths().isEmpty() ? info.getPatternValues() : info.getDirectPaths()) {
                if (!pattern.startsWith("/api") && !pattern.startsWith("/error")) {
                    // booking needs a listing open to others, not the operator's own draft
                    forms.add(form(
                            pattern,
                            mapping.getValue(),
                            pattern.endsWith("/book")
                                    ? segment -> segment.equals("listings") ? toBook.toString() : ids.apply(segment)
                                    : ids));
                }
            }
        }
        assertThat(forms).hasSizeGreaterThan(30);
        // what deletes or signs out goes last
        forms.sort(Comparator.comparing(
                f -> f.path().contains("delete") || f.path().contains("sign-out") ? 1 : 0));
        Web anonymous = new Web(port, "10.79.0.1");
        Web signedIn = enrolling;
        enrolling.get("/account");
        long start = System.nanoTime();
        for (Form form : forms) {
            for (String field : form.fields().keySet()) {
                for (String value : List.of(NUL, HUGE, LONG_NUMBER)) {
                    Map<String, String> fields = new LinkedHashMap<>(form.fields());
                    fields.put(field, value);
                    post(anonymous, form.path(), fields, "anonymous");
                    HttpResponse<String> answer = post(signedIn, form.path(), fields, "operator");
                    if (answer.statusCode() == 302
                            && answer.headers()
                                    .firstValue("Location")
                                    .orElse("")
                                    .contains("/sign-in")) {
                        signedIn = TwoFactor.signIn(new Web(port, "10.79.0.2"), email, Members.PASSWORD, codes.pop());
                    }
                }
            }
        }
        System.out.printf(
                "Swept %d page forms with %d requests in %d s%n",
                forms.size(),
                requests,
                Duration.ofNanos(System.nanoTime() - start).toSeconds());
        assertThat(failures).isEmpty();
        assertThat(operatorRefused)
                .as("the operator's forms reached their controllers (a stale form token gets 403)")
                .isLessThan(forms.size());
    }

    record Form(String path, Map<String, String> fields) {}

    private Form form(String pattern, HandlerMethod handler, Function<String, String> ids) {
        String path = pattern;
        Map<String, String> fields = new LinkedHashMap<>();
        for (MethodParameter parameter : handler.getMethodParameters()) {
            PathVariable variable = parameter.getParameterAnnotation(PathVariable.class);
            if (variable != null) {
                String name = variable.value().isEmpty() ? parameter.getParameterName() : variable.value();
                String before = path.substring(0, path.indexOf("{" + name));
                String segment =
                        before.substring(before.lastIndexOf('/', before.length() - 2) + 1, before.length() - 1);
                String value = parameter.getParameterType() == UUID.class ? ids.apply(segment) : "x";
                path = path.replaceFirst("\\{" + name + "[^}]*}", value);
            }
            Class<?> bound = parameter.getParameterType();
            if (bound.isRecord() && bound != SignedInMember.class && parameter.getParameterAnnotations().length == 0) {
                // a form bound to a record: each of its components is a field
                for (RecordComponent component : bound.getRecordComponents()) {
                    Class<?> type = component.getType();
                    fields.put(
                            component.getName(),
                            Number.class.isAssignableFrom(type) || type == int.class || type == long.class ? "1" : "x");
                }
            }
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param != null) {
                String name = param.value().isEmpty() ? parameter.getParameterName() : param.value();
                if (MultiValueMap.class.isAssignableFrom(parameter.getParameterType())
                        || Map.class.isAssignableFrom(parameter.getParameterType())) {
                    for (RecordComponent component : ListingForm.class.getRecordComponents()) {
                        fields.put(component.getName(), "1");
                    }
                    fields.put("field." + catalog.guests, "2");
                    fields.put("listingType", catalog.stays);
                    fields.put("category", catalog.rooms);
                    fields.put("monday.open", "on");
                    fields.put("monday.seats", "1");
                    fields.put("monday.opens", "09:00");
                    fields.put("monday.closes", "17:00");
                } else if (name != null) {
                    Class<?> type = parameter.getParameterType();
                    fields.put(
                            name,
                            type == UUID.class || name.endsWith("Id") || name.endsWith("Ids")
                                    ? UUID.randomUUID().toString()
                                    : Number.class.isAssignableFrom(type) || type == int.class || type == long.class
                                            ? "1"
                                            : type == boolean.class || type == Boolean.class ? "true" : "x");
                }
            }
        }
        return new Form(path, fields);
    }

    private HttpResponse<String> post(Web web, String path, Map<String, String> fields, String who) {
        requests++;
        HttpResponse<String> answer = web.post(path, fields);
        if (answer.statusCode() == 403 && who.equals("operator")) {
            operatorRefused++;
        }
        if (answer.statusCode() >= 500) {
            failures.add(who + " POST " + path + " " + shortened(fields.toString()) + " -> " + answer.statusCode());
        }
        return answer;
    }

    // --- fixtures --------------------------------------------------------------------------------

    private UUID draft(Signed owner) {
        HttpResponse<String> created =
                http.postJson("/api/v1/listings", catalog.completeStay("Swept room"), owner.auth());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return UUID.fromString(Members.field(created.body(), "id"));
    }

    /** An hour of the other member's lesson booked by this member, so that transaction ids lead somewhere. */
    private UUID lesson(Signed customer, int hour) {
        String day = java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC)
                .plusDays(10)
                .toString();
        HttpResponse<String> booked = http.postJson(
                "/api/v1/transactions",
                "{\"listingId\": \"%s\", \"start\": \"%sT%d:00\", \"end\": \"%sT%d:00\"}"
                        .formatted(othersListing, day, hour, day, hour + 1),
                customer.auth());
        assertThat(booked.statusCode()).as(booked.body()).isEqualTo(201);
        return UUID.fromString(
                json.readTree(booked.body()).at("/transaction/id").asString());
    }

    private UUID published(Signed owner) {
        HttpResponse<String> created =
                http.postJson("/api/v1/listings", """
                {"listingType": "%s", "category": "%s", "title": "Swept lesson", "description": "Scales.",
                 "price": {"amount": 2500, "currency": "EUR"}}""".formatted(catalog.lessons, catalog.classes), owner.auth());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        UUID id = UUID.fromString(Members.field(created.body(), "id"));
        ListingView published = listings.publish(owner.id(), id);
        if (published.status() == ListingStatus.PENDING_APPROVAL) {
            listings.approve(id);
        }
        return id;
    }

    private HttpResponse<String> send(HttpRequest request) {
        requests++;
        try {
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException closed) {
                // the server closed a kept-alive connection as this request went out on it: once more, anew
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    request.method() + " " + shortened(request.uri().toString()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String shortened(String text) {
        String flat = text.replace("\u0000", "\\0");
        return flat.length() > 160 ? flat.substring(0, 160) + "…(" + flat.length() + ")" : flat;
    }
}
