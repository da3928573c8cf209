package org.osprey.certificates.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes keys and certificates. BouncyCastle only assembles and encodes the certificates; keys, signatures
 * and parsing use the Java runtime's own providers, so no provider is registered for other bundles.
 */
final class CertificateIssuer {

    /** SEC-01: the built-in authority is valid for ten years. */
    static final int AUTHORITY_YEARS = 10;

    /** Tolerates clients whose clock runs a little behind the server's. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    private final Clock clock;
    private final SecureRandom random;

    CertificateIssuer(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    /** A key and the certificate chain that goes with it, the key's own certificate first. */
    record KeyEntry(PrivateKey key, List<X509Certificate> chain) {

        KeyEntry {
            chain = List.copyOf(chain);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("A key entry needs its certificate");
            }
        }

        X509Certificate certificate() {
            return chain.get(0);
        }
    }

    /** A new self-signed root that may sign end-entity certificates only (path length 0). */
    KeyEntry createAuthority() throws GeneralSecurityException {
        KeyPair keys = newKeyPair();
        X500Name subject = name("Osprey VMS CA " + HexFormat.of().formatHex(randomBytes(4)));
        Instant now = now();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serialNumber(),
                    Date.from(now.minus(BACKDATE)),
                    Date.from(now.atZone(ZoneOffset.UTC).plusYears(AUTHORITY_YEARS).toInstant()), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return new KeyEntry(keys.getPrivate(), List.of(sign(builder, keys.getPrivate())));
        } catch (IOException e) {
            throw new GeneralSecurityException("The certificate authority could not be encoded", e);
        }
    }

    /**
     * A TLS server certificate for the names, signed by the authority.
     *
     * @param notAfter end of validity; the caller keeps it within the authority's own
     */
    KeyEntry issueServer(KeyEntry authority, ServerNames names, Instant notAfter) throws GeneralSecurityException {
        X509Certificate ca = authority.certificate();
        Instant now = now();
        if (!notAfter.isAfter(now)) {
            throw new GeneralSecurityException("A certificate ending " + notAfter + " would be expired at once");
        }
        KeyPair keys = newKeyPair();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serialNumber(),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter), name(names.commonName()), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, names.toGeneralNames())
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca));
            return new KeyEntry(keys.getPrivate(), List.of(sign(builder, authority.key()), ca));
        } catch (IOException e) {
            throw new GeneralSecurityException("The server certificate could not be encoded", e);
        }
    }

    /** EC P-256: as strong as RSA 3072 for TLS, with keys and signatures a tenth of the size. */
    private KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey) throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm(signingKey)).setSecureRandom(random)
                    .build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("No signer for a " + signingKey.getAlgorithm() + " key", e);
        }
    }

    private static String signatureAlgorithm(PrivateKey key) throws GeneralSecurityException {
        return switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new GeneralSecurityException("Cannot sign with a " + key.getAlgorithm() + " key");
        };
    }

    private static X500Name name(String commonName) {
        // Most general first in the encoding, as X.501 orders it; shown as "CN=..., O=Osprey".
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Osprey").addRDN(BCStyle.CN, commonName).build();
    }

    /** Positive, at most 20 octets (RFC 5280 4.1.2.2), and random so that no two certificates share one. */
    private BigInteger serialNumber() {
        return new BigInteger(159, random).add(BigInteger.ONE);
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Whole seconds: X.509 times carry no fractions, and comparisons with the encoded dates stay exact. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
