package org.osprey.api.dto;

/**
 * {@code GET /api/v1/system}: what anyone may learn about a server before logging in.
 *
 * @param name          server name
 * @param version       Osprey version
 * @param certificateId SHA-256 fingerprint of the server's TLS certificate, to compare with what a client
 *                      sees on first connection (SEC-14); empty while the server has none
 */
public record SystemDTO(String name, String version, String certificateId) {
}
