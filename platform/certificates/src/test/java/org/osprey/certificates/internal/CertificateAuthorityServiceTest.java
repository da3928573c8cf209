package org.osprey.certificates.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osprey.sdk.test.MutableClock;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.security.CertificateInfo;
import org.osprey.certificates.internal.CertificateIssuer.KeyEntry;

class CertificateAuthorityServiceTest {

    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path folder;

    private final MutableClock clock = new MutableClock(START);
    private FakePaxWebConfiguration paxWeb;
    private TestConfig config;

    private CertificateAuthorityService activate() throws Exception {
        if (paxWeb == null) {
            paxWeb = new FakePaxWebConfiguration(Map.of("org.ops4j.pax.web.listening.addresses", "127.0.0.1"));
        }
        if (config == null) {
            config = new TestConfig(folder);
        }
        return new CertificateAuthorityService(config, paxWeb.admin, clock);
    }

    @Test
    void firstActivationCreatesAuthorityAndServerCertificate() throws Exception {
        CertificateAuthorityService service = activate();

        assertThat(folder).isDirectoryContaining("glob:**/ca.p12").isDirectoryContaining("glob:**/ca.password")
                .isDirectoryContaining("glob:**/ca.crt").isDirectoryContaining("glob:**/server.p12")
                .isDirectoryContaining("glob:**/server.password");
        assertThat(Files.list(folder).map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));

        CertificateInfo ca = service.authority();
        assertThat(ca.authority()).isTrue();
        assertThat(ca.subject()).matches("CN=Osprey VMS CA [0-9a-f]{8},O=Osprey");
        assertThat(ca.issuer()).isEqualTo(ca.subject());
        assertThat(ca.notAfter()).isEqualTo(START.atZone(ZoneOffset.UTC).plusYears(10).toInstant());

        X509Certificate caCertificate = authorityCertificate();
        assertThat(caCertificate.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        assertThat(caCertificate.getBasicConstraints()).isZero();
        boolean[] usage = caCertificate.getKeyUsage();
        assertThat(usage[5]).as("keyCertSign").isTrue();
        assertThat(usage[6]).as("cRLSign").isTrue();
        assertThat(usage[0]).as("digitalSignature").isFalse();

        CertificateInfo server = service.serverCertificate();
        assertThat(server.authority()).isFalse();
        assertThat(server.subject()).isEqualTo("CN=localhost,O=Osprey");
        assertThat(server.issuer()).isEqualTo(ca.subject());
        assertThat(server.subjectAltNames()).containsExactly("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(server.notAfter()).isEqualTo(START.plus(Duration.ofDays(1095)));
        assertThat(serverChain().get(0).getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(Security.getProvider("BC")).as("BouncyCastle stays out of the JVM-wide providers").isNull();
    }

    @Test
    void serverCertificateChainsToTheAuthority() throws Exception {
        activate();
        List<X509Certificate> chain = serverChain();
        assertThat(chain).hasSize(2);
        assertThat(chain.get(1)).isEqualTo(authorityCertificate());

        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(chain.get(0)));
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(authorityCertificate(), null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(java.util.Date.from(START));
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }

    @Test
    void certificateIdIsTheSha256OfTheDerEncoding() throws Exception {
        CertificateAuthorityService service = activate();

        byte[] digest = MessageDigest.getInstance("SHA-256").digest(serverChain().get(0).getEncoded());
        String expected = HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        assertThat(service.serverCertificate().sha256Fingerprint()).isEqualTo(expected).hasSize(95);
        assertThat(service.authority().sha256Fingerprint()).isEqualTo(HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(authorityCertificate().getEncoded())));
    }

    @Test
    void authorityPemIsTheDownloadableCertificate() throws Exception {
        CertificateAuthorityService service = activate();

        String pem = service.authorityPem();
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n")
                .isEqualTo(Files.readString(folder.resolve("ca.crt")));
        Certificate parsed = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        assertThat(parsed).isEqualTo(authorityCertificate());
    }

    @Test
    void deletedAuthorityCertificateIsWrittenAgain() throws Exception {
        String pem = activate().authorityPem();
        Files.delete(folder.resolve("ca.crt"));

        activate();

        assertThat(Files.readString(folder.resolve("ca.crt"))).isEqualTo(pem);
    }

    @Test
    void secondActivationReusesAuthorityAndCertificate() throws Exception {
        CertificateAuthorityService first = activate();
        clock.advance(Duration.ofDays(100));

        CertificateAuthorityService second = activate();

        assertThat(second.authority()).isEqualTo(first.authority());
        assertThat(second.serverCertificate()).isEqualTo(first.serverCertificate());
        assertThat(paxWeb.updates()).as("nothing changed for the web server").isEqualTo(1);
    }

    @Test
    void renewalKeepsTheAuthorityAndReplacesTheServerCertificate() throws Exception {
        CertificateAuthorityService service = activate();
        CertificateInfo before = service.serverCertificate();
        Object passwordBefore = paxWeb.get(PaxWebTls.KEYSTORE_PASSWORD);
        String authorityBefore = service.authority().sha256Fingerprint();

        CertificateInfo renewed = service.renewServerCertificate();

        assertThat(renewed.sha256Fingerprint()).isNotEqualTo(before.sha256Fingerprint());
        assertThat(service.serverCertificate()).isEqualTo(renewed);
        assertThat(service.authority().sha256Fingerprint()).isEqualTo(authorityBefore);
        assertThat(Certificates.fingerprint(serverChain().get(0))).isEqualTo(renewed.sha256Fingerprint());
        assertThat(paxWeb.updates()).isEqualTo(2);
        assertThat(paxWeb.get(PaxWebTls.KEYSTORE_PASSWORD)).isNotEqualTo(passwordBefore)
                .isEqualTo(readPassword("server.password"));
    }

    @Test
    void aRenewalOnRequestRestartsTheWebServerOnlyAfterTheAnswer() throws Exception {
        activate();
        List<Runnable> later = new ArrayList<>();
        CertificateAuthorityService service = new CertificateAuthorityService(config, paxWeb.admin, clock, later::add);
        int updatesBefore = paxWeb.updates();

        CertificateInfo renewed = service.renewServerCertificate();

        assertThat(paxWeb.updates()).as("the web server keeps serving the answer").isEqualTo(updatesBefore);
        assertThat(later).hasSize(1);
        later.get(0).run();
        assertThat(paxWeb.updates()).isEqualTo(updatesBefore + 1);
        assertThat(Certificates.fingerprint(serverChain().get(0))).isEqualTo(renewed.sha256Fingerprint());
    }

    @Test
    void httpsIsServedFromTheServerKeystore() throws Exception {
        activate();

        assertThat(paxWeb.properties()).containsEntry(PaxWebTls.HTTPS_ENABLED, "true")
                .containsEntry(PaxWebTls.HTTPS_PORT, "29204").containsEntry(PaxWebTls.HTTP_PORT, "29280")
                .containsEntry(PaxWebTls.KEYSTORE, folder.resolve("server.p12").toAbsolutePath().toString())
                .containsEntry(PaxWebTls.KEYSTORE_PASSWORD, readPassword("server.password"))
                .containsEntry(PaxWebTls.KEY_ALIAS, "osprey")
                .containsEntry("org.ops4j.pax.web.listening.addresses", "127.0.0.1");
    }

    @Test
    void httpsCanBeTurnedOff() throws Exception {
        activate();
        config.enableHttps = false;

        activate();

        assertThat(paxWeb.properties()).containsEntry(PaxWebTls.HTTPS_ENABLED, "false")
                .doesNotContainKeys(PaxWebTls.KEYSTORE_PASSWORD, PaxWebTls.KEY_PASSWORD);
    }

    @Test
    void changedNamesAreCoveredAtTheNextActivation() throws Exception {
        CertificateInfo before = activate().serverCertificate();
        config.hostNames = "vms.example.com, localhost";
        config.ipAddresses = "192.168.1.10";

        CertificateAuthorityService service = activate();

        assertThat(service.serverCertificate().sha256Fingerprint()).isNotEqualTo(before.sha256Fingerprint());
        assertThat(service.serverCertificate().subject()).isEqualTo("CN=vms.example.com,O=Osprey");
        assertThat(service.serverCertificate().subjectAltNames())
                .containsExactly("vms.example.com", "localhost", "192.168.1.10");
    }

    @Test
    void certificateIsRenewedSevenDaysBeforeTheWarningStarts() throws Exception {
        CertificateInfo before = activate().serverCertificate();

        clock.advance(Duration.ofDays(1095 - 38));
        assertThat(activate().serverCertificate()).as("38 days left: not yet").isEqualTo(before);

        clock.advance(Duration.ofDays(2));
        CertificateInfo renewed = activate().serverCertificate();
        assertThat(renewed.sha256Fingerprint()).as("36 days left").isNotEqualTo(before.sha256Fingerprint());
        assertThat(renewed.notAfter()).isEqualTo(clock.instant().plus(Duration.ofDays(1095)));
    }

    @Test
    void periodicCheckRenewsWhenDue() throws Exception {
        CertificateAuthorityService service = activate();
        CertificateInfo before = service.serverCertificate();

        service.renewIfDue();
        assertThat(service.serverCertificate()).isEqualTo(before);

        clock.advance(Duration.ofDays(1095 - 10));
        service.renewIfDue();
        assertThat(service.serverCertificate().sha256Fingerprint()).isNotEqualTo(before.sha256Fingerprint());
    }

    @Test
    void serverCertificateNeverOutlivesTheAuthority() throws Exception {
        CertificateInfo ca = activate().authority();
        clock.advance(Duration.ofDays(3500));

        CertificateAuthorityService service = activate();
        assertThat(service.serverCertificate().notAfter()).isEqualTo(ca.notAfter());

        clock.advance(Duration.ofDays(1));
        assertThat(activate().serverCertificate()).as("no churn when a new one could not last longer")
                .isEqualTo(service.serverCertificate());
    }

    @Test
    void configuredValidityIsCappedAtThreeYears() throws Exception {
        config = new TestConfig(folder);
        config.serverCertificateDays = 5000;

        assertThat(activate().serverCertificate().notAfter()).isEqualTo(START.plus(Duration.ofDays(1095)));
    }

    @Test
    void importedCertificateGoesIntoService() throws Exception {
        CertificateAuthorityService service = activate();
        KeyEntry foreign = foreignServerCertificate(START.minus(Duration.ofDays(1)), Duration.ofDays(400));

        CertificateInfo imported = service.importServerCertificate(pkcs12(foreign, "import-pass"),
                "import-pass".toCharArray());

        assertThat(imported.sha256Fingerprint()).isEqualTo(Certificates.fingerprint(foreign.certificate()));
        assertThat(imported.subjectAltNames()).containsExactly("camera.example");
        assertThat(serverChain().get(0)).isEqualTo(foreign.certificate());
        assertThat(readPassword("server.password")).isNotEqualTo("import-pass");
        assertThat(paxWeb.get(PaxWebTls.KEYSTORE_PASSWORD)).isEqualTo(readPassword("server.password"));
        assertThat(paxWeb.updates()).isEqualTo(2);

        assertThat(activate().serverCertificate()).as("imported certificates are not replaced by the authority's")
                .isEqualTo(imported);
    }

    @Test
    void refusedImportsChangeNothing() throws Exception {
        CertificateAuthorityService service = activate();
        CertificateInfo before = service.serverCertificate();
        Map<String, byte[]> files = snapshot();
        KeyEntry valid = foreignServerCertificate(START.minus(Duration.ofDays(1)), Duration.ofDays(400));
        KeyEntry expired = foreignServerCertificate(START.minus(Duration.ofDays(60)), Duration.ofDays(30));
        KeyEntry other = foreignServerCertificate(START.minus(Duration.ofDays(1)), Duration.ofDays(400));
        byte[] corrupt = new byte[2048];
        new SecureRandom().nextBytes(corrupt);

        assertThatThrownBy(() -> service.importServerCertificate(corrupt, "pw".toCharArray()))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("not a PKCS#12 file");
        assertThatThrownBy(() -> service.importServerCertificate(pkcs12(valid, "right"), "wrong".toCharArray()))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("password is wrong");
        assertThatThrownBy(() -> service.importServerCertificate(pkcs12(expired, "pw"), "pw".toCharArray()))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("expired");
        KeyEntry mismatched = new KeyEntry(other.key(), valid.chain());
        assertThatThrownBy(() -> service.importServerCertificate(pkcs12(mismatched, "pw"), "pw".toCharArray()))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("does not belong");
        assertThatThrownBy(() -> service.importServerCertificate(pkcs12(List.of(valid, other), "pw"), "pw".toCharArray()))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("2 private keys");
        KeyEntry authority = new CertificateIssuer(clock, new SecureRandom()).createAuthority();
        assertThatThrownBy(() -> service.importServerCertificate(pkcs12(authority, "pw"), "pw".toCharArray()))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("certificate authority");

        assertThat(service.serverCertificate()).isEqualTo(before);
        Map<String, byte[]> after = snapshot();
        assertThat(after).containsOnlyKeys(files.keySet());
        files.forEach((name, content) -> assertThat(after.get(name)).as(name).isEqualTo(content));
        assertThat(paxWeb.updates()).isEqualTo(1);
    }

    @Test
    void keysAndPasswordsAreReadableByTheOwnerOnly() throws Exception {
        assumeTrue(Files.getFileStore(folder).supportsFileAttributeView(PosixFileAttributeView.class));
        activate();

        for (String secret : List.of("ca.password", "server.password", "ca.p12", "server.p12")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve(secret))))
                    .as(secret).isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("ca.crt"))))
                .isEqualTo("rw-r--r--");
    }

    @Test
    void newFolderIsClosedToOthers() throws Exception {
        assumeTrue(Files.getFileStore(folder).supportsFileAttributeView(PosixFileAttributeView.class));
        Path tls = folder.resolve("data/osprey/tls");
        config = new TestConfig(tls);

        activate();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls))).isEqualTo("rwx------");
    }

    @Test
    void authorityThatCannotBeOpenedIsNeverReplaced() throws Exception {
        activate();
        byte[] authority = Files.readAllBytes(folder.resolve("ca.p12"));
        Files.writeString(folder.resolve("ca.password"), "not the password");

        assertThatThrownBy(this::activate).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("ca.p12 cannot be used");
        Files.delete(folder.resolve("ca.password"));
        assertThatThrownBy(this::activate).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("password file");

        assertThat(Files.readAllBytes(folder.resolve("ca.p12"))).isEqualTo(authority);
    }

    @Test
    void unreadableServerKeystoreIsReissued() throws Exception {
        CertificateInfo before = activate().serverCertificate();
        Files.writeString(folder.resolve("server.password"), "stale");

        CertificateAuthorityService service = activate();

        assertThat(service.serverCertificate().sha256Fingerprint()).isNotEqualTo(before.sha256Fingerprint());
        assertThat(paxWeb.get(PaxWebTls.KEYSTORE_PASSWORD)).isEqualTo(readPassword("server.password"));
    }

    @Test
    void leftoversOfACrashAreRemoved() throws Exception {
        activate();
        Path leftover = Files.writeString(folder.resolve(".server.p12.123.tmp"), "half a keystore");

        activate();

        assertThat(leftover).doesNotExist();
    }

    @Test
    void invalidNamesAreRefused() throws Exception {
        config = new TestConfig(folder);
        config.hostNames = "not a host";
        assertThatThrownBy(this::activate).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a host");

        config = new TestConfig(folder);
        config.ipAddresses = "localhost";
        assertThatThrownBy(this::activate).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ipAddresses");
    }

    private X509Certificate authorityCertificate() throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(folder.resolve("ca.crt")));
    }

    private List<X509Certificate> serverChain() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        char[] password = readPassword("server.password").toCharArray();
        store.load(Files.newInputStream(folder.resolve("server.p12")), password);
        assertThat(store.getKey("osprey", password)).isInstanceOf(PrivateKey.class);
        return java.util.Arrays.stream(store.getCertificateChain("osprey")).map(X509Certificate.class::cast).toList();
    }

    private String readPassword(String file) throws Exception {
        return Files.readString(folder.resolve(file));
    }

    private Map<String, byte[]> snapshot() throws Exception {
        Map<String, byte[]> files = new HashMap<>();
        try (var list = Files.list(folder)) {
            for (Path file : list.toList()) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    /** A certificate from some other authority, for "camera.example", issued at {@code issued}. */
    private KeyEntry foreignServerCertificate(Instant issued, Duration validity) throws Exception {
        CertificateIssuer issuer = new CertificateIssuer(new MutableClock(issued), new SecureRandom());
        KeyEntry authority = issuer.createAuthority();
        return issuer.issueServer(authority, ServerNames.parse("camera.example", ""), issued.plus(validity));
    }

    private static byte[] pkcs12(KeyEntry entry, String password) throws Exception {
        return pkcs12(List.of(entry), password);
    }

    private static byte[] pkcs12(List<KeyEntry> entries, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int n = 0;
        for (KeyEntry entry : entries) {
            store.setKeyEntry("key" + n++, entry.key(), password.toCharArray(),
                    entry.chain().toArray(Certificate[]::new));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, password.toCharArray());
        return out.toByteArray();
    }
}
