package org.osprey.certificates.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osprey.sdk.test.MutableClock;
import org.osprey.api.health.HealthResult;
import org.osprey.api.health.HealthStatus;
import org.osprey.api.security.CertificateInfo;
import org.osprey.api.security.CertificateService;

class CertificateHealthCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private final CertificateHealthCheck check = new CertificateHealthCheck(30, new MutableClock(NOW));

    @Test
    void farFromExpiryIsOk() {
        HealthResult result = check.evaluate(endingIn(Duration.ofDays(400)), endingIn(Duration.ofDays(3000)));

        assertThat(result.status()).isEqualTo(HealthStatus.OK);
        assertThat(result.checkId()).isEqualTo("osprey.health.certificates");
        assertThat(result.message()).contains("2027-12-30");
    }

    @Test
    void serverCertificateWithinTheWarningPeriodWarns() {
        HealthResult result = check.evaluate(endingIn(Duration.ofDays(12)), endingIn(Duration.ofDays(3000)));

        assertThat(result.status()).isEqualTo(HealthStatus.WARNING);
        assertThat(result.message()).isEqualTo("Server certificate is about to expire: 2026-12-07, in 12 days");
    }

    @Test
    void authorityWithinTheWarningPeriodWarns() {
        HealthResult result = check.evaluate(endingIn(Duration.ofDays(400)), endingIn(Duration.ofDays(29)));

        assertThat(result.status()).isEqualTo(HealthStatus.WARNING);
        assertThat(result.message()).startsWith("Certificate authority is about to expire");
    }

    @Test
    void expiredCertificateIsCritical() {
        HealthResult result = check.evaluate(endingIn(Duration.ofDays(-1)), endingIn(Duration.ofDays(10)));

        assertThat(result.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(result.message()).isEqualTo("Server certificate has expired on 2026-11-24; "
                + "Certificate authority is about to expire: 2026-12-05, in 10 days");
    }

    @Test
    void expiryAtThisVeryMomentIsCritical() {
        assertThat(check.evaluate(endingIn(Duration.ZERO), endingIn(Duration.ofDays(3000))).status())
                .isEqualTo(HealthStatus.CRITICAL);
    }

    @Test
    void missingAuthorityIsCritical() {
        assertThat(check.check().status()).isEqualTo(HealthStatus.CRITICAL);
    }

    @Test
    void checksTheBoundService() {
        CertificateService service = new CertificateService() {
            @Override
            public CertificateInfo authority() {
                return endingIn(Duration.ofDays(3000));
            }

            @Override
            public CertificateInfo serverCertificate() {
                return endingIn(Duration.ofDays(5));
            }

            @Override
            public String authorityPem() {
                return "";
            }

            @Override
            public CertificateInfo renewServerCertificate() {
                throw new UnsupportedOperationException();
            }

            @Override
            public CertificateInfo importServerCertificate(byte[] pkcs12, char[] password) {
                throw new UnsupportedOperationException();
            }
        };
        check.bindCertificates(service);
        assertThat(check.check().status()).isEqualTo(HealthStatus.WARNING);

        check.unbindCertificates(service);
        assertThat(check.check().status()).isEqualTo(HealthStatus.CRITICAL);
    }

    private static CertificateInfo endingIn(Duration left) {
        return new CertificateInfo("CN=test", "CN=test", "1", NOW.minus(Duration.ofDays(100)), NOW.plus(left),
                "AA", false, List.of());
    }
}
