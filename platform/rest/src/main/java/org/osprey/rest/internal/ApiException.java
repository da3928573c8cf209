package org.osprey.rest.internal;

import java.util.Map;

/** An error answer: becomes a problem body with the given status. */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String title;
    final Map<String, String> errors;
    final Map<String, String> headers;

    ApiException(int status, String title, String detail) {
        this(status, title, detail, Map.of(), Map.of());
    }

    ApiException(int status, String title, String detail, Map<String, String> errors) {
        this(status, title, detail, errors, Map.of());
    }

    ApiException(int status, String title, String detail, Map<String, String> errors, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = Map.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    static ApiException badRequest(String detail) {
        return new ApiException(400, "Bad request", detail);
    }

    static ApiException notFound(String detail) {
        return new ApiException(404, "Not found", detail);
    }
}
