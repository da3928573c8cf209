package org.osprey.rest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Map;
import org.osprey.api.security.Subject;
import java.util.stream.Collectors;

/** One request as a route sees it: path parameters and the JSON body. */
final class ApiRequest {

    private final Map<String, String> pathParameters;
    private final Map<String, String[]> query;
    private final byte[] body;
    private final ObjectMapper json;
    private final Subject subject;
    private final String source;
    private final String authorization;

    ApiRequest(Map<String, String> pathParameters, Map<String, String[]> query, byte[] body, ObjectMapper json,
            Subject subject, String source, String authorization) {
        this.pathParameters = pathParameters;
        this.query = query;
        this.body = body;
        this.json = json;
        this.subject = subject;
        this.source = source;
        this.authorization = authorization;
    }

    /** The caller's address. */
    String source() {
        return source;
    }

    /** The bearer token the request carries, or {@code null}. */
    String bearerToken() {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
    }

    /** The caller; {@code null} only on public routes. */
    Subject subject() {
        return subject;
    }

    /** A query parameter, or {@code null}. */
    String query(String name) {
        String[] values = query.get(name);
        return values == null || values.length == 0 ? null : values[0];
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
