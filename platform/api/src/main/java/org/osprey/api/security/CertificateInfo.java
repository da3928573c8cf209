package org.osprey.api.security;

import java.time.Instant;
import java.util.List;

/**
 * A certificate as shown to people; never the private key.
 *
 * @param subject           subject distinguished name
 * @param issuer            issuer distinguished name
 * @param serialNumber      serial number, hexadecimal
 * @param notBefore         start of validity
 * @param notAfter          end of validity
 * @param sha256Fingerprint SHA-256 over the DER encoding, upper-case hex pairs separated by colons: the
 *                          certificate ID clients pin (SEC-14)
 * @param authority         whether it is a CA certificate
 * @param subjectAltNames   DNS names and IP addresses it is valid for
 */
public record CertificateInfo(String subject, String issuer, String serialNumber, Instant notBefore,
        Instant notAfter, String sha256Fingerprint, boolean authority, List<String> subjectAltNames) {

    /** Copies the list. */
    public CertificateInfo {
        subjectAltNames = subjectAltNames == null ? List.of() : List.copyOf(subjectAltNames);
    }
}
