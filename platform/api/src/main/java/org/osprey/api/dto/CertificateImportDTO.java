package org.osprey.api.dto;

/**
 * {@code PUT /api/v1/certificates/server} body.
 *
 * @param pkcs12   the PKCS#12 file with the private key and certificate chain, base64-encoded
 * @param password the file's password
 */
public record CertificateImportDTO(String pkcs12, String password) {
}
