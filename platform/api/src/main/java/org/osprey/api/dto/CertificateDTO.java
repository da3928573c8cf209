package org.osprey.api.dto;

import java.util.List;

/**
 * A certificate, without its key.
 *
 * @param subject           subject DN
 * @param issuer            issuer DN
 * @param serialNumber      hexadecimal
 * @param notBefore         ISO-8601
 * @param notAfter          ISO-8601
 * @param sha256Fingerprint the certificate ID
 * @param authority         whether it is a CA certificate
 * @param subjectAltNames   DNS names and IP addresses
 */
public record CertificateDTO(String subject, String issuer, String serialNumber, String notBefore, String notAfter,
        String sha256Fingerprint, boolean authority, List<String> subjectAltNames) {
}
