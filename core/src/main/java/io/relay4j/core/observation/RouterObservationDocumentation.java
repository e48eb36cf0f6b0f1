package io.relay4j.core.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations {@link ObservationRouterListener} makes: one per request and one per provider
 * call (attempt), the attempt a child of its request. Their key names follow the OpenTelemetry GenAI
 * conventions where those name the value. Low-cardinality keys hold names, states and error types;
 * token counts and ids are high-cardinality; no key ever holds prompt, answer or key text.
 */
public enum RouterObservationDocumentation implements ObservationDocumentation {

    /** A request, from entering the router to its answer or error. */
    REQUEST {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultRequestObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return new KeyName[] {LowCardinalityKeys.OPERATION_NAME, LowCardinalityKeys.OPERATION,
                    LowCardinalityKeys.PROVIDER, LowCardinalityKeys.OUTCOME, LowCardinalityKeys.ERROR_TYPE};
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return new KeyName[] {HighCardinalityKeys.REQUEST_ID, HighCardinalityKeys.ATTEMPTS,
                    HighCardinalityKeys.INPUT_TOKENS, HighCardinalityKeys.OUTPUT_TOKENS};
        }
    },

    /** One call to one provider; skipped providers are events on the request, not attempts. */
    ATTEMPT {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultAttemptObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return new KeyName[] {LowCardinalityKeys.OPERATION_NAME, LowCardinalityKeys.PROVIDER_NAME,
                    LowCardinalityKeys.REQUEST_MODEL, LowCardinalityKeys.RESPONSE_MODEL, LowCardinalityKeys.PROVIDER,
                    LowCardinalityKeys.KIND, LowCardinalityKeys.OUTCOME, LowCardinalityKeys.ERROR_TYPE};
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return new KeyName[] {HighCardinalityKeys.REQUEST_ID, HighCardinalityKeys.INPUT_TOKENS,
                    HighCardinalityKeys.OUTPUT_TOKENS};
        }
    };

    /** Keys with few distinct values, fit for metrics. */
    public enum LowCardinalityKeys implements KeyName {
        /** {@code chat}. */
        OPERATION_NAME("gen_ai.operation.name"),
        /** {@code generate} or {@code stream}. */
        OPERATION("relay4j.operation"),
        /** The vendor. */
        PROVIDER_NAME("gen_ai.provider.name"),
        /** The model asked for (the provider's default when the request named none). */
        REQUEST_MODEL("gen_ai.request.model"),
        /**
         * The model the vendor said answered, bounded: the pricing table's model when the table prices the
         * reported id, else the model asked for; {@code none} when it did not answer.
         */
        RESPONSE_MODEL("gen_ai.response.model"),
        /** The provider's name on the router; on a request, the one that answered, or {@code none}. */
        PROVIDER("relay4j.provider"),
        /** Why the attempt was made: {@code primary}, {@code retry}, {@code fallback}, {@code hedge}, {@code resume}. */
        KIND("relay4j.attempt.kind"),
        /** {@code success}, {@code failed} or {@code cancelled}; {@code none} while running. */
        OUTCOME("relay4j.outcome"),
        /** The failure's error type tag; {@code none} on success. */
        ERROR_TYPE("error.type");

        private final String key;

        LowCardinalityKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /** Keys with many distinct values: for spans, never for metrics. */
    public enum HighCardinalityKeys implements KeyName {
        /** The router's id of the request. */
        REQUEST_ID("relay4j.request.id"),
        /** How many attempts the request took, skipped ones included. */
        ATTEMPTS("relay4j.attempts"),
        /** Input tokens: the attempt's, or the sum over a request's attempts. */
        INPUT_TOKENS("gen_ai.usage.input_tokens"),
        /** Output tokens: the attempt's, or the sum over a request's attempts. */
        OUTPUT_TOKENS("gen_ai.usage.output_tokens");

        private final String key;

        HighCardinalityKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }
}
