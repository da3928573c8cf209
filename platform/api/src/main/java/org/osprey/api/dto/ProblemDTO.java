package org.osprey.api.dto;

import java.util.Map;

/**
 * Every error answer of the REST API, as {@code application/problem+json} (RFC 9457).
 *
 * @param type   URI naming the kind of problem
 * @param title  short summary of the kind
 * @param status HTTP status
 * @param detail what went wrong in this request
 * @param errors per-field messages for invalid input, keyed by field path; empty otherwise
 */
public record ProblemDTO(String type, String title, int status, String detail, Map<String, String> errors) {
}
