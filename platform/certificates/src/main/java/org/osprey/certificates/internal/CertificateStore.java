package org.osprey.certificates.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.osprey.certificates.internal.CertificateIssuer.KeyEntry;

/**
 * The TLS folder. Each key lives in a PKCS#12 file whose random password is in a file beside it that
 * only the server's account can read:
 * <ul>
 * <li>{@code ca.p12} + {@code ca.password}: the authority's key and certificate</li>
 * <li>{@code ca.crt}: the authority's certificate in PEM, for clients to trust</li>
 * <li>{@code server.p12} + {@code server.password}: the HTTPS key with its chain, alias {@code osprey}</li>
 * </ul>
 */
final class CertificateStore {

    static final String AUTHORITY_ALIAS = "ca";
    static final String SERVER_ALIAS = "osprey";
    static final String KEYSTORE_TYPE = "PKCS12";

    private final Path folder;
    private final SecureRandom random;

    CertificateStore(Path folder, SecureRandom random) {
        this.folder = folder.toAbsolutePath();
        this.random = random;
    }

    Path folder() {
        return folder;
    }

    Path serverKeystore() {
        return folder.resolve("server.p12");
    }

    Path serverPasswordFile() {
        return folder.resolve("server.password");
    }

    Path authorityKeystore() {
        return folder.resolve("ca.p12");
    }

    Path authorityPasswordFile() {
        return folder.resolve("ca.password");
    }

    Path authorityCertificate() {
        return folder.resolve("ca.crt");
    }

    void prepare() throws IOException {
        SecureFiles.createFolder(folder);
        SecureFiles.removeLeftovers(folder);
    }

    /**
     * The authority, if one was created.
     *
     * @throws GeneralSecurityException when it exists but cannot be opened: it is never replaced silently,
     *                                  since clients may trust it
     */
    Optional<KeyEntry> loadAuthority() throws IOException, GeneralSecurityException {
        if (!Files.exists(authorityKeystore())) {
            return Optional.empty();
        }
        if (!Files.exists(authorityPasswordFile())) {
            throw new GeneralSecurityException(unusableAuthority("its password file " + authorityPasswordFile()
                    + " is missing"));
        }
        try {
            return Optional.of(read(authorityKeystore(), SecureFiles.readText(authorityPasswordFile()), AUTHORITY_ALIAS));
        } catch (GeneralSecurityException | IOException e) {
            throw new GeneralSecurityException(unusableAuthority("it cannot be opened with its password file ("
                    + e.getMessage() + ")"), e);
        }
    }

    private String unusableAuthority(String why) {
        return "The certificate authority " + authorityKeystore() + " cannot be used: " + why + ". Restore the "
                + "folder from a backup, or move ca.p12 away to create a new authority that every client must then "
                + "trust again";
    }

    /** Password first and certificate last, so an existing {@code ca.p12} always has its password. */
    void saveAuthority(KeyEntry authority) throws IOException, GeneralSecurityException {
        String password = SecureFiles.newSecret(random);
        byte[] keystore = write(authority, password, AUTHORITY_ALIAS);
        SecureFiles.writeSecret(authorityPasswordFile(), password.getBytes(StandardCharsets.UTF_8));
        SecureFiles.writeSecret(authorityKeystore(), keystore);
        SecureFiles.writePublic(authorityCertificate(),
                Certificates.pem(authority.certificate()).getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes {@code ca.crt} again if someone deleted or changed it; clients download it to trust the server. */
    void restoreAuthorityCertificate(X509Certificate authority) throws IOException, GeneralSecurityException {
        byte[] pem = Certificates.pem(authority).getBytes(StandardCharsets.US_ASCII);
        Path file = authorityCertificate();
        if (!Files.exists(file) || !Arrays.equals(Files.readAllBytes(file), pem)) {
            SecureFiles.writePublic(file, pem);
        }
    }

    /**
     * The server key, if there is a usable one.
     *
     * @throws GeneralSecurityException when the files exist but do not open; the caller issues a new one
     */
    Optional<KeyEntry> loadServer() throws IOException, GeneralSecurityException {
        if (!Files.exists(serverKeystore())) {
            return Optional.empty();
        }
        return Optional.of(read(serverKeystore(), serverPassword(), SERVER_ALIAS));
    }

    String serverPassword() throws IOException {
        return SecureFiles.readText(serverPasswordFile());
    }

    /**
     * Stores the server key under a new password. The new password is also what tells the HTTPS endpoint
     * that the keystore changed and must be read again.
     */
    void saveServer(KeyEntry server) throws IOException, GeneralSecurityException {
        String password = SecureFiles.newSecret(random);
        byte[] keystore = write(server, password, SERVER_ALIAS);
        SecureFiles.writeSecret(serverKeystore(), keystore);
        SecureFiles.writeSecret(serverPasswordFile(), password.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] write(KeyEntry entry, String password, String alias) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KEYSTORE_TYPE);
        store.load(null, null);
        store.setKeyEntry(alias, entry.key(), password.toCharArray(), entry.chain().toArray(Certificate[]::new));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, password.toCharArray());
        return out.toByteArray();
    }

    private static KeyEntry read(Path file, String password, String alias) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KEYSTORE_TYPE);
        store.load(new ByteArrayInputStream(Files.readAllBytes(file)), password.toCharArray());
        if (!store.isKeyEntry(alias)) {
            throw new GeneralSecurityException(file + " has no key named " + alias);
        }
        PrivateKey key = (PrivateKey) store.getKey(alias, password.toCharArray());
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate certificate : store.getCertificateChain(alias)) {
            chain.add((X509Certificate) certificate);
        }
        return new KeyEntry(key, chain);
    }
}
