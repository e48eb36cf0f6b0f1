package io.relay4j.langchain4j.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import io.relay4j.core.ResponseFormat;
import io.relay4j.core.Tool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LangChain4j tool specifications and response schemas as relay4j {@link Tool}s and {@link ResponseFormat}s. The
 * JSON Schema text is what langchain4j-open-ai 1.19.0 sends for the same specification ({@code
 * OpenAiUtils.toTool} / {@code toOpenAiResponseFormat}): the same {@link JsonSchemaElementUtils#toMap} serializer,
 * strict exactly when the specification asks for it, and the same empty object schema for a tool without
 * parameters. LangChain4j marks that serializer internal; {@code ToolSchemasTest} pins its output, so a LangChain4j
 * upgrade that changes it fails the build instead of changing what the vendors receive.
 */
public final class ToolSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The name relay4j sends for a schema LangChain4j left unnamed (OpenAI requires one). */
    static final String UNNAMED_SCHEMA = "response";
    /** The schema of "any JSON object", for LangChain4j's JSON mode without a schema. */
    static final String ANY_OBJECT = "{\"type\":\"object\"}";

    private ToolSchemas() {
    }

    /** The relay4j tool for {@code specification}, strict when the specification says so. */
    public static Tool tool(ToolSpecification specification) {
        boolean strict = Boolean.TRUE.equals(specification.strict());
        String description = specification.description() == null ? "" : specification.description();
        Tool tool = Tool.of(specification.name(), description, parametersJson(specification.parameters(), strict));
        return strict ? tool.withStrict(true) : tool;
    }

    /** The JSON Schema of a tool's parameters, as langchain4j-open-ai writes it. */
    static String parametersJson(JsonObjectSchema parameters, boolean strict) {
        if (parameters != null) {
            return write(JsonSchemaElementUtils.toMap(parameters, strict));
        }
        Map<String, Object> empty = new LinkedHashMap<>();
        empty.put("type", "object");
        empty.put("properties", new LinkedHashMap<>());
        empty.put("required", new ArrayList<>());
        if (strict) {
            empty.put("additionalProperties", false);
        }
        return write(empty);
    }

    /**
     * The relay4j response format for a LangChain4j JSON schema. LangChain4j sends schemas strictly only when a model
     * is configured so; relay4j's formats are strict by default where the vendor can enforce them, and the
     * serializer writes the schema in its loose form, so the format is marked loose to match.
     */
    public static ResponseFormat responseFormat(JsonSchema schema) {
        JsonSchemaElement root = schema.rootElement();
        if (!(root instanceof JsonObjectSchema) && !(root instanceof JsonRawSchema)) {
            throw new IllegalArgumentException("relay4j sends a response schema whose root is an object "
                    + "(JsonObjectSchema or JsonRawSchema), got " + root.getClass().getSimpleName());
        }
        String name = schema.name() == null || schema.name().isBlank() ? UNNAMED_SCHEMA : schema.name();
        return ResponseFormat.jsonSchema(name, write(JsonSchemaElementUtils.toMap(root, false))).withStrict(false);
    }

    /** LangChain4j's JSON mode without a schema: any JSON object. */
    public static ResponseFormat anyJsonObject() {
        return ResponseFormat.jsonSchema(UNNAMED_SCHEMA, ANY_OBJECT).withStrict(false);
    }

    private static String write(Map<String, Object> schema) {
        try {
            return JSON.writeValueAsString(schema);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a tool or response schema could not be written as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }
}
