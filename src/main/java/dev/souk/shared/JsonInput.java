package dev.souk.shared;

import java.math.BigDecimal;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.deser.jdk.NumberDeserializers;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;

/**
 * How far JSON read by Souk may go: documents no longer than a request body may be, strings no longer
 * than the longest text a field takes (with room for escapes), shallow nesting, short numbers; strings
 * hold only what {@link Text} accepts and decimals stay within {@link Decimals}' digits. A refused value
 * names its field by its JSON path in the API's answer.
 */
@Configuration(proxyBeanMethods = false)
class JsonInput {

    /** The longest text a field takes is 5,000 characters: anything up to this gets the field's own error. */
    static final int MAX_STRING = 200_000;

    static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            // past the body limit: a request body is refused as too large before it gets this far
            .maxDocumentLength(2L * RequestBodyLimit.MAX_BYTES)
            .maxStringLength(MAX_STRING)
            .maxNameLength(1_000)
            .maxNumberLength(100)
            .maxNestingDepth(32)
            .maxTokenCount(100_000)
            .build();

    /**
     * Boot 4.0 makes the mapper builder's JSON factory before any customizer runs, and a Jackson 3
     * builder can't be given another: the factory takes its limits from the defaults, so they are set
     * here, where the builder waits for its customizers. The customizer checks that they took.
     */
    @Bean
    static JsonMapperBuilderCustomizer jsonInputLimits() {
        StreamReadConstraints.overrideDefaultStreamReadConstraints(LIMITS);
        return builder -> {
            StreamReadConstraints applied = builder.streamFactory().streamReadConstraints();
            if (applied.getMaxStringLength() != MAX_STRING
                    || applied.getMaxDocumentLength() != LIMITS.getMaxDocumentLength()) {
                throw new IllegalStateException("The JSON mapper was built without Souk's read limits");
            }
            builder.addModule(new SimpleModule("souk-input")
                            .addDeserializer(String.class, new AcceptableString())
                            .addDeserializer(BigDecimal.class, new BoundedDecimal()))
                    // "seats": 2.0 or 1e9 is not a whole number, whatever it rounds to
                    .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                    // fractions in free-form values (custom fields) stay exact and can be bounded
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        };
    }

    /** A JSON value refused for what it holds rather than its shape, with the message code saying why. */
    static final class RefusedValue extends MismatchedInputException {

        private static final long serialVersionUID = 1L;

        final String code;

        RefusedValue(JsonParser parser, String code, Class<?> type) {
            super(parser, code, type);
            this.code = code;
        }
    }

    static final class AcceptableString extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String value = super.deserialize(parser, context);
            if (value != null && !Text.acceptable(value)) {
                throw new RefusedValue(parser, "validation.characters", String.class);
            }
            return value;
        }
    }

    static final class BoundedDecimal extends NumberDeserializers.BigDecimalDeserializer {

        @Override
        public BigDecimal deserialize(JsonParser parser, DeserializationContext context) {
            BigDecimal value;
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                value = Decimals.parse(parser.getString());
            } else {
                value = super.deserialize(parser, context);
                if (value != null && !Decimals.within(value, Decimals.INTEGER_DIGITS, Decimals.FRACTION_DIGITS)) {
                    value = null;
                }
            }
            if (value == null) {
                throw new RefusedValue(parser, "validation.number", BigDecimal.class);
            }
            return value;
        }
    }
}
