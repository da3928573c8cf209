package org.osprey.certificates.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The files work the way the web server uses them: the keystore and alias from pax-web's settings serve
 * TLS, and a client that trusts only {@code ca.crt} accepts the server under its configured name.
 */
class TlsHandshakeTest {

    @TempDir
    Path folder;

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void clientTrustingTheAuthorityConnects(String protocol) throws Exception {
        FakePaxWebConfiguration paxWeb = new FakePaxWebConfiguration(Map.of());
        new CertificateAuthorityService(new TestConfig(folder), paxWeb.admin, Clock.systemUTC());

        try (SSLServerSocket server = serverSocket(paxWeb)) {
            CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) server.accept(); InputStream in = accepted.getInputStream()) {
                    return in.read();
                } catch (Exception e) {
                    return -1;
                }
            });
            try (SSLSocket client = (SSLSocket) clientContext().getSocketFactory().createSocket("localhost",
                    server.getLocalPort())) {
                client.setEnabledProtocols(new String[] {protocol});
                SSLParameters parameters = client.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                client.setSSLParameters(parameters);
                client.startHandshake();
                assertThat(client.getSession().getProtocol()).isEqualTo(protocol);
                OutputStream out = client.getOutputStream();
                out.write(42);
                out.flush();
            }
            assertThat(served.get(10, TimeUnit.SECONDS)).isEqualTo(42);
        }
    }

    /** A server socket set up from pax-web's settings only, as Jetty's SslContextFactory does. */
    private static SSLServerSocket serverSocket(FakePaxWebConfiguration paxWeb) throws Exception {
        KeyStore keystore = KeyStore.getInstance((String) paxWeb.get(PaxWebTls.KEYSTORE_TYPE));
        try (InputStream in = Files.newInputStream(Path.of((String) paxWeb.get(PaxWebTls.KEYSTORE)))) {
            keystore.load(in, ((String) paxWeb.get(PaxWebTls.KEYSTORE_PASSWORD)).toCharArray());
        }
        assertThat(keystore.isKeyEntry((String) paxWeb.get(PaxWebTls.KEY_ALIAS))).isTrue();
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keystore, ((String) paxWeb.get(PaxWebTls.KEY_PASSWORD)).toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0);
        server.setEnabledProtocols(((String) paxWeb.get(PaxWebTls.PROTOCOLS_INCLUDED)).split(","));
        return server;
    }

    private SSLContext clientContext() throws Exception {
        X509Certificate ca;
        try (InputStream in = Files.newInputStream(folder.resolve("ca.crt"))) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("osprey-ca", ca);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
