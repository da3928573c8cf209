package org.osprey.certificates.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaxWebTlsTest {

    private static final Map<String, Object> SHIPPED = Map.of(
            "org.osgi.service.http.enabled", "true",
            PaxWebTls.HTTP_PORT, "29204",
            "org.ops4j.pax.web.listening.addresses", "127.0.0.1",
            PaxWebTls.HTTPS_ENABLED, "false",
            "org.ops4j.pax.web.server.maxThreads", "200",
            "felix.fileinstall.filename", "file:/opt/osprey/etc/org.ops4j.pax.web.cfg");

    private final Path keystore = Path.of("/opt/osprey/data/osprey/tls/server.p12");

    @Test
    void httpsSetsTheKeystoreAndKeepsEverythingElse() throws Exception {
        FakePaxWebConfiguration config = new FakePaxWebConfiguration(SHIPPED);

        boolean changed = new PaxWebTls(config.admin).serveHttps(keystore, "secret", "osprey", 29204, 29280);

        assertThat(changed).isTrue();
        assertThat(config.updates()).isEqualTo(1);
        assertThat(config.properties()).containsAllEntriesOf(Map.of(
                PaxWebTls.HTTPS_ENABLED, "true",
                PaxWebTls.HTTPS_PORT, "29204",
                PaxWebTls.HTTP_PORT, "29280",
                PaxWebTls.KEYSTORE, keystore.toString(),
                PaxWebTls.KEYSTORE_TYPE, "PKCS12",
                PaxWebTls.KEYSTORE_PASSWORD, "secret",
                PaxWebTls.KEY_PASSWORD, "secret",
                PaxWebTls.KEY_ALIAS, "osprey",
                PaxWebTls.PROTOCOLS_INCLUDED, "TLSv1.3,TLSv1.2"));
        assertThat(config.properties()).containsAllEntriesOf(Map.of(
                "org.osgi.service.http.enabled", "true",
                "org.ops4j.pax.web.listening.addresses", "127.0.0.1",
                "org.ops4j.pax.web.server.maxThreads", "200",
                "felix.fileinstall.filename", "file:/opt/osprey/etc/org.ops4j.pax.web.cfg"));
    }

    @Test
    void sameSettingsAgainDoNotRestartTheWebServer() throws Exception {
        FakePaxWebConfiguration config = new FakePaxWebConfiguration(SHIPPED);
        PaxWebTls paxWeb = new PaxWebTls(config.admin);
        paxWeb.serveHttps(keystore, "secret", "osprey", 29204, 29280);

        assertThat(paxWeb.serveHttps(keystore, "secret", "osprey", 29204, 29280)).isFalse();
        assertThat(config.updates()).isEqualTo(1);
    }

    @Test
    void aNewPasswordIsAChange() throws Exception {
        FakePaxWebConfiguration config = new FakePaxWebConfiguration(SHIPPED);
        PaxWebTls paxWeb = new PaxWebTls(config.admin);
        paxWeb.serveHttps(keystore, "secret", "osprey", 29204, 29280);

        assertThat(paxWeb.serveHttps(keystore, "renewed", "osprey", 29204, 29280)).isTrue();
        assertThat(config.updates()).isEqualTo(2);
        assertThat(config.get(PaxWebTls.KEYSTORE_PASSWORD)).isEqualTo("renewed");
    }

    @Test
    void valuesOfOtherTypesCompareByText() throws Exception {
        FakePaxWebConfiguration config = new FakePaxWebConfiguration(Map.of(PaxWebTls.HTTP_PORT, 29280,
                PaxWebTls.HTTPS_ENABLED, Boolean.FALSE));

        assertThat(new PaxWebTls(config.admin).serveHttpOnly(29280)).isFalse();
        assertThat(config.updates()).isZero();
    }

    @Test
    void turningHttpsOffRemovesTheKeystoreSettingsOnly() throws Exception {
        FakePaxWebConfiguration config = new FakePaxWebConfiguration(SHIPPED);
        PaxWebTls paxWeb = new PaxWebTls(config.admin);
        paxWeb.serveHttps(keystore, "secret", "osprey", 29204, 29280);

        assertThat(paxWeb.serveHttpOnly(29280)).isTrue();

        assertThat(config.properties()).doesNotContainKeys(PaxWebTls.KEYSTORE, PaxWebTls.KEYSTORE_PASSWORD,
                PaxWebTls.KEY_PASSWORD, PaxWebTls.KEY_ALIAS, PaxWebTls.HTTPS_PORT);
        assertThat(config.properties()).containsEntry(PaxWebTls.HTTPS_ENABLED, "false")
                .containsEntry(PaxWebTls.HTTP_PORT, "29280")
                .containsEntry("org.ops4j.pax.web.listening.addresses", "127.0.0.1");
        assertThat(paxWeb.serveHttpOnly(29280)).isFalse();
    }

    @Test
    void aMissingConfigurationIsCreated() throws Exception {
        FakePaxWebConfiguration config = new FakePaxWebConfiguration(null);

        assertThat(new PaxWebTls(config.admin).serveHttps(keystore, "secret", "osprey", 29204, 29280)).isTrue();
        assertThat(config.properties()).containsEntry(PaxWebTls.HTTPS_ENABLED, "true");
    }
}
