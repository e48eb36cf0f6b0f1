package io.relay4j.langchain4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.model.openai.internal.OpenAiUtils;
import io.relay4j.core.ResponseFormat;
import io.relay4j.core.Tool;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tool schemas are written exactly as langchain4j-open-ai 1.19.0 writes them for the same specification, strict or
 * not, so a tool behaves on relay4j as it did on LangChain4j's OpenAI model.
 */
class ToolSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final JsonObjectSchema ADDRESS = JsonObjectSchema.builder()
            .description("where")
            .addStringProperty("street")
            .addIntegerProperty("number", "house number")
            .required("street")
            .build();

    private static final JsonObjectSchema PARAMETERS = JsonObjectSchema.builder()
            .addStringProperty("city", "the city")
            .addNumberProperty("radius")
            .addBooleanProperty("metric")
            .addProperty("unit", JsonEnumSchema.builder().enumValues("C", "F").build())
            .addProperty("tags", JsonArraySchema.builder().items(new JsonStringSchema()).build())
            .addProperty("address", ADDRESS)
            .required("city", "unit")
            .build();

    @ParameterizedTest(name = "strict={0}")
    @ValueSource(booleans = {false, true})
    void parametersAreWhatLangChain4jsOpenAiModelSends(boolean strict) throws Exception {
        ToolSpecification specification = ToolSpecification.builder().name("weather").description("The weather")
                .parameters(PARAMETERS).strict(strict).build();

        Tool tool = ToolSchemas.tool(specification);

        assertThat(JSON.readTree(tool.parametersJson())).isEqualTo(openAi(specification, false));
        assertThat(tool.strict()).isEqualTo(strict);
        assertThat(tool.name()).isEqualTo("weather");
        assertThat(tool.description()).isEqualTo("The weather");
    }

    @ParameterizedTest(name = "strict={0}")
    @ValueSource(booleans = {false, true})
    void aToolWithoutParametersGetsOpenAisEmptyObject(boolean strict) throws Exception {
        ToolSpecification specification = ToolSpecification.builder().name("now").strict(strict).build();

        Tool tool = ToolSchemas.tool(specification);

        assertThat(JSON.readTree(tool.parametersJson())).isEqualTo(openAi(specification, false));
        assertThat(tool.description()).isEmpty();
    }

    @Test
    void theSchemaTextIsPinned() {
        // pinned as text too: a LangChain4j upgrade that changes its internal serializer shows up here
        Tool tool = ToolSchemas.tool(ToolSpecification.builder().name("weather").parameters(ADDRESS).build());

        assertThat(tool.parametersJson()).isEqualTo("{\"type\":\"object\",\"description\":\"where\",\"properties\":"
                + "{\"street\":{\"type\":\"string\"},\"number\":{\"type\":\"integer\",\"description\":\"house number\"}},"
                + "\"required\":[\"street\"]}");
    }

    @Test
    void aResponseSchemaIsALooseJsonSchemaFormatWithItsName() throws Exception {
        ResponseFormat format = ToolSchemas.responseFormat(JsonSchema.builder().name("Address")
                .rootElement(ADDRESS).build());

        assertThat(format.name()).isEqualTo("Address");
        assertThat(format.strict()).isFalse();
        assertThat(JSON.readTree(format.schemaJson())).isEqualTo(JSON.readTree(ToolSchemas.parametersJson(ADDRESS,
                false)));
    }

    @Test
    void aResponseSchemaWhoseRootIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> ToolSchemas.responseFormat(JsonSchema.builder().name("list")
                .rootElement(JsonArraySchema.builder().items(new JsonStringSchema()).build()).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JsonArraySchema");
    }

    private static JsonNode openAi(ToolSpecification specification, boolean modelStrict) {
        List<dev.langchain4j.model.openai.internal.chat.Tool> tools =
                OpenAiUtils.toTools(List.of(specification), modelStrict);
        return JSON.valueToTree(tools.get(0).function().parameters());
    }
}
