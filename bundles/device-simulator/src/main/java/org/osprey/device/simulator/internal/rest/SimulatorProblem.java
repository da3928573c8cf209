package org.osprey.device.simulator.internal.rest;

import java.util.Map;

/** An error answer of the simulator endpoints: becomes an {@code application/problem+json} body. */
final class SimulatorProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String title;
    final Map<String, String> errors;
    final Map<String, String> headers;

    SimulatorProblem(int status, String title, String detail, Map<String, String> errors,
            Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = Map.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    static SimulatorProblem badRequest(String detail) {
        return new SimulatorProblem(400, "Bad request", detail, Map.of(), Map.of());
    }

    /** Invalid input in one field of the body. */
    static SimulatorProblem invalid(String field, String detail) {
        return new SimulatorProblem(400, "Bad request", detail, Map.of(field, detail), Map.of());
    }

    static SimulatorProblem unauthorized() {
        return new SimulatorProblem(401, "Unauthorized", "Log in, or send HTTP Basic or Digest credentials",
                Map.of(), Map.of());
    }

    static SimulatorProblem forbidden() {
        return new SimulatorProblem(403, "Forbidden", "Only administrators steer simulated devices", Map.of(),
                Map.of());
    }

    static SimulatorProblem notFound(String detail) {
        return new SimulatorProblem(404, "Not found", detail, Map.of(), Map.of());
    }

    static SimulatorProblem methodNotAllowed(String method, String path, String allowed) {
        return new SimulatorProblem(405, "Method not allowed", method + " is not allowed on " + path, Map.of(),
                Map.of("Allow", allowed));
    }

    static SimulatorProblem conflict(String detail) {
        return new SimulatorProblem(409, "Conflict", detail, Map.of(), Map.of());
    }

    static SimulatorProblem tooLarge(int limit) {
        return new SimulatorProblem(413, "Payload too large", "The body is larger than " + limit + " bytes",
                Map.of(), Map.of());
    }

    static SimulatorProblem unsupportedType() {
        return new SimulatorProblem(415, "Unsupported media type", "The body must be application/json", Map.of(),
                Map.of());
    }
}
