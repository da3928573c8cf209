package org.osprey.certificates.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osprey.api.scheduling.SchedulerService;
import org.osprey.api.security.CertificateInfo;
import org.osprey.api.security.CertificateService;
import org.osprey.certificates.internal.CertificateIssuer.KeyEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's own certificate authority (SEC-01) and the certificate of its HTTPS endpoint. The first
 * start creates both; later starts reuse them and renew the server certificate when it nears its end or no
 * longer covers the configured names (SEC-11). The HTTP service is pointed at the server keystore.
 */
@Component(service = CertificateService.class, configurationPid = CertificateAuthorityService.PID)
@Designate(ocd = CertificateAuthorityService.Config.class)
public class CertificateAuthorityService implements CertificateService {

    static final String PID = "org.osprey.certificates";

    /** SEC-04: issued certificates last at most three years. */
    static final int MAX_SERVER_DAYS = 1095;

    /** SEC-11: certificates this authority issued are renewed this many days before the expiry warning. */
    static final int RENEWAL_LEAD_DAYS = 7;

    private static final long RENEWAL_CHECK_HOURS = 12;
    /** Long enough for an answer to be written before the web server restarts. */
    private static final long WEB_SERVER_CHANGE_DELAY_MILLIS = 1000;

    @ObjectClassDefinition(name = "Osprey certificates",
            description = "The server's certificate authority and the certificate of its HTTPS endpoint.")
    public @interface Config {
        @AttributeDefinition(name = "Folder",
                description = "Where the authority and the server keystore are kept. Empty: data/osprey/tls under the server folder.")
        String folder() default "";

        @AttributeDefinition(name = "Server certificate validity (days)",
                description = "At most 1095, and never past the authority's own expiry.", min = "1", max = "1095")
        int serverCertificateDays() default MAX_SERVER_DAYS;

        @AttributeDefinition(name = "Expiry warning (days)",
                description = "Warn this many days before a certificate expires. Certificates the authority issued are renewed 7 days before the warning starts.",
                min = "1", max = "365")
        int expiryWarningDays() default 30;

        @AttributeDefinition(name = "Host names",
                description = "DNS names clients use to reach the server, comma-separated. The first is the certificate's common name.")
        String hostNames() default "localhost";

        @AttributeDefinition(name = "IP addresses",
                description = "IP addresses clients use to reach the server, comma-separated.")
        String ipAddresses() default "127.0.0.1,::1";

        @AttributeDefinition(name = "Serve HTTPS", description = "Serve the API over HTTPS with the server certificate.")
        boolean enableHttps() default true;

        @AttributeDefinition(name = "HTTPS port", min = "1024", max = "65534")
        int httpsPort() default 29204;

        @AttributeDefinition(name = "HTTP port", description = "Port of the plain HTTP endpoint.", min = "1024", max = "65534")
        int httpPort() default 29280;

        @AttributeDefinition(name = "Allow plain HTTP on loopback",
                description = "Development switch: clients on this machine may use HTTP; everyone else is redirected to HTTPS.")
        boolean allowPlainHttpOnLoopback() default false;
    }

    private final Logger logger = LoggerFactory.getLogger(CertificateAuthorityService.class);
    private final Clock clock;
    private final CertificateStore store;
    private final CertificateIssuer issuer;
    private final PaxWebTls paxWeb;
    private final ServerNames names;
    private final int serverDays;
    private final int warningDays;
    private final boolean enableHttps;
    private final int httpsPort;
    private final int httpPort;
    private volatile X509Certificate authority;
    private volatile List<X509Certificate> serverChain;
    private volatile ScheduledFuture<?> renewalCheck;
    /** Where a certificate changed through the API is put in service: after the answer has left. */
    private final Executor webServerChanges;

    @Activate
    public CertificateAuthorityService(Config config, @Reference ConfigurationAdmin configurationAdmin,
            @Reference SchedulerService scheduler) throws IOException, GeneralSecurityException {
        this(config, configurationAdmin, Clock.systemUTC(),
                change -> scheduler.ioScheduler().schedule(change, WEB_SERVER_CHANGE_DELAY_MILLIS, TimeUnit.MILLISECONDS));
        // A server that runs for years would otherwise only renew at its next restart.
        renewalCheck = scheduler.ioScheduler().scheduleWithFixedDelay(this::renewIfDue, RENEWAL_CHECK_HOURS,
                RENEWAL_CHECK_HOURS, TimeUnit.HOURS);
    }

    CertificateAuthorityService(Config config, ConfigurationAdmin configurationAdmin, Clock clock)
            throws IOException, GeneralSecurityException {
        this(config, configurationAdmin, clock, Runnable::run);
    }

    CertificateAuthorityService(Config config, ConfigurationAdmin configurationAdmin, Clock clock,
            Executor webServerChanges) throws IOException, GeneralSecurityException {
        this.clock = clock;
        this.webServerChanges = webServerChanges;
        SecureRandom random = new SecureRandom();
        this.store = new CertificateStore(folder(config), random);
        this.issuer = new CertificateIssuer(clock, random);
        this.paxWeb = new PaxWebTls(configurationAdmin);
        this.names = ServerNames.parse(config.hostNames(), config.ipAddresses());
        this.serverDays = Math.max(1, Math.min(MAX_SERVER_DAYS, config.serverCertificateDays()));
        this.warningDays = Math.max(1, config.expiryWarningDays());
        this.enableHttps = config.enableHttps();
        this.httpsPort = port("httpsPort", config.httpsPort());
        this.httpPort = port("httpPort", config.httpPort());
        if (enableHttps && httpsPort == httpPort) {
            throw new IllegalArgumentException("httpsPort and httpPort must differ");
        }
        start();
    }

    static Path folder(Config config) {
        if (!config.folder().isBlank()) {
            return Path.of(config.folder());
        }
        return Path.of(System.getProperty("karaf.data", "data"), "osprey", "tls");
    }

    private static int port(String name, int port) {
        if (port < 1024 || port > 65534) {
            throw new IllegalArgumentException(name + " must be within 1024-65534 (SVC-02), not " + port);
        }
        return port;
    }

    private synchronized void start() throws IOException, GeneralSecurityException {
        store.prepare();
        Optional<KeyEntry> existing = store.loadAuthority();
        KeyEntry ca;
        if (existing.isPresent()) {
            ca = existing.get();
        } else {
            ca = issuer.createAuthority();
            store.saveAuthority(ca);
            logger.info("Created the certificate authority {} (ID {}), valid until {}; clients trust it through {}",
                    subject(ca.certificate()), Certificates.fingerprint(ca.certificate()),
                    ca.certificate().getNotAfter().toInstant(), store.authorityCertificate());
        }
        authority = ca.certificate();
        store.restoreAuthorityCertificate(authority);
        List<X509Certificate> chain = existing.isPresent() ? loadServerChain() : null;
        if (chain == null) {
            chain = issueServer(ca);
        } else if (renewalDue(chain.get(0))) {
            try {
                chain = issueServer(ca);
            } catch (GeneralSecurityException e) {
                logger.error("The server certificate could not be renewed: {}", e.getMessage());
            }
        }
        serverChain = chain;
        publish();
    }

    private List<X509Certificate> loadServerChain() {
        try {
            return store.loadServer().map(KeyEntry::chain).orElse(null);
        } catch (IOException | GeneralSecurityException e) {
            // Normally a crash between writing server.p12 and server.password; the authority simply issues anew.
            logger.warn("The server keystore {} cannot be opened ({}); issuing a new server certificate",
                    store.serverKeystore(), e.getMessage());
            return null;
        }
    }

    @Deactivate
    void deactivate() {
        ScheduledFuture<?> check = renewalCheck;
        if (check != null) {
            check.cancel(false);
        }
    }

    @Override
    public CertificateInfo authority() {
        return Certificates.info(authority);
    }

    @Override
    public CertificateInfo serverCertificate() {
        return Certificates.info(serverChain.get(0));
    }

    @Override
    public String authorityPem() {
        try {
            return Certificates.pem(authority);
        } catch (CertificateException e) {
            throw new IllegalStateException("The authority certificate was read from DER and encodes again", e);
        }
    }

    @Override
    public synchronized CertificateInfo renewServerCertificate() throws GeneralSecurityException {
        KeyEntry ca = loadAuthority();
        serverChain = issueServer(ca);
        publishAfterAnswer();
        return serverCertificate();
    }

    @Override
    public synchronized CertificateInfo importServerCertificate(byte[] pkcs12, char[] password)
            throws GeneralSecurityException {
        KeyEntry imported = readImport(pkcs12, password);
        try {
            store.saveServer(imported);
        } catch (IOException e) {
            throw new GeneralSecurityException("The certificate could not be stored: " + e.getMessage(), e);
        }
        serverChain = imported.chain();
        logger.info("Imported server certificate {} (ID {}), valid until {}", subject(imported.certificate()),
                Certificates.fingerprint(imported.certificate()), imported.certificate().getNotAfter().toInstant());
        publishAfterAnswer();
        return serverCertificate();
    }

    /** The periodic check: renews when due and puts the HTTP service's settings back if they drifted. */
    synchronized void renewIfDue() {
        try {
            if (renewalDue(serverChain.get(0))) {
                serverChain = issueServer(loadAuthority());
            }
            publish();
        } catch (GeneralSecurityException | RuntimeException e) {
            logger.error("The server certificate could not be renewed: {}", e.getMessage());
        }
    }

    /**
     * Whether a certificate this authority issued should be replaced now. Imported certificates are the
     * administrator's to renew (SEC-06); the health check warns about them.
     */
    boolean renewalDue(X509Certificate certificate) {
        if (!issuedByAuthority(certificate)) {
            return false;
        }
        if (!names.matches(certificate)) {
            return true;
        }
        Instant end = certificate.getNotAfter().toInstant();
        Instant renewFrom = end.minus(Duration.ofDays((long) warningDays + RENEWAL_LEAD_DAYS));
        // Near the authority's own end a new certificate could not last longer; reissuing would only churn.
        return !clock.instant().isBefore(renewFrom) && serverNotAfter().isAfter(end);
    }

    private boolean issuedByAuthority(X509Certificate certificate) {
        if (!certificate.getIssuerX500Principal().equals(authority.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(authority.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** SEC-04: the configured days, but never past the authority's own expiry. */
    private Instant serverNotAfter() {
        Instant wanted = clock.instant().plus(Duration.ofDays(serverDays));
        Instant caEnd = authority.getNotAfter().toInstant();
        return wanted.isAfter(caEnd) ? caEnd : wanted;
    }

    private KeyEntry loadAuthority() throws GeneralSecurityException {
        try {
            return store.loadAuthority().orElseThrow(() -> new GeneralSecurityException(
                    "The certificate authority " + store.authorityKeystore() + " is missing"));
        } catch (IOException e) {
            throw new GeneralSecurityException("The certificate authority cannot be read: " + e.getMessage(), e);
        }
    }

    private List<X509Certificate> issueServer(KeyEntry ca) throws GeneralSecurityException {
        if (!ca.certificate().getNotAfter().toInstant().isAfter(clock.instant())) {
            throw new GeneralSecurityException("The certificate authority expired on "
                    + ca.certificate().getNotAfter().toInstant() + "; generate or import a new one");
        }
        KeyEntry server = issuer.issueServer(ca, names, serverNotAfter());
        try {
            store.saveServer(server);
        } catch (IOException e) {
            throw new GeneralSecurityException("The server certificate could not be stored: " + e.getMessage(), e);
        }
        logger.info("Issued server certificate {} (ID {}) for {}, valid until {}", subject(server.certificate()),
                Certificates.fingerprint(server.certificate()), Certificates.subjectAltNames(server.certificate()),
                server.certificate().getNotAfter().toInstant());
        return server.chain();
    }

    /**
     * Checks an imported PKCS#12 file completely before anything is stored: one key, its certificate valid
     * now and meant for TLS servers, and the key really belonging to the certificate.
     */
    KeyEntry readImport(byte[] pkcs12, char[] password) throws GeneralSecurityException {
        KeyStore keystore = KeyStore.getInstance(CertificateStore.KEYSTORE_TYPE);
        try {
            keystore.load(new ByteArrayInputStream(pkcs12), password);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new GeneralSecurityException("The file is not a PKCS#12 file, or the password is wrong", e);
        }
        List<String> keyAliases = new ArrayList<>();
        for (String alias : Collections.list(keystore.aliases())) {
            if (keystore.isKeyEntry(alias)) {
                keyAliases.add(alias);
            }
        }
        if (keyAliases.size() != 1) {
            throw new GeneralSecurityException("The file holds " + keyAliases.size()
                    + " private keys; exactly one is needed");
        }
        String alias = keyAliases.get(0);
        Key found;
        try {
            found = keystore.getKey(alias, password);
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException("The key in the file has another password than the file", e);
        }
        if (!(found instanceof PrivateKey key)) {
            throw new GeneralSecurityException("The key in the file is not a private key");
        }
        Certificate[] chain = keystore.getCertificateChain(alias);
        if (chain == null || chain.length == 0) {
            throw new GeneralSecurityException("The key in the file has no certificate");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate certificate : chain) {
            if (!(certificate instanceof X509Certificate x509)) {
                throw new GeneralSecurityException("The file holds a certificate that is not X.509");
            }
            certificates.add(x509);
        }
        X509Certificate leaf = certificates.get(0);
        Instant now = clock.instant();
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            throw new GeneralSecurityException("The certificate expired on " + leaf.getNotAfter().toInstant());
        }
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            throw new GeneralSecurityException("The certificate is not valid before " + leaf.getNotBefore().toInstant());
        }
        if (leaf.getBasicConstraints() >= 0) {
            throw new GeneralSecurityException("The certificate is a certificate authority, not a server certificate");
        }
        List<String> purposes = leaf.getExtendedKeyUsage();
        if (purposes != null && !purposes.contains("1.3.6.1.5.5.7.3.1") && !purposes.contains("2.5.29.37.0")) {
            throw new GeneralSecurityException("The certificate is not meant for TLS servers (no serverAuth usage)");
        }
        requireMatchingKey(key, leaf.getPublicKey());
        return new KeyEntry(key, certificates);
    }

    /** Signs a random challenge and checks it with the certificate's key. */
    private static void requireMatchingKey(PrivateKey key, PublicKey publicKey) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> throw new GeneralSecurityException("Keys of type " + key.getAlgorithm() + " are not supported");
        };
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(challenge);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        try {
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // A key of another type than the certificate's: the same answer as a wrong key.
        }
        throw new GeneralSecurityException("The private key does not belong to the certificate");
    }

    /**
     * Publishes a certificate changed on a caller's request a moment later: the web server restarts with it,
     * which would otherwise cut the connection that carries the answer.
     */
    private void publishAfterAnswer() {
        webServerChanges.execute(() -> {
            synchronized (this) {
                publish();
            }
        });
    }

    /** Points the HTTP service at the current keystore; a failure leaves certificates usable and is logged. */
    private void publish() {
        try {
            if (!enableHttps) {
                if (paxWeb.serveHttpOnly(httpPort)) {
                    logger.info("HTTPS is off; plain HTTP on port {}", httpPort);
                }
            } else if (paxWeb.serveHttps(store.serverKeystore(), store.serverPassword(), CertificateStore.SERVER_ALIAS,
                    httpsPort, httpPort)) {
                logger.info("HTTPS on port {} presents certificate {} once the web server has restarted", httpsPort,
                        Certificates.fingerprint(serverChain.get(0)));
            }
        } catch (IOException e) {
            logger.error("The HTTP service could not be configured: {}", e.getMessage());
        }
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }
}
