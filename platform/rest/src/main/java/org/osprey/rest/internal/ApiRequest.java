package org.osprey.rest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Map;
import java.util.stream.Collectors;

/** One request as a route sees it: path parameters and the JSON body. */
final class ApiRequest {

    private final Map<String, String> pathParameters;
    private final byte[] body;
    private final ObjectMapper json;

    ApiRequest(Map<String, String> pathParameters, byte[] body, ObjectMapper json) {
        this.pathParameters = pathParameters;
        this.body = body;
        this.json = json;
    }

    String path(String name) {
        return pathParameters.get(name);
    }

    /** The body as the given type; malformed JSON and wrong types are a 400 naming the field. */
    <T> T body(Class<T> type) {
        if (body.length == 0) {
            throw ApiException.badRequest("A JSON body is required");
        }
        try {
            JsonNode tree = json.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw ApiException.badRequest("The body must be a JSON object");
            }
            return json.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw new ApiException(400, "Bad request", "Unknown field " + e.getPropertyName(),
                    Map.of(e.getPropertyName(), "unknown field"));
        } catch (MismatchedInputException e) {
            String field = e.getPath().stream().map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]"
                    : r.getFieldName()).collect(Collectors.joining("."));
            throw new ApiException(400, "Bad request", "Wrong type for " + (field.isEmpty() ? "the body" : field),
                    Map.of(field.isEmpty() ? "body" : field, "wrong type"));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr());
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("The body cannot be read");
        }
    }
}
