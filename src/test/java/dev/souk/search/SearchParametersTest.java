package dev.souk.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.souk.search.SearchQuery.AllOf;
import dev.souk.search.SearchQuery.AnyOf;
import dev.souk.search.SearchQuery.Range;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** One vocabulary of URL parameters for the API and the search page, each problem under its parameter. */
class SearchParametersTest {

    static final Currency EUR = Currency.getInstance("EUR");

    @Test
    void pricesTypedInWholeUnitsAreTheMinorUnitsOfTheMarketplacesCurrency() {
        SearchQuery typed = read("price_from=12.5&price_to=80");
        SearchQuery minor = read("price_min=1250&price_max=8000&currency=EUR");
        assertThat(typed).isEqualTo(minor);
        assertThat(typed.priceMin()).isEqualTo(1250L);
        assertThat(typed.currency()).isEqualTo("EUR");
    }

    @Test
    void aNumberFieldsBoundsAsTwoInputsOrOneRange() {
        assertThat(read("f.guests.min=2&f.guests.max=4").fields())
                .isEqualTo(read("f.guests=2..4").fields())
                .containsEntry("guests", new Range(new BigDecimal("2"), new BigDecimal("4")));
        assertThat(read("f.guests.max=4").fields()).containsEntry("guests", new Range(null, new BigDecimal("4")));
    }

    @Test
    void repeatedChoicesAreOneList() {
        assertThat(read("f.colour=red&f.colour=blue").fields())
                .isEqualTo(read("f.colour=red,blue").fields())
                .containsEntry("colour", new AnyOf(List.of("red", "blue")));
        assertThat(read("f.amenities=all:wifi&f.amenities=pool").fields())
                .containsEntry("amenities", new AllOf(List.of("wifi", "pool")));
    }

    @Test
    void everyProblemIsNamedByTheParameterThatCarriedIt() {
        InvalidInput refused = catchThrowableOfType(
                InvalidInput.class, () -> read("price_from=abc&price_max=1x&f.guests.min=a&lat=1&bbox=1,2&sort=up"));
        assertThat(refused.problems())
                .extracting(FieldProblem::field)
                .containsExactlyInAnyOrder("price_from", "price_max", "f.guests", "lng", "bbox", "sort");
        // without the marketplace's currency a typed price can't be read
        assertThat(catchThrowableOfType(InvalidInput.class, () -> SearchParameters.read(params("price_to=5"), null))
                        .problems())
                .extracting(FieldProblem::field, FieldProblem::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("price_to", "search.currency"));
    }

    @Test
    void theSearchsProblemsWithATypedPriceAreNamedByItsInputs() {
        InvalidInput found = new InvalidInput(List.of(
                new FieldProblem("price_min", "search.price.negative"),
                new FieldProblem("price_max", "search.range.inverted"),
                new FieldProblem("seats", "search.between", 1, 1000)));
        SearchParameters parameters = new SearchParameters(null);
        assertThat(parameters.named(found, params("price_from=-1&price_to=5")).problems())
                .extracting(FieldProblem::field)
                .containsExactly("price_from", "price_to", "seats");
        assertThat(parameters.named(found, params("price_min=-1")).problems())
                .extracting(FieldProblem::field)
                .containsExactly("price_min", "price_max", "seats");
    }

    private static SearchQuery read(String query) {
        return SearchParameters.read(params(query), EUR);
    }

    private static MultiValueMap<String, String> params(String query) {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        for (String part : query.split("&")) {
            int eq = part.indexOf('=');
            params.add(part.substring(0, eq), part.substring(eq + 1));
        }
        return params;
    }
}
