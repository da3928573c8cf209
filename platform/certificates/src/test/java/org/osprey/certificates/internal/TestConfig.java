package org.osprey.certificates.internal;

import java.lang.annotation.Annotation;
import java.nio.file.Path;

/** A configuration with the defaults of {@link CertificateAuthorityService.Config}, changeable per test. */
final class TestConfig implements CertificateAuthorityService.Config {

    String folder;
    int serverCertificateDays = 1095;
    int expiryWarningDays = 30;
    String hostNames = "localhost";
    String ipAddresses = "127.0.0.1,::1";
    boolean enableHttps = true;
    int httpsPort = 29204;
    int httpPort = 29280;

    TestConfig(Path folder) {
        this.folder = folder.toString();
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return CertificateAuthorityService.Config.class;
    }

    @Override
    public String folder() {
        return folder;
    }

    @Override
    public int serverCertificateDays() {
        return serverCertificateDays;
    }

    @Override
    public int expiryWarningDays() {
        return expiryWarningDays;
    }

    @Override
    public String hostNames() {
        return hostNames;
    }

    @Override
    public String ipAddresses() {
        return ipAddresses;
    }

    @Override
    public boolean enableHttps() {
        return enableHttps;
    }

    @Override
    public int httpsPort() {
        return httpsPort;
    }

    @Override
    public int httpPort() {
        return httpPort;
    }

    @Override
    public boolean allowPlainHttpOnLoopback() {
        return false;
    }
}
