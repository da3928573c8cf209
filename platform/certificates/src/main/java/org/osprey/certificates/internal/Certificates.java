package org.osprey.certificates.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;
import org.osprey.api.security.CertificateInfo;

/** How certificates are shown: the certificate ID, PEM, and the names they cover. */
final class Certificates {

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private Certificates() {
    }

    static CertificateInfo info(X509Certificate certificate) {
        return new CertificateInfo(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
                certificate.getIssuerX500Principal().getName(X500Principal.RFC2253),
                certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(),
                fingerprint(certificate), certificate.getBasicConstraints() >= 0, subjectAltNames(certificate));
    }

    /** SHA-256 over the DER encoding as colon-separated upper-case hex pairs: the ID clients pin (SEC-14). */
    static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            // Every Java runtime has SHA-256, and a certificate we hold was decoded from DER.
            throw new IllegalStateException(e);
        }
    }

    static String pem(X509Certificate certificate) throws CertificateEncodingException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded());
        return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    }

    /**
     * The DNS names (lower case) and IP addresses (in {@link InetAddress#getHostAddress()} form) the
     * certificate covers, in its order.
     */
    static List<String> subjectAltNames(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        if (names == null) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (List<?> name : names) {
            Object type = name.get(0);
            Object value = name.get(1);
            if (Integer.valueOf(SAN_DNS).equals(type) && value instanceof String dns) {
                result.add(dns.toLowerCase(Locale.ROOT));
            } else if (Integer.valueOf(SAN_IP).equals(type) && value instanceof String ip) {
                result.add(normalizeIp(ip));
            }
        }
        return List.copyOf(result);
    }

    /** One spelling per address, so configured and certified addresses compare equal. */
    static String normalizeIp(String literal) {
        try {
            // A literal never causes a name lookup; callers pass only validated literals.
            return InetAddress.getByName(literal).getHostAddress();
        } catch (UnknownHostException e) {
            return literal;
        }
    }
}
