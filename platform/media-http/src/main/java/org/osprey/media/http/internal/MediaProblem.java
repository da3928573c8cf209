package org.osprey.media.http.internal;

import java.util.Map;

/** An error answer of the media endpoints: becomes an {@code application/problem+json} body. */
final class MediaProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String title;
    final Map<String, String> errors;
    final Map<String, String> headers;

    MediaProblem(int status, String title, String detail) {
        this(status, title, detail, Map.of(), Map.of());
    }

    MediaProblem(int status, String title, String detail, Map<String, String> errors, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = Map.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    static MediaProblem unauthorized() {
        return new MediaProblem(401, "Unauthorized", "Log in, or send HTTP Basic or Digest credentials");
    }

    static MediaProblem forbidden(String detail) {
        return new MediaProblem(403, "Forbidden", detail);
    }

    static MediaProblem notFound(String detail) {
        return new MediaProblem(404, "Not found", detail);
    }

    static MediaProblem badRequest(String detail, Map<String, String> errors) {
        return new MediaProblem(400, "Bad request", detail, errors, Map.of());
    }

    static MediaProblem conflict(String detail) {
        return new MediaProblem(409, "Conflict", detail);
    }

    /** Something needed is missing for now; the client may ask again after a few seconds. */
    static MediaProblem unavailable(String detail) {
        return new MediaProblem(503, "Service unavailable", detail, Map.of(), Map.of("Retry-After", "5"));
    }
}
